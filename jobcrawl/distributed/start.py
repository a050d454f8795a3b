"""The spider's ``start()`` in distributed mode: start URLs come from Redis until the shared crawl is idle."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterable
from typing import Any

from redis.exceptions import RedisError
from scrapy import Request
from twisted.internet import task

from jobcrawl.distributed.worker import DistributedWorker

logger = logging.getLogger(__name__)


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
