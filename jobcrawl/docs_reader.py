"""Read the two user-facing docs that double as data: docs/queries.md (the queries people run) and
docs/schema.md (what every column means).

One reader for both consumers: the query tests run every documented query, and ``jobcrawl.explore`` turns
them into Datasette canned queries and column descriptions, so the docs stay the single source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
QUERIES_MD = DOCS / "queries.md"
SCHEMA_MD = DOCS / "schema.md"

_HEADING = re.compile(r"^## (.*)$", re.MULTILINE)
# The dialect sits in the fence (```sql dialect=sqlite), not in the block, so a block pastes as it is.
_SQL_BLOCK = re.compile(r"```sql(?: dialect=(\w+))?\n(.*?)```", re.DOTALL)


@dataclass(frozen=True)
class DocumentedQuery:
    heading: str  # "4a. Full-text search (SQLite FTS5)"
    description: str  # the prose between the heading and the SQL block
    dialect: str | None  # "sqlite", "postgresql", or None when it runs on both
    sql: str  # without the trailing semicolon

    @property
    def number(self) -> str:
        return self.heading.split(".", 1)[0].strip()

    @property
    def slug(self) -> str:
        """A URL-safe name: ``q04a-full-text-search-sqlite-fts5``."""
        number = self.number
        digits = re.match(r"\d+", number)
        prefix = f"q{int(digits.group()):02d}{number[digits.end():]}" if digits else "q"
        title = self.heading.split(".", 1)[-1]
        words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        return f"{prefix}-{words}"[:80]

    @property
    def title(self) -> str:
        return self.heading.split(".", 1)[-1].strip()


def documented_queries(text: str | None = None) -> list[DocumentedQuery]:
    """Every ```sql block of docs/queries.md with its heading, prose and dialect, in document order.

    A block is written for one database when its fence says so (```` ```sql dialect=sqlite ````); otherwise it
    runs on both.
    """
    text = QUERIES_MD.read_text(encoding="utf-8") if text is None else text
    parts = _HEADING.split(text)
    out = []
    # parts: [preamble, heading1, body1, heading2, body2, ...]
    for heading, body in zip(parts[1::2], parts[2::2]):
        heading = heading.strip()
        for match in _SQL_BLOCK.finditer(body):
            dialect, sql = match.groups()
            prose = re.sub(r"\s*\n\s*", " ", body[: match.start()].strip())
            out.append(DocumentedQuery(heading, prose, dialect, sql.strip().rstrip(";").strip()))
    return out


_TABLE_HEADING = re.compile(r"^## (\w+) — (.*)$", re.MULTILINE)
_ROW = re.compile(r"^\|\s*(.+?)\s*\|\s*(.*?)\s*\|\s*(.*?)\s*\|\s*$", re.MULTILINE)


def column_descriptions(text: str | None = None) -> dict[str, dict[str, str]]:
    """``{table: {column: "meaning (type)"}}`` from the tables of docs/schema.md.

    A row naming several columns (`` `city`, `region` ``) describes each of them.
    """
    text = SCHEMA_MD.read_text(encoding="utf-8") if text is None else text
    parts = _TABLE_HEADING.split(text)
    out: dict[str, dict[str, str]] = {}
    # parts: [preamble, table1, blurb1, body1, table2, ...]
    for table, _blurb, body in zip(parts[1::3], parts[2::3], parts[3::3]):
        columns: dict[str, str] = {}
        for names, kind, meaning in _ROW.findall(body):
            if names in ("column", "---") or set(names) <= {"-", "|", " "}:
                continue
            described = meaning or kind
            if kind and meaning:
                described = f"{meaning} ({kind})"
            for name in re.findall(r"`(\w+)`", names):
                columns[name] = _plain(described)
        out[table] = columns
    return out


def _plain(markdown: str) -> str:
    """Datasette shows descriptions as plain text: drop backticks and escaped pipes."""
    return markdown.replace("`", "").replace("\\|", "|")
