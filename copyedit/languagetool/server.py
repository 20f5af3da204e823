"""Starting, finding, reusing and stopping the local LanguageTool server.

One server per cache folder, described by ``<cache>/languagetool/server.json``
(written atomically). Every start, reuse and stop happens under an ``flock`` on
``server.lock``, so two copyedit runs starting at once end up sharing one server.
The server listens on 127.0.0.1 only (LanguageTool's HTTPServer without
``--public``) on a free port, and is owned by a small supervisor process
(``supervisor.py``) that stops it after ``idle_seconds`` without use.

A server is ours when its processes carry our ``identity`` (a random token and this
folder's state file) on their command lines and its Java owns the listening port, and
it answers as LanguageTool of the version started: whatever else answers on the port
is never adopted, and only our processes are ever killed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from ..errors import ConfigError, EngineError
from ..paths import state_dir
from .client import BadAnswer, identify, url_problem
from .files import locked, read_json, write_json_atomic
from .install import Installation, lt_root, require_installed
from .supervisor import MARKER
from .transport import TIMEOUT, HTTPProblem, fetch

DEFAULT_IDLE_MINUTES = 30.0
DEFAULT_HEAP_MB = 1024
"""The server JVM's largest heap. Without a bound the JVM may take a quarter of memory,
and LanguageTool held about 2 GiB after checking 343 dev articles; with 1,024 MB it held
0.9-1.05 GiB at about the same speed, with 512 MB 0.7 GiB but a third more CPU (garbage
collection). ``heap-mb`` in ``[languagetool]``; 0 leaves it to the JVM."""
START_TIMEOUT = 120.0
PROBE_TIMEOUT = 3.0
BUSY_WAIT = 120.0
"""How long a new run waits for a shared server busy with other runs' checks."""
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
    token: str = ""
    """Random, on the command lines of its processes (see ``identity``); a state file
    without one names no server of ours."""

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


def state_root() -> Path:
    """The state file, lock and log: in the cache, or elsewhere when it cannot be written."""
    return state_dir(lt_root())


def state_path() -> Path:
    return state_root() / "server.json"


def _lock_path() -> Path:
    return state_root() / "server.lock"


def _touch_path() -> Path:
    return state_root() / "last-used"


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


class Health(Enum):
    UP = "up"
    """Our server, answering as LanguageTool of its version."""
    BUSY = "busy"
    """Our Java is alive and listening but has not answered yet (checks queued ahead)."""
    DOWN = "down"
    """Gone, not listening, or the port answers for another program."""


def identity(token: str) -> str:
    """The argument on the command lines of the supervisor and Java started with
    ``token`` in this cache folder: it finds them (and only them) even after the
    supervisor is gone, and a state file naming another folder's server matches none."""
    return f"-Dcopyedit.languagetool={token}@{state_path()}"


def _cmdline(pid: int) -> list[bytes] | None:
    """``pid``'s arguments; [] for a zombie; None where /proc cannot tell."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except FileNotFoundError:
        return [] if Path("/proc/self").exists() else None
    except OSError:
        return None


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _alive(pid: int, token: str | None = None) -> bool:
    """True when ``pid`` is a live supervisor (not a zombie or a reused pid); with
    ``token``, the one of that server in this cache folder."""
    args = _cmdline(pid)
    if args is None:
        return _exists(pid)
    return MARKER.encode() in args and (token is None or identity(token).encode() in args)


def _members(state: ServerState) -> list[int]:
    """The live processes of the server ``state`` describes (supervisor, Java)."""
    mark = identity(state.token).encode()
    if not Path("/proc/self").exists():
        return [state.pid] if _exists(state.pid) else []
    pids = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and mark in (_cmdline(int(entry.name)) or []):
            pids.append(int(entry.name))
    return pids


_LOOPBACK = {"0100007F", "00000000", "0000000000000000FFFF00000100007F", "0" * 32}
"""127.0.0.1 and the any-address, as /proc/net/tcp and tcp6 write them (an IPv6
socket on ::1 does not take 127.0.0.1's port, so it is not listed)."""


def _holds_port(port: int, pids: list[int]) -> bool | None:
    """Whether one of ``pids`` owns the socket listening on 127.0.0.1:``port``; None
    where /proc cannot tell. An answer on the port proves nothing by itself: another
    program may hold it."""
    if not Path("/proc/net/tcp").exists():
        return None
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            f = row.split()
            address, _, hex_port = f[1].partition(":")
            if f[3] == "0A" and address in _LOOPBACK and int(hex_port, 16) == port:
                listening.add(f"socket:[{f[9]}]")
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in os.scandir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if os.readlink(fd.path) in listening:
                        return True
    return False


def probe(state: ServerState, timeout: float = PROBE_TIMEOUT, language: str = "en-US") -> Health:
    """How the server ``state`` describes is: a busy server is not a dead one."""
    pids = _members(state)
    if state.pid not in pids or _holds_port(state.port, pids) is False:
        return Health.DOWN
    try:
        info = identify(state.url, timeout, language)
    except HTTPProblem as exc:
        return Health.BUSY if exc.kind == TIMEOUT else Health.DOWN
    except BadAnswer as exc:
        return Health.BUSY if "HTTP 503" in str(exc) else Health.DOWN
    return Health.UP if info.version == state.version else Health.DOWN


def read_state(strict: bool = True) -> ServerState | None:
    """The state file's server, None without one. A state whose values are not what
    copyedit writes (a port that is null or not a number) is a ``ConfigError`` naming
    the file, unless not ``strict`` (``stop`` clears such a file)."""
    data = read_json(state_path())
    try:
        state = ServerState(**data) if isinstance(data, dict) else None
    except TypeError:
        return None
    problem = state_problem(state) if state is not None and strict else None
    if problem:
        raise ConfigError(
            f"{state_path()}: not a valid LanguageTool state file ({problem}); "
            "'copyedit languagetool stop' clears it"
        )
    return state


def state_problem(state: ServerState) -> str | None:
    """What is wrong with a state read from the file, or None (its URL is checked by
    ``client.url_problem``, as every LanguageTool URL is)."""
    if isinstance(state.pid, bool) or not isinstance(state.pid, int) or state.pid < 1:
        return f"pid {state.pid!r} is not a process id"
    texts = ("version", "started", "log", "token")
    wrong = next((k for k in texts if not isinstance(getattr(state, k), str)), None)
    if wrong:
        return f"{wrong} is not text"
    idle = state.idle_seconds
    if isinstance(idle, bool) or not isinstance(idle, int | float):
        return "idle_seconds is not a number"
    if isinstance(state.port, bool) or not isinstance(state.port, int):
        return f"port {state.port!r} is not a number"
    return url_problem(state.url)


def alive_state() -> ServerState | None:
    """The server described by the state file if its supervisor is alive (no request)."""
    state = read_state()
    return state if state and _alive(state.pid, state.token) else None


def running() -> ServerState | None:
    """The server described by the state file, if it is ours and up (or busy)."""
    state = read_state()
    return state if state and probe(state) is not Health.DOWN else None


def ensure_server(
    version: str | None = None,
    idle_minutes: float | None = None,
    warm: str | None = "en-US",
    heap_mb: int | None = None,
) -> ServerState:
    """Reuse the running server, or start one. Raises EngineError with what to do.

    A running server that is busy is waited for (up to BUSY_WAIT), never killed: other
    runs are using it. A new server is sent one check in ``warm`` before this returns:
    LanguageTool loads a language's rules on first use, which takes many seconds.
    """
    idle = DEFAULT_IDLE_MINUTES if idle_minutes is None else idle_minutes
    with locked(_lock_path()):
        touch()
        state = read_state()
        if state is not None:
            if _proved(state, version, warm or "en-US"):
                return state
            _kill(state)
        inst = require_installed(version)
        state = _start(inst, idle * 60, DEFAULT_HEAP_MB if heap_mb is None else heap_mb)
        if warm:
            _warm_up(state.url, warm)
        # The warm-up was a use: idle time counts from now, not from the server's start.
        # Otherwise a slow start (a busy machine) could use up a short idle time while we
        # hold the lock, and the supervisor, taking the lock before the next client,
        # would stop the server that client was about to share.
        touch()
        return state


def proved_running(version: str | None = None, language: str = "en-US") -> ServerState | None:
    """The running server, proved as ``ensure_server`` proves it, or None: never starts
    or stops one (a check proves it early, in a thread the command may leave behind)."""
    with locked(_lock_path()):
        touch()
        state = read_state()
        return state if state is not None and _proved(state, version, language) else None


def _proved(state: ServerState, version: str | None, language: str) -> bool:
    """The server ``state`` names answers as LanguageTool, in ``version`` if given."""
    health = _wait_while_busy(state, language)
    return health is Health.UP and version in (None, state.version)


def _wait_while_busy(state: ServerState, language: str) -> Health:
    deadline = time.monotonic() + BUSY_WAIT
    health = probe(state, language=language)
    while health is Health.BUSY:
        left = deadline - time.monotonic()
        if left <= 0:
            raise EngineError(
                f"the local LanguageTool server (pid {state.pid}) is busy and did not "
                f"answer within {BUSY_WAIT:g} s; try again later, or restart it "
                "('copyedit languagetool stop')"
            )
        touch()  # it is in use: the supervisor must not stop it meanwhile
        health = probe(state, timeout=min(left, 30.0), language=language)
    return health


def stop() -> ServerState | None:
    """Stop the server if one is running; returns what was stopped."""
    with locked(_lock_path()):
        state = read_state(strict=False)
        if state is None:
            return None
        problem = state_problem(state)
        if problem is None or (
            isinstance(state.pid, int) and state.pid > 0 and isinstance(state.token, str)
        ):
            _kill(state)  # its processes are found by pid and token, not by port
        else:
            state_path().unlink(missing_ok=True)
        return state


def _kill(state: ServerState) -> None:
    """Stop the processes of ``state``'s server, found by its identity: Java too if
    its supervisor has gone; never another cache folder's server or a reused pid."""
    for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        pids = _members(state)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while pids and time.monotonic() < deadline:
            _reap(state.pid)
            time.sleep(0.1)
            pids = _members(state)
        if not pids:
            break
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


def _start(inst: Installation, idle_seconds: float, heap_mb: int = 0) -> ServerState:
    """``heap_mb``: the JVM's largest heap (0: the JVM's own default, a quarter of memory)."""
    java = java_path()
    log = state_root() / "server.log"
    for attempt in range(3):
        token = secrets.token_hex(8)
        port = free_port()
        command = [
            java,
            *([f"-Xmx{heap_mb}m"] if heap_mb else []),
            identity(token),
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
                cwd=state_root(),
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
            token=token,
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
    with contextlib.suppress(HTTPProblem):
        fetch(f"{url}/v2/check", {"text": "Warm up.", "language": language}, timeout=START_TIMEOUT)


def _wait_until_up(proc: subprocess.Popen, state: ServerState) -> str | None:
    """None when our server answers as LanguageTool; else one line saying what went
    wrong. Another program answering on the port is not taken for it."""
    deadline = time.monotonic() + START_TIMEOUT
    while (left := deadline - time.monotonic()) > 0:
        if proc.poll() is not None:
            return _start_failure(Path(state.log), state)
        if probe(state, timeout=min(left, 30.0)) is Health.UP:
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
