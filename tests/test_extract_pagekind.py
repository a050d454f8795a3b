"""Page kinds told apart by structure: result lists, result lists with a job pane, posting pages with a list of
related jobs. The snippets follow the generic layouts of job boards (repeated result cards with a job link; a
detail pane beside them), not any one site."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from jobcrawl.extract import extract_page, pagekind


def page(body: str, url: str = "https://board.example.com/jobs?q=engineer&location=Cairo") -> HtmlResponse:
    return HtmlResponse(url=url, body=body.encode("utf-8"), encoding="utf-8")


def card(n: int, title: str, company: str, place: str, extra: str = "") -> str:
    return f"""<div class="search-card" data-id="{n}">
  <h5><a class="card-title-link" href="/job-detail/{n:04d}-3f2a">{title}</a></h5>
  <div class="card-company"><a href="/company/{company.lower().replace(' ', '-')}">{company}</a></div>
  <span class="search-result-location">{place}</span>
  <div class="card-description">We are looking for an engineer with experience in Python and cloud services;
   the role includes design reviews and on-call duties. {extra}</div>
  <span class="posted-date">Posted 2 days ago</span>
</div>"""


CARDS = [
    (1, "Senior Backend Engineer", "Nile Logistics", "Cairo, Egypt"),
    (2, "Data Engineer", "Delta Foods", "Giza, Egypt"),
    (3, "DevOps Engineer", "Pyramid Pay", "Cairo, Egypt"),
    (4, "QA Engineer", "Lotus Health", "Alexandria, Egypt"),
]

RESULTS = f"""<html><head><title>Search Jobs - Example Board</title></head><body>
<header><nav><a href="/">Home</a> <a href="/jobs">Find jobs</a> <a href="/login">Sign in</a></nav></header>
<form action="/jobs"><input name="q" value="engineer"><button>Search</button></form>
<div class="filters"><h3>Filters</h3><label><input type="checkbox"> Remote</label></div>
<div class="results">{''.join(card(*c) for c in CARDS)}</div>
<footer><a href="/about">About</a> <a href="/privacy">Privacy</a></footer>
</body></html>"""


def test_result_list_is_links_to_follow_never_one_posting():
    result = extract_page(page(RESULTS))
    assert result.postings == []
    assert result.follow == [f"https://board.example.com/job-detail/{n:04d}-3f2a" for n, *_ in CARDS]


def test_cards_with_several_links_follow_the_title_link():
    # cards whose company name and job type are links too: the link in the heading is the posting
    body = RESULTS.replace('<span class="posted-date">', '<a class="chip" href="/a/Full-Time-Jobs">Full Time</a>'
                                                        '<span class="posted-date">')
    result = extract_page(page(body))
    assert result.postings == []
    assert result.follow == [f"https://board.example.com/job-detail/{n:04d}-3f2a" for n, *_ in CARDS]


PANE = """<div class="job-details-pane" aria-label="Job details">
 <header><div class="employer-name">Delta Foods</div>
  <h1 class="heading">Data Engineer</h1>
  <div class="location">Giza, Egypt</div>
  <div class="salary">$90K - $120K (Employer est.)</div></header>
 <div class="job-description">
  <p>Delta Foods is hiring a Data Engineer to build the pipelines behind our supply planning.</p>
  <p><b>Responsibilities</b></p><ul><li>Build batch and streaming pipelines in Python and SQL</li>
  <li>Own data quality checks and alerting</li></ul>
  <p><b>Requirements</b></p><ul><li>3+ years of experience as a data engineer</li><li>Airflow and dbt</li></ul>
 </div>
</div>"""

# the list in a left column, the opened job (the second card) in a right column; the neighbouring first card
# shows its own, higher salary
SEARCH_WITH_PANE = RESULTS.replace(
    '<div class="results">', '<div class="two-columns"><div class="left-column"><div class="results">'
).replace(
    "</div>\n<footer>", f'</div></div><div class="right-column">{PANE}</div></div>\n<footer>'
).replace(
    '<span class="search-result-location">Cairo, Egypt</span>',
    '<span class="search-result-location">Cairo, Egypt</span><div class="salary">$150K - $200K</div>', 1,
)


def test_search_page_with_a_pane_reads_the_pane_alone():
    result = extract_page(page(SEARCH_WITH_PANE))
    [posting] = result.postings
    assert posting.title == "Data Engineer"  # the pane's heading, not the page's <title>
    assert posting.canonical_url == "https://board.example.com/job-detail/0002-3f2a"  # the opened card
    assert posting.location_raw == "Giza, Egypt"
    assert "150" not in (posting.salary_raw or "")  # never a neighbouring card's salary
    assert "supply planning" in posting.description_text
    assert "Nile Logistics" not in posting.description_text
    assert len(result.follow) == 4  # and the other cards are still followed


def test_a_heading_outside_the_list_that_names_no_card_is_no_pane():
    body = SEARCH_WITH_PANE.replace('<h1 class="heading">Data Engineer</h1>', "<h1>Welcome back</h1>")
    result = extract_page(page(body))
    assert result.postings == []
    assert len(result.follow) == 4


DESCRIPTION = """<div class="job-description">
 <p>Lotus Health is looking for a Platform Engineer to run the infrastructure of our clinic software.</p>
 <p><b>What you will do</b></p><ul><li>Operate Kubernetes clusters and the CI system</li>
 <li>Automate deployments and improve monitoring</li><li>Review code and share on-call duties</li></ul>
 <p><b>Requirements</b></p><ul><li>Experience with Terraform and a public cloud</li><li>Linux skills</li></ul>
 <p><b>Benefits</b></p><ul><li>Health insurance</li><li>25 days of paid leave</li></ul>
</div>"""

RELATED = """<div class="related"><div class="related-heading">Related Job Openings</div><ul>
 <li><div><a href="https://careers.example.com/jobs/1002/">Site Reliability Engineer</a><div>Cairo, Egypt</div></div></li>
 <li><div><a href="https://careers.example.com/jobs/1003/">Cloud Engineer</a><div>Giza, Egypt</div></div></li>
 <li><div><a href="https://careers.example.com/jobs/1004/">Security Engineer</a><div>Remote</div></div></li>
 <li><div><a href="https://careers.example.com/jobs/1005/">Network Engineer</a><div>Cairo, Egypt</div></div></li>
</ul><a href="https://careers.example.com/jobs/?team=infra">View all related jobs</a></div>"""



def posting_page(related: str, *, inside_description: bool) -> str:
    description = DESCRIPTION.replace("\n</div>", f"\n{related}</div>") if inside_description else DESCRIPTION + related
    return f"""<html><head><title>Platform Engineer | Lotus Health Careers</title>
<link rel="canonical" href="https://careers.example.com/jobs/1001"></head><body>
<div id="page"><a href="https://careers.example.com/jobs/1001/#main">Skip to main content</a>
<div class="content"><h4>Platform Engineer</h4><a href="https://careers.example.com/jobs/1001/#apply">Apply</a>
{description}</div></div></body></html>"""


# the list inside the description block, as some career sites render it: without its heading the four links
# there would make the page a listing
POSTING_WITH_RELATED = posting_page(RELATED, inside_description=True)


def test_posting_with_a_related_jobs_list_stays_a_posting():
    result = extract_page(page(POSTING_WITH_RELATED, url="https://careers.example.com/jobs/1001/"))
    [posting] = result.postings
    assert posting.title == "Platform Engineer"
    assert result.follow == []  # recommendations are not a listing to crawl


def test_related_list_recognized_by_its_heading():
    response = page(POSTING_WITH_RELATED, url="https://careers.example.com/jobs/1001/")
    [group] = pagekind.card_lists(response.selector, response.url)
    assert group.recommendation
    unheaded = POSTING_WITH_RELATED.replace("Related Job Openings", "Infrastructure team")
    response = page(unheaded, url="https://careers.example.com/jobs/1001/")
    [group] = pagekind.card_lists(response.selector, response.url)
    assert not group.recommendation


def test_a_side_list_of_cards_does_not_make_a_posting_a_listing():
    # no recommendation heading, but the four cards are a small part of the page: still a posting
    body = posting_page(RELATED.replace("Related Job Openings", "Infrastructure team"), inside_description=False)
    result = extract_page(page(body, url="https://careers.example.com/jobs/1001/"))
    assert [p.title for p in result.postings] == ["Platform Engineer"]


def test_links_of_a_page_to_itself_are_not_postings_to_follow():
    self_links = "".join(f'<li><a href="https://careers.example.com/jobs/1001/#{part}">{part}</a></li>'
                         for part in ("overview", "team", "apply", "benefits"))
    body = f"""<html><head><title>Platform Engineer</title></head><body><div class="job-description">
    <ul>{self_links}</ul>{DESCRIPTION}</div></body></html>"""
    result = extract_page(page(body, url="https://careers.example.com/jobs/1001"))
    assert [p.title for p in result.postings] == ["Platform Engineer"]


def test_a_short_posting_with_benefit_tiles_stays_a_posting():
    tiles = "".join(
        f'<div class="tile"><h3><a href="/benefits/{name.lower()}">{name}</a></h3><p>{text}</p></div>'
        for name, text in (("Health", "Private cover for you and your family."),
                           ("Pension", "We match up to five percent."),
                           ("Learning", "A yearly budget for books and courses."))
    )
    body = f"""<html><head><title>Platform Engineer</title></head><body><h1>Platform Engineer</h1>
    <div class="job-description"><p>Run our infrastructure. Requirements: experience with Linux.</p>
    <p>Apply with your CV and a short note on a system you ran.</p></div>
    <div class="tiles">{tiles}</div></body></html>"""
    result = extract_page(page(body, url="https://careers.example.com/platform-engineer"))
    assert [p.title for p in result.postings] == ["Platform Engineer"]
    assert result.follow == []


def test_calls_to_action_are_no_cards():
    tiles = "".join(f'<div class="tile"><p>{text}</p><a href="/about/{n}">Learn more</a></div>'
                    for n, text in enumerate(("Our story so far.", "Our offices.", "Our values.")))
    response = page(f"<html><body><div>{tiles}</div></body></html>")
    assert pagekind.card_lists(response.selector, response.url) == []
