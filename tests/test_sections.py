"""Tests for jobcrawl.extract.sections: splitting a description into ordered, classified sections."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import shared_file
from lxml import html as lxml_html
from parsel import Selector

from jobcrawl.extract.sections import classify_heading, classify_text, split_sections, split_sections_html
from jobcrawl.items import SECTION_KINDS, Section

SEED_FILE = "seeds/000_694517a7cb43987f.txt"


def _kind_of(sections: list[Section], needle: str) -> str:
    """The kind of the section whose text (or heading) contains ``needle``; fails if none does."""
    for s in sections:
        if needle in s.text or (s.heading and needle in s.heading):
            return s.kind
    raise AssertionError(f"{needle!r} not found in any section: {[(s.heading, s.text[:60]) for s in sections]}")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _html_text(fragment: str) -> str:
    return "".join(lxml_html.fromstring(f"<div>{fragment}</div>").itertext())


def _split(body: str) -> list[Section]:
    return split_sections(Selector(text=f'<div id="d">{body}</div>').css("#d")[0])


# --------------------------------------------------------------------------------------------------------------------
# The user's sample
# --------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_sections() -> list[Section]:
    (html,) = ast.literal_eval(shared_file(SEED_FILE).read_text(encoding="utf-8"))
    root = Selector(text=html).css("#jobDescriptionText")
    assert root, "seed has no #jobDescriptionText"
    return split_sections(root[0])


@pytest.mark.parametrize(
    ("needle", "kind"),
    [
        ("We are the Azure Communication Services team", "about"),
        ("Implement features as part of delivering our Communication Platform", "responsibilities"),
        ("BS or MS degree in Computer Science", "requirements"),
        ("Cloud and services experience", "preferred"),
        ("Microsoft is an equal opportunity employer", "equal_opportunity"),
        ("Benefits/perks listed below may vary", "benefits"),
    ],
)
def test_seed_text_lands_in_expected_kind(seed_sections: list[Section], needle: str, kind: str) -> None:
    assert _kind_of(seed_sections, needle) == kind


def test_seed_sections_are_well_formed(seed_sections: list[Section]) -> None:
    assert [s.position for s in seed_sections] == list(range(len(seed_sections)))
    assert all(s.kind in SECTION_KINDS for s in seed_sections)
    # plain-div headings of the seed are recognised as headings, not left in the text
    headings = [s.heading for s in seed_sections if s.heading]
    assert "Who are we?" in headings
    assert "Key responsibilities" in headings
    assert any(h.startswith("Preferred qualifications") for h in headings)
    # "Software Engineer" is a short plain line that names no section: it stays content
    assert "Software Engineer" not in headings
    # the text keeps line breaks between blocks and collapses whitespace within lines
    resp = next(s for s in seed_sections if s.heading == "Key responsibilities")
    assert "\n" in resp.text and "  " not in resp.text


def test_seed_html_covers_the_description(seed_sections: list[Section]) -> None:
    (html,) = ast.literal_eval(shared_file(SEED_FILE).read_text(encoding="utf-8"))
    root = Selector(text=html).css("#jobDescriptionText")[0]
    original = "".join(root.root.itertext())
    assert _norm("".join(_html_text(s.html) for s in seed_sections)) == _norm(original)


# --------------------------------------------------------------------------------------------------------------------
# Heading styles
# --------------------------------------------------------------------------------------------------------------------

INTRO = "<p>Acme builds rockets for everyone.</p>"
BULLETS = "<ul><li>Design widgets for the launch pad.</li><li>Review code from the team.</li></ul>"


@pytest.mark.parametrize(
    ("heading_html", "shown"),
    [
        ("<h2>Responsibilities</h2>", "Responsibilities"),
        ("<h4>Responsibilities:</h4>", "Responsibilities:"),
        ('<div class="jobSectionHeader">Responsibilities</div>', "Responsibilities"),
        ("<p><strong>Responsibilities</strong></p>", "Responsibilities"),
        ("<p><b>What you'll do</b></p>", "What you'll do"),
        ("<div>Key responsibilities</div>", "Key responsibilities"),
        ("<div>Responsibilities:</div>", "Responsibilities:"),
        ("Responsibilities:<br>", "Responsibilities:"),
        ('<span style="font-weight: bold">Responsibilities</span><br>', "Responsibilities"),
    ],
)
def test_heading_styles(heading_html: str, shown: str) -> None:
    sections = _split(INTRO + heading_html + BULLETS)
    assert [s.heading for s in sections] == [None, shown]
    assert sections[1].kind == "responsibilities"
    assert sections[1].text == "Design widgets for the launch pad.\nReview code from the team."
    assert sections[0].text == "Acme builds rockets for everyone."


def test_short_plain_line_naming_nothing_is_not_a_heading() -> None:
    sections = _split("<h2>Responsibilities</h2><div>Software Engineer</div>" + BULLETS)
    assert len(sections) == 1
    assert sections[0].text.startswith("Software Engineer\n")


def test_plain_line_with_section_word_but_content_is_not_a_heading() -> None:
    sections = _split("<h2>Requirements</h2><div>Experience with Python</div><div>Skills in Go and Rust</div>")
    assert len(sections) == 1
    assert sections[0].text == "Experience with Python\nSkills in Go and Rust"


def test_bold_sentence_is_not_a_heading() -> None:
    body = "<p>We are hiring.</p><p><b>Must be authorized to work in the US without sponsorship.</b></p>"
    sections = _split(body)
    assert all(s.heading is None for s in sections)


def test_bold_lead_in_becomes_heading_with_its_content() -> None:
    sections = _split("<p>Intro about Acme and our team.</p><p><b>Benefits:</b> dental, vision and 401(k)</p>")
    assert sections[-1].heading == "Benefits:"
    assert sections[-1].kind == "benefits"
    assert sections[-1].text == "dental, vision and 401(k)"


def test_bold_heading_closing_a_line() -> None:
    body = "Please apply online. <strong>Minimum qualifications:<br></strong><ul><li>BS degree.</li></ul>"
    sections = _split(body)
    assert sections[-1].heading == "Minimum qualifications:"
    assert sections[-1].kind == "requirements"
    assert sections[-1].text == "BS degree."
    assert sections[0].text == "Please apply online."


def test_link_is_not_a_heading() -> None:
    sections = _split('<div><a href="/apply">Apply for this job</a></div><p>Acme is a rocket company.</p>')
    assert all(s.heading is None for s in sections)


def test_subheading_that_names_nothing_inherits_the_kind_of_its_h2() -> None:
    body = "<h2>Responsibilities</h2><p>Intro line.</p><p><b>Platform work</b></p>" + BULLETS
    sections = _split(body)
    assert [s.heading for s in sections] == ["Responsibilities", "Platform work"]
    assert [s.kind for s in sections] == ["responsibilities", "responsibilities"]


def test_empty_heading_followed_by_subheading_merges() -> None:
    body = "<h2>Qualifications</h2><div>Preferred qualifications</div><ul><li>Go experience.</li></ul>"
    sections = _split(body)
    assert len(sections) == 1
    assert sections[0].kind == "preferred"
    assert "Qualifications" in _html_text(sections[0].html)


# --------------------------------------------------------------------------------------------------------------------
# Kinds
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("About us", "about"),
        ("Who we are", "about"),
        ("Who are we?", "about"),
        ("Our Team", "about"),
        ("Key responsibilities", "responsibilities"),
        ("What you'll do", "responsibilities"),
        ("What You Will Do:", "responsibilities"),
        ("Duties", "responsibilities"),
        ("About the role", "responsibilities"),
        ("Your impact", "responsibilities"),
        ("Day to day", "responsibilities"),
        ("Requirements", "requirements"),
        ("Basic Qualifications", "requirements"),
        ("Minimum qualifications:", "requirements"),
        ("What you'll need", "requirements"),
        ("Who you are", "requirements"),
        ("Skills & Experience", "requirements"),
        ("Must have", "requirements"),
        ("You may be a good fit if you:", "requirements"),
        ("Preferred qualifications:", "preferred"),
        ("Qualifications (preferred)", "preferred"),
        ("Nice to have", "preferred"),
        ("Bonus points", "preferred"),
        ("Pluses", "preferred"),
        ("Desired skills", "preferred"),
        ("Benefits", "benefits"),
        ("Perks", "benefits"),
        ("What we offer", "benefits"),
        ("Why join us?", "benefits"),
        ("Compensation", "compensation"),
        ("Pay range", "compensation"),
        ("Salary:", "compensation"),
        ("Equal Opportunity Employer", "equal_opportunity"),
        ("EEO Statement", "equal_opportunity"),
        ("Diversity & Inclusion", "equal_opportunity"),
        ("Accommodations", "equal_opportunity"),
        ("How to apply", "application"),
        ("Next steps", "application"),
        ("Schedule:", "other"),
    ],
)
def test_classify_heading(heading: str, kind: str) -> None:
    assert classify_heading(heading) == kind


@pytest.mark.parametrize("heading", ["Software Engineer", "Acme Rockets", "", "Lorem ipsum"])
def test_classify_heading_unknown(heading: str) -> None:
    assert classify_heading(heading) is None


def test_classify_heading_ignores_trailing_colon_and_case() -> None:
    assert classify_heading("RESPONSIBILITIES:") == classify_heading("responsibilities") == "responsibilities"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Acme is an equal opportunity employer. We consider all applicants without regard to race.", "equal_opportunity"),
        ("The base salary range for this position is $120,000 - $150,000 per year.", "compensation"),
        ("Salary: ₹40,000.00 - ₹70,000.00 per month", "compensation"),
        ("We offer comprehensive benefits including medical, dental and 401(k) matching.", "benefits"),
        ("Benefits/perks listed below may vary depending on the country.", "benefits"),
        ("Build reliable systems and write tests.", "other"),
        ("", "other"),
    ],
)
def test_classify_text(text: str, kind: str) -> None:
    assert classify_text(text) == kind


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("About Acme", "about"),
        ("What you'll do", "responsibilities"),
        ("Basic Qualifications", "requirements"),
        ("Nice to have", "preferred"),
        ("Perks", "benefits"),
        ("Pay range", "compensation"),
        ("Equal Employment Opportunity", "equal_opportunity"),
        ("How to apply", "application"),
    ],
)
def test_each_kind_end_to_end(heading: str, kind: str) -> None:
    body = f"<p>Acme is a rocket company.</p><h3>{heading}</h3><p>Some words about it here.</p>"
    sections = _split(body)
    assert sections[-1].heading == heading
    assert sections[-1].kind == kind


def test_eeo_paragraph_without_heading_is_split_out() -> None:
    body = (
        "<h2>Requirements</h2><ul><li>5 years of Go.</li></ul>"
        "<p>Acme is an equal opportunity employer and considers all applicants without regard to race, color or "
        "religion.</p>"
    )
    sections = _split(body)
    assert [s.kind for s in sections] == ["requirements", "equal_opportunity"]
    assert sections[1].heading is None
    assert sections[0].text == "5 years of Go."


def test_salary_paragraph_without_heading_is_compensation() -> None:
    body = "<h2>Requirements</h2><ul><li>5 years of Go.</li></ul><p>The salary range is $100,000 - $130,000.</p>"
    assert _kind_of(_split(body), "salary range") == "compensation"


def test_leading_paragraph_about_company_is_about() -> None:
    sections = _split("<p>We are a small team building tools for bakers.</p><h3>Requirements</h3><p>Bread.</p>")
    assert sections[0].heading is None and sections[0].kind == "about"


def test_no_headings_gives_one_section() -> None:
    body = "<p>Write code.</p><p>Ship it to users.</p><div>Fix bugs<br>and review patches</div>"
    sections = _split(body)
    assert len(sections) == 1
    assert sections[0].heading is None
    assert sections[0].position == 0
    assert sections[0].text == "Write code.\nShip it to users.\nFix bugs\nand review patches"


@pytest.mark.parametrize("body", ["", "   ", "<p> </p><div><br></div>", "<!-- nothing -->"])
def test_empty_description(body: str) -> None:
    assert _split(body) == []


def test_empty_html_string() -> None:
    assert split_sections_html("") == []
    assert split_sections_html("   ") == []


def test_order_preserved_and_positions() -> None:
    body = (
        "<p>Acme makes rockets.</p><h3>Benefits</h3><p>Free lunch.</p><h3>Responsibilities</h3><p>Launch.</p>"
        "<h3>Requirements</h3><p>Courage.</p>"
    )
    sections = _split(body)
    assert [s.heading for s in sections] == [None, "Benefits", "Responsibilities", "Requirements"]
    assert [s.position for s in sections] == [0, 1, 2, 3]
    assert [s.text for s in sections] == ["Acme makes rockets.", "Free lunch.", "Launch.", "Courage."]


def test_whitespace_collapsed_within_lines() -> None:
    sections = _split("<p>  Build\n   things   <em>fast</em>\u00a0and  well. </p>")
    assert sections[0].text == "Build things fast and well."


def test_html_of_sections_covers_content_once() -> None:
    body = (
        '<div><p>Acme makes rockets.</p><div class="x"><h3>Responsibilities</h3><ul><li>Launch &amp; land.</li>'
        "<li>Refuel.</li></ul><p><b>Requirements</b></p><p>Courage.<br>Patience.</p></div>"
        "<p>Acme is an equal opportunity employer; we hire without regard to race or religion.</p></div>"
    )
    sections = _split(body)
    assert len(sections) == 4
    joined = "".join(_html_text(s.html) for s in sections)
    original = "".join(lxml_html.fromstring(f"<div>{body}</div>").itertext())
    assert _norm(joined) == _norm(original)
    # each section's html holds its own heading and text, and lists keep their <ul>
    resp = sections[1]
    assert "<h3>Responsibilities</h3>" in resp.html and "<ul>" in resp.html and "Courage" not in resp.html
    assert "Launch &amp; land." in resp.html
    assert "Courage." in sections[2].html and "Refuel" not in sections[2].html


def test_split_sections_html_matches_selector_path() -> None:
    fragment = "<p>We are Acme.</p><h2>What you'll do</h2><ul><li>Build.</li></ul>"
    via_html = split_sections_html(fragment)
    via_sel = split_sections(Selector(text=fragment).css("body")[0])
    assert via_html == via_sel
    assert [s.kind for s in via_html] == ["about", "responsibilities"]


def test_escaped_entities_and_scripts() -> None:
    sections = _split("<h3>Perks</h3><p>Snacks &amp; coffee</p><script>var x = 1;</script><style>p{}</style>")
    assert sections[0].text == "Snacks & coffee"
    assert "var x" not in sections[0].html


def test_does_not_reparse(monkeypatch: pytest.MonkeyPatch) -> None:
    """split_sections walks the given tree; it must not build a new one from text."""
    import jobcrawl.extract.sections as mod

    sel = Selector(text="<div id='d'><h2>Benefits</h2><p>Dental.</p></div>").css("#d")[0]

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("re-parsed HTML")

    monkeypatch.setattr(mod, "Selector", boom)
    monkeypatch.setattr(lxml_html, "fromstring", boom)
    assert [s.kind for s in split_sections(sel)] == ["benefits"]
