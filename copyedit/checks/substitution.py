"""``extends: substitution``: a swap map of pattern -> replacement, case-preserving.

A replacement may name the pattern's own groups (``\\1``, ``\\g<name>``): "(\\d+) year
old" -> "\\1-year-old" writes one rule for every figure, where a plain replacement would
need one key per figure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

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

_ESCAPE = regex.compile(r"\\(?:(\d+)|g<([^>]*)>|(\\)|(.?))", regex.DOTALL)


def group_problem(pattern: regex.Pattern, replacement: str) -> str | None:
    """Why ``replacement`` cannot be written out for every match of ``pattern``: a
    backslash that is neither a group (``\\1``, ``\\g<name>``) of the pattern nor doubled
    (a literal backslash); None when it can."""
    for m in _ESCAPE.finditer(replacement):
        number, name, doubled, other = m.groups()
        if doubled:
            continue
        if other is not None:
            return (
                f"replacement {replacement!r}: a backslash names a group (\\1, \\g<name>) "
                "or is doubled"
            )
        ref = name if number is None else number
        if ref.isdigit():
            if not 0 < int(ref) <= pattern.groups:
                return f"replacement {replacement!r} names group {ref}, which the pattern lacks"
        elif ref not in pattern.groupindex:
            return f"replacement {replacement!r} names group {ref!r}, which the pattern lacks"
    return None


def uses_groups(replacement: str) -> bool:
    return "\\" in replacement


def match_case(original: str, replacement: str) -> str:
    """Carry the case of ``original`` onto ``replacement`` (ALL CAPS, Capitalised, as is).
    A replacement with capitals of its own is a name and keeps them: 'TX' -> 'Texas' (an
    abbreviation in capitals is no word set in capitals)."""
    letters = [c for c in original if c.isalpha()]
    if not letters or not replacement:
        return replacement
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement if any(c.isupper() for c in replacement) else replacement.upper()
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
        for pattern, replacement in swap.items():
            check_pattern(pattern, "swap", fail)
            if uses_groups(replacement):
                alone = compile_checked(bounded(pattern), ignorecase, "swap", fail)
                problem = group_problem(alone, replacement)
                if problem:
                    raise fail("swap", problem)
        return cls(meta, swap, ignorecase, fail)

    def __init__(
        self, meta: RuleMeta, swap: dict[str, str], ignorecase: bool, fail: Fail | None = None
    ) -> None:
        """``fail``: from a rule file, whose patterns may not combine (flags that clash)."""
        self.meta = meta
        self.swap = swap
        # One alternation, longest keys first, so "in order to" wins over "order".
        self._replacements = sorted(swap.items(), key=lambda kv: len(kv[0]), reverse=True)
        # A replacement naming groups reads them from its own pattern, matched again
        # where the alternation matched (the alternation renumbers every group).
        self._alone = {
            i: compile_pattern(bounded(k), ignorecase)
            for i, (k, v) in enumerate(self._replacements)
            if uses_groups(v)
        }
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
            replacement = self._replacements[i][1]
            if i in self._alone:
                again = self._alone[i].match(text, m.start())
                if again is None or again.end() != m.end():
                    continue
                replacement = again.expand(replacement)
            yield m.start(), m.end(), (match_case(m.group(), replacement),)
