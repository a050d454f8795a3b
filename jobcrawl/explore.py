"""Look at the stored postings in Datasette (``make explore``).

    python -m jobcrawl.explore [DB] [--port 8001] [--metadata-only FILE]

Datasette serves the SQLite file on 127.0.0.1 with a metadata file generated here from the docs, so what the
browser shows is what the docs say: every query of docs/queries.md that runs on SQLite becomes a canned query
(its prose as description), every column gets its docs/schema.md meaning, ``postings`` opens with facets on
company, country, employment type, remote, source and close reason, its search box uses the FTS5 table, and
Markdown/sanitized-HTML columns render as such.

Datasette and its two render plugins are the optional extra ``.[explore]``; the crawl does not need them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jobcrawl.docs_reader import column_descriptions, documented_queries

# Facets people reach for first; a column the database does not have yet (older schema) is left out.
POSTING_FACETS = ("company", "country", "employment_type", "remote", "source", "closed_reason", "salary_currency")
MARKDOWN_COLUMNS = ("description_markdown",)
HTML_COLUMNS = ("description_html", "html")  # sanitized with nh3 before they were stored
# Tables people do not browse: the FTS5 shadow tables and the dedupe internals stay reachable by SQL.
HIDDEN_TABLES = (
    "postings_fts", "postings_fts_config", "postings_fts_data", "postings_fts_docsize", "postings_fts_idx",
    "posting_signatures", "alembic_version",
)


def table_columns(db_path: Path) -> dict[str, list[str]]:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}


def build_metadata(db_path: Path) -> dict[str, Any]:
    """Datasette metadata for ``db_path``, from docs/queries.md and docs/schema.md."""
    columns = table_columns(db_path)
    meanings = column_descriptions()
    tables: dict[str, Any] = {}
    for table, names in columns.items():
        if table in HIDDEN_TABLES:
            tables[table] = {"hidden": True}
            continue
        described = {c: meanings.get(table, {})[c] for c in names if c in meanings.get(table, {})}
        tables[table] = {"columns": described} if described else {}
    posting_columns = set(columns.get("postings", ()))
    tables.setdefault("postings", {}).update(
        facets=[c for c in POSTING_FACETS if c in posting_columns],
        fts_table="postings_fts",
        searchmode="raw",  # FTS5 syntax as in docs/queries.md: "exact phrase", OR, NOT, title:engineer
        sort_desc="last_seen_at",
        label_column="title",
    )
    if "sections" in tables:
        tables["sections"].update(facets=["kind"], label_column="heading")
    queries = {
        q.slug: {"title": q.heading, "description": q.description, "sql": q.sql}
        for q in documented_queries()
        if q.dialect in (None, "sqlite")
    }
    return {
        "title": "jobcrawl postings",
        "description": "Job postings crawled by jobcrawl. Columns: docs/schema.md; queries: docs/queries.md.",
        # Datasette names a database after its file: postings.db is /postings, demo.db is /demo.
        "databases": {db_path.stem: {"tables": tables, "queries": queries}},
        "plugins": {
            "datasette-render-markdown": {"columns": list(MARKDOWN_COLUMNS)},
            "datasette-render-html": {"columns": list(HTML_COLUMNS)},
        },
    }


def datasette_command(db_path: Path, metadata_path: Path, port: int) -> list[str]:
    return [
        sys.executable, "-m", "datasette", "serve", str(db_path),
        "--metadata", str(metadata_path), "--host", "127.0.0.1", "--port", str(port),
        "--setting", "sql_time_limit_ms", "5000", "--setting", "facet_time_limit_ms", "1000",
    ]


@contextlib.contextmanager
def serving(db_path: Path, port: int, startup_timeout: float = 60) -> Iterator[str]:
    """Datasette on ``db_path`` in a child process for the duration of the block; yields the database's URL."""
    metadata_path = db_path.with_name(db_path.name + ".datasette.json")
    metadata_path.write_text(json.dumps(build_metadata(db_path), indent=2, ensure_ascii=False), encoding="utf-8")
    process = subprocess.Popen(
        datasette_command(db_path, metadata_path, port), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}/{db_path.stem}"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}.json", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read() if process.stdout else ""
                    raise RuntimeError(f"Datasette did not start: {output[-2000:]}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def sqlite_path(value: str | None) -> Path:
    """The SQLite file to serve: the argument, else the crawl's own database URL, else ./postings.db."""
    if not value:
        from jobcrawl.db import resolve_database_url

        value = resolve_database_url()
    if "://" in value:
        if not value.startswith("sqlite:///"):
            raise SystemExit(
                f"explore: Datasette reads SQLite files; {value.split('://')[0]} is not one. "
                "Query PostgreSQL with psql, or export: see docs/operations.md."
            )
        value = value[len("sqlite:///"):]
    path = Path(value)
    if not path.is_file():
        raise SystemExit(f"explore: no database at {path}; run `make crawl` first or name a SQLite file.")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobcrawl.explore", description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", help="SQLite file (default: JOBCRAWL_DATABASE_URL or postings.db)")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--metadata-only", metavar="FILE", help="write the metadata file and exit")
    args = parser.parse_args(argv)
    db_path = sqlite_path(args.database)
    metadata = build_metadata(db_path)
    metadata_path = Path(args.metadata_only or db_path.with_name(db_path.name + ".datasette.json"))
    metadata_path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.metadata_only:
        return 0
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise SystemExit("explore: Datasette is not installed: pip install -e '.[explore]' (make explore does it)")
    print(f"Datasette on http://127.0.0.1:{args.port}/{db_path.stem} (Ctrl-C stops it)", flush=True)
    command = datasette_command(db_path, metadata_path, args.port)
    os.execv(command[0], command)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
