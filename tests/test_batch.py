"""Batch and CI output: GitHub workflow commands and their escaping, the summary table,
the progress bar (only on a terminal), and the pre-commit hook definition run for real."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pexpect
import pytest
import yaml
from click.testing import CliRunner
from helpers import ROOT, check_text, finding

from copyedit.batch import severity_counts, summary_rows, wants_progress
from copyedit.cli import main
from copyedit.document import Document
from copyedit.github import annotation, annotations, escape_data, escape_property
from copyedit.model import Severity
from copyedit.pipeline import FileReport
from copyedit.readability import measure

COPYEDIT = Path(sys.executable).parent / "copyedit"
DIRTY = "The end result can not wait, officials said.\n"
CLEAN = "The council met on Tuesday.\nIt approved the budget.\n"


pytestmark = pytest.mark.usefixtures("shared_cache")


def _report(text: str, path: str = "a.txt") -> FileReport:
    doc, findings = check_text(text)
    doc = Document.from_text(text, path=path)
    return FileReport(doc, findings, measure(doc), ("rules",))


# --- GitHub workflow commands ------------------------------------------------------


def test_escape_data():
    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert escape_data("a:b,c") == "a:b,c"  # only properties escape these
    assert escape_data("%0A") == "%250A"  # % first, so an encoded-looking text survives


def test_escape_property():
    assert escape_property("dir,1/a:b.txt") == "dir%2C1/a%3Ab.txt"
    assert escape_property("50%\n") == "50%25%0A"


def test_annotation_line_and_columns():
    text = "Intro line.\nThe end result can not wait.\n"
    doc = Document.from_text(text, path="news/op,ed.txt")
    start = text.index("can not")
    f = finding(
        start,
        start + 7,
        "can not",
        ("cannot",),
        rule="news.cannot",
        severity=Severity.WARNING,
        message="Write 'cannot': 100%\nsure",
    )
    f = replace(f, line=2, column=16)
    assert annotation(doc, f) == (
        "::warning file=news/op%2Ced.txt,line=2,col=16,endLine=2,endColumn=23,"
        "title=copyedit news.cannot::Write 'cannot': 100%25%0Asure (suggested: cannot)"
    )


@pytest.mark.parametrize(
    ("severity", "level"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.SUGGESTION, "notice")],
)
def test_severity_maps_to_the_command(severity, level):
    doc = Document.from_text("abc\n")
    assert annotation(doc, finding(0, 1, "a", severity=severity)).startswith(f"::{level} ")


def test_a_finding_over_a_line_break_ends_on_the_next_line():
    text = "one\r\ntwo\n"
    doc = Document.from_text(text)
    f = finding(2, 7, text[2:7], ("x",))
    line = annotation(doc, f)
    assert "endLine=2,endColumn=3" in line


def test_whitespace_and_deletion_suggestions_are_visible():
    doc = Document.from_text("a  b\n")
    assert annotation(doc, finding(1, 3, "  ", (" ",))).endswith("(suggested: ' ')")
    assert annotation(doc, finding(1, 2, " ", ("",))).endswith("(suggested: (delete))")


def test_annotations_add_each_note_once():
    r = _report(DIRTY)
    r2 = _report(CLEAN, "b.txt")
    notes = ("LanguageTool not run (--no-languagetool)",)
    out = annotations([replace(r, notes=notes), replace(r2, notes=notes)])
    lines = out.splitlines()
    assert lines[-1] == "::notice title=copyedit::LanguageTool not run (--no-languagetool)"
    assert sum(line.startswith("::notice title=copyedit::") for line in lines) == 1
    assert len(lines) == len(r.findings) + 1


_COMMAND = re.compile(
    r"^::(error|warning|notice) file=([^,]*),line=(\d+),col=(\d+),endLine=(\d+),"
    r"endColumn=(\d+),title=([^,:]*)::(.*)$"
)


def test_check_format_github(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "drafts" / "b.md").write_text(CLEAN, encoding="utf-8")
    res = CliRunner().invoke(
        main, ["check", "drafts", "--format", "github", "--no-languagetool", "--fail-on", "warning"]
    )
    assert res.exit_code == 1
    lines = res.output.splitlines()
    parsed = [_COMMAND.match(line) for line in lines if not line.startswith("::notice title=")]
    assert parsed and all(parsed)
    cannot = next(m for m in parsed if m[7] == "copyedit news.cannot")
    assert cannot.groups()[:6] == ("warning", "drafts/a.txt", "1", "16", "1", "23")
    assert "Summary" not in res.output  # the table is for text output only
    res = CliRunner().invoke(
        main, ["check", "drafts/b.md", "--format", "github", "--no-languagetool"]
    )
    assert res.exit_code == 0
    notes = res.output.splitlines()  # a clean file: only the engines' notes, as notices
    assert notes[0] == "::notice title=copyedit::LanguageTool not run (--no-languagetool)"
    assert all(line.startswith("::notice title=copyedit::") for line in notes)


# --- summary table and progress bar ---------------------------------------------------


def test_summary_rows_count_by_severity_and_total():
    a, b = _report(DIRTY, "a.txt"), _report(CLEAN, "b.txt")
    counts = severity_counts(a)
    rows = summary_rows([a, b])
    assert rows[0][:4] == (
        "a.txt",
        str(counts[Severity.ERROR]),
        str(counts[Severity.WARNING]),
        str(counts[Severity.SUGGESTION]),
    )
    assert rows[1][:5] == ("b.txt", "0", "0", "0", str(b.stats.words))
    assert rows[2][0] == "total (2 files)"
    assert rows[2][1:5] == tuple(
        str(int(x) + int(y)) for x, y in zip(rows[0][1:5], rows[1][1:5], strict=True)
    )
    assert rows[0][5] == str(a.stats.flesch_kincaid_grade)


def test_wants_progress_only_on_a_terminal_with_several_files():
    class Tty:
        def __init__(self, tty):
            self.tty = tty

        def isatty(self):
            return self.tty

    assert wants_progress(2, Tty(True))
    assert not wants_progress(1, Tty(True))
    assert not wants_progress(5, Tty(False))


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "drafts"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(DIRTY, encoding="utf-8")
    (d / "sub" / "b.md").write_text(CLEAN, encoding="utf-8")
    (d / "sub" / "c.txt").write_text(DIRTY + "\n" + CLEAN, encoding="utf-8")
    (d / "notes.py").write_text("print('not a draft')\n", encoding="utf-8")
    return d


def test_check_folder_prints_a_summary_table_and_no_bar_off_a_terminal(tmp_path, folder):
    env = {"COLUMNS": "160"}
    res = CliRunner().invoke(main, ["check", str(folder), "--no-languagetool"], env=env)
    out = res.output
    assert "Summary" in out and "total (3 files)" in out
    table = out[out.index("Summary") :]
    for name in ("a.txt", "b.md", "c.txt"):
        assert name in table
    assert "notes.py" not in out
    assert "checking" not in out  # no progress bar when stderr is not a terminal
    single = CliRunner().invoke(
        main, ["check", str(folder / "a.txt"), "--no-languagetool"], env=env
    )
    assert "Summary" not in single.output


def test_progress_bar_in_a_terminal(tmp_path, folder):
    env = dict(os.environ, COLUMNS="160", TERM="xterm")  # rich draws no bar on a dumb terminal
    child = pexpect.spawn(
        str(COPYEDIT),
        ["check", "drafts", "--no-languagetool", "--format", "json"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 160),
    )
    child.expect(pexpect.EOF)
    child.close()
    out = child.before
    assert re.search(r"checking.*3/3", out)  # the bar, on the terminal's stderr
    assert '"version": 1' in out
    # the same run with stderr to a pipe: no bar
    run = subprocess.run(
        [str(COPYEDIT), "check", "drafts", "--no-languagetool", "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.stderr == "" and "3/3" not in run.stdout


# --- pre-commit ---------------------------------------------------------------------


def test_pre_commit_hook_definition_runs(tmp_path):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "copyedit" and hook["language"] == "python"
    assert hook["entry"] == "copyedit check"
    files = re.compile(hook["files"])
    for name in ("a.txt", "news/b.md", "c.docx"):
        assert files.search(name), name
    for name in ("a.py", "txt", "a.txt.bak", "README"):
        assert not files.search(name), name
    # run the entry as pre-commit does: entry, args, then the staged files' names
    assert COPYEDIT.exists()
    (tmp_path / "copyedit.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    (tmp_path / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    env = dict(os.environ)
    argv = [str(COPYEDIT), *hook["entry"].split()[1:], *hook.get("args", []), "--no-languagetool"]
    bad = subprocess.run(
        [*argv, "dirty.txt", "clean.md"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert bad.returncode == 1, bad.stderr
    assert "news.cannot" in bad.stdout and "total (2 files)" in bad.stdout
    good = subprocess.run(
        [*argv, "clean.md"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert good.returncode == 0, good.stderr + good.stdout
