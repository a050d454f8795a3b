"""Loopback HTTP server for the benchmark: serves pre-built pages from memory, in its own process.

    python -m bench.server --pages N [--seed S] [--start K]

Builds the N pages (bench.pages, deterministic), binds 127.0.0.1 on a free port and prints ``PORT <port>`` once
ready. ``GET /p/<n>`` answers page n (HTTP/1.1, keep-alive, Content-Length; the whole response is pre-built
bytes), ``GET /stats`` answers JSON with the requests served and this process's CPU time, so the harness can
tell whether the server was ever the bottleneck. A bare asyncio Protocol: no per-request objects beyond one
bytes lookup, no HTTP library.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time

NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n"


def build_responses(pages: list[bytes]) -> list[bytes]:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: keep-alive\r\nContent-Length: "
    return [head + str(len(body)).encode() + b"\r\n\r\n" + body for body in pages]


class Stats:
    served = 0
    first: float | None = None
    last: float | None = None


class PageProtocol(asyncio.Protocol):
    def __init__(self, responses: list[bytes], start: int, stats: Stats) -> None:
        self.responses = responses
        self.start = start
        self.stats = stats
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            request, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            line = request.split(b"\r\n", 1)[0]
            parts = line.split(b" ")
            path = parts[1] if len(parts) > 1 else b"/"
            self.transport.write(self.answer(path))  # type: ignore[union-attr]

    def answer(self, path: bytes) -> bytes:
        if path.startswith(b"/p/"):
            try:
                index = int(path[3:]) - self.start
            except ValueError:
                return NOT_FOUND
            if 0 <= index < len(self.responses):
                stats = self.stats
                now = time.perf_counter()
                if stats.first is None:
                    stats.first = now
                stats.last = now
                stats.served += 1
                return self.responses[index]
            return NOT_FOUND
        if path == b"/stats":
            times = os.times()
            body = json.dumps(
                {
                    "served": self.stats.served,
                    "first": self.stats.first,
                    "last": self.stats.last,
                    "cpu_s": times.user + times.system,
                    "now": time.perf_counter(),
                }
            ).encode()
            return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
                len(body), body)
        if path == b"/reset":
            self.stats.served, self.stats.first, self.stats.last = 0, None, None
            return b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        return NOT_FOUND


async def serve(pages: int, seed: int, start: int) -> None:
    from bench.pages import build_pages

    responses = build_responses(build_pages(pages, seed, start))
    stats = Stats()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: PageProtocol(responses, start, stats), "127.0.0.1", 0, backlog=1024
    )
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve(args.pages, args.seed, args.start))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
