"""``extends: existence``: flag every occurrence of a token; no fix offered."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import Rule, RuleMeta
from .substitution import bounded


class Existence(Rule):
    kind = "existence"

    def __init__(self, meta: RuleMeta, tokens: list[str], ignorecase: bool) -> None:
        self.meta = meta
        self.tokens = tokens
        flags = re.IGNORECASE if ignorecase else 0
        keys = sorted(tokens, key=len, reverse=True)
        self._pattern = re.compile("|".join(f"(?:{bounded(k)})" for k in keys), flags)

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        for m in self._pattern.finditer(text):
            if m.start() < m.end():
                yield m.start(), m.end(), ()
