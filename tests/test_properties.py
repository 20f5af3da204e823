"""Property tests: fixes and diffs agree on arbitrary text; nothing lands in markup."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from helpers import PATCH, apply_unified_diff, critic_accept, critic_reject, rules_engine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copyedit.checks.loader import build_rule
from copyedit.diffs import critic_markup, unified_diff
from copyedit.document import Document
from copyedit.engines.yaml_rules import YamlRulesEngine
from copyedit.fixes import apply_edits, fix_document
from copyedit.model import Applicability, Edit, Fix
from copyedit.pipeline import settle
from copyedit.readability import ReadabilityEngine

ALPHABET = st.sampled_from(
    list("ab ,.")
    + ["\n", "\r\n", "\r", "\u00a0", "\U0001f600", "\u201c", "\u201d", '"', "'", "\x0c"]
    + ["\u2028", "\t", "é", "\ufeff", "-"]
)
texts = st.lists(ALPHABET, max_size=60).map("".join)


@st.composite
def text_and_edits(draw) -> tuple[str, list[Edit]]:
    text = draw(texts)
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12, unique=True)))
    edits = []
    # pair consecutive points into disjoint spans; a lone leftover point is an insertion
    for start, end in zip(points[::2], points[1::2], strict=False):
        edits.append(Edit(start, end, text[start:end], draw(texts)))
    if len(points) % 2:
        p = points[-1]
        edits.append(Edit(p, p, "", draw(texts.filter(bool))))
    return text, draw(st.permutations(edits))


def _expected(text: str, edits: list[Edit]) -> str:
    out = text
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: e.start] + e.replacement + out[e.end :]
    return out


@settings(max_examples=400, deadline=None)
@given(text_and_edits())
def test_apply_edits_matches_diff_applied_in_python(case):
    text, edits = case
    result = apply_edits(text, edits)
    assert result.skipped == ()
    assert result.text == _expected(text, edits)
    diff = unified_diff(text, result.text, "draft.txt")
    assert apply_unified_diff(text, diff) == result.text
    assert (diff == "") == (result.text == text)


@settings(max_examples=200, deadline=None)
@given(text_and_edits())
def test_critic_markup_round_trips(case):
    text, edits = case
    new = apply_edits(text, edits).text
    marked = critic_markup(text, new)
    if not any(m in text + new for m in ("{", "}", "~")):
        assert critic_accept(marked) == new
        assert critic_reject(marked) == text


@pytest.mark.skipif(PATCH is None, reason="patch not installed")
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text_and_edits())
def test_apply_edits_matches_real_patch(case):
    text, edits = case
    new = apply_edits(text, edits).text
    diff = unified_diff(text, new, "draft.txt")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "draft.txt").write_bytes(text.encode())
        if diff:
            (folder / "fix.diff").write_bytes(diff.encode())
            proc = subprocess.run(
                [PATCH, "-p1", "--batch", "--silent", "-i", "fix.diff"],
                cwd=folder,
                capture_output=True,
                timeout=30,
            )
            assert proc.returncode == 0, proc.stdout + proc.stderr
        assert (folder / "draft.txt").read_bytes() == new.encode()


# --- Markdown-ish drafts: nothing reported or edited inside protected markup ---------------------
#
# The generator knows which spans it built as markup, so the oracle does not depend on
# copyedit's own idea of what is protected. A house rule that flags (and fixes) the
# word "utilise" reaches inside URLs, where the news rules find nothing to say.

HOUSE = build_rule(
    {
        "extends": "substitution",
        "message": "Use '{replacement}'.",
        "applicability": "safe",
        "swap": {"utilise": "use"},
        "examples": {"bad": ["utilise"], "good": ["use"]},
    },
    "house.utilise",
    "house/utilise.yml",
)
TRIGGERS = [
    "can not",
    "end result",
    "  ",
    " ,",
    "prior to",
    "in order to",
    "\u00a0 ",
    "(",
    "\u201c",
    "utilise",
]
WORDS = ["The", "council", "said", "it", "was", "late", "and", "Then", "vote", "x"]
# prose starts with a word, so no generated line is blank (a blank line ends a block)
prose = st.tuples(
    st.sampled_from(WORDS), st.lists(st.sampled_from(WORDS + TRIGGERS), max_size=11)
).map(lambda t: " ".join([t[0], *t[1]]))
code_body = st.lists(st.sampled_from(TRIGGERS + WORDS + ["*", "_", "<b>"]), min_size=1, max_size=5)
newline = st.sampled_from(["\n", "\r\n", "\r"])

Piece = tuple[str, bool]  # text, built as markup


@st.composite
def inline_pieces(draw) -> list[Piece]:
    pieces: list[Piece] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["prose", "prose", "code", "url", "link", "html"]))
        if pieces:
            pieces.append((" ", False))
        if kind == "prose":
            pieces.append((draw(prose), False))
        elif kind == "code":
            pieces.append(("`" + " ".join(draw(code_body)) + "`", True))
        elif kind == "url":
            pieces.append((draw(st.sampled_from(URLS)), True))
        elif kind == "link":
            pieces += [("[", False), (draw(prose), False), ("]", False)]
            pieces.append((draw(st.sampled_from(LINK_DESTS)), True))
        else:
            pieces.append((draw(st.sampled_from(INLINE_HTML)), True))
    return pieces


URLS = ["https://example.com/utilise", "www.example.org/utilise?q=utilise", "utilise@example.com"]
LINK_DESTS = ["(/utilise)", "(<https://x.org/end  result can not>)", '(/a "end  result")']
INLINE_HTML = ['<span title="can not  utilise">', "<!-- end  result -->", "</span>"]


@st.composite
def markdown_docs(draw) -> tuple[str, list[tuple[int, int]]]:
    nl = draw(newline)
    blocks: list[list[Piece]] = []
    if draw(st.booleans()):
        blocks.append([(f"---{nl}title: {draw(prose)}{nl}---", True)])
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["para", "para", "fence", "indented", "html", "quote"]))
        if kind == "para":
            block: list[Piece] = []
            for n in range(draw(st.integers(1, 3))):
                if n:
                    block.append((nl, False))
                block += draw(inline_pieces())
            blocks.append(block)
        elif kind == "fence":
            body = nl.join(draw(st.lists(prose, min_size=1, max_size=3)))
            blocks.append([(f"```{nl}{body}{nl}```", True)])
        elif kind == "indented":
            lines = draw(st.lists(prose, min_size=1, max_size=3))
            blocks.append([(nl.join("    " + line for line in lines), True)])
        elif kind == "html":
            blocks.append([(f"<div>{nl}{draw(prose)}{nl}</div>", True)])
        else:
            blocks.append([("He said \u201c", False), *draw(inline_pieces()), ("\u201d.", False)])
    text, spans = "", []
    for n, block in enumerate(blocks):
        if n:
            text += nl + nl
        for piece, markup in block:
            if markup:
                spans.append((len(text), len(text) + len(piece)))
            text += piece
    return text + draw(st.sampled_from(["", nl])), spans


@settings(max_examples=200, deadline=None)
@given(markdown_docs())
def test_nothing_lands_in_protected_markup(case):
    text, markup = case
    doc = Document.from_text(text, format="markdown")
    assert len(doc.masked) == len(doc.text)
    for start, end in markup:
        assert all(doc.is_protected(k, k + 1) for k in range(start, end)), text[start:end]
    engine = YamlRulesEngine([*rules_engine().rules, HOUSE])
    raw = engine.check(doc) + ReadabilityEngine(limit=20).check(doc)
    findings = settle(doc, raw)
    for f in findings:
        assert text[f.start : f.end] == f.text
        assert not doc.is_protected(f.start, f.end), (f.rule, f.text)
        if f.rule != "readability.long-sentence":  # a sentence may run past inline code
            assert not any(s < f.end and f.start < e for s, e in markup), (f.rule, f.text)
    for accept in (Applicability.SAFE, Applicability.UNSAFE):
        result = fix_document(doc, findings, accept)
        for e in result.applied:
            assert not any(s < e.end and e.start < t for s, t in markup)
            assert not doc.is_protected(e.start, e.end)
            assert not doc.in_quote(e.start, e.end)
        # every piece of markup survives, in order, character for character
        out, pos = result.text, 0
        for start, end in markup:
            found = out.find(text[start:end], pos)
            assert found >= 0, text[start:end]
            pos = found + end - start
        assert apply_unified_diff(text, unified_diff(text, result.text, "d.md")) == result.text
    # and the prose is still checked: every "utilise" copyedit sees as prose, outside a
    # quotation, is fixed. (An HTML block runs to the end of its line or paragraph in
    # CommonMark, so markup may cover more than the generator built.)
    fixed = fix_document(doc, findings, Applicability.SAFE)
    fixable = [
        i
        for i in range(len(text))
        if text.startswith("utilise", i)
        and not doc.is_protected(i, i + 7)
        and not doc.in_quote(i, i + 7)
    ]
    assert sorted(e.start for e in fixed.applied if e.original == "utilise") == fixable


@st.composite
def fixes_on(draw, text: str) -> Fix:
    """A fix of one to three edits on ``text`` that do not collide with each other."""
    edits: list[Edit] = []
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 3)))
        edit = Edit(start, end, text[start:end], draw(st.sampled_from(["", "X", "YZ"])))
        if not any(edit.collides(e) for e in edits):
            edits.append(edit)
    return Fix(tuple(edits))


@given(st.data())
@settings(max_examples=300)
def test_apply_agrees_with_the_overlap_rule_for_fixes_of_several_edits(data):
    """Two fixes ``apply_edits`` will not make together collide (``Fix.collides``); made
    together, each is made whole, as if by hand; a fix is never made in part."""
    text = data.draw(st.sampled_from(["abcdefghij", "ab cd ef\n", "\u00a0x\U0001f600y z"]))
    a, b = data.draw(fixes_on(text)), data.draw(fixes_on(text))
    result = apply_edits(text, [a, b])
    changed = [f for f in (a, b) if any(e.replacement != e.original for e in f.edits)]
    made = [e for f in result.fixes for e in f.edits if e.replacement != e.original]
    assert sorted(result.applied, key=repr) == sorted(made, key=repr)  # whole fixes only
    if len(result.fixes) < len(changed):
        assert a.collides(b)
    else:
        manual = text
        for e in sorted(a.edits + b.edits, key=lambda e: (e.start, e.end), reverse=True):
            manual = manual[: e.start] + e.replacement + manual[e.end :]
        assert result.text == manual
