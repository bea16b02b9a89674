"""Selecting and ordering events: properties checked against brute force."""

from __future__ import annotations

import random
from datetime import date as pydate
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from chronology.clock import UTC_CLOCK
from chronology.dates import parse_date
from chronology.model import Timeline
from chronology.query import Filter, select
from chronology.store import Document, compose
from chronology.validate import validate

SPAN = (pydate(1990, 1, 1), pydate(2030, 12, 31))


def _timeline(lines: list[str]) -> Timeline:
    text = "events:\n" + "".join(lines)
    root, problems = compose(text, "events.yaml")
    assert not problems
    timeline, problems = validate([Document("events.yaml", root)])
    assert not [p for p in problems if p.is_error], problems
    return timeline


@st.composite
def day_events(draw: st.DrawFn) -> tuple[str, pydate, pydate, str]:
    """An event with a date of year, month or day precision and maybe an end."""
    start = draw(st.dates(*SPAN))
    form = draw(st.sampled_from(["year", "month", "day"]))
    text = {"year": f"{start:%Y}", "month": f"{start:%Y-%m}", "day": f"{start:%Y-%m-%d}"}[form]
    first = {"year": start.replace(month=1, day=1), "month": start.replace(day=1)}.get(form, start)
    last = _last(first, form)
    end_text = ""
    if draw(st.booleans()):
        end = draw(st.dates(start, SPAN[1]))
        end_text = f"{end:%Y-%m-%d}"
        last = end
    return text, first, last, end_text


def _last(first: pydate, form: str) -> pydate:
    if form == "year":
        return first.replace(month=12, day=31)
    if form == "month":
        following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    return first


def _query(draw: st.DrawFn) -> tuple[str, pydate, pydate]:
    start = draw(st.dates(*SPAN))
    form = draw(st.sampled_from(["year", "month", "day"]))
    text = {"year": f"{start:%Y}", "month": f"{start:%Y-%m}", "day": f"{start:%Y-%m-%d}"}[form]
    first = {"year": start.replace(month=1, day=1), "month": start.replace(day=1)}.get(form, start)
    return text, first, _last(first, form)


@st.composite
def queries(draw: st.DrawFn) -> tuple[tuple[str, pydate, pydate] | None, ...]:
    low = _query(draw) if draw(st.booleans()) else None
    high = _query(draw) if draw(st.booleans()) else None
    return low, high


@given(st.lists(day_events(), max_size=25), queries(), st.booleans())
@settings(max_examples=300)
def test_window_filters_equal_brute_force(
    events: list[tuple[str, pydate, pydate, str]],
    query: tuple[tuple[str, pydate, pydate] | None, ...],
    within: bool,
) -> None:
    """Spans that overlap the window, or (`--within`) lie entirely inside it; the window's
    ends are read at their own precision (--from 2021 is 1 Jan, --to 2021-06 is 30 June)."""
    lines = [
        f"  - {{id: e{i}, date: '{text}', title: T{i}" + (f", end: '{end}'" if end else "") + "}\n"
        for i, (text, _, _, end) in enumerate(events)
    ]
    timeline = _timeline(lines)
    low, high = query
    criteria = Filter(
        start=parse_date(low[0]) if low else None,
        end=parse_date(high[0]) if high else None,
        within=within,
    )
    chosen = {e.id for e in select(timeline, criteria, UTC_CLOCK)}
    if within:
        expected = {
            f"e{i}"
            for i, (_, first, last, _) in enumerate(events)
            if (low is None or first >= low[1]) and (high is None or last <= high[2])
        }
    else:
        expected = {
            f"e{i}"
            for i, (_, first, last, _) in enumerate(events)
            if (low is None or last >= low[1]) and (high is None or first <= high[2])
        }
    assert chosen == expected


@given(st.lists(day_events(), min_size=1, max_size=25), st.randoms())
def test_order_is_the_same_for_any_file_order(
    events: list[tuple[str, pydate, pydate, str]], rnd: random.Random
) -> None:
    lines = [
        f"  - {{id: e{i}, date: '{text}', title: 'T{i % 3}'"
        + (f", end: '{end}'" if end else "")
        + "}\n"
        for i, (text, _, _, end) in enumerate(events)
    ]
    ordered = [e.id for e in _timeline(lines).events]
    shuffled = lines[:]
    rnd.shuffle(shuffled)
    assert [e.id for e in _timeline(shuffled).events] == ordered
    firsts = {f"e{i}": first for i, (_, first, _, _) in enumerate(events)}
    assert [firsts[i] for i in ordered] == sorted(firsts[i] for i in ordered)


@given(st.lists(day_events(), max_size=20), st.text(max_size=3), st.integers(0, 30), st.booleans())
def test_filters_return_ordered_subsets(
    events: list[tuple[str, pydate, pydate, str]], needle: str, limit: int, reverse: bool
) -> None:
    lines = [f"  - {{id: e{i}, date: '{t}', title: 'T{i}'}}\n" for i, (t, *_) in enumerate(events)]
    timeline = _timeline(lines)
    chosen = select(timeline, Filter(search=needle, limit=limit, reverse=reverse), UTC_CLOCK)
    everything = list(timeline.events)
    assert len(chosen) <= limit
    assert all(e in everything for e in chosen)
    positions = [everything.index(e) for e in chosen]
    assert positions == sorted(positions, reverse=reverse)


@given(st.lists(st.lists(st.sampled_from(["a", "B", "c"]), max_size=3), max_size=12), st.data())
def test_not_tag_leaves_out_every_event_with_any_of_the_tags(
    tag_lists: list[list[str]], data: st.DataObject
) -> None:
    lines = [
        f"  - {{id: e{i}, date: '2021-06-02', title: T{i}, tags: [{', '.join(tags)}]}}\n"
        for i, tags in enumerate(tag_lists)
    ]
    timeline = _timeline(lines)
    unwanted = tuple(data.draw(st.lists(st.sampled_from(["A", "b", "d"]), max_size=2)))
    chosen = {e.id for e in select(timeline, Filter(not_tags=unwanted), UTC_CLOCK)}
    folded = {t.casefold() for t in unwanted}
    expected = {
        f"e{i}" for i, tags in enumerate(tag_lists) if not folded & {t.casefold() for t in tags}
    }
    assert chosen == expected
