"""The detached process that owns a LanguageTool server and stops it when idle.

Run as ``python -m copyedit.languagetool.supervisor --state F --lock F --touch F
--idle-seconds N -- java ...``. It starts the Java command, then every few seconds
checks the "last used" file that clients touch; once nobody has used the server for
``idle-seconds`` (re-checked under the server lock, so a client that has just touched
it is never cut off) it stops Java and removes the state file. SIGTERM stops it too. On Linux Java is
killed by the kernel when the supervisor dies, even by ``kill -9``: a server nobody
knows of would keep gigabytes of memory.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .files import locked, read_json

MARKER = "copyedit.languagetool.supervisor"


class _Stop(Exception):
    pass


def _on_signal(signum, frame) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    raise _Stop


PR_SET_PDEATHSIG = 1


def die_with(parent: int) -> Callable[[], None] | None:
    """For ``Popen(preexec_fn=...)``: the child is SIGKILLed when ``parent`` dies
    (Linux ``prctl``); None where there is no such call."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def child() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # it died before the call
            os._exit(1)

    return child


def idle_for(touch: Path, since: float) -> float:
    try:
        last = max(touch.stat().st_mtime, since)
    except OSError:
        last = since
    return time.time() - last


def forget(state: Path, pid: int) -> None:
    """Remove the state file if it still describes this supervisor."""
    data = read_json(state)
    if isinstance(data, dict) and data.get("pid") == pid:
        state.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=MARKER)
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--lock", type=Path, required=True)
    parser.add_argument("--touch", type=Path, required=True)
    parser.add_argument("--idle-seconds", type=float, required=True)
    parser.add_argument("command", nargs="+")
    args = parser.parse_args(argv)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    me = os.getpid()
    started = time.time()
    poll = max(0.2, min(5.0, args.idle_seconds / 5))
    proc = None
    try:
        proc = subprocess.Popen(args.command, stdin=subprocess.DEVNULL, preexec_fn=die_with(me))
        while proc.poll() is None:
            time.sleep(poll)
            if idle_for(args.touch, started) < args.idle_seconds:
                continue
            with locked(args.lock, timeout=1.0) as got:
                if got and idle_for(args.touch, started) >= args.idle_seconds:
                    print(f"{MARKER}: idle for {args.idle_seconds:g} s, stopping", flush=True)
                    forget(args.state, me)
                    break
    except _Stop:
        print(f"{MARKER}: stopped by signal", flush=True)
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        with locked(args.lock, timeout=2.0) as got:
            if got:
                forget(args.state, me)
    return 0


if __name__ == "__main__":
    sys.exit(main())
