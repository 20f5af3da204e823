"""Exit codes and the errors that map onto them, defined in one place."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_ENGINE = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class CopyeditError(Exception):
    """An error reported as one line on stderr; ``exit_code`` says how the CLI exits."""

    exit_code = EXIT_USAGE


class InputError(CopyeditError):
    """A draft that cannot be read: missing, unreadable, binary or not UTF-8."""


class RuleError(CopyeditError):
    """A malformed rule file. The message names the file and the key."""


class ConfigError(CopyeditError):
    """A malformed configuration file."""


class EngineError(CopyeditError):
    """An engine that cannot run (LanguageTool missing, server died, ...)."""

    exit_code = EXIT_ENGINE
