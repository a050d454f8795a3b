"""Normalize pipeline: clean text (NFKC, odd spaces, whitespace) and fill the normalized columns."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from jobcrawl.items import JobPosting
from jobcrawl.normalize import normalize_posting
from jobcrawl.normalize.text import clean_text

logger = logging.getLogger(__name__)


class NormalizePipeline:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        return cls(crawler)

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler

    def process_item(self, item):
        if not isinstance(item, JobPosting):
            return item
        for section in item.sections:
            section.text = clean_text(section.text) or ""
            section.heading = clean_text(section.heading)
        item.normalized = normalize_posting(item)
        return item
