"""The statistical context model: is a correctly spelt word less likely in its place
than a word one edit away (or a homophone, or a LanguageTool confusion partner)?

For a word ``w`` between ``p`` and ``n`` and each candidate ``c`` the model compares
``log P(c|p)`` with ``log P(w|p)`` and ``log P(n|c)`` with ``log P(n|w)`` over the pair
tables of :mod:`.ngram`. Pair counts alone over-flag rare but correct words (their
pairs fall below the tables' floors), so the margins and a few facts about the pair
(was each pair actually seen, how frequent each word is, is the candidate a mere
inflection, a short function word) go through a logistic model whose weights
(``weights.json``) are fitted on dev-split injections by ``benchmarks/realword_train.py``.
Its output is the finding's confidence: calibrated by construction, and re-measured by
``benchmarks/realword_eval.py``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from string import ascii_lowercase

from .ngram import Bigrams, Store
from .tokens import Token

MIN_LEN = 2
MIN_CANDIDATE_COUNT = 100_000
"""Candidates rarer than this in the dictionary's counts (about 2 per 10 million words)
are never proposed."""
REPORT_AT = 0.85
"""Lowest calibrated probability reported (tuned on dev for false suggestions)."""
FEATURES = (
    "bias",
    "left",
    "right",
    "both_sides",
    "seen_pw",
    "seen_wn",
    "seen_pc",
    "seen_cn",
    "log_uni_ratio",
    "log_uni_w",
    "inflection",
    "short",
    "homophone",
    "n_cands",
    "min_side",
    "max_side",
    "margin_x_unseen",
    "left_new",
    "right_new",
    "left_sq",
    "right_sq",
    "min_sq",
    "log_uni_w_sq",
    "ratio_sq",
)


@dataclass(frozen=True)
class Verdict:
    token: Token
    candidate: str
    probability: float
    side: str
    """Which neighbour carries the evidence: 'left', 'right' or 'both'."""


@lru_cache(maxsize=1)
def weights() -> tuple[float, ...]:
    data = json.loads((Path(__file__).with_name("weights.json")).read_text(encoding="utf-8"))
    return tuple(float(data["weights"][f]) for f in FEATURES)


def inflection(a: str, b: str) -> bool:
    """Two forms of one word (vote/votes, vote/voted, carry/carries) rather than a slip."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < 3:
        return False
    if long_ in {short + "s", short + "es", short + "d", short + "ed"}:
        return True
    return short.endswith("y") and long_ in {short[:-1] + "ies", short[:-1] + "ied"}


@dataclass
class ContextModel:
    counts: Bigrams | Store
    extra_pairs: dict[str, set[str]] = field(default_factory=dict)
    """Confusion partners beyond one edit (LanguageTool's confusion_sets.txt)."""
    report_at: float = REPORT_AT
    _cands: dict[str, tuple[tuple[str, bool], ...]] = field(default_factory=dict)
    _ready: frozenset[Token] = field(default_factory=frozenset, repr=False)
    """The tokens of the last :meth:`prefetch`: their counts are read."""

    def candidates(self, word: str) -> tuple[tuple[str, bool], ...]:
        """Real words one edit from ``word``, homophones and listed partners; the flag
        says whether the candidate sounds alike or is listed (a likelier slip)."""
        cached = self._cands.get(word)
        if cached is not None:
            return cached
        frequent = self.counts.frequent(MIN_CANDIDATE_COUNT)
        out: dict[str, bool] = {}
        for c in _edits1(word) & frequent:
            if c != word:
                out[c] = False
        for c in (*self.counts.homophones_of(word), *self.extra_pairs.get(word, ())):
            if c in frequent:
                out[c] = True
        result = tuple(sorted(out.items()))
        self._cands[word] = result
        return result

    def features(self, tok: Token, c: str, sounds: bool, n_cands: int) -> list[float] | None:
        m, w, p, n = self.counts, tok.lower, tok.prev, tok.next
        seen_pc = bool(p) and m.seen(p, c)
        seen_cn = bool(n) and m.seen(c, n)
        if not (seen_pc or seen_cn):
            return None  # no pair evidence for the candidate: only a frequency guess
        left = m.logcond(p, c) - m.logcond(p, w) if p else 0.0
        right = m.logcond(c, n) - m.logcond(w, n) if n else 0.0
        if left + right <= 0:
            return None
        seen_pw = bool(p) and m.seen(p, w)
        seen_wn = bool(n) and m.seen(w, n)
        lw, lc = m.unigram_logp(w), m.unigram_logp(c)
        return [
            1.0,
            _clip(left, 12.0),
            _clip(right, 12.0),
            float(left > 0 and right > 0),
            float(seen_pw),
            float(seen_wn),
            float(seen_pc),
            float(seen_cn),
            _clip(lc - lw, 10.0),
            lw,
            float(inflection(w, c)),
            float(len(w) <= 3),
            float(sounds),
            math.log(n_cands),
            _clip(min(left, right), 12.0),
            _clip(max(left, right), 12.0),
            (left + right) * float(not seen_pw and not seen_wn),
            _clip(left, 12.0) * float(seen_pc and not seen_pw),
            _clip(right, 12.0) * float(seen_cn and not seen_wn),
            _clip(left, 12.0) ** 2 / 12,
            _clip(right, 12.0) ** 2 / 12,
            _clip(min(left, right), 12.0) ** 2 / 12,
            lw * lw / 20,
            _clip(lc - lw, 10.0) ** 2 / 10,
        ]

    @staticmethod
    def _eligible(tok: Token) -> bool:
        w = tok.lower
        if tok.proper or len(w) < MIN_LEN or not w.isalpha():
            return False
        return tok.prev is not None or tok.next is not None

    def prefetch(self, toks: list[Token]) -> None:
        """Read the counts that judging these tokens will look up, in a few batches
        (the tables live on disk; see :class:`.ngram.Store`)."""
        toks = [t for t in toks if self._eligible(t)]
        self._ready = frozenset(toks)
        self.counts.prefetch({t.lower for t in toks}, ())
        words: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for t in toks:
            w, p, n = t.lower, t.prev, t.next
            if not self.counts.in_dictionary(w):
                continue
            cands = [c for c, _ in self.candidates(w)]
            words.update(cands)
            words.add(w)
            if p:
                words.add(p)
                pairs.add((p, w))
                pairs.update((p, c) for c in cands)
            if n:
                words.add(n)
                pairs.add((w, n))
                pairs.update((c, n) for c in cands)
        self.counts.prefetch(words, pairs)

    def scored(self, tok: Token) -> list[tuple[str, list[float]]]:
        """Every candidate with its features (used for training as well as judging)."""
        w = tok.lower
        if not self._eligible(tok):
            return []
        if tok not in self._ready:
            self.prefetch([tok])
        if not self.counts.in_dictionary(w):
            return []
        cands = self.candidates(w)
        out = []
        for c, sounds in cands:
            f = self.features(tok, c, sounds, len(cands))
            if f is not None:
                out.append((c, f))
        return out

    def judge(self, tok: Token) -> Verdict | None:
        best: Verdict | None = None
        wts = weights()
        for c, f in self.scored(tok):
            prob = 1 / (1 + math.exp(-sum(a * b for a, b in zip(wts, f, strict=True))))
            if prob >= self.report_at and (best is None or prob > best.probability):
                side = "both" if f[3] else ("left" if f[1] > f[2] else "right")
                best = Verdict(tok, c, prob, side)
        return best


def _clip(x: float, bound: float) -> float:
    return max(min(x, bound), -bound)


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + ch + b[1:] for a, b in splits if b for ch in ascii_lowercase]
    inserts = [a + ch + b for a, b in splits for ch in ascii_lowercase]
    return set(deletes + transposes + replaces + inserts)
