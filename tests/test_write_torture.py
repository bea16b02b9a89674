"""Write torture: stores in many YAML styles × every writing command × interleavings.

After every step: `validate --no-cache` is clean, the timeline is the previous one plus
exactly the intended change, the cached and uncached views are identical, and every byte
outside the inserted text is unchanged (for `edit`: the file holds the editor's bytes).
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from chronology import writer
from chronology.add import add_events
from chronology.emit import NewEvent
from chronology.errors import ChronologyError
from chronology.loader import check
from chronology.model import Timeline

from .conftest import ROOT, Result

Cli = Callable[..., Result]

_ITEMS = (
    "  - id: a\n    date: 2020-05\n    title: A\n  - id: b\n    date: 2020-06-02\n    title: B\n"
)

#: name → (text, codec written with, byte-order mark). Each holds events `a` and `b`.
STYLES: dict[str, tuple[str, str, bytes]] = {
    "add-layout": ("title: T\nevents:\n" + _ITEMS, "utf-8", b""),
    "anchor-on-events": ("title: T\nevents: &ev\n" + _ITEMS, "utf-8", b""),
    "tag-on-events": ("events: !!seq\n- id: a\n  date: 2020-05\n  title: A\n"
                      "- id: b\n  date: 2020-06-02\n  title: B\n", "utf-8", b""),
    "anchor-and-tag-on-items": ("events:\n  - &first\n    id: a\n    date: 2020-05\n"
                                "    title: A\n  - !!map\n    id: b\n    date: 2020-06-02\n"
                                "    title: B\n", "utf-8", b""),
    "flow-list": ("title: T\nevents: [{id: a, date: 2020-05, title: A},\n"
                  "  {id: b, date: 2020-06-02, title: B}]\n", "utf-8", b""),
    "comments-everywhere": ("# head\ntitle: T # t\nevents: # the list\n  # before a\n"
                            "  - id: a # the id\n    # inside\n    date: 2020-05\n"
                            "    title: A\n\n  # between\n  - id: b\n    date: 2020-06-02\n"
                            "    title: B\n  # after b\n# end\n", "utf-8", b""),
    "indent-0": ("events:\n- id: a\n  date: 2020-05\n  title: A\n- id: b\n"
                 "  date: 2020-06-02\n  title: B\n", "utf-8", b""),
    "indent-4": ("events:\n    -   id: a\n        date: 2020-05\n        title: A\n"
                 "    -   id: b\n        date: 2020-06-02\n        title: B\n", "utf-8", b""),
    "document-markers": ("---\ntitle: T\nevents:\n" + _ITEMS + "...\n", "utf-8", b""),
    "yaml-directive": ("%YAML 1.2\n---\ntitle: T\nevents:\n" + _ITEMS, "utf-8", b""),
    "no-final-newline": ("title: T\nevents:\n" + _ITEMS.rstrip("\n"), "utf-8", b""),
    "crlf": (("title: T\nevents:\n" + _ITEMS).replace("\n", "\r\n"), "utf-8", b""),
    "cr-only": (("title: T\nevents:\n" + _ITEMS).replace("\n", "\r"), "utf-8", b""),
    "bom": ("title: T\nevents:\n" + _ITEMS, "utf-8", codecs.BOM_UTF8),
    "utf-16le": ("title: Tö\nevents:\n" + _ITEMS, "utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16be": ("title: Tö\nevents:\n" + _ITEMS, "utf-16-be", codecs.BOM_UTF16_BE),
    "block-scalar-indicators": ("description: |2\n    indented by two more\nevents:\n"
                                "  - id: a\n    date: 2020-05\n    title: A\n    summary: >-\n"
                                "      folded\n  - id: b\n    date: 2020-06-02\n    title: B\n"
                                "    summary: |+\n      kept\n\n", "utf-8", b""),
    "quoted-keys": ("'title': T\n\"events\":\n  - \"id\": a\n    'date': 2020-05\n"
                    "    \"title\": A\n  - id: b\n    date: 2020-06-02\n    title: B\n",
                    "utf-8", b""),
    "x-keys-nested": ("title: T\nx-meta: {a: [1, 2, {b: c}]}\nevents:\n  - id: a\n"
                      "    date: 2020-05\n    title: A\n    x-data:\n      nested: [1, 2]\n"
                      "      more: {k: v}\n  - id: b\n    date: 2020-06-02\n    title: B\n"
                      "x-after:\n  - deep\n", "utf-8", b""),
    "bare-list": ("- id: a\n  date: 2020-05\n  title: A\n- id: b\n  date: 2020-06-02\n"
                  "  title: B\n", "utf-8", b""),
}  # fmt: skip


def _write(path: Path, style: str) -> None:
    text, codec, bom = STYLES[style]
    path.write_bytes(bom + text.encode(codec))


def _decoded(path: Path, style: str) -> str:
    _, codec, bom = STYLES[style]
    data = path.read_bytes()
    assert data.startswith(bom), "the byte-order mark was lost"
    return data[len(bom) :].decode(codec)


def _events(timeline: Timeline) -> dict[str, object]:
    return {e.id: dataclasses.replace(e, origin=("", 0)) for e in timeline.events}


def _views(paths: list[str]) -> Timeline:
    """The uncached timeline; the cached view (filled, then read) must equal it."""
    fresh, problems = check(paths, use_cache=False)
    assert not problems, problems
    check(paths, use_cache=True)
    cached, cached_problems = check(paths, use_cache=True)
    assert cached == fresh
    assert cached_problems == problems
    return fresh


def _one_run_inserted(old: str, new: str) -> str:
    """The text that was inserted; fails unless `new` is `old` with one run added."""
    prefix = 0
    while prefix < len(old) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < len(old) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    assert prefix + suffix == len(old), "bytes outside the inserted text changed"
    return new[prefix : len(new) - suffix]


FULL = [
    "--date", "2021-06-02T10:00", "--end", "2021-06-03", "--title", "Full: every option",
    "--summary", "Line one\n  indented line two\n", "--location", "Köln", "--timezone",
    "Europe/Berlin", "--tag", "a", "--tag", "b c", "--person", "Zoë", "--source",
    "https://example.org/x?y=1#z", "--id", "full",
]  # fmt: skip
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
    "BEGIN:VEVENT\r\nUID:imp-1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20220105\r\n"
    "SUMMARY:Imported one\r\nCATEGORIES:x,y\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:imp-2\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20220301T090000Z\r\n"
    "DTEND:20220301T100000Z\r\nSUMMARY:Imported two\r\nLOCATION:Somewhere\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


@pytest.mark.parametrize("style", list(STYLES))
def test_every_writer_on_every_style(cli: Cli, tmp_path: Path, style: str) -> None:
    path = tmp_path / "events.yaml"
    _write(path, style)
    paths = [str(path)]
    before = _views(paths)
    mode = 0o640
    path.chmod(mode)
    steps: list[tuple[list[str], set[str]]] = [
        (["add", "--date", "2021", "--title", "Minimal", "--id", "m"], {"m"}),
        (["add", *FULL], {"full"}),
    ]
    calendar = tmp_path / "in.ics"
    calendar.write_bytes(ICS.encode())
    steps.append((["import", str(calendar)], {"imp-1", "imp-2"}))
    for args, added in steps:
        old_text = _decoded(path, style)
        result = cli(*args, "-f", str(path))
        assert result.exit_code == 0, result
        assert cli("validate", "--no-cache", "-f", str(path)).exit_code == 0
        after = _views(paths)
        new_events, old_events = _events(after), _events(before)
        assert set(new_events) == set(old_events) | added
        assert {k: v for k, v in new_events.items() if k not in added} == old_events
        inserted = _one_run_inserted(old_text, _decoded(path, style))
        for event_id in added:
            assert f"id: {event_id}" in inserted
        assert ("\r\n" in inserted) == ("\r\n" in old_text)
        if "\r" in old_text and "\n" not in old_text:
            assert "\n" not in inserted
        assert path.stat().st_mode & 0o777 == mode
        before = after
    # Importing the same calendar again changes nothing, byte for byte.
    data = path.read_bytes()
    assert cli("import", str(calendar), "-f", str(path)).exit_code == 0
    assert path.read_bytes() == data


EDITOR = r"""\
import codecs, re, sys
path = sys.argv[1]
data = open(path, "rb").read()
for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                   (codecs.BOM_UTF16_BE, "utf-16-be")):
    if data.startswith(bom):
        break
else:
    bom, codec = b"", "utf-8"
text = data[len(bom):].decode(codec)
text = re.sub(r": A(\r|\n|,|}|$)", r": A edited\1", text, count=1)
open(path, "wb").write(bom + text.encode(codec))
"""


@pytest.mark.parametrize("style", list(STYLES))
def test_edit_writes_exactly_the_editors_bytes(cli: Cli, tmp_path: Path, style: str) -> None:
    path = tmp_path / "events.yaml"
    _write(path, style)
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    text, codec, bom = STYLES[style]
    edited = re.sub(r": A(\r|\n|,|}|$)", r": A edited\1", text, count=1)
    assert edited != text
    expected = bom + edited.encode(codec)
    env = {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}
    result = cli("edit", "-f", str(path), env=env)
    assert result.exit_code == 0, result
    assert path.read_bytes() == expected
    after = _views([str(path)])
    assert after.get("a") is not None
    assert after.get("a").title == "A edited"  # type: ignore[union-attr]


def test_directory_store(cli: Cli, tmp_path: Path) -> None:
    """Adds into one file of a directory store, into a new file of it, and an id that
    exists in another file is refused."""
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "a.yaml").write_text("title: T\nevents:\n  - id: a\n    date: 2020\n    title: A\n")
    (folder / "b.yaml").write_text("events:\n  - id: b\n    date: 2021\n    title: B\n")
    result = cli("add", "-f", str(folder), "--into", str(folder / "b.yaml"), "--date", "2022",
                 "--title", "C", "--id", "c")  # fmt: skip
    assert result.exit_code == 0, result
    result = cli("add", "-f", str(folder), "--into", str(folder / "new.yaml"), "--date", "2023",
                 "--title", "D", "--id", "d")  # fmt: skip
    assert result.exit_code == 0, result
    assert (folder / "new.yaml").read_text().startswith("events:\n")
    assert cli("validate", "--strict", "--no-cache", "-f", str(folder)).exit_code == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = cli("add", "-f", str(folder), "--into", str(folder / "b.yaml"), "--date", "2024",
                 "--title", "Clash", "--id", "a")  # fmt: skip
    assert result.exit_code == 1
    assert "duplicate-id" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [e.id for e in _views([str(folder)]).events] == ["a", "b", "c", "d"]


# ------------------------------------------------------------------ interleavings


@pytest.mark.parametrize("times", [1, 2])
def test_a_file_replaced_mid_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, times: int
) -> None:
    """An outside writer replaces the file after `add` read it: the compare-and-swap sees
    it. Once: `add` computes again from the new bytes and both changes land. Every time:
    nothing is written over the outside writer's file."""
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    real = writer.store_with
    calls = {"n": 0}
    outside: list[bytes] = []

    def racing(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] % 2 == 0 and len(outside) < times:  # the read-back of an attempt
            text = path.read_text() + f"  - id: outside{len(outside)}\n    date: 1999\n"
            data = (text + "    title: By someone else\n").encode()
            path.write_bytes(data)
            outside.append(data)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "store_with", racing)
    event = NewEvent(id="mine", date="2021", title="Mine")
    if times == 1:
        add_events([str(path)], str(path), [event], use_cache=True)
        ids = [e.id for e in _views([str(path)]).events]
        assert sorted(ids) == ["a", "b", "mine", "outside0"]
    else:
        with pytest.raises(ChronologyError, match="changed on disk"):
            add_events([str(path)], str(path), [event], use_cache=True)
        assert path.read_bytes() == outside[-1]
        assert "mine" not in [e.id for e in _views([str(path)]).events]


@pytest.mark.parametrize("style", ["crlf", "utf-16le", "anchor-on-events", "indent-0"])
def test_concurrent_adds_in_every_style_all_land(tmp_path: Path, style: str) -> None:
    path = tmp_path / "events.yaml"
    _write(path, style)
    old_text = _decoded(path, style)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(f"""
                from chronology.add import add_events
                from chronology.emit import NewEvent
                for i in range(4):
                    add_events([{str(path)!r}], {str(path)!r},
                               [NewEvent(id=f"w{w}-{{i}}", date="2021", title="T")],
                               use_cache=True)
                """)],
            cwd=ROOT, env={**os.environ},
        )
        for w in range(3)
    ]  # fmt: skip
    for process in processes:
        assert process.wait(timeout=120) == 0
    ids = {e.id for e in _views([str(path)]).events}
    assert ids == {"a", "b"} | {f"w{w}-{i}" for w in range(3) for i in range(4)}
    assert _one_run_inserted(old_text, _decoded(path, style))


# ------------------------------------------------------------------ what a file keeps


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file back to its owner needs root")
def test_root_gives_the_file_back_to_its_owner(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    path.chmod(0o640)
    os.chown(path, 65534, 65534)
    assert cli("add", "-f", str(path), "--date", "2021", "--title", "As root").exit_code == 0
    status = path.stat()
    assert (status.st_uid, status.st_gid, status.st_mode & 0o777) == (65534, 65534, 0o640)


def test_hard_links_are_refused_not_broken(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    other = tmp_path / "linked.yaml"
    os.link(path, other)
    data = path.read_bytes()
    result = cli("add", "-f", str(path), "--date", "2021", "--title", "X")
    assert result.exit_code == 1
    assert "hard link" in result.stderr
    assert path.read_bytes() == other.read_bytes() == data
    assert os.stat(path).st_ino == os.stat(other).st_ino


def test_a_store_may_not_grow_past_the_read_limit(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    data = path.read_bytes()
    monkeypatch.setattr(writer, "MAX_FILE_BYTES", len(data) + 10)
    result = cli("add", "-f", str(path), "--date", "2021", "--title", "Too much")
    assert result.exit_code == 1
    assert "would grow" in result.stderr
    assert path.read_bytes() == data


@pytest.mark.parametrize("title", ["x\n", "a\rb", "\na"])
def test_a_title_with_a_line_break_is_bad_usage(cli: Cli, tmp_path: Path, title: str) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    data = path.read_bytes()
    result = cli("add", "-f", str(path), "--date", "2021", "--title", title)
    assert result.exit_code == 2
    assert "must be one line" in result.stderr
    assert "internal error" not in result.stderr
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    "shell",
    [
        "printf 'HEADER\\n' > out; chronology export csv -f {store} -o /dev/stdout >> out",
        "{{ echo HEADER; chronology export csv -f {store} -o /dev/stdout; }} > out",
    ],
    ids=["append", "group"],
)
def test_dev_stdout_writes_through_the_descriptor(tmp_path: Path, shell: str) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    command = shell.format(store=path)
    subprocess.run(["sh", "-c", command], cwd=tmp_path, env=env, check=True, timeout=60)
    lines = (tmp_path / "out").read_text().splitlines()
    assert lines[0] == "HEADER"
    assert lines[1].startswith("id,date,")
    assert len(lines) == 4


HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.write(fd, f"{os.getpid()}\\n".encode())
print("held", flush=True)
time.sleep(60)
"""


def test_a_held_lock_is_explained_then_given_up(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    data = path.read_bytes()
    lock_file = tmp_path / ".events.yaml.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock_file)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        result = subprocess.run(
            [sys.executable, "-m", "chronology", "add", "-f", str(path), "--date", "2021",
             "--title", "Waits", "--lock-timeout", "1.5"],
            check=False, capture_output=True, text=True, timeout=60, cwd=ROOT,
        )  # fmt: skip
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert result.returncode == 1
    assert f"waiting for the lock on {path} (held by process {holder.pid})" in result.stderr
    assert "gave up after 1.5 s" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == data


def test_the_lock_file_takes_the_store_s_group_and_mode(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    path.chmod(0o660)
    assert cli("add", "-f", str(path), "--date", "2021", "--title", "L").exit_code == 0
    lock_file = tmp_path / ".events.yaml.lock"
    assert lock_file.stat().st_mode & 0o777 == 0o660
    assert lock_file.stat().st_gid == path.stat().st_gid


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("os.remove(p)", "cannot read your copy"),
        ("shutil.rmtree(os.path.dirname(p))", "cannot read your copy"),
        ("os.remove(p); os.mkdir(p)", "cannot read your copy"),
    ],
    ids=["copy-deleted", "folder-deleted", "copy-made-a-folder"],
)
def test_an_editor_that_loses_the_copy(cli: Cli, tmp_path: Path, action: str, message: str) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    data = path.read_bytes()
    script = tmp_path / "editor.py"
    script.write_text(f"import os, shutil, sys\np = sys.argv[1]\n{action}\n")
    result = cli(
        "edit", "-f", str(path), env={"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}
    )
    assert result.exit_code == 1
    assert message in result.stderr
    assert path.read_bytes() == data


def test_an_empty_editor_command(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    result = cli("edit", "-f", str(path), env={"EDITOR": " ", "VISUAL": ""})
    assert result.exit_code == 1
    assert "the editor command is empty" in result.stderr


def test_edit_of_a_directory_store_names_what_works(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "a.yaml").write_text("events:\n  - id: a\n    date: 2020\n    title: A\n")
    result = cli("edit", "-f", str(folder), env={"EDITOR": "true", "VISUAL": ""})
    assert result.exit_code == 2
    assert "--into FILE" in result.stderr
    result = cli("edit", "-f", str(folder), "--into", str(folder / "a.yaml"),
                 env={"EDITOR": "true", "VISUAL": ""})  # fmt: skip
    assert result.exit_code == 0, result


def test_a_writer_that_touches_another_event_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read-back compares the whole timeline: text that inserts the new event but also
    changes an existing one is never written."""
    from chronology import add as add_module

    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    data = path.read_bytes()
    real = add_module.insert_events

    def sloppy(text: str, *args: object, **kwargs: object) -> tuple[str, str]:
        new_text, inserted = real(text, *args, **kwargs)  # type: ignore[arg-type]
        return new_text.replace("title: B", "title: B!"), inserted

    monkeypatch.setattr(add_module, "insert_events", sloppy)
    with pytest.raises(ChronologyError, match="changed existing events"):
        add_events([str(path)], str(path), [NewEvent(id="n", date="2021", title="N")])
    assert path.read_bytes() == data


# ------------------------------------------------------------------ import, hostile calendars


def _ics(*lines: str) -> bytes:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN"]
    return ("\r\n".join([*head, *lines, "END:VCALENDAR"]) + "\r\n").encode()


def _vevent(uid: str, *extra: str, day: str = "20220105", summary: str = "One") -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260101T000000Z",
            f"DTSTART;VALUE=DATE:{day}", f"SUMMARY:{summary}", *extra, "END:VEVENT"]  # fmt: skip


@pytest.mark.parametrize(
    ("calendar", "ids", "said"),
    [
        (_ics(*_vevent("dup"), *_vevent("dup", day="20220106", summary="Two")),
         {"dup"}, "skipped dup: the same UID twice"),
        (_ics(*_vevent("acc", "X-CHRONOLOGY-SOURCE;X-ACCESSED=2021-02-30:https://e.org/ T")),
         {"acc"}, "X-ACCESSED of https://e.org/ ignored"),
        (_ics(*_vevent("end", "X-CHRONOLOGY-DATE:2022", "X-CHRONOLOGY-END:2021-02-30")),
         {"end"}, "X-CHRONOLOGY-DATE and -END ignored"),
    ],
    ids=["duplicate-uid", "bad-x-accessed", "bad-x-chronology-end"],
)  # fmt: skip
def test_odd_calendars_import_what_they_can(
    cli: Cli, tmp_path: Path, calendar: bytes, ids: set[str], said: str
) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    source = tmp_path / "in.ics"
    source.write_bytes(calendar)
    result = cli("import", str(source), "-f", str(path))
    assert result.exit_code == 0, result
    assert said in result.stderr
    assert "internal error" not in result.stderr
    assert {e.id for e in _views([str(path)]).events} == {"a", "b"} | ids


def test_a_latin_1_calendar_keeps_its_letters(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    source = tmp_path / "in.ics"
    source.write_bytes(_ics(*_vevent("lat", summary="Köln München")).decode().encode("latin-1"))
    result = cli("import", str(source), "-f", str(path))
    assert result.exit_code == 0, result
    assert "not UTF-8" in result.stderr
    event = _views([str(path)]).get("lat")
    assert event is not None
    assert event.title == "Köln München"


def test_an_import_error_points_at_the_new_event_not_a_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    data = path.read_bytes()
    source = tmp_path / "in.ics"
    source.write_bytes(_ics(*_vevent("x", "X-CHRONOLOGY-DATE:2022", "X-CHRONOLOGY-END:2019")))
    result = cli("import", str(source), "-f", str(path))
    assert result.exit_code == 1
    assert "new event: error[end-before-start]" in result.stderr
    assert path.read_bytes() == data


KILLED_ADDER = """
import sys
from chronology.add import add_events
from chronology.emit import NewEvent
path, start = sys.argv[1], int(sys.argv[2])
for i in range(start, start + 1000):
    add_events([path], path, [NewEvent(id=f"k{i:04d}", date="2021", title=f"K {i}")],
               use_cache=True)
"""


@pytest.mark.parametrize("style", ["crlf", "utf-16be", "anchor-on-events", "cr-only"])
def test_sigkill_at_random_moments_in_every_style(tmp_path: Path, style: str) -> None:
    """A writer killed at any moment leaves the old file or the new one: the store stays
    valid, the events added so far are a prefix of those intended, nothing else moved,
    and the cached view equals the uncached one."""
    import random
    import signal
    import time

    path = tmp_path / "events.yaml"
    _write(path, style)
    old_text = _decoded(path, style)
    script = tmp_path / "adder.py"
    script.write_text(KILLED_ADDER)
    rng = random.Random(f"kill-{style}")
    done = 0
    for _ in range(8):
        process = subprocess.Popen([sys.executable, str(script), str(path), str(done)], cwd=ROOT)
        time.sleep(rng.uniform(0.2, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        timeline = _views([str(path)])
        added = sorted(e.id for e in timeline.events if e.id.startswith("k"))
        assert added == [f"k{i:04d}" for i in range(len(added))]
        assert {"a", "b"} <= {e.id for e in timeline.events}
        assert _one_run_inserted(old_text, _decoded(path, style)).count("id: k") == len(added)
        done = len(added)
    assert done > 0


@pytest.mark.parametrize("summary", ["\n :", "\n\n  indented after blank lines", "a\n b", "\n\tx"])
def test_summaries_that_a_literal_block_cannot_hold_read_back(
    cli: Cli, tmp_path: Path, summary: str
) -> None:
    """Found by the message fuzz: a summary whose first text line, after empty lines,
    starts with a space was written as a `|` block that YAML reads without that space."""
    path = tmp_path / "events.yaml"
    _write(path, "add-layout")
    result = cli("add", "-f", str(path), "--date", "2021", "--title", "S", "--id", "s",
                 "--summary", summary)  # fmt: skip
    assert result.exit_code == 0, result
    event = _views([str(path)]).get("s")
    assert event is not None
    assert event.summary == summary
