"""End-to-end speed of ``copyedit check`` with LanguageTool, against raw LanguageTool HTTP.

Not a test: a script. For the sample op-ed (samples/oped-pakistan-neutrality.txt) and
for a batch of articles from the Wikinews dev split (wikinews_2019.csv under
../shared/benchmarks/clean_prose/wikinews_vanatteveldt, written to a temporary folder
as .txt files and checked as one folder in one invocation; never copied into the
repository) it measures the wall time of the command line,
``.venv/bin/copyedit check ... --format json``, in these states:

* cold: no LanguageTool server running and empty text caches (the run starts the
  server and waits for it);
* warm: the server running, empty text caches (a draft never checked before);
* cached: the same text again (every paragraph from the paragraph cache);
* edit: after a one-word edit in one paragraph (one paragraph sent).

and the raw LanguageTool HTTP check of the same text: each file's prose (masked as
copyedit masks it) in one request, one file at a time, with the same options, to the
same server, timed in this process (no Python start-up). The ratio is copyedit's warm
wall time over that raw time.

Everything runs in a private ``COPYEDIT_CACHE`` (a temporary folder) whose LanguageTool
install is a symlink to the normal cache's, so the states are controlled and the
normal cache's server and paragraph cache are left alone. "Text caches" (cleared for
the cold and warm states) are those keyed by a draft's text: the paragraph cache, the
readability cache and the per-document findings cache. An in-process breakdown (import, load, engines, readability,
output) shows where the time goes.

Example::

    .venv/bin/python benchmarks/lt_speed.py --runs 5
    .venv/bin/python benchmarks/lt_speed.py --runs 3 --no-batch --no-cold
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPED = ROOT / "samples" / "oped-pakistan-neutrality.txt"
WIKINEWS = ROOT.parent / "shared" / "benchmarks" / "clean_prose" / "wikinews_vanatteveldt"
DEV_CSV = "wikinews_2019.csv"
COPYEDIT = ROOT / ".venv" / "bin" / "copyedit"
PYTHON = ROOT / ".venv" / "bin" / "python"

TEXT_CACHES = ("languagetool/cache", "readability", "findings")
"""Folders of the cache keyed by a draft's text: cleared for the cold and warm runs."""

TARGETS = {"ratio": 1.2, "cached": 0.15, "edit": 0.4, "batch": 1.1, "rss": 1.2}
"""The speed issue's targets: the op-ed's warm check over its raw request, its cached
re-check and a re-check after a one-word edit (s); a 500-article folder's warm check
over its raw requests; the server's resident memory after the runs (GiB)."""
BATCH_FOR_TARGET = 500


# --- the private cache --------------------------------------------------------------


def private_run(prefix: str) -> tuple[Path, Path, dict[str, str]]:
    """(work folder, its private cache, the environment for runs), the load average
    printed; SIGTERM exits cleanly (background jobs ignore SIGINT)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("interrupted"))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    work = Path(tempfile.mkdtemp(prefix=prefix))
    cache = private_cache(work)
    os.environ["COPYEDIT_CACHE"] = str(cache)
    # As installed: bytecode is cached (this sandbox sets PYTHONDONTWRITEBYTECODE, which
    # would make every run compile every module it imports).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    return work, cache, dict(os.environ)


def normal_cache() -> Path:
    env = {k: v for k, v in os.environ.items() if k != "COPYEDIT_CACHE"}
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "copyedit"


def private_cache(root: Path) -> Path:
    """A fresh cache folder sharing the normal cache's LanguageTool install and data.

    The LanguageTool version folder is a symlink (as the test fixture does); other
    read-only data (the compact pronouncing dictionary, NLTK folder, models) is
    linked too; text caches and the server's state are the private folder's own.
    """
    source = normal_cache()
    current = json.loads((source / "languagetool" / "current.json").read_text("utf-8"))
    version = current["version"]
    cache = root / "cache"
    lt = cache / "languagetool"
    lt.mkdir(parents=True)
    (lt / version).symlink_to(source / "languagetool" / version, target_is_directory=True)
    (lt / "current.json").write_text(json.dumps({"version": version}), encoding="utf-8")
    tops = {t.split("/")[0] for t in TEXT_CACHES}
    for entry in source.iterdir():
        if entry.name != "languagetool" and entry.name not in tops:
            (cache / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return cache


def clear_text_caches(cache: Path) -> None:
    for rel in TEXT_CACHES:
        shutil.rmtree(cache / rel, ignore_errors=True)


def snapshot_text_caches(cache: Path, into: Path) -> None:
    shutil.rmtree(into, ignore_errors=True)
    for rel in TEXT_CACHES:
        if (cache / rel).exists():
            shutil.copytree(cache / rel, into / rel)


def restore_text_caches(cache: Path, snapshot: Path) -> None:
    clear_text_caches(cache)
    for rel in TEXT_CACHES:
        if (snapshot / rel).exists():
            shutil.copytree(snapshot / rel, cache / rel)


# --- inputs -----------------------------------------------------------------------------


def dev_articles(limit: int) -> list[str]:
    """Wikinews 2019 articles, then (past its 171) ABC dev news stories: a batch of 500
    is what the speed issue's folder target names."""
    csv.field_size_limit(10**7)
    with open(WIKINEWS / DEV_CSV, encoding="utf-8", newline="") as fh:
        texts = [row["text"] for row in csv.DictReader(fh) if row["text"].strip()]
    if limit > len(texts):
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from judged_news import abc_articles

        texts += [a.text for a in abc_articles(WIKINEWS.parents[1])]
    return texts[:limit]


def one_word_edit(text: str) -> str:
    """The text with one word changed in its middle paragraph."""
    paras = [m for m in re.finditer(r"\S[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*", text)]
    para = paras[len(paras) // 2]
    chunk = para.group()
    m = re.search(r"\b(the|a|an|and|of|in)\b", chunk)
    if m:
        swap = {"the": "this", "a": "one", "an": "one", "and": "or", "of": "for", "in": "on"}
        new = chunk[: m.start()] + swap[m.group()] + chunk[m.end() :]
    else:
        new = "Also, " + chunk
    return text[: para.start()] + new + text[para.end() :]


# --- measuring --------------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system) of the copyedit process, per state: less load-sensitive."""


def timed_run(cmd: Sequence[str], env: dict[str, str]):
    """(wall s, CPU s of the command and its children, the finished process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, cwd=ROOT, check=False)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, done


def run_cli(paths: Sequence[Path], env: dict[str, str], state: str = "") -> float:
    """Wall time of ``copyedit check PATHS --format json``; fails loudly on a bad run."""
    cmd = [str(COPYEDIT), "check", *map(str, paths), "--format", "json", "--fail-on", "never"]
    took, cpu, done = timed_run(cmd, env)
    CPU.setdefault(state, []).append(cpu)
    if done.returncode != 0:
        sys.exit(f"copyedit failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    report = json.loads(done.stdout)
    if not all("languagetool" in f["engines"] for f in report["files"]):
        sys.exit("copyedit ran without LanguageTool")
    return took


def server_pid(cache: Path) -> int | None:
    """The Java process of the LanguageTool server ``cache``'s state names: the child of
    the supervisor whose pid the state file holds (or the supervisor itself)."""
    try:
        pid = int(json.loads((cache / "languagetool" / "server.json").read_text())["pid"])
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return int(children[0]) if children else pid


def worker_cpu() -> dict[int, float]:
    """CPU seconds so far of each resident worker process (``copyedit worker``) running:
    a check may replace the worker, so the workers are found by their command line."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"copyedit.engines.resident" in command and b"serve" in command:
            out[int(entry.name)] = process_cpu(int(entry.name))
    return out


def server_rss(cache: Path) -> int | None:
    """The resident memory (KiB) of the LanguageTool server's Java process."""
    pid = server_pid(cache)
    try:
        status = Path(f"/proc/{pid}/status").read_text() if pid else ""
    except OSError:
        return None
    sizes = [int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS:")]
    return max(sizes, default=None)


def process_cpu(pid: int | None) -> float:
    """User + system CPU seconds a running process has used so far (0 if gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def other_cpu(cache: Path) -> tuple[float, dict[int, float]]:
    """(LanguageTool server CPU s, each resident worker's CPU s) so far."""
    return process_cpu(server_pid(cache)), worker_cpu()


def used_since(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def lt_command(args: Sequence[str], env: dict[str, str]) -> None:
    subprocess.run([str(COPYEDIT), "languagetool", *args], env=env, capture_output=True, cwd=ROOT)


class RawLT:
    """The raw LanguageTool check of some files: each file's text (its prose, as
    copyedit masks it) in one request, one file at a time, as a script calling
    LanguageTool directly would."""

    def __init__(self, paths: Sequence[Path]) -> None:
        from copyedit.config import load_config
        from copyedit.document import expand_paths, load
        from copyedit.languagetool.settings import LTSettings

        os.chdir(ROOT)
        self.options = LTSettings.from_config(load_config(None)).options()
        self.texts = [load(p).masked for p in expand_paths([str(p) for p in paths])]

    def params(self, text: str) -> bytes:
        o = self.options
        params = {"language": o.language, "text": text}
        if o.disabled_rules:
            params["disabledRules"] = ",".join(o.disabled_rules)
        if o.enabled_rules:
            params["enabledRules"] = ",".join(o.enabled_rules)
        if o.disabled_categories:
            params["disabledCategories"] = ",".join(o.disabled_categories)
        if o.picky:
            params["level"] = "picky"
        return urllib.parse.urlencode(params).encode("utf-8")

    def check(self, url: str) -> float:
        def one(text: str) -> int:
            with urllib.request.urlopen(f"{url}/v2/check", self.params(text), timeout=600) as r:
                return len(json.loads(r.read())["matches"])

        start = time.perf_counter()
        for text in self.texts:
            one(text)
        return time.perf_counter() - start


def server_url() -> str:
    from copyedit.languagetool import server

    state = server.read_state()
    if state is None:
        sys.exit("no LanguageTool server in the private cache")
    return state.url


WARMUP_SECONDS = 15.0
"""Raw checks (at least one) for this long before the timed runs: a new server's first
requests run its JIT compiler too. After five op-ed requests a copyedit check still cost
the server 0.78 s of CPU, against 0.26 s on a server that had answered a few hundred;
the server a user meets has usually been running for a while (it stops after 30 idle
minutes)."""


def median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def measure_set(
    name: str,
    paths: list[Path],
    edited: list[Path],
    cache: Path,
    env: dict[str, str],
    runs: int,
    cold_runs: int,
    work: Path,
) -> dict[str, list[float]]:
    """Every state for one input; raw checks interleaved with the warm ones."""
    out: dict[str, list[float]] = {k: [] for k in ("cold", "warm", "raw", "cached", "edit")}
    raw = RawLT(paths)
    out["files"] = [float(len(raw.texts))]
    for i in range(cold_runs):
        lt_command(["stop"], env)
        clear_text_caches(cache)
        out["cold"].append(run_cli(paths, env))
        print(f"  {name}: cold {i + 1}: {out['cold'][-1]:.2f} s", file=sys.stderr)
    lt_command(["start"], env)
    url = server_url()
    warm_until = time.perf_counter() + WARMUP_SECONDS
    raw.check(url)  # the server's first requests are slower (JIT): not counted
    while time.perf_counter() < warm_until:
        raw.check(url)
    for k in ("warm cpu", "warm lt cpu", "warm worker cpu", "raw lt cpu"):
        out[k] = []
    for i in range(runs):
        clear_text_caches(cache)
        lt0, worker0 = other_cpu(cache)
        out["warm"].append(run_cli(paths, env, f"{name} warm"))
        lt1, worker1 = other_cpu(cache)
        out["warm cpu"].append(CPU[f"{name} warm"][-1])
        out["warm lt cpu"].append(lt1 - lt0)
        out["warm worker cpu"].append(used_since(worker0, worker1))
        out["raw"].append(raw.check(url))
        out["raw lt cpu"].append(other_cpu(cache)[0] - lt1)
        print(
            f"  {name}: warm {i + 1}: {out['warm'][-1]:.2f} s, raw {out['raw'][-1]:.2f} s",
            file=sys.stderr,
        )
    for _ in range(runs):
        out["cached"].append(run_cli(paths, env, f"{name} cached"))
    print(f"  {name}: cached {statistics.median(out['cached']):.3f} s", file=sys.stderr)
    snap = work / "snapshot"
    snapshot_text_caches(cache, snap)
    for _ in range(runs):
        restore_text_caches(cache, snap)
        out["edit"].append(run_cli(edited, env, f"{name} edit"))
    print(f"  {name}: edit {statistics.median(out['edit']):.3f} s", file=sys.stderr)
    return out


def python_startup(env: dict[str, str], runs: int) -> dict[str, float]:
    """Median wall time of a bare interpreter and of importing the command line."""
    out = {}
    for label, code in (("python -c pass", "pass"), ("import copyedit.cli", "import copyedit.cli")):
        command = [str(PYTHON), "-c", code]
        times = [
            timed(partial(subprocess.run, command, env=env, cwd="/", check=True))
            for _ in range(runs)
        ]
        out[label] = statistics.median(times)
    return out


# --- the in-process breakdown -------------------------------------------------------------


def breakdown(paths: Sequence[str]) -> dict[str, float]:
    """Seconds per step of a check, run one after another in this process."""
    t: dict[str, float] = {}
    start = time.perf_counter()
    import copyedit.cli as cli  # noqa: F401  (what the command line imports)

    t["import copyedit.cli"] = time.perf_counter() - start
    from copyedit.config import load_config
    from copyedit.document import expand_paths, load
    from copyedit.pipeline import Selector, settle
    from copyedit.readability import measure
    from copyedit.report import dumps

    mark = time.perf_counter()
    config = load_config(None)
    docs = [load(p) for p in expand_paths(list(paths))]
    t["load drafts"] = time.perf_counter() - mark
    mark = time.perf_counter()
    engines = cli.build_engines(config)
    t["build engines"] = time.perf_counter() - mark
    raw: list[list] = [[] for _ in docs]
    for engine in engines:
        mark = time.perf_counter()
        batch = getattr(engine, "check_many", None)
        results = batch(docs) if batch else [engine.check(d) for d in docs]
        for bucket, found in zip(raw, results, strict=True):
            bucket.extend(found)
        t[f"engine {engine.name}"] = time.perf_counter() - mark
    mark = time.perf_counter()
    stats = [measure(d) for d in docs]
    t["readability stats"] = time.perf_counter() - mark
    mark = time.perf_counter()
    reports = [
        cli.FileReport(d, settle(d, found, Selector()), s, tuple(e.name for e in engines))
        for d, found, s in zip(docs, raw, stats, strict=True)
    ]
    t["settle findings"] = time.perf_counter() - mark
    mark = time.perf_counter()
    dumps(reports)
    t["JSON output"] = time.perf_counter() - mark
    t["total (in process)"] = time.perf_counter() - start
    return t


def run_breakdown(paths: Sequence[Path], env: dict[str, str]) -> dict[str, float]:
    cmd = [str(PYTHON), __file__, "--breakdown-child", *map(str, paths)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        sys.exit(f"breakdown failed: {done.stderr[-800:]}")
    return json.loads(done.stdout)


def breakdowns(
    paths: list[Path], cache: Path, env: dict[str, str], runs: int
) -> dict[str, dict[str, float]]:
    """Median step times, warm (text caches cleared) and cached."""
    out = {}
    for state in ("warm", "cached"):
        samples = []
        for _ in range(runs):
            if state == "warm":
                clear_text_caches(cache)
            samples.append(run_breakdown(paths, env))
        out[state] = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
    return out


# --- the report -----------------------------------------------------------------------------


def fmt(x: float | None, unit: str = " s") -> str:
    if x is None:
        return "-"
    return f"{x:.3f}{unit}" if x < 10 else f"{x:.1f}{unit}"


def print_table(results: dict[str, dict[str, list[float]]]) -> None:
    names = list(results)
    rows = [
        ("runs (median of)", lambda r: f"{len(r['warm'])}"),
        ("files (one raw request each)", lambda r: f"{int(r['files'][0])}"),
        ("cold check (server start)", lambda r: fmt(median(r["cold"]))),
        ("warm check", lambda r: fmt(median(r["warm"]))),
        ("raw LanguageTool HTTP", lambda r: fmt(median(r["raw"]))),
        ("copyedit / raw (warm)", lambda r: _ratio(r)),
        ("cached re-check", lambda r: fmt(median(r["cached"]))),
        ("after a one-word edit", lambda r: fmt(median(r["edit"]))),
    ]
    width = max(len(n) for n, _ in rows) + 2
    print("\nwall times, medians (cold: of the cold runs)")
    print("".ljust(width) + "".join(n.rjust(18) for n in names))
    for label, cell in rows:
        print(label.ljust(width) + "".join(cell(results[n]).rjust(18) for n in names))


def _ratio(r: dict[str, list[float]]) -> str:
    warm, raw = median(r["warm"]), median(r["raw"])
    return f"{warm / raw:.2f}x" if warm and raw else "-"


def print_cpu(results: dict[str, dict[str, list[float]]]) -> None:
    """Where the CPU of a warm check goes, and the least wall time the cores allow for it:
    copyedit's work and LanguageTool's share the machine's cores, so a warm check can take
    no less than all of it divided by the cores (nor less than the raw request)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"\nCPU of a warm check (seconds, medians; {cores} cores)")
    for name, r in results.items():
        ours, lt, worker = (
            median(r[k]) or 0.0 for k in ("warm cpu", "warm lt cpu", "warm worker cpu")
        )
        raw, raw_lt = median(r["raw"]), median(r["raw lt cpu"])
        total = ours + lt + worker
        floor = max(total / (cores or 1), raw or 0.0)
        print(
            f"  {name}: copyedit {ours:.3f} + resident worker {worker:.3f} + LanguageTool "
            f"{lt:.3f} = {total:.3f}; raw request: LanguageTool {fmt(raw_lt)} CPU in {fmt(raw)}"
        )
        if raw:
            print(
                f"  {name}: least wall time on {cores} cores {floor:.3f} s = "
                f"{floor / raw:.2f}x raw (measured {_ratio(r)})"
            )


def print_targets(results: dict[str, dict[str, list[float]]], rss_kib: int | None) -> None:
    oped = results["op-ed"]
    warm, raw = median(oped["warm"]), median(oped["raw"])
    cached, edit = median(oped["cached"]), median(oped["edit"])
    checks: list[tuple[str, float | None, float]] = [
        (
            f"op-ed warm / raw <= {TARGETS['ratio']}x",
            warm / raw if warm and raw else None,
            TARGETS["ratio"],
        ),
        (f"op-ed cached <= {TARGETS['cached']} s", cached, TARGETS["cached"]),
        (f"op-ed one-word edit <= {TARGETS['edit']} s", edit, TARGETS["edit"]),
    ]
    for name, r in results.items():
        if name != "op-ed" and r["files"][0] >= BATCH_FOR_TARGET:
            warm_b, raw_b = median(r["warm"]), median(r["raw"])
            ratio = warm_b / raw_b if warm_b and raw_b else None
            checks.append((f"{name} warm / raw <= {TARGETS['batch']}x", ratio, TARGETS["batch"]))
    if rss_kib is not None:
        checks.append((f"server memory <= {TARGETS['rss']} GiB", rss_kib / 2**20, TARGETS["rss"]))
    print("\ntargets")
    for label, value, bound in checks:
        shown = "-" if value is None else f"{value:.3f}"
        verdict = "-" if value is None else ("met" if value <= bound else "NOT met")
        print(f"  {label:36} {shown:>8}  {verdict}")


def print_breakdown(name: str, bd: dict[str, dict[str, float]]) -> None:
    print(f"\nin-process breakdown, {name} (medians, seconds)")
    print("".ljust(26) + "warm".rjust(10) + "cached".rjust(10))
    for key in bd["warm"]:
        print(key.ljust(26) + f"{bd['warm'][key]:10.3f}" + f"{bd['cached'].get(key, 0):10.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per state (median reported)")
    ap.add_argument("--batch-runs", type=int, default=3, help="runs per state for the batch")
    ap.add_argument("--cold-runs", type=int, default=1, help="cold runs (each starts a server)")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold runs")
    ap.add_argument(
        "--articles",
        type=int,
        default=50,
        help="dev articles in the batch (Wikinews, then ABC news)",
    )
    ap.add_argument("--no-batch", action="store_true", help="only the op-ed")
    ap.add_argument("--breakdown-child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.breakdown_child:
        print(json.dumps(breakdown(args.breakdown_child)))
        return 0
    if not COPYEDIT.exists():
        ap.error(f"{COPYEDIT} not found: run 'make setup'")
    cold_runs = 0 if args.no_cold else args.cold_runs
    work, cache, env = private_run("lt_speed.")
    prime = [str(COPYEDIT), "check", str(OPED), "--no-languagetool", "--format", "json"]
    subprocess.run(prime, env=env, capture_output=True, cwd=ROOT, check=False)
    try:
        oped_edit = work / "oped-edited" / OPED.name
        oped_edit.parent.mkdir()
        oped_edit.write_text(one_word_edit(OPED.read_text("utf-8")), encoding="utf-8")
        results = {
            "op-ed": measure_set(
                "op-ed", [OPED], [oped_edit], cache, env, args.runs, cold_runs, work
            )
        }
        if not args.no_batch:
            if not (WIKINEWS / DEV_CSV).is_file():
                sys.exit(f"{WIKINEWS / DEV_CSV} not found")
            texts = dev_articles(args.articles)
            batch, edited = work / "batch", work / "batch-edited"
            batch.mkdir()
            edited.mkdir()
            for i, text in enumerate(texts):
                (batch / f"{i:03d}.txt").write_text(text, encoding="utf-8")
                changed = one_word_edit(text) if i == len(texts) // 2 else text
                (edited / f"{i:03d}.txt").write_text(changed, encoding="utf-8")
            label = f"{len(texts)} articles"
            results[label] = measure_set(
                label, [batch], [edited], cache, env, args.batch_runs, cold_runs, work
            )
        bd = breakdowns([OPED], cache, env, args.runs)
        startup = python_startup(env, args.runs)
        rss = server_rss(cache)
    finally:
        lt_command(["stop"], env)
        stop = [str(PYTHON), "-m", "copyedit.engines.resident", "stop"]  # its own worker
        subprocess.run(stop, env=env, capture_output=True, cwd=work, check=False)
        shutil.rmtree(work, ignore_errors=True)
    print_table(results)
    if rss is not None:
        print(f"\nLanguageTool server's resident memory after the runs: {rss / 1024:.0f} MiB")
    print("\nCPU seconds of the copyedit process (user + system), medians")
    for state, values in CPU.items():
        if state:
            print(f"  {state:28} {statistics.median(values):.3f} s")
    print_cpu(results)
    print_targets(results, rss)
    print_breakdown("op-ed", bd)
    print("\nPython start-up (medians)")
    for label, value in startup.items():
        print(f"  {label:24} {value:.3f} s")
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
