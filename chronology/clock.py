"""The display zone: the clock human-readable times are shown on, and filters read days on.

SPEC §2: times are shown in one zone with its abbreviation or offset (`09:32 EDT`): the
store's `timezone` by default (UTC if none), or `--tz ZONE|local|event`. Days, months and
years (in `--from`/`--to`, Markdown headings and every grouping) are read on the same clock,
so what a view shows under a day is exactly what a filter for that day selects.

Dates without a time are calendar days, the same on every clock: only date-times move.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache

from .dates import (
    DAY,
    MAX_SECONDS,
    MIN_SECONDS,
    Date,
    DateValue,
    Interval,
    civil_from_days,
    unknown_zone,
    zone_named,
)

__all__ = [
    "EVENT",
    "UTC_CLOCK",
    "Clock",
    "ClockError",
    "choose_clock",
    "clock_bounds",
    "offset_label",
    "on_clock",
    "shown",
]

#: `datetime` holds years 1..9999; instants outside are read with the rules of the edge.
_FIRST = int(datetime(1, 1, 2, tzinfo=UTC).timestamp())
_LAST = int(datetime(9999, 12, 30, tzinfo=UTC).timestamp())
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NUMERIC = re.compile(r"[+-][0-9]{2}(?:[0-9]{2})?")


class ClockError(ValueError):
    """A display zone that does not exist; the message says what to write instead."""


@dataclass(frozen=True, slots=True)
class Clock:
    """Where times are shown: one zone for every event, or (`zone` None) each event's own.

    `name` is what the user chose (`UTC`, `America/New_York`, `local`, `event`).
    """

    name: str
    zone: tzinfo | None

    @property
    def per_event(self) -> bool:
        """True for `--tz event`: every time on the clock it is written in."""
        return self.zone is None


#: Each time on the clock it is written in: its offset, else its event's zone.
EVENT = Clock("event", None)
UTC_CLOCK = Clock("UTC", UTC)


def choose_clock(name: str | None, store_zone: str | None) -> Clock:
    """The display clock for `--tz NAME` (None: the store's zone, else UTC): an IANA zone,
    `UTC`, `local` or `event`. Raises `ClockError` for a zone that does not exist."""
    if name is None:
        zone = zone_named(store_zone) if store_zone else None
        return Clock(store_zone, zone) if store_zone and zone is not None else UTC_CLOCK
    if name.lower() == "event":
        return EVENT
    if name.lower() == "local":
        return Clock("local", _local_zone())
    if name.upper() in ("UTC", "Z"):
        return UTC_CLOCK
    zone = zone_named(name)
    if zone is None:
        raise ClockError(f"{unknown_zone(name)}; the display zone may also be UTC, local or event")
    return Clock(name, zone)


def _local_zone() -> tzinfo:
    """This machine's zone: `$TZ`, else /etc/localtime, else the fixed offset of now."""
    named = os.environ.get("TZ", "").lstrip(":")
    zone = zone_named(named) if named else None
    if zone is not None:
        return zone
    try:
        from zoneinfo import ZoneInfo

        with open("/etc/localtime", "rb") as stream:
            return ZoneInfo.from_file(stream, key="local")
    except (OSError, ValueError):
        local = datetime.now(UTC).astimezone().tzinfo
        return local if local is not None else UTC


def offset_label(minutes: int) -> str:
    """The label of a fixed offset: `UTC`, `+05:30`, `-04` (whole hours without minutes)."""
    if minutes == 0:
        return "UTC"
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}" + (f":{rest:02d}" if rest else "")


def _label(moment: datetime) -> str:
    """The abbreviation a zone uses at `moment` (`EDT`), or its offset where it has none."""
    name = moment.tzname()
    if name is None or _NUMERIC.fullmatch(name):
        # IANA writes "+0545" or "+04" where a zone has no abbreviation in use.
        offset = moment.utcoffset()
        return offset_label(int(offset.total_seconds()) // 60 if offset is not None else 0)
    return name


@lru_cache(maxsize=1 << 14)
def _at(zone: tzinfo, instant: int) -> tuple[int, str]:
    """(seconds east of UTC, label) that `zone` observes at a UTC instant."""
    clamped = min(max(instant, _FIRST), _LAST)
    moment = (_EPOCH + timedelta(seconds=clamped)).astimezone(zone)
    offset = moment.utcoffset()
    return (int(offset.total_seconds()) if offset is not None else 0), _label(moment)


@lru_cache(maxsize=1 << 14)
def _wall_label(zone: tzinfo, wall: int) -> str:
    """The label of `zone` at a wall-clock time in naive seconds (the first, in a fold)."""
    days, sod = divmod(wall, DAY)
    year, month, day = civil_from_days(days)
    if not 1 <= year <= 9999:
        year, month, day = (1, 1, 2) if year < 1 else (9999, 12, 30)
    moment = datetime(year, month, day, sod // 3600, sod // 60 % 60, sod % 60, tzinfo=zone)
    return _label(moment)


def on_clock(date: Date, zone: tzinfo | None, clock: Clock) -> Date:
    """`date` as `clock` shows it: a date-time moved to the clock's zone and labelled.

    `zone` is the zone the date is written in (its event's, else the store's; None is UTC).
    Dates without a time are returned as they are. Seconds are kept only when written; a
    minute is shown as the minute it starts in, even in the odd zone whose offset has seconds.
    """
    if date.hour is None:
        return date
    if clock.zone is None:  # each event's own clock: the time as written, labelled
        if date.offset is not None:
            label = offset_label(date.offset)
        elif zone is None:
            label = "UTC"
        else:
            label = _wall_label(zone, date.lo)
        return replace(date, label=label)
    if date.offset is not None:
        instant = date.lo - date.offset * 60
    elif zone is None:
        instant = date.lo
    else:
        instant = date.instant_start(zone)
    if clock.zone is UTC:  # what `_at` gives for UTC, without a datetime (no rules to read)
        offset, label = 0, "UTC"
    else:
        offset, label = _at(clock.zone, instant)
    wall = instant + offset
    step = 1 if date.second is not None else 60
    wall -= wall % step
    days, sod = divmod(wall, DAY)
    year, month, day = civil_from_days(days)
    return Date(  # every field named (dataclasses.replace costs twice as much)
        text=date.text,
        year=year,
        month=month,
        day=day,
        hour=sod // 3600,
        minute=sod // 60 % 60,
        second=sod % 60 if date.second is not None else None,
        offset=offset // 60,
        precision=date.precision,
        uncertain=date.uncertain,
        approximate=date.approximate,
        unspecified=date.unspecified,
        lo=wall,
        hi=wall + step,
        label=label,
    )


def shown(value: DateValue, zone: tzinfo | None, clock: Clock) -> DateValue:
    """A date expression as `clock` shows it (both ends of an interval)."""
    if isinstance(value, Date):
        return on_clock(value, zone, clock)
    start = value.start if not isinstance(value.start, Date) else on_clock(value.start, zone, clock)
    end = value.end if not isinstance(value.end, Date) else on_clock(value.end, zone, clock)
    if start is value.start and end is value.end:
        return value  # no time at either end: as written
    return Interval(value.text, start, end)


def clock_bounds(
    first: Date | None, last: Date | None, zone: tzinfo | None, clock: Clock
) -> tuple[int, int]:
    """The span from `first` to `last` (inclusive) in naive seconds on `clock`: what filters
    compare with the days, months and years they are given."""
    low = MIN_SECONDS if first is None else on_clock(first, zone, clock).lo
    high = MAX_SECONDS if last is None else on_clock(last, zone, clock).hi
    return low, high
