"""Full-text search over title, company and description, and lz4 compression of large text on PostgreSQL.

SQLite: an FTS5 table ``postings_fts`` with external content (the postings table itself), kept in sync by
triggers. PostgreSQL: a stored generated ``search_vector`` tsvector column (title weight A, company B,
description C) with a GIN index; large text columns use lz4 TOAST compression where the server has it
(PostgreSQL >= 14; pglz made inserts ~3x slower in our measurement).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LARGE_TEXT = {
    "postings": ("description_html", "description_text", "description_markdown"),
    "sections": ("text", "html"),
}

_SQLITE_UP = [
    """CREATE VIRTUAL TABLE postings_fts USING fts5(
        title, company, description_text,
        content='postings', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER postings_fts_after_insert AFTER INSERT ON postings BEGIN
        INSERT INTO postings_fts(rowid, title, company, description_text)
        VALUES (new.id, new.title, new.company, new.description_text);
    END""",
    """CREATE TRIGGER postings_fts_after_delete AFTER DELETE ON postings BEGIN
        INSERT INTO postings_fts(postings_fts, rowid, title, company, description_text)
        VALUES ('delete', old.id, old.title, old.company, old.description_text);
    END""",
    """CREATE TRIGGER postings_fts_after_update AFTER UPDATE OF title, company, description_text ON postings BEGIN
        INSERT INTO postings_fts(postings_fts, rowid, title, company, description_text)
        VALUES ('delete', old.id, old.title, old.company, old.description_text);
        INSERT INTO postings_fts(rowid, title, company, description_text)
        VALUES (new.id, new.title, new.company, new.description_text);
    END""",
    # Index rows that existed before this migration.
    "INSERT INTO postings_fts(postings_fts) VALUES ('rebuild')",
]

_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS postings_fts_after_update",
    "DROP TRIGGER IF EXISTS postings_fts_after_delete",
    "DROP TRIGGER IF EXISTS postings_fts_after_insert",
    "DROP TABLE IF EXISTS postings_fts",
]

_PG_UP = [
    """ALTER TABLE postings ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(company, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(description_text, '')), 'C')
    ) STORED""",
    "CREATE INDEX ix_postings_search_vector ON postings USING gin (search_vector)",
]

_PG_DOWN = [
    "DROP INDEX IF EXISTS ix_postings_search_vector",
    "ALTER TABLE postings DROP COLUMN IF EXISTS search_vector",
]


def _set_compression(method: str) -> None:
    bind = op.get_bind()
    if int(bind.exec_driver_sql("SHOW server_version_num").scalar()) < 140000:
        return
    for table, columns in _LARGE_TEXT.items():
        for column in columns:
            # A server built without lz4 refuses; keep its default rather than fail the migration.
            with bind.begin_nested():
                try:
                    bind.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}")
                except Exception:  # noqa: BLE001
                    return


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_UP:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in _PG_UP:
            op.execute(statement)
        _set_compression("lz4")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_DOWN:
            op.execute(statement)
    elif dialect == "postgresql":
        _set_compression("pglz")
        for statement in _PG_DOWN:
            op.execute(statement)
