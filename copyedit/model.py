"""The finding model shared by every engine, the pipeline and the writers.

Offsets everywhere are code-point indices into the document's text exactly as read
(CRLF, BOM, no-break spaces kept), half-open ``[start, end)``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import accumulate


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


class RegionIndex:
    """Regions (in any order, overlapping or nested) read for queries about a span in
    O(log n): the same answers as asking every region (``Region.overlaps`` and
    ``Region.contains``), for a document's many findings without a pass over all its
    quotations for each. Spans are ``0 <= start <= end``."""

    __slots__ = ("_starts", "_reach", "_all_starts", "_all_reach", "_from", "_to")

    def __init__(self, regions: Iterable[Region]) -> None:
        every = sorted((r.start, r.end) for r in regions)
        solid = [(a, b) for a, b in every if a < b]  # an empty region overlaps nothing
        self._starts = [a for a, _ in solid]
        self._reach = list(accumulate((b for _, b in solid), max))
        """The furthest end of the regions up to each (sorted by start)."""
        self._all_starts = [a for a, _ in every]
        self._all_reach = list(accumulate((b for _, b in every), max))
        # The union of the non-empty regions, as disjoint runs sorted by start.
        self._from: list[int] = []
        self._to: list[int] = []
        for a, b in solid:
            if self._to and a <= self._to[-1]:
                self._to[-1] = max(self._to[-1], b)
            else:
                self._from.append(a)
                self._to.append(b)

    def overlaps(self, start: int, end: int) -> bool:
        """One of the regions overlaps ``[start, end)`` (``Region.overlaps``)."""
        if start == end:  # an insertion: strictly inside a region
            k = bisect.bisect_left(self._starts, start)
            return k > 0 and self._reach[k - 1] > start
        k = bisect.bisect_left(self._starts, end)
        return k > 0 and self._reach[k - 1] > start

    def contains(self, start: int, end: int) -> bool:
        """One of the regions contains ``[start, end)`` (``Region.contains``)."""
        k = bisect.bisect_right(self._all_starts, start)
        return k > 0 and self._all_reach[k - 1] >= end

    def touches(self, start: int, end: int) -> bool:
        """``[start, end)`` shares a code point with a region, or (an insertion) lies
        within one, at its edges included."""
        return self.overlaps(start, end) or self.contains(start, end)

    def covered(self, start: int, end: int) -> int:
        """How many code points of ``[start, end)`` lie in a region (each counted once)."""
        k = bisect.bisect_right(self._to, start)
        total = 0
        while k < len(self._from) and self._from[k] < end:
            total += min(self._to[k], end) - max(self._from[k], start)
            k += 1
        return total

    def share(self, start: int, end: int) -> float:
        """The fraction of ``[start, end)`` in the regions (1.0 for an empty span inside
        one)."""
        if start >= end:
            return 1.0 if self.covered(start, start + 1) else 0.0
        return self.covered(start, end) / (end - start)


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
    """Replace ``text[start:end]`` (which must equal ``original``) by ``replacement``: an
    insertion when the span is empty, a deletion when the replacement is."""

    start: int
    end: int
    original: str
    replacement: str

    def collides(self, other: Edit) -> bool:
        return edits_collide(self.start, self.end, other.start, other.end)


@dataclass(frozen=True)
class Fix:
    """One change a finding proposes (ruff's ``Fix``): one or more edits applied together
    or not at all, and how far it may be trusted. A comma inserted and the next word
    lower-cased is one fix of two edits; alternatives are separate fixes.

    The edits are kept in position order and no two of them may collide.
    """

    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.DISPLAY_ONLY

    def __post_init__(self) -> None:
        if not self.edits:
            raise ValueError("a fix needs at least one edit")
        ordered = tuple(sorted(self.edits, key=lambda e: (e.start, e.end)))
        for a, b in zip(ordered, ordered[1:], strict=False):
            if a.collides(b):
                raise ValueError(f"the edits of one fix collide: {a} and {b}")
        object.__setattr__(self, "edits", ordered)

    @classmethod
    def replacing(
        cls, start: int, end: int, original: str, replacement: str, applicability: Applicability
    ) -> Fix:
        """The one-edit fix: ``original`` at ``[start, end)`` becomes ``replacement``."""
        return cls((Edit(start, end, original, replacement),), applicability)

    @property
    def start(self) -> int:
        return self.edits[0].start

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)

    def collides(self, other: Fix) -> bool:
        """The overlap rule for fixes: two collide when any of their edits collide."""
        return any(a.collides(b) for a in self.edits for b in other.edits)

    def applied_to(self, text: str, offset: int = 0) -> str:
        """``text`` (which starts at ``offset``) with every edit made; the edits must lie
        within it."""
        pieces = []
        pos = offset
        for e in self.edits:
            pieces.append(text[pos - offset : e.start - offset])
            pieces.append(e.replacement)
            pos = e.end
        pieces.append(text[pos - offset :])
        return "".join(pieces)

    def to_json(self) -> dict:
        return {
            "applicability": self.applicability.value,
            "edits": [
                {
                    "start": e.start,
                    "end": e.end,
                    "original": e.original,
                    "replacement": e.replacement,
                }
                for e in self.edits
            ],
        }

    @classmethod
    def from_json(cls, d: dict) -> Fix:
        return cls(tuple(Edit(**e) for e in d["edits"]), Applicability(d["applicability"]))


def single_edit_fixes(
    start: int, end: int, original: str, replacements: tuple[str, ...], applicability: Applicability
) -> tuple[Fix, ...]:
    """One one-edit fix per replacement of the span, in order (the alternatives)."""
    return tuple(Fix.replacing(start, end, original, r, applicability) for r in replacements)


@dataclass(frozen=True)
class Finding:
    """What an engine reports: a rule's message on a span, and the fixes it proposes.

    ``fixes`` are alternatives, best first; ``fix`` applies the first. Every edit of a fix
    lies within the finding's span, so ``replacements[i]`` is the span's text once fix
    ``i`` is made (the JSON report's field since version 1). An engine gives either
    ``replacements`` (each becomes a one-edit fix at ``applicability``, the usual case) or
    ``fixes`` (then ``replacements`` are derived and ``applicability`` is the first fix's).
    A copy (``dataclasses.replace``) with other ``replacements`` gets their one-edit fixes;
    with another ``applicability``, every fix takes it.
    """

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
    """In a quotation or other speech (``analysis.speech``): never applied unattended."""
    line: int = 0
    column: int = 0
    agreed: tuple[str, ...] = field(default=())
    """Other engines that reported the same finding (set by the pipeline)."""
    fixes: tuple[Fix, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end} for rule {self.rule}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside 0-1 for {self.rule}")
        for fix in self.fixes:
            for e in fix.edits:
                if not (self.start <= e.start and e.end <= self.end):
                    raise ValueError(f"{self.rule}: edit {e} is not within {self.start}:{self.end}")
        fixes = self.fixes
        if self.replacements and fixes:  # a copy (dataclasses.replace): keep what changed
            if self.replacements != tuple(self._replacement(fix) for fix in fixes):
                fixes = ()
            elif any(fix.applicability is not self.applicability for fix in fixes):
                fixes = tuple(Fix(fix.edits, self.applicability) for fix in fixes)
        if not fixes:
            fixes = single_edit_fixes(
                self.start, self.end, self.text, self.replacements, self.applicability
            )
            object.__setattr__(self, "fixes", fixes)
            return
        first = fixes[0].applicability
        if self.applicability not in (Applicability.DISPLAY_ONLY, first):
            raise ValueError(f"{self.rule}: applicability is its first fix's, {first.value}")
        object.__setattr__(self, "fixes", fixes)
        object.__setattr__(self, "replacements", tuple(self._replacement(f) for f in fixes))
        object.__setattr__(self, "applicability", first)

    def _replacement(self, fix: Fix) -> str:
        """The span's text once ``fix`` is made."""
        if len(fix.edits) == 1 and (fix.start, fix.end) == (self.start, self.end):
            return fix.edits[0].replacement
        return fix.applied_to(self.text, self.start)

    @property
    def fix(self) -> Fix | None:
        """The fix ``copyedit fix`` applies (the first), if any."""
        return self.fixes[0] if self.fixes else None

    @property
    def fixable(self) -> bool:
        return bool(self.fixes) and self.fixes[0].applicability is not Applicability.DISPLAY_ONLY

    def moved(self, delta: int) -> Finding:
        """The same finding ``delta`` code points further on (its fixes with it)."""
        fixes = tuple(
            Fix(
                tuple(replace(e, start=e.start + delta, end=e.end + delta) for e in fix.edits),
                fix.applicability,
            )
            for fix in self.fixes
        )
        return replace(self, start=self.start + delta, end=self.end + delta, fixes=fixes)

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
            "fixes": [fix.to_json() for fix in self.fixes],
        }

    @classmethod
    def from_json(cls, d: dict) -> Finding:
        """Also reads the form without ``fixes`` written before fixes had several edits."""
        return cls(
            **{
                **d,
                "category": Category(d["category"]),
                "severity": Severity(d["severity"]),
                "replacements": tuple(d["replacements"]),
                "applicability": Applicability(d["applicability"]),
                "agreed": tuple(d["agreed"]),
                "fixes": tuple(Fix.from_json(x) for x in d.get("fixes", ())),
            }
        )

    def edit(self) -> Edit | None:
        """The first fix as one edit of the whole span (the same text once applied; a
        fix of several edits keeps its own in ``fix.edits``), if any."""
        if not self.replacements:
            return None
        return Edit(self.start, self.end, self.text, self.replacements[0])
