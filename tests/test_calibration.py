"""Severity, confidence and applicability from precision measured on real copy."""

from __future__ import annotations

import re

from copyedit.calibration import Calibration, Counts, Policy, parse
from copyedit.document import Document
from copyedit.model import Applicability, Category, Finding, Severity
from copyedit.pipeline import check_documents


def finding(rule="lt.SPELL", engine="lt", category=Category.SPELLING, **kw) -> Finding:
    base = dict(
        severity=Severity.ERROR,
        start=0,
        end=5,
        text="Hello",
        message="m",
        replacements=("Hallo",),
        confidence=0.95,
        applicability=Applicability.UNSAFE,
    )
    return Finding(rule=rule, engine=engine, category=category, **{**base, **kw})


def test_mostly_wrong_group_becomes_a_display_only_suggestion():
    cal = Calibration({"lt.SPELL": Counts(judged=50, correct=4, debatable=6)})
    f = cal.apply(finding())
    assert f.severity is Severity.SUGGESTION
    assert f.applicability is Applicability.DISPLAY_ONLY
    assert f.confidence == round(5 / 52, 3)
    assert f.replacements == ("Hallo",)  # still shown to the editor


def test_error_needs_nine_in_ten_over_enough_findings():
    good = Calibration({"lt.SPELL": Counts(judged=20, correct=19)})
    assert good.apply(finding()).severity is Severity.ERROR
    few = Calibration({"lt.SPELL": Counts(judged=6, correct=6)})
    assert few.apply(finding()).severity is Severity.WARNING  # 6 of 6 is not yet evidence
    fair = Calibration({"lt.SPELL": Counts(judged=20, correct=14, debatable=4)})
    f = fair.apply(finding())
    assert (f.severity, f.applicability) == (Severity.WARNING, Applicability.UNSAFE)


def test_severity_and_applicability_are_never_raised():
    cal = Calibration({"lt.SPELL": Counts(judged=40, correct=40)})
    f = cal.apply(finding(severity=Severity.SUGGESTION, applicability=Applicability.DISPLAY_ONLY))
    assert (f.severity, f.applicability) == (Severity.SUGGESTION, Applicability.DISPLAY_ONLY)


def test_most_specific_group_judged_often_enough_speaks():
    cal = Calibration(
        {
            "lt.SPELL": Counts(judged=2, correct=2),  # too few: ignored
            "lt/spelling": Counts(judged=30, correct=3),
            "spelling": Counts(judged=100, correct=90),
        }
    )
    assert cal.counts_for(finding()) == Counts(30, 3)
    other = finding(rule="rw.x", engine="rw")
    assert cal.counts_for(other) is None  # another engine's spelling says nothing of it


def test_unmeasured_findings_keep_their_values_below_measured_confidence():
    cal = Calibration({}, Policy(unmeasured_cap=0.85))
    f = cal.apply(finding(category=Category.GRAMMAR))
    assert f.confidence == 0.85
    assert (f.severity, f.applicability) == (Severity.ERROR, Applicability.UNSAFE)
    low = finding(confidence=0.6)
    assert cal.apply(low) is low


def test_parse_reads_policy_and_groups():
    cal = parse(
        {
            "policy": {"min_judged": 3},
            "groups": {"spelling": {"judged": 4, "correct": 1, "debatable": 1}},
        }
    )
    assert cal.policy.min_judged == 3
    assert cal.groups["spelling"] == Counts(4, 1, 1)


class _Speller:
    name = "lt"

    def check(self, doc):
        return [finding(start=0, end=5, text=doc.text[:5])]


def test_the_pipeline_calibrates_every_report():
    doc = Document.from_text("Hello world.\n")
    # the rule's own findings mostly not taken (0.4), drawn toward its engine's share
    # for the category (0.9) enough to be shown: (2 + 2 * 0.9) / 7, but as a suggestion
    cal = Calibration(
        {
            "lt.SPELL": Counts(judged=5, correct=1, debatable=1),
            "lt/spelling": Counts(judged=20, correct=15, debatable=3),
        }
    )
    (report,) = check_documents([doc], [_Speller()], calibration=cal)
    (f,) = report.findings
    assert (f.severity, f.applicability) == (Severity.SUGGESTION, Applicability.DISPLAY_ONLY)


def test_a_rule_measured_mostly_wrong_is_withheld_not_reported():
    cal = Calibration({"lt.SPELL": Counts(judged=12, correct=1)})
    assert cal.withheld(finding())
    assert not cal.withheld(finding(rule="lt.OTHER"))  # unjudged, its group unmeasured
    assert not Calibration({"lt.SPELL": Counts(judged=12, correct=3, debatable=3)}).withheld(
        finding()
    )  # half correct or debatable is shown
    doc = Document.from_text("Hello world.\n")
    (report,) = check_documents([doc], [_Speller()], calibration=cal)
    assert report.findings == ()
    assert [f.text for f in report.withheld] == ["Hello"]


def test_few_judgements_are_drawn_toward_the_engines_share_for_the_category():
    good_group = {"lt/spelling": Counts(judged=20, correct=10, debatable=6)}  # 0.8 taken
    bad_group = {"lt/spelling": Counts(judged=20, correct=2, debatable=2)}  # 0.2 taken
    once_wrong = {"lt.SPELL": Counts(judged=1, correct=0)}
    # one wrong finding in a category the engine gets right: (0 + 2 * 0.8) / 3
    cal = Calibration({**good_group, **once_wrong})
    assert cal.acceptable(finding()) == (2 * 0.8) / 3
    assert not cal.withheld(finding())
    # once wrong and once taken there: (1 + 1.6) / 4 = 0.65, shown
    assert not Calibration({**good_group, "lt.SPELL": Counts(2, 1)}).withheld(finding())
    # twice wrong there: (0 + 1.6) / 4 = 0.4, mostly not taken
    assert Calibration({**good_group, "lt.SPELL": Counts(2, 0)}).withheld(finding())
    # one wrong finding with no measured group: (0 + 2 * 0.5) / 3 = 1/3
    assert Calibration(once_wrong).withheld(finding())
    # a rule never judged, in a category its engine gets mostly wrong
    cal = Calibration(bad_group)
    assert cal.acceptable(finding()) == 0.2
    assert cal.withheld(finding())
    # ...unless its own findings were taken
    assert not Calibration({**bad_group, "lt.SPELL": Counts(3, 2, 1)}).withheld(finding())
    # another engine's category says nothing of this one
    assert not cal.withheld(finding(rule="rw.x", engine="rw"))


def test_a_desks_house_style_is_not_overruled_by_measurement():
    house = finding(rule="consistency.house.international", engine="consistency")
    cal = Calibration({"consistency.house.international": Counts(judged=40, correct=1)})
    assert not cal.withheld(house)
    assert cal.counts_for(house) is None
    assert cal.apply(house).applicability is Applicability.UNSAFE


def test_a_desks_own_rule_keeps_its_severity_whatever_the_shipped_rules_measured():
    """'rules/style' measures copyedit's shipped rules; a desk's own rule (a folder
    copyedit does not ship) is the desk's decision, like its term list."""
    cal = Calibration({"rules/style": Counts(judged=40, correct=4, debatable=2)})
    desk = finding(rule="desk.utilise", engine="rules", category=Category.STYLE)
    assert not cal.withheld(desk)
    assert cal.apply(desk).severity is Severity.ERROR
    shipped = finding(rule="news.wordy", engine="rules", category=Category.STYLE)
    assert cal.withheld(shipped)
    assert cal.counts_for(shipped) == Counts(judged=40, correct=4, debatable=2)


def test_findings_in_speech_are_measured_apart_from_the_writers_prose():
    groups = {
        "lt/spelling": Counts(judged=40, correct=30, debatable=4),  # prose: 0.85 taken
        "lt/spelling@speech": Counts(judged=20, correct=4, debatable=3),  # speech: 0.35
    }
    cal = Calibration(groups)
    prose, speech = finding(), finding(in_quote=True)
    assert not cal.withheld(prose)
    assert cal.acceptable(speech) == 7 / 20
    assert cal.withheld(speech)
    assert cal.counts_for(speech) == Counts(20, 4, 3)
    assert cal.counts_for(prose) == Counts(40, 30, 4)
    # a rule whose own speech findings were taken is shown: (3 + 2 * 0.35) / 5
    own = Calibration({**groups, "lt.SPELL@speech": Counts(judged=3, correct=3)})
    assert not own.withheld(speech)
    # speech judged too rarely to say: the prose figure speaks
    few = Calibration({"lt/spelling": groups["lt/spelling"], "lt/spelling@speech": Counts(3, 0)})
    assert few.acceptable(speech) == few.acceptable(prose)
    assert not few.withheld(speech)


class _EveryHullo:
    name = "lt"

    def check(self, doc):
        return [
            finding(start=m.start(), end=m.end(), text=m.group())
            for m in re.finditer("hullo", doc.text)
        ]


def test_the_pipeline_calibrates_a_finding_in_speech_by_its_speech_counts():
    cal = Calibration({"lt/spelling@speech": Counts(judged=20, correct=2)})
    doc = Document.from_text('She said: "hullo there."\n\nA hullo to the world.\n')
    (report,) = check_documents([doc], [_EveryHullo()], calibration=cal)
    assert [(f.text, f.start) for f in report.findings] == [("hullo", 28)]
    assert [(f.text, f.start, f.in_quote) for f in report.withheld] == [("hullo", 11, True)]
