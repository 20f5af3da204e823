"""How empty and whitespace-only text is shown to an editor: one rule for every output.

Rich-free on purpose: the GitHub annotation path must not import rich.
"""

from __future__ import annotations


def replacement_label(s: str) -> str:
    """A replacement as a note shows it: "(delete)" when empty, quoted when only
    whitespace (so a space is seen), else as written."""
    if s == "":
        return "(delete)"
    return s if s.strip() else repr(s)


def mark_whitespace(s: str) -> str:
    """Spaces, no-break spaces and tabs drawn as ␣, ⍽ and →."""
    return s.replace(" ", "␣").replace("\u00a0", "⍽").replace("\t", "→")
