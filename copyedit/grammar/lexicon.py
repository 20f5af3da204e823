"""The grammar engine's word lists (``data/*.toml``, ``data/*.txt``) and the inflections
it proposes: a verb's third-person, base, past and participle forms, a noun's singular
and plural. Regular forms are made by the spelling rules of English; irregular ones come
from ``data/irregular_verbs.txt`` and ``nouns.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

DATA = "data"
FILES = (
    "irregular_verbs.txt",
    "nouns.toml",
    "names.toml",
    "words.toml",
    "exceptions.toml",
    "prepositions.toml",
)
"""Every data file the engine reads (its cache fingerprint names them all)."""


def data_path(name: str) -> Path:
    return Path(str(resources.files("copyedit.grammar").joinpath(DATA).joinpath(name)))


@cache
def _toml(name: str) -> dict:
    with open(data_path(name), "rb") as fh:
        return tomllib.load(fh)


def words(file: str, section: str) -> frozenset[str]:
    """The ``words`` (or ``phrases``) of a section of a TOML list, lower-case."""
    part = _toml(file)[section]
    return frozenset(w.lower() for w in part.get("words", part.get("phrases", [])))


@cache
def names_taking_the() -> tuple[tuple[str, ...], ...]:
    """The names that take "the" as a noun, each as its words (case kept), longest first."""
    names = (tuple(n.split()) for n in _toml("names.toml")["takes-the"]["names"])
    return tuple(sorted(names, key=len, reverse=True))


@dataclass(frozen=True)
class Exception_:
    """A named exception: where a rule must not fire, and why."""

    name: str
    family: str
    reason: str
    words: frozenset[str]


@cache
def exceptions() -> dict[str, Exception_]:
    out = {}
    for e in _toml("exceptions.toml")["exception"]:
        out[e["name"]] = Exception_(
            e["name"], e["family"], e["reason"], frozenset(w.lower() for w in e.get("words", []))
        )
    return out


def exception_words(name: str) -> frozenset[str]:
    return exceptions()[name].words


@dataclass(frozen=True)
class Preposition:
    """A verb or noun written with the wrong preposition (``prepositions.toml``)."""

    name: str
    kind: str
    """'verb', 'noun' or 'seek'."""
    lemmas: frozenset[str]
    wrong: frozenset[str]
    right: str
    object: str
    nouns: frozenset[str] = frozenset()


def _strings(value: str | list[str]) -> frozenset[str]:
    return frozenset([value] if isinstance(value, str) else value)


@cache
def prepositions() -> tuple[Preposition, ...]:
    data = _toml("prepositions.toml")
    out = []
    for kind in ("verb", "noun", "seek"):
        for e in data.get(kind, []):
            out.append(
                Preposition(
                    e["name"],
                    kind,
                    _strings(e["lemma"]),
                    _strings(e.get("wrong", [])),
                    e.get("right", e.get("insert", "")),
                    e.get("object", "any"),
                    frozenset(e.get("nouns", [])),
                )
            )
    return tuple(out)


@dataclass(frozen=True)
class Verb:
    base: str
    past: tuple[str, ...]
    participle: tuple[str, ...]


@cache
def irregular_verbs() -> dict[str, Verb]:
    """base -> its irregular forms."""
    out = {}
    for line in data_path("irregular_verbs.txt").read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        base, past, part = line.split()
        out[base] = Verb(base, tuple(past.split("|")), tuple(part.split("|")))
    return out


@cache
def _irregular_pasts() -> dict[str, str]:
    """An irregular past (or participle) -> its base."""
    out: dict[str, str] = {}
    for v in irregular_verbs().values():
        for form in (*v.past, *v.participle):
            out.setdefault(form, v.base)
    return out


def past_only(word: str) -> str | None:
    """The participle for an irregular past that is not also a participle ('went' ->
    'gone', 'saw' -> 'seen'), else None ('made', 'put')."""
    base = _irregular_pasts().get(word)
    if base is None:
        return None
    v = irregular_verbs()[base]
    if word in v.past and word not in v.participle:
        return v.participle[0]
    return None


def base_of_past(word: str) -> str | None:
    """The base of an irregular past or participle ('gave' -> 'give'), else None."""
    base = _irregular_pasts().get(word)
    if base is None or base == word:
        return None
    return base


_VOWELS = set("aeiou")


def third_person(base: str) -> str:
    """'want' -> 'wants', 'do' -> 'does', 'try' -> 'tries', 'have' -> 'has'."""
    special = {"have": "has", "be": "is", "do": "does", "go": "goes"}
    if base in special:
        return special[base]
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        return base + "es"
    if base.endswith("y") and len(base) > 1 and base[-2] not in _VOWELS:
        return base[:-1] + "ies"
    return base + "s"


def base_of_third(word: str) -> str | None:
    """'wants' -> 'want', 'does' -> 'do', 'tries' -> 'try', 'has' -> 'have'."""
    special = {"has": "have", "is": "be", "does": "do", "goes": "go"}
    if word in special:
        return special[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        return word[:-1]
    return None


@cache
def _plurals() -> dict[str, str]:
    return {k: str(v) for k, v in _toml("nouns.toml")["irregular-plurals"].items()}


@cache
def _singulars() -> dict[str, str]:
    return {v: k for k, v in _plurals().items()}


def irregular_singulars() -> dict[str, str]:
    """An irregular plural -> its singular ('men' -> 'man')."""
    return _singulars()


def plural(noun: str) -> str:
    """'country' -> 'countries', 'tax' -> 'taxes', 'child' -> 'children'."""
    if noun in _plurals():
        return _plurals()[noun]
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in _VOWELS:
        return noun[:-1] + "ies"
    return noun + "s"


def singular(noun: str, lemma: str) -> str:
    """The singular of a plural noun: the irregular list, else the parser's lemma when
    it is the word less a regular ending, else the word less its ending."""
    if noun in _singulars():
        return _singulars()[noun]
    if lemma and plural(lemma) == noun:
        return lemma
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "shes", "ches", "xes")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") else noun


@cache
def _verb_tables() -> tuple[frozenset[str], dict[str, str]]:
    """The English pipeline's own verb lists (its lemmatizer's tables): every verb base
    it knows, and each irregular form with its base ('overshot' -> 'overshoot')."""
    from . import nlp

    lookups = nlp.pipeline().get_pipe("lemmatizer").lookups
    index = frozenset(lookups.get_table("lemma_index")["verb"])
    exc = {form: bases[0] for form, bases in lookups.get_table("lemma_exc")["verb"].items()}
    return index, exc


@cache
def _noun_index() -> frozenset[str]:
    from . import nlp

    lookups = nlp.pipeline().get_pipe("lemmatizer").lookups
    exc = lookups.get_table("lemma_exc")["noun"]
    return frozenset(lookups.get_table("lemma_index")["noun"]) | frozenset(exc)


def is_noun(word: str) -> bool:
    """A noun the pipeline knows, in either number ('gains', 'rise', 'men')."""
    if word in _noun_index():
        return True
    stem = base_of_third(word)
    return stem is not None and stem in _noun_index()


def is_verb_base(word: str) -> bool:
    """A verb's base form the pipeline knows, and not also an irregular form of another
    verb ('want' yes; 'overshot', 'went' no)."""
    index, exc = _verb_tables()
    return word in index and exc.get(word, word) == word


def irregular_base(word: str) -> str | None:
    """The base of an irregular verb form the pipeline knows ('underwent' -> 'undergo')."""
    base = _verb_tables()[1].get(word)
    return base if base and base != word else None


def base_form(word: str) -> str | None:
    """The base of an inflected verb form that is not itself a base the pipeline knows:
    'went' -> 'go', 'lost' -> 'lose', 'showed' -> 'show', 'stopped' -> 'stop',
    'tries' -> 'try', 'moves' -> 'move'; None for 'found', 'want', 'news'."""
    if not word.isalpha() or is_verb_base(word):
        return None
    irregular = irregular_base(word)
    if irregular is not None:
        return irregular
    if word.endswith("ed"):
        stem = word[:-2]
        candidates = [stem, word[:-1], stem[:-1] + "y" if stem.endswith("i") else ""]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
    elif word.endswith("s") and not word.endswith("ss"):
        candidates = [word[:-1], word[:-2], word[:-3] + "y" if word.endswith("ies") else ""]
    else:
        return None
    return next((c for c in candidates if c and is_verb_base(c)), None)


def match_case(original: str, new: str) -> str:
    if original.isupper() and len(original) > 1:
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new
