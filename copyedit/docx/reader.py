"""Reading a .docx: the text the engines check, and a map from that text back to the XML.

The text is every paragraph's text joined by a blank line ("\\n\\n"), so paragraph splitting,
quotations and every engine work unchanged. Existing tracked changes are taken as accepted:
text in ``w:ins``/``w:moveTo`` is kept, ``w:del``/``w:moveFrom`` text is dropped, and a
paragraph whose mark is deleted runs on into the next. A tab is
"\\t", a line break "\\n", a non-breaking hyphen U+2011. Drawings, field codes and comments
are not read.

Besides the body, the stories an editor publishes are read: footnotes, endnotes, headers
and footers, each part found through ``word/_rels/document.xml.rels`` (never by file name)
and parsed with the same safety checks as the body; and the body's text boxes (a pull
quote, a sidebar). They come after the body, in this order: text boxes in document order,
footnotes and endnotes in the order their references appear in the body (as Word
numbers them), then the headers and footers each section uses, in section order. Every
text box, note, header and footer starts a new paragraph ("\\n\\n", even after a deleted
paragraph mark), so the text stays one string: offsets, line numbers, quotations and every
engine work unchanged, no finding or edit can span two stories, and a document without
text boxes, notes, headers or footers reads exactly as before. Not read: separator and continuation notes
(``w:type`` other than "normal"), notes whose reference is deleted or missing, headers
and footers no section uses, and a story with no text at all (Word's empty header), so
an empty header adds no blank lines to the checked text.
"""

from __future__ import annotations

import bisect
import posixpath
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from ..errors import InputError
from .safety import DOCUMENT_PART, Package, open_package

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RELS_PART = "word/_rels/document.xml.rels"
PARAGRAPH_SEPARATOR = "\n\n"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# Subtrees that hold no body text of the paragraph (or hold deleted text).
_PRUNE = {
    w("pPr"),
    w("rPr"),
    w("del"),
    w("moveFrom"),
    w("drawing"),
    w("pict"),
    w("object"),
    w("instrText"),
    w("delText"),
    w("delInstrText"),
    w("txbxContent"),
    f"{{{MC_NS}}}AlternateContent",
}
_CHARS = {w("tab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "\u2011"}
_TRACKED = {w("ins"), w("moveTo")}
_DELETED = {w("del"), w("moveFrom")}


@dataclass(frozen=True)
class StoryKind:
    """A kind of story part: its relationship type, its root element, and for notes the
    element of one note and of its reference in the body."""

    name: str
    root: str
    note: str | None = None
    reference: str | None = None

    @property
    def rel_type(self) -> str:
        return f"{R_NS}/{self.name}"


BODY = StoryKind("document", w("document"))
FOOTNOTES = StoryKind("footnotes", w("footnotes"), w("footnote"), w("footnoteReference"))
ENDNOTES = StoryKind("endnotes", w("endnotes"), w("endnote"), w("endnoteReference"))
TEXTBOX = StoryKind("textbox", w("txbxContent"))
HEADER = StoryKind("header", w("hdr"))
FOOTER = StoryKind("footer", w("ftr"))
_SECTION_PARTS = {w("headerReference"): HEADER, w("footerReference"): FOOTER}


@dataclass(frozen=True)
class Story:
    """Paragraphs read as one flow: the body, one note, one header or one footer.
    ``root`` is the root of ``part`` (shared by every note of a notes part)."""

    part: str
    kind: StoryKind
    root: etree._Element
    paragraphs: tuple[etree._Element, ...]

    @property
    def takes_comments(self) -> bool:
        """Only the body: Word does not reliably show comments in a header or footer, and
        LibreOffice (7.4) refuses to open a .docx with a comment reference in a header or
        a footnote, though Word would take one there."""
        return self.kind is BODY


@dataclass(frozen=True)
class Segment:
    """``text[start:end]`` comes from ``node`` (a w:t, w:tab, w:br...) in ``run``, or is the
    separator between two paragraphs (kind "sep", no node)."""

    start: int
    end: int
    kind: str  # "t", "char" or "sep"
    paragraph: int
    node: etree._Element | None = None
    run: etree._Element | None = None
    tracked: bool = False
    """Inside an existing tracked insertion (w:ins or w:moveTo)."""
    story: int = 0
    """Index into ``TextMap.stories`` (a separator belongs to the paragraph after it)."""


@dataclass
class TextMap:
    text: str
    segments: list[Segment]
    paragraphs: list[etree._Element]
    stories: list[Story] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.segments]

    def at(self, offset: int) -> Segment | None:
        """The segment holding the code point at ``offset``."""
        if offset < 0:
            return None
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0 or offset >= self.segments[i].end:
            return None
        return self.segments[i]

    def overlapping(self, start: int, end: int) -> list[Segment]:
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        j = bisect.bisect_left(self._starts, end, lo=i)
        return [seg for seg in self.segments[i:j] if seg.end > start]


def paragraphs_in(el: etree._Element) -> list[etree._Element]:
    """The paragraphs under ``el`` in order, tables included, text boxes left out."""
    return [
        p
        for p in el.iter(w("p"))
        if not any(a.tag in _PRUNE for a in p.iterancestors())  # text boxes, fallbacks
    ]


def text_boxes(root: etree._Element) -> list[tuple[etree._Element, ...]]:
    """The paragraphs of each text box in the body, in document order: Word's DrawingML
    box (``mc:Choice``) or an old VML one, never the VML copy Word keeps as the
    ``mc:Fallback`` of a DrawingML box, nor a box inside another box."""
    body = root.find(w("body"))
    out = []
    for box in [] if body is None else body.iter(w("txbxContent")):
        outer = [a.tag for a in box.iterancestors()]
        if f"{{{MC_NS}}}Fallback" in outer or w("txbxContent") in outer:
            continue
        paragraphs = tuple(
            p for p in box.iter(w("p")) if next(p.iterancestors(w("txbxContent"))) is box
        )
        if paragraphs:
            out.append(paragraphs)
    return out


def body_paragraphs(root: etree._Element) -> list[etree._Element]:
    """The body's paragraphs in order, tables included, text boxes left out."""
    body = root.find(w("body"))
    return [] if body is None else paragraphs_in(body)


def text_map(stories: list[Story]) -> TextMap:
    pieces: list[str] = []
    segments: list[Segment] = []
    paragraphs: list[etree._Element] = []
    pos = 0
    for s, story in enumerate(stories):
        for k, p in enumerate(story.paragraphs):
            index = len(paragraphs)
            if index and (k == 0 or not _mark_deleted(story.paragraphs[k - 1])):
                segments.append(Segment(pos, pos + 2, "sep", index, story=s))
                pieces.append(PARAGRAPH_SEPARATOR)
                pos += 2
            paragraphs.append(p)
            for node, text, tracked in _walk(p, False):
                kind = "t" if node.tag == w("t") else "char"
                run = node.getparent()
                segments.append(
                    Segment(pos, pos + len(text), kind, index, node, run, tracked, story=s)
                )
                pieces.append(text)
                pos += len(text)
    return TextMap("".join(pieces), segments, paragraphs, list(stories))


def _mark_deleted(p: etree._Element) -> bool:
    """A tracked deletion of the paragraph mark: accepted, the paragraph runs on into the
    next one."""
    return p.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None


def _walk(el: etree._Element, tracked: bool):
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _PRUNE:
            continue
        if tag == w("t"):
            if child.text and el.tag == w("r"):  # el: the child's parent
                yield child, child.text, tracked
        elif tag in _CHARS:
            if el.tag == w("r"):
                yield child, _CHARS[tag], tracked
        elif tag == w("p"):
            continue  # a nested paragraph is read on its own
        else:
            yield from _walk(child, tracked or tag in _TRACKED)


def read_stories(pkg: Package, root: etree._Element) -> list[Story]:
    """The body, then its notes, then its headers and footers (see the module docstring)."""
    targets = _targets(pkg)
    stories = [Story(DOCUMENT_PART, BODY, root, tuple(body_paragraphs(root)))]
    stories += [Story(DOCUMENT_PART, TEXTBOX, root, ps) for ps in text_boxes(root)]
    for kind in (FOOTNOTES, ENDNOTES):
        part = next((p for t, p in targets.values() if t == kind.rel_type), None)
        if part is None:
            continue
        notes = _load(pkg, part, kind)
        if notes is not None:
            stories += _note_stories(part, kind, notes, root)
    seen: set[str] = set()
    for ref in root.iter(*_SECTION_PARTS):
        kind = _SECTION_PARTS[str(ref.tag)]  # a str: one of the tags iter() was given
        rel_type, part = targets.get(ref.get(f"{{{R_NS}}}id"), (None, None))
        if rel_type != kind.rel_type or part is None or part in seen:
            continue
        seen.add(part)
        loaded = _load(pkg, part, kind)
        if loaded is not None:
            stories.append(Story(part, kind, loaded, tuple(paragraphs_in(loaded))))
    return [s for s in stories if s.kind is BODY or any(_walk_all(s))]


def _walk_all(story: Story):
    for p in story.paragraphs:
        yield from _walk(p, False)


def _targets(pkg: Package) -> dict[str | None, tuple[str | None, str]]:
    """Relationship id -> (type, part name) for the body's internal relationships to parts
    the package holds (never the body itself); an id or type the XML lacks is None."""
    rels = pkg.xml(RELS_PART)
    out: dict[str | None, tuple[str | None, str]] = {}
    if rels is None:
        return out
    for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        name = part_of(target)
        if name != DOCUMENT_PART and not name.startswith("../") and pkg.has(name):
            out[rel.get("Id")] = (rel.get("Type"), name)
    return out


def part_of(target: str) -> str:
    """The part a target in the body's relationships names (it starts with "../" when
    the target points outside the package)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join("word", target))


def _load(pkg: Package, part: str | None, kind: StoryKind) -> etree._Element | None:
    """``part`` parsed safely, or None when there is none or its root is not ``kind``'s."""
    if part is None:
        return None
    root = pkg.xml(part)
    return root if root is not None and root.tag == kind.root else None


def _note_stories(
    part: str, kind: StoryKind, notes: etree._Element, body: etree._Element
) -> list[Story]:
    """One story per normal note, in the order of its (not deleted) reference in the body."""
    by_id = {
        n.get(w("id")): n for n in notes.iter(kind.note) if n.get(w("type"), "normal") == "normal"
    }
    stories = []
    for ref in body.iter(kind.reference):
        if any(a.tag in _DELETED for a in ref.iterancestors()):
            continue  # taken as accepted: the note goes with its reference
        note = by_id.pop(ref.get(w("id")), None)
        if note is not None:
            stories.append(Story(part, kind, notes, tuple(paragraphs_in(note))))
    return stories


class Parsed(NamedTuple):
    """A .docx as read: its package, its body's XML, and the map from the checked text to
    the XML (the trees the writer edits)."""

    pkg: Package
    root: etree._Element
    tmap: TextMap


def load_package(data: bytes, path: str) -> Parsed:
    pkg = open_package(data, path)
    root = pkg.required_xml(DOCUMENT_PART)
    if root.tag != w("document"):
        raise InputError(
            f"{path}: {DOCUMENT_PART} is not a Word transitional document "
            "(Strict Open XML is not supported; save it as a Word Document)"
        )
    return Parsed(pkg, root, text_map(read_stories(pkg, root)))
