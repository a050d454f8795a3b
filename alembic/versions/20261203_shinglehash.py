"""MinHash signatures with the cheaper shingle hash, recomputed from the stored descriptions.

``jobcrawl.dedupe`` now hashes each word once (fmix64 of its CRC-32) and chains the word hashes of a shingle in
numpy, where it took SHA-1 of every shingle's bytes (datasketch's default ``sha1_hash32``). A signature computed
the old way and one computed the new way share almost no values, so a posting stored before this migration would
never be found as a near-duplicate of one stored after it. The upgrade recomputes every row of
``posting_signatures`` from its posting's ``description_text`` and swaps its ``minhash_bands`` rows for those of
the new signature; the downgrade does the same with SHA-1. No schema change.

The arithmetic is frozen here rather than imported from ``jobcrawl.dedupe``: this revision must keep computing
what the code of its time computed, whatever that module becomes later. The parameters the database does not
record are read from what it holds: the shingle size is the one (of 1-10) that reproduces a stored signature
(else the default, 3), the number of permutations the length of a stored signature, and the rows per band the
count that reproduces a stored bucket (they depend on JOBCRAWL_NEAR_DUPLICATE_THRESHOLD at the time).

Cost: docs/operations.md, "Upgrading".

Revision ID: shinglehash
Revises: 0009_closing
Create Date: 2026-12-03
"""

from __future__ import annotations

import hashlib
import logging
import re
import zlib
from collections.abc import Callable, Sequence

import numpy as np
import sqlalchemy as sa

from alembic import op

revision: str = "shinglehash"
down_revision: str | Sequence[str] | None = "0009_closing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

logger = logging.getLogger("alembic.runtime.migration")

_CHUNK_POSTINGS = 2000
MIN_WORDS = 25
_WORD = re.compile(r"\w+")
_CHAIN = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1


# --- the two shingle hashes, vectorized over one text's shingles ------------------------------------------------
def _words(text: str) -> list[bytes] | None:
    """The casefolded words as UTF-8, None when the text has fewer than MIN_WORDS words as written."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    return [word.encode() for word in _WORD.findall(text.casefold())] or None


def _shingles(words: list[bytes], size: int) -> list[bytes]:
    if len(words) < size:
        return [b" ".join(words)]
    return list(set(map(b" ".join, zip(*(words[i:] for i in range(size))))))


def _fmix64(hv: np.ndarray) -> np.ndarray:
    for shift, factor in ((33, 0xFF51AFD7ED558CCD), (33, 0xC4CEB9FE1A85EC53)):
        hv = (hv ^ (hv >> np.uint64(shift))) * np.uint64(factor)
    return hv ^ (hv >> np.uint64(33))


def _sha1_hashes(words: list[bytes], size: int) -> np.ndarray:
    """Revision 0009's hash: the first 4 bytes (little-endian) of each shingle's SHA-1."""
    digests = b"".join([hashlib.sha1(shingle).digest() for shingle in _shingles(words, size)])
    return np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)


def _chained_hashes(words: list[bytes], size: int) -> np.ndarray:
    """This revision's hash: fmix64 of each word's CRC-32, chained h = fmix64(h * _CHAIN + next), top 32 bits."""
    word_hashes = _fmix64(np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words)))
    if len(words) < size:  # the text is one shingle
        hv = word_hashes[:1]
        for offset in range(1, len(words)):
            hv = _fmix64(hv * np.uint64(_CHAIN) + word_hashes[offset : offset + 1])
        return (hv >> np.uint64(32)).astype(np.uint32)
    count = len(words) - size + 1
    hv = word_hashes[:count]
    for offset in range(1, size):
        hv = _fmix64(hv * np.uint64(_CHAIN) + word_hashes[offset : offset + count])
    return (hv >> np.uint64(32)).astype(np.uint32)


def _fmix32(hv: np.ndarray) -> np.ndarray:
    hv = (hv ^ (hv >> np.uint32(16))) * np.uint32(0x85EBCA6B)
    hv = (hv ^ (hv >> np.uint32(13))) * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch 2's affine32 permutations for seed 1."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a[:, None], b[:, None]


Hasher = Callable[[list[bytes], int], np.ndarray]


def _signature(text: str, size: int, hasher: Hasher, perms: tuple[np.ndarray, np.ndarray]) -> bytes | None:
    words = _words(text)
    if words is None:
        return None
    a, b = perms
    return np.min(a * _fmix32(hasher(words, size))[None, :] + b, axis=1).astype(np.uint32).tobytes()


def _buckets(signature: bytes, rows: int) -> list[tuple[int, int]]:
    """(band, bucket): the first 8 bytes, signed, of a 16-byte BLAKE2b of the band number and its values."""
    step = 4 * rows
    return [
        (band, int.from_bytes(hashlib.blake2b(band.to_bytes(2, "big") + signature[band * step : (band + 1) * step],
                                              digest_size=16).digest()[:8], "big", signed=True))
        for band in range(len(signature) // step)
    ]


# --- what the database holds ------------------------------------------------------------------------------------
def _shingle_size(bind: sa.Connection, hasher: Hasher) -> int:
    """The shingle size that reproduces the stored signatures of a few postings under the hash they were made with."""
    sample = bind.execute(sa.text(
        "SELECT s.signature, p.description_text FROM posting_signatures s JOIN postings p ON p.id = s.posting_id "
        "ORDER BY s.posting_id LIMIT 5")).all()
    for size in (3, 1, 2, 4, 5, 6, 7, 8, 9, 10):
        for signature, text in sample:
            perms = _permutations(len(bytes(signature)) // 4)
            if _signature(text or "", size, hasher, perms) == bytes(signature):
                return size
    logger.warning("no stored MinHash signature matches a shingle size of 1-10; recomputing with 3 words a shingle")
    return 3


def _rows_per_band(bind: sa.Connection, num_perm: int) -> int | None:
    found = bind.execute(sa.text(
        "SELECT b.bucket, b.band, s.signature FROM minhash_bands b "
        "JOIN posting_signatures s ON s.posting_id = b.posting_id ORDER BY b.posting_id LIMIT 1")).first()
    if found is None:
        return None
    bucket, band, signature = found
    for rows in range(1, num_perm + 1):
        if band * rows * 4 < len(bytes(signature)) and dict(_buckets(bytes(signature), rows)).get(band) == bucket:
            return rows
    return None


def _rows_for_threshold(threshold: float, num_perm: int, recall: float = 0.95) -> int:
    """jobcrawl.dedupe.band_layout's rows per band (for a database whose buckets match no layout)."""
    for rows in range(num_perm, 0, -1):
        if 1 - (1 - threshold**rows) ** (num_perm // rows) >= recall:
            return rows
    return 1


def _recompute(old: Hasher, new: Hasher) -> None:
    bind = op.get_bind()
    first = bind.execute(sa.text("SELECT signature FROM posting_signatures ORDER BY posting_id LIMIT 1")).first()
    if first is None:
        return
    num_perm = len(bytes(first[0])) // 4
    size = _shingle_size(bind, old)
    rows = _rows_per_band(bind, num_perm) or _rows_for_threshold(0.8, num_perm)
    perms = _permutations(num_perm)
    mark = "?" if bind.dialect.paramstyle == "qmark" else "%s"
    # Every band row goes and comes back: rows of postings that lost their signature must not stay either.
    bind.execute(sa.text("DELETE FROM minhash_bands"))
    last_id = -1
    while True:
        chunk = bind.execute(sa.text(
            "SELECT s.posting_id, p.description_text FROM posting_signatures s JOIN postings p ON p.id = s.posting_id "
            "WHERE s.posting_id > :last ORDER BY s.posting_id LIMIT :limit"),
            {"last": last_id, "limit": _CHUNK_POSTINGS}).all()
        if not chunk:
            break
        last_id = chunk[-1][0]
        signatures = [(pid, _signature(text or "", size, new, perms)) for pid, text in chunk]
        kept = [(signature, pid) for pid, signature in signatures if signature is not None]
        gone = [(pid,) for pid, signature in signatures if signature is None]
        if kept:
            bind.exec_driver_sql(f"UPDATE posting_signatures SET signature = {mark} WHERE posting_id = {mark}", kept)
            bind.exec_driver_sql(
                f"INSERT INTO minhash_bands (bucket, posting_id, band) VALUES ({mark}, {mark}, {mark})",
                [(bucket, pid, band) for signature, pid in kept for band, bucket in _buckets(signature, rows)])
        if gone:
            bind.exec_driver_sql(f"DELETE FROM posting_signatures WHERE posting_id = {mark}", gone)


def upgrade() -> None:
    _recompute(_sha1_hashes, _chained_hashes)


def downgrade() -> None:
    _recompute(_chained_hashes, _sha1_hashes)
