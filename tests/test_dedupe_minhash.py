"""jobcrawl computes MinHash signatures itself, in numpy, and must keep computing exactly what datasketch does:
signatures are stored, and every new posting is compared with the stored ones. datasketch is the reference
here and only here; the crawl does not import it (it would pull in scipy)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from jobcrawl.dedupe import (
    CASEFOLD_MOVES_WORD_EDGES,
    MIN_WORDS,
    NearDuplicateIndex,
    affine32_permutations,
    shingle_hash32,
    shingles,
)

ROOT = Path(__file__).resolve().parents[1]


def _reference(texts: list[str], num_perm: int) -> list[np.ndarray]:
    # The shingles as datasketch would take them, each hashed on its own by shingle_hash32 (the per-shingle form
    # of the batch hashing), so the comparison covers the word splitting, the chaining and the permutations.
    found = MinHash.bulk([shingles(text, 3) for text in texts], num_perm=num_perm, seed=1, scheme="affine32",
                         hashfunc=shingle_hash32)
    return [m.hashvalues for m in found]


def _texts(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    vocabulary = [f"word{i}" for i in range(400)] + ["Straße", "café", "naïve", "İstanbul", "ÉQUIPE", "ǅemal"]
    return [" ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(MIN_WORDS, 900))) for _ in range(count)]


@pytest.mark.parametrize("num_perm", [128, 64])
def test_permutations_are_datasketchs(num_perm):
    a, b = affine32_permutations(num_perm, seed=1)
    expected_a, expected_b = MinHash(num_perm=num_perm, seed=1, scheme="affine32").permutations
    assert np.array_equal(a, expected_a) and np.array_equal(b, expected_b)
    assert a.dtype == b.dtype == np.uint32


@pytest.mark.parametrize("num_perm", [128, 64])
def test_signatures_match_datasketch_over_a_batch(num_perm):
    # Enough long texts that the batch spans several numpy chunks, ASCII and not (the casefold path), and a
    # text of repeated shingles.
    texts = _texts(40, seed=num_perm) + [
        "the same three words " * 30,
        "Wir suchen eine Entwicklerin (m/w/d) für unser Team in Köln: Python, SQL und gute Laune. " * 3,
    ]
    ours = NearDuplicateIndex(num_perm=num_perm).signatures(texts)
    for text, mine, reference in zip(texts, ours, _reference(texts, num_perm)):
        assert mine is not None, text[:60]
        assert np.array_equal(mine, reference), text[:60]


def test_shingle_hash_depends_on_every_word_and_their_order():
    shingle_set = {b"senior data engineer", b"data senior engineer", b"senior data engineers", b"senior data",
                   b"senior", b"data engineer senior", b"senior date engineer"}
    hashes = {shingle_hash32(s) for s in shingle_set}
    assert len(hashes) == len(shingle_set)
    assert all(0 <= h < 2**32 for h in hashes)


def test_shingle_size_above_the_word_count_hashes_the_text_as_one_shingle():
    text = " ".join(f"w{i}" for i in range(MIN_WORDS))
    (mine,) = NearDuplicateIndex(shingle_size=MIN_WORDS + 5).signatures([text])
    (reference,) = MinHash.bulk([[text.encode()]], num_perm=128, seed=1, scheme="affine32", hashfunc=shingle_hash32)
    assert np.array_equal(mine, reference.hashvalues)


def test_short_texts_get_no_signature():
    texts = ["too short to compare " * 2, "", " ".join(f"w{i}" for i in range(MIN_WORDS))]
    assert [s is None for s in NearDuplicateIndex().signatures(texts)] == [True, True, False]


def test_the_store_path_does_not_import_datasketch_or_scipy():
    code = (
        "import sys\n"
        "import jobcrawl.spiders.postings, pipelines.normalize, pipelines.identity, pipelines.store\n"
        "from jobcrawl.dedupe import NearDuplicateIndex\n"
        "NearDuplicateIndex().signatures(['word ' * 40])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'datasketch', 'scipy'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_characters_whose_casefold_moves_word_edges_are_all_listed():
    def is_word(chars: str) -> bool:  # what \w matches in str patterns
        return chars.isalnum() or chars == "_"

    moving = set()
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folded = char.casefold()
        if is_word(char) != all(map(is_word, folded)) or (not is_word(char) and any(map(is_word, folded))):
            moving.add(char)
    assert moving == {chr(c) for c in range(sys.maxunicode + 1) if CASEFOLD_MOVES_WORD_EDGES.fullmatch(chr(c))}


def test_a_word_split_by_casefolding_does_not_count_towards_the_minimum():
    # 24 words as written, 48 once "İ" casefolds to "i" + a combining dot (not a word character)
    text = " ".join(["İstanbul"] * (MIN_WORDS - 1))
    assert NearDuplicateIndex().signatures([text, text + " ankara"])[0] is None
    assert NearDuplicateIndex().signatures([text + " ankara"])[0] is not None
