"""Salary parsing: text ("$130,000 - $160,000 a year") and structured shapes (JSON-LD ``baseSalary``,
ATS compensation) to min, max, ISO 4217 currency and a pay period (HOUR, DAY, WEEK, MONTH, YEAR).

Amounts and ranges are found by :mod:`jobcrawl.normalize.money` (the project's one money pattern, on top of
price-parser's ``parse_number``); the currency symbol by price-parser's ``extract_currency_symbol``.

The period is taken only from words ("a year", "/hr", "per month", "p.a.", "brutto/Jahr", unitText "HOUR",
Ashby interval "1 YEAR"); it is never guessed from the size of the amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from price_parser.parser import extract_currency_symbol

from jobcrawl.items import StatedSalary

from .money import ISO_CODES, is_pay, mentions

PERIODS = ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")
_ANNUAL_FACTOR = {"HOUR": 2080, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}


@dataclass(frozen=True)
class Salary:
    min: float | None = None
    max: float | None = None
    currency: str | None = None  # ISO 4217
    period: str | None = None  # HOUR, DAY, WEEK, MONTH, YEAR
    source: str | None = None  # where the amounts came from: "structured" or "text"; None without amounts

    def as_dict(self) -> dict[str, Any]:
        # = dataclasses.asdict(self) for these float/str/None fields, without its recursive deep copy
        return {"min": self.min, "max": self.max, "currency": self.currency, "period": self.period,
                "source": self.source}


# --- currency -------------------------------------------------------------------------------------------

_DOLLARS = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD"}
_SYMBOL_TO_ISO = {
    "US$": "USD", "U$S": "USD", "CA$": "CAD", "C$": "CAD", "CAN$": "CAD", "A$": "AUD", "AU$": "AUD",
    "NZ$": "NZD", "S$": "SGD", "SG$": "SGD", "HK$": "HKD", "MX$": "MXN", "NT$": "TWD", "R$": "BRL",
    "€": "EUR", "£": "GBP", "₹": "INR", "RS": "INR", "RS.": "INR", "¥": "JPY", "円": "JPY", "￥": "JPY",
    "₩": "KRW", "₱": "PHP", "₦": "NGN", "₪": "ILS", "₺": "TRY", "₴": "UAH", "₽": "RUB", "฿": "THB",
    "₫": "VND", "ZŁ": "PLN", "KČ": "CZK", "FT": "HUF", "LEI": "RON", "FR.": "CHF", "R": "ZAR",
    "RM": "MYR", "RP": "IDR", "AED": "AED", "DH": "MAD",
}
_ISO_CODES = ISO_CODES  # the money module owns the list


def _currency_iso(symbol: str | None, default_currency: str | None) -> str | None:
    if not symbol:
        return default_currency
    sym = symbol.strip().upper()
    if sym in _ISO_CODES:
        return sym
    if sym == "$":
        # A bare "$" is the site's dollar when the site has one (au.indeed.com -> AUD), USD otherwise.
        return default_currency if default_currency in _DOLLARS else "USD"
    if sym == "KR":  # SEK, NOK, DKK, ISK all write "kr": only the site can tell
        return default_currency if default_currency in {"SEK", "NOK", "DKK", "ISK"} else None
    if sym == "¥" and default_currency == "CNY":
        return "CNY"
    return _SYMBOL_TO_ISO.get(sym, default_currency)


_INDEED_SUBDOMAIN_CURRENCY = {
    "www": "USD", "": "USD", "us": "USD", "au": "AUD", "ca": "CAD", "uk": "GBP", "gb": "GBP", "in": "INR",
    "nz": "NZD", "sg": "SGD", "ie": "EUR", "de": "EUR", "fr": "EUR", "es": "EUR", "it": "EUR", "nl": "EUR",
    "be": "EUR", "at": "EUR", "pt": "EUR", "fi": "EUR", "lu": "EUR", "ch": "CHF", "jp": "JPY", "br": "BRL",
    "mx": "MXN", "za": "ZAR", "ae": "AED", "hk": "HKD", "my": "MYR", "ph": "PHP", "pl": "PLN", "se": "SEK",
    "no": "NOK", "dk": "DKK", "kr": "KRW", "tw": "TWD", "ar": "ARS", "cl": "CLP", "co": "COP", "pe": "PEN",
}
# Country-code TLDs whose sites quote salaries in the national currency (generic-looking ones such as .io,
# .co, .ai, .me, .tv are deliberately absent).
_TLD_CURRENCY = {
    "uk": "GBP", "au": "AUD", "ca": "CAD", "in": "INR", "nz": "NZD", "sg": "SGD", "ie": "EUR", "de": "EUR",
    "fr": "EUR", "es": "EUR", "it": "EUR", "nl": "EUR", "be": "EUR", "at": "EUR", "pt": "EUR", "fi": "EUR",
    "ch": "CHF", "jp": "JPY", "br": "BRL", "mx": "MXN", "za": "ZAR", "pl": "PLN", "se": "SEK", "no": "NOK",
    "dk": "DKK", "hk": "HKD", "my": "MYR", "ph": "PHP",
}


def currency_for_url(url: str | None) -> str | None:
    """The currency a site quotes salaries in, from its host: ``au.indeed.com`` -> AUD, ``uk.indeed.com`` or
    ``*.co.uk`` -> GBP, ``*.com.au`` -> AUD, ``www.indeed.com`` -> USD; ``None`` when the host doesn't say."""
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    labels = host.split(".")
    if host == "indeed.com" or host.endswith(".indeed.com"):
        sub = labels[0] if len(labels) > 2 else ""
        return _INDEED_SUBDOMAIN_CURRENCY.get(sub)
    return _TLD_CURRENCY.get(labels[-1])


# --- period ---------------------------------------------------------------------------------------------

# Period nouns count after "a/an/per/pro/par/por/al/au/im/each/every" or a slash ("$25 an hour", "/yr",
# "par an", "brutto/Jahr"); adjectives count alone ("annually", "hourly", "p.a."). A token scan with dict
# lookups: one big regex alternation with lookbehinds cost ~40 µs per string, this ~5 µs.
_PERIOD_NOUNS = {
    "HOUR": "hour hours hr hrs h stunde std heure hora ora",
    "DAY": "day days tag jour día dia giorno",
    "WEEK": "week weeks wk woche semaine semana settimana",
    "MONTH": "month months mo mth monat mois mes mês mese",
    "YEAR": "year years yr annum jahr an année año ano anno",
}
_PERIOD_ADJECTIVES = {
    "HOUR": "hourly stündlich horaire",
    "DAY": "daily täglich journalier diario",
    "WEEK": "weekly wöchentlich hebdomadaire semanal",
    "MONTH": "monthly monatlich mensuel mensual mensal mensile",
    "YEAR": "yearly annually annual jährlich annuel anual annuo lpa",
}
_NOUN = {w: p for p, words in _PERIOD_NOUNS.items() for w in words.split()}
_ADJECTIVE = {w: p for p, words in _PERIOD_ADJECTIVES.items() for w in words.split()}
_CONNECTORS = {"a", "an", "per", "pro", "par", "por", "al", "au", "im", "each", "every", "/"}
_TOKEN = re.compile(r"[^\W\d_]+|/")
_P_A = re.compile(r"(?<![^\W\d_])p\.\s?a\.?(?![^\W\d_])", re.IGNORECASE)
_PERIOD_CJK = (("時給", "HOUR"), ("日給", "DAY"), ("週給", "WEEK"), ("月給", "MONTH"), ("年収", "YEAR"), ("年俸", "YEAR"))


def _period_in_text(text: str) -> str | None:
    lowered = text.lower()
    found: tuple[int, str] | None = None
    previous = None
    for m in _TOKEN.finditer(lowered):
        tok = m.group()
        period = _ADJECTIVE.get(tok)
        if period is None and previous in _CONNECTORS:
            period = _NOUN.get(tok)
        if period is not None:
            found = (m.start(), period)
            break
        previous = tok
    pa = _P_A.search(lowered)
    if pa and (found is None or pa.start() < found[0]):
        found = (pa.start(), "YEAR")
    if found:
        return found[1]
    for word, period in _PERIOD_CJK:
        if word in text:
            return period
    return None


_UNIT_WORDS = {
    "HOUR": "HOUR", "HOURLY": "HOUR", "HR": "HOUR", "H": "HOUR",
    "DAY": "DAY", "DAILY": "DAY",
    "WEEK": "WEEK", "WEEKLY": "WEEK", "WK": "WEEK",
    "MONTH": "MONTH", "MONTHLY": "MONTH", "MO": "MONTH",
    "YEAR": "YEAR", "YEARLY": "YEAR", "YR": "YEAR", "ANNUAL": "YEAR", "ANNUALLY": "YEAR", "ANNUM": "YEAR",
}


def parse_period(text: str | None) -> str | None:
    """HOUR/DAY/WEEK/MONTH/YEAR from a unit value ("HOUR", "1 YEAR", "per-year-salary", "hourly") or from
    words in a salary string ("a year", "/hr", "per month", "p.a."); ``None`` when nothing says."""
    if not text or not isinstance(text, str):
        return None
    unit = re.sub(r"^(?:1\s+|PER[\s_-]+)", "", text.strip().upper())
    unit = re.sub(r"[\s_-]+(?:SALARY|WAGE)$", "", unit)
    if unit in _UNIT_WORDS:
        return _UNIT_WORDS[unit]
    if unit.endswith("S") and unit[:-1] in _UNIT_WORDS:
        return _UNIT_WORDS[unit[:-1]]
    return _period_in_text(text)


def annualize(min_: float | None, max_: float | None, period: str | None) -> tuple[float | None, float | None]:
    """Amounts per year (HOUR x 2080, DAY x 260, WEEK x 52, MONTH x 12); ``(None, None)`` without a period."""
    factor = _ANNUAL_FACTOR.get(period or "")
    if factor is None:
        return None, None
    return (
        None if min_ is None else round(min_ * factor, 2),
        None if max_ is None else round(max_ * factor, 2),
    )


# --- amounts --------------------------------------------------------------------------------------------


_NOT_SALARY = re.compile(r"^\s*(?:competitive|negotiable|doe|tbd|n/?a|depending on experience)\b", re.IGNORECASE)


def _from_text(raw: str) -> tuple[float | None, float | None]:
    """The first range of pay in ``raw`` (jobcrawl.normalize.money reads it). Amounts marked as money come first;
    bare numbers ("40,000 a year") count only when nothing in ``raw`` is marked as money, and amounts whose words
    say they are not pay ("raised $40M", "$1,500 stipend") are never read."""
    marked = mentions(raw)
    pay = [m for m in marked if is_pay(raw, m)]
    if not pay and not marked:
        pay = mentions(raw, marked_only=False)
    if not pay:
        return None, None
    return pay[0].min, pay[0].max


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _sane(lo: float | None, hi: float | None) -> tuple[float | None, float | None]:
    if (lo is not None and lo <= 0) or (hi is not None and hi <= 0):
        return None, None
    if lo is not None and hi is not None and lo > hi:
        return None, None
    return lo, hi


def parse_salary(
    raw: str | None, structured: StatedSalary | None = None, *, default_currency: str | None = None
) -> Salary:
    """Parse a salary. ``structured`` (the numbers a structured source stated, read in Extract) wins field by
    field; ``raw`` fills what it lacks. A bare "$" or a missing currency takes ``default_currency`` (see
    :func:`currency_for_url`). Nonsense amounts (zero, negative, min > max) become ``None``; currency and
    period stay. Never raises."""
    try:
        if structured is None and isinstance(raw, str) and isinstance(default_currency, (str, type(None))):
            return _parse_salary_text(raw, default_currency)  # hashable arguments: cacheable
        return _parse_salary(raw, structured, default_currency)
    except Exception:  # noqa: BLE001 - a salary that can't be read is simply unknown
        return Salary()


# Salary texts repeat across a crawl ("$55,000 - $65,000 a year"): parsing one costs ~40-60 µs, a hit ~1 µs.
# Salary is frozen, so the cached answer can be shared.
@lru_cache(maxsize=4096)
def _parse_salary_text(raw: str, default_currency: str | None) -> Salary:
    return _parse_salary(raw, None, default_currency)


def _parse_salary(raw: Any, structured: Any, default_currency: str | None) -> Salary:
    lo = hi = None
    currency = period = None
    if isinstance(structured, StatedSalary):
        # each field alone: one that is not what Extract states (a number, a text) is skipped, not the rest
        lo, hi = _number(structured.min), _number(structured.max)
        if isinstance(structured.currency, str) and structured.currency.strip():
            code = structured.currency.strip()
            currency = _currency_iso(code, default_currency)
            if currency is None and len(code) == 3 and code.isalpha():
                currency = code.upper()  # an ISO code we don't list is still an ISO code
        period = parse_period(structured.unit) if isinstance(structured.unit, str) else None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)
    source = "structured" if lo is not None or hi is not None else None
    if isinstance(raw, str) and raw.strip() and not _NOT_SALARY.match(raw):
        if lo is None and hi is None:
            lo, hi = _from_text(raw)
            source = "text"
        if currency is None:
            symbol = extract_currency_symbol(raw, None)
            if symbol:
                currency = _currency_iso(symbol, default_currency)
        if period is None:
            period = parse_period(raw)
    if currency is None and (lo is not None or hi is not None):
        currency = default_currency
    lo, hi = _sane(lo, hi)
    return Salary(lo, hi, currency, period, source if lo is not None or hi is not None else None)
