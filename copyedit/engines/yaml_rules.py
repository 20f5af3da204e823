"""The engine that runs the YAML rule packs in ``rules/`` and any house-style folders."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..checks import PatternTimeout, Rule
from ..checks.loader import builtin_rules_dir, load_folder
from ..document import Document
from ..model import Finding

PACKS = {"ap": "ap", "british": "british"}
"""Style -> the folder (rule id prefix) of its pack."""
CORE = "news-core"
"""What the AP and British packs agree on: run with either, and alone for a draft of no
clear variety under 'auto'."""
STYLE_FOLDERS = frozenset({*PACKS.values(), CORE})

_BY_LANGUAGE = {"en-US": "ap", "en-GB": "british"}


def pack_of(rule_id: str) -> str | None:
    """The style folder a rule belongs to ('ap', 'british', 'news-core'), or None."""
    head = rule_id.split(".", 1)[0]
    return head if head in STYLE_FOLDERS else None


def style_for(style: str, language: str, variety: str | None) -> str:
    """The pack a draft gets: the configured one, or under 'auto' the one of the
    configured language, else of the draft's own variety; 'core' when it has none."""
    if style != "auto":
        return style
    if language in _BY_LANGUAGE:
        return _BY_LANGUAGE[language]
    return _BY_LANGUAGE.get(variety or "", "core")


def in_style(rule_id: str, style: str) -> bool:
    """Whether the rule runs for a draft given ``style`` ('ap', 'british', 'core',
    'none'); rules outside the style packs always run."""
    pack = pack_of(rule_id)
    if pack is None:
        return True
    if style == "none":
        return False
    return pack == CORE or pack == PACKS.get(style)


class YamlRulesEngine:
    name = "rules"

    def __init__(self, rules: Iterable[Rule], style: str = "auto", language: str = "auto") -> None:
        self.rules = list(rules)
        self.style = style
        self.language = language
        self.notes: list[str] = []

    @classmethod
    def from_folders(
        cls, extra: Iterable[Path] = (), style: str = "auto", language: str = "auto"
    ) -> YamlRulesEngine:
        rules = load_folder(builtin_rules_dir())
        for folder in extra:
            rules.extend(load_folder(folder))
        return cls(rules, style, language)

    def check(self, doc: Document) -> list[Finding]:
        wants_variety = self.style == "auto" and self.language not in _BY_LANGUAGE
        style = style_for(
            self.style, self.language, doc.analysis.variety if wants_variety else None
        )
        found: list[Finding] = []
        for rule in self.rules:
            if not in_style(rule.meta.id, style):
                continue
            try:
                found.extend(rule.check(doc, self.name))
            except PatternTimeout as exc:  # that rule is skipped for this draft
                self.notes.append(str(exc))
        return found
