"""Rule kinds for YAML rules, Vale-style: a rule file picks its behaviour with ``extends``.

Each kind is a small class that compiles its patterns once and yields findings for a
document. ``loader.py`` turns YAML into these objects and checks every key.

Patterns are a publication's own, so they are compiled with the ``regex`` module, whose
searches take a time limit: a pattern that backtracks without end (``(a|aa)+$``) is
refused when it is loaded if it already stalls on a short probe, and otherwise stops at
its :func:`time_limit` on a draft (see :class:`PatternTimeout`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from ..document import Document
from ..errors import RuleError
from ..model import Applicability, Category, Finding, Severity

PATTERN_SECONDS = 2.0
"""How long one rule's patterns may search a short draft; a long one gets
``SECONDS_PER_MILLION`` more for each million characters (the slowest shipped rule, a
long alternation, takes about a second on two million)."""
SECONDS_PER_MILLION = 5.0


def time_limit(length: int) -> float:
    """Seconds a rule's patterns may take on a text of ``length`` characters."""
    return PATTERN_SECONDS + SECONDS_PER_MILLION * length / 1_000_000


def compile_pattern(pattern: str, ignorecase: bool) -> regex.Pattern:
    """A rule's pattern, with the syntax of Python's ``re`` (``regex``'s version 0)."""
    return regex.compile(pattern, regex.IGNORECASE if ignorecase else 0)


def bounded(pattern: str) -> str:
    """Add word boundaries where the pattern starts or ends with a word character."""
    if pattern[:1].isalnum():
        pattern = r"\b" + pattern
    if pattern[-1:].isalnum():
        pattern = pattern + r"\b"
    return pattern


def find_all(
    pattern: regex.Pattern, text: str, seconds: float | None = None
) -> Iterator[regex.Match]:
    """``pattern.finditer(text)`` that raises ``TimeoutError`` after ``seconds`` in all
    (by default the :func:`time_limit` for the text)."""
    limit = time_limit(len(text)) if seconds is None else seconds
    return pattern.finditer(text, concurrent=True, timeout=limit)


PROBES = ("a" * 32 + "!", "ab" * 16 + "!", "a " * 16 + "!", "1" * 32 + "!", " " * 32 + "!")
"""Short texts on which a pattern that backtracks without end already stalls."""
PROBE_SECONDS = 0.5


def stalls_on(pattern: regex.Pattern, tries: int = 2) -> str | None:
    """The probe on which ``pattern`` runs out of time (a sound pattern takes microseconds
    on each), or None: a catastrophic pattern is refused at load, not met on a draft. A
    probe must run out of time on each of ``tries`` runs: one stall of a busy machine
    (the time limit is wall time) does not refuse a sound rule."""
    for probe in PROBES:
        if all(_times_out(pattern, probe) for _ in range(tries)):
            return probe
    return None


def _times_out(pattern: regex.Pattern, probe: str) -> bool:
    try:
        for _ in find_all(pattern, probe, PROBE_SECONDS):
            pass
    except TimeoutError:
        return True
    return False


Fail = Callable[[str, str], RuleError]
"""(key, problem) -> the error naming the rule file and the key."""


def compile_checked(
    pattern: str, ignorecase: bool, key: str, fail: Fail, shown: str | None = None
) -> regex.Pattern:
    """``compile_pattern`` for a rule file at load: the one place its patterns are
    compiled. Whatever the compiler refuses (``regex.error``, but also ValueError for
    clashing flags such as ``(?a)`` with ``(?u)``, RecursionError for parentheses nested
    thousands deep, OverflowError) is the rule file's error naming the key."""
    try:
        return compile_pattern(pattern, ignorecase)
    except Exception as exc:  # noqa: BLE001 - any failure here is the pattern's
        raise fail(key, f"bad pattern {shown or repr(pattern)}: {exc}") from None


def check_pattern(pattern: str, key: str, fail: Fail) -> None:
    """A rule's pattern compiles, inside a group as the kinds combine it (a ``(?x)``
    comment would swallow the group's end), and does not stall on the probes."""
    compiled = compile_checked(f"(?:{bounded(pattern)})", True, key, fail, repr(pattern))
    probe = stalls_on(compiled)
    if probe is not None:
        raise fail(
            key,
            f"pattern {pattern!r} backtracks without end (over {PROBE_SECONDS:g} s on {probe!r})",
        )


class PatternTimeout(RuleError):
    """A rule's pattern ran out of time on a draft. The rules engine skips that rule for
    that draft and says so in the report's notes, rather than failing the run: one
    pathological draft or rule must not stop a batch, and the note names the rule file
    and id to fix."""


@dataclass(frozen=True)
class Example:
    text: str
    fixed: str | None = None
    flagged: str | None = None


@dataclass(frozen=True)
class RuleMeta:
    """What every rule kind shares: identity, message and how its findings are classed."""

    id: str
    source: str
    message: str
    category: Category
    severity: Severity
    applicability: Applicability
    confidence: float
    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    description: str = ""
    off: str = ""
    """Why the rule is off by default (``off-by-default:`` in its file; it runs when the
    configuration names its id in ``select`` or ``extend-select``); empty when it is on."""


class Rule:
    """Base of the kinds. A kind names itself (``kind``, the YAML ``extends`` value), its
    own keys, how it is built from a rule file (``from_data``, validating those keys) and
    ``matches`` yielding (start, end, replacements). ``loader.KINDS`` lists the kinds."""

    kind: ClassVar[str] = "rule"
    keys: ClassVar[frozenset[str]] = frozenset()
    meta: RuleMeta

    @classmethod
    def from_data(cls, meta: RuleMeta, data: dict[str, Any], ignorecase: bool, fail: Fail) -> Rule:
        raise NotImplementedError

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        raise NotImplementedError

    def matches_in(self, doc: Document) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        """``matches`` on the draft's masked text; a kind that must know more of the
        draft than its text (headings, sentence starts, names) reads ``doc.analysis``
        here."""
        return self.matches(doc.masked)

    def check(self, doc: Document, engine: str) -> Iterator[Finding]:
        """The rule's findings; raises :class:`PatternTimeout` (before any finding) when
        its patterns take longer than the :func:`time_limit` for the draft."""
        m = self.meta
        try:
            found = list(self.matches_in(doc))
        except TimeoutError:
            raise PatternTimeout(
                f"{m.source}: rule {m.id} skipped for {doc.path}: its pattern ran over "
                f"{time_limit(len(doc.masked)):.0f} s (it backtracks too much; rewrite it)"
            ) from None
        for start, end, replacements in found:
            original = doc.text[start:end]
            fields = {"match": original, "replacement": replacements[0] if replacements else ""}
            yield Finding(
                rule=m.id,
                engine=engine,
                category=m.category,
                severity=m.severity,
                start=start,
                end=end,
                text=original,
                message=m.message.format(**fields),
                replacements=replacements,
                confidence=m.confidence,
                applicability=m.applicability if replacements else Applicability.DISPLAY_ONLY,
            )
