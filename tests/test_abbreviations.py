"""Abbreviation findings that do not cry wolf, and quotations that end where they end."""

from __future__ import annotations

import re

import pytest

from copyedit.analysis.abbreviations import SMALL_WORDS, initials
from copyedit.config import Config
from copyedit.consistency.abbreviations import (
    _RUN,
    _expansion_anywhere,
    _phrase_matches,
    _spelled,
    _written_as_word,
    find_definitions,
)
from copyedit.consistency.tokens import scan
from copyedit.document import Document
from copyedit.engines.consistency import ConsistencyEngine
from copyedit.pipeline import settle
from copyedit.titles import HONORIFICS

BARE = ConsistencyEngine()
ENGINE = ConsistencyEngine.from_config(Config())


def abbreviation_rules(text: str) -> list[tuple[str, str]]:
    doc = Document.from_text(text)
    found = settle(doc, BARE.check(doc))
    return [(f.rule, f.text) for f in found if f.rule.startswith("consistency.abbreviation")]


def undefined(text: str) -> list[str]:
    return [t for r, t in abbreviation_rules(text) if r == "consistency.abbreviation.undefined"]


# Quotation scope ---------------------------------------------------------------------


def test_a_quoted_title_ending_in_a_year_closes_its_quotation():
    text = 'The "Water Quality Act of 1987" stalled because of labor costs.'
    doc = Document.from_text(text)
    assert [text[q.start : q.end] for q in doc.quotes] == ['"Water Quality Act of 1987"']
    quoted = {t.text: t.quoted for t in scan(doc).tokens}
    assert quoted["Water"] and quoted["Act"]
    assert not quoted["labor"] and not quoted["stalled"]


def test_inch_marks_stay_units_outside_and_after_feet_inside_a_quotation():
    text = 'A 17" monitor. She said "he is 6\'3" tall" and left.'
    spans = [text[q.start : q.end] for q in Document.from_text(text).quotes]
    assert spans == ['"he is 6\'3" tall"']


@pytest.mark.usefixtures("lt_data")
def test_a_word_after_a_quoted_title_is_narration_again():
    # One word of each variety goes to the first narrated one; with the title's
    # quotation left open, 'labor' counted as quoted and 'colour' won instead.
    text = (
        'The "Clean Water Act of 1972" stalled because of labor costs.\n\n'
        "The colour of the report was dark.\n"
    )
    doc = Document.from_text(text)
    found = settle(doc, ENGINE.check(doc))
    assert [f.text for f in found if f.rule == "consistency.spelling-variety"] == ["colour"]


# Full forms proposed only when they match ------------------------------------------


def test_an_honorific_and_a_name_are_no_full_form():
    text = "The SR board met. Sir Roland chaired it. The SR board voted. The SR board adjourned."
    doc = Document.from_text(text)
    found = [f for f in BARE.check(doc) if f.rule == "consistency.abbreviation.undefined"]
    assert [f.text for f in found] == ["SR"]
    assert "looks like its full form" not in found[0].message


def test_single_letters_and_initials_are_no_full_form():
    text = (
        "The PK index rose. Letters P and K label the axes. The PK index fell. "
        "The PK index held. PK Holdings said so."
    )
    doc = Document.from_text(text)
    found = [f for f in BARE.check(doc) if f.rule == "consistency.abbreviation.undefined"]
    assert [f.text for f in found] == ["PK"]
    assert "looks like its full form" not in found[0].message


def test_a_formula_is_no_abbreviation():
    assert undefined("Energy is E = MC squared, and E = MC holds; E = MC again.") == []


# Words in capitals, glosses, definitions in words -------------------------------------


def test_a_dictionary_word_in_capitals_is_no_abbreviation():
    text = "The HARVEST study ran. HARVEST enrolled 400. HARVEST ended in May."
    assert undefined(text) == []
    # initials that spell no word are still reported
    text = "The QZRT study ran. QZRT enrolled 400. QZRT ended in May."
    assert undefined(text) == ["QZRT"]


def test_a_full_form_set_beside_the_first_use_defines_it():
    text = "The NUJ, the National Union of Journalists, objected. The NUJ met. The NUJ voted."
    assert undefined(text) == []
    text = (
        "The NUJ objected. The NUJ met. The NUJ voted. "
        "Later the National Union of Journalists wrote."
    )
    assert undefined(text) == ["NUJ"]


def test_stands_for_defines_in_words():
    text = (
        "The chart shows QRB then SFG.\n\n"
        "QRB and SFG stand for Quarterly Review Board and Special Finance Group, respectively.\n\n"
        "The QRB met twice and the SFG once. The QRB and SFG disagreed."
    )
    assert abbreviation_rules(text) == []
    defs = {d.abbr: d.expansion for d in find_definitions(text)}
    assert defs == {"QRB": "Quarterly Review Board", "SFG": "Special Finance Group"}
    text = "CDS is short for credit default swaps. CDS trading grew; CDS prices fell."
    assert [d.expansion for d in find_definitions(text)] == ["credit default swaps"]
    assert undefined(text) == []


def test_used_before_definition_unless_the_full_form_came_first():
    text = (
        "The regional transit board raised fares. The RTB said costs rose.\n\n"
        "The Regional Transit Board (RTB) meets monthly."
    )
    assert abbreviation_rules(text) == []
    text = "The RTB said costs rose.\n\nThe Regional Transit Board (RTB) meets monthly."
    assert abbreviation_rules(text) == [("consistency.abbreviation.before-definition", "RTB")]


def test_defined_again_in_a_new_section_is_no_slip():
    body = "The Office of Budget Review (OBR) audits grants. The OBR reports yearly."
    heading = "\n\nAUDIT PROCEDURES\n\n"
    assert abbreviation_rules(body + heading + body) == []
    respelled = body + heading + "Requests go to the Office of Budget Review in writing."
    assert abbreviation_rules(respelled) == []
    found = abbreviation_rules(body + "\n\n" + body)
    assert ("consistency.abbreviation.redefined", "Office of Budget Review (OBR)") in found


def test_a_publication_cited_by_its_initials_and_a_dutch_company():
    text = (
        "Her essay (TLR, Mar. 4) was fair. His reply (TLR, Apr. 1) was not. "
        "The TLR editors printed both."
    )
    assert undefined(text) == []
    text = "N.V. KLQ said profit rose. KLQ sold a unit. KLQ shares fell."
    assert undefined(text) == []


def test_a_sentence_opening_on_the_full_form_is_no_respelling():
    text = (
        "The Western Cape Province (WCP) passed a water law. The WCP vote was close.\n\n"
        "Western Cape Province is the driest region."
    )
    assert abbreviation_rules(text) == []
    text = text.replace("\n\nWestern", "\n\nThe rain in Western")
    assert abbreviation_rules(text) == [
        ("consistency.abbreviation.respelled", "Western Cape Province")
    ]


# Definitions by apposition, descriptions, ordinary words --------------------------


def test_definitions_with_or_define_the_abbreviation():
    cases = [
        "A gamma-ray burst, or GRB, is bright. The GRB faded. Another GRB came. A GRB again.",
        "They make polyhydroxyalkanoate, or PHA. PHA breaks down. PHA is cheap. PHA sells.",
        "PGD, or preimplantation genetic diagnosis, finds faults. PGD is costly. PGD works.",
        "Bugs that are genetically modified or GM bugs grow. GM bugs eat. GM bugs die. GM.",
        "It's CT [computed tomography] scanning. CT helps. CT is quick. CT images sharpen.",
    ]
    for text in cases:
        assert undefined(text) == [], text
    defs = {d.abbr: d.expansion for d in find_definitions(cases[2])}
    assert defs == {"PGD": "preimplantation genetic diagnosis"}


def test_or_between_two_abbreviations_defines_neither():
    text = "Trade with the QZ or RTX rose. RTX fell. RTX grew. RTX held. QZRT was odd."
    assert "RTX" in undefined(text)


def test_a_described_company_or_handler_needs_no_expansion():
    for text in (
        "Wheat exporter QWB said so. QWB shares fell. QWB cut jobs. QWB will appeal.",
        "The grain handler, QBH, bid. QBH won. QBH paid. QBH shipped the grain.",
    ):
        assert undefined(text) == [], text


def test_ordinary_words_may_be_written_out_again_after_their_abbreviation():
    text = (
        "Crops that are genetically modified (GM) grew. GM crops spread. Farmers fear "
        "genetically modified seed. The Wool Research Board (WRB) met. The WRB voted. "
        "Later the Wool Research Board sat again."
    )
    assert abbreviation_rules(text) == [
        ("consistency.abbreviation.respelled", "Wool Research Board")
    ]


def test_a_full_form_inside_a_longer_name_is_not_respelled():
    text = (
        "The Wool Research Board (WRB) met. The WRB voted. Later the Wool Research Board "
        "Council sat, and the Federal Wool Research Board fund grew."
    )
    assert abbreviation_rules(text) == []
    alone = "The Wool Research Board (WRB) met. The WRB voted. Then the Wool Research Board sat."
    assert abbreviation_rules(alone) == [
        ("consistency.abbreviation.respelled", "Wool Research Board")
    ]


# The per-draft tables behind the checks ----------------------------------------------


def _first_run_by_brute_force(text: str, abbr: str) -> tuple[int, str] | None:
    """Every run and every stretch of two or more of its words, in order: what the table
    of ``_expansions`` must agree with."""
    for run in _RUN.finditer(text):
        words = list(re.finditer(r"\S+", run.group()))
        for i, first in enumerate(words):
            if first.group().lower() in SMALL_WORDS or first.group().rstrip(".") in HONORIFICS:
                continue
            for j in range(i + 2, len(words) + 1):
                chosen = [w.group() for w in words[i:j]]
                if initials(chosen) == abbr and all(_spelled(w) for w in chosen):
                    return run.start() + first.start(), " ".join(chosen)
    return None


@pytest.mark.parametrize(
    "text",
    [
        "The Dublin Area Rapid Transit runs late; the DART board met. Sir Robert Smith spoke.",
        "Officials of the United Nations General Assembly and the United Nations met in New "
        "York City with the Federal Bureau of Investigation and the Bureau of Labor Statistics.",
        "The capital M and C Group; Anti-Defamation League; Jean-Luc Picard Foundation.",
        "The The The Big Apple Company, Very Long Capitalised Run Of Many Words Indeed Here.",
    ],
)
def test_expansion_table_gives_the_first_run_for_every_initials(text):
    abbrs = {"DART", "UNGA", "UN", "FBI", "BLS", "NYC", "SR", "ADL", "JLPF", "MC", "BAC", "VLCR"}
    for abbr in abbrs | {"VLCROMWIH", "A"}:
        assert _expansion_anywhere(text, abbr) == (
            _first_run_by_brute_force(text, abbr) if len(abbr) >= 2 else None
        )


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "Dublin Area Rapid Transit and Dublin  Area Rapid Transit (DART), Dublin Area.",
            "Dublin Area",
        ),
        ("U.S. Army, the U.S.  Army and US Army; U.S. Army", "U.S. Army"),
        ("Xyz Xyzzy xyz Xyz-Foo Xyz", "Xyz"),
        ("Smith's Bar and Smith's  Bar (SB) then ASmith's Bar", "Smith's Bar"),
    ],
)
def test_phrase_matches_are_finditer_where_the_first_word_stands(text, phrase):
    pattern = re.compile(r"\b" + re.escape(phrase).replace(r"\ ", r"\s+") + r"\b(?!\s*\()")
    for pos in (0, 5, 20):
        expected = [m.span() for m in pattern.finditer(text, pos)]
        assert [m.span() for m in _phrase_matches(text, phrase, pattern, pos)] == expected


@pytest.mark.parametrize(
    ("text", "abbr", "expected"),
    [
        ("Nato troops and NATO", "NATO", True),
        ("the nato summit", "NATO", True),
        ("NATOs and Natotel", "NATO", False),
        ("AT&T and At&t", "AT&T", True),
        ("AT&T only", "AT&T", False),
        ("US and us", "US", True),
    ],
)
def test_initials_written_as_a_word(text, abbr, expected):
    found = re.search(rf"\b{abbr.capitalize()}\b|\b{abbr.lower()}\b", text) is not None
    assert _written_as_word(text, abbr) is found is expected
