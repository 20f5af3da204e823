"""One reading of a draft, shared by every engine: its paragraphs, sentences and words
(with their flags), the speech in it, the abbreviations it defines, its US/UK variety
and the names it uses consistently. Computed once per document (``Document.analysis``)
and read-only: no engine tokenises, splits sentences or reads names on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..model import Region, RegionIndex
from .abbreviations import Definition, find_definitions
from .names import Names
from .sentences import sentences
from .speech import Interview, insertions, interview, speech_regions
from .tokens import Token, heading_lines, read_tokens
from .variety import draft_variety

if TYPE_CHECKING:
    from ..document import Document

__all__ = ["Analysis", "Definition", "Interview", "Names", "Token", "analyse"]


@dataclass(frozen=True, eq=False)
class Analysis:
    """One document's reading. Each part is read when first asked for, then kept;
    compared and hashed by identity, so memoised helpers keyed on an analysis never
    re-hash its tokens."""

    doc: Document

    @property
    def text(self) -> str:
        """The masked text everything here was read from (the document's offsets)."""
        return self.doc.masked

    @property
    def paragraphs(self) -> tuple[Region, ...]:
        return self.doc.paragraphs

    @property
    def quotes(self) -> tuple[Region, ...]:
        return self.doc.quotes

    @cached_property
    def sentences(self) -> tuple[Region, ...]:
        return tuple(sentences(self.text))

    @cached_property
    def speech(self) -> tuple[Region, ...]:
        """Quotations and other speech, interview copy included (see ``speech.py``),
        sorted by start."""
        return speech_regions(self.text, self.quotes, self.sentences, self.paragraphs)

    @cached_property
    def interview(self) -> Interview:
        """The questions and answers of interview copy, if the draft holds any."""
        return interview(self.text, self.paragraphs)

    @cached_property
    def insertions(self) -> tuple[Region, ...]:
        """Editorial insertions in brackets inside speech ("involve[d]", "[I]f", "[...]"),
        each with the letters it joins."""
        return insertions(self.text, self.speech)

    @cached_property
    def _speech_index(self) -> RegionIndex:
        return RegionIndex(self.speech)

    @cached_property
    def _insertion_index(self) -> RegionIndex:
        return RegionIndex(self.insertions)

    def in_speech(self, start: int, end: int) -> bool:
        """``start:end`` touches speech (a quotation, an answer, ...)."""
        return self._speech_index.touches(start, end)

    def speech_share(self, start: int, end: int) -> float:
        """The fraction of ``start:end`` that is speech."""
        return self._speech_index.share(start, end)

    def in_insertion(self, start: int, end: int) -> bool:
        """``start:end`` lies within an editorial insertion (with the word it joins)."""
        return self._insertion_index.contains(start, end)

    @cached_property
    def _heading_spans(self) -> list[tuple[int, int]]:
        return heading_lines(self.text)

    @cached_property
    def heading_lines(self) -> frozenset[int]:
        """Line numbers (1-based) of whole lines that read as headings (or program code)."""
        return frozenset(self.doc.line_col(a)[0] for a, _ in self._heading_spans)

    @cached_property
    def _read(self) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
        return read_tokens(
            self.text,
            self.sentences,
            self.quotes,
            self.speech,
            self._heading_spans,
            self.insertions,
        )

    @property
    def tokens(self) -> tuple[Token, ...]:
        """Every word (``sentences.WORD``: letters and digits, inner hyphens and
        apostrophes), with its flags."""
        return self._read[0]

    @property
    def words(self) -> tuple[Token, ...]:
        """The runs of letters in the tokens (``tokens.LETTERS``), without a numeral's
        suffix ('th' in '509th'): what case, spelling and variety checks read."""
        return self._read[1]

    @cached_property
    def definitions(self) -> tuple[Definition, ...]:
        """The abbreviations the draft defines, by position."""
        return find_definitions(self.text)

    @cached_property
    def variety(self) -> str | None:
        """'en-US' or 'en-GB' when the draft's own spelling shows one clearly, else None."""
        return draft_variety(self.words)

    @cached_property
    def names(self) -> Names:
        return Names(self.text, lambda: self.words)


def analyse(doc: Document) -> Analysis:
    return Analysis(doc)
