"""The speller's unknown words: which are dropped, noted, shown or fixed
(copyedit.analysis.spelling), with made-up drafts and a small frequency table."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copyedit.analysis import spelling
from copyedit.analysis.names import _SENTENCE_START
from copyedit.analysis.spelling import Judgement, judge, load_policy

UNSEEN = -27.6
LOGP = {
    "the": -3.2,
    "library": -9.0,
    "port": -9.2,
    "world": -8.0,
    "government": -7.9,
    "goverment": -13.9,
    "committee": -8.4,
    "comittee": -16.1,
    "definitely": -10.4,
    "definately": -12.8,
    "lettuce": -12.0,
    "lettuces": -13.5,
    "shortage": -11.5,
    "employs": -12.1,
    "employes": -15.3,
    "gill": -13.0,
    "dale": -13.5,
    "ego": -11.9,
    "rego": -13.5,
    "impost": -16.5,
    "persian": -12.5,
    "mandarin": -12.9,
    "representative": -9.8,
    "represenative": -17.3,
    "vernier": -14.0,
    "child": -9.0,
    "destocking": -16.0,
    "restocking": -11.0,
    "mid": -9.5,
    "castro": -13.0,
    "stocking": -12.0,
    "improv": -13.2,
    "improve": -9.1,
    "institut": -12.2,
    "institute": -8.9,
    "untill": -14.0,
    "until": -8.0,
    "cite": -11.3,
}
MISSPELT = {"goverment", "comittee", "definately", "rego", "represenative"}
DICTIONARY = {w for w in LOGP if w not in MISSPELT}


class Table:
    def unigram_logp(self, word: str) -> float:
        return LOGP.get(word, UNSEEN)

    def in_dictionary(self, word: str) -> bool:
        return word in DICTIONARY


def verdict(text: str, word: str, *replacements: str, nth: int = 0, **kw: bool) -> Judgement:
    start = text.index(word)
    for _ in range(nth):
        start = text.index(word, start + 1)
    return judge(text, start, start + len(word), replacements, Table(), load_policy(), **kw)


def test_a_word_the_draft_writes_twice_in_any_case_is_its_own_term():
    text = "The broadnose quollfish swims. Quollfish are rare; a quollfish bit him."
    assert verdict(text, "quollfish", "quoll fish").verdict == "drop"
    assert verdict(text, "Quollfish", "Quoll fish").verdict == "drop"
    # An editor's bracketed letter joins the word: '[Q]uollfish' is 'Quollfish'.
    text = 'She said "[Q]uollfish bite" and fed a quollfish.'
    assert verdict(text, "uollfish", "u oll fish").verdict == "drop"
    # Even a likely slip: written twice, it is the draft's spelling.
    text = "The goverment said the goverment would act."
    assert verdict(text, "goverment", "government").verdict == "drop"


def test_a_lower_case_word_is_fixed_only_towards_a_close_far_more_frequent_word():
    text = "The goverment will act, and the wrold waits."
    j = verdict(text, "goverment", "government", "governments")
    assert j == Judgement("fix", j.reason, ("government",))
    # Unseen, one letter swapped: 'wrold' -> 'world'.
    assert verdict(text, "wrold", "world", "wold").replacements == ("world",)
    # More frequent, not far more: shown, not applied.
    assert verdict("It was definately so.", "definately", "definitely").verdict == "show"
    # A rare word close to a word only a little commoner: a word of the draft's.
    assert verdict("Pay your rego today.", "rego", "ego").verdict == "drop"
    # Only rare candidates ('impost'), a split ('in post') or none: no finding.
    assert verdict("The inpost rose.", "inpost", "impost", "in post").verdict == "drop"
    assert verdict("A sevengill swam.", "sevengill", "seven gill").verdict == "drop"
    assert verdict("A quollfish swam.", "quollfish").verdict == "drop"
    # Two edits are too far for a short word ('haflis' is a foreign word).
    assert verdict("They played haflis all night.", "haflis", "halls").verdict == "drop"


def test_a_capitalised_word_is_a_name_unless_there_is_evidence_of_a_slip():
    # Names get no guess, whatever LanguageTool offers.
    text = "The mayor of Werribee met Ms Quorrabee in Dandenong."
    for name, guess in [("Werribee", "Terrible"), ("Quorrabee", "Quarry"), ("Dandenong", "")]:
        assert verdict(text, name, guess).verdict == "drop"
    # Acronyms and names in capitals.
    assert verdict("The CSIRO said so.", "CSIRO", "CAIRO").verdict == "drop"
    # The draft writes the candidate as a name elsewhere: a slip.
    text = "The Megallanic penguin lives near the Magellanic strait."
    assert verdict(text, "Megallanic", "Magellanic").replacements == ("Magellanic",)
    # ... but a common word that only opens a sentence is no name ('Manay' -> 'Many').
    text = "Floods hit Manay town. Many fled."
    assert verdict(text, "Manay", "Many").verdict == "drop"
    # A long word a letter from a far more frequent word: 'Comittee' -> 'Committee'.
    text = "He chairs the Comittee on trade."
    assert verdict(text, "Comittee", "Committee").replacements == ("Committee",)
    # Beside other capitalised words (a name run) only a title is a candidate.
    text = "He chairs the Harbour Comittee on trade."
    assert verdict(text, "Comittee", "Committee").verdict == "drop"
    text = "Then Represenative Ann Lee spoke, as did Justice Ann Verniero."
    j = verdict(text, "Represenative", "Representative")
    assert j.replacements == ("Representative",)
    assert verdict(text, "Verniero", "Vernier").verdict == "drop"
    # A name's plural is no slip for the name: 'the Childs' beside 'Julia Child'.
    text = "Julia Child cooked; the Childs had many friends."
    assert verdict(text, "Childs", "Child", "Child's").verdict == "drop"
    # A sentence's first word may be any word: 'Teh' -> 'The'.
    assert verdict("It rained. Teh town flooded.", "Teh", "The", "Ten").replacements == ("The",)


def test_garbled_text_is_noted_without_a_replacement():
    j = verdict("said Dr Jos&eacute; Halloy", "Jos&eacute", "Jose")
    assert j == Judgement("note", j.reason)
    text = "A lettuce shortage could last until Septelettuce shortagember."
    assert verdict(text, "Septelettuce").verdict == "note"
    assert verdict(text, "shortagember").verdict == "note"
    # A coinage ending is no fragment: 'Persianesque' beside 'Persian'.
    text = "A Persian tune and a Persianesque dance."
    assert verdict(text, "Persianesque", "Berninesque").verdict == "drop"
    # nor an inflection: 'fullbacking' beside 'fullback'
    assert (
        verdict("The fullback led; without fullbacking we lose.", "fullbacking").verdict == "drop"
    )
    # a name glued to more letters is another name or a handle, not a slip
    text = "Brigid Kosgei won; Mary Jepkosgei Keitany held the record."
    assert verdict(text, "Jepkosgei").verdict == "drop"
    assert verdict("In Toronto, torontogroot came as Groot.", "torontogroot").verdict == "drop"


def test_species_names_and_the_other_variety():
    text = "The Mandarin quollfish (Quollus mandarinensis) is rare."
    assert verdict(text, "mandarinensis", "mandarin ensis").verdict == "drop"
    assert verdict(text, "Quollus", "Quills").verdict == "drop"
    text = "The tumour-fighting drug."
    assert verdict(text, "tumour-fighting", "tumor-fighting", other_spelling=True).verdict == (
        "drop"
    )
    # In a draft of clear variety (or a desk's set one) it is a slip.
    j = verdict(text, "tumour-fighting", "tumor-fighting", other_spelling=True, variety_clear=True)
    assert j.replacements == ("tumor-fighting",)


@pytest.mark.parametrize(
    ("word", "checked", "expected"),
    [
        ("tumour-fighting", "en-US", True),
        ("ageing", "en-US", True),
        ("cross-subsidising", "en-US", True),
        ("tumor", "en-GB", True),
        ("tumour", "en-GB", False),
        ("quollfish", "en-US", False),
    ],
)
def test_other_variety(word, checked, expected):
    forms = {"US": frozenset({"tumor", "aging", "subsidizing"}), "GB": frozenset()}
    forms["GB"] = frozenset({"tumour", "ageing", "subsidising"})
    assert spelling.other_variety(word, checked, forms) is expected


def test_edits_count_a_swap_as_one():
    assert spelling.edits("teh", "the") == 1
    assert spelling.edits("recieve", "receive") == 1
    assert spelling.edits("haflis", "halls") == 2
    assert spelling.edits("", "abc") == 3


def test_a_long_first_word_of_a_sentence_is_judged_as_a_name():
    text = "Floods came. Quollster reported the news."
    assert verdict(text, "Quollster", "Quollsters").verdict == "drop"
    LOGP["roller"] = -12.0
    DICTIONARY.add("roller")
    try:
        assert verdict("It rained. Rollr said so.", "Rollr", "Roller").verdict == "drop"
    finally:
        del LOGP["roller"]
        DICTIONARY.discard("roller")


def test_rule_families_off_for_news_each_have_a_reason():
    policy = load_policy()
    assert policy.dropped("EN_DIACRITICS_REPLACE_ORTHOGRAPHY_PAPIER_MACHE")
    assert policy.dropped("EN_GB_SIMPLE_REPLACE_COUNTERTOP")
    assert not policy.dropped("MORFOLOGIK_RULE_EN_US")
    assert all(reason.strip() for reason in policy.dropped_rule_prefixes.values())
    assert "PER_CENT" in policy.one_variety_rules


def test_a_word_in_a_credit_line_is_a_name():
    text = "Marchers in the square.\nImage: mia! (flickr).\nThe mid point."
    assert verdict(text, "mia", "mid").verdict == "drop"
    assert verdict(text, "mia", "mid").reason == "a name in a credit line"
    # the same word outside a credit line is judged as any other
    assert verdict("It was at the mia point.", "mia", "mid").verdict == "fix"


def test_another_prefix_on_the_same_stem_is_another_word():
    text = "Graziers have been destocking for years."
    assert verdict(text, "destocking", "restocking").verdict == "drop"
    assert spelling.prefix_swap("destocking", "restocking", Table(), load_policy())
    assert not spelling.prefix_swap("goverment", "government", Table(), load_policy())
    # a stem that is no word: a slip ('preceeded' for 'preceded'), whatever is offered
    assert not spelling.prefix_swap("preceeded", "proceeded", Table(), load_policy())


def test_another_form_of_the_word_is_not_its_correction():
    # an attested word a letter or two short of a commoner one: a clipping, a cognate
    assert verdict("She took up improv comedy.", "improv", "improve").verdict == "drop"
    text = "He works at the Institut Pasteur in Paris, which the Institute funds."
    assert verdict(text, "Institut", "Institute").verdict == "drop"
    # a doubled letter is a slip, and so is an unattested word cut short
    assert verdict("Wait untill dawn.", "untill", "until").replacements == ("until",)
    assert verdict("The goverment will act.", "goverment", "government").verdict == "fix"
    assert not spelling.other_form("improvv", "improv", Table(), load_policy())
    # dropping a word's accents corrects nothing: the writer typed them
    assert verdict("They met at Cité station.", "Cité", "Cite").verdict == "drop"
    assert spelling.other_form("Cité", "Cite", Table(), load_policy())
    assert not spelling.other_form("Cite", "Cité", Table(), load_policy())


def test_the_plural_of_a_name_is_not_corrected_to_the_name():
    text = "We can mass our fleet against the Castros, but not against them."
    assert verdict(text, "Castros", "Castro").verdict == "drop"


def test_a_sentence_the_speller_mostly_does_not_know_is_not_english():
    from copyedit.model import Region

    policy = load_policy()
    sentences = [Region(0, 40), Region(40, 100)]
    words = list(range(0, 100, 5))  # 8 words in the first, 12 in the second
    # three unknown words in eight: a foreign sentence; two in twelve: a couple of names
    unknown = [0, 10, 20, 45, 50]
    assert spelling.foreign_sentences(sentences, words, unknown, policy) == [Region(0, 40)]
    # three unknown of twelve is a quarter: foreign too
    assert Region(40, 100) in spelling.foreign_sentences(sentences, words, [45, 50, 55], policy)
    assert spelling.foreign_sentences(sentences, words, [45, 50], policy) == []


def test_a_credit_reaches_only_the_name_after_its_label():
    policy = load_policy()
    text = "Protesters in the square. Image: C.Suthorn. " + "The march went on for hours " * 3
    assert spelling.in_credit(text, text.index("Suthorn"), policy)
    assert not spelling.in_credit(text, text.rindex("hours"), policy)


# The per-draft indexes behind ``uses`` and ``written_as_name`` answer as a search of the
# whole draft does.

_ALPHABET = "aAsSſkKıiİσςΣ-[] .\n’é"


def _searched_uses(text: str, word: str) -> int:
    joined = re.sub(r"\[(\w{1,3})\](?=\w)", r"\1", text)
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
    return sum(1 for _ in pattern.finditer(joined))


def _searched_name(text: str, word: str) -> bool:
    return word[:1].isupper() and any(
        not _SENTENCE_START.search(text[max(0, m.start() - 6) : m.start()])
        for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
    )


@given(st.text(_ALPHABET, max_size=40), st.text(_ALPHABET, min_size=1, max_size=4))
def test_uses_and_written_as_name_agree_with_a_search(text, word):
    assert spelling.uses(text, word) == _searched_uses(text, word)
    assert spelling.written_as_name(text, word) == _searched_name(text, word)


def test_uses_counts_every_case_and_joined_brackets():
    text = "Sevengill, sevengill and [S]evengill; SEVENGILL-like. Magellanic. The Magellanic"
    assert spelling.uses(text, "sevengill") == 3
    assert spelling.uses(text, "ΟΔΟΣ") == 0 and spelling.uses("ὁδός οδοσ ΟΔΟΣ", "οδος") == 2
    assert spelling.written_as_name(text, "Magellanic")
    assert not spelling.written_as_name("Magellanic penguins. Magellanic", "Magellanic")


def test_a_brands_capital_inside_a_word_is_a_name_not_a_slip():
    # 'eLibrary' -> 'library' would drop a product's first letter: no finding
    text = "Readers can buy eLibrary content or browse the world."
    assert verdict(text, "eLibrary", "library").verdict == "drop"
    assert verdict("Try the uPort app.", "uPort", "port").verdict == "drop"
    # a lower-case slip next to it is still fixed
    assert verdict(text + " The wrold waits.", "wrold", "world").verdict == "fix"
