"""`--keep-going`: a store with errors gives its valid events, with the problems on stderr,
the output marked partial where the format can say so, and exit status 1."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
from markdown_it import MarkdownIt

from .conftest import Result

Cli = Callable[..., Result]
Store = Callable[..., str]

BROKEN = """\
title: Apollo
events:
  - id: apollo-8
    date: 1968-12-21
    title: Apollo 8
    tags: [apollo]
  - id: broken
    date: 1969-02-30
    title: A day that never was
    tags: [broken-tag]
  - id: apollo-11
    date: 1969-07-16
    title: Apollo 11
    tags: [apollo, moon]
"""
PROBLEM = "error[bad-date]: '1969-02-30': day out of range for February 1969"
PARTIAL = "1 error in the store: the events with errors are left out"


def _failed_partially(result: Result, path: str) -> None:
    assert result.exit_code == 1, result
    lines = result.stderr.splitlines()
    assert lines[0] == f"{path}:8:11: {PROBLEM}"
    assert lines[-1] == f"chronology: partial output: {PARTIAL}"


@pytest.mark.parametrize("command", ["list", "tags", "export"])
def test_without_it_nothing_is_output(cli: Cli, store: Store, command: str) -> None:
    args = [command, "-f", store(BROKEN)] + (["json"] if command == "export" else [])
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith("chronology: 1 error in the store; nothing was done\n")


def test_list_and_tags_use_the_valid_events(cli: Cli, store: Store) -> None:
    path = store(BROKEN)
    listed = cli("list", "-f", path, "--columns", "id", "--keep-going", "--tablefmt", "plain")
    _failed_partially(listed, path)
    assert listed.stdout.split() == ["ID", "apollo-8", "apollo-11"]
    tags = cli("tags", "-f", path, "--keep-going", "--format", "json")
    _failed_partially(tags, path)
    assert json.loads(tags.stdout) == [{"tag": "apollo", "events": 2}, {"tag": "moon", "events": 1}]


def test_show_of_a_valid_event_works_whatever_else_is_broken(cli: Cli, store: Store) -> None:
    path = store(BROKEN)
    shown = cli("show", "-f", path, "apollo-11", "--keep-going")
    _failed_partially(shown, path)
    assert shown.stdout.startswith("apollo-11 · Apollo 11\n")
    missing = cli("show", "-f", path, "broken", "--keep-going")
    assert missing.exit_code == 1
    assert missing.stdout == ""
    assert "chronology: error: no valid event with id 'broken'" in missing.stderr


def test_markdown_is_marked_by_a_comment(cli: Cli, store: Store) -> None:
    path = store(BROKEN)
    for style in ("list", "table", "mermaid"):
        result = cli("export", "md", "-f", path, "--style", style, "--keep-going")
        _failed_partially(result, path)
        tokens = MarkdownIt("gfm-like").parse(result.stdout)
        assert tokens[0].type == "html_block"
        assert tokens[0].content == f"<!-- chronology: partial: {PARTIAL} -->\n"
        assert "broken" not in result.stdout
        assert "Apollo 11" in result.stdout


def test_icalendar_is_marked_by_a_property(cli: Cli, store: Store) -> None:
    path = store(BROKEN)
    result = cli("export", "ics", "-f", path, "--keep-going")
    _failed_partially(result, path)
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    assert str(calendar["X-CHRONOLOGY-PARTIAL"]) == PARTIAL
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [
        "apollo-8@chronology",
        "apollo-11@chronology",
    ]


def test_json_is_marked_by_a_field_and_a_whole_store_is_not(cli: Cli, store: Store) -> None:
    path = store(BROKEN)
    result = cli("export", "json", "-f", path, "--keep-going")
    _failed_partially(result, path)
    document = json.loads(result.stdout)
    assert document["partial"] == PARTIAL
    assert [e["id"] for e in document["events"]] == ["apollo-8", "apollo-11"]
    fixed = store(BROKEN.replace("1969-02-30", "1969-02-28"))
    whole = cli("export", "json", "-f", fixed, "--keep-going")
    assert whole.exit_code == 0
    assert whole.stderr == ""
    assert "partial" not in json.loads(whole.stdout)
    for fmt in ("md", "ics"):
        clean = cli("export", fmt, "-f", fixed, "--keep-going")
        assert clean.exit_code == 0
        assert "partial" not in clean.stdout.lower()


def test_a_written_export_is_marked_and_still_fails(cli: Cli, store: Store, tmp_path: Path) -> None:
    path = store(BROKEN)
    target = tmp_path / "out.md"
    result = cli("export", "md", "-f", path, "-o", str(target), "--keep-going")
    _failed_partially(result, path)
    assert target.read_text(encoding="utf-8").startswith(f"<!-- chronology: partial: {PARTIAL}")


def test_an_unreadable_file_of_a_store_leaves_the_others(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "a.yaml").write_text(BROKEN.replace("1969-02-30", "1969-02-28"), encoding="utf-8")
    (folder / "b.yaml").write_text("events:\n  - id: x\n    date: [unclosed\n", encoding="utf-8")
    result = cli("list", "-f", str(folder), "--columns", "id", "--keep-going")
    assert result.exit_code == 1
    assert "b.yaml:" in result.stderr
    assert result.stdout.split()[2:] == ["apollo-8", "broken", "apollo-11"]
    assert result.stderr.endswith("chronology: partial output: 1 error in the store: "
                                  "the events with errors are left out\n")  # fmt: skip
