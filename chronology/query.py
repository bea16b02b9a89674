"""Selecting events: the filters shared by `list` and `export` (SPEC §3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, timedelta, timezone

from .clock import UTC_CLOCK, Clock, on_clock
from .dates import DAY, MAX_SECONDS, MIN_SECONDS, Date, DateValue, Interval, zone_named
from .model import Event, Timeline

__all__ = ["Filter", "select", "window"]


@dataclass(frozen=True, slots=True)
class Filter:
    """Which events to keep, and in which order.

    `start`/`end` select events whose span overlaps [start, end] (with `within`, lies inside
    it); both are date expressions read on the display clock (`select`). Tags match any of
    `tags` and none of `not_tags`, ignoring case; `search` is a case-insensitive substring of
    title, summary, location, people or tags.
    """

    start: DateValue | None = None
    end: DateValue | None = None
    tags: tuple[str, ...] = ()
    search: str | None = None
    limit: int | None = None
    reverse: bool = False
    #: Only events entirely inside [start, end] (`--within`), not every overlapping one.
    within: bool = False
    #: Leave out events with any of these tags, ignoring case (`--not-tag`).
    not_tags: tuple[str, ...] = ()


#: More than the widest gap between a clock and UTC (UTC-12 to +14, and local mean times
#: up to about ±16 h before zones): a UTC window this much wider holds every candidate.
_SLACK = 2 * DAY


def _edge(value: DateValue, lower: bool) -> Date | None:
    if isinstance(value, Interval):
        end = value.start if lower else value.end
        return end if isinstance(end, Date) else None
    return value


def _on(value: DateValue | None, lower: bool, clock: Clock) -> int:
    """A filter bound in naive seconds on `clock` (a fixed clock, not `--tz event`)."""
    date = None if value is None else _edge(value, lower)
    if date is None:
        return MIN_SECONDS if lower else MAX_SECONDS
    if date.offset is not None:  # an instant: where the clock shows it
        date = on_clock(date, None, clock)
    return date.lo if lower else date.hi


def window(criteria: Filter) -> tuple[int, int]:
    """A UTC span that holds every event `--from`/`--to` can select, on any clock: events
    with `hi > low` and `lo < high`. `select` then reads the days on the display clock."""
    low = _on(criteria.start, True, UTC_CLOCK)
    high = _on(criteria.end, False, UTC_CLOCK)
    return max(low - _SLACK, MIN_SECONDS), min(high + _SLACK, MAX_SECONDS)


def _own_clock(date: Date | None, zone_name: str | None) -> Clock:
    """The clock a date is written on: its offset, else its event's zone, else UTC."""
    if date is not None and date.offset is not None:
        return Clock("", timezone(timedelta(minutes=date.offset)))
    zone = zone_named(zone_name) if zone_name else None
    return Clock("", zone if zone is not None else UTC)


def _in_window(events: Iterable[Event], criteria: Filter, clock: Clock) -> list[Event]:
    rough_low, rough_high = window(criteria)
    kept = []
    if clock.per_event:
        # Each event on its own clocks: its span starts on its first date's clock and ends
        # on its last date's, so a filter's instant is read on the clock it is compared with.
        bounds: dict[tuple[bool, Clock], int] = {}
        for event in events:
            if event.hi > rough_low and event.lo < rough_high:
                first_clock = _own_clock(event.first, event.timezone)
                last_clock = _own_clock(event.last, event.timezone)
                low = bounds.get((True, last_clock))
                if low is None:
                    low = bounds[True, last_clock] = _on(criteria.start, True, last_clock)
                high = bounds.get((False, first_clock))
                if high is None:
                    high = bounds[False, first_clock] = _on(criteria.end, False, first_clock)
                if _meets(event.clock_span(clock), low, high, criteria.within):
                    kept.append(event)
        return kept
    low, high = _on(criteria.start, True, clock), _on(criteria.end, False, clock)
    for event in events:
        in_reach = event.hi > rough_low and event.lo < rough_high
        if in_reach and _meets(event.clock_span(clock), low, high, criteria.within):
            kept.append(event)
    return kept


def _meets(span: tuple[int, int], low: int, high: int, within: bool) -> bool:
    """Whether a span [lo, hi) overlaps the window [low, high), or lies inside it."""
    lo, hi = span
    return low <= lo and hi <= high if within else hi > low and lo < high


def haystack(event: Event) -> str:
    """The text `--search` looks in, case-folded."""
    parts: Iterable[str | None] = (
        event.title,
        event.summary,
        event.location,
        *event.people,
        *event.tags,
    )
    return "\n".join(p for p in parts if p).casefold()


def select(timeline: Timeline, criteria: Filter, clock: Clock) -> tuple[Event, ...]:
    """The events of `timeline` that meet `criteria`, in order (reversed if asked), limited.

    `--from`/`--to` are read on `clock`, the display clock: an event shown on a day is
    selected by a filter for that day, and by no filter that leaves the day out.
    """
    events: Iterable[Event] = timeline.events
    if criteria.start is not None or criteria.end is not None:
        events = _in_window(events, criteria, clock)
    if criteria.tags:
        wanted = {t.casefold() for t in criteria.tags}
        events = [e for e in events if any(t.casefold() in wanted for t in e.tags)]
    if criteria.not_tags:
        unwanted = {t.casefold() for t in criteria.not_tags}
        events = [e for e in events if not any(t.casefold() in unwanted for t in e.tags)]
    if criteria.search:
        needle = criteria.search.casefold()
        events = [e for e in events if needle in haystack(e)]
    chosen = tuple(events)
    if criteria.reverse:
        chosen = chosen[::-1]
    if criteria.limit is not None:
        chosen = chosen[: criteria.limit]
    return chosen
