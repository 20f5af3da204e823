"""Report writers for ``check --format``: each is a pure function of the reports (and
the level of fixes an HTML redline marks as edits) to the text written out. The terminal
report (``text``) is drawn by ``terminal.py`` on a console instead; a new machine-readable
format is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .model import Applicability
from .pipeline import FileReport
from .visible import escape_controls, escape_controls_json


@dataclass(frozen=True)
class Output:
    name: str
    write: Callable[[Sequence[FileReport], Applicability], str]
    escape: Callable[[str], str] = escape_controls
    """How the text is made safe for a terminal when it goes to stdout."""
    help: str = ""


def _json(reports: Sequence[FileReport], accept: Applicability) -> str:
    from .report import dumps

    return dumps(reports)


def _html(reports: Sequence[FileReport], accept: Applicability) -> str:
    from .html_report import render_html

    return render_html(reports, accept)


def _github(reports: Sequence[FileReport], accept: Applicability) -> str:
    from .github import annotations

    return annotations(reports)


OUTPUTS: dict[str, Output] = {
    o.name: o
    for o in (
        Output("json", _json, escape_controls_json, "the JSON contract (every finding)"),
        Output("html", _html, help="a self-contained HTML report with a redline"),
        Output("github", _github, help="GitHub Actions annotations (workflow commands)"),
    )
}
"""Every format ``check --format`` writes besides the terminal report."""
