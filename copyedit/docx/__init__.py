"""Word .docx drafts: reading them for checking, writing edits back as tracked changes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..document import Document
from ..errors import InputError
from ..files import check_unchanged
from ..model import Applicability, Finding
from .writer import DocxFix, Uncarried, tracked_changes

__all__ = ["DocxFix", "Uncarried", "fix_docx"]


def fix_docx(doc: Document, findings: Iterable[Finding], accept: Applicability) -> DocxFix:
    """Read ``doc``'s .docx again and return it with the accepted edits as tracked changes
    and the other findings as comments (nothing is written here). The file must still be
    the one checked: edits placed by offsets into another version would damage it."""
    if doc.source is not None:
        data = check_unchanged(doc.source)
    else:
        try:
            data = Path(doc.path).read_bytes()
        except OSError as exc:
            raise InputError(f"{doc.path}: cannot read ({exc.strerror or exc})") from None
    return tracked_changes(data, doc.path, doc.text, findings, accept, doc.protected)
