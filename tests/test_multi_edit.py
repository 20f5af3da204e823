"""A finding whose one fix is two edits (a comma inserted and the next word lower-cased)
through the model, the pipeline, ``fix``, review, every writer, the caches and baselines."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

import pytest
from click.testing import CliRunner
from helpers import apply_unified_diff, critic_accept, critic_reject, finding
from rich.console import Console

from copyedit import cli
from copyedit.baseline import Baseline, dumps, fingerprint, parse
from copyedit.diffs import critic_markup, unified_diff
from copyedit.document import Document
from copyedit.findings_cache import FindingsCache
from copyedit.fixes import apply_edits, fix_document
from copyedit.github import annotation
from copyedit.html_report import render_html
from copyedit.model import Applicability, Category, Edit, Finding, Fix, Severity
from copyedit.pipeline import FileReport, check_documents, settle
from copyedit.readability import measure
from copyedit.report import report_json
from copyedit.review import Action, Review, shift
from copyedit.terminal import render

TEXT = "Yesterday We went home.\n"
SPAN = (9, 12)  # " We"
COMMA = Edit(9, 9, "", ",")
LOWER = Edit(10, 11, "W", "w")
FIXED = "Yesterday, we went home.\n"


def grammar(applicability: Applicability = Applicability.SAFE, **kw) -> Finding:
    return Finding(
        rule="grammar.comma-then-lower",
        engine="grammar",
        category=Category.GRAMMAR,
        severity=Severity.WARNING,
        start=SPAN[0],
        end=SPAN[1],
        text=TEXT[SPAN[0] : SPAN[1]],
        message="Add a comma; the sentence goes on.",
        fixes=(Fix((LOWER, COMMA), applicability),),
        **kw,
    )


class GrammarEngine:
    name = "grammar"

    def check(self, doc: Document) -> list[Finding]:
        return [grammar()] if doc.text == TEXT else []


def report_of(findings) -> FileReport:
    doc = Document.from_text(TEXT, "draft.txt")
    return FileReport(doc, settle(doc, findings), measure(doc), ("grammar",))


# --- the model ---------------------------------------------------------------------------


def test_a_fix_of_two_edits_is_ordered_and_gives_the_span_its_new_text():
    f = grammar()
    assert f.fix is not None and f.fix.edits == (COMMA, LOWER)
    assert f.replacements == (", we",) and f.applicability is Applicability.SAFE
    assert f.fixable and f.edit() == Edit(9, 12, " We", ", we")


def test_replacements_still_make_one_edit_fixes():
    f = finding(4, 11, "can not", ("cannot", "can't"), applicability=Applicability.SAFE)
    assert [fix.edits for fix in f.fixes] == [
        (Edit(4, 11, "can not", "cannot"),),
        (Edit(4, 11, "can not", "can't"),),
    ]
    assert {fix.applicability for fix in f.fixes} == {Applicability.SAFE}


def test_a_fix_edit_outside_the_span_or_colliding_edits_are_refused():
    with pytest.raises(ValueError, match="not within"):
        replace(grammar(), start=10)
    with pytest.raises(ValueError, match="collide"):
        Fix((Edit(1, 3, "ab", "x"), Edit(2, 4, "bc", "y")))
    with pytest.raises(ValueError, match="at least one"):
        Fix(())


def test_a_copy_keeps_the_fixes_and_follows_a_new_applicability():
    f = grammar()
    copied = replace(f, line=1, column=10)
    assert copied.fixes == f.fixes
    shown = replace(f, applicability=Applicability.DISPLAY_ONLY)
    assert shown.fix is not None and shown.fix.applicability is Applicability.DISPLAY_ONLY
    assert shown.fix.edits == f.fix.edits and not shown.fixable


def test_moved_finding_moves_its_edits():
    moved = grammar().moved(3)
    assert (moved.start, moved.end) == (12, 15)
    assert moved.fix is not None and moved.fix.edits == (
        Edit(12, 12, "", ","),
        Edit(13, 14, "W", "w"),
    )


def test_json_round_trip_and_the_form_without_fixes():
    f = grammar(line=1, column=10)
    assert Finding.from_json(json.loads(json.dumps(f.to_json()))) == f
    old = finding(4, 11, "can not", ("cannot",), applicability=Applicability.SAFE).to_json()
    del old["fixes"]
    assert Finding.from_json(old).fix == Fix.replacing(
        4, 11, "can not", "cannot", Applicability.SAFE
    )


# --- apply -------------------------------------------------------------------------------


def test_a_fix_of_two_edits_applies_whole():
    result = apply_edits(TEXT, [grammar().fix])
    assert result.text == FIXED and result.applied == (COMMA, LOWER)
    assert result.fixes == (grammar().fix,)


def test_a_fix_applies_all_or_none():
    # taken first (it starts first), this fix collides with the lower-casing only
    blocker = Fix((Edit(0, 9, "Yesterday", "Today"), Edit(10, 11, "W", "V")))
    result = apply_edits(TEXT, [grammar().fix, blocker])
    assert result.text == "Today Ve went home.\n"  # no comma: the grammar fix is skipped whole
    assert [(s.fix, s.reason) for s in result.skipped] == [(grammar().fix, "overlap")]
    stale = Fix((COMMA, Edit(10, 11, "X", "x")))
    result = apply_edits(TEXT, [stale])
    assert result.text == TEXT and [s.reason for s in result.skipped] == ["stale"]


def test_a_protected_edit_holds_back_the_whole_fix():
    from copyedit.model import Region

    result = apply_edits(TEXT, [grammar().fix], protected=(Region(10, 11),))
    assert result.text == TEXT and [s.reason for s in result.skipped] == ["protected"]


# --- the pipeline ------------------------------------------------------------------------


def test_pipeline_collapses_a_one_edit_duplicate_and_keeps_a_fix_between_the_edits():
    doc = Document.from_text(TEXT)
    same = finding(9, 12, " We", (", we",), applicability=Applicability.UNSAFE, engine="lt")
    kept = settle(doc, [grammar(), same])
    assert len(kept) == 1 and kept[0].fix == grammar().fix and kept[0].agreed == ("lt",)
    # a fix inside the finding's span that no edit of its fix touches is kept beside it
    after = finding(11, 12, "e", ("E",), applicability=Applicability.SAFE, rule="x.after")
    kept = settle(doc, [grammar(), after])
    assert {f.rule for f in kept} == {"grammar.comma-then-lower", "x.after"}
    assert fix_document(doc, kept, Applicability.SAFE).text == "Yesterday, wE went home.\n"
    # a fix on the lower-cased letter collides: the better-ranked one stays
    letter = finding(10, 11, "W", ("V",), applicability=Applicability.UNSAFE, rule="x.letter")
    kept = settle(doc, [grammar(), letter])
    assert [f.rule for f in kept] == ["grammar.comma-then-lower"]


def test_check_documents_then_fix_document():
    doc = Document.from_text(TEXT)
    (report,) = check_documents([doc], [GrammarEngine()])
    assert [f.rule for f in report.findings] == ["grammar.comma-then-lower"]
    assert fix_document(doc, report.findings, Applicability.SAFE).text == FIXED
    quoted = replace(report.findings[0], in_quote=True)
    assert fix_document(doc, [quoted], Applicability.SAFE).text == TEXT


def test_fix_command_writes_text_diff_and_critic(tmp_path, monkeypatch):
    draft = tmp_path / "draft.txt"
    draft.write_bytes(TEXT.encode())
    monkeypatch.setattr(cli, "build_engines", lambda *a, **k: [GrammarEngine()])
    out, diff, critic = tmp_path / "out.txt", tmp_path / "d.diff", tmp_path / "c.md"
    args = ["fix", str(draft), "--no-languagetool", "-o", str(out)]
    result = CliRunner().invoke(cli.main, args + ["--diff", str(diff), "--critic", str(critic)])
    assert result.exit_code == 0, result.output
    assert out.read_text() == FIXED
    assert apply_unified_diff(TEXT, diff.read_text()) == FIXED
    markup = critic.read_text()
    assert critic_accept(markup) == FIXED and critic_reject(markup) == TEXT


def test_diffs_of_the_fixed_text():
    markup = critic_markup(TEXT, FIXED)
    assert critic_accept(markup) == FIXED and critic_reject(markup) == TEXT
    assert apply_unified_diff(TEXT, unified_diff(TEXT, FIXED, "draft.txt")) == FIXED


# --- review ------------------------------------------------------------------------------


def test_review_accepts_the_two_edits_and_skips_what_collides_with_them():
    doc = Document.from_text(TEXT)
    letter = finding(10, 11, "W", ("V",), rule="x.letter")
    word = finding(13, 17, "went", ("goes",), rule="x.word")
    review = Review(doc, [grammar(), letter, word])
    review.decide(Action.ACCEPT)
    assert review.current() is word  # the letter's finding collides with the accepted fix
    assert review.decisions[1].action is Action.SKIP and "overlaps" in review.decisions[1].note
    review.decide(Action.REJECT)
    assert review.result().text == FIXED
    # the rejected finding as it stands after the two edits (one code point further on)
    assert shift(word, review.result().applied) == word.moved(1)
    assert len(review.rejected()) == 1  # the same words once punctuation and case go


def test_review_edit_replaces_the_whole_span():
    review = Review(Document.from_text(TEXT), [grammar()])
    review.decide(Action.EDIT, "; we")
    assert review.result().text == "Yesterday; we went home.\n"


# --- writers -----------------------------------------------------------------------------


def test_json_report_keeps_replacements_and_adds_the_fixes():
    (f,) = report_json([report_of([grammar()])])["files"][0]["findings"]
    assert f["replacements"] == [", we"]
    assert f["fixes"] == [
        {
            "applicability": "safe",
            "edits": [
                {"start": 9, "end": 9, "original": "", "replacement": ","},
                {"start": 10, "end": 11, "original": "W", "replacement": "w"},
            ],
        }
    ]


def test_html_redline_marks_each_edit():
    page = render_html([report_of([grammar()])], Applicability.SAFE)
    body = page[page.index('<div class="article">') :]
    assert '<ins class="e" data-f="f0-1">,</ins>' in body
    assert '<del class="e" data-f="f0-1">W</del><ins class="e" data-f="f0-1">w</ins>' in body
    assert "safe edit, marked" in body
    assert '"fixes":[{"applicability":"safe"' in page


def test_html_marks_a_fix_not_applied():
    page = render_html([report_of([grammar(Applicability.UNSAFE)])], Applicability.SAFE)
    body = page[page.index('<div class="article">') :]
    assert "<ins" not in body and "<del" not in body
    assert '<mark data-f="f0-1">' in body and "applied only with a lower --accept" in body


def test_terminal_and_github_show_the_span_new_text():
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render([report_of([grammar()])], console)
    shown = console.file.getvalue()
    assert "→ , we" in shown and "Suggested edits" in shown
    report = report_of([grammar()])
    line = annotation(report.doc, report.findings[0])
    assert line.startswith("::warning file=draft.txt,line=1,col=10,endLine=1,endColumn=13,")
    assert "(suggested: , we)" in line


def test_findings_cache_round_trip(tmp_path):
    cache = FindingsCache(tmp_path / "f.sqlite3")
    cache.put("k", [grammar()], ["a note"])
    assert cache.get("k") == ([grammar()], ["a note"])


def test_baseline_of_a_multi_edit_finding_and_an_old_file():
    doc = Document.from_text(TEXT)
    f = grammar()
    old_file = json.dumps(
        {
            "version": 1,
            "kind": "copyedit-baseline",
            "entries": [
                {"rule": f.rule, "text": " We", "before": "yesterday", "after": "went home"}
            ],
        }
    )
    baseline = parse(old_file)
    assert fingerprint(doc, f) in baseline
    assert baseline.split(doc, [f]) == ((), (f,))
    assert parse(dumps(Baseline(frozenset([fingerprint(doc, f)])))) == baseline


def test_docx_carries_both_edits_as_tracked_changes(tmp_path):
    docx = pytest.importorskip("docx")
    from lxml import etree

    from copyedit.docx.writer import tracked_changes

    path = tmp_path / "a.docx"
    d = docx.Document()
    d.add_paragraph(TEXT.rstrip("\n"))
    d.save(path)
    text = "Yesterday We went home."
    out = tracked_changes(path.read_bytes(), str(path), text, [grammar()], Applicability.SAFE)
    assert out.fix.text == "Yesterday, we went home." and out.comments == 0
    with zipfile.ZipFile(io.BytesIO(out.data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    inserted = ["".join(x.itertext()) for x in root.iter(f"{w}ins")]
    deleted = ["".join(x.itertext()) for x in root.iter(f"{w}del")]
    assert inserted == [",", "w"] and deleted == ["W"]
    # below --accept the whole fix becomes one comment, no tracked change
    unsafe = grammar(Applicability.UNSAFE)
    out = tracked_changes(path.read_bytes(), str(path), text, [unsafe], Applicability.SAFE)
    assert out.fix.applied == () and out.comments == 1


def test_docx_holds_back_a_whole_fix_when_one_edit_cannot_be_tracked(tmp_path):
    docx = pytest.importorskip("docx")
    from copyedit.docx.writer import tracked_changes

    path = tmp_path / "a.docx"
    d = docx.Document()
    d.add_paragraph("Yesterday We went home.")
    d.add_paragraph("Next.")
    d.save(path)
    text = "Yesterday We went home.\n\nNext."
    joined = Edit(23, 25, "\n\n", " ")  # across a paragraph break: no tracked change holds it
    f = replace(
        grammar(),
        end=30,
        text=text[9:30],
        replacements=(),
        fixes=(Fix((COMMA, LOWER, joined), Applicability.SAFE),),
    )
    out = tracked_changes(path.read_bytes(), str(path), text, [f], Applicability.SAFE)
    assert out.fix.applied == () and out.fix.text == text
    assert [s.reason for s in out.fix.skipped] == ["docx-structure"]
