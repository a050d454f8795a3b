"""Golden output of extraction + normalization, to prove a speed rewrite changes no field.

    python -m bench.golden write before.jsonl        # on the old code
    python -m bench.golden write after.jsonl         # on the new code
    python -m bench.golden compare before.jsonl after.jsonl

The pages: every fixture case, the demo board, every HTML/JSON/XML file under ../shared/realpages and
``--bench-pages`` (300) synthetic bench pages. Each page goes through ``extract_page`` and the normalize pipeline;
one JSON line per page holds every posting (all fields, normalized included), problem, link and follow-up
request. ``compare`` prints, per field, how many pages differ and the first differences; it exits 1 when any does.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
REALPAGES = ROOT.parent / "shared" / "realpages"
FETCHED_AT = "2026-12-01T00:00:00+00:00"


def _jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value)


def pages(bench_pages: int) -> Iterator[tuple[str, Any]]:
    """(name, response) for every page of the golden set, in a fixed order."""
    from scrapy.http import HtmlResponse

    from jobcrawl.evaluate import load_response
    from jobcrawl.fixtures import build_response, case_dirs, load_meta, page_file

    for case in case_dirs():
        yield f"fixture/{case.name}", build_response(page_file(case).read_bytes(), load_meta(case))
    for path in sorted((ROOT / "fixtures" / "demo").glob("*.html")):
        yield f"demo/{path.name}", load_response(path)
    if not REALPAGES.is_dir():
        raise SystemExit(f"{REALPAGES} is missing: the golden set reads the shared real pages")
    for path in sorted(REALPAGES.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            yield f"real/{path.relative_to(REALPAGES)}", load_response(path)
    if bench_pages:
        from bench.pages import HEADERS, build_pages

        for n, body in enumerate(build_pages(bench_pages)):
            yield f"bench/{n}", HtmlResponse(url=f"http://127.0.0.1:8/p/{n}", body=body, headers=HEADERS)


def page_output(response: Any) -> dict[str, Any]:
    from jobcrawl.extract import extract_page
    from pipelines.normalize import NormalizePipeline

    extraction = extract_page(response, FETCHED_AT)
    normalize = NormalizePipeline()
    postings = [_jsonable(normalize.process_item(p)) for p in extraction.postings]
    return {
        "postings": postings,
        "problems": [_jsonable(p) for p in extraction.problems],
        "follow": extraction.follow,
        "next_pages": extraction.next_pages,
        "requests": [_jsonable(r) for r in extraction.requests],
        "board": _jsonable(extraction.board),
    }


def write(path: str, bench_pages: int) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for name, response in pages(bench_pages):
            try:
                data = page_output(response)
            except Exception as exc:  # an extraction crash is output too: the rewrite must not add one
                data = {"error": f"{type(exc).__name__}: {exc}"}
            # links of the demo board name the tree it was read from: two trees' dumps must compare equal
            line = json.dumps({"page": name, **data}, sort_keys=True, ensure_ascii=False)
            out.write(line.replace(ROOT.as_uri(), "file://TREE") + "\n")
            count += 1
    print(f"{count} pages written to {path}", file=sys.stderr)
    return 0


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else key))
        return out
    return {prefix: value}


def _field(path: str) -> str:
    """postings.0.normalized.salary_min → postings.normalized.salary_min (the field, not the index)."""
    return ".".join(part for part in path.split(".") if not part.isdigit())


def _index(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, list):
        out = {f"{prefix}.#": len(value)}
        for n, item in enumerate(value):
            out.update(_index(item, f"{prefix}.{n}"))
        return out
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out.update(_index(item, f"{prefix}.{key}" if prefix else key))
        return out
    return {prefix: value}


def compare(before_path: str, after_path: str, show: int = 3) -> int:
    def load(path: str) -> dict[str, dict[str, Any]]:
        with open(path, encoding="utf-8") as handle:
            return {row.pop("page"): row for row in map(json.loads, handle)}

    before, after = load(before_path), load(after_path)
    differing: dict[str, list[tuple[str, Any, Any]]] = {}
    for page in sorted(set(before) | set(after)):
        old, new = _index(before.get(page, {"missing": True})), _index(after.get(page, {"missing": True}))
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                differing.setdefault(_field(key), []).append((f"{page} {key}", old.get(key), new.get(key)))
    print(f"{len(before)} pages before, {len(after)} after")
    for field, rows in sorted(differing.items()):
        pages_hit = len({row[0].split(" ")[0] for row in rows})
        print(f"\n{field}: {pages_hit} page(s) differ")
        for where, old, new in rows[:show]:
            print(f"  {where}\n    before: {str(old)[:300]!r}\n    after:  {str(new)[:300]!r}")
    if not differing:
        print("identical")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.golden", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    writer = commands.add_parser("write")
    writer.add_argument("path")
    writer.add_argument("--bench-pages", type=int, default=300)
    comparer = commands.add_parser("compare")
    comparer.add_argument("before")
    comparer.add_argument("after")
    comparer.add_argument("--show", type=int, default=3)
    args = parser.parse_args(argv)
    if args.command == "write":
        return write(args.path, args.bench_pages)
    return compare(args.before, args.after, args.show)


if __name__ == "__main__":
    sys.exit(main())
