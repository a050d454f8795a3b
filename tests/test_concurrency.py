"""Two crawls writing the same PostgreSQL database at once: no duplicate rows, no lost versions, and
duplicate links as a single crawl would make them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from conftest import ROOT
from jobcrawl.db import make_engine
from pagegen import HTML, description, posting_page

PAGES = 60
PAIRS = 6  # pages PAGES..PAGES+PAIRS-1 are exact copies of pages 0..PAIRS-1 under other URLs and ids


def start_crawl(db_url: str, urls_file: Path) -> subprocess.Popen:
    env = dict(os.environ, JOBCRAWL_DATABASE_URL=db_url)
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    return subprocess.Popen(
        [scrapy, "crawl", "postings", "-a", f"urls_file={urls_file}", "-s", "ROBOTSTXT_OBEY=False",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "JOBCRAWL_STORE_BATCH_SIZE=5",
         "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_crawls_at_once_never_duplicate_rows(http_server, pg_url, tmp_path):
    for i in range(PAGES):
        http_server.routes[f"/job/{i}"] = (200, HTML, posting_page(i, text=description(i, sentences=10)))
    for k in range(PAIRS):
        http_server.routes[f"/copy/{k}"] = (200, HTML, posting_page(1000 + k, title=f"Engineer {k}",
                                                                     text=description(k, sentences=10)))
    urls = [http_server.url(f"/job/{i}") for i in range(PAGES)] + [http_server.url(f"/copy/{k}") for k in range(PAIRS)]
    forward, backward = tmp_path / "a.txt", tmp_path / "b.txt"
    forward.write_text("\n".join(urls))
    backward.write_text("\n".join(reversed(urls)))

    # Both start on an empty database: their migrations and then their writes race.
    crawls = [start_crawl(pg_url, forward), start_crawl(pg_url, backward)]
    for crawl in crawls:
        _, stderr = crawl.communicate(timeout=240)
        assert crawl.returncode == 0, stderr[-3000:]

    engine = make_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM postings")).scalar_one() == PAGES + PAIRS
        assert conn.execute(text("SELECT count(DISTINCT url) FROM postings")).scalar_one() == PAGES + PAIRS
        # one first version per posting, none lost, none doubled
        assert conn.execute(text("SELECT count(*) FROM posting_versions")).scalar_one() == PAGES + PAIRS
        # each copied pair is one cluster: exactly one of the two points at the other
        clusters = conn.execute(text(
            "SELECT content_hash, count(*), count(duplicate_of) FROM postings GROUP BY content_hash "
            "HAVING count(*) > 1")).all()
        runs = conn.execute(text("SELECT items_new, items_unchanged FROM crawl_runs")).all()
    engine.dispose()
    assert sorted((n, d) for _, n, d in clusters) == [(2, 1)] * PAIRS
    # every page was stored by one crawl and seen again by the other
    assert sum(new for new, _ in runs) == PAGES + PAIRS
    assert sum(new + seen for new, seen in runs) == 2 * (PAGES + PAIRS)
