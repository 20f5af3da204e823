"""The terminal report (rich): findings by paragraph, readability, word-level edits.

Each finding is shown the way a compiler shows a code frame: its position, an excerpt of
its line with the flagged words in it (trimmed with … on a long paragraph-line), a caret
line under the flagged words with the proposed change as ``old → new``, then severity,
rule and message. Repeats of one rule on the same words with the same change are one
entry with a count and every position (the machine formats keep one record each).

On a terminal with colour the flagged words are highlighted and the suggested edits are
struck through and underlined; without one (a pipe, a file, ``NO_COLOR``, ``--color
never``) the edits are marked in plain text, CriticMarkup as ``fix --critic`` writes it:
``{~~old~>new~~}``, ``{--deleted--}``, ``{++inserted++}``.

Every string from a draft or a rule goes through ``escape_controls``: a draft's escape
sequences must not retitle, clear or recolour the editor's terminal."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .diffs import word_diff
from .fixes import apply_edits, fix_document
from .model import Applicability, Finding, Severity
from .pipeline import FileReport
from .visible import escape_controls, mark_whitespace, replacement_label

_SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.SUGGESTION: "cyan",
}
_INDENT = 2
_EXCERPT_MAX = 100
"""The widest excerpt, in cells (narrower when the console is)."""
_EXCERPT_MIN = 40
_SHOWN_POSITIONS = 12
"""Positions listed for a repeated finding before the rest are elided."""


def plain(console: Console) -> bool:
    """True when the console shows no colour (not a terminal, ``NO_COLOR``, a dumb
    terminal, or ``--color never``): then edits are marked in text."""
    return console.color_system is None or console.no_color


def render(reports: Sequence[FileReport], console: Console) -> None:
    for report in reports:
        _render_file(report, console)
    total = sum(len(r.findings) for r in reports)
    console.print(f"[bold]{total} finding{'s' if total != 1 else ''}[/] in {len(reports)} file(s).")


# --- grouping ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One line of the report: a finding and the repeats of it (same rule, severity,
    flagged text, first replacement and quotation status) later in the draft."""

    findings: tuple[Finding, ...]

    @property
    def first(self) -> Finding:
        return self.findings[0]

    @property
    def count(self) -> int:
        return len(self.findings)


def group(findings: Sequence[Finding]) -> list[Entry]:
    """Findings grouped by (rule, severity, text, first replacement, in a quotation), in
    the order of each group's first finding."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        key = (f.rule, f.severity, f.text, f.replacements[:1], f.in_quote)
        groups.setdefault(key, []).append(f)
    return [Entry(tuple(g)) for g in groups.values()]


def positions(entry: Entry, limit: int = _SHOWN_POSITIONS) -> str:
    """``×3 (6:128, 9:45, 15:153)``: the count and each line:column, the first ``limit``."""
    shown = [f"{f.line}:{f.column}" for f in entry.findings[:limit]]
    if entry.count > limit:
        shown.append(f"… {entry.count - limit} more")
    return f"×{entry.count} ({', '.join(shown)})"


# --- the excerpt -------------------------------------------------------------------------


@dataclass(frozen=True)
class Excerpt:
    """The flagged text within its line, each part ready to print (one line, controls
    escaped, whitespace-only flagged text made visible, … where trimmed)."""

    before: str
    flagged: str
    after: str


_BREAKS = re.compile(r"\r\n|\r|\n")


def _flat(s: str) -> str:
    """One line: line breaks and tabs as spaces, control characters escaped."""
    return escape_controls(_BREAKS.sub(" ", s).replace("\t", " "))


def _flagged(s: str) -> str:
    if not s:
        return ""
    if s.strip():
        return _flat(s)
    return escape_controls(mark_whitespace(s).replace("\r\n", "↵").replace("\n", "↵"))


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start of the line holding ``start`` and the end (before its line break) of
    the line holding the last flagged character."""
    lo = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    last = max(end - 1, start)
    m = _BREAKS.search(text, last)
    hi = m.start() if m else len(text)
    return lo, max(hi, end)


def excerpt(text: str, start: int, end: int, width: int) -> Excerpt:
    """``text[start:end]`` within its line, trimmed to about ``width`` cells: a third of
    the room left before the flagged text, the rest after, cut at a space when one is
    near, with … where the line goes on. Flagged text wider than the room is cut too."""
    # Work on a window, never the whole line: a paragraph may be one very long line.
    lo, hi = _line_bounds(text, start, end)
    lo = max(lo, start - 2 * width)
    hi = min(hi, end + 2 * width)
    flagged = _flagged(text[start:end])
    cut_flagged = False
    if cell_len(flagged) > width - 12:
        flagged = _cut_right(flagged, max(width - 12, 8))
        cut_flagged = True
    room = max(width - cell_len(flagged), 0)
    before = _flat(text[lo:start])
    after = "" if cut_flagged else _flat(text[end:hi])
    before_room = max(room // 3, min(room - cell_len(after), room)) if after else room
    before_room = min(before_room, room)
    if cell_len(before) > before_room or (lo > 0 and text[lo - 1] not in "\r\n"):
        before = "…" + _cut_left(before, max(before_room - 1, 0))
    after_room = max(room - cell_len(before), 0)
    if cut_flagged:
        flagged += "…"
    elif cell_len(after) > after_room or (hi < len(text) and text[hi] not in "\r\n"):
        after = _cut_right(after, max(after_room - 1, 0)) + "…"
    return Excerpt(before, flagged, after)


def _cut_left(s: str, room: int) -> str:
    """The end of ``s`` in at most ``room`` cells, starting at a word when one starts
    near the cut."""
    out = s
    while out and cell_len(out) > room:
        out = out[max(1, (cell_len(out) - room) // 2) :]
    space = out.find(" ")
    if 0 <= space < 12 and space + 1 < len(out):
        out = out[space + 1 :]
    return out


def _cut_right(s: str, room: int) -> str:
    """The start of ``s`` in at most ``room`` cells, ending at a word when one ends near
    the cut."""
    out = s
    while out and cell_len(out) > room:
        out = out[: len(out) - max(1, (cell_len(out) - room) // 2)]
    if len(out) < len(s):
        space = out.rfind(" ")
        if space >= 0 and len(out) - space < 12:
            out = out[:space]
    return out


# --- one file ----------------------------------------------------------------------------


def _render_file(report: FileReport, console: Console) -> None:
    doc = report.doc
    console.rule(Text(escape_controls(doc.path), style="bold"))
    for note in report.notes:
        console.print(Text.assemble(("note:", "yellow"), f" {escape_controls(note)}"))
    entries = group(report.findings)
    label = max((len(f"{e.first.line}:{e.first.column}") for e in entries), default=0) + 2
    width = max(min(console.width, _EXCERPT_MAX) - _INDENT - label, _EXCERPT_MIN)
    current = None
    for entry in entries:
        para = doc.paragraph_index(entry.first.start)
        if para != current:
            current = para
            line = doc.line_col(doc.paragraphs[para].start)[0] if doc.paragraphs else 1
            console.print(Text(f"¶ {para + 1} (line {line})", style="bold dim"))
        _render_entry(doc.text, entry, label, width, console)
    if not report.findings:
        console.print("  no findings")
    _render_stats(report, console)
    _render_edits(report, console)


def _render_entry(text: str, entry: Entry, label: int, width: int, console: Console) -> None:
    """Three lines (and a blank): position and excerpt; carets under the flagged text
    with the change and the repeats; severity, rule and message."""
    f = entry.first
    pad = " " * _INDENT
    shown = excerpt(text, f.start, f.end, width)
    head = Text(pad)
    head.append(f"{f.line}:{f.column}".ljust(label), style="bold")
    head.append(shown.before)
    head.append(shown.flagged, style="bold red underline")
    head.append(shown.after)
    console.print(head)
    marks = Text(pad + " " * (label + cell_len(shown.before)))
    marks.append("^" * max(cell_len(shown.flagged), 1), style="red")
    if f.replacements and f.text:
        marks.append(" ")
        marks.append(_shown(f.text), style="red")
        marks.append(" → ", style="dim")
        marks.append(_new(f.replacements[0]), style="green")
    elif f.replacements:  # an insertion
        marks.append(" insert ", style="dim")
        marks.append(_new(f.replacements[0]), style="green")
    if entry.count > 1:
        marks.append(f"  {positions(entry)}", style="dim")
    console.print(marks)
    about = Text(pad + " " * label)
    about.append(f.severity.value, style=_SEVERITY_STYLE[f.severity])
    about.append(f" {escape_controls(f.rule)}", style="dim")
    about.append(f": {escape_controls(f.message)}")
    if f.in_quote and f.replacements:
        about.append("  (in a quotation: not applied automatically)", style="magenta")
    console.print(about)


def _new(s: str) -> str:
    """A replacement as the report shows it: "(delete)", whitespace made visible, or the
    text, escaped."""
    if s and not s.strip():
        return _shown(s)
    return escape_controls(replacement_label(s))


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
    """The suggested edits (safe and unsafe, outside quotations), word by word: struck
    through and underlined in colour, CriticMarkup in plain text."""
    result = fix_document(report.doc, report.findings, Applicability.UNSAFE)
    if not result.applied:
        return
    marked = plain(console)
    title = "Suggested edits"
    if marked:
        title += " ({~~old~>new~~}, {--deleted--}, {++inserted++})"
    console.print(f"[bold]{title}[/]")
    doc = report.doc
    for para in doc.paragraphs:
        edits = [e for e in result.applied if para.start <= e.start and e.end <= para.end]
        if not edits:
            continue
        old = doc.text[para.start : para.end]
        shifted = [replace(e, start=e.start - para.start, end=e.end - para.start) for e in edits]
        new = apply_edits(old, shifted).text
        text = Text(f"  {doc.line_col(para.start)[0]}: ", style="dim")
        for chunk in word_diff(old, new):
            chunk = replace(chunk, old=_lf(chunk.old), new=_lf(chunk.new))
            if chunk.op == "equal":
                text.append(escape_controls(chunk.old), style="not dim")
            elif marked:
                text.append(_critic(chunk.old, chunk.new), style="not dim")
            else:
                if chunk.old:
                    text.append(_shown(chunk.old), style="red strike")
                if chunk.new:
                    text.append(_shown(chunk.new), style="green underline")
        console.print(text)


def _lf(s: str) -> str:
    """Line breaks within a paragraph as the terminal breaks lines (a CR would be shown
    escaped)."""
    return s.replace("\r\n", "\n")


def _critic(old: str, new: str) -> str:
    """One change in CriticMarkup, whitespace made visible."""
    if not new:
        return "{--" + _shown(old) + "--}"
    if not old:
        return "{++" + _shown(new) + "++}"
    return "{~~" + _shown(old) + "~>" + _shown(new) + "~~}"


def _shown(s: str) -> str:
    """Whitespace made visible in the edit view (␣ a space, ⍽ a no-break space), control
    characters escaped."""
    return escape_controls(s if s.strip() else mark_whitespace(s))
