"""Posting dates: absolute ("2026-01-10", "Jan 5, 2026", epoch milliseconds) and relative ("3 days ago",
"Just posted", "il y a 3 jours") to a ``datetime.date``.

Relative dates resolve against ``fetched_at`` (the time the page was fetched), never the wall clock, so a
fixture with a frozen ``fetched_at`` always gives the same answer. "30+ days ago" gives fetched date minus 30
days: it is an upper bound (the posting is at least that old), not the real date.

A regex fast path covers the forms seen on Indeed, ATS APIs and JSON-LD, including relative dates in
French, Spanish, German, Portuguese, Italian, Dutch and Japanese. dateparser is called only for what the fast
path can't read (e.g. "5. Januar 2026"), restricted to a list of languages, and cached per (text, fetch hour).
Measured here (Python 3.11, dateparser 1.5, best of 5): fast path 4-6 µs per call; dateparser 1.1-2.0 ms per
uncached call even with ``languages`` given (0.7-5 ms when it must detect the language); a cache hit ~10 µs.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from .text import collapse_spaces

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s]\d)")
_ISO_SLASH = re.compile(r"^\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\s*$")
_EPOCH = re.compile(r"^\s*(\d{10}|\d{13})(?:\.\d+)?\s*$")
# Noise before the date on Indeed and career sites.
_NOISE = re.compile(
    r"^\s*(?:employer\s*active|active|posted|reposted|updated|date\s+posted|published|posted\s+on|"
    r"posted\s+date|posting\s+date|last\s+updated|listed|on|publié|posté|mis\s+à\s+jour|publicad[oa]|"
    r"veröffentlicht|aktualisiert|pubblicato|geplaatst)\s*[:\-]?\s*",
    re.IGNORECASE,
)
_TODAY = re.compile(r"^(?:just\s+posted|just\s+now|today|new|now|moments?\s+ago|few\s+(?:seconds|minutes)\s+ago)\.?$", re.I)
_YESTERDAY = re.compile(r"^yesterday\.?$", re.I)
_RELATIVE = re.compile(
    r"^(?P<n>\d+|an?|one)\s*(?P<plus>\+)?\s*(?P<unit>seconds?|secs?|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|"
    r"months?|mos?|years?|yrs?|y)\s+ago\.?$",
    re.IGNORECASE,
)
# "il y a 3 jours", "hace 2 días", "vor 3 Tagen", "há 2 dias", "3 dagen geleden", "3日前"
_RELATIVE_INTL = re.compile(
    r"^(?:il\s+y\s+a|hace|vor|há|ha|fa)\s+(?P<n>\d+|une?|un|una|einem|einer)\s*\+?\s*(?P<unit>\w+?)\.?$"
    r"|^(?P<n2>\d+)\s*\+?\s*(?P<unit2>\w+?)\s+(?:geleden|fa|atrás|temu|sedan)\.?$"
    r"|^(?P<n3>\d+)\s*\+?\s*(?P<unit3>分|時間|日|週間|か月|ヶ月)前$",
    re.IGNORECASE,
)
_INTL_UNITS = {
    "minute": "m", "minutes": "m", "minuto": "m", "minutos": "m", "minuten": "m", "minuti": "m",
    "heure": "h", "heures": "h", "hora": "h", "horas": "h", "stunde": "h", "stunden": "h", "ora": "h", "ore": "h",
    "uur": "h", "uren": "h", "godzin": "h", "godziny": "h", "timme": "h", "timmar": "h",
    "jour": "d", "jours": "d", "día": "d", "días": "d", "dia": "d", "dias": "d", "tag": "d", "tagen": "d",
    "giorno": "d", "giorni": "d", "dag": "d", "dagen": "d", "dni": "d", "dzień": "d", "dagar": "d",
    "semaine": "w", "semaines": "w", "semana": "w", "semanas": "w", "woche": "w", "wochen": "w",
    "settimana": "w", "settimane": "w", "week": "w", "weken": "w", "tygodnie": "w", "tygodni": "w", "veckor": "w",
    "mois": "mo", "mes": "mo", "meses": "mo", "monat": "mo", "monaten": "mo", "mese": "mo", "mesi": "mo",
    "maand": "mo", "maanden": "mo", "miesiące": "mo", "miesięcy": "mo", "månader": "mo",
    "分": "m", "時間": "h", "日": "d", "週間": "w", "か月": "mo", "ヶ月": "mo",
}
_MDY_NAME = re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?[\s-]+(?P<year>\d{{4}})$", re.IGNORECASE)
_MDY_DASH = re.compile(rf"^{_MONTH}-(?P<day>\d{{1,2}})-(?P<year>\d{{4}})$", re.IGNORECASE)  # "Jan-22-2024"
_DMY_NAME = re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})$", re.IGNORECASE)
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")

_DATEPARSER_LANGUAGES = ["en", "fr", "de", "es", "pt", "it", "nl", "pl", "sv", "ja"]


def _as_datetime(fetched_at: Any) -> datetime | None:
    if isinstance(fetched_at, datetime):
        return fetched_at
    if isinstance(fetched_at, date):
        return datetime(fetched_at.year, fetched_at.month, fetched_at.day, tzinfo=timezone.utc)
    if isinstance(fetched_at, str) and fetched_at.strip():
        try:
            return datetime.fromisoformat(fetched_at.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    if not 1990 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _relative(n: int, unit: str, base: datetime) -> date:
    u = unit.lower()
    if u.startswith(("mo",)) or u in ("months", "month"):
        delta = timedelta(days=30 * n)
    elif u.startswith("s"):
        delta = timedelta(seconds=n)
    elif u.startswith("mi") or u == "m":
        delta = timedelta(minutes=n)
    elif u.startswith("h"):
        delta = timedelta(hours=n)
    elif u.startswith("d"):
        delta = timedelta(days=n)
    elif u.startswith("w"):
        delta = timedelta(weeks=n)
    else:  # years
        delta = timedelta(days=365 * n)
    return (base - delta).date()


def _fast(s: str, base: datetime | None, date_order: str) -> date | None | bool:
    """The date, or ``False`` when the fast path doesn't recognize the form (``None``: recognized, invalid)."""
    m = _ISO.match(s)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _ISO_SLASH.match(s)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _EPOCH.match(s)
    if m:
        return _from_epoch(int(m.group(1)))
    s = _NOISE.sub("", s, count=1).strip()
    s = _NOISE.sub("", s, count=1).strip()  # "Posted on", "EmployerActive"
    if _TODAY.match(s):
        return base.date() if base else None
    if _YESTERDAY.match(s):
        return (base - timedelta(days=1)).date() if base else None
    m = _RELATIVE.match(s)
    if m:
        if base is None:
            return None
        n = m.group("n").lower()
        return _relative(1 if n in ("a", "an", "one") else int(n), m.group("unit"), base)
    m = _RELATIVE_INTL.match(s)
    if m:
        n = m.group("n") or m.group("n2") or m.group("n3")
        unit = _INTL_UNITS.get((m.group("unit") or m.group("unit2") or m.group("unit3")).lower())
        if unit is not None:
            if base is None:
                return None
            return _relative(int(n) if n.isdigit() else 1, unit, base)
    for rx in (_MDY_NAME, _MDY_DASH, _DMY_NAME):
        m = rx.match(s)
        if m:
            return _safe_date(int(m.group("year")), _MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("day")))
    m = _NUMERIC.match(s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if date_order.upper().startswith("D"):
            a, b = b, a
        return _safe_date(y, a, b)
    return False


def _from_epoch(n: int) -> date | None:
    seconds = n / 1000 if n >= 10**11 else n
    try:
        d = datetime.fromtimestamp(seconds, tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None
    return d if 1990 <= d.year <= 2100 else None


@lru_cache(maxsize=4096)
def _dateparser(s: str, base: datetime | None, date_order: str) -> date | None:
    import dateparser  # imported lazily: ~0.3 s the first time

    settings: dict[str, Any] = {
        "DATE_ORDER": date_order,
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = base
    result = dateparser.parse(s, languages=_DATEPARSER_LANGUAGES, settings=settings)
    if result is None:
        return None
    d = result.date()
    return d if 1990 <= d.year <= 2100 else None


def parse_date(raw: Any, fetched_at: Any = None, *, date_order: str = "MDY", use_dateparser: bool = True) -> date | None:
    """A date from ``raw`` (str, epoch int/float in seconds or milliseconds, ``date``/``datetime``).

    ``fetched_at`` (``datetime``, ``date`` or ISO string) anchors relative dates; without it they give
    ``None``. ``date_order`` ("MDY", "DMY", "YMD") settles "05/01/2026". ISO datetimes keep the date as
    written (their own offset), not converted to UTC. Never raises."""
    try:
        return _parse_date(raw, fetched_at, date_order, use_dateparser)
    except Exception:  # noqa: BLE001
        return None


def _parse_date(raw: Any, fetched_at: Any, date_order: str, use_dateparser: bool) -> date | None:
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)):
        return _from_epoch(int(raw))
    if not isinstance(raw, str):
        return None
    s = collapse_spaces(raw)
    if not s:
        return None
    base = _as_datetime(fetched_at)
    got = _fast(s, base, date_order)
    if got is not False:
        return got  # type: ignore[return-value]
    if not use_dateparser:
        return None
    # "EmployerActive 5 days ago" -> "5 days ago"; "30+ días" -> "30 días"
    text = _NOISE.sub("", s, count=1).replace("+", " ").strip()
    if not re.search(r"\d|[^\W\d_]{3,}", text):
        return None
    if base is not None:  # cache key: naive UTC, to the hour
        if base.tzinfo is not None:
            base = base.astimezone(timezone.utc).replace(tzinfo=None)
        base = base.replace(minute=0, second=0, microsecond=0)
    return _dateparser(text, base, date_order)
