"""The database goes away mid-crawl: writes are retried, then spooled to the dead-letter file; after the
server is back ``scrapy loadspool`` stores the spool, and every posting is in ``postings`` exactly once.

Runs on a PostgreSQL cluster of its own (conftest.postgres_cluster), so stopping it cannot disturb the
shared server the other tests use.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, _pg_bin, missing_service, postgres_cluster
from faultserver import FaultServer, job_board
from test_restarts import start_crawl, wait_until

POSTINGS = 120


def count(url: str, sql: str = "SELECT count(*), count(DISTINCT url) FROM postings"):
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(dsn, connect_timeout=2) as conn:
            return conn.execute(sql).fetchone()
    except psycopg.Error:
        return None


def test_postgres_stopped_mid_crawl_loses_nothing(tmp_path):
    if not _pg_bin("initdb"):
        missing_service("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    server = FaultServer()
    server.delay_all = 0.02
    start = job_board(server, POSTINGS)
    server.start()
    spool = tmp_path / "spool.jsonl"
    try:
        with postgres_cluster() as pg:
            url = pg.create_database()
            proc = start_crawl(url, [
                "-a", f"start={start}", "-s", f"JOBCRAWL_SPOOL_PATH={spool}",
                "-s", "JOBCRAWL_STORE_BATCH_SIZE=10", "-s", "JOBCRAWL_STORE_RETRIES=2",
                "-s", "JOBCRAWL_STORE_RETRY_BACKOFF=0.05",
            ])
            wait_until(lambda: (count(url) or (0,))[0] >= 20 or proc.poll() is not None)
            pg.stop()
            wait_until(lambda: (spool.exists() and spool.stat().st_size > 0) or proc.poll() is not None)
            pg.start()  # back while the crawl goes on: later batches are written again
            out, err = proc.communicate(timeout=120)
            assert "Database unavailable" in err and "spooled" in err, err[-3000:]
            assert proc.returncode == 1  # items were spooled: the run says so
            stored_before = count(url)[0]
            assert stored_before < POSTINGS
            env = dict(os.environ, JOBCRAWL_DATABASE_URL=url)
            scrapy = str(Path(sys.executable).with_name("scrapy"))
            load = subprocess.run([scrapy, "loadspool", "-s", f"JOBCRAWL_SPOOL_PATH={spool}"], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=120)
            assert load.returncode == 0, load.stderr[-3000:]
            assert not spool.exists()
            assert count(url) == (POSTINGS, POSTINGS)
            assert "secret-pw" not in err + load.stdout + load.stderr
    finally:
        server.stop()
