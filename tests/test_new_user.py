"""What a new user trips over on a fresh clone (issue 16): skipped tests that say nothing,
CriticMarkup that breaks paragraphs, a report written to a file without a word, a PDF
taken for a binary file, a slow failure without LanguageTool, mixed US/UK spelling, rules
that 'rules show' does not know, LanguageTool stored twice, and the distribution name."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from copyedit.cli import main
from copyedit.diffs import critic_markup

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


# 1. make test says why tests were skipped


def test_skipped_tests_are_summarised_with_their_reasons(tmp_path):
    shutil.copy(TESTS / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_some.py").write_text(
        "import pytest\n"
        "def test_a(): pytest.skip('chromium not installed')\n"
        "def test_b(): pytest.skip('chromium not installed')\n"
        "@pytest.mark.skip(reason='LibreOffice (soffice) not installed')\n"
        "def test_c(): pass\n"
        "def test_d(): pass\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "skipped 2: chromium not installed" in lines
    assert "skipped 1: LibreOffice (soffice) not installed" in lines


def test_readme_set_up_names_the_system_packages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Two commands on a fresh machine", 1)[1].split("\n## ", 1)[0]
    commands = setup.index("make test")
    for package in ("chromium", "chromium-driver", "libreoffice-writer-nogui", "maven"):
        assert package in setup[:commands], package


# 2. CriticMarkup keeps line breaks out of its marks


@pytest.mark.parametrize("ending", ["\u00a0", " ", "  ", " \u00a0", "\t"])
def test_critic_deletion_before_a_line_break_stays_on_its_line(ending):
    old = f"First paragraph.{ending}\n\nSecond paragraph.{ending}\n\nThird.\n"
    new = "First paragraph.\n\nSecond paragraph.\n\nThird.\n"
    out = critic_markup(old, new)
    assert out == (
        f"First paragraph.{{--{ending}--}}\n\nSecond paragraph.{{--{ending}--}}\n\nThird.\n"
    )
    assert len(out.splitlines()) == len(old.splitlines())


def test_critic_line_breaks_stay_outside_a_replacement():
    out = critic_markup("a cat  \r\n\r\ndog\n", "a cat\r\n\r\ndog\n")
    assert out == "a cat{--  --}\r\n\r\ndog\n"
    # without a line break the whitespace change stays one mark, as before
    assert critic_markup("a  b", "a b") == "a{~~  ~> ~~}b"


def test_fix_critic_keeps_paragraphs_when_a_fix_trims_a_trailing_nbsp(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COPYEDIT_CALIBRATION", "off")
    text = "".join(f"Paragraph {n} ends here.\u00a0\n\n" for n in range(14)) + "The end.\n"
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    critic = tmp_path / "edits.md"
    args = ["fix", str(draft), "--no-languagetool", "--accept", "unsafe"]
    result = CliRunner().invoke(main, [*args, "--critic", str(critic), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    out = critic.read_text(encoding="utf-8")
    assert out.count("{--\u00a0--}") == 14
    assert len(out.splitlines()) == len(text.splitlines())
    assert "~~}" not in out


# 5. check -o says where the report went


CHECKED = "The end result can not wait, officials said.\n\nPrior to the vote the council met.\n"


@pytest.mark.parametrize("fmt", ["json", "html", "github"])
def test_check_output_file_is_announced_on_stderr(tmp_path, monkeypatch, fmt):
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache"))
    draft = tmp_path / "draft.txt"
    draft.write_text(CHECKED, encoding="utf-8")
    report = tmp_path / f"report.{fmt}"
    args = ["check", str(draft), "--no-languagetool", "--format", fmt, "-o", str(report)]
    result = CliRunner().invoke(main, [*args, "--fail-on", "warning"])
    assert report.exists()
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"copyedit: {fmt} report written to {report}: ")
    total = int(lines[0].split(": ")[2].split(" finding")[0])
    assert total > 0 and " in 1 draft;" in lines[0]
    if fmt == "json":
        assert total == len(json.loads(report.read_text(encoding="utf-8"))["files"][0]["findings"])
    assert result.exit_code == 1
    assert "at or above --fail-on warning (exit code 1)." in lines[0]
    quiet = CliRunner().invoke(main, [*args, "--fail-on", "never"])
    assert quiet.exit_code == 0 and "exit code" not in quiet.stderr
    assert f"{total} finding(s) in 1 draft." in quiet.stderr


def test_check_output_to_stdout_adds_nothing_on_stderr(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache"))
    draft = tmp_path / "draft.txt"
    draft.write_text(CHECKED, encoding="utf-8")
    args = ["check", str(draft), "--no-languagetool", "--format", "json", "-o", "-"]
    result = CliRunner().invoke(main, args)
    assert result.stderr == ""
    assert result.stdout.startswith("{")


# 7. a PDF is named as such, with what to export instead

PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\x00\x01trailer\n%%EOF\n"
)


@pytest.mark.parametrize(
    "name, data",
    [
        ("story.pdf", PDF),  # by its magic and its name
        ("story.txt", PDF),  # a PDF saved under a text name
        ("story.docx", PDF),
        ("story", b"\r\n" + PDF),  # the header a little way in
        ("story.PDF", b"not really a PDF"),  # by its name alone
    ],
)
def test_a_pdf_is_refused_with_what_to_export(tmp_path, monkeypatch, name, data):
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache"))
    draft = tmp_path / name
    draft.write_bytes(data)
    result = CliRunner().invoke(main, ["check", str(draft), "--no-languagetool"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0] == (
        f"copyedit: error: {draft}: a PDF; copyedit does not read PDF: export the draft as "
        "plain text (.txt), Markdown (.md) or Word (.docx) and check that"
    )


def test_a_text_draft_that_mentions_the_pdf_header_is_still_read(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / "cache"))
    draft = tmp_path / "story.txt"
    draft.write_text("Files begin with %PDF-1.7, the council heard.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(draft), "--no-languagetool"])
    assert result.exit_code in (0, 1), result.output


# 6. without LanguageTool the run fails at once


def test_check_without_languagetool_installed_fails_at_once(tmp_path, monkeypatch):
    empty = tmp_path / "home"
    empty.mkdir()
    monkeypatch.setenv("HOME", str(empty))
    monkeypatch.setenv("COPYEDIT_CACHE", str(empty / ".cache" / "copyedit"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    draft = tmp_path / "draft.txt"
    draft.write_text(CHECKED * 20, encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["check", str(draft)])
    elapsed = time.monotonic() - started
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "copyedit: error: LanguageTool is not installed; run 'copyedit languagetool install' "
        "(or pass --no-languagetool)"
    ]
    assert elapsed < 2.5, f"{elapsed:.1f} s before the error"


# 4. a draft that mixes US and UK spelling is told so, once

MIXED = (
    "The council will organise a meeting at the community centre on Tuesday.\n\n"
    "The organization said the color of the new building was chosen by its defense team.\n\n"
    "Officials said the theatre would reopen next month, and the neighbors agreed.\n"
)


def _mixed_findings(lt_cache, monkeypatch, text: str) -> list[dict]:
    monkeypatch.setenv("COPYEDIT_CACHE", str(lt_cache))
    draft = lt_cache.parent / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    args = ["check", str(draft), "--no-languagetool", "--format", "json", "--fail-on", "never"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["files"][0]["findings"]
    return [f for f in findings if f["rule"].startswith("consistency.spelling")]


def test_a_draft_mixing_us_and_uk_spelling_gets_one_finding(lt_cache, monkeypatch):
    found = _mixed_findings(lt_cache, monkeypatch, MIXED)
    assert len(found) == 1, found
    f = found[0]
    assert f["rule"] == "consistency.spelling-mixed"
    assert f["category"] == "consistency"
    assert f["replacements"] == []
    assert f["message"] == (
        "The draft mixes American spelling ('color', 'defense', 'neighbors') and British "
        "spelling ('organise', 'centre', 'theatre'): choose one variety."
    )
    assert MIXED[f["start"] : f["end"]] == "color"  # where the second variety comes in


@pytest.mark.parametrize(
    "text",
    [
        # one stray British word: a lone exception, reported on its own, not "mixing"
        "The organization said the color of the building was chosen by its defense team, "
        "and the neighbors will organise a party.\n",
        # the British words are a speaker's: quotations give no evidence
        "The organization said the color was chosen by its defense team. "
        '"We will organise it at the centre," she said.\n',
        # Oxford spelling: -ize with British -our is one variety
        "The organization will honour the colour of the theatre, and organize a party.\n",
    ],
)
def test_no_mixed_spelling_finding_without_two_words_on_each_side(lt_cache, monkeypatch, text):
    found = _mixed_findings(lt_cache, monkeypatch, text)
    assert not [f for f in found if f["rule"] == "consistency.spelling-mixed"], found


# 3. rules list and rules show know every engine's rules


def _listed_ids() -> set[str]:
    result = CliRunner().invoke(main, ["rules", "list"])
    assert result.exit_code == 0, result.output
    return {line.split()[0] for line in result.stdout.splitlines()}


def _reported_ids(args: list[str]) -> set[str]:
    samples = sorted(str(p) for p in (ROOT / "samples").glob("*.txt"))
    result = CliRunner().invoke(main, ["check", *samples, "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    files = json.loads(result.stdout)["files"]
    return {f["rule"] for report in files for f in report["findings"]}


def test_every_rule_our_engines_report_is_listed(lt_cache, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(lt_cache))
    monkeypatch.setenv("COPYEDIT_CALIBRATION", "off")  # withheld rules too
    reported = _reported_ids(["--no-languagetool", "--fail-on", "never"])
    assert {r.split(".")[0] for r in reported} >= {"consistency", "realword", "grammar"}
    assert reported <= _listed_ids()


def test_every_languagetool_rule_a_report_shows_is_listed(lt_env, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CALIBRATION", "off")
    reported = {r for r in _reported_ids(["--fail-on", "never"]) if r.startswith("languagetool.")}
    listed = _listed_ids()
    assert len(reported & listed) >= 3
    # rules written in Java (UPPERCASE_SENTENCE_START) have no entry in the rule files
    # the list is read from, but are shown all the same
    for rule_id in sorted(reported - listed):
        lines = _show(rule_id)
        assert lines[0].startswith(f"{rule_id} (languagetool engine, "), lines
        assert "written in Java" in lines[2]


def _show(rule_id: str) -> list[str]:
    result = CliRunner().invoke(main, ["rules", "show", rule_id])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_rules_show_an_engine_rule(lt_cache, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(lt_cache))
    assert _show("consistency.name-form") == [
        "consistency.name-form (consistency engine, consistency check)",
        "  category consistency",
        "  one person or title in several forms (Prime Minister / PM)",
        "  runs by default",
        "  measured on judged dev news: not judged; reported",
    ]
    from copyedit.calibration import default

    counts = default().groups["realword.context"]  # the shipped measurement, whatever it is
    context = _show("realword.context")
    assert context[-2].startswith(
        f"  measured on judged dev news: {counts.correct} of {counts.judged} correct, "
        f"{counts.debatable} debatable;"
    )
    assert context[-2].endswith("withheld: its findings are expected to be mostly wrong")
    speech = default().groups["realword.context@speech"]
    assert context[-1] == (
        f"  in speech: {speech.correct} of {speech.judged} correct, {speech.debatable} "
        "debatable; withheld there"
    )
    assert _show("grammar.its")[2] == "  its / it's"


def test_rules_show_a_languagetool_rule_with_why_it_is_off(lt_cache, monkeypatch):
    monkeypatch.setenv("COPYEDIT_CACHE", str(lt_cache))
    lines = _show("languagetool.COMMA_COMPOUND_SENTENCE")
    assert lines[0].startswith("languagetool.COMMA_COMPOUND_SENTENCE (languagetool engine, ")
    assert "  category punctuation; LanguageTool category Punctuation (PUNCTUATION)" in lines
    assert "  comma between independent clauses" in lines
    assert any(line.startswith("  off by default: comma before and/but:") for line in lines)
    speller = _show("languagetool.MORFOLOGIK_RULE_EN_US")
    assert speller[-2].startswith("  measured on judged dev news: ")
    assert speller[-1].startswith("  in speech: ")  # measured apart from prose
    result = CliRunner().invoke(main, ["rules", "show", "languagetool.no such rule"])
    assert result.exit_code == 2 and "no rule with id" in result.stderr
    listing = CliRunner().invoke(main, ["rules", "list"]).stdout.splitlines()
    line = next(x for x in listing if x.startswith("languagetool.COMMA_COMPOUND_SENTENCE "))
    assert line.split()[1:] == ["languagetool", "punctuation", "off"]


# 9. a distribution name of our own, and a wheel that holds everything


def test_the_wheel_is_copyedit_news_with_its_rules_and_data(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name.startswith("copyedit_news-")
    names = set(zipfile.ZipFile(wheel).namelist())
    dist = wheel.name.split("-py3")[0]
    meta = zipfile.ZipFile(wheel).read(f"{dist}.dist-info/METADATA").decode("utf-8")
    assert "\nName: copyedit-news\n" in meta
    entry = zipfile.ZipFile(wheel).read(f"{dist}.dist-info/entry_points.txt").decode("utf-8")
    assert "copyedit = copyedit.cli:main" in entry
    tracked = subprocess.run(
        ["git", "ls-files", "copyedit", "rules"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert tracked
    for path in tracked:
        inside = (
            "copyedit/_rules/" + path.removeprefix("rules/") if path.startswith("rules/") else path
        )
        assert inside in names, path


# 8. LanguageTool's jars are stored once, in copyedit's cache

FAKE_MVN = """#!/bin/sh
printf '%s\\n' "$@" > "$MVN_ARGS"
for a in "$@"; do
  case "$a" in
    -Dmaven.repo.local=*) repo="${a#-Dmaven.repo.local=}" ;;
    -DoutputDirectory=*) out="${a#-DoutputDirectory=}" ;;
  esac
done
repo="${repo:-$HOME/.m2/repository}"
mkdir -p "$repo/org/languagetool" "$out"
echo jar > "$repo/org/languagetool/languagetool-server-6.8.jar"
cp "$repo/org/languagetool/languagetool-server-6.8.jar" "$out/"
"""


def test_maven_install_keeps_one_copy_in_the_cache(tmp_path, monkeypatch):
    from copyedit.languagetool import install

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mvn = bin_dir / "mvn"
    mvn.write_text(FAKE_MVN, encoding="utf-8")
    mvn.chmod(0o755)
    home = tmp_path / "home"
    cache = tmp_path / "cache"
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("COPYEDIT_CACHE", str(cache))
    monkeypatch.setenv("MVN_ARGS", str(tmp_path / "args"))
    inst = install.install("6.8")
    assert inst.method == "maven"
    args = (tmp_path / "args").read_text(encoding="utf-8").splitlines()
    repo = next(a for a in args if a.startswith("-Dmaven.repo.local="))
    repo_dir = Path(repo.removeprefix("-Dmaven.repo.local="))
    assert repo_dir.is_relative_to(cache)
    assert not repo_dir.exists()  # removed once lib holds the jars
    jars = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.jar"))
    assert jars == [Path("cache/languagetool/6.8/lib/languagetool-server-6.8.jar")]
    assert install.installed("6.8") == inst  # and a second install is a no-op
