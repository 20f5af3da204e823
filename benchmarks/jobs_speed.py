"""Wall time and CPU of ``copyedit check --jobs N`` over folders of drafts.

Not a test: a script. Folders of Wikinews dev articles (wikinews_2019.csv, as
``lt_speed.py`` reads it; written to a temporary folder, never copied into the
repository), and a few small batches for the start-up threshold, are checked with
``--format json`` by the command line for each ``--jobs`` value, the runs interleaved,
with LanguageTool off (``--no-languagetool``) and on (a server started with
``copyedit languagetool start`` in a private cache, as ``lt_speed.py`` does). Every run
is cold: the text caches (findings, readability, paragraphs) are cleared first.

Reported per corpus: the median wall time and CPU seconds of the command and its
workers (the LanguageTool server's own CPU is not counted), CPU / wall (cores used),
and whether every run's JSON is byte-identical to the ``--jobs 1`` output. The load
average is printed at the start and end: the machine may be shared.

Example::

    .venv/bin/python benchmarks/jobs_speed.py --runs 3
    .venv/bin/python benchmarks/jobs_speed.py --runs 3 --articles 50 --no-languagetool-on
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lt_speed import (  # noqa: E402
    COPYEDIT,
    clear_text_caches,
    dev_articles,
    lt_command,
    private_run,
    timed_run,
)


def run(folder: Path, jobs: int, languagetool: bool, env: dict[str, str]):
    """(wall s, CPU s, JSON bytes) of one check of ``folder``."""
    cmd = [str(COPYEDIT), "check", str(folder), "--format", "json", "--fail-on", "never"]
    cmd += ["--jobs", str(jobs)] + ([] if languagetool else ["--no-languagetool"])
    wall, cpu, done = timed_run(cmd, env)
    if done.returncode != 0:
        sys.exit(f"copyedit failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return wall, cpu, done.stdout


def measure(name, folder, jobs_values, languagetool, cache, env, runs) -> None:
    walls: dict[int, list[float]] = {j: [] for j in jobs_values}
    cpus: dict[int, list[float]] = {j: [] for j in jobs_values}
    outputs: dict[int, set[bytes]] = {j: set() for j in jobs_values}
    for _ in range(runs):
        for j in jobs_values:  # interleaved, so a change of load hits every setting
            clear_text_caches(cache)
            wall, cpu, out = run(folder, j, languagetool, env)
            walls[j].append(wall)
            cpus[j].append(cpu)
            outputs[j].add(out)
    reference = outputs[jobs_values[0]]
    lt = "LanguageTool on" if languagetool else "LanguageTool off"
    for j in jobs_values:
        w, c = statistics.median(walls[j]), statistics.median(cpus[j])
        same = "identical" if outputs[j] == reference and len(reference) == 1 else "DIFFERENT"
        print(
            f"{name:14} {lt:16} --jobs {j}: wall {w:6.2f} s  CPU {c:6.2f} s  "
            f"cores {c / w:4.2f}  ({runs} runs, JSON {same})",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per setting (median reported)")
    ap.add_argument("--articles", type=int, nargs="+", default=[50, 200])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--small", type=int, nargs="*", default=[1, 2, 3, 4, 6], help="threshold sizes")
    ap.add_argument("--no-languagetool-on", action="store_true", help="skip the LanguageTool runs")
    args = ap.parse_args(argv)
    work, cache, env = private_run("jobs_speed.")
    env["COPYEDIT_JOBS_MIN_FILES"] = "1"  # workers for every size measured
    texts = dev_articles(max(args.articles + args.small))
    folders = {}
    for n in sorted(set(args.articles + args.small)):
        folder = work / f"{n}"
        folder.mkdir()
        for i, text in enumerate(texts[:n]):
            (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
        folders[n] = folder
    try:
        for n in args.small:
            measure(f"{n} articles", folders[n], args.jobs, False, cache, env, args.runs)
        for n in args.articles:
            name = f"{len(texts[:n])} articles"
            measure(name, folders[n], args.jobs, False, cache, env, args.runs)
        if not args.no_languagetool_on:
            lt_command(["start"], env)
            for n in args.articles:
                name = f"{len(texts[:n])} articles"
                measure(name, folders[n], args.jobs, True, cache, env, args.runs)
    finally:
        lt_command(["stop"], env)
        print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
