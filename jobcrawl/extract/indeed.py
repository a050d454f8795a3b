"""Indeed job pages: the viewjob DOM (2023 and 2024+ markup), the search page's expanded job pane, and the
JSON Indeed embeds in scripts (``window._initialData``, ``window.mosaic.providerData``).

The description element is matched by id (``#jobDescriptionText``): the 2023 class ``jobsearch-jobDescriptionText``
was replaced in 2024 by ``jobsearch-JobComponent-description css-...``, the id stayed.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from parsel import Selector

from jobcrawl.extract import query
from jobcrawl.extract.common import (
    PageUrls,
    clean,
    description_from_html,
    description_from_node,
    dig,
    find_key,
    first_text,
    json_after,
    location_fields,
    node_text,
    page_urls,
)
from jobcrawl.normalize.money import first_pay

_JK = re.compile(r"^[0-9a-f]{16}$")
_POSTED = re.compile(
    r"(?:Posted|Active|Employer active|Just posted|Today|\d+\+?\s+days?\s+ago|\d+\s+hours?\s+ago)[^|·]*", re.I
)
_TITLE_SUFFIX = re.compile(r"\s*-\s*job post\s*$", re.I)

DESCRIPTION_ID = "jobDescriptionText"
DESCRIPTION_CSS = f"#{DESCRIPTION_ID}"


def initial_data(root: Selector) -> dict[str, Any] | None:
    for script in query.xpath(root, '//script[contains(., "_initialData")]/text()', "_initialData").getall():
        data = json_after(script, "window._initialData")
        if isinstance(data, dict):
            return data
    return None


def mosaic_jobcards(root: Selector) -> list[dict[str, Any]]:
    """Job cards of a search page from ``window.mosaic.providerData["mosaic-provider-jobcards"]``."""
    for script in query.xpath(root, '//script[contains(., "mosaic-provider-jobcards")]/text()',
                              "mosaic-provider-jobcards").getall():
        data = json_after(script, 'window.mosaic.providerData["mosaic-provider-jobcards"]')
        results = dig(data, "metaData", "mosaicProviderJobCardsModel", "results")
        if isinstance(results, list):
            return [r for r in results if isinstance(r, dict)]
    return []


def is_indeed(root: Selector, description: Any = None) -> bool:
    """``description``: ``query.by_id(root, DESCRIPTION_ID)`` when the caller already ran it."""
    if (query.by_id(root, DESCRIPTION_ID) if description is None else description):
        return True
    return bool(query.xpath(root, '//script[contains(., "sanitizedJobDescription")]', "sanitizedJobDescription"))


def jk_from_url(url: str | None) -> str | None:
    if not url:
        return None
    params = parse_qs(urlsplit(url).query)
    for key in ("jk", "vjk"):
        value = (params.get(key) or [None])[0]
        if value and _JK.match(value):
            return value
    return None


def _json_fields(data: dict[str, Any] | None) -> dict[str, Any]:
    if not data:
        return {}
    info = dig(data, "jobInfoWrapperModel", "jobInfoModel") or {}
    header = info.get("jobInfoHeaderModel") or {}
    out: dict[str, Any] = {
        "title": clean(header.get("jobTitle")) or clean(data.get("jobTitle")),
        "company": clean(header.get("companyName")) or clean(find_key(data, "companyName")),
        "external_id": clean(data.get("jobKey")) or clean(find_key(data, "jobKey")),
        "date_posted_raw": clean(dig(data, "hiringInsightsModel", "age"))
        or clean(dig(data, "jobMetadataFooterModel", "age")),
        "remote_raw": clean(dig(header, "remoteWorkModel", "text")),
        "employment_type_raw": clean(dig(info, "jobMetadataHeaderModel", "jobType")),
        "salary_raw": clean(dig(data, "salaryInfoModel", "salaryText"))
        or clean(dig(info, "jobDescriptionSectionModel", "jobDetailsSection", "salaryInfoModel", "salaryText")),
    }
    out.update(location_fields([header.get("formattedLocation") or data.get("jobLocation")]))
    desc = info.get("sanitizedJobDescription")
    if isinstance(desc, dict):
        desc = desc.get("content")
    if isinstance(desc, str):
        out["_description_html"] = desc
    return {k: v for k, v in out.items() if v not in (None, "", [], {})}


def _dom_fields(root: Selector) -> dict[str, Any]:
    title = first_text(
        root,
        '[data-testid="jobsearch-JobInfoHeader-title"]',
        "h1.jobsearch-JobInfoHeader-title",
        ".jobsearch-JobInfoHeader-title",
        "h2.jobsearch-JobInfoHeader-title",
    )
    if title:
        title = _TITLE_SUFFIX.sub("", title)
    company = first_text(
        root,
        '[data-testid="inlineHeader-companyName"]',
        '[data-testid="jobsearch-CompanyInfoContainer"] [data-company-name]',
        "[data-company-name]",
        ".jobsearch-InlineCompanyRating > div:first-child",
        ".jobsearch-CompanyInfoContainer a",
    )
    location = first_text(
        root,
        '[data-testid="inlineHeader-companyLocation"]',
        '[data-testid="jobsearch-JobInfoHeader-companyLocation"]',
        '[data-testid="job-location"]',
        ".jobsearch-JobInfoHeader-subtitle > div:last-child",
    )
    out: dict[str, Any] = {"title": title, "company": company}
    if location:
        # the 2024 header shows "Austin, TX•Remote"
        parts = [p.strip() for p in re.split(r"[•·]", location) if p.strip()]
        remote = [p for p in parts if re.search(r"\bremote\b", p, re.I)]
        places = [p for p in parts if p not in remote] or parts
        out.update(location_fields(places))
        if remote:
            out["remote_raw"] = remote[0]
    salary = etype = None
    # "//@class[...]/parent::*" = "//*[contains(@class, ...)]", testing only the elements that have a class
    for node in query.union(root, ('id("salaryInfoAndJobType")//span[not(.//span)]', "salaryInfoAndJobType"),
                            ('//@class[contains(., "jobsearch-JobMetadataHeader-item")]/parent::*[not(.//span)]',
                             "jobsearch-JobMetadataHeader-item")):
        text = node_text(node)
        if not text:
            continue
        text = text.strip(" -")
        if first_pay(text):
            salary = salary or text
        elif re.search(r"time|contract|temporary|intern|permanent|freelance|per diem", text, re.I):
            etype = etype or text
    out["salary_raw"] = salary or first_text(root, '[data-testid*="salary"]', "#salaryGuide li")
    out["employment_type_raw"] = etype
    footer = query.css(root, ".jobsearch-JobMetadataFooter, [data-testid='jobsearch-JobMetadataFooter']")
    if footer:
        for text in footer.xpath(".//text()[not(ancestor::style) and not(ancestor::script)]").getall():
            match = _POSTED.search(text)
            if match:
                out["date_posted_raw"] = clean(match.group(0))
                break
    return {k: v for k, v in out.items() if v not in (None, "", [], {})}


def _selected_card_jk(root: Selector) -> str | None:
    for selector in (".vjs-highlight [data-jk]", "[aria-current='true'] [data-jk]", ".jobsearch-ResultsList .selected [data-jk]"):
        cards = query.css(root, selector)
        jk = cards.attrib.get("data-jk") if cards else None
        if jk:
            return jk
    return None


def extract(root: Selector, url: str, description: Any = None,
            declared_urls: PageUrls | None = None) -> tuple[str, dict[str, Any]]:
    """(extractor name, partial fields) for an Indeed page; ``description`` as in :func:`is_indeed`,
    ``declared_urls``: ``page_urls(root)`` when the caller already read them."""
    data = initial_data(root)
    json_part = _json_fields(data)
    dom_part = _dom_fields(root)
    declared_urls = declared_urls or page_urls(root)
    canonical, og_url = declared_urls.first_canonical_href, declared_urls.og_url
    jk = jk_from_url(canonical) or jk_from_url(og_url) or json_part.get("external_id") or jk_from_url(url)
    jk = jk or _selected_card_jk(root)
    node = query.by_id(root, DESCRIPTION_ID) if description is None else description
    extractor = "indeed"
    desc: dict[str, Any] = {}
    if node:
        desc = description_from_node(node[0])
    if not desc and json_part.get("_description_html"):
        desc = description_from_html(json_part["_description_html"])
        extractor = "indeed-json" if not node else extractor
    json_part.pop("_description_html", None)
    if not node:
        extractor = "indeed-json"
    base = dom_part if extractor == "indeed" else {}
    merged: dict[str, Any] = {}
    for part in (base, json_part, dom_part):
        for key, value in part.items():
            merged.setdefault(key, value)
    merged.update({k: v for k, v in desc.items()})
    if jk:
        merged["external_id"] = jk
        host = urlsplit(canonical or og_url or url).hostname or "www.indeed.com"
        if canonical and jk_from_url(canonical):
            merged["canonical_url"] = canonical
        else:
            merged["canonical_url"] = f"https://{host}/viewjob?jk={jk}"
    merged["source"] = "indeed"
    return extractor, merged
