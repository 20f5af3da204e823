"""Speech: the words of someone other than the writer, which no check reads as evidence
of the draft's own style and no fix touches unattended.

For now speech is the direct quotations (``quotes.py``) and words quoted without marks
after a verb of saying ("he said, You know"). Interview answers, Q:/A: forms and
bracketed editorial insertions belong here too: each is one more source of regions in
``speech_regions``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Region

# "he said, You know", "the blurb reads, Supplies you": words quoted without marks.
_SAID = re.compile(
    r"\b(?:said|says|say|asked|asks|ask|wrote|writes|reads|read|replied|replies|added|adds|"
    r"told|tells|cried|shouted|answered|declared|announced|insisted|sang|sings)[,:]\s+$"
)
_UNMARKED_START = re.compile(r"\s*[A-Z]")


def opens_unmarked_speech(text: str, sent_start: int, start: int) -> bool:
    """The word at ``start`` follows a verb of saying and a comma or colon (within its
    sentence and 30 characters): the first word of speech quoted without marks."""
    return _SAID.search(text, max(sent_start, start - 30), start) is not None


def speech_regions(
    text: str, quotes: Sequence[Region], sentences: Sequence[Region]
) -> tuple[Region, ...]:
    """Quotations, and speech quoted without marks ("he said, You know we ...": from the
    capital to its sentence's end), sorted by start."""
    regions = list(quotes)
    for s in sentences:
        for m in re.finditer(r"[,:]", text[s.start : s.end]):
            at = s.start + m.end()
            cap = _UNMARKED_START.match(text, at, s.end)
            if cap and opens_unmarked_speech(text, s.start, cap.end() - 1):
                regions.append(Region(cap.end() - 1, s.end))
                break
    return tuple(sorted(regions, key=lambda r: (r.start, r.end)))
