"""Indeed job pages: the viewjob DOM (2023 and 2024+ markup), the search page's expanded job pane, and the
JSON Indeed embeds in scripts (``window._initialData``, ``window.mosaic.providerData``).

The description element is matched by id (``#jobDescriptionText``): the 2023 class ``jobsearch-jobDescriptionText``
was replaced in 2024 by ``jobsearch-JobComponent-description css-...``, the id stayed.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from lxml import etree
from parsel import Selector

from jobcrawl.extract import query
from jobcrawl.extract.common import (
    PageUrls,
    clean,
    description_from_html,
    description_from_node,
    dig,
    element_text,
    find_key,
    first_text,
    json_after,
    location_fields,
    merge,
    page_urls,
    text_nodes,
    with_sources,
)
from jobcrawl.extract.page_index import in_document_order, indexed, page_index
from jobcrawl.normalize.money import first_pay

_JK = re.compile(r"^[0-9a-f]{16}$")
_POSTED = re.compile(
    r"(?:Posted|Active|Employer active|Just posted|Today|\d+\+?\s+days?\s+ago|\d+\s+hours?\s+ago)[^|·]*", re.I
)
_TITLE_SUFFIX = re.compile(r"\s*-\s*job post\s*$", re.I)

DESCRIPTION_ID = "jobDescriptionText"
DESCRIPTION_CSS = f"#{DESCRIPTION_ID}"


def initial_data(root: Selector) -> dict[str, Any] | None:
    for script in query.values(root, '//script[contains(., "_initialData")]/text()', "_initialData"):
        data = json_after(script, "window._initialData")
        if isinstance(data, dict):
            return data
    return None


def mosaic_jobcards(root: Selector) -> list[dict[str, Any]]:
    """Job cards of a search page from ``window.mosaic.providerData["mosaic-provider-jobcards"]``."""
    for script in query.values(root, '//script[contains(., "mosaic-provider-jobcards")]/text()',
                               "mosaic-provider-jobcards"):
        data = json_after(script, 'window.mosaic.providerData["mosaic-provider-jobcards"]')
        results = dig(data, "metaData", "mosaicProviderJobCardsModel", "results")
        if isinstance(results, list):
            return [r for r in results if isinstance(r, dict)]
    return []


def is_indeed(root: Selector, description: Any = None) -> bool:
    """``description``: ``query.by_id(root, DESCRIPTION_ID)`` when the caller already ran it."""
    if (query.by_id(root, DESCRIPTION_ID) if description is None else description):
        return True
    return bool(query.values(root, '//script[contains(., "sanitizedJobDescription")]', "sanitizedJobDescription"))


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
    return with_sources({k: v for k, v in out.items() if v not in (None, "", [], {})}, "indeed.json")


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
    out: dict[str, Any] = {"title": title, "company": company}
    places, arrangement = _header_location(root)
    out.update(location_fields(places))
    out["remote_raw"] = arrangement or header_arrangement(root)
    salary = etype = None
    for node in _metadata_items(root):
        text = element_text(node)
        if not text:
            continue
        text = text.strip(" -")
        if first_pay(text):
            salary = salary or text
        elif re.search(r"time|contract|temporary|intern|permanent|freelance|per diem", text, re.I):
            etype = etype or text
    out["salary_raw"] = salary or first_text(root, '[data-testid*="salary"]', "#salaryGuide li")
    out["employment_type_raw"] = etype
    footer = query.css_elements(root, ".jobsearch-JobMetadataFooter, [data-testid='jobsearch-JobMetadataFooter']")
    if footer:
        for text in (text for el in footer for text in text_nodes(el)):
            match = _POSTED.search(text)
            if match:
                out["date_posted_raw"] = clean(match.group(0))
                break
    out = {k: v for k, v in out.items() if v not in (None, "", [], {})}
    return with_sources(out, "indeed.header", description_text="indeed.description")


def _metadata_items(root: Selector) -> list[etree._Element]:
    """The header's pay and job-type lines: the innermost spans of the salary box (2023), the metadata items
    (2024+), in document order."""
    index = indexed(root)
    if index is None or not index.single_root:
        # "//@class[...]/parent::*" = "//*[contains(@class, ...)]", testing only the elements that have a class
        return [node.root for node in query.union(
            root, (f'id("{_SALARY_BOX_ID}")//span[not(.//span)]', _SALARY_BOX_ID),
            (f'//@class[contains(., "{_METADATA_ITEM}")]/parent::*[not(.//span)]', _METADATA_ITEM))]
    # the same two branches from the page index, query.union's guards kept
    found: list[etree._Element] = []
    box = index.first_with_id(_SALARY_BOX_ID) if query.may_contain(root, _SALARY_BOX_ID) else None
    if box is not None:
        found += [span for span in box.iterdescendants("span") if _holds_no_span(span)]
    if query.may_contain(root, _METADATA_ITEM):
        items = [el for el, value in index.with_attribute("class") if _METADATA_ITEM in value and _holds_no_span(el)]
        found = in_document_order(found + items) if found and items else found + items
    return found


_SALARY_BOX_ID = "salaryInfoAndJobType"
_METADATA_ITEM = "jobsearch-JobMetadataHeader-item"  # a substring of the class attribute, as Indeed writes it


def _holds_no_span(el: etree._Element) -> bool:
    return next(el.iterdescendants("span"), None) is None


# A line of the job header that states the work arrangement and nothing else ("Hybrid work", "Remote",
# "Temporarily remote"), or that opens a location with it ("Hybrid work in Austin, TX", "Remote in Denver, CO").
_ARRANGEMENT_LINE = re.compile(
    r"^((?:fully |temporarily |100% )?remote|hybrid(?: work| remote)?|on-?site|in-person)(?:\s+in\s+.+)?$", re.I
)
_HEADER_CSS = ('[data-testid="jobsearch-CompanyInfoContainer"], .jobsearch-CompanyInfoContainer, '
               '.jobsearch-JobInfoHeader-subtitle, [data-testid="inlineHeader-companyLocation"], '
               '[data-testid="jobsearch-JobInfoHeader-companyLocation"]')


_LOCATION_CSS = (
    '[data-testid="inlineHeader-companyLocation"]',
    '[data-testid="jobsearch-JobInfoHeader-companyLocation"]',
    '[data-testid="job-location"]',
    ".jobsearch-JobInfoHeader-subtitle > div:last-child",
)
_PLACE_LIKE_REMOTE = re.compile(r"(?:fully |100% )?remote", re.I)


def _header_location(root: Selector) -> tuple[list[str], str | None]:
    """(places, work arrangement) of the header's location line. The 2024 header writes "Austin, TX", a separator
    (a bullet or an empty ``role="separator"`` element) and "Hybrid work" / "Remote": its text nodes are read
    apart, so the arrangement never joins the place. "Remote" stays a place too (it is where the job is);
    "Hybrid work" only qualifies the place beside it; "Hybrid work in Austin, TX" stays whole (normalization
    strips the qualifier) and says "Hybrid work"."""
    for css in _LOCATION_CSS:
        for node in query.css_elements(root, css):
            pieces = [clean(p) for t in text_nodes(node) for p in re.split(r"[•·]", t)]
            pieces = [p for p in pieces if p]
            if not pieces:
                continue
            arrangement = None
            place_words: list[str] = []
            places: list[str] = []
            for piece in pieces:
                match = _ARRANGEMENT_LINE.match(piece)
                if match:
                    arrangement = arrangement or match.group(1)
                    if piece != match.group(1) or _PLACE_LIKE_REMOTE.fullmatch(piece):
                        places.append(piece)  # "Remote in Denver, CO" and "Remote" are places
                else:
                    place_words.append(piece)
            joined = clean(" ".join(place_words))
            return ([joined] if joined else []) + places, arrangement
    return [], None


def header_arrangement(root: Selector) -> str | None:
    """The work arrangement Indeed's job header states on a line of its own ("Hybrid work", "Remote")."""
    for container in query.css_elements(root, _HEADER_CSS):
        for text in text_nodes(container):
            match = _ARRANGEMENT_LINE.match(clean(text) or "")
            if match:
                return match.group(1)
    return None


# --- search page with the job pane open ------------------------------------------------------------------------
# Everything outside the pane belongs to other jobs: the cards carry their own company, place and salary, and the
# search page's embedded JSON lists every card. So the pane is read from its own node and from the viewjob
# response Indeed embeds for it, never from the document.

SEARCH_CARD_CSS = "a.jcs-JobTitle, .job_seen_beacon"


def search_pane(root: Selector, description: Any) -> Selector | None:
    """The job pane of a search page: the largest region around the description that holds no result card
    (None on a viewjob page, which has no cards)."""
    cards = query.css(root, SEARCH_CARD_CSS)
    if not cards or not description:
        return None
    around_cards = {el for card in cards for el in card.root.iterancestors()}
    pane = description[0].root
    for ancestor in pane.iterancestors():
        if ancestor in around_cards:
            break
        pane = ancestor
    # a document of the pane alone: XPath "//" and id() queries would otherwise reach the cards again
    document = Selector(text=f"<html><body>{etree.tostring(pane, encoding='unicode', method='html')}</body></html>")
    page_index(document)  # read by the same header queries as a viewjob page
    return document


def pane_response(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The viewjob response Indeed embeds in a search page for the job its pane opened."""
    body = dig(data or {}, "autoOpenTwoPaneViewjobResponse", "body")
    return body if isinstance(body, dict) else None


def _simplified_header(pane: Selector) -> dict[str, Any]:
    """The pane's "simplified" header (2025): title and company under their own test ids and classes."""
    out = {
        "title": first_text(pane, '[data-testid="simpler-jobTitle"]'),
        "company": first_text(pane, ".jobsearch-JobInfoHeader-companyNameSimple"),
    }
    return {k: v for k, v in out.items() if v}


def _job_details(pane: Selector) -> dict[str, Any]:
    """The pane's "Job details" box: its Pay and Job type groups. Each value is a tile whose data-testid is the
    value plus "-tile"; its text also holds screen-reader words ("missing preference")."""
    out: dict[str, Any] = {}
    for label, name in (("Pay", "salary_raw"), ("Job type", "employment_type_raw")):
        tiles = query.css(pane, f'#jobDetailsSection [role="group"][aria-label="{label}"] [data-testid$="-tile"]')
        value = clean(tiles.attrib.get("data-testid", "").removesuffix("-tile")) if tiles else None
        if value:
            out[name] = value
    return out


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
    node = query.by_id(root, DESCRIPTION_ID) if description is None else description
    pane = search_pane(root, node)
    if pane is not None:
        # a search page: only the pane's own response and node describe its job
        # (a viewjob page's own data has jobInfoWrapperModel; a search page's lists every card)
        own = pane_response(data) or (data if data and "jobInfoWrapperModel" in data else None)
        json_part = _json_fields(own)
        dom_part = {**_simplified_header(pane), **_job_details(pane), **_dom_fields(pane)}
    else:
        json_part = _json_fields(data)
        dom_part = _dom_fields(root)
    declared_urls = declared_urls or page_urls(root)
    canonical, og_url = declared_urls.first_canonical_href, declared_urls.og_url
    jk = jk_from_url(canonical) or jk_from_url(og_url) or json_part.get("external_id") or jk_from_url(url)
    jk = jk or _selected_card_jk(root)
    extractor = "indeed"
    desc: dict[str, Any] = {}
    if node:
        desc = with_sources(description_from_node(node[0]), "indeed.description")
    if not desc and json_part.get("_description_html"):
        desc = with_sources(description_from_html(json_part["_description_html"]), "indeed.json")
        extractor = "indeed-json" if not node else extractor
    json_part.pop("_description_html", None)
    if not node:
        extractor = "indeed-json"
    base = dom_part if extractor == "indeed" else {}
    merged = merge(desc, base, json_part, dom_part)
    if jk:
        merged["external_id"] = jk
        merged.setdefault("field_sources", {})["external_id"] = "indeed.jk"
        host = urlsplit(canonical or og_url or url).hostname or "www.indeed.com"
        if canonical and jk_from_url(canonical):
            merged["canonical_url"] = canonical
        else:
            merged["canonical_url"] = f"https://{host}/viewjob?jk={jk}"
    return extractor, merged
