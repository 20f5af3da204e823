"""False alarms of LanguageTool's default rules on clean, edited news prose (dev splits).

Runs a LanguageTool server's raw ``/v2/check`` (en-US, default rules) over published
news and opinion text from the *dev* splits of ../shared/benchmarks:

* Brown news and editorial (``clean_prose/derived/brown_{news,editorial}.txt``),
* MASC newspaper and essays (``clean_prose/derived/masc_newspaper_essays_govt.txt``),
* Wikinews 2019 articles (``clean_prose/wikinews_vanatteveldt/wikinews_2019.csv``).

The text is edited prose, so nearly every match is a false alarm (a few are real
errors). Prints matches per rule, per 1,000 words, with category and an example.
Spelling matches (MORFOLOGIK_*) are split into capitalised words (mostly names, which
copyedit's accepted-word list handles) and lower-case words.

Example::

    .venv/bin/python benchmarks/lt_false_alarms.py --lt-url http://localhost:8190 --max-words 25000
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ltbench import DEFAULT_URL, Match, check_batch

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
SOURCES = ("brown_news", "brown_editorial", "masc_news_essays", "wikinews_2019")


@dataclass
class Doc:
    source: str
    name: str
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def clean_sentence(line: str, quotes: bool = False) -> str:
    """Undo two detokenisation artefacts of the derived files (not errors of the writers).

    ``Jr. .`` (an abbreviation's full stop doubled as the sentence's) and, with
    ``quotes``, a space inside straight quotes (``" The document``, in MASC only).
    """
    line = re.sub(r"\.\s+\.$", ".", line.strip())
    if not quotes:
        return line
    out = []
    inside = False
    i = 0
    while i < len(line):
        c = line[i]
        if c == '"':
            if not inside:
                out.append(c)
                while i + 1 < len(line) and line[i + 1] == " ":
                    i += 1
            else:
                while out and out[-1] == " ":
                    out.pop()
                out.append(c)
            inside = not inside
        else:
            out.append(c)
        i += 1
    return "".join(out)


def derived_sentences(path: Path, genres: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Cleaned sentences by sample file, from a one-sentence-a-line ``derived/`` file
    (``file<TAB>sentence``, or ``file<TAB>genre<TAB>sentence`` when ``genres`` filter)."""
    docs: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if genres:
                if len(parts) < 3 or parts[1] not in genres:
                    continue
            docs[parts[0]].append(clean_sentence(parts[-1], quotes=bool(genres)))
    return dict(docs)


def load_derived(path: Path, source: str, genres: tuple[str, ...] = ()) -> list[Doc]:
    """Group one-sentence-a-line files into documents (one paragraph each)."""
    docs = derived_sentences(path, genres)
    return [Doc(source, name, " ".join(s for s in sents if s)) for name, sents in docs.items()]


def load_wikinews(path: Path) -> list[Doc]:
    """Wikinews articles; the dateline (first line) is dropped, paragraphs kept."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = row["text"].replace("\u00a0", " ").strip()
            lines = text.split("\n", 1)
            if len(lines) == 2 and re.match(r"^\w+day, \w+ \d+, \d{4}\s*$", lines[0]):
                text = lines[1].strip()
            text = re.sub(r"\n\s*\n\s*", "\n\n", text)
            out.append(Doc("wikinews_2019", row["url"].rsplit("/", 1)[-1], text))
    return out


def load_sources(data: Path) -> dict[str, list[Doc]]:
    """Every dev source of clean news prose, as documents."""
    derived = data / "clean_prose" / "derived"
    return {
        "brown_news": load_derived(derived / "brown_news.txt", "brown_news"),
        "brown_editorial": load_derived(derived / "brown_editorial.txt", "brown_editorial"),
        "masc_news_essays": load_derived(
            derived / "masc_newspaper_essays_govt.txt",
            "masc_news_essays",
            ("newspaper", "essays"),
        ),
        "wikinews_2019": load_wikinews(
            data / "clean_prose" / "wikinews_vanatteveldt" / "wikinews_2019.csv"
        ),
    }


def take_words(docs: list[Doc], max_words: int) -> list[Doc]:
    """Whole documents from the start until ``max_words`` is reached (0 means all)."""
    if max_words <= 0:
        return docs
    out, total = [], 0
    for d in docs:
        if total >= max_words:
            break
        out.append(d)
        total += d.words
    return out


def rule_key(m: Match, text: str) -> str:
    """The rule id, with spelling split by whether the flagged word is capitalised."""
    if m.rule.startswith("MORFOLOGIK"):
        word = text[m.start : m.end]
        return m.rule + (" (capitalised)" if word[:1].isupper() else " (lower-case)")
    return m.rule


def context(text: str, m: Match, width: int = 35) -> str:
    """The flagged span in brackets with some text either side, on one line."""
    left = text[max(0, m.start - width) : m.start]
    right = text[m.end : m.end + width]
    fix = f" -> {m.replacements[0]!r}" if m.replacements else ""
    snippet = f"{left}[{text[m.start : m.end]}]{right}{fix}"
    return " ".join(snippet.split())


def main(argv: list[str] | None = None) -> int:
    """Run LanguageTool over the sources and print the false-alarm table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lt-url", default=DEFAULT_URL, help="LanguageTool server URL")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared/benchmarks folder")
    ap.add_argument(
        "--max-words", type=int, default=25000, help="words per source (whole docs; 0 = all)"
    )
    ap.add_argument("--top", type=int, default=40, help="rules to show")
    ap.add_argument("--workers", type=int, default=2, help="parallel requests")
    ap.add_argument("--language", default="en-US")
    ap.add_argument("--disable", default="", help="comma-separated rules to disable (to compare)")
    args = ap.parse_args(argv)

    sources = load_sources(args.data)
    counts: Counter[str] = Counter()
    with_fix: Counter[str] = Counter()
    per_source: dict[str, Counter[str]] = defaultdict(Counter)
    category: dict[str, str] = {}
    example: dict[str, str] = {}
    words_by_source: dict[str, int] = {}
    started = time.time()
    for name in SOURCES:
        docs = take_words(sources[name], args.max_words)
        words_by_source[name] = sum(d.words for d in docs)
        found = check_batch(
            args.lt_url,
            [d.text for d in docs],
            args.language,
            batch_size=1,
            workers=args.workers,
            disabled_rules=[r for r in args.disable.split(",") if r],
        )
        for doc, matches in zip(docs, found, strict=True):
            for m in matches:
                key = rule_key(m, doc.text)
                counts[key] += 1
                per_source[name][key] += 1
                with_fix[key] += bool(m.replacements)
                category[key] = m.category
                example.setdefault(key, f"[{name}] {context(doc.text, m)}")
        n = sum(per_source[name].values())
        print(
            f"{name:18} {len(docs):4} docs {words_by_source[name]:7} words "
            f"{n:5} matches  {1000 * n / max(words_by_source[name], 1):5.2f} per 1k words",
            file=sys.stderr,
        )

    total_words = sum(words_by_source.values())
    total = sum(counts.values())
    print(
        f"LanguageTool {args.language}, default rules: {total_words} words of clean dev news prose, "
        f"{total} matches = {1000 * total / total_words:.2f} per 1,000 words "
        f"({time.time() - started:.0f} s)"
    )
    for name in SOURCES:
        n = sum(per_source[name].values())
        print(
            f"  {name:18} {words_by_source[name]:7} words {1000 * n / words_by_source[name]:6.2f}/1k"
        )
    print()
    abbrev = "/".join(s.split("_")[0][0] + s.split("_")[-1][0] for s in SOURCES)
    header = f"{'rule':40} {'category':14} {'n':>5} {'/1k':>6} {'fix%':>4} {abbrev:>15}  example"
    print(header)
    print("-" * len(header))
    for key, n in counts.most_common(args.top):
        srcs = "/".join(str(per_source[s][key]) for s in SOURCES)
        print(
            f"{key:40} {category[key][:14]:14} {n:5} {1000 * n / total_words:6.3f} "
            f"{100 * with_fix[key] / n:3.0f}% {srcs:>15}  {example[key][:140]}"
        )
    print()
    by_cat: Counter[str] = Counter()
    for key, n in counts.items():
        by_cat[category[key]] += n
    print("by category: " + ", ".join(f"{c} {n}" for c, n in by_cat.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
