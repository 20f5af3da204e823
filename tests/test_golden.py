"""Golden outputs for the samples: the JSON report, the unified diff and the CriticMarkup.

LanguageTool is left out (``--no-languagetool``) so the goldens do not change with its
version; its own tests run against the real server. Regenerate with UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from copyedit.cli import main

pytestmark = pytest.mark.usefixtures("lt_data")  # expected outputs use its US/UK lists

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
SAMPLES = ["samples/oped-pakistan-neutrality.txt", "samples/newsroom-guide.md"]


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"missing golden {name}: run with UPDATE_GOLDEN=1"
    assert actual == path.read_bytes().decode("utf-8")


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("sample", SAMPLES)
def test_check_json_golden(sample, in_root):
    result = CliRunner().invoke(
        main, ["check", sample, "--format", "json", "--no-languagetool", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    _compare(Path(sample).name + ".json", result.output)
    data = json.loads(result.output)
    text = (ROOT / sample).read_bytes().decode("utf-8")
    for f in data["files"][0]["findings"]:
        assert text[f["start"] : f["end"]] == f["text"]


@pytest.mark.parametrize("sample", SAMPLES)
def test_fix_golden_and_patch(sample, in_root, tmp_path):
    out, diff, critic = tmp_path / "out", tmp_path / "out.diff", tmp_path / "out.critic.md"
    args = ["fix", sample, "--accept", "unsafe", "--no-languagetool"]
    args += ["--output", str(out), "--diff", str(diff), "--critic", str(critic)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    name = Path(sample).name
    _compare(name + ".fixed", out.read_bytes().decode("utf-8"))
    _compare(name + ".diff", diff.read_bytes().decode("utf-8"))
    _compare(name + ".critic.md", critic.read_bytes().decode("utf-8"))
    if shutil.which("patch"):
        copy = tmp_path / "copy"
        shutil.copyfile(ROOT / sample, copy)
        subprocess.run(["patch", "-s", str(copy), str(diff)], check=True)
        assert copy.read_bytes() == out.read_bytes()


def test_oped_flags_spacing_and_cannot(in_root):
    """The commissioning draft's doubled/no-break spaces and its "can not" get fixes."""
    result = CliRunner().invoke(
        main, ["check", SAMPLES[0], "--format", "json", "--no-languagetool", "--fail-on", "never"]
    )
    findings = json.loads(result.output)["files"][0]["findings"]
    by_rule = {}
    for f in findings:
        by_rule.setdefault(f["rule"], []).append(f)
    assert [f["replacements"] for f in by_rule["news.cannot"]] == [["cannot"]]
    nbsp = by_rule["news.nbsp-space"]
    assert len(nbsp) >= 8 and all(f["replacements"] == [" "] for f in nbsp)
    assert all("\u00a0" in f["text"] for f in nbsp)
