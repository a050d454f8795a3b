"""normalize_posting: all normalized columns for one item; never raises."""

import json
import random
from datetime import date

import pytest
from conftest import shared_file

from jobcrawl.items import NORMALIZED_FIELDS, JobPosting, NormalizedPosting, StatedSalary
from jobcrawl.normalize import date_order_for_url, normalize_posting

FETCHED_AT = "2026-01-20T12:00:00+00:00"


def test_indeed_like_posting():
    item = JobPosting(
        url="https://www.indeed.com/viewjob?jk=abc",
        extractor="indeed",
        title="Engineering Manager\u00a0(Remote,  US)",
        company="Canonical - Jobs",
        location_raw="Austin, TX | Remote",
        date_posted_raw="EmployerActive 3 days ago",
        salary_raw="$130,000 - $160,000 a year",
        employment_type_raw="Full-time",
        description_html='<p>We build <b>Ubuntu</b>.</p><script>steal()</script><a href="/apply">Apply</a>',
        fetched_at=FETCHED_AT,
    )
    n = normalize_posting(item)
    assert isinstance(n, NormalizedPosting)
    assert n.title == "Engineering Manager (Remote, US)"
    assert (n.company, n.company_key) == ("Canonical", "canonical")
    assert (n.city, n.region, n.country) == ("Austin", "TX", "US")
    assert n.locations == [
        {"raw": "Austin, TX", "city": "Austin", "region": "TX", "country": "US"},
        {"raw": "Remote", "city": None, "region": None, "country": None},
    ]
    assert n.remote == "remote"
    assert n.date_posted == date(2026, 1, 17)
    assert (n.salary_min, n.salary_max, n.salary_currency, n.salary_period) == (130000, 160000, "USD", "YEAR")
    assert n.employment_type == "FULL_TIME"
    assert n.description_html == (
        '<p>We build <b>Ubuntu</b>.</p><a href="https://www.indeed.com/apply" rel="nofollow noopener">Apply</a>'
    )
    assert n.description_text == "We build Ubuntu.\nApply"
    assert n.description_markdown == "We build **Ubuntu**.\n\n[Apply](https://www.indeed.com/apply)"
    assert len(n.content_hash) == 64


def test_jsonld_like_posting():
    item = JobPosting(
        url="https://careers.example.co.uk/jobs/1",
        extractor="jsonld",
        title="Data Engineer",
        company="Example Ltd",
        locations_structured=[{"locality": "London", "region": None, "country": "GB", "postal_code": "EC1A 1BB"},
                              {"locality": "Manchester", "country": "United Kingdom"}],
        locations_raw=["London", "Manchester"],
        remote_raw="TELECOMMUTE",
        date_posted_raw="2026-01-10T08:00:00Z",
        valid_through_raw="2026-03-01",
        salary_structured=StatedSalary(50000, 60000, "GBP", "YEAR"),
        employment_type_raw='["FULL_TIME", "CONTRACTOR"]',
        description_text="Build   pipelines.\n\n\nWith Python.",
        fetched_at=FETCHED_AT,
    )
    n = normalize_posting(item)
    assert (n.city, n.region, n.country) == ("London", None, "GB")
    assert [loc["city"] for loc in n.locations] == ["London", "Manchester"]
    assert n.location_raw == "London | Manchester"
    assert n.remote == "remote"
    assert (n.date_posted, n.valid_through) == (date(2026, 1, 10), date(2026, 3, 1))
    assert (n.salary_min, n.salary_max, n.salary_currency, n.salary_period) == (50000, 60000, "GBP", "YEAR")
    assert n.employment_type == "CONTRACTOR"
    assert n.description_text == "Build pipelines.\nWith Python."
    assert n.description_html is None and n.description_markdown is None
    assert (n.company, n.company_key) == ("Example Ltd", "example")


@pytest.mark.parametrize(
    "fields, expected",
    [
        # fewer structured addresses than shown locations: the extra shown ones are parsed from text
        ({"locations_raw": ["New York", "San Francisco"],
          "locations_structured": [{"locality": "New York", "region": "New York", "country": "United States"}]},
         [("New York", "New York", "NY", "US"), ("San Francisco", "San Francisco", None, "US")]),
        # one shown string holding two locations
        ({"locations_raw": ["San Francisco, CA or Remote (US)"]},
         [("San Francisco, CA", "San Francisco", "CA", "US"), ("Remote (US)", None, None, "US")]),
        # JSON-LD applicantLocationRequirements shown as codes
        ({"locations_raw": ["US", "CA"]}, [("US", None, None, "US"), ("CA", None, None, "CA")]),
        # only location_raw
        ({"location_raw": "Austin, TX | Remote"}, [("Austin, TX", "Austin", "TX", "US"), ("Remote", None, None, None)]),
        ({}, []),
    ],
)
def test_locations(fields, expected):
    n = normalize_posting(JobPosting(url="https://jobs.example.com/1", extractor="x", **fields))
    assert [(loc["raw"], loc["city"], loc["region"], loc["country"]) for loc in n.locations] == expected


def test_content_hash_falls_back_to_title_and_company():
    a = normalize_posting(JobPosting(url="https://a.example/1", extractor="generic", title="Nurse", company="Acme"))
    b = normalize_posting(JobPosting(url="https://b.example/2", extractor="generic", title="NURSE", company="acme"))
    assert a.content_hash and a.content_hash == b.content_hash


def test_title_arrangement_only_when_delimited():
    remote = normalize_posting(JobPosting(url="u", extractor="x", title="Senior Platform Engineer | Remote | Australia"))
    sensing = normalize_posting(JobPosting(url="u", extractor="x", title="Remote Sensing Scientist"))
    assert remote.remote == "remote" and sensing.remote is None


def test_domain_currency_and_date_order():
    item = JobPosting(url="https://au.indeed.com/viewjob?jk=1", extractor="indeed", salary_raw="$90,000 - $110,000 a year",
                      date_posted_raw="05/01/2026", fetched_at=FETCHED_AT)
    n = normalize_posting(item)
    assert n.salary_currency == "AUD"
    assert n.date_posted == date(2026, 1, 5)  # DMY on an Australian site
    assert date_order_for_url("https://www.indeed.com/") == "MDY"
    assert date_order_for_url("https://uk.indeed.com/") == "DMY"
    assert date_order_for_url("https://jp.indeed.com/") == "YMD"


def test_ashby_api_postings():
    path = shared_file("realpages/api/ashby-posting-api-Nango.json")
    jobs = json.loads(path.read_text(encoding="utf-8"))["jobs"]
    for job in jobs:
        comp = job["compensation"]
        salary = next(c for c in comp["summaryComponents"] if c["compensationType"] == "Salary")
        address = job.get("address", {}).get("postalAddress", {})
        item = JobPosting(
            url=job["jobUrl"],
            extractor="ashby",
            title=job["title"],
            company="Nango",
            location_raw=job["location"],
            locations_structured=[{"locality": address.get("addressLocality"), "region": address.get("addressRegion"),
                                   "country": address.get("addressCountry")}],
            remote_raw="Remote" if job["isRemote"] else None,
            date_posted_raw=job["publishedAt"],
            salary_raw=comp["scrapeableCompensationSalarySummary"],
            salary_structured=StatedSalary(salary["minValue"], salary["maxValue"], salary["currencyCode"],
                                           salary["interval"]),
            employment_type_raw=job["employmentType"],
            description_html=job.get("descriptionHtml"),
            description_text=job.get("descriptionPlain"),
            fetched_at=FETCHED_AT,
        )
        n = normalize_posting(item)
        expected_country = {"UK": "GB", "Brazil": "BR", "Canada": "CA", "USA": "US", "Switzerland": "CH",
                            "Europe": None}[job["location"]]
        assert n.country == expected_country, job["location"]
        assert n.remote == "remote"
        assert n.employment_type == "FULL_TIME"
        assert (n.salary_min, n.salary_max, n.salary_currency, n.salary_period) == (
            salary["minValue"], salary["maxValue"], "USD", "YEAR")
        assert n.date_posted == date.fromisoformat(job["publishedAt"][:10])
        assert n.description_html and "<script" not in n.description_html.lower()
        assert n.description_markdown and n.content_hash


_JUNK = [None, "", " ", "\u200b", 0, -1, 1e308, True, [], {}, [None], {"a": None}, "<script>", "&lt;", "\x00",
         "$", "%", "30+", "Remote", "TX", "2026-99-99", "9" * 40, ["FULL_TIME", 5], {"value": {"minValue": "x"}},
         {"address": "not a dict"}, object()]


def test_never_raises_on_junk():
    rng = random.Random(1234)
    fields = [f for f in JobPosting.__dataclass_fields__ if f not in ("url", "extractor", "normalized")]
    for _ in range(400):
        kwargs = {f: rng.choice(_JUNK) for f in fields}
        item = JobPosting(url=rng.choice(["", "not a url", "https://au.indeed.com/x", None]), extractor="x", **kwargs)
        n = normalize_posting(item)
        assert isinstance(n, NormalizedPosting)
    assert isinstance(normalize_posting(None), NormalizedPosting)
    assert isinstance(normalize_posting({"title": 5}), NormalizedPosting)


def test_salary_source_column_is_structured_or_text():
    assert "salary_source" in NORMALIZED_FIELDS
    structured = normalize_posting({"url": "https://example.com/j/1", "salary_raw": "USD 5-6",
                                    "salary_structured": StatedSalary(5, 6, "USD")})
    text = normalize_posting({"url": "https://example.com/j/1",
                              "salary_raw": "The base salary range for this position is $136,000-$203,000."})
    none = normalize_posting({"url": "https://example.com/j/1", "salary_raw": None})
    assert (structured.salary_source, text.salary_source, none.salary_source) == ("structured", "text", None)
    assert (text.salary_min, text.salary_max) == (136000, 203000)
