"""Money in text: the project's one pattern for amounts of money, used by extraction (is this header line pay?
which line of a description states pay?), the section classifier (is this paragraph about pay?) and the salary
parser (which numbers are the range?).

Numbers are read by price-parser's ``parse_number`` (it decides decimal vs thousands separators: "45.000" is
45000, "40,000.00" is 40000, "1,5" is 1.5). Two things price-parser does not do, handled here: it reads only the
first amount of a string (pay is a range, and a description holds many amounts), and it ignores magnitude
suffixes ("€50k" gives 50, not 50000). Measured on the 820 description lines of the 37 labelled real pages:
``Price.fromstring`` cost 50 µs a line against 21 µs for :func:`mentions`, and of the 29 lines holding money it
read the first amount right on 25, wrong on the 4 with a k/M suffix or a number before the amount ("$160K" as 160,
"More than 100 paying customers ... $1M ARR" as 100), so it is not called per line.

A *mention* (:func:`mentions`) is an amount marked as money (a currency sign or code next to it) with the amount
that completes its range ("$185,500—$250,500 USD", "$160K to $200K", "between $183,400 and $316,900", "from
$115,000/year ... up to $223,600/year"). :func:`pay_mentions` drops mentions whose words say they are not pay:
a funding round or revenue ("raised $50M", "$1M ARR"), a stipend, allowance, budget or bonus amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from price_parser.parser import parse_number

# ISO codes accepted as written (the common ones in job postings).
ISO_CODES = frozenset({
    "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "INR", "SGD", "HKD", "JPY", "CNY", "CHF", "SEK", "NOK", "DKK",
    "PLN", "CZK", "HUF", "RON", "BGN", "BRL", "MXN", "ARS", "CLP", "COP", "PEN", "ZAR", "NGN", "KES", "EGP",
    "AED", "SAR", "QAR", "ILS", "TRY", "RUB", "UAH", "KRW", "TWD", "PHP", "THB", "MYR", "IDR", "VND", "PKR",
    "BDT", "LKR", "MAD", "ISK",
})
_CODES = "|".join(sorted(ISO_CODES))
_SIGNS = "$€£¥₹₩₱₦₪₺₴₽฿₫円"
# A currency written before an amount: "$", "CA$", "A$", "US$", "R$", "€", "USD ", "Rs. ".
_CURRENCY_BEFORE = re.compile(
    rf"(?:(?<![A-Za-z])(?:US|U\$S|CAN|CA|C|AU|A|NZ|SG|S|HK|MX|NT|R)?\$|[{_SIGNS[1:]}]|(?<![A-Za-z])(?:{_CODES})"
    r"|(?<![A-Za-z])(?:Rs|RS|rs)\.?)\s?$"
)
# ... or after it: "250,500 USD", "45.000 €", "30 000 € par an", "12 lakh".
_CURRENCY_AFTER = re.compile(rf"\s?(?:[{_SIGNS[1:]}]|(?:{_CODES})(?![A-Za-z]))")

# An amount: digits with optional grouping (",", ".", "'", NBSP/thin/regular space before exactly 3 digits)
# and decimals, then an optional magnitude suffix. A "%" after it marks equity, not money.
AMOUNT = re.compile(
    r"(?<![0-9.,])"
    r"(?P<num>\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?"  # Indian grouping: 5,00,000
    r"|\d{1,3}(?:(?:[,.'\u2019]|[ \u00a0\u202f\u2009](?=\d{3}(?!\d)))\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<suffix>[kK]|[mM](?:m|n|io|il)?|万|L|(?i:lakhs?|lacs?|lpa|crores?|cr))(?![a-zA-Z]))?"
    r"(?P<pct>\s?%)?"
)
# magnitude suffixes, keyed by their first two letters (lowercased)
_SUFFIX_FACTOR = {"k": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mi": 1e6, "万": 1e4, "la": 1e5, "lp": 1e5, "l": 1e5,
                  "cr": 1e7}
# Suffixes that are money by themselves (Indian salaries: "5-8 LPA", "12 lakh").
_MONEY_SUFFIXES = ("la", "lp", "cr")

RANGE_SEP = re.compile(r"^\s*(?:-|–|—|‒|―|~|to|and|bis|à|a|hasta|até|〜|～)\s*$", re.IGNORECASE)
UP_TO = re.compile(r"\b(?:up\s+to|max(?:imum)?|bis\s+zu|jusqu'à|hasta|até|under|less\s+than)\W*$", re.IGNORECASE)
FROM = re.compile(r"\b(?:from|starting\s+(?:at|from)|min(?:imum)?|at\s+least|ab|à\s+partir\s+de|desde|a\s+partir\s+de|"
                  r"from\s+as\s+low\s+as|over|more\s+than)\W*$", re.IGNORECASE)
# "from $115,000/year in our lowest geographic market up to $223,600/year": the two ends of one range, apart.
_SPAN_START = re.compile(r"\b(?:from|between)\W*$", re.IGNORECASE)
_SPAN_END = re.compile(r"\b(?:up\s+to|to|and)\W*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|\n")

# A period written right after an amount: "/year", " per hour", " an hour", " annually", " p.a.".
PERIOD_AFTER = re.compile(
    r"\s?(?:/\s?|\s?(?:per|an?|each|every)\s+)(?:hour|hr|h|year|yr|annum|month|mo|mth|week|wk|day)s?\b"
    r"|\s?(?:annually|hourly|yearly|monthly|weekly|daily|p\.\s?a\.?)",
    re.IGNORECASE,
)

# (The patterns matched at a position, with ``match(text, pos)``, have no "^": it would only match at 0.)
# Words that make an amount something other than pay. Before it (same clause): a funding round, revenue, a stipend,
# allowance, budget or bonus amount. After it (its own noun, not "+ bonus"): "ARR", "in funding", "stipend".
_NOT_PAY_BEFORE = re.compile(
    r"\b(?:rais(?:ed|ing|e)|fund(?:ing|ed|raise)|revenues?|arr|mrr|gmv|valuation|valued\s+at|series\s+[a-f]|seed|"
    r"backed|invest(?:ed|ment|ments|ors)?|stipends?|allowances?|budgets?|bonus(?:es)?|sign[\s-]on|relocation|"
    r"referral|credits?|grants?|donat\w*|reimburs\w*|worth|assets|portfolio|spend(?:ing)?|sales\s+of|"
    r"generat(?:ed|ing)|turnover|profits?|customers?|match(?:ing|ed|es)?|401\s?\(?k)\b[^.;:\n)$€£\d]{0,40}$",
    # (no other amount in between: "stipend ($1,500 per year) Annual Salary Range $250,000" keeps the salary)
    re.IGNORECASE,
)
_NOT_PAY_AFTER = re.compile(
    r"\s*(?:(?!(?:plus|and|with|base|salary|pay|including|incl|excluding|before|not)\b)[\w-]+\s+){0,2}?"
    r"(?:arr|mrr|gmv|in\s+(?:funding|revenue|sales|seed|series)|revenue|funding|valuation|"
    r"for\s+(?:\w+\s+){0,2}?(?:home|office|equipment|setup|learning|training|education|wellness|gym|travel|"
    r"relocation|phone|internet|conferences?|coworking)|"
    r"series\s+[a-f]|seed|round|investment|stipends?|allowances?|budgets?|(?:sign[\s-]on\s+|signing\s+|referral\s+)?"
    r"bonus(?:es)?|credits?|grants?|reimbursement|per\s+(?:employee|person|month\s+for))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    value: float
    had_suffix: bool
    start: int
    end: int
    marked: bool  # a currency sign or code stands next to it


@dataclass(frozen=True)
class Mention:
    """One stated amount or range of money in a text."""

    min: float | None
    max: float | None
    start: int  # from the currency sign before the first amount ...
    end: int  # ... to the currency code or period word after the last one
    text: str

    @property
    def is_range(self) -> bool:
        return self.min is not None and self.max is not None and self.min != self.max


# price-parser does not know the Swiss "'" or spaces as thousands separators: deleted first (a translate table,
# not a regex substitution per amount)
_GROUP_SEPARATORS = str.maketrans("", "", "'\u2019\u00a0\u202f\u2009 ")


def to_number(num: str) -> float | None:
    cleaned = num.translate(_GROUP_SEPARATORS)
    value = parse_number(cleaned)
    if value is None:
        return None
    return float(value)


def amounts(text: str) -> list[Amount]:
    """Every amount in ``text`` (percentages skipped), marked when a currency sign or code stands next to it."""
    out = []
    for m in AMOUNT.finditer(text):
        if m.group("pct"):
            continue
        value = to_number(m.group("num"))
        if value is None:
            continue
        suffix = (m.group("suffix") or "").lower()
        value *= _SUFFIX_FACTOR.get(suffix[:2], 1)
        marked = bool(_CURRENCY_BEFORE.search(text, max(0, m.start() - 5), m.start())
                      or _CURRENCY_AFTER.match(text, m.end())) or suffix[:2] in _MONEY_SUFFIXES
        out.append(Amount(value, bool(suffix), m.start(), m.end(), marked))
    return out


def _before_start(text: str, a: Amount) -> int:
    m = _CURRENCY_BEFORE.search(text, max(0, a.start - 5), a.start)
    return m.start() if m else a.start


def _after_end(text: str, end: int) -> int:
    m = _CURRENCY_AFTER.match(text, end)
    end = m.end() if m else end
    m = PERIOD_AFTER.match(text, end)
    return m.end() if m else end


def _between(text: str, a: Amount, b: Amount) -> str:
    # text between two amounts, currency signs/codes and a period removed: "$130,000/yr - $160,000" -> " - "
    gap = text[a.end : b.start]
    gap = PERIOD_AFTER.sub("", gap, count=1)
    return re.sub(rf"[^\w\s\-–—‒―~〜～]|(?<![A-Za-z])(?:{_CODES})(?![A-Za-z])|(?<![A-Za-z])[A-Z]{{1,3}}(?=\$)", "",
                  gap)


def _unsuffixed(text: str, a: Amount) -> float:
    m = AMOUNT.match(text, a.start)
    value = to_number(m.group("num")) if m else None
    return a.value if value is None else value


def mentions(text: str, *, marked_only: bool = True) -> list[Mention]:
    """The amounts and ranges of money in ``text``, in order. ``marked_only=False`` also takes bare numbers
    (for text already known to state pay: "40,000 a year" on a site whose currency is known)."""
    found = amounts(text)
    out: list[Mention] = []
    i = 0
    while i < len(found):
        first = found[i]
        second = found[i + 1] if i + 1 < len(found) else None
        # "120,000 - 150,000 USD": the currency written once, after the range, marks both ends
        ends_marked = second is not None and second.marked and bool(RANGE_SEP.match(_between(text, first, second)))
        if marked_only and not first.marked and not ends_marked:
            i += 1
            continue
        before = text[max(0, first.start - 40) : _before_start(text, first)]
        lo: float | None = first.value
        hi: float | None = first.value
        last = first
        if second is not None and RANGE_SEP.match(_between(text, first, second)):
            lo, hi, last = first.value, second.value, second
            # "€50-60k", "$50 - 60K": the suffix written once applies to both ends.
            if second.had_suffix and not first.had_suffix and lo < 1_000 <= hi:
                lo *= hi / _unsuffixed(text, second)
            i += 2
        elif (second is not None and second.marked and _SPAN_START.search(before)
              and second.start - first.end <= 80 and not _SENTENCE_END.search(text, first.end, second.start)
              and _SPAN_END.search(text[first.end : _before_start(text, second)])):
            lo, hi, last = first.value, second.value, second
            i += 2
        else:
            if UP_TO.search(before):
                lo = None
            elif FROM.search(before):
                hi = None
            i += 1
        start, end = _before_start(text, first), _after_end(text, last.end)
        out.append(Mention(lo, hi, start, end, text[start:end]))
    return out


def is_pay(text: str, mention: Mention) -> bool:
    """Whether the words around ``mention`` leave it as pay (not a funding round, revenue, stipend or bonus)."""
    clause_start = max(0, mention.start - 60)
    if _NOT_PAY_BEFORE.search(text, clause_start, mention.start):
        return False
    return not _NOT_PAY_AFTER.match(text, mention.end)


def pay_mentions(text: str) -> list[Mention]:
    """:func:`mentions` marked as money whose context does not say they are something other than pay."""
    return [m for m in mentions(text) if is_pay(text, m)]


# Every amount marked as money has a sign, an upper-case ISO code, "Rs", or an Indian magnitude word next to it.
_CODE_CUE = re.compile(rf"(?:{_CODES})")
_WORD_CUE = re.compile(r"rs\.?\s?\d|\d\s?cr\b|lpa|lakh|lacs|crore", re.IGNORECASE)


def may_hold_money(text: str) -> bool:
    """A cheap pre-check: ``False`` means :func:`mentions` finds nothing marked as money in ``text``."""
    for sign in _SIGNS:
        if sign in text:
            return True
    return _CODE_CUE.search(text) is not None or _WORD_CUE.search(text) is not None


def has_pay(text: str) -> bool:
    """Whether ``text`` states an amount of money that reads as pay (see :func:`pay_mentions`)."""
    return bool(pay_mentions(text))


_DIGIT = re.compile(r"\d")
_PERIOD_WORD = re.compile(r"hour|hr|year|yr|annum|month|mo|mth|week|wk|day|annual|p\.\s?a", re.IGNORECASE)


def first_pay(text: str) -> Mention | None:
    """The first amount or range of pay in a short text (a header line, a labelled value): marked as money and
    not vetoed (:func:`pay_mentions`), or, with nothing marked, a bare amount followed by a period ("40,000 a
    year")."""
    # cheap checks first: first_pay runs on every header line of a page
    if _DIGIT.search(text) is None:
        return None
    marked = mentions(text) if may_hold_money(text) else []
    for mention in marked:
        if is_pay(text, mention):
            return mention
    if marked or _PERIOD_WORD.search(text) is None:
        return None
    for mention in mentions(text, marked_only=False):
        if PERIOD_AFTER.search(mention.text):
            return mention
    return None
