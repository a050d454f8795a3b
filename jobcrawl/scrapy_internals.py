"""The two places jobcrawl reaches into Scrapy's private engine state, kept in one module.

Scrapy has no public signal for "a request and everything its callback produced are done", and no public
way to make the engine poll the scheduler before its 5-second heartbeat. Distributed mode needs both. Checked
against Scrapy 2.13 to 2.19 (``ExecutionEngine._slot`` with ``remove_request`` and ``nextcall``);
tests/test_scrapy_internals.py runs a real crawl through both, so an upgrade that moves them fails there
first, with this module's name in the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CHECKED_VERSIONS = "2.13-2.19"


def on_request_finished(engine: Any, callback: Callable[[Any], None]) -> None:
    """Call ``callback(request)`` when the engine drops a request from its in-progress set: its response
    went through the callback and every item of it through the pipelines."""
    slot = getattr(engine, "_slot", None)
    original = getattr(slot, "remove_request", None)
    if original is None:
        raise RuntimeError(
            "jobcrawl cannot see when Scrapy finishes a request (ExecutionEngine._slot.remove_request is "
            f"gone; jobcrawl.scrapy_internals was checked against Scrapy {CHECKED_VERSIONS})"
        )

    def remove_request(request: Any) -> None:
        callback(request)
        original(request)

    slot.remove_request = remove_request


def wake_engine(engine: Any) -> bool:
    """Make the engine ask the scheduler now; False when this Scrapy has no such hook (best effort)."""
    nextcall = getattr(getattr(engine, "_slot", None), "nextcall", None)
    if nextcall is None:
        return False
    nextcall.schedule()
    return True
