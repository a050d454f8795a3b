"""postings.field_sources: where each stored value came from (JSON object, field -> source name).

Existing rows get NULL: their sources were not recorded. docs/schema.md lists the source names.

Revision ID: 0007_field_sources
Revises: 0006_boards
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0007_field_sources"
down_revision: str | Sequence[str] | None = "0006_boards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE, not a batch copy, also on SQLite (3.35+ drops columns in place): a batch copy of
# ``postings`` drops the old table, and with foreign keys on that cascades into every table referring to it.


def upgrade() -> None:
    op.add_column("postings", sa.Column("field_sources", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("postings", "field_sources")
