"""Curated confusion sets with context cues (``rules/confusables/*.yml``), plus
LanguageTool's ``wrongWordInContext.txt`` read from its jar.

A YAML set names its words with a short meaning each, optional inflected ``forms`` (one
list per inflection, in the order of ``words``) and regex ``cues`` per word, where
``___`` marks the slot. A cue of word X fires when another word of the set fills the
slot; it is dropped when a cue of the word actually written fires at the same place
too. So ``bloc`` cues such as ``part of (any|a|the) ___`` turn "part of any block" into
a finding, while ``block`` cues such as ``___ (grants?|party)`` keep "block grants".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks import Example
from ..checks.loader import builtin_rules_dir, read_yaml
from ..errors import RuleError
from ..languagetool.data import find_jar
from . import cache
from .ltdata import wrong_word_rows

SLOT = "___"
_KEYS = {"words", "forms", "cues", "confidence", "description", "examples"}
_SENTENCE_END = re.compile(r"(?:^|[.!?:]['\"\u2019\u201d)]*\s+|\n\s*\n\s*)$")
SETS_CACHE_VERSION = 1
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
"""Characters that a case-insensitive regex matches to an ASCII letter although
``str.lower`` does not give that letter (İ ı ſ K): a text holding one skips the
substring pre-check below and runs the regexes."""

Hit = tuple[int, int, str, str]
"""start, end, replacement, reason."""


def sentence_start(text: str, pos: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, pos - 6) : pos])) or not _INK.search(text, 0, pos)


_INK = re.compile(r"\S")


def context(text: str, start: int, end: int, words: int = 4) -> str:
    left = _words_near(text, start, -words)
    right = _words_near(text, end, words)
    return " ".join(["..."] + left + [SLOT] + right + ["..."])


def _words_near(text: str, pos: int, n: int) -> list[str]:
    """The ``abs(n)`` words before ``pos`` (n < 0) or after it, as ``str.split`` gives them,
    read from a window that widens until it holds them (not a copy of the rest of the text
    for every finding, which made a long draft quadratic)."""
    width = 64
    while True:
        lo, hi = (max(pos - width, 0), pos) if n < 0 else (pos, min(pos + width, len(text)))
        parts = text[lo:hi].split()
        whole = lo == 0 if n < 0 else hi == len(text)
        # a word cut by the window's far edge is not whole: one more word than needed
        if whole or len(parts) > abs(n):
            return parts[n:] if n < 0 else parts[:n]
        width *= 4


@dataclass
class ConfusionSet:
    """One YAML file: words that writers swap, each with what it means and its cues."""

    id: str
    source: str
    words: dict[str, str]
    forms: list[tuple[str, ...]]
    cues: dict[str, list[str]]
    confidence: float = 0.9
    bad: tuple[Example, ...] = ()
    good: tuple[Example, ...] = ()
    _patterns: dict[tuple[int, bool], list[re.Pattern]] = field(default_factory=dict, repr=False)
    """(word index, guard?) -> that word's cues compiled (see :meth:`_cue_patterns`)."""
    _any: re.Pattern | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for word in self.words:
            for cue in self.cues.get(word, []):
                if cue.count(SLOT) != 1:
                    raise ValueError(f"{self.source}: cue without one {SLOT}: {cue}")

    def _in_text(self, text: str) -> set[int]:
        """Indices of the words some form of which may be in ``text``: a substring test,
        made before any regex of the set is compiled. Every word counts as present when
        a form is not ASCII or the text holds a character that folds to ASCII only in a
        case-insensitive regex."""
        every = {w for f in self.forms for w in f}
        if not all(w.isascii() for w in every) or not _FOLDS_TO_ASCII.isdisjoint(text):
            return set(range(len(self.words)))
        lower = text.lower()
        return {i for i in range(len(self.words)) if any(f[i] in lower for f in self.forms)}

    def _cue_patterns(self, i: int, guard: bool) -> list[re.Pattern]:
        """The cues of word ``i`` with the other words' forms in the slot (they fire on
        a slip) or, as guards, with word ``i``'s own forms (they clear a slip at the same
        place). Compiling is slow (big case-insensitive alternations), so each word's
        cues wait until a text holds a form that their slot can match."""
        key = (i, guard)
        if key not in self._patterns:
            names = list(self.words)
            if guard:
                slot = {f[i] for f in self.forms}
            else:
                slot = {f[j] for f in self.forms for j in range(len(names)) if j != i}
            ordered = sorted(sorted(slot), key=len, reverse=True)
            self._patterns[key] = [_compile(cue, ordered) for cue in self.cues.get(names[i], [])]
        return self._patterns[key]

    def find(self, text: str) -> Iterator[Hit]:
        present = self._in_text(text)
        if not present:
            return
        if self._any is None:
            every = sorted({w for f in self.forms for w in f}, key=len, reverse=True)
            self._any = _compile(SLOT, every)
        if not self._any.search(text):
            return
        names = list(self.words)
        # word j -> where a cue of j fires on j itself: looked up only when a cue of
        # another word fires on j, so most texts never compile the guards
        guarded: dict[int, set[int]] = {}
        seen: set[int] = set()
        for i in range(len(names)):
            if not present - {i}:
                continue  # the slot holds the other words, and none is here
            for pat in self._cue_patterns(i, guard=False):
                for m in pat.finditer(text):
                    start, end = m.span("slot")
                    written = m.group("slot")
                    if start in seen or _proper(text, start, written):
                        continue
                    k, j = self._locate(written.lower())
                    if j not in guarded:
                        guarded[j] = self._guard_starts(text, j)
                    if start in guarded[j]:
                        continue
                    seen.add(start)
                    fix = self.forms[k][i]
                    why = (
                        f"'{fix}' ({self.words[names[i]]}) fits "
                        f"'{context(text, start, end)}'; "
                        f"'{names[j]}' means {self.words[names[j]]}."
                    )
                    yield start, end, fix, why

    def _guard_starts(self, text: str, j: int) -> set[int]:
        """Where a cue of word ``j`` fires with ``j`` itself in the slot: a slip found
        there is cleared (the written word fits its own cue as well)."""
        return {m.start("slot") for pat in self._cue_patterns(j, True) for m in pat.finditer(text)}

    def _locate(self, word: str) -> tuple[int, int]:
        for k, forms in enumerate(self.forms):
            if word in forms:
                return k, forms.index(word)
        raise KeyError(word)


def _compile(cue: str, slot_words: list[str]) -> re.Pattern:
    slot = "(?P<slot>" + "|".join(re.escape(w) for w in slot_words) + ")"
    body = cue.replace(SLOT, slot)
    return re.compile(
        r"(?<![\w'\u2019-])" + body + r"(?![\w'\u2019-])", re.IGNORECASE | re.MULTILINE
    )


def _proper(text: str, start: int, written: str) -> bool:
    """A capitalised word mid-sentence is a name (Bloc Québécois, Harry Block)."""
    if written.isupper() and len(written) > 1:
        return True
    return written[:1].isupper() and not sentence_start(text, start)


def confusables_dir() -> Path:
    """``rules/confusables`` in a checkout, ``copyedit/_rules/confusables`` in a wheel."""
    return builtin_rules_dir() / "confusables"


def load_file(path: Path) -> ConfusionSet:
    return build_set(read_yaml(path, "confusion set"), path.stem, str(path))


def build_set(data: Any, set_id: str, source: str, validate: bool = True) -> ConfusionSet:
    """A set from its YAML mapping. ``validate=False`` skips compiling each cue to check
    it (slow), for data that passed once and was cached (:func:`load_folder`)."""

    def fail(key: str, problem: str) -> RuleError:
        return RuleError(f"{source}: key '{key}': {problem}")

    if not isinstance(data, dict):
        raise RuleError(f"{source}: a confusion set must be a mapping of keys")
    unknown = set(data) - _KEYS
    if unknown:
        raise fail(sorted(unknown)[0], "unknown key for a confusion set")
    words = data.get("words")
    if not isinstance(words, dict) or len(words) < 2:
        raise fail("words", "expected a mapping of two or more words to their meanings")
    words = {str(k).lower(): str(v) for k, v in words.items()}
    forms = [tuple(words)]
    for n, row in enumerate(data.get("forms") or []):
        if not isinstance(row, list) or len(row) != len(words):
            raise fail(f"forms[{n}]", f"expected a list of {len(words)} words")
        forms.append(tuple(str(w).lower() for w in row))
    cues = data.get("cues")
    if not isinstance(cues, dict) or not any(cues.values()):
        raise fail("cues", "expected a mapping of word to a list of patterns")
    clean: dict[str, list[str]] = {}
    for word, patterns in cues.items():
        if word not in words:
            raise fail(f"cues.{word}", "not one of the set's words")
        patterns = patterns or []
        if not isinstance(patterns, list):
            raise fail(f"cues.{word}", "expected a list of patterns")
        for n, p in enumerate(patterns):
            if not isinstance(p, str) or p.count(SLOT) != 1:
                raise fail(f"cues.{word}[{n}]", f"a pattern must hold {SLOT} exactly once")
            try:
                if validate:
                    _compile(p, ["x"])
            except re.error as exc:
                raise fail(f"cues.{word}[{n}]", f"bad pattern: {exc}") from None
        clean[word] = [str(p) for p in patterns]
    conf = data.get("confidence", 0.9)
    if not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
        raise fail("confidence", "expected a number from 0 to 1")
    bad, good = _examples(data, "bad", fail), _examples(data, "good", fail)
    return ConfusionSet(set_id, source, words, forms, clean, float(conf), bad, good)


def _examples(data: dict, which: str, fail) -> tuple[Example, ...]:
    ex = data.get("examples")
    items = ex.get(which) if isinstance(ex, dict) else None
    if not isinstance(items, list) or not items:
        raise fail(f"examples.{which}", "every confusion set needs good and bad examples")
    out = []
    for n, item in enumerate(items):
        if isinstance(item, str) and which == "good":
            out.append(Example(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str) and "fixed" in item:
            out.append(Example(item["text"], str(item["fixed"])))
        else:
            raise fail(f"examples.{which}[{n}]", "expected text (and 'fixed' for bad ones)")
    return tuple(out)


def load_folder(folder: Path) -> list[ConfusionSet]:
    """The folder's sets. Parsing and checking the YAML is slow next to a check, so the
    parsed mappings are cached (``cache_dir()/realword/``) under the files' names, sizes
    and times: an edited file is parsed and checked again."""
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.glob("*.y*ml") if not p.name.startswith("_"))
    key = (SETS_CACHE_VERSION, tuple(cache.stat_key(p) for p in files))
    where = cache.folder() / f"confusables-v{SETS_CACHE_VERSION}.marshal"
    stored = cache.load_marshal(where, key)
    if isinstance(stored, list) and len(stored) == len(files):
        try:
            return [
                build_set(d, p.stem, str(p), validate=False)
                for p, d in zip(files, stored, strict=True)
            ]
        except (RuleError, ValueError, TypeError, AttributeError):
            pass
    sets, datas = [], []
    for p in files:
        data = read_yaml(p, "confusion set")
        sets.append(build_set(data, p.stem, str(p)))
        datas.append(data)
    cache.save_marshal(where, key, datas)
    return sets


@dataclass
class LTContextSet:
    """One row of LanguageTool's ``wrongWordInContext.txt``: two words, the part of each
    that differs, a context regex for each and (often) a short meaning for each.

    Built from the row's pattern strings (:meth:`from_row`); they are compiled when a
    text first holds a literal part of either word."""

    id: str
    words: tuple[re.Pattern[str], re.Pattern[str]] | None  # None until compiled from _row
    parts: tuple[str, str]
    contexts: tuple[re.Pattern[str], re.Pattern[str]] | None  # None until compiled from _row
    meanings: tuple[str, str]
    confidence: float = 0.8
    present: re.Pattern | None = None
    _row: tuple[str, ...] | None = field(default=None, repr=False)
    _literals: tuple[str, ...] = field(default=(), repr=False)

    @classmethod
    def from_row(cls, cols: list[str]) -> LTContextSet:
        names = [_lower_prefix(c) for c in cols[:2]]
        meanings = (cols[6] if len(cols) > 6 else "", cols[7] if len(cols) > 7 else "")
        literals = tuple(_literal(c) for c in cols[:2])
        return cls(
            f"lt-{names[0]}-{names[1]}",
            None,
            (cols[2], cols[3]),
            None,
            meanings,
            _row=tuple(cols),
            _literals=() if "" in literals else literals,
        )

    def _compile(self, cols: tuple[str, ...]) -> None:
        self.words = (re.compile(cols[0]), re.compile(cols[1]))
        self.contexts = (
            re.compile(r"\b(?:" + cols[4] + r")\b"),
            re.compile(r"\b(?:" + cols[5] + r")\b"),
        )
        self.present = re.compile(rf"\b(?:{cols[0]}|{cols[1]})\b")
        self._row = None

    def find(self, text: str) -> Iterator[Hit]:
        if self._row is not None:
            if self._literals and not any(lit in text for lit in self._literals):
                return
            self._compile(self._row)
        assert self.words is not None and self.contexts is not None  # compiled from _row
        if self.present and not self.present.search(text):
            return
        for s_start, sentence in _sentences(text):
            for m in re.finditer(r"[A-Za-z]+", sentence):
                tok = m.group()
                for i in (0, 1):
                    j = 1 - i
                    if not self.words[i].fullmatch(tok):
                        continue
                    if _proper(text, s_start + m.start(), tok):
                        continue
                    if self.contexts[j].search(sentence) and not self.contexts[i].search(sentence):
                        fix = tok.replace(self.parts[i], self.parts[j], 1)
                        start = s_start + m.start()
                        where = context(text, start, start + len(tok))
                        meaning = f" ({self.meanings[j]})" if self.meanings[j] else ""
                        why = f"'{fix}'{meaning} fits the words around '{where}'."
                        yield start, start + len(tok), fix, why


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for m in re.finditer(r"[.!?]+['\"\u2019\u201d)]*\s+|\n\s*\n", text):
        yield pos, text[pos : m.end()]
        pos = m.end()
    if pos < len(text):
        yield pos, text[pos:]


def _lower_prefix(s: str) -> str:
    """The lower-case ASCII letters ``s`` starts with ("" when none)."""
    m = re.match(r"[a-z]*", s)
    assert m is not None  # [a-z]* matches anywhere, if only the empty string
    return m.group()


def _literal(pattern: str) -> str:
    """Letters every match of a word pattern such as ``desserts?`` holds (``dessert``),
    or "" when the pattern is not that simple."""
    if "|" in pattern:
        return ""
    lit = _lower_prefix(pattern)
    if pattern[len(lit) : len(lit) + 1] in {"?", "*", "{"}:
        lit = lit[:-1]
    return lit


def _valid(cols: list[str]) -> bool:
    try:
        for c in cols[:2]:
            re.compile(c)
        for c in cols[4:6]:
            re.compile(r"\b(?:" + c + r")\b")
    except re.error:
        return False
    return True


def lt_sets() -> list[LTContextSet]:
    """LanguageTool's rows whose patterns compile; which those are is cached under the
    jar's name, size and time, so a process compiles only the rows its text needs."""
    jar = find_jar()
    key = (SETS_CACHE_VERSION, cache.stat_key(jar) if jar else None)
    where = cache.folder() / f"lt-context-v{SETS_CACHE_VERSION}.marshal"
    rows = cache.load_marshal(where, key) if jar else None
    if not isinstance(rows, list):
        rows = [cols for cols in wrong_word_rows() if _valid(cols)]
        if jar:
            cache.save_marshal(where, key, rows)
    return [LTContextSet.from_row(cols) for cols in rows]


def load_sets(folder: Path | None = None) -> tuple[list, list[str]]:
    """The curated sets and LanguageTool's, with a note when LanguageTool is absent."""
    sets: list = load_folder(folder or confusables_dir())
    notes = []
    if find_jar() is None:
        notes.append(
            "realword: LanguageTool's language-en jar not found; its wrong-word-in-context "
            "pairs and confusion sets are skipped"
        )
    else:
        covered = {s.id for s in sets}
        sets.extend(s for s in lt_sets() if s.id.removeprefix("lt-") not in covered)
    return sets, notes
