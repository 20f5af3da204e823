"""Agreement stays silent where the parse takes the wrong noun for the subject: a time
adverbial, a "-works" plant, a noun after "as" or "than", a noun after a verb and its
adverbs, an auxiliary hung on a finite verb, a question closed by a bracket. Each
sentence is correct copy on which the rule once fired (published news, or CWEB dev web
text where the annotators left it). The other families' guards follow."""

from __future__ import annotations

import pytest

from copyedit.document import Document
from copyedit.engines.grammar import GrammarEngine

CORRECT = [
    "Only this time around the conditions are different and the choice is far harder.",
    "The Innisfail meatworks normally closes for the wet season in December.",
    "A plan to train rural doctors as specialists is being debated at a health summit.",
    "Scientists who argue the hobbit is really just a modern human with a small brain "
    "have published evidence for the first time.",
    "One of the main tasks hosts have is to clean up after their guests.",
    "I walked to the front of the house (should he look all around the exterior if he house?)",
]

STILL_FOUND = [
    ("The main aspects of the visit was to discuss bilateral issues.", "were"),
    ("This time Pakistan do not want to become a part of any bloc.", "does"),
    ("The report on the floods were published on Monday.", "was"),
    ("The farmer really want better prices this year.", "wants"),
    ("Each year the farmers was paid late.", "were"),
]


def agreement(text: str) -> list[tuple[str, tuple[str, ...]]]:
    found = GrammarEngine().check(Document.from_text(text))
    return [(f.text, f.replacements) for f in found if f.rule == "grammar.agreement"]


@pytest.mark.parametrize("text", CORRECT)
def test_no_agreement_finding_on_a_correct_sentence(text):
    assert agreement(text) == []


@pytest.mark.parametrize(("text", "fix"), STILL_FOUND)
def test_agreement_slips_are_still_found(text, fix):
    assert [r[0] for _, r in agreement(text)] == [fix]


def findings(text: str, rule: str) -> list[tuple[str, tuple[str, ...]]]:
    found = GrammarEngine().check(Document.from_text(text))
    return [(f.text, f.replacements) for f in found if f.rule == rule]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("There are a few explanation why you are here.", "grammar.there-agreement"),
        ("He played a slow blues on the old guitar.", "grammar.determiner"),
        ("Many originals have gum arabic on them to add depth.", "grammar.capitals"),
        ("God of Israel, may those who seek you not be put to shame.", "grammar.capitals"),
    ],
)
def test_no_finding_where_the_word_is_not_the_slip(text, rule):
    # "a few" asks for the noun's plural, not "is"; "blues" the genre is one; "gum
    # arabic" is written in lower case; "may" before a subject is the verb, not the month
    assert findings(text, rule) == []


def test_names_in_a_list_are_still_capitalised():
    text = "Members including India, china, Pakistan and UAE abstained."
    assert findings(text, "grammar.capitals") == [("china", ("China",))]
