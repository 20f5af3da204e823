"""Word .docx: read paragraph by paragraph (``copyedit.docx.reader``), written back as
tracked changes and comments (``copyedit.docx.writer``).

lxml is imported only when a .docx is read: this module names the reader and the writer
but imports them inside the functions that use them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import CopyeditError
from ..files import MAX_DOCX_BYTES
from ..markup import text_regions
from ..model import Applicability, Finding
from .base import Decoded, Draft, Format, Written

if TYPE_CHECKING:
    from ..docx.reader import Parsed


@dataclass(eq=False)
class DocxOrigin:
    """The bytes that were checked and their parse, so ``fix`` edits exactly those bytes
    without reading the file again. The writer edits the parsed XML in place, so the
    parse is handed out once; a second write parses the same bytes afresh."""

    data: bytes
    path: str
    _parsed: Parsed | None = field(default=None, repr=False)

    def take(self) -> Parsed:
        from ..docx.reader import load_package

        parsed, self._parsed = self._parsed, None
        return parsed if parsed is not None else load_package(self.data, self.path)


def read_docx(data: bytes, path: str) -> Decoded:
    from ..docx.reader import load_package

    parsed = load_package(data, path)
    return Decoded(parsed.tmap.text, DocxOrigin(data, path, parsed))


def write_docx(doc: Draft, findings: Sequence[Finding], accept: Applicability) -> Written:
    """The checked .docx with the accepted edits as tracked changes and the other findings
    as comments (see ``copyedit.docx.writer``)."""
    from ..docx.writer import write_tracked

    origin = doc.origin
    if not isinstance(origin, DocxOrigin):
        raise CopyeditError(f"{doc.path}: not read from a .docx file; nothing to write into")
    parsed = origin.take()
    if parsed.tmap.text != doc.text:  # a bug, never the input: the text is the parse's
        raise RuntimeError(f"{doc.path}: the draft's text is not its .docx's text")
    out = write_tracked(parsed, findings, accept, doc.protected)
    outside = sum(u.reason == "docx-outside-body" for u in out.uncarried)
    left = f", {outside} note(s) in footnotes/headers left to the report" if outside else ""
    summary = (
        f"copyedit: {len(out.fix.applied)} tracked change(s), {out.comments} comment(s), "
        f"{len(out.fix.skipped)} edit(s) skipped{left}."
    )
    changed = bool(out.fix.applied or out.comments)
    return Written(out.data, out.fix.text, changed, summary)


DOCX = Format(
    "docx",
    (".docx",),
    read_docx,
    text_regions,
    max_bytes=MAX_DOCX_BYTES,
    write=write_docx,
    label="Word",
    writes="tracked changes",
)
FORMATS = (DOCX,)
