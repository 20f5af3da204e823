"""Reading a .docx: the text the engines check, and a map from that text back to the XML.

The text is every paragraph's text joined by a blank line ("\\n\\n"), so paragraph splitting,
quotations and every engine work unchanged. Existing tracked changes are taken as accepted:
text in ``w:ins``/``w:moveTo`` is kept, ``w:del``/``w:moveFrom`` text is dropped, and a
paragraph whose mark is deleted runs on into the next. A tab is
"\\t", a line break "\\n", a non-breaking hyphen U+2011. Text boxes, drawings, field codes,
headers, footers, footnotes and comments are not read.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from lxml import etree

from ..document import Document
from ..errors import InputError
from .safety import DOCUMENT_PART, Package, open_package

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
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


@dataclass
class TextMap:
    text: str
    segments: list[Segment]
    paragraphs: list[etree._Element]
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


def body_paragraphs(root: etree._Element) -> list[etree._Element]:
    """The body's paragraphs in order, tables included, text boxes left out."""
    body = root.find(w("body"))
    if body is None:
        return []
    return [
        p
        for p in body.iter(w("p"))
        if not any(a.tag in _PRUNE for a in p.iterancestors())  # text boxes, fallbacks
    ]


def text_map(root: etree._Element) -> TextMap:
    pieces: list[str] = []
    segments: list[Segment] = []
    pos = 0
    paragraphs = body_paragraphs(root)
    for index, p in enumerate(paragraphs):
        if index and not _mark_deleted(paragraphs[index - 1]):
            segments.append(Segment(pos, pos + 2, "sep", index))
            pieces.append(PARAGRAPH_SEPARATOR)
            pos += 2
        for node, text, tracked in _walk(p, False):
            kind = "t" if node.tag == w("t") else "char"
            run = node.getparent()
            segments.append(Segment(pos, pos + len(text), kind, index, node, run, tracked))
            pieces.append(text)
            pos += len(text)
    return TextMap("".join(pieces), segments, paragraphs)


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
            if child.text and child.getparent().tag == w("r"):
                yield child, child.text, tracked
        elif tag in _CHARS:
            if child.getparent().tag == w("r"):
                yield child, _CHARS[tag], tracked
        elif tag == w("p"):
            continue  # a nested paragraph is read on its own
        else:
            yield from _walk(child, tracked or tag in _TRACKED)


def load_package(data: bytes, path: str) -> tuple[Package, etree._Element, TextMap]:
    pkg = open_package(data, path)
    root = pkg.xml(DOCUMENT_PART)  # open_package made sure it is there
    if root.tag != w("document"):
        raise InputError(
            f"{path}: {DOCUMENT_PART} is not a Word transitional document "
            "(Strict Open XML is not supported; save it as a Word Document)"
        )
    return pkg, root, text_map(root)


def document_from_bytes(data: bytes, path: str) -> Document:
    _, _, tmap = load_package(data, path)
    return Document.from_text(tmap.text, path=path, format="docx")
