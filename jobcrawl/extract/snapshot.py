"""Board snapshots: which ATS API responses list a whole board, and whether one came back whole.

A response that lists a company's whole board (every open job) lets the store close the board's postings that
are no longer listed (``left-board``, jobcrawl.lifecycle). Like every page kind, a board is recognized by the
response's content, so a board given as a plain URL, a saved copy or a loopback server is a snapshot too; the
board's identity is the ``url_key`` of the URL it answered at.

Adding a board kind (Workday, SmartRecruiters, Workable, ...) is one call, next to the kind's extractor::

    from jobcrawl.extract.snapshot import register_board_kind

    register_board_kind("workable", lambda data: isinstance(data, dict) and isinstance(data.get("results"), list))

``kind`` is the name ``jobcrawl.extract.ats_api.extract`` returns for the response (and the postings'
``extractor``), and the predicate gets the parsed JSON and answers "is this the whole board, not one job or
one page of it?". Answer False for a response that is one page of several (Workday's ``offset``/``limit`` with
``total`` above the jobs listed, a cursor with a next page): closing from one page would close every posting
of the other pages, so a paged board closes nothing until all its jobs come in one response. URLs with
``limit``/``offset``/``skip``/``page``/``cursor`` parameters are never whole boards.

A board read through the spider's board tracker (``-a greenhouse=``, ``-a workday=``, ``-a board=``, a
careers page; every family) gets its snapshot from the tracker instead (jobcrawl.spiders.boards), once every
page and detail request of the board was answered: that is how paged boards (Workday, SmartRecruiters) and
boards completed by detail requests (BambooHR, Breezy) close postings. Its identity is the URL of the board's
first request, the same URL a board read in one response is known by.

Nothing else is needed for a JSON board: ``extract_page`` attaches a ``BoardSnapshot`` to the extraction
(``_json_page``), the spider yields it after the postings, the dedupe pipeline keys its members and the store
pipeline compares it with the database. A board read elsewhere (an XML feed such as Personio's, an HTML
board) sets ``result.board = board_snapshot(response, kind, data, result.postings, result.problems)`` in
its own branch of ``extract_page``.

A snapshot is complete (and may close postings) only when the body arrived whole (no ``dataloss`` flag), every
job record became a posting (no extraction problem) and there was at least one: a failed, cut-short or empty
board fetch closes nothing, and the store pipeline logs why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from scrapy.http import TextResponse

from jobcrawl.items import BoardSnapshot, JobPosting, PageProblem

WholeBoard = Callable[[Any], bool]

_BOARD_KINDS: dict[str, WholeBoard] = {}


def register_board_kind(kind: str, is_whole_board: WholeBoard) -> None:
    """Declare that a ``kind`` response for which ``is_whole_board(data)`` holds lists a whole board."""
    _BOARD_KINDS[kind] = is_whole_board


def board_kinds() -> tuple[str, ...]:
    return tuple(_BOARD_KINDS)


def _jobs_list(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("jobs"), list)


# Greenhouse /v1/boards/<org>/jobs and Ashby /posting-api/job-board/<org> answer {"jobs": [...]} with every
# job (a single Greenhouse job is a bare object); Lever /v0/postings/<org> answers a list of every posting
# (unless ?limit= pages it: then it is not the whole board, see board_snapshot's caller).
register_board_kind("greenhouse", _jobs_list)
register_board_kind("ashby", _jobs_list)
register_board_kind("lever", lambda data: isinstance(data, list))


def board_snapshot(
    response: TextResponse, kind: str | None, data: Any, postings: list[JobPosting], problems: list[PageProblem]
) -> BoardSnapshot | None:
    """The snapshot a board response gives, or None when the response is not a whole board."""
    is_whole_board = _BOARD_KINDS.get(kind or "")
    if is_whole_board is None or not is_whole_board(data) or _paged(response.url):
        return None
    reason = None
    if "dataloss" in (response.flags or []):
        reason = "was cut short (dataloss)"
    elif not postings:
        reason = "came back empty"
    elif problems:
        reason = f"had {len(problems)} unreadable job records"
    return BoardSnapshot(url=response.url, kind=kind or "", complete=reason is None, incomplete_reason=reason,
                         members=list(postings))


def _paged(url: str) -> bool:
    """A URL asking for one page of a board (``limit=``/``offset=``/``skip=``/``page=``) is not the whole board."""
    names = {name.lower() for name, _ in parse_qsl(urlsplit(url).query)}
    return bool(names & {"limit", "offset", "skip", "page", "cursor"})
