"""The abbreviation and title lists, read once from ``data/*.txt`` (shipped with the
package): every engine that must know "Mr." or "Sen." reads them here."""

from __future__ import annotations

from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("copyedit.analysis").joinpath("data").joinpath(name).read_text("utf-8")
    return [s for ln in text.splitlines() if (s := ln.split("#", 1)[0].strip())]


def _abbreviations() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for line in _lines("abbreviations.txt"):
        word, *uses = line.split()
        out[word] = frozenset(uses)
    return out


def _titles() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in _lines("titles.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.append(line)
    return sections


_USES = _abbreviations()

ABBREVIATIONS = frozenset(_USES)
"""Lower-case words whose full stop is an abbreviation's ('mr', 'st', 'jan', 'etc')."""

SENTENCE_ABBREVIATIONS = frozenset(w for w, u in _USES.items() if "split" in u)
"""Those whose full stop never ends a sentence (the splitter's list)."""

SENTENCE_OPENERS = frozenset(_lines("openers.txt"))
"""Capitalised words that open a sentence and never go on a name ('The', 'They'): after
an initial's or a non-title abbreviation's full stop, the sentence ended there."""

TITLE_ABBREVIATIONS = frozenset(w.capitalize() for w, u in _USES.items() if "title" in u)
"""Those that stand before a name, capitalised ('Sen', 'Mt'), without the full stop."""

_TITLES = _titles()

ABBREVIATED_TITLES: dict[str, str] = dict(
    (a.strip(), t.strip()) for a, _, t in (ln.partition("=") for ln in _TITLES["abbreviated"])
)
"""Abbreviated title -> the spelled-out title it stands for ('Sen.' -> 'Senator')."""

HONORIFICS = frozenset(" ".join(_TITLES["honorifics"]).split())
OFFICES = frozenset(" ".join(_TITLES["offices"]).split())
RANKS = frozenset(" ".join(_TITLES["ranks"]).split())


def title_words() -> frozenset[str]:
    """Every title word, capitalised as it stands before a name."""
    spelled = {w for t in ABBREVIATED_TITLES.values() for w in t.split()}
    return frozenset(
        (spelled | HONORIFICS | {w.capitalize() for w in OFFICES | RANKS})
        - {"Vice", "Prime", "Foreign"}  # parts of a title, never one alone
    )
