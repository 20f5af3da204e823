"""Where copyedit keeps its cache (LanguageTool, paragraph cache, offline data), and the
one guarded way every cache file is read, written and opened.

A cache only saves time, so no fault in it may end a run. A file that cannot be read or
written (a read-only folder, a full disk, a lock held too long) costs one note on stderr
a run, ``cache unusable: <path>: <reason>; running without it``, and the run goes on
without it. A corrupt file (a damaged SQLite database, a folder where a file should be,
bytes that do not parse) is renamed aside as ``<name>.corrupt-<time>`` with its SQLite
side files, with a note, so the cache is rebuilt. A failed write leaves no temporary or
journal file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .errors import EngineError
from .files import replace_file
from .visible import escape_controls

T = TypeVar("T")

SIDE_FILES = ("-journal", "-wal", "-shm")
"""SQLite's files beside a database (rollback journal, write-ahead log, its index)."""
CORRUPT = (ValueError, TypeError, EOFError, KeyError, IndexError)
"""What parsing a damaged cache file raises (marshal, JSON, unpacking)."""


def cache_dir() -> Path:
    """``$COPYEDIT_CACHE``, else ``$XDG_CACHE_HOME/copyedit``, else ``~/.cache/copyedit``."""
    if os.environ.get("COPYEDIT_CACHE"):
        return Path(os.environ["COPYEDIT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "copyedit"


def stat_key(path: Path) -> tuple[str, int, int] | None:
    """(path, modification time, size): what a cache key records of a file it was built
    from, without reading it; None for a file that cannot be read."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size)


def kept_copy(name: str, sources: Sequence[Path], build: Callable[[], Any]) -> Any:
    """``build()``, from a JSON copy kept in ``<cache>/parsed`` under ``name`` and the
    ``sources``' paths, sizes and times (what ``build`` reads), made when there is none;
    a new copy replaces ``name``'s older ones. For data derived from a file that costs a
    run more to derive than to read back (PyYAML's import and parse, a word list read
    from a jar and filtered). A result JSON would not give back as it is (tuples, dates)
    is returned but not kept: convert it to lists and back."""
    key = hashlib.sha256(repr([stat_key(p) for p in sources]).encode("utf-8")).hexdigest()[:32]
    folder = cache_dir() / "parsed"
    copy = folder / f"{name}-{key}.json"
    data = load(copy, json.loads)
    if data is not None:
        return data
    data = build()
    try:
        raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError):
        return data
    if data is not None and json.loads(raw) == data and save(copy, raw):
        for old in folder.glob(f"{name}-*.json"):
            if old != copy:
                with contextlib.suppress(OSError):  # another run's, or not ours to remove
                    old.unlink()
    return data


def builtin_rules_dir() -> Path:
    """The rule packs shipped with copyedit (inside the wheel, or ``rules/`` in a checkout)."""
    packaged = Path(__file__).parent / "_rules"  # resources.files("copyedit"), unimported
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[1] / "rules"


_noted: list[str] = []
"""The unusable cache already reported this run (one note a run is enough)."""


def _say(line: str) -> None:
    try:
        sys.stderr.write(f"copyedit: note: {escape_controls(line)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # no stderr to write to: the run goes on regardless
        pass


def _reason(exc: object) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def unusable(path: Path, exc: object) -> None:
    """Say, once a run, that a cache cannot be used and the run goes on without it."""
    if not _noted:
        _noted.append(str(path))
        _say(f"cache unusable: {path}: {_reason(exc)}; running without it")


def identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` now (device and inode), None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def set_aside(path: Path, exc: object, expect: tuple[int, int] | None = None) -> Path | None:
    """Rename a corrupt cache file (or a folder where one should be) and its SQLite side
    files to ``<name>.corrupt-<time>``, so the cache is rebuilt; the new name, or None
    when it is gone already (another run set it aside) or cannot be renamed. With
    ``expect`` (the :func:`identity` of the file found damaged), a file another process
    has put there since is left alone."""
    if expect is not None and identity(path) != expect:
        return None
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    aside = path.with_name(f"{path.name}.corrupt-{stamp}-{os.getpid()}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return None
    except OSError as err:
        unusable(path, err)
        return None
    for suffix in SIDE_FILES:
        try:
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
        except OSError:
            continue
    _say(f"cache damaged: {path}: {_reason(exc)}; set aside as {aside.name} and rebuilt")
    return aside


def sqlite_corrupt(exc: sqlite3.Error) -> bool:
    """A damaged database (as opposed to one that cannot be opened or written now)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name:
        return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    text = str(exc)
    return "malformed" in text or "not a database" in text


def load(path: Path, parse: Callable[[bytes], T]) -> T | None:
    """``parse`` of a cache file's bytes; None when it is missing, unreadable (noted) or
    corrupt (``parse`` raised one of ``CORRUPT``: set aside)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError as exc:
        set_aside(path, exc)
        return None
    except OSError as exc:
        unusable(path, exc)
        return None
    try:
        return parse(data)
    except CORRUPT as exc:
        set_aside(path, f"cannot be read back ({type(exc).__name__}: {exc})")
        return None


def save(path: Path, fill: Callable[[Path], object] | bytes, mode: int = 0o644) -> bool:
    """Write a cache file atomically (``files.replace_file``; ``fill`` gets the temporary
    path, so an SQLite file can be built in place). False, with the note, when it cannot
    be written; no temporary or journal file is left either way."""

    def write(tmp: Path) -> None:
        try:
            if isinstance(fill, bytes):
                tmp.write_bytes(fill)
            else:
                fill(tmp)
        finally:
            for suffix in SIDE_FILES:
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)

    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if attempt == 0 and path.is_dir():
                raise IsADirectoryError(21, "a folder, not a file", str(path))
            replace_file(path, write, mode)
            return True
        except IsADirectoryError as exc:
            if attempt == 0 and set_aside(path, exc):
                continue
            unusable(path, exc)
        except (OSError, sqlite3.Error) as exc:
            unusable(path, exc)
        return False
    return False


def open_sqlite(
    path: Path, setup: Callable[[sqlite3.Connection], object], timeout: float = 30
) -> sqlite3.Connection | None:
    """The one way a cache's SQLite database is opened: connected (shareable between
    threads; waiting up to ``timeout`` seconds for a lock), ``setup`` run on it (tables,
    pragmas). A corrupt file is set aside and a new one made; any other
    failure is noted and gives None (run without the cache)."""
    busy = 0
    attempt = 0
    while attempt < 2:
        db = None
        found = identity(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir():
                raise IsADirectoryError(21, "a folder, not a file", str(path))
            db = sqlite3.connect(path, timeout=timeout, check_same_thread=False)
            setup(db)
            return db
        except (OSError, sqlite3.Error) as exc:
            if db is not None:
                db.close()
            if transient_lock(exc) and busy < LOCK_RETRIES:
                busy += 1  # another connection is setting the file up (WAL switch)
                time.sleep(0.05 * busy)
                continue
            damaged = isinstance(exc, IsADirectoryError) or (
                isinstance(exc, sqlite3.Error) and sqlite_corrupt(exc)
            )
            if attempt == 0 and damaged and replaced(path, exc, found):
                attempt += 1
                continue
            unusable(path, exc)
            return None
    return None


def replaced(path: Path, exc: object, found: tuple[int, int] | None) -> bool:
    """The damaged file ``found`` at ``path`` is no longer there: set aside now, or by
    another process that met the same damage at the same moment (the check and the
    resident worker share the cache), which is no fault to report."""
    return set_aside(path, exc, expect=found) is not None or identity(path) != found


LOCK_RETRIES = 8
"""Times a cache's set-up is tried again when another connection holds the file for a
moment: SQLite answers "database is locked" at once, without waiting, when two
connections switch a new file to WAL together (seen as a spurious "cache unusable" note
on a fresh cache)."""


def transient_lock(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


_state_dirs: dict[Path, Path] = {}


def state_dir(folder: Path) -> Path:
    """Where run state (a server's state file, lock and log) for ``folder`` is kept:
    ``folder`` itself when copyedit can write there, else a private folder of this user's
    outside the cache, the same for every run on that cache (a read-only cache with
    LanguageTool installed still runs checks). Decided once a process."""
    known = _state_dirs.get(folder)
    if known is not None:
        return known
    chosen = folder if _writable(folder) else _private_dir(folder)
    _state_dirs[folder] = chosen
    return chosen


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".probe-", suffix=".tmp")
    except OSError:
        return False
    try:
        os.write(fd, b"x")
        os.fsync(fd)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
        Path(name).unlink(missing_ok=True)


def _private_dir(folder: Path) -> Path:
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
    digest = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    mine = base / f"copyedit-{os.getuid()}"
    where = mine / digest
    unusable(folder, "cannot be written")
    try:
        mine.mkdir(mode=0o700, exist_ok=True)
        st = mine.stat()
        if st.st_uid != os.getuid() or st.st_mode & 0o077:
            raise EngineError(
                f"{mine}: not a private folder of this user's; copyedit keeps run state "
                f"there while {folder} cannot be written"
            )
        where.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise EngineError(
            f"cannot keep run state: {folder} and {where} cannot be written ({_reason(exc)})"
        ) from None
    return where
