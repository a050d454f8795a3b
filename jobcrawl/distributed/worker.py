"""One crawl process's part in the shared crawl: heartbeat, acknowledgements, reclaiming, idling."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError
from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy_redis.connection import get_redis_from_settings
from twisted.internet import task

from jobcrawl import scrapy_internals
from jobcrawl import signals as jobcrawl_signals
from jobcrawl.distributed.keys import Keys, enabled, redis_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from jobcrawl.distributed.frontier import RedisScheduler

logger = logging.getLogger(__name__)


class DistributedWorker:
    """One crawl process's part in the shared crawl (an extension the add-on enables).

    Acknowledging: a request taken from the queue is acknowledged (removed from this worker's processing
    list) only when it is finished and its items are committed. "Finished" is the moment Scrapy's engine
    drops the request from its in-progress set: by then the callback's whole output went through the item
    pipelines and its requests were pushed to the queue (Scrapy has no public signal for it, so the engine
    slot's ``remove_request`` is wrapped; the distributed tests fail loudly if a Scrapy upgrade moves it).
    "Committed": the store pipeline batches items (JOBCRAWL_STORE_BATCH_SIZE), and a finished request's items
    may still sit in its buffer. Rather than forcing batches of one (a transaction per item, 10-40x slower
    writes), finished requests wait here until the store signals ``items_stored`` after a flush: everything
    it had received by then, so every item of every request finished before, is written. A flush that had
    to spool (database away) acknowledges nothing; those requests go back to the queue when the worker stops.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.keys = Keys(crawler.spidercls.name)
        self.server = get_redis_from_settings(settings)
        self.id = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.idle_timeout = settings.getfloat("JOBCRAWL_IDLE_TIMEOUT", 60.0)
        self.heartbeat_ttl = max(settings.getfloat("JOBCRAWL_REDIS_HEARTBEAT_TTL", 30.0), 1.0)
        self.poll_interval = settings.getfloat("JOBCRAWL_REDIS_POLL_INTERVAL", 0.5)
        self.clear_seen_on_drain = settings.getbool("JOBCRAWL_REDIS_CLEAR_SEEN_ON_DRAIN", True)
        # Set when the store pipeline announces itself (signals.store_attached, sent while the crawler is
        # built, after the extensions): without a store there are no commits to wait for.
        self.wait_for_store = False
        self.scheduler: RedisScheduler | None = None
        self.inflight: dict[int, tuple[Request, bytes]] = {}
        self.finished: list[bytes] = []  # waiting for the store to commit their items
        self.held: list[bytes] = []  # their items were spooled, not committed: back to the queue at the end
        self.last_reclaim = 0.0
        self.heartbeat_call: task.LoopingCall | None = None
        self.counts = {"taken": 0, "acknowledged": 0, "returned": 0, "reclaimed": 0}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.on_store_attached, signal=jobcrawl_signals.store_attached)
        crawler.signals.connect(self.on_items_stored, signal=jobcrawl_signals.items_stored)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedWorker:
        if not enabled(crawler.settings):
            raise NotConfigured("JOBCRAWL_REDIS_URL is not set")
        return cls(crawler)

    # --- lifecycle ---------------------------------------------------------------------------------------
    def attach(self, scheduler: RedisScheduler) -> None:
        """Called when the scheduler opens, before any request is taken: announce this worker."""
        self.scheduler = scheduler
        try:
            self.beat()
        except RedisError as exc:
            raise NotConfigured(f"Cannot reach Redis at {redis_url(self.crawler.settings)}: {exc}") from None
        logger.info("Worker %s joined the shared crawl (heartbeat TTL %ss, idle timeout %ss)",
                    self.id, self.heartbeat_ttl, self.idle_timeout)

    def spider_opened(self, spider: Any = None) -> None:
        self.heartbeat_call = task.LoopingCall(self._beat_safely)
        self.heartbeat_call.start(self.heartbeat_ttl / 3, now=False)
        self._hook_engine()

    def _hook_engine(self) -> None:
        scrapy_internals.on_request_finished(self.crawler.engine, self.request_done)

    def release(self) -> None:
        """Scheduler closing (the pipelines already flushed): whatever was not acknowledged goes back."""
        if self.scheduler is None:
            return
        queue = self.scheduler.queue
        returned = queue.requeue()
        starts = self._return_start_urls(self.keys.start_processing(self.id))
        if returned or starts:
            logger.info("Returned %d unfinished requests and %d start URLs to the shared queue", returned, starts)
        self.counts["returned"] += returned
        self._stat("jobcrawl/distributed/returned", returned)

    def spider_closed(self, spider: Any = None, reason: str | None = None) -> None:
        if self.heartbeat_call is not None and self.heartbeat_call.running:
            self.heartbeat_call.stop()
        try:
            self.server.delete(self.keys.heartbeat(self.id))
            self.server.srem(self.keys.workers, self.id)
            drained = self.drained()
            if drained and self.clear_seen_on_drain:
                self.server.delete(self.keys.seen)
        except RedisError as exc:
            logger.error("Could not sign off from Redis: %s", exc)
            drained = False
        logger.info(
            "Worker %s done: took %d requests, acknowledged %d, returned %d, reclaimed %d from dead workers%s",
            self.id, self.counts["taken"], self.counts["acknowledged"], self.counts["returned"],
            self.counts["reclaimed"], "; the shared crawl is drained, fingerprints cleared" if drained and
            self.clear_seen_on_drain else "",
        )

    # --- acknowledging -----------------------------------------------------------------------------------
    def taken(self, request: Request, entry: bytes) -> None:
        self.inflight[id(request)] = (request, entry)
        self.counts["taken"] += 1

    def request_done(self, request: Request) -> None:
        held = self.inflight.pop(id(request), None)
        if held is None:
            return  # not from the queue (robots.txt and other engine.download() fetches)
        if held[0] is not request:
            self.inflight[id(request)] = held
            return
        if self.wait_for_store:
            self.finished.append(held[1])
        else:
            self.ack([held[1]])

    def on_store_attached(self) -> None:
        self.wait_for_store = True

    def on_items_stored(self, spooled: bool = False) -> None:
        finished, self.finished = self.finished, []
        if spooled:
            self.held.extend(finished)
            logger.warning("%d finished requests wait: their items were spooled, not stored", len(finished))
            return
        self.ack(finished)

    def flush_store(self) -> None:
        """Nothing in progress here: write what the store holds now instead of at its next batch, so that this
        worker's finished requests are acknowledged and the others see it has no work left."""
        if not self.finished:
            return
        if self.wait_for_store:
            # the store answers with items_stored, which acknowledges (or holds) the finished requests
            self.crawler.signals.send_catch_log(signal=jobcrawl_signals.flush_store)
        else:
            self.on_items_stored()

    def ack(self, entries: list[bytes]) -> None:
        if not entries or self.scheduler is None:
            return
        self.scheduler.queue.ack(entries)
        self.counts["acknowledged"] += len(entries)
        self._stat("jobcrawl/distributed/acknowledged", len(entries))

    # --- heartbeat and reclaiming ------------------------------------------------------------------------
    def beat(self) -> None:
        pipe = self.server.pipeline(transaction=False)
        pipe.set(self.keys.heartbeat(self.id), str(time.time()), px=int(self.heartbeat_ttl * 1000))
        # Re-added on every beat: a worker wrongly declared dead (blocked longer than the TTL) is found again.
        pipe.sadd(self.keys.workers, self.id)
        pipe.execute()

    def _beat_safely(self) -> None:
        try:
            self.beat()
        except RedisError as exc:
            logger.warning("Heartbeat to Redis failed: %s", exc)

    def reclaim(self) -> int:
        """Return the work of workers whose heartbeat expired to the queue; the number of requests returned."""
        if self.scheduler is None:
            return 0
        total = 0
        for raw in self.server.smembers(self.keys.workers):
            worker = raw.decode() if isinstance(raw, bytes) else raw
            if worker == self.id or self.server.exists(self.keys.heartbeat(worker)):
                continue
            moved = self.scheduler.queue.requeue(self.keys.processing(worker))
            starts = self._return_start_urls(self.keys.start_processing(worker))
            self.server.srem(self.keys.workers, worker)
            if moved or starts:
                logger.warning("Worker %s is gone (no heartbeat for %ss): returned its %d requests and %d start "
                               "URLs to the queue", worker, self.heartbeat_ttl, moved, starts)
            total += moved
        if total:
            self.counts["reclaimed"] += total
            self._stat("jobcrawl/distributed/reclaimed", total)
        return total

    def _return_start_urls(self, key: str) -> int:
        moved = 0
        while self.server.rpoplpush(key, self.keys.start_urls) is not None:
            moved += 1
        return moved

    def maintain(self) -> None:
        now = time.monotonic()
        if now - self.last_reclaim >= self.heartbeat_ttl / 2:
            self.last_reclaim = now
            if self.reclaim():
                self.wake_engine()

    # --- start URLs and idling ---------------------------------------------------------------------------
    def take_start_url(self) -> str | None:
        raw = self.server.rpoplpush(self.keys.start_urls, self.keys.start_processing(self.id))
        if raw is None:
            return None
        self._taken_start = raw
        return raw.decode() if isinstance(raw, bytes) else raw

    def start_url_scheduled(self) -> None:
        """The engine has pushed the request made from the last start URL to the queue."""
        raw = getattr(self, "_taken_start", None)
        if raw is not None:
            self.server.lrem(self.keys.start_processing(self.id), 1, raw)
            self._taken_start = None

    def idle(self) -> bool:
        """Nothing to do here or anywhere: no request in progress, queue and start list empty, and no other
        worker holding work it could still add to or lose (this worker's own acknowledgements may wait for
        its last store flush, which comes when it stops)."""
        if self.inflight or self.scheduler is None or len(self.scheduler.queue):
            return False
        self.flush_store()
        if self.server.llen(self.keys.start_urls):
            return False
        return not self.others_busy()

    def others_busy(self) -> bool:
        for raw in self.server.smembers(self.keys.workers):
            worker = raw.decode() if isinstance(raw, bytes) else raw
            if worker != self.id and (
                self.server.exists(self.keys.processing(worker)) or self.server.exists(self.keys.start_processing(worker))
            ):
                return True
        return False

    def drained(self) -> bool:
        if self.server.llen(self.keys.start_urls) or self.server.zcard(self.keys.requests):
            return False
        for raw in self.server.smembers(self.keys.workers):
            worker = raw.decode() if isinstance(raw, bytes) else raw
            if self.server.exists(self.keys.processing(worker)) or self.server.exists(self.keys.start_processing(worker)):
                return False
        return not self.server.exists(self.keys.processing(self.id))

    def wake_engine(self) -> None:
        """Make the engine ask the scheduler now rather than at its next 5-second heartbeat (best effort)."""
        scrapy_internals.wake_engine(self.crawler.engine)

    def _stat(self, key: str, value: int) -> None:
        if value and self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, value)
