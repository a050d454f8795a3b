"""Middlewares that make faults visible and polite instead of silent.

``RetryAfterMiddleware`` (downloader; replaces Scrapy's RetryMiddleware)
    Retries like Scrapy's, and additionally honours ``Retry-After`` on 429/503 (seconds or an HTTP date),
    waiting at most JOBCRAWL_RETRY_AFTER_MAX seconds before the retry. A 429 also slows the whole domain:
    its download slot's delay doubles (at least JOBCRAWL_429_MIN_DELAY, at most AUTOTHROTTLE_MAX_DELAY);
    AutoThrottle then lowers it again step by step as 200s come back.

``RedirectLoopMiddleware`` (downloader, runs before RedirectMiddleware on responses)
    A redirect back to a URL already in the chain would be dropped by the duplicate filter without a word;
    this turns it into an ``IgnoreRequest("redirect loop ...")`` so the request's errback records it.

``ProblemOnExceptionMiddleware`` (spider)
    An exception in a callback becomes a ``PageProblem`` (stage ``extract``, reason ``extract-error``), so a
    page whose extraction crashed still leaves a row in ``crawl_errors``.
"""

from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, ResponseDataLossError
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from w3lib.url import safe_url_string

from jobcrawl.items import PageProblem

logger = logging.getLogger(__name__)


def parse_retry_after(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date); None when absent or bad."""
    if not value:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def download_failure_reason(failure: Any) -> str:
    """A short ``crawl_errors.reason`` for a download failure that is not an HTTP status, DNS or timeout.

    Scrapy reports refusals through a few exception types whose messages carry the meaning: size limits
    (``DownloadCancelledError`` for a body over DOWNLOAD_MAXSIZE, ``IgnoreRequest`` from the decompression
    limit), robots.txt, redirect limits and loops."""
    value = failure.value
    message = str(value).lower()
    if isinstance(value, DownloadCancelledError) or "max size" in message or "download_maxsize" in message:
        return "too-large"
    if isinstance(value, IgnoreRequest):
        if "robots.txt" in message:
            return "robots-disallowed"
        if "redirect loop" in message:
            return "redirect-loop"
        if "max redirections" in message:
            return "too-many-redirects"
        return "ignored"
    if isinstance(value, ConnectionRefusedError) or type(value).__name__ in (
        "ConnectionRefusedError", "DownloadConnectionRefusedError",
    ):
        return "connection-refused"
    if isinstance(value, ResponseDataLossError) or "dataloss" in type(value).__name__.lower():
        return "truncated"
    if isinstance(value, FileNotFoundError):  # a file:// page that is not there (any more): its 404
        return "gone"
    return type(value).__name__ if value is not None else "download-error"


class RetryAfterMiddleware(RetryMiddleware):
    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("JOBCRAWL_RETRY_AFTER_MAX", 30.0)
        self.min_429_delay = settings.getfloat("JOBCRAWL_429_MIN_DELAY", 1.0)
        self.max_delay = settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 60.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    async def process_response(self, request: Request, response: Response, spider: Any = None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        if response.status == 429:
            self.slow_down(request)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        wait = None
        if response.status in (429, 503):
            wait = parse_retry_after(response.headers.get(b"Retry-After"))
        if wait:
            wait = min(wait, self.retry_after_max)
            logger.info("Retry-After %.1fs from %s: waiting before the retry", wait, request.url)
            self._stat_inc("jobcrawl/retry_after_waits")
            from twisted.internet import reactor, task  # not at import time: Scrapy installs the reactor

            await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))
        return retry

    def slow_down(self, request: Request) -> None:
        """Double the delay of the request's download slot (the domain), within bounds."""
        engine = getattr(self.crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        if downloader is None:
            return
        key = request.meta.get("download_slot") or downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:
            return
        old = slot.delay
        slot.delay = min(max(old * 2, self.min_429_delay), self.max_delay)
        self._stat_inc("jobcrawl/throttled_429")
        logger.info("429 Too Many Requests from %s: slowing down, delay %.2fs -> %.2fs", key, old, slot.delay)

    def _stat_inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


class RedirectLoopMiddleware:
    REDIRECT_CODES = (301, 302, 303, 307, 308)

    def process_response(self, request: Request, response: Response, spider: Any = None):
        if response.status not in self.REDIRECT_CODES or b"Location" not in response.headers:
            return response
        location = safe_url_string(response.headers[b"Location"].decode("latin-1"))
        target = response.urljoin(location)
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, target])}"[:1000])
        return response


class ProblemOnExceptionMiddleware:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProblemOnExceptionMiddleware:
        middleware = cls()
        middleware.crawler = crawler
        return middleware

    def process_spider_exception(self, response: Response, exception: Exception, spider: Any = None):
        logger.error("Extraction failed on %s: %r", response.url, exception, exc_info=exception)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("jobcrawl/pages_skipped/extract-error")
        return [
            PageProblem(
                url=response.url, stage="extract", reason="extract-error",
                detail=f"{type(exception).__name__}: {exception}"[:1000], http_status=response.status,
            )
        ]
