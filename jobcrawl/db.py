"""Database access: URL resolution, engine creation with clear start-up errors, and the migration runner."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

DEFAULT_DATABASE_URL = "sqlite:///postings.db"
ENV_VAR = "JOBCRAWL_DATABASE_URL"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
ALEMBIC_DIR = PROJECT_ROOT / "alembic"

# Which pip package provides each DBAPI driver, for the error message.
_DRIVER_PACKAGES = {
    "psycopg": "psycopg[binary]",
    "psycopg2": "psycopg2-binary",
    "pysqlite": "(part of Python)",
}
# The databases the store writes to: its upserts are SQLite's and PostgreSQL's INSERT ... ON CONFLICT, the
# migrations and full-text search are written for these two.
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


# Arbitrary constant naming jobcrawl's migration lock among other applications' advisory locks.
MIGRATION_LOCK_KEY = 0x6A6F626D  # "jobm"

logger = logging.getLogger(__name__)


class DatabaseConfigError(RuntimeError):
    """A database setting is wrong; the message says how to fix it."""


def resolve_database_url(settings: Any = None) -> str:
    """The setting (the project's settings already hold the environment variable, and ``-s`` wins over it:
    jobcrawl/settings.py), else the environment variable (for callers without settings: ``python -m
    jobcrawl.sql``, Alembic), else the default (a SQLite file in the cwd)."""
    url = settings.get("JOBCRAWL_DATABASE_URL") if settings is not None else None
    return url or os.environ.get(ENV_VAR) or DEFAULT_DATABASE_URL


def mask_url(url: str) -> str:
    """The URL with any password replaced by ***, for logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a malformed URL: mask anything that looks like user:password@
        return re.sub(r"(//[^:/@]+:)[^@]*@", r"\1***@", url)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine, failing early with a message that names the fix."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseConfigError(
            f"JOBCRAWL_DATABASE_URL {mask_url(url)!r} is not a database URL ({exc}). "
            "Use e.g. sqlite:///postings.db or postgresql+psycopg://user:password@host/dbname"
        ) from None
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise DatabaseConfigError(
            f"JOBCRAWL_DATABASE_URL {mask_url(url)!r}: jobcrawl stores into SQLite or PostgreSQL only, not "
            f"{parsed.get_backend_name()!r}. Use sqlite:///FILE or postgresql+psycopg://user:password@host/dbname"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # Bare postgresql:// means psycopg2 to SQLAlchemy; we ship psycopg 3.
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        engine = create_engine(parsed, **kwargs)
    except NoSuchModuleError:
        raise DatabaseConfigError(
            f"JOBCRAWL_DATABASE_URL {mask_url(url)!r}: SQLAlchemy has no dialect {parsed.drivername!r}. "
            "Use sqlite:///FILE or postgresql+psycopg://..."
        ) from None
    except ModuleNotFoundError as exc:
        driver = parsed.get_driver_name()
        package = _DRIVER_PACKAGES.get(driver, driver)
        raise DatabaseConfigError(
            f"JOBCRAWL_DATABASE_URL {mask_url(url)!r} needs the {driver!r} driver, which is not installed "
            f"({exc.name} missing). Install it with: .venv/bin/pip install '{package}'"
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_begin_immediate(connection: Any) -> None:
    # Take the write lock when the transaction starts, so a read-then-write batch can never be
    # overtaken by another writer between its read and its write (SQLAlchemy's documented recipe).
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself instead of pysqlite's implicit, deferred one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers (sqlite3, Datasette) query while a crawl writes; busy_timeout waits out short locks.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # 64 MB page cache (default 2 MB): index pages of a large database stay in memory between batches.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def is_managed_by_hand(type_: str, name: str | None) -> bool:
    """Objects that migrations create by hand and models do not describe: full-text search (SQLite FTS5
    tables, PostgreSQL's generated ``search_vector`` column and its GIN index)."""
    if not name:
        return False
    if type_ == "table":
        return name.startswith("postings_fts")
    return name in ("search_vector", "ix_postings_search_vector")


def alembic_config(url: str):
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Apply every pending migration (the store calls this when it opens)."""
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Workers starting together on an empty database would all try to create the tables;
            # the first migrates, the others wait here and then find the schema at head.
            # (On SQLite, BEGIN IMMEDIATE already serializes.)
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)" % MIGRATION_LOCK_KEY)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class WalCheckpointer:
    """Runs SQLite's WAL checkpoints on a thread of its own, off the writer's commit path.

    In WAL mode with ``synchronous=NORMAL`` a commit only appends to the WAL; the fsyncs happen when a
    checkpoint copies the WAL back into the database file. SQLite's automatic checkpoint runs inside the
    commit that crosses ``wal_autocheckpoint`` pages, so once a database is large enough that one batch dirties
    that many scattered pages, every commit waited for a checkpoint and its two fsyncs (~70 ms each on a VM
    disk): measured, that was most of the extra cost of writing into a 200,000-posting database. Here the
    writer's own automatic checkpoint is pushed out to a backstop (``BACKSTOP_PAGES``: it only fires if this
    thread falls behind), and after each commit this thread runs a PASSIVE checkpoint, which never blocks
    the writer. pysqlite releases the GIL while SQLite works, so the copy and fsyncs overlap the writer's
    Python work. What is durable when is unchanged: a commit is in the WAL, as before.
    """

    # 16,384 pages (64 MB at the 4 KB page size): far above one batch, small enough to bound the WAL file.
    BACKSTOP_PAGES = 16384

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._requested = 0
        self._done = 0
        self._stopping = False
        self._thread: threading.Thread | None = None

    @classmethod
    def for_engine(cls, engine: Engine) -> WalCheckpointer | None:
        """A checkpointer for a SQLite database file; None for PostgreSQL and in-memory SQLite."""
        if engine.dialect.name != "sqlite":
            return None
        database = engine.url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        return cls(database)

    def prepare(self, dbapi_connection: Any) -> None:
        """Move the writer connection's own automatic checkpoint out to the backstop."""
        dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={self.BACKSTOP_PAGES}")

    def after_commit(self) -> None:
        """Ask for a checkpoint of what the last commit appended (coalesced with any still pending)."""
        with self._lock:
            if self._stopping:
                return
            self._requested += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="jobcrawl-wal-checkpoint", daemon=True)
                self._thread.start()
            self._wake.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every checkpoint asked for so far has run; False on timeout."""
        with self._lock:
            target = self._requested
            return self._wake.wait_for(lambda: self._done >= target or self._thread is None, timeout)

    def close(self, timeout: float = 60.0) -> None:
        """Run what is pending, then stop the thread (a last checkpoint also runs when SQLite closes)."""
        self.wait(timeout)
        with self._lock:
            self._stopping = True
            thread = self._thread
            self._wake.notify_all()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        with self._lock:
            self._stopping = False  # a later commit starts a new thread

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            while True:
                with self._lock:
                    self._wake.wait_for(lambda: self._stopping or self._requested > self._done)
                    if self._requested <= self._done:  # stopping, nothing pending
                        break
                    target = self._requested
                try:
                    if connection is None:
                        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                    # PASSIVE: copy what no reader still needs, never wait for or block a writer.
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error as exc:
                    # The writer's backstop checkpoint still bounds the WAL; nothing is lost.
                    logger.warning("Background WAL checkpoint of %s failed: %s", self.path, exc)
                with self._lock:
                    self._done = target
                    self._wake.notify_all()
        finally:
            if connection is not None:
                connection.close()
            with self._lock:
                self._thread = None
                self._done = self._requested
                self._wake.notify_all()
