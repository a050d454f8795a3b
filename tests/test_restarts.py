"""Restarts with ``-s JOBDIR=...``: a crawl stopped with SIGTERM resumes; one killed with SIGKILL starts again
the same way; either way every posting ends up stored exactly once (see jobcrawl.extensions.JobdirGuard).

The loopback board has 120 posting pages behind 12 listing pages, each answer 20 ms late, so the signal
lands mid-crawl.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_crawl
from faultserver import FaultServer, job_board

POSTINGS = 120
PER_PAGE = 10


@pytest.fixture
def board():
    server = FaultServer()
    server.delay_all = 0.02
    job_board(server, POSTINGS, PER_PAGE)
    server.start()
    yield server
    server.stop()


def crawl_args(server: FaultServer, tmp: Path, *extra: str) -> list[str]:
    return ["-a", f"start={server.url('/list?page=1')}", "-s", f"JOBDIR={tmp / 'job'}",
            "-s", f"JOBCRAWL_SPOOL_PATH={tmp / 'spool.jsonl'}", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", *extra]


def start_crawl(db_url: str, args: list[str]) -> subprocess.Popen:
    env = dict(os.environ, JOBCRAWL_DATABASE_URL=db_url)
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    cmd = [scrapy, "crawl", "postings", "-s", "ROBOTSTXT_OBEY=False", "-s", "DOWNLOAD_DELAY=0",
           "-s", "AUTOTHROTTLE_ENABLED=False", *args]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def posting_hits(server: FaultServer) -> dict[str, int]:
    with server.lock:
        return {p: n for p, n in server.hits.items() if p.startswith("/jobs/")}


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM postings").fetchone()[0]
    except sqlite3.Error:
        return 0


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def assert_every_posting_once(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        urls = [u for (u,) in conn.execute("SELECT url FROM postings")]
    assert len(urls) == POSTINGS
    assert len(set(urls)) == POSTINGS


def test_sigterm_pause_and_resume(board, tmp_path):
    db = tmp_path / "postings.db"
    args = crawl_args(board, tmp_path)
    proc = start_crawl(f"sqlite:///{db}", args)
    wait_until(lambda: sum(posting_hits(board).values()) >= 40 or proc.poll() is not None)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert "shutdown" in err, err[-3000:]
    assert proc.returncode == 1  # not finished: resume it
    fetched_before = sum(posting_hits(board).values())
    assert fetched_before < POSTINGS, "the crawl finished before the signal: nothing to resume"
    resumed = run_crawl(f"sqlite:///{db}", *args)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert_every_posting_once(db)
    # A clean pause loses nothing and fetches nothing twice.
    assert max(posting_hits(board).values()) == 1
    assert len(posting_hits(board)) == POSTINGS


def test_sigkill_and_start_again(board, tmp_path):
    db = tmp_path / "postings.db"
    # Small batches, so that some postings are committed before the kill and some are still buffered.
    args = crawl_args(board, tmp_path, "-s", "JOBCRAWL_STORE_BATCH_SIZE=10")
    proc = start_crawl(f"sqlite:///{db}", args)
    wait_until(lambda: stored(db) >= 30 or proc.poll() is not None)
    proc.kill()
    proc.communicate(timeout=60)
    committed = stored(db)
    fetched_before = dict(posting_hits(board))
    assert committed < POSTINGS, "the crawl finished before the kill"
    again = run_crawl(f"sqlite:///{db}", *args)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "did not stop cleanly" in again.stderr
    assert_every_posting_once(db)
    hits = posting_hits(board)
    assert len(hits) == POSTINGS
    twice = sorted(p for p, n in hits.items() if n > 1)
    # Postings committed before the kill are not fetched again; only those in flight or still buffered.
    assert len(twice) <= len(fetched_before) - committed
    print(f"SIGKILL: {len(fetched_before)} posting pages fetched before the kill, {committed} committed, "
          f"{len(twice)} fetched again")
