"""iCalendar (RFC 5545 with RFC 7986 calendar properties), written directly.

All-day events use `VALUE=DATE` with an exclusive `DTEND`; timed events are in UTC, never
floating. Partial dates follow `--imprecise`. The original date expressions, zone, people
and sources travel in `X-CHRONOLOGY-*` properties so that `import` can restore them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from .. import __version__
from ..clock import EVENT
from ..dates import DAY, Date, Precision, civil_from_days, zone_named
from ..model import Event, Timeline
from . import ExportOptions

__all__ = ["describe", "details", "document", "escape_text", "fold"]

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MIN_DAY = -719_162  # 0001-01-01
_MAX_DAY = 2_932_896  # 9999-12-31


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: escape `\\ ; ,` and line breaks; controls become U+FFFD."""
    if value.isprintable():  # no line breaks or controls: the usual case
        if "\\" in value or ";" in value or "," in value:
            return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not value.isprintable() and not value.replace("\n", "").isprintable():
        value = _CONTROL.sub("\ufffd", value)  # rare: TEXT cannot hold control characters
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence."""
    if len(line) <= 75 and line.isascii():  # most lines: short, one octet per character
        return line
    if line.isascii():
        return "\r\n ".join([line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))])
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts = []
    start, limit = 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: back off to the lead byte
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74  # continuation lines begin with one space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


class _Escaped(dict[str, str]):
    """`escape_text` of each key, computed on first use."""

    def __missing__(self, key: str) -> str:
        value = self[key] = escape_text(key)
        return value


@lru_cache(maxsize=1 << 16)  # events share days; bounded for long-lived processes
def _day(days: int) -> str:
    year, month, day = civil_from_days(days)
    return f"{year:04d}{month:02d}{day:02d}"


def _instant(seconds: int) -> str:
    days, sod = divmod(seconds, DAY)
    return f"{_day(days)}T{sod // 3600:02d}{sod // 60 % 60:02d}{sod % 60:02d}Z"


def default_dtstamp(timeline: Timeline) -> int:
    """A DTSTAMP that depends only on the store: midnight UTC of the latest date in it."""
    limit = (_MAX_DAY + 1) * DAY  # midnight after the last day iCalendar can hold
    latest = 0
    for event in timeline.events:
        dates = [event.first, event.last]
        if event.sources:
            dates += [s.accessed for s in event.sources]
        for date in dates:
            if date is not None and latest < date.lo < limit:
                latest = date.lo
    return latest // DAY * DAY


def _imprecise(date: Date | None) -> bool:
    return date is None or date.precision < Precision.DAY or bool(date.unspecified)


def details(event: Event) -> str:
    """What DESCRIPTION adds after the summary: a partial or qualified date, people, sources."""
    lines = []
    first, last = event.first, event.last
    if (
        first is None
        or last is None
        or _imprecise(first)
        or _imprecise(last)
        or first.qualified
        or last.qualified
    ):
        lines.append(f"When: {event.human_date(EVENT)}")
    if event.people:
        lines.append("People: " + ", ".join(event.people))
    if event.sources:
        lines.append("Sources:")
        lines.extend(f"- {s.title}: {s.url}" if s.title else f"- {s.url}" for s in event.sources)
    return "\n".join(lines)


def describe(event: Event) -> str:
    """The DESCRIPTION of an event: its summary, a blank line, then its `details`."""
    summary = (event.summary or "").rstrip("\n")
    extra = details(event)
    if summary and extra:
        return summary + "\n\n" + extra
    return summary or extra


def _times(event: Event, mode: str) -> tuple[str, str | None] | str:
    """DTSTART and DTEND lines for an event, or the reason it cannot be expressed."""
    first, last = event.first, event.last
    imprecise = _imprecise(first) or _imprecise(last)
    if imprecise and mode == "skip":
        return "its date is not precise to the day (see --imprecise)"
    start = first or last
    end = last or first
    assert start is not None
    assert end is not None
    if event.all_day:
        start_day = start.lo // DAY
        end_day = start_day + 1 if imprecise and mode == "start" else end.hi // DAY
        if start_day < _MIN_DAY or end_day > _MAX_DAY + 1:
            return "years before 1 or after 9999 cannot be expressed in iCalendar"
        return f"DTSTART;VALUE=DATE:{_day(start_day)}", f"DTEND;VALUE=DATE:{_day(end_day)}"
    zone = zone_named(event.timezone) if event.timezone else None
    begin = start.instant_start(zone)
    finish = None
    if first is not None and last is not None and last is not first:
        low, high = last.instant_bounds(zone)
        finish = low if last.timed else high
    if not _MIN_DAY * DAY <= begin < (_MAX_DAY + 1) * DAY or (
        finish is not None and not _MIN_DAY * DAY <= finish < (_MAX_DAY + 1) * DAY
    ):
        return "years before 1 or after 9999 cannot be expressed in iCalendar"
    dtstart = f"DTSTART:{_instant(begin)}"
    if finish is None or finish <= begin:
        return dtstart, None  # an instant: RFC 5545 §3.6.1 ends it where it starts
    return dtstart, f"DTEND:{_instant(finish)}"


class _Document:
    """A VCALENDAR in three parts (see `renderers.Document`), CRLF-terminated and folded."""

    def __init__(self, timeline: Timeline, options: ExportOptions) -> None:
        self.timeline = timeline
        self.options = options
        dtstamp = options.dtstamp if options.dtstamp is not None else default_dtstamp(timeline)
        self.stamp = f"DTSTAMP:{_instant(dtstamp)}"
        self.domain = escape_text(options.uid_domain)

    def head(self, notes: list[str]) -> Iterator[str]:
        timeline = self.timeline
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:-//chronology//chronology {__version__}//EN",
            "CALSCALE:GREGORIAN",
        ]
        if self.options.partial is not None:
            lines.append(f"X-CHRONOLOGY-PARTIAL:{escape_text(self.options.partial)}")
        if timeline.title:
            title = escape_text(timeline.title)
            lines += [f"NAME:{title}", f"X-WR-CALNAME:{title}"]
        if timeline.description:
            description = escape_text(timeline.description.rstrip("\n"))
            lines += [f"DESCRIPTION:{description}", f"X-WR-CALDESC:{description}"]
        lines.append("")  # for the last line's CRLF
        yield _folded(lines)

    def body(self, events: Sequence[Event], after: Event | None, notes: list[str]) -> Iterator[str]:
        """One VEVENT per event; each depends on its event alone."""
        imprecise, stamp, domain = self.options.imprecise, self.stamp, self.domain
        times_of: dict[tuple[str, str | None, str | None], tuple[str, str | None] | str] = {}
        # Tags, people, places and date texts repeat: each is escaped once per export.
        escaped = _Escaped()
        lines: list[str] = []
        add = lines.append
        for event in events:
            if len(lines) > 512:  # what is made so far, in pieces
                lines.append("")  # for the last line's CRLF
                yield _folded(lines)
                lines.clear()
            # DTSTART and DTEND depend only on the dates and zone: many events share them.
            key = (
                event.date.text,
                event.end.text if event.end is not None else None,
                event.timezone,
            )
            times = times_of.get(key)
            if times is None:
                times = times_of[key] = _times(event, imprecise)
            if isinstance(times, str):
                notes.append(f"{event.id} ({event.human_date(EVENT)}) skipped: {times}")
                continue
            dtstart, dtend = times
            add("BEGIN:VEVENT")
            add(f"UID:{escape_text(event.id)}@{domain}")
            add(stamp)
            add(dtstart)
            if dtend is not None:
                add(dtend)
            add(f"SUMMARY:{escape_text(event.title)}")
            description = describe(event)
            if description:
                add(f"DESCRIPTION:{escape_text(description)}")
            if event.location:
                add(f"LOCATION:{escaped[event.location]}")
            if event.tags:
                add("CATEGORIES:" + ",".join([escaped[t] for t in event.tags]))
            if event.sources:
                add(f"URL:{event.sources[0].url}")
            add(f"X-CHRONOLOGY-DATE:{escaped[event.date.text]}")
            if event.end is not None:
                add(f"X-CHRONOLOGY-END:{escaped[event.end.text]}")
            if event.timezone:
                add(f"X-CHRONOLOGY-TIMEZONE:{escaped[event.timezone]}")
            for person in event.people:
                add(f"X-CHRONOLOGY-PERSON:{escaped[person]}")
            for source in event.sources:
                accessed = f";X-ACCESSED={source.accessed}" if source.accessed else ""
                text = source.url + (" " + source.title if source.title else "")
                add(f"X-CHRONOLOGY-SOURCE{accessed}:{escape_text(text)}")
            add("END:VEVENT")
        if lines:
            lines.append("")
            yield _folded(lines)

    def tail(self) -> Iterator[str]:
        yield "END:VCALENDAR\r\n"


def document(timeline: Timeline, events: Sequence[Event], options: ExportOptions) -> _Document:
    """The calendar in three parts (`renderers.Document`)."""
    return _Document(timeline, options)


def _folded(lines: list[str]) -> str:
    """Content lines, each folded (`fold`), joined with CRLF. The check that leaves most of
    them as they are is made here, not in a call per line: a tenth of an export's time
    was calls of `fold` that changed nothing (1.1 million for 100,000 events, profiled)."""
    return "\r\n".join(
        [line if len(line) <= 75 and line.isascii() else fold(line) for line in lines]
    )
