"""LanguageTool adapter tests that need no Java: offsets, classification, settings,
cache, accepted words and the failure messages (recorded server JSON where needed)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from copyedit.cli import main
from copyedit.config import Config
from copyedit.document import Document
from copyedit.engines.languagetool import (
    AcceptedWords,
    LanguageToolEngine,
    classify,
    doubled_name,
    load_accepted_words,
    lone_title,
)
from copyedit.errors import ConfigError, EngineError
from copyedit.languagetool import install as lt_install
from copyedit.languagetool import server
from copyedit.languagetool.cache import ParagraphCache, cache_key
from copyedit.languagetool.client import (
    CheckOptions,
    LTClient,
    LTMatch,
    base_url,
    parse_matches,
    utf16_to_codepoint,
)
from copyedit.languagetool.settings import (
    DEFAULT_DISABLED_RULES,
    DISABLED_FOR_NEWS,
    LTSettings,
    parse_settings,
)
from copyedit.model import Applicability, Category, Severity
from copyedit.pipeline import settle

# Recorded from LanguageTool 6.8 (trimmed) for RECORDED_TEXT: offsets are UTF-16 units.
RECORDED_TEXT = "Fans 😀😀 cheered wrold cup.\r\nHe said “teh” word\u00a0and 🎉 recieve it."
RECORDED = {
    "software": {"name": "LanguageTool", "version": "6.8"},
    "matches": [
        {
            "message": "Possible spelling mistake found.",
            "replacements": [{"value": "world"}, {"value": "Wold"}, {"value": "wold"}],
            "offset": 18,
            "length": 5,
            "rule": {
                "id": "MORFOLOGIK_RULE_EN_US",
                "issueType": "misspelling",
                "category": {"id": "TYPOS", "name": "Possible Typo"},
            },
        },
        {
            "message": "Possible spelling mistake found.",
            "replacements": [{"value": v} for v in ("the", "ten", "tea", "tech", "Ted", "TeX")],
            "offset": 39,
            "length": 3,
            "rule": {
                "id": "MORFOLOGIK_RULE_EN_US",
                "issueType": "misspelling",
                "category": {"id": "TYPOS", "name": "Possible Typo"},
            },
        },
        {
            "message": "Possible spelling mistake found.",
            "replacements": [{"value": "receive"}, {"value": "relieve"}],
            "offset": 56,
            "length": 7,
            "rule": {
                "id": "MORFOLOGIK_RULE_EN_US",
                "issueType": "misspelling",
                "category": {"id": "TYPOS", "name": "Possible Typo"},
            },
        },
    ],
}


def test_utf16_offsets_map_to_code_points():
    text = "a😀b🎉c"
    to_cp = utf16_to_codepoint(text)
    assert [to_cp(u) for u in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]
    plain = utf16_to_codepoint("no astral here “” \u00a0")
    assert plain(7) == 7


def test_recorded_matches_land_on_the_right_words():
    matches = parse_matches(RECORDED_TEXT, RECORDED)
    assert [RECORDED_TEXT[m.start : m.end] for m in matches] == ["wrold", "teh", "recieve"]
    assert matches[1].replacements == ("the", "ten", "tea", "tech", "Ted")  # capped at 5


def test_match_spanning_an_emoji_keeps_its_end():
    text = "x 😀😀 y"
    data = {"matches": [{"offset": 2, "length": 4, "message": "m", "rule": {}}]}
    (m,) = parse_matches(text, data)
    assert text[m.start : m.end] == "😀😀"


def _match(category: str, issue: str) -> LTMatch:
    return LTMatch(0, 1, "R", category, issue, "m")


@pytest.mark.parametrize(
    ("category", "issue", "flagged", "expected"),
    [
        ("TYPOS", "misspelling", "wrold", (Category.SPELLING, Severity.ERROR)),
        ("TYPOS", "misspelling", "Balakot", (Category.SPELLING, Severity.WARNING)),
        ("PUNCTUATION", "typographical", "x", (Category.PUNCTUATION, Severity.WARNING)),
        ("TYPOGRAPHY", "typographical", "x", (Category.TYPOGRAPHY, Severity.SUGGESTION)),
        ("STYLE", "style", "x", (Category.STYLE, Severity.SUGGESTION)),
        ("REDUNDANCY", "style", "x", (Category.STYLE, Severity.SUGGESTION)),
        ("CONFUSED_WORDS", "misspelling", "x", (Category.SPELLING, Severity.ERROR)),
        ("CONFUSED_WORDS", "grammar", "x", (Category.REAL_WORD, Severity.WARNING)),
        ("GRAMMAR", "grammar", "x", (Category.GRAMMAR, Severity.ERROR)),
        ("MISC", "duplication", "x", (Category.GRAMMAR, Severity.ERROR)),
        ("MISC", "uncategorized", "x", (Category.GRAMMAR, Severity.WARNING)),
    ],
)
def test_classify(category, issue, flagged, expected):
    kind = classify(_match(category, issue), flagged)
    assert (kind.category, kind.severity) == expected
    assert 0 < kind.confidence <= 1


def test_findings_from_matches_accepted_words_and_names():
    text = "Zelenskyy met Balakot officials. Balakot is calm. Teh wrold waits."
    doc = Document.from_text(text)
    engine = LanguageToolEngine(LTSettings(), url="http://unused", accepted=["Zelenskyy"])

    def m(word: str, *replacements: str) -> LTMatch:
        i = text.index(word)
        return LTMatch(
            i, i + len(word), "MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling", "Sp.", replacements
        )

    matches = [m("Zelenskyy", "Zelensky"), m("Balakot", "Balaton")]
    matches += [m("Teh", "The", "Ten"), m("wrold", "world", "wold")]
    raw = engine._findings(doc, [(0, matches)])
    # Accepted words and a name the draft writes twice are not flagged; a sentence's
    # first word and a lower-case word with a far more frequent candidate are fixes.
    assert [(f.text, f.replacements) for f in raw] == [("Teh", ("The",)), ("wrold", ("world",))]
    assert [f.text for f in settle(doc, raw)] == ["Teh", "wrold"]
    f = raw[1]
    assert f.rule == "languagetool.MORFOLOGIK_RULE_EN_US"
    assert f.engine == "languagetool"
    assert f.applicability is Applicability.UNSAFE
    assert f.severity is Severity.WARNING


def _spelling(text: str, word: str, *replacements: str) -> LTMatch:
    i = text.index(word)
    return LTMatch(
        i, i + len(word), "MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling", "Sp.", replacements
    )


def test_unknown_names_are_not_corrected_without_evidence():
    text = (
        "Governor Tamsin Ravelle-Okoro opened the bridge on Friday. "
        "The engineer, Hollis Branwick, thanked the town of Merrivale. "
        "Crowds came from Quorrabee to see the Brindlewick span. "
        "Engineers praised the Brindlewik design. "
        "They ate at the Comittee's cafe."
    )
    doc = Document.from_text(text)
    engine = LanguageToolEngine(LTSettings(), url="http://unused")
    matches = [
        _spelling(text, "Ravelle-Okoro", "Ravelled"),
        _spelling(text, "Branwick", "Brunswick"),
        _spelling(text, "Merrivale", "Merrily"),
        _spelling(text, "Quorrabee", "Quarry"),
        _spelling(text, "Brindlewik", "Brindlewick", "Bridlewick"),
        _spelling(text, "Comittee", "Committee"),
    ]
    shown = [(f.text, f.replacements) for f in engine._findings(doc, [(0, matches)])]
    # Names get no guess; a name the draft writes another way elsewhere and a long
    # word one letter from a far more common word are fixed.
    assert shown == [("Brindlewik", ("Brindlewick",)), ("Comittee", ("Committee",))]
    # Only the dictionary speller's unknown words: a rule that knows a name's proper
    # form (capitals, accents) is kept, whatever stands beside it.
    text = "He praised the Aldwych Gallery of modern art in the Luxembourg gardens."
    case = LTMatch(
        text.index("Luxembourg"), len(text) - 1, "EN_SPECIFIC_CASE", "CASING", "misspelling", "C."
    )
    doc = Document.from_text(text)
    assert [f.rule for f in engine._findings(doc, [(0, [case])])] == [
        "languagetool.EN_SPECIFIC_CASE"
    ]


def test_other_variety_in_a_draft_of_no_clear_variety():
    text = "The tumour-fighting drug helps ageing patients, up 5 per cent."
    doc = Document.from_text(text)
    engine = LanguageToolEngine(LTSettings(), url="http://unused")
    i = text.index("per cent")
    matches = [
        _spelling(text, "tumour-fighting", "tumor-fighting"),
        _spelling(text, "ageing", "aging"),
        LTMatch(i, i + 8, "PER_CENT", "MISC", "locale-violation", "P.", ("percent",)),
    ]
    assert engine._findings(doc, [(0, matches)], either=True) == []
    # In a clearly American draft they are the other variety's spellings.
    shown = [f.text for f in engine._findings(doc, [(0, matches)], either=False)]
    assert "per cent" in shown


def test_a_title_used_alone_keeps_its_lower_case():
    text = (
        "The board named Ms. Quill as chancellor of the exchequer on Monday. "
        "Later chancellor of the exchequer Ada Quill spoke. The cold war ended."
    )
    doc = Document.from_text(text)
    engine = LanguageToolEngine(LTSettings(), url="http://unused")

    def case(phrase: str, nth: int = 0) -> LTMatch:
        i = text.index(phrase)
        if nth:
            i = text.index(phrase, i + 1)
        return LTMatch(i, i + len(phrase), "EN_SPECIFIC_CASE", "CASING", "misspelling", "C.")

    matches = [case("chancellor of the exchequer"), case("chancellor of the exchequer", 1)]
    matches.append(case("cold war"))
    shown = [(f.start, f.text) for f in engine._findings(doc, [(0, matches)])]
    # Alone, AP lowercases the title; before a name it is capitalised; 'cold war' is
    # no title.
    assert shown == [
        (matches[1].start, "chancellor of the exchequer"),
        (matches[2].start, "cold war"),
    ]
    assert not lone_title("EN_SPECIFIC_CASE", "president of the club", " Ann Lee")
    assert lone_title("EN_SPECIFIC_CASE", "president of the club", ".")
    assert not lone_title("OTHER_RULE", "president of the club", ".")


def test_every_rule_off_by_default_is_explained_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Rules off by default, and why", 1)[1].split("\n## ", 1)[0]
    assert [rule for rule in DISABLED_FOR_NEWS if rule not in table] == []
    assert "POSSESSIVE_APOSTROPHE" in DEFAULT_DISABLED_RULES
    assert "OXFORD_SPELLING_Z_NOT_S" in DEFAULT_DISABLED_RULES


def test_accepted_words_file_and_case_rules(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# comment\nokay\nOpEd  # trailing comment\n\n", encoding="utf-8")
    words = AcceptedWords(load_accepted_words(path))
    assert "okay" in words and "Okay" in words
    assert "OpEd" in words and "oped" not in words
    assert load_accepted_words(tmp_path / "missing.txt") == set()


def test_settings_defaults_and_overrides(tmp_path):
    s = parse_settings(
        {
            "disabled-rules": ["PASSIVE_VOICE"],
            "enabled-rules": ["WHITESPACE_RULE"],
            "picky": True,
            "idle-minutes": 5,
            "heap-mb": 768,
            "accepted-words": ["Zelenskyy"],
        },
        "en-GB",
        tmp_path / "copyedit.toml",
    )
    opts = s.options()
    assert opts.language == "en-GB" and opts.picky
    assert "PASSIVE_VOICE" in opts.disabled_rules
    assert "WHITESPACE_RULE" not in opts.disabled_rules  # re-enabled
    assert s.idle_minutes == 5.0 and s.accepted_words == ("Zelenskyy",)
    assert s.heap_mb == 768 and LTSettings().heap_mb == 1024
    assert LTSettings().options().disabled_rules == tuple(sorted(DEFAULT_DISABLED_RULES))
    assert opts.fingerprint() != LTSettings().options().fingerprint()


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"picky": "yes"}, "languagetool.picky"),
        ({"disabled-rules": "X"}, "languagetool.disabled-rules"),
        ({"idle-minutes": 0}, "languagetool.idle-minutes"),
        ({"heap-mb": 100}, "languagetool.heap-mb"),
        ({"heap-mb": "1g"}, "languagetool.heap-mb"),
        ({"heap-mb": -1}, "languagetool.heap-mb"),
        ({"url": 5}, "languagetool.url"),
        ({"colour": 1}, "languagetool.colour"),
    ],
)
def test_settings_errors_name_the_key(table, key, tmp_path):
    with pytest.raises(ConfigError, match=f"key '{key}'"):
        parse_settings(table, "en-US", tmp_path / "copyedit.toml")


def test_config_error_through_the_cli(tmp_path, monkeypatch):
    (tmp_path / "copyedit.toml").write_text("[languagetool]\npicky = 3\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Fine.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "a.txt"])
    assert result.exit_code == 2
    assert "languagetool.picky" in result.stderr


def test_paragraph_cache_round_trip(tmp_path):
    cache = ParagraphCache(tmp_path / "c.sqlite3")
    key = cache_key("Some text.", "6.8", CheckOptions().fingerprint())
    assert cache.get_many([key]) == {}
    match = LTMatch(0, 4, "R", "TYPOS", "misspelling", "msg", ("a", "b"))
    cache.put_many({key: [match]})
    assert ParagraphCache(tmp_path / "c.sqlite3").get_many([key]) == {key: [match]}
    assert key != cache_key("Some text.", "6.7", CheckOptions().fingerprint())


def test_base_url_forms():
    for url in ("localhost:8081", "http://localhost:8081/", "http://localhost:8081/v2/"):
        assert base_url(url) == "http://localhost:8081"


def test_not_installed_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "empty"))
    (tmp_path / "a.txt").write_text("Fine.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "a.txt")])
    assert result.exit_code == 3
    assert "LanguageTool is not installed; run 'copyedit languagetool install'" in result.stderr
    assert "Traceback" not in result.output


def test_no_languagetool_note(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "empty"))
    (tmp_path / "a.txt").write_text("Fine.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(tmp_path / "a.txt"), "--no-languagetool", "--format", "json"]
    )
    assert result.exit_code == 0
    notes = json.loads(result.stdout)["files"][0]["notes"]
    assert "LanguageTool not run (--no-languagetool)" in notes


def test_url_that_does_not_answer_exits_3(tmp_path):
    (tmp_path / "a.txt").write_text("Fine.\n", encoding="utf-8")
    port = server.free_port()  # nothing listens there
    result = CliRunner().invoke(
        main, ["check", str(tmp_path / "a.txt"), "--languagetool-url", f"http://127.0.0.1:{port}"]
    )
    assert result.exit_code == 3
    assert f"LanguageTool at http://127.0.0.1:{port} does not answer" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_java_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(EngineError, match="Java not found"):
        server.java_path()


def test_no_maven_falls_back_to_download_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path))
    monkeypatch.setattr(lt_install.shutil, "which", lambda name: None)
    from language_tool_python.download_lt import ReleaseLocalLanguageTool

    def offline(self):
        raise ConnectionError("Failed to resolve 'github.com'")

    monkeypatch.setattr(ReleaseLocalLanguageTool, "download", offline)
    with pytest.raises(EngineError, match=r"Maven \(mvn\) not found and downloading"):
        lt_install.install("6.8")
    assert lt_install.installed("6.8") is None


def test_start_failure_messages(tmp_path):
    log = tmp_path / "server.log"
    state = server.ServerState(1, 8081, "6.8", "now", 60.0, str(log))
    log.write_text("java.net.BindException: Address already in use\n", encoding="utf-8")
    assert "Address already in use" in server._start_failure(log, state)
    log.write_text("java.lang.UnsupportedClassVersionError: ...\n", encoding="utf-8")
    assert "needs a newer Java" in server._start_failure(log, state)


class _FakeLT(BaseHTTPRequestHandler):
    """Answers like LanguageTool: a language list, and checks with no matches."""

    def do_GET(self):
        self._send([{"name": "English (US)", "code": "en", "longCode": "en-US"}])

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._send({"software": {"version": "6.8"}, "matches": []})

    def _send(self, data):
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_server_dying_mid_run_is_an_engine_error():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _FakeLT)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    client = LTClient(url, CheckOptions())
    assert client.check("Fine.") == []
    httpd.shutdown()
    httpd.server_close()
    with pytest.raises(EngineError, match="stopped answering during the check"):
        client.check("Fine again.")


def test_engine_from_config_reads_the_shipped_accepted_words():
    engine = LanguageToolEngine.from_config(Config())
    assert "OpEd" in engine.accepted
    assert Path(engine.cache.path).name == "paragraphs.sqlite3"


def test_data_jar_override_is_the_only_place_looked_in(tmp_path, monkeypatch):
    """One variable for every engine that reads LanguageTool's data: a folder with a
    language-en jar is used (newest version first), an empty one means no jar at all."""
    import zipfile

    from copyedit.languagetool import data

    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(data.ENV, str(empty))
    assert data.find_jar() is None and data.read_member("x.txt") is None
    lib = tmp_path / "lib"
    lib.mkdir()
    for version in ("6.7", "6.10"):
        with zipfile.ZipFile(lib / f"language-en-{version}.jar", "w") as zf:
            zf.writestr("x.txt", f"from {version}")
    monkeypatch.setenv(data.ENV, str(lib))
    assert data.find_jar() == lib / "language-en-6.10.jar"
    assert data.read_member("x.txt") == "from 6.10"
    assert data.read_member("missing.txt") is None


def test_a_new_server_counts_as_used_after_its_warm_up(tmp_path, monkeypatch):
    """The idle clock starts when ensure_server hands the server over, not when it
    started: a warm-up longer than a short idle time must not let it stop at once."""
    from copyedit.languagetool import server

    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path))
    warmed: list[float] = []
    state = server.ServerState(pid=1, port=1, version="6.8", started="", idle_seconds=6, log="")
    monkeypatch.setattr(server, "require_installed", lambda version: None)
    monkeypatch.setattr(server, "_start", lambda inst, idle, heap: state)

    def warm_up(url, language):
        time.sleep(0.05)
        warmed.append(time.time())

    monkeypatch.setattr(server, "_warm_up", warm_up)
    assert server.ensure_server(idle_minutes=0.1) is state
    assert server._touch_path().stat().st_mtime >= warmed[0] - 0.01


def test_a_capitalised_word_written_twice_is_a_name_not_a_repeat():
    rule = "ENGLISH_WORD_REPEAT_RULE"
    assert doubled_name(rule, "Sirhan Sirhan")
    assert doubled_name(rule, "Walla Walla")
    assert not doubled_name(rule, "the the")
    assert not doubled_name(rule, "The the")
    assert not doubled_name(rule, "The The")  # a function word: a slip at a sentence start
    assert not doubled_name(rule, "NATO NATO")
    assert not doubled_name("OTHER_RULE", "Sirhan Sirhan")


def test_a_compound_after_be_takes_no_hyphen():
    from copyedit.engines.languagetool import predicative_compound

    assert predicative_compound("well placed", ["well-placed"], "trust he was given was ")
    assert predicative_compound("ill prepared", ["ill-prepared"], "They were ")
    # before a noun the hyphen is right
    assert not predicative_compound("well placed", ["well-placed"], "a ")
    # another kind of suggestion after 'be' is not this exception
    assert not predicative_compound("well placed", ["wellplaced"], "was ")
    assert not predicative_compound("teen age", ["teen-age"], "was ")


def test_paragraphs_are_batched_by_language_and_size_and_matches_mapped_back():
    from copyedit.engines.languagetool import PARAGRAPH_BREAK, Batch, batches
    from copyedit.languagetool.client import LTMatch

    missing = {
        "a": ("First one.", "en-US"),
        "b": ("Colour here.", "en-GB"),
        "c": ("Second one.", "en-US"),
        "d": ("x" * 30, "en-US"),
    }
    got = batches(missing, limit=25)
    assert [(b.language, b.keys) for b in got] == [
        ("en-US", ("a", "c")),  # 'First one.' + break + 'Second one.': 23 characters
        ("en-US", ("d",)),  # 30: over the limit, so alone
        ("en-GB", ("b",)),
    ]
    batch = Batch("en-US", ("a", "c"), ("First one.", "Second one."))
    assert batch.text == "First one." + PARAGRAPH_BREAK + "Second one."
    second = len("First one.") + len(PARAGRAPH_BREAK)

    def m(start: int, end: int) -> LTMatch:
        return LTMatch(start, end, "R", "misc", "x", "msg")

    first, other = batch.split([m(0, 5), m(second + 7, second + 10), m(8, 13), m(10, 10)])
    assert [(x.start, x.end) for x in first] == [(0, 5), (10, 10)]  # (8, 13) crosses the break
    assert [(x.start, x.end) for x in other] == [(7, 10)]
    assert batch.texts[1][7:10] == "one"


def _local_engine(tmp_path, monkeypatch, proofs: list, fail: Exception | None = None):
    """A local-server engine whose server is faked: ``proofs`` records each proof."""
    from copyedit.engines import languagetool as lt_engine
    from copyedit.languagetool.client import LTClient

    state = server.ServerState(1, 8081, "6.8", "now", 60.0, "server.log", "t")
    monkeypatch.setattr(lt_engine.server, "alive_state", lambda: state)

    def proved_running(version=None, language="en-US"):
        proofs.append(language)
        if fail is not None:
            raise fail
        return state

    def ensure(version, idle, warm=None, heap_mb=None):
        proofs.append(f"ensure {warm}")
        return state

    monkeypatch.setattr(lt_engine.server, "proved_running", proved_running)
    monkeypatch.setattr(lt_engine.server, "ensure_server", ensure)
    monkeypatch.setattr(lt_engine.server, "touch", lambda: None)
    monkeypatch.setattr(LTClient, "check", lambda self, text: [])
    return LanguageToolEngine(LTSettings(), cache=ParagraphCache(tmp_path / "c.sqlite3"))


def test_the_running_server_is_proved_once_while_paragraphs_are_prepared(tmp_path, monkeypatch):
    proofs: list = []
    engine = _local_engine(tmp_path, monkeypatch, proofs)
    doc = Document.from_text("A first paragraph.\n\nA second one.\n")
    assert engine.check_many([doc]) == [[]]
    assert proofs == ["en-US"]  # the early proof served the request: not proved twice
    assert engine._early is None
    # every paragraph cached: the proof made early is dropped, never used stale later
    again = LanguageToolEngine(LTSettings(), cache=ParagraphCache(tmp_path / "c.sqlite3"))
    assert again.check_many([doc]) == [[]]
    assert again._early is None and again.clients == {}


def test_a_failed_early_proof_stops_the_check_as_before(tmp_path, monkeypatch):
    from copyedit.errors import EngineError

    engine = _local_engine(tmp_path, monkeypatch, [], fail=EngineError("no server here"))
    with pytest.raises(EngineError, match="no server here"):
        engine.check_many([Document.from_text("One paragraph.\n")])


def test_no_early_proof_without_a_running_server(tmp_path, monkeypatch):
    proofs: list = []
    engine = _local_engine(tmp_path, monkeypatch, proofs)
    monkeypatch.setattr(server, "alive_state", lambda: None)
    engine._prove_early("6.8")
    assert proofs == [] and engine._early is None


def test_a_server_not_found_well_early_is_left_to_ensure_server(tmp_path, monkeypatch):
    proofs: list = []
    engine = _local_engine(tmp_path, monkeypatch, proofs)
    monkeypatch.setattr(server, "proved_running", lambda version=None, language="en-US": None)
    assert engine.check_many([Document.from_text("One paragraph.\n")]) == [[]]
    assert proofs == ["ensure en-US"]  # started or restarted where a request needs it


def test_the_early_proof_never_starts_a_server(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache"))
    started: list = []
    monkeypatch.setattr(server, "_start", lambda *a: started.append(a))
    monkeypatch.setattr(server, "_kill", lambda state: started.append(("kill", state)))
    assert server.proved_running() is None  # no state file: nothing running, nothing started
    dead = server.ServerState(1, 8081, "6.8", "now", 60.0, "server.log", "t")
    monkeypatch.setattr(server, "read_state", lambda: dead)
    monkeypatch.setattr(server, "probe", lambda state, timeout=0, language="": server.Health.DOWN)
    assert server.proved_running() is None  # a state naming a dead server: left as it is
    assert started == []
    monkeypatch.setattr(server, "probe", lambda state, timeout=0, language="": server.Health.UP)
    assert server.proved_running("6.8") is dead
    assert server.proved_running("6.9") is None  # another version: ensure_server's to replace
    assert started == []


def test_an_early_proof_is_never_kept_past_a_failed_check(tmp_path, monkeypatch):
    engine = _local_engine(tmp_path, monkeypatch, [])

    def broken(doc):
        raise RuntimeError("reading the draft failed")

    monkeypatch.setattr(engine, "_resolve", broken)
    with pytest.raises(RuntimeError):
        engine.check_many([Document.from_text("One paragraph.\n")])
    assert engine._early is None  # the next check proves the server afresh
