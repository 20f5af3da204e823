"""The finding model: validation, the edit a finding proposes, region overlap rules."""

from __future__ import annotations

import json

import pytest
from helpers import finding
from hypothesis import given
from hypothesis import strategies as st

from copyedit.model import (
    Applicability,
    Category,
    Edit,
    Finding,
    Region,
    RegionIndex,
    Severity,
    edits_collide,
)


def test_valid_finding_defaults():
    f = finding(2, 5, "abc")
    assert f.in_quote is False and f.agreed == () and f.line == 0
    assert f.fixable is False  # no replacements


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (5, 4), (-3, -1)])
def test_bad_span_rejected(start, end):
    with pytest.raises(ValueError, match="bad span"):
        finding(start, end, "x")


@pytest.mark.parametrize("confidence", [-0.01, 1.01, 7.0])
def test_bad_confidence_rejected(confidence):
    with pytest.raises(ValueError, match="confidence"):
        finding(0, 1, "x", confidence=confidence)


@pytest.mark.parametrize("confidence", [0.0, 1.0, 0.5])
def test_confidence_bounds_inclusive(confidence):
    assert finding(0, 1, "x", confidence=confidence).confidence == confidence


def test_zero_width_finding_allowed():
    f = finding(3, 3, "", (",",))
    assert f.edit() == Edit(3, 3, "", ",")


def test_edit_uses_first_replacement_and_original_text():
    f = finding(4, 11, "can not", ("cannot", "can't"))
    assert f.edit() == Edit(4, 11, "can not", "cannot")


def test_edit_none_without_replacements():
    assert finding(0, 3, "abc").edit() is None


def test_deletion_is_an_edit():
    assert finding(0, 2, "  ", ("",)).edit() == Edit(0, 2, "  ", "")


@pytest.mark.parametrize(
    ("applicability", "replacements", "fixable"),
    [
        (Applicability.SAFE, ("x",), True),
        (Applicability.UNSAFE, ("x",), True),
        (Applicability.DISPLAY_ONLY, ("x",), False),
        (Applicability.SAFE, (), False),
    ],
)
def test_fixable(applicability, replacements, fixable):
    assert finding(0, 1, "a", replacements, applicability=applicability).fixable is fixable


def test_finding_is_frozen():
    f = finding(0, 1, "a")
    with pytest.raises(AttributeError):
        f.start = 3  # type: ignore[misc]


def test_ranks_order():
    assert Severity.SUGGESTION.rank < Severity.WARNING.rank < Severity.ERROR.rank
    assert Applicability.DISPLAY_ONLY.rank < Applicability.UNSAFE.rank < Applicability.SAFE.rank


def test_enum_values_are_the_json_strings():
    assert Category.REAL_WORD.value == "real-word"
    assert Applicability.DISPLAY_ONLY.value == "display-only"
    assert Severity("error") is Severity.ERROR


def test_finding_constructed_directly():
    f = Finding(
        rule="r",
        engine="e",
        category=Category.GRAMMAR,
        severity=Severity.ERROR,
        start=0,
        end=0,
        text="",
        message="m",
    )
    assert f.applicability is Applicability.DISPLAY_ONLY and f.confidence == 1.0


# Region.overlaps: half-open spans; a zero-width span overlaps only strictly inside.
R = Region(5, 10)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 5, False),  # touches the start
        (10, 12, False),  # touches the end
        (0, 6, True),
        (9, 15, True),
        (6, 8, True),  # inside
        (0, 20, True),  # around
        (5, 10, True),  # same
        (5, 5, False),  # insertion at the start
        (10, 10, False),  # insertion at the end
        (7, 7, True),  # insertion strictly inside
        (6, 6, True),
        (9, 9, True),
        (4, 4, False),
        (11, 11, False),
    ],
)
def test_region_overlaps(start, end, expected):
    assert R.overlaps(start, end) is expected


def test_region_overlaps_is_symmetric_for_non_empty_spans():
    for a in range(0, 12):
        for b in range(a + 1, 13):
            other = Region(a, b)
            assert R.overlaps(a, b) == other.overlaps(R.start, R.end)


def test_empty_region_overlaps_nothing():
    empty = Region(5, 5)
    assert not empty.overlaps(0, 10)
    assert not empty.overlaps(5, 5)


def test_region_contains():
    assert R.contains(5, 10) and R.contains(5, 5) and R.contains(10, 10) and R.contains(6, 9)
    assert not R.contains(4, 6) and not R.contains(9, 11)


def test_finding_json_round_trip_is_exact():
    from copyedit.model import Applicability, Category, Finding, Severity

    f = Finding(
        "realword.context",
        "realword",
        Category.REAL_WORD,
        Severity.WARNING,
        3,
        8,
        "batter",
        "m",
        ("better",),
        confidence=0.912345678,
        applicability=Applicability.UNSAFE,
        in_quote=True,
        line=2,
        column=4,
        agreed=("languagetool",),
    )
    assert Finding.from_json(json.loads(json.dumps(f.to_json()))) == f


@given(st.integers(0, 8), st.integers(0, 3), st.integers(0, 8), st.integers(0, 3))
def test_edits_collide_whenever_apply_edits_takes_only_one(a, a_len, b, b_len):
    """The one rule for two edits: every pair ``apply_edits`` does not take together
    collides; the only pairs it takes that collide are an insertion at the start of a
    replacement (kept apart on purpose)."""
    from copyedit.fixes import apply_edits

    text = "abcdefghijklmn"
    first = Edit(a, a + a_len, text[a : a + a_len], "X")
    second = Edit(b, b + b_len, text[b : b + b_len], "Y")
    both = len(apply_edits(text, [first, second]).applied) == 2
    collide = edits_collide(a, a + a_len, b, b + b_len)
    if not both:
        assert collide
    elif collide:
        assert a == b and (a_len == 0) != (b_len == 0)


_spans = st.tuples(st.integers(0, 30), st.integers(0, 8)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(_spans.map(lambda p: Region(*p)), max_size=8), _spans)
def test_region_index_answers_as_every_region(regions, span):
    """The index gives the answers of asking each region, nested, overlapping, empty or
    out of order, for spans and insertions."""
    index = RegionIndex(regions)
    start, end = span
    assert index.overlaps(start, end) == any(r.overlaps(start, end) for r in regions)
    assert index.contains(start, end) == any(r.contains(start, end) for r in regions)
    assert index.touches(start, end) == any(
        r.overlaps(start, end) or r.contains(start, end) for r in regions
    )
    inside = {i for r in regions for i in range(r.start, r.end)}
    part = len(inside & set(range(start, end)))
    assert index.covered(start, end) == part
    if start == end:
        assert index.share(start, end) == (1.0 if start in inside else 0.0)
    else:
        assert index.share(start, end) == part / (end - start)


def test_region_index_edges():
    index = RegionIndex([Region(5, 10), Region(10, 12), Region(20, 20)])
    assert index.touches(10, 10) and index.touches(12, 12) and index.touches(20, 20)
    assert not index.overlaps(20, 20) and not index.touches(13, 19)
    assert index.covered(0, 30) == 7 and index.share(8, 14) == 4 / 6
    assert RegionIndex([]).share(3, 3) == 0.0 and not RegionIndex([]).touches(0, 0)
