"""The seven ATS families of jobcrawl.extract.ats: every real captured response (../shared/realpages/ats-api)
is read, and each rule is shown on a small inline response. Board detection by URL and on careers pages."""

from __future__ import annotations

import json

import pytest
from conftest import REALPAGES, shared_file
from scrapy.http import HtmlResponse, Request, TextResponse

from jobcrawl.items import StatedSalary
from jobcrawl.extract import extract_page
from jobcrawl.extract.ats import detect
from jobcrawl.extract.ats.detect import (
    Board,
    board_from_argument,
    board_from_url,
    find_boards,
)

ATS_API = REALPAGES / "ats-api"


def api(data, url="https://example.test/api", request: Request | None = None, ctype="application/json"):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return TextResponse(url=url, body=body, encoding="utf-8", headers={"Content-Type": ctype}, request=request)


def real_records():
    # conftest's helper: skipped without ../shared, failed in CI (and it honours JOBCRAWL_SHARED_DIR)
    return json.loads(shared_file("realpages/ats-api/labels.json").read_text(encoding="utf-8"))


def test_every_real_response_is_read():
    for record in real_records():
        body = (ATS_API / record["file"]).read_bytes()
        ctype = "application/xml" if record["file"].endswith(".xml") else "application/json"
        result = extract_page(api(body, ctype=ctype))
        assert result.problems == [], record["file"]
        assert len(result.postings) == record["expect_postings"], record["file"]
        first, sample = result.postings[0], record["sample"]
        assert first.source == first.extractor == record["ats"], record["file"]
        assert first.external_id == sample["id"], record["file"]
        assert first.title == sample["title"], record["file"]
        if sample["location"] == "2 Locations":  # a count, not a place: left empty (the detail has the places)
            assert first.location_raw is None
        else:  # the raw value, or a fuller form of it ("Singapore, , Singapore" without the empty part)
            assert first.locations_raw and first.locations_raw[0].split(",")[0] == sample["location"].split(",")[0]
        assert all(p.title and p.external_id and p.canonical_url for p in result.postings), record["file"]


# --- Workday -------------------------------------------------------------------------------------------------
WORKDAY_LIST = "https://acme.wd5.myworkdayjobs.com/wday/cxs/acme/careers/jobs"


def workday_page(offset, total, count):
    jobs = [{"title": f"Job {i}", "externalPath": f"/job/Berlin/Job-{i}_R{i}", "locationsText": "Berlin",
             "postedOn": "Posted Today", "bulletFields": [f"R{i}"]} for i in range(offset, offset + count)]
    request = Request(WORKDAY_LIST, method="POST", body=json.dumps({"limit": 20, "offset": offset}))
    return api({"total": total, "jobPostings": jobs}, WORKDAY_LIST, request)


def test_workday_first_page_schedules_every_page_as_post_and_each_detail():
    result = extract_page(workday_page(0, 45, 20))
    pages = [r for r in result.requests if r.method == "POST"]
    assert [json.loads(r.body)["offset"] for r in pages] == [20, 40]
    assert all(r.url == WORKDAY_LIST and json.loads(r.body)["limit"] == 20 for r in pages)
    details = [r for r in result.requests if r.method == "GET"]
    assert details[0].url == "https://acme.wd5.myworkdayjobs.com/wday/cxs/acme/careers/job/Berlin/Job-0_R0"
    assert details[0].listed is result.postings[0]
    assert result.postings[0].canonical_url == "https://acme.wd5.myworkdayjobs.com/careers/job/Berlin/Job-0_R0"


def test_workday_later_pages_schedule_no_pages():
    # later pages often say total 0; pagination comes from the first page only
    result = extract_page(workday_page(20, 0, 20))
    assert [r.method for r in result.requests] == ["GET"] * 20


def test_workday_location_count_is_not_a_location():
    data = {"total": 1, "jobPostings": [{"title": "X", "externalPath": "/job/a/X_R1", "locationsText": "3 Locations"}]}
    [posting] = extract_page(api(data, WORKDAY_LIST)).postings
    assert posting.location_raw is None


def test_workday_detail_company_without_reference_code():
    data = {"jobPostingInfo": {"title": "X", "jobReqId": "R1", "location": "Berlin", "timeType": "Full time",
                               "remoteType": "Hybrid", "startDate": "2026-01-02", "jobDescription": "<p>Do it</p>"},
            "hiringOrganization": {"name": "1000 Acme Industries GmbH"}}
    [posting] = extract_page(api(data)).postings
    assert (posting.company, posting.employment_type_raw, posting.remote_raw) == ("Acme Industries GmbH", "Full time", "Hybrid")
    assert posting.date_posted_raw == "2026-01-02"


# --- SmartRecruiters ----------------------------------------------------------------------------------------
def test_smartrecruiters_pages_until_total_and_salary_custom_field():
    url = "https://api.smartrecruiters.com/v1/companies/acme/postings?limit=2&offset=0"
    data = {"offset": 0, "limit": 2, "totalFound": 5, "content": [
        {"id": "1", "name": "A", "company": {"identifier": "acme", "name": "Acme"},
         "location": {"city": "Lyon", "country": "fr", "remote": True},
         "customField": [{"fieldLabel": "Job Ad Salary Range", "valueLabel": "€50k–€60k"}]},
        {"id": "2", "name": "B", "company": {"identifier": "acme", "name": "Acme"}, "location": {}}]}
    result = extract_page(api(data, url))
    pages = [r.url for r in result.requests if r.listed is None]
    assert pages == [url.replace("offset=0", "offset=2"), url.replace("offset=0", "offset=4")]
    first = result.postings[0]
    assert (first.salary_raw, first.remote_raw, first.location_raw) == ("€50k–€60k", "Remote", "Lyon, FR")
    assert result.requests[0].url == "https://api.smartrecruiters.com/v1/companies/acme/postings/1"


def test_smartrecruiters_detail_sections_keep_vendor_titles():
    data = {"id": "9", "name": "Engineer", "company": {"name": "Acme", "identifier": "acme"},
            "postingUrl": "https://jobs.smartrecruiters.com/acme/9-engineer",
            "jobAd": {"sections": {"jobDescription": {"title": "Your Mission", "text": "<p>Build</p>"},
                                   "qualifications": {"title": "What You Bring", "text": "<ul><li>Go</li></ul>"}}}}
    [posting] = extract_page(api(data)).postings
    assert [s.heading for s in posting.sections] == ["Your Mission", "What You Bring"]


# --- Workable, Recruitee, Personio, BambooHR, Breezy ------------------------------------------------------
def test_workable_envelope_names_the_owner():
    data = {"name": "Acme", "description": "", "jobs": [
        {"title": "Chef", "shortcode": "AB12", "url": "https://apply.workable.com/j/AB12", "telecommuting": True,
         "city": "Athens", "country": "Greece", "description": "<p>Cook</p><h3>Requirements</h3><p>Knives</p>"}]}
    [posting] = extract_page(api(data)).postings
    assert (posting.company, posting.remote_raw, posting.location_raw) == ("Acme", "Remote", "Athens, Greece")
    assert [s.heading for s in posting.sections][-1] == "Requirements"


def test_recruitee_salary_and_requirements_section():
    data = {"offers": [{"id": 7, "title": "Baker", "company_name": "Acme", "careers_url": "https://acme.recruitee.com/o/baker",
                        "guid": "x", "location": "Utrecht, Netherlands", "hybrid": True, "description": "<p>Bake</p>",
                        "requirements": "<p>Flour</p>", "salary": {"min": "3000", "max": "4000", "period": "month", "currency": "EUR"}}]}
    [posting] = extract_page(api(data)).postings
    assert posting.salary_structured == StatedSalary(3000, 4000, "EUR", "month")
    assert posting.remote_raw == "Hybrid"
    assert posting.sections[-1].heading == "Requirements"


def test_personio_named_descriptions_become_sections():
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><workzag-jobs><position><id>5</id><subcompany>Acme GmbH</subcompany>'
           b"<office>Berlin</office><name>Dev</name><jobDescriptions><jobDescription><name>Deine Aufgaben</name>"
           b"<value><![CDATA[<ul><li>Code</li></ul>]]></value></jobDescription></jobDescriptions></position></workzag-jobs>")
    [posting] = extract_page(api(xml, "https://acme.jobs.personio.de/xml?language=de", ctype="text/xml")).postings
    assert posting.canonical_url == "https://acme.jobs.personio.de/job/5"
    assert [s.heading for s in posting.sections] == ["Deine Aufgaben"]


def test_bamboohr_list_asks_for_details_and_detail_reads_location_type():
    listing = {"meta": {"totalCount": 1}, "result": [{"id": "3", "jobOpeningName": "Nurse", "locationType": "1",
                                                      "location": {"city": None}, "atsLocation": {"country": "India"}}]}
    result = extract_page(api(listing, "https://acme.bamboohr.com/careers/list"))
    assert [r.url for r in result.requests] == ["https://acme.bamboohr.com/careers/3/detail"]
    assert (result.postings[0].remote_raw, result.postings[0].company) == ("Remote", None)
    detail = {"result": {"jobOpening": {"jobOpeningName": "Nurse", "description": "<p>Care</p>",
                                        "compensation": "$50,000", "datePosted": "2026-01-01", "locationType": "2"}}}
    [posting] = extract_page(api(detail, "https://acme.bamboohr.com/careers/3/detail")).postings
    assert (posting.external_id, posting.salary_raw, posting.remote_raw) == ("3", "$50,000", "Hybrid")


def test_breezy_posting_page_completes_the_listed_posting():
    listing = [{"id": "abc", "friendly_id": "abc-welder", "name": "Welder", "url": "https://acme.breezy.hr/p/abc-welder",
                "published_date": "2026-01-01T00:00:00Z", "location": {"name": "Austin, TX"}, "salary": "$20 / hour",
                "company": {"name": "Acme"}}]
    result = extract_page(api(listing, "https://acme.breezy.hr/json"))
    [follow] = result.requests
    assert (follow.url, follow.api) == ("https://acme.breezy.hr/p/abc-welder", False)
    ld = {"@type": "JobPosting", "title": "Welder", "description": "<p>Weld.</p><h3>Requirements</h3><p>Mask</p>"}
    page = HtmlResponse(url=follow.url, encoding="utf-8", body=(
        f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body></body></html>').encode())
    [posting] = extract_page(page, listed=follow.listed).postings
    assert (posting.source, posting.external_id, posting.salary_raw) == ("breezy", "abc", "$20 / hour")
    assert (posting.location_raw, posting.company) == ("Austin, TX", "Acme")
    assert "Weld." in posting.description_text


def test_empty_and_unknown_answers():
    assert [p.reason for p in extract_page(api([])).problems] == ["empty-listing"]
    assert [p.reason for p in extract_page(api({"offers": []})).problems] == ["empty-listing"]
    assert [p.reason for p in extract_page(api({"result": {"x": 1}})).problems] == ["no-posting"]


# --- board detection ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url, family, slug", [
    ("https://ouryahoo.wd5.myworkdayjobs.com/careers", "workday", "ouryahoo"),
    ("https://ouryahoo.wd5.myworkdayjobs.com/en-US/careers/job/x", "workday", "ouryahoo"),
    ("https://jobs.lever.co/acme", "lever", "acme"),
    ("https://acme.recruitee.com", "recruitee", "acme"),
    ("https://boards.greenhouse.io/embed/job_board/js?for=acme", "greenhouse", "acme"),
    ("https://job-boards.greenhouse.io/acme/jobs/123", "greenhouse", "acme"),
    ("https://jobs.ashbyhq.com/acme", "ashby", "acme"),
    ("https://careers.smartrecruiters.com/Acme1", "smartrecruiters", "Acme1"),
    ("https://apply.workable.com/acme/", "workable", "acme"),
    ("https://acme.jobs.personio.de/", "personio", "acme"),
    ("https://acme.bamboohr.com/careers", "bamboohr", "acme"),
    ("https://acme.breezy.hr/", "breezy", "acme"),
])
def test_board_from_url(url, family, slug):
    board = board_from_url(url)
    assert (board.family, board.slug) == (family, slug)


@pytest.mark.parametrize("url", ["https://www.recruitee.com/", "https://apply.workable.com/", "https://example.com/jobs",
                                 "https://acme.bamboohr.com/login", "https://www.myworkdayjobs.com/"])
def test_not_a_board(url):
    assert board_from_url(url) is None


def test_workday_board_and_its_api_request():
    board = board_from_argument("workday", "https://acme.wd3.myworkdayjobs.com/External")
    assert board == Board("workday", "acme", "https://acme.wd3.myworkdayjobs.com/External",
                          host="acme.wd3.myworkdayjobs.com", site="External")
    request = detect.api_request(board)
    assert (request.method, request.url) == ("POST", "https://acme.wd3.myworkdayjobs.com/wday/cxs/acme/External/jobs")
    assert json.loads(request.body) == {"limit": 20, "offset": 0, "searchText": "", "appliedFacets": {}}
    override = detect.api_request(board, {"workday": "http://127.0.0.1:9/{host}/{slug}/{site}"})
    assert override.url == "http://127.0.0.1:9/acme.wd3.myworkdayjobs.com/acme/External"


def test_family_argument_rejects_another_familys_url():
    with pytest.raises(ValueError, match="not a lever board"):
        board_from_argument("lever", "https://acme.recruitee.com")


def test_find_boards_in_scripts_and_links_once_each():
    html = ("<script src='//boards.greenhouse.io/embed/job_board/js?for=acme&amp;b=1'></script>"
            '<a href="https://jobs.lever.co/acme/abc-123">one job</a><a href="https://jobs.lever.co/acme">all</a>'
            "<script>fetch('https://api.lever.co/v0/postings/acme?mode=json')</script>")
    assert [(b.family, b.slug) for b in find_boards(html)] == [("greenhouse", "acme"), ("lever", "acme")]


def test_api_answer_versus_page():
    assert detect.looks_like_api_body(' {"jobs": []}')
    assert detect.looks_like_api_body('<?xml version="1.0"?><workzag-jobs/>')
    assert not detect.looks_like_api_body("<!DOCTYPE html><html><body>Sign in</body></html>")
