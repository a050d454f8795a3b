"""Shared test fixtures: real services on 127.0.0.1 (PostgreSQL, Redis), loopback HTTP servers, crawls.

PostgreSQL and Redis are started by the tests themselves as throwaway instances. Where their binaries are
missing the tests that need them skip, saying why; with JOBCRAWL_REQUIRE_SERVICES=1 (CI) they fail instead.
The same holds for ../shared (real saved pages, labels, seeds beside the checkout): missing, its tests skip,
except in CI (CI=true or JOBCRAWL_REQUIRE_SERVICES=1), where they fail. JOBCRAWL_SHARED_DIR points elsewhere.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from faultserver import LoopbackHTTPServer

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JOBCRAWL_SHARED_DIR") or ROOT.parent / "shared")
REALPAGES = SHARED / "realpages"
REQUIRE_SERVICES = os.environ.get("JOBCRAWL_REQUIRE_SERVICES") == "1"
# CI services set CI=true (GitHub, GitLab, ...); .ci/run sets JOBCRAWL_REQUIRE_SERVICES=1.
IN_CI = REQUIRE_SERVICES or os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
# Crawls in tests extract in the crawl process (JOBCRAWL_WORKERS=1) unless a test asks for workers with -s
# (tests/test_workers.py does, comparing both): a crawl's pool costs a fork server importing the extraction modules
# (about 0.8 s of CPU) and holds a test's first pages until it is up. Measured on the 10 whole-board ATS crawls
# of tests/test_crawl_ats.py on the shared 2-core machine: 25.7 s CPU / 38 s wall with 1 worker, 32.7 s / 62 s
# with the default 2. An explicit JOBCRAWL_WORKERS in the environment is kept (to run the suite with workers).
os.environ.setdefault("JOBCRAWL_WORKERS", "1")


def missing_service(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (JOBCRAWL_REQUIRE_SERVICES=1, so this fails instead of skipping)")
    pytest.skip(reason)


def shared_file(relative: str) -> Path:
    """A file of ../shared the test needs: skip where it is absent, but fail in CI, which must have it."""
    path = SHARED / relative
    if not path.exists():
        reason = f"{path} is absent (../shared, the real pages and labels, is not checked out beside the repo)"
        if IN_CI:
            pytest.fail(f"{reason}; CI must provide it, so this fails instead of skipping")
        pytest.skip(reason)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- PostgreSQL ------------------------------------------------------------------------------------------
def _pg_bin(name: str) -> str | None:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else shutil.which(name)


@dataclass
class PostgresServer:
    port: int
    datadir: Path
    pg_ctl: str
    run_as: list[str]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://jobcrawl:secret-pw@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=jobcrawl password=secret-pw dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run([*self.run_as, self.pg_ctl, "-D", str(self.datadir), "-m", "fast", "stop"],
                       capture_output=True, check=False)

    def start(self) -> None:
        subprocess.run(
            [*self.run_as, self.pg_ctl, "-D", str(self.datadir), "-w", "-l", str(self.datadir / "log"), "start"],
            capture_output=True, check=True,
        )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with postgres_cluster() as server:
        yield server


@contextlib.contextmanager
def postgres_cluster() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster of its own (tests that stop the server use one, not the shared one)."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        missing_service("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    run_as: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="jobcrawl-pg-"))
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root: run it as the postgres (or nobody) user.
        user = "postgres" if _user_exists("postgres") else "nobody"
        run_as = ["runuser", "-u", user, "--"]
        shutil.chown(base, user=user)
    datadir = base / "data"
    port = free_port()
    pwfile = base / "pw"
    pwfile.write_text("secret-pw\n")
    if run_as:
        shutil.chown(pwfile, user=run_as[2])
    subprocess.run(
        [*run_as, initdb, "-D", str(datadir), "-U", "jobcrawl", "--pwfile", str(pwfile), "-A", "scram-sha-256",
         "-E", "UTF8", "--locale", "C.UTF-8"],
        capture_output=True, check=True,
    )
    with open(datadir / "postgresql.conf", "a") as conf:
        conf.write(
            f"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{base}'\n"
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 100\n"
        )
    server = PostgresServer(port, datadir, pg_ctl, run_as)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty PostgreSQL database on the throwaway server."""
    return postgres_server.create_database()


# --- Redis -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if not binary:
        missing_service("redis-server not found: apt-get install redis-server")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(5)


# --- SQLite ----------------------------------------------------------------------------------------------
@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'postings.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:
    """The same test on a real SQLite file and on a real PostgreSQL database."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


def _migrated_store(url: str):
    from jobcrawl.db import make_engine, upgrade_to_head
    from jobcrawl.store import PostingStore

    engine = make_engine(url)
    upgrade_to_head(engine)
    store = PostingStore(engine)
    yield store
    store.close()
    engine.dispose()


@pytest.fixture
def store(db_url: str):
    """A PostingStore on a migrated database, SQLite and PostgreSQL (see ``db_url``)."""
    yield from _migrated_store(db_url)


@pytest.fixture
def sqlite_store_only(sqlite_url: str):
    """A PostingStore on a migrated SQLite file, for tests that need no second database."""
    yield from _migrated_store(sqlite_url)


# --- loopback HTTP ---------------------------------------------------------------------------------------
class Routes(dict):
    """path -> (status, headers, body bytes); unknown paths are 404. ``hits`` counts requests per path."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()


@dataclass
class LoopbackServer:
    routes: Routes
    port: int

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    routes = Routes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            with routes.lock:
                routes.hits[self.path] = routes.hits.get(self.path, 0) + 1
            status, headers, body = routes.get(self.path, (404, {"Content-Type": "text/html"}, b"not found"))
            if callable(body):
                status, headers, body = body(self)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = LoopbackHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LoopbackServer(routes, server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


# --- running crawls --------------------------------------------------------------------------------------
def run_crawl(db_url: str, *args: str, cwd: Path | None = None, env: dict | None = None,
              timeout: float = 240) -> subprocess.CompletedProcess:
    """Run ``scrapy crawl postings`` as a user would, in a subprocess; returns the finished process."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env["JOBCRAWL_DATABASE_URL"] = db_url
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    cmd = [scrapy, "crawl", "postings", "-s", "ROBOTSTXT_OBEY=False", "-s", "DOWNLOAD_DELAY=0",
           "-s", "AUTOTHROTTLE_ENABLED=False", *args]
    return subprocess.run(cmd, cwd=cwd or ROOT, env=full_env, capture_output=True, text=True, timeout=timeout)
