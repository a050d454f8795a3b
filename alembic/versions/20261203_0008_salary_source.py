"""postings.salary_source: whether salary_min/salary_max came from structured data or from text.

Set by normalization (``structured``: JSON-LD ``baseSalary`` or an ATS API's compensation fields; ``text``: read
from ``salary_raw``, which now also holds pay stated in a description). Rows stored before stay NULL until their
posting is crawled again. A plain ``ADD COLUMN`` on both SQLite and PostgreSQL (no table rebuild, so the FTS
triggers of 0002 are untouched).

Revision ID: 0008_salary_source
Revises: 0007_field_sources
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_salary_source"
down_revision: str | Sequence[str] | None = "0007_field_sources"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("postings", sa.Column("salary_source", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("postings", "salary_source")
