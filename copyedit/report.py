"""The JSON report, contract version 1: extend it, never break it.

``{"version": 1, "files": [{"path", "findings": [...], "stats": {...}}]}`` with each
finding's ``start``/``end`` as code-point offsets into the file's text as read.
``replacements`` are the flagged text's new text under each fix; ``fixes`` (added later)
are the same alternatives as edits, ``[{"applicability", "edits": [{"start", "end",
"original", "replacement"}]}]``, so a fix of several edits (a comma inserted and the next
word lower-cased) can be applied exactly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .model import Finding
from .pipeline import FileReport

VERSION = 1


def finding_json(f: Finding) -> dict:
    return {**f.to_json(), "confidence": round(f.confidence, 3)}


def report_json(reports: Sequence[FileReport]) -> dict:
    return {
        "version": VERSION,
        "files": [
            {
                "path": r.doc.path,
                "findings": [finding_json(f) for f in r.findings],
                "stats": r.stats.to_json(r.doc),
                "engines": list(r.engines),
                "notes": list(r.notes),
            }
            for r in reports
        ],
    }


def dumps(reports: Sequence[FileReport]) -> str:
    return json.dumps(report_json(reports), ensure_ascii=False, indent=2) + "\n"
