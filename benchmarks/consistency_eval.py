"""Measure the consistency engine by injecting inconsistencies into clean articles.

Not a test: a script. Tune on dev (wikinews_2019.csv), report test (wikinews_2020.csv).

    .venv/bin/python benchmarks/consistency_eval.py [--split dev|test] [--limit N] [-v]
        [--suite all|wikinews|long|abc]

Three suites. ``wikinews``: injections into short articles (below). ``abc`` (dev only,
not in ``all``): the same injections into 3,189 ABC (Australian) rural and science news
stories of 2006 from NLTK's abc.zip, a set the benchmark README gives no split, used
here for development only. ``long`` (dev only):
false alarms on long untouched documents, where more words give more chances for two
forms that look like variants: Brown news and editorial samples (about 2,000 words
each) and MASC written documents (newspaper, essays, government, journal, travel,
non-fiction), from ``clean_prose/derived`` (one sentence a line, tagged with its file).
A document of 1,000-2,500 words is taken as it is, a longer one cut at sentence
boundaries into equal parts of at most 2,500 words, and consecutive shorter ones of one
MASC category joined until they reach 1,000 words. The data keeps no paragraphs: each
sentence is written as its own paragraph (blank line between), as in wire copy.

Injections, at most one of each kind per article, into a copy of the article:
  usuk       one occurrence of a word from the US/UK pair list (an article with at least two
             listed words) turned into the other variety; pairs whose "other" form is a
             different word in British English too (story/storey, draft/draught, tire/tyre,
             meter/metre, program/programme, check/cheque) or archaic (connexion) are not
             injected (nor vice/vise from coherency.txt): the result is a wrong word,
             not a spelling variety; nor is an American word turned into a British form
             American dictionaries also list ('canceled' -> 'cancelled')
  coherency  one of two or more occurrences of a LanguageTool coherency.txt word turned
             into its alternative spelling
  case       a Title Case phrase used twice or more mid-sentence lower-cased once, or a
             lower-case word used twice or more capitalised once mid-sentence; only in
             a line of prose (not a caption or heading), never a word whose capital is
             another word (march/March, turkey/Turkey), and not next to a capitalised
             word ("the Amazon Rainforest", "the Trump Administration": a capital there
             reads as part of a name, so it is no evident inconsistency)
  hyphen     a hyphenated compound used twice or more written open or closed once
  name       a person's spelled-out title abbreviated, or a given name reduced to an initial,
             on a later mention (not after "the": "the Liberal Party" is no person)

The coherency, case and hyphen injections need the word written exactly so at least
twice, so that one use keeps the original form (a word once lower case and elsewhere
only in a name, 'Marine Traffic', gives no inconsistency when capitalised).

Recall: injections a new finding points at (overlaps the injected span, or proposes the
injected form for another occurrence; for usuk, the injected word's spelling variety for
another listed word, as when one British and one American word tie and the first wins).
Precision: of the findings not already made on the clean article, those that belong to
an injection. False findings on untouched articles are counted per 2,000 words.
Data stays in /work/shared/benchmarks: nothing is copied.

Last, two tables of the checks' suppressors (``copyedit/consistency/suppressors.py``).
Per suppressor of candidate findings: the injections it withheld (a finding that belongs
to an injection no kept finding detected: recall it costs) and the findings it withheld
on the untouched Wikinews articles and long documents (false alarms it saves; a finding
withheld there may also have overlapped a kept one). Per suppressor of uses (what counts
as evidence): the missed injections whose words it kept out of the evidence, and the
uses it kept out on untouched copy (words, not findings: a use left in makes a finding
only when it is the odd one out).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from copyedit.config import Config
from copyedit.document import Document
from copyedit.engines.consistency import ConsistencyEngine, suppressors, use_suppressors
from copyedit.titles import ABBREVIATED

BENCH = Path(os.environ.get("COPYEDIT_BENCHMARKS", "/work/shared/benchmarks"))
WIKINEWS = BENCH / "clean_prose/wikinews_vanatteveldt"
US_GB = BENCH / "misspelling_lists/us2gb_spelling_pairs_from_jacqle.tsv"
COHERENCY = BENCH / "languagetool_en_2018/rules/en/coherency.txt"
DERIVED = BENCH / "clean_prose/derived"
ABC = BENCH / "clean_prose/nltk_data/abc.zip"
LONG_DEV = ("brown_news.txt", "brown_editorial.txt", "masc_newspaper_essays_govt.txt")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
ABBREV = {v: k for k, v in ABBREVIATED.items() if k.endswith(".") or len(k) == 2}
# US forms whose British pair is another word in British English too, or archaic there.
NOT_VARIETY = {
    "story", "stories", "draft", "drafts", "drafted", "drafting", "tire", "tires", "tired",
    "meter", "meters", "program", "programs", "programmed", "check", "checks", "checked",
    "connection", "connections", "inflection", "inflections", "curb", "curbs", "disk",
    "disks", "practice", "practiced", "practices", "license", "licensed", "licenses",
    "vice", "vise", "jail", "jails", "jailed",
}  # fmt: skip
# Lower-case words whose capitalised form is another word: a month, a name, a country.
CAPITAL_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "will", "bill", "mark", "rose", "turkey", "china",
    "polish", "reading",
}  # fmt: skip


@dataclass
class Injection:
    kind: str
    start: int
    end: int
    original: str
    new: str


def abc_articles() -> list[str]:
    """ABC (Australian Broadcasting Corporation) rural and science news stories, 2006, from
    NLTK's abc.zip: stories are separated by blank lines, each a teaser line then one
    sentence a line. The benchmark README gives this set no split; it is used here as dev
    only (never reported as test)."""
    out = []
    with zipfile.ZipFile(ABC) as z:
        for name in ("abc/science.txt", "abc/rural.txt"):
            text = z.read(name).decode("latin-1").replace("\r\n", "\n")
            out += [a.strip() for a in re.split(r"\n[ \t]*\n", text) if a.strip()]
    return out


def articles(split: str) -> list[str]:
    name = "wikinews_2019.csv" if split == "dev" else "wikinews_2020.csv"
    csv.field_size_limit(10**7)
    with open(WIKINEWS / name, encoding="utf-8", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh) if row["text"].strip()]


@dataclass
class LongDoc:
    source: str
    name: str
    text: str
    words: int


def _parts(sents: list[str], words: list[int], low: int, high: int) -> list[list[str]]:
    """Cut a document's sentences into equal parts of at most ``high`` words."""
    total = sum(words)
    if total <= high:
        return [sents]
    k = -(-total // high)
    size = total / k
    out: list[list[str]] = [[]]
    run = 0
    for s, n in zip(sents, words, strict=True):
        if run >= size * len(out) and len(out) < k:
            out.append([])
        out[-1].append(s)
        run += n
    return out


def long_documents(low: int = 1000, high: int = 2500) -> list[LongDoc]:
    """Dev documents of ``low``..``high`` words (see the module docstring)."""
    docs: list[LongDoc] = []
    for name in LONG_DEV:
        order: list[tuple[str, str]] = []
        sents: dict[tuple[str, str], list[str]] = {}
        for line in (DERIVED / name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 2 or not parts[-1].strip():
                continue
            key = (parts[0], parts[1] if len(parts) == 3 else "")
            if key not in sents:
                order.append(key)
                sents[key] = []
            sents[key].append(parts[-1].strip())
        base = "masc" if name.startswith("masc") else name.removesuffix(".txt")
        pending: list[str] = []
        pending_cat = None
        for key in order:
            ss = sents[key]
            counts = [len(WORD.findall(x)) for x in ss]
            if sum(counts) < low:
                if pending and (
                    pending_cat != key[1]
                    or sum(len(WORD.findall(x)) for x in pending) + sum(counts) > high
                ):
                    pending = []  # would mix categories or run long: start again
                pending_cat = key[1]
                pending += ss
                if sum(len(WORD.findall(x)) for x in pending) >= low:
                    docs.append(_long(_source(base, key), f"{key[0]}+", pending))
                    pending = []
                continue
            for i, part in enumerate(_parts(ss, counts, low, high)):
                docs.append(_long(_source(base, key), f"{key[0]}#{i}", part))
    return docs


def _source(base: str, key: tuple[str, str]) -> str:
    return f"{base}/{key[1]}" if key[1] else base


def _long(source: str, name: str, sents: list[str]) -> LongDoc:
    text = "\n\n".join(sents) + "\n"
    return LongDoc(source, name, text, len(WORD.findall(text)))


_GB: set[str] = set()


def load_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in US_GB.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 2 and parts[0] != parts[1] and not NOT_VARIETY & {parts[0], parts[1]}:
            pairs[parts[0]] = parts[1]
            pairs[parts[1]] = parts[0]
            _GB.add(parts[0])
    return pairs


def load_coherency() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in COHERENCY.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or ";" not in line:
            continue
        forms = [f.strip() for f in line.split(";") if f.strip()]
        if NOT_VARIETY & {f.lower() for f in forms}:
            continue
        for f in forms:
            out.setdefault(f.lower(), [g for g in forms if g != f])
    return out


def _us_accepts(us: str, gb: str) -> bool:
    """The British form is one American dictionaries list too: a doubled consonant
    before -ed or -ing ('cancelled', 'travelling'), so writing it in an American
    article is no inconsistency."""
    if us in _GB or len(gb) != len(us) + 1:
        return False
    i = next((k for k in range(len(us)) if us[k] != gb[k]), len(us))
    return (
        i > 0 and gb[i] == gb[i - 1] and gb[i + 1 :] == us[i:] and us[i:].startswith(("ed", "in"))
    )


def _mid_sentence(text: str, i: int) -> bool:
    """After a lower-case word or a comma, in a line of prose (not a caption or heading:
    a line that ends like a sentence)."""
    end = text.find("\n", i)
    line = text[i : end if end != -1 else len(text)].rstrip()
    return _after_lower_word(text, i) and line.endswith(tuple(".!?\"”’')"))


def _after_lower_word(text: str, i: int) -> bool:
    """A comma, or a whole lower-case word, then one space before ``i``."""
    return bool(re.search(r"(?:,|(?<![^\W\d_])[a-z]+) $", text[max(0, i - 40) : i]))


def _next_to_capital(text: str, start: int, end: int) -> bool:
    """A capitalised word just before or after (space, hyphen, dash or possessive apart)."""
    before = re.search(r"([^\W\d_]+)(?:[’']s?)?[ \u00a0–-]$", text[max(0, start - 40) : start])
    after = re.match(r"[’']?s?[ \u00a0–-]([^\W\d_]+)", text[end : end + 40])
    return any(m and m.group(1)[0].isupper() for m in (before, after))


def candidates(text: str, pairs, coherency) -> dict[str, list[Injection]]:
    words = list(WORD.finditer(text))
    low = Counter(m.group() for m in words)  # exact forms: another must stay as it was
    out: dict[str, list[Injection]] = {
        k: [] for k in ("usuk", "coherency", "case", "hyphen", "name")
    }
    listed = [m for m in words if m.group().islower() and m.group() in pairs]
    gb = {line for line in pairs if line in _GB}
    if len({m.group() in gb for m in listed}) > 1:
        listed = []  # already mixed: a new variant would not be a new inconsistency
    seen: Counter = Counter()
    for m in words:
        w = m.group()
        seen[w] += 1
        if len(listed) >= 2 and w.islower() and w in pairs and not _us_accepts(w, pairs[w]):
            out["usuk"].append(Injection("usuk", m.start(), m.end(), w, pairs[w]))
        if w.islower() and w in coherency and low[w] >= 2 and seen[w] >= 2:
            out["coherency"].append(Injection("coherency", m.start(), m.end(), w, coherency[w][0]))
        if "-" in w and w.islower() and low[w] >= 2 and seen[w] >= 2:
            new = w.replace("-", " ") if len(w) > 12 else w.replace("-", "")
            out["hyphen"].append(Injection("hyphen", m.start(), m.end(), w, new))
        if (
            w.islower()
            and len(w) >= 5
            and low[w] >= 2
            and seen[w] >= 2
            and _mid_sentence(text, m.start())
            and not _next_to_capital(text, m.start(), m.end())
            and w not in CAPITAL_WORDS
        ):
            out["case"].append(Injection("case", m.start(), m.end(), w, w.capitalize()))
    phrases = Counter()
    spans = []
    for m in re.finditer(r"(?<=[a-z,] )((?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+)\b", text):
        if not _after_lower_word(text, m.start(1)):
            continue
        phrases[m.group(1)] += 1
        spans.append(m)
    counted: Counter = Counter()
    for m in spans:
        counted[m.group(1)] += 1
        if (
            phrases[m.group(1)] >= 2
            and counted[m.group(1)] >= 2
            and _mid_sentence(text, m.start(1))
        ):
            out["case"].append(
                Injection("case", m.start(1), m.end(1), m.group(1), m.group(1).lower())
            )
    titled = Counter()
    for m in re.finditer(r"\b(" + "|".join(ABBREV) + r") ((?:[A-Z][a-z]+ )?[A-Z][a-z]+)\b", text):
        surname = m.group(2).split()[-1]
        titled[surname] += 1
        if titled[surname] >= 2:
            out["name"].append(
                Injection("name", m.start(1), m.end(1), m.group(1), ABBREV[m.group(1)])
            )
    given = Counter()
    # A person's given name and surname; "the Liberal Party" is no person.
    for m in re.finditer(
        r"(?<=[a-z,] )(?<![Tt]he )([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b(?! [A-Z])", text
    ):
        if not _after_lower_word(text, m.start()):
            continue
        given[m.group(0)] += 1
        if given[m.group(0)] >= 2:
            out["name"].append(
                Injection("name", m.start(1), m.end(1), m.group(1), m.group(1)[0] + ".")
            )
    return out


def inject(text: str, chosen: list[Injection]) -> tuple[str, list[Injection]]:
    """Apply non-overlapping injections; return the new text and their new spans."""
    chosen = sorted(chosen, key=lambda i: i.start)
    kept: list[Injection] = []
    for inj in chosen:
        if kept and inj.start < kept[-1].end + 2:
            continue
        kept.append(inj)
    out, shift, placed = [], 0, []
    pos = 0
    for inj in kept:
        out.append(text[pos : inj.start])
        out.append(inj.new)
        start = inj.start + shift
        placed.append(Injection(inj.kind, start, start + len(inj.new), inj.original, inj.new))
        shift += len(inj.new) - (inj.end - inj.start)
        pos = inj.end
    out.append(text[pos:])
    return "".join(out), placed


def _norm(s: str) -> str:
    return re.sub(r"[\s.-]", "", s.lower())


def belongs(f, inj: Injection, pairs: dict[str, str] | None = None) -> bool:
    if f.start < inj.end and inj.start < f.end:
        return True
    if inj.kind == "usuk" and pairs and f.rule == "consistency.spelling-variety":
        rep = f.replacements[0].lower() if f.replacements else ""
        return rep in pairs and (rep in _GB) == (inj.new in _GB)
    rep = f.replacements[0] if f.replacements else ""
    return bool(rep) and (_norm(rep) == _norm(inj.new) or _norm(f.text) == _norm(inj.original))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--suite", choices=("all", "wikinews", "long", "abc"), default="all")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-v", "--verbose", action="count", default=0)
    args = ap.parse_args()
    if not WIKINEWS.is_dir():
        print(f"benchmark data not found under {BENCH}", file=sys.stderr)
        return 2
    if args.split == "test" and args.suite in ("long", "abc"):
        print(f"the {args.suite} suite is dev only", file=sys.stderr)
        return 2
    engine = ConsistencyEngine.from_config(Config())
    tally = Tally()
    if args.suite in ("all", "wikinews"):
        run_wikinews(engine, args, articles(args.split), f"wikinews {args.split}", tally)
    if args.suite == "abc":
        run_wikinews(engine, args, abc_articles(), "abc news (dev)", tally)
    if args.suite in ("all", "long") and args.split == "dev":
        run_long(engine, args, tally)
    print_suppressors(tally)
    return 0


@dataclass
class Tally:
    """Per suppressor name: injections withheld, findings withheld on untouched copy."""

    cost: Counter = field(default_factory=Counter)
    saved_clean: Counter = field(default_factory=Counter)
    saved_long: Counter = field(default_factory=Counter)
    ignored_clean: Counter = field(default_factory=Counter)
    ignored_long: Counter = field(default_factory=Counter)


def print_suppressors(tally: Tally) -> None:
    print("suppressors: injections withheld (recall cost) / findings withheld on untouched")
    print("copy (false alarms saved): wikinews articles, long documents")
    for s in suppressors():
        print(
            f"  {s.name:45} {tally.cost[s.name]:4} {tally.saved_clean[s.name]:4} "
            f"{tally.saved_long[s.name]:4}"
        )
    print("use suppressors: missed injections whose words they kept out / uses kept out")
    print("on untouched copy: wikinews articles, long documents")
    for s in use_suppressors():
        print(
            f"  {s.name:45} {tally.cost[s.name]:4} {tally.ignored_clean[s.name]:5} "
            f"{tally.ignored_long[s.name]:5}"
        )


def run_long(engine: ConsistencyEngine, args: argparse.Namespace, tally: Tally) -> None:
    """False findings on long untouched dev documents, per 2,000 words, by check."""
    docs = long_documents()
    if args.limit:
        docs = docs[: args.limit]
    words: Counter = Counter()
    counts: Counter = Counter()
    discovered: Counter = Counter()
    by_rule: Counter = Counter()
    elapsed = 0.0
    for d in docs:
        t0 = time.perf_counter()
        judged = engine.judge(Document.from_text(d.text))
        elapsed += time.perf_counter() - t0
        found = list(judged.kept)
        tally.saved_long.update(x.suppressor for x in judged.suppressed)
        tally.ignored_long.update(x.suppressor for x in judged.ignored)
        words[d.source] += d.words
        counts[d.source] += len(found)
        discovered[d.source] += sum(not f.rule.startswith("consistency.house.") for f in found)
        for f in found:
            by_rule[f.rule] += 1
            if args.verbose:
                i = f.start
                ctx = d.text[max(0, i - 60) : f.end + 60].replace("\n", " | ")
                print(f"LONG {d.name} {f.rule} {f.text!r}: {f.message}\n    ...{ctx}...")
    total = sum(words.values())
    house = sum(n for r, n in by_rule.items() if r.startswith("consistency.house."))
    print(
        f"long dev documents: {len(docs)} of {min(x.words for x in docs)}-"
        f"{max(x.words for x in docs)} words, {total} words"
    )
    print(
        f"  all findings {sum(counts.values())}, {_per(sum(counts.values()), total)} per 2,000 words"
    )
    print(
        f"  without house-style term hits (a chosen style enforced, not a claimed "
        f"inconsistency): {sum(counts.values()) - house}, "
        f"{_per(sum(counts.values()) - house, total)} per 2,000 words"
    )
    for source in sorted(words):
        print(
            f"  {source:18} {words[source]:6} words: {counts[source]:4} findings, "
            f"{_per(counts[source], words[source])} per 2,000 words; without house-style "
            f"hits {discovered[source]}, {_per(discovered[source], words[source])}"
        )
    for rule, count in by_rule.most_common():
        print(f"  {rule:45} {count:4}  {_per(count, total)} per 2,000 words")
    print(f"engine time on long documents: {elapsed / total * 1000 * 1000:.1f} ms per 1,000 words")


def _per(n: int, words: int) -> str:
    return f"{n / words * 2000:.2f}" if words else "-"


def run_wikinews(
    engine: ConsistencyEngine,
    args: argparse.Namespace,
    texts: list[str],
    label: str,
    tally: Tally,
) -> None:
    pairs, coherency = load_pairs(), load_coherency()
    rng = random.Random(args.seed)
    if args.limit:
        texts = texts[: args.limit]
    words = false_clean = 0
    false_rules: Counter = Counter()
    injected: Counter = Counter()
    detected: Counter = Counter()
    true_new = false_new = 0
    elapsed = 0.0
    for n, text in enumerate(texts):
        doc = Document.from_text(text)
        t0 = time.perf_counter()
        clean_judged = engine.judge(doc)
        elapsed += time.perf_counter() - t0
        clean = list(clean_judged.kept)
        tally.saved_clean.update(x.suppressor for x in clean_judged.suppressed)
        tally.ignored_clean.update(x.suppressor for x in clean_judged.ignored)
        words += len(WORD.findall(text))
        false_clean += len(clean)
        for f in clean:
            false_rules[f.rule] += 1
            if args.verbose > 1:
                print(f"  clean #{n} {f.rule} {f.text!r}: {f.message}")
        baseline = Counter((f.rule, f.text) for f in clean)
        cands = candidates(text, pairs, coherency)
        chosen = [rng.choice(c) for c in cands.values() if c]
        if not chosen:
            continue
        mutated, placed = inject(text, chosen)
        judged = engine.judge(Document.from_text(mutated))
        found = list(judged.kept)
        new = []
        for f in found:
            key = (f.rule, f.text)
            if baseline[key] > 0:
                baseline[key] -= 1
            else:
                new.append(f)
        for inj in placed:
            injected[inj.kind] += 1
            if any(belongs(f, inj, pairs) for f in new):
                detected[inj.kind] += 1
                if args.verbose > 2:
                    ctx = mutated[max(0, inj.start - 40) : inj.end + 40].replace("\n", " ")
                    print(f"HIT {inj.kind}: {inj.original!r} -> {inj.new!r}: ...{ctx}...")
            else:
                withheld = {
                    x.suppressor for x in judged.suppressed if belongs(x.finding, inj, pairs)
                } | {
                    x.suppressor for x in judged.ignored if x.start < inj.end and inj.start < x.end
                }
                tally.cost.update(withheld)
                if args.verbose:
                    ctx = mutated[max(0, inj.start - 40) : inj.end + 40].replace("\n", " ")
                    print(
                        f"MISSED #{n} {inj.kind}: {inj.original!r} -> {inj.new!r}: ...{ctx}..."
                        + (f" (withheld by {', '.join(sorted(withheld))})" if withheld else "")
                    )
        for f in new:
            if any(belongs(f, inj, pairs) for inj in placed):
                true_new += 1
            else:
                false_new += 1
                if args.verbose:
                    print(f"FALSE #{n} {f.rule} {f.text!r}: {f.message}")
    total_inj = sum(injected.values())
    recall = sum(detected.values()) / total_inj if total_inj else 0.0
    precision = true_new / (true_new + false_new) if true_new + false_new else 0.0
    print(f"{label}: {len(texts)} articles, {words} words")
    print(
        f"injections {total_inj}: recall {recall:.3f}, precision {precision:.3f} "
        f"({true_new} true, {false_new} false new findings)"
    )
    for kind in sorted(injected):
        print(
            f"  {kind:10} {detected[kind]}/{injected[kind]} = {detected[kind] / injected[kind]:.3f}"
        )
    per = false_clean / words * 2000 if words else 0.0
    print(f"untouched articles: {false_clean} findings, {per:.2f} per 2,000 words")
    for rule, count in false_rules.most_common():
        print(f"  {rule:45} {count}")
    print(
        f"engine time on untouched articles: {elapsed / len(texts) * 1000:.1f} ms per article, "
        f"{elapsed / words * 1000 * 1000:.1f} ms per 1,000 words"
    )


if __name__ == "__main__":
    raise SystemExit(main())
