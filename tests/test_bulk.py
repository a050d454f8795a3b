"""jobcrawl.bulk hands rows to the driver as tuples: what it stores must be exactly what SQLAlchemy Core stores."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert, update

from jobcrawl import models as m
from jobcrawl.bulk import insert_tuples, update_tuples
from jobcrawl.db import make_engine, upgrade_to_head

NOW = datetime(2026, 12, 3, 10, 0, 0)  # no microseconds: sqlite3's own adapter would write none, SQLAlchemy .000000
LATER = datetime(2026, 12, 3, 11, 30, 0, 250)
VERSION = {"posting_id": 1, "content_hash": "h", "captured_at": NOW, "run_id": None,
           "changed_fields": ["title"], "snapshot": {"title": "Data Engineer", "salary": None, "ü": "straße"}}
# what tells the rows apart; every other column is compared
_OWN = {"id", "posting_key", "url_key", "url"}


def _posting(n: int, **values) -> dict:
    return {"posting_key": f"k{n}", "url_key": f"u{n}", "source": "example.com", "extractor": "generic",
            "url": f"https://example.com/{n}", "title": "Data Engineer", "content_hash": "c", "first_seen_at": NOW,
            "last_seen_at": NOW, "date_posted": date(2026, 11, 30), "salary_min": 120000, "field_sources": None,
            **values}


def _stored(conn, table, key: str, value, skip=_OWN) -> tuple:
    """The row as the database holds it: the driver's own values, no SQLAlchemy type processing on the way back."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    columns = [c.name for c in table.c if c.name not in skip]
    return tuple(conn.exec_driver_sql(f"SELECT {', '.join(columns)} FROM {table.name} WHERE {key} = {mark}",
                                      (value,)).one())


def _tuples(conn, table, rows: list[dict], suffix: str = "") -> None:
    insert_tuples(conn, table, tuple(rows[0]), [tuple(row.values()) for row in rows], suffix)


def test_tuples_store_what_core_stores(db_url):
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    postings, versions = m.Posting.__table__, m.PostingVersion.__table__
    with engine.begin() as conn:
        # None into JSON, a date, an int into a float column, datetimes; then a JSON object
        conn.execute(insert(m.Posting), [_posting(1), _posting(3, field_sources={"title": "json-ld"})])
        _tuples(conn, postings, [_posting(2), _posting(4, field_sources={"title": "json-ld"})])
        conn.execute(insert(m.PostingVersion), [VERSION])
        _tuples(conn, versions, [dict(VERSION, posting_id=2)])
        # an upsert whose row exists: only the columns it names change
        _tuples(conn, postings, [_posting(2, title="Other", last_seen_at=LATER)],
                " ON CONFLICT (posting_key) DO UPDATE SET last_seen_at = excluded.last_seen_at")
        conn.execute(update(m.Posting).where(m.Posting.posting_key == "k1").values(
            last_seen_at=LATER, field_sources={"title": "json-ld"}, duplicate_similarity=0.93))
        update_tuples(conn, postings, ("field_sources", "duplicate_similarity"), "posting_key",
                      [({"title": "json-ld"}, 0.93, "k2")], " AND duplicate_of IS NULL")
        update_tuples(conn, postings, ("title",), "posting_key", [("Never", "k4")], " AND duplicate_of IS NOT NULL")
    with engine.connect() as conn:
        rows = {n: _stored(conn, postings, "posting_key", f"k{n}") for n in (1, 2, 3, 4)}
        title_of_4 = _stored(conn, postings, "posting_key", "k4", skip=set(postings.c.keys()) - {"title"})
        stored_versions = [_stored(conn, versions, "posting_id", pid, skip={"id", "posting_id"}) for pid in (1, 2)]
    engine.dispose()
    assert rows[1] == rows[2]
    assert rows[3] == rows[4] != rows[1]
    assert title_of_4 == ("Data Engineer",)
    assert stored_versions[0] == stored_versions[1]
