"""clean_text / clean_inline / content_hash."""

import pytest

from jobcrawl.normalize.text import clean_inline, clean_text, comparison_form, content_hash


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
