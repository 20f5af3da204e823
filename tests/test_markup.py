"""Protected regions: code, HTML, front matter, link targets and URLs are never checked
and never edited, and masking them never moves an offset."""

from __future__ import annotations

import pytest
from helpers import check_text

from copyedit.document import Document
from copyedit.fixes import apply_edits, fix_document
from copyedit.markup import markdown_regions
from copyedit.model import Applicability, Edit

BAD = "the end result can not  wait"  # three rules fire on this
FIXED = "the result cannot wait"

CASES = {
    "fenced": "Intro.\n\n```python\n{bad}\n```\n\nAfter: {bad}.\n",
    "tilde-fence": "Intro.\n\n~~~\n{bad}\n~~~\n\nAfter: {bad}.\n",
    "indented": "Intro.\n\n    {bad}\n\nAfter: {bad}.\n",
    "inline": "Use `{bad}` but {bad}.\n",
    "double-backtick": "Use ``a ` {bad}`` but {bad}.\n",
    "html-block": '<div class="x">\n{bad}\n</div>\n\nAfter: {bad}.\n',
    "inline-html": 'Text <span title="{bad}">x</span> and {bad}.\n',
    "html-comment": "Text <!-- {bad} --> and {bad}.\n",
    "front-matter": "---\ntitle: {bad}\n---\n\nBody {bad}.\n",
    "toml-front-matter": '+++\ntitle = "{bad}"\n+++\n\nBody {bad}.\n',
    "crlf-fence": "Intro.\r\n\r\n```\r\n{bad}\r\n```\r\n\r\nAfter: {bad}.\r\n",
    "cr-indented": "Intro.\r\r    {bad}\r\rAfter: {bad}.\r",
    "bom-indented": "\ufeff    {bad}\n\nAfter: {bad}.\n",
    "list-code": "- item\n\n      {bad}\n\nAfter: {bad}.\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_markdown_protected_never_reported_or_edited(name):
    text = CASES[name].format(bad=BAD)
    doc, findings = check_text(text, "markdown")
    assert len(doc.masked) == len(doc.text)
    prose = text.rindex(BAD)
    assert findings, "the prose copy must still be checked"
    for f in findings:
        assert not doc.is_protected(f.start, f.end), f
        assert f.start >= prose, f"{f.rule} reported inside protected markup"
    fixed = fix_document(doc, findings, Applicability.UNSAFE).text
    assert fixed.count(BAD) == 1 and fixed.count(FIXED) == 1
    assert fixed.index(BAD) < fixed.index(FIXED)


def test_link_text_checked_but_destination_protected():
    text = "See [the end result](<https://example.com/end  result  can not>) now."
    doc, findings = check_text(text, "markdown")
    rules = sorted(f.rule for f in findings)
    assert rules == ["news.redundancy"]
    fixed = fix_document(doc, findings, Applicability.UNSAFE).text
    assert fixed == "See [the result](<https://example.com/end  result  can not>) now."


def test_relative_link_destination_protected():
    text = "See [the report](/news/end-result/can%20not) and the end result."
    doc, findings = check_text(text, "markdown")
    assert [f.text for f in findings] == ["end result"]
    assert findings[0].start == text.rindex("end result")


def test_link_destination_with_title_protected():
    text = 'A [link](/path/to/x "the end result") and the end result.'
    doc, findings = check_text(text, "markdown")
    assert [f.start for f in findings] == [text.rindex("end result")]


def test_reference_definition_protected():
    text = 'Text [x].\n\n[x]: http://example.com/a  "the end result"\n'
    doc, findings = check_text(text, "markdown")
    assert findings == ()


def test_autolink_protected():
    text = "Mail <someone@example.com> or <https://x.org/can not> please."
    doc = Document.from_text(text, format="markdown")
    assert doc.is_protected(text.index("someone"), text.index("someone") + 1)
    assert doc.is_protected(text.index("can"), text.index("can") + 7)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_bare_urls_and_emails_protected(fmt):
    text = "Visit https://example.com/end_result?a=can%20not, www.x.org/end  or a.b@c.org. The end result."
    doc, findings = check_text(text, fmt)
    assert [(f.rule, f.text) for f in findings] == [("news.redundancy", "end result")]
    url = "https://example.com/end_result?a=can%20not"
    i = text.index(url)
    assert doc.is_protected(i, i + len(url))
    # trailing punctuation is not part of the URL
    assert not doc.is_protected(i + len(url), i + len(url) + 1)


def test_plain_text_code_not_protected():
    text = "Use `the end result` here."
    _, findings = check_text(text, "text")
    assert [f.rule for f in findings] == ["news.redundancy"]


def test_code_span_does_not_cross_a_blank_line():
    text = "It`s a typo.\n\nThe end result and a stray ` mark."
    doc, findings = check_text(text, "markdown")
    assert [f.rule for f in findings] == ["news.redundancy"]


def test_masked_keeps_length_and_line_breaks():
    text = "---\r\na: b  c\r\n---\r\n```\r\ncode  x\r\n```\r\n`x`  \U0001f600 <b>y</b>\n"
    doc = Document.from_text(text, format="markdown")
    assert len(doc.masked) == len(doc.text)
    for i, ch in enumerate(doc.text):
        if ch in "\r\n":
            assert doc.masked[i] == ch
        elif doc.is_protected(i, i + 1):
            assert doc.masked[i] == " "
        else:
            assert doc.masked[i] == ch


def test_regions_are_sorted_and_disjoint():
    text = "`a` `b` https://x.org/`c` <i>d</i>\n\n```\ne\n```\n"
    regions = markdown_regions(text)
    for a, b in zip(regions, regions[1:], strict=False):
        assert a.end < b.start


def test_edit_inside_protected_region_skipped():
    text = "Use `a  b` here."
    doc = Document.from_text(text, format="markdown")
    i = text.index("  ")
    result = apply_edits(text, [Edit(i, i + 2, "  ", " ")], doc.protected)
    assert result.text == text
    assert [s.reason for s in result.skipped] == ["protected"]


def test_insertion_at_protected_boundary_allowed():
    text = "Use `code` here."
    doc = Document.from_text(text, format="markdown")
    i = text.index("`")
    result = apply_edits(text, [Edit(i, i, "", "the ")], doc.protected)
    assert result.text == "Use the `code` here."
