"""``scrapy loadspool``: store the items a run spooled to the dead-letter file while the database was away.

The next crawl loads the spool file too, before crawling; this command does it without crawling (after an
outage, or from cron). Loading is idempotent: a posting that did reach the database before the connection
dropped is recognized by its key and counted as unchanged. Exit status 0 when the file is loaded (or there is
none), 1 when the database is still unavailable (the items stay spooled), 2 for a wrong setting.
"""

from __future__ import annotations

import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.misc import load_object

from jobcrawl.commands.crawl import install_secret_filter, one_line
from jobcrawl.db import DatabaseConfigError


def store_pipeline_class(settings) -> type:
    """The store pipeline as ITEM_PIPELINES names it (the one that can load a spool): the command reaches the
    pipelines only through the settings, as the crawl does (docs/architecture.md)."""
    for path, order in settings.getdict("ITEM_PIPELINES").items():
        cls = load_object(path) if isinstance(path, str) else path
        if order is not None and hasattr(cls, "load_spool"):
            return cls
    raise UsageError("ITEM_PIPELINES has no store pipeline (pipelines.store.StorePipeline): nothing to load into")


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "[-s JOBCRAWL_SPOOL_PATH=FILE]"

    def short_desc(self) -> str:
        return "Write the items spooled to the dead-letter file (JOBCRAWL_SPOOL_PATH) into the database"

    def run(self, args, opts) -> None:
        if args:
            raise UsageError()
        install_secret_filter()
        from jobcrawl.db import resolve_database_url

        settings = self.settings
        store_pipeline = store_pipeline_class(settings)
        try:
            pipeline = store_pipeline(
                resolve_database_url(settings),
                batch_size=settings.getint("JOBCRAWL_STORE_BATCH_SIZE", 100),
                retries=settings.getint("JOBCRAWL_STORE_RETRIES", 3),
                retry_backoff=settings.getfloat("JOBCRAWL_STORE_RETRY_BACKOFF", 0.5),
                spool_path=settings.get("JOBCRAWL_SPOOL_PATH") or "jobcrawl-spool.jsonl",
            )
            pipeline.open_database()
        except DatabaseConfigError as exc:
            print(f"jobcrawl: error: {one_line(exc)}", file=sys.stderr)
            self.exitcode = 2
            return
        try:
            pipeline.run_id = pipeline.store.start_run("loadspool", None)
            loaded = pipeline.load_spool()
            pipeline.store.finish_run(pipeline.run_id, "finished", 0)
        finally:
            pipeline.engine.dispose()
        still = pipeline.spool_path.exists() and pipeline.spool_path.stat().st_size > 0
        print(
            f"loaded {loaded} spooled items from {pipeline.spool_path}: {pipeline.totals.new} new, "
            f"{pipeline.totals.updated} updated, {pipeline.totals.unchanged} unchanged, "
            f"{pipeline.totals.errors} problems recorded"
            + ("; some are still spooled (database unavailable)" if still else "")
        )
        self.exitcode = 1 if still else 0
