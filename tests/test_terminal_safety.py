"""A draft's escape sequences never reach the terminal: every text writer (the report, its
suggested edits, the summary table, stats, review, fix and error lines) escapes control
and bidi characters, and JSON output carries them as \\u escapes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import helpers
import pytest
from click.testing import CliRunner

from copyedit.cli import main

ESCAPES = "\x1b]0;pwned\x07 \x1b[2J \x9b31m \x9d0;c1\x9c \u202e \x08\x7f"
DRAFT = f"Prior to the vote {ESCAPES} the council met.\n\nWe utilise it.\n"
HOUSE_RULE = helpers.HOUSE_RULE.replace("not '{match}'.\"", "not '{match}'.\\e]0;rule\\a\\e[2J\"")
"""The shared house rule, its message holding escape sequences (YAML's \\e and \\a)."""
assert HOUSE_RULE != helpers.HOUSE_RULE
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must not reach a terminal (tab and line feed aside)."""


@pytest.fixture
def draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A draft with escapes in its text and its file name, and a house rule with escapes
    in its message, in the current folder (named relative to it)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "utilise.yml").write_text(HOUSE_RULE, encoding="utf-8")
    (tmp_path / "copyedit.toml").write_text('rule-folders = ["house"]\n', encoding="utf-8")
    path = Path("draft\x1b]0;name\x07\u202e.txt")
    path.write_text(DRAFT, encoding="utf-8")
    return path


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(main, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def assert_clean(result) -> None:
    for stream in (result.stdout, result.stderr):
        found = UNSAFE.findall(stream)
        assert not found, f"{found!r} in {stream!r}"


def test_check_text_report_escapes_draft_rule_and_file_name(draft: Path):
    result = run("check", "--no-languagetool", str(draft))
    assert result.exit_code == 1
    assert_clean(result)
    out = result.stdout
    assert "\\x1b]0;pwned\\x07" in out and "\\x1b[2J" in out and "\\u202e" in out
    assert "Suggested edits" in out and "\\x1b]0;rule\\x07" in out
    assert "draft\\x1b]0;name\\x07\\u202e.txt" in out


def test_check_text_report_in_colour_sends_only_its_own_colour_codes(draft: Path):
    """With --color always rich writes SGR sequences; the draft's own sequences, in the
    finding's excerpt and in the suggested edits, are still shown escaped."""
    result = run("check", "--no-languagetool", "--color", "always", str(draft))
    assert "\x1b[" in result.stdout  # colour
    shown = re.sub("\x1b\\[[0-9;]*m", "", result.stdout)
    assert not UNSAFE.findall(shown) and not UNSAFE.findall(result.stderr)
    assert "Prior to the vote \\x1b]0;pwned\\x07" in shown  # the frame's excerpt


def test_check_text_report_excerpt_escapes_the_flagged_text(draft: Path):
    result = run("check", "--no-languagetool", "--color", "never", str(draft))
    assert_clean(result)
    frame = [line for line in result.stdout.splitlines() if line.lstrip().startswith("1:1 ")]
    assert frame and "\\x1b[2J \\x9b31m" in frame[0]


def test_check_summary_table_escapes_file_names(draft: Path):
    other = draft.with_name("other\x9b2J.txt")
    other.write_text("The council met.\n", encoding="utf-8")
    result = run("check", "--no-languagetool", str(draft), str(other))
    assert "Summary" in result.stdout
    assert_clean(result)
    assert "other\\x9b2J.txt" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "github", "html"])
def test_check_machine_formats_on_stdout_carry_no_control_characters(draft: Path, fmt: str):
    result = run("check", "--no-languagetool", "--format", fmt, str(draft))
    assert result.exit_code == 1
    assert_clean(result)
    if fmt == "json":
        (report,) = json.loads(result.stdout)["files"]
        assert report["path"] == str(draft)  # the same data, escaped only as JSON
        assert any("\x1b]0;rule\x07" in f["message"] for f in report["findings"])


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_stats_escapes_file_name_and_excerpt(draft: Path, fmt: str):
    result = run("stats", "--format", fmt, str(draft))
    assert result.exit_code == 0
    assert_clean(result)
    if fmt == "json":
        assert json.loads(result.stdout)["files"][0]["path"] == str(draft)
    else:
        assert "\\x1b[2J" in result.stdout


def test_review_and_fix_lines_escape_paths_and_notes(draft: Path):
    result = run("review", "--no-languagetool", str(draft), input="a\na\na\na\na\n")
    assert "wrote " in result.stdout
    assert_clean(result)
    result = run("fix", "--no-languagetool", str(draft), "--diff", "out.diff")
    assert_clean(result)


def test_error_lines_escape_the_path(draft: Path):
    result = run("check", "--no-languagetool", str(draft.with_name("missing\x1b]0;t\x07.txt")))
    assert result.exit_code == 2
    assert_clean(result)
    assert result.stderr.startswith("copyedit: error: missing\\x1b]0;t\\x07.txt")


def test_escape_controls_keeps_text_tabs_and_line_breaks():
    from copyedit.visible import escape_controls, escape_controls_json

    assert escape_controls("a\tb\nc “d” é") == "a\tb\nc “d” é"
    assert escape_controls("\x1b[2J\r\x85\u2066") == "\\x1b[2J\\x0d\\x85\\u2066"
    text = json.dumps({"s": "\x1b\x9b\u202e"}, ensure_ascii=False)
    assert json.loads(escape_controls_json(text)) == json.loads(text)
    assert not UNSAFE.search(escape_controls_json(text))


def test_rules_list_and_show_escape_a_house_rules_text(draft):
    """A house rule file is input too: its message reaches the terminal escaped."""
    shown = run("rules", "show", "house.utilise")
    assert shown.exit_code == 0 and "House style" in shown.stdout
    assert_clean(shown)
    assert_clean(run("rules", "list"))


def test_a_note_about_a_hard_link_names_the_file_escaped(draft, tmp_path):
    import os

    os.link(draft, tmp_path / "other.txt")
    result = run("fix", "--no-languagetool", str(draft), "--in-place")
    assert result.exit_code == 0 and "hard link" in result.stderr
    assert_clean(result)
