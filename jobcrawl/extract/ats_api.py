"""ATS public job-board APIs, recognized by the JSON's shape (the URL only helps with the company name).

- Greenhouse ``boards-api.greenhouse.io/v1/boards/<org>/jobs?content=true``: ``{"jobs": [{id, title,
  absolute_url, location{name}, updated_at, first_published?, content (HTML-escaped), company_name?, ...}]}``
- Lever ``api.lever.co/v0/postings/<org>``: a top-level list of ``{id, text, hostedUrl, categories{...},
  createdAt (ms), description, lists[{text, content}], additional, workplaceType, salaryRange}``
- Ashby ``api.ashbyhq.com/posting-api/job-board/<org>``: ``{"jobs": [{title, location, secondaryLocations,
  employmentType, isRemote, workplaceType, descriptionHtml, publishedAt, jobUrl, compensation, ...}]}``
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any
from urllib.parse import urlsplit

from jobcrawl.extract.common import clean, description_from_html, host_of, location_fields, with_sources
from jobcrawl.extract.jsonld import stated_salary

ASHBY_EMPLOYMENT = {"FullTime": "Full-time", "PartTime": "Part-time", "Intern": "Internship",
                    "Contract": "Contract", "Temporary": "Temporary"}


def kind(data: Any) -> str | None:
    """"greenhouse", "lever", "ashby" or None, from the JSON's shape."""
    if isinstance(data, list):
        if data and all(isinstance(d, dict) for d in data[:5]) and any(
            "hostedUrl" in d or ("text" in d and "categories" in d) for d in data[:5]
        ):
            return "lever"
        return None
    if isinstance(data, dict):
        if isinstance(data.get("text"), str) and "categories" in data and "hostedUrl" in data:
            return "lever"
        jobs = data.get("jobs")
        if isinstance(jobs, list):
            sample = [j for j in jobs[:5] if isinstance(j, dict)]
            if not sample:
                return "greenhouse" if "meta" in data else ("ashby" if "apiVersion" in data else None)
            if any("descriptionHtml" in j or "jobUrl" in j or "isRemote" in j for j in sample):
                return "ashby"
            if any("absolute_url" in j or "internal_job_id" in j for j in sample):
                return "greenhouse"
        if "absolute_url" in data and "title" in data:
            return "greenhouse"
    return None


def _org_from_url(url: str, marker: str) -> str | None:
    segs = [s for s in urlsplit(url).path.split("/") if s]
    if marker in segs:
        i = segs.index(marker)
        if i + 1 < len(segs):
            return segs[i + 1]
    return None


def _posting(url: str, extractor: str, fields: dict[str, Any], company_source: str | None = None) -> dict[str, Any]:
    """``company_source``: where the company came from when not from the job record itself (the board owner)."""
    fields = with_sources({k: v for k, v in fields.items() if v not in (None, "", [], {})}, f"{extractor}.api",
                          company=company_source)
    fields["url"] = url
    fields["extractor"] = extractor
    return fields


def greenhouse(data: Any, url: str) -> list[dict[str, Any]]:
    jobs = data.get("jobs") if isinstance(data, dict) and "jobs" in data else [data]
    org = _org_from_url(url, "boards")
    out = []
    for job in jobs:
        if not isinstance(job, dict):
            continue
        content = job.get("content")
        fields: dict[str, Any] = {
            "title": clean(job.get("title")),
            "company": clean(job.get("company_name")) or org,  # the board's owner (boards/<org>)
            "external_id": clean(str(job["id"])) if job.get("id") is not None else None,
            "canonical_url": clean(job.get("absolute_url")),
            "date_posted_raw": clean(job.get("first_published")) or clean(job.get("updated_at")),
        }
        loc = (job.get("location") or {}).get("name") if isinstance(job.get("location"), dict) else job.get("location")
        fields.update(location_fields([loc]))
        offices = [o.get("location") or o.get("name") for o in job.get("offices") or [] if isinstance(o, dict)]
        if offices and not fields.get("locations_raw"):
            fields.update(location_fields(offices))
        for item in job.get("metadata") or []:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                name = item["name"].lower()
                value = item.get("value")
                if isinstance(value, list):
                    value = ", ".join(str(v) for v in value if v)
                if "employment" in name or "job type" in name:
                    fields.setdefault("employment_type_raw", clean(value))
                elif "salary" in name or "compensation" in name or "pay" in name:
                    fields.setdefault("salary_raw", clean(value) if isinstance(value, str) else None)
                elif "remote" in name or "workplace" in name:
                    fields.setdefault("remote_raw", clean(value) if isinstance(value, str) else None)
        if isinstance(content, str):
            fields.update(description_from_html(html.unescape(content) if "&lt;" in content else content))
        board = None if clean(job.get("company_name")) else "greenhouse.board"
        out.append(_posting(url, "greenhouse", fields, board))
    return out


def _ms_to_iso(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.timezone.utc).isoformat().replace("+00:00", "Z")
    return clean(value)


def lever(data: Any, url: str) -> list[dict[str, Any]]:
    jobs = data if isinstance(data, list) else [data]
    org = _org_from_url(url, "postings")
    out = []
    for job in jobs:
        if not isinstance(job, dict):
            continue
        cats = job.get("categories") or {}
        parts = [job.get("description") or ""]
        for item in job.get("lists") or []:
            if isinstance(item, dict):
                parts.append(f"<h3>{html.escape(item.get('text') or '')}</h3><ul>{item.get('content') or ''}</ul>")
        parts.append(job.get("additional") or "")
        description = "".join(p for p in parts if p)
        hosted = clean(job.get("hostedUrl"))
        company = org
        if not company and hosted:
            segs = [s for s in urlsplit(hosted).path.split("/") if s]
            company = segs[0] if segs else None
        fields: dict[str, Any] = {
            "title": clean(job.get("text")),
            "company": company,
            "external_id": clean(job.get("id")),
            "canonical_url": hosted,
            "date_posted_raw": _ms_to_iso(job.get("createdAt")),
            "employment_type_raw": clean(cats.get("commitment")),
            "remote_raw": clean(job.get("workplaceType")) if job.get("workplaceType") not in (None, "unspecified") else None,
        }
        all_locs = cats.get("allLocations") if isinstance(cats.get("allLocations"), list) else []
        fields.update(location_fields([cats.get("location"), *all_locs]))
        salary = job.get("salaryRange")
        if isinstance(salary, dict) and (salary.get("min") or salary.get("max")):
            unit = clean(salary.get("interval"))
            fields["salary_structured"] = stated_salary(salary.get("min"), salary.get("max"),
                                                        salary.get("currency"), unit)
        if job.get("salaryDescription"):  # Lever's own pay text; the range above has none
            fields["salary_raw"] = clean(job.get("salaryDescriptionPlain") or job.get("salaryDescription"))
        fields.update(description_from_html(description))
        out.append(_posting(url, "lever", fields, "lever.board"))
    return out


def _ashby_salary(comp: Any) -> dict[str, Any]:
    if not isinstance(comp, dict):
        return {}
    raw = clean(comp.get("scrapeableCompensationSalarySummary")) or clean(comp.get("compensationTierSummary"))
    structured = None
    for tier in comp.get("summaryComponents") or []:
        if isinstance(tier, dict) and tier.get("compensationType") == "Salary":
            structured = stated_salary(tier.get("minValue"), tier.get("maxValue"), tier.get("currencyCode"),
                                       tier.get("interval"))
            break
    return {"salary_raw": raw, "salary_structured": structured}


def ashby(data: Any, url: str) -> list[dict[str, Any]]:
    org = _org_from_url(url, "job-board")
    out = []
    for job in data.get("jobs") or []:
        if not isinstance(job, dict):
            continue
        job_url = clean(job.get("jobUrl"))
        company = org
        if not company and job_url and host_of(job_url) == "jobs.ashbyhq.com":
            segs = [s for s in urlsplit(job_url).path.split("/") if s]
            company = segs[0] if segs else None
        board = "ashby.board" if company else None
        # never the department ("Engineering"): that names a team, not the employer
        company = company or clean(job.get("organizationName"))
        locs = [job.get("location")]
        structured: list[dict[str, Any]] = []
        for sec in job.get("secondaryLocations") or []:
            if isinstance(sec, dict):
                locs.append(sec.get("location"))
            elif isinstance(sec, str):
                locs.append(sec)
        address = (job.get("address") or {}).get("postalAddress") if isinstance(job.get("address"), dict) else None
        if isinstance(address, dict):
            st = {"locality": clean(address.get("addressLocality")), "region": clean(address.get("addressRegion")),
                  "country": clean(address.get("addressCountry")), "postal_code": clean(address.get("postalCode"))}
            st = {k: v for k, v in st.items() if v}
            if st:
                structured.append(st)
        workplace = clean(job.get("workplaceType"))
        fields: dict[str, Any] = {
            "title": clean(job.get("title")),
            "company": company,
            "external_id": clean(job.get("id")) or (job_url.rstrip("/").rsplit("/", 1)[-1] if job_url else None),
            "canonical_url": job_url,
            "date_posted_raw": clean(job.get("publishedAt")),
            "employment_type_raw": ASHBY_EMPLOYMENT.get(job.get("employmentType"), clean(job.get("employmentType"))),
            "remote_raw": workplace or ("Remote" if job.get("isRemote") else None),
            "locations_structured": structured,
        }
        fields.update(location_fields(locs))
        fields.update(_ashby_salary(job.get("compensation")))
        fields.update(description_from_html(job.get("descriptionHtml") or job.get("descriptionPlain")))
        out.append(_posting(url, "ashby", fields, board))
    return out


def extract(data: Any, url: str) -> tuple[str | None, list[dict[str, Any]]]:
    which = kind(data)
    if which == "greenhouse":
        return which, greenhouse(data, url)
    if which == "lever":
        return which, lever(data, url)
    if which == "ashby":
        return which, ashby(data, url)
    return None, []
