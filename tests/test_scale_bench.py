"""The scale benchmark's drafts and its exit without data (no timing: nothing here needs
../shared or measures speed)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import scale  # noqa: E402


@pytest.fixture
def articles(tmp_path, monkeypatch):
    path = tmp_path / "wikinews_2019.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["url", "date", "title", "text"])
        w.writeheader()
        w.writerow({"url": "u1", "date": "d", "title": "One", "text": "Alpha beta.\n\n\nGamma."})
        w.writerow({"url": "u2", "date": "d", "title": "Two", "text": "Delta epsilon zeta."})
    monkeypatch.setattr(scale, "WIKINEWS", path)
    return path


def test_draft_has_the_exact_words_in_paragraphs_and_reads_the_articles_again(articles):
    assert scale.draft(3) == "Alpha beta.\n\nGamma.\n"
    assert scale.draft(5) == "Alpha beta.\n\nGamma.\n\nDelta epsilon\n"
    assert scale.draft(8) == "Alpha beta.\n\nGamma.\n\nDelta epsilon zeta.\n\nAlpha beta.\n"


def test_without_data_one_line_and_exit_0(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(scale, "WIKINEWS", tmp_path / "missing.csv")
    assert scale.main([]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1
