"""Replay every saved page under fixtures/pages offline and compare with its expected.json, field by field.

After an intended change of extraction or normalization, regenerate with
``python -m jobcrawl.fixtures rewrite`` and review the diff.
"""

from __future__ import annotations

import json

import pytest

from jobcrawl.fixtures import case_dirs, run_case

CASES = case_dirs()


def _params():
    params = []
    for case_dir in CASES:
        expected_path = case_dir / "expected.json"
        if not expected_path.exists():
            params.append(pytest.param(case_dir, None, None, id=f"{case_dir.name}-missing-expected"))
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        for key in ("problems", "follow", "next_pages"):
            params.append(pytest.param(case_dir, key, None, id=f"{case_dir.name}-{key}"))
        params.append(pytest.param(case_dir, "postings", "count", id=f"{case_dir.name}-postings-count"))
        for index, posting in enumerate(expected["postings"]):
            for field in sorted(posting):
                params.append(pytest.param(case_dir, "postings", (index, field),
                                           id=f"{case_dir.name}-{index}-{field}"))
    return params


_cache: dict = {}


def _actual(case_dir):
    if case_dir not in _cache:
        _cache[case_dir] = json.loads(json.dumps(run_case(case_dir), default=str))
    return _cache[case_dir]


def test_enough_cases():
    assert len(CASES) >= 12, "the foundation promises at least 12 fixture cases"


@pytest.mark.parametrize("case_dir,key,field", _params())
def test_replay(case_dir, key, field):
    if key is None:
        pytest.fail(f"{case_dir.name} has no expected.json: run python -m jobcrawl.fixtures rewrite {case_dir.name}")
    expected = json.loads((case_dir / "expected.json").read_text(encoding="utf-8"))
    actual = _actual(case_dir)
    if key != "postings":
        assert actual[key] == expected[key]
    elif field == "count":
        assert len(actual["postings"]) == len(expected["postings"])
    else:
        index, name = field
        assert actual["postings"][index][name] == expected["postings"][index][name]
