"""Database access: URL resolution, engine creation with clear start-up errors, and the migration runner."""

from __future__ import annotations

import os
import re
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
    "asyncpg": "asyncpg",
    "pymysql": "pymysql",
}


# Arbitrary constant naming jobcrawl's migration lock among other applications' advisory locks.
MIGRATION_LOCK_KEY = 0x6A6F626D  # "jobm"


class DatabaseConfigError(RuntimeError):
    """A database setting is wrong; the message says how to fix it."""


def resolve_database_url(settings: Any = None) -> str:
    """The environment variable wins, then the setting, then the default (a SQLite file in the cwd)."""
    url = os.environ.get(ENV_VAR)
    if not url and settings is not None:
        url = settings.get("JOBCRAWL_DATABASE_URL")
    return url or DEFAULT_DATABASE_URL


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
