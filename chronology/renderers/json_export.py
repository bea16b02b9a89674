"""JSON: one document with every field of every event, plus its computed span."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..dates import DAY, Date, civil_from_days, zone_named
from ..model import Event, Timeline
from . import ExportOptions, Rendered

__all__ = ["event_record", "render", "span"]


def _day(days: int) -> str:
    year, month, day = civil_from_days(days)
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


def _instant(seconds: int) -> str:
    days, sod = divmod(seconds, DAY)
    return f"{_day(days)}T{sod // 3600:02d}:{sod // 60 % 60:02d}:{sod % 60:02d}Z"


def span(event: Event) -> dict[str, object]:
    """The computed span: first and last day (or UTC instants), precision and qualifiers."""
    first, last = event.first, event.last
    zone = zone_named(event.timezone) if event.timezone else None
    start: str | None = None
    end: str | None = None
    if event.all_day:
        start = _day(first.lo // DAY) if first is not None else None
        end = _day((last.hi - 1) // DAY) if last is not None else None
    else:
        start = _instant(first.instant_bounds(zone)[0]) if first is not None else None
        if last is not None:
            low, high = last.instant_bounds(zone)
            end = _instant(low if last.timed else high)
    dates = [d for d in (first, last) if isinstance(d, Date)]
    return {
        "start": start,
        "end": end,
        "all_day": event.all_day,
        "precision": event.precision.name.lower() if event.precision is not None else None,
        "approximate": any(d.approximate for d in dates),
        "uncertain": any(d.uncertain for d in dates),
        "display": event.human_date(),
    }


def event_record(event: Event) -> dict[str, object]:
    """Every field of an event as JSON-ready data, in a stable key order."""
    record: dict[str, object] = {
        "id": event.id,
        "date": str(event.date),
        "end": str(event.end) if event.end is not None else None,
        "title": event.title,
        "summary": event.summary,
        "location": event.location,
        "tags": list(event.tags),
        "people": list(event.people),
        "timezone": event.timezone,
        "sources": [
            {
                "url": s.url,
                "title": s.title,
                "accessed": str(s.accessed) if s.accessed is not None else None,
            }
            for s in event.sources
        ],
        "span": span(event),
    }
    record.update(event.extensions)
    return record


def render(timeline: Timeline, events: Sequence[Event], options: ExportOptions) -> Rendered:
    """`{"title": …, "description": …, "timezone": …, "events": […]}`, one event per line.

    One compact line per event keeps diffs readable and lets the C encoder do the work
    (json's indented output is written in Python, several times slower).
    """
    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode
    head = ",\n".join(
        f"  {encode(key)}: {encode(value)}"
        for key, value in (
            ("title", timeline.title),
            ("description", timeline.description),
            ("timezone", timeline.timezone),
        )
    )
    if not events:
        return Rendered("{\n" + head + ',\n  "events": []\n}\n')
    body = ",\n".join("    " + encode(event_record(e)) for e in events)
    return Rendered("{\n" + head + ',\n  "events": [\n' + body + "\n  ]\n}\n")
