"""JSON: one document with every field of every event, plus its computed span."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring as _text  # the C escaper of ensure_ascii=False

from ..clock import Clock
from ..escapes import json_visible
from ..markup import PLAIN
from ..model import Event, Timeline
from . import ExportOptions
from .spans import computed, span

__all__ = ["document", "event_record", "span"]


def event_record(event: Event, clock: Clock) -> dict[str, object]:
    """Every field of an event as JSON-ready data, in a stable key order; the span's
    `display` shows times on `clock`."""
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
        "span": span(event, clock),
    }
    # x- values as JSON can hold them (an infinite float as its YAML spelling).
    record.update((key, _finite(value)) for key, value in event.extensions)
    return record


def _finite(value: object) -> object:
    """`value` with each infinite or NaN float as its YAML spelling, which JSON can hold."""
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode


def _value(value: object) -> str:
    try:
        return _ENCODE(value)
    except ValueError:  # an x- value holding .nan or .inf
        return _ENCODE(_finite(value))


def _strings(values: tuple[str, ...]) -> str:
    return "[" + ", ".join([_text(v) for v in values]) + "]"


def _line(event: Event, clock: Clock) -> str:
    """`json.dumps(event_record(event))` with the record's separators, written directly:
    the strings go through the json module's own C escaper, the structure is fixed."""
    text = _text
    date = event.date
    end = event.end
    sources = ", ".join(
        [
            f'{{"url": {text(s.url)}, "title": {text(s.title) if s.title is not None else "null"}, '
            f'"accessed": {text(str(s.accessed)) if s.accessed is not None else "null"}}}'
            for s in event.sources
        ]
    )
    start_text, end_text, all_day, precision, approximate, uncertain, display = computed(
        event, clock
    )
    line = (
        f'{{"id": {text(event.id)}, "date": {text(date.text)}, '
        f'"end": {text(end.text) if end is not None else "null"}, '
        f'"title": {text(event.title)}, '
        f'"summary": {text(event.summary) if event.summary is not None else "null"}, '
        f'"location": {text(event.location) if event.location is not None else "null"}, '
        f'"tags": {_strings(event.tags)}, "people": {_strings(event.people)}, '
        f'"timezone": {text(event.timezone) if event.timezone is not None else "null"}, '
        f'"sources": [{sources}], '
        f'"span": {{"start": {text(start_text) if start_text is not None else "null"}, '
        f'"end": {text(end_text) if end_text is not None else "null"}, '
        f'"all_day": {"true" if all_day else "false"}, '
        f'"precision": {text(precision) if precision is not None else "null"}, '
        f'"approximate": {"true" if approximate else "false"}, '
        f'"uncertain": {"true" if uncertain else "false"}, '
        f'"display": {text(display)}}}'
    )
    if event.extensions:
        line += "".join([f", {text(k)}: {_value(v)}" for k, v in event.extensions])
    return line + "}"


class _Document:
    """`{"title": …, "description": …, "timezone": …, "events": […]}` in three parts (see
    `renderers.Document`), one event per line.

    One compact line per event keeps diffs readable; each line is what the json module
    would write for `event_record`, built directly (several times faster). C1 controls,
    bidi and format characters are written as \\uXXXX too (the encoder leaves them raw).
    """

    def __init__(self, timeline: Timeline, events: Sequence[Event], options: ExportOptions) -> None:
        self.timeline = timeline
        self.options = options
        self.empty = not events
        self.clock = options.clock_for(timeline)

    def head(self, notes: list[str]) -> Iterator[str]:
        timeline, options = self.timeline, self.options
        head = ",\n".join(
            f"  {_ENCODE(key)}: {_ENCODE(value)}"
            for key, value in (
                ("title", timeline.title),
                ("description", timeline.description),
                ("timezone", timeline.timezone),
                *((("markup", timeline.markup),) if timeline.markup != PLAIN else ()),
                *((("partial", options.partial),) if options.partial is not None else ()),
            )
        )
        yield json_visible("{\n" + head + ',\n  "events": [')

    def body(self, events: Sequence[Event], after: Event | None, notes: list[str]) -> Iterator[str]:
        clock = self.clock
        separator = "\n    " if after is None else ",\n    "
        for event in events:
            yield json_visible(separator + _line(event, clock))
            separator = ",\n    "

    def tail(self) -> Iterator[str]:
        yield "]\n}\n" if self.empty else "\n  ]\n}\n"


def document(timeline: Timeline, events: Sequence[Event], options: ExportOptions) -> _Document:
    """The document in three parts (`renderers.Document`)."""
    return _Document(timeline, events, options)
