"""LanguageTool's English data files, read from the installed ``language-en`` jar.

Nothing is copied into copyedit: the real-word engine reads ``confusion_sets.txt`` and
``wrongWordInContext.txt``, the consistency checks ``en-US-GB.txt`` and ``coherency.txt``,
all from the jar where the LanguageTool installation keeps it. Without a jar, readers get
None and the engines say so or fall back.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from ..paths import cache_dir

ENV = "COPYEDIT_LANGUAGETOOL_LIB"
"""A folder holding ``language-en*.jar``: when set, the only place looked in (tests and
benchmarks point it at a LanguageTool of their own, or at an empty folder)."""


def _version_key(path: Path) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.-]", path.name))


def find_jar() -> Path | None:
    """The newest ``language-en*.jar``: under ``$COPYEDIT_LANGUAGETOOL_LIB`` when set, else
    in the installation ``copyedit languagetool install`` marked current, else in any
    version under ``cache_dir()/languagetool/`` (Maven installs keep it in ``<version>/lib/``)."""
    if os.environ.get(ENV):
        folders = [Path(os.environ[ENV])]
    else:
        root = cache_dir() / "languagetool"
        current = _current_install_dir(root)
        folders = [current] if current is not None else []
        if root.is_dir():
            folders.extend(sorted(root.iterdir(), key=_version_key, reverse=True))
    for folder in folders:
        if not folder.is_dir():
            continue
        jars = sorted(folder.rglob("language-en*.jar"), key=_version_key, reverse=True)
        if jars:
            return jars[0]
    return None


def _current_install_dir(root: Path) -> Path | None:
    """The folder of the installation ``copyedit languagetool install`` marked current."""
    try:
        from .install import installed

        inst = installed()
    except Exception:  # noqa: BLE001 - an odd install must not break the engines that read data
        return None
    if inst is None:
        return None
    first = Path(inst.classpath.removesuffix("*"))
    for parent in (first, *first.parents):
        if parent.parent == root:
            return parent
    return first if first.is_dir() else first.parent


def read_member(name: str, jar: Path | None = None) -> str | None:
    """A data file's text from ``jar`` (default: :func:`find_jar`); None without one."""
    jar = jar if jar is not None else find_jar()
    if jar is None:
        return None
    try:
        with zipfile.ZipFile(jar) as zf:
            return zf.read(name).decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
