"""Engines behind one small interface: ``check(document) -> findings``.

An engine knows nothing of output formats, overlap resolution or quotations: the
pipeline does that once for all of them. The optional parts are declared here as
protocols the pipeline tests for (``isinstance``), so an engine offers one by having the
method or attribute, and mypy checks its signature where the pipeline uses it:

- ``BatchEngine.check_many``: all documents at once (LanguageTool shares a server's work);
- ``CachedEngine.fingerprint``: its findings depend only on the text and what the
  fingerprint names, so they are cached per document (``findings_cache``);
- ``NotingEngine.notes``: what it ran without (some of its data, a rule that timed out),
  carried by the report;
- ``CancellableEngine.cancel``: stop the work in flight on Ctrl-C.

Which engines exist, and how each is built from the configuration, is declared once in
``engines.registry``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from ..document import Document
from ..model import Finding


@runtime_checkable
class Engine(Protocol):
    name: str

    def check(self, doc: Document) -> list[Finding]: ...


@runtime_checkable
class BatchEngine(Engine, Protocol):
    def check_many(self, docs: Sequence[Document]) -> list[list[Finding]]:
        """One list of findings per document, in order."""
        ...


@runtime_checkable
class CachedEngine(Engine, Protocol):
    def fingerprint(self) -> str | None:
        """A string that changes whenever the engine's data, model or settings do; None:
        do not cache this run."""
        ...


@runtime_checkable
class NotingEngine(Protocol):
    notes: list[str]


@runtime_checkable
class CancellableEngine(Protocol):
    def cancel(self) -> None: ...


def notes_of(engine: Engine) -> list[str] | None:
    """The engine's notes list (shared, so a cached run can add to it), if it keeps one."""
    return engine.notes if isinstance(engine, NotingEngine) else None
