"""The terminal report (rich): findings by paragraph, readability, word-level edits.

Every string from a draft or a rule goes through ``escape_controls``: a draft's escape
sequences must not retitle, clear or recolour the editor's terminal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .diffs import word_diff
from .fixes import apply_edits, fix_document
from .model import Applicability, Severity
from .pipeline import FileReport
from .visible import escape_controls, mark_whitespace, replacement_label

_SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.SUGGESTION: "cyan",
}


def render(reports: Sequence[FileReport], console: Console) -> None:
    for report in reports:
        _render_file(report, console)
    total = sum(len(r.findings) for r in reports)
    console.print(f"[bold]{total} finding{'s' if total != 1 else ''}[/] in {len(reports)} file(s).")


def _render_file(report: FileReport, console: Console) -> None:
    doc = report.doc
    console.rule(Text(escape_controls(doc.path), style="bold"))
    for note in report.notes:
        console.print(Text.assemble(("note:", "yellow"), f" {escape_controls(note)}"))
    current = None
    for f in report.findings:
        para = doc.paragraph_index(f.start)
        if para != current:
            current = para
            console.print(Text(f"¶ {para + 1}", style="bold dim"))
        line = Text(f"  {f.line}:{f.column} ")
        line.append(f.severity.value, style=_SEVERITY_STYLE[f.severity])
        line.append(f" {escape_controls(f.rule)}", style="dim")
        line.append(f"  {escape_controls(f.message)}")
        if f.replacements:
            line.append("  → ", style="dim")
            line.append(escape_controls(replacement_label(f.replacements[0])), style="green")
        if f.in_quote and f.replacements:
            line.append("  (in a quotation: not applied automatically)", style="magenta")
        console.print(line)
    if not report.findings:
        console.print("  no findings")
    _render_stats(report, console)
    _render_edits(report, console)


def _render_stats(report: FileReport, console: Console) -> None:
    s = report.stats
    table = Table(title="Readability", show_header=False, box=None)
    table.add_row("words", str(s.words))
    table.add_row("sentences", str(s.sentences))
    table.add_row("Flesch reading ease", f"{s.flesch_reading_ease}")
    table.add_row("Flesch-Kincaid grade", f"{s.flesch_kincaid_grade}")
    for n, longest in enumerate(s.longest, 1):
        line = report.doc.line_col(longest.start)[0]
        table.add_row(f"longest #{n}", f"{longest.words} words (line {line})")
    console.print(table)


def _render_edits(report: FileReport, console: Console) -> None:
    """The suggested edits (safe and unsafe, outside quotations), word by word."""
    result = fix_document(report.doc, report.findings, Applicability.UNSAFE)
    if not result.applied:
        return
    console.print("[bold]Suggested edits[/]")
    doc = report.doc
    for para in doc.paragraphs:
        edits = [e for e in result.applied if para.start <= e.start and e.end <= para.end]
        if not edits:
            continue
        old = doc.text[para.start : para.end]
        shifted = [replace(e, start=e.start - para.start, end=e.end - para.start) for e in edits]
        new = apply_edits(old, shifted).text
        text = Text("  ")
        for chunk in word_diff(old, new):
            if chunk.op == "equal":
                text.append(escape_controls(chunk.old))
                continue
            if chunk.old:
                text.append(_shown(chunk.old), style="red strike")
            if chunk.new:
                text.append(_shown(chunk.new), style="green underline")
        console.print(text)


def _shown(s: str) -> str:
    """Whitespace made visible in the edit view (␣ a space, ⍽ a no-break space), control
    characters escaped."""
    return escape_controls(s if s.strip() else mark_whitespace(s))
