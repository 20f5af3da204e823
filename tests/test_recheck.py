"""Re-checks: an unchanged draft comes whole from the report cache, an edited one re-runs
only what the edit can change, and either way the findings are byte for byte those of a
cold run (``recheck_cache``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from copyedit.config import Config
from copyedit.document import Document, load
from copyedit.engines import registry
from copyedit.grammar import nlp
from copyedit.model import Applicability
from copyedit.outputs import OUTPUTS
from copyedit.paths import cache_dir
from copyedit.pipeline import check_documents

ROOT = Path(__file__).resolve().parents[1]
OPED = ROOT / "samples" / "oped-pakistan-neutrality.txt"
RESULT_CACHES = {"findings", "readability", "resident", "parsed"}
"""What a cold run starts without: every cache of findings and figures. The installed
data (LanguageTool's jar, the bigram tables built once) is kept."""


def fresh_cache(root: Path) -> Path:
    """A copyedit cache with the real one's installed data and none of its results."""
    real = cache_dir()
    root.mkdir(parents=True)
    if real.is_dir():
        for entry in real.iterdir():
            if entry.name in RESULT_CACHES:
                continue
            if entry.name == "languagetool" and entry.is_dir():
                (root / entry.name).mkdir()
                for part in entry.iterdir():
                    if part.name != "cache":
                        (root / entry.name / part.name).symlink_to(part)
                continue
            (root / entry.name).symlink_to(entry)
    return root


def report_json(doc: Document) -> str:
    """A check as a new process makes it (new engines), as ``--format json``."""
    engines = registry.build_engines(Config(), without=("languagetool",))
    reports = check_documents([doc], engines)
    return OUTPUTS["json"].write(reports, Applicability.UNSAFE)


def cold(doc: Document, root: Path, monkeypatch) -> str:
    monkeypatch.setenv("COPYEDIT_CACHE", str(fresh_cache(root)))
    return report_json(doc)


@pytest.fixture
def warm_cache(tmp_path, monkeypatch) -> Path:
    cache = fresh_cache(tmp_path / "warm")
    monkeypatch.setenv("COPYEDIT_CACHE", str(cache))
    return cache


def parsed_texts(monkeypatch) -> list[str]:
    """Every sentence the grammar engine sends to the parser from now on."""
    seen: list[str] = []
    parse = nlp.parse

    def counting(texts):
        texts = list(texts)
        seen.extend(texts)
        return parse(texts)

    monkeypatch.setattr(nlp, "parse", counting)
    return seen


def one_word_edit(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1
    return text.replace(old, new, 1)


def test_unchanged_draft_gives_the_cold_run_report(tmp_path, warm_cache, monkeypatch):
    doc = load(OPED)
    first = report_json(doc)
    again = report_json(load(OPED))
    assert again == first
    assert cold(load(OPED), tmp_path / "cold", monkeypatch) == first
    assert json.loads(first)["files"][0]["findings"]  # a report with findings in it


def test_one_word_edit_gives_the_cold_run_findings_and_parses_one_sentence(
    tmp_path, warm_cache, monkeypatch
):
    report_json(load(OPED))  # the draft as first checked
    edited = one_word_edit(OPED.read_text("utf-8"), "Some experts", "Some analysts")
    seen = parsed_texts(monkeypatch)
    after = report_json(Document.from_text(edited, str(OPED)))
    assert len(seen) == 1 and "analysts" in seen[0]  # only the edited sentence
    seen.clear()
    assert cold(Document.from_text(edited, str(OPED)), tmp_path / "cold", monkeypatch) == after
    assert len(seen) > 20  # the cold run parsed the whole draft


PARAGRAPHS = [
    "The road-map for the talks was agreed in Geneva, officials said on Tuesday.",
    "Delegates met late into the night, and several left before the final session ended.",
    "Analysts said the road-map left the hardest questions for a later round of talks.",
    "A further round of meetings is expected next month, though no date has been set.",
]


def test_an_edit_that_changes_findings_elsewhere_in_the_draft(tmp_path, warm_cache, monkeypatch):
    """The consistency engine reads the whole draft: a second spelling introduced in the
    first paragraph is a finding on the third, which did not change, exactly as cold."""
    before = "\n\n".join(PARAGRAPHS) + "\n"
    first = report_json(Document.from_text(before, "draft.txt"))
    assert not [f for f in json.loads(first)["files"][0]["findings"] if "hyphen" in f["rule"]]
    after_text = one_word_edit(before, "The road-map", "The roadmap")
    after = report_json(Document.from_text(after_text, "draft.txt"))
    found = json.loads(after)["files"][0]["findings"]
    third = after_text.index(PARAGRAPHS[2])
    assert [(f["rule"], f["text"], f["start"] > third) for f in found] == [
        ("consistency.hyphenation", "road-map", True)
    ]
    assert (
        cold(Document.from_text(after_text, "draft.txt"), tmp_path / "cold", monkeypatch) == after
    )


def house_rule(tmp_path: Path) -> tuple[Path, Callable[[str, str], None]]:
    """A desk's rule folder with one substitution rule, and a function that rewrites the
    rule to swap ``old`` for ``new`` (an editor changing the house style)."""
    folder = tmp_path / "house"
    folder.mkdir()
    body = (
        "extends: substitution\nmessage: \"Use '{{replacement}}'.\"\nseverity: error\n"
        "category: style\napplicability: safe\nswap:\n  {old}: {new}\n"
        "examples:\n  bad:\n    - text: 'We {old} it.'\n      fixed: 'We {new} it.'\n"
        "  good:\n    - 'We {new} it.'\n"
    )

    def write_rule(old: str, new: str) -> None:
        (folder / "swap.yml").write_text(body.format(old=old, new=new), encoding="utf-8")

    return folder, write_rule


def test_an_edited_house_rule_is_used_by_the_next_check(tmp_path, warm_cache):
    folder, write_rule = house_rule(tmp_path)
    write_rule("utilise", "use")
    config = Config(rule_folders=[folder])
    doc = Document.from_text("We utilise it. We leverage it.\n")

    def house_findings() -> list[str]:
        engines = registry.build_engines(config, without=("languagetool",))
        report = check_documents([doc], engines)[0]
        return [f.text for f in report.findings if f.rule.startswith("house.")]

    assert house_findings() == ["utilise"]
    assert house_findings() == ["utilise"]  # from the cache
    write_rule("leverage", "use")
    rule = folder / "swap.yml"
    os.utime(rule, ns=(rule.stat().st_atime_ns, rule.stat().st_mtime_ns + 10**9))
    assert house_findings() == ["leverage"]


HEAVY = (
    "spacy",
    "numpy",
    "yaml",
    "regex",
    "copyedit.checks",
    "copyedit.grammar.rules",
    "copyedit.realword.context",
    "copyedit.consistency.case",
    "copyedit.languagetool.server",
    "copyedit.baseline",
)


def _child(
    args: list[str], cache: Path, resident: str | None, heavy: tuple[str, ...]
) -> tuple[subprocess.CompletedProcess, str, list[str]]:
    """``copyedit ARGS`` in a new process with its own cache (``resident``: the worker
    setting, None to leave it as set); (the process, its report, which of ``heavy`` it
    imported)."""
    script = (
        "import sys\n"
        "from copyedit.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('\\nIMPORTED', [m for m in {heavy!r} if m in sys.modules])\n"
    )
    env = {**os.environ, "COPYEDIT_CACHE": str(cache)}
    if resident is not None:
        env["COPYEDIT_RESIDENT"] = resident
    run = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=False
    )
    out, _, imported = run.stdout.rpartition("\nIMPORTED ")
    return run, out, json.loads(imported.replace("'", '"')) if imported else []


def test_a_cached_recheck_imports_no_engine_work(warm_cache):
    """What a fully cached ``copyedit check`` imports: none of the engines' machinery.
    The third run is the cached one: run right after test_cache_faults.py, the second
    run of this test missed the report cache (its first run left data the report key
    reads changed); that miss is the cache being careful, not what this test is about."""
    args = ["check", str(OPED), "--no-languagetool", "--format", "json"]
    cold_run, cold_out, cold_imported = _child(args, warm_cache, None, HEAVY)
    assert cold_run.returncode == 0, cold_run.stderr
    assert "spacy" in cold_imported
    _child(args, warm_cache, None, HEAVY)
    cached, cached_out, cached_imported = _child(args, warm_cache, None, HEAVY)
    assert cached.returncode == 0, cached.stderr
    assert cached_imported == []
    assert cached_out == cold_out


def _stop_worker(cache: Path, monkeypatch) -> None:
    from copyedit.engines import resident

    monkeypatch.setenv("COPYEDIT_CACHE", str(cache))
    resident.stop()


def test_the_resident_worker_parses_an_edit_without_loading_the_parser_here(tmp_path, monkeypatch):
    from copyedit.engines import resident

    cache = fresh_cache(tmp_path / "warm")
    draft = tmp_path / "draft.txt"
    draft.write_text(OPED.read_text("utf-8"), encoding="utf-8")
    args = ["check", str(draft), "--no-languagetool", "--format", "json"]
    try:
        first, _, _ = _child(args, cache, "on", ("spacy",))
        assert first.returncode == 0, first.stderr
        state = json.loads((cache / "resident" / "state.json").read_text("utf-8"))
        assert resident._is_worker(state["pid"])
        draft.write_text(
            one_word_edit(OPED.read_text("utf-8"), "Some experts", "Some analysts"), "utf-8"
        )
        edited, edited_out, edited_imported = _child(args, cache, "on", ("spacy",))
        assert edited.returncode == 0 and edited.stderr == ""
        assert edited_imported == []  # the worker parsed the sentence
        _, alone_out, alone_imported = _child(
            args, fresh_cache(tmp_path / "cold"), "off", ("spacy",)
        )
        assert alone_imported == ["spacy"]
        assert edited_out == alone_out
    finally:
        _stop_worker(cache, monkeypatch)
    deadline = time.monotonic() + 10
    while resident._is_worker(state["pid"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not resident._is_worker(state["pid"])
    assert not (cache / "resident" / "state.json").exists()


def test_a_worker_that_cannot_start_leaves_a_note_and_the_same_findings(tmp_path):
    cache = fresh_cache(tmp_path / "warm")
    (cache / "resident").write_text("not a folder", encoding="utf-8")
    args = ["check", str(OPED), "--no-languagetool", "--format", "json"]
    run, out, _ = _child(args, cache, "on", ())
    assert run.returncode == 0
    notes = run.stderr.splitlines()
    assert len(notes) == 1 and notes[0].startswith("copyedit: note: the resident worker")
    assert out == _child(args, fresh_cache(tmp_path / "cold"), "off", ())[1]


def test_with_languagetool_an_unchanged_draft_comes_whole_from_the_report_cache(
    lt_env, monkeypatch
):
    from copyedit.engines.languagetool import LanguageToolEngine

    def report(doc: Document) -> str:
        engines = registry.build_engines(Config())
        return OUTPUTS["json"].write(check_documents([doc], engines), Applicability.UNSAFE)

    text = "Their going to the meeting tomorow, the minister said on Tuesday.\n"
    first = report(Document.from_text(text, "lt.txt"))
    assert '"engine": "languagetool"' in first
    # (a first run in a new cache may build the word counts the speller reads, which
    # changes the engine's fingerprint: that run is not stored)
    assert report(Document.from_text(text, "lt.txt")) == first

    def not_asked(self, docs):
        raise AssertionError("LanguageTool was asked again")

    monkeypatch.setattr(LanguageToolEngine, "check_many", not_asked)
    assert report(Document.from_text(text, "lt.txt")) == first


# ------------------------------------------- re-checks through the resident worker

EDIT_HEAVY = (*HEAVY, "textstat", "copyedit.consistency.lexicon")
"""What the checking process need not import after an edit when the worker runs the
engines: parsing, rules, word lists, readability figures, the calibration's YAML."""


@pytest.fixture(scope="module")
def worker_cache(tmp_path_factory):
    """One warm cache, and its resident worker, for the tests below (stopped after)."""
    cache = fresh_cache(tmp_path_factory.mktemp("worker") / "cache")
    yield cache
    env = {**os.environ, "COPYEDIT_CACHE": str(cache)}
    subprocess.run(
        [sys.executable, "-m", "copyedit.engines.resident", "stop"], env=env, check=False
    )


VARIETY = [
    "The council said the color of the new buses had been chosen after a long consultation.",
    "Officials will analyze the results and organize a meeting with residents next month.",
    "Residents said they moved towards the plan at the theatre, though some had doubts.",
]

EDITS = {
    "oped": (OPED.read_text("utf-8"), [("Some experts", "Some analysts")]),
    # a second spelling of 'road-map' in the first paragraph is a finding on the third;
    # writing it back as before takes that finding away
    "elsewhere": (
        "\n\n".join(PARAGRAPHS) + "\n",
        [("The road-map", "The roadmap"), ("The roadmap", "The road-map")],
    ),
    # American (AP's 'toward' for 'towards' in the third paragraph, 'theatre' a British
    # spelling), then neither (none there: the spellings are mixed), then British
    # ('color' in the first paragraph)
    "variety": (
        "\n\n".join(VARIETY) + "\n",
        [("organize", "organise"), ("analyze", "analyse")],
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_checked_by_the_worker_gives_the_cold_run_report(name, tmp_path, worker_cache):
    """Byte for byte what a cold run in one process reports, after each one-word edit:
    the worker re-runs every engine the edit can affect, in any paragraph, and the
    checking process imports none of the engines' machinery."""
    text, edits = EDITS[name]
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    args = ["check", str(draft), "--no-languagetool", "--format", "json"]
    _, first, _ = _child(args, worker_cache, "on", EDIT_HEAVY)  # the draft as first checked
    reports = [_rules_and_texts(first)]
    for n, (old, new) in enumerate(edits):
        text = one_word_edit(text, old, new)
        draft.write_text(text, encoding="utf-8")
        run, out, imported = _child(args, worker_cache, "on", EDIT_HEAVY)
        err = run.stderr
        assert err == "" and imported == []
        _, cold_out, cold_imported = _child(
            args, fresh_cache(tmp_path / f"cold{n}"), "off", EDIT_HEAVY
        )
        assert "spacy" in cold_imported
        assert out == cold_out
        reports.append(_rules_and_texts(out))
    if name == "elsewhere":
        assert reports == [[], [("consistency.hyphenation", "road-map")], []]
    if name == "variety":
        assert reports == [
            [("ap.usage", "towards"), ("consistency.spelling-variety", "theatre")],
            [("consistency.spelling-mixed", "organise")],
            [("consistency.spelling-variety", "color")],
        ]


def _rules_and_texts(report: str) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["text"]) for f in json.loads(report)["files"][0]["findings"])


def test_the_worker_reads_a_house_rule_edited_since_it_loaded_the_rules(tmp_path, worker_cache):
    """The worker keeps its engines between checks: one that read the rule folder before
    a rule changed is not used for the folder as it is now."""
    folder, write_rule = house_rule(tmp_path)
    write_rule("utilise", "use")
    config = tmp_path / "copyedit.toml"
    config.write_text(f"rule-folders = [{str(folder)!r}]\n", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("We utilise it. We leverage it.\n", encoding="utf-8")
    args = ["--config", str(config), "check", str(draft), "--no-languagetool", "--format", "json"]

    def house(report: str) -> list[str]:
        return [text for rule, text in _rules_and_texts(report) if rule.startswith("house.")]

    run, out, _ = _child(args, worker_cache, "on", EDIT_HEAVY)
    err = run.stderr
    assert err == "" and house(out) == ["utilise"]
    write_rule("leverage", "use")
    rule = folder / "swap.yml"
    os.utime(rule, ns=(rule.stat().st_atime_ns, rule.stat().st_mtime_ns + 10**9))
    run, out, _ = _child(args, worker_cache, "on", EDIT_HEAVY)
    err = run.stderr
    assert err == "" and house(out) == ["leverage"]
    assert out == _child(args, fresh_cache(tmp_path / "cold"), "off", EDIT_HEAVY)[1]


def test_worker_status_and_stop(tmp_path):
    """``copyedit worker status`` says whether a worker runs (its pid, age and idle
    timeout; exit 1 when none); ``copyedit worker stop`` stops it."""
    from copyedit.engines import resident

    cache = fresh_cache(tmp_path / "cache")
    env = {**os.environ, "COPYEDIT_CACHE": str(cache), "COPYEDIT_RESIDENT": "on"}

    def copyedit(*args: str) -> subprocess.CompletedProcess:
        argv = [sys.executable, "-m", "copyedit.cli", *args]
        return subprocess.run(argv, capture_output=True, text=True, env=env, check=False)

    none = copyedit("worker", "status")
    assert (none.returncode, none.stdout, none.stderr) == (1, "running: no\n", "")
    assert copyedit("worker", "stop").stdout == "resident worker not running\n"
    draft = tmp_path / "draft.txt"
    draft.write_text("The council met on Tuesday.\n", encoding="utf-8")
    assert copyedit("check", str(draft), "--no-languagetool").returncode in (0, 1)
    pid = json.loads((cache / "resident" / "state.json").read_text("utf-8"))["pid"]
    try:
        status = copyedit("worker", "status")
        assert status.returncode == 0, status.stderr
        line = status.stdout.strip()
        assert line.startswith(f"running: pid {pid}, started ")
        assert " s ago), stops after 30 min unused" in line
        stop = copyedit("worker", "stop")
        assert (stop.returncode, stop.stdout) == (0, f"stopped the resident worker (pid {pid})\n")
    finally:
        subprocess.run(
            [sys.executable, "-m", "copyedit.engines.resident", "stop"], env=env, check=False
        )
    deadline = time.monotonic() + 10
    while resident._is_worker(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not resident._is_worker(pid)
    assert copyedit("worker", "status").stdout == "running: no\n"


def test_a_yaml_data_file_is_read_from_its_json_copy_until_it_changes(tmp_path, monkeypatch):
    from copyedit.recheck_cache import yaml_data

    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "measured.yml"
    data.write_text("groups: {a: 1}\n", encoding="utf-8")
    assert yaml_data(data) == {"groups": {"a": 1}}
    (copy,) = (tmp_path / "cache" / "parsed").glob("yaml-*.json")
    copy.write_text('{"groups": {"a": 2}}', encoding="utf-8")
    assert yaml_data(data) == {"groups": {"a": 2}}  # the copy is what is read
    data.write_text("groups: {a: 3, b: 4}\n", encoding="utf-8")
    assert yaml_data(data) == {"groups": {"a": 3, "b": 4}}
    (newer,) = (tmp_path / "cache" / "parsed").glob("yaml-*.json")  # the old copy is gone
    assert newer != copy
    other = tmp_path / "other.yml"
    other.write_text("x: 1\n", encoding="utf-8")
    assert yaml_data(other) == {"x": 1}
    assert len(list((tmp_path / "cache" / "parsed").glob("yaml-*.json"))) == 2  # one a file
