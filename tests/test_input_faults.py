"""Faults in copyedit's surroundings: a LanguageTool URL with a bad port (option,
configuration, state file), a rule file the compiler refuses or built to blow up, a
decisions file or configuration nested thousands deep, and ``review`` with its standard
input closed or answered oddly. Each ends in one line on stderr with its documented exit
code, never a traceback, and writes nothing.

The commands run in a child process (``review`` needs a real, closable stdin)."""

from __future__ import annotations

import json
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
    *args: str,
    cwd: Path,
    stdin: bytes | None = b"",
    close_stdin: bool = False,
    cache: Path | None = None,
) -> subprocess.CompletedProcess:
    """``copyedit ARGS`` in ``cwd``; ``close_stdin`` runs it with no standard input at
    all (file descriptor 0 closed, as ``<&-`` in a shell); ``cache``: its own cache."""
    env = dict(os.environ, NO_COLOR="1", TERM="dumb")
    if cache is not None:
        env["COPYEDIT_CACHE"] = str(cache)
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


def test_review_with_stdin_closed_stops_before_the_check(draft):
    """No check is run for no one to answer: a LanguageTool that is not there is never
    reached (the check would have noted it on stdout first)."""
    url = "http://127.0.0.1:9"  # the discard port: nothing answers there
    res = cli("review", "--languagetool-url", url, "d.txt", cwd=draft, close_stdin=True)
    one_line_error(res, 2, "standard input, which is closed;")
    assert res.stdout == b""


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


# --- rule files ----------------------------------------------------------------------


def house(folder: Path, body: str, name: str = "x.yml") -> Path:
    """A rule folder with one file, named in the folder's copyedit.toml."""
    (folder / "rules").mkdir(exist_ok=True)
    (folder / "rules" / name).write_text(body, encoding="utf-8")
    (folder / "copyedit.toml").write_text('rule-folders = ["rules"]\n', encoding="utf-8")
    return folder / "rules" / name


def rule(kind: str, patterns: str, message: str = "Not '{match}'.", extra: str = "") -> str:
    return (
        f"extends: {kind}\nmessage: {json.dumps(message)}\n{patterns}\n{extra}"
        "examples:\n  bad: ['The end result.']\n  good: ['x']\n"
    )


BAD_PATTERNS = {
    "clashing versions": ("existence", "tokens: ['(?V1)(?V0)result']", "tokens"),
    "versions clashing across tokens": (
        "existence",
        "tokens: ['(?V1)end', '(?V0)result']",
        "tokens",
    ),
    "verbose comment": ("existence", "tokens: ['(?x)end # a comment', 'result']", "tokens"),
    "swaps clashing": ("substitution", "swap: {'(?V1)end': x, '(?V0)result': y}", "swap"),
    "nested 5,000 deep": (
        "existence",
        "tokens: ['" + "(" * 5000 + "a" + ")" * 5000 + "']",
        "tokens",
    ),
    "repeat too big": ("existence", "tokens: ['a{99999999999}']", "tokens"),
}


@pytest.mark.parametrize("case", BAD_PATTERNS, ids=list(BAD_PATTERNS))
@pytest.mark.parametrize("command", [["check", "--no-languagetool", "d.txt"], ["rules", "list"]])
def test_a_pattern_the_compiler_refuses_is_the_rule_file_error(draft, case, command):
    kind, patterns, key = BAD_PATTERNS[case]
    path = house(draft, rule(kind, patterns))
    one_line_error(cli(*command, cwd=draft), 2, str(path), f"key '{key}'", "bad pattern")


@pytest.mark.parametrize(
    "patterns",
    ["tokens: ['(?P<w>end) (?P<w>result)']", "tokens: ['end', '(?i)result', '(?x) e n d ']"],
    ids=["duplicate group name", "inline flags after the start"],
)
def test_patterns_the_regex_module_takes_load_and_check(draft, patterns):
    """Python's ``re`` refuses these; rules compile with ``regex``, which scopes them."""
    house(draft, rule("existence", patterns))
    res = cli("check", "--no-languagetool", "d.txt", "--format", "json", cwd=draft)
    assert res.returncode in (0, 1) and not res.stderr, res.stderr
    assert any(f["rule"] == "rules.x" for f in json.loads(res.stdout)["files"][0]["findings"])


def test_a_term_list_pattern_the_compiler_refuses_is_the_rule_file_error(draft):
    path = house(
        draft,
        "terms:\n  - prefer: result\n    variants: [outcome]\n    context: '(?a)(?u)x'\n"
        "    examples:\n      bad: ['outcome']\n      good: ['result']\n",
        "house.terms.yml",
    )
    res = cli("check", "--no-languagetool", "d.txt", cwd=draft)
    one_line_error(res, 2, str(path), "key 'terms[0].context'", "bad pattern")


@pytest.mark.parametrize(
    "message",
    [
        "Not '{match.nope}'.",
        "Not '{match[x]}'.",
        "Not '{match[0]}'.",
        "Not '{0}'.",
        "Not '{}'.",
        "Not '{flagged}'.",
        "Not '{match!z}'.",
        "Not '{match:d}'.",
        "Not '{match:>{replacement}}'.",
        "Not '{match'.",
    ],
)
def test_a_message_naming_what_a_finding_lacks_fails_at_load(draft, message):
    path = house(draft, rule("existence", "tokens: ['end']", message))
    res = cli("check", "--no-languagetool", "d.txt", cwd=draft)
    one_line_error(res, 2, str(path), "key 'message'")


def test_a_message_with_braces_and_both_fields_still_loads(draft):
    house(
        draft,
        rule(
            "substitution",
            "swap: {'end result': result}",
            "{{x}} '{replacement}' not '{match!r:>3}'",
        ),
    )
    res = cli("check", "--no-languagetool", "d.txt", "--format", "json", cwd=draft)
    assert res.returncode in (0, 1), res.stderr
    messages = [f["message"] for f in json.loads(res.stdout)["files"][0]["findings"]]
    assert "{x} 'result' not ''end result''" in messages


def laughs(levels: int = 9) -> str:
    """A description holding 9**levels items through nested aliases (anchor ``a{levels}``)."""
    lines = ["description:", "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        lines.append(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


ALIAS_FILES = {
    "x.yml": rule("existence", "tokens: ['end']", extra=laughs()),
    "house.terms.yml": laughs()
    + "terms:\n  - prefer: result\n    variants: [outcome]\n    note: *a9\n"
    "    examples:\n      bad: ['outcome']\n      good: ['result']\n",
}


@pytest.mark.parametrize("name", ALIAS_FILES)
def test_yaml_aliases_built_to_expand_are_refused_at_load(draft, name):
    path = house(draft, ALIAS_FILES[name], name)
    res = cli("check", "--no-languagetool", "d.txt", cwd=draft)
    one_line_error(res, 2, str(path), "aliases")


def test_a_rule_description_must_be_text(draft):
    path = house(draft, rule("existence", "tokens: ['end']", extra="description: [a, b]\n"))
    one_line_error(cli("rules", "list", cwd=draft), 2, str(path), "key 'description'")


def test_a_rule_file_that_is_a_pipe_is_refused_not_waited_on(draft):
    house(draft, rule("existence", "tokens: ['end']"))
    (draft / "rules" / "x.yml").unlink()
    os.mkfifo(draft / "rules" / "x.yml")
    res = cli("check", "--no-languagetool", "d.txt", cwd=draft)
    one_line_error(res, 2, "x.yml", "not a regular file")


def test_a_rule_file_nested_thousands_deep_is_refused(draft):
    path = house(draft, rule("existence", "tokens: " + "[" * 100_000 + "]" * 100_000))
    one_line_error(cli("rules", "list", cwd=draft), 2, str(path))


# --- LanguageTool URLs ------------------------------------------------------------------

BAD_URLS = {
    "http://127.0.0.1:notaport": "'notaport' is not a number",
    "http://127.0.0.1:99999": "'99999' is not a number from 1 to 65535",
    "http://127.0.0.1:0": "port 0",
    "127.0.0.1:-1": "is not a number",
    "https://127.0.0.1:8081": "only http://",
    "ftp://127.0.0.1": "only http://",
    "http://:8081": "names no host",
    "http://127.0.0.1:8081/?x=1": "no query",
    "http://127.0.0.1:8081\r\nX-Header: 1": "control characters",
    "": "expected a URL",
}


@pytest.mark.parametrize("url", BAD_URLS, ids=list(range(len(BAD_URLS))))
def test_a_bad_languagetool_url_option_is_one_line_exit_2(draft, url):
    res = cli("check", "d.txt", "--languagetool-url", url, cwd=draft)
    one_line_error(res, 2, "--languagetool-url: bad LanguageTool URL", BAD_URLS[url])


@pytest.mark.parametrize("url", BAD_URLS, ids=list(range(len(BAD_URLS))))
def test_a_bad_languagetool_url_in_the_config_names_file_and_key(draft, url):
    (draft / "copyedit.toml").write_text(
        f"[languagetool]\nurl = {json.dumps(url)}\n", encoding="utf-8"
    )
    res = cli("check", "d.txt", cwd=draft)
    one_line_error(res, 2, "copyedit.toml: key 'languagetool.url'", BAD_URLS[url])


@pytest.mark.parametrize("url", ["http://localhost:8081", "localhost:8081/v2/", "HTTP://h:1/lt"])
def test_good_urls_pass_the_check(url):
    from copyedit.languagetool.client import check_url, url_problem

    assert url_problem(url) is None
    assert check_url(url, "x").startswith(("http://", "HTTP://"))


def state_file(cache: Path, **changes: object) -> Path:
    path = cache / "languagetool" / "server.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"pid": 999_999_999, "port": 8081, "version": "6.8", "started": "now"}
    data |= {"idle_seconds": 600.0, "log": "server.log", "token": "t" * 16, **changes}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "changes",
    [{"port": None}, {"port": "notaport"}, {"port": 70000}, {"port": True}, {"pid": None}],
    ids=["null port", "text port", "port out of range", "boolean port", "null pid"],
)
def test_a_state_file_with_a_bad_port_is_one_line_and_stop_clears_it(draft, tmp_path, changes):
    cache = tmp_path / "cache"
    path = state_file(cache, **changes)
    res = cli("check", "d.txt", cwd=draft, cache=cache)
    one_line_error(res, 2, str(path), "not a valid LanguageTool state file", "stop")
    one_line_error(cli("languagetool", "status", cwd=draft, cache=cache), 2, str(path))
    res = cli("languagetool", "stop", cwd=draft, cache=cache)
    assert res.returncode == 0 and not res.stderr, res.stderr
    assert not path.exists()


# --- configuration ------------------------------------------------------------------


@pytest.mark.parametrize(
    "toml",
    ["a = " + "[" * 100_000 + "]" * 100_000, "a = " + "{b = " * 3_000 + "1" + "}" * 3_000],
    ids=["arrays", "inline tables"],
)
def test_a_config_nested_thousands_deep_is_one_line_exit_2(draft, toml):
    (draft / "copyedit.toml").write_text(toml + "\n", encoding="utf-8")
    one_line_error(cli("check", "--no-languagetool", "d.txt", cwd=draft), 2, "copyedit.toml")


def test_a_config_that_is_a_pipe_is_refused_not_waited_on(draft):
    os.mkfifo(draft / "settings.toml")
    res = cli("--config", "settings.toml", "check", "--no-languagetool", "d.txt", cwd=draft)
    one_line_error(res, 2, "settings.toml")
