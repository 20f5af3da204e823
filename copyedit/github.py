"""``check --format github``: GitHub Actions workflow commands, one per finding.

``::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=T::message``: GitHub turns
each into an annotation on the file's lines in a pull request. Severity maps to the
command (error, warning, notice); columns count code points, 1-based, and the end
column is the one just past the flagged text.
"""

# No ``from __future__ import annotations``: its name would clash with annotations() below.
from collections.abc import Sequence

from .document import Document
from .model import Finding, Severity
from .pipeline import FileReport
from .visible import replacement_label

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def escape_data(s: str) -> str:
    """The message part: ``%``, CR and LF are percent-encoded (``%`` first)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """A property value (file, title): also ``:`` and ``,``, which separate properties."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def annotation(doc: Document, f: Finding) -> str:
    if f.end > f.start:
        end_line, end_col = doc.line_col(f.end - 1)
        end_col += 1
    else:
        end_line, end_col = f.line, f.column
    props = {
        "file": doc.path,
        "line": str(f.line),
        "col": str(f.column),
        "endLine": str(end_line),
        "endColumn": str(end_col),
        "title": f"copyedit {f.rule}",
    }
    message = f.message
    if f.replacements:
        message += f" (suggested: {replacement_label(f.replacements[0])})"
    if f.in_quote:
        message += " [in a direct quotation]"
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
    return f"::{LEVEL[f.severity]} {head}::{escape_data(message)}"


def annotations(reports: Sequence[FileReport]) -> str:
    """Every finding of every file, then each distinct engine note once as a notice."""
    lines = [annotation(r.doc, f) for r in reports for f in r.findings]
    seen: list[str] = []
    for r in reports:
        seen.extend(n for n in r.notes if n not in seen)
    lines += [f"::notice title=copyedit::{escape_data(n)}" for n in seen]
    return "".join(line + "\n" for line in lines)
