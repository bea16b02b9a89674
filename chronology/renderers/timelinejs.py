"""TimelineJS3's JSON (Knight Lab's newsroom timeline): a title slide from the store's title
and description, then one slide per event.

Dates carry only the parts the date has (a month has no day), times are wall-clock times
on the display clock (TimelineJS reads them in the reader's own zone, so the zone is in
`display_date`), BC years are negative as TimelineJS counts them (44 BC is -44, there is
no year 0), and `display_date` is chronology's words for the date, so `c.`, `?` and
`2010s` survive (an `x-display-date`, kept from a TimelineJS sheet, is used as it is). A
decade or an unspecified date (`201X`) is its first and last year.
An open start is drawn from its end; an open end has no `end_date` ("ongoing" says so).

Headline and text are HTML, as TimelineJS expects: user text is escaped, summaries keep
their shape (or are rendered as CommonMark under `markup: markdown`), and sources are
links (http, https and mailto only).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from ..clock import Clock, on_clock
from ..dates import DAY, Date, Precision, civil_from_days, zone_named
from ..escapes import json_visible
from ..markup import linkable
from ..model import Event, Timeline
from . import ExportOptions
from .html import link_html, summary_html, text_html
from .visual import groups

__all__ = ["slide_date", "stream"]


def _year(year: int) -> int:
    """A year as TimelineJS counts it: astronomical 0 is 1 BC, which it writes -1."""
    return year if year > 0 else year - 1


def slide_date(date: Date, zone_name: str | None, clock: Clock, *, end: bool) -> dict[str, int]:
    """The parts of one end of an event that the date has, on the display clock."""
    if date.timed:
        shown = on_clock(date, zone_named(zone_name) if zone_name else None, clock)
        year, month, day = civil_from_days(shown.lo // DAY)
        seconds = shown.lo % DAY
        parts = {"year": _year(year), "month": month, "day": day,
                 "hour": seconds // 3600, "minute": seconds // 60 % 60}  # fmt: skip
        if date.second is not None:
            parts["second"] = seconds % 60
        return parts
    if date.precision < Precision.YEAR:  # a decade or century (`201X`, `19XX`)
        at = date.hi - 1 if end else date.lo
        return {"year": _year(civil_from_days(at // DAY)[0])}
    parts = {"year": _year(date.year)}
    if date.month is not None and date.precision >= Precision.MONTH:
        parts["month"] = date.month
    if date.day is not None and date.precision >= Precision.DAY:
        parts["day"] = date.day
    return parts


def _text(event: Event, markup: str) -> str:
    """The slide's text: the summary, then where, who and the sources."""
    parts = []
    if event.summary and event.summary.strip():
        parts.append(summary_html(event.summary, markup))
    facts = []
    if event.location:
        facts.append(text_html(event.location))
    if event.people:
        facts.append(text_html(", ".join(event.people)))
    if facts:
        parts.append("<p>" + " — ".join(facts) + "</p>")
    links = [link_html(s.url, s.title or s.url) for s in event.sources if linkable(s.url)]
    if links:
        parts.append("<p>Sources: " + ", ".join(links) + "</p>")
    return "\n".join(parts)


def _slide(event: Event, clock: Clock, markup: str, group: str) -> dict[str, object]:
    first, last = event.first, event.last
    start = first if first is not None else last
    assert start is not None  # an interval has a date at one end at least
    slide: dict[str, object] = {
        "start_date": slide_date(start, event.timezone, clock, end=False),
    }
    stop = last if last is not None and first is not None else None
    if stop is not None and (stop is not start or stop.precision < Precision.YEAR):
        slide["end_date"] = slide_date(stop, event.timezone, clock, end=True)
    # a display date of its own (kept from a TimelineJS sheet) wins over chronology's words
    own = dict(event.extensions).get("x-display-date")
    slide["display_date"] = own if isinstance(own, str) else event.human_date(clock)
    slide["text"] = {"headline": text_html(event.title), "text": _text(event, markup)}
    if group:
        slide["group"] = group
    slide["unique_id"] = event.id
    return slide


def stream(
    timeline: Timeline, events: Sequence[Event], options: ExportOptions, notes: list[str]
) -> Iterator[str]:
    """The TimelineJS document: `{"title": …, "events": […]}`, one slide a line."""
    clock = options.clock_for(timeline)
    names, rows = groups(events, options.group_by)
    title = options.title or timeline.title
    head: dict[str, object] = {}
    if title or timeline.description:
        text = {"headline": text_html(title or "")}
        if timeline.description:
            text["text"] = summary_html(timeline.description, timeline.markup)
        head = {"title": {"text": text}}
    first = f'  "title": {json.dumps(head["title"], ensure_ascii=False)},\n' if head else ""
    # C1 controls, bidi and format characters as \uXXXX too (the encoder leaves them raw).
    yield json_visible("{\n" + first + '  "events": [\n')
    separator = "    "
    for event, row in zip(events, rows, strict=True):
        slide = json.dumps(_slide(event, clock, timeline.markup, names[row]), ensure_ascii=False)
        yield json_visible(separator + slide)
        separator = ",\n    "
    yield ("\n" if events else "") + "  ]\n}\n"
