"""Fetch-only spider for the benchmark: the postings spider's inputs and settings, an empty callback.

    scrapy runspider bench/fetch_spider.py -a urls_file=FILE
"""

from __future__ import annotations

from typing import Any

import scrapy


class FetchOnlySpider(scrapy.Spider):
    name = "bench_fetch"
    # no items are produced; keep the store from opening a database at start
    custom_settings = {"ITEM_PIPELINES": {}}

    def __init__(self, urls_file: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        from jobcrawl.spiders.postings import read_urls_file

        self.urls = read_urls_file(urls_file) if urls_file else []

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response, **kwargs: Any):
        return None
