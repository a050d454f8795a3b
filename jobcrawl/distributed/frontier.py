"""scrapy-redis's dupefilter, queue and scheduler, fitted to Scrapy 2.19 (the package docstring lists why)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base as RedisQueueBase
from scrapy_redis.scheduler import Scheduler as RedisSchedulerBase

from jobcrawl.distributed.keys import Keys
from jobcrawl.distributed.worker import DistributedWorker

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)


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
