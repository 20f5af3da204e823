"""``extends: numeral``: news numbers style, which needs to know what a figure counts.

A figure in copy is a count, or an age, a percentage, a dimension, money, a score, a
date, a time, an address, a year, a page or a label ('Chapter 5', 'Flight 3407'); the
styles treat these differently, so a rule names what it checks (``numbers``) and the
contexts it leaves alone (``except``):

- ``words``: a figure from 1 to 9 standing alone, which the styles write as a word
  (the fix is the word);
- ``commas``: a figure of four or more digits without its thousands comma ('2000 km');
- ``sentence-start``: a figure opening a sentence (no fix: the sentence is recast).

Figures beside another figure ('5 to 12', '1 in 4'), inside a token ('COVID-19', 'G7',
'9/11', '3.5'), after a capitalised word (a label) or a currency sign are never flagged
as counts: precision first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from . import Fail, Rule, RuleMeta, find_all

CHECKS = ("words", "commas", "sentence-start")

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_UNITS = (
    r"(?:feet|foot|ft|inch(?:es)?|in\.|yards?|miles?|mph|km/h|kph|cm|mm|km|m|metres?|meters?"
    r"|kilometres?|kilometers?|centimetres?|centimeters?|millimetres?|millimeters?|kg|g|lbs?"
    r"|pounds?|ounces?|oz|tons?|tonnes?|acres?|hectares?|litres?|liters?|gallons?|degrees?"
    r"|°|by|x|sq|square|cubic|kilograms?|grams?|mb|gb|kb|mw|kw|gw|volts?|watts?|knots?)"
)
_MONEY_AFTER = (
    r"(?:cents?|pence|p|dollars?|pounds sterling|euros?|yen|yuan|rupees?|francs?|million|"
    r"billion|trillion|bn|m|k)"
)
_STREET = (
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Way"
    r"|Place|Pl\.?|Court|Ct\.?|Square|Sq\.?|Terrace|Highway|Parkway|Circle|Crescent)"
)
_LABEL_ABBREVIATIONS = r"(?:No|Nos|no|nos|p|pp|Vol|vol|Fig|fig|Art|art|Ch|ch|Sec|sec|St|Nr|nr|#)"

CONTEXTS: dict[str, tuple[regex.Pattern, regex.Pattern]] = {}
"""name -> (pattern ending where the figure starts, pattern starting where it ends)."""


def _ctx(name: str, before: str | None, after: str | None) -> None:
    never = r"(?!)"
    CONTEXTS[name] = (
        regex.compile(f"(?:{before or never})$"),
        regex.compile(after or never),
    )


_ctx("age", r"\b(?:aged?|ages)\s+", r"(?:-|\s)(?:years?|months?|weeks?|days?)(?:-|\s)old\b")
_ctx("percent", None, r"\s?(?:%|percent\b|per\s+cent\b|pc\b|percentage points?\b)")
_ctx(
    "dimension",
    None,
    rf"(?:\s?|-){_UNITS}\b|\s?°|\s?(?:x|×)\s?\d|-(?:foot|inch|yard|mile|metre|meter)",
)
_ctx(
    "money", r"[$£€¥₹]\s?|(?:US|A|C|NZ|HK)\$\s?|\b(?:USD|GBP|EUR|Rs\.?)\s?", rf"\s?{_MONEY_AFTER}\b"
)
_ctx("score", r"\d\s?[-–]\s?", r"\s?[-–]\s?\d")
_ctx("date", rf"\b{_MONTHS}\s+", rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?!\w)")
_ctx(
    "time",
    r"\d[:.]",
    r"(?::|\.\d\d\b)|\s?(?:a\.?m\b|p\.?m\b|AM\b|PM\b|o'clock\b|GMT\b|BST\b|UTC\b|[ECMP][SD]T\b|hrs\b|hours\b)",
)
_ctx("address", None, rf"\s+(?:[A-Z]\w+\s+){{1,3}}{_STREET}(?!\w)")
_ctx("page", r"\b(?:page|pages|p\.|pp\.)\s*", None)
_ctx("year", None, None)  # decided by value, see _is_year


def _is_year(figure: str, after: str) -> bool:
    """A four-digit figure from 1000 to 2099 is a year unless a unit or money follows."""
    if len(figure) != 4 or not 1000 <= int(figure) <= 2099:
        return False
    return not (
        CONTEXTS["dimension"][1].match(after)
        or CONTEXTS["money"][1].match(after)
        or CONTEXTS["percent"][1].match(after)
    )


_FIGURE = regex.compile(r"(?<![\w.,/\-–:#@£$€¥])\d+(?![\w/\-–@]|[.,:]\d)")
"""A run of digits standing alone: not in a token ('COVID-19', 'G7', '9/11'), a decimal
('3.5'), a grouped figure ('1,000') or a time ('9:30')."""
_APPOSITIVE_BEFORE = regex.compile(r"[^\W\d][\w'’-]*,\s+$")
_NEAR_FIGURE = regex.compile(r"\d")
_LABEL = regex.compile(rf"(?:\b[A-Z][\w'’]*\.?|\b{_LABEL_ABBREVIATIONS}\.?)\s*$")
_SENTENCE_START = regex.compile(r"(?:^|[.!?][\"”’')\]]?\s+|\n\s*)[\"“‘(\[]?$")
_ABBREVIATED = regex.compile(rf"\b(?:{_LABEL_ABBREVIATIONS}|[A-Z])\.\s+$")
_LIST_ITEM = regex.compile(r"[.)]\s")
_COUNT_OPENERS = frozenset(
    "about around some nearly almost over under only just at the all more fewer less than "
    "roughly approximately up to by with of in on for from after before another those "
    "these and but then when since while some another every each exactly at least".split()
)
WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
LOOK = 40


class Numeral(Rule):
    kind = "numeral"
    keys = frozenset({"numbers", "except"})

    @classmethod
    def from_data(
        cls, meta: RuleMeta, data: dict[str, Any], ignorecase: bool, fail: Fail
    ) -> Numeral:
        numbers = data["numbers"]
        if numbers not in CHECKS:
            raise fail("numbers", f"must be one of {', '.join(CHECKS)}, not {numbers!r}")
        excepted = data["except"]
        if not isinstance(excepted, list) or not all(isinstance(e, str) for e in excepted):
            raise fail("except", "expected a list of contexts")
        for e in excepted:
            if e not in CONTEXTS:
                raise fail("except", f"{e!r} is not one of {', '.join(CONTEXTS)}")
        return cls(meta, numbers, frozenset(excepted))

    def __init__(self, meta: RuleMeta, numbers: str, excepted: frozenset[str]) -> None:
        self.meta = meta
        self.numbers = numbers
        self.excepted = excepted

    def contexts(self, text: str, start: int, end: int) -> set[str]:
        """The contexts the figure ``text[start:end]`` stands in."""
        before, after = text[max(0, start - LOOK) : start], text[end : end + LOOK]
        found = {name for name, (b, a) in CONTEXTS.items() if b.search(before) or a.match(after)}
        if _is_year(text[start:end], after):
            found.add("year")
        if _APPOSITIVE_BEFORE.search(before) and after.startswith(","):
            found.add("age")  # "Smith, 7, said"
        return found

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        for m in find_all(_FIGURE, text):
            start, end, figure = m.start(), m.end(), m.group()
            before = text[max(0, start - LOOK) : start]
            opens = bool(_SENTENCE_START.search(before)) and not _ABBREVIATED.search(before)
            if self.contexts(text, start, end) & self.excepted:
                continue
            if self.numbers == "sentence-start":
                if opens and not _LIST_ITEM.match(text, end):
                    yield start, end, ()
                continue
            if _label(before) and not opens or _beside_figure(text, start, end):
                continue
            if self.numbers == "words":
                if len(figure) == 1 and figure != "0" and not opens:
                    yield start, end, (WORDS[int(figure) - 1],)
            elif len(figure) >= 4 and figure[0] != "0":
                yield start, end, (f"{int(figure):,}",)


def _label(before: str) -> bool:
    """A capitalised word ('Chapter', 'Flight', 'Windows') or 'No.', 'p.' just before
    the figure: a label or a name, not a count. A word that opens sentences before a
    count ('About 15000', 'Only 4') is no label."""
    m = _LABEL.search(before)
    return m is not None and m.group().strip().lower() not in _COUNT_OPENERS


def _beside_figure(text: str, start: int, end: int) -> bool:
    """Another figure within three words either side ('5 to 12', '1 in 4', 'rooms 4 and
    15'): a range or a ratio, whose figures go together."""
    before = " ".join(text[max(0, start - 20) : start].split()[-3:])
    after = " ".join(text[end : end + 20].split()[:3])
    return bool(_NEAR_FIGURE.search(before) or _NEAR_FIGURE.search(after))
