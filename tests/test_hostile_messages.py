"""Hostile text in messages, views and exports: nothing terminal-facing carries a raw
control, bidi or invisible format character; special files are refused, not read."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronology.escapes import UNSAFE

from .conftest import Result

Cli = Callable[..., Result]

RAW = re.compile(f"[{UNSAFE}]")
#: One of each class: C0 (ESC, BEL, BS, CR), DEL, C1 (CSI, NEL), bidi (RLO, LRI, ALM),
#: line and paragraph separators, zero-width and format characters, a byte-order mark.
HOSTILE = "\x1b\x07\x08\r\x7f\x9b\x85\u202e\u2066\u061c\u2028\u2029\u200b\u200d\u2060\ufeff\u00ad"


def _yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (every character escaped)."""
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else c for c in text) + '"'


def _assert_clean(*texts: str) -> None:
    for text in texts:
        found = RAW.search(text)
        assert found is None, f"raw {found[0]!r} in {text!r}"


def test_a_text_where_a_list_belongs_is_escaped_in_the_message(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        'events:\n  - id: a\n    date: 2021\n    title: A\n    tags: "\\e]0;PWNED\\a\\e[2J"\n'
    )
    result = cli("validate", "-f", str(path))
    assert result.exit_code == 1
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in result.stdout
    _assert_clean(result.stdout, result.stderr)
    for command in (["list"], ["show", "a"], ["export", "md"]):
        refused = cli(*command, "-f", str(path))
        assert refused.exit_code == 1
        _assert_clean(refused.stdout, refused.stderr)


def test_a_percent_encoded_tag_is_escaped(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("events:\n  - !<tag:%1B]0;X%07%1B[2J> {id: a, date: 2021, title: A}\n")
    result = cli("validate", "-f", str(path))
    assert result.exit_code == 1
    assert "bad-tag" in result.stdout
    _assert_clean(result.stdout, result.stderr)
    as_json = cli("validate", "--format", "json", "-f", str(path))
    _assert_clean(as_json.stdout)
    assert "\x1b" in json.loads(as_json.stdout)["problems"][0]["message"]


def test_file_names_are_escaped(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "b\x1b[2J\u202e.yaml").write_text(
        "events:\n  - {id: a, date: 2021-02-30, title: A}\n"
    )
    result = cli("validate", "-f", str(folder))
    assert result.exit_code == 1
    assert "b\\x1b[2J\\u202e.yaml" in result.stdout
    _assert_clean(result.stdout, result.stderr)


def test_import_messages_are_escaped(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    calendar = tmp_path / "in.ics"
    calendar.write_bytes(
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n"
            "UID:u\x1b]0;X\x07\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20220105T000000Z\r\n"
            "RRULE:FREQ=WEEKLY\r\nSUMMARY:S\u202e\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode()
    )
    result = cli("import", str(calendar), "-f", str(path))
    assert "skipped" in result.stderr
    _assert_clean(result.stdout, result.stderr)
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\r\n\x1b[2J\x07garbage\r\n")
    result = cli("import", str(broken), "-f", str(path))
    _assert_clean(result.stdout, result.stderr)


@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\u200b", "\u2060", "\ufeff", "\xad"])
def test_invisible_characters_are_made_visible(cli: Cli, tmp_path: Path, character: str) -> None:
    path = tmp_path / "events.yaml"
    title = f"Hid{character}den"
    path.write_text(f"events:\n  - id: a\n    date: 2021\n    title: {_yaml_quoted(title)}\n")
    escaped = f"\\u{ord(character):04x}" if ord(character) > 0xFF else f"\\x{ord(character):02x}"
    for command in (["list"], ["show", "a"]):
        result = cli(*command, "-f", str(path))
        assert result.exit_code == 0, result
        assert f"Hid{escaped}den" in result.stdout
        _assert_clean(result.stdout, result.stderr)


# ------------------------------------------------------------------ generated hostile text

_TEXT = st.text(
    alphabet=st.sampled_from([*HOSTILE, "a", "é", " ", "#", "|", "<", "&", ":", "\n"]),
    min_size=1,
    max_size=12,
).filter(lambda t: t.strip(" \n\r\x85\u2028\u2029\t\x0b\x0c\x1c\x1d\x1e\x1f") != "")


@settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(title=_TEXT, location=_TEXT, tag=_TEXT, person=_TEXT, summary=_TEXT, name=_TEXT)
def test_no_raw_control_reaches_the_terminal(
    cli: Cli,
    tmp_path_factory: pytest.TempPathFactory,
    title: str,
    location: str,
    tag: str,
    person: str,
    summary: str,
    name: str,
) -> None:
    fields = (title, location, tag, person, summary, name)
    _every_command_is_clean(cli, tmp_path_factory.mktemp("store"), *fields)


#: The alphabet of `_TEXT`, for the seeded loop below.
_ALPHABET = [*HOSTILE, "a", "é", " ", "#", "|", "<", "&", ":", "\n"]


def test_seeded_hostile_texts(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same check on seeded texts, without hypothesis' overhead: 100 here,
    HOSTILE_SEEDS=20000 for a run outside CI."""
    import random

    def text(rng: random.Random) -> str:
        while True:
            drawn = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 12)))
            if drawn.strip(" \n\r\x85\u2028\u2029\t\x0b\x0c\x1c\x1d\x1e\x1f"):
                return drawn

    for seed in range(int(os.environ.get("HOSTILE_SEEDS", "100"))):
        rng = random.Random(seed)
        fields = [text(rng) for _ in range(6)]
        folder = tmp_path_factory.mktemp("store")
        _every_command_is_clean(cli, folder, *fields)
        shutil.rmtree(folder)


def _every_command_is_clean(cli: Cli, folder: Path, *fields: str) -> None:
    """Every command and export on a store holding these texts (title, location, tag,
    person, summary, and a file named by the last): nothing terminal-facing holds a raw
    control character, and nothing crashes."""
    title, location, tag, person, summary, name = fields
    file_name = "".join(c for c in name if c not in "/\n\x00") or "x"
    path = folder / f"{file_name}.yaml"
    path.write_text(
        f"title: {_yaml_quoted(title)}\nevents:\n  - id: a\n    date: 2021-06\n"
        f"    title: {_yaml_quoted(title.replace(chr(10), ' ').replace(chr(13), ' '))}\n"
        f"    location: {_yaml_quoted(location)}\n    tags: [{_yaml_quoted(tag)}]\n"
        f"    people: [{_yaml_quoted(person)}]\n    summary: {_yaml_quoted(summary)}\n"
        "  - id: b\n    date: 2021-02-30\n    title: broken\n"
    )
    store = str(folder)
    # The store has an error: every command says so, through messages.
    for command in (["validate"], ["list"], ["show", "a"], ["tags"], ["export", "json"]):
        result = cli(*command, "-f", store)
        assert result.exit_code == 1
        _assert_clean(result.stdout, result.stderr)
    # Without the error, every view and every export.
    text = path.read_text().split("  - id: b\n")[0]
    path.write_text(text)
    for command in (
        ["validate"], ["validate", "--format", "json"], ["list"], ["list", "--columns",
        "id,date,title,location,tags,people,summary,sources"], ["show", "a"], ["tags"],
        ["tags", "--format", "json"], ["export", "md"], ["export", "md", "--style", "table"],
        ["export", "md", "--style", "mermaid"], ["export", "json"],
    ):  # fmt: skip
        result = cli(*command, "-f", store)
        assert result.exit_code == 0, (command, result)
        _assert_clean(result.stdout, result.stderr)
    result = cli("cache", "info")  # names the store's file
    assert result.exit_code == 0, result
    _assert_clean(result.stdout, result.stderr)
    for data_format in ("csv", "ics"):  # data, kept exact; their messages are still clean
        result = cli("export", data_format, "-f", store)
        assert result.exit_code == 0
        _assert_clean(result.stderr)
    exported = folder / "out.ics"
    assert cli("export", "ics", "-f", store, "-o", str(exported)).exit_code == 0
    result = cli("import", str(exported), "-f", str(folder / "copy.yaml"))
    assert result.exit_code == 0, result
    _assert_clean(result.stdout, result.stderr)


# ------------------------------------------------------------------ special files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_refused_without_waiting(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "events.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = cli("validate", "-f", str(fifo))
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert "error[unreadable]: not a regular file (a named pipe)" in result.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_refused(cli: Cli, tmp_path: Path, device: str) -> None:
    link = tmp_path / "events.yaml"
    link.symlink_to(device)
    result = cli("validate", "-f", str(link))
    assert result.exit_code == 1
    assert "not a regular file (a character device)" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_directory_store_skips_special_members(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "a.yaml").write_text("events:\n  - {id: a, date: 2021, title: A}\n")
    os.mkfifo(folder / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    result = cli("validate", "-f", str(folder))
    assert result.exit_code == 0, result
    assert result.stdout.count("warning[skipped-file]") == 2
    assert cli("validate", "--strict", "-f", str(folder)).exit_code == 1


def test_standard_input_only_when_named(cli: Cli, tmp_path: Path) -> None:
    store = "events:\n  - {id: from-stdin, date: 2021, title: A}\n"
    result = cli("list", "-f", "-", "--columns", "id", stdin=store)
    assert result.exit_code == 0, result
    assert "from-stdin" in result.stdout


def test_reading_stops_at_the_limit_whatever_stat_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chronology import files

    path = tmp_path / "events.yaml"
    path.write_bytes(b"# " + b"x" * 200 + b"\n")
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    data, problem = files.read_bytes(str(path))
    assert data is None
    assert problem is not None
    assert problem.code == "limit-exceeded"


@pytest.mark.skipif(os.geteuid() != 0, reason="planting another user's symlink needs root")
def test_output_never_follows_a_planted_symlink(cli: Cli, tmp_path: Path) -> None:
    from .conftest import BUNDLED

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777 | stat.S_ISVTX)
    victim = tmp_path / "important.conf"
    victim.write_text("keep me\n")
    link = shared / "out.csv"
    link.symlink_to(victim)
    os.chown(link, 65534, 65534, follow_symlinks=False)
    result = cli("export", "csv", "-f", str(BUNDLED), "-o", str(link))
    assert result.exit_code == 1
    assert "symlink that another user made" in result.stderr
    assert victim.read_text() == "keep me\n"


def test_import_notes_are_escaped(cli: Cli, tmp_path: Path) -> None:
    calendar = tmp_path / "in.ics"
    calendar.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n"
        b"UID:n\x1b]0;X\x07\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20220105\r\n"
        b"SUMMARY:S\r\nURL:javascript:alert(1)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = cli("import", str(calendar), "-f", str(tmp_path / "events.yaml"))
    assert "note: n\\x1b]0;X\\x07: source left out" in result.stderr
    _assert_clean(result.stdout, result.stderr)
