"""ATS public job-board APIs, recognized by the JSON's shape.

The company is the board owner's name where the response carries it (Greenhouse ``company_name``), else
None: never the board's slug from the URL (``boards/<org>``, ``jobs.ashbyhq.com/<org>``), which is an
account name (``c3iot``, ``bb``), not the employer's. Lever's and Ashby's posting APIs name no owner.

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

from jobcrawl.extract.common import clean, description_from_html, location_fields, with_sources
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


def _posting(url: str, extractor: str, fields: dict[str, Any]) -> dict[str, Any]:
    fields = with_sources({k: v for k, v in fields.items() if v not in (None, "", [], {})}, f"{extractor}.api")
    fields["url"] = url
    fields["extractor"] = extractor
    return fields


def greenhouse(data: Any, url: str) -> list[dict[str, Any]]:
    jobs = data.get("jobs") if isinstance(data, dict) and "jobs" in data else [data]
    out = []
    for job in jobs:
        if not isinstance(job, dict):
            continue
        content = job.get("content")
        fields: dict[str, Any] = {
            "title": clean(job.get("title")),
            "company": clean(job.get("company_name")),  # the board owner's name, as Greenhouse gives it
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
        out.append(_posting(url, "greenhouse", fields))
    return out


def _ms_to_iso(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.timezone.utc).isoformat().replace("+00:00", "Z")
    return clean(value)


def lever(data: Any, url: str) -> list[dict[str, Any]]:
    jobs = data if isinstance(data, list) else [data]
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
        fields: dict[str, Any] = {
            "title": clean(job.get("text")),
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
        out.append(_posting(url, "lever", fields))
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
    out = []
    for job in data.get("jobs") or []:
        if not isinstance(job, dict):
            continue
        job_url = clean(job.get("jobUrl"))
        # never the department or team ("Engineering"; Nango's board calls its one team "Nango"): they name
        # a team, not the employer
        company = clean(job.get("organizationName"))
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
        out.append(_posting(url, "ashby", fields))
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
