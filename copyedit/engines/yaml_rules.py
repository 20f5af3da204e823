"""The engine that runs the YAML rule packs in ``rules/`` and any house-style folders."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..document import Document
from ..model import Finding

if TYPE_CHECKING:
    from ..checks import Rule


class YamlRulesEngine:
    name = "rules"

    def __init__(self, rules: Iterable[Rule] | None = None, folders: Iterable[Path] = ()) -> None:
        """``rules`` as given, or (None) those of ``folders``, read when first needed: a
        re-check answered by the cache reads no rule file."""
        self._rules = None if rules is None else list(rules)
        self.folders = list(folders)
        self.notes: list[str] = []

    @classmethod
    def from_folders(cls, extra: Iterable[Path] = ()) -> YamlRulesEngine:
        from ..paths import builtin_rules_dir

        return cls(folders=[builtin_rules_dir(), *extra])

    @property
    def rules(self) -> list[Rule]:
        if self._rules is None:
            from ..checks.loader import load_folder

            self._rules = [r for folder in self.folders for r in load_folder(folder)]
        return self._rules

    def fingerprint(self) -> str | None:
        """The rule folders' files (names, sizes, times), for the findings caches; None
        for rules given directly, and once a rule has timed out (that run is partial)."""
        if self._rules is not None and not self.folders or self.notes:
            return None
        from ..recheck_cache import data_key, folder_key

        return repr([__version__, data_key(), [folder_key(f) for f in self.folders]])

    def check(self, doc: Document) -> list[Finding]:
        from ..checks import PatternTimeout

        found: list[Finding] = []
        for rule in self.rules:
            try:
                found.extend(rule.check(doc, self.name))
            except PatternTimeout as exc:  # that rule is skipped for this draft
                self.notes.append(str(exc))
        return found
