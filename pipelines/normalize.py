"""Normalize pipeline: clean text (NFKC, odd spaces, whitespace) and fill the normalized columns.

With extraction workers (JOBCRAWL_WORKERS > 1) the worker has already run this step on the postings of a page
(jobcrawl.workers.normalize_item): a posting whose ``normalized`` is filled passes through. Postings that never
went through a worker (an ATS list's posting kept when its detail request failed, WORKERS=1) are normalized here.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from jobcrawl.items import JobPosting
from jobcrawl.workers import normalize_item

logger = logging.getLogger(__name__)


class NormalizePipeline:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        return cls(crawler)

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler

    def process_item(self, item):
        if not isinstance(item, JobPosting) or item.normalized is not None:
            return item
        return normalize_item(item)
