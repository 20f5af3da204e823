"""A long-lived local worker that keeps our own engines loaded.

Loading them is most of what a re-check after an edit costs: spaCy's English pipeline
takes about 1 s to import and load, the real-word model about 0.5 s, against 10 ms to
parse a changed sentence; and once those are resident, reading the rule files, the
consistency engine's word lists and textstat's syllable counts cost a one-word edit more
than checking the whole draft with them loaded (rules 70 ms against 7 ms, consistency
75 ms against 15 ms, readability figures 70 ms against 2 ms, on the op-ed). ``copyedit
check`` (and ``fix``, ``review``) therefore runs our own engines (``RESIDENT``) and the
readability figures in a worker process that outlives it: the first check that needs one
starts the worker (about what loading in-process costs), later checks send it the draft
and the configuration and get the findings back. The worker builds the engines as the
registry does and keeps them by fingerprint (``Held``). Nothing leaves the machine: the
worker listens on a Unix socket in ``<cache>/resident/`` (a private folder), and answers
only a client that proves it knows the key in the state file (readable by its owner
alone).

Like the LanguageTool server it stops itself once nobody has used it for
``IDLE_SECONDS``; ``copyedit worker stop`` stops it at once (``copyedit worker status``
says whether one runs). A worker started by other code or data (another
``recheck_cache.data_key``) is stopped and replaced. It is an optimisation only: when it
cannot be started or reached, the engine runs in the checking process as before, with a
one-line note on stderr. ``COPYEDIT_RESIDENT=off`` keeps every engine in the checking
process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..config import Config
from ..document import Document
from ..errors import CopyeditError
from ..model import Finding
from ..paths import cache_dir
from . import CachedEngine, Engine, notes_of

if TYPE_CHECKING:
    from ..readability import Stats

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


RESIDENT = ("rules", "readability", "consistency", "realword", "grammar")
"""The registry's engines the worker can run: all but LanguageTool (its server's)."""

KEPT = 2
"""Engines the worker keeps of each name (one per configuration, the latest used)."""


def build(name: str, config: Config) -> Engine:
    """Engine ``name`` as the registry builds it for ``config``, for this process."""
    from . import registry

    return registry.spec(name).build(config, registry.Options())


# ---------------------------------------------------------------- the client


class ResidentEngine:
    """An engine the worker runs for this process: its name, notes and fingerprint are
    the engine's own; ``check`` asks the worker (which builds the same engine from
    ``config``), or runs the engine here when the worker is off or out of reach."""

    resident = True
    """The pipeline asks the worker for the readability figures too (``measure``)."""

    def __init__(self, engine: Any, config: Config | None = None) -> None:
        self.engine = engine
        self.config = config if config is not None else Config()
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
            found, notes = ask(self.name, fingerprint, self.config, doc)
        except Unavailable as exc:
            if not isinstance(exc, Declined):
                _note_once(f"copyedit: note: {exc}; checking in this process")
            found = self.engine.check(doc)
            return found
        self.notes.extend(n for n in notes if n not in self.notes)
        return found


def measure(doc: Document) -> Stats:
    """``readability.measure(doc)``, by the worker when it runs (it keeps textstat and
    its syllable counts loaded), else here."""
    from ..readability import measure as here

    if not enabled():
        return here(doc)
    try:
        stats: Stats = _request(("measure", doc.text, doc.path, doc.format))[0]
    except Unavailable as exc:
        if not isinstance(exc, Declined):
            _note_once(f"copyedit: note: {exc}; checking in this process")
        return here(doc)
    return stats


_noted = threading.Lock()
_said: set[str] = set()


def _note_once(line: str) -> None:
    with _noted:
        if line not in _said:
            _said.add(line)
            print(line, file=sys.stderr)


class Declined(Unavailable):
    """The engine failed in the worker with one of copyedit's own errors (a bad rule
    file, say): run here, where it fails the same way and is reported as usual."""


def ask(
    name: str, fingerprint: str, config: Config, doc: Document
) -> tuple[list[Finding], list[str]]:
    """The worker's findings and notes for ``doc`` from engine ``name`` built from
    ``config`` (the one whose fingerprint is ``fingerprint``)."""
    found, notes = _request(("check", name, fingerprint, config, doc.text, doc.path, doc.format))
    return [Finding.from_json(d) for d in found], list(notes)


def _request(message: tuple) -> tuple[Any, list[str]]:
    """The worker's answer to ``message``: (what was asked for, the engine's notes)."""
    from multiprocessing.connection import Connection

    conn: Connection = _connect()
    try:
        conn.send(message)
        reply = conn.recv()
    except (OSError, EOFError) as exc:
        raise Unavailable(f"the resident worker stopped answering ({exc})") from None
    finally:
        conn.close()
    if reply[0] == "ok":
        return reply[1], list(reply[2])
    if reply[0] == "declined":
        raise Declined(reply[1])
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


def running() -> dict | None:
    """The state of this cache's worker (pid, ``started`` as a Unix time,
    ``idle_seconds``) when one runs, else None."""
    state = _read_state()
    pid = state.get("pid") if state is not None else None
    return state if isinstance(pid, int) and _is_worker(pid) else None


def describe(state: dict, now: float | None = None) -> str:
    """One line on a running worker: its pid, age and idle timeout."""
    started = state.get("started")
    idle = state.get("idle_seconds")
    parts = [f"pid {state.get('pid')}"]
    if isinstance(started, (int, float)):
        age = max(0.0, (time.time() if now is None else now) - started)
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started))
        parts.append(f"started {when} ({_duration(age)} ago)")
    if isinstance(idle, (int, float)):
        parts.append(f"stops after {_duration(idle)} unused")
    return ", ".join(parts)


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


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

    held = Held()
    warm = Document.from_text("The worker loads its engines before it answers.\n")
    for name in RESIDENT:  # load now, not at the first request
        engine = build(name, Config())
        held.keep(name, engine)
        engine.check(warm)
    held.measure(warm)
    authkey = os.urandom(32)
    address = str(folder() / f"worker-{os.getpid()}.sock")
    listener = Listener(address, "AF_UNIX", authkey=authkey)
    state = {
        "pid": os.getpid(),
        "address": address,
        "authkey": authkey.hex(),
        "identity": identity(),
        "started": time.time(),
        "idle_seconds": idle_seconds,
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
                    reply = answer(held, message)
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


class Held:
    """What the worker keeps between requests: its engines, by name and the fingerprint
    each had when built (an engine reads its files when first used, so one built before a
    rule file changed keeps the old rules while its fingerprint, read now, would say the
    new ones), and the last draft asked about (a check's engines share its reading)."""

    def __init__(self) -> None:
        self.engines: dict[str, list[tuple[str, Any]]] = {}
        self._doc: Document | None = None

    def keep(self, name: str, engine: Any) -> bool:
        """Keep ``engine`` under the fingerprint it has now; False if it has none."""
        fingerprint = engine.fingerprint() if isinstance(engine, CachedEngine) else None
        if fingerprint is None:
            return False
        kept = self.engines.setdefault(name, [])
        kept.insert(0, (fingerprint, engine))
        del kept[KEPT:]
        return True

    def engine(self, name: str, fingerprint: str, config: Config) -> Any | None:
        """The engine ``name`` built when its fingerprint was ``fingerprint`` (and still
        is: a rule that timed out takes it back), else one built from ``config`` now;
        None when that one has another fingerprint."""
        if name not in RESIDENT:
            return None
        for built_as, engine in self.engines.get(name, []):
            if built_as == fingerprint and engine.fingerprint() == fingerprint:
                return engine
        built = build(name, config)
        if not self.keep(name, built) or self.engines[name][0][0] != fingerprint:
            return None
        return built

    def doc(self, text: str, path: str, fmt: str) -> Document:
        doc = self._doc
        if doc is None or (doc.text, doc.path, doc.format) != (text, path, fmt):
            doc = self._doc = Document.from_text(text, path, fmt)
        return doc

    def measure(self, doc: Document) -> Stats:
        from ..readability import measure

        return measure(doc)


def answer(held: Held, message: tuple) -> tuple:
    """The reply to one request: ("ok", result, notes), ("declined", why) when the work
    failed with one of copyedit's errors, ("error", why) otherwise."""
    try:
        if message[0] == "measure":
            _, text, path, fmt = message
            return ("ok", held.measure(held.doc(text, path, fmt)), [])
        kind, name, fingerprint, config, text, path, fmt = message
        engine = held.engine(name, fingerprint, config) if kind == "check" else None
        if engine is None:
            return ("error", f"no {name!r} engine of that fingerprint")
        found = engine.check(held.doc(text, path, fmt))
        return ("ok", [f.to_json() for f in found], list(notes_of(engine) or ()))
    except CopyeditError as exc:
        return ("declined", str(exc))
    except Exception as exc:  # the client runs the engine itself and reports it properly
        return ("error", f"{type(exc).__name__}: {exc}")


def main(argv: list[str]) -> int:
    """``serve`` (how the client starts a worker); ``status`` and ``stop`` are
    ``copyedit worker status|stop``."""
    if argv[:1] == ["serve"]:
        serve()
        return 0
    if argv[:1] == ["stop"]:
        print("stopped" if stop() else "no resident worker running")
        return 0
    if argv[:1] == ["status"]:
        state = running()
        print(f"running: {describe(state)}" if state else "running: no")
        return 0 if state else 1
    print("usage: python -m copyedit.engines.resident {status|stop}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
