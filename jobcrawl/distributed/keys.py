"""Where distributed mode keeps its state: the Redis URL setting and the Redis key layout (see the package docstring)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from scrapy.settings import BaseSettings

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
