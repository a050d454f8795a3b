"""Replay every saved page under fixtures/pages offline and compare with its expected.json, field by field.

Each page goes through the crawl's own path (jobcrawl.fixtures.run_case): the spider's ``parse``, then the
normalize, dedupe and store pipelines (a fresh SQLite file per case); the rows stored and the URLs the spider
schedules are compared too. After an intended change of
extraction or normalization, regenerate with ``python -m jobcrawl.fixtures rewrite`` and review the diff
(``git add fixtures/pages && git diff --cached fixtures/pages``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from jobcrawl.extract import ats
from jobcrawl.fixtures import PAGES_DIR, CaseExists, case_dirs, record, run_case
from jobcrawl.sources import FAMILY_EXTRACTORS

CASES = case_dirs()


def _params():
    params = []
    for case_dir in CASES:
        expected_path = case_dir / "expected.json"
        if not expected_path.exists():
            params.append(pytest.param(case_dir, None, None, id=f"{case_dir.name}-missing-expected"))
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        for key in ("problems", "requests", "stored"):
            params.append(pytest.param(case_dir, key, None, id=f"{case_dir.name}-{key}"))
        params.append(pytest.param(case_dir, "postings", "count", id=f"{case_dir.name}-postings-count"))
        for index, posting in enumerate(expected["postings"]):
            for field in sorted(posting):
                params.append(pytest.param(case_dir, "postings", (index, field),
                                           id=f"{case_dir.name}-{index}-{field}"))
    return params


_cache: dict = {}


def _actual(case_dir):
    if case_dir not in _cache:
        _cache[case_dir] = json.loads(json.dumps(run_case(case_dir), default=str))
    return _cache[case_dir]


# Extractors no fixture case replays, each with the tests that read its pages instead. Every other extractor
# needs a case: a new extractor means a new case here or an entry in this table.
REPLAYED_ELSEWHERE = {
    "linkedin": "tests/test_extract_boards.py (an inline top card)",
    "seek": "tests/test_extract_boards.py (an inline job detail)",
    **{family: "tests/test_extract_ats_families.py (recorded API answers), tests/test_crawl_ats.py"
       for family in ats.FAMILIES},
}
# Pages without a posting that the dispatcher recognizes before any extractor runs.
PAGE_PROBLEMS = {"bot-check", "login-wall", "empty-listing"}


def _expected_of_every_case() -> list[dict]:
    return [json.loads((case_dir / "expected.json").read_text(encoding="utf-8"))
            for case_dir in CASES if (case_dir / "expected.json").exists()]


def test_every_extractor_has_a_fixture_case():
    extractors = set(FAMILY_EXTRACTORS) | {"jsonld", "microdata", "generic"}
    replayed = {posting["extractor"] for expected in _expected_of_every_case() for posting in expected["postings"]}
    assert replayed <= extractors, f"fixture cases name extractors the code does not have: {replayed - extractors}"
    assert not extractors - replayed - set(REPLAYED_ELSEWHERE), "extractors with no fixture case"
    assert not replayed & set(REPLAYED_ELSEWHERE), "replayed now: drop these from REPLAYED_ELSEWHERE"


def test_every_page_problem_has_a_fixture_case():
    reasons = {problem["reason"] for expected in _expected_of_every_case() for problem in expected["problems"]}
    assert PAGE_PROBLEMS <= reasons


@pytest.mark.parametrize("case_dir,key,field", _params())
def test_replay(case_dir, key, field):
    if key is None:
        pytest.fail(f"{case_dir.name} has no expected.json: run python -m jobcrawl.fixtures rewrite {case_dir.name}")
    expected = json.loads((case_dir / "expected.json").read_text(encoding="utf-8"))
    actual = _actual(case_dir)
    if key != "postings":
        assert actual[key] == expected[key]
    elif field == "count":
        assert len(actual["postings"]) == len(expected["postings"])
    else:
        index, name = field
        assert actual["postings"][index][name] == expected["postings"][index][name]


def test_sitemap_replay_schedules_what_the_spider_follows():
    """The sitemap lists 4 URLs; the spider follows the 3 matching its sitemap pattern, tracking removed."""
    requests = _actual(PAGES_DIR / "sitemap")["requests"]
    assert requests == [
        "https://careers.brightharborbank.com/jobs/4417-branch-operations-manager",
        "https://careers.brightharborbank.com/jobs/4420-mortgage-loan-officer",
        "https://careers.brightharborbank.com/jobs/4426-teller-part-time?lang=en",
    ]


def test_replayed_postings_are_what_the_store_receives_and_writes():
    replay = _actual(PAGES_DIR / "greenhouse-api")
    posting = replay["postings"][0]
    assert posting["normalized"]["posting_key"] == f"greenhouse:{posting['external_id']}"
    assert posting["normalized"]["content_hash"]
    assert [row["url"] for row in replay["stored"]] == [p["url"] for p in replay["postings"]]


def test_record_refuses_to_replace_a_case_without_force(tmp_path):
    page = tmp_path / "saved.html"
    page.write_text("<html><head><title>Old</title></head><body><h1>Old</h1></body></html>", encoding="utf-8")
    record(str(page), "case", url="https://example.com/jobs/1", pages_dir=tmp_path / "pages")
    before = (tmp_path / "pages" / "case" / "meta.json").read_text(encoding="utf-8")
    page.write_text("<html><body><h1>New</h1></body></html>", encoding="utf-8")
    with pytest.raises(CaseExists):
        record(str(page), "case", url="https://example.com/jobs/2", pages_dir=tmp_path / "pages")
    assert (tmp_path / "pages" / "case" / "meta.json").read_text(encoding="utf-8") == before
    record(str(page), "case", url="https://example.com/jobs/2", pages_dir=tmp_path / "pages", force=True)
    assert "jobs/2" in (tmp_path / "pages" / "case" / "meta.json").read_text(encoding="utf-8")


def test_savefixture_command_refuses_an_existing_case():
    case = PAGES_DIR / "sitemap"
    before = {p.name: p.read_bytes() for p in case.iterdir()}
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    proc = subprocess.run([scrapy, "savefixture", str(case / "page.xml"), "sitemap"], cwd=ROOT,
                          env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "--force" in proc.stderr, proc.stderr
    assert {p.name: p.read_bytes() for p in case.iterdir()} == before
