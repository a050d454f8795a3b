"""Pay read from a posting's text (jobcrawl.extract.pay), one rule per test, on small inline snippets."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from jobcrawl.items import StatedSalary
from jobcrawl.extract import extract_page
from jobcrawl.extract.pay import is_pay_label, pay_from_text, settle_salary
from jobcrawl.items import Section
from jobcrawl.normalize import normalize_posting


def _sec(text: str, kind: str = "other", heading: str | None = None) -> Section:
    return Section(position=0, heading=heading, kind=kind, text=text, html="")


# rule 1: a pay word before the amount in its sentence (pay-transparency lines) -------------------------------


def test_pay_transparency_sentence_is_read_whole() -> None:
    text = ("We value diversity. The US base salary range for this full-time position is $136,000-$203,000 + bonus "
            "+ equity + benefits. Our salary ranges are determined by role.")
    assert pay_from_text([_sec(text)]) == (
        "The US base salary range for this full-time position is $136,000-$203,000 + bonus + equity + benefits.",
        "text.line",
    )


def test_range_written_apart_in_one_sentence() -> None:
    text = ("The base pay for this position ranges from $115,000/year in our lowest geographic market up to "
            "$223,600/year in our highest geographic market.")
    raw, _ = pay_from_text([_sec(text, "equal_opportunity")])
    assert raw == text


def test_ote_after_the_amount() -> None:
    assert pay_from_text([_sec("Expect $250,000 OTE in year one.")]) == ("Expect $250,000 OTE in year one.", "text.line")


# rule 2: a value line under a pay label, heading or in a compensation section --------------------------------


def test_value_under_a_pay_heading() -> None:
    # DoorDash: the heading "California Pay Range:" and the value "$185,500—$250,500 USD" (an em dash)
    sections = [_sec("In addition to base salary, the package includes equity.", "compensation", "Compensation"),
                _sec("$185,500—$250,500 USD", "compensation", "California Pay Range:")]
    assert pay_from_text(sections) == ("California Pay Range:\n$185,500—$250,500 USD", "text.compensation")


def test_value_under_a_label_line_skips_a_stipend_before_it() -> None:
    text = "Annual learning & development stipend ($1,500 per year)\nAnnual Salary Range\n$250,000—$250,000 USD"
    assert pay_from_text([_sec(text, "benefits")]) == ("Annual Salary Range\n$250,000—$250,000 USD",
                                                      "text.compensation")


def test_ranges_by_location_keep_the_table_and_the_first_range_is_read() -> None:
    text = ("Role Location Annual Salary Range\nCalifornia $54,500 to $145,100\nColorado $54,500 to $125,400\n"
            "New York $50,500 to $145,100\nWe offer benefits.")
    raw, source = pay_from_text([_sec(text, "compensation")])
    assert raw == ("Role Location Annual Salary Range\nCalifornia $54,500 to $145,100\nColorado $54,500 to $125,400\n"
                   "New York $50,500 to $145,100")
    assert source == "text.compensation"
    normalized = normalize_posting({"url": "https://example.com/j/1", "salary_raw": raw})
    assert (normalized.salary_min, normalized.salary_max, normalized.salary_period) == (54500, 145100, "YEAR")


def test_labelled_line_salary_band() -> None:
    assert pay_from_text([_sec("Salary Band: $145,000-$155,000")]) == ("Salary Band: $145,000-$155,000", "text.line")


def test_value_line_in_a_compensation_section_without_label() -> None:
    assert pay_from_text([_sec("$130K - $150K • 0.50% - 1.00%", "compensation")]) == (
        "$130K - $150K • 0.50% - 1.00%", "text.compensation")


def test_value_line_with_words_after_it_under_a_label() -> None:
    sections = [_sec("$160K to $200K + bonus (depending on skills and experience).", "compensation", "Compensation:")]
    assert pay_from_text(sections)[0] == "Compensation:\n$160K to $200K + bonus (depending on skills and experience)."


# rule 3: a short line with an amount and a period -------------------------------------------------------------


def test_short_line_with_a_period() -> None:
    assert pay_from_text([_sec("Job Type: Full-time\nFrom $22.38 per hour\nExpected hours: 36")]) == (
        "From $22.38 per hour", "text.line")


def test_other_currencies_and_plain_text_descriptions() -> None:
    assert pay_from_text([], "Role\nGehalt: €60.000 - €75.000 pro Jahr\nApply now")[0] == \
        "Gehalt: €60.000 - €75.000 pro Jahr"
    assert pay_from_text([_sec("Salary: £30,000 - £35,000 per annum")])[0] == "Salary: £30,000 - £35,000 per annum"
    assert pay_from_text([_sec("Pay range: CA$90,000 - CA$110,000")])[0] == "Pay range: CA$90,000 - CA$110,000"
    assert pay_from_text([_sec("CTC: ₹5-8 LPA")])[0] == "CTC: ₹5-8 LPA"


# never pay ------------------------------------------------------------------------------------------------------


def test_never_a_funding_round_revenue_headcount_stipend_401k_or_bonus_percentage() -> None:
    text = ("We've passed $1M ARR with just 6 people.\nRecently raised a $40M Series C led by Ventures.\n"
            "We are 250 people in 12 offices.\n401(k) with 4% match\n10% annual bonus\n$700/year work setup stipend\n"
            "Personal learning and development budget of 2,000USD per annum")
    assert pay_from_text([_sec(text, "compensation")]) is None


def test_a_heading_about_salary_is_not_pay() -> None:
    assert is_pay_label("Annual Salary Range") and not is_pay_label("Salary: $100,000")
    assert pay_from_text([_sec("Company and salary information", "compensation", "Salary")]) is None
    fields = {"salary_raw": "Company and salary information"}
    settle_salary(fields, "indeed")
    assert "salary_raw" not in fields


def test_an_amount_without_pay_words_or_label_is_not_pay() -> None:
    assert pay_from_text([_sec("We donated $25,000 to local schools last year and plan to give more.")]) is None
    assert pay_from_text([_sec("Our customers saved $2,000,000 with our product in a single quarter.")]) is None


# settling: structured and header pay first, then the text -----------------------------------------------------


def test_structured_and_header_pay_win_over_the_text() -> None:
    text_sections = [_sec("The salary range is $1 - $2.", "compensation")]
    fields = {"salary_structured": StatedSalary(5, 6), "salary_raw": "USD 5-6", "sections": text_sections}
    settle_salary(fields, "jsonld")
    assert (fields["salary_raw"], fields["field_sources"]) == ("USD 5-6", {"salary": "jsonld.baseSalary"})
    fields = {"salary_raw": "$58,000 - $64,000 a year", "sections": text_sections}
    settle_salary(fields, "indeed-json")
    assert fields["field_sources"] == {"salary": "indeed.header"}
    fields = {"sections": text_sections}
    settle_salary(fields, "generic")
    assert (fields["salary_raw"], fields["field_sources"]) == ("The salary range is $1 - $2.",
                                                               {"salary": "text.compensation"})


def test_extract_page_reads_pay_from_a_compensation_section() -> None:
    body = ("<html><head><title>Electrical Engineer - Acme</title></head><body><main><h1>Electrical Engineer</h1>"
            "<h2>About the role</h2><p>You will design power systems for our robots and own the test plans.</p>"
            "<h2>Requirements</h2><ul><li>5+ years of board design experience.</li></ul>"
            "<h3>Compensation</h3><p>The location-specific base salary range for this position is listed below.</p>"
            "<h4>California Pay Range:</h4><p>$185,500 — $250,500 USD</p></main></body></html>")
    response = HtmlResponse(url="https://careers.example.com/jobs/123", body=body.encode(), encoding="utf-8")
    posting = extract_page(response).postings[0]
    assert posting.salary_raw == "California Pay Range: $185,500 — $250,500 USD"
    assert posting.field_sources["salary"] == "text.compensation"
    normalized = normalize_posting(posting)
    assert (normalized.salary_min, normalized.salary_max, normalized.salary_currency) == (185500, 250500, "USD")


# pay in side boxes and labelled lines outside the description (jobcrawl.extract.generic.label_salary) ---------


def _sel(body: str):
    from parsel import Selector

    return Selector(text=f"<html><body>{body}</body></html>")


def test_side_box_label_and_value() -> None:
    from jobcrawl.extract.generic import label_salary

    assert label_salary(_sel("<aside><dl><dt>Salary Band:</dt><dd>$145,000-$155,000</dd></dl></aside>")) \
        == "Salary Band: $145,000-$155,000"
    assert label_salary(_sel("<div><span>Salary Band: $145,000-$155,000</span></div>")) \
        == "Salary Band: $145,000-$155,000"
    assert label_salary(_sel("<div><b>Pay range</b><p>$30 - $35 per hour</p></div>")) == "Pay range $30 - $35 per hour"
    assert label_salary(_sel("<p><b>Base salary:</b> $120,000 - $140,000</p>")) == "Base salary: $120,000 - $140,000"
    assert label_salary(_sel("<div><b>OTE</b><p>€90k</p></div>")) == "OTE €90k"


def test_side_box_negatives() -> None:
    from jobcrawl.extract.generic import label_salary

    assert label_salary(_sel("<h3>Company and salary information</h3><p>$5M raised</p>")) is None
    assert label_salary(_sel("<h3>Compensation</h3><p>We raised $50M last year</p>")) is None
    assert label_salary(_sel("<footer><span>Salary:</span> $1,000</footer>")) is None  # page chrome
    assert label_salary(_sel("<div class='modal'><span>Salary:</span> $1,000</div>")) is None


def test_a_label_inside_the_description_is_left_to_the_sections() -> None:
    from jobcrawl.extract.generic import label_salary

    sel = _sel("<main id='d'><h3>Compensation:</h3><p>$160K to $200K</p></main>")
    assert label_salary(sel, sel.css("#d")[0]) is None
    assert label_salary(sel) == "Compensation: $160K to $200K"


def test_generic_page_reads_a_side_box() -> None:
    body = ("<html><head><title>Data Analyst - Initech</title></head><body><main><h1>Data Analyst</h1>"
            "<div class='job-description'><p>You will build dashboards for the sales team and own our metrics "
            "pipeline. We are looking for someone with experience in SQL and Python who enjoys clear writing.</p>"
            "<h2>Requirements</h2><ul><li>3 years of SQL</li></ul></div>"
            "<aside class='job-facts'><dl><dt>Location</dt><dd>Austin, TX</dd><dt>Salary range</dt>"
            "<dd>$80,000 - $95,000 a year</dd></dl></aside></main></body></html>")
    posting = extract_page(HtmlResponse(url="https://jobs.initech.example/jobs/7", body=body.encode(),
                                        encoding="utf-8")).postings[0]
    # near the title the header reader takes the labelled value; further down, label_salary would
    assert posting.salary_raw == "$80,000 - $95,000 a year"
    assert posting.field_sources["salary"] == "dom.header"
    assert normalize_posting(posting).salary_min == 80000


def test_generic_page_reads_a_side_box_far_from_the_title() -> None:
    items = "".join(f"<li>Task number {i} of the role, done well.</li>" for i in range(40))
    body = ("<html><head><title>Data Analyst - Initech</title></head><body><main><h1>Data Analyst</h1>"
            "<div class='job-description'><p>You will build dashboards for the sales team and own our metrics "
            f"pipeline. We are looking for someone with experience.</p><h2>What you will do</h2><ul>{items}</ul></div>"
            "<aside class='job-facts'><dl><dt>Salary range</dt><dd>$80,000 - $95,000 a year</dd></dl></aside>"
            "</main></body></html>")
    posting = extract_page(HtmlResponse(url="https://jobs.initech.example/jobs/7", body=body.encode(),
                                        encoding="utf-8")).postings[0]
    assert posting.salary_raw == "Salary range $80,000 - $95,000 a year"
    assert posting.field_sources["salary"] == "dom.salary-label"


def test_header_pay_labels() -> None:
    from jobcrawl.extract.generic import header_facts

    assert header_facts(["Data Analyst", "Salary Band:", "$145,000-$155,000"])["salary_raw"] == "$145,000-$155,000"
    assert header_facts(["Data Analyst", "Hourly rate", "$30 per hour"])["salary_raw"] == "$30 per hour"
    assert header_facts(["Data Analyst", "Base pay", "$90K - $110K"])["salary_raw"] == "$90K - $110K"
    fields = header_facts(["Data Analyst", "Pay band", "Competitive"])
    settle_salary(fields, "generic")  # a label without an amount stores nothing
    assert "salary_raw" not in fields


def test_value_lines_after_an_introducing_sentence() -> None:
    text = ("The annual base salary range for this position in the locations below is as follows:\n"
            "Zone A: $150,000 - $180,000\nZone B: $135,000 - $162,000")
    raw, source = pay_from_text([_sec(text)])
    assert raw == text and source == "text.compensation"


def test_a_short_line_that_is_a_range_of_money() -> None:
    assert pay_from_text([_sec("💰 $140k – $180k + equity")]) == ("💰 $140k – $180k + equity", "text.line")
    assert pay_from_text([_sec("Raised $10M - $20M from investors")]) is None


def test_pay_words_in_other_languages_and_hiring_range() -> None:
    assert pay_from_text([_sec("Rémunération : 45 000 € à 55 000 € par an")])[0] == \
        "Rémunération : 45 000 € à 55 000 € par an"
    assert pay_from_text([_sec("Hiring range: $120,000 - $140,000")])[0] == "Hiring range: $120,000 - $140,000"


def test_perks_with_pay_words_are_not_pay() -> None:
    assert pay_from_text([_sec("We pay $500 for home office setup")]) is None
    assert pay_from_text([_sec("Our benefits include 401(k) matching up to $5,000 per year")]) is None
    raw, _ = pay_from_text([_sec("Total compensation ranges from $200,000 to $250,000 including bonus.")])
    assert raw == "Total compensation ranges from $200,000 to $250,000 including bonus."


def test_pay_box_with_a_place_before_the_label_and_the_range_split_into_spans() -> None:
    from jobcrawl.extract.generic import label_salary

    box = ("<div class='pay-input'><div class='title'>Los Angeles Pay Range</div><div class='pay-range'>"
           "<span>$190,000</span><span class='divider'>&mdash;</span><span>$230,000 USD</span></div></div>")
    assert label_salary(_sel(box)) == "Los Angeles Pay Range $190,000 — $230,000 USD"
    assert label_salary(_sel("<h3>Company and salary information</h3><p>$100,000 salary</p>")) is None
