"""A draft as read: its exact text, where its prose is, and where it is protected.

``Document.text`` is the text exactly as decoded (CRLF, BOM and no-break spaces kept);
every offset in copyedit indexes into it. ``masked`` is the same text with protected
regions (Markdown code, URLs, HTML, front matter) blanked to spaces, keeping newlines,
so engines can check prose without seeing markup and without shifting any offset.

How a file becomes text, and which regions are protected, is its format's business
(``copyedit.formats``); a Document only carries the format's name and its ``origin``,
what the format's writer needs to put edits back into the file that was checked.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from . import formats
from .errors import InputError
from .files import Source, check_text_size, read_draft
from .formats.text import decode
from .model import Region, RegionIndex
from .quotes import quotation_regions

__all__ = ["Document", "decode", "expand_paths", "load"]

if TYPE_CHECKING:
    from .analysis import Analysis

# A blank line: a line break, optional spaces, another line break ("\r" alone is a break
# only when no "\n" follows, so a single CRLF is never read as two).
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t\u00a0]*(?:\r\n|\r|\n)\s*")


@dataclass(frozen=True)
class Document:
    text: str
    path: str = "<text>"
    format: str = "text"
    protected: tuple[Region, ...] = ()
    quotes: tuple[Region, ...] = ()
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)
    source: Source | None = field(default=None, repr=False, compare=False)
    """The file it was read from (None for text not read from disk)."""
    origin: object | None = field(default=None, repr=False, compare=False)
    """Opaque to all but the format's writer: for a .docx, the package and its text map."""

    @classmethod
    def from_text(
        cls, text: str, path: str = "<text>", format: str = "text", origin: object | None = None
    ) -> Document:
        protected = formats.get(format).protected(text)
        masked = _mask(text, protected)
        quotes = quotation_regions(masked)
        return cls(
            text=text, path=path, format=format, protected=protected, quotes=quotes, origin=origin
        )

    @cached_property
    def masked(self) -> str:
        return _mask(self.text, self.protected)

    @cached_property
    def analysis(self) -> Analysis:
        """The one reading of the draft every engine shares (``copyedit.analysis``)."""
        from .analysis import analyse

        return analyse(self)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of ``offset``.

        Lines break at LF, CRLF or a lone CR, as editors count them.
        """
        starts = self._starts
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    @cached_property
    def _starts(self) -> list[int]:
        starts = [0]
        for m in re.finditer(r"\r\n|\r|\n", self.text):
            starts.append(m.end())
        return starts

    def is_protected(self, start: int, end: int) -> bool:
        return self._protected_index.overlaps(start, end)

    def in_quote(self, start: int, end: int) -> bool:
        """``start:end`` touches a quotation (``model.touches``)."""
        return self._quote_index.touches(start, end)

    @cached_property
    def _protected_index(self) -> RegionIndex:
        return RegionIndex(self.protected)

    @cached_property
    def _quote_index(self) -> RegionIndex:
        return RegionIndex(self.quotes)

    @cached_property
    def paragraphs(self) -> tuple[Region, ...]:
        """Spans of non-blank paragraphs (runs of text between blank lines)."""
        spans: list[Region] = []
        pos = 0
        text = self.masked
        for m in _PARAGRAPH_BREAK.finditer(text):
            _add_paragraph(spans, text, pos, m.start())
            pos = m.end()
        _add_paragraph(spans, text, pos, len(text))
        return tuple(spans)

    def paragraph_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self._paragraph_starts, offset) - 1, 0)

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]


def _add_paragraph(spans: list[Region], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        spans.append(Region(start + lead, start + lead + len(stripped)))


def _mask(text: str, regions: tuple[Region, ...]) -> str:
    if not regions:
        return text
    chars = list(text)
    for r in regions:
        for i in range(r.start, r.end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def load(path: str | Path) -> Document:
    """Read a draft from disk in the format its suffix names (plain text when none does).
    Every failure is an ``InputError`` with one clear line: only a regular file is a
    draft, read up to its format's limit, and its text is held to ``MAX_DRAFT_BYTES``."""
    fmt = formats.for_path(path)
    data, source = read_draft(path, fmt.max_bytes)
    decoded = fmt.read(data, str(path))
    check_text_size(path, decoded.text)
    doc = Document.from_text(decoded.text, str(path), fmt.name, decoded.origin)
    return replace(doc, source=source)


def expand_paths(paths: tuple[str, ...] | list[str]) -> list[Path]:
    """Files named, plus the drafts (every registered suffix) found under any folder
    named, sorted."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            drafts = sorted(
                f for f in p.rglob("*") if f.is_file() and formats.by_suffix(f) is not None
            )
            if not drafts:
                raise InputError(f"{raw}: folder holds no drafts ({formats.describe_suffixes()})")
            found.extend(drafts)
        else:
            found.append(p)
    return found
