"""The formats copyedit reads, by name and by suffix.

Every module of this package that defines ``FORMATS`` (a tuple of ``Format``) is found and
registered on first use, so a new format is one new module (or package) here; a format
can also be registered at run time (``register``). The modules are found by name rather
than imported here because writers depend on ``copyedit.document``, which asks this
registry for a format's protected regions.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from .base import Format

_FORMATS: dict[str, Format] = {}
_found = False


def _discover() -> None:
    global _found
    if _found:
        return
    _found = True
    names = {m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])}
    for name in sorted(names - {"base", "registry"}, key=lambda n: (n != "text", n)):
        module = importlib.import_module(f"{__package__}.{name}")
        for fmt in getattr(module, "FORMATS", ()):
            register(fmt)


def register(fmt: Format) -> Format:
    """Add ``fmt``; its name and suffixes must be new (a ValueError says which is not)."""
    _discover()
    if fmt.name in _FORMATS:
        raise ValueError(f"a format named {fmt.name!r} is already registered")
    if not fmt.suffixes or any(s != s.lower() or not s.startswith(".") for s in fmt.suffixes):
        raise ValueError(f"{fmt.name}: suffixes must be lower case and start with a dot")
    for other in _FORMATS.values():
        taken = set(fmt.suffixes) & set(other.suffixes)
        if taken:
            raise ValueError(f"{fmt.name}: {', '.join(sorted(taken))} already read as {other.name}")
    _FORMATS[fmt.name] = fmt
    return fmt


def unregister(name: str) -> None:
    _discover()
    _FORMATS.pop(name, None)


def formats() -> tuple[Format, ...]:
    """Every registered format, the built-in ones first."""
    _discover()
    return tuple(_FORMATS.values())


def get(name: str) -> Format:
    _discover()
    try:
        return _FORMATS[name]
    except KeyError:
        raise ValueError(f"no draft format named {name!r}") from None


def by_suffix(path: str | Path) -> Format | None:
    """The format a file's suffix (any case) names, or None."""
    suffix = Path(path).suffix.lower()
    return next((f for f in formats() if suffix in f.suffixes), None)


def for_path(path: str | Path) -> Format:
    """The format of a draft named on the command line: by its suffix, else plain text
    (``notes`` or ``story.rst`` is read as text, as it always was)."""
    return by_suffix(path) or get("text")


def suffixes() -> tuple[str, ...]:
    """Every suffix a folder is searched for."""
    return tuple(s for f in formats() for s in f.suffixes)


def describe_suffixes(plain_only: bool = False) -> str:
    """ ".txt, .md, .markdown, .docx": for messages."""
    return ", ".join(s for f in formats() if f.plain or not plain_only for s in f.suffixes)
