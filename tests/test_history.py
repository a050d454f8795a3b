"""History and duplicates across runs, through real crawls: a repost is linked (not duplicated), a changed
posting keeps one row with two versions, and stored HTML is sanitized."""

from __future__ import annotations

import json
import sqlite3

from conftest import run_crawl
from pagegen import HTML, description, posting_page


def rows(db, sql, *args):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def test_repost_across_two_runs_is_linked_not_duplicated(http_server, tmp_path):
    db = tmp_path / "h.db"
    original = description(1, sentences=10)
    http_server.routes["/job/original"] = (200, HTML, posting_page(1, text=original))
    first = run_crawl(f"sqlite:///{db}", "-a", f"urls={http_server.url('/job/original')}")
    assert first.returncode == 0, first.stderr[-2000:]

    # The same job reposted a week later under another URL and id, one sentence changed.
    sentences = original.split(". ")
    sentences[4] = sentences[4].replace("Sentence 4 of posting 1 covers", "The reposted fourth sentence covers")
    http_server.routes["/job/repost"] = (200, HTML, posting_page(2, title="Engineer 1", text=". ".join(sentences)))
    second = run_crawl(f"sqlite:///{db}", "-a", f"urls={http_server.url('/job/repost')}")
    assert second.returncode == 0, second.stderr[-2000:]

    postings = rows(db, "SELECT id, url, duplicate_of, duplicate_kind FROM postings ORDER BY id")
    assert len(postings) == 2
    (first_id, _, first_dup, _), (_, repost_url, repost_dup, kind) = postings
    assert first_dup is None
    assert repost_url.endswith("/job/repost") and repost_dup == first_id and kind == "near"
    assert rows(db, "SELECT items_new, items_duplicate FROM crawl_runs ORDER BY id") == [(1, 0), (1, 1)]


def test_changed_posting_keeps_one_row_and_two_versions(http_server, tmp_path):
    db = tmp_path / "v.db"
    url = http_server.url("/job/7")
    http_server.routes["/job/7"] = (200, HTML, posting_page(7, text=description(7)))
    assert run_crawl(f"sqlite:///{db}", "-a", f"urls={url}").returncode == 0
    http_server.routes["/job/7"] = (200, HTML, posting_page(7, text=description(7) + " Now also hiring in Denver."))
    assert run_crawl(f"sqlite:///{db}", "-a", f"urls={url}").returncode == 0
    assert run_crawl(f"sqlite:///{db}", "-a", f"urls={url}").returncode == 0  # unchanged third visit

    assert rows(db, "SELECT count(*) FROM postings") == [(1,)]
    versions = rows(db, "SELECT changed_fields, snapshot FROM posting_versions ORDER BY id")
    assert [json.loads(c) for c, _ in versions] == [[], ["description_text"]]
    assert "Denver" in json.loads(versions[1][1])["description_text"]
    first_seen, last_seen = rows(db, "SELECT first_seen_at, last_seen_at FROM postings")[0]
    assert last_seen > first_seen
    assert rows(db, "SELECT items_new, items_updated, items_unchanged FROM crawl_runs ORDER BY id") == [
        (1, 0, 0), (0, 1, 0), (0, 0, 1)]


XSS = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a>'
    '<iframe src="https://evil.example/"></iframe><svg onload=alert(4)></svg>'
    '<a href="jav&#x09;ascript:alert(5)">tab</a><div style="background:url(javascript:alert(6))">styled</div>'
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==">data</a>'
    '<body onload=alert(8)><style>@import "https://evil.example/x.css";</style>'
)


def test_stored_description_html_has_no_script_vectors(http_server, tmp_path):
    db = tmp_path / "x.db"
    http_server.routes["/job/x"] = (200, HTML, posting_page(9, extra_html=XSS))
    result = run_crawl(f"sqlite:///{db}", "-a", f"urls={http_server.url('/job/x')}")
    assert result.returncode == 0, result.stderr[-2000:]
    (stored,) = rows(db, "SELECT description_html FROM postings")[0]
    assert "Requirements" in stored  # the description itself survived
    lowered = stored.lower()
    for vector in ("<script", "onerror", "javascript:", "onload", "<iframe", "data:text", "<svg", "<style",
                   "style="):
        assert vector not in lowered, vector
    # Every remaining link points at an http(s) address (an obfuscated scheme became a harmless relative URL).
    from parsel import Selector

    for url in Selector(text=stored).xpath("//@href | //@src").getall():
        assert url.startswith(("http://", "https://")), url
