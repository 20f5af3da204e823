"""Where a draft writes each word (``analysis.runs``): the look-ups answer as a search of
the whole draft does."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from copyedit.analysis.names import Names
from copyedit.analysis.runs import WORD, WORD_OR_HYPHEN, matches_at_runs, run_starts

_ALPHABET = "aAbB -.'’\n_1é"


def test_run_starts_by_run():
    text = "the cat-flap, the cat's"
    assert run_starts(text)["the"] == [0, 14] and run_starts(text)["cat"] == [4, 18]
    assert run_starts(text, WORD_OR_HYPHEN)["cat-flap"] == [4]


@given(
    st.text(_ALPHABET, max_size=40),
    st.text(_ALPHABET, min_size=1, max_size=5).filter(lambda w: WORD.match(w) is not None),
    st.integers(0, 10),
)
def test_matches_at_runs_are_finditer(text, phrase, pos):
    head = WORD.match(phrase)
    assert head is not None
    for pattern in (
        re.compile(r"\b" + re.escape(phrase).replace(r"\ ", r"\s+") + r"\b(?!\s*\()"),
        re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)"),
    ):
        expected = [m.span() for m in pattern.finditer(text, pos)]
        assert [m.span() for m in matches_at_runs(text, pattern, head.group(), pos)] == expected


@given(st.text(_ALPHABET, max_size=40), st.text(_ALPHABET, min_size=1, max_size=5))
def test_written_twice_counts_as_a_search(text, word):
    word = word.strip()
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    expected = word[:1].isupper() and sum(1 for _ in pattern.finditer(text)) >= 2
    assert Names(text, lambda: ()).written_twice(word) == expected
