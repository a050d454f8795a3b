"""`python -m bench --quick` runs every part of the benchmark end to end (no timing assertions: CI machines vary)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import ROOT

# --quick measures peak RSS after 10 and 40 pages and the store cost over a 500-posting base: the figures are
# named after what was measured, never after the full run's 5,000 / 20,000 pages and 200,000 postings
KEYS = (
    "fetch_only_pages_per_s",
    "fetch_only_pages_per_cpu_s",
    "crawl_pages_per_s",
    "crawl_pages_per_cpu_s",
    "crawl_vs_fetch_only",
    "crawl_workers1_pages_per_s",
    "crawl_workers1_pages_per_cpu_s",
    "crawl_workers1_vs_fetch_only_cpu",
    "replay_pages_per_s",
    "replay_pages_per_cpu_s",
    "replay_cpu_ms_per_page_extract",
    "replay_cpu_ms_per_page_store",
    "store_cost_500_vs_empty",
    "store_cost_500_vs_empty_cpu",
    "peak_rss_mb_10",
    "peak_rss_mb_40",
    "peak_rss_tree_mb_10",
    "peak_rss_tree_mb_40",
    "peak_rss_child_mb_40",
)
# every figure's runs are bracketed by the machine-load monitor
LOADED = ("fetch_only", "crawl", "crawl_workers1", "replay", "store")


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
    assert not {"peak_rss_mb_5k", "peak_rss_mb_20k", "store_cost_200k_vs_empty"} & set(results), results
    # the tree's peak is at least the crawl process's own
    assert results["peak_rss_tree_mb_40"] >= results["peak_rss_mb_40"]
    for figure in LOADED:
        load = results["load"][figure]
        assert load["load_median"] is not None and load["load_max"] >= load["load_median"], (figure, load)
        assert 0 <= load["others_cpu_share"] <= 1, (figure, load)
        assert f"machine during {figure}: load " in proc.stderr
    assert (tmp_path / "results.json").exists()
    # a smoke run's figures mean nothing: they never replace the measured ones in the docs
    assert (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8") == docs_before


def test_results_block_replaces_itself_and_keeps_the_prose(tmp_path):
    import argparse

    from bench.report import DOCS_END, DOCS_START, results_block, write_docs

    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\n## Results\n\nWhy the store is slow.\n\n## Shared machines\n", encoding="utf-8")
    args = argparse.Namespace(pages=3000, runs=3, rss_runs=1, rss_pages="5000,20000")
    info = {"commit": "abc1234", "cpu": "Test CPU", "cores": 2, "python": "3", "scrapy": "2", "sqlalchemy": "2", "sqlite": "3"}
    results = {"crawl_vs_fetch_only": 0.2, "crawl_vs_fetch_only_cpu": 0.18,
               "crawl_workers1_vs_fetch_only": 0.3, "crawl_workers1_vs_fetch_only_cpu": 0.35,
               "replay_pages_per_s": 300.0, "replay_pages_per_cpu_s": 450.0, "peak_rss_mb_5k": 190.0,
               "peak_rss_tree_mb_5k": 410.0, "peak_rss_mb_20k": 230.0, "peak_rss_growth_5k_to_20k": 0.21,
               "load_average_1m_start_end": [0.1, 0.2],
               "load": {"crawl": {"load_median": 1.5, "load_max": 2.25, "others_cpu_share": 0.35, "steal_share": 0}}}
    write_docs(results_block(results, info, args), docs)
    results["crawl_vs_fetch_only"] = 0.55
    write_docs(results_block(results, info, args), docs)
    text = docs.read_text(encoding="utf-8")
    assert text.count(DOCS_START) == 1 and text.count(DOCS_END) == 1
    assert "Why the store is slow." in text and text.rstrip().endswith("## Shared machines")
    # each figure beside its per-CPU-second twin, and the load during its runs beside it
    assert ("| (b) / (a), wall time | 0.55 (0.18 per CPU-second) | >= 0.5 on an idle 2-core machine: **met** "
            "| load 1.5 median, 2.25 max; others 35% of the CPU |") in text
    assert "| (b1) / (a), per CPU-second | 0.35 (0.3 in wall time) | >= 0.33: **met** |  |" in text
    # replay is judged per CPU-second: 300 pages/s on a busy machine, 450 per CPU-second meets >= 400
    assert ("| (c) replay, one process | 300.0 pages/s (450.0 per CPU-second) | >= 400 per CPU-second "
            "(goal 500): **met** |") in text
    # memory per process (the target) and summed over the crawl's process tree
    assert ("| (e) peak RSS at 5,000 pages | 190.0 MB the crawl process, 410.0 MB summed over its process tree "
            "| <= 300 per process: **met** |") in text
    assert "+21.0% over 5k) | <= 300 per process, <= +15 % over 5k: **missed** |" in text
    assert "| (d) store cost, 200k vs empty | not measured | <= 1.25 |" in text
    results["peak_rss_child_mb_5k"] = 150.0
    write_docs(results_block(results, info, args), docs)
    assert ("| 190.0 MB the crawl process, 150.0 MB its largest child, 410.0 MB summed over its process tree "
            "| <= 300 per process: **met** |" in docs.read_text(encoding="utf-8"))
    # every process is held to the target: a worker over it misses it
    results["peak_rss_child_mb_5k"] = 320.0
    write_docs(results_block(results, info, args), docs)
    assert "320.0 MB its largest child, 410.0 MB summed over its process tree | <= 300 per process: **missed** |" in (
        docs.read_text(encoding="utf-8"))
    # when, at which commit, on what machine and under what load
    assert re.search(r"Measured \d{4}-\d\d-\d\d \d\d:\d\d UTC at commit abc1234 on Test CPU, 2 cores", text)
    assert "load average 0.1 at the start, 0.2 at the end" in text


def test_machine_names_the_commit():
    from bench.report import machine

    commit = machine()["commit"]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    assert commit and commit.startswith(head.stdout.strip())


def test_make_bench_runs_the_full_bench_that_writes_the_docs():
    """``make bench`` is what refreshes docs/benchmarks.md: a full run (every part, not --quick) writes it."""
    # --no-print-directory: under `make test` (MAKELEVEL set) make would add "Leaving directory" lines
    dry = subprocess.run(["make", "--no-print-directory", "-n", "bench"], cwd=ROOT, capture_output=True, text=True)
    command = dry.stdout.strip().splitlines()[-1]
    assert command.endswith("-m bench"), command
