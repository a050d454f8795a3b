"""Bodies that are not text are recorded as ``not-html`` before any parsing, and bodies over
JOBCRAWL_MAX_PAGE_BYTES as ``too-large``: a crawl against a loopback server serving random bytes as text/html,
and the check itself on small inline bodies."""

from __future__ import annotations

import random
import sqlite3

from conftest import run_crawl
from pagegen import HTML, posting_page

from jobcrawl.extract.body import binary_body_detail

MB = 1024 * 1024


def test_random_bytes_served_as_html_are_not_html(http_server, tmp_path):
    noise = random.Random(15)
    r = http_server.routes
    r["/random.html"] = (200, {"Content-Type": "text/html"}, noise.randbytes(3 * MB))
    # No NUL byte at all: the share of control and undecodable characters gives it away.
    r["/no-nul.html"] = (200, HTML, bytes(b or 1 for b in noise.randbytes(MB)))
    r["/jobs/1"] = (200, HTML, posting_page(1))
    r["/big.html"] = (200, HTML, posting_page(2, extra_html="<p>" + "padding " * 40_000 + "</p>"))
    db = tmp_path / "p.db"
    urls = ",".join(http_server.url(p) for p in ("/random.html", "/no-nul.html", "/jobs/1", "/big.html"))
    crawl = run_crawl(f"sqlite:///{db}", "-a", f"urls={urls}", "-s", "JOBCRAWL_MAX_PAGE_BYTES=200000")
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "Traceback" not in crawl.stderr
    with sqlite3.connect(db) as conn:
        problems = dict(conn.execute("SELECT url, reason FROM crawl_errors").fetchall())
        details = dict(conn.execute("SELECT reason, detail FROM crawl_errors").fetchall())
        stored = [u for (u,) in conn.execute("SELECT url FROM postings")]
    assert problems == {
        http_server.url("/random.html"): "not-html",
        http_server.url("/no-nul.html"): "not-html",
        http_server.url("/big.html"): "too-large",
    }
    assert stored == [http_server.url("/jobs/1")]
    assert "JOBCRAWL_MAX_PAGE_BYTES" in details["too-large"]


def test_text_in_any_encoding_passes():
    page = "<html><head><title>Café – Développeur</title></head><body><p>Straße, naïve, ½</p></body></html>"
    assert binary_body_detail(page.encode("utf-8"), "utf-8") is None
    assert binary_body_detail(page.encode("cp1252"), "cp1252") is None
    assert binary_body_detail("\ufeff".encode("utf-16-le") + page.encode("utf-16-le"), "utf-16") is None
    # A multi-byte character cut by the sample's end, a stray control character: still text.
    assert binary_body_detail(b"<p>" + b"x" * (64 * 1024 - 4) + "é".encode() * 2, "utf-8") is None
    assert binary_body_detail(b"<html><body>Job\x1a title</body></html>", "utf-8") is None
    assert binary_body_detail(b"", "utf-8") is None


def test_binary_is_detected():
    assert "NUL" in binary_body_detail(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "utf-8")
    latin_garbage = bytes(range(128, 256)) * 40
    assert "undecodable" in binary_body_detail(latin_garbage, "utf-8")
    assert binary_body_detail(bytes(range(1, 32)) * 100, "ascii") is not None


def test_encoding_asked_for_only_when_the_bytes_do_not_decide():
    asked = []

    def encoding() -> str:
        asked.append(True)
        return "utf-8"

    assert binary_body_detail(b"GIF89a\x00\x01", encoding) is not None and not asked
    assert binary_body_detail(b"<html><body>fine</body></html>", encoding) is None and asked
