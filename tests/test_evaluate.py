"""The evaluator's scoring functions, on inline data (the real-page run itself is tests/test_realpages.py)."""

from __future__ import annotations

import json

from scrapy.http import HtmlResponse, TextResponse

from jobcrawl import evaluate as ev


def test_salary_label_from_bananalyzer_range_and_from_salary_text() -> None:
    assert ev.salary_label({"bananalyzer_salary_range": {"min": 185500.0, "max": 250500.0}}) == (185500.0, 250500.0)
    assert ev.salary_label({"salary_text": "$160K to $200K"}) == (160000.0, 200000.0)
    assert ev.salary_label({"bananalyzer_salary_range": {"min": None, "max": None, "currency": None}}) is None
    assert ev.salary_label({"title": "x"}) is None


def test_salary_labelled_none_tells_a_null_label_from_no_label() -> None:
    assert ev.salary_labelled_none({"bananalyzer_salary_range": {"min": None, "max": None}})
    assert not ev.salary_labelled_none({"title": "x"})
    assert not ev.salary_labelled_none({"bananalyzer_salary_range": {"min": 1.0, "max": 2.0}})


def test_salary_match_needs_both_ends_and_takes_a_single_figure_as_min_equals_max() -> None:
    assert ev.salary_match((185500.0, 250500.0), (185500.0, 250500.0))
    assert not ev.salary_match((185500.0, None), (185500.0, 250500.0))
    assert not ev.salary_match((54500.0, 145100.0), (50500.0, 145100.0))
    assert ev.salary_match((250000.0, 250000.0), (250000.0, None))
    assert ev.salary_match((250000.0, 250000.0), (250000.0, 250000.0))


def test_amount_shown_needs_the_amount_written_as_money() -> None:
    assert ev.amount_shown(185500.0, "California Pay Range: $185,500 — $250,500 USD")
    assert ev.amount_shown(160000.0, "$160K to $200K + bonus")
    assert ev.amount_shown(4416.0, "Salary Range: $4,416 - $8,406 Per Month")
    assert ev.amount_shown(50000.0, "EUR 50.000 pro Jahr")
    assert not ev.amount_shown(30.0, "upload up to 5 documents, max 30MB each; 30 days")
    assert not ev.amount_shown(1850.0, "$185,500")


def test_evidence_invariant_is_case_and_space_insensitive_and_ignores_host_names() -> None:
    body = (b"<html><head><title>Jobs</title><meta property='og:site_name' content='Acme  Corp'></head>"
            b"<body><a href='https://ouryahoo.wd5.myworkdayjobs.com/x'>Apply</a><h1>Senior  ENGINEER</h1>"
            b"<p>Kirkland</p><p>WA</p><img alt='Logo of Initech'><script>var c = 'Globex';</script>"
            b"<script type='application/ld+json'>{\"hiringOrganization\": \"Hooli\"}</script></body></html>")
    response = HtmlResponse(url="https://ouryahoo.wd5.myworkdayjobs.com/x", body=body, encoding="utf-8")
    evidence = ev.squash(ev.page_evidence(response))
    assert ev.evidence_violations({"company": "acme corp", "title": "Senior Engineer", "location": "Kirkland, WA"},
                                  evidence) == []
    assert ev.evidence_violations({"company": "Initech"}, evidence) == []  # alt text
    assert ev.evidence_violations({"company": "Hooli"}, evidence) == []  # JSON-LD
    assert ev.evidence_violations({"company": "Ouryahoo"}, evidence) == ["company"]  # only in a URL
    assert ev.evidence_violations({"company": "Globex"}, evidence) == ["company"]  # only in a script
    assert ev.evidence_violations({"location": "Kirkland, WA | Paris"}, evidence) == ["location"]
    assert ev.evidence_violations({"title": None, "company": ""}, evidence) == []


def test_page_evidence_of_a_json_response_skips_urls() -> None:
    body = json.dumps({"jobs": [{"title": "Engineer", "jobUrl": "https://jobs.ashbyhq.com/nango/1"}]}).encode()
    response = TextResponse(url="https://api.ashbyhq.com/x", body=body, encoding="utf-8",
                            headers={"Content-Type": "application/json"})
    evidence = ev.squash(ev.page_evidence(response))
    assert ev.evidence_violations({"title": "Engineer", "company": "Nango"}, evidence) == ["company"]


def test_family_groups_by_folder_and_capture() -> None:
    assert ev.family({"file": "ats/banana-openai_com-BeicQM.html", "origin": "reworkd/bananalyzer static/x"}) \
        == "ats/bananalyzer"
    assert ev.family({"file": "ats/banana-har-lever_palantir-detail0.html", "origin": "reworkd/bananalyzer s"}) \
        == "ats/bananalyzer-har"
    assert ev.family({"file": "ats/seek.html", "origin": "dinie/coverletterer x"}) == "ats/other"
    assert ev.family({"file": "indeed/a.html"}) == "indeed"


def _row(**cells):
    return {"file": "f.html", "family": "ats/other", "labels": "labels.json", "postings": 1, "problems": [], **cells}


def test_summarize_counts_correct_read_extra_and_violations() -> None:
    rows = [
        _row(title={"ok": True, "got": "A", "want": "A"},
             salary={"ok": True, "got": [1.0, 2.0], "want": [1.0, 2.0], "read": True}),
        _row(title={"ok": False, "got": "B", "want": "C"},
             salary={"ok": False, "got": [1.0, None], "want": [1.0, 2.0], "read": True},
             evidence_violations=[{"posting": 0, "field": "company", "value": "Localhost"}]),
        _row(salary={"ok": False, "got": [None, None], "want": [5.0, 6.0], "read": False},
             salary_extra={"got": [1.0, 1.0], "raw": "$1", "labelled_none": True}),
    ]
    s = ev.summarize(rows)
    assert s["title"] == {"accuracy": 0.5, "correct": 1, "total": 2}
    assert (s["salary"]["correct"], s["salary"]["total"], s["salary"]["read"], s["salary"]["extra"]) == (1, 3, 2, 1)
    assert s["evidence"] == {"violations": 1, "pages": 1}
    assert s["remote"]["accuracy"] is None


def test_misses_lists_every_wrong_field_and_violation() -> None:
    report = {"files": [
        _row(company={"ok": False, "got": "Bb", "want": "BlackBerry"},
             salary={"ok": False, "got": [None, None], "want": [1.0, 2.0], "read": False},
             salary_label_not_on_page=[30.0, 30.0],
             evidence_violations=[{"posting": 0, "field": "company", "value": "Bb"}]),
        {"file": "g.html", "family": "ats/other", "postings": 0, "problems": []},
    ]}
    lines = ev.misses(report)
    assert any("company got 'Bb'" in line for line in lines)
    assert any("salary got" in line for line in lines)
    assert any("evidence invariant" in line for line in lines)
    assert "g.html: neither a posting nor a problem" in lines
    assert not any("not shown on the page" in line for line in lines)
    assert ev.unscored(report) == ["f.html: salary label [30.0, 30.0] not shown on the page"]


def test_a_salary_where_the_label_says_none_is_a_miss_and_without_a_label_only_a_note() -> None:
    labelled_none = _row(salary_extra={"got": [1.0, 2.0], "raw": "$1-$2", "labelled_none": True})
    unlabelled = _row(salary_extra={"got": [1.0, 2.0], "raw": "$1-$2", "labelled_none": False})
    assert len(ev.misses({"files": [labelled_none]})) == 1 and ev.unscored({"files": [labelled_none]}) == []
    assert ev.misses({"files": [unlabelled]}) == [] and len(ev.unscored({"files": [unlabelled]})) == 1


def test_read_labels_takes_both_files_and_tags_each_record(tmp_path) -> None:
    (tmp_path / "labels.json").write_text(json.dumps([{"file": "a.html", "title": "A"}]))
    (tmp_path / "labels-batch2.json").write_text(json.dumps([{"file": "b.html", "title": "B"}]))
    records, read = ev.read_labels(tmp_path)
    assert read == ["labels.json", "labels-batch2.json"]
    assert [(r["file"], r["_labels"]) for r in records] == [("a.html", "labels.json"), ("b.html", "labels-batch2.json")]


def test_evaluate_scores_an_inline_page_and_writes_the_docs_block_once(tmp_path) -> None:
    page = ("<html><head><title>Data Engineer at Acme</title></head><body><main><h1>Data Engineer</h1>"
            "<p>Acme is hiring. Location: Berlin, Germany</p><h2>Responsibilities</h2><ul><li>Build pipelines and "
            "keep the warehouse healthy for every team in the company.</li><li>Own the experience of "
            "analysts.</li></ul><h2>Requirements</h2><ul><li>Five years of Python and SQL experience.</li></ul>"
            "<h2>Compensation</h2><p>The salary range for this role is €60,000 - €80,000 per year.</p>"
            "</main></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "labels.json").write_text(json.dumps([{
        "file": "page.html", "title": "Data Engineer", "company": None, "location": None,
        "bananalyzer_salary_range": {"min": 60000.0, "max": 80000.0, "currency": "EUR"},
    }]))
    report = ev.evaluate(tmp_path)
    assert report["summary"]["label_files"] == ["labels.json"]
    assert report["summary"]["title"]["correct"] == 1
    assert (report["summary"]["salary"]["read"], report["summary"]["salary"]["correct"]) == (1, 1)
    docs = tmp_path / "extraction.md"
    docs.write_text("# Extraction\n\nprose stays\n\n## Results\n\nafter\n", encoding="utf-8")
    ev.write_docs(report, docs)
    ev.write_docs(report, docs)
    text = docs.read_text(encoding="utf-8")
    assert text.count(ev.DOCS_START) == 1 and text.count(ev.DOCS_END) == 1
    assert "prose stays" in text and "after" in text and "| **all** |" in text
