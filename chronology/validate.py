"""Validation: located YAML nodes in, a `Timeline` and every `Problem` out (SPEC §1–§2).

This is the only module that knows the store's schema. It reports all problems at once
and builds events from whatever is valid, so `validate` can count them even on errors.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from . import quick
from .dates import (
    Date,
    DateError,
    DateValue,
    EndBeforeStart,
    Interval,
    parse_date,
    parse_single,
    unknown_zone,
    wall_clock_problem,
    zone_named,
)
from .errors import Problem, Severity
from .markup import MARKUPS, PLAIN
from .model import Event, FileRead, Source, Timeline
from .rules import (
    EVENT_KEY_SET,
    EVENT_KEYS,
    ID,
    MAX_ID_CHARS,
    NULLS,
    PLAIN_SUSPECT,
    SOURCE_KEYS,
    STORE_KEYS,
    YAML11_FIRST,
    read_event,
    span,
    synonym,
    url_problem,
    yaml11_reading,
)
from .store import (
    MAYBE_NOT_STR,
    AnyNode,
    Document,
    Layout,
    Mapping,
    NumberTooLong,
    Scalar,
    Sequence,
    compose_alone,
    compose_layout,
    parser_input,
    scalar_kind,
    to_python,
)

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from .progress import Progress

__all__ = ["CODES", "validate", "validate_sources"]

#: Every problem code with its severity and what it means; the README lists them.
CODES: dict[str, tuple[Severity, str]] = {
    "unreadable": ("error", "a file or directory cannot be read, or is not a regular file"),
    "skipped-file": ("warning", "a member of a directory store that is not a regular file"),
    "encoding": ("error", "the file is not UTF-8 (or UTF-16/32 with a byte-order mark)"),
    "yaml-syntax": (
        "error",
        "the file is not well-formed YAML, or YAML 1.1 and 1.2 would read it differently",
    ),
    "multiple-documents": ("error", "more than one YAML document in a file"),
    "bad-tag": ("error", "a YAML tag other than the core ones (!!python/…, !custom, …)"),
    "limit-exceeded": (
        "error",
        "file size, nesting depth, scalar size, integer size or alias expansion limit",
    ),
    "not-a-store": ("error", "the top level is neither a mapping with events: nor a list"),
    "unknown-key": ("error", "a key the schema does not know (with a did-you-mean hint)"),
    "missing-key": ("error", "a required key is absent"),
    "wrong-type": ("error", "a value of the wrong YAML type"),
    "duplicate-key": ("error", "the same key twice in one mapping"),
    "bad-id": (
        "error",
        "an id that is empty, too long or has characters outside A-Z a-z 0-9 . _ -",
    ),
    "duplicate-id": ("error", "two events with the same id (both places are named)"),
    "bad-date": ("error", "a date outside the grammar of `chronology help dates`"),
    "end-before-start": ("error", "an end (or interval end) before the start"),
    "end-with-interval": ("error", "an end: key on an event whose date is already an interval"),
    "bad-timezone": ("error", "a time zone that is not an IANA name"),
    "bad-url": ("error", "a source that is not an http, https or mailto URL"),
    "empty-title": ("error", "a title that is empty or only spaces"),
    "multiline-title": ("error", "a title with a line break"),
    "ambiguous-yaml": ("warning", "a plain value that YAML 1.1 tools would read as non-text"),
    "duplicate-value": ("warning", "the same tag, person or source twice in one event"),
    "control-character": ("warning", "a control or bidirectional-override character in text"),
    "conflicting-title": ("warning", "files of one store give different titles"),
    "bad-markup": ("error", "a markup: other than text or markdown"),
    "conflicting-markup": ("warning", "files of one store give different markups"),
    "nonexistent-time": ("error", "a wall-clock time skipped by a daylight-saving change"),
    "ambiguous-time": ("warning", "a wall-clock time that happens twice, written without offset"),
    "conflicting-offset": ("warning", "an offset the event's time zone does not observe then"),
}

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_KIND_WORDS = {
    "int": "a number",
    "float": "a number",
    "bool": "a boolean",
    "null": "empty (null)",
    "map": "a mapping",
    "seq": "a list",
}


def validate(documents: list[Document]) -> tuple[Timeline, list[Problem]]:
    """Validate composed documents as one store."""
    validator = _Validator()
    for document in documents:
        validator.problems.extend(document.problems)
        if document.root is not None:
            validator.document(document.path, document.root)
    paths = [d.path for d in documents]
    return validator.timeline(paths), validator.sorted_problems(paths)


def validate_sources(
    contents: list[tuple[str, bytes | None, Problem | None]],
    progress: Progress | None = None,
    reads: list[FileRead] | None = None,
    known: quick.Known | None = None,
) -> tuple[Timeline, list[Problem], list[Layout | None]]:
    """Decode, compose and validate store files, each event as soon as it is read.

    Streaming keeps memory flat: the YAML nodes of an event are dropped once it is valid,
    and each file's bytes once it is read (the list is emptied as it goes). Returns the
    timeline, the problems, and each file's events-list layout (for `add`). `progress`,
    if given, learns how many lines have been read; `reads`, if given, how each file was
    read. `known`, if given, holds the items of the store's version read before (`diff`
    and `log` read several): the quick reader takes an item read again from there.
    """
    validator = _Validator()
    validator.progress = progress
    layouts: list[Layout | None] = []
    paths = [path for path, _, _ in contents]
    # Lines are what the validator can count as it goes (node lines); only for `progress`.
    lines = [data.count(b"\n") + 1 if progress and data else 0 for _, data, _ in contents]
    if progress is not None:
        progress.total = sum(lines)
    if known is not None:
        known.turn()
    contents.reverse()
    lines.reverse()
    while contents:
        path, data, unreadable = contents.pop()
        layout = None
        if unreadable is not None:
            validator.problems.append(unreadable)
        elif data is not None:
            lines_read = validator.lines_read if progress is not None else None
            validator.path = path  # for items read alone
            taken = validator.ids
            reading = quick.read(path, data, taken, lines_read, validator.alone, known=known)
            if reading is not None:
                layout = validator.adopt(path, reading)
                if reads is not None:
                    reads.append(FileRead(path, "quick", reading.alone))
            else:
                if reads is not None:
                    reads.append(FileRead(path, "full"))
                source, undecodable = parser_input(data, path)
                if undecodable is not None:
                    validator.problems.append(undecodable)
                else:
                    layout = validator.stream(path, source, known)
        validator.lines_before += lines.pop()
        layouts.append(layout)
        del data
    return validator.timeline(paths), validator.sorted_problems(paths), layouts


def _dates_of(value: DateValue) -> list[Date]:
    """The dates a date value is made of (an interval's known ends)."""
    if isinstance(value, Date):
        return [value]
    return [end for end in (value.start, value.end) if isinstance(end, Date)]


def _date_nodes(node: AnyNode) -> tuple[AnyNode | None, AnyNode | None]:
    """The `date:` and `end:` value nodes of an event mapping."""
    found: dict[str, AnyNode] = {}
    if isinstance(node, Mapping):
        found = {key.value: value for key, value in node.pairs if key.value in ("date", "end")}
    return found.get("date"), found.get("end")


def _rezoned(event: Event, zone_name: str) -> Event:
    """The event read in the file's time zone, learned after the event itself."""
    lo, hi = span(event.date, event.end, zone_named(zone_name))
    return replace(event, timezone=zone_name, lo=lo, hi=hi)


def _closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    import difflib

    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def _describe(node: AnyNode) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return _KIND_WORDS.get(scalar_kind(node), "text")


class _Validator:
    """Walks documents, collecting events and problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.events: list[Event] = []
        self.ids: dict[str, tuple[str, int, int]] = {}
        self.title: str | None = None
        self.title_from: str = ""
        self.description: str | None = None
        self.timezone: str | None = None
        self.markup: str | None = None
        self.markup_from = ""
        self.path = ""
        # Per file while streaming: its zone, whether that was read yet, and which events
        # took it (to fix them if `timezone:` comes after `events:`).
        self.file_zone: str | None = None
        self.zone_read = False
        #: Whether the file's keys before its events list were looked at for its zone (they
        #: are the same for every item: the list is not over while its items stream).
        self.header_read = False
        #: (index in `events`, date node, end node) of the events that took no zone of their
        #: own; the nodes only for date-times.
        self.inherited: list[tuple[int, AnyNode | None, AnyNode | None]] = []
        self.progress: Progress | None = None
        #: Each date text read so far, parsed (dates are immutable values).
        self.dates: dict[str, DateValue] = {}
        #: Lines of the files already read (for `progress`).
        self.lines_before = 0
        #: While a file streams with items read before: those, and its text (see `stream`).
        self.reuse: tuple[quick.Known, str] | None = None

    def timeline(self, paths: list[str]) -> Timeline:
        return Timeline(
            events=tuple(sorted(self.events, key=Event.sort_key)),
            title=self.title,
            description=self.description,
            timezone=self.timezone,
            paths=tuple(paths),
            markup=self.markup or PLAIN,
        )

    def sorted_problems(self, paths: list[str]) -> list[Problem]:
        """Problems in file order, then by line and column (a stable sort)."""
        order = {path: i for i, path in enumerate(paths)}
        return sorted(self.problems, key=lambda p: (order.get(p.path, -1), p.line, p.column))

    def stream(
        self, path: str, text: str | bytes, known: quick.Known | None = None
    ) -> Layout | None:
        """Validate one file's events as the composer completes them. With `known`, an item
        whose whole lines were read before is that event again (see `quick.whole_item`)."""
        self.path = path
        self.file_zone, self.zone_read, self.inherited = None, False, []
        self.header_read = False
        whole = quick.indexed_text(text) if known is not None else None
        self.reuse = (known, whole) if known is not None and whole is not None else None
        root, problems, layout = compose_layout(text, path, self.item)
        self.reuse = None
        self.problems.extend(problems)
        if root is not None:
            self.document(path, root)
        if layout is not None:
            layout.zone = self.file_zone
        return layout

    def adopt(self, path: str, reading: quick.Reading) -> Layout:
        """Take the events the quick reader read from one clean file, and read its header
        as usual."""
        self.path = path
        self.file_zone, self.zone_read, self.inherited = reading.zone, True, []
        self.ids.update(reading.ids)
        self.events.extend(reading.events)
        self.document(path, reading.header)
        return reading.layout

    def alone(self, text: str, line: int, zone_name: str | None, items: int) -> quick.Found:
        """The last of `items` items of the current file's events list read the full way by
        themselves (see `quick.read`): the event and its id's line and column, as a read of
        the whole file gives them, and what its aliases stand for; or None when the items
        have a problem or a tag."""
        composed = compose_alone(text, self.path)
        if composed is None:
            return None
        root, alias_nodes, alias_chars = composed
        if type(root) is not Sequence or len(root.items) != items:
            return None
        reader = _Validator()
        reader.path = self.path
        event = reader.event(root.items[-1], zone_name)
        if event is None or reader.problems:
            return None
        _, id_line, id_column = reader.ids[event.id]
        shift = line - 1  # the text starts on `line` of the file
        event = replace(event, origin=(self.path, event.origin[1] + shift))
        return event, (id_line + shift, id_column), alias_nodes, alias_chars

    def lines_read(self, line: int) -> None:
        """Progress: `line` lines of the current file are read."""
        if self.progress is not None:
            self.progress.done = self.lines_before + line

    def item(self, node: AnyNode, root: AnyNode, begins: int, after: int, column: int) -> None:
        """One streamed item of the events list (where it starts and the token after it,
        as for `store.Sink`)."""
        if not self.header_read:
            self.header_read = True
            if type(root) is Mapping:
                for key, value in root.pairs:
                    if key.value == "timezone":
                        self.file_zone = self.zone(key, value)
                        self.zone_read = True
        if self.progress is not None:
            self.progress.done = self.lines_before + node.line
        lines = None
        if self.reuse is not None and after >= 0:
            known, whole = self.reuse
            lines = quick.whole_item(whole, begins, node.column - 1, after, column)
            if lines is not None:
                event = self.again(node, (self.file_zone, lines), known)
        if lines is None:
            event = self.event(node, self.file_zone)
        if event is not None:
            if event.timezone is None:
                # Keep the date and end nodes (not the event's) of a date-time, to check its
                # wall clock should the file's `timezone:` come later.
                date, end = event.date, event.end
                if type(date) is Date:  # (the usual case, without a list of one)
                    timed = date.hour is not None
                else:
                    timed = any(d.hour is not None for d in _dates_of(date))
                timed = timed or (end is not None and end.hour is not None)
                nodes = _date_nodes(node) if timed else (None, None)
                self.inherited.append((len(self.events), *nodes))
            self.events.append(event)

    def again(self, node: AnyNode, key: tuple[str | None, str], known: quick.Known) -> Event | None:
        """`event` for an item by its whole lines `key`: the event read before from the
        same lines, at this item's place, or else read now (and remembered when it is clean:
        no problem, no alias, no tag)."""
        found = known.whole_before.get(key)
        if found is not None and found[0].id not in self.ids:
            event, id_line, id_column = found
            self.ids[event.id] = (self.path, node.line + id_line, id_column)
            if event.origin != (self.path, node.line):
                event = replace(event, origin=(self.path, node.line))
            known.whole_now[key] = found
            return event
        problems = len(self.problems)
        read = self.event(node, self.file_zone)
        if read is not None and len(self.problems) == problems and quick.context_free(key[1]):
            _, id_line, id_column = self.ids[read.id]
            known.whole_now[key] = (read, id_line - node.line, id_column)
        return read

    # -- reporting

    def error(self, node: AnyNode, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, node.line, node.column, "error", code, message))

    def warn(self, node: AnyNode, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, node.line, node.column, "warning", code, message))

    def unknown_key(self, key: Scalar, known: tuple[str, ...], where: str) -> None:
        name = key.value
        if name == "<<":
            self.error(key, "unknown-key", "'<<' merge keys are YAML 1.1 and not supported")
            return
        message = f"unknown key {name!r} {where}"
        guess = synonym(name, known) or _closest(name, known)
        if guess:
            message += f"; did you mean {guess!r}?"
        else:
            message += f" (known: {', '.join(known)}; x-… keys are free for your own use)"
        self.error(key, "unknown-key", message)

    # -- the store

    def document(self, path: str, root: AnyNode) -> None:
        if path != self.path:
            self.file_zone, self.zone_read, self.inherited = None, False, []
        self.path = path
        if isinstance(root, Sequence):
            self.event_list(root, None)
            return
        if not isinstance(root, Mapping):
            self.error(
                root,
                "not-a-store",
                f"expected a mapping with an 'events:' list, or a list of events; "
                f"found {_describe(root)}",
            )
            return
        names = {key.value for key, _ in root.pairs}
        if "events" not in names and names & {"id", "date"}:
            self.error(
                root,
                "not-a-store",
                "this looks like a single event; a store holds a list of them under 'events:'",
            )
            return
        fields: dict[str, tuple[Scalar, AnyNode]] = {}
        for key, value in root.pairs:
            if key.value in STORE_KEYS:
                fields[key.value] = (key, value)
            elif not key.value.startswith("x-"):
                self.unknown_key(key, STORE_KEYS, "at the top of the store")
        zone_name: str | None = None
        if "title" in fields:
            title = self.text(*fields["title"])
            if title is not None:
                if self.title is None:
                    self.title, self.title_from = title, path
                elif title != self.title:
                    self.warn(
                        fields["title"][1],
                        "conflicting-title",
                        f"{self.title_from} already gives the title {self.title!r}; it is kept",
                    )
        if "description" in fields and self.description is None:
            text = self.text(*fields["description"], multiline=True)
            self.description = (text or "").rstrip("\n") or None
        if "markup" in fields:
            self.read_markup(*fields["markup"])
        if "timezone" in fields:
            zone_name = self.file_zone if self.zone_read else self.zone(*fields["timezone"])
            if zone_name is not None and self.timezone is None:
                self.timezone = zone_name
            if zone_name is not None and not self.zone_read:
                # `timezone:` came after the streamed events: read them in it now.
                nonexistent = []
                zone = zone_named(zone_name)
                for i, date_node, end_node in self.inherited:
                    event = self.events[i] = _rezoned(self.events[i], zone_name)
                    valid = True
                    if date_node is not None:
                        valid = self.wall_clock(date_node, _dates_of(event.date), zone, zone_name)
                    if end_node is not None and event.end is not None:
                        valid = self.wall_clock(end_node, [event.end], zone, zone_name) and valid
                    if not valid:
                        nonexistent.append(i)
                for i in reversed(nonexistent):
                    del self.events[i]
            self.file_zone = zone_name
        if "events" not in fields:
            self.error(root, "missing-key", "the store has no 'events:' list")
            return
        _, events = fields["events"]
        if isinstance(events, Scalar) and scalar_kind(events) == "null":
            return
        if not isinstance(events, Sequence):
            self.error(events, "wrong-type", f"'events' must be a list, not {_describe(events)}")
            return
        self.event_list(events, zone_name)

    def read_markup(self, key: Scalar, node: AnyNode) -> None:
        """`markup:`, one of MARKUPS; the first file that gives it decides for the store."""
        value = self.text(key, node)
        if value is None:
            return
        if value not in MARKUPS:
            guess = _closest(value, MARKUPS)
            hint = f"did you mean {guess!r}?" if guess else "use " + " or ".join(MARKUPS)
            self.error(node, "bad-markup", f"unknown markup {value!r}; {hint}")
        elif self.markup is None:
            self.markup, self.markup_from = value, self.path
        elif value != self.markup:
            self.warn(
                node,
                "conflicting-markup",
                f"{self.markup_from} already gives the markup {self.markup!r}; it is kept",
            )

    def event_list(self, node: Sequence, zone_name: str | None) -> None:
        for item in node.items:
            event = self.event(item, zone_name)
            if event is not None:
                self.events.append(event)

    # -- one event

    def event(self, node: AnyNode, store_zone: str | None) -> Event | None:
        if not isinstance(node, Mapping):
            self.error(
                node,
                "wrong-type",
                f"an event is a mapping (id:, date:, title:, …), not {_describe(node)}",
            )
            return None
        fields: dict[str, tuple[Scalar, AnyNode]] = {}
        extensions: list[tuple[str, object]] = []
        for key, value in node.pairs:
            name = key.value
            if name in EVENT_KEY_SET:
                fields[name] = (key, value)
            elif name.startswith("x-"):
                try:
                    extensions.append((name, to_python(value)))
                except NumberTooLong as err:
                    self.error(err.node, "limit-exceeded", f"{err}; quote it to keep it as text")
            else:
                self.unknown_key(key, EVENT_KEYS, "in an event")
        ok = True
        for required in ("id", "date", "title"):
            if required not in fields:
                self.error(node, "missing-key", f"this event has no {required!r}")
                ok = False

        event_id = self.event_id(*fields["id"]) if "id" in fields else None
        title = self.title_text(*fields["title"]) if "title" in fields else None
        zone_name = store_zone
        zone: ZoneInfo | None = None
        if "timezone" in fields:
            zone_name = self.zone(*fields["timezone"])
            if zone_name is None:
                ok = False
        if zone_name is not None:
            zone = zone_named(zone_name)
        date = self.date_value(*fields["date"]) if "date" in fields else None
        if date is not None and zone_name is not None:
            ok = self.wall_clock(fields["date"][1], _dates_of(date), zone, zone_name) and ok
        end = None
        if "end" in fields:
            end_key, end_node = fields["end"]
            end = self.single_date(end_key, end_node, "end")
            if end is not None and zone_name is not None:
                ok = self.wall_clock(end_node, [end], zone, zone_name) and ok
            if end is not None and isinstance(date, Interval):
                self.error(
                    end_key,
                    "end-with-interval",
                    f"date {date} is an interval and already has its end; remove 'end:'",
                )
                ok = False
            elif end is not None and isinstance(date, Date):
                start_lo = date.instant_start(zone)
                if end.instant_end(zone) <= start_lo:
                    self.error(end_node, "end-before-start", f"end {end} is before date {date}")
                    ok = False
            elif end is None:
                ok = False
        summary = location = None
        if "summary" in fields:
            # A block scalar (`summary: |`) ends with a newline that is YAML's, not the text's.
            summary = (self.text(*fields["summary"], multiline=True) or "").rstrip("\n") or None
        if "location" in fields:
            location = self.text(*fields["location"])
        tags = self.strings(*fields["tags"]) if "tags" in fields else ()
        people = self.strings(*fields["people"]) if "people" in fields else ()
        sources = self.sources(*fields["sources"]) if "sources" in fields else ()
        if not ok or event_id is None or title is None or date is None:
            return None

        return read_event(
            event_id=event_id, date=date, title=title, end=end, summary=summary,
            location=location, tags=tags, people=people, zone_name=zone_name, zone=zone,
            sources=sources, extensions=tuple(extensions), origin=(self.path, node.line),
        )  # fmt: skip

    # -- values

    def text(self, key: Scalar, node: AnyNode, multiline: bool = False) -> str | None:
        """A text value; None (after reporting) when it is not text, or when it is empty."""
        if type(node) is not Scalar:
            self.error(node, "wrong-type", f"{key.value!r} must be text, not {_describe(node)}")
            return None
        value, plain, tag, _, _ = node
        if plain or tag is not None:
            first = value[:1]
            if tag is not None or not first or first in MAYBE_NOT_STR:
                kind = scalar_kind(node)
                if kind == "null":
                    return None
                if kind != "str":
                    self.wrong_scalar(key.value, node, kind)
                    return None
            if plain and first in YAML11_FIRST:
                self.yaml11(node, value)
        # Most text is printable; only then is the slower search for what is not needed.
        if not value.isprintable():
            self.control(node, value, multiline)
        return value

    def yaml11(self, node: Scalar, value: str) -> None:
        reading = yaml11_reading(value)
        if reading is not None:
            self.warn(
                node,
                "ambiguous-yaml",
                f"YAML 1.1 tools read {value!r} as {reading}; "
                f'quote it ("{value}") so every tool reads text',
            )

    def control(self, node: AnyNode, value: str, multiline: bool) -> None:
        found = _CONTROL.search(value)
        if found:
            char = found.group()
            self.warn(
                node,
                "control-character",
                f"contains U+{ord(char):04X}, a control or bidirectional character; "
                "it is shown escaped",
            )

    def wrong_scalar(self, field: str, node: Scalar, kind: str) -> None:
        if node.tag is not None:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.error(node, "wrong-type", f"{field!r} must be text; remove the tag {shown}")
            return
        self.error(
            node,
            "wrong-type",
            f"{field!r} must be text, but YAML read this as {_KIND_WORDS[kind]}; "
            f'quote it: "{node.value}"',
        )

    def title_text(self, key: Scalar, node: AnyNode) -> str | None:
        title = self.text(key, node)
        if title is None:
            # Not text (reported), or nothing at all.
            if type(node) is Scalar and scalar_kind(node) == "null":
                self.error(node, "empty-title", "the title is empty")
            return None
        if not title.strip():
            self.error(node, "empty-title", "the title is empty")
            return None
        if "\n" in title.rstrip("\n") or "\r" in title:
            self.error(node, "multiline-title", "a title is one line; put more text in 'summary'")
            return None
        return title.rstrip("\n")

    def event_id(self, key: Scalar, node: AnyNode) -> str | None:
        value: str | None = None
        if type(node) is Scalar:
            kind = scalar_kind(node)
            if kind == "null":
                self.error(node, "bad-id", "the id is empty")
                return None
            if kind == "int" and node.tag is None:
                value = node.value  # all digits, written plain: still an id
        if value is None:
            value = self.text(key, node)
            if value is None:
                return None  # (not text: reported)
        if len(value) > MAX_ID_CHARS:
            message = f"the id is {len(value)} characters long; the limit is {MAX_ID_CHARS}"
            self.error(node, "bad-id", message)
            return None
        if not ID.fullmatch(value):
            self.error(
                node,
                "bad-id",
                f"id {value!r} must start with a letter or digit and use only A-Z a-z 0-9 . _ -",
            )
            return None
        first = self.ids.get(value)
        if first is not None:
            path, line, column = first
            self.error(
                node, "duplicate-id", f"id {value!r} is already used at {path}:{line}:{column}"
            )
            return None
        self.ids[value] = (self.path, node.line, node.column)
        return value

    def date_text(self, key: Scalar, node: AnyNode) -> str | None:
        if type(node) is not Scalar:
            self.error(
                node,
                "wrong-type",
                f"{key.value!r} must be a date such as 2021-06-02, not {_describe(node)}",
            )
            return None
        if node.plain and node.tag is None and node.value in NULLS:
            self.error(node, "bad-date", f"{key.value!r} is empty")
            return None
        return node.value

    def wall_clock(
        self, node: AnyNode, dates: list[Date], zone: ZoneInfo | None, zone_name: str
    ) -> bool:
        """Report date-times skipped or repeated by the zone's clock changes, or written with
        an offset the zone does not observe; False when one does not exist."""
        valid = True
        for date in dates:
            found = wall_clock_problem(date, zone, zone_name)
            if found is not None:
                code, message = found
                if code == "nonexistent-time":
                    self.error(node, code, message)
                    valid = False
                else:
                    self.warn(node, code, message)
        return valid

    def date_value(self, key: Scalar, node: AnyNode) -> DateValue | None:
        text = self.date_text(key, node)
        if text is None:
            return None
        known = self.dates.get(text)  # events share dates: each text is parsed once
        if known is not None:
            return known
        try:
            found = self.dates[text] = parse_date(text)
            return found
        except EndBeforeStart as err:
            self.error(node, "end-before-start", str(err))
        except DateError as err:
            self.error(node, "bad-date", str(err))
        return None

    def single_date(self, key: Scalar, node: AnyNode, what: str) -> Date | None:
        text = self.date_text(key, node)
        if text is None:
            return None
        if "/" in text:
            message = f"{what} is a single date; for a span write date: A/B, or date: A and end: B"
            self.error(node, "bad-date", message)
            return None
        try:
            return parse_single(text)
        except DateError as err:
            self.error(node, "bad-date", str(err))
        return None

    def zone(self, key: Scalar, node: AnyNode) -> str | None:
        name = self.text(key, node)
        if name is None:
            return None
        if zone_named(name) is not None:
            return name
        message = unknown_zone(name)
        self.error(node, "bad-timezone", message)
        return None

    def strings(self, key: Scalar, node: AnyNode) -> tuple[str, ...]:
        what = key.value
        if isinstance(node, Scalar):
            if scalar_kind(node) == "null":
                return ()
            self.error(
                node,
                "wrong-type",
                f"{what!r} must be a list; write {what}: [{node.value}]",
            )
            return ()
        if not isinstance(node, Sequence):
            self.error(node, "wrong-type", f"{what!r} must be a list, not {_describe(node)}")
            return ()
        values: list[str] = []
        for item in node.items:
            # Fast path: quoted text, or plain text that YAML cannot read as anything else.
            value: str | None = None
            plain, tag = False, None
            if type(item) is Scalar:
                value, plain, tag, _, _ = item
            if (
                value  # (an empty item, quoted or not, is reported below)
                and tag is None
                and value.isprintable()
                and (not plain or value[0] not in PLAIN_SUSPECT)
                and not value.isspace()
            ):
                if value not in values:
                    values.append(value)
                    continue
            else:
                value = self.text(key, item)
            if not value or value.isspace():
                if isinstance(item, Scalar) and (value is not None or scalar_kind(item) == "null"):
                    self.error(item, "wrong-type", f"an item of {what!r} is empty")
                continue
            if value in values:
                self.warn(item, "duplicate-value", f"{value!r} is listed twice in {what!r}")
                continue
            values.append(value)
        return tuple(values)

    def sources(self, key: Scalar, node: AnyNode) -> tuple[Source, ...]:
        if isinstance(node, Scalar) and scalar_kind(node) == "null":
            return ()
        if not isinstance(node, Sequence):
            hint = f"; write sources: [{node.value}]" if isinstance(node, Scalar) else ""
            self.error(node, "wrong-type", f"'sources' must be a list, not {_describe(node)}{hint}")
            return ()
        found: list[Source] = []
        urls: set[str] = set()
        for item in node.items:
            source = self.source(key, item)
            if source is None:
                continue
            if source.url in urls:
                self.warn(item, "duplicate-value", f"source {source.url} is listed twice")
                continue
            urls.add(source.url)
            found.append(source)
        return tuple(found)

    def source(self, key: Scalar, node: AnyNode) -> Source | None:
        if isinstance(node, Scalar):
            url = self.text(key, node)
            if url is None:
                self.error(node, "wrong-type", "a source is empty")
                return None
            return Source(url) if self.url_ok(node, url) else None
        if isinstance(node, Sequence):
            self.error(node, "wrong-type", "a source is a URL or a mapping with url:, not a list")
            return None
        fields: dict[str, tuple[Scalar, AnyNode]] = {}
        for k, v in node.pairs:
            if k.value in SOURCE_KEYS:
                fields[k.value] = (k, v)
            elif not k.value.startswith("x-"):
                self.unknown_key(k, SOURCE_KEYS, "in a source")
        if "url" not in fields:
            self.error(node, "missing-key", "this source has no 'url'")
            return None
        url_node = fields["url"][1]
        url = self.text(*fields["url"])
        title = self.text(*fields["title"]) if "title" in fields else None
        accessed = None
        if "accessed" in fields:
            accessed = self.single_date(*fields["accessed"], "accessed")
        if url is None:
            if isinstance(url_node, Scalar):
                self.error(url_node, "bad-url", "the url is empty")
            return None
        return Source(url, title, accessed) if self.url_ok(url_node, url) else None

    def url_ok(self, node: AnyNode, url: str) -> bool:
        problem = url_problem(url)
        if problem is not None:
            self.error(node, "bad-url", problem)
            return False
        return True
