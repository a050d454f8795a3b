"""The demo board served over HTTP from 127.0.0.1 (as a user tries ``-a start=`` on a local copy): links built
from Indeed job keys (the "People also viewed" cards) keep the page's scheme, host and port."""

from __future__ import annotations

import sqlite3

from conftest import ROOT, run_crawl

from jobcrawl.extract.listing import indeed_job_url

DEMO = ROOT / "fixtures" / "demo"


def test_job_key_links_keep_the_port(http_server, tmp_path):
    for path in DEMO.rglob("*.html"):
        http_server.routes["/" + path.relative_to(DEMO).as_posix()] = (
            200, {"Content-Type": "text/html; charset=utf-8"}, path.read_bytes())
    db = tmp_path / "p.db"
    crawl = run_crawl(f"sqlite:///{db}", "-a", f"start={http_server.url('/index.html')}")
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        reasons = dict(conn.execute("SELECT url, reason FROM crawl_errors").fetchall())
        stored = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
    assert stored == len(list((DEMO / "postings").glob("*.html")))
    viewjob = {url: reason for url, reason in reasons.items() if "/viewjob?jk=" in url}
    # The cards point at pages the local board does not have: asked of the board itself (404), not of
    # https://127.0.0.1/ without the port (connection refused).
    assert viewjob, "the related-job cards were not followed"
    assert all(url.startswith(http_server.url("/viewjob?jk=")) for url in viewjob), viewjob
    assert set(viewjob.values()) == {"gone"}
    assert "connection-refused" not in reasons.values()


def test_indeed_job_url_from_the_page_url():
    jk = "0123456789abcdef"
    assert indeed_job_url("http://127.0.0.1:8080/jobs?q=x", jk) == f"http://127.0.0.1:8080/viewjob?jk={jk}"
    assert indeed_job_url("https://uk.indeed.com/jobs?q=x", jk) == f"https://uk.indeed.com/viewjob?jk={jk}"
    assert indeed_job_url("file:///tmp/saved.html", jk) == f"https://www.indeed.com/viewjob?jk={jk}"
