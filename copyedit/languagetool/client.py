"""Talking to a LanguageTool server, checking that it is one, and reading its matches
back with exact offsets.

Every answer is validated before it is used or cached: a server that is not
LanguageTool, or an answer with offsets outside the paragraph, is an EngineError, never
a finding. LanguageTool counts offsets in UTF-16 code units (an emoji is two), Python
in code points; both ends of a match are converted exactly. Requests go through
``transport.fetch``: a total deadline, a size cap, and cut off by ``abort``.
"""

from __future__ import annotations

import hashlib
import json
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import ConfigError, EngineError
from .transport import HTTPProblem, InFlight, fetch

REQUEST_TIMEOUT = 120.0
"""Seconds one request may take in all, not per read."""
MAX_REPLACEMENTS = 5


@dataclass(frozen=True)
class CheckOptions:
    """Everything sent with a check besides the text (part of the cache key)."""

    language: str = "en-US"
    disabled_rules: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()
    picky: bool = False

    def fingerprint(self) -> str:
        data = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha256(data.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class LTMatch:
    """One LanguageTool match, offsets in code points of the text checked."""

    start: int
    end: int
    rule: str
    category: str
    issue: str
    message: str
    replacements: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "replacements": list(self.replacements)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LTMatch:
        return cls(**{**data, "replacements": tuple(data["replacements"])})

    def fits(self, text: str) -> bool:
        """The match lies within ``text`` (a cached row is checked before use)."""
        return (
            isinstance(self.start, int)
            and isinstance(self.end, int)
            and 0 <= self.start <= self.end <= len(text)
        )


def utf16_to_codepoint(text: str) -> Callable[[int], int]:
    """A function mapping a UTF-16 offset in ``text`` to the code-point offset.

    An offset inside a surrogate pair (LanguageTool never gives one) maps to the
    character holding it.
    """
    if all(ord(c) < 0x10000 for c in text):
        return lambda unit: unit
    table: list[int] = []
    for i, c in enumerate(text):
        table.append(i)
        if ord(c) >= 0x10000:
            table.append(i)
    table.append(len(text))
    return lambda unit: table[min(max(unit, 0), len(table) - 1)]


class BadAnswer(EngineError):
    """An answer that is not LanguageTool's, or not about the text sent."""


def _field(data: dict[str, Any], key: str, kind: type, default: Any) -> Any:
    value = data.get(key, default)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BadAnswer(f"'{key}' is {type(value).__name__}, not {kind.__name__}")
    return value


def parse_matches(text: str, data: Any, what: str = "LanguageTool") -> list[LTMatch]:
    """LanguageTool's ``/v2/check`` JSON for ``text`` as matches with code-point offsets.

    Raises BadAnswer (one line) for anything LanguageTool would not send: a missing or
    mistyped field, an offset outside ``text``, a negative length."""
    try:
        return _parse_matches(text, data)
    except BadAnswer as exc:
        raise BadAnswer(
            f"{what} gave a bad answer ({exc}); is it LanguageTool? Run the check again, "
            "or pass --no-languagetool"
        ) from None


def _parse_matches(text: str, data: Any) -> list[LTMatch]:
    if not isinstance(data, dict):
        raise BadAnswer(f"a {type(data).__name__}, not an object")
    matches = data.get("matches")
    if not isinstance(matches, list):
        raise BadAnswer("no list of matches")
    units = len(text.encode("utf-16-le")) // 2
    to_cp = utf16_to_codepoint(text)
    out = []
    for m in matches:
        if not isinstance(m, dict):
            raise BadAnswer(f"a match that is a {type(m).__name__}")
        offset, length = _field(m, "offset", int, None), _field(m, "length", int, None)
        if offset < 0 or length < 0 or offset + length > units:
            raise BadAnswer(f"a match at {offset}+{length} outside a text of {units}")
        rule = _field(m, "rule", dict, {})
        category = _field(rule, "category", dict, {})
        replacements = []
        for r in _field(m, "replacements", list, []):
            if not isinstance(r, dict):
                raise BadAnswer(f"a replacement that is a {type(r).__name__}")
            replacements.append(_field(r, "value", str, ""))
        out.append(
            LTMatch(
                start=to_cp(offset),
                end=to_cp(offset + length),
                rule=_field(rule, "id", str, "UNKNOWN"),
                category=_field(category, "id", str, ""),
                issue=_field(rule, "issueType", str, ""),
                message=_field(m, "message", str, ""),
                replacements=tuple(replacements[:MAX_REPLACEMENTS]),
            )
        )
    return out


@dataclass(frozen=True)
class ServerInfo:
    """What a server proved about itself by answering as LanguageTool does."""

    version: str
    build: str
    languages: frozenset[str]
    """Language codes it checks (``en`` and ``en-US`` alike)."""

    @property
    def key(self) -> str:
        return f"{self.version} {self.build}".strip()


def _json(
    url: str, form: dict[str, str] | None, timeout: float, inflight: InFlight | None = None
) -> Any:
    status, body = fetch(url, form, timeout=timeout, inflight=inflight)
    if status != 200:
        first = body.decode("utf-8", "replace").strip().splitlines()[:1]
        raise BadAnswer(f"HTTP {status}" + (f": {first[0][:120]}" if first else ""))
    try:
        return json.loads(body)
    except ValueError:
        raise BadAnswer("not JSON") from None


def identify(url: str, timeout: float, language: str = "en-US") -> ServerInfo:
    """Ask the server at ``url`` to prove it is LanguageTool: ``/v2/languages`` is a list
    of languages, and ``/v2/info`` names LanguageTool and its version and build. A server
    without ``/v2/info`` is asked to check "." in ``language`` instead: its answer is
    LanguageTool's JSON with the version. (The check cost a new draft's first request
    15-30 ms more than ``/v2/info``'s 2-4 ms, and the server a check's work; every real
    check's answer is validated in any case.) Raises HTTPProblem when it does not answer
    in ``timeout`` seconds (each request), BadAnswer when it answers otherwise."""
    listed = _json(f"{url}/v2/languages", None, timeout)
    keys = ("name", "code", "longCode")
    if not (
        isinstance(listed, list)
        and listed
        and all(
            isinstance(x, dict) and all(isinstance(x.get(k), str) for k in keys) for x in listed
        )
    ):
        raise BadAnswer("its /v2/languages is not a list of languages")
    codes = frozenset(x[k] for x in listed for k in ("code", "longCode"))
    software = _info(url, timeout)
    if software is None:
        form = {"text": ".", "language": language if language in codes else listed[0]["longCode"]}
        data = _json(f"{url}/v2/check", form, timeout)
        software = data.get("software") if isinstance(data, dict) else None
        if not isinstance(software, dict) or software.get("name", "LanguageTool") != "LanguageTool":
            raise BadAnswer("its check answer does not come from LanguageTool")
        _parse_matches(".", data)
    version, build = software.get("version"), software.get("buildDate", "")
    if not (isinstance(version, str) and version and isinstance(build, str)):
        raise BadAnswer("its check answer gives no version")
    return ServerInfo(version, build, codes)


def _info(url: str, timeout: float) -> dict[str, Any] | None:
    """The ``software`` of the server's ``/v2/info``, when it answers one that names
    LanguageTool with a version and build; None when it has none (an older server, or
    not LanguageTool: the check then says). A server that does not answer raises."""
    try:
        data = _json(f"{url}/v2/info", None, timeout)
    except BadAnswer:
        return None
    software = data.get("software") if isinstance(data, dict) else None
    if (
        isinstance(software, dict)
        and software.get("name") == "LanguageTool"
        and isinstance(software.get("version"), str)
        and software["version"]
        and isinstance(software.get("buildDate"), str)
    ):
        return software
    return None


def base_url(url: str) -> str:
    """``host:port``, ``http://host:port/`` or ``.../v2`` all become ``http://host:port``."""
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    return url.removesuffix("/v2")


def url_problem(url: object) -> str | None:
    """Why ``url`` cannot name a LanguageTool server, or None. The one check for every
    URL copyedit reads (the configuration's ``url``, ``--languagetool-url``, the local
    server's state file), so a bad one is refused where it is read, not met as an
    exception deep in a request: copyedit speaks plain HTTP (``transport.fetch``) to a
    host and a port from 1 to 65535."""
    if not isinstance(url, str) or not url.strip():
        return "expected a URL such as http://localhost:8081"
    if any(c.isspace() or not c.isprintable() for c in url.strip()):
        return f"{url!r} holds spaces or control characters"
    parts = urllib.parse.urlsplit(base_url(url.strip()))
    if parts.scheme.lower() != "http":
        return f"{url!r}: only http:// is supported, not {parts.scheme}://"
    try:
        port = parts.port
    except ValueError:
        return (
            f"{url!r}: the port {parts.netloc.rpartition(':')[2]!r} is not a number from 1 to 65535"
        )
    if port == 0:
        return f"{url!r}: the port 0 is not a number from 1 to 65535"
    if not parts.hostname:
        return f"{url!r} names no host"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return f"{url!r}: a server's URL has no query (?) or fragment (#)"
    return None


def check_url(url: object, where: str) -> str:
    """``url`` as ``base_url`` makes it; a ``ConfigError`` naming ``where`` (the file and
    key, or the option, it came from) when ``url_problem`` finds one."""
    problem = url_problem(url)
    if problem is not None:
        raise ConfigError(f"{where}: bad LanguageTool URL: {problem}")
    assert isinstance(url, str)
    return base_url(url.strip())


class LTClient:
    """A connection to one LanguageTool server with fixed check options."""

    def __init__(
        self, url: str, options: CheckOptions, what: str | None = None, checked: bool = False
    ) -> None:
        """``checked``: the caller has just seen the server prove it is LanguageTool (the
        managed server); otherwise it is asked here (``info``)."""
        self.url = base_url(url)
        self.options = options
        self.what = what or f"LanguageTool at {self.url}"
        self.requests = 0
        self.info: ServerInfo | None = None
        self._count = threading.Lock()
        self._inflight = InFlight()
        if not checked:
            self.info = self._identify()
            if options.language not in self.info.languages:
                raise EngineError(f"{self.what} cannot check {options.language}")

    def _identify(self) -> ServerInfo:
        try:
            return identify(self.url, timeout=10, language=self.options.language)
        except HTTPProblem as exc:
            raise EngineError(
                f"{self.what} does not answer ({exc}); check the URL or start it "
                "('copyedit languagetool start'), or pass --no-languagetool"
            ) from None
        except BadAnswer as exc:
            raise EngineError(
                f"{self.what} is not LanguageTool ({exc}); check the URL, or pass --no-languagetool"
            ) from None

    def _params(self, text: str) -> dict[str, str]:
        o = self.options
        params = {"language": o.language, "text": text}
        for name, values in (
            ("disabledRules", o.disabled_rules),
            ("enabledRules", o.enabled_rules),
            ("disabledCategories", o.disabled_categories),
        ):
            if values:
                params[name] = ",".join(values)
        if o.picky:
            params["level"] = "picky"
        return params

    def raw_check(self, text: str) -> Any:
        """Check ``text``; counted in ``requests`` (tests use it to see cache hits)."""
        with self._count:
            self.requests += 1
        try:
            return _json(
                f"{self.url}/v2/check", self._params(text), REQUEST_TIMEOUT, self._inflight
            )
        except HTTPProblem as exc:
            raise EngineError(
                f"{self.what} stopped answering during the check ({exc}); "
                "run the check again, or pass --no-languagetool"
            ) from None
        except BadAnswer as exc:
            raise BadAnswer(f"{self.what} refused a check ({exc})") from None

    def check(self, text: str) -> list[LTMatch]:
        return parse_matches(text, self.raw_check(text), self.what)

    def abort(self) -> None:
        """Cut off the requests in flight and refuse new ones (Ctrl-C)."""
        self._inflight.abort()
