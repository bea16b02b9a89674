"""Export formats: one module per format behind a small registry that the CLI reads.

Each module has `stream(timeline, events, options, notes)`, a generator of the document's
text in pieces, as it is made (so that an export of many events is never whole in memory),
that appends what to tell the user to `notes`; or, where each event's text depends on no
event but the one before it, `document(timeline, events, options)`: the document as a
`Document` in three parts, whose events may be written in runs by several processes at
once (`workers`). Either is a pure function: whatever depends on the clock or the
environment (the DTSTAMP) arrives in `ExportOptions`. Adding a format is one module, one
`Format` line below, and its golden test.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import NamedTuple, Protocol

from ..clock import Clock, choose_clock
from ..model import Event, Timeline

__all__ = ["FORMATS", "Document", "ExportOptions", "Format", "Rendered", "lookup", "whole"]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Settings for every format; each format reads the ones it names in `Format.options`."""

    style: str = "list"
    #: markdown table: its columns (the names of `chronology list --columns`).
    columns: tuple[str, ...] = ("date", "title", "location", "tags")
    heading_level: int = 1
    imprecise: str = "span"
    #: DTSTAMP as UTC seconds; None lets the iCalendar renderer derive it from the store.
    dtstamp: int | None = None
    uid_domain: str = "chronology"
    #: The display clock of human-readable times (`--tz`); None: the store's zone, else
    #: UTC. Machine values (ics and JSON bounds) stay exact instants on any clock.
    clock: Clock | None = None
    #: csv: begin with a UTF-8 byte-order mark (`--bom`), which Excel needs to read UTF-8.
    bom: bool = False
    #: Why the output leaves events out (`--keep-going` on a store with errors); the
    #: formats that can say so in the document do (Markdown, iCalendar, JSON).
    partial: str | None = None
    #: html and svg: the rows (`none`, `tag`, `location` or `file`).
    group_by: str = "none"
    #: html and svg: the title shown instead of the store's.
    title: str | None = None
    #: svg: the drawing's width in pixels.
    width: int = 1200

    def clock_for(self, timeline: Timeline) -> Clock:
        """The clock times are shown on: the one chosen, else the store's zone, else UTC."""
        return self.clock if self.clock is not None else choose_clock(None, timeline.timezone)


class Document(Protocol):
    """A document in three parts: what comes before the events, the events, what comes
    after. The text of a run of events depends only on them and on the event written just
    before the run (`after`, None at the start), so that runs written apart, each in its
    own process, join into the same document as one run written whole."""

    def head(self, notes: list[str]) -> Iterator[str]:
        """What comes before the events."""
        ...

    def body(self, events: Sequence[Event], after: Event | None, notes: list[str]) -> Iterator[str]:
        """A run of events, the one before it being `after`."""
        ...

    def tail(self) -> Iterator[str]:
        """What comes after the events."""
        ...


def whole(document: Document, events: Sequence[Event], notes: list[str]) -> Iterator[str]:
    """The document with all of `events`, in one run."""
    yield from document.head(notes)
    yield from document.body(events, None, notes)
    yield from document.tail()


class Rendered(NamedTuple):
    """A rendered document and the notes (skipped events, …) to tell the user on stderr."""

    text: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Format:
    """One export format: its names, a one-line description, and its renderer module."""

    name: str
    aliases: tuple[str, ...]
    description: str
    module: str
    options: frozenset[str] = field(default_factory=frozenset)

    def stream(
        self,
        timeline: Timeline,
        events: Sequence[Event],
        options: ExportOptions,
        notes: list[str],
    ) -> Iterator[str]:
        """`events` (a selection of `timeline`) in this format, in pieces as they are made;
        what to tell the user is appended to `notes` as the pieces are taken."""
        parts = self.document(timeline, events, options)
        if parts is not None:
            return whole(parts, events, notes)
        renderer = import_module(f"{__name__}.{self.module}")
        pieces: Iterator[str] = renderer.stream(timeline, events, options, notes)
        return pieces

    def document(
        self, timeline: Timeline, events: Sequence[Event], options: ExportOptions
    ) -> Document | None:
        """`events` in this format as a `Document`, or None when the format is written in
        one run only."""
        renderer = import_module(f"{__name__}.{self.module}")
        if not hasattr(renderer, "document"):
            return None
        parts: Document = renderer.document(timeline, events, options)
        return parts

    def render(
        self, timeline: Timeline, events: Sequence[Event], options: ExportOptions
    ) -> Rendered:
        """Render `events` (a selection of `timeline`) in this format, as one text."""
        notes: list[str] = []
        text = "".join(self.stream(timeline, events, options, notes))
        return Rendered(text, tuple(notes))


FORMATS: tuple[Format, ...] = (
    Format(
        "markdown",
        ("md",),
        "CommonMark/GFM: a list by year, a table, or a Mermaid timeline",
        "markdown",
        frozenset({"style", "heading_level", "columns"}),
    ),
    Format(
        "ics",
        ("ical",),
        "iCalendar (RFC 5545) for calendar applications",
        "ical",
        frozenset({"imprecise", "dtstamp", "uid_domain"}),
    ),
    Format("json", (), "one JSON document: every field and computed bounds", "json_export"),
    Format("csv", (), "RFC 4180 CSV with a header row, safe for spreadsheets", "csv_export"),
    Format(
        "html",
        (),
        "one self-contained page: the events drawn to scale, zoomable, over their list",
        "html",
        frozenset({"group_by", "title"}),
    ),
    Format(
        "markwhen",
        ("mw",),
        "a markwhen document (.mw): one entry per event, groups as sections",
        "markwhen",
        frozenset({"group_by", "title"}),
    ),
    Format(
        "timelinejs",
        ("tljs",),
        "Knight Lab's TimelineJS3 JSON: a title slide and one slide per event",
        "timelinejs",
        frozenset({"group_by", "title"}),
    ),
    Format(
        "svg",
        (),
        "a static drawing of the timeline (for a README), no script",
        "svg",
        frozenset({"group_by", "title", "width"}),
    ),
)


def lookup(name: str) -> Format | None:
    """The format called `name` (or one of its aliases), case-insensitively."""
    wanted = name.lower()
    for candidate in FORMATS:
        if wanted == candidate.name or wanted in candidate.aliases:
            return candidate
    return None
