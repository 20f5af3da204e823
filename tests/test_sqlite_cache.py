"""The caches' shared store: a bounded least-recently-used table that fails quietly."""

from __future__ import annotations

import os

import pytest

from copyedit.findings_cache import FindingsCache
from copyedit.sqlite_cache import SqliteStore


def test_round_trip_across_connections(tmp_path):
    store = SqliteStore(tmp_path / "c.sqlite3", "t", max_rows=10)
    assert store.get_many(["a"]) == {}
    store.put_many({"a": "1", "b": "2"})
    store.close()
    assert SqliteStore(tmp_path / "c.sqlite3", "t", 10).get_many(["a", "b", "c"]) == {
        "a": "1",
        "b": "2",
    }


def test_keeps_the_most_recently_used_rows(tmp_path, monkeypatch):
    clock = iter(range(100, 200))
    monkeypatch.setattr("copyedit.sqlite_cache.time.time", lambda: next(clock))
    store = SqliteStore(tmp_path / "c.sqlite3", "t", max_rows=3)
    for key in "abc":
        store.put_many({key: key.upper()})
    assert store.get_many(["a"]) == {"a": "A"}  # a read counts as a use: b is now oldest
    store.put_many({"d": "D"})
    assert store.get_many(list("abcd")) == {"a": "A", "c": "C", "d": "D"}
    store.put_many({"e": "E", "f": "F"})
    assert len(store.get_many(list("abcdef"))) == 3


def test_many_keys_in_one_read(tmp_path):
    store = SqliteStore(tmp_path / "c.sqlite3", "t", max_rows=5000)
    items = {f"k{i}": str(i) for i in range(1200)}  # more than one SELECT's worth
    store.put_many(items)
    assert store.get_many(items) == items


def test_a_corrupt_file_is_set_aside_and_rebuilt(tmp_path):
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = SqliteStore(path, "t", 10)
    store.put_many({"a": "1"})
    assert store.get_many(["a"]) == {"a": "1"}
    assert len(list(tmp_path.glob("c.sqlite3.corrupt-*"))) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_folder_is_a_quiet_miss(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    cache = FindingsCache(folder / "sub" / "c.sqlite3")
    cache.put("k", [], [])
    assert cache.get("k") is None


def test_findings_cache_is_bounded(tmp_path, monkeypatch):
    clock = iter(range(100, 200))  # distinct times: equal ones would make the order arbitrary
    monkeypatch.setattr("copyedit.sqlite_cache.time.time", lambda: next(clock))
    cache = FindingsCache(tmp_path / "f.sqlite3", max_rows=2)
    for key in ("x", "y", "z"):
        cache.put(key, [], [key])
    kept = [k for k in ("x", "y", "z") if cache.get(k) is not None]
    assert len(kept) == 2 and "z" in kept


def test_a_lock_refused_at_once_is_tried_again_not_a_fault(tmp_path, capsys):
    import sqlite3

    from copyedit.sqlite_cache import SqliteStore

    store = SqliteStore(tmp_path / "c.sqlite3", "t", 10)
    calls = {"n": 0}
    real = store._fault

    def work() -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("database is locked")

    store._fault = lambda exc: (_ for _ in ()).throw(AssertionError(exc))  # type: ignore[method-assign]
    store._run(work)
    assert calls["n"] == 2
    store._fault = real  # type: ignore[method-assign]
    store.put_many({"k": "v"})
    assert store.get_many(["k"]) == {"k": "v"} and capsys.readouterr().err == ""
