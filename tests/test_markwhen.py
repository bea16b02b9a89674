"""`export markwhen`, read back by markwhen's own parser (@markwhen/parser, in Node): one
entry per event, each date range as markwhen reads it equal to the event's span at its
precision, tags, properties and the summary intact, and no text that turns into markwhen
syntax (an entry, a section, a tag, a comment)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from chronology.clock import UTC_CLOCK, on_clock
from chronology.dates import DAY, days_from_civil
from chronology.escapes import visible_line
from chronology.loader import load
from chronology.model import Event

from .conftest import BUNDLED, ROOT, Result, node_oracle

HARD = ROOT / "tests" / "fixtures" / "hard.yaml"
MARKUP = ROOT / "tests" / "fixtures" / "markup.yaml"
Cli = Callable[..., Result]

HOSTILE = """\
title: "Hostile #header"
events:
  - id: a
    date: 2021-06-02
    title: "2021: not a date #not-a-tag // not a comment \\\\ back"
    tags: [real, two words]
    summary: |
      2021-01-01: not an entry
      # not a section
      // not a comment
      #notatag and a:colon \\\\backslash
      - list: item

      after a blank line
  - id: b
    date: -0099/0010
    title: Across the years BC and AD
  - id: c
    date: 1969-07-20T20:17Z
    title: Timed
  - id: d
    date: 2021-06-02T09:30/2021-06-02T11:00
    timezone: Asia/Kolkata
    title: Timed span in a zone
  - id: e
    date: 196X
    title: A decade
"""


def _seconds(iso: str) -> int:
    """Seconds since 1970 of markwhen's ISO text, any year (Python's datetime stops at 1)."""
    match = re.fullmatch(
        r"([+-]?\d{4,6})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)", iso
    )
    assert match, iso
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    offset = match[7]
    shift = (
        0
        if offset == "Z"
        else (1 if offset[0] == "+" else -1) * (int(offset[1:3]) * 3600 + int(offset[4:6]) * 60)
    )
    return days_from_civil(year, month, day) * DAY + hour * 3600 + minute * 60 + second - shift


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _lines(lines: list[str], raw: bool = False) -> list[str]:
    """Description lines to compare: unescaped, list markers alike (markwhen keeps a list
    item's text only), trailing spaces and blank lines at either end gone."""
    found = [re.sub(r"^\s*(?:[-*+•]|\d+[.)])\s+", "- ", line if raw else _unescape(line)).rstrip()
             for line in lines]  # fmt: skip
    while found and not found[0]:
        found.pop(0)
    while found and not found[-1]:
        found.pop()
    return found


def _parsed(cli: Cli, store: Path, *args: str) -> dict[str, Any]:
    result = cli("export", "markwhen", "-f", str(store), *args)
    assert result.exit_code == 0, result
    found = node_oracle("markwhen.mjs", result.stdout.encode())
    assert isinstance(found, dict)
    assert found["messages"] == []
    return found


def _check(event: Event, entry: dict[str, Any]) -> None:
    start, end = _seconds(entry["from"]), _seconds(entry["to"])
    first, last = event.first, event.last
    # days are calendar days (the same on every clock: markwhen reads them in UTC, the
    # document's zone), times are instants
    lo, hi = event.clock_span(UTC_CLOCK)
    bc = any(d.year <= 0 for d in (first, last) if d is not None)
    if bc:  # markwhen reads BC years only: the years that hold the event
        assert start == days_from_civil((first or last).year, 1, 1) * DAY  # type: ignore[union-attr]
        assert end == days_from_civil((last or first).year + 1, 1, 1) * DAY  # type: ignore[union-attr]
        assert start <= event.lo < event.hi <= end
        return
    timed = any(d.timed for d in (first, last) if d is not None)
    if first is None:  # an unknown start: the entry is the end date alone
        assert last is not None
        assert end == hi
        assert start == (hi - 1 if timed else on_clock(last, None, UTC_CLOCK).lo)
        return
    assert start == lo, (event.id, entry)
    if event.open_end:
        assert end >= int(datetime.now().timestamp()) - 60  # markwhen's `now`
    elif timed and (last is None or last is first):
        assert end == start  # an instant
    elif last is None:  # an unknown end: the entry is the start date alone
        assert end == on_clock(first, None, UTC_CLOCK).hi
    elif timed and last.timed:
        assert end == on_clock(last, _zone(event), UTC_CLOCK).lo
    else:
        assert end == hi - (1 if timed else 0), (event.id, entry)


def _zone(event: Event) -> Any:
    from chronology.dates import zone_named

    return zone_named(event.timezone) if event.timezone else None


@pytest.mark.parametrize("store", [BUNDLED, HARD, MARKUP])
def test_markwhen_reads_every_event_at_its_span(cli: Cli, store: Path) -> None:
    timeline = load(str(store))
    found = _parsed(cli, store)
    entries = {e["properties"]["id"]: e for e in found["events"]}
    assert len(found["events"]) == len(timeline.events)
    assert set(entries) == {e.id for e in timeline.events}
    if timeline.title:
        assert found["header"]["title"] == visible_line(timeline.title)
    for event in timeline.events:
        entry = entries[event.id]
        _check(event, entry)
        title = _unescape(entry["title"]).removeprefix(": ")  # markwhen keeps BC's colon
        assert title.startswith(visible_line(" ".join(event.title.split()))), (title, event.title)
        assert entry["tags"] == [t for t in event.tags if re.fullmatch(r"\w+", t)]
        properties = entry["properties"]
        assert properties["date"] == event.iso_date()
        assert properties.get("location") == event.location
        assert properties.get("people", []) == list(event.people)
        assert properties.get("sources", []) == [s.url for s in event.sources]
        assert _lines(entry["description"]) == _lines((event.summary or "").split("\n"), raw=True)


def test_markwhen_keeps_hostile_text_as_text(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "hostile.yaml"
    store.write_text(HOSTILE, encoding="utf-8")
    timeline = load(str(store))
    found = _parsed(cli, store)
    assert len(found["events"]) == len(timeline.events) == 5
    by_id = {e["properties"]["id"]: e for e in found["events"]}
    a = by_id["a"]
    assert a["tags"] == ["real"]
    assert a["properties"]["tags"] == ["real", "two words"]
    assert _unescape(a["title"]) == "2021: not a date #not-a-tag // not a comment \\ back"
    summary = timeline.get("a").summary  # type: ignore[union-attr]
    assert summary is not None
    assert _lines(a["description"])[:4] == summary.split("\n")[:4]
    assert summary.startswith("2021-01-01: not an entry\n# not a section\n// not a comment\n")
    for event in timeline.events:
        _check(event, by_id[event.id])
    assert _seconds(by_id["e"]["to"]) == days_from_civil(1970, 1, 1) * DAY  # the whole decade
    assert "100 BC – AD 10" in _unescape(by_id["b"]["title"])


def test_groups_are_sections(cli: Cli) -> None:
    found = _parsed(cli, BUNDLED, "--group-by", "tag")
    timeline = load(str(BUNDLED))
    for entry in found["events"]:
        event = timeline.get(entry["properties"]["id"])
        assert event is not None
        assert entry["path"] == [event.tags[0] if event.tags else "(no tag)"]
