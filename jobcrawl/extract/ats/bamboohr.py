"""BambooHR careers site (``https://<company>.bamboohr.com/careers/list`` and ``/careers/<id>/detail``).

- List: ``{"meta": {"totalCount"}, "result": [{id, jobOpeningName, departmentLabel, employmentStatusLabel,
  location{city, state}, atsLocation{country, state, province, city}, isRemote, locationType}]}``; no paging.
- Detail: ``{"result": {"jobOpening": {jobOpeningShareUrl, jobOpeningName, employmentStatusLabel,
  location{city, state, postalCode, addressCountry}, atsLocation{...}, description (HTML), compensation
  (free text), datePosted, locationType}}}``.
``locationType`` is "0" on site, "1" remote, "2" hybrid. Neither response names the board's owner.
"""

from __future__ import annotations

import re
from typing import Any

from jobcrawl.extract import FollowRequest
from jobcrawl.extract.ats.base import Parsed, join_place, posting, strip_path, text_id
from jobcrawl.extract.common import clean, description_from_html, location_fields

FAMILY = "bamboohr"
LOCATION_TYPES = {"0": "On-site", "1": "Remote", "2": "Hybrid"}
_DETAIL_ID = re.compile(r"/careers/(\d+)/detail/?$")


def _is_opening(job: Any) -> bool:
    return isinstance(job, dict) and "jobOpeningName" in job


def is_list(data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("result"), list):
        return False
    return any(_is_opening(j) for j in data["result"][:5]) or (not data["result"] and "totalCount" in (data.get("meta") or {}))


def is_detail(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("result"), dict) and _is_opening(data["result"].get("jobOpening"))


def _fields(job: dict[str, Any], job_id: str | None, base: str) -> dict[str, Any]:
    loc = job.get("location") if isinstance(job.get("location"), dict) else {}
    ats = job.get("atsLocation") if isinstance(job.get("atsLocation"), dict) else {}
    place = join_place(loc.get("city"), loc.get("state"), loc.get("addressCountry")) or join_place(
        ats.get("city"), ats.get("state") or ats.get("province"), ats.get("country"))
    remote = "Remote" if job.get("isRemote") is True else LOCATION_TYPES.get(str(job.get("locationType")))
    fields: dict[str, Any] = {
        "title": clean(job.get("jobOpeningName")),
        "external_id": job_id,
        "canonical_url": clean(job.get("jobOpeningShareUrl")) or (f"{base}/careers/{job_id}" if job_id else None),
        "employment_type_raw": clean(job.get("employmentStatusLabel")) or clean(job.get("employmentType")),
        "remote_raw": remote,
        "date_posted_raw": clean(job.get("datePosted")),
        "salary_raw": clean(job.get("compensation")),
    }
    fields.update(location_fields([place]))
    fields.update(description_from_html(job.get("description")))
    return fields


def parse_list(data: dict[str, Any], url: str) -> Parsed:
    base = strip_path(url, "/careers/list")
    parsed = Parsed(FAMILY)
    for job in data["result"]:
        if not _is_opening(job):
            continue
        job_id = text_id(job.get("id"))
        fields = _fields(job, job_id, base)
        attached = job.get("detail")  # some saved captures attach the detail response to each entry
        if isinstance(attached, dict):
            fields = {**fields, **{k: v for k, v in _fields(attached, job_id, base).items() if v not in (None, "", [])}}
            parsed.postings.append(posting(FAMILY, fields))
        else:
            detail = FollowRequest(f"{base}/careers/{job_id}/detail") if job_id else None
            parsed.postings.append(posting(FAMILY, fields, detail))
    return parsed


def parse_detail(data: dict[str, Any], url: str) -> Parsed:
    job = data["result"]["jobOpening"]
    match = _DETAIL_ID.search(url.split("?")[0])
    share = clean(job.get("jobOpeningShareUrl")) or ""
    job_id = match.group(1) if match else (share.rstrip("/").rsplit("/", 1)[-1] or None)
    fields = _fields(job, job_id, strip_path(url, f"/careers/{job_id}/detail"))
    return Parsed(FAMILY, [posting(FAMILY, fields)], shape="detail")
