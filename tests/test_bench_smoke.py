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
    docs_before = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
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
    # a smoke run's figures mean nothing: they never replace the measured ones in the docs
    assert (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8") == docs_before


def test_results_block_replaces_itself_and_keeps_the_prose(tmp_path):
    import argparse

    from bench.__main__ import DOCS_END, DOCS_START, results_block, write_docs

    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\n## Results\n\nWhy the store is slow.\n\n## Shared machines\n", encoding="utf-8")
    args = argparse.Namespace(pages=3000, runs=3, rss_runs=1, rss_pages="5000,20000")
    info = {"cpu": "Test CPU", "cores": 2, "python": "3", "scrapy": "2", "sqlalchemy": "2", "sqlite": "3"}
    results = {"crawl_vs_fetch_only": 0.2, "replay_pages_per_s": 600.0, "peak_rss_mb_5k": 190.0,
               "peak_rss_mb_20k": 230.0, "peak_rss_growth_5k_to_20k": 0.21, "load_average_1m_start_end": [0.1, 0.2]}
    write_docs(results_block(results, info, args), docs)
    results["crawl_vs_fetch_only"] = 0.4
    write_docs(results_block(results, info, args), docs)
    text = docs.read_text(encoding="utf-8")
    assert text.count(DOCS_START) == 1 and text.count(DOCS_END) == 1
    assert "Why the store is slow." in text and text.rstrip().endswith("## Shared machines")
    assert "| crawl / fetch-only | 0.4 | >= 0.33 now, 0.5 goal: **met** |" in text
    assert "| (c) replay, one core | 600.0 pages/s | >= 500: **met** |" in text
    assert "+21.0% over 5k) | <= 300, <= +15 % over 5k: **missed** |" in text
    assert "| (d) store cost, 200k vs empty | not measured | <= 1.25 |" in text
    assert "Test CPU, 2 cores" in text
