"""Applying edits: order, overlaps, insertions, stale edits, exact reproduction."""

from __future__ import annotations

import random

import pytest
from helpers import check_text, finding

from copyedit.document import Document
from copyedit.fixes import accepted_edits, apply_edits, fix_document
from copyedit.model import Applicability, Edit, Region


def edit_at(text: str, needle: str, replacement: str, occurrence: int = 0) -> Edit:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Edit(start, start + len(needle), needle, replacement)


@pytest.mark.parametrize(
    "text", ["", "plain", "a\r\nb\r\n", "x\u00a0y \U0001f600\n", "\ufeffbom\r", "\x0c\u2028"]
)
def test_no_edits_reproduces_input(text):
    result = apply_edits(text, [])
    assert result.text == text and result.applied == () and result.skipped == ()
    assert result.text.encode() == text.encode()


def test_edits_applied_in_position_order_regardless_of_input_order():
    text = "one two three four"
    edits = [edit_at(text, w, w.upper()) for w in ("four", "one", "three", "two")]
    result = apply_edits(text, edits)
    assert result.text == "ONE TWO THREE FOUR"
    assert [e.start for e in result.applied] == sorted(e.start for e in edits)


def test_overlapping_edit_skipped_earlier_wins():
    text = "the end result"
    a = Edit(0, 7, "the end", "an")
    b = Edit(4, 14, "end result", "result")
    result = apply_edits(text, [b, a])
    assert result.text == "an result"
    assert result.applied == (a,)
    assert [(s.edit, s.reason) for s in result.skipped] == [(b, "overlap")]


def test_same_span_two_replacements_deterministic():
    text = "colour"
    a, b = Edit(0, 6, "colour", "color"), Edit(0, 6, "colour", "hue")
    assert apply_edits(text, [a, b]).text == apply_edits(text, [b, a]).text == "color"


def test_touching_edits_both_apply():
    text = "abcdef"
    result = apply_edits(text, [Edit(3, 6, "def", "DEF"), Edit(0, 3, "abc", "ABC")])
    assert result.text == "ABCDEF" and len(result.applied) == 2


def test_insertion_at_end_of_replacement_applies():
    text = "abc"
    result = apply_edits(text, [Edit(0, 2, "ab", "X"), Edit(2, 2, "", "-")])
    assert result.text == "X-c"


def test_insertion_at_start_of_replacement_applies():
    text = "abc"
    result = apply_edits(text, [Edit(1, 3, "bc", "Y"), Edit(1, 1, "", "-")])
    assert result.text == "a-Y"


def test_insertion_inside_replacement_skipped():
    text = "abcd"
    result = apply_edits(text, [Edit(0, 4, "abcd", "Z"), Edit(2, 2, "", "-")])
    assert result.text == "Z"
    assert [s.reason for s in result.skipped] == ["overlap"]


def test_two_insertions_at_one_point_conflict():
    text = "ab"
    first, second = Edit(1, 1, "", ","), Edit(1, 1, "", ";")
    result = apply_edits(text, [second, first])
    assert result.text == "a,b"  # the lower replacement sorts first: deterministic
    assert [s.edit for s in result.skipped] == [second]
    assert apply_edits(text, [first, second]).text == "a,b"


def test_insertions_at_different_points():
    assert apply_edits("ab", [Edit(2, 2, "", "!"), Edit(0, 0, "", "¡")]).text == "¡ab!"


@pytest.mark.parametrize(
    "edit",
    [
        Edit(0, 3, "xyz", "abc"),  # text differs
        Edit(4, 2, "", "x"),  # reversed
        Edit(5, 99, "long", ""),  # past the end
        Edit(-1, 1, "a", ""),  # negative
    ],
)
def test_stale_edit_skipped(edit):
    text = "abcdefg"
    result = apply_edits(text, [edit])
    assert result.text == text
    assert [s.reason for s in result.skipped] == ["stale"]


def test_stale_edit_does_not_block_others():
    text = "abc def"
    good = Edit(4, 7, "def", "DEF")
    result = apply_edits(text, [Edit(0, 5, "nope!", ""), good])
    assert result.text == "abc DEF" and result.applied == (good,)


def test_no_op_edit_neither_applied_nor_skipped():
    result = apply_edits("abc", [Edit(0, 1, "a", "a")])
    assert result.text == "abc" and result.applied == () and result.skipped == ()


def test_protected_edit_skipped():
    result = apply_edits("abcdef", [Edit(2, 4, "cd", "")], protected=(Region(3, 5),))
    assert result.text == "abcdef"
    assert result.skipped[0].reason == "protected"


def test_crlf_kept_around_edits():
    text = "a  b\r\nc  d\r\n"
    edits = [edit_at(text, "  ", " "), edit_at(text, "  ", " ", 1)]
    assert apply_edits(text, edits).text == "a b\r\nc d\r\n"


def test_edit_replacing_line_break():
    text = "a\r\nb"
    assert apply_edits(text, [Edit(1, 3, "\r\n", " ")]).text == "a b"


def test_emoji_and_nbsp_offsets():
    text = "\U0001f600\u00a0\u00a0x \U0001f44d  y"
    e1 = Edit(1, 3, "\u00a0\u00a0", " ")
    e2 = edit_at(text, "  ", " ")
    assert apply_edits(text, [e1, e2]).text == "\U0001f600 x \U0001f44d y"


def test_random_disjoint_edits_any_order():
    rng = random.Random(7)
    text = "".join(rng.choice("ab \u00a0\n\r\U0001f600") for _ in range(200))
    cuts = sorted(rng.sample(range(len(text) + 1), 40))
    edits = [
        Edit(s, e, text[s:e], rng.choice(["", "Z", "\r\n", "\u00a0"]))
        for s, e in zip(cuts[::2], cuts[1::2], strict=False)
    ]
    expected = apply_edits(text, edits).text
    for _ in range(5):
        rng.shuffle(edits)
        assert apply_edits(text, edits).text == expected
    # rebuilt by hand, from the end so offsets stay valid
    manual = text
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        manual = manual[: e.start] + e.replacement + manual[e.end :]
    assert expected == manual


def test_accepted_edits_respects_applicability_and_quotes():
    text = "aaaa"
    safe = finding(0, 1, "a", ("b",), applicability=Applicability.SAFE)
    unsafe = finding(1, 2, "a", ("c",), applicability=Applicability.UNSAFE)
    shown = finding(2, 3, "a", ("d",), applicability=Applicability.DISPLAY_ONLY)
    quoted = finding(3, 4, "a", ("e",), applicability=Applicability.SAFE)
    quoted = type(quoted)(**{**quoted.__dict__, "in_quote": True})
    note = finding(0, 4, "aaaa")
    fs = [safe, unsafe, shown, quoted, note]
    assert apply_edits(text, accepted_edits(fs, Applicability.SAFE)).text == "baaa"
    assert apply_edits(text, accepted_edits(fs, Applicability.UNSAFE)).text == "bcaa"


def test_fix_document_with_rules():
    doc, findings = check_text("It can not  be the end result.\r\n")
    assert fix_document(doc, findings, Applicability.SAFE).text == (
        "It cannot be the end result.\r\n"
    )
    assert fix_document(doc, findings, Applicability.UNSAFE).text == (
        "It cannot be the result.\r\n"
    )


def test_fix_document_without_findings_is_identity():
    doc = Document.from_text("\ufeffClean copy.\r\n\u00a0\r\n")
    result = fix_document(doc, [], Applicability.UNSAFE)
    assert result.text == doc.text
