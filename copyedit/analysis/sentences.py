"""The one sentence splitter and the one word pattern, in the text's own offsets."""

from __future__ import annotations

import re
from string import ascii_letters

from ..model import Region
from .lists import SENTENCE_ABBREVIATIONS, SENTENCE_OPENERS, TITLE_ABBREVIATIONS

WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
"""A word: letters and digits, with inner hyphens and apostrophes ('geo-strategic',
'Khan’s', 'COVID-19'). Engines that need a narrower shape (letters only, ASCII) read
it inside these words, never across them."""

# A sentence ends at . ! ? (plus closing quotes/brackets) before whitespace and a capital
# (of any script: 'Łukasz', 'Сейчас'), a digit or an opening quote; or at a paragraph
# break. The pattern looks ahead for a letter or digit; ``_next_opens`` rules out a
# lower-case one.
# Each run of marks is tried once, from its first mark and without backtracking: a long
# run of full stops is linear, not quadratic.
_END = re.compile(
    r"(?<![.!?])[.!?]++[\"”’)\]]*+(?=\s+[\"“‘(\[]?([^\W_]))|(?:\r?\n|\r)\s*(?:\r?\n|\r)"
)
_LONGEST = max(map(len, SENTENCE_ABBREVIATIONS))


def words(text: str) -> list[Region]:
    return [Region(m.start(), m.end()) for m in WORD.finditer(text)]


def sentences(text: str) -> list[Region]:
    """Non-blank sentence spans of ``text`` (use the masked text so markup is skipped)."""
    spans: list[Region] = []
    start = 0
    for m in _END.finditer(text):
        after = m.start(1)
        if after >= 0 and text[after].islower():
            continue  # 'e.g. the', 'p.m. local time'
        if m.group().startswith(".") and _abbreviated(text, start, m.start(), after):
            continue
        _add(spans, text, start, m.end())
        start = m.end()
    _add(spans, text, start, len(text))
    return spans


def _abbreviated(text: str, start: int, stop: int, after: int = -1) -> bool:
    """The letters just before the full stop at ``stop`` (after ``start``) are an initial
    or an abbreviation whose full stop ends no sentence, unless the word at ``after``
    opens sentences and never goes on a name ('Washington, D.C. They'; not after a
    title: 'Dr.'). Only as many letters are read as the longest such abbreviation has,
    plus one: a longer word is neither (a long run of letters costs nothing)."""
    tail = text[max(start, stop - _LONGEST - 1) : stop]
    word = tail[len(tail.rstrip(ascii_letters)) :]
    if not (len(word) == 1 or word.lower() in SENTENCE_ABBREVIATIONS):
        return False
    if after < 0 or word.capitalize() in TITLE_ABBREVIATIONS:
        return True
    return _word_at(text, after) not in SENTENCE_OPENERS


def _word_at(text: str, at: int) -> str:
    m = WORD.match(text, at)
    return m.group() if m else ""


def _add(spans: list[Region], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    if WORD.search(chunk):
        lead = len(chunk) - len(chunk.lstrip())
        spans.append(Region(start + lead, start + len(chunk.rstrip())))
