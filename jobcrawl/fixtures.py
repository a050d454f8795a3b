"""Fixture cases: a saved page, its response metadata and the expected output, replayed offline.

A case is a folder ``fixtures/pages/<case>/`` holding ``page.html`` (or ``page.json``/``page.xml``),
``meta.json`` (url, encoding, headers, a frozen ``fetched_at``) and ``expected.json``, written with sorted
keys, indent 2, ensure_ascii off so a diff reads well.

The page is replayed through the crawl's own path: the response Scrapy would build goes to the ``postings``
spider's ``parse`` (with the frozen ``fetched_at`` as ``-a fetched_at=``), and everything it yields through
the ``NormalizePipeline``, ``IdentityPipeline`` and ``StorePipeline`` into a fresh SQLite file of its own.
``expected.json`` holds
  ``postings``  every posting the spider yields, as the store receives it (``normalized`` holds the
                normalized fields and the identity keys ``posting_key``, ``url_key``, ``content_hash``);
  ``stored``    the ``postings`` rows the store wrote, in id order: ``id``, ``url``, ``duplicate_of``,
                ``duplicate_kind`` (postings of one page linked as duplicates show here);
  ``problems``  every page problem the spider yields (a ``crawl_errors`` row each);
  ``requests``  the URLs the spider schedules from the page, in order, after its own filtering (a sitemap's
                URLs outside ``sitemap_pattern`` and live links from a saved ``file://`` page are left out):
                what a crawl would fetch next, not every link extraction found.

    python -m jobcrawl.fixtures record URL_OR_FILE CASE [--url URL] [--fetched-at ISO] [--force]
    python -m jobcrawl.fixtures rewrite [CASE ...]     # regenerate expected.json, then review the diff
(``scrapy savefixture`` is the same ``record``.) ``record`` refuses to replace an existing case unless
``--force`` is given. Review a new or rewritten case with ``git add fixtures/pages && git diff --cached``
(a new case is untracked: plain ``git diff`` does not show it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import urllib.request
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Headers
from scrapy.http.response import Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.test import get_crawler

from jobcrawl.db import make_engine, upgrade_to_head
from jobcrawl.items import BoardSnapshot, JobPosting, PageProblem
from jobcrawl.spiders.postings import PostingsSpider
from pipelines.identity import IdentityPipeline
from pipelines.normalize import NormalizePipeline
from pipelines.store import StorePipeline

PAGES_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
PAGE_NAMES = ("page.html", "page.json", "page.xml", "page.txt")
DEFAULT_FETCHED_AT = "2026-01-15T12:00:00+00:00"
REVIEW_HINT = "review it with: git add fixtures/pages && git diff --cached fixtures/pages"


def page_file(case_dir: Path) -> Path:
    for name in PAGE_NAMES:
        if (case_dir / name).exists():
            return case_dir / name
    raise FileNotFoundError(f"{case_dir} has none of {', '.join(PAGE_NAMES)}")


def load_meta(case_dir: Path) -> dict[str, Any]:
    return json.loads((case_dir / "meta.json").read_text(encoding="utf-8"))


def build_response(body: bytes, meta: dict[str, Any]) -> Response:
    """The response Scrapy would have built for these bytes and headers, tied to a plain GET of its URL as a
    crawled response is (the spider reads its request's meta)."""
    headers = Headers(meta.get("headers") or {})
    url = meta["url"]
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    kwargs: dict[str, Any] = {"url": url, "body": body, "headers": headers, "status": meta.get("status", 200),
                              "request": scrapy.Request(url)}
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


class CaseExists(FileExistsError):
    """``record`` would replace an existing case; ``--force`` allows it."""


_migrated: dict[str, Path] = {}


def _fresh_database(workdir: Path) -> str:
    """A SQLite file at the newest schema: a copy of one migrated once per process (migrating takes ~0.7 s)."""
    if "template" not in _migrated:
        template = Path(tempfile.mkdtemp(prefix="jobcrawl-fixtures-")) / "template.db"
        engine = make_engine(f"sqlite:///{template}")
        upgrade_to_head(engine)
        engine.dispose()  # the last connection to close checkpoints the write-ahead log into the file
        _migrated["template"] = template
    target = workdir / "replay.db"
    for suffix in ("", "-wal"):
        if Path(f"{_migrated['template']}{suffix}").exists():
            shutil.copyfile(f"{_migrated['template']}{suffix}", f"{target}{suffix}")
    return f"sqlite:///{target}"


def _problem_json(problem: Any) -> dict[str, Any]:
    data = asdict(problem)
    if not data.get("other_urls"):  # only closed pages have other URLs; the other cases stay as recorded
        data.pop("other_urls", None)
    return data


def run_case(case_dir: Path) -> dict[str, Any]:
    """Replay the saved page through the spider's ``parse`` and the normalize, dedupe and store pipelines (into
    a fresh SQLite file), as a crawl would; the result is what expected.json holds (see the module docstring)."""
    meta = load_meta(case_dir)
    response = build_response(page_file(case_dir).read_bytes(), meta)
    crawler = get_crawler(PostingsSpider)
    spider = PostingsSpider.from_crawler(crawler, fetched_at=meta.get("fetched_at") or DEFAULT_FETCHED_AT)
    with tempfile.TemporaryDirectory(prefix="jobcrawl-replay-") as workdir:
        # built directly, not from the settings: JOBCRAWL_DATABASE_URL in the environment must not be written
        store = StorePipeline(_fresh_database(Path(workdir)), spool_path=str(Path(workdir) / "spool.jsonl"))
        store.crawler = crawler
        pipelines = [NormalizePipeline.from_crawler(crawler), IdentityPipeline.from_crawler(crawler), store]
        store.open_spider(spider)
        postings, problems, requests = [], [], []
        for output in spider.parse(response):
            if isinstance(output, scrapy.Request):
                requests.append(output.url)
                continue
            if not isinstance(output, (JobPosting, PageProblem, BoardSnapshot)):
                raise TypeError(f"the spider yielded {type(output).__name__} for {case_dir.name}")
            for pipeline in pipelines:
                output = pipeline.process_item(output)
            if isinstance(output, JobPosting):
                # known_urls repeats the case's URL: where a page was fetched from is not worth pinning per case
                postings.append(_jsonable({k: v for k, v in asdict(output).items() if k != "known_urls"}))
            elif isinstance(output, PageProblem):
                problems.append(_jsonable(_problem_json(output)))
        store.close_spider(spider)
        store.spider_closed(spider, "finished")  # a crawl sends it after the pipelines close: the run ends, the store closes
        engine = make_engine(store.url)
        with engine.connect() as conn:
            stored = [dict(row._mapping) for row in conn.exec_driver_sql(
                "SELECT id, url, duplicate_of, duplicate_kind FROM postings ORDER BY id")]
        engine.dispose()
    return {"postings": postings, "stored": stored, "problems": problems, "requests": requests}


def dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_expected(case_dir: Path) -> Path:
    path = case_dir / "expected.json"
    path.write_text(dumps(run_case(case_dir)), encoding="utf-8")
    return path


def record(source: str, case: str, url: str | None = None, fetched_at: str | None = None,
           pages_dir: Path = PAGES_DIR, force: bool = False) -> Path:
    """Save a page (live URL or local file) as a new case and write its expected output for review; an
    existing case is only replaced with ``force``."""
    case_dir = pages_dir / case
    if not force and case_dir.exists() and any(case_dir.iterdir()):
        raise CaseExists(f"{case_dir} already exists; pass --force to replace it (or choose another case name)")
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
    rec.add_argument("--force", action="store_true", help="replace the case if it exists")
    rw = sub.add_parser("rewrite", help="regenerate expected.json of cases (all by default)")
    rw.add_argument("cases", nargs="*")
    args = parser.parse_args(argv)
    if args.command == "record":
        try:
            path = record(args.source, args.case, args.url, args.fetched_at, force=args.force)
        except CaseExists as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {path}; {REVIEW_HINT}")
        return 0
    dirs = [PAGES_DIR / c for c in args.cases] if args.cases else case_dirs()
    for case_dir in dirs:
        print(f"wrote {write_expected(case_dir)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
