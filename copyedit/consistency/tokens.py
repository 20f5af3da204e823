"""The draft's words as the consistency checks read them: the analysis layer's runs of
letters (``Document.analysis.words``), each with its sentence, heading and quotation
flags, and the lines that read as headings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..analysis import Token
from ..document import Document

__all__ = ["Scan", "Token", "adjacent", "scan"]


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


@lru_cache(maxsize=8)
def scan(doc: Document) -> Scan:
    analysis = doc.analysis
    return Scan(doc, analysis.words, analysis.heading_lines)


def adjacent(scan: Scan, a: Token, b: Token) -> bool:
    """Two tokens separated by a single space within one sentence."""
    return a.sentence == b.sentence and b.start == a.end + 1 and scan.doc.masked[a.end] == " "
