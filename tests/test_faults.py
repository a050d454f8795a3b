"""Faults on the wire, crawled for real against tests/faultserver.py: every URL ends as a posting or as a
``crawl_errors`` row saying why, nothing in between.

Two crawls share one server (to keep the suite fast): the first stores the posting at /gone, the second
crawls every faulty route at once, /gone now answering 410.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import run_crawl
from faultserver import FaultServer, Step, gzip_bomb, posting_html

HTML = {"Content-Type": "text/html; charset=utf-8"}
MB = 1024 * 1024


def ok(n: int | str, **kwargs) -> Step:
    return Step(200, posting_html(n, **kwargs).encode("utf-8"), dict(HTML))


def redirect(to: str) -> Step:
    return Step(302, b"", {"Location": to, "Content-Type": "text/html"})


def build_routes(server: FaultServer) -> dict[str, str]:
    """path -> what the crawl must record for it ("posting", or the crawl_errors reason)."""
    r = server.route
    r("/robots.txt", Step(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    r("/retry-500", Step(500, b"oops"), ok("r500"))
    r("/retry-502", Step(502, b"bad gateway"), ok("r502"))
    r("/retry-503", Step(503, b"busy", {"Retry-After": "1", "Content-Type": "text/html"}), ok("r503"))
    r("/slow-429", Step(429, b"slow down", {"Retry-After": "1", "Content-Type": "text/html"}), ok("r429"))
    r("/always-500", Step(500, b"broken"))
    r("/missing", Step(404, b"<html><body>no such job</body></html>"))
    r("/timeout", Step(200, posting_html("slow").encode(), dict(HTML), delay=2.5))
    r("/redirect-1", redirect("/redirect-2"))
    r("/redirect-2", redirect("/redirect-3"))
    r("/redirect-3", redirect("/jobs/redirected"))
    r("/jobs/redirected", ok("redirected"))
    r("/loop-a", redirect("/loop-b"))
    r("/loop-b", redirect("/loop-a"))
    big = b"<html><body>" + b"x" * (30 * MB) + b"</body></html>"
    r("/huge", Step(200, big, dict(HTML)))
    r("/huge-chunked", Step(200, big, dict(HTML), chunked=True))
    r("/bomb", Step(200, gzip_bomb(100 * MB), {"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    r("/file.pdf", Step(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", {"Content-Type": "application/pdf"}))
    r("/logo.png", Step(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, {"Content-Type": "image/png"}))
    r("/cp1252", Step(200, posting_html("cp", "Café Señor – Développeur", charset_meta="windows-1252")
                      .encode("cp1252"), {"Content-Type": "text/html"}))
    r("/sjis", Step(200, posting_html("sj", "ソフトウェアエンジニア 東京", charset_meta="Shift_JIS")
                    .encode("shift_jis"), {"Content-Type": "text/html"}))
    # UTF-8 with a byte-order mark, served with a wrong charset header: the BOM wins (as in browsers).
    r("/bom", Step(200, b"\xef\xbb\xbf" + posting_html("bom", "Ingenieur Zürich — Straße").encode("utf-8"),
                   {"Content-Type": "text/html; charset=iso-8859-1"}))
    full = posting_html("cut", "Truncated Page Engineer").encode()
    r("/truncated-html", Step(200, full[: int(len(full) * 0.8)], dict(HTML)))
    r("/truncated-transfer", Step(200, full[: len(full) // 2], dict(HTML), declared_length=len(full)))
    r("/no-posting", Step(200, b"<html><head><title>About us</title></head><body><h1>About us</h1>"
                          b"<p>We make robots.</p></body></html>", dict(HTML)))
    r("/bot-check", Step(200, b"<html><head><title>Just a moment...</title></head><body>"
                         b"<form id='challenge-form'></form><p>Checking your browser</p></body></html>", dict(HTML)))
    r("/broken-jsonld", Step(200, b"<html><head><title>Data Analyst</title><script type='application/ld+json'>"
                             b"{\"@type\": \"JobPosting\", \"title\": \"Data Analyst\",</script></head><body>"
                             b"<h1>Data Analyst</h1><h3>Responsibilities</h3><ul><li>Analyse data</li></ul>"
                             b"<h3>Requirements</h3><ul><li>SQL experience</li></ul></body></html>", dict(HTML)))
    r("/private/job", ok("private"))
    r("/gone", ok("gone"), Step(410, b"<html><body>this job is closed</body></html>"))
    return {
        "/retry-500": "posting", "/retry-502": "posting", "/retry-503": "posting", "/slow-429": "posting",
        "/always-500": "http-500", "/missing": "gone", "/timeout": "timeout", "/redirect-1": "posting",
        "/loop-a": "redirect-loop", "/huge": "too-large", "/huge-chunked": "too-large", "/bomb": "too-large",
        "/file.pdf": "not-html", "/logo.png": "not-html", "/cp1252": "posting", "/sjis": "posting",
        "/bom": "posting", "/truncated-html": "posting", "/truncated-transfer": "truncated",
        "/no-posting": "no-posting", "/bot-check": "bot-check", "/broken-jsonld": "broken-jsonld",
        "/private/job": "robots-disallowed", "/gone": "gone",
    }


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    db = tmp / "postings.db"
    server = FaultServer().start()
    expected = build_routes(server)
    common = ["-s", f"JOBCRAWL_SPOOL_PATH={tmp / 'spool.jsonl'}", "-s", "JOBCRAWL_PROGRESS_INTERVAL=1"]
    first = run_crawl(f"sqlite:///{db}", "-a", f"urls={server.url('/gone')}", *common)
    assert first.returncode == 0, first.stderr[-3000:]
    # /slow-429 through "localhost": its own download slot, so slowing it down leaves the others alone.
    urls = [server.url(p) if p != "/slow-429" else f"http://localhost:{server.port}{p}" for p in expected]
    second = run_crawl(
        f"sqlite:///{db}", "-a", "urls=" + ",".join(urls), *common,
        "-s", "ROBOTSTXT_OBEY=True", "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1",
        "-s", "JOBCRAWL_429_MIN_DELAY=0.5",
    )
    yield server, db, expected, second
    server.stop()


def query(db: Path, sql: str, *args):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_every_url_is_a_posting_or_an_error_row(faults):
    server, db, expected, crawl = faults
    run_id = query(db, "SELECT max(id) FROM crawl_runs")[0][0]
    rows = query(db, "SELECT url, reason, stage FROM crawl_errors WHERE run_id = ?", run_id)
    errors: dict[str, set[str]] = {}
    for url, reason, _ in rows:
        errors.setdefault(path_of(url), set()).add(reason)
    postings = {path_of(u) for (u,) in query(db, "SELECT url FROM postings WHERE last_run_id = ?", run_id)}
    # Where a request ended after redirects: the row names the URL that failed (or the posting's page).
    landed = {"/redirect-1": "/jobs/redirected", "/loop-a": "/loop-b"}
    outcome = {}
    for path, want in expected.items():
        where = landed.get(path, path)
        if want == "posting":
            outcome[path] = "posting" if where in postings else str(errors.get(where, "nothing"))
        else:
            outcome[path] = want if want in errors.get(where, set()) else str(errors.get(where, "nothing"))
    assert outcome == expected, crawl.stderr[-4000:]
    assert {stage for _, _, stage in rows} <= {"download", "extract", "store"}


def test_retries_and_retry_after(faults):
    server, db, expected, crawl = faults
    for path in ("/retry-500", "/retry-502", "/retry-503", "/slow-429"):
        assert server.hits[path] == 2, path
    # Retry-After: 1 was honoured: the retry came no sooner than a second later (a lower bound only).
    first, second = server.times["/retry-503"]
    assert second - first >= 0.9
    first, second = server.times["/slow-429"]
    assert second - first >= 0.9
    assert "429 Too Many Requests from localhost: slowing down" in crawl.stderr
    assert server.hits["/always-500"] == 2  # RETRY_TIMES=1, then recorded
    status = query(db, "SELECT http_status FROM crawl_errors WHERE url LIKE '%/always-500'")
    assert status == [(500,)]


def test_gone_posting_is_closed(faults):
    server, db, expected, crawl = faults
    rows = query(db, "SELECT closed_at FROM postings WHERE url LIKE '%/gone'")
    assert len(rows) == 1 and rows[0][0] is not None
    assert query(db, "SELECT reason, http_status FROM crawl_errors WHERE url LIKE '%/gone'") == [("gone", 410)]
    assert query(db, "SELECT http_status FROM crawl_errors WHERE url LIKE '%/missing'") == [(404,)]


def test_size_limits_and_decompression_bomb_recorded(faults):
    server, db, expected, crawl = faults
    details = dict(query(db, "SELECT url, detail FROM crawl_errors WHERE reason = 'too-large'"))
    assert {path_of(u) for u in details} == {"/huge", "/huge-chunked", "/bomb"}
    # DOWNLOAD_MAXSIZE (16 MB) applies to the decompressed size of the gzip bomb.
    bomb = next(d for u, d in details.items() if u.endswith("/bomb"))
    assert "download_maxsize" in bomb.lower() and "decompression" in bomb.lower(), bomb


def test_charsets_decode_right(faults):
    server, db, expected, crawl = faults
    titles = {path_of(u): t for u, t in query(db, "SELECT url, title FROM postings")}
    assert titles["/cp1252"] == "Café Señor – Développeur"
    assert titles["/sjis"] == "ソフトウェアエンジニア 東京"
    assert titles["/bom"] == "Ingenieur Zürich — Straße"
    assert titles["/truncated-html"] == "Truncated Page Engineer"


def test_robots_disallow_obeyed(faults):
    server, db, expected, crawl = faults
    assert server.hits.get("/robots.txt", 0) >= 1
    assert "/private/job" not in server.hits


def test_progress_and_summary_logged(faults):
    server, db, expected, crawl = faults
    assert "Progress: " in crawl.stderr and "pages/min" in crawl.stderr
    assert "Summary: finished" in crawl.stderr
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    run = query(db, "SELECT finish_reason, errors FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert run[0] == "finished" and run[1] >= len([v for v in expected.values() if v != "posting"])


# --- start-up errors, secrets, exit status ------------------------------------------------------------------
def test_bad_database_url_is_one_line_and_exit_2():
    crawl = run_crawl("nonsense://x")
    assert crawl.returncode == 2
    assert "Traceback" not in crawl.stderr
    last = crawl.stderr.strip().splitlines()[-1]
    assert last.startswith("jobcrawl: error: JOBCRAWL_DATABASE_URL") and "sqlite:///" in last


def test_database_password_never_logged():
    # Given as a setting (the environment variable empty): Scrapy would log it among overridden settings
    # if it were one of its own; the connection error names the URL. The password must appear nowhere.
    crawl = run_crawl("", "-s", "JOBCRAWL_DATABASE_URL=postgresql+psycopg://jobcrawl:hunter2@127.0.0.1:1/db",
                      "-s", "FEED_URI_PARAMS=postgresql://x:hunter2@h/db")
    assert crawl.returncode == 2, crawl.stderr[-2000:]
    assert "hunter2" not in crawl.stdout + crawl.stderr
    assert "jobcrawl:***@127.0.0.1:1/db" in crawl.stderr


def test_every_page_failing_exits_1(faults, tmp_path):
    server, _, _, _ = faults
    crawl = run_crawl(f"sqlite:///{tmp_path / 'p.db'}", "-a", f"urls={server.url('/missing')}")
    assert crawl.returncode == 1
    assert "jobcrawl: run failed: every request failed" in crawl.stderr


def test_mask_secrets_and_retry_after_parsing():
    from jobcrawl.commands.crawl import mask_secrets
    from jobcrawl.middlewares import parse_retry_after

    assert mask_secrets("{'URL': 'postgresql+psycopg://u:p%40ss@h:5432/db'}") == "{'URL': 'postgresql+psycopg://u:***@h:5432/db'}"
    assert mask_secrets("http://example.com/a:b@c") == "http://example.com/a:b@c"
    assert parse_retry_after(b"7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after(b"soon") is None and parse_retry_after(None) is None
