"""Guarded document queries (jobcrawl.extract.query): same results as the plain query, skipped only when the
page source cannot match."""

from __future__ import annotations

from pathlib import Path

import pytest
from parsel import Selector

from jobcrawl.extract import generic, indeed, listing, query
from jobcrawl.extract.__init__ import _BOT_MARKUP

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures" / "pages").glob("*/page.html")) + sorted((ROOT / "fixtures" / "demo").rglob("*.html"))
QUERIES = [
    indeed.DESCRIPTION_CSS, _BOT_MARKUP, listing._ANY_PAGINATION, *listing.PAGINATION_CSS,
    *generic.DESCRIPTION_CSS, 'link[rel="canonical"]', "a.job-link::attr(href), a[data-job-link]::attr(href)",
    "a.jcs-JobTitle::attr(data-jk), [data-jk]::attr(data-jk)", '[data-testid="inlineHeader-companyName"]',
    '[data-testid="jobsearch-CompanyInfoContainer"] [data-company-name]', ".jobsearch-InlineCompanyRating > div:first-child",
    "input[type=password], input[type=email], input[autocomplete=username]", ".vjs-highlight [data-jk]",
    "[aria-current='true'] [data-jk]", ".topcard__flavor:not(.topcard__flavor--bullet)", "h1", "title::text",
]


def test_needles_come_from_classes_ids_and_attribute_values() -> None:
    assert query.needles_of("a.jcs-JobTitle::attr(data-jk)") == (("jcs-JobTitle",),)
    assert query.needles_of("#jobDescriptionText") == (("jobDescriptionText",),)
    assert query.needles_of('nav[aria-label*="agination"] a, .pagination a') == (("agination",), ("pagination",))
    assert query.needles_of(".a:not(.b) > div:first-child") == (("a",),)  # what :not() excludes is no literal


def test_attribute_names_are_matched_ignoring_case() -> None:
    (branch,) = query.needles_of("[data-jk]")
    (needle,) = branch
    assert isinstance(needle, query.Folded) and needle == "data-jk"
    page = Selector(text='<html><body><a DATA-JK="0123456789abcdef">x</a></body></html>')
    assert query.css(page, "[data-jk]::attr(data-jk)").getall() == ["0123456789abcdef"]


def test_queries_without_a_literal_in_some_branch_are_never_skipped() -> None:
    assert query.needles_of("h1") is None
    assert query.needles_of(".job-title, h1") is None
    page = Selector(text="<html><body><h1>Engineer</h1></body></html>")
    assert query.css(page, ".job-title, h1::text").getall() == ["Engineer"]


def test_escaped_literals_are_not_used_as_needles() -> None:
    # "a&b" could be written "a&amp;b" in the source: the branch runs unguarded
    assert query.needles_of('a[href*="a&b"]') is None
    page = Selector(text='<html><body><a href="/x?a&amp;b=1">x</a></body></html>')
    assert query.css(page, 'a[href*="a&b"]::attr(href)').getall() == ["/x?a&b=1"]


def test_absent_literal_skips_the_walk_and_sub_selectors_always_run() -> None:
    page = Selector(text='<html><body><div class="job-description"><p class="x">hi</p></div></body></html>')
    assert query.css(page, ".salary") == []
    assert query.css(page, ".job-description .x::text").getall() == ["hi"]
    node = page.css(".job-description")[0]
    assert query.css(node, ".x::text").getall() == ["hi"]
    assert query.xpath(page, "//p/text()", "no-such-literal") == []
    assert query.xpath(page, "//p/text()", "class=").getall() == ["hi"]
    assert query.xpath(node, ".//p/text()", "no-such-literal").getall() == ["hi"]  # no source: not guarded


@pytest.mark.parametrize("page_path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_guarded_queries_return_what_plain_queries_return(page_path: Path) -> None:
    page = Selector(text=page_path.read_text(encoding="utf-8", errors="replace"))
    for css in QUERIES:
        assert query.css(page, css).getall() == page.css(css).getall(), css


def test_union_keeps_document_order_of_the_branches_that_can_match() -> None:
    page = Selector(text='<html><body><p class="b">1</p><p id="a">2</p><p class="b">3</p></body></html>')
    both = query.union(page, ('//*[@id="a"]/text()', "a"), ('//*[@class="b"]/text()', "b"))
    assert both.getall() == ["1", "2", "3"]
    assert query.union(page, ('//*[@id="a"]/text()', "a"), ('//*[@class="z"]/text()', "class=\"z")).getall() == ["2"]
    assert query.union(page, ('//*[@id="y"]', "id=\"y"), ('//*[@class="z"]', "class=\"z")) == []


def test_by_id_finds_the_first_element_with_that_id_in_documents_and_sub_selectors() -> None:
    page = Selector(text='<html><body><div id="a" class="one"><p ID="b">x</p></div><p id="a" class="two"></p>'
                         '<p id="c.d">y</p></body></html>')
    assert query.by_id(page, "a").xpath("@class").getall() == ["one"]
    assert query.by_id(page, "b").xpath("text()").getall() == ["x"]  # attribute names ignore case
    assert query.by_id(page, "zzz") == []
    assert query.by_id(page, "c.d") == []  # "#c.d" means id c and class d: no such element
    node = page.css("div")[0]
    assert query.by_id(node, "b").xpath("text()").getall() == ["x"]


@pytest.mark.parametrize("page_path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_by_id_agrees_with_the_first_css_match(page_path: Path) -> None:
    page = Selector(text=page_path.read_text(encoding="utf-8", errors="replace"))
    ids = set(page.xpath("//@id").getall()) | {"jobDescriptionText", "salaryInfoAndJobType", "no-such-id"}
    for ident in sorted(i for i in ids if i.replace("-", "").replace("_", "").isalnum()):
        assert query.by_id(page, ident).getall() == page.css(f"#{ident}")[:1].getall(), ident


def test_attribute_axis_xpath_covers_attribute_tests_on_any_element_only() -> None:
    assert query.attribute_axis_xpath('[data-testid="a"]') == ".//@data-testid[. = 'a']/.."
    assert query.attribute_axis_xpath("[DATA-JK]") == ".//@data-jk/.."
    assert query.attribute_axis_xpath("#content") == ".//@id[. = 'content']/.."
    assert query.attribute_axis_xpath('[data-testid*="salary"], .x') is not None
    for css in ("h1.title", 'link[rel="canonical"]', ".a.b", "[data-jk]::attr(data-jk)", '[a|="x"]',
                '[a*=""]', "div#id", "h1", "nav.x a", "[a] + b", "[a] ~ b"):
        assert query.attribute_axis_xpath(css) is None, css


def test_branches_testing_one_attribute_share_one_walk() -> None:
    assert query.attribute_axis_xpath('[data-testid="a"], .x, [data-testid="b"]') == (
        ".//@data-testid[(. = 'a') or (. = 'b')]/.. | "
        ".//@class[contains(., 'x') and contains(concat(' ', normalize-space(.), ' '), ' x ')]/.."
    )
    assert query.attribute_axis_xpath("[data-x], [data-x='1']") == ".//@data-x/.."


def test_descendant_and_child_steps_follow_a_leading_attribute_test() -> None:
    assert query.attribute_axis_xpath(".company a") == (
        ".//@class[contains(., 'company') and contains(concat(' ', normalize-space(.), ' '), ' company ')]/.."
        "/descendant::a"
    )
    assert query.attribute_axis_xpath('[data-testid="h"] > div') == ".//@data-testid[. = 'h']/../div"
    page = Selector(text='<html><body><div class="c"><div class="c"><a>1</a></div><a>2</a></div><a>3</a>'
                         '<ul data-testid="h"><li>x</li><!-- c --><li>y</li><li><li>z</li></li></ul></body></html>')
    for css in (".c a", ".c > a", '[data-testid="h"] > li:last-child', '[data-testid="h"] li:first-child',
                ".c a, [data-testid] li", ".c .c a"):
        assert [n.root for n in query.css(page, css)] == [n.root for n in page.css(css)], css
        assert query.css_elements(page, css) == [n.root for n in page.css(css)], css


ATTRIBUTE_QUERIES = [
    '[data-testid="jobsearch-JobInfoHeader-title"]', "[data-company-name]", '[data-testid*="salary"]', ".job-description",
    ".jobsearch-JobMetadataFooter, [data-testid='jobsearch-JobMetadataFooter']", '[itemprop="description"]', "[id]",
    "[class]", ".a", '[data-x="a b"]', "[data-jk]", "#content", "#job-description", "#jobDescriptionText",
    '[data-testid="jobsearch-CompanyInfoContainer"] [data-company-name]', ".jobsearch-CompanyInfoContainer a",
    ".jobsearch-JobInfoHeader-subtitle > div:last-child", indeed._HEADER_CSS, "[id] a, [class] > span:first-child",
]


@pytest.mark.parametrize("page_path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_attribute_axis_queries_find_the_elements_css_finds(page_path: Path) -> None:
    page = Selector(text=page_path.read_text(encoding="utf-8", errors="replace"))
    for css in ATTRIBUTE_QUERIES:
        assert [n.root for n in query.css(page, css)] == [n.root for n in page.css(css)], css
        assert query.css_elements(page, css) == [n.root for n in page.css(css)], css


def test_attribute_axis_queries_stay_inside_the_root_element() -> None:
    # libxml2 keeps a second top-level <html> (seen in real pages); CSS queries on the document never see it
    page = Selector(text='<html><body><p class="a" data-x="1">1</p></body></html>'
                         '<html><body><p class="a" data-x="2">2</p></body></html>')
    assert [n.attrib["data-x"] for n in query.css(page, "[data-x]")] == ["1"]
    assert [n.attrib["data-x"] for n in query.css(page, ".a")] == ["1"]
