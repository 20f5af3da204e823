"""The paragraph cache: LanguageTool's matches for one paragraph, kept in SQLite.

Keyed by (paragraph text, the server that answered, check options), so re-checking a
draft after a small edit sends only the paragraphs that changed, and an answer from
another server (a ``--languagetool-url`` one, another version or build) is never taken
for the local server's. Only validated answers are stored, and a stored match is
checked against its paragraph again before use. Stored matches are
LanguageTool's own (offsets relative to the paragraph); accepted words and the other
copyedit filters are applied after reading, so changing them needs no re-check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..paths import cache_dir
from ..sqlite_cache import SqliteStore
from .client import LTMatch

SCHEMA = 2
MAX_PARAGRAPHS = 200_000
"""Paragraphs kept, least recently used dropped first (LanguageTool's matches, ~1 kB each)."""


def default_path() -> Path:
    return cache_dir() / "languagetool" / "cache" / "paragraphs.sqlite3"


def cache_key(text: str, server: str, fingerprint: str) -> str:
    """``server``: whose answers (``local 6.8``, or a URL with the version and build)."""
    raw = f"{SCHEMA}\0{server}\0{fingerprint}\0{text}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ParagraphCache:
    """Get and put many keys at once; safe to share between processes (SQLite locks)."""

    def __init__(self, path: Path | None = None, max_rows: int = MAX_PARAGRAPHS) -> None:
        self.path = path or default_path()
        self._store = SqliteStore(self.path, "matches_v1", max_rows)

    def get_many(self, keys: Iterable[str]) -> dict[str, list[LTMatch]]:
        return self._store.get_json(keys, lambda v: [LTMatch.from_json(m) for m in v])

    def put_many(self, items: dict[str, list[LTMatch]]) -> None:
        self._store.put_json({k: [m.to_json() for m in ms] for k, ms in items.items()})

    def close(self) -> None:
        self._store.close()
