"""Distributed crawling: several ``scrapy crawl postings`` workers share one Redis frontier and one database.

Off unless JOBCRAWL_REDIS_URL is set (setting or environment variable); then the add-on below swaps in
scrapy-redis's shared request queue and fingerprint set, and every worker writes to the same PostgreSQL
database (dedupe and near-duplicate links stay correct there: jobcrawl.store serializes writers with an
advisory lock). docs/distributed.md is the operator's guide.

Redis keys (the prefix is the spider's name, ``postings``):

  postings:start_urls                  list    start URLs; ``scrapy enqueue`` or ``LPUSH`` add, workers take
  postings:requests                    zset    the shared request queue (scrapy-redis layout, score -priority)
  postings:dupefilter                  set     fingerprints of every request scheduled in this crawl
  postings:workers                     set     ids of workers that may hold work
  postings:heartbeat:<worker>          string  expires JOBCRAWL_REDIS_HEARTBEAT_TTL seconds after the last beat
  postings:processing:<worker>         list    requests the worker took and has not acknowledged
  postings:start-processing:<worker>   list    start URLs the worker took and has not scheduled yet

No request is lost when a worker dies: taking a request moves it atomically from the queue to the worker's
processing list, and it leaves that list only once everything it produced is safe (its follow-up requests
are in the queue, its items committed to the database). A live worker that finds a worker without a
heartbeat moves that worker's lists back to the queue, straight into the queue: the fingerprint set would
drop them otherwise. The price is that the dead worker's unfinished pages are fetched again (writes are
idempotent upserts, so this costs time, not correctness).

Compatibility with scrapy-redis 0.9.1 under Scrapy 2.19, fixed here by subclassing:
  * its dupefilter hashes method/URL/body itself and ignores REQUEST_FINGERPRINTER_CLASS: ours uses the
    crawler's request fingerprinter; and its ``close()`` deletes the fingerprint set, which all workers share;
  * its scheduler passes ``spider=`` to stats methods (deprecated) and empties the shared queue on close unless
    SCHEDULER_PERSIST: ours always persists and counts the usual ``scheduler/*`` stats too;
  * its queues pop destructively (a killed worker loses what it popped): ours moves to a processing list;
  * its RedisSpider reads start URLs in ``start_requests()``, which Scrapy >= 2.13 no longer calls:
    :func:`start_requests` here is an async generator for the spider's ``start()``.
Request serialization (``Request.to_dict`` + pickle) and the scheduler interface work unchanged. Pickle
means anyone who can write to this Redis can run code in the workers: keep Redis private.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError
from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base as RedisQueueBase
from scrapy_redis.scheduler import Scheduler as RedisSchedulerBase
from twisted.internet import task

from jobcrawl import scrapy_internals
from jobcrawl import signals as jobcrawl_signals

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

REDIS_URL_SETTING = "JOBCRAWL_REDIS_URL"


def redis_url(settings: BaseSettings | None = None) -> str | None:
    """The Redis URL from the setting, else the environment variable; None means single-machine mode."""
    value = settings.get(REDIS_URL_SETTING) if settings is not None else None
    return value or os.environ.get(REDIS_URL_SETTING) or None


def enabled(settings: BaseSettings | None) -> bool:
    return bool(redis_url(settings))


@dataclass(frozen=True)
class Keys:
    prefix: str = "postings"

    @property
    def start_urls(self) -> str:
        return f"{self.prefix}:start_urls"

    @property
    def requests(self) -> str:
        return f"{self.prefix}:requests"

    @property
    def seen(self) -> str:
        return f"{self.prefix}:dupefilter"

    @property
    def workers(self) -> str:
        return f"{self.prefix}:workers"

    def heartbeat(self, worker: str) -> str:
        return f"{self.prefix}:heartbeat:{worker}"

    def processing(self, worker: str) -> str:
        return f"{self.prefix}:processing:{worker}"

    def start_processing(self, worker: str) -> str:
        return f"{self.prefix}:start-processing:{worker}"


def status(server: Any, keys: Keys = Keys()) -> dict[str, Any]:
    """Queue lengths and workers, for ``scrapy enqueue --status`` and monitoring."""
    workers = sorted(w.decode() if isinstance(w, bytes) else w for w in server.smembers(keys.workers))
    return {
        "start_urls": server.llen(keys.start_urls),
        "requests": server.zcard(keys.requests),
        "seen": server.scard(keys.seen),
        "workers": {
            w: {
                "alive": bool(server.exists(keys.heartbeat(w))),
                "processing": server.llen(keys.processing(w)),
                "start_processing": server.llen(keys.start_processing(w)),
            }
            for w in workers
        },
    }


# --- the add-on ------------------------------------------------------------------------------------------
class DistributedAddon:
    """Listed in ADDONS; ``update_settings`` runs after ``-s`` values are applied, so ``-s JOBCRAWL_REDIS_URL=``
    works as well as the environment variable. Without a URL it changes nothing."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = redis_url(settings)
        if not url:
            return
        for name, value in (
            (REDIS_URL_SETTING, url),
            ("REDIS_URL", url),
            ("SCHEDULER", "jobcrawl.distributed.RedisScheduler"),
            ("DUPEFILTER_CLASS", "jobcrawl.distributed.RedisDupeFilter"),
            ("SCHEDULER_QUEUE_CLASS", "jobcrawl.distributed.ReliableQueue"),
            # The queue and fingerprints belong to the whole crawl, not to one worker.
            ("SCHEDULER_PERSIST", True),
        ):
            settings.set(name, value, priority="addon")
        settings.set_in_component_priority_dict("EXTENSIONS", DistributedWorker, 100)


# --- scrapy-redis, fitted to Scrapy 2.19 -----------------------------------------------------------------
class RedisDupeFilter(RFPDupeFilter):
    """The shared fingerprint set, with Scrapy's request fingerprints; cleared only when the crawl drains."""

    def __init__(self, server: Any, key: str, debug: bool = False, fingerprinter: Any = None, stats: Any = None):
        super().__init__(server, key, debug)
        self.fingerprinter = fingerprinter
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisDupeFilter:
        return cls(
            get_redis_from_settings(crawler.settings),
            Keys(crawler.spidercls.name).seen,
            debug=crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
            stats=crawler.stats,
        )

    def request_fingerprint(self, request: Request) -> str:
        if self.fingerprinter is None:
            return super().request_fingerprint(request)
        return self.fingerprinter.fingerprint(request).hex()

    def log(self, request: Request, spider: Any) -> None:
        super().log(request, spider)
        if self.stats is not None:
            self.stats.inc_value("dupefilter/filtered")

    def close(self, reason: str = "") -> None:
        """Other workers still use the set (scrapy-redis deletes it here)."""


# Take the highest-priority request and keep it in the worker's processing list, in one step.
# Processing entries are "<score>|<serialized request>" so that they can go back with their priority.
_TAKE = """
local popped = redis.call('ZPOPMIN', KEYS[1])
if #popped == 0 then return false end
local entry = popped[2] .. '|' .. popped[1]
redis.call('LPUSH', KEYS[2], entry)
return entry
"""
# Move every entry of a processing list back to the queue, in one step.
_REQUEUE = """
local moved = 0
while true do
  local entry = redis.call('RPOP', KEYS[1])
  if not entry then break end
  local bar = string.find(entry, '|', 1, true)
  redis.call('ZADD', KEYS[2], tonumber(string.sub(entry, 1, bar - 1)), string.sub(entry, bar + 1))
  moved = moved + 1
end
return moved
"""


class ReliableQueue(RedisQueueBase):
    """scrapy-redis's priority queue (a sorted set) whose pop keeps a copy in a processing list until ack."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None, processing_key: str | None = None):
        super().__init__(server, spider, key, serializer)
        self.processing_key = processing_key or f"{self.key}:processing"
        self._take = server.register_script(_TAKE)
        self._requeue = server.register_script(_REQUEUE)

    def __len__(self) -> int:
        return self.server.zcard(self.key)

    def push(self, request: Request) -> None:
        self.server.zadd(self.key, {self._encode_request(request): -request.priority})

    def pop(self, timeout: int = 0) -> Request | None:
        taken = self.take()
        return taken[0] if taken else None

    def take(self) -> tuple[Request | None, bytes] | None:
        """(request, processing entry); the request is None when the entry cannot be decoded."""
        entry = self._take(keys=[self.key, self.processing_key])
        if not entry:
            return None
        try:
            return self._decode_request(entry.split(b"|", 1)[1]), entry
        except Exception:
            logger.exception("Dropping a queued request that cannot be decoded")
            self.ack([entry])
            return None, entry

    def ack(self, entries: Iterable[bytes]) -> None:
        pipe = self.server.pipeline(transaction=False)
        for entry in entries:
            pipe.lrem(self.processing_key, 1, entry)
        pipe.execute()

    def requeue(self, processing_key: str | None = None) -> int:
        return int(self._requeue(keys=[processing_key or self.processing_key, self.key]))


class RedisScheduler(RedisSchedulerBase):
    """scrapy-redis's scheduler on a ReliableQueue; tells the DistributedWorker what it hands out."""

    crawler: Crawler
    worker: DistributedWorker

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        settings = crawler.settings
        worker = crawler.get_extension(DistributedWorker)
        if worker is None:
            raise NotConfigured("RedisScheduler needs the DistributedWorker extension (set JOBCRAWL_REDIS_URL)")
        scheduler = cls(
            server=worker.server,
            persist=True,
            queue_key=worker.keys.requests,
            queue_cls=settings.get("SCHEDULER_QUEUE_CLASS") or "jobcrawl.distributed.ReliableQueue",
            dupefilter=load_object(settings.get("DUPEFILTER_CLASS")).from_crawler(crawler),
            dupefilter_key=worker.keys.seen,
            serializer=None,
        )
        scheduler.stats = crawler.stats
        scheduler.crawler = crawler
        scheduler.worker = worker
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key,
            serializer=self.serializer,
            processing_key=self.worker.keys.processing(self.worker.id),
        )
        self.worker.attach(self)
        waiting = len(self.queue)
        if waiting:
            logger.info("Joining a crawl in progress: %d requests queued", waiting)

    def close(self, reason: str) -> None:
        self.worker.release()

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.queue.push(request)
        if self.stats:
            self.stats.inc_value("scheduler/enqueued")
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        taken = self.queue.take()
        if taken is None:
            return None
        request, entry = taken
        if request is None:
            return None
        self.worker.taken(request, entry)
        if self.stats:
            self.stats.inc_value("scheduler/dequeued")
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0


# --- the worker: heartbeat, acknowledgements, reclaiming, idling ------------------------------------------
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


async def _sleep(seconds: float) -> None:
    from scrapy.utils.reactor import is_asyncio_reactor_installed

    if is_asyncio_reactor_installed():
        await asyncio.sleep(seconds)
    else:  # pragma: no cover - the project runs the asyncio reactor
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor

        await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))


async def start_requests(spider: Any, given: Iterable[Request] = ()) -> AsyncIterator[Request]:
    """The spider's ``start()`` in distributed mode: requests given as spider arguments join the shared queue,
    then start URLs are taken from ``postings:start_urls`` as they come. Ends when the worker has been idle
    (see DistributedWorker.idle) for JOBCRAWL_IDLE_TIMEOUT seconds; the engine then closes the spider once
    its own last requests are done. Meanwhile it reclaims the work of dead workers."""
    worker = spider.crawler.get_extension(DistributedWorker)
    if worker is None:
        raise RuntimeError("distributed start() without the DistributedWorker extension")
    for request in given:
        yield request
    idle_since: float | None = None
    while True:
        try:
            url = worker.take_start_url()
        except RedisError as exc:
            logger.warning("Redis unavailable (%s); retrying", exc)
            await _sleep(max(worker.poll_interval, 1.0))
            continue
        if url is not None:
            idle_since = None
            yield spider.request(url)
            worker.start_url_scheduled()
            continue
        try:
            worker.maintain()
            idle = worker.idle()
        except RedisError as exc:
            logger.warning("Redis unavailable (%s); retrying", exc)
            idle = False
        if idle:
            now = time.monotonic()
            idle_since = idle_since if idle_since is not None else now
            if now - idle_since >= worker.idle_timeout:
                logger.info("Nothing to do for %ss: worker %s stops", worker.idle_timeout, worker.id)
                return
        else:
            idle_since = None
            if worker.scheduler is not None and worker.scheduler.has_pending_requests():
                worker.wake_engine()
        await _sleep(worker.poll_interval)
