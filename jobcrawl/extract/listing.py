"""Listing and search pages: links to postings and pagination links (absolute, deduplicated, in page order)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from jobcrawl.extract import query
from jobcrawl.extract.indeed import mosaic_jobcards

_JK = re.compile(r"^[0-9a-f]{16}$")
_POSTING_PATH = re.compile(r"/viewjob\b|/job/[^/?#]+|/jobs/(?:view/)?[\w-]*\d[\w-]*(?:/[\w-]+)?/?(?:$|[?#])|/positions?/\d+|/postings?/[\w-]+", re.I)
_NOT_POSTING = re.compile(r"/jobs/(?:search|results|category|categories|location|locations)\b", re.I)
PAGINATION_CSS = (
    'a[rel~="next"]',
    'link[rel~="next"]',
    'a[data-testid="pagination-page-next"]',
    'nav.pagination a',
    '.pagination a',
    'nav[aria-label*="agination"] a',
)
_ANY_PAGINATION = ", ".join(PAGINATION_CSS)
_NEXT_TEXT = re.compile(r"^\s*(?:next|next page|›|»|>|→|more jobs)\s*$", re.I)


_BASE_TAG = query.Folded("<base")


def _base(root: Selector, url: str) -> str:
    base = next(iter(query.values(root, "//base/@href", _BASE_TAG)), None)
    return urljoin(url, base) if base else url


def _add(out: list[str], seen: set[str], url: str) -> None:
    url = url.split("#", 1)[0]
    if url and url not in seen and url.startswith(("http://", "https://", "file://")):
        seen.add(url)
        out.append(url)


def indeed_job_url(url: str, jk: str) -> str:
    """The viewjob page of job key ``jk`` on the site of the page ``url`` (its scheme, host and port: a board
    served from http://127.0.0.1:8080 links to its own pages); a saved page (file://) links to Indeed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"https://www.indeed.com/viewjob?jk={jk}"
    return f"{parts.scheme}://{parts.netloc}/viewjob?jk={jk}"


def posting_links(root: Selector, url: str, strict: bool = False, search_cards_only: bool = False) -> list[str]:
    """Posting links: job cards first (a.job-link, Indeed data-jk cards), then URL-shaped links unless strict.

    ``search_cards_only`` keeps only Indeed search-result cards: a viewjob page's "similar jobs" widgets
    also carry data-jk, and following them would spread a crawl over the whole board.
    """
    base = _base(root, url)
    out: list[str] = []
    seen: set[str] = set()
    if not search_cards_only:
        for href in query.css(root, "a.job-link::attr(href), a[data-job-link]::attr(href)").getall():
            _add(out, seen, urljoin(base, href.strip()))
    card_query = "a.jcs-JobTitle::attr(data-jk)" if search_cards_only else (
        "a.jcs-JobTitle::attr(data-jk), [data-jk]::attr(data-jk)")
    for jk in query.css(root, card_query).getall():
        jk = jk.strip()
        if _JK.match(jk):
            _add(out, seen, indeed_job_url(url, jk))
    for card in mosaic_jobcards(root):
        jk = str(card.get("jobkey") or "")
        if _JK.match(jk):
            _add(out, seen, indeed_job_url(url, jk))
    if strict or out:
        return out
    for href in root.root.xpath("//body//a/@href"):
        href = str(href).strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        absolute = urljoin(base, href)
        path = urlsplit(absolute).path + ("?" + urlsplit(absolute).query if urlsplit(absolute).query else "")
        if _POSTING_PATH.search(path) and not _NOT_POSTING.search(path):
            if "/viewjob" in path:
                jk = re.search(r"[?&]jk=([0-9a-f]{16})", path)
                if jk:
                    absolute = indeed_job_url(url, jk.group(1))
            _add(out, seen, absolute)
    return out


def next_pages(root: Selector, url: str) -> list[str]:
    """Pagination: rel=next, Indeed's next button, or the "Next" link of a pagination nav."""
    # One query over the document first: most posting pages have no pagination at all, and each of the
    # seven queries below walks the whole tree (~0.1 ms apiece on a 10 KB page).
    if not query.css(root, _ANY_PAGINATION):
        return []
    base = _base(root, url)
    out: list[str] = []
    seen: set[str] = {url.split("#", 1)[0]}
    for selector in PAGINATION_CSS[:3]:
        for href in query.css(root, f"{selector}::attr(href)").getall():
            _add(out, seen, urljoin(base, href.strip()))
    if out:
        return out
    for selector in PAGINATION_CSS[3:]:
        links = query.css(root, selector)
        for link in links:
            text = " ".join(link.css("::text").getall())
            label = link.attrib.get("aria-label", "")
            if _NEXT_TEXT.match(text) or re.search(r"\bnext\b", label, re.I):
                _add(out, seen, urljoin(base, link.attrib.get("href", "").strip()))
        if out:
            return out
    return out


_EMPTY = re.compile(
    r"no (?:matching )?(?:jobs|results|positions|openings|vacancies)(?: were)? found|did not match any jobs|"
    r"0 (?:jobs|results)\b|no open (?:positions|roles|jobs)|there are (?:currently )?no (?:open )?(?:positions|jobs|openings)"
    r"|we couldn.t find any (?:jobs|results)|no current openings",
    re.I,
)


def looks_empty_listing(text: str, url: str) -> bool:
    """``text``: the page's visible text."""
    if _EMPTY.search(text):
        return True
    path = urlsplit(url)
    listing_url = re.search(r"/(?:jobs|careers|search|positions|openings)\b", path.path, re.I) and (
        re.search(r"(?:^|&)(?:q|query|keywords?|l|location|search|page|start)=", path.query)
    )
    return bool(listing_url) and len(text) < 4000
