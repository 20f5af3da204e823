"""Words with their offsets and the neighbours a pair model can use."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]['\"\u2019\u201d)\]]*\s*$")
_JOINER = re.compile(r"[ \t\u00a0]+")
_ENDS_SENTENCE = re.compile(r"[.!?]['\"\u2019\u201d)\]]*(?:\s|$)")
START, END = "<s>", "</s>"


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
    left: tuple[str, ...] = ()
    """Up to two words before, oldest first, for a trigram model: only across spaces,
    beginning with ``<s>`` at a sentence start."""
    right: tuple[str, ...] = ()
    """Up to two words after, across spaces, ending with ``</s>`` at a sentence end."""

    @property
    def proper(self) -> bool:
        """Capitalised mid-sentence, all capitals or capitals inside: a name or an
        acronym, never fixed."""
        t = self.text
        if len(t) > 1 and (t.isupper() or not t[1:].islower()):
            return True  # all capitals, or capitals inside (mAb, iPhone, McCain)
        return t[0].isupper() and not self.sentence_start


def tokens(text: str) -> list[Token]:
    found = list(WORD.finditer(text))
    n = len(found)
    gaps = [
        text[found[i - 1].end() : m.start()] if i else text[: m.start()]
        for i, m in enumerate(found)
    ]
    gaps.append(text[found[-1].end() :] if found else "")
    words = [m.group().lower() for m in found]
    starts = [i == 0 or bool(_SENTENCE_END.search(gaps[i])) or "\n\n" in gaps[i] for i in range(n)]
    # joined[i]: words i-1 and i are separated by spaces only (no pair evidence across
    # punctuation or a line break)
    joined = [i > 0 and bool(_JOINER.fullmatch(gaps[i])) for i in range(n + 1)]
    ends = [bool(_ENDS_SENTENCE.match(gaps[i + 1])) for i in range(n)]
    out: list[Token] = []
    for i, m in enumerate(found):
        prev = START if starts[i] else (words[i - 1] if joined[i] else None)
        nxt = words[i + 1] if i + 1 < n and joined[i + 1] else None
        left: list[str] = []
        j = i
        while len(left) < 2:
            if starts[j]:
                left.insert(0, START)
                break
            if not joined[j]:
                break
            j -= 1
            left.insert(0, words[j])
        right: list[str] = []
        j = i
        while len(right) < 2:
            if ends[j]:
                right.append(END)
                break
            if j + 1 >= n or not joined[j + 1] or starts[j + 1]:
                break
            j += 1
            right.append(words[j])
        out.append(
            Token(
                m.start(),
                m.end(),
                m.group(),
                words[i],
                prev,
                nxt,
                starts[i],
                tuple(left),
                tuple(right),
            )
        )
    return out
