"""Re-checking stored open postings: which URLs ``-a recheck=...`` fetches again, oldest sighting first.

``recheck`` takes comma-separated terms, all of which hold for the postings chosen (every one of them open):

- ``open``: every open posting;
- ``older-than:7d`` (or ``12h``): not seen for that long;
- ``source:lever``: from that source (``postings.source``).

``-a limit=N`` fetches at most N URLs. Each posting is re-fetched at the URL it was stored from
(``postings.url``): a page of its own, or for ATS postings the board response, which is fetched once and then
compares the whole board (a complete snapshot closes what left it). The re-fetched pages go through the same
pipelines: unchanged postings only get a new ``last_seen_at``, changed ones a version, gone ones close.
Before fetching, postings whose ``valid_through`` has passed are closed as ``expired``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select

from jobcrawl import models as m

_AGE = re.compile(r"^(\d+)\s*([dh])$")


@dataclass(frozen=True)
class RecheckPlan:
    older_than: timedelta | None = None
    source: str | None = None


def parse_recheck(value: str) -> RecheckPlan:
    """``open``, ``older-than:7d``, ``source:lever`` or several of them joined by commas."""
    older_than: timedelta | None = None
    source: str | None = None
    terms = [t.strip() for t in value.split(",") if t.strip()]
    if not terms:
        raise ValueError("-a recheck= needs open, older-than:<N>d|h or source:<name>")
    for term in terms:
        name, _, arg = term.partition(":")
        name = name.strip().lower()
        if name == "open" and not arg:
            continue
        if name == "older-than":
            match = _AGE.match(arg.strip().lower())
            if not match:
                raise ValueError(f"-a recheck={value!r}: older-than takes days or hours, e.g. older-than:7d")
            amount, unit = int(match.group(1)), match.group(2)
            older_than = timedelta(days=amount) if unit == "d" else timedelta(hours=amount)
            continue
        if name == "source" and arg.strip():
            source = arg.strip()
            continue
        raise ValueError(f"-a recheck={value!r}: unknown term {term!r} (open, older-than:7d, source:lever)")
    return RecheckPlan(older_than=older_than, source=source)


def parse_limit(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        limit = int(value)
    except ValueError:
        raise ValueError(f"-a limit={value!r} is not a whole number") from None
    if limit < 1:
        raise ValueError(f"-a limit={value!r} must be at least 1")
    return limit


def urls_to_recheck(engine: Engine, plan: RecheckPlan, now: datetime, limit: int | None = None) -> list[str]:
    """Distinct stored URLs of the open postings the plan picks, the least recently seen first."""
    posting = m.Posting
    oldest = func.min(posting.last_seen_at)
    query = select(posting.url, oldest).where(posting.closed_at.is_(None))
    if plan.older_than is not None:
        query = query.where(posting.last_seen_at < now - plan.older_than)
    if plan.source is not None:
        query = query.where(posting.source == plan.source)
    query = query.group_by(posting.url).order_by(oldest, posting.url)
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as conn:
        return [url for url, _ in conn.execute(query)]
