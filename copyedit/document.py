"""A draft as read: its exact text, where its prose is, and where it is protected.

``Document.text`` is the text exactly as decoded (CRLF, BOM and no-break spaces kept);
every offset in copyedit indexes into it. ``masked`` is the same text with protected
regions (Markdown code, URLs, HTML, front matter) blanked to spaces, keeping newlines,
so engines can check prose without seeing markup and without shifting any offset.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .files import MAX_DOCX_BYTES, MAX_DRAFT_BYTES, Source, check_text_size, read_draft
from .markup import protected_regions
from .model import Region
from .quotes import quotation_regions

if TYPE_CHECKING:
    from .analysis import Analysis

DRAFT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".docx": "docx"}
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

    @classmethod
    def from_text(cls, text: str, path: str = "<text>", format: str = "text") -> Document:
        protected = protected_regions(text, format)
        masked = _mask(text, protected)
        quotes = quotation_regions(masked)
        return cls(text=text, path=path, format=format, protected=protected, quotes=quotes)

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
        return any(r.overlaps(start, end) for r in self.protected)

    def in_quote(self, start: int, end: int) -> bool:
        return any(r.overlaps(start, end) or r.contains(start, end) for r in self.quotes)

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


def decode(data: bytes, path: str) -> str:
    """Decode a draft's bytes strictly as UTF-8, keeping a BOM and every newline."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file, not a text draft")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        breaks = list(re.finditer(rb"\r\n|\r|\n", data[: exc.start]))
        line = len(breaks) + 1
        col = exc.start - (breaks[-1].end() if breaks else 0) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            f"{path}: not UTF-8 at line {line}, byte column {col} (byte 0x{bad}); "
            "re-save the draft as UTF-8"
        ) from None


def load(path: str | Path) -> Document:
    """Read a draft from disk. Every failure is an ``InputError`` with one clear line:
    only a regular file is a draft, and its text is held to ``MAX_DRAFT_BYTES``."""
    fmt = DRAFT_SUFFIXES.get(Path(path).suffix.lower(), "text")
    if fmt == "docx":
        from .docx.reader import document_from_bytes  # lxml only when a .docx is read

        data, source = read_draft(path, MAX_DOCX_BYTES)
        doc = document_from_bytes(data, str(path))
        check_text_size(path, doc.text)
    else:
        data, source = read_draft(path, MAX_DRAFT_BYTES)
        doc = Document.from_text(decode(data, str(path)), path=str(path), format=fmt)
    return replace(doc, source=source)


def expand_paths(paths: tuple[str, ...] | list[str]) -> list[Path]:
    """Files named, plus the drafts (.txt, .md, .docx) found under any folder named, sorted."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            drafts = sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DRAFT_SUFFIXES
            )
            if not drafts:
                raise InputError(f"{raw}: folder holds no drafts (.txt, .md, .docx)")
            found.extend(drafts)
        else:
            found.append(p)
    return found
