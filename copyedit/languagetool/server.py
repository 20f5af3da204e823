"""Starting, finding, reusing and stopping the local LanguageTool server.

One server per cache folder, described by ``<cache>/languagetool/server.json``
(written atomically). Every start, reuse and stop happens under an ``flock`` on
``server.lock``, so two copyedit runs starting at once end up sharing one server.
The server listens on 127.0.0.1 only (LanguageTool's HTTPServer without
``--public``) on a free port, and is owned by a small supervisor process
(``supervisor.py``) that stops it after ``idle_seconds`` without use.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import EngineError
from .files import locked, read_json, write_json_atomic
from .install import Installation, lt_root, require_installed
from .supervisor import MARKER

DEFAULT_IDLE_MINUTES = 30.0
START_TIMEOUT = 120.0
HOST = "127.0.0.1"

_children: dict[int, subprocess.Popen] = {}
"""Supervisors started by this process, so stopping them also reaps them."""


@dataclass(frozen=True)
class ServerState:
    pid: int
    """The supervisor's pid; Java runs in its process group."""
    port: int
    version: str
    started: str
    idle_seconds: float
    log: str

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


def state_path() -> Path:
    return lt_root() / "server.json"


def _lock_path() -> Path:
    return lt_root() / "server.lock"


def _touch_path() -> Path:
    return lt_root() / "last-used"


def touch() -> None:
    """Tell the supervisor the server is in use (postpones the idle shutdown)."""
    path = _touch_path()
    try:
        path.touch()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()


def java_path() -> str:
    """``$JAVA_HOME/bin/java`` if there is one, else ``java`` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise EngineError(
            "Java not found: install Java 17 or newer (or set JAVA_HOME) to run "
            "LanguageTool, or pass --no-languagetool"
        )
    return found


def healthy(url: str, timeout: float = 3.0) -> bool:
    """True when ``url`` answers ``GET /v2/languages`` with a JSON list."""
    import urllib.request  # here, not above: a fully cached check never talks to the server

    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/v2/languages", timeout=timeout) as r:
            return r.status == 200 and isinstance(json.loads(r.read()), list)
    except (OSError, ValueError):
        return False


def read_state() -> ServerState | None:
    data = read_json(state_path())
    try:
        return ServerState(**data) if isinstance(data, dict) else None
    except TypeError:
        return None


def _alive(pid: int) -> bool:
    """True when ``pid`` is a live supervisor of ours (not a zombie or a reused pid)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True
    return MARKER.encode() in cmdline


def alive_state() -> ServerState | None:
    """The server described by the state file if its supervisor is alive (no request)."""
    state = read_state()
    return state if state and _alive(state.pid) else None


def running() -> ServerState | None:
    """The server described by the state file, if it is alive and answering."""
    state = read_state()
    if state and _alive(state.pid) and healthy(state.url):
        return state
    return None


def ensure_server(
    version: str | None = None, idle_minutes: float | None = None, warm: str | None = "en-US"
) -> ServerState:
    """Reuse the running server, or start one. Raises EngineError with what to do.

    A new server is sent one check in ``warm`` before this returns: LanguageTool loads
    a language's rules on first use, which takes many seconds.
    """
    idle = DEFAULT_IDLE_MINUTES if idle_minutes is None else idle_minutes
    lt_root().mkdir(parents=True, exist_ok=True)
    with locked(_lock_path()):
        touch()
        state = read_state()
        if state and _alive(state.pid):
            if healthy(state.url) and version in (None, state.version):
                return state
            _kill(state)
        inst = require_installed(version)
        state = _start(inst, idle * 60)
        if warm:
            _warm_up(state.url, warm)
        # The warm-up was a use: idle time counts from now, not from the server's start.
        # Otherwise a slow start (a busy machine) could use up a short idle time while we
        # hold the lock, and the supervisor, taking the lock before the next client,
        # would stop the server that client was about to share.
        touch()
        return state


def stop() -> ServerState | None:
    """Stop the server if one is running; returns what was stopped."""
    lt_root().mkdir(parents=True, exist_ok=True)
    with locked(_lock_path()):
        state = read_state()
        if state is None:
            return None
        _kill(state)
        state_path().unlink(missing_ok=True)
        return state


def _kill(state: ServerState) -> None:
    if _alive(state.pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(state.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while _alive(state.pid) and time.monotonic() < deadline:
            _reap(state.pid)
            time.sleep(0.1)
        if _alive(state.pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(state.pid, signal.SIGKILL)
    _reap(state.pid, wait=True)
    state_path().unlink(missing_ok=True)


def _reap(pid: int, wait: bool = False) -> None:
    proc = _children.get(pid)
    if proc is None:
        return
    try:
        proc.wait(timeout=5 if wait else 0)
        _children.pop(pid, None)
    except subprocess.TimeoutExpired:
        pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _start(inst: Installation, idle_seconds: float) -> ServerState:
    java = java_path()
    log = lt_root() / "server.log"
    for attempt in range(3):
        port = free_port()
        command = [
            java,
            "-cp",
            inst.classpath,
            "org.languagetool.server.HTTPServer",
            "--port",
            str(port),
        ]
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    MARKER,
                    "--state",
                    str(state_path()),
                    "--lock",
                    str(_lock_path()),
                    "--touch",
                    str(_touch_path()),
                    "--idle-seconds",
                    str(idle_seconds),
                    "--",
                    *command,
                ],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=lt_root(),
                start_new_session=True,
            )
        _children[proc.pid] = proc
        state = ServerState(
            pid=proc.pid,
            port=port,
            version=inst.version,
            started=datetime.now(UTC).isoformat(timespec="seconds"),
            idle_seconds=idle_seconds,
            log=str(log),
        )
        problem = _wait_until_up(proc, state)
        if problem is None:
            write_json_atomic(state_path(), asdict(state))
            touch()
            return state
        _kill(state)
        if "Address already in use" not in problem or attempt == 2:
            raise EngineError(problem)
    raise AssertionError("unreachable")


def _warm_up(url: str, language: str) -> None:
    import urllib.parse
    import urllib.request

    data = urllib.parse.urlencode({"text": "Warm up.", "language": language}).encode()
    with contextlib.suppress(OSError):
        urllib.request.urlopen(f"{url}/v2/check", data, timeout=START_TIMEOUT).read()


def _wait_until_up(proc: subprocess.Popen, state: ServerState) -> str | None:
    """None when the server answers; else one line saying what went wrong."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return _start_failure(Path(state.log), state)
        if healthy(state.url, timeout=1.0):
            return None
        time.sleep(0.2)
    return (
        f"LanguageTool did not answer on port {state.port} within {START_TIMEOUT:g} s "
        f"(see {state.log}); try 'copyedit languagetool start' again"
    )


def _start_failure(log: Path, state: ServerState) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    if "UnsupportedClassVersionError" in text:
        return (
            f"LanguageTool {state.version} needs a newer Java (17 or later); install it "
            "or set JAVA_HOME, or pass --no-languagetool"
        )
    if "Address already in use" in text or "BindException" in text:
        return f"LanguageTool could not listen on port {state.port}: Address already in use"
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and MARKER not in ln]
    last = lines[-1][:200] if lines else "no output"
    return f"LanguageTool server exited while starting ({last}); see {log}"
