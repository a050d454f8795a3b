"""``visible_text``: html_text's text of an element, with the cleaning copy skipped only when nothing would be cleaned."""

from __future__ import annotations

from pathlib import Path

import html_text
import pytest
from parsel import Selector

from jobcrawl.extract.common import visible_text

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures" / "pages").glob("*/page.html")) + sorted((ROOT / "fixtures" / "demo").rglob("*.html"))


def test_script_style_and_comments_stay_out_of_the_text() -> None:
    node = Selector(text="<div><p>Build <b>things</b>.</p><script>var x = 1;</script><!-- note -->"
                         "<style>p {}</style><ul><li>Python</li></ul></div>").css("div")[0].root
    assert visible_text(node) == "Build things.\n\nPython"


@pytest.mark.parametrize("page_path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_text_as_html_text_on_every_block_of_the_fixtures(page_path: Path) -> None:
    page = Selector(text=page_path.read_text(encoding="utf-8", errors="replace"))
    for node in page.css("body, div, section, article, ul, main"):
        assert visible_text(node.root) == html_text.extract_text(node.root)


def _bare_and_wrapped_bodies(fragment: str) -> tuple[bytes, bytes]:
    from lxml import etree

    wrapped = Selector(text=f"<html><body>{fragment}</body></html>").css("body")[0].root
    bare = Selector(text=fragment)
    body = bare.css("body")
    return etree.tostring(wrapped), etree.tostring((body[0] if body else bare).root)


ALIKE = ["<p>Build things.</p><ul><li>Python</li></ul>", "Plain text then <b>bold</b>", "<h2>About</h2>x &lt; y",
         '<div class="a">x</div>\n<p title="b>c">y</p>', "<P>Upper</P><BR>case"]
NOT_ALIKE = ["<meta charset=utf-8><p>x</p>", "<style>p{}</style><p>x</p>", "<!-- c --><p>x</p>", "<p>x</p><textarea>t",
             "<p>x</p><b class=a", "</b> <p>x</p>", "<p>x</p></ p>", " <p>x</p>", "x < y", "<html><body><p>x</p></body></html>"]


@pytest.mark.parametrize("fragment", ALIKE + NOT_ALIKE)
def test_bare_parse_alike_only_where_both_parses_build_the_same_body(fragment: str) -> None:
    from jobcrawl.extract.common import bare_parse_alike

    assert bare_parse_alike(fragment) == (fragment in ALIKE)
    if bare_parse_alike(fragment):
        wrapped, bare = _bare_and_wrapped_bodies(fragment)
        assert wrapped == bare


def test_html_descriptions_read_the_same_with_one_parse_or_two() -> None:
    from jobcrawl.extract.common import description_from_html
    from jobcrawl.extract.sections import split_sections_html

    for fragment in ALIKE + NOT_ALIKE:
        fields = description_from_html(fragment)
        if fields:
            assert fields["sections"] == split_sections_html(fields["description_html"]), fragment


@pytest.mark.parametrize("page_path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_section_walk_writes_html_text_text_on_every_block_of_the_fixtures(page_path: Path) -> None:
    from jobcrawl.extract.sections import text_and_sections

    page = Selector(text=page_path.read_text(encoding="utf-8", errors="replace"))
    for node in page.css("body, div, section, article, ul, main, p, li"):
        text, _ = text_and_sections(node)
        if text is not None:
            assert text == html_text.extract_text(node.root)


@pytest.mark.parametrize("fragment", [
    "<p>Build <b>things</b> ( fast ) , now.</p><ul><li>Python</li><li>Go<br>Rust</li></ul>",
    "<div>a<span> b</span><span>(c</span>d<h2>Head</h2><dl><dt>x</dt><dd>y</dd></dl></div>",
    "<table><tr><td>one</td><td>two</td></tr></table>text\u00a0with\u2003spaces\u200b here",
    "<blockquote>q</blockquote><pre>  p  re  </pre>tail<br><br><p></p>end",
])
def test_the_section_walk_writes_the_text_html_text_does(fragment: str) -> None:
    from jobcrawl.extract.sections import text_and_sections

    node = Selector(text=f"<div id='d'>{fragment}</div>").css("#d")[0]
    text, _ = text_and_sections(node)
    assert text == html_text.extract_text(node.root)


@pytest.mark.parametrize("fragment", ["<p>x</p><script>var x;</script>", "<p>x</p><!-- c -->", "<svg><text>t</text></svg>",
                                      "<button>Apply</button>", "<embed src=x>y"])
def test_the_section_walk_leaves_cleaned_or_skipped_markup_to_html_text(fragment: str) -> None:
    from jobcrawl.extract.common import description_from_node
    from jobcrawl.extract.sections import text_and_sections

    node = Selector(text=f"<div id='d'>{fragment}</div>").css("#d")[0]
    assert text_and_sections(node)[0] is None
    assert description_from_node(node)["description_text"] == html_text.extract_text(node.root)
