"""Titles and honorifics: one list for the checks that must know a person's title when
they see one (name forms, abbreviations, case, LanguageTool's filters)."""

from __future__ import annotations

ABBREVIATED = {
    "PM": "Prime Minister",
    "FM": "Foreign Minister",
    "CM": "Chief Minister",
    "Pres.": "President",
    "Gen.": "General",
    "Sen.": "Senator",
    "Gov.": "Governor",
    "Rep.": "Representative",
    "Lt.": "Lieutenant",
    "Col.": "Colonel",
    "Capt.": "Captain",
    "Prof.": "Professor",
    "Supt.": "Superintendent",
    "Insp.": "Inspector",
    "Sgt.": "Sergeant",
    "Adm.": "Admiral",
    "Cmdr.": "Commander",
    "Atty. Gen.": "Attorney General",
    "AG": "Attorney General",
}
"""Abbreviated title -> the spelled-out title it stands for."""

HONORIFICS = frozenset("Sir Dame Lord Lady Mr Mrs Ms Miss Dr Mister Madam".split())
"""Forms of address before a name ('Sir Robert', 'Mrs Huntley')."""

OFFICES = frozenset(
    "president vice secretary minister prime attorney speaker chief governor senator "
    "chancellor ambassador commissioner mayor director chairman chairwoman general".split()
)
"""Offices news style lowercases when they stand alone ('the secretary of state said'),
capitalised only before a name (AP)."""

RANKS = frozenset(
    "judge justice premier king queen prince princess pope bishop father sister brother "
    "saint doctor".split()
)
"""Other titles that stand before a name ('Judge Pye', 'Pope Francis')."""


def title_words() -> frozenset[str]:
    """Every title word, capitalised as it stands before a name."""
    spelled = {w for t in ABBREVIATED.values() for w in t.split()}
    return frozenset(
        (spelled | HONORIFICS | {w.capitalize() for w in OFFICES | RANKS})
        - {"Vice", "Prime", "Foreign"}  # parts of a title, never one alone
    )
