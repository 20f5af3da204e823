"""How empty and whitespace-only text, and control characters, are shown to an editor: one
rule for every output.

Rich-free on purpose: the GitHub annotation path must not import rich.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What a draft must not send to a terminal: C0 controls but tab and line feed (ESC starts
the sequences that retitle a window or clear the screen, CR overwrites a line), DEL, C1
controls (CSI and OSC in one character), and the bidi embeddings, overrides and isolates
that show text in an order other than its own."""


def replacement_label(s: str) -> str:
    """A replacement as a note shows it: "(delete)" when empty, quoted when only
    whitespace (so a space is seen), else as written."""
    if s == "":
        return "(delete)"
    return s if s.strip() else repr(s)


def mark_whitespace(s: str) -> str:
    """Spaces, no-break spaces and tabs drawn as ␣, ⍽ and →."""
    return s.replace(" ", "␣").replace("\u00a0", "⍽").replace("\t", "→")


def _code(c: str) -> str:
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def escape_controls(s: str) -> str:
    """``s`` safe for a terminal: each character in ``_CONTROLS`` as ``\\xNN``/``\\uNNNN``.
    Every text writer (report, summary, stats, review, errors) passes draft text through it."""
    return _CONTROLS.sub(lambda m: _code(m.group()), s)


def escape_controls_json(s: str) -> str:
    """JSON text with each character in ``_CONTROLS`` as a ``\\uNNNN`` escape: the same
    data, and safe for a terminal (``json.dumps`` escapes C0 only, and with
    ``ensure_ascii=False`` lets C1 and bidi controls through)."""
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", s)
