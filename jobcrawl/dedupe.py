"""Near-duplicate detection: MinHash over word shingles, LSH bands in an in-memory index per writer.

Signatures live in ``posting_signatures``, so candidates are found across runs and across workers: each writer
process builds its band index (jobcrawl.bandindex) from the stored signatures and, before each batch's lookup,
adds the rows stored since (by ``revision``, under the store's writer lock). Each candidate is checked against its
stored signature: a shared band and the Jaccard estimate of the two signatures.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, delete, func, select

from jobcrawl import models as m
from jobcrawl.bandindex import BandIndex, band_keys
from jobcrawl.bulk import insert_tuples

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")

# Below this many words a description says too little to call two postings near-duplicates.
MIN_WORDS = 25


def shingles(text: str, size: int) -> set[bytes]:
    return _shingles_of(_WORD.findall(text.casefold()), size)


def _shingles_of(words: list[str], size: int) -> set[bytes]:
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    # zip + map keep the per-shingle work in C (measured ~20 % faster than a slicing comprehension).
    return set(map(str.encode, map(" ".join, zip(*(words[i:] for i in range(size))))))


# In ASCII text casefold() is lower() and \w is [A-Za-z0-9_], so one bytes.translate (every other byte to a space,
# capitals to lowercase) and a split() cut the same words as _WORD.findall(text.casefold()), as bytes: 0.06 ->
# 0.017 ms a bench posting.
# The characters whose casefold() is not all word characters when they are one (or the reverse): the only ones
# that change how many words a text has once casefolded (tests/test_dedupe_minhash.py recomputes the list).
CASEFOLD_MOVES_WORD_EDGES = re.compile(
    "[\u0130\u01f0\u0345\u0390\u03b0\u1e96-\u1e99\u1f50\u1f52\u1f54\u1f56\u1fb6\u1fb7\u1fc6\u1fc7\u1fd2"
    "\u1fd3\u1fd6\u1fd7\u1fe2-\u1fe4\u1fe6\u1fe7\u1ff6\u1ff7]"
)
_ASCII_WORDS_TO_SPACED = bytes(
    (c | 0x20 if 65 <= c <= 90 else c) if c < 128 and (chr(c).isalnum() or c == 95) else 32 for c in range(256)
)

# --- the shingle hash ------------------------------------------------------------------------------------------
# A shingle's 32-bit hash is built from a 64-bit hash of each of its words, fmix64 of the CRC-32 of the word's
# UTF-8 (casefolded), chained as h = fmix64(h * _CHAIN + next word's) and cut to the top 32 bits. Each word is hashed once, not once per
# shingle it is in, and the chaining runs in numpy over a whole batch: 0.48 -> 0.13 ms a posting on the bench
# pages, where SHA-1 of each shingle's bytes (datasketch's default sha1_hash32) was most of the store's MinHash
# time. Each step is injective in the word added for a fixed prefix (and fmix64 is a bijection), so distinct
# shingles collide only by the 32-bit cut, as with SHA-1's first 4 bytes. CRC-32 (zlib, in C) is a fine word
# hash here: words are short and two distinct words share a CRC about once in 4 billion pairs.
# The signatures are stored: changing any of this needs a migration (20261203_shinglehash recomputes them).
_CHAIN = np.uint64(0x9E3779B97F4A7C15)
_MASK64 = (1 << 64) - 1


def _fmix64(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer (uint64 arithmetic wraps, the intended modulo 2**64)."""
    hv = hv ^ (hv >> np.uint64(33))
    hv = hv * np.uint64(0xFF51AFD7ED558CCD)
    hv = hv ^ (hv >> np.uint64(33))
    hv = hv * np.uint64(0xC4CEB9FE1A85EC53)
    return hv ^ (hv >> np.uint64(33))


def _fmix64_int(hv: int) -> int:
    hv ^= hv >> 33
    hv = (hv * 0xFF51AFD7ED558CCD) & _MASK64
    hv ^= hv >> 33
    hv = (hv * 0xC4CEB9FE1A85EC53) & _MASK64
    return hv ^ (hv >> 33)


def shingle_hash32(shingle: bytes) -> int:
    """The hash of one shingle (its words joined by single spaces), one at a time: what
    ``NearDuplicateIndex.signatures`` computes for whole batches, and the ``hashfunc`` that makes datasketch's
    MinHash compute the same signatures (tests/test_dedupe_minhash.py)."""
    words = [_fmix64_int(zlib.crc32(word)) for word in shingle.split(b" ")]
    hv = words[0]
    for word in words[1:]:
        hv = _fmix64_int((hv * int(_CHAIN) + word) & _MASK64)
    return hv >> 32


def _shingle_hashes(word_hashes: np.ndarray, size: int) -> np.ndarray:
    """The hashes of every run of ``size`` consecutive words (``word_hashes``: fmix64 of their CRC-32s)."""
    count = len(word_hashes) - size + 1
    hv = word_hashes[:count]
    for offset in range(1, size):
        hv = _fmix64(hv * _CHAIN + word_hashes[offset : offset + count])
    return (hv >> np.uint64(32)).astype(np.uint32)


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch's affine32 scheme pre-mixes each input hash (uint32
    arithmetic wraps, which is the intended modulo 2**32)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def affine32_permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of datasketch 2's affine32 MinHash permutations for ``seed``, drawn the way its
    ``MinHash._init_permutations`` draws them (odd a, any b, from one ``RandomState(seed)``).

    Computed here rather than taken from datasketch: importing datasketch imports scipy (for its LSH classes),
    which measured +61 MB of RSS in the crawl process for these two arrays. It stays a test dependency, and the
    tests compare whole signatures with its MinHash."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


# Shingle hashes per numpy step: a (num_perm x shingles) temporary of 2 MB at 128 permutations stays in the
# CPU cache (65,536 a step measured 2x slower).
_CHUNK_SHINGLES = 4096


def band_layout(threshold: float, num_perm: int, recall: float = 0.95) -> tuple[int, int]:
    """Bands and rows per band such that a pair exactly at the threshold becomes a candidate with
    probability >= ``recall``. Every candidate is verified against its stored signature, so extra
    candidates cost a lookup, while a missed one is a duplicate never linked. (datasketch's own
    _optimal_param balances both errors and found a pair at 0.90 similarity only 93 % of the time at
    threshold 0.8; this layout finds it > 99.9 %.)"""
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= recall:
            return bands, rows
    return num_perm, 1


# --- verification: a similar text is not enough --------------------------------------------------------------
# Career sites fill one template per role, so "Senior Backend Engineer" and "Staff Backend Engineer" share most
# of their shingles and are still two jobs. A near-duplicate link therefore also needs the same company (when both
# postings name one) and compatible titles: the same seniority, level and role words, and no other title word that
# only one side has... unless one title is the other plus decorations ("Backend Engineer" / "Backend Engineer
# (Remote, UK)").

_TITLE_WORD = re.compile(r"[^\W_]+[+#]*")
_TITLE_SYNONYMS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "jnr": "junior", "mgr": "manager", "eng": "engineer",
    "engr": "engineer", "dev": "developer", "swe": "software engineer", "internship": "intern", "ii": "2",
    "iii": "3", "iv": "4", "i": "1", "v": "5", "vp": "vice president", "asst": "assistant", "assoc": "associate",
}
# Words that tell two jobs of one template apart: seniority, level, and the role itself.
_SENIORITY = frozenset({
    "intern", "trainee", "apprentice", "graduate", "junior", "entry", "associate", "mid", "intermediate",
    "senior", "staff", "principal", "lead", "head", "chief", "director", "vice", "president", "distinguished",
    "fellow", "executive"
})
_ROLE = frozenset({
    "engineer", "developer", "programmer", "manager", "designer", "analyst", "scientist", "architect",
    "consultant", "specialist", "coordinator", "administrator", "technician", "representative", "recruiter",
    "writer", "researcher", "director", "officer", "assistant", "advisor", "accountant", "tester"
})
# Decorations a repost may add or drop without becoming another job.
_DECORATION = frozenset({
    "remote", "hybrid", "onsite", "on", "site", "office", "the", "a", "an", "and", "of", "for", "in", "at",
    "with", "to", "m", "f", "d", "w", "x", "h", "all", "genders", "full", "part", "time", "contract",
    "permanent", "temporary"
})


def _title_words(title: str) -> list[str]:
    words: list[str] = []
    for word in _TITLE_WORD.findall(title.casefold()):
        words.extend(_TITLE_SYNONYMS.get(word, word).split())
    return words


def titles_compatible(a: str | None, b: str | None) -> bool:
    """Whether two titles can name the same job (a missing title proves nothing)."""
    if not a or not b:
        return True
    words_a, words_b = set(_title_words(a)), set(_title_words(b))
    for kind in (_SENIORITY, _ROLE):
        if words_a & kind != words_b & kind:
            return False
    levels_a = {w for w in words_a if w.isdigit() and len(w) == 1}
    levels_b = {w for w in words_b if w.isdigit() and len(w) == 1}
    if levels_a != levels_b:
        return False
    rest_a, rest_b = words_a - _DECORATION, words_b - _DECORATION
    # extra words on one side only (a place, a team name added in a repost) are decoration; a word on each side
    # that the other lacks ("Backend" / "Frontend") is another job
    return rest_a <= rest_b or rest_b <= rest_a


def same_job(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """``a``/``b``: (title, company_key). Same company when both name one, and compatible titles."""
    (title_a, company_a), (title_b, company_b) = a, b
    if company_a and company_b and company_a != company_b:
        return False
    return titles_compatible(title_a, title_b)


_SIGNATURES_OF = select(m.PostingSignature.posting_id, m.PostingSignature.signature).where(
    m.PostingSignature.posting_id.in_(bindparam("ids", expanding=True))
)
_ALL_SIGNATURES = select(m.PostingSignature.posting_id, m.PostingSignature.signature, m.PostingSignature.revision)
_SIGNATURES_SINCE = _ALL_SIGNATURES.where(m.PostingSignature.revision > bindparam("since"))
_COUNT_SIGNATURES = select(func.count()).select_from(m.PostingSignature)
_LAST_REVISION = select(func.coalesce(func.max(m.PostingSignature.revision), 0))
# Signatures read a step at a time when the index is built: 5,000 of 512 bytes (20,000 raised the peak RSS of
# building a 200,000-posting index by ~20 MB and was no faster).
_LOAD_CHUNK = 5_000


class NearDuplicateIndex:
    def __init__(self, threshold: float = 0.8, num_perm: int = 128, shingle_size: int = 3) -> None:
        if not 0 < threshold <= 1:
            raise ValueError(
                f"JOBCRAWL_NEAR_DUPLICATE_THRESHOLD must be in (0, 1], got {threshold!r}"
            )
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.bands, self.rows = band_layout(threshold, num_perm)
        # Signatures are stored and compared with those of earlier runs, so they must stay exactly what
        # datasketch 2's MinHash(num_perm, seed=1, hashfunc=shingle_hash32) computes with its "affine32" scheme:
        # the shingle's hash, fmix32, a*h+b mod 2**32, the minimum per permutation. signatures() does that
        # arithmetic for a batch in a few numpy calls instead of a MinHash and a hash call per shingle.
        # tests/test_dedupe_minhash.py checks the result against datasketch.
        self._a, self._b = (values[:, None] for values in affine32_permutations(num_perm, seed=1))
        # The band index of the signatures stored up to revision ``_revision`` (None: not read yet).
        self._index: BandIndex | None = None
        self._revision = 0
        self._index_lock = threading.Lock()

    def signatures(self, texts: list[str]) -> list[np.ndarray | None]:
        """Signatures of a batch of texts (128 uint32 values by default), None for texts too short to compare."""
        out: list[np.ndarray | None] = [None] * len(texts)
        wanted: list[int] = []
        words: list[bytes] = []  # the words of every wanted text, one after the other
        word_bounds: list[int] = [0]  # wanted[k]'s words are words[word_bounds[k]:word_bounds[k + 1]]
        for i, text in enumerate(texts):
            if text.isascii():
                found = text.encode("ascii").translate(_ASCII_WORDS_TO_SPACED).split()
                if len(found) < MIN_WORDS:
                    continue
            else:
                casefolded = _WORD.findall(text.casefold())
                # The minimum counts the words as written; casefolding may split a word (İ -> i + U+0307), and
                # only then are there more words after it than before.
                written = len(_WORD.findall(text)) if CASEFOLD_MOVES_WORD_EDGES.search(text) else len(casefolded)
                if written < MIN_WORDS:
                    continue
                found = [word.encode() for word in casefolded]
            if not found:
                continue
            wanted.append(i)
            words.extend(found)
            word_bounds.append(len(words))
        if not wanted:
            return out
        size = self.shingle_size
        word_hashes = _fmix64(np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words)))
        # Shingles are computed over the whole batch; those that straddle two texts are dropped below. A text's
        # repeated shingles stay: they cannot change a minimum.
        every = _shingle_hashes(word_hashes, size) if len(words) >= size else np.empty(0, dtype=np.uint32)
        parts: list[np.ndarray] = []
        bounds: list[int] = [0]  # wanted[k]'s shingle hashes are hashes[bounds[k]:bounds[k + 1]]
        for start, stop in zip(word_bounds, word_bounds[1:]):
            if stop - start >= size:
                parts.append(every[start : stop - size + 1])
            else:  # fewer words than a shingle: the text is one shingle
                parts.append(np.array([shingle_hash32(b" ".join(words[start:stop]))], dtype=np.uint32))
            bounds.append(bounds[-1] + len(parts[-1]))
        # datasketch's affine32 scheme pre-mixes every input hash with fmix32.
        hashes = _fmix32(np.concatenate(parts))
        signatures = np.empty((len(wanted), self.num_perm), dtype=np.uint32)
        lo = 0
        while lo < len(wanted):
            hi = lo + 1
            while hi < len(wanted) and bounds[hi + 1] - bounds[lo] <= _CHUNK_SHINGLES:
                hi += 1
            # Permutations x shingles, so each posting's minimum runs along contiguous memory (axis=0 was 4x slower).
            permuted = self._a * hashes[None, bounds[lo] : bounds[hi]] + self._b
            starts = np.asarray(bounds[lo:hi], dtype=np.intp) - bounds[lo]
            signatures[lo:hi] = np.minimum.reduceat(permuted, starts, axis=1).T
            lo = hi
        for k, i in enumerate(wanted):
            out[i] = signatures[k]
        return out

    def band_keys(self, signatures: np.ndarray) -> np.ndarray:
        """(postings, bands) uint64 LSH bucket keys of a (postings, num_perm) signature array."""
        return band_keys(signatures, self.bands, self.rows)

    def shares_band(self, a: np.ndarray, b: np.ndarray) -> bool:
        """Whether two signatures agree on every value of at least one band: LSH candidates, exactly."""
        used = self.bands * self.rows
        return bool((a[:used].reshape(self.bands, self.rows) == b[:used].reshape(self.bands, self.rows))
                    .all(axis=1).any())

    # --- the in-memory band index: a cache of posting_signatures ------------------------------------------
    def load(self, conn: Connection) -> None:
        """Build the band index from every stored signature (at a run's start: about a second at 200,000
        postings). Needs no writer lock: one statement reads one snapshot, and revisions are given out under
        the lock in commit order, so every row up to the highest revision read is in it; later ones are read by
        the next refresh."""
        with self._index_lock:
            self._load(conn)

    def _load(self, conn: Connection) -> None:
        started = time.perf_counter()
        index = BandIndex(self.bands)
        revision = 0

        def chunks() -> Iterator[tuple[np.ndarray, np.ndarray]]:
            nonlocal revision
            for rows in conn.execute(_ALL_SIGNATURES, execution_options={"yield_per": _LOAD_CHUNK}).partitions():
                revision = max(revision, max(row[2] for row in rows))
                yield self._keys_of(rows)

        index.build(chunks(), conn.execute(_COUNT_SIGNATURES).scalar_one())
        self._index, self._revision = index, revision
        logger.debug("band index of %d signatures built in %.2fs (%.1f MB)", len(index),
                     time.perf_counter() - started, index.nbytes / 1e6)

    def _keys_of(self, rows: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
        """Posting ids and band keys of (posting_id, signature) rows; signatures of another length (stored with
        another num_perm) can never match ours and are left out."""
        size = self.num_perm * 4
        kept = [(row[0], bytes(row[1])) for row in rows if len(row[1]) == size]
        ids = np.fromiter((pid for pid, _ in kept), dtype=np.int64, count=len(kept))
        signatures = np.frombuffer(b"".join(blob for _, blob in kept), dtype=np.uint32).reshape(len(kept),
                                                                                               self.num_perm)
        return ids, self.band_keys(signatures)

    def _refresh(self, conn: Connection) -> BandIndex:
        """The index with every signature stored up to now (called under the writer lock): other writers'
        rows and this batch's own. A posting whose text changed is indexed again under its new bands; its old
        keys stay and can only add candidates, which the shared-band check of the stored signature drops."""
        if self._index is None:
            self._load(conn)
            assert self._index is not None
            return self._index
        rows = conn.execute(_SIGNATURES_SINCE, {"since": self._revision}).all()
        if rows:
            self._index.add(*self._keys_of(rows))
            self._revision = max(row[2] for row in rows)
        return self._index

    def forget(self) -> None:
        """Drop the index (a write rolled back after its rows were indexed); the next lookup rebuilds it."""
        with self._index_lock:
            self._index, self._revision = None, 0

    @property
    def index_bytes(self) -> int:
        index = self._index
        return index.nbytes if index is not None else 0

    def similarity(self, a: np.ndarray, b: np.ndarray) -> float:
        return float(np.count_nonzero(a == b)) / len(a)

    def store(
        self,
        conn: Connection,
        pairs: list[tuple[int, Any]],
        *,
        replace: bool,
        skip: Iterable[int] = (),
        verify: Callable[[dict[int, set[int]]], dict[int, set[int]]] | None = None,
    ) -> dict[int, tuple[int, float]]:
        """Save signatures and bands of (posting_id, record) pairs; return near-duplicate links found.

        A link points from a posting to the most similar earlier posting (lower id) at or above the
        threshold. With ``replace`` (changed postings) old bands are swapped and no links are made.
        ``verify`` filters the MinHash candidates ({posting: earlier postings}) before they are scored, e.g.
        to those of the same company and a compatible title (:func:`same_job`).
        """
        skip = set(skip)
        ids = [pid for pid, _ in pairs]
        signatures = self.signatures([rec.text_for_similarity for _, rec in pairs])
        if replace:
            conn.execute(delete(m.PostingSignature).where(m.PostingSignature.posting_id.in_(ids)))
        own = {pid: signature for pid, signature in zip(ids, signatures) if signature is not None}
        if not own:
            return {}
        with self._index_lock:
            # Under the writer lock: revisions grow in commit order (never below one this process has read, so a
            # deleted newest row cannot hand out a revision again).
            revision = max(conn.execute(_LAST_REVISION).scalar_one(), self._revision) + 1
            insert_tuples(conn, m.PostingSignature.__table__, ("posting_id", "signature", "revision"),
                          [(pid, signature.astype(np.uint32).tobytes(), revision) for pid, signature in own.items()])
            if replace:
                return {}
            looking = [pid for pid in own if pid not in skip]
            if not looking:
                return {}
            # Our own rows are read back with the others, so a batch can hold near-duplicates of itself.
            index = self._refresh(conn)
            needed = index.earlier_sharing(looking, self.band_keys(np.stack([own[pid] for pid in looking])))
        if not needed:
            return {}
        all_candidates = sorted(set().union(*needed.values()) - set(own))
        stored: dict[int, np.ndarray] = dict(own)
        for chunk_start in range(0, len(all_candidates), 500):
            chunk = all_candidates[chunk_start : chunk_start + 500]
            for pid, blob in conn.execute(_SIGNATURES_OF, {"ids": chunk}):
                stored[pid] = np.frombuffer(blob, dtype=np.uint32)
        # Exactly the postings that share a band with the stored signature: the index may hold the old bands of
        # a posting whose text changed, or of one deleted since.
        needed = {pid: shared for pid, found in needed.items()
                  if (shared := {c for c in found if c in stored and self.shares_band(own[pid], stored[c])})}
        if verify is not None and needed:
            needed = {pid: found for pid, found in verify(needed).items() if found}
        links: dict[int, tuple[int, float]] = {}
        for pid, found in needed.items():
            scored = [(self.similarity(own[pid], stored[c]), c) for c in found]
            scored = [(s, c) for s, c in scored if s >= self.threshold]
            if scored:
                best_similarity = max(s for s, _ in scored)
                # Among the best matches, link to the earliest posting.
                target = min(c for s, c in scored if s == best_similarity)
                links[pid] = (target, best_similarity)
        return links
