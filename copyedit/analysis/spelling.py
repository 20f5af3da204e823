"""Which of a dictionary speller's unknown words are worth an editor's time.

A speller flags every word it does not know; on published news most of them are
names, species names, trade words and foreign words, and its guesses for them
('Werribee' -> 'Terrible') are nonsense. These pure functions decide, from the draft
and offline word frequencies, what becomes of one unknown word:

- ``drop``: the draft's own term (written twice or more, in any case), the second
  half of a species name, another form of a candidate word ('Institut', 'Cité'), a capitalised word with no evidence of a slip, a
  brand's capital inside a word ('eLibrary'), a lower-case word with no close, common
  and far more frequent candidate;
- ``note``: garbled text (an unrendered entity, a word glued to a fragment), shown
  with no replacement;
- ``show``: a candidate more frequent, shown but not applied;
- ``fix``: a close candidate far more frequent than the word, or one the draft itself
  uses ('Megallanic' in a draft that writes 'Magellanic'; 'Myanma' beside 'Myanmar').

The thresholds and word lists are data: ``data/spelling.toml``.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from ..model import Region
from .lists import title_words
from .names import _SENTENCE_START, in_name_run
from .runs import WORD_OR_HYPHEN, run_starts
from .variety import variety

DATA = Path(__file__).with_name("data") / "spelling.toml"
VARIETY_SLIP = "the other variety's spelling"
"""The reason of a fix that turns the other variety's spelling into the draft's."""


@dataclass(frozen=True)
class Policy:
    unseen: float
    fix: float
    fix_capitalised: float
    show: float
    common: float
    max_edits: int
    long_word: int
    long_edits: int
    per_letters: int
    min_name: int
    min_fix: int
    short_word: int
    latin_endings: tuple[str, ...]
    min_part: int
    min_fragment: int
    affixes: frozenset[str]
    credit_labels: tuple[str, ...]
    foreign_min_unknown: int
    foreign_share: float
    prefixes: tuple[str, ...]
    form_attested: float
    form_letters: int
    form_stem: int
    one_variety_rules: frozenset[str]
    dropped_rule_prefixes: dict[str, str]
    """Rule-id prefix -> why that family is off for news copy."""

    def dropped(self, rule: str) -> bool:
        return rule.startswith(tuple(self.dropped_rule_prefixes))


@lru_cache(maxsize=2)
def load_policy(path: Path = DATA) -> Policy:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    freq, close, glued = data["frequency"], data["closeness"], data["glued"]
    return Policy(
        unseen=float(freq["unseen"]),
        fix=float(freq["fix"]),
        fix_capitalised=float(freq["fix_capitalised"]),
        show=float(freq["show"]),
        common=float(freq["common"]),
        max_edits=int(close["max_edits"]),
        long_word=int(close["long_word"]),
        long_edits=int(close["long_edits"]),
        per_letters=int(close["per_letters"]),
        min_name=int(close["min_name"]),
        min_fix=int(close["min_fix"]),
        short_word=int(close["short_word"]),
        latin_endings=tuple(sorted(data["latin"]["endings"], key=len, reverse=True)),
        min_part=int(glued["min_part"]),
        min_fragment=int(glued["min_fragment"]),
        affixes=frozenset(glued["affixes"]),
        credit_labels=tuple(data["credits"]["labels"]),
        foreign_min_unknown=int(data["foreign"]["min_unknown"]),
        foreign_share=float(data["foreign"]["share"]),
        prefixes=tuple(sorted(data["prefixes"]["swap"], key=len, reverse=True)),
        form_attested=float(data["forms"]["attested"]),
        form_letters=int(data["forms"]["max_letters"]),
        form_stem=int(data["forms"]["min_stem"]),
        one_variety_rules=frozenset(data["variety"]["one_variety_rules"]),
        dropped_rule_prefixes=dict(data["dropped_rule_prefixes"]),
    )


class Frequencies(Protocol):
    """Offline word counts (``copyedit.realword.ngram``)."""

    def unigram_logp(self, word: str) -> float: ...
    def in_dictionary(self, word: str) -> bool: ...


@dataclass(frozen=True)
class Judgement:
    verdict: str
    """'drop', 'note', 'show' or 'fix'."""
    reason: str
    replacements: tuple[str, ...] = ()


_BRACKETED = re.compile(r"\[(\w{1,3})\]$")
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+);?|\ufffd")
_NAME_FOLLOWS = re.compile(r"\s+[A-Z]")
_WORDS = re.compile(r"\w[\w'’-]*")


def whole_word(text: str, start: int, end: int) -> str:
    """The flagged word with an editor's bracketed letters before it put back:
    '[S]evengill' is 'Sevengill'."""
    m = _BRACKETED.search(text[max(0, start - 6) : start])
    return (m.group(1) if m else "") + text[start:end]


def uses(text: str, word: str) -> int:
    """How often the draft writes ``word``, in any case, as a whole word (bracketed
    editorial letters joined: '[S]evengill' counts as 'sevengill')."""
    joined = _joined(text)
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
    if WORD_OR_HYPHEN.fullmatch(word) and _FOLDS is not None:
        # Each match is a whole run: count the draft's runs that fold as the word does.
        forms = _folded_runs(joined).get(fold_case(word), {})
        return sum(n for form, n in forms.items() if pattern.fullmatch(form))
    return sum(1 for _ in pattern.finditer(joined))


def written_as_name(text: str, word: str) -> bool:
    """The draft writes ``word`` with its capital somewhere other than a sentence's
    start ('the Magellanic penguin'): its name for something, not a common word
    ('Many' opening a sentence)."""
    if not word[:1].isupper():
        return False
    if WORD_OR_HYPHEN.fullmatch(word):  # each match is a whole run: where the draft has it
        starts: Iterable[int] = run_starts(text, WORD_OR_HYPHEN).get(word, ())
    else:
        starts = (m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))
    return any(not _SENTENCE_START.search(text[max(0, s - 6) : s]) for s in starts)


# The draft read once for the questions above, asked for each unknown word: a long draft
# has thousands, and a pass over the whole draft for each would be quadratic.
@lru_cache(maxsize=8)
def _joined(text: str) -> str:
    return re.sub(r"\[(\w{1,3})\](?=\w)", r"\1", text)


@lru_cache(maxsize=8)
def _folded_runs(text: str) -> dict[str, dict[str, int]]:
    """The runs of ``WORD_OR_HYPHEN`` in ``text`` by ``fold_case``: each form written and
    how often."""
    out: dict[str, dict[str, int]] = {}
    for form, starts in run_starts(text, WORD_OR_HYPHEN).items():
        out.setdefault(fold_case(form), {})[form] = len(starts)
    return out


def _case_folds() -> dict[str, str] | None:
    """Characters ``re.IGNORECASE`` matches to one another beyond lower case (s and long
    s, the Greek sigmas, ...) -> one of them; None if this Python does not say."""
    from re import _compiler  # type: ignore[attr-defined]

    extra = getattr(_compiler, "_EXTRA_CASES", None)
    if not isinstance(extra, dict):
        return None
    return {chr(c): chr(min((c, *others))) for c, others in extra.items()}


_FOLDS = _case_folds()


def fold_case(word: str) -> str:
    """``word`` as ``re.IGNORECASE`` compares it, one character for one: two strings of
    the same length match case-insensitively exactly when they fold alike. (Its lower
    case, 'İ' as 'i' as the regex engine lowers it, then ``_FOLDS``.)"""
    assert _FOLDS is not None
    low = word.replace("\u0130", "i").lower()
    return "".join(_FOLDS.get(c, c) for c in low) if not low.isascii() else low


def garbled_markup(word: str) -> bool:
    """An unrendered entity or a replacement character inside a word ('Jos&eacute')."""
    return _ENTITY.search(word) is not None


def latin_epithet(text: str, start: int, word: str, policy: Policy) -> bool:
    """A lower-case word right after a capitalised one, with a Latin ending: the second
    half of a species name ('Amblyornis flavifrons')."""
    before = re.search(r"([A-Z][a-z]{2,}) $", text[max(0, start - 40) : start])
    return (
        before is not None
        and word.islower()
        and word.isalpha()
        and word.endswith(policy.latin_endings)
    )


def foreign_sentences(
    sentences: Sequence[Region], words: Sequence[int], unknown: Sequence[int], policy: Policy
) -> list[Region]:
    """The sentences not in English: those where the speller's unknown words (their
    start offsets, ``unknown``) are at least ``foreign_min_unknown`` and at least
    ``foreign_share`` of the sentence's words (the start offsets of all its words,
    ``words``, sorted)."""
    marks = sorted(unknown)
    out = []
    for s in sentences:
        n_unknown = bisect_left(marks, s.end) - bisect_left(marks, s.start)
        if n_unknown < policy.foreign_min_unknown:
            continue
        n_words = bisect_left(words, s.end) - bisect_left(words, s.start)
        if n_unknown >= policy.foreign_share * n_words:
            out.append(s)
    return out


CREDIT_REACH = 40
"""How far after a credit label ('Image:') a credit's name may run."""


def in_credit(text: str, start: int, policy: Policy) -> bool:
    """The word follows a credit label closely, on its line ('Image: mia! (flickr)'):
    within ``CREDIT_REACH`` characters, so the prose after a credit is prose again."""
    line = text[max(text.rfind("\n", 0, start) + 1, start - CREDIT_REACH) : start]
    return _credit_label(policy.credit_labels).search(line) is not None


@lru_cache(maxsize=4)
def _credit_label(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A credit label ('Image:') in a line, built once per label list."""
    return re.compile(rf"(?:^|[\s(\[])(?:{'|'.join(re.escape(x) for x in labels)}):\s")


def prefix_swap(word: str, candidate: str, freq: Frequencies, policy: Policy) -> bool:
    """The candidate puts one prefix in place of another on the same stem, itself a
    word ('destocking' / 'restocking'): another word, not a slip's correction (unlike
    'preceeded' / 'proceeded')."""
    a, b = word.lower(), candidate.lower()
    for p in policy.prefixes:
        if not a.startswith(p):
            continue
        stem = a[len(p) :]
        if (
            len(stem) >= 4
            and any(b == q + stem for q in policy.prefixes if q != p)
            and freq.in_dictionary(stem)
        ):
            return True
    return False


def other_form(word: str, candidate: str, freq: Frequencies, policy: Policy) -> bool:
    """The candidate is another form of the word, not its correction: the word without
    its accents ('Cité' / 'Cite'), or an attested word cut short or extended by a letter
    or two ('Institut' / 'Institute', 'bubbler' / 'bubble'), unless by a doubled letter
    ('untill' / 'until')."""
    if candidate != word and _strip_accents(word) == candidate:
        return True
    a, b = word.lower(), candidate.lower()
    short, long = sorted((a, b), key=len)
    if (
        not 1 <= len(long) - len(short) <= policy.form_letters
        or not long.startswith(short)
        or len(short) < policy.form_stem
        or long[len(short)] == short[-1]  # a doubled letter: 'untill', 'controll'
    ):
        return False
    return freq.unigram_logp(a) >= policy.form_attested


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def glued(word: str, draft_words: frozenset[str], freq: Frequencies, policy: Policy) -> bool:
    """A common word of the draft's (or its plural) glued to a fragment that is no word
    and no ending ('-ing', '-esque'): 'shortagember' (shortage + mber), 'Septelettuce'
    (Septe + lettuce); not 'fullbacking' or 'Yekaterinburgers'."""
    low = word.lower()
    if not low.isalpha():
        return False
    for i in range(policy.min_fragment, len(low) - policy.min_fragment + 1):
        for part, rest in ((low[:i], low[i:]), (low[i:], low[:i])):
            if len(part) < policy.min_part or len(rest) < policy.min_fragment:
                continue
            in_draft = part in draft_words or part + "s" in draft_words
            if in_draft and rest not in policy.affixes and not freq.in_dictionary(rest):
                return True
    return False


def edits(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and a
    swap of two neighbours ('recieve', 'teh') each count one."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def close(word: str, candidate: str, policy: Policy, name: bool | None = None) -> bool:
    """One edit apart, or up to ``long_edits`` for a word of ``long_word`` letters or
    more; a capitalised word at most one edit per ``per_letters`` letters (names sit a
    letter or two from many words)."""
    d = edits(word.lower(), candidate.lower())
    limit = policy.long_edits if len(word) >= policy.long_word else policy.max_edits
    if d > limit:
        return False
    if name is None:
        name = word[:1].isupper()
    return not name or d * policy.per_letters <= len(word)


def other_variety(word: str, checked: str, forms: dict[str, frozenset[str]]) -> bool:
    """The word, or a part of a hyphenated one, is the other variety's spelling:
    'tumour-fighting', 'ageing' and 'cross-subsidising' checked as American.
    ``forms``: 'US' and 'GB' spellings from LanguageTool's pair list, unfiltered."""
    other = "GB" if checked == "en-US" else "US"
    for part in word.lower().split("-"):
        if part in forms.get(other, frozenset()):
            return True
        marked = variety(part)
        if marked is not None and marked[0] == other:
            return True
    return False


@lru_cache(maxsize=8)
@lru_cache(maxsize=8)
def common_words(text: str) -> frozenset[str]:
    """The words the draft writes in lower case somewhere: its common words, not its
    names ('Kosgei', 'Toronto': a name glued to more letters is another name or a
    handle, 'Jepkosgei', 'torontogroot')."""
    return frozenset(w for w in _WORDS.findall(text) if w.islower())


def _letters(word: str) -> str:
    """The word's letters alone: a candidate that only changes case, a hyphen or an
    apostrophe ('anti-semitism', 'Childs' -> "Child's") is a style call, not a spelling."""
    return re.sub(r"[\W_]", "", word).lower()


def judge(
    text: str,
    start: int,
    end: int,
    replacements: Sequence[str],
    freq: Frequencies,
    policy: Policy,
    *,
    other_spelling: bool = False,
    variety_clear: bool = False,
) -> Judgement:
    """What becomes of the unknown word at ``text[start:end]`` (see the module).

    ``other_spelling``: the word is the other US/UK variety's spelling; in a draft
    whose variety is clear (or set by the desk: ``variety_clear``) that is a slip, fixed
    with LanguageTool's first candidate; otherwise neither spelling is wrong."""
    word = text[start:end]
    if garbled_markup(word):
        return Judgement("note", "garbled markup")
    full = whole_word(text, start, end)
    if full != word and freq.in_dictionary(full.lower()):
        return Judgement("drop", "an editor's bracketed letters complete a word")
    if uses(text, full) >= 2:
        return Judgement("drop", "the draft's own term: written more than once")
    if other_spelling and variety_clear:
        return Judgement("fix", VARIETY_SLIP, tuple(replacements[:1]))
    if other_spelling:
        return Judgement("drop", "the other variety's spelling, in a draft of no clear variety")
    if in_credit(text, start, policy):
        return Judgement("drop", "a name in a credit line")
    if latin_epithet(text, start, word, policy):
        return Judgement("drop", "the second half of a species name")
    if len(word) >= policy.min_part + policy.min_fragment and glued(
        word, common_words(text), freq, policy
    ):
        return Judgement("note", "a word glued to a fragment")
    singles = [
        r
        for r in replacements
        if r and " " not in r and _letters(r) != _letters(word) and len(word) >= policy.min_fix
    ]
    if any(other_form(word, r, freq, policy) for r in singles):
        return Judgement("drop", "another form of a word: a cognate, a clipping, an accent")
    if camel_case(word):
        return Judgement("drop", "a brand's capital inside a word ('eLibrary', 'uPort')")
    if word[:1].isupper():
        opening = _SENTENCE_START.search(text[max(0, start - 6) : start]) is not None
        return _capitalised(text, word, singles, freq, policy, opening, start)
    return _lower(word, singles, freq, policy)


def camel_case(word: str) -> bool:
    """Lower-case first and a capital after ('eBay', 'iPhone', 'eLibrary'): a brand's or
    product's name, never a slip to 'correct' by dropping its first letter ('eLibrary'
    -> 'library', 'uPort' -> 'port', 'eSpeed' -> 'speed' on CWEB dev)."""
    return word[:1].islower() and any(c.isupper() for c in word[1:])


def _capitalised(
    text: str,
    word: str,
    singles: list[str],
    freq: Frequencies,
    policy: Policy,
    opening: bool = False,
    start: int = 0,
) -> Judgement:
    """A name, unless the draft itself writes a candidate as a name (not the name's
    plural: 'the Childs' beside 'Julia Child'), or the candidate
    is a common word far more frequent ('Represenative'). A short first word of a
    sentence ('Teh') may be any word: its candidates need be no closer than a
    lower-case word's, but the margin stays a name's; a longer one ('Rappler') is
    judged as a name, and so is one before another capitalised word ('Fars News').
    Beside other capitalised words (a name run: 'Justice Peter G. Verniero') only a
    title is a candidate ('Represenative Adam Schiff')."""
    after = text[start + len(word) : start + len(word) + 3]
    if word.isupper():
        return Judgement("drop", "an acronym or a name in capitals")
    used = [
        r
        for r in singles
        if len(word) >= policy.min_name
        and close(word, r, policy, name=False)
        and _letters(word) not in {_letters(r) + "s", _letters(r) + "es"}
        and written_as_name(text, r)
    ]
    if used:
        return Judgement("fix", "the draft writes the candidate", tuple(used))
    short_opening = opening and len(word) <= policy.short_word and not _NAME_FOLLOWS.match(after)
    candidates = [
        r
        for r in singles
        if r[1:].islower() and _letters(word) not in {_letters(r) + "s", _letters(r) + "es"}
    ]  # not the singular of a name's plural ('the Trujillos', 'the Castros')
    if in_name_run(text, start, start + len(word)):
        titles = title_words()
        candidates = [r for r in candidates if r in titles]  # 'Represenative Adam Schiff'
    best = _best(word, candidates, freq, policy, not short_opening)
    if best is not None and best[1] >= policy.fix_capitalised:
        return Judgement("fix", "a common word far more frequent", (best[0],))
    return Judgement("drop", "a name: no evidence of a slip")


def _lower(word: str, singles: list[str], freq: Frequencies, policy: Policy) -> Judgement:
    singles = [r for r in singles if r.islower() and not prefix_swap(word, r, freq, policy)]
    best = _best(word, singles, freq, policy)
    if best is not None and best[1] >= policy.fix:
        return Judgement("fix", "a close candidate far more frequent", (best[0],))
    if best is not None and best[1] >= policy.show:
        return Judgement("show", "a close candidate more frequent", (best[0],))
    return Judgement("drop", "no close candidate far more frequent")


def _best(
    word: str,
    candidates: Sequence[str],
    freq: Frequencies,
    policy: Policy,
    name: bool | None = None,
) -> tuple[str, float] | None:
    """LanguageTool's first close, common dictionary candidate and its log-frequency
    margin over the word ('alloted': 'allotted' before the commoner 'allowed')."""
    own = freq.unigram_logp(word.lower())
    for c in candidates:
        low = c.lower()
        if not close(word, c, policy, name) or not freq.in_dictionary(low):
            continue
        lp = freq.unigram_logp(low)
        if lp < policy.common:
            continue
        margin = lp - max(own, policy.unseen)
        return c, margin
    return None
