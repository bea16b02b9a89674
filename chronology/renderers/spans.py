"""The computed span of an event (first and last day or instant, precision, qualifiers),
shared by the JSON and CSV writers; memoized, since many events share their dates."""

from __future__ import annotations

from functools import lru_cache

from ..clock import Clock
from ..dates import DAY, Precision, civil_from_days, zone_named
from ..model import Event

__all__ = ["Computed", "computed", "day_text", "instant_text", "span"]


@lru_cache(maxsize=1 << 16)  # events share days; bounded for long-lived processes
def day_text(days: int) -> str:
    year, month, day = civil_from_days(days)
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


def instant_text(seconds: int) -> str:
    days, sod = divmod(seconds, DAY)
    return f"{day_text(days)}T{sod // 3600:02d}:{sod // 60 % 60:02d}:{sod % 60:02d}Z"


_PRECISIONS = {p: p.name.lower() for p in Precision}


Computed = tuple[str | None, str | None, bool, str | None, bool, bool, str]
_COMPUTED: dict[tuple[str, str | None, str | None, Clock], Computed] = {}


def computed(event: Event, clock: Clock) -> Computed:
    """The values of `span(event)`, which depend only on its dates and zones (memoized)."""
    end_date = event.end
    key = (
        event.date.text,
        end_date.text if end_date is not None else None,
        event.timezone,
        clock,
    )
    known = _COMPUTED.get(key)
    if known is not None:
        return known
    first, last = event.first, event.last
    all_day = (first is None or first.hour is None) and (last is None or last.hour is None)
    start: str | None = None
    end: str | None = None
    if all_day:
        start = day_text(first.lo // DAY) if first is not None else None
        end = day_text((last.hi - 1) // DAY) if last is not None else None
    else:
        zone = zone_named(event.timezone) if event.timezone else None
        start = instant_text(first.instant_start(zone)) if first is not None else None
        if last is not None:
            low, high = last.instant_bounds(zone)
            end = instant_text(low if last.timed else high)
    computed = (
        start,
        end,
        all_day,
        _PRECISIONS[first.precision] if first is not None else None,
        (first is not None and first.approximate) or (last is not None and last.approximate),
        (first is not None and first.uncertain) or (last is not None and last.uncertain),
        event.human_date(clock),
    )
    if len(_COMPUTED) >= 200_000:
        _COMPUTED.clear()
    _COMPUTED[key] = computed
    return computed


def span(event: Event, clock: Clock) -> dict[str, object]:
    """The computed span: first and last day (or UTC instants), precision and qualifiers,
    and the display text with its times on `clock`."""
    start, end, all_day, precision, approximate, uncertain, display = computed(event, clock)
    return {
        "start": start,
        "end": end,
        "all_day": all_day,
        "precision": precision,
        "approximate": approximate,
        "uncertain": uncertain,
        "display": display,
    }
