"""Names: which capitalised words are part of a proper name, and which the draft uses
consistently, so that no engine "corrects" a name into a dictionary word."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from typing import Protocol

from .abbreviations import find_definitions
from .lists import TITLE_ABBREVIATIONS

_CAPITALISED = r"(?:[A-Z]\.)+|[A-Z][\w'’-]*"
"""A capitalised word or initials ('A.', 'U.S.'); a word with a full stop after it
ends a sentence, so it is no part of a name run."""
_BEFORE = re.compile(rf"(?:^|(?<=\s))(?:{_CAPITALISED}) $")
_AFTER = re.compile(rf" (?:{_CAPITALISED})(?![\w.])|^ (?:[A-Z]\.)+")
_SENTENCE_START = re.compile(r"(?:^|(?<!\b[A-Z])[.!?][\"'”’)]*\s+|\n\s*)[\"'“‘(]*$")
"""Before a sentence's first word: a full stop (not an initial's), or a new line."""
_HONORIFIC = re.compile(r"(?:^|(?<=\s))(?:" + "|".join(sorted(TITLE_ABBREVIATIONS)) + r")\. $")
"""An abbreviated title before a name ('Mrs. Lavaughn Huntley'): its full stop ends no
sentence."""
_WORD = re.compile(r"\w[\w'’-]*")
"""A word as LanguageTool's speller flags one (with a trailing hyphen or apostrophe)."""


def in_name_run(text: str, start: int, end: int) -> bool:
    """The word at ``[start, end)`` stands, mid-sentence, beside another capitalised
    word or initial with one space between ('Mayor Terry Schrunk', 'John A. Laughlin'):
    part of a multi-word proper name. A sentence's first word is never judged so."""
    left = text[max(0, start - 40) : start]
    if _HONORIFIC.search(left):
        return True
    if _SENTENCE_START.search(text[max(0, start - 6) : start]):
        return False
    right = text[end : end + 40]
    return bool(_BEFORE.search(left) or _AFTER.match(right))


@lru_cache(maxsize=4)
def _words_in(text: str) -> frozenset[str]:
    """The draft's words, read once per draft rather than once per unknown word."""
    return frozenset(m.group() for m in _WORD.finditer(text))


def has_near_variant(text: str, word: str, replacements: Sequence[str]) -> bool:
    """The draft spells something almost like ``word``: a suggestion it uses as a word,
    or another capitalised word differing by a letter or two ('Magnitogorsk' beside
    'Magnitigorsk'). A name spelt two ways is a slip, not an unknown name."""
    words = _words_in(text)
    if any(r in words for r in replacements):
        return True
    return any(
        w != word
        and w[:1] == word[:1]
        and abs(len(w) - len(word)) <= 2
        and SequenceMatcher(None, w, word).ratio() >= 0.8
        for w in words
        if len(w) >= 4
    )


def near_suggestion(word: str, replacements: Sequence[str]) -> bool:
    """The first guess is one word with at most one letter changed per eight of
    ``word`` ('Resturant', 'Volodoymyr', 'Dimaggio'): a long word that close to a known
    one is likelier a slip than a name. (Guesses for names are mostly further off, or
    split them: 'Shrunk' for 'Schrunk', 'Glen eagles' for 'Gleneagles'.)"""
    if not replacements or " " in replacements[0]:
        return False
    ops = SequenceMatcher(None, word.lower(), replacements[0].lower()).get_opcodes()
    changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
    return changed * 8 <= len(word)


def unknown_name(text: str, start: int, end: int, replacements: Sequence[str]) -> bool:
    """A capitalised word a speller does not know that reads as part of a name.

    On 180,000 words of clean dev news (benchmarks/pipeline_noise.py) LanguageTool's
    capitalised spelling findings were 6.4 per 1,000 words; nearly all were names used
    once, and their guesses ('Shrunk' for 'Schrunk', 'Tennis' for 'Stennis') help
    nobody. A word alone, at a sentence's start, with a near variant in the draft or a
    close guess is still shown.
    """
    word = text[start:end]
    return (
        _WORD.fullmatch(word) is not None
        and word[:1].isupper()
        and not word.isupper()
        and in_name_run(text, start, end)
        and not near_suggestion(word, replacements)
        and not has_near_variant(text, word, replacements)
    )


class _Word(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def initial(self) -> bool: ...
    @property
    def heading(self) -> bool: ...


def consistent_names(words: Iterable[_Word]) -> frozenset[str]:
    """Capitalised words used two or more times mid-sentence (not in a heading): the
    draft's own names for people, places and organisations."""
    counts = Counter(
        t.text
        for t in words
        if not t.initial and not t.heading and t.text[:1].isupper() and not t.text.isupper()
    )
    return frozenset(w for w, n in counts.items() if n >= 2)


class Names:
    """The names a draft uses consistently: a capitalised word it writes the same way
    twice or more (anywhere, a sentence's first word included) is its name for someone
    or something, and an abbreviation it defines ("Jammu and Kashmir (IIOJK)") is its
    short name. No engine may "correct" either into a dictionary word."""

    def __init__(self, text: str, words: Callable[[], Sequence[_Word]]) -> None:
        """``words``: the draft's words, read only when ``consistent`` is asked for."""
        self.text = text
        self._words = words
        self._counts: dict[str, int] = {}

    @cached_property
    def consistent(self) -> frozenset[str]:
        """Capitalised words used twice or more mid-sentence (``consistent_names``)."""
        return consistent_names(self._words())

    @cached_property
    def _defined(self) -> frozenset[str]:
        return frozenset(d.abbr for d in find_definitions(self.text) if d.expansion)

    def known(self, word: str) -> bool:
        """``word`` is written twice or more, or an abbreviation the draft defines."""
        return self.written_twice(word) or self.defined(word)

    def defined(self, word: str) -> bool:
        word = word.strip()
        return len(word) >= 2 and word.isupper() and word in self._defined

    def written_twice(self, word: str) -> bool:
        """A capitalised word (or words) the draft writes the same way twice or more."""
        word = word.strip()
        if not word[:1].isupper():
            return False
        if word not in self._counts:
            pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
            self._counts[word] = sum(1 for _ in pattern.finditer(self.text))
        return self._counts[word] >= 2

    def unknown_name(self, start: int, end: int, replacements: Sequence[str]) -> bool:
        """See ``unknown_name``: a capitalised word a speller flags that reads as part
        of a name."""
        return unknown_name(self.text, start, end, replacements)
