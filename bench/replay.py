"""Part (c): the page bytes through extract, normalize, dedupe and store in this process, timed per stage."""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from typing import Any

from bench.pages import FETCHED_AT, HEADERS
from bench import common
from bench.common import STORE_BATCH, fresh_sqlite, log


def replay(bodies: list[bytes], tag: str, profile: bool = False) -> dict[str, Any]:
    """Extract, normalize, dedupe and store the pages in this process: pages/s on one core, per stage."""
    from scrapy.http import HtmlResponse

    from jobcrawl.extract import extract_page
    from jobcrawl.items import JobPosting
    from pipelines.identity import IdentityPipeline
    from pipelines.normalize import NormalizePipeline
    from pipelines.store import StorePipeline

    normalize, dedupe = NormalizePipeline(), IdentityPipeline()
    store = StorePipeline(fresh_sqlite(f"replay-{tag}.db"), batch_size=STORE_BATCH,
                          spool_path=str(common.OUT / f"replay-spool-{tag}.jsonl"))
    store.open_spider(None)
    stages = {"response": 0.0, "extract": 0.0, "normalize": 0.0, "dedupe": 0.0, "store": 0.0}
    # the same per stage in CPU time of this thread: robust to other load, as the wall-clock times are not
    # (the store's checkpoint thread is not in it; it is in the process's CPU time, pages_per_cpu_s)
    cpu_stages = dict.fromkeys(stages, 0.0)
    clock, cpu_clock = time.perf_counter, time.thread_time
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    start = clock()
    cpu_start = time.process_time()
    for n, body in enumerate(bodies):
        t0, c0 = clock(), cpu_clock()
        response = HtmlResponse(url=f"http://127.0.0.1:8/p/{n}", body=body, headers=HEADERS)
        t1, c1 = clock(), cpu_clock()
        extraction = extract_page(response, FETCHED_AT)
        t2, c2 = clock(), cpu_clock()
        stages["response"] += t1 - t0
        stages["extract"] += t2 - t1
        cpu_stages["response"] += c1 - c0
        cpu_stages["extract"] += c2 - c1
        for item in [*extraction.postings, *extraction.problems]:
            t0, c0 = clock(), cpu_clock()
            if isinstance(item, JobPosting):
                normalize.process_item(item)
                t1, c1 = clock(), cpu_clock()
                dedupe.process_item(item)
                t2, c2 = clock(), cpu_clock()
                stages["normalize"] += t1 - t0
                stages["dedupe"] += t2 - t1
                cpu_stages["normalize"] += c1 - c0
                cpu_stages["dedupe"] += c2 - c1
                t0, c0 = t2, c2
            store.process_item(item)
            stages["store"] += clock() - t0
            cpu_stages["store"] += cpu_clock() - c0
    t0, c0 = clock(), cpu_clock()
    store.close_spider(None)
    stages["store"] += clock() - t0
    cpu_stages["store"] += cpu_clock() - c0
    total = clock() - start
    cpu = time.process_time() - cpu_start
    if profiler:
        profiler.disable()
        path = common.OUT / "replay.prof"
        profiler.dump_stats(path)
        stats = pstats.Stats(profiler, stream=sys.stderr).strip_dirs().sort_stats("tottime")
        stats.print_stats(30)
        stats.sort_stats("cumulative").print_stats(40)
        log(f"profile written to {path}")
    result = {
        "pages_per_s": len(bodies) / total,
        "pages_per_cpu_s": len(bodies) / cpu,
        "ms_per_page": {k: 1000 * v / len(bodies) for k, v in stages.items()},
        "cpu_ms_per_page": {k: 1000 * v / len(bodies) for k, v in cpu_stages.items()},
        "stored": store.totals.new,
        "duplicates_linked": store.totals.duplicate,
    }
    return result
