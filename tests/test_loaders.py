"""build_posting applies JobPostingLoader's processors directly: the item must be the one the loader builds."""

from __future__ import annotations

from typing import Any

import pytest

from jobcrawl.items import JobPosting, Section, StatedSalary
from jobcrawl.loaders import JobPostingLoader, build_posting


def _through_loader(url: str, extractor: str, values: dict[str, Any], fetched_at: str | None) -> JobPosting:
    loader = JobPostingLoader(item=JobPosting(url=url, extractor=extractor, fetched_at=fetched_at))
    for name, value in values.items():
        if name not in ("url", "extractor", "fetched_at") and value not in (None, "", [], {}) \
                and hasattr(JobPosting(url="", extractor=""), name):
            loader.add_value(name, value)
    return loader.load_item()


CASES = [
    {"title": "  Senior\n  Engineer ", "company": "Acme\u00a0Corp", "location_raw": " Austin,  TX "},
    {"title": ["", "  ", "First", "Second"], "salary_raw": "\t$10 \n- $20 "},
    {"locations_raw": ["Austin, TX", " Austin,  TX", "Denver, CO", ""], "remote_raw": "   "},
    {"locations_structured": [{"locality": "Austin"}, {"locality": "Austin"}, {"locality": "Paris"}]},
    {"description_html": "  <p>x</p>\n", "description_text": "Line one\n\n\n\nLine   two  \n"},
    {"sections": [Section(position=0, heading=None, kind="other", text="t", html="<p>t</p>")]},
    {"salary_structured": StatedSalary(min=1.0, max=2.0, currency="USD", unit="YEAR")},
    {"field_sources": {"title": "h1", "company": "og:site_name"}, "title": "T"},
    {"external_id": 12345, "unknown_key": "ignored", "url": "http://other", "extractor": "other"},
    {"title": None, "company": "", "locations_raw": [], "field_sources": {}},
]


@pytest.mark.parametrize("values", CASES)
def test_build_posting_gives_what_the_item_loader_gives(values: dict[str, Any]) -> None:
    built = build_posting("http://example.test/job/1", "generic", dict(values), "2026-01-02T03:04:05Z")
    loaded = _through_loader("http://example.test/job/1", "generic", dict(values), "2026-01-02T03:04:05Z")
    assert built == loaded


def test_build_posting_cleans_whitespace_and_keeps_the_given_identity() -> None:
    posting = build_posting("http://a.test/1", "jsonld", {"title": " A \n B ", "url": "http://b.test", "company": "  "})
    assert (posting.url, posting.extractor, posting.title, posting.company) == ("http://a.test/1", "jsonld", "A B", None)
