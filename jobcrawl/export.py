"""Stored postings out of the database as CSV or JSON Lines (``scrapy export``; docs/operations.md).

Every row carries every column of ``postings`` (the model's own column list, in its order: ids,
``duplicate_of``, raw and normalized fields, timestamps) and then ``sections``, the posting's classified
description sections in order (a JSON array in CSV, a list in JSON Lines). Rows stream in ``id`` order in
batches, so a large database does not have to fit in memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import IO, Any

from sqlalchemy import Engine, Select, inspect, or_, select

from jobcrawl import models as m

FORMATS = ("csv", "jsonl")
POSTING_COLUMNS = tuple(column.name for column in m.Posting.__table__.columns)
SECTION_FIELDS = ("position", "kind", "heading", "text")
BATCH = 500


class ExportError(RuntimeError):
    """The export cannot run (no database, no postings table); the message says why."""


@dataclass
class Filters:
    run_id: int | None = None  # postings that run stored new or changed, or was the last to see
    state: str | None = None  # "open" (closed_at is null) or "closed"
    since: datetime | None = None  # first seen at or after
    distinct: bool = False  # leave out postings linked as duplicates of another


def parse_since(value: str) -> datetime:
    """``2026-01-15`` or ``2026-01-15T08:00:00`` (UTC, as stored) to a naive UTC datetime."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"--since {value!r} is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def query(filters: Filters) -> Select:
    posting = m.Posting
    statement = select(*posting.__table__.columns).order_by(posting.id)
    if filters.run_id is not None:
        versioned = select(m.PostingVersion.posting_id).where(m.PostingVersion.run_id == filters.run_id)
        statement = statement.where(or_(posting.last_run_id == filters.run_id, posting.id.in_(versioned)))
    if filters.state == "open":
        statement = statement.where(posting.closed_at.is_(None))
    elif filters.state == "closed":
        statement = statement.where(posting.closed_at.is_not(None))
    if filters.since is not None:
        statement = statement.where(posting.first_seen_at >= filters.since)
    if filters.distinct:
        statement = statement.where(posting.duplicate_of.is_(None))
    return statement


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def rows(engine: Engine, filters: Filters) -> Iterator[dict[str, Any]]:
    """Each selected posting as a dict: its columns, then ``sections``."""
    if not inspect(engine).has_table(m.Posting.__tablename__):
        raise ExportError(f"the database has no {m.Posting.__tablename__} table: crawl into it first")
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=BATCH).execute(query(filters))
        for batch in result.partitions():
            ids = [row.id for row in batch]
            sections: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
            section = m.Section
            for srow in conn.execute(
                select(section.posting_id, *(getattr(section, f) for f in SECTION_FIELDS))
                .where(section.posting_id.in_(ids)).order_by(section.posting_id, section.position)
            ):
                sections[srow.posting_id].append({f: getattr(srow, f) for f in SECTION_FIELDS})
            for row in batch:
                record = {name: _jsonable(value) for name, value in zip(POSTING_COLUMNS, row)}
                record["sections"] = sections[row.id]
                yield record


def write(records: Iterator[dict[str, Any]], out: IO[str], fmt: str) -> int:
    """Write ``records`` to ``out`` as ``csv`` or ``jsonl``; returns how many."""
    count = 0
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(out, fieldnames=[*POSTING_COLUMNS, "sections"])
    writer.writeheader()
    for record in records:
        record["sections"] = json.dumps(record["sections"], ensure_ascii=False)
        writer.writerow(record)
        count += 1
    return count


def export(engine: Engine, out: IO[str], fmt: str, filters: Filters | None = None) -> int:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return write(rows(engine, filters or Filters()), out, fmt)


def format_for(path: str | None, fmt: str | None) -> str:
    """The format asked for, else the output file's extension (``.csv``; ``.jsonl``, ``.ndjson``), else jsonl."""
    if fmt:
        return fmt
    if path and path.lower().endswith(".csv"):
        return "csv"
    return "jsonl"
