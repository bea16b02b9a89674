"""The cache of validated stores gives exactly what a fresh validation gives."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronology import cache
from chronology.loader import check

from .conftest import BUNDLED, ROOT, Result

Cli = Callable[..., Result]

STORE = """\
title: Cached
markup: markdown
timezone: Asia/Kolkata
events:
  - id: a
    date: 2021-06-02
    title: First
    location: NO
    x-note: {nested: [1, 2.5, true, null]}
  - id: b
    date: 2021-06
    end: 2021-08
    title: Second
    sources:
      - url: https://example.org
        title: Source
        accessed: 2021-09-01
  - id: c
    date: 2026-01-20T09:30+05:30
    title: Third
"""


#: What an entry starts with, and where its store names start (after the checksum and
#: their length).
_MAGIC = b"chronology-cache\x00"
_NAMES = len(_MAGIC) + 32 + 4


def _both(paths: list[str]) -> tuple[object, object]:
    fresh = check(paths, use_cache=False)
    cached = check(paths, use_cache=True)
    return fresh, cached


def _cache_files() -> list[Path]:
    folder = cache.cache_dir()
    return sorted(folder.glob("*.cache")) if folder.exists() else []


def test_second_load_comes_from_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    first = check([str(path)], use_cache=True)
    assert len(_cache_files()) == 1
    second = check([str(path)], use_cache=True)
    assert second == first == check([str(path)], use_cache=False)
    assert [p.code for p in second[1]] == ["ambiguous-yaml"]  # warnings come back too


def test_changed_byte_same_size(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    check([str(path)], use_cache=True)
    stat = path.stat()
    path.write_text(STORE.replace("title: First", "title: Fir5t"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    fresh, cached = _both([str(path)])
    assert cached == fresh
    assert fresh[0].get("a").title == "Fir5t"  # type: ignore[attr-defined]


def test_touched_mtime_same_content(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    before = check([str(path)], use_cache=True)
    os.utime(path, ns=(1, 1))
    assert check([str(path)], use_cache=True) == before


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: b"",
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),
        lambda data: _MAGIC + b"\x00" * 32 + b"not marshal",
        lambda data: b"garbage",
        # The first byte of the store names after the head (magic, checksum, their length):
        # the checksum covers the names too.
        lambda data: data[:_NAMES] + bytes([data[_NAMES] ^ 1]) + data[_NAMES + 1 :],
        # Still a well-formed payload, with another title in it.
        lambda data: data.replace(b"First", b"Firsu"),
    ],
    ids=[
        "truncated",
        "empty",
        "flipped-bit",
        "bad-payload",
        "garbage",
        "flipped-name",
        "other-text",
    ],
)
def test_damaged_cache_is_rebuilt(tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    expected = check([str(path)], use_cache=True)
    (file,) = _cache_files()
    original = file.read_bytes()
    file.write_bytes(damage(original))
    assert check([str(path)], use_cache=True) == expected
    assert file.read_bytes() == original  # refused, and written again from the store
    assert check([str(path)], use_cache=True) == expected


def test_cache_from_another_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    with monkeypatch.context() as patched:  # `undo()` would also undo the isolated cache
        patched.setattr(cache, "__version__", "0.0.0-old")
        old = check([str(path)], use_cache=True)
    path.write_text(STORE)
    assert check([str(path)], use_cache=True) == old == check([str(path)], use_cache=False)


def test_read_only_cache_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    fresh, cached = _both([str(path)])
    assert cached == fresh


def test_unreadable_cache_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    expected = check([str(path)], use_cache=True)

    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    original_open = os.open

    def guarded(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith(".cache"):
            return refuse()
        return original_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded)
    assert check([str(path)], use_cache=True) == expected


def test_paths_are_shown_as_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    check([str(path)], use_cache=True)
    monkeypatch.chdir(tmp_path)
    timeline, problems = check(["events.yaml"], use_cache=True)
    assert problems[0].path == "events.yaml"
    assert timeline.events[0].origin[0] == "events.yaml"


def test_no_cache_flag_and_environment(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    assert cli("validate", "--no-cache", "-f", str(path)).exit_code == 0
    assert _cache_files() == []
    cli("list", "-f", str(path), env={"CHRONOLOGY_NO_CACHE": "1"})
    assert _cache_files() == []
    cli("list", "-f", str(path))
    assert len(_cache_files()) == 1


def test_directory_store_is_cached_as_a_whole(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "a.yaml").write_text("events:\n  - {id: x, date: 2021, title: X}\n")
    (folder / "b.yaml").write_text("events:\n  - {id: y, date: 2022, title: Y}\n")
    first = check([str(folder)], use_cache=True)
    (folder / "b.yaml").write_text("events:\n  - {id: x, date: 2022, title: Y}\n")
    fresh, cached = _both([str(folder)])
    assert cached == fresh != first
    assert [p.code for p in fresh[1]] == ["duplicate-id"]  # type: ignore[index]


def _long_store(count: int) -> str:
    """More events than one cached run holds, with open and long spans among them."""
    lines = ["timezone: America/New_York", "events:"]
    for i in range(count):
        year = 1990 + i * 37 % 40
        date = [
            f"{year}",
            f"{year}-{i % 12 + 1:02d}",
            f"{year}-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
            f"{year}/..",
            f"{year}-03-01T23:30",
            f"../{year}",
        ][i % 6]
        lines.append(f"  - {{id: e{i}, date: '{date}', title: Event {i}}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("start", "end"),
    [("2021", "2021"), ("2000-01-01", None), (None, "1991-06"), ("2029-12-31T23:00", "2030")],
)
def test_windowed_load_selects_what_a_full_load_selects(
    tmp_path: Path, start: str | None, end: str | None
) -> None:
    from chronology.clock import UTC_CLOCK
    from chronology.dates import parse_date
    from chronology.query import Filter, select, window

    path = tmp_path / "events.yaml"
    path.write_text(_long_store(2 * cache._CHUNK + 345))
    criteria = Filter(
        start=parse_date(start) if start else None, end=parse_date(end) if end else None
    )
    full, _ = check([str(path)], use_cache=False)
    expected = select(full, criteria, UTC_CLOCK)
    check([str(path)], use_cache=True)  # build the cache
    partial, problems = check([str(path)], use_cache=True, window=window(criteria))
    assert not problems
    assert 0 < len(expected) < len(full)
    assert select(partial, criteria, UTC_CLOCK) == expected
    assert len(partial) < len(full)  # the other events were never built


def _cached_document() -> dict[str, Any]:
    import marshal

    (cache_file,) = _cache_files()
    blob = cache_file.read_bytes()
    head = len(cache._MAGIC) + 32
    named = int.from_bytes(blob[head : head + 4], "big")
    document: dict[str, Any] = marshal.loads(blob[head + 4 + named :])
    return document


@pytest.mark.parametrize(
    "dates",
    [
        ["0001-01-01", "9999-12-31", "2001/..", "../1900", "2010-06-15T12:00"],
        ["1989", "1989", "2029-12", "2030/..", "1995-05-05"],
    ],
)
def test_adds_keep_the_cache_in_order(tmp_path: Path, dates: list[str]) -> None:
    import marshal

    from chronology.add import add_events
    from chronology.emit import NewEvent

    path = tmp_path / "events.yaml"
    path.write_text(_long_store(2 * cache._CHUNK + 10))
    check([str(path)], use_cache=True)
    for i, date in enumerate(dates):
        add_events([str(path)], str(path), [NewEvent(id=f"n{i}", date=date, title=f"N {i}")],
                   use_cache=True)  # fmt: skip
    fresh, cached = _both([str(path)])
    assert cached == fresh
    runs = _cached_document()["runs"]
    records = [record for run in runs for record in marshal.loads(run[3])]
    assert [r[0] for r in records] == [e.id for e in fresh[0].events]  # type: ignore[attr-defined]
    assert [run[2] for run in runs] == [len(marshal.loads(run[3])) for run in runs]


def test_add_fills_the_cache_from_the_bytes_that_landed(tmp_path: Path) -> None:
    """After an add, the cache is keyed by the hash of the bytes on disk and holds what a
    fresh validation of them gives, in order."""
    import hashlib
    import marshal

    from chronology.add import add_events
    from chronology.emit import NewEvent

    path = tmp_path / "events.yaml"
    path.write_text(_long_store(2 * cache._CHUNK + 10))
    check([str(path)], use_cache=True)
    for i in range(5):
        event = NewEvent(id=f"added-{i}", date=f"20{10 + i}-02-03", title=f"Added {i}")
        add_events([str(path)], str(path), [event], use_cache=True)
        document = _cached_document()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert document["files"] == [[str(path.resolve()), path.stat().st_size, digest]]
    runs = _cached_document()["runs"]
    assert sum(run[2] for run in runs) == 2 * cache._CHUNK + 15
    fresh, cached = _both([str(path)])
    assert cached == fresh
    records = [record for run in runs for record in marshal.loads(run[3])]
    assert [r[0] for r in records] == [e.id for e in fresh[0].events]  # type: ignore[attr-defined]


def test_add_leaves_the_cache_alone_when_the_file_is_replaced_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache believes only what it read: a file replaced right after the rename is not
    remembered as the store the add validated."""
    from chronology import writer
    from chronology.add import add_events
    from chronology.emit import NewEvent

    path = tmp_path / "events.yaml"
    path.write_text(_long_store(3))
    real = writer.write_atomic

    def write_then_replace(target: str, data: bytes, **options: object) -> None:
        real(target, data, **options)  # type: ignore[arg-type]
        path.write_text("events:\n  - {id: other, date: 1999, title: Someone else's}\n")

    monkeypatch.setattr(writer, "write_atomic", write_then_replace)
    add_events([str(path)], str(path), [NewEvent(id="n", date="2021", title="N")], use_cache=True)
    fresh, cached = _both([str(path)])
    assert cached == fresh
    assert [e.id for e in fresh[0].events] == ["other"]  # type: ignore[attr-defined]


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["title", "date", "location", "tags", "summary"]),
        st.sampled_from(["New", "2021-13", "2022", "no", "[a, b]", "''", "x: y", "1984", "~"]),
    ),
    max_size=4,
)


@given(EDITS)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_cached_and_uncached_agree_after_random_edits(
    tmp_path: Path, edits: list[tuple[str, str]]
) -> None:
    path = tmp_path / "events.yaml"
    text = STORE
    for field, value in edits:
        path.write_text(text)
        check([str(path)], use_cache=True)  # warm the cache with the previous version
        text = (
            text.replace(f"    {field}: ", f"    {field}: {value} #", 1)
            if f"    {field}: " in text
            else text + f"    {field}: {value}\n"
        )
        path.write_text(text)
        fresh, cached = _both([str(path)])
        assert cached == fresh
        assert check([str(path)], use_cache=True) == fresh


def test_benchmark_quick_smoke(tmp_path: Path) -> None:
    """The benchmark script runs end to end (timings are not asserted here)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--events", "200",
         "--repeat", "1", "--keep", str(tmp_path)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    assert "| case | measured | target |" in result.stdout, result.stdout + result.stderr
    assert "warm export ics" in result.stdout
    _ = BUNDLED


# ------------------------------------------------------------------ a cache that cannot be
# turned against its user (issue 14): folder ownership and mode, links, planted entries,
# pruning, `cache info` and `cache clear`

ROOT_ONLY = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown"
)


def _poison(path: Path) -> None:
    """Write a cache entry keyed to `path`'s real bytes that holds an event not in it."""
    from dataclasses import replace

    from chronology.loader import check as fresh_check

    data = path.read_bytes()
    timeline, problems = fresh_check([str(path)], use_cache=False)
    fake = replace(timeline.events[0], id="planted", title="Not in the store")
    poisoned = replace(timeline, events=(fake,))
    cache.save([cache.snapshot(str(path), data)], poisoned, problems, [None])


def test_cache_folder_is_created_private(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    check([str(path)], use_cache=True)
    folder = cache.cache_dir()
    assert folder.stat().st_mode & 0o777 == 0o700
    (entry,) = _cache_files()
    assert entry.stat().st_mode & 0o077 == 0  # not readable by others either


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722, 0o702])
def test_folder_others_may_write_is_not_used(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    _poison(path)
    assert "planted" in [e.id for e in check([str(path)], use_cache=True)[0].events]
    cache.cache_dir().chmod(mode)
    timeline, _ = check([str(path)], use_cache=True)
    assert sorted(e.id for e in timeline.events) == ["a", "b", "c"]
    before = sorted(p.name for p in cache.cache_dir().iterdir())
    path.write_text(STORE + "  - {id: d, date: 2022, title: Fourth}\n")
    check([str(path)], use_cache=True)  # nothing written into a folder others may write
    assert sorted(p.name for p in cache.cache_dir().iterdir()) == before


def test_folder_that_is_a_symlink_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    base = cache.cache_dir().parent
    base.mkdir(parents=True, exist_ok=True)
    cache.cache_dir().symlink_to(real)
    check([str(path)], use_cache=True)
    assert list(real.iterdir()) == []
    assert "not a directory" in cache.usable()[1]


@ROOT_ONLY
@pytest.mark.parametrize("owned", ["folder", "entry"])
def test_folder_or_entry_of_another_user_is_not_used(tmp_path: Path, owned: str) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    _poison(path)
    (entry,) = _cache_files()
    os.chown(cache.cache_dir() if owned == "folder" else entry, 4242, 4242)
    timeline, _ = check([str(path)], use_cache=True)
    assert sorted(e.id for e in timeline.events) == ["a", "b", "c"]
    if owned == "folder":
        assert "another user (uid 4242)" in cache.usable()[1]


def test_planted_symlink_at_the_entry_is_replaced_not_followed(tmp_path: Path) -> None:
    """The attack of issue 14: a link at the entry's name to a file the user may write."""
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    check([str(path)], use_cache=True)
    (entry,) = _cache_files()
    victim = tmp_path / "important.conf"
    victim.write_text("keep me\n")
    entry.unlink()
    entry.symlink_to(victim)
    check([str(path)], use_cache=True)  # reads (not through the link) and saves
    assert victim.read_text() == "keep me\n"
    assert not entry.is_symlink()
    assert entry.is_file()


def test_symlink_to_a_valid_entry_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    _poison(path)
    (entry,) = _cache_files()
    elsewhere = tmp_path / "entry-copy"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    timeline, _ = check([str(path)], use_cache=True)
    assert sorted(e.id for e in timeline.events) == ["a", "b", "c"]


def test_entry_for_other_bytes_is_never_shown(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    _poison(path)
    path.write_text(STORE.replace("First", "First!"))  # same path, other bytes
    timeline, _ = check([str(path)], use_cache=True)
    assert {e.id: e.title for e in timeline.events}["a"] == "First!"
    assert "planted" not in {e.id for e in timeline.events}


def test_entries_of_deleted_stores_are_pruned(tmp_path: Path) -> None:
    gone = tmp_path / "gone.yaml"
    gone.write_text(STORE)
    check([str(gone)], use_cache=True)
    gone.unlink()
    kept = tmp_path / "kept.yaml"
    kept.write_text(STORE)
    check([str(kept)], use_cache=True)  # saving an entry prunes the others
    (entry,) = cache.entries(cache.cache_dir())
    assert entry.stores == (str(kept.resolve()),)


def test_old_entries_are_pruned_and_used_ones_kept(tmp_path: Path) -> None:
    old, used = tmp_path / "old.yaml", tmp_path / "used.yaml"
    old.write_text(STORE)
    used.write_text(STORE)
    check([str(old)], use_cache=True)
    check([str(used)], use_cache=True)
    long_ago = time_now() - (cache.PRUNE_DAYS + 1) * 86_400
    for entry in cache.entries(cache.cache_dir()):
        os.utime(entry.path, (long_ago, long_ago))
    check([str(used)], use_cache=True)  # a use refreshes the entry's time
    removed = cache.prune(cache.cache_dir())
    assert [entry.stores for entry in removed] == [(str(old.resolve()),)]
    assert [entry.stores for entry in cache.entries(cache.cache_dir())] == [(str(used.resolve()),)]


def test_least_recently_used_go_beyond_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stores = [tmp_path / f"s{i}.yaml" for i in range(4)]
    for i, store in enumerate(stores):
        store.write_text(STORE)
        check([str(store)], use_cache=True)
        entry = next(e for e in cache.entries(cache.cache_dir()) if e.stores[0] == str(store))
        os.utime(entry.path, (1_000_000 + i, time_now() - 1000 + i))
    size = cache.entries(cache.cache_dir())[0].size
    monkeypatch.setattr(cache, "PRUNE_BYTES", 2 * size)
    cache.prune(cache.cache_dir())
    assert [e.stores for e in cache.entries(cache.cache_dir())] == [
        (str(stores[2]),),
        (str(stores[3]),),
    ]


def test_cache_info_and_clear(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "odd\x1b]0;x\x07name.yaml"
    path.write_text(STORE)
    assert cli("list", "-f", str(path)).exit_code == 0
    info = cli("cache", "info")
    assert info.exit_code == 0, info.stdout
    assert f"cache folder: {cache.cache_dir()}" in info.stdout
    assert "1 entry, " in info.stdout
    assert "odd\\x1b]0;x\\x07name.yaml" in info.stdout  # escaped, never raw
    assert "\x1b" not in info.stdout
    path.unlink()
    assert "(store gone" in cli("cache", "info").stdout
    cleared = cli("cache", "clear")
    assert cleared.exit_code == 0
    assert cleared.stdout.startswith("removed 1 entry (")
    assert _cache_files() == []
    assert "0 entries, 0 bytes" in cli("cache", "info").stdout


def test_cache_info_says_why_a_folder_is_not_used(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(STORE)
    check([str(path)], use_cache=True)
    cache.cache_dir().chmod(0o777)
    info = cli("cache", "info")
    assert "not used: others may write in it (mode 777)" in info.stdout
    cleared = cli("cache", "clear")
    assert "nothing removed" in cleared.stdout
    assert len(_cache_files()) == 1


def time_now() -> float:
    import time

    return time.time()
