"""``check --format`` writers: every entry in ``outputs.OUTPUTS`` is a format the CLI
writes, to a file with ``-o`` or escaped to stdout."""

from __future__ import annotations

from click.testing import CliRunner

from copyedit.cli import main
from copyedit.outputs import OUTPUTS

DRAFT = "The council can not meet on Monday.\n"


def test_every_output_is_a_format_choice_and_writes_its_file(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    assert set(OUTPUTS) == {"json", "html", "github"}
    for name, output in OUTPUTS.items():
        out = tmp_path / f"report.{name}"
        res = CliRunner().invoke(
            main,
            ["check", str(draft), "--no-languagetool", "--format", name, "-o", str(out)],
        )
        assert res.exit_code in (0, 1), res.output
        written = out.read_text(encoding="utf-8")
        assert written, name
        stdout = CliRunner().invoke(
            main, ["check", str(draft), "--no-languagetool", "--format", name]
        )
        assert stdout.output == output.escape(written), name


def test_output_option_names_the_formats():
    res = CliRunner().invoke(main, ["check", "x.txt", "-o", "r.json"])
    assert res.exit_code == 2
    assert "--output needs --format json, html, github" in res.output
