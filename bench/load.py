"""The machine's load while a figure is measured: load average and the CPU other processes used.

A daemon thread samples /proc/loadavg and /proc/stat every second; ``LoadMonitor.window(figure)`` brackets one
run of a figure and also reads /proc/stat and this process tree's CPU (``bench.procfs.tree_cpu_seconds``: the
harness, the page server, the crawl and its workers, a compared tree's bench) exactly at its two ends. Per
figure, over all its runs:

- ``load_median``, ``load_max``: the 1-minute load average sampled during the runs (a lagging average that
  counts the bench's own runnable processes too);
- ``others_cpu_share``: the share of the machine's CPU (every core) that processes outside this tree used:
  (busy CPU of the machine - CPU of this tree) / (wall time x cores). 0.5 on 2 cores: one core taken by others;
- ``steal_share``: the share the hypervisor gave to other virtual machines (0 on bare metal).

``LoadMonitor.timeline()`` gives the per-second samples (load average, the machine's busy share) for the record.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bench.procfs import MachineCpu, load_average, machine_cpu, tree_cpu_seconds


@dataclass(frozen=True)
class Mark:
    at: float
    load: float | None
    machine: MachineCpu | None
    tree_cpu: float


def mark() -> Mark:
    return Mark(time.perf_counter(), load_average(), machine_cpu(), tree_cpu_seconds()[0])


@dataclass(frozen=True)
class Window:
    start: Mark
    end: Mark
    loads: list[float]

    def others_cpu(self) -> tuple[float, float, float] | None:
        """(CPU seconds of other processes, steal seconds, machine CPU seconds available) in this window."""
        if self.start.machine is None or self.end.machine is None:
            return None
        busy = self.end.machine.busy - self.start.machine.busy
        ours = self.end.tree_cpu - self.start.tree_cpu
        total = self.end.machine.total - self.start.machine.total
        # /proc/stat counts in ticks and our tree's reading in microseconds: clamp the rounding below zero
        return max(0.0, busy - ours), self.end.machine.steal - self.start.machine.steal, total


def summarize(windows: list[Window]) -> dict[str, Any]:
    """Load median and max, others' and steal share of the machine's CPU over a figure's runs."""
    loads = [x for w in windows for x in w.loads if x is not None]
    others = [o for o in (w.others_cpu() for w in windows) if o is not None]
    total = sum(o[2] for o in others)
    return {
        "load_median": round(statistics.median(loads), 2) if loads else None,
        "load_max": round(max(loads), 2) if loads else None,
        "others_cpu_share": round(sum(o[0] for o in others) / total, 3) if total > 0 else None,
        "steal_share": round(sum(o[1] for o in others) / total, 3) if total > 0 else None,
        "seconds": round(sum(w.end.at - w.start.at for w in windows), 1),
    }


def describe(summary: dict[str, Any]) -> str:
    """One short phrase: "load 1.2 median, 2.1 max; others 35% of the CPU"."""
    if summary.get("load_median") is None:
        return "load not measured"
    text = f"load {summary['load_median']} median, {summary['load_max']} max"
    if summary.get("others_cpu_share") is not None:
        text += f"; others {summary['others_cpu_share']:.0%} of the CPU"
    if (summary.get("steal_share") or 0) >= 0.01:
        text += f", steal {summary['steal_share']:.0%}"
    return text


class LoadMonitor:
    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        # (perf_counter, 1-minute load average, the machine's CPU counters) every ``interval`` seconds
        self.samples: list[tuple[float, float | None, MachineCpu | None]] = []
        self.windows: dict[str, list[Window]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-load", daemon=True)

    def _run(self) -> None:
        while True:
            self.samples.append((time.perf_counter(), load_average(), machine_cpu()))
            if self._stop.wait(self.interval):
                return

    def start(self) -> LoadMonitor:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def __enter__(self) -> LoadMonitor:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @contextmanager
    def window(self, figure: str) -> Iterator[None]:
        start = mark()
        try:
            yield
        finally:
            end = mark()
            inside = [load for at, load, _ in list(self.samples) if start.at <= at <= end.at]
            self.windows.setdefault(figure, []).append(Window(start, end, [start.load, *inside, end.load]))

    def summary(self, figure: str) -> dict[str, Any]:
        return summarize(self.windows.get(figure, []))

    def summaries(self) -> dict[str, dict[str, Any]]:
        return {figure: summarize(windows) for figure, windows in self.windows.items()}

    def timeline(self) -> list[tuple[float, float | None, float | None]]:
        """(seconds since the first sample, load average, share of the machine's CPU busy since the sample
        before) per sample: how the load moved over the run, for results.json."""
        rows = []
        samples = list(self.samples)
        for (at0, _, cpu0), (at, load, cpu) in zip(samples, samples[1:]):
            total = cpu.total - cpu0.total if cpu and cpu0 else 0
            busy = round((cpu.busy - cpu0.busy) / total, 3) if cpu and cpu0 and total > 0 else None
            rows.append((round(at - samples[0][0], 1), load, busy))
        return rows
