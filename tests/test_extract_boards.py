"""Job boards recognized by their markup (jobcrawl.extract.boards): LinkedIn's top card and SEEK's job detail."""

from scrapy.http import HtmlResponse

from jobcrawl.extract import extract_page

DESCRIPTION = ("<p>We are looking for an analyst to join the finance team. You will build the monthly forecast, "
               "review variances with budget owners and present results to leadership.</p>"
               "<ul><li>3+ years of experience in FP&amp;A</li><li>Advanced Excel skills</li></ul>")

LINKEDIN = f"""<html><body><section class="top-card-layout">
  <h1 class="top-card-layout__title">Financial Analyst</h1>
  <h4 class="top-card-layout__second-subline"><span class="topcard__flavor"><a class="topcard__org-name-link">Globex</a></span>
  <span class="topcard__flavor topcard__flavor--bullet">Denver, CO</span></h4>
  <span class="posted-time-ago__text">2 days ago</span></section>
<ul><li class="description__job-criteria-item"><h3 class="description__job-criteria-subheader">Employment type</h3>
  <span class="description__job-criteria-text">Full-time</span></li></ul>
<div class="show-more-less-html__markup">{DESCRIPTION}</div></body></html>"""

SEEK = f"""<html><body>
<h1 data-automation="job-detail-title">Financial Analyst</h1>
<span data-automation="advertiser-name">Globex</span>
<span data-automation="job-detail-location">Melbourne VIC (Hybrid)</span>
<span data-automation="job-detail-work-type">Full time</span>
<span data-automation="job-detail-salary">$90,000 - $100,000 per year</span>
<div data-automation="jobAdDetails">{DESCRIPTION}</div></body></html>"""


def _posting(url: str, html: str):
    [posting] = extract_page(HtmlResponse(url=url, body=html.encode(), encoding="utf-8")).postings
    return posting


def test_linkedin_top_card():
    posting = _posting("https://jobs.example.net/view/4821", LINKEDIN)
    assert posting.extractor == "linkedin"
    assert (posting.title, posting.company, posting.location_raw) == ("Financial Analyst", "Globex", "Denver, CO")
    assert posting.employment_type_raw == "Full-time"
    assert posting.date_posted_raw == "2 days ago"
    assert "monthly forecast" in posting.description_text


def test_seek_job_detail_splits_the_work_mode_from_the_location():
    posting = _posting("https://jobs.example.net/job/4821", SEEK)
    assert posting.extractor == "seek"
    assert (posting.title, posting.company) == ("Financial Analyst", "Globex")
    assert (posting.location_raw, posting.remote_raw) == ("Melbourne VIC", "Hybrid")
    assert posting.salary_raw == "$90,000 - $100,000 per year"
    assert posting.employment_type_raw == "Full time"
    assert "monthly forecast" in posting.description_text
