"""The benchmark behind ``make bench``: crawl rate, replay rate, store cost and memory of the postings pipeline.

    python -m bench [--pages 3000] [--runs 3] [--quick] [--only fetch,crawl,workers1,replay,store,rss] [--profile]

One run measures, each figure the median of ``--runs`` runs:

(a) fetch-only: ``scrapy runspider bench/fetch_spider.py`` (same crawl settings, empty callback) over N pages
    served from memory by ``bench.server`` in its own process;
(b) crawl: ``scrapy crawl postings`` with every pipeline into a fresh SQLite file, same N pages and settings,
    ``JOBCRAWL_WORKERS`` at its default; (b1, part ``workers1``) the same with ``JOBCRAWL_WORKERS=1``;
(c) replay: the same page bytes without the network, in this process on one core: HtmlResponse ->
    extract_page -> NormalizePipeline -> IdentityPipeline -> StorePipeline (fresh SQLite), timed per stage;
(d) store cost of 1,000 postings into an empty database and into one holding 200,000 (built once from synthetic
    rows in bulk and cached under bench/out/);
(e) peak RSS of the crawl process after 5,000 and 20,000 pages (one 20,000-page crawl per run, VmHWM read
    inside the crawl process when the 5,000th and the last response arrive), and the peak of the RSS summed over
    its process tree (sampled).

Every rate comes with its rate per CPU-second; a crawl's CPU is its whole process tree's (``bench.timing``).
Every figure's runs are bracketed by ``bench.load``, which reports the machine's load and the CPU other
processes used meanwhile. ``python -m bench.compare`` runs this in two trees alternately.

The last line printed is one JSON object with every figure; bench/out/results.json holds the same.
``--quick`` (CI smoke): 40 pages, 1 run, a 500-row store base, RSS read in crawl (b) after 10 and 40 pages.
Figures that depend on a page count are named after the count measured (``peak_rss_mb_5k``, ``peak_rss_mb_20k``
in a full run; ``peak_rss_mb_10``, ``peak_rss_mb_40`` with ``--quick``), so a smoke figure never passes for a
20,000-page one.
The 20,000-page RSS crawl runs once by default (``--rss-runs``); ``--set NAME=VALUE`` adds a Scrapy setting to
both crawls, ``--out DIR`` moves databases, logs and caches out of bench/out.

This module runs the parts; they live in ``bench.crawl`` (a, b, e), ``bench.replay`` (c), ``bench.store`` (d),
``bench.report`` (machine, docs block), ``bench.load`` (the machine's load), ``bench.procfs`` (/proc readings)
and ``bench.common`` (shared settings, the ``--out`` directory).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bench.pages import build_pages, duplicate_counts

from bench import common
from bench.common import CRAWL_SETTINGS, log, median, pair_ratios
from bench.crawl import Server, crawl, server_capacity, server_cpu
from bench.load import LoadMonitor, describe, summarize
from bench.replay import replay
from bench.report import (DOCS, machine, pages_label, results_block, rss_child_key, rss_keys, rss_tree_key, store_key,
                          write_docs)
from bench.store import base_db, migrated_empty, prepared_items, store_cost


PARTS = ("fetch", "crawl", "workers1", "replay", "store", "rss")


# --- main -------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000, help="pages per crawl and replay (default 3000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is reported")
    parser.add_argument("--quick", action="store_true", help="CI smoke: tiny sizes, one run each")
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated parts to run")
    parser.add_argument("--store-base", type=int, default=200_000, help="postings in the store-cost base DB")
    parser.add_argument("--store-items", type=int, default=1000)
    parser.add_argument("--rss-pages", default="5000,20000", help="two page counts for peak RSS")
    parser.add_argument("--rss-runs", type=int, default=1,
                        help="runs of the 20,000-page RSS crawl (default 1: it is the longest part, and peak RSS "
                             "varies by a few MB between runs)")
    parser.add_argument("--store-runs", type=int, default=0,
                        help="store runs, each into the empty and the 200k database (default: --runs, at least 5; "
                             "its per-run ratios scatter the most)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra Scrapy setting for every crawl (e.g. CONCURRENT_ITEMS=4)")
    parser.add_argument("--profile", action="store_true", help="cProfile one replay run (to stderr)")
    parser.add_argument("--out", default=str(common.OUT), help="working directory for databases, logs, caches")
    parser.add_argument("--docs", choices=("auto", "yes", "no"), default="auto",
                        help="write the results into docs/benchmarks.md (auto: only a full run, every part, "
                             "not --quick)")
    args = parser.parse_args(argv)
    common.OUT = Path(args.out).resolve()
    if args.quick:
        # the RSS figures come from the crawl (b) itself (after 10 and 40 pages): one crawl process fewer
        args.pages, args.runs, args.store_base, args.store_items, args.rss_pages = 40, 1, 500, 100, "10,40"
    parts = set(args.only.split(","))
    for pair in args.set:
        name, _, value = pair.partition("=")
        CRAWL_SETTINGS[name] = value
    rss_small, rss_large = (int(x) for x in args.rss_pages.split(","))
    rss_small_key, rss_large_key, rss_growth_key = rss_keys(args.rss_pages)
    rss_runs = args.rss_runs
    store_runs = args.store_runs or (args.runs if args.quick else max(args.runs, 5))
    common.OUT.mkdir(parents=True, exist_ok=True)
    info = machine()
    log(f"bench: {info['cpu']}, {info['cores']} cores, Python {info['python']}, Scrapy {info['scrapy']}, "
        f"SQLAlchemy {info['sqlalchemy']}, SQLite {info['sqlite']}")
    log(f"pages: {args.pages}, runs: {args.runs}, duplicates planned: {duplicate_counts(args.pages, args.seed)}")
    results: dict[str, Any] = {}
    details: dict[str, Any] = {"machine": info, "pages": args.pages, "runs": args.runs}
    started = time.perf_counter()
    load_at_start = round(os.getloadavg()[0], 2)
    if load_at_start > 0.5:
        log(f"note: load average {load_at_start} before the bench started: other work shares the CPUs, so "
            "compare the *_per_cpu_s figures")

    server = None
    need_server = parts & {"fetch", "crawl", "workers1", "rss"}
    monitor = LoadMonitor().start()
    try:
        if need_server:
            t0 = time.perf_counter()
            server = Server(max(args.pages, rss_large if "rss" in parts and not args.quick else 0), args.seed)
            log(f"server on port {server.port} ({server.pages} pages built in {time.perf_counter() - t0:.1f}s)")
            cap = server_capacity(server, min(server.pages, args.pages))
            results["server_capacity_pages_per_s"] = round(cap, 1)
            log(f"server capacity (one Python client, 16 connections): {cap:.0f} pages/s")

        # Fetch-only and crawl runs alternate (fetch 1, crawl 1, crawl 1 worker 1, fetch 2, ...) and each ratio
        # is the median of the runs' own ratios: this VM's speed drifts by up to 1.7x over minutes, and runs a
        # minute apart share that drift, where all fetch runs followed by all crawl runs did not.
        runs_of: dict[str, list[dict[str, Any]]] = {"fetch_only": [], "crawl": [], "crawl_workers1": []}
        kinds = [("fetch_only", "fetch", "(a) fetch-only", {}),
                 ("crawl", "crawl", "(b) crawl", {}),
                 ("crawl_workers1", "workers1", "(b1) crawl, 1 worker", {"JOBCRAWL_WORKERS": "1"})]
        for r in range(args.runs):
            for figure, part, label, extra in kinds:
                if part not in parts:
                    continue
                fetch_only = figure == "fetch_only"
                before = server.get("/stats")
                with monitor.window(figure):
                    data = crawl(server, args.pages, fetch_only=fetch_only, tag=f"{figure}-{r}", extra=extra,
                                 rss_at=f"{rss_small},{rss_large}" if args.quick and figure == "crawl" else "")
                after = server.get("/stats")
                data["server_cpu_share"] = server_cpu(server, before, after, data["seconds"])
                data["load"] = summarize(monitor.windows[figure][-1:])
                runs_of[figure].append(data)
                line = (f"{label} run {r + 1}: {data['pages_per_s']:.1f} pages/s "
                        f"({data['pages_per_cpu_s']:.1f}/CPU-s), CPU {data['cpu_seconds'] / data['seconds']:.0%} "
                        f"of a core in {1 + data['descendants_max']} process(es)")
                if fetch_only:
                    line += f", server CPU {data['server_cpu_share']:.0%}"
                else:
                    line += f", {data['stored']} stored, linked {data['linked']}, {data['crawl_errors']} errors"
                log(f"{line}; {describe(data['load'])}")
        for figure, runs in runs_of.items():
            if not runs:
                continue
            results[f"{figure}_pages_per_s"] = median([d["pages_per_s"] for d in runs])
            results[f"{figure}_pages_per_cpu_s"] = median([d["pages_per_cpu_s"] for d in runs])
            details[figure] = runs
            if figure == "fetch_only":
                results["fetch_only_server_cpu_share"] = median([d["server_cpu_share"] for d in runs])
            else:
                results[f"{figure}_processes_max"] = max(1 + d["descendants_max"] for d in runs)
                results[f"{figure}_peak_rss_tree_mb"] = median([d["rss_tree_kb_end"] / 1024 for d in runs])
                results[f"{figure}_peak_rss_child_mb"] = median([d["rss_child_kb_end"] / 1024 for d in runs])
            if runs_of["fetch_only"] and figure != "fetch_only":
                pairs = list(zip(runs_of["fetch_only"], runs))
                wall = pair_ratios([(f["pages_per_s"], c["pages_per_s"]) for f, c in pairs])
                cpu = pair_ratios([(f["pages_per_cpu_s"], c["pages_per_cpu_s"]) for f, c in pairs])
                results[f"{figure}_vs_fetch_only"] = round(median(wall), 3)
                results[f"{figure}_vs_fetch_only_cpu"] = round(median(cpu), 3)
                details[f"{figure}_vs_fetch_only_pairs"] = [round(x, 3) for x in wall]
                details[f"{figure}_vs_fetch_only_cpu_pairs"] = [round(x, 3) for x in cpu]
        crawl_runs = runs_of["crawl"]
        if crawl_runs and args.quick and "rss" in parts:
            parts.discard("rss")
            first = crawl_runs[0]
            small, small_tree = first["rss_kb_at"].get(str(rss_small)), first["rss_tree_kb_at"].get(str(rss_small))
            results[rss_small_key] = round(small / 1024, 1) if small else None
            results[rss_large_key] = round(first["rss_kb_end"] / 1024, 1)
            results[rss_tree_key(rss_small_key)] = round(small_tree / 1024, 1) if small_tree else None
            results[rss_tree_key(rss_large_key)] = round(first["rss_tree_kb_end"] / 1024, 1)
            results[rss_child_key(rss_small_key)] = round(first["rss_child_kb_at"].get(str(rss_small), 0) / 1024, 1)
            results[rss_child_key(rss_large_key)] = round(first["rss_child_kb_end"] / 1024, 1)
            details["rss"] = {"pages": [rss_small, rss_large], "from": "crawl (b)"}

        if "replay" in parts:
            t0 = time.perf_counter()
            bodies = build_pages(args.pages, args.seed)
            log(f"replay: {len(bodies)} pages built in {time.perf_counter() - t0:.1f}s, "
                f"{sum(map(len, bodies)) / len(bodies) / 1024:.1f} KB average")
            runs = []
            for r in range(args.runs):
                with monitor.window("replay"):
                    data = replay(bodies, str(r))
                runs.append(data)
                stages = ", ".join(f"{k} {v:.2f} ({data['cpu_ms_per_page'][k]:.2f})"
                                   for k, v in data["ms_per_page"].items())
                log(f"(c) replay run {r + 1}: {data['pages_per_s']:.1f} pages/s "
                    f"({data['pages_per_cpu_s']:.1f}/CPU-s); ms/page (CPU ms): {stages}; "
                    f"{data['stored']} new, {data['duplicates_linked']} linked; "
                    f"{describe(summarize(monitor.windows['replay'][-1:]))}")
            results["replay_pages_per_s"] = median([d["pages_per_s"] for d in runs])
            results["replay_pages_per_cpu_s"] = median([d["pages_per_cpu_s"] for d in runs])
            for stage in runs[0]["ms_per_page"]:
                results[f"replay_ms_per_page_{stage}"] = median([d["ms_per_page"][stage] for d in runs])
                results[f"replay_cpu_ms_per_page_{stage}"] = median([d["cpu_ms_per_page"][stage] for d in runs])
            details["replay"] = runs
            if args.profile:
                replay(bodies, "profile", profile=True)

        if "store" in parts:
            items = prepared_items(args.store_items, args.seed, 10_000_000)
            base = base_db(args.store_base, args.seed)
            empty = migrated_empty()
            empty_runs, base_runs = [], []  # (wall seconds, CPU seconds) of each run
            for r in range(store_runs):
                target = common.OUT / "store-empty.db"
                for suffix in ("-wal", "-shm"):
                    Path(f"{target}{suffix}").unlink(missing_ok=True)
                shutil.copyfile(empty, target)
                with monitor.window("store"):
                    empty_runs.append(store_cost(items, f"sqlite:///{target}", cleanup=False))
                    base_runs.append(store_cost(items, f"sqlite:///{base}", cleanup=True))
                log(f"(d) store run {r + 1}: {len(items)} postings: empty DB {empty_runs[-1][0]:.3f}s "
                    f"({empty_runs[-1][1]:.3f} CPU-s), {args.store_base:,}-posting DB {base_runs[-1][0]:.3f}s "
                    f"({base_runs[-1][1]:.3f} CPU-s); {describe(summarize(monitor.windows['store'][-1:]))}")
            scale = 1000 / len(items)
            results["store_s_per_1000_empty"] = median([s * scale for s, _ in empty_runs])
            results["store_s_per_1000_base"] = median([s * scale for s, _ in base_runs])
            results["store_cpu_s_per_1000_empty"] = median([c * scale for _, c in empty_runs])
            results["store_cpu_s_per_1000_base"] = median([c * scale for _, c in base_runs])
            # Each run writes into the empty and then the 200k database, and the figure is the median of each
            # run's ratio, as for the crawl pairs: the same code scattered 1.09-1.83 s (empty) and 1.83-3.94 s
            # (200k) over 13 runs in one session, drift a pair mostly shares.
            wall_ratios = pair_ratios([(e[0], b[0]) for e, b in zip(empty_runs, base_runs)])
            cpu_ratios = pair_ratios([(e[1], b[1]) for e, b in zip(empty_runs, base_runs)])
            results[store_key(args.store_base)] = round(median(wall_ratios), 3)
            results[store_key(args.store_base) + "_cpu"] = round(median(cpu_ratios), 3)
            results["store_base_rows"] = args.store_base
            details["store"] = {"base_rows": args.store_base, "items": len(items), "empty": empty_runs,
                                "base": base_runs, "ratios": [round(x, 3) for x in wall_ratios],
                                "cpu_ratios": [round(x, 3) for x in cpu_ratios]}

        if "rss" in parts:
            runs = []
            for r in range(rss_runs):
                with monitor.window("rss"):
                    data = crawl(server, rss_large, fetch_only=False, tag=f"rss-{r}",
                                 rss_at=f"{rss_small},{rss_large}")
                small = data["rss_kb_at"].get(str(rss_small))
                small_tree = data["rss_tree_kb_at"].get(str(rss_small))
                runs.append({"small_mb": small / 1024 if small else None, "large_mb": data["rss_kb_end"] / 1024,
                             "small_tree_mb": small_tree / 1024 if small_tree else None,
                             "large_tree_mb": data["rss_tree_kb_end"] / 1024,
                             "small_child_mb": data["rss_child_kb_at"].get(str(rss_small), 0) / 1024,
                             "large_child_mb": data["rss_child_kb_end"] / 1024,
                             "processes": 1 + data["descendants_max"],
                             "pages_per_s": data["pages_per_s"], "pages_per_cpu_s": data["pages_per_cpu_s"],
                             "stored": data["stored"]})
                log(f"(e) rss run {r + 1}: crawl process {runs[-1]['small_mb']:.1f} MB at {rss_small} pages, "
                    f"{runs[-1]['large_mb']:.1f} MB at {rss_large}; all {runs[-1]['processes']} process(es) "
                    f"{runs[-1]['small_tree_mb'] or 0:.1f} MB, {runs[-1]['large_tree_mb']:.1f} MB (largest child "
                    f"{runs[-1]['small_child_mb']:.1f} MB, {runs[-1]['large_child_mb']:.1f} MB); "
                    f"{data['pages_per_s']:.1f} pages/s ({data['pages_per_cpu_s']:.1f}/CPU-s); "
                    f"{describe(summarize(monitor.windows['rss'][-1:]))}")
            results[rss_small_key] = median([d["small_mb"] for d in runs])
            results[rss_large_key] = median([d["large_mb"] for d in runs])
            results[rss_tree_key(rss_small_key)] = median([d["small_tree_mb"] for d in runs])
            results[rss_tree_key(rss_large_key)] = median([d["large_tree_mb"] for d in runs])
            results[rss_child_key(rss_small_key)] = median([d["small_child_mb"] for d in runs])
            results[rss_child_key(rss_large_key)] = median([d["large_child_mb"] for d in runs])
            results[rss_growth_key] = round(results[rss_large_key] / results[rss_small_key] - 1, 3)
            results[f"crawl_pages_per_s_{pages_label(rss_large)}"] = median([d["pages_per_s"] for d in runs])
            results[f"crawl_pages_per_cpu_s_{pages_label(rss_large)}"] = median([d["pages_per_cpu_s"] for d in runs])
            details["rss"] = {"pages": [rss_small, rss_large], "runs": runs}
    finally:
        monitor.stop()
        if server is not None:
            server.stop()
    results["load"] = monitor.summaries()
    details["load_timeline"] = monitor.timeline()
    for figure, summary in results["load"].items():
        log(f"machine during {figure}: {describe(summary)}")

    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    results["load_average_1m_start_end"] = [load_at_start, round(os.getloadavg()[0], 2)]
    for key in ("fetch_only_pages_per_s", "crawl_pages_per_s", "crawl_vs_fetch_only", "replay_pages_per_s",
                store_key(args.store_base), rss_small_key, rss_large_key):
        results.setdefault(key, None)
    details["results"] = results
    (common.OUT / "results.json").write_text(json.dumps(details, indent=2, default=str), encoding="utf-8")
    full_run = not args.quick and parts >= set(PARTS)
    if args.docs == "yes" or (args.docs == "auto" and full_run):
        write_docs(results_block(results, info, args))
        log(f"results written to {DOCS}")
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
