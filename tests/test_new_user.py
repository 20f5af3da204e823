"""What a new user trips over on a fresh clone (issue 16): skipped tests that say nothing,
CriticMarkup that breaks paragraphs, a report written to a file without a word, a PDF
taken for a binary file, a slow failure without LanguageTool, mixed US/UK spelling, rules
that 'rules show' does not know, LanguageTool stored twice, and the distribution name."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


# 1. make test says why tests were skipped


def test_skipped_tests_are_summarised_with_their_reasons(tmp_path):
    shutil.copy(TESTS / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_some.py").write_text(
        "import pytest\n"
        "def test_a(): pytest.skip('chromium not installed')\n"
        "def test_b(): pytest.skip('chromium not installed')\n"
        "@pytest.mark.skip(reason='LibreOffice (soffice) not installed')\n"
        "def test_c(): pass\n"
        "def test_d(): pass\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "skipped 2: chromium not installed" in lines
    assert "skipped 1: LibreOffice (soffice) not installed" in lines


def test_readme_set_up_names_the_system_packages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Two commands on a fresh machine", 1)[1].split("\n## ", 1)[0]
    commands = setup.index("make test")
    for package in ("chromium", "chromium-driver", "libreoffice-writer-nogui", "maven"):
        assert package in setup[:commands], package
