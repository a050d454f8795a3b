"""The splitter's shortcuts give the same answers as the plain computations they replace.

- Case-insensitive patterns run case-sensitively on lowercased text (``_CaselessPattern``) only when ``_fold`` says
  that is exact; this checks the premise (which characters ``re.I`` equates with ASCII letters) and the agreement.
- The money pre-check (``may_hold_money``) only skips text the money pattern cannot match.
- Sections split inside one element serialize that element's tag into each section, as before.
"""

from __future__ import annotations

import re
import string

import pytest
from parsel import Selector

from jobcrawl.extract import sections
from jobcrawl.extract.sections import group
from jobcrawl.extract.sections import rules as mod
from jobcrawl.normalize import money

TRICKY = [
    "Salary: $120,000 - $150,000 per year",
    "SALARY: USD 90K ANNUAL BASE",
    "Rs. 12,00,000 per annum CTC",
    "rs 5 lpa",
    "₹ 10 lakhs",
    "EUR 50k / year • £40,000 “OTE”",
    "We offer 401(k), Medical, Dental and Vision Insurance, PTO and Paid Holidays.",
    "Benefits include: health insurance, gym, stock options",
    "You'll receive perks; you will enjoy wellness",
    "ſalary ıncluded: $100",  # long s / dotless i: re.I treats them as s / i
    "İSTANBUL SALARY 5000 TRY",  # dotted capital I lowercases to two characters
    "\u212a 100 per hour",  # Kelvin sign lowercases to k
    "ÉQUIPE — 30\u00a0000 € par an",
    "The Role: day-to-day, you'll own the roadmap. We are a fast growing startup.",
    "To apply, send your CV to jobs@acme.example",
    "ENVÍANOS TU CV • Надішліть резюме",
    "Base salary: $150,000 - $180,000.\nWe passed $1M ARR. Remote (database team).",
    "",
]
# every caseless pattern of the splitter, wherever it is defined
CASELESS = {
    f"{module.__name__}.{name}": rx
    for module in (mod, group)
    for name, rx in vars(module).items()
    if isinstance(rx, mod._CaselessPattern)
}


def test_caseless_patterns_are_found() -> None:
    assert "jobcrawl.extract.sections.group._APPLY_LINE_RX" in CASELESS


def test_fold_traps_are_the_only_unchanged_characters_matching_ascii_letters() -> None:
    unchanged = "".join(
        c for c in map(chr, range(0x80, 0x110000)) if not 0xD800 <= ord(c) < 0xE000 and c.lower() == c
    )
    found = {c for letter in string.ascii_lowercase for c in re.findall(letter, unchanged, re.I)}
    assert found == set(mod._FOLD_TRAPS)


@pytest.mark.parametrize("text", ["ſalary", "ıncluded", "İstanbul", "\u212a", "ÉQUIPE"])
def test_fold_refuses_text_that_lowercases_inexactly(text: str) -> None:
    assert mod._fold(text) is None


def test_fold_accepts_ascii_and_uncased_punctuation() -> None:
    assert mod._fold("Salary • “OTE” £5") == "salary • “ote” £5"


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("name", sorted(CASELESS))
def test_caseless_pattern_agrees_with_re_ignorecase(name: str, text: str) -> None:
    rx = CASELESS[name]
    folded = mod._fold(text)
    caseless = rx.caseless
    assert bool(rx.search(text, folded)) == bool(caseless.search(text))
    assert bool(rx.match(text, folded)) == bool(caseless.match(text))
    for n in (1, 2, 3):
        assert rx.matches_at_least(n, text, folded) == (len(caseless.findall(text)) >= n)


@pytest.mark.parametrize("text", TRICKY + ["5 years in 3 offices", "hours 40 rs.7"])
def test_money_precheck_never_skips_a_match(text: str) -> None:
    folded = mod._fold(text)
    if money.mentions(text):
        assert money.may_hold_money(text)
    plain = bool(re.search(r"\d", text) and money.has_pay(text) and mod._PAY_WORD_RX.caseless.search(text))
    assert mod._is_comp(text, folded) == plain


@pytest.mark.parametrize("text", TRICKY)
def test_pay_statement_agrees_with_re_ignorecase(text: str) -> None:
    def is_comp(u: str) -> bool:
        return bool(re.search(r"\d", u) and money.has_pay(u) and mod._PAY_WORD_RX.caseless.search(u))

    units = mod._PAY_UNIT_SPLIT.split(text)
    pay = sum(len(u) for u in units if mod._PAY_WORD_RX.caseless.search(u) or is_comp(u))
    plain = is_comp(text) and (len(units) == 1 or 2 * pay >= sum(map(len, units)))
    assert mod._is_pay_statement(text, mod._fold(text)) == plain


def test_classify_text_cases() -> None:
    assert mod.classify_text("Salary: $120,000 - $150,000 per year") == "compensation"
    assert mod.classify_text("We are an equal opportunity employer.") == "equal_opportunity"
    assert mod.classify_text("401(k), dental, PTO and a gym") == "benefits"
    assert mod.classify_text("ſalary: $100 per year") == "compensation"  # re.I path: long s counts as s


def _split(fragment: str) -> list[tuple[int, str | None, str, str, str]]:
    sel = Selector(text=f"<div id='d'>{fragment}</div>").css("#d")[0]
    return [(s.position, s.heading, s.kind, s.text, s.html) for s in sections.split_sections(sel)]


def test_sections_split_inside_one_paragraph_each_get_its_tag() -> None:
    fragment = (
        "<p>Intro text here.<br><b>Minimum qualifications:</b><br>5 years of Python.<br><span></span></p>"
        "<p>Salary: $120,000 - $150,000 per year</p>"
    )
    assert _split(fragment) == [
        (0, None, "other", "Intro text here.", "<p>Intro text here.<br></p>"),
        (
            1,
            "Minimum qualifications:",
            "requirements",
            "5 years of Python.",
            "<p><b>Minimum qualifications:</b><br>5 years of Python.<br></p>",
        ),
        (2, None, "compensation", "Salary: $120,000 - $150,000 per year", "<p>Salary: $120,000 - $150,000 per year</p>"),
    ]


def test_comment_goes_with_the_following_section() -> None:
    fragment = (
        "<ul><li>Build APIs.</li><li><b>Benefits:</b> dental, vision</li></ul><!-- note -->"
        "<p>We are an equal opportunity employer without regard to race.<br></p>"
    )
    assert _split(fragment) == [
        (
            0,
            None,
            "other",
            "Build APIs.\nBenefits: dental, vision",
            "<ul><li>Build APIs.</li><li><b>Benefits:</b> dental, vision</li></ul>",
        ),
        (
            1,
            None,
            "equal_opportunity",
            "We are an equal opportunity employer without regard to race.",
            "<!-- note --><p>We are an equal opportunity employer without regard to race.<br></p>",
        ),
    ]


def test_heading_kind_memo_returns_same_kind() -> None:
    assert mod.classify_heading("Key responsibilities") == mod.classify_heading("Key responsibilities")
    assert mod.classify_heading("Key responsibilities") == "responsibilities"
    assert mod.classify_heading("Experience with Python and a long tail of words") == mod._classify_norm(
        mod._norm_heading("Experience with Python and a long tail of words")
    )
