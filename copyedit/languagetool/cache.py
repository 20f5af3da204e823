"""The paragraph cache: LanguageTool's matches for one paragraph, kept in SQLite.

Keyed by (paragraph text, LanguageTool version, check options), so re-checking a
draft after a small edit sends only the paragraphs that changed. Stored matches are
LanguageTool's own (offsets relative to the paragraph); accepted words and the other
copyedit filters are applied after reading, so changing them needs no re-check.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from ..paths import cache_dir
from ..sqlite_cache import open_cache
from .client import LTMatch

SCHEMA = 1


def default_path() -> Path:
    return cache_dir() / "languagetool" / "cache" / "paragraphs.sqlite3"


def cache_key(text: str, version: str, fingerprint: str) -> str:
    raw = f"{SCHEMA}\0{version}\0{fingerprint}\0{text}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ParagraphCache:
    """Get and put many keys at once; safe to share between processes (SQLite locks)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection | None:
        if self._db is None:
            self._db = open_cache(
                self.path,
                "CREATE TABLE IF NOT EXISTS matches "
                "(key TEXT PRIMARY KEY, data TEXT NOT NULL, used REAL NOT NULL)",
            )
        return self._db

    def get_many(self, keys: Iterable[str]) -> dict[str, list[LTMatch]]:
        db = self._conn()
        keys = list(dict.fromkeys(keys))
        if db is None or not keys:
            return {}
        found: dict[str, list[LTMatch]] = {}
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT key, data FROM matches WHERE key IN ({marks})", chunk
                ).fetchall()
                for key, data in rows:
                    found[key] = [LTMatch.from_json(m) for m in json.loads(data)]
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            return found
        return found

    def put_many(self, items: dict[str, list[LTMatch]]) -> None:
        db = self._conn()
        if db is None or not items:
            return
        now = time.time()
        rows = [
            (key, json.dumps([m.to_json() for m in matches], ensure_ascii=False), now)
            for key, matches in items.items()
        ]
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO matches VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
