"""The command line (click). I/O lives here and in ``document.load``; the rest is pure.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error,
3 an engine could not run (see errors.py).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .checks.loader import builtin_rules_dir, load_folder
from .config import FAIL_ON, Config, load_config
from .diffs import critic_markup, unified_diff
from .document import expand_paths, load
from .engines.consistency import ConsistencyEngine
from .engines.languagetool import LanguageToolEngine
from .engines.realword import RealWordEngine
from .engines.yaml_rules import YamlRulesEngine
from .errors import EXIT_FINDINGS, EXIT_OK, CopyeditError
from .fixes import fix_document
from .languagetool.commands import languagetool
from .model import Applicability, Severity
from .pipeline import FileReport, Selector, check_documents
from .readability import ReadabilityEngine, measure
from .report import dumps


class CopyeditGroup(click.Group):
    """Turns every CopyeditError into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CopyeditError as exc:
            click.echo(f"copyedit: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


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
    config: Config, languagetool: bool = True, languagetool_url: str | None = None
) -> list:
    engines = [
        YamlRulesEngine.from_folders(config.rule_folders),
        ReadabilityEngine(config.long_sentence_words),
        ConsistencyEngine.from_config(config),
        RealWordEngine(),
    ]
    if languagetool:
        engines.append(LanguageToolEngine.from_config(config, url=languagetool_url))
    return engines


def run_check(
    ctx: click.Context,
    paths,
    select,
    ignore,
    no_languagetool: bool = False,
    languagetool_url: str | None = None,
) -> tuple[Config, list[FileReport]]:
    config = _config(ctx)
    files = expand_paths(paths)
    docs = [load(p) for p in files]
    selector = Selector(_codes(select) or config.select, config.ignore + _codes(ignore))
    engines = build_engines(config, not no_languagetool, languagetool_url)
    notes = ("LanguageTool not run (--no-languagetool)",) if no_languagetool else ()
    return config, check_documents(docs, engines, selector, notes=notes)


_SELECT = click.option(
    "--select",
    multiple=True,
    help="Only these rules, engines or categories (comma-separated prefixes).",
)
_IGNORE = click.option("--ignore", multiple=True, help="Skip these rules, engines or categories.")
_NO_LT = click.option("--no-languagetool", is_flag=True, help="Skip LanguageTool.")
_LT_URL = click.option(
    "--languagetool-url", metavar="URL", help="Use this LanguageTool server instead of a local one."
)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write the json or html report here (atomically) instead of stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: error, or the config's].",
)
@_SELECT
@_IGNORE
@_NO_LT
@_LT_URL
@click.pass_context
def check(
    ctx, paths, fmt, fail_on, select, ignore, no_languagetool, languagetool_url, output=None
) -> None:
    """Check drafts (files or folders) and report findings."""
    if output is not None and fmt == "text":
        raise click.UsageError("--output needs --format json or html")
    config, reports = run_check(ctx, paths, select, ignore, no_languagetool, languagetool_url)
    if fmt in ("json", "html"):
        from .html_report import render_html

        written = dumps(reports) if fmt == "json" else render_html(reports)
        if output is not None and str(output) != "-":
            write_atomic(output, written)
        else:
            click.echo(written, nl=False)
    else:
        from rich.console import Console  # only for text output: rich is slow to import

        from .terminal import render

        render(reports, Console(highlight=False, soft_wrap=True))
    threshold = fail_on or config.fail_on
    ctx.exit(EXIT_FINDINGS if _fails(reports, threshold) else EXIT_OK)


def _fails(reports: list[FileReport], threshold: str) -> bool:
    if threshold == "never":
        return False
    rank = Severity(threshold).rank
    return any(f.severity.rank >= rank for r in reports for f in r.findings)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--accept",
    type=click.Choice(["safe", "unsafe"]),
    default="safe",
    show_default=True,
    help="Lowest applicability applied.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write the corrected text here ('-' for stdout).",
)
@click.option("--in-place", is_flag=True, help="Replace the draft itself, atomically.")
@click.option(
    "--diff", "diff_path", type=click.Path(path_type=Path), help="Write a unified diff here."
)
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
) -> None:
    """Apply suggested edits and write the corrected text and the diffs."""
    if output and in_place:
        raise click.UsageError("--output and --in-place cannot be used together")
    if path.is_dir():
        raise CopyeditError(f"{path}: fix takes one draft file, not a folder")
    is_docx = path.suffix.lower() == ".docx"
    if is_docx:
        _docx_usage(output, in_place, diff_path, critic_path)
    _, reports = run_check(ctx, (str(path),), select, ignore, no_languagetool, languagetool_url)
    report = reports[0]
    if is_docx:
        return _fix_docx(report, path, Applicability(accept), output, in_place, diff_path)
    result = fix_document(report.doc, report.findings, Applicability(accept))
    doc = report.doc
    if diff_path:
        write_atomic(diff_path, unified_diff(doc.text, result.text, _diff_name(path)))
    if critic_path:
        write_atomic(critic_path, critic_markup(doc.text, result.text))
    if in_place:
        if result.applied:
            write_atomic(path, result.text)
    elif output is not None and str(output) != "-":
        write_atomic(output, result.text)
    elif output is not None or not (diff_path or critic_path):
        sys.stdout.buffer.write(result.text.encode("utf-8"))
        sys.stdout.flush()
    held = sum(1 for f in report.findings if f.in_quote and f.fixable)
    click.echo(
        f"copyedit: {len(result.applied)} edit(s) applied, {len(result.skipped)} skipped, "
        f"{held} in quotations left for the editor.",
        err=True,
    )


def _docx_usage(output, in_place, diff_path, critic_path) -> None:
    """A .docx goes out as a .docx with tracked changes; it is never poured onto stdout."""
    if output is not None and str(output) != "-" and output.suffix.lower() != ".docx":
        raise click.UsageError("a .docx draft is written as .docx: give --output NAME.docx")
    if critic_path:
        raise click.UsageError("--critic is for text drafts; a .docx gets tracked changes")
    if str(output) == "-" or not (output or in_place or diff_path):
        raise click.UsageError(
            "a .docx cannot go to stdout: give --output NAME.docx, --in-place or --diff FILE"
        )


def _fix_docx(report: FileReport, path: Path, accept, output, in_place, diff_path) -> None:
    from .docx import fix_docx  # lxml only when a .docx is fixed

    doc = report.doc
    out = fix_docx(doc, report.findings, accept)
    if diff_path:
        write_atomic(diff_path, unified_diff(doc.text, out.fix.text, _diff_name(path)))
    if in_place:
        if out.fix.applied or out.comments:
            write_atomic(path, out.data)
    elif output is not None:
        write_atomic(output, out.data)
    click.echo(
        f"copyedit: {len(out.fix.applied)} tracked change(s), {out.comments} comment(s), "
        f"{len(out.fix.skipped)} edit(s) skipped.",
        err=True,
    )


def _diff_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write via a temporary file in the same folder and rename: never a half-written file.

    Keeps the original's permission bits when replacing a file.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CopyeditError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CopyeditError(f"{path}: cannot write ({exc.strerror or exc})") from None


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def stats(paths, fmt) -> None:
    """Word and sentence counts and readability scores."""
    import json

    docs = [load(p) for p in expand_paths(paths)]
    if fmt == "json":
        data = [{"path": d.path, "stats": measure(d).to_json(d)} for d in docs]
        click.echo(json.dumps({"version": 1, "files": data}, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console(highlight=False, markup=False, soft_wrap=True)
    for d in docs:
        s = measure(d)
        console.print(
            f"{d.path}: {s.words} words, {s.sentences} sentences, "
            f"Flesch reading ease {s.flesch_reading_ease}, "
            f"Flesch-Kincaid grade {s.flesch_kincaid_grade}"
        )
        for longest in s.longest:
            console.print(
                f"  {longest.words} words, line {d.line_col(longest.start)[0]}: {d.text[longest.start : longest.end][:100]}"
            )


main.add_command(languagetool)


@main.group()
def rules() -> None:
    """The YAML rules: list them or show one."""


def _all_rules(ctx: click.Context):
    config = _config(ctx)
    found = load_folder(builtin_rules_dir())
    for folder in config.rule_folders:
        found.extend(load_folder(folder))
    return found


@rules.command("list")
@click.pass_context
def rules_list(ctx) -> None:
    """Every rule with its kind, category, severity and applicability."""
    for r in _all_rules(ctx):
        m = r.meta
        click.echo(
            f"{m.id:36} {r.kind:13} {m.category.value:12} {m.severity.value:10} {m.applicability.value}"
        )


@rules.command("show")
@click.argument("rule_id")
@click.pass_context
def rules_show(ctx, rule_id) -> None:
    """One rule: its source file, message and examples."""
    for r in _all_rules(ctx):
        if r.meta.id == rule_id:
            m = r.meta
            click.echo(f"{m.id} ({r.kind}) from {m.source}")
            click.echo(
                f"  category {m.category.value}, severity {m.severity.value}, applicability {m.applicability.value}, confidence {m.confidence}"
            )
            if m.description:
                click.echo(f"  {m.description.strip()}")
            click.echo(f"  message: {m.message}")
            for ex in m.bad:
                click.echo(f"  bad:  {ex.text}" + (f"\n     → {ex.fixed}" if ex.fixed else ""))
            for ex in m.good:
                click.echo(f"  good: {ex.text}")
            return
    raise CopyeditError(f"no rule with id {rule_id!r} (see 'copyedit rules list')")


if __name__ == "__main__":
    main()
