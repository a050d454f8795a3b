"""Parts (a), (b) and (e): the page server in its own process and the crawls against it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.pages import ROOT
from bench import common
from bench.common import BIN, CRAWL_SETTINGS, log


# --- the server -------------------------------------------------------------------------------------------
class Server:
    def __init__(self, pages: int, seed: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.server", "--pages", str(pages), "--seed", str(seed)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line.startswith("PORT "):
            self.proc.kill()
            raise RuntimeError(f"bench server did not start: {line!r}")
        self.port = int(line.split()[1])
        self.pages = pages

    def url(self, n: int) -> str:
        return f"http://127.0.0.1:{self.port}/p/{n}"

    def get(self, path: str) -> dict[str, Any]:
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else {}

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def server_capacity(server: Server, pages: int, seconds: float = 2.0, connections: int = 16) -> float:
    """Pages/s one Python client process pulls from the server over keep-alive connections: a lower bound of
    what the server can serve (the client is the slower side)."""
    import asyncio

    async def worker(stop_at: float, counter: list[int], offset: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        n = offset
        while time.perf_counter() < stop_at:
            writer.write(f"GET /p/{n % pages} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
            counter[0] += 1
            n += connections
        writer.close()

    async def run() -> float:
        counter = [0]
        start = time.perf_counter()
        await asyncio.gather(*(worker(start + seconds, counter, i) for i in range(connections)))
        return counter[0] / (time.perf_counter() - start)

    rate = asyncio.run(run())
    server.get("/reset")
    return rate


# --- crawls -----------------------------------------------------------------------------------------------
def write_urls(server: Server, count: int) -> Path:
    path = common.OUT / f"urls-{count}.txt"
    path.write_text("".join(server.url(n) + "\n" for n in range(count)), encoding="utf-8")
    return path


def project_extensions() -> dict[str, Any]:
    """The project's EXTENSIONS, so adding the timing extension keeps them."""
    from scrapy.utils.project import get_project_settings

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return dict(get_project_settings().getdict("EXTENSIONS"))
    finally:
        os.chdir(cwd)


def crawl(server: Server, count: int, *, fetch_only: bool, tag: str, rss_at: str = "",
          extra: dict[str, str] | None = None) -> dict[str, Any]:
    """One crawl of ``count`` pages; ``extra`` adds Scrapy settings (e.g. ``JOBCRAWL_WORKERS=1``)."""
    urls = write_urls(server, count)
    timing = common.OUT / f"timing-{tag}.json"
    timing.unlink(missing_ok=True)
    db = common.OUT / f"crawl-{tag}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    settings = dict(CRAWL_SETTINGS)
    settings.update(
        EXTENSIONS=json.dumps({**project_extensions(), "bench.timing.BenchTiming": 0}),
        BENCH_TIMING_FILE=str(timing),
        BENCH_RSS_AT=rss_at,
        JOBCRAWL_SPOOL_PATH=str(common.OUT / f"spool-{tag}.jsonl"),
        LOG_FILE=str(common.OUT / f"crawl-{tag}.log"),
    )
    settings.update(extra or {})
    if fetch_only:
        cmd = [str(BIN / "scrapy"), "runspider", "bench/fetch_spider.py", "-a", f"urls_file={urls}"]
    else:
        cmd = [str(BIN / "scrapy"), "crawl", "postings", "-a", f"urls_file={urls}"]
    for name, value in settings.items():
        cmd += ["-s", f"{name}={value}"]
    env = dict(os.environ, JOBCRAWL_DATABASE_URL=f"sqlite:///{db}", PYTHONPATH=str(ROOT))
    server.get("/reset")
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    served = server.get("/stats")
    if proc.returncode != 0 or not timing.exists():
        raise RuntimeError(f"crawl {tag} failed ({proc.returncode}): {proc.stderr[-3000:]}")
    data = json.loads(timing.read_text(encoding="utf-8"))
    data["wall_seconds"] = wall
    data["served"] = served["served"]
    served_span = (served["last"] or 0) - (served["first"] or 0)
    data["server_cpu_share"] = None
    data["pages_per_s"] = data["responses"] / data["seconds"] if data["seconds"] else None
    # pages per second of CPU time of the crawl's whole process tree (the crawl process, its extraction
    # workers): the work a page costs, robust to other load on the machine, which wall-clock rates are not
    data["pages_per_cpu_s"] = data["responses"] / data["cpu_seconds"] if data["cpu_seconds"] else None
    data["served_span_s"] = served_span
    if data["responses"] != count:
        log(f"  warning: {tag}: {data['responses']} responses for {count} URLs")
    if not fetch_only:
        import sqlite3

        with sqlite3.connect(db) as conn:
            data["stored"] = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
            data["linked"] = dict(conn.execute(
                "SELECT duplicate_kind, count(*) FROM postings WHERE duplicate_kind IS NOT NULL GROUP BY 1"))
            data["crawl_errors"] = conn.execute("SELECT count(*) FROM crawl_errors").fetchone()[0]
    return data


def server_cpu(server: Server, before: dict[str, Any], after: dict[str, Any], seconds: float) -> float:
    return (after["cpu_s"] - before["cpu_s"]) / seconds if seconds else 0.0
