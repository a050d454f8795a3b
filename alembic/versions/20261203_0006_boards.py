"""The ``boards`` table: every ATS job board the crawler read, with its last complete crawl and posting count.

Revision ID: 0006_boards
Revises: 0005_source
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006_boards"
down_revision: str | Sequence[str] | None = "0005_source"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "boards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("slug", sa.String(length=256), nullable=False),
        sa.Column("owner_name", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_crawled_at", sa.DateTime(), nullable=False),
        sa.Column("last_crawl_complete", sa.Boolean(), nullable=False),
        sa.Column("last_complete_at", sa.DateTime(), nullable=True),
        sa.Column("posting_count", sa.Integer(), nullable=False),
        sa.Column("last_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["last_run_id"], ["crawl_runs.id"], name=op.f("fk_boards_last_run_id_crawl_runs"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_boards")),
        sa.UniqueConstraint("family", "slug", name=op.f("uq_boards_family_slug")),
    )


def downgrade() -> None:
    op.drop_table("boards")
