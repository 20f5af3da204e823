"""The consistency checks' suppressors: each withholds its example and lets a near one
through, so removing one (or letting another take its work) fails here."""

from __future__ import annotations

import pytest

from copyedit.consistency import lexicon
from copyedit.consistency.suppressors import Judgement, Suppressor, first_applying, judge
from copyedit.consistency.wordlists import word_list, words_pattern
from copyedit.document import Document
from copyedit.engines.consistency import ConsistencyEngine, suppressors, use_suppressors

BARE = ConsistencyEngine()  # no house style: discovery only

QXR = "The QXR said so. The QXR agreed. The QXR left."
RESPELLED = "The Quick Xylophone Rally (QXR) met. Later the Quick Xylophone Rally left."

# suppressor: (a draft it withholds a finding of, a near draft whose finding it lets through)
EXAMPLES: dict[str, tuple[str, str]] = {
    "case.institution": (
        "The Supreme Court met. Lawyers said the court erred. Critics said the Court had "
        "failed. The court denied it.",
        "The government met. Critics said the Government had failed. The government denied it.",
    ),
    "case.crowded-line": (
        "The budget met and the plan passed. Critics said the Budget and, yes, the Plan "
        "failed. The budget was cut. The plan was dropped.",
        "The budget met and the plan passed. Critics said the Budget failed. The budget was "
        "cut. The plan was dropped.",
    ),
    "case.lost-sentence-break": (
        "The play opened and some left. Critics wrote that Some of it was weak. Others said "
        "that Many of it was worse. Yet some stayed and many clapped, and some cried, and "
        "many wept.",
        "The play opened and some left. Critics wrote that Some of it was weak. Yet some "
        "stayed and many clapped, and some cried, and many wept.",
    ),
    "case.capitals-style": (
        "Victoria Peak rose. The Peak Tram ran. We saw the Peak at dawn. Then the peak "
        "clouded over.",
        "Victoria Peak rose. The peak clouded over. We saw the Peak at dawn. Then the peak "
        "cleared.",
    ),
    "case.name-short-form": (
        "The Temple Mount is old. The ruined Temple stood there. Visitors saw a temple "
        "nearby. Another temple stood too.",
        "The Temple Mount is old. The ruined Temple stood there. Visitors saw the temple "
        "nearby. Another temple stood too.",
    ),
    "case.bare-name": (
        "We thought of Steve Case. Think of Case now, they said. In any case, it closed. A "
        "case opened.",
        "We thought of Steve Case. Think of Case now, they said. In any case, the case was "
        "closed. A case opened.",
    ),
    "case.generic": (
        "The Chamber ran the Pre-Legislative Forum last year. Members liked the "
        "Pre-Legislative Forum. This year the Chamber has not arranged a pre-legislative forum.",
        "The Chamber ran the Pre-Legislative Forum last year. Members liked the "
        "Pre-Legislative Forum. This year the Chamber has not arranged the pre-legislative "
        "forum.",
    ),
    "hyphenation.distinct-word": (
        "The union plans to re-form next year. It wants reform. Others oppose re-form.",
        "The union plans to re-build next year. It wants rebuild. Others oppose re-build.",
    ),
    "hyphenation.name-spelling": (
        "The union plans a Wal-Mart. It will build a Walmart. Shoppers like Wal-Mart.",
        "The union plans a wal-mart. It will build a walmart. Shoppers like wal-mart.",
    ),
    "hyphenation.modifier-grammar": (
        "It was a decision-making body. Decision making is slow. The decision-making body met.",
        "It was a pro-democracy rally. Pro democracy groups came. The pro-democracy rally grew.",
    ),
    "hyphenation.broken-word": (
        "The com-pany said so. The company agreed. Another com-pany said no.",
        "The e-mail came. An email followed. Another e-mail arrived.",
    ),
    "abbreviation.undefined.well-known": ("The FBI said so. The FBI agreed. The FBI left.", QXR),
    "abbreviation.undefined.word-in-capitals": (
        "The PALM trial began. The PALM trial ended. The PALM trial was long.",
        "The PXLQ trial began. The PXLQ trial ended. The PXLQ trial was long.",
    ),
    "abbreviation.undefined.name-part": (
        "The Marine JarHeads QXR met. The Marine JarHeads QXR left. The Marine JarHeads QXR won.",
        "The QXR Foundation met. The QXR left. The QXR won.",
    ),
    "abbreviation.undefined.quoted": (
        '"The QXR is bad," she said. "The QXR lies," he said. "QXR again," they said.',
        'She said the QXR is bad. "The QXR lies," he said. "QXR again," they said.',
    ),
    "abbreviation.undefined.bracket-gloss": (
        "The QXR [quick example rule] met. The QXR left. The QXR won.",
        "The QXR met. The QXR left. The QXR won.",
    ),
    "abbreviation.undefined.cited-source": (
        "It was reported (QXR, Mar. 25). The QXR left. The QXR won.",
        "It was reported by QXR on Mar. 25. The QXR left. The QXR won.",
    ),
    "abbreviation.undefined.company": (
        "QXR Ltd said so. The QXR left. The QXR won.",
        "QXR said so. The QXR left. The QXR won.",
    ),
    "abbreviation.undefined.described": (
        "The news agency QXR said so. The QXR left. The QXR won.",
        "The news QXR said so. The QXR left. The QXR won.",
    ),
    "abbreviation.undefined.spelled-out-before": (
        "The Quick Xylophone Rally met. The QXR left. The QXR won. The QXR lost.",
        "The QXR met. The Quick Xylophone Rally left. The QXR won. The QXR lost.",
    ),
    "abbreviation.undefined.apposition": (
        "The QXR, the Quick Xylophone Rally, said so. The QXR left. The QXR won.",
        "The QXR said so, and the Quick Xylophone Rally agreed. The QXR left. The QXR won.",
    ),
    "abbreviation.undefined.passing-mention": ("The QXR said so. The QXR agreed.", QXR),
    "abbreviation.before-definition.well-known": (
        "The FBI said so. The Federal Bureau of Investigation (FBI) agreed.",
        "The FTG said so. The First Theme Group (FTG) agreed.",
    ),
    "abbreviation.before-definition.read-before": (
        "The first theme group met. The FTG said so. The First Theme Group (FTG) agreed.",
        "The FTG said so. The First Theme Group (FTG) agreed.",
    ),
    "abbreviation.redefined.in-words": (
        "The First Theme Group (FTG) met. FTG stands for First Theme Group.",
        "The First Theme Group (FTG) met. The First Theme Group (FTG) left.",
    ),
    "abbreviation.redefined.new-section": (
        "The First Theme Group (FTG) met.\n\nAftermath\n\nThe First Theme Group (FTG) left.",
        "The First Theme Group (FTG) met.\n\nThe First Theme Group (FTG) left.",
    ),
    "abbreviation.respelled.known-name": (
        "The European Union (EU) met. The European Union left.",
        RESPELLED,
    ),
    "abbreviation.respelled.ordinary-words": (
        "The quick xylophone rally (QXR) met. Later the quick xylophone rally left.",
        RESPELLED,
    ),
    "abbreviation.respelled.quoted": (
        'The Quick Xylophone Rally (QXR) met. "The Quick Xylophone Rally is great," she said.',
        "The Quick Xylophone Rally (QXR) met. She said the Quick Xylophone Rally is great.",
    ),
    "abbreviation.respelled.heading": (
        "The Quick Xylophone Rally (QXR) met.\n\n– Quick Xylophone Rally\n\nMore followed.",
        RESPELLED,
    ),
    "abbreviation.respelled.new-section": (
        "The Quick Xylophone Rally (QXR) met.\n\nAftermath\n\nLater the Quick Xylophone Rally left.",
        "The Quick Xylophone Rally (QXR) met.\n\nLater the Quick Xylophone Rally left.",
    ),
    "abbreviation.respelled.sentence-opener": (
        "The Quick Xylophone Rally (QXR) met. Quick Xylophone Rally members left.",
        "The Quick Xylophone Rally (QXR) met. Then Quick Xylophone Rally members left.",
    ),
    "abbreviation.respelled.longer-name": (
        "The Quick Xylophone Rally (QXR) met. The Quick Xylophone Rally Committee left.",
        "The Quick Xylophone Rally (QXR) met. The Quick Xylophone Rally committee left.",
    ),
}
SHOCKWAVE = "The shockwave hit. A shock wave followed."
# use suppressor: (a draft where it keeps these words out of the evidence, a near draft
# where it keeps nothing out)
USE_EXAMPLES: dict[str, tuple[str, str, str]] = {
    "hyphenation.function-word-edge": (
        "The setup took long. We set up the room.",
        "set up",
        SHOCKWAVE,
    ),
    "hyphenation.one-letter-part": ("The email came. An e mail followed.", "e mail", SHOCKWAVE),
    "hyphenation.count": (
        "The sevengills swam. Its seven gills showed.",
        "seven gills",
        "The seven-gills swam. Its seven gills showed.",
    ),
    "hyphenation.compound-modifier": (
        "A well-known man came. He is well known.",
        "well known",
        "A shock-wave hit. A shock wave followed.",
    ),
    "case.sentence-start": (
        "Budget cuts came. Critics said the Budget failed. The budget fell.",
        "Budget",
        "Cuts came. Critics said the Budget failed. The budget fell.",
    ),
    "case.quotation-opener": (
        'It is called "Phase Two" now. The phase two plan failed. Critics said the Phase '
        "Two plan was late.",
        "Phase Two",
        "It is called Phase Two now. The phase two plan failed. Critics said the Phase Two "
        "plan was late.",
    ),
    "case.shouted": (
        "MONTREAL TRADES FLOYD. The trades went on.",
        "TRADES",
        "The TRADES rose. The trades went on.",
    ),
    "case.homograph": ("Prices rose in May. Rain may fall.", "May", "Prices rose in June."),
    "case.short-word": ("The Ox ran. An ox fell.", "Ox", "The Oxen ran. An oxen fell."),
    "case.mixed-case": (
        "The iPhone sold. The iphone broke.",
        "iPhone",
        "The Iphone sold. The iphone broke.",
    ),
    "case.function-word-edge": (
        "He said The Cold War ended. Then the cold war began.",
        "the cold war",
        "Cold War ended. Then the cold war began.",
    ),
    "case.in-name": (
        "Prime Minister Boris Johnson spoke. The prime minister left early.",
        "Minister",
        "The Minister spoke. The prime minister left early.",
    ),
    "case.title": (
        "She read the journal Heart today. Her heart raced.",
        "Heart",
        "She read the Heart today. Her heart raced.",
    ),
    "case.publication": (
        "He wrote for the Times. Those were the times.",
        "Times",
        "He wrote for the Tides. Those were the tides.",
    ),
    "case.place": (
        "He lives in Reading, Pa. and likes reading.",
        "Reading",
        "He lives in Reading and likes reading.",
    ),
    "case.quotation-capital": (
        'The court met. "The Court has ruled," she said. The court denied it.',
        "Court",
        "The court met. She said the Court has ruled. The court denied it.",
    ),
    "case.numbered-label": (
        "We took Route 2 north. The route is long. Another route closed.",
        "Route",
        "We took Route 2 north. The route 9 is long. Another route closed.",
    ),
    "abbreviation.currency": ("It cost HK $150. The HK team won.", "HK", "The HK team won."),
    "abbreviation.code": ("Emissions of SO 2 rose. The SO team won.", "SO", "The SO team won."),
    "abbreviation.roman-numeral": (
        "World War II ended. The II team won.",
        "II",
        "World War Two ended. The QI team won.",
    ),
    "abbreviation.heading": ("QXR wins\n\nThe QXR said so.", "QXR", "The QXR said so."),
    "abbreviation.capitals-line": (
        "The clerk said THE QXR WILL MEET ON MONDAY AT NOON IN THE TOWN HALL TODAY and left.",
        "QXR",
        "The clerk said the QXR will meet on Monday at noon in the town hall today and left.",
    ),
}
NEEDS_DICTIONARY = {"abbreviation.undefined.word-in-capitals", "hyphenation.broken-word"}


def rule_of(name: str) -> str:
    """'case.generic' -> 'consistency.case'; 'abbreviation.undefined.quoted' ->
    'consistency.abbreviation.undefined'."""
    return "consistency." + name.rsplit(".", 1)[0]


def judged(text: str) -> Judgement:
    return BARE.judge(Document.from_text(text))


def test_every_suppressor_has_examples_and_a_reason():
    names = [s.name for s in (*suppressors(), *use_suppressors())]
    assert len(names) == len(set(names))
    assert {s.name for s in suppressors()} == set(EXAMPLES)
    assert {s.name for s in use_suppressors()} == set(USE_EXAMPLES)
    assert all(s.reason and "\n" not in s.reason for s in (*suppressors(), *use_suppressors()))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_suppressor_withholds_its_example_and_lets_a_near_one_through(name: str):
    if name in NEEDS_DICTIONARY and not lexicon.dictionary():
        pytest.skip("symspellpy word list not installed")
    positive, negative = EXAMPLES[name]
    withheld = judged(positive)
    assert name in {s.suppressor for s in withheld.suppressed}
    assert not [f for f in withheld.kept if f.rule == rule_of(name)]
    through = judged(negative)
    assert [f for f in through.kept if f.rule == rule_of(name)]
    assert name not in {s.suppressor for s in through.suppressed}


def test_check_reports_exactly_the_kept_findings():
    for positive, negative in EXAMPLES.values():
        for text in (positive, negative):
            doc = Document.from_text(text)
            assert BARE.check(doc) == list(BARE.judge(doc).kept)


def test_suppressed_findings_follow_the_enabled_checks():
    text = EXAMPLES["case.institution"][0]
    off = ConsistencyEngine(checks=frozenset({"hyphenation"}))
    assert off.judge(Document.from_text(text)).suppressed == ()


def test_the_first_suppressor_that_applies_is_credited():
    never = Suppressor[int]("x.never", "never", lambda n: False)
    even = Suppressor[int]("x.even", "even", lambda n: n % 2 == 0)
    small = Suppressor[int]("x.small", "small", lambda n: n < 3)
    assert first_applying((never, even, small), 2) is even
    assert first_applying((never, small, even), 2) is small
    assert first_applying((never,), 2) is None
    result = judge((even,), [(1, ()), (2, ())])
    assert result == Judgement((), ())


def test_word_lists_are_words_and_a_pattern_matches_each():
    import re

    words = word_list("case_title_cues.txt")
    assert "journal" in words and not any(w.startswith("#") for w in words)
    pattern = re.compile(rf"{words_pattern('case_title_cues.txt')}$")
    assert all(pattern.match(w) for w in words)


def test_every_data_file_has_a_header_saying_what_it_is_for():
    from importlib import resources

    data = resources.files("copyedit.consistency").joinpath("data")
    files = [f for f in data.iterdir() if f.name.endswith(".txt")]
    assert len(files) >= 20
    for f in files:
        assert f.read_text("utf-8").startswith("# "), f.name


@pytest.mark.parametrize("name", sorted(USE_EXAMPLES))
def test_use_suppressor_keeps_its_example_out_of_the_evidence(name: str):
    positive, words, negative = USE_EXAMPLES[name]
    assert (name, words) in {(x.suppressor, x.text) for x in judged(positive).ignored}
    assert name not in {x.suppressor for x in judged(negative).ignored}


def test_ignored_words_are_where_the_draft_has_them():
    for positive, _, negative in USE_EXAMPLES.values():
        for text in (positive, negative):
            assert all(text[x.start : x.end] == x.text for x in judged(text).ignored)
