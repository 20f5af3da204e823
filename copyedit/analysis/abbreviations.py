"""The abbreviations a draft defines: "Jammu and Kashmir (IIOJK)", "DART (Dublin Area
Rapid Transit)", "CDS is short for credit default swaps", "a gamma-ray burst, or GRB"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_DEF_AFTER = re.compile(r"\(\s*(?:the\s+)?([A-Z][A-Z&]{1,7})s?\s*\)")
# "DART (Dublin Area Rapid Transit)": the abbreviation first, its full form in brackets.
_DEF_BEFORE = re.compile(r"(?<![\w.&-])([A-Z][A-Z&]{1,7})s?\s*\(([A-Z][^()\n]{3,80})\)")
SMALL_WORDS = {"of", "and", "the", "for", "on", "in", "de", "du", "la", "des", "&", "to", "at"}
_WORDS_BEFORE = re.compile(r"[^\W\d_][\w’'-]*")


@dataclass(frozen=True)
class Definition:
    abbr: str
    start: int
    """Where the expansion starts (or the parenthesis, when none was found)."""
    end: int
    """Just after the closing parenthesis."""
    expansion: str
    paren: int
    in_brackets: bool = True
    """False for a definition in words ("FTG stands for First Theme Group"): its span is
    a sentence's, never replaced by the bare abbreviation."""


def initials(words: list[str]) -> str:
    out = ""
    for w in words:
        for part in w.split("-"):
            if part and part.lower() not in SMALL_WORDS:
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
        if chosen[0].group().lower() in SMALL_WORDS:
            continue
        if initials([w.group() for w in chosen]) == abbr.upper().replace("&", ""):
            return base + chosen[0].start(), gap
    return None


@lru_cache(maxsize=8)
def find_definitions(text: str) -> tuple[Definition, ...]:
    """Every definition in ``text``, by position. Memoised: the pipeline asks again for
    the draft the consistency engine has just read, to keep defined initials unchanged."""
    defs = []
    for m in _DEF_AFTER.finditer(text):
        abbr = m.group(1)
        end = m.start()  # of the text before, trailing spaces left out
        while end > 0 and text[end - 1].isspace():
            end -= 1
        found = expansion_before(text, end, abbr)
        if found:
            defs.append(Definition(abbr, found[0], m.end(), found[1], m.start()))
        elif text[end - 1 : end].isalpha():
            defs.append(Definition(abbr, m.start(), m.end(), "", m.start()))
    for m in _DEF_BEFORE.finditer(text):
        words = _WORDS_BEFORE.findall(m.group(2))
        if initials(words) == m.group(1).replace("&", ""):
            defs.append(Definition(m.group(1), m.start(), m.end(), m.group(2), m.end(1)))
    defs += _stands_for(text)
    defs += _or_definitions(text)
    return tuple(sorted(defs, key=lambda d: d.paren))


# "a gamma-ray burst, or GRB, is", "genetically modified or GM bugs": the full form, then
# 'or' and the abbreviation as its appositive.
_OR_AFTER = re.compile(
    r"(?<=[a-z])(,?[ \u00a0]+(?:or|also[ \u00a0]+known[ \u00a0]+as|known[ \u00a0]+as)[ \u00a0]+)"
    r"([A-Z][A-Z&]{1,7})s?(?=[\s,.;:)])"
)
# "PGD, or preimplantation genetic diagnosis, enables": the abbreviation, then its words.
_OR_BEFORE = re.compile(
    r"(?<![\w.&-])([A-Z][A-Z&]{1,7})s?,[ \u00a0]+or[ \u00a0]+([a-zA-Z][^.;:()\n]{3,120})"
)


def _or_definitions(text: str) -> list[Definition]:
    """Definitions by apposition with 'or'. After a lower-case word the abbreviation
    defines itself even when its letters are not the initials ('polyhydroxyalkanoate, or
    PHA'); after a capital only when they are (not 'the US or UK')."""
    defs = []
    for m in _OR_AFTER.finditer(text):
        abbr, end = m.group(2), m.start()
        found = expansion_before(text, end, abbr)
        if found:
            defs.append(Definition(abbr, found[0], m.end(), found[1], m.start(2), False))
        else:
            defs.append(Definition(abbr, m.start(2), m.end(), "", m.start(2), False))
    for m in _OR_BEFORE.finditer(text):
        abbr = m.group(1)
        words = list(_WORDS_BEFORE.finditer(m.group(2)))[: len(abbr) + 4]
        for j in range(len(words), 0, -1):
            chosen = [w.group() for w in words[:j]]
            if initials(chosen) == abbr.replace("&", ""):
                defs.append(Definition(abbr, m.start(), m.end(), " ".join(chosen), m.end(1), False))
                break
    return defs


# "FTG and STG stand for First Theme Group and Second Theme Group", "CDS is short for
# credit default swaps": a definition in words.
_STANDS_FOR = re.compile(
    r"(?<![\w.&-])((?:[A-Z][A-Z&]{1,7}s?(?:,\s*|\s+(?:and|or)\s+))*[A-Z][A-Z&]{1,7})s?,?\s+"
    r"(?:stands?|(?:is|are)\s+short|(?:is|are)\s+(?:an\s+)?(?:abbreviations?|acronyms?))\s+"
    r"for\s+([^.;:\n]{3,200})"
)


def _stands_for(text: str) -> list[Definition]:
    defs = []
    for m in _STANDS_FOR.finditer(text):
        words = list(_WORDS_BEFORE.finditer(m.group(2)))
        for a in re.finditer(r"[A-Z][A-Z&]{1,7}", m.group(1)):
            abbr = a.group()
            for i, j in _windows(len(words), len(abbr)):
                chosen = [w.group() for w in words[i:j]]
                if chosen[0].lower() not in SMALL_WORDS and initials(chosen) == abbr:
                    at = m.start(1) + a.start()
                    expansion = " ".join(chosen)
                    defs.append(Definition(abbr, at, m.end(), expansion, at + len(abbr), False))
                    break
    return defs


def _windows(n: int, letters: int) -> list[tuple[int, int]]:
    """Word ranges [i, j) of ``letters`` to ``letters`` + 4 words, left to right."""
    return [(i, j) for i in range(n) for j in range(i + 1, min(n, i + letters + 4) + 1)]
