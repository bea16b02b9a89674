"""Any text in any field survives ics, JSON and CSV unchanged and never adds structure."""

from __future__ import annotations

import csv
import io
import json

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from chronology.dates import Date, parse_date
from chronology.escapes import has_unsafe, json_visible
from chronology.model import Event, Timeline
from chronology.renderers import ExportOptions, lookup

# Surrogates cannot be encoded; control characters other than a newline cannot appear in
# iCalendar TEXT at all (they become U+FFFD) and get their own test below.
_CHARS = st.characters(blacklist_categories=("Cs", "Cc"))
TITLES = st.text(_CHARS, min_size=1).filter(lambda t: t.strip() != "")
TEXTS = st.text(st.one_of(_CHARS, st.just("\n")))


def _timeline(title: str, summary: str, location: str) -> Timeline:
    date = parse_date("2021-06-02")
    assert isinstance(date, Date)
    event = Event(
        id="e", date=date, title=title, summary=summary or None, location=location or None
    )
    return Timeline(events=(event,), title=title)


def _render(fmt: str, timeline: Timeline) -> str:
    chosen = lookup(fmt)
    assert chosen is not None
    return chosen.render(timeline, timeline.events, ExportOptions(dtstamp=0)).text


@given(TITLES, TEXTS, TEXTS)
@settings(max_examples=300, deadline=None)
def test_ics_round_trip(title: str, summary: str, location: str) -> None:
    timeline = _timeline(title, summary, location.replace("\n", " "))
    data = _render("ics", timeline).encode("utf-8")
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert len(calendar.walk()) == 2  # no component smuggled in
    event = events[0]
    assert event.errors == []
    assert str(event["SUMMARY"]) == title
    assert str(event.get("DESCRIPTION", "")) == summary.rstrip("\n")
    assert str(event.get("LOCATION", "")) == location.replace("\n", " ")
    names = {name for name, _ in event.property_items(recursive=False)} - {"BEGIN", "END"}
    assert names <= {
        "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "LOCATION",
        "X-CHRONOLOGY-DATE",
    }  # fmt: skip
    calendar_names = {name for name, _ in calendar.property_items(recursive=False)}
    assert calendar_names == {
        "BEGIN", "VERSION", "PRODID", "CALSCALE", "NAME", "X-WR-CALNAME", "END",
    }  # fmt: skip


@given(st.text(min_size=1).filter(lambda t: t.strip() != ""))
def test_ics_control_characters_never_break_lines(title: str) -> None:
    data = _render("ics", _timeline(title, "", "")).encode("utf-8", "surrogatepass")
    for line in data.split(b"\r\n")[:-1]:
        assert b"\n" not in line
        assert b"\r" not in line
        assert not any(b < 0x20 and b != 0x09 for b in line)
    calendar = icalendar.Calendar.from_ical(data)
    assert len(calendar.walk("VEVENT")) == 1


@given(TITLES, st.text(), st.text())
def test_json_round_trip(title: str, summary: str, location: str) -> None:
    timeline = _timeline(title, summary, location)
    document = json.loads(_render("json", timeline))
    (record,) = document["events"]
    assert record["title"] == title
    assert record["summary"] == (summary or None)
    assert record["location"] == (location or None)
    assert document["title"] == title


def _unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


@given(TITLES, st.text(), st.text())
def test_csv_round_trip(title: str, summary: str, location: str) -> None:
    timeline = _timeline(title, summary, location)
    rows = list(csv.reader(io.StringIO(_render("csv", timeline), newline="")))
    assert len(rows) == 2
    assert len(rows[0]) == len(rows[1]) == 13
    row = dict(zip(rows[0], rows[1], strict=True))
    assert _unneutralise(row["title"]) == title
    assert _unneutralise(row["summary"]) == summary
    assert _unneutralise(row["location"]) == location
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or cell == row["date"]


_DATES = ["2021", "2021-06", "2021-06-02?", "2021-06-02T09:30+05:30", "2021/..", "../2021-06~"]
_EXTENSION_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)


@given(
    TITLES,
    st.none() | st.text(),
    st.sampled_from(_DATES),
    st.lists(st.text(min_size=1), max_size=3, unique=True),
    st.lists(st.tuples(st.text(min_size=1), st.none() | st.text()), max_size=2),
    st.dictionaries(st.text().map(lambda k: "x-" + k), _EXTENSION_VALUES, max_size=2),
    st.none() | st.sampled_from(["Asia/Kolkata", "UTC"]),
)
@settings(max_examples=300, deadline=None)
def test_json_lines_are_what_the_json_module_writes(
    title: str,
    summary: str | None,
    date: str,
    tags: list[str],
    sources: list[tuple[str, str | None]],
    extensions: dict[str, object],
    zone: str | None,
) -> None:
    """Each event line is written directly; it must be exactly json's text of the record
    (with the YAML spelling for infinite and NaN numbers, which JSON cannot hold)."""
    from chronology.clock import UTC_CLOCK
    from chronology.model import Source
    from chronology.renderers.json_export import _finite, event_record

    value = parse_date(date)
    event = Event(
        id="e", date=value, title=title, summary=summary, tags=tuple(tags),
        people=tuple(reversed(tags)), timezone=zone,
        sources=tuple(Source(url, t, parse_date("2020-01-01") if t else None)  # type: ignore[arg-type]
                      for url, t in sources),
        extensions=tuple(extensions.items()), lo=0, hi=1,
    )  # fmt: skip
    document = _render("json", Timeline(events=(event,)))
    line = document.split("\n")[5].strip()
    expected = json.dumps(
        _finite(event_record(event, UTC_CLOCK)),
        ensure_ascii=False,
        allow_nan=False,
        separators=(", ", ": "),
    )
    # The same JSON, with C1 controls, bidi and format characters as \uXXXX.
    assert line == json_visible(expected)
    assert not has_unsafe(document)
    assert json.loads(document)["events"][0]["title"] == title
