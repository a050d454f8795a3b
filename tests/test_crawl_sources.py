"""Crawls of every input kind against a real HTTP server on 127.0.0.1: listing pages with pagination,
sitemaps (index + urlset, pattern filter), saved ATS API responses, and the ATS arguments."""

from __future__ import annotations

import json
import sqlite3

from conftest import ROOT, run_crawl
from jobcrawl.extract.ats.detect import api_request
from jobcrawl.spiders.postings import PostingsSpider
from pagegen import HTML, listing_page, posting_page


def rows(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_listing_pages_with_pagination(http_server, tmp_path):
    r = http_server.routes
    r["/jobs"] = (200, HTML, listing_page(["/job/1", "/job/2?utm_source=x", "/job/3"], next_href="/jobs?page=2"))
    r["/jobs?page=2"] = (200, HTML, listing_page(["/job/4", "/job/2"], next_href=None))
    for i in range(1, 5):
        r[f"/job/{i}"] = (200, HTML, posting_page(i))
    db = tmp_path / "l.db"
    result = run_crawl(f"sqlite:///{db}", "-a", f"start={http_server.url('/jobs')}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(t for (t,) in rows(db, "SELECT title FROM postings")) == [f"Engineer {i}" for i in range(1, 5)]
    # the tracking-parameter link and the repeated link were fetched once
    assert r.hits["/job/2"] == 1 and "/job/2?utm_source=x" not in r.hits


def test_sitemap_index_followed_and_pattern_applied(http_server, tmp_path):
    r = http_server.routes
    xml = {"Content-Type": "application/xml"}
    r["/sitemap.xml"] = (200, xml, (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{http_server.url('/sitemap-jobs.xml')}</loc></sitemap></sitemapindex>").encode())
    r["/sitemap-jobs.xml"] = (200, xml, (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{http_server.url(p)}</loc></url>" for p in ("/jobs/10", "/jobs/11", "/about"))
        + "</urlset>").encode())
    r["/jobs/10"] = (200, HTML, posting_page(10))
    r["/jobs/11"] = (200, HTML, posting_page(11))
    r["/about"] = (200, HTML, b"<html><body>About us</body></html>")
    db = tmp_path / "s.db"
    result = run_crawl(f"sqlite:///{db}", "-a", f"sitemap={http_server.url('/sitemap.xml')}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert rows(db, "SELECT count(*) FROM postings") == [(2,)]
    assert "/about" not in r.hits


def test_saved_ats_api_response_recognized_by_content(http_server, tmp_path):
    body = (ROOT / "fixtures" / "pages" / "greenhouse-api" / "page.json").read_bytes()
    http_server.routes["/saved/board.json"] = (200, {"Content-Type": "application/json"}, body)
    db = tmp_path / "a.db"
    result = run_crawl(f"sqlite:///{db}", "-a", f"urls={http_server.url('/saved/board.json')}")
    assert result.returncode == 0, result.stderr[-2000:]
    expected = len(json.loads(body)["jobs"])
    assert rows(db, "SELECT count(*), min(extractor), max(extractor), min(source) FROM postings") == [
        (expected, "greenhouse", "greenhouse", "greenhouse")]
    assert rows(db, "SELECT count(*) FROM sections")[0][0] >= expected


def test_ats_arguments_build_public_api_requests():
    spider = PostingsSpider(greenhouse="acme,beta", lever="gamma", ashby="delta")
    assert [api_request(board).url for board in spider.boards] == [
        "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true",
        "https://boards-api.greenhouse.io/v1/boards/beta/jobs?content=true",
        "https://api.lever.co/v0/postings/gamma?mode=json",
        "https://api.ashbyhq.com/posting-api/job-board/delta?includeCompensation=true",
    ]
    assert spider.start_urls_list == []


def test_no_arguments_means_demo_board():
    spider = PostingsSpider()
    assert spider.start_urls_list == [(ROOT / "fixtures" / "demo" / "index.html").as_uri()]


def test_not_a_posting_is_recorded_never_stored(http_server, tmp_path):
    r = http_server.routes
    r["/login"] = (200, HTML, (ROOT / "fixtures" / "pages" / "login-wall" / "page.html").read_bytes())
    r["/empty"] = (200, HTML, (ROOT / "fixtures" / "pages" / "empty-listing" / "page.html").read_bytes())
    r["/pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 not a posting")
    db = tmp_path / "n.db"
    urls = ",".join(http_server.url(p) for p in ("/login", "/empty", "/pdf"))
    result = run_crawl(f"sqlite:///{db}", "-a", f"urls={urls}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert rows(db, "SELECT count(*) FROM postings") == [(0,)]
    reasons = dict(rows(db, "SELECT url, reason FROM crawl_errors"))
    assert reasons == {http_server.url("/login"): "login-wall", http_server.url("/empty"): "empty-listing",
                       http_server.url("/pdf"): "not-html"}
