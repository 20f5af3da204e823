"""The draft's variety (US or UK English), from LanguageTool's US/UK spelling pairs.

The pairs are read at run time from LanguageTool's ``language-en`` jar (LGPL-2.1+),
never copied into copyedit: it is opened where the LanguageTool installation keeps it
(``<cache>/languagetool/<version>/lib/language-en-<version>.jar``). Without it there are
no pairs, and no draft shows a variety.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from ..languagetool.data import find_jar, read_member

_US_GB = "org/languagetool/resource/en/en-US-GB.txt"
MIN_MARKED = 2
"""Fewer US/UK-marked words than this show no variety."""
MAJORITY = 3
"""One variety's marked words must outnumber the other's this many times to one."""

# Pairs where the "US" form is also ordinary British English (or the reverse) for some
# sense, so meeting both in one draft says nothing: practice (n.) / practise (v.),
# program (computing), check, tire, story, draft, meter, disk, curb, license (v.).
AMBIGUOUS = {
    "practice",
    "practices",
    "license",
    "licensed",
    "licenses",
    "licensing",
    "program",
    "programs",
    "check",
    "checks",
    "checked",
    "tire",
    "tires",
    "tired",
    "story",
    "stories",
    "draft",
    "drafts",
    "meter",
    "meters",
    "disk",
    "disks",
    "curb",
    "curbs",
    "inquiry",
    "inquiries",
    "ax",
    "plow",
    "mold",
    "molds",
    "pajamas",
    "sulfur",
    "annex",
    "annexes",
    "analog",
    "catalog",
    "dialog",
    "prolog",
    "fiber",
    "aging",
    "judgment",
    "judgments",
    "install",
    "installment",
    "enroll",
    "fulfill",
    "skillful",
    "willful",
    "distill",
    "instill",
    "mustache",
    "airplane",
    "aluminum",
    "whiskey",
    "tonne",
    "tonnes",
    "ton",
    "tons",
    "jail",
    "jails",
    "gaol",
    "kerb",
    "tyre",
    "tyres",
    "cheque",
    "cheques",
    "draught",
    "storey",
    "storeys",
    "disc",
    "discs",
    "metre",
    "metres",
    "programme",
    "programmes",
    "practise",
    "licence",
    "licences",
    "learned",
    "spelled",
    "spilled",
    "burned",
    "dreamed",
    "leaned",
    "leapt",
    "learnt",
    "spelt",
    "spilt",
    "burnt",
    "dreamt",
    "vice",
    "vise",
    "grill",
    "grille",
    "lodestar",
    "smolder",
    "pled",
    "pleaded",
    # British-looking forms that American dictionaries give as the main or an equal
    # form (Merriam-Webster), so an American draft writes them too; 'guaranty' and
    # 'unflexible' are other words or none, not the American spelling.
    "archaeology",
    "archaeological",
    "archaeologist",
    "archaeologists",
    "aesthetic",
    "aesthetics",
    "aesthetically",
    "glamour",
    "guarantee",
    "guarantees",
    "guaranteed",
    "inflexible",
    "vices",
}


# American forms that British style guides use too (SI units, Guardian and BBC style,
# IUPAC chemistry, medical journals): they mark no variety, while their British partner
# still marks British ('focussed', 'kilogramme', 'foetus', 'sulphate', 'enquire').
_BRITISH_TOO = frozenset(
    "focus focuses focused focusing gram grams kilogram kilograms milligram milligrams "
    "microgram micrograms centigram centigrams inquire inquired inquires inquiring "
    "acknowledgment acknowledgments reflection reflections connection connections "
    "inflection inflections neuron neurons drafting drafted fetus fetuses fetal "
    "sulfate sulfates sulfide sulfides sulfuric sulfurous sulfonamide sulfonamides "
    "sulfur-dioxide".split()
)


def read_list(member: str, jar: Path | None) -> list[str]:
    data = read_member(member, jar) if jar is not None else None
    if data is None:
        return []
    return [
        line.split("#", 1)[0].strip()
        for line in data.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def weak_pair(us: str, gb: str) -> bool:
    """Pairs that differ only by a doubled final consonant before -ed or -ing ('canceled',
    'cancelled'; 'worshiping', 'worshipping') or by a hyphen ('longtime', 'long-time'):
    American dictionaries list the British form too, and US news copy uses it, so it
    says nothing about a draft's variety (the single consonant is still American)."""
    if us.replace("-", "") == gb.replace("-", ""):
        return True
    if len(gb) != len(us) + 1:
        return False
    i = next((k for k in range(len(us)) if us[k] != gb[k]), len(us))
    return (
        i > 0
        and gb[i] == gb[i - 1]
        and gb[i] not in "aeiou"
        and gb[i + 1 :] == us[i:]
        and us[i:].startswith(("ed", "ing"))
    )


def _past_in_t(us: str, gb: str) -> bool:
    """'-ed' against '-t' past forms ('sunburned', 'sunburnt'; 'spelled', 'spelt'):
    American and British dictionaries list both, so neither marks a variety."""
    return us.endswith("ed") and gb.endswith("t") and us[:-2].rstrip("l") == gb[:-1].rstrip("l")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions). A shared prefix and
    suffix never change it, and spelling pairs share most letters: stripping them first
    makes reading the 4,700-pair list ten times faster."""
    while a and b and a[0] == b[0]:
        a, b = a[1:], b[1:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def spelling_pair(us: str, gb: str) -> bool:
    """Two spellings of one word, not two words for one thing.

    The US/GB list also pairs vocabulary ('deboard'/'disembark', 'bookstore'/'bookshop',
    'eggplant'/'aubergine', 'sideways'/'edgeways'): proposing one for the other swaps a
    word, which is an editor's call, not a spelling fix. Spelling variants change at
    most two letters ('color'/'colour', 'center'/'centre', 'jewelry'/'jewellery') or
    three in a word that keeps more than three quarters of its letters in order
    ('maneuver'/'manoeuvre', 'donut'/'doughnut'); vocabulary pairs replace a stem.
    """
    a, b = us.replace("-", ""), gb.replace("-", "")
    if abs(len(a) - len(b)) > 3:
        return False
    d = edit_distance(a, b)
    return d <= 2 or (d == 3 and SequenceMatcher(None, a, b).ratio() > 0.75)


def us_gb_pairs() -> dict[str, tuple[str, str]]:
    """lower-case word -> (variety, other variety's form), variety 'US' or 'GB'; without
    the words that mark no variety (``AMBIGUOUS``, ``_BRITISH_TOO``, the British side
    of ``weak_pair``)
    and the pairs that are two words rather than two spellings (``spelling_pair``)."""
    return _us_gb_pairs(find_jar())


@lru_cache(maxsize=4)
def _us_gb_pairs(jar: Path | None) -> dict[str, tuple[str, str]]:
    """Memoised per jar: a process whose cache folder changes sees the right lists.
    Between runs, from a copy (``paths.kept_copy``, keyed by the jar and this module):
    reading the list from the jar and filtering it cost every new draft's check 23 ms
    before its LanguageTool request could be sent (the request's language is the draft's
    variety)."""
    if jar is None:
        return _derive_pairs(None)
    from ..paths import kept_copy

    def build() -> dict[str, list[str]]:
        return {w: list(v) for w, v in _derive_pairs(jar).items()}

    kept = kept_copy("us-gb-pairs", [jar, Path(__file__)], build)
    return {w: (v[0], v[1]) for w, v in kept.items()}


def _derive_pairs(jar: Path | None) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for line in read_list(_US_GB, jar):
        parts = line.split(";")
        if len(parts) != 2:
            continue
        us, gb = parts[0].strip().lower(), parts[1].strip().lower()
        if not us or not gb or us == gb or us in AMBIGUOUS or gb in AMBIGUOUS:
            continue
        if _past_in_t(us, gb):
            continue  # 'sunburned', 'sunburnt': both sides write both
        if not spelling_pair(us, gb):
            continue  # 'deboard', 'disembark': two words, not two spellings
        if us in _BRITISH_TOO:
            out.setdefault(gb, ("GB", us))  # 'focussed' is British; 'focused' is both
            continue
        if weak_pair(us, gb):
            if "-" not in us + gb:
                out.setdefault(us, ("US", gb))  # 'canceled' is American only
            continue
        out.setdefault(us, ("US", gb))
        out.setdefault(gb, ("GB", us))
    return out


# Derivational endings only: the list spells out a stem's inflections, and one it leaves
# out is left out on purpose ('analyses' is also the plural of 'analysis').
_SUFFIXES = ("er", "ers", "ly", "able", "ably", "ful")


def variety(word: str, pairs: dict[str, tuple[str, str]] | None = None) -> tuple[str, str] | None:
    """(variety, other variety's form) of a lower-case word, from the pair list or, for
    a derived form the list lacks, from its stem ('labourers' from 'labour', 'honourably'
    from 'honour'). Stems of four letters or more only: 'mom', 'ass' and 'ax' begin too
    many other words. Pass ``pairs`` (``us_gb_pairs()``) when looking up many words:
    finding the list means finding the jar on disk."""
    if pairs is None:
        pairs = us_gb_pairs()
    if word in pairs:
        return pairs[word]
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if len(stem) >= 4 and word.endswith(suffix) and stem in pairs:
            v, other = pairs[stem]
            return v, other + suffix
    return None


class _Word(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def quoted(self) -> bool: ...
    @property
    def heading(self) -> bool: ...


def draft_variety(
    tokens: Iterable[_Word], pairs: dict[str, tuple[str, str]] | None = None
) -> str | None:
    """'en-US' or 'en-GB' when the draft's own US/UK-marked words show a clear majority
    (at least ``MIN_MARKED`` of them, ``MAJORITY``:1), else None. Quotations and headings
    are someone else's spelling or a headline's and give no evidence; capitalised words
    are left out so names ('Labour Party', 'World Trade Center') do not count.
    ``pairs``: the US/UK pair list (``us_gb_pairs()`` when not given)."""
    if pairs is None:
        pairs = us_gb_pairs()
    counts = {"US": 0, "GB": 0}
    for t in tokens:
        if t.quoted or t.heading or not t.text.islower():
            continue
        marked = pairs.get(t.text)
        if marked:
            counts[marked[0]] += 1
    us, gb = counts["US"], counts["GB"]
    if us + gb < MIN_MARKED:
        return None
    if us >= MAJORITY * gb:
        return "en-US"
    if gb >= MAJORITY * us:
        return "en-GB"
    return None


def variety_forms() -> dict[str, frozenset[str]]:
    """'US' and 'GB' -> every spelling LanguageTool's pair list gives that variety,
    unfiltered: 'ageing' is a British spelling even though it marks no variety."""
    return _variety_forms(find_jar())


@lru_cache(maxsize=4)
def _variety_forms(jar: Path | None) -> dict[str, frozenset[str]]:
    us: set[str] = set()
    gb: set[str] = set()
    for line in read_list(_US_GB, jar):
        parts = line.split(";")
        if len(parts) == 2 and parts[0].strip() and parts[1].strip():
            a, b = parts[0].strip().lower(), parts[1].strip().lower()
            if a != b:
                us.add(a)
                gb.add(b)
    return {"US": frozenset(us - gb), "GB": frozenset(gb - us)}
