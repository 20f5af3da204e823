"""Time the real-word engine: model load once per process, then the check of a
1,000-word article (the op-ed sample padded with Wikinews 2019 dev text when present).

    .venv/bin/python benchmarks/realword_timing.py
    .venv/bin/python benchmarks/realword_timing.py --processes 5   # ranges over fresh processes

A fresh process pays the loads and the first check (compiling the confusion sets' cues,
reading the trees, the candidates' counts); later checks in the same process reuse them.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import time
from pathlib import Path

from copyedit.document import Document
from copyedit.engines.realword import RealWordEngine

ROOT = Path(__file__).resolve().parents[1]
WIKINEWS = Path("/work/shared/benchmarks/clean_prose/wikinews_vanatteveldt/wikinews_2019.csv")


def article(words: int = 1000) -> str:
    text = (ROOT / "samples" / "oped-pakistan-neutrality.txt").read_text(encoding="utf-8")
    if WIKINEWS.exists():
        csv.field_size_limit(10**8)
        with WIKINEWS.open(encoding="utf-8") as fh:
            text = "\n\n".join(
                row["text"] for _, row in zip(range(5), csv.DictReader(fh), strict=False)
            )
    return " ".join(text.split(" ")[:words])


def once() -> None:
    t = time.perf_counter()
    engine = RealWordEngine()
    _ = engine.fingerprint()
    t_fingerprint = time.perf_counter() - t
    t = time.perf_counter()
    _ = engine.sets
    t_sets = time.perf_counter() - t
    t = time.perf_counter()
    _ = engine.model
    t_model = time.perf_counter() - t
    doc = Document.from_text(article())
    words = len(doc.text.split())
    t = time.perf_counter()
    engine.check(doc)
    first = time.perf_counter() - t
    runs, cpu = [], []
    for _ in range(5):
        fresh = Document.from_text(doc.text)
        t, c = time.perf_counter(), time.process_time()
        engine.check(fresh)
        runs.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print(f"findings-cache key (every run): {t_fingerprint:.3f}s")
    print(f"load: confusion sets {t_sets:.3f}s, context model {t_model:.3f}s")
    print(
        f"check of {words} words: first {first:.3f}s, then median {statistics.median(runs):.3f}s "
        f"wall, {statistics.median(cpu):.3f}s CPU (wall suffers when the machine is shared)"
    )
    print(f"engine per process (loads + first check): {t_sets + t_model + first:.3f}s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--processes", type=int, default=1, help="fresh processes to time")
    args = ap.parse_args()
    if args.processes <= 1:
        once()
        return
    per_process = []
    for _ in range(args.processes):
        out = subprocess.run(
            [sys.executable, __file__], check=True, capture_output=True, text=True
        ).stdout
        print(out, end="")
        per_process.append(float(out.rsplit(":", 1)[1].strip().rstrip("s")))
    print(
        f"per process over {len(per_process)} processes: min {min(per_process):.3f}s, "
        f"median {statistics.median(per_process):.3f}s, max {max(per_process):.3f}s"
    )


if __name__ == "__main__":
    main()
