"""LanguageTool's English confusion data, read from the installed ``language-en`` jar.

Nothing is copied into copyedit: ``confusion_sets.txt`` (pairs LanguageTool checks with
its n-gram data) widens the context model's candidates, and ``wrongWordInContext.txt``
(pairs with a context regex for each word) becomes extra confusion sets. Without a jar
both are simply empty and :func:`find_jar` callers add a note.
"""

from __future__ import annotations

import os
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from ..paths import cache_dir
from . import cache

CONFUSION_SETS = "org/languagetool/resource/en/confusion_sets.txt"
WRONG_WORD_IN_CONTEXT = "org/languagetool/rules/en/wrongWordInContext.txt"
ENV = "COPYEDIT_LANGUAGETOOL_LIB"


def _version_key(path: Path) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.-]", path.name))


def find_jar(extra: tuple[Path, ...] = ()) -> Path | None:
    """The newest ``language-en*.jar``: under ``$COPYEDIT_LANGUAGETOOL_LIB`` if set, then in
    the installation copyedit recorded as current, then in any version under
    ``cache_dir()/languagetool/`` (Maven installs keep it in ``<version>/lib/``)."""
    folders = list(extra)
    if os.environ.get(ENV):
        folders.append(Path(os.environ[ENV]))
    root = cache_dir() / "languagetool"
    current = _current_install_dir(root)
    if current is not None:
        folders.append(current)
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
        from ..languagetool.install import installed

        inst = installed()
    except Exception:  # noqa: BLE001 - an odd install must not break the real-word engine
        return None
    if inst is None:
        return None
    first = Path(inst.classpath.removesuffix("*"))
    for parent in (first, *first.parents):
        if parent.parent == root:
            return parent
    return first if first.is_dir() else first.parent


def read_member(name: str) -> str | None:
    jar = find_jar()
    if jar is None:
        return None
    try:
        with zipfile.ZipFile(jar) as zf:
            return zf.read(name).decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None


PAIRS_CACHE_VERSION = 1


def lt_confusion_pairs() -> dict[str, set[str]]:
    """written word -> words it may stand for. ``a; b`` works both ways, ``a -> b`` one way.
    Cached (``cache_dir()/realword/``) under the jar's name, size and time."""
    jar = find_jar()
    return {} if jar is None else _pairs_in(jar)


@lru_cache(maxsize=4)
def _pairs_in(jar: Path) -> dict[str, set[str]]:
    """Memoised per jar, so a process that changes cache folders sees the right jar."""
    key = (PAIRS_CACHE_VERSION, cache.stat_key(jar))
    where = cache.folder() / f"lt-pairs-v{PAIRS_CACHE_VERSION}.marshal"
    pairs = cache.load_marshal(where, key)
    if not isinstance(pairs, dict):
        pairs = _parse_confusion_pairs(read_member(CONFUSION_SETS) or "")
        cache.save_marshal(where, key, pairs)
    return pairs


def _parse_confusion_pairs(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(";")]
        if "->" in parts[0]:
            a, _, b = parts[0].partition("->")
            pairs = [(a.strip(), b.strip())]
        elif len(parts) >= 3:
            a, b = parts[0], parts[1]
            pairs = [(a, b), (b, a)]
        else:
            continue
        for w, c in pairs:
            if w.isalpha() and c.isalpha() and w.islower() and c.islower():
                out.setdefault(w, set()).add(c)
    return out


def wrong_word_rows() -> list[list[str]]:
    """The rows of ``wrongWordInContext.txt``: word1, word2, match1, match2, context1,
    context2 and optional explanations."""
    text = read_member(WRONG_WORD_IN_CONTEXT) or ""
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) >= 6:
            rows.append(cols)
    return rows
