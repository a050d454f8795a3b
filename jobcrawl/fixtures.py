"""Fixture cases: a saved page, its response metadata and the expected output, replayed offline.

A case is a folder ``fixtures/pages/<case>/`` holding ``page.html`` (or ``page.json``/``page.xml``),
``meta.json`` (url, encoding, headers, a frozen ``fetched_at``) and ``expected.json`` (what extraction and
normalization give, written with sorted keys, indent 2, ensure_ascii off so a diff reads well).

    python -m jobcrawl.fixtures record URL_OR_FILE CASE [--url URL] [--fetched-at ISO]
    python -m jobcrawl.fixtures rewrite [CASE ...]     # regenerate expected.json, then review the diff
(``scrapy savefixture`` is the same ``record``.)
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from scrapy.http import Headers
from scrapy.http.response import Response
from scrapy.responsetypes import responsetypes

from jobcrawl.extract import extract_page
from jobcrawl.normalize import normalize_posting

PAGES_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
PAGE_NAMES = ("page.html", "page.json", "page.xml", "page.txt")
DEFAULT_FETCHED_AT = "2026-01-15T12:00:00+00:00"


def page_file(case_dir: Path) -> Path:
    for name in PAGE_NAMES:
        if (case_dir / name).exists():
            return case_dir / name
    raise FileNotFoundError(f"{case_dir} has none of {', '.join(PAGE_NAMES)}")


def load_meta(case_dir: Path) -> dict[str, Any]:
    return json.loads((case_dir / "meta.json").read_text(encoding="utf-8"))


def build_response(body: bytes, meta: dict[str, Any]) -> Response:
    """The response Scrapy would have built for these bytes and headers."""
    headers = Headers(meta.get("headers") or {})
    url = meta["url"]
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    kwargs: dict[str, Any] = {"url": url, "body": body, "headers": headers, "status": meta.get("status", 200)}
    if meta.get("encoding") and hasattr(cls, "_declared_encoding"):
        kwargs["encoding"] = meta["encoding"]
    return cls(**kwargs)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _problem_json(problem: Any) -> dict[str, Any]:
    data = asdict(problem)
    if not data.get("other_urls"):  # only closed pages have other URLs; the other cases stay as recorded
        data.pop("other_urls", None)
    return data


def run_case(case_dir: Path) -> dict[str, Any]:
    """Extract and normalize the saved page exactly as a crawl would; the result is what expected.json holds."""
    meta = load_meta(case_dir)
    response = build_response(page_file(case_dir).read_bytes(), meta)
    fetched_at = meta.get("fetched_at") or DEFAULT_FETCHED_AT
    extraction = extract_page(response, fetched_at)
    postings = []
    for posting in extraction.postings:
        posting.normalized = normalize_posting(posting)
        # known_urls repeats the case's URL: where a page was fetched from is not worth pinning per case.
        postings.append(_jsonable({k: v for k, v in asdict(posting).items() if k != "known_urls"}))
    return {
        "postings": postings,
        "problems": [_problem_json(p) for p in extraction.problems],
        "follow": list(extraction.follow),
        "next_pages": list(extraction.next_pages),
    }


def dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_expected(case_dir: Path) -> Path:
    path = case_dir / "expected.json"
    path.write_text(dumps(run_case(case_dir)), encoding="utf-8")
    return path


def record(source: str, case: str, url: str | None = None, fetched_at: str | None = None,
           pages_dir: Path = PAGES_DIR) -> Path:
    """Save a page (live URL or local file) as a new case and write its expected output for review."""
    case_dir = pages_dir / case
    case_dir.mkdir(parents=True, exist_ok=True)
    if source.startswith(("http://", "https://")):
        from jobcrawl.settings import USER_AGENT

        request = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310 (a developer's own URL)
            body = reply.read()
            headers = {"Content-Type": reply.headers.get("Content-Type", "text/html")}
            url = url or reply.geturl()
    else:
        path = Path(source)
        body = path.read_bytes()
        headers = {"Content-Type": _guess_type(path)}
        url = url or path.resolve().as_uri()
    suffix = {"application/json": ".json", "application/xml": ".xml", "text/xml": ".xml"}.get(
        headers["Content-Type"].split(";")[0].strip(), ".html"
    )
    for name in PAGE_NAMES:
        (case_dir / name).unlink(missing_ok=True)
    (case_dir / f"page{suffix}").write_bytes(body)
    meta = {
        "url": url,
        "headers": headers,
        "fetched_at": fetched_at or datetime.now(UTC).isoformat(timespec="seconds"),
        "encoding": None,
    }
    if "charset=" in headers["Content-Type"]:
        meta["encoding"] = headers["Content-Type"].split("charset=")[1].split(";")[0].strip()
    (case_dir / "meta.json").write_text(dumps(meta), encoding="utf-8")
    return write_expected(case_dir)


def _guess_type(path: Path) -> str:
    return {".json": "application/json", ".xml": "application/xml"}.get(path.suffix, "text/html; charset=utf-8")


def case_dirs(pages_dir: Path = PAGES_DIR) -> list[Path]:
    return sorted(p for p in pages_dir.iterdir() if (p / "meta.json").exists()) if pages_dir.exists() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobcrawl.fixtures", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="save a URL or file as a new case")
    rec.add_argument("source")
    rec.add_argument("case")
    rec.add_argument("--url", help="the URL to record in meta.json (for a saved file)")
    rec.add_argument("--fetched-at", help="frozen fetch time, ISO 8601 (default: now)")
    rw = sub.add_parser("rewrite", help="regenerate expected.json of cases (all by default)")
    rw.add_argument("cases", nargs="*")
    args = parser.parse_args(argv)
    if args.command == "record":
        path = record(args.source, args.case, args.url, args.fetched_at)
        print(f"wrote {path}; review it (git diff) before committing")
        return 0
    dirs = [PAGES_DIR / c for c in args.cases] if args.cases else case_dirs()
    for case_dir in dirs:
        print(f"wrote {write_expected(case_dir)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
