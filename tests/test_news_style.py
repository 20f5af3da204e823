"""News style packs, second part: titles, ages and compound modifiers, state names,
million and billion, British times; and the substitution kind's group references they
use. Every pack rule's own examples run in test_rules.py."""

from __future__ import annotations

import pytest

from copyedit.checks.loader import build_rule, builtin_rules_dir, load_folder
from copyedit.document import Document
from copyedit.errors import RuleError

RULES = {r.meta.id: r for r in load_folder(builtin_rules_dir())}


def _fixed(rule_id: str, text: str) -> list[tuple[str, str]]:
    """(flagged text, first replacement) for each finding of one shipped rule."""
    doc = Document.from_text(text)
    return [
        (f.text, f.replacements[0] if f.replacements else "")
        for f in RULES[rule_id].check(doc, "rules")
    ]


# --- substitution: group references ----------------------------------------------------

_SWAP = {
    "extends": "substitution",
    "message": "x",
    "description": "x",
    "examples": {"bad": [{"text": "a 5 year old", "fixed": "a 5-year-old"}], "good": ["x"]},
}


def _swap(swap: dict[str, str]):
    return build_rule({**_SWAP, "swap": swap}, "t.swap", "t.yml")


def test_replacement_names_the_patterns_groups():
    rule = _swap(
        {r"\b(\d+) year old": r"\1-year-old", r"(?<=\$)(?P<n>\d+),000,000\b": r"\g<n> million"}
    )
    doc = Document.from_text("A 12 year old won $7,000,000 and a 3 year old too.")
    assert [(f.text, f.replacements[0]) for f in rule.check(doc, "rules")] == [
        ("12 year old", "12-year-old"),
        ("7,000,000", "7 million"),
        ("3 year old", "3-year-old"),
    ]


def test_replacement_keeps_a_doubled_backslash_literal():
    rule = _swap({r"\b(a)/(b)\b": r"\1\\\2"})
    doc = Document.from_text("x a/b y")
    assert [f.replacements[0] for f in rule.check(doc, "rules")] == ["a\\b"]


@pytest.mark.parametrize(
    "swap",
    [
        {r"\b(\d+) year old": r"\2-year-old"},
        {r"\b(\d+) year old": r"\g<age>-year-old"},
        {r"\b(\d+) year old": r"\1\n"},
        {r"\b\d+ year old": "x\\"},
    ],
)
def test_a_replacement_naming_a_missing_group_is_refused_at_load(swap):
    with pytest.raises(RuleError, match="key 'swap'"):
        _swap(swap)


def test_a_replacement_with_capitals_of_its_own_keeps_them():
    from copyedit.checks.substitution import match_case

    assert match_case("TX", "Texas") == "Texas"
    assert match_case("UTILISE", "use") == "USE"
    assert match_case("Utilise", "use") == "Use"


# --- titles (the title kind) -------------------------------------------------------------

_TITLE = {
    "extends": "title",
    "message": "x",
    "description": "x",
    "case": "before-name",
    "titles": ["president"],
    "examples": {"bad": [{"text": "president Joe Biden", "flagged": "president"}], "good": ["x"]},
}


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"case": "upper"}, "case"),
        ({"titles": "president"}, "titles"),
        ({"titles": ["President"]}, "titles"),
    ],
)
def test_title_keys_validated(changes, key):
    with pytest.raises(RuleError, match=f"key '{key}'"):
        build_rule({**_TITLE, **changes}, "t.title", "t.yml")


def test_before_name_reads_the_drafts_names():
    once = "The bill was signed by president Obama on Monday."
    twice = "Obama spoke. " + once
    assert _fixed("ap.titles-before-name", once) == []  # one capitalised word: no name known
    assert _fixed("ap.titles-before-name", twice) == [("president", "President")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It went to then-president Barack Obama.", [("president", "President")]),
        ("It went to ex-president Barack Obama.", []),
        ("President Joe Biden\n\nThe president Joe Biden spoke.", []),
        ("His father John Smith came. Our president John Smith came.", []),
        ("The state's governor Gavin Newsom spoke.", []),
        ("They met acting governor Jane Smith.", [("governor", "Governor")]),
        ("They met chief judge Jane Smith.", []),
        ("They met governor General Hurley.", []),
    ],
)
def test_before_name_cases(text, expected):
    assert _fixed("ap.titles-before-name", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The President said no.", [("President", "president")]),
        ("He said the President should go.", [("President", "president")]),
        ("He was elected as President in 2008.", [("President", "president")]),
        ("He met the President Joe Biden.", []),
        ("It was the President's Cup.", []),
        ("It was the President Hotel.", []),
        ("President\n\nIt was held.", []),
        ("The Prime Minister Speaks\n\nIt was held.", []),
    ],
)
def test_alone_cases(text, expected):
    assert _fixed("ap.titles-alone", text) == expected


def test_titles_are_ap_only():
    from copyedit.engines.yaml_rules import YamlRulesEngine

    text = "The colour of the flag was chosen. The colour was red. The Prime Minister said no."
    engine = YamlRulesEngine.from_folders(style="british")
    assert not [f for f in engine.check(Document.from_text(text)) if "title" in f.rule]
    engine = YamlRulesEngine.from_folders(style="ap")
    assert [f.rule for f in engine.check(Document.from_text(text)) if "title" in f.rule] == [
        "ap.titles-alone"
    ]
