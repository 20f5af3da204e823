"""Shared fixtures.

LanguageTool: ``lt_server`` installs LanguageTool if needed (into the normal copyedit
cache, so it happens once per machine) and starts a real server for the session in a
private cache folder. Without Java or an installable LanguageTool those tests are
skipped, unless ``COPYEDIT_REQUIRE_LANGUAGETOOL`` is set, when they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from copyedit.errors import EngineError

REQUIRE_LT = bool(os.environ.get("COPYEDIT_REQUIRE_LANGUAGETOOL"))
os.environ.setdefault("COPYEDIT_RESIDENT", "off")  # no long-lived worker per test cache


def lt_unavailable(reason: str) -> None:
    if REQUIRE_LT:
        pytest.fail(f"{reason} (COPYEDIT_REQUIRE_LANGUAGETOOL is set)")
    pytest.skip(reason)


@dataclass(frozen=True)
class LTServer:
    url: str
    version: str
    cache: Path
    """The COPYEDIT_CACHE the server was started in (install linked in)."""


def link_install(root: Path, version: str, source: Path) -> Path:
    """A fresh cache folder whose LanguageTool install is the one in ``source``."""
    lt = root / "languagetool"
    lt.mkdir(parents=True, exist_ok=True)
    (lt / version).symlink_to(source / version, target_is_directory=True)
    (lt / "current.json").write_text(f'{{"version": "{version}"}}', encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def lt_installed() -> tuple[str, Path]:
    """(version, the languagetool folder of the normal cache holding it)."""
    from copyedit.languagetool.install import install, lt_root
    from copyedit.languagetool.server import java_path

    try:
        java_path()
        inst = install()
    except EngineError as exc:
        lt_unavailable(f"LanguageTool unavailable: {exc}")
    return inst.version, lt_root()


@pytest.fixture
def lt_data(lt_installed) -> tuple[str, Path]:
    """LanguageTool's English data in the cache (the language-en jar, whose US/UK pairs,
    coherency and confusion lists the consistency and real-word engines read): installed
    if needed, or the test is skipped, so a cold cache never fails a test that needs it."""
    return lt_installed


@pytest.fixture
def lt_cache(lt_installed, tmp_path) -> Path:
    """A private cache folder with LanguageTool installed (no server running)."""
    version, source = lt_installed
    return link_install(tmp_path / "cache", version, source)


@pytest.fixture(scope="session")
def lt_server(lt_installed, tmp_path_factory) -> Iterator[LTServer]:
    from copyedit.languagetool import server

    version, source = lt_installed
    cache = link_install(tmp_path_factory.mktemp("lt") / "cache", version, source)
    old = os.environ.get("COPYEDIT_CACHE")
    os.environ["COPYEDIT_CACHE"] = str(cache)
    try:
        try:
            state = server.ensure_server(idle_minutes=30)
        except EngineError as exc:
            lt_unavailable(f"LanguageTool server did not start: {exc}")
        yield LTServer(state.url, state.version, cache)
        server.stop()
    finally:
        if old is None:
            os.environ.pop("COPYEDIT_CACHE", None)
        else:
            os.environ["COPYEDIT_CACHE"] = old


@pytest.fixture
def lt_env(lt_server, monkeypatch) -> LTServer:
    """The session's server, with COPYEDIT_CACHE pointing at its cache folder."""
    monkeypatch.setenv("COPYEDIT_CACHE", str(lt_server.cache))
    return lt_server


@pytest.fixture
def shared_cache(tmp_path_factory, monkeypatch) -> Path:
    """One copyedit cache for a session's CLI runs: a cold cache costs about 15 s a run
    (the real-word engine builds its bigram index), a warm one half a second."""
    cache = tmp_path_factory.getbasetemp() / "copyedit-cache"
    monkeypatch.setenv("COPYEDIT_CACHE", str(cache))
    return cache


@pytest.fixture
def uncalibrated(monkeypatch):
    """Findings as the engines make them (``COPYEDIT_CALIBRATION=off``): for tests of a
    mechanism (writers, limits) that need a rule's fix applied whatever its precision
    measured on real copy."""
    monkeypatch.setenv("COPYEDIT_CALIBRATION", "off")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """One line per reason a test was skipped, with how many: a missing browser, office
    suite or LanguageTool should not pass unnoticed (README, "Two commands")."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = _skip_reason(report)
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items(), key=lambda item: (-item[1], item[0])):
        terminalreporter.write_line(f"skipped {count}: {reason}")


def _skip_reason(report) -> str:
    """The reason pytest.skip was given (its longrepr is (file, line, "Skipped: why"))."""
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return text.removeprefix("Skipped: ")
