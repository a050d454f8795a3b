"""jobcrawl.scrapy_internals against the installed Scrapy, in a real crawl: the request-finished hook fires
once per request, after the callback's items went through the pipelines, and waking the engine works. A Scrapy
upgrade that moves the private state fails here first."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

CRAWL = r'''
import json, sys
import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from jobcrawl import scrapy_internals

events = []

class Pipeline:
    def process_item(self, item):
        events.append(("item", item["url"]))
        return item

class Hook:
    @classmethod
    def from_crawler(cls, crawler):
        hook = cls()
        hook.crawler = crawler
        crawler.signals.connect(hook.opened, signal=signals.spider_opened)
        return hook
    def opened(self, spider=None):
        scrapy_internals.on_request_finished(self.crawler.engine, lambda r: events.append(("finished", r.url)))
        events.append(("woke", scrapy_internals.wake_engine(self.crawler.engine)))

class Spider(scrapy.Spider):
    name = "probe"
    start_urls = sys.argv[1:]
    def parse(self, response):
        yield {"url": response.url}

process = CrawlerProcess({
    "ITEM_PIPELINES": {"__main__.Pipeline": 100}, "EXTENSIONS": {"__main__.Hook": 100},
    "LOG_ENABLED": False, "ROBOTSTXT_OBEY": False, "TELNETCONSOLE_ENABLED": False,
})
process.crawl(Spider)
process.start()
print(json.dumps(events))
'''


def test_request_finished_hook_and_wake_engine_in_a_real_crawl(http_server):
    urls = [http_server.url(f"/page-{n}") for n in range(3)]
    for n in range(3):
        http_server.routes[f"/page-{n}"] = (200, {"Content-Type": "text/html"}, b"<html><body>x</body></html>")
    result = subprocess.run([sys.executable, "-c", CRAWL, *urls], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    events = [tuple(e) for e in json.loads(result.stdout.strip().splitlines()[-1])]
    assert ("woke", True) in events
    finished = [url for kind, url in events if kind == "finished"]
    assert sorted(finished) == sorted(urls), "each request is reported finished exactly once"
    for url in urls:
        # finished comes after the callback's item went through the pipeline
        assert events.index(("item", url)) < events.index(("finished", url))
