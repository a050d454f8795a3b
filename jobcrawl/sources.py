"""The ``source`` vocabulary: which site family a posting came from (docs/schema.md, "source").

A posting's source is its family when the page is a job board's or an ATS's (``indeed``, ``linkedin``,
``seek``, ``greenhouse``, ``lever``, ``ashby``, ``workday``, ``smartrecruiters``, ...), recognized by the
extractor that read its markup or API answer, or by the board's or ATS's own domain; else it is the registrable
domain of the page (``careers.example.co.uk`` -> ``example.co.uk``). So an API posting and the same ATS's HTML
page share a source, and so do a company's career pages on several subdomains.

The registrable domain comes from tldextract (a Scrapy dependency) reading the Public Suffix List snapshot it
ships: ``suffix_list_urls=()`` keeps it offline (it would otherwise fetch the list on first use and cache it
in the home directory). A host under no listed suffix (``careers.acme.example``, ``intranet.local``) takes its
last two labels, the list's own default rule ``*``; an IP address or a single-label host is kept whole.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import tldextract

# Registrable domain -> family, for job boards and ATSs whose pages and APIs live on their own domains.
FAMILY_DOMAINS = {
    "indeed.com": "indeed",
    "linkedin.com": "linkedin",
    "seek.com.au": "seek",
    "seek.co.nz": "seek",
    "greenhouse.io": "greenhouse",
    "lever.co": "lever",
    "ashbyhq.com": "ashby",
    "myworkdayjobs.com": "workday",
    "myworkdaysite.com": "workday",
    "smartrecruiters.com": "smartrecruiters",
    "workable.com": "workable",
    "recruitee.com": "recruitee",
    "bamboohr.com": "bamboohr",
    "breezy.hr": "breezy",
    "personio.de": "personio",
    "personio.com": "personio",
    "teamtailor.com": "teamtailor",
    "applytojob.com": "jazzhr",
    "icims.com": "icims",
}
# Extractors named after a family (the markup or the JSON shape told which board or ATS it is).
FAMILY_EXTRACTORS = {
    "indeed": "indeed", "indeed-json": "indeed", "linkedin": "linkedin", "seek": "seek",
    "greenhouse": "greenhouse", "lever": "lever", "ashby": "ashby",
    # the ATS APIs of jobcrawl.extract.ats, recognized by their response shapes
    "workday": "workday", "smartrecruiters": "smartrecruiters", "workable": "workable", "recruitee": "recruitee",
    "personio": "personio", "bamboohr": "bamboohr", "breezy": "breezy",
}

# Families whose posting ids are unique across the whole family (an Indeed jk, a Greenhouse job id, a Lever or
# Ashby UUID): their ids name a posting on their own. Elsewhere an id is only unique on one tenant's site
# (Workday's R-0048821, BambooHR's /careers/12, a career site's /jobs/1234), so the host goes with it.
GLOBAL_ID_FAMILIES = frozenset({"indeed", "linkedin", "seek", "greenhouse", "lever", "ashby"})

FAMILIES = frozenset(FAMILY_DOMAINS.values()) | frozenset(FAMILY_EXTRACTORS.values())

_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def registrable_domain(host: str | None) -> str | None:
    """``careers.example.co.uk`` -> ``example.co.uk``; None for no host."""
    host = (host or "").strip(".").lower()
    if not host:
        return None
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    parts = _SUFFIXES.extract_str(host)
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    if parts.suffix:  # the host is itself a public suffix (co.uk, github.io)
        return host
    labels = host.split(".")
    return ".".join(labels[-2:])


def family_of_url(url: str | None) -> str | None:
    """The board or ATS family whose own domain serves ``url`` (jobs.lever.co -> lever), else None."""
    if not url:
        return None
    return FAMILY_DOMAINS.get(registrable_domain(urlsplit(url).hostname) or "")


def source_of(url: str, canonical_url: str | None = None, extractor: str | None = None) -> str | None:
    """The posting's source: its family (by extractor, then by the canonical URL's or the URL's domain), else
    the registrable domain of the canonical URL or the URL; None for a page without a host (file://)."""
    family = FAMILY_EXTRACTORS.get(extractor or "") or family_of_url(canonical_url) or family_of_url(url)
    if family:
        return family
    for candidate in (canonical_url, url):
        domain = registrable_domain(urlsplit(candidate).hostname) if candidate else None
        if domain:
            return domain
    return None


def id_namespace(source: str | None, identity_url: str | None) -> str:
    """What a site's posting id is unique within, for ``posting_key``: the family where its ids are global
    (``greenhouse``: the API's and the board page's posting are one); for another board or ATS family the family
    and the host (two families' boards served from one host, a proxy or a saved copy, must not share ids);
    else the page's host (``www.`` dropped: two tenants of one ATS, or two sites of one company, may number
    their postings alike)."""
    if source in GLOBAL_ID_FAMILIES:
        return source
    host = (urlsplit(identity_url).hostname or "").lower() if identity_url else ""
    host = host.removeprefix("www.")
    if source in FAMILIES and host:
        return f"{source}:{host}"
    return host or source or "unknown"
