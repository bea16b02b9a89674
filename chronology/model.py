"""The timeline model: immutable events with normalised dates, in SPEC §2 order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import NamedTuple

from .clock import Clock, clock_bounds, on_clock, shown
from .dates import Date, DateValue, Interval, Open, Precision, human_span, zone_named

__all__ = ["FIELDS", "Event", "FileRead", "Source", "Timeline"]

#: The keys of an event in a store, in canonical order (SPEC §1).
FIELDS = (
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
)


#: Display texts by (date, end, zone, clock's zone, short): events share their dates, and putting
#: a date on a clock and fitting it to the list's column is most of a `list` of all-day
#: events (a third of its time at 100,000 events, measured).
_HUMAN: dict[tuple[str, str | None, str | None, tzinfo | None, bool], str] = {}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from: a URL, with an optional title and access date."""

    url: str
    title: str | None = None
    accessed: Date | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One dated event. `lo`/`hi` are its span as UTC seconds (`hi` exclusive)."""

    id: str
    date: DateValue
    title: str
    end: Date | None = None
    summary: str | None = None
    location: str | None = None
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    #: The IANA zone the event's wall-clock dates are read in (its own, else the store's).
    timezone: str | None = None
    sources: tuple[Source, ...] = ()
    #: `x-` keys as plain data, in file order.
    extensions: tuple[tuple[str, object], ...] = ()
    lo: int = 0
    hi: int = 0
    #: Where the event is written: path and 1-based line.
    origin: tuple[str, int] = ("", 0)

    def sort_key(self) -> tuple[int, int, int, int, str, str]:
        """SPEC §2 order: start, coarser precision first, all-day first, end, title, id."""
        first = self.first
        if first is None:
            rank, timed = -1, 0
        else:
            rank, timed = int(first.precision), int(first.timed)
        return (self.lo, rank, timed, self.hi, self.title.casefold(), self.id)

    @property
    def first(self) -> Date | None:
        """The first date of the event, or None when its start is open or unknown."""
        date = self.date
        if isinstance(date, Interval):
            return date.start if isinstance(date.start, Date) else None
        return date

    @property
    def last(self) -> Date | None:
        """The last date of the event (inclusive), or None when its end is open or unknown."""
        if self.end is not None:
            return self.end
        date = self.date
        if isinstance(date, Interval):
            return date.end if isinstance(date.end, Date) else None
        return date

    @property
    def precision(self) -> Precision | None:
        """Precision of the first date (None for an open start)."""
        first = self.first
        return first.precision if first is not None else None

    @property
    def all_day(self) -> bool:
        """True unless the event starts or ends at a time of day."""
        first, last = self.first, self.last
        return (first is None or first.hour is None) and (last is None or last.hour is None)

    @property
    def open_end(self) -> bool:
        """True for an interval that is ongoing (`..`) or whose end is unknown."""
        return isinstance(self.date, Interval) and isinstance(self.date.end, Open)

    def human_date(self, clock: Clock, short: bool = False) -> str:
        """The event's date or span for people, its times on `clock`: `20–21 Jan 2026`,
        `c. 2004`, `2021 – ongoing`, `16 Jul 1969 09:32 EDT`. `short` is the form of
        `chronology list` (see `dates.human_span`)."""
        # The clock by its zone, all that the text depends on (a zone's hash is its identity;
        # a dataclass's is worked out at each call).
        written_end = self.end.text if self.end else None
        key = (self.date.text, written_end, self.timezone, clock.zone, short)
        text = _HUMAN.get(key)
        if text is None:
            zone = zone_named(self.timezone) if self.timezone else None
            end = on_clock(self.end, zone, clock) if self.end is not None else None
            text = human_span(shown(self.date, zone, clock), end, short)
            if len(_HUMAN) >= 100_000:  # bounded for long-lived processes
                _HUMAN.clear()
            _HUMAN[key] = text
        return text

    def human_ends(self, clock: Clock, short: bool = False) -> tuple[str, str]:
        """The start and the end shown apart, for `date` and `end` columns: an open start is
        `…`, an open end `ongoing`, an unknown one `?`; no end (a single date) is empty."""
        zone = zone_named(self.timezone) if self.timezone else None

        def one(date: Date) -> str:
            return human_span(on_clock(date, zone, clock), short=short)

        date = self.date
        if isinstance(date, Interval):
            start, end = date.start, date.end
            return (
                one(start) if isinstance(start, Date) else "…" if start is Open.OPEN else "?",
                one(end) if isinstance(end, Date) else "ongoing" if end is Open.OPEN else "?",
            )
        return one(date), one(self.end) if self.end is not None else ""

    def first_shown(self, clock: Clock) -> Date | None:
        """The first date of the event as `clock` shows it (None for an open start)."""
        first = self.first
        if first is None or first.hour is None:
            return first
        return on_clock(first, zone_named(self.timezone) if self.timezone else None, clock)

    def clock_span(self, clock: Clock) -> tuple[int, int]:
        """The event's span in naive seconds on `clock`, as the filters read it."""
        zone = zone_named(self.timezone) if self.timezone else None
        return clock_bounds(self.first, self.last, zone, clock)

    def iso_date(self) -> str:
        """The event's date or span as EDTF text: `2026-01-20/2026-01-21`."""
        if self.end is not None:
            return f"{self.date}/{self.end}"
        return str(self.date)


class FileRead(NamedTuple):
    """How one store file was read, for statistics (`validate --format json`)."""

    path: str
    #: "cache" (unchanged since the last command), "quick" (the quick reader, straight from
    #: the text) or "full" (libyaml's events and the node validator).
    reader: str
    #: Under "quick": how many items were read the full way one at a time.
    alone: int = 0


@dataclass(frozen=True, slots=True)
class Timeline:
    """A whole store: its title and description, and its events in SPEC §2 order."""

    events: tuple[Event, ...]
    title: str | None = None
    description: str | None = None
    timezone: str | None = None
    paths: tuple[str, ...] = ()
    #: How summaries and the description are written: "text" (literal, the default) or
    #: "markdown" (CommonMark, rendered by the exports that can).
    markup: str = "text"

    def __len__(self) -> int:
        return len(self.events)

    def get(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        for event in self.events:
            if event.id == event_id:
                return event
        return None

    def suggest(self, event_id: str, count: int = 3) -> list[str]:
        """The ids meant by a mistyped one: those that start with it (shortest first), then
        those that contain it, then the closest in spelling (`apollo-13` finds
        `apollo-13-explosion` before `apollo-8`)."""
        import difflib

        wanted = event_id.casefold()
        ids = [event.id for event in self.events]
        starting = sorted((i for i in ids if i.casefold().startswith(wanted)), key=len)
        containing = sorted((i for i in ids if wanted in i.casefold()), key=len)
        close = difflib.get_close_matches(event_id, ids, n=count, cutoff=0.5)
        return list(dict.fromkeys(starting + containing + close))[:count]
