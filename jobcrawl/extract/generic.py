"""Generic career pages: no structured data, so read what a person reads, and only what the page states.

- title: from agreeing signals: Workday's ``jobPostingHeader``; the main heading (an h1, else an h2) that the
  og:title / twitter:title / <title> repeat; else those minus what repeats the site name, the company or the
  location ("Founding Product Designer at Mintlify | Y Combinator's Work at a Startup" -> "Founding Product
  Designer"). A site's own title ("Career Opportunities", "Careers", "Search Jobs") is never a job title.
- company: only what the page names: a "... at Company" title, og:site_name, application-name, a "Company
  careers" / "Work for Company" title, the document title's other part, twitter:site, the copyright line, a logo's
  alt text ("Acme Logo"), an equal-opportunity statement ("Acme is an equal opportunity employer"). Never a host
  name or a URL slug; never an ATS or job-board vendor (TalentReef, Workday, Greenhouse, ...) or site chrome.
- location: Workday's ``locations`` block beside its header; elements whose class/id/data-*/itemprop/aria-label
  mention "location" (dt/dd lists split), a "Location" label followed by its value, else a "City, Region" line in
  the header right after the title. "Remote" in a list ("San Francisco, CA / Remote") stays one of the places.
- description: a known description container, else the smallest element that holds most of the page's running
  text (paragraphs and list items outside nav/header/footer/forms/menus).

Every value is returned with its source in ``field_sources`` (docs/schema.md lists the names).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from parsel import Selector

from jobcrawl.extract import jsonld, query
from jobcrawl.extract.common import (
    PageUrls,
    clean,
    description_from_node,
    location_fields,
    meta,
    node_text,
    page_urls,
    with_sources,
)
from jobcrawl.normalize.company import company_key, strip_page_decorations
from jobcrawl.normalize.money import first_pay

DESCRIPTION_CSS = (
    '[data-automation-id="jobPostingDescription"]',
    '[itemprop="description"]',
    ".job-description",
    "#job-description",
    "#jobDescription",
    ".jobDescription",
    ".job__description",
    ".posting-page .content",
    "#content .section-wrapper",
    "#content",
)

_BOILER_TAGS = {"nav", "header", "footer", "aside", "form", "script", "style", "noscript", "button", "select",
                "option", "svg", "template", "iframe", "label", "dialog"}
_BOILER_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|footer|cookies?|consent|breadcrumbs?|modal|popup|sr-only|"
    r"visually-hidden|skip)(?:[\s_-]|$)",
    re.I,
)
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:sr-only|visually-hidden|screen-reader-text|hidden|d-none)(?:\s|$)", re.I)
_SEPARATORS = re.compile(r"\s+(?:[-|–—•·:@]|at)\s+")
_GENERIC_PART = re.compile(
    r"^(?:careers?|jobs?|job (?:details|posting|description|opening)|home|apply|join us|open positions|"
    r"job application(?: for)?|careers? at|jobs at|work (?:at|with) us)$",
    re.I,
)
_DATE_PART = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$|^\d{4}-\d{2}-\d{2}")
_LOC_LABEL = re.compile(r"^\s*(?:job\s+)?locations?\s*:?\s*", re.I)
_LOC_LINE = re.compile(
    r"^[|•·\s]*((?:[A-Z][\w.'()\-]*\.?)(?:\s+[\w.'()\-]+){0,4}(?:\s*,\s*[A-Z][\w.'()\-]*(?:\s+[\w.'()\-]+){0,4}){1,3})"
    r"(?:\s*(?:[—–|·•]|\s-\s).*)?$"
)
_REMOTE = re.compile(r"\b(remote|hybrid|telecommute|work from home)\b", re.I)
_EMPLOYMENT = re.compile(r"\b(full[- ]?time|part[- ]?time|contract(?:or)?|temporary|internship|intern|permanent|freelance)\b", re.I)
_POSTED = re.compile(
    r"^(?:posted|date posted|job posted(?: on)?|posted on|published(?: on)?|posting date)\s*:?\s*(.{3,40})$", re.I
)
_LABELS = (
    (re.compile(r"^(?:remote type|workplace(?: type)?|work model|work arrangement|location type)\s*:?$", re.I), "remote_raw"),
    (re.compile(r"^(?:time type|employment type|job type|work type|type|schedule|commitment)\s*:?$", re.I),
     "employment_type_raw"),
    (re.compile(r"^(?:date posted|posted(?: on)?|job posted(?: on)?|published(?: on)?|posting date)\s*:?$", re.I),
     "date_posted_raw"),
    (re.compile(r"^(?:salary(?: range| band| scale)?|pay(?: range| band| scale| rate)?|compensation(?: range)?|"
                r"base (?:salary|pay)|hourly rate|ote|on-target earnings)\s*:?$", re.I), "salary_raw"),
    (re.compile(r"^(?:closing date|apply by|application deadline|filing deadline|valid through)\s*:?$", re.I),
     "valid_through_raw"),
)
_COPYRIGHT = (
    re.compile(r"©\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?([A-Z][\w&.'’ -]{1,40})"),
    re.compile(r"([A-Z][\w&.'’ -]{1,40}?)\s*©"),
)
_COMPANY_SUFFIX = re.compile(r"[\s,]*(?:all rights? reserved.*|inc\.?|llc|ltd\.?|gmbh|corp\.?|\.)\s*$", re.I)

_PLATFORM_NAMES = {"lever", "greenhouse", "ashby", "workday", "workable", "smartrecruiters", "linkedin", "indeed"}


def _boilerplate(el: etree._Element, stop: etree._Element | None = None, allow_header: bool = False) -> bool:
    """Inside navigation, footers, forms, menus... (``allow_header``: a ``<header>`` is content, as the job
    header of many career pages is: Workable's ``<header><h1 data-ui="job-title">``)."""
    while el is not None and el is not stop:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BOILER_TAGS and not (allow_header and tag == "header"):
            return True
        cls = f'{el.get("class") or ""} {el.get("id") or ""} {el.get("role") or ""}'
        if cls.strip() and _BOILER_CLASS.search(cls):
            return True
        if el.get("aria-hidden") == "true" or el.get("hidden") is not None:
            return True
        el = el.getparent()
    return False


def _hidden(el: etree._Element) -> bool:
    while el is not None:
        if _HIDDEN_CLASS.search(el.get("class") or "") or el.get("hidden") is not None:
            return True
        el = el.getparent()
    return False


# --- company --------------------------------------------------------------------------------------------------

# ATS and job-board vendors: their names stand in og:site_name, copyright lines and titles of the postings they
# host, and are never the employer of those postings (compared by company_key: "Workday, Inc." -> "workday").
VENDOR_KEYS = frozenset({
    "talentreef", "jobappnetwork", "workday", "myworkdayjobs", "greenhouse", "greenhouse software", "lever",
    "ashby", "ashbyhq", "smartrecruiters", "workable", "icims", "taleo", "oracle taleo", "successfactors",
    "sap successfactors", "jobvite", "bamboohr", "breezy", "breezy hr", "recruitee", "personio", "teamtailor",
    "jazzhr", "applytojob", "paylocity", "ultipro", "ukg", "phenom", "phenom people", "eightfold", "linkedin",
    "indeed", "glassdoor", "ziprecruiter", "monster", "dice", "simplyhired", "careerbuilder", "wellfound",
    "builtin", "built in", "otta", "seek", "stepstone", "welcome to the jungle", "hired", "join", "jobs2careers",
})
# Words of a site's own navigation or header that name no employer ("careers" is a Workday logo's alt text).
_SITE_CHROME = re.compile(
    r"^(?:careers?|jobs?|job search|search(?: jobs?)?|career opportunities|current openings|open positions|"
    r"job openings|opportunities|home|logo|apply|menu|join us|join our team|talent community|careers? (?:site|page|"
    r"home)|jobs? (?:site|page|board)|company logo|image|banner)$",
    re.I,
)
_SEGMENT_SPLIT = re.compile(r"\s+[|–—·•]\s+|\s+-\s+")
_AT_COMPANY = re.compile(r"\S\s+(?:at|@)\s+(?P<company>\S.{0,58}?)\s*(?:\([^)]*\))?$", re.I)
_CAREERS_OF = re.compile(
    r"^(?:careers?|jobs?|work(?:ing)?|job openings|opportunities|join)\s+(?:at|with|for)\s+(?P<company>\S.{0,58})$"
    # "<X> Jobs" often names a job category ("Python Developer Jobs"), "<X> Careers" the employer
    r"|^(?P<company2>\S.{0,58}?)\s+(?:careers?|careers? site)$",
    re.I,
)
_LOGO_ALT = re.compile(r"^(?:logo (?:of|for)\s+)?(?P<company>\S.{0,58}?)(?:\s+(?:company\s+)?logo)$|^logo (?:of|for)\s+(?P<company2>\S.{0,58})$", re.I)
# The legal line career pages carry: "Acme is proud to be an equal opportunity employer", "Acme es un empleador
# que ofrece igualdad de oportunidades".
_EQUAL_OPPORTUNITY = re.compile(
    r"(?:^|[.!?:]\s+|\n)(?P<company>[A-Z0-9][\w&.'’ -]{0,48}?(?:,\s*(?:Inc|LLC|Ltd|Corp)\.?)?)\s+(?:is\s+(?:proud\s+to\s+be\s+|committed\s+to\s+being\s+)?"
    r"an?\s+equal\s+(?:employment\s+)?opportunit(?:y|ies)\s+(?:employer|workplace)|es\s+un\s+empleador\s+(?:que\s+"
    r"ofrece\s+)?(?:igualdad\s+de|las\s+mismas)\s+oportunidades)"
)
_NOT_A_NAME = re.compile(
    r"^(?:we|it|company|brand|the company|our company|this company|the employer|this employer|a|an|the|this|that|"
    r"this time|least|minimum|a minimum|first|present|times|home|work|night|last)$", re.I
)
# "At Netflix, we don't have rules": how career pages speak of themselves; the name must recur on the page.
_AT_NAME_WE = re.compile(r"\bAt ([A-Z0-9][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3}),? (?:we|our|you)\b")


def is_vendor(name: str | None) -> bool:
    key = company_key(name)
    return bool(key) and (key in VENDOR_KEYS or key.removesuffix(" inc") in VENDOR_KEYS)


def _company_candidate(name: str | None) -> str | None:
    """A name the page may give its employer under, without page decorations; None for what names no employer
    (a platform, a vendor, site navigation, a pronoun)."""
    name = clean(name)
    if not name:
        return None
    if re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", name):  # a domain the page writes as its name: amazon.jobs
        name = slug_name(name.split(".")[0]) or ""
    name = clean(strip_page_decorations(name).strip(" -|:,."))
    if not name or name.casefold() in _PLATFORM_NAMES or is_vendor(name) or _SITE_CHROME.match(name):
        return None
    if _NOT_A_NAME.match(name):
        return None
    return name


def slug_name(slug: str | None) -> str | None:
    """A display name from a slug the page writes: "acme-corp" -> "Acme Corp" (mixed-case slugs are kept)."""
    if not slug:
        return None
    name = re.sub(r"[-_+]+", " ", slug).strip()
    return name.title() if name.islower() else name


def squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).casefold()


def title_segments(text: str) -> list[str]:
    """The parts of a document title between its separators (" | ", " - ", " – ", " · ")."""
    return [p for p in (clean(part) for part in _SEGMENT_SPLIT.split(text)) if p]


def _at_company(doc_title: str, site_name: str | None) -> str | None:
    """"Founding Product Designer at Mintlify | Y Combinator's Work at a Startup" -> "Mintlify" (the site's own
    name, og:site_name, is not a segment to read)."""
    text = re.sub(r"^\s*job application for\s+", "", doc_title, flags=re.I)
    for part in re.split(r"\s+[|–—·•]\s+", text):
        if site_name and squash(part) == squash(site_name):
            continue
        match = _AT_COMPANY.search(part)
        if match and not re.match(r"^(?:a|an)\s", match.group("company"), re.I):
            return _company_candidate(match.group("company"))
    return None


def _careers_of(doc_title: str) -> str | None:
    """"Meta Careers", "Careers at Meta", "Work for Krispy Kreme" -> the company they name."""
    for part in title_segments(doc_title):
        match = _CAREERS_OF.match(part)
        if match:
            return _company_candidate(match.group("company") or match.group("company2"))
    return None


_COPYRIGHT_SIGNS = ("©", query.Folded("&copy"), re.compile(r"&#(?:0*169|x0*a9)"))  # as the source may spell it


def _meta_descriptions(root: Selector) -> list[str]:
    """og:description / description: pages that cut the description short in the body keep it whole there."""
    return [d for d in (meta(root, "og:description"), meta(root, "description")) if d]


def _copyright_company(root: Selector) -> str | None:
    texts = query.xpath(root, '//body//text()[contains(., "©")]', *_COPYRIGHT_SIGNS).getall()[-5:][::-1]
    texts += [d[d.index("©"):] for d in _meta_descriptions(root) if "©" in d]
    for text in texts:
        text = clean(text) or ""
        for pattern in _COPYRIGHT:
            match = pattern.search(text)
            if match:
                # the name ends with its sentence: "©2023 BlackBerry. All right reserved."
                name = _company_candidate(_COMPANY_SUFFIX.sub("", re.split(r"\.\s", match.group(1))[0]))
                if name and len(name.split()) <= 5 and not re.match(r"^(?:copyright|all rights)", name, re.I):
                    return name
    return None


def _logo_company(root: Selector) -> str | None:
    """The alt text of the site's logo: "Krispy Kreme Logo"."""
    for alt in query.xpath(root, "//body//img/@alt", query.Folded("alt")).getall():
        match = _LOGO_ALT.match(clean(alt) or "")
        if match:
            name = _company_candidate(match.group("company") or match.group("company2"))
            if name:
                return name
    return None


_body_texts = etree.XPath("//body//text()[not(ancestor::script) and not(ancestor::style)]", smart_strings=False)


def _equal_opportunity_company(root: Selector, texts: list[str]) -> str | None:
    """``texts``: the body's text nodes (:data:`_body_texts`)."""
    if not query.may_contain(root, re.compile(r"(?i)equal\s+(?:employment\s+)?opportunit|empleador")):
        return None
    for text in texts:
        match = _EQUAL_OPPORTUNITY.search(clean(text) or "")
        if match:
            name = _company_candidate(match.group("company"))
            if name and len(name.split()) <= 5:
                return name
    return None


def _at_name_company(texts: list[str]) -> str | None:
    """"At Netflix, we ...", when the page names Netflix at least three times."""
    text = " ".join(texts)
    for match in _AT_NAME_WE.finditer(text):
        name = _company_candidate(match.group(1))
        if name and len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", text)) >= 3:
            return name
    return None


def _title_parts(doc_title: str | None, job_title: str | None) -> list[str]:
    """Parts of a document title other than the job title itself."""
    if not doc_title:
        return []
    rest = doc_title
    if job_title and job_title.casefold() in doc_title.casefold():
        i = doc_title.casefold().index(job_title.casefold())
        rest = f"{doc_title[:i]} | {doc_title[i + len(job_title):]}"
    elif job_title:
        return []
    rest = re.sub(r"^\s*job application for\s*", "", rest, flags=re.I)
    parts = [clean(p.strip(" -|–—:@,")) for p in _SEPARATORS.split(f" {rest} ")]
    out = []
    for part in parts:
        if not part or _GENERIC_PART.match(part) or _DATE_PART.match(part) or len(part) > 60:
            continue
        if re.match(r"^(?:in|for)\s", part, re.I) or re.fullmatch(r"(?:fully |100% )?(?:remote|hybrid|on-?site)", part, re.I):
            continue
        out.append(part)
    return out


def company_candidates(root: Selector, doc_titles: list[str | None], title: str | None,
                       with_title_parts: bool = True) -> Iterator[tuple[str | None, str]]:
    """(name or None, source) in order of preference; every name is one the page itself writes."""
    site_name = meta(root, "og:site_name")
    for doc_title in doc_titles:
        if doc_title:
            yield _at_company(doc_title, site_name), "title.at-company"
    yield _company_candidate(site_name), "og:site_name"
    yield _company_candidate(jsonld.organization_name(root)), "jsonld.Organization"
    yield _company_candidate(meta(root, "application-name")), "application-name"
    for doc_title in doc_titles:
        if doc_title:
            yield _careers_of(doc_title), "title.company-careers"
    if with_title_parts:
        title_words = _words(title or "")
        for doc_title in doc_titles:
            for part in _title_parts(doc_title, title):
                name = _company_candidate(part)
                # "Python Developer Jobs | Remote Python Developer": a part made of the title's words is no name
                if name and not _words(name) <= title_words:
                    yield name, "title.part"
    twitter = meta(root, "twitter:site")
    if twitter and twitter.startswith("@"):
        yield _company_candidate(twitter[1:]), "twitter:site"
    yield _copyright_company(root), "copyright"
    yield _logo_company(root), "logo.alt"
    texts = _body_texts(root.root)  # read once, for the last two rules only
    yield _equal_opportunity_company(root, texts), "text.equal-opportunity"
    yield _at_name_company(texts), "text.at-company"


# --- title ----------------------------------------------------------------------------------------------------

# A site's own title, never a job's: "Career Opportunities", "Careers", "Search Jobs - Dice.com", "Work for Acme".
_SITE_TITLE = re.compile(
    r"^(?:careers?|jobs?|career opportunities|job opportunities|current (?:openings|opportunities)|open positions|"
    r"job openings|job search|search (?:jobs?|results)\b.*|jobs? search\b.*|home|apply|job details|job posting|"
    r"(?:careers?|jobs?|work|opportunities) (?:at|with|for) .+|join (?:us|our team)\b.*)$",
    re.I,
)


def is_site_title(text: str | None) -> bool:
    return bool(text) and bool(_SITE_TITLE.match(text.strip()))


_BRAND_CLASS = re.compile(r"logo|brand|site-?(?:title|name)", re.I)


def _is_brand(el: etree._Element) -> bool:
    """A site's logo or brand heading (``<h1 class="logo">Globex</h1>``) names the site, not the job."""
    for node in (el, el.getparent()):
        if node is not None and _BRAND_CLASS.search(f'{node.get("class") or ""} {node.get("id") or ""}'):
            return True
    return False


def _headings(root: Selector, tag: str) -> list[str]:
    out = []
    for node in root.xpath(f"//body//{tag}"):
        if _hidden(node.root) or _boilerplate(node.root, allow_header=tag == "h1") or _is_brand(node.root):
            continue
        text = node_text(node)
        if text and len(text) <= 200:
            out.append(text)
    return out


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _names_it(part: str, names: list[str]) -> bool:
    """Whether a title part is one of ``names`` (the company, the site), bare or as "<name> Careers"."""
    key = squash(strip_page_decorations(part))
    return bool(key) and any(key == squash(n) for n in names if n)


def _is_place(part: str, places: list[str]) -> bool:
    """A title part that only repeats the known location ("Cleveland, OH" of "6907 Pearl Road, Cleveland, US,
    OH") or says remote."""
    if re.fullmatch(r"\(?(?:fully |100% )?(?:remote|hybrid|on-?site)\)?", part, re.I):
        return True
    words = _words(part)
    return bool(words) and any(words <= _words(p) for p in places if p)


def title_core(text: str, company: str | None, site_name: str | None) -> str | None:
    """A document title minus what repeats the company or the site, generic words and dates:
    "Founding Product Designer at Mintlify | Y Combinator's Work at a Startup" -> "Founding Product Designer"."""
    text = re.sub(r"^\s*job application for\s+", "", text, flags=re.I)
    names = [n for n in (company, site_name) if n]
    if company:
        # "<job> at <Company>" in one of the parts: that part, minus " at <Company>", is the job
        for part in re.split(r"\s+[|–—·•]\s+", text):
            match = re.search(rf"^(.+?)\s+(?:at|@)\s+{re.escape(company)}\b.*$", part, re.I)
            if match:
                return clean(match.group(1))
    pieces = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.*?\S)?(?=\s+[|–—·•]\s+|\s+-\s+|$)", text)]
    pieces = [(a, b) for a, b in pieces if text[a:b].strip(" |–—·•-")]

    def decoration(a: int, b: int) -> bool:
        part = clean(text[a:b].strip(" |–—·•-")) or ""
        return (not part or bool(_GENERIC_PART.match(part)) or bool(_DATE_PART.match(part)) or _names_it(part, names)
                or is_site_title(part))

    while pieces and decoration(*pieces[-1]):
        pieces.pop()
    while pieces and decoration(*pieces[0]):
        pieces.pop(0)
    if not pieces:
        return None
    core = clean(text[pieces[0][0]: pieces[-1][1]].strip(" |–—·•-"))
    return None if not core or is_site_title(core) else core


def _without_place_tail(title: str, places: list[str]) -> str:
    parts = [m for m in re.finditer(r"\S(?:.*?\S)?(?=\s+[|–—·•]\s+|\s+-\s+|$)", title)]
    while len(parts) > 1 and _is_place(parts[-1].group(0).strip(" |–—·•-"), places):
        parts.pop()
    return clean(title[: parts[-1].end()].rstrip(" |–—·•-")) or title


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and clean(a).casefold() == clean(b).casefold()


def find_title(root: Selector, metas: list[tuple[str, str]], company: str | None, site_name: str | None = None,
               places: list[str] | None = None) -> tuple[str | None, str | None]:
    """(title, source) from agreeing signals: headings against the og:title / twitter:title / <title> texts
    (``metas``: (source, text)); a heading whose tail only repeats the location or company that a shorter title
    signal leaves out is taken without it ("Assistant Manager Cleveland, OH" -> "Assistant Manager")."""
    places = places or []
    cores = [(src, title_core(text, company, site_name)) for src, text in metas]
    cores = [(src, c) for src, c in cores if c]
    refs = [text.casefold() for _, text in metas]
    for tag in ("h1", "h2"):
        # a site header's logo heading names the company, not the job
        heads = [h for h in _headings(root, tag)
                 if not (company and squash(h) == squash(company)) and not is_site_title(h)]
        for head in heads:
            for _, core in cores:
                if _same(head, core):
                    return core, tag
            # "Assistant Manager Cleveland, OH" where a title says "Assistant Manager - Donut Co"
            for core in [c for _, c in cores] + [p for _, text in metas for p in title_segments(text)]:
                rest = clean(head[len(core):].strip(" ,|–—·•-")) if head.casefold().startswith(core.casefold()) else None
                if rest and (_is_place(rest, places) or _names_it(rest, [company or ""])):
                    return core, tag
            if any(head.casefold() in ref for ref in refs):
                return head, tag
        if tag == "h1" and heads and (not refs or (len(heads) == 1 and len(heads[0]) > 3)):
            return heads[0], tag
    for src, core in cores:
        # no heading agrees: a trailing part that repeats the location goes ("Data Engineer - Berlin" where the
        # page's location is Berlin); a heading saying it too ("PR Coordinator - Japan") would have kept it
        return _without_place_tail(core, places), src
    h1s = [h for h in _headings(root, "h1") if not is_site_title(h)]
    return (h1s[0], "h1") if h1s else (None, None)


def workday_header(root: Selector) -> dict[str, Any]:
    """Workday's job pane: the title in ``jobPostingHeader`` and, nearest to it, its ``locations`` and
    ``remoteType`` blocks (a search page also holds every result card's ``locations``)."""
    headers = query.css(root, '[data-automation-id="jobPostingHeader"]')
    title = node_text(headers[0]) if headers else None
    if not title:
        return {}
    out: dict[str, Any] = {"title": title}
    for ancestor in headers[0].root.iterancestors():
        blocks = ancestor.xpath('.//*[@data-automation-id="locations"]')
        if blocks:
            values = _location_from_node(Selector(root=blocks[0], type="html"))
            values = [re.sub(r"^locations?\s+", "", v, flags=re.I) for v in values]
            out.update(location_fields([v for v in values if v]))
            remote = ancestor.xpath('.//*[@data-automation-id="remoteType"]//dd')
            if remote:
                out["remote_raw"] = node_text(Selector(root=remote[0], type="html"))
            break
    return out


# --- location -------------------------------------------------------------------------------------------------

_LOC_ATTRS = ("class", "id", "data-automation-id", "data-testid", "data-qa", "data-ui", "itemprop", "aria-label")
_LOC_NOT_TAGS = (
    "self::script or self::style or self::a or self::button or self::input or self::option or "
    "self::select or self::li[@id] or self::svg or self::path or self::img or self::meta or self::link"
)
# Elements below <body> one of whose _LOC_ATTRS mentions "location" (any case), in document order. Stepping to
# each attribute tests only the attributes present; the equivalent "//body//*[contains(translate(@class, ...),
# 'location') or ...]" tested eight attributes on every element (bench career pages: 1.4 -> 0.3 ms).
_LOC_ATTR_XPATH = "({})[not({})]".format(
    " | ".join(f"//body/descendant::*/@{name}[contains(translate(., 'LOCATION', 'location'), 'location')]/.."
               for name in _LOC_ATTRS),
    _LOC_NOT_TAGS,
)
_LOC_EXCLUDE = re.compile(r"search|filter|nav|menu|recommend|similar|related|other|typeahead|autocomplete|index|picker|dropdown|modal", re.I)


def _location_from_node(node: Selector) -> list[str]:
    dds = node.css("dd")
    if dds:
        values = [node_text(dd) for dd in dds]
    else:
        items = node.css("li")
        values = [node_text(li) for li in items] if len(items) > 0 else [node_text(node)]
    out = []
    for value in values:
        value = _LOC_LABEL.sub("", value or "")
        value = clean(value.strip(" ()|:")) if value else None
        if value and re.fullmatch(r"(?:multiple|several|various|\d+)\s+locations?", value, re.I):
            continue
        if value and len(value) <= 3000:
            out.append(value.replace("( ", "(").replace(" )", ")"))
    return out


_LOCATION_WORD = query.Folded("location")  # the attribute test above ignores case


def _attr_locations(root: Selector) -> list[str]:
    for node in query.xpath(root, _LOC_ATTR_XPATH, _LOCATION_WORD):
        attrs = " ".join(f"{k}={v}" for k, v in node.attrib.items() if k in ("class", "id", "data-automation-id",
                                                                              "data-testid", "aria-label", "itemprop",
                                                                              "data-ui"))
        if _LOC_EXCLUDE.search(attrs):
            continue
        if _boilerplate(node.root, allow_header=True):
            continue
        ancestors_attrs = " ".join((a.get("class") or "") + " " + (a.get("id") or "") for a in node.root.iterancestors())
        if _LOC_EXCLUDE.search(ancestors_attrs):
            continue
        text = node_text(node)
        if not text or len(text) > 3000 or (len(text) > 300 and text.count(",") < len(text) / 100):
            continue
        values = [v for v in _location_from_node(node) if not is_ui_instruction(v)]
        if values and any(re.search(r"[A-Za-z]{2}", v) for v in values):
            if any(len(v) > 150 for v in values) and len(values) == 1 and "," not in values[0][:150]:
                continue
            return values
    return []


# A text telling the reader what to do with the page ("Use ⌘ + scroll to zoom the map", "Click to expand",
# "Tap to see on map"): map and widget overlays stand next to location labels, and are never a place.
_UI_INSTRUCTION = re.compile(
    r"^(?:use|click|tap|scroll|zoom|drag|press|hold|pinch|swipe|double[- ]click|select|choose)\b"
    r"|[⌘⌥⇧⌃]|\b(?:ctrl|cmd|alt|shift)\s*\+",
    re.IGNORECASE,
)


def is_ui_instruction(text: str) -> bool:
    """True for a UI instruction, not a place: an imperative verb first, or keyboard keys."""
    return bool(_UI_INSTRUCTION.search(text))


def _label_locations(root: Selector) -> list[str]:
    # a link reading "Locations" is the site's navigation, not a label; an icon's screen-reader text ("Location
    # pin icon", "Location icon") labels the place beside it as well as a written label does
    xp = ("//body//*[not(self::script or self::style or self::option)][normalize-space(text())]"
          "[re:test(normalize-space(.), '^(job )?locations?( pin| marker)?( icon)?:?$', 'i')][not(ancestor-or-self::a)]")
    for label in root.xpath(xp, namespaces={"re": "http://exslt.org/regular-expressions"}):
        if _boilerplate(label.root):
            continue
        xp_value = "following::text()[normalize-space()][not(ancestor::a or ancestor::button)][position() <= 2]"
        for value in label.xpath(xp_value).getall():
            value = clean(value.lstrip(" :|–—-"))  # "Location" and ": 6907 Pearl Road" as two text nodes
            if value and is_ui_instruction(value):
                break  # the label heads a map or widget, not a written place
            if value and not re.match(r"^(?:type|department|team)$", value, re.I) and len(value) <= 150:
                return [value]
    return []


# Texts that may be a pay label, by the cheapest tests first (substrings, then length, then the parent); _PAY_LABEL
# then decides. The parent test or EXSLT re:test first was several times slower on the real pages, since they run
# on every text of the page (docs/benchmarks.md, "Measurements behind code choices").
_PAY_LABEL_XPATH = (
    "//body//text()[contains(., 'alary') or contains(., 'ALARY') or contains(., 'ay') or contains(., 'AY') "
    "or contains(., 'ompensation') or contains(., 'OMPENSATION') or contains(., 'ate') or contains(., 'OTE') "
    "or contains(., 'arnings')][string-length() < 120][not(parent::script or parent::style or parent::option)]"
)
_PAY_LABEL_WORDS = (r"(?:base salary|salary(?: band| range| scale)?|pay(?: range| band| scale| rate)?|base pay|"
                    r"compensation(?: range| base range)?|hourly rate|ote|on-target earnings)")
# a label opening a text ("Salary Band: $145,000"), or ending a short one ("Los Angeles Pay Range", Greenhouse's
# pay box; not "Company and salary information", which goes on after the pay word)
_PAY_LABEL = re.compile(
    rf"^\s*{_PAY_LABEL_WORDS}\s*:?(?:\s|$)|^\s*(?:[\w.,'()/-]+\s+){{1,4}}?{_PAY_LABEL_WORDS}\s*:?\s*$",
    re.IGNORECASE,
)
_PAY_LABEL_BEFORE_AMOUNT = re.compile(
    r"(?:salary|pay|compensation|ote|rate|earnings)(?:\s*(?:band|range|scale))?\s*:?\s*"
    r"(?:[$€£¥₹]|[A-Z]{1,3}\$|(?:USD|EUR|GBP|CAD|AUD|INR|CHF)\s?\d)",
    re.IGNORECASE,
)
_VALUE_XPATH = "following::text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= 4]"


# Side boxes (<aside>), job headers and <label>s hold pay; navigation, footers, forms and pop-ups do not.
_CHROME_TAGS = _BOILER_TAGS - {"aside", "header", "label"}


def _in_page_chrome(el: etree._Element) -> bool:
    while el is not None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _CHROME_TAGS:
            return True
        cls = f'{el.get("class") or ""} {el.get("id") or ""} {el.get("role") or ""}'
        if cls.strip() and _BOILER_CLASS.search(cls):
            return True
        el = el.getparent()
    return False


def label_salary(root: Selector, description: Selector | None = None) -> str | None:
    """Pay in a side box or labelled line outside the description: "Salary Band: $145,000-$155,000" in one text,
    or a label ("Pay range", "Compensation", "Base salary") followed by its value. The label and value as the page
    wrote them; only a value holding an amount of pay (jobcrawl.normalize.money) counts. (Pay inside the
    description is read from its sections: jobcrawl.extract.pay.)"""
    # the body's text in one string (one C call) tells whether a pay label stands right before an amount
    # anywhere; only then are the page's texts searched (this test costs a tenth of that search: docs/benchmarks.md, "Measurements behind code choices")
    if not _PAY_LABEL_BEFORE_AMOUNT.search(root.root.xpath("string(//body)")):
        return None
    inside = description.root if description is not None else None
    for label in root.root.xpath(_PAY_LABEL_XPATH):
        if not _PAY_LABEL.match(label):
            continue
        parent = label.getparent()  # lxml: the element whose text (or tail) this is
        if parent is None or _in_page_chrome(parent):
            continue
        if inside is not None and (parent is inside or any(a is inside for a in parent.iterancestors())):
            continue
        text = clean(str(label))
        if text and first_pay(text):
            return text
        # the value's texts together: a range may be split into spans ("$190,000", "—", "$230,000 USD")
        value = clean(" ".join(str(v) for v in parent.xpath(_VALUE_XPATH)))
        pay = first_pay(value) if value else None
        if pay is not None and pay.start <= 20:
            return f"{text} {value[: pay.end]}"
    return None


def header_lines(root: Selector, title_node: Selector | None, limit: int = 30) -> list[str]:
    if title_node is None:
        return []
    xp = f"following::text()[normalize-space()][not(ancestor::script) and not(ancestor::style)][position() <= {limit}]"
    lines = []
    for text in title_node.root.xpath(xp):
        # "Full-time · Asheville, NC · $58,000 - $64,000 a year" holds three facts
        lines.extend(p for p in (clean(part) for part in re.split(r"\s[·•|]\s|\s[—–]\s|^[·•|]\s|\s[·•|]$", str(text))) if p)
    return lines


_REMOTE_PLACE = re.compile(r"(?:fully |100% )?remote(?: \(?[\w ,.-]{2,40}\)?)?|anywhere", re.I)


def _line_locations(lines: list[str]) -> list[str]:
    for line in lines[:15]:
        if len(line) > 120 or first_pay(line) or re.search(r"\d{3,}|:", line) or is_ui_instruction(line):
            continue
        # "San Francisco, CA, US / Remote": a list whose "Remote" stays one of the places
        parts = [p.strip() for p in re.split(r"\s+/\s+", line)]
        if len(parts) > 1 and any(_REMOTE_PLACE.fullmatch(p) for p in parts):
            places = [p for p in parts if _REMOTE_PLACE.fullmatch(p) or _LOC_LINE.fullmatch(p)]
            if len(places) == len(parts):
                return places
        match = _LOC_LINE.match(line)
        if match:
            return [match.group(1).strip()]
    return []


def header_facts(lines: list[str]) -> dict[str, str]:
    """Remote / employment type / posted date / salary from the header lines after the title.

    "Label" lines followed by their value win ("time type" / "Full time"); otherwise a line that reads like
    the value ("Full-time", "$120,000 - $150,000 a year", "Posted 3 days ago") is taken as is."""
    out: dict[str, str] = {}
    head = lines[:25]
    for i, line in enumerate(head[:-1]):
        for pattern, name in _LABELS:
            if pattern.match(line) and name not in out:
                value = head[i + 1]
                if len(value) <= 80 and not any(p.match(value) for p, _ in _LABELS):
                    out[name] = value
    for line in head[:15]:
        if "remote_raw" not in out and _REMOTE.search(line) and len(line) < 60 and not line.lower().startswith("remote type"):
            out["remote_raw"] = _REMOTE.search(line).group(1).title()
        if "employment_type_raw" not in out and _EMPLOYMENT.search(line) and len(line) < 40:
            out["employment_type_raw"] = line
        if "salary_raw" not in out and len(line) < 80:
            pay = first_pay(line)
            if pay:
                out["salary_raw"] = pay.text
        if "date_posted_raw" not in out:
            match = _POSTED.match(line)
            if match and re.search(r"\d|ago|today|yesterday", match.group(1), re.I):
                out["date_posted_raw"] = line if re.search(r"ago", line, re.I) else match.group(1).strip()
    return out


# --- description ----------------------------------------------------------------------------------------------


_CONTAINER_TAGS = {"div", "section", "article", "main", "td", "dd", "body"}


def densest_block(root: Selector) -> Selector | None:
    """The smallest element holding most of the page's running text (outside boilerplate)."""
    body = root.css("body")
    if not body:
        return None
    body_el = body[0].root
    totals: dict[etree._Element, int] = {}
    boiler: dict[etree._Element, bool] = {}
    total = 0
    for text in body_el.xpath(".//text()[normalize-space()]"):
        length = len(text.strip())
        if length < 20:
            continue
        parent = text.getparent()
        if parent is None:
            continue
        if text.is_tail:
            parent = parent.getparent()
            if parent is None:
                continue
        flag = boiler.get(parent)
        if flag is None:
            flag = boiler[parent] = _boilerplate(parent, body_el)
        if flag:
            continue
        total += length
        el = parent
        while el is not None:
            totals[el] = totals.get(el, 0) + length
            if el is body_el:
                break
            el = el.getparent()
    if not total:
        return None
    best, best_depth = None, -1
    for el, amount in totals.items():
        if amount >= 0.6 * total and el.tag in _CONTAINER_TAGS:
            depth = sum(1 for _ in el.iterancestors())
            if depth > best_depth:
                best, best_depth = el, depth
    if best is None or best is body_el:
        return body[0]
    return Selector(root=best, type="html")


def find_description(root: Selector) -> Selector | None:
    for selector in DESCRIPTION_CSS:
        nodes = query.css(root, selector)
        for node in nodes:
            if len(node_text(node) or "") >= 200:
                return node
    return densest_block(root)


# --- entry ----------------------------------------------------------------------------------------------------


def _title_node(root: Selector, title: str | None) -> Selector | None:
    """The heading that shows the title, else the innermost element whose text starts with it ("Founding
    Product Designer at Mintlify (W22)" in a styled <span>)."""
    if not title:
        return None
    for tag in ("h1", "h2", "h3"):
        for node in root.xpath(f"//body//{tag}"):
            text = node_text(node) or ""
            if (text == title or text.startswith(title + " ")) and not _hidden(node.root):
                return node
    literal = title.replace('"', "")
    for node in root.xpath(f'//body//*[not(self::script or self::style or self::title or self::a)]'
                           f'[starts-with(normalize-space(.), "{literal}")][not(*[starts-with(normalize-space(.), "{literal}")])]'):
        if not _hidden(node.root) and not _boilerplate(node.root, allow_header=True):
            return node
    return None


def _document_titles(root: Selector) -> list[tuple[str, str]]:
    """(source, text) of the page's own titles: og:title, twitter:title, <title>."""
    return [(src, text) for src, text in (("og:title", meta(root, "og:title")),
                                         ("twitter:title", meta(root, "twitter:title")),
                                         ("title", clean(root.xpath("//title/text()").get()))) if text]


def page_company(root: Selector, title: str | None) -> tuple[str | None, str | None]:
    """The employer the whole page names (its titles, meta tags, copyright, ...) for a posting titled ``title``:
    for a posting read from one region of the page (a search page's pane) that names none itself."""
    doc_titles = [text for _, text in _document_titles(root)]
    return next(((c, src) for c, src in company_candidates(root, doc_titles, title) if c), (None, None))


def extract(root: Selector, url: str, description: Selector | None = None,
            want_description: bool = True, declared_urls: PageUrls | None = None) -> dict[str, Any]:
    """Partial fields of a generic career page (``description``: the node if the caller already found it;
    ``declared_urls``: ``page_urls(root)`` if the caller already read them), with their ``field_sources``."""
    metas = _document_titles(root)
    doc_titles = [text for _, text in metas]
    declared_urls = declared_urls or page_urls(root)
    canonical, og_url = clean(declared_urls.first_canonical_href), declared_urls.og_url
    site_name = meta(root, "og:site_name")
    sources: dict[str, str] = {}

    workday = workday_header(root)
    locations, location_source = workday.get("locations_raw") or [], "workday.locations"
    if not locations:
        locations, location_source = _attr_locations(root), "dom.location-attribute"
    if not locations:
        locations, location_source = _label_locations(root), "dom.location-label"

    first_company = next((c for c, _ in company_candidates(root, doc_titles, None, with_title_parts=False) if c), None)
    if workday.get("title"):
        title, title_source = workday["title"], "workday.jobPostingHeader"
    else:
        title, title_source = find_title(root, metas, first_company, site_name, locations)
    candidates = ((c, src) for c, src in company_candidates(root, doc_titles, title) if c)  # lazy: most pages
    company, company_source = next(candidates, (None, None))  # need only the first
    if company and (company.islower() or company_source == "twitter:site") and " " not in company:
        # a handle ("ycombinator") is better shown as the page spells it elsewhere ("Y Combinator")
        same = [c for c, _ in candidates if squash(c) == squash(company) and c != company]
        company = next((c for c in same if " " in c or not (c.islower() or c.istitle())), company)
    if title and company and title.casefold() == company.casefold():
        title = None
    sources.update(title=title_source, company=company_source)

    out: dict[str, Any] = {"title": title, "company": company, "canonical_url": canonical or og_url}
    title_node = _title_node(root, title)
    lines = header_lines(root, title_node)
    if not locations:
        locations, location_source = _line_locations(lines), "dom.header-line"
    out.update(location_fields(locations))
    sources["location_raw"] = location_source
    facts = header_facts(lines)
    out.update(facts)
    if workday.get("remote_raw"):
        out["remote_raw"], sources["remote_raw"] = workday["remote_raw"], "workday.remoteType"
    node = description if description is not None else (find_description(root) if want_description else None)
    if "salary_raw" not in out:
        out["salary_raw"] = label_salary(root, node)
        sources["salary_raw"] = "dom.salary-label"
    if node is not None:
        out.update(description_from_node(node))
    out = {k: v for k, v in out.items() if v not in (None, "", [], {})}
    return with_sources(out, "dom.header", description_text="dom.description", **sources)
