"""Load YAML rule files into rule objects. Every error names the file and the key.

A rule's id is ``<folder>.<file stem>`` (``rules/news/cannot.yml`` is ``news.cannot``),
so a publication's own folder of rules makes its own namespace.
"""

from __future__ import annotations

import string
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..errors import InputError, RuleError
from ..files import MAX_SIDE_FILE_BYTES, read_regular
from ..model import Applicability, Category, Severity
from ..paths import builtin_rules_dir as builtin_rules_dir  # defined where it is cheap to import
from . import Example, Fail, Rule, RuleMeta
from .balance import Balance
from .existence import Existence
from .numeral import Numeral
from .substitution import Substitution
from .title import Title

KINDS: dict[str, type[Rule]] = {
    k.kind: k for k in (Substitution, Existence, Balance, Numeral, Title)
}
"""The rule kinds a file may name in ``extends``: a new kind is a module with a ``Rule``
subclass, added here."""

_COMMON_KEYS = {
    "extends",
    "message",
    "description",
    "category",
    "severity",
    "applicability",
    "confidence",
    "ignorecase",
    "examples",
    "off-by-default",
}


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""``yaml.safe_load`` through libyaml when PyYAML has it: ten times faster, same data."""


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=SAFE_LOADER)


SKIP_FOLDER = "confusables"
"""Confusion sets for the real-word engine live beside the rule packs, in their own format."""


TERMS_SUFFIX = ".terms.yml"
"""House-style term lists (read by the consistency engine) sit beside the rules."""


def load_folder(folder: Path) -> list[Rule]:
    """Every ``*.yml`` / ``*.yaml`` below ``folder``, in a stable order."""
    return [load_file(p, folder) for p in rule_files(folder)]


def rule_files(folder: Path) -> list[Path]:
    """The rule files ``load_folder`` reads, sorted: data files kept beside the rules
    (confusion sets, term lists) and ``_``-prefixed drafts are left out."""
    if not folder.is_dir():
        raise RuleError(f"{folder}: rule folder not found")
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in {".yml", ".yaml"}
        and SKIP_FOLDER not in p.relative_to(folder).parts
        and not p.name.startswith("_")
        and not p.name.endswith(TERMS_SUFFIX)
    )


def read_yaml(path: Path, what: str = "rule file") -> Any:
    """Parse one YAML data file; a failure is a ``RuleError`` naming the file (and line).

    Bounded: a regular file of at most ``MAX_SIDE_FILE_BYTES`` (a pipe is not waited
    on), and no list or mapping used twice through YAML aliases (``&a`` ... ``*a``): a
    few lines of nested aliases stand for billions of items once anything walks them."""
    try:
        text = read_regular(path, MAX_SIDE_FILE_BYTES, what).decode("utf-8")
    except InputError as exc:
        raise RuleError(f"{exc} ({what})") from None
    except UnicodeDecodeError:
        raise RuleError(f"{path}: cannot read {what} (not UTF-8 text)") from None
    try:
        data = safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where else ""
        raise RuleError(f"{path}: not valid YAML{at}") from None
    except RecursionError:  # the pure-Python parser, without libyaml
        raise RuleError(f"{path}: not valid YAML (nested too deep)") from None
    if repeats_a_container(data):
        raise RuleError(
            f"{path}: a list or mapping is repeated through YAML aliases (&name ... *name); "
            f"write each one out in a {what}"
        )
    return data


def repeats_a_container(data: Any) -> bool:
    """Whether one list or mapping object appears twice in ``data``: only aliases make
    that, and a tree without them has as many containers as its text has brackets."""
    seen: set[int] = set()
    todo = [data]
    while todo:
        item = todo.pop()
        if isinstance(item, (dict, list)):
            if id(item) in seen:
                return True
            seen.add(id(item))
            todo.extend(item.values() if isinstance(item, dict) else item)
    return False


def load_file(path: Path, root: Path) -> Rule:
    data = read_yaml(path)
    rel = path.relative_to(root).with_suffix("")
    rule_id = ".".join(rel.parts) if len(rel.parts) > 1 else f"{root.name}.{rel.name}"
    return build_rule(data, rule_id, str(path))


def build_rule(data: Any, rule_id: str, source: str) -> Rule:
    def fail(key: str, problem: str) -> RuleError:
        return RuleError(f"{source}: key '{key}': {problem}")

    if not isinstance(data, dict):
        raise RuleError(f"{source}: a rule file must be a mapping of keys")
    kind = data.get("extends")
    if kind not in KINDS:
        raise fail("extends", f"must be one of {', '.join(sorted(KINDS))}, not {kind!r}")
    rule_kind = KINDS[kind]
    unknown = set(data) - _COMMON_KEYS - rule_kind.keys
    if unknown:
        raise fail(sorted(unknown)[0], f"unknown key for a {kind} rule")
    for key in rule_kind.keys | {"message"}:
        if key not in data:
            raise fail(key, "missing")

    meta = RuleMeta(
        id=rule_id,
        source=source,
        message=_string(data, "message", fail),
        description=_text(data, "description", fail),
        off=_text(data, "off-by-default", fail),
        category=_enum(Category, data.get("category", "style"), "category", fail),
        severity=_enum(Severity, data.get("severity", "warning"), "severity", fail),
        applicability=_enum(
            Applicability, data.get("applicability", "unsafe"), "applicability", fail
        ),
        confidence=_confidence(data.get("confidence", 0.9), fail),
        bad=_examples(data, "bad", fail),
        good=_examples(data, "good", fail),
    )
    problem = template_problem(meta.message)
    if problem:
        raise fail("message", problem)
    ignorecase = bool(data.get("ignorecase", True))
    return rule_kind.from_data(meta, data, ignorecase, fail)


MESSAGE_FIELDS = ("match", "replacement")
"""What a message template may name: a finding's flagged text and its first suggestion,
both strings (see ``Rule.check``)."""


def template_problem(message: str) -> str | None:
    """Why ``message`` cannot be filled in for every finding, or None. Each field must be
    one of ``MESSAGE_FIELDS`` itself (no ``.attribute`` or ``[index]``, which depend on
    the text found), and the template is filled in once with sample strings, so a bad
    conversion or format spec is refused at load too, not met on a draft."""
    allowed = "may use only {match} and {replacement} (write {{ and }} for braces)"
    try:
        fields = list(string.Formatter().parse(message))
        for _, name, spec, _ in fields:
            if name is None:
                continue
            if name not in MESSAGE_FIELDS:
                return f"{allowed}, not {{{name}}}"
            if "{" in (spec or ""):  # a spec made from the found text may not be one
                return f"{{{name}:{spec}}}: a format spec may not hold a field"
        message.format(**{k: "text" for k in MESSAGE_FIELDS})
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        return f"not a valid template ({exc})"
    return None


E = TypeVar("E", bound=Enum)


def _text(data: dict, key: str, fail: Fail) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise fail(key, "expected a string")
    return value


def _string(data: dict, key: str, fail: Fail) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(key, "expected a non-empty string")
    return value


def _enum(enum: type[E], value: Any, key: str, fail: Fail) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise fail(key, f"{value!r} is not one of {allowed}") from None


def _confidence(value: Any, fail: Fail) -> float:
    if not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise fail("confidence", "expected a number from 0 to 1")
    return float(value)


def _examples(data: dict, which: str, fail: Fail) -> tuple[Example, ...]:
    examples = data.get("examples")
    if not isinstance(examples, dict) or not examples.get(which):
        raise fail(f"examples.{which}", "every rule needs good and bad examples")
    items = examples[which]
    if not isinstance(items, list):
        raise fail(f"examples.{which}", "expected a list")
    out = []
    for n, item in enumerate(items):
        if isinstance(item, str):
            out.append(Example(text=item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            extra = set(item) - {"text", "fixed", "flagged"}
            if extra:
                raise fail(f"examples.{which}[{n}].{sorted(extra)[0]}", "unknown key")
            out.append(Example(item["text"], item.get("fixed"), item.get("flagged")))
        else:
            raise fail(f"examples.{which}[{n}]", "expected a string or a mapping with 'text'")
    return tuple(out)
