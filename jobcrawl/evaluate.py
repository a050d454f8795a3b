"""Measure extraction on a folder of labelled real pages.

    python -m jobcrawl.evaluate DIR [--json]

``DIR/labels.json`` is a list of records ``{file, title, company, location, bananalyzer_* ..., expect_postings?}``.
Every labelled file is replayed through ``extract_page`` (``file://`` URL; ``.json`` files as
``application/json``) and compared with its labels:

- title: equal after casefold and whitespace collapse;
- company: equal after normalization, or one contains the other on word boundaries;
- location: at least half of the label's word tokens appear in the extracted location;
- sections: for Bananalyzer labels, token recall of role in responsibilities, qualifications in
  requirements + preferred, preferred_qualifications in preferred, job_benefits in benefits + compensation;
- postings: for records with ``expect_postings``, the number of postings must reach it.

Accuracy is computed only over records whose label is non-null. Returns (and prints) a dict; exit code 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, TextResponse

from jobcrawl.extract import PageExtraction, extract_page

_WORD = re.compile(r"\w+")

SECTION_LABELS = {
    "bananalyzer_role": ("responsibilities",),
    "bananalyzer_qualifications": ("requirements", "preferred"),
    "bananalyzer_preferred_qualifications": ("preferred",),
    "bananalyzer_job_benefits": ("benefits", "compensation"),
}


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "")).strip().casefold()


def tokens(text: Any) -> set[str]:
    if isinstance(text, list):
        text = " ".join(str(t) for t in text if t)
    return set(_WORD.findall(str(text or "").lower()))


def title_match(got: str | None, want: str) -> bool:
    return norm(got) == norm(want)


def company_match(got: str | None, want: str) -> bool:
    a, b = norm(got), norm(want)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long) is not None


def location_match(got: str | None, want: str) -> bool:
    want_tokens = tokens(want)
    if not want_tokens:
        return False
    got_tokens = tokens(got)
    return len(want_tokens & got_tokens) / len(want_tokens) >= 0.5


def load_response(path: Path) -> TextResponse:
    body = path.read_bytes()
    url = "file://" + str(path.resolve())
    if path.suffix == ".json":
        return TextResponse(url=url, body=body, encoding="utf-8", headers={"Content-Type": "application/json"})
    return HtmlResponse(url=url, body=body, encoding="utf-8", headers={"Content-Type": "text/html; charset=utf-8"})


def section_recall(extraction: PageExtraction, label: Any, kinds: tuple[str, ...]) -> float:
    want = tokens(label)
    if not want:
        return 1.0
    got: set[str] = set()
    for posting in extraction.postings[:1]:
        for section in posting.sections:
            if section.kind in kinds:
                got |= tokens(f"{section.heading or ''} {section.text}")
    return len(want & got) / len(want)


def evaluate(directory: str | Path, verbose: bool = False) -> dict[str, Any]:
    directory = Path(directory)
    labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
    counts = {name: [0, 0] for name in ("title", "company", "location")}
    recalls: list[float] = []
    recall_by_label: dict[str, list[float]] = {}
    postings_ok: list[bool] = []
    files: list[dict[str, Any]] = []
    started = time.perf_counter()
    for record in labels:
        path = directory / record["file"]
        if not path.exists():
            files.append({"file": record["file"], "error": "missing"})
            continue
        extraction = extract_page(load_response(path), fetched_at="2024-01-01T00:00:00Z")
        first = extraction.postings[0] if extraction.postings else None
        row: dict[str, Any] = {
            "file": record["file"],
            "postings": len(extraction.postings),
            "problems": [p.reason for p in extraction.problems],
            "extractor": first.extractor if first else None,
        }
        for name, matcher, got in (
            ("title", title_match, first.title if first else None),
            ("company", company_match, first.company if first else None),
            ("location", location_match, first.location_raw if first else None),
        ):
            want = record.get(name)
            if want is None:
                continue
            ok = matcher(got, want)
            counts[name][0] += ok
            counts[name][1] += 1
            row[name] = {"ok": ok, "got": got, "want": want}
        for label_name, kinds in SECTION_LABELS.items():
            label = record.get(label_name)
            if not label:
                continue
            recall = section_recall(extraction, label, kinds)
            recalls.append(recall)
            recall_by_label.setdefault(label_name, []).append(recall)
            row.setdefault("section_recall", {})[label_name] = round(recall, 3)
        if record.get("expect_postings") is not None:
            ok = len(extraction.postings) >= int(record["expect_postings"])
            postings_ok.append(ok)
            row["expect_postings"] = {"ok": ok, "got": len(extraction.postings), "want": record["expect_postings"]}
        files.append(row)
    summary: dict[str, Any] = {
        name: {"accuracy": (ok / total if total else None), "correct": ok, "total": total}
        for name, (ok, total) in counts.items()
    }
    summary["section_recall"] = {
        "mean": (sum(recalls) / len(recalls)) if recalls else None,
        "pairs": len(recalls),
        "by_label": {k: sum(v) / len(v) for k, v in recall_by_label.items()},
    }
    summary["postings"] = {"ok": all(postings_ok) if postings_ok else None, "checked": len(postings_ok)}
    summary["seconds"] = round(time.perf_counter() - started, 3)
    return {"summary": summary, "files": files}


def _print(report: dict[str, Any], out=sys.stdout) -> None:
    for row in report["files"]:
        if "error" in row:
            print(f"{row['file']}: {row['error']}", file=out)
            continue
        marks = []
        for name in ("title", "company", "location"):
            if name in row:
                cell = row[name]
                marks.append(f"{name}={'ok' if cell['ok'] else 'MISS'}"
                             + ("" if cell["ok"] else f" (got {cell['got']!r}, want {cell['want']!r})"))
        if "section_recall" in row:
            marks.append("recall=" + ",".join(f"{k.removeprefix('bananalyzer_')}:{v:.2f}"
                                               for k, v in row["section_recall"].items()))
        if "expect_postings" in row:
            cell = row["expect_postings"]
            marks.append(f"postings={cell['got']}/{cell['want']}")
        print(f"{row['file']} [{row['extractor']}, {row['postings']} posting(s), problems={row['problems']}]",
              file=out)
        for mark in marks:
            print(f"    {mark}", file=out)
    summary = report["summary"]
    print("---", file=out)
    for name in ("title", "company", "location"):
        cell = summary[name]
        acc = "n/a" if cell["accuracy"] is None else f"{cell['accuracy']:.1%}"
        print(f"{name:9} {acc} ({cell['correct']}/{cell['total']})", file=out)
    rec = summary["section_recall"]
    if rec["mean"] is not None:
        print(f"sections  mean recall {rec['mean']:.3f} over {rec['pairs']} (page, label) pairs", file=out)
        for name, value in rec["by_label"].items():
            print(f"          {name.removeprefix('bananalyzer_')}: {value:.3f}", file=out)
    print(f"postings  {'ok' if summary['postings']['ok'] else 'FAIL'} ({summary['postings']['checked']} checked)",
          file=out)
    print(f"time      {summary['seconds']}s", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobcrawl.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = evaluate(args.directory)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        _print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
