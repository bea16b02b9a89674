"""markwhen (`.mw`): a frontmatter (title, description, timezone), then one event per entry in
markwhen's date syntax, with its tags as `#tags`, its id, EDTF date, location, people and
sources as properties, and its summary as the description. Groups (`--group-by`) are
markwhen's `# sections`.

Dates: a day, month or year is written at its own precision (`2021-06-02`, `2021-06`,
`2021`), a span as `start/end` (markwhen's end is inclusive at its precision, as ours
is), a time of day as its UTC instant (`2021-06-02T04:00:00Z`: markwhen reads no other
offset; between two instants it reads `a - b`), an ongoing end as `now`. Unspecified
digits are written at the precision of the known ones (`201X` as `2010/2019`). What
markwhen cannot say goes into the title, never lost: doubt (`?`), approximation (`c.`),
an unknown start or end, and BC dates (markwhen reads BC years only: the years are the
entry, the exact date is in the title). The `date` property always holds the EDTF as
written.

Text is escaped for markwhen and the Markdown its views render: `#` (a tag or a section),
`\\`, and in the description `:` (a line `2021: x` would be an entry) and a leading `//`
(a comment).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from itertools import groupby

from ..clock import EVENT
from ..dates import DAY, Date, Precision, civil_from_days, zone_named
from ..escapes import visible_line
from ..model import Event, Timeline
from . import ExportOptions
from .spans import instant_text
from .visual import groups

__all__ = ["mw_date", "stream"]

_TEXT = str.maketrans({"\\": "\\\\", "#": "\\#"})
_LINE_START = re.compile(r"^(\s*)//")


def _text(text: str) -> str:
    """Text on one line: an entry's title, a section's name."""
    return visible_line(" ".join(text.split())).translate(_TEXT)


def _description(text: str) -> list[str]:
    """A summary's lines: `#`, `\\` and `:` escaped (no line can start an entry, a section
    or a tag), a leading `//` escaped (no comment), blank lines kept between paragraphs."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n"):
        escaped = line.rstrip().translate(_TEXT).replace(":", "\\:")
        lines.append(_LINE_START.sub(r"\1\\/\\/", escaped))
    return lines


def _yaml(value: object) -> str:
    """A property's value as YAML (JSON is YAML): quoted, so nothing in it is syntax."""
    return json.dumps(value, ensure_ascii=False)


def _bounds(date: Date) -> tuple[str, str]:
    """The first and last day, month or year a date covers, at its precision (the precision
    of its known digits: `201X` is a decade, `2022-03-XX` a month)."""
    if date.precision < Precision.YEAR:  # a decade or century: its years
        first, last = civil_from_days(date.lo // DAY)[0], civil_from_days((date.hi - 1) // DAY)[0]
        return f"{first:04d}", f"{last:04d}"
    if date.precision == Precision.YEAR:
        return f"{date.year:04d}", f"{date.year:04d}"
    if date.precision == Precision.MONTH:
        return (f"{date.year:04d}-{date.month:02d}",) * 2
    return (f"{date.year:04d}-{date.month:02d}-{date.day:02d}",) * 2


def mw_date(event: Event) -> tuple[str, list[str]]:
    """The event's date in markwhen's syntax, and what it leaves out (for the title)."""
    first, last = event.first, event.last
    notes = []
    if any(d.approximate for d in (first, last) if d is not None):
        notes.append("approximate")
    if any(d.uncertain for d in (first, last) if d is not None):
        notes.append("uncertain")
    if first is None:
        notes.append("start unknown")
    if last is None and not event.open_end:
        notes.append("end unknown")
    anchor = first if first is not None else last
    assert anchor is not None  # an interval has a date at one end at least
    bc = any(d.year <= 0 for d in (first, last) if d is not None)
    if bc:
        from_year = (first if first is not None else anchor).year
        to_year = (last if last is not None else anchor).year
        notes.append(event.human_date(EVENT))
        words = _bc_year(from_year)
        if to_year != from_year:
            # markwhen reads the end of `100 BC - 10 BC` as the start of 10 BC: the year
            # after the last is written, so its range holds the last year too
            words += f" - {_bc_year(to_year + 1)}"
        return words, notes
    timed = (first is not None and first.timed) or (last is not None and last.timed)
    if timed:
        zone = zone_named(event.timezone) if event.timezone else None
        start_at = instant_text(anchor.instant_start(zone))
        # markwhen reads `a/b` between dates only; between instants it reads `a - b`
        if event.open_end:
            return f"{start_at} - now", notes
        if last is not None and last is not first:
            low, high = last.instant_bounds(zone)
            return f"{start_at} - {instant_text(low if last.timed else high - 1)}", notes
        return start_at, notes
    if event.open_end:
        return f"{_bounds(anchor)[0]}/now", notes
    start = _bounds(first)[0] if first is not None else _bounds(anchor)[0]
    end = _bounds(last)[1] if last is not None else _bounds(anchor)[1]
    return (start if start == end else f"{start}/{end}"), notes


def _bc_year(year: int) -> str:
    return f"{1 - year} BC" if year <= 0 else f"{year} AD"


def _entry(event: Event) -> Iterator[str]:
    date, notes = mw_date(event)
    title = _text(event.title)
    if notes:
        title += " (" + _text("; ".join(notes)) + ")"
    tags = "".join(f" #{tag}" for tag in event.tags if re.fullmatch(r"\w+", tag))
    yield f"{date}: {title}{tags}"
    yield f"id: {_yaml(event.id)}"
    yield f"date: {_yaml(event.iso_date())}"
    odd = [tag for tag in event.tags if not re.fullmatch(r"\w+", tag)]
    if odd:  # a tag markwhen cannot write as #tag (a space, a dash): kept as a property
        yield f"tags: {_yaml(list(event.tags))}"
    if event.location:
        yield f"location: {_yaml(event.location)}"
    if event.people:
        yield f"people: {_yaml(list(event.people))}"
    if event.timezone:
        yield f"zone: {_yaml(event.timezone)}"
    if event.sources:
        yield f"sources: {_yaml([s.url for s in event.sources])}"
    if event.summary and event.summary.strip():
        yield ""
        yield from _description(event.summary)


def stream(
    timeline: Timeline, events: Sequence[Event], options: ExportOptions, notes: list[str]
) -> Iterator[str]:
    """The events as a markwhen document."""
    lines = ["---"]
    title = options.title or timeline.title
    if title:
        lines.append(f"title: {_yaml(visible_line(title))}")
    if timeline.description:
        lines.append(f"description: {_yaml(visible_line(' '.join(timeline.description.split())))}")
    lines.append("timezone: UTC")  # every time is written as its UTC instant
    lines.append("---")
    names, rows = groups(events, options.group_by)
    order = sorted(range(len(events)), key=lambda i: rows[i])
    for row, members in groupby(order, key=lambda i: rows[i]):
        if names[row]:
            lines.extend(["", f"# {_text(names[row])}"])
        for i in members:
            lines.append("")
            lines.extend(_entry(events[i]))
            if len(lines) > 512:  # what is made so far, in pieces
                lines.append("")  # for the last line's line feed
                yield "\n".join(lines)
                lines.clear()
    lines.append("")
    yield "\n".join(lines)
