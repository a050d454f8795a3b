"""Plain-text cleaning and the content hash used for exact-duplicate detection (pure functions)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Characters that carry no text: zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_WORDS = re.compile(r"\w+")


def clean_text(s: str | None) -> str | None:
    """Normalize text for storage: NFKC, invisible characters removed, spaces collapsed within each line,
    blank lines dropped (lines are kept, one ``\\n`` between them), stripped. ``None`` when nothing is left."""
    if s is None:
        return None
    if not isinstance(s, str):
        s = str(s)
    if not s.isascii():
        if not unicodedata.is_normalized("NFKC", s):
            s = unicodedata.normalize("NFKC", s)
        if _INVISIBLE_RE.search(s):
            s = _INVISIBLE_RE.sub("", s)
    if any(c in s for c in "\r\x0b\x0c\x85\u2028\u2029"):
        s = _LINE_BREAKS.sub("\n", s)
    # str.split() collapses every kind of Unicode space in C: ~3x faster than a regex over the whole text
    out = "\n".join(line for line in (" ".join(part.split()) for part in s.split("\n")) if line)
    return out or None


def clean_inline(s: str | None) -> str | None:
    """Like :func:`clean_text` but on one line (every run of whitespace, newlines included, becomes one space)."""
    s = clean_text(s)
    if s is None:
        return None
    return " ".join(s.split()) or None


def comparison_form(text: str | None) -> str:
    """Text reduced for equality tests: NFKC, casefolded, words only (punctuation, bullets and spacing dropped)."""
    if not text:
        return ""
    s = _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(_WORDS.findall(s))


def content_hash(text: str | None) -> str | None:
    """SHA-256 hex digest of :func:`comparison_form` of ``text``; ``None`` when the text has no words.

    Two descriptions that differ only in case, whitespace, punctuation or bullet style hash the same."""
    form = comparison_form(text)
    if not form:
        return None
    return hashlib.sha256(form.encode("utf-8")).hexdigest()
