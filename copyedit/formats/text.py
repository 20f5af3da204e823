"""Plain text and Markdown: the draft's text is the file, decoded strictly as UTF-8."""

from __future__ import annotations

import re

from ..errors import InputError
from ..markup import markdown_regions, text_regions
from .base import Decoded, Format


def decode(data: bytes, path: str) -> str:
    """Decode a draft's bytes strictly as UTF-8, keeping a BOM and every newline."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file, not a text draft")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        breaks = list(re.finditer(rb"\r\n|\r|\n", data[: exc.start]))
        line = len(breaks) + 1
        col = exc.start - (breaks[-1].end() if breaks else 0) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            f"{path}: not UTF-8 at line {line}, byte column {col} (byte 0x{bad}); "
            "re-save the draft as UTF-8"
        ) from None


def read_text(data: bytes, path: str) -> Decoded:
    return Decoded(decode(data, path))


TEXT = Format("text", (".txt",), read_text, text_regions, plain=True)
MARKDOWN = Format("markdown", (".md", ".markdown"), read_text, markdown_regions, plain=True)
FORMATS = (TEXT, MARKDOWN)
