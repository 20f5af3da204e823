"""The LanguageTool grammar and spelling engine.

Only prose goes to LanguageTool: each paragraph of the document's masked text, so
Markdown code, URLs and HTML are never sent and a paragraph cache works. Paragraphs
already in the cache are not sent again; the rest (of all documents at once) are
checked concurrently. Matches become findings with code-point offsets into the draft.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..checks.loader import builtin_rules_dir
from ..config import Config
from ..document import Document
from ..languagetool import server
from ..languagetool.cache import ParagraphCache, cache_key
from ..languagetool.client import LTClient, LTMatch
from ..languagetool.install import require_installed
from ..languagetool.settings import LTSettings
from ..model import Applicability, Category, Finding, Severity

WORKERS = 4
ACCEPTED_WORDS_FILE = "accepted-words.txt"

_STYLE_CATEGORIES = {
    "STYLE",
    "REDUNDANCY",
    "PLAIN_ENGLISH",
    "WIKIPEDIA",
    "REPETITIONS_STYLE",
    "GENDER_NEUTRALITY",
    "CREATIVE_WRITING",
    "TEXT_ANALYSIS",
    "AMERICAN_ENGLISH_STYLE",
    "MISUSED_TERMS_EU_PUBLICATIONS",
}


@dataclass(frozen=True)
class Kind:
    category: Category
    severity: Severity
    confidence: float
    applicability: Applicability = Applicability.UNSAFE


def classify(m: LTMatch, flagged: str) -> Kind:
    """copyedit's category, severity and confidence for a LanguageTool match."""
    cat, issue = m.category, m.issue
    if cat == "TYPOS" or issue == "misspelling":
        if flagged[:1].isupper():
            # Often a name LanguageTool does not know: shown, never applied unattended
            # (on CWEB/BEA dev such fixes were right 25 times and wrong 570).
            return Kind(Category.SPELLING, Severity.WARNING, 0.5, Applicability.DISPLAY_ONLY)
        return Kind(Category.SPELLING, Severity.ERROR, 0.8)
    if issue == "locale-violation":
        return Kind(Category.SPELLING, Severity.WARNING, 0.7)
    if cat == "PUNCTUATION":
        return Kind(Category.PUNCTUATION, Severity.WARNING, 0.6)
    if cat == "TYPOGRAPHY":
        return Kind(Category.TYPOGRAPHY, Severity.SUGGESTION, 0.5)
    if cat == "CONFUSED_WORDS":
        return Kind(Category.REAL_WORD, Severity.WARNING, 0.6)
    if cat in _STYLE_CATEGORIES or issue in {"style", "register"}:
        return Kind(Category.STYLE, Severity.SUGGESTION, 0.5)
    if issue == "duplication":
        return Kind(Category.GRAMMAR, Severity.ERROR, 0.85)
    if issue == "grammar":
        return Kind(Category.GRAMMAR, Severity.ERROR, 0.7)
    return Kind(Category.GRAMMAR, Severity.WARNING, 0.6)


def load_accepted_words(path: Path) -> set[str]:
    """One word a line; blank lines and ``#`` comments skipped. A missing file is empty."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return set()
    return {w for ln in lines if (w := ln.split("#", 1)[0].strip())}


class AcceptedWords:
    """Words never flagged as misspelt. A lowercase entry accepts any capitalisation;
    one with capitals only that exact spelling."""

    def __init__(self, words: Iterable[str]) -> None:
        words = set(words)
        self.exact = words
        self.any_case = {w for w in words if w == w.lower()}

    def __contains__(self, word: str) -> bool:
        return word in self.exact or word.lower() in self.any_case


class LanguageToolEngine:
    name = "languagetool"

    def __init__(
        self,
        settings: LTSettings,
        url: str | None = None,
        accepted: Iterable[str] = (),
        cache: ParagraphCache | None = None,
        workers: int = WORKERS,
    ) -> None:
        self.settings = settings
        self.url = url or settings.url
        self.accepted = AcceptedWords([*accepted, *settings.accepted_words])
        self.cache = cache or ParagraphCache()
        self.workers = workers
        self.client: LTClient | None = None

    @classmethod
    def from_config(cls, config: Config, url: str | None = None) -> LanguageToolEngine:
        accepted = load_accepted_words(builtin_rules_dir() / ACCEPTED_WORDS_FILE)
        return cls(LTSettings.from_config(config), url=url, accepted=accepted)

    def check(self, doc: Document) -> list[Finding]:
        return self.check_many([doc])[0]

    def check_many(self, docs: Sequence[Document]) -> list[list[Finding]]:
        options = self.settings.options()
        version = self._version()
        fingerprint = options.fingerprint()
        texts: dict[str, str] = {}
        plans: list[list[tuple[int, str]]] = []
        for doc in docs:
            plan = []
            for para in doc.paragraphs:
                text = doc.masked[para.start : para.end]
                key = cache_key(text, version, fingerprint)
                texts[key] = text
                plan.append((para.start, key))
            plans.append(plan)
        results = self.cache.get_many(texts)
        missing = {k: t for k, t in texts.items() if k not in results}
        if missing:
            results.update(self._send(missing, version))
        return [
            self._findings(doc, [(start, results[key]) for start, key in plan])
            for doc, plan in zip(docs, plans, strict=True)
        ]

    def _version(self) -> str:
        if self.url:
            return self._connect(None).version()
        # The version only (no request): the server is checked when something is sent.
        state = server.alive_state()
        if state is not None:
            return state.version
        return require_installed().version

    def _connect(self, version: str | None) -> LTClient:
        if self.client is None:
            if self.url:
                self.client = LTClient(self.url, self.settings.options())
            else:
                state = server.ensure_server(
                    version, self.settings.idle_minutes, warm=self.settings.language
                )
                what = f"the local LanguageTool server (log: {state.log})"
                # ensure_server has just seen it answer
                self.client = LTClient(state.url, self.settings.options(), what, checked=True)
        return self.client

    def _send(self, missing: dict[str, str], version: str) -> dict[str, list[LTMatch]]:
        client = self._connect(version)
        managed = not self.url
        done: dict[str, list[LTMatch]] = {}

        def one(item: tuple[str, str]) -> tuple[str, list[LTMatch]]:
            if managed:
                server.touch()
            key, text = item
            return key, client.check(text)

        try:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                for key, matches in pool.map(one, missing.items()):
                    done[key] = matches
        finally:
            self.cache.put_many(done)
        return done

    def _findings(
        self, doc: Document, paragraphs: list[tuple[int, list[LTMatch]]]
    ) -> list[Finding]:
        out = []
        for offset, matches in paragraphs:
            for m in matches:
                start, end = offset + m.start, offset + m.end
                flagged = doc.text[start:end]
                kind = classify(m, flagged)
                if kind.category is Category.SPELLING and flagged.strip() in self.accepted:
                    continue
                replacements = tuple(r for r in m.replacements if r != flagged)
                out.append(
                    Finding(
                        rule=f"languagetool.{m.rule}",
                        engine=self.name,
                        category=kind.category,
                        severity=kind.severity,
                        start=start,
                        end=end,
                        text=flagged,
                        message=m.message,
                        replacements=replacements,
                        confidence=kind.confidence,
                        applicability=kind.applicability,
                    )
                )
        return out
