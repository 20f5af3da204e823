"""LanguageTool against a real server (started by the ``lt_server`` fixture)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from copyedit.cli import main
from copyedit.config import Config
from copyedit.document import Document
from copyedit.engines.languagetool import LanguageToolEngine
from copyedit.languagetool import server
from copyedit.languagetool.cache import ParagraphCache
from copyedit.languagetool.settings import LTSettings
from copyedit.pipeline import check_documents


def _engine(lt, tmp_path: Path, **kw) -> LanguageToolEngine:
    return LanguageToolEngine(
        LTSettings(**kw), url=lt.url, cache=ParagraphCache(tmp_path / "cache.sqlite3")
    )


def _parent(pid: str) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def _flagged(doc: Document, engine: LanguageToolEngine) -> list[str]:
    (report,) = check_documents([doc], [engine])
    return [doc.text[f.start : f.end] for f in report.findings if f.category.value == "spelling"]


def test_offsets_with_emoji_nbsp_curly_quotes_and_crlf(lt_server, tmp_path, monkeypatch):
    # every match as the engine made it: the shipped calibration withholds the speller in
    # quotations ("teh"), measured mostly wrong there on real copy
    monkeypatch.setenv("COPYEDIT_CALIBRATION", "off")
    text = (
        "Fans 😀😀 cheered the wrold cup.\r\n"
        "He said “teh” word\u00a0and 🎉 recieve it.\r\n\r\n"
        "A second 👍🏽 paragraph with a mispelled word.\r\n"
    )
    doc = Document.from_text(text)
    assert _flagged(doc, _engine(lt_server, tmp_path)) == ["wrold", "teh", "recieve", "mispelled"]


def test_markdown_code_is_not_sent(lt_server, tmp_path):
    text = "Run `teh wrold` now.\n\n```\nrecieve mispelled\n```\n\nThe wrold is here.\n"
    doc = Document.from_text(text, format="markdown")
    engine = _engine(lt_server, tmp_path)
    sent: list[str] = []
    engine._connect(None, "en-US")
    original = engine.client.raw_check

    def spy(t):
        sent.append(t)
        return original(t)

    engine.client.raw_check = spy
    flagged = engine.check(doc)
    assert not any(w in t for t in sent for w in ("teh", "recieve", "mispelled"))
    assert [doc.text[f.start : f.end] for f in flagged if f.category.value == "spelling"] == [
        "wrold"
    ]
    assert doc.text.rindex("wrold") == next(f.start for f in flagged if f.text == "wrold")


def test_accepted_words_and_consistent_names(lt_server, tmp_path):
    text = "Qaswar Abbasi wrote it. Later Qaswar spoke again about Quextalpa and Zelenskyy.\n"
    doc = Document.from_text(text)
    engine = _engine(lt_server, tmp_path, accepted_words=("Zelenskyy",))
    flagged = _flagged(doc, engine)
    assert "Qaswar" not in flagged  # used twice, capitalised: a name
    assert "Zelenskyy" not in flagged  # accepted
    assert "Quextalpa" not in flagged  # a name with no evidence of a slip: no guess
    assert "Abbasi" not in flagged  # a one-off surname beside a first name: a name


def test_cache_hit_sends_nothing_and_an_edit_sends_one_paragraph(lt_server, tmp_path):
    paras = ["The wrold is big.", "Teh cat sat.", "All is well here."]
    doc = Document.from_text("\n\n".join(paras) + "\n")
    first = _engine(lt_server, tmp_path)
    found = first.check(doc)
    assert first.client.requests == 1  # the three paragraphs go in one request
    assert sorted(f.text for f in found if f.category.value == "spelling") == ["Teh", "wrold"]
    one_by_one = LanguageToolEngine(
        LTSettings(),
        url=lt_server.url,
        cache=ParagraphCache(tmp_path / "c2.sqlite3"),
        batch_chars=1,
    )
    assert one_by_one.check(doc) == found  # the same findings as one request a paragraph
    assert one_by_one.client is not None and one_by_one.client.requests == 3
    again = _engine(lt_server, tmp_path)
    assert again.check(doc) == found
    assert again.client is not None  # a URL engine connects to learn the version...
    assert again.client.requests == 0  # ...but sends no paragraph
    edited = Document.from_text("\n\n".join([paras[0], "Teh dog sat.", paras[2]]) + "\n")
    third = _engine(lt_server, tmp_path)
    third.check(edited)
    assert third.client.requests == 1


def test_managed_server_fully_cached_makes_no_request(lt_env, tmp_path):
    doc = Document.from_text("The wrold is big.\n")
    engine = LanguageToolEngine(LTSettings(), cache=ParagraphCache(tmp_path / "c.sqlite3"))
    engine.check(doc)
    engine2 = LanguageToolEngine(LTSettings(), cache=ParagraphCache(tmp_path / "c.sqlite3"))
    engine2.check(doc)
    assert engine2.client is None


def test_check_many_several_files(lt_server, tmp_path):
    docs = [Document.from_text(f"Paragraph {i} has a wrold.\n\nAnd teh end.\n") for i in range(5)]
    engine = _engine(lt_server, tmp_path)
    results = engine.check_many(docs)
    assert [sorted(f.text for f in r) for r in results] == [["teh", "wrold"]] * 5


def test_cli_check_with_url(lt_server, tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_text("The wrold is big.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(draft),
            "--format",
            "json",
            "--languagetool-url",
            lt_server.url,
            "--fail-on",
            "warning",  # a spelling fix is a warning
        ],
    )
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)["files"][0]
    assert "languagetool" in data["engines"]
    hit = [f for f in data["findings"] if f["rule"] == "languagetool.MORFOLOGIK_RULE_EN_US"]
    assert hit and hit[0]["replacements"][0] == "world"


def test_java_missing_through_the_cli(lt_cache, tmp_path, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(lt_cache))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = CliRunner().invoke(main, ["languagetool", "start"])
    assert result.exit_code == 3
    assert "Java not found" in result.stderr


def _cli(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "copyedit.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_starts_at_once_share_one_server_which_stops_when_idle(lt_cache):
    env = {**os.environ, "COPYEDIT_CACHE": str(lt_cache)}
    procs = [_cli("languagetool", "start", "--idle-minutes", "0.1", env=env) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert outs[0][0] == outs[1][0]  # same port, same pid
    state = json.loads((lt_cache / "languagetool" / "server.json").read_text())
    assert f":{state['port']} (pid {state['pid']}" in outs[0][0]
    assert server._alive(state["pid"])
    deadline = time.monotonic() + 60
    while server._alive(state["pid"]) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not server._alive(state["pid"]), "idle server did not stop"
    assert not (lt_cache / "languagetool" / "server.json").exists()
    status = _cli("languagetool", "status", env=env)
    out, _ = status.communicate(timeout=60)
    assert status.returncode == 1 and "running: no" in out


def test_start_reuses_and_stop_stops(lt_env):
    result = CliRunner().invoke(main, ["languagetool", "start"])
    assert result.exit_code == 0 and lt_env.url in result.stdout
    state = server.read_state()
    assert state is not None
    java = [
        Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        for pid in (p.name for p in Path("/proc").iterdir() if p.name.isdigit())
        if Path(f"/proc/{pid}/stat").is_file() and _parent(pid) == state.pid
    ]
    if Path("/proc/self/stat").is_file():  # Linux: the server's heap is bounded (heap-mb)
        assert java and any(b"-Xmx1024m" in args for args in java), java
    status = CliRunner().invoke(main, ["languagetool", "status"])
    assert status.exit_code == 0 and "running: LanguageTool" in status.stdout


def test_engine_with_config_language(lt_server, tmp_path):
    engine = LanguageToolEngine(
        LTSettings.from_config(Config(language="en-GB")),
        url=lt_server.url,
        cache=ParagraphCache(tmp_path / "c.sqlite3"),
    )
    found = engine.check(Document.from_text("The colour of the organisation is grey.\n"))
    assert not [f for f in found if f.category.value == "spelling"]


def test_auto_language_checks_each_draft_in_its_own_variety(lt_server, tmp_path):
    engine = _engine(lt_server, tmp_path)  # language "auto", the default
    british = Document.from_text(
        "The colour of the harbour changed. The organisation will analyse the behaviour.\n"
    )
    american = Document.from_text(
        "The color of the harbor changed. The organization will analyze the behaviour.\n"
    )
    assert engine.draft_language(british) == "en-GB"
    assert engine.draft_language(american) == "en-US"
    gb, us = engine.check_many([british, american])
    assert not [f for f in gb if f.category.value == "spelling"]
    assert not [f for f in gb if "OXFORD" in f.rule]  # no -ize asked of British copy
    assert "behaviour" in [american.text[f.start : f.end] for f in us]
    assert set(engine.clients) == {"en-GB", "en-US"}
    # the same British draft checked as American gets its British words flagged
    fixed = _engine(lt_server, tmp_path, language="en-US")
    assert {"colour", "harbour"} <= {british.text[f.start : f.end] for f in fixed.check(british)}
    # a draft with no clear variety is checked as American
    assert engine.draft_language(Document.from_text("The cat sat on the mat.\n")) == "en-US"


def test_auto_language_leaves_either_spelling_alone_in_a_draft_of_no_clear_variety(
    lt_server, tmp_path
):
    mixed = Document.from_text(
        "The defence ministry will modernize the army. Its organization is slow.\n"
    )
    spelled = lambda found: [mixed.text[f.start : f.end] for f in found]  # noqa: E731
    auto = _engine(lt_server, tmp_path)
    assert auto.draft_language(mixed) == "en-US"
    assert "defence" not in spelled(auto.check(mixed))
    # a desk that sets en-US still gets the British spelling flagged
    american = _engine(lt_server, tmp_path, language="en-US")
    assert "defence" in spelled(american.check(mixed))
    # and so does a clearly American draft under 'auto'
    clear = Document.from_text(
        "The color of the harbor changed. The defence ministry will modernize the army.\n"
    )
    assert "defence" in [clear.text[f.start : f.end] for f in auto.check(clear)]


def test_a_sentence_not_in_english_gets_no_languagetool_finding(lt_server, tmp_path):
    french = (
        "La maire a écrit sur Twitter : « Nous sommes tous bouleversés par cette "
        "tragédie, et nous remercions les pompiers de leur courage. »"
    )
    text = f"The mayor wrote on Twitter. {french}\n\nHer goverment said nothing.\n"
    doc = Document.from_text(text)
    (report,) = check_documents([doc], [_engine(lt_server, tmp_path)])
    start = text.index(french)
    inside = [f for f in report.findings if start <= f.start < start + len(french)]
    assert inside == []
    # the English sentences are still checked
    assert "goverment" in [f.text for f in report.findings]
