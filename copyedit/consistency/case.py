"""Discovery of a word or phrase capitalised one way here and another way there (Cold War /
cold war, Government / government), with the many reasons careful copy does it on purpose."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from ..model import Finding
from ..titles import title_words
from .forms import Occurrence, Settings, non_overlapping, odd_one_out, unify
from .lexicon import dictionary
from .suppressors import Ignored, Judgement, Suppressor, first_applying, judge
from .tokens import Scan, Token, adjacent
from .wordlists import homographs, institutions, stopwords, word_list, words_pattern


def case_judgement(scan: Scan, settings: Settings, house: dict[str, str]) -> Judgement:
    """A word or phrase capitalised in one place and not in another.

    Only evidence of the draft's own style is compared (``USE_SUPPRESSORS``): headlines,
    sentence starts, quotations (the speaker's words) and function words say nothing,
    and a capitalised form counts only standing alone, not inside a longer name ('Prime
    Minister Boris Johnson', 'Tropical Storm Barry', 'Kim's Convenience', 'Band on the
    Run'), where a capital is the name's and the lower-case generic use elsewhere is
    right. A group is
    reported only when one form is the lone odd one out (see ``odd_one_out``), and not
    when that lone form is another sense or another style (``SUPPRESSORS``: crowded
    lines, lost sentence breaks, a name's short form, 'a' + lower case).
    """
    toks = scan.tokens
    lows = [t.text.lower() for t in toks]
    # Words written in two shapes somewhere (where a shape counts): only phrases that
    # begin and end with one can differ in case, so the rest are never grouped.
    shapes: dict[str, set[str]] = defaultdict(set)
    for t, low in zip(toks, lows, strict=True):
        if not t.heading and (not t.initial or t.text.isupper() or t.text.islower()):
            shapes[low].add(t.text)  # lower case where a capital could stand is evidence too
    varied = {w for w, forms in shapes.items() if len(forms) > 1}
    # Capitalised uses anywhere outside headlines, in names and quotations too.
    capitals: dict[str, int] = defaultdict(int)
    for t, low in zip(toks, lows, strict=True):
        if not t.heading and not t.initial and _shape(t.text) == "title":
            capitals[low] += 1
    # Capitalised uses inside a longer name ('the Temple Mount', 'President Kennedy' even
    # at a sentence start): a standalone 'the Temple' is then that name's short form.
    named: dict[str, int] = defaultdict(int)
    for i, (t, low) in enumerate(zip(toks, lows, strict=True)):
        if (
            low in varied
            and not t.heading
            and _shape(t.text) == "title"
            and _in_name(scan, i, i + 1)
        ):
            named[low] += 1
    titled = _titles(scan)
    groups: dict[str, list[Occurrence]] = defaultdict(list)
    ignored: list[Ignored] = []
    index: dict[int, int] = {}
    for i, t in enumerate(toks):
        if t.heading or lows[i] not in varied:
            continue
        index[t.start] = i
        for n in (1, 2, 3, 4):
            run = toks[i : i + n]
            if len(run) < n or run[-1].heading:
                break
            if n > 1 and not adjacent(scan, run[-2], run[-1]):
                break
            if lows[i + n - 1] not in varied:
                continue
            text = scan.doc.text[run[0].start : run[-1].end]
            key = " ".join(lows[i : i + n])
            use = CaseUse(scan, i, n, key, tuple(r.text for r in run), titled)
            by = first_applying(USE_SUPPRESSORS, use)
            if by is not None:
                ignored.append(Ignored(run[0].start, run[-1].end, text, by.name))
                if by.name == "case.shouted":
                    break  # no longer run from here is a spelling either
                continue
            groups[key].append(Occurrence(run[0].start, run[-1].end, text, text, run[0].initial))
    for key, occs in groups.items():
        compatible = _compatible(occs) if _case_differs(occs) else []
        groups[key] = []
        for o in compatible:
            if NUMBERED_LABEL.applies(GroupUse(scan, o, tuple(compatible))):
                ignored.append(Ignored(o.start, o.end, o.text, NUMBERED_LABEL.name))
            else:
                groups[key].append(o)
    crowded = _crowded(scan, groups, index, named)
    candidates: list[tuple[CaseCandidate, list[Finding]]] = []
    for key, occs in groups.items():
        if len({o.form for o in occs}) < 2:
            continue
        target = house.get(key)
        chosen = target is not None
        if target is None:
            target = odd_one_out(occs, single=" " not in key)
            if target is None:
                continue
        cand = CaseCandidate(
            scan, key, tuple(occs), target, chosen, index, named[key], capitals[key], crowded
        )
        found = unify(scan, occs, "consistency.case", "Capitalisation", settings, target)
        candidates.append((cand, found))
    judged = judge(SUPPRESSORS, candidates)
    kept = tuple(_longest_first(list(judged.kept)))
    return Judgement(kept, judged.suppressed, tuple(ignored))


def case_findings(scan: Scan, settings: Settings, house: dict[str, str]) -> list[Finding]:
    return list(case_judgement(scan, settings, house).kept)


@dataclass(frozen=True, eq=False)
class CaseCandidate:
    """A word or phrase written in two cases, with the form ``target`` to unify on."""

    scan: Scan
    key: str
    occs: tuple[Occurrence, ...]
    target: str
    house: bool
    """``target`` is the house style's, not the draft's odd one out."""
    index: dict[int, int]
    """Token index of each occurrence's start."""
    named: int
    """Capitalised uses inside a longer name."""
    capitals: int
    """Capitalised uses anywhere outside headlines and sentence starts."""
    crowded: frozenset[int]

    @property
    def single(self) -> bool:
        return " " not in self.key

    @property
    def odd(self) -> Occurrence:
        """The first capitalised occurrence (the lone capital of a single word)."""
        return next(o for o in self.occs if not o.form.islower())

    @property
    def lower(self) -> list[int]:
        return [self.index[o.start] for o in self.occs if o.form.islower()]

    @property
    def before_odd(self) -> str:
        """The word linked just before the odd capital, lower-cased, or ''."""
        toks, i = self.scan.tokens, self.index[self.odd.start]
        linked = i > 0 and _linked(self.scan, toks[i - 1], toks[i])
        return toks[i - 1].text.lower() if linked else ""


def _discovered_word(c: CaseCandidate) -> bool:
    return not c.house and c.single


def _crowded_line(c: CaseCandidate) -> bool:
    sentence = c.scan.tokens[c.index[c.odd.start]].sentence
    return _discovered_word(c) and (sentence in c.crowded or _title_cased(c.scan, sentence))


def _lost_break(c: CaseCandidate) -> bool:
    return (
        _discovered_word(c) and _function_word(c.odd.form.lower()) and _function_count(c.scan) >= 2
    )


def _capitals_style(c: CaseCandidate) -> bool:
    return _discovered_word(c) and c.capitals > len(c.lower) and c.before_odd != "to"


def _named_elsewhere(c: CaseCandidate) -> bool:
    """The draft writes the word in a longer name and never 'the' + lower case."""
    return (
        _discovered_word(c) and c.named > 0 and not any(_after_the(c.scan, k, 2) for k in c.lower)
    )


def _short_form(c: CaseCandidate) -> bool:
    return _named_elsewhere(c) and _after_the(c.scan, c.index[c.odd.start], 2)


def _bare_name(c: CaseCandidate) -> bool:
    return _named_elsewhere(c) and not _function_word(c.odd.form.lower()) and c.before_odd != "to"


@dataclass(frozen=True, eq=False)
class CaseUse:
    """Tokens ``i``..``i+n-1`` (``words``, lower-cased ``key``) as evidence of the
    draft's case style for ``key``, before any group is formed."""

    scan: Scan
    i: int
    n: int
    key: str
    words: tuple[str, ...]
    titled: frozenset[int]
    """Token indices inside titles introduced by a cue word (``_titles``)."""

    @property
    def first(self) -> Token:
        return self.scan.tokens[self.i]

    @property
    def capitalised(self) -> bool:
        return self.words[0][:1].isupper() and not self.words[0].isupper()


def _quotation_capital(u: CaseUse) -> bool:
    return (
        u.capitalised
        and u.first.quoted
        and (
            u.key in institutions()
            or _after_determiner(u.scan, u.i)
            or u.n > 1
            or _vocative(u.scan, u.i)
        )
    )


# Stopwords that often open a name ('South Korea', 'New York'): too ambiguous alone,
# but a phrase they open whose last word changes case too is the name lower-cased.
_NAME_OPENERS = word_list("case_name_openers.txt")

# Words that are never a term of their own: a capital on one is a heading, a title or a
# new start the sentence splitter missed ("Sir--When the colonies", "… Many people").
_FUNCTION = word_list("case_function_words.txt") | stopwords()


def _opens_quotation(scan: Scan, t: Token) -> bool:
    """The first word inside quotation marks ('"phase two"'): a term mentioned, whose
    case is the source's or the mention's, not the draft's style."""
    before = scan.doc.masked[max(0, t.start - 3) : t.start].rstrip()
    return before[-1:] in ('"', "“", "‘", "'")


def _shouted(scan: Scan, i: int) -> bool:
    """A word in capitals next to another in capitals ("MONTREAL TRADES FLOYD"): a
    headline, a slug or emphasis run into the text, not the way the draft spells it."""
    toks = scan.tokens
    t = toks[i]
    if not (t.text.isupper() and len(t.text) > 1):
        return False
    return any(
        0 <= k < len(toks)
        and toks[k].text.isupper()
        and len(toks[k].text) > 1
        and scan.line(toks[k].start) == scan.line(t.start)
        and abs(k - i) == 1
        for k in (i - 1, i + 1)
    )


@dataclass(frozen=True, eq=False)
class GroupUse:
    """One use (``occ``) among the uses of its group (``occs``)."""

    scan: Scan
    occ: Occurrence
    occs: tuple[Occurrence, ...]

    def numbered(self, o: Occurrence) -> bool:
        return _LABEL_NUMBER.match(self.scan.doc.masked, o.end) is not None


def _numbered_label(u: GroupUse) -> bool:
    o = u.occ
    return (
        not o.form.islower()
        and o.form.lower() not in _FUNCTION
        and u.numbered(o)
        and not any(x.form.islower() and u.numbered(x) for x in u.occs)
    )


def _crowded(
    scan: Scan, groups: dict[str, list[Occurrence]], index: dict[int, int], named: dict[str, int]
) -> frozenset[int]:
    """Sentences in which two or more standalone capitals are words the draft writes in
    lower case elsewhere: a title in title case, a line of verse, a table run together
    ("Sonar detectors Eyes; object perception Center top Find surface"). Their capitals
    are the line's style, not the draft's spelling of each word."""
    per: dict[int, int] = defaultdict(int)
    for key, occs in groups.items():
        if " " in key or named[key] or key in institutions():
            continue  # a name's short form, an institution: the draft's own capitals
        if not any(o.form.islower() for o in occs):
            continue
        for o in occs:
            if not o.form.islower():
                per[scan.tokens[index[o.start]].sentence] += 1
    return frozenset(s for s, n in per.items() if n >= 2)


@lru_cache(maxsize=8)
def _sentence_words(scan: Scan) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for t in scan.tokens:
        out[t.sentence].append(t.text)
    return out


def _title_cased(scan: Scan, sentence: int) -> bool:
    """A sentence in title case ('Why Did Attempts by Union Leaders and Concerned
    Citizens to Revive the Steel Industry Fail?'): more than four in five of its words
    of four letters or more after the first are capitalised, at least five of them. Its
    capitals are a title's, not the draft's spelling of each word."""
    words = [w for w in _sentence_words(scan)[sentence][1:] if len(w) > 3]
    caps = sum(w[:1].isupper() for w in words)
    return caps >= 5 and caps > 0.8 * len(words)


def _generic(scan: Scan, occs: list[Occurrence], index: dict[int, int]) -> bool:
    """A lone lower-case phrase after 'a' or 'an' against a capitalised one: 'has not
    arranged a pre-legislative forum' beside 'the Pre-Legislative Forum', 'a muskrat
    ramble' beside the tune 'Muskrat Ramble', also with one lower-case word between
    ('an informal group of seven' beside 'the Group of Seven'). The article makes it
    the generic thing, the capitals one named thing."""
    toks = scan.tokens
    lower = [o for o in occs if o.form.islower()]
    if len(lower) != 1:
        return False
    for k in (index[lower[0].start] - 1, index[lower[0].start] - 2):
        if k < 0 or not _linked(scan, toks[k], toks[k + 1]):
            return False
        if toks[k].text.lower() in ("a", "an"):
            return True
        if not toks[k].text.islower():
            return False
    return False


def _function_word(low: str) -> bool:
    """A function word that is not also a month, a weekday or a name ('May', 'Will')."""
    return low in _FUNCTION and low not in _CALENDAR and low not in homographs()


@lru_cache(maxsize=8)
def _function_count(scan: Scan) -> int:
    """Mid-sentence capitals on function words outside names and quotations."""
    toks = scan.tokens
    return sum(
        1
        for i, t in enumerate(toks)
        if not t.heading
        and not t.initial
        and not t.quoted
        and _shape(t.text) == "title"
        and _function_word(t.text.lower())
        and not _in_name(scan, i, i + 1)
    )


def _after_the(scan: Scan, i: int, reach: int) -> bool:
    """'the Temple' or, with ``reach`` 2, 'the ruined Temple'."""
    toks = scan.tokens
    for k in range(i - 1, i - 1 - reach, -1):
        if k < 0 or not _linked(scan, toks[k], toks[k + 1]):
            return False
        if toks[k].text.lower() == "the":
            return True
        if not toks[k].text.islower():
            return False
    return False


def _lower_style(occs: list[Occurrence], capitals: int) -> bool:
    """An institution noun the draft writes lower case at least twice and capitalised
    only once in all (in no name, title or quotation): its style is lower case ('the
    government'), so the lone 'the Government' is a slip. Where the draft also writes
    the name ('the Supreme Court', 'President Donald Trump', 'this Court finds' in a
    ruling), a standalone capital is the name's short form, which many styles keep."""
    lower = [o for o in occs if o.form.islower()]
    upper = [o for o in occs if not o.form.islower()]
    return capitals == 1 and len(upper) == 1 and len(lower) >= 2 and not upper[0].form.isupper()


def _case_differs(occs: list[Occurrence]) -> bool:
    """The first and last words both change case somewhere (so 'the Cold War' and
    'the cold war' are reported once, as 'Cold War' / 'cold war')."""
    forms = {o.form for o in occs}
    if len(forms) < 2:
        return False
    firsts = {f.split(" ")[0] for f in forms}
    lasts = {f.split(" ")[-1] for f in forms}
    return len(firsts) > 1 and len(lasts) > 1


def _compatible(occs: list[Occurrence]) -> list[Occurrence]:
    """Drop ALL CAPS against lower case ('US' and 'us', 'WHO' and 'who' are other words);
    a sentence-initial capital only counts as a form when the phrase is all capitals."""
    shapes = {_shape(o.form.replace(" ", "")) if " " not in o.form else "phrase" for o in occs}
    if "upper" in shapes and "lower" in shapes:
        occs = [o for o in occs if _shape(o.form.replace(" ", "")) != "lower"]
    return [
        o for o in occs if not (o.initial and o.form[:1].isupper() and not o.form.isupper())
    ] + [o for o in occs if o.initial and o.form.isupper()]


_CONNECTORS = word_list("case_name_connectors.txt")
_COORDINATORS = {"and", "or"}
_LINK = re.compile(r"\d*(?:\.| ?[’'] ?s?)?[ \u00a0]+|[-–/]|[ \u00a0]*&[ \u00a0]*")
_LABEL_NUMBER = re.compile(r"[ \u00a0]+(?:No\.[ \u00a0]*)?\d")
_DETERMINERS = word_list("case_determiners.txt")


def _capital(t: Token) -> bool:
    """Capitalised, or with a capital inside ('spotLESS'), and not a function word
    capitalised only because it starts the sentence ('In the Letter')."""
    return not t.text.islower() and not (t.initial and t.text.lower() in stopwords())


# Newspaper and magazine name words: "the Times", "the Post" name a publication.
_PUBLICATIONS = word_list("case_publication_words.txt")
# "Reading, Pa.", "Springfield, MA": a place and its state.
_PLACE = re.compile(r",[ \u00a0]+(?:[A-Z][a-z]{0,4}\.|[A-Z]{2}\b)")


def _publication(scan: Scan, i: int) -> bool:
    toks = scan.tokens
    return (
        toks[i].text.lower() in _PUBLICATIONS
        and i > 0
        and toks[i - 1].text.lower() == "the"
        and _linked(scan, toks[i - 1], toks[i])
    )


def _after_determiner(scan: Scan, i: int) -> bool:
    """'the Court', 'this Administration': in a quotation, the source's own way of
    naming an institution, which a copy editor leaves as written."""
    return (
        i > 0
        and scan.tokens[i - 1].text.lower() in _DETERMINERS
        and _linked(scan, scan.tokens[i - 1], scan.tokens[i])
    )


# Titles and forms of address a speaker capitalises when talking to someone.
_ADDRESS = {w.lower() for w in title_words()} | word_list("case_forms_of_address.txt")


def _vocative(scan: Scan, i: int) -> bool:
    """A title used to address someone in a quotation ("Don't worry, Coach--we'll",
    "Not as yet Senator, I have"): a name in that use, so its capital is right."""
    t = scan.tokens[i]
    after = scan.doc.masked[t.end : t.end + 2]
    return t.text.lower() in _ADDRESS and (after[:1] in (",", "!", "?", "—", "–") or after == "--")


def _linked(scan: Scan, a: Token, b: Token) -> bool:
    """Nothing but a space, a full stop ('U.S. Federal'), a possessive ('Kim's
    Convenience') or a hyphen between two tokens of one sentence."""
    if a.sentence != b.sentence:
        return False
    return _LINK.fullmatch(scan.doc.masked[a.end : b.start]) is not None


# Nouns and verbs that introduce a title: "the journal Heart", "the book How to Grow a
# Chair", "a paper called Mashups, Remixes and Copyright Law". The capitals of the title
# after them are the title's, not the draft's spelling of each word.
_TITLE_AFTER = re.compile(rf"\b{words_pattern('case_title_cues.txt')}[ \u00a0]+$", re.IGNORECASE)
_TITLE_SMALL = word_list("case_title_small_words.txt")
# Latin species epithets: "Listeria monocytogenes", "Clostridium difficile", "Bufo
# marinus", "Campylobacter jejuni": the capitalised genus before one is a name.
_EPITHET = re.compile(r"[a-z]{2,}(?:ii|i|ae|um|us|is|ile|a|es)")


@lru_cache(maxsize=8)
def _titles(scan: Scan) -> frozenset[int]:
    """Indices of the tokens of titles introduced by ``_TITLE_AFTER``: from the capital
    just after it over capitalised and small words, ending on a capital."""
    toks, text = scan.tokens, scan.doc.masked
    out: set[int] = set()
    for i, t in enumerate(toks):
        if not t.text[:1].isupper() or not _TITLE_AFTER.search(text, max(0, t.start - 16), t.start):
            continue
        run = [i]
        k = i + 1
        while k < len(toks) and adjacent(scan, toks[k - 1], toks[k]):
            if toks[k].text[:1].isupper():
                run.append(k)
            elif toks[k].text not in _TITLE_SMALL:
                break
            k += 1
        out.update(range(run[0], run[-1] + 1))
    return frozenset(out)


def _binomial(scan: Scan, i: int) -> bool:
    """A capitalised genus before a lower-case Latin epithet ('Listeria monocytogenes')."""
    toks = scan.tokens
    if i + 1 >= len(toks) or not adjacent(scan, toks[i], toks[i + 1]):
        return False
    nxt = toks[i + 1].text
    return (
        len(nxt) > 3
        and _EPITHET.fullmatch(nxt) is not None
        and (nxt.endswith(("ii", "ae")) or nxt not in dictionary())
    )


_ITEM = r"[A-Z][\w’'-]*"
_LIST = re.compile(
    rf"{_ITEM}(?:, {_ITEM})+(?:,? (?:and|or|&) {_ITEM})?|{_ITEM}(?:, {_ITEM})*,? (?:and|or|&) {_ITEM}"
)


@lru_cache(maxsize=8)
def _listed(scan: Scan) -> frozenset[int]:
    """Starts of the capitalised words in a list of three or more of them ('the National
    Heart, Lung, and Blood Institute', 'Past, Present, Future', 'Minister for Agriculture,
    Forestry and Fisheries'): a name's or a title's, not the draft's spelling of a word."""
    out: set[int] = set()
    for m in _LIST.finditer(scan.doc.masked):
        items = list(re.finditer(_ITEM, m.group()))
        if len(items) >= 3 and "," in m.group():
            out.update(m.start() + item.start() for item in items)
    return frozenset(out)


_PLACED = re.compile(
    r"[A-Z][\w-]*,[ \u00a0]+(?:[A-Z][a-z]{0,4}\.|[A-Z]{2}|[A-Z][a-z]+),[ \u00a0]+$"
)
_OF_NUMBER = re.compile(r"[ \u00a0]+of[ \u00a0]+\d[\d,.]*[ \u00a0]+[A-Z(]")


def _in_name(scan: Scan, i: int, j: int) -> bool:
    """Tokens ``i``..``j-1`` are part of a longer run of capitalised words, possibly
    joined by 'of', 'the', 'on' ('Medal of Science', 'Sylvester the Cat')."""
    toks = scan.tokens
    text = scan.doc.masked
    if text[max(0, toks[i].start - 2) : toks[i].start - 1] in ("'", "’"):
        return True  # "Doctors' Hospital"
    if _PLACED.search(text, max(0, toks[i].start - 40), toks[i].start):
        return True  # "Raymondville, Texas, High School": a name with its place inside
    if _OF_NUMBER.match(text, toks[j - 1].end):
        return True  # "Monastery of 10,000 Buddhas", "the Group of 8 (Go8)"
    if "@" in (
        text[toks[i].start - 1 : toks[i].start],
        text[toks[j - 1].end : toks[j - 1].end + 1],
    ):
        return True  # "Stardust@Home": a handle or a project's name
    if j == i + 1 and (_binomial(scan, i) or toks[i].start in _listed(scan)):
        return True
    for step, edge in ((-1, i), (1, j - 1)):
        cur, k = toks[edge], edge + step
        for _ in range(3):
            if not 0 <= k < len(toks):
                break
            nxt = toks[k]
            pair = (nxt, cur) if step < 0 else (cur, nxt)
            if not _linked(scan, *pair):
                break
            gap = scan.doc.masked[toks[k - 1].end : nxt.start] if k > 0 else ""
            if step < 0 and nxt.text == "s" and gap.strip() in ("'", "’"):
                nxt = toks[k - 1]  # "Kim’s Convenience": tokens "Kim", "s"
                k -= 1
            if _capital(nxt) and (
                cur is toks[edge] or _name_capital(scan, k) or cur.text in _COORDINATORS
            ):
                return True  # "Nature and Nurture", "Zazzali and Long": a title, a list of names
            if nxt.text not in _CONNECTORS or (
                nxt.text == "the" and step > 0 and cur is toks[edge]
            ):
                break  # "Being the Deputy", "in the Letter": 'the' starts no name
            cur, k = nxt, k + step
    return scan.doc.masked[toks[j - 1].end : toks[j - 1].end + 1] in ("’", "'")


_CALENDAR = word_list("case_calendar.txt")


def _name_capital(scan: Scan, k: int) -> bool:
    """A capital that can carry a name across 'of' or 'the': not the first word of a
    sentence ('One of the Victims', 'Once the White'), nor a month or a weekday
    ('Arrested in March', 'Saturday the Crash')."""
    toks = scan.tokens
    t = toks[k]
    first = k == 0 or toks[k - 1].sentence != t.sentence
    return not (first and t.initial) and t.text.lower() not in _CALENDAR


def _longest_first(found: list[Finding]) -> list[Finding]:
    kept = non_overlapping(sorted(found, key=lambda f: (-(f.end - f.start), f.start)))
    return sorted(kept, key=lambda f: f.start)


def _shape(word: str) -> str:
    if word.islower():
        return "lower"
    if word.isupper():
        return "upper"
    if word[0].isupper() and word[1:].islower():
        return "title"
    return "mixed"


SUPPRESSORS: tuple[Suppressor[CaseCandidate], ...] = (
    Suppressor(
        "case.institution",
        "a capitalised institution noun ('the Court') is a named institution's short form, "
        "unless the draft otherwise writes it in lower case",
        lambda c: (
            not c.house and c.key in institutions() and not _lower_style(list(c.occs), c.capitals)
        ),
    ),
    Suppressor(
        "case.crowded-line",
        "the lone capital stands in a title-cased or capital-crowded line (a title, verse, "
        "a table run together)",
        _crowded_line,
    ),
    Suppressor(
        "case.lost-sentence-break",
        "a capitalised function word where the draft has other such capitals: lost "
        "sentence breaks, so a new start",
        _lost_break,
    ),
    Suppressor(
        "case.capitals-style",
        "the draft writes the word capitalised more often than not, so a capital is its "
        "style (not after 'to', where it is a verb)",
        _capitals_style,
    ),
    Suppressor(
        "case.name-short-form",
        "'the Temple' where the draft writes 'the Temple Mount' and never 'the temple': "
        "the name's short form",
        _short_form,
    ),
    Suppressor(
        "case.bare-name",
        "a bare capital of a word the draft uses in a name ('Case' beside 'Steve Case'): "
        "a surname, title or place standing alone",
        _bare_name,
    ),
    Suppressor(
        "case.generic",
        "a lone lower-case phrase after 'a'/'an' against a capitalised one: the generic "
        "thing beside the named one",
        lambda c: (
            not c.house
            and not c.single
            and c.target[:1].isupper()
            and _generic(c.scan, list(c.occs), c.index)
        ),
    ),
)
"""In order: the first that applies is credited with the suppression."""


USE_SUPPRESSORS: tuple[Suppressor[CaseUse], ...] = (
    Suppressor(
        "case.sentence-start",
        "a capital at a sentence start says nothing of how the draft writes the word",
        lambda u: u.first.initial and u.n == 1 and _shape(u.first.text) == "title",
    ),
    Suppressor(
        "case.quotation-opener",
        "the first word inside quotation marks ('\"phase two\"'): a term mentioned, its case "
        "the source's",
        lambda u: u.first.initial and _opens_quotation(u.scan, u.first),
    ),
    Suppressor(
        "case.shouted",
        "a word in capitals next to another ('MONTREAL TRADES FLOYD'): a headline, slug or "
        "emphasis, so no longer run from here counts either",
        lambda u: any(_shouted(u.scan, u.i + k) for k in range(u.n)),
    ),
    Suppressor(
        "case.homograph",
        "a word whose capitalised form is usually another word (May, Bill, Turkey, Earth)",
        lambda u: u.n == 1 and u.key in homographs(),
    ),
    Suppressor(
        "case.short-word",
        "a word of one or two letters: too short to say anything of the draft's style",
        lambda u: u.n == 1 and len(u.key) < 3,
    ),
    Suppressor(
        "case.mixed-case",
        "a word with a capital inside ('iPhone', 'McDonald'): a name's own spelling",
        lambda u: u.n == 1 and _shape(u.first.text) == "mixed",
    ),
    Suppressor(
        "case.function-word-edge",
        "a phrase opening or ending on a function word: no term of its own",
        lambda u: (
            u.n > 1
            and (
                u.words[0].lower() in stopwords() - _NAME_OPENERS
                or u.words[-1].lower() in stopwords()
            )
        ),
    ),
    Suppressor(
        "case.in-name",
        "a capital inside a longer name ('Prime Minister Boris Johnson', 'Kim's "
        "Convenience'): the name's, not the word's",
        lambda u: u.capitalised and _in_name(u.scan, u.i, u.i + u.n),
    ),
    Suppressor(
        "case.title",
        "a capital inside a title introduced as one ('the journal Heart')",
        lambda u: u.capitalised and any(k in u.titled for k in range(u.i, u.i + u.n)),
    ),
    Suppressor(
        "case.publication",
        "'the Times', 'the Post': a publication's name",
        lambda u: u.capitalised and u.n == 1 and _publication(u.scan, u.i),
    ),
    Suppressor(
        "case.place",
        "a capitalised word before a state ('Reading, Pa.'): a place",
        lambda u: (
            u.capitalised and u.n == 1 and _PLACE.match(u.scan.doc.masked, u.first.end) is not None
        ),
    ),
    Suppressor(
        "case.quotation-capital",
        "a speaker's own capitals in a quotation: an institution ('the Court'), a phrase or a "
        "form of address ('Not yet, Senator')",
        _quotation_capital,
    ),
)
"""What does not count as a use, in order; the first that applies is credited."""

NUMBERED_LABEL: Suppressor[GroupUse] = Suppressor(
    "case.numbered-label",
    "a capital before a number ('Route 2', 'Flight 54') where no lower-case use stands "
    "before one: the number makes it a label",
    _numbered_label,
)
