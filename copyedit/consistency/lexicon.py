"""Word lists read at run time from LanguageTool's ``language-en`` jar (LGPL-2.1+).

The jar is never copied into copyedit: it is opened where the LanguageTool installation
keeps it (``<cache>/languagetool/<version>/lib/language-en-<version>.jar``). Without it
the US/UK and coherency checks fall back to the spelling patterns in ``spelling.py``.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from ..languagetool.data import find_jar, read_member

_US_GB = "org/languagetool/resource/en/en-US-GB.txt"
_COHERENCY = "org/languagetool/rules/en/coherency.txt"

# Pairs where the "US" form is also ordinary British English (or the reverse) for some
# sense, so meeting both in one draft says nothing: practice (n.) / practise (v.),
# program (computing), check, tire, story, draft, meter, disk, curb, license (v.).
_AMBIGUOUS = {
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


def _read(member: str, jar: Path | None) -> list[str]:
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


def _distance(a: str, b: str) -> int:
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
    d = _distance(a, b)
    return d <= 2 or (d == 3 and SequenceMatcher(None, a, b).ratio() > 0.75)


def us_gb_pairs() -> dict[str, tuple[str, str]]:
    """lower-case word -> (variety, other variety's form), variety 'US' or 'GB'; without
    the words that mark no variety (``_AMBIGUOUS``, ``_BRITISH_TOO``, the British side
    of ``weak_pair``)
    and the pairs that are two words rather than two spellings (``spelling_pair``)."""
    return _us_gb_pairs(find_jar())


@lru_cache(maxsize=4)
def _us_gb_pairs(jar: Path | None) -> dict[str, tuple[str, str]]:
    """Memoised per jar: a process whose cache folder changes sees the right lists."""
    out: dict[str, tuple[str, str]] = {}
    for line in _read(_US_GB, jar):
        parts = line.split(";")
        if len(parts) != 2:
            continue
        us, gb = parts[0].strip().lower(), parts[1].strip().lower()
        if not us or not gb or us == gb or us in _AMBIGUOUS or gb in _AMBIGUOUS:
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


def coherency_groups() -> dict[str, int]:
    """lower-case word -> id of its group of interchangeable spellings (adviser, advisor)."""
    return _coherency_groups(find_jar())


@lru_cache(maxsize=4)
def _coherency_groups(jar: Path | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for n, line in enumerate(_read(_COHERENCY, jar)):
        forms = [f.strip().lower() for f in line.split(";") if f.strip()]
        if len(forms) < 2:
            continue
        for f in forms:
            if f not in _AMBIGUOUS:
                out.setdefault(f, n)
    return out


@cache
def dictionary() -> frozenset[str]:
    """Lower-case dictionary words: the 83k-word list ``symspellpy`` ships (Google Books
    counts intersected with SCOWL, no hyphenated entries), empty if it cannot be read.
    Used to tell a word from a broken or run-together one, never to flag a word."""
    try:
        text = (
            resources.files("symspellpy")
            .joinpath("frequency_dictionary_en_82_765.txt")
            .read_text("utf-8")
        )
    except (OSError, ModuleNotFoundError):
        return frozenset()
    return frozenset(line.split(" ", 1)[0] for line in text.splitlines() if line)
