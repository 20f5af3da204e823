"""The HTML report: parsed as HTML (every finding, its marks, the filters, escaping of hostile
drafts), through the CLI, and opened in a real headless Chromium (filters clicked, a
screenshot taken, no script of the draft's ever run).

The browser tests skip when Chromium, its driver or selenium is missing, unless
``COPYEDIT_REQUIRE_BROWSER`` is set, when they fail instead. ``COPYEDIT_CHROMIUM`` and
``COPYEDIT_CHROMEDRIVER`` name other binaries than ``chromium`` and ``chromedriver``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ROOT, finding, found, rules_engine
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copyedit.cli import build_engines, main
from copyedit.config import Config
from copyedit.document import Document, load
from copyedit.fixes import fix_document
from copyedit.html_report import _SCRIPT, json_for_script, render_html
from copyedit.model import Applicability, Category, Finding, Severity
from copyedit.pipeline import FileReport, check_documents, settle
from copyedit.readability import Stats, measure

OPED = ROOT / "samples" / "oped-pakistan-neutrality.txt"

HOSTILE = (
    "Breaking: <script>alert(1)</script> the mayor can not attend.\n"
    "\n"
    'A caption "onmouseover=alert(2) x=" and </script><img src=x onerror=alert(3)> '
    "for Tom &amp; Jerry.\n"
)
EVIL = '"onmouseover=alert(4) </script><script>alert(5)</script> &amp;'


# --- a small HTML reader -----------------------------------------------------------------


class Page(HTMLParser):
    """Elements with their attributes and text; the article's text read two ways."""

    VOID = {"meta", "input", "br", "img", "link", "hr"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.notes: dict[str, str] = {}  # note id -> its text
        self.rows: list[tuple[str, str]] = []  # (original, fixed) per paragraph
        self._stack: list[tuple[str, dict]] = []
        self._script: list[str] | None = None
        self._note: tuple[str, int, list[str]] | None = None
        self._row: list[list[str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "script":
            self._script = []
        if tag in self.VOID:
            return
        self._stack.append((tag, a))
        classes = (a.get("class") or "").split()
        if tag == "div" and "note" in classes:
            self._note = (a["id"], len(self._stack), [])
        if tag == "div" and "text" in classes:
            self._row = [[], []]

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if tag == "script" and self._script is not None:
            self.scripts.append((self.elements_last("script"), "".join(self._script)))
            self._script = None
        if self._note and len(self._stack) == self._note[1]:
            self.notes[self._note[0]] = "".join(self._note[2])
            self._note = None
        top, attrs = self._stack.pop()
        assert top == tag, f"</{tag}> closes <{top}>"
        if tag == "div" and "text" in (attrs.get("class") or "").split():
            self.rows.append(("".join(self._row[0]), "".join(self._row[1])))
            self._row = None

    def elements_last(self, tag):
        return next(a for t, a in reversed(self.elements) if t == tag)

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        if self._note:
            self._note[2].append(data)
        if self._row is not None:
            inside = {t for t, _ in self._stack}
            point = any("point" in (a.get("class") or "") for _, a in self._stack)
            if not (inside & {"ins", "sup"} or point):
                self._row[0].append(data)
            if not (inside & {"del", "sup"} or point):
                self._row[1].append(data)

    def find(self, tag, **attrs):
        return [
            a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    def ids(self, tag: str) -> set[str]:
        """Finding ids on ``tag`` elements (``data-f`` holds one or more)."""
        return {i for t, a in self.elements if t == tag for i in (a.get("data-f") or "").split()}

    def classed(self, tag, cls):
        return [a for t, a in self.elements if t == tag and cls in (a.get("class") or "").split()]

    def data(self) -> dict:
        (json_text,) = [s for a, s in self.scripts if a.get("type") == "application/json"]
        return json.loads(json_text)

    def original(self) -> str:
        return "\n".join(o for o, _ in self.rows)

    def fixed(self) -> str:
        return "\n".join(f for _, f in self.rows)


def squeeze(text: str) -> str:
    """Blank lines between paragraphs are the rows' business: compare text without them."""
    return re.sub(r"[ \t\r\n]*\n[ \t\r\n]*", "\n", text).strip("\n ")


# --- reports -----------------------------------------------------------------------------


def no_lt_engines():
    return build_engines(Config(), languagetool=False)


@pytest.fixture(scope="module")
def oped_report() -> FileReport:
    (report,) = check_documents([load(OPED)], no_lt_engines())
    return report


def hostile_report() -> FileReport:
    """The hostile draft with the rules' findings plus hand-made ones carrying hostile text."""
    doc = Document.from_text(HOSTILE, path='<img src=x onerror=alert(6)>".txt')
    findings = list(settle(doc, rules_engine().check(doc)))
    close_at = HOSTILE.index("</script><img")
    findings += [
        found(
            HOSTILE,
            "<script>alert(1)</script>",
            (EVIL,),
            rule="test.evil",
            message=EVIL,
            confidence=0.5,
            applicability=Applicability.UNSAFE,
        ),
        finding(
            close_at,
            close_at + len("</script>"),
            "</script>",
            rule="test.evil-note",
            category=Category.TYPOGRAPHY,
            severity=Severity.SUGGESTION,
            message=EVIL,
            applicability=Applicability.DISPLAY_ONLY,
        ),
    ]
    doc_findings = settle(doc, findings)
    return FileReport(doc, doc_findings, measure(doc), ("rules", "test"), (EVIL,))


# --- pure tests of the page --------------------------------------------------------------


def test_every_finding_has_a_note_with_rule_message_and_confidence(oped_report):
    page = Page(render_html([oped_report]))
    findings = oped_report.findings
    assert len(findings) > 30
    notes = page.classed("div", "note")
    assert len(notes) == len(findings)
    for n, (f, note) in enumerate(zip(findings, notes, strict=True), 1):
        assert note["id"] == f"f0-{n}"
        assert note["data-rule"] == f.rule
        assert note["data-category"] == f.category.value
        assert float(note["data-confidence"]) == pytest.approx(f.confidence, abs=1e-3)
        text = page.notes[note["id"]]
        assert f.rule in text and f.message in text and f"confidence {f.confidence:.2f}" in text
    data = page.data()["files"][0]
    assert [f["rule"] for f in data["findings"]] == [f.rule for f in findings]
    assert data["stats"]["words"] == oped_report.stats.words


def test_marks_are_the_edits_fix_applies_and_the_rest_highlighted(oped_report):
    page = Page(render_html([oped_report], accept=Applicability.UNSAFE))
    result = fix_document(oped_report.doc, oped_report.findings, Applicability.UNSAFE)
    assert len(result.applied) > 20
    # Reading the article without insertions gives the draft; without deletions, the fix.
    assert squeeze(page.original()) == squeeze(oped_report.doc.text)
    assert squeeze(page.fixed()) == squeeze(result.text)
    ids = {f"f0-{n}": f for n, f in enumerate(oped_report.findings, 1)}
    deleted = page.ids("del")
    marked = page.ids("mark")
    assert len(deleted) == sum(1 for e in result.applied if e.original)
    for fid, f in ids.items():
        if f.applicability is Applicability.DISPLAY_ONLY or f.in_quote:
            assert fid in marked and fid not in deleted, f
    # The safe-only page marks fewer edits: unsafe ones become highlights.
    safe = Page(render_html([oped_report], accept=Applicability.SAFE))
    realword = [fid for fid, f in ids.items() if f.category is Category.REAL_WORD]
    assert realword
    assert not safe.ids("del") & set(realword)
    assert set(realword) <= safe.ids("mark")


def test_filters_cover_every_category_rule_and_confidence(oped_report):
    page = Page(render_html([oped_report]))
    categories = {f.category.value for f in oped_report.findings}
    rules = {f.rule for f in oped_report.findings}
    assert {a["value"] for a in page.classed("input", "filter-category")} == categories
    assert {a["value"] for a in page.classed("input", "filter-rule")} == rules
    (slider,) = page.find("input", id="filter-confidence")
    assert (slider["type"], slider["min"], slider["max"]) == ("range", "0", "1")
    dd = {a["class"] for t, a in page.elements if t == "dd"}
    assert dd == {"grade", "ease", "words", "sentences", "long"}


def test_readability_panel_shows_the_figures(oped_report):
    html = render_html([oped_report])
    s = oped_report.stats
    for cls, value in [
        ("grade", s.flesch_kincaid_grade),
        ("ease", s.flesch_reading_ease),
        ("words", s.words),
        ("sentences", s.sentences),
    ]:
        assert f'<dd class="{cls}">{value}</dd>' in html


def test_hostile_draft_and_findings_come_out_escaped_and_inert():
    report = hostile_report()
    html = render_html([report])
    page = Page(html)
    # Only the page's own two scripts: the data block and the known code.
    assert [a.get("type") for a, _ in page.scripts] == ["application/json", None]
    assert page.scripts[1][1] == _SCRIPT
    assert html.count("<script") == 2 and html.count("</script>") == 2
    # No element grew an event handler or a source from the draft.
    for tag, attrs in page.elements:
        assert tag != "img", attrs
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
    # The draft reads back exactly, as text.
    assert squeeze(page.original()) == squeeze(HOSTILE)
    assert "<script>alert(1)</script>" in page.original()
    assert "&amp; Jerry" in page.original()
    assert "&amp;amp; Jerry" in html
    # The data block round-trips every finding's text and message, with no raw < > &.
    (raw,) = [s for a, s in page.scripts if a.get("type") == "application/json"]
    assert not set("<>&") & set(raw)
    data = page.data()["files"][0]
    assert data["path"] == report.doc.path
    assert {f["text"] for f in data["findings"]} >= {"<script>alert(1)</script>", "</script>"}
    assert EVIL in {f["message"] for f in data["findings"]}
    # Notes and the path show the hostile text as text.
    evil_notes = [i for i, t in page.notes.items() if EVIL in t]
    assert len(evil_notes) == 2
    assert any(EVIL in t for t in page.notes.values() if "→" in t)
    (section,) = page.classed("section", "file")
    assert section["data-path"] == report.doc.path


def test_json_for_script_escapes_markup_characters():
    text = json_for_script({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_content_security_policy_forbids_network_and_foreign_scripts(oped_report):
    page = Page(render_html([oped_report]))
    (meta,) = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
    policy = meta["content"]
    assert "default-src 'none'" in policy
    assert "'unsafe-inline'" not in policy and "http" not in policy
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", policy)
    for tag, attrs in page.elements:
        for key in ("src", "href"):
            value = attrs.get(key)
            assert value is None or value.startswith("#"), (tag, key, value)


def test_several_files_one_section_each(oped_report):
    other = hostile_report()
    page = Page(render_html([oped_report, other]))
    sections = page.classed("section", "file")
    assert [s["data-path"] for s in sections] == [oped_report.doc.path, other.doc.path]
    notes = page.classed("div", "note")
    assert len(notes) == len(oped_report.findings) + len(other.findings)
    assert len({n["id"] for n in notes}) == len(notes)
    assert len(page.data()["files"]) == 2


def test_empty_and_clean_drafts_render():
    for text in ("", "The council met on Tuesday.\n"):
        doc = Document.from_text(text, path="clean.txt")
        page = Page(render_html([FileReport(doc, (), measure(doc), ("rules",))]))
        assert page.classed("div", "note") == []
        assert squeeze(page.original()) == squeeze(text)


@st.composite
def drafts_with_findings(draw):
    """A text of hostile characters, paragraphs and no-break spaces, with findings (some
    overlapping, some zero-width, some with edits) on spans within a line."""
    text = draw(st.text(alphabet="ab <>&\"'\n\u00a0.", max_size=60))
    findings = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 6)))
        if "\n" in text[start:end]:
            continue
        fixed = draw(st.one_of(st.none(), st.text(alphabet="xy <&\u00a0", max_size=3)))
        applicability = draw(st.sampled_from(list(Applicability)))
        findings.append(
            finding(
                start,
                end,
                text[start:end],
                () if fixed is None else (fixed,),
                rule=draw(st.sampled_from(["t.one", "t.two", "t.<three>"])),
                category=draw(st.sampled_from(list(Category))),
                message="m <b>&",
                confidence=draw(st.sampled_from([0.5, 0.9, 1.0])),
                applicability=applicability,
            )
        )
    findings.sort(key=lambda f: (f.start, f.end))
    return text, tuple(findings)


def _insertion(at: int, new: str) -> Finding:
    return finding(
        at,
        at,
        "",
        (new,),
        rule="t.insert",
        category=Category.PUNCTUATION,
        message="m",
        confidence=1.0,
    )


@settings(max_examples=150, deadline=None)
@given(drafts_with_findings())
@example(("a\n\nb", (_insertion(3, "X"),)))  # at a paragraph's start
@example(("a\n\n b", (_insertion(4, "X"),)))
def test_any_findings_render_well_formed_and_read_back(case):
    text, findings = case
    doc = Document.from_text(text, path="p.txt")
    report = FileReport(doc, findings, Stats(0, 0, 0.0, 0.0, ()), ("test",))
    page = Page(render_html([report]))  # Page checks that every tag closes in order
    assert len(page.classed("div", "note")) == len(findings)
    result = fix_document(doc, findings, Applicability.UNSAFE)
    assert squeeze(page.original()) == squeeze(text)
    assert squeeze(page.fixed()) == squeeze(result.text)
    assert page.ids("del") | page.ids("ins") <= {f"f0-{n}" for n in range(1, len(findings) + 1)}


# --- the command line --------------------------------------------------------------------


def test_cli_check_format_html_to_stdout_and_to_a_file(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(HOSTILE, encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(main, ["check", str(draft), "--no-languagetool", "--format", "html"])
    assert out.exit_code in (0, 1), out.output
    page = Page(out.stdout)
    assert "<script>alert(1)</script>" in page.original()
    target = tmp_path / "report.html"
    res = runner.invoke(
        main, ["check", str(draft), "--no-languagetool", "--format", "html", "-o", str(target)]
    )
    assert res.exit_code in (0, 1) and res.stdout == ""
    assert target.read_text(encoding="utf-8") == out.stdout
    assert draft.read_text(encoding="utf-8") == HOSTILE  # the draft is never touched
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_output_errors_are_one_line_and_write_nothing(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(HOSTILE, encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["check", str(draft), "--no-languagetool", "-o", "x.html"])
    assert res.exit_code == 2 and "--output needs --format" in res.output
    bad = tmp_path / "missing" / "r.html"
    res = runner.invoke(
        main, ["check", str(draft), "--no-languagetool", "--format", "html", "-o", str(bad)]
    )
    assert res.exit_code == 2
    assert res.stderr.count("\n") == 1 and "cannot write" in res.stderr
    assert not bad.parent.exists()


# --- a real browser ----------------------------------------------------------------------

REQUIRE_BROWSER = bool(os.environ.get("COPYEDIT_REQUIRE_BROWSER"))


def _browser_unavailable(reason: str):
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (COPYEDIT_REQUIRE_BROWSER is set)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through the system chromedriver, named explicitly: selenium never
    looks for (or downloads) a driver or a browser itself."""
    chromium = os.environ.get("COPYEDIT_CHROMIUM") or shutil.which("chromium")
    driver_path = os.environ.get("COPYEDIT_CHROMEDRIVER") or shutil.which("chromedriver")
    if not chromium or not driver_path:
        _browser_unavailable("chromium or chromedriver not installed")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _browser_unavailable("selenium not installed")
    os.environ["SE_OFFLINE"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    except Exception as exc:  # a driver that cannot start the browser
        _browser_unavailable(f"chromium could not start: {str(exc).splitlines()[0]}")
    yield driver
    driver.quit()


def _cli_html(tmp_path: Path, draft: Path) -> Path:
    """The report written by the real command in a child process."""
    target = tmp_path / f"{draft.stem}-report.html"
    subprocess.run(
        [sys.executable, "-m", "copyedit.cli", "check", str(draft), "--no-languagetool"]
        + ["--format", "html", "-o", str(target)],
        check=False,
        capture_output=True,
        timeout=120,
    )
    assert target.exists()
    return target


def _visible(driver, selector: str) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".filter(function (el) { return el.getClientRects().length > 0"
        " && !el.classList.contains('off'); })"
        ".map(function (el) { return el.id || el.getAttribute('data-f'); });",
        selector,
    )


def _errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


@pytest.mark.usefixtures("uncalibrated")
def test_browser_filters_hide_notes_and_marks(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = _cli_html(tmp_path, OPED)
    findings = json.loads(
        CliRunner()
        .invoke(main, ["check", str(OPED), "--no-languagetool", "--format", "json"])
        .stdout
    )["files"][0]["findings"]
    browser.get(page.as_uri())
    assert browser.title == "copyedit report"
    assert _errors(browser) == []
    assert len(_visible(browser, ".note")) == len(findings) > 30
    assert browser.find_element(By.ID, "shown-count").text == str(len(findings))

    # Hide real-word: its notes, deletions, insertions and numbers go; the rest stay.
    realword = {f"f0-{n}" for n, f in enumerate(findings, 1) if f["category"] == "real-word"}
    assert len(realword) >= 5
    browser.find_element(By.CSS_SELECTOR, "input.filter-category[value='real-word']").click()
    notes = set(_visible(browser, ".note"))
    assert notes == {f"f0-{n}" for n in range(1, len(findings) + 1)} - realword
    marks = set(_visible(browser, "del[data-f], ins[data-f], mark[data-f]"))
    assert not marks & realword
    assert len(marks) > 10
    one = sorted(realword)[0]
    ins = browser.find_element(By.CSS_SELECTOR, f"ins[data-f='{one}']")
    deleted = browser.find_element(By.CSS_SELECTOR, f"del[data-f='{one}']")
    assert not ins.is_displayed() and deleted.is_displayed()  # the draft's word reads plain
    assert "line-through" not in deleted.value_of_css_property("text-decoration")
    other = sorted(set(_visible(browser, "del[data-f]")))[0]
    assert "line-through" in browser.find_element(
        By.CSS_SELECTOR, f"del[data-f='{other}']"
    ).value_of_css_property("text-decoration")
    shown = len(findings) - len(realword)
    assert browser.find_element(By.ID, "shown-count").text == str(shown)

    # The confidence slider, moved with the keyboard to 0.90.
    slider = browser.find_element(By.ID, "filter-confidence")
    slider.send_keys(*[Keys.ARROW_RIGHT] * 18)
    assert browser.find_element(By.ID, "confidence-value").text == "0.90"
    expect = {
        f"f0-{n}"
        for n, f in enumerate(findings, 1)
        if f["category"] != "real-word" and f["confidence"] >= 0.9
    }
    assert 0 < len(expect) < shown
    assert set(_visible(browser, ".note")) == expect
    browser.save_screenshot(str(tmp_path / "filtered.png"))

    # Back to everything, and the picture of the whole report for the reader.
    browser.find_element(By.CSS_SELECTOR, "input.filter-category[value='real-word']").click()
    slider.send_keys(Keys.HOME)
    assert len(_visible(browser, ".note")) == len(findings)
    assert browser.save_screenshot("/tmp/oped-report.png")
    assert _errors(browser) == []


def test_browser_runs_no_script_from_a_hostile_draft(browser, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    draft = tmp_path / "hostile.txt"
    draft.write_text(HOSTILE, encoding="utf-8")
    pages = [_cli_html(tmp_path, draft), tmp_path / "hand.html"]
    pages[1].write_text(render_html([hostile_report()]), encoding="utf-8")
    for page in pages:
        browser.get_log("browser")  # drop what came before
        browser.get(page.as_uri())
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert _errors(browser) == [], page.name
        assert browser.execute_script("return document.scripts.length") == 2
        assert browser.execute_script("return document.images.length") == 0
        text = browser.find_element(By.CSS_SELECTOR, "div.article").text
        assert "<script>alert(1)</script>" in text and "&amp; Jerry" in text
        assert "<img src=x onerror=alert(3)>" in text and "</script>" in text
        # Hovering a note and using the filters still works on the hostile page.
        for box in browser.find_elements(By.CSS_SELECTOR, "input.filter-category"):
            box.click()
        assert _visible(browser, ".note") == []
        assert _errors(browser) == []


def test_cli_accept_sets_which_suggestions_the_redline_marks(tmp_path):
    draft = tmp_path / "draft.txt"
    # "can not" is a safe fix; the real-word "batter" is unsafe (an editor says yes)
    draft.write_text("The result can not wait. It will be batter for the country.\n", "utf-8")
    runner = CliRunner()
    pages = {}
    for level in ("safe", "unsafe"):
        args = ["check", str(draft), "--no-languagetool", "--format", "html", "--accept", level]
        res = runner.invoke(main, args)
        assert res.exit_code in (0, 1), res.output
        pages[level] = res.stdout
        assert f"--accept {level}" in res.stdout
    default = runner.invoke(main, ["check", str(draft), "--no-languagetool", "--format", "html"])
    assert default.stdout == pages["unsafe"]
    assert "<ins" in pages["safe"] and pages["safe"].count("<ins") < pages["unsafe"].count("<ins")
    res = runner.invoke(main, ["check", str(draft), "--no-languagetool", "--accept", "safe"])
    assert res.exit_code == 2 and "--accept applies to --format html" in res.output
