"""Two source trees measured side by side: ``python -m bench`` of an old and a new tree, alternated.

    python -m bench.compare --base /work/wt-base [--only replay,store] [--pairs 5] [--pages 600]
                            [--out DIR] [--abba] [any other `python -m bench` option, passed to both]

Pair after pair, one run of the old tree (``--base``, with its own ``.venv/bin/python``, run from its own
directory with ``--out DIR/old``) then one run of this tree (``--out DIR/new``), each ``--runs 1 --docs no``. On a
shared machine the speed drifts over minutes; a pair's two runs share that drift, so the figure to quote is the
median of the per-pair ratios new / old, not the ratio of the medians. For every numeric figure both trees
report it prints the median old, the median new and the median of the per-pair ratios (with their range), then
the machine's load during each pair (``bench.load``: load average, the CPU share of processes outside the two
benches); the last line is one JSON object with all of it. ``DIR/compare.json`` also keeps every run's figures;
``DIR/compare-progress.json`` holds the whole pairs done so far while it runs (``compare_figures`` of its runs
gives the table of an interrupted comparison).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import log, pair_ratios
from bench.load import LoadMonitor, describe, summarize
from bench.pages import ROOT

# figures that describe the set-up, not the code's speed
SKIPPED = {"store_base_rows"}


def higher_is_better(figure: str) -> bool:
    """Rates and crawl/fetch ratios are better higher; times, costs, memory and process counts lower."""
    return "pages_per" in figure or "_vs_fetch_only" in figure


def numeric_figures(results: dict[str, Any]) -> dict[str, float]:
    return {key: value for key, value in results.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool) and key not in SKIPPED}


def compare_figures(old_runs: list[dict[str, Any]], new_runs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """For each figure of the paired runs (``old_runs[i]`` and ``new_runs[i]`` ran side by side): median old,
    median new, the per-pair ratios new / old and their median. A figure one tree does not report (e.g. one
    added since the base) gets the other side's median and no ratio."""
    old_figures = [numeric_figures(r) for r in old_runs]
    new_figures = [numeric_figures(r) for r in new_runs]
    keys = sorted({k for r in old_figures + new_figures for k in r})
    table: dict[str, dict[str, Any]] = {}
    for key in keys:
        olds = [r.get(key) for r in old_figures]
        news = [r.get(key) for r in new_figures]
        ratios = pair_ratios(list(zip(olds, news)))
        table[key] = {
            "old_median": median_or_none(olds),
            "new_median": median_or_none(news),
            "ratio_median": round(statistics.median(ratios), 3) if ratios else None,
            "ratios": [round(x, 3) for x in ratios],
            "higher_is_better": higher_is_better(key),
        }
    return table


def pair_order(pair: int, abba: bool) -> tuple[str, str]:
    """Which tree runs first in pair ``pair`` (from 0): old first, or with ``abba`` new first every second pair."""
    return ("new", "old") if abba and pair % 2 else ("old", "new")


def median_or_none(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 3) if present else None


def run_bench(tree: Path, python: Path, out: Path, bench_args: list[str]) -> dict[str, Any]:
    """One ``python -m bench`` run in ``tree``; its figures (the last line of its output)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # each tree imports its own code
    cmd = [str(python), "-m", "bench", *bench_args, "--runs", "1", "--docs", "no", "--out", str(out)]
    proc = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"bench in {tree} failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return json.loads(lines[-1])


def format_table(table: dict[str, dict[str, Any]], pairs: int) -> list[str]:
    def show(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"

    width = max([len(k) for k in table] + [6])
    lines = [f"{'figure':<{width}}  {'old median':>11}  {'new median':>11}  {'new/old':>8}  "
             f"{'pair ratios (min..max)':>22}  better",
             f"{'':<{width}}  {'':>11}  {'':>11}  {f'({pairs} pairs)':>8}"]
    for key, row in table.items():
        ratios = row["ratios"]
        spread = f"{min(ratios):.3f}..{max(ratios):.3f}" if ratios else "-"
        ratio = "-" if row["ratio_median"] is None else f"{row['ratio_median']:.3f}"
        lines.append(f"{key:<{width}}  {show(row['old_median']):>11}  {show(row['new_median']):>11}  {ratio:>8}  "
                     f"{spread:>22}  {'higher' if row['higher_is_better'] else 'lower'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, type=Path, help="the old tree (e.g. /work/wt-base)")
    parser.add_argument("--base-python", type=Path, help="default: BASE/.venv/bin/python")
    parser.add_argument("--new", type=Path, default=ROOT, help="the new tree (default: this one)")
    parser.add_argument("--new-python", type=Path, help="default: NEW/.venv/bin/python, else this Python")
    parser.add_argument("--pairs", type=int, default=5, help="pairs of runs (old, new); at least 5 to quote")
    parser.add_argument("--only", default="replay", help="bench parts, as `python -m bench --only`")
    parser.add_argument("--pages", type=int, help="pages per crawl and replay (bench default: 3000)")
    parser.add_argument("--out", type=Path, help="working directory (default: a fresh /tmp/bench-compare-*)")
    parser.add_argument("--abba", action="store_true",
                        help="run new first in every second pair (old new, new old, ...): cancels a steady drift")
    args, passed_on = parser.parse_known_args(argv)
    base, new = args.base.resolve(), args.new.resolve()
    base_python = args.base_python or base / ".venv" / "bin" / "python"
    new_python = args.new_python or (new / ".venv" / "bin" / "python")
    if not Path(new_python).exists():
        new_python = Path(sys.executable)
    out = (args.out or Path(f"/tmp/bench-compare-{time.strftime('%Y%m%d-%H%M%S')}")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    bench_args = ["--only", args.only, *(["--pages", str(args.pages)] if args.pages else []), *passed_on]
    trees = {"old": (base, Path(base_python), out / "old"), "new": (new, Path(new_python), out / "new")}
    log(f"compare: old {base} ({base_python}), new {new} ({new_python}); {args.pairs} pairs of "
        f"`python -m bench {' '.join(bench_args)}`; working directory {out}")

    if args.pairs < 5:
        log(f"note: {args.pairs} pair(s); quote medians of at least 5")
    runs: dict[str, list[dict[str, Any]]] = {"old": [], "new": []}
    order: list[str] = []
    pair_loads: list[dict[str, Any]] = []
    progress = out / "compare-progress.json"
    with LoadMonitor() as monitor:
        for pair in range(args.pairs):
            sides = pair_order(pair, args.abba)
            with monitor.window(f"pair-{pair}"):
                pair_runs = {}
                for side in sides:
                    tree, python, side_out = trees[side]
                    started = time.perf_counter()
                    pair_runs[side] = run_bench(tree, python, side_out, bench_args)
                    log(f"pair {pair + 1} {side}: {time.perf_counter() - started:.1f}s")
            # a pair counts only whole: after a failed run the pairs before it, saved below, stay usable
            for side in sides:
                runs[side].append(pair_runs[side])
                order.append(side)
            pair_loads.append(monitor.summary(f"pair-{pair}") | {"pair": pair + 1})
            log(f"pair {pair + 1}: {describe(pair_loads[-1])}")
            progress.write_text(json.dumps({"bench_args": bench_args, "order": order, "runs": runs,
                                            "load": pair_loads}, indent=2), encoding="utf-8")
        overall = summarize([w for windows in monitor.windows.values() for w in windows])

    table = compare_figures(runs["old"], runs["new"])
    for line in format_table(table, args.pairs):
        print(line)
    for load in pair_loads:
        print(f"pair {load['pair']}: {describe(load)}")
    print(f"all pairs: {describe(overall)}")
    summary = {"pairs": args.pairs, "old": str(base), "new": str(new), "bench_args": bench_args, "order": order,
               "figures": table, "load": {"pairs": pair_loads, "all": overall}}
    (out / "compare.json").write_text(json.dumps({**summary, "runs": runs}, indent=2), encoding="utf-8")
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
