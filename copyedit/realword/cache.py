"""Files under ``cache_dir()/realword/``: written whole to a private temporary file and
renamed into place, so a reader (another copyedit process) sees the old file or the new
one and never half of one; processes that rebuild at once each rename a complete file."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from ..files import store
from ..paths import cache_dir


def folder() -> Path:
    return cache_dir() / "realword"


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
    return store(path, data)


def stat_key(path: Path) -> tuple[str, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size)
