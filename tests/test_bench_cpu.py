"""The bench counts the CPU of the whole process tree doing the work, and the machine's load around it.

Real child processes burn a known amount of CPU (each reports its own ``time.process_time``); the assertions
are about what is counted, never about how fast anything runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from conftest import ROOT

# burns 0.4 s of CPU, says how much it used, then waits until its stdin closes
BURNER = textwrap.dedent("""
    import sys, time
    while time.process_time() < 0.4:
        pass
    print(time.process_time(), flush=True)
    sys.stdin.read()
""")

# measures in a fresh process, so nothing else in the test session's process tree adds CPU between readings
MEASURE = textwrap.dedent("""
    import json, subprocess, sys
    from bench.procfs import tree_cpu_seconds
    burner, nested = sys.argv[1], sys.argv[2] == "nested"
    # nested: a child whose own child burns (a pool's workers under a forkserver are grandchildren)
    cmd = [sys.executable, "-c", burner]
    if nested:
        cmd = [sys.executable, "-c",
               "import subprocess, sys; p = subprocess.Popen([sys.executable, '-c', sys.argv[1]], "
               "stdout=sys.stdout); p.wait()", burner]
    before, _ = tree_cpu_seconds()
    child = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    burnt = float(child.stdout.readline())
    alive, live = tree_cpu_seconds()
    child.stdin.close()
    child.wait()
    reaped, after_live = tree_cpu_seconds()
    print(json.dumps({"burnt": burnt, "alive": alive - before, "live": live, "reaped": reaped - before,
                      "after_live": after_live}))
""")


def measure(nested: bool) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", MEASURE, BURNER, "nested" if nested else "flat"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_tree_cpu_counts_a_live_child_and_the_same_child_once_reaped():
    data = measure(nested=False)
    tick = 0.02  # /proc counts in 10 ms ticks
    assert data["live"] == 1 and data["after_live"] == 0
    # while it runs, the child's CPU is read from /proc; once waited for, from RUSAGE_CHILDREN
    assert data["alive"] >= data["burnt"] - tick
    assert data["reaped"] >= data["burnt"] - tick
    # moving from the live sum to RUSAGE_CHILDREN does not count the child twice (that would add >= 0.4 s)
    assert data["reaped"] - data["alive"] < 0.2


def test_tree_cpu_counts_a_grandchild():
    data = measure(nested=True)
    assert data["live"] == 2 and data["after_live"] == 0
    assert data["alive"] >= data["burnt"] - 0.02
    assert data["reaped"] >= data["burnt"] - 0.02
    assert data["reaped"] - data["alive"] < 0.2


SPIDER = textwrap.dedent("""
    import subprocess, sys
    import scrapy

    class BurnSpider(scrapy.Spider):
        name = "burn"
        custom_settings = {"ITEM_PIPELINES": {}, "EXTENSIONS": {"bench.timing.BenchTiming": 0}}

        def __init__(self, url=None, burner=None, **kwargs):
            super().__init__(**kwargs)
            self.url, self.burner, self.child = url, burner, None

        async def start(self):
            yield scrapy.Request(self.url)

        def parse(self, response):
            # a worker process doing this page's work: it stays alive until the spider closes
            self.child = subprocess.Popen([sys.executable, "-c", self.burner], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, text=True)
            self.burnt = float(self.child.stdout.readline())
            print(f"BURNT {self.burnt}", file=sys.stderr, flush=True)

        def closed(self, reason):
            self.child.stdin.close()
            self.child.wait()
""")


def test_bench_timing_counts_the_crawl_process_tree(tmp_path):
    from bench.common import BIN
    from bench.crawl import Server

    spider = tmp_path / "burn_spider.py"
    spider.write_text(SPIDER, encoding="utf-8")
    timing = tmp_path / "timing.json"
    server = Server(2, 1)
    try:
        proc = subprocess.run(
            [str(BIN / "scrapy"), "runspider", str(spider), "-a", f"url={server.url(0)}", "-a", f"burner={BURNER}",
             "-s", f"BENCH_TIMING_FILE={timing}", "-s", "BENCH_RSS_INTERVAL=0.05", "-s", "BENCH_RSS_AT=1",
             "-s", "ROBOTSTXT_OBEY=False", "-s", "LOG_LEVEL=INFO"],
            cwd=ROOT, capture_output=True, text=True, timeout=180,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    finally:
        server.stop()
    assert proc.returncode == 0, proc.stderr[-3000:]
    burnt = float(proc.stderr.split("BURNT ")[1].split()[0])
    data = json.loads(timing.read_text(encoding="utf-8"))
    assert data["responses"] == 1
    # the child's CPU is in the crawl's figure, not in the crawl process's own
    assert data["cpu_seconds"] >= data["process_cpu_seconds"] + burnt - 0.02
    assert data["descendants_max"] >= 1
    # peak memory: the crawl process's own and the tree's sum, which is at least as large
    assert data["rss_tree_kb_end"] >= data["rss_kb_end"] > 0
    assert data["rss_tree_kb_at"]["1"] >= data["rss_kb_at"]["1"] > 0
    # the child's own peak, read while it lived ("per process" for a pool's workers)
    assert 0 < data["rss_child_kb_end"] < data["rss_tree_kb_end"]


def test_load_summary_takes_others_cpu_from_the_machine_minus_the_tree():
    from bench.load import Mark, Window, describe, summarize
    from bench.procfs import MachineCpu

    def window(t0, busy0, ours0, t1, busy1, ours1, loads):
        # 2 cores: the machine's total CPU grows by 2 s per second
        return Window(Mark(t0, loads[0], MachineCpu(busy0, 2 * t0 - busy0, 0.0), ours0),
                      Mark(t1, loads[-1], MachineCpu(busy1, 2 * t1 - busy1, 0.0), ours1), loads)

    # 10 s on 2 cores = 20 CPU-s: 12 busy of which 8 ours -> others 4/20; then 10 s with 10 busy, 10 ours -> 0
    first = window(0, 0.0, 0.0, 10, 12.0, 8.0, [1.0, 2.0, 3.0])
    second = window(20, 40.0, 8.0, 30, 50.0, 18.0, [0.5, 4.0])
    summary = summarize([first, second])
    assert summary["others_cpu_share"] == 0.1  # (4 + 0) / (20 + 20)
    assert summary["load_median"] == 2.0 and summary["load_max"] == 4.0
    assert summary["seconds"] == 20.0
    assert describe(summary) == "load 2.0 median, 4.0 max; others 10% of the CPU"
    assert summarize([first])["others_cpu_share"] == 0.2


def test_load_monitor_brackets_a_window_with_real_readings():
    from bench.load import LoadMonitor

    with LoadMonitor(interval=0.05) as monitor:
        with monitor.window("spin"):
            while len(monitor.samples) < 3:  # spin until the sampler has run a few times
                sum(range(10_000))
    summary = monitor.summary("spin")
    assert summary["load_median"] is not None and summary["load_max"] >= summary["load_median"]
    assert 0 <= summary["others_cpu_share"] <= 1
    assert set(monitor.summaries()) == {"spin"}
    # one row per interval after the first sample: time, load average, the machine's busy share
    timeline = monitor.timeline()
    assert len(timeline) == len(monitor.samples) - 1 >= 2
    assert all(0 <= busy <= 1 for _, _, busy in timeline if busy is not None)
    assert [at for at, _, _ in timeline] == sorted(at for at, _, _ in timeline)
