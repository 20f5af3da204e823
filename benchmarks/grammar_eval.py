"""Measure the grammar engine on dev news: injected errors per family, false alarms on
clean text, load time and cost per 1,000 words.

    .venv/bin/python benchmarks/grammar_eval.py [--max-words 250000] [--show-false N]

Dev text only: Brown news and editorial (``clean_prose/derived``, one sentence a line,
grouped back into their files) and Wikinews 2019 (``wikinews_2019.csv``). Wikinews 2020 is
the test split and is never read here.

Injection: every sentence of a copy of each article gets at most one error of one family
(the family with the fewest injections so far among those the sentence allows), made
from the parse of the *clean* sentence: a verb's number swapped after its subject
(agreement), "there is/are" swapped before a plural or singular noun, a determiner's noun
put in the other number, a verb after a modal, "do" or "have" put in the wrong form,
"it's"/"its" swapped, an article deleted before a singular noun or "a" put before an
uncountable one (these two in copies of their own),
"their"/"your"/"whose" and "they're"/"you're"/"who's" swapped (and "there is" written
"their is"),
an auxiliary dropped between a subject and its present participle ("they are
creating" -> "they creating"), a country, nationality, day or month lower-cased or a function word
capitalised mid-sentence. The engine then checks the corrupted articles. A hit is a
finding on the injected words whose first fix restores the original. Per family: recall
(injections found with the right fix), precision (findings of that family in injected
sentences that are such hits). False alarms: every finding on the untouched articles,
per 1,000 words (published news has a few real slips; these are counted too). Families
off by default (``rules.OFF_BY_DEFAULT``: a missing auxiliary, a missing article) are
measured here too. A family that offers several fixes (both articles) also gets a line
counting its findings that any of them would have made right.

Without ../shared/benchmarks it prints one line and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "shared" / "benchmarks"
PROSE = DATA / "clean_prose"
FAMILIES = (
    "its",
    "possessive",
    "agreement",
    "there-agreement",
    "determiner",
    "verb-form",
    "auxiliary",
    "capitals",
    "article-missing",
    "article-extra",
)
SEED = 14


@dataclass
class Injection:
    family: str
    start: int
    end: int
    original: str
    wrong: str


def dev_articles(max_words: int) -> list[str]:
    """Brown news and editorial files, then Wikinews 2019 articles, up to ``max_words``."""
    arts: list[str] = []
    for name in ("brown_news.txt", "brown_editorial.txt"):
        files: dict[str, list[str]] = defaultdict(list)
        for line in (PROSE / "derived" / name).read_text("utf-8").splitlines():
            fid, _, sent = line.partition("\t")
            if sent.strip():
                files[fid].append(sent.strip())
        for sents in files.values():
            # five sentences a paragraph: Brown's lines carry no paragraph breaks
            paras = [" ".join(sents[i : i + 5]) for i in range(0, len(sents), 5)]
            arts.append("\n\n".join(paras) + "\n")
    csv.field_size_limit(10**8)
    with (PROSE / "wikinews_vanatteveldt" / "wikinews_2019.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            body = "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", row["text"]) if p.strip())
            arts.append(body + "\n")
    rng = random.Random(SEED)
    rng.shuffle(arts)
    out, words = [], 0
    for a in arts:
        if words >= max_words:
            break
        out.append(a)
        words += len(a.split())
    return out


# ------------------------------------------------------------------ injection


def _swap_number(v, lx) -> str | None:
    low = v.lower_
    be = {"is": "are", "are": "is", "was": "were", "were": "was", "has": "have", "have": "has"}
    if low in be:
        return be[low]
    if v.tag_ == "VBZ":
        return v.lemma_.lower() if lx.third_person(v.lemma_.lower()) == low else None
    if v.tag_ == "VBP" and v.lemma_.lower() == low and low.isalpha():
        return lx.third_person(low)
    return None


_BE_FORMS = ("is", "are", "was", "were")


def sites(sent, offset: int, lx, rules) -> dict[str, list[Injection]]:
    """Possible injections in one clean parsed sentence, by family."""
    out: dict[str, list[Injection]] = defaultdict(list)

    def add(family: str, t, wrong: str) -> None:
        if wrong and wrong != t.text:
            s = offset + t.idx
            out[family].append(Injection(family, s, s + len(t.text), t.text, wrong))

    for t in sent:
        low = t.lower_
        if t.tag_ in ("VBZ", "VBP") or low in ("was", "were"):
            subj = rules._subject(t)
            if (
                subj is not None
                and subj.i < t.i
                and rules._first_aux(t)
                and subj.tag_ in ("NN", "NNS", "NNP", "PRP")
                and (subj.tag_ != "PRP" or subj.lower_ in ("he", "she", "it", "they", "we"))
                and not any(c.dep_ == "conj" for c in subj.children)
            ):
                new = _swap_number(t, lx)
                if new:
                    add("agreement", t, lx.match_case(t.text, new))
        if low == "there" and t.dep_ == "expl" and t.i + 1 < len(sent):
            be = sent[t.i + 1]
            if be.lower_ in ("is", "are", "was", "were") and be.head == be:
                add("there-agreement", be, rules._BE[be.lower_])
        if low in ("a", "an", "either", "each", "every", "another") and t.dep_ == "det":
            n = t.head
            if n.tag_ == "NN" and n.text.isalpha() and n.text.islower() and n.i == t.i + 1:
                add("determiner", n, lx.plural(n.lower_))
        if low in ("many", "several", "both", "various") and t.i + 1 < len(sent):
            n = sent[t.i + 1]
            if n.tag_ == "NNS" and n.head.i == n.i and n.text.islower() and n.lower_.endswith("s"):
                add("determiner", n, lx.singular(n.lower_, n.lemma_.lower()))
        if t.tag_ == "MD" and t.i + 1 < len(sent):
            v = sent[t.i + 1]
            if v.tag_ == "VB" and v.text.islower() and v.lower_ not in ("be", "have"):
                verb = lx.irregular_verbs().get(v.lower_)
                add("verb-form", v, lx.third_person(v.lower_) if verb is None else verb.past[0])
        if low in ("did", "does") and t.dep_ == "aux":
            v = rules._next_word(sent, t.i, rules._adverb)
            if v is not None and v.tag_ == "VB" and v.text.islower() and v.head.i == v.i:
                verb = lx.irregular_verbs().get(v.lower_)
                if verb is not None and verb.past[0] != v.lower_:
                    add("verb-form", v, verb.past[0])
        if low in ("has", "have", "had") and t.dep_ == "aux":
            v = rules._next_word(sent, t.i, rules._adverb)
            if v is not None and v.tag_ == "VBN" and v.text.islower():
                base = lx.base_of_past(v.lower_)
                if base is not None:
                    past = lx.irregular_verbs()[base].past[0]
                    if past not in lx.irregular_verbs()[base].participle and past not in (
                        "was",
                        "lay",
                        "bore",
                    ):
                        add("verb-form", v, past)
        if low == "its" and t.text == "its":
            add("its", t, "it’s" if "’" in sent.doc.text else "it's")
        if low == "it" and t.i + 1 < len(sent) and sent[t.i + 1].lower_ in ("'s", "’s"):
            s = offset + t.idx
            e = offset + sent[t.i + 1].idx + len(sent[t.i + 1].text)
            orig = sent.text[t.idx : sent[t.i + 1].idx + len(sent[t.i + 1].text)]
            out["its"].append(Injection("its", s, e, orig, lx.match_case(orig, "its")))
        apos = "’" if "’" in sent.doc.text else "'"
        if low in rules.POSSESSIVE_PAIRS and t.tag_ in ("PRP$", "WP$"):
            pron, verb = rules.POSSESSIVE_PAIRS[low]
            add("possessive", t, lx.match_case(t.text, f"{pron}{apos}{verb}"))
        nxt = sent[t.i + 1] if t.i + 1 < len(sent) else None
        if (
            nxt is not None
            and (low, nxt.lower_.lstrip("'’")) in rules.CONTRACTED
            and nxt.idx == t.idx + len(t.text)
            and not (t.text.isupper() and len(t.text) > 1)
        ):
            poss = rules.CONTRACTED[(low, nxt.lower_.lstrip("'’"))]
            s = offset + t.idx
            orig = sent.text[t.idx : nxt.idx + len(nxt.text)]
            out["possessive"].append(
                Injection("possessive", s, s + len(orig), orig, lx.match_case(t.text, poss))
            )
        if low == "there" and t.dep_ == "expl" and nxt is not None and nxt.lower_ in _BE_FORMS:
            if t.i == 0 or sent[t.i - 1].text in (",", ";") or sent[t.i - 1].tag_ == "CC":
                add("possessive", t, lx.match_case(t.text, "their"))
        if low in ("am", "is", "are", "was", "were") and t.dep_ == "aux" and t.i > 0:
            v, subj = t.head, sent[t.i - 1]
            if (
                v.tag_ == "VBG"
                and v.dep_ == "ROOT"
                and subj.dep_ == "nsubj"
                and subj.head.i == v.i
                and sum(c.dep_ in ("aux", "auxpass") for c in v.children) == 1
            ):
                s = offset + subj.idx + len(subj.text)
                e = offset + t.idx + len(t.text)
                orig = sent.doc.text[subj.idx + len(subj.text) : t.idx + len(t.text)]
                out["auxiliary"].append(Injection("auxiliary", s, e, orig, ""))
        if low in ("a", "an", "the") and t.dep_ == "det" and t.i > 0 and t.text.islower():
            n = t.head
            if (
                n.tag_ == "NN"
                and n.i > t.i
                and n.text.isalpha()
                and n.text.islower()
                and all(w.text.isalpha() for w in sent[t.i + 1 : n.i + 1])
                and sent[t.i - 1].tag_ not in ("DT", "PDT", "PRP$")
            ):
                s = offset + t.idx
                orig = sent.doc.text[t.idx : sent[t.i + 1].idx]
                out["article-missing"].append(
                    Injection("article-missing", s, s + len(orig), orig, "")
                )
        if (
            low in rules.UNCOUNTABLE
            and t.tag_ == "NN"
            and t.text.islower()
            and t.dep_ != "compound"
            and not any(c.dep_ in ("det", "poss", "nummod") for c in t.children)
        ):
            first = t.left_edge
            if first.i > 0 and all(w.tag_ in ("JJ", "RB") for w in sent[first.i : t.i]):
                if sent[first.i - 1].tag_ not in ("DT", "PDT", "PRP$", "POS", "CD"):
                    a = "an " if rules._an(rules._trigram(), first.lower_) else "a "
                    s = offset + first.idx
                    out["article-extra"].append(Injection("article-extra", s, s, "", a))
        if t.text[:1].isupper() and t.lower_ in rules.NAMES_ALWAYS and t.i > 0:
            add("capitals", t, t.lower_)
        if t.text.islower() and t.lower_ in rules.MID_LOWER and t.i > 1:
            prev = sent[t.i - 1]
            if prev.text.isalpha() and prev.text.islower():
                add("capitals", t, t.text.capitalize())
    return out


SEPARATE = ("article-missing", "article-extra")
"""Families injected, and scored, in copies of their own (a second pass), so that adding
one leaves the other families' injections and figures as they were."""


def inject(
    text: str,
    parsed: list,
    sents,
    lx,
    rules,
    counts: Counter,
    rng: random.Random,
    only: tuple[str, ...] | None = None,
):
    """The corrupted text and its injections (offsets in the corrupted text): of the
    families in ``only``, or of all but ``SEPARATE``."""
    pieces, injections, pos, shift = [], [], 0, 0
    for region, sent in zip(sents, parsed, strict=True):
        options = {
            f: o
            for f, o in sites(sent, region.start, lx, rules).items()
            if (f in only if only is not None else f not in SEPARATE)
        }
        if not options:
            continue
        family = min(options, key=lambda f: (counts[f], rng.random()))
        inj = rng.choice(options[family])
        counts[family] += 1
        pieces.append(text[pos : inj.start])
        pieces.append(inj.wrong)
        delta = len(inj.wrong) - len(inj.original)
        injections.append(
            (
                Injection(
                    family, inj.start + shift, inj.end + shift + delta, inj.original, inj.wrong
                ),
                (region.start + shift, region.end + shift + delta),
            )
        )
        shift += delta
        pos = inj.end
    pieces.append(text[pos:])
    return "".join(pieces), injections


# ------------------------------------------------------------------ measuring


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--max-words", type=int, default=250_000)
    ap.add_argument("--show-false", type=int, default=0, help="print this many clean false alarms")
    ap.add_argument("--show-missed", type=int, default=0, help="print missed injections per family")
    args = ap.parse_args(argv)
    if not PROSE.exists():
        print(f"grammar_eval: no benchmark data at {DATA}; skipped")
        return 0

    load = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time;t=time.perf_counter();from copyedit.grammar import nlp;nlp.pipeline();print(time.perf_counter()-t)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    load_s = float(load.stdout.strip())

    from copyedit.document import Document
    from copyedit.engines.grammar import GrammarEngine
    from copyedit.grammar import lexicon as lx
    from copyedit.grammar import nlp, rules

    nlp.pipeline()
    engine = GrammarEngine(also=tuple(rules.OFF_BY_DEFAULT))  # measured, off in copyedit
    arts = dev_articles(args.max_words)
    docs = [Document.from_text(a, path=f"dev{i}.txt", format="text") for i, a in enumerate(arts)]
    words = sum(len(a.split()) for a in arts)

    t = time.perf_counter()
    clean = [engine.check(d) for d in docs]
    check_s = time.perf_counter() - t
    false = [(d, f) for d, fs in zip(docs, clean, strict=True) for f in fs]

    rng = random.Random(SEED)
    counts: Counter = Counter()
    found: Counter = Counter()
    hits: Counter = Counter()
    fired: Counter = Counter()
    either: Counter = Counter()
    """Findings whose first fix is wrong but another restores the text (a/the)."""
    missed: dict[str, list[str]] = defaultdict(list)
    passes = [None, SEPARATE]
    for d, only in ((d, only) for only in passes for d in docs):
        sents = [s for s in d.analysis.sentences]
        parsed = list(nlp.parse(d.analysis.text[s.start : s.end] for s in sents))
        text, injections = inject(d.text, parsed, sents, lx, rules, counts, rng, only)
        bad = Document.from_text(text, path=d.path, format="text")
        findings = engine.check(bad)
        for inj, (s0, s1) in injections:
            right = False
            for f in findings:
                family = f.rule.split(".", 1)[1]
                if not (s0 <= f.start < s1) or (family in SEPARATE) != (only is not None):
                    continue  # each family is scored in its own pass only
                ok = (
                    f.start <= inj.start
                    and inj.end <= f.end
                    and f.fix is not None
                    and _restores(bad.text, f, inj)
                )
                if ok:
                    right = True
                fired[family] += 1
                hits[family] += ok
                if f.start <= inj.start and inj.end <= f.end:
                    either[family] += any(_restores(bad.text, f, inj, fix) for fix in f.fixes)
            found[inj.family] += right
            if not right:
                missed[inj.family].append(
                    text[max(s0, inj.start - 60) : min(s1, inj.end + 40)].replace("\n", " ")
                )

    print(f"grammar engine on dev news: {len(arts)} articles, {words:,} words")
    print(f"load (fresh process, import + pipeline): {load_s:.2f} s")
    print(f"check, warm: {check_s:.2f} s, {1000 * check_s / words:.3f} s per 1,000 words")
    print()
    print(
        f"{'family':<16} {'injected':>8} {'found':>6} {'recall':>7} {'fired':>6} {'right':>6} {'precision':>9}"
    )
    ti = tf = tr = tfi = 0
    for fam in FAMILIES:
        n, k, fi, r = counts[fam], found[fam], fired[fam], hits[fam]
        ti, tf, tfi, tr = ti + n, tf + k, tfi + fi, tr + r
        print(f"{fam:<16} {n:>8} {k:>6} {_ratio(k, n):>7} {fi:>6} {r:>6} {_ratio(r, fi):>9}")
    print(f"{'all':<16} {ti:>8} {tf:>6} {_ratio(tf, ti):>7} {tfi:>6} {tr:>6} {_ratio(tr, tfi):>9}")
    for fam in FAMILIES:
        if either[fam] > hits[fam]:  # the first fix is one of several right-looking ones
            print(
                f"  {fam}: right with any of its fixes {either[fam]} of {fired[fam]} "
                f"(precision {_ratio(either[fam], fired[fam])})"
            )
    print()
    by_rule = Counter(f.rule for _, f in false)
    print(
        f"false alarms on the clean articles: {len(false)} ({1000 * len(false) / words:.2f} per 1,000 words)"
    )
    for rule, n in by_rule.most_common():
        print(f"  {rule:<28} {n:>4} ({1000 * n / words:.3f} per 1,000 words)")
    for d, f in false[: args.show_false]:
        a = d.text
        print(
            f"  - {f.rule}: …{a[max(0, f.start - 70) : f.start]}[{f.text} -> {f.replacements[:1]}]{a[f.end : f.end + 40]}…".replace(
                "\n", " "
            )
        )
    for fam, lines in missed.items():
        for line in lines[: args.show_missed]:
            print(f"  missed {fam}: {line}")
    return 0


def _restores(text: str, f, inj: Injection, fix=None) -> bool:
    fixed = (fix or f.fix).applied_to(text[f.start : f.end], f.start)
    before = text[f.start : inj.start]
    after = text[inj.end : f.end]
    return fixed == before + inj.original + after


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


if __name__ == "__main__":
    sys.exit(main())
