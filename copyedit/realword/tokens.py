"""Words with their offsets and the neighbours a pair model can use: the analysis
layer's words (``Document.analysis.tokens``) narrowed to the model's shape, runs of
ASCII letters with inner apostrophes ("don't", "Khan’s"; "café" is read as "caf", and a
hyphenated or numbered word as its letter runs)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from ..analysis.sentences import WORD as _ANALYSIS_WORD
from ..model import Region

WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
"""The model's shape, read inside each analysis word (never across two)."""
_SENTENCE_END = re.compile(r"[.!?]['\"\u2019\u201d)\]]*\s*$")
_JOINER = re.compile(r"[ \t\u00a0]+")
_ENDS_SENTENCE = re.compile(r"[.!?]['\"\u2019\u201d)\]]*(?:\s|$)")
START, END = "<s>", "</s>"


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    lower: str
    prev: str | None
    """The previous word when only spaces separate them, ``<s>`` at a sentence start,
    else None (a comma, dash or line break: no pair evidence across it)."""
    next: str | None
    sentence_start: bool
    left: tuple[str, ...] = ()
    """Up to two words before, oldest first, for a trigram model: only across spaces,
    beginning with ``<s>`` at a sentence start."""
    right: tuple[str, ...] = ()
    """Up to two words after, across spaces, ending with ``</s>`` at a sentence end."""

    @property
    def proper(self) -> bool:
        """Capitalised mid-sentence, all capitals or capitals inside: a name or an
        acronym, never fixed."""
        t = self.text
        if len(t) > 1 and (t.isupper() or not t[1:].islower()):
            return True  # all capitals, or capitals inside (mAb, iPhone, McCain)
        return t[0].isupper() and not self.sentence_start


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def tokens(text: str, spans: Iterable[_Span] | None = None) -> list[Token]:
    """The model's tokens of ``text``; ``spans`` are its analysis words when the caller
    has them (``Document.analysis.tokens``), else they are read here. Sentence starts
    are the model's own: after any full stop, question or exclamation mark, or a blank
    line (as its counts were trained), not the sentence splitter's."""
    found = list(_narrowed(text, spans))
    n = len(found)
    gaps = [
        text[found[i - 1].end() : m.start()] if i else text[: m.start()]
        for i, m in enumerate(found)
    ]
    gaps.append(text[found[-1].end() :] if found else "")
    words = [m.group().lower() for m in found]
    starts = [i == 0 or bool(_SENTENCE_END.search(gaps[i])) or "\n\n" in gaps[i] for i in range(n)]
    # joined[i]: words i-1 and i are separated by spaces only (no pair evidence across
    # punctuation or a line break)
    joined = [i > 0 and bool(_JOINER.fullmatch(gaps[i])) for i in range(n + 1)]
    ends = [bool(_ENDS_SENTENCE.match(gaps[i + 1])) for i in range(n)]
    out: list[Token] = []
    for i, m in enumerate(found):
        prev = START if starts[i] else (words[i - 1] if joined[i] else None)
        nxt = words[i + 1] if i + 1 < n and joined[i + 1] else None
        left: list[str] = []
        j = i
        while len(left) < 2:
            if starts[j]:
                left.insert(0, START)
                break
            if not joined[j]:
                break
            j -= 1
            left.insert(0, words[j])
        right: list[str] = []
        j = i
        while len(right) < 2:
            if ends[j]:
                right.append(END)
                break
            if j + 1 >= n or not joined[j + 1] or starts[j + 1]:
                break
            j += 1
            right.append(words[j])
        out.append(
            Token(
                m.start(),
                m.end(),
                m.group(),
                words[i],
                prev,
                nxt,
                starts[i],
                tuple(left),
                tuple(right),
            )
        )
    return out


def _narrowed(text: str, spans: Iterable[_Span] | None) -> Iterator[re.Match[str]]:
    if spans is None:
        spans = (Region(*m.span()) for m in _ANALYSIS_WORD.finditer(text))
    for w in spans:
        yield from WORD.finditer(text, w.start, w.end)
