"""CPU time and memory of a process tree, and the machine's CPU counters, read from /proc (Linux).

Used inside the crawl process (``bench.timing``) and by the harness (``bench.load``); stdlib only, so the crawl
process pays nothing to import it. Without /proc (not Linux) the descendants are simply not seen: the figures
then cover the measuring process alone.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class ProcStat:
    ppid: int
    cpu_ticks: int  # utime + stime + cutime + cstime: its own CPU and that of the children it has reaped
    rss_pages: int


def read_stat(pid: int) -> ProcStat | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    # the command name (field 2) is in parentheses and may hold spaces: fields are counted after the last ")"
    fields = data.rsplit(b")", 1)[1].split()
    return ProcStat(ppid=int(fields[1]), cpu_ticks=sum(int(x) for x in fields[11:15]), rss_pages=int(fields[21]))


def all_processes() -> dict[int, ProcStat]:
    found: dict[int, ProcStat] = {}
    try:
        entries = os.scandir("/proc")
    except OSError:
        return found
    with entries:
        for entry in entries:
            if entry.name.isdigit():
                stat = read_stat(int(entry.name))
                if stat is not None:
                    found[int(entry.name)] = stat
    return found


def descendants(pid: int, processes: dict[int, ProcStat] | None = None) -> dict[int, ProcStat]:
    """Every live process below ``pid`` (children, their children, ...), zombies included."""
    processes = all_processes() if processes is None else processes
    children: dict[int, list[int]] = {}
    for child, stat in processes.items():
        children.setdefault(stat.ppid, []).append(child)
    found: dict[int, ProcStat] = {}
    todo = list(children.get(pid, ()))
    while todo:
        child = todo.pop()
        if child not in found:
            found[child] = processes[child]
            todo.extend(children.get(child, ()))
    return found


def process_cpu_seconds() -> float:
    """CPU seconds (user + system, every thread) of this process alone."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def own_cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of every child it has waited for (RUSAGE_CHILDREN holds
    a reaped child's whole subtree: what its own reaped children used is added to it when it is reaped)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + reaped.ru_utime + reaped.ru_stime


def tree_cpu_seconds() -> tuple[float, int]:
    """CPU seconds used so far by this process's tree: itself, the children it reaped, and every live
    descendant (with what each of them reaped), and the number of live descendants.

    The difference of two readings is the tree's CPU between them: a child that exits and is reaped in between
    moves its whole total from the live sum into RUSAGE_CHILDREN, so it is neither lost nor counted twice (an
    exited child not yet waited for is a zombie whose ticks are still read). Not counted: a descendant from the
    moment its parent exits without waiting for it (it is re-parented to init)."""
    live = descendants(os.getpid())
    return own_cpu_seconds() + sum(s.cpu_ticks for s in live.values()) / TICK, len(live)


def tree_rss_kb() -> tuple[int, int, list[int]]:
    """(RSS of this process, sum of the RSS of this process and its live descendants, in KB; the descendants'
    pids). Pages shared by forked children (copy-on-write) are counted once per process, so the sum is an
    upper bound of the memory the tree holds."""
    processes = all_processes()
    mine = processes.get(os.getpid())
    own = mine.rss_pages * PAGE // 1024 if mine else 0
    below = descendants(os.getpid(), processes)
    return own, own + sum(s.rss_pages for s in below.values()) * PAGE // 1024, list(below)


def peak_rss_kb(pid: int | str = "self") -> int | None:
    """The peak RSS (VmHWM) of a process in KB, exact; None once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


@dataclass(frozen=True)
class MachineCpu:
    """The first line of /proc/stat in seconds (summed over every core)."""

    busy: float  # user + nice + system + irq + softirq (guest time is already inside user and nice)
    idle: float  # idle + iowait
    steal: float  # taken by the hypervisor for other virtual machines

    @property
    def total(self) -> float:
        return self.busy + self.idle + self.steal


def machine_cpu() -> MachineCpu | None:
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            line = handle.readline()
    except OSError:
        return None
    values = [int(x) for x in line.split()[1:]] + [0] * 10
    user, nice, system, idle, iowait, irq, softirq, steal = values[:8]
    return MachineCpu(busy=(user + nice + system + irq + softirq) / TICK, idle=(idle + iowait) / TICK,
                      steal=steal / TICK)


def load_average() -> float | None:
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return float(handle.read().split()[0])
    except OSError:
        try:
            return os.getloadavg()[0]
        except OSError:
            return None
