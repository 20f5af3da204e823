"""Writing suggested edits back into a .docx as Word tracked changes, and the findings that
are not applied as Word comments.

Each applied edit becomes ``w:del`` (the old runs, their ``w:t`` turned to ``w:delText``)
followed by ``w:ins`` (a new run carrying a copy of the first old run's properties), both
with author "copyedit" and a date, so the editor accepts or rejects each one in Word. Runs
are split at edit and comment boundaries, each half keeping a copy of the run properties;
untouched runs are left as they were. Every other part of the package is copied unchanged.

Edits in footnotes, endnotes, headers and footers go into their own part (Word accepts
tracked changes in all of them); a part nothing was changed in is copied byte for byte.
Comments are anchored in the body only (see ``Story.takes_comments``: a comment in a note
or header makes the file unreadable to LibreOffice): a finding left unapplied in a note,
header or footer is returned in ``DocxFix.uncarried`` and stays in the check report. A
comment never spans two stories: its range is cut at the end of the body.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from ..errors import CopyeditError, InputError
from ..fixes import FixResult, Skipped, accepted_fixes, apply_edits
from ..model import Applicability, Edit, Finding, Fix
from .reader import (
    MC_NS,
    REL_NS,
    RELS_PART,
    TEXTBOX,
    W_NS,
    Parsed,
    Segment,
    TextMap,
    load_package,
    part_of,
    text_map,
    w,
)
from .safety import CONTENT_TYPES_PART, CT_NS, DOCUMENT_PART, Package, check_part_name

AUTHOR = "copyedit"
INITIALS = "CE"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_PART = "word/comments.xml"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Uncarried:
    """A finding left unapplied that the written .docx cannot hold as a comment either."""

    finding: Finding
    reason: str  # "docx-outside-body" (no comments there) or "docx-structure" (no anchor)


@dataclass(frozen=True)
class DocxFix:
    data: bytes
    fix: FixResult
    """What accepting every tracked change gives: text, applied and skipped edits."""
    comments: int
    uncarried: tuple[Uncarried, ...] = ()


def tracked_changes(
    data: bytes,
    path: str,
    expected_text: str,
    findings: Iterable[Finding],
    accept: Applicability,
    protected=(),
    now: datetime | None = None,
) -> DocxFix:
    """The .docx ``data`` with the accepted edits as tracked changes and comments for the
    findings left unapplied. ``expected_text`` is the text the findings were made on."""
    parsed = load_package(data, path)
    if parsed.tmap.text != expected_text:
        raise CopyeditError(f"{path}: the .docx changed while it was being checked; run again")
    return write_tracked(parsed, findings, accept, protected, now)


def write_tracked(
    parsed: Parsed,
    findings: Iterable[Finding],
    accept: Applicability,
    protected=(),
    now: datetime | None = None,
) -> DocxFix:
    """``tracked_changes`` on a .docx already read: its XML trees are edited in place."""
    findings = list(findings)
    pkg, root, tmap = parsed
    fix = plan_edits(tmap, findings, accept, protected)
    applied = {made.edits for made in fix.fixes}
    existing = pkg.xml(COMMENTS_PART)
    already = _our_comments(existing)
    unapplied = [
        f
        for f in findings
        if (f.fix is None or f.fix.edits not in applied)
        and f.start < len(tmap.text)
        and _comment_text(f) not in already
    ]
    noted: list[tuple[Finding, int, int]] = []
    uncarried: list[Uncarried] = []
    ends = _story_ends(tmap)
    for f in unapplied:
        story = _story_of(tmap, f.start, f.end)
        if story is not None and not tmap.stories[story].takes_comments:
            uncarried.append(Uncarried(f, "docx-outside-body"))
        else:
            story_end = f.end if story is None else ends.get(story, f.end)
            noted.append((f, f.start, min(f.end, story_end)))
    date = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    before = {s.part: etree.tostring(s.root) for s in tmap.stories if s.part != DOCUMENT_PART}

    spans = [(e.start, e.end) for e in fix.applied] + [(a, b) for _, a, b in noted]
    _split_at(tmap, sorted({b for span in spans for b in span}, reverse=True))
    split = text_map(tmap.stories)
    if split.text != tmap.text:
        raise RuntimeError("splitting runs changed the text")  # a bug, never the input

    roots = {s.part: s.root for s in tmap.stories}
    ids = _IdSource([*roots.values(), existing])
    marks = _Marks(split, ids, date)
    for edit in fix.applied:
        marks.edit(edit)
    _drop_stale_fallbacks(tmap, fix.applied)
    comments = []
    for f, start, end in noted:
        cid = marks.comment(start, end)
        if cid is None:
            uncarried.append(Uncarried(f, "docx-structure"))
        else:
            comments.append((cid, f))
    parts = {DOCUMENT_PART: _xml_bytes(root)}
    for part, before_bytes in before.items():
        if etree.tostring(roots[part]) != before_bytes:
            parts[part] = _xml_bytes(roots[part])
    if comments:
        parts.update(_comment_parts(pkg, comments, date))
    return DocxFix(_rezip(pkg, parts), fix, len(comments), tuple(uncarried))


def _drop_stale_fallbacks(tmap: TextMap, edits: Iterable[Edit]) -> None:
    """Word keeps a VML copy of each DrawingML text box (``mc:Fallback``) for readers
    that predate DrawingML. Once copyedit has changed the box, that copy is out of date;
    it is removed (it is optional) so no reader shows the old text."""
    for story in {_story_of(tmap, e.start, e.end) for e in edits}:
        if story is None or tmap.stories[story].kind is not TEXTBOX:
            continue
        box = tmap.stories[story].paragraphs[0]
        alt = next(box.iterancestors(f"{{{MC_NS}}}AlternateContent"), None)
        if alt is None:
            continue
        for fallback in alt.findall(f"{{{MC_NS}}}Fallback"):
            alt.remove(fallback)


def _story_ends(tmap: TextMap) -> dict[int, int]:
    """Where each story's text ends (its last segment's end)."""
    return {seg.story: seg.end for seg in tmap.segments if seg.kind != "sep"}


def _story_of(tmap: TextMap, start: int, end: int) -> int | None:
    """The story a comment or an edit on [start, end) is in: that of its first character,
    or of its anchor for a point; None when nothing can hold it."""
    if start == end:
        found = _anchor(tmap, start)
        return None if found is None else found[0].story
    segs = [s for s in tmap.overlapping(start, end) if s.kind != "sep"]
    return segs[0].story if segs else None


def plan_edits(
    tmap: TextMap, findings: list[Finding], accept: Applicability, protected=()
) -> FixResult:
    """The edits applied as ``fix`` would apply them, less those a .docx cannot carry as a
    tracked change: across a paragraph break, or inside an existing tracked insertion.
    Edits that change nothing are dropped first, as ``apply_edits`` drops them; a fix of
    several edits is carried whole or not at all."""
    ok: list[Fix] = []
    structural: list[Skipped] = []
    for fix in accepted_fixes(findings, accept):
        changed = [e for e in fix.edits if e.replacement != e.original]
        if not changed:
            continue
        if all(_representable(tmap, e) for e in changed):
            ok.append(fix)
        else:
            structural.append(Skipped(fix, "docx-structure"))
    result = apply_edits(tmap.text, ok, protected)
    return FixResult(result.text, result.applied, result.skipped + tuple(structural), result.fixes)


def _representable(tmap: TextMap, edit: Edit) -> bool:
    if edit.start == edit.end:
        return _anchor(tmap, edit.start) is not None
    segs = tmap.overlapping(edit.start, edit.end)
    return bool(segs) and all(s.kind != "sep" and not s.tracked for s in segs)


def _anchor(tmap: TextMap, offset: int) -> tuple[Segment, str] | None:
    """Where an insertion at ``offset`` goes: after the run before it in the same
    paragraph, else before the run after it; never inside an existing tracked change."""
    before, after = tmap.at(offset - 1), tmap.at(offset)
    if before is not None and before.kind != "sep" and not before.tracked:
        if after is None or after.kind == "sep" or after.paragraph == before.paragraph:
            return before, "after"
    if after is not None and after.kind != "sep" and not after.tracked:
        return after, "before"
    return None


def _split_at(tmap: TextMap, boundaries: list[int]) -> None:
    """Split runs so that each boundary falls between two runs. Boundaries must come in
    descending order: a split only moves nodes at or after its boundary, so the map stays
    right for every smaller one."""
    for b in boundaries:
        seg = tmap.at(b - 1)
        if seg is None or seg.kind == "sep" or seg.run is None or seg.node is None:
            continue
        if b < seg.end:
            _split_run(seg.run, seg.node, b - seg.start)
        else:
            _split_run(seg.run, seg.node, None)


def _split_run(run: etree._Element, node: etree._Element, keep: int | None) -> None:
    """Move what follows ``node`` (and ``node``'s text past ``keep`` characters, for a w:t)
    into a new run placed right after ``run``, with a copy of its properties."""
    moving = list(node.itersiblings())
    tail = None
    if keep is not None:
        text = node.text
        if text is None:  # keep is given only inside a w:t's text
            raise RuntimeError("split inside an empty w:t")  # a bug, never the input
        tail = etree.Element(w("t"))
        _set_text(tail, text[keep:])
        _set_text(node, text[:keep])
    if tail is None and not moving:
        return
    new = etree.Element(run.tag, dict(run.attrib))
    props = run.find(w("rPr"))
    if props is not None:
        new.append(copy.deepcopy(props))
    if tail is not None:
        new.append(tail)
    for child in moving:
        new.append(child)
    run.addnext(new)


def _set_text(t: etree._Element, text: str) -> None:
    t.text = text
    t.set(XML_SPACE, "preserve")


class _IdSource:
    """Fresh w:id values above every id already in the parts read and the comments."""

    def __init__(self, trees: list[etree._Element | None]) -> None:
        found = [0]
        for el in (e for tree in trees if tree is not None for e in tree.iter()):
            value = el.get(w("id")) if isinstance(el.tag, str) else None
            if value and value.lstrip("-").isdigit():
                found.append(int(value))
        self.next = max(found) + 1

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


class _Marks:
    def __init__(self, tmap: TextMap, ids: _IdSource, date: str) -> None:
        self.tmap = tmap
        self.ids = ids
        self.date = date
        self.ours: set[etree._Element] = set()

    def _change(self, tag: str) -> etree._Element:
        el = etree.Element(w(tag))
        el.set(w("id"), str(self.ids.take()))
        el.set(w("author"), AUTHOR)
        el.set(w("date"), self.date)
        self.ours.add(el)
        return el

    def _outer(self, run: etree._Element) -> etree._Element:
        parent = run.getparent()
        return parent if parent in self.ours else run

    def _past_ours(self, el: etree._Element) -> etree._Element:
        """``el``, or the last of our own w:ins right after it (an insertion at the same
        point goes after the text an earlier edit put there)."""
        nxt = el.getnext()
        while nxt is not None and nxt in self.ours and nxt.tag == w("ins"):
            el, nxt = nxt, nxt.getnext()
        return el

    def edit(self, edit: Edit) -> None:
        segs = [s for s in self.tmap.overlapping(edit.start, edit.end) if s.kind != "sep"]
        runs = list(dict.fromkeys(_run(s) for s in segs))
        if runs:
            template = runs[0]
            last = self._delete(runs)
            where, after = last, True
        else:
            found = _anchor(self.tmap, edit.start)
            if found is None:  # plan_edits keeps only edits that have one
                raise RuntimeError("an insertion with nowhere to go")  # a bug, never the input
            seg, side = found
            template = _run(seg)
            where, after = self._outer(template), side == "after"
        if not edit.replacement:
            return
        ins = self._change("ins")
        ins.append(_new_run(template, edit.replacement))
        if after:
            self._past_ours(where).addnext(ins)
        else:
            where.addprevious(ins)

    def _delete(self, runs: list[etree._Element]) -> etree._Element:
        """Wrap ``runs`` (at least one) in w:del elements (one per group of adjacent siblings)."""
        last: etree._Element | None = None
        for run in runs:
            for t in run.iter(w("t")):
                t.tag = w("delText")
                t.set(XML_SPACE, "preserve")
            prev = run.getprevious()
            if last is not None and prev is last and last.tag == w("del"):
                last.append(run)
                continue
            wrapper = self._change("del")
            run.addprevious(wrapper)
            wrapper.append(run)
            last = wrapper
        if last is None:
            raise ValueError("no runs to delete")
        return last

    def comment(self, start: int, end: int) -> int | None:
        """Anchor a comment on [start, end); its id, or None when there is nothing to hold it."""
        cid = self.ids.take()
        begin = _marker("commentRangeStart", cid)
        finish = _marker("commentRangeEnd", cid)
        if start == end:
            found = _anchor(self.tmap, start)
            if found is None:
                return None
            seg, side = found
            at = self._outer(_run(seg))
            if side == "after":
                at.addnext(begin)
            else:
                at.addprevious(begin)
            begin.addnext(finish)
        else:
            segs = [s for s in self.tmap.overlapping(start, end) if s.kind != "sep"]
            if not segs:
                return None
            self._outer(_run(segs[0])).addprevious(begin)
            self._outer(_run(segs[-1])).addnext(finish)
        ref_run = etree.Element(w("r"))
        ref_run.append(_marker("commentReference", cid))
        finish.addnext(ref_run)
        return cid


def _marker(tag: str, cid: int) -> etree._Element:
    el = etree.Element(w(tag))
    el.set(w("id"), str(cid))
    return el


def _run(seg: Segment) -> etree._Element:
    """The run a text segment comes from (only a paragraph separator has none)."""
    if seg.run is None:
        raise RuntimeError(f"a {seg.kind!r} segment without a run")  # a bug, never the input
    return seg.run


def _new_run(template: etree._Element, text: str) -> etree._Element:
    run = etree.Element(w("r"))
    props = template.find(w("rPr"))
    if props is not None:
        props = copy.deepcopy(props)
        for mark in props.findall(w("rPrChange")):
            props.remove(mark)
        run.append(props)
    for piece in re.split(r"(\t|\r\n|\n|\r)", text):
        if piece == "\t":
            etree.SubElement(run, w("tab"))
        elif piece in ("\n", "\r", "\r\n"):
            etree.SubElement(run, w("br"))
        elif piece:
            _set_text(etree.SubElement(run, w("t")), _XML_INVALID.sub("", piece))
    return run


def _comment_text(f: Finding) -> str:
    parts = [f.message.strip()]
    if f.replacements:
        shown = [f"\u201c{r}\u201d" if r else "(delete)" for r in f.replacements[:3]]
        parts.append("Suggested: " + " or ".join(shown) + ".")
    extra = [f.rule, f.severity.value, f.applicability.value]
    if f.in_quote:
        extra.append("in a quotation: left for the editor")
    parts.append("[" + ", ".join(extra) + "]")
    return _XML_INVALID.sub("", " ".join(parts))


def _our_comments(root: etree._Element | None) -> set[str]:
    """Texts of comments copyedit left in an earlier run, so a re-run does not repeat them."""
    if root is None:
        return set()
    return {"".join(c.itertext()) for c in root.iter(w("comment")) if c.get(w("author")) == AUTHOR}


def _comment_parts(
    pkg: Package, comments: list[tuple[int, Finding]], date: str
) -> dict[str, bytes]:
    rels = pkg.xml(RELS_PART)
    if rels is None:
        rels = etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
    target = None
    for rel in rels:
        if rel.get("Type") == COMMENTS_REL:
            target = rel.get("Target")
    parts: dict[str, bytes] = {}
    if target is None:
        taken = {rel.get("Id") for rel in rels}
        n = 1
        while f"rIdCopyedit{n}" in taken:
            n += 1
        rel = etree.SubElement(rels, f"{{{REL_NS}}}Relationship")
        rel.set("Id", f"rIdCopyedit{n}")
        rel.set("Type", COMMENTS_REL)
        rel.set("Target", "comments.xml")
        target = "comments.xml"
        parts[RELS_PART] = _xml_bytes(rels)
    name = part_of(target)
    root = pkg.xml(name)
    if root is not None and root.tag != w("comments"):
        raise InputError(f"{pkg.path}: the comments relationship points at {name}, not comments")
    if root is None:
        root = etree.Element(w("comments"), nsmap={"w": W_NS})
        parts.update(_content_type(pkg, "/" + name))
    for cid, f in comments:
        c = etree.SubElement(root, w("comment"))
        c.set(w("id"), str(cid))
        c.set(w("author"), AUTHOR)
        c.set(w("date"), date)
        c.set(w("initials"), INITIALS)
        p = etree.SubElement(c, w("p"))
        r = etree.SubElement(p, w("r"))
        _set_text(etree.SubElement(r, w("t")), _comment_text(f))
    parts[name] = _xml_bytes(root)
    return parts


def _content_type(pkg: Package, part_name: str) -> dict[str, bytes]:
    root = pkg.required_xml(CONTENT_TYPES_PART)
    if any(o.get("PartName") == part_name for o in root.iter(f"{{{CT_NS}}}Override")):
        return {}
    o = etree.SubElement(root, f"{{{CT_NS}}}Override")
    o.set("PartName", part_name)
    o.set("ContentType", COMMENTS_CT)
    return {CONTENT_TYPES_PART: _xml_bytes(root)}


def _xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rezip(pkg: Package, parts: dict[str, bytes]) -> bytes:
    """The package with ``parts`` replaced or added; everything else copied as it was."""
    out = io.BytesIO()
    pending = dict(parts)
    with zipfile.ZipFile(out, "w") as dst:
        for info, blob in pkg.read_all():
            copy_info = zipfile.ZipInfo(info.filename, info.date_time)
            copy_info.external_attr = info.external_attr
            if info.filename in pending:
                copy_info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(copy_info, pending.pop(info.filename))
            else:
                copy_info.compress_type = info.compress_type
                dst.writestr(copy_info, blob)
        for name, blob in pending.items():
            check_part_name(name, pkg.path)  # a new part too stays inside the package
            dst.writestr(name, blob, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
