"""Agreement stays silent where the parse takes the wrong noun for the subject: a time
adverbial, a "-works" plant, a noun after "as" or "than", a noun after a verb and its
adverbs. Each sentence is correct published copy on which the rule once fired."""

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
