"""YAML text for new events, and where to insert it in a file without touching other bytes.

`add` and `import` never re-dump a store: they find the end of the `events` list in the
existing text and insert the new items there, in the file's own indentation and newlines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Sequence as Seq
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import ChronologyError
from .store import Layout, Scalar, scalar_kind

__all__ = [
    "NewEvent",
    "insert_events",
    "place_from_layout",
    "replace_event",
    "scalar",
]

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

_YAML11 = frozenset("y Y yes Yes YES n N no No NO on On ON off Off OFF".split())  # noqa: SIM905
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class NewEvent:
    """The fields of an event to insert, as text (dates as EDTF text), in canonical order."""

    id: str
    date: str
    title: str
    end: str | None = None
    summary: str | None = None
    location: str | None = None
    timezone: str | None = None
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    #: (url, title, accessed) triples
    sources: tuple[tuple[str, str | None, str | None], ...] = ()
    #: `x-` keys and their plain data (text, numbers, booleans, null, lists, mappings),
    #: written last: an import's `x-rrule`, a JSON import's own keys
    extensions: tuple[tuple[str, object], ...] = ()


# ------------------------------------------------------------------ scalars


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or not value.isprintable():
        return False
    if not (value[0].isalnum() or value[0] in "(/."):
        return False
    if ": " in value or " #" in value or value.endswith(":") or value in _YAML11:
        return False
    if flow and any(c in value for c in ",[]{}"):
        return False
    return scalar_kind(Scalar(value, True, None, 0, 0)) == "str"


def _double(value: str) -> str:
    def escape(match: re.Match[str]) -> str:
        char = match.group()
        named = {"\n": "\\n", "\t": "\\t", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}
        if char in named:
            return named[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    body = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _NEEDS_ESCAPE.sub(escape, body.replace("\t", "\\t")) + '"'


def scalar(value: str, flow: bool = False) -> str:
    """`value` as a YAML scalar that reads back as the same text: plain when safe, else quoted."""
    return value if _plain_ok(value, flow) else _double(value)


def _date(value: str) -> str:
    """A date expression: plain like hand-written stores (`2021-06-02`), quoted if it must be."""
    plain = re.fullmatch(r"[0-9X?~%./:+TZ -]+", value) is not None
    if plain and ": " not in value and not value.startswith((" ", "- ", "? ")) and value != "-":
        return value
    return _double(value)


def _literal(value: str, indent: str) -> str | None:
    """A literal block (`|`) for multi-line text, or None when it cannot hold it exactly."""
    lines = value.split("\n")
    # YAML takes the block's indentation from its first line with text: that line may not
    # start with a space or tab (after leading empty lines too), or it would be cut.
    first = next((line for line in lines if line), "")
    if first[:1] in (" ", "\t") or value != value.rstrip("\n"):
        return None
    for line in lines:
        if line != line.rstrip() or (line and not line.replace("\t", " ").isprintable()):
            return None
    return "|\n" + "\n".join(indent + line if line else "" for line in lines)


def _list(values: Seq[str], indent: str) -> str:
    if all(_plain_ok(v, flow=True) for v in values) and sum(len(v) + 2 for v in values) < 70:
        return " [" + ", ".join(values) + "]"
    return "".join(f"\n{indent}- {scalar(v)}" for v in values)


def event_lines(event: NewEvent, content: str) -> list[str]:
    """The event as block-mapping lines (without the leading `- `), indented by `content`."""
    lines = [f"id: {scalar(event.id)}", f"date: {_date(event.date)}"]
    if event.end is not None:
        lines.append(f"end: {_date(event.end)}")
    lines.append(f"title: {scalar(event.title)}")
    text = (event.summary or "").rstrip("\n")
    if text:
        # The reader drops a summary's trailing newlines, so a `|` block can hold it as read.
        literal = _literal(text, "  ") if "\n" in text else None
        lines.append(f"summary: {literal or scalar(text)}")
    if event.location:
        lines.append(f"location: {scalar(event.location)}")
    if event.timezone:
        lines.append(f"timezone: {scalar(event.timezone)}")
    if event.tags:
        lines.append(f"tags:{_list(event.tags, '  ')}")
    if event.people:
        lines.append(f"people:{_list(event.people, '  ')}")
    if event.sources:
        lines.append("sources:")
        for url, title, accessed in event.sources:
            if title is None and accessed is None:
                lines.append(f"  - {scalar(url)}")
                continue
            lines.append(f"  - url: {scalar(url)}")
            if title is not None:
                lines.append(f"    title: {scalar(title)}")
            if accessed is not None:
                lines.append(f"    accessed: {_date(accessed)}")
    for key, value in event.extensions:
        if not isinstance(value, str):
            lines.append(f"{key}: {_data(value)}")
            continue
        literal = _literal(value, "  ") if "\n" in value else None
        # `|-`: the value is read as written, without the final line break `|` would add.
        lines.append(f"{key}: {'|-' + literal[1:] if literal else scalar(value)}")
    text = "\n".join(lines)
    # An empty line (in a `|` block) stays empty: no indentation left as trailing spaces.
    return [content + line if i and line else line for i, line in enumerate(text.split("\n"))]


def _flow_event(event: NewEvent) -> str:
    parts = [f"id: {scalar(event.id, True)}", f"date: {_double(event.date)}"]
    if event.end is not None:
        parts.append(f"end: {_double(event.end)}")
    parts.append(f"title: {scalar(event.title, True)}")
    for key in ("summary", "location", "timezone"):
        value = getattr(event, key)
        if value:
            parts.append(f"{key}: {scalar(value, True)}")
    for key in ("tags", "people"):
        values = getattr(event, key)
        if values:
            parts.append(f"{key}: [{', '.join(scalar(v, True) for v in values)}]")
    if event.sources:
        items = []
        for url, title, accessed in event.sources:
            fields = [f"url: {scalar(url, True)}"]
            if title is not None:
                fields.append(f"title: {scalar(title, True)}")
            if accessed is not None:
                fields.append(f"accessed: {_double(accessed)}")
            items.append("{" + ", ".join(fields) + "}")
        parts.append(f"sources: [{', '.join(items)}]")
    parts.extend(
        f"{key}: {scalar(value, True) if isinstance(value, str) else _data(value)}"
        for key, value in event.extensions
    )
    return "{" + ", ".join(parts) + "}"


def _data(value: object) -> str:
    """Plain data other than text, on one line: JSON, which YAML 1.2 reads as the same
    numbers, booleans, null, lists and mappings (text inside in double quotes)."""
    import json

    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as err:
        raise ChronologyError(f"cannot write {value!r} as YAML data: {err}") from None


# ------------------------------------------------------------------ where to insert


@dataclass(slots=True)
class _Place:
    """What the locator found about the `events` list of a file."""

    kind: str  # "block", "flow", "null", "missing", "empty"
    offset: int = 0  # where the new text goes (a character index)
    replace_to: int = 0  # for "null": the end of the `~` to replace
    dash: int = 0  # column of the items' "-"
    content: int = 2  # column of the items' content
    blank_between: bool = False  # items separated by blank lines
    comma: bool = False  # flow: the new item needs a leading ", "


def _body(text: str) -> list[Any]:
    """The parser events of `text`, without the stream and document markers."""
    parser: Any = _Parser(text)
    skip = (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent)
    body: list[Any] = []
    while True:
        event = parser.get_event()
        if isinstance(event, yaml.StreamEndEvent):
            return body
        if not isinstance(event, skip):
            body.append(event)


def _kind(event: Any, *classes: type) -> bool:
    """isinstance without narrowing: parser events are read through their marks as Any."""
    return isinstance(event, classes)


def place_from_layout(text: str, layout: Layout) -> _Place:
    """Where new items go, from the layout the composer recorded: for a block list, at the
    start of the line of the token that follows it (the next top-level key, or the end)."""
    if layout.flow:
        before = text[: layout.end].rstrip()
        return _Place("flow", offset=layout.end, comma=not before.endswith(("[", ",")))
    offset = layout.end
    line_start = text.rfind("\n", 0, offset) + 1
    if not text[line_start:offset].strip():
        offset = line_start
    # Blank lines and comments outdented from the list belong to what follows it: go before.
    while offset > 0:
        previous = text.rfind("\n", 0, offset - 1) + 1
        line = text[previous : offset - 1].rstrip("\r")
        stripped = line.lstrip(" ")
        if stripped and not (
            stripped.startswith("#") and len(line) - len(stripped) <= layout.dash_column
        ):
            break
        offset = previous
    dash = _dash_column(text, layout)
    content = layout.item_column if layout.item_column is not None else dash + 2
    if content <= dash:
        content = dash + 2
    blank = False
    if layout.count >= 2 and layout.last_item is not None:
        item_line = text.rfind("\n", 0, layout.last_item) + 1
        previous = text.rfind("\n", 0, max(item_line - 1, 0)) + 1
        blank = item_line > 0 and not text[previous : item_line - 1].strip()
    return _Place("block", offset=offset, dash=dash, content=content, blank_between=blank)


def _dash_column(text: str, layout: Layout) -> int:
    """The column of the last item's `-`. The list's own start mark is not enough: with an
    anchor or tag (`events: &ev`, `events: !!seq`) it points at that, not at a dash."""
    if layout.last_item is None:
        return layout.dash_column
    i = layout.last_item - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    if i < 0 or text[i] != "-":
        return layout.dash_column
    line_start = text.rfind("\n", 0, i) + 1
    if text[line_start:i].strip(" "):
        return layout.dash_column  # `- - x` or the like: keep what the composer saw
    return i - line_start


def _locate(text: str) -> _Place:
    """Find the end of the top-level `events` list (or of a bare top-level list)."""
    from .store import compose_layout

    root, _, layout = compose_layout(text, "", sink=lambda *item: None)
    if root is not None and layout is not None:
        return place_from_layout(text, layout)
    # No events list to go by: the file is empty, or `events:` is missing or empty.
    body = _body(text)
    if not body:
        return _Place("empty", offset=len(text))
    root = body[0]
    if not _kind(root, yaml.MappingStartEvent) or root.flow_style:
        raise ChronologyError("the store's top level is not a block mapping or a list")
    for i in _top_level_keys(body):
        event = body[i]
        if event.value != "events":
            continue
        value = body[i + 1]
        if (
            _kind(value, yaml.ScalarEvent)
            and scalar_kind(Scalar(value.value, not value.style, value.tag, 0, 0)) == "null"
        ):
            return _Place(
                "null",
                offset=value.start_mark.index,
                replace_to=value.end_mark.index,
                dash=event.start_mark.column + 2,
                content=event.start_mark.column + 4,
            )
        raise ChronologyError("'events' is not a list; fix the store first")
    return _Place("missing", offset=len(text))


@dataclass(frozen=True, slots=True)
class _Item:
    start: int  # index where the item's content starts (after "- ")
    end: int  # index just after its last content line (or its closing bracket)
    line: int  # 1-based line of `start`
    column: int


def _items(text: str, body: list[Any], start: int) -> tuple[list[_Item], Any, Any]:
    """The items of the sequence whose start event is `body[start]`, and its two events."""
    opening = body[start]
    depth = 0
    items: list[_Item] = []
    first: Any = None
    last_end = opening.end_mark.index
    keep = False
    i = start + 1
    while True:
        event = body[i]
        if depth == 0 and _kind(event, yaml.SequenceEndEvent):
            break
        if depth == 0:
            first = event
        if _kind(event, yaml.MappingStartEvent, yaml.SequenceStartEvent):
            depth += 1
        elif _kind(event, yaml.MappingEndEvent, yaml.SequenceEndEvent):
            depth -= 1
            if event.end_mark.index > event.start_mark.index:  # a flow collection's closer
                last_end, keep = event.end_mark.index, False
        elif _kind(event, yaml.ScalarEvent, yaml.AliasEvent):
            last_end, keep = event.end_mark.index, False
            if _kind(event, yaml.ScalarEvent) and event.style in ("|", ">"):
                header = text[event.start_mark.index : text.find("\n", event.start_mark.index)]
                keep = "+" in header
        if depth == 0:
            end = last_end
            if not opening.flow_style and not keep:
                # Back off over the trailing blank lines a block scalar's end mark includes.
                while end > 0 and text[end - 1] in " \t\r\n":
                    end -= 1
                newline = text.find("\n", end)
                end = len(text) if newline < 0 else newline + 1
            mark = first.start_mark
            items.append(_Item(mark.index, end, mark.line + 1, mark.column))
        i += 1
    return items, opening, body[i]


def _top_level_keys(body: list[Any]) -> Iterator[int]:
    """Indexes into `body` of the keys of its top-level mapping."""
    depth, is_key = 0, True
    for i, event in enumerate(body[1:], 1):
        if depth == 0 and is_key and _kind(event, yaml.ScalarEvent):
            yield i
        if _kind(event, yaml.MappingStartEvent, yaml.SequenceStartEvent):
            depth += 1
        elif _kind(event, yaml.MappingEndEvent, yaml.SequenceEndEvent):
            depth -= 1
            if depth < 0:
                return
        if depth == 0:
            is_key = not is_key


def _events_sequence(text: str) -> tuple[list[Any], int]:
    """The parser events of `text` and the index of the events list's start event."""
    body = _body(text)
    if body and _kind(body[0], yaml.SequenceStartEvent):
        return body, 0
    for i in _top_level_keys(body):
        if body[i].value == "events" and _kind(body[i + 1], yaml.SequenceStartEvent):
            return body, i + 1
    raise ChronologyError("the store has no events list")


def replace_event(text: str, line: int, event: NewEvent) -> tuple[str, str]:
    """Replace the event item that starts on `line` with `event`; the rest stays byte for byte."""
    body, start = _events_sequence(text)
    items, opening, _ = _items(text, body, start)
    for item in items:
        if item.line == line:
            break
    else:
        raise ChronologyError(f"no event item starts on line {line}")
    if opening.flow_style:
        new = _flow_event(event)
    else:
        newline = "\r\n" if "\r\n" in text else "\n"
        new = ("\n".join(event_lines(event, " " * item.column)) + "\n").replace("\n", newline)
    return text[: item.start] + new + text[item.end :], new


def insert_events(
    text: str,
    new: Seq[NewEvent],
    title: str | None = None,
    description: str | None = None,
    layout: Layout | None = None,
    *,
    timezone: str | None = None,
    markup: str | None = None,
) -> tuple[str, str]:
    """The text with `new` appended to its events list, and the inserted text alone.

    `title`, `description`, `timezone` and `markup` are used only when `text` is empty: a
    new store gets them and `events:`. A known `layout` saves parsing the text.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    place = place_from_layout(text, layout) if layout is not None else _locate(text)
    if place.kind == "flow":
        items = ", ".join(_flow_event(e) for e in new)
        inserted = (", " if place.comma else "") + items
        return text[: place.offset] + inserted + text[place.offset :], inserted
    if place.kind in ("block", "null"):
        dash, content = place.dash, place.content
    else:
        dash, content = 2, 4
    prefix = " " * dash + "-" + " " * max(content - dash - 1, 1)
    blocks = [prefix + "\n".join(event_lines(e, " " * content)) for e in new]
    separator = "\n\n" if place.blank_between else "\n"
    inserted = separator.join(blocks) + "\n"
    if place.kind == "block":
        before = text[: place.offset]
        if before and not before.endswith("\n"):
            before += newline
        if place.blank_between and not before.replace("\r", "").endswith("\n\n"):
            inserted = "\n" + inserted
        result_inserted = inserted.replace("\n", newline)
        return before + result_inserted + text[place.offset :], result_inserted
    if place.kind == "null":
        head = text[: place.offset].rstrip(" ")
        tail = text[place.replace_to :]
        line_rest, _, after = tail.partition("\n")
        result_inserted = (newline + inserted.rstrip("\n")).replace("\n", newline)
        return head + line_rest + result_inserted + newline + after, result_inserted
    # "missing" or "empty": append an events list (with a title for a new, empty file)
    lead = text if not text or text.endswith("\n") else text + newline
    header = ""
    if place.kind == "empty" and not text.strip():
        if title is not None:
            header = f"title: {scalar(title)}\n"
        if description and title is not None:
            literal = _literal(description, "  ") if "\n" in description else None
            header += f"description: {literal or scalar(description)}\n"
        if timezone:
            header += f"timezone: {scalar(timezone)}\n"
        if markup:
            header += f"markup: {scalar(markup)}\n"
    result_inserted = (header + "events:\n" + inserted).replace("\n", newline)
    return lead + result_inserted, result_inserted
