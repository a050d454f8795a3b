"""The page index answers CSS queries with the elements parsel's CSS finds, in document order."""

from __future__ import annotations

from parsel import Selector

from jobcrawl.extract import query
from jobcrawl.extract.page_index import PageIndex, in_document_order, page_index

PAGE = (
    '<html><body><div class="c x" id="a"><div class="c  c"><a>1</a></div><a data-testid="t-1">2</a></div>'
    '<a class="x">3</a><ul data-testid="h"><li>x</li><!-- c --><li class="c">y</li><li><b data-k>z</b></li></ul>'
    '<p class="\tx\nc " data-testid="salary-box">4</p></body></html>'
)
QUERIES = [
    ".c", ".x", "#a", "[data-testid]", '[data-testid="h"]', '[data-testid*="salary"]', '[data-testid^="t-"]',
    '[data-testid$="box"]', "[class~=x]", ".c a", ".c > a", '[data-testid="h"] > li:last-child',
    '[data-testid="h"] li:first-child', ".c a, [data-testid] li", ".c .c a", "a.x", "ul [data-k]", ".x, .c",
    "[data-testid] > [data-k], #a", "div.c > div.c > a:first-child",
]


def test_index_queries_find_what_css_finds() -> None:
    page = Selector(text=PAGE)
    index = PageIndex(page.root)
    for css in QUERIES:
        assert index.css(css) == [n.root for n in page.css(css)], css


def test_queries_outside_the_subset_are_left_to_parsel() -> None:
    index = PageIndex(Selector(text=PAGE).root)
    for css in ("a", "li:nth-child(2)", ".c + a", "a::text", ":not(.c)", "[data-x|=a]"):
        assert index.css(css) is None, css


def test_an_indexed_document_answers_query_css_the_same() -> None:
    plain, indexed = Selector(text=PAGE), Selector(text=PAGE)
    page_index(indexed)
    for css in [*QUERIES, "a", "li:nth-child(2)"]:
        assert [n.get() for n in query.css(indexed, css)] == [n.get() for n in query.css(plain, css)], css
        assert [n.root.text for n in query.css(indexed, css)] == [el.text for el in query.css_elements(indexed, css)]


def test_the_index_stays_inside_the_root_element() -> None:
    page = Selector(text='<html><body><p class="a">1</p></body></html><html><body><p class="a">2</p></body></html>')
    index = page_index(page)
    assert [el.text for el in index.css(".a")] == ["1"]
    assert not index.single_root


def test_document_order_of_merged_elements() -> None:
    page = Selector(text=PAGE)
    els = [n.root for n in page.css("li, a, b")]
    assert in_document_order(reversed(els + els[:2])) == els
