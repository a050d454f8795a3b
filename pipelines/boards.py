"""Boards pipeline: records each ATS board read (``BoardCrawl`` items from the spider) in the ``boards`` table:
family, slug, owner name, URL, last crawl and last complete crawl, posting count.

Boards are few (one row per board per crawl), so each is written when it arrives, in its own transaction.
The store pipeline, which runs first, has applied the migrations by then; with it switched off
(JOBCRAWL_STORE_ENABLED) this one is off too.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from jobcrawl import models as m
from jobcrawl import signals as jobcrawl_signals
from jobcrawl.db import make_engine, resolve_database_url
from jobcrawl.items import BoardCrawl
from jobcrawl.store import utcnow


class BoardsPipeline:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BoardsPipeline:
        if not crawler.settings.getbool("JOBCRAWL_STORE_ENABLED", True):
            raise NotConfigured("JOBCRAWL_STORE_ENABLED is off")
        pipeline = cls(resolve_database_url(crawler.settings))
        pipeline.crawler = crawler
        crawler.signals.connect(pipeline.run_started, signal=jobcrawl_signals.run_started)
        return pipeline

    def run_started(self, run_id: int | None = None) -> None:
        self.run_id = run_id

    def __init__(self, url: str) -> None:
        self.crawler: Crawler | None = None
        self.run_id: int | None = None  # the crawl's run (jobcrawl.signals.run_started)
        self.engine = make_engine(url)

    def process_item(self, item):
        if not isinstance(item, BoardCrawl):
            return item
        self.record(item, self.run_id)
        return None

    def record(self, board: BoardCrawl, run_id: int | None = None) -> None:
        now = utcnow()
        values = {
            "family": board.family, "slug": board.slug, "owner_name": board.owner_name, "url": board.url,
            "first_seen_at": now, "last_crawled_at": now, "last_crawl_complete": board.complete,
            "last_complete_at": now if board.complete else None, "posting_count": board.postings,
            "last_run_id": run_id,
        }
        table = m.Board.__table__
        insert = (pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert)(table).values(values)
        excluded = insert.excluded
        statement = insert.on_conflict_do_update(
            index_elements=["family", "slug"],
            set_={
                "url": excluded.url,
                "owner_name": func.coalesce(excluded.owner_name, table.c.owner_name),
                "last_crawled_at": excluded.last_crawled_at,
                "last_crawl_complete": excluded.last_crawl_complete,
                "last_complete_at": func.coalesce(excluded.last_complete_at, table.c.last_complete_at),
                "posting_count": excluded.posting_count,
                "last_run_id": excluded.last_run_id,
            },
        )
        with self.engine.begin() as conn:
            conn.execute(statement)

    def close_spider(self, spider=None) -> None:
        self.engine.dispose()
