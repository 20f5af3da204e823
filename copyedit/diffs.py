"""The suggested-edits diffs: a unified diff ``patch`` applies, and word-level views.

News paragraphs are single long lines, so a line diff says little to an editor; the
word-level diff (difflib over word and space tokens) drives both the CriticMarkup file
and the coloured terminal view.

difflib's matcher costs the product of the two lengths, and more with many repeated
tokens (a whole draft of spaces and "the"), so both diffs cut the texts at anchors first
(tokens found once in each text, in order) and run difflib only on stretches small
enough; a long stretch without anchors is walked from one match to the next.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff of ``old`` -> ``new`` that ``patch -p1`` and ``git apply`` accept.

    Lines keep their own endings (CRLF stays CRLF); a last line without a newline gets
    the ``\\ No newline at end of file`` marker that difflib leaves out.
    """
    if old == new:
        return ""
    a = _split_lines(old)
    b = _split_lines(new)
    name = path.lstrip("/")
    out = [f"--- a/{name}\n", f"+++ b/{name}\n"]
    matcher = _Matcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(3):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@\n")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out.extend(_lines(" ", a[a1:a2]))
                continue
            out.extend(_lines("-", a[a1:a2]))
            out.extend(_lines("+", b[b1:b2]))
    return "".join(out)


def _split_lines(text: str) -> list[str]:
    """Lines as ``patch`` sees them: broken at LF only (str.splitlines also breaks at
    form feeds, U+2028 and others, which would corrupt the diff)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _range(start: int, stop: int) -> str:
    length = stop - start
    first = start + 1 if length else start
    return f"{first}" if length == 1 else f"{first},{length}"


def _lines(prefix: str, lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        out.append(prefix + line)
        if not line.endswith("\n"):
            out.append("\n" + _NO_NEWLINE)
    return out


_DIFFLIB_PRODUCT = 250_000
"""The largest ``len(a) * len(b)`` given to difflib in one piece (about 500 tokens a side,
a long paragraph): a few milliseconds for prose, under a second for the worst."""
_REACH = 64
"""How many tokens, both sides together, a walk looks ahead for the next match."""
_SYNC = 6
"""Tokens that must agree (or both texts end) for the walk to take up a match."""

Block = tuple[int, int, int]


class _Matcher(difflib.SequenceMatcher[str]):
    """difflib's matcher, its opcodes and groups, with the matching blocks found by
    :func:`_matching_blocks` (near-linear) instead of one quadratic search."""

    # Instance attributes difflib sets (set_seq1, set_seq2) that its stubs leave out.
    a: Sequence[str]
    b: Sequence[str]
    matching_blocks: list[difflib.Match] | None

    def get_matching_blocks(self) -> list[difflib.Match]:
        if self.matching_blocks is None:
            blocks: list[Block] = []
            _matching_blocks(self.a, self.b, 0, len(self.a), 0, len(self.b), blocks)
            self.matching_blocks = [difflib.Match(*block) for block in _merged(sorted(blocks))]
            self.matching_blocks.append(difflib.Match(len(self.a), len(self.b), 0))
        return self.matching_blocks


def _matching_blocks(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    out: list[Block],
    anchored: bool = False,
) -> None:
    """Matching blocks of ``a[alo:ahi]`` and ``b[blo:bhi]``: difflib's own when the
    stretch is small; else, once, cut at the runs of equal tokens around the tokens found
    once on each side (in order, the longest such run: patience diff) and each piece
    between done alike; else walked."""
    if (ahi - alo) * (bhi - blo) <= _DIFFLIB_PRODUCT:
        found = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        out.extend((alo + i, blo + j, n) for i, j, n in found.get_matching_blocks() if n)
        return
    anchors = [] if anchored else _anchors(a, b, alo, ahi, blo, bhi)
    if not anchors:
        _walk(a, b, alo, ahi, blo, bhi, out)
        return
    for i, j, n in _grown(a, b, anchors, alo, ahi, blo, bhi):
        _matching_blocks(a, b, alo, i, blo, j, out, anchored=True)
        out.append((i, j, n))
        alo, blo = i + n, j + n
    _matching_blocks(a, b, alo, ahi, blo, bhi, out, anchored=True)


def _grown(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    anchors: list[tuple[int, int]],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
) -> list[Block]:
    """Each anchor grown into the whole run of equal tokens around it, as difflib's
    blocks are; where two runs claim the same tokens (a space on both sides of a
    deletion), the longer keeps them (the earlier on a tie), as difflib, which takes the
    longest block first, decides."""
    blocks: list[list[int]] = []
    for i, j in anchors:
        if blocks and i < blocks[-1][0] + blocks[-1][2]:
            continue  # in the run grown from the anchor before
        left = right = 0
        while i - left > alo and j - left > blo and a[i - left - 1] == b[j - left - 1]:
            left += 1
        while i + right + 1 < ahi and j + right + 1 < bhi and a[i + right + 1] == b[j + right + 1]:
            right += 1
        blocks.append([i - left, j - left, left + right + 1])
    for before, after in zip(blocks, blocks[1:], strict=False):
        shared = max(before[0] + before[2] - after[0], before[1] + before[2] - after[1], 0)
        if before[2] >= after[2]:
            after[0] += shared
            after[1] += shared
            after[2] -= shared
        else:
            before[2] -= shared
    return [(i, j, n) for i, j, n in blocks]


def _anchors(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """The longest in-order run of pairs (i, j) where ``a[i] == b[j]`` is a token found
    exactly once in each stretch."""
    in_a = Counter(a[alo:ahi])
    in_b = Counter(b[blo:bhi])
    where = {b[j]: j for j in range(blo, bhi) if in_b[b[j]] == 1 and in_a[b[j]] == 1}
    pairs = [(i, where[a[i]]) for i in range(alo, ahi) if a[i] in where]
    # longest increasing run of j (patience sorting)
    tails: list[int] = []  # tails[k]: the j ending the best run of length k + 1
    ends: list[int] = []  # the index into pairs of that end
    back: list[int] = []
    for n, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        back.append(ends[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            ends.append(n)
        else:
            tails[k] = j
            ends[k] = n
    run: list[tuple[int, int]] = []
    n = ends[-1] if ends else -1
    while n >= 0:
        run.append(pairs[n])
        n = back[n]
    return run[::-1]


def _walk(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    out: list[Block],
) -> None:
    """Matching blocks of a long stretch with no anchors (a draft of one sentence over
    and over): equal tokens are taken as they come; at a difference, the nearest place
    where both sides agree again (within ``_REACH``) ends it, and difflib matches the
    few tokens between. Beyond reach, the rest is one change, but for a common tail."""
    i, j = alo, blo
    while i < ahi and j < bhi:
        if a[i] == b[j]:
            n = 1
            while i + n < ahi and j + n < bhi and a[i + n] == b[j + n]:
                n += 1
            out.append((i, j, n))
            i, j = i + n, j + n
            continue
        step = _resync(a, b, i, ahi, j, bhi)
        if step is None:
            break
        di, dj = step
        _matching_blocks(a, b, i, i + di, j, j + dj, out)
        i, j = i + di, j + dj
    n = 0
    while i < ahi - n and j < bhi - n and a[ahi - n - 1] == b[bhi - n - 1]:
        n += 1
    if n:
        out.append((ahi - n, bhi - n, n))


def _resync(
    a: Sequence[Hashable], b: Sequence[Hashable], i: int, ahi: int, j: int, bhi: int
) -> tuple[int, int] | None:
    """The fewest tokens (di, dj) to skip so that both sides agree for ``_SYNC`` tokens,
    or both end."""
    for reach in range(1, _REACH + 1):
        for di in range(reach + 1):
            ai, bj = i + di, j + reach - di
            if ai > ahi or bj > bhi:
                continue
            n = min(_SYNC, ahi - ai, bhi - bj)
            if (n == _SYNC or (ai + n == ahi and bj + n == bhi)) and (
                a[ai : ai + n] == b[bj : bj + n]
            ):
                return di, reach - di
    return None


def _merged(blocks: list[Block]) -> list[Block]:
    """Sorted blocks with touching ones joined (difflib's opcodes expect that)."""
    out: list[Block] = []
    for i, j, n in blocks:
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + n)
        else:
            out.append((i, j, n))
    return out


@dataclass(frozen=True)
class Chunk:
    op: str  # "equal", "replace", "delete", "insert"
    old: str
    new: str


def word_diff(old: str, new: str) -> list[Chunk]:
    """Word-level diff of two texts; adjacent changes merge into one chunk."""
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    chunks: list[Chunk] = []
    for tag, i1, i2, j1, j2 in _Matcher(None, a, b, autojunk=False).get_opcodes():
        chunks.append(Chunk(tag, "".join(a[i1:i2]), "".join(b[j1:j2])))
    return chunks


def critic_markup(old: str, new: str) -> str:
    """CriticMarkup of the changes: {~~old~>new~~}, {--deleted--}, {++inserted++}.

    Line breaks both sides keep stay outside the marks (spaces trimmed before a paragraph
    break are one whitespace token with it), so every paragraph stays on its own lines."""
    out = []
    for c in word_diff(old, new):
        if c.op == "equal":
            out.append(c.old)
            continue
        head, old_part, new_part, tail = _shared_line_breaks(c.old, c.new)
        out.append(head)
        if not new_part:
            out.append("{--" + old_part + "--}")
        elif not old_part:
            out.append("{++" + new_part + "++}")
        else:
            out.append("{~~" + old_part + "~>" + new_part + "~~}")
        out.append(tail)
    return "".join(out)


def _shared_line_breaks(old: str, new: str) -> tuple[str, str, str, str]:
    """(head, old, new, tail): the whitespace both sides start and end with, taken out
    when it holds a line break."""
    tail = _shared_space(old[::-1], new[::-1])[::-1]
    if not _has_line_break(tail):
        tail = ""
    old, new = old[: len(old) - len(tail)], new[: len(new) - len(tail)]
    head = _shared_space(old, new)
    if not _has_line_break(head):
        head = ""
    return head, old[len(head) :], new[len(head) :], tail


def _shared_space(a: str, b: str) -> str:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n] and a[n].isspace():
        n += 1
    return a[:n]


def _has_line_break(text: str) -> bool:
    return "\n" in text or "\r" in text
