"""Fuzzing: random bytes and random stores never make chronology raise anything but its
own errors, and no text in any field adds structure to any export."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import icalendar
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from chronology.clock import EVENT
from chronology.dates import Date, parse_date
from chronology.errors import ChronologyError
from chronology.loader import check
from chronology.model import Event, Source, Timeline
from chronology.query import Filter, select
from chronology.renderers import FORMATS, ExportOptions, lookup
from chronology.show import render_event
from chronology.table import TableSettings, render_table
from chronology.validate import CODES

from .conftest import BUNDLED, node_oracle

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
VALID_TEXT = BUNDLED.read_bytes()


def _exercise(path: Path) -> None:
    """Everything a user can do with a store, none of which may raise unexpectedly."""
    try:
        timeline, problems = check([str(path)])
    except ChronologyError:
        return
    for problem in problems:
        assert problem.path
        assert problem.code in CODES
        assert problem.message
    if any(p.is_error for p in problems):
        return
    render_table(select(timeline, Filter(), EVENT), TableSettings(width=80, color=True))
    for event in timeline.events:
        render_event(event, EVENT)
    for fmt in FORMATS:
        for style in ("list", "table", "mermaid"):
            fmt.render(timeline, timeline.events, ExportOptions(style=style, dtstamp=0))


@given(st.binary(max_size=2000))
@FUZZ
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes(data)
    _exercise(path)


@given(st.randoms(use_true_random=False), st.integers(1, 12))
@FUZZ
def test_mutated_stores(tmp_path: Path, rnd: random.Random, mutations: int) -> None:
    data = bytearray(VALID_TEXT)
    alphabet = b" :-[]{}#&*!|>'\"\n\t?%@`,\\\x00\x1b\xff0123456789abcXYZ"
    for _ in range(mutations):
        at = rnd.randrange(len(data))
        action = rnd.random()
        if action < 0.4:
            data[at] = rnd.choice(alphabet)
        elif action < 0.7:
            data[at:at] = bytes([rnd.choice(alphabet)]) * rnd.randint(1, 3)
        else:
            del data[at : at + rnd.randint(1, 20)]
    path = tmp_path / "events.yaml"
    path.write_bytes(bytes(data))
    _exercise(path)


SCALARS = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.sampled_from(["2021", "2021-06-02", "2021-13", "../..", "201X", "-0043", "no", "~"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=8), inner, max_size=3), max_leaves=12)  # fmt: skip
EVENTS = st.lists(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "date",
                "end",
                "title",
                "summary",
                "location",
                "tags",
                "people",
                "timezone",
                "sources",
                "x-extra",
                "titel",
            ]
        ),
        VALUES,
        max_size=10,
    ),
    max_size=6,
)


@given(EVENTS, st.sampled_from(["title", "timezone", "events", "bogus"]), VALUES)
@FUZZ
def test_random_structures(tmp_path: Path, events: list[object], key: str, value: object) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({key: value, "events": events}, allow_unicode=True))
    _exercise(path)


# ------------------------------------------------------------------ no structure smuggled in

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)
TITLE = TEXT.filter(lambda t: t.strip() != "" and "\n" not in t and "\r" not in t)


def _timeline(titles: list[str], text: str) -> Timeline:
    date = parse_date("2021-06-02")
    assert isinstance(date, Date)
    events = tuple(
        Event(
            id=f"e{i}",
            date=date,
            title=title,
            summary=text,
            location=text,
            tags=(text,),
            people=(text,),
            sources=(Source("https://example.org/x", text),),
        )
        for i, title in enumerate(titles)
    )
    return Timeline(events=events, title=titles[0], description=text)


def _render(fmt: str, timeline: Timeline, style: str = "list") -> str:
    chosen = lookup(fmt)
    assert chosen is not None
    return chosen.render(timeline, timeline.events, ExportOptions(style=style, dtstamp=0)).text


@given(st.lists(TITLE, min_size=1, max_size=4), TEXT)
@settings(max_examples=200, deadline=None)
def test_no_extra_ics_properties(titles: list[str], text: str) -> None:
    calendar = icalendar.Calendar.from_ical(_render("ics", _timeline(titles, text)).encode())
    assert [c.name for c in calendar.walk()] == ["VCALENDAR"] + ["VEVENT"] * len(titles)
    allowed = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "LOCATION",
               "CATEGORIES", "URL", "X-CHRONOLOGY-DATE", "X-CHRONOLOGY-PERSON",
               "X-CHRONOLOGY-SOURCE"}  # fmt: skip
    for event in calendar.walk("VEVENT"):
        names = [name for name, _ in event.property_items(recursive=False)]
        assert set(names) - {"BEGIN", "END"} <= allowed
        assert names.count("SUMMARY") == names.count("DESCRIPTION") == 1


@given(st.lists(TITLE, min_size=1, max_size=4), TEXT)
@settings(max_examples=200, deadline=None)
def test_no_extra_csv_rows_or_columns(titles: list[str], text: str) -> None:
    rows = list(csv.reader(io.StringIO(_render("csv", _timeline(titles, text)), newline="")))
    assert len(rows) == len(titles) + 1
    assert {len(row) for row in rows} == {len(rows[0])}


def _tokens(markdown: str) -> list[object]:
    found = []
    for token in MarkdownIt("gfm-like").parse(markdown):
        found.append(token)
        found.extend(token.children or [])
    return found


@given(st.lists(TITLE, min_size=1, max_size=4), TEXT)
@settings(max_examples=200, deadline=None)
def test_no_extra_markdown_structure(titles: list[str], text: str) -> None:
    timeline = _timeline(titles, text)
    listing = _tokens(_render("markdown", timeline))
    types = [t.type for t in listing]  # type: ignore[attr-defined]
    assert "html_inline" not in types
    assert "html_block" not in types
    assert types.count("heading_open") == 2  # the title and the one year
    assert types.count("link_open") == len(titles)  # only the sources' links
    # One item per event; a summary's own lists nest inside its event's item, and the
    # description's come before the first year's heading.
    year = [i for i, t in enumerate(types) if t == "heading_open"][1]
    items = [t for t in listing[year:] if t.type == "list_item_open" and t.level == 1]  # type: ignore[attr-defined]
    assert len(items) == len(titles)
    assert "table_open" not in types
    table = _tokens(_render("markdown", timeline, "table"))
    cells = [t for t in table if t.type in ("td_open", "th_open")]  # type: ignore[attr-defined]
    assert len(cells) == 4 * (len(titles) + 1)
    assert [t.type for t in table].count("link_open") == 0  # type: ignore[attr-defined]


@given(st.lists(TITLE, min_size=5, max_size=25))
@settings(max_examples=8, deadline=None)
def test_no_extra_mermaid_nodes(titles: list[str]) -> None:
    timeline = _timeline(titles, "x")
    parsed = node_oracle("mermaid_timeline.mjs", _render("markdown", timeline, "mermaid").encode())
    assert isinstance(parsed, dict)
    events = [event for period in parsed["periods"] for event in period["events"]]
    assert events == [" ".join(t.split()) for t in titles]
    assert len(parsed["sections"]) == 1
