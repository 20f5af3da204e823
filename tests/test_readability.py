"""Readability works offline: no network, no NLTK data, no nltk.download; and the
long-sentence check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from copyedit.document import Document
from copyedit.model import Applicability, Category
from copyedit.readability import ReadabilityEngine, measure, note_from

SITECUSTOMIZE = """
import socket

def _blocked(*args, **kwargs):
    raise OSError("network access blocked by the offline test")

socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.create_connection = _blocked
"""

SCRIPT = """
import json, socket, sys
try:
    socket.create_connection(("127.0.0.1", 9))
except OSError:
    pass
else:
    sys.exit("the network block is not in place")
import nltk
calls = []
def _download(*args, **kwargs):
    calls.append(args)
    raise SystemExit("nltk.download was called")
nltk.download = _download
from copyedit.document import Document
from copyedit.readability import measure
from copyedit.cli import main
doc = Document.from_text(
    "The council met on Tuesday. It approved the budget after a long debate. "
    "Critics said the plan was rushed."
)
s = measure(doc)
main(["stats", "--format", "json", sys.argv[1]], standalone_mode=False)
print(json.dumps({"calls": len(calls), "ease": s.flesch_reading_ease,
                  "grade": s.flesch_kincaid_grade, "words": s.words, "sentences": s.sentences}))
"""


def run_offline(tmp_path) -> dict:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(textwrap.dedent(SITECUSTOMIZE))
    for d in ("cache", "nltk_data", "home"):
        (tmp_path / d).mkdir(exist_ok=True)
    draft = tmp_path / "draft.txt"
    draft.write_text("A short draft. It has two sentences.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "XDG_", "PYTHON"))}
    env.update(
        COPYEDIT_CACHE=str(tmp_path / "cache"),
        NLTK_DATA=str(tmp_path / "nltk_data"),
        HOME=str(tmp_path / "home"),
        PYTHONPATH=str(site),
        no_proxy="*",
    )
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(draft)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    stats = json.loads("\n".join(lines[:-1]))
    assert stats["files"][0]["stats"]["words"] == 7
    assert stats["files"][0]["stats"]["sentences"] == 2
    return json.loads(lines[-1])


def test_readability_offline_with_empty_cache(tmp_path):
    assert not (tmp_path / "cache").exists()
    first = run_offline(tmp_path)
    assert first["calls"] == 0
    assert first["words"] == 19 and first["sentences"] == 3
    assert 40 < first["ease"] < 110
    assert 0 < first["grade"] < 12
    assert any((tmp_path / "cache").iterdir()), "the offline data is cached"
    assert not any((tmp_path / "home").iterdir()), "nothing written outside the cache"
    # a second run uses the cache and gives the same figures
    assert run_offline(tmp_path) == first


def test_measure_counts_and_longest():
    text = "One two three. " + "Word " * 12 + "end.\n\nShort one here."
    doc = Document.from_text(text)
    s = measure(doc, longest=2)
    assert s.sentences == 3
    assert s.words == 3 + 13 + 3
    assert [x.words for x in s.longest] == [13, 3]
    assert s.longest[1].start == 0  # ties: earlier first
    data = s.to_json(doc)
    top = data["readability"]["longest_sentences"][0]
    assert top["text"] == doc.text[top["start"] : top["end"]] and top["line"] == 1


def test_measure_skips_markup():
    doc = Document.from_text(
        "```\n" + "code " * 50 + "\n```\n\nReal prose here.", format="markdown"
    )
    assert measure(doc).words == 3


def test_measure_empty_and_markup_only():
    assert measure(Document.from_text("")).sentences == 0
    assert measure(Document.from_text("`code`", format="markdown")).words == 0


def test_long_sentence_finding():
    long = "Word " + " ".join(["word"] * 49) + "."
    text = f"Short one. {long} Another short one."
    doc = Document.from_text(text)
    (f,) = ReadabilityEngine(limit=40).check(doc)
    assert f.text == long and text[f.start : f.end] == long
    assert f.category is Category.READABILITY
    assert f.applicability is Applicability.DISPLAY_ONLY and not f.replacements
    assert f.message == "Long sentence (50 words; limit 40): consider splitting it."
    assert ReadabilityEngine(limit=50).check(doc) == []


def _sentence(words: int) -> str:
    return "Word " + " ".join(["word"] * (words - 1)) + "."


def test_long_sentence_note_only_well_past_the_limit():
    assert note_from(40) == 46 and note_from(20) == 23 and note_from(1) == 2
    for words, noted in ((41, False), (45, False), (46, True)):
        doc = Document.from_text(f"Short one. {_sentence(words)}")
        assert bool(ReadabilityEngine(limit=40).check(doc)) is noted, words


def test_no_long_sentence_note_on_speech():
    from copyedit.pipeline import check_documents

    quoted = f'"{_sentence(60)[:-1]}," the mayor said.'
    answer = f"((WN)) Why?\n\nSM: {_sentence(60)}\n\n((WN)) And then?\n\nSM: No."
    narrated = f"The mayor said {_sentence(60).lower()}"
    for text, noted in ((quoted, False), (answer, False), (narrated, True)):
        doc = Document.from_text(text)
        (report,) = check_documents([doc], [ReadabilityEngine(limit=40)])
        assert bool(report.findings) is noted, text


def test_abbreviations_do_not_end_sentences():
    doc = Document.from_text("Mr. Smith met Dr. Jones at 5 p.m. on Jan. 4. They talked.")
    assert measure(doc).sentences == 2


def test_a_series_is_not_a_long_sentence():
    states = ", ".join(["Ohio", "Utah", "Texas", "Maine", "Idaho", "Iowa", "Oregon", "Nevada"])
    items = "; ".join(["integration, which includes the design and the packaging"] * 5)
    for series in (
        f"Listed states where members live were: {states}, {states}, {states}, {states}, "
        f"{states} and Kansas.",
        f"Participants discuss four main topics: {items}; and then the network.",
    ):
        doc = Document.from_text(f"Short one. {series}")
        assert len(series.split()) >= 46 and ReadabilityEngine(limit=40).check(doc) == []
        # the same words as prose are noted
        prose = Document.from_text(f"Short one. {series.replace(';', '').replace(':', '')}")
        assert ReadabilityEngine(limit=40).check(prose)
    # a long sentence with a colon and a few commas is still noted
    prose = _sentence(50)[:-1] + ": a, b, c."
    assert ReadabilityEngine(limit=40).check(Document.from_text(f"Short one. {prose}"))


def test_sentences_end_before_a_capital_of_any_script_and_after_an_initial():
    doc = Document.from_text(
        "He ran to the hall. Łukasz, a chef, chased him. They met in Washington, D.C. They "
        "left at 4 p.m. The talks ended. Acme Inc. The firm grew. John F. Kennedy spoke."
    )
    assert measure(doc).sentences == 8


def test_scores_cached_per_text(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path))
    doc = Document.from_text("The council met on Tuesday. It approved the budget.")
    first = measure(doc)
    (stored,) = (tmp_path / "readability").glob("*.json")
    assert json.loads(stored.read_text()) == [first.flesch_reading_ease, first.flesch_kincaid_grade]
    stored.write_text("[1.5, 2.5]")  # what is stored is what is reported
    again = measure(doc)
    assert (again.flesch_reading_ease, again.flesch_kincaid_grade) == (1.5, 2.5)
    other = measure(Document.from_text("A different text. It has other words."))
    assert len(list((tmp_path / "readability").glob("*.json"))) == 2
    assert other.flesch_reading_ease != 1.5


def test_textstat_never_imports_nltk(tmp_path):
    code = (
        "import sys; from copyedit.document import Document; "
        "from copyedit.readability import measure; "
        "s = measure(Document.from_text('The council met. It approved the budget.')); "
        "assert s.flesch_reading_ease > 0; print('nltk' in sys.modules)"
    )
    env = {**os.environ, "COPYEDIT_CACHE": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
