"""The draft is never damaged: no output may be the draft, the draft is replaced only with
--in-place and only if unchanged since it was read, links are written through, and only
regular files of bounded size are read as drafts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner

from copyedit.cli import main
from copyedit.errors import CopyeditError, InputError
from copyedit.files import MAX_DRAFT_BYTES, guard_outputs, read_draft, write_atomic

FIXABLE = "The end result can not wait, officials said.\n\nPrior to the vote the council met.\n"
FIXED = "The result cannot wait, officials said.\n\nBefore the vote the council met.\n"
CLEAN = "The council met on Tuesday.\n"
SAFE_FIXED = FIXABLE.replace("can not", "cannot")
"""What ``fix`` applies unasked (``--accept safe``)."""
COPYEDIT = Path(sys.executable).parent / "copyedit"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / ".cache"))
    return tmp_path


def run(*args: str):
    command, *rest = args
    return CliRunner().invoke(main, [command, "--no-languagetool", *rest])


def refused(result, says: str = "would overwrite the draft") -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    line = result.stderr.strip()
    assert "\n" not in line and says in line, result.stderr
    return line


# --- 1. no output is the draft ---------------------------------------------------------


@pytest.mark.parametrize("text", [FIXABLE, CLEAN], ids=["edits", "nothing-to-change"])
@pytest.mark.parametrize(
    "args",
    [
        ("fix", "d.txt", "--diff", "d.txt"),
        ("fix", "d.txt", "--critic", "d.txt"),
        ("fix", "d.txt", "-o", "d.txt"),
        ("fix", "d.txt", "-o", "./sub/../d.txt"),
        ("fix", "d.txt", "--diff", "link.txt"),
        ("fix", "d.txt", "--critic", "hard.txt"),
        ("check", "d.txt", "--format", "github", "-o", "d.txt"),
        ("check", "d.txt", "--format", "json", "-o", "link.txt"),
        ("check", ".", "--format", "html", "-o", "d.txt"),
    ],
)
def test_no_output_may_be_the_draft(tmp_path, args, text):
    draft = tmp_path / "d.txt"
    draft.write_text(text, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.txt").symlink_to(draft)
    os.link(draft, tmp_path / "hard.txt")
    refused(run(*args))
    assert draft.read_text(encoding="utf-8") == text
    assert (tmp_path / "link.txt").is_symlink()


def test_review_refuses_a_baseline_that_is_the_draft(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(FIXABLE, encoding="utf-8")
    refused(
        CliRunner().invoke(main, ["review", "d.txt", "--no-languagetool", "--baseline", "d.txt"])
    )
    assert draft.read_text(encoding="utf-8") == FIXABLE


def test_two_outputs_may_not_be_one_file(tmp_path):
    (tmp_path / "d.txt").write_text(FIXABLE, encoding="utf-8")
    refused(run("fix", "d.txt", "--diff", "e.out", "--critic", "./e.out"), "name the same file")
    assert not (tmp_path / "e.out").exists()


def test_guard_outputs_lets_other_files_through(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(CLEAN, encoding="utf-8")
    guard_outputs([draft], [("--diff", tmp_path / "d.diff"), ("--output", None), ("-o", Path("-"))])


# --- 2. --in-place only if the draft is unchanged since read ----------------------------


def test_write_atomic_refuses_when_the_draft_changed_since_read(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(FIXABLE, encoding="utf-8")
    _, source = read_draft(draft, MAX_DRAFT_BYTES)
    draft.write_text(FIXABLE + "\nA late paragraph.\n", encoding="utf-8")
    with pytest.raises(CopyeditError, match="changed"):
        write_atomic(draft, FIXED, expect=source)
    assert draft.read_text(encoding="utf-8").endswith("A late paragraph.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.txt"]


def test_fix_in_place_refuses_a_draft_changed_during_the_check(tmp_path, monkeypatch):
    import copyedit.cli as cli

    draft = tmp_path / "d.txt"
    draft.write_text(FIXABLE, encoding="utf-8")
    real = cli.fix_document

    def reporter_edits_meanwhile(*args, **kwargs):
        draft.write_text(FIXABLE + "\nA late paragraph.\n", encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "fix_document", reporter_edits_meanwhile)
    refused(run("fix", "d.txt", "--in-place", "--diff", "d.diff"), "the draft changed")
    assert draft.read_text(encoding="utf-8") == FIXABLE + "\nA late paragraph.\n"
    assert not (tmp_path / "d.diff").exists()


def test_review_in_place_refuses_a_draft_changed_during_the_review(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(FIXABLE, encoding="utf-8")
    env = dict(os.environ, NO_COLOR="1", TERM="dumb", COPYEDIT_CACHE=str(tmp_path / ".cache"))
    child = pexpect.spawn(
        str(COPYEDIT),
        ["review", "d.txt", "--in-place", "--no-languagetool"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 200),
    )
    child.expect(r"\[q\]uit > ")
    changed = FIXABLE + "\nA paragraph the reporter added during the review.\n"
    draft.write_text(changed, encoding="utf-8")
    child.sendline("a")
    child.expect(r"\[q\]uit > ")
    child.sendline("q")
    child.expect("copyedit: error: .*the draft changed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert draft.read_text(encoding="utf-8") == changed
    assert not (tmp_path / "d.txt.diff").exists()


def test_review_in_place_writes_an_unchanged_draft(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(FIXABLE, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["review", "d.txt", "--in-place", "--no-languagetool"], input="a\na\na\n"
    )
    assert result.exit_code == 0, result.output
    assert draft.read_text(encoding="utf-8") == FIXED


# --- 3. --in-place through a symbolic link, owner and hard links -----------------------


def test_fix_in_place_writes_through_a_symbolic_link(tmp_path):
    target = tmp_path / "real" / "d.txt"
    target.parent.mkdir()
    target.write_text(FIXABLE, encoding="utf-8")
    link = tmp_path / "d.txt"
    link.symlink_to(target)
    result = run("fix", "d.txt", "--in-place")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == SAFE_FIXED
    assert sorted(p.name for p in target.parent.iterdir()) == ["d.txt"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_fix_in_place_keeps_the_owner_and_mode(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(FIXABLE, encoding="utf-8")
    os.chown(draft, 4321, 4322)
    os.chmod(draft, 0o640)
    assert run("fix", "d.txt", "--in-place").exit_code == 0
    st = draft.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (4321, 4322, 0o640)
    assert draft.read_text(encoding="utf-8") == SAFE_FIXED


def test_fix_in_place_says_what_happened_to_a_hard_link(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(FIXABLE, encoding="utf-8")
    os.link(draft, tmp_path / "other-name.txt")
    result = run("fix", "d.txt", "--in-place")
    assert result.exit_code == 0, result.stderr
    assert "hard link" in result.stderr and "keep the old text" in result.stderr
    assert draft.read_text(encoding="utf-8") == SAFE_FIXED
    assert (tmp_path / "other-name.txt").read_text(encoding="utf-8") == FIXABLE


# --- 14. only regular files, of bounded size --------------------------------------------


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The real command in a child with a time limit: a read that blocks fails the test
    instead of hanging it."""
    return subprocess.run(
        [str(COPYEDIT), *args], cwd=cwd, capture_output=True, text=True, timeout=30
    )


@pytest.mark.parametrize("name", ["pipe.txt", "/dev/zero"])
def test_only_a_regular_file_is_a_draft(tmp_path, name):
    if name == "pipe.txt":
        os.mkfifo(tmp_path / name)
    done = cli("check", "--no-languagetool", name, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().endswith("not a regular file (a pipe, device or socket); not read")
    assert "Traceback" not in done.stderr


def test_a_draft_over_the_limit_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: no 2 MB written
        fh.truncate(MAX_DRAFT_BYTES + 1)
    line = refused(run("check", "big.txt"), "too large")
    assert "limit" in line
    with pytest.raises(InputError, match="too large"):
        read_draft(big, MAX_DRAFT_BYTES)


def test_a_folder_skips_pipes(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text(CLEAN, encoding="utf-8")
    os.mkfifo(tmp_path / "drafts" / "b.txt")
    result = run("check", "drafts", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"drafts/a.txt"' in result.stdout and "b.txt" not in result.stdout


def test_in_place_refuses_a_link_that_now_leads_elsewhere(tmp_path):
    (tmp_path / "a.txt").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CLEAN, encoding="utf-8")
    link = tmp_path / "d.txt"
    link.symlink_to(tmp_path / "a.txt")
    _, source = read_draft(link, MAX_DRAFT_BYTES)
    link.unlink()
    link.symlink_to(tmp_path / "b.txt")
    with pytest.raises(CopyeditError, match="no longer leads to the file"):
        write_atomic(link, SAFE_FIXED, expect=source)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == FIXABLE
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == CLEAN


# --- the one atomic writer, for caches too ------------------------------------------------


def test_replace_file_leaves_nothing_behind_when_filling_fails(tmp_path):
    from copyedit.files import replace_file

    target = tmp_path / "store.sqlite"
    target.write_bytes(b"old")

    def broken(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        replace_file(target, broken, 0o644)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.sqlite"]


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path):
    from copyedit.files import store

    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    assert store(tmp_path / "not-a-folder" / "cache.bin", b"data") is False
    assert store(tmp_path / "cache" / "cache.bin", b"data") is True
    assert (tmp_path / "cache" / "cache.bin").read_bytes() == b"data"
    assert (tmp_path / "cache" / "cache.bin").stat().st_mode & 0o777 == 0o644


def test_check_runs_when_the_cache_folder_is_a_file(tmp_path, monkeypatch):
    """Every cache copyedit writes (real-word store, syllables, readability, findings)
    only saves time: a cache path that cannot be a folder costs speed, not the run."""
    (tmp_path / "cache-is-a-file").write_text("x", encoding="utf-8")
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache-is-a-file"))
    (tmp_path / "d.txt").write_text(FIXABLE, encoding="utf-8")
    result = run("check", "d.txt", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    assert "news.cannot" in result.stdout


def test_a_docx_whose_text_is_over_the_limit_is_refused(tmp_path, monkeypatch):
    import docx

    import copyedit.files

    d = docx.Document()
    d.add_paragraph("Prior to the vote, the council met. " * 10)
    d.save(str(tmp_path / "d.docx"))
    monkeypatch.setattr(copyedit.files, "MAX_DRAFT_BYTES", 100)
    line = refused(run("check", "d.docx"), "its text is too large")
    assert "the limit is 100 bytes" in line
