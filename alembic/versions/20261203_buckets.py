"""LSH bands leave SQL: each writer keeps them in memory, read from the signatures by revision.

- ``posting_signatures.revision`` (indexed): the write batch that stored the signature, one more than the highest
  before, given out under the store's writer lock. A writer builds its band index (jobcrawl.bandindex) from all
  signatures at a run's start and, before each batch's lookup, adds the rows above the last revision it read, so
  it sees what other writers stored. Existing rows get 0: they are read when a writer starts.
- ``minhash_bands`` is dropped: 18 random keys a posting into a B-tree of 3.6 million rows at 200,000 postings,
  whose scattered page writes were most of the extra store cost of a large database (docs/benchmarks.md,
  "Fifth round"). SQLite keeps its pages as free pages for later growth; ``VACUUM`` returns them.

The downgrade rebuilds ``minhash_bands`` from the stored signatures with revision 0009's buckets (the first 64
bits of a BLAKE2b digest of the band number and values) for the default layout (threshold 0.8: 18 bands of 7
values of 128); the database does not record the threshold the postings were stored with.

Revision ID: buckets
Revises: shinglehash
Create Date: 2026-12-03
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "buckets"
down_revision: str | Sequence[str] | None = "shinglehash"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHUNK_POSTINGS = 20_000
_BANDS, _ROWS = 18, 7


def upgrade() -> None:
    # Plain ALTER TABLE on both databases (no batch rebuild of the table on SQLite).
    op.add_column("posting_signatures",
                  sa.Column("revision", sa.BigInteger(), server_default="0", nullable=False))
    op.create_index("ix_posting_signatures_revision", "posting_signatures", ["revision"])
    op.drop_index("ix_minhash_bands_posting_id", table_name="minhash_bands")
    op.drop_table("minhash_bands")


def _buckets(signature: bytes) -> list[tuple[int, int]]:
    """(band, bucket) as revision 0009's ``NearDuplicateIndex.buckets`` computed them from uint32 values."""
    step = 4 * _ROWS
    return [
        (band, int.from_bytes(hashlib.blake2b(band.to_bytes(2, "big") + signature[band * step : (band + 1) * step],
                                              digest_size=16).digest()[:8], "big", signed=True))
        for band in range(_BANDS)
    ]


def downgrade() -> None:
    op.create_table(
        "minhash_bands",
        sa.Column("bucket", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["posting_id"], ["postings.id"], name="fk_minhash_bands_posting_id_postings",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("bucket", "posting_id", name="pk_minhash_bands"),
        sqlite_with_rowid=False,
    )
    bind = op.get_bind()
    bands = sa.table("minhash_bands", sa.column("bucket"), sa.column("posting_id"), sa.column("band"))
    low, high = bind.execute(sa.text("SELECT min(posting_id), max(posting_id) FROM posting_signatures")).one()
    for start in range(low or 0, (high or -1) + 1, _CHUNK_POSTINGS):
        rows = bind.execute(sa.text(
            "SELECT posting_id, signature FROM posting_signatures WHERE posting_id >= :start AND posting_id < :stop"
        ), {"start": start, "stop": start + _CHUNK_POSTINGS}).all()
        converted = [{"bucket": bucket, "posting_id": posting_id, "band": band}
                     for posting_id, signature in rows for band, bucket in _buckets(bytes(signature))]
        if converted:
            bind.execute(bands.insert(), converted)
    op.create_index("ix_minhash_bands_posting_id", "minhash_bands", ["posting_id"])
    op.drop_index("ix_posting_signatures_revision", table_name="posting_signatures")
    with op.batch_alter_table("posting_signatures") as batch:
        batch.drop_column("revision")
