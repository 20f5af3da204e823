"""Faults in copyedit's surroundings: a LanguageTool URL with a bad port, a rule file
Python refuses or built to blow up, a decisions file nested thousands deep, and
``review`` with its standard input closed or answered oddly. Each ends in one line on
stderr with its documented exit code, never a traceback, and writes nothing.

The commands run in a child process (``review`` needs a real, closable stdin)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from copyedit.review import Action, Answer, parse_answer

COPYEDIT = Path(sys.executable).parent / "copyedit"
DRAFT = "The end result can not wait, officials said.\n"

pytestmark = pytest.mark.usefixtures("shared_cache")


def cli(
    *args: str, cwd: Path, stdin: bytes | None = b"", close_stdin: bool = False
) -> subprocess.CompletedProcess:
    """``copyedit ARGS`` in ``cwd``; ``close_stdin`` runs it with no standard input at
    all (file descriptor 0 closed, as ``<&-`` in a shell)."""
    env = dict(os.environ, NO_COLOR="1", TERM="dumb")
    if close_stdin:
        return subprocess.run(
            ["sh", "-c", '"$0" "$@" <&-', str(COPYEDIT), *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            timeout=300,
        )
    return subprocess.run(
        [str(COPYEDIT), *args], cwd=cwd, env=env, input=stdin, capture_output=True, timeout=300
    )


def one_line_error(res: subprocess.CompletedProcess, code: int, *says: str) -> str:
    """The run's stderr is one ``copyedit: error:`` line holding ``says``, exit ``code``."""
    err = res.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert res.returncode == code, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("copyedit: error: "), err
    for text in says:
        assert text in lines[0], lines[0]
    return lines[0]


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    (tmp_path / "d.txt").write_text(DRAFT, encoding="utf-8")
    return tmp_path


# --- review input ------------------------------------------------------------------


def test_review_with_stdin_closed_is_one_line_exit_2_and_writes_nothing(draft):
    before = files(draft)
    res = cli("review", "--no-languagetool", "d.txt", cwd=draft, close_stdin=True)
    one_line_error(res, 2, "standard input", "nothing written")
    assert files(draft) == before


@pytest.mark.parametrize("typed", ["²", "٣", "¹", "1²", "Ⅰ", "１"])
def test_a_digit_like_character_is_not_an_answer(typed):
    assert parse_answer(typed, 3) is None
    assert parse_answer("2", 3) == Answer(Action.ACCEPT, 1)


@pytest.mark.parametrize("typed", ["²", "٣"])
def test_review_asks_again_after_a_digit_like_character(draft, typed):
    before = files(draft)
    res = cli("review", "--no-languagetool", "d.txt", cwd=draft, stdin=f"{typed}\nq\n".encode())
    err = res.stderr.decode()
    assert res.returncode == 0 and "Traceback" not in err, err
    assert "answer with one of" in res.stdout.decode()
    assert files(draft) == before


def test_review_edit_typed_in_bytes_that_are_not_utf8_is_asked_again(draft):
    """The replacement cannot be written into a UTF-8 draft: the editor types it again."""
    res = cli(
        "review",
        "--no-languagetool",
        "d.txt",
        cwd=draft,
        stdin=b"e\nresult\xff\nresult\nq\n",
    )
    err = res.stderr.decode("utf-8", "replace")
    assert res.returncode == 0 and "Traceback" not in err, err
    assert "not UTF-8" in res.stdout.decode("utf-8", "replace")
    assert (draft / "d.reviewed.txt").read_text(encoding="utf-8").startswith("The result can")


# --- baseline ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"version": 1, "kind": "copyedit-baseline", "entries": '
        + "[" * 50_000
        + "]" * 50_000
        + "}",
        '{"version": 1, "entries": [{"rule": ' + '{"a": ' * 20_000 + "1" + "}" * 20_000 + "}]}",
    ],
    ids=["array", "entries", "field"],
)
@pytest.mark.parametrize("command", ["check", "review"])
def test_a_baseline_nested_thousands_deep_is_one_line_exit_2(draft, content, command):
    (draft / "b.json").write_text(content, encoding="utf-8")
    before = files(draft)
    res = cli(command, "--no-languagetool", "d.txt", "--baseline", "b.json", cwd=draft)
    one_line_error(res, 2, "b.json", "not a copyedit baseline", "nested")
    assert files(draft) == before
