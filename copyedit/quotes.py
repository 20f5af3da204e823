"""Direct quotations: a reporter's quote is the speaker's words, never edited unattended.

Curly quotes pair an opening “ with the next ”; straight double quotes pair in turn.
A quotation left open runs to the end of its paragraph (news style for a quote that
continues into the next paragraph), so a missing closing mark never exposes the
speaker's words to an automatic fix. Quotes never cross a blank line.
"""

from __future__ import annotations

import re

from .model import Region

_PARAGRAPH = re.compile(r"(?:[^\r\n]|\r?\n(?![ \t\u00a0]*\r?\n)|\r(?![ \t\u00a0]*\r))+")
_MARKS = re.compile('[“”"]')


def quotation_regions(text: str) -> tuple[Region, ...]:
    regions: list[Region] = []
    for para in _PARAGRAPH.finditer(text):
        regions.extend(_quotes_in(text, para.start(), para.end()))
    return tuple(sorted(regions, key=lambda r: (r.start, r.end)))


def _quotes_in(text: str, start: int, end: int) -> list[Region]:
    found: list[Region] = []
    curly_open: int | None = None
    straight_open: int | None = None
    for m in _MARKS.finditer(text, start, end):  # the marks alone, not every character
        i, ch = m.start(), m.group()
        if ch == "“" and curly_open is None:
            curly_open = i
        elif ch == "”" and curly_open is not None:
            found.append(Region(curly_open, i + 1))
            curly_open = None
        elif ch == '"' and not inch_mark(text, i, straight_open is not None):
            if straight_open is None:
                straight_open = i
            else:
                found.append(Region(straight_open, i + 1))
                straight_open = None
    for opened in (curly_open, straight_open):
        if opened is not None:
            found.append(Region(opened, end))
    return found


def inch_mark(text: str, i: int, closes: bool) -> bool:
    """A straight quote right after a digit (6'2", 15") is a unit, not a quote; but one
    that can close an open quotation closes it ('the "Clean Air Act of 1990" stalled':
    a title or a quote may end in a numeral), unless it follows feet (6'2")."""
    if i == 0 or not text[i - 1].isdigit():
        return False
    return not closes or _FEET_INCHES.search(text, max(0, i - 8), i) is not None


_FEET_INCHES = re.compile(r"\d['’′][ ]?\d{1,2}$")
