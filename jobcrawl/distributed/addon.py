"""The add-on that turns distributed mode on when a Redis URL is set."""

from __future__ import annotations

from scrapy.settings import BaseSettings

from jobcrawl.distributed.keys import REDIS_URL_SETTING, redis_url
from jobcrawl.distributed.worker import DistributedWorker


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
