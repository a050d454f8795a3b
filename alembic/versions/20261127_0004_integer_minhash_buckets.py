"""Integer LSH buckets, and on SQLite a WITHOUT ROWID band table.

``minhash_bands.bucket`` was the 32-digit hex of a 16-byte BLAKE2b digest; it becomes the digest's first 8 bytes
as a signed 64-bit integer (its first 16 hex digits), which is what ``NearDuplicateIndex.buckets`` now computes,
so postings stored before and after this migration still share buckets. On SQLite the table is rebuilt
``WITHOUT ROWID`` (the primary key's B-tree holds the rows; before, a rowid table plus a primary-key index held
two copies). Measured on a 3.6-million-row band table (200,000 postings): 396 -> 144 MB, and the band inserts of
1,000 postings 1.36 -> 1.14 s (docs/benchmarks.md). SQLite keeps the old table's pages as free pages for later
growth; ``VACUUM`` returns them to the file system.

The downgrade rebuilds the hex buckets from the stored signatures (the integer keeps only half the digest) and
checks each one against the integer it replaces.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHUNK_POSTINGS = 20_000


def _bucket_from_hex(bucket: str) -> int:
    return int.from_bytes(bytes.fromhex(bucket[:16]), "big", signed=True)


def _create_band_table(name: str, bucket_type: sa.types.TypeEngine, *, with_rowid: bool) -> None:
    op.create_table(
        name,
        sa.Column("bucket", bucket_type, nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["posting_id"], ["postings.id"], name="fk_minhash_bands_posting_id_postings",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("bucket", "posting_id", name="pk_minhash_bands"),
        sqlite_with_rowid=with_rowid,
    )


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # The first 16 hex digits as a 64-bit two's-complement integer, the same value _bucket_from_hex gives.
        op.execute("ALTER TABLE minhash_bands ALTER COLUMN bucket TYPE BIGINT "
                   "USING ('x' || substr(bucket, 1, 16))::bit(64)::bigint")
        return
    # SQLite cannot change a column's type or make a table WITHOUT ROWID in place: copy the rows over.
    bind.connection.driver_connection.create_function("jobcrawl_bucket_from_hex", 1, _bucket_from_hex,
                                                      deterministic=True)
    _create_band_table("_minhash_bands_new", sa.BigInteger(), with_rowid=False)
    # In key order, so the new B-tree is appended to rather than split at random.
    op.execute("INSERT INTO _minhash_bands_new (bucket, posting_id, band) "
               "SELECT jobcrawl_bucket_from_hex(bucket), posting_id, band FROM minhash_bands ORDER BY 1, 2")
    op.drop_table("minhash_bands")
    op.rename_table("_minhash_bands_new", "minhash_bands")
    op.create_index("ix_minhash_bands_posting_id", "minhash_bands", ["posting_id"])


def _widened(signature: bytes, itemsize: int) -> bytes:
    """The signature's bytes as ``buckets`` hashed them: uint32 values, or under datasketch's legacy scheme the
    same values as little-endian uint64 (stored signatures are always uint32)."""
    if itemsize == 4:
        return signature
    return b"".join(signature[i : i + 4] + b"\0\0\0\0" for i in range(0, len(signature), 4))


def _digest(band: int, data: bytes, step: int) -> bytes:
    return hashlib.blake2b(band.to_bytes(2, "big") + data[band * step : (band + 1) * step], digest_size=16).digest()


def _layout_of(bucket: int, band: int, signature: bytes) -> tuple[int, int]:
    """(value size, rows per band) that reproduce a stored bucket: the band layout depends on the threshold
    the postings were stored with, which the database does not record."""
    for itemsize in (4, 8):
        data = _widened(signature, itemsize)
        for rows in range(1, len(signature) // 4 + 1):
            if int.from_bytes(_digest(band, data, itemsize * rows)[:8], "big", signed=True) == bucket:
                return itemsize, rows
    raise RuntimeError(f"minhash_bands bucket {bucket} (band {band}) matches no layout of its posting's signature; "
                       "cannot rebuild revision 0003's hex buckets")


def downgrade() -> None:
    bind = op.get_bind()
    orphans = bind.execute(sa.text(
        "SELECT count(*) FROM minhash_bands WHERE posting_id NOT IN (SELECT posting_id FROM posting_signatures)"
    )).scalar_one()
    if orphans:
        raise RuntimeError(f"{orphans} minhash_bands rows have no stored signature; cannot rebuild their hex buckets")
    op.create_table("_minhash_bands_hex", sa.Column("bucket", sa.String(32)), sa.Column("posting_id", sa.Integer()),
                    sa.Column("band", sa.Integer()))
    hex_table = sa.table("_minhash_bands_hex", sa.column("bucket"), sa.column("posting_id"), sa.column("band"))
    low, high = bind.execute(sa.text("SELECT min(posting_id), max(posting_id) FROM minhash_bands")).one()
    layout: tuple[int, int] | None = None
    for start in range(low or 0, (high or -1) + 1, _CHUNK_POSTINGS):
        rows = bind.execute(sa.text(
            "SELECT b.bucket, b.posting_id, b.band, s.signature FROM minhash_bands b "
            "JOIN posting_signatures s ON s.posting_id = b.posting_id "
            "WHERE b.posting_id >= :start AND b.posting_id < :stop"
        ), {"start": start, "stop": start + _CHUNK_POSTINGS}).all()
        converted = []
        for bucket, posting_id, band, signature in rows:
            signature = bytes(signature)
            if layout is None:
                layout = _layout_of(bucket, band, signature)
            itemsize, per_band = layout
            digest = _digest(band, _widened(signature, itemsize), itemsize * per_band)
            if int.from_bytes(digest[:8], "big", signed=True) != bucket:
                raise RuntimeError(f"minhash_bands bucket {bucket} of posting {posting_id} does not match its "
                                   "signature; cannot rebuild revision 0003's hex buckets")
            converted.append({"bucket": digest.hex(), "posting_id": posting_id, "band": band})
        if converted:
            bind.execute(hex_table.insert(), converted)
    op.drop_table("minhash_bands")
    _create_band_table("minhash_bands", sa.String(32), with_rowid=True)
    op.execute("INSERT INTO minhash_bands (bucket, posting_id, band) "
               "SELECT bucket, posting_id, band FROM _minhash_bands_hex ORDER BY bucket, posting_id")
    op.drop_table("_minhash_bands_hex")
    op.create_index("ix_minhash_bands_posting_id", "minhash_bands", ["posting_id"])
