"""The terminal table of `chronology list`: cells, escaping, and fitting the terminal width."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .clock import UTC_CLOCK, Clock, on_clock
from .dates import Date, Interval, Open, human_span, zone_named
from .escapes import visible
from .model import Event

__all__ = ["COLUMNS", "DEFAULT_COLUMNS", "TableSettings", "render_table"]

COLUMNS = ("id", "date", "end", "title", "location", "tags", "people", "summary", "sources")
DEFAULT_COLUMNS = ("date", "title", "location", "tags")
_SHRINKABLE = frozenset({"title", "location", "tags", "people", "summary", "sources"})
_MIN_WIDTH = 8


@dataclass(frozen=True, slots=True)
class TableSettings:
    """How to draw the table: columns, tabulate format, ISO dates, width and colour."""

    columns: tuple[str, ...] = DEFAULT_COLUMNS
    tablefmt: str = "simple"
    iso: bool = False
    #: Terminal width to fit, or None to never shorten anything (output is piped).
    width: int | None = None
    color: bool = False
    #: The display clock of times (`--tz`).
    clock: Clock = UTC_CLOCK


def _one(date: Date, event: Event, settings: TableSettings) -> str:
    """One date of an event in its own cell: EDTF text, or its short human form."""
    if settings.iso:
        return str(date)
    zone = zone_named(event.timezone) if event.timezone else None
    return human_span(on_clock(date, zone, settings.clock), short=True)


def _date_cell(event: Event, settings: TableSettings) -> str:
    if "end" not in settings.columns:
        return event.iso_date() if settings.iso else event.human_date(settings.clock, short=True)
    date = event.date
    if isinstance(date, Interval):
        start = date.start
        if isinstance(start, Date):
            return _one(start, event, settings)
        return start.value if settings.iso else ("…" if start is Open.OPEN else "?")
    return _one(date, event, settings)


def _end_cell(event: Event, settings: TableSettings) -> str:
    date = event.date
    if isinstance(date, Interval):
        end = date.end
        if isinstance(end, Date):
            return _one(end, event, settings)
        return end.value if settings.iso else ("ongoing" if end is Open.OPEN else "?")
    if event.end is None:
        return ""
    return _one(event.end, event, settings)


def _cell(event: Event, column: str, settings: TableSettings, multiline: bool) -> str:
    joiner = "\n" if multiline else ", "
    if column == "date":
        return _date_cell(event, settings)
    if column == "end":
        return _end_cell(event, settings)
    if column == "tags":
        return ", ".join(event.tags)
    if column == "people":
        return ", ".join(event.people)
    if column == "sources":
        return joiner.join(s.url for s in event.sources)
    if column == "summary":
        text = (event.summary or "").strip()
        return text if multiline else " ".join(text.split())
    value = getattr(event, column)
    return "" if value is None else str(value)


def render_table(events: Sequence[Event], settings: TableSettings) -> str:
    """The events as a table in any tabulate format, escaped for a terminal."""
    from tabulate import multiline_formats, tabulate

    multiline = settings.tablefmt in multiline_formats
    headers = [c.upper() if c == "id" else c.capitalize() for c in settings.columns]
    rows = [[visible(_cell(e, c, settings, multiline)) for c in settings.columns] for e in events]
    widths = None
    if settings.width is not None:
        widths = _fit(rows, headers, settings, multiline)
        if widths is not None and not multiline:
            rows = [
                [_truncate(cell, w) for cell, w in zip(row, widths, strict=True)] for row in rows
            ]
            widths = None
    if settings.color:
        date_index = settings.columns.index("date") if "date" in settings.columns else -1
        for row in rows:
            if date_index >= 0:
                row[date_index] = f"\x1b[36m{row[date_index]}\x1b[0m"
    return tabulate(
        rows,
        headers=headers,
        tablefmt=settings.tablefmt,
        maxcolwidths=widths,
        disable_numparse=True,
    )


def _width(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


def _fit(
    rows: list[list[str]], headers: list[str], settings: TableSettings, multiline: bool
) -> list[int | None] | None:
    """Column widths that fit the terminal, or None when the natural table already fits."""
    from tabulate import tabulate

    assert settings.width is not None
    natural = [max([_width(h)] + [_width(row[i]) for row in rows]) for i, h in enumerate(headers)]
    drawn = tabulate(rows, headers=headers, tablefmt=settings.tablefmt, disable_numparse=True)
    total = max((len(line) for line in drawn.splitlines()), default=0)
    if total <= settings.width:
        return None
    overhead = total - sum(natural)
    shrink = [i for i, c in enumerate(settings.columns) if c in _SHRINKABLE]
    fixed = sum(w for i, w in enumerate(natural) if i not in shrink)
    budget = settings.width - overhead - fixed
    widths: list[int | None] = [None] * len(natural)
    # Water-filling: narrow columns keep their width, wide ones share what is left.
    left = sorted(shrink, key=lambda i: natural[i])
    while left:
        share = max(_MIN_WIDTH, budget // len(left))
        i = left.pop(0)
        width = min(natural[i], share)
        widths[i] = width
        budget -= width
    return widths


def _truncate(cell: str, width: int | None) -> str:
    if width is None or len(cell) <= width:
        return cell
    return cell[: max(width - 1, 1)] + "…"
