"""Finding heading lines (styled or written as text) and grouping the lines under them."""

from __future__ import annotations

import re

from jobcrawl.extract.sections.flatten import _Line
from jobcrawl.normalize.text import collapse_spaces
from jobcrawl.extract.sections.rules import (
    _GENERIC_HEADING,
    _LOOSE_KINDS,
    _CaselessPattern,
    _fold,
    _is_benefits,
    _is_comp,
    _is_eeo,
    _norm_heading,
    _vocab_only,
    classify_heading,
)

# --------------------------------------------------------------------------------------------------------------------
# Grouping lines into sections
# --------------------------------------------------------------------------------------------------------------------

_TERMINAL_PUNCT = (".", ";", ",", "!")
_ALNUM = re.compile(r"[^\W_]")

# Heading ranks: 1-6 h1-h6 (and header classes), then lines styled by weight and case, outer before inner, so that a
# "WHAT YOU'LL DO" line in bold capitals encloses the bold "Sales" line under it. Lead-ins are the innermost.
_RANK_BOLD_CAPS, _RANK_BOLD, _RANK_CAPS, _RANK_PLAIN, _RANK_LEAD_IN = 7, 8, 9, 10, 11
_RANK_NONE = 99

# A line opening with one of these is a list item written as text ("• Build APIs", "- Build APIs"), never a heading.
_BULLET_CHARS = "•●◦▪▫·‣⁃∙○■□➢➤►▸✓✔☐"
_DASH_BULLETS = ("- ", "* ", "– ", "— ", "+ ")
# Markdown written as text: "**Heading**", "**Heading:**", "__Heading__", "## Heading".
_MARKDOWN_BOLD = re.compile(r"^(\*\*|__)(?P<h>[^*_].*?)\1\s*(?P<colon>:?)$")
_MARKDOWN_ATX = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<h>\S.*?)\s*#*$")


_BULLET_STARTS = _BULLET_CHARS + "".join(d[0] for d in _DASH_BULLETS)


def _is_text_bullet(text: str) -> bool:
    c = text[0]
    return c in _BULLET_STARTS and (c in _BULLET_CHARS or text.startswith(_DASH_BULLETS))


def _is_caps(text: str) -> bool:
    """Words in capitals ("RESPONSIBILITIES", "WHO WE ARE"): all cased letters upper case, at least four letters and
    more letters than digits ("$185,500 - $250,500 USD" is an amount, not a heading)."""
    if text.upper() != text or text.lower() == text:
        return False
    letters = sum(c.isalpha() for c in text)
    return letters >= 4 and letters > sum(c.isdigit() for c in text)


def _heading_of(text: str, line: _Line) -> tuple[int, str | None, str] | None:
    """Return (rank, kind, heading text) when the line is a heading, else None (see the ``_RANK_*`` constants)."""
    n = len(text)
    if n > 160:
        return None  # cheap checks first: this runs for every line
    words = text.count(" ") + 1
    if line.rank:
        if words <= 20:
            return line.rank, classify_heading(text), text
        return None
    if n > 100 or words > 12 or text.endswith(_TERMINAL_PUNCT):
        return None
    parts = line.parts
    if all(k for _, _, k in parts):
        return None  # a link or button ("Apply now") is navigation, not a heading
    if all(b for p, b, _ in parts if _ALNUM.search(p)):
        kind = classify_heading(text)
        if line.li and kind is None:
            return None
        return (_RANK_BOLD_CAPS if _is_caps(text) else _RANK_BOLD), kind, text
    if line.li or words > 10 or ". " in text:
        return None
    if text[0] in "*_#":
        m = _MARKDOWN_BOLD.match(text) or _MARKDOWN_ATX.match(text)
        if m is not None:
            heading = m.group("h").strip() + (m.groupdict().get("colon") or "")
            if not _ALNUM.search(heading):
                return None
            hashes = m.groupdict().get("hashes")
            if hashes:
                rank = len(hashes)
            else:
                rank = _RANK_BOLD_CAPS if _is_caps(heading) else _RANK_BOLD
            return rank, classify_heading(heading), heading
    m = _ALNUM.search(text)
    if m is None or not (m.group(0).isupper() or m.group(0).isdigit()):
        return None
    if ": " in text and _LABEL.match(text):
        return None  # "Requirements: 5 years of Go" is a label and its content (_plain_label), not a heading line
    kind = classify_heading(text)
    if _is_caps(text):
        # a line in capitals: a heading when it names a section, or has a few words ("SQL" alone is a skill)
        if kind is not None or (words >= 2 and n <= 60):
            return _RANK_CAPS, kind, text
        return None
    if words > 8:
        return None
    if kind is None:
        # a short label closing with a colon introduces what follows ("Tech we use:")
        if text.endswith(":") and words <= 4:
            return _RANK_PLAIN, None, text
        return None
    if text.endswith((":", "?")) or _vocab_only(_norm_heading(text)):
        return _RANK_PLAIN, kind, text
    if kind == "about" and words <= 4 and text.startswith("About ") and _every_word_capitalized(text):
        return _RANK_PLAIN, kind, text  # "About Acme", "About Acme Labs"
    return None


def _every_word_capitalized(text: str) -> bool:
    return all(w[0].isupper() or not w[0].isalpha() for w in text.split())


# "RESPONSIBILITIES: Lead the team", "Requirements: 5 years of Go": a label naming a section, then its content. Pay
# lines ("Salary: $90,000 a year") are left to the content rule that splits pay statements out, as before.
_LABEL = re.compile(r"^(?P<label>[^\W\d_][^:]{1,38}:)\s+\S")
_LABEL_KINDS = frozenset(("responsibilities", "requirements", "preferred", "benefits", "application", "equal_opportunity"))


def _plain_label(text: str, line: _Line) -> str | None:
    """A plain-text label opening a line, naming a section: in capitals, or naming one of the main kinds."""
    if line.li or ": " not in text or any(b for _, b, _ in line.parts):
        return None
    m = _LABEL.match(text)
    if m is None:
        return None
    label = m.group("label")
    if len(label.split()) > 4 or not label[0].isupper():
        return None
    kind = classify_heading(label)
    if kind is None or kind == "compensation" or not (kind in _LABEL_KINDS or _is_caps(label)):
        return None
    return label


def _inline_heading(line: _Line) -> str | None:
    """A bold lead-in naming a known section, e.g. ``<b>Benefits:</b> dental, vision`` -> "Benefits:"."""
    if line.li or not line.parts or not line.parts[0][1] and line.parts[0][0].strip():
        return None
    lead: list[str] = []
    for p, b, _ in line.parts:
        if not b:
            break
        lead.append(p)
    lead_text = collapse_spaces("".join(lead), zero_width=True)
    if not lead_text.endswith(":") or len(lead_text.split()) > 6:
        return None
    if classify_heading(lead_text) is None:
        return None
    return lead_text


def _trailing_heading(line: _Line) -> str | None:
    """A bold run closing a line of text, e.g. ``... locations. <b>Minimum qualifications:</b><br>``."""
    if line.li or len(line.parts) < 2 or not line.parts[-1][1]:
        return None
    tail: list[str] = []
    for p, b, _ in reversed(line.parts):
        if not b and p.strip():
            break
        tail.append(p)
    else:
        return None  # the whole line is bold
    head = collapse_spaces("".join(reversed(tail)), zero_width=True)
    if not head.endswith(":") or len(head.split()) > 6 or classify_heading(head) is None:
        return None
    return head


class _Group:
    __slots__ = ("heading", "rank", "kind", "lines", "first_line", "inherited", "n_li")

    def __init__(self, heading: str | None, rank: int, kind: str | None, first_line: int) -> None:
        self.heading = heading
        self.rank = rank
        self.kind = kind
        self.lines: list[str] = []
        self.first_line = first_line
        self.inherited = False
        self.n_li = 0


_LEAD_IN_KINDS = frozenset(("responsibilities", "requirements", "preferred", "benefits", "compensation"))
_MONEY_KINDS = frozenset(("benefits", "compensation"))
_COMP_LEAD_RX = _CaselessPattern(
    r"(the )?((annual|base|starting|hourly|target|expected|estimated|yearly|monthly|total|u\.?s\.?) )*"
    r"(salary|compensation|pay|wages?|remuneration|ote)\b"
)


# Closing lines that tell how to apply: "To apply, send your CV to ...", "Apply by email to ...", "Interested
# candidates should email ...", and the same in the other languages of the heading tables.
_APPLY_LINE_RX = _CaselessPattern(
    r"(to apply\b|apply (by|via|through|at|online|on|here|today|with|using|to)\b|how to apply\b|"
    r"please (apply|send|submit|email|e-mail|forward)\b|"
    # "Qualified candidates will have 5 years of Go" is a requirement: the line must go on to say how to apply
    r"(interested|qualified|suitable|eligible) (candidates|applicants|persons|individuals|parties) "
    r"(should|may|can|are (invited|encouraged|requested)|please|must|will need to)\b[^.]{0,40}?"
    r"\b(apply|send|submit|email|e-mail|forward|contact)|"
    r"(send|submit|email|e-mail|forward) (us )?(your|an?|the) (updated )?(cv|resume|résumé|application|cover letter)|"
    r"applications? (should|must|can|may) be (sent|submitted|emailed|made)|if (you are|you're) interested\b|"
    r"bewerben sie sich|bewirb dich|(schicken|senden) sie (uns )?ihre|schick(e)? uns dein|envoyez|postulez|"
    r"pour postuler|para (postular|aplicar|candidatar)|per candidarti|"
    r"(envía|envia|envíanos|envie) (tu|tus|seu|o seu|sua)|invia(ci)? (il tuo|la tua)|candidati ora|candidate-se|"
    r"надсилайте|надішліть)"
)


def _group(lines: list[tuple[str, _Line]]) -> list[_Group]:
    groups: list[_Group] = []
    cur = _Group(None, _RANK_NONE, None, 0)
    stack: list[tuple[int, str | None]] = []  # enclosing headings: (rank, kind)
    split_mode = False  # inside a block split out of its section (EEO / salary paragraph)

    def start(heading: str | None, rank: int, kind: str | None, idx: int) -> _Group:
        nonlocal cur
        if cur.heading is not None and not cur.lines and heading is not None and rank >= cur.rank:
            # an empty heading directly followed by a sub-heading: the sub-heading takes over, keeping the parent's
            # kind when it names nothing specific itself
            if kind is None or kind == "other":
                kind = cur.kind
            cur.heading, cur.rank, cur.kind = heading, rank, kind
            return cur
        if cur.lines or cur.heading is not None:
            groups.append(cur)
        cur = _Group(heading, rank, kind, idx)
        return cur

    for idx, (text, line) in enumerate(lines):
        if not line.li and _is_text_bullet(text):
            line.li = True  # "• Build APIs" written as text is a list item like <li>Build APIs</li>
        h = _heading_of(text, line)
        if h is not None:
            rank, kind, heading = h
            while stack and stack[-1][0] >= rank:
                stack.pop()
            inherited = False
            generic = kind == "about" and _GENERIC_HEADING.match(_norm_heading(heading)) is not None
            if kind is None or (generic and stack):
                # a sub-heading naming nothing ("Sales" under "WHAT YOU'LL DO") or only the description as a whole
                # ("Overview" under "Responsibilities") is part of the enclosing section
                # the nearest enclosing heading that names a kind decides (inherited and generic ones are
                # transparent); "about" and "other" are too loose to pass down
                for r, k in reversed(stack):
                    if k is not None:
                        if k not in _LOOSE_KINDS:
                            kind, inherited = k, True
                        break
            if kind is None and heading.endswith(":") and cur.kind in _LEAD_IN_KINDS and not _is_caps(heading):
                # "They will include:" right after "The Role" continues that section's kind; a label in capitals
                # ("WHAT'S IN IT:") starts a topic of its own
                kind, inherited = cur.kind, True
            # a heading naming the whole description ("Job description") encloses nothing of one kind
            encloses = None if inherited or generic else kind
            stack.append((rank, encloses))
            g = start(heading, rank, kind, idx)
            g.inherited = inherited
            split_mode = False
            continue
        lead = _inline_heading(line) or _plain_label(text, line)
        if lead is not None:
            rest = text[len(lead):].strip() if text.startswith(lead) else text
            kind = classify_heading(lead)
            while stack and stack[-1][0] >= _RANK_LEAD_IN:
                stack.pop()
            g = start(lead, _RANK_LEAD_IN, kind, idx)
            if rest:
                g.lines.append(rest)
            split_mode = False
            continue
        trail = _trailing_heading(line)
        if trail is not None and text.endswith(trail):
            before = text[: -len(trail)].strip()
            if before:
                cur.lines.append(before)
            while stack and stack[-1][0] >= _RANK_LEAD_IN:
                stack.pop()
            start(trail, _RANK_LEAD_IN, classify_heading(trail), idx + 1)
            split_mode = False
            continue
        # split stand-alone EEO / salary paragraphs out of the section they sit in
        if not line.li:
            content_kind = None
            n = len(text)
            low = text.lower()
            folded = _fold(text, low)
            if n >= 40 and _is_eeo(low):
                content_kind = "equal_opportunity"
            elif (n <= 400 and _is_comp(text, folded)) or (n >= 30 and _COMP_LEAD_RX.match(text, folded)):
                content_kind = "compensation"
            elif (split_mode or cur.heading is None) and _is_benefits(text, low, folded):
                content_kind = "benefits"
            elif n >= 20 and _APPLY_LINE_RX.match(text, folded) and not all(k for _, _, k in line.parts):
                content_kind = "application"
            if content_kind is not None and content_kind != cur.kind:
                if not (content_kind in _MONEY_KINDS and cur.kind in _MONEY_KINDS):
                    if not cur.lines and (cur.heading is None or cur.kind in (None, "about", "other")):
                        cur.kind = content_kind  # "What we believe" + a diversity statement is that statement
                    else:
                        start(None, _RANK_NONE, content_kind, idx)
                    split_mode = True
        cur.lines.append(text)
        if line.li:
            cur.n_li += 1
    if cur.lines or cur.heading is not None:
        groups.append(cur)
    return groups
