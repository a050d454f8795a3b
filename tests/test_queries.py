"""docs/queries.md is tested: every query runs on SQLite and on PostgreSQL over a crawled demo board,
and the same crawl gives the same rows in both databases."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from sqlalchemy import text

from conftest import missing_service, run_crawl
from jobcrawl.db import make_engine
from jobcrawl.docs_reader import documented_queries

QUERIES = [(q.heading, q.dialect, q.sql) for q in documented_queries()]


def test_enough_documented_queries():
    assert len({h.split(".")[0].rstrip("ab") for h, _, _ in QUERIES}) >= 12


@pytest.fixture(scope="module")
def crawled(request, tmp_path_factory):
    """The demo board crawled into a fresh SQLite file and a fresh PostgreSQL database."""
    sqlite_url = f"sqlite:///{tmp_path_factory.mktemp('q') / 'q.db'}"
    pg_url = request.getfixturevalue("postgres_server").create_database()
    urls = {}
    for name, url in (("sqlite", sqlite_url), ("postgresql", pg_url)):
        result = run_crawl(url)
        assert result.returncode == 0, result.stderr[-3000:]
        urls[name] = url
    return urls


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
@pytest.mark.parametrize("heading,only,sql", QUERIES, ids=[h for h, _, _ in QUERIES])
def test_documented_query_runs(crawled, dialect, heading, only, sql):
    if only and only != dialect:
        pytest.skip(f"{heading} is written for {only}")
    engine = make_engine(crawled[dialect])
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    engine.dispose()
    if heading.startswith(("1.", "3.", "5.", "11.", "14.", "16.", "4")):
        assert rows, f"{heading} should find rows in the demo board"


def test_dialects_are_named():
    assert {only for _, only, _ in QUERIES} == {None, "sqlite", "postgresql"}
    assert not any(sql.lstrip().startswith("-") for _, _, sql in QUERIES)


@pytest.mark.parametrize("heading,only,sql", [q for q in QUERIES if q[1] != "postgresql"],
                         ids=[h for h, only, _ in QUERIES if only != "postgresql"])
def test_documented_query_runs_in_the_sqlite3_shell(crawled, heading, only, sql):
    """As the doc says: ``sqlite3 postings.db "<block>"`` (a block starting with ``-`` read as an option)."""
    sqlite3 = shutil.which("sqlite3")
    if not sqlite3:
        missing_service("the sqlite3 shell is not installed: apt-get install sqlite3")
    path = crawled["sqlite"].removeprefix("sqlite:///")
    proc = subprocess.run([sqlite3, path, sql + ";"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and not proc.stderr, proc.stderr


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_full_text_search_finds_the_right_posting(crawled, dialect):
    sql = {
        "sqlite": "SELECT p.title FROM postings_fts JOIN postings p ON p.id = postings_fts.rowid "
                  "WHERE postings_fts MATCH :q",
        "postgresql": "SELECT title FROM postings WHERE search_vector @@ websearch_to_tsquery('english', :q)",
    }[dialect]
    engine = make_engine(crawled[dialect])
    with engine.connect() as conn:
        titles = conn.execute(text(sql), {"q": "Azure Communication"}).scalars().all()
        nothing = conn.execute(text(sql), {"q": "xylophonist"}).scalars().all()
    engine.dispose()
    assert titles and all("Software Engineer" in t for t in titles)
    assert nothing == []


def _snapshot(url: str):
    engine = make_engine(url)
    with engine.connect() as conn:
        postings = conn.execute(text(
            "SELECT posting_key, url_key, source, external_id, extractor, url, canonical_url, title, company, "
            "company_key, location_raw, city, region, country, remote, date_posted, valid_through, salary_raw, "
            "salary_min, salary_max, salary_currency, salary_period, employment_type, description_html, "
            "description_text, content_hash, duplicate_kind FROM postings ORDER BY posting_key"
        )).all()
        links = conn.execute(text(
            "SELECT p.posting_key, d.posting_key FROM postings p JOIN postings d ON d.id = p.duplicate_of "
            "ORDER BY p.posting_key"
        )).all()
        sections = conn.execute(text(
            "SELECT p.posting_key, s.position, s.heading, s.kind, s.text, s.html FROM sections s "
            "JOIN postings p ON p.id = s.posting_id ORDER BY p.posting_key, s.position"
        )).all()
    engine.dispose()
    return [tuple(str(v) if v is not None else None for v in r) for r in postings], links, sections


def test_same_crawl_gives_same_rows_in_sqlite_and_postgresql(crawled):
    sqlite_rows = _snapshot(crawled["sqlite"])
    pg_rows = _snapshot(crawled["postgresql"])
    assert sqlite_rows[0] == pg_rows[0]
    assert sqlite_rows[1] == pg_rows[1]
    assert sqlite_rows[2] == pg_rows[2]
