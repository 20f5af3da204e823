"""Whole-document findings cache for engines whose results depend only on the text.

An engine opts in with ``fingerprint() -> str | None``: a string that changes whenever
its data, model or settings change (None: do not cache this run). The key is the
engine's name and fingerprint and the document's exact text and format, so a re-check
of an unchanged draft skips the engine entirely (and the cost of loading it).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from .document import Document
from .model import Finding
from .paths import cache_dir
from .sqlite_cache import open_cache

SCHEMA = 2
"""Part of every key: bump it when the stored form of a finding changes."""


def default_path() -> Path:
    return cache_dir() / "findings" / "documents.sqlite3"


def key_for(engine: str, fingerprint: str, doc: Document) -> str:
    raw = f"{SCHEMA}\0{engine}\0{fingerprint}\0{doc.format}\0{doc.text}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class FindingsCache:
    """A failing cache (unwritable folder, corrupt file) only costs speed, never a run."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection | None:
        if self._db is None:
            self._db = open_cache(
                self.path,
                "CREATE TABLE IF NOT EXISTS findings (key TEXT PRIMARY KEY, data TEXT NOT NULL)",
            )
        return self._db

    def get(self, key: str) -> tuple[list[Finding], list[str]] | None:
        db = self._conn()
        if db is None:
            return None
        try:
            row = db.execute("SELECT data FROM findings WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            data = json.loads(row[0])
            return [Finding.from_json(d) for d in data["findings"]], list(data["notes"])
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            return None

    def put(self, key: str, findings: list[Finding], notes: list[str]) -> None:
        db = self._conn()
        if db is None:
            return
        data = {"findings": [f.to_json() for f in findings], "notes": notes}
        try:
            with db:
                db.execute(
                    "INSERT OR REPLACE INTO findings VALUES (?, ?)",
                    (key, json.dumps(data, ensure_ascii=False)),
                )
        except sqlite3.Error:
            pass
