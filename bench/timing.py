"""Scrapy extension used by the benchmark crawls: timing, page counts and peak memory of the crawl process.

Enabled with ``-s 'EXTENSIONS={"bench.timing.BenchTiming": 0}' -s BENCH_TIMING_FILE=PATH``. Records the time of
the first response and of spider close (after the pipelines' close_spider, so the final store flush counts),
the peak RSS (VmHWM) when each of BENCH_RSS_AT responses had been received and at the end, and CPU time.
"""

from __future__ import annotations

import json
import os
import time

from scrapy import signals


def vm_hwm_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class BenchTiming:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("BENCH_TIMING_FILE")
        self.rss_at = sorted(int(x) for x in str(crawler.settings.get("BENCH_RSS_AT") or "").split(",") if x)
        self.responses = 0
        self.items = 0
        self.first: float | None = None
        self.cpu_first: float | None = None
        self.rss: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_received(self, response, request, spider) -> None:
        if self.first is None:
            self.first = time.perf_counter()
            times = os.times()
            self.cpu_first = times.user + times.system
        self.responses += 1
        if self.responses in self.rss_at:
            self.rss[str(self.responses)] = vm_hwm_kb()

    def item_scraped(self, item, response, spider) -> None:
        self.items += 1

    def spider_closed(self, spider, reason) -> None:
        end = time.perf_counter()
        times = os.times()
        data = {
            "responses": self.responses,
            "items": self.items,
            "seconds": end - self.first if self.first is not None else None,
            "cpu_seconds": (times.user + times.system) - (self.cpu_first or 0.0),
            "rss_kb_at": self.rss,
            "rss_kb_end": vm_hwm_kb(),
            "finish_reason": reason,
        }
        if self.path:
            with open(self.path, "w", encoding="utf-8") as handle:
                json.dump(data, handle)
