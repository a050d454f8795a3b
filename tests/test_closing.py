"""Closing rules one at a time: page wording (jobcrawl.extract.closed), board snapshots and their registry
(jobcrawl.extract.snapshot), re-check arguments (jobcrawl.recheck), and the store's closing, reopening and
events on real SQLite and PostgreSQL databases (jobcrawl.lifecycle)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse
from sqlalchemy import select

from jobcrawl import models as m
from jobcrawl.db import make_engine
from jobcrawl.extract import PageExtraction, closed, extract_page, snapshot
from jobcrawl.items import JobPosting, PageProblem
from jobcrawl.recheck import RecheckPlan, parse_limit, parse_recheck, urls_to_recheck
from jobcrawl.store import utcnow
from pipelines.identity import IdentityPipeline
from pipelines.normalize import NormalizePipeline


def page(body: str, url: str = "https://careers.example.com/jobs/123", title: str = "Jobs") -> HtmlResponse:
    html = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    return HtmlResponse(url=url, body=html.encode(), encoding="utf-8")


LONG_POSTING = "<p>" + "We build data pipelines for analytics customers and value careful reviews. " * 60 + "</p>"


# --- page wording --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("snippet", [
    "<div role='alert'>This job is no longer accepting applications.</div>",
    "<h1>Job not found</h1>",
    "<div role='status'>The position you are looking for has been filled.</div>",
    "<h2>Diese Stelle ist leider nicht mehr verfügbar</h2>",
    "<h3>Cette offre n'est plus disponible.</h3>",
    "<h1>La oferta ya no está disponible</h1>",
    "<div class='job-closed-banner'>Vacature is verlopen</div>",
    "<span class='closed-job__flavor--closed'>No longer accepting applications</span>",
])
def test_closed_wording_in_titles_headings_and_notices(snippet):
    assert closed.closed_wording(page(snippet + LONG_POSTING)) is not None


def test_closed_wording_in_the_text_of_a_short_page():
    assert closed.closed_wording(page("<p>Sorry, this job has expired. See our other openings.</p>")) is not None


def test_live_posting_that_mentions_closing_in_its_description_stays_open():
    body = "<h1>Data engineer</h1>" + LONG_POSTING + "<p>Applications closed to agencies; the role is open.</p>"
    body += "<p>This job has expired? No: we hire all year.</p>"
    assert closed.closed_wording(page(body)) is None


def test_empty_listing_wording_is_not_a_closed_posting():
    assert closed.closed_wording(page("<h1>No jobs found</h1><p>Try another search.</p>")) is None


def test_closed_page_becomes_a_page_says_closed_problem_with_its_canonical_url():
    ld = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Data engineer",
          "hiringOrganization": {"name": "Acme"}, "description": "<p>" + "Build pipelines. " * 30 + "</p>",
          "url": "https://acme.example/jobs/9"}
    body = (f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
            "<link rel='canonical' href='https://acme.example/jobs/9'>"
            "<div class='job-expired'>This position is no longer available.</div>")
    result = extract_page(page(body, url="https://careers.example.com/job?id=9"))
    assert result.postings == []
    [problem] = result.problems
    assert (problem.reason, problem.url) == ("page-says-closed", "https://careers.example.com/job?id=9")
    assert "https://acme.example/jobs/9" in problem.other_urls


def test_redirect_from_a_posting_url_to_a_listing_page_says_closed():
    listing = PageExtraction(follow=["https://x.example/jobs/1", "https://x.example/jobs/2"])
    assert closed.redirected_to_listing(["https://x.example/jobs/123-data-engineer"], "https://x.example/jobs",
                                        listing)
    # http -> https of the same listing, or a posting page at the end of the redirect: not a closed posting
    assert not closed.redirected_to_listing(["http://x.example/jobs"], "https://x.example/jobs", listing)
    with_posting = PageExtraction(postings=[JobPosting(url="https://x.example/j/1", extractor="jsonld")])
    assert not closed.redirected_to_listing(["https://x.example/jobs/123"], "https://x.example/j/1", with_posting)


def test_a_page_of_its_own_knows_its_url_and_redirect_sources():
    ld = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Data engineer",
          "hiringOrganization": {"name": "Acme"}, "description": "<p>" + "Build pipelines. " * 30 + "</p>"}
    html = f"<html><head><script type='application/ld+json'>{json.dumps(ld)}</script></head><body></body></html>"
    request = Request("https://x.example/jobs/5", meta={"redirect_urls": ["https://x.example/j?id=5"]})
    response = HtmlResponse(url="https://x.example/jobs/5", body=html.encode(), encoding="utf-8", request=request)
    [posting] = extract_page(response).postings
    assert posting.known_urls == ["https://x.example/jobs/5", "https://x.example/j?id=5"]


# --- board snapshots -----------------------------------------------------------------------------------------
def board_response(data, url="https://boards-api.greenhouse.io/v1/boards/acme/jobs", flags=None) -> TextResponse:
    return TextResponse(url=url, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"},
                        encoding="utf-8", flags=flags)


GH_JOB = {"id": 7, "title": "Engineer", "absolute_url": "https://boards.greenhouse.io/acme/jobs/7",
          "content": "<p>Build things.</p>"}


def test_whole_greenhouse_board_is_a_complete_snapshot():
    result = extract_page(board_response({"jobs": [GH_JOB], "meta": {"total": 1}}))
    assert result.board is not None and result.board.complete and result.board.kind == "greenhouse"
    assert [p.external_id for p in result.board.members] == ["7"]


@pytest.mark.parametrize("data,flags,url,why", [
    ({"jobs": [], "meta": {"total": 0}}, None, None, "came back empty"),
    ({"jobs": [GH_JOB]}, ["dataloss"], None, "cut short"),
    ({"jobs": [GH_JOB, {"id": 8, "absolute_url": "https://boards.greenhouse.io/acme/jobs/8"}]}, None, None,
     "unreadable"),
])
def test_incomplete_boards_close_nothing(data, flags, url, why):
    board = extract_page(board_response(data, flags=flags)).board
    assert board is not None and not board.complete and why in board.incomplete_reason


def test_single_job_and_paged_responses_are_not_boards():
    assert extract_page(board_response(GH_JOB)).board is None
    lever = [{"id": "a1", "text": "Engineer", "hostedUrl": "https://jobs.lever.co/acme/a1", "categories": {}}]
    assert extract_page(board_response(lever, url="https://api.lever.co/v0/postings/acme?mode=json")).board.complete
    assert extract_page(board_response(lever, url="https://api.lever.co/v0/postings/acme?limit=1")).board is None


def test_a_new_board_kind_plugs_in_with_one_registration():
    response = board_response({"results": []}, url="https://apply.example/api/boards/acme")
    posting = JobPosting(url=response.url, extractor="newkind", external_id="1", title="Engineer")
    assert snapshot.board_snapshot(response, "newkind", {"results": [{}]}, [posting], []) is None
    snapshot.register_board_kind("newkind", lambda data: isinstance(data, dict) and "results" in data)
    try:
        board = snapshot.board_snapshot(response, "newkind", {"results": [{}]}, [posting], [])
        assert board is not None and board.complete and board.kind == "newkind"
    finally:
        snapshot._BOARD_KINDS.pop("newkind")


# --- re-check arguments --------------------------------------------------------------------------------------
def test_recheck_arguments():
    assert parse_recheck("open") == RecheckPlan()
    assert parse_recheck("older-than:7d") == RecheckPlan(older_than=timedelta(days=7))
    assert parse_recheck("source:lever,older-than:12h") == RecheckPlan(timedelta(hours=12), "lever")
    for wrong in ("", "closed", "older-than:7 weeks", "source:"):
        with pytest.raises(ValueError, match="recheck"):
            parse_recheck(wrong)
    assert parse_limit("20") == 20 and parse_limit(None) is None
    with pytest.raises(ValueError, match="limit"):
        parse_limit("0")


# --- the store -----------------------------------------------------------------------------------------------
def stored(url: str, title: str = "Data engineer", *, canonical: str | None = None, external_id: str | None = None,
           source: str | None = None, valid_through: str | None = None, known: bool = True) -> JobPosting:
    item = JobPosting(url=url, extractor="jsonld", source=source, external_id=external_id, canonical_url=canonical,
                      title=title, company="Acme", description_text=f"{title}: build pipelines and reports.",
                      valid_through_raw=valid_through, fetched_at="2026-12-01T00:00:00Z",
                      known_urls=[url] if known else [])
    NormalizePipeline().process_item(item)
    return IdentityPipeline().process_item(item)


def rows(store, *columns):
    with store.engine.connect() as conn:
        return {r[0]: tuple(r[1:]) for r in conn.execute(select(m.Posting.title, *columns))}


def events(store):
    with store.engine.connect() as conn:
        return conn.execute(select(m.Posting.title, m.PostingEvent.kind, m.PostingEvent.reason)
                            .join(m.Posting, m.Posting.id == m.PostingEvent.posting_id)
                            .order_by(m.PostingEvent.id)).all()


def test_404_of_the_fetched_url_closes_a_posting_stored_under_its_canonical_url(store):
    store.write([stored("https://x.example/job?id=5", canonical="https://x.example/jobs/5")])
    store.write([], [PageProblem(url="https://x.example/job?id=5&utm_source=mail", stage="download",
                                 reason="gone", http_status=404)])
    assert rows(store, m.Posting.closed_reason)["Data engineer"] == ("gone",)
    store.write([stored("https://x.example/job?id=5", canonical="https://x.example/jobs/5")])
    assert rows(store, m.Posting.closed_at, m.Posting.closed_reason)["Data engineer"] == (None, None)
    assert [tuple(e)[1:] for e in events(store)] == [("opened", None), ("closed", "gone"), ("reopened", None)]


def test_redirect_source_and_page_says_closed_close_too(store):
    store.write([stored("https://x.example/jobs/1", "One"), stored("https://x.example/jobs/2", "Two")])
    store.write([], [
        PageProblem(url="https://x.example/elsewhere", stage="download", reason="gone", http_status=410,
                    other_urls=["https://x.example/jobs/1"]),
        PageProblem(url="https://x.example/jobs/2", stage="extract", reason="page-says-closed", http_status=200),
        PageProblem(url="https://x.example/jobs/3", stage="download", reason="http-500", http_status=500),
    ])
    assert rows(store, m.Posting.closed_reason) == {"One": ("gone",), "Two": ("page-says-closed",)}


def test_a_board_page_url_is_not_a_posting_url(store):
    """Postings read from a page of several (a board) are not known by that page's URL: its 404 closes none."""
    store.write([stored("https://api.example/board", "One", external_id="1", source="greenhouse", known=False,
                        canonical="https://boards.example/acme/jobs/1")])
    store.write([], [PageProblem(url="https://api.example/board", stage="download", reason="gone", http_status=404)])
    assert rows(store, m.Posting.closed_at)["One"] == (None,)


def test_expired_valid_through_closes_at_store_time_and_stays_closed(store):
    past = (date.today() - timedelta(days=1)).isoformat()
    future = (date.today() + timedelta(days=30)).isoformat()
    store.write([stored("https://x.example/jobs/1", "Old", valid_through=past),
                 stored("https://x.example/jobs/2", "Current", valid_through=future)])
    assert rows(store, m.Posting.closed_reason) == {"Old": ("expired",), "Current": (None,)}
    store.write([stored("https://x.example/jobs/1", "Old", valid_through=past)])  # seen again, still expired
    assert [tuple(e)[1:] for e in events(store) if e[0] == "Old"] == [("opened", None), ("closed", "expired")]


def test_board_snapshot_closes_only_its_own_missing_postings(store):
    board = "https://boards.example/acme"
    members = [stored(board, f"Job {i}", external_id=str(i), source="greenhouse", known=False) for i in (1, 2, 3)]
    other = stored("https://x.example/jobs/9", "Elsewhere")
    store.write([*members, other])
    keys = [p.normalized.posting_key for p in members]
    assert store.apply_board_snapshot(board, keys, None) == []
    closed_ids = store.apply_board_snapshot(board, keys[:2], None)
    assert len(closed_ids) == 1
    assert rows(store, m.Posting.closed_reason) == {"Job 1": (None,), "Job 2": (None,), "Job 3": ("left-board",),
                                                    "Elsewhere": (None,)}
    # Another board's snapshot never touches this board's postings.
    assert store.apply_board_snapshot("https://boards.example/other", [], None) == []


def test_urls_to_recheck_picks_open_postings_oldest_first(store):
    store.write([stored("https://x.example/jobs/1", "First", source="lever")])
    store.write([stored("https://x.example/jobs/2", "Second", source="greenhouse")])
    store.write([stored("https://x.example/jobs/3", "Closed")])
    store.write([], [PageProblem(url="https://x.example/jobs/3", stage="download", reason="gone", http_status=404)])
    now = utcnow()
    assert urls_to_recheck(store.engine, RecheckPlan(), now) == ["https://x.example/jobs/1", "https://x.example/jobs/2"]
    assert urls_to_recheck(store.engine, RecheckPlan(), now, limit=1) == ["https://x.example/jobs/1"]
    assert urls_to_recheck(store.engine, RecheckPlan(source="greenhouse"), now) == ["https://x.example/jobs/2"]
    assert urls_to_recheck(store.engine, RecheckPlan(older_than=timedelta(days=1)), now) == []
    assert urls_to_recheck(store.engine, RecheckPlan(older_than=timedelta(days=1)), now + timedelta(days=2)) == [
        "https://x.example/jobs/1", "https://x.example/jobs/2"]


# --- the documented queries on postings that closed and reopened ---------------------------------------------
def documented_sql(heading_start: str, dialect: str) -> str:
    """The SQL of the docs/queries.md section whose heading starts with ``heading_start`` (the variant written
    for this dialect where there are two)."""
    from jobcrawl.docs_reader import documented_queries

    for query in documented_queries():
        if query.heading.startswith(heading_start) and query.dialect in (None, dialect):
            return query.sql
    raise AssertionError(f"no section {heading_start} for {dialect}")


def test_documented_lifecycle_queries_answer_on_closed_and_reopened_postings(store):
    from sqlalchemy import text, update

    store.write([stored(f"https://x.example/jobs/{i}", f"Job {i}") for i in range(1, 5)])
    store.write([], [PageProblem(url=f"https://x.example/jobs/{i}", stage="download", reason="gone",
                                 http_status=404) for i in (1, 2, 3)])
    store.write([stored("https://x.example/jobs/3", "Job 3")])  # back again
    now = utcnow()
    with store.engine.begin() as conn:  # Job 1 was up 2 days, Job 2 for 10
        for title, days in (("Job 1", 2), ("Job 2", 10)):
            conn.execute(update(m.Posting).where(m.Posting.title == title)
                         .values(first_seen_at=now - timedelta(days=days), closed_at=now))
    dialect = store.engine.dialect.name
    with store.engine.connect() as conn:
        medians = conn.execute(text(documented_sql("19", dialect))).all()
        reopened = conn.execute(text(documented_sql("20.", dialect))).all()
        open_now = conn.execute(text(documented_sql("17.", dialect))).all()
        closed_week = conn.execute(text(documented_sql("18", dialect))).all()
    assert [(per, name, n, float(days)) for per, name, n, days in medians] == [
        ("company", "Acme", 2, 6.0), ("source", "unknown", 2, 6.0)]
    assert [(r.title, r.times_reopened, r.closed_again_because) for r in reopened] == [("Job 3", 1, None)]
    assert [(r.company, r.open_postings) for r in open_now] == [("Acme", 2)]
    assert sorted(r.title for r in closed_week) == ["Job 1", "Job 2"]


def test_migration_0009_gives_earlier_postings_urls_reasons_and_history(db_url):
    """Postings stored before 0009_closing: a closed one was closed by a 404/410 (the only way then), and each gets its
    opened (and closed) event, so the history queries cover them; the downgrade drops it all again."""
    from sqlalchemy import text

    from alembic import command
    from jobcrawl.db import alembic_config

    engine = make_engine(db_url)
    command.upgrade(alembic_config(db_url), "0008_salary_source")
    with engine.begin() as conn:
        for key, closed_at in (("a", None), ("b", datetime(2026, 11, 20, 10))):
            conn.execute(text(
                "INSERT INTO postings (posting_key, url_key, source, extractor, url, title, content_hash, "
                "first_seen_at, last_seen_at, closed_at) VALUES (:key, :url_key, 'x', 'jsonld', :url, :title, "
                ":hash, :first, :last, :closed)"),
                {"key": key, "url_key": f"https://x.example/jobs/{key}", "url": f"https://x.example/job?id={key}",
                 "title": key, "hash": key, "first": datetime(2026, 11, 1), "last": datetime(2026, 11, 10),
                 "closed": closed_at})
    command.upgrade(alembic_config(db_url), "head")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT title, closed_reason FROM postings ORDER BY title")).all() == [
            ("a", None), ("b", "gone")]
        assert conn.execute(text("SELECT p.title, e.kind, e.reason FROM posting_events e JOIN postings p "
                                 "ON p.id = e.posting_id ORDER BY p.title, e.at")).all() == [
            ("a", "opened", None), ("b", "opened", None), ("b", "closed", "gone")]
        # the identity URL and the fetched one of each (a 404 there closes it)
        assert conn.execute(text("SELECT count(*) FROM posting_urls")).scalar_one() == 4
    command.downgrade(alembic_config(db_url), "0008_salary_source")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM postings")).scalar_one() == 2
    engine.dispose()
