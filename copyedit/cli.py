"""The command line (click). I/O lives here and in ``document.load``; the rest is pure.
Which files are drafts and how each is read and written back is ``copyedit.formats``.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error,
3 an engine could not run (see errors.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__, formats
from .config import FAIL_ON, Config, load_config
from .diffs import critic_markup, unified_diff
from .document import expand_paths, load
from .engines import Engine, registry
from .errors import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, CopyeditError
from .files import guard_outputs
from .files import write_atomic as _write_file
from .fixes import fix_document
from .model import Applicability, Severity
from .outputs import OUTPUTS
from .pipeline import FileReport, Selector
from .visible import escape_controls, escape_controls_json

if TYPE_CHECKING:
    from .baseline import Baseline
    from .rule_catalog import RuleInfo


class CopyeditGroup(click.Group):
    """Turns every CopyeditError into one line on stderr and its exit code, and Ctrl-C
    into exit 130 (click's default says "Aborted!" and exits 1, which reads as findings).
    Output files are written atomically, so an interrupted command leaves none half-written.

    Subcommands in ``LAZY`` are imported only when named (or listed by --help): a check
    does not import the LanguageTool server's management."""

    LAZY = {"languagetool": ("copyedit.languagetool.commands", "languagetool")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY and name not in self.commands:
            import importlib

            module, attr = self.LAZY[name]
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CopyeditError as exc:
            click.echo(f"copyedit: error: {escape_controls(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("copyedit: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)


@click.group(cls=CopyeditGroup)
@click.version_option(__version__, prog_name="copyedit")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Settings file.")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None) -> None:
    """copyedit: grammar, style and consistency checks for news copy, with suggested edits."""
    ctx.obj = config_path


def _config(ctx: click.Context) -> Config:
    return load_config(ctx.find_root().obj)


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip() for v in values for c in v.split(",") if c.strip())


def build_engines(
    config: Config,
    languagetool: bool = True,
    languagetool_url: str | None = None,
    resident: bool = False,
) -> list[Engine]:
    """The registry's engines for a run (``--no-languagetool`` leaves LanguageTool out;
    ``resident``: models kept loaded between runs, ``engines.resident``)."""
    return registry.build_engines(
        config,
        registry.Options(languagetool_url=languagetool_url, resident=resident),
        without=() if languagetool else ("languagetool",),
    )


def run_check(
    ctx: click.Context,
    paths,
    select,
    ignore,
    no_languagetool: bool = False,
    languagetool_url: str | None = None,
    baseline: Path | None = None,
    progress: bool = False,
    outputs: tuple[tuple[str, Path | None], ...] = (),
    jobs: str | None = None,
) -> tuple[Config, list[FileReport]]:
    """Check drafts; ``baseline`` drops the findings an editor rejected before;
    ``progress`` shows a bar on stderr when it is a terminal and there are several files;
    ``outputs`` (option, path) are refused before any work if one is a draft; ``jobs``
    (--jobs) worker processes for our own engines, else the config's, else one per core."""
    from .batch import check_all, wants_progress

    config = _config(ctx)
    n_jobs = _jobs(jobs, config)
    files = expand_paths(paths)
    guard_outputs(files, outputs)
    docs = [load(p) for p in files]
    chosen = _codes(select) or config.select
    selector = Selector(
        chosen + config.extend_select if chosen else (), config.ignore + _codes(ignore)
    )
    engines = build_engines(config, not no_languagetool, languagetool_url, resident=True)
    if any(e.name == "languagetool" and not getattr(e, "url", None) for e in engines):
        _local_languagetool_ready()
    notes = ("LanguageTool not run (--no-languagetool)",) if no_languagetool else ()
    known = read_baseline(baseline) if baseline is not None else None
    progress = progress and wants_progress(len(docs))
    reports = check_all(docs, engines, selector, notes, progress, n_jobs, config)
    return config, (filter_reports(reports, known) if known is not None else reports)


def _local_languagetool_ready() -> None:
    """Fail at once when no local LanguageTool can run (not installed, no Java), rather
    than after the other engines' work (13 s on an empty cache). A running server, shared
    with other runs, is left for the engine to reuse."""
    from .languagetool import server
    from .languagetool.install import require_installed

    if server.read_state() is None:
        require_installed()
        server.java_path()


def _check_url(url: str, where: str) -> str:
    """``client.check_url``, imported only when a URL is given."""
    from .languagetool.client import check_url

    return check_url(url, where)


def read_baseline(path: Path, missing_ok: bool = False) -> Baseline:
    """``baseline.read``, imported only by a run with a baseline."""
    from .baseline import read

    return read(path, missing_ok=missing_ok)


def filter_reports(reports: list[FileReport], known: Baseline) -> list[FileReport]:
    from .baseline import filter_reports

    return filter_reports(reports, known)


def _jobs(value: str | None, config: Config) -> int:
    if value is None:
        from .workers import default_jobs

        return config.jobs or default_jobs()
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise CopyeditError(f"--jobs: expected a whole number of 1 or more, not {value!r}")
    return n


_SELECT = click.option(
    "--select",
    multiple=True,
    help="Only these rules, engines or categories (comma-separated prefixes).",
)
_IGNORE = click.option("--ignore", multiple=True, help="Skip these rules, engines or categories.")
_NO_LT = click.option("--no-languagetool", is_flag=True, help="Skip LanguageTool.")
_LT_URL = click.option(
    "--languagetool-url",
    metavar="URL",
    callback=lambda ctx, param, v: None if v is None else _check_url(v, "--languagetool-url"),
    help="Use this LanguageTool server instead of a local one.",
)
_BASELINE = click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    help="Decisions file: findings rejected in 'copyedit review' are not raised again.",
)
_JOBS = click.option(
    "--jobs",
    "-j",
    metavar="N",
    help="Worker processes for our own engines over several drafts (1: none) "
    "[default: the config's jobs, or one per core, at most 8].",
)
_IN_PLACE = click.option("--in-place", is_flag=True, help="Replace the draft itself, atomically.")


def _output(help: str):
    return click.option("--output", "-o", type=click.Path(path_type=Path), help=help)


def _diff(help: str):
    return click.option("--diff", "diff_path", type=click.Path(path_type=Path), help=help)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", *OUTPUTS]),
    default="text",
    show_default=True,
    help="text: the report for an editor; "
    + "; ".join(f"{o.name}: {o.help}" for o in OUTPUTS.values())
    + ".",
)
@_output("Write the json, html or github report here (atomically) instead of stdout.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: error, or the config's].",
)
@click.option(
    "--accept",
    type=click.Choice(["safe", "unsafe"]),
    default=None,
    help="html: mark as edits what 'fix --accept' at this level applies [default: unsafe].",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="text: colour on a terminal (auto, unless NO_COLOR is set); never marks edits as "
    "CriticMarkup.",
)
@_SELECT
@_IGNORE
@_NO_LT
@_LT_URL
@_BASELINE
@_JOBS
@click.pass_context
def check(
    ctx,
    paths,
    fmt,
    fail_on,
    select,
    ignore,
    no_languagetool,
    languagetool_url,
    output=None,
    baseline=None,
    accept=None,
    color="auto",
    jobs=None,
) -> None:
    """Check drafts (files or folders) and report findings.

    With several files, a progress bar on stderr (when it is a terminal) and, in text
    format, a summary table at the end.
    """
    if output is not None and fmt == "text":
        raise click.UsageError(f"--output needs --format {', '.join(OUTPUTS)}")
    if accept is not None and fmt != "html":
        raise click.UsageError("--accept applies to --format html (the report's redline)")
    config, reports = run_check(
        ctx,
        paths,
        select,
        ignore,
        no_languagetool,
        languagetool_url,
        baseline,
        progress=True,
        outputs=(("--output", output),),
        jobs=jobs,
    )
    if fmt in OUTPUTS:
        writer = OUTPUTS[fmt]
        written = writer.write(reports, Applicability(accept or "unsafe"))
        if output is not None and str(output) != "-":
            write_atomic(output, written)
            click.echo(_written_note(fmt, output, reports, fail_on or config.fail_on), err=True)
        else:
            click.echo(writer.escape(written), nl=False)
    else:
        from rich.console import Console  # only for text output: rich is slow to import

        from .terminal import render

        force = {"always": True, "never": False}.get(color)
        console = Console(highlight=False, soft_wrap=True, force_terminal=force)
        render(reports, console)
        if len(reports) > 1:
            from .batch import summary_table

            console.print(summary_table(reports))
    threshold = fail_on or config.fail_on
    ctx.exit(EXIT_FINDINGS if _fails(reports, threshold) else EXIT_OK)


def _fails(reports: list[FileReport], threshold: str) -> bool:
    return _failing(reports, threshold) > 0


def _failing(reports: list[FileReport], threshold: str) -> int:
    """How many findings are at or above ``--fail-on``."""
    if threshold == "never":
        return 0
    rank = Severity(threshold).rank
    return sum(1 for r in reports for f in r.findings if f.severity.rank >= rank)


def _written_note(fmt: str, output: Path, reports: list[FileReport], threshold: str) -> str:
    """Where a report written with --output went and what it holds, so that a silent
    exit 1 (findings) is not taken for a failure."""
    total = sum(len(r.findings) for r in reports)
    drafts = f"{len(reports)} draft" + ("" if len(reports) == 1 else "s")
    note = f"copyedit: {fmt} report written to {escape_controls(str(output))}: "
    note += f"{total} finding(s) in {drafts}"
    failing = _failing(reports, threshold)
    if failing:
        note += f"; {failing} at or above --fail-on {threshold} (exit code 1)"
    return note + "."


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--accept",
    type=click.Choice(["safe", "unsafe"]),
    default="safe",
    show_default=True,
    help="Lowest applicability applied.",
)
@_output("Write the corrected text here ('-' for stdout).")
@_IN_PLACE
@_diff("Write a unified diff here.")
@click.option(
    "--critic",
    "critic_path",
    type=click.Path(path_type=Path),
    help="Write a word-level CriticMarkup file here.",
)
@_SELECT
@_IGNORE
@_NO_LT
@_LT_URL
@_BASELINE
@click.pass_context
def fix(
    ctx,
    path,
    accept,
    output,
    in_place,
    diff_path,
    critic_path,
    select,
    ignore,
    no_languagetool,
    languagetool_url,
    baseline,
) -> None:
    """Apply suggested edits and write the corrected text and the diffs."""
    _one_draft("fix", path, output, in_place)
    fmt = formats.for_path(path)
    if not fmt.plain:
        _written_usage(fmt, path, output, in_place, diff_path, critic_path)
    outputs = (("--output", output), ("--diff", diff_path), ("--critic", critic_path))
    _, reports = run_check(
        ctx,
        (str(path),),
        select,
        ignore,
        no_languagetool,
        languagetool_url,
        baseline,
        outputs=outputs,
    )
    report = reports[0]
    if not fmt.plain:
        return _fix_written(fmt, report, path, Applicability(accept), output, in_place, diff_path)
    result = fix_document(report.doc, report.findings, Applicability(accept))
    doc = report.doc
    if in_place:  # first: a draft changed meanwhile stops everything
        if result.applied:
            write_atomic(path, result.text, expect=doc.source)
    elif output is not None and str(output) != "-":
        write_atomic(output, result.text)
    if diff_path:
        write_atomic(diff_path, unified_diff(doc.text, result.text, _diff_name(path)))
    if critic_path:
        write_atomic(critic_path, critic_markup(doc.text, result.text))
    if not in_place and (str(output) == "-" or not (output or diff_path or critic_path)):
        sys.stdout.buffer.write(result.text.encode("utf-8"))
        sys.stdout.flush()
    held = sum(1 for f in report.findings if f.in_quote and f.replacements)
    click.echo(
        f"copyedit: {len(result.applied)} edit(s) applied, {len(result.skipped)} skipped, "
        f"{held} in quotations left for the editor.",
        err=True,
    )


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@_output("Write the corrected text here [default: NAME.reviewed.EXT beside the draft].")
@_IN_PLACE
@_diff("Write the unified diff here [default: NAME.EXT.diff beside the draft].")
@_SELECT
@_IGNORE
@_NO_LT
@_LT_URL
@_BASELINE
@click.pass_context
def review(
    ctx,
    path,
    output,
    in_place,
    diff_path,
    select,
    ignore,
    no_languagetool,
    languagetool_url,
    baseline,
) -> None:
    """Walk the findings one by one: [a]ccept, [r]eject, [e]dit, [s]kip or [q]uit.

    Then writes the corrected text (NAME.reviewed.EXT beside the draft, -o PATH, or the
    draft itself with --in-place) and the unified diff (NAME.EXT.diff beside the draft,
    or --diff PATH); nothing is written when no edit was accepted. Quitting, or the end
    of input, keeps the decisions made so far; Ctrl-C writes nothing (exit 130). With
    --baseline FILE (created if missing) rejected findings are recorded there, and
    review, check and fix with that file do not raise them again.
    """
    from . import review as rv

    _one_draft("review", path, output, in_place)
    fmt = formats.for_path(path)
    if not fmt.plain:
        instead = (
            f"for {fmt.title} use 'copyedit fix', which writes {fmt.writes or fmt.title}"
            if fmt.write is not None
            else f"{fmt.title} drafts can only be checked"
        )
        raise CopyeditError(
            f"{path}: review edits text drafts ({formats.describe_suffixes(plain_only=True)}); "
            + instead
        )
    where = rv.targets(path, output, in_place, diff_path)
    guard_outputs([path], [("--baseline", baseline)])
    known = read_baseline(baseline, missing_ok=True) if baseline is not None else None
    rv.require_input()
    _, reports = run_check(ctx, (str(path),), select, ignore, no_languagetool, languagetool_url)
    report = reports[0]
    for note in report.notes:  # what did not run, so a short review is never misread
        click.echo(f"note: {escape_controls(note)}")
    findings, dropped = known.split(report.doc, report.findings) if known else (report.findings, ())
    if dropped:
        click.echo(
            f"{len(dropped)} finding(s) rejected before (in {escape_controls(str(baseline))}) "
            "not shown."
        )
    if not findings:
        click.echo(f"{escape_controls(str(path))}: no findings to review; nothing written.")
        return
    session = rv.Review(report.doc, findings)
    try:
        rv.walk(session, rv.ask_line, rv.say)
    except KeyboardInterrupt:
        raise rv.Interrupted("review interrupted: nothing written") from None
    click.echo(rv.summary(session))

    def write(target: Path, text: str) -> None:  # the draft only if unchanged since read
        write_atomic(target, text, report.doc.source if in_place and target == path else None)

    for note in rv.finish(session, where, _diff_name(path), known, baseline, write):
        click.echo(escape_controls(note))


def _one_draft(command: str, path: Path, output, in_place: bool) -> None:
    """``fix`` and ``review`` take one draft file, and either --output or --in-place."""
    if output and in_place:
        raise click.UsageError("--output and --in-place cannot be used together")
    if path.is_dir():
        raise CopyeditError(f"{path}: {command} takes one draft file, not a folder")


def _written_usage(fmt: formats.Format, path: Path, output, in_place, diff_path, critic) -> None:
    """A draft whose text is not its file (a .docx) goes out in its own format, through
    its writer, and never onto stdout."""
    if fmt.write is None:
        raise CopyeditError(f"{path}: {fmt.title} drafts can be checked but not fixed")
    name = f"NAME{fmt.suffix}"
    if output is not None and str(output) != "-" and output.suffix.lower() not in fmt.suffixes:
        raise click.UsageError(
            f"a {fmt.suffix} draft is written as {fmt.suffix}: give --output {name}"
        )
    if critic:
        raise click.UsageError(
            f"--critic is for text drafts; a {fmt.suffix} gets {fmt.writes or fmt.title}"
        )
    if str(output) == "-" or not (output or in_place or diff_path):
        raise click.UsageError(
            f"a {fmt.suffix} cannot go to stdout: give --output {name}, --in-place or --diff FILE"
        )


def _fix_written(
    fmt: formats.Format, report: FileReport, path: Path, accept, output, in_place, diff_path
) -> None:
    """``fix`` for a format with a writer: the file that was checked, edited in its format."""
    assert fmt.write is not None  # _written_usage refused the others
    doc = report.doc
    out = fmt.write(doc, report.findings, accept)
    if in_place and out.changed:
        write_atomic(path, out.data, expect=doc.source)
    if diff_path:
        write_atomic(diff_path, unified_diff(doc.text, out.text, _diff_name(path)))
    if output is not None and not in_place:
        write_atomic(output, out.data)
    click.echo(out.summary, err=True)


def _diff_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def write_atomic(path: Path, content: str | bytes, expect=None) -> None:
    """``files.write_atomic``, its note (another hard link kept the old text) on stderr."""
    note = _write_file(path, content, expect)
    if note:
        click.echo(f"copyedit: note: {escape_controls(note)}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def stats(paths, fmt) -> None:
    """Word and sentence counts and readability scores."""
    import json

    from .readability import measure

    docs = [load(p) for p in expand_paths(paths)]
    if fmt == "json":
        data = [{"path": d.path, "stats": measure(d).to_json(d)} for d in docs]
        report = json.dumps({"version": 1, "files": data}, ensure_ascii=False, indent=2)
        click.echo(escape_controls_json(report))
        return
    from rich.console import Console

    console = Console(highlight=False, markup=False, soft_wrap=True)
    for d in docs:
        s = measure(d)
        console.print(
            f"{escape_controls(d.path)}: {s.words} words, {s.sentences} sentences, "
            f"Flesch reading ease {s.flesch_reading_ease}, "
            f"Flesch-Kincaid grade {s.flesch_kincaid_grade}"
        )
        for longest in s.longest:
            excerpt = escape_controls(d.text[longest.start : longest.end][:100])
            console.print(
                f"  {longest.words} words, line {d.line_col(longest.start)[0]}: {excerpt}"
            )


@main.group()
def worker() -> None:
    """The resident worker that keeps our engines loaded between checks (started by
    the first check that needs it; COPYEDIT_RESIDENT=off checks without it)."""


@worker.command("status")
@click.pass_context
def worker_status(ctx: click.Context) -> None:
    """Whether a worker runs: its pid, age and idle timeout. Exit code 1 when none."""
    from .engines import resident

    state = resident.running()
    click.echo(f"running: {resident.describe(state)}" if state else "running: no")
    if state is None:
        ctx.exit(1)


@worker.command("stop")
def worker_stop() -> None:
    """Stop the worker if one runs (the next check starts another when it needs one)."""
    from .engines import resident

    state = resident.running()
    stopped = resident.stop()
    if stopped and state is not None:
        click.echo(f"stopped the resident worker (pid {state['pid']})")
    else:
        click.echo("resident worker not running")


@main.group()
def rules() -> None:
    """Every rule a report can show (YAML, consistency, real-word, grammar and
    LanguageTool rules): list them or show one."""


def _all_rules(ctx: click.Context):
    from .checks.loader import builtin_rules_dir, load_folder

    config = _config(ctx)
    found = load_folder(builtin_rules_dir())
    for folder in config.rule_folders:
        found.extend(load_folder(folder))
    return found


def _say(text: str) -> None:
    """A line of a rule file's text (a house rule is input too) on the terminal."""
    click.echo(escape_controls(text))


@rules.command("list")
@click.option(
    "--style",
    type=click.Choice(["ap", "british", "core"]),
    help="Only that news style pack's rules (with what both packs share), each with the "
    "convention it follows.",
)
@click.pass_context
def rules_list(ctx, style) -> None:
    """Every rule: YAML rules with kind, category, severity and applicability; the
    engines' rules with engine, category and whether copyedit turns them off."""
    from .calibration import default as default_calibration
    from .engines.yaml_rules import in_style, pack_of
    from .rule_catalog import catalog, status

    yaml_rules = _all_rules(ctx)
    calibration = default_calibration()
    if style is not None:
        for r in yaml_rules:
            if pack_of(r.meta.id) and in_style(r.meta.id, style):
                source = r.meta.message.split(":", 1)[0]
                off = "  (off by default)" if r.meta.off else ""
                _say(f"{r.meta.id:36} {r.kind:13} {r.meta.category.value:12} {source}{off}")
        return
    yaml_infos = catalog(yaml_rules)[: len(yaml_rules)]  # the YAML rules come first
    for r, info in zip(yaml_rules, yaml_infos, strict=True):
        m = r.meta
        _say(
            f"{m.id:36} {r.kind:13} {m.category.value:12} {m.severity.value:10} "
            f"{m.applicability.value:12} {status(info, calibration)}".rstrip()
        )
    for info in catalog():
        state = status(info, calibration)
        _say(f"{info.id:36} {info.engine:13} {info.category.value:12} {state}".rstrip())


@rules.command("show")
@click.argument("rule_id")
@click.pass_context
def rules_show(ctx, rule_id) -> None:
    """One rule: its source, description or message and examples, whether copyedit
    turns it off and why, and its measured precision."""
    from .rule_catalog import catalog, find

    yaml_rules = _all_rules(ctx)
    infos = catalog(yaml_rules)
    info = find(infos, rule_id)
    for r in yaml_rules:
        if r.meta.id == rule_id:
            m = r.meta
            _say(f"{m.id} ({r.kind}) from {m.source}")
            _say(
                f"  category {m.category.value}, severity {m.severity.value}, applicability {m.applicability.value}, confidence {m.confidence}"
            )
            if m.description:
                _say(f"  {m.description.strip()}")
            _say(f"  message: {m.message}")
            for ex in m.bad:
                _say(f"  bad:  {ex.text}" + (f"\n     → {ex.fixed}" if ex.fixed else ""))
            for ex in m.good:
                _say(f"  good: {ex.text}")
            if info is not None:
                _say_measured(info)
            return
    if info is None:
        raise CopyeditError(f"no rule with id {rule_id!r} (see 'copyedit rules list')")
    _say(
        f"{info.id} ({info.engine} engine, {info.kind})"
        + (f" from {info.source}" if info.source else "")
    )
    _say(
        f"  category {info.category.value}"
        + (f"; LanguageTool category {info.lt_category}" if info.lt_category else "")
    )
    if info.description:
        _say(f"  {info.description}")
    _say(f"  off by default: {info.off}" if info.off else "  runs by default")
    _say_measured(info)


def _say_measured(info: RuleInfo) -> None:
    """The rule's measured precision on judged news (and, where it differs, in speech)."""
    from .calibration import default as default_calibration
    from .rule_catalog import measured_line, speech_line

    calibration = default_calibration()
    _say(f"  {measured_line(info, calibration)}")
    speech = speech_line(info, calibration)
    if speech is not None:
        _say(f"  {speech}")


if __name__ == "__main__":
    main()
