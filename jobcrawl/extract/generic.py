"""Generic career pages: no structured data, so read what a person reads.

- title: the page's main heading (an h1, else an h2, that the document title repeats), else og:title / <title>
  minus the company part ("Title - Company", "Company | Title", "Job Application for Title at Company").
- company: og:site_name, the ATS board name in the URL (jobs.lever.co/<org>), the document title's other part,
  twitter:site, the copyright line, the site's host name.
- location: elements whose class/id/data-*/itemprop/aria-label mention "location" (dt/dd lists split), a
  "Location" label followed by its value, else a "City, Region" line in the header right after the title.
- description: a known description container, else the smallest element that holds most of the page's running
  text (paragraphs and list items outside nav/header/footer/forms/menus).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from jobcrawl.extract import query
from jobcrawl.extract.common import (
    PageUrls,
    clean,
    description_from_node,
    host_of,
    location_fields,
    meta,
    node_text,
    page_urls,
)
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
_CAREER_WORDS = re.compile(r"\s*\b(?:careers?|jobs?|job board|job openings|hiring)\b\s*", re.I)
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
_COMPANY_SUFFIX = re.compile(r"[\s,]*(?:all rights reserved.*|inc\.?|llc|ltd\.?|gmbh|corp\.?|\.)\s*$", re.I)

ATS_HOSTS = {
    "jobs.lever.co": "path",
    "jobs.eu.lever.co": "path",
    "boards.greenhouse.io": "path",
    "job-boards.greenhouse.io": "path",
    "boards.eu.greenhouse.io": "path",
    "jobs.ashbyhq.com": "path",
    "apply.workable.com": "path",
    "jobs.smartrecruiters.com": "path",
    "careers.smartrecruiters.com": "path",
    "myworkdayjobs.com": "subdomain",
    "recruitee.com": "subdomain",
    "bamboohr.com": "subdomain",
    "breezy.hr": "subdomain",
    "teamtailor.com": "subdomain",
    "applytojob.com": "subdomain",
}
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


def _clean_company(name: str | None) -> str | None:
    name = clean(name)
    if not name:
        return None
    if re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", name):  # a domain: amazon.jobs, example.com
        name = slug_name(name.split(".")[0])
    name = _CAREER_WORDS.sub(" ", name)
    name = re.sub(r"^\s*(?:at|@)\s+", "", name, flags=re.I)
    name = clean(name.strip(" -|:,."))
    if not name or name.casefold() in _PLATFORM_NAMES:
        return None
    return name


def slug_name(slug: str | None) -> str | None:
    """A display name from a URL slug: "acme-corp" -> "Acme Corp" (mixed-case slugs are kept)."""
    if not slug:
        return None
    name = re.sub(r"[-_+]+", " ", slug).strip()
    return name.title() if name.islower() else name


def squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).casefold()


def ats_company(url: str | None) -> str | None:
    """Company slug from an ATS board URL (jobs.lever.co/<org>/..., <org>.wd1.myworkdayjobs.com)."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for ats_host, where in ATS_HOSTS.items():
        if host == ats_host or host.endswith("." + ats_host):
            if where == "path":
                segs = [s for s in parts.path.split("/") if s and s not in ("embed", "job_app", "en", "en-US")]
                return slug_name(segs[0]) if segs else None
            label = host[: -len(ats_host) - 1].split(".")[0] if host != ats_host else None
            return slug_name(label)
    return None


def _host_company(url: str | None) -> str | None:
    host = host_of(url)
    if not host:
        return None
    labels = [p for p in host.split(".") if p not in ("careers", "jobs", "job", "career", "apply", "work", "en", "us")]
    if len(labels) >= 2:
        labels = labels[:-1]  # drop the TLD
        if len(labels) >= 2 and labels[-1] in ("co", "com", "org", "gov", "ac", "net"):
            labels = labels[:-1]
    return slug_name(labels[-1]) if labels else None


_COPYRIGHT_SIGNS = ("©", query.Folded("&copy"), re.compile(r"&#(?:0*169|x0*a9)"))  # as the source may spell it


def _copyright_company(root: Selector) -> str | None:
    for text in query.xpath(root, '//body//text()[contains(., "©")]', *_COPYRIGHT_SIGNS).getall()[-5:][::-1]:
        text = clean(text) or ""
        for pattern in _COPYRIGHT:
            match = pattern.search(text)
            if match:
                name = _clean_company(_COMPANY_SUFFIX.sub("", match.group(1)))
                if name and len(name.split()) <= 5 and not re.match(r"^(?:copyright|all rights)", name, re.I):
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


def company_candidates(root: Selector, urls: list[str | None], doc_titles: list[str | None], title: str | None):
    yield _clean_company(meta(root, "og:site_name"))
    for url in urls:
        yield ats_company(url)
    for doc_title in doc_titles:
        for part in _title_parts(doc_title, title):
            yield _clean_company(part)
    twitter = meta(root, "twitter:site")
    if twitter and twitter.startswith("@"):
        yield _clean_company(twitter[1:])
    yield _copyright_company(root)
    for url in urls:
        if url and not url.startswith("file:"):
            yield _host_company(url)


# --- title ----------------------------------------------------------------------------------------------------


def _headings(root: Selector, tag: str) -> list[str]:
    out = []
    for node in root.xpath(f"//body//{tag}"):
        if _hidden(node.root) or _boilerplate(node.root, allow_header=tag == "h1"):
            continue
        text = node_text(node)
        if text and len(text) <= 200:
            out.append(text)
    return out


def _strip_doc_title(doc_title: str, company: str | None) -> str | None:
    text = re.sub(r"^\s*job application for\s+", "", doc_title, flags=re.I)
    if company:
        text = re.sub(rf"\s+(?:at|@)\s+{re.escape(company)}\s*$", "", text, flags=re.I)
    parts = [clean(p) for p in _SEPARATORS.split(text)]
    parts = [p for p in parts if p and not _GENERIC_PART.match(p) and not _DATE_PART.match(p)]
    if company:
        keep = [p for p in parts if company.casefold() not in p.casefold() and not _CAREER_WORDS.search(p)]
        parts = keep or parts
    else:
        parts = [p for p in parts if not _CAREER_WORDS.search(p)] or parts
    if not parts:
        return None
    if company:
        # keep the title's own hyphenated parts together: drop only the company part
        rebuilt = [p for p in _SEPARATORS.split(text) if clean(p) in parts]
        return clean(" - ".join(rebuilt)) if rebuilt else parts[0]
    return max(parts, key=len)


def find_title(root: Selector, doc_titles: list[str], company: str | None) -> str | None:
    refs = [t.casefold() for t in doc_titles if t]
    for tag in ("h1", "h2"):
        # a site header's logo heading names the company, not the job
        heads = [h for h in _headings(root, tag) if not (company and squash(h) == squash(company))]
        for head in heads:
            if any(head.casefold() in ref for ref in refs):
                return head
        if tag == "h1" and heads and not refs:
            return heads[0]
        if tag == "h1" and heads and len(heads) == 1 and len(heads[0]) > 3:
            return heads[0]
    for doc_title in doc_titles:
        if doc_title:
            stripped = _strip_doc_title(doc_title, company)
            if stripped and not (company and stripped.casefold() == company.casefold()):
                return stripped
    h1s = _headings(root, "h1")
    return h1s[0] if h1s else None


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
        values = _location_from_node(node)
        if values and any(re.search(r"[A-Za-z]{2}", v) for v in values):
            if any(len(v) > 150 for v in values) and len(values) == 1 and "," not in values[0][:150]:
                continue
            return values
    return []


def _label_locations(root: Selector) -> list[str]:
    xp = ("//body//*[not(self::script or self::style or self::option)][normalize-space(text())]"
          "[re:test(normalize-space(.), '^(job )?locations?:?$', 'i')]")
    for label in root.xpath(xp, namespaces={"re": "http://exslt.org/regular-expressions"}):
        if _boilerplate(label.root):
            continue
        xp_value = "following::text()[normalize-space()][not(ancestor::a or ancestor::button)][position() <= 2]"
        for value in label.xpath(xp_value).getall():
            value = clean(value)
            if value and not re.match(r"^(?:type|department|team)$", value, re.I) and len(value) <= 150:
                return [value]
    return []


# Texts that may be a pay label, by the cheapest tests first (substrings, then length, then the parent); _PAY_LABEL
# then decides. Measured on the real pages: 1.4-1.8 ms/page with the parent test or EXSLT re:test first, since
# they run on every text of the page.
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
    # anywhere; only then are the page's texts searched (0.4 ms/page on the bench pages, ~0.05 ms for this test)
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


def _line_locations(lines: list[str]) -> list[str]:
    for line in lines[:15]:
        if len(line) > 120 or first_pay(line) or re.search(r"\d{3,}|:", line):
            continue
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
    if not title:
        return None
    for tag in ("h1", "h2", "h3"):
        for node in root.xpath(f"//body//{tag}"):
            if node_text(node) == title and not _hidden(node.root):
                return node
    return None


def extract(root: Selector, url: str, description: Selector | None = None,
            want_description: bool = True, declared_urls: PageUrls | None = None) -> dict[str, Any]:
    """Partial fields of a generic career page (``description``: the node if the caller already found it;
    ``declared_urls``: ``page_urls(root)`` if the caller already read them)."""
    og_title = meta(root, "og:title")
    doc_title = clean(root.xpath("//title/text()").get())
    doc_titles = [t for t in (og_title, doc_title) if t]
    declared_urls = declared_urls or page_urls(root)
    canonical, og_url = clean(declared_urls.first_canonical_href), declared_urls.og_url
    urls = [u for u in (canonical, og_url, url) if u]

    first_company = next((c for c in company_candidates(root, urls, [], None) if c), None)
    title = find_title(root, doc_titles, first_company)
    candidates = [c for c in company_candidates(root, urls, doc_titles, title) if c]
    company = candidates[0] if candidates else None
    if company:
        # a slug ("ycombinator") is better shown as the page spells it elsewhere ("Y Combinator")
        same = [c for c in candidates if squash(c) == squash(company) and c != company]
        if same and (company.islower() or company.istitle()) and " " not in company:
            company = next((c for c in same if " " in c or not (c.islower() or c.istitle())), company)
    if title and company and title.casefold() == company.casefold():
        title = None

    out: dict[str, Any] = {"title": title, "company": company, "canonical_url": canonical or og_url}
    title_node = _title_node(root, title)
    lines = header_lines(root, title_node)
    locations = _attr_locations(root) or _label_locations(root) or _line_locations(lines)
    out.update(location_fields(locations))
    out.update(header_facts(lines))
    node = description if description is not None else (find_description(root) if want_description else None)
    if "salary_raw" not in out:
        out["salary_raw"] = label_salary(root, node)
    if node is not None:
        out.update(description_from_node(node))
    return {k: v for k, v in out.items() if v not in (None, "", [], {})}
