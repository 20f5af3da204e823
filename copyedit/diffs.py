"""The suggested-edits diffs: a unified diff ``patch`` applies, and word-level views.

News paragraphs are single long lines, so a line diff says little to an editor; the
word-level diff (difflib over word and space tokens) drives both the CriticMarkup file
and the coloured terminal view.
"""

from __future__ import annotations

import difflib
import re
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
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
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
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        chunks.append(Chunk(tag, "".join(a[i1:i2]), "".join(b[j1:j2])))
    return chunks


def critic_markup(old: str, new: str) -> str:
    """CriticMarkup of the changes: {~~old~>new~~}, {--deleted--}, {++inserted++}."""
    out = []
    for c in word_diff(old, new):
        if c.op == "equal":
            out.append(c.old)
        elif c.op == "delete":
            out.append("{--" + c.old + "--}")
        elif c.op == "insert":
            out.append("{++" + c.new + "++}")
        else:
            out.append("{~~" + c.old + "~>" + c.new + "~~}")
    return "".join(out)
