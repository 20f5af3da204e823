"""The SQLite key-value store copyedit caches in: shared by the LanguageTool paragraph
cache and the findings cache.

An unusable cache (unwritable folder, full disk, locked too long) only costs speed: it
is opened through ``paths.open_sqlite`` and any failure is a miss on read and nothing on
write, with one note a run. A damaged database, found on opening or on any later read or
write, is set aside and started afresh. The store keeps the newest ``max_rows`` entries by
last use, so a cache on a busy desk does not grow without end.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from . import paths

_CHUNK = 500  # keys per SELECT: under SQLite's bound-variable limit

T = TypeVar("T")


class SqliteStore:
    """Text values by text key, with a last-used time; safe to share between processes
    (WAL, SQLite locks)."""

    def __init__(self, path: Path, table: str, max_rows: int) -> None:
        self.path = path
        self.table = table
        self.max_rows = max_rows
        self._db: sqlite3.Connection | None = None
        self._failed = False
        self._file: tuple[int, int] | None = None
        """The file the connection opened (see ``paths.replaced``)."""

    def _conn(self) -> sqlite3.Connection | None:
        if self._db is None and not self._failed:
            self._db = paths.open_sqlite(self.path, self._setup)
            self._failed = self._db is None
            self._file = paths.identity(self.path)
        return self._db

    def _setup(self, db: sqlite3.Connection) -> None:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} "
            "(key TEXT PRIMARY KEY, data TEXT NOT NULL, used REAL NOT NULL)"
        )
        db.commit()

    def _fault(self, exc: sqlite3.Error) -> None:
        """A read or write failed: a damaged file is set aside and a new one opened on
        the next use; anything else (a full disk) ends the cache's use for this run."""
        self.close()
        if not (paths.sqlite_corrupt(exc) and paths.replaced(self.path, exc, self._file)):
            paths.unusable(self.path, exc)
            self._failed = True  # a damaged file that cannot be moved is not reopened

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        """The stored values of those keys that are present; marks them used now."""
        db = self._conn()
        keys = list(dict.fromkeys(keys))
        found: dict[str, str] = {}
        if db is None or not keys:
            return found

        def read() -> None:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT key, data FROM {self.table} WHERE key IN ({marks})"
                found.update(db.execute(sql, chunk).fetchall())
            if found:
                with db:
                    now = time.time()
                    db.executemany(
                        f"UPDATE {self.table} SET used = ? WHERE key = ?",
                        [(now, k) for k in found],
                    )

        self._run(read)
        return found

    def _run(self, work: Callable[[], None]) -> None:
        """``work`` on the database; tried again when SQLite refuses a lock at once (two
        connections upgrading together), and a fault for the cache otherwise."""
        for busy in range(paths.LOCK_RETRIES + 1):
            try:
                work()
                return
            except sqlite3.Error as exc:
                if paths.transient_lock(exc) and busy < paths.LOCK_RETRIES:
                    time.sleep(0.05 * (busy + 1))
                    continue
                self._fault(exc)
                return

    def put_many(self, items: dict[str, str]) -> None:
        """Store the values, then drop the least recently used rows beyond ``max_rows``."""
        db = self._conn()
        if db is None or not items:
            return
        now = time.time()

        def write() -> None:
            with db:
                db.executemany(
                    f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?, ?)",
                    [(k, v, now) for k, v in items.items()],
                )
                (rows,) = db.execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()
                if rows > self.max_rows:
                    db.execute(
                        f"DELETE FROM {self.table} WHERE key IN (SELECT key FROM "
                        f"{self.table} ORDER BY used LIMIT ?)",
                        (rows - self.max_rows,),
                    )

        self._run(write)

    def get_json(self, keys: Iterable[str], decode: Callable[[Any], T]) -> dict[str, T]:
        """The stored values as JSON, each made into a ``T`` by ``decode``; a row that
        does not decode (damaged, or of another shape) is a miss."""
        found: dict[str, T] = {}
        for key, raw in self.get_many(keys).items():
            try:
                found[key] = decode(json.loads(raw))
            except (ValueError, TypeError, KeyError):
                continue
        return found

    def put_json(self, items: Mapping[str, Any]) -> None:
        """Store JSON-able values (``get_json`` reads them back)."""
        self.put_many({k: json.dumps(v, ensure_ascii=False) for k, v in items.items()})

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
