"""Talking to a LanguageTool server through language_tool_python, and reading its
matches back with exact offsets.

LanguageTool counts offsets in UTF-16 code units (an emoji is two), Python in code
points. language_tool_python corrects only the start, through class-level state that
is not thread-safe, and not the length; so the raw JSON is read here and both ends are
converted exactly. language_tool_python is used in remote mode only: it never starts
or downloads anything.
"""

from __future__ import annotations

import hashlib
import json
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import EngineError
from .server import healthy

REQUEST_TIMEOUT = 120
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


def parse_matches(text: str, data: dict[str, Any]) -> list[LTMatch]:
    """LanguageTool's ``/v2/check`` JSON for ``text`` as matches with code-point offsets."""
    to_cp = utf16_to_codepoint(text)
    out = []
    for m in data.get("matches", []):
        rule = m.get("rule", {})
        start = to_cp(int(m["offset"]))
        end = to_cp(int(m["offset"]) + int(m["length"]))
        replacements = tuple(r.get("value", "") for r in m.get("replacements", []))
        out.append(
            LTMatch(
                start=start,
                end=end,
                rule=str(rule.get("id", "UNKNOWN")),
                category=str(rule.get("category", {}).get("id", "")),
                issue=str(rule.get("issueType", "")),
                message=str(m.get("message", "")),
                replacements=replacements[:MAX_REPLACEMENTS],
            )
        )
    return out


def base_url(url: str) -> str:
    """``host:port``, ``http://host:port/`` or ``.../v2`` all become ``http://host:port``."""
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    return url.removesuffix("/v2")


class LTClient:
    """A connection to one LanguageTool server with fixed check options."""

    def __init__(
        self, url: str, options: CheckOptions, what: str | None = None, checked: bool = False
    ) -> None:
        """``checked``: the caller has just seen the server answer (no health check)."""
        self.url = base_url(url)
        self.options = options
        self.what = what or f"LanguageTool at {self.url}"
        self.requests = 0
        self._count = threading.Lock()
        if not checked and not healthy(self.url, timeout=10):
            raise EngineError(
                f"{self.what} does not answer; check the URL or start it "
                "('copyedit languagetool start'), or pass --no-languagetool"
            )
        from language_tool_python import LanguageTool
        from language_tool_python.exceptions import LanguageToolError

        self._error = LanguageToolError
        try:
            tool = LanguageTool(options.language, remote_server=self.url + "/")
        except (LanguageToolError, ValueError, OSError) as exc:
            raise EngineError(f"{self.what} cannot check {options.language}: {exc}") from None
        tool._TIMEOUT = REQUEST_TIMEOUT  # library default is 300 s
        tool.disabled_rules = set(options.disabled_rules)
        tool.disabled_categories = set(options.disabled_categories)
        tool.enabled_rules = set(options.enabled_rules)
        tool.picky = options.picky
        self._tool = tool
        self._check_url = urllib.parse.urljoin(tool.url, "check")

    def raw_check(self, text: str) -> dict[str, Any]:
        """Check ``text``; counted in ``requests`` (tests use it to see cache hits)."""
        with self._count:
            self.requests += 1
        return self._post(text)

    def _post(self, text: str) -> dict[str, Any]:
        tool = self._tool
        try:
            data = tool._query_server(
                self._check_url, tool._create_params(text), num_tries=1, method="post"
            )
        except (self._error, OSError) as exc:
            detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
            raise EngineError(
                f"{self.what} stopped answering during the check ({detail}); "
                "run the check again, or pass --no-languagetool"
            ) from None
        if not isinstance(data, dict) or "matches" not in data:
            raise EngineError(f"{self.what} gave an unexpected answer; is it LanguageTool?")
        return data

    def check(self, text: str) -> list[LTMatch]:
        return parse_matches(text, self.raw_check(text))

    def version(self) -> str:
        """The server's LanguageTool version (one tiny check)."""
        data = self._post(".")
        return str(data.get("software", {}).get("version", "unknown"))
