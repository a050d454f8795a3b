"""The posting store: batched, idempotent writes of postings, sections, versions and duplicate links.

Identity and duplicate checks go through the database, never an in-memory set, so they hold across runs
and across several workers writing at once: each batch runs in one transaction that first takes a
database-wide writer lock (``pg_advisory_xact_lock`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), and
unique constraints with ON CONFLICT back that up.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, text, update

from jobcrawl import lifecycle
from jobcrawl import models as m
from jobcrawl.bulk import insert_tuples, update_tuples
from jobcrawl.db import WalCheckpointer
from jobcrawl.dedupe import NearDuplicateIndex, same_job
from jobcrawl.items import NORMALIZED_FIELDS, JobPosting, PageProblem
from jobcrawl.urls import url_key

logger = logging.getLogger(__name__)

# Fields whose change makes a new version of a posting. Relative dates ("Posted 3 days ago") change
# every day without the posting changing, so the raw posted-date text is not among them.
VERSIONED_FIELDS = (
    "title",
    "company",
    "location_raw",
    "remote_raw",
    "salary_raw",
    "employment_type_raw",
    "valid_through_raw",
    "description_text",
)

# The postings columns a record writes, derived from the model and the two dataclasses (jobcrawl.items): a
# column that NormalizedPosting has comes from it (the cleaned value and the identity keys), a column that only
# JobPosting has comes from the item as extracted. The rest (ids, duplicate links, seen/closed times, board_key)
# the store and jobcrawl.lifecycle set themselves.
_MODEL_COLUMNS = tuple(column.name for column in m.Posting.__table__.columns)
_ITEM_FIELDS = frozenset(f.name for f in fields(JobPosting))
FROM_NORMALIZED = tuple(c for c in _MODEL_COLUMNS if c in NORMALIZED_FIELDS)
FROM_ITEM = tuple(c for c in _MODEL_COLUMNS if c in _ITEM_FIELDS and c not in NORMALIZED_FIELDS)
_DATE_COLUMNS = ("date_posted", "valid_through")

# The child rows' columns as the store writes them (jobcrawl.bulk: tuples to the driver, in this order).
_SECTION_COLUMNS = ("position", "heading", "kind", "text", "html")
_LOCATION_COLUMNS = ("position", "raw", "city", "region", "country")
_section_values = itemgetter(*_SECTION_COLUMNS)
_location_values = itemgetter(*_LOCATION_COLUMNS)
_VERSION_COLUMNS = ("posting_id", "content_hash", "captured_at", "run_id", "changed_fields", "snapshot")
_SEEN_COLUMNS = ("first_seen_at", "last_seen_at", "last_run_id")
# Another writer may have inserted the same posting since our read (only possible without the writer lock, e.g.
# an older process); then the insert becomes a sighting of that row.
_POSTING_UPSERT = (" ON CONFLICT (posting_key) DO UPDATE SET last_seen_at = excluded.last_seen_at, "
                   "last_run_id = excluded.last_run_id")
_PROBLEM_COLUMNS = ("run_id", "url", "stage", "reason", "detail", "http_status", "created_at")

# Arbitrary constant naming jobcrawl's writer lock among other applications' advisory locks.
_PG_WRITER_LOCK = 0x6A6F6263  # "jobc"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def parse_timestamp(value: str | datetime | None) -> datetime | None:
    """ISO text (as items carry it) to naive UTC."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def version_hash(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class WriteResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    errors: int = 0
    posting_ids: list[int] = field(default_factory=list)


@dataclass
class _Record:
    """One item ready to write: the posting row, its sections and locations."""

    row: dict[str, Any]
    sections: list[dict[str, Any]]
    locations: list[dict[str, Any]]
    snapshot: dict[str, Any]
    text_for_similarity: str
    known_urls: list[str] = field(default_factory=list)


def record_from_item(item: JobPosting) -> _Record:
    """Columns from an item whose NormalizedPosting the normalize and identity pipelines filled."""
    normalized = item.normalized
    if normalized is None or normalized.posting_key is None or normalized.url_key is None:
        raise ValueError(f"{item.url}: not normalized and keyed (the normalize and identity pipelines run first)")
    row: dict[str, Any] = {column: getattr(normalized, column) for column in FROM_NORMALIZED}
    row.update((column, getattr(item, column)) for column in FROM_ITEM)
    for column in _DATE_COLUMNS:
        row[column] = _as_date(row[column])
    row["fetched_at"] = parse_timestamp(row["fetched_at"])
    row["field_sources"] = dict(row["field_sources"]) if row["field_sources"] else None
    row["source"] = row["source"] or "unknown"
    sections = [
        {"position": s.position, "heading": s.heading, "kind": s.kind, "text": s.text, "html": s.html}
        for s in item.sections
    ]
    locations = [
        {
            "position": i,
            "raw": loc.get("raw"),
            "city": loc.get("city"),
            "region": loc.get("region"),
            "country": loc.get("country"),
        }
        for i, loc in enumerate(normalized.locations)
    ]
    snapshot = {name: row.get(name) for name in VERSIONED_FIELDS}
    return _Record(row, sections, locations, snapshot, row.get("description_text") or "", list(item.known_urls))


def _url_keys(record: _Record) -> set[str]:
    """The url_keys a record's posting is known by; its identity URL's key is computed already (url_key costs
    ~40 µs, a tenth of a stored posting's time)."""
    identity = record.row["canonical_url"] or record.row["url"]
    return {record.row["url_key"], *(url_key(u) for u in record.known_urls if u != identity)}


# A posting seen again: its id, the record just read, whether it was closed before, and its stored URL.
lifecycle_sighting = tuple[int, _Record, bool, str]


class PostingStore:
    """Writes batches of postings and problems; one instance per process, safe across processes."""

    def __init__(
        self,
        engine: Engine,
        *,
        near_duplicate_threshold: float = 0.8,
        num_perm: int = 128,
        shingle_size: int = 3,
    ) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.near = NearDuplicateIndex(
            threshold=near_duplicate_threshold, num_perm=num_perm, shingle_size=shingle_size
        )
        self.checkpointer = WalCheckpointer.for_engine(engine)
        if self.checkpointer is not None:
            # A store dropped without close() still stops its thread.
            weakref.finalize(self, self.checkpointer.close)

    def close(self) -> None:
        """Finish the background WAL checkpoint (SQLite files); the engine stays usable."""
        if self.checkpointer is not None:
            self.checkpointer.close()

    # --- runs ------------------------------------------------------------------------------------------
    def start_run(self, spider: str, arguments: str | None) -> int:
        """Record a run; the near-duplicate band index is built now, so the run's first batch does not wait."""
        with self.engine.begin() as conn:
            self.near.load(conn)
            return conn.execute(
                insert(m.CrawlRun).returning(m.CrawlRun.id),
                {
                    "spider": spider,
                    "arguments": arguments,
                    "started_at": utcnow(),
                    "pages": 0,
                    "items_new": 0,
                    "items_updated": 0,
                    "items_unchanged": 0,
                    "items_duplicate": 0,
                    "errors": 0,
                },
            ).scalar_one()

    def finish_run(
        self, run_id: int, finish_reason: str, pages: int, finished_at: datetime | None = None,
        *, only_unfinished: bool = False,
    ) -> None:
        """Record the end of a run; ``only_unfinished`` (a run end replayed from the spool) leaves a run
        whose end is already recorded as it is."""
        statement = update(m.CrawlRun).where(m.CrawlRun.id == run_id)
        if only_unfinished:
            statement = statement.where(m.CrawlRun.finished_at.is_(None))
        with self.engine.begin() as conn:
            conn.execute(
                statement.values(finished_at=finished_at or utcnow(), finish_reason=finish_reason, pages=pages)
            )

    def _count_run(self, conn: Connection, run_id: int | None, result: WriteResult) -> None:
        if run_id is None:
            return
        run = m.CrawlRun
        conn.execute(
            update(run)
            .where(run.id == run_id)
            .values(
                items_new=run.items_new + result.new,
                items_updated=run.items_updated + result.updated,
                items_unchanged=run.items_unchanged + result.unchanged,
                items_duplicate=run.items_duplicate + result.duplicate,
                errors=run.errors + result.errors,
            )
        )

    # --- writes ----------------------------------------------------------------------------------------
    def write(
        self,
        items: Sequence[JobPosting],
        problems: Sequence[PageProblem] = (),
        run_id: int | None = None,
    ) -> WriteResult:
        """Write one batch in one transaction; returns what happened to each item, counted."""
        result = WriteResult()
        records = self._merge_batch([record_from_item(item) for item in items])
        try:
            with self.engine.begin() as conn:
                if self.checkpointer is not None:
                    self.checkpointer.prepare(conn.connection.driver_connection)
                self._lock(conn)
                now = utcnow()
                if records:
                    self._write_postings(conn, records, now, run_id, result)
                if problems:
                    self._write_problems(conn, problems, now, run_id, result)
                self._count_run(conn, run_id, result)
        except BaseException:
            # The band index may hold this batch's rolled-back rows (ids SQLite hands out again): rebuild it.
            self.near.forget()
            raise
        if self.checkpointer is not None:
            self.checkpointer.after_commit()
        return result

    def _lock(self, conn: Connection) -> None:
        if self.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITER_LOCK})
        # SQLite: the engine begins every transaction with BEGIN IMMEDIATE (see jobcrawl.db).

    @staticmethod
    def _merge_batch(records: list[_Record]) -> list[_Record]:
        """The same posting twice in one batch is one write: the later capture wins."""
        by_key: dict[str, _Record] = {}
        for record in records:
            by_key.pop(record.row["posting_key"], None)
            by_key[record.row["posting_key"]] = record
        return list(by_key.values())

    def _write_postings(
        self, conn: Connection, records: list[_Record], now: datetime, run_id: int | None, result: WriteResult
    ) -> None:
        posting = m.Posting
        keys = [r.row["posting_key"] for r in records]
        url_keys = [r.row["url_key"] for r in records]
        existing_rows = conn.execute(
            select(posting.id, posting.posting_key, posting.url_key, posting.url, posting.closed_at,
                   *[getattr(posting, f) for f in VERSIONED_FIELDS])
            .where(or_(posting.posting_key.in_(keys), posting.url_key.in_(url_keys)))
            .order_by(posting.id)
        ).all()
        by_key = {row.posting_key: row for row in existing_rows}
        by_url: dict[str, Any] = {}
        for row in existing_rows:
            by_url.setdefault(row.url_key, row)

        new_records: list[_Record] = []
        changed: list[tuple[int, _Record, list[str]]] = []
        seen_ids: list[int] = []
        sightings: list[lifecycle_sighting] = []
        for record in records:
            found = by_key.get(record.row["posting_key"]) or by_url.get(record.row["url_key"])
            if found is None:
                new_records.append(record)
                continue
            sightings.append((found.id, record, found.closed_at is not None, found.url))
            previous = {name: getattr(found, name) for name in VERSIONED_FIELDS}
            differs = [name for name in VERSIONED_FIELDS if previous[name] != record.snapshot[name]]
            if differs:
                changed.append((found.id, record, differs))
            else:
                seen_ids.append(found.id)
            result.posting_ids.append(found.id)

        if seen_ids:
            result.unchanged += len(seen_ids)
            conn.execute(
                update(posting)
                .where(posting.id.in_(seen_ids))
                .values(last_seen_at=now, last_run_id=run_id)
            )
        if changed:
            self._update_changed(conn, changed, now, run_id)
            result.updated += len(changed)
        fresh: list[tuple[int, _Record]] = []
        if new_records:
            fresh = self._insert_new(conn, new_records, now, run_id, result)
        self._track_open_state(conn, sightings, fresh, [pid for pid, _, _ in changed], now, run_id)

    def _insert_new(
        self, conn: Connection, records: list[_Record], now: datetime, run_id: int | None, result: WriteResult
    ) -> list[tuple[int, _Record]]:
        """Insert new postings; returns the (id, record) pairs this call created."""
        posting = m.Posting
        # Every record's row has the same columns in the same order (record_from_item).
        seen = (now, now, run_id)
        # One executemany and one read of the ids: with RETURNING, SQLite ran one statement per row.
        insert_tuples(conn, posting.__table__, (*records[0].row, *_SEEN_COLUMNS),
                      [(*record.row.values(), *seen) for record in records], _POSTING_UPSERT)
        keys = [record.row["posting_key"] for record in records]
        written = {
            row.posting_key: (row.id, row.first_seen_at)
            for row in conn.execute(
                select(posting.id, posting.posting_key, posting.first_seen_at).where(posting.posting_key.in_(keys))
            )
        }
        returned = [written[key] for key in keys]
        ids = [pid for pid, _ in returned]
        fresh = [(pid, rec) for (pid, first_seen), rec in zip(returned, records) if first_seen == now]
        result.new += len(fresh)
        result.unchanged += len(records) - len(fresh)
        result.posting_ids.extend(ids)
        if not fresh:
            return fresh
        fresh_ids = [pid for pid, _ in fresh]
        self._replace_children(conn, fresh, replace=False)
        insert_tuples(conn, m.PostingVersion.__table__, _VERSION_COLUMNS,
                      [(pid, version_hash(rec.snapshot), now, run_id, [], rec.snapshot) for pid, rec in fresh])
        result.duplicate += self._link_duplicates(conn, fresh)
        logger.debug("inserted postings %s", fresh_ids)
        return fresh

    def _update_changed(
        self, conn: Connection, changed: list[tuple[int, _Record, list[str]]], now: datetime, run_id: int | None
    ) -> None:
        # One executemany UPDATE for the batch; every record has the same columns.
        columns = [k for k in changed[0][1].row if k != "posting_key"]
        update_tuples(conn, m.Posting.__table__, (*columns, "last_seen_at", "last_run_id"), "id",
                      [(*[record.row[c] for c in columns], now, run_id, posting_id)
                       for posting_id, record, _ in changed])
        insert_tuples(conn, m.PostingVersion.__table__, _VERSION_COLUMNS,
                      [(pid, version_hash(rec.snapshot), now, run_id, fields, rec.snapshot)
                       for pid, rec, fields in changed],
                      " ON CONFLICT (posting_id, content_hash) DO NOTHING")
        pairs = [(pid, rec) for pid, rec, _ in changed]
        self._replace_children(conn, pairs, replace=True)
        # Keep near-duplicate candidates current with the new text; existing links stay as they were.
        self.near.store(conn, pairs, replace=True)

    def _replace_children(self, conn: Connection, pairs: list[tuple[int, _Record]], *, replace: bool) -> None:
        ids = [pid for pid, _ in pairs]
        if replace:
            conn.execute(delete(m.Section).where(m.Section.posting_id.in_(ids)))
            conn.execute(delete(m.PostingLocation).where(m.PostingLocation.posting_id.in_(ids)))
        insert_tuples(conn, m.Section.__table__, ("posting_id", *_SECTION_COLUMNS),
                      [(pid, *_section_values(s)) for pid, rec in pairs for s in rec.sections])
        insert_tuples(conn, m.PostingLocation.__table__, ("posting_id", *_LOCATION_COLUMNS),
                      [(pid, *_location_values(loc)) for pid, rec in pairs for loc in rec.locations])

    def _link_duplicates(self, conn: Connection, fresh: list[tuple[int, _Record]]) -> int:
        """Link each new posting to the first posting with the same content, else to a near-duplicate."""
        posting = m.Posting
        hashes = sorted({rec.row["content_hash"] for _, rec in fresh})
        first_by_hash = dict(
            conn.execute(
                select(posting.content_hash, func.min(posting.id))
                .where(posting.content_hash.in_(hashes))
                .group_by(posting.content_hash)
            ).all()
        )
        identity = {pid: (rec.row.get("title"), rec.row.get("company_key")) for pid, rec in fresh}
        earlier = set(first_by_hash.values()) - set(identity)
        identity.update(self._identities(conn, earlier))
        links: dict[int, tuple[int, str, float]] = {}
        for pid, rec in fresh:
            first = first_by_hash.get(rec.row["content_hash"])
            # one template text under another role is not a duplicate, even word for word
            if first is not None and first != pid and same_job(identity[pid], identity[first]):
                links[pid] = (first, "exact", 1.0)

        def verify(candidates: dict[int, set[int]]) -> dict[int, set[int]]:
            identity.update(self._identities(conn, set().union(*candidates.values()) - set(identity)))
            return {pid: {c for c in found if same_job(identity[pid], identity[c])}
                    for pid, found in candidates.items()}

        near_links = self.near.store(conn, fresh, replace=False, skip=set(links), verify=verify)
        for pid, (target, similarity) in near_links.items():
            links.setdefault(pid, (target, "near", similarity))
        if not links:
            return 0
        # Point at the root of a cluster, not at another duplicate.
        targets = sorted({t for t, _, _ in links.values()})
        roots = dict(
            conn.execute(select(posting.id, posting.duplicate_of).where(posting.id.in_(targets))).all()
        )
        update_tuples(conn, posting.__table__, ("duplicate_of", "duplicate_kind", "duplicate_similarity"), "id",
                      [(roots.get(target) or target, kind, round(similarity, 4), pid)
                       for pid, (target, kind, similarity) in links.items()],
                      " AND duplicate_of IS NULL")
        return len(links)

    @staticmethod
    def _identities(conn: Connection, ids: set[int]) -> dict[int, tuple[str | None, str | None]]:
        """(title, company_key) of stored postings, for the duplicate checks."""
        out: dict[int, tuple[str | None, str | None]] = {}
        wanted = sorted(ids)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = select(m.Posting.id, m.Posting.title, m.Posting.company_key).where(m.Posting.id.in_(chunk))
            out.update((pid, (title, company)) for pid, title, company in conn.execute(query))
        return out

    def _write_problems(
        self, conn: Connection, problems: Iterable[PageProblem], now: datetime, run_id: int | None, result: WriteResult
    ) -> None:
        rows = [(run_id, p.url, p.stage, p.reason, (p.detail or "")[:4000] or None, p.http_status, now)
                for p in problems]
        insert_tuples(conn, m.CrawlError.__table__, _PROBLEM_COLUMNS, rows)
        result.errors += len(rows)
        self._close_by_problems(conn, problems, now, run_id)



    # --- open and closed (jobcrawl.lifecycle) -------------------------------------------------------------
    def _track_open_state(
        self,
        conn: Connection,
        sightings: list[lifecycle_sighting],
        fresh: list[tuple[int, _Record]],
        changed_ids: list[int],
        now: datetime,
        run_id: int | None,
    ) -> None:
        """Events, known URLs, reopening and expiry of the postings one batch wrote."""
        today = now.date()
        # A posting seen again at the URL it was stored from, not redirected, has its URLs recorded already:
        # skipping those keeps a re-crawl of unchanged postings from rewriting their URL rows every time.
        new_urls = [(pid, rec) for pid, rec, _, stored_url in sightings
                    if rec.row["url"] != stored_url or any(u != stored_url for u in rec.known_urls)]
        urls = {pid: _url_keys(record) for pid, record in [*fresh, *new_urls]}
        lifecycle.record_urls(conn, urls)
        lifecycle.add_events(conn, [pid for pid, _ in fresh], "opened", now, run_id)
        lifecycle.add_events(conn, changed_ids, "changed", now, run_id)
        expired = [pid for pid, rec in fresh if lifecycle.is_expired(rec.row["valid_through"], today)]
        back = []
        for pid, record, was_closed, _ in sightings:
            if lifecycle.is_expired(record.row["valid_through"], today):
                expired.append(pid)  # stays closed if it was; an open one closes now
            elif was_closed:
                back.append(pid)
        lifecycle.reopen(conn, back, now, run_id)
        lifecycle.close(conn, expired, lifecycle.EXPIRED, now, run_id)

    def _close_by_problems(
        self, conn: Connection, problems: Iterable[PageProblem], now: datetime, run_id: int | None
    ) -> None:
        """A 404/410 closes as ``gone``, a page saying it is closed as ``page-says-closed``: every posting known
        by the problem's URL or its other URLs."""
        problems = list(problems)
        urls_by_reason: dict[str, list[str]] = {}
        for problem in problems:
            reason = lifecycle.GONE if problem.http_status in (404, 410) else lifecycle.CLOSING_PROBLEMS.get(
                problem.reason)
            if reason is not None:
                urls_by_reason.setdefault(reason, []).extend([problem.url, *problem.other_urls])
        for reason, urls in urls_by_reason.items():
            lifecycle.close_by_urls(conn, urls, reason, now, run_id)
        failed = {url_key(p.url): p for p in problems if p.stage == "download"}
        for board in lifecycle.known_boards(conn, failed):
            # However the board was asked for (-a greenhouse=, a plain URL, a re-check): an outage closes nothing.
            logger.warning("Board %s failed (%s): none of its postings were closed", failed[board].url,
                           failed[board].reason)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[Connection]:
        """A write transaction holding the writer lock, as ``write`` takes it."""
        with self.engine.begin() as conn:
            self._lock(conn)
            yield conn

    def apply_board_snapshot(self, board_url: str, posting_keys: Sequence[str], run_id: int | None) -> list[int]:
        """A complete board snapshot: close the board's open postings it no longer lists (``left-board``)."""
        with self._locked() as conn:
            return lifecycle.apply_board_snapshot(conn, url_key(board_url), posting_keys, utcnow(), run_id)

    # --- reads ------------------------------------------------------------------------------------------
    def url_keys_seen_by_runs(self, run_ids: Sequence[int]) -> set[str]:
        """url_keys of the postings these runs were the last to see: by their page URL and their identity."""
        if not run_ids:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(m.Posting.url, m.Posting.url_key).where(m.Posting.last_run_id.in_(list(run_ids)))
            ).all()
        keys = {row.url_key for row in rows if row.url_key}
        keys.update(url_key(row.url) for row in rows if row.url)
        return keys

    def close_expired(self, run_id: int | None) -> list[int]:
        """Close every open posting whose ``valid_through`` has passed (the re-check runs this first)."""
        now = utcnow()
        with self._locked() as conn:
            return lifecycle.close_expired(conn, now.date(), now, run_id)
