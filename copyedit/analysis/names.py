"""Names: which capitalised words are part of a proper name, and which the draft uses
consistently, so that no engine "corrects" a name into a dictionary word."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import Protocol

from .abbreviations import find_definitions
from .lists import TITLE_ABBREVIATIONS
from .runs import WORD, matches_at_runs

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
            head = WORD.match(word)  # a match begins with that whole run of the draft
            found = (
                matches_at_runs(self.text, pattern, head.group())
                if head
                else pattern.finditer(self.text)
            )
            self._counts[word] = sum(1 for _ in found)
        return self._counts[word] >= 2
