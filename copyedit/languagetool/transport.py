"""Bounded HTTP to a LanguageTool server.

Every request has a total deadline (connecting, sending and every byte of the answer:
a server trickling a byte every few seconds cannot hold a check), a cap on the answer's
size, and can be cut off from another thread (Ctrl-C). The request asks the server to
close the connection, so the answer is read to its end under those bounds and only
then parsed.
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator

MAX_ANSWER_BYTES = 32 * 1024 * 1024
"""LanguageTool's answer for a long paragraph is tens of kilobytes."""

DOWN, TIMEOUT, ABORTED, TOO_LARGE, BROKEN = "down", "timeout", "aborted", "too large", "broken"


class HTTPProblem(Exception):
    """No usable answer. ``kind`` tells a server that is not there (DOWN: refused, reset)
    from one that is slow (TIMEOUT) and from a broken or oversized answer."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class InFlight:
    """The requests a client has open; ``abort`` cuts them off, and refuses new ones."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._socks: set[socket.socket] = set()
        self.aborted = False

    def abort(self) -> None:
        with self._lock:
            self.aborted = True
            for sock in self._socks:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    @contextlib.contextmanager
    def track(self, sock: socket.socket) -> Iterator[None]:
        with self._lock:
            if self.aborted:
                raise HTTPProblem("interrupted", ABORTED)
            self._socks.add(sock)
        try:
            yield
        finally:
            with self._lock:
                self._socks.discard(sock)
        if self.aborted:
            raise HTTPProblem("interrupted", ABORTED)


class _Replay:
    """A received answer, handed to ``http.client`` as if it were the socket."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def makefile(self, mode: str) -> io.BytesIO:
        return io.BytesIO(self._data)


def fetch(
    url: str,
    form: dict[str, str] | None = None,
    *,
    timeout: float,
    max_bytes: int | None = None,
    inflight: InFlight | None = None,
) -> tuple[int, bytes]:
    """GET ``url`` (POST ``form`` when given); (status, body) within ``timeout`` seconds
    in all. Raises HTTPProblem."""
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    body = urllib.parse.urlencode(form).encode() if form is not None else b""
    lines = [
        f"{'POST' if form is not None else 'GET'} {target} HTTP/1.1",
        f"Host: {host}:{port}",
        "Connection: close",
        "Accept: application/json",
    ]
    if form is not None:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    deadline = time.monotonic() + timeout
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except TimeoutError:
        raise HTTPProblem(f"no connection within {timeout:g} s", TIMEOUT) from None
    except OSError as exc:
        raise HTTPProblem(exc.strerror or str(exc), DOWN) from None
    with sock, inflight.track(sock) if inflight else contextlib.nullcontext():
        request = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        raw = _exchange(sock, request, deadline, max_bytes or MAX_ANSWER_BYTES)
    import http.client  # here: a fully cached re-check sends nothing and need not import it

    answer = http.client.HTTPResponse(_Replay(raw))  # type: ignore[arg-type]
    try:
        answer.begin()
        return answer.status, answer.read()
    except (http.client.HTTPException, ValueError) as exc:
        raise HTTPProblem(f"a broken HTTP answer ({type(exc).__name__})", BROKEN) from None


def _exchange(sock: socket.socket, request: bytes, deadline: float, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        sock.settimeout(max(deadline - time.monotonic(), 0.001))
        sock.sendall(request)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            sock.settimeout(left)
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > max_bytes:
                raise HTTPProblem(f"an answer over {max_bytes / 2**20:g} MB", TOO_LARGE)
            chunks.append(chunk)
    except TimeoutError:
        raise HTTPProblem("no full answer in the time allowed", TIMEOUT) from None
    except OSError as exc:
        raise HTTPProblem(exc.strerror or str(exc), DOWN) from None
