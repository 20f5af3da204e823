"""The statistical context model: is a correctly spelt word less likely in its place
than a word one edit away (or a homophone, or a LanguageTool confusion partner)?

For a word ``w`` with up to two words either side, and each candidate ``c``, the model
compares the trigram probabilities of the windows that contain the slot
(:mod:`.trigram`): ``log P(x | a b)`` on the left, ``log P(d | b x) + log P(e | x d)`` on
the right, for ``x = c`` against ``x = w``. Those margins, the word-pair tables' view of
the same slot (:mod:`.ngram`) and a few facts about the pair (how frequent each word is,
a short function word, does it sound alike, how the best rival candidate does) are the
features. A logistic model (``weights.json``) screens them cheaply and gradient-boosted
trees (:mod:`.forest`) give the probability that is the finding's confidence; both are
fitted on dev-split injections by ``benchmarks/realword_train.py`` and re-measured by
``benchmarks/realword_eval.py``. The pair tables also supply the dictionary, the
candidates' frequencies and the homophones.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from string import ascii_lowercase

from . import forest
from .ngram import Bigrams, Store
from .tokens import Token
from .trigram import TrigramLM

MIN_LEN = 2
MIN_CANDIDATE_COUNT = 100_000
"""Candidates rarer than this in the dictionary's counts (about 2 per 10 million words)
are never proposed."""
REPORT_AT = 0.91
"""Lowest calibrated probability reported: on dev 0.31 false suggestions per 1,000
clean words, against 0.37 at 0.90 and 0.49 at 0.85 (``benchmarks/realword_eval.py
--calibrate`` prints the sweep)."""
SCREEN_AT = 0.05
"""Candidates the logistic model puts below this never reach the trees (on dev, the
trees would have reported about 1 in 5,000 of them)."""
FEATURES = (
    "bias",
    "left",
    "right",
    "both_sides",
    "has_left",
    "has_right",
    "log_uni_ratio",
    "log_uni_w",
    "short",
    "homophone",
    "n_cands",
    "min_side",
    "max_side",
    "left_sq",
    "right_sq",
    "min_sq",
    "log_uni_w_sq",
    "ratio_sq",
    "lm_uni_ratio",
    "own_fit",
    "own_fit_sq",
    "context_words",
    "over_rival",
    "best",
    "unknown_context",
    "pair_left",
    "pair_right",
    "seen_pw",
    "seen_wn",
    "seen_pc",
    "seen_cn",
)


Gains = tuple[tuple[float, float], list[tuple[str, bool, tuple[float, float]]]]
"""(own left, own right) fit of the word, and per judged candidate: (candidate, sounds
alike or listed, (left, right) log-probability gain over the word)."""


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


_ENDINGS = ("ies", "ied", "ing", "es", "ed", "s", "d")


@lru_cache(maxsize=65536)
def _stems(word: str) -> frozenset[str]:
    out = {word}
    for end in _ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 3:
            stem = word[: -len(end)]
            out.add(stem)
            if end in ("ies", "ied"):
                out.add(stem + "y")
            if end in ("ing", "ed"):
                out.add(stem + "e")
    if word.endswith("is") or word.endswith("es"):
        out.add(word[:-2] + "_s")  # crisis/crises, analysis/analyses
    return frozenset(out)


def inflection(a: str, b: str) -> bool:
    """Two forms of one word (vote/votes/voted, carry/carries, crisis/crises,
    authorizes/authorized) rather than a slip. The model never proposes one for the
    other: number and tense agreement is grammar, and on clean dev text such "fixes"
    were mostly wrong."""
    if min(len(a), len(b)) < 3 or a == b:
        return False
    return bool(_stems(a) & _stems(b))


@dataclass
class ContextModel:
    counts: Bigrams | Store
    lm: TrigramLM
    extra_pairs: dict[str, set[str]] = field(default_factory=dict)
    """Confusion partners beyond one edit (LanguageTool's confusion_sets.txt)."""
    report_at: float = REPORT_AT
    _cands: dict[str, tuple[tuple[str, bool], ...]] = field(default_factory=dict)
    _ready: dict[Token, Gains | None] = field(default_factory=dict, repr=False)
    """The tokens of the last :meth:`prefetch` (their counts are read), with their gains."""
    _judged: dict[str, list[tuple[str, bool]]] = field(default_factory=dict, repr=False)
    """word -> the candidates the model judges (known to the language model, no inflection)."""

    def candidates(self, word: str) -> tuple[tuple[str, bool], ...]:
        """Real words one edit from ``word``, homophones and listed partners; the flag
        says whether the candidate sounds alike or is listed (a likelier slip)."""
        cached = self._cands.get(word)
        if cached is not None:
            return cached
        frequent = self.counts.frequent(MIN_CANDIDATE_COUNT)
        out: dict[str, bool] = {}
        for c in _one_edit(word, frequent):
            if c != word:
                out[c] = False
        for c in (*self.counts.homophones_of(word), *self.extra_pairs.get(word, ())):
            if c in frequent:
                out[c] = True
        result = tuple(sorted(out.items()))
        self._cands[word] = result
        return result

    def features(
        self,
        tok: Token,
        c: str,
        sounds: bool,
        n_cands: int,
        own: tuple[float, float],
        margins: tuple[float, float],
        rival: float,
    ) -> list[float]:
        """``margins``: (left, right) log-probability gain of ``c`` over the word;
        ``rival``: the best total gain among the other candidates (0 if none gains)."""
        m, w = self.counts, tok.lower
        left, right = margins
        lw, lc = m.unigram_logp(w), m.unigram_logp(c)
        ratio = _clip(lc - lw, 10.0)
        lo, hi = _clip(min(left, right), 15.0), _clip(max(left, right), 15.0)
        fit = _clip(own[0] + own[1], 30.0)
        return [
            1.0,
            _clip(left, 15.0),
            _clip(right, 15.0),
            float(left > 0 and right > 0),
            float(bool(tok.left)),
            float(bool(tok.right)),
            ratio,
            lw,
            float(len(w) <= 3),
            float(sounds),
            math.log(n_cands),
            lo,
            hi,
            _clip(left, 15.0) ** 2 / 15,
            _clip(right, 15.0) ** 2 / 15,
            lo * lo / 15,
            lw * lw / 20,
            ratio * ratio / 10,
            _clip(self.lm.logp(c) - self.lm.logp(w), 10.0),
            fit / 10,
            fit * fit / 300,
            float(len(tok.left) + len(tok.right)),
            _clip(left + right - rival, 15.0),
            float(left + right > rival),
            float(sum(1 for x in (*tok.left, *tok.right) if x[0] != "<" and not self.lm.known(x))),
            *self._pair_evidence(tok, c),
        ]

    def _pair_evidence(self, tok: Token, c: str) -> list[float]:
        """A second opinion from the word-pair tables (web and book counts): the gain of
        ``c`` over the word with each neighbour, and whether each pair was seen."""
        m, w, p, n = self.counts, tok.lower, tok.prev, tok.next
        bl = m.logcond(p, c) - m.logcond(p, w) if p else 0.0
        br = m.logcond(c, n) - m.logcond(w, n) if n else 0.0
        return [
            _clip(bl, 12.0),
            _clip(br, 12.0),
            float(m.seen(p, w)) if p else 0.0,
            float(m.seen(w, n)) if n else 0.0,
            float(m.seen(p, c)) if p else 0.0,
            float(m.seen(c, n)) if n else 0.0,
        ]

    @staticmethod
    def _eligible(tok: Token) -> bool:
        w = tok.lower
        if tok.proper or tok.sentence_start or len(w) < MIN_LEN or not w.isalpha():
            # a capitalised sentence opener may be a name, and has no left context
            return False
        return bool(tok.left or tok.right)

    def judged(self, word: str) -> list[tuple[str, bool]]:
        """The candidates the model judges: known to the language model, no inflection."""
        cands = self._judged.get(word)
        if cands is None:
            cands = self._judged[word] = [
                (c, s)
                for c, s in self.candidates(word)
                if self.lm.known(c) and not inflection(word, c)
            ]
        return cands

    def gains(self, tok: Token) -> Gains | None:
        """The word's own fit and each judged candidate's (left, right) gain over it, from
        the trigram model alone; None when the model cannot judge the word (not in the
        dictionary, unknown to the language model, or no candidate)."""
        w = tok.lower
        if not self.counts.in_dictionary(w) or not self.lm.known(w):
            return None
        cands = self.judged(w)
        if not cands:
            return None
        own, *fits = self.lm.slot([w, *(c for c, _ in cands)], tok.left, tok.right)
        out = []
        for (c, sounds), (cl, cr) in zip(cands, fits, strict=True):
            out.append((c, sounds, (cl - own[0], cr - own[1])))
        return own, out

    def prefetch(self, toks: list[Token]) -> dict[Token, Gains | None]:
        """Read the counts that judging these tokens will look up, in a few batches
        (the tables live on disk; see :class:`.ngram.Store`).

        The trigram gains come first because they need no table: only the candidates
        that gain (the only ones :meth:`scored` builds features for) need their pair
        rows, a small fraction of all candidates. Returns the eligible tokens with their
        gains (kept for :meth:`scored`)."""
        toks = [t for t in toks if self._eligible(t)]
        self.counts.prefetch({t.lower for t in toks}, ())
        ready = {t: self.gains(t) for t in toks}
        words: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for t, found in ready.items():
            if found is None:
                continue
            gaining = [c for c, _, (gl, gr) in found[1] if gl + gr > 0]
            if not gaining:
                continue
            w, p, n = t.lower, t.prev, t.next
            words.add(w)
            words.update(gaining)
            if p:
                words.add(p)
                pairs.add((p, w))
                pairs.update((p, c) for c in gaining)
            if n:
                words.add(n)
                pairs.add((w, n))
                pairs.update((c, n) for c in gaining)
        self.counts.prefetch(words, pairs)
        self._ready = ready
        return ready

    def scored(self, tok: Token) -> list[tuple[str, list[float]]]:
        """Every candidate with its features (used for training as well as judging)."""
        if not self._eligible(tok):
            return []
        ready = self._ready  # read once: a check in another thread may replace it
        if tok not in ready:
            ready = self.prefetch([tok])
        found = ready[tok]
        if found is None:
            return []
        own, gains = found
        # the best and second-best total gains (0.0 stands for "no other candidate"):
        # a candidate's rival is the best of the others
        totals = [*sorted((sum(g) for _, _, g in gains), reverse=True), 0.0]
        out = []
        for c, sounds, g in gains:
            total = g[0] + g[1]
            if total <= 0:
                continue
            rival = totals[1] if total == totals[0] else totals[0]
            out.append((c, self.features(tok, c, sounds, len(gains), own, g, max(rival, 0.0))))
        return out

    def probability(self, f: list[float]) -> float:
        """The logistic screen, then the trees (:mod:`.forest`) when they are fitted."""
        prob = 1 / (1 + math.exp(-sum(a * b for a, b in zip(weights(), f, strict=True))))
        trees = forest.load()
        if trees is None or prob < SCREEN_AT:
            return prob
        return trees.probability(f)

    def judge(self, tok: Token) -> Verdict | None:
        best: Verdict | None = None
        for c, f in self.scored(tok):
            prob = self.probability(f)
            if prob >= self.report_at and (best is None or prob > best.probability):
                side = "both" if f[3] else ("left" if f[1] > f[2] else "right")
                best = Verdict(tok, c, prob, side)
        return best


def _clip(x: float, bound: float) -> float:
    return max(min(x, bound), -bound)


def _one_edit(word: str, vocabulary: frozenset[str]) -> set[str]:
    """The words of ``vocabulary`` one delete, transpose, replace or insert away from
    ``word``. Each position's edits are looked up in the vocabulary as they are made,
    rather than first collecting all 54n+25 edits of an n-letter word into a set."""
    found: set[str] = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        found.update(vocabulary.intersection([f"{head}{ch}{tail}" for ch in ascii_lowercase]))
        if not tail:
            continue
        rest = tail[1:]
        found.update(vocabulary.intersection([f"{head}{ch}{rest}" for ch in ascii_lowercase]))
        edits = [head + rest]
        if rest:
            edits.append(head + rest[0] + tail[0] + rest[1:])
        found.update(vocabulary.intersection(edits))
    return found
