"""SQLite WAL checkpoints run on the store's own thread, not inside the writer's commits."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from jobcrawl.db import WalCheckpointer, make_engine, upgrade_to_head
from jobcrawl.store import PostingStore
from pipelines.store import StorePipeline
from tests.test_store import posting


def postings_in_main_file(db_path: Path, tmp_path: Path) -> int:
    """Postings readable from the database file alone, without its WAL: what checkpoints have copied back."""
    copy = tmp_path / "main-file-only.db"
    shutil.copy(db_path, copy)
    with sqlite3.connect(copy) as conn:
        return conn.execute("SELECT count(*) FROM postings").fetchone()[0]


@pytest.fixture
def sqlite_store(tmp_path: Path):
    path = tmp_path / "store.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    store = PostingStore(engine)
    yield store, path
    store.close()
    engine.dispose()


def test_commits_are_copied_into_the_database_file_by_the_background_thread(sqlite_store, tmp_path):
    store, path = sqlite_store
    assert store.checkpointer is not None
    store.write([posting(f"https://example.com/jobs/{n}", external_id=str(n)) for n in range(3)])
    assert store.checkpointer.wait(timeout=30)
    assert postings_in_main_file(path, tmp_path) == 3


def test_the_writers_own_checkpoint_only_fires_at_the_backstop(sqlite_store):
    store, _ = sqlite_store
    store.write([posting("https://example.com/jobs/1")])
    with store.engine.connect() as conn:
        pages = conn.execute(text("PRAGMA wal_autocheckpoint")).scalar_one()
    assert pages == WalCheckpointer.BACKSTOP_PAGES


def test_close_stops_the_thread_and_a_later_commit_starts_another(sqlite_store, tmp_path):
    store, path = sqlite_store
    store.write([posting("https://example.com/jobs/1", external_id="1")])
    store.close()
    assert store.checkpointer._thread is None
    store.write([posting("https://example.com/jobs/2", external_id="2")])
    assert store.checkpointer._thread is not None
    store.close()
    assert postings_in_main_file(path, tmp_path) == 2


def test_a_checkpoint_that_cannot_open_the_file_is_logged_not_raised(tmp_path, caplog):
    checkpointer = WalCheckpointer(str(tmp_path / "missing-dir" / "x.db"))  # cannot be opened
    checkpointer.after_commit()
    assert checkpointer.wait(timeout=30)
    checkpointer.close()
    assert checkpointer._thread is None
    assert "Background WAL checkpoint" in caplog.text and "failed" in caplog.text


def test_no_checkpointer_for_postgresql_or_memory(db_url):
    engine = make_engine(db_url if "postgresql" in db_url else "sqlite://")
    assert WalCheckpointer.for_engine(engine) is None
    engine.dispose()


def test_the_store_pipeline_stops_its_checkpoint_thread_at_close(tmp_path):
    # (what the crawl wrote is in the database file afterwards either way: SQLite checkpoints when the
    # pipeline disposes of its last connection, so only the thread is this test's to check)
    pipeline = StorePipeline(f"sqlite:///{tmp_path / 'crawl.db'}", batch_size=2,
                             spool_path=str(tmp_path / "spool.jsonl"))
    pipeline.open_spider()
    for n in range(3):
        pipeline.process_item(posting(f"https://example.com/jobs/{n}", external_id=str(n)))
    assert pipeline.store.checkpointer._thread is not None  # a batch was written: the thread runs
    pipeline.close_spider()
    assert pipeline.store.checkpointer._thread is None
