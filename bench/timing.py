"""Scrapy extension used by the benchmark crawls: timing, page counts, CPU time and peak memory of the crawl.

Enabled with ``-s 'EXTENSIONS={"bench.timing.BenchTiming": 0}' -s BENCH_TIMING_FILE=PATH``. Records the time of
the first response and of spider close (after the pipelines' close_spider, so the final store flush counts) and,
between the same two marks, the CPU time of the whole process tree doing the work: the crawl process, every
live descendant (e.g. the extraction pool of ``JOBCRAWL_WORKERS``), and the children it reaped in between
(``bench.procfs.tree_cpu_seconds``). Memory, when each of BENCH_RSS_AT responses had been received and at the
end: the crawl process's own peak RSS (VmHWM, exact), the largest peak of any one descendant, and the peak of
the sum of RSS over the tree (sampled every ``BENCH_RSS_INTERVAL`` seconds, 0.5 by default, and at each mark).
"""

from __future__ import annotations

import json
import threading
import time

from scrapy import signals

from bench.procfs import peak_rss_kb, process_cpu_seconds, tree_cpu_seconds, tree_rss_kb


def vm_hwm_kb() -> int:
    peak = peak_rss_kb()
    if peak is not None:
        return peak
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class TreeMemory:
    """Peak of the summed RSS of this process and its descendants, sampled by a daemon thread (one /proc scan,
    about 1 ms, per sample), the largest peak RSS (VmHWM, exact while it lives) of any descendant, and the most
    descendants seen at once."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.peak_kb = 0
        self.child_peak_kb = 0
        self.most_descendants = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-tree-rss", daemon=True)

    def sample(self) -> int:
        _, total, children = tree_rss_kb()
        child_peak = max((peak_rss_kb(pid) or 0 for pid in children), default=0)
        with self._lock:
            # the peak of the sum is at least this process's own peak (VmHWM, exact), which sampling can miss
            self.peak_kb = max(self.peak_kb, total, vm_hwm_kb())
            self.child_peak_kb = max(self.child_peak_kb, child_peak)
            self.most_descendants = max(self.most_descendants, len(children))
            return self.peak_kb

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def start(self) -> None:
        self.sample()
        self._thread.start()

    def stop(self) -> int:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        return self.sample()


class BenchTiming:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("BENCH_TIMING_FILE")
        self.rss_at = sorted(int(x) for x in str(crawler.settings.get("BENCH_RSS_AT") or "").split(",") if x)
        self.memory = TreeMemory(crawler.settings.getfloat("BENCH_RSS_INTERVAL", 0.5))
        self.responses = 0
        self.items = 0
        self.first: float | None = None
        self.cpu_first: float | None = None
        self.process_cpu_first: float | None = None
        self.rss: dict[str, int] = {}
        self.rss_tree: dict[str, int] = {}
        self.rss_child: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        self.memory.start()

    def response_received(self, response, request, spider) -> None:
        if self.first is None:
            self.first = time.perf_counter()
            self.cpu_first, _ = tree_cpu_seconds()
            self.process_cpu_first = process_cpu_seconds()
        self.responses += 1
        if self.responses in self.rss_at:
            self.rss[str(self.responses)] = vm_hwm_kb()
            self.rss_tree[str(self.responses)] = self.memory.sample()
            self.rss_child[str(self.responses)] = self.memory.child_peak_kb

    def item_scraped(self, item, response, spider) -> None:
        self.items += 1

    def spider_closed(self, spider, reason) -> None:
        end = time.perf_counter()
        cpu_end, live = tree_cpu_seconds()
        process_end = process_cpu_seconds()
        data = {
            "responses": self.responses,
            "items": self.items,
            "seconds": end - self.first if self.first is not None else None,
            # the whole tree's CPU (crawl process, pool workers, reaped children) between the two marks
            "cpu_seconds": cpu_end - (self.cpu_first or 0.0),
            # the crawl process alone
            "process_cpu_seconds": process_end - (self.process_cpu_first or 0.0),
            "rss_kb_at": self.rss,
            "rss_kb_end": vm_hwm_kb(),
            "rss_tree_kb_at": self.rss_tree,
            "rss_tree_kb_end": self.memory.stop(),
            # the largest peak RSS of any one descendant (a pool worker): "per process" for the workers
            "rss_child_kb_at": self.rss_child,
            "rss_child_kb_end": self.memory.child_peak_kb,
            "descendants_max": self.memory.most_descendants,
            "descendants_at_close": live,
            "workers_setting": self.crawler.settings.get("JOBCRAWL_WORKERS"),
            "finish_reason": reason,
        }
        if self.path:
            with open(self.path, "w", encoding="utf-8") as handle:
                json.dump(data, handle)
