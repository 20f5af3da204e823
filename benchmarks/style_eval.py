"""Injection benchmark for the news style packs: style errors written into clean dev news.

Published dev news (Wikinews 2019, ABC, Brown news and editorials: the dev splits of
../shared/benchmarks; Wikinews 2020 is the test split and is never read here) is taken
as clean. For each pack (AP, British) a copy of an article gets one style error at a
time, in eight areas:

- numbers: a count in words as a figure ('four people' -> '4 people'), a thousands comma
  dropped ('2,000' -> '2000'), a sentence opening with a figure ('Three men' -> '3 men'),
  'percent' / 'per cent' in the other pack's form;
- dates: an ordinal on a date ('Aug. 5' -> 'Aug 5th', '5 March' -> '5th March'), AP's
  month abbreviation undone, 'on' before 'last Thursday', a British date in American
  order or with a comma;
- usage: 'pleaded' -> 'pled', 'en route' -> 'en-route', and per pack 'toward' ->
  'towards', 'adviser' -> 'advisor' (AP) or '-ise' -> '-ize' (British);
- titles: 'Mr.' without its point (AP), 'Mr' with one (British); AP's formal titles
  ('President Joe Biden' -> 'president Joe Biden', 'the president said' -> 'the
  President said', 'Gov. Gavin Newsom' -> 'Governor Gavin Newsom');
- hyphens: ages ('5-year-old' -> '5 year old'), fractions ('two-thirds' -> 'two
  thirds'), compound modifiers ('full-time job' -> 'full time job'), a hyphen after an
  -ly adverb ('highly paid' -> 'highly-paid');
- states (AP): 'Sacramento, California' -> 'Sacramento, Calif.' or 'Austin, TX';
- money: '$5 million' -> '$5,000,000' or '5 million dollars', '5 million' -> '5 millions';
- times: 'at noon' -> 'at 12 noon'; '10 a.m.' -> '10am' (AP), '10am' -> '10 a.m.' and
  '10.30pm' -> '10:30 pm' (British).

Rules that are off by default run here too (each is measured); the per-rule lists say
which they are.

An injection is found when a finding of the pack that the clean article does not have
covers it; a new finding elsewhere is a false alarm. Printed per pack and area: recall
and precision. Then, on the untouched articles, each rule's findings per 1,000 words
(what the pack says about copy its editors already passed).

    python benchmarks/style_eval.py [--data DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import regex as re

sys.path.insert(0, str(Path(__file__).resolve().parent))

from judged_news import DEFAULT_DATA, abc_articles, brown_articles, wikinews_articles

from copyedit.checks.loader import builtin_rules_dir, load_folder
from copyedit.document import Document
from copyedit.engines.yaml_rules import YamlRulesEngine, datelines, pack_of

AREAS = ("numbers", "dates", "usage", "titles", "hyphens", "states", "money", "times")
RULE_AREAS = {
    "numbers-words": "numbers",
    "thousands-comma": "numbers",
    "sentence-start": "numbers",
    "percent": "numbers",
    "per-cent": "numbers",
    "date-ordinal": "dates",
    "month-abbreviation": "dates",
    "on-last": "dates",
    "am-pm": "times",
    "am-pm-capitals": "times",
    "times": "times",
    "noon-midnight": "times",
    "date-order": "dates",
    "us-date": "dates",
    "usage": "usage",
    "pleaded": "usage",
    "en-route": "usage",
    "ise": "usage",
    "courtesy-titles": "titles",
    "titles-no-point": "titles",
    "titles-before-name": "titles",
    "titles-alone": "titles",
    "abbreviated-titles": "titles",
    "ages": "hyphens",
    "fractions": "hyphens",
    "compound-modifiers": "hyphens",
    "ly-hyphen": "hyphens",
    "state-names": "states",
    "millions": "money",
}

_WORDS = "two three four five six seven eight nine".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH_ALT = "|".join(_MONTHS)
_AP_ABBR = {
    "January": "Jan.",
    "February": "Feb.",
    "August": "Aug.",
    "September": "Sept.",
    "October": "Oct.",
    "November": "Nov.",
    "December": "Dec.",
}
_ABBR_ALT = r"Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\."


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


@dataclass(frozen=True)
class Injection:
    area: str
    name: str
    pattern: re.Pattern[str]
    write: Callable[[re.Match[str]], str]


def _inj(area: str, name: str, pattern: str, write: Callable[[re.Match[str]], str]) -> Injection:
    return Injection(area, name, re.compile(pattern), write)


_NOT_COUNTS = (
    r"(?:miles|meters|metres|feet|inches|yards|kilometers|kilometres|km|cents|dollars|pounds"
    r"|euros|percent|per|points|degrees|acres|hectares|tons|tonnes|litres|liters|gallons"
    r"|kilograms|grams|ounces|years old|months old|to|or|and)\b"
)
"""After these a figure is the styles' own (a measure, money, an age) or part of a range:
no error is written there."""
_COUNT = rf"(?<![-\w.,])({'|'.join(_WORDS)}) (?!{_NOT_COUNTS})(?=[a-z]+s\b)"
_START = (
    rf"(?:(?<=[.!?] )|(?<=^))({'|'.join(w.capitalize() for w in _WORDS)}) "
    rf"(?!{_NOT_COUNTS})(?=[a-z]+s\b)"
)

COMMON = (
    _inj("numbers", "count as figure", _COUNT, lambda m: f"{_WORDS.index(m[1]) + 2} "),
    _inj(
        "numbers",
        "thousands comma dropped",
        r"(?<![\d,.$£€])(\d{1,3}),(\d{3})(?![,.]?\d)",
        lambda m: m[1] + m[2],
    ),
    _inj("usage", "pled", r"\bpleaded\b", lambda m: "pled"),
    _inj("usage", "en-route", r"\ben route\b", lambda m: "en-route"),
    _inj(
        "hyphens",
        "age without hyphens",
        r"\b(\d{1,3}|two|three|four|five|six|seven|eight|nine)-(year|month|week|day)-old\b",
        lambda m: f"{m[1]} {m[2]} old" if len(m[0]) % 2 else f"{m[1]}-{m[2]} old",
    ),
    _inj(
        "hyphens",
        "fraction without hyphen",
        r"\b(two|three|four|five|six|seven|eight|nine)-(thirds|fourths|fifths|sixths|sevenths"
        r"|eighths|ninths|tenths)\b|\b(one)-(third|fourth|fifth|tenth)(?= of\b)",
        lambda m: f"{m[1] or m[3]} {m[2] or m[4]}",
    ),
    _inj(
        "hyphens",
        "compound modifier without hyphen",
        r"\b(full|part|long|short|last|high|low)-(time|term|minute|profile|income)"
        r"(?= [a-z]+(?<!\bin|\bof|\bto|\band|\bor|\bfor|\bat|\bas|\bwith)\b)",
        lambda m: f"{m[1]} {m[2]}",
    ),
    _inj(
        "hyphens",
        "hyphen after -ly",
        r"\b(highly|newly|widely|publicly|privately|recently|fully|heavily|poorly|closely"
        r"|genetically|locally|specially|commonly|badly) (?=[a-z]+(?:ed|en)\b)",
        lambda m: f"{m[1]}-",
    ),
    _inj(
        "money",
        "million in full",
        r"(?<=\p{Sc})(\d{1,3})(?:\.(\d))? (million|billion)\b",
        lambda m: m[1] + "," + (m[2] or "0") + "00,000" + (",000" if m[3] == "billion" else ""),
    ),
    _inj(
        "money",
        "million dollars",
        r"(?<!\S)\$(\d{1,3}(?:\.\d)?) (million|billion)\b",
        lambda m: f"{m[1]} {m[2]} dollars",
    ),
    _inj("money", "millions", r"(?<=\b\d{1,3} )(million|billion)(?= [a-z])", lambda m: m[1] + "s"),
    _inj("times", "12 noon", r"(?<=\bat )(noon|midnight)\b", lambda m: f"12 {m[1]}"),
)

_TITLE = r"President|Vice President|Prime Minister|Senator|Governor|Mayor|Chancellor|Premier"
_STATES = {
    "California": "Calif.",
    "Massachusetts": "Mass.",
    "Pennsylvania": "Pa.",
    "Florida": "Fla.",
    "Illinois": "Ill.",
    "Michigan": "Mich.",
    "Texas": "TX",
    "Ohio": "OH",
    "New York": "N.Y.",
    "New Jersey": "N.J.",
    "Virginia": "Va.",
    "Georgia": "Ga.",
    "Arizona": "Ariz.",
    "Colorado": "Colo.",
    "Tennessee": "Tenn.",
    "Missouri": "Mo.",
    "Maryland": "Md.",
    "Oregon": "Ore.",
    "Washington": "Wash.",
    "Kentucky": "Ky.",
    "Louisiana": "La.",
    "Connecticut": "Conn.",
    "Utah": "UT",
    "Iowa": "IA",
}

AP = (
    *COMMON,
    _inj(
        "numbers",
        "sentence opens with figure",
        _START,
        lambda m: f"{_WORDS.index(m[1].lower()) + 2} ",
    ),
    _inj("numbers", "per cent", r"(?<=\d )percent\b", lambda m: "per cent"),
    _inj(
        "dates",
        "ordinal on date",
        rf"\b({_MONTH_ALT}|{_ABBR_ALT}) (\d{{1,2}})\b(?![,:]?\d)",
        lambda m: f"{m[1].rstrip('.')} {m[2]}{_ordinal(int(m[2]))}",
    ),
    _inj(
        "dates",
        "month spelled out with date",
        rf"\b({'|'.join(_AP_ABBR)}) (?=\d{{1,2}}\b)",
        lambda m: f"{m[1]} ",
    ),
    _inj(
        "dates",
        "abbreviation undone",
        rf"\b({_ABBR_ALT}) (?=\d{{1,2}}\b)",
        lambda m: next(k for k, v in _AP_ABBR.items() if v == m[1]) + " ",
    ),
    _inj(
        "dates",
        "on last day",
        r"(?<!\bon )\b(?=(?:last|next) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)",
        lambda m: "on ",
    ),
    _inj("times", "am without points", r"(?<=\d) ([ap])\.m\.", lambda m: f"{m[1]}m"),
    _inj("usage", "towards", r"\btoward\b", lambda m: "towards"),
    _inj("usage", "advisor", r"\badviser\b", lambda m: "advisor"),
    _inj("titles", "Mr without point", r"\b(Mr|Mrs|Dr)\.(?= [A-Z])", lambda m: m[1]),
    _inj(
        "titles",
        "title before name in lower case",
        rf"(?<=\b(?!the |a |an |his |her |its |their |our )[a-z]+ )({_TITLE})"
        r"(?= [A-Z][a-z]+ [A-Z][a-z]+)",
        lambda m: m[1].lower(),
    ),
    _inj(
        "titles",
        "title alone capitalised",
        r"(?<=\bthe )(president|prime minister|governor|mayor|senator|chancellor)"
        r"(?=[ ,.;:](?! *[A-Z&]))",
        lambda m: m[1].title(),
    ),
    _inj(
        "titles",
        "abbreviated title spelled out",
        r"\b(Gov|Sen|Rep)\.(?= [A-Z][a-z]+ [A-Z][a-z]+)",
        lambda m: {"Gov": "Governor", "Sen": "Senator", "Rep": "Representative"}[m[1]],
    ),
    _inj(
        "states",
        "state abbreviated",
        rf"(?<=\b[a-z]+ [A-Z][a-z]+(?: [A-Z][a-z]+)?, )({'|'.join(_STATES)})\b(?!,? \d)",
        lambda m: (
            _STATES[m[1]].rstrip(".") if m.string[m.end() : m.end() + 1] == "." else _STATES[m[1]]
        ),
    ),
)

BRITISH = (
    *COMMON,
    _inj(
        "numbers",
        "percent",
        r"(?<=\d )per cent\b|(?<=\d)%",
        lambda m: ("" if m[0] != "%" else " ") + "percent",
    ),
    _inj(
        "dates",
        "ordinal on date",
        rf"\b(\d{{1,2}}) (?=(?:{_MONTH_ALT})\b)",
        lambda m: f"{m[1]}{_ordinal(int(m[1]))} ",
    ),
    _inj(
        "dates",
        "comma in date",
        rf"\b(\d{{1,2}} (?:{_MONTH_ALT})) (?=\d{{4}}\b)",
        lambda m: f"{m[1]}, ",
    ),
    _inj(
        "dates",
        "US order",
        rf"\b(\d{{1,2}}) ({_MONTH_ALT}) (\d{{4}})\b",
        lambda m: f"{m[2]} {m[1]}, {m[3]}",
    ),
    _inj(
        "dates",
        "US order from US date",
        rf"\b({_MONTH_ALT}) (\d{{1,2}}), (\d{{4}})\b",
        lambda m: f"{m[2]}th {m[1]} {m[3]}" if False else f"{m[2]} {m[1]}, {m[3]}",
    ),
    _inj(
        "usage",
        "-ize",
        r"\b(organis|recognis|realis|criticis|apologis|emphasis)(?=e|es|ed|ing)",
        lambda m: m[1][:-1] + "z",
    ),
    _inj("titles", "Mr with point", r"\b(Mr|Mrs|Dr|St)(?= [A-Z])", lambda m: m[1] + "."),
    _inj(
        "times",
        "a.m. with points",
        r"\b(\d{1,2})(?:\.(\d\d))?([ap])m\b",
        lambda m: (
            m[1] + (":" + m[2] if m[2] else "") + f" {m[3]}.m."
            if len(m[0]) % 2
            else m[1] + ("." + m[2] if m[2] else "") + f" {m[3]}m"
        ),
    ),
)

PACKS = {"ap": AP, "british": BRITISH}


def sites(text: str, injection: Injection, limit: int) -> Iterator[tuple[int, int, str]]:
    """Up to ``limit`` places where the injection applies: (start, end, new text). Not in
    a dateline, which the style rules leave to the publishing system."""
    n = 0
    skip = datelines(text)
    for m in injection.pattern.finditer(text):
        new = injection.write(m)
        if new == m.group() or any(a <= m.start() < b for a, b in skip):
            continue
        yield m.start(), m.end(), new
        n += 1
        if n >= limit:
            return


def _show(what: str, name: str, text: str, start: int, end: int) -> None:
    context = f"{text[max(0, start - 50) : start]}[[{text[start:end]}]]{text[end : end + 30]}"
    print(f"    {what:11} {name:32} {context!r}")


def _area(rule: str) -> str:
    return RULE_AREAS.get(rule.split(".", 1)[1], "other")


def _pack_rules() -> list:
    """The style packs' rules (the engine picks the pack for each draft)."""
    return [r for r in load_folder(builtin_rules_dir()) if pack_of(r.meta.id)]


def evaluate(
    articles, style: str, per_article: int, show: bool = False
) -> tuple[dict, Counter, int]:
    """Counts per area; with ``show``, each missed injection and each false alarm is
    printed with its context."""
    rules = _pack_rules()
    engine = YamlRulesEngine(rules, style=style, opted=[r.meta.id for r in rules if r.meta.off])
    counts = {a: Counter() for a in AREAS}
    clean_rules: Counter = Counter()
    words = 0
    for article in articles:
        text = article.text
        words += len(text.split())
        clean = engine.check(Document.from_text(text))
        clean_rules.update(f.rule for f in clean)
        seen = {(f.rule, f.start, f.text) for f in clean}
        for inj in PACKS[style]:
            for start, end, new in sites(text, inj, per_article):
                delta = len(new) - (end - start)
                dirty = text[:start] + new + text[end:]
                found = engine.check(Document.from_text(dirty))
                hit = False
                for f in found:
                    pos = f.start if f.start < start else f.start - delta
                    if (f.rule, pos, f.text) in seen:
                        continue  # the clean article has it
                    area = _area(f.rule)
                    if f.start < start + len(new) and f.end > start:
                        hit = True
                        counts[area]["tp"] += 1
                    else:
                        counts[area]["fp"] += 1
                        if show:
                            _show("false alarm", f.rule, dirty, f.start, f.end)
                if show and not hit:
                    _show("missed", inj.name, dirty, start, start + len(new))
                counts[inj.area]["injected"] += 1
                counts[inj.area]["found"] += hit
    return counts, clean_rules, words


def auto_false_alarms(articles) -> tuple[Counter, int]:
    """Each clean article with the pack its own variety picks (the default run)."""
    engine = YamlRulesEngine(_pack_rules())
    found: Counter = Counter()
    for article in articles:
        found.update(f.rule for f in engine.check(Document.from_text(article.text)))
    return found, sum(len(a.text.split()) for a in articles)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None, help="articles per source (default all)")
    ap.add_argument("--per-article", type=int, default=2, help="sites per injection per article")
    ap.add_argument("--show", action="store_true", help="print each miss and false alarm")
    args = ap.parse_args(argv)
    if not (args.data / "clean_prose").is_dir():
        print(f"style_eval: no benchmark data at {args.data}; skipped")
        return 0
    sources = [wikinews_articles(args.data), abc_articles(args.data), brown_articles(args.data)]
    articles = [a for s in sources for a in s[: args.limit] if a.words >= 40]
    print(f"{len(articles)} clean dev articles, {sum(a.words for a in articles):,} words")
    for style in PACKS:
        counts, clean, words = evaluate(articles, style, args.per_article, args.show)
        print(f"\n{style} pack: injected errors")
        print(f"  {'area':8} {'injected':>8} {'found':>6} {'recall':>7} {'precision':>9}")
        for area in AREAS:
            c = counts[area]
            recall = c["found"] / c["injected"] if c["injected"] else float("nan")
            judged = c["tp"] + c["fp"]
            precision = c["tp"] / judged if judged else float("nan")
            print(f"  {area:8} {c['injected']:8} {c['found']:6} {recall:7.3f} {precision:9.3f}")
        print(f"{style} pack on the clean articles ({words:,} words): findings per 1,000 words")
        off = {r.meta.id for r in _pack_rules() if r.meta.off}
        for rule, n in sorted(clean.items(), key=lambda kv: -kv[1]):
            note = "  (off by default)" if rule in off else ""
            print(f"  {rule:32} {n:5} {1000 * n / words:7.3f}{note}")
    found, words = auto_false_alarms(articles)
    print(f"\nby default (each article's own variety picks the pack; {words:,} words)")
    for rule, n in sorted(found.items(), key=lambda kv: -kv[1]):
        print(f"  {rule:32} {n:5} {1000 * n / words:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
