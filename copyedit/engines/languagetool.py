"""The LanguageTool grammar and spelling engine.

Only prose goes to LanguageTool: each paragraph of the document's masked text, so
Markdown code, URLs and HTML are never sent and a paragraph cache works. Paragraphs
already in the cache are not sent again; the rest (of all documents at once) are
checked concurrently, and ``cancel`` (Ctrl-C) drops those not yet sent and cuts off
those in flight. Matches become findings with code-point offsets into the draft.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config
from ..document import Document
from ..errors import EngineError
from ..languagetool import server
from ..languagetool.cache import ParagraphCache, cache_key
from ..languagetool.client import LTClient, LTMatch
from ..languagetool.install import require_installed
from ..languagetool.settings import LTSettings
from ..model import Applicability, Category, Finding, Severity
from ..paths import builtin_rules_dir

if TYPE_CHECKING:  # the analysis is imported where a draft is read: a cached re-check reads none
    from ..analysis import spelling

WORKERS = 4
BATCH_CHARS = 20_000
"""Uncached paragraphs go to LanguageTool together, a blank line between them, in
requests of up to this many characters (a longer paragraph goes alone): the server's
work per request is mostly fixed cost, so one request a paragraph cost it twice the
CPU of one an article. Each paragraph's matches are mapped back to it for the cache."""
PARAGRAPH_BREAK = "\n\n"
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


_SPELLER = "MORFOLOGIK_"
"""LanguageTool's dictionary speller: its matches are words it does not know. (Rules
that know a name's spelling, such as 'Dusseldorf' for 'Düsseldorf', are other rules.)"""


def _other_variety(flagged: str, m: LTMatch) -> bool:
    """LanguageTool's speller proposes the other variety's spelling of the same word
    ('defence' -> 'defense', 'organisation' -> 'organization')."""
    from ..analysis.variety import variety

    marked = variety(flagged.lower())
    return marked is not None and any(r.lower() == marked[1] for r in m.replacements[:3])


_NAME_FOLLOWS = re.compile(r"\s+[A-Z]")


def lone_title(rule: str, flagged: str, after: str) -> bool:
    """LanguageTool's capitalisation of an office ('secretary of state', 'president of
    the United States') used alone, not before a name: AP style lowercases it there.
    On clean dev news 15 of its 38 EN_SPECIFIC_CASE matches were such titles, all
    correct as written; before a name ('secretary of state Mike Pompeo') it stays."""
    from ..analysis.lists import OFFICES

    first = flagged.split(maxsplit=1)[0] if flagged.strip() else ""
    return rule == "EN_SPECIFIC_CASE" and first in OFFICES and not _NAME_FOLLOWS.match(after)


_BE_BEFORE = re.compile(r"\b(?:am|is|are|was|were|be|been|being|'s|'re)\s+$", re.IGNORECASE)
_ADVERB_COMPOUND = re.compile(r"(?:well|ill|better|best)\s+\w+$", re.IGNORECASE)


def predicative_compound(flagged: str, replacements: Sequence[str], before: str) -> bool:
    """A hyphen proposed in 'well placed', 'ill prepared' after a form of 'be' ('the
    trust was well placed'): AP and British styles hyphenate such a compound before a
    noun ('a well-placed trust'), not after the verb."""
    return (
        bool(replacements)
        and _ADVERB_COMPOUND.fullmatch(flagged) is not None
        and replacements[0] == re.sub(r"\s+", "-", flagged)
        and _BE_BEFORE.search(before) is not None
    )


def doubled_name(rule: str, flagged: str) -> bool:
    """LanguageTool's word-repeat rule on a capitalised word written twice: a name
    ('Sirhan Sirhan', 'Walla Walla', 'Boutros Boutros-Ghali'), not a slip. A repeated
    ordinary word ('the the', 'The the') has a lower-case half and is still reported."""
    words = flagged.split()
    return (
        rule == "ENGLISH_WORD_REPEAT_RULE"
        and len(words) == 2
        and all(w[:1].isupper() and not w.isupper() for w in words)
        and words[0].lower() not in _FUNCTION_WORDS
    )


_FUNCTION_WORDS = frozenset("the a an and or but of in on at to for is it he she we they".split())


def _speller_kind(verdict: spelling.Judgement, flagged: str) -> Kind:
    """Severity, confidence and applicability of a speller finding ``spelling.judge``
    kept. A fix is a warning, never an error (the speller's 'errors' were right 6 times
    in 55 on the judged dev news), at its measured precision: lower-case fixes matched
    the annotators' edit 81 times in 135 on CWEB/BEA dev (0.60); capitalised fixes were
    right 3 of 3 on the judged news, 0 of 2 on CWEB/BEA. A note (garbled text, 3 of 3
    right) or a guess only shown is never applied."""
    from ..analysis import spelling

    if verdict.verdict == "fix" and verdict.reason == spelling.VARIETY_SLIP:
        # 'behaviour' in an American draft: what the desk's variety asks for, but
        # learners' British spellings were never the annotators' edit on CWEB/BEA.
        return Kind(Category.SPELLING, Severity.WARNING, 0.5, Applicability.UNSAFE)
    if verdict.verdict == "fix":
        return Kind(Category.SPELLING, Severity.WARNING, 0.6, Applicability.UNSAFE)
    if verdict.verdict == "note":
        return Kind(Category.SPELLING, Severity.WARNING, 0.6, Applicability.DISPLAY_ONLY)
    return Kind(Category.SPELLING, Severity.SUGGESTION, 0.4, Applicability.DISPLAY_ONLY)


class AcceptedWords:
    """Words never flagged as misspelt. A lowercase entry accepts any capitalisation;
    one with capitals only that exact spelling."""

    def __init__(self, words: Iterable[str]) -> None:
        words = set(words)
        self.exact = words
        self.any_case = {w for w in words if w == w.lower()}

    def __contains__(self, word: str) -> bool:
        return word in self.exact or word.lower() in self.any_case


@dataclass(frozen=True)
class Batch:
    """Paragraphs of one language sent as one text, a blank line between them."""

    language: str
    keys: tuple[str, ...]
    texts: tuple[str, ...]

    @property
    def text(self) -> str:
        return PARAGRAPH_BREAK.join(self.texts)

    def split(self, matches: Sequence[LTMatch]) -> list[list[LTMatch]]:
        """Each paragraph's matches, offsets into the paragraph. A match that runs into
        or lies in the break between two paragraphs belongs to neither (a paragraph
        checked alone has none) and is dropped."""
        starts, at = [], 0
        for t in self.texts:
            starts.append(at)
            at += len(t) + len(PARAGRAPH_BREAK)
        out: list[list[LTMatch]] = [[] for _ in self.texts]
        for m in matches:
            i = bisect_right(starts, m.start) - 1
            start, end = m.start - starts[i], m.end - starts[i]
            length = len(self.texts[i])
            if end > length:
                continue
            out[i].append(replace(m, start=start, end=end))
        return out


def batches(missing: dict[str, tuple[str, str]], limit: int) -> list[Batch]:
    """The paragraphs (cache key -> (text, language)) in batches of one language of up
    to ``limit`` characters, in the order given."""
    open_: dict[str, tuple[list[str], list[str], int]] = {}
    out: list[Batch] = []
    for key, (text, language) in missing.items():
        keys, texts, size = open_.get(language, ([], [], 0))
        grown = size + len(text) + (len(PARAGRAPH_BREAK) if texts else 0)
        if texts and grown > limit:
            out.append(Batch(language, tuple(keys), tuple(texts)))
            keys, texts, grown = [], [], len(text)
        keys.append(key)
        texts.append(text)
        open_[language] = (keys, texts, grown)
    out.extend(Batch(lang, tuple(k), tuple(t)) for lang, (k, t, _) in open_.items() if t)
    return out


class LanguageToolEngine:
    name = "languagetool"

    def __init__(
        self,
        settings: LTSettings,
        url: str | None = None,
        accepted: Iterable[str] = (),
        cache: ParagraphCache | None = None,
        workers: int = WORKERS,
        batch_chars: int = BATCH_CHARS,
    ) -> None:
        self.settings = settings
        self.url = url or settings.url
        self.accepted = AcceptedWords([*accepted, *settings.accepted_words])
        self.cache = cache or ParagraphCache()
        self.workers = workers
        self.batch_chars = batch_chars
        self._freq: spelling.Frequencies | None = None
        self.clients: dict[str, LTClient] = {}
        """One connection per language checked in ('auto' may need en-US and en-GB)."""
        self._cancelled = threading.Event()
        self._early: Future[server.ServerState | None] | None = None
        """The running local server proved while the paragraphs are prepared (None: it
        was not there, or not well; ``ensure_server`` then sees to it)."""
        self.configured = False
        """Built by ``from_config``: what it answers depends only on what
        ``fingerprint`` names."""

    def _frequencies(self) -> spelling.Frequencies:
        """Offline word counts (read once, when the speller first flags a word)."""
        if self._freq is None:
            from ..realword import ngram

            self._freq = ngram.load()
        return self._freq

    @property
    def client(self) -> LTClient | None:
        """The first connection made (tests count its requests)."""
        return next(iter(self.clients.values()), None)

    def draft_language(self, doc: Document) -> str:
        """The language ``doc`` is checked in (see ``_resolve``)."""
        return self._resolve(doc)[0]

    def _resolve(self, doc: Document) -> tuple[str, bool]:
        """(language, no clear variety). The configured language, or with 'auto' the
        draft's own variety: en-GB for a draft whose US/UK spellings are clearly British
        (``Document.analysis.variety``), else en-US. A British draft checked as American gets every
        'colour' and 'organise' flagged: on 165 British ABC dev stories en-US gave 2,029
        matches, en-GB 1,456. With 'auto' and no clear variety (international copy that
        writes 'defence' beside 'organization') neither variety's spelling is a
        misspelling; mixing is the consistency check's to report."""
        if self.settings.language != "auto":
            return self.settings.language, False
        variety = doc.analysis.variety
        return variety or "en-US", variety is None

    @classmethod
    def from_config(cls, config: Config, url: str | None = None) -> LanguageToolEngine:
        accepted = load_accepted_words(builtin_rules_dir() / ACCEPTED_WORDS_FILE)
        engine = cls(LTSettings.from_config(config), url=url, accepted=accepted)
        engine.configured = True
        return engine

    def fingerprint(self) -> str | None:
        """For the report cache: whose answers these are (``_origin``: the local
        version, or a URL server's identity), the settings, the accepted words and the
        word counts the speller's judgement reads. None for an engine not built from
        the configuration (its cache or server are a test's)."""
        if not self.configured:
            return None
        from ..realword.ngram import cache_path
        from ..recheck_cache import data_key, stat_key

        origin, _ = self._origin()
        words = sorted(self.accepted.exact)
        return repr([origin, repr(self.settings), words, stat_key(cache_path()), data_key()])

    def check(self, doc: Document) -> list[Finding]:
        return self.check_many([doc])[0]

    def check_many(self, docs: Sequence[Document]) -> list[list[Finding]]:
        origin, version = self._origin()
        self._prove_early(version)
        try:
            return self._check_many(docs, origin, version)
        finally:
            self._early = None  # unused (all cached, or an error): the next check proves afresh

    def _check_many(
        self, docs: Sequence[Document], origin: str, version: str | None
    ) -> list[list[Finding]]:
        texts: dict[str, tuple[str, str]] = {}  # cache key -> (paragraph, language)
        plans: list[list[tuple[int, str]]] = []
        resolved = [self._resolve(doc) for doc in docs]
        for doc, (language, _) in zip(docs, resolved, strict=True):
            fingerprint = self.settings.options(language).fingerprint()
            plan = []
            for para in doc.paragraphs:
                text = doc.masked[para.start : para.end]
                key = cache_key(text, origin, fingerprint)
                texts[key] = (text, language)
                plan.append((para.start, key))
            plans.append(plan)
        results = {
            key: matches
            for key, matches in self.cache.get_many(texts).items()
            if all(m.fits(texts[key][0]) for m in matches)  # a damaged row is a miss
        }
        missing = {k: t for k, t in texts.items() if k not in results}
        if missing:
            results.update(self._send(missing, version))
        return [
            self._findings(doc, [(start, results[key]) for start, key in plan], either)
            for doc, plan, (_, either) in zip(docs, plans, resolved, strict=True)
        ]

    def _origin(self) -> tuple[str, str | None]:
        """(whose answers these are, for the cache key; the local version to run).

        A URL server is asked (it must prove it is LanguageTool, and says its version
        and build); the local server's version is known without a request, and the
        server is proved to run it when something is sent."""
        if self.url:
            client = self._connect(None, self.settings.options().language)
            assert client.info is not None
            return f"{client.url} {client.info.key}", None
        state = server.alive_state()
        version = state.version if state is not None else require_installed().version
        return f"local {version}", version

    def _prove_early(self, version: str | None) -> None:
        """Prove the running local server (a look at its processes and two small
        requests, ``client.identify``: 15 ms or more) in a thread while the drafts'
        paragraphs are prepared and looked up in the cache: on a warm check of a new
        draft that proof was on the way to LanguageTool's answer. The early proof never
        starts or stops a server (a check whose paragraphs are all cached needs none, and
        leaves the thread behind); one not found well is left to ``ensure_server`` when a
        request is to be sent."""
        if self.url or self.clients or self._early is not None:
            return
        if server.alive_state() is None:
            return
        language = self.settings.language if self.settings.language != "auto" else "en-US"
        early: Future[server.ServerState | None] = Future()

        def prove() -> None:
            try:
                early.set_result(server.proved_running(version, language))
            except BaseException as exc:  # raised where the state is needed
                early.set_exception(exc)

        self._early = early
        threading.Thread(target=prove, name="languagetool-proof", daemon=True).start()

    def _connect(self, version: str | None, language: str) -> LTClient:
        if language not in self.clients:
            options = self.settings.options(language)
            if self.url:
                self.clients[language] = LTClient(self.url, options)
            else:
                early, self._early = self._early, None
                state = early.result() if early is not None else None
                if state is None:
                    state = server.ensure_server(
                        version,
                        self.settings.idle_minutes,
                        warm=language,
                        heap_mb=self.settings.heap_mb,
                    )
                what = f"the local LanguageTool server (log: {state.log})"
                # ensure_server has just seen it prove itself
                self.clients[language] = LTClient(state.url, options, what, checked=True)
        return self.clients[language]

    def cancel(self) -> None:
        """Stop at once (Ctrl-C): requests in flight are cut off, none is sent after."""
        self._cancelled.set()
        for client in list(self.clients.values()):
            client.abort()

    def _send(
        self, missing: dict[str, tuple[str, str]], version: str | None
    ) -> dict[str, list[LTMatch]]:
        clients = {lang: self._connect(version, lang) for _, lang in missing.values()}
        managed = not self.url
        done: dict[str, list[LTMatch]] = {}

        def one(batch: Batch) -> list[tuple[str, list[LTMatch]]]:
            if self._cancelled.is_set():
                raise EngineError("LanguageTool check interrupted")
            if managed:
                server.touch()
            matches = clients[batch.language].check(batch.text)
            return list(zip(batch.keys, batch.split(matches), strict=True))

        pool = ThreadPoolExecutor(max_workers=self.workers)
        try:
            for answers in pool.map(one, batches(missing, self.batch_chars)):
                done.update(answers)
        except BaseException:
            self.cancel()  # an error or Ctrl-C: the rest would be wasted waiting
            raise
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            self.cache.put_many(done)  # validated answers only
        return done

    def _findings(
        self, doc: Document, paragraphs: list[tuple[int, list[LTMatch]]], either: bool = False
    ) -> list[Finding]:
        """``either``: the draft has no clear variety, so neither spelling is a misspelling."""
        from ..analysis import spelling
        from ..analysis.variety import variety_forms

        out = []
        policy = spelling.load_policy()
        foreign = spelling.foreign_sentences(
            doc.analysis.sentences,
            [t.start for t in doc.analysis.tokens],
            [o + m.start for o, ms in paragraphs for m in ms if m.rule.startswith(_SPELLER)],
            policy,
        )
        for offset, matches in paragraphs:
            for m in matches:
                start, end = offset + m.start, offset + m.end
                if any(s.start <= start < s.end for s in foreign):
                    continue  # not English: LanguageTool's English rules say nothing of it
                flagged = doc.text[start:end]
                kind = classify(m, flagged)
                if kind.category is Category.SPELLING and flagged.strip() in self.accepted:
                    continue
                if policy.dropped(m.rule):
                    continue  # a family off for news copy (data/spelling.toml)
                if either and m.rule in policy.one_variety_rules:
                    continue  # 'per cent' in a draft of no clear variety
                replacements = tuple(r for r in m.replacements if r != flagged)
                if m.rule.startswith(_SPELLER):
                    checked = "en-GB" if m.rule.endswith("_GB") else "en-US"
                    other = _other_variety(flagged, m) or spelling.other_variety(
                        flagged, checked, variety_forms()
                    )
                    verdict = spelling.judge(
                        doc.masked,  # prose only: a word in code is no use of it
                        start,
                        end,
                        m.replacements,
                        self._frequencies(),
                        policy,
                        other_spelling=other,
                        variety_clear=not either,
                    )
                    if verdict.verdict == "drop":
                        continue
                    kind = _speller_kind(verdict, flagged)
                    replacements = verdict.replacements
                if lone_title(m.rule, flagged, doc.masked[end : end + 3]):
                    continue
                if doubled_name(m.rule, flagged):
                    continue
                if predicative_compound(
                    flagged, replacements, doc.masked[max(0, start - 12) : start]
                ):
                    continue
                if spelling.in_credit(doc.masked, start, policy):
                    continue  # a caption's credit ('Image: C.Suthorn.') is a name, not prose
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
