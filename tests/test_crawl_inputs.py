"""What the crawl makes of its input arguments, run as a user runs it (``scrapy crawl`` in a subprocess, a real
SQLite file, pages on 127.0.0.1): the demo board only without any input argument, an input that yields no URL
or names nothing crawlable stops at start (exit 2, one line naming the argument, nothing stored), a host name
without a scheme is an https URL, an existing file path a file:// URL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_crawl
from pagegen import HTML, posting_page

from jobcrawl.spiders.postings import InputError, PostingsSpider, as_url

DEMO_POSTING = min((ROOT / "fixtures" / "demo" / "postings").glob("*.html"))


def rows(db: Path, sql: str):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def assert_refused_at_start(crawl, db: Path, *words: str) -> None:
    """Exit 2, one line on stderr naming the argument, no traceback, no database written."""
    assert crawl.returncode == 2, crawl.stderr[-3000:]
    assert "Traceback" not in crawl.stderr
    errors = [line for line in crawl.stderr.splitlines() if line.startswith("jobcrawl: error:")]
    assert len(errors) == 1, crawl.stderr[-3000:]
    for word in words:
        assert word in errors[0], errors[0]
    assert not db.exists(), "nothing may be stored (not even an empty database created)"


# --- 1. the demo board only without any input argument ---------------------------------------------------
def test_empty_urls_argument_is_an_error_not_the_demo(tmp_path):
    db = tmp_path / "p.db"
    crawl = run_crawl(f"sqlite:///{db}", "-a", "urls=")
    assert_refused_at_start(crawl, db, "-a urls=", "no URL")


def test_urls_file_of_comments_only_is_an_error_not_the_demo(tmp_path):
    sources = tmp_path / "sources.txt"
    sources.write_text("# nothing here yet\n\n   # https://example.com/jobs commented out\n")
    db = tmp_path / "p.db"
    crawl = run_crawl(f"sqlite:///{db}", "-a", f"urls_file={sources}")
    assert_refused_at_start(crawl, db, f"urls_file={sources}", "no URL", "comments")


def test_missing_urls_file_is_one_line(tmp_path):
    db = tmp_path / "p.db"
    crawl = run_crawl(f"sqlite:///{db}", "-a", f"urls_file={tmp_path / 'nope.txt'}")
    assert_refused_at_start(crawl, db, "urls_file=", "No such file")


def test_demo_board_only_without_input_and_said_so(tmp_path):
    # Arguments that select no input (sitemap_pattern alone) leave the demo board on; the log says it is used.
    db = tmp_path / "p.db"
    crawl = run_crawl(f"sqlite:///{db}", "-a", "sitemap_pattern=/jobs/")
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "crawling the bundled demo board" in crawl.stderr
    assert rows(db, "SELECT count(*) FROM postings")[0][0] > 0
    with pytest.raises(InputError, match="-a lever=, gives no URL"):
        PostingsSpider(lever=" , ")


# --- 2. values without a scheme, paths that do not exist, URLs without a host ---------------------------
def test_host_name_without_scheme_is_an_https_url(tmp_path):
    db = tmp_path / "p.db"
    crawl = run_crawl(f"sqlite:///{db}", "-a", "urls=www.indeed.com/viewjob?jk=abc123", "-s", "RETRY_TIMES=0",
                      "-s", "DOWNLOAD_TIMEOUT=5", "-s", "DNS_TIMEOUT=5")
    # Only 127.0.0.1 is reachable here: the request fails on the network (dns, timeout, connection-refused),
    # not on a local file ("FileNotFoundError" for file:///<cwd>/www.indeed.com/viewjob?jk=abc123).
    errors = rows(db, "SELECT url, reason FROM crawl_errors")
    assert len(errors) == 1, crawl.stderr[-3000:]
    url, reason = errors[0]
    assert url == "https://www.indeed.com/viewjob?jk=abc123"
    assert reason in ("dns", "timeout", "connection-refused", "bot-check", "http-403"), reason
    assert "file://" not in crawl.stderr


def test_nonexistent_path_is_an_error_at_start(tmp_path):
    db = tmp_path / "p.db"
    crawl = run_crawl(f"sqlite:///{db}", "-a", "urls=saved/pages/job-42.html")
    assert_refused_at_start(crawl, db, "-a urls", "saved/pages/job-42.html")


def test_url_without_host_is_an_error_at_start(tmp_path):
    db = tmp_path / "p.db"
    crawl = run_crawl(f"sqlite:///{db}", "-a", "start=http://")
    assert_refused_at_start(crawl, db, "-a start", "http://", "no host")


def test_existing_file_path_still_crawled(tmp_path):
    # A relative path to a saved page is a file:// URL (run from another directory than the project's).
    page = tmp_path / "saved.html"
    page.write_bytes(DEMO_POSTING.read_bytes())
    db = tmp_path / "p.db"
    crawl = run_crawl(f"sqlite:///{db}", "-a", "urls=saved.html", cwd=tmp_path,
                      env={"PYTHONPATH": str(ROOT), "SCRAPY_SETTINGS_MODULE": "jobcrawl.settings"})
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert rows(db, "SELECT url FROM postings") == [(page.resolve().as_uri(),)]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("www.indeed.com/viewjob?jk=abc123", "https://www.indeed.com/viewjob?jk=abc123"),
        ("careers.example.co.uk/jobs/42", "https://careers.example.co.uk/jobs/42"),
        ("jobs.example.com", "https://jobs.example.com"),
        ("localhost:8080/jobs/1", "https://localhost:8080/jobs/1"),
        ("http://127.0.0.1:8000/jobs/1", "http://127.0.0.1:8000/jobs/1"),
    ],
)
def test_as_url_accepts(value, expected):
    assert as_url(value) == expected


@pytest.mark.parametrize(
    "value", ["http://", "https:///jobs", "missing-dir/page.html", "sources.md", "urls.txt", "file:///no/such/file"]
)
def test_as_url_refuses(value):
    with pytest.raises(InputError, match="-a urls"):
        as_url(value)


def test_as_url_keeps_existing_paths(tmp_path, monkeypatch):
    (tmp_path / "sources.md").write_text("x")
    (tmp_path / "saved page.html").write_text("x")
    monkeypatch.chdir(tmp_path)
    assert as_url("sources.md") == (tmp_path / "sources.md").as_uri()
    # A file:// URL is checked for the file it names (percent-encoded as URLs are).
    saved = (tmp_path / "saved page.html").as_uri()
    assert "%20" in saved and as_url(saved) == saved


def test_loopback_host_port_page_crawled(http_server, tmp_path):
    # http:// stays http://: the page is fetched from the loopback server and stored.
    http_server.routes["/jobs/1"] = (200, HTML, posting_page(1))
    db = tmp_path / "p.db"
    crawl = run_crawl(f"sqlite:///{db}", "-a", f"urls={http_server.url('/jobs/1')}")
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert rows(db, "SELECT count(*) FROM postings") == [(1,)]


def test_enqueue_refuses_what_the_crawl_refuses():
    # `scrapy enqueue` reads URLs the same way; a bad one is a usage error before Redis is contacted.
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    done = subprocess.run([scrapy, "enqueue", "--redis-url", "redis://127.0.0.1:1/0", "missing-dir/page.html"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "'missing-dir/page.html' is neither a URL, an existing file nor a host name" in done.stderr


def test_file_page_gone_before_it_was_fetched_is_gone():
    # The path existed when the crawl started; a missing file is the file:// 404, not "FileNotFoundError".
    from twisted.python.failure import Failure

    from jobcrawl.middlewares import download_failure_reason

    missing = FileNotFoundError(2, "No such file or directory", "/srv/saved/page.html")
    assert download_failure_reason(Failure(missing)) == "gone"
