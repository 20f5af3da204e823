"""Sentence and word spans, in the document's own offsets."""

from __future__ import annotations

import re

from .model import Region

_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
# A sentence ends at . ! ? (plus closing quotes/brackets) before whitespace and a capital,
# a digit or an opening quote; or at a paragraph break.
_END = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|(?:\r?\n|\r)\s*(?:\r?\n|\r)")
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "prof",
    "gen",
    "gov",
    "sen",
    "rep",
    "no",
    "vs",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "inc",
    "co",
    "jr",
}


def words(text: str) -> list[Region]:
    return [Region(m.start(), m.end()) for m in _WORD.finditer(text)]


def sentences(text: str) -> list[Region]:
    """Non-blank sentence spans of ``text`` (use the masked text so markup is skipped)."""
    spans: list[Region] = []
    start = 0
    for m in _END.finditer(text):
        before = re.search(r"([A-Za-z]+)\.$", text[start : m.start() + 1])
        if (
            m.group().startswith(".")
            and before
            and (before.group(1).lower() in _ABBREVIATIONS or len(before.group(1)) == 1)
        ):
            continue
        _add(spans, text, start, m.end())
        start = m.end()
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[Region], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    if _WORD.search(chunk):
        lead = len(chunk) - len(chunk.lstrip())
        spans.append(Region(start + lead, start + len(chunk.rstrip())))
