"""The grammar engine: copyedit's own rules over a parse of each sentence
(``copyedit/grammar``). Findings carry their replacement and are ``unsafe``: the rule is
sure of the slip, a human confirms the fix. Sentences in headings, and fragments (no
closing full stop, question or exclamation mark, or fewer than four words), are not read.
"""

from __future__ import annotations

import hashlib
import re

from .. import __version__
from ..document import Document
from ..grammar import lexicon, nlp
from ..grammar.rules import OFF_BY_DEFAULT, RULES, Context, Hit, Word, draft_tense
from ..model import Applicability, Category, Edit, Finding, Fix, Severity

NAME = "grammar"
CONFIDENCE = 0.85
"""Before calibration: each rule was measured at 0.9 or more on injected errors."""
MIN_WORDS = 4
MAX_WORDS = 120
"""Longer "sentences" are lists, tables or run-together text the parser reads badly (and
a hostile draft's one sentence of 100,000 words would cost minutes): not read."""
MAX_CHARS = 1_500
_ENDS = re.compile(r"[.!?][\"”’')\]]*\s*$")


class GrammarEngine:
    name = NAME

    def __init__(self, also: tuple[str, ...] = ()) -> None:
        self.notes: list[str] = []
        self.also = also
        self.rules = (*RULES, *(OFF_BY_DEFAULT[name] for name in also))
        """The default families, and any of ``OFF_BY_DEFAULT`` named in ``also``."""

    def fingerprint(self) -> str | None:
        """The engine's data files and the pipeline's version (its code is in the
        findings cache's code digest)."""
        h = hashlib.sha256()
        for name in lexicon.FILES:
            h.update(lexicon.data_path(name).read_bytes())
        return repr([__version__, nlp.PACKAGE, nlp.version(), h.hexdigest(), self.also])

    def check(self, doc: Document) -> list[Finding]:
        analysis = doc.analysis
        text = analysis.text
        by_sentence: dict[int, list] = {}
        for t in analysis.tokens:
            by_sentence.setdefault(t.sentence, []).append(t)
        chosen = []
        for i, s in enumerate(analysis.sentences):
            toks = by_sentence.get(i, [])
            chunk = text[s.start : s.end]
            if not MIN_WORDS <= len(toks) <= MAX_WORDS or len(chunk) > MAX_CHARS:
                continue
            if any(t.heading for t in toks) or not _ENDS.search(chunk):
                continue
            chosen.append((s, toks, chunk))
        if not chosen:
            return []
        try:
            parsed = list(nlp.parse(chunk for _, _, chunk in chosen))
            tense = draft_tense(parsed) if len(self.rules) > len(RULES) else None
            apostrophe = "’" if text.count("’") > text.count("'") else "'"
            found: list[Finding] = []
            for (s, toks, _), sent in zip(chosen, parsed, strict=True):
                words = {t.start - s.start: Word(t.initial, t.heading, t.quoted) for t in toks}
                ctx = Context(analysis.variety, apostrophe, words, tense)
                for rule in self.rules:
                    for hit in rule(sent, ctx):
                        found.append(_finding(doc, s.start, hit))
        except ImportError as exc:
            self.notes.append(f"grammar: the English pipeline is not installed ({exc})")
            return []
        return found


def _finding(doc: Document, offset: int, hit: Hit) -> Finding:
    start, end = offset + hit.start, offset + hit.end
    fixes = tuple(
        Fix(
            tuple(
                Edit(offset + a, offset + b, doc.text[offset + a : offset + b], r)
                for a, b, r in edits
            ),
            Applicability.UNSAFE,
        )
        for edits in hit.fixes
    )
    return Finding(
        rule=f"{NAME}.{hit.family}",
        engine=NAME,
        category=Category.GRAMMAR,
        severity=Severity.WARNING,
        start=start,
        end=end,
        text=doc.text[start:end],
        message=hit.message,
        confidence=CONFIDENCE,
        applicability=Applicability.UNSAFE,
        fixes=fixes,
    )
