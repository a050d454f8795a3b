"""Initial schema: crawl runs and errors, postings with raw and normalized columns, sections,
locations, versions, and the MinHash signatures and LSH bands for near-duplicate detection.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('crawl_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('spider', sa.String(length=64), nullable=False),
    sa.Column('arguments', sa.Text(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('finish_reason', sa.String(length=64), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('items_new', sa.Integer(), nullable=False),
    sa.Column('items_updated', sa.Integer(), nullable=False),
    sa.Column('items_unchanged', sa.Integer(), nullable=False),
    sa.Column('items_duplicate', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_runs'))
    )
    op.create_table('crawl_errors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('fk_crawl_errors_run_id_crawl_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_errors'))
    )
    with op.batch_alter_table('crawl_errors', schema=None) as batch_op:
        batch_op.create_index('ix_crawl_errors_run_id_stage', ['run_id', 'stage'], unique=False)

    op.create_table('postings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_key', sa.Text(), nullable=False),
    sa.Column('url_key', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=128), nullable=False),
    sa.Column('external_id', sa.String(length=256), nullable=True),
    sa.Column('extractor', sa.String(length=32), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('canonical_url', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('company', sa.Text(), nullable=True),
    sa.Column('company_key', sa.Text(), nullable=True),
    sa.Column('location_raw', sa.Text(), nullable=True),
    sa.Column('city', sa.Text(), nullable=True),
    sa.Column('region', sa.Text(), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('remote_raw', sa.Text(), nullable=True),
    sa.Column('remote', sa.String(length=16), nullable=True),
    sa.Column('date_posted_raw', sa.Text(), nullable=True),
    sa.Column('date_posted', sa.Date(), nullable=True),
    sa.Column('valid_through_raw', sa.Text(), nullable=True),
    sa.Column('valid_through', sa.Date(), nullable=True),
    sa.Column('salary_raw', sa.Text(), nullable=True),
    sa.Column('salary_min', sa.Float(), nullable=True),
    sa.Column('salary_max', sa.Float(), nullable=True),
    sa.Column('salary_currency', sa.String(length=3), nullable=True),
    sa.Column('salary_period', sa.String(length=8), nullable=True),
    sa.Column('employment_type_raw', sa.Text(), nullable=True),
    sa.Column('employment_type', sa.String(length=16), nullable=True),
    sa.Column('description_html', sa.Text(), nullable=True),
    sa.Column('description_text', sa.Text(), nullable=True),
    sa.Column('description_markdown', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('duplicate_of', sa.Integer(), nullable=True),
    sa.Column('duplicate_kind', sa.String(length=8), nullable=True),
    sa.Column('duplicate_similarity', sa.Float(), nullable=True),
    sa.Column('fetched_at', sa.DateTime(), nullable=True),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('last_run_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['duplicate_of'], ['postings.id'], name=op.f('fk_postings_duplicate_of_postings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['last_run_id'], ['crawl_runs.id'], name=op.f('fk_postings_last_run_id_crawl_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postings')),
    sa.UniqueConstraint('posting_key', name=op.f('uq_postings_posting_key'))
    )
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.create_index('ix_postings_company_key', ['company_key'], unique=False)
        batch_op.create_index('ix_postings_content_hash', ['content_hash'], unique=False)
        batch_op.create_index('ix_postings_duplicate_of', ['duplicate_of'], unique=False)
        batch_op.create_index('ix_postings_first_seen_at', ['first_seen_at'], unique=False)
        batch_op.create_index('ix_postings_source_external_id', ['source', 'external_id'], unique=False)
        batch_op.create_index('ix_postings_url_key', ['url_key'], unique=False)

    op.create_table('minhash_bands',
    sa.Column('bucket', sa.String(length=32), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('band', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_minhash_bands_posting_id_postings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('bucket', 'posting_id', name=op.f('pk_minhash_bands'))
    )
    op.create_table('posting_locations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('raw', sa.Text(), nullable=True),
    sa.Column('city', sa.Text(), nullable=True),
    sa.Column('region', sa.Text(), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_posting_locations_posting_id_postings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting_locations')),
    sa.UniqueConstraint('posting_id', 'position', name=op.f('uq_posting_locations_posting_id_position'))
    )
    op.create_table('posting_signatures',
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_posting_signatures_posting_id_postings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('posting_id', name=op.f('pk_posting_signatures'))
    )
    op.create_table('posting_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('captured_at', sa.DateTime(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('changed_fields', sa.JSON(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_posting_versions_posting_id_postings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('fk_posting_versions_run_id_crawl_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting_versions')),
    sa.UniqueConstraint('posting_id', 'content_hash', name=op.f('uq_posting_versions_posting_id_content_hash'))
    )
    op.create_table('sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_sections_posting_id_postings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sections')),
    sa.UniqueConstraint('posting_id', 'position', name=op.f('uq_sections_posting_id_position'))
    )
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.create_index('ix_sections_kind', ['kind'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.drop_index('ix_sections_kind')

    op.drop_table('sections')
    op.drop_table('posting_versions')
    op.drop_table('posting_signatures')
    op.drop_table('posting_locations')
    op.drop_table('minhash_bands')
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.drop_index('ix_postings_url_key')
        batch_op.drop_index('ix_postings_source_external_id')
        batch_op.drop_index('ix_postings_first_seen_at')
        batch_op.drop_index('ix_postings_duplicate_of')
        batch_op.drop_index('ix_postings_content_hash')
        batch_op.drop_index('ix_postings_company_key')

    op.drop_table('postings')
    with op.batch_alter_table('crawl_errors', schema=None) as batch_op:
        batch_op.drop_index('ix_crawl_errors_run_id_stage')

    op.drop_table('crawl_errors')
    op.drop_table('crawl_runs')
