"""A trigram language model of US English, shipped offline in the ``pocketsphinx`` wheel.

pocketsphinx (BSD licence) carries CMU Sphinx's generic US English model,
``model/en-us/en-us.lm.bin``: word trigrams with Katz back-off over a lower-case
vocabulary of about 130,000 words (apostrophes kept, ``<s>``/``</s>`` sentence marks).
It is memory-mapped in about 30 ms and answers a query in about a microsecond, which
is what lets the context model score every word of a draft against every candidate.
Nothing is downloaded: the file is inside the installed package.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache

START, END = "<s>", "</s>"
_LOG_BASE = math.log(1.0001)
"""pocketsphinx reports log probabilities in base 1.0001; we use natural logs."""
_UNKNOWN = -1e8
"""Below this (in pocketsphinx's units) a word is outside the vocabulary."""


class TrigramLM:
    """``logp(word, *history)``: natural-log P(word | up to two previous words)."""

    def __init__(self, path: str | None = None) -> None:
        from pocketsphinx import Config, LogMath, NGramModel, get_model_path, set_loglevel

        set_loglevel("FATAL")  # the C library otherwise logs the load to stderr
        path = path or os.path.join(get_model_path(), "en-us", "en-us.lm.bin")
        self._lm = NGramModel(Config(), LogMath(), path)
        self._prob = self._lm.prob
        """One C call under the GIL: safe from several threads, and this is the hot path
        (about 20,000 queries for a 1,000-word draft), so no lock and no memo."""
        self._known: dict[str, bool] = {}

    def logp(self, word: str, *history: str) -> float:
        """History in reading order (oldest first); only the last two words count."""
        if len(history) == 2:
            return self._prob([word, history[1], history[0]]) * _LOG_BASE
        if len(history) > 2:
            history = history[-2:]
        return self._prob([word, *reversed(history)]) * _LOG_BASE

    def slot(
        self, words: list[str], left: tuple[str, ...], right: tuple[str, ...]
    ) -> list[tuple[float, float]]:
        """For each word ``x`` of ``words`` in the slot between ``left`` and ``right`` (up
        to two words each, reading order): ``(log P(x | left), log P(right[0] | .. x) +
        log P(right[1] | x right[0]))``, each side 0.0 when it has no words.

        The same numbers as calling :meth:`logp` per window, with the query lists built
        once per slot: this runs for every candidate of every word of a draft."""
        prob = self._prob
        left_q = [None, *reversed(left[-2:])] if left else None
        first_q = second_q = None
        if right:
            first_q = [right[0], None, *left[-1:]]
            if len(right) > 1:
                second_q = [right[1], right[0], None]
        out = []
        for x in words:
            lp_left = 0.0
            if left_q is not None:
                left_q[0] = x
                lp_left = prob(left_q) * _LOG_BASE
            lp_right = 0.0
            if first_q is not None:
                first_q[1] = x
                lp_right += prob(first_q) * _LOG_BASE
                if second_q is not None:
                    second_q[2] = x
                    lp_right += prob(second_q) * _LOG_BASE
            out.append((lp_left, lp_right))
        return out

    def known(self, word: str) -> bool:
        k = self._known.get(word)
        if k is None:
            k = self._known[word] = self._prob([word]) > _UNKNOWN
        return k


@lru_cache(maxsize=1)
def load() -> TrigramLM:
    """One model per process (the file is mapped, not copied)."""
    return TrigramLM()
