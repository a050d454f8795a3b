"""schema.org JobPosting in JSON-LD: find every posting object in the page's ld+json scripts and map it.

Handles objects, arrays, ``@graph``, ``@type`` given as a list, nested hiringOrganization / jobLocation (object or
list) / baseSalary, HTML-escaped descriptions, and the broken JSON real sites publish (raw newlines in strings,
trailing commas, HTML comments around the script body): see ``common.loads_tolerant``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from parsel import Selector

from jobcrawl.extract import query
from jobcrawl.extract.common import (
    clean,
    description_from_html,
    loads_tolerant,
    with_sources,
)
from jobcrawl.items import Section, StatedSalary
from jobcrawl.normalize.money import amounts

JOB_TYPES = {"jobposting"}


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for v in values if v}


def _walk(value: Any, depth: int = 0):
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _walk(value["@graph"], depth + 1)
        for key in ("mainEntity", "itemListElement", "item"):
            if key in value:
                yield from _walk(value[key], depth + 1)


_LD_JSON = query.Folded("ld+json")  # the type test below ignores case
_LD_SCRIPTS = '//script[contains(translate(@type, "JSONLD+", "jsonld+"), "ld+json")]/text()'


def find_jobpostings(root: Selector) -> tuple[list[dict[str, Any]], list[str]]:
    """All JobPosting objects in the page, and an error message per unrecoverable script."""
    postings: list[dict[str, Any]] = []
    errors: list[str] = []
    for text in query.values(root, _LD_SCRIPTS, _LD_JSON):
        if not text or not text.strip():
            continue
        try:
            data = loads_tolerant(text)
        except ValueError as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            continue
        for obj in _walk(data):
            if _types(obj) & JOB_TYPES:
                postings.append(obj)
    return postings, errors


ORGANIZATION_TYPES = {"organization", "corporation", "ngo", "governmentorganization", "educationalorganization",
                      "employmentagency", "localbusiness", "onlinebusiness"}


def organization_name(root: Selector) -> str | None:
    """The name of the first schema.org Organization the page describes on its own (career sites publish their
    employer this way beside, or instead of, a JobPosting)."""
    for text in query.values(root, _LD_SCRIPTS, _LD_JSON):
        try:
            data = loads_tolerant(text or "")
        except ValueError:
            continue
        for obj in _walk(data):
            if _types(obj) & ORGANIZATION_TYPES:
                name = _name(obj)
                if name:
                    return name
    return None


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        for item in value:
            name = _name(item)
            if name:
                return name
        return None
    if isinstance(value, dict):
        return clean(value.get("name")) or clean(value.get("legalName"))
    return clean(value)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _address(place: Any) -> tuple[str | None, dict[str, Any] | None]:
    """(display text, structured dict) for a Place / PostalAddress / plain string."""
    if isinstance(place, str):
        return clean(place), None
    if not isinstance(place, dict):
        return None, None
    address = place.get("address", place)
    if isinstance(address, list):
        address = address[0] if address else {}
    if isinstance(address, str):
        return clean(address), None
    if not isinstance(address, dict):
        return _name(place), None
    country = address.get("addressCountry")
    if isinstance(country, dict):
        country = country.get("name")
    structured = {
        "street": clean(address.get("streetAddress")),
        "locality": clean(address.get("addressLocality")),
        "region": clean(address.get("addressRegion")),
        "country": clean(country),
        "postal_code": clean(address.get("postalCode")),
    }
    structured = {k: v for k, v in structured.items() if v}
    parts = [structured.get("locality"), structured.get("region")]
    if not structured.get("locality") and not structured.get("region"):
        parts.append(structured.get("country"))
    text = ", ".join(p for p in parts if p) or clean(place.get("name")) or structured.get("country")
    structured.pop("street", None)
    return text, structured or None


def _number(value: Any) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            number = float(value.replace(",", "").strip())
        except ValueError:
            return None
        return int(number) if number.is_integer() else number
    return None


def _amount(value: Any) -> float | None:
    """A stated amount as a number: JSON numbers as they are, texts through the project's money reader."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and value.strip():
        found = amounts(value)
        return found[0].value if found else None
    return None


def stated_salary(low: Any, high: Any, currency: Any, unit: Any, exact: Any = None) -> StatedSalary | None:
    """A structured source's pay as numbers (an exact amount is min = max); None without any amount."""
    lo, hi = _amount(low), _amount(high)
    if lo is None and hi is None:
        lo = hi = _amount(exact)
    if lo is None and hi is None:
        return None
    return StatedSalary(lo, hi, clean(currency) if isinstance(currency, str) else None,
                        clean(unit) if isinstance(unit, str) else None)


def salary_fields(base: Any, currency: Any = None) -> dict[str, Any]:
    """``salary_structured`` from a schema.org ``baseSalary`` (MonetaryAmount, or a bare amount).

    A MonetaryAmount has no text of its own, so ``salary_raw`` stays None (the page's visible pay text, if any,
    is read by the page's other readers); a bare value is the source's own text and is kept as written."""
    if base in (None, "", [], {}):
        return {}
    if isinstance(base, list):
        base = base[0]
    if not isinstance(base, dict):
        # the amount (or, for a text such as "50,000 - 60,000", just the currency) is read by Normalize from it
        structured = stated_salary(None, None, currency, None, exact=_number(base))
        if structured is None and isinstance(currency, str) and clean(currency):
            structured = StatedSalary(currency=clean(currency))
        return {"salary_raw": clean(str(base)), "salary_structured": structured}
    value = base.get("value")
    unit = base.get("unitText")
    currency = base.get("currency") or currency
    if isinstance(value, dict):
        lo, hi, exact = _number(value.get("minValue")), _number(value.get("maxValue")), _number(value.get("value"))
        unit = value.get("unitText") or unit
    else:
        exact = _number(value)
        lo, hi = _number(base.get("minValue")), _number(base.get("maxValue"))
    if not any(v for v in (lo, hi, exact)):
        return {}
    return {"salary_structured": stated_salary(lo, hi, currency, unit, exact=exact)}


def fields(obj: dict[str, Any]) -> dict[str, Any]:
    """Partial JobPosting fields from one JSON-LD JobPosting object."""
    out: dict[str, Any] = {"title": clean(obj.get("title")) or clean(obj.get("name"))}
    out["company"] = _name(obj.get("hiringOrganization"))
    locs: list[str] = []
    structured: list[dict[str, Any]] = []
    for place in _as_list(obj.get("jobLocation")):
        text, st = _address(place)
        if text and text not in locs:
            locs.append(text)
        if st:
            structured.append(st)
    if locs:
        out["location_raw"] = " | ".join(locs)
        out["locations_raw"] = locs
    out["locations_structured"] = structured
    location_type = obj.get("jobLocationType")
    if isinstance(location_type, list):
        location_type = ", ".join(str(v) for v in location_type if v)
    out["remote_raw"] = clean(location_type)
    if not locs and out["remote_raw"]:
        reqs = [_name(r) for r in _as_list(obj.get("applicantLocationRequirements"))]
        reqs = [r for r in reqs if r]
        if reqs:
            out["location_raw"] = " | ".join(reqs)
            out["locations_raw"] = reqs
    ident = obj.get("identifier")
    if isinstance(ident, list):
        ident = ident[0] if ident else None
    out["external_id"] = clean(ident.get("value") if isinstance(ident, dict) else ident)
    out["canonical_url"] = clean(obj.get("url")) if isinstance(obj.get("url"), str) else None
    out["date_posted_raw"] = clean(obj.get("datePosted"))
    out["valid_through_raw"] = clean(obj.get("validThrough"))
    etype = obj.get("employmentType")
    if isinstance(etype, list):
        etype = ", ".join(str(v) for v in etype if v)
    out["employment_type_raw"] = clean(etype)
    out.update(salary_fields(obj.get("baseSalary") or obj.get("estimatedSalary"), obj.get("salaryCurrency")))
    salary_source = "jsonld.baseSalary" if obj.get("baseSalary") else "jsonld.estimatedSalary"
    description = obj.get("description")
    if isinstance(description, str):
        out.update(description_from_html(description))
    if out.get("sections"):
        out["sections"] = field_sections(obj, out["sections"])
    out = {k: v for k, v in out.items() if v not in (None, "", [], {})}
    return with_sources(
        out, "jsonld",
        title="jsonld.title" if clean(obj.get("title")) else "jsonld.name",
        company="jsonld.hiringOrganization",
        location_raw="jsonld.jobLocation" if locs else "jsonld.applicantLocationRequirements",
        remote_raw="jsonld.jobLocationType",
        external_id="jsonld.identifier",
        date_posted_raw="jsonld.datePosted",
        valid_through_raw="jsonld.validThrough",
        employment_type_raw="jsonld.employmentType",
        salary_raw=salary_source,
        salary_structured=salary_source,
        description_text="jsonld.description",
    )


# JobPosting properties that hold one part of the description (Workable, SmartRecruiters, many WordPress plugins
# publish them beside a description whose parts carry no headings)
_FIELD_KINDS = (
    ("responsibilities", "responsibilities"),
    ("qualifications", "requirements"),
    ("experienceRequirements", "requirements"),
    ("educationRequirements", "requirements"),
    ("skills", "requirements"),
    ("jobBenefits", "benefits"),
)
_TOKEN = re.compile(r"\w+")


def _field_text(value: Any) -> str | None:
    if isinstance(value, list):
        parts = [v for v in value if isinstance(v, str) and v.strip()]
        return "<ul>" + "".join(f"<li>{v}</li>" for v in parts) + "</ul>" if parts else None
    return value if isinstance(value, str) and value.strip() else None


def field_sections(obj: dict[str, Any], sections: list[Section]) -> list[Section]:
    """Sections of a kind the description's own headings do not give, taken from the posting's
    responsibilities / qualifications / skills / jobBenefits properties. Description sections whose words all
    appear in those properties are replaced by them (they are the same text, now classified)."""
    have = {s.kind for s in sections}
    extra: list[Section] = []
    for key, kind in _FIELD_KINDS:
        fragment = _field_text(obj.get(key))
        if kind in have or not fragment:
            continue
        parsed = description_from_html(fragment)
        text = parsed.get("description_text")
        if not text:
            continue
        extra.append(Section(position=0, heading=None, kind=kind, text=text, html=parsed["description_html"]))
        have.add(kind)
    if not extra:
        return sections
    covered_words = set(_TOKEN.findall(" ".join(s.text for s in extra).lower()))
    out: list[Section] = []
    inserted = False
    for section in sections:
        words = set(_TOKEN.findall(section.text.lower()))
        if words and len(words & covered_words) >= 0.9 * len(words):
            if not inserted:
                out.extend(extra)
                inserted = True
            continue
        out.append(section)
    if not inserted:
        out.extend(extra)
    return [replace(s, position=i) for i, s in enumerate(out)]
