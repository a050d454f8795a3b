"""Measure extraction on a folder of labelled real pages.

    python -m jobcrawl.evaluate DIR [--json] [--docs auto|yes|no]

``DIR/labels.json`` and, where present, ``DIR/labels-batch2.json`` are lists of records ``{file, site, origin,
title, company, location, bananalyzer_* ..., salary_text?, employment_type?, remote?, expect_postings?}``.
Every labelled file is replayed through ``extract_page`` (``file://`` URL; ``.json`` files as
``application/json``), its first posting normalized with ``normalize_posting``, and compared with its labels:

- title: equal after casefold and whitespace collapse;
- company: equal after normalization, or one contains the other on word boundaries;
- location: at least half of the label's word tokens appear in the extracted location;
- salary: a label with numbers (``bananalyzer_salary_range`` min/max, or the amounts of ``salary_text``) marks a
  page that shows pay. "read" = a salary_min or salary_max was stored; "correct" = both ends equal the label's
  (within 0.5 %). A label whose numbers appear nowhere in the page's text is reported, not scored (the Netflix
  snapshot is labelled 30 USD and shows no pay). A salary stored where the label has none is listed as "extra"
  (it may be a gap in the label; workatastartup.com shows "$130K - $150K" and is labelled without pay);
- employment type (``bananalyzer_employment_type`` or ``employment_type``) and remote (``remote``): the label
  normalized by the same normalizer as the posting, then compared;
- sections: for Bananalyzer labels, token recall of role in responsibilities, qualifications in
  requirements + preferred, preferred_qualifications in preferred, job_benefits in benefits + compensation;
- postings: for records with ``expect_postings``, the number of postings must reach it;
- evidence: the invariant "a stored company, title and location occurs in the page's own text or metadata"
  (case- and space-insensitive), checked on every posting of every labelled page; violations are counted.

Accuracy is computed only over records whose label is non-null. The result is printed (or ``--json``) and, when
both label files were read (or ``--docs yes``), written into docs/extraction.md between the
``evaluate:results`` markers by the same writer as ``make bench`` uses (:mod:`jobcrawl.docblock`). Exit code 0.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, TextResponse

from jobcrawl.items import NormalizedPosting
from jobcrawl.docblock import write_block
from jobcrawl.extract import PageExtraction, extract_page
from jobcrawl.normalize import (
    normalize_posting,
    normalize_remote,
    parse_salary,
    primary_employment_type,
)
from jobcrawl.normalize.text import collapse_spaces

_WORD = re.compile(r"\w+")

LABEL_FILES = ("labels.json", "labels-batch2.json")
FIELDS = ("title", "company", "location", "salary", "employment_type", "remote")
SECTION_LABELS = {
    "bananalyzer_role": ("responsibilities",),
    "bananalyzer_qualifications": ("requirements", "preferred"),
    "bananalyzer_preferred_qualifications": ("preferred",),
    "bananalyzer_job_benefits": ("benefits", "compensation"),
}
ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "extraction.md"
DOCS_START = "<!-- evaluate:results: written by `python -m jobcrawl.evaluate`; edits between these markers are overwritten -->"
DOCS_END = "<!-- /evaluate:results -->"
SALARY_TOLERANCE = 0.005
_CODES = "(?:usd|eur|gbp|cad|aud|nzd|inr|jpy|chf|sgd|k)"  # currency codes, or the "k" of "185k"


def norm(text: str | None) -> str:
    return collapse_spaces(text or "").casefold()


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


# --- salary ------------------------------------------------------------------------------------------------


def salary_label(record: dict[str, Any]) -> tuple[float | None, float | None] | None:
    """(min, max) a record labels, ``None`` when it labels no pay. ``salary_text`` (pay as the page writes it)
    is read by the project's salary parser; ``bananalyzer_salary_range`` gives the numbers."""
    ranged = record.get("bananalyzer_salary_range")
    if isinstance(ranged, dict) and (ranged.get("min") is not None or ranged.get("max") is not None):
        return _float(ranged.get("min")), _float(ranged.get("max"))
    text = record.get("salary_text")
    if isinstance(text, str) and text.strip():
        parsed = parse_salary(text)
        if parsed.min is not None or parsed.max is not None:
            return parsed.min, parsed.max
    return None


def salary_labelled_none(record: dict[str, Any]) -> bool:
    """The record has a salary label saying "no pay" (all fields null), not just no salary label."""
    ranged = record.get("bananalyzer_salary_range")
    return isinstance(ranged, dict) and salary_label(record) is None


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _close(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(got - want) <= SALARY_TOLERANCE * max(abs(want), 1.0)


def salary_match(got: tuple[float | None, float | None], want: tuple[float | None, float | None]) -> bool:
    """Both ends equal; a label with one end (a single figure) matches a stored min = max of that figure."""
    want_lo, want_hi = want
    want_lo = want_hi if want_lo is None else want_lo
    want_hi = want_lo if want_hi is None else want_hi
    got_lo, got_hi = got
    got_lo = got_hi if got_lo is None else got_lo
    got_hi = got_lo if got_hi is None else got_hi
    return _close(got_lo, want_lo) and _close(got_hi, want_hi)


def amount_shown(value: float, page_text: str) -> bool:
    """Whether an amount is written as money in ``page_text`` (185,500 / 185500 / 185.500 / 185K next to a
    currency sign or code), so that a label can be told from what the page shows."""
    whole = round(value)
    spellings = {f"{whole:,}", str(whole), f"{whole:,}".replace(",", ".")}
    if whole % 1000 == 0 and whole >= 1000:
        spellings.add(f"{whole // 1000}k")
    low = page_text.lower()
    for spelling in spellings:
        amount = rf"(?<![\d.,]){re.escape(spelling)}(?![\d])"
        if re.search(rf"(?:[$€£¥₹]|\b{_CODES})\s?{amount}|{amount}\s?(?:[$€£¥₹]|{_CODES}\b)", low):
            return True
    return False


# --- evidence invariant ----------------------------------------------------------------------------------------


def squash(text: str | None) -> str:
    """Case- and space-insensitive form: casefolded, HTML entities decoded, every whitespace removed."""
    return "".join(html.unescape(text or "").split()).casefold()


def page_evidence(response: TextResponse) -> str:
    """The page's own text and metadata, whitespace collapsed: visible text, ``<title>``, meta ``content``, ``alt``,
    ``title`` and ``aria-label`` attributes and JSON-LD; for a JSON response its string values that are not URLs.
    Host names and URLs are deliberately not part of it: they are not a page naming something."""
    if "json" in (response.headers.get("Content-Type") or b"").decode("latin-1").lower():
        try:
            data = json.loads(response.text)
        except ValueError:
            return collapse_spaces(response.text)
        return collapse_spaces(" ".join(s for s in _json_strings(data) if not re.match(r"^[a-z]+://", s)))
    root = response.selector.root
    parts: list[str] = [str(t) for t in root.xpath("//text()[not(ancestor::style)]"
                                                   "[not(ancestor::script) or ancestor::script[@type='application/ld+json']]")]
    parts += [str(a) for a in root.xpath("//meta/@content | //@alt | //@title | //@aria-label")]
    return collapse_spaces(html.unescape(" ".join(parts)))


def _json_strings(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _json_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _json_strings(value)


def evidence_violations(values: dict[str, str | None], evidence: str) -> list[str]:
    """The fields among ``values`` (company, title, location) whose stored text does not occur in ``evidence``
    (:func:`squash` of :func:`page_evidence`). A location is checked part by part (split at " | " and ","), since
    a structured address ("Kirkland" and "WA" in JSON-LD) is shown joined."""
    out = []
    for name, value in values.items():
        if not value:
            continue
        parts = re.split(r" \| |,", value) if name == "location" else [value]
        if any(squash(part) not in evidence for part in parts if part.strip()):
            out.append(name)
    return out


# --- pages -------------------------------------------------------------------------------------------------


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


def family(record: dict[str, Any]) -> str:
    """The row of the per-source table: the folder, and for career-site pages who captured them."""
    folder = record["file"].split("/", 1)[0]
    if folder == "ats":
        origin = record.get("origin") or ""
        if origin.startswith("reworkd/bananalyzer"):
            return "ats/bananalyzer-har" if "/banana-har-" in "/" + record["file"].split("/", 1)[1] else "ats/bananalyzer"
        return "ats/other"
    return folder


def read_labels(directory: Path, label_files: Iterable[str] = LABEL_FILES) -> tuple[list[dict[str, Any]], list[str]]:
    """The records of every label file present (``labels.json`` must be), each tagged with its file."""
    records: list[dict[str, Any]] = []
    read: list[str] = []
    for name in label_files:
        path = directory / name
        if not path.exists():
            if name == LABEL_FILES[0]:
                raise FileNotFoundError(path)
            continue
        for record in json.loads(path.read_text(encoding="utf-8")):
            records.append({**record, "_labels": name})
        read.append(name)
    return records, read


def _score_field(row: dict[str, Any], name: str, ok: bool, got: Any, want: Any) -> None:
    row[name] = {"ok": ok, "got": got, "want": want}


def evaluate(directory: str | Path, verbose: bool = False,
             label_files: Iterable[str] = LABEL_FILES) -> dict[str, Any]:
    directory = Path(directory)
    labels, read = read_labels(directory, label_files)
    recalls: list[float] = []
    recall_by_label: dict[str, list[float]] = {}
    postings_ok: list[bool] = []
    files: list[dict[str, Any]] = []
    started = time.perf_counter()
    for record in labels:
        path = directory / record["file"]
        if not path.exists():
            files.append({"file": record["file"], "error": "missing", "family": family(record)})
            continue
        response = load_response(path)
        extraction = extract_page(response, fetched_at="2024-01-01T00:00:00Z")
        first = extraction.postings[0] if extraction.postings else None
        normalized = normalize_posting(first) if first else NormalizedPosting()
        page_text = page_evidence(response)
        evidence = squash(page_text)
        row: dict[str, Any] = {
            "file": record["file"],
            "labels": record["_labels"],
            "family": family(record),
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
            if want is not None:
                _score_field(row, name, matcher(got, want), got, want)

        got_salary = (normalized.salary_min, normalized.salary_max)
        salary_read = got_salary != (None, None)
        want_salary = salary_label(record)
        if want_salary is not None:
            shown = any(amount_shown(v, page_text) for v in want_salary if v is not None)
            if shown:
                _score_field(row, "salary", salary_read and salary_match(got_salary, want_salary),
                             list(got_salary), list(want_salary))
                row["salary"]["read"] = salary_read
                row["salary"]["raw"] = first.salary_raw if first else None
            else:
                row["salary_label_not_on_page"] = list(want_salary)
        elif salary_read:
            row["salary_extra"] = {"got": list(got_salary), "raw": first.salary_raw if first else None,
                                   "labelled_none": salary_labelled_none(record)}

        want_type = record.get("employment_type") or record.get("bananalyzer_employment_type")
        if want_type:
            want_norm = primary_employment_type(want_type)
            got_type = normalized.employment_type
            _score_field(row, "employment_type", want_norm is not None and got_type == want_norm, got_type,
                         want_norm or want_type)
        if record.get("remote") is not None:
            want_remote = normalize_remote(record["remote"]) or str(record["remote"])
            got_remote = normalized.remote
            _score_field(row, "remote", got_remote == want_remote, got_remote, want_remote)

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

        violations = []
        for index, posting in enumerate(extraction.postings):
            bad = evidence_violations(
                {"company": posting.company, "title": posting.title, "location": posting.location_raw}, evidence)
            violations += [{"posting": index, "field": name,
                            "value": {"company": posting.company, "title": posting.title,
                                      "location": posting.location_raw}[name]} for name in bad]
        row["evidence_violations"] = violations
        files.append(row)
    summary = summarize(files)
    summary["section_recall"] = {
        "mean": (sum(recalls) / len(recalls)) if recalls else None,
        "pairs": len(recalls),
        "by_label": {k: sum(v) / len(v) for k, v in recall_by_label.items()},
    }
    summary["postings"] = {"ok": all(postings_ok) if postings_ok else None, "checked": len(postings_ok)}
    summary["label_files"] = read
    summary["pages"] = len(files)
    summary["seconds"] = round(time.perf_counter() - started, 3)
    return {"summary": summary, "files": files, "by_family": by_family(files)}


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per field: correct/total/accuracy over rows labelled for it; salary also counts pages read; the evidence
    invariant counts violations; section recall is the mean over (page, label) pairs."""
    out: dict[str, Any] = {}
    for name in FIELDS:
        cells = [row[name] for row in rows if name in row]
        correct = sum(1 for c in cells if c["ok"])
        out[name] = {"accuracy": (correct / len(cells)) if cells else None, "correct": correct, "total": len(cells)}
    salary_cells = [row["salary"] for row in rows if "salary" in row]
    read = sum(1 for c in salary_cells if c.get("read"))
    out["salary"]["read"] = read
    out["salary"]["read_share"] = (read / len(salary_cells)) if salary_cells else None
    out["salary"]["extra"] = sum(1 for row in rows if "salary_extra" in row)
    out["salary"]["label_not_on_page"] = sum(1 for row in rows if "salary_label_not_on_page" in row)
    out["evidence"] = {"violations": sum(len(row.get("evidence_violations", ())) for row in rows),
                       "pages": sum(1 for row in rows if row.get("evidence_violations"))}
    recalls = [v for row in rows for v in row.get("section_recall", {}).values()]
    out["section_recall_mean"] = (sum(recalls) / len(recalls)) if recalls else None
    return out


def by_family(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["family"], []).append(row)
        if row.get("labels") and row["labels"] != LABEL_FILES[0]:
            groups.setdefault(f"({row['labels']})", []).append(row)
    return {name: {"pages": len(group), **summarize(group)} for name, group in sorted(groups.items())}


def misses(report: dict[str, Any]) -> list[str]:
    """One line per wrong field, per salary not read, per label not on its page and per evidence violation."""
    out = []
    for row in report["files"]:
        if "error" in row:
            out.append(f"{row['file']}: {row['error']}")
            continue
        for name in FIELDS:
            cell = row.get(name)
            if cell and not cell["ok"]:
                extra = f" (raw {cell['raw']!r})" if name == "salary" and cell.get("raw") else ""
                out.append(f"{row['file']}: {name} got {cell['got']!r}, want {cell['want']!r}{extra}")
        if row.get("salary_extra", {}).get("labelled_none"):
            cell = row["salary_extra"]
            out.append(f"{row['file']}: salary {cell['got']!r} stored, labelled without pay (raw {cell['raw']!r})")
        for violation in row.get("evidence_violations", ()):
            out.append(f"{row['file']}: posting {violation['posting']} {violation['field']} "
                       f"{violation['value']!r} not on the page (evidence invariant)")
        if not row.get("postings") and not row.get("problems"):
            out.append(f"{row['file']}: neither a posting nor a problem")
    return out


def unscored(report: dict[str, Any]) -> list[str]:
    """Salaries stored on pages without a salary label, and salary labels the page does not show: not scored,
    listed so that a reader can check them."""
    out = []
    for row in report["files"]:
        cell = row.get("salary_extra")
        if cell and not cell["labelled_none"]:
            out.append(f"{row['file']}: salary {cell['got']!r} stored, no salary label (raw {cell['raw']!r})")
        if "salary_label_not_on_page" in row:
            out.append(f"{row['file']}: salary label {row['salary_label_not_on_page']!r} not shown on the page")
    return out


def _cell(cell: dict[str, Any] | None) -> str:
    if not cell or not cell.get("total"):
        return "–"
    return f"{cell['accuracy']:.2f} ({cell['correct']}/{cell['total']})"


def summary_table(report: dict[str, Any]) -> list[str]:
    """Markdown: every field's score overall and per source family."""
    head = [("| source | pages | title | company | location | salary correct | salary read | employment type | "
             "remote | section recall | evidence violations |"),
            "|---|---|---|---|---|---|---|---|---|---|---|"]

    def line(name: str, pages: int, s: dict[str, Any]) -> str:
        sal = s["salary"]
        read = f"{sal['read']}/{sal['total']}" if sal["total"] else "–"
        recall = "–" if s["section_recall_mean"] is None else f"{s['section_recall_mean']:.2f}"
        return (f"| {name} | {pages} | {_cell(s['title'])} | {_cell(s['company'])} | {_cell(s['location'])} | "
                f"{_cell(sal)} | {read} | {_cell(s['employment_type'])} | {_cell(s['remote'])} | {recall} | "
                f"{s['evidence']['violations']} |")

    rows = [line(name, s["pages"], s) for name, s in report["by_family"].items()]
    rows.append(line("**all**", report["summary"]["pages"], report["summary"]))
    return head + rows


def docs_block(report: dict[str, Any]) -> str:
    summary = report["summary"]
    rec = summary["section_recall"]
    sal = summary["salary"]
    lines = [
        DOCS_START, "",
        (f"{summary['pages']} labelled pages ({', '.join(summary['label_files'])}); salary: read on "
        f"{sal['read']} of {sal['total']} labelled pages that show pay, correct (both ends) on {sal['correct']}; "
        f"{sal['label_not_on_page']} salary label(s) not shown on their page (not scored); {sal['extra']} "
        f"salary(ies) stored where no pay is labelled; section recall by label: "
        + ", ".join(f"{k.removeprefix('bananalyzer_')} {v:.2f}" for k, v in rec["by_label"].items()) + "."),
        "", *summary_table(report), "", "Misses:", "",
    ]
    lines += [f"- {m}" for m in misses(report)] or ["- none"]
    lines += ["", "Not scored (no salary label, or a label the page does not show):", ""]
    lines += [f"- {m}" for m in unscored(report)] or ["- none"]
    lines += ["", DOCS_END]
    return "\n".join(lines)


def write_docs(report: dict[str, Any], path: Path = DOCS) -> None:
    write_block(path, docs_block(report), DOCS_START, DOCS_END)


def _print(report: dict[str, Any], out=sys.stdout) -> None:
    for row in report["files"]:
        if "error" in row:
            print(f"{row['file']}: {row['error']}", file=out)
            continue
        marks = []
        for name in FIELDS:
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
    for name in FIELDS:
        cell = summary[name]
        acc = "n/a" if cell["accuracy"] is None else f"{cell['accuracy']:.1%}"
        extra = ""
        if name == "salary":
            extra = (f"; read on {cell['read']}/{cell['total']} pages that show pay, {cell['extra']} stored without "
                     f"a pay label, {cell['label_not_on_page']} label(s) not on the page")
        print(f"{name:15} {acc} ({cell['correct']}/{cell['total']}){extra}", file=out)
    rec = summary["section_recall"]
    if rec["mean"] is not None:
        print(f"sections        mean recall {rec['mean']:.3f} over {rec['pairs']} (page, label) pairs", file=out)
        for name, value in rec["by_label"].items():
            print(f"                {name.removeprefix('bananalyzer_')}: {value:.3f}", file=out)
    print(f"evidence        {summary['evidence']['violations']} violation(s) on {summary['evidence']['pages']} page(s)",
          file=out)
    print(f"postings        {'ok' if summary['postings']['ok'] else 'FAIL'} ({summary['postings']['checked']} checked)",
          file=out)
    print(file=out)
    for line in summary_table(report):
        print(line, file=out)
    print(file=out)
    for line in misses(report):
        print(f"MISS {line}", file=out)
    for line in unscored(report):
        print(f"NOTE {line}", file=out)
    print(f"labels          {', '.join(summary['label_files'])}; {summary['pages']} pages; {summary['seconds']}s",
          file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobcrawl.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--docs", choices=("auto", "yes", "no"), default="auto",
                        help=f"write the results into {DOCS.relative_to(ROOT)} (auto: when every label file "
                             f"({', '.join(LABEL_FILES)}) was read)")
    args = parser.parse_args(argv)
    report = evaluate(args.directory)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        _print(report)
    if args.docs == "yes" or (args.docs == "auto" and report["summary"]["label_files"] == list(LABEL_FILES)):
        write_docs(report)
        print(f"results written to {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
