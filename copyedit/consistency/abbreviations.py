"""Abbreviations: used without ever being spelled out, used before their definition,
defined twice, or spelled out again after the definition."""

from __future__ import annotations

import re
from itertools import pairwise

from ..analysis.abbreviations import SMALL_WORDS as _SMALL
from ..analysis.abbreviations import Definition as Definition
from ..analysis.abbreviations import find_definitions as find_definitions
from ..analysis.abbreviations import initials as _initials
from ..model import Finding, Severity
from ..titles import HONORIFICS
from .forms import finding
from .lexicon import dictionary
from .tokens import Scan
from .wordlists import stopwords, word_list

_ABBR = re.compile(r"(?<![\w.&-])([A-Z][A-Z&]{1,7})(s)?(?![\w&]|\.\w)")
_ROMAN = re.compile(r"^[IVXLC]+$")


def well_known() -> frozenset[str]:
    return word_list("well_known_abbreviations.txt")


def abbreviation_findings(scan: Scan, house_known: frozenset[str] = frozenset()) -> list[Finding]:
    """``house_known``: initials a publication lists as known to its readers."""
    text = scan.doc.masked
    heading_lines = scan.heading_lines
    defs = find_definitions(text)
    by_abbr: dict[str, list[Definition]] = {}
    for d in defs:
        by_abbr.setdefault(d.abbr, []).append(d)
    in_def = {d.paren for d in defs}
    uses: dict[str, list[re.Match]] = {}
    for m in _ABBR.finditer(text):
        abbr = m.group(1)
        paren = text.rfind("(", 0, m.start())
        if paren in in_def and paren >= m.start() - 2:
            continue
        if m.end(1) in in_def:
            continue  # "DART (Dublin Area Rapid Transit)": the definition itself
        if text[m.end() : m.end() + 2].lstrip().startswith("$"):
            continue  # "HK $150", "US$": a currency's prefix
        if _CODE_NEXT.match(text, m.end()) or _CODE_BEFORE.search(
            text, max(m.start() - 2, 0), m.start()
        ):
            continue  # "SO 2", "MC 2000-1", "45 CFR", "21 RBI", "photo _ IP": a code
        if _ROMAN.match(abbr) or scan.line(m.start()) in heading_lines:
            continue
        if _shouting(text, m.start()):
            continue
        uses.setdefault(abbr, []).append(m)
    known = well_known() | house_known
    found: list[Finding] = []
    for abbr, ms in uses.items():
        ds = by_abbr.get(abbr, [])
        if not ds:
            hint = _expansion_anywhere(text, abbr)
            if undefined_excuse(scan, abbr, ms, hint, known) is None:
                found.append(_undefined(scan, abbr, ms[0], hint))
            continue
        # '(FTG)' after 'Dev I' spells nothing; "FTG stands for ..." explains a use before
        spelled = [d for d in ds if d.expansion and d.in_brackets]
        if not spelled:
            continue
        first_def = spelled[0]
        early = [m for m in ms if m.start() < first_def.paren]
        if early and abbr not in known and not _read_before(text, first_def, early[0]):
            m = early[0]
            found.append(
                finding(
                    "consistency.abbreviation.before-definition",
                    m.start(1),
                    m.end(1),
                    m.group(1),
                    f"'{abbr}' is used before it is spelled out on line {scan.line(first_def.paren)}.",
                    Severity.WARNING,
                    confidence=0.7,
                )
            )
    openers = {t.start for t in scan.tokens if t.initial}
    for abbr, ds in by_abbr.items():
        real = [d for d in ds if d.expansion]  # '(AP)' after a dateline defines nothing
        for prev, d in pairwise(real):
            if not d.in_brackets:
                continue  # "X stands for ..." said again: a sentence, not a bracket to drop
            if _new_section(scan, prev.paren, d.paren):
                continue  # a long text may define again in each section (Chicago 10.3)
            span = scan.doc.text[d.start : d.end]
            found.append(
                finding(
                    "consistency.abbreviation.redefined",
                    d.start,
                    d.end,
                    span,
                    f"'{abbr}' is already defined on line {scan.line(real[0].paren)}; "
                    f"use '{abbr}' alone.",
                    replacement=abbr,
                    confidence=0.7,
                )
            )
        first = ds[0]
        if len(first.expansion.split()) < 2 or abbr in known:
            continue  # 'European Union' after 'EU': a known name, spelled out for variety
        if first.expansion.islower():
            continue  # 'genetically modified (GM)': ordinary words, free to write out again
        pattern = re.compile(
            r"\b" + re.escape(first.expansion).replace(r"\ ", r"\s+") + r"\b(?!\s*\()"
        )
        for m in pattern.finditer(text, first.end):
            if any(d.start <= m.start() < d.end for d in ds) or scan.doc.in_quote(
                m.start(), m.end()
            ):
                continue  # a quotation's words are the speaker's
            if scan.line(m.start()) in heading_lines:
                continue  # a heading or a quotation's credit line ("– European Court …")
            if _new_section(scan, first.paren, m.start()):
                continue  # spelled out again in a later section, as long texts may
            if m.start() in openers:
                continue  # "New South Wales is ...": a sentence opens on the name, not initials
            if _LONGER_AFTER.match(text, m.end()) or _LONGER_BEFORE.search(
                text, max(0, m.start() - 30), m.start()
            ):
                continue  # "United Nations Security Council": part of a longer name
            found.append(
                finding(
                    "consistency.abbreviation.respelled",
                    m.start(),
                    m.end(),
                    scan.doc.text[m.start() : m.end()],
                    f"'{first.expansion}' is abbreviated '{abbr}' from line "
                    f"{scan.line(first.paren)}; use '{abbr}'.",
                    replacement=abbr,
                    confidence=0.6,
                )
            )
    return found


# A capitalised word next to a full form, one space apart (not at a sentence start before
# it): the full form is part of a longer name ('United Nations Security Council').
_LONGER_AFTER = re.compile(r"[ \u00a0]+[A-Z][a-z]")
_LONGER_BEFORE = re.compile(r"(?<![.!?:\"“] )(?<!^)\b[A-Z][a-z][\w’'-]*[ \u00a0]+$")


def _new_section(scan: Scan, a: int, b: int) -> bool:
    """A heading line stands between offsets ``a`` and ``b``."""
    first, last = scan.line(a), scan.line(b)
    return any(first < n < last for n in scan.heading_lines)


def _read_before(text: str, d: Definition, use: re.Match) -> bool:
    """The full form, in any case, stands before the early use ('the first theme group
    ... FTG'): the reader has met it."""
    words = re.escape(d.expansion).replace(r"\ ", r"\s+")
    return re.search(rf"\b{words}\b", text[: use.start()], re.IGNORECASE) is not None


def undefined_excuse(
    scan: Scan,
    abbr: str,
    ms: list[re.Match],
    hint: tuple[int, str] | None,
    known: frozenset[str],
) -> str | None:
    """Why ``abbr``, used at ``ms`` and never defined, needs no report; None: report it.
    ``known``: the well-known initials and the publication's own."""
    text = scan.doc.masked
    if abbr in known or abbr + "s" in known:
        return "well known"
    if len(abbr) >= 4 and abbr.lower() in dictionary():
        return "a word in capitals"  # 'VERBATIM', 'the PALM trial': read as a word
    if all(_name_part(text, m) for m in ms):
        return "part of a name"
    if all(scan.doc.in_quote(m.start(), m.end()) for m in ms):
        return "only a speaker uses it"  # the quotation's words stay as said
    if any(_GLOSS.match(text, m.end()) for m in ms):
        return "glossed"  # "HM [Her Majesty] the Queen": glossed once, defined
    if any(text[m.start() - 1 : m.start()] == "(" and _CITED.match(text, m.end()) for m in ms):
        return "a cited source"  # "(SR, Mar. 25)": a publication cited by its initials
    first = ms[0].start()
    if _COMPANY.match(text, ms[0].end()) or _COMPANY_BEFORE.search(text, max(0, first - 24), first):
        return "company"  # "HDT Védelmi Ipari Kft.": a company's registered name
    if any(_DESCRIBED.search(text, max(0, m.start() - 40), m.start()) for m in ms):
        return "described"  # "the Soviet news agency TASS": the text says what it is
    if hint and hint[0] < ms[0].start():
        return "spelled out before"  # news style needs no "(ABBR)" after it
    if hint and _APPOSED.fullmatch(text, ms[0].end(), hint[0]):
        return "glossed"  # "the USWA, the United Steel Workers of America, said"
    if not hint and (
        len(ms) < 3 or re.search(rf"\b{abbr.capitalize()}\b|\b{abbr.lower()}\b", text) is not None
    ):
        return "passing mention"  # or a word in capitals: too weak to report
    return None


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
    r"\b(?:agency|company|firm|group|bank|insurer|lender|network|broadcaster|newspaper|"
    r"party|union|league|association|organi[sz]ation|institute|university|college|"
    r"airline|carrier|maker|manufacturer|retailer|chain|giant|conglomerate|regulator|"
    r"alliance|pact|coalition|militia|movement|station|channel|exchange|fund|exporter|"
    r"importer|producer|handler|miner|operator|supplier|distributor|processor|trader|"
    r"refiner|publisher|broker|developer|builder|owner|body|authority|watchdog|"
    r"charity|council|committee|lab|laboratory)s?,?[ \u00a0]+$",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"(?:\s+[A-Z][\w’'&.-]*){0,4}\s+(?:Kft|Ltd|Limited|Inc|GmbH|AG|SA|S\.A|LLC|plc|PLC|Corp|"
    r"Corporation|NV|BV|SpA|S\.p\.A|Pty|Co)\b"
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
    letters or initials ('the capital M and C' is no 'MC')."""
    if len(abbr) < 2:
        return None
    for run in _RUN.finditer(text):
        words = list(re.finditer(r"\S+", run.group()))
        for i, first in enumerate(words):
            if first.group().lower() in _SMALL or first.group().rstrip(".") in HONORIFICS:
                continue
            for j in range(i + 2, len(words) + 1):
                chosen = [w.group() for w in words[i:j]]
                if _initials(chosen) == abbr and all(_spelled(w) for w in chosen):
                    return run.start() + first.start(), " ".join(chosen)
    return None


def _spelled(word: str) -> bool:
    """A word written out, not a letter or initials ('SR Research' is no 'SR')."""
    return len(word) > 1 and any(c.islower() for c in word)


_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|and|the|for|on|de)\s+)?[A-Z][\w’'-]*)+")


def _name_part(text: str, m: re.Match) -> bool:
    """Initials that need no spelling out where they stand: a speaker's label opening an
    interview line ("((WN))  What…", "MS: We…"), a product code ("REGN-EB3") or initials
    inside a longer name ("Marine JarHeads MC", "HDT Védelmi Ipari Kft."). Initials
    glossed in brackets are ``_GLOSS``'s."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    after = text[m.end() : m.end() + 40]
    if re.fullmatch(r"[\s(\[*'’]*", text[line_start : m.start()]) and re.match(
        r"[)\]*'’]*:?\s", after
    ):
        return True
    if re.match(r"-\w*\d", after):
        return True
    before = re.search(
        r"(?<![.!?]\s)\b([A-Z][\w’'-]*[a-z][\w’'-]*)\s$", text[max(m.start() - 40, 0) : m.start()]
    )
    if before and before.group(1).lower() not in stopwords():
        return True
    return re.match(r"\s[A-Z][^\W\d_]", after) is not None


def _shouting(text: str, i: int) -> bool:
    """In a line written in capitals (a kicker, a legal notice): no abbreviation evidence."""
    ls = text.rfind("\n", 0, i) + 1
    le = text.find("\n", i)
    line = text[ls : le if le != -1 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) / len(letters) > 0.6
