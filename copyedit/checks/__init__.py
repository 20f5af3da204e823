"""Rule kinds for YAML rules, Vale-style: a rule file picks its behaviour with ``extends``.

Each kind is a small class that compiles its patterns once and yields findings for a
document. ``loader.py`` turns YAML into these objects and checks every key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..document import Document
from ..model import Applicability, Category, Finding, Severity


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


class Rule:
    """Base of the kinds. Subclasses implement ``matches`` yielding (start, end, replacements)."""

    kind = "rule"
    meta: RuleMeta

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        raise NotImplementedError

    def check(self, doc: Document, engine: str) -> Iterator[Finding]:
        m = self.meta
        for start, end, replacements in self.matches(doc.masked):
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
