"""Tracking parameters removed before fetching, everything else kept as the site wrote it."""

import pytest

from jobcrawl.urls import strip_tracking


@pytest.mark.parametrize("url,expected", [
    ("https://www.indeed.com/viewjob?jk=abc123&from=serp&vjs=3&utm_source=x#apply",
     "https://www.indeed.com/viewjob?jk=abc123"),
    # kept parameters keep their encoding (a re-encoder would write q=data+engineer)
    ("https://jobs.example.com/search?q=data%20engineer&page=2&gclid=1",
     "https://jobs.example.com/search?q=data%20engineer&page=2"),
    ("https://jobs.example.com/job?id=1&id=2", "https://jobs.example.com/job?id=1&id=2"),
    ("https://jobs.example.com/job?UTM_Campaign=a&x=", "https://jobs.example.com/job?x="),
    ("https://jobs.example.com/job/42", "https://jobs.example.com/job/42"),
])
def test_strip_tracking(url, expected):
    assert strip_tracking(url) == expected
