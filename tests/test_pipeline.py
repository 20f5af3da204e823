"""The pipeline: protected markup, select/ignore, quotations, duplicates, overlaps, order."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from helpers import finding, found, rules_engine
from hypothesis import given, settings
from hypothesis import strategies as st

from copyedit.document import Document
from copyedit.model import Applicability, Category, Finding, Severity, edits_collide
from copyedit.pipeline import (
    Selector,
    _rank,
    check_documents,
    collapse_duplicates,
    resolve_overlaps,
    settle,
)
from copyedit.readability import ReadabilityEngine

TEXT = "The end result can not  wait, he said."


class FakeEngine:
    def __init__(self, name: str, findings: list[Finding]) -> None:
        self.name = name
        self._findings = findings

    def check(self, doc: Document) -> list[Finding]:
        return [replace(f, engine=self.name) for f in self._findings]


class BatchEngine(FakeEngine):
    def __init__(self, name: str, findings: list[Finding]) -> None:
        super().__init__(name, findings)
        self.batches: list[int] = []

    def check_many(self, docs):
        self.batches.append(len(docs))
        return [self.check(d) for d in docs]


def test_duplicates_from_two_engines_collapse_with_agreed(uncalibrated):
    doc = Document.from_text(TEXT)
    lt = found(TEXT, "can not", ("cannot",), rule="lt.CANNOT", confidence=0.8)
    yml = found(TEXT, "can not", ("cannot",), rule="news.cannot", confidence=0.95)
    (f,) = check_documents([doc], [FakeEngine("languagetool", [lt]), FakeEngine("rules", [yml])])[
        0
    ].findings
    assert f.rule == "news.cannot" and f.engine == "rules"
    assert f.agreed == ("languagetool",)


def test_same_engine_duplicates_not_agreed():
    doc = Document.from_text(TEXT)
    a = found(TEXT, "can not", ("cannot",), rule="news.a", engine="rules")
    b = found(TEXT, "can not", ("cannot",), rule="news.b", engine="rules")
    (f,) = settle(doc, [a, b])
    assert f.agreed == () and f.rule == "news.a"


def test_different_fixes_on_same_span_do_not_collapse_but_resolve():
    doc = Document.from_text(TEXT)
    a = found(TEXT, "can not", ("cannot",), engine="a", confidence=0.9)
    b = found(TEXT, "can not", ("can't",), engine="b", confidence=0.7)
    assert len(collapse_duplicates([a, b])) == 2
    (f,) = settle(doc, [a, b])
    assert f.replacements == ("cannot",)


def test_display_only_findings_never_conflict():
    doc = Document.from_text(TEXT)
    note = finding(
        0, len(TEXT), TEXT, rule="readability.long", applicability=Applicability.DISPLAY_ONLY
    )
    fix = found(TEXT, "end result", ("result",))
    assert len(settle(doc, [note, fix])) == 2


def test_overlap_resolution_by_severity_then_confidence():
    doc = Document.from_text(TEXT)
    wide = found(TEXT, "end result can not", ("x",), severity=Severity.ERROR, confidence=0.5)
    narrow = found(TEXT, "can not", ("cannot",), severity=Severity.WARNING, confidence=0.99)
    assert settle(doc, [narrow, wide]) == settle(doc, [wide, narrow])
    (f,) = settle(doc, [narrow, wide])
    assert f.text == "end result can not"
    low = replace(wide, severity=Severity.WARNING)
    (f,) = settle(doc, [low, narrow])
    assert f.text == "can not"


def test_overlap_resolution_prefers_safe_then_shorter():
    doc = Document.from_text(TEXT)
    a = found(TEXT, "end result", ("result",), applicability=Applicability.UNSAFE)
    b = found(TEXT, "result", ("outcome",), applicability=Applicability.SAFE)
    (f,) = settle(doc, [a, b])
    assert f.text == "result"
    c = replace(b, applicability=Applicability.UNSAFE)
    (f,) = settle(doc, [a, c])
    assert f.text == "result"  # shorter span breaks the tie


def test_insertions_conflict_at_same_point_only():
    doc = Document.from_text("ab")
    ins1 = finding(1, 1, "", (",",), rule="x.a")
    ins2 = finding(1, 1, "", (";",), rule="x.b")
    around = finding(0, 2, "ab", ("AB",), rule="x.c", confidence=0.1)
    kept = settle(doc, [ins1, ins2])
    assert [f.rule for f in kept] == ["x.a"]
    kept = settle(doc, [around, ins1])
    assert [f.rule for f in kept] == ["x.a"]


def _many_findings(text: str) -> list[Finding]:
    rng = random.Random(3)
    out = []
    for _ in range(60):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(0, 6))
        out.append(
            finding(
                start,
                end,
                text[start:end],
                (rng.choice(["x", "y", ""]),) if rng.random() < 0.8 else (),
                rule=f"r.{rng.choice('abc')}",
                engine=rng.choice(["one", "two"]),
                severity=rng.choice(list(Severity)),
                confidence=rng.choice([0.5, 0.9]),
                applicability=rng.choice(list(Applicability)),
                message=rng.choice(["m1", "m2"]),
                category=rng.choice([Category.STYLE, Category.GRAMMAR]),
            )
        )
    return out


def test_settle_is_deterministic_under_shuffling():
    text = "The quick brown fox jumps over the lazy dog, twice."
    doc = Document.from_text(text)
    findings = _many_findings(text)
    expected = settle(doc, findings)
    rng = random.Random(11)
    for _ in range(25):
        rng.shuffle(findings)
        assert settle(doc, findings) == expected
    # and the fixable findings kept never overlap
    fixes = [f for f in expected if f.replacements]
    for a in fixes:
        for b in fixes:
            if a is not b:
                assert not (a.start < b.end and b.start < a.end) or a.start == a.end
    # ordered by position
    assert [(f.start, f.end) for f in expected] == sorted((f.start, f.end) for f in expected)


def test_engine_order_does_not_matter():
    text = "It can not be the end result."
    doc = Document.from_text(text)
    a = [found(text, "can not", ("cannot",), confidence=0.9)]
    b = [found(text, "can not be", ("cannot be",), confidence=0.9)]
    one = check_documents([doc], [FakeEngine("a", a), FakeEngine("b", b)])[0].findings
    two = check_documents([doc], [FakeEngine("b", b), FakeEngine("a", a)])[0].findings
    assert one == two


def test_findings_in_protected_markup_dropped():
    text = "Use `can not` here."
    doc = Document.from_text(text, format="markdown")
    inside = found(text, "can not", ("cannot",))
    touching = found(text, "Use", ("Employ",))
    assert settle(doc, [inside, touching]) == (replace(touching, line=1, column=1),)


def test_settle_sets_line_column_and_quote():
    text = "First line.\r\nHe said “it can not be”."
    doc = Document.from_text(text)
    (f,) = settle(doc, [found(text, "can not", ("cannot",), category=Category.PUNCTUATION)])
    assert (f.line, f.column) == (2, text.index("can") - text.index("He") + 1)
    assert f.in_quote and f.applicability is Applicability.DISPLAY_ONLY


def test_settle_rejects_wrong_span_text():
    doc = Document.from_text("abc")
    with pytest.raises(AssertionError):
        settle(doc, [finding(0, 2, "xy")])


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        ((), (), {"news.cannot", "news.redundancy", "news.double-space"}),
        (("news.cannot",), (), {"news.cannot"}),
        (("news",), ("news.cannot",), {"news.redundancy", "news.double-space"}),
        (("typography", "grammar"), (), {"news.cannot", "news.double-space"}),
        (("rules",), ("style",), {"news.cannot", "news.double-space"}),
        (("news.can",), (), set()),  # a prefix matches only at a dot
        (("readability",), (), set()),
        ((), ("rules",), set()),
        (("news.cannot",), ("news.cannot",), set()),  # ignore wins
    ],
)
def test_select_ignore(select, ignore, expected):
    doc = Document.from_text(TEXT)
    (report,) = check_documents([doc], [rules_engine()], Selector(select, ignore))
    assert {f.rule for f in report.findings} == expected


def test_ordering_by_position_across_engines():
    text = "Word " * 45 + "end result can not  stop."
    doc = Document.from_text(text)
    (report,) = check_documents([doc], [rules_engine(), ReadabilityEngine(40)])
    starts = [(f.start, f.end, f.rule) for f in report.findings]
    assert starts == sorted(starts)
    assert report.findings[0].rule == "readability.long-sentence"
    assert report.engines == ("rules", "readability")
    assert report.stats.sentences == 1


def test_batch_engines_get_every_document():
    docs = [Document.from_text("a can not b"), Document.from_text("c"), Document.from_text("d")]
    engine = BatchEngine("batch", [])
    reports = check_documents(docs, [engine])
    assert engine.batches == [3] and len(reports) == 3


def test_full_tie_broken_by_replacement_not_input_order():
    """Two fixes that differ only in their replacement: the choice must not depend on
    which engine or file order delivered them first."""
    doc = Document.from_text(TEXT)
    a = found(TEXT, "can not", ("cannot",), message="same")
    b = found(TEXT, "can not", ("can't",), message="same")
    assert settle(doc, [a, b]) == settle(doc, [b, a])
    c = replace(a, category=Category.GRAMMAR, replacements=())
    d = replace(a, category=Category.STYLE, replacements=())
    assert settle(doc, [c, d]) == settle(doc, [d, c])


def test_consistent_names_are_never_corrected_by_any_engine():
    from copyedit.model import Applicability, Category, Finding, Severity
    from copyedit.pipeline import settle

    text = "Mr Kashmiri spoke. Later Kashmiri left, and Kashmiri was calm. The kashmiri rug."
    doc = Document.from_text(text)

    def finding(start: int, word: str, category: Category, engine: str) -> Finding:
        return Finding(
            rule=f"{engine}.x",
            engine=engine,
            category=category,
            severity=Severity.ERROR,
            start=start,
            end=start + len(word),
            text=word,
            message="m",
            replacements=("Kashmir",),
            applicability=Applicability.UNSAFE,
        )

    name = text.index("Kashmiri")
    lower = text.index("kashmiri")
    found = settle(
        doc,
        [
            finding(name, "Kashmiri", Category.SPELLING, "languagetool"),
            finding(name, "Kashmiri", Category.REAL_WORD, "realword"),
            finding(name, "Kashmiri", Category.STYLE, "rules"),
            finding(lower, "kashmiri", Category.SPELLING, "languagetool"),
        ],
    )
    assert [(f.text, f.category) for f in found] == [
        ("Kashmiri", Category.STYLE),
        ("kashmiri", Category.SPELLING),
    ]


def test_an_abbreviation_the_draft_defines_is_never_spelling_corrected():
    text = (
        "The Upper Valley Ferry Authority (UVFA) raised fares. "
        "Officials blamed the NWRC for the delay."
    )
    doc = Document.from_text(text)

    def spelling(word: str, guess: str) -> Finding:
        start = text.index(word)
        return Finding(
            rule="languagetool.MORFOLOGIK_RULE_EN_US",
            engine="languagetool",
            category=Category.SPELLING,
            severity=Severity.WARNING,
            start=start,
            end=start + len(word),
            text=word,
            message="Possible spelling mistake found.",
            replacements=(guess,),
            applicability=Applicability.UNSAFE,
        )

    kept = settle(doc, [spelling("UVFA", "UFA"), spelling("NWRC", "NARC")])
    # defined with matching initials: its name; never defined: still a question
    assert [f.text for f in kept] == ["NWRC"]


def test_engine_notes_reach_the_report():
    class Noting:
        name = "noting"
        notes = ["noting: data missing, ran without it"]

        def check(self, doc):
            return []

    reports = check_documents([Document.from_text("Text.")], [Noting()], notes=("given",))
    assert reports[0].notes == ("given", "noting: data missing, ran without it")


def test_findings_cache_skips_an_engine_for_an_unchanged_text(tmp_path, monkeypatch):
    from copyedit.model import Applicability, Category, Finding, Severity

    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path))

    class Counting:
        name = "counting"

        def __init__(self, version: str) -> None:
            self.version = version
            self.calls = 0
            self.notes: list[str] = []

        def fingerprint(self) -> str:
            return self.version

        def check(self, doc):
            self.calls += 1
            self.notes.append("counting: ran without its data")
            i = doc.text.index("teh")
            return [
                Finding(
                    rule="counting.x",
                    engine=self.name,
                    category=Category.SPELLING,
                    severity=Severity.ERROR,
                    start=i,
                    end=i + 3,
                    text="teh",
                    message="typo",
                    replacements=("the",),
                    confidence=0.9,
                    applicability=Applicability.SAFE,
                )
            ]

    doc = Document.from_text("Fix teh draft.")
    first = Counting("v1")
    cold = check_documents([doc], [first])[0]
    again = Counting("v1")
    warm = check_documents([doc], [again])[0]
    assert (first.calls, again.calls) == (1, 0)
    assert warm.findings == cold.findings
    assert warm.notes == cold.notes == ("counting: ran without its data",)
    changed = Counting("v2")  # new data or settings: the cache must not answer
    check_documents([doc], [changed])
    assert changed.calls == 1
    edited = Counting("v1")
    check_documents([Document.from_text("Fix teh draft!")], [edited])
    assert edited.calls == 1


def _resolve_by_brute_force(findings):
    """The plain definition: every fix against every fix already taken."""
    kept, taken = [], []
    for f in sorted(findings, key=_rank):
        if f.replacements:
            if any(edits_collide(f.start, f.end, t.start, t.end) for t in taken):
                continue
            taken.append(f)
        kept.append(f)
    return kept


_SPAN = st.tuples(
    st.integers(0, 60),  # start
    st.sampled_from([0, 0, 1, 2, 3, 5, 12, 30]),  # length: insertions, words, long spans
    st.booleans(),  # proposes a fix
    st.sampled_from([0.5, 0.7, 0.9]),  # confidence
    st.sampled_from(list(Severity)),
)


@settings(max_examples=300, deadline=None)
@given(spans=st.lists(_SPAN, max_size=25))
def test_resolve_overlaps_keeps_what_comparing_every_pair_keeps(spans):
    findings = [
        finding(
            start,
            start + length,
            "x" * length,
            ("y",) if fixes else (),
            confidence=confidence,
            severity=severity,
            rule=f"r{n}",
        )
        for n, (start, length, fixes, confidence, severity) in enumerate(spans)
    ]
    assert resolve_overlaps(findings) == _resolve_by_brute_force(findings)


def test_findings_cache_key_changes_with_copyedit_code(monkeypatch):
    """Stored findings are keyed by copyedit's own source too: a checkout whose engine
    code changed under the same version number never reads the old engine's findings."""
    from copyedit import findings_cache

    doc = Document.from_text("A draft.\n")
    before = findings_cache.key_for("realword", "fp", doc)
    assert findings_cache.key_for("realword", "fp", doc) == before
    monkeypatch.setattr(findings_cache, "code_digest", lambda: "other code")
    assert findings_cache.key_for("realword", "fp", doc) != before
