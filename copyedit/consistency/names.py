"""Names: people named with differently written titles or given names ("Prime Minister
Imran Khan", "PM Khan"; "Vladimir Putin", "V. Putin"). Which names a draft uses
consistently is the analysis layer's (``Document.analysis.names``)."""

from __future__ import annotations

import re
from collections import defaultdict

from ..model import Finding, Severity
from ..titles import ABBREVIATED, title_words
from .forms import finding, lines_of
from .tokens import Scan

_TITLE_RE = "|".join(
    re.escape(t)
    for t in sorted(set(ABBREVIATED) | set(ABBREVIATED.values()), key=len, reverse=True)
)
_NAME = r"[A-Z][\w’'-]+|[A-Z]\."
_PERSON = re.compile(
    rf"(?<![\w.])(?P<title>{_TITLE_RE})(?:(?<=\.)|\b)\s+(?P<name>(?:(?:{_NAME})\s+){{0,2}}[A-Z][\w-]+)"
)
_FULL_NAME = re.compile(
    r"(?<![\w.])(?P<given>[A-Z][a-z]+|[A-Z]\.)\s+(?P<surname>[A-Z][a-z][\w-]+)\b"
)


_NEXT_NAME = re.compile(r"[ \u00a0]+[A-Z]")
_FIRM = re.compile(r"[ \u00a0]*&")
_FIRM_BEFORE = re.compile(r"&[ \u00a0]*$")
_MIDDLE = re.compile(r"(?<![\w’'])([A-Z][\w-]*|[A-Z]\.)[ \u00a0]+$")
_TITLE_WORDS = title_words()
_NOT_MIDDLE = _TITLE_WORDS | set(ABBREVIATED)
"""Capitalised words before an initial that make it a given name, not a middle one."""


def name_findings(sc: Scan) -> list[Finding]:
    text = sc.doc.masked
    titles: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    full_name: dict[int, bool] = {}
    for m in _PERSON.finditer(text):
        if sc.doc.in_quote(m.start(), m.end()):
            continue  # a speaker says "Senator"; AP writes "Sen." outside quotations
        surname = m.group("name").split()[-1]
        titles[surname].append((m.start("title"), m.end("title"), m.group("title")))
        full_name[m.start("title")] = len(m.group("name").split()) > 1
    found: list[Finding] = []
    for surname, uses in titles.items():
        full = {ABBREVIATED.get(t, t) for _, _, t in uses}
        for spelled in full:
            written = [u for u in uses if ABBREVIATED.get(u[2], u[2]) == spelled]
            if len({u[2] for u in written}) < 2:
                continue
            if all(full_name[s] == (t != spelled) for s, _, t in written):
                continue  # "Sen. John L. McClellan", "Senator McClellan": Chicago 10.13's rule
            where = lines_of(sc, (s for s, _, t in written if t == spelled))
            for s, e, t in written:
                if t == spelled:
                    continue
                found.append(
                    finding(
                        "consistency.name-form",
                        s,
                        e,
                        sc.doc.text[s:e],
                        f"{surname}'s title is written '{spelled}' elsewhere "
                        f"({where}) "
                        f"and '{t}' here; unify on '{spelled}'.",
                        Severity.WARNING,
                        replacement=spelled,
                        confidence=0.7,
                    )
                )
    found.extend(_given_names(sc))
    return found


def _given_names(sc: Scan) -> list[Finding]:
    """'V. Putin' where the draft also writes 'Vladimir Putin'."""
    text = sc.doc.masked
    given: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for m in _FULL_NAME.finditer(text):
        g = m.group("given")
        if _NEXT_NAME.match(text, m.end()):
            continue  # "G. David Thompson", "Alfred Van Hollander": a longer name
        if _FIRM.match(text, m.end()) or _FIRM_BEFORE.search(
            text, max(0, m.start() - 3), m.start()
        ):
            continue  # "D. Brown & Son", "B. & O. Railroad": a firm's name, spelled its way
        before = _MIDDLE.search(text, max(0, m.start() - 40), m.start("given"))
        if g.endswith(".") and before and before.group(1) not in _NOT_MIDDLE:
            continue  # "Gaynor B. Jones", "N. Y. Times": a middle initial, not a given name
        given[m.group("surname")].append((m.start("given"), m.end("given"), g))
    found = []
    for surname, uses in given.items():
        initials = [u for u in uses if u[2].endswith(".")]
        # The first given name spelled out for each first letter, and where it stands.
        spelled: dict[str, tuple[str, int]] = {}
        for start, _, g in uses:
            if not g.endswith("."):
                spelled.setdefault(g[0], (g, start))
        if not spelled or not initials:
            continue
        for s, e, g in initials:
            if g[0] not in spelled:
                continue
            match, first = spelled[g[0]]
            line = sc.line(first)
            found.append(
                finding(
                    "consistency.name-form",
                    s,
                    e,
                    sc.doc.text[s:e],
                    f"'{g} {surname}' is '{match} {surname}' on line {line}; "
                    f"write the name one way.",
                    Severity.WARNING,
                    replacement=match,
                    confidence=0.6,
                )
            )
    return found
