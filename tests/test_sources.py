"""The ``source`` vocabulary (jobcrawl.sources): a family for job boards and ATSs, else the registrable domain."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse, TextResponse

from jobcrawl.extract import extract_page
from jobcrawl.normalize import normalize_posting
from jobcrawl.sources import id_namespace, registrable_domain, source_of
from pipelines.identity import IdentityPipeline


@pytest.mark.parametrize("host,domain", [
    ("careers.example.co.uk", "example.co.uk"),
    ("jobs.example.com", "example.com"),
    ("www.example.com.au", "example.com.au"),
    ("careers.acme.example", "acme.example"),  # no listed suffix: the list's default rule, the last two labels
    ("acme.github.io", "acme.github.io"),  # a private suffix: each tenant is its own site
    ("127.0.0.1", "127.0.0.1"),
    ("localhost", "localhost"),
    (None, None),
])
def test_registrable_domain(host, domain):
    assert registrable_domain(host) == domain


@pytest.mark.parametrize("url,extractor,source", [
    ("https://boards-api.greenhouse.io/v1/boards/acme/jobs", "greenhouse", "greenhouse"),
    ("https://boards.greenhouse.io/acme/jobs/4012345", "jsonld", "greenhouse"),
    ("https://job-boards.eu.greenhouse.io/acme/jobs/4012345", "generic", "greenhouse"),
    ("https://jobs.lever.co/globex/5ac21346", "generic", "lever"),
    ("https://jobs.ashbyhq.com/nango/3f1e", "jsonld", "ashby"),
    ("https://ironcrest.wd5.myworkdayjobs.com/en-US/careers/job/Analyst_R-0048821", "jsonld", "workday"),
    ("https://jobs.smartrecruiters.com/Acme/744000012345", "jsonld", "smartrecruiters"),
    ("https://uk.indeed.com/viewjob?jk=abc", "indeed", "indeed"),
    ("https://www.linkedin.com/jobs/view/123", "linkedin", "linkedin"),
    ("https://www.seek.com.au/job/123", "seek", "seek"),
    ("https://careers.example.co.uk/jobs/42", "jsonld", "example.co.uk"),
    ("http://127.0.0.1:8000/job/1", "generic", "127.0.0.1"),
    ("file:///tmp/page.html", "generic", None),
])
def test_source_of(url, extractor, source):
    assert source_of(url, None, extractor) == source


def test_canonical_url_names_the_family():
    # a company page embedding its Greenhouse board, whose canonical URL is the board's
    assert source_of("https://careers.acme.com/open?gh_jid=4012345",
                     "https://boards.greenhouse.io/acme/jobs/4012345", "jsonld") == "greenhouse"


def test_tenant_ids_keep_their_host():
    assert id_namespace("greenhouse", "https://boards.greenhouse.io/acme/jobs/1") == "greenhouse"
    assert id_namespace("workday", "https://ironcrest.wd5.myworkdayjobs.com/job/X_R-1") == \
        "workday:ironcrest.wd5.myworkdayjobs.com"
    assert id_namespace("example.com", "https://www.example.com/jobs/1234") == "example.com"
    # two families' boards on one host (a proxy, a saved copy, a loopback server) do not share ids
    assert id_namespace("workable", "http://127.0.0.1:8000/j/1") != id_namespace("recruitee", "http://127.0.0.1:8000/o/1")


def _keyed(posting):
    posting.normalized = normalize_posting(posting)
    return IdentityPipeline().process_item(posting)


def test_api_posting_and_the_same_ats_html_page_share_source_and_identity():
    api = TextResponse(
        url="https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true", encoding="utf-8",
        headers={"Content-Type": "application/json"},
        body=json.dumps({"jobs": [{"id": 4012345, "title": "Data Engineer", "company_name": "Acme",
                                   "absolute_url": "https://boards.greenhouse.io/acme/jobs/4012345",
                                   "content": "&lt;p&gt;Build pipelines.&lt;/p&gt;"}], "meta": {}}).encode(),
    )
    page = HtmlResponse(
        url="https://boards.greenhouse.io/acme/jobs/4012345", encoding="utf-8",
        body=b"""<html><head><title>Data Engineer at Acme</title><script type="application/ld+json">
        {"@context": "https://schema.org", "@type": "JobPosting", "title": "Data Engineer",
         "hiringOrganization": {"name": "Acme"}, "description": "<p>Build pipelines.</p>"}
        </script></head><body><h1>Data Engineer</h1><div id="content"><p>Build pipelines.</p></div></body></html>""",
    )
    [from_api] = extract_page(api).postings
    [from_page] = extract_page(page).postings
    assert from_api.source == from_page.source == "greenhouse"
    assert _keyed(from_api).normalized.posting_key == _keyed(from_page).normalized.posting_key == \
        "greenhouse:4012345"
