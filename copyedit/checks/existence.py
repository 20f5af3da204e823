"""``extends: existence``: flag every occurrence of a token; no fix offered."""

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


class Existence(Rule):
    kind = "existence"
    keys = frozenset({"tokens"})

    @classmethod
    def from_data(
        cls, meta: RuleMeta, data: dict[str, Any], ignorecase: bool, fail: Fail
    ) -> Existence:
        tokens = data["tokens"]
        if not isinstance(tokens, list) or not tokens:
            raise fail("tokens", "expected a list of patterns")
        tokens = [str(t) for t in tokens]
        for pattern in tokens:
            check_pattern(pattern, "tokens", fail)
        return cls(meta, tokens, ignorecase, fail)

    def __init__(
        self, meta: RuleMeta, tokens: list[str], ignorecase: bool, fail: Fail | None = None
    ) -> None:
        """``fail``: from a rule file, whose patterns may not combine (flags that clash)."""
        self.meta = meta
        self.tokens = tokens
        keys = sorted(tokens, key=len, reverse=True)
        joined = "|".join(f"(?:{bounded(k)})" for k in keys)
        self._pattern = (
            compile_pattern(joined, ignorecase)
            if fail is None
            else compile_checked(joined, ignorecase, "tokens", fail, "of the tokens together")
        )

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        for m in find_all(self._pattern, text):
            if m.start() < m.end():
                yield m.start(), m.end(), ()
