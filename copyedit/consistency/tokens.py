"""Word tokens of a draft with what the consistency checks need to know about each."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..document import Document
from ..sentences import sentences

# Letters with inner hyphens: "geo-strategic" is one token, "Khan’s" is "Khan" + "s".
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LINE = re.compile(r"[^\r\n]+")
_OPENERS = set("“‘\"'([{*_#>-–—•·") | {" ", "\t", "\u00a0"}
# What may end the text before a word that then starts something new (a clause, a
# quotation, a list item, a caption): its capital says nothing about the draft's style.
_BREAKS = (":", "“", '"', "‘", "`", "(", "[", "—", "–", "-", ")", "]", "…", "?", "!", "|", "/", "•")
# Words whose full stop is an abbreviation's, not a sentence's ("Charles B. Armour",
# "Mr. Jones", "St. Louis"): the next word keeps its evidence.
_ABBREVIATED = frozenset(
    "mr mrs ms dr st mt ft jr sr gen sen rep gov lt col capt sgt adm cmdr prof supt insp "
    "rev hon pres atty messrs mme mlle no nos vol co corp inc ltd bros jan feb mar apr "
    "jun jul aug sep sept oct nov dec vs etc".split()
)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    initial: bool
    """First word of a sentence, a line, a quotation or a clause after a colon."""
    heading: bool
    """In a line that reads as a headline or heading (no case evidence there)."""
    sentence: int
    quoted: bool = False
    """Inside a direct quotation: the speaker's words, no evidence of the draft's style."""


@dataclass(frozen=True, eq=False)
class Scan:
    """One reading of a draft. Compared and hashed by identity: the memoised helpers
    keyed on a scan must not re-hash its whole token tuple at every call (quadratic)."""

    doc: Document
    tokens: tuple[Token, ...]
    heading_lines: frozenset[int] = frozenset()
    """Line numbers of whole lines that read as headings (or program code)."""

    def line(self, offset: int) -> int:
        return self.doc.line_col(offset)[0]


def _heading_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if not line:
            continue
        words = WORD.findall(line)
        if len(_CODE.findall(line)) >= 3:
            spans.append((m.start(), m.end()))  # a line of program code: no prose evidence
            continue
        if re.search(r"[.!?:;,\"”)]\s*$", line) and not line.startswith("#"):
            continue  # ends like a sentence
        if line.startswith("#") or (words and len(words) <= 14):
            spans.append((m.start(), m.end()))
            continue
        long_words = [w for w in words if len(w) > 3]
        if long_words and sum(w[0].isupper() for w in long_words) / len(long_words) > 0.7:
            spans.append((m.start(), m.end()))
    return spans


def _citations(text: str) -> list[tuple[int, int]]:
    """Reference-list entries ("Gordon, Deborah. Ants at Work. Norton, 1999.") and
    bracketed citations with a year ("(Time, Cover, July 14, 1958)"): titles keep their
    own capitals, so they say nothing about the draft's."""
    spans = [(m.start(), m.end()) for m in _REFERENCE.finditer(text) if _YEAR.search(m.group())]
    spans += [(m.start(), m.end()) for m in _BRACKETED.finditer(text) if _YEAR.search(m.group())]
    return spans


_REFERENCE = re.compile(
    r"^[^\S\n]*[A-Z][\w’'-]+, (?:[A-Z]\.[ ]?)*[A-Z][\w’'-]*\.[^\n]*", re.MULTILINE
)
_BRACKETED = re.compile(r"\([^()\n]{4,120}\)")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def _run_in_headings(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _RUN_IN.finditer(text):
        words = [w for w in WORD.findall(m.group(1)) if len(w) > 3]
        if words and all(w[0].isupper() for w in words):
            spans.append((m.start(1), m.end(1)))
    return spans


# A run-in heading: a few capitalised words opening a line, then a colon ("Use of
# Intermediaries: In all written ...", "2. Notice to the Recipient: Whenever ...").
_RUN_IN = re.compile(r"^[^\S\n]*(?:\d+\.\s*)?([A-Z][^.:;!?,\n]{0,60}?):[^\S\n]", re.MULTILINE)
_CODE = re.compile(r"[{}]|\(\s*\)|/\s?/|&\s?&|==|\w\s?_\s?\w|;\s*$")
_LABEL = re.compile(r"\s*[(\[*]*[A-Z][A-Z.]{0,4}[)\]*]*:?\s+")


def _label(text: str, line_start: int, start: int) -> bool:
    """Only a speaker label before the word on its line ("((WN))  What", "MS We")."""
    return start > line_start and _LABEL.fullmatch(text, line_start, start) is not None


def _lead_end(text: str, start: int, allowed: Callable[[str], bool]) -> int:
    """Where the run of ``allowed`` characters from ``start`` ends: a word after
    ``start`` has only such characters before it when it starts at or before this."""
    end = start
    while end < len(text) and allowed(text[end]):
        end += 1
    return end


def _opener_or_number(c: str) -> bool:
    return c in _OPENERS or c.isdigit() or c == "."


def _opener(c: str) -> bool:
    return c in _OPENERS


# The part of _BREAKS after which a lower-case word starts something new as well (a
# quotation, a clause after a colon or a dash); the rest only excuse a capital.
_ANY_CASE_BREAKS = (":", "“", '"', "‘", "(", "—", "–", ")", "]")


def _new_start(text: str, before: str, sent_start: int, start: int) -> bool:
    """A capital that may only mark a new start: after a dash, slash, bracket, ellipsis,
    question mark, bullet or opening quotation mark, a full stop the sentence splitter
    missed, or a numeral ("Figure 2.1 Surface", "Sir--People")."""
    tail = before.rstrip()
    if tail.endswith(_BREAKS) or tail[-1:].isdigit() or _full_stop(text, sent_start, start):
        return True
    if before.endswith("'") and (len(before) < 2 or before[-2] in " \t\n(["):
        return True  # "can say 'Yes we are'": a straight single quote opening a quotation
    return _SPEECH.search(text, max(sent_start, start - 30), start) is not None


# "he said, You know", "the blurb reads, Supplies you": words quoted without marks.
_SPEECH = re.compile(
    r"\b(?:said|says|say|asked|asks|ask|wrote|writes|reads|read|replied|replies|added|adds|"
    r"told|tells|cried|shouted|answered|declared|announced|insisted|sang|sings)[,:]\s+$"
)


_STOP_BEFORE = re.compile(r"(\w+)\.[\"”’')\]]*\s*$")


def _full_stop(text: str, sent_start: int, start: int) -> bool:
    """A full stop just before the word ends a sentence (the splitter missed it), unless
    it closes an initial or an abbreviation ("B. Armour", "Mr. Jones")."""
    before = text[max(sent_start, start - 12) : start]
    if not before.rstrip().endswith((".", '."', ".”", ".’", ".)")):
        return False
    m = _STOP_BEFORE.search(before)
    word = m.group(1) if m else ""
    # "the 1980s. My", "in 2014. He": a numeral's letters are no initial
    return not (word.isalpha() and (len(word) == 1 or word.lower() in _ABBREVIATED))


def scan(doc: Document) -> Scan:
    return _scan(doc)


@lru_cache(maxsize=8)
def _scan(doc: Document) -> Scan:
    text = doc.masked
    lines = _heading_lines(text)
    heads = sorted(lines + _run_in_headings(text) + _citations(text))
    sents = sentences(text)
    quotes = doc.quotes
    tokens: list[Token] = []
    si = hi = qi = 0
    # Where the current sentence's and line's leading openers end, found once for each
    # (slicing the text from the sentence or line start for every word is quadratic).
    lead_si, lead_end = -1, 0
    line_start, line_lead_end, seen = 0, 0, 0
    for m in WORD.finditer(text):
        start = m.start()
        while si + 1 < len(sents) and sents[si].end <= start:
            si += 1
        while hi < len(heads) and heads[hi][1] <= start:
            hi += 1
        while qi < len(quotes) and quotes[qi].end <= start:
            qi += 1
        heading = hi < len(heads) and heads[hi][0] <= start
        quoted = qi < len(quotes) and quotes[qi].start <= start
        sent_start = sents[si].start if sents else 0
        if lead_si != si:
            lead_si, lead_end = si, _lead_end(text, sent_start, _opener_or_number)
        newline = text.rfind("\n", seen, start)
        if newline >= 0 or not seen:
            line_start = newline + 1
            line_lead_end = _lead_end(text, line_start, _opener)
        seen = start
        before = text[max(sent_start, start - 3) : start]
        if start and text[start - 1].isdigit():
            continue  # "509th": a numeral's suffix, not a word
        initial = (
            start <= lead_end
            or before.rstrip().endswith(_ANY_CASE_BREAKS)
            or (m.group()[0].isupper() and _new_start(text, before, sent_start, start))
            or start == 0
            or text[start - 1] in "\r\n"
            or start <= line_lead_end  # "* Environmental scientist Dean"
            or _label(text, line_start, start)
        )
        tokens.append(Token(start, m.end(), m.group(), initial, heading, si, quoted))
    return Scan(doc, tuple(tokens), frozenset(doc.line_col(a)[0] for a, _ in lines))


def adjacent(scan: Scan, a: Token, b: Token) -> bool:
    """Two tokens separated by a single space within one sentence."""
    return a.sentence == b.sentence and b.start == a.end + 1 and scan.doc.masked[a.end] == " "
