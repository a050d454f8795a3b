"""Tests for jobcrawl.extract.sections: splitting a description into ordered, classified sections."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import shared_file
from lxml import html as lxml_html
from parsel import Selector

from jobcrawl.extract.sections import (
    classify_heading,
    classify_text,
    split_sections,
    split_sections_html,
    text_lines_html,
)
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


# --------------------------------------------------------------------------------------------------------------------
# Headings written as text (plain-text and lightly marked-up descriptions)
# --------------------------------------------------------------------------------------------------------------------


def _split_text(text: str) -> list[Section]:
    return split_sections_html(text_lines_html(text))


def _pairs(sections: list[Section]) -> list[tuple[str | None, str]]:
    return [(s.heading, s.kind) for s in sections]


def test_text_lines_html_keeps_line_breaks_of_plain_text() -> None:
    assert text_lines_html("A & B\nResponsibilities:\n\nLast") == "<p>A &amp; B<br>Responsibilities:</p><p>Last</p>"


def test_text_lines_html_keeps_inline_markup_and_leaves_line_markup_alone() -> None:
    assert text_lines_html("<b>Benefits</b>\nDental") == "<p><b>Benefits</b><br>Dental</p>"
    assert text_lines_html("<p>Benefits</p>\n<p>Dental</p>") == "<p>Benefits</p>\n<p>Dental</p>"


def test_plain_text_description_splits_at_heading_lines() -> None:
    text = "Acme builds rockets.\nResponsibilities:\nBuild flight software\nRequirements:\n5 years of C++"
    assert _pairs(_split_text(text)) == [
        (None, "other"),
        ("Responsibilities:", "responsibilities"),
        ("Requirements:", "requirements"),
    ]


def test_json_ld_text_description_gets_sections() -> None:
    from jobcrawl.extract.common import description_from_html

    fields = description_from_html("We build rockets.\nBenefits\nDental and vision\nRequirements\nCourage")
    assert _pairs(fields["sections"])[1:] == [("Benefits", "benefits"), ("Requirements", "requirements")]
    assert "Dental and vision\nRequirements" in fields["description_text"]


def test_short_line_ending_in_colon_is_a_heading() -> None:
    sections = _split_text("Acme builds rockets.\nTech we use:\nRust, Go and Postgres")
    assert sections[-1].heading == "Tech we use:"
    assert sections[-1].text == "Rust, Go and Postgres"


def test_line_in_capitals_is_a_heading_even_when_it_names_nothing() -> None:
    sections = _split_text("Acme builds rockets.\nHERE'S A TASTE OF IT\nLaunch things.\nSQL\nPostgres")
    assert [s.heading for s in sections] == [None, "HERE'S A TASTE OF IT"]
    assert sections[1].text == "Launch things.\nSQL\nPostgres"  # a single word in capitals is content


def test_amount_in_capital_letters_is_not_a_heading() -> None:
    sections = _split("<h3>Compensation</h3><p>$185,500 - $250,500 USD</p>")
    assert _pairs(sections) == [("Compensation", "compensation")]
    assert sections[0].text == "$185,500 - $250,500 USD"


@pytest.mark.parametrize("line", ["**Benefits:**", "**Benefits**", "__Benefits__", "## Benefits"])
def test_markdown_written_as_text_is_a_heading(line: str) -> None:
    sections = _split_text(f"Acme builds rockets.\n{line}\nDental and vision")
    assert sections[-1].heading in ("Benefits:", "Benefits")
    assert sections[-1].kind == "benefits"
    assert sections[-1].text == "Dental and vision"


def test_bullet_lines_are_list_items_not_headings() -> None:
    sections = _split_text("Responsibilities:\n• Benefits\n• Requirements\n- Pay range")
    assert _pairs(sections) == [("Responsibilities:", "responsibilities")]
    assert sections[0].text == "• Benefits\n• Requirements\n- Pay range"


def test_label_opening_a_line_starts_a_section() -> None:
    sections = _split_text("Acme builds rockets.\nRESPONSIBILITIES: Lead the team\nLocation: Remote")
    assert _pairs(sections) == [(None, "other"), ("RESPONSIBILITIES:", "responsibilities")]
    assert sections[1].text == "Lead the team\nLocation: Remote"  # "Location:" labels a detail, not a section


def test_about_company_line_is_a_heading() -> None:
    sections = _split_text("Senior Engineer\nAbout Acme Labs\nWe build rockets.")
    assert sections[-1].heading == "About Acme Labs"
    assert sections[-1].kind == "about"


def test_bold_capitals_enclose_bold_subheadings() -> None:
    body = (
        "<p>Acme makes doughnuts.</p><p><strong>WHAT YOU'LL BE DOING</strong></p><p><strong>Guest Services</strong></p>"
        "<p>Greet guests.</p><p><strong>Sales</strong></p><p>Sell doughnuts.</p>"
        "<p><strong>YOUR RECIPE FOR SUCCESS</strong></p><p>A high school diploma.</p>"
    )
    assert _pairs(_split(body))[1:] == [
        ("Guest Services", "responsibilities"),
        ("Sales", "responsibilities"),
        ("YOUR RECIPE FOR SUCCESS", "requirements"),
    ]


def test_generic_subheading_inherits_instead_of_about() -> None:
    body = "<p>Acme makes rockets.</p><h2>Responsibilities</h2><h3>Launch</h3><p>Launch.</p><h3>Overview</h3><p>Land.</p>"
    assert [s.kind for s in _split(body)][1:] == ["responsibilities", "responsibilities"]


# --------------------------------------------------------------------------------------------------------------------
# Other languages
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Ihre Aufgaben", "responsibilities"),
        ("Dein Aufgabengebiet", "responsibilities"),
        ("Ihr Profil", "requirements"),
        ("Das bringst du mit", "requirements"),
        ("Wünschenswert", "preferred"),
        ("Wir bieten", "benefits"),
        ("Über uns", "about"),
        ("Vos missions", "responsibilities"),
        ("Profil recherché", "requirements"),
        ("Compétences souhaitées", "preferred"),
        ("Avantages", "benefits"),
        ("Rémunération", "compensation"),
        ("Responsabilidades", "responsibilities"),
        ("Requisitos", "requirements"),
        ("Deseable", "preferred"),
        ("Beneficios", "benefits"),
        ("Quiénes somos", "about"),
        ("Responsabilità", "responsibilities"),
        ("Requisiti", "requirements"),
        ("Requisiti preferenziali", "preferred"),
        ("Cosa offriamo", "benefits"),
        ("Chi siamo", "about"),
        ("Atribuições", "responsibilities"),
        ("Requisitos desejáveis", "preferred"),
        ("Benefícios", "benefits"),
        ("Processo seletivo", "application"),
        ("Обов'язки", "responsibilities"),
        ("Вимоги", "requirements"),
        ("Буде плюсом", "preferred"),
        ("Ми пропонуємо", "benefits"),
    ],
)
def test_classify_heading_in_other_languages(heading: str, kind: str) -> None:
    assert classify_heading(heading) == kind


def test_heading_in_another_language_alone_on_a_line() -> None:
    text = "Wir sind ein Startup.\nIhre Aufgaben\nSie entwickeln die Plattform.\nIhr Profil\nErfahrung mit Python\nWir bieten\n30 Tage Urlaub"
    assert _pairs(_split_text(text))[1:] == [
        ("Ihre Aufgaben", "responsibilities"),
        ("Ihr Profil", "requirements"),
        ("Wir bieten", "benefits"),
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [("Company Benefits", "benefits"), ("Team Responsibilities", "responsibilities"), ("Our Team", "about")],
)
def test_specific_kind_wins_over_loose_words(heading: str, kind: str) -> None:
    assert classify_heading(heading) == kind


# --------------------------------------------------------------------------------------------------------------------
# Money words, benefits and closing lines
# --------------------------------------------------------------------------------------------------------------------


def test_intro_mentioning_money_is_not_compensation() -> None:
    text = (
        "(Remote, Americas or Europe)\nAt Acme we build integrations for developers.\n"
        "We passed $1M ARR with six people and our database serves 100 customers."
    )
    assert classify_text(text) != "compensation"
    assert [s.kind for s in _split_text(text)] == ["about"]


def test_block_that_is_mostly_pay_is_compensation() -> None:
    text = "The base salary range for this role is $150,000 - $180,000.\nOffers depend on location."
    assert classify_text(text) == "compensation"


def test_benefit_words_make_a_benefits_block() -> None:
    text = (
        "Health and Wellbeing - employee assistance program and a gym.\n"
        "Learning & Development - tuition reimbursement for study.\nWork/life balance - summer Fridays."
    )
    assert classify_text(text) == "benefits"


@pytest.mark.parametrize(
    "line",
    [
        "To apply, send your CV to jobs@acme.example.",
        "Apply by email to jobs@acme.example with your portfolio.",
        "Interested candidates should email their resume to hr@acme.example.",
        "Please apply for immediate consideration.",
    ],
)
def test_closing_line_on_applying_is_application(line: str) -> None:
    sections = _split(f"<h3>Requirements</h3><p>Courage.</p><p>{line}</p>")
    assert _pairs(sections) == [("Requirements", "requirements"), (None, "application")]


def test_apply_button_is_not_an_application_section() -> None:
    sections = _split('<h3>Requirements</h3><p>Courage.</p><p><a href="/apply">Apply now for this position</a></p>')
    assert [s.kind for s in sections] == ["requirements"]


def test_text_description_in_french_splits_and_classifies() -> None:
    text = (
        "Nous recherchons un développeur backend.\n\nVos missions :\n- Concevoir des API\n\n"
        "Profil recherché :\n- 3 ans d'expérience en Python\n\nAvantages :\n- Tickets restaurant\n\n"
        "Pour postuler, envoyez votre CV à jobs@acme.example"
    )
    assert _pairs(_split_text(text)) == [
        (None, "about"),
        ("Vos missions :", "responsibilities"),
        ("Profil recherché :", "requirements"),
        ("Avantages :", "benefits"),
        (None, "application"),
    ]


def test_subheading_under_about_does_not_reach_past_it() -> None:
    body = (
        "<h2>Responsibilities</h2><p>Launch.</p><p><b>Who We Are</b></p><p>Acme makes rockets.</p>"
        "<p>DRUG FREE WORKPLACE<br>Acme is committed to a drug free workplace.</p>"
    )
    assert _pairs(_split(body)) == [
        ("Responsibilities", "responsibilities"),
        ("Who We Are", "about"),
        ("DRUG FREE WORKPLACE", "other"),
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Essential Duties and Responsibilities:", "responsibilities"),
        ("Basic functions", "responsibilities"),
        ("Essential skills", "requirements"),
        ("EOE M/F/D/V", "equal_opportunity"),
        ("What's on offer", "benefits"),
    ],
)
def test_classify_heading_adjectives_and_short_forms(heading: str, kind: str) -> None:
    assert classify_heading(heading) == kind


def test_unknown_label_in_capitals_does_not_continue_the_previous_kind() -> None:
    sections = _split_text("SKILLS:\n* Java\nTHE EXTRAS:\n* Bonus")
    assert _pairs(sections)[0] == ("SKILLS:", "requirements")
    assert sections[1].heading == "THE EXTRAS:" and sections[1].kind != "requirements"


@pytest.mark.parametrize(
    ("heading", "kind"),
    [("Who You'll Work With", "about"), ("Our Mission", "about"), ("Missions", "responsibilities")],
)
def test_loose_phrases_still_compete_by_position(heading: str, kind: str) -> None:
    assert classify_heading(heading) == kind


def test_requirement_about_candidates_is_not_an_application_line() -> None:
    sections = _split("<h3>Requirements</h3><p>Courage.</p><p>Qualified candidates will have 5 years of Go experience.</p>")
    assert _pairs(sections) == [("Requirements", "requirements")]
