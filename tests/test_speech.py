"""Speech: interview copy, editors' insertions in quotations, and the one policy for
findings in a speaker's words (``speech_policy``)."""

from __future__ import annotations

from helpers import check_text, found

from copyedit.analysis.speech import insertions, interview
from copyedit.document import Document
from copyedit.model import Applicability, Category, Region, RegionIndex
from copyedit.pipeline import settle
from copyedit.speech_policy import IN_SPEECH, Treatment, changes_wording, treat

WN = (
    "The mayor spoke to our reporter about the budget.\n\n"
    "((WN)) Why did the council cut the library budget?\n\n"
    "JT: We had no choice in order to balance the books.\n\n"
    "It was a hard year for everyone.\n\n"
    "((WN)) What comes next?\n\n"
    "Jane Tull: More of the same, I'm afraid."
)


def _texts(text: str, regions) -> list[str]:
    return [text[r.start : r.end] for r in regions]


def test_wikinews_questions_and_answers():
    doc = Document.from_text(WN)
    found_ = doc.analysis.interview
    assert _texts(WN, found_.questions) == [
        "Why did the council cut the library budget?",
        "What comes next?",
    ]
    assert _texts(WN, found_.answers) == [
        "We had no choice in order to balance the books.",
        "It was a hard year for everyone.",  # the answer runs on to the next question
        "More of the same, I'm afraid.",
    ]
    speech = _texts(WN, doc.analysis.speech)
    assert "The mayor spoke to our reporter about the budget." not in speech


def test_q_and_a_labels_and_initials_without_colon():
    text = (
        "Intro by the writer.\n\n"
        "Q: Where were you?\n\nA: At home.\n\n"
        "Q. And then?\n\nMS We went out.\n"
    )
    doc = Document.from_text(text)
    assert _texts(text, doc.analysis.interview.answers) == ["At home.", "We went out."]
    assert doc.analysis.in_speech(text.index("home"), text.index("home") + 4)
    assert not doc.analysis.in_speech(0, 5)


def test_a_transcript_of_repeated_speaker_labels():
    text = (
        "The exchange went as follows.\n\n"
        "SMITH: You were there.\n\n"
        "**Jones:** I was not.\n\n"
        "SMITH: Then who was?\n\n"
        "**Jones:** Ask the clerk."
    )
    answers = _texts(text, interview(text, Document.from_text(text).paragraphs).answers)
    assert answers == ["You were there.", "I was not.", "Then who was?", "Ask the clerk."]


def test_a_label_used_once_is_no_interview():
    for text in (
        "Update: The council met again on Tuesday.\n\nIt approved the plan.",
        "WASHINGTON: The Senate voted.\n\nThe House did not.",
        "((WN)) A lone label.\n\nThe report went on.",
        "Update: One.\n\nUpdate: Two.\n\nThe report went on.",  # one label: no speakers
        "US President Joe Biden spoke.\n\nUS Senators Agreed.\n\nUS Troops Left.",
    ):
        doc = Document.from_text(text)
        assert doc.analysis.interview.regions == (), text
        assert doc.analysis.speech == (), text


def test_editorial_insertions_in_quotations():
    text = 'She said the plan "involve[d] every [state] agency [...] and [I]f it fails [.]"'
    doc = Document.from_text(text)
    assert _texts(text, doc.analysis.insertions) == [
        "involve[d]",
        "[state]",
        "[...]",
        "[I]f",
        "[.]",
    ]
    inserted = {t.text for t in doc.analysis.tokens if t.inserted}
    assert inserted == {"involve", "d", "state", "I", "f"}
    # brackets outside speech are the writer's own, not an insertion
    assert insertions("A list [one] here.", ()) == ()


def test_share_counts_overlaps_once():
    regions = RegionIndex([Region(0, 10), Region(5, 15)])
    assert regions.share(0, 20) == 0.75
    assert regions.share(20, 30) == 0.0
    assert regions.share(3, 3) == 1.0


def test_policy_is_data_and_covers_every_category():
    assert set(IN_SPEECH) == set(Category)
    assert IN_SPEECH[Category.STYLE] is Treatment.DROP
    assert IN_SPEECH[Category.READABILITY] is Treatment.DROP
    assert IN_SPEECH[Category.SPELLING] is Treatment.DISPLAY_ONLY


def test_policy_outside_speech_changes_nothing():
    text = "We met in order to vote."
    f = found(text, "in order to", ("to",))
    assert treat(f, 0.0, False) is f
    assert treat(f, 0.4, False) is f


def test_policy_in_speech_by_category():
    text = "We met in order to vote and your wrong."
    style = found(text, "in order to", ("to",), category=Category.STYLE)
    slip = found(text, "your", ("you're",), category=Category.GRAMMAR)
    typo = found(text, "wrong", ("wrung",), category=Category.SPELLING)
    assert treat(style, 1.0, False) is None
    assert treat(slip, 1.0, False) is None  # a speaker's grammar is theirs
    assert treat(slip, 0.2, False) is slip  # outside speech it stands
    joined = found("They can not vote.", "can not", ("cannot",), category=Category.GRAMMAR)
    shown = treat(joined, 1.0, False)  # how a word is written, not the speaker's grammar
    assert shown is not None and shown.applicability is Applicability.DISPLAY_ONLY
    kept = treat(typo, 1.0, False)
    assert kept is not None and kept.applicability is Applicability.DISPLAY_ONLY
    assert kept.replacements == typo.replacements  # still shown with its fix
    assert treat(typo, 1.0, True) is None  # within an editor's insertion: nothing


def test_wording_changes_in_speech_are_dropped():
    text = "It began in March of 2016, whether or not they can not say."
    month = found(text, "March of 2016", ("March 2016",), category=Category.GRAMMAR)
    whether = found(text, "whether or not", ("whether",), category=Category.GRAMMAR)
    joined = found(text, "can not", ("cannot",), category=Category.PUNCTUATION)
    split = found(text, "It began", ("Itbegan",), category=Category.SPELLING)
    spelled_out = found(text, "March of 2016", ("March 2016",), category=Category.SPELLING)
    assert changes_wording(month) and changes_wording(whether)
    assert changes_wording(spelled_out)  # whatever the category
    assert not changes_wording(joined)  # the same letters: how they are written
    assert not changes_wording(split)
    assert treat(month, 1.0, False) is None and treat(whether, 1.0, False) is None
    assert treat(joined, 1.0, False) is not None


def test_settle_applies_the_policy_to_interview_answers():
    doc = Document.from_text(WN)
    style = found(WN, "in order to", ("to",), category=Category.STYLE)
    slip = found(WN, "choice", ("choices",), category=Category.SPELLING)
    narration = found(WN, "spoke", ("talked",), category=Category.STYLE)
    kept = settle(doc, [style, slip, narration])
    assert [(f.text, f.in_quote, f.applicability) for f in kept] == [
        ("spoke", False, Applicability.SAFE),
        ("choice", True, Applicability.DISPLAY_ONLY),
    ]


def test_rules_leave_interview_answers_and_insertions_alone():
    text = (
        "The minister took questions.\n\n"
        "Q: Why now?\n\n"
        "A: We acted prior to the vote in order to help.\n\n"
        "Q: And the law?\n\n"
        'A: It said we "involve[d] every agency [...]" at once.'
    )
    doc, findings = check_text(text)
    assert [f.rule for f in findings] == []
