"""Each pipeline on its own: normalize, dedupe keys, and the store's batching, spooling and start-up errors."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, func, select, text

from jobcrawl import models as m
from jobcrawl.db import DatabaseConfigError, make_engine, mask_url
from jobcrawl.items import JobPosting, NormalizedPosting, PageProblem, Section, StatedSalary
from pipelines.identity import IdentityPipeline
from pipelines.normalize import NormalizePipeline
from pipelines.store import StorePipeline, item_from_json, item_to_json
from test_store import posting, rows


def raw_item(**overrides) -> JobPosting:
    values = dict(
        url="https://example.com/jobs/1?utm_source=x",
        extractor="generic",
        source="example.com",
        title="  Senior\u00a0Data\u200b Engineer ",
        company="Ｅxample Corp",
        description_text="Line one\u00a0 with  spaces\n\n\nLine two",
        description_html="<p>Line one</p><p>Line two</p>",
        sections=[Section(0, " About\u00a0us ", "about", "Some  text\u200b here", "<p>x</p>")],
        fetched_at="2026-01-15T12:00:00+00:00",
    )
    values.update(overrides)
    return JobPosting(**values)


def test_normalize_cleans_unicode_and_whitespace():
    item = NormalizePipeline().process_item(raw_item())
    assert item.normalized.title == "Senior Data Engineer"
    assert item.normalized.company == "Example Corp"  # NFKC folds the full-width E
    assert item.sections[0].heading == "About us"
    assert item.sections[0].text == "Some text here"
    assert "\u00a0" not in item.normalized.description_text


def test_normalize_passes_problems_through():
    problem = PageProblem(url="u", stage="extract", reason="no-posting")
    assert NormalizePipeline().process_item(problem) is problem
    assert IdentityPipeline().process_item(problem) is problem


def test_identity_keys_ignore_tracking_and_prefer_site_id():
    a = IdentityPipeline().process_item(NormalizePipeline().process_item(raw_item()))
    b = IdentityPipeline().process_item(NormalizePipeline().process_item(raw_item(url="https://www.example.com/jobs/1")))
    assert a.normalized.posting_key == b.normalized.posting_key == "https://example.com/jobs/1"
    c = IdentityPipeline().process_item(NormalizePipeline().process_item(
        raw_item(source="indeed", external_id="abc123", url="https://www.indeed.com/viewjob?jk=abc123&from=serp")))
    assert c.normalized.posting_key == "indeed:abc123"
    assert a.normalized.content_hash == b.normalized.content_hash


def test_the_old_pipeline_path_in_settings_still_loads():
    # projects that copied ITEM_PIPELINES before the rename name pipelines.dedupe.DedupePipeline
    from scrapy.utils.misc import load_object

    assert load_object("pipelines.dedupe.DedupePipeline") is IdentityPipeline


def test_store_pipeline_batches_and_counts(sqlite_url):
    pipeline = StorePipeline(sqlite_url, batch_size=2, flush_seconds=3600)
    pipeline.open_spider()
    pipeline.process_item(posting("https://example.com/jobs/1"))
    engine = create_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.Posting)).scalar_one() == 0  # buffered
    pipeline.process_item(posting("https://example.com/jobs/2", title="Other", ))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.Posting)).scalar_one() == 2  # batch written
    pipeline.process_item(PageProblem(url="https://example.com/x", stage="extract", reason="bot-check"))
    pipeline.close_spider()
    with engine.connect() as conn:
        assert conn.execute(select(m.CrawlError.reason)).scalars().all() == ["bot-check"]
        run = conn.execute(select(m.CrawlRun)).one()
    assert run.finished_at is not None and run.items_new == 2 and run.errors == 1


def test_store_pipeline_spools_when_database_goes_away_and_loads_next_run(tmp_path):
    db = tmp_path / "p.db"
    spool = tmp_path / "spool.jsonl"
    pipeline = StorePipeline(f"sqlite:///{db}", batch_size=1, retries=1, retry_backoff=0.01, spool_path=str(spool))
    pipeline.open_spider()
    # The database becomes unwritable (a dropped table stands in for a lost server on SQLite; the
    # PostgreSQL test stops a real server).
    with pipeline.engine.begin() as conn:
        conn.execute(text("ALTER TABLE postings RENAME TO postings_moved"))
    pipeline.process_item(posting("https://example.com/jobs/1"))
    assert spool.exists() and len(spool.read_text().splitlines()) == 1
    with pipeline.engine.begin() as conn:
        conn.execute(text("ALTER TABLE postings_moved RENAME TO postings"))
    pipeline.close_spider()

    second = StorePipeline(f"sqlite:///{db}", spool_path=str(spool))
    second.open_spider()
    second.close_spider()
    assert not spool.exists()
    with create_engine(f"sqlite:///{db}").connect() as conn:
        assert conn.execute(select(m.Posting.url)).scalars().all() == ["https://example.com/jobs/1"]


def test_spool_round_trip_keeps_every_field():
    item = posting("https://example.com/jobs/1")
    back = item_from_json(item_to_json(item))
    assert back.sections == item.sections
    assert json.loads(item_to_json(back)) == json.loads(item_to_json(item))


@pytest.mark.parametrize(
    "url,fragment",
    [
        ("notaurl", "is not a database URL"),
        ("sqlite+nosuchdriver:///x.db", "no dialect"),
        # MySQL is not supported at all (the store's upserts are SQLite's and PostgreSQL's): no package to
        # install is named (it named "mysqldb", which does not exist on PyPI).
        ("mysql://u:hunter2@h/db", "SQLite or PostgreSQL only, not 'mysql'"),
        ("mysql+pymysql://u:hunter2@h/db", "SQLite or PostgreSQL only"),
        ("mssql://u:hunter2@h/db", "SQLite or PostgreSQL only"),
        ("postgresql+psycopg2://u:hunter2@localhost/db", "pip install"),
    ],
)
def test_wrong_database_url_fails_at_start_naming_the_fix(url, fragment):
    with pytest.raises(DatabaseConfigError) as info:
        make_engine(url)
    assert fragment in str(info.value)
    assert "hunter2" not in str(info.value)
    if url.startswith(("mysql", "mssql")):
        assert "pip install" not in str(info.value)


def test_password_masked():
    assert "secret" not in mask_url("postgresql+psycopg://u:secret@h/db")


# A spool line as the code before the typed NormalizedPosting wrote it (normalized as a plain dict, salary
# kept as salary_structured): a spool left by an older run must still load and store the same columns.
OLD_SPOOL_LINE = '{"kind": "posting", "item": {"url": "https://jobs.example.com/j/7", "extractor": "jsonld", "source": "jobs.example.com", "external_id": null, "canonical_url": null, "title": "Data Engineer", "company": "Example Corp", "location_raw": "Austin, TX", "locations_raw": ["Austin, TX"], "locations_structured": [{"locality": "Austin", "region": "TX", "country": "US"}], "remote_raw": null, "date_posted_raw": null, "valid_through_raw": null, "salary_raw": "USD 100,000 - 120,000 per year", "salary_structured": {"min": 100000, "max": 120000, "value": null, "currency": "USD", "unit": "YEAR"}, "employment_type_raw": null, "description_html": null, "description_text": "Build pipelines.", "sections": [{"position": 0, "heading": null, "kind": "about", "text": "Build pipelines.", "html": "<p>Build pipelines.</p>"}], "fetched_at": "2026-11-30T10:00:00+00:00", "field_sources": {"salary": "jsonld.baseSalary"}, "known_urls": [], "normalized": {"title": "Data Engineer", "company": "Example Corp", "company_key": "example", "location_raw": "Austin, TX", "city": "Austin", "region": "TX", "country": "US", "locations": [{"raw": "Austin, TX", "city": "Austin", "region": "TX", "country": "US"}], "remote": null, "date_posted": null, "valid_through": null, "salary_min": 100000.0, "salary_max": 120000.0, "salary_currency": "USD", "salary_period": "YEAR", "salary_source": "structured", "employment_type": null, "description_html": null, "description_text": "Build pipelines.", "description_markdown": null, "content_hash": "b590f578fc8bb5654952ab399dbc59442fb94e8588ef73e8b4987d1c93d67397", "url_key": "https://jobs.example.com/j/7", "posting_key": "https://jobs.example.com/j/7"}}}'


def test_old_spool_line_loads_into_the_typed_contract(sqlite_store_only):
    store = sqlite_store_only
    item = item_from_json(OLD_SPOOL_LINE)
    assert isinstance(item, JobPosting) and isinstance(item.normalized, NormalizedPosting)
    assert item.normalized.posting_key == "https://jobs.example.com/j/7"
    assert (item.normalized.salary_min, item.normalized.salary_currency) == (100000.0, "USD")
    assert item.salary_structured == StatedSalary(100000, 120000, "USD", "YEAR")
    assert item_from_json(item_to_json(item)) == item  # and survives a round trip in today's format
    store.write([item])
    row = rows(store, m.Posting.title, m.Posting.city, m.Posting.salary_min, m.Posting.salary_raw)
    assert row == [("Data Engineer", "Austin", 100000.0, "USD 100,000 - 120,000 per year")]


def test_a_posting_never_normalized_is_refused_not_stored_from_raw_values(sqlite_store_only):
    with pytest.raises(ValueError, match="not normalized"):
        sqlite_store_only.write([JobPosting(url="https://example.com/j/1", extractor="generic", title="Raw title")])


def test_run_id_reaches_the_boards_pipeline_and_the_jobdir_guard_by_signal_not_stats(sqlite_url, tmp_path):
    from scrapy.utils.test import get_crawler

    from jobcrawl.extensions import JobdirGuard
    from pipelines.boards import BoardsPipeline

    crawler = get_crawler(settings_dict={"JOBCRAWL_DATABASE_URL": sqlite_url, "JOBDIR": str(tmp_path / "job")})
    guard = JobdirGuard.from_crawler(crawler)
    store = StorePipeline.from_crawler(crawler)  # records the run now, as a crawl's start does
    boards = BoardsPipeline.from_crawler(crawler)
    assert boards.run_id is None and guard.state["runs"] == []
    store.open_spider()
    assert store.run_id is not None
    assert boards.run_id == store.run_id
    assert guard.state["runs"] == [store.run_id]
    assert json.loads((tmp_path / "job" / "jobcrawl-job.json").read_text())["runs"] == [store.run_id]
    store.close_spider()
    boards.close_spider()
