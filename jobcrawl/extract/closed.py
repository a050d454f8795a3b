"""Pages that say their posting is closed, and posting URLs that now redirect to a listing page.

``check`` is called once, from ``jobcrawl.extract.extract_page``, for every HTML page. When the page says its
posting is closed, the page's postings are dropped and a ``page-says-closed`` problem takes their place; the
store closes every posting known by the page's URLs with that reason (jobcrawl.lifecycle).

Where the wording is looked for: the page title, headings, and short notices (``role=alert``/``status``,
elements whose class names a closed or expired state), plus the whole visible text of a short page that holds
no posting (closed-posting pages are short). Never the description of a long page: "the role is closed to
agencies" in a live posting must not close it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree
from scrapy.http import TextResponse

from jobcrawl.extract import PageExtraction
from jobcrawl.items import PageProblem
from jobcrawl.normalize.text import collapse_spaces

# Wording that recurs across career sites and job boards, in the languages the crawl meets most.
CLOSED_WORDING = re.compile(
    r"no longer (?:accepting|taking|open for) applications"
    r"|applications? (?:are |is )?(?:now )?closed\b|(?:this|the) (?:job|position|posting|vacancy|role|opening|"
    r"job posting|job listing|job offer|job ad(?:vert)?) (?:you are looking for )?(?:has|is|was) (?:now |been )?"
    r"(?:expired|closed|filled|removed|no longer (?:available|active|open))"
    r"|(?:job|position|posting|vacancy|listing) (?:is )?no longer (?:available|active|open)"
    r"|\b(?:job|position|posting|vacancy) (?:not found|expired|closed)\b"
    r"|nicht mehr (?:verfügbar|aktiv|besetzbar)|(?:stelle|stellenanzeige|position) (?:ist )?(?:bereits )?"
    r"(?:besetzt|abgelaufen)|bewerbungsfrist ist abgelaufen"
    r"|n'est plus (?:disponible|d'actualité|active)|offre (?:a )?expirée|(?:offre|annonce) (?:est )?(?:clôturée|expirée)"
    r"|ya no (?:está|se encuentra) disponible|ya no acepta (?:solicitudes|candidaturas)"
    r"|oferta (?:ha )?(?:caducado|expirado|vencido|cerrada)"
    r"|niet meer beschikbaar|vacature is (?:verlopen|gesloten|vervuld)"
    r"|non è più disponibile|offerta (?:scaduta|chiusa)"
    r"|não está mais disponível|vaga (?:encerrada|expirada)",
    re.IGNORECASE,
)

# Short notices: role=alert/status, or a class naming a closed or expired state. Attribute-axis queries: a
# predicate on every element (or class words such as alert/notice/banner, which cookie banners use) cost 2-7 ms a
# page on ../shared/realpages, these 0.3 and 0.9 ms (the mean is set by the largest pages, up to 1.5 MB).
_NOTICES = ("//@role[. = 'alert' or . = 'status']/.. | "
            "//@class[contains(., 'closed') or contains(., 'expired')]/..")
_HEADINGS = "//title | //h1 | //h2 | //h3"
# compiled once, plain strings: Element.xpath() compiles per call and returns strings that reference their parent
_headings, _notices = etree.XPath(_HEADINGS), etree.XPath(_NOTICES)
_text = etree.XPath(".//text()", smart_strings=False)
_visible = etree.XPath("//body//text()[not(ancestor::script) and not(ancestor::style)]", smart_strings=False)
_NOTICE_MAX_CHARS = 400  # longer "notices" are containers (a whole page section), not a message
_SHORT_PAGE_CHARS = 2000


def redirect_sources(response: TextResponse) -> list[str]:
    """URLs the request was redirected from (Scrapy's RedirectMiddleware records them), oldest first."""
    try:
        return list(response.meta.get("redirect_urls") or [])
    except AttributeError:  # a response built without a request (tests, saved pages)
        return []


def closed_wording(response: TextResponse, *, holds_posting: bool = False) -> str | None:
    """The wording by which the page says its posting is closed, or None.

    ``holds_posting``: the page still carries a whole posting; then only its title, headings and notices count
    (and the visible text, an extra walk of the document, is not read).
    """
    root = response.selector
    texts = [" ".join(_text(node)) for node in _headings(root.root)]
    texts += [text for text in (" ".join(_text(node)) for node in _notices(root.root))
              if len(text) <= _NOTICE_MAX_CHARS]
    for text in texts:
        match = CLOSED_WORDING.search(collapse_spaces(text))
        if match:
            return match.group(0)
    if holds_posting:
        return None
    visible = collapse_spaces(" ".join(_visible(root.root)))
    if len(visible) <= _SHORT_PAGE_CHARS:
        match = CLOSED_WORDING.search(visible)
        if match:
            return match.group(0)
    return None


def redirected_to_listing(sources: list[str], final_url: str, result: PageExtraction) -> bool:
    """A posting URL that now redirects to a listing or search page (the posting was taken down): the original
    path is longer than the one it landed on, and the landing page holds no posting but posting links or an
    empty listing."""
    if not sources or result.postings:
        return False
    original = urlsplit(sources[0]).path.rstrip("/")
    final = urlsplit(final_url).path.rstrip("/")
    if len(final) >= len(original):
        return False
    is_listing = bool(result.follow) or any(p.reason in ("empty-listing", "no-posting") for p in result.problems)
    return is_listing


def check(response: TextResponse, result: PageExtraction) -> None:
    """Turn a page that says its posting is closed into a ``page-says-closed`` problem (in place)."""
    sources = redirect_sources(response)
    if redirected_to_listing(sources, response.url, result):
        result.problems = [PageProblem(
            url=sources[0], stage="extract", reason="page-says-closed",
            detail=f"redirected to the listing page {response.url}", http_status=response.status,
            other_urls=sources[1:],
        )]
        return
    wording = closed_wording(response, holds_posting=bool(result.postings))
    if wording is None:
        return
    other_urls = sources + [p.canonical_url for p in result.postings if p.canonical_url]
    result.postings = []
    result.problems = [PageProblem(
        url=response.url, stage="extract", reason="page-says-closed", detail=wording, http_status=response.status,
        other_urls=other_urls,
    )]
