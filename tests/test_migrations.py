"""Migrations own the schema: upgrade head matches the models, downgrade base empties, and back again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from jobcrawl.db import alembic_config, make_engine, upgrade_to_head
from jobcrawl.models import Base

def _diff(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _include})
        return compare_metadata(ctx, Base.metadata)


def _include(obj, name, type_, reflected, compare_to):
    from jobcrawl.db import is_managed_by_hand

    return not is_managed_by_hand(type_, name)


def _tables(engine) -> set[str]:
    return {t for t in inspect(engine).get_table_names() if t != "alembic_version"}


def test_upgrade_head_matches_models_and_round_trips(db_url):
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    assert _diff(engine) == []
    assert {"postings", "sections", "posting_versions", "crawl_runs", "crawl_errors"} <= _tables(engine)

    config = alembic_config(db_url)
    command.downgrade(config, "base")
    assert _tables(engine) == set()

    command.upgrade(config, "head")
    assert _diff(engine) == []
    engine.dispose()


def test_upgrade_is_idempotent(sqlite_url):
    engine = make_engine(sqlite_url)
    upgrade_to_head(engine)
    upgrade_to_head(engine)
    assert "postings" in _tables(engine)


def test_alembic_cli_upgrade_and_check_clean(db_url):
    """What CI and a developer run: `alembic upgrade head` then `alembic check` finds nothing to generate."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    alembic = str(Path(sys.executable).with_name("alembic"))
    env = dict(os.environ, JOBCRAWL_DATABASE_URL=db_url)
    for args in (["upgrade", "head"], ["check"]):
        done = subprocess.run([alembic, *args], cwd=root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
    assert "No new upgrade operations detected" in done.stdout + done.stderr


def test_backend_specific_storage_settings(db_url):
    """SQLite runs in WAL mode (readers query during a crawl); PostgreSQL compresses large text with lz4."""
    from sqlalchemy import text

    engine = make_engine(db_url)
    upgrade_to_head(engine)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        else:
            version = int(conn.execute(text("SHOW server_version_num")).scalar_one())
            methods = dict(conn.execute(text(
                "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'postings'::regclass "
                "AND attname IN ('description_html', 'description_text', 'description_markdown')")).all())
            if version >= 140000:
                assert set(methods.values()) == {"l"}, methods
    engine.dispose()


def test_band_table_round_trips_through_0003_and_postings_stay_near_duplicate_candidates(db_url):
    """Migration "buckets" drops minhash_bands (the bands live in each writer's memory); its downgrade rebuilds
    the table from the signatures with revision 0009's integer buckets, and 0004's downgrade the hex of 0003
    from those. A posting stored before any of it is still a near-duplicate candidate after."""
    import hashlib

    from sqlalchemy import select

    from jobcrawl import models as m
    from jobcrawl.dedupe import NearDuplicateIndex
    from jobcrawl.store import PostingStore
    from tests.test_store import BASE_TEXT, posting

    engine = make_engine(db_url)
    upgrade_to_head(engine)
    assert "minhash_bands" not in _tables(engine)
    store = PostingStore(engine)
    store.write([posting("https://example.com/jobs/1"), posting("https://example.com/jobs/2", BASE_TEXT.replace(
        "clear writing", "careful writing and some public speaking about analytics"))])
    store.close()
    with engine.connect() as conn:
        signatures = dict(conn.execute(select(m.PostingSignature.posting_id, m.PostingSignature.signature)).all())
    rows_per_band = NearDuplicateIndex().rows
    step = 4 * rows_per_band

    def revision_0003_bucket(posting_id: int, band: int) -> str:  # what the code before 0004 stored
        data = bytes(signatures[posting_id])[band * step : (band + 1) * step]
        return hashlib.blake2b(band.to_bytes(2, "big") + data, digest_size=16).hexdigest()

    command.downgrade(alembic_config(db_url), "0009_closing")
    with engine.connect() as conn:
        # the signatures of revision 0009's shingle hash (migration shinglehash recomputed them on the way down)
        signatures = dict(conn.execute(text("SELECT posting_id, signature FROM posting_signatures")).all())
        ints = sorted(conn.execute(text("SELECT bucket, posting_id, band FROM minhash_bands")).all())
        if engine.dialect.name == "sqlite":
            ddl = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'minhash_bands'")).scalar_one()
            assert ddl.rstrip().endswith("WITHOUT ROWID")
    assert len(ints) == 2 * NearDuplicateIndex().bands
    assert sorted((p, band, bucket) for bucket, p, band in ints) == sorted(  # 0004: the first 64 bits, signed
        (p, band, int.from_bytes(bytes.fromhex(revision_0003_bucket(p, band)[:16]), "big", signed=True))
        for p in signatures for band in range(NearDuplicateIndex().bands))

    command.downgrade(alembic_config(db_url), "0003")
    with engine.connect() as conn:
        hexes = conn.execute(text("SELECT bucket, posting_id, band FROM minhash_bands")).all()
    assert sorted((p, band, bucket) for bucket, p, band in hexes) == sorted(
        (p, band, revision_0003_bucket(p, band)) for _, p, band in ints)

    command.upgrade(alembic_config(db_url), "head")
    assert _diff(engine) == []
    assert "minhash_bands" not in _tables(engine)
    store = PostingStore(engine)
    result = store.write([posting("https://example.com/jobs/3", BASE_TEXT.replace("pension plan", "retirement plan"))])
    store.close()
    assert result.duplicate == 1
    with engine.connect() as conn:
        ids = dict(conn.execute(select(m.Posting.url, m.Posting.id)).all())
        linked = conn.execute(select(m.Posting.duplicate_of, m.Posting.duplicate_kind)
                              .where(m.Posting.id == ids["https://example.com/jobs/3"])).one()
    assert tuple(linked) == (ids["https://example.com/jobs/1"], "near")
    engine.dispose()



def test_existing_postings_take_the_source_vocabulary(db_url):
    """Migration 0005_source: rows stored under the old vocabulary (the page's host) get the family or the
    registrable domain, and an ATS page's key joins its family's, so the next crawl updates the row."""
    from sqlalchemy import select, update

    from jobcrawl import models as m
    from jobcrawl.store import PostingStore
    from tests.test_store import BASE_TEXT, posting

    engine = make_engine(db_url)
    # written by today's store, then taken back to 0004 (the store writes today's columns)
    command.upgrade(alembic_config(db_url), "head")
    store = PostingStore(engine)
    store.write([
        posting("https://jobs.lever.co/globex/5ac21346", source="jobs.lever.co", external_id="5ac21346"),
        posting("https://careers.example.co.uk/jobs/42", BASE_TEXT.replace("analysts", "bakers"),
                source="careers.example.co.uk", external_id="42"),
        posting("file:///tmp/demo/job.html", BASE_TEXT.replace("analysts", "drivers"), source="unknown"),
    ])
    store.close()
    command.downgrade(alembic_config(db_url), "0004")
    with engine.begin() as conn:  # what the extractors wrote before: the host as source, in the key too
        conn.execute(update(m.Posting).where(m.Posting.source == "jobs.lever.co")
                     .values(posting_key="jobs.lever.co:5ac21346"))
    command.upgrade(alembic_config(db_url), "head")
    with engine.connect() as conn:
        rows = {url: (source, key) for url, source, key in conn.execute(
            select(m.Posting.url, m.Posting.source, m.Posting.posting_key))}
    engine.dispose()
    assert rows["https://jobs.lever.co/globex/5ac21346"] == ("lever", "lever:5ac21346")
    # per-site ids keep the host in their key (jobcrawl.sources.id_namespace): only the source changes
    assert rows["https://careers.example.co.uk/jobs/42"] == ("example.co.uk", "careers.example.co.uk:42")
    assert rows["file:///tmp/demo/job.html"][0] == "unknown"


def test_shinglehash_recomputes_signatures_and_bands_both_ways(db_url):
    """Migration shinglehash: the downgrade turns every signature back into revision 0009's (datasketch's default
    SHA-1 per shingle) with bands to match, the upgrade into what the store computes now, from the stored text.
    The band table exists only below migration "buckets" (whose downgrade rebuilds it), so both directions are
    checked between "shinglehash" and "0009_closing"."""
    import hashlib

    import numpy as np
    from datasketch import MinHash
    from sqlalchemy import select

    from jobcrawl import models as m
    from jobcrawl.dedupe import NearDuplicateIndex, shingles
    from jobcrawl.store import PostingStore
    from tests.test_store import BASE_TEXT, posting

    engine = make_engine(db_url)
    upgrade_to_head(engine)
    texts = {
        "https://example.com/jobs/1": BASE_TEXT,
        "https://example.com/jobs/2": "Wir suchen eine Entwicklerin (m/w/d) für unser Team in Köln: Python, SQL, "
                                      "Straße und gute Laune, İstanbul ÉQUIPE. " * 3,
        "https://example.com/jobs/3": "too short to compare",
    }
    store = PostingStore(engine)
    store.write([posting(url, text, title=f"Data Engineer {i}") for i, (url, text) in enumerate(texts.items())])
    store.close()

    def stored() -> tuple[dict[str, bytes], list[tuple[str, int, int]]]:
        with engine.connect() as conn:
            url_of = dict(conn.execute(select(m.Posting.id, m.Posting.url)).all())
            signatures = {url_of[pid]: bytes(sig) for pid, sig in conn.execute(
                select(m.PostingSignature.posting_id, m.PostingSignature.signature))}
            bands = sorted((url_of[pid], band, bucket) for bucket, pid, band in conn.execute(
                text("SELECT bucket, posting_id, band FROM minhash_bands")))
        return signatures, bands

    def bands_of(signatures: dict[str, bytes]) -> list[tuple[str, int, int]]:  # revision 0004's integer buckets
        index = NearDuplicateIndex()
        step = 4 * index.rows
        return sorted((url, band, int.from_bytes(hashlib.blake2b(
            band.to_bytes(2, "big") + sig[band * step : (band + 1) * step], digest_size=16).digest()[:8],
            "big", signed=True)) for url, sig in signatures.items() for band in range(index.bands))

    command.downgrade(alembic_config(db_url), "shinglehash")
    new_signatures, new_bands = stored()
    assert set(new_signatures) == {"https://example.com/jobs/1", "https://example.com/jobs/2"}
    assert new_bands == bands_of(new_signatures)

    command.downgrade(alembic_config(db_url), "0009_closing")
    old_signatures, old_bands = stored()
    assert set(old_signatures) == set(new_signatures)
    for url, signature in old_signatures.items():
        (reference,) = MinHash.bulk([shingles(texts[url], 3)], num_perm=128, seed=1, scheme="affine32")
        assert np.array_equal(np.frombuffer(signature, dtype=np.uint32), reference.hashvalues), url
        assert signature != new_signatures[url]
    assert old_bands == bands_of(old_signatures)

    command.upgrade(alembic_config(db_url), "shinglehash")
    assert stored() == (new_signatures, new_bands)
    command.upgrade(alembic_config(db_url), "head")
    assert _diff(engine) == []
    store = PostingStore(engine)  # a near-duplicate stored after the upgrade finds the posting stored before it
    result = store.write([posting("https://example.com/jobs/4", BASE_TEXT.replace("pension plan", "retirement plan"),
                                  title="Data Engineer 0")])
    store.close()
    engine.dispose()
    assert result.duplicate == 1
