"""Faults in the cache folder never end a run (issue 16): a read-only or full cache is one
note on stderr and a run without it; a corrupt cache file is set aside and rebuilt; a
failed write leaves no temporary or journal file behind.

The unit tests inject the faults at the SQLite and file boundary and run everywhere. The
end-to-end tests run the real command in a child process: a read-only cache is a
read-only bind mount and a full disk a small tmpfs, each in a private mount namespace
(``unshare -m``) where the platform allows it (root with mount rights, as in CI
containers); otherwise a non-root user gets a ``chmod``-ed folder, and the variants that
need a mount are skipped with the reason.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import link_install

from copyedit import paths
from copyedit.findings_cache import FindingsCache
from copyedit.languagetool.cache import ParagraphCache
from copyedit.realword import ngram
from copyedit.sqlite_cache import SqliteStore

DRAFT = (
    "The council met on Tuesday. Their going to approve the budget, officials said.\n\n"
    "It was there decision, and the mayor said its a fair one.\n"
)
LT_DRAFT = "The goverment met on Tuesday.\n"
"""A misspelling LanguageTool's speller flags."""
OTHER_DRAFT = "A different story about the harbour. The piers was rebuilt last year.\n"
LIMIT = 180.0
"""Seconds a run may take (a cold cache builds the real-word index: about 15 s)."""


@pytest.fixture(autouse=True)
def _fresh_notes(monkeypatch):
    """Each test is a run of its own: the one-note-a-run memory starts empty."""
    monkeypatch.setattr(paths, "_noted", [], raising=False)
    monkeypatch.setattr(paths, "_state_dirs", {}, raising=False)


def _unusable_notes(err: str) -> list[str]:
    return [line for line in err.splitlines() if "cache unusable:" in line]


# --- unit: faults injected at the SQLite and file boundary -----------------------------


class _FullDisk:
    """A connection whose writes fail as SQLite's do on a full disk."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __getattr__(self, name: str):
        return getattr(self._db, name)

    def __enter__(self):
        return self._db.__enter__()

    def __exit__(self, *exc):
        return self._db.__exit__(*exc)

    def _fail_writes(self, sql: str) -> None:
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args):
        self._fail_writes(sql)
        return self._db.execute(sql, *args)

    def executemany(self, sql: str, *args):
        self._fail_writes(sql)
        return self._db.executemany(sql, *args)


def test_a_full_disk_is_one_note_and_a_run_without_the_cache(tmp_path, monkeypatch, capsys):
    real_connect = sqlite3.connect
    monkeypatch.setattr(paths.sqlite3, "connect", lambda *a, **k: _FullDisk(real_connect(*a, **k)))
    store = SqliteStore(tmp_path / "c.sqlite3", "t", 10)
    store.put_many({"a": "1"})  # must not raise
    store.put_many({"b": "2"})
    assert store.get_many(["a", "b"]) == {}
    other = FindingsCache(tmp_path / "f.sqlite3")
    other.put("k", [], [])
    err = capsys.readouterr().err
    assert _unusable_notes(err) == [
        f"copyedit: note: cache unusable: {tmp_path / 'c.sqlite3'}: "
        "database or disk is full; running without it"
    ]  # one note a run, however many caches fail


def test_an_unopenable_cache_is_one_note(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # root too cannot make a folder inside a file
    store = SqliteStore(blocker / "sub" / "c.sqlite3", "t", 10)
    store.put_many({"a": "1"})
    assert store.get_many(["a"]) == {}
    assert paths.save(blocker / "x.marshal", b"data") is False
    assert len(_unusable_notes(capsys.readouterr().err)) == 1


def _damage_past_first_page(path: Path, keep: str = "") -> None:
    """Overwrite every page but the first (the schema) and the root page of the table
    ``keep`` (read on opening), as a failing disk or a torn copy would."""
    db = sqlite3.connect(path)
    (page_size,) = db.execute("PRAGMA page_size").fetchone()
    roots = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (keep,)).fetchall()
    db.close()
    spared = {1, *(r for (r,) in roots)}
    pages = path.stat().st_size // page_size
    assert pages >= 3, "the file must span pages for damage past the first"
    with path.open("r+b") as fh:
        for page in range(2, pages + 1):
            if page not in spared:
                fh.seek((page - 1) * page_size)
                fh.write(b"\xa5" * page_size)


@pytest.mark.parametrize("cache_class", [FindingsCache, ParagraphCache])
def test_a_malformed_database_is_set_aside_and_rebuilt(tmp_path, cache_class, capsys):
    path = tmp_path / "c.sqlite3"
    store = SqliteStore(path, "matches_v1" if cache_class is ParagraphCache else "findings_v2", 999)
    store.put_many({f"k{i}": "x" * 200 for i in range(300)})
    store.close()
    _damage_past_first_page(path)
    cache = cache_class(path)
    if cache_class is ParagraphCache:
        assert cache.get_many([f"k{i}" for i in range(300)]) == {}
        cache.put_many({"new": []})
        assert cache.get_many(["new"]) == {"new": []}
    else:
        assert cache.get("k1") is None
        cache.put("new", [], ["n"])
        assert cache.get("new") == ([], ["n"])
    assert len(list(tmp_path.glob("c.sqlite3.corrupt-*"))) == 1
    assert "database disk image is malformed; set aside as c.sqlite3.corrupt-" in (
        capsys.readouterr().err
    )


def test_a_damaged_database_that_cannot_be_moved_is_left_for_the_run(tmp_path, monkeypatch, capsys):
    path = tmp_path / "c.sqlite3"
    store = SqliteStore(path, "t", 999)
    store.put_many({f"k{i}": "x" * 200 for i in range(300)})
    store.close()
    _damage_past_first_page(path)
    monkeypatch.setattr(
        paths, "set_aside", lambda path, exc, expect=None: None
    )  # a read-only folder
    opened = []
    real_open = paths.open_sqlite
    monkeypatch.setattr(paths, "open_sqlite", lambda *a: opened.append(1) or real_open(*a))
    store = SqliteStore(path, "t", 999)
    for _ in range(3):
        assert store.get_many(["k1"]) == {}
        store.put_many({"k1": "y"})
    assert opened == [1]  # not reopened and failed again on every use
    assert len(_unusable_notes(capsys.readouterr().err)) == 1


def test_a_folder_where_the_syllable_cache_should_be(tmp_path, monkeypatch):
    from copyedit import readability

    monkeypatch.setenv("COPYEDIT_CACHE", str(tmp_path))
    (tmp_path / "cmudict-syllables.marshal").mkdir()
    counts = readability._syllable_counts()
    assert counts["council"] == 2
    assert (tmp_path / "cmudict-syllables.marshal").is_file()  # rebuilt
    assert len(list(tmp_path.glob("cmudict-syllables.marshal.corrupt-*"))) == 1
    assert readability._syllable_counts() == counts  # and read back


def test_a_damaged_marshal_file_is_set_aside(tmp_path):
    from copyedit.realword import cache

    path = tmp_path / "x.marshal"
    path.write_bytes(b"\x00garbage")
    assert cache.load_marshal(path, "key") is None
    assert not path.exists() and len(list(tmp_path.glob("x.marshal.corrupt-*"))) == 1
    assert cache.save_marshal(path, "key", [1, 2])
    assert cache.load_marshal(path, "key") == [1, 2]


def _tiny_model() -> ngram.Bigrams:
    words = {f"w{i}": 1000 + i for i in range(3000)}
    pairs = {f"w{i} w{i + 1}": 50 for i in range(2999)}
    return ngram.merge([ngram._source(words, pairs)], words, {"w1": ("w2",)})


def test_a_bigram_file_damaged_past_its_first_page(tmp_path, capsys):
    model = _tiny_model()
    path = tmp_path / "bigrams.sqlite"
    ngram.write_store(model, path)
    _damage_past_first_page(path, keep="meta")
    built = []

    def builder() -> ngram.Bigrams:
        built.append(1)
        return model

    counts = ngram.load(path, builder)  # the first page is whole: opens as a Store
    assert isinstance(counts, ngram.Store) and not built
    assert counts.logcond("w1", "w2") == model.logcond("w1", "w2")  # not an error
    assert counts.in_dictionary("w5") and counts.homophones_of("w1") == ("w2",)
    assert counts.frequent(3000) == model.frequent(3000)
    assert built == [1]
    assert len(list(tmp_path.glob("bigrams.sqlite.corrupt-*"))) == 1
    assert "cache damaged:" in capsys.readouterr().err
    again = ngram.load(path, builder)  # the next run writes a new file
    assert isinstance(again, ngram.Store) and again.logcond("w1", "w2") == model.logcond("w1", "w2")


def test_a_full_disk_leaves_no_temporary_or_journal_file(tmp_path, monkeypatch, capsys):
    def write_store(model, tmp: Path) -> None:
        db = sqlite3.connect(tmp)
        db.execute("CREATE TABLE t (x)")
        Path(f"{tmp}-journal").write_bytes(b"hot")  # as SQLite leaves it when ENOSPC
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(ngram, "write_store", write_store)
    path = tmp_path / "realword" / "bigrams.sqlite"
    model = _tiny_model()
    assert ngram.load(path, lambda: model) is model  # in memory for this run
    assert sorted(p.name for p in (tmp_path / "realword").iterdir()) == []
    assert "database or disk is full; running without it" in capsys.readouterr().err


def test_run_state_moves_out_of_a_cache_that_cannot_be_written(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    (tmp_path / "run").mkdir()
    blocked = tmp_path / "a-file" / "languagetool"
    (tmp_path / "a-file").write_text("")
    where = paths.state_dir(blocked)
    assert where.parent == tmp_path / "run" / f"copyedit-{os.getuid()}"
    assert where.is_dir() and (where.stat().st_mode & 0o777) == 0o700
    assert paths.state_dir(tmp_path / "ok") == tmp_path / "ok"
    assert paths.state_dir(blocked) == where  # the same for every run on that cache
    assert len(_unusable_notes(capsys.readouterr().err)) == 1


# --- end to end: the real command on a read-only, full or damaged cache -----------------


@functools.cache
def _can_mount() -> bool:
    """Whether this process may make a private mount namespace and mount a tmpfs in it."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"copyedit-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        done = subprocess.run(
            ["unshare", "-m", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"', str(probe)],
            capture_output=True,
            timeout=30,
        )
        return done.returncode == 0
    finally:
        probe.rmdir()


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from copyedit.cli import main; main()", *args]


READ_ONLY = 'mount --bind "$C" "$C" && mount -o remount,bind,ro "$C"'
FULL = (
    'cp -a "$C" "$C.src" && mount -t tmpfs -o size=48m tmpfs "$C" && cp -a "$C.src"/. "$C"/ '
    '&& { for bs in 64k 1k 1; do dd if=/dev/zero of="$C/filler-$bs" bs=$bs 2>/dev/null; '
    "done; true; }"
)
LEFTOVERS = "find \"$C\" \\( -name '*.tmp' -o -name '*-journal' \\) -printf 'LEFTOVER %p\\n' >&2"


def _run(
    cache: Path,
    args: list[str],
    cwd: Path,
    fault: str = "",
    after: list[list[str]] = (),
    env: dict | None = None,
) -> subprocess.CompletedProcess:
    """``copyedit ARGS`` with ``COPYEDIT_CACHE=cache``; ``fault`` (``READ_ONLY``,
    ``FULL``) is made first inside a private mount namespace, and the commands of
    ``after`` run there too (they see the same faulty cache)."""
    argv = _cli(*args)
    run_env = dict(os.environ, COPYEDIT_CACHE=str(cache), C=str(cache), NO_COLOR="1", **(env or {}))
    if fault:
        tail = "\n".join(shlex.join(a) + " >/dev/null 2>&1" for a in after)
        script = f'{fault} || exit 97\n"$@"\nrc=$?\n{LEFTOVERS}\n{tail}\nexit $rc'
        argv = ["unshare", "-m", "sh", "-c", script, "sh", *argv]
    try:
        done = subprocess.run(
            argv, cwd=cwd, env=run_env, capture_output=True, text=True, timeout=LIMIT
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"took over {LIMIT:.0f} s")
    assert done.returncode != 97, f"could not make the fault: {done.stderr}"
    return done


def _kept_promises(done: subprocess.CompletedProcess, notes: int = 1) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    assert len(_unusable_notes(done.stderr)) == notes, done.stderr
    assert "LEFTOVER" not in done.stderr, done.stderr


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory) -> Path:
    """A cache after one run (real-word index, syllables, findings, readability)."""
    root = tmp_path_factory.mktemp("warm")
    (root / "draft.txt").write_text(DRAFT)
    cache = root / "cache"
    for args in (["check", "--no-languagetool", "draft.txt"], ["stats", "draft.txt"]):
        done = _run(cache, args, root)
        assert done.returncode in (0, 1) and not done.stderr, done.stderr
    return cache


@pytest.fixture(params=["empty", "warm"])
def a_cache(request, tmp_path) -> Path:
    """A copy of a cold (empty) or warm cache folder, and the drafts beside it."""
    (tmp_path / "draft.txt").write_text(DRAFT)
    (tmp_path / "other.txt").write_text(OTHER_DRAFT)
    cache = tmp_path / "cache"
    if request.param == "warm":
        shutil.copytree(request.getfixturevalue("warm_cache"), cache, symlinks=True)
    else:
        cache.mkdir()
    return cache


@pytest.fixture
def read_only(a_cache):
    """How to make ``a_cache`` read-only: a bind mount, or chmod for a non-root user."""
    if _can_mount():
        yield READ_ONLY
        return
    if os.geteuid() == 0:
        pytest.skip("root ignores chmod and this platform allows no private mount")
    modes = [(p, p.stat().st_mode) for p in [a_cache, *a_cache.rglob("*")] if p.is_dir()]
    for p, mode in modes:
        p.chmod(mode & ~0o222)
    yield ""
    for p, mode in modes:
        p.chmod(mode)


@pytest.fixture
def full_disk():
    if not _can_mount():
        pytest.skip("a full disk needs a private tmpfs (root in a mount namespace)")
    return FULL


@pytest.mark.parametrize("args", [["check", "--no-languagetool"], ["stats"]])
def test_a_read_only_cache(a_cache, read_only, args):
    done = _run(a_cache, [*args, "other.txt"], a_cache.parent, read_only)
    _kept_promises(done)


@pytest.mark.parametrize("args", [["check", "--no-languagetool"], ["stats"]])
def test_a_full_cache_disk(a_cache, full_disk, args):
    done = _run(a_cache, [*args, "other.txt"], a_cache.parent, full_disk)
    _kept_promises(done)


def test_a_cache_inside_a_file(tmp_path):
    """Any user, any platform: the cache folder cannot be made (its parent is a file)."""
    (tmp_path / "draft.txt").write_text(DRAFT)
    (tmp_path / "a-file").write_text("")
    done = _run(
        tmp_path / "a-file" / "cache", ["check", "--no-languagetool", "draft.txt"], tmp_path
    )
    _kept_promises(done)


@pytest.mark.parametrize("fault", [READ_ONLY, FULL], ids=["read-only", "full"])
def test_languagetool_installed_in_a_faulty_cache_still_checks(tmp_path, lt_installed, fault):
    """The server's state file, lock and log go to a private folder outside the cache."""
    if not _can_mount():
        pytest.skip("needs a private mount (chmod would also stop the install's links)")
    version, source = lt_installed
    cache = link_install(tmp_path / "cache", version, source)
    (tmp_path / "draft.txt").write_text(LT_DRAFT)
    (tmp_path / "run").mkdir()
    done = _run(
        cache,
        ["check", "draft.txt", "--format", "json"],
        tmp_path,
        fault,
        after=[_cli("languagetool", "stop")],
        env={"XDG_RUNTIME_DIR": str(tmp_path / "run")},
    )
    _kept_promises(done)
    assert '"engine": "languagetool"' in done.stdout  # LanguageTool ran


@pytest.mark.parametrize("fault", ["read_only", "full_disk"])
def test_a_languagetool_url_run_on_a_faulty_cache(a_cache, lt_server, fault, request):
    how = request.getfixturevalue(fault)
    done = _run(
        a_cache,
        ["check", "--languagetool-url", lt_server.url, "other.txt"],
        a_cache.parent,
        how,
    )
    _kept_promises(done)


def test_damaged_caches_are_set_aside_and_rebuilt(warm_cache, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(warm_cache, cache, symlinks=True)
    (tmp_path / "other.txt").write_text(OTHER_DRAFT)
    _damage_past_first_page(cache / ngram.cache_path().relative_to(paths.cache_dir()), "meta")
    _damage_past_first_page(cache / "findings" / "documents.sqlite3")
    (cache / "cmudict-syllables.marshal").unlink()
    (cache / "cmudict-syllables.marshal").mkdir()
    for args in (["check", "--no-languagetool", "other.txt"], ["stats", "other.txt"]):
        done = _run(cache, args, tmp_path)
        _kept_promises(done, notes=0)
    aside = {p.name.split(".corrupt-")[0] for p in cache.rglob("*.corrupt-*")}
    assert aside == {ngram.cache_path().name, "cmudict-syllables.marshal", "documents.sqlite3"}
    again = _run(cache, ["check", "--no-languagetool", "other.txt"], tmp_path)
    _kept_promises(again, notes=0)
    assert "cache damaged" not in again.stderr  # rebuilt: a clean run


def test_installing_languagetool_into_a_cache_that_cannot_be_written_is_one_line(
    tmp_path, monkeypatch
):
    from copyedit.errors import EngineError
    from copyedit.languagetool import install

    (tmp_path / "file").write_text("")
    monkeypatch.setattr(install, "lt_root", lambda: tmp_path / "file" / "languagetool")
    with pytest.raises(EngineError, match="cannot install LanguageTool in .*file"):
        install.install("6.8")


# --- two processes meeting the same damage ---------------------------------------------


def _damaged(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)


def test_a_damaged_database_another_process_set_aside_first_is_no_fault(
    tmp_path, monkeypatch, capsys
):
    """The check and the resident worker open the same cache: when the other one sets
    the damaged file aside first, this one opens the new file, with no note of its own."""
    monkeypatch.setattr(paths, "_noted", [])
    path = tmp_path / "findings.sqlite3"
    _damaged(path)
    calls: list[int] = []

    def setup(db: sqlite3.Connection) -> None:
        calls.append(1)
        if len(calls) == 1:  # the other process meets the damage first and moves it
            os.replace(path, tmp_path / "findings.sqlite3.corrupt-other")
            raise sqlite3.DatabaseError("database disk image is malformed")
        db.execute("CREATE TABLE IF NOT EXISTS t (x)")

    db = paths.open_sqlite(path, setup)
    assert db is not None and len(calls) == 2
    db.close()
    assert capsys.readouterr().err == ""


def test_a_file_another_process_put_in_place_of_the_damaged_one_is_left_alone(tmp_path):
    path = tmp_path / "findings.sqlite3"
    _damaged(path)
    damaged = paths.identity(path)
    os.replace(path, tmp_path / "moved")  # set aside by the other process ...
    path.write_bytes(b"")  # ... which made a new one
    fresh = paths.identity(path)
    assert paths.set_aside(path, "malformed", expect=damaged) is None
    assert paths.identity(path) == fresh
    assert paths.replaced(path, "malformed", damaged)
