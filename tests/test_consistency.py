"""Consistency engine: discovery, abbreviations, names, house-style term lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from copyedit.checks.loader import builtin_rules_dir, load_folder
from copyedit.config import Config
from copyedit.consistency.house import find_term_files, load_terms
from copyedit.consistency.marks import _opens_line
from copyedit.consistency.tokens import Scan, line_bounds
from copyedit.document import Document
from copyedit.engines.consistency import ConsistencyEngine
from copyedit.errors import ConfigError, RuleError
from copyedit.languagetool.data import find_jar
from copyedit.model import Applicability, Category
from copyedit.pipeline import settle

ENGINE = ConsistencyEngine.from_config(Config())
BARE = ConsistencyEngine()  # no house style: discovery only


def run(text: str, engine: ConsistencyEngine = BARE, format: str = "text"):
    doc = Document.from_text(text, format=format)
    found = engine.check(doc)
    for f in found:
        assert doc.text[f.start : f.end] == f.text
        assert f.category is Category.CONSISTENCY and f.engine == "consistency"
        expected = Applicability.UNSAFE if f.replacements else Applicability.DISPLAY_ONLY
        assert f.applicability is expected
    return settle(doc, found)


def rules(found) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in found]


def test_case_variant_of_a_phrase():
    text = (
        "Relations froze during the Cold War and never recovered.\n"
        "Historians of the cold war disagree about the cause.\n"
    )
    found = run(text)
    assert rules(found) == [("consistency.case", "cold war")]
    assert found[0].replacements == ("Cold War",)
    assert "line 1" in found[0].message


def test_sentence_initial_and_headline_capitals_are_not_variants():
    text = (
        "Government Plans New Budget\n\n"
        "Government ministers met on Monday. The government said taxes would rise.\n"
        "Officials said the government was divided.\n"
    )
    assert run(text) == ()


def test_isolated_capital_against_lower_case():
    text = "The budget met. Critics said the Budget had failed. The budget was cut."
    found = run(text)
    assert rules(found) == [("consistency.case", "Budget")]
    assert found[0].replacements == ("budget",)


def test_institution_written_lower_case_and_capitalised_once_is_reported():
    text = "The government met. Critics said the Government had failed. The government denied it."
    found = run(text)
    assert rules(found) == [("consistency.case", "Government")]
    assert found[0].replacements == ("government",)


def test_institution_short_form_of_a_name_in_the_draft_is_a_style_not_a_slip():
    text = (
        "The Supreme Court met. Lawyers said the court erred. Critics said the Court had "
        "failed. The court denied it."
    )
    assert run(text) == ()
    twice = "The council met. Critics said the Council had failed, and the Council agreed."
    assert run(twice + " The council denied it.") == ()


def test_institution_capitalised_in_a_quotation_is_the_speaker_style():
    text = 'The court met. "The Court has ruled," she said. The court denied it.'
    assert run(text) == ()


def test_capitals_inside_longer_names_are_not_variants():
    text = (
        "Prime Minister Boris Johnson spoke. The prime minister left early.\n"
        "Tropical Storm Barry formed. The tropical storm moved on.\n"
        "The cast of Kim's Convenience met. Shoppers like convenience. Yes, convenience.\n"
    )
    assert [f for f in run(text) if f.rule == "consistency.case"] == []


def test_a_word_written_both_ways_repeatedly_is_a_distinction():
    text = (
        "The Channel was rough. A news channel said so. The Channel closed. Another channel agreed."
    )
    assert run(text) == ()


def test_interview_labels_start_sentences():
    text = (
        "Wikinews spoke with her.\n\n((WN))  What got you into it?\n\n"
        "She asked what it was and what it meant.\n"
    )
    assert run(text) == ()


def test_capitals_after_a_determiner_in_quotations_are_the_sources():
    text = 'The court ruled. "It is not for the Court to opine," he said. The court left.'
    assert [f for f in run(text) if f.rule == "consistency.case"] == []
    text = 'Women were raped, she said. "Women who have been Raped do not have to justify it."'
    assert [(f.text, f.replacements) for f in run(text)] == [("Raped", ("raped",))]


def test_hyphen_space_and_closed_forms():
    text = (
        "Its geostrategic position matters. Pakistan has geo strategic importance.\n"
        "The mid-week vote came, and a midweek poll followed the mid-week vote.\n"
    )
    found = run(text)
    assert ("consistency.hyphenation", "geo strategic") in rules(found)
    assert ("consistency.hyphenation", "midweek") in rules(found)


def test_hyphen_against_space_is_grammar():
    text = "The decision-making process was slow, and decision making stalled."
    assert run(text) == ()


def test_compound_modifiers_and_phrasal_verbs_are_left_alone():
    text = (
        "A well-known writer is well known here. They set up a set-up. We log in at the login page."
    )
    assert [f for f in run(text) if f.rule == "consistency.hyphenation"] == []


def test_same_word_spelling_patterns_without_word_lists(monkeypatch):
    from copyedit.consistency import lexicon

    lexicon.us_gb_pairs()  # memoised with the jar present must not leak into its absence
    monkeypatch.setenv("COPYEDIT_LANGUAGETOOL_LIB", "/nonexistent")
    assert lexicon.us_gb_pairs() == {} and lexicon.coherency_groups() == {}
    found = run("The colour was red. Another color was blue. They organise and organize.")
    texts = [f.text for f in found if f.rule == "consistency.spelling"]
    assert texts == ["color", "organize"]


def test_numbers_small_range():
    found = run("Three ministers resigned and 5 officials left. Four more may follow.")
    assert rules(found) == [("consistency.numbers", "5")]
    (f,) = [f for f in found if f.rule == "consistency.numbers"]
    assert f.message == (
        "Numbers 2-9: '5' is a numeral here and a word elsewhere ('Three' / 'Four' on line 1);"
        " news style spells out two to nine: write 'five'."
    )
    assert f.replacements == ()  # a suggestion: in a series figures may be right


def test_dash_and_quote_styles_are_off_by_default():
    text = 'He said “no” and left — then she said "yes", so -- twice, he said “maybe”.'
    assert run(text) == ()
    config = Config(extra={"consistency": {"enable": ["quotes", "dashes"]}})
    found = run(text, ConsistencyEngine.from_config(config))
    kinds = {f.rule for f in found}
    assert {"consistency.quotes", "consistency.dashes"} <= kinds


def test_mixed_apostrophes_get_the_majority_form_when_enabled():
    text = "The minister’s aide and the council’s chair met the mayor's team."
    config = Config(extra={"consistency": {"enable": ["apostrophes"], "prefer": "majority"}})
    found = [f for f in run(text, ConsistencyEngine.from_config(config))]
    odd = [f for f in found if f.rule == "consistency.apostrophes"]
    assert [(f.text, f.replacements[:1]) for f in odd] == [("'", ("’",))]
    assert text[odd[0].start : odd[0].end] == "'"


def test_checks_can_be_disabled_and_names_are_validated():
    config = Config(extra={"consistency": {"disable": ["numbers"]}})
    engine = ConsistencyEngine.from_config(config)
    assert run("Three ministers resigned and 5 officials left. Four more may follow.", engine) == ()
    with pytest.raises(ConfigError, match="consistency.enable.*unknown check 'colours'"):
        ConsistencyEngine.from_config(Config(extra={"consistency": {"enable": ["colours"]}}))


def test_clock_times_are_numerals():
    assert run("Three ministers met at 5 p.m. and four left at 6 pm.") == ()


def test_title_forms_of_one_person():
    text = (
        "Prime Minister Imran Khan visited Moscow. Critics said PM Khan misjudged it.\n"
        "Later Prime Minister Khan defended the trip.\n"
    )
    found = [f for f in run(text) if f.rule == "consistency.name-form"]
    assert [(f.text, f.replacements) for f in found] == [("PM", ("Prime Minister",))]


def test_given_name_initial():
    found = run("Vladimir Putin spoke. Officials said V. Putin would travel. Putin did not.")
    assert [(f.text, f.replacements) for f in found] == [("V.", ("Vladimir",))]


def test_abbreviations():
    text = (
        "The ICG wrote first. Later the International Crisis Group (ICG) said more.\n"
        "The Financial Action Task Force (FATF) met. The Financial Action Task Force said no.\n"
        "Again the Financial Action Task Force (FATF) met. The UN and NATO agreed.\n"
    )
    found = rules(run(text))
    assert ("consistency.abbreviation.before-definition", "ICG") in found
    assert ("consistency.abbreviation.respelled", "Financial Action Task Force") in found
    assert ("consistency.abbreviation.redefined", "Financial Action Task Force (FATF)") in found
    assert not any(t in ("UN", "NATO") for _, t in found)


def test_undefined_abbreviation_with_full_form_in_draft():
    # Spelled out before the first use: news style (AP) adds no "(UNGA)".
    assert run("The United Nations General Assembly met. The UNGA vote was close.") == ()
    text = "The UNGA vote was close. The United Nations General Assembly met."
    found = run(text)
    assert rules(found) == [("consistency.abbreviation.undefined", "UNGA")]
    assert "United Nations General Assembly" in found[0].message


def test_speaker_labels_and_codes_are_not_undefined_abbreviations():
    text = (
        "MS We looked.\nMS We found it.\nMS We said so.\nThe REGN-EB3 drug, REGN-EB3 and REGN-EB3."
    )
    assert run(text) == ()


def test_us_uk_mixing_with_languagetool_lists():

    if find_jar() is None:
        pytest.skip("LanguageTool language-en jar not installed")
    found = run("The behavior was odd. Her favorite color is grey, said the organizer.")
    assert ("consistency.spelling-variety", "grey") in rules(found)


def test_no_findings_inside_markdown_code():
    text = "The Cold War ended.\n\n`the cold war` stays as code.\n\n```\ncold war\n```\n"
    assert run(text, format="markdown") == ()


def test_house_style_prefers_its_form():
    found = run("During the cold war Pakistan chose a side.", ENGINE)
    assert [(f.text, f.replacements) for f in found] == [("cold war", ("Cold War",))]


def test_case_reports_the_lone_odd_form_whatever_comes_first():
    text = "The cold war. The Cold War. A talk on the Cold War."
    majority = ConsistencyEngine.from_config(Config(extra={"consistency": {"prefer": "majority"}}))
    for engine in (ConsistencyEngine(), majority):
        assert [f.text for f in run(text, engine)] == ["cold war"]


def test_prefer_majority(monkeypatch):
    monkeypatch.setenv("COPYEDIT_LANGUAGETOOL_LIB", "/nonexistent")
    text = "The colour was red. Another color was blue. A color was green."
    first = run(text, ConsistencyEngine())
    majority = run(
        text,
        ConsistencyEngine.from_config(Config(extra={"consistency": {"prefer": "majority"}})),
    )
    assert [f.text for f in first if f.rule == "consistency.spelling"] == ["color", "color"]
    assert [f.text for f in majority if f.rule == "consistency.spelling"] == ["colour"]


def test_us_uk_lone_exception_and_mixed_drafts():

    if find_jar() is None:
        pytest.skip("LanguageTool language-en jar not installed")
    found = run("The colour of the theatre was grey. The center agreed.")
    assert rules(found) == [("consistency.spelling-variety", "center")]
    # two words of each: no variety to unify on, so one finding says the draft mixes both
    mixed = run("The colour of the theatre. The center and the color.")
    assert rules(mixed) == [("consistency.spelling-mixed", "center")]
    assert not mixed[0].replacements
    assert run('The center said: "We honour the theatre." The color was gray.') == ()


# ---------------------------------------------------------------------------- house style


def _term_lists() -> list[Path]:
    return find_term_files([builtin_rules_dir()])


def test_starter_term_list_exists_and_rule_loader_skips_it():
    assert _term_lists()
    ids = {r.meta.id for r in load_folder(builtin_rules_dir())}
    assert not any("terms" in i for i in ids)


@pytest.mark.usefixtures("lt_data")
@pytest.mark.parametrize("path", _term_lists(), ids=lambda p: p.name)
def test_term_examples(path: Path):
    engine = ConsistencyEngine(terms=load_terms(path))
    for term in engine.terms:
        for text, fixed in term.bad:
            found = [f for f in run(text, engine) if f.rule.startswith("consistency.house")]
            assert found, f"{term.prefer}: not flagged: {text}"
            if fixed:
                f = found[0]
                assert text[: f.start] + f.replacements[0] + text[f.end :] == fixed
        for text in term.good:
            found = [f for f in run(text, engine) if f.rule.startswith("consistency.house")]
            assert not found, f"{term.prefer}: flagged in good example: {text}"


def test_term_list_errors_name_file_and_key(tmp_path: Path):
    bad = tmp_path / "x.terms.yml"
    bad.write_text("terms:\n  - prefer: email\n    variants: e-mail\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"x\.terms\.yml: key 'terms\[0\]\.variants'"):
        load_terms(bad)


def test_publication_terms_folder(tmp_path: Path):
    folder = tmp_path / "style"
    folder.mkdir()
    (folder / "desk.terms.yml").write_text(
        "terms:\n  - prefer: Beijing\n    variants: [Peking]\n"
        "    examples:\n      bad: ['Peking said no.']\n      good: ['Beijing said no.']\n",
        encoding="utf-8",
    )
    config = Config(
        source=tmp_path / "copyedit.toml", extra={"consistency": {"terms-folders": ["style"]}}
    )
    engine = ConsistencyEngine.from_config(config)
    assert [f.replacements for f in run("Officials in Peking said no.", engine)] == [("Beijing",)]


def test_sample_oped():
    path = Path(__file__).resolve().parents[1] / "samples/oped-pakistan-neutrality.txt"
    doc = Document.from_text(path.read_text(encoding="utf-8"))
    found = settle(doc, ENGINE.check(doc))
    texts = {f.text for f in found}
    assert {"cold war", "geo strategic", "PM"} <= texts


def test_us_uk_quoted_words_count_and_a_tie_goes_to_the_narration():

    needs(find_jar(), "LanguageTool language-en jar")
    text = 'The theatre changed the colour of its centre. "We were honored," she said.'
    assert rules(run(text)) == [("consistency.spelling-variety", "honored")]
    text = '"We were honored," she said. The theatre opened.'
    assert proposals(text, "consistency.spelling-variety") == [("honored", ("honoured",))]
    text = 'She said: "We were honored." He said: "The theatre opened."'
    assert proposals(text, "consistency.spelling-variety") == [("theatre", ("theater",))]


def test_doubled_consonant_and_hyphen_pairs_mark_no_variety():
    from copyedit.consistency import lexicon

    assert lexicon.weak_pair("canceled", "cancelled")
    assert lexicon.weak_pair("worshiping", "worshipping")
    assert lexicon.weak_pair("longtime", "long-time")
    assert not lexicon.weak_pair("color", "colour")
    assert not lexicon.weak_pair("counselor", "counsellor")
    if find_jar() is None:
        pytest.skip("LanguageTool language-en jar not installed")
    # American dictionaries list 'cancelled' too; 'canceled' is American only.
    assert run("The color of the theater faded, and the show was cancelled.") == ()
    found = run("The colour of the theatre faded, and the show was canceled.")
    assert rules(found) == [("consistency.spelling-variety", "canceled")]
    assert run("The color of the theater faded for the long-time fans.") == ()


def test_abbreviation_glossed_in_brackets_is_defined():
    text = "Advice to HM [Her Majesty] the Queen was given. HM the Queen agreed. HM left."
    assert run(text) == ()


def test_respelled_full_forms_of_known_abbreviations_and_in_credit_lines():
    text = "The European Union (EU) met. The EU agreed, and the European Union said so."
    assert run(text) == ()
    text = (
        "The Court of Arbitration for Sport (CAS) ruled on Friday.\n\n"
        '"The appeal is dismissed," the ruling said.\n\n'
        "– Court of Arbitration for Sport\n\n"
        "The CAS ruling is final.\n"
    )
    assert run(text) == ()
    again = (
        "The Court of Arbitration for Sport (CAS) ruled. The Court of Arbitration for Sport left."
    )
    assert rules(run(again)) == [
        ("consistency.abbreviation.respelled", "Court of Arbitration for Sport")
    ]


def test_a_number_and_a_noun_are_a_count_not_a_compound():
    text = "The sevengills live deep, and sevengills bite. The shark has seven gills."
    assert [f for f in run(text) if f.rule == "consistency.hyphenation"] == []
    text = "The two-seater flew. A twoseater landed."
    assert rules(run(text)) == [("consistency.hyphenation", "twoseater")]


def test_sentence_starts_and_calendar_words_do_not_make_names():
    text = "The victims spoke. One of the Victims wept. The victims left."
    assert rules(run(text)) == [("consistency.case", "Victims")]
    text = "He was arrested in May. The man was Arrested in March. Police arrested two more."
    assert rules(run(text)) == [("consistency.case", "Arrested")]
    # A real name still shields its words: 'Bank of England' next to 'the bank'.
    text = "The bank said so. Officials at the Bank of England agreed. The bank left."
    assert run(text) == ()


def test_region_words_and_quoted_title_phrases_are_left_alone():
    text = "Protesters marched to the Central district. The central bank and central square."
    assert run(text) == ()
    text = (
        "She named a national security advisor. He said: "
        '"I will name a new National Security Advisor soon." The national security advisor left.'
    )
    assert run(text) == ()


def test_company_names_need_no_spelling_out():
    text = "The firm HDT Vedelmi Ipari Kft. bought it. HDT's loan grew. HDT paid, and HDT left."
    assert run(text) == ()
    text = "The HDT loan grew. HDT paid, and HDT left."
    assert rules(run(text)) == [("consistency.abbreviation.undefined", "HDT")]


# --- Long documents: fewer false findings (each test is one general rule) ---------------


def test_capitals_after_dashes_brackets_ellipses_and_numerals_are_new_starts():
    base = "The budget rose. The budget fell. "
    for opener in ("Sir--Budget cuts hurt.", "… Budget cuts hurt.", "[Budget cuts hurt.]"):
        assert run(base + opener) == (), opener
    assert run(base + "See Figure 2.1 Budget cuts by year.") == ()


def test_a_full_stop_after_an_initial_keeps_the_next_word_mid_sentence():
    # 'Budget' after 'B.' is not a sentence start: it is evidence, and the odd one out.
    found = run("The budget rose. The budget fell. They met John B. Budget today.")
    assert rules(found) == []  # inside the name 'John B. Budget'
    found = run("The budget rose. The budget fell. The Budget was cut.")
    assert rules(found) == [("consistency.case", "Budget")]


def test_a_numeral_suffix_is_not_a_word():
    text = "The story of the 509th is a tale of secrecy. This is the story. This was it."
    assert [f for f in run(text) if f.rule == "consistency.hyphenation"] == []


def test_runs_of_capitals_are_headlines_not_case_variants():
    text = (
        "MONTREAL TRADES FLOYD TO RED SOX FOR TWO PITCHERS The Red Sox won on Monday. "
        "Fans of the Red Sox cheered.\n\n"
        "COURT OVERTURNS DEATH SENTENCE The court set aside the death sentence. "
        "A death sentence is rare.\n"
    )
    assert [f for f in run(text) if f.rule == "consistency.case"] == []


def test_numbered_and_ampersand_names_keep_their_capitals():
    text = (
        "Flight 54 took off late. The flight was full. The flight landed.\n"
        "The report is by Blyth & Company, bankers. The company grew. The company fell.\n"
    )
    assert run(text) == ()
    # The lower-case word before a number too: the capital is no name, report it.
    found = run("Take route 9 north. Route 9 is closed. Then route 9 again.")
    assert [f.text for f in found if f.rule == "consistency.case"] == []  # a start
    found = run("Take route 9 north. They closed Route 9 today. Then route 9 again.")
    assert [f.text for f in found if f.rule == "consistency.case"] == ["Route"]
    # A function word before a number is no name: 'Until 2020' is still a slip.
    found = run("Wait until noon. Stay until dark. He will serve Until 2020.")
    assert [f.text for f in found if f.rule == "consistency.case"] == ["Until"]


def test_names_joined_by_and_or_keep_their_capitals():
    text = (
        "The court split, and Zazzali and Long dissented. The wait was long. "
        "The day was long. Nature and Nurture is a book. Human nature is odd. "
        "It is in our nature."
    )
    assert [f for f in run(text) if f.rule == "consistency.case"] == []


def test_words_quoted_without_marks_after_a_speech_verb_start_anew():
    text = (
        "The supplies ran out. More supplies came. The blurb reads, Supplies you with "
        "words. He said, You know the rest, and you do."
    )
    assert [f for f in run(text) if f.rule == "consistency.case"] == []


def test_run_in_headings_and_program_code_are_no_case_evidence():
    text = (
        "2. Use of Intermediaries: In all cases the intermediaries must agree. The "
        "intermediaries agreed.\n"
        "double Speed = 0; int Turn = left_motor; if (Speed == 1) {rotate ();}\n"
        "The robot will turn at low speed. Its speed and its turn are slow.\n"
    )
    assert [f for f in run(text) if f.rule == "consistency.case"] == []


def test_party_adjectives_are_another_sense_and_state_words_are_institutions():
    text = (
        "Education is a priority of many Democratic voters. The vote was democratic. "
        "A democratic process needs democratic norms."
    )
    assert [f for f in run(text) if f.rule == "consistency.case"] == []
    # An institution noun: the lone capital among lower-case uses is still reported,
    # but once the draft capitalises it twice it is the draft's own style.
    text = "Both federal and State rules apply. The state agreed, and the state paid."
    assert [f.text for f in run(text) if f.rule == "consistency.case"] == ["State"]
    text = "Federal and State rules apply. The State agreed, and the state paid the state."
    assert [f for f in run(text) if f.rule == "consistency.case"] == []


def test_numerals_for_measures_times_labels_and_scores_are_not_mixed_styles():
    words = "Three horses ran in five races over two days. "
    for numeral in (
        "Paget won the 7 furlongs.",
        "Both are 6 feet tall.",
        "The game starts at 8 tonight.",
        "The beach is 3 km (2 miles) long.",
        "See pattern 3 in the figure.",
        "He went 4 under par.",
    ):
        assert [f for f in run(words + numeral) if f.rule == "consistency.numbers"] == [], numeral
    found = run(words + "Police arrested 4 men.")
    assert [f.text for f in found if f.rule == "consistency.numbers"] == ["4"]
    # A draft that writes small numerals again and again follows a rule of its own.
    many = words + "Police arrested 4 men, 3 women and 6 boys."
    assert [f for f in run(many) if f.rule == "consistency.numbers"] == []


def test_datelines_reverse_definitions_currencies_and_codes_are_not_abbreviation_slips():
    datelines = (
        "Washington (AP) -- Stocks rose. The Associated Press (AP) reported it.\n\n"
        "New York (AP) -- Bonds fell.\n\n"
        "Boston (AP) -- Oil rose.\n"
    )
    assert [f for f in run(datelines) if "redefined" in f.rule] == []
    reverse = (
        "The DART (Dublin Area Rapid Transit) runs north. DART trains are fast. Take the DART home."
    )
    assert run(reverse) == ()
    codes = (
        "Admission is HK $150 for adults and HK $75 for children, HK $20 for pets. "
        "The plan cuts SO 2 emissions, and SO 2 levels fell, as SO 2 must. "
        "Rules in 45 CFR 1612 apply; 45 CFR 1610 and 45 CFR 1611 too. "
        "He has 21 RBI, 30 RBI last year and 90 RBI in all."
    )
    assert [f for f in run(codes) if f.rule.startswith("consistency.abbreviation")] == []
    plural = (
        "Fannie Mae and Freddie Mac, the government-sponsored enterprises (the GSEs), "
        "failed. The GSEs were rescued. GSE debt rose."
    )
    assert [f for f in run(plural) if f.rule.startswith("consistency.abbreviation")] == []


def test_middle_initials_and_quoted_titles_are_not_other_name_forms():
    text = (
        "Bankers included Gaynor B. Jones of Houston. Later Bill Jones spoke. "
        "The N. Y. Times and the New York Times agreed."
    )
    assert [f for f in run(text) if f.rule == "consistency.name-form"] == []
    quoted = 'Sen. John McClellan spoke. "Senator McClellan is wrong," she said.'
    assert [f for f in run(quoted) if f.rule == "consistency.name-form"] == []
    found = run("Sen. McClellan spoke. Later Senator McClellan left.")
    assert [f.text for f in found if f.rule == "consistency.name-form"] == ["Sen."]


def test_one_syllable_ll_words_are_other_words_not_spellings(monkeypatch):
    from copyedit.consistency.spelling import pattern_key

    assert pattern_key("travelled") == pattern_key("traveled")
    assert pattern_key("filled") != pattern_key("filed")
    assert [
        f
        for f in run("The glass was filled. The complaint was filed.")
        if f.rule == "consistency.spelling"
    ] == []


def test_american_dictionary_forms_and_past_in_t_mark_no_variety():

    if find_jar() is None:
        pytest.skip("LanguageTool language-en jar not installed")
    for word in ("archaeology", "aesthetic", "glamour", "sunburnt"):
        text = f"Her favorite color is the center of the theater. The {word} was noted."
        assert [f for f in run(text) if f.rule == "consistency.spelling-variety"] == [], word
    text = "Her favorite color is the center of the theater. The colour was noted."
    assert [f.text for f in run(text) if f.rule == "consistency.spelling-variety"] == ["colour"]


def test_house_case_forms_leave_capitalised_names_alone():
    assert run("Dubai Internet City opened today.", ENGINE) == ()
    found = run("Users of the Internet grew.", ENGINE)
    assert [(f.text, f.replacements) for f in found] == [("Internet", ("internet",))]


def test_publications_places_with_states_and_family_names_keep_their_capitals():
    text = (
        "I wrote to the editor of the Times. It happened three times, and at times "
        "it rained. He was sent to Reading, Pa. Reading is fun, and reading helps. "
        "We stay together the way Mother wanted. His mother agreed, and my mother too."
    )
    assert [f for f in run(text) if f.rule == "consistency.case"] == []


def test_a_surname_with_a_particle_is_one_name():
    text = "An assist came from A. Van Hollander. Alfred Van Dyke spoke later."
    assert [f for f in run(text) if f.rule == "consistency.name-form"] == []
    found = run("An assist came from A. Hollander. Alfred Hollander spoke later.")
    assert [f.text for f in found if f.rule == "consistency.name-form"] == ["A."]


def test_an_abbreviation_only_a_speaker_uses_is_left_to_the_quotation():
    quoted = (
        'The minister spoke. "The PTI will win," he said. "The PTI is strong, and the '
        'PTI knows it," he added.'
    )
    assert [f for f in run(quoted) if f.rule.startswith("consistency.abbreviation")] == []
    unquoted = "The PTI will win. The PTI is strong. The PTI knows it."
    found = run(unquoted)
    assert [f.text for f in found if f.rule == "consistency.abbreviation.undefined"] == ["PTI"]


def case_texts(text: str) -> list[str]:
    return [f.text for f in run(text) if f.rule == "consistency.case"]


def test_a_sentence_crowded_with_odd_capitals_is_a_table_or_a_title():
    # Two standalone capitals in one sentence on words written lower case elsewhere:
    # a table run together, a title in title case, a line of verse.
    text = (
        "The robot sees with its eyes and feels the center of the nest.\n"
        "Its parts are: sonar detectors Eyes; light perception Center top of the shell.\n"
        "The center of the nest is warm, and the eyes are small.\n"
    )
    assert case_texts(text) == []
    # One such capital alone is still the odd one out.
    text = text.replace("Center top", "center top")
    assert case_texts(text) == ["Eyes"]


def test_capitalised_function_words_in_a_draft_that_lost_its_sentence_breaks():
    # Two mid-sentence capitals on function words: verse, run-in headings.
    text = (
        "Milton penned And leave a singed bottom all involved With stench and smoke.\n"
        "The poem and the essay were written with care, and with wit.\n"
    )
    assert case_texts(text) == []
    # A single one is a slip and still reported.
    text = "The wall, Which he promised, was built. The wall which fell was old. Which one?"
    assert case_texts(text) == ["Which"]


def test_the_short_form_of_a_name_the_draft_writes():
    text = (
        "Pilgrims climbed the Temple Mount at dawn. A Roman temple once stood in the city, "
        "and every temple had priests. The site of the ruined Temple was later built over."
    )
    assert case_texts(text) == []
    # A title before a name, then the title alone: AP lower-cases it, and a capital on
    # it alone is the short form of the name, not a slip either.
    text = (
        "President Anna Kowal signed the bill. A vice president and a former president "
        "objected, but the President said it was fair."
    )
    assert case_texts(text) == []
    text = "President Anna Kowal signed it. The president said so. The president left."
    assert case_texts(text) == []
    # The draft writes 'the prize' itself: a lone 'the Prize' is then a slip.
    text = (
        "She won the Nobel Prize in Physics. The prize was shared. He won his half of "
        "the Prize for his work, and the prize money was split."
    )
    assert case_texts(text) == ["Prize"]


def test_a_bare_capital_that_is_a_name_in_the_draft_is_the_name():
    text = (
        "Steve Case founded the company. When you think of Case, think of growth. "
        "In any case, that case is closed."
    )
    assert case_texts(text) == []
    # After 'to' it is a verb, and the capital a slip.
    text = (
        "Tropical Storm Barry formed on Monday. No one tried to Storm the base. "
        "The storm passed, and a second storm came."
    )
    assert case_texts(text) == ["Storm"]


def test_numbers_in_a_series_headlines_and_list_numbers_are_figures_in_any_style():
    words = "Three horses ran in five races over two days.\n"
    for numeral in (
        "He threw 5 completions in 7 tosses.",
        "The top 3 students from 11 schools won.",
        "The count rose from 4 last week to 7 this week.",
        "Police arrested 4 men\n\nThe men were released.",  # a headline line
        "Aims:\n4 ships were refitted; more will follow.",  # a list item's number
        "A type 2 vehicle turns toward light.",
    ):
        found = run(words + numeral + "\n")
        assert [f for f in found if f.rule == "consistency.numbers"] == [], numeral
    found = run(words + "Police arrested 4 men at the scene.\n")
    assert [f.text for f in found if f.rule == "consistency.numbers"] == ["4"]


def test_an_initial_before_a_longer_name_is_no_shortened_given_name():
    text = (
        "General David Thompson retired in May. Later, G. David Thompson, a collector, "
        "bought the painting."
    )
    assert [f for f in run(text) if f.rule == "consistency.name-form"] == []
    text = "Vladimir Putin spoke on Monday. Aides said V. Putin left the room."
    assert [f.text for f in run(text) if f.rule == "consistency.name-form"] == ["V."]


def test_names_with_a_place_a_number_or_a_spaced_possessive_inside():
    text = (
        "He taught at the high school in town and at Raymondville, Texas, High School, "
        "before the high school closed.\n"
        "Sha Tin has the Monastery of 10,000 Buddhas. The monastery is old, and the "
        "monastery is busy.\n"
        "Children like Kid ’ s World most. The world is big, and the world is round.\n"
    )
    assert case_texts(text) == []
    # The place alone before a capital is no name: the lone capital is still a slip.
    text = "The school opened. In Raymondville, Texas, the School closed; the school moved."
    assert case_texts(text) == ["School"]


def test_a_full_stop_after_a_decade_or_year_ends_the_sentence():
    text = "The lab opened in the 1980s. Their staff came, with their students and their kit."
    assert case_texts(text) == []
    text = "The lab opened in the 1980s and Their staff came, with their students and their kit."
    assert case_texts(text) == ["Their"]


@pytest.mark.usefixtures("lt_data")
def test_a_british_spelled_name_at_a_sentence_start_is_a_name():
    text = "The center of town has color and flavor.\n\nHarbour City is a mall near the ferry.\n"
    assert [f for f in run(text) if f.rule == "consistency.spelling-variety"] == []
    text = text.replace("Harbour City is", "Harbour views are")
    found = run(text)
    assert [f.text for f in found if f.rule == "consistency.spelling-variety"] == ["Harbour"]


def test_a_lone_lower_case_phrase_after_a_or_an_is_the_generic_thing():
    text = (
        "The Chamber ran the Pre-Legislative Forum last year. Members liked the "
        "Pre-Legislative Forum. This year the Chamber has not arranged a pre-legislative forum."
    )
    assert case_texts(text) == []
    text = text.replace("arranged a pre-legislative", "arranged the pre-legislative")
    assert case_texts(text) == ["pre-legislative forum"]
    text = (
        "Leaders of the Group of Seven met in May. The Group of Seven is an informal "
        "group of seven countries."
    )
    assert case_texts(text) == []
    assert case_texts(text.replace("an informal group", "the informal group")) != []


def proposals(text: str, rule: str) -> list[tuple[str, tuple[str, ...]]]:
    """(text, replacements) of the findings of one rule."""
    return [(f.text, f.replacements) for f in run(text) if f.rule == rule]


def needs(resource: object, what: str) -> None:
    if not resource:
        pytest.skip(f"{what} not installed")


def test_a_compound_tie_goes_to_the_dictionary_spelling():
    from copyedit.consistency import lexicon

    needs(lexicon.dictionary(), "symspellpy word list")
    text = "The bus stopped at the mile-post. Cyclists rest at the milepost."
    assert proposals(text, "consistency.hyphenation") == [("mile-post", ("milepost",))]
    text = "A shock wave hit the town. The shockwave broke windows."
    assert proposals(text, "consistency.hyphenation") == [("shock wave", ("shockwave",))]


def test_a_split_form_with_a_part_that_is_no_word_is_left_to_the_spell_checker():
    from copyedit.consistency import lexicon

    needs(lexicon.dictionary(), "symspellpy word list")
    text = "She joined the com-pany in May. The company grew fast.\nIt won 3-to-o. It was too late."
    assert proposals(text, "consistency.hyphenation") == []
    text = "They saw many of the ruins and took manyof the stones."
    assert proposals(text, "consistency.hyphenation") == []
    text = "A pre-tax loss. The pretax figure fell. An e-mail came. The email was short."
    assert [t for t, _ in proposals(text, "consistency.hyphenation")] == ["pre-tax", "e-mail"]


def test_the_proposal_keeps_the_written_words_lower_case():

    needs(find_jar(), "LanguageTool language-en jar")
    text = (
        "The colour of the theatre was grey and the behaviour odd.\n\n"
        "They were ‘ ‘ organizational men ’ ’ in every sense."
    )
    assert proposals(text, "consistency.spelling-variety") == [
        ("organizational", ("organisational",))
    ]


def test_us_uk_vocabulary_pairs_are_not_spelling_variants():
    from copyedit.consistency import lexicon

    for us, gb in (("color", "colour"), ("maneuver", "manoeuvre"), ("jewelry", "jewellery")):
        assert lexicon.spelling_pair(us, gb)
    for us, gb in (("deboard", "disembark"), ("bookstore", "bookshop"), ("eggplant", "aubergine")):
        assert not lexicon.spelling_pair(us, gb)
    needs(find_jar(), "LanguageTool language-en jar")
    text = "The colour of the theatre was grey. Passengers must deboard at the harbour."
    assert proposals(text, "consistency.spelling-variety") == []


def test_a_name_lower_cased_after_a_direction_word_is_reported():
    text = (
        "Officials in South Korea met envoys from South Korea and Japan.\n\n"
        "The site was run from south korea, police said."
    )
    assert proposals(text, "consistency.case") == [("south korea", ("South Korea",))]


def test_lower_case_after_a_dash_is_evidence_but_a_quoted_term_is_a_mention():
    text = (
        "The team mapped the reef — using sonar — for weeks. Divers searched the floor Using lamps."
    )
    assert proposals(text, "consistency.case") == [("Using", ("using",))]
    text = 'The plan had a Phase Two. Its Phase Two began in May. Aides spoke of "phase two" often.'
    assert proposals(text, "consistency.case") == []


def test_derived_forms_take_their_stems_variety_but_not_inflections():
    from copyedit.consistency import lexicon

    needs(find_jar(), "LanguageTool language-en jar")
    assert lexicon.variety("labourers") == ("GB", "laborers")
    assert lexicon.variety("honourably") == ("GB", "honorably")
    assert lexicon.variety("analyses") is None  # also the plural of 'analysis'
    text = "The labor union met. Its leaders praised the honorable labourers at the center."
    assert proposals(text, "consistency.spelling-variety") == [("labourers", ("laborers",))]


def test_a_word_the_draft_mostly_capitalises_is_no_lone_capital_slip():
    text = (
        "Take the Peak Tram from Garden Road. Victoria Peak has views. The tram climbs to "
        "the Peak in minutes, and you can walk around the peak at dusk."
    )
    assert proposals(text, "consistency.case") == []
    text = "Tropical Storm Barry came ashore. The storm grew, but no one tried to Storm the base."
    assert proposals(text, "consistency.case") == [("Storm", ("storm",))]


def test_a_bound_prefix_written_open_is_an_inconsistency_not_grammar():
    text = "The pro-democracy camp marched. Pro-democracy groups and pro democracy students met."
    assert proposals(text, "consistency.hyphenation") == [("pro democracy", ("pro-democracy",))]
    text = "Some pro democracy groups met. Later the pro-democracy camp marched."
    assert proposals(text, "consistency.hyphenation") == [("pro democracy", ("pro-democracy",))]


def test_capitals_in_a_title_cased_sentence_are_the_titles():
    text = (
        "Workers tried to revive the mills for years.\n\n"
        "Why Did Attempts by Union Leaders and Concerned Citizens to Revive the Steel "
        "Industry Ultimately Fail? The essay asks.\n\n"
        "Nobody could revive them."
    )
    assert case_texts(text) == []
    assert case_texts("Workers tried to revive the mills. Nobody could Revive them.") == ["Revive"]


def test_edit_distance_with_shared_ends_stripped():
    from copyedit.consistency.lexicon import _distance

    cases = {
        ("kitten", "sitting"): 3,
        ("flaw", "lawn"): 2,
        ("", "abc"): 3,
        ("colour", "color"): 1,
        ("aaa", "aa"): 1,
        ("abcabc", "abcabc"): 0,
        ("maneuver", "manoeuvre"): 3,
    }
    for (a, b), d in cases.items():
        assert _distance(a, b) == d == _distance(b, a), (a, b)


def test_american_forms_british_style_also_uses_mark_no_variety():
    if find_jar() is None:
        pytest.skip("LanguageTool language-en jar not installed")
    british = (
        "The colour of the harbour changed. The team is focusing on the behaviour of "
        "the fetus, which weighed 2 kilograms, and inquired about sulfuric acid."
    )
    assert [f for f in run(british) if f.rule == "consistency.spelling-variety"] == []
    # their British partners still mark British spelling
    american = "The color changed. The neighbor asked about the foetus."
    found = [f for f in run(american) if f.rule == "consistency.spelling-variety"]
    assert [(f.text, f.replacements) for f in found] == [("foetus", ("fetus",))]


def test_a_name_opening_a_sentence_marks_no_spelling_variety():
    if find_jar() is None:
        pytest.skip("LanguageTool language-en jar not installed")
    text = (
        "Labor says the plan fails. The opposition leader, from Labor, will realise "
        "that the colour of the debate has changed."
    )
    assert [f for f in run(text) if f.rule == "consistency.spelling-variety"] == []
    # a common word opening a sentence still counts ('Color' is no name here)
    found = run("Color matters. The colour of the harbour and the honour of the favour.")
    assert ("consistency.spelling-variety", "Color") in rules(found)


@pytest.mark.parametrize(
    "text",
    [
        # a journal, a book and a paper named after a noun or phrase the draft also uses
        "Blood tests were run. The findings appear in the journal Blood. The blood was old.",
        "He grows trees. He wrote the book How to Grow a Chair. Chairs grow slowly. They grow.",
        "Mashups are popular. She wrote a paper called Mashups, Remixes and Law. The mashups sold.",
        # a genus before its Latin epithet
        "Listeria monocytogenes is common. The listeria outbreak grew. More listeria was found.",
        # capitals listed in a name or a title
        "The National Heart, Lung, and Blood Institute paid. Her lung healed. The lung was clear.",
        "At Immunology: Past, Present, Future she spoke. The present study helps. Present tense.",
        # a project's name with a handle-like '@', and a bulleted line's first word
        "The Stardust@Home project starts. He stayed home. She went home early.",
        "Winners were:\n* Environmental scientist Dean Cameron\n\nThe environmental cost rose. "
        "Environmental groups, environmental law.",
        # a list in a name, a form of address, a quotation's opening word, the planet
        "He met the minister. The Minister for Agriculture, Forestry and Fisheries spoke. "
        "The agriculture sector grew. Agriculture exports and agriculture jobs rose.",
        'He said, "Not as yet Senator, I have a meeting." The senator left. The senator sat.',
        "Farmers can say 'Yes we pay a fair amount' to them. The answer was yes. Yes, yes.",
        "Life on Earth began early. The earth was wet. Rain soaked the earth.",
        "They found Listeria monocytogenes bacteria. The listeria spread. More listeria grew.",
    ],
)
def test_capitals_of_titles_species_lists_and_address_are_not_case_variants(text):
    assert [f for f in run(text) if f.rule == "consistency.case"] == []


def test_a_lone_capital_is_still_reported_beside_those_exceptions():
    text = (
        "The journal Blood is read. The blood was old. The blood dried. "
        "Doctors saw the Blood on the floor."
    )
    found = [f for f in run(text) if f.rule == "consistency.case"]
    assert [(f.text, f.start) for f in found] == [("Blood", text.rindex("Blood"))]


@pytest.mark.parametrize(
    "text",
    [
        "The clay will re-form in the mould. Labour wants reform. Reform is slow.",
        "Use common sense. It is a commonsense rule. More common sense helps.",
        "Summerfruit Australia said so. Summer fruit prices rose. The summer fruit sold.",
    ],
)
def test_compounds_that_are_other_words_or_names_are_not_variants(text):
    assert [f for f in run(text) if f.rule == "consistency.hyphenation"] == []


def test_a_sentence_opening_compound_is_still_compared():
    text = "Graingrowers met. The grain growers voted. Many grain growers left."
    assert ("consistency.hyphenation", "Graingrowers") in rules(run(text))


def test_abbreviated_title_before_full_names_and_spelled_before_surnames_is_a_convention():
    text = (
        "Sen. John McClellan spoke first. Later Senator McClellan left. Senator McClellan returned."
    )
    assert [f for f in run(text) if f.rule == "consistency.name-form"] == []
    # the other way round, or mixed before surnames alone, is still reported
    text = "Prime Minister Imran Khan spoke. Then PM Khan left. Later Prime Minister Khan sat."
    assert ("consistency.name-form", "PM") in rules(run(text))


def test_measures_and_labels_take_numerals_and_firms_keep_their_initials():
    text = (
        "Two men and four women came. It moves 5 cubic feet a minute, as fig. 8 shows. "
        "Three more came."
    )
    assert [f for f in run(text) if f.rule == "consistency.numbers"] == []
    text = (
        "David Brown founded it. The firm D. Brown & Son grew. The B. & O. Railroad and "
        "the Ohio Railroad merged."
    )
    assert [f for f in run(text) if f.rule == "consistency.name-form"] == []
    assert ("consistency.name-form", "D.") in rules(
        run("David Brown spoke. He met D. Brown there.")
    )


def test_pronouns_capitalised_for_god_are_a_style_not_a_slip():
    text = "He preached of the cross and His resurrection. Yet his life and his home were plain."
    assert [f for f in run(text) if f.rule == "consistency.case"] == []


def test_a_publication_lists_initials_its_readers_know(tmp_path):
    style = tmp_path / "style"
    style.mkdir()
    (style / "desk.terms.yml").write_text(
        "known-abbreviations: [QWB, CSIROX]\nterms: []\n", encoding="utf-8"
    )
    text = "The QWB said so. QWB shares fell. QWB cut jobs. The QZB and QZB and QZB too."
    engine = ConsistencyEngine.from_config(_desk_config(tmp_path))
    undefined = [f.text for f in run(text, engine) if f.rule.endswith("undefined")]
    assert undefined == ["QZB"]
    assert "QWB" in [f.text for f in run(text, ENGINE) if f.rule.endswith("undefined")]


@pytest.mark.parametrize("bad", ["[csiro]", "[C]", "CSIRO", "[TOOLONGNAME]"])
def test_known_abbreviations_must_be_a_list_of_initials(tmp_path, bad):
    style = tmp_path / "style"
    style.mkdir()
    (style / "desk.terms.yml").write_text(
        f"known-abbreviations: {bad}\nterms: []\n", encoding="utf-8"
    )
    with pytest.raises(RuleError, match="known-abbreviations"):
        ConsistencyEngine.from_config(_desk_config(tmp_path))


def _desk_config(tmp_path: Path) -> Config:
    return Config(
        source=tmp_path / "copyedit.toml", extra={"consistency": {"terms-folders": ["style"]}}
    )


def test_one_compound_written_closed_and_hyphenated_gets_one_finding_not_two():
    if find_jar() is None:
        pytest.skip("LanguageTool language-en jar not installed")
    text = (
        "Turn it counterclockwise. Then turn it counterclockwise again. "
        "Never turn it counter-clockwise."
    )
    found = [(f.rule, f.text, f.replacements) for f in run(text)]
    assert found == [("consistency.hyphenation", "counter-clockwise", ("counterclockwise",))]


@pytest.mark.parametrize("text", ["", "one line", "a\nb\n\nc", "\n\nx\r\ny\n", "end\n"])
def test_line_bounds_are_the_line_breaks_around_an_offset(text):
    for i in range(len(text) + 1):
        end = text.find("\n", i)
        assert line_bounds(text, i) == (text.rfind("\n", 0, i) + 1, len(text) if end < 0 else end)


def test_a_numeral_opens_its_line_after_white_space_only():
    text = "Intro\n  3 efficiency\nlists 3 checks"
    assert _opens_line(text, text.index("3"))
    assert not _opens_line(text, text.rindex("3"))
    assert _opens_line("3 x", 0)


def test_heading_between_lines():
    sc = Scan(Document.from_text("x"), (), frozenset({9, 3, 5}))
    assert sc.heading_between(2, 4) and sc.heading_between(4, 9) and sc.heading_between(1, 10)
    assert not sc.heading_between(3, 5) and not sc.heading_between(9, 20)
    assert not sc.heading_between(5, 5) and not Scan(sc.doc, ()).heading_between(0, 9)
