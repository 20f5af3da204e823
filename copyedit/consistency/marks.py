"""Numbers spelled out in one place and written as numerals in another (within the same
range), and mixed quotation-mark and dash styles."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..model import Finding, Severity
from .forms import Occurrence, Settings, choose, finding, lines_of, unify
from .tokens import Scan, line_bounds
from .wordlists import words_pattern

_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SPELLED = {n: w for w, n in _WORDS.items() if n < 10}
_UNITS = re.compile(rf"{words_pattern('number_units.txt')}\b", re.IGNORECASE)
_NUMBER_WORD = re.compile(
    r"\b("
    + "|".join(sorted(_WORDS, key=len, reverse=True))
    + r")(?:-(one|two|three|four|five|six|seven|eight|nine))?\b",
    re.IGNORECASE,
)
_NUMERAL = re.compile(r"(?<![\w$£€¥.,:/#-])(\d{1,2})(?=\s+([a-z][a-z-]*))")
# Another number close by in the same sentence (not a year, money or a date).
_OTHER_NUMBER = re.compile(r"(?<![\w$£€¥,./:])\d{1,3}(?![\w,/:]|\.\d)")
_CLOCK = re.compile(r"\s*[ap]\.?m\b\.?", re.IGNORECASE)
_ONES = {"one": 1, **{w: n for w, n in _WORDS.items() if n < 10}}


def _in_series(text: str, start: int, end: int) -> bool:
    """Numbers compared or listed together ('5 completions in 7 tosses', 'the top 3 of
    11', 'holes 5 and 7'): style guides keep a series in one style, so figures there are
    no slip against 'three' elsewhere."""
    left = re.split(r"[\n.;]", text[max(0, start - 40) : start])[-1]
    right = re.split(r"[\n.;]", text[end : end + 40])[0]
    return bool(_OTHER_NUMBER.search(left) or _OTHER_NUMBER.search(right))


def _opens_line(text: str, i: int) -> bool:
    """Only white space stands before offset ``i`` on its line."""
    start = line_bounds(text, i)[0]
    while i > start and text[i - 1].isspace():
        i -= 1
    return i == start


_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]*)")


def number_findings(scan: Scan, settings: Settings) -> list[Finding]:
    """Two to nine written both as words and as numerals: news style everywhere writes
    words below ten ("ten" beside "48" follows that rule, so larger numbers never mix)."""
    text = scan.doc.masked
    occs: list[Occurrence] = []
    for m in _NUMBER_WORD.finditer(text):
        if text[m.end() : m.end() + 1] == "-" or text[max(0, m.start() - 1) : m.start()] == "-":
            continue  # "ten-storey", "one-two": part of a compound
        nxt = _NEXT_WORD.match(text, m.end())
        if not nxt or _UNITS.fullmatch(nxt.group(1)):
            continue
        value = _WORDS[m.group(1).lower()] + (_ONES.get((m.group(2) or "").lower(), 0))
        if value <= 9:
            occs.append(Occurrence(m.start(), m.end(), m.group(), "words", False))
    for m in _NUMERAL.finditer(text):
        value = int(m.group(1))
        if not 2 <= value <= 9 or _UNITS.fullmatch(m.group(2)):
            continue
        if _CLOCK.match(text, m.end()):
            continue  # "5 p.m.": times are numerals in every style
        before = text[max(0, m.start() - 12) : m.start()]
        if re.search(r"[A-Z][\w.]*\s*$", before) or text[m.end() : m.end() + 1] in "%.,:-/":
            continue  # "Apollo 11", "Article 5", dates written "March 3 people"
        if re.search(r"(?:\b(?:at|by|about|around|after|before|until|till|a)|[(\[]|-)\s*$", before):
            continue  # "at 8", "(6 miles)", "a 3 with": times, asides and scores
        if re.search(
            r"\b(?:pattern|page|chapter|section|figure|table|room|gate|step|phase|"
            r"stage|level|grade|no|number|row|platform|exit|channel|lane|"
            r"round|game|match|week|day|year|line|item|rule|article|type|class|model|"
            r"version|example|category|hole|verse|act|scene|fig|sec|para|paragraph|"
            r"clause|part|volume|vol|amendment|ward|district|precinct|division)s?\.?\s*$",
            before,
            re.IGNORECASE,
        ):
            continue  # "pattern 3", "page 5": a label, not a count
        if _opens_line(text, m.start()) or scan.line(m.start()) in scan.heading_lines:
            continue  # "9 efficiency", "Charge lists 3 checks": a list number, a headline
        if _in_series(text, m.start(), m.end()):
            continue  # "5 completions in 7 tosses", "3 through 11": a series in one style
        occs.append(Occurrence(m.start(), m.end(), m.group(1), "numerals", False))
    forms = Counter(o.form for o in occs)
    if len(forms) < 2 or forms["numerals"] > 2 or forms["numerals"] > forms["words"]:
        return []  # a draft that writes several numerals follows a rule of its own
    found = unify(
        scan,
        occs,
        "consistency.numbers",
        "Numbers 2-9",
        settings,
        target="words",
        severity=Severity.SUGGESTION,
        replace=False,
        confidence=0.6,
    )
    words = [o for o in occs if o.form == "words"]
    shown = " / ".join(dict.fromkeys(f"'{o.text}'" for o in words[:3]))
    where = lines_of(scan, (o.start for o in words))
    return [
        replace(
            f,
            message=(
                f"Numbers 2-9: '{f.text}' is a numeral here and a word elsewhere ({shown} on "
                f"{where}); news style spells out two to nine: write '{_SPELLED[int(f.text)]}'."
            ),
        )
        for f in found
    ]


_DASHES = {
    "em": re.compile(r"(?<=\w)—(?=\w)"),
    "spaced em": re.compile(r"(?<=\w) — (?=\w)"),
    "spaced en": re.compile(r"(?<=\w) – (?=\w)"),
    "double hyphen": re.compile(r"(?<=\w) ?-- ?(?=\w)"),
    "spaced hyphen": re.compile(r"(?<=[a-z,]) - (?=[a-z])"),
}
_DASH_TEXT = {
    "em": "—",
    "spaced em": " — ",
    "spaced en": " – ",
    "double hyphen": " -- ",
    "spaced hyphen": " - ",
}


def mark_findings(scan: Scan, settings: Settings) -> list[Finding]:
    text = scan.doc.masked
    dashes = [
        Occurrence(m.start(), m.end(), scan.doc.text[m.start() : m.end()], kind)
        for kind, pat in _DASHES.items()
        for m in pat.finditer(text)
    ]
    quotes = [
        Occurrence(m.start(), m.end(), m.group(), "straight" if m.group() == '"' else "curly")
        for m in re.finditer(r"[\"“”]", text)
    ]
    apostrophes = [
        Occurrence(m.start(), m.end(), m.group(), "straight" if m.group() == "'" else "curly")
        for m in re.finditer(r"(?<=[^\W\d_])['’](?=[^\W\d_])", text)
    ]
    found = [
        *_style_mix(
            scan, settings, dashes, "dashes", "Dash style", lambda goal, f: _DASH_TEXT[goal]
        ),
        *_style_mix(
            scan,
            settings,
            quotes,
            "quotes",
            "Quotation marks",
            lambda goal, f: _curly(text, f.start) if goal == "curly" else '"',
        ),
        *_style_mix(
            scan,
            settings,
            apostrophes,
            "apostrophes",
            "Apostrophes",
            lambda goal, f: "’" if goal == "curly" else "'",
        ),
    ]
    return _capped(found)


def _style_mix(scan, settings, occurrences, check, label, fix) -> list[Finding]:
    """A draft that mixes two styles of one mark: the odd ones, each with the goal's form."""
    if len({o.form for o in occurrences}) < 2:
        return []
    goal = _goal(occurrences, settings)
    unified = unify(
        scan,
        occurrences,
        f"consistency.{check}",
        label,
        settings,
        severity=Severity.SUGGESTION,
        replace=False,
        confidence=0.6,
    )
    return [_with_fix(f, fix(goal, f)) for f in unified]


def _capped(found: list[Finding], limit: int = 1) -> list[Finding]:
    """Marks are reported at their first few odd occurrences: one fix-all pass is the cure."""
    out: list[Finding] = []
    seen: Counter[str] = Counter()
    for f in found:
        seen[f.rule] += 1
        if seen[f.rule] <= limit:
            out.append(f)
    return out


def _goal(occs: list[Occurrence], settings: Settings) -> str:
    return choose([o.form for o in sorted(occs, key=lambda o: o.start)], settings.prefer)


def _curly(text: str, i: int) -> str:
    return "“" if i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–" else "”"


def _with_fix(f: Finding, replacement: str) -> Finding:
    if replacement == f.text:
        return f
    return finding(f.rule, f.start, f.end, f.text, f.message, f.severity, replacement, f.confidence)
