"""Shared helpers for the foundation tests (no fixtures here: plain functions)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from copyedit.checks.loader import builtin_rules_dir
from copyedit.document import Document
from copyedit.engines.yaml_rules import YamlRulesEngine
from copyedit.model import Applicability, Category, Finding, Severity
from copyedit.pipeline import settle

ROOT = Path(__file__).resolve().parents[1]
RULES_DIR = builtin_rules_dir()
PATCH = shutil.which("patch")
GIT = shutil.which("git")

# A house rule file (utilise -> use, severity error) for tests of user rule folders.
HOUSE_RULE = """\
extends: substitution
message: "House style: '{replacement}', not '{match}'."
severity: error
category: style
applicability: safe
swap:
  utilise: use
examples:
  bad:
    - text: "We utilise it."
      fixed: "We use it."
  good:
    - "We use it."
"""

_ENGINE: YamlRulesEngine | None = None


def rules_engine() -> YamlRulesEngine:
    """The built-in YAML rules, loaded once per session."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = YamlRulesEngine.from_folders()
    return _ENGINE


def check_text(text: str, format: str = "text") -> tuple[Document, tuple[Finding, ...]]:
    doc = Document.from_text(text, format=format)
    return doc, settle(doc, rules_engine().check(doc))


def finding(
    start: int,
    end: int,
    text: str,
    replacements: tuple[str, ...] = (),
    *,
    rule: str = "test.rule",
    engine: str = "test",
    severity: Severity = Severity.WARNING,
    confidence: float = 0.9,
    applicability: Applicability = Applicability.SAFE,
    category: Category = Category.STYLE,
    message: str = "a message",
) -> Finding:
    return Finding(
        rule=rule,
        engine=engine,
        category=category,
        severity=severity,
        start=start,
        end=end,
        text=text,
        message=message,
        replacements=replacements,
        confidence=confidence,
        applicability=applicability,
    )


def found(text: str, needle: str, replacements: tuple[str, ...] = (), **kw) -> Finding:
    """A finding on the first occurrence of ``needle`` in ``text``."""
    start = text.index(needle)
    return finding(start, start + len(needle), needle, replacements, **kw)


_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def apply_unified_diff(old: str, diff: str) -> str:
    """A strict pure-Python hunk applier for one-file unified diffs (no fuzz, no offset).

    Lines break at LF only, as ``patch`` sees them; ``\\ No newline at end of file``
    strips the newline from the line before it.
    """
    if not diff:
        return old
    src = re.findall(r"[^\n]*\n|[^\n]+$", old)
    lines = re.findall(r"[^\n]*\n|[^\n]+$", diff)
    assert lines[0].startswith("--- ") and lines[1].startswith("+++ "), diff
    out: list[str] = []
    pos = 0  # index into src of the next line not yet copied
    i = 2
    while i < len(lines):
        m = _HUNK.match(lines[i])
        assert m, f"not a hunk header: {lines[i]!r}"
        old_start, old_len = int(m[1]), int(m[2] if m[2] is not None else 1)
        new_len = int(m[4] if m[4] is not None else 1)
        first = old_start - 1 if old_len else old_start
        assert first >= pos, "hunks out of order"
        out.extend(src[pos:first])
        pos = first
        i += 1
        seen_old = seen_new = 0
        body: list[tuple[str, str]] = []
        while i < len(lines) and not lines[i].startswith("@@"):
            line = lines[i]
            if line.startswith("\\"):
                tag, text = body[-1]
                assert text.endswith("\n")
                body[-1] = (tag, text[:-1])
            else:
                body.append((line[0], line[1:]))
            i += 1
        for tag, text in body:
            if tag in " -":
                assert src[pos] == text, (
                    f"context mismatch at line {pos + 1}: {src[pos]!r} != {text!r}"
                )
                pos += 1
                seen_old += 1
            if tag in " +":
                seen_new += 1
                out.append(text)
        assert (seen_old, seen_new) == (old_len, new_len), "hunk lengths disagree with header"
    out.extend(src[pos:])
    return "".join(out)


_CRITIC = re.compile(r"\{~~(.*?)~>(.*?)~~\}|\{--(.*?)--\}|\{\+\+(.*?)\+\+\}", re.S)


def critic_accept(markup: str) -> str:
    """The text with every CriticMarkup change accepted."""
    return _CRITIC.sub(lambda m: m[2] if m[1] is not None else (m[4] or ""), markup)


def critic_reject(markup: str) -> str:
    """The text with every CriticMarkup change rejected (the original)."""
    return _CRITIC.sub(lambda m: m[1] if m[1] is not None else (m[3] or ""), markup)


def fixed(doc: Document, f: Finding) -> str:
    """The draft with the finding's first replacement written in its place."""
    return doc.text[: f.start] + f.replacements[0] + doc.text[f.end :]
