"""Indeed pages: 2023 and 2024+ viewjob markup, embedded JSON only, search page with the job pane open."""

import json

from scrapy.http import HtmlResponse

from jobcrawl.extract import extract_page


def page(body: str, url: str = "https://www.indeed.com/viewjob?jk=0123456789abcdef") -> HtmlResponse:
    return HtmlResponse(url=url, body=body.encode("utf-8"), encoding="utf-8")


DESCRIPTION = """
<p><b>Responsibilities</b></p><ul><li>Build services</li><li>Review code</li></ul>
<p><b>Requirements</b></p><ul><li>5 years of Python</li></ul>
"""

OLD = f"""<html><head><title>Backend Engineer - Austin, TX - Indeed.com</title>
<link rel="canonical" href="https://www.indeed.com/viewjob?jk=0123456789abcdef"></head><body>
<h1 class="icl-u-xs-mb--xs jobsearch-JobInfoHeader-title">Backend Engineer</h1>
<div class="jobsearch-CompanyInfoContainer"><div data-company-name="true">Acme Corp</div></div>
<div id="salaryInfoAndJobType"><span class="css-2iqe2o">$120,000 - $150,000 a year</span>
 <span class="css-k5flys"> -  Full-time</span></div>
<div id="jobDescriptionText" class="jobsearch-jobDescriptionText">{DESCRIPTION}</div>
<div class="jobsearch-JobMetadataFooter"><span>Posted 3 days ago</span></div>
</body></html>"""


def test_old_markup():
    result = extract_page(page(OLD), fetched_at="2024-01-01T00:00:00Z")
    assert not result.problems
    [posting] = result.postings
    assert posting.extractor == "indeed"
    assert posting.source == "indeed"
    assert posting.title == "Backend Engineer"
    assert posting.company == "Acme Corp"
    assert posting.external_id == "0123456789abcdef"
    assert posting.canonical_url == "https://www.indeed.com/viewjob?jk=0123456789abcdef"
    assert posting.salary_raw == "$120,000 - $150,000 a year"
    assert posting.employment_type_raw == "Full-time"
    assert posting.date_posted_raw == "Posted 3 days ago"
    assert posting.fetched_at == "2024-01-01T00:00:00Z"
    assert "Build services" in posting.description_text
    assert "\n" in posting.description_text
    assert posting.description_html.startswith('<div id="jobDescriptionText"')
    assert posting.sections


NEW = f"""<html><head><title>Data Analyst - Remote - Indeed.com</title>
<meta property="og:url" content="https://www.indeed.com/viewjob?jk=fedcba9876543210&from=x"></head><body>
<h2 data-testid="jobsearch-JobInfoHeader-title" class="jobsearch-JobInfoHeader-title css-1t78hkx e1tiznh50">
 <span>Data Analyst</span><span class="css-1b6omqv"> - job post</span></h2>
<div data-testid="inlineHeader-companyName"><span><a href="/cmp/Globex">Globex</a></span></div>
<div data-testid="inlineHeader-companyLocation"><div>Denver, CO&bull;Hybrid remote</div></div>
<div id="jobDescriptionText" class="jobsearch-JobComponent-description css-10ybyod eu4oa1w0">{DESCRIPTION}</div>
</body></html>"""


def test_new_markup_matched_by_id():
    [posting] = extract_page(page(NEW, url="https://www.indeed.com/viewjob?jk=fedcba9876543210")).postings
    assert posting.extractor == "indeed"
    assert posting.title == "Data Analyst"
    assert posting.company == "Globex"
    assert posting.location_raw == "Denver, CO"
    assert posting.remote_raw == "Hybrid remote"
    assert posting.external_id == "fedcba9876543210"


def test_embedded_json_only():
    data = {
        "jobKey": "00112233aabbccdd",
        "jobInfoWrapperModel": {"jobInfoModel": {
            "jobInfoHeaderModel": {"jobTitle": "Nurse", "companyName": "Mercy", "formattedLocation": "Boise, ID",
                                   "remoteWorkModel": None},
            "sanitizedJobDescription": {"content": "<p>Care for patients.</p><p><b>Benefits</b></p><ul><li>401k</li></ul>"},
            "jobMetadataHeaderModel": {"jobType": "Part-time"},
        }},
        "hiringInsightsModel": {"age": "Just posted"},
    }
    body = f"<html><body><div id='app'></div><script>window._initialData={json.dumps(data)};</script></body></html>"
    [posting] = extract_page(page(body, url="https://www.indeed.com/viewjob?jk=00112233aabbccdd")).postings
    assert posting.extractor == "indeed-json"
    assert (posting.title, posting.company, posting.location_raw) == ("Nurse", "Mercy", "Boise, ID")
    assert posting.employment_type_raw == "Part-time"
    assert posting.date_posted_raw == "Just posted"
    assert posting.external_id == "00112233aabbccdd"
    assert "Care for patients." in posting.description_text


SEARCH = f"""<html><body>
<ul class="jobsearch-ResultsList">
 <li><div class="cardOutline vjs-highlight"><a class="jcs-JobTitle" data-jk="aaaaaaaaaaaaaaaa" href="/rc/clk?jk=aaaaaaaaaaaaaaaa">A</a></div></li>
 <li><div class="cardOutline"><a class="jcs-JobTitle" data-jk="bbbbbbbbbbbbbbbb" href="/rc/clk?jk=bbbbbbbbbbbbbbbb">B</a></div></li>
</ul>
<nav><a data-testid="pagination-page-next" href="/jobs?q=python&start=10">Next</a></nav>
<div class="jobsearch-RightPane">
 <h2 data-testid="jobsearch-JobInfoHeader-title"><span>Python Developer</span></h2>
 <div data-testid="inlineHeader-companyName">Initech</div>
 <div data-testid="inlineHeader-companyLocation">Remote</div>
 <div id="jobDescriptionText">{DESCRIPTION}</div>
</div></body></html>"""


def test_search_page_with_expanded_pane():
    result = extract_page(page(SEARCH, url="https://www.indeed.com/jobs?q=python&vjk=aaaaaaaaaaaaaaaa"))
    [posting] = result.postings
    assert posting.title == "Python Developer"
    assert posting.external_id == "aaaaaaaaaaaaaaaa"
    assert posting.remote_raw == "Remote"
    assert result.follow == [
        "https://www.indeed.com/viewjob?jk=aaaaaaaaaaaaaaaa",
        "https://www.indeed.com/viewjob?jk=bbbbbbbbbbbbbbbb",
    ]
    assert result.next_pages == ["https://www.indeed.com/jobs?q=python&start=10"]


def test_indeed_fills_missing_fields_from_jsonld():
    ld = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Backend Engineer",
          "datePosted": "2024-01-02", "hiringOrganization": {"name": "Acme Corp"},
          "jobLocation": {"@type": "Place", "address": {"addressLocality": "Austin", "addressRegion": "TX",
                                                        "addressCountry": "US"}}}
    body = OLD.replace("</head>", f'<script type="application/ld+json">{json.dumps(ld)}</script></head>')
    [posting] = extract_page(page(body)).postings
    assert posting.location_raw == "Austin, TX"
    assert posting.locations_structured == [{"locality": "Austin", "region": "TX", "country": "US"}]
    assert posting.date_posted_raw == "Posted 3 days ago"  # the DOM wins where it has the field


def test_bare_description_fragment_is_no_title_problem():
    body = f'<html><body><div id="jobDescriptionText">{DESCRIPTION}</div></body></html>'
    result = extract_page(page(body, url="file:///tmp/fragment.html"))
    assert result.postings == []
    assert [p.reason for p in result.problems] == ["no-title"]


# A search page as Indeed serves it in 2025: cards with their own company, place and salary; the pane of the
# opened job with the "simplified" header; the search JSON lists the cards and embeds the pane's viewjob response.
SEARCH_2025_DATA = {
    "autoOpenTwoPaneJobKey": "cccccccccccccccc",
    "metaData": {"results": [{"jobkey": "dddddddddddddddd", "companyName": "Neighbour Foods"},
                             {"jobkey": "cccccccccccccccc", "companyName": "Savannah Sugar"}]},
    "autoOpenTwoPaneViewjobResponse": {"status": "success", "body": {
        "jobKey": "cccccccccccccccc",
        "jobInfoWrapperModel": {"jobInfoModel": {
            "jobInfoHeaderModel": {"jobTitle": "Laboratory Analyst", "companyName": "Savannah Sugar",
                                   "formattedLocation": "Port Wentworth, GA 31407"},
            "sanitizedJobDescription": "<p>Prepare samples.</p>",
        }},
    }},
}
SEARCH_2025 = f"""<html><head><title>Jobs in Savannah, GA | Indeed</title></head><body>
<h1>jobs in Savannah, GA</h1>
<ul>
 <li><div class="job_seen_beacon"><h2 class="jobTitle"><a class="jcs-JobTitle" data-jk="dddddddddddddddd"
   href="/rc/clk?jk=dddddddddddddddd">Line Cook</a></h2><span data-testid="company-name">Neighbour Foods</span>
   <div data-testid="text-location">Savannah, GA</div>
   <div class="salary-snippet-container" data-testid="salary-snippet-container">$31 an hour</div></div></li>
 <li><div class="job_seen_beacon"><h2 class="jobTitle"><a class="jcs-JobTitle" data-jk="cccccccccccccccc"
   href="/rc/clk?jk=cccccccccccccccc">Laboratory Analyst</a></h2><span data-testid="company-name">Savannah Sugar</span>
   <div data-testid="text-location">Port Wentworth, GA</div></div></li>
</ul>
<div class="jobsearch-RightPane"><div id="jobsearch-ViewjobPaneWrapper">
 <div class="jobsearch-HeaderContainer"><h2 data-testid="simpler-jobTitle">Laboratory Analyst</h2>
  <span class="jobsearch-JobInfoHeader-companyNameSimple">Savannah Sugar</span>
  <div data-testid="job-location">201 Oxnard Drive, Port Wentworth, GA 31407</div></div>
 <div id="jobDetailsSection"><h2>Job details</h2>
  <div role="group" aria-label="Pay"><h3>Pay</h3><ul><li data-testid="list-item">
   <button data-testid="From $22.38 an hour-tile"><span>From $22.38 an hour</span>
   <span class="sr">missing preference</span></button></li></ul></div></div>
 <div id="jobDescriptionText" class="jobsearch-JobComponent-description">{DESCRIPTION}</div>
</div></div>
<script>window._initialData={json.dumps(SEARCH_2025_DATA)};</script>
</body></html>"""


def test_search_page_pane_read_from_its_own_node_and_response():
    result = extract_page(page(SEARCH_2025, url="https://www.indeed.com/jobs?l=Savannah%2C+GA"))
    [posting] = result.postings
    assert posting.title == "Laboratory Analyst"  # the embedded viewjob response of the pane's job
    assert posting.company == "Savannah Sugar"  # not the first card's company in the search JSON
    assert posting.external_id == "cccccccccccccccc"
    assert posting.location_raw == "201 Oxnard Drive, Port Wentworth, GA 31407"
    assert posting.salary_raw == "From $22.38 an hour"  # the pane's Pay tile, not the neighbouring card's $31
    assert len(result.follow) == 2


def test_search_pane_without_its_own_salary_takes_none_from_a_card():
    body = SEARCH_2025.replace('aria-label="Pay"', 'aria-label="Shift"')
    [posting] = extract_page(page(body, url="https://www.indeed.com/jobs?l=Savannah%2C+GA")).postings
    assert posting.salary_raw is None


def test_search_pane_with_the_simplified_header_and_no_embedded_response():
    body = SEARCH_2025.replace(f"<script>window._initialData={json.dumps(SEARCH_2025_DATA)};</script>", "")
    [posting] = extract_page(page(body, url="https://www.indeed.com/jobs?l=Savannah%2C+GA")).postings
    assert (posting.title, posting.company) == ("Laboratory Analyst", "Savannah Sugar")
    assert posting.location_raw == "201 Oxnard Drive, Port Wentworth, GA 31407"
