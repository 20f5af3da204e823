"""The real-word engine: YAML confusion sets, the op-ed's errors, names, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from copyedit.document import Document
from copyedit.engines.realword import RealWordEngine
from copyedit.errors import RuleError
from copyedit.model import Applicability, Category
from copyedit.realword.confusables import build_set, confusables_dir, load_folder

ROOT = Path(__file__).resolve().parents[1]
SETS = load_folder(confusables_dir())
CASES = [(s, ex) for s in SETS for ex in s.bad + s.good]


@pytest.fixture(scope="module")
def engine() -> RealWordEngine:
    return RealWordEngine()


@pytest.fixture(scope="module")
def sets_only() -> RealWordEngine:
    return RealWordEngine(sets=SETS, use_model=False)


def apply(text: str, findings) -> str:
    for f in sorted(findings, key=lambda f: -f.start):
        text = text[: f.start] + f.replacements[0] + text[f.end :]
    return text


def test_sets_load():
    assert len(SETS) >= 10
    assert all(s.id for s in SETS)


@pytest.mark.parametrize(("cset", "example"), CASES, ids=lambda x: getattr(x, "id", "") or "")
def test_yaml_examples(sets_only, cset, example):
    found = [f for f in sets_only.check(Document.from_text(example.text))]
    mine = [f for f in found if f.rule == f"realword.{cset.id}"]
    if example.fixed is None:
        assert not mine, f"{cset.id}: good example flagged: {example.text}"
    else:
        assert mine, f"{cset.id}: bad example not flagged: {example.text}"
        assert apply(example.text, mine) == example.fixed


def test_bad_set_names_file_and_key():
    with pytest.raises(RuleError, match=r"x.yml: key 'cues.bloc\[0\]'"):
        build_set(
            {"words": {"bloc": "a", "block": "b"}, "cues": {"bloc": ["no slot"]}},
            "x",
            "x.yml",
        )


def test_oped_errors(engine):
    text = (ROOT / "samples" / "oped-pakistan-neutrality.txt").read_text(encoding="utf-8")
    found = engine.check(Document.from_text(text))
    fixes = {(f.text.lower(), f.replacements[0].lower()) for f in found}
    assert ("batter", "better") in fixes
    assert ("vessel", "vassal") in fixes
    blocks = [i for i in range(len(text)) if text.startswith("block", i)]
    flagged = {f.start for f in found if f.replacements and f.replacements[0] == "bloc"}
    assert blocks and set(blocks) <= flagged


def test_proper_names_never_fixed(engine):
    text = "The report was written by Harry Block and Mark Vessel of Batter County."
    assert engine.check(Document.from_text(text)) == []


def test_offsets_exact_after_emoji_and_nbsp(engine):
    text = "🇵🇰 Voters\u00a0🙂 fear the country may join any block soon."
    found = [f for f in engine.check(Document.from_text(text)) if f.text == "block"]
    assert found
    f = found[0]
    assert text[f.start : f.end] == "block"
    assert f.replacements == ("bloc",)


def test_findings_carry_reason_and_fix(engine):
    doc = Document.from_text("Pakistan is not a vessel or protectorate state of any power.")
    (f,) = [f for f in engine.check(doc) if f.text == "vessel"]
    assert f.category is Category.REAL_WORD
    assert f.applicability is Applicability.UNSAFE
    assert f.replacements == ("vassal",)
    assert "vassal" in f.message and "___" in f.message
    assert 0 < f.confidence <= 1


def test_context_model_catches_unlisted_slip(engine):
    doc = Document.from_text("He said that the form of government would change from next year.")
    assert not [f for f in engine.check(doc) if f.rule == "realword.context"]
    slips = {
        "They will meet again next weak.": ("weak", "week"),
        "The president will meat the prime minister on Friday.": ("meat", "meet"),
        "She has bean the mayor since 2010.": ("bean", "been"),
    }
    caught = 0
    for text, (wrong, right) in slips.items():
        found = [f for f in engine.check(Document.from_text(text)) if f.rule == "realword.context"]
        assert all(f.text == wrong and f.replacements[0] == right for f in found), found
        assert all(right in f.message for f in found)
        caught += bool(found)
    assert caught >= 2


def test_case_kept(engine):
    doc = Document.from_text("Than the vote was held. More then 300 people came.")
    fixes = {f.text: f.replacements[0] for f in engine.check(doc)}
    assert fixes.get("then") == "than"


def test_without_languagetool_jar_a_note(tmp_path, monkeypatch):
    from copyedit.languagetool import data
    from copyedit.realword import confusables

    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path))
    monkeypatch.delenv(data.ENV, raising=False)
    monkeypatch.setattr(data, "_current_install_dir", lambda root: None)
    assert data.find_jar() is None
    sets, notes = confusables.load_sets()
    assert len(sets) == len(SETS)
    assert notes and "LanguageTool" in notes[0]


def test_languagetool_pairs_read_from_jar():
    from copyedit.languagetool.data import find_jar
    from copyedit.realword import confusables, ltdata

    if find_jar() is None:
        pytest.skip("no LanguageTool language-en jar installed")
    assert "except" in ltdata.lt_confusion_pairs().get("accept", set())
    lt = confusables.lt_sets()
    assert lt and all(s.id.startswith("lt-") for s in lt)


def test_model_missing_degrades_to_sets(monkeypatch):
    from copyedit.engines import realword

    def broken():
        raise ImportError("no module named 'wordsegment'")

    monkeypatch.setattr(realword, "load_counts", broken)
    eng = RealWordEngine(sets=SETS)
    found = eng.check(Document.from_text("They want to join any block."))
    assert [f.replacements for f in found] == [("bloc",)]
    assert any("context model unavailable" in n for n in eng.notes)


def _tiny_model():
    from copyedit.realword.ngram import Source, merge

    uni = {"the": 1000, "week": 300, "weak": 200, "next": 400, "<s>": 50}
    bi = {"next week": 120, "the week": 40, "weak the": 2, "<s> the": 30}
    return merge([Source(uni, bi, sum(uni.values()), min(bi.values()))], uni, {"week": ("weak",)})


def test_store_matches_memory_model(tmp_path):
    from copyedit.realword import ngram

    memory = _tiny_model()
    store = ngram.load(tmp_path / "m.sqlite", builder=_tiny_model)
    assert isinstance(store, ngram.Store)
    words = ["the", "week", "weak", "next", "<s>", "absent"]
    store.prefetch(words[:2], [("next", "week")])
    for a in words:
        assert store.unigram_logp(a) == memory.unigram_logp(a)
        assert store.in_dictionary(a) == memory.in_dictionary(a)
        assert store.homophones_of(a) == memory.homophones_of(a)
        for b in words:
            assert store.seen(a, b) == memory.seen(a, b)
            assert store.logcond(a, b) == memory.logcond(a, b)
    for n in (0, 200, 201, 1000, 5000):
        assert store.frequent(n) == memory.frequent(n)


def test_model_cache_rebuilt_when_version_changes(tmp_path, monkeypatch):
    from copyedit.realword import ngram

    path = tmp_path / "m.sqlite"
    calls = []

    def builder():
        calls.append(1)
        return _tiny_model()

    ngram.load(path, builder=builder).close()
    ngram.load(path, builder=builder).close()
    assert len(calls) == 1
    monkeypatch.setattr(ngram, "CACHE_VERSION", ngram.CACHE_VERSION + 1)
    store = ngram.load(path, builder=builder)
    assert len(calls) == 2 and store.seen("next", "week")
    path.write_bytes(b"not a database")
    assert ngram.load(path, builder=builder).seen("next", "week")
    assert len(calls) == 3
    assert not list(tmp_path.glob("*.tmp"))


def test_sets_cache_follows_yaml_edits(tmp_path, monkeypatch):
    from copyedit.realword import confusables

    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "sets"
    folder.mkdir()
    src = confusables_dir() / "bloc-block.yml"
    (folder / "bloc-block.yml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    first = confusables.load_folder(folder)
    again = confusables.load_folder(folder)
    assert [(s.words, s.cues) for s in first] == [(s.words, s.cues) for s in again]
    (folder / "bloc-block.yml").write_text("words: [", encoding="utf-8")
    with pytest.raises(RuleError):
        confusables.load_folder(folder)


def test_token_windows_stop_at_punctuation_and_mark_sentence_ends():
    from copyedit.realword.tokens import END, START, tokens

    toks = {t.text: t for t in tokens('He said, "we will be batter off." Then it ended')}
    assert toks["He"].left == (START,) and toks["He"].right == ("said",)
    assert toks["said"].right == ()  # the comma cuts the window
    assert toks["we"].left == ()  # so does the opening quotation mark
    assert toks["batter"].left == ("will", "be") and toks["batter"].right == ("off", END)
    assert toks["off"].right == (END,)
    assert toks["it"].left == (START, "then") and toks["ended"].right == ()


def test_trigram_model_prefers_the_intended_word():
    from copyedit.realword.trigram import load

    lm = load()
    assert lm.known("vassal") and not lm.known("zzqxv")
    assert lm.logp("vassal", "a") > lm.logp("vessel", "a") - 20  # both plausible alone
    assert lm.logp("state", "a", "vassal") > lm.logp("state", "a", "vessel")
    assert lm.logp("better", "will", "be") > lm.logp("batter", "will", "be") + 5
    assert lm.logp("media", "on", "social") > lm.logp("medic", "on", "social") + 5


def test_inflections_are_left_to_grammar():
    from copyedit.realword.context import inflection

    pairs = [("vote", "votes"), ("crisis", "crises"), ("carry", "carried"), ("box", "boxes")]
    assert all(inflection(a, b) and inflection(b, a) for a, b in pairs)
    assert not any(inflection(a, b) for a, b in [("form", "from"), ("sad", "said"), ("is", "as")])
    doc = Document.from_text("The company said it can remain a technology leaders in the market.")
    found = RealWordEngine(sets=[]).check(doc)
    assert not [f for f in found if f.text == "leaders"]


def test_sentence_openers_are_not_judged_by_the_model():
    eng = RealWordEngine(sets=[])
    eng.model.report_at = 0.0
    found = eng.check(Document.from_text("Moore presents the plan. Form the start it was clear."))
    assert not [f for f in found if f.start == 0 or f.text == "Form"]


def test_forest_round_trip_and_threshold_side(tmp_path, monkeypatch):
    from copyedit.realword import forest

    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache"))  # keep the user's cache
    stump = forest.Tree((0, -1, -1), (0.5, 0.0, 0.0), (1, 0, 0), (2, 0, 0), (0.0, -2.0, 3.0))
    model = forest.Forest(("a",), 0.5, (stump, stump))
    path = tmp_path / "f.json"
    import json

    path.write_text(json.dumps(model.to_json()))
    again = forest.load.__wrapped__(path)
    assert again == model
    low, high = again.probability([0.5]), again.probability([0.51])  # <= goes left
    assert low == pytest.approx(1 / (1 + 2.718281828459045 ** (-(0.5 - 4.0))))
    assert high == pytest.approx(1 / (1 + 2.718281828459045 ** (-(0.5 + 6.0))))
    assert forest.load.__wrapped__(tmp_path / "absent.json") is None


def test_shipped_forest_matches_feature_list():
    from copyedit.realword import context, forest

    shipped = forest.load()
    assert shipped is not None and shipped.features == context.FEATURES
    assert len(context.weights()) == len(context.FEATURES)
    n = len(context.FEATURES)
    assert all(f < n for t in shipped.trees for f in t.feature)


def test_forest_cache_serves_the_same_trees_until_the_file_changes(tmp_path, monkeypatch):
    import json

    from copyedit.realword import forest

    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache"))
    stump = forest.Tree((0, -1, -1), (0.5, 0.0, 0.0), (1, 0, 0), (2, 0, 0), (0.0, -2.0, 3.0))
    model = forest.Forest(("a",), 0.5, (stump, stump))
    path = tmp_path / "f.json"
    path.write_text(json.dumps(model.to_json()))
    assert forest.load.__wrapped__(path) == model  # decoded, then cached
    assert (tmp_path / "cache" / "realword" / f"forest-v{forest.CACHE_VERSION}.marshal").exists()
    assert forest.load.__wrapped__(path) == model  # from the cache
    other = forest.Forest(("a",), -1.25, (stump,))
    path.write_text(json.dumps(other.to_json(), indent=1))  # another size: read again
    assert forest.load.__wrapped__(path) == other


def test_shipped_forest_from_cache_equals_its_json():
    import json

    from copyedit.realword import forest

    as_json = forest.Forest.from_json(json.loads(forest.PATH.read_text(encoding="utf-8")))
    assert forest.load.__wrapped__(forest.PATH) == as_json
    assert forest.load.__wrapped__(forest.PATH) == as_json  # the second read hits the cache


def test_slot_scores_equal_the_window_by_window_queries():
    from copyedit.realword.trigram import END, START, load

    lm = load()
    words = ["vassal", "vessel", "state", "zzqxv"]
    for left in [(), ("a",), (START, "a"), ("of", "a")]:
        for right in [(), (END,), ("state",), ("state", "of"), ("state", END)]:
            expected = []
            for x in words:
                lp_right = 0.0
                if right:
                    lp_right += lm.logp(right[0], *left[-1:], x)
                    if len(right) > 1:
                        lp_right += lm.logp(right[1], x, right[0])
                expected.append((lm.logp(x, *left) if left else 0.0, lp_right))
            assert lm.slot(words, left, right) == expected, (left, right)


def test_one_edit_candidates_equal_all_edits_in_the_vocabulary():
    from string import ascii_lowercase

    from copyedit.realword.context import _one_edit

    def edits1(word: str) -> set[str]:
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        return {
            *(a + b[1:] for a, b in splits if b),
            *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
            *(a + c + b[1:] for a, b in splits if b for c in ascii_lowercase),
            *(a + c + b for a, b in splits for c in ascii_lowercase),
        }

    vocabulary = frozenset(
        "a an and at ate eat form from forms fro i in is it its sit tea the then than "
        "there three tree week weak were where".split()
    )
    for word in ["", "a", "at", "ta", "form", "from", "the", "tree", "week", "were", "xyz"]:
        assert _one_edit(word, vocabulary) == edits1(word) & vocabulary, word


def test_package_version_agrees_with_importlib_metadata():
    from importlib.metadata import version

    from copyedit.engines.realword import _package_version

    for name in ("pocketsphinx", "wordsegment", "symspellpy"):
        assert _package_version(name) == version(name)
    assert _package_version("no_such_package_here") is None


def test_scored_is_the_same_after_a_batch_prefetch_as_token_by_token(engine):
    from copyedit.realword.context import ContextModel
    from copyedit.realword.tokens import tokens

    model = engine.model
    text = "He said it will form a new committee next weak to look in to the the matter."
    toks = tokens(text)
    model.prefetch(toks)
    batch = [model.scored(t) for t in toks]
    fresh = ContextModel(model.counts, model.lm, extra_pairs=model.extra_pairs)
    single = [fresh.scored(t) for t in toks]  # each token reads its own counts
    assert batch == single
    assert any(c == "week" for found in batch for c, _ in found)


def test_hyphenated_words_and_their_neighbours_are_not_judged():
    from copyedit.engines.realword import judged_tokens

    text = "Scientists report two life-saving treatments. Samoa began a planned two-day shutdown."
    doc = Document.from_text(text)
    judged = [t.text for t in judged_tokens(text, doc.analysis.tokens)]
    assert "two" not in judged  # beside 'life-saving', and inside 'two-day'
    assert "life" not in judged and "day" not in judged
    assert {"Scientists", "report", "began", "a"} <= set(judged)


def test_one_words_two_spellings_are_a_variety_not_a_slip():
    from copyedit.engines.realword import variety_pair

    forms = {"US": frozenset({"licenses", "color"}), "GB": frozenset({"licences", "colour"})}
    assert variety_pair("licences", "licenses", forms)
    assert variety_pair("color", "colour", forms)
    assert not variety_pair("licences", "licensed", forms)


def test_a_jar_read_that_gives_no_pairs_is_not_stored(tmp_path, monkeypatch):
    from copyedit.realword import cache, ltdata

    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path))
    jar = tmp_path / "language-en.jar"
    jar.write_bytes(b"not a jar")
    monkeypatch.setattr(ltdata, "read_member", lambda name: None)
    saved = []
    monkeypatch.setattr(cache, "save_marshal", lambda *a: saved.append(a) or True)
    ltdata._pairs_in.cache_clear()
    assert ltdata._pairs_in(jar) == {} and saved == []
    ltdata._pairs_in.cache_clear()
