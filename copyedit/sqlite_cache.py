"""Opening the SQLite files copyedit caches in: shared by the LanguageTool paragraph cache
and the findings cache. An unusable cache (unwritable folder, corrupt file) only costs
speed, so opening fails quietly with None."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_cache(path: Path, table_sql: str) -> sqlite3.Connection | None:
    """Connect (WAL, so processes share it), create the table if needed; None on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(table_sql)
        db.commit()
    except (OSError, sqlite3.Error):
        return None
    return db
