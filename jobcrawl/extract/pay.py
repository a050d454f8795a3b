"""Pay stated in a posting's text: pay-transparency sentences, compensation sections and labelled lines.

Pure: sections (or the description text) in, the pay text as the page wrote it out. The amounts come from the
project's one money pattern (:mod:`jobcrawl.normalize.money`); this module decides which line states *this job's*
pay, and hands the line (or sentence) on as ``salary_raw`` for the normalizer to read. A line counts when

1. a pay word stands before the amount in its sentence, or right after it ("The base salary range for this
   position is $136,000-$203,000", "$250,000 OTE"): ``salary_raw`` is that sentence;
2. the amount opens a line (or fills most of it) under a pay label or heading ("Annual Salary Range" /
   "$250,000—$250,000 USD", "California Pay Range:" / "$185,500—$250,500 USD", "Salary Band:" / "$145,000-
   $155,000"), or in a section classified ``compensation``: ``salary_raw`` is the label and the value lines, so
   a table of ranges by location is kept whole ("California $54,500 to $145,100 / Colorado ...");
3. a short line holds an amount with a pay period ("$25 per hour"), or is a range of money and little else
   ("$140k – $180k + equity").

Several ranges (by location, by level): the first one stated is the posting's salary, and ``salary_raw`` keeps the
others as the page wrote them. The first, not the widest: it is the one a page puts forward (its own office, its
first location), and a widest range built from several lines would be a range no line of the page states.

Amounts the money module calls not pay (a funding round, ARR, a stipend, budget or bonus amount) are never read;
no amount, no salary: a heading such as "Company and salary information" is not pay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from jobcrawl.items import Section
from jobcrawl.normalize.money import PERIOD_AFTER, Mention, may_hold_money, pay_mentions

# Words that say an amount is pay. "range"/"band"/"scale" count only after a pay noun or alone in a label.
_PAY_WORD = re.compile(
    r"\b(?:salary|salaries|pay|pays|paid|compensation|wages?|remuneration|earnings|ote|on[\s-]target|base|"
    r"(?:hourly|daily|annual|pay|salary|compensation|hiring|target)\s+(?:rate|range|band|scale)|ctc|"
    r"gehalt|jahresgehalt|vergütung|salaire|rémunération|rémunéré|salario|sueldo|retribución|retribuzione|"
    r"stipendio|remuneração|salário)\b",
    re.IGNORECASE,
)
_PAY_AFTER = re.compile(r"\s*(?:\(?(?:base|gross|annual|yearly)\b|\(?ote\b|on[\s-]target)", re.IGNORECASE)
# A sentence ends at ".", "!" or "?" followed by space and a capital (not "U.S. base", not "$78,000.00").
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“(])")
_BULLET = re.compile(r"^[\s•·*▪‣◦\-–—]*")
_LABEL_MAX = 60
_INTRO_MAX = 160
_VALUE_SLACK = 30  # characters of a value line that are not the amount ("California ", " per year")
_MAX_VALUE_LINES = 8
_DIGIT = re.compile(r"\d")


class _Line(NamedTuple):  # a tuple: built for every line of every description without structured pay
    text: str
    kind: str | None
    heading: bool


def _lines(sections: Iterable[Section], description_text: str | None) -> list[_Line]:
    out: list[_Line] = []
    for section in sections:
        if section.heading:
            out.append(_Line(section.heading.strip(), section.kind, True))
        kind = section.kind
        out += [_Line(line, kind, False) for line in map(str.strip, section.text.splitlines()) if line]
    if not out and description_text:
        out = [_Line(line, None, False) for line in map(str.strip, description_text.splitlines()) if line]
    return out


def is_pay_label(text: str) -> bool:
    """A line naming pay without an amount: short ("Annual Salary Range", "Compensation:", "Pay range"), or a
    sentence introducing what follows ("The annual base salary range for this position in the locations below is
    as follows:")."""
    if len(text) > (_LABEL_MAX if not text.endswith(":") else _INTRO_MAX):
        return False
    return bool(_PAY_WORD.search(text)) and not _DIGIT.search(text)


def _sentence(line: str, mention: Mention) -> tuple[str, int]:
    """The sentence of ``line`` holding ``mention``, and where it starts."""
    start = 0
    for boundary in _SENTENCE_SPLIT.finditer(line):
        if boundary.start() > mention.start:
            return line[start : boundary.start()], start
        start = boundary.end()
    return line[start:], start


def _stated_in_sentence(line: str, mention: Mention) -> str | None:
    sentence, offset = _sentence(line, mention)
    before = sentence[: mention.start - offset]
    if _PAY_WORD.search(before) or _PAY_AFTER.match(line, mention.end):
        return sentence.strip()
    return None


def _is_value_line(line: str, mention: Mention) -> bool:
    lead = len(_BULLET.match(line).group(0))
    return mention.start <= lead + 2 or len(line) - len(mention.text) <= _VALUE_SLACK


def pay_from_text(sections: Iterable[Section], description_text: str | None = None) -> tuple[str, str] | None:
    """``(salary_raw, source)`` of the first line stating pay, ``None`` when no line does. ``source`` is
    ``text.compensation`` for a line in a compensation section or under a pay label, else ``text.line``."""
    sections = list(sections)
    texts = [f"{s.heading or ''}\n{s.text}" for s in sections] or [description_text or ""]
    if not any(_DIGIT.search(t) and may_hold_money(t) for t in texts):
        return None  # most descriptions state no money at all: skip splitting them into lines
    lines = _lines(sections, description_text)
    for i, line in enumerate(lines):
        # the cheap checks first: most lines of a description hold no money
        if not _DIGIT.search(line.text) or not may_hold_money(line.text):
            continue
        found = pay_mentions(line.text)
        if not found:
            continue
        mention = found[0]
        in_comp = line.kind == "compensation"
        label = lines[i - 1] if i > 0 and is_pay_label(lines[i - 1].text) else None
        if label is not None and _is_value_line(line.text, mention):
            values = [line.text]
            for nxt in lines[i + 1 : i + _MAX_VALUE_LINES]:
                more = pay_mentions(nxt.text)
                if nxt.heading or not more or not _is_value_line(nxt.text, more[0]):
                    break
                values.append(nxt.text)
            return "\n".join([label.text, *values]), "text.compensation"
        sentence = _stated_in_sentence(line.text, mention)
        if sentence is not None:
            return sentence, "text.compensation" if in_comp else "text.line"
        if in_comp and _is_value_line(line.text, mention):
            return line.text, "text.compensation"
        if len(line.text) <= 80 and PERIOD_AFTER.search(mention.text):
            return line.text, "text.compensation" if in_comp else "text.line"
        if mention.is_range and _is_value_line(line.text, mention) and len(line.text) <= 80:
            # "💰 $140k – $180k + equity": a range of money and little else
            return line.text, "text.compensation" if in_comp else "text.line"
    return None


_STRUCTURED_SOURCE = {"jsonld": "jsonld.baseSalary", "microdata": "microdata.baseSalary"}


def settle_salary(fields: dict, extractor: str) -> None:
    """The salary fields of one posting's extracted ``fields``, settled in place before the item is built.

    Structured pay (JSON-LD ``baseSalary``, an ATS API's compensation) and pay an extractor read from the page's
    header stay as they are; only without both is the text read (:func:`pay_from_text`). A ``salary_raw`` holding
    no amount at all is dropped (a heading such as "Company and salary information" is not pay). Where the salary
    came from goes to ``field_sources["salary"]``: ``jsonld.baseSalary``, ``<ats>.compensation``,
    ``indeed.header``, ``<extractor>.header``, ``text.compensation`` or ``text.line``."""
    raw = fields.get("salary_raw")
    structured = fields.get("salary_structured")
    if isinstance(raw, str) and not structured and not _DIGIT.search(raw):
        fields.pop("salary_raw")
        raw = None
    family = extractor.split("-")[0]  # "indeed-json" reads Indeed's header too
    if structured:
        source = _STRUCTURED_SOURCE.get(family, f"{family}.compensation")
    elif raw:
        source = f"{family}.header"
    else:
        found = pay_from_text(fields.get("sections") or (), fields.get("description_text"))
        if found is None:
            return
        fields["salary_raw"], source = found
    sources = fields.get("field_sources")
    if not isinstance(sources, dict):
        sources = fields["field_sources"] = {}
    if raw or structured:  # the reader that found the pay may have named itself more precisely
        sources.setdefault("salary", source)
    else:  # read here, from the text: whatever a reader recorded for an empty salary does not apply
        sources["salary"] = source
