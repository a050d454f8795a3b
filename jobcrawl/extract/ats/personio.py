"""Personio XML feed (``https://<company>.jobs.personio.de/xml``).

``<workzag-jobs><position><id/><subcompany/><office/><additionalOffices><office/></additionalOffices>
<department/><name/><jobDescriptions><jobDescription><name/><value/></jobDescription></jobDescriptions>
<employmentType/><seniority/><schedule/><createdAt/></position>...</workzag-jobs>``. The feed has no posting
URL: the public page is ``https://<company>.jobs.personio.de/job/<id>``. One response holds the whole board.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from jobcrawl.extract.ats.base import Parsed, posting, strip_path, vendor_sections
from jobcrawl.extract.common import clean, location_fields

FAMILY = "personio"
ROOT_TAG = b"<workzag-jobs"


def matches(body: bytes) -> bool:
    return ROOT_TAG in body[:2048]


def _text(node: Any, path: str) -> str | None:
    found = node.find(path)
    return clean(found.text) if found is not None else None


def parse(body: bytes, url: str) -> Parsed | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return None
    if root is None or root.tag != "workzag-jobs":
        return None
    base = strip_path(url, "/xml")
    parsed = Parsed(FAMILY)
    for position in root.iter("position"):
        job_id = _text(position, "id")
        offices = [_text(position, "office")] + [clean(o.text) for o in position.findall("additionalOffices/office")]
        schedule, contract = _text(position, "schedule"), _text(position, "employmentType")
        fields: dict[str, Any] = {
            "title": _text(position, "name"),
            "company": _text(position, "subcompany"),
            "external_id": job_id,
            "canonical_url": f"{base}/job/{job_id}" if job_id else None,
            "date_posted_raw": _text(position, "createdAt"),
            "employment_type_raw": ", ".join(p for p in (schedule, contract) if p) or None,
        }
        fields.update(location_fields(offices))
        fields.update(vendor_sections([(_text(d, "name"), (d.findtext("value") or ""))
                                       for d in position.findall("jobDescriptions/jobDescription")]))
        parsed.postings.append(posting(FAMILY, fields))
    return parsed
