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
