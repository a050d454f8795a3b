"""Description HTML to Markdown: a small lxml walker (sanitize first: :func:`.html.sanitize_html`).

Why our own walker: html2text and markdownify give equivalent Markdown for job-description markup (paragraphs,
nested lists, bold/italic, links, headings, tables) but were measured several times slower, and markdownify pulls
in bs4 (docs/benchmarks.md, "Measurements behind code choices"). The cost is part of ``make bench``'s normalize stage.
"""

from __future__ import annotations

import re

# Speed: regex passes and Python calls dominate, so the walker is plain functions over one output list,
# dispatches on the tag with one dict lookup instead of a chain of comparisons, runs ``_WS``/``_MD_ESCAPE`` only
# on text holding a character they would change (``in``/``isprintable`` run at C speed), and ``_tidy`` skips
# per-line work that would not change the line; about twice as fast as the class-based walker it replaced, with
# the same output character for character (docs/benchmarks.md, "Measurements behind code choices").

_BLOCK = {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "figure", "address",
          "table", "dl", "center", "details", "summary", "fieldset", "body", "html"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_MD_ESCAPE = re.compile(r"([\\`*_\[\]<])")
_WS = re.compile(r"[ \t\r\n\f\u00a0]+")
# after these, a leading space of the next text is dropped
_SPACE_ENDINGS = ("\n", " ", "- ", ". ", "# ")


def _text(out: list[str], s: str, pre: bool) -> None:
    """Append a text node (non-empty): spaces collapsed, Markdown characters escaped, no space after a break."""
    if pre:
        out.append(s)
        return
    if s.isspace():
        # one space, unless the output already ends in a break or a space
        if out and not out[-1].endswith(_SPACE_ENDINGS):
            out.append(" ")
        return
    # = _WS.sub(" ", s), skipped when there is nothing to collapse (\t\r\n\f and NBSP are not printable)
    if "  " in s or not s.isprintable():
        s = _WS.sub(" ", s)
    # = _MD_ESCAPE.sub(r"\\\1", s), skipped when there is nothing to escape
    if "\\" in s or "`" in s or "*" in s or "_" in s or "[" in s or "]" in s or "<" in s:
        s = _MD_ESCAPE.sub(r"\\\1", s)
    if s[0] == " " and (not out or out[-1].endswith(_SPACE_ENDINGS)):
        s = s.lstrip(" ")
        if not s:
            return
    out.append(s)


def _render_children(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    """Append the element's text, then each child (by its tag's renderer) and the child's tail."""
    text = el.text
    if text:
        _text(out, text, pre)
    _render_child_nodes(out, el, list_stack, pre)


def _render_child_nodes(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    for child in el:
        # runs for nearly every element: the handler is called directly, and a whitespace-only tail (the usual
        # one between blocks) is handled without calling _text
        tag = child.tag
        if tag.__class__ is str:
            (_HANDLERS.get(tag) or _HANDLERS.get(tag.lower(), _render_children))(out, child, list_stack, pre)
        else:  # comments and processing instructions (the parser drops them): their text is written
            _render_children(out, child, list_stack, pre)
        tail = child.tail
        if tail:
            if pre or not tail.isspace():
                _text(out, tail, pre)
            elif out and not out[-1].endswith(_SPACE_ENDINGS):
                out.append(" ")


def _wrap(out: list[str], el, mark: str, list_stack: list[list], pre: bool) -> None:
    start = len(out)
    if len(el):
        _render_children(out, el, list_stack, pre)
    elif el.text:  # plain text inside, the usual kind: no call for the empty child loop
        _text(out, el.text, pre)
    inner = "".join(out[start:])
    del out[start:]
    stripped = inner.strip()
    if not stripped:
        out.append(inner)
        return
    lead = " " if inner[:1].isspace() else ""
    trail = " " if inner[-1:].isspace() else ""
    out.append(f"{lead}{mark}{stripped}{mark}{trail}")


# --- per-tag renderers (the element's tail is written by the caller's child loop) ---


def _render_nothing(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    pass


def _render_heading(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    out.append("\n\n")
    out.append("#" * _HEADINGS[el.tag.lower()] + " ")
    _render_children(out, el, list_stack, pre)
    out.append("\n\n")


def _render_list(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    out.append("\n" if list_stack else "\n\n")
    start = el.get("start")
    list_stack.append([el.tag.lower(), int(start) if start and start.isdigit() else 1])
    _render_child_nodes(out, el, list_stack, pre)  # a list's own text is not written
    list_stack.pop()
    if not list_stack:
        out.append("\n\n")
    elif out and not out[-1].endswith("\n"):
        out.append("\n")


def _render_item(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    depth = len(list_stack) - 1
    if list_stack and list_stack[-1][0] == "ol":
        marker = f"{list_stack[-1][1]}. "
        list_stack[-1][1] += 1
    else:
        marker = "- "
    if out and not out[-1].endswith("\n"):
        out.append("\n")
    out.append("    " * depth + marker if depth > 0 else marker)
    if len(el):
        _render_children(out, el, list_stack, pre)
    elif el.text:  # a plain-text item, the usual kind: no call for the empty child loop
        _text(out, el.text, pre)
    if not out[-1].endswith("\n"):
        out.append("\n")


def _render_br(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    out.append("  \n" if not list_stack else "  \n" + "    " * len(list_stack))


def _render_hr(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    out.append("\n\n---\n\n")


def _render_strong(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    _wrap(out, el, "**", list_stack, pre)


def _render_em(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    _wrap(out, el, "*", list_stack, pre)


def _render_strike(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    _wrap(out, el, "~~", list_stack, pre)


def _render_code(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    if pre:  # inside <pre> the text is written as is
        _render_children(out, el, list_stack, pre)
        return
    code = "".join(el.itertext())
    if code.strip():
        out.append("`" + code.replace("`", "'") + "`")


def _render_pre(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    out.append("\n\n```\n" + "".join(el.itertext()).strip("\n") + "\n```\n\n")


def _render_link(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    href = el.get("href")
    start = len(out)
    _render_children(out, el, list_stack, pre)
    label = "".join(out[start:]).strip()
    del out[start:]
    if href and label and href != label and not href.startswith("#"):
        out.append(f"[{label}]({href.replace(')', '%29').replace(' ', '%20')})")
    else:
        out.append(label)


def _render_quote(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    start = len(out)
    _render_children(out, el, list_stack, pre)
    inner = _tidy("".join(out[start:]))
    del out[start:]
    out.append("\n\n")
    out.append("\n".join("> " + line if line else ">" for line in inner.split("\n")))
    out.append("\n\n")


def _render_row(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    cells = [_tidy(_render_inline(c)).replace("\n", " ").replace("|", "\\|") for c in el
             if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
    if cells:
        out.append("\n| " + " | ".join(cells) + " |")
        if all(isinstance(c.tag, str) and c.tag.lower() == "th" for c in el if isinstance(c.tag, str)):
            out.append("\n|" + " --- |" * len(cells))


def _render_term(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    out.append("\n\n")
    _wrap(out, el, "**", list_stack, pre)
    out.append("\n")


def _render_block(out: list[str], el, list_stack: list[list], pre: bool) -> None:
    if not list_stack:
        out.append("\n\n")
    if len(el):
        _render_children(out, el, list_stack, pre)
    elif el.text:  # a plain-text paragraph: no call for the empty child loop
        _text(out, el.text, pre)
    if not list_stack:
        out.append("\n\n")


_HANDLERS = {
    **dict.fromkeys(("script", "style", "head", "title", "template", "noscript"), _render_nothing),
    **dict.fromkeys(_HEADINGS, _render_heading),
    "ul": _render_list, "ol": _render_list, "li": _render_item, "br": _render_br, "hr": _render_hr,
    "b": _render_strong, "strong": _render_strong, "i": _render_em, "em": _render_em,
    "s": _render_strike, "del": _render_strike, "strike": _render_strike,
    "code": _render_code, "pre": _render_pre, "a": _render_link, "blockquote": _render_quote, "tr": _render_row,
    "dt": _render_term,
    **dict.fromkeys((*_BLOCK, "dd", "caption", "thead", "tbody", "tfoot"), _render_block),
}


def _render_inline(el) -> str:
    out: list[str] = []
    _render_children(out, el, [], False)
    return "".join(out)


_LIST_LINE = re.compile(r"^\s*(?:- |\d+\. )")


def _tidy(md: str) -> str:
    # Skip the per-line pass when it would change nothing: no fence, no line starting with a space or ending
    # in whitespace (isprintable() is False for every whitespace but " "). True for ~60% of descriptions.
    if not (
        "```" not in md and " \n" not in md and "\n " not in md and md[:1] != " " and md[-1:] != " "
        and md.replace("\n", "").isprintable()
    ):
        md = _tidy_lines(md)
    # = re.sub(r"\n{3,}", "\n\n", md): each pass shortens every run of 3+ newlines, without a regex scan
    while "\n\n\n" in md:
        md = md.replace("\n\n\n", "\n\n")
    return md.strip()


def _tidy_lines(md: str) -> str:
    out = []
    fenced = False
    for line in md.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
            out.append(line)
            continue
        if fenced or not line or (line[0] != " " and not line[-1].isspace()):
            out.append(line)  # nothing to strip
            continue
        hard_break = line.endswith("  ") and line.strip()
        line = line.rstrip()
        # lstrip(" ") changes only a line that starts with a space
        if line[:1] == " " and not line.startswith("    ") and not _LIST_LINE.match(line):
            line = line.lstrip(" ")
        out.append(line + "  " if hard_break else line)
    return "\n".join(out)


_PARSER = None


def _parser():
    global _PARSER
    if _PARSER is None:
        from lxml import etree

        _PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)
    return _PARSER


def _wrapper_div(doc):
    """``doc.find("body/div")``: the <div> the fragment was wrapped in; direct indexing first (find() parses
    its path on every call)."""
    if doc is None:
        return None
    if len(doc) and doc[0].tag == "body":
        body = doc[0]
        if len(body) and body[0].tag == "div":
            return body[0]
    return doc.find("body/div")


def html_to_markdown(html: str | None) -> str | None:
    """Markdown for a description (best on sanitized HTML). ``None`` when there is no text. Never raises."""
    if not html or not isinstance(html, str):
        return None
    try:
        from lxml import etree

        # plain lxml elements (no lxml.html class lookup): about 2x faster to walk
        doc = etree.fromstring(f"<html><body><div>{html}</div></body></html>", _parser())
        root = _wrapper_div(doc)
        if root is None:
            return None
        out: list[str] = []
        _render_children(out, root, [], False)
        md = _tidy("".join(out))
    except Exception:  # noqa: BLE001
        return None
    return md or None
