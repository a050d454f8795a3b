"""`python -m bench --quick` runs every part of the benchmark end to end (no timing assertions: CI machines vary)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

KEYS = (
    "fetch_only_pages_per_s",
    "crawl_pages_per_s",
    "crawl_vs_fetch_only",
    "replay_pages_per_s",
    "store_cost_200k_vs_empty",
    "peak_rss_mb_5k",
    "peak_rss_mb_20k",
)


def test_quick_bench_completes_and_prints_json(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    for key in KEYS:
        assert key in results, key
        assert results[key] is not None, key
    assert (tmp_path / "results.json").exists()
