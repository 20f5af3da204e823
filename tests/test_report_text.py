"""The text report an editor reads: each finding as a code frame (the flagged words in an
excerpt of their line, carets under them, ``old → new``), repeats grouped, and the
suggested edits marked in plain text (CriticMarkup) when there is no colour."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from rich.console import Console

from copyedit.cli import build_engines, main
from copyedit.config import Config
from copyedit.document import Document
from copyedit.pipeline import check_documents
from copyedit.terminal import excerpt, group, plain, positions, render

ANSI = re.compile(r"\x1b\[[0-9;]*m")
DRAFT = (
    "The council can not meet on Tuesday, the mayor said. It can not wait for the "
    "budget either, officials said, and the block of votes is split.\n"
    "\n"
    "A short paragraph that can not be longer.\n"
)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / ".cache"))
    for name in ("FORCE_COLOR", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def check(*args: str, text: str = DRAFT, env: dict | None = None) -> str:
    with open("draft.txt", "w", encoding="utf-8") as f:
        f.write(text)
    result = CliRunner().invoke(
        main, ["check", "--no-languagetool", *args, "draft.txt"], env=env or {}
    )
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def report(text: str = DRAFT):
    engines = build_engines(Config(), languagetool=False)
    (r,) = check_documents([Document.from_text(text, "draft.txt")], engines)
    return r


# --- the excerpt -------------------------------------------------------------------------


def test_a_short_line_is_shown_whole():
    text = "He said it can not wait.\nNext line.\n"
    e = excerpt(text, 11, 18, 70)
    assert (e.before, e.flagged, e.after) == ("He said it ", "can not", " wait.")


def test_a_long_paragraph_line_is_trimmed_at_words_with_ellipses():
    text = " ".join(f"word{n}" for n in range(400)) + "\n"
    start = text.index("word200")
    e = excerpt(text, start, start + 7, 60)
    line = e.before + e.flagged + e.after
    assert e.flagged == "word200"
    assert e.before.startswith("…word") and e.after.endswith("…")
    assert cell_len(line) <= 60
    assert "word199 " in e.before and " word201" in e.after  # context both sides


def test_the_flagged_text_is_marked_even_when_longer_than_the_room():
    text = "Start. " + "very " * 60 + "long.\n"
    e = excerpt(text, 7, len(text) - 1, 50)
    assert e.before == "Start. " and e.flagged.endswith("…") and e.after == ""
    assert cell_len(e.before + e.flagged) <= 50


def test_line_breaks_inside_a_span_and_controls_are_shown_on_one_line_escaped():
    text = "One\x1b[2J two\nthree four.\n"
    e = excerpt(text, 8, 17, 70)
    assert e.flagged == "two three"
    assert e.before == "One\\x1b[2J " and "\n" not in e.after


def test_whitespace_only_flagged_text_is_made_visible():
    text = "Ends here.\u00a0 \nNext.\n"
    e = excerpt(text, 10, 12, 70)
    assert e.flagged == "⍽␣" and e.before == "Ends here."


def test_carets_sit_under_the_flagged_words_after_wide_characters(tmp_path):
    text = "Vote 🗳 today: the council can not meet on 会議 day.\n"
    out = check("--color", "never", text=text)
    lines = out.splitlines()
    (i,) = [n for n, line in enumerate(lines) if "^" in line and "cannot" in line]
    frame, carets = lines[i - 1], lines[i]
    before = frame[: frame.index("can not")]
    assert carets.index("^") == cell_len(before)
    assert carets.count("^") == len("can not")
    assert "can not → cannot" in carets


# --- grouping ----------------------------------------------------------------------------


def test_repeats_of_one_rule_on_one_term_are_one_entry_with_count_and_positions():
    r = report()
    cannot = [f for f in r.findings if f.rule == "news.cannot"]
    assert len(cannot) == 3
    (entry,) = [e for e in group(r.findings) if e.first.rule == "news.cannot"]
    assert entry.count == 3
    assert positions(entry) == "×3 (1:13, 1:57, 3:24)"
    out = check()
    assert out.count("news.cannot") == 1
    assert "can not → cannot  ×3 (1:13, 1:57, 3:24)" in out


def test_different_changes_or_words_are_not_grouped():
    text = "It can not wait. It Can not wait.\n"
    entries = [e for e in group(report(text).findings) if e.first.rule == "news.cannot"]
    assert [e.count for e in entries] == [1, 1]


def test_machine_formats_keep_one_record_per_finding():
    import json

    data = json.loads(check("--format", "json"))
    rules = [f["rule"] for f in data["files"][0]["findings"]]
    assert rules.count("news.cannot") == 3


# --- plain text and colour ---------------------------------------------------------------


def test_piped_report_marks_edits_in_critic_markup_and_shows_the_words():
    out = check()
    assert not ANSI.search(out)
    assert "Suggested edits ({~~old~>new~~}, {--deleted--}, {++inserted++})" in out
    assert "{~~can not~>cannot~~}" in out
    assert "can notcannot" not in out  # old and new never run together
    assert "The council can not meet on Tuesday" in out  # the words, in the finding's frame


def test_color_never_and_no_color_are_plain_and_always_is_coloured():
    coloured = check("--color", "always")
    assert ANSI.search(coloured) and "{~~" not in coloured
    assert "can notcannot" in ANSI.sub("", coloured)  # struck and underlined instead
    assert not ANSI.search(check("--color", "never"))
    no_color = check("--color", "always", env={"NO_COLOR": "1"})
    assert "{~~can not~>cannot~~}" in no_color


def test_plain_follows_the_console():
    assert plain(Console(file=io.StringIO()))
    assert plain(Console(file=io.StringIO(), force_terminal=True, no_color=True))
    assert not plain(Console(file=io.StringIO(), force_terminal=True, color_system="standard"))


def test_whitespace_edits_are_visible_in_plain_text():
    out = check(text="The vote was close.\u00a0 It passed.\n")
    assert "⍽␣ → ␣" in out and "{~~⍽␣~>␣~~}" in out


def test_render_to_a_narrow_console_keeps_excerpts_within_it():
    console = Console(file=io.StringIO(), width=60, color_system=None)
    text = " ".join(["The plan can not work, officials said."] * 30) + "\n"
    render([report(text)], console)
    frames = [line for line in console.file.getvalue().splitlines() if "…" in line]
    assert frames and all(cell_len(line) <= 60 for line in frames)
