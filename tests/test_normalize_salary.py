"""parse_salary / currency_for_url / annualize."""

import json

import pytest
from conftest import shared_file

from jobcrawl.items import StatedSalary
from jobcrawl.normalize.salary import Salary, annualize, currency_for_url, parse_period, parse_salary



@pytest.mark.parametrize(
    "raw, expected",
    [
        ("$130,000 - $160,000 a year", (130000, 160000, "USD", "YEAR")),
        ("From £55,000 a year", (55000, None, "GBP", "YEAR")),
        ("Up to $25 an hour", (None, 25, "USD", "HOUR")),
        ("₹40,000.00 - ₹70,000.00 per month", (40000, 70000, "INR", "MONTH")),
        ("€50k–60k", (50000, 60000, "EUR", None)),  # no period word: not guessed
        ("$22 - $26 an hour", (22, 26, "USD", "HOUR")),
        ("$50K/yr", (50000, 50000, "USD", "YEAR")),
        ("USD 120,000-140,000 annually", (120000, 140000, "USD", "YEAR")),
        ("45.000 € brutto/Jahr", (45000, 45000, "EUR", "YEAR")),  # German thousands separator
        ("Competitive", (None, None, None, None)),
        ("Competitive salary + benefits", (None, None, None, None)),
        ("", (None, None, None, None)),
        (None, (None, None, None, None)),
        # real strings (Ashby API, Bananalyzer pages, Indeed India fragment)
        ("$120K – $200K • 0.5% – 1%", (120000, 200000, "USD", None)),  # equity % ignored
        ("$120K - $200K", (120000, 200000, "USD", None)),
        ("$250,000—$250,000 USD", (250000, 250000, "USD", None)),
        ("$160K to $200K + bonus", (160000, 200000, "USD", None)),
        ("The base pay range for this role is between $183,400 and $316,900", (183400, 316900, "USD", None)),
        ("Salary Range: $4,416 - $8,406 Per Month", (4416, 8406, "USD", "MONTH")),
        ("$56,160.00–$78,000.00", (56160, 78000, "USD", None)),
        ("$93,000 - $160,000/year", (93000, 160000, "USD", "YEAR")),
        ("$135,000 - $186,000", (135000, 186000, "USD", None)),
        ("$320,000-$520,000", (320000, 520000, "USD", None)),
        ("$50,500 to $145,100", (50500, 145100, "USD", None)),
        ("Salary: ₹40,000.00 - ₹70,000.00 per month", (40000, 70000, "INR", "MONTH")),
        # more shapes
        ("$50-60K", (50000, 60000, "USD", None)),
        ("£30,000 - £35,000 per annum", (30000, 35000, "GBP", "YEAR")),
        ("£45k p.a.", (45000, 45000, "GBP", "YEAR")),
        ("CHF 100'000 - 120'000 p.a.", (100000, 120000, "CHF", "YEAR")),
        ("€ 45 000 - 55 000 par an", (45000, 55000, "EUR", "YEAR")),
        ("A$90,000 - A$110,000", (90000, 110000, "AUD", None)),
        ("Starting at $18/hr", (18, None, "USD", "HOUR")),
        ("£25/h", (25, 25, "GBP", "HOUR")),
        ("$200 a day", (200, 200, "USD", "DAY")),
        ("$1,200 per week", (1200, 1200, "USD", "WEEK")),
        ("$5,000/mo", (5000, 5000, "USD", "MONTH")),
        ("₹5,00,000 - ₹8,00,000 a year", (500000, 800000, "INR", "YEAR")),  # Indian grouping
        ("₹5-8 LPA", (500000, 800000, "INR", "YEAR")),
        ("時給1,500円", (1500, 1500, "JPY", "HOUR")),
        ("年収500万円", (5000000, 5000000, "JPY", "YEAR")),
        ("€1.5M", (1500000, 1500000, "EUR", None)),
        # nonsense amounts: dropped, currency/period kept
        ("$0", (None, None, "USD", None)),
        ("$200 - $100 an hour", (None, None, "USD", "HOUR")),
    ],
)
def test_parse_salary_text(raw, expected):
    s = parse_salary(raw)
    assert (s.min, s.max, s.currency, s.period) == expected


@pytest.mark.parametrize(
    "raw, default, currency",
    [
        ("$40 an hour", "AUD", "AUD"),  # au.indeed.com
        ("$40 an hour", "CAD", "CAD"),
        ("$40 an hour", "GBP", "USD"),  # "$" on a pound site is still dollars
        ("$40 an hour", None, "USD"),
        ("40,000 a year", "GBP", "GBP"),  # no symbol at all: the site's currency
        ("40,000 a year", None, None),
        ("£40,000 a year", "AUD", "GBP"),  # explicit symbol wins
        ("Competitive", "USD", None),
    ],
)
def test_default_currency(raw, default, currency):
    assert parse_salary(raw, default_currency=default).currency == currency


@pytest.mark.parametrize(
    "structured, raw, expected",
    [
        # the numbers Extract read from a structured source (jobcrawl.extract.jsonld.stated_salary)
        (StatedSalary(40, 40, "USD", "HOUR"), None, (40, 40, "USD", "HOUR")),
        (StatedSalary(100000, 120000, "USD", "YEAR"), None, (100000, 120000, "USD", "YEAR")),
        (StatedSalary(55000, 55000, "EUR", None), None, (55000, 55000, "EUR", None)),
        (StatedSalary(50, 70, "GBP", "DAY"), None, (50, 70, "GBP", "DAY")),
        (StatedSalary(120000, 200000, "USD", "1 YEAR"), None, (120000, 200000, "USD", "YEAR")),  # Ashby's interval
        (StatedSalary(30, 40, "USD", "per-hour-wage"), None, (30, 40, "USD", "HOUR")),  # Lever's interval
        # structure gives the amounts, text gives the period
        (StatedSalary(20, 25, "USD", None), "$20 - $25 an hour", (20, 25, "USD", "HOUR")),
        # structure without amounts: the text fills them in
        (StatedSalary(currency="CAD"), "$60,000 - $70,000 a year", (60000, 70000, "CAD", "YEAR")),
        # nonsense
        (StatedSalary(0, 0, "USD", "YEAR"), None, (None, None, "USD", "YEAR")),
        (StatedSalary(90, 10, "USD", None), None, (None, None, "USD", None)),
        (StatedSalary(-5, -5, "USD", None), None, (None, None, "USD", None)),
        (StatedSalary(1, 1, "XYZ", None), None, (1, 1, "XYZ", None)),
    ],
)
def test_parse_salary_structured(structured, raw, expected):
    s = parse_salary(raw, structured)
    assert (s.min, s.max, s.currency, s.period) == expected


# Malformed values (wrong types, unreadable amounts) are skipped one by one: the good value beside them is still
# read. parse_salary's catch-all answers Salary() when anything raises, so these fail where asserting "returns a
# Salary" could not.
MALFORMED = [[], {"value": {"minValue": object()}}, {"currency": 5}, b"$5", True, {"value": [1, 2]},
             {"currency": ["USD"]}, {"value": {"unitText": 5}}, object(),
             # a StatedSalary whose fields are not what Extract puts there (a source shape is not read here)
             StatedSalary(min=object()), StatedSalary(min=True, max="25"), StatedSalary(currency=5),  # type: ignore[arg-type]
             StatedSalary(currency=["USD"]), StatedSalary(unit=5)]  # type: ignore[arg-type]


@pytest.mark.parametrize("garbage", MALFORMED)
def test_malformed_structured_salary_leaves_the_text_readable(garbage):
    s = parse_salary("$50,000 - $60,000 a year", garbage)  # type: ignore[arg-type]
    assert (s.min, s.max, s.currency, s.period, s.source) == (50000, 60000, "USD", "YEAR", "text")


@pytest.mark.parametrize("garbage", MALFORMED + [12.5])
def test_malformed_raw_salary_leaves_the_structure_readable(garbage):
    structured = StatedSalary(20, 25, "USD", "HOUR")
    s = parse_salary(garbage, structured)  # type: ignore[arg-type]
    assert (s.min, s.max, s.currency, s.period, s.source) == (20, 25, "USD", "HOUR", "structured")


@pytest.mark.parametrize("garbage", MALFORMED)
def test_malformed_salary_alone_is_unknown(garbage):
    assert parse_salary(garbage, garbage) == Salary()  # type: ignore[arg-type]


def test_an_exact_stated_amount_is_min_and_max():
    # a bare JSON-LD amount ("baseSalary": 12) is read into StatedSalary(12, 12) by Extract (test_extract_jsonld)
    s = parse_salary(None, StatedSalary(12, 12))
    assert (s.min, s.max, s.currency, s.period, s.source) == (12, 12, None, None, "structured")


@pytest.mark.parametrize(
    "url, currency",
    [
        ("https://au.indeed.com/viewjob?jk=1", "AUD"),
        ("https://ca.indeed.com/viewjob?jk=1", "CAD"),
        ("https://uk.indeed.com/viewjob?jk=1", "GBP"),
        ("https://in.indeed.com/viewjob?jk=1", "INR"),
        ("https://nz.indeed.com/", "NZD"),
        ("https://sg.indeed.com/", "SGD"),
        ("https://www.indeed.com/viewjob?jk=1", "USD"),
        ("https://indeed.com/", "USD"),
        ("https://de.indeed.com/", "EUR"),
        ("https://jobs.example.co.uk/1", "GBP"),
        ("https://www.seek.com.au/job/1", "AUD"),
        ("https://www.seek.co.nz/job/1", "NZD"),
        ("https://careers.example.ca/", "CAD"),
        ("https://www.naukri.in/", "INR"),
        ("https://jobs.example.sg/", "SGD"),
        ("https://jobs.lever.co/acme/1", None),  # .co is not Colombia here
        ("https://jobs.ashbyhq.com/Nango", None),
        ("https://boards.greenhouse.io/reddit/jobs/1", None),
        ("https://example.com/", None),
        ("", None),
        (None, None),
        ("not a url", None),
    ],
)
def test_currency_for_url(url, currency):
    assert currency_for_url(url) == currency


@pytest.mark.parametrize(
    "unit, period",
    [("HOUR", "HOUR"), ("hourly", "HOUR"), ("1 YEAR", "YEAR"), ("per-year-salary", "YEAR"), ("MONTH", "MONTH"),
     ("Yearly", "YEAR"), ("WEEK", "WEEK"), ("DAY", "DAY"), ("NONE", None), ("", None), (None, None),
     ("3 days a week in office", "WEEK")],
)
def test_parse_period(unit, period):
    assert parse_period(unit) == period


@pytest.mark.parametrize(
    "lo, hi, period, expected",
    [(20, 25, "HOUR", (41600, 52000)), (200, None, "DAY", (52000, None)), (1000, 1000, "WEEK", (52000, 52000)),
     (5000, 6000, "MONTH", (60000, 72000)), (90000, 100000, "YEAR", (90000, 100000)), (1, 2, None, (None, None))],
)
def test_annualize(lo, hi, period, expected):
    assert annualize(lo, hi, period) == expected


def test_ashby_api_compensation():
    path = shared_file("realpages/api/ashby-posting-api-Nango.json")
    jobs = json.loads(path.read_text(encoding="utf-8"))["jobs"]
    assert jobs
    for job in jobs:
        comp = job["compensation"]
        salary_component = next(c for c in comp["summaryComponents"] if c["compensationType"] == "Salary")
        from_structure = parse_salary(None, StatedSalary(salary_component["minValue"], salary_component["maxValue"],
                                                         salary_component["currencyCode"], salary_component["interval"]))
        from_text = parse_salary(comp["scrapeableCompensationSalarySummary"])
        from_tier = parse_salary(comp["compensationTierSummary"])
        expected = (salary_component["minValue"], salary_component["maxValue"], "USD")
        assert (from_structure.min, from_structure.max, from_structure.currency) == expected
        assert from_structure.period == "YEAR"
        assert (from_text.min, from_text.max, from_text.currency) == expected
        assert (from_tier.min, from_tier.max, from_tier.currency) == expected


@pytest.mark.parametrize(
    "raw, structured, source",
    [
        ("USD 5-6", StatedSalary(5, 6, "USD"), "structured"),  # structured amounts win
        ("$120K - $200K", StatedSalary(currency="USD", unit="YEAR"), "text"),  # structure without amounts: the text
        ("The salary range for this role is $68,000 - $80,000 USD.", None, "text"),
        ("Competitive", None, None),  # no amounts, no source
        ("$0", None, None),  # nonsense amounts dropped, and their source with them
        (None, None, None),
    ],
)
def test_salary_source_says_structured_or_text(raw, structured, source):
    assert parse_salary(raw, structured).source == source


def test_pay_text_never_reads_a_funding_round_or_stipend():
    assert parse_salary("Recently raised $40M Series C").min is None
    assert parse_salary("Annual learning stipend ($1,500 per year)").min is None
    # the pay range after a stipend in the same text is still read
    s = parse_salary("Annual learning stipend ($1,500 per year) Annual Salary Range $250,000—$250,000 USD")
    assert (s.min, s.max, s.source) == (250000, 250000, "text")
