"""Every engine declared once: its name, whether it runs by default, and how it is built
from the configuration and the run's options. The CLI, the benchmarks and the tests ask
here rather than each listing the engines.

The order is the order findings are gathered in (and the report's ``engines`` list).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from ..config import Config
from . import Engine


@dataclass(frozen=True)
class Options:
    """What a run says beyond the configuration file (command-line options)."""

    languagetool_url: str | None = None
    resident: bool = False
    """Run our own engines (all but LanguageTool) in the long-lived local
    worker (``engines.resident``): the command line's checks; benchmarks and tests that
    time or patch an engine keep it in their own process."""


@dataclass(frozen=True)
class EngineSpec:
    name: str
    build: Callable[[Config, Options], Engine]
    default: bool = True
    """Run unless left out; an engine off by default runs only when asked for."""
    summary: str = ""


def _rules(config: Config, options: Options) -> Engine:
    from .yaml_rules import YamlRulesEngine

    engine = YamlRulesEngine.from_folders(
        config.rule_folders,
        config.style,
        config.language,
        opted=(*config.select, *config.extend_select),
    )
    return _resident(engine, options, config)


def _readability(config: Config, options: Options) -> Engine:
    from ..readability import ReadabilityEngine

    return _resident(ReadabilityEngine(config.long_sentence_words), options, config)


def _consistency(config: Config, options: Options) -> Engine:
    from .consistency import ConsistencyEngine

    return _resident(ConsistencyEngine.from_config(config, lazy=True), options, config)


def _realword(config: Config, options: Options) -> Engine:
    from .realword import RealWordEngine

    return _resident(RealWordEngine(), options, config)


def _grammar(config: Config, options: Options) -> Engine:
    from ..config import opted_in
    from .grammar import OFF_FAMILIES, GrammarEngine

    also = tuple(f for f in OFF_FAMILIES if opted_in(config, f"grammar.{f}"))
    return _resident(GrammarEngine(also=also), options, config)


def _resident(engine: Engine, options: Options, config: Config) -> Engine:
    if not options.resident:
        return engine
    from .resident import ResidentEngine

    return ResidentEngine(engine, config)


def _languagetool(config: Config, options: Options) -> Engine:
    from .languagetool import LanguageToolEngine

    return LanguageToolEngine.from_config(config, url=options.languagetool_url)


ENGINES: tuple[EngineSpec, ...] = (
    EngineSpec("rules", _rules, summary="house style and typography (YAML rules)"),
    EngineSpec("readability", _readability, summary="long sentences"),
    EngineSpec("consistency", _consistency, summary="one term written several ways"),
    EngineSpec("realword", _realword, summary="real words in the wrong place"),
    EngineSpec(
        "grammar", _grammar, summary="agreement, verb forms, its/it's, capitals (parser rules)"
    ),
    EngineSpec("languagetool", _languagetool, summary="grammar and spelling (LanguageTool)"),
)


def spec(name: str) -> EngineSpec:
    for s in ENGINES:
        if s.name == name:
            return s
    raise KeyError(f"no engine named {name!r} (engines: {', '.join(names())})")


def names() -> list[str]:
    return [s.name for s in ENGINES]


def build_engines(
    config: Config,
    options: Options = Options(),
    without: Collection[str] = (),
    also: Collection[str] = (),
) -> list[Engine]:
    """The engines to run, in registry order: those on by default and those named in
    ``also``, less those named in ``without``."""
    for name in (*without, *also):
        spec(name)  # an unknown name is a mistake, not a silent no-op
    return [
        s.build(config, options)
        for s in ENGINES
        if (s.default or s.name in also) and s.name not in without
    ]
