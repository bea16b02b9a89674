"""CSV (RFC 4180): a header row and one row per event, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from ..model import FIELDS, Event, Timeline
from . import ExportOptions
from .spans import span

__all__ = ["HEADER", "document", "neutralise"]

HEADER = (*FIELDS, "span_start", "span_end", "display")
#: What makes a spreadsheet read a cell as a formula; a leading quote is neutralised too, so
#: that removing one leading quote always gives the original text back.
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "'")


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as typed: a leading `'` before anything it would evaluate."""
    return "'" + text if text.startswith(_TRIGGERS) else text


class _Document:
    """A header row and one row per event, in three parts (see `renderers.Document`); lists
    are joined with `; ` (sources, which hold no spaces, with ` `)."""

    def __init__(self, timeline: Timeline, options: ExportOptions) -> None:
        self.bom = options.bom
        self.clock = options.clock_for(timeline)

    def head(self, notes: list[str]) -> Iterator[str]:
        buffer = io.StringIO()
        if self.bom:
            buffer.write("\ufeff")
        csv.writer(buffer, lineterminator="\r\n").writerow(HEADER)
        yield buffer.getvalue()

    def body(self, events: Sequence[Event], after: Event | None, notes: list[str]) -> Iterator[str]:
        """The rows: each depends on its event alone."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        clock = self.clock
        for number, event in enumerate(events, 1):
            if not number % 64:  # what is written so far, in pieces of 64 rows
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
            computed = span(event, clock)
            writer.writerow(
                [
                    event.id,
                    str(event.date),
                    str(event.end) if event.end is not None else "",
                    neutralise(event.title),
                    neutralise(event.summary or ""),
                    neutralise(event.location or ""),
                    neutralise("; ".join(event.tags)),
                    neutralise("; ".join(event.people)),
                    event.timezone or "",
                    neutralise(" ".join(s.url for s in event.sources)),
                    computed["start"] or "",
                    computed["end"] or "",
                    neutralise(str(computed["display"])),
                ]
            )
        yield buffer.getvalue()

    def tail(self) -> Iterator[str]:
        return iter(())


def document(timeline: Timeline, events: Sequence[Event], options: ExportOptions) -> _Document:
    """The document in three parts (`renderers.Document`)."""
    return _Document(timeline, options)
