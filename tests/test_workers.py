"""Extraction in worker processes (JOBCRAWL_WORKERS, jobcrawl.workers): real crawls of loopback servers.

The rest of the suite crawls with JOBCRAWL_WORKERS=1 (tests/conftest.py says why); these tests ask for the pool
with ``-s`` and push it where it can fail: the same rows as one process, an exception in a worker, a worker
killed mid-crawl, a bad setting, Ctrl-C while the pool runs, a distributed worker."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, run_crawl
from pagegen import HTML, description, listing_page, posting_page

import pytest

from jobcrawl.workers import PoolSettings, SettingError, pool_settings

DEMO = ROOT / "fixtures" / "demo"
FROZEN = "2026-01-15T12:00:00+00:00"
# Columns that hold the clock of the run, or a row number that depends on the order pages finished in.
VOLATILE = {"id", "created_at", "started_at", "finished_at", "captured_at", "at", "first_seen_at",
            "last_crawled_at", "last_complete_at", "last_seen_at", "updated_at", "closed_at"}
POSTING_REFERENCES = {"posting_id"}
# Which of two duplicates is stored first (and kept as the original) depends on which page finished first, with
# one process as with several: links are compared as pairs, direction ignored (as tests/test_distributed.py does).
DUPLICATE_LINK = {"duplicate_of", "duplicate_kind", "duplicate_similarity"}


def serve_board(http_server, postings: int = 40) -> str:
    """The demo board, and a two-page listing of generated postings; returns the start URLs."""
    for path in DEMO.rglob("*.html"):
        http_server.routes["/demo/" + path.relative_to(DEMO).as_posix()] = (200, HTML, path.read_bytes())
    half = postings // 2
    links = [f"/jobs/{i}" for i in range(postings)]
    http_server.routes["/list/1"] = (200, HTML, listing_page(links[:half], "/list/2"))
    http_server.routes["/list/2"] = (200, HTML, listing_page(links[half:]))
    for i in range(postings):
        http_server.routes[f"/jobs/{i}"] = (200, HTML, posting_page(i))
    return f"{http_server.url('/demo/index.html')},{http_server.url('/list/1')}"


def table_rows(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows without clock columns and row numbers; a reference to a posting is its posting_key."""
    with sqlite3.connect(db) as conn:
        keys = dict(conn.execute("SELECT id, posting_key FROM postings"))
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'postings_fts%' "
            "AND name NOT IN ('alembic_version', 'sqlite_sequence')")]
        found = {}
        for table in tables:
            columns = [name for (name,) in conn.execute(f"SELECT name FROM pragma_table_info('{table}')")]
            kept = [c for c in columns if c not in VOLATILE and not (table == "postings" and c in DUPLICATE_LINK)]
            rows = []
            for row in conn.execute(f"SELECT {', '.join(kept)} FROM {table}"):
                rows.append(tuple(keys.get(v, v) if c in POSTING_REFERENCES else v for c, v in zip(kept, row)))
            found[table] = sorted(rows, key=repr)
        found["duplicate pairs"] = sorted(
            (tuple(sorted((keys[a], keys[b]))), kind, similarity) for a, b, kind, similarity in conn.execute(
                "SELECT id, duplicate_of, duplicate_kind, duplicate_similarity FROM postings "
                "WHERE duplicate_of IS NOT NULL"))
        found["postings_fts"] = sorted(conn.execute(
            "SELECT p.posting_key, f.title, f.company, f.description_text FROM postings_fts f "
            "JOIN postings p ON p.id = f.rowid").fetchall(), key=repr)
    return found


def crawl(db: Path, start: str, workers: int, *extra: str) -> subprocess.CompletedProcess:
    done = run_crawl(f"sqlite:///{db}", "-a", f"start={start}", "-a", f"fetched_at={FROZEN}",
                     "-s", f"JOBCRAWL_WORKERS={workers}", "-s", f"JOBCRAWL_SPOOL_PATH={db.with_suffix('.spool')}",
                     *extra)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_two_workers_store_the_same_rows_as_one(http_server, tmp_path):
    start = serve_board(http_server)
    here = crawl(tmp_path / "one.db", start, 1)
    pooled = crawl(tmp_path / "two.db", start, 2)
    assert "Extraction in 2 worker processes" in pooled.stderr
    assert "Extraction in" not in here.stderr
    one, two = table_rows(tmp_path / "one.db"), table_rows(tmp_path / "two.db")
    assert len(one["postings"]) == 40 + len(list((DEMO / "postings").glob("*.html")))
    assert one["sections"] and one["crawl_errors"]  # the demo's related-job cards are 404s
    assert one["duplicate pairs"]
    for table in one:
        only_one = [row for row in one[table] if row not in two[table]]
        only_two = [row for row in two[table] if row not in one[table]]
        changed = [(i, a[i], b[i]) for a in only_one for b in only_two if a[0] == b[0]
                   for i in range(len(a)) if a[i] != b[i]]
        assert (table, only_one, only_two) == (table, [], []), changed
        assert two[table] == one[table], table


def test_extraction_exception_in_a_worker_is_a_problem_row(http_server, tmp_path):
    # JSON nested deeper than the decoder's recursion limit: a real RecursionError inside extraction
    http_server.routes["/api/jobs"] = (200, {"Content-Type": "application/json"}, b"[" * 100_000 + b"]" * 100_000)
    http_server.routes["/jobs/1"] = (200, HTML, posting_page(1))
    db = tmp_path / "p.db"
    crawl(db, f"{http_server.url('/api/jobs')},{http_server.url('/jobs/1')}", 2)
    with sqlite3.connect(db) as conn:
        errors = conn.execute("SELECT url, stage, reason, detail FROM crawl_errors").fetchall()
        postings = conn.execute("SELECT url FROM postings").fetchall()
    assert postings == [(http_server.url("/jobs/1"),)]
    [(url, stage, reason, detail)] = errors
    assert (url, stage, reason) == (http_server.url("/api/jobs"), "extract", "extract-error")
    assert detail.startswith("RecursionError: maximum recursion depth exceeded")


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def workers_of(pid: int) -> list[int]:
    """The crawl's extraction workers: the fork server's children (the fork server is the crawl's child)."""
    servers = [p for p in descendants(pid) if "forkserver" in command_line(p)]
    return [w for server in servers for w in descendants(server)]


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def start_crawl(db: Path, start: str, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, JOBCRAWL_DATABASE_URL=f"sqlite:///{db}")
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    return subprocess.Popen(
        [scrapy, "crawl", "postings", "-a", f"start={start}", "-s", "ROBOTSTXT_OBEY=False",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "JOBCRAWL_WORKERS=2",
         "-s", f"JOBCRAWL_SPOOL_PATH={db.with_suffix('.spool')}", *extra],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True)  # its own process group: a terminal's Ctrl-C reaches every process of it


def heavy_board(http_server, postings: int) -> str:
    """Postings whose extraction takes a while (long descriptions), so batches are in a worker when it dies."""
    links = [f"/jobs/{i}" for i in range(postings)]
    http_server.routes["/list"] = (200, HTML, listing_page(links))
    for i in range(postings):
        long_text = " ".join(description(i * 1000 + k) for k in range(60))
        http_server.routes[f"/jobs/{i}"] = (200, HTML, posting_page(i, text=long_text))
    return http_server.url("/list")


def test_killed_worker_loses_no_page(http_server, tmp_path):
    start = heavy_board(http_server, 60)
    db = tmp_path / "p.db"
    proc = start_crawl(db, start)
    try:
        wait_for(lambda: workers_of(proc.pid) or proc.poll() is not None)
        wait_for(lambda: sum(n for path, n in http_server.routes.hits.items() if path.startswith("/jobs/")) >= 10
                 or proc.poll() is not None)
        victims = workers_of(proc.pid)
        assert victims and proc.poll() is None, "the crawl ended before a worker could be killed"
        os.kill(victims[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-3000:]
    assert "An extraction worker process died" in err, err[-3000:]
    with sqlite3.connect(db) as conn:
        stored = {url for (url,) in conn.execute("SELECT url FROM postings")}
        problems = {url for (url,) in conn.execute("SELECT url FROM crawl_errors")}
    # every page is a posting (run again in the rebuilt pool) or a problem row; none vanished
    assert {http_server.url(f"/jobs/{i}") for i in range(60)} <= stored | problems
    assert len(stored) >= 55, problems


def test_ctrl_c_with_the_pool_running_records_shutdown_and_leaves_no_process(http_server, tmp_path):
    start = heavy_board(http_server, 200)
    db = tmp_path / "p.db"
    proc = start_crawl(db, start, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")
    try:
        wait_for(lambda: workers_of(proc.pid) or proc.poll() is not None)
        assert proc.poll() is None, proc.stderr.read()[-3000:]
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal does on Ctrl-C: the whole process group
        _, err = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Summary: shutdown" in err, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT finish_reason FROM crawl_runs").fetchall() == [("shutdown",)]
    # the fork server and the workers ended with the crawl: nothing of its process group is left
    wait_for(lambda: not [p for p in Path("/proc").iterdir() if p.name.isdigit() and session_of(p) == proc.pid],
             timeout=10)


def test_killed_crawl_process_leaves_no_worker_behind(http_server, tmp_path):
    # A worker holds its own task queue's both ends and the fork server's "alive" pipe: without watching the
    # crawl process, workers and fork server would wait forever for work from a crawl killed with SIGKILL.
    start = heavy_board(http_server, 200)
    proc = start_crawl(tmp_path / "p.db", start)
    try:
        wait_for(lambda: workers_of(proc.pid) or proc.poll() is not None)
        assert proc.poll() is None, proc.stderr.read()[-3000:]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    wait_for(lambda: not [p for p in Path("/proc").iterdir() if p.name.isdigit() and session_of(p) == proc.pid],
             timeout=20)
    proc.stderr.close()


def session_of(proc_dir: Path) -> int | None:
    try:
        return int((proc_dir / "stat").read_text().rsplit(")", 1)[1].split()[3])  # pgrp
    except (OSError, IndexError, ValueError):
        return None


def test_bad_worker_setting_stops_the_crawl_at_start(tmp_path):
    db = tmp_path / "p.db"
    for value in ("0", "two", "-1", "1.5"):
        done = run_crawl(f"sqlite:///{db}", "-s", f"JOBCRAWL_WORKERS={value}")
        assert done.returncode == 2, done.stderr[-3000:]
        [line] = done.stderr.strip().splitlines()[-1:]
        assert line == (f"jobcrawl: error: JOBCRAWL_WORKERS={value!r} is not a positive whole number: give e.g. "
                        "JOBCRAWL_WORKERS=1 (1 extracts in the crawl process; the default is the number of cores)")
    assert not db.exists()  # stopped before the store opened the database


def test_pool_settings_defaults_and_checks():
    from scrapy.settings import Settings

    assert pool_settings(Settings({})) == PoolSettings(os.cpu_count() or 1, 16, 0.02)
    assert pool_settings(Settings({"JOBCRAWL_WORKERS": "3", "JOBCRAWL_WORKER_BATCH_SIZE": 32,
                                   "JOBCRAWL_WORKER_BATCH_WAIT": "0"})) == PoolSettings(3, 32, 0.0)
    for name, value, message in [
        ("JOBCRAWL_WORKER_BATCH_SIZE", "0", "JOBCRAWL_WORKER_BATCH_SIZE='0' is not a positive whole number: "
                                            "give e.g. JOBCRAWL_WORKER_BATCH_SIZE=16"),
        ("JOBCRAWL_WORKER_BATCH_WAIT", "soon", "JOBCRAWL_WORKER_BATCH_WAIT='soon' is not a number of seconds "
                                               "from 0 to 10: give e.g. JOBCRAWL_WORKER_BATCH_WAIT=0.02"),
    ]:
        with pytest.raises(SettingError) as raised:
            pool_settings(Settings({name: value}))
        assert str(raised.value) == message


def test_distributed_worker_extracts_through_the_pool(redis_url, http_server, tmp_path):
    import redis
    from test_distributed import assert_redis_drained, enqueue, scrapy_bin, wait_all, worker_env

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    start = serve_board(http_server, postings=20).split(",")
    enqueue(redis_url, tmp_path, start)
    db = tmp_path / "p.db"
    log = tmp_path / "worker.log"
    with log.open("w") as handle:
        worker = subprocess.Popen(
            [scrapy_bin(), "crawl", "postings", "-s", "ROBOTSTXT_OBEY=False", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "JOBCRAWL_IDLE_TIMEOUT=3",
             "-s", "JOBCRAWL_REDIS_POLL_INTERVAL=0.2", "-s", "JOBCRAWL_WORKERS=2",
             "-s", f"JOBCRAWL_SPOOL_PATH={tmp_path / 'spool.jsonl'}"],
            cwd=ROOT, env=worker_env(f"sqlite:///{db}", redis_url), stdout=handle, stderr=subprocess.STDOUT, text=True)
    wait_all([worker], [log])
    assert "Extraction in 2 worker processes" in log.read_text()
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
    assert stored == 20 + len(list((DEMO / "postings").glob("*.html")))
    assert_redis_drained(client)  # every request acknowledged after its items were committed
    client.close()
