"""Our own engines in worker processes, for a batch of drafts (``check --jobs``).

Threads share one interpreter lock, so in one process our engines use one core however
many drafts there are. Here each worker process (started with 'spawn': no forked copy of
the parent's threads or server connections) builds the engines named from the
configuration once, then checks drafts one at a time exactly as the parent would (the
findings cache included), and sends back the raw findings and notes as plain data. The
parent settles them as before, so the report is the same as with one process.

LanguageTool is not sent to the workers: its work is its server's, and the parent keeps
batching paragraphs to the one server while the workers run.

A stand-in engine takes each worker engine's place in the parent's list, so the
pipeline, the progress bar and the summary are unchanged; cancelling it (Ctrl-C)
kills the workers at once.
"""

from __future__ import annotations

import dataclasses
import os
import signal
from collections.abc import Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING

from .config import Config
from .document import Document
from .engines import BatchEngine, Engine, notes_of, registry
from .errors import EngineError
from .model import Finding

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

MAX_JOBS = 8
"""The default never starts more workers than this, however many cores."""
MIN_FILES = 100
"""Fewer drafts than this are checked in-process. Starting a worker (imports, models)
costs 1.1-1.5 s of CPU, and our engines about 0.1 s a news article, so on two idle
cores two workers would save their start-up from about 27 articles; on this shared
machine (load 2.5-7.9 on 2 cores) 50 articles took 11.4 s in-process against 17.1 s
with two workers, and 171 articles broke even (``benchmarks/jobs_speed.py``)."""


def default_jobs() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, MAX_JOBS))


def worker_names(engines: Sequence[Engine]) -> list[str]:
    """The engines a worker can run: the registry's own, all but a batch engine
    (LanguageTool), whose work is its server's."""
    known = set(registry.names())
    return [e.name for e in engines if e.name in known and not isinstance(e, BatchEngine)]


def pays(jobs: int, n_docs: int) -> bool:
    # COPYEDIT_JOBS_MIN_FILES: for benchmarks/jobs_speed.py, which measures MIN_FILES
    least = int(os.environ.get("COPYEDIT_JOBS_MIN_FILES") or MIN_FILES)
    return jobs > 1 and n_docs >= least


class Workers:
    """A pool of worker processes checking ``docs`` with the engines ``names``, every
    draft submitted at once; ``stand_ins`` replace those engines in the parent."""

    def __init__(
        self, config: Config, names: Sequence[str], jobs: int, docs: Sequence[Document]
    ) -> None:
        # Imported here: a check of one draft (no workers) need not pay for multiprocessing.
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        self.names = list(names)
        self._pool: ProcessPoolExecutor = ProcessPoolExecutor(
            max_workers=min(jobs, len(docs)),
            mp_context=get_context("spawn"),
            initializer=_start,
            initargs=(config, self.names),
        )
        self._futures: dict[int, Future] = {}
        try:
            for doc in docs:
                self._futures[id(doc)] = self._pool.submit(_check, _portable(doc))
        except BaseException:
            self.kill()
            raise

    def stand_ins(self) -> dict[str, Engine]:
        return {name: _StandIn(name, i, self) for i, name in enumerate(self.names)}

    def result(self, doc: Document) -> tuple[list[list[Finding]], list[list[str]]]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._futures[id(doc)].result()
        except BrokenProcessPool as exc:
            raise EngineError(f"a checking process stopped unexpectedly ({exc})") from None

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def kill(self) -> None:
        """Stop at once: queued drafts dropped, running workers terminated."""
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            p.terminate()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if exc is None:
            self.close()
        else:
            self.kill()


class _StandIn:
    """In the parent's engine list in place of an engine the workers run: its findings
    for a draft are the worker's, its notes the workers' notes."""

    def __init__(self, name: str, index: int, workers: Workers) -> None:
        self.name = name
        self.notes: list[str] = []
        self._index = index
        self._workers = workers

    def check(self, doc: Document) -> list[Finding]:
        found, notes = self._workers.result(doc)
        self.notes.extend(n for n in notes[self._index] if n not in self.notes)
        return found[self._index]

    def cancel(self) -> None:
        self._workers.kill()


def _portable(doc: Document) -> Document:
    """The draft without its file handle or writer's data (a .docx package), which the
    engines never read."""
    return dataclasses.replace(doc, source=None, origin=None)


_engines: list[Engine] = []


def _start(config: Config, names: list[str]) -> None:
    # Ctrl-C is the parent's to handle: it kills the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _engines[:] = [registry.spec(n).build(config, registry.Options()) for n in names]


def _check(doc: Document) -> tuple[list[list[Finding]], list[list[str]]]:
    from .pipeline import run_engine

    found = [run_engine(e, [doc])[0] for e in _engines]
    return found, [list(notes_of(e) or ()) for e in _engines]
