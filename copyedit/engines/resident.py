"""A long-lived local worker that keeps the grammar and real-word engines loaded.

Loading them is most of what a re-check after an edit costs: spaCy's English pipeline
takes about 1 s to import and load, the real-word model about 0.5 s, against 10 ms to
parse a changed sentence. ``copyedit check`` (and ``fix``, ``review``) therefore runs
those two engines in a worker process that outlives it: the first check that needs one
starts the worker (about what loading in-process costs), later checks send it the draft
and get the findings back. Nothing leaves the machine: the worker listens on a Unix
socket in ``<cache>/resident/`` (a private folder), and answers only a client that
proves it knows the key in the state file (readable by its owner alone).

Like the LanguageTool server it stops itself once nobody has used it for
``IDLE_SECONDS``; ``python -m copyedit.engines.resident stop`` stops it at once. A
worker started by other code or data (another ``recheck_cache.data_key``) is stopped
and replaced. It is an optimisation only: when it cannot be started or reached, the
engine runs in the checking process as before, with a one-line note on stderr.
``COPYEDIT_RESIDENT=off`` keeps every engine in the checking process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import __version__
from ..document import Document
from ..model import Finding
from ..paths import cache_dir
from . import Engine, notes_of

ENV = "COPYEDIT_RESIDENT"
IDLE_SECONDS = 30 * 60
START_SECONDS = 60.0
"""How long a client waits for a new worker to load its engines."""


class Unavailable(Exception):
    """The worker could not be started or reached: check in this process instead."""


def enabled() -> bool:
    return os.environ.get(ENV, "").lower() not in ("off", "0", "no")


def folder() -> Path:
    return cache_dir() / "resident"


def state_path() -> Path:
    return folder() / "state.json"


def identity() -> str:
    """The code and data the worker runs: a client running other code stops it."""
    from ..recheck_cache import data_key

    return f"{__version__} {data_key()} {sys.executable}"


def builders() -> dict[str, Callable[[], Engine]]:
    """The engines the worker keeps loaded, built as the registry builds them."""

    def grammar() -> Engine:
        from .grammar import GrammarEngine

        return GrammarEngine()

    def realword() -> Engine:
        from .realword import RealWordEngine

        return RealWordEngine()

    return {"grammar": grammar, "realword": realword}


# ---------------------------------------------------------------- the client


class ResidentEngine:
    """An engine the worker runs for this process: its name, notes and fingerprint are
    the engine's own; ``check`` asks the worker, or runs the engine here when the
    worker is off or out of reach."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.name: str = engine.name
        notes = notes_of(engine)
        self.notes: list[str] = notes if notes is not None else []

    def fingerprint(self) -> str | None:
        fingerprint: str | None = self.engine.fingerprint()
        return fingerprint

    def check(self, doc: Document) -> list[Finding]:
        fingerprint = self.fingerprint()
        if not enabled() or fingerprint is None:
            found: list[Finding] = self.engine.check(doc)
            return found
        try:
            found, notes = ask(self.name, fingerprint, doc)
        except Unavailable as exc:
            _note_once(f"copyedit: note: {exc}; checking in this process")
            found = self.engine.check(doc)
            return found
        self.notes.extend(n for n in notes if n not in self.notes)
        return found


_noted = threading.Lock()
_said: set[str] = set()


def _note_once(line: str) -> None:
    with _noted:
        if line not in _said:
            _said.add(line)
            print(line, file=sys.stderr)


def ask(name: str, fingerprint: str, doc: Document) -> tuple[list[Finding], list[str]]:
    """The worker's findings and notes for ``doc`` from engine ``name``."""
    from multiprocessing.connection import Connection

    conn: Connection = _connect()
    try:
        conn.send(("check", name, fingerprint, doc.text, doc.path, doc.format))
        reply = conn.recv()
    except (OSError, EOFError) as exc:
        raise Unavailable(f"the resident worker stopped answering ({exc})") from None
    finally:
        conn.close()
    if reply[0] == "ok":
        return [Finding.from_json(d) for d in reply[1]], list(reply[2])
    if reply[0] == "stale":
        stop()
        raise Unavailable("the resident worker held other data (restarted next time)")
    raise Unavailable(f"the resident worker failed ({reply[1]})")


def _connect():
    """A connection to this cache's worker, started when none runs (or a stale one)."""
    from multiprocessing.connection import Client

    def reach(state: dict | None):
        if state is None or state.get("identity") != identity():
            return None
        try:
            return Client(state["address"], "AF_UNIX", authkey=bytes.fromhex(state["authkey"]))
        except (OSError, EOFError, ValueError, KeyError, TypeError):
            return None

    conn = reach(_read_state())
    if conn is not None:
        return conn
    from ..languagetool.files import locked

    try:
        with locked(folder() / "start.lock", timeout=START_SECONDS) as got:
            if not got:
                raise Unavailable("the resident worker is being started by another check")
            conn = reach(_read_state())
            if conn is None:
                stop()
                conn = reach(_start())
    except OSError as exc:
        raise Unavailable(f"the resident worker cannot be started ({exc})") from None
    if conn is None:
        raise Unavailable("the resident worker cannot be reached")
    return conn


def _read_state() -> dict | None:
    try:
        state = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _start() -> dict:
    """Start a worker and wait until it has loaded its engines and written its state."""
    try:
        folder().mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder(), 0o700)
        log = open(folder() / "worker.log", "ab")  # noqa: SIM115 (the child keeps it)
    except OSError as exc:
        raise Unavailable(f"the resident worker cannot be started ({exc})") from None
    argv = [sys.executable, "-m", "copyedit.engines.resident", "serve"]
    try:
        child = subprocess.Popen(  # in its own folder: ``-m`` reads the working folder first
            argv,
            cwd=folder(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    except OSError as exc:
        raise Unavailable(f"the resident worker cannot be started ({exc})") from None
    finally:
        log.close()
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        state = _read_state()
        if state is not None and state.get("pid") == child.pid:
            return state
        if child.poll() is not None:
            raise Unavailable(
                f"the resident worker exited at start (see {folder() / 'worker.log'})"
            )
        time.sleep(0.02)
    child.terminate()
    raise Unavailable("the resident worker did not start in time")


def stop() -> bool:
    """Stop the worker this cache's state file names, if it runs; True if one did."""
    state = _read_state()
    if state is None:
        return False
    try:
        state_path().unlink()
    except OSError:
        pass
    pid = state.get("pid")
    if not isinstance(pid, int) or not _is_worker(pid):
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        return False
    return True


def _is_worker(pid: int) -> bool:
    """``pid`` is a resident worker (not a process that took over a dead one's id)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True  # no /proc: trust the state file
    return b"copyedit.engines.resident" in cmdline


# ---------------------------------------------------------------- the worker


def serve(idle_seconds: float = IDLE_SECONDS) -> None:
    from multiprocessing.connection import Listener

    from ..files import store

    engines = {name: build() for name, build in builders().items()}
    for engine in engines.values():  # load now, not at the first request
        engine.check(Document.from_text("The worker loads its engines before it answers.\n"))
    authkey = os.urandom(32)
    address = str(folder() / f"worker-{os.getpid()}.sock")
    listener = Listener(address, "AF_UNIX", authkey=authkey)
    state = {
        "pid": os.getpid(),
        "address": address,
        "authkey": authkey.hex(),
        "identity": identity(),
    }
    last = [time.monotonic()]
    lock = threading.Lock()

    def leave(*_: object) -> None:
        current = _read_state()
        if current is not None and current.get("pid") == os.getpid():
            try:
                state_path().unlink()
            except OSError:
                pass
        try:
            os.unlink(address)
        except OSError:
            pass
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(min(10.0, idle_seconds / 4))
            if time.monotonic() - last[0] > idle_seconds:
                leave()

    def handle(conn) -> None:
        with conn:
            while True:
                try:
                    message = conn.recv()
                except (OSError, EOFError):
                    return
                last[0] = time.monotonic()
                with lock:
                    reply = answer(engines, message)
                last[0] = time.monotonic()
                try:
                    conn.send(reply)
                except OSError:
                    return

    signal.signal(signal.SIGTERM, leave)
    if not store(state_path(), json.dumps(state).encode("utf-8"), mode=0o600):
        leave()
    threading.Thread(target=watch, daemon=True).start()
    while True:
        try:
            conn = listener.accept()
        except Exception:  # a client that failed the key, or went away: not ours to end
            continue
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def answer(engines: dict[str, Any], message: tuple) -> tuple:
    kind, name, fingerprint, text, path, fmt = message
    engine = engines.get(name)
    if kind != "check" or engine is None:
        return ("error", f"no engine {name!r}")
    if engine.fingerprint() != fingerprint:
        return ("stale",)
    try:
        found = engine.check(Document.from_text(text, path, fmt))
    except Exception as exc:  # the client runs the engine itself and reports it properly
        return ("error", f"{type(exc).__name__}: {exc}")
    return ("ok", [f.to_json() for f in found], list(engine.notes))


def main(argv: list[str]) -> int:
    if argv[:1] == ["serve"]:
        serve()
        return 0
    if argv[:1] == ["stop"]:
        print("stopped" if stop() else "no resident worker running")
        return 0
    if argv[:1] == ["status"]:
        state = _read_state()
        running = state is not None and _is_worker(int(state.get("pid", 0)))
        print(f"running, pid {state['pid']}" if running and state else "not running")
        return 0
    print("usage: python -m copyedit.engines.resident {status|stop}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
