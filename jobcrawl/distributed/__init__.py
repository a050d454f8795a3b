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

Modules: ``keys`` (URL setting, Redis key layout, status), ``addon`` (DistributedAddon), ``frontier`` (the three
scrapy-redis subclasses), ``worker`` (DistributedWorker), ``start`` (the spider's start()). Settings name the
classes by their package path (``jobcrawl.distributed.RedisScheduler``), so they are re-exported here.
"""

from jobcrawl.distributed.addon import DistributedAddon
from jobcrawl.distributed.frontier import RedisDupeFilter, RedisScheduler, ReliableQueue
from jobcrawl.distributed.keys import REDIS_URL_SETTING, Keys, enabled, redis_url, status
from jobcrawl.distributed.start import start_requests
from jobcrawl.distributed.worker import DistributedWorker

__all__ = [
    "REDIS_URL_SETTING",
    "DistributedAddon",
    "DistributedWorker",
    "Keys",
    "RedisDupeFilter",
    "RedisScheduler",
    "ReliableQueue",
    "enabled",
    "redis_url",
    "start_requests",
    "status",
]
