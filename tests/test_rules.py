"""The YAML rules: every example of every rule, the structure of the packs, and the
loader's errors for malformed rule files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from helpers import RULES_DIR

from copyedit.checks import Rule
from copyedit.checks.balance import _positions
from copyedit.checks.loader import build_rule, load_file, load_folder, rule_files
from copyedit.checks.substitution import match_case
from copyedit.document import Document
from copyedit.engines.yaml_rules import YamlRulesEngine
from copyedit.errors import RuleError
from copyedit.fixes import apply_edits
from copyedit.model import Applicability, Category, Severity

RULE_FILES = rule_files(RULES_DIR)


def _load(path: Path) -> Rule:
    return load_file(path, RULES_DIR)


def _example_params() -> list:
    params = []
    for path in RULE_FILES:
        name = str(path.relative_to(RULES_DIR))
        try:
            rule = _load(path)
        except RuleError:  # the test then fails with the loader's message
            params.append(pytest.param(path, "bad", 0, id=f"{name}-load-error"))
            continue
        for which in ("bad", "good"):
            for n in range(len(getattr(rule.meta, which))):
                params.append(pytest.param(path, which, n, id=f"{rule.meta.id}-{which}{n}"))
    return params


def run_rule(rule: Rule, text: str):
    doc = Document.from_text(text)
    return doc, list(rule.check(doc, "rules"))


def test_there_are_rules():
    assert len(RULE_FILES) >= 5


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(RULES_DIR)))
def test_rule_file_loads_and_has_examples(path):
    rule = _load(path)
    m = rule.meta
    assert m.id == ".".join(path.relative_to(RULES_DIR).with_suffix("").parts)
    assert m.bad, f"{m.id}: no bad examples"
    assert m.good, f"{m.id}: no good examples"
    if rule.kind == "substitution":
        assert any(ex.fixed is not None for ex in m.bad), f"{m.id}: no bad example shows its fix"
    else:
        assert all(ex.flagged is not None for ex in m.bad), f"{m.id}: say what is flagged"
    assert m.message.strip() and m.description.strip()


@pytest.mark.parametrize(("path", "which", "n"), _example_params())
def test_rule_example(path, which, n):
    rule = _load(path)
    example = getattr(rule.meta, which)[n]
    doc, findings = run_rule(rule, example.text)
    assert all(f.rule == rule.meta.id for f in findings)
    if which == "good":
        assert findings == [], f"good example flagged: {[f.text for f in findings]}"
        return
    assert findings, f"bad example not flagged: {example.text!r}"
    for f in findings:
        assert doc.text[f.start : f.end] == f.text
    if example.flagged is not None:
        assert [f.text for f in findings] == [example.flagged]
    if example.fixed is not None:
        edits = [e for f in findings if (e := f.edit()) is not None]
        assert apply_edits(doc.text, edits).text == example.fixed
    # a fix, once applied, is not flagged again by the same rule
    if example.fixed is not None:
        _, again = run_rule(rule, example.fixed)
        assert again == []


def test_rule_ids_unique_and_match_the_engine():
    ids = [r.meta.id for r in load_folder(RULES_DIR)]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(_load(p).meta.id for p in RULE_FILES)


# --- malformed rule files ----------------------------------------------------------------

GOOD_RULE = {
    "extends": "substitution",
    "message": "Use '{replacement}', not '{match}'.",
    "swap": {"utilise": "use"},
    "examples": {
        "bad": [{"text": "We utilise it.", "fixed": "We use it."}],
        "good": ["We use it."],
    },
}


def write_rule(folder: Path, data, name: str = "house-rule.yml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(data, str):
        path.write_text(textwrap.dedent(data), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def with_(**changes):
    data = {k: v for k, v in GOOD_RULE.items()}
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def test_good_rule_loads(tmp_path):
    path = write_rule(tmp_path / "house", GOOD_RULE)
    rule = load_file(path, tmp_path / "house")
    assert rule.meta.id == "house.house-rule"
    assert rule.meta.severity is Severity.WARNING and rule.meta.category is Category.STYLE
    assert rule.meta.applicability is Applicability.UNSAFE


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (with_(extends="sequence"), "extends"),
        (with_(extends=None), "extends"),
        (with_(colour="red"), "colour"),
        (with_(tokens=["x"]), "tokens"),  # a key of another kind
        (with_(swap={"(unclosed": "x"}), "swap"),
        (with_(swap={"a[": "x"}), "swap"),
        (with_(swap=[]), "swap"),
        (with_(swap=None), "swap"),
        (with_(message=None), "message"),
        (with_(message="Bad {placeholder}"), "message"),
        (with_(message=""), "message"),
        (with_(examples=None), "examples.bad"),
        (with_(examples={"bad": ["x"]}), "examples.good"),
        (with_(examples={"good": ["x"], "bad": []}), "examples.bad"),
        (with_(examples={"good": ["x"], "bad": "x"}), "examples.bad"),
        (with_(examples={"good": ["x"], "bad": [{"txt": "x"}]}), "examples.bad[0]"),
        (
            with_(examples={"good": ["x"], "bad": [{"text": "x", "fix": "y"}]}),
            "examples.bad[0].fix",
        ),
        (with_(severity="fatal"), "severity"),
        (with_(category="vibes"), "category"),
        (with_(applicability="always"), "applicability"),
        (with_(confidence=1.5), "confidence"),
        (with_(confidence="high"), "confidence"),
    ],
)
def test_malformed_rule_names_file_and_key(tmp_path, data, key):
    path = write_rule(tmp_path / "house", data)
    with pytest.raises(RuleError) as info:
        load_file(path, tmp_path / "house")
    msg = str(info.value)
    assert str(path) in msg
    assert f"'{key}'" in msg
    assert "\n" not in msg


def test_bad_yaml_names_file_and_line(tmp_path):
    path = write_rule(tmp_path / "house", "extends: substitution\nswap: [unclosed\n  x: : y\n")
    with pytest.raises(RuleError) as info:
        load_file(path, tmp_path / "house")
    assert str(path) in str(info.value) and "YAML" in str(info.value)
    assert "line" in str(info.value)


def test_rule_file_not_a_mapping(tmp_path):
    path = write_rule(tmp_path / "house", "- just\n- a list\n")
    with pytest.raises(RuleError, match="mapping"):
        load_file(path, tmp_path / "house")


def test_rule_file_not_utf8(tmp_path):
    folder = tmp_path / "house"
    folder.mkdir()
    path = folder / "latin.yml"
    path.write_bytes("message: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(RuleError, match="latin.yml"):
        load_file(path, folder)


def test_balance_pairs_validated(tmp_path):
    data = {
        "extends": "balance",
        "message": "Unbalanced.",
        "pairs": ["(((", "[]"],
        "examples": {"bad": [{"text": "(a", "flagged": "("}], "good": ["(a)"]},
    }
    path = write_rule(tmp_path / "house", data)
    with pytest.raises(RuleError, match="'pairs'"):
        load_file(path, tmp_path / "house")


def test_balance_visits_only_the_marks_in_the_span():
    text = "a (b) [c] “d” ^]x"
    assert list(_positions(text, 0, len(text), "()")) == [2, 4]
    assert list(_positions(text, 3, len(text), "[]^")) == [6, 8, 14, 15]
    assert list(_positions(text, 0, 2, "()")) == []


def test_missing_rule_folder(tmp_path):
    with pytest.raises(RuleError, match="not found"):
        load_folder(tmp_path / "nowhere")


def test_load_folder_skips_underscore_files_and_orders(tmp_path):
    folder = tmp_path / "house"
    write_rule(folder, GOOD_RULE, "b.yml")
    write_rule(folder, with_(swap={"leverage": "use"}), "a.yaml")
    write_rule(folder, "not: [valid", "_draft.yml")
    (folder / "notes.txt").write_text("ignored")
    assert [r.meta.id for r in load_folder(folder)] == ["house.a", "house.b"]


def test_house_rules_join_the_engine(tmp_path):
    folder = tmp_path / "house"
    write_rule(folder, GOOD_RULE, "utilise.yml")
    engine = YamlRulesEngine.from_folders([folder])
    ids = {r.meta.id for r in engine.rules}
    assert "house.utilise" in ids and "news.cannot" in ids
    doc = Document.from_text("We utilise it.")
    assert [f.rule for f in engine.check(doc)] == ["house.utilise"]


def test_existence_rule(tmp_path):
    data = {
        "extends": "existence",
        "message": "Avoid '{match}'.",
        "tokens": ["very", "really"],
        "severity": "suggestion",
        "examples": {"bad": [{"text": "Very good.", "flagged": "Very"}], "good": ["Everyone."]},
    }
    rule = build_rule(data, "house.weasel", "house/weasel.yml")
    doc = Document.from_text("It was really very everyday.")
    found = list(rule.check(doc, "rules"))
    assert [f.text for f in found] == ["really", "very"]
    assert all(not f.replacements and not f.fixable for f in found)
    assert found[0].message == "Avoid 'really'."


# --- substitution behaviour -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "replacement", "expected"),
    [
        ("can not", "cannot", "cannot"),
        ("Can not", "cannot", "Cannot"),
        ("CAN NOT", "cannot", "CANNOT"),
        ("cAN not", "cannot", "cannot"),
        ("In order to", "to", "To"),
        ("A", "the", "The"),  # a single capital is a capitalised word, not ALL CAPS
        ("ATM machine", "ATM", "ATM"),
        ("  ", " ", " "),
        ("end result", "", ""),
        ("x", "PIN", "PIN"),
    ],
)
def test_match_case(original, replacement, expected):
    assert match_case(original, replacement) == expected


def test_substitution_preserves_case_in_findings():
    rule = _load(RULES_DIR / "news" / "cannot.yml")
    doc, found = run_rule(rule, "can not. Can not. CAN NOT.")
    assert [f.replacements[0] for f in found] == ["cannot", "Cannot", "CANNOT"]
    assert found[0].message == "Write 'cannot' as one word, not 'can not'."


def test_substitution_longest_key_wins():
    rule = build_rule(
        with_(swap={"order": "command", "in order to": "to"}), "house.x", "house/x.yml"
    )
    doc = Document.from_text("in order to win")
    (f,) = rule.check(doc, "rules")
    assert (f.text, f.replacements) == ("in order to", ("to",))


def test_substitution_respects_word_boundaries():
    rule = build_rule(GOOD_RULE, "house.x", "house/x.yml")
    assert list(rule.check(Document.from_text("reutilised utilise_x"), "rules")) == []


def test_ignorecase_false():
    rule = build_rule(with_(ignorecase=False), "house.x", "house/x.yml")
    assert list(rule.check(Document.from_text("Utilise"), "rules")) == []


def test_display_only_rule_offers_no_fix():
    rule = build_rule(with_(applicability="display-only"), "house.x", "house/x.yml")
    (f,) = rule.check(Document.from_text("utilise"), "rules")
    assert f.replacements == ("use",) and not f.fixable


class _Doubled(Rule):
    """A toy kind: a word written twice in a row ('the the'), offering the word once."""

    kind = "doubled"
    keys = frozenset({"words"})

    def __init__(self, meta, words: list[str]) -> None:
        self.meta = meta
        self.words = words

    @classmethod
    def from_data(cls, meta, data, ignorecase, fail):
        if not isinstance(data["words"], list):
            raise fail("words", "expected a list")
        return cls(meta, [str(w) for w in data["words"]])

    def matches(self, text):
        for w in self.words:
            pair = f"{w} {w}"
            start = text.find(pair)
            while start != -1:
                yield start, start + len(pair), (w,)
                start = text.find(pair, start + 1)


def test_a_new_rule_kind_is_one_class_named_in_kinds(monkeypatch):
    """Adding a kind is a Rule subclass listed in loader.KINDS: a rule file can then name
    it, its own keys are checked, and the engine runs it like any other."""
    from copyedit.checks import loader

    monkeypatch.setitem(loader.KINDS, "doubled", _Doubled)
    data = {
        "extends": "doubled",
        "message": "'{match}' repeats a word.",
        "words": ["the"],
        "examples": {"bad": ["It was the the end."], "good": ["It was the end."]},
    }
    rule = build_rule(data, "house.doubled", "house/doubled.yml")
    found = list(rule.check(Document.from_text("It was the the end.\n"), "rules"))
    assert [(f.text, f.replacements) for f in found] == [("the the", ("the",))]
    with pytest.raises(RuleError, match="key 'pairs': unknown key for a doubled rule"):
        build_rule({**data, "pairs": ["()"]}, "house.doubled", "house/doubled.yml")
    monkeypatch.delitem(loader.KINDS, "doubled")
    with pytest.raises(RuleError, match="key 'extends'"):
        build_rule(data, "house.doubled", "house/doubled.yml")


def test_one_stall_of_a_busy_machine_does_not_refuse_a_sound_pattern(monkeypatch):
    import copyedit.checks as checks

    pattern = checks.compile_pattern("(?:colou?r)", True)
    real = checks.find_all
    calls = {"n": 0}

    def stalls_once(p, text, limit=None):
        calls["n"] += 1
        if calls["n"] == 1:
            raise TimeoutError("regex timed out")
        return real(p, text, limit)

    monkeypatch.setattr(checks, "find_all", stalls_once)
    assert checks.stalls_on(pattern) is None
    # a pattern that runs out of time every time is still refused
    monkeypatch.setattr(checks, "find_all", lambda *a, **k: (_ for _ in ()).throw(TimeoutError()))
    assert checks.stalls_on(pattern) == checks.PROBES[0]
