"""Split a job description into ordered, classified sections.

The splitter works on an already parsed tree (a parsel ``Selector`` of the description element) and never re-parses:

1. **Flatten.** Walk ``root.root`` (the lxml element) once and turn it into a sequence of *lines*: a line ends at every
   block-level boundary (``p``, ``div``, ``li``, ``h1``-``h6``, ...) and at every ``<br>``. Whitespace is collapsed
   within a line. Each line remembers how it was styled (inside ``h1``-``h6`` / ``.jobSectionHeader``, wholly bold,
   inside a list item) and each element remembers which lines its text went to, so a section's HTML can later be
   serialized from exactly the nodes that produced its lines. The same walk writes the description's text as
   ``html_text.etree_to_text`` would (:func:`text_and_sections`), so the description is walked once.
2. **Find headings.** A line is a heading when it is styled as one (``h*``, ``.jobSectionHeader``, a short
   ``b``/``strong``-only line) or written as one in text: a short plain line that *names a known section* ("Key
   responsibilities", "Ihr Profil", "Who are we?"), a short line ending in ``:``, a line in capitals, Markdown
   (``**Benefits:**``, ``## Benefits``), "About <Name>". Lines opening with a bullet (``•``, ``- ``) are list items.
   A lead-in such as ``<p><b>Benefits:</b> dental, vision</p>`` or ``REQUIREMENTS: 5 years of Go`` becomes a heading
   followed by its content. Descriptions written as text keep their line breaks (:func:`text_lines_html`).
3. **Group and classify.** Lines are grouped under headings. The kind comes from the heading (keyword rules in
   :func:`classify_heading`, English plus a phrase table per language: de, fr, es, it, pt, uk); sub-headings that name
   nothing (or only "Overview") inherit the kind of the enclosing higher-ranked heading, capitals and bold ranking
   above plain text; sections without a heading are classified from their text (:func:`classify_text`).
   Equal-opportunity statements, pay statements and closing "To apply, send ..." lines that stand as their own block
   are split out of whatever section they sit in. A block is compensation by its heading, or when it is mostly a pay
   statement; a money word in an intro ("$1M ARR") is not enough.

The section ``text`` excludes the heading; lines are joined with ``\\n``. The section ``html`` is serialized from the
tree: whole elements when all their text belongs to the section, otherwise the element's own tag (for lists, tables,
paragraphs; plain ``div``/``span`` wrappers are dropped) around the parts that belong. Concatenating the ``html`` of all
sections covers the description's content once.

The package follows those steps: :mod:`.flatten`, :mod:`.group` (heading lines and grouping), :mod:`.rules` (heading and
text classification), :mod:`.serialize`.
"""

from __future__ import annotations

import re
from html import escape

from parsel import Selector

from jobcrawl.extract.sections.flatten import _flatten
from jobcrawl.extract.sections.group import _group
from jobcrawl.extract.sections.rules import (
    _ABOUT_RX,
    _GENERIC_HEADING,
    _RESP_TEXT_RX,
    _classify_text,
    _fold,
    _norm_heading,
    classify_heading,
    classify_text,
)
from jobcrawl.extract.sections.serialize import _serialize_groups
from jobcrawl.items import Section

__all__ = [
    "classify_heading", "classify_text", "split_sections", "split_sections_html", "text_and_sections", "text_lines_html",
]

# --------------------------------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------------------------------


def split_sections(root: Selector) -> list[Section]:
    """Split the description element ``root`` into ordered, classified :class:`Section` objects.

    Walks ``root.root`` (the already parsed lxml element); nothing is re-parsed. Returns ``[]`` when the element holds
    no text.
    """
    el = root.root
    if el is None or isinstance(el, str):
        return []
    return _split(el, _flatten(el))


def text_and_sections(root: Selector) -> tuple[str | None, list[Section]]:
    """The description text of ``root`` and its sections from one walk of the tree.

    The text is ``html_text.etree_to_text`` of the element, stripped (what ``common.visible_text`` returns), or
    ``None`` where the element holds something html_text cleans away or reads differently (comments, scripts,
    ``svg``, ...): the caller reads those with html_text. The sections are :func:`split_sections`'."""
    el = root.root
    if el is None or isinstance(el, str):
        return None, []
    flat = _flatten(el)
    return flat.text, _split(el, flat)


def _split(el, flat) -> list[Section]:
    if not flat.lines:
        return []
    groups = _group(flat.lines)
    # group g owns lines [bounds[g], bounds[g + 1]); the first group also owns whatever comes before its first line
    bounds = [0] + [g.first_line for g in groups[1:]]
    htmls = _serialize_groups(el, flat, bounds)
    sections: list[Section] = []
    for pos, g in enumerate(groups):
        kind = g.kind
        text = "\n".join(g.lines)
        if g.heading is not None and g.kind == "about" and pos > 0:
            # a generic heading ("Job description", "Summary") that does not open the description: a list of what
            # the job involves is its responsibilities, anything else is judged by its text
            if _GENERIC_HEADING.match(_norm_heading(g.heading)):
                kind = (
                    "responsibilities"
                    if (g.n_li >= 2 or _RESP_TEXT_RX.search(text, _fold(text)))
                    else None
                )
        if kind is None or (g.heading is None and kind == "other"):
            if not text.strip():
                kind = "other"
            else:
                low = text.lower()
                folded = _fold(text, low)
                kind = _classify_text(text, low, folded)
                if kind == "other" and pos == 0 and (g.heading is None or g.rank >= 7) and _ABOUT_RX.search(text, folded):
                    kind = "about"
        sections.append(Section(position=pos, heading=g.heading, kind=kind, text=text, html="".join(htmls[pos]).strip()))
    return sections


_BLANK_LINE = re.compile(r"\n\s*\n|\r\n\s*\r\n")
# Markup that breaks lines by itself: a fragment with any of it keeps its own line structure.
_LINE_MARKUP = re.compile(r"<(?:br|p|div|li|ul|ol|h[1-6]|table|tr|pre|section|article)\b", re.IGNORECASE)


def text_lines_html(fragment: str) -> str:
    """HTML for a description written as text (JSON-LD, API ``descriptionPlain``): a paragraph per block separated by a
    blank line, a ``<br>`` per line break inside one, so the splitter sees the lines the writer made ("Responsibilities:"
    alone on a line, "• item"). Plain text is escaped; text with only inline markup (``<b>``, ``<a>``) keeps it; a
    fragment whose markup already breaks lines is returned unchanged."""
    if "<" in fragment:
        if _LINE_MARKUP.search(fragment) or "\n" not in fragment.strip():
            return fragment
        quote = str
    else:
        quote = escape
    paras = []
    for block in _BLANK_LINE.split(fragment):
        lines = [quote(line.strip()) for line in block.splitlines() if line.strip()]
        if lines:
            paras.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(paras)


def split_sections_html(html: str) -> list[Section]:
    """Parse an HTML fragment once (JSON-LD / API descriptions) and split it."""
    if not html or not html.strip():
        return []
    sel = Selector(text=html)
    body = sel.css("body")
    root = body[0] if body else sel
    return split_sections(root)
