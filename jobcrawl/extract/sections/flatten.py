"""Flattening the description tree into styled lines, remembering which lines each element's text went to."""

from __future__ import annotations

import re

import html_text

from jobcrawl.normalize.text import ZERO_WIDTH, collapse_spaces

# --------------------------------------------------------------------------------------------------------------------
# Flattening the tree into lines
# --------------------------------------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    """
    address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure footer
    form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody thead tfoot
    tr td th caption ul legend option select textarea
    """.split()
)
_SKIP_TAGS = frozenset("script style noscript template head title meta link svg button input iframe object".split())
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BOLD_TAGS = frozenset(("b", "strong"))
# Where html_text's layout guess (``etree_to_text`` with ``guess_layout``) breaks the description text: 1 a line,
# 2 a paragraph. The walk writes that text too (:attr:`_Flat.text`), so the description needs no second pass.
_TEXT_LAYOUT: dict[str, int] = {
    **dict.fromkeys(html_text.NEWLINE_TAGS, 1),
    **dict.fromkeys(html_text.DOUBLE_NEWLINE_TAGS, 2),
}
# html_text runs lxml's Cleaner first where an element holds any of these (see common.visible_text); it reads the
# text of the other skipped tags (svg, button, title, ...). Where the walk meets either, it leaves the text to
# html_text (:attr:`_Flat.text` is None).
CLEANED_TAGS = (
    "script", "style", "link", "meta", "applet", "iframe", "embed", "layer", "object", "param", "frame", "frameset",
    "noframes", "image",
)
_UNREAD = "unread"
# html_text writes no space between two text nodes when the second opens with one of these
_PUNCT_AFTER = frozenset(',:;.!?")')
# What a tag does to the text inside it, in one lookup (most tags do nothing): bold, list item, link or heading rank.
_BOLD, _LIST_ITEM, _LINK = "bold", "list item", "link"
_TAG_EFFECTS: dict[str, object] = {
    **{tag: _BOLD for tag in _BOLD_TAGS},
    **_HEADING_TAGS,
    "li": _LIST_ITEM,
    "dd": _LIST_ITEM,
    "a": _LINK,
    # text the walk does not write as html_text would (see CLEANED_TAGS); _SKIP_TAGS are caught before
    **dict.fromkeys(set(CLEANED_TAGS) - _SKIP_TAGS, _UNREAD),
}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.I)
# Wrappers dropped when only part of their content belongs to a section.
_NO_HTML_TAGS = frozenset("script style noscript template head title meta link iframe object".split())
_TRANSPARENT_TAGS = frozenset("div span section article main body html font center header footer aside form".split())

_HEADER_CLASS = re.compile(r"(?:^|\s)(jobSectionHeader|section-?header|section-?title|heading)(?:\s|$)", re.I)


class _Line:
    __slots__ = ("parts", "rank", "li")

    def __init__(self, parts: list[tuple[str, bool, bool]], rank: int, li: bool) -> None:
        self.parts = parts  # (raw text, bold, inside a link)
        self.rank = rank  # 1-6 for h1-h6 / header classes, 0 if not styled as a heading
        self.li = li


class _Flat:
    """The flattened tree: its lines and, per element, where its text went (see :func:`_flatten`)."""

    __slots__ = ("lines", "span", "tail_line", "text")

    def __init__(self, lines, span, tail_line, text) -> None:
        self.lines: list[tuple[str, _Line]] = lines  # (collapsed text, line)
        # element -> (first line, last line); last < first: empty. An element's own text is on its first line.
        self.span: dict[object, tuple[int, int]] = span
        self.tail_line: dict[object, int] = tail_line  # element -> line of its tail, where it has one
        # html_text.etree_to_text of the root, stripped; None where the tree holds what html_text cleans or reads
        # differently (comments, scripts, svg, ...): the caller asks html_text then
        self.text: str | None = text


def _flatten(root) -> _Flat:
    """One walk over the tree producing lines and, per element, the span of lines its text went to.

    A closure over local state rather than methods on an object: attribute access on ``self`` was a large share of
    the walk's cost. The line being built is always line ``len(lines)``, so line indices come from ``len(lines)``.
    """
    lines: list[tuple[str, _Line]] = []
    span: dict[object, tuple[int, int]] = {}
    tail_line: dict[object, int] = {}
    # the line being built
    parts: list[tuple[str, bool, bool]] = []
    strings: list[str] = []  # the parts' text, kept apart so ending a line is one join
    line_rank = 0
    line_li = False
    has_text = False
    last_anchor = -1  # line of the latest empty element (br, empty div, ...) seen
    # html_text's text, written in the same walk (the state of its etree_to_text): chunks, the previous text node
    # as it stood (or "" after a break) and the break last written (0 none, 1 line, 2 paragraph)
    chunks: list[str] = []
    prev_text = ""
    prev_break = 2
    text_exact = True

    def flush() -> None:
        """End the current line (call only when it has text: an empty line has nothing to drop)."""
        nonlocal parts, strings, line_rank, line_li, has_text
        text = "".join(strings)
        text = collapse_spaces(text, zero_width=True)
        if text:
            lines.append((text, _Line(parts, line_rank, line_li)))
        parts = []
        strings = []
        line_rank = 0
        line_li = False
        has_text = False

    def add(s: str, bold: bool, rank: int, li: bool, link: bool) -> int | None:
        """Add a text node to the current line; return the line index it lands on (None if blank)."""
        nonlocal line_rank, line_li, has_text, prev_text, prev_break
        norm = " ".join(s.split())
        if norm:
            # html_text: the node's whitespace collapsed, a space before it unless a break, an opening bracket or
            # punctuation after it makes none
            if not prev_break and (prev_text[-1].isspace() or (norm[0] not in _PUNCT_AFTER and prev_text[-1] != "(")):
                chunks.append(" ")
            chunks.append(norm)
            prev_text = s
            prev_break = 0
        # blank: nothing but whitespace and zero-width characters
        if not norm or not norm.strip(ZERO_WIDTH):
            if has_text:
                parts.append((" ", bold, link))
                strings.append(" ")
            return None
        parts.append((s, bold, link))
        strings.append(s)
        if rank and (not line_rank or rank < line_rank):
            line_rank = rank
        if li:
            line_li = True
        has_text = True
        return len(lines)

    def walk(el, bold: bool, rank: int, li: bool, link: bool) -> None:
        nonlocal last_anchor, text_exact, prev_break
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            # comment / processing instruction / skipped element: empty, anchored where it stands; only its tail counts
            n = len(lines)
            span[el] = (n, n - 1)
            last_anchor = n
            text_exact = False
            return
        if tag == "br":
            # a break ends the line; its span is empty, anchored on the line it ends
            n = len(lines)
            span[el] = (n, n - 1)
            last_anchor = n
            if has_text:
                flush()
            if not prev_break:
                chunks.append("\n")
                prev_break = 1
            return
        # html_text's add_newlines, inline (a call per element was most of the text's cost): nothing after a
        # paragraph break, a line break only where none is, a paragraph break completing a line break
        layout = _TEXT_LAYOUT.get(tag)
        if layout and prev_break != 2:
            if layout == 2:
                chunks.append("\n" if prev_break else "\n\n")
                prev_break = 2
            elif not prev_break:
                chunks.append("\n")
                prev_break = 1
        block = tag in _BLOCK_TAGS
        if block and has_text:
            flush()
        attrib = el.attrib
        if attrib:
            style = attrib.get("style")
            if style and _BOLD_STYLE.search(style):
                bold = True
            cls = attrib.get("class")
            if (cls and _HEADER_CLASS.search(cls)) or attrib.get("role") == "heading":
                if not rank or rank > 2:
                    rank = 2
        effect = _TAG_EFFECTS.get(tag)
        if effect is not None:
            if effect is _BOLD:
                bold = True
            elif effect is _LIST_ITEM:
                li = True
            elif effect is _LINK:
                link = True
            elif effect is _UNREAD:
                text_exact = False
            elif not rank or effect < rank:  # a heading's rank
                rank = effect
        first = len(lines)
        anchor0 = last_anchor
        t = el.text
        if t:
            add(t, bold, rank, li, link)  # lands on line `first`: nothing has ended a line since
        for child in el:
            walk(child, bold, rank, li, link)
            tl = child.tail
            if tl:
                i = add(tl, bold, rank, li, link)
                if i is not None:
                    tail_line[child] = i
        if block and has_text:
            flush()
        if layout and prev_break != 2:
            if layout == 2:
                chunks.append("\n" if prev_break else "\n\n")
                prev_break = 2
            elif not prev_break:
                chunks.append("\n")
                prev_break = 1
        last = len(lines) if has_text else len(lines) - 1
        if last_anchor != anchor0 and last_anchor > last:
            last = last_anchor  # empty descendants (a trailing <br>) belong to the element too
        span[el] = (first, last)

    walk(root, False, 0, False, False)
    if has_text:
        flush()
    return _Flat(lines, span, tail_line, "".join(chunks).strip() if text_exact else None)
