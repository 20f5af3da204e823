"""Checking many drafts: a progress bar on a terminal, and a summary table.

The bar goes to stderr and only when stderr is a terminal, so piped or CI output stays
clean. With the bar the drafts are checked one at a time (so it can move); without it
they go to the engines as one batch.

With ``jobs`` above one and enough drafts, our own engines run in worker processes
(``workers``), one draft per worker at a time, while LanguageTool's requests go from
here as before; the bar, the summary and the findings are the same.

The checking runs in a worker thread, so Ctrl-C reaches the main thread at once: the
engines are told to stop (LanguageTool drops its queued paragraphs and cuts off the
requests in flight) and the interrupt goes on without waiting for the checks.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .config import Config
from .document import Document
from .engines import CancellableEngine, Engine
from .model import Severity
from .pipeline import FileReport, Selector, check_documents, in_daemon_thread
from .visible import escape_controls


def wants_progress(n_files: int, stream=None) -> bool:
    stream = sys.stderr if stream is None else stream
    return n_files > 1 and bool(getattr(stream, "isatty", lambda: False)())


def check_all(
    docs: Sequence[Document],
    engines: Sequence[Engine],
    selector: Selector,
    notes: tuple[str, ...] = (),
    progress: bool = False,
    jobs: int = 1,
    config: Config | None = None,
) -> list[FileReport]:
    """Every draft checked; ``jobs`` worker processes for our own engines when it pays
    (``workers.pays``), built from ``config`` (the engines' own configuration)."""
    from . import workers

    names = workers.worker_names(engines) if config is not None else []
    if not names or not workers.pays(jobs, len(docs)):
        return _check_all(docs, engines, selector, notes, progress)
    assert config is not None
    with workers.Workers(config, names, jobs, docs) as pool:
        stand_ins = pool.stand_ins()
        mixed = [stand_ins.get(e.name, e) for e in engines]
        return _check_all(docs, mixed, selector, notes, progress)


def _check_all(
    docs: Sequence[Document],
    engines: Sequence[Engine],
    selector: Selector,
    notes: tuple[str, ...],
    progress: bool,
) -> list[FileReport]:
    if not progress:
        return _check(docs, engines, selector, notes)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    reports: list[FileReport] = []
    columns = (
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=len(docs))
        for doc in docs:
            bar.update(task, description=escape_controls(doc.path))
            reports.extend(_check([doc], engines, selector, notes))
            bar.advance(task)
    return reports


def _check(
    docs: Sequence[Document], engines: Sequence[Engine], selector: Selector, notes: tuple[str, ...]
) -> list[FileReport]:
    """``check_documents`` in a daemon thread; on Ctrl-C the engines that can are
    cancelled and the interrupt is raised at once."""
    done = in_daemon_thread(lambda: check_documents(docs, engines, selector, notes=notes))
    try:
        return done.result()
    except KeyboardInterrupt:
        for engine in engines:
            if isinstance(engine, CancellableEngine):
                engine.cancel()
        raise


def severity_counts(report: FileReport) -> dict[Severity, int]:
    counts = {s: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.SUGGESTION)}
    for f in report.findings:
        counts[f.severity] += 1
    return counts


def summary_rows(reports: Sequence[FileReport]) -> list[tuple[str, ...]]:
    """(file, errors, warnings, suggestions, words, grade) per file, then a total row."""
    rows = []
    totals = [0, 0, 0, 0]
    for r in reports:
        c = severity_counts(r)
        values = [c[Severity.ERROR], c[Severity.WARNING], c[Severity.SUGGESTION], r.stats.words]
        totals = [t + v for t, v in zip(totals, values, strict=True)]
        rows.append((r.doc.path, *map(str, values), f"{r.stats.flesch_kincaid_grade}"))
    rows.append((f"total ({len(reports)} files)", *map(str, totals), ""))
    return rows


def summary_table(reports: Sequence[FileReport]):
    from rich.table import Table

    table = Table(title="Summary")
    table.add_column("file", overflow="fold")
    for name in ("errors", "warnings", "suggestions", "words", "grade"):
        table.add_column(name, justify="right")
    rows = summary_rows(reports)
    for path, *counts in rows[:-1]:
        table.add_row(escape_controls(path), *counts)
    table.add_row(*rows[-1], style="bold", end_section=True)
    return table
