"""Boards: which ATS family and board a URL names, the boards a careers page embeds or links, and the API
request that reads a board.

ATS boards live on the vendor's own hosts (``jobs.lever.co/<slug>``, ``<slug>.recruitee.com``,
``<tenant>.wd5.myworkdayjobs.com/<site>``), so here, and only here, hosts are the evidence. Endpoint
templates can be overridden per family (setting ``JOBCRAWL_ATS_ENDPOINTS``) to reach a mirror or a test
server; their placeholders are ``{slug}``, and for Workday ``{host}`` and ``{site}`` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jobcrawl.extract import FollowRequest
from jobcrawl.extract.ats import workday

FAMILIES = ("greenhouse", "lever", "ashby", "workday", "smartrecruiters", "workable", "recruitee", "personio",
            "bamboohr", "breezy")

ENDPOINTS = {
    "greenhouse": "https://boards-api.greenhouse.io/v1/boards/{slug}/jobs?content=true",
    "lever": "https://api.lever.co/v0/postings/{slug}?mode=json",
    "ashby": "https://api.ashbyhq.com/posting-api/job-board/{slug}?includeCompensation=true",
    "workday": "https://{host}/wday/cxs/{slug}/{site}/jobs",
    "smartrecruiters": "https://api.smartrecruiters.com/v1/companies/{slug}/postings?limit=100&offset=0",
    "workable": "https://apply.workable.com/api/v1/widget/accounts/{slug}?details=true",
    "recruitee": "https://{slug}.recruitee.com/api/offers/",
    "personio": "https://{slug}.jobs.personio.de/xml",
    "bamboohr": "https://{slug}.bamboohr.com/careers/list",
    "breezy": "https://{slug}.breezy.hr/json",
}

# Public board URLs, one family each: (family, host pattern, path pattern). The slug is the first group that
# matched; Workday's host gives the tenant and its path the site.
_SLUG = r"([A-Za-z0-9][A-Za-z0-9_.-]*)"
_NOT_PAGES = {"embed", "v1", "api", "j", "o", "p", "jobs", "careers", "static", "assets", "js", "css", "favicon.ico",
              "oneclick-ui", "external-referrals"}
_PATTERNS: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    ("greenhouse", re.compile(r"^boards-api\.greenhouse\.io$"), re.compile(r"^/v1/boards/" + _SLUG)),
    ("greenhouse", re.compile(r"^(?:job-boards|boards)(?:\.eu)?\.greenhouse\.io$"), re.compile(r"^/" + _SLUG)),
    ("lever", re.compile(r"^api(?:\.eu)?\.lever\.co$"), re.compile(r"^/v0/postings/" + _SLUG)),
    ("lever", re.compile(r"^jobs(?:\.eu)?\.lever\.co$"), re.compile(r"^/" + _SLUG)),
    ("ashby", re.compile(r"^api\.ashbyhq\.com$"), re.compile(r"^/posting-api/job-board/" + _SLUG)),
    ("ashby", re.compile(r"^jobs\.ashbyhq\.com$"), re.compile(r"^/" + _SLUG)),
    ("smartrecruiters", re.compile(r"^api\.smartrecruiters\.com$"), re.compile(r"^/v1/companies/" + _SLUG)),
    ("smartrecruiters", re.compile(r"^(?:careers|jobs)\.smartrecruiters\.com$"), re.compile(r"^/" + _SLUG)),
    ("workable", re.compile(r"^apply\.workable\.com$"), re.compile(r"^/(?:api/v\d/(?:widget/)?accounts/)?" + _SLUG)),
    ("workable", re.compile(r"^(?!www\.|apply\.)([a-z0-9-]+)\.workable\.com$"), None),
    ("recruitee", re.compile(r"^(?!www\.|api\.)([a-z0-9-]+)\.recruitee\.com$"), None),
    ("personio", re.compile(r"^([a-z0-9-]+)\.jobs\.personio\.(?:de|com)$"), None),
    ("bamboohr", re.compile(r"^(?!www\.|api\.)([a-z0-9-]+)\.bamboohr\.com$"), re.compile(r"^/(?:careers|jobs)")),
    ("breezy", re.compile(r"^(?!www\.|api\.|app\.)([a-z0-9-]+)\.breezy\.hr$"), None),
)
_WORKDAY_HOST = re.compile(r"^([a-z0-9-]+)\.(wd\d+)\.myworkdayjobs\.com$")
_LOCALE = re.compile(r"^[a-z]{2}(?:-[A-Z]{2})?$")
# URLs inside a page's markup or scripts, absolute or protocol-relative
_URL_IN_TEXT = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.(?:com|io|co|de|hr)\b(?:/[^\s"'<>\\)]*)?""")


@dataclass(frozen=True)
class Board:
    family: str
    slug: str  # board token / company / account; Workday: the tenant
    url: str  # the public board a person would open
    host: str | None = None  # Workday: <tenant>.<wdN>.myworkdayjobs.com
    site: str | None = None  # Workday: the career site name

    @property
    def key(self) -> str:
        return f"{self.family}:{self.slug}" + (f"/{self.site}" if self.site else "")


def board_from_url(url: str) -> Board | None:
    """The board a public board URL (or a board's API URL) names, or None."""
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    match = _WORKDAY_HOST.match(host)
    if match:
        segs = [s for s in path.split("/") if s]
        if len(segs) >= 4 and segs[:2] == ["wday", "cxs"]:
            tenant, site = segs[2], segs[3]
        else:
            segs = segs[1:] if segs and _LOCALE.match(segs[0]) else segs
            if not segs or segs[0] in ("wday", "job"):
                return None
            tenant, site = match.group(1), segs[0]
        return Board("workday", tenant, f"https://{host}/{site}", host=host, site=site)
    host = host.removeprefix("www.")
    for family, host_pattern, path_pattern in _PATTERNS:
        host_match = host_pattern.match(host)
        if not host_match:
            continue
        if host_match.groups():
            if path_pattern is not None and not path_pattern.match(path):
                continue
            slug = host_match.group(1)
        else:
            slug = None
            if family == "greenhouse" and path.startswith("/embed/"):
                slug = (parse_qs(parts.query).get("for") or [None])[0]
            elif path_pattern is not None:
                path_match = path_pattern.match(path)
                slug = path_match.group(1) if path_match else None
            if not slug or slug.lower() in _NOT_PAGES:
                continue
        return Board(family, slug, public_url(family, slug))
    return None


def public_url(family: str, slug: str) -> str:
    return {
        "greenhouse": f"https://job-boards.greenhouse.io/{slug}",
        "lever": f"https://jobs.lever.co/{slug}",
        "ashby": f"https://jobs.ashbyhq.com/{slug}",
        "smartrecruiters": f"https://careers.smartrecruiters.com/{slug}",
        "workable": f"https://apply.workable.com/{slug}",
        "recruitee": f"https://{slug}.recruitee.com",
        "personio": f"https://{slug}.jobs.personio.de",
        "bamboohr": f"https://{slug}.bamboohr.com/careers",
        "breezy": f"https://{slug}.breezy.hr",
    }[family]


def board_from_argument(family: str, value: str) -> Board:
    """A board from a family argument: a board URL, or a slug (Workday needs the URL: tenant, host and site)."""
    if "/" in value or "." in value:
        board = board_from_url(value if "//" in value else f"https://{value}")
        if board is None or board.family != family:
            raise ValueError(f"-a {family}={value!r} is not a {family} board URL")
        return board
    if family == "workday":
        raise ValueError(f"-a workday={value!r}: give the board URL, e.g. https://acme.wd5.myworkdayjobs.com/careers")
    return Board(family, value, public_url(family, value))


def find_boards(html: str) -> list[Board]:
    """Boards a careers page embeds or links (script src, iframe, links, inline scripts), in page order."""
    seen: dict[str, Board] = {}
    for found in _URL_IN_TEXT.findall(html):
        board = board_from_url(found.replace("&amp;", "&"))
        if board is not None:
            seen.setdefault(board.key, board)
    return list(seen.values())


def api_request(board: Board, endpoints: dict[str, Any] | None = None) -> FollowRequest:
    """The request that reads a board: the family's endpoint template (or its override) filled in."""
    template = str((endpoints or {}).get(board.family) or ENDPOINTS[board.family])
    url = template.format(slug=board.slug, host=board.host or "", site=board.site or "")
    if board.family == "workday":
        return workday.list_request(url, 0)
    return FollowRequest(url)


def looks_like_api_body(text: str) -> bool:
    """JSON or XML, not an HTML page (a login wall, an error page, a moved board)."""
    head = text[:512].lstrip().lower()
    return head[:1] in ("{", "[") or (head.startswith("<?xml") and "<html" not in head) or head.startswith("<workzag")
