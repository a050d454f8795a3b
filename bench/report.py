"""The machine a run was measured on and the generated results block of docs/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import time
from pathlib import Path
from typing import Any

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


def targets(rss_pages: str, store_base: int = 200_000) -> list[tuple[str, str, str, str, Any]]:
    """(key, label, unit, target text, test) of each figure in the docs table."""
    small_key, large_key, _ = rss_keys(rss_pages)
    small, large = (int(x) for x in rss_pages.split(","))
    return [
        ("fetch_only_pages_per_s", "(a) fetch-only", "pages/s", "", None),
        ("crawl_pages_per_s", "(b) full crawl", "pages/s", "", None),
        ("crawl_vs_fetch_only", "crawl / fetch-only", "", ">= 0.33 now, 0.5 goal", lambda v: v >= 0.33),
        ("replay_pages_per_s", "(c) replay, one core", "pages/s", ">= 500", lambda v: v >= 500),
        (store_key(store_base), f"(d) store cost, {pages_label(store_base)} vs empty", "", "<= 1.25",
         lambda v: v <= 1.25),
        (small_key, f"(e) peak RSS at {small:,} pages", "MB", "<= 300", lambda v: v <= 300),
        (large_key, f"(e) peak RSS at {large:,} pages", "MB", f"<= 300, <= +15 % over {pages_label(small)}", None),
    ]


def results_block(results: dict[str, Any], info: dict[str, Any], args: argparse.Namespace) -> str:
    """The generated part of docs/benchmarks.md: when, at which commit and on what machine (cores, load) it
    was measured, every figure against its target, the JSON."""
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = results.get("load_average_1m_start_end")
    _, large_key, growth_key = rss_keys(args.rss_pages)
    lines = [
        DOCS_START, "",
        f"Measured {when} at commit {info.get('commit') or 'unknown'} on {info['cpu']}, {info['cores']} cores, "
        f"Python {info['python']}, Scrapy "
        f"{info['scrapy']}, SQLAlchemy {info['sqlalchemy']}, SQLite {info['sqlite']}; {args.pages:,} pages, "
        f"medians of {args.runs} runs (peak RSS: {args.rss_runs} run(s) of {int(args.rss_pages.split(',')[-1]):,} "
        f"pages); load average {load[0]} at the start, {load[1]} at the end.", "",
        "| figure | result | target |", "|---|---|---|",
    ]
    for key, label, unit, target, test in targets(args.rss_pages, getattr(args, "store_base", 200_000)):
        value = results.get(key)
        if key == large_key and value is not None and results.get(growth_key) is not None:
            growth = results[growth_key]
            verdict = "met" if value <= 300 and growth <= 0.15 else "missed"
            shown = f"{value:.1f} MB ({growth:+.1%} over {pages_label(int(args.rss_pages.split(',')[0]))})"
            lines.append(f"| {label} | {shown} | {target}: **{verdict}** |")
            continue
        shown = "not measured" if value is None else (f"{value:.1f} {unit}" if unit else f"{value}")
        cpu = results.get(key.replace("_pages_per_s", "_pages_per_cpu_s")) if key.endswith("_pages_per_s") else None
        if cpu is not None:
            shown += f" ({cpu:.1f} per CPU-second)"
        verdict = "" if test is None or value is None else (": **met**" if test(value) else ": **missed**")
        lines.append(f"| {label} | {shown} | {target}{verdict} |")
    lines += ["", "```json", json.dumps(results, sort_keys=True), "```", "", DOCS_END]
    return "\n".join(lines)


def write_docs(block: str, path: Path = DOCS) -> None:
    """Replace the generated block of ``path`` (or add it under "## Results"); the prose around it stays."""
    write_block(path, block, DOCS_START, DOCS_END)
