"""Files under ``cache_dir()/realword/``: written whole to a private temporary file and
renamed into place, so a reader (another copyedit process) sees the old file or the new
one and never half of one; processes that rebuild at once each rename a complete file.
Reads and writes go through ``copyedit.paths`` (a fault is a note and a rebuild or a run
without the file, never an error)."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from .. import paths
from ..paths import cache_dir
from ..paths import stat_key as stat_key  # read by the model builders as cache.stat_key


def folder() -> Path:
    return cache_dir() / "realword"


def load_marshal(path: Path, key: object) -> object | None:
    """The value stored by :func:`save_marshal` under ``key``, or None when the file is
    missing, unreadable, damaged (set aside) or was written under another key (another
    version or inputs)."""
    stored = paths.load(path, _unpack)
    if stored is None:
        return None
    stored_key, value = stored
    return value if stored_key == key else None


def _unpack(data: bytes) -> tuple[object, object]:
    stored_key, value = marshal.loads(data)
    return stored_key, value


def save_marshal(path: Path, key: Any, value: Any) -> bool:
    """Store ``(key, value)``; False when marshal cannot store them or the file cannot be written."""
    try:
        data = marshal.dumps((key, value))
    except ValueError:  # a type marshal cannot store (a YAML date): no cache
        return False
    return paths.save(path, data)
