"""schema.org JobPosting in microdata."""

from scrapy.http import HtmlResponse

from jobcrawl.items import StatedSalary
from jobcrawl.extract import extract_page

HTML = """<html><body>
<div itemscope itemtype="https://schema.org/JobPosting">
  <h2 itemprop="title">Software Engineer</h2>
  <span itemprop="hiringOrganization" itemscope itemtype="https://schema.org/Organization">
    <meta itemprop="name" content="ABC Company Inc."></span>
  <p><strong>Location:</strong> <span itemprop="jobLocation" itemscope itemtype="https://schema.org/Place">
    <span itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
    <span itemprop="addressLocality">Kirkland</span>, <span itemprop="addressRegion">WA</span></span></span></p>
  <p>Hours: <span itemprop="employmentType">Full-time</span></p>
  <p>Posted <time itemprop="datePosted" datetime="2011-10-31">Oct 31</time></p>
  <p>Salary: <span itemprop="salaryCurrency">USD</span> <span itemprop="baseSalary">100000</span></p>
  <div itemprop="description"><p>Develop in-house tools.</p>
    <p><strong>Responsibilities:</strong></p><ul><li>Design specifications</li><li>Build tools</li></ul></div>
</div></body></html>"""


def test_microdata_posting():
    response = HtmlResponse(url="https://jobs.example.org/view/7", body=HTML.encode(), encoding="utf-8")
    [posting] = extract_page(response).postings
    assert posting.extractor == "microdata"
    assert posting.title == "Software Engineer"
    assert posting.company == "ABC Company Inc."
    assert posting.location_raw == "Kirkland, WA"
    assert posting.locations_structured == [{"locality": "Kirkland", "region": "WA"}]
    assert posting.employment_type_raw == "Full-time"
    assert posting.date_posted_raw == "2011-10-31"
    assert posting.salary_raw == "100000"  # the itemprop's own text, not one built with the currency
    assert posting.salary_structured == StatedSalary(100000, 100000, "USD", None)
    assert "Build tools" in posting.description_text
    assert posting.source == "example.org"  # the registrable domain (jobcrawl.sources)
