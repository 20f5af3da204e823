"""The word lists in ``data/``: words separated by spaces, lines starting '#' ignored."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def word_list(name: str) -> frozenset[str]:
    text = resources.files(__package__).joinpath(f"data/{name}").read_text("utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )
