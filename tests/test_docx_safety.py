"""Hostile .docx packages are refused whole, by check and fix alike, before anything is
parsed or written: entry names that leave the package, hide behind a NUL or come twice,
links and encrypted entries, and a DOCTYPE or ENTITY in any XML part (read by copyedit or
only copied through)."""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

docx = pytest.importorskip("docx")
from copyedit.cli import main  # noqa: E402

TEXT = "Prior to the vote, the end result can not wait."
DOCTYPE = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
Entries = list[tuple[zipfile.ZipInfo | str, bytes]]


def good_entries(tmp_path: Path) -> Entries:
    """A valid one-paragraph .docx's entries, in order."""
    d = docx.Document()
    d.add_paragraph(TEXT)
    d.save(tmp_path / "good.docx")
    with zipfile.ZipFile(tmp_path / "good.docx") as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


def zip_bytes(tmp_path: Path, entries: Entries) -> bytes:
    out = tmp_path / "built.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return out.read_bytes()


def with_entry(name: str, data: bytes = b"x") -> Callable[[Path], bytes]:
    return lambda tmp_path: zip_bytes(tmp_path, [*good_entries(tmp_path), (name, data)])


def with_doctype(part: str, encoding: str = "utf-8") -> Callable[[Path], bytes]:
    """The good package with ``part``'s XML declaration followed by a DOCTYPE."""

    def build(tmp_path: Path) -> bytes:
        entries = []
        for name, data in good_entries(tmp_path):
            if name == part:
                text = data.decode("utf-8")
                end = text.index("?>") + 2
                text = text[:end] + DOCTYPE + text[end:]
                if encoding != "utf-8":
                    text = text.replace('encoding="UTF-8"', f'encoding="{encoding}"')
                data = text.encode(encoding)
            entries.append((name, data))
        return zip_bytes(tmp_path, entries)

    return build


def with_typed_part(name: str, default: str | None = None) -> Callable[[Path], bytes]:
    """A part with no .xml name made XML by its content type (by extension with
    ``default``, else by an override), holding a DOCTYPE."""

    def build(tmp_path: Path) -> bytes:
        entries = good_entries(tmp_path)
        ct = "application/xml"
        rule = (
            f'<Default Extension="{default}" ContentType="image/svg+xml"/>'
            if default
            else f'<Override PartName="/{name}" ContentType="{ct}"/>'
        )
        entries = [
            (n, d.replace(b"</Types>", rule.encode() + b"</Types>") if n.startswith("[") else d)
            for n, d in entries
        ]
        return zip_bytes(
            tmp_path, [*entries, (name, f"<?xml version='1.0'?>{DOCTYPE}<x/>".encode())]
        )

    return build


def nul_in_name(tmp_path: Path) -> bytes:
    """An entry whose name is "word/x<NUL>.xml" in the archive (zipfile cuts names at NUL
    on writing, so the bytes are patched)."""
    data = with_entry("word/xQ.xml", b"<x/>")(tmp_path)
    return data.replace(b"word/xQ.xml", b"word/x\0.xml")


def duplicate(name: str) -> Callable[[Path], bytes]:
    def build(tmp_path: Path) -> bytes:
        entries = good_entries(tmp_path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate it writes
            return zip_bytes(tmp_path, [*entries, (name, dict(entries)["word/document.xml"])])

    return build


def symlink(tmp_path: Path) -> bytes:
    info = zipfile.ZipInfo("word/link.xml")
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    return zip_bytes(tmp_path, [*good_entries(tmp_path), (info, b"/etc/passwd")])


def encrypted(tmp_path: Path) -> bytes:
    """An entry flagged encrypted in its local and central headers (zipfile cannot write
    one, so the flag bits are patched)."""
    data = bytearray(with_entry("word/secret.bin")(tmp_path))
    name = b"word/secret.bin"
    for signature, flags_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = data.index(signature)
        while data[at + name_at : at + name_at + len(name)] != name:
            at = data.index(signature, at + 1)
        data[at + flags_at] |= 0x1
    return bytes(data)


HOSTILE = {
    # name: (builder of the .docx bytes, what the one error line says)
    "dotdot": (with_entry("../../x"), "unsafe zip entry '../../x'"),
    "inner-dotdot": (with_entry("word/../../x"), "unsafe zip entry 'word/../../x'"),
    "absolute": (with_entry("/abs/x"), "an absolute path"),
    "backslash": (with_entry("word\\..\\..\\x"), "a Windows path"),
    "drive": (with_entry("C:x"), "unsafe zip entry 'C:x'"),
    "dot": (with_entry("word/./x.xml"), "'..', '.' or '//'"),
    "empty-segment": (with_entry("word//x.xml"), "'..', '.' or '//'"),
    "nul": (nul_in_name, "a control character in its name"),
    "duplicate": (duplicate("word/document.xml"), "'word/document.xml' occurs twice"),
    "case-duplicate": (duplicate("Word/Document.xml"), "'Word/Document.xml' occurs twice"),
    "symlink": (symlink, "is a symbolic link"),
    "encrypted": (encrypted, "is encrypted"),
    "styles-doctype": (with_doctype("word/styles.xml"), "word/styles.xml declares a DOCTYPE"),
    "types-doctype": (
        with_doctype("[Content_Types].xml"),
        "[Content_Types].xml declares a DOCTYPE",
    ),
    "rels-doctype": (with_doctype("_rels/.rels"), "_rels/.rels declares a DOCTYPE"),
    "utf16-doctype": (
        with_doctype("word/settings.xml", "utf-16"),
        "word/settings.xml declares a DOCTYPE",
    ),
    "custom-xml": (with_entry("customXml/item9.xml", DOCTYPE.encode()), "declares a DOCTYPE"),
    "override-typed": (with_typed_part("word/data.bin"), "word/data.bin declares a DOCTYPE"),
    "default-typed": (
        with_typed_part("word/media/image9.svg", default="svg"),
        "word/media/image9.svg declares a DOCTYPE",
    ),
}


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--no-languagetool"])


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_package_is_refused_by_check_and_fix_and_nothing_is_written(tmp_path, case):
    build, message = HOSTILE[case]
    data = build(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    path = work / "draft.docx"
    path.write_bytes(data)
    for args in (
        ["check", str(path)],
        ["fix", str(path), "-o", str(work / "out.docx")],
        ["fix", str(path), "--in-place"],
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("copyedit: error: ") and message in line, line
        assert sorted(p.name for p in work.iterdir()) == ["draft.docx"]
        assert path.read_bytes() == data


def test_folder_entries_and_unusual_but_safe_parts_pass(tmp_path):
    """A folder entry, a binary part and an XML part without a DOCTYPE are fine."""
    entries = [
        ("word/", b""),
        *good_entries(tmp_path),
        ("word/media/blob.bin", b"<!DOCTYPE in binary data is not XML>"),
        ("customXml/item9.xml", b"<?xml version='1.0'?><x>&lt;!DOCTYPE</x>"),
    ]
    path = tmp_path / "draft.docx"
    path.write_bytes(zip_bytes(tmp_path, entries))
    out = tmp_path / "out.docx"
    result = run("fix", str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert {"word/media/blob.bin", "customXml/item9.xml"} <= set(names)


@pytest.mark.parametrize(
    "target, message",
    [
        ("../../evil.xml", "unsafe zip entry '../evil.xml'"),
        ("document.xml", "points at word/document.xml, not comments"),
    ],
)
def test_comments_relationship_cannot_make_fix_write_outside_or_over_a_part(
    tmp_path, target, message
):
    """fix adds its comments where the body's comments relationship points: never outside
    the package, never over the body."""
    rel = (
        '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/comments" Target="{target}"/></Relationships>'
    ).encode()
    entries = [
        (n, d.replace(b"</Relationships>", rel) if n == "word/_rels/document.xml.rels" else d)
        for n, d in good_entries(tmp_path)
    ]
    path = tmp_path / "draft.docx"
    data = zip_bytes(tmp_path, entries)
    path.write_bytes(data)
    result = run("fix", str(path), "--accept", "safe", "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("copyedit: error: ") and message in line, line
    assert not (tmp_path / "out.docx").exists() and path.read_bytes() == data
