"""``extends: substitution``: a swap map of pattern -> replacement, case-preserving."""

from __future__ import annotations

from collections.abc import Iterator

from . import Rule, RuleMeta, compile_pattern, find_all


def bounded(pattern: str) -> str:
    """Add word boundaries where the pattern starts or ends with a word character."""
    if pattern[:1].isalnum():
        pattern = r"\b" + pattern
    if pattern[-1:].isalnum():
        pattern = pattern + r"\b"
    return pattern


def match_case(original: str, replacement: str) -> str:
    """Carry the case of ``original`` onto ``replacement`` (ALL CAPS, Capitalised, as is)."""
    letters = [c for c in original if c.isalpha()]
    if not letters or not replacement:
        return replacement
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if letters[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


class Substitution(Rule):
    kind = "substitution"

    def __init__(self, meta: RuleMeta, swap: dict[str, str], ignorecase: bool) -> None:
        self.meta = meta
        self.swap = swap
        # One alternation, longest keys first, so "in order to" wins over "order".
        self._replacements = sorted(swap.items(), key=lambda kv: len(kv[0]), reverse=True)
        self._pattern = compile_pattern(
            "|".join(f"(?P<_k{i}>{bounded(k)})" for i, (k, _) in enumerate(self._replacements)),
            ignorecase,
        )

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        for m in find_all(self._pattern, text):
            if m.start() == m.end():
                continue
            i = next(
                n for n, (k, _) in enumerate(self._replacements) if m.group(f"_k{n}") is not None
            )
            yield m.start(), m.end(), (match_case(m.group(), self._replacements[i][1]),)
