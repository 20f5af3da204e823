"""LanguageTool against hostile or failing servers: impostors, busy and orphaned
servers, bad answers, trickling and oversized answers, Ctrl-C. Every hostile server is
made here, on loopback, and every wait is bounded."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner

from copyedit.cli import main
from copyedit.document import Document
from copyedit.engines.languagetool import LanguageToolEngine
from copyedit.errors import EngineError
from copyedit.languagetool import client as lt_client
from copyedit.languagetool import server
from copyedit.languagetool.cache import ParagraphCache
from copyedit.languagetool.settings import LTSettings
from copyedit.languagetool.supervisor import MARKER

LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
]


def lt_answer(matches: list, version: str = "6.8", build: str = "2025-01-01") -> dict:
    software = {"name": "LanguageTool", "version": version, "buildDate": build}
    return {"software": software, "matches": matches}


def spelling(offset, length) -> dict:
    return {
        "offset": offset,
        "length": length,
        "message": "Possible spelling mistake found.",
        "replacements": [{"value": "world"}],
        "rule": {
            "id": "MORFOLOGIK_RULE_EN_US",
            "issueType": "misspelling",
            "category": {"id": "TYPOS"},
        },
    }


class Fake(BaseHTTPRequestHandler):
    """A server whose answers the test decides: ``answer(path, form)`` returns the
    JSON to send, or sends something itself (then returns None)."""

    answer: Callable[[BaseHTTPRequestHandler, str, dict], object] = staticmethod(
        lambda h, path, form: LANGUAGES if path.endswith("languages") else lt_answer([])
    )

    def do_GET(self):
        self._reply(self.answer(self, self.path, {}))

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = {k: v[0] for k, v in parse_qs(body).items()}
        self._reply(self.answer(self, self.path, form))

    def _reply(self, data):
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


@contextlib.contextmanager
def serving(answer) -> Iterator[str]:
    """A fake server on 127.0.0.1 answering with ``answer``; its URL."""
    handler = type("Handler", (Fake,), {"answer": staticmethod(answer)})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def checks_with(matches: Callable[[str], list], **software) -> Callable:
    """A LanguageTool look-alike whose checks of anything but "." get ``matches(text)``."""

    def answer(h, path, form):
        if path.endswith("languages"):
            return LANGUAGES
        text = form.get("text", "")
        return lt_answer([] if text == "." else matches(text), **software)

    return answer


def url_engine(url: str, cache: Path) -> LanguageToolEngine:
    return LanguageToolEngine(LTSettings(language="en-US"), url=url, cache=ParagraphCache(cache))


def cached_rows(path: Path) -> int:
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return sum(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables)


def one_line_error(result) -> str:
    assert result.exit_code == 3, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.stderr
    return lines[0]


# 6. An impostor is never adopted, and its answers are never cached.


def test_an_http_service_that_is_not_languagetool_is_refused(tmp_path):
    """It lists languages like LanguageTool but answers every check with no matches."""
    draft = tmp_path / "a.txt"
    draft.write_text("The wrold is big.\n", encoding="utf-8")
    generic = lambda h, path, form: LANGUAGES if path.endswith("languages") else {"matches": []}  # noqa: E731
    with serving(generic) as url:
        result = CliRunner().invoke(main, ["check", str(draft), "--languagetool-url", url])
        assert "is not LanguageTool" in one_line_error(result)
        with pytest.raises(EngineError, match="is not LanguageTool"):
            url_engine(url, tmp_path / "c.sqlite3").check(Document.from_text("Fine.\n"))
    assert cached_rows(tmp_path / "c.sqlite3") == 0


@pytest.mark.parametrize(
    ("info", "checks"),
    [
        ({"software": {"name": "LanguageTool", "version": "6.8", "buildDate": "b"}}, 0),
        (None, 1),  # no /v2/info (an older server): a check of "." proves it
        ({"software": {"name": "Other", "version": "1", "buildDate": "b"}}, 1),
        ([], 1),
    ],
)
def test_a_server_proves_itself_by_its_info_or_else_by_a_check(info, checks):
    asked: list[str] = []

    def answer(h, path, form):
        asked.append(path)
        if path.endswith("/languages"):
            return LANGUAGES
        if path.endswith("/info"):
            if info is None:
                h.send_error(404)
            return info
        return lt_answer([], build="b")

    with serving(answer) as url:
        got = lt_client.identify(url, timeout=5)
    assert (got.version, got.build) == ("6.8", "b")
    assert asked.count("/v2/check") == checks


def test_an_http_service_that_is_not_languagetool_is_refused_whatever_its_info_says(tmp_path):
    says = {"software": {"name": "LanguageTool", "version": "6.8", "buildDate": "b"}}

    def generic(h, path, form):
        if path.endswith("/languages"):
            return LANGUAGES
        return says if path.endswith("/info") else {"matches": [{"offset": "x"}]}

    with serving(generic) as url:
        with pytest.raises(EngineError, match="gave a bad answer"):
            url_engine(url, tmp_path / "c.sqlite3").check(Document.from_text("Fine.\n"))
    assert cached_rows(tmp_path / "c.sqlite3") == 0


def test_an_impostor_on_the_port_chosen_for_the_local_server_is_not_adopted(
    lt_cache, tmp_path, monkeypatch
):
    """It answers exactly like LanguageTool of the installed version, but the port is
    not held by the Java copyedit started, so it is never taken for it."""
    monkeypatch.setenv("COPYEDIT_CACHE", str(lt_cache))
    with serving(checks_with(lambda text: [])) as url:
        port = int(url.rsplit(":", 1)[1])
        monkeypatch.setattr(server, "free_port", lambda: port)
        engine = LanguageToolEngine(LTSettings(), cache=ParagraphCache(tmp_path / "c.sqlite3"))
        try:
            with pytest.raises(EngineError, match="could not listen"):
                engine.check(Document.from_text("The wrold is big.\n"))
        finally:
            server.stop()
    assert cached_rows(tmp_path / "c.sqlite3") == 0
    assert server.read_state() is None


# 7. A busy shared server is waited for, not killed.

FAKE_SERVER = textwrap.dedent(
    """
    import json, sys, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    DELAY = float(sys.argv[1])

    class H(BaseHTTPRequestHandler):
        def do_GET(self):
            self.reply([{"name": "English (US)", "code": "en", "longCode": "en-US"}])

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.reply({"software": {"name": "LanguageTool", "version": "6.8"}, "matches": []})

        def reply(self, data):
            time.sleep(DELAY)
            body = json.dumps(data).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()
    """
)


@contextlib.contextmanager
def process(*marks: str, delay: float = 0.0) -> Iterator[tuple[subprocess.Popen, int]]:
    """A stand-in for a server process: ``marks`` on its command line, a LanguageTool
    look-alike answering after ``delay`` s on the port it prints. Killed afterwards."""
    proc = subprocess.Popen(
        [sys.executable, "-c", FAKE_SERVER, str(delay), *marks],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield proc, int(proc.stdout.readline())
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def write_state(pid: int, port: int, token: str | None) -> None:
    server.state_path().parent.mkdir(parents=True, exist_ok=True)
    data = {"pid": pid, "port": port, "version": "6.8", "started": "now"}
    data |= {"idle_seconds": 600.0, "log": "server.log"}
    if token is not None:
        data["token"] = token
    server.state_path().write_text(json.dumps(data), encoding="utf-8")


def test_a_busy_server_is_waited_for_not_killed(tmp_path, monkeypatch):
    """It takes 4 s to answer (other runs' checks ahead of ours): longer than the
    3 s probe, but alive and listening, so a new check waits and shares it."""
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path))
    with process(MARKER, server.identity("b" * 16), delay=4.0) as (proc, port):
        write_state(proc.pid, port, "b" * 16)
        started = time.monotonic()
        state = server.ensure_server(warm=None)
        assert (state.pid, state.port) == (proc.pid, port)
        assert proc.poll() is None
        assert time.monotonic() - started >= 3.0


# 8. Only our own server is ever killed, and none is orphaned.


def children(pid: int) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = Path(entry.path, "stat").read_text()
            if entry.name.isdigit() and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_java_dies_with_its_supervisor_and_stop_knows_the_next_server(lt_cache, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(lt_cache))
    state = server.ensure_server(idle_minutes=5, warm=None)
    (java,) = children(state.pid)
    try:
        os.kill(state.pid, signal.SIGKILL)  # kill -9 of the supervisor
        deadline = time.monotonic() + 10
        while not gone(java) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert gone(java), "the Java server outlived its supervisor"
        again = server.ensure_server(idle_minutes=5, warm=None)
        assert again.pid != state.pid
        (java2,) = children(again.pid)
        assert server.stop() == again
        assert gone(again.pid) and gone(java2)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(java, signal.SIGKILL)
        server.stop()


@pytest.mark.parametrize("token", [None, "c" * 16])
def test_a_state_file_naming_another_folders_server_kills_nothing(token, tmp_path, monkeypatch):
    """Our state file names their supervisor's pid (and, or not, its token)."""
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "other"))
    their_mark = server.identity("c" * 16)  # that folder's supervisor
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "ours"))
    with process(MARKER, their_mark) as (proc, port):
        write_state(proc.pid, port, token)
        server.stop()
        with pytest.raises(EngineError, match="not installed"):
            server.ensure_server(warm=None)
        time.sleep(0.3)
        assert proc.poll() is None, "another folder's server was killed"
        write_state(proc.pid, port, token)
        assert server.alive_state() is None


def test_stop_stops_our_java_left_without_its_supervisor(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with process(server.identity("d" * 16)) as (orphan, port):
        write_state(dead.pid, port, "d" * 16)  # the supervisor is gone, its Java is not
        assert server.stop() is not None
        deadline = time.monotonic() + 10
        while orphan.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert orphan.poll() is not None, "stop left our Java server running"


# 9. Answers are validated; the cache knows which server answered.


@pytest.mark.parametrize(
    "match",
    [
        spelling(-1, 5),  # before the paragraph
        spelling(4, 500),  # past its end
        spelling(4, -2),  # negative length
        spelling("4", 5),  # a string offset
        {"length": 5, "rule": {}},  # no offset
        {**spelling(4, 5), "replacements": "world"},
        {**spelling(4, 5), "rule": "MORFOLOGIK"},
    ],
)
def test_a_bad_answer_is_one_engine_error_and_never_cached(match, tmp_path):
    cache = tmp_path / "c.sqlite3"
    doc = Document.from_text("The wrold is big.\n\nAll is well.\n")
    with serving(checks_with(lambda text: [match] if "wrold" in text else [])) as url:
        with pytest.raises(EngineError, match="gave a bad answer") as info:
            url_engine(url, cache).check(doc)
    assert "\n" not in str(info.value)
    assert cached_rows(cache) <= 1  # at most the good paragraph's answer


def test_the_cache_does_not_serve_one_servers_answers_for_another(tmp_path):
    cache = tmp_path / "c.sqlite3"
    doc = Document.from_text("The wrold is big.\n")
    flags = checks_with(lambda text: [spelling(4, 5)] if "wrold" in text else [])
    with serving(flags) as first:
        assert [f.text for f in url_engine(first, cache).check(doc)] == ["wrold"]
    clean = checks_with(lambda text: [], build="2025-02-02")  # another server, same version
    with serving(clean) as second:
        engine = url_engine(second, cache)
        assert engine.check(doc) == []
        assert engine.client.requests == 1


# 10. Bounded requests; Ctrl-C stops at once.


def test_a_trickling_server_cannot_hold_a_check(tmp_path, monkeypatch):
    monkeypatch.setattr(lt_client, "REQUEST_TIMEOUT", 1.5)
    stop = threading.Event()

    def trickle(h, path, form):
        if path.endswith(("/languages", "/info")) or form.get("text") == ".":
            return checks_with(lambda text: [])(h, path, form)  # it proves itself at once
        h.send_response(200)
        h.send_header("Content-Length", "1000")
        h.end_headers()
        while not stop.wait(0.3):
            h.wfile.write(b" ")
            h.wfile.flush()
        return None

    outcome: list = []
    with serving(trickle) as url:
        engine = url_engine(url, tmp_path / "c.sqlite3")
        doc = Document.from_text("The wrold is big.\n")

        def run():
            try:
                engine.check(doc)
            except EngineError as exc:
                outcome.append(exc)

        worker = threading.Thread(target=run, daemon=True)
        started = time.monotonic()
        worker.start()
        worker.join(8)
        stop.set()
        assert not worker.is_alive(), "a byte every 0.3 s held the check past its deadline"
        assert time.monotonic() - started < 5
    assert outcome and "stopped answering" in str(outcome[0])


def test_an_oversized_answer_is_refused(tmp_path):
    pad = "x" * (40 * 2**20)

    def huge(h, path, form):
        if path.endswith("languages") or form.get("text") == ".":
            return checks_with(lambda text: [])(h, path, form)
        return {**lt_answer([]), "pad": pad}

    with serving(huge) as url:
        with pytest.raises(EngineError, match="over 32 MB"):
            url_engine(url, tmp_path / "c.sqlite3").check(Document.from_text("Big.\n"))
    assert cached_rows(tmp_path / "c.sqlite3") == 0


CHECK_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from copyedit.batch import check_all
    from copyedit.document import Document
    from copyedit.engines.languagetool import LanguageToolEngine
    from copyedit.languagetool.cache import ParagraphCache
    from copyedit.languagetool.settings import LTSettings
    from copyedit.pipeline import Selector

    url, cache = sys.argv[1], Path(sys.argv[2])
    doc = Document.from_text("".join(f"Paragraph {i} is here.\\n\\n" for i in range(40)))
    engine = LanguageToolEngine(
        LTSettings(language="en-US"), url=url, cache=ParagraphCache(cache), batch_chars=1
    )  # one request a paragraph: queued requests as well as those in flight
    check_all([doc], [engine], Selector())
    """
)


def test_ctrl_c_stops_a_batch_within_a_second(tmp_path):
    """40 paragraphs, 2 s each, 4 at a time: 20 s of queued work and in-flight
    requests that Ctrl-C must neither wait for nor let run on."""
    seen = threading.Event()
    stop = threading.Event()

    def slow(h, path, form):
        if path.endswith("languages") or form.get("text") == ".":
            return checks_with(lambda text: [])(h, path, form)
        seen.set()
        stop.wait(2.0)
        return lt_answer([])

    with serving(slow) as url:
        proc = subprocess.Popen(
            [sys.executable, "-c", CHECK_SCRIPT, url, str(tmp_path / "c.sqlite3")],
            stderr=subprocess.PIPE,
        )
        try:
            assert seen.wait(60), "the check never reached the server"
            time.sleep(0.3)
            proc.send_signal(signal.SIGINT)
            interrupted = time.monotonic()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)
            took = time.monotonic() - interrupted
        finally:
            stop.set()
            proc.kill()
            proc.wait()
    assert took < 1.5, f"Ctrl-C took {took:.1f} s"
    assert b"KeyboardInterrupt" in proc.stderr.read()
