"""Small helpers shared by the extractors: text cleanup, description building, tolerant JSON, URLs.

Everything here is pure. Extractors return *partials*: plain dicts keyed by ``JobPosting`` field names; the
registry merges partials (first non-empty value wins) and builds the item through ``JobPostingLoader``.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import html_text
from lxml import etree
from parsel import Selector, SelectorList

from jobcrawl.extract import query
from jobcrawl.extract import sections as _sections
from jobcrawl.extract.sections.flatten import CLEANED_TAGS
from jobcrawl.items import SOURCED_FIELDS
from jobcrawl.normalize.text import collapse_spaces

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;.!?)])(?=\s|$)")


def clean(value: Any) -> str | None:
    """Collapse whitespace; None for empty or non-string values."""
    if value is None:
        return None
    if not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        else:
            return None
    return collapse_spaces(value) or None


_TEXT_NODES = ".//text()[not(ancestor::script) and not(ancestor::style)]"
# compiled once and run on the lxml elements: parsel would compile it per call and wrap every text node in a Selector
text_nodes = etree.XPath(_TEXT_NODES, smart_strings=False)


def node_text(sel: Selector | SelectorList | None) -> str | None:
    """Whitespace-collapsed text content of a node, or of all nodes of a list (scripts and styles excluded)."""
    if sel is None:
        return None
    parts: list[str] = []
    for one in (sel if isinstance(sel, SelectorList) else (sel,)):
        if isinstance(one.root, etree._Element):
            parts += text_nodes(one.root)
        else:  # a text or attribute selector
            parts += one.xpath(_TEXT_NODES).getall()
    return _joined_text(parts)


def element_text(el: etree._Element) -> str | None:
    """:func:`node_text` of one lxml element."""
    return _joined_text(text_nodes(el))


def _joined_text(parts: list[str]) -> str | None:
    text = clean(" ".join(parts))
    if text:
        # text nodes are joined with spaces: "Cupertino</span>, <span>CA" must not read "Cupertino , CA"
        # (the text is collapsed, so a space before punctuation is one " "; most texts have none: no regex pass)
        if " ," in text or " ;" in text or " ." in text or " !" in text or " ?" in text or " )" in text:
            text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
        if "( " in text:
            text = text.replace("( ", "(")
    return text or None


def first_text(root: Selector, *css: str) -> str | None:
    """Text of the first node matching any of the CSS queries, in the order given."""
    for selector in css:
        for el in query.css_elements(root, selector):
            text = element_text(el)
            if text:
                return text
    return None


def meta(root: Selector, key: str) -> str | None:
    """``<meta property=key>`` or ``<meta name=key>`` content."""
    value = next(iter(query.values(root, f'//meta[@property="{key}" or @name="{key}"]/@content', key)), None)
    return clean(value)


@dataclass(frozen=True)
class PageUrls:
    """What a page says about its own URL: ``<link rel="canonical">`` and the og:url ``<meta>``.

    ``page_canonical`` and the Indeed and generic extractors each read these with their own rules, so the raw
    values are kept apart; :func:`page_urls` reads them in one query instead of one query per reader.
    """

    first_canonical_href: str | None  # href of the first canonical link (None when that link has none)
    any_canonical_href: str | None  # the first href found on any canonical link
    og_url_property: str | None  # content of the first <meta property="og:url"> that has one
    og_url: str | None  # as meta(root, "og:url"): property or name, cleaned


def page_urls(root: Selector) -> PageUrls:
    """:class:`PageUrls` of a document, from one pass over its ``<link>`` and ``<meta>`` elements (lxml's
    ``iter`` filters by tag in C: cheaper than the XPath queries it replaces, which each walk the page)."""
    first = root.root
    # every top-level element in document order: libxml2 keeps a second top-level <html> in some real pages,
    # which the "//" queries of page_canonical and meta() see and the extractors' CSS (rooted at the first) does not
    tops = [*reversed(list(first.itersiblings(preceding=True))), first, *first.itersiblings()]
    # the guards of the queries replaced (query.xpath): a page spelling these words with character references
    # reads as having neither, as before
    read_links, read_metas = query.may_contain(root, "canonical"), query.may_contain(root, "og:url")
    links, root_links, metas = [], [], []
    for top in tops:
        for el in top.iter("link", "meta"):
            if el.tag == "link":
                if read_links and el.get("rel") == "canonical":
                    links.append(el)
                    if top is first:
                        root_links.append(el)
            elif read_metas and (el.get("property") == "og:url" or el.get("name") == "og:url"):
                metas.append(el)
    return PageUrls(
        first_canonical_href=root_links[0].get("href") if root_links else None,
        any_canonical_href=next((href for href in (el.get("href") for el in links) if href is not None), None),
        og_url_property=next((el.get("content") for el in metas
                              if el.get("property") == "og:url" and el.get("content") is not None), None),
        og_url=clean(next((content for content in (el.get("content") for el in metas) if content is not None), None)),
    )


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    return host or None


def location_fields(locations: list[str | None]) -> dict[str, Any]:
    """The page's location strings, cleaned and distinct, as it gave them. Splitting one string that names
    several places ("Austin, TX | Remote") is Normalize's (:func:`jobcrawl.normalize.location.split_locations`):
    the raw fields keep what the page said."""
    locs: list[str] = []
    for part in locations:
        part = clean(part)
        if part and part not in locs:
            locs.append(part)
    if not locs:
        return {}
    return {"location_raw": " | ".join(locs), "locations_raw": locs}


# --- descriptions -------------------------------------------------------------------------------------------


# What lxml's Cleaner inside ``html_text.extract_text`` drops or renames before reading the text. Cleaning starts
# with a deep copy of the element; a description holding none of these reads the same without it (600 bench
# descriptions: 0.43 -> 0.30 ms each, median of 8; identical text there, in the fixtures and ../shared/realpages).
_CLEANED_NODES = (etree.Comment, etree.ProcessingInstruction, *CLEANED_TAGS)


def visible_text(element: Any) -> str:
    """``html_text.extract_text`` of a parsed element, skipping the cleaning copy when nothing would be cleaned."""
    if isinstance(element.tag, str) and next(element.iter(*_CLEANED_NODES), None) is None:
        return html_text.etree_to_text(element)
    return html_text.extract_text(element)


def description_from_node(node: Selector | None) -> dict[str, Any]:
    """description_html/text/sections from an already-parsed element (no re-parse)."""
    if node is None or not hasattr(node.root, "tag"):
        return {}
    # the splitter's walk writes html_text's text too; where it can't (a script, a comment...), html_text reads it
    text, sections = _sections.text_and_sections(node)
    if text is None:
        text = visible_text(node.root).strip()
    if not text:
        return {}
    return {"description_html": node.get(), "description_text": text, "sections": sections}


def looks_escaped(value: str) -> bool:
    return "&lt;" in value and "<" not in value.replace("&lt;", "")


# Tags that libxml2 places the same in a bare fragment as inside an explicit <body>. Left out, from probing both
# parses: head elements (meta, link, style, title, script, base...), which open a bare fragment's <head>; raw-text
# and frame elements (textarea, xmp, plaintext, iframe, noscript, frameset...); html/head/body themselves.
_BODY_TAGS = frozenset(
    "a abbr address article aside b bdi bdo big blockquote br caption center cite code col colgroup dd del dfn div "
    "dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li main mark nav ol p pre q s "
    "samp section small span strike strong sub sup table tbody td tfoot th thead time tr tt u ul var wbr".split()
)
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
_OTHER_MARKUP = re.compile(r"<(?!/?[A-Za-z])")  # "<!--", "<!DOCTYPE", "<?", "</ ", a bare "<": parsed case by case


def bare_parse_alike(fragment: str) -> bool:
    """Whether ``Selector(text=fragment)`` builds the same <body> as ``<html><body>{fragment}</body></html>``.

    Conservative: only fragments whose every ``<`` opens or closes an ordinary body tag (no comments, doctypes,
    processing instructions or stray ``<``) and that are not cut off inside a tag (a construct still open at
    the end swallows the wrapper's closing tags). It must open with text or a start tag: until something opens
    the body, a bare parse drops whitespace that the wrapped one keeps.
    """
    if not fragment or fragment[0].isspace() or fragment.startswith("</"):
        return False
    if fragment.rfind("<") > fragment.rfind(">") or _OTHER_MARKUP.search(fragment):
        return False
    return all(name.lower() in _BODY_TAGS for name in _TAG_NAME.findall(fragment))


def description_from_html(fragment: str | None) -> dict[str, Any]:
    """description fields from an HTML string (JSON-LD / API). Unescapes HTML-escaped HTML."""
    if not fragment or not isinstance(fragment, str):
        return {}
    if "&lt;" in fragment and looks_escaped(fragment):
        fragment = html.unescape(fragment)
    fragment = fragment.strip()
    if not fragment:
        return {}
    # text (no markup, or only inline markup): keep its paragraphs and line breaks
    fragment = _sections.text_lines_html(fragment) or html.escape(fragment)
    body = Selector(text=f"<html><body>{fragment}</body></html>").css("body")[0]
    # the sections have always come from the bare fragment's parse (split_sections_html); where that parse is
    # known to build the same body, the tree at hand is reused instead of parsing the fragment a second time, and
    # one walk gives the text and the sections
    if bare_parse_alike(fragment):
        text, sections = _sections.text_and_sections(body)
        if text is None:
            text = visible_text(body.root).strip()
        if not text:
            return {}
    else:
        text = visible_text(body.root).strip()
        if not text:
            return {}
        sections = _sections.split_sections_html(fragment)
    return {"description_html": fragment, "description_text": text, "sections": sections}


# --- tolerant JSON ------------------------------------------------------------------------------------------

def _repair_json(text: str) -> str:
    """One pass outside/inside JSON string literals: escape raw control characters (newlines, tabs...)
    inside strings and drop commas before } or ] outside them."""
    out: list[str] = []
    in_string = False
    escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            elif ord(ch) < 0x20:
                out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\u{ord(ch):04x}"))
                continue
        elif ch == '"':
            in_string = True
        elif ch == ",":
            j = i + 1
            while j < len(text) and text[j] in " \t\r\n":
                j += 1
            if j < len(text) and text[j] in "}]":
                continue
        out.append(ch)
    return "".join(out)


def _strip_wrappers(text: str) -> str:
    """Drop HTML comments / CDATA markers before the first and after the last JSON bracket."""
    text = text.strip()
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    ends = [text.rfind("}"), text.rfind("]")]
    if not starts or max(ends) < 0:
        return text
    head, body, tail = text[: min(starts)], text[min(starts): max(ends) + 1], text[max(ends) + 1:]
    leftover = re.sub(r"<!--.*?-->|<!--|-->|//\s*<!\[CDATA\[|//\s*\]\]>|<!\[CDATA\[|\]\]>|;|\s", "", head + tail, flags=re.S)
    return body if not leftover else text


def loads_tolerant(text: str) -> Any:
    """json.loads with a repair pass for what real sites publish.

    Strips HTML comments / CDATA wrappers, escapes control characters inside strings and drops trailing
    commas. Raises ``ValueError`` (json.JSONDecodeError) when the text is still not JSON.
    """
    text = _strip_wrappers(text)
    try:
        return json.loads(text)
    except ValueError:
        pass
    repaired = _repair_json(text)
    try:
        return json.loads(repaired)
    except ValueError:
        # several objects concatenated: parse them one after another
        decoder = json.JSONDecoder()
        values: list[Any] = []
        pos = 0
        while pos < len(repaired):
            while pos < len(repaired) and repaired[pos] in " \t\r\n;,":
                pos += 1
            if pos >= len(repaired):
                break
            value, pos = decoder.raw_decode(repaired, pos)  # raises on garbage
            values.append(value)
        return values


def json_after(text: str, marker: str) -> Any:
    """Decode the JSON value assigned right after ``marker`` in a script (``window.x = {...};``)."""
    start = text.find(marker)
    if start < 0:
        return None
    pos = start + len(marker)
    while pos < len(text) and text[pos] in " \t\r\n=":
        pos += 1
    try:
        value, _ = json.JSONDecoder().raw_decode(text, pos)
    except ValueError:
        return None
    return value


def dig(obj: Any, *path: Any) -> Any:
    for key in path:
        if isinstance(obj, dict):
            obj = obj.get(key)
        elif isinstance(obj, list) and isinstance(key, int) and -len(obj) <= key < len(obj):
            obj = obj[key]
        else:
            return None
    return obj


def find_key(obj: Any, key: str, limit: int = 20000) -> Any:
    """First value stored under ``key`` anywhere in a JSON tree (breadth-first)."""
    queue = [obj]
    seen = 0
    while queue and seen < limit:
        cur = queue.pop(0)
        seen += 1
        if isinstance(cur, dict):
            if key in cur and cur[key] not in (None, "", [], {}):
                return cur[key]
            queue.extend(v for v in cur.values() if isinstance(v, (dict, list)))
        elif isinstance(cur, list):
            queue.extend(v for v in cur if isinstance(v, (dict, list)))
    return None


SOURCES = "field_sources"  # the partials' key for where their values came from (see JobPosting.field_sources)


def with_sources(partial: dict[str, Any], default: str | None = None, **sources: str | None) -> dict[str, Any]:
    """``partial`` with ``field_sources`` recorded: ``sources`` by field name (``location_raw="dom.label"``), and
    ``default`` for every other sourced field that holds a value. Sources of empty fields are not recorded."""
    recorded = dict(partial.get(SOURCES) or {})
    for name, value in partial.items():
        key = SOURCED_FIELDS.get(name)
        if key is None or value in (None, "", [], {}) or key in recorded:
            continue
        source = sources.get(name) or default
        if source:
            recorded[key] = source
    if recorded:
        partial[SOURCES] = recorded
    return partial


def merge(*partials: dict[str, Any]) -> dict[str, Any]:
    """Merge partial field dicts: for each field the first non-empty value wins, and with it its source."""
    out: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for partial in partials:
        partial_sources = (partial or {}).get(SOURCES) or {}
        for key, value in (partial or {}).items():
            if key == SOURCES or value in (None, "", [], {}):
                continue
            if out.get(key) in (None, "", [], {}):
                out[key] = value
                sourced = SOURCED_FIELDS.get(key)
                if sourced and sourced not in sources and partial_sources.get(sourced):
                    sources[sourced] = partial_sources[sourced]
    if sources:
        out[SOURCES] = sources
    return out
