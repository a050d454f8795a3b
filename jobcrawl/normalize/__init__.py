"""Normalization of extracted postings: pure functions, one module per concern.

- :mod:`.text`        collapse_spaces, tidy_block_text, clean_text, clean_inline, content_hash (the one
                      whitespace owner)
- :mod:`.salary`      parse_salary, currency_for_url, annualize
- :mod:`.employment`  normalize_employment_type, primary_employment_type
- :mod:`.remote`      normalize_remote
- :mod:`.location`    parse_location, split_locations
- :mod:`.dates`       parse_date
- :mod:`.company`     strip_page_decorations, clean_company, company_key
- :mod:`.html`        sanitize_html, html_to_text
- :mod:`.markdown`    html_to_markdown

:func:`normalize_posting` puts them together for one :class:`~jobcrawl.items.JobPosting` and returns its
:class:`~jobcrawl.items.NormalizedPosting`. It never raises: a field that can't be read is ``None`` (the raw value stays on the item).
"""

from __future__ import annotations

import logging
import re
from typing import Any, Callable, TypeVar

from jobcrawl.items import NormalizedPosting

from .company import clean_company, company_key
from .dates import parse_date
from .employment import normalize_employment_type, primary_employment_type
from .html import html_to_text, sanitize_html
from .location import Location, parse_location, split_locations
from .markdown import html_to_markdown
from .remote import normalize_remote
from .salary import Salary, annualize, currency_for_url, parse_salary
from .text import clean_inline, clean_text, content_hash

__all__ = [
    "Location", "Salary", "annualize", "clean_company", "clean_inline", "clean_text", "company_key", "content_hash",
    "currency_for_url", "date_order_for_url", "html_to_markdown", "html_to_text", "normalize_employment_type",
    "normalize_posting", "normalize_remote", "parse_date", "parse_location", "parse_salary",
    "primary_employment_type", "sanitize_html", "split_locations",
]

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Remote/hybrid only as a delimited part of a title: "Engineer (Remote, UK)", "Engineer | Remote | Australia",
# not "Remote Sensing Scientist".
_TITLE_ARRANGEMENT = re.compile(
    r"(?:^|[(\[|,/–—-])\s*((?:fully\s+)?remote|hybrid)\s*(?:$|[)\]|,/–—-])", re.IGNORECASE
)


def date_order_for_url(url: str | None) -> str:
    """"MDY" for US (and unknown) sites, "YMD" for Japanese, "DMY" for the other national sites we know."""
    return _date_order_for_currency(currency_for_url(url))


def _date_order_for_currency(cur: str | None) -> str:
    if cur in (None, "USD", "CAD"):
        return "MDY"
    if cur in ("JPY", "KRW", "CNY", "TWD"):
        return "YMD"
    return "DMY"


def _get(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def _safe(fn: Callable[[], T], default: T, field: str) -> T:
    try:
        return fn()
    except Exception:  # noqa: BLE001 - one bad field must not lose the posting
        logger.debug("normalize: %s failed", field, exc_info=True)
        return default


def _str_or_none(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def _list(v: Any) -> list:
    if isinstance(v, (list, tuple)):
        return list(v)
    return [v] if isinstance(v, (str, dict)) else []


def _locations(item: Any) -> list[Location]:
    structured = [d for d in _list(_get(item, "locations_structured")) if isinstance(d, dict)]
    raws = [r for r in _list(_get(item, "locations_raw")) if isinstance(r, str) and r.strip()]
    if not raws:
        raws = [_str_or_none(_get(item, "location_raw")) or ""]
    # one shown string may hold several locations ("San Francisco, CA or Remote (US)")
    raws = [part for r in raws for part in split_locations(r)]
    if structured and len(structured) == len(raws):
        return [parse_location(r, d) for r, d in zip(raws, structured)]
    out = [parse_location(None, d) for d in structured]
    for r in raws:
        # a shown location that a structured one already covers lends it its text
        key = r.casefold()
        for i, loc in enumerate(out):
            if loc.raw is None and loc.city and loc.city.casefold() in key:
                out[i] = Location(parse_location(r).raw, loc.city, loc.region, loc.country)
                break
        else:
            out.append(parse_location(r))
    return out


def normalize_posting(item: Any, *, date_order: str | None = None) -> NormalizedPosting:
    """All normalized columns for one posting (a JobPosting or a dict with the same keys); the identity keys
    stay None (the identity pipeline sets them)."""
    url = _str_or_none(_get(item, "canonical_url")) or _str_or_none(_get(item, "url"))
    title = _safe(lambda: clean_inline(_str_or_none(_get(item, "title"))), None, "title")
    company = _safe(lambda: clean_company(_str_or_none(_get(item, "company"))), None, "company")
    out: dict[str, Any] = {}
    out["title"] = title
    out["company"] = company
    out["company_key"] = _safe(lambda: company_key(company), None, "company_key")

    # location
    location_raw = _safe(lambda: clean_inline(_str_or_none(_get(item, "location_raw"))), None, "location_raw")
    raws = [r for r in _list(_get(item, "locations_raw")) if isinstance(r, str)]
    if location_raw is None and raws:
        location_raw = _safe(lambda: clean_inline(" | ".join(raws)), None, "location_raw")
    out["location_raw"] = location_raw
    locations = _safe(lambda: _locations(item), [], "locations")
    out["locations"] = [loc.as_dict() for loc in locations]
    primary = next((loc for loc in locations if loc.city or loc.country), locations[0] if locations else None)
    if primary is not None:
        out["city"], out["region"], out["country"] = primary.city, primary.region, primary.country

    # remote: explicit field first, then the location texts, then a delimited word in the title
    def remote() -> str | None:
        title_hint = None
        if title:
            m = _TITLE_ARRANGEMENT.search(title)
            title_hint = m.group(1) if m else None
        return normalize_remote(_get(item, "remote_raw"), location_raw, raws, title_hint)

    out["remote"] = _safe(remote, None, "remote")

    # the site's currency, looked up once for the date order and the salary (urlsplit is not free)
    try:
        currency: str | None = currency_for_url(url)
        currency_known = True
    except Exception:  # noqa: BLE001 - as before: date order "MDY", salary unknown
        logger.debug("normalize: currency failed", exc_info=True)
        currency, currency_known = None, False

    # dates
    fetched_at = _get(item, "fetched_at")
    order = date_order or (_date_order_for_currency(currency) if currency_known else "MDY")
    out["date_posted"] = parse_date(_get(item, "date_posted_raw"), fetched_at, date_order=order)
    out["valid_through"] = parse_date(_get(item, "valid_through_raw"), fetched_at, date_order=order)

    # salary
    salary = Salary()
    if currency_known:
        salary = _safe(
            lambda: parse_salary(
                _get(item, "salary_raw"), _get(item, "salary_structured"), default_currency=currency
            ),
            Salary(),
            "salary",
        )
    out["salary_min"], out["salary_max"] = salary.min, salary.max
    out["salary_currency"], out["salary_period"] = salary.currency, salary.period
    out["salary_source"] = salary.source

    out["employment_type"] = primary_employment_type(_get(item, "employment_type_raw"))

    # description
    html = _safe(
        lambda: sanitize_html(_str_or_none(_get(item, "description_html")), base_url=url), None, "description_html"
    )
    out["description_html"] = html
    text = _safe(lambda: clean_text(_str_or_none(_get(item, "description_text"))), None, "description_text")
    if text is None and html is not None:
        text = _safe(lambda: html_to_text(html, sanitized=True), None, "description_text")
    out["description_text"] = text
    out["description_markdown"] = _safe(lambda: html_to_markdown(html), None, "description_markdown")
    fallback = " ".join(p for p in (title, company) if p)
    out["content_hash"] = _safe(lambda: content_hash(text) or content_hash(fallback), None, "content_hash")
    return NormalizedPosting(**out)
