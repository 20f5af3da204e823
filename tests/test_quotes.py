"""Quotations: the speaker's words are flagged but never edited unattended."""

from __future__ import annotations

import pytest
from helpers import check_text

from copyedit.fixes import accepted_edits, fix_document
from copyedit.model import Applicability, Region
from copyedit.quotes import quotation_regions


def spans(text: str) -> list[str]:
    return [text[r.start : r.end] for r in quotation_regions(text)]


def test_curly_quotes():
    text = "He said “we will not” and “later”."
    assert spans(text) == ["“we will not”", "“later”"]


def test_straight_quotes_pair_in_turn():
    text = 'She said "yes" and "no".'
    assert spans(text) == ['"yes"', '"no"']


def test_mixed_curly_and_straight():
    text = 'A “curly” and a "straight" quote.'
    assert spans(text) == ["“curly”", '"straight"']


def test_unclosed_curly_runs_to_paragraph_end():
    text = "He said “we will go on.\nStill him.\n\nNew paragraph."
    assert spans(text) == ["“we will go on.\nStill him."]


def test_unclosed_straight_runs_to_paragraph_end():
    text = 'She said "we tried.\n\nNext.'
    assert spans(text) == ['"we tried.']


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_quotes_never_cross_a_blank_line(nl):
    text = f"“One{nl}{nl}two”"
    for r in quotation_regions(text):
        assert nl + nl not in text[r.start : r.end]
    assert quotation_regions(text)[0].start == 0


def test_inch_marks_are_not_quotes():
    text = 'A 6\'2" player and a 15" screen.'
    assert spans(text) == []
    text = 'A 15" screen, "he said" it.'
    assert spans(text) == ['"he said"']


def test_closing_curly_without_opening_ignored():
    assert spans("no opening” here") == []


def test_apostrophes_are_not_quotes():
    assert spans("It’s the minister’s view.") == []


QUOTED = "The minister said “the end result can not  wait” yesterday."


def test_findings_in_quotes_marked_and_not_applied():
    doc, findings = check_text(QUOTED)
    # a style edit (redundancy) is dropped in speech; slips are shown, display-only
    assert {f.rule for f in findings} == {"news.cannot", "news.double-space"}
    assert all(f.in_quote and f.applicability is Applicability.DISPLAY_ONLY for f in findings)
    assert accepted_edits(findings, Applicability.UNSAFE) == []
    assert fix_document(doc, findings, Applicability.UNSAFE).text == QUOTED


def test_only_the_quote_is_held():
    text = "The end result: “the end result”, he said."
    doc, findings = check_text(text)
    held = [f.in_quote for f in findings]
    assert held == [False]  # the quotation's "end result" gets no style edit at all
    assert fix_document(doc, findings, Applicability.UNSAFE).text == (
        "The result: “the end result”, he said."
    )


def test_unclosed_quote_protects_rest_of_paragraph_only():
    text = "He said “the end result can not wait.\n\nThe end result was clear."
    doc, findings = check_text(text)
    fixable = [f for f in findings if f.replacements]
    assert [(f.rule, f.in_quote) for f in fixable] == [
        ("news.cannot", True),
        ("news.redundancy", False),
    ]
    fixed = fix_document(doc, findings, Applicability.UNSAFE).text
    assert fixed == "He said “the end result can not wait.\n\nThe result was clear."


def test_straight_quoted_finding_held():
    text = 'He said "it can not be" today.'
    doc, findings = check_text(text)
    (f,) = findings
    assert f.in_quote
    assert fix_document(doc, findings, Applicability.SAFE).text == text


def test_quote_marks_in_protected_code_ignored():
    text = 'Code `say("x)` then the end result.'
    doc, findings = check_text(text, "markdown")
    assert doc.quotes == ()
    assert [f.in_quote for f in findings] == [False]


def test_in_quote_for_insertion_at_quote_edges():
    doc, _ = check_text("a “b” c")
    (q,) = doc.quotes
    assert q == Region(2, 5)
    assert doc.in_quote(3, 3)
    assert doc.in_quote(2, 2) and doc.in_quote(5, 5)  # conservative at the marks
    assert not doc.in_quote(1, 1) and not doc.in_quote(6, 7)
