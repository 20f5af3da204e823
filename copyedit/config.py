"""Settings from ``copyedit.toml`` or ``[tool.copyedit]`` in ``pyproject.toml``.

Looked for in the current folder and its parents; the first file found wins.
Paths in the file (rule folders) are relative to the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, InputError
from .files import MAX_SIDE_FILE_BYTES, read_regular

LANGUAGES = ("auto", "en-US", "en-GB")
"""'auto': each draft's own variety, from its US/UK spellings (see ``draft_language``)."""
STYLES = ("auto", "ap", "british", "none")
"""News style pack: 'auto' by the draft's variety (AP for US, British for UK)."""
FAIL_ON = ("error", "warning", "suggestion", "never")


@dataclass(frozen=True)
class Config:
    language: str = "auto"
    style: str = "auto"
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    """Added to ``select`` (when that names any), and the way to turn on a rule that is
    off by default ('grammar.article'): it runs when named here or in ``select``."""
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    rule_folders: tuple[Path, ...] = ()
    long_sentence_words: int = 40
    jobs: int | None = None
    """Worker processes for a batch (``check --jobs``); None: one per core."""
    source: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Sections for engines (``[languagetool]`` and so on), passed through unparsed."""


_KEYS = {
    "language",
    "style",
    "select",
    "extend-select",
    "ignore",
    "fail-on",
    "rule-folders",
    "long-sentence-words",
    "jobs",
}


def opted_in(config: Config, rule: str) -> bool:
    """The configuration names a rule that is off by default, to run it."""
    return rule in config.select or rule in config.extend_select


def find_config(start: Path) -> tuple[Path, dict] | None:
    for folder in [start, *start.parents]:
        own = folder / "copyedit.toml"
        if own.is_file():
            return own, _read(own)
        project = folder / "pyproject.toml"
        if project.is_file():
            section = _read(project).get("tool", {}).get("copyedit")
            if section is not None:
                return project, section
    return None


def _read(path: Path) -> dict:
    """A settings file, bounded: a regular file of at most ``MAX_SIDE_FILE_BYTES`` (a
    pipe is not waited on), and arrays or tables nested too deep for the TOML parser,
    which recurses, are refused rather than a RecursionError."""
    try:
        text = read_regular(path, MAX_SIDE_FILE_BYTES, "configuration file").decode("utf-8")
    except InputError as exc:
        raise ConfigError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (arrays or tables nested too deep)") from None


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    found: tuple[Path, dict] | None
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        data = _read(explicit)
        if explicit.name == "pyproject.toml":
            data = data.get("tool", {}).get("copyedit", {})
        found = (explicit, data)
    else:
        found = find_config(start or Path.cwd())
    if found is None:
        return Config()
    return parse_config(*found)


def parse_config(path: Path, data: dict) -> Config:
    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{path}: key '{key}': {problem}")

    extra = {k: v for k, v in data.items() if isinstance(v, dict)}
    unknown = set(data) - _KEYS - set(extra)
    if unknown:
        raise fail(sorted(unknown)[0], "unknown setting")
    language = data.get("language", "auto")
    if language not in LANGUAGES:
        raise fail("language", f"must be one of {', '.join(LANGUAGES)}")
    style = data.get("style", "auto")
    if style not in STYLES:
        raise fail("style", f"must be one of {', '.join(STYLES)}")
    fail_on = data.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        raise fail("fail-on", f"must be one of {', '.join(FAIL_ON)}")
    lists = {}
    for key in ("select", "extend-select", "ignore", "rule-folders"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "expected a list of strings")
        lists[key] = tuple(value)
    limit = data.get("long-sentence-words", 40)
    if not isinstance(limit, int) or limit < 1:
        raise fail("long-sentence-words", "expected a positive whole number")
    jobs = data.get("jobs")
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise fail("jobs", "expected a positive whole number")
    folders = tuple((path.parent / f).resolve() for f in lists["rule-folders"])
    for folder in folders:
        if not folder.is_dir():
            raise fail("rule-folders", f"{folder} is not a folder")
    return Config(
        language=language,
        style=style,
        select=lists["select"],
        extend_select=lists["extend-select"],
        ignore=lists["ignore"],
        fail_on=fail_on,
        rule_folders=folders,
        long_sentence_words=limit,
        jobs=jobs,
        source=path,
        extra=extra,
    )
