"""``copyedit review``: the decision logic (pure), the prompt loop over scripted answers,
the output targets, and the real command in a pseudo-terminal under pexpect (accept,
reject, edit, skip, quit, end of input, Ctrl-C, --in-place, the baseline's next draft)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
import pexpect
import pytest
from helpers import apply_unified_diff, check_text, finding, found

from copyedit.baseline import Baseline, read
from copyedit.document import Document
from copyedit.errors import CopyeditError
from copyedit.review import (
    Action,
    Answer,
    Review,
    describe,
    finish,
    parse_answer,
    sentence_around,
    shift,
    targets,
    walk,
)

DRAFT = (
    "The end result can not wait, officials said.\n"
    "\n"
    "He said  the plan was ready. Prior to the vote the council met.\n"
)


pytestmark = pytest.mark.usefixtures("shared_cache")


def _review(text: str = DRAFT) -> Review:
    doc, findings = check_text(text)
    return Review(doc, findings)


def _rules(review: Review) -> list[str]:
    return [f.rule for f in review.findings]


def test_sample_draft_findings_are_the_ones_the_tests_expect():
    assert _rules(_review()) == [
        "news.redundancy",
        "news.cannot",
        "news.double-space",
        "news.wordy",
    ]


# --- answers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "n", "want"),
    [
        ("a", 1, Answer(Action.ACCEPT)),
        (" A \n", 1, Answer(Action.ACCEPT)),
        ("accept", 1, Answer(Action.ACCEPT)),
        ("r", 1, Answer(Action.REJECT)),
        ("e", 0, Answer(Action.EDIT)),
        ("s", 0, Answer(Action.SKIP)),
        ("quit", 0, Answer(Action.QUIT)),
        ("2", 3, Answer(Action.ACCEPT, 1)),
        ("4", 3, None),
        ("0", 3, None),
        ("a", 0, None),  # nothing to accept
        ("x", 1, None),
        ("", 1, None),
        ("as", 1, None),
    ],
)
def test_parse_answer(typed, n, want):
    assert parse_answer(typed, n) == want


# --- the decisions ----------------------------------------------------------------


def test_accept_reject_edit_skip_build_the_corrected_text():
    r = _review()
    r.decide(Action.ACCEPT)  # end result -> result
    r.decide(Action.REJECT)  # can not
    r.decide(Action.EDIT, " ")  # the double space, typed by hand
    r.decide(Action.SKIP)  # prior to
    assert r.done and not r.quit
    assert r.result().text == DRAFT.replace("end result", "result").replace("  the", " the")
    assert r.counts() == {Action.ACCEPT: 1, Action.REJECT: 1, Action.EDIT: 1, Action.SKIP: 1}


def test_accept_takes_the_chosen_suggestion():
    text = "One two three.\n"
    doc = Document.from_text(text)
    f = found(text, "two", ("2", "II"))
    r = Review(doc, [f])
    r.decide(Action.ACCEPT, choice=1)
    assert r.result().text == "One II three.\n"


def test_accept_needs_a_suggestion_and_edit_a_replacement():
    text = "One two three.\n"
    r = Review(Document.from_text(text), [found(text, "two")])
    with pytest.raises(ValueError):
        r.decide(Action.ACCEPT)
    with pytest.raises(ValueError):
        r.decide(Action.EDIT)
    r.decide(Action.EDIT, "2")
    with pytest.raises(ValueError):
        r.decide(Action.SKIP)  # nothing left


def test_quit_keeps_the_decisions_made_so_far():
    r = _review()
    r.decide(Action.ACCEPT)
    r.decide(Action.QUIT)
    assert r.done and r.quit and r.current() is None
    assert r.result().text == DRAFT.replace("end result", "result")


def test_a_finding_overlapping_an_accepted_edit_is_skipped_with_a_note():
    text = "The final end result came.\n"
    doc = Document.from_text(text)
    wide = found(text, "final end result", ("result",))
    inner = found(text, "end result", ("outcome",))
    later = found(text, "came", ("arrived",))
    r = Review(doc, [wide, inner, later])
    r.decide(Action.ACCEPT)
    assert r.current() == later  # inner skipped on the way
    assert r.decisions[1].action is Action.SKIP
    assert r.decisions[1].note == "overlaps the edit accepted at 1:5"
    r.decide(Action.ACCEPT)
    assert r.result().text == "The result arrived.\n"


def test_a_rejected_overlap_does_not_block():
    text = "The final end result came.\n"
    doc = Document.from_text(text)
    r = Review(doc, [found(text, "final end result", ("result",)), found(text, "end", ("x",))])
    r.decide(Action.REJECT)
    assert r.current() is not None


def test_insertions_at_one_point_conflict():
    text = "Yes we can.\n"
    r = Review(Document.from_text(text), [finding(3, 3, "", (",",)), finding(3, 3, "", (";",))])
    r.decide(Action.ACCEPT)
    assert r.current() is None and r.decisions[1].action is Action.SKIP
    assert r.result().text == "Yes, we can.\n"


def test_rejections_are_recorded_in_the_draft_and_in_the_corrected_text():
    r = _review()
    r.decide(Action.ACCEPT)  # end result -> result, just before the rejected "can not"
    r.decide(Action.REJECT)
    entries = r.rejected()
    assert [(e.rule, e.before) for e in entries] == [
        ("news.cannot", "the end result"),
        ("news.cannot", "the result"),
    ]
    # the next draft carries the accepted edit: the rejection still holds
    nxt = r.result().text
    doc, findings = check_text(nxt)
    kept, dropped = Baseline().with_entries(entries).split(doc, findings)
    assert [f.rule for f in dropped] == ["news.cannot"]


def test_shift_moves_a_finding_past_earlier_edits():
    from copyedit.model import Edit

    text = "aa bb cc\n"
    f = found(text, "cc")
    assert shift(f, [Edit(0, 2, "aa", "a")]).start == f.start - 1
    assert shift(f, [Edit(6, 6, "", "x")]).start == f.start + 1  # insertion at its start
    assert shift(f, [Edit(8, 8, "", "x")]).start == f.start  # insertion at its end
    assert shift(f, [Edit(6, 7, "c", "C")]) is None  # its own text changed
    assert shift(f, [Edit(7, 7, "", "-")]) is None


def test_sentence_around_shows_the_sentence_on_one_line():
    text = "First one.\nSecond sentence has\na can not here. Third.\n"
    doc, findings = check_text(text)
    f = next(f for f in findings if f.rule == "news.cannot")
    before, flagged, after = sentence_around(doc, f)
    assert (before, flagged, after) == ("Second sentence has a ", "can not", " here.")


def test_sentence_around_clips_very_long_sentences():
    text = "word " * 100 + "can not " + "word " * 100 + "end.\n"
    doc, findings = check_text(text)
    f = next(f for f in findings if f.rule == "news.cannot")
    before, _, after = sentence_around(doc, f)
    assert before.startswith("…") and after.endswith("…") and len(before) < 200


def test_card_is_on_one_line_and_escapes_control_characters():
    text = "A stray \x1b[2J escape.\nThe end\nresult came.\n"
    doc = Document.from_text(text)
    r = Review(doc, [found(text, "end\nresult", ("result",)), found(text, "stray", ("x",))])
    card = click.unstyle(describe(r, r.findings[0]))
    assert "The «end result» came." in card
    r.decide(Action.SKIP)
    card = click.unstyle(describe(r, r.findings[1]))
    assert "\x1b" not in card and "A «stray» \\x1b[2J escape." in card


# --- the prompt loop ---------------------------------------------------------------


def _scripted(answers: list[str | None]):
    asked: list[str] = []
    said: list[str] = []
    it = iter(answers)

    def ask(prompt: str) -> str | None:
        asked.append(prompt)
        return next(it, None)

    return ask, asked, said


def test_walk_with_scripted_answers():
    r = _review()
    ask, asked, said = _scripted(["zz", "a", "r", "e", "", "e", " ", "s"])
    walk(r, ask, said.append)
    assert [d.action for d in r.decisions] == [
        Action.ACCEPT,
        Action.REJECT,
        Action.EDIT,
        Action.SKIP,
    ]
    assert any("answer with one of" in s for s in said)  # "zz" re-asked
    assert sum("replace '␣␣' with" in a for a in asked) == 2  # empty line went back
    assert "[1/4] <text>:1:5" in said[0] and "news.redundancy" in said[0]
    assert "suggested: result" in click.unstyle(said[0])
    assert "The «end result» can not wait" in click.unstyle(said[0])


def test_walk_end_of_input_is_quit():
    r = _review()
    ask, _, said = _scripted(["a"])
    walk(r, ask, said.append)
    assert r.quit and [d.action for d in r.decisions] == [Action.ACCEPT]


def test_walk_end_of_input_while_editing_is_quit():
    r = _review()
    ask, _, said = _scripted(["e"])
    walk(r, ask, said.append)
    assert r.quit and r.decisions == []


def test_walk_reports_findings_skipped_for_overlap():
    text = "The final end result came.\n"
    doc = Document.from_text(text)
    r = Review(doc, [found(text, "final end result", ("result",)), found(text, "end result")])
    ask, _, said = _scripted(["a"])
    walk(r, ask, said.append)
    assert any("skipped test.rule at" in s and "overlaps the edit" in s for s in said)


# --- outputs ---------------------------------------------------------------------


def test_targets(tmp_path):
    draft = tmp_path / "op-ed.txt"
    t = targets(draft, None, False, None)
    assert (t.text.name, t.diff.name) == ("op-ed.reviewed.txt", "op-ed.txt.diff")
    assert targets(draft, tmp_path / "x.txt", False, tmp_path / "d").text.name == "x.txt"
    assert targets(draft, None, True, None).text == draft
    with pytest.raises(CopyeditError, match="use --in-place"):
        targets(draft, draft, False, None)
    with pytest.raises(CopyeditError, match="would overwrite the draft"):
        targets(draft, None, False, draft)


def test_finish_writes_nothing_without_edits_but_records_rejections(tmp_path):
    r = _review()
    r.decide(Action.REJECT)
    r.decide(Action.QUIT)
    written: dict[Path, str] = {}
    where = targets(tmp_path / "d.txt", None, False, None)
    notes = finish(r, where, "d.txt", None, tmp_path / "b.json", written.__setitem__)
    assert list(written) == [tmp_path / "b.json"]
    assert "no edits accepted" in notes[0]
    assert json.loads(written[tmp_path / "b.json"])["entries"][0]["rule"] == "news.redundancy"


# --- the real command in a pseudo-terminal -------------------------------------------

COPYEDIT = Path(sys.executable).parent / "copyedit"
PROMPT = r"\[q\]uit > "


@pytest.fixture
def draft(tmp_path) -> Path:
    path = tmp_path / "op-ed.txt"
    path.write_bytes(DRAFT.encode("utf-8"))
    return path


def _spawn(tmp_path: Path, *args: str):
    env = dict(os.environ, NO_COLOR="1", TERM="dumb")
    child = pexpect.spawn(
        str(COPYEDIT),
        ["review", *args, "--no-languagetool"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 200),
    )
    return child


def _finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus


def test_review_in_a_terminal(tmp_path, draft):
    child = _spawn(tmp_path, "op-ed.txt", "--baseline", "decisions.json")
    child.expect(r"note: LanguageTool not run \(--no-languagetool\)")
    child.expect(r"\[1/4\] op-ed\.txt:1:5")
    child.expect("suggested: result")
    child.expect(PROMPT)
    child.sendline("a")
    child.expect(r"\[2/4\] op-ed\.txt:1:16")
    child.expect(PROMPT)
    child.sendline("r")
    child.expect(r"\[3/4\]")
    child.expect(PROMPT)
    child.sendline("huh")
    child.expect("answer with one of")
    child.expect(PROMPT)
    child.sendline("e")
    child.expect("with \\(empty line: back\\) > ")
    child.sendline(" ")
    child.expect(r"\[4/4\]")
    child.expect(PROMPT)
    child.sendline("s")
    child.expect("review: 1 accepted, 1 edited, 1 rejected, 1 skipped.")
    child.expect("wrote op-ed.reviewed.txt and op-ed.txt.diff")
    child.expect("recorded 1 rejection")
    assert _finish(child) == 0

    assert draft.read_text(encoding="utf-8") == DRAFT  # the draft itself untouched
    fixed = (tmp_path / "op-ed.reviewed.txt").read_text(encoding="utf-8")
    assert fixed == DRAFT.replace("end result", "result").replace("  the", " the")
    diff = (tmp_path / "op-ed.txt.diff").read_text(encoding="utf-8")
    assert diff.startswith("--- a/op-ed.txt\n+++ b/op-ed.txt\n")
    assert apply_unified_diff(DRAFT, diff) == fixed
    entries = read(tmp_path / "decisions.json").entries
    assert {(e.rule, e.text) for e in entries} == {("news.cannot", "can not")}

    # the next draft (the corrected one, a paragraph added on top) does not ask again
    nxt = tmp_path / "next.txt"
    nxt.write_text("A new first paragraph.\n\n" + fixed, encoding="utf-8")
    child = _spawn(tmp_path, "next.txt", "--baseline", "decisions.json")
    child.expect("1 finding\\(s\\) rejected before")
    child.expect(r"\[1/1\] next\.txt:5:\d+\s+news\.wordy")
    child.expect(PROMPT)
    child.sendline("q")
    child.expect("review: 0 accepted, 0 edited, 0 rejected, 0 skipped, 1 not reviewed.")
    child.expect("no edits accepted")
    assert _finish(child) == 0
    assert not (tmp_path / "next.reviewed.txt").exists()


def test_review_end_of_input_keeps_decisions(tmp_path, draft):
    child = _spawn(tmp_path, "op-ed.txt", "-o", "out.txt", "--diff", "edits.diff")
    child.expect(PROMPT)
    child.sendline("a")
    child.expect(r"\[2/4\]")
    child.expect(PROMPT)
    child.sendeof()
    child.expect("review: 1 accepted, 0 edited, 0 rejected, 0 skipped, 3 not reviewed.")
    assert _finish(child) == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == DRAFT.replace(
        "end result", "result"
    )
    assert apply_unified_diff(DRAFT, (tmp_path / "edits.diff").read_text(encoding="utf-8"))
    assert not (tmp_path / "op-ed.reviewed.txt").exists()


def test_review_ctrl_c_writes_nothing(tmp_path, draft):
    child = _spawn(tmp_path, "op-ed.txt", "--in-place", "--baseline", "decisions.json")
    child.expect(PROMPT)
    child.sendline("a")
    child.expect(r"\[2/4\]")
    child.expect(PROMPT)
    child.sendline("r")
    child.expect(PROMPT)
    child.sendintr()
    child.expect("copyedit: error: review interrupted: nothing written")
    assert _finish(child) == 130
    assert draft.read_text(encoding="utf-8") == DRAFT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["op-ed.txt"]


def test_review_in_place_replaces_the_draft_atomically(tmp_path, draft):
    draft.chmod(0o640)
    child = _spawn(tmp_path, "op-ed.txt", "--in-place")
    for answer in ("s", "a", "s", "a"):
        child.expect(PROMPT)
        child.sendline(answer)
    child.expect("wrote op-ed.txt and op-ed.txt.diff")
    assert _finish(child) == 0
    fixed = DRAFT.replace("can not", "cannot").replace("Prior to", "Before")
    assert draft.read_text(encoding="utf-8") == fixed
    assert draft.stat().st_mode & 0o777 == 0o640
    assert apply_unified_diff(DRAFT, (tmp_path / "op-ed.txt.diff").read_text("utf-8")) == fixed
    assert not list(tmp_path.glob(".op-ed.txt.*"))  # no temporary file left


def test_review_without_findings_writes_nothing(tmp_path):
    (tmp_path / "clean.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    child = _spawn(tmp_path, "clean.txt")
    child.expect("clean.txt: no findings to review; nothing written.")
    assert _finish(child) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.txt"]


def test_review_refuses_bad_input_with_one_line(tmp_path, draft):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    for args, says in [
        (["missing.txt"], "missing.txt: no such file"),
        (["op-ed.txt", "--baseline", "bad.json"], "bad.json: not a copyedit baseline"),
        (["op-ed.txt", "-o", "op-ed.txt"], "would overwrite the draft"),
        ([str(tmp_path)], "review takes one draft file, not a folder"),
        (["draft.docx"], "review edits text drafts"),
    ]:
        child = _spawn(tmp_path, *args)
        child.expect("copyedit: error: .*" + says.replace(".", r"\."))
        assert _finish(child) == 2
    assert draft.read_text(encoding="utf-8") == DRAFT
