"""Whole-document queries that skip the tree walk when the page source cannot match.

Every CSS or XPath query over a document visits every element. Most of the queries an extractor runs find
nothing on a given page: other sites' markup, fallbacks behind a first choice that matched, bot-check and
pagination probes. A selector that names a class, an id or an attribute value can only match when that literal
appears in the page source. A substring test on the source costs 50-70 µs on a 300 KB page, where one walk
costs 0.3-1.9 ms there (two real pages from ../shared/realpages) and 0.05-0.2 ms on a 10 KB bench page.

``css(sel, query)`` derives the literals from the selector itself (cssselect's parser); ``xpath(sel, query,
*needles)`` and ``union(sel, *(xpath, needle))`` take them from the caller; ``by_id`` uses libxml2's id index.
The test runs only on document selectors, whose source text parsel keeps (``Selector._text``); queries on
sub-selectors run as usual.

The one case where a skipped query would have matched: a literal the page writes with character references
(``class="job&#45;title"``). Needles holding characters that are commonly escaped (``& < > " '``, non-ASCII,
whitespace) are not used, so the remaining risk is a generator escaping plain ASCII letters, which we accept.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import cssselect
from cssselect import GenericTranslator
from parsel.csstranslator import HTMLTranslator
from lxml import etree
from parsel import Selector, SelectorList

from jobcrawl.extract.page_index import indexed

__all__ = ["Folded", "attribute_axis_xpath", "by_id", "compiled", "css", "css_elements", "may_contain", "needles_of", "union", "values", "xpath"]

_UNSAFE = set("&<>\"'\\") | set(" \t\r\n\f")
_VALUE_OPERATORS = ("=", "~=", "|=", "^=", "$=", "*=")


def _safe(literal: str | None) -> bool:
    return bool(literal) and literal.isascii() and not (_UNSAFE & set(literal))


class Folded(str):
    """A needle matched ignoring case: tag and attribute names, or values an XPath compares through translate()."""

    def __new__(cls, value: str) -> Folded:
        return super().__new__(cls, value.lower())


# str: case-sensitive literal; Folded: lower-case literal sought in the lower-cased source; Pattern: a regex
# (written in lower case) sought in the lower-cased source
Needle = str | re.Pattern[str]


def _literals(node: object, out: list[Needle]) -> bool:
    """Collect literals every match of ``node`` must show in the source; False when a part is not understood."""
    if isinstance(node, cssselect.parser.Element):
        return True
    if isinstance(node, cssselect.parser.Class):
        if _safe(node.class_name):
            out.append(node.class_name)
        return _literals(node.selector, out)
    if isinstance(node, cssselect.parser.Hash):
        if _safe(node.id):
            out.append(node.id)
        return _literals(node.selector, out)
    if isinstance(node, cssselect.parser.Attrib):
        value = getattr(node.value, "value", node.value)
        if node.operator in _VALUE_OPERATORS and isinstance(value, str) and _safe(value):
            out.append(value)
        elif node.operator == "exists" and _safe(node.attrib):
            # attribute names are case-insensitive in HTML source ("DATA-JK="); lxml lowercases them
            out.append(Folded(node.attrib))
        return _literals(node.selector, out)
    if isinstance(node, cssselect.parser.CombinedSelector):
        return _literals(node.selector, out) and _literals(node.subselector, out)
    if isinstance(node, (cssselect.parser.Pseudo, cssselect.parser.Function, cssselect.parser.Negation)):
        # what a pseudo-class or :not() adds is a condition, not a literal; only its subject counts
        return _literals(node.selector, out)
    return False


@lru_cache(maxsize=1024)
def needles_of(query: str) -> tuple[tuple[Needle, ...], ...] | None:
    """One tuple of required literals per comma-separated branch; None when the query cannot be guarded."""
    try:
        branches = cssselect.parse(query)
    except cssselect.SelectorError:
        return None
    out: list[tuple[str, ...]] = []
    for branch in branches:
        literals: list[Needle] = []
        if not _literals(branch.parsed_tree, literals) or not literals:
            return None  # a branch without literals could match any page
        out.append(tuple(literals))
    return tuple(out)


def _source(sel: Selector) -> str | None:
    text = getattr(sel, "_text", None)
    return text if isinstance(text, str) else None


_last_folded: list[tuple[str, str]] = [("", "")]  # (source, source.lower()) of the last page: one lower() a page


def _folded(text: str) -> str:
    source, folded = _last_folded[0]  # one read of the pair: safe should two threads extract at once
    if source is not text:
        folded = text.lower()
        _last_folded[0] = (text, folded)
    return folded


def _present(needle: Needle, text: str) -> bool:
    if type(needle) is str:
        return needle in text
    if isinstance(needle, Folded):
        return needle in _folded(text)
    return needle.search(_folded(text)) is not None


def _may_match(text: str, branches: tuple[tuple[Needle, ...], ...]) -> bool:
    for branch in branches:
        for needle in branch:
            if not _present(needle, text):
                break
        else:
            return True
    return False


_ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9_-]*")


def _attribute_test(tree: object) -> tuple[str, str | None] | None:
    """(attribute name, XPath predicate on the attribute node or None for "exists") of a one-attribute compound
    of any element (``#x``, ``.x``, ``[x]``, ``[x="v"]``, ``[x*="v"]``), else None."""
    if isinstance(tree, cssselect.parser.Hash):  # "#x": every element with that id, as CSS (by_id keeps the first)
        name, value = "id", tree.id
        test: str | None = f". = {GenericTranslator.xpath_literal(value)}"
    elif isinstance(tree, cssselect.parser.Class):
        name, value = "class", tree.class_name
        # cssselect's class test, with the cheap contains() first as cssselect writes it
        test = (f"contains(., {GenericTranslator.xpath_literal(value)}) and "
                f"contains(concat(' ', normalize-space(.), ' '), {GenericTranslator.xpath_literal(f' {value} ')})")
    elif isinstance(tree, cssselect.parser.Attrib) and tree.namespace is None:
        name, value = tree.attrib.lower(), getattr(tree.value, "value", tree.value)  # HTML: names ignore case
        if tree.operator == "exists":
            test = None
        elif tree.operator == "=" and isinstance(value, str):
            test = f". = {GenericTranslator.xpath_literal(value)}"
        elif tree.operator == "*=" and isinstance(value, str) and value:
            test = f"contains(., {GenericTranslator.xpath_literal(value)})"
        else:
            return None
    else:
        return None
    subject = tree.selector
    if not (isinstance(subject, cssselect.parser.Element) and subject.element is None and subject.namespace is None):
        return None  # a tag name lets libxml2 skip other elements before the test: the plain query is fast
    if not _ATTRIBUTE_NAME.fullmatch(name):
        return None
    return name, test


def _attribute_step(name: str, tests: list[str | None]) -> str:
    """The elements carrying attribute ``name`` that passes any of ``tests`` (relative: a page can hold a second
    top-level <html> that CSS queries never see)."""
    if any(test is None for test in tests):
        return f".//@{name}/.."
    predicate = " or ".join(f"({test})" for test in tests) if len(tests) > 1 else tests[0]
    return f".//@{name}[{predicate}]/.."


_TRANSLATOR = HTMLTranslator()


def _combined_xpath(tree: object) -> str | None:
    """``A B`` / ``A > B`` whose leftmost compound is a one-attribute test: the attribute-axis step of ``A``, then
    cssselect's own translation of each compound right of it, as a descendant or child step."""
    if not isinstance(tree, cssselect.parser.CombinedSelector) or tree.combinator not in (" ", ">"):
        return None
    if isinstance(tree.selector, cssselect.parser.CombinedSelector):
        left = _combined_xpath(tree.selector)
    else:
        first = _attribute_test(tree.selector)
        left = _attribute_step(first[0], [first[1]]) if first is not None else None
    if left is None:
        return None
    right = _TRANSLATOR.xpath(tree.subselector)
    if right.path:  # a compound translates to one step; anything else is not understood here
        return None
    return f"{left}/{'descendant::' if tree.combinator == ' ' else ''}{right}"


@lru_cache(maxsize=1024)
def attribute_axis_xpath(query: str) -> str | None:
    """An XPath for a CSS query whose every branch tests one attribute of any element (``[data-testid="x"]``,
    ``.job-title``, ``#content``, ``[data-jk]``), or starts with such a test before descendant/child steps
    (``.company a``, ``[data-testid="header"] > div:last-child``), stepping through attribute nodes; None for
    any other query.

    cssselect writes ``descendant-or-self::*[@data-testid = 'x']``, which libxml2 answers by evaluating the
    predicate on every element; ``.//@data-testid[. = 'x']/..`` evaluates it only on the elements that carry the
    attribute (2-5x faster on the bench pages). Branches testing the same attribute share one walk
    (``.//@data-testid[. = 'a' or . = 'b']/..``). Same elements, in document order.
    """
    try:
        branches = cssselect.parse(query)
    except cssselect.SelectorError:
        return None
    by_name: dict[str, list[str | None]] = {}
    steps: list[str] = []
    for branch in branches:
        if branch.pseudo_element is not None:
            return None
        tested = _attribute_test(branch.parsed_tree)
        if tested is not None:
            by_name.setdefault(tested[0], []).append(tested[1])
            continue
        combined = _combined_xpath(branch.parsed_tree)
        if combined is None:
            return None
        steps.append(combined)
    steps = [_attribute_step(name, tests) for name, tests in by_name.items()] + steps
    return " | ".join(steps)


def css(sel: Selector, query: str) -> SelectorList:
    """``sel.css(query)``, skipped (empty result) when ``sel`` is a document whose source lacks the literals;
    an indexed document answers from its index (jobcrawl.extract.page_index), others answer attribute tests
    through the attribute axis (:func:`attribute_axis_xpath`)."""
    text = _source(sel)
    if text is not None:
        branches = needles_of(query)
        if branches is not None and not _may_match(text, branches):
            return SelectorList([])
        index = indexed(sel)
        found = index.css(query) if index is not None else None
        if found is not None:
            return SelectorList([Selector(root=el, _expr=query, namespaces=sel.namespaces, type="html")
                                 for el in found])
        fast = attribute_axis_xpath(query)
        if fast is not None:
            return sel.xpath(fast)
    return sel.css(query)


def css_elements(sel: Selector, query: str) -> list[etree._Element]:
    """The lxml elements :func:`css` finds, without a ``Selector`` per match for document queries."""
    text = _source(sel)
    if text is not None:
        branches = needles_of(query)
        if branches is not None and not _may_match(text, branches):
            return []
        index = indexed(sel)
        found = index.css(query) if index is not None else None
        if found is not None:
            return found
        fast = attribute_axis_xpath(query)
        if fast is not None:
            return compiled(fast)(sel.root)
    return [one.root for one in sel.css(query)]


@lru_cache(maxsize=256)
def compiled(xpath_query: str) -> etree.XPath:
    """``xpath_query`` compiled once, returning plain strings: ``element.xpath(q)`` compiles ``q`` on every call
    and wraps each string result with a reference to its parent ("smart strings")."""
    return etree.XPath(xpath_query, smart_strings=False)


def values(sel: Selector, query: str, *needles: Needle) -> list[Any]:
    """The results of ``xpath(sel, query, *needles)`` for a node-set query on an element selector, as lxml gives
    them (elements; plain strings for text and attribute nodes, as ``.getall()`` reads them): no ``Selector`` per
    result."""
    text = _source(sel)
    if text is not None and needles and not any(_present(needle, text) for needle in needles):
        return []
    return compiled(query)(sel.root)


def xpath(sel: Selector, query: str, *needles: Needle, **kwargs: object) -> SelectorList:
    """``sel.xpath(query)``, skipped when ``sel`` is a document whose source holds none of ``needles``.

    Callers name needles (see ``Needle``) of which at least one appears in the source of any page the query
    matches.
    """
    text = _source(sel)
    if text is not None and needles and not any(_present(needle, text) for needle in needles):
        return SelectorList([])
    return sel.xpath(query, **kwargs)


def union(sel: Selector, *branches: tuple[str, Needle]) -> SelectorList:
    """The XPath union (``a | b``) of the ``(xpath, needle)`` branches whose needle is in the source of ``sel``.

    A union is one walk per branch; dropping the branches that cannot match leaves the result (in document
    order) unchanged.
    """
    text = _source(sel)
    present = [xp for xp, needle in branches if text is None or _present(needle, text)]
    return sel.xpath(" | ".join(present)) if present else SelectorList([])


def may_contain(sel: Selector, needle: Needle) -> bool:
    """False only where a query guarded by ``needle`` is skipped: ``sel`` is a document whose source lacks it."""
    text = _source(sel)
    return text is None or _present(needle, text)


def by_id(sel: Selector, ident: str) -> SelectorList:
    """The first element whose id is ``ident``, as ``getElementById`` finds it: a list of at most one.

    libxml2 indexes HTML id attributes while parsing, so XPath ``id()`` is a hash lookup where ``#ident`` walks
    every element (10x faster on the bench and real pages). With duplicate ids (invalid HTML) only the first
    counts, as in a browser.
    """
    text = _source(sel)
    if text is None or not ident.isascii() or not ident.replace("-", "").replace("_", "").isalnum():
        return sel.css(f"#{ident}")[:1]  # a sub-selector (id() is document-wide) or an id needing escapes
    if ident not in text:
        return SelectorList([])
    return sel.xpath(f"id('{ident}')")
