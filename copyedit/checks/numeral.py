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
    r"|kilometres?|kilometers?|kilotonnes?|megatonnes?|kilotons?|megatons?|centimetres?|centimeters?|millimetres?|millimeters?|kg|g|lbs?"
    r"|pounds?|ounces?|oz|tons?|tonnes?|acres?|hectares?|litres?|liters?|gallons?|degrees?"
    r"|°|x|sq|square|cubic|kilograms?|grams?|mg|ml|µg|ppm|mb|gb|kb|mw|kw|gw|kwh|ghz|mhz|hp|psi"
    r"|volts?|watts?|knots?)"
)
_MONEY_AFTER = (
    r"(?:cents?|pence|p|dollars?|pounds sterling|euros?|yen|yuan|rupees?|francs?|millions?|"
    r"billions?|trillions?|bn|m|k)"
)
_STREET = (
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Way"
    r"|Place|Pl\.?|pl\.|Av\.|Court|Ct\.?|Square|Sq\.?|Terrace|Highway|Parkway|Circle|Crescent)"
)
_LABEL_ABBREVIATIONS = r"(?:No|Nos|no|nos|p|pp|Vol|vol|Fig|fig|Art|art|Ch|ch|Sec|sec|St|Nr|nr|#)"
_ABBREVIATIONS = (
    r"(?:Jr|Sr|Rte|Mt|Ft|Gen|Col|Lt|Sgt|Capt|Rep|Sen|Gov|Inc|Corp|Co|Bros|Ltd|Ave?|Av|Blvd|Rd"
    r"|Dr|Mr|Mrs|Ms|St|Jan|Feb|Aug|Sept?|Oct|Nov|Dec|[ap]\.m|U\.S|vs|v|approx|est)"
)
_LABEL_WORDS = frozenset(
    "category level grade stage phase type size number no route round game week day act "
    "chapter section article page room floor platform gate terminal channel line seed omega "
    "division class part step tier lane exit pier sector zone ward district precinct heat "
    "flight bus highway interstate vol volume figure table item rule clause paragraph "
    "amendment box apartment unit suite block lot pool group match leg race episode season "
    "series book verse psalm psalms model version par bogey birdie eagle chromosome".split()
)

CONTEXTS: dict[str, tuple[regex.Pattern, regex.Pattern]] = {}
"""name -> (pattern ending where the figure starts, pattern starting where it ends)."""


def _ctx(name: str, before: str | None, after: str | None, flags: int = 0) -> None:
    never = r"(?!)"
    CONTEXTS[name] = (
        regex.compile(f"(?:{before or never})$", flags),
        regex.compile(after or never, flags),
    )


_ctx("age", r"\b(?:aged?|ages)\s+", r"(?:-|\s)(?:years?|months?|weeks?|days?)(?:-|\s)old\b")
_ctx("percent", None, r"\s?(?:%|percent\b|per\s+cent\b|pc\b|percentage points?\b)")
_ctx(
    "dimension",
    None,
    rf"(?:\s?|-){_UNITS}\b|\s?°|\s?(?:x|×)\s?\d|-(?:foot|inch|yard|mile|metre|meter)",
    regex.IGNORECASE,
)
_ctx(
    "money", r"\p{Sc}\s?|(?:US|A|C|NZ|HK)\$\s?|\b(?:USD|GBP|EUR|Rs\.?)\s?", rf"\s?{_MONEY_AFTER}\b"
)
_ctx("score", r"\d\s?[-–]\s?", r"\s?[-–]\s?\d")
_ctx("date", rf"\b{_MONTHS}\s+", rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?!\w)")
_ctx(
    "time",
    r"\d[:.]",
    r"(?::|\.\d\d\b)|\s?(?:(?i:[ap]\.?m)\b|o'clock\b|GMT\b|BST\b|UTC\b|[ECMP][SD]T\b|AE[SD]T\b)",
)
_ctx(
    "address",
    None,
    rf"\s+(?:[NSEW]{{1,2}}\.?\s+[A-Z0-9]|(?:[A-Z][a-z]\w*\s+){{1,3}}{_STREET}(?!\w)|block\b)",
)
_ctx("page", r"\b(?:page|pages|p\.|pp\.)\s*", None)
_ctx("year", None, None)  # decided by value, see _is_year


def _is_year(figure: str, before: str, after: str) -> bool:
    """A four-digit figure from 1000 to 2099 is a year unless a unit, money or a
    percentage follows, or it counts: after 'over', 'about', 'another'... or before a
    plural ('1000 people'), unless 'in', 'the' or 'since' put it in time ('the 2020
    elections')."""
    if len(figure) != 4 or not 1000 <= int(figure) <= 2099:
        return False
    if (
        CONTEXTS["dimension"][1].match(after)
        or CONTEXTS["money"][1].match(after)
        or CONTEXTS["percent"][1].match(after)
        or _QUANTIFIER.search(before)
    ):
        return False
    return not (_PLURAL_AFTER.match(after) and not _TIME_BEFORE.search(before))


_QUANTIFIER = regex.compile(
    r"\b(?:over|about|around|nearly|almost|some|than|only|another|just|approximately"
    r"|roughly|estimated|all)\s+$",
    regex.IGNORECASE,
)
_PLURAL_AFTER = regex.compile(
    r"\s+(?!(?:was|is|has|does|this|its|his|as|us|plus|across|less|unless|thus"
    r"|yes|always|perhaps)\b)[a-z]+[^\Wsui\d]s\b"
)
_TIME_BEFORE = regex.compile(
    r"(?:\b(?:in|the|since|of|from|until|by|during|at|for|mid|early|late|their|its|his|her|our"
    r"|this|that)|['’]s|\d{4}\s+(?:and|or|to))"
    r"[\s-]+$",
    regex.IGNORECASE,
)
_STREET_NUMBER_BEFORE = regex.compile(r"(?:,|\bof|\bat|\bon)\s+$")
_STREET_NUMBER_AFTER = regex.compile(r"\s+[A-Z][a-z]\w+(?:\s+[A-Z][a-z]\w+)*(?:[.,]|\s+[a-z]+[.,])")
_DESIGNATION = regex.compile(r"\s+(?:[IVX]+\b|\d)")
_AT_TIME = regex.compile(r"\b(?:at|until|till|by|before|after)\s+(?:about\s+|around\s+)?$")


_FIGURE = regex.compile(r"(?<![\w.,/\-–:#@\p{Sc}\[])\d+(?![\w/\-–@&\])]|[.,:]\d)")
"""A run of digits standing alone: not in a token ('COVID-19', 'G7', '9/11'), a decimal
('3.5'), a grouped figure ('1,000'), a time ('9:30'), a footnote ('[3]') or a list
marker ('1)')."""
_APPOSITIVE_BEFORE = regex.compile(r"[^\W\d][\w'’-]*,\s+$")
_NEAR_FIGURE = regex.compile(r"\d")
_LABEL = regex.compile(rf"(?:\b[A-Z][\w'’]*\.?|\b{_LABEL_ABBREVIATIONS}\.?|\b[a-z]+)\s*$")
_ARTICLE = regex.compile(r"\b[Aa]\s+$")
_CAPITAL_AFTER = regex.compile(r"\s+(?:[A-Z]|[—–-]\s)")
_SENTENCE_START = regex.compile(r"(?:^|[.!?][\"”’')\]]?\s+|\n\s*)[\"“‘(\[]?$")
_ABBREVIATED = regex.compile(rf"\b(?:{_LABEL_ABBREVIATIONS}|{_ABBREVIATIONS}|[A-Z])\.\s+$")
_LIST_ITEM = regex.compile(r"[.)]\s")
_MARKER_AT_LINE_END = regex.compile(r"[.)]?[ \t]*(?:\n|$)|\s+(?:under|over)\s+par\b")
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
        if _is_year(text[start:end], before, after):
            found.add("year")
        if _APPOSITIVE_BEFORE.search(before) and after.startswith(","):
            found.add("age")  # "Smith, 7, said"
        if _STREET_NUMBER_BEFORE.search(before) and _STREET_NUMBER_AFTER.match(after):
            found.add("address")  # "Mrs. Gay, 7034 Coronado.", "of 6934 Indiana Av."
        if _AT_TIME.search(before) and not _PLURAL_AFTER.match(after):
            found.add("time")  # "dinner at 7", "at about 6 last night"
        return found

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        for m in find_all(_FIGURE, text):
            start, end, figure = m.start(), m.end(), m.group()
            before = text[max(0, start - LOOK) : start]
            opens = bool(_SENTENCE_START.search(before)) and not _ABBREVIATED.search(before)
            if self.contexts(text, start, end) & self.excepted:
                continue
            if self.numbers == "commas":
                if _DESIGNATION.match(text, end):
                    continue  # '134340 II', a catalogue number
                if len(figure) >= 4 and figure[0] != "0" and not (_label(before) and not opens):
                    yield start, end, (f"{int(figure):,}",)
                continue
            if (
                _in_heading(text, start)
                or _CAPITAL_AFTER.match(text, end)
                or _MARKER_AT_LINE_END.match(text, end)
            ):
                continue  # a headline, or a list item ('2 Full payment', '3 — And')
            if self.numbers == "sentence-start":
                if opens and not _LIST_ITEM.match(text, end):
                    yield start, end, ()
                continue
            if opens or _label(before) or _ARTICLE.search(before):
                continue  # 'a 4 for the ball': a figure as a name
            if len(figure) == 1 and figure != "0" and not _beside_figure(text, start, end):
                yield start, end, (WORDS[int(figure) - 1],)


def _label(before: str) -> bool:
    """A capitalised word ('Chapter', 'Flight', 'Windows') or 'No.', 'p.' just before
    the figure: a label or a name, not a count. A word that opens sentences before a
    count ('About 15000', 'Only 4') is no label."""
    m = _LABEL.search(before)
    if m is None:
        return False
    word = m.group().strip()
    if word[:1].islower() and word not in _LABEL_WORDS:
        return False
    return not word.endswith(("'s", "’s")) and word.lower() not in _COUNT_OPENERS


_SENTENCE_END = regex.compile(r"[.!?:;\"”’)\]]\s*$")


def _in_heading(text: str, at: int) -> bool:
    """The figure stands in a line with no closing punctuation: a headline or a caption,
    where news styles write figures."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return not _SENTENCE_END.search(line)


def _beside_figure(text: str, start: int, end: int) -> bool:
    """Another figure within three words either side ('5 to 12', '1 in 4', 'rooms 4 and
    15'): a range or a ratio, whose figures go together."""
    before = " ".join(text[max(0, start - 20) : start].split()[-3:])
    after = " ".join(text[end : end + 20].split()[:3])
    return bool(_NEAR_FIGURE.search(before) or _NEAR_FIGURE.search(after))
