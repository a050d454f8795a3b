"""SQLAlchemy models: the tables people query. Every column is documented in docs/schema.md.

The schema is created and changed only by Alembic migrations (alembic/versions); these models are what
``alembic check`` compares the migrations against.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Timestamps are stored as naive UTC (SQLite has no time zones); every writer passes UTC.
UtcDateTime = DateTime(timezone=False)


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spider: Mapped[str] = mapped_column(String(64))
    arguments: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finish_reason: Mapped[str | None] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    items_new: Mapped[int] = mapped_column(Integer, default=0)
    items_updated: Mapped[int] = mapped_column(Integer, default=0)
    items_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    items_duplicate: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)


class CrawlError(Base):
    __tablename__ = "crawl_errors"
    __table_args__ = (Index("ix_crawl_errors_run_id_stage", "run_id", "stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(16))  # download, extract, store
    reason: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)
    http_status: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Posting(Base):
    __tablename__ = "postings"
    __table_args__ = (
        UniqueConstraint("posting_key"),
        Index("ix_postings_url_key", "url_key"),
        Index("ix_postings_source_external_id", "source", "external_id"),
        Index("ix_postings_content_hash", "content_hash"),
        Index("ix_postings_duplicate_of", "duplicate_of"),
        Index("ix_postings_company_key", "company_key"),
        Index("ix_postings_first_seen_at", "first_seen_at"),
        Index("ix_postings_board_key", "board_key"),
        Index("ix_postings_closed_at", "closed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Identity: "<source>:<external_id>" when the site gives an id, else the canonical URL without tracking.
    posting_key: Mapped[str] = mapped_column(Text)
    url_key: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(128))
    external_id: Mapped[str | None] = mapped_column(String(256))
    extractor: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)

    title: Mapped[str] = mapped_column(Text)
    company: Mapped[str | None] = mapped_column(Text)
    company_key: Mapped[str | None] = mapped_column(Text)

    location_raw: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))
    remote_raw: Mapped[str | None] = mapped_column(Text)
    remote: Mapped[str | None] = mapped_column(String(16))  # onsite, hybrid, remote

    date_posted_raw: Mapped[str | None] = mapped_column(Text)
    date_posted: Mapped[date | None] = mapped_column(Date)
    valid_through_raw: Mapped[str | None] = mapped_column(Text)
    valid_through: Mapped[date | None] = mapped_column(Date)

    salary_raw: Mapped[str | None] = mapped_column(Text)
    salary_min: Mapped[float | None] = mapped_column(Float)
    salary_max: Mapped[float | None] = mapped_column(Float)
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_period: Mapped[str | None] = mapped_column(String(8))  # HOUR, DAY, WEEK, MONTH, YEAR
    salary_source: Mapped[str | None] = mapped_column(String(16))  # structured, text

    employment_type_raw: Mapped[str | None] = mapped_column(Text)
    employment_type: Mapped[str | None] = mapped_column(String(16))

    description_html: Mapped[str | None] = mapped_column(Text)
    description_text: Mapped[str | None] = mapped_column(Text)
    description_markdown: Mapped[str | None] = mapped_column(Text)

    content_hash: Mapped[str] = mapped_column(String(64))
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("postings.id", ondelete="SET NULL"))
    duplicate_kind: Mapped[str | None] = mapped_column(String(8))  # exact, near
    duplicate_similarity: Mapped[float | None] = mapped_column(Float)

    # field -> where its value came from ({"company": "jsonld.hiringOrganization", "title": "h1"}); docs/schema.md
    field_sources: Mapped[dict[str, str] | None] = mapped_column(JSON)

    fetched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # gone, expired, page-says-closed, left-board (jobcrawl.lifecycle.CLOSE_REASONS); null while open.
    closed_reason: Mapped[str | None] = mapped_column(String(32))
    # url_key of the ATS board response that last listed the posting (see jobcrawl.lifecycle).
    board_key: Mapped[str | None] = mapped_column(Text)
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))


class Section(Base):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("posting_id", "position"), Index("ix_sections_kind", "kind"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)


class PostingLocation(Base):
    __tablename__ = "posting_locations"
    __table_args__ = (UniqueConstraint("posting_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    raw: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))


class PostingVersion(Base):
    __tablename__ = "posting_versions"
    __table_args__ = (UniqueConstraint("posting_id", "content_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    content_hash: Mapped[str] = mapped_column(String(64))
    captured_at: Mapped[datetime] = mapped_column(UtcDateTime)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))
    # Names of the fields that differ from the previous version (empty for the first version).
    changed_fields: Mapped[list[str]] = mapped_column(JSON)
    # The versioned fields as they were in this version.
    snapshot: Mapped[dict] = mapped_column(JSON)


class PostingSignature(Base):
    """MinHash signature of a posting's description: near-duplicate candidates are found by the LSH bands of
    these (each writer's in-memory index, jobcrawl.bandindex) and verified against them."""

    __tablename__ = "posting_signatures"
    # A writer's index reads the rows stored since its last look by revision (migration "buckets").
    __table_args__ = (Index("ix_posting_signatures_revision", "revision"),)

    posting_id: Mapped[int] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True
    )
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    # The write batch that stored it: one more than the highest before, given out under the writer lock.
    revision: Mapped[int] = mapped_column(BigInteger, server_default="0")


class Board(Base):
    """An ATS job board the crawler read (docs/sources.md): one row per family and slug."""

    __tablename__ = "boards"
    __table_args__ = (UniqueConstraint("family", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family: Mapped[str] = mapped_column(String(32))  # greenhouse, lever, ..., workday, breezy
    slug: Mapped[str] = mapped_column(String(256))  # the board's name at its ATS (Workday: "<tenant>/<site>")
    owner_name: Mapped[str | None] = mapped_column(Text)  # the company the board's responses name
    url: Mapped[str] = mapped_column(Text)  # the public board
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_crawled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_crawl_complete: Mapped[bool] = mapped_column(Boolean)
    last_complete_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # last crawl that read every request
    posting_count: Mapped[int] = mapped_column(Integer)  # postings read by the last crawl
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))


class PostingUrl(Base):
    """Every URL (as ``url_key``) a posting was seen at: the fetched page, its canonical URL, redirect sources."""

    __tablename__ = "posting_urls"
    __table_args__ = (Index("ix_posting_urls_posting_id", "posting_id"),)

    url_key: Mapped[str] = mapped_column(Text, primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True
    )


class PostingEvent(Base):
    """A posting's life: opened, changed, closed (with ``reason``), reopened."""

    __tablename__ = "posting_events"
    __table_args__ = (
        Index("ix_posting_events_posting_id_at", "posting_id", "at"),
        Index("ix_posting_events_kind_at", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))  # opened, changed, closed, reopened
    reason: Mapped[str | None] = mapped_column(String(32))  # the close reason of a closed event
    at: Mapped[datetime] = mapped_column(UtcDateTime)
