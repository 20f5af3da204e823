"""Applying edits to a text: sorted by position, overlaps and stale edits skipped.

Pure functions. The result says which edits were applied and which were not, and why
(textlint's lesson: a fixer reports what it could not do).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .document import Document
from .model import Applicability, Edit, Finding


@dataclass(frozen=True)
class Skipped:
    edit: Edit
    reason: str  # "overlap", "stale", "protected"


@dataclass(frozen=True)
class FixResult:
    text: str
    applied: tuple[Edit, ...]
    skipped: tuple[Skipped, ...]


def apply_edits(text: str, edits: Iterable[Edit], protected=()) -> FixResult:
    """Apply non-overlapping edits; an edit overlapping one already taken is skipped.

    Edits are taken in order of (start, end): the earlier wins. Touching edits (one ends
    where the next starts) both apply; two insertions at one point conflict. An edit whose
    ``original`` no longer matches the text is stale and skipped.
    """
    applied: list[Edit] = []
    skipped: list[Skipped] = []
    last_end = -1
    last_point: int | None = None
    for e in sorted(edits, key=lambda e: (e.start, e.end, e.replacement)):
        if not (0 <= e.start <= e.end <= len(text)) or text[e.start : e.end] != e.original:
            skipped.append(Skipped(e, "stale"))
        elif any(r.overlaps(e.start, e.end) for r in protected):
            skipped.append(Skipped(e, "protected"))
        elif e.start < last_end or (e.start == e.end and e.start == last_point):
            skipped.append(Skipped(e, "overlap"))
        elif e.replacement == e.original:
            continue
        else:
            applied.append(e)
            last_end = e.end
            last_point = e.start if e.start == e.end else None
    pieces = []
    pos = 0
    for e in applied:
        pieces.append(text[pos : e.start])
        pieces.append(e.replacement)
        pos = e.end
    pieces.append(text[pos:])
    return FixResult("".join(pieces), tuple(applied), tuple(skipped))


def accepted_edits(findings: Iterable[Finding], accept: Applicability) -> list[Edit]:
    """The edits of findings at or above ``accept``, never display-only, never in a quote."""
    out = []
    for f in findings:
        edit = f.edit()
        if (
            edit is not None
            and not f.in_quote
            and f.applicability is not Applicability.DISPLAY_ONLY
            and f.applicability.rank >= accept.rank
        ):
            out.append(edit)
    return out


def fix_document(doc: Document, findings: Iterable[Finding], accept: Applicability) -> FixResult:
    return apply_edits(doc.text, accepted_edits(findings, accept), doc.protected)
