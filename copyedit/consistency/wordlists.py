"""The word lists in ``data/``: words separated by spaces, lines starting '#' ignored."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def word_list(name: str) -> frozenset[str]:
    text = resources.files(__package__).joinpath(f"data/{name}").read_text("utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


def stopwords() -> frozenset[str]:
    return word_list("stopwords.txt")


def homographs() -> frozenset[str]:
    """Words whose capitalised form is often another word (May, March, Bill, Turkey)."""
    return word_list("homographs.txt")


def institutions() -> frozenset[str]:
    """Nouns capitalised as the short form of a named institution or office."""
    return word_list("institutions.txt")


def words_pattern(name: str) -> str:
    """A regular-expression group matching any word of the list ``name``."""
    words = sorted(word_list(name), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"
