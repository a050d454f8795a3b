"""Pages that hold many jobs, told apart by structure rather than by site:

- a **result list**: three or more sibling elements of one tag and class ("cards"), each with a link to a
  posting and more text than the link's title (company, place, date, salary), the links sharing one URL
  pattern. When the cards are a good part of the page's text and either many (five or more) or linked to
  job-like paths, their links are followed and the page is never read as one posting.
- a **result list with a job pane** (search pages with one job opened beside the list): a region outside the
  list whose heading repeats one card's title and that holds a description. That region alone is the posting.
- a **list of recommendations** under a heading such as "Related jobs", "Similar jobs", "More jobs" or
  "People also viewed": it belongs to the posting around it and makes the page no listing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from jobcrawl.normalize.text import collapse_spaces

_MIN_CARDS = 3
_ITEM_DEPTH = 6  # a card's link sits at most this many levels below the repeated element
_BOILER_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "select", "script", "style", "template"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_RECOMMENDATION = re.compile(
    r"\b(?:related|similar|recommended|suggested|other|more)\b[\w\s'’-]{0,30}?\b(?:jobs?|openings?|positions?|"
    r"roles?|vacanc(?:y|ies)|opportunit(?:y|ies)|postings?)\b|\byou (?:may|might) (?:also )?(?:like|be interested)|"
    r"\bpeople (?:also )?(?:viewed|applied|searched)\b|\bjobs? (?:you (?:may|might) like|for you)\b",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[^\W\d_]{3,}")
# Calls to action are no job titles: three "Learn more" tiles are no result list.
_CALL_TO_ACTION = re.compile(
    r"^(?:read|learn|see|view|find|click|show|discover|explore|more|details|here|email|apply|sign|log)\b", re.IGNORECASE
)
_MANY_CARDS = 5
_JOB_PATH = re.compile(
    r"jobs?|career|position|vacanc|opening|posting|requisition|stelle|emploi|empleo|vaga|lavoro|offre|oferta", re.IGNORECASE
)
# Below this share of the page's text a card group is a side list (offices, articles), not the page itself.
_MAIN_SHARE = 0.25


@dataclass
class CardList:
    container: etree._Element
    cards: list[tuple[etree._Element, str, str]] = field(default_factory=list)  # (card, posting URL, title)
    recommendation: bool = False

    @property
    def urls(self) -> list[str]:
        return [url for _, url, _ in self.cards]

    def text_length(self) -> int:
        return _prose_length(self.container)


def _text(el: etree._Element) -> str:
    # itertext, not an XPath excluding <script>/<style>: 10x cheaper, and cards and headings hold no scripts
    return collapse_spaces(" ".join(el.itertext()))


def _prose_length(el: etree._Element) -> int:
    return len(collapse_spaces(" ".join(el.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"))))


def _norm(text: str | None) -> str:
    return collapse_spaces(text or "").casefold()


def _title_of(link: etree._Element) -> str:
    """A card link's title: its heading when the link wraps the whole card, else its text."""
    heading = next(link.iter(*_HEADINGS), None)
    title = _text(heading) if heading is not None else ""
    return title or _text(link)


def _in_heading(link: etree._Element, item: etree._Element) -> bool:
    el = link
    while el is not None and el is not item:
        if el.tag in _HEADINGS:
            return True
        el = el.getparent()
    return next(link.iter(*_HEADINGS), None) is not None


def _primary_link(item: etree._Element, links: list[etree._Element]) -> etree._Element:
    if len(links) == 1:
        return links[0]
    for link in links:
        if _in_heading(link, item):
            return link
    return max(links, key=lambda link: len(_text(link)))


def _in_boilerplate(el: etree._Element) -> bool:
    return any(anc.tag in _BOILER_TAGS for anc in el.iterancestors()) or el.tag in _BOILER_TAGS


def _url_pattern(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.netloc.casefold(), (parts.path.strip("/").split("/") or [""])[0].casefold()


def _texts_before(el: etree._Element, wanted: int = 2) -> list[str]:
    """The nearest text blocks before ``el``, nearest first."""
    # walked by hand: XPath's preceding:: axis visits the whole document before the element
    blocks: list[str] = []
    node = el
    while node is not None:
        for sibling in node.itersiblings(preceding=True):
            if isinstance(sibling.tag, str) and sibling.tag not in ("script", "style"):
                text = _text(sibling)
                if text:
                    blocks.append(text)
                    if len(blocks) >= wanted:
                        return blocks
        node = node.getparent()
        if node is not None and (node.text or "").strip():
            blocks.append(node.text.strip())
            if len(blocks) >= wanted:
                return blocks
    return blocks


def _is_recommendation(first_card: etree._Element) -> bool:
    """Whether a short text just before the list is a recommendation heading ("Related Job Openings")."""
    return any(len(text) <= 80 and _RECOMMENDATION.search(text) for text in _texts_before(first_card))


def card_lists(root: Selector, url: str) -> list[CardList]:
    """Groups of result cards on the page, the largest first."""
    html = root.root
    base = html.xpath("string(//base/@href)") or ""
    base = urljoin(url, base) if base else url
    shapes: dict[etree._Element, Counter] = {}
    groups: dict[tuple[etree._Element, str, str], dict[etree._Element, list[etree._Element]]] = {}
    for link in html.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        el = link
        for _ in range(_ITEM_DEPTH):
            parent = el.getparent()
            if parent is None:
                break
            if len(parent) < _MIN_CARDS:
                el = parent
                continue
            shape = shapes.get(parent)
            if shape is None:
                shape = shapes[parent] = Counter(
                    (child.tag, child.get("class") or "") for child in parent if isinstance(child.tag, str)
                )
            signature = (el.tag, el.get("class") or "")
            if shape[signature] >= _MIN_CARDS:
                groups.setdefault((parent, *signature), {}).setdefault(el, []).append(link)
                break
            el = parent
    found: list[CardList] = []
    for (parent, _, _), items in groups.items():
        if len(items) < _MIN_CARDS or _in_boilerplate(parent):
            continue
        group = CardList(parent)
        seen: set[str] = set()
        for item, links in items.items():
            link = _primary_link(item, links)
            title = _title_of(link)
            target = urljoin(base, link.get("href").strip()).split("#", 1)[0]
            extra = len(_text(item)) - len(title)
            if (not _LETTERS.search(title) or len(title.split()) > 20 or _CALL_TO_ACTION.match(title)
                    or extra < 3 or target in seen):
                continue
            seen.add(target)
            group.cards.append((item, target, title))
        if len(group.cards) < _MIN_CARDS or len(group.cards) * 3 < len(items) * 2:
            continue
        pattern, share = Counter(_url_pattern(u) for u in group.urls).most_common(1)[0]
        if share * 3 < len(group.cards) * 2 or not pattern[1]:
            continue
        group.recommendation = _is_recommendation(group.cards[0][0])
        found.append(group)
    found.sort(key=lambda group: -len(group.cards))
    return found


def is_result_list(group: CardList, page_text_length: int) -> bool:
    """Whether the cards are what the page is about (rather than a side list), and are jobs: a page of results
    (five or more), or links whose path names jobs (a small company's three openings, not three benefit tiles)."""
    if group.text_length() < _MAIN_SHARE * page_text_length:
        return False
    job_links = sum(bool(_JOB_PATH.search(urlsplit(url).path)) for url in group.urls)
    return len(group.cards) >= _MANY_CARDS or job_links * 3 >= len(group.cards) * 2


@dataclass
class Pane:
    document: Selector  # the pane alone
    title: str  # its heading, which repeats a card's title
    url: str | None  # the opened card's link


def detail_pane(root: Selector, group: CardList) -> Pane | None:
    """The pane when a region outside the list shows one of its jobs: a heading that repeats a card's title,
    with a description below it. The opened card may have lost its link (it is the current one), so the list's
    own headings count too."""
    titles: dict[str, str | None] = {_norm(_text(h)): None for h in group.container.iter(*_HEADINGS)}
    titles.update((_norm(title), target) for _, target, title in group.cards)
    around_list = set(group.container.iterancestors()) | {group.container}
    for heading in root.root.iter(*_HEADINGS):
        key = _norm(_text(heading))
        if key not in titles or not key or group.container in heading.iterancestors():
            continue
        target = titles[key]
        pane = heading
        for ancestor in heading.iterancestors():
            if ancestor in around_list:
                break
            pane = ancestor
        if pane is heading or len(_text(pane)) < 200:
            continue
        # a document of the pane alone: the extractors' "//" queries would otherwise reach the cards
        markup = etree.tostring(pane, encoding="unicode", method="html", with_tail=False)
        return Pane(Selector(text=f"<html><body>{markup}</body></html>"), _text(heading), target)
    return None
