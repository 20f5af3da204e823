"""The decisions file: findings matched by content (rule, flagged text, nearby words), so a
rejection survives edits elsewhere and moved paragraphs but not a changed flagged word;
the file format, its errors, and --baseline on check and fix."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from helpers import check_text

from copyedit.baseline import (
    VERSION,
    Baseline,
    Entry,
    dumps,
    filter_reports,
    fingerprint,
    parse,
    read,
)
from copyedit.cli import main
from copyedit.errors import InputError

P1 = "The council met on Tuesday to approve the budget.\n"
P2 = "The mayor said the end result can not wait for the next election.\n"
P3 = "Prior to the vote, officials spoke for an hour about the roads.\n"
DRAFT = P1 + "\n" + P2 + "\n" + P3


pytestmark = pytest.mark.usefixtures("shared_cache")


def _rejected(text: str, rule: str) -> Baseline:
    """A baseline holding every finding of ``rule`` in ``text`` (as review would write)."""
    doc, findings = check_text(text)
    chosen = [fingerprint(doc, f) for f in findings if f.rule == rule]
    assert chosen, f"{rule} not raised on the draft"
    return Baseline().with_entries(chosen)


def _rules_left(text: str, baseline: Baseline) -> list[str]:
    doc, findings = check_text(text)
    kept, _ = baseline.split(doc, findings)
    return [f.rule for f in kept]


def test_rejected_finding_is_dropped_and_others_kept():
    baseline = _rejected(DRAFT, "news.cannot")
    assert "news.cannot" in [f.rule for f in check_text(DRAFT)[1]]
    left = _rules_left(DRAFT, baseline)
    assert "news.cannot" not in left
    assert {"news.redundancy", "news.wordy"} <= set(left)


def test_survives_edits_elsewhere_in_the_draft():
    baseline = _rejected(DRAFT, "news.cannot")
    edited = (
        "A new opening paragraph, written after the first draft.\n\n"
        + P1.replace("Tuesday", "Wednesday evening")
        + "\n"
        + P2.replace("The mayor said", "Speaking to reporters, the mayor said")
        + "\n"
        + P3
    )
    left = _rules_left(edited, baseline)
    assert "news.cannot" not in left
    assert "news.redundancy" in left  # not rejected: still raised


def test_survives_a_moved_paragraph():
    baseline = _rejected(DRAFT, "news.cannot")
    moved = P3 + "\n" + P1 + "\n" + P2  # the flagged paragraph now last, at another offset
    doc, findings = check_text(moved)
    cannot = [f for f in findings if f.rule == "news.cannot"]
    assert cannot and cannot[0].start != check_text(DRAFT)[0].text.index("can not")
    assert "news.cannot" not in _rules_left(moved, baseline)


def test_survives_crlf_and_extra_spacing():
    baseline = _rejected(DRAFT, "news.cannot")
    assert "news.cannot" not in _rules_left(DRAFT.replace("\n", "\r\n"), baseline)


def test_a_changed_flagged_word_is_raised_again():
    baseline = _rejected(DRAFT, "news.redundancy")  # "end result"
    changed = DRAFT.replace("end result", "final outcome")
    assert "news.redundancy" in _rules_left(changed, baseline)


def test_a_rewritten_neighbourhood_is_raised_again():
    baseline = _rejected(DRAFT, "news.cannot")
    rewritten = DRAFT.replace("the end result can not wait for", "reform can not be delayed past")
    assert "news.cannot" in _rules_left(rewritten, baseline)


def test_same_phrase_elsewhere_is_still_raised():
    baseline = _rejected(DRAFT, "news.cannot")
    other = DRAFT + "\nThe roads can not be repaired before spring, engineers said.\n"
    doc, findings = check_text(other)
    kept, dropped = baseline.split(doc, findings)
    assert [f.rule for f in dropped] == ["news.cannot"]
    assert [f.text for f in kept if f.rule == "news.cannot"] == ["can not"]
    assert doc.line_col(next(f for f in kept if f.rule == "news.cannot").start)[0] == 7


def test_fingerprint_is_content_not_offsets():
    doc, findings = check_text(DRAFT)
    f = next(f for f in findings if f.rule == "news.cannot")
    assert fingerprint(doc, f) == Entry("news.cannot", "can not", "the end result", "wait for the")


def test_context_stays_inside_the_paragraph():
    text = "First paragraph ends here.\n\nPrior to the vote they met.\n"
    doc, findings = check_text(text)
    f = next(f for f in findings if f.rule == "news.wordy")
    assert fingerprint(doc, f).before == ""


def test_file_round_trip_is_sorted_and_versioned():
    entries = [Entry("b.rule", "x", "one", "two"), Entry("a.rule", "y", "", "three")]
    text = dumps(Baseline().with_entries(entries))
    data = json.loads(text)
    assert data["version"] == VERSION and data["kind"] == "copyedit-baseline"
    assert [e["rule"] for e in data["entries"]] == ["a.rule", "b.rule"]
    assert parse(text) == Baseline(frozenset(entries))
    assert dumps(parse(text)) == text


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "invalid JSON at line 1"),
        ("[]", "not a copyedit baseline"),
        ('{"version": 2, "entries": []}', "baseline version 2 is not supported"),
        ('{"entries": []}', "baseline version None is not supported"),
        ('{"version": 1, "kind": "something-else", "entries": []}', "not a copyedit baseline"),
        ('{"version": 1, "entries": {}}', "'entries' is not a list"),
        ('{"version": 1, "entries": [{"rule": "a", "text": 1}]}', "entry 1 needs string"),
    ],
)
def test_bad_files_are_one_line_input_errors(content, says):
    with pytest.raises(InputError) as err:
        parse(content, "decisions.json")
    assert says in str(err.value) and str(err.value).startswith("decisions.json: ")
    assert "\n" not in str(err.value)


def test_read_missing_and_binary(tmp_path):
    with pytest.raises(InputError, match="no such baseline file"):
        read(tmp_path / "nope.json")
    assert len(read(tmp_path / "nope.json", missing_ok=True)) == 0
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="not UTF-8"):
        read(tmp_path / "bin.json")


def test_filter_reports_notes_how_many_were_left_out():
    from copyedit.pipeline import FileReport
    from copyedit.readability import measure

    doc, findings = check_text(DRAFT)
    report = FileReport(doc, findings, measure(doc), ("rules",))
    baseline = _rejected(DRAFT, "news.cannot")
    (out,) = filter_reports([report], baseline)
    assert len(out.findings) == len(findings) - 1
    assert out.notes == ("1 finding(s) in the baseline not shown",)
    (same,) = filter_reports([report], Baseline())
    assert same is report


# --- the command line -------------------------------------------------------------


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    doc, findings = check_text(DRAFT)
    f = next(f for f in findings if f.rule == "news.cannot")
    (tmp_path / "decisions.json").write_text(
        dumps(Baseline().with_entries([fingerprint(doc, f)])), encoding="utf-8"
    )
    return tmp_path


def _run(*args: str):
    return CliRunner().invoke(main, [*args, "--no-languagetool"])


def test_check_with_baseline_drops_the_rejected_finding(in_tmp):
    plain = json.loads(_run("check", "draft.txt", "--format", "json").output)
    based = json.loads(
        _run("check", "draft.txt", "--format", "json", "--baseline", "decisions.json").output
    )
    rules = [f["rule"] for f in plain["files"][0]["findings"]]
    kept = [f["rule"] for f in based["files"][0]["findings"]]
    assert "news.cannot" in rules and "news.cannot" not in kept
    assert len(kept) == len(rules) - 1
    assert "1 finding(s) in the baseline not shown" in based["files"][0]["notes"]


def test_fix_with_baseline_does_not_apply_the_rejected_edit(in_tmp):
    res = _run("fix", "draft.txt", "-o", "out.txt", "--baseline", "decisions.json")
    assert res.exit_code == 0, res.output
    out = (in_tmp / "out.txt").read_text(encoding="utf-8")
    assert "can not" in out
    res = _run("fix", "draft.txt", "-o", "out2.txt")
    assert "cannot" in (in_tmp / "out2.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "says"),
    [("{oops", "invalid JSON"), ('{"version": 9, "entries": []}', "version 9")],
)
def test_check_with_a_corrupt_baseline_exits_2_with_one_line(in_tmp, content, says):
    (in_tmp / "bad.json").write_text(content, encoding="utf-8")
    res = _run("check", "draft.txt", "--baseline", "bad.json")
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert (
        len(lines) == 1 and lines[0].startswith("copyedit: error: bad.json: ") and says in lines[0]
    )


def test_check_with_a_missing_baseline_exits_2(in_tmp):
    res = _run("check", "draft.txt", "--baseline", "missing.json")
    assert res.exit_code == 2
    assert "missing.json: no such baseline file" in res.output
