"""The draft's words as the consistency checks read them: the analysis layer's runs of
letters (``Document.analysis.words``), each with its sentence, heading and quotation
flags, and the lines that read as headings."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..analysis import Token
from ..document import Document

__all__ = ["Scan", "Token", "adjacent", "line_bounds", "scan"]


@dataclass(frozen=True, eq=False)
class Scan:
    """One reading of a draft. Compared and hashed by identity: the memoised helpers
    keyed on a scan must not re-hash its whole token tuple at every call (quadratic)."""

    doc: Document
    tokens: tuple[Token, ...]
    heading_lines: frozenset[int] = frozenset()
    """Line numbers of whole lines that read as headings (or program code)."""

    def line(self, offset: int) -> int:
        return self.doc.line_col(offset)[0]

    def heading_between(self, first: int, last: int) -> bool:
        """A heading line numbered strictly between lines ``first`` and ``last``."""
        order = self._heading_order
        k = bisect_right(order, first)
        return k < len(order) and order[k] < last

    @cached_property
    def _heading_order(self) -> list[int]:
        return sorted(self.heading_lines)


@lru_cache(maxsize=8)
def scan(doc: Document) -> Scan:
    analysis = doc.analysis
    return Scan(doc, analysis.words, analysis.heading_lines)


def adjacent(scan: Scan, a: Token, b: Token) -> bool:
    """Two tokens separated by a single space within one sentence."""
    return a.sentence == b.sentence and b.start == a.end + 1 and scan.doc.masked[a.end] == " "


def line_bounds(text: str, i: int) -> tuple[int, int]:
    """Where the line holding offset ``i`` starts and ends, lines ending at each "\\n":
    ``text.rfind("\\n", 0, i) + 1`` and ``text.find("\\n", i)`` (``len(text)`` when no
    line break follows), found in the draft's line breaks rather than by reading the line
    back to its start at each call (quadratic in a long line)."""
    breaks = _line_breaks(text)
    k = bisect_left(breaks, i)
    return (breaks[k - 1] + 1 if k else 0), (breaks[k] if k < len(breaks) else len(text))


@lru_cache(maxsize=8)
def _line_breaks(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]
