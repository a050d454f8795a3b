"""Plain-text cleaning and the content hash used for exact-duplicate detection (pure functions).

The one owner of whitespace: every other module collapses spaces through these functions, never its own regex.

- :func:`collapse_spaces`  one line, the page's characters kept (raw fields as the page said them)
- :func:`tidy_block_text`  several lines, the page's characters kept (paragraph breaks stay)
- :func:`clean_inline`     one line for storage (NFKC, invisible characters dropped)
- :func:`clean_text`       several lines for storage (NFKC, invisible characters and blank lines dropped)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Characters that carry no text: zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks.
_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLES}]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Zero-width characters that separate words where a page puts them between two text nodes.
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
# horizontal spaces only: \r, \f and \v end lines for str.splitlines, so tidy_block_text never sees them in a line
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def collapse_spaces(s: str, *, zero_width: bool = False) -> str:
    """Every run of whitespace (any Unicode space, line breaks included) as one space, ends stripped; nothing
    else changes. ``zero_width=True`` also reads zero-width spaces and joiners as spaces (text joined from nodes).

    ``str.split()`` splits on exactly the characters of the regex ``\\s`` (both test ``Py_UNICODE_ISSPACE``)
    and does it in C: the same result as ``re.sub(r"\\s+", " ", s).strip()`` without a regex per value."""
    if zero_width and not s.isascii() and _ZERO_WIDTH_RE.search(s):
        s = _ZERO_WIDTH_RE.sub(" ", s)
    return " ".join(s.split())


def tidy_block_text(s: str) -> str | None:
    """Lines kept: runs of spaces collapsed within each line, lines stripped, at most one blank line between
    paragraphs; ``None`` when nothing is left. The page's characters stay (see :func:`clean_text` for storage)."""
    if (
        "  " not in s and " \n" not in s and "\n " not in s and "\n\n\n" not in s
        and s.replace("\n", "").isprintable()
    ):
        # The only whitespace is single spaces and newlines (isprintable() is False for every other space and
        # line break), no line starts or ends with a space and no blank lines run: only the ends would change.
        # The usual case (html_text's text of a description): no regex pass, no per-line split.
        return s.strip() or None
    # one substitution over the whole text, not one per line: runs of spaces never cross a line break
    lines = [line.strip() for line in _SPACES.sub(" ", s).splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() or None


def _clean_plain_lines(s: str) -> str | None:
    """The per-line collapse of :func:`clean_text` for text whose only whitespace is single spaces and
    newlines: drop the spaces next to a newline, the empty lines and the ends. Whole-string replaces instead
    of a split/join per line (clean_text on the bench descriptions: ~40 -> ~25 µs; on the short section
    texts the saving is mostly the skipped per-line generator)."""
    if " \n" in s:
        s = s.replace(" \n", "\n")
    if "\n " in s:
        s = s.replace("\n ", "\n")
    while "\n\n" in s:
        s = s.replace("\n\n", "\n")
    return s.strip(" \n") or None


def clean_text(s: str | None) -> str | None:
    """Normalize text for storage: NFKC, invisible characters removed, spaces collapsed within each line,
    blank lines dropped (lines are kept, one ``\\n`` between them), stripped. ``None`` when nothing is left."""
    if s is None:
        return None
    if not isinstance(s, str):
        s = str(s)
    is_ascii = s.isascii()
    if not is_ascii and not unicodedata.is_normalized("NFKC", s):
        s = unicodedata.normalize("NFKC", s)
    if "  " not in s and (s.replace("\n", "") if "\n" in s else s).isprintable():
        # The only whitespace is single spaces and newlines: isprintable() is False for every other space,
        # line break, control and invisible character, so the steps below up to the collapse change nothing.
        return _clean_plain_lines(s)
    if not is_ascii:
        # `in` per character instead of _INVISIBLE_RE.search: a regex scan costs ~100 ns per character here
        if any(c in s for c in _INVISIBLES):
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


# For ASCII text, one byte table does the casefold and the word split: letters lowercased, digits and "_"
# kept, everything else (punctuation, whitespace, controls) a space.
_ASCII_BYTES = bytes(range(128))
_ASCII_WORD_BYTES = bytes(
    (c if chr(c).isalnum() or c == ord("_") else ord(" ")) if c < 128 else c for c in range(256)
).lower()


def comparison_form(text: str | None) -> str:
    """Text reduced for equality tests: NFKC, casefolded, words only (punctuation, bullets and spacing dropped)."""
    if not text:
        return ""
    # The words of findall(r"\w+") (\w is str.isalnum() or "_"), found with a bytes translate + split:
    # ~27 vs ~70 µs on a 1.5 KB ASCII description, ~60 vs ~120 µs on one with a few "£"/"’"/"•".
    if text.isascii():
        # NFKC and the invisible characters leave ASCII alone and casefold() is lower() there
        return b" ".join(text.encode("ascii").translate(_ASCII_WORD_BYTES).split()).decode("ascii")
    s = unicodedata.normalize("NFKC", text)
    if any(c in s for c in _INVISIBLES):
        s = _INVISIBLE_RE.sub("", s)
    data = s.casefold().encode("utf-8", "surrogatepass")
    # Non-ASCII characters that are not word characters become spaces first: the few distinct ones are read
    # from the bytes left after deleting the ASCII ones (UTF-8 sequences never match across characters).
    # The byte table then handles ASCII and leaves the UTF-8 bytes of the other characters alone.
    for c in set(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")):
        if not c.isalnum():
            data = data.replace(c.encode("utf-8", "surrogatepass"), b" ")
    return b" ".join(data.translate(_ASCII_WORD_BYTES).split()).decode("utf-8", "surrogatepass")


def content_hash(text: str | None) -> str | None:
    """SHA-256 hex digest of :func:`comparison_form` of ``text``; ``None`` when the text has no words.

    Two descriptions that differ only in case, whitespace, punctuation or bullet style hash the same."""
    form = comparison_form(text)
    if not form:
        return None
    return hashlib.sha256(form.encode("utf-8")).hexdigest()
