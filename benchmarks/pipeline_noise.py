"""What the whole of copyedit shows an editor on clean, published news (dev splits).

Runs the real pipeline, the engines and defaults of ``copyedit check`` (house rules,
readability, consistency, real-word and LanguageTool through a server), over edited
news prose from the *dev* splits of ../shared/benchmarks:

* Wikinews 2019 articles (``clean_prose/wikinews_vanatteveldt/wikinews_2019.csv``),
* Brown news (``clean_prose/derived/brown_news.txt``),
* MASC newspaper (``clean_prose/derived/masc_newspaper_essays_govt.txt``, genre newspaper).

Brown and MASC come one sentence a line; their samples are cut into article-sized
documents (about ``--doc-words`` words, paragraphs of a few sentences). The copy is
published and edited, so nearly every finding is a false alarm: the "cries wolf" rate
an editor sees. Prints findings per 1,000 words in total and by engine, category,
severity and applicability; the top rules with an example each; and the edits that
``copyedit fix --accept safe`` would make unasked, with the rules behind them.

Example::

    .venv/bin/python benchmarks/pipeline_noise.py --lt-url http://localhost:8190
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from lt_false_alarms import DEFAULT_DATA, Doc, derived_sentences, load_wikinews, take_words
from ltbench import DEFAULT_URL

from copyedit.cli import build_engines
from copyedit.config import Config
from copyedit.document import Document
from copyedit.fixes import fix_document
from copyedit.model import Applicability, Finding
from copyedit.pipeline import FileReport, check_documents

SOURCES = ("wikinews_2019", "brown_news", "masc_newspaper")
PARAGRAPH_WORDS = 60
"""A paragraph of the one-sentence-a-line sources ends once it has this many words."""


def join_sentences(sentences: Iterable[str]) -> list[str]:
    """Sentences as they read in running text: a line that starts with punctuation
    (a sentence splitter's cut, as in ``Fiction?`` / ``, probably``) joins the last, and
    so does one after Brown's ``;;`` (a semicolon the corpus split a sentence at)."""
    out: list[str] = []
    for s in sentences:
        if out and out[-1].endswith(";;"):
            out[-1] = out[-1][:-1] + (" " + s if s else "")
        elif out and s[:1] in ",;:.)]":
            out[-1] += s
        elif s:
            out.append(s)
    return out


def articles(source: str, name: str, sentences: list[str], doc_words: int) -> list[Doc]:
    """Article-sized documents of paragraphs (blank-line separated) from sentences."""
    docs: list[Doc] = []
    paras: list[str] = []
    para: list[str] = []
    words = 0

    def close_doc() -> None:
        nonlocal paras, words
        if paras:
            docs.append(Doc(source, f"{name}#{len(docs) + 1}", "\n\n".join(paras) + "\n"))
        paras, words = [], 0

    for s in join_sentences(sentences):
        para.append(s)
        words += len(s.split())
        if sum(len(p.split()) for p in para) >= PARAGRAPH_WORDS:
            paras.append(" ".join(para))
            para = []
            if words >= doc_words:
                close_doc()
    if para:
        paras.append(" ".join(para))
    close_doc()
    return docs


def load_sources(data: Path, doc_words: int) -> dict[str, list[Doc]]:
    derived = data / "clean_prose" / "derived"
    wiki = load_wikinews(data / "clean_prose" / "wikinews_vanatteveldt" / "wikinews_2019.csv")
    out = {"wikinews_2019": [Doc(d.source, d.name, d.text + "\n") for d in wiki]}
    for source, path, genres in (
        ("brown_news", derived / "brown_news.txt", ()),
        ("masc_newspaper", derived / "masc_newspaper_essays_govt.txt", ("newspaper",)),
    ):
        out[source] = [
            doc
            for name, sents in derived_sentences(path, genres).items()
            for doc in articles(source, name.rsplit("/", 1)[-1], sents, doc_words)
        ]
    return out


def context(text: str, f: Finding, width: int = 40) -> str:
    """The flagged span in brackets with text either side, on one line."""
    span = text[f.start : f.end]
    if len(span) > 60:
        span = span[:28] + " ... " + span[-27:]
    fix = f" -> {f.replacements[0]!r}" if f.replacements else ""
    snippet = f"{text[max(0, f.start - width) : f.start]}[{span}]{text[f.end : f.end + width]}"
    return " ".join(snippet.split()) + fix


def per_1k(n: int, words: int) -> str:
    return f"{1000 * n / max(words, 1):6.2f}"


def print_counts(title: str, counts: Counter[str], words: int) -> None:
    print(f"{title}:")
    for key, n in counts.most_common():
        print(f"  {key:28} {n:6} {per_1k(n, words)}/1k")


def tally(
    reports: list[FileReport], key: Callable[[Finding], str], which=lambda f: True
) -> Counter[str]:
    return Counter(key(f) for r in reports for f in r.findings if which(f))


def safe_edits(report: FileReport) -> list[Finding]:
    """The findings whose edits ``copyedit fix --accept safe`` applies."""
    by_edit = {f.edit(): f for f in report.findings if f.edit() is not None}
    result = fix_document(report.doc, report.findings, Applicability.SAFE)
    return [by_edit[e] for e in result.applied]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lt-url", default=DEFAULT_URL, help="LanguageTool server URL")
    ap.add_argument("--no-languagetool", action="store_true", help="skip LanguageTool")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared/benchmarks folder")
    ap.add_argument("--limit", type=int, default=0, help="documents per source (0 = all)")
    ap.add_argument("--max-words", type=int, default=0, help="words per source (0 = all)")
    ap.add_argument("--doc-words", type=int, default=500, help="words per Brown/MASC document")
    ap.add_argument("--top", type=int, default=25, help="rules to show")
    ap.add_argument("-v", "--verbose", action="store_true", help="every finding, with context")
    args = ap.parse_args(argv)

    sources = load_sources(args.data, args.doc_words)
    docs: list[Doc] = []
    for name in SOURCES:
        chosen = sources[name][: args.limit] if args.limit else sources[name]
        docs.extend(take_words(chosen, args.max_words))
    engines = build_engines(Config(), not args.no_languagetool, args.lt_url)
    started = time.time()
    reports = check_documents(
        [Document.from_text(d.text, path=f"{d.source}/{d.name}") for d in docs], engines
    )
    seconds = time.time() - started
    words = sum(d.words for d in docs)
    total = sum(len(r.findings) for r in reports)

    if args.verbose:
        for r in reports:
            for f in r.findings:
                print(f"{r.doc.path}:{f.line}:{f.column} {f.rule} {context(r.doc.text, f)}")
        print()

    print(
        f"copyedit check (engines: {', '.join(e.name for e in engines)}) on clean dev news: "
        f"{len(docs)} documents, {words} words, {total} findings = "
        f"{1000 * total / max(words, 1):.2f} per 1,000 words ({seconds:.0f} s)"
    )
    for name in SOURCES:
        chosen = [r for r, d in zip(reports, docs, strict=True) if d.source == name]
        n = sum(len(r.findings) for r in chosen)
        w = sum(d.words for d in docs if d.source == name)
        print(f"  {name:18} {len(chosen):4} docs {w:7} words {n:6} findings {per_1k(n, w)}/1k")
    print()
    print_counts("by engine", tally(reports, lambda f: f.engine), words)
    print_counts("by category", tally(reports, lambda f: f.category.value), words)
    print_counts("by severity", tally(reports, lambda f: f.severity.value), words)
    print_counts("by applicability", tally(reports, lambda f: f.applicability.value), words)
    print()

    rules = tally(reports, lambda f: f.rule)
    example: dict[str, str] = {}
    for r in reports:
        for f in r.findings:
            example.setdefault(f.rule, context(r.doc.text, f, 30))
    by_source = Counter(
        (f.rule, d.source) for r, d in zip(reports, docs, strict=True) for f in r.findings
    )
    print(f"top {args.top} rules (n by source: wikinews/brown/masc):")
    print(f"  {'rule':44} {'n':>5} {'/1k':>6} {'w/b/m':>11}  example")
    for rule, n in rules.most_common(args.top):
        split = "/".join(str(by_source[rule, s]) for s in SOURCES)
        print(f"  {rule:44} {n:5} {per_1k(n, words)} {split:>11}  {example[rule][:110]}")
    print()

    edits = [(r, f) for r in reports for f in safe_edits(r)]
    print(
        f"copyedit fix --accept safe: {len(edits)} edits = "
        f"{1000 * len(edits) / max(words, 1):.2f} per 1,000 words of published copy"
    )
    by_rule = Counter(f.rule for _, f in edits)
    for rule, n in by_rule.most_common():
        print(f"  {rule:44} {n:5} {per_1k(n, words)}/1k")
    limit = None if args.verbose else 20
    for r, f in edits[:limit]:
        print(f"    {r.doc.path} {f.rule}: {context(r.doc.text, f, 30)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
