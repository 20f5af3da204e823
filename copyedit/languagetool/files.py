"""Small file helpers shared by the installer and the server manager: a blocking
advisory lock and atomic JSON writes, so concurrent copyedit runs never see a
half-written state file."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..files import replace_file


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[bool]:
    """Hold an exclusive ``flock`` on ``path`` for the block.

    With ``timeout`` the lock is tried until then and the block gets ``False`` if it
    was not obtained (the caller decides what to do); without, it waits.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        got = _acquire(fd, timeout)
        try:
            yield got
        finally:
            if got:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, timeout: float | None) -> bool:
    if timeout is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return True
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


def write_json_atomic(path: Path, data: Any) -> None:
    """State and install records, owner-only (0600); raises ``OSError``."""
    text = json.dumps(data, indent=2)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), 0o600)


def read_json(path: Path) -> Any | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
