"""``check --jobs``: our own engines in worker processes give the same report as in one
process; a bad value and a failing worker are one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from copyedit import workers
from copyedit.cli import main
from copyedit.config import parse_config
from copyedit.errors import EXIT_ENGINE, EXIT_USAGE, ConfigError, EngineError

COPYEDIT = Path(sys.executable).parent / "copyedit"

pytestmark = pytest.mark.usefixtures("shared_cache")


@pytest.fixture(autouse=True)
def workers_for_few_drafts(monkeypatch):
    """Workers even for a handful of drafts (they pay from ``workers.MIN_FILES``)."""
    monkeypatch.setenv("COPYEDIT_JOBS_MIN_FILES", "1")


DRAFTS = (
    "The end result can not wait, officials said.\n\nIts a matter of record.\n",
    "The council met on Tuesday.\n\nThe Council approved it's budget, the mayor said.\n",
    'There is three reasons to doubt the claim.\n\nShe said "I dont know."\n',
    "Twitter and twitter both appear here.\n\nThe end result was a a surprise.\n",
    "A long sentence " + "that goes on and on " * 12 + "ends here.\n",
)


@pytest.fixture
def drafts(tmp_path) -> Path:
    d = tmp_path / "drafts"
    d.mkdir()
    for i, text in enumerate(DRAFTS):
        (d / f"{i}.txt").write_text(text, encoding="utf-8")
    (d / "notes.md").write_text("# Notes\n\nWe recieved the the report.\n", encoding="utf-8")
    return d


def _json(folder: Path, *args: str) -> bytes:
    cmd = [str(COPYEDIT), "check", str(folder), "--no-languagetool", "--format", "json"]
    done = subprocess.run([*cmd, *args], capture_output=True, check=False, env=dict(os.environ))
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_workers_give_the_same_json_as_one_process(drafts):
    one = _json(drafts, "--jobs", "1")
    assert b'"rule"' in one  # the drafts have findings to compare
    assert _json(drafts, "--jobs", "2") == one
    assert workers.pays(2, len(DRAFTS) + 1)  # workers, with the fixture's threshold


def test_small_batches_stay_in_process(monkeypatch):
    monkeypatch.delenv("COPYEDIT_JOBS_MIN_FILES")
    assert not workers.pays(1, 500)
    assert not workers.pays(2, workers.MIN_FILES - 1)
    assert 1 <= workers.default_jobs() <= workers.MAX_JOBS


@pytest.mark.parametrize("value", ["0", "-1", "x", "1.5"])
def test_a_bad_jobs_value_is_one_line_and_a_usage_error(drafts, value):
    res = CliRunner().invoke(main, ["check", str(drafts), "--no-languagetool", "--jobs", value])
    assert res.exit_code == EXIT_USAGE
    assert (
        res.output
        == f"copyedit: error: --jobs: expected a whole number of 1 or more, not '{value}'\n"
    )


def test_jobs_in_the_configuration(tmp_path):
    assert parse_config(tmp_path / "copyedit.toml", {"jobs": 3}).jobs == 3
    for bad in (0, "2", True):
        with pytest.raises(ConfigError, match="key 'jobs'"):
            parse_config(tmp_path / "copyedit.toml", {"jobs": bad})


def _fails(doc):
    raise EngineError(f"{doc.path}: the grammar model would not load")


def _dies(doc):
    os._exit(1)


def test_a_failing_worker_is_one_line_and_its_exit_code(drafts, monkeypatch):
    monkeypatch.setattr(workers, "_check", _fails)  # what the pool sends, by name
    res = CliRunner().invoke(main, ["check", str(drafts), "--no-languagetool", "--jobs", "2"])
    assert res.exit_code == EXIT_ENGINE
    lines = res.output.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("copyedit: error: ")
    assert lines[0].endswith(": the grammar model would not load")


def test_a_worker_that_dies_is_one_line_and_an_engine_error(drafts, monkeypatch):
    monkeypatch.setattr(workers, "_check", _dies)
    res = CliRunner().invoke(main, ["check", str(drafts), "--no-languagetool", "--jobs", "2"])
    assert res.exit_code == EXIT_ENGINE
    assert res.output.startswith("copyedit: error: a checking process stopped unexpectedly")
    assert len(res.output.splitlines()) == 1
