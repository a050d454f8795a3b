"""ATS job-board APIs beyond Greenhouse, Lever and Ashby (those stay in ``jobcrawl.extract.ats_api``): one
module per family, each recognizing its responses by shape (JSON keys, the XML root), never by host.

``parse_json``/``parse_xml`` return :class:`~jobcrawl.extract.ats.base.Parsed` (postings + follow-up
requests) or None for a shape no family has. ``detect`` maps board URLs and careers pages to boards.
"""

from __future__ import annotations

from typing import Any

from jobcrawl.extract.ats import (
    bamboohr,
    breezy,
    personio,
    recruitee,
    smartrecruiters,
    workable,
    workday,
)
from jobcrawl.extract.ats.base import Parsed

FAMILIES = ("workday", "smartrecruiters", "workable", "recruitee", "personio", "bamboohr", "breezy")

__all__ = ["FAMILIES", "Parsed", "parse_json", "parse_xml"]


def parse_json(data: Any, url: str, request_body: bytes | str | None = None) -> Parsed | None:
    if workday.is_list(data):
        return workday.parse_list(data, url, request_body)
    if workday.is_detail(data):
        return workday.parse_detail(data, url)
    if smartrecruiters.is_list(data):
        return smartrecruiters.parse_list(data, url)
    if smartrecruiters.is_detail(data):
        return smartrecruiters.parse_detail(data, url)
    if bamboohr.is_list(data):
        return bamboohr.parse_list(data, url)
    if bamboohr.is_detail(data):
        return bamboohr.parse_detail(data, url)
    if recruitee.matches(data):
        return recruitee.parse(data, url)
    if workable.matches(data):
        return workable.parse(data, url)
    if breezy.matches(data):
        return breezy.parse(data, url)
    return None


def parse_xml(body: bytes, url: str) -> Parsed | None:
    return personio.parse(body, url) if personio.matches(body) else None
