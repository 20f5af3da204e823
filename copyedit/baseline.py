"""The decisions file (baseline): findings an editor rejected, recorded by content.

A finding is remembered by its rule, the flagged text and the words around it in its
paragraph (a few each side, case-folded, punctuation and spacing ignored), never by
offsets: the next draft of the same article, with paragraphs moved or text edited
elsewhere, matches the same entries, while a changed flagged word or a rewritten
neighbourhood raises the finding again.

File format (JSON)::

    {"version": 1, "kind": "copyedit-baseline",
     "entries": [{"rule": "news.cannot", "text": "can not",
                  "before": "the end result", "after": "wait officials said"}]}
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .document import Document
from .errors import InputError
from .files import MAX_SIDE_FILE_BYTES, read_regular
from .model import Finding
from .pipeline import FileReport

VERSION = 1
KIND = "copyedit-baseline"
CONTEXT_WORDS = 3
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, order=True)
class Entry:
    """One rejected finding, by content."""

    rule: str
    text: str
    before: str
    after: str

    def to_json(self) -> dict:
        return {"rule": self.rule, "text": self.text, "before": self.before, "after": self.after}


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def fingerprint(doc: Document, f: Finding, context: int = CONTEXT_WORDS) -> Entry:
    """The content key of a finding: rule, flagged text, nearby words in its paragraph."""
    para = doc.paragraphs[doc.paragraph_index(f.start)] if doc.paragraphs else None
    lo, hi = (para.start, para.end) if para else (0, len(doc.text))
    before = _words(doc.text[lo : max(lo, f.start)])[-context:] if context else []
    after = _words(doc.text[min(f.end, hi) : hi])[:context] if context else []
    text = unicodedata.normalize("NFC", f.text)
    return Entry(f.rule, text, " ".join(before), " ".join(after))


@dataclass(frozen=True)
class Baseline:
    entries: frozenset[Entry] = frozenset()

    def __contains__(self, entry: Entry) -> bool:
        return entry in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def with_entries(self, more: Iterable[Entry]) -> Baseline:
        return Baseline(self.entries | frozenset(more))

    def split(
        self, doc: Document, findings: Iterable[Finding]
    ) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
        """(findings still raised, findings dropped because the baseline holds them)."""
        kept: list[Finding] = []
        dropped: list[Finding] = []
        for f in findings:
            (dropped if fingerprint(doc, f) in self.entries else kept).append(f)
        return tuple(kept), tuple(dropped)


def dumps(baseline: Baseline) -> str:
    data = {
        "version": VERSION,
        "kind": KIND,
        "entries": [e.to_json() for e in sorted(baseline.entries)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


MAX_DEPTH = 3
"""A baseline's nesting: the file's object, its list of entries, each entry's object."""
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def too_deep(text: str, limit: int) -> bool:
    """Whether the JSON ``text``'s arrays and objects nest more than ``limit`` deep
    (brackets inside strings do not count), found without parsing it: a file nested
    thousands deep would make the parser recurse past Python's limit."""
    depth = 0
    for c in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        depth += 1 if c in "[{" else -1
        if depth > limit:
            return True
    return False


def parse(text: str, source: str = "<baseline>") -> Baseline:
    """Read a decisions file's text; anything malformed is one clear ``InputError``.
    The parse is bounded: at most ``MAX_SIDE_FILE_BYTES`` of text, and nesting deeper
    than a baseline's own (an object of a list of objects of strings) is refused before
    the parser recurses into it."""
    if len(text) > MAX_SIDE_FILE_BYTES:
        raise InputError(
            f"{source}: not a copyedit baseline (over {MAX_SIDE_FILE_BYTES} characters)"
        )
    if too_deep(text, MAX_DEPTH):
        raise InputError(
            f"{source}: not a copyedit baseline (nested more than the {MAX_DEPTH} levels of one)"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source}: not a copyedit baseline (invalid JSON at line {exc.lineno}: {exc.msg})"
        ) from None
    if not isinstance(data, dict) or data.get("kind", KIND) != KIND:
        raise InputError(f"{source}: not a copyedit baseline (expected a {KIND!r} object)")
    if data.get("version") != VERSION:
        raise InputError(
            f"{source}: baseline version {data.get('version')!r} is not supported "
            f"(this copyedit reads version {VERSION})"
        )
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise InputError(f"{source}: not a copyedit baseline ('entries' is not a list)")
    out = []
    for n, item in enumerate(entries, 1):
        fields = ("rule", "text", "before", "after")
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in fields):
            raise InputError(
                f"{source}: entry {n} needs string fields rule, text, before and after"
            )
        out.append(Entry(*(item[k] for k in fields)))
    return Baseline(frozenset(out))


def read(path: str | Path, missing_ok: bool = False) -> Baseline:
    """A decisions file from disk; a missing one is empty when ``missing_ok``."""
    if not os.path.lexists(path):
        if missing_ok:
            return Baseline()
        raise InputError(f"{path}: no such baseline file")
    raw = read_regular(path, MAX_SIDE_FILE_BYTES, "baseline file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a copyedit baseline (not UTF-8 text)") from None
    return parse(text, str(path))


def filter_reports(reports: Sequence[FileReport], baseline: Baseline) -> list[FileReport]:
    """Reports without their baselined findings; each says how many it left out."""
    out = []
    for r in reports:
        kept, dropped = baseline.split(r.doc, r.findings)
        if dropped:
            note = f"{len(dropped)} finding(s) in the baseline not shown"
            r = replace(r, findings=kept, notes=r.notes + (note,))
        out.append(r)
    return out
