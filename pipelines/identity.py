"""Identity pipeline: compute each posting's identity keys and content hash (it does not drop duplicates).

Whether a posting was seen before is decided by the store against the database (so it holds across runs
and workers); this stage only derives the keys: ``posting_key`` (site id within its family or host, see
jobcrawl.sources.id_namespace, else canonical URL without tracking parameters), ``url_key`` and ``content_hash`` (of the normalized description text).
"""

from __future__ import annotations

from scrapy.crawler import Crawler

from jobcrawl.items import BoardSnapshot, JobPosting
from jobcrawl.normalize.text import content_hash
from jobcrawl.sources import id_namespace
from jobcrawl.urls import posting_key, url_key


def identity_keys(item: JobPosting) -> tuple[str, str]:
    """(url_key, posting_key) of a posting: its site id where it has one, else its canonical URL."""
    identity_url = item.canonical_url or item.url
    namespace = id_namespace(item.source, identity_url)
    return url_key(identity_url), posting_key(namespace, item.external_id, identity_url)


class IdentityPipeline:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IdentityPipeline:
        return cls(crawler)

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler

    def process_item(self, item):
        if isinstance(item, BoardSnapshot):
            # The board's members by the same identity their postings get, so the store can tell who left.
            item.posting_keys = [identity_keys(member)[1] for member in item.members]
            item.members = []
            return item
        if not isinstance(item, JobPosting):
            return item
        normalized = item.normalized
        if normalized is None:  # not through the normalize pipeline (a test, a custom pipeline list)
            return item
        normalized.url_key, normalized.posting_key = identity_keys(item)
        if not normalized.content_hash:
            text = normalized.description_text or item.description_text or ""
            normalized.content_hash = content_hash(text or f"{item.title}\n{item.company}")
        return item
