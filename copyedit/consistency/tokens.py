"""Word tokens of a draft with what the consistency checks need to know about each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..document import Document
from ..sentences import sentences

# Letters with inner hyphens: "geo-strategic" is one token, "Khan’s" is "Khan" + "s".
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LINE = re.compile(r"[^\r\n]+")
_OPENERS = set("“‘\"'([{*_#>-–—•·") | {" ", "\t", "\u00a0"}


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


@dataclass(frozen=True)
class Scan:
    doc: Document
    tokens: tuple[Token, ...]

    def line(self, offset: int) -> int:
        return self.doc.line_col(offset)[0]


def _heading_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if not line:
            continue
        words = WORD.findall(line)
        if re.search(r"[.!?:;,\"”)]\s*$", line) and not line.startswith("#"):
            continue  # ends like a sentence
        if line.startswith("#") or (words and len(words) <= 14):
            spans.append((m.start(), m.end()))
            continue
        long_words = [w for w in words if len(w) > 3]
        if long_words and sum(w[0].isupper() for w in long_words) / len(long_words) > 0.7:
            spans.append((m.start(), m.end()))
    return spans


_LABEL = re.compile(r"\s*[(\[*]*[A-Z][A-Z.]{0,4}[)\]*]*:?\s+")


def _label(line_lead: str) -> bool:
    """Only a speaker label before the word on its line ("((WN))  What", "MS We")."""
    return bool(line_lead) and _LABEL.fullmatch(line_lead) is not None


def scan(doc: Document) -> Scan:
    return _scan(doc)


@lru_cache(maxsize=8)
def _scan(doc: Document) -> Scan:
    text = doc.masked
    heads = _heading_lines(text)
    sents = sentences(text)
    quotes = doc.quotes
    tokens: list[Token] = []
    si = hi = qi = 0
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
        before = text[max(sent_start, start - 3) : start]
        lead = text[sent_start:start]
        line_lead = text[text.rfind("\n", 0, start) + 1 : start]
        initial = (
            all(c in _OPENERS or c.isdigit() or c == "." for c in lead)
            or before.rstrip().endswith((":", "“", '"', "‘", "(", "—", "–", ")", "]", "."))
            or start == 0
            or text[start - 1] in "\r\n"
            or _label(line_lead)
        )
        tokens.append(Token(start, m.end(), m.group(), initial, heading, si, quoted))
    return Scan(doc, tuple(tokens))
