"""parse_date: fast path, dateparser fallback, relative dates against a frozen fetched_at."""

from datetime import date, datetime, timezone

import pytest

from jobcrawl.normalize import dates as dates_module
from jobcrawl.normalize.dates import parse_date

FETCHED = datetime(2026, 1, 20, 15, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2026-01-10", date(2026, 1, 10)),
        ("2026-01-10T08:00:00Z", date(2026, 1, 10)),
        ("2026-01-10T08:00:00.000-05:00", date(2026, 1, 10)),
        ("2026-01-10T23:30:00-08:00", date(2026, 1, 10)),  # the date as written, not converted to UTC
        ("2024-08-06T07:03:46.721+0000", date(2024, 8, 6)),  # Phenom JSON-LD
        ("2023-04-11T17:58:27.000Z", date(2023, 4, 11)),  # LinkedIn JSON-LD
        ("2026/01/10", date(2026, 1, 10)),
        (1736496000000, date(2025, 1, 10)),  # Lever createdAt (ms)
        ("1736496000000", date(2025, 1, 10)),
        (1736496000, date(2025, 1, 10)),  # seconds
        ("Just posted", date(2026, 1, 20)),
        ("Today", date(2026, 1, 20)),
        ("Posted today", date(2026, 1, 20)),
        ("Posted Today", date(2026, 1, 20)),
        ("Yesterday", date(2026, 1, 19)),
        ("Posted 3 days ago", date(2026, 1, 17)),
        ("3 days ago", date(2026, 1, 17)),
        ("4 Days Ago", date(2026, 1, 16)),  # Workday
        ("Posted 30+ days ago", date(2025, 12, 21)),  # a bound: at least 30 days old
        ("30+ days ago", date(2025, 12, 21)),
        ("1 day ago", date(2026, 1, 19)),
        ("an hour ago", date(2026, 1, 20)),
        ("5 hours ago", date(2026, 1, 20)),
        ("16 hours ago", date(2026, 1, 19)),  # 15:30 - 16h crosses midnight
        ("2 weeks ago", date(2026, 1, 6)),
        ("a month ago", date(2025, 12, 21)),
        ("EmployerActive 5 days ago", date(2026, 1, 15)),  # Indeed noise
        ("Active 2 days ago", date(2026, 1, 18)),
        ("Posted on January 5, 2026", date(2026, 1, 5)),
        ("Jan 5, 2026", date(2026, 1, 5)),
        ("Nov 2, 2023", date(2023, 11, 2)),  # jobs.apple.com
        ("Jan-22-2024", date(2024, 1, 22)),  # jobs.senate.ca.gov
        ("5 January 2026", date(2026, 1, 5)),
        ("Sept. 3, 2025", date(2025, 9, 3)),
        ("05/01/2026", date(2026, 5, 1)),  # MDY by default
        # other languages
        ("il y a 3 jours", date(2026, 1, 17)),
        ("Publié il y a 30+ jours", date(2025, 12, 21)),
        ("hace 2 días", date(2026, 1, 18)),
        ("vor 3 Tagen", date(2026, 1, 17)),
        ("vor einem Tag", date(2026, 1, 19)),
        ("há 2 dias", date(2026, 1, 18)),
        ("3 dagen geleden", date(2026, 1, 17)),
        ("3日前", date(2026, 1, 17)),
        ("5. Januar 2026", date(2026, 1, 5)),  # dateparser fallback
        # nothing
        ("2026-02-30", None),
        ("garbage", None),
        ("", None),
        ("   ", None),
        (None, None),
        (True, None),
        ([], None),
    ],
)
def test_parse_date(raw, expected):
    assert parse_date(raw, FETCHED) == expected


@pytest.mark.parametrize(
    "raw, order, expected",
    [("05/01/2026", "MDY", date(2026, 5, 1)), ("05/01/2026", "DMY", date(2026, 1, 5)),
     ("13/01/2026", "MDY", None), ("13/01/2026", "DMY", date(2026, 1, 13))],
)
def test_date_order(raw, order, expected):
    assert parse_date(raw, FETCHED, date_order=order) == expected


@pytest.mark.parametrize(
    "fetched_at",
    ["2026-01-20T15:30:00Z", "2026-01-20T15:30:00+00:00", datetime(2026, 1, 20, 15, 30), date(2026, 1, 20)],
)
def test_fetched_at_forms(fetched_at):
    assert parse_date("3 days ago", fetched_at) == date(2026, 1, 17)
    assert parse_date("il y a 3 jours", fetched_at) == date(2026, 1, 17)


def test_relative_without_fetched_at_is_unknown():
    assert parse_date("3 days ago", None) is None
    assert parse_date("Today", None) is None
    assert parse_date("2026-01-10", None) == date(2026, 1, 10)


def test_fast_path_does_not_call_dateparser(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("dateparser called")

    monkeypatch.setattr(dates_module, "_dateparser", boom)
    for raw in ("2026-01-10T08:00:00Z", "Posted 30+ days ago", "Jan 5, 2026", "il y a 3 jours", "Just posted",
                "EmployerActive 5 days ago", "05/01/2026", "1736496000000"):
        assert parse_date(raw, FETCHED) is not None, raw
