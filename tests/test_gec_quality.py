"""The ERRANT benchmark's scoring by error type, on hand-made edits (no benchmark data, no
LanguageTool, no parser: the hypothesis edits are given with their ERRANT types)."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.error import URLError

import pytest

pytest.importorskip("errant", reason="errant is in the bench extra: pip install -e '.[bench]'")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import gec_quality as gq  # noqa: E402

# "He go to the school in Monday ." : one annotator fixes the agreement, the article and
# the preposition; the other only the agreement.
BLOCK = "\n".join(
    [
        "S He go to the school in Monday .",
        "A 1 2|||R:VERB:SVA|||goes|||REQUIRED|||-NONE-|||0",
        "A 3 4|||U:DET||||||REQUIRED|||-NONE-|||0",
        "A 5 6|||R:PREP|||on|||REQUIRED|||-NONE-|||0",
        "A 1 2|||R:VERB:SVA|||goes|||REQUIRED|||-NONE-|||1",
    ]
)


def test_base_type_drops_the_operation_only() -> None:
    assert gq.base_type("R:VERB:SVA") == "VERB:SVA"
    assert gq.base_type("M:DET") == "DET"
    assert gq.base_type("U:PUNCT") == "PUNCT"
    assert gq.base_type("UNK") == "UNK"
    assert gq.base_type("noop") == "noop"


def test_types_count_true_positives_misses_and_false_alarms_by_type() -> None:
    counts = gq.Counts()
    hyp = [
        (1, 2, "R:VERB:SVA", "goes", "grammar.agreement"),  # right
        (3, 4, "U:DET", "", "grammar.determiner"),  # right (first annotator only)
        (6, 7, "R:NOUN", "Tuesday", "LT.X"),  # wrong: typed by ERRANT's type for it
    ]
    gq.score_sentence(counts, BLOCK, hyp)
    # The first annotator matches two edits (F0.5 higher than the second's one): its
    # preposition is the miss.
    assert (counts.tp, counts.fp, counts.fn) == (2, 1, 1)
    assert dict(counts.types) == {
        "VERB:SVA": [1, 0, 0],
        "DET": [1, 0, 0],
        "PREP": [0, 0, 1],
        "NOUN": [0, 1, 0],
    }


def test_type_rows_give_recall_edits_and_precision_per_system() -> None:
    with_grammar, without = gq.Counts(), gq.Counts()
    gq.score_sentence(with_grammar, BLOCK, [(1, 2, "R:VERB:SVA", "goes", "g")])
    gq.score_sentence(with_grammar, BLOCK, [(1, 2, "R:VERB:SVA", "go", "g")])
    gq.score_sentence(without, BLOCK, [])
    gq.score_sentence(without, BLOCK, [])
    rows = gq.type_rows({"copyedit": with_grammar, "copyedit-no-grammar": without}, ("VERB:SVA",))
    ce, bare = rows
    assert (ce.type, ce.system, ce.gold, ce.tp, ce.edits) == ("VERB:SVA", "copyedit", 2, 1, 2)
    assert ce.recall == pytest.approx(0.5)
    assert ce.precision == pytest.approx(0.5)
    assert (bare.gold, bare.tp, bare.edits) == (2, 0, 0)
    assert bare.recall == 0.0
    assert bare.precision is None  # no edits: precision undefined, shown as '-'
    lines = gq.format_type_rows(rows)
    assert lines[2].split() == ["VERB:SVA", "copyedit-no-grammar", "2", "0", "0.000", "0", "-"]


def test_type_rows_without_a_list_show_every_type_most_gold_first() -> None:
    counts = gq.Counts()
    gq.score_sentence(counts, BLOCK, [(3, 4, "U:DET", "", "x"), (6, 7, "R:NOUN", "Tuesday", "x")])
    assert [r.type for r in gq.type_rows({"s": counts})] == ["DET", "PREP", "VERB:SVA", "NOUN"]


def test_json_figures_carry_the_types() -> None:
    counts = gq.Counts()
    gq.score_sentence(counts, BLOCK, [(1, 2, "R:VERB:SVA", "goes", "g")])
    figures = gq.counts_json(counts)
    assert figures["types"]["VERB:SVA"] == {"tp": 1, "fp": 0, "fn": 0, "gold": 1, "edits": 1}
    assert (figures["tp"], figures["fp"], figures["fn"]) == (1, 0, 0)
    assert figures["p"] == 1.0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--systems", "copyedit,nope"], "no system named 'nope'"),
        (["--grammar-also", "nope"], "no grammar family 'nope'"),
        (["--systems", "copyedit-grammar-also"], "needs --grammar-also"),
        (["--split", "test", "--tune"], "dev split only"),
        (["--split", "test", "--sets", "cweb-g-dev"], "not test"),
        (["--sets", "nope"], "no set named 'nope'"),
    ],
)
def test_bad_options_end_in_a_usage_error(argv: list[str], message: str, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        gq.main(argv)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_engines_without_grammar_and_with_its_off_families() -> None:
    url = "http://127.0.0.1:9"  # never asked: nothing is checked here
    plain, _ = gq.copyedit_engines(url, (), (), 50, 1, None)
    bare, _ = gq.copyedit_engines(url, (), (), 50, 1, None, without=("grammar",))
    also, _ = gq.copyedit_engines(url, (), (), 50, 1, None, grammar_also=("article",))
    names = [e.name for e in plain]
    assert "grammar" in names and "languagetool" in names
    assert [e.name for e in bare] == [n for n in names if n != "grammar"]
    grammar = {e.name: e for e in also}["grammar"]
    assert grammar.also == ("article",)
    assert {e.name: e for e in plain}["grammar"].also == ()


def _one_set(tmp_path: Path) -> Path:
    m2 = tmp_path / "cweb" / "m2" / "CWEB-G.dev.m2"
    m2.parent.mkdir(parents=True)
    m2.write_text(BLOCK + "\n\n", encoding="utf-8")
    raw = tmp_path / "cweb" / "raw" / "CWEB-G.dev.source"
    raw.parent.mkdir(parents=True)
    raw.write_text("He go to the school in Monday.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("fault", "code", "message"),
    [
        (URLError(ConnectionRefusedError(111, "refused")), 3, "LanguageTool did not answer"),
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
)
def test_a_fault_mid_run_is_one_line(
    tmp_path: Path, monkeypatch, capsys, fault: BaseException, code: int, message: str
) -> None:
    def broken(*args: object) -> None:
        raise fault

    monkeypatch.setattr(gq, "Scorer", lambda: None)
    monkeypatch.setattr(gq, "run_lt_default", broken)
    argv = ["--data", str(_one_set(tmp_path)), "--sets", "cweb-g-dev", "--systems", "lt-default"]
    assert gq.run(argv) == code
    err = capsys.readouterr().err
    assert err.startswith("gec_quality: " + message)
    assert err.count("\n") == 1 and "Traceback" not in err


def test_missing_data_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(gq, "Scorer", lambda: None)
    argv = ["--data", str(tmp_path), "--sets", "cweb-g-dev", "--systems", "lt-default"]
    assert gq.run(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("gec_quality: ") and "CWEB-G.dev.m2" in err and err.count("\n") == 1


def test_json_keeps_the_sets_finished_when_a_run_fails(tmp_path: Path, monkeypatch) -> None:
    import json

    data = _one_set(tmp_path)
    (data / "cweb" / "m2" / "CWEB-S.dev.m2").write_text(BLOCK + "\n\n", encoding="utf-8")
    (data / "cweb" / "raw" / "CWEB-S.dev.source").write_text("x\n", encoding="utf-8")
    calls = []

    def lt_default(url: str, sents: list, *args: object) -> list:
        calls.append(len(sents))
        if len(calls) == 2:
            raise URLError(ConnectionRefusedError(111, "refused"))
        return [[] for _ in sents]

    class NoEdits:
        def hyp_edits(self, s: object, edits: object) -> list:
            return []

    monkeypatch.setattr(gq, "Scorer", NoEdits)
    monkeypatch.setattr(gq, "run_lt_default", lt_default)
    out = tmp_path / "figures.json"
    argv = ["--data", str(data), "--sets", "cweb-g-dev,cweb-s-dev", "--systems", "lt-default"]
    assert gq.run([*argv, "--json", str(out)]) == 3
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["complete"] is False
    # No edits: the annotator with the fewest edits is chosen (agreement only).
    assert [(r["set"], r["fn"]) for r in figures["results"]] == [("cweb-g-dev", 1)]
    assert figures["results"][0]["types"]["VERB:SVA"] == {
        "tp": 0,
        "fp": 0,
        "fn": 1,
        "gold": 1,
        "edits": 0,
    }
