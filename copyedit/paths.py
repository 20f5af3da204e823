"""Where copyedit keeps its cache (LanguageTool, paragraph cache, offline data)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$COPYEDIT_CACHE``, else ``$XDG_CACHE_HOME/copyedit``, else ``~/.cache/copyedit``."""
    if os.environ.get("COPYEDIT_CACHE"):
        return Path(os.environ["COPYEDIT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "copyedit"


def builtin_rules_dir() -> Path:
    """The rule packs shipped with copyedit (inside the wheel, or ``rules/`` in a checkout)."""
    packaged = Path(__file__).parent / "_rules"  # resources.files("copyedit"), unimported
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[1] / "rules"
