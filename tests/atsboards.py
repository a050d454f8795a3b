"""A loopback server playing ten ATS vendors' public board APIs (the documented shapes, see
jobcrawl/extract/ats/ and docs/sources.md), for crawl tests: GET and POST, pagination, detail endpoints, and
faults chosen per board slug.

A board is ``Board(slug, size)``; postings are numbered 1..size with title "Engineer <n>", location
"City <n>", a description with "Responsibilities" and "Requirements" sections, and the external id "<n>"
(Workday "R<n>", Workable "W<n>", Breezy "b<n>"). ``endpoints()`` gives the JOBCRAWL_ATS_ENDPOINTS that point
the spider here.
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from faultserver import LoopbackHTTPServer

OWNER = "Acme Corp"
DESCRIPTION = ("<p>Join us.</p><h2>Responsibilities</h2><ul><li>Build things {n}</li></ul>"
               "<h2>Requirements</h2><ul><li>Python</li></ul>")
JSON = "application/json"


@dataclass
class Board:
    slug: str
    size: int = 45
    missing_fields: bool = False  # every third posting without location, dates, company
    answer: tuple[int, str, bytes] | None = None  # a fixed answer for the board's first request (faults)
    slow_detail: set[int] = field(default_factory=set)  # posting numbers whose detail answers after `delay`
    delay: float = 0.0
    removed: set[int] = field(default_factory=set)  # posting numbers no longer on the board (left it)
    failing_offset: int | None = None  # the page starting at this offset answers 500 (paged families)


class AtsServer:
    def __init__(self) -> None:
        self.boards: dict[str, Board] = {}
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        self.port = 0

    def add(self, board: Board) -> Board:
        self.boards[board.slug] = board
        return board

    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def endpoints(self) -> dict[str, str]:
        b = self.base()
        return {
            "greenhouse": b + "/gh/{slug}/jobs",
            "lever": b + "/lever/{slug}",
            "ashby": b + "/ashby/{slug}",
            "workday": b + "/wd/{slug}/{site}/jobs",
            "smartrecruiters": b + "/sr/{slug}/postings?limit=15&offset=0",
            "workable": b + "/workable/{slug}",
            "recruitee": b + "/recruitee/{slug}/api/offers/",
            "personio": b + "/personio/{slug}/xml",
            "bamboohr": b + "/bamboo/{slug}/careers/list",
            "breezy": b + "/breezy/{slug}/json",
        }

    # --- answers ---------------------------------------------------------------------------------------
    def answer(self, method: str, path: str, body: bytes) -> tuple[int, str, bytes, float]:
        parts = urlsplit(path)
        segs = [s for s in parts.path.split("/") if s]
        if len(segs) < 2 or segs[1] not in self.boards:
            return 404, "text/html", b"<html><body>No such board</body></html>", 0.0
        family, board = segs[0], self.boards[segs[1]]
        rest = segs[2:]
        if board.answer is not None and self._first_request(family, rest):
            status, ctype, payload = board.answer
            return status, ctype, payload, 0.0
        n = board.size
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        nums = [i for i in range(1, n + 1) if i not in board.removed]
        n = len(nums)
        if query.get("offset") is not None or (family == "wd" and method == "POST"):
            offset = int(query.get("offset") or json.loads(body or b"{}").get("offset", 0))
            if offset and offset == board.failing_offset:
                return 500, JSON, b'{"error": "internal"}', 0.0
        if family == "gh":
            return self._json({"jobs": [self._greenhouse(board, i) for i in nums], "meta": {"total": n}})
        if family == "lever":
            return self._json([self._lever(board, i) for i in nums])
        if family == "ashby":
            return self._json({"apiVersion": "1", "jobs": [self._ashby(board, i) for i in nums]})
        if family == "wd" and rest[-1] == "jobs" and method == "POST":
            sent = json.loads(body or b"{}")
            offset, limit = int(sent.get("offset", 0)), int(sent.get("limit", 20))
            page = nums[offset: offset + limit]
            # Workday answers the real total on the first page only
            return self._json({"total": n if offset == 0 else 0, "jobPostings": [self._workday_item(board, i) for i in page]})
        if family == "wd" and "job" in rest:
            i = int(rest[-1].rsplit("_R", 1)[1])
            return self._json(self._workday_detail(board, i), board.delay if i in board.slow_detail else 0.0)
        if family == "sr" and rest == ["postings"]:
            offset, limit = int(query.get("offset", 0)), int(query.get("limit", 100))
            page = nums[offset: offset + limit]
            return self._json({"offset": offset, "limit": limit, "totalFound": n,
                               "content": [self._sr(board, i) for i in page]})
        if family == "sr" and len(rest) == 2:
            i = int(rest[1])
            detail = self._sr(board, i)
            detail.update(postingUrl=f"https://jobs.smartrecruiters.com/{board.slug}/{i}-engineer", jobAd={"sections": {
                "companyDescription": {"title": "About Acme", "text": "<p>We make things.</p>"},
                "jobDescription": {"title": "Job Description", "text": f"<ul><li>Build things {i}</li></ul>"},
                "qualifications": {"title": "Qualifications", "text": "<ul><li>Python</li></ul>"}}})
            return self._json(detail, board.delay if i in board.slow_detail else 0.0)
        if family == "workable":
            return self._json({"name": OWNER, "description": "<p>Acme</p>", "jobs": [self._workable(board, i) for i in nums]})
        if family == "recruitee":
            return self._json({"offers": [self._recruitee(board, i) for i in nums]})
        if family == "personio":
            return 200, "text/xml; charset=utf-8", self._personio(board, nums), 0.0
        if family == "bamboo" and rest == ["careers", "list"]:
            return self._json({"meta": {"totalCount": n}, "result": [self._bamboo(board, i) for i in nums]})
        if family == "bamboo" and rest[-1] == "detail":
            i = int(rest[1])
            return self._json({"meta": {}, "result": {"jobOpening": self._bamboo(board, i, detail=True)}},
                              board.delay if i in board.slow_detail else 0.0)
        if family == "breezy" and rest == ["json"]:
            return self._json([self._breezy(board, i) for i in nums])
        if family == "breezy" and rest[0] == "p":
            i = int(rest[1].split("-")[0][1:])
            return 200, "text/html; charset=utf-8", self._breezy_page(board, i), 0.0
        return 404, "text/html", b"<html><body>not found</body></html>", 0.0

    @staticmethod
    def _first_request(family: str, rest: list[str]) -> bool:
        return rest in ([], ["jobs"], ["careers", "list"], ["json"], ["xml"], ["api", "offers"], ["postings"]) or (
            family == "wd" and rest[-1:] == ["jobs"])

    @staticmethod
    def _json(data, delay: float = 0.0) -> tuple[int, str, bytes, float]:
        return 200, JSON, json.dumps(data).encode(), delay

    def _public(self, board: Board, family: str, i: int) -> str:
        return f"{self.base()}/public/{family}/{board.slug}/{i}"

    @staticmethod
    def _missing(board: Board, i: int) -> bool:
        return board.missing_fields and i % 3 == 0

    def _greenhouse(self, board, i):
        return {"id": i, "title": f"Engineer {i}", "absolute_url": self._public(board, "gh", i),
                "location": {"name": f"City {i}"}, "updated_at": "2026-11-01T10:00:00Z", "company_name": OWNER,
                "content": html.escape(DESCRIPTION.format(n=i)), "metadata": [], "offices": []}

    def _lever(self, board, i):
        return {"id": f"lever-{i}", "text": f"Engineer {i}", "hostedUrl": f"{self.base()}/{board.slug}/lever-{i}",
                "categories": {"location": f"City {i}", "commitment": "Full-time"}, "createdAt": 1760000000000,
                "description": "<div>Join us.</div>", "lists": [
                    {"text": "Responsibilities", "content": f"<li>Build things {i}</li>"},
                    {"text": "Requirements", "content": "<li>Python</li>"}], "additional": ""}

    def _ashby(self, board, i):
        return {"id": f"ashby-{i}", "title": f"Engineer {i}", "location": f"City {i}", "isRemote": False,
                "employmentType": "FullTime", "publishedAt": "2026-11-01T10:00:00Z",
                "jobUrl": self._public(board, "ashby", i), "descriptionHtml": DESCRIPTION.format(n=i)}

    def _workday_item(self, board, i):
        item = {"title": f"Engineer {i}", "externalPath": f"/job/City-{i}/Engineer-{i}_R{i}",
                "locationsText": f"City {i}", "postedOn": "Posted 2 Days Ago", "bulletFields": [f"R{i}"]}
        if self._missing(board, i):
            del item["locationsText"], item["postedOn"]
        return item

    def _workday_detail(self, board, i):
        info = {"title": f"Engineer {i}", "jobDescription": DESCRIPTION.format(n=i), "location": f"City {i}",
                "timeType": "Full time", "startDate": "2026-11-01", "jobReqId": f"R{i}",
                "externalUrl": self._public(board, "wd", i)}
        if self._missing(board, i):
            del info["location"], info["startDate"]
        return {"jobPostingInfo": info, "hiringOrganization": {"name": OWNER}}

    def _sr(self, board, i):
        item = {"id": str(i), "name": f"Engineer {i}", "company": {"identifier": board.slug, "name": OWNER},
                "releasedDate": "2026-11-01T10:00:00Z", "typeOfEmployment": {"label": "Full-time"},
                "location": {"city": f"City {i}", "country": "us", "remote": False, "fullLocation": f"City {i}, US"}}
        if self._missing(board, i):
            del item["company"], item["releasedDate"], item["location"]["fullLocation"]
        return item

    def _workable(self, board, i):
        return {"title": f"Engineer {i}", "shortcode": f"W{i}", "employment_type": "Full-time",
                "telecommuting": False, "url": self._public(board, "workable", i), "published_on": "2026-11-01",
                "city": f"City {i}", "state": "", "country": "United States",
                "description": DESCRIPTION.format(n=i)}

    def _recruitee(self, board, i):
        return {"id": i, "title": f"Engineer {i}", "company_name": OWNER, "careers_url": self._public(board, "rt", i),
                "location": f"City {i}, United States", "employment_type_code": "fulltime",
                "published_at": "2026-11-01 10:00:00 UTC", "remote": False,
                "description": "<p>Join us.</p><h2>Responsibilities</h2><ul><li>Build things</li></ul>",
                "requirements": "<ul><li>Python</li></ul>", "salary": {"min": 90000, "max": 120000,
                                                                        "period": "year", "currency": "USD"}}

    def _personio(self, board, nums) -> bytes:
        positions = "".join(
            f"<position><id>{i}</id><subcompany>{OWNER}</subcompany><office>City {i}</office>"
            f"<name>Engineer {i}</name><jobDescriptions>"
            f"<jobDescription><name>Your tasks</name><value><![CDATA[<ul><li>Build things {i}</li></ul>]]></value></jobDescription>"
            f"<jobDescription><name>Your profile</name><value><![CDATA[<ul><li>Python</li></ul>]]></value></jobDescription>"
            f"</jobDescriptions><schedule>full-time</schedule><createdAt>2026-11-01T10:00:00+00:00</createdAt></position>"
            for i in nums)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs>{positions}</workzag-jobs>'.encode()

    def _bamboo(self, board, i, detail=False):
        item = {"id": str(i), "jobOpeningName": f"Engineer {i}", "employmentStatusLabel": "Full-Time",
                "location": {"city": f"City {i}", "state": None}, "atsLocation": {}, "isRemote": None,
                "locationType": "0"}
        if detail:
            item.update(description=DESCRIPTION.format(n=i), datePosted="2026-11-01", compensation="$90,000",
                        jobOpeningShareUrl=self._public(board, "bamboo", i))
        return item

    def _breezy(self, board, i):
        return {"id": f"b{i}", "friendly_id": f"b{i}-engineer-{i}", "name": f"Engineer {i}",
                "url": self._public(board, "breezy", i), "published_date": "2026-11-01T10:00:00Z",
                "type": {"id": "fullTime", "name": "Full-Time"}, "salary": "$90,000 – $120,000 / year",
                "location": {"name": f"City {i}", "city": f"City {i}", "is_remote": False},
                "company": {"name": OWNER, "friendly_id": board.slug}, "locations": []}

    def _breezy_page(self, board, i) -> bytes:
        ld = {"@context": "https://schema.org", "@type": "JobPosting", "title": f"Engineer {i}",
              "description": DESCRIPTION.format(n=i), "datePosted": "2026-11-01",
              "hiringOrganization": {"@type": "Organization", "name": OWNER}}
        return (f"<html><head><title>Engineer {i}</title><script type=\"application/ld+json\">{json.dumps(ld)}"
                f"</script></head><body><h1>Engineer {i}</h1>{DESCRIPTION.format(n=i)}</body></html>").encode()


def serve_ats() -> Iterator[AtsServer]:
    """An AtsServer listening on 127.0.0.1 (a generator: wrap it in a fixture)."""
    ats = AtsServer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with ats.lock:
                key = f"{method} {self.path}" + (f" {body.decode()}" if body else "")
                ats.hits[key] = ats.hits.get(key, 0) + 1
            status, ctype, payload, delay = ats.answer(method, self.path, body)
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler gave up waiting (a timeout test)

        def do_GET(self) -> None:  # http.server's API
            self._serve("GET")

        def do_POST(self) -> None:  # http.server's API
            self._serve("POST")

        def log_message(self, *args) -> None:
            pass

    server = LoopbackHTTPServer(("127.0.0.1", 0), Handler)
    ats.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ats
    finally:
        server.shutdown()
        server.server_close()


ARGUMENT = {  # how a user names each board: the family argument with a slug, Workday with its board URL
    "greenhouse": "acme", "lever": "acme", "ashby": "acme", "smartrecruiters": "acme", "workable": "acme",
    "recruitee": "acme", "personio": "acme", "bamboohr": "acme", "breezy": "acme",
    "workday": "https://acme.wd5.myworkdayjobs.com/careers",
}
