"""The judged news benchmark's keys, packets, label import and scoring, on a made-up run
(no benchmark text; none of this needs ../shared)."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import judged_news as jn  # noqa: E402

TEXT = (
    "Council approves new budget\n\n"
    "The council voted on Tuesday to aprove the budget, in order to fund two new "
    "libraries and a swimming pool for the the town.\n\n"
    'The mayor said: "We are delighted."\n'
)


def _finding(text: str, word: str, **extra: Any) -> dict[str, Any]:
    start = text.index(word)
    f = {
        "article": "test:1",
        "rule": "demo.rule",
        "engine": "demo",
        "category": "spelling",
        "severity": "warning",
        "start": start,
        "end": start + len(word),
        "text": word,
        "message": "Possible spelling mistake.",
        "replacements": [],
        "confidence": 0.9,
        "applicability": "unsafe",
        "in_quote": False,
        "fix_safe": False,
        "fix_unsafe": False,
    }
    f.update(extra)
    f["key"] = jn.finding_key(f)
    return f


def _run() -> dict[str, Any]:
    findings = [
        _finding(
            TEXT,
            "aprove",
            replacements=["approve"],
            fix_unsafe=True,
            fix_safe=True,
            confidence=0.99,
        ),
        _finding(
            TEXT,
            "in order to",
            rule="style.wordy",
            engine="rules",
            category="style",
            severity="suggestion",
            replacements=["to"],
            fix_unsafe=True,
            confidence=0.6,
        ),
        _finding(
            TEXT,
            "the the",
            rule="grammar.repeat",
            category="grammar",
            replacements=["the"],
            fix_unsafe=True,
        ),
        _finding(
            TEXT, "delighted", rule="demo.note", message="Consider a livelier word.", confidence=0.3
        ),
    ]
    return {
        "kind": "copyedit-judged-run",
        "version": 1,
        "articles": [{"id": "test:1", "source": "test", "words": len(TEXT.split())}],
        "findings": findings,
    }


def test_key_ignores_engine_rule_confidence_and_severity() -> None:
    a = _finding(TEXT, "aprove", replacements=["approve", "prove"])
    b = _finding(
        TEXT,
        "aprove",
        replacements=["approve"],
        rule="other.rule",
        engine="other",
        severity="error",
        confidence=0.1,
    )
    assert a["key"] == b["key"]
    assert jn.finding_key({**a, "replacements": ["prove"]}) != a["key"]
    assert jn.finding_key({**a, "start": a["start"] + 1}) != a["key"]


def test_key_holds_no_long_sentence() -> None:
    start = TEXT.index("The council")
    end = TEXT.index("town.") + 5
    f = _finding(TEXT, TEXT[start:end], message="Long sentence (24 words; limit 20).")
    article, s, e, text, what = json.loads(f["key"])
    assert (s, e) == (start, end) and text.startswith("sha256:") and len(text) < 40
    assert what == "m:long sentence 24 words limit 20"
    assert jn.make_key(article, s, e, text, what) == f["key"]  # digesting twice changes nothing


def test_key_without_replacement_uses_normalised_message() -> None:
    a = _finding(TEXT, "delighted", message="Consider a livelier word.")
    b = _finding(TEXT, "delighted", message="  consider a LIVELIER word ")
    c = _finding(TEXT, "delighted", message="Cliché.")
    assert a["key"] == b["key"] != c["key"]
    assert json.loads(a["key"]) == [
        "test:1",
        a["start"],
        a["end"],
        "delighted",
        "m:consider a livelier word",
    ]


def test_context_marks_flagged_words_with_about_twelve_each_side() -> None:
    shown = jn.context(TEXT, TEXT.index("aprove"), TEXT.index("aprove") + 6)
    assert "⟦aprove⟧" in shown
    assert shown.startswith("Council approves new budget ¶ The council")
    left, right = shown.split("⟦aprove⟧")
    assert len(right.split()) == 12 + 1  # twelve words and the trailing ellipsis
    assert jn.context("one two", 3, 3) == "one⟦⟧ two"


def test_visible_names_invisible_characters() -> None:
    assert jn.visible("\u00a0") == "[no-break space]"
    assert jn.visible("  ") == "[2 spaces]"
    assert jn.visible("") == "(nothing)"


def test_detokenise_brown() -> None:
    tokens = "He/pps said/vbd ,/, ``/`` No/rb ''/'' ./. It/pps was/bedz 4/cd p.m./rb ./.".split()
    assert jn.detokenise_brown(tokens) == 'He said, "No." It was 4 p.m.'
    assert jn.detokenise_brown("a/at --/-- b/nn ;/. ;/.".split()) == "a \u2014 b;"


def _packets(tmp_path: Path, labels: dict[str, dict] | None = None) -> Path:
    article = jn.Article("test:1", "test", "Council approves new budget", TEXT)
    out = tmp_path / "packets"
    jn.write_packets(_run(), {"test:1": article}, labels or {}, out, judge_md=None)
    return out


def test_packets_hide_engine_rule_confidence_and_severity(tmp_path: Path) -> None:
    out = _packets(tmp_path)
    packet = (out / "test-1.md").read_text(encoding="utf-8")
    assert TEXT.strip().splitlines()[0] in packet
    assert [line for line in packet.splitlines() if line.startswith("### ")] == [
        "### 1",
        "### 2",
        "### 3",
        "### 4",
    ]
    for hidden in ("demo.rule", "style.wordy", "rules", "0.99", "warning", "suggestion"):
        assert hidden not in packet.split("## Findings")[1]
    assert "Suggested replacement: “approve”" in packet
    assert "none (a note for the editor)" in packet
    assert (out / "INDEX.txt").read_text().splitlines() == [
        "# 1 packets, 4 findings to judge (packet, findings)",
        "test-1.md\t4",
    ]


def test_import_and_score(tmp_path: Path) -> None:
    out = _packets(tmp_path)
    answers = out / "test-1.labels.jsonl"
    answers.write_text(
        '{"n": 1, "label": "correct"}\n'
        '{"packet": "test-1", "n": 2, "label": "Debatable", "note": "house style"}\n'
        '{"n": 3, "label": "correct"}\n'
        '{"n": 9, "label": "wrong"}\n'
        '{"n": 4, "label": "maybe"}\n'
        "not json\n",
        encoding="utf-8",
    )
    labels: dict[str, dict] = {}
    added, replaced, problems = jn.import_labels([answers], out / "keys.jsonl", labels, "j1")
    assert (added, replaced, len(problems)) == (3, 0, 3)
    path = tmp_path / "labels.jsonl"
    jn.write_labels(labels, path)
    stored = jn.read_labels(path)
    assert stored == labels
    entry = stored[_run()["findings"][1]["key"]]
    assert entry["label"] == "debatable" and entry["note"] == "house style"
    assert entry["judge"] == "j1" and entry["text"] == "in order to"
    assert set(entry) == {
        "key",
        "article",
        "start",
        "end",
        "text",
        "what",
        "label",
        "note",
        "judge",
    }

    # A later packet run leaves out what is judged; a changed label counts as replaced.
    again = _packets(tmp_path / "2", stored)
    assert "### 2" not in (again / "test-1.md").read_text(encoding="utf-8")
    answers.write_text('{"n": 1, "label": "wrong"}\n{"n": 4, "label": "wrong"}\n', "utf-8")
    added, replaced, problems = jn.import_labels([answers], out / "keys.jsonl", labels)
    assert (added, replaced, problems) == (1, 1, [])

    result = jn.score(_run(), labels)
    assert result["totals"] == {"correct": 1, "debatable": 1, "wrong": 2, "unjudged": 0}
    assert (result["precision"], result["precision_lenient"]) == ("0.25", "0.50")
    words = len(TEXT.split())
    assert result["per_1000_words"]["findings"] == round(4 * 1000 / words, 2)
    assert result["per_1000_words"]["wrong"] == round(2 * 1000 / words, 2)
    fixes = {r["name"]: r for r in result["by_fix"]}
    assert fixes["accept unsafe"]["findings"] == 3 and fixes["accept unsafe"]["correct"] == 1
    assert fixes["accept safe"]["wrong"] == 1
    engines = {r["name"]: r for r in result["by_engine"]}
    assert engines["rules"]["precision_lenient"] == "1.00"
    buckets = {r["name"]: r["findings"] for r in result["by_confidence"]}
    assert buckets == {"0.95-1.00": 1, "0.90-0.95": 1, "0.50-0.70": 1, "0.00-0.50": 1}
    assert {r["name"] for r in result["by_severity"]} == {"warning", "suggestion"}


def test_import_digests_a_long_sentence_in_an_older_keys_file(tmp_path: Path) -> None:
    sentence = TEXT.splitlines()[2]
    start = TEXT.index(sentence)
    old_key = json.dumps(["test:1", start, start + len(sentence), sentence, "m:long sentence"])
    keys = tmp_path / "keys.jsonl"
    keys.write_text(json.dumps({"packet": "test-1", "n": 1, "key": old_key}) + "\n", "utf-8")
    answers = tmp_path / "test-1.labels.jsonl"
    answers.write_text('{"n": 1, "label": "wrong"}\n', "utf-8")
    labels: dict[str, dict] = {}
    assert jn.import_labels([answers], keys, labels) == (1, 0, [])
    (entry,) = labels.values()
    assert sentence not in json.dumps(entry) and entry["text"].startswith("sha256:")
    f = _finding(TEXT, sentence, message="Long sentence!")
    assert entry["key"] == f["key"]


def test_score_lists_unjudged_findings(tmp_path: Path) -> None:
    run = _run()
    result = jn.score(run, {})
    assert result["totals"]["unjudged"] == 4
    assert result["precision"] == "-"
    assert [u["text"] for u in result["unjudged"]] == [
        "aprove",
        "in order to",
        "the the",
        "delighted",
    ]


def test_cli_score_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _packets(tmp_path)
    run_file = tmp_path / "run.json"
    run = _run()
    for f in run["findings"]:
        del f["key"]  # read_run computes it
    run_file.write_text(json.dumps(run), encoding="utf-8")
    (out / "test-1.labels.jsonl").write_text('{"n": 3, "label": "correct"}\n', "utf-8")
    labels = tmp_path / "labels.jsonl"
    args = ["import", str(out / "test-1.labels.jsonl"), "--labels-file", str(labels)]
    assert jn.main(args) == 0
    assert jn.main(["score", "--run", str(run_file), "--labels", str(labels)]) == 0
    shown = capsys.readouterr().out
    assert "correct 1, debatable 0, wrong 0, unjudged 3" in shown
    assert "3 findings unjudged" in shown
    assert jn.main(["score", "--run", str(run_file), "--labels", str(labels), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["correct"] == 1


def test_missing_data_is_a_clean_skip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["run", "--out", str(tmp_path / "r.json")], ["sample"]):
        assert jn.main(["--data", str(tmp_path / "nowhere"), *command]) == jn.EXIT_NO_DATA
        assert "not found" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()


def test_committed_sample_is_well_formed() -> None:
    ids = jn.read_sample()
    assert len(ids) == len(set(ids)) >= 30
    assert all(
        i.split(":")[0] in {"wikinews2019", "abc-rural", "abc-science", "brown"} for i in ids
    )
    assert {"wikinews2019:18", "wikinews2019:97"} <= set(ids)  # the Q&A interviews


def test_test_split_has_its_own_sample_and_labels_and_skips_long_pages() -> None:
    test, dev = jn.SPLITS["test"], jn.SPLITS["dev"]
    assert test.sample != dev.sample and test.labels != dev.labels
    ids = jn.read_sample(test.sample)
    assert len(ids) == len(set(ids)) >= 20
    assert all(i.startswith("wikinews2020:") for i in ids)
    words = "word " * 60
    articles = {
        f"s:{n}": jn.Article(f"s:{n}", "s", "t", words * (40 if n == 0 else 1)) for n in range(3)
    }
    assert jn.choose_sample(articles, {"s": 10_000}, longest=2000) == sorted(
        ["s:1", "s:2"], key=jn._order
    )
    assert "s:0" in jn.choose_sample(articles, {"s": 10_000})


def test_fresh_split_is_dev_news_outside_the_dev_sample() -> None:
    fresh, dev = jn.SPLITS["fresh"], jn.SPLITS["dev"]
    assert fresh.sample != dev.sample and fresh.labels != dev.labels
    ids = jn.read_sample(fresh.sample)
    assert len(ids) == len(set(ids)) >= 30
    assert all(i.split(":")[0] in {"abc-rural", "abc-science", "brown"} for i in ids)
    assert not set(ids) & set(jn.read_sample(dev.sample))


def test_wsj_split_reads_the_stories_as_published(tmp_path: Path) -> None:
    wsj = jn.SPLITS["wsj"]
    assert wsj.labels not in {s.labels for name, s in jn.SPLITS.items() if name != "wsj"}
    ids = jn.read_sample(wsj.sample)
    assert len(ids) == len(set(ids)) >= 20 and all(i.startswith("wsj:") for i in ids)
    raw = '.START \n\nStocks fell.\nBonds rose  sharply.\n\n"It\'s over," he said.\n'
    zipped = tmp_path / jn.TREEBANK_ZIP
    zipped.parent.mkdir(parents=True)
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("treebank/raw/wsj_0007", raw)
        zf.writestr("treebank/raw/README", "not a story")
        zf.writestr("treebank/combined/wsj_0007.mrg", "(S (NP stocks))")
    (story,) = jn.wsj_articles(tmp_path)
    assert story.id == "wsj:0007" and story.source == "wsj"
    assert story.text == 'Stocks fell. Bonds rose sharply.\n\n"It\'s over," he said.\n'


def test_withheld_findings_are_not_scored_but_calibrate_counts_them() -> None:
    run = _run()
    run["findings"].append(_finding(TEXT, "libraries", rule="demo.off", withheld=True))
    labels = {
        f["key"]: {"key": f["key"], "label": "wrong" if f["rule"] == "demo.off" else "correct"}
        for f in run["findings"]
    }
    result = jn.score(run, labels)
    assert (result["findings"], result["withheld"]) == (4, 1)
    assert result["totals"]["wrong"] == 0
    groups = jn.measured_groups(run, labels)
    assert groups["demo.off"] == {"judged": 1, "correct": 0, "debatable": 0}
    assert groups["demo/spelling"]["judged"] == 3
    assert "spelling" not in groups


def test_rejudge_packets_hold_only_judged_findings_a_user_sees(tmp_path: Path) -> None:
    run = _run()
    keys = [f["key"] for f in run["findings"]]
    labels = {k: {"label": "correct"} for k in keys[:3]}
    run["findings"][2]["withheld"] = True
    chosen = jn.rejudge_sample(run, labels, 0)
    assert chosen == {keys[0], keys[1]}
    assert len(jn.rejudge_sample(run, labels, 1)) == 1
    assert jn.rejudge_sample(run, labels, 1, "a") | jn.rejudge_sample(run, labels, 1, "b") <= chosen
    article = jn.Article("test:1", "test", "Council approves new budget", TEXT)
    jn.write_packets(run, {"test:1": article}, labels, tmp_path, rejudge=chosen)
    packet = (tmp_path / "test-1.md").read_text(encoding="utf-8")
    assert [line for line in packet.splitlines() if line.startswith("### ")] == ["### 1", "### 2"]


def test_agreement_counts_same_labels_and_kappa() -> None:
    first = {str(i): {"label": lab} for i, lab in enumerate(["correct"] * 4 + ["wrong"] * 4)}
    same = jn.agreement(first, dict(first))["all"]
    assert (same["findings"], same["same_label"], same["kappa"]) == (8, 1.0, 1.0)
    flipped = {
        k: {"label": "wrong" if v["label"] == "correct" else "correct"} for k, v in first.items()
    }
    other = jn.agreement(first, flipped)["all"]
    assert other["same_label"] == 0.0 and other["kappa"] == -1.0
    assert other["confusion"] == {"correct->wrong": 4, "wrong->correct": 4}
    # a second opinion on a finding the first judge never saw is not compared
    assert jn.agreement(first, {"x": {"label": "wrong"}})["all"]["findings"] == 0
    second = dict(first)
    second["0"] = {"label": "debatable"}
    half = jn.agreement(first, second)["all"]
    assert half["same_label"] == 0.875 and half["kappa_wrong"] == 1.0 and 0 < half["kappa"] < 1


def test_cross_validation_withholds_a_rule_its_training_folds_found_wrong() -> None:
    articles = [{"id": f"a:{i}", "source": "a", "words": 1000} for i in range(40)]
    findings, labels = [], {}
    for i in range(40):
        for rule, label in (("demo.good", "correct"), ("demo.bad", "wrong")):
            key = f"{i}:{rule}"
            findings.append(
                {
                    "key": key,
                    "article": f"a:{i}",
                    "rule": rule,
                    "engine": "demo",
                    "category": "grammar",
                }
            )
            labels[key] = {"label": label}
    result = jn.cross_validate({"articles": articles, "findings": findings}, labels)
    assert result["wrong_per_1000"] == 0.0 and result["correct_kept"] == 1.0
    assert result["findings_per_1000"] == 1.0 and result["correct_or_debatable"] == 1.0


def test_cross_validation_by_source_holds_out_each_source_in_turn() -> None:
    # 'demo.house' is wrong only in source b: trained on a alone it is shown there
    articles = [
        {"id": f"{s}:{i}", "source": s, "words": 1000} for s in ("a", "b") for i in range(10)
    ]
    findings, labels = [], {}
    for a in articles:
        key = f"{a['id']}:house"
        findings.append(
            {
                "key": key,
                "article": a["id"],
                "rule": "demo.house",
                "engine": "demo",
                "category": "style",
            }
        )
        labels[key] = {"label": "correct" if a["source"] == "a" else "wrong"}
    run = {"articles": articles, "findings": findings}
    result = jn.cross_validate(run, labels, by_source=True)
    assert result["per_source"]["b"]["wrong_per_1000"] == 1.0  # a's counts let it through
    assert result["per_source"]["a"]["findings_per_1000"] == 0.0  # b's withhold it
    assert result["per_source"]["a"]["correct_kept"] == 0.0
    assert result["wrong_per_1000"] == 0.5
    # hashed folds mix the sources: its training half always holds both
    assert "per_source" not in jn.cross_validate(run, labels)
