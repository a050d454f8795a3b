"""Whether a posting is open: closing (with a reason), reopening, board snapshots and the event history.

These functions run inside the store's write transaction (``jobcrawl.store.PostingStore`` holds the writer lock
and calls them), so they only take a ``Connection``. Every open/close change also writes a ``posting_events``
row, so "how long was it open" and "what reopened" are plain queries (docs/queries.md).

Close reasons (``postings.closed_reason``, docs/operations.md):

- ``gone``: a URL the posting is known by (fetched, canonical, redirect source) answered 404 or 410.
- ``expired``: its ``valid_through`` date has passed (checked when it is stored and by ``-a recheck=``).
- ``page-says-closed``: its page says so ("no longer accepting applications", ...) or its URL now redirects to a
  listing page (jobcrawl.extract.closed).
- ``left-board``: a complete snapshot of the ATS board that listed it no longer lists it.

A posting seen again is reopened: ``closed_at`` and ``closed_reason`` are cleared and a ``reopened`` event keeps
the history. An expired posting seen again with the same past ``valid_through`` stays closed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import Connection, or_, select, update

from jobcrawl import models as m
from jobcrawl.bulk import insert_tuples
from jobcrawl.urls import url_key

logger = logging.getLogger(__name__)

GONE = "gone"
EXPIRED = "expired"
PAGE_SAYS_CLOSED = "page-says-closed"
LEFT_BOARD = "left-board"
CLOSE_REASONS = (GONE, EXPIRED, PAGE_SAYS_CLOSED, LEFT_BOARD)

# Problem reasons (crawl_errors.reason) that close the postings known by the problem's URLs.
CLOSING_PROBLEMS = {"gone": GONE, PAGE_SAYS_CLOSED: PAGE_SAYS_CLOSED}

# Keeps IN lists below SQLite's and psycopg's parameter limits.
_CHUNK = 500


def _chunks(values: Sequence, size: int = _CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def is_expired(valid_through: date | None, today: date) -> bool:
    """A posting valid through today is still open; one valid through yesterday has expired."""
    return valid_through is not None and valid_through < today


def add_events(conn: Connection, ids: Iterable[int], kind: str, now: datetime, run_id: int | None,
               reason: str | None = None) -> None:
    insert_tuples(conn, m.PostingEvent.__table__, ("posting_id", "run_id", "kind", "reason", "at"),
                  [(pid, run_id, kind, reason, now) for pid in ids])


def record_urls(conn: Connection, urls_by_posting: dict[int, set[str]]) -> None:
    """Remember every URL key each posting was seen at (kept across runs; duplicates ignored)."""
    insert_tuples(conn, m.PostingUrl.__table__, ("url_key", "posting_id"),
                  [(key, pid) for pid, keys in urls_by_posting.items() for key in sorted(keys)],
                  " ON CONFLICT DO NOTHING")


def close(conn: Connection, ids: Iterable[int], reason: str, now: datetime, run_id: int | None) -> list[int]:
    """Close those of ``ids`` that are open; returns the ids closed now."""
    posting = m.Posting
    closed: list[int] = []
    for chunk in _chunks(sorted(set(ids))):
        open_ids = conn.execute(
            select(posting.id).where(posting.id.in_(chunk), posting.closed_at.is_(None))
        ).scalars().all()
        if not open_ids:
            continue
        conn.execute(
            update(posting).where(posting.id.in_(open_ids)).values(closed_at=now, closed_reason=reason)
        )
        add_events(conn, open_ids, "closed", now, run_id, reason)
        closed.extend(open_ids)
    return closed


def reopen(conn: Connection, ids: Iterable[int], now: datetime, run_id: int | None) -> list[int]:
    """Reopen those of ``ids`` that are closed; returns the ids reopened now."""
    posting = m.Posting
    reopened: list[int] = []
    for chunk in _chunks(sorted(set(ids))):
        closed_ids = conn.execute(
            select(posting.id).where(posting.id.in_(chunk), posting.closed_at.is_not(None))
        ).scalars().all()
        if not closed_ids:
            continue
        conn.execute(update(posting).where(posting.id.in_(closed_ids)).values(closed_at=None, closed_reason=None))
        add_events(conn, closed_ids, "reopened", now, run_id)
        reopened.extend(closed_ids)
    return reopened


def postings_known_by(conn: Connection, urls: Iterable[str]) -> list[int]:
    """Ids of the postings seen at any of ``urls`` (compared as url keys), or whose identity URL is one."""
    keys = sorted({url_key(u) for u in urls if u})
    posting = m.Posting
    ids: set[int] = set()
    for chunk in _chunks(keys):
        ids.update(conn.execute(
            select(posting.id).where(or_(
                posting.url_key.in_(chunk),
                posting.id.in_(select(m.PostingUrl.posting_id).where(m.PostingUrl.url_key.in_(chunk))),
            ))
        ).scalars())
    return sorted(ids)


def close_by_urls(conn: Connection, urls: Iterable[str], reason: str, now: datetime, run_id: int | None) -> list[int]:
    return close(conn, postings_known_by(conn, urls), reason, now, run_id)


def close_expired(conn: Connection, today: date, now: datetime, run_id: int | None) -> list[int]:
    """Close every open posting whose ``valid_through`` has passed."""
    posting = m.Posting
    ids = conn.execute(
        select(posting.id).where(posting.closed_at.is_(None), posting.valid_through < today)
    ).scalars().all()
    return close(conn, ids, EXPIRED, now, run_id)


def known_boards(conn: Connection, url_keys: Iterable[str]) -> list[str]:
    """Those of ``url_keys`` that are the board of some stored posting."""
    keys = sorted(set(url_keys))
    found: set[str] = set()
    for chunk in _chunks(keys):
        found.update(conn.execute(
            select(m.Posting.board_key).where(m.Posting.board_key.in_(chunk)).distinct()
        ).scalars())
    return sorted(found)


def apply_board_snapshot(conn: Connection, board_key: str, posting_keys: Sequence[str], now: datetime,
                         run_id: int | None) -> list[int]:
    """The board listed exactly ``posting_keys``: they belong to it, and its other open postings left it.

    Call only for a complete snapshot (``BoardSnapshot.complete``); returns the ids closed as ``left-board``.
    """
    posting = m.Posting
    listed = set(posting_keys)
    for chunk in _chunks(sorted(listed)):
        conn.execute(
            update(posting)  # only rows not yet marked: a daily board crawl does not rewrite every posting
            .where(posting.posting_key.in_(chunk),
                   or_(posting.board_key.is_(None), posting.board_key != board_key))
            .values(board_key=board_key)
        )
    on_board = conn.execute(
        select(posting.id, posting.posting_key).where(posting.board_key == board_key, posting.closed_at.is_(None))
    ).all()
    return close(conn, [pid for pid, key in on_board if key not in listed], LEFT_BOARD, now, run_id)
