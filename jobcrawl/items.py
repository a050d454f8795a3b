"""Items that flow from extraction to the pipelines.

Raw fields hold what the page said (``*_raw``); normalized fields sit beside them and are filled by the
normalize pipeline. Extraction only fills the raw side plus whatever a structured source states exactly
(e.g. a JSON-LD ``baseSalary`` object is kept verbatim in ``salary_structured``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    salary_raw: str | None = None
    # JSON-LD baseSalary / ATS compensation as given: {min, max, value, currency, unit}
    salary_structured: dict[str, Any] | None = None
    employment_type_raw: str | None = None
    description_html: str | None = None
    description_text: str | None = None
    sections: list[Section] = field(default_factory=list)
    fetched_at: str | None = None  # ISO 8601 UTC time the page was fetched (fixtures freeze it)
    # where each stored field came from: {"salary": "jsonld.baseSalary" | "text.compensation" | ...}
    field_sources: dict[str, str] = field(default_factory=dict)
    # Filled by the normalize pipeline (see jobcrawl.normalize); None until then.
    normalized: dict[str, Any] = field(default_factory=dict)


@dataclass
class PageProblem:
    """A fetched page that yields no posting, recorded with its reason (never stored as a posting)."""

    url: str
    stage: str  # download, extract, store
    reason: str  # e.g. "bot-check", "login-wall", "no-posting", "broken-jsonld"
    detail: str | None = None
    http_status: int | None = None
