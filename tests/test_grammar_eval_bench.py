"""The grammar benchmark's article injections, on hand-made sentences (no benchmark data):
an article deleted before a singular noun, "a" put before an uncountable one, both only
in the pass of their own, and the engine's finding restores the clean text."""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import grammar_eval as ge  # noqa: E402

from copyedit.document import Document  # noqa: E402
from copyedit.engines.grammar import GrammarEngine  # noqa: E402
from copyedit.grammar import lexicon as lx  # noqa: E402
from copyedit.grammar import nlp, rules  # noqa: E402


def _inject(text: str, only):
    doc = Document.from_text(text, format="text")
    sents = list(doc.analysis.sentences)
    parsed = list(nlp.parse(doc.analysis.text[s.start : s.end] for s in sents))
    return ge.inject(doc.text, parsed, sents, lx, rules, Counter(), random.Random(1), only)


def test_article_injections_come_only_in_their_own_pass():
    text = "The minister said he had received the letter from the ambassador.\n"
    _, first_pass = _inject(text, None)
    assert all(inj.family not in ge.SEPARATE for inj, _ in first_pass)
    bad, second = _inject(text, ge.SEPARATE)
    ((inj, _),) = second
    assert inj.family == "article-missing" and inj.original in ("The ", "the ")
    assert bad in (
        "The minister said he had received letter from the ambassador.\n",
        "The minister said he had received the letter from ambassador.\n",
    )


def test_an_uncountable_noun_gets_an_article_and_the_engine_takes_it_out():
    text = "The ministry gave useful information to the press on Monday.\n"
    sent = next(nlp.parse([text.strip()]))
    sites = ge.sites(sent, 0, lx, rules)
    (extra,) = sites["article-extra"]
    assert (extra.original, extra.wrong) == ("", "a ")
    bad = text[: extra.start] + extra.wrong + text[extra.start :]
    assert bad == "The ministry gave a useful information to the press on Monday.\n"
    doc = Document.from_text(bad, format="text")
    (f,) = GrammarEngine().check(doc)
    assert f.rule == "grammar.article-extra"
    assert doc.text[: f.start] + f.replacements[0] + doc.text[f.end :] == text
