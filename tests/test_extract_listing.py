"""Listing pages: posting links and pagination."""

from scrapy.http import HtmlResponse

from jobcrawl.extract import extract_page
from jobcrawl.extract.listing import next_pages, posting_links


def page(html: str, url: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8")


def test_job_link_cards_and_rel_next():
    html = """<html><body><h1>Open roles</h1><ul>
      <li><a class="job-link" href="/jobs/101">Engineer</a></li>
      <li><a class="job-link" href="https://board.example/jobs/102#apply">Designer</a></li>
      <li><a class="job-link" href="/jobs/101">Engineer (dup)</a></li></ul>
      <a rel="next" href="?page=2">Next</a></body></html>"""
    result = extract_page(page(html, "https://board.example/jobs?page=1"))
    assert result.postings == [] and result.problems == []
    assert result.follow == ["https://board.example/jobs/101", "https://board.example/jobs/102"]
    assert result.next_pages == ["https://board.example/jobs?page=2"]


def test_indeed_search_cards():
    html = """<html><body><div id="mosaic-provider-jobcards"><ul>
      <li><a class="jcs-JobTitle" data-jk="1111111111111111" href="/rc/clk?jk=1111111111111111">One</a></li>
      <li><div data-jk="2222222222222222"><a href="/pagead/clk?x">Two</a></div></li></ul></div>
      <nav role="navigation"><a data-testid="pagination-page-next" href="/jobs?q=nurse&start=10">Next</a></nav>
      </body></html>"""
    result = extract_page(page(html, "https://uk.indeed.com/jobs?q=nurse"))
    assert result.follow == ["https://uk.indeed.com/viewjob?jk=1111111111111111",
                             "https://uk.indeed.com/viewjob?jk=2222222222222222"]
    assert result.next_pages == ["https://uk.indeed.com/jobs?q=nurse&start=10"]


def test_url_shaped_links_and_pagination_nav():
    html = """<html><body><header><a href="/about">About</a></header><main><h1>Careers</h1>
      <div class="list"><a href="/job/senior-dev-123">Senior Dev</a><a href="/viewjob?jk=3333333333333333&from=x">Indeed</a>
      <a href="/jobs/7788/qa">QA</a><a href="/jobs/search">Search</a></div></main>
      <nav class="pagination"><a href="/careers?p=1">1</a><a href="/careers?p=3" aria-label="Next page">›</a></nav>
      </body></html>"""
    response = page(html, "https://acme.example/careers?p=2")
    root = response.selector
    assert posting_links(root, response.url) == [
        "https://acme.example/job/senior-dev-123",
        "https://acme.example/viewjob?jk=3333333333333333",
        "https://acme.example/jobs/7788/qa",
    ]
    assert next_pages(root, response.url) == ["https://acme.example/careers?p=3"]
    result = extract_page(response)
    assert result.postings == [] and len(result.follow) == 3
