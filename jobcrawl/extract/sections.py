"""Split a job description into ordered, classified sections.

The splitter works on an already parsed tree (a parsel ``Selector`` of the description element) and never re-parses:

1. **Flatten.** Walk ``root.root`` (the lxml element) once and turn it into a sequence of *lines*: a line ends at every
   block-level boundary (``p``, ``div``, ``li``, ``h1``-``h6``, ...) and at every ``<br>``. Whitespace is collapsed
   within a line. Each line remembers how it was styled (inside ``h1``-``h6`` / ``.jobSectionHeader``, wholly bold,
   inside a list item) and each element remembers which lines its text went to, so a section's HTML can later be
   serialized from exactly the nodes that produced its lines.
2. **Find headings.** A line is a heading when it is styled as one (``h*``, ``.jobSectionHeader``, a short
   ``b``/``strong``-only line) or when it is a short plain line that *names a known section* ("Key responsibilities",
   "Preferred qualifications:", "Who are we?"). A short plain line that names nothing known stays content. A bold
   lead-in such as ``<p><b>Benefits:</b> dental, vision</p>`` becomes a heading followed by its content.
3. **Group and classify.** Lines are grouped under headings. The kind comes from the heading (keyword rules in
   :func:`classify_heading`); unnamed sub-headings inherit the kind of the enclosing higher-ranked heading; sections
   without a heading are classified from their text (:func:`classify_text`). Equal-opportunity statements and salary
   paragraphs that stand as their own block are split out of whatever section they sit in.

The section ``text`` excludes the heading; lines are joined with ``\\n``. The section ``html`` is serialized from the
tree: whole elements when all their text belongs to the section, otherwise the element's own tag (for lists, tables,
paragraphs; plain ``div``/``span`` wrappers are dropped) around the parts that belong. Concatenating the ``html`` of all
sections covers the description's content once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from html import escape

from lxml import etree
from parsel import Selector

from jobcrawl.items import Section
from jobcrawl.normalize.money import has_pay, may_hold_money

__all__ = ["classify_heading", "classify_text", "split_sections", "split_sections_html"]

# --------------------------------------------------------------------------------------------------------------------
# Heading classification
# --------------------------------------------------------------------------------------------------------------------

# Checked in this order; the first group that matches wins. Inside the "competing" group the earliest (then longest)
# match in the heading wins, so "Responsibilities and requirements" -> responsibilities, "About you" -> requirements.
_PRIORITY_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "preferred",
        re.compile(
            r"prefer|nice[ -]to[ -]haves?|good[ -]to[ -]haves?|bonus (points|if|skills|qualifications|experience)|"
            r"^bonus$|\bpluses\b|\b(a|big|huge|is a|are a) plus\b|^plus$|desir|\bideal(ly)?\b|extra credit|"
            r"would be (great|nice|helpful)|\bnot required\b|stand out|set (you|yourself) apart|"
            r"^additional (skills|qualif|requirement|experience|knowledge)|even better|it's a plus|what we value"
        ),
    ),
    (
        "equal_opportunity",
        re.compile(
            r"equal (employment )?opportunit|\beeoc?\b|\be ?e ?o\b|diversity|inclusion|inclusive|accommodation|"
            r"non-?discriminat|affirmative action|\be-?verify\b|belonging"
        ),
    ),
    (
        "application",
        re.compile(
            r"how to apply|to apply|\bapplication\b|\bapplying\b|^apply\b|next steps|(interview|hiring|recruit\w*|"
            r"selection) process|what happens next|our process"
        ),
    ),
]

# A heading that ends by introducing a list ("... because you will:", "... if you have:") is decided by its ending.
_TRAILING_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("responsibilities", re.compile(r"\b(you will|you'll|you would|you'd|you will be|you'll be|you get to|will you)( do)?$")),
    (
        "requirements",
        re.compile(
            r"\b(if|because|when|as|and|that) you( (have|are|bring|possess|can|should|need|will have|'ve got))?$|"
            r"\byou (have|are|bring|possess|should have|need|'ve got)$|\byou're$"
        ),
    ),
]

_COMPETING_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "requirements",
        re.compile(
            r"qualif|requirement|\brequired\b|what (you|you'll|you will|you'd) (need|bring)|what you bring|"
            r"you (will |'ll |should |must )?(bring|need|have)\b|who you are|about you\b|skills|\brequire|"
            r"experience|expertise|must[ -]haves?|(we're|we are|are we) looking for|looking for|your profile|"
            r"\bprofile\b|competenc|education|knowledge|abilities|background|what it takes|is this you|"
            r"who you('ll| will)? be|credentials|certifications?|eligibility|prerequisite|the candidate|"
            r"ideal candidate|candidate profile|to succeed|to be successful|for success|you might be|"
            r"who (we're|we are) looking|what (we|we're) looking|minimum|basic|essential|must|candidate|"
            r"(good|great|right|strong) fit|if you\b|you may be|thrive|you'll need|you will need"
        ),
    ),
    (
        "responsibilities",
        re.compile(
            r"responsib|what (you'll|you will|you'd|you would|will you|will i|i'll|i will|i'd|would i) "
            r"(do|be doing|work on|achieve|accomplish|"
            r"own|build|learn)|duties|about (the|this) (role|position|opportunity)|the role|your role|"
            r"this role|role description|role overview|your impact|the impact|impact you|day[ -]to[ -]day|"
            r"day in the life|you will\b|in this role|the job\b|the position|your mission|the mission|accountabilit|"
            r"tasks|(job|basic|essential|principal|primary|key|main|core) functions?|the work|your work|"
            r"the opportunity|your day|typical day|a day|projects|work on|"
            r"what's the job|what the job|key (areas|activities|deliverables|objectives)|objectives|"
            r"what you'll be|what you will be|expectations|outcomes|you'll\s+(do|work|be|own|lead|build|help)"
        ),
    ),
    (
        "compensation",
        re.compile(
            r"salary|salaries|compensation|\bpay\b|pay (range|rate|scale)|\bwages?\b|remuneration|\bote\b|"
            r"hourly rate|rate of pay|base rate|earnings|equity"
        ),
    ),
    (
        "benefits",
        re.compile(
            r"benefit|perks?\b|what we offer|we offer|(we|we'll|we will) provide|why join|join us|why work|"
            r"why (you'll|you will) love|what you'll love|you'll love|what's in it for you|in it for you|"
            r"what you('ll| will)? get|what you get|rewards?|time off|vacation|why us\b|^why [\w.&' -]+$|"
            r"life at|working at|working with us|in return|our offer|package|wellness|wellbeing|well-being|"
            r"insurance|401"
        ),
    ),
    (
        "about",
        re.compile(
            r"\babout\b|who we are|who are we|(about|meet) (us|the team|our team)|company|our team|the team|"
            r"\bteam\b|overview|introduction|\bintro\b|summary|mission|our story|our culture|culture|our values|"
            r"values|who is|what we do|what is|organization|organisation|department|background|description|"
            r"the business|our business|at a glance|believe|who you'll work with|meet the"
        ),
    ),
    (
        "other",
        re.compile(
            r"schedule|location|job type|employment type|work (setting|environment|hours|arrangement|model)|"
            r"\bshift|hours|travel|reports? to|start date|duration|contract|additional information|"
            r"other information|additional (information|details)|details|\bnotes?\b|disclaimer|languages?|tech stack|technolog|tools|stack|"
            r"physical|working conditions|security clearance|clearance|visa|relocation|remote|hybrid|job id|"
            r"requisition|posting|deadline|closing date|contact|\bfaq\b|questions|misc|other"
        ),
    ),
]

# Headings that name the whole description rather than one part of it: about when they open it, else other.
_GENERIC_HEADING = re.compile(
    r"^(about )?(the |job |position |role |vacancy |general |brief )?(description|summary|overview|details|information|"
    r"introduction|intro|job|position|opportunity|posting)( description| summary| overview| details)?$"
)

_WORD = re.compile(r"[a-z0-9']+")


_EDGE_NONWORD = re.compile(r"^[^\w(]+|[^\w)]+$")
_HEADING_SPACE = re.compile(r"[\s\u00a0\u200b]+")


def _norm_heading(text: str) -> str:
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    t = _HEADING_SPACE.sub(" ", t).strip()
    t = _EDGE_NONWORD.sub("", t)
    return t


def _classify_norm(t: str) -> str | None:
    if not t or len(t) > 120:
        return None
    for kind, rx in _PRIORITY_RULES:
        if rx.search(t):
            return kind
    tail = t.rstrip(" .…:")
    for kind, rx in _TRAILING_RULES:
        if rx.search(tail):
            return kind
    best: tuple[int, int] | None = None
    best_kind: str | None = None
    for kind, rx in _COMPETING_RULES:
        for m in rx.finditer(t):
            key = (m.start(), -(m.end() - m.start()))
            if best is None or key < best:
                best, best_kind = key, kind
            break  # finditer in order: first match of this rule is its earliest
    return best_kind


# Headings repeat across the pages of a site (and across sites: "Requirements", "Benefits"), and one page asks about
# the same line up to three times (styled heading, bold lead-in, trailing heading), so kinds are remembered per text.
# Bounded: cleared when full, which costs one re-classification per heading.
_HEADING_KINDS: dict[str, str | None] = {}
_HEADING_KINDS_MAX = 4096


def classify_heading(text: str | None) -> str | None:
    """Return the section kind a heading names, or ``None`` when it names no known section.

    ``"other"`` means the heading names a known section that is none of the specific kinds (schedule, location, ...).
    Trailing ``:`` and surrounding punctuation are ignored.
    """
    if not text:
        return None
    try:
        return _HEADING_KINDS[text]
    except KeyError:
        pass
    t = _norm_heading(text)
    kind = "about" if _GENERIC_HEADING.match(t) else _classify_norm(t)
    if len(_HEADING_KINDS) >= _HEADING_KINDS_MAX:
        _HEADING_KINDS.clear()
    _HEADING_KINDS[text] = kind
    return kind


# Words that may make up a plain (unstyled) heading line. A short plain line is a heading only when it names a known
# section (classify_heading) *and* every word is heading vocabulary; "Experience with Python" stays content.
_HEADING_VOCAB = frozenset(
    """
    a an the and or of for to in on at with our your my you you'll youll you're we we're we'll we've us who what why
    how where when is are be will would do does doing can could should need needs have has this that it its it's i
    about key main core primary principal essential basic minimum min required requirements requirement requisite
    preferred desired desirable ideal ideally nice good great bonus points plus pluses extra additional other general
    job role position team company organization organisation department opportunity responsibilities
    responsibility duties duty tasks functions function accountabilities qualifications qualification skills skill
    experience experiences knowledge abilities ability competencies competency education background profile
    candidate candidates must haves bring looking for look offer offers offering get benefits benefit perks perk
    compensation salary pay range wage wages rate base total rewards reward package equity compensations
    equal opportunity employment employer eeo eeoc diversity inclusion accommodation accommodations statement
    apply application process next steps step hiring interview overview summary introduction intro description
    details information mission culture values story day life impact work working join love expect expectations
    description do doing build building own lead achieve accomplish success successful succeed mandatory
    technical soft personal professional specific desired must-have nice-to-have must-haves nice-to-haves
    qualifications/skills skills/experience us? role? it's who's here there why? perks/benefits benefits/perks
    time off pto physical environment schedule location type hours travel more
    """.split()
)


def _vocab_only(t: str) -> bool:
    words = _WORD.findall(t.replace("&", " and ").replace("/", " "))
    return bool(words) and all(w in _HEADING_VOCAB for w in words)


# --------------------------------------------------------------------------------------------------------------------
# Content classification
# --------------------------------------------------------------------------------------------------------------------

# Equal-opportunity statements, matched on lowercased text with plain substring tests (fast on long paragraphs).
# One strong cue is enough; otherwise two distinct weak cues are needed.
_EEO_STRONG = (
    "equal opportunity employer", "equal employment opportunity", "equal opportunity workplace",
    "equal-opportunity employer", "an equal opportunity", "without regard to", "affirmative action employer",
    "does not discriminate", "do not discriminate", "will not discriminate", "doesn't discriminate",
    "don't discriminate", "not discriminate on the basis", "regardless of race", "regardless of their race",
    "reasonable accommodation", "eeo employer", "eeo/", "/eeo", " eeo ", "eeo statement", "e-verify",
    "qualified applicants with arrest", "qualified applicants with criminal", "fair chance ordinance",
)
_EEO_WEAK = (
    "equal opportunit", "religion", "national origin", "sexual orientation", "gender identity", "protected veteran",
    "veteran status", "marital status", "discriminat", "affirmative action", "diversity", "inclusive", "inclusion",
    "belonging", "disabilit", "race,", "color,", "accommodation",
)
# Characters other than A-Z that ``re.I`` equates with an ASCII letter; the others lowercase to one (K, İ) and are
# caught by the "lowercasing changes nothing" test in _fold. Found by checking every code point against [a-z].
_FOLD_TRAPS = ("\u0131", "\u017f")  # dotless i ~ i, long s ~ s
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold(text: str, low: str | None = None) -> str | None:
    """``text.lower()`` (or ``low``, given it) when a lowercase pattern matching it finds exactly what the ``re.I``
    pattern finds in ``text``, else ``None`` (use the ``re.I`` pattern).

    Exact for ASCII text, and for text whose non-ASCII characters are unchanged by lowercasing and are not dotless i or
    long s (bullets, curly quotes, currency signs): lowercasing then changes only A-Z, one character for one.
    """
    if not text.isascii():
        odd = "".join(_NON_ASCII.findall(text))
        if odd.lower() != odd or _FOLD_TRAPS[0] in odd or _FOLD_TRAPS[1] in odd:
            return None
    return text.lower() if low is None else low


class _CaselessPattern:
    """A case-insensitive pattern, run case-sensitively on the lowercased text whenever :func:`_fold` allows.

    Why: on the bench pages ``re.I`` made these long alternations ~3x slower (findall of the benefit words alone cost
    0.58 ms/page with ``re.I``, 0.22 ms/page case-sensitive on lowered text), since IGNORECASE lowercases each
    character compared and disables the first-character checks of the alternatives.
    """

    __slots__ = ("caseless", "lowercase")

    def __init__(self, pattern: str) -> None:
        if pattern != pattern.lower():
            # an upper-case letter (or \S, \W, \D, \B) would mean something else on lowered text
            raise ValueError(f"pattern must be all lowercase: {pattern!r}")
        self.caseless = re.compile(pattern, re.I)
        self.lowercase = re.compile(pattern)

    def search(self, text: str, folded: str | None) -> re.Match[str] | None:
        return self.lowercase.search(folded) if folded is not None else self.caseless.search(text)

    def match(self, text: str, folded: str | None) -> re.Match[str] | None:
        return self.lowercase.match(folded) if folded is not None else self.caseless.match(text)

    def matches_at_least(self, n: int, text: str, folded: str | None) -> bool:
        """Whether ``len(findall(text)) >= n``, without scanning past the n-th match."""
        rx, subject = (self.lowercase, folded) if folded is not None else (self.caseless, text)
        for _ in rx.finditer(subject):
            n -= 1
            if n <= 0:
                return True
        return n <= 0


_PAY_WORD_RX = _CaselessPattern(
    r"salary|salaries|compensation|\bpay\b|pay (range|rate|scale|band)|wages?|per (hour|year|annum|month|week)|"
    r"an hour|a year|/\s?(hr|hour|yr|year)\b|hourly|annual|annually|base|ote|earnings|remuneration|stipend|range|"
    r"\bctc\b|lpa"
)
_BENEFIT_RX = _CaselessPattern(
    r"\bbenefits?\b|\bperks?\b|health (insurance|care|coverage|benefits)|medical, dental|dental|vision (insurance|"
    r"coverage|plans?)|401\s?\(?k\)?|paid time off|\bpto\b|parental leave|retirement (plan|savings)|"
    r"pension|life insurance|tuition|wellness|gym|stock options|employee stock|paid holidays|holidays per|"
    r"flexible (working|work|hours|schedule)|we offer|we provide|you('ll| will) (receive|enjoy|get)"
)
_BENEFIT_STRONG_RX = _CaselessPattern(
    r"\bbenefits?\b[^.]{0,40}\b(include|includes|including|package|listed|offered|such as|vary|eligib|program)|"
    r"\bperks\b|(comprehensive|competitive|generous|great|excellent|full) benefits|medical, dental|"
    r"401\s?\(?k\)?|paid time off|parental leave|(we|also) offer (a |an )?(competitive|comprehensive|generous)"
)
_ABOUT_RX = _CaselessPattern(
    r"\b(we are|we're|we have|we build|we help|we make|we power|our (mission|team|company|customers|platform|"
    r"products?|vision|culture|goal)|founded|headquartered|is a (leading|global|fast|growing|world)|"
    r"is an? [\w-]+ (company|startup|firm|organization|platform|leader|provider)|company|startup|team|"
    r"mission|join|looking for|seeking|hiring|this role|the role|opportunity|position)\b"
)

_RESP_TEXT_RX = _CaselessPattern(
    r"\byou will\b|\byou'll\b|responsib|\bduties\b|in this role|\bday[- ]to[- ]day\b"
)


def _is_eeo(low: str) -> bool:
    """``low``: the lowercased text."""
    for cue in _EEO_STRONG:
        if cue in low:
            return True
    hits = 0
    for cue in _EEO_WEAK:
        if cue in low:
            hits += 1
            if hits >= 2:
                return True
    return False


_BENEFIT_CUES = ("benefit", "perk", "401", "paid time off", "parental leave", "medical, dental", "offer")


def _is_benefits(text: str, low: str, folded: str | None) -> bool:
    for cue in _BENEFIT_CUES:
        if cue in low:
            return bool(_BENEFIT_STRONG_RX.search(text, folded))
    return False


_DIGIT = re.compile(r"\d")


def _is_comp(text: str, folded: str | None) -> bool:
    """An amount of pay (jobcrawl.normalize.money: marked as money, not a funding round, revenue, stipend or bonus)
    next to a pay word."""
    if not _DIGIT.search(text):
        return False
    # the cheap cue check first: trying the money pattern on all text was the splitter's largest cost (~60 us/page)
    if not may_hold_money(text):
        return False
    return bool(_PAY_WORD_RX.search(text, folded) and has_pay(text))


def classify_text(text: str) -> str:
    """Classify a block of text that has no heading: equal_opportunity, compensation, benefits or other.

    Order matters: an EEO statement wins over everything; a salary figure (currency amount plus a pay word) wins over
    benefit words. Positional rules ("a leading paragraph is about") live in :func:`split_sections`.
    """
    if not text or not text.strip():
        return "other"
    low = text.lower()
    return _classify_text(text, low, _fold(text, low))


def _classify_text(text: str, low: str, folded: str | None) -> str:
    if _is_eeo(low):
        return "equal_opportunity"
    if _is_comp(text, folded):
        return "compensation"
    if _is_benefits(text, low, folded) or _BENEFIT_RX.matches_at_least(3, text, folded):
        return "benefits"
    return "other"


# --------------------------------------------------------------------------------------------------------------------
# Flattening the tree into lines
# --------------------------------------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    """
    address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure footer
    form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody thead tfoot
    tr td th caption ul legend option select textarea
    """.split()
)
_SKIP_TAGS = frozenset("script style noscript template head title meta link svg button input iframe object".split())
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BOLD_TAGS = frozenset(("b", "strong"))
# What a tag does to the text inside it, in one lookup (most tags do nothing): bold, list item, link or heading rank.
_BOLD, _LIST_ITEM, _LINK = "bold", "list item", "link"
_TAG_EFFECTS: dict[str, object] = {
    **{tag: _BOLD for tag in _BOLD_TAGS},
    **_HEADING_TAGS,
    "li": _LIST_ITEM,
    "dd": _LIST_ITEM,
    "a": _LINK,
}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.I)
_WS = re.compile(r"[\s\u00a0\u200b\u200c\u200d\ufeff]+")
# Wrappers dropped when only part of their content belongs to a section.
_NO_HTML_TAGS = frozenset("script style noscript template head title meta link iframe object".split())
_TRANSPARENT_TAGS = frozenset("div span section article main body html font center header footer aside form".split())

_ZW = "\u200b\u200c\u200d\ufeff"
_ZW_CHARS = re.compile("[" + _ZW + "]")
_HEADER_CLASS = re.compile(r"(?:^|\s)(jobSectionHeader|section-?header|section-?title|heading)(?:\s|$)", re.I)


class _Line:
    __slots__ = ("parts", "rank", "li")

    def __init__(self, parts: list[tuple[str, bool, bool]], rank: int, li: bool) -> None:
        self.parts = parts  # (raw text, bold, inside a link)
        self.rank = rank  # 1-6 for h1-h6 / header classes, 0 if not styled as a heading
        self.li = li


class _Flat:
    """The flattened tree: its lines and, per element, where its text went (see :func:`_flatten`)."""

    __slots__ = ("lines", "span", "tail_line")

    def __init__(self, lines, span, tail_line) -> None:
        self.lines: list[tuple[str, _Line]] = lines  # (collapsed text, line)
        # element -> (first line, last line); last < first: empty. An element's own text is on its first line.
        self.span: dict[object, tuple[int, int]] = span
        self.tail_line: dict[object, int] = tail_line  # element -> line of its tail, where it has one


def _flatten(root) -> _Flat:
    """One walk over the tree producing lines and, per element, the span of lines its text went to.

    A closure over local state rather than methods on an object: attribute access on ``self`` was a large share of
    the walk's cost. The line being built is always line ``len(lines)``, so line indices come from ``len(lines)``.
    """
    lines: list[tuple[str, _Line]] = []
    span: dict[object, tuple[int, int]] = {}
    tail_line: dict[object, int] = {}
    # the line being built
    parts: list[tuple[str, bool, bool]] = []
    strings: list[str] = []  # the parts' text, kept apart so ending a line is one join
    line_rank = 0
    line_li = False
    has_text = False
    last_anchor = -1  # line of the latest empty element (br, empty div, ...) seen

    def flush() -> None:
        """End the current line (call only when it has text: an empty line has nothing to drop)."""
        nonlocal parts, strings, line_rank, line_li, has_text
        text = "".join(strings)
        if not text.isascii() and _ZW_CHARS.search(text):
            text = _ZW_CHARS.sub(" ", text)
        text = " ".join(text.split())
        if text:
            lines.append((text, _Line(parts, line_rank, line_li)))
        parts = []
        strings = []
        line_rank = 0
        line_li = False
        has_text = False

    def add(s: str, bold: bool, rank: int, li: bool, link: bool) -> int | None:
        """Add a text node to the current line; return the line index it lands on (None if blank)."""
        nonlocal line_rank, line_li, has_text
        st = s.strip()
        if not st or not st.strip(_ZW):
            if has_text:
                parts.append((" ", bold, link))
                strings.append(" ")
            return None
        parts.append((s, bold, link))
        strings.append(s)
        if rank and (not line_rank or rank < line_rank):
            line_rank = rank
        if li:
            line_li = True
        has_text = True
        return len(lines)

    def walk(el, bold: bool, rank: int, li: bool, link: bool) -> None:
        nonlocal last_anchor
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            # comment / processing instruction / skipped element: empty, anchored where it stands; only its tail counts
            n = len(lines)
            span[el] = (n, n - 1)
            last_anchor = n
            return
        if tag == "br":
            # a break ends the line; its span is empty, anchored on the line it ends
            n = len(lines)
            span[el] = (n, n - 1)
            last_anchor = n
            if has_text:
                flush()
            return
        block = tag in _BLOCK_TAGS
        if block and has_text:
            flush()
        attrib = el.attrib
        if attrib:
            style = attrib.get("style")
            if style and _BOLD_STYLE.search(style):
                bold = True
            cls = attrib.get("class")
            if (cls and _HEADER_CLASS.search(cls)) or attrib.get("role") == "heading":
                if not rank or rank > 2:
                    rank = 2
        effect = _TAG_EFFECTS.get(tag)
        if effect is not None:
            if effect is _BOLD:
                bold = True
            elif effect is _LIST_ITEM:
                li = True
            elif effect is _LINK:
                link = True
            elif not rank or effect < rank:  # a heading's rank
                rank = effect
        first = len(lines)
        anchor0 = last_anchor
        t = el.text
        if t:
            add(t, bold, rank, li, link)  # lands on line `first`: nothing has ended a line since
        for child in el:
            walk(child, bold, rank, li, link)
            tl = child.tail
            if tl:
                i = add(tl, bold, rank, li, link)
                if i is not None:
                    tail_line[child] = i
        if block and has_text:
            flush()
        last = len(lines) if has_text else len(lines) - 1
        if last_anchor != anchor0 and last_anchor > last:
            last = last_anchor  # empty descendants (a trailing <br>) belong to the element too
        span[el] = (first, last)

    walk(root, False, 0, False, False)
    if has_text:
        flush()
    return _Flat(lines, span, tail_line)


# --------------------------------------------------------------------------------------------------------------------
# Grouping lines into sections
# --------------------------------------------------------------------------------------------------------------------

_TERMINAL_PUNCT = (".", ";", ",", "!")
_ALNUM = re.compile(r"[^\W_]")


def _heading_of(text: str, line: _Line) -> tuple[int, str | None] | None:
    """Return (rank, kind) when the line is a heading, else None. Rank: 1-6 styled h*, 7 bold, 8 plain."""
    n = len(text)
    if n > 160:
        return None  # cheap checks first: this runs for every line
    words = text.count(" ") + 1
    if line.rank:
        if words <= 20:
            return line.rank, classify_heading(text)
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
        return 7, kind
    if line.li or words > 8 or ". " in text:
        return None
    m = _ALNUM.search(text)
    if m is None or not (m.group(0).isupper() or m.group(0).isdigit()):
        return None
    kind = classify_heading(text)
    if kind is None:
        return None
    if text.endswith((":", "?")) or _vocab_only(_norm_heading(text)):
        return 8, kind
    return None


def _inline_heading(line: _Line) -> str | None:
    """A bold lead-in naming a known section, e.g. ``<b>Benefits:</b> dental, vision`` -> "Benefits:"."""
    if line.li or not line.parts or not line.parts[0][1] and line.parts[0][0].strip():
        return None
    lead: list[str] = []
    for p, b, _ in line.parts:
        if not b:
            break
        lead.append(p)
    lead_text = _WS.sub(" ", "".join(lead)).strip()
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
    head = _WS.sub(" ", "".join(reversed(tail))).strip()
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


def _group(lines: list[tuple[str, _Line]]) -> list[_Group]:
    groups: list[_Group] = []
    cur = _Group(None, 99, None, 0)
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
        h = _heading_of(text, line)
        if h is not None:
            rank, kind = h
            while stack and stack[-1][0] >= rank:
                stack.pop()
            inherited = False
            if kind is None:
                for r, k in reversed(stack):
                    if k is not None and k != "other":
                        kind, inherited = k, True
                        break
            if kind is None and text.endswith(":") and cur.kind in _LEAD_IN_KINDS:
                # "They will include:" right after "The Role" continues that section's kind
                kind, inherited = cur.kind, True
            stack.append((rank, kind if not inherited else None))
            g = start(text, rank, kind, idx)
            g.inherited = inherited
            split_mode = False
            continue
        lead = _inline_heading(line)
        if lead is not None:
            rest = text[len(lead):].strip() if text.startswith(lead) else text
            kind = classify_heading(lead)
            while stack and stack[-1][0] >= 9:
                stack.pop()
            g = start(lead, 9, kind, idx)
            if rest:
                g.lines.append(rest)
            split_mode = False
            continue
        trail = _trailing_heading(line)
        if trail is not None and text.endswith(trail):
            before = text[: -len(trail)].strip()
            if before:
                cur.lines.append(before)
            while stack and stack[-1][0] >= 9:
                stack.pop()
            start(trail, 9, classify_heading(trail), idx + 1)
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
            if content_kind is not None and content_kind != cur.kind:
                if not (content_kind in _MONEY_KINDS and cur.kind in _MONEY_KINDS):
                    if not cur.lines and (cur.heading is None or cur.kind in (None, "about", "other")):
                        cur.kind = content_kind  # "What we believe" + a diversity statement is that statement
                    else:
                        start(None, 99, content_kind, idx)
                    split_mode = True
        cur.lines.append(text)
        if line.li:
            cur.n_li += 1
    if cur.lines or cur.heading is not None:
        groups.append(cur)
    return groups


# --------------------------------------------------------------------------------------------------------------------
# Serializing a section's nodes
# --------------------------------------------------------------------------------------------------------------------


def _serialize_groups(root, flat: _Flat, bounds: list[int]) -> list[list[str]]:
    """The HTML pieces of every group in one walk: group ``g`` owns lines ``[bounds[g], bounds[g + 1])``.

    Gives per group exactly what serializing the tree once per group did (walking it again for each group was most of
    the serializing cost): an element whose lines all fall in one group is serialized whole into it, an empty element
    goes where it is anchored, and an element spanning groups ``a..b`` opens and closes its tag in each of them (also
    in a group between them that owns no line) around the pieces that belong to each.
    """
    outs: list[list[str]] = [[] for _ in bounds]
    span = flat.span
    tail_line = flat.tail_line

    def emit(el, ga: int, gb: int, is_root: bool) -> None:
        """Serialize the parts of ``el`` that belong to groups ``ga..gb``, ``el`` spanning more than one group."""
        first, _ = span.get(el, (0, -1))
        tag = el.tag if isinstance(el.tag, str) else ""
        wrap = not is_root and tag and tag.lower() not in _TRANSPARENT_TAGS
        if wrap:
            attrs = "".join(f' {k}="{escape(v)}"' for k, v in el.attrib.items())
            open_tag = f"<{tag}{attrs}>"
            for g in range(ga, gb + 1):
                outs[g].append(open_tag)
        t = el.text
        if t:
            g = bisect_right(bounds, first) - 1
            if ga <= g <= gb:
                outs[g].append(escape(t, quote=False))
        for child in el:
            cfirst, clast = span.get(child, (0, -1))
            if clast < cfirst:
                g = bisect_right(bounds, cfirst) - 1
                if ga <= g <= gb and child.tag not in _NO_HTML_TAGS:
                    outs[g].append(_tostring(child))
            else:
                ca = bisect_right(bounds, cfirst) - 1
                cb = bisect_right(bounds, clast) - 1
                if ca == cb:
                    if ga <= ca <= gb:
                        outs[ca].append(_tostring(child))
                else:
                    # only the groups both elements reach: a child may end after its parent's last line
                    lo, hi = max(ca, ga), min(cb, gb)
                    if lo <= hi:
                        emit(child, lo, hi, False)
            tl = child.tail
            if tl:
                g = bisect_right(bounds, tail_line.get(child, clast if clast >= cfirst else cfirst)) - 1
                if ga <= g <= gb:
                    outs[g].append(escape(tl, quote=False))
        if wrap:
            close_tag = f"</{tag}>"
            for g in range(ga, gb + 1):
                outs[g].append(close_tag)

    emit(root, 0, len(bounds) - 1, True)
    return outs


def _tostring(el) -> str:
    return etree.tostring(el, method="html", encoding="unicode", with_tail=False)


# --------------------------------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------------------------------


def split_sections(root: Selector) -> list[Section]:
    """Split the description element ``root`` into ordered, classified :class:`Section` objects.

    Walks ``root.root`` (the already parsed lxml element); nothing is re-parsed. Returns ``[]`` when the element holds
    no text.
    """
    el = root.root
    if el is None or isinstance(el, str):
        return []
    flat = _flatten(el)
    if not flat.lines:
        return []
    groups = _group(flat.lines)
    # group g owns lines [bounds[g], bounds[g + 1]); the first group also owns whatever comes before its first line
    bounds = [0] + [g.first_line for g in groups[1:]]
    htmls = _serialize_groups(el, flat, bounds)
    sections: list[Section] = []
    for pos, g in enumerate(groups):
        kind = g.kind
        text = "\n".join(g.lines)
        if g.heading is not None and g.kind == "about" and pos > 0:
            # a generic heading ("Job description", "Summary") that does not open the description: a list of what
            # the job involves is its responsibilities, anything else is judged by its text
            if _GENERIC_HEADING.match(_norm_heading(g.heading)):
                kind = (
                    "responsibilities"
                    if (g.n_li >= 2 or _RESP_TEXT_RX.search(text, _fold(text)))
                    else None
                )
        if kind is None or (g.heading is None and kind == "other"):
            if not text.strip():
                kind = "other"
            else:
                low = text.lower()
                folded = _fold(text, low)
                kind = _classify_text(text, low, folded)
                if kind == "other" and pos == 0 and (g.heading is None or g.rank >= 7) and _ABOUT_RX.search(text, folded):
                    kind = "about"
        sections.append(Section(position=pos, heading=g.heading, kind=kind, text=text, html="".join(htmls[pos]).strip()))
    return sections


def split_sections_html(html: str) -> list[Section]:
    """Parse an HTML fragment once (JSON-LD / API descriptions) and split it."""
    if not html or not html.strip():
        return []
    sel = Selector(text=html)
    body = sel.css("body")
    root = body[0] if body else sel
    return split_sections(root)
