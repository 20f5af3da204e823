"""Abbreviations: used without ever being spelled out, used before their definition,
defined twice, or spelled out again after the definition."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Finding, Severity
from .forms import finding
from .tokens import Scan
from .variants import stopwords
from .wordlists import word_list

_ABBR = re.compile(r"(?<![\w.&-])([A-Z][A-Z&]{1,7})(s)?(?![\w&]|\.\w)")
_DEF_AFTER = re.compile(r"\(\s*(?:the\s+)?([A-Z][A-Z&]{1,7})s?\s*\)")
# "DART (Dublin Area Rapid Transit)": the abbreviation first, its full form in brackets.
_DEF_BEFORE = re.compile(r"(?<![\w.&-])([A-Z][A-Z&]{1,7})s?\s*\(([A-Z][^()\n]{3,80})\)")
_ROMAN = re.compile(r"^[IVXLC]+$")
_SMALL = {"of", "and", "the", "for", "on", "in", "de", "du", "la", "des", "&", "to", "at"}
_WORDS_BEFORE = re.compile(r"[^\W\d_][\w’'-]*")


def well_known() -> frozenset[str]:
    return word_list("well_known_abbreviations.txt")


@dataclass(frozen=True)
class Definition:
    abbr: str
    start: int
    """Where the expansion starts (or the parenthesis, when none was found)."""
    end: int
    """Just after the closing parenthesis."""
    expansion: str
    paren: int


def _initials(words: list[str]) -> str:
    out = ""
    for w in words:
        for part in w.split("-"):
            if part and part.lower() not in _SMALL:
                out += part[0]
    return out.upper()


def expansion_before(text: str, end: int, abbr: str) -> tuple[int, str] | None:
    """The words just before ``end`` whose initials spell ``abbr`` ("Federal Security
    Service" for FSB fails, "United Nations General Assembly" for UNGA matches)."""
    window = text[max(0, end - 200) : end]
    words = list(_WORDS_BEFORE.finditer(window))
    base = max(0, end - 200)
    for k in range(1, min(len(words), len(abbr) + 5) + 1):
        chosen = words[-k:]
        gap = window[chosen[0].start() : chosen[-1].end()]
        if re.search(r"[.,;:()\"“”]", gap):
            break
        if chosen[0].group().lower() in _SMALL:
            continue
        if _initials([w.group() for w in chosen]) == abbr.upper().replace("&", ""):
            return base + chosen[0].start(), gap
    return None


def find_definitions(text: str) -> list[Definition]:
    defs = []
    for m in _DEF_AFTER.finditer(text):
        abbr = m.group(1)
        before = text[: m.start()].rstrip()
        found = expansion_before(text, len(before), abbr)
        if found:
            defs.append(Definition(abbr, found[0], m.end(), found[1], m.start()))
        elif before and before[-1:].isalpha():
            defs.append(Definition(abbr, m.start(), m.end(), "", m.start()))
    for m in _DEF_BEFORE.finditer(text):
        words = _WORDS_BEFORE.findall(m.group(2))
        if _initials(words) == m.group(1).replace("&", ""):
            defs.append(Definition(m.group(1), m.start(), m.end(), m.group(2), m.end(1)))
    return sorted(defs, key=lambda d: d.paren)


def abbreviation_findings(scan: Scan) -> list[Finding]:
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
        if _CODE_NEXT.match(text, m.end()) or _CODE_BEFORE.search(text, 0, m.start()):
            continue  # "SO 2", "MC 2000-1", "45 CFR", "21 RBI", "photo _ IP": a code
        if _ROMAN.match(abbr) or scan.line(m.start()) in heading_lines:
            continue
        if _shouting(text, m.start()):
            continue
        uses.setdefault(abbr, []).append(m)
    known = well_known()
    found: list[Finding] = []
    for abbr, ms in uses.items():
        ds = by_abbr.get(abbr, [])
        if not ds:
            if abbr in known or abbr + "s" in known or all(_name_part(text, m) for m in ms):
                continue
            if all(scan.doc.in_quote(m.start(), m.end()) for m in ms):
                continue  # only a speaker uses it: the quotation's words stay as said
            if any(_GLOSS.match(text, m.end()) for m in ms):
                continue  # "HM [Her Majesty] the Queen": glossed once, defined
            if _COMPANY.match(text, ms[0].end()):
                continue  # "HDT Védelmi Ipari Kft.": a company's registered name
            if any(_DESCRIBED.search(text, max(0, m.start() - 40), m.start()) for m in ms):
                continue  # "the Soviet news agency TASS": the text says what it is
            m = ms[0]
            hint = _expansion_anywhere(text, abbr, m.start())
            if hint and hint[0] < m.start():
                continue  # spelled out before: news style needs no "(ABBR)" after it
            if not hint and (
                len(ms) < 3
                or re.search(rf"\b{abbr}\b", text, re.IGNORECASE | 0)
                and re.search(rf"\b{abbr.capitalize()}\b|\b{abbr.lower()}\b", text)
            ):
                continue  # a passing mention, or a word in capitals: too weak to report
            extra = (
                f"; '{hint[1]}' on line {scan.line(hint[0])} looks like its full form: "
                f"add '({abbr})' after it"
                if hint
                else ""
            )
            found.append(
                finding(
                    "consistency.abbreviation.undefined",
                    m.start(1),
                    m.end(1),
                    m.group(1),
                    f"'{abbr}' is never spelled out{extra}.",
                    confidence=0.5,
                )
            )
            continue
        first_def = ds[0]
        early = [m for m in ms if m.start() < first_def.paren]
        if early and abbr not in known:
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
    for abbr, ds in by_abbr.items():
        real = [d for d in ds if d.expansion]  # '(AP)' after a dateline defines nothing
        for d in real[1:]:
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


_CODE_NEXT = re.compile(r"[ \u00a0]?(?:\d|_)")
_CODE_BEFORE = re.compile(r"(?:\d|_)[ \u00a0]?$")
_DESCRIBED = re.compile(
    r"\b(?:agency|company|firm|group|bank|insurer|lender|network|broadcaster|newspaper|"
    r"party|union|league|association|organi[sz]ation|institute|university|college|"
    r"airline|carrier|maker|manufacturer|retailer|chain|giant|conglomerate|regulator|"
    r"alliance|pact|coalition|militia|movement|station|channel|exchange|fund)[ \u00a0]+$",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"(?:\s+[A-Z][\w’'&.-]*){0,4}\s+(?:Kft|Ltd|Limited|Inc|GmbH|AG|SA|S\.A|LLC|plc|PLC|Corp|"
    r"Corporation|NV|BV|SpA|S\.p\.A|Pty|Co)\b"
)
_GLOSS = re.compile(r"\s*\[[A-Z][^\]\n]*\]")


def _expansion_anywhere(text: str, abbr: str, before: int) -> tuple[int, str] | None:
    """A run of capitalised words whose initials spell ``abbr`` anywhere in the draft."""
    if len(abbr) < 2:
        return None
    run = r"[A-Z][\w’'-]*(?:\s+(?:(?:of|and|the|for|on|de)\s+)?[A-Z][\w’'-]*)+"
    for m in re.finditer(run, text):
        words = m.group().split()
        for i in range(len(words)):
            for j in range(i + 2, len(words) + 1):
                if words[i].lower() in _SMALL:
                    continue
                if _initials(words[i:j]) == abbr:
                    start = m.start() + len(" ".join(words[:i])) + (1 if i else 0)
                    return start, " ".join(words[i:j])
    return None


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
    before = re.search(r"(?<![.!?]\s)\b([A-Z][\w’'-]*[a-z][\w’'-]*)\s$", text[: m.start()][-40:])
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
