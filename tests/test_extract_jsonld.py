"""schema.org JobPosting in JSON-LD: object, array, @graph, @type list, escaped HTML, broken JSON."""

import json

import pytest
from scrapy.http import HtmlResponse

from jobcrawl.items import StatedSalary
from jobcrawl.extract import extract_page
from jobcrawl.extract.jsonld import fields as jsonld_fields
from jobcrawl.extract.jsonld import salary_fields

POSTING = {
    "@context": "https://schema.org",
    "@type": "JobPosting",
    "title": "Site Reliability Engineer",
    "description": "<p>Keep things up.</p><h3>Requirements</h3><ul><li>Linux</li><li>Go</li></ul>",
    "identifier": {"@type": "PropertyValue", "name": "Acme", "value": "SRE-42"},
    "datePosted": "2024-03-01",
    "validThrough": "2024-04-01T00:00",
    "employmentType": ["FULL_TIME", "CONTRACTOR"],
    "hiringOrganization": {"@type": "Organization", "name": "Acme"},
    "jobLocation": [
        {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Berlin",
                                       "addressCountry": "DE", "postalCode": "10115"}},
        {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Paris",
                                       "addressRegion": "IDF", "addressCountry": "FR"}},
    ],
    "baseSalary": {"@type": "MonetaryAmount", "currency": "EUR",
                   "value": {"@type": "QuantitativeValue", "minValue": 70000, "maxValue": 90000, "unitText": "YEAR"}},
}


def page(scripts: list[str], body: str = "", url: str = "https://careers.acme.example/jobs/1234") -> HtmlResponse:
    head = "".join(f'<script type="application/ld+json">{s}</script>' for s in scripts)
    html = f"<html><head><title>Jobs</title>{head}</head><body>{body}</body></html>"
    return HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8")


def check(posting):
    assert posting.extractor == "jsonld"
    assert posting.title == "Site Reliability Engineer"
    assert posting.company == "Acme"
    assert posting.external_id == "SRE-42"
    assert posting.locations_raw == ["Berlin, DE", "Paris, IDF"] or posting.locations_raw == ["Berlin", "Paris, IDF"]
    assert posting.location_raw == " | ".join(posting.locations_raw)
    assert posting.locations_structured[0] == {"locality": "Berlin", "country": "DE", "postal_code": "10115"}
    assert posting.employment_type_raw == "FULL_TIME, CONTRACTOR"
    assert posting.date_posted_raw == "2024-03-01"
    assert posting.valid_through_raw == "2024-04-01T00:00"
    assert posting.salary_structured == StatedSalary(70000, 90000, "EUR", "YEAR")
    assert posting.salary_raw is None  # a MonetaryAmount is numbers, not text the page showed
    assert "Linux" in posting.description_text
    assert posting.source == "acme.example"  # the registrable domain (jobcrawl.sources)


def test_object():
    [posting] = extract_page(page([json.dumps(POSTING)])).postings
    check(posting)


def test_array_and_type_list():
    obj = dict(POSTING, **{"@type": ["JobPosting", "Thing"]})
    result = extract_page(page([json.dumps([{"@type": "WebSite", "name": "x"}, obj])]))
    [posting] = result.postings
    check(posting)


def test_graph():
    data = {"@context": "https://schema.org", "@graph": [{"@type": "Organization", "name": "Acme"}, POSTING]}
    [posting] = extract_page(page([json.dumps(data)])).postings
    check(posting)


def test_html_escaped_description():
    obj = dict(POSTING, description="&lt;p&gt;Escaped &amp;amp; fine&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Go&lt;/li&gt;&lt;/ul&gt;")
    [posting] = extract_page(page([json.dumps(obj)])).postings
    assert posting.description_html.startswith("<p>Escaped")
    assert "Go" in posting.description_text
    assert "&lt;" not in posting.description_text


def test_broken_but_recoverable_json():
    broken = """<!-- ld -->{
      "@context": "https://schema.org", "@type": "JobPosting",
      "title": "Data Entry Clerk",
      "description": "<p>Line one
        line two\tend</p>",
      "hiringOrganization": {"@type": "Organization", "name": "MagsRUs",},
      "jobLocation": {"@type": "Place", "address": {"addressLocality": "Detroit", "addressRegion": "MI"}},
    }<!-- /ld -->"""
    result = extract_page(page([broken]))
    assert result.problems == []
    [posting] = result.postings
    assert (posting.title, posting.company, posting.location_raw) == ("Data Entry Clerk", "MagsRUs", "Detroit, MI")
    assert "line two" in posting.description_text


def test_unrecoverable_json_reports_problem_and_reads_dom():
    body = """<main><h1>Warehouse Associate</h1><div class="job-description">
    <p>We are looking for a warehouse associate to join our team. You will pick, pack and ship orders.</p>
    <h3>Requirements</h3><ul><li>Able to lift 50 lbs and work on your feet for a full shift</li>
    <li>Experience with handheld scanners is a plus</li></ul></div></main>"""
    result = extract_page(page(['{"@type": "JobPosting", "title": "x" ]]]'], body=body))
    assert [p.reason for p in result.problems] == ["broken-jsonld"]
    assert result.problems[0].detail
    [posting] = result.postings
    assert posting.title == "Warehouse Associate"
    assert posting.extractor == "generic"


def test_jsonld_missing_fields_filled_from_dom():
    obj = {k: v for k, v in POSTING.items() if k not in ("hiringOrganization",)}
    body = '<h1>Site Reliability Engineer</h1>'
    html = page([json.dumps(obj)], body=body, url="https://careers.acme.example/jobs/1234")
    html = html.replace(body=html.body.replace(b"<title>Jobs</title>",
                                               b'<title>Jobs</title><meta property="og:site_name" content="Acme">'))
    [posting] = extract_page(html).postings
    assert posting.company == "Acme"
    assert posting.title == "Site Reliability Engineer"


def test_several_postings_on_one_page():
    other = dict(POSTING, title="Second Job")
    result = extract_page(page([json.dumps({"@graph": [POSTING, other]})]))
    assert [p.title for p in result.postings] == ["Site Reliability Engineer", "Second Job"]


def test_posting_part_properties_classify_a_description_without_headings():
    # Workable-style: the description is the parts run together with no headings; the posting also carries
    # responsibilities / qualifications / jobBenefits, which say which part is which
    resp = "<p>Design the dream role you want to do at Initech.</p>"
    quals = "<ul><li>You love open source tooling.</li><li>You have shipped something people use.</li></ul>"
    perks = "<ul><li>Unlimited time off and remote-first flexibility.</li><li>Equity for everyone.</li></ul>"
    obj = {"@context": "https://schema.org/", "@type": "JobPosting", "title": "Wild Card",
           "description": resp + quals + perks, "responsibilities": resp, "qualifications": quals,
           "jobBenefits": perks, "hiringOrganization": {"@type": "Organization", "name": "Initech"},
           "jobLocationType": "TELECOMMUTE", "applicantLocationRequirements": [{"@type": "Country", "name": "Spain"}]}
    posting = extract_page(page([json.dumps(obj)])).postings[0]
    kinds = {s.kind: s.text for s in posting.sections}
    assert "open source tooling" in kinds["requirements"]
    assert "Unlimited time off" in kinds["benefits"]
    assert "dream role" in kinds["responsibilities"]
    assert [s.position for s in posting.sections] == list(range(len(posting.sections)))
    assert posting.location_raw == "Spain"


def test_posting_part_properties_do_not_override_description_headings():
    desc = ("<h3>What you'll do</h3><ul><li>Build pipelines</li></ul>"
            "<h3>Requirements</h3><ul><li>Python experience</li></ul>")
    obj = {"@type": "JobPosting", "title": "Data Engineer", "description": desc,
           "qualifications": "A completely different qualifications text", "skills": ["SQL", "Spark"],
           "hiringOrganization": {"name": "Initech"}}
    posting = extract_page(page([json.dumps(obj)])).postings[0]
    reqs = [s for s in posting.sections if s.kind == "requirements"]
    assert len(reqs) == 1 and "Python experience" in reqs[0].text


@pytest.mark.parametrize(
    "base, currency, stated",
    [
        # MonetaryAmount with a QuantitativeValue: an exact value, a range (numbers as text too)
        ({"@type": "MonetaryAmount", "currency": "USD",
          "value": {"@type": "QuantitativeValue", "value": 40.00, "unitText": "HOUR"}}, None,
         StatedSalary(40, 40, "USD", "HOUR")),
        ({"@type": "MonetaryAmount", "currency": "USD",
          "value": {"@type": "QuantitativeValue", "minValue": "100000", "maxValue": 120000, "unitText": "YEAR"}},
         None, StatedSalary(100000, 120000, "USD", "YEAR")),
        ({"currency": "EUR", "value": 55000}, None, StatedSalary(55000, 55000, "EUR", None)),
        ({"currency": "EUR", "value": "55000", "unitText": "YEAR"}, None, StatedSalary(55000, 55000, "EUR", "YEAR")),
        # schema.org allows a bare amount; salaryCurrency beside it
        ("100000", "USD", StatedSalary(100000, 100000, "USD", None)),
        # no amount at all: nothing stated
        ({"currency": "USD", "value": {"minValue": 0, "maxValue": 0, "unitText": "YEAR"}}, None, None),
        ({"value": {"value": "n/a"}}, None, None),
    ],
)
def test_base_salary_shapes_become_numbers_in_extract(base, currency, stated):
    assert salary_fields(base, currency).get("salary_structured") == stated


def test_base_salary_keeps_only_text_the_source_wrote():
    assert "salary_raw" not in salary_fields({"currency": "USD", "value": {"minValue": 1, "maxValue": 2}})
    text = salary_fields("50,000 - 60,000", "EUR")  # a text amount: kept as written, its currency stated
    assert text == {"salary_raw": "50,000 - 60,000", "salary_structured": StatedSalary(currency="EUR")}


@pytest.mark.parametrize(
    "place, structured",
    [
        ({"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Toronto",
                                         "addressRegion": "Ontario", "addressCountry": "Canada"}},
         {"locality": "Toronto", "region": "Ontario", "country": "Canada"}),
        ({"@type": "Place", "address": {"addressLocality": "Austin", "addressRegion": "TX",
                                         "addressCountry": {"@type": "Country", "name": "US"}, "postalCode": "78701"}},
         {"locality": "Austin", "region": "TX", "country": "US", "postal_code": "78701"}),
        ({"@type": "PostalAddress", "addressCountry": "pl"}, {"country": "pl"}),
    ],
)
def test_postal_address_becomes_the_stated_address_in_extract(place, structured):
    assert jsonld_fields({"title": "x", "jobLocation": place})["locations_structured"] == [structured]


def test_a_stated_salary_takes_no_pay_fragment_from_the_page_header():
    ld = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Civil Engineer", "description": "x",
          "hiringOrganization": {"@type": "Organization", "name": "Acme"},
          "baseSalary": {"@type": "MonetaryAmount", "currency": "USD",
                         "value": {"@type": "QuantitativeValue", "minValue": 98000, "maxValue": 124000,
                                   "unitText": "YEAR"}}}
    body = (f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
            '<h1>Civil Engineer</h1><ul><li>Sacramento, CA</li><li>$98,000 – $124,000 per year</li></ul>'
            '<p>We design roads and bridges for cities across the state, and we are hiring.</p></body></html>')
    response = HtmlResponse(url="https://jobs.example.com/j/1", body=body.encode(), encoding="utf-8")
    [posting] = extract_page(response).postings
    assert posting.salary_structured == StatedSalary(98000, 124000, "USD", "YEAR")
    assert posting.salary_raw is None and posting.field_sources["salary"] == "jsonld.baseSalary"
