"""clean_text / clean_inline / content_hash."""

import pytest

import re

from jobcrawl.normalize.text import (
    clean_inline,
    clean_text,
    collapse_spaces,
    comparison_form,
    content_hash,
    tidy_block_text,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (None, None),
        ("", None),
        ("   \n\t  ", None),
        ("Hello   world", "Hello world"),
        ("  a\u00a0\u00a0b  ", "a b"),  # NBSP
        ("zero\u200bwidth\u200d join\ufeff", "zerowidth join"),
        ("soft\u00adhyphen", "softhyphen"),
        ("line one  \n\n\n  line   two\r\nthree", "line one\nline two\nthree"),
        ("ﬁne ＡＢＣ①", "fine ABC1"),  # NFKC: ligature, full-width, circled digit
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("tab\tseparated\u2003em", "tab separated em"),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        (None, None),
        ("  Senior\n  Engineer \t II ", "Senior Engineer II"),
        ("\u200b", None),
        ("Canonical\u00a0- Jobs", "Canonical - Jobs"),
    ],
)
def test_clean_inline(raw, expected):
    assert clean_inline(raw) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        ("We build Ubuntu.\n\nJoin us!", "we build ubuntu join us"),
        ("• Python\n• Go", "- Python - Go"),
        ("Hello,   World", "hello world"),
        ("ÉCOLE", "école"),
        ("Full\u00a0time", "full time"),
    ],
)
def test_content_hash_ignores_case_space_punctuation(a, b):
    assert content_hash(a) == content_hash(b)
    assert len(content_hash(a)) == 64


def test_content_hash_differs_on_words():
    assert content_hash("Senior engineer") != content_hash("Junior engineer")
    assert content_hash("") is None and content_hash(None) is None and content_hash(" - ") is None
    assert comparison_form("A.B, c!") == "a b c"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  Senior\n\tEngineer\u00a0 ", "Senior Engineer"),
        ("caf\u00e9 \ufb01le", "caf\u00e9 \ufb01le"),  # the page's characters stay: no NFKC here
        ("a\u200bb", "a\u200bb"),  # zero-width space is not whitespace
        ("\n \u2003", ""),
    ],
)
def test_collapse_spaces_keeps_the_pages_characters(raw, expected):
    assert collapse_spaces(raw) == expected


def test_collapse_spaces_reads_zero_width_as_space_when_asked():
    assert collapse_spaces("Benefits:\u200b\u200dDental\ufeff", zero_width=True) == "Benefits: Dental"


@pytest.mark.parametrize("raw", ["a \x1c b", "x\u2028y\u3000z", " \x85\x0b lead", "plain", "\u180e mongolian"])
def test_collapse_spaces_splits_where_the_regex_space_class_does(raw):
    assert collapse_spaces(raw) == re.sub(r"\s+", " ", raw).strip()


def test_tidy_block_text_keeps_paragraphs():
    assert tidy_block_text("  Role \t here \n\n\n\n  Duties\u00a0 now \n") == "Role here\n\nDuties now"
    assert tidy_block_text(" \n \n") is None


@pytest.mark.parametrize("raw", [
    "Role\n\nDuties", " Role\nDuties ", "\nRole\n", "a\n\n\nb", "a \nb", "a\n b", "a  b", "a\tb", "a\u00a0b",
    "a\u2028b", "a\rb\r\nc", "a\u200b b", "\n \n", "", " ", "x\n\n", "a\x0cb", "a\u2003\nb",
])
def test_tidy_block_text_without_the_regex_passes_where_they_change_nothing(raw):
    # the regex passes, on every input: the shortcut for text with single spaces and newlines must agree
    lines = [line.strip() for line in re.sub(r"[ \t\u00a0]+", " ", raw).splitlines()]
    assert tidy_block_text(raw) == (re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() or None)


def test_no_second_whitespace_regex_in_the_package():
    # one owner of whitespace: a module that needs spaces collapsed calls collapse_spaces/clean_inline/clean_text
    from pathlib import Path

    import jobcrawl

    package = Path(jobcrawl.__file__).parent
    own = re.compile(r"""re\.compile\(\s*r?["'](?:\\s\+|\[\\s[^\]'"]*\]\+)["']\s*\)""")
    found = [f"{path.relative_to(package)}: {m.group(0)}" for path in sorted(package.rglob("*.py"))
             if path.name != "text.py" for m in own.finditer(path.read_text(encoding="utf-8"))]
    assert found == []
