"""SmartRecruiters Posting API (``api.smartrecruiters.com/v1/companies/<company>/postings``).

- List: ``GET .../postings?limit=100&offset=N`` → ``{offset, limit, totalFound, content: [{id, name, refNumber,
  company{identifier, name}, releasedDate, location{city, region, country, remote, hybrid, fullLocation},
  typeOfEmployment{label}, customField[{fieldLabel, valueLabel}], ref}]}``; the first page schedules the others.
- Detail: ``GET .../postings/<id>`` → the same fields plus ``postingUrl``, ``applyUrl`` and
  ``jobAd.sections.{companyDescription, jobDescription, qualifications, additionalInformation}{title, text}``.
"""

from __future__ import annotations

import re
from typing import Any

from w3lib.url import add_or_replace_parameters

from jobcrawl.extract import FollowRequest
from jobcrawl.extract.ats.base import (
    Parsed,
    as_int,
    join_place,
    posting,
    strip_path,
    text_id,
    vendor_sections,
)
from jobcrawl.extract.common import clean, location_fields

FAMILY = "smartrecruiters"
PAGE_SIZE = 100  # the API's maximum
PUBLIC = "https://jobs.smartrecruiters.com"
SECTION_ORDER = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")
_SALARY_LABEL = re.compile(r"salary|compensation|pay range|wage", re.IGNORECASE)


def is_list(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("content"), list) and "totalFound" in data


def is_detail(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("jobAd"), dict) and "name" in data and "id" in data


def _common(job: dict[str, Any]) -> dict[str, Any]:
    company = job.get("company") if isinstance(job.get("company"), dict) else {}
    loc = job.get("location") if isinstance(job.get("location"), dict) else {}
    full = clean(loc.get("fullLocation"))
    if full:
        full = ", ".join(p.strip() for p in full.split(",") if p.strip())  # "Singapore, , Singapore"
    place = full or join_place(loc.get("city"), loc.get("region"), (loc.get("country") or "").upper())
    remote = "Remote" if loc.get("remote") is True else ("Hybrid" if loc.get("hybrid") is True else None)
    kind = job.get("typeOfEmployment") if isinstance(job.get("typeOfEmployment"), dict) else {}
    fields: dict[str, Any] = {
        "title": clean(job.get("name")),
        "company": clean(company.get("name")),
        "external_id": text_id(job.get("id")),
        "date_posted_raw": clean(job.get("releasedDate")),
        "employment_type_raw": clean(kind.get("label")),
        "remote_raw": remote,
    }
    if company.get("identifier") and fields["external_id"]:
        fields["canonical_url"] = f"{PUBLIC}/{company['identifier']}/{fields['external_id']}"
    fields.update(location_fields([place]))
    structured = {"locality": clean(loc.get("city")), "region": clean(loc.get("region")),
                  "country": (clean(loc.get("country")) or "").upper() or None}
    if place and any(structured.values()):
        fields["locations_structured"] = [{k: v for k, v in structured.items() if v}]
    for custom in job.get("customField") or []:
        if isinstance(custom, dict) and _SALARY_LABEL.search(str(custom.get("fieldLabel") or "")):
            fields["salary_raw"] = clean(custom.get("valueLabel"))
    return fields


def parse_list(data: dict[str, Any], url: str) -> Parsed:
    base = strip_path(url, "")
    jobs = [j for j in data["content"] if isinstance(j, dict)]
    parsed = Parsed(FAMILY)
    for job in jobs:
        fields = _common(job)
        detail = FollowRequest(f"{base}/{fields['external_id']}") if fields.get("external_id") else None
        parsed.postings.append(posting(FAMILY, fields, detail))
    offset = as_int(data.get("offset")) or 0
    limit = as_int(data.get("limit")) or len(jobs) or PAGE_SIZE
    total = as_int(data.get("totalFound")) or 0
    if offset == 0 and jobs and total > len(jobs):
        parsed.requests += [
            FollowRequest(add_or_replace_parameters(url, {"limit": str(limit), "offset": str(start)}))
            for start in range(limit, total, limit)
        ]
    return parsed


def parse_detail(data: dict[str, Any], url: str) -> Parsed:
    fields = _common(data)
    fields["canonical_url"] = clean(data.get("postingUrl")) or fields.get("canonical_url")
    sections = (data.get("jobAd") or {}).get("sections")
    if isinstance(sections, dict):
        names = [*SECTION_ORDER, *(k for k in sections if k not in SECTION_ORDER)]
        parts = [(sections[k].get("title"), sections[k].get("text")) for k in names
                 if isinstance(sections.get(k), dict)]
        fields.update(vendor_sections(parts))
    return Parsed(FAMILY, [posting(FAMILY, fields)], shape="detail")
