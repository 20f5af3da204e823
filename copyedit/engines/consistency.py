"""The consistency engine: variants within a draft, abbreviations, name forms and the
house-style term lists. Settings come from ``[consistency]`` in the config:

    [consistency]
    prefer = "first"            # or "majority": the form to unify on without a house form
    spelling = "auto"           # or "en-US" / "en-GB": which spelling variety wins
    terms-folders = ["style"]   # more folders of *.terms.yml, relative to the config file
"""

from __future__ import annotations

from pathlib import Path

from ..checks.loader import builtin_rules_dir
from ..config import Config
from ..consistency.abbreviations import abbreviation_findings
from ..consistency.forms import Settings
from ..consistency.house import Term, find_term_files, house_forms, load_terms, term_findings
from ..consistency.marks import mark_findings, number_findings
from ..consistency.names import name_findings
from ..consistency.tokens import scan
from ..consistency.variants import case_findings, compound_findings, spelling_findings
from ..document import Document
from ..errors import ConfigError
from ..model import Finding


class ConsistencyEngine:
    name = "consistency"

    def __init__(self, settings: Settings | None = None, terms: list[Term] | None = None) -> None:
        self.settings = settings or Settings()
        self.terms = list(terms or [])
        self._house = house_forms(self.terms)

    @classmethod
    def from_config(cls, config: Config) -> ConsistencyEngine:
        section = config.extra.get("consistency", {})
        where = config.source or Path("copyedit.toml")

        def fail(key: str, problem: str) -> ConfigError:
            return ConfigError(f"{where}: key 'consistency.{key}': {problem}")

        unknown = set(section) - {"prefer", "spelling", "terms-folders"}
        if unknown:
            raise fail(sorted(unknown)[0], "unknown setting")
        prefer = section.get("prefer", "first")
        if prefer not in ("first", "majority"):
            raise fail("prefer", "must be 'first' or 'majority'")
        spelling = section.get("spelling", "auto")
        if spelling not in ("auto", "en-US", "en-GB"):
            raise fail("spelling", "must be 'auto', 'en-US' or 'en-GB'")
        raw = section.get("terms-folders", [])
        if not isinstance(raw, list) or not all(isinstance(f, str) for f in raw):
            raise fail("terms-folders", "expected a list of strings")
        base = where.parent
        extra = [(base / f).resolve() for f in raw]
        for folder in extra:
            if not folder.is_dir():
                raise fail("terms-folders", f"{folder} is not a folder")
        folders = [builtin_rules_dir(), *config.rule_folders, *extra]
        terms = [t for path in find_term_files(folders) for t in load_terms(path)]
        return cls(Settings(prefer=prefer, spelling=spelling), terms)

    def check(self, doc: Document) -> list[Finding]:
        sc = scan(doc)
        s, house = self.settings, self._house
        ordered = [
            *term_findings(sc, self.terms),
            *name_findings(sc),
            *spelling_findings(sc, s, house),
            *compound_findings(sc, s, house),
            *case_findings(sc, s, house),
            *abbreviation_findings(sc),
            *number_findings(sc, s),
            *mark_findings(sc, s),
        ]
        return _first_per_span(ordered)


def _first_per_span(findings: list[Finding]) -> list[Finding]:
    """Earlier checks win where two report overlapping spans (a house term over the
    discovered variant of the same words)."""
    kept: list[Finding] = []
    for f in findings:
        if not any(f.start < k.end and k.start < f.end for k in kept):
            kept.append(f)
    return kept
