"""Applying fixes to a text: sorted by position, overlaps and stale fixes skipped.

Pure functions. The result says which edits were applied and which were not, and why
(textlint's lesson: a fixer reports what it could not do).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from .document import Document
from .model import Applicability, Edit, Finding, Fix, Region


@dataclass(frozen=True)
class Skipped:
    fix: Fix
    reason: str  # "overlap", "stale", "protected", "docx-structure"

    @property
    def edit(self) -> Edit:
        """The fix's first edit (a one-edit fix's only one)."""
        return self.fix.edits[0]


@dataclass(frozen=True)
class FixResult:
    text: str
    applied: tuple[Edit, ...]
    """Every edit made, in position order (a fix of several edits gives several)."""
    skipped: tuple[Skipped, ...]
    fixes: tuple[Fix, ...] = ()
    """The fixes made, in the order they were taken."""


def as_fix(change: Edit | Fix) -> Fix:
    """A bare edit is a fix of one edit (its applicability does not matter here)."""
    return change if isinstance(change, Fix) else Fix((change,))


def apply_edits(
    text: str, changes: Iterable[Edit | Fix], protected: Iterable[Region] = ()
) -> FixResult:
    """Apply fixes (or bare edits) that do not conflict; a fix of several edits applies
    all of them or none.

    Fixes are taken in order of their first edit's (start, end): the earlier wins. A fix
    is skipped when any of its edits is stale (its ``original`` no longer matches the
    text), touches a protected region, or conflicts with an edit already made: shares a
    code point with it, or is an insertion strictly inside it or at the same point as
    another insertion. Touching edits (one ends where the next starts) both apply. Edits
    that change nothing are dropped; a fix made only of them is neither applied nor
    skipped.
    """
    protected = tuple(protected)
    applied: list[Edit] = []  # sorted by (start, end)
    fixes: list[Fix] = []
    skipped: list[Skipped] = []
    for fix in sorted(map(as_fix, changes), key=_order):
        if any(_stale(text, e) for e in fix.edits):
            skipped.append(Skipped(fix, "stale"))
        elif any(r.overlaps(e.start, e.end) for e in fix.edits for r in protected):
            skipped.append(Skipped(fix, "protected"))
        elif any(_conflicts(e, applied) for e in fix.edits):
            skipped.append(Skipped(fix, "overlap"))
        else:
            changed = [e for e in fix.edits if e.replacement != e.original]
            if not changed:
                continue
            for e in changed:
                bisect.insort(applied, e, key=_span)
            fixes.append(fix)
    pieces = []
    pos = 0
    for e in applied:
        pieces.append(text[pos : e.start])
        pieces.append(e.replacement)
        pos = e.end
    pieces.append(text[pos:])
    return FixResult("".join(pieces), tuple(applied), tuple(skipped), tuple(fixes))


def _order(fix: Fix) -> tuple:
    return tuple((e.start, e.end, e.replacement) for e in fix.edits)


def _span(e: Edit) -> tuple[int, int]:
    return (e.start, e.end)


def _stale(text: str, e: Edit) -> bool:
    return not (0 <= e.start <= e.end <= len(text)) or text[e.start : e.end] != e.original


def _conflicts(e: Edit, applied: list[Edit]) -> bool:
    """Whether ``e`` cannot be made beside the edits already made (sorted, disjoint)."""
    i = bisect.bisect_left(applied, (e.start, e.end), key=_span)
    for a in applied[max(i - 1, 0) : i + 1]:
        if a.start == a.end and e.start == e.end:
            if a.start == e.start:
                return True
        elif e.start == e.end:
            if a.start < e.start < a.end:
                return True
        elif a.start == a.end:
            if e.start < a.start < e.end:
                return True
        elif a.start < e.end and e.start < a.end:
            return True
    return False


def accepted_fixes(findings: Iterable[Finding], accept: Applicability) -> list[Fix]:
    """The first fix of each finding at or above ``accept``, never display-only, never in
    a quote."""
    out = []
    for f in findings:
        fix = f.fix
        if (
            fix is not None
            and not f.in_quote
            and fix.applicability is not Applicability.DISPLAY_ONLY
            and fix.applicability.rank >= accept.rank
        ):
            out.append(fix)
    return out


accepted_edits = accepted_fixes
"""The name older callers use."""


def fix_document(doc: Document, findings: Iterable[Finding], accept: Applicability) -> FixResult:
    return apply_edits(doc.text, accepted_fixes(findings, accept), doc.protected)
