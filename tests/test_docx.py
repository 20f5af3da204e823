"""Word .docx in and out: reading (existing tracked changes taken as accepted), writing edits
as tracked changes and unapplied findings as comments, refusing bad input, and what
LibreOffice makes of the written file.

Written files are read back with python-docx and with a small independent reader of the XML
below (accept all / reject all), not with copyedit's own reader.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

docx = pytest.importorskip("docx")
from docx.shared import Pt  # noqa: E402
from helpers import ROOT, finding, found  # noqa: E402
from lxml import etree  # noqa: E402

from copyedit.cli import main  # noqa: E402
from copyedit.document import expand_paths, load  # noqa: E402
from copyedit.docx.reader import load_package  # noqa: E402
from copyedit.docx.safety import _parser  # noqa: E402
from copyedit.docx.writer import tracked_changes  # noqa: E402
from copyedit.errors import InputError  # noqa: E402
from copyedit.fixes import fix_document  # noqa: E402
from copyedit.model import Applicability  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
OPED = ROOT / "samples" / "oped-pakistan-neutrality.txt"
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
REQUIRE_OFFICE = bool(os.environ.get("COPYEDIT_REQUIRE_OFFICE"))


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- building inputs -------------------------------------------------------------------


def make_docx(path, paragraphs: list[list]):
    """A .docx whose paragraphs are lists of runs: a string, or (text, "b"/"i"/"bi"); saved
    to ``path`` (a Path or a binary file object), which is returned."""
    d = docx.Document()
    for runs in paragraphs:
        p = d.add_paragraph()
        for run in runs:
            text, fmt = (run, "") if isinstance(run, str) else run
            r = p.add_run(text)
            r.bold = "b" in fmt or None
            r.italic = "i" in fmt or None
    d.save(path)
    return path


def oped_docx(path: Path) -> Path:
    """The sample op-ed, one paragraph per blank-line-separated block; in each paragraph the
    first word is bold, the third italic, and the fifth 14 pt."""
    text = OPED.read_text(encoding="utf-8")
    d = docx.Document()
    for block in re.split(r"\n[ \t\u00a0]*\n\s*", text.strip("\n")):
        p = d.add_paragraph()
        words = block.split(" ")
        for j, word in enumerate(words):
            r = p.add_run(word + (" " if j < len(words) - 1 else ""))
            r.bold = j == 0 or None
            r.italic = j == 2 or None
            if j == 4:
                r.font.size = Pt(14)
    d.save(path)
    return path


def rewrite_document(path: Path, change) -> None:
    """Edit word/document.xml of the .docx at ``path`` in place: ``change(root)`` alters the
    parsed XML, which is then written back."""
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zf.writestr(info, data)


# --- reading the written XML independently ---------------------------------------------


def xml_of(path: Path, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


def view(root: etree._Element, accept: bool) -> list[list[tuple[str, tuple]]]:
    """Per paragraph, (character, formatting) after accepting or rejecting every change.

    Formatting is the serialised w:rPr of the run, so any lost property shows. ``root`` is
    a document (its body is read) or a notes, header or footer part (all of it)."""
    drop = q("del") if accept else q("ins")
    keep_text = q("t") if accept else (q("t"), q("delText"))
    out = []
    for p in (root.find(q("body")) if root.tag == q("document") else root).iter(q("p")):
        chars = []
        for el in p.iter(q("t"), q("delText"), q("tab")):
            if any(a.tag == drop for a in el.iterancestors()):
                continue
            if el.tag == q("tab"):
                text = "\t"
            elif el.tag in keep_text:
                text = el.text or ""
            else:
                continue
            run = el.getparent()
            props = run.find(q("rPr"))
            fmt = etree.tostring(props) if props is not None else b""
            chars.extend((c, fmt) for c in text)
        out.append(chars)
    return out


def text_of(paragraphs: list[list[tuple[str, tuple]]]) -> str:
    return "\n\n".join("".join(c for c, _ in p) for p in paragraphs)


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args))


def fixed_text_path(src: Path, accept: str):
    """What the plain-text pipeline makes of the same text (the reference fixed text)."""
    from copyedit.cli import build_engines
    from copyedit.config import Config
    from copyedit.pipeline import Selector, check_documents

    doc = load(src)
    engines = build_engines(Config(), languagetool=False)
    report = check_documents([doc], engines, Selector((), ()))[0]
    return doc, report, fix_document(doc, report.findings, Applicability(accept))


# --- reading ---------------------------------------------------------------------------


def test_reader_joins_paragraphs_and_takes_existing_changes_as_accepted(tmp_path):
    path = make_docx(
        tmp_path / "a.docx",
        [["The ", ("council", "b"), " met."], [], ["It ", ("approved", "i"), " the budget."]],
    )

    def add_changes(root) -> None:
        p = root.find(q("body")).findall(q("p"))[0]
        ins = etree.SubElement(p, q("ins"), {q("id"): "90", q("author"): "ed"})
        r = etree.SubElement(ins, q("r"))
        etree.SubElement(r, q("t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        r[0].text = " Again"
        dele = etree.SubElement(p, q("del"), {q("id"): "91", q("author"): "ed"})
        r = etree.SubElement(dele, q("r"))
        etree.SubElement(r, q("delText")).text = " Gone"
        r = etree.SubElement(p, q("r"))
        etree.SubElement(r, q("tab"))
        etree.SubElement(r, q("t")).text = "end"

    rewrite_document(path, add_changes)
    doc = load(path)
    assert doc.format == "docx"
    assert doc.text == "The council met. Again\tend\n\n\n\nIt approved the budget."
    assert [doc.text[r.start : r.end] for r in doc.paragraphs] == [
        "The council met. Again\tend",
        "It approved the budget.",
    ]
    assert expand_paths([str(tmp_path)]) == [path]


def test_a_deleted_paragraph_mark_joins_the_paragraphs(tmp_path):
    path = make_docx(tmp_path / "a.docx", [["The council met "], ["on Tuesday."], ["Next."]])

    def delete_mark(root) -> None:
        p = root.find(q("body")).findall(q("p"))[0]
        ppr = p.find(q("pPr"))
        if ppr is None:
            ppr = etree.Element(q("pPr"))
            p.insert(0, ppr)
        rpr = etree.SubElement(ppr, q("rPr"))
        etree.SubElement(rpr, q("del"), {q("id"): "7", q("author"): "ed"})

    rewrite_document(path, delete_mark)
    assert load(path).text == "The council met on Tuesday.\n\nNext."


def test_check_reads_docx_through_the_cli(tmp_path):
    path = make_docx(tmp_path / "draft.docx", [["The result ", ("can not", "i"), " wait."]])
    res = run_cli("check", str(path), "--no-languagetool", "--format", "json")
    assert res.exit_code in (0, 1), res.output
    rules = [f["rule"] for f in json.loads(res.stdout)["files"][0]["findings"]]
    assert "news.cannot" in rules


# --- writing ---------------------------------------------------------------------------

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _fix(path: Path, findings, accept=Applicability.SAFE):
    doc = load(path)
    out = tracked_changes(path.read_bytes(), str(path), doc.text, findings, accept, now=NOW)
    written = path.with_name("out.docx")
    written.write_bytes(out.data)
    return doc, out, written


def test_replacement_splits_a_run_and_keeps_its_formatting(tmp_path):
    path = make_docx(tmp_path / "a.docx", [[("The result can not wait.", "b")], ["Next."]])
    doc = load(path)
    doc_out, out, written = _fix(path, [found(doc.text, "can not", ("cannot",))])
    assert out.fix.text == "The result cannot wait.\n\nNext."
    root = xml_of(written)
    dels, inss = root.findall(".//w:del", NS), root.findall(".//w:ins", NS)
    assert len(dels) == len(inss) == 1
    for change in dels + inss:
        assert change.get(q("author")) == "copyedit"
        assert change.get(q("date")) == "2026-11-29T12:00:00Z"
    assert "".join(dels[0].itertext()) == "can not"
    assert dels[0].find(".//w:delText", NS) is not None and dels[0].find(".//w:t", NS) is None
    assert "".join(inss[0].itertext()) == "cannot"
    # every run, the split halves, the deleted and the inserted one, is still bold
    runs = root.findall(".//w:body/w:p", NS)[0].iter(q("r"))
    assert all(r.find("w:rPr/w:b", NS) is not None for r in runs)
    assert text_of(view(root, accept=True)) == out.fix.text
    assert text_of(view(root, accept=False)) == doc.text
    assert docx.Document(str(written)).paragraphs[1].text == "Next."


def test_replacement_across_runs_takes_the_first_runs_formatting(tmp_path):
    path = make_docx(tmp_path / "a.docx", [["The result ", ("can", "i"), (" not", "b"), " wait."]])
    doc = load(path)
    _, out, written = _fix(path, [found(doc.text, "can not", ("cannot",))])
    root = xml_of(written)
    ins = root.find(".//w:ins/w:r", NS)
    assert ins.find("w:rPr/w:i", NS) is not None and ins.find("w:rPr/w:b", NS) is None
    before = view(xml_of(path), accept=True)
    assert view(root, accept=False) == before  # rejecting restores text and formatting
    assert text_of(view(root, accept=True)) == "The result cannot wait."


def test_insertion_deletion_and_unrepresentable_edits(tmp_path):
    path = make_docx(tmp_path / "a.docx", [["Its a test  here"], ["Second para."], ["Third."]])
    doc = load(path)
    t = doc.text
    end_of_here = t.index("here") + 4
    second = t.index("Second")
    findings = [
        found(t, "Its", ("It's",)),
        found(t, "  ", (" ",)),
        finding(end_of_here, end_of_here, "", (".",)),  # an insertion
        # an edit across a paragraph break cannot be one tracked change: left as a comment
        found(t, "para.\n\nThird", ("para. Third",), rule="test.across"),
        finding(
            second, second, "", (), rule="test.point", applicability=Applicability.DISPLAY_ONLY
        ),
    ]
    _, out, written = _fix(path, findings)
    root = xml_of(written)
    assert text_of(view(root, accept=True)) == out.fix.text
    assert out.fix.text == "It's a test here.\n\nSecond para.\n\nThird."
    assert text_of(view(root, accept=False)) == doc.text
    assert [s.reason for s in out.fix.skipped] == ["docx-structure"]
    assert len(root.findall(".//w:ins", NS)) == 3 and len(root.findall(".//w:del", NS)) == 2
    comments = xml_of(written, "word/comments.xml").findall("w:comment", NS)
    assert sorted(re.search(r"test\.\w+", "".join(c.itertext()))[0] for c in comments) == [
        "test.across",
        "test.point",
    ]
    # the point comment sits right before "Second"
    p2 = root.find(q("body")).findall(q("p"))[1]
    assert p2[1].tag == q("commentRangeStart") or p2[0].tag == q("commentRangeStart")


def test_an_insertion_right_after_a_replacement_follows_it(tmp_path):
    path = make_docx(tmp_path / "a.docx", [["abc def"]])
    findings = [finding(0, 3, "abc", ("X",)), finding(3, 3, "", ("Y",))]
    _, out, written = _fix(path, findings)
    assert out.fix.text == "XY def" == text_of(view(xml_of(written), accept=True))


def test_edits_inside_an_existing_tracked_insertion_are_left_alone(tmp_path):
    path = make_docx(tmp_path / "a.docx", [["The vote "]])

    def add_ins(root) -> None:
        p = root.find(q("body")).find(q("p"))
        ins = etree.SubElement(p, q("ins"), {q("id"): "5", q("author"): "reporter"})
        etree.SubElement(etree.SubElement(ins, q("r")), q("t")).text = "can not wait."

    rewrite_document(path, add_ins)
    doc = load(path)
    assert doc.text == "The vote can not wait."
    _, out, written = _fix(path, [found(doc.text, "can not", ("cannot",))])
    assert out.fix.applied == () and [s.reason for s in out.fix.skipped] == ["docx-structure"]
    root = xml_of(written)
    assert root.findall(".//w:ins", NS)[0].get(q("author")) == "reporter"
    assert not [e for e in root.iter() if e.get(q("author")) == "copyedit"]
    comment = xml_of(written, "word/comments.xml").find("w:comment", NS)
    assert "Suggested: \u201ccannot\u201d" in "".join(comment.itertext())


def test_oped_docx_round_trip_through_the_cli(tmp_path):
    src = oped_docx(tmp_path / "oped.docx")
    out = tmp_path / "oped-fixed.docx"
    diff = tmp_path / "oped.diff"
    res = run_cli(
        "fix",
        str(src),
        "--no-languagetool",
        "--accept",
        "unsafe",
        "-o",
        str(out),
        "--diff",
        str(diff),
    )
    assert res.exit_code == 0, res.output
    doc, report, reference = fixed_text_path(src, "unsafe")
    assert len(reference.applied) >= 20  # the op-ed has plenty to fix

    root = xml_of(out)
    dels, inss = root.findall(".//w:del", NS), root.findall(".//w:ins", NS)
    assert len(dels) >= 20 and len(inss) >= 20
    for change in dels + inss:
        assert change.get(q("author")) == "copyedit" and DATE.match(change.get(q("date")))
    ids = [e.get(q("id")) for e in dels + inss]
    assert len(ids) == len(set(ids))

    # accepting everything gives exactly the text pipeline's fixed text; rejecting, the input
    assert text_of(view(root, accept=True)) == reference.text
    assert text_of(view(root, accept=False)) == doc.text
    # ... and rejecting restores every character's formatting (bold, italic, 14 pt)
    original = view(xml_of(src), accept=True)
    assert view(root, accept=False) == original
    assert load(out).text == reference.text  # copyedit reads its own output as accepted

    # untouched runs are the same elements, formatting included
    def plain_runs(r):
        return [
            etree.tostring(x)
            for x in r.iter(q("r"))
            if not any(a.tag in (q("ins"), q("del")) for a in x.iterancestors())
            and x.find(q("t")) is not None
        ]

    kept = set(plain_runs(xml_of(src)))
    assert sum(1 for r in plain_runs(root) if r in kept) > 0.9 * len(kept)
    bold = [r for r in root.iter(q("r")) if r.find("w:rPr/w:b", NS) is not None]
    assert len(bold) >= len([p for p in original if p])

    # findings not applied became comments, anchored in the document
    applied = set(reference.applied)
    unapplied = [f for f in report.findings if f.fix is None or not set(f.fix.edits) <= applied]
    comments = xml_of(out, "word/comments.xml").findall("w:comment", NS)
    assert len(comments) == len(unapplied) >= 3
    texts = ["".join(c.itertext()) for c in comments]
    assert any("news.unbalanced-quotes" in t and "quotation" in t for t in texts)
    assert any("display-only" in t for t in texts)
    for c in comments:
        cid = c.get(q("id"))
        assert c.get(q("author")) == "copyedit"
        for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
            assert len(root.findall(f".//w:{tag}[@w:id='{cid}']", NS)) == 1
    with zipfile.ZipFile(out) as zf:
        assert 'Target="comments.xml"' in zf.read("word/_rels/document.xml.rels").decode()
        assert "/word/comments.xml" in zf.read("[Content_Types].xml").decode()
        assert zf.testzip() is None

    # python-docx opens it; the diff is the text diff
    assert len(docx.Document(str(out)).paragraphs) == len(original)
    d = diff.read_text(encoding="utf-8")
    assert d.startswith("--- a/") and "-" in d and "cannot" in d


@pytest.mark.usefixtures("uncalibrated")
def test_tables_hyperlinks_and_existing_comments(tmp_path):
    d = docx.Document()
    p = d.add_paragraph()
    first = p.add_run("The council can not wait.")
    d.add_comment(first, text="Check the quote with the desk.", author="Desk", initials="D")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "The United Nation met."
    table.cell(0, 1).text = "Fine."
    link = d.add_paragraph()
    link.add_run("Read ")
    path = tmp_path / "complex.docx"
    d.save(path)

    def add_link(root) -> None:
        p = root.find(q("body")).findall(q("p"))[-1]
        h = etree.SubElement(p, q("hyperlink"), {q("anchor"): "top"})
        r = etree.SubElement(h, q("r"))
        etree.SubElement(etree.SubElement(r, q("rPr")), q("u"), {q("val"): "single"})
        etree.SubElement(r, q("t")).text = "the report that can not wait"

    rewrite_document(path, add_link)
    doc = load(path)
    assert doc.text == (
        "The council can not wait.\n\nThe United Nation met.\n\nFine.\n\n"
        "Read the report that can not wait"
    )
    res = run_cli("fix", str(path), "--no-languagetool", "-o", str(tmp_path / "out.docx"))
    assert res.exit_code == 0, res.output
    out = tmp_path / "out.docx"
    root = xml_of(out)
    accepted = text_of(view(root, accept=True))
    assert accepted.count("cannot") == 2 and "can not" not in accepted
    assert text_of(view(root, accept=False)) == doc.text
    # the edit in the link stays in the link, underlined
    ins = root.find(".//w:hyperlink/w:ins/w:r", NS)
    assert ins.findtext("w:t", namespaces=NS) == "cannot" and ins.find("w:rPr/w:u", NS) is not None
    comments = xml_of(out, "word/comments.xml").findall("w:comment", NS)
    authors = [c.get(q("author")) for c in comments]
    assert authors[0] == "Desk" and "copyedit" in authors
    ids = [c.get(q("id")) for c in comments]
    assert len(ids) == len(set(ids))
    assert docx.Document(str(out)).tables[0].cell(0, 1).text == "Fine."


def _random_findings(text: str, spans) -> list:
    """One finding per (start, length, replacement, fixable), clipped to ``text``: a safe
    edit when fixable, else a display-only finding (a comment)."""
    findings = []
    for start, length, replacement, fixable in spans:
        start = min(start, len(text))
        end = min(start + length, len(text))
        findings.append(
            finding(
                start,
                end,
                text[start:end],
                (replacement,) if fixable else (),
                applicability=Applicability.SAFE if fixable else Applicability.DISPLAY_ONLY,
            )
        )
    return findings


_RUN = st.tuples(st.text("ab c\t", min_size=1, max_size=6), st.sampled_from(["", "b", "i", "bi"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(st.lists(_RUN, min_size=1, max_size=4), min_size=1, max_size=3),
    spans=st.lists(
        st.tuples(
            st.integers(0, 40), st.integers(0, 4), st.sampled_from(["", "X", "yz"]), st.booleans()
        ),
        max_size=5,
    ),
)
# an empty insertion between two paragraph breaks once counted as a skipped edit
@example(paragraphs=[[("a", ""), ("aa", "")], [("a", "")]], spans=[(4, 0, "", True)])
def test_any_edits_accept_to_the_fix_and_reject_to_the_original(paragraphs, spans):
    """Random runs and formatting, random edits and comments: accepting every change gives
    the fixed text, rejecting gives back every character with its formatting."""
    data = make_docx(io.BytesIO(), paragraphs).getvalue()
    _, _, tmap = load_package(data, "p.docx")
    text = tmap.text
    findings = _random_findings(text, spans)
    out = tracked_changes(data, "p.docx", text, findings, Applicability.SAFE, now=NOW)
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(out.data)).read("word/document.xml"))
    original = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    assert text_of(view(root, accept=True)) == out.fix.text
    assert view(root, accept=False) == view(original, accept=True)
    wanted = [f for f in findings if f.fixable and f.replacements[0] != f.text]
    assert len(out.fix.applied) + len(out.fix.skipped) <= len(wanted)
    ids = [e.get(q("id")) for e in root.iter(q("ins"), q("del"), q("commentRangeStart"))]
    assert len(ids) == len(set(ids))


def test_fix_in_place_replaces_the_docx_atomically(tmp_path):
    path = make_docx(tmp_path / "draft.docx", [["The result can not wait."]])
    os.chmod(path, 0o640)
    before = path.read_bytes()
    res = run_cli("fix", str(path), "--no-languagetool", "--in-place")
    assert res.exit_code == 0, res.output
    assert path.read_bytes() != before
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.docx"]  # no temp file left
    assert text_of(view(xml_of(path), accept=True)) == "The result cannot wait."
    assert "1 tracked change(s)" in res.stderr


def test_a_second_run_does_not_repeat_comments(tmp_path):
    # the unbalanced quote runs to the end, so "can not" is in a quotation: both are comments
    path = make_docx(tmp_path / "draft.docx", [["\u201cThe result can not wait, he said."]])
    counts = []
    for _ in range(2):
        res = run_cli("fix", str(path), "--no-languagetool", "--in-place")
        assert res.exit_code == 0, res.output
        comments = xml_of(path, "word/comments.xml").findall("w:comment", NS)
        counts.append(len(comments))
        assert len(xml_of(path).findall(".//w:commentReference", NS)) == len(comments)
    assert counts == [2, 2]
    texts = {
        re.search(r"\[([\w.-]+),", "".join(c.itertext()))[1]: "".join(c.itertext())
        for c in comments
    }
    assert sorted(texts) == ["news.cannot", "news.unbalanced-quotes"]
    assert "in a quotation" in texts["news.cannot"]


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "cannot go to stdout"),
        (["-o", "-"], "cannot go to stdout"),
        (["-o", "OUT.txt"], "written as .docx"),
        (["--critic", "OUT.md", "-o", "OUT.docx"], "--critic is for text drafts"),
    ],
)
def test_docx_output_usage_errors(tmp_path, args, message):
    path = make_docx(tmp_path / "draft.docx", [["The result can not wait."]])
    args = [a.replace("OUT", str(tmp_path / "out")) for a in args]
    res = run_cli("fix", str(path), "--no-languagetool", *args)
    assert res.exit_code == 2
    assert message in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.docx"]
    assert res.stdout.count("PK") == 0


def test_diff_alone_for_a_docx(tmp_path):
    path = make_docx(tmp_path / "draft.docx", [["The result can not wait."]])
    res = run_cli("fix", str(path), "--no-languagetool", "--diff", str(tmp_path / "d.diff"))
    assert res.exit_code == 0, res.output
    diff = (tmp_path / "d.diff").read_text(encoding="utf-8")
    assert "-The result can not wait." in diff and "+The result cannot wait." in diff
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.diff", "draft.docx"]


# --- bad input -------------------------------------------------------------------------


def _zip(path: Path, parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _good_parts(tmp_path: Path) -> dict[str, bytes]:
    src = make_docx(tmp_path / "good.docx", [["Fine text."]])
    with zipfile.ZipFile(src) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    src.unlink()
    return parts


def _xxe(tmp_path: Path, secret_file: Path) -> dict[str, bytes]:
    parts = _good_parts(tmp_path)
    body = parts["word/document.xml"].decode("utf-8")
    body = body.replace("Fine text.", "&xxe;")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
    body = body.replace("?>", "?>" + doctype, 1)
    parts["word/document.xml"] = body.encode("utf-8")
    return parts


def _padded_parts(tmp_path: Path) -> dict[str, bytes]:
    """A good .docx's parts plus 8 MB of zeros: a small zip declaring a large part."""
    return dict(_good_parts(tmp_path), **{"word/media/padding.bin": b"\0" * (8 * 1024 * 1024)})


def _truncated(tmp_path: Path) -> bytes:
    data = _zip(tmp_path / "g.docx", _good_parts(tmp_path)).read_bytes()
    return data[: len(data) // 2]


def _secret_xxe(tmp_path: Path) -> dict[str, bytes]:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7731", encoding="utf-8")
    return _xxe(tmp_path, secret)


def _laughs(tmp_path: Path) -> dict[str, bytes]:
    parts = _good_parts(tmp_path)
    doc = parts["word/document.xml"].decode("utf-8")
    lol = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    parts["word/document.xml"] = doc.replace("?>", "?>" + lol, 1).replace("Fine", "&b;").encode()
    return parts


def _without(name: str):
    def parts(tmp_path: Path) -> dict[str, bytes]:
        return {k: v for k, v in _good_parts(tmp_path).items() if k != name}

    return parts


def _broken_xml(tmp_path: Path) -> dict[str, bytes]:
    return dict(_good_parts(tmp_path), **{"word/document.xml": b"<w:document><w:body>"})


def _notes_xxe(tmp_path: Path) -> dict[str, bytes]:
    """A good .docx with a footnote whose part declares an external entity."""
    src = add_notes(make_docx(tmp_path / "n.docx", [["Fine text."]]), "footnotes", ["Note."])
    with zipfile.ZipFile(src) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7731", encoding="utf-8")
    notes = parts["word/my-footnotes.xml"].decode("utf-8").replace(" Note.", "&xxe;")
    doctype = f'<!DOCTYPE w:footnotes [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    parts["word/my-footnotes.xml"] = notes.replace("?>", "?>" + doctype, 1).encode("utf-8")
    return parts


BAD_INPUTS = {
    # name: (builder of the file's bytes, or of the parts to zip; what the error says)
    "text.docx": (lambda _: b"Just a text file renamed.\n", "not a zip archive"),
    "truncated.docx": (_truncated, "damaged .docx"),
    "encrypted.docx": (
        lambda _: bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600,
        "password-protected .docx or old binary Word .doc",
    ),
    "bomb.docx": (_padded_parts, "zip bomb refused"),
    "xxe.docx": (_secret_xxe, "DOCTYPE"),
    "laughs.docx": (_laughs, "DOCTYPE"),
    "nodoc.docx": (_without("word/document.xml"), "no word/document.xml"),
    "notypes.docx": (_without("[Content_Types].xml"), "no [Content_Types].xml"),
    "badxml.docx": (_broken_xml, "not well-formed"),
    "notes-xxe.docx": (_notes_xxe, "word/my-footnotes.xml declares a DOCTYPE"),
}


def _bad_input(tmp_path: Path, name: str) -> tuple[bytes, str]:
    """The bytes of one bad input (only that one is built) and its expected message."""
    build, message = BAD_INPUTS[name]
    made = build(tmp_path)
    if isinstance(made, dict):
        made = _zip(tmp_path / "case.zip", made).read_bytes()
    return made, message


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_docx_is_one_line_exit_2_and_nothing_written(tmp_path, name):
    data, message = _bad_input(tmp_path, name)
    work = tmp_path / "work"
    work.mkdir()
    path = work / name
    path.write_bytes(data)
    for args in (
        ["check", str(path), "--no-languagetool"],
        ["fix", str(path), "--no-languagetool", "-o", str(work / "out.docx")],
        ["fix", str(path), "--no-languagetool", "--in-place"],
    ):
        res = run_cli(*args)
        assert res.exit_code == 2, (args, res.output)
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("copyedit: error: "), res.stderr
        assert message in lines[0]
        assert "TOP-SECRET-7731" not in res.output
        assert sorted(p.name for p in work.iterdir()) == [name]
        assert path.read_bytes() == data


def test_external_entity_is_never_resolved(tmp_path):
    """Even past the DOCTYPE refusal, the parser leaves the entity unresolved."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7731", encoding="utf-8")
    xml = _xxe(tmp_path, secret)["word/document.xml"]
    root = etree.parse(io.BytesIO(xml), _parser()).getroot()
    assert "TOP-SECRET-7731" not in etree.tostring(root).decode()
    assert "TOP-SECRET-7731" not in "".join(root.itertext())
    with pytest.raises(InputError, match="DOCTYPE"):
        load_package(_zip(tmp_path / "x.docx", _xxe(tmp_path, secret)).read_bytes(), "x.docx")


def test_bomb_is_refused_from_declared_sizes_alone(tmp_path, monkeypatch):
    """The bomb check reads the central directory only: nothing is decompressed."""
    from copyedit.docx import safety

    data, _ = _bad_input(tmp_path, "bomb.docx")

    def no_reading(*a, **k):
        raise AssertionError("decompressed a part of a zip bomb")

    monkeypatch.setattr(safety.Package, "read", no_reading)
    with pytest.raises(InputError, match="zip bomb refused"):
        load_package(data, "bomb.docx")


def _lying_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """The zip with ``name``'s uncompressed size rewritten to ``size`` in both headers."""
    import struct

    out = bytearray(data)
    for sig, size_at, name_len_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        pos = out.find(sig)
        while pos != -1:
            (n,) = struct.unpack_from("<H", out, pos + name_len_at)
            if bytes(out[pos + name_at : pos + name_at + n]) == name:
                struct.pack_into("<I", out, pos + size_at, size)
            pos = out.find(sig, pos + 4)
    return bytes(out)


def test_a_zip_that_lies_about_sizes_is_refused_when_read(tmp_path):
    data = _lying_sizes(
        _zip(tmp_path / "z.zip", _padded_parts(tmp_path)).read_bytes(),
        b"word/media/padding.bin",
        1000,
    )
    path = tmp_path / "work" / "liar.docx"
    path.parent.mkdir()
    path.write_bytes(data)
    res = run_cli("fix", str(path), "--no-languagetool", "-o", str(path.parent / "out.docx"))
    assert res.exit_code == 2 and "damaged .docx" in res.stderr, res.output
    assert sorted(p.name for p in path.parent.iterdir()) == ["liar.docx"]


# --- LibreOffice -----------------------------------------------------------------------


def _soffice() -> str:
    found_at = shutil.which("soffice") or shutil.which("libreoffice")
    if not found_at:
        if REQUIRE_OFFICE:
            pytest.fail("soffice not found (COPYEDIT_REQUIRE_OFFICE is set)")
        pytest.skip("LibreOffice (soffice) not installed")
    return found_at


def convert(soffice: str, src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    assert out.exists(), f"LibreOffice wrote no {out.name}"
    return out


def pdf_words(pypdf, pdf: Path) -> str:
    """The PDF's text, whitespace runs made one space."""
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    return re.sub(r"\s+", " ", text)


@pytest.mark.usefixtures("uncalibrated")
def test_libreoffice_shows_the_tracked_changes(tmp_path):
    soffice = _soffice()
    if REQUIRE_OFFICE:
        import pypdf
    else:
        pypdf = pytest.importorskip("pypdf")
    src = oped_docx(tmp_path / "oped.docx")
    out = tmp_path / "oped-fixed.docx"
    res = run_cli("fix", str(src), "--no-languagetool", "--accept", "unsafe", "-o", str(out))
    assert res.exit_code == 0, res.output
    profile = tmp_path / "lo-profile"
    pdfs = tmp_path / "pdf"
    fixed_pdf = convert(soffice, out, "pdf", pdfs, profile)
    plain_pdf = convert(soffice, src, "pdf", pdfs, profile)
    fixed, plain = pdf_words(pypdf, fixed_pdf), pdf_words(pypdf, plain_pdf)
    # the deleted and the inserted word are both on the page (struck and underlined)
    assert "vessel" in plain and "vassal" not in plain
    assert "vessel" in fixed and "vassal" in fixed
    assert "geo strategic" in fixed and "geostrategic" in fixed

    # LibreOffice's own model of the file: every change and comment, as changes and notes
    flat = convert(soffice, out, "fodt", tmp_path / "fodt", profile).read_text(encoding="utf-8")
    root = xml_of(out)
    n_comments = len(xml_of(out, "word/comments.xml").findall("w:comment", NS))
    assert flat.count("<text:deletion") == len(root.findall(".//w:del", NS)) >= 20
    assert flat.count("<text:insertion") == len(root.findall(".//w:ins", NS)) >= 20
    assert flat.count("<office:annotation ") == n_comments >= 3
    assert flat.count("<dc:creator>copyedit</dc:creator>") == (
        flat.count("<text:deletion") + flat.count("<text:insertion") + n_comments
    )


# --- notes, headers and footers ----------------------------------------------------------

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _rewrite_zip(path: Path, change) -> None:
    """Rewrite the .docx at ``path``: ``change(parts)`` edits the dict of part name -> bytes
    (order kept, new parts appended)."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _note(parent, tag: str, note_id: int, note_type: str | None, text: str, ref: str | None):
    note = etree.SubElement(parent, q(tag), {q("id"): str(note_id)})
    if note_type:
        note.set(q("type"), note_type)
    p = etree.SubElement(note, q("p"))
    if ref:
        etree.SubElement(etree.SubElement(p, q("r")), q(ref))
    if text:
        t = etree.SubElement(etree.SubElement(p, q("r")), q("t"), {XML_SPACE: "preserve"})
        t.text = text
    return note


def add_notes(path: Path, kind: str, notes: list[str], extra=None) -> Path:
    """Give the .docx at ``path`` a ``kind`` part ("footnotes" or "endnotes") as Word writes
    it: a separator, a continuation separator, then note i+1 holding " " + notes[i] (Word's
    reference mark and space first), each referenced at the end of the body's first
    paragraph. The part is named ``word/my-<kind>.xml``, not Word's name, so it is found
    only through the relationships. ``extra(notes_root, body_paragraph)`` may add more."""
    one = kind[:-1]

    def change(parts: dict[str, bytes]) -> None:
        root = etree.Element(q(kind), nsmap={"w": W})
        _note(root, one, -1, "separator", "", "separator")
        _note(root, one, 0, "continuationSeparator", "", "continuationSeparator")
        doc = etree.fromstring(parts["word/document.xml"])
        first = doc.find(q("body")).find(q("p"))
        for i, text in enumerate(notes, 1):
            _note(root, one, i, None, " " + text, f"{one}Ref")
            run = etree.SubElement(first, q("r"))
            props = etree.SubElement(run, q("rPr"))
            etree.SubElement(props, q("vertAlign"), {q("val"): "superscript"})
            etree.SubElement(run, q(f"{one}Reference"), {q("id"): str(i)})
        if extra:
            extra(root, first)
        parts["word/document.xml"] = _to_bytes(doc)
        parts[f"word/my-{kind}.xml"] = _to_bytes(root)
        rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
        etree.SubElement(
            rels,
            f"{{{PKG_RELS}}}Relationship",
            {"Id": f"rIdMy{kind}", "Type": f"{R}/{kind}", "Target": f"my-{kind}.xml"},
        )
        parts["word/_rels/document.xml.rels"] = _to_bytes(rels)
        types = etree.fromstring(parts["[Content_Types].xml"])
        etree.SubElement(
            types,
            f"{{{CT}}}Override",
            {
                "PartName": f"/word/my-{kind}.xml",
                "ContentType": f"application/vnd.openxmlformats-officedocument."
                f"wordprocessingml.{kind}+xml",
            },
        )
        parts["[Content_Types].xml"] = _to_bytes(types)

    _rewrite_zip(path, change)
    return path


def docx_with_header(
    path: Path, body: list[str], header: str | None = None, footer: str | None = None
) -> Path:
    """A .docx with these body paragraphs and a header and footer paragraph ("" makes an
    empty header part, as Word leaves one; None, no part)."""
    d = docx.Document()
    for text in body:
        d.add_paragraph(text)
    for part, text in ((d.sections[0].header, header), (d.sections[0].footer, footer)):
        if text is not None:
            part.is_linked_to_previous = False
            part.paragraphs[0].text = text
    d.save(path)
    return path


def _changes(root: etree._Element) -> list[etree._Element]:
    return root.findall(".//w:ins", NS) + root.findall(".//w:del", NS)


def test_a_footnote_is_checked_and_fixed_in_its_own_part(tmp_path):
    path = make_docx(tmp_path / "oped.docx", [["The council met on Tuesday."], ["It voted."]])
    add_notes(path, "footnotes", ["The mayor said the budget can not wait."])
    doc = load(path)
    assert doc.text == (
        "The council met on Tuesday.\n\nIt voted.\n\n The mayor said the budget can not wait."
    )
    res = run_cli("check", str(path), "--no-languagetool", "--format", "json")
    hits = [f for f in json.loads(res.stdout)["files"][0]["findings"] if f["rule"] == "news.cannot"]
    assert [f["line"] for f in hits] == [5]  # numbered like any other paragraph

    out = tmp_path / "out.docx"
    res = run_cli("fix", str(path), "--no-languagetool", "-o", str(out))
    assert res.exit_code == 0, res.output
    body, notes = xml_of(out), xml_of(out, "word/my-footnotes.xml")
    assert not _changes(body)  # nothing in the body was changed
    dels, inss = notes.findall(".//w:del", NS), notes.findall(".//w:ins", NS)
    assert ["".join(d.itertext()) for d in dels] == ["can not"]
    assert ["".join(i.itertext()) for i in inss] == ["cannot"]
    for change in dels + inss:
        assert change.get(q("author")) == "copyedit" and DATE.match(change.get(q("date")))
    accepted = text_of(view(notes, accept=True))
    assert accepted == "\n\n\n\n The mayor said the budget cannot wait."  # two separator notes
    assert text_of(view(notes, accept=False)) == text_of(
        view(xml_of(path, "word/my-footnotes.xml"), accept=True)
    )
    assert load(out).text == doc.text.replace("can not", "cannot")
    # the note is still note 1, referenced from the body
    assert notes.findall("w:footnote", NS)[2].get(q("id")) == "1"
    assert body.find(".//w:footnoteReference", NS).get(q("id")) == "1"
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None


def test_headers_and_footers_are_checked_and_take_tracked_changes_but_no_comments(tmp_path):
    path = docx_with_header(
        tmp_path / "a.docx",
        ["The council met."],
        header="Opinion: the budget can not wait",
        footer="Its a draft",
    )
    add_notes(path, "endnotes", ["Figures from the city."])
    add_notes(path, "footnotes", ["A note."])
    doc = load(path)
    # body, footnotes, endnotes, then the headers and footers the section uses
    assert doc.text == (
        "The council met.\n\n A note.\n\n Figures from the city.\n\n"
        "Opinion: the budget can not wait\n\nIts a draft"
    )
    t = doc.text
    findings = [
        found(t, "can not", ("cannot",)),
        found(t, "Its", ("It's",)),
        # display-only: a comment, which Word does not show in a header
        found(t, "Opinion", (), rule="test.point", applicability=Applicability.DISPLAY_ONLY),
        found(t, "council", (), rule="test.body", applicability=Applicability.DISPLAY_ONLY),
    ]
    _, out, written = _fix(path, findings)
    assert out.fix.text == t.replace("can not", "cannot").replace("Its", "It's")
    assert [(u.finding.rule, u.reason) for u in out.uncarried] == [
        ("test.point", "docx-outside-body")
    ]
    assert out.comments == 1
    header, footer = xml_of(written, "word/header1.xml"), xml_of(written, "word/footer1.xml")
    assert text_of(view(header, accept=True)) == "Opinion: the budget cannot wait"
    assert text_of(view(header, accept=False)) == "Opinion: the budget can not wait"
    assert text_of(view(footer, accept=True)) == "It's a draft"
    assert text_of(view(footer, accept=False)) == "Its a draft"
    for part in (header, footer):
        assert part.find(".//w:commentRangeStart", NS) is None
        assert all(c.get(q("author")) == "copyedit" for c in _changes(part))
    assert xml_of(written).find(".//w:commentReference", NS) is not None  # the body's
    ids = [
        e.get(q("id"))
        for root in (xml_of(written), header, footer)
        for e in root.iter(q("ins"), q("del"), q("commentRangeStart"))
    ]
    assert len(ids) == len(set(ids))  # unique across the parts
    d = docx.Document(str(written))
    assert d.paragraphs[0].text == "The council met."


def test_separator_deleted_and_unreferenced_notes_are_not_text(tmp_path):
    path = make_docx(tmp_path / "a.docx", [["The council met."]])

    def more(notes, first) -> None:
        _note(notes, "footnote", 7, "continuationNotice", "Continued on the next page.", None)
        _note(notes, "footnote", 8, None, " Never referenced.", "footnoteRef")
        _note(notes, "footnote", 9, None, " Reference deleted.", "footnoteRef")
        _note(notes, "footnote", 10, None, "", "footnoteRef")  # no text at all
        deleted = etree.SubElement(first, q("del"), {q("id"): "50", q("author"): "ed"})
        etree.SubElement(etree.SubElement(deleted, q("r")), q("footnoteReference"), {q("id"): "9"})
        etree.SubElement(etree.SubElement(first, q("r")), q("footnoteReference"), {q("id"): "10"})
        etree.SubElement(etree.SubElement(first, q("r")), q("footnoteReference"), {q("id"): "7"})

    add_notes(path, "footnotes", ["Kept."], extra=more)
    doc = load(path)
    assert doc.text == "The council met.\n\n Kept."  # a note with no text adds nothing
    # an empty header adds nothing: a document without text elsewhere reads as before
    plain = docx_with_header(tmp_path / "b.docx", ["The council met."], header="", footer="")
    assert zipfile.ZipFile(plain).read("word/header1.xml")
    assert load(plain).text == "The council met."


def test_parts_without_changes_are_copied_byte_for_byte(tmp_path):
    path = docx_with_header(tmp_path / "a.docx", ["The result can not wait."], header="Opinion")
    add_notes(path, "footnotes", ["A source."])
    doc = load(path)
    _, out, written = _fix(path, [found(doc.text, "can not", ("cannot",))])
    assert out.fix.applied
    with zipfile.ZipFile(path) as before, zipfile.ZipFile(written) as after:
        assert before.namelist() == after.namelist()
        changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
    assert changed == ["word/document.xml"]


def test_comments_go_in_the_body_only_and_never_across_stories(tmp_path):
    path = make_docx(tmp_path / "a.docx", [["The council met."]])
    add_notes(path, "footnotes", ["The result can not wait.", "Second note."])
    doc = load(path)
    t = doc.text
    start, second = t.index("met"), t.index("Second")
    findings = [
        found(t, "can not", ("cannot",), applicability=Applicability.UNSAFE),  # below SAFE
        # from the body into the notes: the comment is cut at the end of the body
        finding(start, second, t[start:second], rule="test.across"),
        finding(
            second, second, "", (), rule="test.point", applicability=Applicability.DISPLAY_ONLY
        ),
    ]
    _, out, written = _fix(path, findings)
    assert out.fix.applied == () and out.comments == 1
    assert [(u.finding.rule, u.reason) for u in out.uncarried] == [
        ("test.rule", "docx-outside-body"),
        ("test.point", "docx-outside-body"),
    ]
    body = xml_of(written)
    with zipfile.ZipFile(path) as before, zipfile.ZipFile(written) as after:
        assert before.read("word/my-footnotes.xml") == after.read("word/my-footnotes.xml")
    (comment,) = xml_of(written, "word/comments.xml").findall("w:comment", NS)
    assert "test.across" in "".join(comment.itertext())
    cid = comment.get(q("id"))
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert len(body.findall(f".//w:{tag}[@w:id='{cid}']", NS)) == 1, tag
    # the range in the body holds "met." and no more
    begin = body.find(f".//w:commentRangeStart[@w:id='{cid}']", NS)
    held = []
    for el in begin.itersiblings():
        if el.tag == q("commentRangeEnd"):
            break
        held.extend(el.itertext())
    assert "".join(held) == "met."


def _stories_view(data: bytes, accept: bool) -> list[list[list[tuple[str, tuple]]]]:
    """Per story (body, each footnote, header), ``view`` of it; the package written by
    ``_notes_and_header``."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = set(zf.namelist())
    out = [view(etree.fromstring(zf.read("word/document.xml")), accept)]
    if "word/my-footnotes.xml" in names:
        notes = etree.fromstring(zf.read("word/my-footnotes.xml"))
        out += [view(n, accept) for n in notes if n.get(q("type")) is None]
    out.append(view(etree.fromstring(zf.read("word/header1.xml")), accept))
    return out


def _notes_and_header(paragraphs, notes: list[str], header: str) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = make_docx(Path(tmp) / "p.docx", paragraphs)
        d = docx.Document(str(path))
        d.sections[0].header.is_linked_to_previous = False
        d.sections[0].header.paragraphs[0].text = header
        d.save(str(path))
        if notes:
            add_notes(path, "footnotes", notes)
        return path.read_bytes()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(st.lists(_RUN, min_size=1, max_size=3), min_size=1, max_size=2),
    notes=st.lists(st.text("ab c", min_size=1, max_size=6), max_size=2),
    header=st.text("ab c", min_size=1, max_size=6),
    spans=st.lists(
        st.tuples(
            st.integers(0, 50), st.integers(0, 6), st.sampled_from(["", "X", "yz"]), st.booleans()
        ),
        max_size=6,
    ),
)
def test_any_edits_in_notes_and_headers_accept_to_the_fix_and_reject_to_the_original(
    paragraphs, notes, header, spans
):
    """The property test above, with footnotes and a header after the body."""
    data = _notes_and_header(paragraphs, notes, header)
    _, _, tmap = load_package(data, "p.docx")
    text = tmap.text
    findings = _random_findings(text, spans)
    out = tracked_changes(data, "p.docx", text, findings, Applicability.SAFE, now=NOW)
    stories = _stories_view(out.data, accept=True)
    assert "\n\n".join(text_of(s) for s in stories) == out.fix.text
    assert _stories_view(out.data, accept=False) == _stories_view(data, accept=True)
    with zipfile.ZipFile(io.BytesIO(out.data)) as zf:
        roots = [etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith(".xml")]
        comments = zf.read("word/comments.xml") if "word/comments.xml" in zf.namelist() else b""
    ids = [e.get(q("id")) for r in roots for e in r.iter(q("ins"), q("del"))]
    assert len(ids) == len(set(ids))
    starts = [e.get(q("id")) for r in roots for e in r.iter(q("commentRangeStart"))]
    assert len(starts) == len(set(starts)) == out.comments == comments.count(b"<w:comment ")
    for r in roots:  # every comment range opens and closes in the same part
        assert sorted(e.get(q("id")) for e in r.iter(q("commentRangeStart"))) == sorted(
            e.get(q("id")) for e in r.iter(q("commentRangeEnd"))
        )


@pytest.mark.usefixtures("uncalibrated")
def test_libreoffice_shows_tracked_changes_in_a_footnote_and_a_header(tmp_path):
    soffice = _soffice()
    if REQUIRE_OFFICE:
        import pypdf
    else:
        pypdf = pytest.importorskip("pypdf")
    src = docx_with_header(
        tmp_path / "oped.docx", ["The council met on Tuesday."], header="On the United Nation vote"
    )
    add_notes(src, "footnotes", ["The mayor said the budget can not wait."])
    out = tmp_path / "oped-fixed.docx"
    res = run_cli("fix", str(src), "--no-languagetool", "--accept", "unsafe", "-o", str(out))
    assert res.exit_code == 0, res.output
    assert _changes(xml_of(out, "word/my-footnotes.xml"))
    assert _changes(xml_of(out, "word/header1.xml"))
    profile, pdfs = tmp_path / "lo-profile", tmp_path / "pdf"
    plain = pdf_words(pypdf, convert(soffice, src, "pdf", pdfs, profile))
    fixed = pdf_words(pypdf, convert(soffice, out, "pdf", pdfs, profile))
    # the note and the header are on the page; after fixing, struck and inserted words both
    assert "budget can not wait" in plain and "cannot" not in plain
    assert "can not" in fixed and "cannot" in fixed
    assert "United Nation vote" in plain and "Nations" not in plain
    assert "United Nation" in fixed and "Nations" in fixed

    # findings left in a note and a header (no comments there) leave a file it opens
    doc = load(src)
    notes = [
        found(doc.text, word, (), applicability=Applicability.DISPLAY_ONLY)
        for word in ("council", "mayor", "vote")
    ]
    commented = tracked_changes(src.read_bytes(), str(src), doc.text, notes, Applicability.SAFE)
    assert commented.comments == 1 and len(commented.uncarried) == 2
    (tmp_path / "commented.docx").write_bytes(commented.data)
    flat = convert(soffice, tmp_path / "commented.docx", "fodt", tmp_path / "fodt", profile)
    assert flat.read_text(encoding="utf-8").count("<office:annotation ") == 1


def test_fix_says_how_many_notes_outside_the_body_stay_in_the_report(tmp_path):
    # in a quotation, "can not" is a note rather than an edit: a comment in the body,
    # none in a header, where LibreOffice cannot take one
    quoted = "\u201cThe result can not wait, he said."
    path = docx_with_header(tmp_path / "a.docx", [quoted], header=quoted)
    res = run_cli("fix", str(path), "--no-languagetool", "--in-place")
    assert res.exit_code == 0, res.output
    assert "note(s) in footnotes/headers left to the report" in res.stderr
    assert "1 comment(s)" in res.stderr


# --- text boxes ----------------------------------------------------------------------------

_BOX = """<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">
<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="2743200" cy="914400"/>
<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{n}" name="Text Box {n}"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>
<a:ext cx="2743200" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx><wps:bodyPr anchor="t"/></wps:wsp>
</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice><mc:Fallback><w:pict>
<v:shape id="box{n}" style="width:216pt;height:72pt" type="#_x0000_t202"><v:textbox>
<w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""


def add_text_box(path: Path, paragraph: int, texts: list[str], n: int = 1) -> Path:
    """Anchor a text box holding ``texts`` (a paragraph each) in body paragraph ``paragraph``,
    as Word writes one: a DrawingML box with its VML copy as the fallback."""
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p>' for t in texts
    )
    box = etree.fromstring(_BOX.format(w=W, n=n, paragraphs=paragraphs))

    def change(root):
        root.find("w:body", NS).findall("w:p", NS)[paragraph].append(box)

    rewrite_document(path, change)
    return path


def test_text_boxes_are_checked_and_fixed_once_without_a_stale_copy(tmp_path):
    path = make_docx(tmp_path / "a.docx", [["The council met on Tuesday."], ["It voted."]])
    add_text_box(path, 1, ["Pull quote: the budget can not wait.", "Its a draft."], n=1)
    add_text_box(path, 0, ["Sidebar."], n=2)
    doc = load(path)
    # the body, then each box in document order; the VML fallback copy is not read again
    assert doc.text == (
        "The council met on Tuesday.\n\nIt voted.\n\nSidebar.\n\n"
        "Pull quote: the budget can not wait.\n\nIts a draft."
    )
    t = doc.text
    findings = [
        found(t, "can not", ("cannot",)),
        found(t, "Sidebar", (), rule="test.point", applicability=Applicability.DISPLAY_ONLY),
    ]
    _, out, written = _fix(path, findings)
    assert out.fix.text == t.replace("can not", "cannot")
    assert [(u.finding.rule, u.reason) for u in out.uncarried] == [
        ("test.point", "docx-outside-body")
    ]
    root = xml_of(written)
    boxes = root.findall(".//w:txbxContent", NS)
    edited = [b for b in boxes if _changes(b)]
    assert len(edited) == 1 and "".join(edited[0].find(".//w:del", NS).itertext()) == "can not"
    # the edited box lost its now stale VML copy; the untouched box keeps its own
    mc = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
    alts = root.findall(f".//{mc}AlternateContent")
    assert sorted(len(a.findall(f"{mc}Fallback")) for a in alts) == [0, 1]
    assert load(written).text == out.fix.text
    assert docx.Document(str(written)).paragraphs[1].text == "It voted."


def test_libreoffice_shows_a_tracked_change_in_a_text_box(tmp_path):
    soffice = _soffice()
    if REQUIRE_OFFICE:
        import pypdf
    else:
        pypdf = pytest.importorskip("pypdf")
    src = make_docx(tmp_path / "box.docx", [["The council met on Tuesday."]])
    add_text_box(src, 0, ["The mayor said the budget can not wait."])
    out = tmp_path / "box-fixed.docx"
    res = run_cli("fix", str(src), "--no-languagetool", "-o", str(out))
    assert res.exit_code == 0, res.output
    profile = tmp_path / "lo-profile"
    plain = pdf_words(pypdf, convert(soffice, src, "pdf", tmp_path / "pdf", profile))
    fixed = pdf_words(pypdf, convert(soffice, out, "pdf", tmp_path / "pdf", profile))
    assert "can not wait" in plain and "cannot" not in plain
    assert "can not" in fixed and "cannot" in fixed  # struck and inserted, both shown
    flat = convert(soffice, out, "fodt", tmp_path / "fodt", profile).read_text(encoding="utf-8")
    assert flat.count("<text:deletion") == flat.count("<text:insertion") == 1
