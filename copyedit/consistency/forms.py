"""The shared step of every discovery check: a group of occurrences that should read the
same, the form to unify on, and one finding for each occurrence written otherwise."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..checks.substitution import match_case
from ..model import Applicability, Category, Finding, Severity
from .tokens import Scan

ENGINE = "consistency"


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    text: str
    form: str
    """What is compared: occurrences with equal ``form`` are written the same way."""
    initial: bool = False


@dataclass(frozen=True)
class Settings:
    prefer: str = "first"
    """'first' or 'majority': which form wins when the house style says nothing."""
    spelling: str = "auto"
    """'auto', 'en-US' or 'en-GB': the variety US/UK mixing is unified on."""


def choose(forms: list[str], prefer: str, house: str | None = None) -> str:
    """House form first, then the first or the most frequent (ties go to the first)."""
    if house is not None:
        return house
    if prefer == "majority":
        counts = Counter(forms)
        best = max(counts.values())
        return next(f for f in forms if counts[f] == best)
    return forms[0]


def lines_of(scan: Scan, offsets: Iterable[int], limit: int = 4) -> str:
    """'line 3' or 'lines 3, 7, 9, 12 and 2 more' for the lines holding ``offsets``."""
    lines = sorted({scan.line(i) for i in offsets})
    shown = ", ".join(str(n) for n in lines[:limit])
    more = f" and {len(lines) - limit} more" if len(lines) > limit else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


def unify(
    scan: Scan,
    occs: list[Occurrence],
    rule: str,
    what: str,
    settings: Settings,
    target: str | None = None,
    severity: Severity = Severity.WARNING,
    replace: bool = True,
    confidence: float = 0.8,
) -> list[Finding]:
    """Findings for every occurrence whose form is not the target form.

    ``target`` (a form) overrides the first/majority choice, e.g. from the house style.
    """
    occs = sorted(occs, key=lambda o: o.start)
    forms = [o.form for o in occs]
    if len(set(forms)) < 2 and target is None:
        return []
    goal = choose(forms, settings.prefer, target)
    model = next((o for o in occs if o.form == goal), None)
    goal_text = model.text if model is not None and not model.initial else goal
    found = []
    for o in occs:
        if o.form == goal:
            continue
        others = [x for x in occs if x.form != o.form]
        examples = sorted({x.text for x in others}, key=lambda t: [x.text for x in others].index(t))
        shown = " / ".join(f"'{t}'" for t in examples[:3])
        if model is None:
            message = f"House style writes '{goal_text}', not '{o.text}'."
        else:
            message = (
                f"{what}: '{o.text}' is written {shown} elsewhere ({lines_of(scan, (x.start for x in others))}); "
                f"unify on '{goal_text}'."
            )
        replacement = _adapt(o, goal_text)
        proposes = replace and replacement != o.text
        found.append(
            finding(
                rule,
                o.start,
                o.end,
                o.text,
                message,
                severity,
                replacement if proposes else None,
                confidence,
            )
        )
    return found


def _adapt(o: Occurrence, goal: str) -> str:
    """The target written in this occurrence's position (a capital after a full stop).

    The capital follows the written word, not the position: a word the tokenizer takes
    for a sentence start but written in lower case (after opening quotes, a dash) keeps
    its lower case."""
    if o.initial and goal[:1].islower() and o.text[:1].isupper():
        return goal[0].upper() + goal[1:]
    if o.text.isupper() and len(o.text) > 1 and goal.islower():
        return match_case(o.text, goal)
    return goal


def finding(
    rule: str,
    start: int,
    end: int,
    text: str,
    message: str,
    severity: Severity = Severity.SUGGESTION,
    replacement: str | None = None,
    confidence: float = 0.7,
) -> Finding:
    return Finding(
        rule=rule,
        engine=ENGINE,
        category=Category.CONSISTENCY,
        severity=severity,
        start=start,
        end=end,
        text=text,
        message=message,
        replacements=(replacement,) if replacement is not None else (),
        confidence=confidence,
        applicability=Applicability.UNSAFE
        if replacement is not None
        else Applicability.DISPLAY_ONLY,
    )


def non_overlapping(findings: list[Finding]) -> list[Finding]:
    """The findings in order, each dropped if it overlaps one kept before it.

    The kept spans are held sorted, so each finding is compared with its neighbours only
    (comparing it with every kept one was quadratic in a long draft); an empty span (an
    insertion point) overlaps what strictly contains it, as ``a.start < b.end and
    b.start < a.end`` says."""
    kept: list[Finding] = []
    spans: list[tuple[int, int]] = []  # kept non-empty spans: sorted, never overlapping
    points: list[int] = []  # kept empty spans, sorted
    for f in findings:
        i = bisect.bisect_left(spans, (f.start, f.end))
        near = spans[max(i - 1, 0) : i + 1]
        hits = any(a < f.end and f.start < b for a, b in near)
        if f.start < f.end:  # an empty kept span strictly inside
            j = bisect.bisect_right(points, f.start)
            hits = hits or (j < len(points) and points[j] < f.end)
        else:  # an empty one: strictly inside the kept span starting last at or before it
            j = bisect.bisect_left(spans, (f.start + 1,))
            hits = j > 0 and spans[j - 1][0] < f.start < spans[j - 1][1]
        if hits:
            continue
        if f.start < f.end:
            spans.insert(i, (f.start, f.end))
        else:
            bisect.insort(points, f.start)
        kept.append(f)
    return kept


def odd_one_out(occs: list[Occurrence], single: bool) -> str | None:
    """The form to unify on when exactly one occurrence is written otherwise.

    A draft that writes a word both ways more than once ('Parliament' and 'parliament'
    twice each) follows a distinction of its own (the institution, the generic), not a
    slip. One capital among lower-case uses of a single word is the odd one out; a lone
    lower-case use of a word the draft capitalises is too often another sense ('the
    Channel', 'a news channel') to report. Phrases and compounds go either way; a tie
    of one each goes to the first form. Compounds share the rule: drafts that write one
    two ways more than once ('freshwater' the adjective, 'fresh water' the noun) follow
    a distinction, not a slip.
    """
    forms = [o.form for o in sorted(occs, key=lambda o: o.start)]
    counts = {f: forms.count(f) for f in forms}
    if len(counts) != 2:
        return None
    (a, na), (b, nb) = counts.items()  # in order of first use
    if min(na, nb) != 1:
        return None
    odd, goal = (a, b) if na < nb else (b, a)
    if single:
        if na == nb and a.islower():
            odd, goal = b, a
        elif na == nb:
            odd, goal = a, b
        if not (odd[:1].isupper() and goal.islower()):
            return None
    return goal
