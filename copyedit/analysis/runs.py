"""Where a draft writes each word, read in one pass: "where (or how often) does the draft
write this word?" is then a look-up for every word an engine asks about, not a search of
the whole draft for each (quadratic in a long draft, which asks about more words)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

WORD = re.compile(r"\w+")
"""A run of word characters: what ``\\b`` stands between."""
WORD_OR_HYPHEN = re.compile(r"[\w-]+")
"""A run of word characters and hyphens: a word as ``(?<![\\w-])...(?![\\w-])`` sees one."""


@lru_cache(maxsize=16)
def run_starts(text: str, run: re.Pattern[str] = WORD) -> dict[str, list[int]]:
    """Each (maximal) run of ``run`` in ``text`` -> where it stands, in order."""
    out: dict[str, list[int]] = {}
    for m in run.finditer(text):
        out.setdefault(m.group(), []).append(m.start())
    return out


def matches_at_runs(
    text: str, pattern: re.Pattern[str], head: str, pos: int = 0
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, pos)`` for a ``pattern`` whose every match begins with
    ``head`` as a whole ``WORD`` run of ``text`` (a word boundary, ``head`` literally, then
    no word character): tried only where the draft writes ``head``."""
    starts = run_starts(text).get(head, [])
    end = pos
    for at in starts[bisect_left(starts, pos) :]:
        if at >= end and (m := pattern.match(text, at)) is not None:
            yield m
            end = m.end()
