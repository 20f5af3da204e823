"""Word lists read at run time from LanguageTool's ``language-en`` jar (LGPL-2.1+).

The jar is never copied into copyedit: it is opened where the LanguageTool installation
keeps it (``<cache>/languagetool/<version>/lib/language-en-<version>.jar``). Without it
the US/UK and coherency checks fall back to the spelling patterns in ``spelling.py``.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

# The US/UK pairs are the analysis layer's; these names stay for the consistency checks.
from ..analysis.variety import AMBIGUOUS as _AMBIGUOUS
from ..analysis.variety import edit_distance as _distance  # noqa: F401 (its tests import it here)
from ..analysis.variety import read_list as _read
from ..analysis.variety import spelling_pair as spelling_pair
from ..analysis.variety import us_gb_pairs as us_gb_pairs
from ..analysis.variety import variety as variety
from ..analysis.variety import weak_pair as weak_pair
from ..languagetool.data import find_jar

_COHERENCY = "org/languagetool/rules/en/coherency.txt"


def coherency_groups() -> dict[str, int]:
    """lower-case word -> id of its group of interchangeable spellings (adviser, advisor)."""
    return _coherency_groups(find_jar())


@lru_cache(maxsize=4)
def _coherency_groups(jar: Path | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for n, line in enumerate(_read(_COHERENCY, jar)):
        forms = [f.strip().lower() for f in line.split(";") if f.strip()]
        if len(forms) < 2:
            continue
        for f in forms:
            if f not in _AMBIGUOUS:
                out.setdefault(f, n)
    return out


@cache
def dictionary() -> frozenset[str]:
    """Lower-case dictionary words: the 83k-word list ``symspellpy`` ships (Google Books
    counts intersected with SCOWL, no hyphenated entries), empty if it cannot be read.
    Used to tell a word from a broken or run-together one, never to flag a word."""
    try:
        text = (
            resources.files("symspellpy")
            .joinpath("frequency_dictionary_en_82_765.txt")
            .read_text("utf-8")
        )
    except (OSError, ModuleNotFoundError):
        return frozenset()
    return frozenset(line.split(" ", 1)[0] for line in text.splitlines() if line)
