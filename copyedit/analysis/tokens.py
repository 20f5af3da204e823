"""The draft's words, each with what the checks need to know about it: where it stands
(sentence-initial, in a heading, in a quotation or speech, in a name) and what it is
(an abbreviation, a numeral)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Region
from .lists import ABBREVIATIONS
from .names import in_name_run
from .sentences import WORD
from .speech import opens_unmarked_speech

LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
"""The letters of a word, with inner hyphens: "geo-strategic" is one, "Khan’s" is "Khan"
and "s", "COVID-19" is "COVID". Always inside one ``WORD``."""


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    initial: bool
    """First word of a sentence, a line, a quotation or a clause after a colon."""
    heading: bool
    """In a line that reads as a headline or heading (no case evidence there)."""
    sentence: int
    quoted: bool = False
    """Inside a direct quotation: the speaker's words, no evidence of the draft's style."""
    speech: bool = False
    """Inside speech: a quotation, or words quoted without marks ("he said, You know")."""
    name_run: bool = False
    """Capitalised, mid-sentence, beside another capitalised word ('Mayor Terry Schrunk')."""
    abbreviation: bool = False
    """An initial or a listed abbreviation, with its full stop after it ('Mr.', 'B.')."""
    numeral: bool = False
    """Holds a digit ('2019', 'COVID-19', '509th')."""
    inserted: bool = False
    """In an editor's bracketed insertion in a quotation, or joined to one ("involve[d]",
    "[I]f"): the quotation convention, no word of the draft's own."""


_LINE = re.compile(r"[^\r\n]+")
_DIGIT = re.compile(r"\d")
_OPENERS = set("“‘\"'([{*_#>-–—•·") | {" ", "\t", "\u00a0"}
# What may end the text before a word that then starts something new (a clause, a
# quotation, a list item, a caption): its capital says nothing about the draft's style.
_BREAKS = (":", "“", '"', "‘", "`", "(", "[", "—", "–", "-", ")", "]", "…", "?", "!", "|", "/", "•")
# The part of _BREAKS after which a lower-case word starts something new as well (a
# quotation, a clause after a colon or a dash); the rest only excuse a capital.
_ANY_CASE_BREAKS = (":", "“", '"', "‘", "(", "—", "–", ")", "]")


def heading_lines(text: str) -> list[tuple[int, int]]:
    """Whole lines that read as headings (or program code)."""
    spans = []
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if not line:
            continue
        words = LETTERS.findall(line)
        if len(_CODE.findall(line)) >= 3:
            spans.append((m.start(), m.end()))  # a line of program code: no prose evidence
            continue
        if re.search(r"[.!?:;,\"”)]\s*$", line) and not line.startswith("#"):
            continue  # ends like a sentence
        if line.startswith("#") or (words and len(words) <= 14):
            spans.append((m.start(), m.end()))
            continue
        long_words = [w for w in words if len(w) > 3]
        if long_words and sum(w[0].isupper() for w in long_words) / len(long_words) > 0.7:
            spans.append((m.start(), m.end()))
    return spans


def _citations(text: str) -> list[tuple[int, int]]:
    """Reference-list entries ("Gordon, Deborah. Ants at Work. Norton, 1999.") and
    bracketed citations with a year ("(Time, Cover, July 14, 1958)"): titles keep their
    own capitals, so they say nothing about the draft's."""
    spans = [(m.start(), m.end()) for m in _REFERENCE.finditer(text) if _YEAR.search(m.group())]
    spans += [(m.start(), m.end()) for m in _BRACKETED.finditer(text) if _YEAR.search(m.group())]
    return spans


_REFERENCE = re.compile(
    r"^[^\S\n]*[A-Z][\w’'-]+, (?:[A-Z]\.[ ]?)*[A-Z][\w’'-]*\.[^\n]*", re.MULTILINE
)
_BRACKETED = re.compile(r"\([^()\n]{4,120}\)")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def _run_in_headings(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _RUN_IN.finditer(text):
        words = [w for w in LETTERS.findall(m.group(1)) if len(w) > 3]
        if words and all(w[0].isupper() for w in words):
            spans.append((m.start(1), m.end(1)))
    return spans


# A run-in heading: a few capitalised words opening a line, then a colon ("Use of
# Intermediaries: In all written ...", "2. Notice to the Recipient: Whenever ...").
_RUN_IN = re.compile(r"^[^\S\n]*(?:\d+\.\s*)?([A-Z][^.:;!?,\n]{0,60}?):[^\S\n]", re.MULTILINE)
_CODE = re.compile(r"[{}]|\(\s*\)|/\s?/|&\s?&|==|\w\s?_\s?\w|;\s*$")
_LABEL = re.compile(r"\s*[(\[*]*[A-Z][A-Z.]{0,4}[)\]*]*:?\s+")


def no_evidence_spans(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``lines`` (``heading_lines``), run-in headings and citations, sorted: no evidence
    of the draft's case."""
    return sorted(lines + _run_in_headings(text) + _citations(text))


def _label(text: str, line_start: int, start: int) -> bool:
    """Only a speaker label before the word on its line ("((WN))  What", "MS We")."""
    return start > line_start and _LABEL.fullmatch(text, line_start, start) is not None


def _lead_end(text: str, start: int, allowed: Callable[[str], bool]) -> int:
    """Where the run of ``allowed`` characters from ``start`` ends: a word after
    ``start`` has only such characters before it when it starts at or before this."""
    end = start
    while end < len(text) and allowed(text[end]):
        end += 1
    return end


def _opener_or_number(c: str) -> bool:
    return c in _OPENERS or c.isdigit() or c == "."


def _opener(c: str) -> bool:
    return c in _OPENERS


def _new_start(text: str, before: str, sent_start: int, start: int) -> bool:
    """A capital that may only mark a new start: after a dash, slash, bracket, ellipsis,
    question mark, bullet or opening quotation mark, a full stop the sentence splitter
    missed, speech quoted without marks, or a numeral ("Figure 2.1 Surface",
    "Sir--People")."""
    tail = before.rstrip()
    if tail.endswith(_BREAKS) or tail[-1:].isdigit() or _full_stop(text, sent_start, start):
        return True
    if before.endswith("'") and (len(before) < 2 or before[-2] in " \t\n(["):
        return True  # "can say 'Yes we are'": a straight single quote opening a quotation
    return opens_unmarked_speech(text, sent_start, start)


_STOP_BEFORE = re.compile(r"(\w+)\.[\"”’')\]]*\s*$")


def _full_stop(text: str, sent_start: int, start: int) -> bool:
    """A full stop just before the word ends a sentence (the splitter missed it), unless
    it closes an initial or an abbreviation ("B. Armour", "Mr. Jones")."""
    before = text[max(sent_start, start - 12) : start]
    if not before.rstrip().endswith((".", '."', ".”", ".’", ".)")):
        return False
    m = _STOP_BEFORE.search(before)
    word = m.group(1) if m else ""
    # "the 1980s. My", "in 2014. He": a numeral's letters are no initial
    return not (word.isalpha() and (len(word) == 1 or word.lower() in ABBREVIATIONS))


_TOKEN, _LETTERS, _BOTH = 1, 2, 3


def _candidates(text: str) -> list[tuple[int, int, str, int]]:
    """(start, end, text, role) of every word and every run of letters in one (not a
    numeral's suffix, as in "509th"), in order; role says which list it belongs to."""
    out: list[tuple[int, int, str, int]] = []
    for m in WORD.finditer(text):
        start, end = m.span()
        word = m.group()
        if word.isalpha():  # its letters are the whole word ('Khan', not "Khan’s")
            out.append((start, end, word, _BOTH))
            continue
        out.append((start, end, word, _TOKEN))
        for part in LETTERS.finditer(text, start, end):
            s = part.start()
            if not (s and text[s - 1].isdigit()):
                out.append((s, part.end(), part.group(), _LETTERS))
    return out


def read_tokens(
    text: str,
    sents: Sequence[Region],
    quotes: Sequence[Region],
    speech: Sequence[Region],
    lines: list[tuple[int, int]],
    inserted: Sequence[Region] = (),
) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
    """(words, letter runs): every ``WORD`` of ``text`` and every run of letters in
    them (``LETTERS``), each with its flags. One pass in text order: each sentence's and
    line's leading openers are found once (slicing from the sentence or line start for
    every word would be quadratic), and the heading and quotation spans walked once."""
    heads = no_evidence_spans(text, lines)
    tokens: list[Token] = []
    letters: list[Token] = []
    si = hi = qi = pi = ii = 0
    lead_si, lead_end = -1, 0
    line_start, line_lead_end, seen = 0, 0, 0
    for start, end, word, role in _candidates(text):
        while si + 1 < len(sents) and sents[si].end <= start:
            si += 1
        while hi < len(heads) and heads[hi][1] <= start:
            hi += 1
        while qi < len(quotes) and quotes[qi].end <= start:
            qi += 1
        while pi < len(speech) and speech[pi].end <= start:
            pi += 1
        while ii < len(inserted) and inserted[ii].end <= start:
            ii += 1
        heading = hi < len(heads) and heads[hi][0] <= start
        quoted = qi < len(quotes) and quotes[qi].start <= start
        spoken = pi < len(speech) and speech[pi].start <= start
        sent_start = sents[si].start if sents else 0
        if lead_si != si:
            lead_si, lead_end = si, _lead_end(text, sent_start, _opener_or_number)
        newline = text.rfind("\n", seen, start)
        if newline >= 0 or not seen:
            line_start = newline + 1
            line_lead_end = _lead_end(text, line_start, _opener)
        seen = start
        before = text[max(sent_start, start - 3) : start]
        capital = word[0].isupper()
        initial = (
            start <= lead_end
            or before.rstrip().endswith(_ANY_CASE_BREAKS)
            or (capital and _new_start(text, before, sent_start, start))
            or start == 0
            or text[start - 1] in "\r\n"
            or start <= line_lead_end  # "* Environmental scientist Dean"
            or _label(text, line_start, start)
        )
        token = Token(
            start,
            end,
            word,
            initial,
            heading,
            si,
            quoted,
            spoken or quoted,
            capital and not word.isupper() and in_name_run(text, start, end),
            text[end : end + 1] == "."
            and ((len(word) == 1 and word.isalpha()) or word.lower() in ABBREVIATIONS),
            role != _BOTH and _DIGIT.search(word) is not None,
            ii < len(inserted) and inserted[ii].start <= start,
        )
        if role & _TOKEN:
            tokens.append(token)
        if role & _LETTERS:
            letters.append(token)
    return tuple(tokens), tuple(letters)
