"""The unified diff must apply with the real tools; CriticMarkup shows word changes."""

from __future__ import annotations

import subprocess

import pytest
from helpers import GIT, PATCH, apply_unified_diff, critic_accept, critic_reject

from copyedit.diffs import critic_markup, unified_diff, word_diff

LONG = "".join(f"line {i}\n" for i in range(30))

CASES = {
    "simple": ("The end  result.\n", "The result.\n"),
    "crlf": ("One  two.\r\nThree.\r\nFour  five.\r\n", "One two.\r\nThree.\r\nFour five.\r\n"),
    "no-trailing-newline": ("a\nb  c", "a\nb c"),
    "add-trailing-newline": ("a\nb", "a\nb\n"),
    "drop-trailing-newline": ("a\nb\n", "a\nb"),
    "crlf-no-trailing": ("x\r\ny  z", "x\r\ny z"),
    "form-feed": ("page one\x0cpage  two\nend\n", "page one\x0cpage two\nend\n"),
    "line-separator": ("a\u2028b  c\u2029d\x85e\nf\n", "a\u2028b c\u2029d\x85e\nf\n"),
    "lone-cr": ("a\rb  c\rd\n", "a\rb c\rd\n"),
    "nbsp-emoji": ("x\u00a0 y \U0001f600\n", "x y \U0001f600\n"),
    "bom": ("\ufeffTitle  here\n", "\ufeffTitle here\n"),
    "from-empty": ("", "new\n"),
    "to-empty": ("old\n", ""),
    "two-hunks": (LONG, LONG.replace("line 2\n", "LINE 2\n").replace("line 27\n", "L27\n")),
    "insert-lines": (LONG, LONG.replace("line 10\n", "line 10\nextra\nmore\n")),
    "delete-lines": (LONG, LONG.replace("line 0\nline 1\n", "")),
    "last-line-changed": (LONG + "tail", LONG + "TAIL"),
}


def run_tool(tool: str, tmp_path, old: str, new: str, name: str = "draft.txt") -> bytes:
    (tmp_path / name).write_bytes(old.encode())
    diff = unified_diff(old, new, name)
    (tmp_path / "fix.diff").write_bytes(diff.encode())
    if tool == "patch":
        cmd = [PATCH, "-p1", "--batch", "--silent", "-i", "fix.diff"]
    else:
        cmd = [GIT, "apply", "--unsafe-paths", "fix.diff"]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, timeout=30)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return (tmp_path / name).read_bytes()


@pytest.mark.skipif(PATCH is None, reason="patch not installed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_patch_applies_diff(case, tmp_path):
    old, new = CASES[case]
    assert run_tool("patch", tmp_path, old, new) == new.encode()


@pytest.mark.skipif(GIT is None, reason="git not installed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_git_apply_applies_diff(case, tmp_path):
    old, new = CASES[case]
    assert run_tool("git", tmp_path, old, new) == new.encode()


@pytest.mark.parametrize("case", sorted(CASES))
def test_python_applier_agrees(case):
    old, new = CASES[case]
    assert apply_unified_diff(old, unified_diff(old, new, "x.txt")) == new


def test_no_change_gives_empty_diff():
    assert unified_diff("same\n", "same\n", "x") == ""


def test_diff_headers_and_markers():
    diff = unified_diff("a\nb", "a\nc", "/abs/dir/x.txt")
    assert diff.splitlines()[:3] == [
        "--- a/abs/dir/x.txt",
        "+++ b/abs/dir/x.txt",
        "@@ -1,2 +1,2 @@",
    ]
    assert diff.count("\\ No newline at end of file\n") == 2


def test_crlf_kept_in_diff_lines():
    diff = unified_diff("a  b\r\n", "a b\r\n", "x")
    assert "-a  b\r\n" in diff and "+a b\r\n" in diff


def test_diff_lines_split_only_at_lf():
    diff = unified_diff("a\x0cb\u2028c  d\n", "a\x0cb\u2028c d\n", "x")
    assert "-a\x0cb\u2028c  d\n" in diff


def test_critic_substitution():
    assert critic_markup("It can not be.", "It cannot be.") == "It {~~can not~>cannot~~} be."
    assert critic_markup("prior to noon", "before noon") == "{~~prior to~>before~~} noon"


def test_critic_deletion():
    out = critic_markup("The end result.", "The result.")
    assert out in ("The {--end --}result.", "The{-- end--} result.")


@pytest.mark.parametrize("case", sorted(CASES))
def test_critic_accept_and_reject_round_trip(case):
    old, new = CASES[case]
    out = critic_markup(old, new)
    assert critic_accept(out) == new
    assert critic_reject(out) == old


def test_critic_insert_and_delete():
    assert critic_markup("a b", "a, b") == "a{++,++} b"
    assert critic_markup("a  b", "a b") == "a{~~  ~> ~~}b"


def test_critic_unchanged_text_identical():
    text = "Nothing\r\nchanged \U0001f600\u00a0here."
    assert critic_markup(text, text) == text


def test_critic_keeps_crlf_and_nbsp():
    out = critic_markup("x\u00a0 y\r\nz  w\r\n", "x y\r\nz w\r\n")
    assert out == "x{~~\u00a0 ~> ~~}y\r\nz{~~  ~> ~~}w\r\n"


def test_word_diff_round_trip():
    old, new = "The end result can not  wait.", "The result cannot wait."
    chunks = word_diff(old, new)
    assert "".join(c.old for c in chunks) == old
    assert "".join(c.new for c in chunks) == new
    assert {c.op for c in chunks} <= {"equal", "replace", "delete", "insert"}
