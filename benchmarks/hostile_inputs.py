"""Run copyedit against hostile and unlucky input and print, per case, the exit code, the
time, the peak memory and whether it kept its promises.

Not a test: a script. Each case runs the real command in a child process in a fresh
folder with its own cache, and is killed when it passes twice its stated bound. A case
passes when its exit code is the expected one, it ends within its bound, stderr holds no
traceback, and every draft's bytes are as the case expects (unchanged unless the case
applies fixes on purpose). Hostile servers are made here, on loopback.

    .venv/bin/python benchmarks/hostile_inputs.py [--only SUBSTRING] [--server]

``--server`` adds the cases that need a real LanguageTool server (a busy shared server,
kill -9 of its supervisor); they take a few minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

COPYEDIT = Path(sys.executable).parent / "copyedit"
TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None
"""GNU time, to read each case's own peak memory."""
CLEAN = "The council met on Tuesday. It approved the budget.\n"
FIXABLE = "The end result can not wait, officials said.\n\nPrior to the vote the council met.\n"
SAFE_FIXED = FIXABLE.replace("can not", "cannot")


@dataclass
class Case:
    name: str
    bound: float
    """Seconds it may take (wall clock)."""
    expect: int | tuple[int, ...]
    """Exit code(s) that keep the promise."""
    setup: Callable[[Path], list[str]]
    """Writes the inputs into the folder and returns the arguments after 'copyedit'."""
    after: Callable[[Path, str, str], str] = lambda folder, out, err: ""
    """Extra checks once it has run: returns what is wrong, or ""."""
    drafts_change: dict[str, str] = field(default_factory=dict)
    """Drafts the case may change on purpose, with their text afterwards."""
    drive: Callable[[subprocess.Popen, Path], None] | None = None
    """Talks to the running command (a review's prompts, a Ctrl-C)."""
    python: str = ""
    """Run as 'python -c' with this prelude instead of the copyedit script."""
    background: Callable[[Path, dict], list[subprocess.Popen]] | None = None
    """Started first (other copyedit runs); each must end with exit 0 or 1."""


# --- hostile servers ------------------------------------------------------------------

LANGUAGES = [{"name": "English (US)", "code": "en", "longCode": "en-US"}]


def lt_answer(matches: list) -> dict:
    return {"software": {"name": "LanguageTool", "version": "6.8"}, "matches": matches}


@contextlib.contextmanager
def serving(answer: Callable[[BaseHTTPRequestHandler, str, dict], object]) -> Iterator[str]:
    """A loopback HTTP server whose answers ``answer(handler, path, form)`` decides (JSON
    to send, or None when it wrote the reply itself)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.reply(answer(self, self.path, {}))

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            self.reply(answer(self, self.path, {k: v[0] for k, v in parse_qs(body).items()}))

        def reply(self, data):
            if data is None:
                return
            body = json.dumps(data).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def identity_then(check: Callable[[BaseHTTPRequestHandler, str], object]):
    """Answers as LanguageTool would to the identity probes, then ``check`` for drafts."""

    def answer(h, path, form):
        if path.endswith("languages"):
            return LANGUAGES
        if form.get("text", "") == ".":
            return lt_answer([])
        return check(h, form.get("text", ""))

    return answer


def impostor(h, path, form):
    return [] if path.endswith("languages") else {"matches": []}


def bad_offset(h, text):
    rule = {"id": "X", "category": {"id": "TYPOS"}, "issueType": "misspelling"}
    return lt_answer(
        [{"offset": -1, "length": 3, "message": "m", "replacements": [], "rule": rule}]
    )


def trickle(h, text):
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.end_headers()
    for _ in range(60):
        time.sleep(1.0)
        try:
            h.wfile.write(b" ")
            h.wfile.flush()
        except OSError:
            return None
    return None


def oversized(h, text):
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.end_headers()
    with contextlib.suppress(OSError):
        h.wfile.write(b'{"matches": [' + b" " * (40 * 1024 * 1024) + b"]}")
    return None


def slow(h, text):
    time.sleep(30)
    return lt_answer([])


# --- inputs -------------------------------------------------------------------------


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def a_docx(folder: Path, name: str, mutate: Callable[[str, bytes], tuple[str, bytes] | None]):
    """A valid one-paragraph .docx, each entry passed through ``mutate`` (None drops it),
    plus any extra entries ``mutate`` adds for the name '+'."""
    import docx  # python-docx, a test dependency

    plain = folder / "plain.docx"
    d = docx.Document()
    d.add_paragraph("Prior to the vote, the council met.")
    d.save(str(plain))
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(folder / name, "w") as out:
        for info in src.infolist():
            changed = mutate(info.filename, src.read(info))
            if changed is not None:
                out.writestr(changed[0], changed[1])
        extra = mutate("+", b"")
        if extra is not None:
            out.writestr(*extra)
    plain.unlink()


def extra_entry(entry: str):
    def mutate(name: str, data: bytes) -> tuple[str, bytes]:
        return (entry, b"pwned") if name == "+" else (name, data)

    return mutate


def doctype_in(part: str):
    dtd = b'<!DOCTYPE t [<!ENTITY e SYSTEM "file:///etc/passwd">]>'

    def mutate(name, data):
        if name == "+":
            return None
        return (name, data.replace(b"?>", b"?>" + dtd, 1) if name == part else data)

    return mutate


def house_rule(folder: Path, pattern: str) -> None:
    write(
        folder,
        "rules/slow.yml",
        "extends: existence\nmessage: \"'{match}'\"\nseverity: warning\n"
        f"category: style\ntokens:\n  - '{pattern}'\n"
        "examples:\n  bad:\n    - 'x'\n  good:\n    - 'y'\n",
    )
    write(folder, "copyedit.toml", 'rule-folders = ["rules"]\n')


def no_output(*names: str):
    def after(folder: Path, out: str, err: str) -> str:
        made = [n for n in names if (folder / n).exists()]
        return f"wrote {', '.join(made)}" if made else ""

    return after


def no_escapes(folder: Path, out: str, err: str) -> str:
    bad = re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out + err)
    return f"{len(bad)} control character(s) reached the terminal" if bad else ""


def says(text: str):
    return lambda folder, out, err: "" if text in out + err else f"the output lacks {text!r}"


def review_changed_meanwhile(proc: subprocess.Popen, folder: Path) -> None:
    """Wait for the review's first prompt, let a reporter add a paragraph, then accept."""
    wait_for(folder, b"[q]uit > ")
    (folder / "d.txt").write_text(FIXABLE + "\nA paragraph added during the review.\n")
    assert proc.stdin is not None
    proc.stdin.write(b"a\nq\n")
    proc.stdin.flush()


def wait_for(folder: Path, marker: bytes, limit: float = 60.0) -> None:
    """Until the command's output (a file: a pipe left unread could block it) shows
    ``marker``."""
    end = time.monotonic() + limit
    while marker not in (folder / ".out").read_bytes() and time.monotonic() < end:
        time.sleep(0.1)


def interrupt_after(seconds: float):
    def drive(proc: subprocess.Popen, folder: Path) -> None:
        time.sleep(seconds)
        os.killpg(proc.pid, signal.SIGINT)  # its group: GNU time passes no SIGINT on
        (folder / ".interrupted").write_text(str(time.monotonic()))

    return drive


def repeated_quotes(n_bytes: int) -> str:
    sentence = '"We will not leave," she said. "We will stay," he said.\n'
    return sentence * (n_bytes // len(sentence))


def words(n: int, tag: str = "") -> str:
    """About ``n`` words in paragraphs of about 130; with a ``tag``, every paragraph is
    its own (no answer cached for one is reused for another)."""
    base = "The council met on Tuesday and the end result can not wait, officials said. "
    per = len(base.split())
    return "\n\n".join(f"{tag}{k} " * bool(tag) + base * 10 for k in range(n // (per * 10)))


# --- the cases ------------------------------------------------------------------------


def cases(server_url: Callable[[str], str]) -> list[Case]:
    no_lt = "--no-languagetool"
    lt_url = ["--languagetool-url"]
    c = [
        # 1. no output may be the draft
        Case("1 fix --diff is the draft (nothing to change)", 10, 2,
             lambda f: (write(f, "d.txt", CLEAN), ["fix", no_lt, "d.txt", "--diff", "d.txt"])[1]),
        Case("1 fix --critic is the draft", 10, 2,
             lambda f: (write(f, "d.txt", FIXABLE), ["fix", no_lt, "d.txt", "--critic", "d.txt"])[1]),
        Case("1 fix -o is the draft", 10, 2,
             lambda f: (write(f, "d.txt", FIXABLE), ["fix", no_lt, "d.txt", "-o", "./x/../d.txt"])[1]),
        Case("1 check -o (github) is the draft via a link", 10, 2,
             lambda f: (write(f, "d.txt", FIXABLE), (f / "l.txt").symlink_to(f / "d.txt"),
                        ["check", no_lt, "d.txt", "--format", "github", "-o", "l.txt"])[2]),
        # 2. review --in-place and a draft changed meanwhile
        Case("2 review --in-place, draft changed during the review", 30, 2,
             lambda f: (write(f, "d.txt", FIXABLE), ["review", no_lt, "d.txt", "--in-place"])[1],
             after=says("the draft changed"),
             drafts_change={"d.txt": FIXABLE + "\nA paragraph added during the review.\n"},
             drive=review_changed_meanwhile),
        # 3. links
        Case("3 fix --in-place through a symbolic link", 10, 0,
             lambda f: (write(f, "real/d.txt", FIXABLE), (f / "d.txt").symlink_to(f / "real/d.txt"),
                        ["fix", no_lt, "d.txt", "--in-place"])[2],
             after=lambda f, o, e: "" if (f / "d.txt").is_symlink() else "the link became a file",
             drafts_change={"real/d.txt": SAFE_FIXED}),
        Case("3 fix --in-place on a file with a second hard link", 10, 0,
             lambda f: (write(f, "d.txt", FIXABLE), os.link(f / "d.txt", f / "other.txt"),
                        ["fix", no_lt, "d.txt", "--in-place"])[2],
             after=says("hard link"), drafts_change={"d.txt": SAFE_FIXED}),
        # 4. terminal escapes
        Case("4 check: escape sequences in the draft", 10, (0, 1),
             lambda f: (write(f, "d\x1b]0;t\x07.txt",
                              "Prior to the vote \x1b]0;pwned\x07 the \x1b[2J council \x9b31m met \u202e.\n"),
                        ["check", no_lt, "d\x1b]0;t\x07.txt"])[1],
             after=no_escapes),
        # 5. hostile .docx parts
        *[
            Case(f"5 {cmd} .docx with entry {entry!r}", 10, 2,
                 lambda f, entry=entry, cmd=cmd: (a_docx(f, "e.docx", extra_entry(entry)),
                                                  [cmd, no_lt, "e.docx"] + (["-o", "out.docx"] if cmd == "fix" else []))[1],
                 after=no_output("out.docx", "x", "../x"))
            for entry in ("../../x", "word/../../x", "/abs/x") for cmd in ("check", "fix")
        ],
        *[
            Case(f"5 {cmd} .docx with a DOCTYPE in {part}", 10, 2,
                 lambda f, part=part, cmd=cmd: (a_docx(f, "e.docx", doctype_in(part)),
                                                [cmd, no_lt, "e.docx"] + (["-o", "out.docx"] if cmd == "fix" else []))[1],
                 after=no_output("out.docx"))
            for part in ("word/styles.xml", "[Content_Types].xml") for cmd in ("check", "fix")
        ],
        # 6, 9, 10. hostile servers
        Case("6 an HTTP service that is not LanguageTool", 20, 3,
             lambda f: (write(f, "d.txt", FIXABLE), ["check", *lt_url, server_url("impostor"), "d.txt"])[1],
             after=says("not LanguageTool")),
        Case("9 a server answering a negative offset", 20, 3,
             lambda f: (write(f, "d.txt", FIXABLE), ["check", *lt_url, server_url("bad_offset"), "d.txt"])[1]),
        Case("10 a server trickling a byte a second (deadline set to 5 s)", 15, 3,
             lambda f: (write(f, "d.txt", FIXABLE), ["check", *lt_url, server_url("trickle"), "d.txt"])[1],
             python="import copyedit.languagetool.client as c; c.REQUEST_TIMEOUT = 5.0"),
        Case("10 a 40 MB answer", 30, 3,
             lambda f: (write(f, "d.txt", FIXABLE), ["check", *lt_url, server_url("oversized"), "d.txt"])[1]),
        Case("10 Ctrl-C 3 s into a batch of 40 slow paragraphs", 5, 130,
             lambda f: ([write(f, f"b/{i}.txt", f"Paragraph {i} of the batch.\n") for i in range(40)],
                        ["check", *lt_url, server_url("slow"), "b"])[1],
             drive=interrupt_after(3.0),
             after=lambda f, o, e: _stopped_within(f, 1.0)),
        # 11, 12. quadratic text handling
        Case("11 check text output: 24 KB of repeated quoted sentences", 30, (0, 1),
             lambda f: (write(f, "d.txt", repeated_quotes(24_000)), ["check", no_lt, "d.txt"])[1]),
        Case("11 fix --critic on 20,000 words", 60, 0,
             lambda f: (write(f, "d.txt", words(20_000)),
                        ["fix", no_lt, "d.txt", "--critic", "d.md", "-o", "out.txt"])[1]),
        Case("12 check: 100,000 letters before a full stop", 30, (0, 1),
             lambda f: (write(f, "d.txt", "a" * 100_000 + ".\n"), ["check", no_lt, "d.txt"])[1]),
        # 13. a catastrophic house rule
        Case("13 house rule (a+)+$ on 30 letters and a 'b'", 30, (0, 1),
             lambda f: (house_rule(f, "(a+)+$"), write(f, "d.txt", "a" * 30 + "b\n"),
                        ["check", no_lt, "d.txt"])[2]),
        Case("13 house rule (b|bb)+$ on 60 letters and an 'a'", 30, (0, 1),
             lambda f: (house_rule(f, "(b|bb)+$"), write(f, "d.txt", "b" * 60 + "a\n"),
                        ["check", no_lt, "d.txt"])[2],
             after=says("skipped")),
        # 14. unbounded input
        Case("14 check /dev/zero", 5, 2, lambda f: ["check", no_lt, "/dev/zero"]),
        Case("14 check a FIFO", 5, 2,
             lambda f: (os.mkfifo(f / "p.txt"), ["check", no_lt, "p.txt"])[1]),
        Case("14 check a 20 MB one-line file", 5, 2,
             lambda f: (write(f, "d.txt", "word " * 4_000_000), ["check", no_lt, "d.txt"])[1],
             after=says("too large")),
        Case("14 check 3.9 MB of 100k paragraphs", 5, 2,
             lambda f: (write(f, "d.txt", "\n\n".join(f"Paragraph number {i:06}." for i in range(100_000))[:3_900_000]),
                        ["check", no_lt, "d.txt"])[1],
             after=says("too large")),
        Case("14 check 1.9 MB of short paragraphs (under the limit)", 60, (0, 1),
             lambda f: (write(f, "d.txt", "\n\n".join(f"Paragraph number {i:06}." for i in range(90_000))[:1_900_000]),
                        ["check", no_lt, "d.txt", "--format", "json", "-o", "r.json"])[1]),
    ]  # fmt: skip
    return c


def input_cases() -> list[Case]:
    """Faults in the surroundings: LanguageTool URLs, rule files, baselines, configuration
    and review input. Each must end in one line and exit 2, writing nothing."""
    no_lt = "--no-languagetool"

    def draft(f: Path) -> None:
        write(f, "d.txt", FIXABLE)

    def url_option(url: str):
        return lambda f: (draft(f), ["check", "d.txt", "--languagetool-url", url])[1]

    def url_config(url: str):
        return lambda f: (
            draft(f),
            write(f, "copyedit.toml", f"[languagetool]\nurl = {json.dumps(url)}\n"),
            ["check", "d.txt"],
        )[2]

    def state(port: object):
        def setup(f: Path) -> list[str]:
            draft(f)
            data = {
                "pid": 999_999_999,
                "port": port,
                "version": "6.8",
                "started": "now",
                "idle_seconds": 600.0,
                "log": "server.log",
                "token": "t" * 16,
            }
            write(f, ".cache/languagetool/server.json", json.dumps(data))
            return ["check", "d.txt"]

        return setup

    def rule_file(body: str, name: str = "x.yml"):
        return lambda f: (
            draft(f),
            write(f, f"rules/{name}", body),
            write(f, "copyedit.toml", 'rule-folders = ["rules"]\n'),
            ["check", no_lt, "d.txt"],
        )[3]

    def a_rule(tokens: str, message: str = "Not '{match}'.", extra: str = "") -> str:
        return (
            f"extends: existence\nmessage: {json.dumps(message)}\ntokens: {tokens}\n{extra}"
            "examples:\n  bad: ['The end result.']\n  good: ['x']\n"
        )

    laughs = ["description:", "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]

    def baseline(text: str, command: str = "check"):
        return lambda f: (
            draft(f),
            write(f, "b.json", text),
            [command, no_lt, "d.txt", "--baseline", "b.json"],
        )[2]

    def config(text: str):
        return lambda f: (draft(f), write(f, "copyedit.toml", text), ["check", no_lt, "d.txt"])[2]

    def review_with(stdin: bytes):
        def drive(proc: subprocess.Popen, folder: Path) -> None:
            assert proc.stdin is not None
            with contextlib.suppress(OSError):
                proc.stdin.write(stdin)
                proc.stdin.close()

        return drive

    nothing = no_output("d.reviewed.txt", "d.txt.diff")
    return [
        # 15. LanguageTool URLs, where they are read
        *[Case(f"15 --languagetool-url {url}", 10, 2, url_option(url), after=says("bad LanguageTool URL"))
          for url in ("http://127.0.0.1:notaport", "http://127.0.0.1:99999", "https://127.0.0.1:8081", "http://:8081")],
        Case("15 [languagetool] url with a bad port", 10, 2, url_config("http://127.0.0.1:notaport"),
             after=says("key 'languagetool.url'")),
        *[Case(f"15 state file whose port is {port!r}", 60, 2, state(port), after=says("state file"))
          for port in (None, "notaport")],
        # 16. rule files Python refuses or built to blow up
        Case("16 rule: clashing (?V1)/(?V0) flags", 10, 2, rule_file(a_rule("['(?V1)(?V0)end']")),
             after=says("key 'tokens'")),
        Case("16 rule: a (?x) comment swallowing the group", 10, 2,
             rule_file(a_rule("['(?x)end # note', 'result']")), after=says("key 'tokens'")),
        Case("16 rule: parentheses 5,000 deep", 10, 2,
             rule_file(a_rule("['" + "(" * 5000 + "a" + ")" * 5000 + "']")), after=says("key 'tokens'")),
        Case("16 rule: duplicate group name (regex takes it)", 60, (0, 1),
             rule_file(a_rule("['(?P<w>end) (?P<w>result)']"))),
        Case("16 rule: message naming {match.nope}", 10, 2,
             rule_file(a_rule("['end']", "Not '{match.nope}'.")), after=says("key 'message'")),
        Case("16 rule: message naming {match[x]}", 10, 2,
             rule_file(a_rule("['end']", "Not '{match[x]}'.")), after=says("key 'message'")),
        Case("16 rule: 9**10 items through YAML aliases", 10, 2,
             rule_file(a_rule("['end']", extra="\n".join(laughs) + "\n")), after=says("aliases")),
        Case("16 rule: nested 100,000 deep", 10, 2, rule_file(a_rule("[" * 100_000 + "]" * 100_000))),
        Case("16 term list: clashing flags in 'context'", 10, 2,
             rule_file("terms:\n  - prefer: result\n    variants: [outcome]\n    context: '(?a)(?u)x'\n"
                       "    examples:\n      bad: ['outcome']\n      good: ['result']\n", "h.terms.yml"),
             after=says("context")),
        # 17. baselines and configuration nested thousands deep
        Case("17 baseline nested 100,000 deep (check)", 10, 2, baseline("[" * 100_000 + "]" * 100_000),
             after=says("nested")),
        Case("17 baseline nested 50,000 deep (review)", 10, 2,
             baseline('{"version": 1, "entries": ' + "[" * 50_000 + "]" * 50_000 + "}", "review"),
             after=says("nested")),
        Case("17 copyedit.toml nested 100,000 deep", 10, 2, config("a = " + "[" * 100_000 + "]" * 100_000 + "\n"),
             after=says("nested too deep")),
        # 18. review input
        Case("18 review with its standard input closed", 60, 2,
             lambda f: (draft(f), ["review", no_lt, "d.txt"])[1], drive=review_with(b""),
             python="import os, sys; os.close(0); sys.stdin = None", after=nothing),
        Case("18 review answered '²' then q", 60, 0,
             lambda f: (draft(f), ["review", no_lt, "d.txt"])[1], drive=review_with("²\nq\n".encode()),
             after=says("answer with one of")),
        Case("18 review answered '٣' then q", 60, 0,
             lambda f: (draft(f), ["review", no_lt, "d.txt"])[1], drive=review_with("٣\nq\n".encode()),
             after=says("answer with one of")),
        Case("18 review edit typed in bytes that are not UTF-8, then quit", 60, 0,
             lambda f: (draft(f), ["review", no_lt, "d.txt"])[1], drive=review_with(b"e\n\xff\nq\n"),
             after=says("not UTF-8")),
    ]  # fmt: skip


def link_languagetool(folder: Path) -> None:
    """The case's cache gets the LanguageTool installed in the usual cache (no download)."""
    from copyedit.languagetool.install import lt_root

    source = lt_root()
    version = json.loads((source / "current.json").read_text())["version"]
    lt = folder / ".cache" / "languagetool"
    lt.mkdir(parents=True, exist_ok=True)
    (lt / version).symlink_to(source / version, target_is_directory=True)
    (lt / "current.json").write_text(json.dumps({"version": version}))


def server_cases() -> list[Case]:
    """Cases with a real LanguageTool server in the case's own cache folder."""
    return [
        Case("7 a small check while 4 big batches keep the shared server busy", 600, (0, 1),
             lambda f: (link_languagetool(f), write(f, "small.txt", FIXABLE),
                        [write(f, f"big{i}/{j}.txt", words(4_000, f"Batch {i} file {j} part "))
                         for i in range(4) for j in range(5)],
                        ["check", "small.txt"])[3],
             background=_busy),
        Case("8 kill -9 of the supervisor leaves no Java behind", 240, 0,
             lambda f: (link_languagetool(f), ["languagetool", "start"])[1],
             after=_kill_supervisor),
    ]  # fmt: skip


def _stopped_within(folder: Path, limit: float) -> str:
    sent = float((folder / ".interrupted").read_text())
    took = float((folder / ".ended").read_text()) - sent
    return "" if took <= limit else f"took {took:.1f} s after Ctrl-C"


def _kill_supervisor(folder: Path, out: str, err: str) -> str:
    state = json.loads((folder / ".cache/languagetool/server.json").read_text())
    os.kill(state["pid"], signal.SIGKILL)
    time.sleep(3)
    marker = str(folder / ".cache")
    left = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            with contextlib.suppress(OSError):
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                if "languagetool" in cmd and marker in cmd:
                    left.append(pid)
                    os.kill(int(pid), signal.SIGKILL)
    return f"Java left running: {left}" if left else ""


# --- cache faults (issue 16): a cache only saves time, so a run must succeed without it --

_CACHE_FAULTS = {
    "read-only": 'mount --bind "$C" "$C" && mount -o remount,bind,ro "$C"',
    "full": 'cp -a "$C" "$C.src" && mount -t tmpfs -o size=48m tmpfs "$C" && '
    'cp -a "$C.src"/. "$C"/ && { for bs in 64k 1k 1; do '
    'dd if=/dev/zero of="$C/filler-$bs" bs=$bs 2>/dev/null; done; true; }',
}
"""Shell that makes the case's cache ``$C`` read-only (a bind mount) or a full tmpfs."""


def _in_faulty_cache(fault: str) -> str:
    """A ``python -c`` prelude that re-runs the command in a private mount namespace
    (``unshare -m``) whose cache has ``fault``; there, after the command, any temporary or
    journal file left in the cache is reported on stderr and a LanguageTool server it
    started (its state kept outside the cache) is stopped."""
    script = (
        f'C="$COPYEDIT_CACHE"; {_CACHE_FAULTS[fault]} || exit 97\n"$@"\nrc=$?\n'
        "find \"$C\" \\( -name '*.tmp' -o -name '*-journal' \\) -printf 'LEFTOVER %p\\n' >&2\n"
        '"$1" -c "from copyedit.cli import main; main()" languagetool stop >/dev/null 2>&1\n'
        "exit $rc"
    )
    return (
        "import os, sys\n"
        "os.environ['XDG_RUNTIME_DIR'] = os.path.abspath('run'); os.makedirs('run', exist_ok=True)\n"
        f"os.execvp('unshare', ['unshare', '-m', 'sh', '-c', {script!r}, 'sh', sys.executable, "
        "'-c', 'from copyedit.cli import main; main()', *sys.argv[1:]])"
    )


@functools.cache
def _can_mount() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    with tempfile.TemporaryDirectory() as probe:
        done = subprocess.run(
            ["unshare", "-m", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"', probe],
            capture_output=True,
        )
    return done.returncode == 0


def _cache_note(folder: Path, out: str, err: str) -> str:
    notes = [line for line in err.splitlines() if "cache unusable:" in line]
    if "LEFTOVER" in err:
        return "left temporary or journal files: " + ", ".join(
            line.split(" ", 1)[1] for line in err.splitlines() if line.startswith("LEFTOVER")
        )
    return "" if len(notes) == 1 else f"{len(notes)} 'cache unusable' notes, expected 1"


def _warm(folder: Path) -> None:
    """Fill the case's cache with one ordinary run first."""
    env = dict(os.environ, COPYEDIT_CACHE=str(folder / ".cache"))
    subprocess.run([str(COPYEDIT), "check", "--no-languagetool", "w.txt"], cwd=folder, env=env,
                   capture_output=True, check=False)  # fmt: skip
    subprocess.run([str(COPYEDIT), "stats", "w.txt"], cwd=folder, env=env, capture_output=True,
                   check=False)  # fmt: skip


def _damage(path: Path, spare: str = "") -> None:
    """Overwrite every page of an SQLite file but the first and ``spare``'s root page."""
    import sqlite3

    db = sqlite3.connect(path)
    (size,) = db.execute("PRAGMA page_size").fetchone()
    roots = {
        r for (r,) in db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (spare,))
    }
    db.close()
    with path.open("r+b") as fh:
        for page in range(2, path.stat().st_size // size + 1):
            if page not in roots:
                fh.seek((page - 1) * size)
                fh.write(b"\xa5" * size)


def _damaged_caches(folder: Path) -> list[str]:
    write(folder, "w.txt", FIXABLE)
    _warm(folder)
    cache = folder / ".cache"
    # the damage happens between runs: no long-lived worker holds the old files open
    env = dict(os.environ, COPYEDIT_CACHE=str(cache))
    subprocess.run([sys.executable, "-m", "copyedit.engines.resident", "stop"], cwd=folder,
                   env=env, capture_output=True, check=False)  # fmt: skip
    _damage(next((cache / "realword").glob("bigrams-v*.sqlite")), spare="meta")
    _damage(cache / "findings" / "documents.sqlite3")
    (cache / "cmudict-syllables.marshal").unlink()
    (cache / "cmudict-syllables.marshal").mkdir()
    write(folder, "d.txt", "The piers was rebuilt last year. Its a long way to go.\n")
    return ["check", "--no-languagetool", "d.txt"]


def _set_aside(folder: Path, out: str, err: str) -> str:
    aside = {p.name.split(".corrupt-")[0] for p in (folder / ".cache").rglob("*.corrupt-*")}
    want = {"documents.sqlite3", "cmudict-syllables.marshal"}
    missing = want - aside
    if missing or not any(a.startswith("bigrams-v") for a in aside):
        return f"not set aside: {sorted(missing) or 'the bigram index'}"
    return "" if "cache unusable" not in err else "a damaged cache was called unusable"


_QUIET_LT = contextlib.ExitStack()
"""Holds a LanguageTool stand-in that finds nothing, for the script's life."""


def cache_cases() -> list[Case]:
    """A read-only, full, unmakeable or damaged cache folder; the read-only and full ones
    need a private mount (root in a mount namespace) and are left out, with a line
    saying so, where the platform allows none."""
    no_lt = "--no-languagetool"
    url = _QUIET_LT.enter_context(serving(identity_then(lambda h, text: lt_answer([]))))
    c = [
        Case(
            "cache: folder inside a file (cannot be made): check",
            60,
            (0, 1),
            lambda f: (
                write(f, ".cache", ""),
                write(f, "d.txt", FIXABLE),
                ["check", no_lt, "d.txt"],
            )[2],
            after=_cache_note,
        ),
        Case(
            "cache: damaged (malformed SQLite, a folder for a file, bigrams past page 1)",
            60,
            (0, 1),
            _damaged_caches,
            after=_set_aside,
        ),
    ]
    if not _can_mount():
        print("(cache cases on a read-only or full cache left out: no private mount here)")
        return c
    for fault in _CACHE_FAULTS:
        c += [
            Case(f"cache: {fault}, cold: check", 60, (0, 1),
                 lambda f: (write(f, "d.txt", FIXABLE), (f / ".cache").mkdir(),
                            ["check", no_lt, "d.txt"])[2],
                 after=_cache_note, python=_in_faulty_cache(fault)),
            Case(f"cache: {fault}, warm: check", 60, (0, 1),
                 lambda f: (write(f, "w.txt", FIXABLE), _warm(f), write(f, "d.txt", CLEAN),
                            ["check", no_lt, "d.txt"])[3],
                 after=_cache_note, python=_in_faulty_cache(fault)),
            Case(f"cache: {fault} with LanguageTool installed: check", 120, (0, 1),
                 lambda f: (link_languagetool(f), write(f, "d.txt", FIXABLE), ["check", "d.txt"])[2],
                 after=_cache_note, python=_in_faulty_cache(fault)),
            Case(f"cache: {fault}: check --languagetool-url", 60, (0, 1),
                 lambda f: (write(f, "d.txt", FIXABLE), (f / ".cache").mkdir(),
                            ["check", "--languagetool-url", url, "d.txt"])[2],
                 after=_cache_note, python=_in_faulty_cache(fault)),
        ]  # fmt: skip
    return c


# --- running -----------------------------------------------------------------------------


@dataclass
class Outcome:
    code: int | None
    seconds: float
    peak_mb: float
    problems: list[str]


def digests(folder: Path) -> dict[str, str]:
    out = {}
    for p in folder.rglob("*"):
        if (
            p.is_file()
            and not p.is_symlink()
            and ".cache" not in p.parts
            and p.suffix in (".txt", ".docx")
        ):
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out  # fmt: skip


def run_case(case: Case, folder: Path) -> Outcome:
    args = case.setup(folder)
    before = digests(folder)
    env = dict(os.environ, COPYEDIT_CACHE=str(folder / ".cache"), NO_COLOR="1", TERM="dumb")
    if case.python:
        argv = [
            sys.executable,
            "-c",
            f"{case.python}\nfrom copyedit.cli import main; main()",
            *args,
        ]
    else:
        argv = [str(COPYEDIT), *args]
    if TIME:  # its own small fork measures the peak; a fork of this script would inherit ours
        argv = [TIME, "-f", "%M", "-o", str(folder / ".peak"), *argv]
    busy = case.background(folder, env) if case.background else []
    start = time.monotonic()
    with (folder / ".out").open("wb") as out_f, (folder / ".err").open("wb") as err_f:
        proc = subprocess.Popen(
            argv, cwd=folder, env=env, stdin=subprocess.PIPE,
            stdout=out_f, stderr=err_f, start_new_session=True,
        )  # fmt: skip
    if case.drive:
        threading.Thread(target=case.drive, args=(proc, folder), daemon=True).start()
    problems: list[str] = []
    code, status, usage = _wait(proc, 2 * case.bound)
    (folder / ".ended").write_text(str(time.monotonic()))
    seconds = time.monotonic() - start
    if code is None:
        problems.append(f"still running after {2 * case.bound:.0f} s: killed")
    out = (folder / ".out").read_bytes().decode("utf-8", "replace")
    err = (folder / ".err").read_bytes().decode("utf-8", "replace")
    if TIME:
        err = re.sub(r"Command (exited with non-zero status|terminated by signal) \d+\n", "", err)
        peak_kb = float((folder / ".peak").read_text().split()[-1]) if code is not None else 0.0
    else:
        peak_kb = usage.ru_maxrss if usage else 0.0
    for b in busy:
        b_code = b.wait(timeout=900)
        if b_code not in (0, 1):
            problems.append(f"a busy batch exited {b_code}")
    expect = case.expect if isinstance(case.expect, tuple) else (case.expect,)
    if code is not None and code not in expect:
        problems.append(f"exit {code}, expected {'/'.join(map(str, expect))}: {err.strip()[-200:]}")
    if seconds > case.bound:
        problems.append(f"took {seconds:.1f} s, bound {case.bound:.0f} s")
    if "Traceback" in err:
        problems.append("traceback on stderr")
    after = digests(folder)
    for name, digest in before.items():
        if name in case.drafts_change:
            now = (folder / name).read_text() if (folder / name).exists() else None
            if now != case.drafts_change[name]:
                problems.append(f"{name} is not what it should be")
        elif after.get(name) != digest:
            problems.append(f"{name} changed or lost")
    if extra := case.after(folder, out, err):
        problems.append(extra)
    return Outcome(code, seconds, peak_kb / 1024, problems)


def _busy(folder: Path, env: dict) -> list[subprocess.Popen]:
    subprocess.run([str(COPYEDIT), "languagetool", "start"], cwd=folder, env=env, check=True)
    procs = [
        subprocess.Popen([str(COPYEDIT), "check", f"big{i}", "--format", "json", "-o", f"r{i}.json"],
                         cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for i in range(4)
    ]  # fmt: skip
    time.sleep(5)
    return procs


def _wait(proc: subprocess.Popen, limit: float):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            code = proc.returncode if proc.returncode >= 0 else 128 - proc.returncode
            return code, status, usage
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    _, status, usage = os.wait4(proc.pid, 0)
    return None, status, usage


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="run the cases whose name holds this")
    parser.add_argument("--server", action="store_true", help="add the real-server cases")
    opts = parser.parse_args()
    answers = {
        "impostor": impostor,
        "bad_offset": identity_then(bad_offset),
        "trickle": identity_then(trickle),
        "oversized": identity_then(oversized),
        "slow": identity_then(slow),
    }
    with contextlib.ExitStack() as stack:
        urls = {k: stack.enter_context(serving(v)) for k, v in answers.items()}
        todo = cases(urls.__getitem__) + input_cases() + (server_cases() if opts.server else [])
        todo += cache_cases()
        todo = [c for c in todo if opts.only in c.name]
        failed = 0
        print(f"{'case':70} {'exit':>4} {'seconds':>8} {'peak MB':>8}  result")
        for case in todo:
            folder = Path(tempfile.mkdtemp(prefix="copyedit-hostile-"))
            try:
                o = run_case(case, folder)
            finally:
                subprocess.run([str(COPYEDIT), "languagetool", "stop"], cwd=folder,
                               env=dict(os.environ, COPYEDIT_CACHE=str(folder / ".cache")),
                               capture_output=True)  # fmt: skip
                shutil.rmtree(folder, ignore_errors=True)
            failed += bool(o.problems)
            result = "ok" if not o.problems else "FAIL: " + "; ".join(o.problems)
            code = "hung" if o.code is None else str(o.code)
            print(
                f"{case.name[:70]:70} {code:>4} {o.seconds:8.2f} {o.peak_mb:8.0f}  {result}",
                flush=True,
            )
        print(f"\n{len(todo) - failed} of {len(todo)} cases kept every promise")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
