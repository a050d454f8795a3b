"""End to end: `scrapy crawl postings` on the bundled demo board into a temporary SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import ROOT, run_crawl

DEMO_POSTINGS = sorted((ROOT / "fixtures" / "demo" / "postings").glob("*.html"))


def query(db: Path, sql: str, *args):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "postings.db"
    first = run_crawl(f"sqlite:///{db}")
    assert first.returncode == 0, first.stderr[-3000:]
    return db


def test_every_demo_posting_stored_once_with_sections(demo_db):
    # One posting page per file; the tracking-parameter twin link must not add a row.
    assert query(demo_db, "SELECT count(*) FROM postings") == [(len(DEMO_POSTINGS),)]
    urls = [u for (u,) in query(demo_db, "SELECT url FROM postings")]
    assert not [u for u in urls if "utm_" in u]
    without_sections = query(
        demo_db, "SELECT title FROM postings p WHERE NOT EXISTS (SELECT 1 FROM sections s WHERE s.posting_id = p.id)"
    )
    assert without_sections == []
    assert query(demo_db, "SELECT count(*) FROM postings WHERE title IS NULL OR trim(title) = ''") == [(0,)]


def test_repost_is_linked_not_dropped(demo_db):
    linked = query(demo_db, "SELECT p.title, d.title, p.duplicate_kind FROM postings p "
                            "JOIN postings d ON d.id = p.duplicate_of")
    assert linked, "the demo board's repost should be linked to its original"
    for title, original_title, kind in linked:
        assert kind in ("exact", "near")


def test_indeed_seed_posting_sections(demo_db):
    kinds = dict(query(
        demo_db,
        "SELECT s.kind, group_concat(s.text, ' ') FROM sections s JOIN postings p ON p.id = s.posting_id "
        "WHERE p.external_id = '694517a7cb43987f' GROUP BY s.kind",
    ))
    expected = {
        "We are the Azure Communication Services team": "about",
        "Implement features as part of delivering our Communication Platform": "responsibilities",
        "BS or MS degree in Computer Science": "requirements",
        "Cloud and services experience": "preferred",
        "Microsoft is an equal opportunity employer": "equal_opportunity",
        "Benefits/perks listed below may vary": "benefits",
    }
    for phrase, kind in expected.items():
        assert phrase in (kinds.get(kind) or ""), f"{phrase!r} not in a {kind} section: {sorted(kinds)}"


def test_run_recorded_and_second_run_adds_nothing(demo_db):
    second = run_crawl(f"sqlite:///{demo_db}")
    assert second.returncode == 0, second.stderr[-3000:]
    runs = query(demo_db, "SELECT finish_reason, items_new, items_unchanged FROM crawl_runs ORDER BY id")
    assert len(runs) == 2
    assert runs[0][0] == "finished" and runs[0][1] == len(DEMO_POSTINGS)
    assert runs[1][1] == 0 and runs[1][2] == len(DEMO_POSTINGS)
    assert query(demo_db, "SELECT count(*) FROM postings")[0][0] == len(DEMO_POSTINGS)
    # first_seen_at kept, last_seen_at moved
    assert query(demo_db, "SELECT count(*) FROM postings WHERE last_seen_at < first_seen_at") == [(0,)]


def test_urls_file_with_comments(tmp_path):
    pages = DEMO_POSTINGS[:2]
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# two demo postings\n" + "\n".join(p.as_uri() + "  # trailing comment" for p in pages) + "\n\n"
    )
    db = tmp_path / "u.db"
    result = run_crawl(f"sqlite:///{db}", "-a", f"urls_file={listing}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert query(db, "SELECT count(*) FROM postings")[0][0] == 2
