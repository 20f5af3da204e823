"""The ``[languagetool]`` table of ``copyedit.toml``, validated.

    [languagetool]
    disabled-rules = ["PASSIVE_VOICE"]     # added to DEFAULT_DISABLED_RULES
    disabled-categories = ["CREATIVE_WRITING"]
    enabled-rules = ["WHITESPACE_RULE"]    # also re-enables a default-disabled rule
    picky = false
    idle-minutes = 30                      # stop the local server after this long unused
    heap-mb = 1024                         # the local server's largest Java heap (0: Java's own)
    url = "http://localhost:8081"          # use this server instead of a local one
    accepted-words = ["Zelenskyy"]         # never flagged as misspellings

The language variant is copyedit's own ``language`` setting (en-US or en-GB).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import ConfigError
from .client import CheckOptions, url_problem
from .server import DEFAULT_HEAP_MB, DEFAULT_IDLE_MINUTES

DISABLED_FOR_NEWS: dict[str, str] = {
    # Duplicates of copyedit's own rules (the masked text would also make them misfire).
    "WHITESPACE_RULE": "doubled spaces: news.double-space covers them",
    "CONSECUTIVE_SPACES": "the same with no-break spaces: news.nbsp-space",
    "EN_UNPAIRED_BRACKETS": "news.unbalanced-brackets",
    "EN_UNPAIRED_QUOTES": "news.unbalanced-quotes, which knows quotes run over paragraphs",
    "EN_WORD_COHERENCY": "one word spelt two ways: the consistency engine reads the same list "
    "(coherency.txt) over the whole draft, and paragraphs go to LanguageTool in batches",
    # Measured by benchmarks/lt_false_alarms.py (267k words of clean dev news prose) and
    # benchmarks/gec_quality.py (copyedit's correct/wrong edits on CWEB and BEA dev).
    "COMMA_COMPOUND_SENTENCE": "comma before and/but: 0.30 per 1,000 clean news words; 39 right, 213 wrong on dev",
    "ENGLISH_WORD_REPEAT_BEGINNING_RULE": "style nag on sentence openings: 0 right, 65 wrong on dev",
    "HYPHEN_TO_EN": "proposes en dashes, which AP style does not use: 0 right, 19 wrong",
    "FIRST_OF_ALL": "redundancy nag: 0 right, 12 wrong on dev",
    "CAFE_DIACRITIC": "Cafe to Café; AP drops the accent: 0 right, 9 wrong",
    "EXTREME_ADJECTIVES": "a style opinion, not an error: 0 right, 7 wrong",
    "OUTSIDE_OF": "'outside of' is standard English: 0 right, 6 wrong",
    "IN_A_X_MANNER": "style rewrite: 0 right, 6 wrong",
    "NOTE_COMPOUNDS": "compound-spelling nag: 0 right, 6 wrong",
    "WITH_THE_EXCEPTION_OF": "wordiness nag (news.wordy has its own list): 0 right, 6 wrong",
    "ALL_OF_THE": "'all of the' is standard English: 1 right, 9 wrong",
    "EN_MULTITOKEN_SPELLING_TWO": "rewrites unknown two-word names (James Cotten to James Corden): 0 right, 5 wrong",
    "SUPER_COMPOUNDS": "compound nag: 0 right, 5 wrong",
    "YEAR_OLD_HYPHEN": "misfires: 0 right, 4 wrong",
    "PERS_PRON_CONTRACTION": "misfires: 0 right, 4 wrong",
    "NON_STANDARD_WORD": "misfires: 0 right, 5 wrong",
    # Measured by benchmarks/pipeline_noise.py (the whole pipeline on clean dev news).
    "POSSESSIVE_APOSTROPHE": "a noun used as a modifier ('an explosives depot', 'public works director') "
    "taken for a possessive: 8 of 8 wrong on clean news; 2 right, 8 wrong on CWEB/BEA dev",
    "APARTMENT-FLAT": "en-GB: 'apartment' to 'flat', a vocabulary swap British news does not ask for: "
    "7 findings in one clean dev news story (benchmarks/pipeline_noise.py)",
    "OXFORD_SPELLING_Z_NOT_S": "en-GB: asks for Oxford -ize ('organisation' to 'organization'); "
    "British news styles (BBC, Guardian, Times, Reuters) write -ise: 11 of 11 wrong on clean news",
}
"""LanguageTool rules off by default for news copy, each with the reason (see README)."""

DEFAULT_DISABLED_RULES: tuple[str, ...] = tuple(DISABLED_FOR_NEWS)

_LISTS = ("disabled-rules", "disabled-categories", "enabled-rules", "accepted-words")
_KEYS = {*_LISTS, "picky", "idle-minutes", "heap-mb", "url"}
MIN_HEAP_MB = 256
"""LanguageTool's English rules do not load in less."""


@dataclass(frozen=True)
class LTSettings:
    language: str = "auto"
    """'en-US', 'en-GB', or 'auto': each draft is checked in its own variety."""
    disabled_rules: tuple[str, ...] = DEFAULT_DISABLED_RULES
    disabled_categories: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()
    picky: bool = False
    idle_minutes: float = DEFAULT_IDLE_MINUTES
    heap_mb: int = DEFAULT_HEAP_MB
    url: str | None = None
    accepted_words: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Config) -> LTSettings:
        table = config.extra.get("languagetool", {})
        return parse_settings(table, config.language, config.source)

    def options(self, language: str | None = None) -> CheckOptions:
        """The check options, in ``language`` (a draft's resolved variety) when given."""
        enabled = set(self.enabled_rules)
        return CheckOptions(
            language=language or (self.language if self.language != "auto" else "en-US"),
            disabled_rules=tuple(sorted(set(self.disabled_rules) - enabled)),
            disabled_categories=tuple(sorted(set(self.disabled_categories))),
            enabled_rules=tuple(sorted(enabled)),
            picky=self.picky,
        )


def parse_settings(table: dict[str, Any], language: str, source: Path | None) -> LTSettings:
    where = f"{source}: " if source else ""

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{where}key 'languagetool.{key}': {problem}")

    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown setting (known: {', '.join(sorted(_KEYS))})")
    lists: dict[str, tuple[str, ...]] = {}
    for key in _LISTS:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(key, "expected a list of non-empty strings")
        lists[key] = tuple(v.strip() for v in value)
    picky = table.get("picky", False)
    if not isinstance(picky, bool):
        raise fail("picky", "expected true or false")
    idle = table.get("idle-minutes", DEFAULT_IDLE_MINUTES)
    if isinstance(idle, bool) or not isinstance(idle, int | float) or idle <= 0:
        raise fail("idle-minutes", "expected a positive number of minutes")
    heap = table.get("heap-mb", DEFAULT_HEAP_MB)
    if isinstance(heap, bool) or not isinstance(heap, int) or (0 < heap < MIN_HEAP_MB) or heap < 0:
        raise fail(
            "heap-mb", f"expected 0 (Java's default) or a whole number of MB from {MIN_HEAP_MB}"
        )
    url = table.get("url")
    if url is not None and (problem := url_problem(url)) is not None:
        raise fail("url", problem)
    return LTSettings(
        language=language,
        disabled_rules=DEFAULT_DISABLED_RULES + lists["disabled-rules"],
        disabled_categories=lists["disabled-categories"],
        enabled_rules=lists["enabled-rules"],
        picky=picky,
        idle_minutes=float(idle),
        heap_mb=heap,
        url=url.strip() if url else None,
        accepted_words=lists["accepted-words"],
    )
