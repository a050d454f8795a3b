"""Generic career pages (no structured data) and the problems a non-posting page becomes."""

import pytest
from scrapy.http import HtmlResponse

from jobcrawl.extract import extract_page


def page(html: str, url: str = "https://careers.globex.example/jobs/98765/platform-engineer") -> HtmlResponse:
    return HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8")


CAREER = """<html><head><title>Platform Engineer | Careers at Globex</title>
<meta property="og:site_name" content="Globex Careers"></head><body>
<header><nav><a href="/">Home</a><a href="/jobs">Jobs</a><h1 class="sr-only">Navigation</h1></nav></header>
<main>
 <div class="job-header"><h1>Platform Engineer</h1>
  <div class="job-location">Location: Lisbon, Portugal</div>
  <ul><li>Full-time</li><li>Posted 2 days ago</li></ul></div>
 <div class="job-description">
  <p>Globex builds the platform our engineers ship on. We are looking for an engineer to run it.</p>
  <h3>What you'll do</h3><ul><li>Operate Kubernetes clusters</li><li>Automate everything</li></ul>
  <h3>What we're looking for</h3><ul><li>3+ years of experience with cloud infrastructure</li></ul>
  <h3>Benefits</h3><ul><li>Health insurance</li><li>Remote-friendly office</li></ul>
 </div>
 <form><input name="email"><button>Apply</button></form>
</main>
<footer>&copy; 2024 Globex Corporation. All rights reserved.</footer>
</body></html>"""


def test_generic_career_page():
    result = extract_page(page(CAREER), fetched_at="2024-05-05T00:00:00Z")
    assert result.problems == []
    [posting] = result.postings
    assert posting.extractor == "generic"
    assert posting.title == "Platform Engineer"
    assert posting.company == "Globex"
    assert posting.location_raw == "Lisbon, Portugal"
    assert posting.employment_type_raw == "Full-time"
    assert posting.date_posted_raw == "Posted 2 days ago"
    assert posting.external_id == "98765"
    assert posting.source == "globex.example"  # the registrable domain (jobcrawl.sources)
    assert posting.description_html.startswith('<div class="job-description">')
    assert "Operate Kubernetes clusters" in posting.description_text
    assert "Home" not in posting.description_text
    assert posting.sections


def test_title_and_company_from_document_title_without_h1():
    html = """<html><head><title>Initech - Office Manager</title>
    <meta property="og:url" content="https://jobs.lever.co/initech/1b4e28ba-2fa1-11d2-883f-0016d3cca427"></head>
    <body><div class="posting"><h2>Office Manager</h2><div class="location">Austin, TX</div>
    <div class="content"><p>Initech is hiring an office manager to keep the office running smoothly every day.</p>
    <h3>Requirements</h3><ul><li>Two years of experience managing an office</li><li>Great people skills</li></ul>
    </div></div></body></html>"""
    [posting] = extract_page(page(html, url="https://jobs.lever.co/initech/1b4e28ba-2fa1-11d2-883f-0016d3cca427")).postings
    assert posting.title == "Office Manager"
    assert posting.company.casefold() == "initech"
    assert posting.location_raw == "Austin, TX"
    assert posting.external_id == "1b4e28ba-2fa1-11d2-883f-0016d3cca427"


def test_densest_block_without_known_containers():
    paragraphs = "".join(
        f"<p>Paragraph {i}: you will design, build and operate services with experience in distributed systems.</p>"
        for i in range(6)
    )
    html = f"""<html><head><title>Staff Engineer - Hooli</title></head><body>
    <div class="top"><a href="/">Hooli</a><span>Menu</span></div>
    <div class="wrap"><h1>Staff Engineer</h1><div class="x1"><div class="x2">{paragraphs}</div></div></div>
    <div class="bottom">Privacy | Terms</div></body></html>"""
    [posting] = extract_page(page(html, url="https://hooli.example/careers/staff")).postings
    assert posting.title == "Staff Engineer"
    assert posting.company == "Hooli"
    assert posting.description_html.startswith('<div class="x2">')
    assert "Privacy" not in posting.description_text


def test_bot_check():
    html = """<html><head><title>Just a moment...</title></head><body>
    <div id="challenge-running">Checking if the site connection is secure</div>
    <noscript>Enable JavaScript and cookies to continue</noscript></body></html>"""
    result = extract_page(page(html))
    assert result.postings == []
    assert [p.reason for p in result.problems] == ["bot-check"]
    assert result.problems[0].stage == "extract"


def test_captcha_page():
    html = """<html><head><title>hCaptcha</title></head><body><h1>Please verify you are human</h1>
    <div class="h-captcha" data-sitekey="x"></div></body></html>"""
    assert [p.reason for p in extract_page(page(html)).problems] == ["bot-check"]


def test_login_wall():
    html = """<html><head><title>Sign In | Jobs</title></head><body><h1>Sign in to see this job</h1>
    <form action="/login" method="post"><input name="user"><input type="password" name="pw"><button>Sign in</button>
    </form></body></html>"""
    result = extract_page(page(html, url="https://jobs.example.com/job/123"))
    assert [p.reason for p in result.problems] == ["login-wall"]


def test_empty_listing():
    html = """<html><head><title>Search jobs</title></head><body><h1>Search results</h1>
    <p>No jobs found matching your search.</p></body></html>"""
    result = extract_page(page(html, url="https://jobs.example.com/jobs?q=zzzz"))
    assert result.postings == []
    assert [p.reason for p in result.problems] == ["empty-listing"]


def test_no_posting():
    html = """<html><head><title>About us</title></head><body><h1>About us</h1>
    <p>We make widgets.</p></body></html>"""
    result = extract_page(page(html, url="https://example.com/about"))
    assert [p.reason for p in result.problems] == ["no-posting"]
    assert result.postings == []


WORKABLE_LIKE = """<html><head><title>Wild Card - Initech</title>
<meta property="og:title" content="Wild Card - Initech"></head><body>
<div id="app"><header role="banner"><div data-ui="header-logo"><a href="/initech/"><img alt="Initech"></a></div>
 <h1 data-ui="job-title">Wild Card</h1>
 <p><span data-ui="job-workplace"><strong>Remote</strong></span><span data-ui="job-department">Wild Card</span>
  <span data-ui="job-type">Full time</span></p>
 <div data-ui="job-location"><span>United States</span></div></header>
<main><section data-ui="job-description"><h2>Description</h2><div><p>If you don't see the perfect job position,
 just apply to this one - we will brainstorm to put you in position to do the best work of your life.</p></div></section>
<section data-ui="job-requirements"><h2>Requirements</h2><ul><li>You have shipped something people use and
 have experience with open source.</li><li>You thrive in ambiguity and love shaping your own role.</li>
 <li>You are excited to collaborate with a vibrant community of engineers and researchers.</li></ul></section>
<section data-ui="job-benefits"><h2>Benefits</h2><ul><li>Unlimited time off</li></ul></section></main>
</div></body></html>"""


def test_job_header_inside_header_element_and_data_ui_location():
    # a <header> holding the job's own h1 and location (Workable) is content, not site chrome
    result = extract_page(page(WORKABLE_LIKE, url="https://apply.workable.com/initech/j/0BD8C06DB3/"))
    posting = result.postings[0]
    assert posting.title == "Wild Card"
    assert posting.company == "Initech"
    assert posting.location_raw == "United States"


def test_logo_heading_in_site_header_is_not_the_title():
    html = """<html><head><title>Platform Engineer - Globex</title></head><body>
    <header><h1 class="logo">Globex</h1></header>
    <main><h2>Platform Engineer</h2><div class="job-description"><p>We are looking for an engineer with experience
    running Kubernetes clusters and automating everything that can be automated in our platform.</p>
    <h3>Requirements</h3><ul><li>3+ years of experience</li></ul></div></main></body></html>"""
    posting = extract_page(page(html)).postings[0]
    assert posting.title == "Platform Engineer"
    assert posting.company == "Globex"


def test_page_urls_keep_each_readers_rules():
    from parsel import Selector

    from jobcrawl.extract import page_canonical
    from jobcrawl.extract.common import page_urls

    page = Selector(text='<html><head><link rel="canonical"><link rel="canonical" href=" https://a.example/1 ">'
                         '<meta name="og:url" content=" https://b.example/2 ">'
                         '<meta property="og:url" content="https://c.example/3"></head><body></body></html>')
    urls = page_urls(page)
    assert urls.first_canonical_href is None  # the extractors read the first canonical link only
    assert urls.any_canonical_href == " https://a.example/1 "
    assert urls.og_url_property == "https://c.example/3"
    assert urls.og_url == "https://b.example/2"  # as meta(): property or name, cleaned
    assert page_canonical(urls) == "https://a.example/1"
    # a second top-level <html> (libxml2 keeps one in some real pages): only the document-wide reads see it
    second = Selector(text='<html><body><p>x</p></body></html><html><body><link rel="canonical" href="https://d.example/4">'
                           '</body></html>')
    urls = page_urls(second)
    assert urls.first_canonical_href is None and urls.any_canonical_href == "https://d.example/4"
    assert page_urls(Selector(text="<html><body><p>no links</p></body></html>")) == page_urls(
        Selector(text="<html><head></head><body></body></html>"))
    # as the guarded queries it replaces: a word written with character references is not looked for
    escaped = page_urls(Selector(text='<html><head><link rel="&#99;anonical" href="https://e.example/5"></head></html>'))
    assert escaped.any_canonical_href is None and escaped.first_canonical_href is None


_PER_ELEMENT_LOC_XPATH = (  # the form generic._LOC_ATTR_XPATH replaced: every element, eight attributes each
    "//body//*[not(self::script or self::style or self::a or self::button or self::input or self::option or "
    "self::select or self::li[@id] or self::svg or self::path or self::img or self::meta or self::link)]["
    + " or ".join(f"contains(translate(@{name}, 'LOCATION', 'location'), 'location')"
                  for name in ("class", "id", "data-automation-id", "data-testid", "data-qa", "data-ui", "itemprop",
                               "aria-label"))
    + "]"
)


def test_location_attribute_query_finds_what_the_per_element_query_finds():
    from pathlib import Path

    from parsel import Selector

    from jobcrawl.extract.generic import _LOC_ATTR_XPATH

    root = Path(__file__).resolve().parent.parent / "fixtures"
    pages = sorted(root.rglob("*.html"))
    pages.append(None)
    for path in pages:
        text = path.read_text(encoding="utf-8", errors="replace") if path else (
            '<html><body class="location"><div id="x-Location"><a class="location">a</a><li id="l" class="location">'
            '</li><span aria-label="LOCATION" data-qa="location">b</span></div></body></html>'
            '<html><body><p itemprop="jobLocation">second root</p></body></html>')
        page = Selector(text=text)
        assert [n.root for n in page.xpath(_LOC_ATTR_XPATH)] == [n.root for n in page.xpath(_PER_ELEMENT_LOC_XPATH)], path


def test_site_name_decorations_are_stripped_only_at_the_edges():
    # "Jobs with X" is a decoration (the page's name for its job site); "Jobs" inside a name is part of it
    for site_name, company in (("Jobs with Globex", "Globex"), ("Steve Jobs Archive Careers", "Steve Jobs Archive")):
        html = CAREER.replace("Globex Careers", site_name).replace(" | Careers at Globex", "").replace(
            "&copy; 2024 Globex Corporation. All rights reserved.", "")
        [posting] = extract_page(page(html), fetched_at="2024-05-05T00:00:00Z").postings
        assert posting.company == company


# the career page above with its location block replaced: a "Locations" label over a map widget
MAP_PAGE = CAREER.replace('<div class="job-location">Location: Lisbon, Portugal</div>', "{header}").replace(
    "</main>", '<div><div>Locations</div><div class="map"><div>Use ⌘ + scroll to zoom the map</div>'
    "<button>Zoom in</button><button>Zoom out</button></div></div></main>")


def test_map_overlay_instruction_is_not_a_location():
    [posting] = extract_page(page(MAP_PAGE.replace("{header}", "")), fetched_at="2024-05-05T00:00:00Z").postings
    assert posting.location_raw is None  # "Use ⌘ + scroll to zoom the map" follows the label: no place at all


def test_location_icon_text_labels_the_place_beside_it():
    header = '<div><i class="icon"><u>Location pin icon</u></i><span>Zurich, Switzerland</span></div>'
    [posting] = extract_page(page(MAP_PAGE.replace("{header}", header)), fetched_at="2024-05-05T00:00:00Z").postings
    assert posting.location_raw == "Zurich, Switzerland"


@pytest.mark.parametrize("text", ["Use ⌘ + scroll to zoom the map", "Click to expand the map", "Tap to see on map",
                                  "Press Ctrl + scroll to zoom", "Drag to move"])
def test_ui_instructions_are_recognized(text):
    from jobcrawl.extract.generic import is_ui_instruction

    assert is_ui_instruction(text)


@pytest.mark.parametrize("text", ["Zurich, Switzerland", "Useless Loop, WA", "Pressbaum, Austria", "Remote (US)",
                                  "Holdenville, OK", "Washington, D.C."])
def test_places_are_not_ui_instructions(text):
    from jobcrawl.extract.generic import is_ui_instruction

    assert not is_ui_instruction(text)
