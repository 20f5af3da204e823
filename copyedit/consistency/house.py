"""House style as data: term lists in ``*.terms.yml`` files.

A term list names, for each term, the preferred form and the variants to replace (or,
without ``prefer``, forms equally acceptable as long as a draft keeps to one), with
an optional ``context`` (a pattern that must occur in the same sentence) or ``unless``
(a pattern that must not), an optional ``spelling`` (``en-US`` or ``en-GB``: the term
applies only to drafts of that English variety), and examples that the tests run. Term
lists live beside the YAML rules (the rule loader skips ``*.terms.yml``) or in
``[consistency] terms-folders``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import regex

from ..analysis.variety import draft_variety as draft_variety  # the analysis layer's
from ..checks import PatternTimeout, compile_checked, stalls_on, time_limit
from ..checks.loader import read_yaml
from ..checks.substitution import bounded, match_case
from ..errors import RuleError
from ..model import Finding, Severity
from .forms import Occurrence, Settings, finding, unify
from .tokens import Scan

SUFFIX = ".terms.yml"
_TERM_KEYS = {"prefer", "variants", "context", "unless", "spelling", "note", "examples"}
VARIETIES = ("en-US", "en-GB")
MIN_MARKED = 2
"""Variety evidence needed without a setting: at least this many marked words..."""
MAJORITY = 3
"""...and at least this many of the draft's variety for each of the other."""


@dataclass(frozen=True)
class Term:
    prefer: str | None
    """None: no house form; the variants are all acceptable, one to a draft."""
    variants: tuple[str, ...]
    list_id: str
    source: str
    context: regex.Pattern | None = None
    unless: regex.Pattern | None = None
    spelling: str | None = None
    """'en-US' or 'en-GB': the term applies only to drafts of that variety."""
    note: str = ""
    bad: tuple[tuple[str, str | None], ...] = ()
    """(text, fixed text) pairs."""
    good: tuple[str, ...] = ()

    @property
    def patterns(self) -> list[tuple[re.Pattern, str]]:
        out = []
        forms = [f for f in (self.prefer, *self.variants) if f is not None]
        for v in self.variants:
            # A form differing from another listed form only in case is matched exactly.
            exact = any(f != v and f.lower() == v.lower() for f in forms)
            flags = 0 if exact else re.IGNORECASE
            body = re.escape(v).replace(r"\ ", r"\s+")
            out.append((re.compile(bounded(body), flags), v))
        return out


def load_terms(path: Path) -> list[Term]:
    return load_term_list(path)[0]


def load_term_list(path: Path) -> tuple[list[Term], frozenset[str]]:
    """A term list file read once: its terms and its ``known-abbreviations``, initials
    the publication's readers know without a spelled-out form (an Australian desk's
    'CSIRO', 'NSW'), added to the built-in list of well-known ones."""
    data = read_yaml(path, "term list")
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise RuleError(f"{path}: key 'terms': expected a list of terms")
    unknown = set(data) - {"terms", "description", "known-abbreviations"}
    if unknown:
        raise RuleError(f"{path}: key '{sorted(unknown)[0]}': unknown key for a term list")
    list_id = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem
    terms = [_term(item, n, list_id, str(path)) for n, item in enumerate(data["terms"])]
    return terms, _known_abbreviations(path, data.get("known-abbreviations", []))


def _term(item: Any, n: int, list_id: str, source: str) -> Term:
    def fail(key: str, problem: str) -> RuleError:
        return RuleError(f"{source}: key 'terms[{n}].{key}': {problem}")

    if not isinstance(item, dict):
        raise fail("prefer", "each term must be a mapping")
    unknown = set(item) - _TERM_KEYS
    if unknown:
        raise fail(sorted(unknown)[0], "unknown key")
    prefer = item.get("prefer")
    if prefer is not None and (not isinstance(prefer, str) or not prefer.strip()):
        raise fail("prefer", "expected a non-empty string")
    variants = item.get("variants")
    if (
        not isinstance(variants, list)
        or not variants
        or not all(isinstance(v, str) for v in variants)
    ):
        raise fail("variants", "expected a list of strings")
    if prefer is None and len(set(variants)) < 2:
        raise fail("variants", "without 'prefer', expected two or more forms")
    if prefer in variants:
        raise fail("variants", f"lists the preferred form {prefer!r} itself")
    compiled = {}
    for key in ("context", "unless"):
        if key in item:
            compiled[key] = compile_checked(str(item[key]), True, key, fail)
            probe = stalls_on(compiled[key])
            if probe is not None:
                raise fail(key, f"pattern backtracks without end (on {probe!r})")
    spelling = item.get("spelling")
    if spelling is not None and spelling not in VARIETIES:
        raise fail("spelling", f"expected {' or '.join(VARIETIES)}, got {spelling!r}")
    examples = item.get("examples")
    if not isinstance(examples, dict) or not examples.get("bad") or not examples.get("good"):
        raise fail("examples", "every term needs good and bad examples")
    bad = []
    for k, ex in enumerate(examples["bad"]):
        if isinstance(ex, str):
            bad.append((ex, None))
        elif isinstance(ex, dict) and isinstance(ex.get("text"), str):
            bad.append((ex["text"], ex.get("fixed")))
        else:
            raise fail(f"examples.bad[{k}]", "expected a string or a mapping with 'text'")
    good = examples["good"]
    if not isinstance(good, list) or not all(isinstance(g, str) for g in good):
        raise fail("examples.good", "expected a list of strings")
    return Term(
        prefer=prefer,
        variants=tuple(variants),
        list_id=list_id,
        source=source,
        context=compiled.get("context"),
        unless=compiled.get("unless"),
        spelling=spelling,
        note=str(item.get("note", "")),
        bad=tuple(bad),
        good=tuple(good),
    )


_INITIALS = re.compile(r"[A-Z][A-Z&]{1,7}s?")


def _known_abbreviations(path: Path, raw: Any) -> frozenset[str]:
    if not isinstance(raw, list) or not all(
        isinstance(a, str) and _INITIALS.fullmatch(a) for a in raw
    ):
        raise RuleError(
            f"{path}: key 'known-abbreviations': expected a list of initials in capitals "
            "(2-8 letters, like 'CSIRO')"
        )
    return frozenset(raw)


def find_term_files(folders: list[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files.extend(
                sorted(p for p in folder.rglob(f"*{SUFFIX}") if not p.name.startswith("_"))
            )
    return files


def house_forms(terms: list[Term]) -> dict[str, str]:
    """Keys the discovery checks use -> the preferred form, so a discovered group unifies
    on the house form: lower-case phrase, and the phrase without spaces or hyphens.
    Variety-bound terms are left out (whether they apply depends on the draft), and so
    are terms without a house form."""
    out: dict[str, str] = {}
    for t in terms:
        if t.spelling or t.prefer is None:
            continue
        for form in (t.prefer, *t.variants):
            out.setdefault(form.lower(), t.prefer)
            out.setdefault(
                re.sub(r"[\s-]", "", form.lower()),
                t.prefer.lower() if t.prefer.islower() else t.prefer,
            )
    return out


def applicable(terms: list[Term], sc: Scan, spelling: str = "auto") -> list[Term]:
    """The terms that apply to this draft: variety-bound terms only when the draft's
    variety (the ``spelling`` setting, else the detected one) is theirs."""
    if not any(t.spelling for t in terms):
        return terms
    variety = spelling if spelling in VARIETIES else draft_variety(sc.tokens)
    return [t for t in terms if t.spelling is None or t.spelling == variety]


def term_findings(sc: Scan, terms: list[Term], settings: Settings | None = None) -> list[Finding]:
    settings = settings or Settings()
    text = sc.doc.masked
    found: list[Finding] = []
    for term in applicable(terms, sc, settings.spelling):
        if term.prefer is None:
            found += _mixed_findings(sc, term, settings)
            continue
        for pat, _variant in term.patterns:
            for m in pat.finditer(text):
                if not _in_context(term, _sentence_around(text, m.start(), m.end())):
                    continue
                original = sc.doc.text[m.start() : m.end()]
                exact = original.lower() == term.prefer.lower()
                cased = term.prefer.islower() and not exact
                replacement = match_case(original, term.prefer) if cased else term.prefer
                if replacement == original:
                    continue
                if replacement.lower() == original.lower() and _sentence_start(text, m.start()):
                    continue  # "Al-Qaeda" opening a sentence is the preferred "al-Qaeda"
                lowered = replacement.lower() == original.lower() and replacement[0].islower()
                if lowered and original[0].isupper() and _in_name(text, m.start(), m.end()):
                    continue  # "Dubai Internet City": a name keeps its own capitals
                note = f" {term.note.strip()}" if term.note else ""
                found.append(
                    finding(
                        f"consistency.house.{term.list_id}",
                        m.start(),
                        m.end(),
                        original,
                        f"House style: write '{replacement}', not '{original}'.{note}",
                        Severity.WARNING,
                        replacement=replacement,
                        confidence=0.85,
                    )
                )
    return found


def _mixed_findings(sc: Scan, term: Term, settings: Settings) -> list[Finding]:
    """A term without a house form: the draft writes it more than one way. Unify on the
    first (or the majority) form, as the discovery checks do."""
    text = sc.doc.masked
    occs: dict[int, Occurrence] = {}
    for pat, form in term.patterns:
        for m in pat.finditer(text):
            if not _in_context(term, _sentence_around(text, m.start(), m.end())):
                continue
            original = sc.doc.text[m.start() : m.end()]
            initial = _sentence_start(text, m.start())
            occs.setdefault(m.start(), Occurrence(m.start(), m.end(), original, form, initial))
    rule = f"consistency.house.{term.list_id}"
    found = unify(sc, list(occs.values()), rule, "House style", settings, confidence=0.85)
    note = f" {term.note.strip()}" if term.note else ""
    return [replace(f, message=f.message + note) for f in found]


def _in_context(term: Term, sentence: str) -> bool:
    """The sentence has the term's ``context`` (if any) and not its ``unless``. A pattern
    that runs out of time on a sentence stops the run, naming its file (a publication's
    own pattern: it passed the load-time probes but backtracks without end here)."""
    for key, pattern, wanted in (("context", term.context, True), ("unless", term.unless, False)):
        if pattern is None:
            continue
        try:
            found = pattern.search(sentence, timeout=time_limit(len(sentence))) is not None
        except TimeoutError:
            raise PatternTimeout(
                f"{term.source}: term {term.prefer or term.variants[0]!r}: its '{key}' pattern "
                "ran out of time on a sentence (it backtracks too much; rewrite it)"
            ) from None
        if found != wanted:
            return False
    return True


SENTENCE_REACH = 1000
"""Characters looked at on each side of a term for its sentence: far beyond a real one,
and a bound on the work per term in a draft with no full stops (else quadratic)."""


def _sentence_around(text: str, start: int, end: int) -> str:
    lo, hi = max(start - SENTENCE_REACH, 0), min(end + SENTENCE_REACH, len(text))
    left = max(text.rfind(". ", lo, start), text.rfind("\n", lo, start), lo - 1)
    right_candidates = [i for i in (text.find(". ", end, hi), text.find("\n", end, hi)) if i != -1]
    right = min(right_candidates) if right_candidates else hi
    return text[left + 1 : right + 1]


_NEXT_CAPITAL = re.compile(r"[ \u00a0]+[A-Z][a-z]")
_PREV_CAPITAL = re.compile(r"([A-Z][\w’'-]*)[ \u00a0]+$")


def _in_name(text: str, start: int, end: int) -> bool:
    """Between capitalised words: part of a longer name."""
    if _NEXT_CAPITAL.match(text, end):
        return True
    prev = _PREV_CAPITAL.search(text, max(0, start - 40), start)
    return prev is not None and not _sentence_start(text, prev.start(1))


def _sentence_start(text: str, i: int) -> bool:
    while i > 0 and text[i - 1] in " \t\u00a0\"“‘'(":
        i -= 1
    return i == 0 or text[i - 1] in ".!?:\r\n"
