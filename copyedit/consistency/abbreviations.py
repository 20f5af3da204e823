"""Abbreviations: used without ever being spelled out, used before their definition,
defined twice, or spelled out again after the definition."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ..analysis.abbreviations import SMALL_WORDS as _SMALL
from ..analysis.abbreviations import Definition as Definition
from ..analysis.abbreviations import find_definitions as find_definitions
from ..analysis.abbreviations import initials as _initials
from ..analysis.runs import WORD, matches_at_runs, run_starts
from ..model import Finding, Severity
from ..titles import HONORIFICS
from .forms import finding
from .lexicon import dictionary
from .suppressors import Ignored, Judgement, Suppressor, first_applying, judge
from .tokens import Scan, line_bounds
from .wordlists import stopwords, word_list, words_pattern

_ABBR = re.compile(r"(?<![\w.&-])([A-Z][A-Z&]{1,7})(s)?(?![\w&]|\.\w)")
_ROMAN = re.compile(r"^[IVXLC]+$")


def well_known() -> frozenset[str]:
    return word_list("well_known_abbreviations.txt")


def abbreviation_judgement(scan: Scan, house_known: frozenset[str] = frozenset()) -> Judgement:
    """The four abbreviation rules' findings, kept or suppressed. ``house_known``: initials
    a publication lists as known to its readers."""
    text = scan.doc.masked
    defs = find_definitions(text)
    by_abbr: dict[str, list[Definition]] = {}
    for d in defs:
        by_abbr.setdefault(d.abbr, []).append(d)
    in_def = {d.paren for d in defs}
    uses: dict[str, list[re.Match]] = {}
    ignored: list[Ignored] = []
    for m in _ABBR.finditer(text):
        abbr = m.group(1)
        paren = text.rfind("(", max(0, m.start() - 2), m.start())  # the nearest, if that near
        if paren >= 0 and paren in in_def:
            continue
        if m.end(1) in in_def:
            continue  # "DART (Dublin Area Rapid Transit)": the definition itself
        by = first_applying(USE_SUPPRESSORS, AbbreviationUse(scan, m))
        if by is not None:
            ignored.append(Ignored(m.start(1), m.end(1), abbr, by.name))
            continue
        uses.setdefault(abbr, []).append(m)
    known = well_known() | house_known
    candidates: list[tuple[AbbreviationCandidate, list[Finding]]] = []

    def candidate(cand: AbbreviationCandidate, found: Finding) -> None:
        candidates.append((cand, [found]))

    for abbr, ms in uses.items():
        ds = by_abbr.get(abbr, [])
        if not ds:
            hint = _expansion_anywhere(text, abbr)
            cand = AbbreviationCandidate("undefined", scan, abbr, tuple(ms), known, hint=hint)
            candidate(cand, _undefined(scan, abbr, ms[0], hint))
            continue
        # '(FTG)' after 'Dev I' spells nothing; "FTG stands for ..." explains a use before
        spelled = [d for d in ds if d.expansion and d.in_brackets]
        if not spelled:
            continue
        first_def = spelled[0]
        early = [m for m in ms if m.start() < first_def.paren]
        if early:
            m = early[0]
            found = finding(
                "consistency.abbreviation.before-definition",
                m.start(1),
                m.end(1),
                m.group(1),
                f"'{abbr}' is used before it is spelled out on line {scan.line(first_def.paren)}.",
                Severity.WARNING,
                confidence=0.7,
            )
            cand = AbbreviationCandidate(
                "before-definition", scan, abbr, tuple(early), known, definition=first_def
            )
            candidate(cand, found)
    openers = frozenset(t.start for t in scan.tokens if t.initial)
    for abbr, ds in by_abbr.items():
        real = [d for d in ds if d.expansion]  # '(AP)' after a dateline defines nothing
        for prev, d in pairwise(real):
            span = scan.doc.text[d.start : d.end]
            found = finding(
                "consistency.abbreviation.redefined",
                d.start,
                d.end,
                span,
                f"'{abbr}' is already defined on line {scan.line(real[0].paren)}; "
                f"use '{abbr}' alone.",
                replacement=abbr,
                confidence=0.7,
            )
            cand = AbbreviationCandidate(
                "redefined", scan, abbr, (), known, definition=d, earlier=prev
            )
            candidate(cand, found)
        first = ds[0]
        if not first.expansion:
            continue
        pattern = re.compile(
            r"\b" + re.escape(first.expansion).replace(r"\ ", r"\s+") + r"\b(?!\s*\()"
        )
        for m in _phrase_matches(text, first.expansion, pattern, first.end):
            if any(d.start <= m.start() < d.end for d in ds):
                continue  # a definition's own words
            found = finding(
                "consistency.abbreviation.respelled",
                m.start(),
                m.end(),
                scan.doc.text[m.start() : m.end()],
                f"'{first.expansion}' is abbreviated '{abbr}' from line "
                f"{scan.line(first.paren)}; use '{abbr}'.",
                replacement=abbr,
                confidence=0.6,
            )
            cand = AbbreviationCandidate(
                "respelled", scan, abbr, (m,), known, definition=first, openers=openers
            )
            candidate(cand, found)
    judged = judge(SUPPRESSORS, candidates)
    return Judgement(judged.kept, judged.suppressed, tuple(ignored))


def _phrase_matches(
    text: str, phrase: str, pattern: re.Pattern[str], pos: int
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, pos)`` for a ``pattern`` that opens with ``\\b`` and
    ``phrase`` (its first word literally, followed by no word character): tried only where
    the draft has that word, not at every position of the draft for every phrase."""
    head = WORD.match(phrase)
    if head is None:
        return pattern.finditer(text, pos)
    return matches_at_runs(text, pattern, head.group(), pos)


def abbreviation_findings(scan: Scan, house_known: frozenset[str] = frozenset()) -> list[Finding]:
    """``house_known``: initials a publication lists as known to its readers."""
    return list(abbreviation_judgement(scan, house_known).kept)


@dataclass(frozen=True, eq=False)
class AbbreviationCandidate:
    """A would-be finding of one of the four abbreviation rules (``rule``)."""

    rule: str
    """'undefined', 'before-definition', 'redefined' or 'respelled'."""
    scan: Scan
    abbr: str
    uses: tuple[re.Match, ...]
    """'undefined': every use; 'before-definition': the uses before it; 'respelled': the
    full form written out again."""
    known: frozenset[str]
    """The well-known initials and the publication's own."""
    hint: tuple[int, str] | None = None
    """'undefined': a run of capitalised words that spells the initials, and where."""
    definition: Definition | None = None
    """The definition spelled out ('before-definition', 'respelled') or repeated
    ('redefined')."""
    earlier: Definition | None = None
    """'redefined': the definition before."""
    openers: frozenset[int] = frozenset()
    """'respelled': the starts of sentence-opening tokens."""

    @property
    def text(self) -> str:
        return self.scan.doc.masked

    @property
    def expansion(self) -> str:
        return self.definition.expansion if self.definition else ""


def _rule(
    rule: str, test: Callable[[AbbreviationCandidate], bool]
) -> Callable[[AbbreviationCandidate], bool]:
    return lambda c: c.rule == rule and test(c)


def _cited(c: AbbreviationCandidate) -> bool:
    return any(
        c.text[m.start() - 1 : m.start()] == "(" and _CITED.match(c.text, m.end()) for m in c.uses
    )


def _company(c: AbbreviationCandidate) -> bool:
    first = c.uses[0].start()
    return bool(
        _COMPANY.match(c.text, c.uses[0].end())
        or _COMPANY_BEFORE.search(c.text, max(0, first - 24), first)
    )


def _passing(c: AbbreviationCandidate) -> bool:
    return not c.hint and (len(c.uses) < 3 or _written_as_word(c.text, c.abbr))


def _written_as_word(text: str, abbr: str) -> bool:
    """The initials also stand as a word ('Nato', 'nato'), whole (``\\b`` on each side):
    looked up in the draft's words, not searched for in the whole draft each time."""
    forms = (abbr.capitalize(), abbr.lower())
    if all(WORD.fullmatch(f) for f in forms):
        words = run_starts(text)
        return any(f in words for f in forms)
    return re.search(rf"\b{forms[0]}\b|\b{forms[1]}\b", text) is not None  # 'AT&T'


def _respelled_in_name(c: AbbreviationCandidate) -> bool:
    m = c.uses[0]
    return bool(
        _LONGER_AFTER.match(c.text, m.end())
        or _LONGER_BEFORE.search(c.text, max(0, m.start() - 30), m.start())
    )


def _new_section_since(c: AbbreviationCandidate) -> bool:
    assert c.definition is not None
    start = c.earlier.paren if c.earlier else c.definition.paren
    end = c.definition.paren if c.earlier else c.uses[0].start()
    return _new_section(c.scan, start, end)


# A capitalised word next to a full form, one space apart (not at a sentence start before
# it): the full form is part of a longer name ('United Nations Security Council').
_LONGER_AFTER = re.compile(r"[ \u00a0]+[A-Z][a-z]")
_LONGER_BEFORE = re.compile(r"(?<![.!?:\"“] )(?<!^)\b[A-Z][a-z][\w’'-]*[ \u00a0]+$")


def _new_section(scan: Scan, a: int, b: int) -> bool:
    """A heading line stands between offsets ``a`` and ``b``."""
    return scan.heading_between(scan.line(a), scan.line(b))


def _read_before(text: str, d: Definition, use: re.Match) -> bool:
    """The full form, in any case, stands before the early use ('the first theme group
    ... FTG'): the reader has met it."""
    words = re.escape(d.expansion).replace(r"\ ", r"\s+")
    return re.search(rf"\b{words}\b", text[: use.start()], re.IGNORECASE) is not None


def _undefined(scan: Scan, abbr: str, m: re.Match, hint: tuple[int, str] | None) -> Finding:
    extra = (
        f"; '{hint[1]}' on line {scan.line(hint[0])} looks like its full form: "
        f"add '({abbr})' after it"
        if hint
        else ""
    )
    return finding(
        "consistency.abbreviation.undefined",
        m.start(1),
        m.end(1),
        m.group(1),
        f"'{abbr}' is never spelled out{extra}.",
        confidence=0.5,
    )


_CODE_NEXT = re.compile(r"[ \u00a0]?(?:\d|_)")
_CODE_BEFORE = re.compile(r"(?:\d|_|=)[ \u00a0]?$")  # two characters at most: search only those
_DESCRIBED = re.compile(
    rf"\b{words_pattern('abbreviation_describing_nouns.txt')}s?,?[ \u00a0]+$", re.IGNORECASE
)
_COMPANY = re.compile(
    rf"(?:\s+[A-Z][\w’'&.-]*){{0,4}}\s+{words_pattern('abbreviation_company_suffixes.txt')}\b"
)
_APPOSED = re.compile(r"[\s,:–—-]{1,3}(?:the\s+)?")
_COMPANY_BEFORE = re.compile(r"\b(?:N\.V\.|B\.V\.|NV|BV)[ \u00a0]+$")  # "N.V. DSM said"
_CITED = re.compile(
    r",[ \u00a0]+(?:[A-Z][a-z]{2,8}\.?[ \u00a0]+\d{1,2}\b|\d{4}\b|pp?\.[ \u00a0]*\d)"
)
_GLOSS = re.compile(r"\s*\[[^\W\d_][^\]\n]*\]")  # "CT [computed tomography] scanning"


def _expansion_anywhere(text: str, abbr: str) -> tuple[int, str] | None:
    """A run of capitalised words whose initials spell ``abbr`` anywhere in the draft:
    whole words, neither a person's honorific and name ('Sir Robert' is no 'SR') nor
    letters or initials ('the capital M and C' is no 'MC'). The first such run, where
    several are."""
    return _expansions(text).get(abbr) if len(abbr) >= 2 else None


_LONGEST_INITIALS = 8
"""The most letters initials have (``_ABBR``)."""


@lru_cache(maxsize=8)
def _expansions(text: str) -> dict[str, tuple[int, str]]:
    """Initials -> the first run of two or more capitalised words that spells them (see
    ``_expansion_anywhere``) and where it starts: one pass over the draft for all the
    initials it uses. A run's words are read from each first word on only while their
    initials could still be an abbreviation's and every word is spelled out."""
    found: dict[str, tuple[int, str]] = {}
    for run in _RUN.finditer(text):
        at = list(re.finditer(r"\S+", run.group()))
        words = [w.group() for w in at]
        for i, first in enumerate(words):
            if first.lower() in _SMALL or first.rstrip(".") in HONORIFICS:
                continue
            letters = ""
            for j in range(i, len(words)):
                if not _spelled(words[j]):
                    break  # no longer run from this word is spelled out either
                letters += _initials([words[j]])
                if len(letters) > _LONGEST_INITIALS:
                    break  # initials only grow
                if j > i:
                    spelled = " ".join(words[i : j + 1])
                    found.setdefault(letters, (run.start() + at[i].start(), spelled))
    return found


def _spelled(word: str) -> bool:
    """A word written out, not a letter or initials ('SR Research' is no 'SR')."""
    return len(word) > 1 and any(c.islower() for c in word)


_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|and|the|for|on|de)\s+)?[A-Z][\w’'-]*)+")


def _name_part(text: str, m: re.Match) -> bool:
    """Initials that need no spelling out where they stand: a speaker's label opening an
    interview line ("((WN))  What…", "MS: We…"), a product code ("REGN-EB3") or initials
    inside a longer name ("Marine JarHeads MC", "HDT Védelmi Ipari Kft."). Initials
    glossed in brackets are ``_GLOSS``'s."""
    line_start = line_bounds(text, m.start())[0]
    after = text[m.end() : m.end() + 40]
    if _LINE_OPENING.fullmatch(text, line_start, m.start()) and re.match(r"[)\]*'’]*:?\s", after):
        return True
    if re.match(r"-\w*\d", after):
        return True
    before = re.search(
        r"(?<![.!?]\s)\b([A-Z][\w’'-]*[a-z][\w’'-]*)\s$", text[max(m.start() - 40, 0) : m.start()]
    )
    if before and before.group(1).lower() not in stopwords():
        return True
    return re.match(r"\s[A-Z][^\W\d_]", after) is not None


_LINE_OPENING = re.compile(r"[\s(\[*'’]*")


def _shouting(text: str, i: int) -> bool:
    """In a line written in capitals (a kicker, a legal notice): no abbreviation evidence."""
    return _shouting_line(text, *line_bounds(text, i))


@lru_cache(maxsize=256)
def _shouting_line(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is written in capitals (read once per line, not per use)."""
    letters = [c for c in text[start:end] if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) / len(letters) > 0.6


SUPPRESSORS: tuple[Suppressor[AbbreviationCandidate], ...] = (
    # Never spelled out.
    Suppressor(
        "abbreviation.undefined.well-known",
        "initials a general reader (or the publication's list) knows without expansion",
        _rule("undefined", lambda c: c.abbr in c.known or c.abbr + "s" in c.known),
    ),
    Suppressor(
        "abbreviation.undefined.word-in-capitals",
        "a dictionary word written in capitals ('VERBATIM', 'the PALM trial'): read as a word",
        _rule("undefined", lambda c: len(c.abbr) >= 4 and c.abbr.lower() in dictionary()),
    ),
    Suppressor(
        "abbreviation.undefined.name-part",
        "every use is a speaker's label, a product code or inside a longer name",
        _rule("undefined", lambda c: all(_name_part(c.text, m) for m in c.uses)),
    ),
    Suppressor(
        "abbreviation.undefined.quoted",
        "only a speaker uses it: a quotation's words stay as said",
        _rule("undefined", lambda c: all(c.scan.doc.in_quote(m.start(), m.end()) for m in c.uses)),
    ),
    Suppressor(
        "abbreviation.undefined.bracket-gloss",
        "glossed in square brackets once ('HM [Her Majesty]'): defined",
        _rule("undefined", lambda c: any(_GLOSS.match(c.text, m.end()) for m in c.uses)),
    ),
    Suppressor(
        "abbreviation.undefined.cited-source",
        "a publication cited by its initials in brackets ('(SR, Mar. 25)')",
        _rule("undefined", _cited),
    ),
    Suppressor(
        "abbreviation.undefined.company",
        "part of a company's registered name ('HDT Védelmi Ipari Kft.', 'N.V. DSM')",
        _rule("undefined", _company),
    ),
    Suppressor(
        "abbreviation.undefined.described",
        "the text says what it is ('the Soviet news agency TASS')",
        _rule(
            "undefined",
            lambda c: any(
                _DESCRIBED.search(c.text, max(0, m.start() - 40), m.start()) for m in c.uses
            ),
        ),
    ),
    Suppressor(
        "abbreviation.undefined.spelled-out-before",
        "its full form stands before the first use: news style needs no '(ABBR)' after it",
        _rule("undefined", lambda c: c.hint is not None and c.hint[0] < c.uses[0].start()),
    ),
    Suppressor(
        "abbreviation.undefined.apposition",
        "its full form follows as an apposition ('the USWA, the United Steel Workers of "
        "America, said')",
        _rule(
            "undefined",
            lambda c: (
                c.hint is not None
                and _APPOSED.fullmatch(c.text, c.uses[0].end(), c.hint[0]) is not None
            ),
        ),
    ),
    Suppressor(
        "abbreviation.undefined.passing-mention",
        "no full form anywhere, and used under three times or also written as a word: too "
        "weak to report",
        _rule("undefined", _passing),
    ),
    # Used before the definition.
    Suppressor(
        "abbreviation.before-definition.well-known",
        "initials the reader knows before they are spelled out",
        _rule("before-definition", lambda c: c.abbr in c.known),
    ),
    Suppressor(
        "abbreviation.before-definition.read-before",
        "the full form, in any case, stands before the early use: the reader has met it",
        _rule(
            "before-definition",
            lambda c: c.definition is not None and _read_before(c.text, c.definition, c.uses[0]),
        ),
    ),
    # Defined twice.
    Suppressor(
        "abbreviation.redefined.in-words",
        "defined again in a sentence ('X stands for ...'), not a bracket to drop",
        _rule("redefined", lambda c: c.definition is not None and not c.definition.in_brackets),
    ),
    Suppressor(
        "abbreviation.redefined.new-section",
        "a long text may define again in each section (Chicago 10.3)",
        _rule("redefined", _new_section_since),
    ),
    # Spelled out again.
    Suppressor(
        "abbreviation.respelled.known-name",
        "a one-word full form, or initials so well known that the name is spelled out for "
        "variety ('European Union' after 'EU')",
        _rule("respelled", lambda c: len(c.expansion.split()) < 2 or c.abbr in c.known),
    ),
    Suppressor(
        "abbreviation.respelled.ordinary-words",
        "a lower-case full form ('genetically modified (GM)'): ordinary words, free to write "
        "out again",
        _rule("respelled", lambda c: c.expansion.islower()),
    ),
    Suppressor(
        "abbreviation.respelled.quoted",
        "in a quotation: the speaker's words",
        _rule("respelled", lambda c: c.scan.doc.in_quote(c.uses[0].start(), c.uses[0].end())),
    ),
    Suppressor(
        "abbreviation.respelled.heading",
        "in a heading or a quotation's credit line ('– European Court ...')",
        _rule("respelled", lambda c: c.scan.line(c.uses[0].start()) in c.scan.heading_lines),
    ),
    Suppressor(
        "abbreviation.respelled.new-section",
        "spelled out again in a later section, as long texts may",
        _rule("respelled", _new_section_since),
    ),
    Suppressor(
        "abbreviation.respelled.sentence-opener",
        "a sentence opens on the name ('New South Wales is ...'), not on initials",
        _rule("respelled", lambda c: c.uses[0].start() in c.openers),
    ),
    Suppressor(
        "abbreviation.respelled.longer-name",
        "part of a longer name ('United Nations Security Council')",
        _rule("respelled", _respelled_in_name),
    ),
)
"""In order: the first that applies is credited with the suppression."""


@dataclass(frozen=True, eq=False)
class AbbreviationUse:
    """Initials (``m``, group 1) in the draft, before they count as a use."""

    scan: Scan
    m: re.Match

    @property
    def text(self) -> str:
        return self.scan.doc.masked


def _code(u: AbbreviationUse) -> bool:
    m, text = u.m, u.text
    return bool(
        _CODE_NEXT.match(text, m.end())
        or _CODE_BEFORE.search(text, max(m.start() - 2, 0), m.start())
    )


USE_SUPPRESSORS: tuple[Suppressor[AbbreviationUse], ...] = (
    Suppressor(
        "abbreviation.currency",
        "a currency's prefix ('HK $150', 'US$')",
        lambda u: u.text[u.m.end() : u.m.end() + 2].lstrip().startswith("$"),
    ),
    Suppressor(
        "abbreviation.code",
        "next to a digit, an underscore or '=' ('SO 2', '45 CFR', 'photo _ IP'): a code",
        _code,
    ),
    Suppressor(
        "abbreviation.roman-numeral",
        "a Roman numeral ('World War II', 'Henry VIII')",
        lambda u: _ROMAN.match(u.m.group(1)) is not None,
    ),
    Suppressor(
        "abbreviation.heading",
        "in a heading: headlines and subheads need no definitions",
        lambda u: u.scan.line(u.m.start()) in u.scan.heading_lines,
    ),
    Suppressor(
        "abbreviation.capitals-line",
        "in a line written in capitals (a kicker, a legal notice): no abbreviation evidence",
        lambda u: _shouting(u.text, u.m.start()),
    ),
)
"""What does not count as a use of initials, in order; the first that applies is credited."""
