"""``extends: title``: a formal title's case, which depends on what stands beside it.

AP capitalises a formal title directly before a name ('President Joe Biden') and lowers
it alone or set off from the name ('Joe Biden, the president,'). Whether a capitalised
word after the title is a name, whether the title opens a sentence or stands in a
headline, is the draft's analysis' to say (its words' flags and the names it writes
twice), so the kind reads the document, not only its text. A rule lists its
``titles`` (lower case) and names what it checks (``case``):

- ``before-name``: a title in lower case before a name ('president Joe Biden', 'president
  Obama' when the draft writes 'Obama' twice); the fix capitalises it. Flagged only after
  a word that leaves the title naming the person (``_NAMING_BEFORE``: 'said president Joe
  Biden', 'former president Obama'), not after a noun ('council president Bill Bray', an
  occupation), an article or a possessive ('the company's president John Smith'), a
  capitalised word ('German chancellor Angela Merkel', where the title's whole form is
  the desk's call) or a word of a longer title ('deputy prime minister');
- ``alone``: a capitalised title after 'the', 'a', 'an', 'former' or 'as' with no name
  after it ('the President said'); the fix lowers it. Left alone before a capitalised
  word or a hyphen ('the President's Cup', 'the Governor-General') and in a headline.

Precision first: a title that opens a sentence or stands in a headline is never
flagged, since its capital says nothing there.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import regex

from ..analysis.lists import title_words
from . import Fail, Rule, RuleMeta

if TYPE_CHECKING:
    from ..analysis import Token
    from ..document import Document

CASES = ("before-name", "alone")

_NAMING_BEFORE = frozenset(
    "former then current late acting interim outgoing incoming exiting sitting by with to "
    "and or but nor of for from under after before against between including on at that "
    "while when as than like said says told met visited is was".split()
)
"""The words after which a lower-case title before a name is the person's title: a
preposition, a conjunction, a verb of saying or meeting, a word of time ('former',
'acting'). After a noun ('council president Bill Bray', 'trade ambassador Susan Schwab',
'head judge') the title is an occupation, which AP lowers; after an article or a
possessive it describes ('the company's president John Smith')."""
_FORMER = frozenset({"Former", "Then", "Acting", "Late", "Interim", "Current", "Outgoing"})
"""Capitalised only as a sentence's first word: the title after them still names."""
_NOT_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December The A An I He She It They "
    "We This That His Her Their On In At Of And But".split()
)
_ALONE_BEFORE = regex.compile(r"\b(?:[Tt]he|[Aa]n?|[Ff]ormer|as) $")
_WORD_BEFORE = regex.compile(r"([\w'’.,;:-]+)[ \t]+$")
_JOINED_BEFORE = regex.compile(r"([\w'’]+)[-‐]$")
_SPACE = regex.compile(r"[ \t]+")
_SET_APART = regex.compile(r"['’]s? +[A-Z]|[-–‐]|[ \t]+(?:[A-Z]|&)")
"""After a capitalised title: a name or a longer name ('the President's Cup', 'the
Governor-General', 'the President Hotel')."""


def _capitalised(title: str) -> str:
    return regex.sub(r"(?<![\w'’])(?!of\b|and\b)[a-z]", lambda m: m.group().upper(), title)


class Title(Rule):
    kind = "title"
    keys = frozenset({"titles", "case"})

    @classmethod
    def from_data(cls, meta: RuleMeta, data: dict[str, Any], ignorecase: bool, fail: Fail) -> Title:
        case = data["case"]
        if case not in CASES:
            raise fail("case", f"must be one of {', '.join(CASES)}, not {case!r}")
        titles = data["titles"]
        if (
            not isinstance(titles, list)
            or not titles
            or not all(
                isinstance(t, str) and regex.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", t) for t in titles
            )
        ):
            raise fail("titles", "expected a list of titles in lower case ('prime minister')")
        return cls(meta, case, tuple(titles))

    def __init__(self, meta: RuleMeta, case: str, titles: tuple[str, ...]) -> None:
        self.meta = meta
        self.case = case
        self.titles = titles
        forms = titles if case == "before-name" else tuple(_capitalised(t) for t in titles)
        alternation = "|".join(regex.escape(t) for t in sorted(forms, key=len, reverse=True))
        self._pattern = regex.compile(rf"(?<![\w'’])(?:{alternation})(?![\w'’-]*[\w])")
        self._title_words = title_words()

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        from ..document import Document

        return self.matches_in(Document.from_text(text))

    def matches_in(self, doc: Document) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        text = doc.masked
        analysis = doc.analysis
        tokens = analysis.tokens
        starts = [t.start for t in tokens]

        def token_at(offset: int) -> Token | None:
            """The token holding ``offset`` ('then-president' holds 'president')."""
            i = bisect_right(starts, offset) - 1
            return tokens[i] if i >= 0 and tokens[i].end > offset else None

        for m in self._pattern.finditer(text):
            start, end = m.start(), m.end()
            first = token_at(start)
            if first is None or first.heading or first.initial:
                continue
            before = text[max(0, start - 40) : start]
            if self.case == "alone":
                if _ALONE_BEFORE.search(before) and not _SET_APART.match(text, end):
                    yield start, end, (m.group().lower(),)
                continue
            if not self._before_name(before):
                continue
            name = self._word_after(text, end, token_at)
            if name is None or name.text in self._title_words:
                continue  # 'senator Majority Leader ...': a longer title follows
            second = self._word_after(text, name.end, token_at)
            full = second is not None or name.name_run
            if full or analysis.names.written_twice(name.text):
                yield start, end, (_capitalised(m.group()),)

    @staticmethod
    def _word_after(text: str, end: int, token_at: Callable[[int], Token | None]) -> Token | None:
        """The capitalised word (or initial) one space after ``end`` that may be part of
        a name, or None."""
        after = _SPACE.match(text, end)
        if after is None:
            return None
        word = token_at(after.end())
        if word is None or word.start != after.end() or not word.text[:1].isupper():
            return None
        return None if word.text in _NOT_NAMES else word

    @staticmethod
    def _before_name(before: str) -> bool:
        """The word before a lower-case title leaves it naming the person."""
        joined = _JOINED_BEFORE.search(before)
        if joined:
            return joined.group(1) == "then"  # 'then-president Barack Obama'
        m = _WORD_BEFORE.search(before)
        if m is None:
            return True
        if m.group(1)[-1:] in ",;:":
            return True  # a clause's first word: 'critical; mayor John Tory'
        word = regex.split(r"[-‐]", m.group(1))[-1]  # 'now-former'
        if word[:1].isupper():
            return word in _FORMER
        return word in _NAMING_BEFORE
