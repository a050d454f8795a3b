"""A page's elements filed by attribute (id, class words, data-testid, any other), which an extractor running
many CSS queries on one document answers from instead of one XPath walk each.

Every CSS query through parsel is an XPath evaluation over every element (0.03-0.07 ms on a 10 KB bench page,
4x that on real pages) plus a ``Selector`` per match. An attribute's list here costs one such walk, the first
time a query tests that attribute; every later query testing it is a dict or list look-up and a few ancestor
tests in Python. A Python walk over every element was measured too and does not pay: each element proxy lxml
creates goes through lxml.html's Python class look-up, so the walk cost as much as the ~20 queries of Indeed's
header it replaced (bench pages, extract_page with/without it: ratio 1.01).

:func:`page_index` switches a document to the index (``query.css`` and ``query.css_elements`` then answer from
it); callers do so where a page runs many queries (Indeed's viewjob page and search pane).

Only a small CSS subset is answered here: compound selectors of a tag, ``#id``, ``.class``, ``[attr]``,
``[attr=v]``, ``[attr*=v]``, ``[attr^=v]``, ``[attr$=v]``, ``[attr~=v]``, ``:first-child``, ``:last-child``,
joined by descendant or child combinators, in comma lists, where some compound tests an attribute. Anything else
(``::text``, ``:not()``, ``+``, a tag alone) returns None and the caller runs the query as before. The matches
are the ones cssselect's XPath finds, in document order, inside the document's root element (the element
``Selector.css`` queries).
"""

from __future__ import annotations

import re
import weakref
from functools import lru_cache
from typing import Any, Callable, Iterable

import cssselect
from lxml import etree
from parsel import Selector

__all__ = ["PageIndex", "in_document_order", "indexed", "page_index"]

# XPath's normalize-space() (behind cssselect's class and ~= tests) splits on these four characters only
_XML_SPACE = re.compile(r"[ \t\r\n]+")
_ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9_-]*")  # names safe to put in an XPath


def _words(value: str) -> list[str]:
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return [word for word in value.split(" ") if word]


class PageIndex:
    """The elements of one document under ``root`` that carry an attribute, filed by its value; each attribute's
    list is built by one walk the first time a query tests that attribute."""

    __slots__ = ("root", "_attributes", "_classes")

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self._attributes: dict[str, list[tuple[etree._Element, str]]] = {}
        self._classes: dict[str, list[etree._Element]] | None = None

    def with_attribute(self, name: str) -> list[tuple[etree._Element, str]]:
        """(element, value) of every element carrying attribute ``name``, in document order."""
        entries = self._attributes.get(name)
        if entries is None:
            # libxml2 walks; Python sees only the elements that carry the attribute (each new element proxy
            # costs a call into lxml.html's Python class look-up, so a Python walk of every element would not pay)
            entries = self._attributes[name] = [(el, el.get(name)) for el in _carriers(name)(self.root)]
        return entries

    @property
    def classes(self) -> dict[str, list[etree._Element]]:
        """Class word -> the elements carrying it, in document order."""
        if self._classes is None:
            classes: dict[str, list[etree._Element]] = {}
            for el, value in self.with_attribute("class"):
                for word in _words(value):
                    holders = classes.get(word)
                    if holders is None:
                        classes[word] = [el]
                    elif holders[-1] is not el:  # class="a a"
                        holders.append(el)
            self._classes = classes
        return self._classes

    @property
    def single_root(self) -> bool:
        """Whether the root is the document's only top-level element: then "//" XPath queries, which reach
        every top-level element, see exactly the elements indexed here."""
        root = self.root
        return (root.getparent() is None and next(root.itersiblings(etree.Element), None) is None
                and next(root.itersiblings(etree.Element, preceding=True), None) is None)

    def first_with_id(self, ident: str) -> etree._Element | None:
        """The first element whose id is ``ident`` (as XPath ``id()`` and ``getElementById`` find it)."""
        return next((el for el, value in self.with_attribute("id") if value == ident), None)

    def css(self, query: str) -> list[etree._Element] | None:
        """The elements ``Selector.css(query)`` finds on the document, or None for a query outside the subset."""
        plan = _plan(query)
        if plan is None:
            return None
        if len(plan) == 1:
            return plan[0](self)
        results = [found for found in (branch(self) for branch in plan) if found]
        if len(results) < 2:
            return results[0] if results else []
        return in_document_order(el for found in results for el in found)


@lru_cache(maxsize=64)
def _carriers(name: str) -> etree.XPath:
    return etree.XPath(f".//@{name}/..")  # relative: the root's subtree, as CSS queries on the document


def _position(el: etree._Element) -> list[int]:
    """The child indexes from the top element down to ``el``: lists that sort in document order (an ancestor's
    is a prefix of its descendants'). Computed for the few elements of a merged result only: a position map of
    the whole page would create a Python proxy per element, each through lxml.html's Python class look-up."""
    path = []
    parent = el.getparent()
    while parent is not None:
        path.append(parent.index(el))
        el, parent = parent, parent.getparent()
    path.reverse()
    return path


def in_document_order(elements: Iterable[etree._Element]) -> list[etree._Element]:
    """The distinct elements, in document order."""
    return sorted(dict.fromkeys(elements), key=_position)


_indexes: weakref.WeakKeyDictionary[Selector, PageIndex] = weakref.WeakKeyDictionary()


def page_index(sel: Selector) -> PageIndex:
    """The index of a document selector, built on first use and kept as long as the selector lives."""
    index = _indexes.get(sel)
    if index is None:
        index = _indexes[sel] = PageIndex(sel.root)
    return index


def indexed(sel: Selector) -> PageIndex | None:
    """The index of ``sel`` if one was built, else None (without building it)."""
    return _indexes.get(sel)


# --- CSS to look-ups -------------------------------------------------------------------------------------------

Test = Callable[[etree._Element], bool]
Branch = Callable[[PageIndex], list[etree._Element]]


class _Unsupported(Exception):
    pass


def _attribute_test(name: str, operator: str, value: str | None) -> Callable[[str | None], bool]:
    """cssselect's attribute operators (HTML translator: values compare case-sensitively)."""
    if operator == "exists":
        return lambda v: v is not None
    assert value is not None
    if operator == "=":
        return lambda v: v == value
    if operator == "*=":
        return (lambda v: v is not None and value in v) if value else (lambda v: False)
    if operator == "^=":
        return (lambda v: v is not None and v.startswith(value)) if value else (lambda v: False)
    if operator == "$=":
        return (lambda v: v is not None and v.endswith(value)) if value else (lambda v: False)
    if operator == "~=":
        if not value or _XML_SPACE.search(value):
            return lambda v: False
        return lambda v: v is not None and value in _words(v)
    raise _Unsupported(operator)


class _Compound:
    """One compound selector (``div.a[data-x="y"]:first-child``): its conditions, and the index list that
    narrows the candidates fastest."""

    def __init__(self, tree: Any) -> None:
        self.tag: str | None = None
        self.tests: list[Test] = []
        self.other_tests: list[Test] = []  # the tests but the one the candidates were looked up by
        self.source: tuple[str, str, Any] | None = None  # ("class", word) / ("attr", name, value test)
        node = tree
        while True:
            if isinstance(node, cssselect.parser.Element):
                if node.namespace not in (None, "*"):
                    raise _Unsupported("namespace")
                if node.element not in (None, "*"):
                    self.tag = node.element.lower()
                break
            if isinstance(node, cssselect.parser.Class):
                word = node.class_name
                self._add(("class", word, None), lambda el, w=word: w in _words(el.get("class") or ""))
            elif isinstance(node, cssselect.parser.Hash):
                ident = node.id
                test = _attribute_test("id", "=", ident)
                self._add(("attr", "id", test), lambda el, t=test: t(el.get("id")))
            elif isinstance(node, cssselect.parser.Attrib):
                if node.namespace not in (None, "*"):
                    raise _Unsupported("namespace")
                name = node.attrib.lower()
                if not _ATTRIBUTE_NAME.fullmatch(name):
                    raise _Unsupported(name)
                value = getattr(node.value, "value", node.value)
                test = _attribute_test(name, node.operator, value)
                self._add(("attr", name, test), lambda el, n=name, t=test: t(el.get(n)))
            elif isinstance(node, cssselect.parser.Pseudo) and node.ident in ("first-child", "last-child"):
                preceding = node.ident == "first-child"
                test = lambda el, p=preceding: next(el.itersiblings(etree.Element, preceding=p), None) is None  # noqa: E731
                self.tests.append(test)
                self.other_tests.append(test)
            else:
                raise _Unsupported(type(node).__name__)
            node = node.selector

    def _add(self, source: tuple[str, str, Any], test: Test) -> None:
        if self.source is None:
            self.source = source  # the rightmost class/attribute condition: its list is the candidates
        else:
            self.other_tests.append(test)
        self.tests.append(test)

    def matches_candidate(self, el: etree._Element) -> bool:
        """:meth:`matches` for an element of :meth:`candidates`."""
        if self.tag is not None and el.tag != self.tag:
            return False
        return all(test(el) for test in self.other_tests)

    def matches(self, el: etree._Element) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        return all(test(el) for test in self.tests)

    def candidates(self, index: PageIndex) -> list[etree._Element]:
        assert self.source is not None
        if self.source[0] == "class":
            return index.classes.get(self.source[1], [])
        test = self.source[2]
        return [el for el, value in index.with_attribute(self.source[1]) if test(value)]


def _branch(tree: Any) -> Branch:
    """The look-up of one comma-separated branch: candidates of its last compound, filtered by the rest; when
    the last compound names a tag alone ("nav.pagination a"), that tag under the matches of the rest."""
    if isinstance(tree, cssselect.parser.CombinedSelector):
        last = _Compound(tree.subselector)
        if last.source is None:
            if tree.combinator not in (" ", ">"):
                raise _Unsupported(tree.combinator)
            return _under(_branch(tree.selector), tree.combinator == ">", last)
    return _from_candidates(tree)


def _under(containers: Branch, children_only: bool, last: _Compound) -> Branch:
    tag = last.tag or etree.Element

    def lookup(index: PageIndex) -> list[etree._Element]:
        found: dict[etree._Element, None] = {}
        outer = containers(index)
        for container in outer:
            for el in (container.iterchildren(tag) if children_only else container.iterdescendants(tag)):
                if last.matches(el):
                    found[el] = None
        if len(outer) > 1:  # nested containers: the same element twice, out of document order
            return in_document_order(found)
        return list(found)

    return lookup


def _from_candidates(tree: Any) -> Branch:
    # right to left: the subject, then each compound left of it with the combinator on its right
    subject: _Compound | None = None
    rest: list[_Compound] = []
    links: list[str] = []  # links[i]: the combinator between rest[i] and the compound right of it
    node = tree
    while isinstance(node, cssselect.parser.CombinedSelector):
        if node.combinator not in (" ", ">"):
            raise _Unsupported(node.combinator)
        if subject is None:
            subject = _Compound(node.subselector)
        else:
            rest.append(_Compound(node.subselector))
        links.append(node.combinator)
        node = node.selector
    if subject is None:
        subject = _Compound(node)
    else:
        rest.append(_Compound(node))
    if subject.source is None:
        # a tag alone ("div", "div:first-child"): every such element of the page would be tested in Python,
        # where libxml2's walk is faster
        raise _Unsupported("a compound without a class, id or attribute")

    def lookup(index: PageIndex) -> list[etree._Element]:
        root = index.root
        out = []
        for el in subject.candidates(index):
            if subject.matches_candidate(el) and _left_matches(el, 0, rest, links, root):
                out.append(el)
        return out

    return lookup


def _left_matches(el: etree._Element, i: int, rest: list[_Compound], links: list[str],
                  root: etree._Element) -> bool:
    """Whether the compounds left of ``el`` (``rest[i:]``) match its ancestors, within ``root``."""
    if i == len(rest):
        return True
    compound = rest[i]
    if el is root:
        return False
    if links[i] == ">":
        parent = el.getparent()
        return parent is not None and compound.matches(parent) and _left_matches(parent, i + 1, rest, links, root)
    for ancestor in el.iterancestors():
        if compound.matches(ancestor) and _left_matches(ancestor, i + 1, rest, links, root):
            return True
        if ancestor is root:
            break
    return False


@lru_cache(maxsize=512)
def _plan(query: str) -> tuple[Branch, ...] | None:
    try:
        branches = cssselect.parse(query)
        return tuple(_branch(b.parsed_tree) for b in branches if b.pseudo_element is None) \
            if all(b.pseudo_element is None for b in branches) else None
    except (cssselect.SelectorError, _Unsupported):
        return None
