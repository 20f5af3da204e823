"""The real-word engine: curated confusion sets first, then the statistical context model.

Findings are ``unsafe``: the replacement is usually right but a writer may have meant
the rarer word, so a human applies it. Capitalised mid-sentence words (names) are never
corrected.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..document import Document
from ..model import Applicability, Category, Finding, Severity

if TYPE_CHECKING:  # the model and its helpers are imported when a draft is first checked
    from ..analysis.tokens import Token as Word
    from ..realword.confusables import ConfusionSet
    from ..realword.context import ContextModel
    from ..realword.tokens import Token

NAME = "realword"


def _package_version(name: str) -> str | None:
    """The installed version of ``name``, read from the name of its ``.dist-info`` folder
    beside the package: importing :mod:`importlib.metadata` and asking it costs about
    40 ms, paid by every run (the findings cache asks for :meth:`fingerprint`)."""
    spec = find_spec(name)
    if spec is None or not spec.origin:
        return None
    site = os.path.dirname(os.path.dirname(spec.origin))
    prefix, suffix = f"{name}-", ".dist-info"
    try:
        found = [d for d in os.listdir(site) if d.startswith(prefix) and d.endswith(suffix)]
    except OSError:
        found = []
    if len(found) == 1:
        return found[0][len(prefix) : -len(suffix)]
    from importlib.metadata import PackageNotFoundError, version  # an unusual install

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def load_counts():
    """The bigram count tables (``realword.ngram.load``), imported when first needed."""
    from ..realword.ngram import load

    return load()


class RealWordEngine:
    name = NAME

    def __init__(
        self,
        sets: list[ConfusionSet] | None = None,
        model: ContextModel | None = None,
        use_model: bool = True,
    ) -> None:
        self._sets = sets
        self._model = model
        self._given = sets is not None or model is not None
        self.use_model = use_model
        self.notes: list[str] = []

    def fingerprint(self) -> str | None:
        """What the findings depend on besides the text, for the findings cache: the
        confusion-set files, LanguageTool's jar, the model's weights and count tables.
        None (no caching) for an engine given its sets or model directly, or before the
        count tables exist."""
        if self._given or not self.use_model:
            return None
        from ..languagetool.data import find_jar
        from ..paths import builtin_rules_dir
        from ..realword.ngram import CACHE_VERSION
        from ..realword.ngram import cache_path as _tables_path
        from ..recheck_cache import stat_key

        tables = _tables_path()
        if not tables.exists():
            return None
        folder = builtin_rules_dir() / "confusables"  # ``confusables.confusables_dir()``
        files = sorted(p for p in folder.glob("*.y*ml") if not p.name.startswith("_"))
        jar = find_jar()
        parts = [
            __version__,
            CACHE_VERSION,
            [stat_key(p) for p in files],
            stat_key(jar) if jar else None,
            stat_key(Path(__file__).parents[1] / "realword" / "weights.json"),
            stat_key(tables),
            _package_version("pocketsphinx"),
        ]
        return repr(parts)

    @property
    def sets(self) -> list[ConfusionSet]:
        if self._sets is None:
            from ..realword.confusables import load_sets

            self._sets, notes = load_sets()
            self.notes.extend(notes)
        return self._sets

    @property
    def model(self) -> ContextModel | None:
        """Loaded once per process; without its count packages the engine runs the
        confusion sets alone and says so in ``notes``."""
        if self._model is None and self.use_model:
            from ..realword.context import ContextModel
            from ..realword.ltdata import lt_confusion_pairs
            from ..realword.trigram import load as load_trigrams

            try:
                self._model = ContextModel(
                    load_counts(), load_trigrams(), extra_pairs=lt_confusion_pairs()
                )
            except (ImportError, OSError) as exc:
                self.use_model = False
                self.notes.append(f"realword: context model unavailable ({exc})")
        return self._model

    def check(self, doc: Document) -> list[Finding]:
        from ..analysis.variety import variety_forms
        from ..realword.confusables import context

        text = doc.masked
        found: list[Finding] = []
        taken: set[int] = set()
        for cs in self.sets:
            for start, end, fix, why in cs.find(text):
                if start in taken:
                    continue
                taken.add(start)
                found.append(_finding(doc, start, end, cs.id, fix, why, cs.confidence))
        model = self.model if self.use_model else None
        if model is None:
            return found
        toks = [t for t in judged_tokens(text, doc.analysis.tokens) if t.start not in taken]
        model.prefetch(toks)
        forms = variety_forms()
        for tok in toks:
            v = model.judge(tok)
            if v is None or variety_pair(tok.lower, v.candidate, forms):
                continue
            original = doc.text[tok.start : tok.end]
            why = (
                f"'{v.candidate}' fits '{context(text, tok.start, tok.end)}' far better than "
                f"'{original}' (trigram model, {v.side} context)."
            )
            found.append(
                _finding(
                    doc, tok.start, tok.end, "context", v.candidate, why, round(v.probability, 2)
                )
            )
        return found


def judged_tokens(text: str, words: Sequence[Word]) -> list[Token]:
    """The model's tokens it may judge: not a letter run of a hyphenated word ('two-day',
    'million-and-a-half'), nor one whose neighbour is ('report two life-saving
    treatments'). The model reads a hyphenated word as separate words, so the context
    it would judge there ('a planned two day', 'report two life') is not the text's."""
    from ..realword.tokens import tokens

    toks = tokens(text, words)
    hyphenated = sorted((w.start, w.end) for w in words if "-" in text[w.start : w.end])
    starts = [h[0] for h in hyphenated]
    inside = []
    for t in toks:
        i = bisect_right(starts, t.start) - 1
        inside.append(i >= 0 and hyphenated[i][0] <= t.start < hyphenated[i][1])
    out = []
    for i, t in enumerate(toks):
        if inside[i]:
            continue
        if t.prev is not None and i > 0 and inside[i - 1]:
            continue
        if t.next is not None and i + 1 < len(toks) and inside[i + 1]:
            continue
        out.append(t)
    return out


def variety_pair(word: str, candidate: str, forms: dict[str, frozenset[str]]) -> bool:
    """The word and the candidate are one word's US and British spellings ('licences' /
    'licenses'): a matter of variety (the consistency engine's), never a real-word slip."""
    us, gb = forms.get("US", frozenset()), forms.get("GB", frozenset())
    return (word in us and candidate in gb) or (word in gb and candidate in us)


def _finding(
    doc: Document, start: int, end: int, rule: str, fix: str, why: str, confidence: float
) -> Finding:
    from ..checks.substitution import match_case

    original = doc.text[start:end]
    return Finding(
        rule=f"{NAME}.{rule}",
        engine=NAME,
        category=Category.REAL_WORD,
        severity=Severity.WARNING,
        start=start,
        end=end,
        text=original,
        message=why,
        replacements=(match_case(original, fix),),
        confidence=confidence,
        applicability=Applicability.UNSAFE,
    )
