"""``copyedit languagetool install|start|stop|status`` (added to the main CLI group)."""

from __future__ import annotations

import click

from ..config import load_config
from . import server
from .install import CANDIDATE_VERSIONS, install, installed, lt_root
from .settings import LTSettings


def _settings(ctx: click.Context) -> LTSettings:
    return LTSettings.from_config(load_config(ctx.find_root().obj))


@click.group("languagetool")
def languagetool() -> None:
    """Install and run the local LanguageTool server (loopback only)."""


@languagetool.command("install")
@click.option(
    "--version",
    "version",
    default=None,
    help=f"LanguageTool version [default: newest that resolves of {', '.join(CANDIDATE_VERSIONS)}].",
)
def install_cmd(version: str | None) -> None:
    """Download LanguageTool (English) with Maven into the copyedit cache."""
    inst = install(version, log=lambda msg: click.echo(msg, err=True))
    click.echo(f"LanguageTool {inst.version} installed ({inst.method}): {inst.classpath}")


@languagetool.command("start")
@click.option("--version", "version", default=None, help="Installed version to run.")
@click.option(
    "--idle-minutes",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Stop after this long unused [default: 30, or the config's].",
)
@click.pass_context
def start_cmd(ctx: click.Context, version: str | None, idle_minutes: float | None) -> None:
    """Start the server (or reuse the running one) and wait until it answers."""
    settings = _settings(ctx)
    idle = idle_minutes if idle_minutes is not None else settings.idle_minutes
    state = server.ensure_server(
        version, idle, warm=settings.options().language, heap_mb=settings.heap_mb
    )
    click.echo(_describe(state))


@languagetool.command("stop")
def stop_cmd() -> None:
    """Stop the server if it is running."""
    state = server.stop()
    click.echo(f"stopped LanguageTool (pid {state.pid})" if state else "LanguageTool not running")


@languagetool.command("status")
@click.pass_context
def status_cmd(ctx: click.Context) -> None:
    """Whether LanguageTool is installed and running. Exit code 1 when not running."""
    inst = installed()
    click.echo(
        f"installed: LanguageTool {inst.version} ({inst.method})"
        if inst
        else f"installed: no (cache {lt_root()}); run 'copyedit languagetool install'"
    )
    state = server.running()
    click.echo(f"running: {_describe(state)}" if state else "running: no")
    if state is None:
        ctx.exit(1)


def _describe(state: server.ServerState) -> str:
    return (
        f"LanguageTool {state.version} at {state.url} (pid {state.pid}, started "
        f"{state.started}, stops after {state.idle_seconds / 60:g} min unused)"
    )
