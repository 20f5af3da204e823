"""Injection benchmark for the news style packs: style errors written into clean dev news.

Published dev news (Wikinews 2019, ABC, Brown news and editorials: the dev splits of
../shared/benchmarks; Wikinews 2020 is the test split and is never read here) is taken
as clean. For each pack (AP, British) a copy of an article gets one style error at a
time, in four areas:

- numbers: a count in words as a figure ('four people' -> '4 people'), a thousands comma
  dropped ('2,000' -> '2000'), a sentence opening with a figure ('Three men' -> '3 men'),
  'percent' / 'per cent' in the other pack's form;
- dates: an ordinal on a date ('Aug. 5' -> 'Aug 5th', '5 March' -> '5th March'), AP's
  month abbreviation undone, 'on' before 'last Thursday', a.m./p.m. written '10am' (AP),
  a British date in American order or with a comma;
- usage: 'pleaded' -> 'pled', 'en route' -> 'en-route', and per pack 'toward' ->
  'towards', 'adviser' -> 'advisor' (AP) or '-ise' -> '-ize' (British);
- titles: 'Mr.' without its point (AP), 'Mr' with one (British).

An injection is found when a finding of the pack that the clean article does not have
covers it; a new finding elsewhere is a false alarm. Printed per pack and area: recall
and precision. Then, on the untouched articles, each rule's findings per 1,000 words
(what the pack says about copy its editors already passed).

    python benchmarks/style_eval.py [--data DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from judged_news import DEFAULT_DATA, abc_articles, brown_articles, wikinews_articles

from copyedit.checks.loader import builtin_rules_dir, load_folder
from copyedit.document import Document
from copyedit.engines.yaml_rules import YamlRulesEngine, pack_of

AREAS = ("numbers", "dates", "usage", "titles")
RULE_AREAS = {
    "numbers-words": "numbers",
    "thousands-comma": "numbers",
    "sentence-start": "numbers",
    "percent": "numbers",
    "per-cent": "numbers",
    "date-ordinal": "dates",
    "month-abbreviation": "dates",
    "on-last": "dates",
    "am-pm": "dates",
    "am-pm-capitals": "dates",
    "date-order": "dates",
    "us-date": "dates",
    "usage": "usage",
    "pleaded": "usage",
    "en-route": "usage",
    "ise": "usage",
    "courtesy-titles": "titles",
    "titles-no-point": "titles",
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
)

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
    _inj("dates", "am without points", r"(?<=\d) ([ap])\.m\.", lambda m: f"{m[1]}m"),
    _inj("usage", "towards", r"\btoward\b", lambda m: "towards"),
    _inj("usage", "advisor", r"\badviser\b", lambda m: "advisor"),
    _inj("titles", "Mr without point", r"\b(Mr|Mrs|Dr)\.(?= [A-Z])", lambda m: m[1]),
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
)

PACKS = {"ap": AP, "british": BRITISH}


def sites(text: str, injection: Injection, limit: int) -> Iterator[tuple[int, int, str]]:
    """Up to ``limit`` places where the injection applies: (start, end, new text)."""
    n = 0
    for m in injection.pattern.finditer(text):
        new = injection.write(m)
        if new == m.group():
            continue
        yield m.start(), m.end(), new
        n += 1
        if n >= limit:
            return


def _area(rule: str) -> str:
    return RULE_AREAS.get(rule.split(".", 1)[1], "other")


def _pack_rules() -> list:
    """The style packs' rules (the engine picks the pack for each draft)."""
    return [r for r in load_folder(builtin_rules_dir()) if pack_of(r.meta.id)]


def evaluate(articles, style: str, per_article: int) -> tuple[dict, Counter, int]:
    engine = YamlRulesEngine(_pack_rules(), style=style)
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
    args = ap.parse_args(argv)
    if not (args.data / "clean_prose").is_dir():
        print(f"style_eval: no benchmark data at {args.data}; skipped")
        return 0
    sources = [wikinews_articles(args.data), abc_articles(args.data), brown_articles(args.data)]
    articles = [a for s in sources for a in s[: args.limit] if a.words >= 40]
    print(f"{len(articles)} clean dev articles, {sum(a.words for a in articles):,} words")
    for style in PACKS:
        counts, clean, words = evaluate(articles, style, args.per_article)
        print(f"\n{style} pack: injected errors")
        print(f"  {'area':8} {'injected':>8} {'found':>6} {'recall':>7} {'precision':>9}")
        for area in AREAS:
            c = counts[area]
            recall = c["found"] / c["injected"] if c["injected"] else float("nan")
            judged = c["tp"] + c["fp"]
            precision = c["tp"] / judged if judged else float("nan")
            print(f"  {area:8} {c['injected']:8} {c['found']:6} {recall:7.3f} {precision:9.3f}")
        print(f"{style} pack on the clean articles ({words:,} words): findings per 1,000 words")
        for rule, n in sorted(clean.items(), key=lambda kv: -kv[1]):
            print(f"  {rule:32} {n:5} {1000 * n / words:7.3f}")
    found, words = auto_false_alarms(articles)
    print(f"\nby default (each article's own variety picks the pack; {words:,} words)")
    for rule, n in sorted(found.items(), key=lambda kv: -kv[1]):
        print(f"  {rule:32} {n:5} {1000 * n / words:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
