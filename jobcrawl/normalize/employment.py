"""Employment type to Google's JobPosting vocabulary: FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, INTERN,
VOLUNTEER, PER_DIEM, OTHER.

Input is whatever a site says: "Full-time", "Permanent, Full-time", JSON-LD values (``"FULL_TIME"``,
``["FULL_TIME", "PART_TIME"]``), Ashby ``FullTime``, Lever commitments ("Full-time /"), other languages
(Vollzeit, CDI, Tiempo completo, 正社員 ...). Unrecognized text gives no type (the raw value is kept by the
caller) rather than OTHER; OTHER is returned only when the source says "other".

Choices worth knowing: "Permanent"/CDI/unbefristet -> FULL_TIME; "Temp to hire", fixed term, CDD, befristet,
seasonal -> TEMPORARY; "Casual" (AU/NZ/UK: hourly, as-needed, no paid leave) and PRN -> PER_DIEM, the Google
type for as-needed work; apprenticeships and trainee posts -> INTERN; Werkstudent -> PART_TIME.
"""

from __future__ import annotations

import json
import re
from typing import Any

TYPES = ("FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER")

# Longer phrases first: alternation picks the first alternative that matches at a position.
_PATTERNS: list[tuple[str, str]] = [
    # phrases that contain another type's word
    ("TEMPORARY", r"temp(?:orary)?[\s_-]*to[\s_-]*(?:hire|perm(?:anent)?)|contract[\s_-]*to[\s_-]*hire"),
    ("FULL_TIME", r"contrato\s+(?:por\s+tiempo\s+)?indefinido|tiempo\s+indefinido|contrat\s+à\s+durée\s+indéterminée"),
    ("TEMPORARY", r"contrat\s+à\s+durée\s+déterminée|contrato\s+(?:temporal|por\s+obra|a\s+término\s+fijo)"),
    ("FULL_TIME", r"full[\s_-]*time|vollzeit|temps\s+(?:plein|complet)|tiempo\s+completo|jornada\s+completa|"
                  r"tempo\s+(?:integral|pieno|indeterminato)|período\s+integral|voltijd|heltid|pełny\s+etat|"
                  r"permanent|perm|cdi|unbefristet|festanstellung|regular\s+full|"
                  r"indefinido|efetivo|clt"),
    ("PART_TIME", r"part[\s_-]*time|teilzeit|temps\s+partiel|medio\s+tiempo|tiempo\s+parcial|media\s+jornada|"
                  r"jornada\s+parcial|meio[\s-]+período|tempo\s+parcial|part\s+time|deeltijd|deltid|minijob|"
                  r"mini-job|werkstudent(?:in)?|working\s+student|niepełny\s+etat"),
    ("INTERN", r"intern(?:ship)?s?|praktikum|praktikant(?:in)?|stage|stagiaire|alternance|pasant[ií]a|"
               r"pr[aá]cticas|becario|estágio|estagiário|tirocinio|apprentice(?:ship)?|ausbildung|trainee(?:ship)?|"
               r"graduate\s+program(?:me)?|co-?op"),
    ("CONTRACTOR", r"contract(?:or|ors)?|contracting|freelance(?:r)?|freiberuflich|freie\s+mitarbeit|"
                   r"self[\s-]employed|independent\s+contractor|1099|c2c|corp[\s-]to[\s-]corp|b2b|"
                   r"indépendant|aut[oó]nomo|pj|prestataire"),
    ("TEMPORARY", r"temp(?:orary)?|fixed[\s_-]*term|befristet|cdd|interim|intérim|seasonal|saisonal|saisonnier|"
                  r"temporal|temporário|tempor[aá]rio|temporaneo|tempo\s+determinato|zeitarbeit|leiharbeit"),
    ("VOLUNTEER", r"volunteer(?:ing)?|voluntary|unpaid|bénévol(?:e|at)|ehrenamt(?:lich)?|voluntari[oa]"),
    ("PER_DIEM", r"per[\s_-]*diem|prn|casual|on[\s-]call|as[\s-]needed"),
    ("OTHER", r"other"),
]
_LATIN_RE = re.compile(
    "|".join(f"(?P<{t}_{i}>(?<!\\w)(?:{p})(?!\\w))" for i, (t, p) in enumerate(_PATTERNS)),
    re.IGNORECASE,
)
# Japanese has no word boundaries.
_CJK = [
    ("FULL_TIME", "正社員"), ("FULL_TIME", "正職員"), ("FULL_TIME", "フルタイム"),
    ("CONTRACTOR", "業務委託"), ("TEMPORARY", "契約社員"), ("TEMPORARY", "派遣社員"), ("TEMPORARY", "派遣"),
    ("PART_TIME", "アルバイト"), ("PART_TIME", "パート"), ("INTERN", "インターン"), ("VOLUNTEER", "ボランティア"),
    ("FULL_TIME", "全职"), ("PART_TIME", "兼职"), ("INTERN", "实习"),
]
# JSON-LD / ATS enum spellings, matched after removing "_", "-" and spaces.
_ENUMS = {
    "FULLTIME": "FULL_TIME", "PARTTIME": "PART_TIME", "CONTRACTOR": "CONTRACTOR", "CONTRACT": "CONTRACTOR",
    "TEMPORARY": "TEMPORARY", "TEMP": "TEMPORARY", "INTERN": "INTERN", "INTERNSHIP": "INTERN",
    "VOLUNTEER": "VOLUNTEER", "PERDIEM": "PER_DIEM", "OTHER": "OTHER",
}
# Which type to report when several are given: the more specific kinds first; FULL_TIME and PART_TIME by order.
_RANK = {"INTERN": 0, "VOLUNTEER": 1, "CONTRACTOR": 2, "TEMPORARY": 3, "PER_DIEM": 4,
         "FULL_TIME": 5, "PART_TIME": 5, "OTHER": 6}


def _texts(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        s = raw.strip()
        if s.startswith("[") and s.endswith("]"):
            try:
                return _texts(json.loads(s))
            except ValueError:
                pass
        return [s] if s else []
    if isinstance(raw, (list, tuple, set)):
        return [t for item in raw for t in _texts(item)]
    if isinstance(raw, dict):
        return _texts(raw.get("name") or raw.get("value") or raw.get("label"))
    return []


def normalize_employment_type(raw: Any) -> list[str]:
    """All employment types named in ``raw`` (a string, a JSON list, or a list), in order, without repeats."""
    found: list[str] = []
    for text in _texts(raw):
        # = re.sub(r"[\s_-]+", "", text).upper(): str.split() drops exactly the characters of \s, without a regex
        enum = "".join(text.replace("_", " ").replace("-", " ").split()).upper()
        if enum in _ENUMS:
            hits = [(0, _ENUMS[enum])]
        else:
            hits = [(m.start(), m.lastgroup.rsplit("_", 1)[0]) for m in _LATIN_RE.finditer(text)]  # type: ignore[union-attr]
            hits += [(text.find(w), t) for t, w in _CJK if w in text]
            hits.sort()
        for _, t in hits:
            if t not in found:
                found.append(t)
    # "派遣社員" also contains "派遣": one hit each, harmless. "Full-time, Other" -> drop the vague OTHER.
    if len(found) > 1 and "OTHER" in found:
        found.remove("OTHER")
    return found


def primary_employment_type(raw: Any) -> str | None:
    """The one type to store: the most specific named (INTERN > VOLUNTEER > CONTRACTOR > TEMPORARY > PER_DIEM),
    else the first of FULL_TIME/PART_TIME as written, else OTHER; ``None`` when nothing is recognized."""
    try:
        types = normalize_employment_type(raw)
    except Exception:  # noqa: BLE001
        return None
    if not types:
        return None
    return min(types, key=lambda t: (_RANK[t], types.index(t)))
