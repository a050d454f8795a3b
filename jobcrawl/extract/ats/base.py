"""Helpers shared by the ATS board parsers: the parse result, field dicts, vendor sections, URL arithmetic.

A parser turns one decoded API response into :class:`Parsed`: posting field dicts (keyed by ``JobPosting``
field names, like every extractor's partials) plus the follow-up requests the board needs (more pages,
detail responses). A posting dict may carry ``"_detail"``: the request whose response completes it.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from jobcrawl.extract import FollowRequest
from jobcrawl.extract.common import clean, description_from_html


@dataclass
class Parsed:
    kind: str  # the family: "workday", "smartrecruiters", ...
    postings: list[dict[str, Any]] = field(default_factory=list)
    requests: list[FollowRequest] = field(default_factory=list)  # pagination
    shape: str = "list"  # list or detail: an empty list is an empty board, an empty detail is not


def posting(family: str, fields: dict[str, Any], detail: FollowRequest | None = None) -> dict[str, Any]:
    """A posting dict: empty values dropped, ``source`` and ``extractor`` = the family name."""
    out = {k: v for k, v in fields.items() if v not in (None, "", [], {})}
    out["extractor"] = out["source"] = family
    if detail is not None:
        out["_detail"] = detail
    return out


def vendor_sections(parts: list[tuple[str | None, Any]]) -> dict[str, Any]:
    """Description fields from the vendor's own named sections: each becomes ``<h2>name</h2>`` + its HTML, so
    the section splitter takes the vendor's names as headings."""
    chunks = []
    for name, value in parts:
        value = value.strip() if isinstance(value, str) else None
        if not value:
            continue
        heading = clean(name)
        chunks.append((f"<h2>{html.escape(heading)}</h2>" if heading else "") + value)
    return description_from_html("".join(chunks)) if chunks else {}


def text_id(value: Any) -> str | None:
    """An id as text: numbers too (``clean`` turns ints into text, never booleans)."""
    return clean(value)


def strip_path(url: str, suffix: str) -> str:
    """``url`` without its query and without ``suffix`` at the end of its path (``.../careers/list`` → ``...``)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith(suffix.rstrip("/")):
        path = path[: len(path) - len(suffix.rstrip("/"))]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def json_body(body: bytes | str | None) -> dict[str, Any]:
    """A request's JSON body as a dict ({} when absent or not JSON)."""
    if not body:
        return {}
    try:
        data = json.loads(body)
    except (ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def join_place(*parts: Any) -> str | None:
    """"City, Region, Country" from the parts given (empty parts skipped)."""
    names = [clean(p) for p in parts]
    return ", ".join(n for n in names if n) or None


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None
