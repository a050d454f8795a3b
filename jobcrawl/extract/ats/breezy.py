"""Breezy HR (``https://<company>.breezy.hr/json``, then each posting's page for its description).

The list is a bare array ``[{id, friendly_id, name, url, published_date, type{name}, location{name, city,
state{name}, country{name}, is_remote, remote_details{label}}, locations[], department, salary (free text),
company{name, friendly_id}}]``; it has no description, which is on the posting page
``https://<company>.breezy.hr/p/<friendly_id>`` as schema.org JSON-LD (read by the JSON-LD extractor and
completed with the list's fields, see ``jobcrawl.extract.extract_page``).
"""

from __future__ import annotations

from typing import Any

from jobcrawl.extract import FollowRequest
from jobcrawl.extract.ats.base import Parsed, posting, strip_path
from jobcrawl.extract.common import clean, location_fields

FAMILY = "breezy"


def _is_position(job: Any) -> bool:
    return isinstance(job, dict) and "friendly_id" in job and "name" in job and ("published_date" in job or "company" in job)


def matches(data: Any) -> bool:
    return isinstance(data, list) and bool(data) and all(_is_position(j) for j in data[:5])


def parse(data: list[Any], url: str) -> Parsed:
    base = strip_path(url, "/json")
    parsed = Parsed(FAMILY)
    for job in data:
        if not _is_position(job):
            continue
        loc = job.get("location") if isinstance(job.get("location"), dict) else {}
        places = [loc.get("name")] + [p.get("name") for p in job.get("locations") or [] if isinstance(p, dict)]
        remote_details = loc.get("remote_details") if isinstance(loc.get("remote_details"), dict) else {}
        remote = clean(remote_details.get("label")) or ("Remote" if loc.get("is_remote") is True else None)
        company = job.get("company") if isinstance(job.get("company"), dict) else {}
        kind = job.get("type") if isinstance(job.get("type"), dict) else {}
        fields: dict[str, Any] = {
            "title": clean(job.get("name")),
            "company": clean(company.get("name")),
            "external_id": clean(job.get("id")),
            "canonical_url": clean(job.get("url")),
            "date_posted_raw": clean(job.get("published_date")),
            "employment_type_raw": clean(kind.get("name")),
            "remote_raw": remote,
            "salary_raw": clean(job.get("salary")),
        }
        fields.update(location_fields(places))
        friendly = clean(job.get("friendly_id"))
        # the page, not an API: a person's page read through its JSON-LD (api=False: HTML is expected)
        detail = FollowRequest(f"{base}/p/{friendly}", api=False) if friendly else None
        parsed.postings.append(posting(FAMILY, fields, detail))
    return parsed
