"""News style packs (AP, British and what both share): selection by the ``style`` setting
or the draft's variety, the numeral kind's contexts, and ``rules list --style``. Every
pack rule's own examples run in test_rules.py with the other shipped rules."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from copyedit.checks.loader import build_rule, builtin_rules_dir, load_folder
from copyedit.cli import main
from copyedit.config import Config, parse_config
from copyedit.document import Document
from copyedit.engines.registry import Options
from copyedit.engines.yaml_rules import YamlRulesEngine, in_style, pack_of, style_for
from copyedit.errors import ConfigError, RuleError

US = "The color of the organization's flag was chosen. "
GB = "The colour of the organisation's flag was chosen. "
SLIPS = "He pled guilty. Sales rose 5 per cent. It runs 2000 km. Mr. Smith spoke."


def _rules(text: str, **kw) -> set[str]:
    engine = YamlRulesEngine.from_folders(**kw)
    return {f.rule for f in engine.check(Document.from_text(text))}


def test_pack_ids_are_the_folders():
    ids = {r.meta.id for r in load_folder(builtin_rules_dir())}
    assert {"ap.percent", "british.per-cent", "news-core.thousands-comma"} <= ids
    assert {pack_of(i) for i in ids} >= {"ap", "british", "news-core", None}


@pytest.mark.parametrize(
    ("style", "language", "variety", "expected"),
    [
        ("auto", "auto", "en-US", "ap"),
        ("auto", "auto", "en-GB", "british"),
        ("auto", "auto", None, "core"),
        ("auto", "en-GB", "en-US", "british"),
        ("ap", "auto", "en-GB", "ap"),
        ("none", "auto", "en-US", "none"),
    ],
)
def test_style_for(style, language, variety, expected):
    assert style_for(style, language, variety) == expected


def test_in_style():
    assert in_style("news.cannot", "none")
    assert not in_style("ap.percent", "none")
    assert in_style("news-core.pleaded", "core")
    assert not in_style("ap.percent", "core")
    assert in_style("ap.percent", "ap") and not in_style("british.per-cent", "ap")


def test_american_draft_gets_ap_and_core():
    found = _rules(US * 2 + SLIPS)
    assert {"news-core.pleaded", "news-core.thousands-comma"} <= found
    assert "ap.percent" not in found  # off by default
    assert "ap.percent" in _rules(US * 2 + SLIPS, opted=("ap.percent",))
    assert not any(r.startswith("british.") for r in found)


def test_british_draft_gets_british_and_core():
    found = _rules(GB * 2 + SLIPS + " Sales rose 5 percent.")
    assert {"british.per-cent", "british.titles-no-point", "news-core.pleaded"} <= found
    assert not any(r.startswith("ap.") for r in found)


def test_draft_of_no_variety_gets_only_the_core():
    found = _rules(SLIPS)
    assert "news-core.pleaded" in found
    assert not any(r.startswith(("ap.", "british.")) for r in found)


def test_style_setting_overrides_the_variety():
    assert "ap.percent" in _rules(GB * 2 + SLIPS, style="ap", opted=("ap.percent",))
    assert not any(
        r.startswith(("ap.", "british.", "news-core.")) for r in _rules(SLIPS, style="none")
    )


def test_style_config_key(tmp_path):
    path = tmp_path / "copyedit.toml"
    assert parse_config(path, {"style": "british"}).style == "british"
    assert parse_config(path, {}).style == "auto"
    with pytest.raises(ConfigError, match="key 'style'"):
        parse_config(path, {"style": "chicago"})


def test_registry_passes_style_to_the_engine():
    from copyedit.engines.registry import ENGINES

    spec = next(s for s in ENGINES if s.name == "rules")
    engine = spec.build(Config(style="none"), Options())
    assert isinstance(engine, YamlRulesEngine) and engine.style == "none"


def test_rules_list_style_shows_pack_with_sources():
    out = CliRunner().invoke(main, ["rules", "list", "--style", "ap"]).output
    lines = out.splitlines()
    assert any(
        line.startswith("ap.percent") and line.rstrip().endswith("AP  (off by default)")
        for line in lines
    )
    assert any(line.startswith("ap.usage") and line.rstrip().endswith("AP") for line in lines)
    assert any(line.startswith("news-core.thousands-comma") for line in lines)
    assert not any(line.startswith(("british.", "news.", "grammar.")) for line in lines)


# --- the numeral kind ---------------------------------------------------------------------

_NUMERAL = {
    "extends": "numeral",
    "message": "x",
    "description": "x",
    "numbers": "words",
    "except": ["age"],
    "examples": {"bad": [{"text": "4 x", "flagged": "4"}], "good": ["four"]},
}


def _numeral(**changes):
    return build_rule({**_NUMERAL, **changes}, "t.numeral", "t.yml")


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"numbers": "roman"}, "numbers"),
        ({"except": ["weather"]}, "except"),
        ({"except": "age"}, "except"),
    ],
)
def test_numeral_keys_validated(changes, key):
    with pytest.raises(RuleError, match=f"key '{key}'"):
        _numeral(**changes)


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("The boy, 7, was hurt.", "age"),
        ("a 7-year-old boy", None),  # in a token: never a count
        ("aged 7 and", "age"),
        ("up 7 percent", "percent"),
        ("up 7 per cent", "percent"),
        ("7 feet tall", "dimension"),
        ("$7 each", "money"),
        ("7 million people", "money"),
        ("on Aug. 7 in", "date"),
        ("on 7 March in", "date"),
        ("at 7 a.m. on", "time"),
        ("at 7 Elm Street", "address"),
        ("page 7 of", "page"),
    ],
)
def test_numeral_contexts(text, context):
    rule = _numeral()
    i = text.index("7")
    found = rule.contexts(text, i, i + 1)
    assert (context in found) if context else True
    if context is None:
        assert list(_numeral(**{"except": []}).matches(text)) == []


def test_year_is_a_year_unless_a_unit_follows():
    rule = _numeral(numbers="commas", **{"except": ["year"]})
    assert list(rule.matches("In 1998 it rained.")) == []
    assert [m[2] for m in rule.matches("It runs 2000 km.")] == [("2,000",)]


@pytest.mark.parametrize(
    "text",
    ["Between 5 and 12 came.", "1 in 4 voters", "COVID-19 rose", "G7 met", "9/11 came", "3.5 m"],
)
def test_words_leaves_figures_beside_figures_and_in_tokens(text):
    assert list(_numeral(**{"except": []}).matches(text)) == []


_CORE = {r.meta.id: r for r in load_folder(builtin_rules_dir())}


@pytest.mark.parametrize(
    "text",
    [
        "It was measured in the 2019 Atlantic hurricane season.",
        "The 2020 census asks it.",
        "Their 1961 tax assessments rose.",
        "It rose in the years leading up to 2005.",
        "Mrs. Gay, 7034 Coronado, was there.",
        "Sisk, of 6934 Indiana Av., spoke.",
        "The satellites are 134340 II and 134340 III.",
    ],
)
def test_thousands_comma_leaves_years_addresses_designations(text):
    assert list(_CORE["news-core.thousands-comma"].matches(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "More than 1000 people were arrested.",
        "It lies 2300 miles off the coast.",
        "He arranged for 3000 of the Guard.",
    ],
)
def test_thousands_comma_flags_counts(text):
    assert len(list(_CORE["news-core.thousands-comma"].matches(text))) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Coach played 3 years",  # a headline: no closing punctuation
        "The jury asked that: (1) four deputies be hired.",
        "It has two priorities: 1) estimating the ratio.",
        "It is a category 3 hurricane.",
        "He was 2 under par for the day.",
        "He scored a 4 for the ball.",
        "Dinner is at 7 and dancing at 9 p.m.",
        "They published a map[3] of it.",
        "Options are: 1.\n\nDoes it assail schools?",
        "It needs 1 mg per liter.",
    ],
)
def test_numbers_words_leaves_labels_lists_and_headlines(text):
    assert list(_CORE["news-core.numbers-words"].matches(text)) == []


def test_sentence_start_leaves_headlines_and_list_items():
    rule = _CORE["ap.sentence-start"]
    assert list(rule.matches("540 million records found\n\nText.")) == []
    assert list(rule.matches("It covers costs. 2 Full payment of bills.")) == []
    assert [m[:2] for m in rule.matches("It grew. 76 villages were hit.")] == [(9, 11)]


@pytest.mark.parametrize(
    "text",
    [
        "The sequence of chromosome 1 took years.",
        "It rose 2&deg;C above it.",
        "It was 1 kilotonne.",
    ],
)
def test_numbers_words_leaves_labels_entities_units(text):
    assert list(_CORE["news-core.numbers-words"].matches(text)) == []


def test_a_rule_off_by_default_says_why_and_runs_when_named(tmp_path):
    from copyedit.config import parse_config
    from copyedit.engines import registry

    (rule,) = [r for r in load_folder(builtin_rules_dir()) if r.meta.id == "ap.percent"]
    assert "1961" in rule.meta.off
    config = parse_config(tmp_path / "copyedit.toml", {"extend-select": ["ap.percent"]})
    (on,) = [
        e for e in registry.build_engines(config, without=("languagetool",)) if e.name == "rules"
    ]
    assert "ap.percent" in {f.rule for f in on.check(Document.from_text(US * 2 + SLIPS))}


def test_a_dateline_is_left_to_the_publishing_system():
    text = "Saturday, January 26, 2019\n\nThe vote on January 26 was close. " + US * 2
    found = YamlRulesEngine.from_folders().check(Document.from_text(text))
    months = [f for f in found if f.rule == "ap.month-abbreviation"]
    assert [f.start for f in months] == [text.index("January 26 was")]
