"""Which postings are still open, through real crawls against a loopback server whose postings change between
runs: board snapshots (left-board, a failing or empty board closes nothing), 404 of a URL the posting is known
by (gone), an expired validThrough (expired), a page that says it is closed or redirects to the listing
(page-says-closed), reopening, and ``-a recheck=open`` fetching only open postings."""

from __future__ import annotations

import json

from conftest import run_crawl
from pagegen import HTML, description, posting_page
from sqlalchemy import text

from jobcrawl.db import make_engine

JSON = {"Content-Type": "application/json"}


def query(db_url: str, sql: str) -> list[tuple]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        found = [tuple(row) for row in conn.execute(text(sql))]
    engine.dispose()
    return found


def greenhouse_board(server, job_ids: list[int]) -> bytes:
    jobs = [{
        "id": job_id, "title": f"Board engineer {job_id}", "absolute_url": server.url(f"/board/jobs/{job_id}"),
        "location": {"name": "Austin, TX"}, "updated_at": "2026-11-01T00:00:00Z",
        "content": f"<p>{description(job_id)}</p><h3>Requirements</h3><ul><li>Python</li></ul>",
    } for job_id in job_ids]
    return json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()


def states(db_url: str) -> dict[str, tuple]:
    return {key: (closed is not None, reason) for key, closed, reason in query(
        db_url, "SELECT posting_key, closed_at, closed_reason FROM postings")}


def test_board_snapshots_close_left_board_and_never_on_a_failed_or_empty_board(http_server, db_url):
    routes, board = http_server.routes, http_server.url("/boards/acme/jobs")
    crawl = ["-a", f"urls={board}"]

    routes["/boards/acme/jobs"] = (200, JSON, greenhouse_board(http_server, [1, 2, 3]))
    assert run_crawl(db_url, *crawl).returncode == 0
    assert states(db_url) == {f"greenhouse:{i}": (False, None) for i in (1, 2, 3)}

    routes["/boards/acme/jobs"] = (200, JSON, greenhouse_board(http_server, [1, 2]))
    second = run_crawl(db_url, *crawl, "-L", "INFO")  # the per-board line is INFO: the quiet console hides it
    assert second.returncode == 0, second.stderr[-2000:]
    assert states(db_url)["greenhouse:3"] == (True, "left-board")
    assert states(db_url)["greenhouse:1"] == (False, None)
    assert "2 postings listed, 1 closed as left-board" in second.stderr

    # An outage: the board answers 500 (retried, then given up). Nothing closes.
    routes["/boards/acme/jobs"] = (500, JSON, b'{"error": "internal"}')
    outage = run_crawl(db_url, *crawl)
    assert outage.returncode == 1  # not one page came back 2xx
    assert f"Board {board} failed (http-500): none of its postings were closed" in outage.stderr
    assert states(db_url)["greenhouse:1"] == (False, None) and states(db_url)["greenhouse:2"] == (False, None)

    # A board that comes back empty closes nothing either, and the log says why.
    routes["/boards/acme/jobs"] = (200, JSON, b'{"jobs": [], "meta": {"total": 0}}')
    empty = run_crawl(db_url, *crawl)
    assert states(db_url)["greenhouse:1"] == (False, None) and states(db_url)["greenhouse:2"] == (False, None)
    assert "came back empty: none of its postings were closed" in empty.stderr

    # Job 3 is back on the board: it reopens, and its history says so.
    routes["/boards/acme/jobs"] = (200, JSON, greenhouse_board(http_server, [1, 2, 3]))
    assert run_crawl(db_url, *crawl).returncode == 0
    assert states(db_url) == {f"greenhouse:{i}": (False, None) for i in (1, 2, 3)}
    history = query(db_url, "SELECT e.kind, e.reason FROM posting_events e JOIN postings p ON p.id = e.posting_id "
                            "WHERE p.posting_key = 'greenhouse:3' ORDER BY e.id")
    assert history == [("opened", None), ("closed", "left-board"), ("reopened", None)]


def with_canonical(page: bytes, href: str) -> bytes:
    return page.replace(b"</head>", f'<link rel="canonical" href="{href}"></head>'.encode())


def with_valid_through(page: bytes, day: str) -> bytes:
    return page.replace(b'"datePosted":', f'"validThrough": "{day}", "datePosted":'.encode())


CLOSED_PAGE = (b"<!doctype html><html><head><title>Engineer 3 - Loopback Labs</title></head><body><main>"
               b"<h1>Engineer 3</h1><div class='alert'>This job is no longer accepting applications.</div>"
               b"<p>Browse our other openings.</p></main></body></html>")


def test_pages_close_as_gone_expired_and_page_says_closed_reopen_and_recheck_visits_only_open(
        http_server, sqlite_url):
    routes = http_server.routes
    routes["/job/1"] = (200, HTML, with_canonical(posting_page(1), http_server.url("/careers/engineer-1")))
    routes["/job/2"] = (200, HTML, with_valid_through(posting_page(2), "2017-03-01"))
    routes["/job/3"] = (200, HTML, posting_page(3))
    routes["/jobs/4"] = (200, HTML, posting_page(4))
    routes["/job/5"] = (200, HTML, posting_page(5))
    urls = ",".join(http_server.url(p) for p in ("/job/1", "/job/2", "/job/3", "/jobs/4", "/job/5"))
    first = run_crawl(sqlite_url, "-a", f"urls={urls}")
    assert first.returncode == 0, first.stderr[-2000:]
    by_title = {t: (c is not None, r) for t, c, r in query(sqlite_url,
                                                            "SELECT title, closed_at, closed_reason FROM postings")}
    # A 2017 validThrough is closed when it is stored.
    assert by_title == {"Engineer 1": (False, None), "Engineer 2": (True, "expired"), "Engineer 3": (False, None),
                        "Engineer 4": (False, None), "Engineer 5": (False, None)}

    # The fetched URL of a posting that declared a canonical URL turns 404; one page says it is closed; one
    # posting URL now redirects to the listing page.
    del routes["/job/1"]
    routes["/job/3"] = (200, HTML, CLOSED_PAGE)
    routes["/jobs/4"] = (302, {"Location": http_server.url("/jobs")}, b"")
    routes["/jobs"] = (200, HTML, (b"<!doctype html><html><head><title>Jobs</title></head><body><ul>"
                                   b"<li class='job-card'><a class='job-link' href='/job/5'>Engineer 5</a></li>"
                                   b"<li class='job-card'><a class='job-link' href='/job/6'>Engineer 6</a></li>"
                                   b"<li class='job-card'><a class='job-link' href='/job/7'>Engineer 7</a></li>"
                                   b"</ul></body></html>"))
    second = run_crawl(sqlite_url, "-a", f"urls={urls}")
    assert second.returncode == 0, second.stderr[-2000:]
    by_title = {t: (c is not None, r) for t, c, r in query(sqlite_url,
                                                            "SELECT title, closed_at, closed_reason FROM postings")}
    assert by_title == {"Engineer 1": (True, "gone"), "Engineer 2": (True, "expired"),
                        "Engineer 3": (True, "page-says-closed"), "Engineer 4": (True, "page-says-closed"),
                        "Engineer 5": (False, None)}

    # Engineer 1 is back at its URL: it reopens.
    routes["/job/1"] = (200, HTML, with_canonical(posting_page(1), http_server.url("/careers/engineer-1")))
    assert run_crawl(sqlite_url, "-a", f"urls={http_server.url('/job/1')}").returncode == 0
    assert query(sqlite_url, "SELECT closed_at, closed_reason FROM postings WHERE title = 'Engineer 1'") == [
        (None, None)]
    events = query(sqlite_url, "SELECT p.title, e.kind, e.reason FROM posting_events e "
                               "JOIN postings p ON p.id = e.posting_id ORDER BY e.id")
    assert [e for e in events if e[0] == "Engineer 1"] == [
        ("Engineer 1", "opened", None), ("Engineer 1", "closed", "gone"), ("Engineer 1", "reopened", None)]

    # Re-check of what is open: only the open postings' URLs are fetched, and nothing is discovered.
    hits_before = dict(routes.hits)
    recheck = run_crawl(sqlite_url, "-a", "recheck=open")
    assert recheck.returncode == 0, recheck.stderr[-2000:]
    fetched = {path for path, count in routes.hits.items() if count > hits_before.get(path, 0)}
    assert fetched == {"/job/1", "/job/5"}
    assert query(sqlite_url, "SELECT arguments, items_unchanged FROM crawl_runs ORDER BY id DESC LIMIT 1") == [
        ("recheck=open", 2)]


def test_recheck_through_a_redis_worker_on_postgresql(http_server, pg_url, redis_url):
    """The re-check's URLs join the shared queue like any given URL; a worker fetches them and closes the gone."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    routes = http_server.routes
    for i in (1, 2, 3):
        routes[f"/job/{i}"] = (200, HTML, posting_page(i))
    urls = ",".join(http_server.url(f"/job/{i}") for i in (1, 2, 3))
    assert run_crawl(pg_url, "-a", f"urls={urls}").returncode == 0
    del routes["/job/2"]
    hits_before = dict(routes.hits)
    worker = run_crawl(pg_url, "-a", "recheck=open", "-a", "limit=2", "-s", "JOBCRAWL_IDLE_TIMEOUT=1",
                       "-s", "JOBCRAWL_REDIS_POLL_INTERVAL=0.2", env={"JOBCRAWL_REDIS_URL": redis_url})
    assert worker.returncode == 0, worker.stderr[-2000:]
    fetched = {path for path, count in routes.hits.items() if count > hits_before.get(path, 0)}
    assert fetched == {"/job/1", "/job/2"}  # limit=2; all three were seen at once, the URL breaks the tie
    assert states(pg_url) == {"127.0.0.1:JOB-1": (False, None), "127.0.0.1:JOB-2": (True, "gone"),
                              "127.0.0.1:JOB-3": (False, None)}
