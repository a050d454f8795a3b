"""Extraction: pure functions from a response to postings, problems and links to follow.

``extract_page`` picks the page kind from the response's *content*, never its host, so a saved page replays
exactly as it did live:

1. JSON body: an ATS job-board API response, recognized by shape (``ats_api`` for Greenhouse, Lever, Ashby;
   the ``ats`` package for Workday, SmartRecruiters, Workable, Recruitee, BambooHR, Breezy). A board response
   may ask for follow-up requests (more pages, detail responses): ``PageExtraction.requests``.
   Personio's XML feed is recognized by its root element.
2. Sitemap XML (``<urlset>`` → ``follow``; ``<sitemapindex>`` → ``next_pages``, the child sitemaps); a
   robots.txt → ``next_pages``, the sitemaps its ``Sitemap:`` lines name.
3. HTML, parsed once (``response.selector``) and shared by every extractor:
   Indeed (``#jobDescriptionText`` or Indeed's embedded JSON; on a search page only its open pane) → job boards
   recognized by markup (LinkedIn, SEEK) → schema.org JSON-LD JobPosting → microdata → result cards of any markup
   (``pagekind``: a pane beside them that shows one card's job is that posting; otherwise the cards are links to
   follow, never one posting) → listing pages → generic career page. Links back to the page itself and lists
   under a "Related jobs" heading do not make a posting page a listing.
   JSON-LD fills fields the DOM extractors miss, and the generic DOM reader fills fields JSON-LD/microdata miss.
4. Pages that carry no posting become a ``PageProblem``: bot-check, login-wall, empty-listing, no-posting (and
   no-title for a posting body without a title). Unparseable JSON-LD adds a broken-jsonld problem while the
   DOM is still read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import TextResponse

from jobcrawl.extract import (
    ats_api,
    boards,
    generic,
    indeed,
    jsonld,
    listing,
    microdata,
    pagekind,
    query,
    snapshot,
)
from jobcrawl.extract.common import SOURCES, PageUrls, merge, node_text, page_urls
from jobcrawl.extract.page_index import page_index
from jobcrawl.extract.pay import settle_salary
from jobcrawl.extract.sitemap import (
    looks_like_robots_txt,
    looks_like_sitemap,
    parse_sitemap,
    sitemaps_from_robots_txt,
)
from jobcrawl.items import SOURCED_FIELDS, BoardSnapshot, JobPosting, PageProblem
from jobcrawl.loaders import build_posting
from jobcrawl.sources import source_of

__all__ = ["FollowRequest", "PageExtraction", "extract_page"]


@dataclass
class FollowRequest:
    """A request extraction asks the spider for (an ATS board's next page or detail response), which may be a
    POST; the spider schedules it through the same politeness as any other request."""

    url: str
    method: str = "GET"
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    api: bool = True  # the answer should be JSON/XML; HTML there means a changed or moved board
    # the posting as the board's list showed it; the response to this request completes it (and it is kept
    # as it is when that response fails)
    listed: JobPosting | None = None


@dataclass
class PageExtraction:
    postings: list[JobPosting] = field(default_factory=list)
    problems: list[PageProblem] = field(default_factory=list)
    follow: list[str] = field(default_factory=list)  # posting links found on a listing/search page (absolute)
    next_pages: list[str] = field(default_factory=list)  # pagination links (absolute)
    from_sitemap: bool = False  # links came from a sitemap: the spider filters them by its URL pattern
    requests: list[FollowRequest] = field(default_factory=list)  # ATS follow-ups (pages, details)
    board: BoardSnapshot | None = None  # the response listed a whole ATS board (jobcrawl.extract.snapshot)


# Imported after FollowRequest and PageExtraction, which jobcrawl.extract.ats and .closed import from this package.
from jobcrawl.extract import ats, closed  # noqa: E402

_BOT_TITLE = re.compile(
    r"just a moment|attention required|access denied|are you a (?:robot|human)|security check|captcha|"
    r"verify(?:ing)? you are (?:a )?human|bot detection|request unsuccessful|pardon our interruption",
    re.IGNORECASE,
)
_BOT_TEXT = re.compile(
    r"verify (?:that )?you are (?:a )?human|checking (?:if the site connection is secure|your browser)|"
    r"enable javascript and cookies to continue|complete the (?:security check|captcha)|unusual traffic|"
    r"are you a robot|press (?:&|and) hold",
    re.IGNORECASE,
)
_BOT_MARKUP = (
    "#challenge-form, #challenge-running, #cf-challenge-running, .cf-browser-verification, #cf-wrapper, "
    ".g-recaptcha, .h-captcha, #px-captcha, iframe[src*='captcha'], script[src*='challenge-platform'], "
    "form[action*='captcha']"
)
_LOGIN_TITLE = re.compile(r"\b(?:sign ?in|log ?in|login|sign up|join now|authwall)\b", re.IGNORECASE)
_LOGIN_PATH = re.compile(r"/(?:login|signin|sign-in|log-in|authwall|auth|uas/login|account/login)\b", re.IGNORECASE)
_JOB_WORDS = re.compile(
    r"responsibilit|qualification|requirement|experience|skills|benefits|salary|apply|about (?:the|this) (?:role|job|position)|"
    r"what you.ll|who you are|job description|we are looking",
    re.IGNORECASE,
)


def _visible_text(response: TextResponse) -> str:
    # lxml directly: parsel would wrap every text node in a Selector
    return " ".join(query.compiled("//body//text()[not(ancestor::script) and not(ancestor::style)]")(
        response.selector.root))


def _problem(url: str, reason: str, detail: str | None = None, status: int | None = None) -> PageProblem:
    return PageProblem(url=url, stage="extract", reason=reason, detail=detail, http_status=status)


def _is_bot_check(response: TextResponse, text: str) -> bool:
    sel = response.selector
    title = node_text(sel.css("title")) or ""
    if _BOT_TITLE.search(title) and len(text) < 5000:
        return True
    if query.css(sel, _BOT_MARKUP) and len(text) < 3000:
        return True
    return bool(_BOT_TEXT.search(text)) and len(text) < 3000


def _is_login_wall(response: TextResponse, text: str) -> bool:
    sel = response.selector
    login_form = bool(query.css(sel, "input[type=password], input[type=email], input[autocomplete=username]"))
    heading = " ".join(filter(None, [node_text(sel.css("title")), node_text(sel.css("h1"))]))
    if _LOGIN_PATH.search(urlsplit(response.url).path) and (login_form or len(text) < 3000):
        return True
    return login_form and len(text) < 3000 and bool(_LOGIN_TITLE.search(heading))


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_PATH_ID = re.compile(r"/(?:jobs?|details|postings?|positions?|vacancies|vacancy|openings?|careers?)/(\d{4,})(?:[/?#-]|$)", re.IGNORECASE)


_REQ_ID = re.compile(r"_([A-Z]{1,4}-?\d{3,}(?:-\d+)?)/?$")  # Workday-style ".../Title_R-0048821"


def id_from_url(url: str | None) -> str | None:
    """A posting id read from a posting URL: a UUID segment or /jobs/<number>."""
    if not url or url.startswith("file:"):
        return None
    match = _UUID.search(urlsplit(url).path)
    if match:
        return match.group(0)
    match = _PATH_ID.search(urlsplit(url).path) or _REQ_ID.search(urlsplit(url).path)
    return match.group(1) if match else None


def page_canonical(declared_urls: PageUrls) -> str | None:
    href = declared_urls.any_canonical_href or declared_urls.og_url_property
    href = (href or "").strip()
    return href if href.startswith(("http://", "https://")) else None


def _finish(url: str, extractor: str, fields: dict[str, Any], fetched_at: str | None, result: PageExtraction,
            canonical: str | None = None) -> None:
    if canonical and not fields.get("canonical_url"):
        fields["canonical_url"] = canonical
    if not fields.get("external_id") and extractor not in ("greenhouse", "lever", "ashby"):
        fields["external_id"] = id_from_url(fields.get("canonical_url")) or id_from_url(url)
        if fields["external_id"]:
            fields[SOURCES] = {**(fields.get(SOURCES) or {}), "external_id": "url"}
    if not fields.get("title"):
        result.problems.append(_problem(url, "no-title", f"{extractor} page without a title"))
        return
    # one vocabulary for every kind of page (jobcrawl.sources): an ATS's API and HTML postings share a source
    fields["source"] = source_of(url, fields.get("canonical_url"), extractor)
    settle_salary(fields, extractor)
    fields[SOURCES] = _kept_sources(fields, extractor)
    result.postings.append(build_posting(url, extractor, fields, fetched_at))


def _kept_sources(fields: dict[str, Any], extractor: str) -> dict[str, str]:
    """The sources of the fields that hold a value; a field no reader labelled is credited to its extractor."""
    recorded = fields.get(SOURCES) or {}
    out: dict[str, str] = {}
    for name, key in SOURCED_FIELDS.items():
        if key not in out and fields.get(name) not in (None, "", [], {}):
            out[key] = recorded.get(key) or extractor
    return dict(sorted(out.items()))


def _json_page(response: TextResponse, fetched_at: str | None) -> PageExtraction:
    result = PageExtraction()
    try:
        data = json.loads(response.text)
    except ValueError as exc:
        result.problems.append(_problem(response.url, "no-posting", f"unreadable JSON: {exc}"))
        return result
    kind, postings = ats_api.extract(data, response.url)
    if kind is None:
        parsed = ats.parse_json(data, response.url, _request_body(response))
        if parsed is not None:
            return _ats_page(parsed, response.url, fetched_at)
        if data == [] or data == {}:
            result.problems.append(_problem(response.url, "empty-listing", "empty JSON answer"))
        else:
            result.problems.append(_problem(response.url, "no-posting", "JSON of unknown shape"))
        return result
    if not postings:
        result.problems.append(_problem(response.url, "empty-listing", f"{kind} API response without jobs"))
    for fields in postings:
        extractor = fields.pop("extractor")
        fields.pop("url", None)
        _finish(response.url, extractor, fields, fetched_at, result)
    result.board = snapshot.board_snapshot(response, kind, data, result.postings, result.problems)
    return result


def _request_body(response: TextResponse) -> bytes | None:
    """The body of the request that fetched the response (a Workday POST names its page), if known."""
    try:
        request = response.request
    except AttributeError:  # a response built without its request (tests, replays)
        return None
    return request.body if request is not None else None


def _ats_page(parsed: ats.Parsed, url: str, fetched_at: str | None) -> PageExtraction:
    result = PageExtraction()
    for fields in parsed.postings:
        detail = fields.pop("_detail", None)
        extractor = fields.pop("extractor")
        fields.pop("url", None)
        count = len(result.postings)
        _finish(url, extractor, fields, fetched_at, result)
        if detail is not None:
            detail.listed = result.postings[-1] if len(result.postings) > count else None
            result.requests.append(detail)
    result.requests += parsed.requests
    if not parsed.postings:
        reason = "empty-listing" if parsed.shape == "list" else "no-posting"
        result.problems.append(_problem(url, reason, f"{parsed.kind} API response without jobs"))
    return result


def _complete(result: PageExtraction, listed: JobPosting) -> None:
    """A detail response completes the posting its board's list showed: the list's identity (source, id,
    extractor) stays, the detail's fields win, the list fills what the detail lacks. A detail that yields no
    posting leaves the listed one as it was."""
    if not result.postings:
        result.postings = [listed]
        return
    if len(result.postings) != 1:
        return
    detail = result.postings[0]
    for name in (f.name for f in dataclass_fields(JobPosting)):
        if name in ("url", "fetched_at", "normalized"):
            continue
        mine = getattr(listed, name)
        identity = name in ("extractor", "source", "external_id")
        if mine not in (None, "", [], {}) and (identity or getattr(detail, name) in (None, "", [], {})):
            setattr(detail, name, mine)


def _looks_like_json(response: TextResponse) -> bool:
    ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
    head = response.text[:64].lstrip()
    if "json" in ctype and not head.startswith("<"):
        return True
    return head[:1] in ("{", "[") and "html" not in ctype


def extract_page(response: TextResponse, fetched_at: str | None = None,
                 listed: JobPosting | None = None) -> PageExtraction:
    """Postings, problems and links of one fetched page (pure: no network, no storage). ``listed`` is the
    posting an ATS board's list showed, when this page is its detail (see ``FollowRequest.listed``)."""
    result = _extract_page(response, fetched_at)
    if listed is not None:
        _complete(result, listed)
    return result


def _extract_page(response: TextResponse, fetched_at: str | None) -> PageExtraction:
    url = response.url
    if _looks_like_json(response):
        return _json_page(response, fetched_at)
    if ats.personio.matches(response.body):
        parsed = ats.parse_xml(response.body, url)
        if parsed is not None:
            return _ats_page(parsed, url, fetched_at)
    if looks_like_robots_txt(response):
        return PageExtraction(next_pages=sitemaps_from_robots_txt(response), from_sitemap=True)
    if looks_like_sitemap(response.body):
        sitemap = parse_sitemap(response.body)
        if sitemap.kind == "urlset":
            return PageExtraction(follow=sitemap.urls, from_sitemap=True)
        if sitemap.kind == "sitemapindex":
            return PageExtraction(next_pages=sitemap.urls, from_sitemap=True)
    result = _html_page(response, fetched_at)
    closed.check(response, result)
    if len(result.postings) == 1:
        # The page is this posting's own: a later 404 of the URL (or of one redirecting to it) closes it.
        result.postings[0].known_urls = [response.url, *closed.redirect_sources(response)]
    return result


def _html_page(response: TextResponse, fetched_at: str | None) -> PageExtraction:
    url = response.url
    result = PageExtraction()
    root = response.selector
    ld_objects, ld_errors = jsonld.find_jobpostings(root)
    for error in ld_errors:
        result.problems.append(_problem(url, "broken-jsonld", error))
    ld_parts = [jsonld.fields(obj) for obj in ld_objects]
    ld_main = ld_parts[0] if len(ld_parts) == 1 else {}
    pages = listing.next_pages(root, url)
    declared_urls = page_urls(root)  # read once: the canonical fallback, the Indeed and generic extractors use it
    canonical = page_canonical(declared_urls)

    # Indeed viewjob / search page with the job pane open
    indeed_description = query.by_id(root, indeed.DESCRIPTION_ID)  # queried once for both calls
    if indeed.is_indeed(root, indeed_description):
        # ~20 header queries over the page: answered from one walk per attribute (jobcrawl.extract.page_index)
        page_index(root)
        extractor, fields = indeed.extract(root, url, indeed_description, declared_urls)
        _finish(url, extractor, merge(fields, ld_main), fetched_at, result, canonical)
        result.follow = listing.posting_links(root, url, strict=True, search_cards_only=True)
        result.next_pages = pages
        return result

    for board, reader in (("linkedin", boards.extract_linkedin), ("seek", boards.extract_seek)):
        fields = reader(root)
        if fields is not None:
            _finish(url, board, merge(fields, ld_main), fetched_at, result, canonical)
            return result

    if ld_parts:
        if len(ld_parts) == 1:
            dom = generic.extract(root, url, want_description=not ld_main.get("description_text"),
                                  declared_urls=declared_urls) \
                if _needs_dom(ld_main) else {}
            fields = merge(ld_main, _dom_fill(dom, ld_main))
            _finish(url, "jsonld", fields, fetched_at, result, canonical)
        else:
            for part in ld_parts:
                _finish(url, "jsonld", part, fetched_at, result, canonical)
        result.next_pages = pages
        return result

    items = microdata.find_postings(root)
    if items:
        parts = [microdata.fields(item) for item in items]
        if len(parts) == 1:
            dom = generic.extract(root, url, want_description=not parts[0].get("description_text"),
                                  declared_urls=declared_urls) \
                if _needs_dom(parts[0]) else {}
            parts = [merge(parts[0], _dom_fill(dom, parts[0]))]
        for part in parts:
            _finish(url, "microdata", part, fetched_at, result, canonical)
        result.next_pages = pages
        return result

    text = _visible_text(response)
    if _is_bot_check(response, text):
        result.problems.append(_problem(url, "bot-check", node_text(root.css("title")), response.status))
        return result
    if _is_login_wall(response, text):
        result.problems.append(_problem(url, "login-wall", node_text(root.css("title")), response.status))
        return result

    card_lists = pagekind.card_lists(root, url)
    results = [group for group in card_lists if not group.recommendation]
    if results and _read_pane(root, url, results[0], fetched_at, result, canonical):
        result.next_pages = pages
        return result
    cards = listing.posting_links(root, url, strict=True)
    if not cards and results and pagekind.is_result_list(results[0], len(text)):
        cards = results[0].urls  # result cards of any markup: links to follow, never one posting
    if cards:
        result.follow, result.next_pages = cards, pages
        return result

    desc = generic.find_description(root)
    fields = generic.extract(root, url, desc, declared_urls=declared_urls)
    # neither the page's links to itself nor a "Related jobs" list make a posting page a listing
    not_listed = {_link_key(u) for u in (url, canonical) if u}
    not_listed.update(_link_key(u) for group in card_lists if group.recommendation for u in group.urls)
    links = [link for link in listing.posting_links(root, url) if _link_key(link) not in not_listed]
    in_desc = 0
    if desc is not None and links:
        hrefs = set(links)
        in_desc = sum(1 for a in desc.css("a[href]") if response.urljoin(a.attrib["href"]).split("#")[0] in hrefs)
    description = fields.get("description_text") or ""
    if in_desc >= 3 or (links and len(description) < 200):
        result.follow, result.next_pages = links, pages
        return result
    if listing.looks_empty_listing(text, url) and not _JOB_WORDS.search(description):
        result.problems.append(_problem(url, "empty-listing", None, response.status))
        result.next_pages = pages
        return result
    if len(description) >= 150 and _JOB_WORDS.search(description):
        _finish(url, "generic", fields, fetched_at, result, canonical)
        return result
    result.problems.append(_problem(url, "no-posting", node_text(root.css("title")), response.status))
    result.next_pages = pages
    return result


def _link_key(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


def _read_pane(root: Any, url: str, group: pagekind.CardList, fetched_at: str | None,
               result: PageExtraction, canonical: str | None) -> bool:
    """A search page with one job open beside its cards: that job's posting, read from the pane alone, and the
    cards to follow."""
    pane = pagekind.detail_pane(root, group)
    if pane is None:
        return False
    fields = generic.extract(pane.document, pane.url or url)
    description = fields.get("description_text") or ""
    if len(description) < 150 or not _JOB_WORDS.search(description):
        return False
    fields["title"] = pane.title  # the pane's heading: it names the opened card
    if not fields.get("company"):
        # the employer is often named by the page around the pane (its copyright, og:site_name), not inside it;
        # only the company evidence is read there, not the whole page again
        company, source = generic.page_company(root, pane.title)
        if company:
            fields["company"] = company
            fields.setdefault(SOURCES, {})["company"] = source
    _finish(url, "generic", fields, fetched_at, result, canonical=pane.url or canonical)
    result.follow = group.urls
    return True


def _needs_dom(fields: dict[str, Any]) -> bool:
    return any(not fields.get(k) for k in ("title", "company", "location_raw", "description_text", "canonical_url"))


def _dom_fill(dom: dict[str, Any], structured: dict[str, Any]) -> dict[str, Any]:
    """Fields the DOM may contribute to a structured-data posting: never its identity, and no pay text beside a
    salary the structured data states (the salary is one reader's, so field_sources names where salary_raw came
    from; a DOM header line is often a fragment of the range, e.g. "$98,000" of "$98,000 – $124,000")."""
    left_out = ("external_id", "salary_raw") if structured.get("salary_structured") else ("external_id",)
    return {k: v for k, v in dom.items() if k not in left_out}
