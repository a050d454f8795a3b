"""The store on a real SQLite file and a real PostgreSQL database: identity, history, duplicates, errors."""

from __future__ import annotations

from sqlalchemy import func, select

from jobcrawl import models as m
from jobcrawl.items import JobPosting, PageProblem, Section
from jobcrawl.store import PostingStore
from pipelines.identity import IdentityPipeline
from pipelines.normalize import NormalizePipeline

BASE_TEXT = (
    "We build tools that help analysts and researchers understand the labour market. "
    "You will design data pipelines, review code, and mentor engineers on the team. "
    "You have five years of experience with Python and SQL and you enjoy clear writing. "
    "We offer health insurance, a pension plan, and twenty five days of paid leave every year. "
    "We are an equal opportunity employer and value a diverse workforce."
)


def posting(url: str, text: str = BASE_TEXT, *, title: str = "Data Engineer", external_id: str | None = None,
            source: str = "example.com", canonical_url: str | None = None) -> JobPosting:
    item = JobPosting(
        url=url,
        extractor="generic",
        source=source,
        external_id=external_id,
        canonical_url=canonical_url,
        title=title,
        company="Example Corp",
        location_raw="Austin, TX",
        salary_raw="$120,000 - $150,000 a year",
        employment_type_raw="Full-time",
        date_posted_raw="Posted 3 days ago",
        description_html=f"<p>{text}</p>",
        description_text=text,
        sections=[Section(position=0, heading=None, kind="about", text=text, html=f"<p>{text}</p>")],
        fetched_at="2026-01-15T12:00:00+00:00",
    )
    for stage in (NormalizePipeline(), IdentityPipeline()):
        item = stage.process_item(item)
    return item


def count(store: PostingStore, model) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def rows(store: PostingStore, *columns):
    with store.engine.connect() as conn:
        return conn.execute(select(*columns).order_by(m.Posting.id)).all()


def test_new_then_unchanged_keeps_first_seen(store):
    first = store.write([posting("https://example.com/jobs/1")])
    assert (first.new, first.unchanged) == (1, 0)
    (before,) = rows(store, m.Posting.first_seen_at, m.Posting.last_seen_at)
    again = store.write([posting("https://example.com/jobs/1?utm_source=mail")])
    assert (again.new, again.unchanged) == (0, 1)
    (after,) = rows(store, m.Posting.first_seen_at, m.Posting.last_seen_at)
    assert after.first_seen_at == before.first_seen_at
    assert after.last_seen_at >= before.last_seen_at
    assert count(store, m.Posting) == 1
    assert count(store, m.PostingVersion) == 1
    assert count(store, m.Section) == 1


def test_same_posting_twice_in_one_batch_is_one_row(store):
    result = store.write([posting("https://example.com/jobs/1"), posting("https://example.com/jobs/1#apply")])
    assert result.new == 1
    assert count(store, m.Posting) == 1


def test_site_id_identifies_posting_across_urls(store):
    store.write([posting("https://www.indeed.com/viewjob?jk=abc", external_id="abc", source="indeed")])
    result = store.write([posting("https://www.indeed.com/rc/clk?jk=abc&from=serp", external_id="abc", source="indeed")])
    assert result.unchanged == 1
    assert count(store, m.Posting) == 1


def test_changed_description_adds_a_version(store):
    store.write([posting("https://example.com/jobs/1")])
    changed_text = BASE_TEXT.replace("five years", "three years")
    result = store.write([posting("https://example.com/jobs/1", changed_text)])
    assert result.updated == 1
    assert count(store, m.Posting) == 1
    with store.engine.connect() as conn:
        versions = conn.execute(
            select(m.PostingVersion.changed_fields).order_by(m.PostingVersion.id)
        ).scalars().all()
        text_now = conn.execute(select(m.Posting.description_text)).scalar_one()
    assert versions == [[], ["description_text"]]
    assert "three years" in text_now


def test_exact_duplicate_under_other_url_is_linked_not_dropped(store):
    store.write([posting("https://example.com/jobs/1")])
    result = store.write([posting("https://board.example.org/postings/77", source="board.example.org")])
    assert (result.new, result.duplicate) == (1, 1)
    first, second = rows(store, m.Posting.id, m.Posting.duplicate_of, m.Posting.duplicate_kind)
    assert first.duplicate_of is None
    assert (second.duplicate_of, second.duplicate_kind) == (first.id, "exact")


def test_near_duplicate_repost_is_linked(store):
    store.write([posting("https://example.com/jobs/1")])
    repost = BASE_TEXT.replace("We offer health insurance", "We provide health insurance")
    result = store.write([posting("https://example.com/jobs/2", repost)])
    assert result.duplicate == 1
    first, second = rows(store, m.Posting.id, m.Posting.duplicate_of, m.Posting.duplicate_kind,
                         m.Posting.duplicate_similarity)
    assert (second.duplicate_of, second.duplicate_kind) == (first.id, "near")
    assert 0.8 <= second.duplicate_similarity < 1


def test_different_posting_is_not_linked(store):
    store.write([posting("https://example.com/jobs/1")])
    other = ("Our bakery needs a morning baker to prepare bread, pastries and cakes before opening. "
             "You will knead dough, bake in stone ovens and keep the kitchen clean and safe. "
             "Experience in a busy bakery helps; we train motivated people. Free coffee and bread daily.")
    store.write([posting("https://example.com/jobs/2", other, title="Baker")])
    assert [r.duplicate_of for r in rows(store, m.Posting.duplicate_of)] == [None, None]


def test_problems_are_recorded_and_gone_postings_closed(store):
    run_id = store.start_run("postings", None)
    store.write([posting("https://example.com/jobs/1")], run_id=run_id)
    result = store.write(
        [],
        [PageProblem(url="https://example.com/jobs/1", stage="download", reason="gone", http_status=410),
         PageProblem(url="https://example.com/login", stage="extract", reason="login-wall")],
        run_id=run_id,
    )
    assert result.errors == 2
    with store.engine.connect() as conn:
        reasons = conn.execute(select(m.CrawlError.reason).order_by(m.CrawlError.id)).scalars().all()
        closed = conn.execute(select(m.Posting.closed_at)).scalar_one()
        run = conn.execute(select(m.CrawlRun)).one()
    assert reasons == ["gone", "login-wall"]
    assert closed is not None
    assert (run.items_new, run.errors) == (1, 2)


def test_every_posting_column_has_one_origin():
    """Each postings column is written from the NormalizedPosting or from the item (never both, never by which
    key a dict happened to hold), or set by the store and jobcrawl.lifecycle themselves."""
    from jobcrawl.store import FROM_ITEM, FROM_NORMALIZED

    columns = [c.name for c in m.Posting.__table__.columns]
    assert not set(FROM_ITEM) & set(FROM_NORMALIZED)
    bookkeeping = set(columns) - set(FROM_ITEM) - set(FROM_NORMALIZED)
    assert bookkeeping == {"id", "duplicate_of", "duplicate_kind", "duplicate_similarity", "first_seen_at",
                           "last_seen_at", "closed_at", "closed_reason", "board_key", "last_run_id"}
    assert {"title", "company", "location_raw", "salary_min", "posting_key", "url_key"} <= set(FROM_NORMALIZED)
    assert {"salary_raw", "remote_raw", "url", "source", "field_sources", "fetched_at"} <= set(FROM_ITEM)


def test_a_writer_sees_near_duplicates_another_writer_stored(store):
    """Two writers on one database (distributed workers): each keeps its own band index and reads what the other
    stored since its last batch: new postings and new text of a changed one."""
    other = PostingStore(store.engine)
    store.start_run("worker-a", None)  # builds its (empty) index now
    other.write([posting("https://example.com/jobs/1")])
    repost = BASE_TEXT.replace("We offer health insurance", "We provide health insurance")
    assert store.write([posting("https://example.com/jobs/2", repost)]).duplicate == 1
    bakery = ("Our bakery needs a morning baker to prepare bread, pastries and cakes before opening. "
              "You will knead dough, bake in stone ovens and keep the kitchen clean and safe. "
              "Experience in a busy bakery helps; we train motivated people. Free coffee and bread daily.")
    assert other.write([posting("https://example.com/jobs/1", bakery)]).updated == 1
    result = store.write([posting("https://example.com/jobs/3", bakery.replace("Free coffee", "Fresh coffee"))])
    other.close()
    assert result.duplicate == 1
    first, second, third = rows(store, m.Posting.id, m.Posting.duplicate_of, m.Posting.duplicate_kind)
    assert (second.duplicate_of, third.duplicate_of, third.duplicate_kind) == (first.id, first.id, "near")


def test_a_restarted_writer_links_a_repost_to_a_posting_stored_before(store):
    store.write([posting("https://example.com/jobs/1")])
    restarted = PostingStore(store.engine)
    restarted.start_run("next-week", None)
    repost = BASE_TEXT.replace("We offer health insurance", "We provide health insurance")
    result = restarted.write([posting("https://example.com/jobs/2", repost)])
    restarted.close()
    assert result.duplicate == 1
    first, second = rows(store, m.Posting.id, m.Posting.duplicate_of)
    assert second.duplicate_of == first.id
