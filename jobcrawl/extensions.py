"""Operations extensions: a progress line while crawling, a summary at the end, and crash-safe JOBDIR resumes.

``ProgressLog``
    Every JOBCRAWL_PROGRESS_INTERVAL seconds (default 30; 0 turns it off) logs one line: pages fetched and
    the rate, postings extracted, stored as new/updated, linked as duplicates, and pages recorded as
    problems. When the spider closes it logs a summary with the finish reason and the problems by reason.

``GcTuning``
    Once the engine starts (imports done, database migrated, store open), moves every object alive into
    Python's permanent GC generation (``gc.freeze()``). The ~177,000 start-up objects (Scrapy, Twisted,
    SQLAlchemy, lxml, numpy) never become garbage, yet every full collection walked them all: ~0.4 ms of
    CPU a page in the bench crawl (docs/benchmarks.md). JOBCRAWL_GC_THRESHOLD > 0 also sets the first
    generation's threshold (Python's is 700; 10,000 saved another ~0.15 ms a page but held ~7 MB more).
    Both are put back when the engine stops. JOBCRAWL_GC_FREEZE=False turns the freeze off.

``JobdirGuard`` (only with ``-s JOBDIR=...``)
    Scrapy's JOBDIR state is written for a *clean* stop only: the request queue's bookkeeping and the
    scheduler's priorities are saved when the spider closes, while the seen-requests file grows as requests
    are scheduled. After a SIGKILL (or a power cut, or an out-of-memory kill) the queue is empty or stale but
    ``requests.seen`` still lists requests that were never fetched, or whose postings were still in the
    store's write buffer: resuming from it silently loses those postings (the listing pages that lead to them
    are "seen" too, so they are never rediscovered).

    We keep ``jobcrawl-job.json`` in the JOBDIR: ``running`` is true from start until the engine stopped
    cleanly, and ``runs`` lists the crawl_runs ids of this job. Started again after an unclean stop, the
    guard moves the stale request state aside (``*.unclean``) so the crawl restarts from its start requests,
    and skips only the posting pages whose postings the database already holds from this job's runs (their
    rows were committed; the store is idempotent anyway). So what was committed before the kill stays and is
    not fetched again; what was in flight or still buffered is fetched again. We chose this over flushing
    the store per item (slow: per-row commits are 10-40x slower) or not persisting the seen-requests (which
    would break the normal SIGTERM pause/resume): the database is the one record of what is durably done.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from jobcrawl import signals as jobcrawl_signals

logger = logging.getLogger(__name__)

STATE_FILE = "jobcrawl-job.json"
# Scrapy's JOBDIR request state: the seen-requests file (RFPDupeFilter) and the disk queue (scheduler).
REQUEST_STATE = ("requests.seen", "requests.queue")


def problem_counts(stats: dict[str, Any]) -> dict[str, int]:
    prefix = "jobcrawl/pages_skipped/"
    return {k[len(prefix):]: v for k, v in stats.items() if k.startswith(prefix)}


class ProgressLog:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: Any = None
        self.started = time.monotonic()
        self.pages_before = 0
        self.opened = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLog:
        interval = crawler.settings.getfloat("JOBCRAWL_PROGRESS_INTERVAL", 30.0)
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any = None) -> None:
        self.started = time.monotonic()
        self.opened = True
        if self.interval > 0:
            from scrapy.utils.asyncio import create_looping_call

            self.task = create_looping_call(self.log_progress)
            self.task.start(self.interval, now=False)

    def _stats(self) -> dict[str, Any]:
        return self.crawler.stats.get_stats() if self.crawler.stats is not None else {}

    def log_progress(self) -> None:
        stats = self._stats()
        pages = stats.get("response_received_count", 0)
        rate = (pages - self.pages_before) * 60.0 / self.interval
        self.pages_before = pages
        logger.info(
            "Progress: %d pages (%d pages/min), %d postings extracted, %d stored new, %d updated, "
            "%d duplicates linked, %d pages with problems",
            pages, rate, stats.get("jobcrawl/postings_extracted", 0), stats.get("jobcrawl/items_new", 0),
            stats.get("jobcrawl/items_updated", 0), stats.get("jobcrawl/items_duplicate", 0),
            sum(problem_counts(stats).values()),
        )

    def spider_closed(self, spider: Any = None, reason: str | None = None) -> None:
        if self.task is not None and getattr(self.task, "running", False):
            self.task.stop()
        if not self.opened:  # the crawl never started (it failed at start and says why): nothing to sum up
            return
        stats = self._stats()
        elapsed = time.monotonic() - self.started
        problems = problem_counts(stats)
        logger.info(
            "Summary: %s after %.0fs; %d pages, %d postings extracted; stored %d new, %d updated, %d unchanged, "
            "%d duplicates linked; %d spooled; problems: %s",
            reason or stats.get("finish_reason") or "finished", elapsed, stats.get("response_received_count", 0),
            stats.get("jobcrawl/postings_extracted", 0), stats.get("jobcrawl/items_new", 0),
            stats.get("jobcrawl/items_updated", 0), stats.get("jobcrawl/items_unchanged", 0),
            stats.get("jobcrawl/items_duplicate", 0), stats.get("jobcrawl/items_spooled", 0),
            ", ".join(f"{k} {v}" for k, v in sorted(problems.items())) or "none",
        )


class GcTuning:
    def __init__(self, freeze: bool, threshold: int) -> None:
        self.freeze = freeze
        self.threshold = threshold
        self.previous: tuple[int, ...] | None = None
        self.frozen = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GcTuning:
        settings = crawler.settings
        freeze = settings.getbool("JOBCRAWL_GC_FREEZE", True)
        threshold = settings.getint("JOBCRAWL_GC_THRESHOLD", 0)
        if not freeze and threshold <= 0:
            raise NotConfigured("JOBCRAWL_GC_FREEZE is off and JOBCRAWL_GC_THRESHOLD is 0")
        extension = cls(freeze, threshold)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_started(self) -> None:
        if self.freeze:
            gc.collect()  # start-up garbage goes now; what is frozen is never collected
            gc.freeze()
            self.frozen = True
        if self.threshold > 0:
            self.previous = gc.get_threshold()
            gc.set_threshold(self.threshold, *self.previous[1:])

    def engine_stopped(self) -> None:
        if self.previous is not None:
            gc.set_threshold(*self.previous)
            self.previous = None
        if self.frozen:
            gc.unfreeze()
            self.frozen = False


class JobdirGuard:
    def __init__(self, crawler: Crawler, jobdir: Path) -> None:
        self.crawler = crawler
        self.jobdir = jobdir
        self.state_path = jobdir / STATE_FILE
        self.state: dict[str, Any] = {"running": False, "runs": []}
        self.skip_keys: set[str] = set()
        self.skipped = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobdirGuard:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured()  # no JOBDIR: nothing to guard (no message, so Scrapy logs no warning)
        guard = cls(crawler, Path(jobdir))
        # Runs while the crawler is built, before the scheduler opens the JOBDIR files.
        guard.prepare()
        crawler.signals.connect(guard.run_started, signal=jobcrawl_signals.run_started)
        crawler.signals.connect(guard.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(guard.request_scheduled, signal=signals.request_scheduled)
        return guard

    def prepare(self) -> None:
        self.jobdir.mkdir(parents=True, exist_ok=True)
        if self.state_path.exists():
            try:
                self.state = json.loads(self.state_path.read_text(encoding="utf-8"))
            except ValueError:
                self.state = {"running": True, "runs": []}
        if self.state.get("running"):
            moved = []
            for name in REQUEST_STATE:
                path = self.jobdir / name
                if path.exists():
                    target = self.jobdir / f"{name}.unclean"
                    if target.is_dir():
                        shutil.rmtree(target)
                    elif target.exists():
                        target.unlink()
                    path.rename(target)
                    moved.append(name)
            self.skip_keys = self.stored_url_keys(self.state.get("runs") or [])
            logger.warning(
                "JOBDIR %s: the previous run did not stop cleanly (killed?). Its request queue is not "
                "trustworthy: restarting from the start requests (moved aside: %s), skipping the %d posting "
                "pages whose postings this job already stored.",
                self.jobdir, ", ".join(moved) or "nothing", len(self.skip_keys),
            )
            if self.crawler.stats is not None:
                self.crawler.stats.set_value("jobcrawl/resumed_after_unclean_stop", 1)
        self.state["running"] = True
        self.state["pid"] = os.getpid()
        self._save()

    def stored_url_keys(self, run_ids: list[int]) -> set[str]:
        """url_keys of the postings this job's runs stored (both the page URL and the canonical one)."""
        if not run_ids:
            return set()
        from jobcrawl.db import make_engine, resolve_database_url
        from jobcrawl.store import PostingStore

        try:
            engine = make_engine(resolve_database_url(self.crawler.settings))
            store = PostingStore(engine)
            try:
                return store.url_keys_seen_by_runs(run_ids)
            finally:
                store.close()
                engine.dispose()
        except Exception as exc:  # the store reports database problems itself; here we just refetch all
            logger.warning("Could not read what this job already stored (%s): fetching every page again", exc)
            return set()

    def run_started(self, run_id: int | None = None) -> None:
        if run_id is not None and run_id not in self.state["runs"]:
            self.state["runs"].append(run_id)
            self._save()

    def request_scheduled(self, request: Request, spider: Any = None) -> None:
        if not self.skip_keys:
            return
        from jobcrawl.urls import url_key

        if url_key(request.url) in self.skip_keys:
            self.skipped += 1
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("jobcrawl/resume_skipped_stored")
            raise IgnoreRequest(f"already stored by this job before the unclean stop: {request.url}")

    def engine_stopped(self) -> None:
        # The scheduler has closed and saved the queue by now: the JOBDIR state is consistent.
        self.state["running"] = False
        self._save()

    def _save(self) -> None:
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state, indent=2), encoding="utf-8")
        os.replace(tmp, self.state_path)
