"""Sentence and word spans, in the document's own offsets (the analysis layer's splitter)."""

from __future__ import annotations

from .analysis.sentences import sentences, words

__all__ = ["sentences", "words"]
