"""``copyedit review``: walk the findings one by one and decide each.

The decisions live in ``Review`` (pure: no terminal, no files), so they are unit-tested
without a terminal; ``walk`` is the thin interactive loop over an ``ask`` function that
returns a typed line or ``None`` at end of input, and ``finish`` writes the outputs
through the writer it is given (the CLI passes its atomic ``write_atomic``).

Keys: ``a`` accept the first suggestion (``1``..``9`` pick one of several), ``r`` reject
(recorded in the baseline, when one is given), ``e`` edit (type your own replacement),
``s`` skip, ``q`` quit (decisions made so far are kept). End of input counts as quit.
A finding that overlaps an edit already accepted is skipped, with a note.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import click

from .baseline import Baseline, Entry, dumps, fingerprint
from .diffs import unified_diff
from .document import Document
from .errors import EXIT_INTERRUPTED, CopyeditError
from .files import guard_outputs
from .fixes import FixResult, apply_edits
from .model import Edit, Finding, Fix, edits_collide
from .sentences import sentences
from .visible import escape_controls, mark_whitespace

CONTEXT_CHARS = 160


class Interrupted(CopyeditError):
    """Ctrl-C during a review: nothing is written."""

    exit_code = EXIT_INTERRUPTED


class NoInput(CopyeditError):
    """Standard input is closed or unreadable, so no answer can be read: nothing is
    written (the end of input, by contrast, is a quit that keeps the decisions)."""


class Action(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    EDIT = "edit"
    SKIP = "skip"
    QUIT = "quit"


_KEYS = {
    "a": Action.ACCEPT,
    "r": Action.REJECT,
    "e": Action.EDIT,
    "s": Action.SKIP,
    "q": Action.QUIT,
}


@dataclass(frozen=True)
class Answer:
    action: Action
    choice: int = 0  # which suggestion, for ACCEPT


def parse_answer(line: str, n_replacements: int) -> Answer | None:
    """An answer typed at the prompt (a key or the whole word), or None when it is not
    one of the answers offered for a finding with ``n_replacements`` suggestions."""
    key = line.strip().lower()
    if key.isascii() and key.isdigit():  # not '²' or '٣', which str.isdigit also takes
        return Answer(Action.ACCEPT, int(key) - 1) if 1 <= int(key) <= n_replacements else None
    action = _KEYS.get(key) or next((a for a in Action if a.value == key), None)
    if action is None or (action is Action.ACCEPT and not n_replacements):
        return None
    return Answer(action)


@dataclass(frozen=True)
class Decision:
    finding: Finding
    action: Action
    replacement: str | None = None
    """The flagged text's new text, for ACCEPT and EDIT."""
    note: str = ""
    chosen: Fix | None = None
    """The fix accepted (its edits exactly), for ACCEPT."""

    def fix(self) -> Fix | None:
        if self.action not in (Action.ACCEPT, Action.EDIT) or self.replacement is None:
            return None
        if self.chosen is not None:
            return self.chosen
        f = self.finding
        return Fix.replacing(f.start, f.end, f.text, self.replacement, f.applicability)


def shift(f: Finding, applied: Sequence[Edit]) -> Finding | None:
    """``f`` moved into the text after the ``applied`` edits, or None when one of them
    changed its own text."""
    delta = 0
    for e in applied:
        if (e.start < f.end and f.start < e.end) or f.start < e.start < f.end:
            return None
        if e.end <= f.start:  # before it (an insertion at its start lands before it too)
            delta += len(e.replacement) - (e.end - e.start)
    return f.moved(delta)


class Review:
    """The state of one review: the findings in order and the decisions made so far."""

    def __init__(self, doc: Document, findings: Sequence[Finding]) -> None:
        self.doc = doc
        self.findings = tuple(findings)
        self.decisions: list[Decision] = []
        self.quit = False

    @property
    def position(self) -> int:
        return len(self.decisions)

    @property
    def done(self) -> bool:
        return self.quit or self.position >= len(self.findings)

    def fixes(self) -> list[Fix]:
        return [fix for d in self.decisions if (fix := d.fix()) is not None]

    def blocker(self, f: Finding) -> Edit | None:
        """The accepted edit that ``f`` overlaps, if any."""
        return next(
            (
                e
                for fix in self.fixes()
                for e in fix.edits
                if edits_collide(e.start, e.end, f.start, f.end)
            ),
            None,
        )

    def current(self) -> Finding | None:
        """The finding to ask about; findings overlapping an accepted edit are skipped."""
        while not self.done:
            f = self.findings[self.position]
            blocking = self.blocker(f)
            if blocking is None:
                return f
            line, col = self.doc.line_col(blocking.start)
            self.decisions.append(
                Decision(f, Action.SKIP, note=f"overlaps the edit accepted at {line}:{col}")
            )
        return None

    def decide(self, action: Action, replacement: str | None = None, choice: int = 0) -> None:
        f = self.current()
        if f is None:
            raise ValueError("no finding left to decide")
        if action is Action.QUIT:
            self.quit = True
            return
        chosen = None
        if action is Action.ACCEPT:
            if not f.fixes:
                raise ValueError(f"{f.rule} has no suggestion to accept")
            chosen = f.fixes[choice]
            replacement = f.replacements[choice]
        elif action is Action.EDIT:
            if replacement is None:
                raise ValueError("an edit needs a replacement")
        else:
            replacement = None
        self.decisions.append(Decision(f, action, replacement, chosen=chosen))

    def result(self) -> FixResult:
        return apply_edits(self.doc.text, self.fixes(), self.doc.protected)

    def rejected(self) -> list[Entry]:
        """Baseline entries for the rejected findings: as they stand in the draft, and as
        they stand in the corrected text (accepted edits nearby change their context, and
        the next draft usually carries those edits)."""
        result = self.result()
        fixed = Document.from_text(result.text, self.doc.path, self.doc.format)
        out: list[Entry] = []
        for d in self.decisions:
            if d.action is not Action.REJECT:
                continue
            out.append(fingerprint(self.doc, d.finding))
            moved = shift(d.finding, result.applied)
            if moved is not None:
                out.append(fingerprint(fixed, moved))
        return list(dict.fromkeys(out))

    def counts(self) -> dict[Action, int]:
        out: dict[Action, int] = {a: 0 for a in Action if a is not Action.QUIT}
        for d in self.decisions:
            out[d.action] += 1
        return out


def _shown(s: str) -> str:
    """Text for the card: whitespace-only text made visible (␣ a space, ⍽ a no-break
    space, ↵ a line break), anything else on one line with control characters escaped."""
    if s.strip():
        return _one_line(s)
    if not s:
        return "(nothing)"
    s = mark_whitespace(s)
    return _one_line(s.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵"))


def _one_line(s: str) -> str:
    """Whitespace runs as one space; control characters (a draft's stray escape codes
    must not drive the editor's terminal) escaped."""
    return escape_controls(re.sub(r"\s+", " ", s))


def sentence_around(doc: Document, f: Finding) -> tuple[str, str, str]:
    """(text before, flagged text, text after) within the sentence(s) holding ``f``,
    clipped to about ``CONTEXT_CHARS`` each side and on one line."""
    spans = [s for s in sentences(doc.masked) if s.start <= f.end and f.start <= s.end]
    lo = min([f.start] + [s.start for s in spans])
    hi = max([f.end] + [s.end for s in spans])
    lo = max(lo, f.start - CONTEXT_CHARS)
    hi = min(hi, f.end + CONTEXT_CHARS)
    before = doc.text[lo : f.start]
    after = doc.text[f.end : hi]
    before = ("…" if lo > 0 and lo == f.start - CONTEXT_CHARS else "") + _one_line(before)
    after = _one_line(after) + ("…" if hi == f.end + CONTEXT_CHARS else "")
    return before, f.text, after


def describe(review: Review, f: Finding) -> str:
    """The card shown for one finding: the flagged text in «» (and red when the terminal
    has colour) within its sentence, the rule, message and suggestions."""
    doc = review.doc
    n, total = review.position + 1, len(review.findings)
    before, flagged, after = sentence_around(doc, f)
    lines = [
        click.style(f"[{n}/{total}] {escape_controls(doc.path)}:{f.line}:{f.column}", bold=True)
        + f"  {escape_controls(f.rule)} ({f.severity.value}, {f.category.value})",
        "  " + before + click.style(f"«{_shown(flagged)}»", fg="red", underline=True) + after,
        f"  {_one_line(f.message)}",
    ]
    for i, r in enumerate(f.replacements[:9], 1):
        label = "suggested:" if i == 1 else f"       {i}:"
        lines.append(f"  {label} " + click.style(_shown(r) if r else "(delete)", fg="green"))
    if f.in_quote:
        lines.append(click.style("  in a direct quotation: the speaker's words", fg="magenta"))
    return "\n".join(lines)


def prompt_for(f: Finding) -> str:
    keys = []
    if f.replacements:
        keys.append(
            "[a]ccept"
            + (f" (or 1-{min(len(f.replacements), 9)})" if len(f.replacements) > 1 else "")
        )
    keys += ["[r]eject", "[e]dit", "[s]kip", "[q]uit"]
    return "  " + "  ".join(keys) + " > "


Ask = Callable[[str], "str | None"]


def walk(review: Review, ask: Ask, say: Callable[[str], None]) -> None:
    """Ask about each finding in turn until all are decided, quit, or input ends."""
    said = 0

    def notes() -> None:
        nonlocal said
        for d in review.decisions[said:]:
            if d.note:
                f = d.finding
                say(escape_controls(f"  skipped {f.rule} at {f.line}:{f.column}: {d.note}"))
        said = len(review.decisions)

    while (f := review.current()) is not None:
        notes()
        say(describe(review, f))
        while True:
            line = ask(prompt_for(f))
            if line is None:
                review.decide(Action.QUIT)
                break
            answer = parse_answer(line, len(f.replacements[:9]))
            if answer is None:
                say("  answer with one of: " + prompt_for(f).strip(" >"))
                continue
            if answer.action is Action.EDIT:
                typed = ask(f"  replace {_shown(f.text)!r} with (empty line: back) > ")
                if typed is None:
                    review.decide(Action.QUIT)
                    break
                if not typed:
                    continue
                review.decide(Action.EDIT, typed)
            else:
                review.decide(answer.action, choice=answer.choice)
            break
        say("")
    notes()


@dataclass(frozen=True)
class Targets:
    text: Path
    diff: Path


def targets(path: Path, output: Path | None, in_place: bool, diff: Path | None) -> Targets:
    """Where a review writes: the corrected text (``NAME.reviewed.EXT`` beside the draft,
    ``-o``, or the draft itself with ``--in-place``) and the diff (``NAME.EXT.diff``
    beside the draft, or ``--diff``)."""
    if in_place:
        text = path
    elif output is not None:
        text = output
    else:
        text = path.with_name(f"{path.stem}.reviewed{path.suffix}")
    where = Targets(text, diff if diff is not None else path.with_name(path.name + ".diff"))
    guard_outputs([path], [("--diff", where.diff)] + ([] if in_place else [("--output", text)]))
    return where


def say(text: str) -> None:
    """Print to the terminal; colours off when NO_COLOR is set (no-color.org)."""
    click.echo(text, color=False if os.environ.get("NO_COLOR") else None)


def require_input() -> None:
    """Raise ``NoInput`` before the check runs when standard input is closed (``<&-``):
    there is no one to ask, and a check with LanguageTool can take a while."""
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        raise NoInput("review needs answers on standard input, which is closed; nothing written")


def ask_line(prompt: str) -> str | None:
    """A line typed at the terminal (with line editing), or None at end of input. A line
    that is not UTF-8 (its bytes come back as lone surrogates) is asked for again: it
    could not be written into the draft. Raises ``NoInput`` when standard input is closed
    (``input()`` raises RuntimeError when there is none, ValueError when it was closed)
    or cannot be decoded at all."""
    while True:
        try:
            line = input(prompt)
        except EOFError:
            return None
        except (RuntimeError, ValueError, OSError) as exc:  # UnicodeDecodeError too
            raise NoInput(
                f"review needs answers on standard input, which is closed or unreadable "
                f"({type(exc).__name__}: {exc}); nothing written"
            ) from None
        if not _SURROGATE.search(line):
            return line
        say("  that line is not UTF-8 text; type it again")


_SURROGATE = re.compile("[\ud800-\udfff]")


def finish(
    review: Review,
    where: Targets,
    diff_name: str,
    baseline: Baseline | None,
    baseline_path: Path | None,
    write: Callable[[Path, str], None],
) -> list[str]:
    """Write the corrected text, the diff and the updated baseline; say what was written."""
    result = review.result()
    notes = []
    if result.applied:
        write(where.text, result.text)  # first: a draft changed meanwhile stops it all
        write(where.diff, unified_diff(review.doc.text, result.text, diff_name))
        notes.append(f"wrote {where.text} and {where.diff}")
    else:
        notes.append("no edits accepted: no corrected file or diff written")
    rejected = review.rejected()
    if baseline_path is not None and rejected:
        updated = (baseline or Baseline()).with_entries(rejected)
        write(baseline_path, dumps(updated))
        n = review.counts()[Action.REJECT]
        notes.append(f"recorded {n} rejection(s) in {baseline_path}")
    return notes


def summary(review: Review) -> str:
    c = review.counts()
    left = len(review.findings) - review.position
    parts = [
        f"{c[Action.ACCEPT]} accepted",
        f"{c[Action.EDIT]} edited",
        f"{c[Action.REJECT]} rejected",
        f"{c[Action.SKIP]} skipped",
    ]
    if left:
        parts.append(f"{left} not reviewed")
    return "review: " + ", ".join(parts) + "."
