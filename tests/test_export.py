"""``scrapy export`` on a real SQLite file and a real PostgreSQL database, run as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import update
from test_store import posting

from conftest import ROOT, run_crawl
from jobcrawl import models as m
from jobcrawl.db import make_engine, upgrade_to_head
from jobcrawl.export import POSTING_COLUMNS, Filters, parse_since, rows
from jobcrawl.store import PostingStore

OTHER_TEXT = ("Drive deliveries across the city in our electric vans, plan routes with the dispatch team, and "
              "keep the fleet clean. A valid licence and two years of delivery experience are needed. ")
NIGHT_TEXT = ("Our bakery needs a night baker to prepare bread, pastries and cakes for the morning shops; you "
              "will mix doughs, run the ovens and train apprentices. Early mornings and weekends included.")


def scrapy_export(db_url: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, JOBCRAWL_DATABASE_URL=db_url)
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    return subprocess.run([scrapy, "export", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def jsonl(proc: subprocess.CompletedProcess) -> list[dict]:
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [json.loads(line) for line in proc.stdout.splitlines()]


@pytest.fixture
def stored(db_url):
    """Two runs: the first stores a posting, its exact duplicate and one later closed; the second a new one
    and sees the first again."""
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    store = PostingStore(engine)
    first_run = store.start_run("postings", "urls=...")
    store.write([posting("https://example.com/jobs/1"), posting("https://mirror.example.net/jobs/1"),
                 posting("https://example.com/jobs/3", OTHER_TEXT, title="Delivery Driver")], [], first_run)
    second_run = store.start_run("postings", "urls=...")
    store.write([posting("https://example.com/jobs/4", NIGHT_TEXT, title="Night Baker"),
                 posting("https://example.com/jobs/1")], [], second_run)
    with engine.begin() as conn:
        conn.execute(update(m.Posting).where(m.Posting.url == "https://example.com/jobs/3")
                     .values(closed_at=m.Posting.last_seen_at))
    store.close()
    engine.dispose()
    return db_url, first_run, second_run


def test_jsonl_has_ids_duplicate_links_normalized_fields_and_sections(stored):
    db_url, _, _ = stored
    records = jsonl(scrapy_export(db_url))
    assert [r["url"] for r in records] == ["https://example.com/jobs/1", "https://mirror.example.net/jobs/1",
                                           "https://example.com/jobs/3", "https://example.com/jobs/4"]
    assert list(records[0]) == [*POSTING_COLUMNS, "sections"]
    original, mirror = records[0], records[1]
    assert mirror["duplicate_of"] == original["id"] and mirror["duplicate_kind"] == "exact"
    assert original["salary_min"] == 120000 and original["salary_period"] == "YEAR"
    assert original["employment_type"] == "FULL_TIME" and original["country"] == "US"
    assert original["sections"] == [{"position": 0, "kind": "about", "heading": None,
                                     "text": original["description_text"]}]


def test_filters_by_run_state_and_since(stored):
    db_url, first_run, second_run = stored
    engine = make_engine(db_url)

    def urls(**filters) -> list[str]:
        return [r["url"] for r in rows(engine, Filters(**filters))]

    # the second run stored jobs/4 and saw jobs/1 again
    assert urls(run_id=second_run) == ["https://example.com/jobs/1", "https://example.com/jobs/4"]
    assert "https://example.com/jobs/3" in urls(run_id=first_run)
    assert urls(state="closed") == ["https://example.com/jobs/3"]
    assert urls(state="open", distinct=True) == ["https://example.com/jobs/1", "https://example.com/jobs/4"]
    assert urls(since=parse_since("2999-01-01")) == []
    assert len(urls(since=parse_since("2000-01-01T00:00:00Z"))) == 4
    engine.dispose()
    # the same through the command's options
    records = jsonl(scrapy_export(db_url, "--run", str(second_run), "--open", "--distinct", "--since", "2000-01-01"))
    assert [r["url"] for r in records] == ["https://example.com/jobs/1", "https://example.com/jobs/4"]
    assert [r["url"] for r in jsonl(scrapy_export(db_url, "--closed"))] == ["https://example.com/jobs/3"]


def test_csv_to_a_file(stored, tmp_path):
    db_url, _, _ = stored
    out = tmp_path / "postings.csv"
    proc = scrapy_export(db_url, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "exported 4 postings" in proc.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 4 and list(rows[0]) == [*POSTING_COLUMNS, "sections"]
    assert rows[1]["duplicate_of"] == rows[0]["id"]
    assert json.loads(rows[0]["sections"])[0]["kind"] == "about"


def test_no_database_is_one_line_and_creates_nothing(tmp_path):
    missing = tmp_path / "nothing-here.db"
    proc = scrapy_export(f"sqlite:///{missing}", "--format", "csv")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no database at" in proc.stderr
    assert not missing.exists()


def test_bad_since_is_a_usage_error(tmp_path):
    proc = scrapy_export(f"sqlite:///{tmp_path / 'x.db'}", "--since", "last tuesday")
    assert proc.returncode == 2 and "--since" in proc.stderr


def test_feed_items_join_the_export_by_posting_key(sqlite_url, tmp_path):
    """A feed (-o) is written before the store knows ids (docs/operations.md): it carries posting_key, and
    ``scrapy export`` gives the stored id and duplicate link for each."""
    feed = tmp_path / "feed.jsonl"
    crawl = run_crawl(sqlite_url, "-o", str(feed))
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    fed = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    keys = {item["normalized"]["posting_key"] for item in fed if "normalized" in item}
    stored = {r["posting_key"]: r for r in jsonl(scrapy_export(sqlite_url, "--run", "1"))}
    assert keys and keys == set(stored)
    assert any(r["duplicate_of"] for r in stored.values())
