"""What kind a section is: heading phrases (English and a table per language) and, for a block without a heading,
its text (equal opportunity, pay statement, benefits)."""

from __future__ import annotations

import re

from jobcrawl.normalize.money import has_pay, may_hold_money
from jobcrawl.normalize.text import collapse_spaces

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
            r"equal (employment )?opportunit|\beeoc?\b|\be ?e ?o\b|\beoe\b|diversity|inclusion|inclusive|accommodation|"
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
            # "Essential duties", "Basic functions" name responsibilities: the adjective alone is not enough
            r"who (we're|we are) looking|what (we|we're) looking|"
            r"(minimum|basic|essential)(?! (job )?(duties|functions?|responsib|tasks))|must|candidate|"
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
            r"life at|working at|working with us|in return|our offer|on offer|package|wellness|wellbeing|well-being|"
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

# Heading phrases in other languages, one small table per language: kind -> regex fragments, searched in the
# lowercased heading like the English rules above (merged into them by kind, so precedence stays the same: the
# priority kinds first, then the earliest match). Stems where the language compounds or inflects ("aufgaben" also
# finds "Aufgabengebiet").
_FOREIGN_PHRASES: dict[str, dict[str, str]] = {
    "de": {
        "preferred": r"wünschenswert|von vorteil|idealerweise|pluspunkt|wäre (schön|toll|super|ein plus)",
        "equal_opportunity": r"chancengleichheit|gleichbehandlung|vielfalt",
        "application": r"bewerbung|bewirb dich|bewerben sie sich|ansprechpartner",
        "responsibilities": r"aufgaben|tätigkeit|was (dich|sie) erwartet|das erwartet (dich|sie)|(deine|ihre) rolle|"
        r"verantwortlichkeit",
        "requirements": r"\bprofil\b|anforderung|voraussetzung|was (du|sie) mitbring|(du|sie) bring(st|en) mit|"
        r"das bringst du|das bringen sie|kenntnisse|erfahrung",
        "compensation": r"gehalt|vergütung|verguetung|entlohnung|\blohn\b",
        "benefits": r"wir bieten|(was|das) (wir|bieten wir)|bieten wir|unser angebot|(deine|ihre) vorteile|"
        r"darauf (kannst du|können sie) (dich|sich) freuen|zusatzleistung|sozialleistung",
        "about": r"über uns|ueber uns|wer wir sind|das sind wir|\bunternehmen|unser team",
    },
    "fr": {
        "preferred": r"souhaité|souhaitable|\bun plus\b|\batouts?\b|apprécié",
        "equal_opportunity": r"égalité des chances|diversité",
        "application": r"candidature|postuler|processus de recrutement",
        "responsibilities": r"\bmissions\b|vos missions|votre mission|missions? principales|responsabilités|vos tâches|\btâches\b|votre rôle|le poste|"
        r"ce que vous (ferez|allez faire)|au quotidien|\bactivités\b",
        "requirements": r"\bprofil\b|compétences|exigences|prérequis|expérience|\bformation\b|ce que nous recherchons|"
        r"nous recherchons",
        "compensation": r"salaire|rémunération",
        "benefits": r"avantages|(nous|ce que nous) (vous )?(offrons|proposons)|pourquoi (nous )?rejoindre",
        "about": r"à propos|qui sommes[ -]nous|l'entreprise|notre entreprise|\bsociété\b|présentation|"
        r"notre équipe|l'équipe",
    },
    "es": {
        "preferred": r"deseable|valorable|se valorará|valoramos|\bsuma(rá)? puntos\b",
        "equal_opportunity": r"igualdad de oportunidades|diversidad",
        "application": r"cómo (aplicar|postular)|como (aplicar|postular)|postúlate|postulación|proceso de selección",
        "responsibilities": r"responsabilidades|funciones|\btareas\b|(qué|que|lo que) harás|\btu rol\b",
        "requirements": r"requisitos|requerimientos|\bperfil\b|(qué|que|lo que) buscamos|experiencia|habilidades|"
        r"competencias|conocimientos|formación|lo que necesitas",
        "compensation": r"salario|sueldo|remuneración",
        "benefits": r"beneficios|(qué |que |te )?ofrecemos|prestaciones|ventajas",
        "about": r"sobre nosotros|(quiénes|quienes) somos|acerca de|la empresa|nuestra empresa|nuestro equipo",
    },
    "it": {
        "preferred": r"preferenzia|gradit[oaie]|costituisce un plus|è un plus",
        "equal_opportunity": r"pari opportunità",
        "application": r"candidatura|come candidarsi|candidati\b",
        "responsibilities": r"responsabilità|mansioni|\bcompiti\b|\battività\b|il ruolo|cosa farai|ti occuperai",
        "requirements": r"requisiti|\bprofilo\b|competenze|esperienza|cosa cerchiamo|cerchiamo|conoscenze|formazione",
        "compensation": r"retribuzione|stipendio|\bral\b",
        "benefits": r"(cosa )?offriamo|vantaggi|perché lavorare",
        "about": r"chi siamo|l'azienda|\bazienda\b|la società|su di noi",
    },
    "pt": {
        "preferred": r"desejáve(l|is)|diferencia(l|is)|\bum plus\b|será um plus",
        "equal_opportunity": r"igualdade de oportunidades|diversidade",
        "application": r"como se candidatar|processo seletivo|candidate-se",
        "responsibilities": r"responsabilidades|atividades|atribuições|funções|o que (você|vais) (vai )?fa(rá|zer)|"
        r"(o )?seu papel",
        "requirements": r"requisitos|\bperfil\b|qualificações|o que (buscamos|procuramos)|experiência|competências|"
        r"conhecimentos|formação",
        "compensation": r"salário|remuneração",
        "benefits": r"benefícios|(o que )?oferecemos|vantagens|regalias",
        "about": r"sobre nós|quem somos|a empresa|sobre a empresa|nossa equipe",
    },
    "uk": {
        "preferred": r"буде плюсом|перевагою|бажано",
        "application": r"як подати|як податися|відгукнутися",
        "responsibilities": r"обов'язки|завдання|задачі|чим (ви будете|ти будеш) займатися",
        "requirements": r"вимоги|(що )?ми очікуємо|навички|досвід|кваліфікація",
        "compensation": r"зарплата|заробітна плата|оплата праці",
        "benefits": r"(що )?ми пропонуємо|пропонуємо|переваги|умови роботи|бонуси",
        "about": r"про нас|про компанію|хто ми",
    },
}

# Words that make up the headings of the tables above, plus their articles, possessives and pronouns: a plain line
# made only of these words (and English heading words) may be a heading.
_FOREIGN_FUNCTION_WORDS = """
    ihr ihre ihren dein deine deinen unser unsere unseren wir bei uns sie du dich dir ihnen mit das was und der die
    den zu für ein eine im aufgabengebiet aufgabenbereich tätigkeiten
    le la les vos votre nos notre ce que nous vous de du des et pour un une au aux qui recherché recherchée
    el los las tu tus su sus nuestro nuestra lo qué te y del para una
    il lo gli tuoi tue tuo tua cosa di della e per noi chi
    o a os as seu sua seus suas nossa nosso você do da um uma nós
    anforderungen voraussetzungen qualifikationen gewünscht desejável desejáveis diferencial diferenciais
    ваші ваш твої що ми ви і та для ваша
"""
_FOREIGN_VOCAB = frozenset(
    re.findall(
        r"[^\W\d_]+(?:'[^\W\d_]+)?",
        re.sub(r"\\[a-z]", " ", " ".join(p for table in _FOREIGN_PHRASES.values() for p in table.values()))
        + _FOREIGN_FUNCTION_WORDS,
    )
)


def _with_foreign(rules: list[tuple[str, re.Pattern[str]]]) -> list[tuple[str, re.Pattern[str]]]:
    merged = []
    for kind, rx in rules:
        extra = [table[kind] for table in _FOREIGN_PHRASES.values() if kind in table]
        merged.append((kind, re.compile("|".join([rx.pattern, *extra])) if extra else rx))
    return merged


_PRIORITY_RULES = _with_foreign(_PRIORITY_RULES)
_COMPETING_RULES = _with_foreign(_COMPETING_RULES)
# Kinds that only name the part loosely: a specific kind found in the heading wins over one of their single words,
# wherever it stands ("Company Benefits" is benefits, "Team responsibilities" responsibilities); their phrases still
# compete by position ("Who you'll work with" stays about).
_LOOSE_KINDS = frozenset(("about", "other"))


# Headings that name the whole description rather than one part of it: about when they open it, else other.
_GENERIC_HEADING = re.compile(
    r"^(about )?(the |job |position |role |vacancy |general |brief )?(description|summary|overview|details|information|"
    r"introduction|intro|job|position|opportunity|posting)( description| summary| overview| details)?$"
)

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


_EDGE_NONWORD = re.compile(r"^[^\w(]+|[^\w)]+$")


def _norm_heading(text: str) -> str:
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    t = collapse_spaces(t, zero_width=True)
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
    best: tuple[bool, int, int] | None = None
    best_kind: str | None = None
    for kind, rx in _COMPETING_RULES:
        m = rx.search(t)  # the earliest match of this rule
        if m is not None:
            key = (kind in _LOOSE_KINDS and " " not in m.group(0), m.start(), -(m.end() - m.start()))
            if best is None or key < best:
                best, best_kind = key, kind
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
    return bool(words) and all(w in _HEADING_VOCAB or w in _FOREIGN_VOCAB for w in words)


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

    Why: on the bench pages ``re.I`` made these long alternations ~3x slower (docs/benchmarks.md, "Measurements behind code choices"), since IGNORECASE
    lowercases each character compared and disables the first-character checks of the alternatives.
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


# Whole words: "ote" inside "remote" and "base" inside "database" made an intro mentioning "$1M ARR" a pay statement.
_PAY_WORD_RX = _CaselessPattern(
    r"salary|salaries|compensation|\bpay\b|pay (range|rate|scale|band)|\bwages?\b|per (hour|year|annum|month|week)|"
    r"\ban hour\b|\ba year\b|/\s?(hr|hour|yr|year)\b|\bhourly\b|\bannual(ly)?\b|\bbase\b|\bote\b|earnings|"
    r"remuneration|stipend|\brange\b|\bctc\b|\blpa\b"
)
_BENEFIT_RX = _CaselessPattern(
    r"\bbenefits?\b|\bperks?\b|health (insurance|care|coverage|benefits)|medical, dental|dental|vision (insurance|"
    r"coverage|plans?)|401\s?\(?k\)?|paid time off|\bpto\b|parental leave|retirement (plan|savings)|"
    r"pension|life insurance|tuition|wellness|gym|stock options|employee stock|paid holidays|holidays per|"
    r"flexible (working|work|hours|schedule)|(we|we'll|we will) (also )?(offer|provide)|you('ll| will) (receive|enjoy|get)|"
    r"well-?being|reimburs|work[ /-]life balance|learning (&|and) development|employee assistance"
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
    r"mission|join|looking for|seeking|hiring|this role|the role|opportunity|position|"
    # the same opening words in the languages of the heading tables
    r"wir sind|wir suchen|unternehmen|nous sommes|nous recherchons|entreprise|somos|buscamos|empresa|siamo|"
    r"cerchiamo|azienda|società|procuramos|ми шукаємо|компанія)\b"
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
    # the cheap cue check first: trying the money pattern on all text was the splitter's largest cost
    if not may_hold_money(text):
        return False
    return bool(_PAY_WORD_RX.search(text, folded) and has_pay(text))


_PAY_UNIT_SPLIT = re.compile(r"\n|(?<=[.!?])\s+")


def _is_pay_statement(text: str, folded: str | None) -> bool:
    """A block that is mostly a pay statement: it names an amount as pay, and its lines and sentences that speak of
    pay make up at least half of it. A money word in an intro ("we passed $1M ARR", a funding round) is not enough.

    Reuses the splitter's pay-line test (``_is_comp``) rather than a second money pattern.
    """
    if not _is_comp(text, folded):
        return False
    units = _PAY_UNIT_SPLIT.split(text)
    if len(units) == 1:
        return True
    pay = sum(len(u) for u in units if _PAY_WORD_RX.search(u, _fold(u)) or _is_comp(u, _fold(u)))
    return 2 * pay >= sum(len(u) for u in units)


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
    if _is_pay_statement(text, folded):
        return "compensation"
    if _is_benefits(text, low, folded) or _BENEFIT_RX.matches_at_least(3, text, folded):
        return "benefits"
    return "other"
