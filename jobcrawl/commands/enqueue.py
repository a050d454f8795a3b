"""``scrapy enqueue URL [URL ...] [--file PATH]``: give distributed workers start URLs (docs/distributed.md).

Pushes to the Redis list ``postings:start_urls`` named by JOBCRAWL_REDIS_URL (environment variable or
``-s``); the same as ``redis-cli -u $JOBCRAWL_REDIS_URL LPUSH postings:start_urls URL ...``. Workers take the
oldest first. ``--status`` prints queue lengths and workers; ``--clear-seen`` forgets the fingerprints of
requests already scheduled, so that pages are fetched again (normally done when a crawl drains).
"""

from __future__ import annotations

import json

import redis
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from jobcrawl.distributed import Keys, redis_url, status
from jobcrawl.spiders.postings import InputError, PostingsSpider, as_url, read_urls_file


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[URL ...] [--file PATH] [--status] [--clear-seen]"

    def short_desc(self) -> str:
        return "Push start URLs to the shared Redis queue of distributed workers"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--file", "-f", action="append", default=[], metavar="PATH",
                            help="read URLs from a file, one a line, # starts a comment (repeatable)")
        parser.add_argument("--redis-url", help="default: JOBCRAWL_REDIS_URL (setting or environment)")
        parser.add_argument("--status", action="store_true", help="print queue lengths and workers as JSON")
        parser.add_argument("--clear-seen", action="store_true",
                            help="forget which requests were already scheduled (pages are fetched again)")

    def run(self, args, opts) -> None:
        url = opts.redis_url or redis_url(self.settings)
        if not url:
            raise UsageError("No Redis to push to: set JOBCRAWL_REDIS_URL (e.g. redis://127.0.0.1:6379/0) "
                             "or pass --redis-url")
        try:
            urls = [as_url(u, "URL") for u in args]
            for path in opts.file:
                try:
                    urls += [as_url(u, path) for u in read_urls_file(path)]
                except OSError as exc:
                    raise UsageError(f"Cannot read {path}: {exc.strerror}") from None
        except InputError as exc:
            raise UsageError(str(exc)) from None
        if not urls and not opts.status and not opts.clear_seen:
            raise UsageError("Give URLs, --file PATH, --status or --clear-seen")
        keys = Keys(PostingsSpider.name)
        server = redis.Redis.from_url(url, socket_connect_timeout=10)
        try:
            if opts.clear_seen:
                server.delete(keys.seen)
                print("forgot the fingerprints of scheduled requests")
            for start in range(0, len(urls), 1000):
                server.lpush(keys.start_urls, *urls[start:start + 1000])
            if urls:
                print(f"pushed {len(urls)} URLs to {keys.start_urls} "
                      f"({server.llen(keys.start_urls)} waiting, {server.zcard(keys.requests)} requests queued)")
            if opts.status:
                print(json.dumps(status(server, keys), indent=2, sort_keys=True))
        except redis.RedisError as exc:
            raise UsageError(f"Redis at {url}: {exc}") from None
        finally:
            server.close()
