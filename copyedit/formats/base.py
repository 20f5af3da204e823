"""What a draft format is: a reader (bytes -> text and an opaque origin), the regions of
its text no engine checks, and optionally a writer that puts accepted edits back into the
format's own bytes.

Nothing here imports ``copyedit.document``: a ``Document`` is built from what a reader
returns, and a writer sees it through the small ``Draft`` protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..files import MAX_DRAFT_BYTES
from ..model import Applicability, Finding, Region


@dataclass(frozen=True)
class Decoded:
    """A draft's text as its format reads it, and what its writer needs to write back
    (the .docx's package and its map from text to XML; None for a plain text draft)."""

    text: str
    origin: object | None = None


class Draft(Protocol):
    """What a writer reads from a ``Document``."""

    @property
    def text(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def protected(self) -> tuple[Region, ...]: ...
    @property
    def origin(self) -> object | None: ...


@dataclass(frozen=True)
class Written:
    """A draft with the accepted edits put back into its format (nothing written yet)."""

    data: bytes
    """The new file."""
    text: str
    """Its text as the reader would read it (what ``--diff`` shows)."""
    changed: bool
    """False when ``data`` holds nothing new: ``--in-place`` then leaves the draft alone."""
    summary: str
    """One line for stderr: what was applied and what was not."""


Reader = Callable[[bytes, str], Decoded]
"""(the file's bytes, its path for messages) -> its text; raises ``InputError``."""
Writer = Callable[[Draft, Sequence[Finding], Applicability], Written]


def no_regions(text: str) -> tuple[Region, ...]:
    return ()


@dataclass(frozen=True)
class Format:
    """One input format.

    ``plain``: the draft's text is the file itself (text, Markdown), so ``fix`` writes
    the corrected text (to stdout too, with ``--critic``) and ``review`` edits it.
    Otherwise ``write``, when given, produces the fixed file in the format (never to
    stdout), and a format with neither can be checked but not fixed.
    """

    name: str
    suffixes: tuple[str, ...]
    """Lower case, with the dot; the first is the one outputs are named with."""
    read: Reader
    protected: Callable[[str], tuple[Region, ...]] = no_regions
    max_bytes: int = MAX_DRAFT_BYTES
    """Largest file read at all; the text taken from it is held to ``MAX_DRAFT_BYTES``."""
    plain: bool = False
    write: Writer | None = None
    label: str = ""
    """What editors call it ("Word"), for messages; the name when empty."""
    writes: str = ""
    """What ``write`` gives the editor ("tracked changes"), for messages."""

    @property
    def title(self) -> str:
        return self.label or self.name

    @property
    def suffix(self) -> str:
        return self.suffixes[0]
