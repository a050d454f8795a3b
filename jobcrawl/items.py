"""Items that flow from extraction to the pipelines.

Raw fields hold what the page said (``*_raw``), never a text rebuilt from structured values; normalized values
are a separate :class:`NormalizedPosting` filled by the normalize pipeline. Extraction fills the raw side plus
what a structured source states exactly, already read into typed values (a JSON-LD ``baseSalary`` object becomes
a :class:`StatedSalary` of numbers in ``salary_structured``), so no later part knows a source's shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any


@dataclass
class Section:
    """One ordered block of a posting's description."""

    position: int
    heading: str | None
    kind: str  # about, responsibilities, requirements, preferred, benefits, compensation,
    # equal_opportunity, application, other
    text: str
    html: str


SECTION_KINDS = (
    "about",
    "responsibilities",
    "requirements",
    "preferred",
    "benefits",
    "compensation",
    "equal_opportunity",
    "application",
    "other",
)


@dataclass
class StatedSalary:
    """Pay as a structured source states it, read into numbers in Extract (an exact amount is min = max);
    currency and unit as the source wrote them ("USD", "YEAR", "per-hour-wage"): jobcrawl.normalize.salary
    reads them into ISO codes and periods."""

    min: float | None = None
    max: float | None = None
    currency: str | None = None
    unit: str | None = None


@dataclass
class JobPosting:
    """A posting as read from one page (or one record of an ATS API response)."""

    url: str  # the URL the page was fetched from
    extractor: str  # which extractor produced it: indeed, jsonld, microdata, generic, greenhouse, lever, ashby, ...
    source: str | None = None  # site family: "indeed", "greenhouse", or the host (www. stripped)
    external_id: str | None = None  # the site's own id (Indeed jk, ATS job id)
    canonical_url: str | None = None
    title: str | None = None
    company: str | None = None
    location_raw: str | None = None  # as shown; several joined with " | "
    locations_raw: list[str] = field(default_factory=list)  # each location as shown
    # structured addresses when the source gives them: dicts with locality, region, country, postal_code
    locations_structured: list[dict[str, Any]] = field(default_factory=list)
    remote_raw: str | None = None  # "Remote", "Hybrid", "TELECOMMUTE", ...
    date_posted_raw: str | None = None
    valid_through_raw: str | None = None
    salary_raw: str | None = None  # pay as text the page or API wrote; None when only numbers were given
    salary_structured: StatedSalary | None = None  # JSON-LD/microdata baseSalary, an ATS API's compensation
    employment_type_raw: str | None = None
    description_html: str | None = None
    description_text: str | None = None
    sections: list[Section] = field(default_factory=list)
    fetched_at: str | None = None  # ISO 8601 UTC time the page was fetched (fixtures freeze it)
    # Where each value came from, field -> source name (docs/schema.md lists them): {"company":
    # "jsonld.hiringOrganization", "title": "h1", "remote": "indeed.header", ...}. Keys are SOURCED_FIELDS' values.
    field_sources: dict[str, str] = field(default_factory=dict)
    # URLs this posting's own page answered at (the fetched URL and the redirect sources before it); empty when
    # the page held several postings (a board, a listing). The store closes a posting when any of them is gone.
    known_urls: list[str] = field(default_factory=list)
    # Filled by the normalize pipeline (jobcrawl.normalize.normalize_posting) and its identity keys by the dedupe
    # pipeline; None until then.
    normalized: NormalizedPosting | None = None


@dataclass
class NormalizedPosting:
    """The normalized columns of one posting: what ``jobcrawl.normalize.normalize_posting`` returns, plus the
    identity keys the identity pipeline adds; the store writes a posting from this and its :class:`JobPosting`.

    This class and :class:`JobPosting` are the one place the posting's columns are named: a ``postings``
    column that is a field here is written from here, every other one from the item's field of that name
    (jobcrawl.store derives both lists from the model).
    ``title``, ``company``, ``location_raw`` and ``description_*`` are the item's values cleaned, so the
    column holds the cleaned value by this rule, never by which dictionary key happened to be present.
    """

    title: str | None = None
    company: str | None = None
    company_key: str | None = None
    location_raw: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    # every location, in order: dicts with raw, city, region, country (the posting_locations rows)
    locations: list[dict[str, str | None]] = field(default_factory=list)
    remote: str | None = None  # remote, hybrid, onsite
    date_posted: date | None = None
    valid_through: date | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = None
    salary_period: str | None = None
    salary_source: str | None = None
    employment_type: str | None = None
    description_html: str | None = None
    description_text: str | None = None
    description_markdown: str | None = None
    content_hash: str | None = None
    # identity, set by the identity pipeline (jobcrawl.urls.url_key / posting_key)
    url_key: str | None = None
    posting_key: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NormalizedPosting:
        """From its JSON form (the spool, fixtures); keys this version does not know are left out."""
        known = NORMALIZED_FIELDS
        return cls(**{name: value for name, value in data.items() if name in known})


#: The fields of :class:`NormalizedPosting`, in order.
NORMALIZED_FIELDS = tuple(f.name for f in fields(NormalizedPosting))


# JobPosting attribute -> the key its source is recorded under in ``field_sources``.
SOURCED_FIELDS = {
    "title": "title",
    "company": "company",
    "location_raw": "location",
    "locations_raw": "location",
    "remote_raw": "remote",
    "salary_raw": "salary",
    "salary_structured": "salary",
    "employment_type_raw": "employment_type",
    "date_posted_raw": "date_posted",
    "valid_through_raw": "valid_through",
    "description_text": "description",
    "external_id": "external_id",
}


@dataclass
class PageProblem:
    """A fetched page that yields no posting, recorded with its reason (never stored as a posting)."""

    url: str
    stage: str  # download, extract, store
    reason: str  # e.g. "bot-check", "login-wall", "no-posting", "broken-jsonld"
    detail: str | None = None
    http_status: int | None = None
    # Other URLs the same page is known by (redirect sources, the canonical URL a closed page declared): a
    # ``gone`` or ``page-says-closed`` problem closes the postings known by any of them too.
    other_urls: list[str] = field(default_factory=list)


@dataclass
class BoardCrawl:
    """One ATS board read to its end (every page and detail answered or failed): stored in ``boards``."""

    family: str  # greenhouse, lever, ashby, workday, smartrecruiters, workable, recruitee, personio, bamboohr, breezy
    slug: str  # the board's name at its ATS (Workday: "<tenant>/<site>")
    url: str  # the public board
    owner_name: str | None  # the company the board's responses name (never the slug); None when they name none
    complete: bool  # every request of the board succeeded
    postings: int  # postings read from the board in this crawl


@dataclass
class BoardSnapshot:
    """A whole ATS board as one response listed it (see jobcrawl.extract.snapshot).

    ``complete`` is True only when the response came back whole, every job record became a posting and at
    least one did: only then does the store close the board's open postings that are missing from it.
    """

    url: str  # the board response's URL; its url_key is the board's identity (postings.board_key)
    kind: str  # greenhouse, lever, ashby, ... (the board kind registered in jobcrawl.extract.snapshot)
    complete: bool
    incomplete_reason: str | None = None  # why it closes nothing: "empty", "cut short", "3 jobs unreadable"
    # The postings the board listed; the identity pipeline turns them into ``posting_keys`` and empties the list.
    members: list[JobPosting] = field(default_factory=list, repr=False)
    posting_keys: list[str] = field(default_factory=list)
