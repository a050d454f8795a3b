"""The in-memory LSH band index (jobcrawl.bandindex): keys per band, lookups of earlier postings."""

from __future__ import annotations

import numpy as np

from jobcrawl.bandindex import BandIndex, band_keys
from jobcrawl.dedupe import NearDuplicateIndex

BANDS, ROWS = NearDuplicateIndex().bands, NearDuplicateIndex().rows


def random_signatures(count: int, seed: int = 7) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 2**32 - 1, size=(count, 128), dtype=np.uint32)


def test_a_key_is_shared_exactly_when_the_band_values_are():
    signatures = random_signatures(3)
    signatures[1, 2 * ROWS : 3 * ROWS] = signatures[0, 2 * ROWS : 3 * ROWS]  # band 2 copied
    signatures[2, 2 * ROWS : 3 * ROWS] = signatures[0, 3 * ROWS : 4 * ROWS]  # band 3's values as band 2
    keys = band_keys(signatures, BANDS, ROWS)
    assert keys.shape == (3, BANDS) and keys.dtype == np.uint64
    assert [band for band in range(BANDS) if keys[0, band] == keys[1, band]] == [2]
    assert not np.isin(keys[2], keys[0]).any()  # the band number is part of the key
    near = NearDuplicateIndex()
    assert near.shares_band(signatures[0], signatures[1]) and not near.shares_band(signatures[0], signatures[2])


def test_lookups_find_earlier_postings_before_and_after_a_merge():
    signatures = random_signatures(BandIndex.MERGE_AFTER + 10)
    twin = len(signatures) - 1
    signatures[twin, :ROWS] = signatures[5, :ROWS]  # the last shares band 0 with posting 5
    keys = band_keys(signatures, BANDS, ROWS)
    ids = np.arange(1, len(signatures) + 1)
    index = BandIndex(BANDS)
    index.build([(ids[:2], keys[:2]), (ids[2:3], keys[2:3])], expected=2)  # one more than counted
    index.add(ids[3:100], keys[3:100])  # waits in the small array
    assert index.earlier_sharing([int(ids[twin])], keys[twin : twin + 1]) == {int(ids[twin]): {6}}
    index.add(ids[100:], keys[100:])  # merged into the large one
    assert len(index) == len(signatures) and index.nbytes == len(signatures) * BANDS * 12
    assert index.earlier_sharing([int(ids[twin])], keys[twin : twin + 1]) == {int(ids[twin]): {6}}
    # only earlier postings: posting 6 finds nothing, though the last one shares its band
    assert index.earlier_sharing([6], keys[5:6]) == {}
