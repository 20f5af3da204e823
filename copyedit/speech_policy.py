"""What becomes of a finding in speech: one policy, as data, applied by the pipeline.

A speaker's words (a quotation, an interview answer, speech quoted without marks) are
theirs: the editor may fix an obvious slip, never their style or wording. So a finding
that lies mostly in speech (``SPEECH_SHARE`` of its span or more) is treated by its
category (``IN_SPEECH``): style edits (wordiness, redundancy), grammar and long-sentence
notes are dropped; punctuation and spelling slips are shown, display-only, never
applied; a fix that adds or removes words (``"March of 2016" -> "March 2016"``,
``"whether or not" -> "whether"``, ``"from 2005-2015" -> "from 2005 to 2015"``) is a
wording change and is dropped, whatever its category, unless it only joins or splits the
same letters (``"can not" -> "cannot"``, ``"alot" -> "a lot"``: how the words are
written, not which). An editor's bracketed insertion ("involve[d]", "[I]f", "[...]") is the
quotation convention: no finding within one is kept.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from .analysis.sentences import WORD
from .model import Applicability, Category, Finding


class Treatment(StrEnum):
    KEEP = "keep"
    DISPLAY_ONLY = "display-only"
    DROP = "drop"


IN_SPEECH: dict[Category, Treatment] = {
    Category.STYLE: Treatment.DROP,
    Category.READABILITY: Treatment.DROP,
    Category.GRAMMAR: Treatment.DROP,
    Category.PUNCTUATION: Treatment.DISPLAY_ONLY,
    Category.TYPOGRAPHY: Treatment.DISPLAY_ONLY,
    Category.SPELLING: Treatment.DISPLAY_ONLY,
    Category.REAL_WORD: Treatment.DISPLAY_ONLY,
    Category.CONSISTENCY: Treatment.DISPLAY_ONLY,
}
"""A finding mostly in speech, by category. Grammar is dropped: a reporter does not
correct a speaker's grammar, and on the judged dev news grammar findings in speech were
2 correct, 5 debatable and 10 wrong (outside speech 22, 20 and 15); spelling slips stay,
shown but not applied (in speech 3 correct, 4 debatable, 8 wrong: an obvious typo in a
quotation is still a typo)."""

WORDING_CHANGE = Treatment.DROP
"""A fix in speech that adds or removes words (not a spelling correction)."""

SPEECH_SHARE = 0.5
"""A finding is in speech when at least this fraction of its span is speech."""


def treat(f: Finding, speech_share: float, in_insertion: bool) -> Finding | None:
    """``f`` as the policy leaves it (None: dropped). ``speech_share`` is the fraction
    of its span in speech; ``in_insertion``: its span lies within an editor's
    bracketed insertion."""
    if in_insertion:
        return None
    if speech_share < SPEECH_SHARE:
        return f
    treatment = IN_SPEECH.get(f.category, Treatment.DISPLAY_ONLY)
    if f.category is Category.GRAMMAR and same_letters(f):
        treatment = IN_SPEECH[Category.SPELLING]  # 'can not' -> 'cannot': how it is written
    if treatment is not Treatment.KEEP and changes_wording(f):
        treatment = WORDING_CHANGE
    if treatment is Treatment.DROP:
        return None
    if treatment is Treatment.DISPLAY_ONLY and f.applicability is not Applicability.DISPLAY_ONLY:
        return replace(f, applicability=Applicability.DISPLAY_ONLY)
    return f


def same_letters(f: Finding) -> bool:
    """Its first fix joins or splits the same letters ("can not" -> "cannot")."""
    return bool(f.replacements) and _letters(f.replacements[0]) == _letters(f.text)


def changes_wording(f: Finding) -> bool:
    """Its first fix adds or removes a word, and not by joining or splitting the same
    letters ("can not" -> "cannot", "alot" -> "a lot")."""
    if not f.replacements or same_letters(f):
        return False
    return _words(f.replacements[0]) != _words(f.text)


def _words(s: str) -> int:
    return len(WORD.findall(s))


def _letters(s: str) -> str:
    return "".join(c for c in s.casefold() if c.isalnum())
