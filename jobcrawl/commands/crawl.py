"""``scrapy crawl``, with an exit status that says whether the run worked and secrets kept out of the logs.

Scrapy's own ``crawl`` exits 0 whenever the crawler started. This one exits
  0  the run finished and stored what it found;
  1  the run failed: it did not finish (finish_reason other than ``finished``, e.g. ``shutdown`` after
     SIGTERM: resume it with the same JOBDIR), postings (or the run's end) were spooled because the
     database went away, or every request failed (no page came back 2xx);
  2  it could not start: an input argument names nothing to crawl, a setting is wrong, or the database
     cannot be opened or written. The message is one line on stderr naming the fix, instead of a traceback.

The console is quiet unless LOG_LEVEL is given on the command line (-L INFO, -s LOG_LEVEL=DEBUG): the
progress line, the problems, warnings and errors, and the summary (see QUIET_LOGGERS below).

Every log record passes through ``SecretFilter`` (installed as the log record factory), which masks the password of any ``scheme://user:pw@``
URL, so a database URL given with ``-s JOBCRAWL_DATABASE_URL=...`` or inside an error never reaches a log.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any
from urllib.parse import urlsplit

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from jobcrawl.db import DatabaseConfigError
from jobcrawl.spiders.postings import InputError
from jobcrawl.workers import SettingError

_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:/@\s'\"]*):(?P<pw>[^@/\s'\"]+)@")


def mask_secrets(text: str) -> str:
    if "@" not in text or "://" not in text:  # both are part of every match: skip the regex scan
        return text
    return _CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:***@", text)


class SecretFilter(logging.Filter):
    """Masks URL passwords in every record that reaches a handler (message, arguments and traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments don't format: leave it to the handler
            return True
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = mask_secrets(logging.Formatter().formatException(record.exc_info))
        return True


_SECRET_FILTER = SecretFilter()


def lowest_handled_level(name: str) -> int:
    """The lowest level at which a record of logger ``name`` reaches any handler (the handlers
    ``Logger.callHandlers`` would call, ``logging.lastResort`` when there are none); below it nobody sees it."""
    logger = logging.Logger.manager.loggerDict.get(name) if name != "root" else logging.root
    if not isinstance(logger, logging.Logger):
        return logging.NOTSET  # not a logger's record (logging.makeLogRecord and the like): always mask
    lowest: int | None = None
    current: logging.Logger | None = logger
    while current is not None:
        for handler in current.handlers:
            if lowest is None or handler.level < lowest:
                lowest = handler.level
        if not current.propagate:
            break
        current = current.parent
    if lowest is None:
        return logging.lastResort.level if logging.lastResort is not None else logging.CRITICAL + 1
    return lowest


def install_secret_filter() -> None:
    """Mask secrets as each record is created: Scrapy replaces its root log handler when a crawler starts,
    so a filter on handlers would be dropped; the record factory is global and stays.

    Records below every handler's level are left alone: Scrapy's root logger passes DEBUG records (one
    "Crawled" and one "Scraped from <the whole item>" per page) that its INFO handler then drops, and
    formatting and scanning each of those cost ~1 ms of CPU a page (docs/benchmarks.md)."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "jobcrawl_masks_secrets", False):
        return

    def masking_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        if record.levelno >= lowest_handled_level(record.name):
            _SECRET_FILTER.filter(record)
        return record

    masking_factory.jobcrawl_masks_secrets = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masking_factory)


def one_line(error: BaseException) -> str:
    return mask_secrets(" ".join(str(error).split()))


# The default console: the progress line and the summary (jobcrawl.extensions), the spider's problem lines
# ("Skipped URL: reason") and the demo-board notice (logger "postings"), throttling notices
# (jobcrawl.middlewares), and every WARNING and ERROR. The rest of INFO (Scrapy's banner, settings and
# component lists, stats dump, Alembic's migration steps) comes back with -L INFO or -s LOG_LEVEL=...
QUIET_LOGGERS = ("scrapy", "scrapy_redis", "alembic", "pipelines", "jobcrawl")
CONSOLE_LOGGERS = ("jobcrawl.extensions", "jobcrawl.middlewares")
ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


def wants_quiet_console(settings: Any) -> bool:
    """Quiet unless LOG_LEVEL was given on the command line (-L, -s LOG_LEVEL=)."""
    from scrapy.settings import SETTINGS_PRIORITIES

    return settings.getpriority("LOG_LEVEL") < SETTINGS_PRIORITIES["cmdline"]


def quiet_loggers() -> None:
    """Lower the chatter to WARNING, keeping the loggers of the default console at INFO. Run after Scrapy's
    configure_logging (its dictConfig sets the "scrapy" logger back to DEBUG)."""
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in CONSOLE_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)


class WarningsOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


class RobotsErrorOneLine(logging.Filter):
    """Scrapy logs a robots.txt that could not be fetched (host unreachable, DNS) as an ERROR with the
    whole traceback; the crawl then goes on as if robots.txt allowed everything, and the page's own request
    records the real problem in crawl_errors. Make it one WARNING line saying that (traceback at DEBUG)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Error downloading") or not isinstance(record.args, dict):
            return True
        exception = record.args.get("f_exception")
        request = record.args.get("request")
        if logging.getLogger(record.name).getEffectiveLevel() > logging.DEBUG:
            record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.msg = "robots.txt of %s could not be fetched (%s): crawling its pages as if it allowed them"
        parts = urlsplit(str(getattr(request, "url", request)))
        record.args = (f"{parts.scheme}://{parts.netloc}", f"{type(exception).__name__}: {exception}".strip(": "))
        return True


def install_robots_filter() -> None:
    robots = logging.getLogger(ROBOTS_LOGGER)
    if not any(isinstance(f, RobotsErrorOneLine) for f in robots.filters):
        robots.addFilter(RobotsErrorOneLine())


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: Any) -> None:
        install_secret_filter()  # before anything is logged
        super().process_options(args, opts)
        self.quiet = wants_quiet_console(self.settings)
        if self.quiet:
            # Scrapy's start-up banner is logged before run(), right after a dictConfig that resets the level
            # of every "scrapy.*" logger; a logger's filters survive it.
            logging.getLogger("scrapy.utils.log").addFilter(WarningsOnly())

    def run(self, args: list[str], opts: Any) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. scrapy crawl postings")
        install_secret_filter()
        install_robots_filter()
        if getattr(self, "quiet", False):
            quiet_loggers()
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        startup_errors: list[BaseException] = []
        result = self.crawler_process.crawl(crawler, **opts.spargs)
        self._watch(result, startup_errors)
        self.crawler_process.start()
        config_errors = [e for e in startup_errors if isinstance(e, (DatabaseConfigError, InputError, SettingError))]
        if config_errors:
            print(f"jobcrawl: error: {one_line(config_errors[0])}", file=sys.stderr)
            self.exitcode = 2
            return
        if startup_errors or self.crawler_process.bootstrap_failed:
            for error in startup_errors:
                print(f"jobcrawl: error: could not start: {type(error).__name__}: {one_line(error)}",
                      file=sys.stderr)
            self.exitcode = 2
            return
        failure = run_failure(crawler.stats.get_stats() if crawler.stats is not None else {})
        if failure:
            print(f"jobcrawl: run failed: {failure}", file=sys.stderr)
            self.exitcode = 1

    @staticmethod
    def _watch(result: Any, errors: list[BaseException]) -> None:
        """Collect a start-up exception ourselves, so it is reported once, as one line."""
        if hasattr(result, "add_done_callback"):  # asyncio.Task (AsyncCrawlerProcess)
            def done(task: Any) -> None:
                if not task.cancelled() and task.exception() is not None:
                    errors.append(task.exception())

            result.add_done_callback(done)
        elif hasattr(result, "addErrback"):  # Deferred (CrawlerProcess)
            def failed(failure: Any) -> None:
                errors.append(failure.value)

            result.addErrback(failed)


def run_failure(stats: dict[str, Any]) -> str | None:
    """Why a run that started counts as failed, or None when it succeeded."""
    reason = stats.get("finish_reason")
    if reason and reason != "finished":
        return f"finish reason {reason!r} (not 'finished')"
    spooled = stats.get("jobcrawl/items_spooled", 0)
    if spooled:
        return f"{spooled} items spooled to the dead-letter file (database unavailable); run `scrapy loadspool`"
    if stats.get("jobcrawl/run_end_spooled"):
        return ("the end of the run could not be recorded (database unavailable): spooled; the next run or "
                "`scrapy loadspool` records it")
    # Every request failed: not one page (robots.txt aside) came back 2xx and there were problems. Pages
    # that were fetched but held no posting (login walls, empty listings) are a result, not a failure.
    problems = sum(v for k, v in stats.items() if k.startswith("jobcrawl/pages_skipped/"))
    fetched_ok = sum(
        v for k, v in stats.items() if k.startswith("downloader/response_status_count/2")
    ) - sum(v for k, v in stats.items() if k.startswith("robotstxt/response_status_count/2"))
    if problems and fetched_ok <= 0 and not stats.get("jobcrawl/postings_extracted", 0):
        return f"every request failed: {problems} pages recorded in crawl_errors, none fetched"
    return None
