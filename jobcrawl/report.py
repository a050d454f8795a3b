"""A crawl report: one self-contained HTML file with charts of what a database (or one run) holds.

    python -m jobcrawl.report [--database URL] [--run ID] [-o report.html]

Charts are drawn by matplotlib into inline SVG: the file opens anywhere without network or JavaScript, and
the marks are real SVG elements a test can count. (Vega-Lite via altair was the other candidate; it renders
in the browser from a JavaScript bundle that would have to be inlined, about 800 KB a report, and it needs a
JavaScript engine to test.) matplotlib is the optional extra ``.[report]``.

Works on SQLite and PostgreSQL (plain SELECTs, aggregated here). With ``--run`` the postings are those the
run saw (``last_run_id``) and the problems those it recorded.
"""

from __future__ import annotations

import argparse
import html
import io
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from jobcrawl.db import make_engine, mask_url, resolve_database_url
from jobcrawl.items import SECTION_KINDS

TOP_SOURCES = 15
TOP_PAY_GROUPS = 6


@dataclass
class ReportData:
    """What the charts need, read from the database in a few queries."""

    database: str
    run: int | None
    generated_at: str
    postings: list[dict[str, Any]] = field(default_factory=list)
    section_kinds: dict[int, set[str]] = field(default_factory=dict)  # posting id -> kinds present
    problems: list[dict[str, Any]] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)


def load(url: str, run: int | None = None) -> ReportData:
    engine = make_engine(url)
    where, params = ("WHERE last_run_id = :run", {"run": run}) if run is not None else ("", {})
    data = ReportData(database=mask_url(url), run=run, generated_at=datetime.now().isoformat(timespec="seconds"))
    with engine.connect() as conn:
        posting_columns = {c["name"] for c in _columns(conn, "postings")}
        closed_reason = "closed_reason" if "closed_reason" in posting_columns else "NULL AS closed_reason"
        rows = conn.execute(text(
            "SELECT id, source, remote, employment_type, salary_min, salary_max, salary_currency, salary_period, "
            f"duplicate_kind, first_seen_at, closed_at, {closed_reason} FROM postings {where}"
        ), params)
        data.postings = [dict(r._mapping) for r in rows]
        ids = {p["id"] for p in data.postings}
        for posting_id, kind in conn.execute(text("SELECT DISTINCT posting_id, kind FROM sections")):
            if posting_id in ids:
                data.section_kinds.setdefault(posting_id, set()).add(kind)
        problem_where = "WHERE run_id = :run" if run is not None else ""
        data.problems = [
            dict(r._mapping)
            for r in conn.execute(text(f"SELECT url, reason, stage FROM crawl_errors {problem_where}"), params)
        ]
        run_where = "WHERE id = :run" if run is not None else ""
        data.runs = [
            dict(r._mapping)
            for r in conn.execute(text(
                "SELECT id, started_at, finished_at, finish_reason, pages, items_new, items_updated, "
                f"items_unchanged, items_duplicate, errors FROM crawl_runs {run_where} ORDER BY id DESC LIMIT 10"
            ), params)
        ]
    engine.dispose()
    return data


def _columns(conn: Any, table: str) -> list[dict[str, Any]]:
    from sqlalchemy import inspect

    return inspect(conn).get_columns(table)


# --- charts ----------------------------------------------------------------------------------------------
def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise SystemExit("report: matplotlib is not installed: pip install -e '.[report]' (make report does it)")
    matplotlib.use("Agg")
    matplotlib.rcParams.update({
        "svg.fonttype": "none",  # text stays text: smaller files, searchable, selectable
        "svg.hashsalt": "jobcrawl",  # stable element ids: the same data gives the same file
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    import matplotlib.pyplot as plt

    return plt


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    _pyplot().close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]  # drop the XML prolog and doctype: the SVG is inlined in HTML


def _bars(counts: list[tuple[str, int]], xlabel: str, color: str = "#3b6ea5") -> str:
    plt = _pyplot()
    labels = [label for label, _ in counts][::-1]
    values = [value for _, value in counts][::-1]
    fig, ax = plt.subplots(figsize=(6.4, 0.35 * len(labels) + 0.8))
    ax.barh(labels, values, color=color)
    for y, value in enumerate(values):
        ax.annotate(str(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center")
    ax.set_xlabel(xlabel)
    return _svg(fig)


def chart_per_day(data: ReportData) -> str | None:
    seen = Counter(_day(p["first_seen_at"]) for p in data.postings if p["first_seen_at"])
    closed = Counter(_day(p["closed_at"]) for p in data.postings if p["closed_at"])
    days = sorted(set(seen) | set(closed))
    if not days:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    x = range(len(days))
    ax.bar([i - 0.2 for i in x], [seen[d] for d in days], width=0.4, label="first seen", color="#3b6ea5")
    ax.bar([i + 0.2 for i in x], [closed[d] for d in days], width=0.4, label="closed", color="#c8553d")
    step = max(1, len(days) // 12)
    ax.set_xticks(list(x)[::step], [d.isoformat() for d in days][::step], rotation=30, ha="right")
    ax.set_ylabel("postings")
    ax.legend(frameon=False)
    return _svg(fig)


def chart_pay(data: ReportData) -> str | None:
    groups: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for p in data.postings:
        if p["salary_min"] is None or not p["salary_currency"] or not p["salary_period"] or p["duplicate_kind"]:
            continue
        low = float(p["salary_min"])
        groups[(p["salary_currency"], p["salary_period"])].append((low, float(p["salary_max"] or low)))
    if not groups:
        return None
    biggest = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))[:TOP_PAY_GROUPS]
    plt = _pyplot()
    from matplotlib.ticker import EngFormatter

    fig, axes = plt.subplots(len(biggest), 1, figsize=(7.5, 1.3 * len(biggest) + 0.6), squeeze=False)
    for ax, ((currency, period), ranges) in zip(axes[:, 0], biggest):
        ranges.sort()
        # A strip of ranges: one horizontal segment per posting, min to max (a single figure is a dot).
        for y, (low, high) in enumerate(ranges):
            ax.plot([low, high], [y, y], color="#3b6ea5", linewidth=2, solid_capstyle="round", marker="|")
        ax.set_yticks([])
        ax.set_ylabel(f"{currency}/{period}\n{len(ranges)}", rotation=0, ha="right", va="center")
        ax.xaxis.set_major_formatter(EngFormatter(sep=""))  # 120k, not 120000
    axes[-1, 0].set_xlabel("pay as stated (min to max), by currency and period")
    fig.tight_layout()
    return _svg(fig)


def chart_remote(data: ReportData) -> str | None:
    counts = Counter(p["remote"] or "not stated" for p in data.postings if not p["duplicate_kind"])
    order = ["onsite", "hybrid", "remote", "not stated"]
    return _bars([(k, counts[k]) for k in order if counts[k]], "postings") if counts else None


def chart_employment(data: ReportData) -> str | None:
    counts = Counter(p["employment_type"] or "not stated" for p in data.postings if not p["duplicate_kind"])
    return _bars(counts.most_common(), "postings") if counts else None


def chart_sections(data: ReportData) -> str | None:
    by_source: dict[str, list[int]] = defaultdict(list)
    for p in data.postings:
        by_source[p["source"] or "?"].append(p["id"])
    if not by_source:
        return None
    sources = sorted(by_source, key=lambda s: (-len(by_source[s]), s))[:TOP_SOURCES]
    share = [
        [sum(kind in data.section_kinds.get(i, ()) for i in by_source[s]) / len(by_source[s]) for kind in SECTION_KINDS]
        for s in sources
    ]
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 0.38 * len(sources) + 1.6))
    image = ax.imshow(share, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(SECTION_KINDS)), SECTION_KINDS, rotation=35, ha="right")
    ax.set_yticks(range(len(sources)), [f"{s} ({len(by_source[s])})" for s in sources])
    for y, row in enumerate(share):
        for x, value in enumerate(row):
            ax.text(x, y, f"{value:.0%}", ha="center", va="center", fontsize=7,
                    color="white" if value > 0.6 else "#222")
    fig.colorbar(image, ax=ax, label="share of the source's postings with the section")
    return _svg(fig)


def chart_duplicates(data: ReportData) -> str | None:
    by_source: dict[str, Counter] = defaultdict(Counter)
    for p in data.postings:
        by_source[p["source"] or "?"][p["duplicate_kind"] or "distinct"] += 1
    if not by_source:
        return None
    sources = sorted(by_source, key=lambda s: (-sum(by_source[s].values()), s))[:TOP_SOURCES][::-1]
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(sources) + 1))
    left = [0] * len(sources)
    for kind, color in (("distinct", "#3b6ea5"), ("exact", "#c8553d"), ("near", "#e0a458")):
        values = [by_source[s][kind] for s in sources]
        ax.barh(sources, values, left=left, label=kind, color=color)
        left = [a + b for a, b in zip(left, values)]
    ax.set_xlabel("postings")
    ax.legend(frameon=False, ncols=3, loc="lower right")
    return _svg(fig)


def chart_problems(data: ReportData) -> str | None:
    counts = Counter(p["reason"] for p in data.problems)
    return _bars(counts.most_common(15), "pages", color="#c8553d") if counts else None


def chart_problem_hosts(data: ReportData) -> str | None:
    """Hosts by failed downloads, timeouts first. Per-request latency is not stored, so "slowest" is read
    as "timed out most"; every failed download counts after that."""
    from urllib.parse import urlsplit

    timeouts: Counter = Counter()
    failures: Counter = Counter()
    for p in data.problems:
        if p["stage"] != "download":
            continue
        host = urlsplit(p["url"]).hostname or "(local file)"
        failures[host] += 1
        timeouts[host] += p["reason"] == "timeout"
    if not failures:
        return None
    hosts = sorted(failures, key=lambda h: (-timeouts[h], -failures[h], h))[:15]
    return _bars([(f"{h} ({timeouts[h]} timeouts)", failures[h]) for h in hosts], "failed downloads", "#8c5a9e")


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()


CHARTS = (
    ("Postings per day: first seen and closed", chart_per_day),
    ("Pay ranges by currency and period", chart_pay),
    ("Remote, hybrid, on-site", chart_remote),
    ("Employment types", chart_employment),
    ("Section coverage by source", chart_sections),
    ("Duplicates per source", chart_duplicates),
    ("Problems by reason", chart_problems),
    ("Hosts with failed downloads (timeouts first)", chart_problem_hosts),
)


# --- HTML ------------------------------------------------------------------------------------------------
STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 13px; } td, th { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; }
.figure svg { max-width: 100%; height: auto; } .empty { color: #777; font-style: italic; }
.summary span { display: inline-block; margin-right: 1.5rem; } .summary b { font-size: 1.3rem; }
"""


def render(data: ReportData) -> str:
    distinct = [p for p in data.postings if not p["duplicate_kind"]]
    open_now = [p for p in distinct if not p["closed_at"]]
    scope = f"run {data.run}" if data.run is not None else "all runs"
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>jobcrawl report: {html.escape(scope)}</title><style>{STYLE}</style></head><body>",
        f"<h1>jobcrawl report: {html.escape(scope)}</h1>",
        f"<p>{html.escape(data.database)}, generated {html.escape(data.generated_at)}</p>",
        "<p class=summary>",
        *(f"<span><b>{value}</b> {label}</span>" for label, value in (
            ("postings", len(data.postings)), ("distinct", len(distinct)), ("open", len(open_now)),
            ("with pay", sum(p["salary_min"] is not None for p in distinct)), ("problems", len(data.problems)),
        )),
        "</p>",
    ]
    for title, chart in CHARTS:
        svg = chart(data)
        body = svg if svg else "<p class=empty>Nothing to show: the database has no rows for this chart.</p>"
        parts.append(f"<section class=figure><h2>{html.escape(title)}</h2>{body}</section>")
    parts.append("<h2>Runs</h2>" + _runs_table(data.runs))
    parts.append("</body></html>")
    return "\n".join(parts)


def _runs_table(runs: list[dict[str, Any]]) -> str:
    if not runs:
        return "<p class=empty>No crawl runs recorded.</p>"
    head = "".join(f"<th>{html.escape(k)}</th>" for k in runs[0])
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in run.values()) + "</tr>"
        for run in runs
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobcrawl.report", description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="database URL (default: JOBCRAWL_DATABASE_URL or sqlite:///postings.db)")
    parser.add_argument("--run", type=int, help="only this crawl run (crawl_runs.id)")
    parser.add_argument("-o", "--output", default="report.html", help="the HTML file to write (default: report.html)")
    args = parser.parse_args(argv)
    url = args.database or resolve_database_url()
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
        raise SystemExit(f"report: no database at {url[len('sqlite:///'):]}; run `make crawl` first")
    _pyplot()  # fail before reading the database when matplotlib is missing
    data = load(url, args.run)
    Path(args.output).write_text(render(data), encoding="utf-8")
    print(f"report: {len(data.postings)} postings, {len(data.problems)} problems -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
