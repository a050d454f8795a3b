"""Bookkeeping of ATS boards during a crawl: which requests of a board are still out, how many postings it
gave, whether any request failed. When a board's last request is answered the spider emits a ``BoardCrawl``
(stored in ``boards``), a ``BoardSnapshot`` of every posting the board gave (the store closes the board's
other open postings as ``left-board`` when it is complete, jobcrawl.extract.snapshot) and, for a board that
failed midway, a ``board-incomplete`` problem row; the postings read before the failure are kept.

A board read over several requests (pages, detail requests) is whole only when all of them were answered:
one failed request, or a board of no postings, gives an incomplete snapshot, which closes nothing. The
board's identity (``postings.board_key``) is the URL of its first API request, the one
``jobcrawl.extract.snapshot`` takes for a board read in one response, so a board closes the same postings
however it was asked for.

The count is per process: under ``JOBCRAWL_REDIS_URL`` another worker may answer a board's request, and
then the board is recorded by no one (see docs/sources.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jobcrawl.extract import FollowRequest
from jobcrawl.extract.ats.detect import Board
from jobcrawl.items import BoardCrawl, BoardSnapshot, JobPosting, PageProblem


@dataclass
class _State:
    board: Board
    pending: int = 0
    postings: int = 0
    owners: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    requested: set[tuple[str, str, str]] = field(default_factory=set)
    first_url: str | None = None  # the board's identity: the URL of its first (list) request
    members: list[JobPosting] = field(default_factory=list)


class BoardTracker:
    def __init__(self) -> None:
        self.boards: dict[str, _State] = {}

    def begin(self, board: Board) -> bool:
        """Start tracking a board; False when it is already being read (named twice, or found twice)."""
        if board.key in self.boards:
            return False
        self.boards[board.key] = _State(board)
        return True

    def add(self, key: str, spec: FollowRequest) -> bool:
        """Count one more request of the board; False for a request the board already made (a posting on two
        pages): the spider's own duplicate filter is bypassed for board requests so that none goes unanswered.
        A board this process did not start (a Redis worker answering another worker's board request) is not
        tracked here: its request is made, and that board closes nothing from this process."""
        state = self.boards.get(key)
        if state is None:
            return True
        ident = (spec.method, spec.url, spec.body or "")
        if ident in state.requested:
            return False
        state.requested.add(ident)
        if state.first_url is None:
            state.first_url = spec.url
        state.pending += 1
        return True

    def count(self, key: str, postings: list[JobPosting]) -> None:
        state = self.boards.get(key)
        if state is None:  # not a board of this process (see add)
            return
        state.postings += len(postings)
        state.members.extend(postings)
        slug = state.board.slug.lower()
        for posting in postings:
            if posting.company and posting.company.lower() != slug:
                state.owners[posting.company] = state.owners.get(posting.company, 0) + 1

    def fail(self, key: str, why: str) -> None:
        if key in self.boards:
            self.boards[key].failures.append(why)

    def done(self, key: str) -> list[BoardCrawl | BoardSnapshot | PageProblem]:
        """One request of the board answered; the board's record once it was the last."""
        state = self.boards.get(key)
        if state is None:  # not a board of this process (see add)
            return []
        state.pending -= 1
        if state.pending > 0:
            return []
        board = state.board
        owner = max(state.owners, key=lambda name: state.owners[name]) if state.owners else None
        slug = f"{board.slug}/{board.site}" if board.site else board.slug
        out: list[BoardCrawl | BoardSnapshot | PageProblem] = [
            BoardCrawl(board.family, slug, board.url, owner, not state.failures, state.postings)]
        reason = None
        if state.failures:
            reason = f"had {len(state.failures)} of its {len(state.requested)} requests fail"
        elif not state.members:
            reason = "came back empty"
        out.append(BoardSnapshot(url=state.first_url or board.url, kind=board.family, complete=reason is None,
                                 incomplete_reason=reason, members=state.members))
        state.members = []  # the snapshot holds them now; the tracker keeps only counts
        if state.failures:
            shown = "; ".join(state.failures[:5]) + (f"; {len(state.failures) - 5} more" if len(state.failures) > 5 else "")
            out.append(PageProblem(
                url=board.url, stage="board", reason="board-incomplete",
                detail=f"{board.family} board {slug}: {state.postings} postings kept, "
                       f"{len(state.failures)} requests failed: {shown}"))
        return out
