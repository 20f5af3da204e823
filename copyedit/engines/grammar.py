"""The grammar engine: copyedit's own rules over a parse of each sentence
(``copyedit/grammar``). Findings carry their replacement and are ``unsafe``: the rule is
sure of the slip, a human confirms the fix. Sentences in headings, and fragments (no
closing full stop, question or exclamation mark, or fewer than four words), are not read.

A sentence's findings depend only on the sentence and a few facts about the draft (its
variety, its apostrophe), so they are cached per sentence (``recheck_cache.PieceCache``):
after an edit only the sentences that changed are parsed, and a draft whose sentences
are all known loads no parser.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..document import Document
from ..grammar import lexicon, nlp
from ..model import Applicability, Category, Edit, Finding, Fix, Severity

if TYPE_CHECKING:
    from ..grammar.rules import Hit

NAME = "grammar"
OFF_FAMILIES = ("auxiliary", "article", "article-missing")
"""The families off by default (``grammar.rules.OFF_BY_DEFAULT``), named here so that
building the engine imports no rule code. A configuration that turns one on runs the
engine in its own process, not in the long-lived worker, which keeps the defaults."""
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
        self.also = tuple(also)
        self._rules: tuple[Any, ...] | None = None
        if also:  # an unknown family is a mistake at once
            self.rules  # noqa: B018

    @property
    def rules(self) -> tuple[Any, ...]:
        """The default families, and any of ``OFF_BY_DEFAULT`` named in ``also``."""
        if self._rules is None:
            from ..grammar.rules import OFF_BY_DEFAULT, RULES

            self._rules = (*RULES, *(OFF_BY_DEFAULT[name] for name in self.also))
        return self._rules

    def fingerprint(self) -> str | None:
        """The engine's data files, the families it runs and the pipeline's version (its
        code is in the findings cache's code digest)."""
        h = hashlib.sha256()
        for name in lexicon.FILES:
            h.update(lexicon.data_path(name).read_bytes())
        return repr([__version__, nlp.PACKAGE, nlp.version(), h.hexdigest(), *self.also])

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
        apostrophe = "’" if text.count("’") > text.count("'") else "'"
        if self.also:  # the auxiliary family reads the whole draft's tense
            return self._check(doc, chosen, apostrophe) or []
        from ..recheck_cache import PieceCache

        fingerprint = self.fingerprint()
        assert fingerprint is not None
        cache = PieceCache(NAME, fingerprint)
        keys = [
            cache.key(
                [
                    chunk,
                    doc.text[s.start : s.end],
                    analysis.variety,
                    apostrophe,
                    [[t.start - s.start, t.initial, t.heading, t.quoted] for t in toks],
                ]
            )
            for s, toks, chunk in chosen
        ]
        known = cache.get_many(keys)
        todo = [i for i, key in enumerate(keys) if key not in known]
        if todo:
            fresh = self._check(doc, [chosen[i] for i in todo], apostrophe, each=True)
            if fresh is None:
                return []
            new = {keys[i]: found for i, found in zip(todo, fresh, strict=True)}
            cache.put_many(new)
            known.update(new)
        return [
            f.moved(s.start)
            for (s, _, _), key in zip(chosen, keys, strict=True)
            for f in known[key]
        ]

    def _check(self, doc: Document, chosen: list, apostrophe: str, each: bool = False) -> Any:
        """The findings of the ``chosen`` sentences: all in one list, or (``each``) one
        list a sentence, offsets relative to it. None, with a note, without the parser."""
        from ..grammar.rules import Context, Word, draft_tense, trigram_missing

        try:
            parsed = list(nlp.parse(chunk for _, _, chunk in chosen))
            tense = draft_tense(parsed) if self.also else None
            per_sentence: list[list[Finding]] = []
            for (s, toks, _), sent in zip(chosen, parsed, strict=True):
                words = {t.start - s.start: Word(t.initial, t.heading, t.quoted) for t in toks}
                ctx = Context(doc.analysis.variety, apostrophe, words, tense)
                found = [
                    _finding(doc, s.start, hit) for rule in self.rules for hit in rule(sent, ctx)
                ]
                per_sentence.append([f.moved(-s.start) for f in found] if each else found)
        except ImportError as exc:
            self.notes.append(f"grammar: the English pipeline is not installed ({exc})")
            return None
        missing = trigram_missing()
        if missing is not None and "article-missing" in self.also:
            note = f"grammar: missing articles not checked, no trigram model ({missing})"
            if note not in self.notes:
                self.notes.append(note)
        return per_sentence if each else [f for found in per_sentence for f in found]


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
