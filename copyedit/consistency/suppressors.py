"""Suppressors: the consistency checks' exceptions as named, measurable units.

A discovery check first finds a *candidate* (a group of forms with the one to unify on,
an abbreviation never spelled out, ...), then asks its suppressors, in order, whether
careful copy writes it that way on purpose. The first that applies suppresses the
candidate, and its findings are kept aside with that suppressor's name rather than
dropped, so a debug view (``ConsistencyEngine.judge``) and the benchmark
(``benchmarks/consistency_eval.py``) can show what each exception saves and costs.

Earlier, the same kind of unit decides what counts as evidence at all (a capital inside
a longer name, an open form after a function word, initials in a heading): those "use"
suppressors leave no finding to set aside, so what they keep out is recorded as
``Ignored`` words instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..model import Finding

C = TypeVar("C")


@dataclass(frozen=True)
class Suppressor(Generic[C]):
    name: str
    """'check.what', e.g. 'case.institution'."""
    reason: str
    """One line: why the candidate is no inconsistency."""
    applies: Callable[[C], bool]


@dataclass(frozen=True)
class Suppressed:
    """A finding a check would have made, and the suppressor that withheld it."""

    finding: Finding
    suppressor: str


@dataclass(frozen=True)
class Ignored:
    """A use a suppressor kept out of the evidence before any candidate was formed (a
    capital inside a name, an open form after a function word): no finding yet, only
    the words it would have counted."""

    start: int
    end: int
    text: str
    suppressor: str


@dataclass(frozen=True)
class Judgement:
    kept: tuple[Finding, ...] = ()
    suppressed: tuple[Suppressed, ...] = ()
    ignored: tuple[Ignored, ...] = ()

    def __add__(self, other: Judgement) -> Judgement:
        return Judgement(
            self.kept + other.kept,
            self.suppressed + other.suppressed,
            self.ignored + other.ignored,
        )


def first_applying(suppressors: Sequence[Suppressor[C]], candidate: C) -> Suppressor[C] | None:
    """The first suppressor that applies to ``candidate``, or None: report it."""
    return next((s for s in suppressors if s.applies(candidate)), None)


def judge(
    suppressors: Sequence[Suppressor[C]],
    candidates: Iterable[tuple[C, Sequence[Finding]]],
) -> Judgement:
    """Keep each candidate's findings, or set them aside under the suppressor that applies."""
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    for candidate, findings in candidates:
        by = first_applying(suppressors, candidate)
        if by is None:
            kept.extend(findings)
        else:
            suppressed.extend(Suppressed(f, by.name) for f in findings)
    return Judgement(tuple(kept), tuple(suppressed))
