"""Extraction and normalization in a pool of worker processes (``JOBCRAWL_WORKERS``), fed batches of pages.

One Python process uses one core, and extraction plus normalization are most of a page's CPU (issue 19). With
``JOBCRAWL_WORKERS`` = N > 1 the spider sends each fetched page it accepted (``PageTask``: url, status, headers,
body, encoding, the posting an ATS list showed, ``fetched_at``) to an ``ExtractionPool`` and awaits the
``PageExtraction``; the worker has already run the normalize step on the postings the spider will yield
(``normalize_item``, which the NormalizePipeline then skips). Fetching, the board tracker, following links and
the item pipelines stay in the reactor process: SQLite keeps one writer, and acknowledging after commit and
the spool work as before. ``JOBCRAWL_WORKERS=1`` extracts in the reactor process, as before the pool.

Design choices (docs/operations.md, "Extraction workers"):
- Batches: a task costs about 0.5 ms of pickling and pipe traffic in the parent whatever its size, so pages go
  in batches of ``JOBCRAWL_WORKER_BATCH_SIZE``; a partial batch leaves after ``JOBCRAWL_WORKER_BATCH_WAIT``
  seconds, so a polite crawl with one page in flight waits at most that long.
- Start method: ``forkserver`` with the extraction modules preloaded. ``fork`` after the reactor, the store's
  threads and the executor's own thread started is unsafe (a lock held by another thread at fork time stays
  held in the child); ``spawn`` re-imports Scrapy and the extractors in every worker, forkserver does it once.
  The pool starts on the first batch, so a crawl that extracts nothing starts no process.
- Failures: an exception in extraction comes back as the page's result and is raised in the spider's callback,
  so ProblemOnExceptionMiddleware records it as before (``extract-error``). A worker that dies (killed, out of
  memory) breaks the pool: it is rebuilt, and every page that was in it is run again, alone; a page that breaks
  a pool a second time is recorded as an ``extract-error`` problem (``WorkerDied``), so no page is lost and a
  page that kills its worker cannot loop.
- Signals: workers ignore SIGINT and SIGTERM; Ctrl-C stops the crawl through the reactor process, as before
  (recorded ``shutdown``), and the pool is shut down when the spider closes. When the crawl process is killed
  outright, each worker sees it end (a pidfd) and exits, and the fork server with them.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from multiprocessing import forkserver
import os
import pickle
import resource
import select
import signal
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from jobcrawl.extract import PageExtraction, extract_page
from jobcrawl.items import JobPosting
from jobcrawl.normalize import normalize_posting
from jobcrawl.normalize.text import clean_text

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 16  # JOBCRAWL_WORKER_BATCH_SIZE
DEFAULT_BATCH_WAIT = 0.02  # JOBCRAWL_WORKER_BATCH_WAIT, seconds
# Imported once by the fork server, so each worker starts with them loaded (a fork, not a fresh interpreter).
# scrapy.cmdline: a worker imports the crawl's main module again (the ``scrapy`` script imports it), cheaply
# once it is loaded.
PRELOAD = ["jobcrawl.workers", "jobcrawl.extract", "jobcrawl.normalize", "scrapy.http", "scrapy.cmdline"]
# A page in a pool that broke this many times is recorded as a problem instead of being run again.
MAX_BREAKS = 2
PARENT_CHECK_SECONDS = 0.5  # how often a worker without pidfd looks whether its crawl is still there


class SettingError(ValueError):
    """A JOBCRAWL_WORKER* setting that cannot be used; the message names the setting and the fix."""


def default_workers() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class PoolSettings:
    workers: int
    batch_size: int = DEFAULT_BATCH_SIZE
    batch_wait: float = DEFAULT_BATCH_WAIT


def _positive_int(name: str, value: Any, example: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1 or str(value).strip() != str(number):
        raise SettingError(f"{name}={value!r} is not a positive whole number: give e.g. {name}={example}")
    return number


def pool_settings(settings: Any) -> PoolSettings:
    """The pool's settings, checked; a SettingError names the setting and the fix (the crawl command prints it
    and exits 2 before anything is fetched)."""
    workers = settings.get("JOBCRAWL_WORKERS")
    workers = _positive_int("JOBCRAWL_WORKERS", default_workers() if workers is None else workers,
                            "1 (1 extracts in the crawl process; the default is the number of cores)")
    batch_size = _positive_int("JOBCRAWL_WORKER_BATCH_SIZE",
                               settings.get("JOBCRAWL_WORKER_BATCH_SIZE", DEFAULT_BATCH_SIZE), str(DEFAULT_BATCH_SIZE))
    wait_value = settings.get("JOBCRAWL_WORKER_BATCH_WAIT", DEFAULT_BATCH_WAIT)
    try:
        batch_wait = float(wait_value)
    except (TypeError, ValueError):
        batch_wait = -1.0
    if not 0 <= batch_wait <= 10:
        raise SettingError(f"JOBCRAWL_WORKER_BATCH_WAIT={wait_value!r} is not a number of seconds from 0 to 10: "
                           f"give e.g. JOBCRAWL_WORKER_BATCH_WAIT=0.02")
    return PoolSettings(workers, batch_size, batch_wait)


# --- the normalize step, shared by NormalizePipeline and the workers ------------------------------------------
def normalize_item(item: JobPosting) -> JobPosting:
    """Clean the sections' text and fill ``item.normalized`` (what NormalizePipeline did inline before)."""
    for section in item.sections:
        section.text = clean_text(section.text) or ""
        section.heading = clean_text(section.heading)
    item.normalized = normalize_posting(item)
    return item


def yielded_postings(extraction: PageExtraction) -> list[JobPosting]:
    """The postings the spider yields from a page: those a detail request will complete wait for it (and go
    through the normalize pipeline later, completed, or when the request fails)."""
    waiting = {id(spec.listed) for spec in extraction.requests if spec.listed is not None}
    return [p for p in extraction.postings if id(p) not in waiting]


# --- what goes to a worker and back ----------------------------------------------------------------------------
@dataclass
class PageTask:
    """What ``extract_page`` needs of a response, in plain picklable values."""

    response_class: type
    url: str
    status: int
    headers: dict[bytes, list[bytes]]
    body: bytes
    encoding: str
    flags: list[str]
    request_url: str | None
    request_method: str
    request_body: bytes
    redirect_urls: list[str]
    fetched_at: str | None
    listed: JobPosting | None = None
    breaks: int = field(default=0, compare=False)  # times a pool broke with this page in it (parent side)

    @classmethod
    def of(cls, response: Any, fetched_at: str | None, listed: JobPosting | None) -> PageTask:
        request = getattr(response, "request", None)
        meta = response.meta if request is not None else {}
        return cls(
            response_class=type(response), url=response.url, status=response.status,
            headers={bytes(k): list(v) for k, v in response.headers.items()}, body=response.body,
            encoding=response.encoding, flags=list(response.flags or []),
            request_url=request.url if request is not None else None,
            request_method=request.method if request is not None else "GET",
            request_body=request.body if request is not None else b"",
            redirect_urls=list(meta.get("redirect_urls") or []), fetched_at=fetched_at, listed=listed,
        )

    def response(self) -> Any:
        """The response again, as extraction sees it (its request carries the body and redirect chain)."""
        from scrapy.http import Request

        request = None
        if self.request_url is not None:
            meta = {"redirect_urls": self.redirect_urls} if self.redirect_urls else {}
            request = Request(self.request_url, method=self.request_method, body=self.request_body, meta=meta)
        return self.response_class(url=self.url, status=self.status, headers=self.headers, body=self.body,
                                   encoding=self.encoding, flags=self.flags, request=request)


class WorkerDied(RuntimeError):
    """The worker process extracting a page died (killed, out of memory) each time the page was run."""


class ExtractionFailed(RuntimeError):
    """An extraction exception that could not be sent back as it was (it does not pickle)."""


def extract_task(task: PageTask) -> PageExtraction:
    """One page: extraction, then the normalize step on the postings the spider yields."""
    extraction = extract_page(task.response(), task.fetched_at, listed=task.listed)
    for posting in yielded_postings(extraction):
        normalize_item(posting)
    return extraction


def _portable(exc: Exception) -> Exception:
    """The exception, with the worker's traceback as a note, in a form that survives the trip back."""
    exc.add_note("in the extraction worker:\n" + "".join(traceback.format_exception(exc)))
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        failed = ExtractionFailed(f"{type(exc).__name__}: {exc}")
        failed.add_note("in the extraction worker:\n" + "".join(traceback.format_exception(exc)))
        return failed


@dataclass
class BatchResult:
    pid: int
    peak_rss_kb: int  # the worker's peak resident memory so far (ru_maxrss, kB on Linux)
    results: list[PageExtraction | Exception]


def extract_batch(tasks: list[PageTask]) -> BatchResult:
    """Runs in a worker: each page's extraction, or the exception it raised (one page's failure is its own)."""
    results: list[PageExtraction | Exception] = []
    for task in tasks:
        try:
            results.append(extract_task(task))
        except Exception as exc:
            results.append(_portable(exc))
    return BatchResult(os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, results)


def _worker_started(crawl_pid: int) -> None:
    # Ctrl-C reaches the whole foreground process group; the reactor process alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # When the crawl process is killed outright (SIGKILL, out of memory) nothing tells a worker: it holds both
    # ends of its task queue, and the fork server outlives the crawl as long as a worker holds its "alive"
    # pipe. So each worker watches the crawl process, exits with it, and the fork server follows.
    threading.Thread(target=_exit_with, args=(crawl_pid,), name="crawl-watch", daemon=True).start()


def _exit_with(crawl_pid: int) -> None:
    try:
        watched = os.pidfd_open(crawl_pid)  # readable once the process ended; immune to a reused pid
    except (AttributeError, OSError):
        watched = None
    while True:
        if watched is not None:
            if select.select([watched], [], [], PARENT_CHECK_SECONDS)[0]:
                os._exit(1)
            continue
        try:
            os.kill(crawl_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass
        time.sleep(PARENT_CHECK_SECONDS)


# --- the pool, in the reactor process ----------------------------------------------------------------------
@dataclass
class _Waiting:
    task: PageTask
    future: asyncio.Future


class ExtractionPool:
    """Batches pages to a ProcessPoolExecutor and hands each page's result back to the coroutine awaiting it."""

    def __init__(self, config: PoolSettings, on_event: Callable[[str], None] | None = None) -> None:
        self.config = config
        self.on_event = on_event or (lambda name: None)
        self.executor: ProcessPoolExecutor | None = None
        self.pending: list[_Waiting] = []
        self.flush_handle: asyncio.TimerHandle | None = None
        self.closed = False
        self.rebuilds = 0
        self.batches = 0
        self.peak_rss_kb: dict[int, int] = {}  # per worker process, as last reported with a batch

    def start_fork_server(self) -> None:
        """Start the fork server now: it imports the extraction modules (about 0.8 s of CPU) while the crawl
        fetches its first pages, instead of holding up the first batch."""
        multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
        forkserver.ensure_running()

    def _executor(self) -> ProcessPoolExecutor:
        if self.executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            self.executor = ProcessPoolExecutor(self.config.workers, mp_context=context,
                                                initializer=_worker_started, initargs=(os.getpid(),))
        return self.executor

    async def extract(self, task: PageTask) -> PageExtraction:
        """The page's extraction; raises what extraction raised, or WorkerDied."""
        if self.closed:
            raise RuntimeError("the extraction pool is closed")
        loop = asyncio.get_running_loop()
        waiting = _Waiting(task, loop.create_future())
        self.pending.append(waiting)
        if len(self.pending) >= self.config.batch_size:
            self.flush()
        elif self.flush_handle is None:
            self.flush_handle = loop.call_later(self.config.batch_wait, self.flush)
        return await waiting.future

    def flush(self) -> None:
        if self.flush_handle is not None:
            self.flush_handle.cancel()
            self.flush_handle = None
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            self._submit(batch)
        except Exception as exc:  # the pool cannot start (no processes left, ...): each page gets the exception
            for waiting in batch:
                if not waiting.future.done():
                    waiting.future.set_exception(exc)

    def _submit(self, batch: list[_Waiting]) -> None:
        loop = asyncio.get_running_loop()
        executor = self._executor()
        self.batches += 1
        try:
            done = executor.submit(extract_batch, [w.task for w in batch])
        except BrokenProcessPool:  # broke since the last look: rebuild and go on
            self._rebuild(executor)
            executor = self._executor()
            done = executor.submit(extract_batch, [w.task for w in batch])

        def back_in_the_loop(finished: Future) -> None:  # runs in the executor's thread
            if not loop.is_closed():
                loop.call_soon_threadsafe(self._finished, batch, finished, executor)

        done.add_done_callback(back_in_the_loop)

    def _finished(self, batch: list[_Waiting], done: Future, executor: ProcessPoolExecutor) -> None:
        try:
            batch_result = done.result()
        except BrokenProcessPool:
            self._broken(batch, executor)
            return
        except Exception as exc:  # the batch could not be sent or read back: each page gets the exception
            for waiting in batch:
                if not waiting.future.done():
                    waiting.future.set_exception(exc)
            return
        self.peak_rss_kb[batch_result.pid] = batch_result.peak_rss_kb
        for waiting, result in zip(batch, batch_result.results, strict=True):
            if waiting.future.done():  # the awaiting callback was cancelled
                continue
            if isinstance(result, Exception):
                waiting.future.set_exception(result)
            else:
                waiting.future.set_result(result)

    def _broken(self, batch: list[_Waiting], executor: ProcessPoolExecutor) -> None:
        self._rebuild(executor)
        for waiting in batch:
            if waiting.future.done():
                continue
            waiting.task.breaks += 1
            if waiting.task.breaks >= MAX_BREAKS or self.closed:
                waiting.future.set_exception(WorkerDied(
                    f"the extraction worker process died {waiting.task.breaks} times with this page in its "
                    f"batch (killed, or out of memory)"))
            else:
                self._submit([waiting])  # alone, so a page that kills its worker takes no other page with it

    def _rebuild(self, executor: ProcessPoolExecutor) -> None:
        if executor is not self.executor:
            return  # already rebuilt after this executor broke
        logger.warning("An extraction worker process died: starting the pool again; its pages are run again")
        self.on_event("rebuilt")
        self.rebuilds += 1
        self.executor = None
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers and wait for them (no process outlives the crawl)."""
        self.closed = True
        if self.flush_handle is not None:
            self.flush_handle.cancel()
            self.flush_handle = None
        for waiting in self.pending:
            if not waiting.future.done():
                waiting.future.set_exception(RuntimeError("the crawl closed before the page was extracted"))
        self.pending = []
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
