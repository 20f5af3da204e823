"""Re-check speed of ``copyedit check``: cold, cached and after a one-word edit.

Not a test: a script. For each draft (the sample op-ed, and two longer drafts built from
``samples/``) and each round it runs the command line, ``python -m copyedit.cli check
DRAFT --format json``, in three states:

* cold: a fresh private ``COPYEDIT_CACHE`` (no findings, figures or LanguageTool
  paragraphs cached; the installed data, LanguageTool's install and the bigram tables,
  linked from the normal cache);
* cached: the same draft again;
* edit: the draft after a one-word edit in one paragraph (a different word each round).

Times are medians over rounds of wall and CPU seconds: the command's user + system
time, plus that of the resident worker (``copyedit.engines.resident``) during the run.
With ``--base DIR`` (a copy of another version's source, e.g.
``git archive main | tar -x -C /tmp/base``) every state is run for both versions, one
after the other in each round, so both see the same machine load, and their JSON
reports are compared byte for byte. ``--wikinews N`` adds the first N Wikinews 2019
articles from ../shared/benchmarks, checked as one folder (the edit in one article).
LanguageTool runs only with ``--languagetool``: each round's private cache starts its own
server on the cold run (so cold includes a server start), stopped with the worker after
the round; by default ``--no-languagetool``.

Example::

    .venv/bin/python benchmarks/recheck_speed.py --runs 5 --base /tmp/base
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLES = ROOT / "samples"
OPED = SAMPLES / "oped-pakistan-neutrality.txt"
RESULT_CACHES = {"findings", "readability", "resident", "parsed"}
STATES = ("cold", "cached", "edit")


def wikinews(n: int) -> dict[str, str]:
    """The first ``n`` Wikinews 2019 articles (``judged_news.wikinews_articles``), as
    files of one folder, when ../shared/benchmarks is there."""
    sys.path.insert(0, str(HERE))
    from judged_news import DEFAULT_DATA, WIKINEWS, wikinews_articles

    if not (DEFAULT_DATA / WIKINEWS).is_file():
        print(f"(no {DEFAULT_DATA / WIKINEWS}: Wikinews articles skipped)")
        return {}
    return {
        f"article-{i:03}.txt": a.text for i, a in enumerate(wikinews_articles(DEFAULT_DATA)[:n])
    }


def drafts() -> dict[str, str]:
    """The op-ed; the op-ed with the newsroom guide's prose after it; and three op-eds'
    paragraphs in three different orders (about 3,000 words)."""
    oped = OPED.read_text("utf-8")
    guide = (SAMPLES / "newsroom-guide.md").read_text("utf-8")
    prose = [p for p in re.split(r"\n\s*\n", guide) if p.strip() and not p.startswith(("#", "`"))]
    paras = [p for p in re.split(r"\n\s*\n", oped) if p.strip()]
    shuffled = [*paras, *paras[1::2], *paras[0::2], *reversed(paras)]
    return {
        "oped": oped,
        "oped+guide": oped.rstrip("\n") + "\n\n" + "\n\n".join(prose) + "\n",
        "oped-x3": "\n\n".join(shuffled) + "\n",
    }


def edited(text: str, round_no: int) -> str:
    """``text`` with one word changed: the ``round_no``-th word (cycling) of a middle
    paragraph of at least 40 words (of any, in a short article), 'the' made 'this' or any
    other word 'the'."""
    paras = re.split(r"(\n\s*\n)", text)
    bodies = [i for i in range(0, len(paras), 2) if len(paras[i].split()) >= 40] or [
        i for i in range(0, len(paras), 2) if re.search(r"\b[a-z]{3,}\b", paras[i])
    ]
    i = bodies[(len(bodies) // 2 + round_no) % len(bodies)]
    words = list(re.finditer(r"\b[a-z]{3,}\b", paras[i]))
    w = words[(round_no * 7 + 3) % len(words)]
    new = "this" if w.group() == "the" else "the"
    paras[i] = paras[i][: w.start()] + new + paras[i][w.end() :]
    return "".join(paras)


def fresh_cache(root: Path, normal: Path) -> Path:
    """A cache folder with the normal one's installed data and none of its results."""
    root.mkdir(parents=True)
    if normal.is_dir():
        for entry in normal.iterdir():
            if entry.name in RESULT_CACHES:
                continue
            if entry.name == "languagetool" and entry.is_dir():
                (root / entry.name).mkdir()
                for part in entry.iterdir():
                    if part.name not in ("cache", "last-used", "server.log"):
                        (root / entry.name / part.name).symlink_to(part)
                continue
            (root / entry.name).symlink_to(entry)
    return root


def worker_cpu(cache: Path) -> tuple[int | None, float]:
    """(pid, CPU seconds so far) of the resident worker of ``cache``, if one runs."""
    try:
        pid = int(json.loads((cache / "resident" / "state.json").read_text("utf-8"))["pid"])
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError, KeyError, IndexError):
        return None, 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return pid, (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


@dataclass
class Version:
    name: str
    source: Path
    pyc: Path
    times: dict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=dict)
    outputs: dict[str, bytes] = field(default_factory=dict)

    def run(self, draft: Path, cache: Path, lt: bool) -> tuple[float, float, bytes]:
        """(wall s, CPU s, stdout) of one ``copyedit check``."""
        env = {
            **os.environ,
            "COPYEDIT_CACHE": str(cache),
            "PYTHONPATH": str(self.source),
            "PYTHONPYCACHEPREFIX": str(self.pyc),  # compiled once, as an installed copy is
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        argv = [sys.executable, "-m", "copyedit.cli", "check", str(draft), "--format", "json"]
        if not lt:
            argv.append("--no-languagetool")
        worker_before = worker_cpu(cache)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        # run beside the drafts: ``-m`` puts the working folder first on sys.path
        done = subprocess.run(argv, env=env, cwd=draft.parent, capture_output=True, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        worker_after = worker_cpu(cache)
        if worker_after[0] is not None:  # the resident worker's share of the work too
            cpu += worker_after[1] - (
                worker_before[1] if worker_before[0] == worker_after[0] else 0
            )
        if done.returncode not in (0, 1):
            sys.exit(f"{self.name}: exit {done.returncode}: {done.stderr.decode()[-500:]}")
        return wall, cpu, done.stdout

    def stop_servers(self, folder: Path, cache: Path) -> None:
        """Stop the resident worker (``copyedit.engines.resident``) and the LanguageTool
        server the runs started in ``cache`` (else they outlive the deleted folder until
        their idle timeouts, a LanguageTool server holding most of 1 GiB)."""
        env = {**os.environ, "COPYEDIT_CACHE": str(cache), "PYTHONPATH": str(self.source)}
        commands = [["copyedit.cli", "languagetool", "stop"]]
        if (self.source / "copyedit" / "engines" / "resident.py").exists():
            commands.append(["copyedit.engines.resident", "stop"])
        for command in commands:
            argv = [sys.executable, "-m", *command]
            subprocess.run(argv, env=env, cwd=folder, capture_output=True, check=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="rounds per draft")
    ap.add_argument("--base", type=Path, help="another version's source folder to compare")
    ap.add_argument("--languagetool", action="store_true", help="run LanguageTool too")
    ap.add_argument("--drafts", nargs="*", help="names of the drafts to run (default: all)")
    ap.add_argument(
        "--wikinews",
        type=int,
        default=0,
        metavar="N",
        help="also N Wikinews 2019 articles, one folder",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="print every run")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from copyedit.paths import cache_dir

    normal = cache_dir()
    work = Path(tempfile.mkdtemp(prefix="copyedit-recheck-"))
    versions = [Version("this", ROOT, work / "pyc-this")]
    if args.base:
        versions.insert(0, Version("base", args.base.resolve(), work / "pyc-base"))
    chosen = {
        k: {"draft.txt": v} for k, v in drafts().items() if not args.drafts or k in args.drafts
    }
    if args.wikinews:
        articles = wikinews(args.wikinews)
        if articles:
            chosen[f"wikinews-{len(articles)}"] = articles
    mismatches = []
    try:
        for name, files in chosen.items():
            words = sum(len(t.split()) for t in files.values())
            middle = sorted(files)[len(files) // 2]  # the file the edit goes into
            for n in range(args.runs + 1):  # round 0 compiles and warms the disk cache
                folder = work / f"{name}-{n}"
                drafts_dir = folder / "drafts"  # one path: it is in the reports
                drafts_dir.mkdir(parents=True)
                target = drafts_dir / middle if len(files) > 1 else drafts_dir / "draft.txt"
                checked = drafts_dir if len(files) > 1 else target
                for v in versions:
                    cache = fresh_cache(folder / f"cache-{v.name}", normal)
                    for fname, text in files.items():
                        (drafts_dir / fname).write_text(text, "utf-8")
                    outputs = {}
                    for state in STATES:
                        if state == "edit":
                            target.write_text(edited(files[target.name], n), "utf-8")
                        wall, cpu, out = v.run(checked, cache, args.languagetool)
                        outputs[state] = out
                        if args.verbose:
                            print(
                                f"  {name} round {n} {v.name} {state}: {wall:.2f} s, CPU {cpu:.2f} s"
                            )
                        if n:
                            v.times.setdefault((name, state), []).append((wall, cpu))
                    v.stop_servers(folder, cache)
                    if outputs["cached"] != outputs["cold"]:
                        mismatches.append(f"{name} round {n} {v.name}: cached != cold")
                    v.outputs = outputs
                if len(versions) == 2:
                    for state in STATES:
                        if versions[0].outputs[state] != versions[1].outputs[state]:
                            mismatches.append(f"{name} round {n} {state}: base != this")
            print(f"\n{name} ({words} words), medians of {args.runs} rounds:")
            print(f"  {'state':8} " + "  ".join(f"{v.name + ' wall/CPU s':>20}" for v in versions))
            for state in STATES:
                cells = []
                for v in versions:
                    runs = v.times[(name, state)]
                    wall = statistics.median(r[0] for r in runs)
                    cpu = statistics.median(r[1] for r in runs)
                    cells.append(f"{wall:9.2f} / {cpu:5.2f}   ")
                print(f"  {state:8} " + "  ".join(f"{c:>20}" for c in cells))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lt = "with LanguageTool" if args.languagetool else "without LanguageTool"
    print(f"\n({lt}; load average at the end {os.getloadavg()[0]:.1f})")
    if mismatches:
        print("REPORTS DIFFER:\n  " + "\n  ".join(mismatches))
        sys.exit(1)
    print(
        "Reports byte-identical: cached = cold in every round"
        + (", base = this" if args.base else "")
    )


if __name__ == "__main__":
    main()
