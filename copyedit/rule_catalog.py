"""Every rule id a report can show, for ``copyedit rules list`` and ``rules show``.

Each engine's rules are taken from what that engine runs on: the YAML rules' files, the
consistency engine's checks (``CHECKS``) and term lists, the grammar engine's rule
functions (``RULES``, ``OFF_BY_DEFAULT``), the real-word engine's confusion sets, and
LanguageTool's rule files read from the installed ``language-en`` jar (offline: ids,
names and categories of ``grammar.xml`` and ``style.xml``). LanguageTool's rules written
in Java (its speller, whitespace and word-repeat rules) have no entry in those files;
the ones copyedit turns off or has measured are listed from those tables. Each rule
also shows the precision measured on real copy (``data/measured.yml``) where there is
one, and whether calibration withholds its findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from .calibration import SPEECH, Calibration
from .calibration import default as default_calibration
from .model import Category, Finding, Severity

_LT_FILES = (
    "org/languagetool/rules/en/grammar.xml",
    "org/languagetool/rules/en/style.xml",
    "org/languagetool/rules/en/en-US/grammar.xml",
    "org/languagetool/rules/en/en-US/style.xml",
    "org/languagetool/rules/en/en-GB/grammar.xml",
    "org/languagetool/rules/en/en-GB/style.xml",
)
"""The rule files of the varieties copyedit checks in (en-US, en-GB)."""


_CONSISTENCY = {
    "name-form": "one person or title in several forms (Prime Minister / PM)",
    "spelling": "one word spelt two ways (adviser / advisor, judgment / judgement)",
    "spelling-variety": "a lone US spelling in a British draft, or the reverse",
    "spelling-mixed": "a draft writing US and UK spellings about evenly (two words or more each)",
    "hyphenation": "hyphen, space or closed (geo strategic / geostrategic)",
    "case": "case (Cold War / cold war)",
    "abbreviation.undefined": "an abbreviation used without its spelled-out form",
    "abbreviation.before-definition": "an abbreviation used before it is defined",
    "abbreviation.redefined": "an abbreviation defined twice",
    "abbreviation.respelled": "an abbreviation spelled out again after its definition",
    "numbers": "numbers as words and as numerals",
    "dashes": "dashes of several kinds",
    "quotes": "straight and curly quotation marks",
    "apostrophes": "straight and curly apostrophes",
}
"""What each consistency check finds (the checks themselves are ``CHECKS``)."""

_GRAMMAR = {
    "its": "its / it's",
    "agreement": "subject and verb agreement",
    "capitals": "names in lower case, function words capitalised mid-sentence",
    "preposition": "the preposition a verb or noun needs",
}
"""For parser rules whose function has no docstring."""


@dataclass(frozen=True)
class RuleInfo:
    id: str
    engine: str
    category: Category
    description: str = ""
    kind: str = ""
    """What the rule is within its engine: 'parser rule', 'confusion set', a YAML kind."""
    source: str = ""
    off: str = ""
    """Why copyedit turns the rule off by default ("" when it runs)."""
    lt_category: str = ""
    """LanguageTool's own category (its name and id), for its rules."""


def catalog(yaml_rules: Iterable = ()) -> list[RuleInfo]:
    """Every rule, engine by engine in the registry's order; ``yaml_rules`` are the
    loaded YAML rules (built-in and the config's folders)."""
    found = [_yaml(r) for r in yaml_rules]
    found.append(
        RuleInfo(
            "readability.long-sentence",
            "readability",
            Category.READABILITY,
            "a sentence longer than the configured long-sentence-words",
            "measure",
        )
    )
    found += _consistency()
    found += _realword()
    found += _grammar()
    found += _languagetool()
    return found


def find(rules: list[RuleInfo], rule_id: str) -> RuleInfo | None:
    """The rule with this id; a LanguageTool id not in its rule files (a rule written in
    Java, or one of those it makes from its word lists, as EN_COMPOUNDS_...) is
    described as such, so every id a report shows can be looked up."""
    found = next((r for r in rules if r.id == rule_id), None)
    lt_id = rule_id.removeprefix("languagetool.")
    if found is None and lt_id != rule_id and _LT_ID.fullmatch(lt_id):
        from .languagetool.settings import DISABLED_FOR_NEWS

        found = _java_rule(lt_id, DISABLED_FOR_NEWS.get(lt_id, ""))
    return found


_LT_ID = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")


def _yaml(rule) -> RuleInfo:
    m = rule.meta
    return RuleInfo(
        m.id,
        "rules",
        m.category,
        (m.description or "").strip() or m.message,
        rule.kind,
        str(m.source),
        off=m.off,
    )


def _consistency() -> list[RuleInfo]:
    from .checks.loader import builtin_rules_dir
    from .consistency.house import SUFFIX, find_term_files
    from .engines.consistency import CHECKS, OPTIONAL

    found = []
    for check in CHECKS:
        if check == "house":
            for path in find_term_files([builtin_rules_dir()]):
                name = path.name.removesuffix(SUFFIX)
                found.append(
                    RuleInfo(
                        f"consistency.house.{name}",
                        "consistency",
                        Category.CONSISTENCY,
                        f"the house style's term list {path.name}",
                        "term list",
                        str(path),
                    )
                )
            continue
        off = "a typesetting matter: on with [consistency] enable" if check in OPTIONAL else ""
        found.append(
            RuleInfo(
                f"consistency.{check}",
                "consistency",
                Category.CONSISTENCY,
                _CONSISTENCY.get(check, f"one draft writing {check} two ways"),
                "consistency check",
                off=off,
            )
        )
    return found


def _realword() -> list[RuleInfo]:
    from .realword.confusables import load_sets

    sets, _ = load_sets()
    found = [
        RuleInfo(
            "realword.context",
            "realword",
            Category.REAL_WORD,
            "a word the trigram model finds far less likely than a similar word in its place",
            "context model",
        )
    ]
    for s in sets:
        words = getattr(s, "words", {})
        if isinstance(words, dict) and words:
            shown = " / ".join(words)
        else:
            shown = " / ".join(getattr(s, "parts", ()))
        found.append(
            RuleInfo(
                f"realword.{s.id}",
                "realword",
                Category.REAL_WORD,
                f"confused words: {shown}" if shown else "confused words",
                "confusion set",
                getattr(s, "source", "LanguageTool's wrongWordInContext.txt"),
            )
        )
    return found


def _grammar() -> list[RuleInfo]:
    from .grammar.rules import OFF_BY_DEFAULT, RULES

    def info(fn, off: str = "") -> RuleInfo:
        family = fn.__name__.replace("_", "-")
        doc = (fn.__doc__ or "").strip().split("\n\n")[0]
        return RuleInfo(
            f"grammar.{family}",
            "grammar",
            Category.GRAMMAR,
            " ".join(doc.split()) or _GRAMMAR.get(family, f"the parser rule '{family}'"),
            "parser rule",
            off=off,
        )

    below = "measured below the engine's bar (benchmarks/grammar_eval.py)"
    return [info(fn) for fn in RULES] + [info(fn, below) for fn in OFF_BY_DEFAULT.values()]


def _languagetool() -> list[RuleInfo]:
    from .engines.languagetool import classify
    from .languagetool.client import LTMatch
    from .languagetool.data import find_jar
    from .languagetool.settings import DISABLED_FOR_NEWS

    jar = find_jar()
    rows = _lt_rules(jar) if jar is not None else ()
    found = []
    seen = set()
    for rule_id, name, cat_id, cat_name, issue in rows:
        if rule_id in seen:
            continue
        seen.add(rule_id)
        kind = classify(LTMatch(0, 0, rule_id, cat_id, issue, ""), "word")
        found.append(
            RuleInfo(
                f"languagetool.{rule_id}",
                "languagetool",
                kind.category,
                name,
                "LanguageTool rule",
                str(jar),
                DISABLED_FOR_NEWS.get(rule_id, ""),
                f"{cat_name} ({cat_id})",
            )
        )
    calibration = default_calibration()
    measured = calibration.groups if calibration is not None else {}
    built_in = [*DISABLED_FOR_NEWS, *(g.removeprefix("languagetool.") for g in measured)]
    for rule_id in built_in:
        if rule_id in seen or "/" in rule_id or rule_id.startswith(("languagetool", "rules")):
            continue
        if not rule_id.isupper() or "." in rule_id:
            continue
        seen.add(rule_id)
        found.append(_java_rule(rule_id, DISABLED_FOR_NEWS.get(rule_id, "")))
    return found


def _java_rule(rule_id: str, off: str) -> RuleInfo:
    return RuleInfo(
        f"languagetool.{rule_id}",
        "languagetool",
        Category.SPELLING if "MORFOLOGIK" in rule_id else Category.GRAMMAR,
        "a LanguageTool rule written in Java or made from its word lists (no entry in "
        "its rule files)",
        "LanguageTool rule",
        off=off,
    )


@cache
def _lt_rules(jar: Path) -> tuple[tuple[str, str, str, str, str], ...]:
    """(id, name, category id, category name, issue type) of every rule with an id in
    the jar's English rule files: about 3,000, read in half a second."""
    from lxml import etree

    from .languagetool.data import read_member

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=True, load_dtd=False
    )
    rows = []
    for member in _LT_FILES:
        text = read_member(member, jar)
        if text is None:
            continue
        try:
            root = etree.fromstring(text.encode("utf-8"), parser)
        except etree.XMLSyntaxError:
            continue
        for cat in root.iter("category"):
            cat_id = cat.get("id") or ""
            cat_name = cat.get("name") or cat_id
            cat_type = cat.get("type") or ""
            for el in cat.iter("rule", "rulegroup"):
                rule_id = el.get("id")
                if not rule_id:
                    continue
                name = el.get("name") or ""
                issue = el.get("type") or cat_type
                rows.append((rule_id, " ".join(name.split()), cat_id, cat_name, issue))
    return tuple(rows)


def status(rule: RuleInfo, calibration: Calibration | None) -> str:
    """'off' (copyedit turns it off), 'withheld' (calibration holds its findings back)
    or ''."""
    if rule.off:
        return "off"
    if calibration is not None and calibration.withheld(_probe(rule)):
        return "withheld"
    return ""


def _probe(rule: RuleInfo) -> Finding:
    return Finding(rule.id, rule.engine, rule.category, Severity.WARNING, 0, 0, "", "")


def measured_line(rule: RuleInfo, calibration: Calibration | None) -> str:
    """What the judged benchmark measured for the rule, and whether calibration
    withholds its findings."""
    if calibration is None:
        return "measured: calibration off (COPYEDIT_CALIBRATION=off)"
    probe = _probe(rule)
    own = calibration.groups.get(rule.id)
    if own is not None:
        line = (
            f"measured on judged dev news: {own.correct} of {own.judged} correct, "
            f"{own.debatable} debatable"
        )
    else:
        line = "measured on judged dev news: not judged"
    if calibration.exempt(probe):
        return line + "; a desk's own list, never withheld"
    if calibration.withheld(probe):
        return line + "; withheld: its findings are expected to be mostly wrong"
    return line + "; reported"


def speech_line(rule: RuleInfo, calibration: Calibration | None) -> str | None:
    """What was measured of the rule's findings in speech, where that was judged or
    its findings there are withheld (``calibration``: speech is measured apart)."""
    if calibration is None:
        return None
    probe = replace(_probe(rule), in_quote=True)
    if calibration.exempt(probe):
        return None
    own = calibration.groups.get(rule.id + SPEECH)
    held = calibration.withheld(probe)
    if own is None and held == calibration.withheld(_probe(rule)):
        return None
    line = (
        f"in speech: {own.correct} of {own.judged} correct, {own.debatable} debatable"
        if own is not None
        else "in speech: not judged"
    )
    return line + ("; withheld there" if held else "; reported there")
