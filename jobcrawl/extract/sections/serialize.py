"""Serializing each section's HTML from the nodes that produced its lines, in one walk."""

from __future__ import annotations

from bisect import bisect_right
from html import escape

from lxml import etree

from jobcrawl.extract.sections.flatten import _NO_HTML_TAGS, _TRANSPARENT_TAGS, _Flat

# --------------------------------------------------------------------------------------------------------------------
# Serializing a section's nodes
# --------------------------------------------------------------------------------------------------------------------


def _serialize_groups(root, flat: _Flat, bounds: list[int]) -> list[list[str]]:
    """The HTML pieces of every group in one walk: group ``g`` owns lines ``[bounds[g], bounds[g + 1])``.

    Gives per group exactly what serializing the tree once per group did (walking it again for each group was most of
    the serializing cost): an element whose lines all fall in one group is serialized whole into it, an empty element
    goes where it is anchored, and an element spanning groups ``a..b`` opens and closes its tag in each of them (also
    in a group between them that owns no line) around the pieces that belong to each.
    """
    outs: list[list[str]] = [[] for _ in bounds]
    span = flat.span
    tail_line = flat.tail_line

    def emit(el, ga: int, gb: int, is_root: bool) -> None:
        """Serialize the parts of ``el`` that belong to groups ``ga..gb``, ``el`` spanning more than one group."""
        first, _ = span.get(el, (0, -1))
        tag = el.tag if isinstance(el.tag, str) else ""
        wrap = not is_root and tag and tag.lower() not in _TRANSPARENT_TAGS
        if wrap:
            attrs = "".join(f' {k}="{escape(v)}"' for k, v in el.attrib.items())
            open_tag = f"<{tag}{attrs}>"
            for g in range(ga, gb + 1):
                outs[g].append(open_tag)
        t = el.text
        if t:
            g = bisect_right(bounds, first) - 1
            if ga <= g <= gb:
                outs[g].append(escape(t, quote=False))
        for child in el:
            cfirst, clast = span.get(child, (0, -1))
            if clast < cfirst:
                g = bisect_right(bounds, cfirst) - 1
                if ga <= g <= gb and child.tag not in _NO_HTML_TAGS:
                    outs[g].append(_tostring(child))
            else:
                ca = bisect_right(bounds, cfirst) - 1
                cb = bisect_right(bounds, clast) - 1
                if ca == cb:
                    if ga <= ca <= gb:
                        outs[ca].append(_tostring(child))
                else:
                    # only the groups both elements reach: a child may end after its parent's last line
                    lo, hi = max(ca, ga), min(cb, gb)
                    if lo <= hi:
                        emit(child, lo, hi, False)
            tl = child.tail
            if tl:
                g = bisect_right(bounds, tail_line.get(child, clast if clast >= cfirst else cfirst)) - 1
                if ga <= g <= gb:
                    outs[g].append(escape(tl, quote=False))
        if wrap:
            close_tag = f"</{tag}>"
            for g in range(ga, gb + 1):
                outs[g].append(close_tag)

    emit(root, 0, len(bounds) - 1, True)
    return outs


def _tostring(el) -> str:
    return etree.tostring(el, method="html", encoding="unicode", with_tail=False)
