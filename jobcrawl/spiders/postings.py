"""The ``postings`` spider: schedules requests and hands every response to jobcrawl.extract.

Inputs (spider arguments, any combination):
  -a urls=URL,URL          posting (or listing) pages; file:// and http(s)
  -a urls_file=PATH        one URL per line, ``#`` starts a comment
  -a start=URL,URL         listing/search pages: posting links and pagination are followed
  -a sitemap=URL,URL       sitemaps or sitemap indexes; URLs matching -a sitemap_pattern=REGEX are kept
  -a greenhouse=TOKEN,...  Greenhouse board tokens (public job-board API)
  -a lever=COMPANY,...     Lever companies (public postings API)
  -a ashby=BOARD,...       Ashby job boards (public posting API)
  -a workday=URL,...       Workday boards (https://<tenant>.wd5.myworkdayjobs.com/<site>), read through CXS
  -a smartrecruiters= / workable= / recruitee= / personio= / bamboohr= / breezy=NAME-or-URL,...
                           boards of those ATSs, each through its public API (docs/sources.md)
  -a board=URL,...         a board URL of any supported family; the family is detected from the URL
  -a careers=URL,...       a company's careers page: boards it embeds or links are read through their API;
                           without one, the page is read as a listing / posting page
  -a boards_file=PATH      board or careers URLs, one a line (``#`` comments)
  -a recheck=open          re-fetch stored open postings, least recently seen first (jobcrawl.recheck):
                           also older-than:7d, source:lever; -a limit=N fetches at most N URLs
With none of them at all it crawls the bundled demo job board (fixtures/demo) through file:// URLs and says
so in the log. An argument that is given but yields no URL (``-a urls=``, a urls_file of comments only), a
value that is neither a URL, an existing file nor a host name, or a URL without a host is an
``InputError``: the crawl command prints it as one line and exits 2 before anything is fetched or stored.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import scrapy
from scrapy import signals as scrapy_signals
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError
from twisted.internet.error import TimeoutError as TwistedTimeoutError

from jobcrawl import distributed, recheck
from jobcrawl import signals as jobcrawl_signals
from jobcrawl.db import mask_url
from jobcrawl.extract import FollowRequest, PageExtraction, extract_page
from jobcrawl.extract.ats import detect
from jobcrawl.extract.body import binary_body_detail
from jobcrawl.items import JobPosting, PageProblem
from jobcrawl.middlewares import download_failure_reason
from jobcrawl.spiders.boards import BoardTracker
from jobcrawl.urls import strip_tracking
from jobcrawl.workers import ExtractionPool, PageTask, pool_settings, yielded_postings

LOCAL_FILES_SLOT = "local-files"
DEFAULT_MAX_PAGE_BYTES = 5 * 1024 * 1024  # JOBCRAWL_MAX_PAGE_BYTES
# Content types that can hold a posting, a listing, a sitemap or an API answer.
_TEXTUAL_TYPE = re.compile(r"^(text/|application/(xhtml\+xml|xml|json|ld\+json|rss\+xml|atom\+xml)$|.*\+(json|xml)$)")
DEMO_BOARD = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "index.html"

# Sitemap URLs kept by default: paths that name a job or posting.
DEFAULT_SITEMAP_PATTERN = r"/(jobs?|careers?|positions?|openings?|vacanc(y|ies)|viewjob|postings?)(/|\?|$|-)"

# The first three families' API URLs ("{}" = the board name); boards of every family are now scheduled from
# jobcrawl.extract.ats.detect.ENDPOINTS (overridable with JOBCRAWL_ATS_ENDPOINTS). Kept for code that imports it.
ATS_ENDPOINTS = {
    "greenhouse": "https://boards-api.greenhouse.io/v1/boards/{}/jobs?content=true",
    "lever": "https://api.lever.co/v0/postings/{}?mode=json",
    "ashby": "https://api.ashbyhq.com/posting-api/job-board/{}?includeCompensation=true",
}


# Arguments that name what to crawl; with none of them the demo board is crawled.
# A scheme-less value without "/" ending in one of these is a file name, even where the ending is also a
# top-level domain (.md is Moldova's, .sh Saint Helena's).
_FILE_SUFFIXES = frozenset({".txt", ".md", ".csv", ".tsv", ".json", ".jsonl", ".xml", ".html", ".htm", ".list", ".sh"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_HOST_PORT = re.compile(r"^(?P<host>[^/?#:\s]+)(?::\d+)?(?:[/?#]|$)")
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")


class InputError(ValueError):
    """A spider argument names nothing to crawl; the message names the argument and the fix."""


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


def _looks_like_host(value: str) -> bool:
    """``www.indeed.com/viewjob?jk=...``, ``careers.example.co.uk``, ``localhost:8080/jobs``: a host name with a
    public suffix (tldextract's bundled list, read offline), localhost or an IPv4 address, then a path."""
    match = _HOST_PORT.match(value)
    if not match:
        return False
    host = match["host"].lower()
    if "/" not in value and Path(value).suffix.lower() in _FILE_SUFFIXES:
        return False
    if host == "localhost" or _IPV4.match(host):
        return True
    import tldextract  # Scrapy's own dependency; imported only for scheme-less values

    parts = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)(host)
    return bool(parts.domain and parts.suffix)


def as_url(value: str, argument: str = "-a urls") -> str:
    """One input value as a URL: URLs are kept (a web URL must name a host), existing file paths become
    file:// URLs, a host name with a path becomes an https URL; anything else is an ``InputError`` whose message
    starts with ``argument`` (where the value came from)."""
    if _SCHEME.match(value):
        parts = urlsplit(value)
        if parts.scheme in ("http", "https") and not parts.hostname:
            raise InputError(f"{argument}: {value!r} is not a URL: it names no host")
        if parts.scheme == "file" and not Path(url2pathname(parts.path)).exists():
            raise InputError(f"{argument}: {value!r}: no such file")
        return value
    path = Path(value).expanduser()
    if path.exists():
        return path.resolve().as_uri()
    if _looks_like_host(value):
        return "https://" + value
    raise InputError(f"{argument}: {value!r} is neither a URL, an existing file nor a host name")


class PostingsSpider(scrapy.Spider):
    name = "postings"
    run_id: int | None = None  # this crawl's crawl_runs id, from jobcrawl.signals.run_started
    # Extraction in worker processes (JOBCRAWL_WORKERS > 1, jobcrawl.workers); None: in this process.
    extraction_pool: ExtractionPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PostingsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.run_started, signal=jobcrawl_signals.run_started)
        # checked here, before the store records a run: a bad value stops the crawl with one line (exit 2)
        spider.pool_settings = pool_settings(crawler.settings)
        crawler.signals.connect(spider.open_pool, signal=scrapy_signals.spider_opened)
        crawler.signals.connect(spider.close_pool, signal=scrapy_signals.spider_closed)
        return spider

    def open_pool(self, spider: Any = None) -> None:
        """Once the crawl runs; the worker processes themselves start with the first batch of pages."""
        if self.pool_settings.workers > 1:
            self.extraction_pool = ExtractionPool(self.pool_settings, on_event=self._pool_event)
            self.extraction_pool.start_fork_server()
            self.logger.info("Extraction in %d worker processes (JOBCRAWL_WORKERS), batches of up to %d pages",
                             self.pool_settings.workers, self.pool_settings.batch_size)

    def close_pool(self, spider: Any = None) -> None:
        pool, self.extraction_pool = self.extraction_pool, None
        if pool is not None:
            pool.close()
            peaks = sorted(pool.peak_rss_kb.values(), reverse=True)
            self.logger.info("Extraction workers: %d batches, %d restarts; peak RSS per worker process: %s",
                             pool.batches, pool.rebuilds, ", ".join(f"{kb / 1024:.0f} MB" for kb in peaks) or "none")
            if self.crawler.stats:
                self.crawler.stats.set_value("jobcrawl/worker_batches", pool.batches)
                if peaks:
                    self.crawler.stats.set_value("jobcrawl/worker_peak_rss_mb", round(peaks[0] / 1024, 1))

    def _pool_event(self, name: str) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(f"jobcrawl/worker_pool_{name}")

    def run_started(self, run_id: int | None = None) -> None:
        self.run_id = run_id

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
        board: str | None = None,
        careers: str | None = None,
        boards_file: str | None = None,
        **kwargs: Any,
    ) -> None:
        family_args = {family: kwargs.pop(family, None) for family in detect.FAMILIES if family in kwargs}
        # The re-check's own arguments (jobcrawl.recheck); the other inputs are parsed below.
        recheck_value, limit_value = kwargs.pop("recheck", None), kwargs.pop("limit", None)
        super().__init__(**kwargs)
        self.recheck_plan = recheck.parse_recheck(recheck_value) if recheck_value is not None else None
        self.recheck_limit = recheck.parse_limit(limit_value)
        family_args.update(greenhouse=greenhouse, lever=lever, ashby=ashby)
        given = {"urls": urls, "urls_file": urls_file, "start": start, "sitemap": sitemap,
                 "board": board, "careers": careers, "boards_file": boards_file, **family_args}
        self.arguments = {
            k: v
            for k, v in {**given, "sitemap_pattern": sitemap_pattern, "fetched_at": fetched_at,
                         "recheck": recheck_value, "limit": limit_value}.items()
            if v is not None
        }
        self.start_urls_list = [as_url(u, "-a urls") for u in _split(urls)]
        if urls_file is not None:
            self.start_urls_list += [as_url(u, f"-a urls_file={urls_file}") for u in self._read_urls_file(urls_file)]
        self.start_urls_list += [as_url(u, "-a start") for u in _split(start)]
        self.sitemap_urls = [as_url(u, "-a sitemap") for u in _split(sitemap)]
        try:
            self.sitemap_pattern = re.compile(sitemap_pattern or DEFAULT_SITEMAP_PATTERN, re.IGNORECASE)
        except re.error as exc:
            raise InputError(f"-a sitemap_pattern={sitemap_pattern!r} is not a valid regular expression: {exc}")
        # ATS boards, read through their APIs (jobcrawl.extract.ats.detect)
        self.boards: list[detect.Board] = [
            detect.board_from_argument(family, name) for family in detect.FAMILIES for name in _split(family_args.get(family))
        ]
        self.careers_urls: list[str] = []
        board_lines = _split(board) + (self._read_urls_file(boards_file, "boards_file") if boards_file else [])
        for value in board_lines:
            found = detect.board_from_url(value)
            if found is not None:
                self.boards.append(found)
            elif value in _split(board):
                raise InputError(f"-a board={value!r} is not a board URL of a supported ATS (docs/sources.md)")
            else:
                self.careers_urls.append(as_url(value, f"-a boards_file={boards_file}"))  # careers pages too
        self.careers_urls += [as_url(u, "-a careers") for u in _split(careers)]
        self.board_tracker = BoardTracker()
        # Freeze the clock (fixtures, reproducible runs): relative dates resolve against this time.
        self.frozen_fetched_at = fetched_at
        named = [name for name, value in given.items() if value is not None]
        if named and not (self.start_urls_list or self.sitemap_urls or self.boards or self.careers_urls):
            # An empty sources file must not quietly crawl the demo board into a real database.
            raise InputError(
                " and ".join(f"-a {name}={str(given[name]).strip()}" for name in named) + " gives no URL to crawl"
                + (" (the file holds only comments and blank lines)" if named == ["urls_file"] else "")
            )
        self.uses_demo_board = not named and self.recheck_plan is None
        if self.uses_demo_board:
            self.start_urls_list = [DEMO_BOARD.as_uri()]

    @staticmethod
    def _read_urls_file(path: str, argument: str = "urls_file") -> list[str]:
        if not path.strip():
            raise InputError(f"-a {argument}= names no file")
        try:
            return read_urls_file(path)
        except OSError as exc:
            raise InputError(f"-a {argument}={path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"-a {argument}={path}: not a UTF-8 text file ({exc.reason})") from None

    @cached_property
    def max_page_bytes(self) -> int:
        """Largest body handed to extraction: parsing costs about 1 s a megabyte on big pages."""
        settings = getattr(self, "settings", None)
        return settings.getint("JOBCRAWL_MAX_PAGE_BYTES", DEFAULT_MAX_PAGE_BYTES) if settings else DEFAULT_MAX_PAGE_BYTES

    def describe_arguments(self) -> str:
        """What this run crawls, for crawl_runs.arguments: the spider arguments, ``demo`` for the demo board,
        and for a distributed worker the Redis URL it shares (password masked)."""
        parts = [f"{k}={v}" for k, v in sorted(self.arguments.items())]
        settings = getattr(self, "settings", None)
        if settings is not None and distributed.enabled(settings):
            parts.append(f"redis={mask_url(distributed.redis_url(settings) or '')}")
        elif self.uses_demo_board:
            parts.append("demo")
        return " ".join(parts)

    async def start(self) -> AsyncIterator[Any]:
        if distributed.enabled(self.settings):
            # Workers share one crawl through Redis (docs/distributed.md): URLs given as arguments join the
            # shared queue, then start URLs come from the Redis list postings:start_urls.
            given = () if self.uses_demo_board else self.initial_requests()
            async for request in distributed.start_requests(self, given):
                yield request
            return
        if self.uses_demo_board:
            self.logger.info("No input argument (-a urls=, -a board=, -a careers=, ...: docs/sources.md): crawling "
                             "the bundled demo board %s", DEMO_BOARD.parent)
        for request in self.initial_requests():
            yield request

    def initial_requests(self) -> Iterator[scrapy.Request]:
        if self.recheck_plan is not None:
            yield from self.recheck_requests()
        for url in self.start_urls_list:
            yield self.request(url)
        for url in self.sitemap_urls:
            yield self.request(url)
        for found in self.boards:
            request = self.board_request(found)
            if request is not None:
                yield request
        for url in self.careers_urls:
            request = self.request(url)
            yield request.replace(callback=self.parse_careers)

    # --- ATS boards ------------------------------------------------------------------------------------
    @property
    def ats_endpoints(self) -> dict[str, Any]:
        """Endpoint templates per family overriding detect.ENDPOINTS (JOBCRAWL_ATS_ENDPOINTS: a dict, or JSON
        with -s), e.g. to read boards from a mirror or a loopback test server."""
        return self.settings.getdict("JOBCRAWL_ATS_ENDPOINTS") if getattr(self, "settings", None) else {}

    def board_request(self, found: detect.Board) -> scrapy.Request | None:
        if not self.board_tracker.begin(found):
            return None
        return self.follow_request(detect.api_request(found, self.ats_endpoints), found.key)

    def follow_request(self, spec: FollowRequest, board_key: str | None) -> scrapy.Request | None:
        """A request extraction asked for; within a board it is counted, and it bypasses the duplicate filter
        (a filtered request would never answer, and the board would never be recorded)."""
        if board_key is not None and not self.board_tracker.add(board_key, spec):
            return None
        meta: dict[str, Any] = {"jobcrawl_api": spec.api}
        if board_key is not None:
            meta["jobcrawl_board"] = board_key
        if spec.listed is not None:
            meta["jobcrawl_listed"] = spec.listed
        return scrapy.Request(spec.url, method=spec.method, body=spec.body, headers=spec.headers or None,
                              callback=self.parse, errback=self.on_error, meta=meta, dont_filter=board_key is not None)

    def parse_careers(self, response: Response, **kwargs: Any):
        """A careers page: the boards it embeds or links are read through their APIs; a page without one is
        read as any page (listing links, posting)."""
        found = detect.find_boards(response.text) if isinstance(response, TextResponse) else []
        if not found:
            return self.parse(response)
        return self._board_requests(response, found)

    def _board_requests(self, response: Response, found: list[detect.Board]):
        self.logger.info("Careers page %s: boards %s", response.url, ", ".join(b.key for b in found))
        for one in found:
            request = self.board_request(one)
            if request is not None:
                yield request

    def board_answered(self, board_key: str | None):
        if board_key is not None and board_key in self.board_tracker.boards:
            for item in self.board_tracker.done(board_key):
                if isinstance(item, PageProblem):
                    self.count_problem(item)
                yield item

    def keep_listed(self, request_meta: dict[str, Any], why: str):
        """A board request failed: the board is incomplete; the posting its list showed is kept as listed."""
        board_key = request_meta.get("jobcrawl_board")
        listed: JobPosting | None = request_meta.get("jobcrawl_listed")
        if board_key is not None and board_key in self.board_tracker.boards:
            self.board_tracker.fail(board_key, why)
            if listed is not None:
                self.board_tracker.count(board_key, [listed])
        if listed is not None:
            yield listed

    def recheck_requests(self) -> Iterator[scrapy.Request]:
        """Stored open postings again (jobcrawl.recheck); expired ones are closed first, without a fetch."""
        from jobcrawl.db import make_engine, resolve_database_url
        from jobcrawl.store import PostingStore, utcnow

        engine = make_engine(resolve_database_url(self.settings))
        try:
            store = PostingStore(engine)
            expired = store.close_expired(self.run_id)
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
        """A generator of the page's output; with an extraction pool (JOBCRAWL_WORKERS > 1, once the crawl
        runs) an asynchronous generator that awaits the page's extraction from the pool (jobcrawl.workers).
        Scrapy takes either; the fixture replay, which calls ``parse`` outside a crawl, gets the generator."""
        if self.extraction_pool is not None:
            return self._parse_with_pool(response)
        return self._parse_here(response)

    def _parse_here(self, response: Response):
        board_key = response.meta.get("jobcrawl_board")
        try:
            yield from self.parse_page(response)
        except Exception as exc:
            yield from self._extraction_failed(board_key, response, exc)
            raise
        yield from self.board_answered(board_key)

    async def _parse_with_pool(self, response: Response):
        board_key = response.meta.get("jobcrawl_board")
        try:
            refused = self.refusals(response)
            if refused is not None:
                for output in refused:
                    yield output
            else:
                task = PageTask.of(response, self.fetched_at(), response.meta.get("jobcrawl_listed"))
                extraction = await self.extraction_pool.extract(task)
                for output in self.page_output(response, extraction):
                    yield output
        except Exception as exc:
            for output in self._extraction_failed(board_key, response, exc):
                yield output
            raise
        for output in self.board_answered(board_key):
            yield output

    def _extraction_failed(self, board_key: str | None, response: Response, exc: Exception):
        # the exception becomes a problem row (ProblemOnExceptionMiddleware); the board still gets its record
        if board_key in self.board_tracker.boards:
            self.board_tracker.fail(board_key, f"{type(exc).__name__} {response.url}")
        yield from self.board_answered(board_key)

    def parse_page(self, response: Response):
        refused = self.refusals(response)
        if refused is not None:
            yield from refused
            return
        extraction = extract_page(response, self.fetched_at(), listed=response.meta.get("jobcrawl_listed"))
        yield from self.page_output(response, extraction)

    def fetched_at(self) -> str:
        return self.frozen_fetched_at or datetime.now(UTC).isoformat(timespec="seconds")

    def refusals(self, response: Response) -> list[Any] | None:
        """The cheap checks before extraction: what the spider yields instead of extracting a page it refuses
        (not text, an API answering with a page, a binary or too large body), or None to extract it."""
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").split(";")[0].strip().lower()
        if not isinstance(response, TextResponse) or (content_type and not _TEXTUAL_TYPE.search(content_type)):
            return [self.problem(response.url, "not-html", f"content type {content_type or 'unknown'}", response.status),
                    *self.keep_listed(response.meta, f"not-html {response.url}")]
        if response.meta.get("jobcrawl_api") and not detect.looks_like_api_body(response.text):
            # an ATS endpoint answering with a page: a moved board, a login wall, an error page
            return [self.problem(response.url, "ats-bad-response",
                                 f"expected a JSON/XML API answer, got {content_type or 'no content type'}: "
                                 f"{response.text[:120].strip()!r}", response.status),
                    *self.keep_listed(response.meta, f"ats-bad-response {response.url}")]
        binary = binary_body_detail(response.body, lambda: response.encoding)
        if binary:
            return [self.problem(response.url, "not-html", binary, response.status)]
        if len(response.body) > self.max_page_bytes:
            return [self.problem(response.url, "too-large", f"{len(response.body):,} bytes, over "
                                 f"JOBCRAWL_MAX_PAGE_BYTES ({self.max_page_bytes:,}): not parsed", response.status)]
        return None

    def page_output(self, response: Response, extraction: PageExtraction):
        """What the spider yields from a page's extraction: postings, problems, the board, requests to follow."""
        board_key = response.meta.get("jobcrawl_board")
        # postings a detail request will complete wait for it (and come back through keep_listed if it fails)
        postings = yielded_postings(extraction)
        yield from postings
        if board_key is not None:
            self.board_tracker.count(board_key, postings)
        for problem in extraction.problems:
            self.count_problem(problem)
            if board_key is not None and problem.reason != "empty-listing":
                self.board_tracker.fail(board_key, f"{problem.reason} {problem.url}")
            yield problem
        if board_key is not None and "dataloss" in (response.flags or []):
            self.board_tracker.fail(board_key, f"dataloss {response.url}")
        if extraction.board is not None and board_key is None:
            # after its postings: the store compares the board once they are written. A board read through
            # the tracker gets its snapshot from the tracker, once all its requests are answered.
            yield extraction.board
        if postings and self.crawler.stats:
            self.crawler.stats.inc_value("jobcrawl/postings_extracted", len(postings))
        if response.meta.get("recheck"):
            return  # a re-check fetches what is stored, it does not discover
        for spec in extraction.requests:
            request = self.follow_request(spec, board_key) if self.may_follow(response.url, spec.url) else None
            if request is not None:
                yield request
            elif spec.listed is not None and not self.may_follow(response.url, spec.url):
                yield spec.listed  # a saved answer replayed offline: keep what the list showed
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
        yield from self.keep_listed(request.meta, f"{reason} {request.url}")
        yield from self.board_answered(request.meta.get("jobcrawl_board"))

    def problem(self, url: str, reason: str, detail: str | None, status: int | None = None) -> PageProblem:
        problem = PageProblem(url=url, stage="extract", reason=reason, detail=detail, http_status=status)
        self.count_problem(problem)
        return problem

    def count_problem(self, problem: PageProblem) -> None:
        self.logger.info("Skipped %s: %s (%s)", problem.url, problem.reason, problem.detail or "no detail")
        if self.crawler.stats:
            self.crawler.stats.inc_value(f"jobcrawl/pages_skipped/{problem.reason}")
