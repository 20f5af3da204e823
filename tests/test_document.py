"""Reading drafts: exact decoding, clear input errors, line/column and paragraphs."""

from __future__ import annotations

import os

import pytest
from helpers import check_text

from copyedit.document import Document, decode, expand_paths, load
from copyedit.errors import InputError
from copyedit.model import Region


def write(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_bom_kept_as_code_point_zero_and_protected(tmp_path):
    p = write(tmp_path, "a.txt", "\ufeffThe end result  came.\n".encode())
    doc = load(p)
    assert doc.text[0] == "\ufeff"
    assert doc.text == "\ufeffThe end result  came.\n"
    assert Region(0, 1) in doc.protected
    assert doc.masked[0] == " " and len(doc.masked) == len(doc.text)
    assert doc.is_protected(0, 1)


def test_bom_offsets_count_the_bom(tmp_path):
    p = write(tmp_path, "a.txt", "\ufeffThe end result came.".encode())
    doc = load(p)
    _, findings = check_text(doc.text)
    (f,) = [f for f in findings if f.rule == "news.redundancy"]
    assert (f.start, f.end) == (5, 15)
    assert doc.text[f.start : f.end] == "end result"
    assert doc.line_col(f.start) == (1, 6)


def test_bom_never_edited():
    from copyedit.fixes import fix_document
    from copyedit.model import Applicability

    doc, findings = check_text("\ufeff  The end result.")
    out = fix_document(doc, findings, Applicability.UNSAFE).text
    assert out.startswith("\ufeff")


def test_crlf_kept(tmp_path):
    data = b"One line.\r\nTwo  lines.\r\n"
    doc = load(write(tmp_path, "a.txt", data))
    assert doc.text.encode() == data
    assert doc.masked == doc.text


def test_lone_cr_kept(tmp_path):
    data = b"One.\rTwo.\r"
    assert load(write(tmp_path, "a.txt", data)).text == "One.\rTwo.\r"


def test_no_break_spaces_and_emoji_kept(tmp_path):
    text = "10\u00a0km \U0001f600 away\u202fnow \u2028 ok"
    doc = load(write(tmp_path, "a.txt", text.encode()))
    assert doc.text == text
    # offsets are code points: the emoji is one
    assert doc.text.index("away") == 8


def test_markdown_suffix_sets_format(tmp_path):
    assert load(write(tmp_path, "a.md", b"x")).format == "markdown"
    assert load(write(tmp_path, "a.MARKDOWN", b"x")).format == "markdown"
    assert load(write(tmp_path, "a.txt", b"x")).format == "text"
    assert load(write(tmp_path, "notes", b"x")).format == "text"


def test_binary_file_is_input_error(tmp_path):
    p = write(tmp_path, "a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        load(p)


def test_utf16_is_refused_as_binary(tmp_path):
    p = write(tmp_path, "a.txt", "Hello".encode("utf-16"))
    with pytest.raises(InputError):
        load(p)


def test_non_utf8_names_line_and_byte(tmp_path):
    data = "first line\nsecond line\ncaf\u00e9 au lait\n".encode("latin-1")
    p = write(tmp_path, "draft.txt", data)
    with pytest.raises(InputError) as info:
        load(p)
    msg = str(info.value)
    assert "draft.txt" in msg and "line 3" in msg and "0xe9" in msg and "UTF-8" in msg
    assert "\n" not in msg


def test_non_utf8_line_counts_crlf_and_cr():
    with pytest.raises(InputError, match="line 3"):
        decode(b"a\r\nb\r\n\xff", "x")
    with pytest.raises(InputError, match="line 3"):
        decode(b"a\rb\r\xff", "x")


def test_decode_keeps_everything():
    assert decode(b"\xef\xbb\xbfa\r\n", "x") == "\ufeffa\r\n"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.txt")


def test_folder_is_not_a_draft(tmp_path):
    with pytest.raises(InputError, match="folder"):
        load(tmp_path)


def test_folder_with_no_drafts(tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(InputError, match="no drafts"):
        expand_paths([str(tmp_path)])


def test_expand_paths_finds_drafts_sorted(tmp_path):
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.TXT").write_text("a")
    (tmp_path / "c.png").write_bytes(b"x")
    single = tmp_path / "loose.rst"
    single.write_text("x")
    got = expand_paths([str(tmp_path), str(single)])
    assert got == [tmp_path / "b.md", tmp_path / "sub" / "a.TXT", single]


def test_unreadable_file(tmp_path):
    p = write(tmp_path, "locked.txt", b"text")
    os.chmod(p, 0)
    try:
        try:
            p.read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip("running with privileges that read a mode-000 file")
        with pytest.raises(InputError, match="cannot read"):
            load(p)
    finally:
        os.chmod(p, 0o644)


def test_empty_file_gives_clean_report(tmp_path):
    from helpers import rules_engine

    from copyedit.pipeline import check_documents
    from copyedit.readability import ReadabilityEngine

    doc = load(write(tmp_path, "empty.txt", b""))
    assert doc.text == "" and doc.paragraphs == () and doc.protected == ()
    (report,) = check_documents([doc], [rules_engine(), ReadabilityEngine()])
    assert report.findings == ()
    assert report.stats.words == 0 and report.stats.sentences == 0


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_line_col(nl):
    text = f"ab{nl}cde{nl}{nl}f"
    doc = Document.from_text(text)
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(1) == (1, 2)
    c = text.index("c")
    assert doc.line_col(c) == (2, 1)
    assert doc.line_col(c + 2) == (2, 3)
    assert doc.line_col(text.index("f")) == (4, 1)
    assert doc.line_col(len(text)) == (4, 2)


def test_line_col_crlf_is_one_break():
    doc = Document.from_text("a\r\nb")
    assert doc.line_col(3) == (2, 1)
    # the LF of a CRLF belongs to line 1
    assert doc.line_col(2) == (1, 3)


def test_line_col_mixed_endings():
    doc = Document.from_text("a\nb\r\nc\rd")
    assert [doc.line_col(doc.text.index(ch))[0] for ch in "abcd"] == [1, 2, 3, 4]


def test_line_col_counts_code_points():
    doc = Document.from_text("\U0001f600\u00a0x")
    assert doc.line_col(2) == (1, 3)


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_paragraphs(nl):
    text = f"  First para{nl}continues.{nl}{nl}Second.{nl} \u00a0{nl}{nl}Third{nl}"
    doc = Document.from_text(text)
    got = [doc.text[p.start : p.end] for p in doc.paragraphs]
    assert got == [f"First para{nl}continues.", "Second.", "Third"]
    assert doc.paragraph_index(text.index("continues")) == 0
    assert doc.paragraph_index(text.index("Second")) == 1
    assert doc.paragraph_index(text.index("Third")) == 2
    assert doc.paragraph_index(0) == 0


def test_blank_text_has_no_paragraphs():
    assert Document.from_text(" \n\n\t\r\n").paragraphs == ()


def test_masked_same_length_keeps_newlines():
    text = "See https://example.com/a\r\nand\u00a0more \U0001f600"
    doc = Document.from_text(text)
    assert len(doc.masked) == len(doc.text)
    assert doc.masked.count("\r\n") == 1
    assert "example" not in doc.masked
