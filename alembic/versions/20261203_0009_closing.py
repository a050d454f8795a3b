"""Why a posting closed, every URL it is known by, and its open/close history.

- ``postings.closed_reason``: ``gone``, ``expired``, ``page-says-closed`` or ``left-board`` (null while open).
- ``postings.board_key``: the board (the ``url_key`` of an ATS board response) that last listed the posting; a
  complete snapshot of that board closes its open postings that are missing from it.
- ``posting_urls``: every URL key a posting was seen at (fetched page, canonical, redirect sources), so a 404 for
  any of them closes it. Filled here with each posting's identity URL and, for postings read from a page of
  their own (not an ATS board response), the URL it was fetched from.
- ``posting_events``: opened, changed, closed (with the reason), reopened, each with its run and time.

Existing closed postings get ``closed_reason = 'gone'`` (404/410 was the only way to close before), and every
posting gets an ``opened`` event at its ``first_seen_at`` plus a ``closed`` one at its ``closed_at``.

Revision ID: 0009_closing
Revises: 0008_salary_source
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0009_closing"
down_revision: str | Sequence[str] | None = "0008_salary_source"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHUNK = 5000


def upgrade() -> None:
    # Plain ALTER TABLE on both databases: a batch rebuild of postings on SQLite would drop the old table, and
    # with foreign keys on, that cascades into every child table.
    op.add_column("postings", sa.Column("closed_reason", sa.String(length=32), nullable=True))
    op.add_column("postings", sa.Column("board_key", sa.Text(), nullable=True))
    op.create_index("ix_postings_board_key", "postings", ["board_key"])
    op.create_index("ix_postings_closed_at", "postings", ["closed_at"])
    op.create_table(
        "posting_urls",
        sa.Column("url_key", sa.Text(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["posting_id"], ["postings.id"], name="fk_posting_urls_posting_id_postings",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("url_key", "posting_id", name="pk_posting_urls"),
    )
    op.create_index("ix_posting_urls_posting_id", "posting_urls", ["posting_id"])
    op.create_table(
        "posting_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["posting_id"], ["postings.id"], name="fk_posting_events_posting_id_postings",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["run_id"], ["crawl_runs.id"], name="fk_posting_events_run_id_crawl_runs",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_posting_events"),
    )
    op.create_index("ix_posting_events_posting_id_at", "posting_events", ["posting_id", "at"])
    op.create_index("ix_posting_events_kind_at", "posting_events", ["kind", "at"])
    op.execute("UPDATE postings SET closed_reason = 'gone' WHERE closed_at IS NOT NULL")
    op.execute("INSERT INTO posting_urls (url_key, posting_id) SELECT url_key, id FROM postings")
    _record_fetched_urls()
    op.execute(
        "INSERT INTO posting_events (posting_id, run_id, kind, reason, at) "
        "SELECT id, NULL, 'opened', NULL, first_seen_at FROM postings"
    )
    op.execute(
        "INSERT INTO posting_events (posting_id, run_id, kind, reason, at) "
        "SELECT id, NULL, 'closed', 'gone', closed_at FROM postings WHERE closed_at IS NOT NULL"
    )


def _record_fetched_urls() -> None:
    """The fetched URL of each posting read from a page of its own, as the store records it from now on (a 404
    there closes the posting). ATS postings were read from a board response: its URL is not theirs."""
    from jobcrawl.urls import url_key

    conn = op.get_bind()
    urls = sa.table("posting_urls", sa.column("url_key", sa.Text), sa.column("posting_id", sa.Integer))
    rows = conn.execute(sa.text(
        "SELECT id, url, url_key FROM postings WHERE extractor NOT IN ('greenhouse', 'lever', 'ashby')"
    )).all()  # read before writing: no insert while the same connection still reads postings
    fetched = [{"url_key": fetched_key, "posting_id": pid}
               for pid, url, key in rows if (fetched_key := url_key(url)) != key]
    for start in range(0, len(fetched), _CHUNK):
        conn.execute(sa.insert(urls), fetched[start : start + _CHUNK])


def downgrade() -> None:
    op.drop_index("ix_posting_events_kind_at", table_name="posting_events")
    op.drop_index("ix_posting_events_posting_id_at", table_name="posting_events")
    op.drop_table("posting_events")
    op.drop_index("ix_posting_urls_posting_id", table_name="posting_urls")
    op.drop_table("posting_urls")
    op.drop_index("ix_postings_closed_at", table_name="postings")
    op.drop_index("ix_postings_board_key", table_name="postings")
    # ALTER TABLE DROP COLUMN (SQLite >= 3.35), not a batch rebuild: see upgrade().
    op.drop_column("postings", "board_key")
    op.drop_column("postings", "closed_reason")
