"""The look-at-it tools: Datasette metadata generated from the docs, the HTML crawl report, and both checked
in headless Chromium the way a person would see them (charts drawn, a canned query returning rows, a
screenshot that is not blank)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from conftest import free_port, missing_service, run_crawl

from jobcrawl import browser, report
from jobcrawl.docs_reader import column_descriptions, documented_queries
from jobcrawl.explore import build_metadata, serving


def _chromium() -> None:
    try:
        browser.chromium()
    except FileNotFoundError as exc:
        missing_service(str(exc))


def _datasette() -> None:
    try:
        import datasette  # noqa: F401
    except ImportError:
        missing_service("Datasette is not installed (the test extra installs it)")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("explore") / "demo.db"
    result = run_crawl(f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr[-3000:]
    return path


# --- reading the docs ------------------------------------------------------------------------------------
QUERIES_SNIPPET = """# Queries

## 1. Postings per company

Which employers post
the most?

```sql
SELECT company FROM postings;
```

## 4b. Search (PostgreSQL)

Web search syntax.

```sql dialect=postgresql
SELECT id FROM postings, websearch_to_tsquery('english', 'x') AS q;
```
"""


def test_documented_queries_keep_heading_prose_and_dialect():
    first, second = documented_queries(QUERIES_SNIPPET)
    assert (first.heading, first.description, first.dialect, first.sql) == (
        "1. Postings per company", "Which employers post the most?", None, "SELECT company FROM postings"
    )
    assert first.slug == "q01-postings-per-company"
    assert second.dialect == "postgresql"
    assert second.slug == "q04b-search-postgresql"


def test_column_descriptions_cover_every_column_of_the_models():
    from jobcrawl.models import Base

    described = column_descriptions()
    for table in ("postings", "sections", "crawl_runs", "crawl_errors"):
        missing = {c.name for c in Base.metadata.tables[table].columns} - set(described[table])
        assert not missing, f"docs/schema.md does not describe {table}.{sorted(missing)}"
    # a row naming two columns describes both
    assert described["postings"]["city"] == described["postings"]["region"]


def test_metadata_has_every_sqlite_query_facets_and_fts(demo_db):
    metadata = build_metadata(demo_db)
    database = metadata["databases"]["demo"]
    sqlite_queries = [q for q in documented_queries() if q.dialect in (None, "sqlite")]
    assert len(database["queries"]) == len(sqlite_queries) >= 12
    postings = database["tables"]["postings"]
    assert {"company", "country", "employment_type", "remote", "source"} <= set(postings["facets"])
    assert postings["fts_table"] == "postings_fts"
    assert "hiring organization" in postings["columns"]["company"]
    assert database["tables"]["posting_signatures"] == {"hidden": True}
    # every canned query runs on the crawled demo database, as Datasette will run it
    with sqlite3.connect(demo_db) as conn:
        for query in database["queries"].values():
            conn.execute(query["sql"]).fetchall()


# --- the report ------------------------------------------------------------------------------------------
def test_report_counts_what_the_database_holds(demo_db):
    data = report.load(f"sqlite:///{demo_db}")
    with sqlite3.connect(demo_db) as conn:
        (postings,) = conn.execute("SELECT count(*) FROM postings").fetchone()
        (with_pay,) = conn.execute(
            "SELECT count(*) FROM postings WHERE salary_min IS NOT NULL AND duplicate_of IS NULL").fetchone()
    html = report.render(data)
    assert f"<b>{postings}</b> postings" in html
    assert f"<b>{with_pay}</b> with pay" in html
    # a run that does not exist has nothing to show, and says so instead of drawing empty axes
    empty = report.render(report.load(f"sqlite:///{demo_db}", run=999))
    assert "<b>0</b> postings" in empty and "<svg" not in empty
    assert empty.count("Nothing to show") == len(report.CHARTS)


def test_report_is_self_contained(demo_db, tmp_path):
    out = tmp_path / "report.html"
    assert report.main(["--database", f"sqlite:///{demo_db}", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    # nothing is fetched when the file is opened: no scripts, stylesheets or images from elsewhere
    assert not re.search(r"<(script|link|img)\b", html)
    assert not re.search(r"(src|href)=[\"']?https?://", html)


def test_report_charts_draw_in_chromium(demo_db, tmp_path):
    _chromium()
    out = tmp_path / "report.html"
    report.main(["--database", f"sqlite:///{demo_db}", "-o", str(out)])
    dom = browser.rendered_dom(out.as_uri())
    figures = re.findall(r"<section class=\"figure\">(.*?)</section>", dom, flags=re.DOTALL)
    assert len(figures) == len(report.CHARTS)
    drawn = [f for f in figures if "<svg" in f]
    # the demo board has postings, pay, remote and employment types, sections and a near duplicate
    assert len(drawn) >= 6, [re.search(r"<h2>(.*?)</h2>", f).group(1) for f in figures if f not in drawn]
    for figure in drawn:
        marks = len(re.findall(r"<(path|rect|use|line|polyline)\b", figure))
        assert marks >= 5, re.search(r"<h2>(.*?)</h2>", figure).group(1)
    png = browser.screenshot(out.as_uri(), tmp_path / "report.png", width=1100, height=1600)
    assert browser.ink_share(png) > 0.03


# --- Datasette -------------------------------------------------------------------------------------------
def test_datasette_serves_canned_queries_facets_and_search(demo_db, tmp_path):
    _chromium()
    _datasette()
    with sqlite3.connect(demo_db) as conn:
        companies = [r[0] for r in conn.execute(
            "SELECT DISTINCT company FROM postings WHERE duplicate_of IS NULL AND closed_at IS NULL "
            "AND company IS NOT NULL")]
    with serving(demo_db, free_port()) as base:
        canned = browser.rendered_dom(f"{base}/q01-postings-per-company")
        rows = re.findall(r"<tr>\s*<td", canned)
        assert len(rows) == len(set(companies)) > 0
        assert "Which employers post the most" in canned  # the prose of docs/queries.md
        table = browser.rendered_dom(f"{base}/postings")
        for facet in ("company", "source", "remote", "employment_type"):
            assert f'id="facet-{facet}"' in table, facet
        # full-text search goes through postings_fts
        searched = browser.rendered_dom(f"{base}/postings?_search=warehouse")
        assert re.search(r"\b[1-9]\d* rows? where search matches", searched)
        png = browser.screenshot(f"{base}/postings", tmp_path / "datasette.png", width=1280, height=1200)
    assert browser.ink_share(png) > 0.03
