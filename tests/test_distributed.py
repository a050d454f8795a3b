"""Distributed crawling (jobcrawl.distributed): workers share a Redis frontier and one PostgreSQL database.

Real services on 127.0.0.1: a throwaway redis-server and PostgreSQL (conftest), and a loopback HTTP server with
over a thousand generated posting pages, some of them exact or near copies of others. Two ``scrapy crawl``
workers run at once; the server counts how often each page is fetched.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import text

from conftest import ROOT
from jobcrawl.db import make_engine
from jobcrawl.distributed import Keys, status
from pagegen import HTML, listing_page, posting_page

PAGES = 1000  # distinct postings at /job/<i>
EXACT = 10  # /copy/<k>: the same posting as /job/<k> under another URL and id
NEAR = 10  # /near/<k>: /job/<EXACT + k> with a sentence added
LISTINGS = 10  # /list/<n>: links to a slice of all postings, and to the next listing
KEYS = Keys("postings")

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(_SYLLABLES) for _ in range(3)) for _ in range(n)]


def description(seed: int) -> str:
    """Prose no other seed shares a run of three words with (random words from ~300,000)."""
    rng = random.Random(seed)
    return " ".join(" ".join(words(rng, 12)).capitalize() + "." for _ in range(8))


def page_paths() -> list[str]:
    return ([f"/job/{i}" for i in range(PAGES)] + [f"/copy/{k}" for k in range(EXACT)]
            + [f"/near/{k}" for k in range(NEAR)])


def build_site(http_server) -> list[str]:
    """Routes for every posting and listing; returns the listing URLs (the start URLs)."""
    routes = http_server.routes
    for i in range(PAGES):
        routes[f"/job/{i}"] = (200, HTML, posting_page(i, text=description(i)))
    for k in range(EXACT):
        routes[f"/copy/{k}"] = (200, HTML, posting_page(50_000 + k, title=f"Engineer {k}", text=description(k)))
    for k in range(NEAR):
        seed = EXACT + k
        routes[f"/near/{k}"] = (200, HTML, posting_page(60_000 + k, title=f"Engineer {seed}",
                                                        text=description(seed) + " We also pay for conferences."))
    paths = page_paths()
    random.Random(7).shuffle(paths)
    per = -(-len(paths) // LISTINGS)
    for n in range(LISTINGS):
        links = [http_server.url(p) for p in paths[n * per:(n + 1) * per]]
        following = http_server.url(f"/list/{n + 1}") if n + 1 < LISTINGS else None
        routes[f"/list/{n}"] = (200, HTML, listing_page(links, following))
    return [http_server.url(f"/list/{n}") for n in range(LISTINGS)]


def scrapy_bin() -> str:
    return str(Path(sys.executable).with_name("scrapy"))


def worker_env(db_url: str, redis_url: str) -> dict[str, str]:
    return dict(os.environ, JOBCRAWL_DATABASE_URL=db_url, JOBCRAWL_REDIS_URL=redis_url)


def start_worker(db_url: str, redis_url: str, log: Path, heartbeat_ttl: float = 3) -> subprocess.Popen:
    cmd = [scrapy_bin(), "crawl", "postings",
           "-s", "ROBOTSTXT_OBEY=False", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
           "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
           "-s", "JOBCRAWL_IDLE_TIMEOUT=3", "-s", f"JOBCRAWL_REDIS_HEARTBEAT_TTL={heartbeat_ttl}",
           "-s", "JOBCRAWL_REDIS_POLL_INTERVAL=0.2", "-s", "JOBCRAWL_PROGRESS_INTERVAL=0",
           "-s", f"JOBCRAWL_SPOOL_PATH={log.with_suffix('.spool.jsonl')}", "-s", "LOG_LEVEL=INFO"]
    handle = log.open("w")
    try:
        return subprocess.Popen(cmd, cwd=ROOT, env=worker_env(db_url, redis_url), stdout=handle,
                                stderr=subprocess.STDOUT, text=True)
    finally:
        handle.close()


def enqueue(redis_url: str, tmp_path: Path, urls: list[str]) -> str:
    """Half the start URLs as arguments, half from a file, through ``scrapy enqueue``."""
    listing_file = tmp_path / "start-urls.txt"
    listing_file.write_text("# listing pages\n" + "\n".join(urls[1:]) + "\n")
    done = subprocess.run([scrapy_bin(), "enqueue", urls[0], "--file", str(listing_file)], cwd=ROOT,
                          env=worker_env("sqlite://", redis_url), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def wait_all(workers: list[subprocess.Popen], logs: list[Path], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    for worker, log in zip(workers, logs):
        try:
            worker.wait(max(deadline - time.monotonic(), 1))
        except subprocess.TimeoutExpired:
            for w in workers:
                w.kill()
            pytest.fail(f"worker did not stop by itself; its log ends:\n{log.read_text()[-3000:]}")
        assert worker.returncode == 0, log.read_text()[-3000:]


def fetched(http_server) -> dict[str, int]:
    with http_server.routes.lock:
        return dict(http_server.routes.hits)


def duplicate_links(db_url: str) -> dict[frozenset[str], str]:
    """{ {url, url}: kind } for every duplicate link, direction ignored: which copy a crawl meets first (and so
    keeps as the original) depends on timing, the pairing and the kind of link must not."""
    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT d.url, o.url, d.duplicate_kind FROM postings d JOIN postings o ON o.id = d.duplicate_of")).all()
    engine.dispose()
    return {frozenset((urlsplit(a).path, urlsplit(b).path)): kind for a, b, kind in rows}


def table_counts(db_url: str) -> dict[str, int]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        counts = {
            "postings": conn.execute(text("SELECT count(*) FROM postings")).scalar_one(),
            "urls": conn.execute(text("SELECT count(DISTINCT url) FROM postings")).scalar_one(),
            "versions": conn.execute(text("SELECT count(*) FROM posting_versions")).scalar_one(),
            "runs": conn.execute(text("SELECT count(*) FROM crawl_runs")).scalar_one(),
        }
    engine.dispose()
    return counts


@pytest.fixture
def redis_client(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture
def site(http_server):
    return build_site(http_server)


_reference: dict[frozenset[str], str] = {}


@pytest.fixture
def single_worker_links(postgres_server, http_server, site, tmp_path) -> dict[frozenset[str], str]:
    """The reference: one ordinary (not distributed) crawl of the originals and their copies (made once per
    session: the pages are the same every time)."""
    if _reference:
        return dict(_reference)
    db_url = postgres_server.create_database()
    paths = ([f"/job/{k}" for k in range(EXACT + NEAR)] + [f"/copy/{k}" for k in range(EXACT)]
             + [f"/near/{k}" for k in range(NEAR)])
    env = {k: v for k, v in os.environ.items() if k != "JOBCRAWL_REDIS_URL"}
    env["JOBCRAWL_DATABASE_URL"] = db_url
    done = subprocess.run(
        [scrapy_bin(), "crawl", "postings", "-a", "urls=" + ",".join(http_server.url(p) for p in paths),
         "-s", "ROBOTSTXT_OBEY=False", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "CONCURRENT_REQUESTS=1", "-s", f"JOBCRAWL_SPOOL_PATH={tmp_path / 'ref.spool.jsonl'}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    links = duplicate_links(db_url)
    expected = {frozenset((f"/job/{k}", f"/copy/{k}")): "exact" for k in range(EXACT)}
    expected |= {frozenset((f"/job/{EXACT + k}", f"/near/{k}")): "near" for k in range(NEAR)}
    assert links == expected  # the reference itself is what the pages were built to be
    with http_server.routes.lock:
        http_server.routes.hits.clear()
    _reference.update(links)
    return links


def assert_redis_drained(client) -> None:
    now = status(client, KEYS)
    assert now["start_urls"] == 0 and now["requests"] == 0, now
    assert now["workers"] == {}, now
    assert not client.keys("postings:processing:*") and not client.keys("postings:start-processing:*")
    assert now["seen"] == 0  # the last worker out forgets the fingerprints: the next crawl refetches


def test_two_workers_fetch_every_page_once(pg_url, redis_url, redis_client, http_server, site,
                                           single_worker_links, tmp_path):
    began = time.monotonic()
    out = enqueue(redis_url, tmp_path, site)
    assert f"{LISTINGS} URLs" in out
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    # A worker starved of CPU for longer than the TTL would be taken for dead and its pages fetched twice
    # (harmless, but not what this test counts): a longer TTL here, the short one where a worker is killed.
    workers = [start_worker(pg_url, redis_url, log, heartbeat_ttl=15) for log in logs]
    wait_all(workers, logs)
    wall = time.monotonic() - began

    hits = fetched(http_server)
    pages = page_paths()
    assert {p: hits.get(p, 0) for p in pages} == {p: 1 for p in pages}  # every page once, across both workers
    assert {hits.get(f"/list/{n}", 0) for n in range(LISTINGS)} == {1}
    counts = table_counts(pg_url)
    assert counts == {"postings": len(pages), "urls": len(pages), "versions": len(pages), "runs": 2}
    assert duplicate_links(pg_url) == single_worker_links
    # Each worker's run names the shared queue it crawled from (no spider arguments of its own; the password
    # of the Redis URL, if any, masked).
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        arguments = conn.execute(text("SELECT arguments, finish_reason FROM crawl_runs")).all()
    engine.dispose()
    assert [tuple(row) for row in arguments] == [(f"redis={redis_url}", "finished")] * 2
    # both workers took part
    taken = [int(line.split("took ")[1].split()[0]) for log in logs for line in log.read_text().splitlines()
             if "done: took" in line]
    assert len(taken) == 2 and all(n > 0 for n in taken), taken
    assert sum(taken) == len(pages) + LISTINGS
    assert_redis_drained(redis_client)
    print(f"\ndistributed: {len(pages)} pages + {LISTINGS} listings, fetched {sum(hits.values())} times; "
          f"per worker {taken}; {wall:.1f}s")


def test_worker_killed_halfway_loses_nothing(pg_url, redis_url, redis_client, http_server, site,
                                             single_worker_links, tmp_path):
    began = time.monotonic()
    redis_client.lpush(KEYS.start_urls, *site)  # what `scrapy enqueue` does, without its start-up time
    logs = [tmp_path / "victim.log", tmp_path / "survivor.log"]
    victim, survivor = (start_worker(pg_url, redis_url, log) for log in logs)
    pages = page_paths()
    deadline = time.monotonic() + 60
    while sum(fetched(http_server).values()) < 0.4 * len(pages):
        assert time.monotonic() < deadline, "the crawl did not get to 40 %"
        assert victim.poll() is None and survivor.poll() is None
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)
    at_kill = sum(fetched(http_server).values())
    wait_all([survivor], logs[1:])
    wall = time.monotonic() - began

    hits = fetched(http_server)
    missing = [p for p in pages if not hits.get(p)]
    assert not missing
    counts = table_counts(pg_url)
    assert counts["postings"] == len(pages) and counts["urls"] == len(pages), counts
    assert counts["versions"] == len(pages)  # a page fetched twice is one posting, one version
    assert duplicate_links(pg_url) == single_worker_links
    survivor_log = logs[1].read_text()
    assert "is gone (no heartbeat" in survivor_log
    refetched = sum(n - 1 for p, n in hits.items() if n > 1)
    assert_redis_drained(redis_client)
    print(f"\nkilled a worker after {at_kill} fetches: every page stored once; {refetched} pages fetched again; "
          f"{wall:.1f}s")


# --- pieces, without PostgreSQL ------------------------------------------------------------------------------
def test_single_machine_mode_is_untouched(monkeypatch):
    from scrapy.settings import Settings

    from jobcrawl.distributed import DistributedAddon

    monkeypatch.delenv("JOBCRAWL_REDIS_URL", raising=False)
    settings = Settings()  # Scrapy's defaults
    DistributedAddon().update_settings(settings)
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler" and not settings.getdict("EXTENSIONS")

    monkeypatch.setenv("JOBCRAWL_REDIS_URL", "redis://127.0.0.1:1/0")
    DistributedAddon().update_settings(settings)
    assert settings["SCHEDULER"] == "jobcrawl.distributed.RedisScheduler"
    assert settings["DUPEFILTER_CLASS"] == "jobcrawl.distributed.RedisDupeFilter"
    assert settings["REDIS_URL"] == "redis://127.0.0.1:1/0" and settings.getbool("SCHEDULER_PERSIST")


def test_reliable_queue_keeps_what_it_hands_out(redis_client):
    from scrapy import Request, Spider

    from jobcrawl.distributed import ReliableQueue

    spider = Spider("postings")
    queue = ReliableQueue(redis_client, spider, KEYS.requests, processing_key=KEYS.processing("w1"))
    queue.push(Request("http://example.com/low", priority=-1))
    queue.push(Request("http://example.com/high", priority=5))
    first, entry = queue.take()
    assert first.url.endswith("/high") and first.priority == 5  # priority order, as scrapy-redis
    assert len(queue) == 1 and redis_client.llen(KEYS.processing("w1")) == 1
    queue.ack([entry])
    assert redis_client.llen(KEYS.processing("w1")) == 0
    second, _ = queue.take()
    assert len(queue) == 0
    # the worker dies: its request goes back with its priority, straight into the queue (no dupefilter)
    assert queue.requeue(KEYS.processing("w1")) == 1
    again, _ = queue.take()
    assert again.url == second.url and again.priority == -1
