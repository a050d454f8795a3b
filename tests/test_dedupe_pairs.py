"""Near-duplicate precision and recall on a labelled pair set, through the real store on a real SQLite file.

tests/data/near_duplicate_pairs.json (written for this project) holds true reposts (the same job under another
URL, with a changed date line, reordered sections, a few reworded words, a decorated title) and templated
siblings (the same company's template under another role, seniority or level). A link is right only when a
repost's second posting points at its first one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from jobcrawl import models as m
from jobcrawl.dedupe import NearDuplicateIndex, same_job, titles_compatible
from jobcrawl.items import JobPosting, Section
from pipelines.identity import IdentityPipeline
from pipelines.normalize import NormalizePipeline

PAIRS = json.loads((Path(__file__).parent / "data" / "near_duplicate_pairs.json").read_text(encoding="utf-8"))


def render(pair: dict, side: str) -> str:
    template = PAIRS["templates"][pair["template"]]
    facts = pair[side]
    edits = pair["edits"] if side == "b" else []
    order = list(PAIRS["section_order"])
    if "reorder" in edits:
        i, j = order.index("duties"), order.index("needs")
        order[i], order[j] = order[j], order[i]
    if "drop_close" in edits:
        order.remove("close")
    paragraphs = [template[name].format(company=pair["company"], title=facts["title"], salary=facts["salary"])
                  for name in order]
    paragraphs.insert(0, "Posted 19 January 2026" if "date" in edits else "Posted 5 January 2026")
    text = "\n\n".join(paragraphs)
    if "reword" in edits:
        text = text.replace("You will", "You'll", 2).replace("We are", "We're").replace(" help ", " assist ", 1)
    return text


def item(pair: dict, side: str, number: int) -> JobPosting:
    text = render(pair, side)
    posting = JobPosting(
        url=f"https://jobs.example.org/{number}/{side}" if side == "a" else f"https://board.example.net/p/{number}",
        extractor="generic",
        source="jobs.example.org" if side == "a" else "board.example.net",
        title=pair[side]["title"],
        company=pair["company"],
        description_html="".join(f"<p>{p}</p>" for p in text.split("\n\n")),
        description_text=text,
        sections=[Section(position=0, heading=None, kind="about", text=text, html=f"<p>{text}</p>")],
        fetched_at="2026-01-20T12:00:00+00:00",
    )
    for stage in (NormalizePipeline(), IdentityPipeline()):
        posting = stage.process_item(posting)
    return posting


def test_pair_set_is_large_and_hard_enough():
    pairs = PAIRS["pairs"]
    reposts = [p for p in pairs if p["label"] == "repost"]
    siblings = [p for p in pairs if p["label"] == "sibling"]
    assert len(pairs) >= 40 and len(reposts) >= 20 and len(siblings) >= 20
    # the siblings' texts are near-duplicates by MinHash alone: only the verification can tell them apart
    index = NearDuplicateIndex()
    similar = 0
    for pair in siblings:
        a, b = index.signatures([render(pair, "a"), render(pair, "b")])
        similar += index.similarity(a, b) >= index.threshold
    assert similar >= 0.9 * len(siblings)


def test_near_duplicate_precision_and_recall_through_the_store(sqlite_store_only):
    posting_ids = {}
    for number, pair in enumerate(PAIRS["pairs"]):
        # the first of a pair, then the second in a later batch, as two crawls would see them
        for side in ("a", "b"):
            result = sqlite_store_only.write([item(pair, side, number)])
            assert result.new == 1
            posting_ids[number, side] = result.posting_ids[0]
    with sqlite_store_only.engine.connect() as conn:
        duplicate_of = dict(conn.execute(select(m.Posting.id, m.Posting.duplicate_of)).all())
    linked = right = 0
    missed = []
    wrong = []
    for number, pair in enumerate(PAIRS["pairs"]):
        target = duplicate_of[posting_ids[number, "b"]]
        assert duplicate_of[posting_ids[number, "a"]] is None  # pairs do not leak into each other
        is_right = pair["label"] == "repost" and target == posting_ids[number, "a"]
        linked += target is not None
        right += is_right
        if target is not None and not is_right:
            wrong.append((pair["a"]["title"], pair["b"]["title"]))
        if pair["label"] == "repost" and not is_right:
            missed.append((pair["a"]["title"], pair["b"]["title"], pair["edits"]))
    reposts = sum(p["label"] == "repost" for p in PAIRS["pairs"])
    precision = right / linked if linked else 0.0
    recall = right / reposts
    assert precision >= 0.98, wrong
    assert recall >= 0.95, missed


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Senior Backend Engineer (Remote, UK)", "Staff Backend Engineer (Remote, UK)", False),
        ("Software Engineer II", "Software Engineer III", False),
        ("Software Engineer II", "Software Engineer 2", True),
        ("Engineering Manager", "Software Engineer", False),
        ("Product Designer", "Product Manager", False),
        ("Backend Engineer", "Frontend Engineer", False),
        ("Software Engineering Intern", "Software Engineer", False),
        ("Sr. Backend Engineer", "Senior Backend Engineer", True),
        ("Backend Engineer", "Backend Engineer - Berlin (Hybrid)", True),
        ("Senior Site Reliability Engineer", "Senior Site Reliability Engineer (m/f/d)", True),
        ("Data Scientist", None, True),
    ],
)
def test_titles_compatible(a, b, same):
    assert titles_compatible(a, b) is same
    assert titles_compatible(b, a) is same


def test_same_job_needs_the_same_company_when_both_name_one():
    assert not same_job(("Data Engineer", "acme"), ("Data Engineer", "globex"))
    assert same_job(("Data Engineer", "acme"), ("Data Engineer", None))


def test_word_for_word_template_under_another_title_is_not_an_exact_duplicate(sqlite_store_only):
    pair = {"template": "engineering", "company": "Tallow Payments", "edits": [],
            "a": {"title": "Senior Backend Engineer", "salary": "£120,000 to £180,000"},
            "b": {"title": "Senior Backend Engineer", "salary": "£120,000 to £180,000"}}
    first = item(pair, "a", 900)
    sqlite_store_only.write([first])
    # the same description text under another seniority (a template that never names the role)
    sibling = item(pair, "b", 900)
    sibling.title = sibling.normalized.title = "Staff Backend Engineer"
    repost = item(pair, "b", 901)
    sqlite_store_only.write([sibling])
    sqlite_store_only.write([repost])
    with sqlite_store_only.engine.connect() as conn:
        rows = conn.execute(select(m.Posting.title, m.Posting.duplicate_of, m.Posting.duplicate_kind)
                            .order_by(m.Posting.id)).all()
    assert [(r.duplicate_of is None, r.duplicate_kind) for r in rows] == [(True, None), (True, None), (False, "exact")]
