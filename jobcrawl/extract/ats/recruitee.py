"""Recruitee careers-site API (``https://<company>.recruitee.com/api/offers/``).

``{"offers": [{id, slug, title, company_name, description, requirements (HTML), location, city, state_name,
country, locations[{name, city, state, country}], remote, hybrid, on_site, employment_type_code,
salary{min, max, period, currency}, published_at, created_at, close_at, careers_url, careers_apply_url}]}``.
One response holds the whole board.
"""

from __future__ import annotations

from typing import Any

from jobcrawl.extract.ats.base import (
    Parsed,
    join_place,
    posting,
    text_id,
    vendor_sections,
)
from jobcrawl.extract.common import clean, location_fields
from jobcrawl.extract.jsonld import stated_salary
from jobcrawl.items import StatedSalary

FAMILY = "recruitee"


def matches(data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("offers"), list):
        return False
    sample = [o for o in data["offers"][:5] if isinstance(o, dict)]
    return not data["offers"] or any("careers_url" in o or "employment_type_code" in o or "guid" in o for o in sample)


def _salary(salary: Any) -> StatedSalary | None:
    if not isinstance(salary, dict) or (salary.get("min") in (None, "") and salary.get("max") in (None, "")):
        return None
    return stated_salary(salary.get("min"), salary.get("max"), salary.get("currency"), salary.get("period"))


def _structured(loc: dict[str, Any]) -> dict[str, Any]:
    st = {"locality": clean(loc.get("city")), "region": clean(loc.get("state")),
          "country": clean(loc.get("country_code")) or clean(loc.get("country")), "postal_code": clean(loc.get("postal_code"))}
    return {k: v for k, v in st.items() if v}


def parse(data: dict[str, Any], url: str) -> Parsed:
    parsed = Parsed(FAMILY)
    for offer in data["offers"]:
        if not isinstance(offer, dict):
            continue
        # each office as city, state, country (the offer's own "location" may be a label such as "Remote job")
        offices = [loc for loc in offer.get("locations") or [] if isinstance(loc, dict)] or [
            {"city": offer.get("city"), "state": offer.get("state_name"), "country": offer.get("country"),
             "country_code": offer.get("country_code")}]
        places = [join_place(loc.get("city"), loc.get("state"), loc.get("country")) or clean(loc.get("name"))
                  for loc in offices]
        structured = [_structured(loc) for loc in offices]
        if not any(places):
            places, structured = [offer.get("location")], []
        remote = next((label for key, label in (("remote", "Remote"), ("hybrid", "Hybrid"), ("on_site", "On-site"))
                       if offer.get(key) is True), None)
        code = clean(offer.get("employment_type_code"))
        fields: dict[str, Any] = {
            "title": clean(offer.get("title")),
            "company": clean(offer.get("company_name")),
            "external_id": text_id(offer.get("id")),
            "canonical_url": clean(offer.get("careers_url")),
            "date_posted_raw": clean(offer.get("published_at")) or clean(offer.get("created_at")),
            "valid_through_raw": clean(offer.get("close_at")),
            "employment_type_raw": code.replace("_", " ") if code else None,  # "fulltime_permanent"
            "remote_raw": remote,
            "salary_structured": _salary(offer.get("salary")),
            "locations_structured": [st for st in structured if st] if all(structured) else [],
        }
        fields.update(location_fields(places))
        fields.update(vendor_sections([(None, offer.get("description")), ("Requirements", offer.get("requirements"))]))
        parsed.postings.append(posting(FAMILY, fields))
    return parsed
