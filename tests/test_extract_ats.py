"""ATS job-board API responses, recognized by JSON shape (not URL)."""

import html
import json

from scrapy.http import TextResponse

from jobcrawl.items import StatedSalary
from jobcrawl.extract import extract_page


def api(data, url: str) -> TextResponse:
    return TextResponse(url=url, body=json.dumps(data).encode(), encoding="utf-8",
                        headers={"Content-Type": "application/json"})


def test_greenhouse():
    content = html.escape("<p>Intro</p><h2>Requirements</h2><ul><li>SQL</li></ul>")
    data = {"jobs": [{
        "id": 4012345, "title": "Data Engineer", "absolute_url": "https://boards.greenhouse.io/acme/jobs/4012345",
        "location": {"name": "Remote - US"}, "updated_at": "2024-02-01T10:00:00-05:00",
        "first_published": "2024-01-15T10:00:00-05:00", "content": content, "company_name": "Acme",
        "departments": [{"name": "Data"}], "offices": [], "metadata": [],
    }], "meta": {"total": 1}}
    result = extract_page(api(data, "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"))
    [posting] = result.postings
    assert posting.extractor == posting.source == "greenhouse"
    assert posting.title == "Data Engineer"
    assert posting.company == "Acme"
    assert posting.external_id == "4012345"
    assert posting.canonical_url == "https://boards.greenhouse.io/acme/jobs/4012345"
    assert posting.location_raw == "Remote - US"
    assert posting.date_posted_raw == "2024-01-15T10:00:00-05:00"
    assert posting.description_html.startswith("<p>Intro</p>")
    assert "SQL" in posting.description_text


def test_lever_shape_without_telling_url():
    data = [{
        "id": "5ac21346-8e0c-4494-8e7a-3eb92ff77902", "text": "Account Executive",
        "hostedUrl": "https://jobs.lever.co/globex/5ac21346-8e0c-4494-8e7a-3eb92ff77902",
        "categories": {"location": "New York, NY", "commitment": "Full-time", "team": "Sales",
                       "allLocations": ["New York, NY", "Boston, MA"]},
        "createdAt": 1700000000000, "description": "<div>Sell things.</div>",
        "descriptionPlain": "Sell things.",
        "lists": [{"text": "Requirements", "content": "<li>3 years of SaaS sales</li>"}],
        "additional": "<div>We offer equity.</div>", "workplaceType": "hybrid",
        "salaryRange": {"min": 90000, "max": 120000, "currency": "USD", "interval": "per-year-salary"},
    }]
    [posting] = extract_page(api(data, "https://example.test/anything.json")).postings
    assert posting.extractor == "lever"
    assert posting.company is None  # the board slug in hostedUrl is not the employer's name
    assert posting.locations_raw == ["New York, NY", "Boston, MA"]
    assert posting.employment_type_raw == "Full-time"
    assert posting.remote_raw == "hybrid"
    assert posting.date_posted_raw == "2023-11-14T22:13:20Z"
    assert posting.salary_structured == StatedSalary(90000, 120000, "USD", "per-year-salary")
    assert posting.salary_raw is None  # Lever's range is numbers; only its salaryDescription is text
    assert "<h3>Requirements</h3><ul><li>3 years of SaaS sales</li></ul>" in posting.description_html
    assert "We offer equity." in posting.description_text


def test_ashby_every_job_is_a_posting():
    jobs = [{
        "id": f"id-{i}", "title": f"Engineer {i}", "location": "London", "secondaryLocations": [{"location": "Paris"}],
        "employmentType": "FullTime", "isRemote": i == 0, "workplaceType": "Remote" if i == 0 else None,
        "descriptionHtml": "<p>Build integrations.</p>", "publishedAt": "2025-01-01T00:00:00Z",
        "jobUrl": f"https://jobs.ashbyhq.com/Nimbus/id-{i}", "applyUrl": f"https://jobs.ashbyhq.com/Nimbus/id-{i}/application",
        "compensation": {"compensationTierSummary": "£70K – £90K", "summaryComponents": [
            {"compensationType": "Salary", "interval": "1 YEAR", "currencyCode": "GBP", "minValue": 70000, "maxValue": 90000}]},
    } for i in range(3)]
    result = extract_page(api({"apiVersion": "1", "jobs": jobs},
                              "https://api.ashbyhq.com/posting-api/job-board/nimbus?includeCompensation=true"))
    assert [p.title for p in result.postings] == ["Engineer 0", "Engineer 1", "Engineer 2"]
    first = result.postings[0]
    assert first.extractor == first.source == "ashby"
    assert first.company is None  # Ashby names no board owner; the slug is not one
    assert first.locations_raw == ["London", "Paris"]
    assert first.remote_raw == "Remote"
    assert first.employment_type_raw == "Full-time"
    assert first.salary_raw == "£70K – £90K"
    assert first.salary_structured == StatedSalary(70000, 90000, "GBP", "1 YEAR")
    assert first.canonical_url == "https://jobs.ashbyhq.com/Nimbus/id-0"


def test_unknown_json_is_a_problem():
    result = extract_page(api({"hello": "world"}, "https://example.test/api"))
    assert result.postings == []
    assert [p.reason for p in result.problems] == ["no-posting"]
