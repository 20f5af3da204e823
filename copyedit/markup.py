"""Protected regions of a draft: text no engine checks and no fix touches.

Markdown code (fenced, indented, inline), HTML, front matter, link destinations and
bare URLs are masked in the original coordinates. In plain text only URLs and e-mail
addresses are protected. Each format (``copyedit.formats``) names the function it uses.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from .model import Region

_URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>()\[\]\"“”]*[^\s<>()\[\]\"“”.,;:!?'’]")
_EMAIL_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+\b")
_EMAIL_LOCAL_CHAR = re.compile(r"[\w.+-]")
_BOUNDARY = re.compile(r"\b")
_NEWLINE = r"(?:\r\n|\r|\n)"
_FRONT_MATTER = re.compile(
    rf"\A\ufeff?(---|\+\+\+)[ \t]*{_NEWLINE}.*?(?<=[\r\n])\1[ \t]*(?:{_NEWLINE}|\Z)", re.S
)
# A code span never crosses a blank line (it would be two paragraphs).
_CODE_SPAN = re.compile(rf"(?<!`)(`+)(?!`)(?:(?!{_NEWLINE}[ \t]*{_NEWLINE}).)+?(?<!`)\1(?!`)", re.S)
_INLINE_HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.S)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]*:|[^\s<>@]+@)[^\s<>]*>")
_LINK_DEST = re.compile(
    r"\]\(\s*(?:<[^<>\r\n]*>|[^)\s]*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.M)
_BLOCK_TOKENS = {"fence", "code_block", "html_block"}


@cache
def _markdown():
    """The CommonMark parser, imported on first use: plain-text drafts never need it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def text_regions(text: str) -> tuple[Region, ...]:
    """A plain-text draft's protected regions: a BOM, URLs and e-mail addresses."""
    return _merge(_prose_regions(text))


def markdown_regions(text: str) -> tuple[Region, ...]:
    """A Markdown draft's: those of plain text, and its code, HTML, front matter and link
    destinations."""
    return _merge(_markdown_regions(text) + _prose_regions(text))


def _prose_regions(text: str) -> list[Region]:
    regions: list[Region] = []
    if text.startswith("\ufeff"):
        regions.append(Region(0, 1))
    regions.extend(Region(m.start(), m.end()) for m in _URL.finditer(text))
    regions.extend(_emails(text))
    return regions


def _emails(text: str) -> list[Region]:
    """What ``\\b[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+\\b`` finds, found from each '@'
    outwards: that regular expression, tried from every word boundary, re-reads a long
    run of letters and hyphens to its end at each one (quadratic: 1 MB of 'a-a-' hung)."""
    found: list[Region] = []
    end = 0
    for at in re.finditer("@", text):
        i = at.start()
        start = i
        while start > end and _EMAIL_LOCAL_CHAR.match(text, start - 1):
            start -= 1
        local = _BOUNDARY.search(text, start, i)
        domain = _EMAIL_DOMAIN.match(text, i + 1)
        if local is not None and local.start() < i and domain is not None:
            found.append(Region(local.start(), domain.end()))
            end = domain.end()
    return found


def _markdown_regions(text: str) -> list[Region]:
    regions: list[Region] = []
    body_start = 0
    fm = _FRONT_MATTER.match(text)
    if fm:
        regions.append(Region(0, fm.end()))
        body_start = fm.end()
    # Lines as markdown-it counts them: it breaks at CRLF, a lone CR and LF alike.
    line_starts = [0] + [m.end() for m in re.finditer(_NEWLINE, text)]
    line_starts.append(len(text))
    first_line = bisect.bisect_right(line_starts, body_start) - 1
    body = text[line_starts[first_line] :]
    if body.startswith("\ufeff"):  # a BOM would hide an indented block on line one
        body = body[1:]
    for token in _markdown().parse(body):
        if token.type in _BLOCK_TOKENS and token.map:
            begin, end = token.map
            start = line_starts[min(first_line + begin, len(line_starts) - 1)]
            stop = line_starts[min(first_line + end, len(line_starts) - 1)]
            regions.append(Region(start, stop))
    blocked = _merge(regions)
    for pattern in (_CODE_SPAN, _AUTOLINK, _INLINE_HTML, _LINK_DEST, _REF_DEF):
        for m in pattern.finditer(text):
            if not any(r.overlaps(m.start(), m.end()) for r in blocked):
                start = m.start() + (1 if pattern is _LINK_DEST else 0)
                regions.append(Region(start, m.end()))
    return regions


def _merge(regions: list[Region]) -> tuple[Region, ...]:
    merged: list[Region] = []
    for r in sorted(regions, key=lambda r: (r.start, r.end)):
        if r.start == r.end:
            continue
        if merged and r.start <= merged[-1].end:
            merged[-1] = Region(merged[-1].start, max(merged[-1].end, r.end))
        else:
            merged.append(r)
    return tuple(merged)
