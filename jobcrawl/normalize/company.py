"""Company names: the one owner of their page decorations ("Canonical - Jobs", "Careers at Acme"), the display
name and a comparison key ("Canonical - Jobs", "Canonical Ltd." and "canonical" share one key)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .text import clean_inline

# Board/page decorations after the name: "Canonical - Jobs", "Acme Careers", "Acme | Careers".
_PAGE_SUFFIX = re.compile(
    r"\s*(?:[-–—|:·]\s*)?(?:jobs?(?:\s+at)?|careers?(?:\s+at|\s+page|\s+site)?|job\s+board|hiring|we'?re\s+hiring|"
    r"open\s+positions|job\s+openings|vacancies|stellenangebote|karriere|empleos|emplois)\s*$",
    re.IGNORECASE,
)
# ... and before it: "Careers at Acme", "Jobs with Acme", "Work for Krispy Kreme", a handle's "@". Other words
# stay ("Jobs for Humanity", "At Home" are names), as does a decoration word inside a name ("Steve Jobs Archive").
_PAGE_PREFIX = re.compile(
    r"^(?:(?:careers?|jobs?|job\s+openings|opportunities|join(?:\s+us)?|work(?:ing)?)\s+(?:at|with)\s+"
    r"|work(?:ing)?\s+for\s+|@\s*)(?=\S)",
    re.IGNORECASE,
)
# Legal forms, matched on the key form (casefolded, punctuation already spaces).
_LEGAL = {
    "inc", "incorporated", "llc", "l l c", "llp", "lp", "ltd", "limited", "gmbh", "ag", "se", "corp",
    "corporation", "co", "company", "plc", "s a", "sa", "sas", "sarl", "s r l", "srl", "spa", "s p a", "bv",
    "b v", "nv", "n v", "pty", "pty ltd", "pvt", "pvt ltd", "private limited", "oy", "ab", "as", "a s", "aps",
    "kk", "k k", "kg", "gmbh co kg", "ug", "sl", "s l", "s de rl", "de cv", "sa de cv", "ltda", "holdings",
    "group",
}
_MAX_LEGAL_WORDS = max(len(x.split()) for x in _LEGAL)


# A crawl sees the same few employers again and again (a career site: one; a board: its regulars), so both
# functions below keep their answers per name: a hit costs ~1 µs, the work ~15-30 µs.
_NAME_CACHE_SIZE = 4096


def strip_page_decorations(name: str) -> str:
    """``name`` without what a job page wraps around a company name: "Canonical - Jobs", "Acme Careers",
    "Careers at Acme" -> the name. Nothing else changes (the page's characters and spacing stay); "" when the
    whole text is decoration ("Careers")."""
    return _PAGE_SUFFIX.sub("", _PAGE_PREFIX.sub("", name)).strip(" -–—|:·")


def clean_company(name: str | None) -> str | None:
    """The display name: :func:`clean_inline` minus page decorations (:func:`strip_page_decorations`); legal
    forms stay ("Apple Inc."). A name that is all decoration is kept as it is."""
    return _clean_company(name) if isinstance(name, str) else None


@lru_cache(maxsize=_NAME_CACHE_SIZE)
def _clean_company(name: str) -> str | None:
    s = clean_inline(name)
    if not s:
        return None
    return strip_page_decorations(s) or s


def company_key(name: str | None) -> str | None:
    """Casefolded, accents and punctuation removed, page decorations (" - Jobs", " Careers") and legal forms
    (Inc, LLC, Ltd, GmbH, Corp, plc, S.A., ...) and a leading "The" dropped. "3M" stays "3m". ``None`` if
    nothing is left. "Group"/"Holdings" are dropped too: "Acme Group" and "Acme" are one employer for us."""
    return _company_key(name) if isinstance(name, str) else None


@lru_cache(maxsize=_NAME_CACHE_SIZE)
def _company_key(name: str) -> str | None:
    s = clean_inline(name)
    if not s:
        return None
    s = _PAGE_PREFIX.sub("", s)
    for _ in range(2):
        s = _PAGE_SUFFIX.sub("", s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = s.replace("&", " and ")
    s = re.sub(r"[^\w]+|_", " ", s)
    words = s.split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    # drop legal forms from the end, longest first, while something remains
    changed = True
    while changed and len(words) > 1:
        changed = False
        for n in range(min(_MAX_LEGAL_WORDS, len(words) - 1), 0, -1):
            if " ".join(words[-n:]) in _LEGAL:
                words = words[:-n]
                changed = True
                break
    if words and words[-1] == "and" and len(words) > 1:  # "Smith & Co" -> "smith and" -> "smith"
        words = words[:-1]
    key = " ".join(words)
    return key or None
