"""The terminal table of `chronology list`: cells, escaping, and fitting the terminal width."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .clock import UTC_CLOCK, Clock
from .dates import Interval, Open
from .escapes import visible
from .model import Event

__all__ = ["COLUMNS", "DEFAULT_COLUMNS", "TITLE_ROOM", "TableSettings", "render_table"]

COLUMNS = ("id", "date", "end", "title", "location", "tags", "people", "summary", "sources")
DEFAULT_COLUMNS = ("date", "title", "location", "tags")
_SHRINKABLE = frozenset({"title", "location", "tags", "people", "summary", "sources"})
_MIN_WIDTH = 8
#: The least a column other than the title is squeezed to when the terminal is narrow.
_NARROWEST = 4
#: The room the title keeps in a narrow terminal: at 80 columns, beside the widest Date
#: column (`dates.SHORT_WIDTH`), it still gets this much.
TITLE_ROOM = 40


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


def _date_cell(event: Event, settings: TableSettings) -> str:
    if "end" not in settings.columns:
        return event.iso_date() if settings.iso else event.human_date(settings.clock, short=True)
    if settings.iso:
        date = event.date
        if isinstance(date, Interval):
            return date.start.value if isinstance(date.start, Open) else str(date.start)
        return str(date)
    return event.human_ends(settings.clock, short=True)[0]


def _end_cell(event: Event, settings: TableSettings) -> str:
    if settings.iso:
        date = event.date
        if isinstance(date, Interval):
            return date.end.value if isinstance(date.end, Open) else str(date.end)
        return str(event.end) if event.end is not None else ""
    return event.human_ends(settings.clock, short=True)[1]


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
    header_widths = None
    if settings.width is not None:
        widths = _fit(rows, headers, settings, multiline)
        if widths is not None:
            header_widths = _header_widths(headers, widths, settings.tablefmt)
            # Wrapped (or cut) here rather than by tabulate's maxcolwidths, which lets a long
            # word overflow its column: every line must fit the terminal.
            shorten = _wrap if multiline else _truncate
            rows = [[shorten(cell, w) for cell, w in zip(row, widths, strict=True)] for row in rows]
    if settings.color:
        date_index = settings.columns.index("date") if "date" in settings.columns else -1
        for row in rows:
            if date_index >= 0:
                row[date_index] = f"\x1b[36m{row[date_index]}\x1b[0m"
    return tabulate(
        rows,
        headers=headers,
        tablefmt=settings.tablefmt,
        disable_numparse=True,
        maxheadercolwidths=header_widths,
    )


def _width(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


def _fit(
    rows: list[list[str]], headers: list[str], settings: TableSettings, multiline: bool
) -> list[int | None] | None:
    """Column widths that fit the terminal, or None when the natural table already fits."""
    from tabulate import MIN_PADDING, tabulate

    assert settings.width is not None
    # tabulate makes a column at least as wide as its header plus MIN_PADDING (none in
    # "pretty"): a column's natural width is what it is drawn at.
    pad = 0 if settings.tablefmt == "pretty" else MIN_PADDING
    natural = [
        max([_width(h) + pad] + [_width(row[i]) for row in rows]) for i, h in enumerate(headers)
    ]
    drawn = tabulate(rows, headers=headers, tablefmt=settings.tablefmt, disable_numparse=True)
    total = max((len(line) for line in drawn.splitlines()), default=0)
    if total <= settings.width:
        return None
    overhead = total - sum(natural)
    shrink = [i for i, c in enumerate(settings.columns) if c in _SHRINKABLE]
    fixed = sum(w for i, w in enumerate(natural) if i not in shrink)
    budget = settings.width - overhead - fixed
    widths: list[int | None] = [None] * len(natural)
    # No column is squeezed below _NARROWEST (its header is then wrapped: `_header_widths`);
    # a column is comfortable with room for its header.
    floor = {i: min(natural[i], _NARROWEST) for i in shrink}
    comfortable = {i: min(natural[i], max(_NARROWEST, _width(headers[i]) + pad)) for i in shrink}
    shares = _share(shrink, budget, natural, floor, comfortable)
    if "title" in settings.columns:
        # The title keeps TITLE_ROOM characters (or all it needs); the others share the rest.
        i = settings.columns.index("title")
        others = [j for j in shrink if j != i]
        room = min(natural[i], TITLE_ROOM, budget - sum(floor[j] for j in others))
        if shares[i] < room:
            shares = _share(others, budget - room, natural, floor, comfortable)
            shares[i] = room
    for i, width in shares.items():
        widths[i] = width
    return widths


def _share(
    columns: list[int],
    budget: int,
    natural: list[int],
    floor: dict[int, int],
    comfortable: dict[int, int],
) -> dict[int, int]:
    """Water-filling: narrow columns keep their width, wide ones share what is left, and
    each leaves the columns after it their floor."""
    shares = {}
    left = sorted(columns, key=lambda i: natural[i])
    while left:
        i = left.pop(0)
        rest = sum(floor[j] for j in left)
        fair = max(budget // (len(left) + 1), comfortable[i])
        shares[i] = min(natural[i], max(floor[i], min(fair, budget - rest)))
        budget -= shares[i]
    return shares


def _header_widths(headers: list[str], widths: list[int | None], tablefmt: str) -> list[int] | None:
    """Where a column is squeezed narrower than its header, the header's wrapping width.

    tabulate makes a column at least as wide as its header plus MIN_PADDING (none in
    "pretty"), so a squeezed column's header is wrapped to keep the table in the terminal.
    """
    from tabulate import MIN_PADDING

    pad = 0 if tablefmt == "pretty" else MIN_PADDING
    wrapped = [
        max(w - pad, 1) if w is not None and len(h) + pad > w else len(h)
        for h, w in zip(headers, widths, strict=True)
    ]
    return wrapped if wrapped != [len(h) for h in headers] else None


def _wrap(cell: str, width: int | None) -> str:
    if width is None or _width(cell) <= width:
        return cell
    import textwrap

    lines = []
    for line in cell.split("\n"):
        # A word too long for the column goes on lines of its own, cut to the width
        # (textwrap would fill the rest of the previous line with its first letters).
        for wrapped in textwrap.wrap(line, width, break_long_words=False) or [""]:
            lines += [wrapped[i : i + width] for i in range(0, len(wrapped), width)]
    return "\n".join(lines)


def _truncate(cell: str, width: int | None) -> str:
    if width is None or len(cell) <= width:
        return cell
    return cell[: max(width - 1, 1)] + "…"
