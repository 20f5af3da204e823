"""Checks on a .docx before anything is parsed: what the bytes are, the zip's declared sizes,
every entry's name, a DOCTYPE in any XML part, and an XML parser that never resolves an
entity or fetches anything.

A .docx is a zip of XML parts. Hostile or damaged ones come as: not a zip at all; an OLE
compound file (a password-protected .docx, or an old binary .doc); a truncated zip; a zip
bomb (tiny archive, huge declared sizes); entry names that point outside the package
(``../x``, ``/x``, ``C:x``, ``x\\y``), hide behind a NUL, or come twice; symbolic links
and encrypted entries; XML with a DOCTYPE declaring external entities, in any part, read
by copyedit or only copied. Each is refused with one line by ``open_package``, which the
reader and the writer both go through, before a byte of output is written.
"""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
from dataclasses import dataclass

from lxml import etree

from ..errors import InputError

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest .docx read at all (an article with photos is a few megabytes)."""
MAX_ENTRIES = 5_000
MAX_PART_BYTES = 64 * 1024 * 1024
"""Largest declared uncompressed size of one part."""
MAX_TOTAL_BYTES = 256 * 1024 * 1024
"""Largest declared uncompressed size of the whole package."""
MAX_RATIO = 200
"""Compression ratio above which a part over RATIO_FLOOR bytes is taken for a bomb (Word's
XML compresses about 5-20 to 1)."""
RATIO_FLOOR = 1024 * 1024

DOCUMENT_PART = "word/document.xml"
CONTENT_TYPES_PART = "[Content_Types].xml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SUFFIXES = (".xml", ".rels")
_DECLARATIONS = tuple(
    word.encode(codec)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
"""A DOCTYPE or ENTITY declaration's bytes in UTF-8 (and every ASCII-compatible encoding)
and UTF-16/32: markup, so it cannot occur escaped in text or attributes."""


@dataclass(frozen=True)
class Package:
    """An opened, size-checked .docx: its entries in order, read on demand with a cap."""

    path: str
    data: bytes
    infos: tuple[zipfile.ZipInfo, ...]

    def has(self, name: str) -> bool:
        return any(i.filename == name for i in self.infos)

    def read(self, name: str) -> bytes:
        """One part's bytes; a CRC or length mismatch is a damaged file, not a traceback."""
        with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
            return self._read(zf, name)

    def xml(self, name: str) -> etree._Element | None:
        """One part parsed safely (see ``parse_xml``), or None when the package lacks it."""
        return parse_xml(self.read(name), name, self.path) if self.has(name) else None

    def required_xml(self, name: str) -> etree._Element:
        """A part :func:`open_package` made sure is there (the document, the content
        types), parsed safely."""
        root = self.xml(name)
        if root is None:
            raise InputError(f"{self.path}: not a Word document (the zip has no {name})")
        return root

    def read_all(self):
        """Every entry as (ZipInfo, bytes), in the archive's order, from one open zip."""
        with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
            for info in self.infos:
                yield info, self._read(zf, info.filename)

    def _read(self, zf: zipfile.ZipFile, name: str) -> bytes:
        try:
            with zf.open(name) as fh:
                out = fh.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
            raise InputError(f"{self.path}: damaged .docx ({name}: {exc})") from None
        except NotImplementedError as exc:
            raise InputError(f"{self.path}: unsupported .docx ({name}: {exc})") from None
        if len(out) > MAX_PART_BYTES:
            raise InputError(f"{self.path}: {name} is larger than the zip says (zip bomb?)")
        return out


def open_package(data: bytes, path: str) -> Package:
    """Check ``data`` is a sane .docx zip and return it; raise InputError otherwise."""
    if data.startswith(OLE_MAGIC):
        raise InputError(
            f"{path}: password-protected .docx or old binary Word .doc (an OLE compound file, "
            "not a zip); remove the password or save it as a Word Document (.docx)"
        )
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{path}: {len(data)} bytes is too large for a .docx draft")
    if not data.startswith(b"PK"):
        raise InputError(f"{path}: not a Word .docx file (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = tuple(zf.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError(f"{path}: damaged .docx (corrupt or truncated zip: {exc})") from None
    check_sizes(infos, path)
    check_entries(infos, path)
    names = {i.filename for i in infos}
    for part in (DOCUMENT_PART, CONTENT_TYPES_PART):
        if part not in names:
            raise InputError(f"{path}: not a Word document (the zip has no {part})")
    pkg = Package(path, data, infos)
    check_declarations(pkg, CONTENT_TYPES_PART)  # before it is parsed to find the others
    for name in xml_parts(pkg):
        if name != CONTENT_TYPES_PART:
            check_declarations(pkg, name)
    return pkg


def part_name_problem(name: str) -> str | None:
    """Why ``name`` is not a plain relative path inside the package (a name an unzip tool
    would write outside its folder, or another system would read as another name), or
    None when it is one. A folder entry's one trailing "/" is allowed."""
    if any(c < " " or c == "\x7f" for c in name):
        return "a control character in its name"
    if "\\" in name or ":" in name:
        return "a backslash or colon: a Windows path or drive"
    if name.startswith("/"):
        return "an absolute path"
    segments = (name[:-1] if name.endswith("/") else name).split("/")
    if any(s in ("", ".", "..") for s in segments):
        return "a path that leaves or skips folders ('..', '.' or '//')"
    return None


def check_part_name(name: str, path: str) -> None:
    """Refuse an entry name that is not a plain relative path (see ``part_name_problem``)."""
    problem = part_name_problem(name)
    if problem is not None:
        raise InputError(f"{path}: unsafe zip entry {name!r} refused ({problem})")


def check_entries(infos: tuple[zipfile.ZipInfo, ...], path: str) -> None:
    """Every entry: a safe name (the archive's own, before ``zipfile`` cuts it at a NUL),
    no two alike (part names compare case-insensitively), no link, no encryption."""
    seen: set[str] = set()
    for info in infos:
        check_part_name(info.orig_filename, path)
        key = info.filename.lower()
        if key in seen:
            raise InputError(f"{path}: zip entry {info.filename!r} occurs twice (refused)")
        seen.add(key)
        if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
            raise InputError(f"{path}: zip entry {info.filename!r} is a symbolic link (refused)")
        if info.flag_bits & 0x1:
            raise InputError(
                f"{path}: zip entry {info.filename!r} is encrypted; remove the password in Word"
            )


def _is_xml_type(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media.endswith("/xml") or media.endswith("+xml")


def xml_parts(pkg: Package) -> list[str]:
    """The parts that are XML: named ``*.xml`` or ``*.rels``, or given an XML content type
    (by extension or by part name) in ``[Content_Types].xml``."""
    types = pkg.required_xml(CONTENT_TYPES_PART)
    extensions = {
        d.get("Extension", "").lower()
        for d in types.iter(f"{{{CT_NS}}}Default")
        if _is_xml_type(d.get("ContentType", ""))
    }
    overrides = {
        o.get("PartName", "").lstrip("/").lower()
        for o in types.iter(f"{{{CT_NS}}}Override")
        if _is_xml_type(o.get("ContentType", ""))
    }
    out = []
    for info in pkg.infos:
        name = info.filename.lower()
        extension = posixpath.splitext(name)[1].lstrip(".")
        if not info.is_dir() and (
            name.endswith(XML_SUFFIXES) or extension in extensions or name in overrides
        ):
            out.append(info.filename)
    return out


def check_declarations(pkg: Package, name: str) -> None:
    """Refuse a part holding a DOCTYPE or ENTITY declaration, parsed or only copied through
    (a part copyedit never reads still reaches whoever opens the corrected file)."""
    data = pkg.read(name)
    if any(d in data for d in _DECLARATIONS):
        raise InputError(
            f"{pkg.path}: {name} declares a DOCTYPE or ENTITY "
            "(XML entities are refused: Word never writes one)"
        )


def check_sizes(infos: tuple[zipfile.ZipInfo, ...], path: str) -> None:
    """Refuse a zip bomb from its central directory alone, before decompressing anything."""
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"{path}: {len(infos)} zip entries, more than a .docx has (zip bomb?)")
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_PART_BYTES:
            raise InputError(
                f"{path}: zip bomb refused ({info.filename} declares {size} bytes uncompressed)"
            )
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                f"{path}: zip bomb refused ({info.filename} compresses "
                f"{size // max(info.compress_size, 1)} to 1)"
            )
    if total > MAX_TOTAL_BYTES:
        raise InputError(f"{path}: zip bomb refused ({total} bytes declared uncompressed)")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_xml(data: bytes, name: str, path: str) -> etree._Element:
    """Parse one part with entities unresolved and nothing fetched; a DOCTYPE is refused
    (Word never writes one, and it is how external entities and entity bombs come in)."""
    try:
        tree = etree.parse(io.BytesIO(data), _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: damaged .docx ({name} is not well-formed XML: {exc})") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InputError(
            f"{path}: {name} declares a DOCTYPE (XML entities are refused: Word never writes one)"
        )
    return tree.getroot()
