"""Selecting events: the filters shared by `list` and `export` (SPEC §3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .dates import MAX_SECONDS, MIN_SECONDS, Date, DateValue, Interval, zone_named
from .model import Event, Timeline

__all__ = ["Filter", "select", "window"]


@dataclass(frozen=True, slots=True)
class Filter:
    """Which events to keep, and in which order.

    `start`/`end` select events whose span overlaps [start, end]; both are date expressions
    read in the store's time zone. Tags match any of `tags`, ignoring case; `search` is a
    case-insensitive substring of title, summary, location, people or tags.
    """

    start: DateValue | None = None
    end: DateValue | None = None
    tags: tuple[str, ...] = ()
    search: str | None = None
    limit: int | None = None
    reverse: bool = False


def _bounds(value: DateValue, zone_name: str | None, lower: bool) -> int:
    zone = zone_named(zone_name) if zone_name else None
    if isinstance(value, Interval):
        end = value.start if lower else value.end
        if not isinstance(end, Date):
            return MIN_SECONDS if lower else MAX_SECONDS
        value = end
    low, high = value.instant_bounds(zone)
    return low if lower else high


def window(criteria: Filter, zone_name: str | None) -> tuple[int, int]:
    """The span `--from`/`--to` select, as UTC seconds: events with `hi > low` and
    `lo < high` overlap it. Wall-clock dates are read in `zone_name` (the store's zone)."""
    low = MIN_SECONDS if criteria.start is None else _bounds(criteria.start, zone_name, True)
    high = MAX_SECONDS if criteria.end is None else _bounds(criteria.end, zone_name, False)
    return low, high


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


def select(timeline: Timeline, criteria: Filter) -> tuple[Event, ...]:
    """The events of `timeline` that meet `criteria`, in order (reversed if asked), limited."""
    events: Iterable[Event] = timeline.events
    if criteria.start is not None or criteria.end is not None:
        low, high = window(criteria, timeline.timezone)
        events = [e for e in events if e.hi > low and e.lo < high]
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
