"""Hostile drafts must not hang a run: each case runs in its own interpreter with a
time limit, so a regression fails the test instead of hanging the suite."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

LIMIT = 20.0
"""Seconds each case may take, interpreter start-up included; before the fixes every
case took minutes (the numbers are in the commits)."""


def _bounded(argv: list[str], cwd: Path | None, limit: float) -> subprocess.CompletedProcess:
    """Run ``argv``; fail, never hang, when it takes over ``limit`` seconds."""
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=limit, cwd=cwd)
    except subprocess.TimeoutExpired:
        pytest.fail(f"took over {limit} s")


def run_bounded(code: str, cwd: Path | None = None, limit: float = LIMIT) -> str:
    """Run ``code`` in a fresh Python, bounded; its stdout."""
    proc = _bounded([sys.executable, "-c", textwrap.dedent(code)], cwd, limit)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def copyedit(
    args: list[str], cwd: Path, limit: float = LIMIT, codes: tuple[int, ...] = (0, 1)
) -> subprocess.CompletedProcess:
    """``copyedit ARGS`` in ``cwd``, bounded, ending with one of ``codes``."""
    argv = [sys.executable, "-c", "from copyedit.cli import main; main()", *args]
    proc = _bounded(argv, cwd, limit)
    assert proc.returncode in codes, proc.stderr
    return proc


@pytest.mark.parametrize(
    "text",
    [
        "'a' * 100_000 + '? The end.'",
        "'a' * 100_000 + '\\n\\nThe end.'",
        "'.' * 100_000 + 'x The end.'",
        "'Mr. ' * 100_000 + 'Smith.'",
    ],
    ids=["letters-question", "letters-paragraph", "full-stops", "abbreviations"],
)
def test_sentence_splitting_is_linear(text):
    out = run_bounded(
        f"""
        from copyedit.sentences import sentences
        print(len(sentences({text})))
        """,
        limit=10,
    )
    assert int(out) >= 1


def _long_tokens(size: int) -> str:
    """A draft of long runs of letters, full stops, spaces and openers, few line breaks."""
    import random

    r = random.Random(1)
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        parts.append(
            r.choice(
                [
                    "x" * r.randint(1, 50_000),
                    "." * r.randint(1, 2_000),
                    " " * r.randint(1, 300),
                    "word " * r.randint(1, 5_000),
                    "Mr.",
                    "A.",
                    "Yes?",
                    "\n",
                    "“(",
                    "-" * 100,
                ]
            )
        )
    return " ".join(parts)


def test_long_tokens(tmp_path):
    (tmp_path / "draft.txt").write_text(_long_tokens(1_000_000), encoding="utf-8")
    run_bounded(
        """
        from copyedit.consistency.tokens import scan
        from copyedit.document import load
        from copyedit.readability import measure
        doc = load("draft.txt")
        scan(doc)
        measure(doc)
        """,
        tmp_path,
    )


def test_one_long_sentence_scan():
    """The consistency scan reads each sentence's and line's lead once, not per word."""
    run_bounded(
        """
        from copyedit.consistency.tokens import scan
        from copyedit.document import Document
        scan(Document.from_text("word " * 800_000 + "\\n"))
        """
    )


def test_word_diff_of_repeated_sentences(tmp_path):
    """check's suggested edits and fix --critic diff words near-linearly."""
    sentence = "He said “no,” but it can not  be done."
    (tmp_path / "quoted.txt").write_text(" ".join([sentence] * 600) + "\n", encoding="utf-8")
    paragraph = " ".join(["The plan can not  work, officials said."] * 10)
    (tmp_path / "long.txt").write_text("\n\n".join([paragraph] * 350) + "\n", encoding="utf-8")
    out = copyedit(["check", "--no-languagetool", "quoted.txt"], tmp_path).stdout
    assert "Suggested edits" in out
    copyedit(
        ["fix", "--no-languagetool", "--critic", "long.critic.md", "-o", "long.fixed", "long.txt"],
        tmp_path,
    )
    critic = (tmp_path / "long.critic.md").read_text(encoding="utf-8")
    assert critic.count("{~~can~>cannot~~} {--not  --}work") == 3500  # as difflib has it


def test_unified_diff_of_repeated_lines():
    run_bounded(
        """
        from copyedit.diffs import unified_diff
        old = "He said no.\\n" * 20_000
        new = old.replace("said no", "said: no", 5_000)
        assert unified_diff(old, new, "x").count("+He said: no.") == 5_000
        """
    )


def _house_rule(folder: Path, pattern: str) -> None:
    (folder / "house").mkdir()
    (folder / "house" / "slow.yml").write_text(
        "extends: existence\n"
        'message: "Slow."\n'
        f"tokens:\n  - '{pattern}'\n"
        "examples:\n  bad:\n    - 'x'\n  good:\n    - 'y'\n",
        encoding="utf-8",
    )
    (folder / "copyedit.toml").write_text('rule-folders = ["house"]\n', encoding="utf-8")


def test_slow_house_rule_is_skipped_with_a_note(tmp_path):
    """A pattern that backtracks without end on this draft (not on the load probes)
    stops after its time limit; the run goes on and the report names the rule."""
    _house_rule(tmp_path, "(b|bb)+$")
    (tmp_path / "draft.txt").write_text("b" * 60 + "!\nThe plan can not work.\n", encoding="utf-8")
    out = copyedit(["check", "--no-languagetool", "--format", "json", "draft.txt"], tmp_path)
    (report,) = json.loads(out.stdout)["files"]
    assert any("house.slow" in n and "slow.yml" in n and "skipped" in n for n in report["notes"])
    assert any(f["rule"] == "news.cannot" for f in report["findings"])


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+$"])
def test_catastrophic_house_rule(tmp_path, pattern):
    """``(a+)+$`` is linear in the regex engine used; ``(a|aa)+$`` stalls on the load
    probes and is refused, naming the file and key, before any draft is read."""
    _house_rule(tmp_path, pattern)
    (tmp_path / "draft.txt").write_text("a" * 30 + "b\n", encoding="utf-8")
    if pattern == "(a+)+$":
        copyedit(["check", "--no-languagetool", "draft.txt"], tmp_path)
    else:
        err = copyedit(["check", "--no-languagetool", "draft.txt"], tmp_path, codes=(2,)).stderr
        assert "slow.yml" in err and "tokens" in err and "backtracks" in err, err


def test_unbalanced_brackets_rule_is_linear():
    """A paragraph of closing brackets: each is checked for a list marker ('1)') from
    the paragraph's first characters only, not by slicing from its start."""
    run_bounded(
        """
        from copyedit.checks.loader import builtin_rules_dir, load_folder
        (rule,) = [r for r in load_folder(builtin_rules_dir()) if r.meta.id == "news.unbalanced-brackets"]
        assert len(list(rule.matches("a" + ")" * 2_000_000))) == 1_999_999  # "a)" opens a list
        """
    )


def test_email_protection_is_linear():
    """A megabyte of 'a-a-a-' (no '@') was re-read to its end from every word boundary by
    the e-mail pattern; addresses are now found from each '@' outwards, as before."""
    out = run_bounded(
        """
        from copyedit.markup import text_regions
        print(len(text_regions("a-" * 500_000 + "a")))
        regions = text_regions("Write to jo.b+x@mail.example.org, or a@b today.")
        print([(r.start, r.end) for r in regions])
        """,
        limit=10,
    )
    assert out.split("\n")[:2] == ["0", "[(9, 32)]"]


@pytest.mark.usefixtures("uncalibrated")
def test_house_terms_in_a_draft_without_full_stops(tmp_path):
    """Thousands of house-style terms in one run-on 'sentence': each term's sentence is
    looked for within a bounded reach, a sentence start by walking back over a few
    characters, and the kept findings by their neighbours (each was a scan or a copy of
    the draft per term: 7,500 repetitions took 52 s)."""
    (tmp_path / "d.txt").write_text("the cold war and the geo strategic, " * 7500, encoding="utf-8")
    out = copyedit(["check", "--no-languagetool", "--format", "json", "d.txt"], tmp_path)
    (report,) = json.loads(out.stdout)["files"]
    assert sum(f["rule"].startswith("consistency.house") for f in report["findings"]) >= 7500
