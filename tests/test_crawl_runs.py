"""crawl_runs tells the truth: ``arguments`` says what every run crawled (SQLite and PostgreSQL), a run stopped
with SIGTERM is recorded as ``shutdown`` as the console and the exit status say, a database that cannot be
written stops the crawl at start in one line, and a run whose database was away at its end gets its
``finished_at`` once the database is back (from the spool)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, _pg_bin, missing_service, postgres_cluster, run_crawl
from faultserver import FaultServer, job_board
from pagegen import HTML, posting_page
from scrapy.settings import Settings
from test_faults_db import count
from test_restarts import start_crawl, wait_until

from jobcrawl.spiders.postings import PostingsSpider


def runs(db: Path):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT arguments, finish_reason, finished_at FROM crawl_runs ORDER BY id").fetchall()


def serve_two_postings(http_server) -> None:
    http_server.routes["/jobs/1"] = (200, HTML, posting_page(1))
    http_server.routes["/jobs/2"] = (200, HTML, posting_page(2))


def test_arguments_recorded_for_every_input_kind(http_server, tmp_path):
    serve_two_postings(http_server)
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# sources\n{http_server.url('/jobs/2')}\n")
    db = tmp_path / "p.db"
    first = run_crawl(f"sqlite:///{db}", "-a", f"urls={http_server.url('/jobs/1')}",
                      "-a", f"start={http_server.url('/jobs/2')}")
    second = run_crawl(f"sqlite:///{db}", "-a", f"urls_file={listing}")
    demo = run_crawl(f"sqlite:///{db}")
    for crawl in (first, second, demo):
        assert crawl.returncode == 0, crawl.stderr[-3000:]
    arguments = [a for a, _, _ in runs(db)]
    assert arguments == [
        f"start={http_server.url('/jobs/2')} urls={http_server.url('/jobs/1')}",
        f"urls_file={listing}",
        "demo",
    ]


def test_arguments_recorded_on_postgresql(http_server, pg_url):
    serve_two_postings(http_server)
    crawl = run_crawl(pg_url, "-a", f"urls={http_server.url('/jobs/1')}")
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert count(pg_url, "SELECT arguments, finish_reason FROM crawl_runs") == (
        f"urls={http_server.url('/jobs/1')}", "finished")


def test_arguments_of_ats_sitemap_and_distributed_workers():
    spider = PostingsSpider(greenhouse="acme", sitemap="https://example.com/sitemap.xml")
    assert spider.describe_arguments() == "greenhouse=acme sitemap=https://example.com/sitemap.xml"
    # A worker of a distributed crawl takes its URLs from Redis: the run names the shared queue.
    worker = PostingsSpider()
    worker.settings = Settings({"JOBCRAWL_REDIS_URL": "redis://:s3cret@127.0.0.1:6379/0"})
    assert worker.describe_arguments() == "redis=redis://:***@127.0.0.1:6379/0"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_sigterm_recorded_as_shutdown(tmp_path, stop):
    server = FaultServer()
    server.delay_all = 0.02
    start = job_board(server, 120)
    server.start()
    try:
        db = tmp_path / "p.db"
        proc = start_crawl(f"sqlite:///{db}", ["-a", f"start={start}", "-s", f"JOBCRAWL_SPOOL_PATH={tmp_path / 's'}",
                                               "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"])
        wait_until(lambda: sum(n for p, n in server.hits.items() if p.startswith("/jobs/")) >= 20
                   or proc.poll() is not None)
        proc.send_signal(stop)
        _, err = proc.communicate(timeout=120)
    finally:
        server.stop()
    assert "Summary: shutdown" in err, err[-3000:]
    assert proc.returncode == 1
    [(arguments, reason, finished_at)] = runs(db)
    assert (arguments, reason) == (f"start={start}", "shutdown")
    assert finished_at is not None


def test_read_only_database_is_one_line_at_start(tmp_path):
    db = tmp_path / "p.db"
    assert run_crawl(f"sqlite:///{db}").returncode == 0
    crawl = run_crawl(f"sqlite:///file:{db}?mode=ro&uri=true")
    assert crawl.returncode == 2, crawl.stderr[-3000:]
    lines = crawl.stderr.strip().splitlines()
    assert len(lines) == 1, crawl.stderr[-3000:]
    assert lines[0].startswith("jobcrawl: error: Cannot write to the database") and "readonly" in lines[0]
    for noise in ("AssertionError", "Traceback", "Summary", "INSERT", "host, port"):
        assert noise not in crawl.stderr
    assert len(runs(db)) == 1


def test_run_end_recorded_after_the_database_comes_back(tmp_path):
    if not _pg_bin("initdb"):
        missing_service("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    server = FaultServer()
    server.delay_all = 0.02
    start = job_board(server, 60)
    server.start()
    spool = tmp_path / "spool.jsonl"
    try:
        with postgres_cluster() as pg:
            url = pg.create_database()
            proc = start_crawl(url, ["-a", f"start={start}", "-s", f"JOBCRAWL_SPOOL_PATH={spool}",
                                     "-s", "JOBCRAWL_STORE_BATCH_SIZE=5", "-s", "JOBCRAWL_STORE_RETRIES=1",
                                     "-s", "JOBCRAWL_STORE_RETRY_BACKOFF=0.05"])
            wait_until(lambda: (count(url) or (0,))[0] >= 10 or proc.poll() is not None)
            pg.stop()  # away until the crawl has ended
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 1, err[-3000:]
            assert "Could not record the end of run 1 (database unavailable)" in err, err[-3000:]
            pg.start()
            assert count(url, "SELECT count(*) FROM crawl_runs WHERE finished_at IS NULL") == (1,)
            scrapy = str(Path(sys.executable).with_name("scrapy"))
            load = subprocess.run([scrapy, "loadspool", "-s", f"JOBCRAWL_SPOOL_PATH={spool}"], cwd=ROOT, check=False,
                                  env={**os.environ, "JOBCRAWL_DATABASE_URL": url},
                                  capture_output=True, text=True, timeout=120)
            assert load.returncode == 0, load.stderr[-3000:]
            crawl_run = count(url, "SELECT finish_reason, finished_at IS NOT NULL, finished_at < "
                                   "(SELECT started_at FROM crawl_runs WHERE spider = 'loadspool') "
                                   "FROM crawl_runs WHERE id = 1")
            assert crawl_run == ("finished", True, True)
    finally:
        server.stop()


def test_a_run_end_that_was_spooled_fails_the_run():
    from jobcrawl.commands.crawl import run_failure

    stats = {"finish_reason": "finished", "downloader/response_status_count/200": 3, "jobcrawl/run_end_spooled": 1}
    assert "end of the run could not be recorded" in run_failure(stats)
    assert run_failure({"finish_reason": "finished", "downloader/response_status_count/200": 3}) is None
