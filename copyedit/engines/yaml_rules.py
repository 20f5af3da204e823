"""The engine that runs the YAML rule packs in ``rules/`` and any house-style folders."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..document import Document
from ..model import Finding

if TYPE_CHECKING:
    from ..checks import Rule

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


_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DATELINE = re.compile(
    r"^[ \t]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?"
    rf"(?:{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+{_MONTH},?[ \t]+\d{{4}})[ \t]*$",
    re.MULTILINE,
)
"""A line that is only a date ('Saturday, January 26, 2019'): a dateline in the
publishing system's format, not the writer's copy. Style rules leave it alone (judged dev
news: of the style packs' 40 findings on dates, the 34 in datelines were 0 correct, 22 debatable, 12
wrong)."""


def datelines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _DATELINE.finditer(text)]


class YamlRulesEngine:
    name = "rules"

    def __init__(
        self,
        rules: Iterable[Rule] | None = None,
        folders: Iterable[Path] = (),
        style: str = "auto",
        language: str = "auto",
        opted: Iterable[str] = (),
    ) -> None:
        """``rules`` as given, or (None) those of ``folders``, read when first needed: a
        re-check answered by the cache reads no rule file. ``style`` and ``language``
        choose the style pack (``style_for``); ``opted``: ids of rules that are off by
        default (``off-by-default:`` in their file) which the configuration names, to run them."""
        self._rules = None if rules is None else list(rules)
        self.folders = list(folders)
        self.style = style
        self.language = language
        self.opted = frozenset(opted)
        self.notes: list[str] = []

    @classmethod
    def from_folders(
        cls,
        extra: Iterable[Path] = (),
        style: str = "auto",
        language: str = "auto",
        opted: Iterable[str] = (),
    ) -> YamlRulesEngine:
        from ..paths import builtin_rules_dir

        return cls(None, [builtin_rules_dir(), *extra], style, language, opted)

    @property
    def rules(self) -> list[Rule]:
        if self._rules is None:
            from ..checks.loader import load_folder

            self._rules = [r for folder in self.folders for r in load_folder(folder)]
        return self._rules

    def fingerprint(self) -> str | None:
        """The rule folders' files (names, sizes, times) and the style settings, for the
        findings caches; None for rules given directly, and once a rule has timed out
        (that run is partial)."""
        if self._rules is not None and not self.folders or self.notes:
            return None
        from ..recheck_cache import data_key, folder_key

        folders = [folder_key(f) for f in self.folders]
        return repr(
            [__version__, data_key(), folders, self.style, self.language, sorted(self.opted)]
        )

    def check(self, doc: Document) -> list[Finding]:
        from ..checks import PatternTimeout

        wants_variety = self.style == "auto" and self.language not in _BY_LANGUAGE
        style = style_for(
            self.style, self.language, doc.analysis.variety if wants_variety else None
        )
        found: list[Finding] = []
        skip = datelines(doc.text)
        for rule in self.rules:
            if not in_style(rule.meta.id, style):
                continue
            if rule.meta.off and rule.meta.id not in self.opted:
                continue
            try:
                found.extend(
                    f
                    for f in rule.check(doc, self.name)
                    if not any(a <= f.start and f.end <= b for a, b in skip)
                )
            except PatternTimeout as exc:  # that rule is skipped for this draft
                self.notes.append(str(exc))
        return found
