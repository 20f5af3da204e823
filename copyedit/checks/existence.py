"""``extends: existence``: flag every occurrence of a token; no fix offered."""

from __future__ import annotations

from collections.abc import Iterator

from . import Rule, RuleMeta, compile_pattern, find_all
from .substitution import bounded


class Existence(Rule):
    kind = "existence"

    def __init__(self, meta: RuleMeta, tokens: list[str], ignorecase: bool) -> None:
        self.meta = meta
        self.tokens = tokens
        keys = sorted(tokens, key=len, reverse=True)
        self._pattern = compile_pattern("|".join(f"(?:{bounded(k)})" for k in keys), ignorecase)

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        for m in find_all(self._pattern, text):
            if m.start() < m.end():
                yield m.start(), m.end(), ()
