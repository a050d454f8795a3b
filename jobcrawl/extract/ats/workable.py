"""Workable job widget (``apply.workable.com/api/v1/widget/accounts/<account>?details=true``).

``{name, description, jobs: [{title, shortcode, employment_type, telecommuting, department, url, shortlink,
application_url, published_on, created_at, country, city, state, locations[{country, city, region}],
description (with details=true)}]}``. One response holds the whole board. Saved captures sometimes keep only
the ``jobs`` array; that bare list is read too.
"""

from __future__ import annotations

from typing import Any

from jobcrawl.extract.ats.base import Parsed, join_place, posting, vendor_sections
from jobcrawl.extract.common import clean, location_fields

FAMILY = "workable"


def _is_job(job: Any) -> bool:
    return isinstance(job, dict) and "shortcode" in job and "title" in job


def matches(data: Any) -> bool:
    if isinstance(data, list):
        return bool(data) and all(_is_job(j) for j in data[:5])
    if isinstance(data, dict) and isinstance(data.get("jobs"), list):
        jobs = data["jobs"]
        return any(_is_job(j) for j in jobs[:5]) or (not jobs and "name" in data and "description" in data)
    return False


def parse(data: Any, url: str) -> Parsed:
    jobs = data if isinstance(data, list) else data["jobs"]
    owner = clean(data.get("name")) if isinstance(data, dict) else None
    parsed = Parsed(FAMILY)
    for job in jobs:
        if not _is_job(job):
            continue
        places = [join_place(job.get("city"), job.get("state"), job.get("country"))]
        places += [join_place(loc.get("city"), loc.get("region"), loc.get("country"))
                   for loc in job.get("locations") or [] if isinstance(loc, dict)]
        fields: dict[str, Any] = {
            "title": clean(job.get("title")),
            "company": owner,
            "external_id": clean(job.get("shortcode")),
            "canonical_url": clean(job.get("url")) or clean(job.get("shortlink")),
            "date_posted_raw": clean(job.get("published_on")) or clean(job.get("created_at")),
            "employment_type_raw": clean(job.get("employment_type")),
            "remote_raw": "Remote" if job.get("telecommuting") is True else None,
        }
        fields.update(location_fields(places))
        fields.update(vendor_sections([(None, job.get("description")), ("Requirements", job.get("requirements")),
                                       ("Benefits", job.get("benefits"))]))
        parsed.postings.append(posting(FAMILY, fields))
    return parsed
