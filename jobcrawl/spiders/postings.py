"""The ``postings`` spider: schedules requests and hands every response to jobcrawl.extract.

Inputs (spider arguments, any combination):
  -a urls=URL,URL          posting (or listing) pages; file:// and http(s)
  -a urls_file=PATH        one URL per line, ``#`` starts a comment
  -a start=URL,URL         listing/search pages: posting links and pagination are followed
  -a sitemap=URL,URL       sitemaps or sitemap indexes; URLs matching -a sitemap_pattern=REGEX are kept
  -a greenhouse=TOKEN,...  Greenhouse board tokens (public job-board API)
  -a lever=COMPANY,...     Lever companies (public postings API)
  -a ashby=BOARD,...       Ashby job boards (public posting API)
  -a recheck=open          re-fetch stored open postings, least recently seen first (jobcrawl.recheck):
                           also older-than:7d, source:lever; -a limit=N fetches at most N URLs
With none of them it crawls the bundled demo job board (fixtures/demo) through file:// URLs.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.exceptions import DownloadTimeoutError
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError as TwistedTimeoutError

from jobcrawl import distributed, recheck
from jobcrawl.extract import extract_page
from jobcrawl.middlewares import download_failure_reason
from jobcrawl.items import PageProblem
from jobcrawl.urls import strip_tracking

LOCAL_FILES_SLOT = "local-files"
# Content types that can hold a posting, a listing, a sitemap or an API answer.
_TEXTUAL_TYPE = re.compile(r"^(text/|application/(xhtml\+xml|xml|json|ld\+json|rss\+xml|atom\+xml)$|.*\+(json|xml)$)")
DEMO_BOARD = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "index.html"

# Sitemap URLs kept by default: paths that name a job or posting.
DEFAULT_SITEMAP_PATTERN = r"/(jobs?|careers?|positions?|openings?|vacanc(y|ies)|viewjob|postings?)(/|\?|$|-)"

ATS_ENDPOINTS = {
    "greenhouse": "https://boards-api.greenhouse.io/v1/boards/{}/jobs?content=true",
    "lever": "https://api.lever.co/v0/postings/{}?mode=json",
    "ashby": "https://api.ashbyhq.com/posting-api/job-board/{}?includeCompensation=true",
}


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def read_urls_file(path: str) -> list[str]:
    """URLs of a file, one a line; ``#`` at the start of a line or after a space starts a comment
    (a ``#`` inside a URL is its fragment)."""
    urls = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()
        if line:
            urls.append(line)
    return urls


def as_url(value: str) -> str:
    """Accept plain file paths too: they become file:// URLs."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", value):
        return value
    return Path(value).resolve().as_uri()


class PostingsSpider(scrapy.Spider):
    name = "postings"

    def __init__(
        self,
        urls: str | None = None,
        urls_file: str | None = None,
        start: str | None = None,
        sitemap: str | None = None,
        sitemap_pattern: str | None = None,
        greenhouse: str | None = None,
        lever: str | None = None,
        ashby: str | None = None,
        fetched_at: str | None = None,
        **kwargs: Any,
    ) -> None:
        # The re-check's own arguments (jobcrawl.recheck); the other inputs are parsed below.
        recheck_value, limit_value = kwargs.pop("recheck", None), kwargs.pop("limit", None)
        super().__init__(**kwargs)
        self.recheck_plan = recheck.parse_recheck(recheck_value) if recheck_value is not None else None
        self.recheck_limit = recheck.parse_limit(limit_value)
        self.arguments = {
            k: v
            for k, v in dict(
                urls=urls, urls_file=urls_file, start=start, sitemap=sitemap, sitemap_pattern=sitemap_pattern,
                greenhouse=greenhouse, lever=lever, ashby=ashby, fetched_at=fetched_at,
            ).items()
            if v
        }
        self.arguments.update({k: v for k, v in (("recheck", recheck_value), ("limit", limit_value)) if v})
        self.start_urls_list = [as_url(u) for u in _split(urls)]
        if urls_file:
            self.start_urls_list += [as_url(u) for u in read_urls_file(urls_file)]
        self.start_urls_list += [as_url(u) for u in _split(start)]
        self.sitemap_urls = [as_url(u) for u in _split(sitemap)]
        try:
            self.sitemap_pattern = re.compile(sitemap_pattern or DEFAULT_SITEMAP_PATTERN, re.I)
        except re.error as exc:
            raise ValueError(f"-a sitemap_pattern={sitemap_pattern!r} is not a valid regular expression: {exc}")
        for ats, value in (("greenhouse", greenhouse), ("lever", lever), ("ashby", ashby)):
            self.start_urls_list += [ATS_ENDPOINTS[ats].format(name) for name in _split(value)]
        # Freeze the clock (fixtures, reproducible runs): relative dates resolve against this time.
        self.frozen_fetched_at = fetched_at
        self.uses_demo_board = not self.start_urls_list and not self.sitemap_urls and self.recheck_plan is None
        if self.uses_demo_board:
            self.start_urls_list = [DEMO_BOARD.as_uri()]

    def describe_arguments(self) -> str | None:
        return " ".join(f"{k}={v}" for k, v in sorted(self.arguments.items())) or None

    async def start(self) -> AsyncIterator[Any]:
        if distributed.enabled(self.settings):
            # Workers share one crawl through Redis (docs/distributed.md): URLs given as arguments join the
            # shared queue, then start URLs come from the Redis list postings:start_urls.
            given = () if self.uses_demo_board else self.initial_requests()
            async for request in distributed.start_requests(self, given):
                yield request
            return
        for request in self.initial_requests():
            yield request

    def initial_requests(self) -> Iterator[scrapy.Request]:
        if self.recheck_plan is not None:
            yield from self.recheck_requests()
        for url in self.start_urls_list:
            yield self.request(url)
        for url in self.sitemap_urls:
            yield self.request(url)

    def recheck_requests(self) -> Iterator[scrapy.Request]:
        """Stored open postings again (jobcrawl.recheck); expired ones are closed first, without a fetch."""
        from jobcrawl.db import make_engine, resolve_database_url
        from jobcrawl.store import PostingStore, utcnow

        engine = make_engine(resolve_database_url(self.settings))
        try:
            store = PostingStore(engine)
            run_id = self.crawler.stats.get_value("jobcrawl/run_id") if self.crawler.stats else None
            expired = store.close_expired(run_id)
            store.close()
            urls = recheck.urls_to_recheck(engine, self.recheck_plan, utcnow(), self.recheck_limit)
        finally:
            engine.dispose()
        self.logger.info("Re-check: %d open postings closed as expired; %d URLs to fetch again",
                         len(expired), len(urls))
        for url in urls:
            request = self.request(url)
            request.meta["recheck"] = True
            yield request

    def request(self, url: str) -> scrapy.Request:
        meta: dict[str, Any] = {}
        if url.startswith("file:"):
            # Local files need no politeness delay (see DOWNLOAD_SLOTS in settings).
            meta.update(download_slot=LOCAL_FILES_SLOT, autothrottle_dont_adjust_delay=True)
        return scrapy.Request(strip_tracking(url), callback=self.parse, errback=self.on_error, meta=meta)

    # --- callbacks -------------------------------------------------------------------------------------
    def parse(self, response: Response, **kwargs: Any):
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").split(";")[0].strip().lower()
        if not isinstance(response, TextResponse) or (content_type and not _TEXTUAL_TYPE.search(content_type)):
            yield self.problem(response.url, "not-html", f"content type {content_type or 'unknown'}", response.status)
            return
        fetched_at = self.frozen_fetched_at or datetime.now(UTC).isoformat(timespec="seconds")
        extraction = extract_page(response, fetched_at)
        yield from extraction.postings
        for problem in extraction.problems:
            self.count_problem(problem)
            yield problem
        if extraction.board is not None:
            yield extraction.board  # after its postings: the store compares the board once they are written
        if extraction.postings and self.crawler.stats:
            self.crawler.stats.inc_value("jobcrawl/postings_extracted", len(extraction.postings))
        if response.meta.get("recheck"):
            return  # a re-check fetches what is stored, it does not discover
        for url in extraction.follow:
            if extraction.from_sitemap and not self.sitemap_pattern.search(url):
                continue
            if self.may_follow(response.url, url):
                yield self.request(url)
        for url in extraction.next_pages:
            if self.may_follow(response.url, url):
                yield self.request(url)

    @staticmethod
    def may_follow(page_url: str, link: str) -> bool:
        """A saved page (file://) links to the live site; replaying it must not go online."""
        return page_url.startswith("file:") == link.startswith("file:")

    def on_error(self, failure):
        request = failure.request
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
            reason = "gone" if status in (404, 410) else f"http-{status}"
        elif failure.check(DNSLookupError) or "resolve" in failure.type.__name__.lower():
            reason = "dns"
        elif failure.check(TwistedTimeoutError, TCPTimedOutError, DownloadTimeoutError):
            reason = "timeout"
        else:
            reason = download_failure_reason(failure)
        detail = str(failure.value)
        if request.meta.get("redirect_urls"):
            detail = f"redirected from {request.meta['redirect_urls'][0]}: {detail}"
        problem = PageProblem(url=request.url, stage="download", reason=reason, detail=detail[:1000], http_status=status,
                              other_urls=list(request.meta.get("redirect_urls") or []))
        self.count_problem(problem)
        yield problem

    def problem(self, url: str, reason: str, detail: str | None, status: int | None = None) -> PageProblem:
        problem = PageProblem(url=url, stage="extract", reason=reason, detail=detail, http_status=status)
        self.count_problem(problem)
        return problem

    def count_problem(self, problem: PageProblem) -> None:
        self.logger.info("Skipped %s: %s (%s)", problem.url, problem.reason, problem.detail or "no detail")
        if self.crawler.stats:
            self.crawler.stats.inc_value(f"jobcrawl/pages_skipped/{problem.reason}")
