"""The LSH band index of one writer process, in memory: sorted 64-bit bucket keys per band.

Before this index, every band of every posting was a row of a SQL table (18 a posting) and the candidates of a
batch a join over it. At 200,000 postings that table was 3.6 million random keys, and each batch dirtied about
one B-tree page per band row, written to the WAL and checkpointed: most of the extra store cost of a large
database (docs/benchmarks.md, "Fifth round"). Here a band's keys are one sorted ``uint64`` array with the
posting ids beside it (12 bytes a band, about 43 MB at 200,000 postings); new keys go into a small sorted
array merged into the large one now and then, so adding a batch copies a few KB, not the index.

datasketch's own ``MinHashLSH`` keeps a Python dict of sets per band (estimated at hundreds of MB for 3.6 million
entries, not measured) and imports scipy (+61 MB of RSS, measured in the fourth round), hence these arrays.

The index is a cache of ``posting_signatures``: ``jobcrawl.dedupe.NearDuplicateIndex`` fills it from the
stored signatures and refreshes it before each lookup, so it never decides alone (see there).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

# splitmix64's constants: a multiply and xor-shifts that spread every input bit over the 64-bit key.
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)


def _mix64(h: np.ndarray) -> np.ndarray:
    h = (h ^ (h >> np.uint64(30))) * _MIX_1
    h = (h ^ (h >> np.uint64(27))) * _MIX_2
    return h ^ (h >> np.uint64(31))


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(postings, bands) uint64 keys: each band's ``rows`` signature values hashed together with the band
    number. Two postings with a band's values equal share its key; unequal values collide with a chance of
    about 2**-64 a pair, and a collision only costs a signature comparison (candidates are checked against
    their stored signatures)."""
    values = signatures[:, : bands * rows].reshape(len(signatures), bands, rows)
    keys = np.broadcast_to(_mix64(np.arange(1, bands + 1, dtype=np.uint64) * _GOLDEN), values.shape[:2])
    for row in range(rows):
        keys = _mix64((keys ^ values[:, :, row].astype(np.uint64)) + _GOLDEN)
    return keys


class BandIndex:
    """Bucket keys per band, each band a sorted key array with the posting ids in the same order."""

    # New keys wait in a small sorted array until there are this many postings' worth, then are merged into the
    # large one (one copy of the index's arrays per merge, not per batch).
    MERGE_AFTER = 4096

    def __init__(self, bands: int) -> None:
        self.bands = bands
        empty_keys, empty_ids = np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.uint32)
        self._keys = [empty_keys] * bands
        self._ids = [empty_ids] * bands
        self._new_keys = [empty_keys] * bands
        self._new_ids = [empty_ids] * bands

    def __len__(self) -> int:
        """Postings indexed (a posting re-indexed after its text changed counts again)."""
        return len(self._keys[0]) + len(self._new_keys[0])

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for arrays in (self._keys, self._ids, self._new_keys, self._new_ids) for a in arrays)

    @staticmethod
    def _as_ids(ids: np.ndarray) -> np.ndarray:
        # uint32 keeps the index at 12 bytes a band; posting ids are far below 2**32.
        if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= 2**32):
            raise OverflowError("posting ids beyond 2**32 do not fit the band index")
        return ids.astype(np.uint32)

    def build(self, chunks: Iterable[tuple[np.ndarray, np.ndarray]], expected: int) -> None:
        """Replace the index by postings read in chunks of (ids (n,), keys (n, bands)), about ``expected`` of
        them. Each band is filled into one array of that size and sorted on its own, so building needs little
        more memory than the index (holding the chunks' keys until the end measured 30 MB more peak RSS at
        200,000 postings)."""
        capacity, filled = expected, 0
        keys = [np.empty(capacity, dtype=np.uint64) for _ in range(self.bands)]
        ids = np.empty(capacity, dtype=np.uint32)
        for chunk_ids, chunk_keys in chunks:
            end = filled + len(chunk_ids)
            if end > capacity:  # rows stored since the count
                capacity = max(end, 2 * capacity)
                keys = [np.concatenate([band_keys[:filled], np.empty(capacity - filled, dtype=np.uint64)])
                        for band_keys in keys]
                ids = np.concatenate([ids[:filled], np.empty(capacity - filled, dtype=np.uint32)])
            ids[filled:end] = self._as_ids(chunk_ids)
            for band in range(self.bands):
                keys[band][filled:end] = chunk_keys[:, band]
            filled = end
        ids = ids[:filled]
        for band in range(self.bands):
            order = np.argsort(keys[band][:filled], kind="stable")
            self._keys[band], self._ids[band] = keys[band][:filled][order], ids[order]
            keys[band] = self._keys[band]  # the unsorted array is freed now, not after the last band
        self._new_keys = [np.empty(0, dtype=np.uint64)] * self.bands
        self._new_ids = [np.empty(0, dtype=np.uint32)] * self.bands

    def add(self, ids: np.ndarray, keys: np.ndarray) -> None:
        """Index postings ``ids`` (n,) with their ``keys`` (n, bands)."""
        if not len(ids):
            return
        ids = self._as_ids(ids)
        merge = len(self._new_keys[0]) + len(ids) >= self.MERGE_AFTER
        for band in range(self.bands):
            new_keys = np.concatenate([self._new_keys[band], keys[:, band]])
            new_ids = np.concatenate([self._new_ids[band], ids])
            order = np.argsort(new_keys, kind="stable")
            new_keys, new_ids = new_keys[order], new_ids[order]
            if merge:
                at = np.searchsorted(self._keys[band], new_keys, side="right")
                self._keys[band] = np.insert(self._keys[band], at, new_keys)
                self._ids[band] = np.insert(self._ids[band], at, new_ids)
                new_keys, new_ids = new_keys[:0], new_ids[:0]
            self._new_keys[band], self._new_ids[band] = new_keys, new_ids

    def earlier_sharing(self, ids: list[int], keys: np.ndarray) -> dict[int, set[int]]:
        """{posting: postings with a lower id that share a band key with it} for ``ids`` and their ``keys``."""
        found: dict[int, set[int]] = {}
        for band in range(self.bands):
            wanted = keys[:, band]
            for sorted_keys, sorted_ids in ((self._keys[band], self._ids[band]),
                                            (self._new_keys[band], self._new_ids[band])):
                if not len(sorted_keys):
                    continue
                low = np.searchsorted(sorted_keys, wanted, side="left")
                high = np.searchsorted(sorted_keys, wanted, side="right")
                for k in np.flatnonzero(high > low):
                    pid = ids[k]
                    earlier = [c for c in sorted_ids[low[k] : high[k]].tolist() if c < pid]
                    if earlier:
                        found.setdefault(pid, set()).update(earlier)
        return found
