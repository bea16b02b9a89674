"""The timeline model: immutable events with normalised dates, in SPEC §2 order."""

from __future__ import annotations

from dataclasses import dataclass

from .dates import Date, DateValue, Interval, Open, Precision, human, human_range

__all__ = ["FIELDS", "Event", "Source", "Timeline"]

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

    def human_date(self) -> str:
        """The event's date or span for people: `20–21 Jan 2026`, `c. 2004`, `2021 – ongoing`."""
        if self.end is not None and isinstance(self.date, Date):
            return human_range(self.date, self.end)
        return human(self.date)

    def iso_date(self) -> str:
        """The event's date or span as EDTF text: `2026-01-20/2026-01-21`."""
        if self.end is not None:
            return f"{self.date}/{self.end}"
        return str(self.date)


@dataclass(frozen=True, slots=True)
class Timeline:
    """A whole store: its title and description, and its events in SPEC §2 order."""

    events: tuple[Event, ...]
    title: str | None = None
    description: str | None = None
    timezone: str | None = None
    paths: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.events)

    def get(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        for event in self.events:
            if event.id == event_id:
                return event
        return None
