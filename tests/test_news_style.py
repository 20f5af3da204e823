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
    opted = ["ap.titles-alone"]  # off by default: see its file
    engine = YamlRulesEngine.from_folders(style="british", opted=opted)
    assert not [f for f in engine.check(Document.from_text(text)) if "title" in f.rule]
    engine = YamlRulesEngine.from_folders(style="ap", opted=opted)
    assert [f.rule for f in engine.check(Document.from_text(text)) if "title" in f.rule] == [
        "ap.titles-alone"
    ]
    assert not [
        f
        for f in YamlRulesEngine.from_folders(style="ap").check(Document.from_text(text))
        if "title" in f.rule
    ]


# --- ages, fractions, compound modifiers, -ly -------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ("news-core.ages", "The 12 week old puppy ran.", [("12 week old", "12-week-old")]),
        ("news-core.ages", "She was 30 years old then.", []),
        ("news-core.ages", "A 1 year old child.", []),
        ("news-core.fractions", "Three fifths of it burned.", [("Three fifths", "Three-fifths")]),
        ("news-core.fractions", "He won one fourth of the vote.", [("one fourth", "one-fourth")]),
        ("news-core.fractions", "He finished one fourth place.", []),
        ("news-core.compound-modifiers", "He is a part time worker.", [("part time", "part-time")]),
        ("news-core.compound-modifiers", "He works part time at night.", []),
        ("news-core.compound-modifiers", "It is a well known fact.", []),  # 'fact' is not listed
        ("news-core.ly-hyphen", "A widely-used drug.", [("widely-", "widely ")]),
        ("news-core.ly-hyphen", "A family-owned firm and a likely-looking win.", []),
        ("news-core.ly-hyphen", "The Kelly-Smith report.", []),
    ],
)
def test_hyphen_rules(rule, text, expected):
    assert _fixed(rule, text) == expected


# --- state names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He moved to Salt Lake City, UT, last year.", [("UT", "Utah")]),
        ("He moved to Trenton, N.J., last year.", [("N.J.", "New Jersey")]),
        ("He moved to Trenton, N.J.", [("N.J", "New Jersey")]),
        ("TRENTON, N.J. (AP) — The bill passed.", []),
        ("Trenton, N.J. — The bill passed.", []),
        ("Rep. Jane Doe, R-Fla., voted no.", []),
        ("Send it to 1 Main St., Austin, TX 78701.", []),
        ("Austin\tAustin, TX, 500", []),
        ("She lives in Washington, D.C., now.", []),
        ("She met John Smith, MD, and Jane Doe, PA, there.", []),
        ("It hit a pole on Lake Avenue near Waddell Street, NE, police said.", []),
    ],
)
def test_state_names(text, expected):
    assert _fixed("ap.state-names", text) == expected


# --- million and billion -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It cost £3,000,000 last year.", [("3,000,000", "3 million")]),
        ("It cost $12,300,000 last year.", [("12,300,000", "12.3 million")]),
        ("It cost $2,000,000,000 in all.", [("2,000,000,000", "2 billion")]),
        ("It cost $2,000,000.50 in all.", []),
        ("It cost $2,345,678 in all.", []),
        ("Some 3,000,000 people voted.", []),
        ("It cost 1.5 billion dollars.", [("1.5 billion dollars", "$1.5 billion")]),
        ("Two billions were lost.", []),
    ],
)
def test_millions(text, expected):
    assert _fixed("news-core.millions", text) == expected


# --- times -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It opens at 9 a.m. and shuts at 5 p.m.", [("9 a.m.", "9am"), ("5 p.m", "5pm")]),
        ("It opens at 9:15am daily.", [("9:15am", "9.15am")]),
        ("It opens at 09:15 GMT.", []),
        ("It opens at 9am daily.", []),
    ],
)
def test_british_times(text, expected):
    assert _fixed("british.times", text) == expected


def test_noon_and_midnight_in_both_packs():
    from copyedit.engines.yaml_rules import in_style

    assert in_style("news-core.noon-midnight", "ap") and in_style(
        "news-core.noon-midnight", "british"
    )
    assert _fixed("news-core.noon-midnight", "By 12 noon it was over.") == [("12 noon", "noon")]
    doc = Document.from_text("By 12 noon it was over.")
    assert [f.rule for f in RULES["ap.am-pm"].check(doc, "rules")] == []


def test_an_age_in_a_grouped_figure_is_taken_whole():
    found = _fixed("news-core.ages", "The 11,000 year old figs were found.")
    assert found == [("11,000 year old", "11,000-year-old")]
    assert _fixed("ap.titles-alone", "They met at the Ambassador, a hotel.") == []


def test_a_figure_before_millions_is_money_not_a_count():
    rule = RULES["news-core.numbers-words"]
    assert rule.contexts("up to 3 millions tonnes", 6, 7) >= {"money"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Grains group president Ian Hastings says no.", []),
        ("US trade ambassador Susan Schwab says no.", []),
        ("Several times presiding judge Hwang Hyon-Joo called it.", []),
        ("Some were critical; mayor John Tory said no.", [("mayor", "Mayor")]),
        ("The now-former governor Pedro Pierluisi left.", [("governor", "Governor")]),
        ("He served under former president George W. Bush.", [("president", "President")]),
        (
            "It is so in view of the fact that president Ngo Dinh Diem left.",
            [("president", "President")],
        ),
    ],
)
def test_before_name_only_after_a_word_that_leaves_it_naming(text, expected):
    assert _fixed("ap.titles-before-name", text) == expected


def test_rules_list_style_ap_shows_the_new_rules_with_their_sources():
    from click.testing import CliRunner

    from copyedit.cli import main

    out = CliRunner().invoke(main, ["rules", "list", "--style", "ap"]).output
    sources = {line.split()[0]: line.split(None, 3)[3] for line in out.splitlines()}
    for rule in (
        "ap.titles-before-name",
        "ap.titles-alone",
        "ap.abbreviated-titles",
        "ap.state-names",
    ):
        assert sources[rule].startswith("AP")
    assert sources["ap.titles-before-name"] == "AP"
    assert sources["ap.state-names"] == "AP  (off by default)"
    assert sources["news-core.millions"].startswith("AP, Reuters")
    assert "british.times" not in sources
