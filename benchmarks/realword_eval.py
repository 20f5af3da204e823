"""Measure the real-word engine (and optionally LanguageTool) on dev data.

    .venv/bin/python benchmarks/realword_eval.py [--n 2000] [--lt http://localhost:8191]
        [--split dev|test] [--part all|sets|model]

Injected errors: sentences from the DEV clean prose (Brown, MASC, Wikinews 2019) get one
real-word error each, half classic confusables (Golding-style sets), half typo-like real
words one edit from the intended word (common in wordfreq and accepted by Hunspell's en_US
dictionary from the chunspell package, not the engine's own word list). Untouched sentences measure false suggestions per 1,000 words. Also runs the
Holbrook real-word errors and the NUS confusable sentences (train = dev). ``--split test``
injects into Wikinews 2020 (the test split of clean prose) and runs the NUS test sets: for
the report only, never for tuning. Data is read from /work/shared/benchmarks and never copied.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from string import ascii_lowercase

from copyedit.document import Document
from copyedit.engines.realword import RealWordEngine

DATA = Path("/work/shared/benchmarks")
PROSE = DATA / "clean_prose"
WORD = re.compile(r"[A-Za-z]+")


def dev_sentences() -> list[str]:
    out = []
    for f in sorted((PROSE / "derived").glob("*.txt")):
        for line in f.read_text(encoding="utf-8").splitlines():
            text = line.split("\t")[-1].strip()
            if 6 <= len(text.split()) <= 60:
                out.append(text)
    return out + wikinews_sentences("wikinews_2019.csv")


def test_sentences() -> list[str]:
    """Wikinews 2020: the clean-prose test split (for the report only, never tuning)."""
    return wikinews_sentences("wikinews_2020.csv")


def wikinews_sentences(name: str) -> list[str]:
    out = []
    csv.field_size_limit(10**8)
    with (PROSE / "wikinews_vanatteveldt" / name).open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", row["text"]):
                s = s.strip()
                if 6 <= len(s.split()) <= 60 and "\n" not in s:
                    out.append(s)
    return out


def confusion_map() -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = defaultdict(list)
    path = DATA / "confusables" / "golding_style_sets" / "confusion_sets_large.dat"
    for line in path.read_text(encoding="utf-8").splitlines():
        words = [w.strip() for w in line.split(",") if w.strip()]
        words = [w for w in words if w.isalpha()]
        for w in words:
            pairs[w].extend(x for x in words if x != w)
    return pairs


def edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in ascii_lowercase),
        *(a + c + b for a, b in splits for c in ascii_lowercase),
    }


@lru_cache(maxsize=1)
def _hunspell():
    import hunspell  # the chunspell package: Hunspell with en_US, independent of the engine

    return hunspell.Hunspell("en_US")


def is_real_word(word: str) -> bool:
    """A typo-like injection must be a real word, one a spell checker passes: "wes" or
    "amd" (frequent in web counts) are a spell checker's job, not this engine's."""
    return _hunspell().spell(word)


def inject(sentence: str, rng: random.Random, kind: str, confusions, zipf):
    toks = [m for m in WORD.finditer(sentence) if m.start() > 0 and m.group().islower()]
    rng.shuffle(toks)
    for m in toks:
        w = m.group()
        if kind == "confusable":
            options = confusions.get(w, [])
        else:
            if len(w) < 3:
                continue
            options = sorted(c for c in edits1(w) if c != w and zipf(c) >= 3.0 and is_real_word(c))
        if options:
            bad = rng.choice(options)
            return sentence[: m.start()] + bad + sentence[m.end() :], m.start(), w, bad
    return None


class LT:
    """Real-word-like LanguageTool matches: one word replaced by another word."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/") + "/v2/check"

    def check(self, text: str) -> list[tuple[int, int, str]]:
        data = urllib.parse.urlencode({"text": text, "language": "en-US"}).encode()
        with urllib.request.urlopen(self.url, data, timeout=60) as r:
            matches = json.load(r)["matches"]
        out = []
        for m in matches:
            s, e = m["offset"], m["offset"] + m["length"]
            orig = text[s:e]
            reps = [r["value"] for r in m["replacements"]]
            if m["rule"]["id"].startswith("MORFOLOGIK") or not reps:
                continue
            if orig.isalpha() and reps[0].isalpha() and reps[0].lower() != orig.lower():
                out.append((s, e, reps[0]))
        return out


def ours(engine):
    def check(text):
        return [
            (f.start, f.end, f.replacements[0], f.confidence, f.rule)
            for f in engine.check(Document.from_text(text))
            if f.replacements
        ]

    return check


def run_injected(check, items, label, calib=None):
    tp = fixed = flagged = 0
    by_kind = defaultdict(lambda: [0, 0])
    for text, start, good, bad, kind in items:
        found = check(text)
        flagged += len(found)
        hit = [f for f in found if f[0] == start and f[1] == start + len(bad)]
        by_kind[kind][1] += 1
        if hit:
            tp += 1
            by_kind[kind][0] += 1
            fixed += hit[0][2].lower() == good
        if calib is not None:
            for f in found:
                right = f[0] == start and f[2].lower() == good
                calib.append((f[3], right, f[4]))
            SWEEP["hits"].append(max((f[3] for f in hit), default=None))
            SWEEP["found"].extend((f[3], f in hit) for f in found)
    n = len(items)
    print(
        f"[{label}] injected n={n} flagged={flagged} TP={tp} "
        f"precision={tp / max(flagged, 1):.3f} recall={tp / max(n, 1):.3f} "
        f"correct-fix={fixed / max(tp, 1):.3f} "
        + " ".join(f"recall[{k}]={a / max(b, 1):.3f}" for k, (a, b) in sorted(by_kind.items()))
    )


SWEEP: dict[str, list] = {"hits": [], "found": [], "clean": [], "words": [0]}


def run_clean(check, sentences, label):
    words = flags = 0
    examples = []
    for s in sentences:
        words += len(s.split())
        found = check(s)
        flags += len(found)
        SWEEP["clean"].extend(f[3] for f in found if len(f) > 3)
        examples.extend((s[f[0] : f[1]], f[2], s[max(0, f[0] - 40) : f[1] + 30]) for f in found)
    SWEEP["words"][0] = words
    print(f"[{label}] clean words={words} false={flags} per1000={1000 * flags / max(words, 1):.3f}")
    return examples


def run_holbrook(check, label):
    path = DATA / "spelling_mitton" / "holbrook_sentences.tsv"
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    n_err = tp = fixed = flagged = 0
    for row in rows:
        errs = {}
        edits = (
            row["edits(err->target; R=real-word)"]
            if "edits(err->target; R=real-word)" in row
            else list(row.values())[-1]
        )
        all_err = set()
        for e in (edits or "").split(";"):
            e = e.strip()
            if "->" not in e:
                continue
            src, _, tgt = e.partition("->")
            real = tgt.endswith(" R")
            tgt = tgt.removesuffix(" R").strip()
            all_err.add(src.strip().lower())
            if real:
                errs[src.strip().lower()] = tgt.lower()
        n_err += len(errs)
        for f in check(row["source_with_errors"]):
            w = row["source_with_errors"][f[0] : f[1]].lower()
            flagged += 1
            if w in errs:
                tp += 1
                fixed += f[2].lower() == errs[w]
    print(
        f"[{label}] holbrook real-word errors={n_err} flagged={flagged} TP={tp} "
        f"precision={tp / max(flagged, 1):.3f} recall={tp / max(n_err, 1):.3f} "
        f"correct-fix={fixed / max(tp, 1):.3f}"
    )


def run_nus(check, label, split):
    folder = DATA / "confusables" / "nus_cs4248_confusable_sentences"
    for f in sorted(folder.glob(f"*.{'train' if split == 'dev' else 'test'}")):
        a, b = f.stem.split("_")
        answers = {}
        if split == "test":
            for line in f.with_suffix(".answer").read_text().splitlines():
                k, _, v = line.partition("\t")
                answers[k] = v.strip()
        n = caught = fixed = false = 0
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, sent = line.partition("\t")
            m = re.search(r">>\s*(\w*)\s*<<", sent)
            if not m:
                continue
            right = m.group(1) or answers.get(key, "")
            if right not in (a, b):
                continue
            wrong = b if right == a else a
            pre = sent[: m.start()]
            post = sent[m.end() :]
            for word, is_error in ((right, False), (wrong, True)):
                text = pre + word + post
                hits = [x for x in check(text) if x[0] == len(pre)]
                if is_error:
                    n += 1
                    caught += bool(hits)
                    fixed += bool(hits) and hits[0][2].lower() == right
                else:
                    false += bool(hits)
        print(
            f"[{label}] nus {f.stem}.{split} n={n} recall={caught / max(n, 1):.3f} "
            f"fix={fixed / max(caught, 1):.3f} false-on-correct={false / max(n, 1):.3f}"
        )


def sweep_table() -> None:
    """The operating curve: what each reporting threshold would give (dev only)."""
    hits, found, clean = SWEEP["hits"], SWEEP["found"], SWEEP["clean"]
    words = SWEEP["words"][0]
    print("threshold sweep (injected precision / recall, false per 1,000 clean words)")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.96):
        rec = sum(1 for h in hits if h is not None and h >= t) / max(len(hits), 1)
        kept = [ok for c, ok in found if c >= t]
        prec = sum(kept) / max(len(kept), 1)
        fp = 1000 * sum(1 for c in clean if c >= t) / max(words, 1)
        print(f"  >= {t:.2f}: P {prec:.3f} R {rec:.3f} false/1k {fp:.3f}")


def calibration_table(calib):
    bins = [(0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8)]
    bins += [(0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]
    print("calibration (confidence bin: findings, share right)")
    for lo, hi in bins:
        xs = [r for c, r, _ in calib if lo <= c < hi]
        if xs:
            print(f"  [{lo:.2f},{min(hi, 1):.2f}) n={len(xs)} right={sum(xs) / len(xs):.3f}")
    by_rule = defaultdict(lambda: [0, 0])
    for _, r, rule in calib:
        by_rule[
            rule.split(".")[0] + ("." + rule.split(".")[1] if rule.endswith("context") else ".sets")
        ][0] += r
        by_rule[
            rule.split(".")[0] + ("." + rule.split(".")[1] if rule.endswith("context") else ".sets")
        ][1] += 1
    for k, (a, b) in by_rule.items():
        print(f"  {k}: n={b} right={a / b:.3f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--lt", default="")
    ap.add_argument("--split", default="dev", choices=["dev", "test"])
    ap.add_argument("--part", default="all", choices=["all", "sets", "model"])
    ap.add_argument("--show", type=int, default=0, help="print N false suggestions")
    ap.add_argument("--cut", type=float, help="report the model from this probability")
    ap.add_argument(
        "--calibrate",
        action="store_true",
        help="report the model from 0.2 up, for the calibration table (not the shipped cut)",
    )
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print("benchmark data not found at", DATA)
        return 1
    from wordfreq import zipf_frequency

    rng = random.Random(args.seed)
    sentences = dev_sentences() if args.split == "dev" else test_sentences()
    rng.shuffle(sentences)
    inj_src, clean = sentences[: args.n], sentences[args.n : 2 * args.n]
    confusions = confusion_map()
    items = []
    for i, s in enumerate(inj_src):
        kind = "confusable" if i % 2 else "typo"
        r = inject(s, rng, kind, confusions, lambda w: zipf_frequency(w, "en"))
        if r:
            items.append((*r[:1], r[1], r[2], r[3], kind))
    engine = RealWordEngine(use_model=args.part != "sets")
    if args.part == "model":
        engine._sets = []
    t = time.perf_counter()
    _ = engine.model if args.part != "sets" else None
    if args.calibrate:
        engine.model.report_at = 0.2
    elif args.cut is not None:
        engine.model.report_at = args.cut
    _ = engine.sets
    print(f"load {time.perf_counter() - t:.2f}s; notes: {engine.notes}")
    checkers = [("copyedit", ours(engine))]
    if args.lt:
        checkers.append(("languagetool", LT(args.lt).check))
    for label, check in checkers:
        calib = [] if label == "copyedit" else None
        t = time.perf_counter()
        run_injected(check, items, label, calib)
        ex = run_clean(check, clean, label)
        for e in ex[: args.show if args.split == "dev" else 0]:
            print("   FP", e)
        if args.split == "dev":
            run_holbrook(check, label)
        run_nus(check, label, args.split)
        print(f"[{label}] time {time.perf_counter() - t:.1f}s")
        if calib:
            calibration_table(calib)
            if args.split == "dev":
                sweep_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
