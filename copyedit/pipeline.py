"""Run the engines over documents and turn their raw findings into one report.

The middle of copyedit, and pure: drop what falls in protected markup, apply
select/ignore, apply the policy for speech (``speech_policy``) and mark it, collapse duplicates from different engines, resolve
overlapping fixes deterministically, order by position.
"""

from __future__ import annotations

import bisect
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .document import Document
from .engines import BatchEngine, CachedEngine, Engine, notes_of
from .model import Category, Edit, Finding

if TYPE_CHECKING:  # imported where used: a cached re-check needs neither
    from .calibration import Calibration
    from .readability import Stats
    from .recheck_cache import ReportCache

T = TypeVar("T")


@dataclass(frozen=True)
class Selector:
    """ruff-style select/ignore: a code matches a rule id prefix (at a dot), an engine
    name or a category. An empty ``select`` selects everything; ``ignore`` wins."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def allows(self, f: Finding) -> bool:
        if any(_matches(code, f) for code in self.ignore):
            return False
        return not self.select or any(_matches(code, f) for code in self.select)


def _matches(code: str, f: Finding) -> bool:
    return (
        f.rule == code
        or f.rule.startswith(code + ".")
        or code == f.engine
        or code == f.category.value
    )


@dataclass(frozen=True)
class FileReport:
    doc: Document
    findings: tuple[Finding, ...]
    stats: Stats
    engines: tuple[str, ...]
    notes: tuple[str, ...] = ()
    withheld: tuple[Finding, ...] = ()
    """Findings of rules measured mostly wrong on real copy (``calibration``): not
    reported, kept for the benchmarks and a debugging eye."""


def check_documents(
    docs: Sequence[Document],
    engines: Sequence[Engine],
    selector: Selector = Selector(),
    notes: tuple[str, ...] = (),
    calibration: Calibration | None = None,
) -> list[FileReport]:
    """Check every document with every engine. Engines with ``check_many`` get the batch.
    Findings are calibrated by ``calibration`` (by default the shipped measurements on
    real copy, ``calibration.default()``).

    The engines and the readability figures run in threads at once: the batch engines
    (LanguageTool) mostly wait for a server's answers, and are started first so that
    it works while the others run. Findings are gathered in engine order, so the
    report is the same as from one engine after another.

    With the default calibration and engines that all declare a fingerprint, a draft
    checked before comes whole from the report cache (``recheck_cache``): no engine
    runs, and the report is the one stored.
    """
    cache = _ReportReuse.start(engines, selector, notes) if calibration is None else None
    reports: list[FileReport | None] = [None] * len(docs)
    if cache is not None:
        reports = cache.get_many(docs)
    todo = [i for i, r in enumerate(reports) if r is None]
    if todo:
        fresh = _check([docs[i] for i in todo], engines, selector, notes, calibration)
        for i, report in zip(todo, fresh, strict=True):
            reports[i] = report
        if cache is not None:
            cache.put(fresh)
    return [r for r in reports if r is not None]


def _default() -> Calibration | None:
    from .calibration import default

    return default()


def _check(
    docs: Sequence[Document],
    engines: Sequence[Engine],
    selector: Selector,
    notes: tuple[str, ...],
    calibration: Calibration | None,
) -> list[FileReport]:
    """``calibration``: None for the default, read while the engines run; with the engines
    in the resident worker, this process reads then what settling needs of each draft
    too (it would otherwise wait idle)."""
    # The shared reading's package, imported before the engines' threads start: it is not
    # imported on a fully cached re-check, and threads importing it at once can meet it
    # half-initialised (an ImportError in one of them).
    from . import analysis  # noqa: F401

    resident = any(getattr(e, "resident", False) for e in engines)
    if resident:
        from .engines.resident import measure  # where the engines run, textstat is loaded
    else:
        from .readability import measure

    raw: list[list[Finding]] = [[] for _ in docs]
    order = sorted(range(len(engines)), key=lambda i: not isinstance(engines[i], BatchEngine))
    started = {i: in_daemon_thread(partial(run_engine, engines[i], docs)) for i in order}
    measured = in_daemon_thread(lambda: [measure(doc) for doc in docs])
    if calibration is None:
        calibration = _default()
    if resident:
        for doc in docs:
            _ready_to_settle(doc)
    for i in range(len(engines)):
        for bucket, found in zip(raw, started[i].result(), strict=False):
            bucket.extend(found)
    stats = measured.result()
    names = tuple(e.name for e in engines)
    notes = notes + tuple(n for e in engines for n in notes_of(e) or ())
    reports = []
    for doc, found, s in zip(docs, raw, stats, strict=False):
        withheld: list[Finding] = []
        kept = settle(doc, found, selector, calibration, withheld)
        reports.append(FileReport(doc, kept, s, names, notes, tuple(withheld)))
    return reports


def _ready_to_settle(doc: Document) -> None:
    """Read now what ``settle`` reads of the draft."""
    analysis = doc.analysis
    analysis.names.known("")
    analysis.speech_share(0, 0)
    analysis.in_insertion(0, 0)
    analysis.in_speech(0, 0)
    doc.is_protected(0, 0)
    doc.line_col(0)


@dataclass
class _ReportReuse:
    """The report cache for one run's engines and settings."""

    engines: Sequence[Engine]
    fingerprints: list[tuple[str, str]]
    settings: list
    store: ReportCache

    @classmethod
    def start(
        cls, engines: Sequence[Engine], selector: Selector, notes: tuple[str, ...]
    ) -> _ReportReuse | None:
        """None when some engine cannot say what its findings depend on."""
        prints = _fingerprints(engines)
        if prints is None:
            return None
        from .recheck_cache import ReportCache, stat_key

        choice = os.environ.get("COPYEDIT_CALIBRATION", "")
        if choice and choice != "off":
            calibration: object = stat_key(Path(choice))
        else:
            from .calibration import MEASURED_FILE

            calibration = choice or stat_key(MEASURED_FILE)
        settings = [list(selector.select), list(selector.ignore), list(notes), calibration]
        return cls(engines, prints, settings, ReportCache())

    def key(self, doc: Document) -> str:
        return self.store.key(doc.text, doc.format, self.fingerprints, self.settings)

    def get_many(self, docs: Sequence[Document]) -> list[FileReport | None]:
        """Each draft's stored report, or None."""
        keys = [self.key(doc) for doc in docs]
        hits = self.store.get_many(keys)
        if not hits:
            return [None] * len(docs)
        from .readability import SentenceLength, Stats

        names = tuple(e.name for e in self.engines)
        out: list[FileReport | None] = []
        for doc, key in zip(docs, keys, strict=True):
            hit = hits.get(key)
            if hit is None:
                out.append(None)
                continue
            st = hit.stats
            stats = Stats(
                st["words"],
                st["sentences"],
                st["flesch_reading_ease"],
                st["flesch_kincaid_grade"],
                tuple(SentenceLength(**s) for s in st["longest"]),
            )
            out.append(FileReport(doc, hit.findings, stats, names, hit.notes, hit.withheld))
        return out

    def put(self, reports: Sequence[FileReport]) -> None:
        """Stored unless an engine's fingerprint changed while it ran (a rule that timed
        out takes it back: that run is not the engine's answer for the text)."""
        from dataclasses import asdict

        from .recheck_cache import CachedReport

        if _fingerprints(self.engines) != self.fingerprints:
            return
        self.store.put_many(
            {
                self.key(r.doc): CachedReport(r.findings, r.withheld, asdict(r.stats), r.notes)
                for r in reports
            }
        )


def _fingerprints(engines: Sequence[Engine]) -> list[tuple[str, str]] | None:
    prints = []
    for e in engines:
        fingerprint = e.fingerprint() if isinstance(e, CachedEngine) else None
        if fingerprint is None:
            return None
        prints.append((e.name, fingerprint))
    return prints


def in_daemon_thread(fn: Callable[[], T]) -> Future[T]:
    """``fn()`` in a daemon thread. Unlike a thread pool's workers, which the interpreter
    joins at exit, it cannot hold the process after Ctrl-C until its engine finishes."""
    done: Future[T] = Future()

    def run() -> None:
        try:
            done.set_result(fn())
        except BaseException as exc:
            done.set_exception(exc)

    threading.Thread(target=run, daemon=True).start()
    return done


def run_engine(engine: Engine, docs: Sequence[Document]) -> list[list[Finding]]:
    if isinstance(engine, BatchEngine):
        return engine.check_many(docs)
    fingerprint = engine.fingerprint() if isinstance(engine, CachedEngine) else None
    if fingerprint is None or not isinstance(engine, CachedEngine):
        return [engine.check(d) for d in docs]
    return [_cached_check(engine, fingerprint, d) for d in docs]


def _cached_check(engine: CachedEngine, fingerprint: str, doc: Document) -> list[Finding]:
    """An engine's findings for an unchanged text (and engine) come from the cache."""
    from .findings_cache import FindingsCache, key_for

    cache = FindingsCache()
    key = key_for(engine.name, fingerprint, doc)
    hit = cache.get(key)
    notes = notes_of(engine)
    if hit is not None:
        found, stored_notes = hit
        if notes is not None:
            notes.extend(n for n in stored_notes if n not in notes)
        return found
    found = engine.check(doc)
    if engine.fingerprint() == fingerprint:  # else it took it back while running
        cache.put(key, found, list(notes or ()))
    return found


def settle(
    doc: Document,
    findings: Iterable[Finding],
    selector: Selector = Selector(),
    calibration: Calibration | None = None,
    withheld: list[Finding] | None = None,
) -> tuple[Finding, ...]:
    """The engines' raw findings as one report's: ``calibration`` (none by default) sets
    severity, confidence and applicability from precision measured on real copy, and
    the findings of rules it withholds go to ``withheld`` (when given) instead."""
    from .speech_policy import treat

    kept = []
    analysis = doc.analysis
    names = analysis.names  # a name the draft uses consistently is never "corrected"
    for f in findings:
        if doc.text[f.start : f.end] != f.text:
            raise AssertionError(f"{f.rule}: span {f.start}:{f.end} is not {f.text!r}")
        if doc.is_protected(f.start, f.end) or not selector.allows(f):
            continue
        if f.category in _WORD_CORRECTIONS and names.known(f.text):
            continue
        # A speaker's words: one policy for every engine (``speech_policy``).

        treated = treat(
            f, analysis.speech_share(f.start, f.end), analysis.in_insertion(f.start, f.end)
        )
        if treated is None:
            continue
        line, column = doc.line_col(treated.start)
        in_speech = analysis.in_speech(f.start, f.end)
        treated = replace(treated, in_quote=in_speech, line=line, column=column)
        if calibration is not None:
            if calibration.withheld(treated):
                if withheld is not None:
                    withheld.append(treated)
                continue
            treated = calibration.apply(treated)
        kept.append(treated)
    return tuple(sorted(resolve_overlaps(collapse_duplicates(kept)), key=_position))


_WORD_CORRECTIONS = (Category.SPELLING, Category.REAL_WORD)


def _position(f: Finding) -> tuple:
    return (f.start, f.end, f.rule, f.engine, f.message, f.replacements, f.category.value)


def _rank(f: Finding) -> tuple:
    """Higher first: severity, confidence, applicability; then a stable tie-break."""
    return (-f.severity.rank, -f.confidence, -f.applicability.rank, f.end - f.start, _position(f))


def collapse_duplicates(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (span, proposed fix); the best-ranked keeps the others' engines.

    Fixes that give the span the same text are the same fix, however many edits each
    makes."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        key = (f.start, f.end, f.replacements[:1] if f.replacements else f.rule)
        groups.setdefault(key, []).append(f)
    out = []
    for group in groups.values():
        group.sort(key=_rank)
        best = group[0]
        others = sorted({g.engine for g in group[1:]} - {best.engine})
        out.append(replace(best, agreed=tuple(others)) if others else best)
    return out


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Among findings that propose a fix, keep the best-ranked of any colliding set.

    Two findings collide when their first fixes (the ones ``fix`` applies) do, that is
    when any of their edits collide (``model.edits_collide``). Findings without a fix
    (display-only notes such as a long sentence) never conflict. The edits taken so far
    are kept sorted by start, so each new one is compared only with those that start
    within reach of it (a long draft has thousands).
    """
    kept: list[Finding] = []
    taken: list[Edit] = []  # sorted by start
    reach = 0  # the longest edit taken: nothing starting further back can collide
    for f in sorted(findings, key=_rank):
        if f.fix is not None:
            edits = f.fix.edits
            if any(_collides(e, taken, reach) for e in edits):
                continue
            for e in edits:
                bisect.insort(taken, e, key=_start)
                reach = max(reach, e.end - e.start)
        kept.append(f)
    return kept


def _collides(e: Edit, taken: list[Edit], reach: int) -> bool:
    lo = bisect.bisect_left(taken, e.start - reach, key=_start)
    hi = bisect.bisect_right(taken, e.end, key=_start)
    return any(e.collides(t) for t in taken[lo:hi])


def _start(e: Edit) -> int:
    return e.start
