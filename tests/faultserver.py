"""A fault-injecting HTTP server on 127.0.0.1 for crawl tests: a real ThreadingHTTPServer in a thread.

Each route is a list of steps; request *n* to a path gets step *n* (the last step repeats), so "503 then 200"
is ``[Step(503, ...), Step(200, ...)]``. A step can delay before answering, stream its body without a
Content-Length, cut the body short, or be a function of the handler. ``hits``/``times`` record what the
crawler asked for, so a test can prove a path was never requested (robots.txt) or fetched twice (restarts).
"""

from __future__ import annotations

import gzip
import html
import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class LoopbackHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a deep listen backlog. With the default of 5, a crawl opening connections faster
    than a busy test process's accept thread took them overflowed it: the kernel dropped the SYNs, the client
    retries a SYN only after 1 s, so with DOWNLOAD_TIMEOUT=1 small pages were recorded as timeouts ("User
    timeout caused connection failure"; seen in full suite runs, reproduced every time with a backlog of 0)."""

    request_queue_size = 128
    daemon_threads = True


@dataclass
class Step:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0  # seconds to wait before answering
    chunked: bool = False  # stream without Content-Length (the size is unknown until the end)
    declared_length: int | None = None  # Content-Length to announce (more than sent = truncated body)


class FaultServer:
    def __init__(self) -> None:
        self.routes: dict[str, list[Step] | Callable[[BaseHTTPRequestHandler], Step]] = {}
        self.hits: dict[str, int] = {}
        self.times: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        self.delay_all = 0.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                with server.lock:
                    n = server.hits.get(self.path, 0)
                    server.hits[self.path] = n + 1
                    server.times.setdefault(self.path, []).append(time.monotonic())
                route = server.routes.get(self.path)
                if route is None:
                    step = Step(404, b"<html><body>not found</body></html>")
                elif callable(route):
                    step = route(self)
                else:
                    step = route[min(n, len(route) - 1)]
                delay = step.delay or server.delay_all
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(step.status)
                    for key, value in step.headers.items():
                        self.send_header(key, value)
                    if step.chunked:
                        self.send_header("Transfer-Encoding", "chunked")
                        self.send_header("Connection", "close")
                        self.end_headers()
                        for start in range(0, len(step.body), 1 << 20):
                            chunk = step.body[start : start + (1 << 20)]
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.write(b"0\r\n\r\n")
                        self.close_connection = True
                        return
                    length = step.declared_length if step.declared_length is not None else len(step.body)
                    self.send_header("Content-Length", str(length))
                    if length != len(step.body):
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    self.end_headers()
                    self.wfile.write(step.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the crawler gave up on us (size limit, timeout)

            def log_message(self, *args) -> None:
                pass

        self.httpd = LoopbackHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, *steps: Step) -> str:
        self.routes[path] = list(steps)
        return self.url(path)

    def start(self) -> FaultServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer().start()
    try:
        yield server
    finally:
        server.stop()


# --- pages -----------------------------------------------------------------------------------------------
def posting_html(n: int | str, title: str | None = None, *, charset_meta: str | None = None,
                 company: str = "Acme Robotics") -> str:
    """A career page with schema.org JobPosting JSON-LD and a distinct description."""
    title = title or f"Engineer {n}"
    words = " ".join(f"topic{n}x{i}" for i in range(40))
    description = (
        f"<p>We are looking for {html.escape(title)} number {n} to build systems. {words}</p>"
        "<h3>Responsibilities</h3><ul><li>Build and run services</li><li>Review code</li></ul>"
        "<h3>Requirements</h3><ul><li>Three years of experience</li><li>Python</li></ul>"
    )
    data = {
        "@context": "https://schema.org", "@type": "JobPosting", "title": title, "description": description,
        "datePosted": "2026-01-05", "identifier": {"@type": "PropertyValue", "value": f"job-{n}"},
        "hiringOrganization": {"@type": "Organization", "name": company},
        "jobLocation": {"@type": "Place", "address": {"addressLocality": "Berlin", "addressCountry": "DE"}},
        "employmentType": "FULL_TIME",
    }
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{html.escape(title)}</title>"
        f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script></head>'
        f"<body><h1>{html.escape(title)}</h1><div class='description'>{description}</div></body></html>"
    )


def listing_html(links: list[str], next_page: str | None = None) -> str:
    items = "".join(f'<li class="job"><a href="{href}">Job {i}</a></li>' for i, href in enumerate(links))
    nxt = f'<a rel="next" href="{next_page}">Next</a>' if next_page else ""
    return f"<!DOCTYPE html><html><head><title>Jobs</title></head><body><ul class='jobs'>{items}</ul>{nxt}</body></html>"


def gzip_bomb(decompressed: int) -> bytes:
    """Zeros that gzip shrinks about a thousandfold."""
    stream = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with gzip.GzipFile(fileobj=stream, mode="wb", compresslevel=6) as gz:
        for _ in range(decompressed // len(chunk)):
            gz.write(chunk)
    return stream.getvalue()


def job_board(server: FaultServer, postings: int, per_page: int = 10) -> str:
    """Listing pages /list?page=N (``per_page`` links each, paginated) over posting pages /jobs/N; returns
    the first listing page's URL."""
    html_type = {"Content-Type": "text/html; charset=utf-8"}
    pages = (postings + per_page - 1) // per_page
    for page in range(1, pages + 1):
        links = [f"/jobs/{n}" for n in range((page - 1) * per_page + 1, min(page * per_page, postings) + 1)]
        nxt = f"/list?page={page + 1}" if page < pages else None
        server.route(f"/list?page={page}", Step(200, listing_html(links, nxt).encode(), dict(html_type)))
    for n in range(1, postings + 1):
        server.route(f"/jobs/{n}", Step(200, posting_html(n).encode(), dict(html_type)))
    return server.url("/list?page=1")
