"""jobcrawl.normalize.money: the one money pattern (amounts, ranges, what is pay and what is not)."""

from __future__ import annotations

import pytest

from jobcrawl.normalize import money


def _first(text: str) -> tuple[float | None, float | None, str] | None:
    found = money.pay_mentions(text)
    return (found[0].min, found[0].max, found[0].text) if found else None


@pytest.mark.parametrize(
    "text, expected",
    [
        # range separators: hyphen, en dash, em dash, "to", "and"
        ("$320,000-$520,000", (320000, 520000, "$320,000-$520,000")),
        ("$56,160.00–$78,000.00", (56160, 78000, "$56,160.00–$78,000.00")),
        ("$185,500—$250,500 USD", (185500, 250500, "$185,500—$250,500 USD")),  # DoorDash
        ("California $54,500 to $145,100", (54500, 145100, "$54,500 to $145,100")),
        ("is between $183,400 and $316,900, and", (183400, 316900, "$183,400 and $316,900")),
        # k suffixes, written once or twice
        ("$160K to $200K + bonus", (160000, 200000, "$160K to $200K")),
        ("€50k–60k", (50000, 60000, "€50k–60k")),
        ("$50-60K", (50000, 60000, "$50-60K")),
        # currencies before and after
        ("CA$90,000 - CA$110,000", (90000, 110000, "CA$90,000 - CA$110,000")),
        ("A$90,000 - A$110,000", (90000, 110000, "A$90,000 - A$110,000")),
        ("£45k p.a.", (45000, 45000, "£45k p.a.")),
        ("₹5,00,000 - ₹8,00,000 a year", (500000, 800000, "₹5,00,000 - ₹8,00,000 a year")),
        ("USD 120,000-140,000 annually", (120000, 140000, "USD 120,000-140,000 annually")),
        ("45.000 € brutto", (45000, 45000, "45.000 €")),
        # periods stay in the span
        ("$93,000 - $160,000/year.", (93000, 160000, "$93,000 - $160,000/year")),
        ("Pay: From $22.38 per hour", (22.38, None, "$22.38 per hour")),
        ("Up to $25 an hour", (None, 25, "$25 an hour")),
        # a single figure
        ("$250,000 OTE", (250000, 250000, "$250,000")),
        # two ends of one range written apart
        ("ranges from $115,000/year in our lowest geographic market up to $223,600/year in our highest",
         (115000, 223600, "$115,000/year in our lowest geographic market up to $223,600/year")),
    ],
)
def test_pay_mentions_read_ranges_and_single_figures(text, expected) -> None:
    assert _first(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We've passed $1M ARR with just 6 people",  # revenue
        "Recently raised a $40M Series C led by Salesforce Ventures",  # a funding round
        "raised $50M from top investors",
        "Annual learning & development stipend ($1,500 per year)",
        "$700/year work setup stipend",
        "Personal learning and development budget of 2,000USD per annum",
        "$5,000 sign-on bonus",
        "401(k) matching up to 4%",  # a retirement plan, no money
        "10% annual bonus",  # a bonus percentage
        "We are 250 people in 12 offices",  # a headcount
        "Company and salary information",  # a heading
    ],
)
def test_not_pay(text) -> None:
    assert money.pay_mentions(text) == []
    assert money.first_pay(text) is None


def test_bare_numbers_count_only_without_any_marked_amount_and_with_a_period() -> None:
    assert money.mentions("40,000 a year") == []
    assert money.first_pay("40,000 a year").min == 40000
    assert money.first_pay("Team of 40, founded 2012") is None


def test_percent_is_equity_not_money() -> None:
    assert [(m.min, m.max) for m in money.mentions("$130K - $150K • 0.50% - 1.00%")] == [(130000, 150000)]


def test_precheck_is_true_whenever_money_is_marked() -> None:
    for text in ("$1", "EUR 5", "5 €", "Rs. 12,000", "₹5-8 LPA", "12 lakh", "1,500円"):
        assert money.mentions(text), text
        assert money.may_hold_money(text), text
    assert not money.may_hold_money("5 years of python in 3 offices")


def test_a_currency_written_once_after_the_range_marks_both_ends() -> None:
    assert [(m.min, m.max) for m in money.pay_mentions("Base Pay Range: 120,000 - 150,000 USD")] == [(120000, 150000)]
    assert [(m.min, m.max) for m in money.pay_mentions("Gehalt 60.000 – 75.000 € brutto")] == [(60000, 75000)]
    assert money.pay_mentions("Team of 12 - 15 engineers") == []


@pytest.mark.parametrize("num, value", [("1'000", 1000.0), ("1\u2019000.50", 1000.5), ("30\u00a0000", 30000.0),
                                        ("30\u202f000", 30000.0), ("30\u2009000", 30000.0), ("30 000", 30000.0),
                                        ("120,000", 120000.0), ("abc", None)])
def test_to_number_reads_spaces_and_apostrophes_as_thousands_separators(num, value) -> None:
    assert money.to_number(num) == value
