"""The finding model shared by every engine, the pipeline and the writers.

Offsets everywhere are code-point indices into the document's text exactly as read
(CRLF, BOM, no-break spaces kept), half-open ``[start, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Category(StrEnum):
    GRAMMAR = "grammar"
    SPELLING = "spelling"
    REAL_WORD = "real-word"
    PUNCTUATION = "punctuation"
    TYPOGRAPHY = "typography"
    CONSISTENCY = "consistency"
    STYLE = "style"
    READABILITY = "readability"


class Severity(StrEnum):
    SUGGESTION = "suggestion"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.SUGGESTION: 1, Severity.WARNING: 2, Severity.ERROR: 3}


class Applicability(StrEnum):
    """How far a fix may be trusted: ruff's three levels."""

    DISPLAY_ONLY = "display-only"
    UNSAFE = "unsafe"
    SAFE = "safe"

    @property
    def rank(self) -> int:
        return _APPLICABILITY_RANK[self]


_APPLICABILITY_RANK = {
    Applicability.DISPLAY_ONLY: 0,
    Applicability.UNSAFE: 1,
    Applicability.SAFE: 2,
}


@dataclass(frozen=True)
class Region:
    """A half-open span of the text."""

    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) shares a code point with this region.

        A zero-width span (an insertion) overlaps when it falls strictly inside; an empty
        region holds no code point and overlaps nothing.
        """
        if self.start == self.end:
            return False
        if start == end:
            return self.start < start < self.end
        return start < self.end and self.start < end

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def edits_collide(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two edits are kept apart (the pipeline's overlap resolution, review): they
    share a code point, or an insertion falls at the other's start or strictly inside it
    (two insertions at one point included). Every pair ``fixes.apply_edits`` would not
    apply together collides; an insertion at the start of a replacement collides too,
    though both could apply, since which goes first would be a guess."""
    if a_start == a_end or b_start == b_end:
        return a_start == b_start or b_start < a_start < b_end or a_start < b_start < a_end
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (which must equal ``original``) by ``replacement``."""

    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True)
class Finding:
    rule: str
    engine: str
    category: Category
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    replacements: tuple[str, ...] = ()
    confidence: float = 1.0
    applicability: Applicability = Applicability.DISPLAY_ONLY
    in_quote: bool = False
    line: int = 0
    column: int = 0
    agreed: tuple[str, ...] = field(default=())
    """Other engines that reported the same finding (set by the pipeline)."""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end} for rule {self.rule}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside 0-1 for {self.rule}")

    @property
    def fixable(self) -> bool:
        return bool(self.replacements) and self.applicability is not Applicability.DISPLAY_ONLY

    def to_json(self) -> dict:
        """Every field, exactly (the JSON report rounds confidence on top of this)."""
        return {
            "rule": self.rule,
            "engine": self.engine,
            "category": self.category.value,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "message": self.message,
            "replacements": list(self.replacements),
            "confidence": self.confidence,
            "applicability": self.applicability.value,
            "in_quote": self.in_quote,
            "agreed": list(self.agreed),
        }

    @classmethod
    def from_json(cls, d: dict) -> Finding:
        return cls(
            **{
                **d,
                "category": Category(d["category"]),
                "severity": Severity(d["severity"]),
                "replacements": tuple(d["replacements"]),
                "applicability": Applicability(d["applicability"]),
                "agreed": tuple(d["agreed"]),
            }
        )

    def edit(self) -> Edit | None:
        """The edit this finding proposes (its first replacement), if any."""
        if not self.replacements:
            return None
        return Edit(self.start, self.end, self.text, self.replacements[0])
