"""Description HTML: sanitizing (nh3), plain text (html-text) and Markdown (a small lxml walker, in :mod:`.markdown`).

``sanitize_html`` keeps structure only (paragraphs, lists, headings, emphasis, links, tables, quotes, code)
and removes scripts, styles, embedded objects, forms, SVG/MathML with their contents, every ``on*`` and
``style`` attribute, and any URL whose scheme isn't http, https, mailto or tel. Relative links are resolved
against the page URL when given, else dropped; links get ``rel="nofollow noopener"``. nh3 (ammonia, Rust) parses
with html5ever, so the browser-like parsing that filter-evasion tricks rely on is the same one it sanitizes.

Text: html-text's ``extract_text`` cleans the tree first; on HTML we already sanitized,
``html_to_text(..., sanitized=True)`` skips that pass (docs/benchmarks.md, "Measurements behind code choices").
"""

from __future__ import annotations

import html as _html
import re
from functools import lru_cache

import nh3

from .markdown import html_to_markdown as html_to_markdown  # re-exported: older callers import it from here
from .text import clean_text

ALLOWED_TAGS = {
    "p", "div", "span", "br", "ul", "ol", "li", "b", "strong", "i", "em", "u", "h1", "h2", "h3", "h4", "h5", "h6",
    "a", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "blockquote", "pre", "code", "hr",
    "sub", "sup", "dl", "dt", "dd", "s", "small",
}
# Removed together with everything inside them.
DROP_WITH_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "svg", "math",
    "noscript", "template", "textarea", "select", "button", "title", "canvas", "video", "audio", "xmp",
    "noembed", "noframes", "head", "meta", "link", "base",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
LINK_REL = "nofollow noopener"

@lru_cache(maxsize=64)
def _cleaner(base_url: str | None) -> nh3.Cleaner:
    # building one costs about as much as sanitizing a description: cached per base URL (a crawl of one site
    # reuses few bases... or none, which is fine)
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
    )


_ESCAPED_MARKUP = re.compile(r"&lt;/?(?:p|div|br|ul|ol|li|b|strong|span|h\d|em|i|a)\b", re.IGNORECASE)
# Tags, &nbsp; and spaces only. Matching it from the start stops at the first character of text, which is
# what ``re.search(r"[^\s\u00a0]", re.sub(r"<[^>]*>|&nbsp;|&#160;", "", out))`` asked for with two passes
# over the whole output (docs/benchmarks.md, "Measurements behind code choices").
_NO_TEXT = re.compile(r"(?:<[^>]*>|&nbsp;|&#160;|[\s\u00a0])*")


def sanitize_html(html: str | None, base_url: str | None = None) -> str | None:
    """Safe, structural HTML; ``None`` when nothing with text is left. Relative links are resolved against
    ``base_url`` (the page URL) or, without one, dropped (they would point nowhere once stored).
    Descriptions that were HTML-escaped once too often ("&lt;p&gt;...", seen in JSON-LD) are unescaped
    first. Never raises."""
    if not html or not isinstance(html, str):
        return None
    try:
        if "<" not in html and _ESCAPED_MARKUP.search(html):
            html = _html.unescape(html)
        if base_url is not None and not re.match(r"^https?://[^/\s]+", base_url, re.IGNORECASE):
            base_url = None
        # = _HREF.search(html): nothing but "H"/"R"/"E"/"F" lowercases to "href"; a third of the regex's time
        if base_url and "href" not in html.lower():
            # The base only rewrites relative links (``a[href]`` is the one URL attribute kept). Without any,
            # the shared no-base cleaner gives the same output and saves building a Cleaner per page URL
            # (as costly as the cleaning itself: the cache above rarely hits, every posting has its own URL).
            base_url = None
        out = _cleaner(base_url or None).clean(html)
    except Exception:  # noqa: BLE001
        return None
    out = out.strip()
    if not out or _NO_TEXT.match(out).end() == len(out):
        return None
    return out


def html_to_text(html: str | None, *, sanitized: bool = False) -> str | None:
    """Readable plain text (html-text with layout guessing: paragraphs and list items on their own lines).
    ``sanitized=True`` (input came from :func:`sanitize_html`) skips html-text's own cleaning pass."""
    if not html or not isinstance(html, str):
        return None
    try:
        import html_text

        if sanitized:
            from lxml import html as lxml_html

            return clean_text(html_text.etree_to_text(lxml_html.fromstring(html), guess_layout=True))
        return clean_text(html_text.extract_text(html, guess_layout=True))
    except Exception:  # noqa: BLE001
        return None
