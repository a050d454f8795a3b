"""Work arrangement: "remote", "hybrid" or "onsite" from whatever the page says.

Sources, in the order a caller should pass them (most explicit first): JSON-LD ``jobLocationType``
(TELECOMMUTE), ATS workplace fields (Ashby/Lever ``workplaceType``: Remote, Hybrid, OnSite, unspecified;
Ashby ``isRemote`` booleans), the page's remote label, the location text ("Remote in Denver, CO",
"Hybrid remote in Seattle, WA"), the title ("... | Remote | Australia"). The first text that says something
decides; ``None`` when none does (absence of "remote" does not mean on-site).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_NEGATED_REMOTE = re.compile(
    r"(?<!\w)(?:no|not|non|never)[\s-]+(?:remote|telecommut\w*|wfh)(?!\w)|(?<!\w)remote\s*[:=]\s*(?:no|false)(?!\w)",
    re.IGNORECASE,
)
_HYBRID = re.compile(
    r"(?<!\w)(?:hybrid|hybride|híbrido|hibrido|ibrido|hybryd\w*|semi[\s-]?remote|partially\s+remote|"
    r"partly\s+remote|flexible\s+remote|remote[\s-]+(?:or|and|/)[\s-]+(?:on[\s-]?site|office)|"
    r"télétravail\s+partiel|teletrabajo\s+parcial|teilweise\s+remote|ハイブリッド)(?!\w)",
    re.IGNORECASE,
)
_REMOTE = re.compile(
    r"(?<!\w)(?:remote|remotely|fully[\s-]remote|telecommut\w*|tele[\s-]?work\w*|work[\s-]+from[\s-]+(?:home|anywhere)|"
    r"wfh|home[\s-]?based|work[\s-]+at[\s-]+home|"
    r"télétravail|teletravail|à\s+distance|remoto|remota|teletrabajo|trabajo\s+a\s+distancia|en\s+remoto|"
    r"homeoffice|fernarbeit|mobiles\s+arbeiten|zdalnie|praca\s+zdalna|リモート|在宅|远程)(?!\w)",
    re.IGNORECASE,
)
_ONSITE = re.compile(
    r"(?<!\w)(?:on[\s-]?site|in[\s-]?person|in[\s-]+(?:the[\s-]+)?office|office[\s-]based|in[\s-]office|"
    r"on[\s-]premises?|presencial|présentiel|sur\s+site|vor\s+ort|präsenz|stacjonarn\w+|出社)(?!\w)",
    re.IGNORECASE,
)
# "Virtual" only as a location of its own (Workday "PL, Warsaw, Virtual"), not "virtual reality".
_VIRTUAL = re.compile(r"(?:^|[,/|;(])\s*virtual\s*(?:$|[,/|;)])", re.IGNORECASE)
_UNSPECIFIED = {"unspecified", "none", "null", "n/a", "na", "", "unknown", "not specified"}


def _one(text: Any) -> str | None:
    if text is None:
        return None
    if isinstance(text, bool):
        return "remote" if text else None  # isRemote=False does not say on-site
    if isinstance(text, (list, tuple, set)):
        for t in text:
            r = _one(t)
            if r:
                return r
        return None
    if isinstance(text, dict):
        return _one(text.get("name") or text.get("value") or text.get("@type"))
    if not isinstance(text, str):
        return None
    return _one_text(text)


# The same few labels and location texts recur across a crawl: a cache hit is far cheaper than the five searches.
@lru_cache(maxsize=4096)
def _one_text(text: str) -> str | None:
    s = text.strip()
    if s.casefold() in _UNSPECIFIED:
        return None
    compact = re.sub(r"[\s_-]+", "", s).upper()
    if compact == "TELECOMMUTE":
        return "remote"
    if compact == "ONSITE":
        return "onsite"
    if _HYBRID.search(s):
        return "hybrid"
    if _NEGATED_REMOTE.search(s):
        return "onsite"
    if _REMOTE.search(s) or _VIRTUAL.search(s):
        return "remote"
    if _ONSITE.search(s):
        return "onsite"
    return None


def normalize_remote(*texts: Any) -> str | None:
    """``"remote"``, ``"hybrid"``, ``"onsite"`` from the first of ``texts`` that says one; else ``None``.

    Accepts strings, lists of strings, booleans (``True`` means remote) and ``None``. Never raises."""
    for text in texts:
        try:
            r = _one(text)
        except Exception:  # noqa: BLE001
            r = None
        if r:
            return r
    return None
