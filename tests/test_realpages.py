"""Extraction quality on real pages captured by others (../shared/realpages beside the checkout).

Targets on labels.json: title >= 95%, company >= 90%, location >= 85%, mean section recall >= 0.75, every Ashby
API job out. On both label files (labels.json and labels-batch2.json): salary read on >= 85 % of the pages that
show pay. Missing pages skip locally and fail in CI (CI or JOBCRAWL_REQUIRE_SERVICES set).
"""

import pytest
from conftest import shared_file

from jobcrawl.evaluate import evaluate



@pytest.fixture(scope="module")
def realpages():
    # skips where ../shared is absent, fails in CI
    return shared_file("realpages/labels.json").parent


@pytest.fixture(scope="module")
def report(realpages):
    # the first batch only: its thresholds keep their meaning while the fixes for the second batch land
    return evaluate(realpages, label_files=("labels.json",))


def _misses(report, field):
    return [(r["file"], r[field]["got"], r[field]["want"]) for r in report["files"] if field in r and not r[field]["ok"]]


@pytest.mark.parametrize("field,target", [("title", 0.95), ("company", 0.90), ("location", 0.85)])
def test_field_accuracy(report, field, target):
    accuracy = report["summary"][field]["accuracy"]
    assert accuracy is not None and accuracy >= target, _misses(report, field)


@pytest.fixture(scope="module")
def full_report(realpages):
    return evaluate(realpages)


def test_salary_read_on_pages_that_show_pay(full_report):
    salary = full_report["summary"]["salary"]
    wrong = [(r["file"], r["salary"]) for r in full_report["files"] if "salary" in r and not r["salary"]["ok"]]
    assert salary["total"] >= 12
    assert salary["read"] / salary["total"] >= 0.85, wrong
    assert salary["correct"] / salary["total"] >= 0.85, wrong


def test_section_recall(report):
    recall = report["summary"]["section_recall"]
    low = {r["file"]: r["section_recall"] for r in report["files"] if any(v < 0.5 for v in r.get("section_recall", {}).values())}
    assert recall["mean"] is not None and recall["mean"] >= 0.75, low


def test_api_postings_all_extracted(report):
    assert report["summary"]["postings"]["checked"] >= 1
    assert report["summary"]["postings"]["ok"], [r for r in report["files"] if "expect_postings" in r]


def test_every_page_gives_a_posting_or_a_problem(report):
    for row in report["files"]:
        assert row.get("postings") or row.get("problems"), row["file"]
