"""`python -m bench.compare`: two trees' bench runs alternated, each figure's per-pair ratios and their median."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from conftest import ROOT


def test_ratios_are_taken_per_pair_not_between_medians():
    from bench.compare import compare_figures

    old = [{"replay_pages_per_cpu_s": 100.0, "replay_ms_per_page_store": 2.0, "store_base_rows": 500},
           {"replay_pages_per_cpu_s": 100.0, "replay_ms_per_page_store": 4.0, "store_base_rows": 500},
           {"replay_pages_per_cpu_s": 400.0, "replay_ms_per_page_store": 1.0, "store_base_rows": 500}]
    new = [{"replay_pages_per_cpu_s": 150.0, "replay_ms_per_page_store": 1.0, "crawl_workers1_pages_per_s": 9.0},
           {"replay_pages_per_cpu_s": 300.0, "replay_ms_per_page_store": 1.0, "crawl_workers1_pages_per_s": 11.0},
           {"replay_pages_per_cpu_s": 400.0, "replay_ms_per_page_store": 1.0, "crawl_workers1_pages_per_s": 10.0}]
    table = compare_figures(old, new)
    rate = table["replay_pages_per_cpu_s"]
    # pairs 150/100, 300/100, 400/400: median 1.5, where the medians' ratio would be 300/100 = 3
    assert rate["ratios"] == [1.5, 3.0, 1.0]
    assert rate["ratio_median"] == 1.5
    assert (rate["old_median"], rate["new_median"]) == (100.0, 300.0)
    assert rate["higher_is_better"] is True
    store = table["replay_ms_per_page_store"]
    assert store["ratios"] == [0.5, 0.25, 1.0] and store["ratio_median"] == 0.5
    assert store["higher_is_better"] is False
    # a figure only the new tree reports: its median, no ratio; set-up figures are not compared
    added = table["crawl_workers1_pages_per_s"]
    assert added["old_median"] is None and added["new_median"] == 10.0
    assert added["ratios"] == [] and added["ratio_median"] is None
    assert "store_base_rows" not in table


def test_pairs_run_old_first_or_abba():
    from bench.compare import pair_order

    assert [side for pair in range(3) for side in pair_order(pair, False)] == ["old", "new"] * 3
    assert [side for pair in range(4) for side in pair_order(pair, True)] == ["old", "new", "new", "old"] * 2


def test_compare_alternates_two_trees_and_reports_every_figure(tmp_path):
    out = tmp_path / "compare"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.compare", "--base", str(ROOT), "--base-python", sys.executable,
         "--new-python", sys.executable, "--only", "replay", "--pages", "5", "--pairs", "2", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    summary = json.loads(lines[-1])
    assert summary["pairs"] == 2
    assert summary["order"] == ["old", "new", "old", "new"]
    # each side wrote into its own working directory
    assert (out / "old" / "results.json").exists() and (out / "new" / "results.json").exists()
    saved = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert len(saved["runs"]["old"]) == len(saved["runs"]["new"]) == 2
    # the pairs done so far are saved as it goes, so an interrupted comparison keeps them
    progress = json.loads((out / "compare-progress.json").read_text(encoding="utf-8"))
    assert progress["runs"] == saved["runs"] and progress["order"] == summary["order"]
    for figure in ("replay_pages_per_s", "replay_pages_per_cpu_s", "replay_ms_per_page_extract"):
        row = summary["figures"][figure]
        olds = [run[figure] for run in saved["runs"]["old"]]
        news = [run[figure] for run in saved["runs"]["new"]]
        assert row["old_median"] == round(statistics.median(olds), 3)
        assert row["new_median"] == round(statistics.median(news), 3)
        assert row["ratios"] == [round(n / o, 3) for o, n in zip(olds, news)]
        assert row["ratio_median"] == round(statistics.median(n / o for o, n in zip(olds, news)), 3)
        # the printed table has a line for the figure
        assert any(line.startswith(figure + " ") for line in lines)
    # the machine's load during each pair and over all of them
    assert [p["pair"] for p in summary["load"]["pairs"]] == [1, 2]
    for load in [*summary["load"]["pairs"], summary["load"]["all"]]:
        assert load["load_max"] >= load["load_median"] >= 0
        assert 0 <= load["others_cpu_share"] <= 1
    assert lines[-2].startswith("all pairs: load ")
