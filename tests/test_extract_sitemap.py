"""Sitemaps are parsed without resolving entities or touching the network."""

import gzip

from scrapy.http import TextResponse, XmlResponse

from jobcrawl.extract import extract_page
from jobcrawl.extract.sitemap import parse_sitemap

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://jobs.example.com/job/1</loc><lastmod>2024-01-01</lastmod></url>
  <url><loc> https://jobs.example.com/job/2 </loc></url>
  <url><loc>javascript:alert(1)</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://jobs.example.com/sitemap-1.xml</loc></sitemap>
  <sitemap><loc>https://jobs.example.com/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://jobs.example.com/&lol9;</loc></url>
  <url><loc>https://jobs.example.com/&xxe;</loc></url>
  <url><loc>https://jobs.example.com/job/3</loc></url>
</urlset>"""


def test_urlset():
    sitemap = parse_sitemap(URLSET)
    assert sitemap.kind == "urlset"
    assert sitemap.urls == ["https://jobs.example.com/job/1", "https://jobs.example.com/job/2"]
    assert sitemap.lastmod == {"https://jobs.example.com/job/1": "2024-01-01"}


def test_sitemapindex_and_gzip():
    sitemap = parse_sitemap(gzip.compress(INDEX))
    assert sitemap.kind == "sitemapindex"
    assert sitemap.urls == ["https://jobs.example.com/sitemap-1.xml", "https://jobs.example.com/sitemap-2.xml.gz"]


def test_entities_are_never_expanded():
    sitemap = parse_sitemap(LAUGHS)
    assert all("lol" not in url and "root:" not in url for url in sitemap.urls)
    assert "https://jobs.example.com/job/3" in sitemap.urls
    assert sum(len(u) for u in sitemap.urls) < 200


def test_garbage_is_empty():
    assert parse_sitemap(b"not xml at all").urls == []
    assert parse_sitemap(b"<html><body>hi</body></html>").kind is None


def test_extract_page_routes_sitemaps():
    result = extract_page(XmlResponse(url="https://jobs.example.com/sitemap.xml", body=URLSET))
    assert result.follow == ["https://jobs.example.com/job/1", "https://jobs.example.com/job/2"]
    assert result.postings == [] and result.problems == []
    result = extract_page(TextResponse(url="https://jobs.example.com/sitemap_index.xml", body=INDEX,
                                       headers={"Content-Type": "text/xml"}))
    assert result.next_pages == ["https://jobs.example.com/sitemap-1.xml", "https://jobs.example.com/sitemap-2.xml.gz"]


ROBOTS = b"""# robots.txt of a career site
User-agent: *
Disallow: /apply/
Sitemap: https://jobs.example.com/sitemap_index.xml
sitemap: /jobs-sitemap.xml
"""


def test_robots_txt_names_the_sitemaps_to_read():
    result = extract_page(TextResponse(url="https://jobs.example.com/robots.txt", body=ROBOTS,
                                       headers={"Content-Type": "text/plain"}))
    assert result.next_pages == ["https://jobs.example.com/sitemap_index.xml", "https://jobs.example.com/jobs-sitemap.xml"]
    assert result.from_sitemap and result.postings == [] and result.problems == []


def test_a_page_that_mentions_sitemap_is_not_a_robots_txt():
    page = b"<html><body><p>Sitemap: see the footer</p><h1>Engineer</h1></body></html>"
    result = extract_page(TextResponse(url="https://jobs.example.com/robots.txt", body=page,
                                       headers={"Content-Type": "text/html"}))
    assert result.next_pages == []


def test_scrapy_sitemap_reads_entity_entries_as_wrong_urls():
    """Why jobcrawl keeps its own sitemap parser (see jobcrawl/extract/sitemap.py): Scrapy's turns
    ``<loc>https://jobs.example.com/&xxe;</loc>`` into the site's home page. If a Scrapy upgrade fixes that,
    this test fails and the parser can be replaced."""
    from scrapy.utils.sitemap import Sitemap as ScrapySitemap

    xxe = (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b'<url><loc>https://jobs.example.com/&xxe;</loc></url></urlset>')
    assert [entry["loc"] for entry in ScrapySitemap(xxe)] == ["https://jobs.example.com/"]
    assert parse_sitemap(xxe).urls == []
