"""The consistency engine: variants within a draft, abbreviations, name forms and the
house-style term lists. Settings come from ``[consistency]`` in the config:

    [consistency]
    prefer = "first"            # or "majority": the form to unify on without a house form
    spelling = "auto"           # or "en-US" / "en-GB": which spelling variety wins
    terms-folders = ["style"]   # more folders of *.terms.yml, relative to the config file
    enable = ["quotes"]         # checks that are off by default (see OPTIONAL)
    disable = ["numbers"]       # checks to turn off

Each check is named by its rule id without the ``consistency.`` prefix ("case",
"hyphenation", "spelling-variety", "abbreviation.undefined", ...; "house" for the term
lists).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..config import Config
from ..document import Document
from ..errors import ConfigError
from ..model import Finding

if TYPE_CHECKING:  # the checks are imported when a draft is first checked
    from ..consistency.forms import Settings
    from ..consistency.house import Term
    from ..consistency.suppressors import Judgement, Suppressor

CHECKS = (
    "house",
    "name-form",
    "spelling",
    "spelling-variety",
    "spelling-mixed",
    "hyphenation",
    "case",
    "abbreviation.undefined",
    "abbreviation.before-definition",
    "abbreviation.redefined",
    "abbreviation.respelled",
    "numbers",
    "dashes",
    "quotes",
    "apostrophes",
)
OPTIONAL = frozenset({"dashes", "quotes", "apostrophes"})
"""Off unless ``[consistency] enable`` names them. Mixed quotation marks, apostrophes
and dashes are real inconsistencies, but they are a typesetting matter that a desk's
system (or one fix-all pass) settles, not an editor's: published Wikinews articles mix
them in 24 of 171 dev articles (straight and curly apostrophes alone in 19), so even
reported once per article they would take most of the false-alarm budget
(0.74 per 2,000 words on their own, against a target of 1 for the whole engine)."""


def _check_of(rule: str) -> str:
    name = rule.removeprefix("consistency.")
    return "house" if name.startswith("house.") else name


class ConsistencyEngine:
    name = "consistency"

    def __init__(
        self,
        settings: Settings | None = None,
        terms: list[Term] | None = None,
        checks: frozenset[str] | None = None,
        known_abbreviations: frozenset[str] = frozenset(),
        term_folders: Sequence[Path] | None = None,
        prefer: str = "first",
        spelling: str = "auto",
    ) -> None:
        """``settings`` as given, or built from ``prefer`` and ``spelling`` when first
        needed; ``terms`` and ``known_abbreviations`` as given, or those of the term lists
        in ``term_folders``, read when first needed: a re-check answered by the cache
        imports no check and reads no term list."""
        self._settings = settings
        self._given = settings is not None or terms is not None or bool(known_abbreviations)
        self._spec = (prefer, spelling)
        self.term_folders = None if term_folders is None else list(term_folders)
        self._loaded = term_folders is None
        self._terms = list(terms or [])
        self._known = known_abbreviations
        self._house: dict[str, str] | None = None
        self.checks = frozenset(CHECKS) - OPTIONAL if checks is None else frozenset(checks)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from ..consistency.forms import Settings

            self._settings = Settings(*self._spec)
        return self._settings

    @property
    def terms(self) -> list[Term]:
        self._load()
        return self._terms

    @property
    def known_abbreviations(self) -> frozenset[str]:
        self._load()
        return self._known

    def _load(self) -> None:
        """Read the term lists (a bad one is a ``RuleError`` naming the file and key)."""
        if self._loaded or self.term_folders is None:
            return
        from ..consistency.house import find_term_files, load_term_list

        lists = [load_term_list(path) for path in find_term_files(self.term_folders)]
        self._terms = [t for found, _ in lists for t in found]
        self._known = frozenset().union(*(k for _, k in lists))
        self._loaded = True

    def fingerprint(self) -> str | None:
        """The settings, the checks and the term folders' files (names, sizes, times),
        for the findings caches; None unless built from settings and term folders
        (``from_config``)."""
        if self.term_folders is None or self._given:
            return None
        from ..recheck_cache import data_key, folder_key

        folders = [folder_key(f) for f in self.term_folders]
        return repr([__version__, data_key(), self._spec, sorted(self.checks), folders])

    @classmethod
    def from_config(cls, config: Config, lazy: bool = False) -> ConsistencyEngine:
        """The engine the configuration describes. A bad setting is a ``ConfigError``
        at once; a bad term list a ``RuleError`` at once, or (``lazy``) when the lists
        are first read (the first check that is not answered by the cache)."""
        from ..paths import builtin_rules_dir

        section = config.extra.get("consistency", {})
        where = config.source or Path("copyedit.toml")

        def fail(key: str, problem: str) -> ConfigError:
            return ConfigError(f"{where}: key 'consistency.{key}': {problem}")

        unknown = set(section) - {"prefer", "spelling", "terms-folders", "enable", "disable"}
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
        checks = set(CHECKS) - OPTIONAL
        for key in ("enable", "disable"):
            names = section.get(key, [])
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise fail(key, "expected a list of check names")
            bad = sorted(set(names) - set(CHECKS))
            if bad:
                raise fail(key, f"unknown check '{bad[0]}' (known: {', '.join(CHECKS)})")
            checks = checks | set(names) if key == "enable" else checks - set(names)
        base = where.parent
        extra = [(base / f).resolve() for f in raw]
        for folder in extra:
            if not folder.is_dir():
                raise fail("terms-folders", f"{folder} is not a folder")
        folders = [builtin_rules_dir(), *config.rule_folders, *extra]
        engine = cls(
            checks=frozenset(checks), term_folders=folders, prefer=prefer, spelling=spelling
        )
        if not lazy:
            engine._load()
        return engine

    def check(self, doc: Document) -> list[Finding]:
        return list(self.judge(doc).kept)

    def judge(self, doc: Document) -> Judgement:
        """The findings ``check`` reports (``kept``) and, as a debug view, those the
        checks' suppressors withheld (``suppressed``, each with the suppressor's name) and
        the words they kept out of the evidence (``ignored``)."""
        from ..consistency.abbreviations import abbreviation_judgement
        from ..consistency.case import case_judgement
        from ..consistency.compounds import compound_judgement
        from ..consistency.forms import non_overlapping
        from ..consistency.house import house_forms, term_findings
        from ..consistency.marks import mark_findings, number_findings
        from ..consistency.names import name_findings
        from ..consistency.spelling import spelling_findings
        from ..consistency.suppressors import Judgement
        from ..consistency.tokens import scan

        if self._house is None:
            self._house = house_forms(self.terms)
        sc = scan(doc)
        s, house, on = self.settings, self._house, self.checks
        ordered: list[Finding] = []
        judged = Judgement()
        if "house" in on:
            ordered += term_findings(sc, self.terms, s)
        if "name-form" in on:
            ordered += name_findings(sc)
        if on & {"spelling", "spelling-variety", "spelling-mixed"}:
            ordered += spelling_findings(sc, s, house)
        if "hyphenation" in on:
            judged = compound_judgement(sc, s, house)
            ordered += judged.kept
        if "case" in on:
            cased = case_judgement(sc, s, house)
            ordered += cased.kept
            judged += cased
        if any(c.startswith("abbreviation.") for c in on):
            abbreviated = abbreviation_judgement(sc, self.known_abbreviations)
            ordered += abbreviated.kept
            judged += abbreviated
        if "numbers" in on:
            ordered += number_findings(sc, s)
        if on & {"dashes", "quotes", "apostrophes"}:
            ordered += mark_findings(sc, s)
        # Earlier checks win where two report overlapping spans (a house term over the
        # discovered variant of the same words).
        kept = non_overlapping([f for f in ordered if _check_of(f.rule) in on])
        suppressed = tuple(x for x in judged.suppressed if _check_of(x.finding.rule) in on)
        return Judgement(tuple(kept), suppressed, judged.ignored)


def suppressors() -> tuple[Suppressor[Any], ...]:
    """The suppressors of candidate findings, in the order the engine's checks run."""
    from ..consistency import abbreviations, case, compounds

    return (*compounds.SUPPRESSORS, *case.SUPPRESSORS, *abbreviations.SUPPRESSORS)


def use_suppressors() -> tuple[Suppressor[Any], ...]:
    """The suppressors of uses (what counts as evidence), in the order the checks run."""
    from ..consistency import abbreviations, case, compounds

    return (
        *compounds.USE_SUPPRESSORS,
        *case.USE_SUPPRESSORS,
        case.NUMBERED_LABEL,
        *abbreviations.USE_SUPPRESSORS,
    )
