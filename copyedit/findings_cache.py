"""Whole-document findings cache for engines whose results depend only on the text.

An engine opts in with ``fingerprint() -> str | None``: a string that changes whenever
its data, model or settings change (None: do not cache this run). The key is the
engine's name and fingerprint and the document's exact text and format, so a re-check
of an unchanged draft skips the engine entirely (and the cost of loading it).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from .document import Document
from .model import Finding
from .paths import cache_dir
from .sqlite_cache import SqliteStore

SCHEMA = 3
"""Part of every key: bump it when the stored form of a finding changes (3: fixes of
several edits). Entries stored under another schema are never looked up; they age out."""
MAX_DOCUMENTS = 20_000
"""Engine results kept, least recently used dropped first (a few kB each)."""


def default_path() -> Path:
    return cache_dir() / "findings" / "documents.sqlite3"


def key_for(engine: str, fingerprint: str, doc: Document) -> str:
    raw = f"{SCHEMA}\0{code_digest()}\0{engine}\0{fingerprint}\0{doc.format}\0{doc.text}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@cache
def code_digest() -> str:
    """A digest of copyedit's own source: a checkout whose code changed (same version
    number) never reads findings an older engine stored. About 1 ms for the package."""
    root = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


class FindingsCache:
    """A failing cache (unwritable folder, corrupt file) only costs speed, never a run."""

    def __init__(self, path: Path | None = None, max_rows: int = MAX_DOCUMENTS) -> None:
        self.path = path or default_path()
        self._store = SqliteStore(self.path, "findings_v2", max_rows)

    def get(self, key: str) -> tuple[list[Finding], list[str]] | None:
        def decode(data: Any) -> tuple[list[Finding], list[str]]:
            return [Finding.from_json(d) for d in data["findings"]], list(data["notes"])

        return self._store.get_json([key], decode).get(key)

    def put(self, key: str, findings: list[Finding], notes: list[str]) -> None:
        data = {"findings": [f.to_json() for f in findings], "notes": notes}
        self._store.put_json({key: data})
