"""Part (d): the cost of writing postings into an empty database and into a large synthetic one."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from bench.pages import FETCHED_AT, HEADERS, ROOT, build_pages
from bench import common
from bench.common import BASE_VERSION, STORE_BATCH, fresh_sqlite, log


# --- store cost -------------------------------------------------------------------------------------------
def prepared_items(count: int, seed: int, start: int) -> list[Any]:
    from scrapy.http import HtmlResponse

    from jobcrawl.extract import extract_page
    from pipelines.identity import IdentityPipeline
    from pipelines.normalize import NormalizePipeline

    normalize, dedupe = NormalizePipeline(), IdentityPipeline()
    items = []
    for i, body in enumerate(build_pages(count, seed, start)):
        response = HtmlResponse(url=f"http://127.0.0.1:8/p/{start + i}", body=body, headers=HEADERS)
        for posting in extract_page(response, FETCHED_AT).postings:
            items.append(dedupe.process_item(normalize.process_item(posting)))
    return items


def migrated_empty() -> Path:
    from jobcrawl.db import make_engine, upgrade_to_head

    path = common.OUT / "empty-migrated.db"
    url = fresh_sqlite(path.name)
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    return path


def base_db(rows: int, seed: int) -> Path:
    """A database already holding ``rows`` postings (with sections, locations, versions and signatures), built
    by bulk inserts of synthetic rows cloned from real normalized postings; cached."""
    from sqlalchemy import insert, text

    from jobcrawl import models as m
    from jobcrawl.db import make_engine, upgrade_to_head
    from jobcrawl.dedupe import NearDuplicateIndex
    from jobcrawl.store import PostingStore, record_from_item, utcnow, version_hash

    head = "".join(sorted(p.name for p in (ROOT / "alembic" / "versions").glob("*.py")))
    stamp = hashlib.sha1(f"{head}:{BASE_VERSION}:{seed}".encode()).hexdigest()[:8]
    path = common.OUT / f"base-{rows}-{stamp}.db"
    if path.exists():
        return path
    log(f"building the {rows:,}-posting base database {path.name} (cached for later runs)...")
    started = time.perf_counter()
    tmp = common.OUT / (path.name + ".building")
    url = fresh_sqlite(tmp.name)
    engine = make_engine(url)
    upgrade_to_head(engine)
    store = PostingStore(engine)
    run_id = store.start_run("bench-base", None)
    pool = [record_from_item(item) for item in prepared_items(200, seed + 99, 50_000_000)]
    near = NearDuplicateIndex()
    now = utcnow()
    chunk = 5000
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        for lo in range(0, rows, chunk):
            hi = min(rows, lo + chunk)
            postings, versions = [], []
            for k in range(lo, hi):
                rec = pool[k % len(pool)]
                row = dict(rec.row)
                row.update(
                    id=k + 1,
                    posting_key=f"bench-base:{k}",
                    url_key=f"https://base.example.com/jobs/{k}",
                    external_id=str(k),
                    url=f"https://base.example.com/jobs/{k}",
                    canonical_url=f"https://base.example.com/jobs/{k}",
                    title=f"{row['title']} {k}",
                    content_hash=hashlib.sha256(f"base-{k}".encode()).hexdigest(),
                    first_seen_at=now, last_seen_at=now, last_run_id=run_id,
                )
                postings.append(row)
                versions.append({"posting_id": k + 1, "content_hash": version_hash({**rec.snapshot, "k": k}),
                                 "captured_at": now, "run_id": run_id, "changed_fields": [],
                                 "snapshot": rec.snapshot})
            conn.execute(insert(m.Posting), postings)
            conn.execute(insert(m.PostingVersion), versions)
            raw.executemany(
                "INSERT INTO sections (posting_id, position, heading, kind, text, html) VALUES (?, ?, ?, ?, ?, ?)",
                [(k + 1, s["position"], s["heading"], s["kind"], s["text"], s["html"])
                 for k in range(lo, hi) for s in pool[k % len(pool)].sections],
            )
            raw.executemany(
                "INSERT INTO posting_locations (posting_id, position, raw, city, region, country) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(k + 1, loc["position"], loc["raw"], loc["city"], loc["region"], loc["country"])
                 for k in range(lo, hi) for loc in pool[k % len(pool)].locations],
            )
            import numpy as np

            rng = np.random.default_rng(seed * 1000 + lo)
            signatures = rng.integers(0, 2**32 - 1, size=(hi - lo, near.num_perm), dtype=np.uint32)
            raw.executemany(
                "INSERT INTO posting_signatures (posting_id, signature) VALUES (?, ?)",
                [(lo + i + 1, signatures[i].tobytes()) for i in range(hi - lo)],
            )
        conn.execute(text("ANALYZE"))
    engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    tmp.rename(path)
    log(f"  built in {time.perf_counter() - started:.1f}s, {path.stat().st_size / 1e6:.0f} MB")
    return path


def store_cost(items: list[Any], url: str, *, cleanup: bool) -> tuple[float, float]:
    """Seconds and CPU seconds (this process, every thread: the WAL checkpointer's too) to write ``items`` in
    batches of STORE_BATCH through PostingStore.write; with ``cleanup`` the rows are deleted afterwards so the
    database is back to its base size."""
    from sqlalchemy import text

    from jobcrawl.db import make_engine
    from jobcrawl.store import PostingStore

    engine = make_engine(url)
    store = PostingStore(engine)
    with engine.connect() as conn:
        max_id = conn.execute(text("SELECT coalesce(max(id), 0) FROM postings")).scalar_one()
        max_run = conn.execute(text("SELECT coalesce(max(id), 0) FROM crawl_runs")).scalar_one()
    run_id = store.start_run("bench-store", None)
    start = time.perf_counter()
    cpu_start = time.process_time()
    for lo in range(0, len(items), STORE_BATCH):
        store.write(items[lo : lo + STORE_BATCH], (), run_id)
    # Counted until the background WAL checkpoint has caught up: the work is done, not merely queued.
    store.close()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    if cleanup:
        # Children first, one range delete per table with foreign keys off: a cascade would run one lookup per
        # deleted posting in each child table (written before minhash_bands had its posting_id index, and
        # still the cheapest way back to exactly the 200,000 base postings).
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            raw.execute("PRAGMA foreign_keys=OFF")
            raw.execute("BEGIN")
            for table in ("posting_signatures", "posting_versions", "posting_locations",
                          "sections", "posting_urls", "posting_events"):
                raw.execute(f"DELETE FROM {table} WHERE posting_id > ?", (max_id,))
            raw.execute("DELETE FROM postings WHERE id > ?", (max_id,))
            raw.execute("UPDATE postings SET last_run_id = NULL WHERE last_run_id > ?", (max_run,))
            raw.execute("DELETE FROM crawl_runs WHERE id > ?", (max_run,))
            raw.execute("COMMIT")
            raw.execute("PRAGMA foreign_keys=ON")
    engine.dispose()
    return seconds, cpu_seconds
