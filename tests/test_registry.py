"""The engine registry and the declared optional parts of an engine."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from copyedit import cli
from copyedit.config import Config
from copyedit.document import Document
from copyedit.engines import BatchEngine, CachedEngine, Engine, NotingEngine, notes_of, registry
from copyedit.engines.realword import RealWordEngine
from copyedit.engines.yaml_rules import YamlRulesEngine
from copyedit.model import Finding
from copyedit.pipeline import check_documents
from copyedit.readability import ReadabilityEngine


def test_every_engine_declared_once_in_report_order():
    assert registry.names() == [
        "rules",
        "readability",
        "consistency",
        "realword",
        "grammar",
        "languagetool",
    ]
    assert all(s.default for s in registry.ENGINES)


def test_the_cli_asks_the_registry():
    engines = cli.build_engines(Config(), languagetool=False)
    assert [e.name for e in engines] == [
        "rules",
        "readability",
        "consistency",
        "realword",
        "grammar",
    ]
    assert all(isinstance(e, Engine) for e in engines)
    built = registry.build_engines(Config(), without=("languagetool", "realword", "grammar"))
    assert [e.name for e in built] == ["rules", "readability", "consistency"]


def test_an_unknown_engine_name_is_refused():
    with pytest.raises(KeyError, match="no engine named 'nonesuch'"):
        registry.build_engines(Config(), without=("nonesuch",))


def test_optional_parts_are_declared_protocols():
    realword = RealWordEngine(sets=[], use_model=False)
    assert isinstance(realword, CachedEngine) and isinstance(realword, NotingEngine)
    assert not isinstance(realword, BatchEngine)
    rules = YamlRulesEngine([])
    assert isinstance(rules, NotingEngine) and rules.fingerprint() is None  # rules given
    assert notes_of(ReadabilityEngine()) is None and notes_of(rules) == []


class _Batch:
    name = "batch"

    def __init__(self) -> None:
        self.calls: list[int] = []
        self.notes: list[str] = ["batch: ran"]

    def check(self, doc: Document) -> list[Finding]:
        raise AssertionError("a batch engine gets the whole batch")

    def check_many(self, docs: Sequence[Document]) -> list[list[Finding]]:
        self.calls.append(len(docs))
        return [[] for _ in docs]


def test_pipeline_gives_a_batch_engine_every_document_and_carries_its_notes():
    engine = _Batch()
    assert isinstance(engine, BatchEngine)
    docs = [Document.from_text("One."), Document.from_text("Two.")]
    reports = check_documents(docs, [engine])
    assert engine.calls == [2] and [r.notes for r in reports] == [("batch: ran",)] * 2
