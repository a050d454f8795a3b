"""Crawls of every ATS family against a loopback server playing the vendors' public APIs (tests/atsboards.py):
a whole board read through pagination and detail requests, stored once per posting; boards recorded; careers
pages detected; bad answers recorded as problems, never tracebacks."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from atsboards import ARGUMENT, OWNER, Board, serve_ats
from conftest import run_crawl

FAMILIES = ("greenhouse", "lever", "ashby", "workday", "smartrecruiters", "workable", "recruitee", "personio",
            "bamboohr", "breezy")
# the owner's name where the family's responses carry it (BambooHR's, Lever's and Ashby's never do; their
# postings have no company, never the board's slug)
OWNER_IN_RESPONSES = {"greenhouse", "workday", "smartrecruiters", "workable", "recruitee", "personio", "breezy"}


@pytest.fixture
def ats_server():
    yield from serve_ats()


def rows(db, sql, *args):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def crawl(ats, db, *args, settings=()):
    result = run_crawl(f"sqlite:///{db}", "-s", f"JOBCRAWL_ATS_ENDPOINTS={json.dumps(ats.endpoints())}",
                       *settings, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


@pytest.mark.parametrize("family", FAMILIES)
def test_whole_board_read_once_per_posting(family, ats_server, tmp_path):
    ats_server.add(Board("acme", size=45))
    db = tmp_path / f"{family}.db"
    crawl(ats_server, db, "-a", f"{family}={ARGUMENT[family]}")
    postings = rows(db, "SELECT id, source, external_id, title, location_raw FROM postings")
    assert len(postings) == 45
    assert {source for _, source, *_ in postings} == {family}
    assert len({external_id for _, _, external_id, *_ in postings}) == 45
    assert sorted(title for *_, title, _ in postings) == sorted(f"Engineer {i}" for i in range(1, 46))
    assert all(location and location.startswith("City ") for *_, location in postings)
    # every posting has its description split into sections, the requirements among them
    with_sections = rows(db, "SELECT count(DISTINCT posting_id) FROM sections WHERE text LIKE '%Python%'")
    assert with_sections == [(45,)]
    [(board_family, complete, count, owner)] = rows(
        db, "SELECT family, last_crawl_complete, posting_count, owner_name FROM boards")
    assert (board_family, complete, count) == (family, 1, 45)
    assert owner == (OWNER if family in OWNER_IN_RESPONSES else None)
    assert rows(db, "SELECT reason, detail FROM crawl_errors") == []
    if family == "workday":  # 3 pages of 20 (POST), then one detail GET per posting
        pages = sorted(k for k in ats_server.hits if k.startswith("POST "))
        assert len(pages) == 3 and all('"limit": 20' in k for k in pages)
    if family == "smartrecruiters":  # 3 pages of 15
        assert len([k for k in ats_server.hits if "offset=" in k]) == 3


def test_careers_page_embedding_each_family_is_detected(ats_server, http_server, tmp_path):
    ats_server.add(Board("acme", size=2))
    embeds = [
        '<script src="https://boards.greenhouse.io/embed/job_board/js?for=acme"></script>',
        '<a href="https://jobs.lever.co/acme">Lever</a>',
        '<iframe src="https://jobs.ashbyhq.com/acme/embed"></iframe>',
        '<a href="https://acme.wd5.myworkdayjobs.com/en-US/careers">Workday</a>',
        '<a href="https://careers.smartrecruiters.com/acme">SmartRecruiters</a>',
        "<script>var board = 'https://apply.workable.com/acme/';</script>",
        '<a href="https://acme.recruitee.com/">Recruitee</a>',
        '<a href="//acme.jobs.personio.de/">Personio</a>',
        '<a href="https://acme.bamboohr.com/careers">BambooHR</a>',
        '<a href="https://acme.breezy.hr">Breezy</a>',
    ]
    page = f"<html><body><h1>Careers at Acme</h1>{''.join(embeds)}</body></html>".encode()
    http_server.routes["/careers"] = (200, {"Content-Type": "text/html"}, page)
    db = tmp_path / "careers.db"
    crawl(ats_server, db, "-a", f"careers={http_server.url('/careers')}")
    boards = rows(db, "SELECT family, slug, last_crawl_complete, posting_count FROM boards ORDER BY family")
    assert boards == sorted((f, "acme/careers" if f == "workday" else "acme", 1, 2) for f in FAMILIES)
    assert rows(db, "SELECT count(*), count(DISTINCT source) FROM postings") == [(20, 10)]


def test_careers_page_without_board_is_read_as_a_page(http_server, ats_server, tmp_path):
    from pagegen import HTML, listing_page, posting_page

    http_server.routes["/careers"] = (200, HTML, listing_page(["/job/1", "/job/2", "/job/3"], next_href=None))
    for i in (1, 2, 3):
        http_server.routes[f"/job/{i}"] = (200, HTML, posting_page(i))
    db = tmp_path / "plain.db"
    crawl(ats_server, db, "-a", f"careers={http_server.url('/careers')}")
    assert rows(db, "SELECT count(*) FROM postings") == [(3,)]
    assert rows(db, "SELECT count(*) FROM boards") == [(0,)]


def test_bad_board_answers_are_problem_rows(ats_server, tmp_path):
    ats_server.add(Board("empty", answer=(200, "application/json", b'{"offers": []}')))
    ats_server.add(Board("htmlpage", answer=(200, "text/html", b"<html><body><h1>Sign in</h1></body></html>")))
    ats_server.add(Board("changed", answer=(200, "application/json", b'{"result": {"openings": []}}')))
    ats_server.add(Board("slow", size=6, slow_detail={2}, delay=3.0))
    ats_server.add(Board("sparse", size=9, missing_fields=True))
    board_file = tmp_path / "boards.txt"
    board_file.write_text("https://empty.recruitee.com/\n# a comment\nhttps://htmlpage.jobs.personio.de\n"
                          "https://changed.bamboohr.com/careers\nhttps://missing.breezy.hr\n"
                          "https://slow.wd1.myworkdayjobs.com/site\nhttps://careers.smartrecruiters.com/sparse\n")
    db = tmp_path / "faults.db"
    crawl(ats_server, db, "-a", f"boards_file={board_file}",
          settings=("-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_ENABLED=False"))
    boards = {(f, s): (complete, count) for f, s, complete, count in
              rows(db, "SELECT family, slug, last_crawl_complete, posting_count FROM boards")}
    assert boards == {
        ("recruitee", "empty"): (1, 0),  # an empty board is complete
        ("personio", "htmlpage"): (0, 0),
        ("bamboohr", "changed"): (0, 0),
        ("breezy", "missing"): (0, 0),  # 404: a wrong slug
        ("workday", "slow/site"): (0, 6),  # the slow detail timed out: its listed posting is kept
        ("smartrecruiters", "sparse"): (1, 9),
    }
    reasons = rows(db, "SELECT reason, url FROM crawl_errors ORDER BY reason, url")
    by_reason: dict[str, list[str]] = {}
    for reason, url in reasons:
        by_reason.setdefault(reason, []).append(url)
    assert len(by_reason["board-incomplete"]) == 4
    assert by_reason["ats-bad-response"] == [ats_server.base() + "/personio/htmlpage/xml"]
    assert by_reason["gone"] == [ats_server.base() + "/breezy/missing/json"]
    assert by_reason["no-posting"] == [ats_server.base() + "/bamboo/changed/careers/list"]
    assert by_reason["timeout"] == [ats_server.base() + "/wd/slow/site/job/City-2/Engineer-2_R2"]
    assert by_reason["empty-listing"] == [ats_server.base() + "/recruitee/empty/api/offers/"]
    # the timed-out posting is stored as the list showed it (no description), the others complete
    assert rows(db, "SELECT external_id, description_text IS NULL FROM postings WHERE source = 'workday' "
                    "AND external_id = 'R2'") == [("R2", 1)]
    sparse = rows(db, "SELECT count(*), count(location_raw), count(company) FROM postings "
                      "WHERE source = 'smartrecruiters'")
    assert sparse == [(9, 9, 6)]  # fullLocation missing: city and country still give a location


# the second page of each paged family's board in tests/atsboards.py: Workday POSTs pages of 20, the
# SmartRecruiters endpoint there asks for pages of 15; Greenhouse answers in one page, whose failure is a 500
SECOND_PAGE = {"workday": 20, "smartrecruiters": 15, "greenhouse": None}


@pytest.mark.parametrize("family", sorted(SECOND_PAGE))
def test_paged_board_snapshot_closes_left_board_and_nothing_when_a_page_fails(family, ats_server, tmp_path):
    board = ats_server.add(Board("acme", size=45))
    db = tmp_path / f"{family}-snapshot.db"

    def states():
        return {external_id: (closed, reason) for external_id, closed, reason in rows(
            db, "SELECT external_id, closed_at IS NOT NULL, closed_reason FROM postings")}

    def external_id(i):
        return f"R{i}" if family == "workday" else str(i)

    argument = ("-a", f"{family}={ARGUMENT[family]}", "-L", "INFO")  # the per-board line is INFO
    crawl(ats_server, db, *argument)
    assert len(states()) == 45 and not any(closed for closed, _ in states().values())

    # Posting 7 left the board: a crawl of every page closes it, and only it.
    board.removed = {7}
    second = crawl(ats_server, db, *argument)
    after = states()
    assert after.pop(external_id(7)) == (1, "left-board")
    assert set(after.values()) == {(0, None)}
    assert "44 postings listed, 1 closed as left-board" in second.stderr

    # Posting 8 left too, but the board's second page fails: nothing closes, and the log says why.
    board.removed, board.failing_offset = {7, 8}, SECOND_PAGE[family]
    if family == "greenhouse":
        board.answer = (500, "application/json", b'{"error": "internal"}')
    if family == "greenhouse":  # its only request failed: the run itself fails (exit 1), and says why
        outage = run_crawl(f"sqlite:///{db}", "-s", f"JOBCRAWL_ATS_ENDPOINTS={json.dumps(ats_server.endpoints())}",
                           "-s", "RETRY_ENABLED=False", *argument)
        assert outage.returncode == 1 and "Traceback" not in outage.stderr, outage.stderr[-3000:]
    else:
        outage = crawl(ats_server, db, *argument, settings=("-s", "RETRY_ENABLED=False"))
    assert states()[external_id(8)] == (0, None)
    assert re.search(r"\(" + family + r"\) had 1 of its \d+ requests fail: none of its postings were closed",
                     outage.stderr)
    assert rows(db, "SELECT count(*) FROM postings WHERE closed_at IS NOT NULL") == [(1,)]
    [(complete,)] = rows(db, "SELECT last_crawl_complete FROM boards")
    assert complete == 0
