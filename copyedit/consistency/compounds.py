"""Discovery of a compound written hyphenated, open and closed in one draft (decision-making /
decision making, geo strategic / geostrategic), proposing the dictionary's form on a tie."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..model import Finding
from . import lexicon
from .forms import Occurrence, Settings, odd_one_out, unify
from .suppressors import Ignored, Judgement, Suppressor, first_applying, judge
from .tokens import Scan, adjacent
from .wordlists import word_list, words_pattern

_PARTICLES = word_list("compound_particles.txt")
_FUNCTION_FIRST = word_list("compound_function_first.txt")
# No compound ends in an article, a conjunction or 'of': 'manyof' is a lost space.
_FUNCTION_LAST = word_list("compound_function_last.txt")
# Compound modifiers are hyphenated before a noun and open after it ("a well-known man",
# "he is well known"): a hyphen/space difference there is grammar, not inconsistency.
_MODIFIERS = word_list("compound_modifiers.txt")


# Prefixes that never stand alone before a noun: 'pro democracy', 'anti war', 'non
# profit' written open are misspellings in any position, so a hyphen against a space
# after one is no grammar but an inconsistency.
_BOUND_PREFIXES = word_list("compound_bound_prefixes.txt")


def _open_prefix(occs: list[Occurrence]) -> bool:
    return any(" " in o.form and o.form.split(" ")[0] in _BOUND_PREFIXES for o in occs)


_NUMBERS = word_list("compound_number_words.txt")


def compound_judgement(scan: Scan, settings: Settings, house: dict[str, str]) -> Judgement:
    """One compound written closed and open or hyphenated ('geostrategic', 'geo
    strategic'). Hyphen against space alone is not compared: a compound modifier takes
    a hyphen before its noun and none elsewhere ('a decision-making body', 'decision
    making is slow'; 'wing-flapping display', 'the wing flapping'), so the difference is
    usually grammar; on dev it was 3 false findings on untouched articles against 1
    injection found. A house term list can still ask for one form. The exception is a
    bound prefix ('pro-democracy', 'pro democracy'): written open it is wrong anywhere.
    """
    toks = scan.tokens
    lows = [t.text.lower() for t in toks]
    where: dict[str, list[int]] = defaultdict(list)
    for i, low in enumerate(lows):
        where[low.replace("-", "")].append(i)

    class _Singles(dict):
        def __missing__(self, key: str) -> list[Occurrence]:
            occs = [
                Occurrence(toks[i].start, toks[i].end, toks[i].text, lows[i], toks[i].initial)
                for i in where.get(key, ())
            ]
            self[key] = occs
            return occs

    singles = _Singles()
    hyphened = {low.replace("-", "") for low in lows if "-" in low}
    groups: dict[str, list[Occurrence]] = {k: list(singles[k]) for k in hyphened}
    closed = {k for k, idx in where.items() if any("-" not in lows[i] for i in idx)}
    ignored: list[Ignored] = []
    for i in range(len(toks) - 1):
        for n in (2, 3):
            run = toks[i : i + n]
            if len(run) < n or not all(
                adjacent(scan, a, b) for a, b in zip(run, run[1:], strict=False)
            ):
                break
            parts = [r.text.lower() for r in run]
            if any("-" in p for p in parts):
                break
            key = "".join(parts)
            if key not in groups and key not in closed:
                continue
            text = scan.doc.text[run[0].start : run[-1].end]
            forms = groups.get(key) or singles[key]
            hyphenated = any("-" in o.form for o in forms)
            use = CompoundUse(tuple(parts), key in hyphened, hyphenated)
            by = first_applying(USE_SUPPRESSORS, use)
            if by is not None:
                ignored.append(Ignored(run[0].start, run[-1].end, text, by.name))
                continue
            groups.setdefault(key, list(singles[key])).append(
                Occurrence(run[0].start, run[-1].end, text, " ".join(parts), run[0].initial)
            )
    candidates: list[tuple[CompoundCandidate, list[Finding]]] = []
    for key, occs in groups.items():
        if len({o.form for o in occs}) < 2:
            continue
        target = house.get(key)
        chosen = target is not None
        if target is None:
            target = _compound_target(occs)
            if target is None:
                continue
        cand = CompoundCandidate(scan, key, tuple(occs), target, chosen)
        found = unify(scan, occs, "consistency.hyphenation", "Hyphenation", settings, target)
        candidates.append((cand, found))
    judged = judge(SUPPRESSORS, candidates)
    return Judgement(judged.kept, judged.suppressed, tuple(ignored))


def compound_findings(scan: Scan, settings: Settings, house: dict[str, str]) -> list[Finding]:
    return list(compound_judgement(scan, settings, house).kept)


@dataclass(frozen=True, eq=False)
class CompoundCandidate:
    """One compound written two ways, with the form ``target`` to unify on."""

    scan: Scan
    key: str
    occs: tuple[Occurrence, ...]
    target: str
    house: bool
    """``target`` is the house style's, not the draft's odd one out."""


def _name_spelling(c: CompoundCandidate) -> bool:
    return any(
        not o.text.islower()
        and not (o.initial and o.text[1:].islower() and not _name_next(c.scan, o))
        for o in c.occs
    )


def _modifier_grammar(c: CompoundCandidate) -> bool:
    closed = any(" " not in o.form and "-" not in o.form for o in c.occs)
    return not c.house and not closed and not _open_prefix(list(c.occs))


def _broken_word(c: CompoundCandidate) -> bool:
    words = lexicon.dictionary()
    return not c.house and bool(words) and any(_broken(o.form, words) for o in c.occs)


# Closed words that another meaning keeps apart from the hyphenated or open form:
# 're-form' (form again) and 'reform', 're-cover' and 'recover', 'common sense' (noun)
# and 'commonsense' (adjective).
_DISTINCT = re.compile(
    rf"{words_pattern('compound_distinct_words.txt')}(?:s|ed|ing|ion|ions|er|ers|al)?$"
)
_SPLIT = re.compile(r"[- ]")
# Prefixes written with a hyphen ('pre-tax', 'ex-wife') that the dictionary lacks.
_PREFIXES = word_list("compound_hyphenated_prefixes.txt")


def _compound_target(occs: list[Occurrence]) -> str | None:
    """The form to unify a compound on, or None for no finding.

    The lone odd form goes to the majority (``odd_one_out``); a tie of one each goes
    to the dictionary's closed word ('milepost', 'shockwave') rather than to whichever
    form came first, since the dictionary lists the compound closed and the split form
    is the older or the line-broken spelling. (A closed form missing from the dictionary
    is no evidence: 'geostrategic' and 'resentencing' are words it lacks.)

    A split form of a dictionary word with a part that is no word ('com-pany', 'to-o',
    'zig-zag') is no way of writing the compound but a broken word, usually a line-break
    hyphen left in: the spell checker reports it as a misspelling, and calling it the
    draft's other style (or, worse, proposing it for the word) would be wrong, so the
    ``hyphenation.broken-word`` suppressor withholds it. A one-letter first part ('e-mail', 'x-ray') and a hyphenated prefix
    ('pre-tax') are parts. Without the dictionary the first form wins a tie, as before.
    An open form after a bound prefix ('pro democracy') is never the goal.
    """
    words = lexicon.dictionary()
    forms = {o.form for o in occs}
    target = odd_one_out(occs, single=False)
    if target is not None and _open_prefix([o for o in occs if o.form == target]):
        return next(f for f in forms if f != target)  # 'pro democracy' is never the goal
    if target is None or not words or len({_count(occs, f) for f in forms}) > 1:
        return target
    return next((f for f in forms if not _SPLIT.search(f) and f in words), target)


def _name_next(scan: Scan, o: Occurrence) -> bool:
    """A capitalised word follows, one space apart ('Summerfruit Australia said')."""
    return re.match(r" [A-Z]", scan.doc.masked[o.end : o.end + 2]) is not None


def _count(occs: list[Occurrence], form: str) -> int:
    return sum(o.form == form for o in occs)


def _broken(form: str, words: frozenset[str]) -> bool:
    """A split form ('com-pany') of a dictionary word ('company') with a part that is
    neither a word, a prefix nor a one-letter first part."""
    parts = _SPLIT.split(form)
    if len(parts) < 2 or "".join(parts) not in words:
        return False
    return any(
        p not in words and p not in _PREFIXES and not (k == 0 and len(p) == 1)
        for k, p in enumerate(parts)
    )


SUPPRESSORS: tuple[Suppressor[CompoundCandidate], ...] = (
    Suppressor(
        "hyphenation.distinct-word",
        "the closed word is another word ('reform' against 're-form', 'commonsense' against "
        "'common sense')",
        lambda c: _DISTINCT.match(c.key) is not None,
    ),
    Suppressor(
        "hyphenation.name-spelling",
        "a capitalised form ('Wal-Mart', 'MarineTraffic'): a name's own spelling",
        _name_spelling,
    ),
    Suppressor(
        "hyphenation.modifier-grammar",
        "hyphen against space only: a compound modifier is hyphenated before its noun and "
        "open elsewhere (not after a bound prefix)",
        _modifier_grammar,
    ),
    Suppressor(
        "hyphenation.broken-word",
        "a split form of a dictionary word with a part that is no word ('com-pany'): a "
        "line-break hyphen left in, the spell checker's",
        _broken_word,
    ),
)
"""In order: the first that applies is credited with the suppression."""


@dataclass(frozen=True)
class CompoundUse:
    """Two or three adjacent words (``parts``, lower case) as an open form of a closed or
    hyphenated compound the draft writes, before any group is formed."""

    parts: tuple[str, ...]
    hyphened: bool
    """The draft writes the compound hyphenated somewhere."""
    hyphenated: bool
    """The group it would join holds a hyphenated form."""


USE_SUPPRESSORS: tuple[Suppressor[CompoundUse], ...] = (
    Suppressor(
        "hyphenation.function-word-edge",
        "an open form opening on a function word or ending on a particle ('a while', 'set "
        "up', 'many of'): other words, not a compound written open",
        lambda u: u.parts[0] in _FUNCTION_FIRST or u.parts[-1] in _PARTICLES | _FUNCTION_LAST,
    ),
    Suppressor(
        "hyphenation.one-letter-part",
        "a part of one letter ('e mail', 'x ray' written open): too weak to be a compound",
        lambda u: min(map(len, u.parts)) < 2,
    ),
    Suppressor(
        "hyphenation.count",
        "a number word before a noun ('seven gills' beside 'sevengills'): a count, unless "
        "the draft hyphenates it",
        lambda u: u.parts[0] in _NUMBERS and not u.hyphened,
    ),
    Suppressor(
        "hyphenation.compound-modifier",
        "open against hyphenated after a modifier word ('well known', 'well-known'): "
        "grammar, hyphenated only before a noun",
        lambda u: u.hyphenated and u.parts[0] in _MODIFIERS and u.parts[0] not in _BOUND_PREFIXES,
    ),
)
"""What does not count as an open form, in order; the first that applies is credited."""
