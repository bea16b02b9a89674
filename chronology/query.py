"""Selecting events: the filters shared by `list` and `export` (SPEC §3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, tzinfo

from .clock import UTC_CLOCK, Clock, on_clock
from .dates import DAY, MAX_SECONDS, MIN_SECONDS, Date, DateValue, Interval, zone_named
from .model import Event, Timeline

__all__ = ["Filter", "select", "window"]


@dataclass(frozen=True, slots=True)
class Filter:
    """Which events to keep, and in which order.

    `start`/`end` select events whose span overlaps [start, end]; both are date expressions
    read on the display clock (`select`). Tags match any of `tags`, ignoring case; `search` is a
    case-insensitive substring of title, summary, location, people or tags.
    """

    start: DateValue | None = None
    end: DateValue | None = None
    tags: tuple[str, ...] = ()
    search: str | None = None
    limit: int | None = None
    reverse: bool = False


#: More than the widest gap between a clock and UTC (UTC-12 to +14, and local mean times
#: up to about ±16 h before zones): a UTC window this much wider holds every candidate.
_SLACK = 2 * DAY


def _edge(value: DateValue, lower: bool) -> Date | None:
    if isinstance(value, Interval):
        end = value.start if lower else value.end
        return end if isinstance(end, Date) else None
    return value


def _on(value: DateValue | None, lower: bool, zone: tzinfo | None, clock: Clock) -> int:
    """A filter bound in naive seconds on `clock` (for `--tz event`, the event's zone)."""
    date = None if value is None else _edge(value, lower)
    if date is None:
        return MIN_SECONDS if lower else MAX_SECONDS
    if date.offset is not None:  # an instant: where the clock shows it
        date = on_clock(date, None, clock if not clock.per_event else Clock("", zone or UTC))
    return date.lo if lower else date.hi


def window(criteria: Filter) -> tuple[int, int]:
    """A UTC span that holds every event `--from`/`--to` can select, on any clock: events
    with `hi > low` and `lo < high`. `select` then reads the days on the display clock."""
    low = MIN_SECONDS if criteria.start is None else _on(criteria.start, True, None, UTC_CLOCK)
    high = MAX_SECONDS if criteria.end is None else _on(criteria.end, False, None, UTC_CLOCK)
    return max(low - _SLACK, MIN_SECONDS), min(high + _SLACK, MAX_SECONDS)


def _within(events: Iterable[Event], criteria: Filter, clock: Clock) -> list[Event]:
    rough_low, rough_high = window(criteria)
    kept = []
    if clock.per_event:
        bounds: dict[str | None, tuple[int, int]] = {}
        for event in events:
            if event.hi > rough_low and event.lo < rough_high:
                known = bounds.get(event.timezone)
                if known is None:
                    zone = zone_named(event.timezone) if event.timezone else None
                    known = bounds[event.timezone] = (
                        _on(criteria.start, True, zone, clock),
                        _on(criteria.end, False, zone, clock),
                    )
                lo, hi = event.clock_span(clock)
                if hi > known[0] and lo < known[1]:
                    kept.append(event)
        return kept
    low, high = _on(criteria.start, True, None, clock), _on(criteria.end, False, None, clock)
    for event in events:
        if event.hi > rough_low and event.lo < rough_high:
            lo, hi = event.clock_span(clock)
            if hi > low and lo < high:
                kept.append(event)
    return kept


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
        events = _within(events, criteria, clock)
    if criteria.tags:
        wanted = {t.casefold() for t in criteria.tags}
        events = [e for e in events if any(t.casefold() in wanted for t in e.tags)]
    if criteria.search:
        needle = criteria.search.casefold()
        events = [e for e in events if needle in haystack(e)]
    chosen = tuple(events)
    if criteria.reverse:
        chosen = chosen[::-1]
    if criteria.limit is not None:
        chosen = chosen[: criteria.limit]
    return chosen
