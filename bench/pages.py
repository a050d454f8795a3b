"""Realistic posting pages for the benchmark, built from our fixtures with unique ids, titles and text.

Templates: every demo board posting (fixtures/demo/postings) and every fixture case under fixtures/pages whose
page is an HTML posting (Indeed, JSON-LD, microdata, generic). For page ``n`` the template's identity (its
external id, its canonical URL) and its title are replaced by unique values, and the description's content words
are re-drawn (40 % of the longer words that are not heading or markup vocabulary) so pages are not near-duplicates of each other. About 5 % of
pages are exact duplicates (an earlier page's description under a new id) and 5 % near-duplicates (an earlier
page's description with ~3 % of its words changed). Everything is deterministic: the server process and the
replay rebuild the same bytes from (n, seed).

Indeed's "similar jobs" cards (``a.jcs-JobTitle``) are renamed so a page links nowhere: the benchmark measures
N pages, and links to https://127.0.0.1/viewjob would only add failed requests.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FETCHED_AT = "2026-01-15T12:00:00+00:00"
HEADERS = {"Content-Type": "text/html; charset=utf-8"}
SERVED_URL = "http://127.0.0.1:{port}/p/{n}"
# the identity a template is extracted with when choosing what to replace (any served URL gives the same)
_PROBE_URL = "http://127.0.0.1:8/p/0"

EXACT_DUPLICATES = 0.05
NEAR_DUPLICATES = 0.05
MUTATE_SHARE = 0.4  # of the replaceable words of a page
NEAR_SHARE = 0.03  # of them again for a near-duplicate

_CASE_KINDS = ("indeed", "jsonld", "generic", "microdata")
_WORD = re.compile(rb"[a-z]{5,}")
_IN_TAG = re.compile(rb"<[^>]*>")
_QUOTED = re.compile(rb'"([a-z]{5,})|([a-z]{5,})"')


@dataclass
class Template:
    name: str
    body: bytes  # with identity placeholders
    external_id: str | None
    canonical: str | None
    title: str | None
    words: list[bytes]  # replaceable content words
    word_rx: re.Pattern[bytes] | None


def template_files() -> list[Path]:
    import json

    files = sorted((ROOT / "fixtures" / "demo" / "postings").glob("*.html"))
    for case in sorted((ROOT / "fixtures" / "pages").iterdir()):
        meta = case / "meta.json"
        page = case / "page.html"
        if page.exists() and meta.exists():
            kind = json.loads(meta.read_text(encoding="utf-8")).get("kind", "")
            if kind in _CASE_KINDS:  # "indeed-search" and "not-a-posting" cases are left out
                files.append(page)
    return files


def _extract(body: bytes, url: str = _PROBE_URL):
    from scrapy.http import HtmlResponse

    from jobcrawl.extract import extract_page

    return extract_page(HtmlResponse(url=url, body=body, headers=HEADERS), FETCHED_AT)


def _protected_words() -> set[bytes]:
    from jobcrawl.extract.sections.rules import _HEADING_VOCAB

    return {w.encode() for w in _HEADING_VOCAB}


def _make_template(path: Path) -> Template | None:
    body = path.read_bytes().replace(b"jcs-JobTitle", b"jcs-BenchTitle")
    extraction = _extract(body)
    if len(extraction.postings) != 1 or extraction.follow or extraction.next_pages:
        return None
    posting = extraction.postings[0]
    # words we may re-draw: lowercase words of the description, never inside a tag, next to a quote (JSON keys
    # and enum values), in a heading, or in the title
    protected = _protected_words()
    for match in _IN_TAG.finditer(body):
        protected.update(_WORD.findall(match.group(0)))
    for a, b in _QUOTED.findall(body):
        protected.add(a or b)
    for section in posting.sections:
        protected.update(_WORD.findall((section.heading or "").lower().encode()))
    protected.update(_WORD.findall((posting.title or "").lower().encode()))
    text_words = set(_WORD.findall((posting.description_text or "").encode()))
    words = sorted(text_words - protected)
    word_rx = re.compile(rb"\b(" + b"|".join(re.escape(w) for w in words) + rb")\b") if words else None
    return Template(
        path.parent.name if path.name == "page.html" else path.stem,
        body,
        posting.external_id,
        posting.canonical_url,
        posting.title,
        words,
        word_rx,
    )


@lru_cache(maxsize=1)
def templates() -> tuple[list[Template], list[bytes]]:
    out = [t for t in (_make_template(p) for p in template_files()) if t is not None]
    vocabulary = sorted({w for t in out for w in t.words})
    return out, vocabulary


def _new_id(old: str, n: int) -> str:
    if re.fullmatch(r"[0-9a-f]{16}", old):
        return f"{0xBE00000000000000 + n:016x}"
    return f"{old}-{n}"


def _new_canonical(old: str, n: int) -> str:
    return f"{old[:-1]}-{n}/" if old.endswith("/") else f"{old}-{n}"


def _replace_all(body: bytes, old: str, new: str) -> bytes:
    body = body.replace(old.encode(), new.encode())
    escaped = old.replace("/", "\\/")
    if escaped != old:
        body = body.replace(escaped.encode(), new.replace("/", "\\/").encode())
    amp = old.replace("&", "&amp;")
    if amp != old:
        body = body.replace(amp.encode(), new.replace("&", "&amp;").encode())
    return body


def _mutate(template: Template, body: bytes, rng: random.Random, vocabulary: list[bytes], share: float) -> bytes:
    if template.word_rx is None:
        return body
    rand, choice = rng.random, rng.choice

    def swap(match: re.Match[bytes]) -> bytes:
        return choice(vocabulary) if rand() < share else match.group(0)

    return template.word_rx.sub(swap, body)


def page_plan(n: int, seed: int = 1) -> tuple[int, int, str]:
    """(template index, content source, kind) of page n: kind is unique, exact or near; a duplicate takes the
    description and title of page ``content source`` (an earlier page) under its own id."""
    ts, _ = templates()
    rng = random.Random(seed * 1_000_003 + n)
    roll = rng.random()
    if n >= 20 and roll < EXACT_DUPLICATES + NEAR_DUPLICATES:
        tindex, source, _ = page_plan(rng.randrange(0, n), seed)
        return tindex, source, "exact" if roll < EXACT_DUPLICATES else "near"
    return rng.randrange(len(ts)), n, "unique"


def build_page(n: int, seed: int = 1) -> bytes:
    """The body of page n (deterministic)."""
    ts, vocabulary = templates()
    tindex, source, kind = page_plan(n, seed)
    t = ts[tindex]
    body = _mutate(t, t.body, random.Random(seed * 7_000_003 + source), vocabulary, MUTATE_SHARE)
    if kind == "near":
        body = _mutate(t, body, random.Random(n ^ 0x5EED), vocabulary, NEAR_SHARE)
    if t.canonical:
        canonical = t.canonical
        if t.external_id and t.external_id in canonical:
            canonical = canonical.replace(t.external_id, _new_id(t.external_id, n))
        else:
            body = _replace_all(body, t.canonical, _new_canonical(t.canonical, n))
    if t.external_id:
        body = _replace_all(body, t.external_id, _new_id(t.external_id, n))
    if t.title:
        body = _replace_all(body, t.title, f"{t.title} {source}")
    return body


def build_pages(count: int, seed: int = 1, start: int = 0) -> list[bytes]:
    return [build_page(n, seed) for n in range(start, start + count)]


def duplicate_counts(count: int, seed: int = 1, start: int = 0) -> dict[str, int]:
    kinds = [page_plan(n, seed)[2] for n in range(start, start + count)]
    return {k: kinds.count(k) for k in ("unique", "exact", "near")}
