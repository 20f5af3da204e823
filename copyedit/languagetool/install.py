"""Installing a LanguageTool server (English only) into the copyedit cache.

Maven fetches ``languagetool-server`` and ``language-en`` with their dependencies into
``<cache>/languagetool/<version>/lib``; without Maven, language_tool_python's own
download of the release zip is tried instead. A small ``installed.json`` records what
was installed, so a second install is a no-op and the server knows its classpath.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import EngineError
from ..paths import cache_dir
from .files import locked, write_json_atomic

CANDIDATE_VERSIONS = ("6.8", "6.7", "6.6")
"""Versions tried newest first when none is asked for; the first that resolves wins."""

POM = Path(__file__).with_name("pom.xml")
MAVEN_TIMEOUT = 900


@dataclass(frozen=True)
class Installation:
    version: str
    classpath: str
    """What follows ``java -cp``: ``<lib>/*`` for Maven, the server jar for a zip."""
    method: str
    installed: str


def lt_root() -> Path:
    return cache_dir() / "languagetool"


def _marker(version: str) -> Path:
    return lt_root() / version / "installed.json"


def _current_file() -> Path:
    return lt_root() / "current.json"


def installed(version: str | None = None) -> Installation | None:
    """The installation of ``version`` (or the one recorded as current), if complete."""
    if version is None:
        try:
            version = json.loads(_current_file().read_text(encoding="utf-8"))["version"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
    try:
        data = json.loads(_marker(str(version)).read_text(encoding="utf-8"))
        inst = Installation(**data)
    except (OSError, ValueError, TypeError):
        return None
    first = Path(inst.classpath.removesuffix("*"))
    return inst if first.exists() else None


def require_installed(version: str | None = None) -> Installation:
    inst = installed(version)
    if inst is None:
        what = f"LanguageTool {version}" if version else "LanguageTool"
        raise EngineError(
            f"{what} is not installed; run 'copyedit languagetool install' "
            "(or pass --no-languagetool)"
        )
    return inst


def install(version: str | None = None, log=None) -> Installation:
    """Install ``version`` (default: newest of CANDIDATE_VERSIONS that resolves).

    Idempotent and quick when already installed. ``log`` gets progress lines. A cache
    folder that cannot be written (read-only, full, inside a file) is one line, exit 3.
    """
    try:
        return _install(version, log)
    except OSError as exc:
        raise EngineError(
            f"cannot install LanguageTool in {lt_root()}: {exc.strerror or exc}"
        ) from None


def _install(version: str | None, log) -> Installation:
    say = log or (lambda _msg: None)
    candidates = (version,) if version else CANDIDATE_VERSIONS
    lt_root().mkdir(parents=True, exist_ok=True)
    with locked(lt_root() / "install.lock"):
        for v in candidates:
            if (inst := installed(v)) is not None:
                with contextlib.suppress(OSError):  # installed in a read-only cache
                    _set_current(v)
                return inst
        problems = []
        for v in candidates:
            say(f"installing LanguageTool {v} ...")
            try:
                inst = _install_one(v)
            except EngineError as exc:
                problems.append(str(exc))
                say(f"  {exc}")
                continue
            write_json_atomic(_marker(v), asdict(inst))
            _set_current(v)
            return inst
    if len(problems) == 1:
        raise EngineError(problems[0])
    raise EngineError(f"could not install LanguageTool {' or '.join(candidates)}: {problems[-1]}")


def _set_current(version: str) -> None:
    write_json_atomic(_current_file(), {"version": version})


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _install_one(version: str) -> Installation:
    mvn = shutil.which("mvn")
    if mvn:
        return _install_maven(mvn, version)
    return _install_download(version)


def _install_maven(mvn: str, version: str) -> Installation:
    """Maven downloads into a repository of its own inside the cache, removed once the
    jars are copied to ``lib``: its default, ``~/.m2`` of the account (Maven ignores
    ``$HOME``), would keep a second copy of the 271 MB outside copyedit's cache."""
    target = lt_root() / version
    target.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="lib.", dir=target))
    repo = Path(tempfile.mkdtemp(prefix="maven.", dir=target))
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(POM),
        f"-Dmaven.repo.local={repo}",
        f"-Dlt.version={version}",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={tmp}",
    ]
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=MAVEN_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise EngineError(f"Maven could not fetch LanguageTool {version}: {exc}") from None
    finally:
        shutil.rmtree(repo, ignore_errors=True)
    if done.returncode != 0 or not any(tmp.glob("languagetool-server-*.jar")):
        shutil.rmtree(tmp, ignore_errors=True)
        raise EngineError(
            f"Maven could not fetch LanguageTool {version}: {_last_error(done.stdout + done.stderr)}"
        )
    lib = target / "lib"
    shutil.rmtree(lib, ignore_errors=True)
    os.replace(tmp, lib)
    return Installation(version, str(lib / "*"), "maven", _now())


def _last_error(output: str) -> str:
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("[ERROR]")]
    return (errors or lines or ["no output"])[0][:300]


def _install_download(version: str) -> Installation:
    """No Maven: language_tool_python downloads the release zip (needs the internet)."""
    folder = lt_root() / version / "download"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["LTP_PATH"] = str(folder)
    try:
        from language_tool_python.download_lt import LocalLanguageTool

        local = LocalLanguageTool.from_version_name(version)
        local.download()
        jar = local.get_jar_path()
    except Exception as exc:  # noqa: BLE001 - any failure becomes one clear line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngineError(
            f"Maven (mvn) not found and downloading LanguageTool {version} failed "
            f"({first[:200]}); install Maven or check the network, then run "
            "'copyedit languagetool install' again"
        ) from None
    return Installation(version, str(jar), "download", _now())
