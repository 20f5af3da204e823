"""Titles and honorifics: one list for the checks that must know a person's title when
they see one (name forms, abbreviations, case, LanguageTool's unknown names). The list
is ``analysis/data/titles.txt``; this module keeps its names."""

from __future__ import annotations

from .analysis.lists import ABBREVIATED_TITLES as ABBREVIATED
from .analysis.lists import HONORIFICS, OFFICES, RANKS, title_words

__all__ = ["ABBREVIATED", "HONORIFICS", "OFFICES", "RANKS", "title_words"]
