"""Shared helpers for the benchmark scripts: a small LanguageTool HTTP client.

Talks to a LanguageTool server's ``/v2/check`` endpoint directly (standard library
only), batches many short texts into one request and splits the matches back, and
applies matches' first replacements to a text.

Start a server of your own for the benchmarks, for example::

    java -cp "/path/to/LanguageTool-6.8/lib/*" org.languagetool.server.HTTPServer --port 8190

LanguageTool reports offsets in UTF-16 code units; everything returned here is in
Python code points.
"""

from __future__ import annotations

import bisect
import json
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

DEFAULT_URL = "http://localhost:8190"
SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Match:
    """One LanguageTool match, offsets in code points of the text it was found in."""

    rule: str
    category: str
    issue_type: str
    start: int
    end: int
    message: str
    replacements: tuple[str, ...]
    sentence: str = ""


def utf16_to_codepoints(text: str) -> list[int] | None:
    """Map UTF-16 offsets to code-point offsets; None when the text is all BMP."""
    if all(ord(c) <= 0xFFFF for c in text):
        return None
    table = []
    for i, c in enumerate(text):
        table.append(i)
        if ord(c) > 0xFFFF:
            table.append(i)
    table.append(len(text))
    return table


def check_text(
    url: str,
    text: str,
    language: str = "en-US",
    disabled_rules: Iterable[str] = (),
    disabled_categories: Iterable[str] = (),
    retries: int = 3,
) -> list[Match]:
    """Check one text with a LanguageTool server and return its matches."""
    params = {"text": text, "language": language}
    rules = ",".join(disabled_rules)
    cats = ",".join(disabled_categories)
    if rules:
        params["disabledRules"] = rules
    if cats:
        params["disabledCategories"] = cats
    data = urllib.parse.urlencode(params).encode("utf-8")
    for attempt in range(retries):
        try:
            with urllib.request.urlopen(f"{url}/v2/check", data=data, timeout=600) as resp:
                payload = json.loads(resp.read().decode("utf-8"))
            break
        except OSError:
            if attempt == retries - 1:
                raise
            time.sleep(2 * (attempt + 1))
    table = utf16_to_codepoints(text)
    out = []
    for m in payload["matches"]:
        start, end = m["offset"], m["offset"] + m["length"]
        if table is not None:
            start, end = table[start], table[end]
        rule = m["rule"]
        out.append(
            Match(
                rule=rule["id"],
                category=rule["category"]["id"],
                issue_type=rule.get("issueType", ""),
                start=start,
                end=end,
                message=m["message"],
                replacements=tuple(r["value"] for r in m.get("replacements", [])),
                sentence=m.get("sentence", ""),
            )
        )
    return out


def check_batch(
    url: str,
    texts: Sequence[str],
    language: str = "en-US",
    batch_size: int = 50,
    workers: int = 2,
    disabled_rules: Iterable[str] = (),
    disabled_categories: Iterable[str] = (),
) -> list[list[Match]]:
    """Check many short texts, ``batch_size`` per request joined by blank lines.

    Matches are split back to the text they fall in, with offsets relative to it;
    a match spanning a separator is dropped. Newlines inside a text are kept, so
    texts should not contain blank lines themselves (they would only merge paragraphs,
    offsets stay right). Requests run ``workers`` at a time.
    """
    disabled_rules = tuple(disabled_rules)
    disabled_categories = tuple(disabled_categories)
    chunks = [
        list(range(i, min(i + batch_size, len(texts)))) for i in range(0, len(texts), batch_size)
    ]

    def run(indices: list[int]) -> list[tuple[int, Match]]:
        starts = []
        pieces = []
        pos = 0
        for i in indices:
            starts.append(pos)
            pieces.append(texts[i])
            pos += len(texts[i]) + len(SEPARATOR)
        joined = SEPARATOR.join(pieces)
        found = []
        for m in check_text(url, joined, language, disabled_rules, disabled_categories):
            k = bisect.bisect_right(starts, m.start) - 1
            base = starts[k]
            if m.end > base + len(texts[indices[k]]):
                continue
            moved = Match(
                m.rule,
                m.category,
                m.issue_type,
                m.start - base,
                m.end - base,
                m.message,
                m.replacements,
                m.sentence,
            )
            found.append((indices[k], moved))
        return found

    results: list[list[Match]] = [[] for _ in texts]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for found in pool.map(run, chunks):
            for i, m in found:
                results[i].append(m)
    return results


def apply_first_replacements(text: str, matches: Iterable[Match]) -> tuple[str, list[Match]]:
    """Apply the first replacement of every match, left to right, skipping overlaps.

    Returns the new text and the matches applied. Matches without a replacement, or
    whose replacement equals the original, are not applied.
    """
    applied = []
    last_end = -1
    for m in sorted(matches, key=lambda m: (m.start, m.end)):
        if not m.replacements or m.start < last_end:
            continue
        if m.replacements[0] == text[m.start : m.end]:
            continue
        applied.append(m)
        last_end = max(m.end, m.start + 1) if m.start == m.end else m.end
    pieces = []
    pos = 0
    for m in applied:
        pieces.append(text[pos : m.start])
        pieces.append(m.replacements[0])
        pos = m.end
    pieces.append(text[pos:])
    return "".join(pieces), applied
