"""LanguageTool's English confusion data, read from the installed ``language-en`` jar.

Nothing is copied into copyedit: ``confusion_sets.txt`` (pairs LanguageTool checks with
its n-gram data) widens the context model's candidates, and ``wrongWordInContext.txt``
(pairs with a context regex for each word) becomes extra confusion sets. Without a jar
both are simply empty and :func:`find_jar` callers add a note.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..languagetool.data import find_jar, read_member
from . import cache

CONFUSION_SETS = "org/languagetool/resource/en/confusion_sets.txt"
WRONG_WORD_IN_CONTEXT = "org/languagetool/rules/en/wrongWordInContext.txt"


PAIRS_CACHE_VERSION = 1


def lt_confusion_pairs() -> dict[str, set[str]]:
    """written word -> words it may stand for. ``a; b`` works both ways, ``a -> b`` one way.
    Cached (``cache_dir()/realword/``) under the jar's name, size and time."""
    jar = find_jar()
    return {} if jar is None else _pairs_in(jar)


@lru_cache(maxsize=4)
def _pairs_in(jar: Path) -> dict[str, set[str]]:
    """Memoised per jar, so a process that changes cache folders sees the right jar."""
    key = (PAIRS_CACHE_VERSION, cache.stat_key(jar))
    where = cache.folder() / f"lt-pairs-v{PAIRS_CACHE_VERSION}.marshal"
    pairs = cache.load_marshal(where, key)
    if not isinstance(pairs, dict):
        pairs = _parse_confusion_pairs(read_member(CONFUSION_SETS) or "")
        if pairs:  # none read is a failed read, not the jar's data: never stored
            cache.save_marshal(where, key, pairs)
    return pairs


def _parse_confusion_pairs(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(";")]
        if "->" in parts[0]:
            a, _, b = parts[0].partition("->")
            pairs = [(a.strip(), b.strip())]
        elif len(parts) >= 3:
            a, b = parts[0], parts[1]
            pairs = [(a, b), (b, a)]
        else:
            continue
        for w, c in pairs:
            if w.isalpha() and c.isalpha() and w.islower() and c.islower():
                out.setdefault(w, set()).add(c)
    return out


def wrong_word_rows() -> list[list[str]]:
    """The rows of ``wrongWordInContext.txt``: word1, word2, match1, match2, context1,
    context2 and optional explanations."""
    text = read_member(WRONG_WORD_IN_CONTEXT) or ""
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) >= 6:
            rows.append(cols)
    return rows
