"""Discovery of one word spelled two ways in a draft: US and UK spellings mixed (favor /
favour), LanguageTool's interchangeable variants (adviser / advisor), and same-word
-our/-or, -ise/-ize patterns when the word lists are unavailable."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from ..model import Finding, Severity
from . import lexicon
from .forms import Occurrence, Settings, finding, lines_of, unify
from .tokens import Scan, Token, adjacent

_PATTERNS = [
    (re.compile(r"our(s|ed|ing|ite|ites|able|ful|less)?$"), r"or\1"),
    (re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"(?<=[^aeiou])tre(s)?$"), r"ter\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    # travelled/traveled; not one-syllable stems (filled/filed, spilled/spiled)
    (re.compile(r"^(.*[aeiou][^aeiou]+[aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
]


def pattern_key(word: str) -> str:
    """A same-word key for common US/UK endings: colour -> color, organise -> organize."""
    for pat, rep in _PATTERNS:
        if pat.search(word):
            return pat.sub(rep, word)
    return word


def spelling_findings(scan: Scan, settings: Settings, house: dict[str, str]) -> list[Finding]:
    toks = scan.tokens
    # Capitalised mid-sentence somewhere: a name ('Labor' for Australia's party), so a
    # sentence that opens on it says nothing of the draft's spelling either.
    names = {t.text.lower() for t in toks if not t.initial and t.text[:1].isupper()}
    words = [
        t
        for k, t in enumerate(toks)
        if t.text.islower()
        or (
            t.initial
            and t.text[1:].islower()
            and t.text.lower() not in names
            and not _name_follows(scan, k)
        )
    ]
    found = _variety(scan, words, settings)
    taken = {(f.start, f.end) for f in found}
    groups: dict[str, list[Occurrence]] = defaultdict(list)
    coherency = lexicon.coherency_groups()
    pairs = lexicon.us_gb_pairs()
    for t in words:
        low = t.text.lower()
        if (t.start, t.end) in taken or low in lexicon._AMBIGUOUS or len(low) < 4:
            continue
        occ = Occurrence(t.start, t.end, t.text, low, t.initial)
        if low in coherency:
            groups[f"c{coherency[low]}"].append(occ)
        elif lexicon.variety(low, pairs) is None:
            groups[f"p{pattern_key(low)}"].append(occ)
    for _key, occs in groups.items():
        if len({o.form.replace("-", "") for o in occs}) == 1:
            continue  # 'counter-clockwise' / 'counterclockwise': the hyphenation check's
        if len({o.form for o in occs}) > 1:
            target = next((house[o.form] for o in occs if o.form in house), None)
            found.extend(unify(scan, occs, "consistency.spelling", "Spelling", settings, target))
    return found


def _name_follows(scan: Scan, k: int) -> bool:
    """'Harbour City', 'Labour Party' at a sentence start: a name keeps its spelling."""
    toks = scan.tokens
    return (
        k + 1 < len(toks)
        and toks[k + 1].text[:1].isupper()
        and adjacent(scan, toks[k], toks[k + 1])
    )


def _variety(scan: Scan, words: list[Token], settings: Settings) -> list[Finding]:
    """US and British spellings mixed in one draft: flag the odd word out, proposing the
    other variety's form.

    Without a ``spelling`` setting, a draft is taken to have a variety only when one
    word is the lone exception (one against one goes to the first): drafts that mix
    several of each (common in agency copy and in any newsroom without a spelling rule)
    have no variety to unify on, and a report on every word would be noise. Quotations
    are the speaker's (or a document's) spelling and give no evidence either way.
    (Treating -ize as neutral, for Oxford spelling, was measured and lost more than it
    saved.)
    """
    pairs = lexicon.us_gb_pairs()
    found_in = ((t, lexicon.variety(t.text.lower(), pairs)) for t in words if not t.heading)
    marked = [(t, v) for t, v in found_in if v is not None]
    if settings.spelling in ("en-US", "en-GB"):
        want = "US" if settings.spelling == "en-US" else "GB"
    else:
        us = sum(v == "US" for _, (v, _) in marked)
        gb = len(marked) - us
        if min(us, gb) != 1:
            return _mixed(scan, marked, settings)
        want = "US" if us > gb else "GB" if gb > us else _tie_variety(marked)
    keep = [t for t, (v, _) in marked if v == want]
    name = {"US": "American", "GB": "British"}
    found = []
    for t, (v, other) in marked:
        if v == want:
            continue
        occ = Occurrence(t.start, t.end, t.text, t.text.lower(), t.initial)
        fs = unify(scan, [occ], "consistency.spelling-variety", "", settings, target=other)
        if fs:
            shown = ", ".join(f"'{k.text}'" for k in keep[:3])
            where = f" ({shown} on {lines_of(scan, (k.start for k in keep))})" if keep else ""
            msg = (
                f"'{t.text}' is {name[v]} spelling; the draft uses {name[want]} spelling"
                f"{where}: write '{fs[0].replacements[0]}'."
            )
            found.append(_with_message(fs[0], msg))
    return found


MIXED_DISTINCT = 2
"""Distinct words of each variety a draft must write to be reported as mixing both: one
stray spelling is a lone exception (reported on its own), not a mixed draft."""
_SHOWN = 6


def _mixed(
    scan: Scan, marked: list[tuple[Token, tuple[str, str]]], settings: Settings
) -> list[Finding]:
    """A draft of no clear variety that writes both, each in at least ``MIXED_DISTINCT``
    different words outside quotations: one finding for the whole draft, naming both
    lists and proposing no edit (which variety is the desk's choice). It sits on the
    first word of the variety the draft comes to second, where the mixing starts. On the
    3,431 dev articles of the judged benchmark (875,162 words) it fires once, on a
    Wikinews story in Oxford spelling ('organization' beside 'honour', 'grey'), which
    ``_oxford`` now leaves alone."""
    lists: dict[str, list[Token]] = {"US": [], "GB": []}
    for t, (v, other) in marked:
        low = t.text.lower()
        if t.quoted or low in {k.text.lower() for k in lists[v]} or _oxford(low, v, other):
            continue
        lists[v].append(t)
    if min(len(lists["US"]), len(lists["GB"])) < MIXED_DISTINCT:
        return []
    second = max(lists.values(), key=lambda ts: ts[0].start)[0]
    msg = (
        f"The draft mixes American spelling ({_listed(lists['US'])}) and British spelling "
        f"({_listed(lists['GB'])}): choose one variety."
    )
    occ = Occurrence(second.start, second.end, second.text, second.text.lower(), second.initial)
    rule = "consistency.spelling-mixed"
    return [finding(rule, occ.start, occ.end, occ.text, msg, Severity.WARNING)]


def _oxford(word: str, variety: str, other: str) -> bool:
    """'organization' beside 'honour' is Oxford spelling, one British variety: an -ize
    word whose British pair differs only in -ise is no evidence of American spelling."""
    return variety == "US" and "iz" in word and word.replace("iz", "is") == other


def _listed(tokens: list[Token]) -> str:
    shown = ", ".join(f"'{t.text.lower()}'" for t in tokens[:_SHOWN])
    more = len(tokens) - _SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _tie_variety(marked: list[tuple[Token, tuple[str, str]]]) -> str:
    """One word of each variety: the draft's own narration sets the variety when the
    other word stands in a quotation (a reporter transcribes speech in the house
    spelling, and a finding inside a quotation is never applied); otherwise the first."""
    narrated = [v for t, (v, _) in marked if not t.quoted]
    return narrated[0] if len(narrated) == 1 else marked[0][1][0]


def _with_message(f: Finding, message: str) -> Finding:
    return replace(f, message=message)
