"""``extends: balance``: opening and closing marks that must pair within a paragraph.

An opener left open at the end of a paragraph is not flagged when the next paragraph
opens with the same mark: that is how news copy runs a quotation over paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from ..quotes import inch_mark
from . import Fail, Rule, RuleMeta

_PARAGRAPH = re.compile(r"(?:[^\r\n]|\r?\n(?![ \t\u00a0]*\r?\n)|\r(?![ \t\u00a0]*\r))+")


class Balance(Rule):
    kind = "balance"
    keys = frozenset({"pairs"})

    @classmethod
    def from_data(
        cls, meta: RuleMeta, data: dict[str, Any], ignorecase: bool, fail: Fail
    ) -> Balance:
        pairs = data["pairs"]
        if not isinstance(pairs, list) or not all(
            isinstance(p, str) and len(p) == 2 for p in pairs
        ):
            raise fail("pairs", "expected a list of two-character strings such as '()'")
        return cls(meta, [(p[0], p[1]) for p in pairs])

    def __init__(self, meta: RuleMeta, pairs: list[tuple[str, str]]) -> None:
        self.meta = meta
        self.pairs = pairs

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        paragraphs = list(_PARAGRAPH.finditer(text))
        found: list[int] = []
        for n, para in enumerate(paragraphs):
            following = paragraphs[n + 1].group().lstrip() if n + 1 < len(paragraphs) else ""
            for opener, closer in self.pairs:
                found.extend(_unpaired(text, para.start(), para.end(), opener, closer, following))
        for pos in sorted(set(found)):
            yield pos, pos + 1, ()


def _unpaired(
    text: str, start: int, end: int, opener: str, closer: str, following: str
) -> list[int]:
    bad: list[int] = []
    space = _SPACE.match(text, start, end)
    assert space is not None  # \s* matches anywhere, if only the empty string
    lead = space.end()  # where the paragraph's text begins
    if opener == closer:  # straight quotes: pair in turn
        marks: list[int] = []
        for i in _positions(text, start, end, opener):
            # after a digit: an inch mark, unless it can close
            if not inch_mark(text, i, len(marks) % 2 == 1):
                marks.append(i)
        if len(marks) % 2 and not following.startswith(opener):
            bad.append(marks[-1])
        return bad
    stack: list[int] = []
    markers = _inline_markers(text, start, end) if closer == ")" else frozenset()
    for i in _positions(text, start, end, opener + closer):
        if text[i] == opener:
            if stack and opener in "“‘":  # quotes do not nest with the same mark
                bad.append(stack.pop())
            stack.append(i)
        else:
            if stack:
                stack.pop()
            elif not (
                closer == "’" or closer == ")" and (i in markers or _list_marker(text, lead, i))
            ):
                bad.append(i)
    if stack and not (len(stack) == 1 and following.startswith(opener)):
        bad.extend(stack)
    return bad


def _positions(text: str, start: int, end: int, marks: str) -> Iterator[int]:
    """Where any of ``marks`` stands in ``text[start:end]``, in order: the paragraph's
    other characters are never visited one by one."""
    return (m.start() for m in _any_of(marks).finditer(text, start, end))


@cache
def _any_of(marks: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(marks)}]")


_SPACE = re.compile(r"\s*")
# "priorities — 1) estimating ... and 2) determining": a number (1-2 digits), a letter or
# a roman numeral closed by a bracket, after a space, dash, colon or comma.
_INLINE_MARKER = re.compile(r"(?:(?<=[\s—–:;,])|^)(?:\d{1,2}|[A-Za-z]|[ivx]{2,4})\)", re.MULTILINE)


def _inline_markers(text: str, start: int, end: int) -> frozenset[int]:
    """The closing brackets of a run-in enumeration in the paragraph: two or more items
    ("1) ... 2)", "a) ... b)"); one alone may be a bracket whose opener is missing."""
    found = [m.end() - 1 for m in _INLINE_MARKER.finditer(text, start, end)]
    return frozenset(found) if len(found) >= 2 else frozenset()


_MARKER = re.compile(r"\w{1,3}")


def _list_marker(text: str, lead: int, i: int) -> bool:
    """'1)' or 'a)' opening a paragraph (its text from ``lead``) is a list marker, not an
    unmatched bracket. Only the few characters after ``lead`` are read: a paragraph of
    closing brackets costs no more than its length."""
    return i - lead <= 3 and _MARKER.fullmatch(text, lead, i) is not None
