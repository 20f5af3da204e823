"""The command line through click's CliRunner: exit codes, the JSON contract, fix outputs,
rule listing, stats, and one clean line on stderr for every bad input."""

from __future__ import annotations

import json
import os
import stat

import pytest
from click.testing import CliRunner
from helpers import HOUSE_RULE

from copyedit.cli import main

DRAFT = (
    "The end result can not  wait, officials said.\r\n"
    "\r\n"
    "He said \u201cthe end result can not wait\u201d.\u00a0\r\n"
    "Prior to the vote \U0001f5f3 the council met (again.\r\n"
)
CLEAN = "The council met on Tuesday.\nIt approved the budget.\n"


def _no_lt(command: str) -> list[str]:
    """``--no-languagetool`` when the command has it (LanguageTool tests are elsewhere)."""
    params = main.commands[command].params
    return ["--no-languagetool"] if any(p.name == "no_languagetool" for p in params) else []


def run(*args: str, input: str | bytes | None = None):
    args_list = list(args)
    if args_list and args_list[0] in ("check", "fix"):
        args_list[1:1] = _no_lt(args_list[0])
    return CliRunner().invoke(main, args_list, input=input)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / ".cache"))
    monkeypatch.delenv("COPYEDIT_REQUIRE_LANGUAGETOOL", raising=False)
    return tmp_path


def draft(tmp_path, text: str = DRAFT, name: str = "draft.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def one_clean_error_line(result, code: int = 2) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# --- check -----------------------------------------------------------------------------------


def test_check_clean_file_exit_0(tmp_path):
    result = run("check", str(draft(tmp_path, CLEAN)))
    assert result.exit_code == 0, result.output
    assert "no findings" in result.stdout


def test_check_text_report(tmp_path):
    result = run("check", str(draft(tmp_path)))
    assert result.exit_code == 0  # only warnings and suggestions; fail-on defaults to error
    out = result.stdout
    assert "news.cannot" in out and "news.redundancy" in out
    assert "in a quotation" in out
    assert "Suggested edits" in out and "Readability" in out


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 0), ("warning", 1), ("suggestion", 1), ("never", 0)]
)
def test_check_fail_on(tmp_path, fail_on, code):
    result = run("check", str(draft(tmp_path)), "--fail-on", fail_on)
    assert result.exit_code == code


def test_check_fail_on_suggestion_only(tmp_path):
    path = draft(tmp_path, "In order to win, they ran.\n")
    assert run("check", str(path), "--fail-on", "warning").exit_code == 0
    assert run("check", str(path), "--fail-on", "suggestion").exit_code == 1


def test_check_error_severity_fails_by_default(tmp_path):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "utilise.yml").write_text(HOUSE_RULE)
    (tmp_path / "copyedit.toml").write_text('rule-folders = ["house"]\n')
    path = draft(tmp_path, "We utilise it.\n")
    result = run("check", str(path), "--format", "json")
    assert result.exit_code == 1
    (f,) = json.loads(result.stdout)["files"][0]["findings"]
    assert f["rule"] == "house.utilise" and f["severity"] == "error"
    assert run("check", str(path), "--fail-on", "never").exit_code == 0


def test_config_fail_on_used_and_flag_overrides(tmp_path):
    (tmp_path / "copyedit.toml").write_text('fail-on = "warning"\n')
    path = draft(tmp_path)
    assert run("check", str(path)).exit_code == 1
    assert run("check", str(path), "--fail-on", "never").exit_code == 0


def _rules(result) -> set[str]:
    return {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]}


def test_check_select_and_ignore(tmp_path):
    path = str(draft(tmp_path))
    assert _rules(run("check", path, "--format", "json", "--select", "news.cannot")) == {
        "news.cannot"
    }
    assert _rules(run("check", path, "--format", "json", "--select", "news.cannot,news.wordy")) == {
        "news.cannot",
        "news.wordy",
    }
    assert _rules(
        run("check", path, "--format", "json", "--select", "news", "--ignore", "news.cannot")
    ) >= {"news.redundancy"}
    assert "news.cannot" not in _rules(
        run("check", path, "--format", "json", "--ignore", "grammar")
    )
    assert _rules(run("check", path, "--format", "json", "--ignore", "rules")) == set()


def test_config_select_and_cli_ignore_combine(tmp_path):
    (tmp_path / "copyedit.toml").write_text('select = ["news.cannot", "news.wordy"]\n')
    path = str(draft(tmp_path))
    assert _rules(run("check", path, "--format", "json")) == {"news.cannot", "news.wordy"}
    assert _rules(run("check", path, "--format", "json", "--ignore", "news.wordy")) == {
        "news.cannot"
    }
    # --select on the command line replaces the config's
    assert _rules(run("check", path, "--format", "json", "--select", "news.redundancy")) == {
        "news.redundancy"
    }


FINDING_KEYS = {
    "rule",
    "engine",
    "category",
    "severity",
    "start",
    "end",
    "line",
    "column",
    "text",
    "message",
    "replacements",
    "confidence",
    "applicability",
    "in_quote",
    "agreed",
}


def test_check_json_contract(tmp_path):
    md = draft(tmp_path, "# Title\n\nUse `can not` but the end  result.\n", "b.md")
    txt = draft(tmp_path)
    result = run("check", str(txt), str(md), "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert [f["path"] for f in data["files"]] == [str(txt), str(md)]
    for entry in data["files"]:
        assert {"path", "findings", "stats", "engines", "notes"} <= set(entry)
        assert {"words", "sentences", "readability"} <= set(entry["stats"])
        assert {"flesch_reading_ease", "flesch_kincaid_grade", "longest_sentences"} <= set(
            entry["stats"]["readability"]
        )
        text = open(entry["path"], "rb").read().decode("utf-8")
        assert entry["findings"]
        for f in entry["findings"]:
            assert FINDING_KEYS <= set(f)
            assert text[f["start"] : f["end"]] == f["text"]
            assert f["line"] >= 1 and f["column"] >= 1
            assert f["severity"] in ("error", "warning", "suggestion")
            assert f["applicability"] in ("safe", "unsafe", "display-only")
            assert 0 <= f["confidence"] <= 1
        starts = [(f["start"], f["end"]) for f in entry["findings"]]
        assert starts == sorted(starts)
    txt_findings = data["files"][0]["findings"]
    quoted = [f for f in txt_findings if f["in_quote"]]
    assert "news.cannot" in {f["rule"] for f in quoted}  # a slip in speech: shown, not applied
    assert all(f["applicability"] == "display-only" for f in quoted)
    assert "news.redundancy" not in {f["rule"] for f in quoted}  # no style edits in speech
    md_findings = data["files"][1]["findings"]
    assert "news.cannot" not in {f["rule"] for f in md_findings}  # it was in code


def test_check_json_line_column_with_crlf_and_emoji(tmp_path):
    result = run("check", str(draft(tmp_path)), "--format", "json", "--select", "news.wordy")
    (f,) = json.loads(result.stdout)["files"][0]["findings"]
    assert (f["line"], f["column"]) == (4, 1)
    assert f["text"] == "Prior to"


def test_check_folder(tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    draft(folder, CLEAN, "a.txt")
    draft(folder, DRAFT, "b.md")
    (folder / "image.png").write_bytes(b"\x89PNG\x00")
    result = run("check", str(folder), "--format", "json", "--fail-on", "never")
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [
        str(folder / "a.txt"),
        str(folder / "b.md"),
    ]


def test_check_empty_file_clean(tmp_path):
    path = draft(tmp_path, "")
    result = run("check", str(path), "--format", "json", "--fail-on", "suggestion")
    assert result.exit_code == 0
    entry = json.loads(result.stdout)["files"][0]
    assert entry["findings"] == [] and entry["stats"]["words"] == 0
    assert run("check", str(path)).exit_code == 0


# --- fix -------------------------------------------------------------------------------------

SAFE_FIXED = (
    "The end result cannot wait, officials said.\r\n"
    "\r\n"
    "He said \u201cthe end result can not wait\u201d.\r\n"
    "Prior to the vote \U0001f5f3 the council met (again.\r\n"
)
UNSAFE_FIXED = SAFE_FIXED.replace("The end result", "The result").replace("Prior to", "Before")


def test_fix_to_stdout(tmp_path):
    path = draft(tmp_path)
    result = run("fix", str(path))
    assert result.exit_code == 0
    assert result.stdout_bytes == SAFE_FIXED.encode()
    assert "3 edit(s) applied" in result.stderr
    assert "1 in quotations" in result.stderr  # "can not"; no style edit in speech
    assert path.read_bytes() == DRAFT.encode()  # the draft itself untouched


def test_fix_output_file_and_accept_unsafe(tmp_path, uncalibrated):
    path = draft(tmp_path)
    out = tmp_path / "out.txt"
    result = run("fix", str(path), "--accept", "unsafe", "--output", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_bytes() == UNSAFE_FIXED.encode()


def test_fix_output_dash_is_stdout(tmp_path):
    result = run("fix", str(draft(tmp_path)), "-o", "-")
    assert result.stdout_bytes == SAFE_FIXED.encode()


def test_fix_diff_and_critic(tmp_path):
    from helpers import apply_unified_diff, critic_accept, critic_reject

    path = draft(tmp_path)
    diff, critic = tmp_path / "d.diff", tmp_path / "c.md"
    result = run("fix", str(path), "--diff", str(diff), "--critic", str(critic))
    assert result.exit_code == 0
    assert result.stdout == ""  # diffs asked for: no text on stdout
    patch = diff.read_bytes().decode()
    assert patch.startswith("--- a/draft.txt\n+++ b/draft.txt\n")
    assert apply_unified_diff(DRAFT, patch) == SAFE_FIXED
    marked = critic.read_bytes().decode()
    assert "{~~can~>cannot~~}" in marked or "{~~can not~>cannot~~}" in marked
    assert critic_accept(marked) == SAFE_FIXED
    assert critic_reject(marked) == DRAFT


def test_fix_in_place_atomic_keeps_mode(tmp_path):
    path = draft(tmp_path)
    os.chmod(path, 0o640)
    inode = path.stat().st_ino
    result = run("fix", str(path), "--in-place")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == SAFE_FIXED.encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != inode  # replaced by rename, not rewritten
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == ["draft.txt"]


def test_new_outputs_get_the_usual_permissions_not_owner_only(tmp_path):
    path = draft(tmp_path)
    old = os.umask(0o022)
    try:
        result = run("fix", str(path), "-o", "out.txt", "--diff", "out.diff")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    for name in ("out.txt", "out.diff"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644


def test_fix_in_place_without_edits_leaves_file_alone(tmp_path):
    path = draft(tmp_path, CLEAN)
    before = path.stat()
    result = run("fix", str(path), "--in-place")
    assert result.exit_code == 0
    assert path.read_bytes() == CLEAN.encode()
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns


@pytest.mark.parametrize(
    "text",
    [
        CLEAN,
        "\ufeffBOM and CRLF\r\nand a lone CR\rand\u00a0nbsp \U0001f600\r\n",
        "He said \u201cthe end result can not  wait\u201d.",
        "",
        "no newline at end",
    ],
)
def test_fix_without_applicable_edits_is_byte_identical(tmp_path, text):
    path = draft(tmp_path, text)
    out = tmp_path / "out.txt"
    diff = tmp_path / "d.diff"
    result = run("fix", str(path), "--output", str(out), "--diff", str(diff))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == text.encode()
    assert diff.read_bytes() == b""
    assert run("fix", str(path)).stdout_bytes == text.encode()


def test_fix_select_limits_edits(tmp_path):
    path = draft(tmp_path, "It can not  be.\n")
    result = run("fix", str(path), "--select", "news.double-space")
    assert result.stdout_bytes == b"It can not be.\n"
    result = run("fix", str(path), "--ignore", "typography")
    assert result.stdout_bytes == b"It cannot  be.\n"


def test_fix_output_and_in_place_conflict(tmp_path):
    result = run("fix", str(draft(tmp_path)), "--in-place", "--output", "x.txt")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.txt").exists()


def test_fix_markdown_leaves_code_alone(tmp_path):
    text = "Use `can not  be` here; it can not  be.\n\n    can not  be\n"
    path = draft(tmp_path, text, "a.md")
    result = run("fix", str(path))
    assert result.stdout_bytes.decode() == (
        "Use `can not  be` here; it cannot be.\n\n    can not  be\n"
    )


# --- rules and stats ---------------------------------------------------------------------------


def test_rules_list():
    result = run("rules", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    ids = [line.split()[0] for line in lines]
    assert "news.cannot" in ids and "news.unbalanced-quotes" in ids
    cannot = next(line for line in lines if line.startswith("news.cannot "))
    assert cannot.split()[1:] == ["substitution", "grammar", "warning", "safe"]
    percent = next(line for line in lines if line.startswith("ap.percent "))
    assert percent.split()[-1] == "off"  # off by default: its file says why


def test_rules_list_includes_house_rules(tmp_path):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "utilise.yml").write_text(HOUSE_RULE)
    (tmp_path / "copyedit.toml").write_text('rule-folders = ["house"]\n')
    result = run("rules", "list")
    assert any(line.startswith("house.utilise ") for line in result.stdout.splitlines())


def test_rules_show():
    result = run("rules", "show", "news.cannot")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("news.cannot (substitution) from ")
    assert "cannot.yml" in out
    assert "bad:  The visit can not be linked to the invasion." in out
    assert "→ The visit cannot be linked to the invasion." in out
    assert "good: The minister cannot attend." in out


def test_rules_show_unknown():
    line = one_clean_error_line(run("rules", "show", "nope"))
    assert "nope" in line and line.startswith("copyedit: error:")


def test_stats_text(tmp_path):
    path = draft(tmp_path, "The council met. It voted. " + "Word " * 30 + "end.\n")
    result = run("stats", str(path))
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{path}: 36 words, 3 sentences, Flesch reading ease ")
    assert "31 words, line 1" in result.stdout


def test_stats_json(tmp_path):
    path = draft(tmp_path)
    result = run("stats", str(path), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["version"] == 1
    (entry,) = data["files"]
    assert entry["path"] == str(path)
    stats = entry["stats"]
    assert stats["sentences"] >= 2 and stats["words"] > 10
    text = DRAFT
    for s in stats["readability"]["longest_sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and "copyedit" in result.stdout


# --- bad inputs: one line on stderr, exit 2, no traceback --------------------------------------


def _bad_input(tmp_path, case: str) -> list[str]:
    if case == "missing":
        return ["check", "missing.txt"]
    if case == "binary":
        (tmp_path / "b.txt").write_bytes(b"GIF89a\x00\x01\x02")
        return ["check", "b.txt"]
    if case == "latin-1":
        (tmp_path / "l.txt").write_bytes("ok\ncaf\u00e9\n".encode("latin-1"))
        return ["check", "l.txt"]
    if case == "empty-folder":
        (tmp_path / "empty").mkdir()
        return ["check", "empty"]
    if case == "folder-without-drafts":
        (tmp_path / "pics").mkdir()
        (tmp_path / "pics" / "a.png").write_bytes(b"x")
        return ["check", "pics"]
    if case == "bad-config-key":
        (tmp_path / "copyedit.toml").write_text('colour = "red"\n')
        draft(tmp_path, CLEAN)
        return ["check", "draft.txt"]
    if case == "bad-toml":
        (tmp_path / "copyedit.toml").write_text("fail-on = [\n")
        draft(tmp_path, CLEAN)
        return ["check", "draft.txt"]
    if case == "missing-explicit-config":
        draft(tmp_path, CLEAN)
        return ["--config", "nope.toml", "check", "draft.txt"]
    if case == "bad-rule-file":
        (tmp_path / "house").mkdir()
        (tmp_path / "house" / "r.yml").write_text("extends: substitution\nswap: {a: b}\n")
        (tmp_path / "copyedit.toml").write_text('rule-folders = ["house"]\n')
        draft(tmp_path, CLEAN)
        return ["check", "draft.txt"]
    if case == "fix-missing":
        return ["fix", "missing.txt"]
    if case == "fix-folder":
        return ["fix", "."]
    if case == "fix-binary":
        (tmp_path / "b.txt").write_bytes(b"\x00\x01")
        return ["fix", "b.txt"]
    if case == "fix-output-unwritable":
        draft(tmp_path)
        return ["fix", "draft.txt", "--output", "no/such/folder/out.txt"]
    if case == "stats-missing":
        return ["stats", "missing.txt"]
    if case == "stats-latin-1":
        (tmp_path / "l.txt").write_bytes(b"\xe9t\xe9")
        return ["stats", "l.txt"]
    raise AssertionError(case)


BAD_INPUTS = [
    "missing",
    "binary",
    "latin-1",
    "empty-folder",
    "folder-without-drafts",
    "bad-config-key",
    "bad-toml",
    "missing-explicit-config",
    "bad-rule-file",
    "fix-missing",
    "fix-folder",
    "fix-binary",
    "fix-output-unwritable",
    "stats-missing",
    "stats-latin-1",
]


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_one_line_exit_2(tmp_path, case):
    args = _bad_input(tmp_path, case)
    if args[0] in ("check", "fix"):
        args[1:1] = _no_lt(args[0])
    result = CliRunner().invoke(main, args)
    line = one_clean_error_line(result)
    assert line.startswith("copyedit: error: ")
    assert result.stdout == ""


def test_non_utf8_error_names_line(tmp_path):
    args = _bad_input(tmp_path, "latin-1")
    line = one_clean_error_line(run(*args))
    assert "l.txt" in line and "line 2" in line


def test_unreadable_file(tmp_path):
    path = draft(tmp_path, CLEAN)
    os.chmod(path, 0)
    try:
        try:
            path.read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip("running with privileges that read a mode-000 file")
        line = one_clean_error_line(run("check", str(path)))
        assert "cannot read" in line
    finally:
        os.chmod(path, 0o644)


def test_missing_paths_is_usage_error():
    result = run("check")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_brackets_in_text_and_path_are_not_console_markup(tmp_path):
    text = "The list [/b] was long. It ended [bold]here.\n"
    path = draft(tmp_path, text, "notes [bold].txt")
    result = run("stats", str(path))
    assert result.exit_code == 0, result.output
    assert "[/b]" in result.stdout and "[bold]here." in result.stdout
    assert str(path) in result.stdout
    result = run("check", str(path))
    assert result.exit_code == 0, result.output
    assert "notes [bold]" in result.stdout


def test_ctrl_c_exits_130_with_one_line_and_leaves_the_draft(tmp_path, monkeypatch):
    path = draft(tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("copyedit.batch.check_all", interrupted)  # Ctrl-C mid-check
    for command in (["check", str(path)], ["fix", str(path), "--in-place"]):
        line = one_clean_error_line(run(*command), code=130)
        assert line == "copyedit: interrupted"
    assert path.read_bytes() == DRAFT.encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == ["draft.txt"]


def test_an_interrupted_atomic_write_keeps_the_original_and_no_temporary_file(
    tmp_path, monkeypatch
):
    from copyedit.files import write_atomic

    path = draft(tmp_path)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr("copyedit.files.os.fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "half")
    assert path.read_bytes() == DRAFT.encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]
