"""Files under ``cache_dir()/realword/``: written whole to a private temporary file and
renamed into place, so a reader (another copyedit process) sees the old file or the new
one and never half of one; processes that rebuild at once each rename a complete file."""

from __future__ import annotations

import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..paths import cache_dir


def folder() -> Path:
    return cache_dir() / "realword"


def write_atomic(path: Path, fill: Callable[[Path], object]) -> bool:
    """Call ``fill`` on a fresh temporary path beside ``path``, then rename it over
    ``path``. False (and nothing left behind) when the folder is not writable."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        fill(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        return False


def load_marshal(path: Path, key: object) -> object | None:
    """The value stored by :func:`save_marshal` under ``key``, or None when the file is
    missing, unreadable or was written under another key (another version or inputs)."""
    try:
        stored_key, value = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return value if stored_key == key else None


def save_marshal(path: Path, key: Any, value: Any) -> bool:
    """Store ``(key, value)``; False when marshal cannot store them or the file cannot be written."""
    try:
        data = marshal.dumps((key, value))
    except ValueError:  # a type marshal cannot store (a YAML date): no cache
        return False
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


def stat_key(path: Path) -> tuple[str, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size)
