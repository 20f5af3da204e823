"""The analysis layer: one reading of a draft (sentences, words and their flags, speech,
defined abbreviations, variety, names) that every engine shares."""

from __future__ import annotations

import pytest

from copyedit.analysis.names import in_name_run
from copyedit.analysis.variety import draft_variety
from copyedit.document import Document


def _flags(text: str, attr: str) -> dict[str, bool]:
    return {t.text: getattr(t, attr) for t in Document.from_text(text).analysis.tokens}


def test_analysis_is_computed_once_per_document():
    doc = Document.from_text("One sentence. Another one.")
    assert doc.analysis is doc.analysis
    assert [doc.text[s.start : s.end] for s in doc.analysis.sentences] == [
        "One sentence.",
        "Another one.",
    ]
    assert doc.analysis.paragraphs == doc.paragraphs


def test_tokens_carry_their_offsets_and_flags():
    text = (
        "Flood Warning Issued\n\n"
        'Mr. Wellsby said, You know it. The "Green Party" won 509th place in 2019.'
    )
    doc = Document.from_text(text)
    for t in doc.analysis.tokens:
        assert doc.text[t.start : t.end] == t.text
    assert _flags(text, "heading")["Warning"] and not _flags(text, "heading")["Wellsby"]
    initial = _flags(text, "initial")
    assert initial["Mr"] and initial["You"] and initial["The"] and not initial["Wellsby"]
    assert _flags(text, "quoted")["Green"] and not _flags(text, "quoted")["You"]
    speech = _flags(text, "speech")
    assert speech["Green"] and speech["You"] and speech["know"] and not speech["won"]
    assert _flags(text, "abbreviation")["Mr"] and not _flags(text, "abbreviation")["it"]
    numeral = _flags(text, "numeral")
    assert numeral["509th"] and numeral["2019"] and not numeral["place"]
    assert _flags(text, "name_run")["Wellsby"] and not _flags(text, "name_run")["won"]


def test_letter_words_leave_out_a_numerals_suffix():
    doc = Document.from_text("The 509th unit of COVID-19 and Khan’s well-known rock'n'roll.")
    assert [w.text for w in doc.analysis.words] == [
        "The", "unit", "of", "COVID", "and", "Khan", "s", "well-known", "rock", "n", "roll",
    ]  # fmt: skip
    assert [t.text for t in doc.analysis.tokens] == [
        "The", "509th", "unit", "of", "COVID-19", "and", "Khan’s", "well-known",
        "rock'n'roll",
    ]  # fmt: skip


def test_defined_abbreviations_are_known_names():
    doc = Document.from_text(
        "Troops in Indian Illegally Occupied Jammu and Kashmir (IIOJK) stayed. IIOJK is calm."
    )
    names = doc.analysis.names
    assert [d.abbr for d in doc.analysis.definitions] == ["IIOJK"]
    assert names.known("IIOJK") and not names.known("UNGA")


def test_names_written_twice_anywhere_and_consistently_mid_sentence():
    doc = Document.from_text("We met Zardari. Later Zardari spoke. Zardari left. Then Bhutto came.")
    assert doc.analysis.names.consistent == {"Zardari"}
    assert doc.analysis.names.known("Zardari") and not doc.analysis.names.known("Bhutto")
    assert not doc.analysis.names.known("zardari")


def test_draft_variety_from_injected_pairs():
    pairs = {"colour": ("GB", "color"), "color": ("US", "colour"), "organise": ("GB", "organize")}

    def variety(text: str) -> str | None:
        return draft_variety(Document.from_text(text).analysis.words, pairs)

    assert variety("The colour, the organise plan, the colour.") == "en-GB"
    assert variety("The color and the colour.") is None
    assert variety('Headline\n\nHe said "colour" and "organise" twice.') is None  # quoted
    assert variety("The Colour Party and the Organise Group.") is None  # capitalised: names


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The council thanked Mayor Perla Quintavalle for her work.", "Quintavalle", True),
        ("The council thanked Mayor Perla Quintavalle for her work.", "Perla", True),
        ("A letter from Dorian K. Wellsby arrived on Monday.", "Wellsby", True),
        ("The trust hired Oskarsson to run the farm.", "Oskarsson", False),
        ("It rained in Glasgow. Quintavalle stayed indoors.", "Quintavalle", False),
        ('She left. "Hwever Pauline knew it," he said.', "Hwever", False),
        ("Teh Council met on Tuesday.", "Teh", False),
        ("The lawyer for Mrs. Orlaith Quennell spoke.", "Orlaith", True),
        ("They flew to Rome. Quennell stayed behind.", "Quennell", False),
    ],
)
def test_in_name_run(text, word, expected):
    start = text.index(word)
    assert in_name_run(text, start, start + len(word)) is expected


def test_the_lists_are_data_files_with_a_header():
    from importlib import resources

    from copyedit.analysis import lists

    data = resources.files("copyedit.analysis").joinpath("data")
    for name in ("abbreviations.txt", "titles.txt"):
        assert data.joinpath(name).read_text("utf-8").startswith("# ")
    uses = {u for line in lists._lines("abbreviations.txt") for u in line.split()[1:]}
    assert uses == {"split", "title"}
    assert lists.SENTENCE_ABBREVIATIONS <= lists.ABBREVIATIONS
    assert {"Mr", "Sen", "Mt"} <= lists.TITLE_ABBREVIATIONS
    assert lists.ABBREVIATED_TITLES["Sen."] == "Senator"


def test_the_us_gb_pairs_are_read_back_from_their_copy_as_derived(tmp_path, monkeypatch):
    from copyedit.analysis import variety

    jar = variety.find_jar()
    if jar is None:
        pytest.skip("LanguageTool's English jar is not installed")
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache"))
    variety._us_gb_pairs.cache_clear()
    try:
        derived = variety._derive_pairs(jar)
        assert derived["colour"] == ("GB", "color")
        assert variety._us_gb_pairs(jar) == derived  # made, and kept
        (copy,) = (tmp_path / "cache" / "parsed").glob("us-gb-pairs-*.json")
        copy.write_text('{"colour": ["GB", "color"]}', encoding="utf-8")
        variety._us_gb_pairs.cache_clear()
        assert variety._us_gb_pairs(jar) == {"colour": ("GB", "color")}  # the copy is read
        copy.write_text("{not json", encoding="utf-8")
        variety._us_gb_pairs.cache_clear()
        assert variety._us_gb_pairs(jar) == derived  # a damaged copy is set aside, remade
    finally:
        variety._us_gb_pairs.cache_clear()
