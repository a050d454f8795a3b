"""Generated blocks in Markdown documents: ``make bench`` and ``python -m jobcrawl.evaluate`` write their
figures between a pair of HTML comment markers, and the hand-written prose around the markers stays."""

from __future__ import annotations

from pathlib import Path


def write_block(path: Path, block: str, start: str, end: str, heading: str = "## Results") -> None:
    """Replace the text between ``start`` and ``end`` in ``path`` with ``block`` (which holds both markers).

    Without the markers the block goes under ``heading`` (added at the end when missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    elif f"\n{heading}\n" in text:
        head, rest = text.split(f"\n{heading}\n", 1)
        text = f"{head}\n{heading}\n\n{block}\n{rest}"
    else:
        text = f"{text.rstrip()}\n\n{heading}\n\n{block}\n" if text.strip() else f"{heading}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")
