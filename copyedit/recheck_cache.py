"""What makes a re-check cheap: a draft's settled report, and an engine's findings for
each piece of a draft (a sentence, a paragraph), kept between runs.

- ``ReportCache``: a draft's whole report (findings, withheld findings, readability
  figures, engine notes), keyed by everything it depends on: the text and format, each
  engine's name and fingerprint, the selector, the calibration file, and copyedit's own
  code and data files. A re-check of an unchanged draft imports no engine, reads no rule
  file and parses nothing.
- ``PieceCache``: an engine's findings for one piece, offsets relative to the piece,
  keyed by the piece's text and whatever else the engine reads for it. After an edit the
  engine runs only on the pieces that changed.

Both live in ``<cache>/findings`` beside the whole-document findings cache and, like it,
only cost speed when they fail (``SqliteStore``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .findings_cache import code_digest
from .model import Finding
from .paths import cache_dir, stat_key
from .sqlite_cache import SqliteStore

SCHEMA = 1
"""Part of every key: bump it when what is stored changes form."""
MAX_REPORTS = 20_000
MAX_PIECES = 200_000


def files_key(paths: Iterable[Path]) -> list[tuple[str, int, int] | None]:
    return [stat_key(p) for p in paths]


def folder_key(folder: Path) -> list[tuple[str, int, int] | None]:
    """Every file below ``folder`` (a rule or term folder), without reading one."""
    if not folder.is_dir():
        return [(str(folder), -1, -1)]
    return files_key(sorted(p for p in folder.rglob("*") if p.is_file()))


def yaml_data(path: Path) -> Any:
    """The contents of the YAML data file ``path``, from a JSON copy (``paths.kept_copy``):
    importing PyYAML and parsing the calibration file cost a re-check after an edit 60 ms
    of its 200, and a new draft's check as much. (Not among the caches keyed by a draft's
    text: a new draft finds the copy made for the last one.)"""
    from . import paths

    def parse() -> Any:
        import yaml

        return yaml.safe_load(path.read_text(encoding="utf-8"))

    name = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:16]
    return paths.kept_copy(f"yaml-{name}", [path], parse)


@cache
def data_key() -> str:
    """copyedit's data files (word lists, lexicons, weights: everything in the package
    that is not code) and LanguageTool's English jar, which the shared analysis and
    several engines read. With ``findings_cache.code_digest`` it stands for copyedit
    itself in a cache key."""
    from .languagetool.data import ENV, find_jar

    root = Path(__file__).parent
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    )
    jar = find_jar()
    parts = [code_digest(), files_key(files), stat_key(jar) if jar else None, os.environ.get(ENV)]
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _digest(parts: object) -> str:
    raw = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedReport:
    findings: tuple[Finding, ...]
    withheld: tuple[Finding, ...]
    stats: dict
    """``readability.Stats`` as ``stats_to_json`` stored it."""
    notes: tuple[str, ...]


class ReportCache:
    def __init__(self, path: Path | None = None, max_rows: int = MAX_REPORTS) -> None:
        self.path = path or cache_dir() / "findings" / "reports.sqlite3"
        self._store = SqliteStore(self.path, "reports_v1", max_rows)

    @staticmethod
    def key(
        text: str,
        format: str,
        engines: Sequence[tuple[str, str]],
        settings: object,
    ) -> str:
        """``engines``: (name, fingerprint) in run order; ``settings``: the rest of what
        the report depends on (selector, notes, calibration), as JSON-able values."""
        return _digest([SCHEMA, data_key(), [list(e) for e in engines], settings, format, text])

    def get_many(self, keys: Iterable[str]) -> dict[str, CachedReport]:
        """The stored reports of those keys that are present (one query for a batch)."""

        def decode(data: Any) -> CachedReport:
            return CachedReport(
                tuple(Finding.from_json(d) for d in data["findings"]),
                tuple(Finding.from_json(d) for d in data["withheld"]),
                dict(data["stats"]),
                tuple(str(n) for n in data["notes"]),
            )

        return self._store.get_json(keys, decode)

    def put_many(self, reports: Mapping[str, CachedReport]) -> None:
        self._store.put_json(
            {
                key: {
                    "findings": [f.to_json() for f in r.findings],
                    "withheld": [f.to_json() for f in r.withheld],
                    "stats": r.stats,
                    "notes": list(r.notes),
                }
                for key, r in reports.items()
            }
        )


class PieceCache:
    """One engine's findings per piece of a draft, offsets relative to the piece."""

    def __init__(
        self, engine: str, fingerprint: str, path: Path | None = None, max_rows: int = MAX_PIECES
    ) -> None:
        self.engine = engine
        self.fingerprint = fingerprint
        self.path = path or cache_dir() / "findings" / "pieces.sqlite3"
        self._store = SqliteStore(self.path, "pieces_v1", max_rows)

    def key(self, piece: object) -> str:
        """``piece``: the piece's text and everything else the engine reads for it, as
        JSON-able values."""
        return _digest([SCHEMA, data_key(), self.engine, self.fingerprint, piece])

    def get_many(self, keys: Iterable[str]) -> dict[str, list[Finding]]:
        return self._store.get_json(keys, lambda v: [Finding.from_json(d) for d in v])

    def put_many(self, items: Mapping[str, list[Finding]]) -> None:
        self._store.put_json({key: [f.to_json() for f in found] for key, found in items.items()})
