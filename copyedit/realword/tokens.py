"""Words with their offsets and the neighbours a pair model can use."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]['\"\u2019\u201d)\]]*\s*$")
_JOINER = re.compile(r"[ \t\u00a0]+")
START = "<s>"


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    lower: str
    prev: str | None
    """The previous word when only spaces separate them, ``<s>`` at a sentence start,
    else None (a comma, dash or line break: no pair evidence across it)."""
    next: str | None
    sentence_start: bool

    @property
    def proper(self) -> bool:
        """Capitalised mid-sentence, or all capitals: a name or an acronym, never fixed."""
        t = self.text
        if len(t) > 1 and t.isupper():
            return True
        return t[0].isupper() and not self.sentence_start


def tokens(text: str) -> list[Token]:
    found = list(WORD.finditer(text))
    out: list[Token] = []
    for i, m in enumerate(found):
        before = text[found[i - 1].end() : m.start()] if i else text[: m.start()]
        starts = i == 0 or bool(_SENTENCE_END.search(before)) or "\n\n" in before
        if starts:
            prev = START
        elif _JOINER.fullmatch(before):
            prev = found[i - 1].group().lower()
        else:
            prev = None
        nxt = None
        if i + 1 < len(found):
            after = text[m.end() : found[i + 1].start()]
            if _JOINER.fullmatch(after):
                nxt = found[i + 1].group().lower()
        out.append(Token(m.start(), m.end(), m.group(), m.group().lower(), prev, nxt, starts))
    return out
