"""Existing postings take the one ``source`` vocabulary (jobcrawl.sources; docs/schema.md, "The source vocabulary").

Data only, no schema change. ``source`` was the page's host for every page but Indeed's and the ATS APIs'
(``jobs.lever.co``, ``careers.example.com``); each row gets the family or registrable domain that
``jobcrawl.sources.source_of`` now gives for its URL, canonical URL and extractor (a row without a host, e.g.
``unknown`` for ``file://`` pages, keeps its value). Without this, a posting seen again unchanged would keep
its old source for ever: the store only touches ``last_seen_at`` of unchanged postings.

Where the row's ``posting_key`` was ``<old source>:<external_id>``, the key becomes what the dedupe pipeline
now computes (``jobcrawl.sources.id_namespace``): ``<family>:<external_id>`` for a family whose ids are unique
across it (``greenhouse``, ``lever``, ...), ``<family>:<host>:<external_id>`` for another ATS family
(``workday:acme.wd5.myworkdayjobs.com:R-1``), the host for any other site (unchanged), so the next crawl of that page updates the row instead of storing it again; a key
another row already holds is left alone (the next crawl links the two as duplicates).

The downgrade keeps the new values: the old vocabulary's hosts remain derivable from ``url``/``canonical_url``.

Revision ID: 0005_source
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_source"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
postings = sa.table(
    "postings",
    sa.column("id", sa.Integer), sa.column("url", sa.Text), sa.column("canonical_url", sa.Text),
    sa.column("extractor", sa.String), sa.column("source", sa.String), sa.column("external_id", sa.String),
    sa.column("posting_key", sa.Text),
)


def upgrade() -> None:
    from jobcrawl.sources import id_namespace, source_of

    conn = op.get_bind()
    keys = set(conn.execute(sa.select(postings.c.posting_key)).scalars())
    last_id = 0
    while True:
        rows = conn.execute(sa.select(postings).where(postings.c.id > last_id).order_by(postings.c.id)
                            .limit(BATCH)).all()
        if not rows:
            break
        last_id = rows[-1].id
        changes = []
        for row in rows:
            source = source_of(row.url, row.canonical_url, row.extractor) or row.source
            key = row.posting_key
            if row.external_id and key == f"{row.source}:{row.external_id}":
                candidate = f"{id_namespace(source, row.canonical_url or row.url)}:{row.external_id}"
                if candidate not in keys:
                    keys.discard(key)
                    keys.add(candidate)
                    key = candidate
            if (source, key) != (row.source, row.posting_key):
                changes.append({"b_id": row.id, "b_source": source, "b_key": key})
        if changes:
            conn.execute(
                sa.update(postings).where(postings.c.id == sa.bindparam("b_id"))
                .values(source=sa.bindparam("b_source"), posting_key=sa.bindparam("b_key")),
                changes,
            )


def downgrade() -> None:
    pass
