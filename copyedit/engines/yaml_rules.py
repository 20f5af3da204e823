"""The engine that runs the YAML rule packs in ``rules/`` and any house-style folders."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..checks import PatternTimeout, Rule
from ..checks.loader import builtin_rules_dir, load_folder
from ..document import Document
from ..model import Finding


class YamlRulesEngine:
    name = "rules"

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = list(rules)
        self.notes: list[str] = []

    @classmethod
    def from_folders(cls, extra: Iterable[Path] = ()) -> YamlRulesEngine:
        rules = load_folder(builtin_rules_dir())
        for folder in extra:
            rules.extend(load_folder(folder))
        return cls(rules)

    def check(self, doc: Document) -> list[Finding]:
        found: list[Finding] = []
        for rule in self.rules:
            try:
                found.extend(rule.check(doc, self.name))
            except PatternTimeout as exc:  # that rule is skipped for this draft
                self.notes.append(str(exc))
        return found
