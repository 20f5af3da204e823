"""The format registry: a new format is one registration, and the command line and the
library take it (folders, check, fix, review, messages) with no other module changed."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ROOT

from copyedit import formats
from copyedit.cli import main
from copyedit.document import Document, expand_paths, load
from copyedit.errors import InputError
from copyedit.fixes import fix_document
from copyedit.formats.text import decode
from copyedit.markup import text_regions
from copyedit.model import Applicability, Finding

# --- a toy format: an "HTML export" with a banner line and one <p> per paragraph --------


@dataclass(frozen=True)
class ToyOrigin:
    """What the text leaves out and the writer must put back."""

    banner: str


def read_toy(data: bytes, path: str) -> formats.Decoded:
    banner, _, body = decode(data, path).partition("\n")
    if not banner.startswith("<!--"):
        raise InputError(f"{path}: not a toy export (no banner)")
    paragraphs = [line[3:-4] for line in body.splitlines() if line.startswith("<p>")]
    return formats.Decoded("\n\n".join(paragraphs), ToyOrigin(banner))


def write_toy(
    doc: formats.Draft, findings: Sequence[Finding], accept: Applicability
) -> formats.Written:
    assert isinstance(doc, Document) and isinstance(doc.origin, ToyOrigin)
    result = fix_document(doc, findings, accept)
    body = "".join(f"<p>{p}</p>\n" for p in result.text.split("\n\n"))
    data = f"{doc.origin.banner}\n{body}".encode()
    return formats.Written(data, result.text, bool(result.applied), "toy: written")


TOY = formats.Format(
    "toy", (".toy",), read_toy, text_regions, write=write_toy, label="Toy", writes="a toy file"
)
READ_ONLY = formats.Format("readonly", (".ro",), read_toy, text_regions)
EXPORT = "<!-- exported by Desk -->\n<p>The result can not wait.</p>\n<p>See example.com.</p>\n"


@pytest.fixture
def toy() -> Iterator[formats.Format]:
    formats.register(TOY)
    formats.register(READ_ONLY)
    try:
        yield TOY
    finally:
        formats.unregister(TOY.name)
        formats.unregister(READ_ONLY.name)


def run(*args: str):
    return CliRunner().invoke(main, [args[0], "--no-languagetool", *args[1:]])


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path / ".cache"))


def test_a_registered_format_is_read_and_checked_from_a_folder(tmp_path, toy):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "story.toy").write_text(EXPORT, encoding="utf-8")
    (tmp_path / "drafts" / "photo.png").write_bytes(b"\x89PNG")
    assert expand_paths(["drafts"]) == [Path("drafts/story.toy")]
    doc = load("drafts/story.toy")
    assert doc.format == "toy" and doc.origin == ToyOrigin("<!-- exported by Desk -->")
    assert doc.text == "The result can not wait.\n\nSee example.com."
    result = run("check", "drafts", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    (report,) = json.loads(result.stdout)["files"]
    assert report["path"] == "drafts/story.toy"
    assert "news.cannot" in {f["rule"] for f in report["findings"]}


def test_fix_writes_a_registered_format_through_its_writer(tmp_path, toy):
    (tmp_path / "story.toy").write_text(EXPORT, encoding="utf-8")
    result = run("fix", "story.toy", "-o", "fixed.toy", "--diff", "d.diff")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fixed.toy").read_text(encoding="utf-8") == EXPORT.replace(
        "can not", "cannot"
    )
    assert "+The result cannot wait." in (tmp_path / "d.diff").read_text(encoding="utf-8")
    assert result.stderr.strip() == "toy: written"
    result = run("fix", "story.toy", "--in-place")
    assert result.exit_code == 0, result.output
    assert "cannot wait" in (tmp_path / "story.toy").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, says",
    [
        (["fix", "story.toy"], "a .toy cannot go to stdout: give --output NAME.toy"),
        (["fix", "story.toy", "-o", "out.txt"], "a .toy draft is written as .toy"),
        (["fix", "story.toy", "-o", "o.toy", "--critic", "c.md"], "a .toy gets a toy file"),
        (["review", "story.toy"], "review edits text drafts (.txt, .md, .markdown); for Toy"),
        (["fix", "story.ro", "-o", "o.ro"], "story.ro: readonly drafts can be checked but not"),
        (["review", "story.ro"], "readonly drafts can only be checked"),
        (["check", "empty"], "folder holds no drafts (.txt, .md, .markdown, .docx, .toy, .ro)"),
        (["check", "bad.toy"], "bad.toy: not a toy export (no banner)"),
    ],
)
def test_a_registered_format_gets_the_usual_one_line_errors(tmp_path, toy, args, says):
    (tmp_path / "story.toy").write_text(EXPORT, encoding="utf-8")
    (tmp_path / "story.ro").write_text(EXPORT, encoding="utf-8")
    (tmp_path / "bad.toy").write_text("<p>No banner.</p>\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert says in result.output, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_an_unregistered_suffix_is_read_as_text_again(tmp_path, toy):
    formats.unregister("toy")
    (tmp_path / "story.toy").write_text(EXPORT, encoding="utf-8")
    assert load("story.toy").format == "text"


# --- the registry itself ----------------------------------------------------------------


def test_builtin_formats_and_suffixes():
    assert [f.name for f in formats.formats()][:3] == ["text", "markdown", "docx"]
    assert formats.suffixes()[:4] == (".txt", ".md", ".markdown", ".docx")
    assert formats.for_path("A.DOCX").name == "docx"
    assert formats.for_path("notes").name == "text"
    assert formats.by_suffix("story.rst") is None
    assert formats.get("markdown").plain and formats.get("docx").write is not None


def test_a_clash_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        formats.register(formats.Format("text", (".text",), read_toy))
    with pytest.raises(ValueError, match=r"\.md already read as markdown"):
        formats.register(formats.Format("mdx", (".mdx", ".md"), read_toy))
    with pytest.raises(ValueError, match="lower case"):
        formats.register(formats.Format("upper", (".TOY",), read_toy))
    with pytest.raises(ValueError, match="no draft format named 'odt'"):
        Document.from_text("x", format="odt")


# --- a .docx is fixed from what was checked ---------------------------------------------


def test_fixing_a_docx_reads_and_parses_it_once(tmp_path, monkeypatch):
    pytest.importorskip("docx")
    import docx

    import copyedit.docx.reader as reader
    import copyedit.files as files

    d = docx.Document()
    d.add_paragraph("The result can not wait.")
    d.save(str(tmp_path / "draft.docx"))
    calls = {"read": 0, "parse": 0}
    real_read, real_parse = files.read_regular, reader.load_package

    def counting_read(*args, **kwargs):
        calls["read"] += 1
        return real_read(*args, **kwargs)

    def counting_parse(*args, **kwargs):
        calls["parse"] += 1
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(files, "read_regular", counting_read)
    monkeypatch.setattr(reader, "load_package", counting_parse)
    result = run("fix", "draft.docx", "-o", "out.docx")
    assert result.exit_code == 0, result.output
    assert "1 tracked change(s)" in result.stderr
    assert calls == {"read": 1, "parse": 1}
    assert load(tmp_path / "out.docx").text == "The result cannot wait."


def test_a_docx_document_can_be_written_twice(tmp_path):
    pytest.importorskip("docx")
    import docx

    from copyedit.engines.yaml_rules import YamlRulesEngine

    d = docx.Document()
    d.add_paragraph("The result can not wait.")
    d.save(str(tmp_path / "draft.docx"))
    doc = load(tmp_path / "draft.docx")
    findings = [f for f in YamlRulesEngine.from_folders().check(doc) if f.rule == "news.cannot"]
    write = formats.get("docx").write
    assert write is not None
    first = write(doc, findings, Applicability.SAFE)
    second = write(doc, findings, Applicability.SAFE)  # the parse was used up: parsed again
    assert first.text == second.text == "The result cannot wait."
    assert first.changed and second.changed


# --- layering ---------------------------------------------------------------------------


def test_reading_a_text_draft_never_imports_lxml(tmp_path):
    (tmp_path / "d.txt").write_text("Plain.\n", encoding="utf-8")
    code = (
        "import sys; from copyedit.document import load; load('d.txt'); "
        "import copyedit.cli; print('lxml' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "False", done.stderr


def _imports(path: Path, module: str) -> set[str]:
    """Every copyedit module ``path`` imports, at any depth in the file, except under
    ``if TYPE_CHECKING:`` (read by the type checker only, never run)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING")
        for stmt in block.body
        for n in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            target = (f"{base}.{node.module}" if node.module else base) if node.level else ""
            target = target or (node.module or "")
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m.startswith("copyedit")}


def test_no_import_cycle_through_documents_formats_or_docx():
    root = ROOT / "copyedit"
    modules = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path

    def runs(name: str, imported: str) -> set[str]:
        """Importing a.b.c runs a and a.b first (a module's own packages already run)."""
        parts = imported.split(".")
        chain = {".".join(parts[:k]) for k in range(1, len(parts) + 1)}
        return {m for m in chain if m in modules and not (name + ".").startswith(m + ".")}

    graph = {
        name: {m for imported in _imports(path, name) for m in runs(name, imported)}
        for name, path in modules.items()
    }

    def reaches(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    watched = [m for m in modules if m.startswith(("copyedit.formats", "copyedit.docx"))]
    for name in ["copyedit.document", "copyedit.markup", *watched]:
        assert name not in reaches(name), name
