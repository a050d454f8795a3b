"""schema.org JobPosting in microdata (``itemscope itemtype=".../JobPosting"``)."""

from __future__ import annotations

from typing import Any

from parsel import Selector

from jobcrawl.extract import query
from jobcrawl.extract.common import (
    clean,
    description_from_node,
    node_text,
    with_sources,
)
from jobcrawl.extract.jsonld import salary_fields

_POSTING_XPATH = '//*[@itemscope and contains(@itemtype, "JobPosting")]'


def find_postings(root: Selector) -> list[Selector]:
    return query.xpath(root, _POSTING_XPATH, "JobPosting")


def _props(item: Selector) -> dict[str, list[Selector]]:
    """itemprop -> nodes whose nearest enclosing itemscope is ``item``."""
    out: dict[str, list[Selector]] = {}
    item_el = item.root
    for node in item.xpath(".//*[@itemprop]"):
        parent = node.root.getparent()
        while parent is not None and parent is not item_el and parent.get("itemscope") is None:
            parent = parent.getparent()
        if parent is not item_el:
            continue
        for name in (node.attrib.get("itemprop") or "").split():
            out.setdefault(name, []).append(node)
    return out


def _value(node: Selector) -> str | None:
    tag = node.root.tag
    if tag == "meta":
        return clean(node.attrib.get("content"))
    if tag in ("a", "link", "area"):
        return clean(node.attrib.get("href")) or node_text(node)
    if tag == "time":
        return clean(node.attrib.get("datetime")) or node_text(node)
    if "content" in node.attrib:
        return clean(node.attrib.get("content"))
    return node_text(node)


def _first(props: dict[str, list[Selector]], name: str) -> str | None:
    for node in props.get(name, []):
        value = _value(node)
        if value:
            return value
    return None


def fields(item: Selector) -> dict[str, Any]:
    props = _props(item)
    out: dict[str, Any] = {"title": _first(props, "title") or _first(props, "name")}
    for org in props.get("hiringOrganization", []):
        if org.attrib.get("itemscope") is not None:
            out["company"] = _first(_props(org), "name") or _first(_props(org), "legalName")
        else:
            out["company"] = _value(org)
        if out.get("company"):
            break
    locs: list[str] = []
    structured: list[dict[str, Any]] = []
    for place in props.get("jobLocation", []):
        text = node_text(place)
        pprops = _props(place) if place.attrib.get("itemscope") is not None else {}
        addresses = pprops.get("address", [])
        for address in addresses:
            aprops = _props(address) if address.attrib.get("itemscope") is not None else {}
            st = {
                "locality": _first(aprops, "addressLocality"),
                "region": _first(aprops, "addressRegion"),
                "country": _first(aprops, "addressCountry"),
                "postal_code": _first(aprops, "postalCode"),
            }
            st = {k: v for k, v in st.items() if v}
            if st:
                structured.append(st)
            text = node_text(address) or text
        if text and text not in locs:
            locs.append(text)
    if locs:
        out["location_raw"] = " | ".join(locs)
        out["locations_raw"] = locs
    out["locations_structured"] = structured
    out["date_posted_raw"] = _first(props, "datePosted")
    out["valid_through_raw"] = _first(props, "validThrough")
    out["employment_type_raw"] = ", ".join(v for v in (_value(n) for n in props.get("employmentType", [])) if v)
    out["remote_raw"] = _first(props, "jobLocationType")
    out["external_id"] = _first(props, "identifier")
    salary = _first(props, "baseSalary")
    if salary:
        out.update(salary_fields(salary, _first(props, "salaryCurrency")))
    desc = props.get("description")
    if desc:
        # the description property is often one paragraph; the whole item holds the posting body
        node = desc[0]
        if len(node_text(node) or "") < 0.5 * len(node_text(item) or ""):
            node = item
        out.update(description_from_node(node))
    else:
        out.update(description_from_node(item))
    out = {k: v for k, v in out.items() if v not in (None, "", [], {})}
    return with_sources(
        out, "microdata",
        title="microdata.title" if _first(props, "title") else "microdata.name",
        company="microdata.hiringOrganization",
        location_raw="microdata.jobLocation",
        remote_raw="microdata.jobLocationType",
        external_id="microdata.identifier",
        date_posted_raw="microdata.datePosted",
        valid_through_raw="microdata.validThrough",
        employment_type_raw="microdata.employmentType",
        salary_raw="microdata.baseSalary",
        salary_structured="microdata.baseSalary",
        description_text="microdata.description",
    )
