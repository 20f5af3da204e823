"""House-style term lists: variety-bound terms (``spelling:``), terms without a house form,
and the starter list's choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from copyedit.checks.loader import builtin_rules_dir
from copyedit.config import Config
from copyedit.consistency.forms import Settings
from copyedit.consistency.house import (
    draft_variety,
    find_term_files,
    house_forms,
    load_terms,
)
from copyedit.consistency.tokens import scan
from copyedit.document import Document
from copyedit.engines.consistency import ConsistencyEngine
from copyedit.errors import ConfigError, RuleError

STARTER = builtin_rules_dir() / "house" / "international.terms.yml"

US_DRAFT = "The labor union said prices fell 3 per cent, a favorable turn for the neighborhood."
GB_DRAFT = "The labour union said prices fell 3 per cent, a favourable turn for the neighbourhood."
NO_VARIETY = "The union said prices fell 3 per cent, a good turn for the town."


def house(text: str, engine: ConsistencyEngine) -> list[tuple[str, tuple[str, ...]]]:
    doc = Document.from_text(text)
    found = [f for f in engine.check(doc) if f.rule.startswith("consistency.house")]
    for f in found:
        assert doc.text[f.start : f.end] == f.text
    return [(f.text, f.replacements) for f in found]


def starter(spelling: str = "auto") -> ConsistencyEngine:
    return ConsistencyEngine(Settings(spelling=spelling), load_terms(STARTER))


def term_list(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "desk.terms.yml"
    path.write_text("terms:\n" + body, encoding="utf-8")
    return path


PERCENT = (
    "  - prefer: percent\n    variants: [per cent]\n    spelling: en-US\n"
    "    examples:\n      bad: ['x']\n      good: ['y']\n"
)
"""An American desk's term ('per cent' -> 'percent'), bound to American drafts."""


@pytest.fixture
def desk(tmp_path: Path):
    """``desk(spelling)``: an engine with the starter list and an American desk's term."""
    path = term_list(tmp_path, PERCENT)

    def engine(spelling: str = "auto") -> ConsistencyEngine:
        return ConsistencyEngine(
            Settings(spelling=spelling), load_terms(STARTER) + load_terms(path)
        )

    return engine


def variety(text: str) -> str | None:
    return draft_variety(scan(Document.from_text(text)).tokens)


# ---------------------------------------------------------------------------- the variety


@pytest.mark.usefixtures("lt_data")
def test_variety_needs_two_marked_words_and_a_clear_majority():
    assert variety("The theater reopened, and the color guard marched.") == "en-US"
    assert variety("The theatre reopened, and the colour guard marched.") == "en-GB"
    assert variety("The theater reopened.") is None  # one word is no evidence
    # three against one is clear; two against one is not
    assert variety("The labor, color and honor of the theatre.") == "en-US"
    assert variety("The labor and color of the theatre.") is None


def test_quotations_headings_and_names_give_no_variety_evidence():
    quoted = 'She said: "The theatre and its colour are our honour." The show went on.'
    assert variety(quoted) is None
    assert variety("Colour and flavour of the harbour\n\nThe show went on.") is None
    assert variety("The Labour Party met at the World Trade Center.") is None


# ---------------------------------------------------------------------------- variety-bound terms


@pytest.mark.usefixtures("lt_data")
def test_variety_bound_term_fires_only_in_a_draft_of_its_variety(desk):
    engine = desk()
    assert house(US_DRAFT, engine) == [("per cent", ("percent",))]
    assert house(GB_DRAFT, engine) == []
    assert house(NO_VARIETY, engine) == []


def test_the_spelling_setting_overrides_the_drafts_own_variety(desk):
    assert house(NO_VARIETY, desk("en-US")) == [("per cent", ("percent",))]
    assert house(GB_DRAFT, desk("en-US")) == [("per cent", ("percent",))]
    assert house(US_DRAFT, desk("en-GB")) == []
    ceasefire = "Both sides agreed to a cease-fire on Sunday."
    assert house(ceasefire, starter("en-GB")) == [("cease-fire", ("ceasefire",))]
    assert house(ceasefire, starter("en-US")) == []
    assert house(ceasefire, starter()) == []


def test_the_setting_comes_from_the_config(tmp_path: Path):
    term_list(tmp_path, PERCENT)
    extra = {"consistency": {"spelling": "en-US", "terms-folders": [str(tmp_path)]}}
    config = Config(source=tmp_path / "copyedit.toml", extra=extra)
    assert house(NO_VARIETY, ConsistencyEngine.from_config(config)) == [("per cent", ("percent",))]


@pytest.mark.usefixtures("lt_data")
def test_a_publications_own_british_term(tmp_path: Path):
    path = term_list(
        tmp_path,
        "  - prefer: per cent\n    variants: [percent]\n    spelling: en-GB\n"
        "    examples:\n      bad: ['x']\n      good: ['y']\n",
    )
    engine = ConsistencyEngine(terms=load_terms(path))
    text = "The labour union said prices fell 3 percent, a favourable turn."
    assert house(text, engine) == [("percent", ("per cent",))]
    assert house(text.replace("labour", "labor").replace("favourable", "favorable"), engine) == []


def test_variety_bound_terms_give_discovery_no_house_form(tmp_path: Path):
    forms = house_forms(load_terms(STARTER) + load_terms(term_list(tmp_path, PERCENT)))
    assert "per cent" not in forms and "cease-fire" not in forms
    assert forms["e-mail"] == "email"


@pytest.mark.usefixtures("lt_data")
@pytest.mark.parametrize("path", find_term_files([builtin_rules_dir()]), ids=lambda p: p.name)
def test_variety_bound_examples_follow_the_setting(path: Path):
    """A variety-bound term's bad examples carry their variety (so the default 'auto'
    runner in test_consistency sees them as a draft would be seen) and are flagged under
    its setting, not under the other variety's; good examples of its variety are clean."""
    for term in load_terms(path):
        if term.spelling is None:
            continue
        other = "en-GB" if term.spelling == "en-US" else "en-US"
        for text, _fixed in term.bad:
            assert variety(text) == term.spelling, f"{term.prefer}: no evidence in {text}"
            assert house(text, starter(term.spelling)), f"{term.prefer}: {text}"
            assert not house(text, starter(other)), f"{term.prefer} under {other}: {text}"
        own = [text for text in term.good if variety(text) == term.spelling]
        assert own, f"{term.prefer}: no good example in its own variety"
        for text in own:
            assert not house(text, starter(term.spelling)), f"{term.prefer}: {text}"


@pytest.mark.parametrize(
    ("value", "shown"), [("en-AU", "'en-AU'"), ("US", "'US'"), (True, "True"), ("", "''")]
)
def test_bad_spelling_value_is_a_one_line_error_naming_the_key(tmp_path, value, shown):
    body = (
        f"  - prefer: percent\n    variants: [per cent]\n    spelling: {value!r}\n"
        "    examples:\n      bad: ['x']\n      good: ['y']\n"
    ).replace("True", "true")
    with pytest.raises(RuleError) as err:
        load_terms(term_list(tmp_path, body))
    message = str(err.value)
    assert "\n" not in message
    assert "desk.terms.yml: key 'terms[0].spelling': expected en-US or en-GB" in message
    assert shown in message


def test_bad_spelling_setting_is_still_a_config_error(tmp_path: Path):
    config = Config(source=tmp_path / "copyedit.toml", extra={"consistency": {"spelling": "GB"}})
    with pytest.raises(ConfigError, match=r"consistency\.spelling"):
        ConsistencyEngine.from_config(config)


# ---------------------------------------------------------------------------- no house form


def test_no_agreed_spelling_is_not_forced_but_mixing_is_reported():
    engine = ConsistencyEngine.from_config(Config())
    for text in (
        "The group pledged loyalty to al Qaeda last year.",
        "The group pledged loyalty to al-Qaida last year.",
        "Al-Qaeda denied the report; officials said al-Qaeda had regrouped.",
        "Cases of Covid-19 rose again, and Covid-19 wards filled.",
    ):
        assert house(text, engine) == [], text
    mixed = "The group pledged loyalty to al Qaeda. Officials said al-Qaeda had regrouped."
    assert house(mixed, engine) == [("al-Qaeda", ("al Qaeda",))]
    (f,) = [f for f in engine.check(Document.from_text(mixed)) if f.text == "al-Qaeda"]
    assert "'al Qaeda' elsewhere (line 1)" in f.message


def test_mixing_unifies_on_the_majority_when_asked():
    terms = load_terms(STARTER)
    text = "Al-Qaida said so. Al Qaeda denied it, and al Qaeda fighters left."
    first = ConsistencyEngine(Settings(prefer="first"), terms)
    majority = ConsistencyEngine(Settings(prefer="majority"), terms)
    assert house(text, first) == [("Al Qaeda", ("Al-Qaida",)), ("al Qaeda", ("al-Qaida",))]
    assert house(text, majority) == [("Al-Qaida", ("Al Qaeda",))]


def test_a_term_without_prefer_needs_two_forms(tmp_path: Path):
    body = "  - variants: [al-Qaeda]\n    examples:\n      bad: ['x']\n      good: ['y']\n"
    with pytest.raises(RuleError, match=r"key 'terms\[0\]\.variants': without 'prefer'"):
        load_terms(term_list(tmp_path, body))


def test_a_context_pattern_that_backtracks_without_end_is_refused_at_load(tmp_path: Path):
    body = (
        "  - prefer: Cold War\n    variants: [cold war]\n    context: '(a|aa)+$'\n"
        "    examples:\n      bad: ['the cold war']\n      good: ['the Cold War']\n"
    )
    with pytest.raises(RuleError, match=r"key 'terms\[0\]\.context': pattern backtracks"):
        load_terms(term_list(tmp_path, body))
