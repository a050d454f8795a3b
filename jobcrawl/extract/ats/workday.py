"""Workday CXS (the JSON API behind ``https://<tenant>.<wdN>.myworkdayjobs.com/<site>``).

- List: ``POST /wday/cxs/<tenant>/<site>/jobs`` with ``{"limit": 20, "offset": N, "searchText": "",
  "appliedFacets": {}}`` → ``{"total", "jobPostings": [{title, externalPath, locationsText, postedOn,
  bulletFields}]}``. ``total`` is reliable only on the first page (later pages may say 0), so the first page
  schedules every further page at once.
- Detail: ``GET /wday/cxs/<tenant>/<site><externalPath>`` → ``{"jobPostingInfo": {title, jobDescription,
  location, additionalLocations, timeType, remoteType, startDate, endDate, jobReqId, externalUrl, ...},
  "hiringOrganization": {"name"}}``.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from jobcrawl.extract import FollowRequest
from jobcrawl.extract.ats.base import (
    Parsed,
    as_int,
    json_body,
    posting,
    strip_path,
    text_id,
)
from jobcrawl.extract.common import clean, description_from_html, location_fields

FAMILY = "workday"
PAGE_SIZE = 20  # the CXS endpoint refuses larger pages
_SEVERAL = re.compile(r"^\d+ Locations?$", re.IGNORECASE)  # "2 Locations": a count, not a place
_REQ_SUFFIX = re.compile(r"_([A-Za-z0-9-]*\d[A-Za-z0-9-]*)$")
_COMPANY_CODE = re.compile(r"^\d{3,}\s+(?=\D)")  # "1000 Merck Sharp & Dohme LLC": Workday's company reference id


def list_body(offset: int, limit: int = PAGE_SIZE) -> str:
    return json.dumps({"limit": limit, "offset": offset, "searchText": "", "appliedFacets": {}})


def list_request(url: str, offset: int, limit: int = PAGE_SIZE) -> FollowRequest:
    return FollowRequest(url, method="POST", body=list_body(offset, limit),
                         headers={"Content-Type": "application/json", "Accept": "application/json"})


def is_list(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("jobPostings"), list)


def is_detail(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("jobPostingInfo"), dict)


def _public_base(list_url: str) -> str:
    """``https://host/wday/cxs/<tenant>/<site>/jobs`` → ``https://host/<site>`` (the board a person opens)."""
    parts = urlsplit(list_url)
    segs = [s for s in parts.path.split("/") if s]
    site = segs[segs.index("cxs") + 2] if "cxs" in segs and len(segs) > segs.index("cxs") + 2 else ""
    return urlunsplit((parts.scheme, parts.netloc, f"/{site}" if site else "", "", ""))


def _req_id(job: dict[str, Any]) -> str | None:
    bullets = job.get("bulletFields")
    first = clean(bullets[0]) if isinstance(bullets, list) and bullets else None
    if first and " " not in first and any(c.isdigit() for c in first):
        return first
    match = _REQ_SUFFIX.search(clean(job.get("externalPath")) or "")
    return match.group(1) if match else None


def parse_list(data: dict[str, Any], url: str, request_body: bytes | str | None) -> Parsed:
    api = strip_path(url, "/jobs")
    public = _public_base(url)
    sent = json_body(request_body)
    offset = as_int(sent.get("offset")) or 0
    limit = as_int(sent.get("limit")) or PAGE_SIZE
    jobs = [j for j in data["jobPostings"] if isinstance(j, dict)]
    parsed = Parsed(FAMILY)
    for job in jobs:
        path = clean(job.get("externalPath"))
        where = clean(job.get("locationsText"))
        fields: dict[str, Any] = {
            "title": clean(job.get("title")),
            "external_id": _req_id(job),
            "canonical_url": public + path if path else None,
            "date_posted_raw": clean(job.get("postedOn")),
        }
        if where and not _SEVERAL.match(where):
            fields.update(location_fields([where]))
        detail = FollowRequest(api + path) if path and path.startswith("/") else None
        parsed.postings.append(posting(FAMILY, fields, detail))
    total = as_int(data.get("total")) or 0
    if offset == 0 and total > len(jobs) and jobs:
        parsed.requests += [list_request(url, start, limit) for start in range(limit, total, limit)]
    return parsed


def parse_detail(data: dict[str, Any], url: str) -> Parsed:
    info = data["jobPostingInfo"]
    org = data.get("hiringOrganization") if isinstance(data.get("hiringOrganization"), dict) else {}
    company = clean(org.get("name"))
    if company:
        company = _COMPANY_CODE.sub("", company) or company
    locations = [info.get("location"), *(info.get("additionalLocations") or [])]
    requisition = info.get("jobRequisitionLocation")
    if isinstance(requisition, dict):
        locations.append(requisition.get("descriptor"))
    fields: dict[str, Any] = {
        "title": clean(info.get("title")),
        "company": company,
        "external_id": text_id(info.get("jobReqId")) or text_id(info.get("jobPostingId")) or text_id(info.get("id")),
        "canonical_url": clean(info.get("externalUrl")),
        "date_posted_raw": clean(info.get("startDate")) or clean(info.get("postedOn")),
        "valid_through_raw": clean(info.get("endDate")),
        "employment_type_raw": clean(info.get("timeType")),
        "remote_raw": clean(info.get("remoteType")),
    }
    fields.update(location_fields([loc for loc in locations if isinstance(loc, str)]))
    fields.update(description_from_html(info.get("jobDescription")))
    return Parsed(FAMILY, [posting(FAMILY, fields)], shape="detail")
