"""``extends: substitution``: a swap map of pattern -> replacement, case-preserving."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import (
    Fail,
    Rule,
    RuleMeta,
    bounded,
    check_pattern,
    compile_checked,
    compile_pattern,
    find_all,
)

__all__ = ["Substitution", "bounded", "match_case"]


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
    keys = frozenset({"swap"})

    @classmethod
    def from_data(
        cls, meta: RuleMeta, data: dict[str, Any], ignorecase: bool, fail: Fail
    ) -> Substitution:
        swap = data["swap"]
        if not isinstance(swap, dict) or not swap:
            raise fail("swap", "expected a mapping of pattern to replacement")
        swap = {str(k): "" if v is None else str(v) for k, v in swap.items()}
        for pattern in swap:
            check_pattern(pattern, "swap", fail)
        return cls(meta, swap, ignorecase, fail)

    def __init__(
        self, meta: RuleMeta, swap: dict[str, str], ignorecase: bool, fail: Fail | None = None
    ) -> None:
        """``fail``: from a rule file, whose patterns may not combine (flags that clash)."""
        self.meta = meta
        self.swap = swap
        # One alternation, longest keys first, so "in order to" wins over "order".
        self._replacements = sorted(swap.items(), key=lambda kv: len(kv[0]), reverse=True)
        joined = "|".join(f"(?P<_k{i}>{bounded(k)})" for i, (k, _) in enumerate(self._replacements))
        self._pattern = (
            compile_pattern(joined, ignorecase)
            if fail is None
            else compile_checked(joined, ignorecase, "swap", fail, "of the swaps together")
        )

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        for m in find_all(self._pattern, text):
            if m.start() == m.end():
                continue
            i = next(
                n for n, (k, _) in enumerate(self._replacements) if m.group(f"_k{n}") is not None
            )
            yield m.start(), m.end(), (match_case(m.group(), self._replacements[i][1]),)
