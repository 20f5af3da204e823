"""How copyedit's own engines scale with the draft's length (LanguageTool not run).

    .venv/bin/python benchmarks/scale.py                  # 1k, 10k, 50k, 200k words
    .venv/bin/python benchmarks/scale.py --sizes 1000,10000 --repeat 5
    .venv/bin/python benchmarks/scale.py --write DIR      # the drafts as DIR/scale-*.txt
    .venv/bin/python benchmarks/scale.py --harper         # and harper-py on the largest

The drafts are clean dev prose: the Wikinews 2019 articles (``wikinews_2019.csv``, about
66,000 words) one after another, their paragraphs kept, read again from the first article
when a draft needs more words; the last paragraph is cut to make the exact count.

Each draft is read (``Document.from_text``), then timed in-process and without any cache:
the shared analysis (every part of ``Document.analysis``), each engine's ``check``, the
readability figures and the pipeline's ``settle``. ``COPYEDIT_CACHE`` points at a fresh
folder holding only links to the installed LanguageTool data and the real-word models,
and the readability scores' caches (ours and textstat's) and the grammar engine's
per-sentence findings are emptied before each run.
The figures are CPU seconds (``time.process_time``), the median of ``--repeat`` runs,
each on a fresh ``Document``; models and data load in a warm-up on a small draft first.
Growth is the ratio of the times at the two largest sizes (4.0 is linear from 50k to
200k words).

harper-py (``pip install harper-py``, the ``bench`` extra; not a dependency of copyedit) is
timed on the same largest draft with its default linter, as plain text, for comparison.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("COPYEDIT_BENCHMARKS", ROOT.parent / "shared" / "benchmarks"))
WIKINEWS = BENCH / "clean_prose" / "wikinews_vanatteveldt" / "wikinews_2019.csv"
SIZES = (1_000, 10_000, 50_000, 200_000)


def paragraphs() -> Iterator[str]:
    """The dev articles' paragraphs, in order, without end (the articles again after the last)."""
    csv.field_size_limit(10**8)
    with WIKINEWS.open(encoding="utf-8") as fh:
        articles = [row["text"] for row in csv.DictReader(fh)]
    while True:
        for text in articles:
            for para in text.split("\n\n"):
                para = para.strip()
                if para:
                    yield para


def draft(words: int) -> str:
    """``words`` words of dev prose, paragraphs separated by blank lines."""
    out: list[str] = []
    left = words
    for para in paragraphs():
        split = para.split()
        if len(split) >= left:
            out.append(para if len(split) == left else " ".join(split[:left]))
            break
        out.append(para)
        left -= len(split)
    return "\n\n".join(out) + "\n"


def cpu(fn: Callable[[], object]) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def force_analysis(doc) -> None:
    """Every part of the shared reading, so the engines' times are their own."""
    a = doc.analysis
    for part in (
        "sentences",
        "speech",
        "interview",
        "insertions",
        "heading_lines",
        "tokens",
        "definitions",
        "variety",
    ):
        getattr(a, part)
    a.names.known("Example")


def forget_textstat() -> None:
    """Empty textstat's own memo of the texts it scored (``functools.lru_cache``)."""
    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] == "textstat":
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def run_once(text: str, engines, cache: Path) -> dict[str, float]:
    from copyedit.document import Document
    from copyedit.pipeline import settle
    from copyedit.readability import measure

    for results in ("readability", "findings"):  # the grammar engine's sentence cache too
        shutil.rmtree(cache / results, ignore_errors=True)
    forget_textstat()
    times: dict[str, float] = {}
    doc: list = []
    times["read"] = cpu(lambda: doc.append(Document.from_text(text)))
    times["analysis"] = cpu(lambda: force_analysis(doc[0]))
    found = []
    for engine in engines:
        times[engine.name] = cpu(lambda e=engine: found.extend(e.check(doc[0])))
    times["stats"] = cpu(lambda: measure(doc[0]))
    times["settle"] = cpu(lambda: settle(doc[0], found))
    times["total"] = sum(times.values())
    return times


def harper_seconds(text: str, repeat: int) -> float | None:
    """CPU seconds of harper-py's default American linter on ``text`` as plain text
    (median of ``repeat``; the linter is built once, outside the timing)."""
    try:
        import harper  # type: ignore[import-not-found]
    except ImportError:
        return None
    linter = harper.Linter()
    linter.lint("A warm-up.", language="plaintext")
    return statistics.median(
        cpu(lambda: linter.lint(text, language="plaintext")) for _ in range(repeat)
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (median)")
    ap.add_argument("--write", type=Path, help="write the drafts here and stop")
    ap.add_argument("--harper", action="store_true", help="time harper-py on the largest draft")
    args = ap.parse_args(argv)
    if not WIKINEWS.exists():
        print(f"scale: no benchmark data at {BENCH}; nothing measured")
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            (args.write / f"scale-{n // 1000}k.txt").write_text(draft(n), encoding="utf-8")
        return 0

    from copyedit.paths import cache_dir

    cache = Path(tempfile.mkdtemp(prefix="copyedit-scale-"))
    for shared in ("languagetool", "realword"):  # data and models, not results
        if (cache_dir() / shared).is_dir():
            (cache / shared).symlink_to(cache_dir() / shared)
    os.environ["COPYEDIT_CACHE"] = str(cache)
    try:
        return measure_all(sizes, args, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def measure_all(sizes: list[int], args: argparse.Namespace, cache: Path) -> int:
    from copyedit.cli import build_engines
    from copyedit.config import load_config

    engines = build_engines(load_config(start=ROOT), languagetool=False)
    run_once(draft(1000), engines, cache)  # loads models and data
    medians: dict[int, dict[str, float]] = {}
    for n in sizes:
        text = draft(n)
        runs = [run_once(text, engines, cache) for _ in range(args.repeat)]
        medians[n] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(f"{n:>8,} words done", file=sys.stderr)
    steps = list(medians[sizes[0]])
    print(f"CPU seconds (median of {args.repeat}); words per second for the total")
    head = f"{'step':<12}" + "".join(f"{f'{n // 1000}k':>10}" for n in sizes)
    if len(sizes) > 1:
        head += f"{'growth':>10}"
    print(head)
    for step in steps:
        row = f"{step:<12}" + "".join(f"{medians[n][step]:>10.3f}" for n in sizes)
        if len(sizes) > 1:
            a, b = medians[sizes[-2]][step], medians[sizes[-1]][step]
            row += f"{b / a:>9.2f}x" if a > 0.0005 else f"{'-':>10}"
        print(row)
    print(f"{'words/s':<12}" + "".join(f"{n / medians[n]['total']:>10,.0f}" for n in sizes))
    if len(sizes) > 1:
        print(f"growth {sizes[-2]:,} -> {sizes[-1]:,} words: ", end="")
        print(f"{medians[sizes[-1]]['total'] / medians[sizes[-2]]['total']:.2f}x (target 4.5x)")
    if args.harper:
        harper = harper_seconds(draft(sizes[-1]), args.repeat)
        if harper is None:
            print("harper-py not installed: no comparison")
        else:
            ours = medians[sizes[-1]]["total"]
            print(
                f"harper-py on {sizes[-1]:,} words: {harper:.2f} s CPU; copyedit {ours:.2f} s "
                f"= {ours / harper:.2f}x harper-py (target 1.3x)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
