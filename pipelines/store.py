"""Store pipeline: batch postings and page problems into SQL through jobcrawl.store.PostingStore.

Opens the database named by JOBCRAWL_DATABASE_URL (environment first, then the setting), applies pending
migrations, records the run in ``crawl_runs``, and writes in batches of JOBCRAWL_STORE_BATCH_SIZE. When the
database is unreachable or locked, a batch is retried with backoff and then appended to the dead-letter
file JOBCRAWL_SPOOL_PATH; the next run loads that file before crawling (``scrapy loadspool`` does it too).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from jobcrawl import signals as jobcrawl_signals
from jobcrawl.db import (
    DatabaseConfigError,
    make_engine,
    mask_url,
    resolve_database_url,
    upgrade_to_head,
)
from jobcrawl.items import BoardSnapshot, JobPosting, NormalizedPosting, PageProblem, Section, StatedSalary
from jobcrawl.store import PostingStore, WriteResult, utcnow

logger = logging.getLogger(__name__)



def item_to_json(item: JobPosting | PageProblem) -> str:
    kind = "posting" if isinstance(item, JobPosting) else "problem"
    return json.dumps({"kind": kind, "item": asdict(item)}, ensure_ascii=False, default=str)


def _one_line(error: object) -> str:
    return " ".join(str(error).split())


def item_from_json(line: str) -> JobPosting | PageProblem:
    record = json.loads(line)
    data = record["item"]
    if record["kind"] == "problem":
        return PageProblem(**data)
    data["sections"] = [Section(**s) for s in data.get("sections") or []]
    # Spool lines are JSON of the dataclasses; lines of older versions carry ``normalized`` as the same keys
    # (``{}`` when never normalized), which NormalizedPosting reads.
    data["normalized"] = NormalizedPosting.from_dict(data["normalized"]) if data.get("normalized") else None
    if isinstance(data.get("salary_structured"), dict):  # older lines also hold "value" (an exact amount)
        stated = data["salary_structured"]
        exact = stated.get("value")
        data["salary_structured"] = StatedSalary(
            stated.get("min") if stated.get("min") is not None else exact,
            stated.get("max") if stated.get("max") is not None else exact,
            stated.get("currency"), stated.get("unit"))
    return JobPosting(**data)


class StorePipeline:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        if not settings.getbool("JOBCRAWL_STORE_ENABLED", True):
            raise NotConfigured("JOBCRAWL_STORE_ENABLED is off")
        url = resolve_database_url(settings)
        batch_size = settings.getint("JOBCRAWL_STORE_BATCH_SIZE", 100)
        if batch_size < 1:
            raise DatabaseConfigError(f"JOBCRAWL_STORE_BATCH_SIZE must be at least 1, got {batch_size}")
        pipeline = cls(
            url,
            batch_size=batch_size,
            flush_seconds=settings.getfloat("JOBCRAWL_STORE_FLUSH_SECONDS", 5.0),
            retries=settings.getint("JOBCRAWL_STORE_RETRIES", 3),
            retry_backoff=settings.getfloat("JOBCRAWL_STORE_RETRY_BACKOFF", 0.5),
            spool_path=settings.get("JOBCRAWL_SPOOL_PATH") or "jobcrawl-spool.jsonl",
            near_duplicate_threshold=settings.getfloat("JOBCRAWL_NEAR_DUPLICATE_THRESHOLD", 0.8),
            num_perm=settings.getint("JOBCRAWL_MINHASH_PERMUTATIONS", 128),
            shingle_size=settings.getint("JOBCRAWL_SHINGLE_SIZE", 3),
        )
        pipeline.crawler = crawler
        # Open the database and record the run now, while the crawler is built: a wrong URL, a server that is
        # down or a database we may not write to stops the crawl before anything is fetched, with one message
        # naming the fix (see jobcrawl/commands/crawl.py).
        pipeline.open_database()
        spider = crawler.spider
        pipeline.begin_run(getattr(spider, "name", None) or "postings",
                           getattr(spider, "describe_arguments", lambda: None)())
        from scrapy import signals

        crawler.signals.connect(pipeline.item_error, signal=signals.item_error)
        crawler.signals.connect(pipeline.on_flush_requested, signal=jobcrawl_signals.flush_store)
        crawler.signals.send_catch_log(signal=jobcrawl_signals.store_attached)
        # The run's end is recorded on spider_closed: it carries the engine's reason ("shutdown" after SIGTERM
        # or Ctrl-C), which is not yet in the stats when pipelines close.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def __init__(
        self,
        url: str,
        *,
        batch_size: int = 100,
        flush_seconds: float = 5.0,
        retries: int = 3,
        retry_backoff: float = 0.5,
        spool_path: str = "jobcrawl-spool.jsonl",
        near_duplicate_threshold: float = 0.8,
        num_perm: int = 128,
        shingle_size: int = 3,
    ) -> None:
        self.crawler: Crawler | None = None
        self.url = url
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.retries = retries
        self.retry_backoff = retry_backoff
        self.spool_path = Path(spool_path)
        # Fail at start, naming the fix, rather than after the first page was fetched.
        # pool_pre_ping: a connection the server dropped (restart, failover) is replaced before use
        # instead of failing the first write after the outage.
        self.engine = make_engine(url, pool_pre_ping=True)
        self.database_open = False
        self.store = PostingStore(
            self.engine,
            near_duplicate_threshold=near_duplicate_threshold,
            num_perm=num_perm,
            shingle_size=shingle_size,
        )
        self.postings: list[JobPosting] = []
        self.problems: list[PageProblem] = []
        self.snapshots: list[BoardSnapshot] = []
        self.last_flush = time.monotonic()
        self.run_id: int | None = None
        self.totals = WriteResult()
        self.spooled_since_signal = False

    # --- lifecycle ---------------------------------------------------------------------------------------
    def open_database(self) -> None:
        """Connect and apply pending migrations; a DatabaseConfigError names the fix."""
        if self.database_open:
            return
        logger.info("Storing postings in %s", mask_url(self.url))
        try:
            upgrade_to_head(self.engine)
        except OperationalError as exc:
            raise DatabaseConfigError(
                f"Cannot open the database {mask_url(self.url)}: {_one_line(exc.orig)}. {self._fix_hint('open')}"
            ) from None
        self.database_open = True

    def _fix_hint(self, action: str) -> str:
        if self.engine.dialect.name == "sqlite":
            if action == "open":
                return "Check the file path in JOBCRAWL_DATABASE_URL: its directory must exist and be writable."
            return ("Check that the database file and its directory are writable by this user (SQLite also "
                    "writes the -wal and -shm files beside it) and that the URL does not open it read-only.")
        if action == "open":
            return ("Check JOBCRAWL_DATABASE_URL (host, port, user, password, database name) and that the server "
                    "is running.")
        return "Check that the database user may write to jobcrawl's tables (INSERT, UPDATE)."

    def begin_run(self, spider_name: str, arguments: str | None) -> None:
        """Record the run in crawl_runs; a database that cannot be written is a DatabaseConfigError."""
        try:
            self.run_id = self.store.start_run(spider_name, arguments)
        except DBAPIError as exc:
            raise DatabaseConfigError(
                f"Cannot write to the database {mask_url(self.url)}: {_one_line(exc.orig)}. {self._fix_hint('write')}"
            ) from None
        self._stat_set("jobcrawl/run_id", self.run_id)  # for the stats dump; parts learn it from run_started

    def open_spider(self, spider=None) -> None:
        self.open_database()
        if self.run_id is None:  # used outside a crawl (tests, bench): no from_crawler
            self.begin_run(getattr(spider, "name", None) or "postings",
                           getattr(spider, "describe_arguments", lambda: None)())
        if self.crawler is not None:
            self.crawler.signals.send_catch_log(signal=jobcrawl_signals.run_started, run_id=self.run_id)
        self.load_spool()

    def close_spider(self, spider=None) -> None:
        self.flush(final=True)
        self._signal_stored()
        if self.crawler is None:  # outside a crawl nobody sends spider_closed
            self.finish_run("finished", 0)

    def spider_closed(self, spider: Any = None, reason: str | None = None) -> None:
        stats = self.crawler.stats if self.crawler is not None else None
        self.finish_run(reason or "finished", stats.get_value("response_received_count", 0) if stats else 0)

    def finish_run(self, reason: str, pages: int) -> None:
        """Record the run's end (retried like a write); a database still away gets it through the spool,
        so the next run or ``scrapy loadspool`` fills finished_at in with the time the run really ended."""
        if self.run_id is not None:
            finished_at = utcnow()
            try:
                recorded = self._retry(lambda: self.store.finish_run(self.run_id, reason, pages, finished_at))
            except DBAPIError as exc:  # not the database being away: say so in one line, the crawl is over
                logger.error("Could not record the end of run %s: %s", self.run_id, _one_line(exc.orig))
                recorded = True
            if not recorded:
                logger.error("Could not record the end of run %s (database unavailable): spooled to %s",
                             self.run_id, self.spool_path)
                self._spool_lines([json.dumps({"kind": "run_end", "item": {
                    "run_id": self.run_id, "finish_reason": reason, "pages": pages,
                    "finished_at": finished_at.isoformat()}})])
                self._stat_set("jobcrawl/run_end_spooled", 1)
            self.run_id = None
        self.store.close()
        logger.info(
            "Stored: %d new, %d updated, %d unchanged, %d duplicates linked, %d pages recorded as problems",
            self.totals.new, self.totals.updated, self.totals.unchanged, self.totals.duplicate, self.totals.errors,
        )
        self.engine.dispose()

    # --- items -------------------------------------------------------------------------------------------
    def process_item(self, item):
        if isinstance(item, JobPosting):
            self.postings.append(item)
        elif isinstance(item, PageProblem):
            self.problems.append(item)
        elif isinstance(item, BoardSnapshot):
            self.snapshots.append(item)
        else:
            return item
        if (
            len(self.postings) + len(self.problems) >= self.batch_size
            or time.monotonic() - self.last_flush >= self.flush_seconds
        ):
            self.flush()
            self._signal_stored()
        return item

    def _signal_stored(self) -> None:
        """Tell whoever waits for commits (distributed mode) that everything received so far is written, or
        spooled when a batch since the last signal could not be written."""
        spooled, self.spooled_since_signal = self.spooled_since_signal, False
        if self.crawler is not None:
            self.crawler.signals.send_catch_log(signal=jobcrawl_signals.items_stored, spooled=spooled)

    def on_flush_requested(self) -> None:
        self.flush()
        self._signal_stored()

    def flush(self, final: bool = False) -> None:
        postings, problems = self.postings, self.problems
        self.postings, self.problems = [], []
        self.last_flush = time.monotonic()
        try:
            self._flush_items(postings, problems)
        finally:
            # After the postings: a board's members are written (and so known) before the board is compared.
            self._apply_snapshots()

    def _flush_items(self, postings: list[JobPosting], problems: list[PageProblem]) -> None:
        if not postings and not problems:
            return
        try:
            result = self._write_with_retry(postings, problems)
        except Exception as exc:  # not the database being away: something in the data; find the item
            logger.error("Batch write failed (%s: %s); writing its items one by one", type(exc).__name__, exc)
            self._write_one_by_one(postings, problems)
            return
        if result is None:
            self.spool(postings, problems)
            return
        self._count(result)

    def _apply_snapshots(self) -> None:
        """Close what complete board snapshots no longer list; an incomplete one closes nothing, and says so."""
        snapshots, self.snapshots = self.snapshots, []
        for snapshot in snapshots:
            if not snapshot.complete:
                logger.warning("Board %s (%s) %s: none of its postings were closed",
                               snapshot.url, snapshot.kind, snapshot.incomplete_reason or "incomplete")
                self._stat_inc("jobcrawl/boards_incomplete")
                continue
            try:
                closed = self.store.apply_board_snapshot(snapshot.url, snapshot.posting_keys, self.run_id)
            except (OperationalError, DBAPIError) as exc:
                # Not spooled: a snapshot applied late could close postings seen since; the next crawl of the
                # board closes them instead.
                logger.error("Board %s: could not compare with the database (%s); nothing closed",
                             snapshot.url, getattr(exc, "orig", exc))
                continue
            logger.info("Board %s (%s): %d postings listed, %d closed as left-board",
                        snapshot.url, snapshot.kind, len(snapshot.posting_keys), len(closed))
            self._stat_inc("jobcrawl/boards_complete")
            if closed:
                self._stat_inc("jobcrawl/items_left_board", len(closed))

    def _write_one_by_one(self, postings: list[JobPosting], problems: list[PageProblem]) -> None:
        """Write each item alone; one that still fails becomes a ``store`` row in crawl_errors."""
        failed: list[PageProblem] = []
        singles: list[tuple[list[JobPosting], list[PageProblem]]] = [([p], []) for p in postings]
        singles += [([], [e]) for e in problems]
        for chunk_p, chunk_e in singles:
            try:
                result = self._write_with_retry(chunk_p, chunk_e)
            except Exception as exc:
                item = (chunk_p or chunk_e)[0]
                logger.error("Could not store %s: %s: %s", item.url, type(exc).__name__, exc)
                failed.append(PageProblem(url=item.url, stage="store", reason="store-error",
                                          detail=f"{type(exc).__name__}: {exc}"[:1000]))
                continue
            if result is None:
                self.spool(chunk_p, chunk_e)
            else:
                self._count(result)
        if failed:
            self._stat_inc("jobcrawl/pages_skipped/store-error", len(failed))
            try:
                result = self._write_with_retry([], failed)
            except Exception as exc:
                logger.error("Could not record %d store errors: %s", len(failed), exc)
                return
            if result is None:
                self.spool([], failed)
            else:
                self._count(result)

    def item_error(self, item: Any = None, response: Any = None, spider: Any = None, failure: Any = None) -> None:
        """An item a pipeline failed on is recorded, not just logged (it would otherwise vanish)."""
        if isinstance(item, JobPosting):
            error = failure.value if failure is not None else None
            self._stat_inc("jobcrawl/pages_skipped/pipeline-error")
            self.problems.append(PageProblem(
                url=item.url, stage="store", reason="pipeline-error",
                detail=f"{type(error).__name__}: {error}"[:1000] if error is not None else None,
            ))

    def _write_with_retry(self, postings: list[JobPosting], problems: list[PageProblem]) -> WriteResult | None:
        return self._retry(lambda: self.store.write(postings, problems, self.run_id))

    def _retry(self, write: Any) -> Any:
        """``write()``'s result, retried with backoff while the database is away; None when it stayed away."""
        delay = self.retry_backoff
        for attempt in range(self.retries + 1):
            try:
                return write() or True
            except (OperationalError, DBAPIError) as exc:
                # A dead or refused connection (server stopped, restarted, network) is worth retrying;
                # anything else is about the data and is raised to the caller.
                if not (
                    getattr(exc, "connection_invalidated", False)
                    or isinstance(exc, (OperationalError, InterfaceError))
                ):
                    raise
                logger.warning(
                    "Database write failed (attempt %d of %d): %s", attempt + 1, self.retries + 1, exc.orig
                )
                if attempt < self.retries:
                    time.sleep(delay)
                    delay *= 2
        return None

    def _count(self, result: WriteResult) -> None:
        for name in ("new", "updated", "unchanged", "duplicate", "errors"):
            value = getattr(result, name)
            setattr(self.totals, name, getattr(self.totals, name) + value)
            if value:
                self._stat_inc(f"jobcrawl/items_{name}", value)

    # --- dead letters ------------------------------------------------------------------------------------
    def _spool_lines(self, lines: list[str]) -> None:
        with self.spool_path.open("a", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line + "\n")

    def spool(self, postings: list[JobPosting], problems: list[PageProblem]) -> None:
        self._spool_lines([item_to_json(item) for item in [*postings, *problems]])
        self.spooled_since_signal = True
        self._stat_inc("jobcrawl/items_spooled", len(postings) + len(problems))
        logger.error(
            "Database unavailable: %d postings and %d problems spooled to %s; the next run loads them",
            len(postings), len(problems), self.spool_path,
        )

    def load_spool(self) -> int:
        """Write what an earlier run spooled; the file is removed only once every line is stored."""
        if not self.spool_path.exists():
            return 0
        loading = self.spool_path.with_suffix(self.spool_path.suffix + ".loading")
        self.spool_path.replace(loading)
        lines = [line for line in loading.read_text(encoding="utf-8").splitlines() if line.strip()]
        run_ends = [json.loads(line)["item"] for line in lines if line.startswith('{"kind": "run_end"')]
        items = [item_from_json(line) for line in lines if not line.startswith('{"kind": "run_end"')]
        postings = [i for i in items if isinstance(i, JobPosting)]
        problems = [i for i in items if isinstance(i, PageProblem)]
        for start in range(0, max(len(postings), len(problems)), self.batch_size):
            chunk_p = postings[start : start + self.batch_size]
            chunk_e = problems[start : start + self.batch_size]
            result = self._write_with_retry(chunk_p, chunk_e)
            if result is None:
                self.spool(chunk_p, chunk_e)
            else:
                self._count(result)
        for end in run_ends:
            finished_at = datetime.fromisoformat(end["finished_at"])
            if not self._retry(lambda end=end, at=finished_at: self.store.finish_run(
                    end["run_id"], end["finish_reason"], end["pages"], at, only_unfinished=True)):
                self._spool_lines([json.dumps({"kind": "run_end", "item": end})])
        loading.unlink()
        logger.info("Loaded %d spooled items from %s", len(items), self.spool_path)
        self._stat_inc("jobcrawl/items_unspooled", len(items))
        return len(items)

    # --- stats -------------------------------------------------------------------------------------------
    def _stat_inc(self, key: str, value: int = 1) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, value)

    def _stat_set(self, key: str, value: Any) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.set_value(key, value)
