"""The JSON report, contract version 1: extend it, never break it.

``{"version": 1, "files": [{"path", "findings": [...], "stats": {...}}]}`` with each
finding's ``start``/``end`` as code-point offsets into the file's text as read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .model import Finding
from .pipeline import FileReport

VERSION = 1


def finding_json(f: Finding) -> dict:
    return {
        "rule": f.rule,
        "engine": f.engine,
        "category": f.category.value,
        "severity": f.severity.value,
        "start": f.start,
        "end": f.end,
        "line": f.line,
        "column": f.column,
        "text": f.text,
        "message": f.message,
        "replacements": list(f.replacements),
        "confidence": round(f.confidence, 3),
        "applicability": f.applicability.value,
        "in_quote": f.in_quote,
        "agreed": list(f.agreed),
    }


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
