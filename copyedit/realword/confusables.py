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

import yaml

from ..checks import Example
from ..checks.loader import builtin_rules_dir, safe_load
from ..errors import RuleError
from .ltdata import find_jar, wrong_word_rows

SLOT = "___"
_KEYS = {"words", "forms", "cues", "confidence", "description", "examples"}
_SENTENCE_END = re.compile(r"(?:^|[.!?:]['\"\u2019\u201d)]*\s+|\n\s*\n\s*)$")

Hit = tuple[int, int, str, str]
"""start, end, replacement, reason."""


def sentence_start(text: str, pos: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, pos - 6) : pos])) or not text[:pos].strip()


def context(text: str, start: int, end: int, words: int = 4) -> str:
    left = text[:start].split()[-words:]
    right = text[end:].split()[:words]
    return " ".join(["..."] + left + [SLOT] + right + ["..."])


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
    _compiled: list[tuple[int, re.Pattern]] = field(default_factory=list, repr=False)
    _guards: list[tuple[int, re.Pattern]] = field(default_factory=list, repr=False)
    _any: re.Pattern | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        names = list(self.words)
        every = sorted({w for f in self.forms for w in f}, key=len, reverse=True)
        self._any = _compile(SLOT, every)
        for word in names:
            for cue in self.cues.get(word, []):
                if cue.count(SLOT) != 1:
                    raise ValueError(f"{self.source}: cue without one {SLOT}: {cue}")

    def _compile_cues(self) -> None:
        """Compiling a set's cues is slow (big case-insensitive alternations), so it waits
        until a text first holds one of the set's words."""
        names = list(self.words)
        for i, word in enumerate(names):
            own = sorted({f[i] for f in self.forms}, key=len, reverse=True)
            others = sorted({f[j] for f in self.forms for j in range(len(names)) if j != i})
            others.sort(key=len, reverse=True)
            for cue in self.cues.get(word, []):
                self._compiled.append((i, _compile(cue, others)))
                self._guards.append((i, _compile(cue, own)))

    def find(self, text: str) -> Iterator[Hit]:
        if not self._any.search(text):
            return
        if not self._compiled:
            self._compile_cues()
        names = list(self.words)
        guarded: dict[int, set[int]] = {}
        for i, pat in self._guards:
            for m in pat.finditer(text):
                guarded.setdefault(m.start("slot"), set()).add(i)
        seen: set[int] = set()
        for i, pat in self._compiled:
            for m in pat.finditer(text):
                start, end = m.span("slot")
                written = m.group("slot")
                if start in seen or _proper(text, start, written):
                    continue
                k, j = self._locate(written.lower())
                if j in guarded.get(start, set()):
                    continue
                seen.add(start)
                fix = self.forms[k][i]
                why = (
                    f"'{fix}' ({self.words[names[i]]}) fits '{context(text, start, end)}'; "
                    f"'{names[j]}' means {self.words[names[j]]}."
                )
                yield start, end, fix, why

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
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read confusion set ({exc})") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where else ""
        raise RuleError(f"{path}: not valid YAML{at}") from None
    return build_set(data, path.stem, str(path))


def build_set(data: Any, set_id: str, source: str) -> ConfusionSet:
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
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.glob("*.y*ml") if not p.name.startswith("_"))
    return [load_file(p) for p in files]


@dataclass
class LTContextSet:
    """One row of LanguageTool's ``wrongWordInContext.txt``: two words, the part of each
    that differs, a context regex for each and (often) a short meaning for each."""

    id: str
    words: tuple[re.Pattern, re.Pattern]
    parts: tuple[str, str]
    contexts: tuple[re.Pattern, re.Pattern]
    meanings: tuple[str, str]
    confidence: float = 0.8
    present: re.Pattern | None = None

    def find(self, text: str) -> Iterator[Hit]:
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


def lt_sets() -> list[LTContextSet]:
    out = []
    for cols in wrong_word_rows():
        try:
            w1, w2 = (re.compile(c) for c in cols[:2])
            c1, c2 = (re.compile(r"\b(?:" + c + r")\b") for c in cols[4:6])
        except re.error:
            continue
        names = [re.match(r"[a-z]*", c).group() for c in cols[:2]]
        meanings = (cols[6] if len(cols) > 6 else "", cols[7] if len(cols) > 7 else "")
        present = re.compile(rf"\b(?:{cols[0]}|{cols[1]})\b")
        out.append(
            LTContextSet(
                f"lt-{names[0]}-{names[1]}",
                (w1, w2),
                (cols[2], cols[3]),
                (c1, c2),
                meanings,
                present=present,
            )
        )
    return out


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
