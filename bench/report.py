"""The machine a run was measured on and the generated results block of docs/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.load import describe
from bench.pages import ROOT
from jobcrawl.docblock import write_block


# --- machine ----------------------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    import scrapy
    import sqlalchemy

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip() or None
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        if commit and dirty:
            commit += " with uncommitted changes"
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {
        "commit": commit,
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "scrapy": scrapy.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "sqlite": __import__("sqlite3").sqlite_version,
    }


# --- docs/benchmarks.md -------------------------------------------------------------------------------
DOCS = ROOT / "docs" / "benchmarks.md"
DOCS_START = "<!-- bench:results: written by `make bench`; edits between these markers are overwritten -->"
DOCS_END = "<!-- /bench:results -->"


def pages_label(pages: int) -> str:
    """5000 -> "5k", 40 -> "40": the page count in a figure's name."""
    return f"{pages // 1000}k" if pages >= 1000 and pages % 1000 == 0 else str(pages)


def rss_keys(rss_pages: str) -> tuple[str, str, str]:
    """Names of the peak RSS figures (small, large, growth) for ``--rss-pages SMALL,LARGE``."""
    small, large = (pages_label(int(x)) for x in rss_pages.split(","))
    return f"peak_rss_mb_{small}", f"peak_rss_mb_{large}", f"peak_rss_growth_{small}_to_{large}"


def store_key(base_rows: int) -> str:
    return f"store_cost_{pages_label(base_rows)}_vs_empty"


def rss_tree_key(key: str) -> str:
    """``peak_rss_mb_5k`` -> ``peak_rss_tree_mb_5k``: the same peak summed over the crawl's process tree."""
    return key.replace("peak_rss_mb_", "peak_rss_tree_mb_")


def rss_child_key(key: str) -> str:
    """``peak_rss_mb_5k`` -> ``peak_rss_child_mb_5k``: the largest peak of one of the crawl's child processes."""
    return key.replace("peak_rss_mb_", "peak_rss_child_mb_")


@dataclass(frozen=True)
class Row:
    """One line of the docs table: the figure shown, its target and the figure the target judges."""

    key: str
    label: str
    unit: str
    target: str = ""
    test: Callable[[float], bool] | None = None
    judged: str = ""  # the figure the test applies to, if not ``key``
    load: str = ""  # the figure whose runs' machine load is shown (``bench.load``)


def targets(rss_pages: str, store_base: int = 200_000) -> list[Row]:
    """The rows of the docs table, with issue 19's targets."""
    small_key, large_key, _ = rss_keys(rss_pages)
    small, large = (int(x) for x in rss_pages.split(","))
    return [
        Row("fetch_only_pages_per_s", "(a) fetch-only", "pages/s", load="fetch_only"),
        Row("crawl_pages_per_s", "(b) full crawl, `JOBCRAWL_WORKERS` default", "pages/s", load="crawl"),
        Row("crawl_workers1_pages_per_s", "(b1) full crawl, `JOBCRAWL_WORKERS=1`", "pages/s",
            load="crawl_workers1"),
        Row("crawl_vs_fetch_only", "(b) / (a), wall time", "", ">= 0.5 on an idle 2-core machine",
            lambda v: v >= 0.5, load="crawl"),
        Row("crawl_workers1_vs_fetch_only_cpu", "(b1) / (a), per CPU-second", "", ">= 0.33", lambda v: v >= 0.33,
            load="crawl_workers1"),
        Row("replay_pages_per_s", "(c) replay, one process", "pages/s", ">= 400 per CPU-second (goal 500)",
            lambda v: v >= 400, judged="replay_pages_per_cpu_s", load="replay"),
        Row(store_key(store_base), f"(d) store cost, {pages_label(store_base)} vs empty", "", "<= 1.25",
            lambda v: v <= 1.25, load="store"),
        Row(small_key, f"(e) peak RSS at {small:,} pages", "MB", "<= 300 per process", lambda v: v <= 300,
            load="rss"),
        Row(large_key, f"(e) peak RSS at {large:,} pages", "MB", f"<= 300 per process, <= +15 % over "
            f"{pages_label(small)}", load="rss"),
    ]


def shown_value(row: Row, results: dict[str, Any]) -> str:
    """The result cell: the figure, with its per-CPU-second twin or the whole process tree's memory."""
    value = results.get(row.key)
    if value is None:
        return "not measured"
    shown = f"{value:.1f} {row.unit}" if row.unit else f"{value}"
    if row.key.endswith("_pages_per_s") and results.get(row.key.replace("_pages_per_s", "_pages_per_cpu_s")):
        shown += f" ({results[row.key.replace('_pages_per_s', '_pages_per_cpu_s')]:.1f} per CPU-second)"
    elif row.key.endswith("_vs_empty") and results.get(row.key + "_cpu") is not None:
        shown += f" ({results[row.key + '_cpu']} in CPU time)"
    elif row.key.endswith("_vs_fetch_only") and results.get(row.key + "_cpu") is not None:
        shown += f" ({results[row.key + '_cpu']} per CPU-second)"
    elif row.key.endswith("_vs_fetch_only_cpu") and results.get(row.key[: -len("_cpu")]) is not None:
        shown += f" ({results[row.key[: -len('_cpu')]]} in wall time)"
    elif row.key.startswith("peak_rss_mb_"):
        shown += " the crawl process"
        child = results.get(rss_child_key(row.key))
        if child:
            shown += f", {child:.1f} MB its largest child"
        tree = results.get(rss_tree_key(row.key))
        if tree is not None:
            shown += f", {tree:.1f} MB summed over its process tree"
    return shown


def results_block(results: dict[str, Any], info: dict[str, Any], args: argparse.Namespace) -> str:
    """The generated part of docs/benchmarks.md: when, at which commit and on what machine (cores, load) it
    was measured, every figure against its target with the machine's load during its runs, the JSON."""
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = results.get("load_average_1m_start_end")
    loads = results.get("load") or {}
    _, large_key, growth_key = rss_keys(args.rss_pages)
    lines = [
        DOCS_START, "",
        f"Measured {when} at commit {info.get('commit') or 'unknown'} on {info['cpu']}, {info['cores']} cores, "
        f"Python {info['python']}, Scrapy "
        f"{info['scrapy']}, SQLAlchemy {info['sqlalchemy']}, SQLite {info['sqlite']}; {args.pages:,} pages, "
        f"medians of {args.runs} runs (peak RSS: {args.rss_runs} run(s) of {int(args.rss_pages.split(',')[-1]):,} "
        f"pages); load average {load[0]} at the start, {load[1]} at the end.", "",
        "| figure | result | target | machine during its runs |", "|---|---|---|---|",
    ]
    for row in targets(args.rss_pages, getattr(args, "store_base", 200_000)):
        value = results.get(row.key)
        shown = shown_value(row, results)
        # --quick reads peak RSS in crawl (b): its load is (b)'s
        load_of = row.load if row.load in loads or row.load != "rss" else "crawl"
        machine_load = describe(loads[load_of]) if load_of in loads else ""
        if row.key.startswith("peak_rss_mb_") and value is not None:
            # "per process": the crawl process and each of its children (pool workers) within the target
            value = max(value, results.get(rss_child_key(row.key)) or 0)
        if row.key == large_key and value is not None and results.get(growth_key) is not None:
            growth = results[growth_key]
            verdict = "met" if value <= 300 and growth <= 0.15 else "missed"
            shown += f" ({growth:+.1%} over {pages_label(int(args.rss_pages.split(',')[0]))})"
            lines.append(f"| {row.label} | {shown} | {row.target}: **{verdict}** | {machine_load} |")
            continue
        judged = results.get(row.judged) if row.judged else value
        verdict = "" if row.test is None or judged is None else (": **met**" if row.test(judged) else ": **missed**")
        lines.append(f"| {row.label} | {shown} | {row.target}{verdict} | {machine_load} |")
    lines += ["", "```json", json.dumps(results, sort_keys=True), "```", "", DOCS_END]
    return "\n".join(lines)


def write_docs(block: str, path: Path = DOCS) -> None:
    """Replace the generated block of ``path`` (or add it under "## Results"); the prose around it stays."""
    write_block(path, block, DOCS_START, DOCS_END)
