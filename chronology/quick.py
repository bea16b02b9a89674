"""A quick reader for store files in the usual shape, with the full validator's verdicts.

Most stores are written the way `add`, `import` and people write them: block mappings and
lists, one-line values, `summary: |` text and `[a, b]` lists. For such a file this module
reads the events straight from the text, several times faster than libyaml's event stream
and the node-by-node validator (`chronology.validate`) can.

It never decides anything the full path would decide differently. It takes an item of the
events list only when every line of it is in a grammar whose YAML meaning is certain and
the event is clean: no error and no warning. An item it is unsure of is handed back to be
read the full way by itself (an alias with the items from its anchor's on); when that
finds a problem or a tag, the whole file is read the full way, which then finds and
locates every problem. Tests check that both ways give the same timeline, problems and
layout for the same files.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from .dates import (
    Date,
    DateError,
    Interval,
    parse_date,
    parse_single,
    wall_clock_problem,
    zone_named,
)
from .model import Event, Source
from .rules import (
    EVENT_KEY_SET,
    ID,
    MAX_ID_CHARS,
    NULLS,
    PLAIN_SUSPECT,
    YAML11_WORDS,
    read_event,
    url_problem,
    yaml11_reading,
)
from .store import (
    MAX_ALIAS_NODES,
    MAX_EXPANDED_CHARS,
    MAX_KEY_CHARS,
    MAX_SCALAR_CHARS,
    Layout,
    Mapping,
    NumberTooLong,
    Scalar,
    Sequence,
    compose_layout,
    scalar_kind,
    to_python,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator
    from typing import TypeAlias
    from zoneinfo import ZoneInfo

    #: An event read alone, its id's line and column, and the nodes and characters its
    #: aliases stand for; or None.
    Found: TypeAlias = tuple[Event, tuple[int, int], int, int] | None
    #: Reads items of the events list the full way, by themselves: given their text (from
    #: the start of the first one's `- ` line to the end of the last), the line it starts on,
    #: the file's zone and how many items it holds, the last one's event (see `Found`);
    #: None when the items have a problem or a tag.
    Alone: TypeAlias = Callable[[str, int, str | None, int], Found]

__all__ = ["Known", "Reading", "context_free", "indexed_text", "read", "whole_item"]


class Reading(NamedTuple):
    """What the quick reader took from one clean file, for the validator to adopt."""

    #: The file's top-level mapping with an empty events list (the validator reads it).
    header: Mapping
    #: The file's own `timezone:`, which its events inherit.
    zone: str | None
    events: list[Event]
    #: Each id with the file, line and column where it is written.
    ids: dict[str, tuple[str, int, int]]
    layout: Layout
    #: How many events were read the full way, one at a time (see `Alone`).
    alone: int


#: Tabs pass here: an item with one is read alone, the full way.
_PRINTABLE_ASCII = b"\t\n" + bytes(range(0x20, 0x7F))


class _Doubt(Exception):
    """Raised where the quick reader is not certain; the file then goes the full way."""


#: Where the events list ends: a line that starts at column 0 with neither a space, a
#: comment nor a `- ` item.
_LIST_END = re.compile(r"\n(?=[^ \n#-]|-[^ ])")
#: Lines that are blank or only a comment.
_QUIET = re.compile(r"(?:[ ]*(?:#[^\n]*)?(?:\n|\Z))*")
_FIRST_ITEM = re.compile(r"^( *)- ", re.MULTILINE)
#: A key the quick reader takes: YAML 1.2 limits implicit keys to MAX_KEY_CHARS characters.
_KEY = re.compile(rf"[A-Za-z][A-Za-z0-9_-]{{0,{MAX_KEY_CHARS - 1}}}")
_SINGLE_QUOTED = re.compile(r"'([^']*(?:''[^']*)*)'")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')
#: Characters that start something other than a plain scalar (or might: `-`, `?`, `:`).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


class Known:
    """Items of the events list read before (their exact text and the file's time zone),
    with the events they made: versions of a store read one after another (`diff`, `log`)
    share most items, and an item read again to the byte is the same event.

    Only what the last two reads met is kept: `turn` starts a read."""

    def __init__(self) -> None:
        #: (file zone, item text) -> (event, id line after the item's line, id column)
        self.before: dict[tuple[str | None, str], tuple[Event, int, int]] = {}
        self.now: dict[tuple[str | None, str], tuple[Event, int, int]] = {}
        #: The same for items the full way read (files the quick reader does not take),
        #: each by its whole lines: from the start of the line its mapping starts on to the
        #: start of the line of the token after it (see `whole_item`).
        self.whole_before: dict[tuple[str | None, str], tuple[Event, int, int]] = {}
        self.whole_now: dict[tuple[str | None, str], tuple[Event, int, int]] = {}

    def turn(self) -> None:
        """Start a read: what the last one met is kept, what only the one before met goes."""
        self.before, self.now = self.now, {}
        self.whole_before, self.whole_now = self.whole_now, {}

    def remember(
        self, path: str, data: bytes, events: Iterable[Event], *, leave_out: int = 0
    ) -> int:
        """Take the items of one file from a result of reading it before (from the cache or
        not): `data` are the exact bytes that were read, the quick reader took them (their
        `Layout.quick`), and `events` are the events that read made of the file, each at its
        item's line (`Event.origin`). Returns how many items were taken.

        Such a read made each event from its item's own text, so that text read again is
        that event again. Items with an alias (`*`) are left out: the quick reader may have
        read one with the items before it. So are items whose first key is not `id:`, whose
        id's column is then not known here: they are read again. With `leave_out`, one item
        in that many is left out too, so that a caller can compare what reading it again
        gives with the event read before."""
        decoded = _decode(data)
        if decoded is None:
            return 0
        text, _ = decoded
        try:
            bounds = _list(path, text)
        except _Doubt:
            return 0
        at_line = {event.origin[1]: event for event in events}
        zone, line, column = bounds.zone, bounds.line, bounds.dash + 2 + 5
        taken = 0
        for index, (_, chunk) in enumerate(_item_texts(text, bounds)):
            event = at_line.get(line)
            # The id as written (ids need no quotes, but may have them) is the event's.
            if (
                event is not None
                and chunk.startswith("id: ")
                and chunk[4 : chunk.find("\n")] in _written_ids(event.id)
                and "*" not in chunk
                and not (leave_out and index % leave_out == leave_out - 1)
            ):
                self.now[(zone, chunk)] = (event, 0, column)
                taken += 1
            line += chunk.count("\n")
        return taken

    def remember_whole(
        self,
        path: str,
        data: bytes,
        events: Iterable[Event],
        problems: Iterable[int],
        *,
        leave_out: int = 0,
    ) -> int:
        """`remember` for a file the full way read (its `Layout.quick` is false): each item
        of its events list in the usual shape (see `_list`) is taken by its whole lines, as
        `whole_item` cuts them from a file the full way reads, with the event that read
        made of it, unless one of the lines `problems` (where that read found problems in
        the file) is among them. Left out as well: items with a tag (`!`), whose meaning a
        `%TAG` directive of the file gives, and files with carriage returns or in UTF-16 or
        32 (their text is not the parser's, index for index). Returns how many were taken.

        Why an item's whole lines are its event wherever they are read: in a block list, an
        item ends at the first token on a line indented no more than its dash, so text that
        is a whole item in one file is one in the other, and YAML reads it the same way
        there (its first line fixes its column), but for aliases and tags, left out."""
        text = indexed_text(data)
        if text is None:
            return 0
        try:
            bounds = _list(path, text)
        except _Doubt:
            return 0
        at_line = {event.origin[1]: event for event in events}
        troubled = sorted(set(problems))
        zone, line, column, first = bounds.zone, bounds.line, bounds.dash + 2 + 5, bounds.dash + 2
        taken = 0
        for index, (start, stop) in enumerate(_item_spans(text, bounds)):
            whole = text[start - first : stop]  # from the start of its `- ` line
            event = at_line.get(line)
            lines = whole.count("\n")
            if (
                event is not None
                and bisect_left(troubled, line) == bisect_left(troubled, line + max(lines, 1))
                and whole.startswith("id: ", first)
                and whole[first + 4 : whole.find("\n")] in _written_ids(event.id)
                and context_free(whole)
                and not (leave_out and index % leave_out == leave_out - 1)
            ):
                self.whole_now[(zone, whole)] = (event, 0, column)
                taken += 1
            line += lines
        return taken


def indexed_text(source: str | bytes) -> str | None:
    """The text of a store file whose character indexes are libyaml's marks for it (UTF-8,
    without carriage returns; a byte-order mark, which libyaml does not count, left out),
    or None when it is not such a file."""
    if isinstance(source, str):
        return None if "\r" in source else source.removeprefix("\ufeff")
    if source.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00")) or b"\r" in source:
        return None
    try:
        return source.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def context_free(whole: str) -> bool:
    """Whether an item's whole lines mean the same in any file: no alias (`*`, whose anchor
    may be another) and no tag (`!`, which a `%TAG` directive may give another meaning)."""
    return "*" not in whole and "!" not in whole


def whole_item(text: str, start: int, column: int, end: int, end_column: int) -> str | None:
    """An item of a block events list by its whole lines (the key of `Known.whole_now`):
    from the start of the line where it starts (`start`, at 0-based `column`) to the start
    of the line of the token after it (at `end`, `end_column`). None when anything but
    indentation comes before that token on its line (libyaml puts the token after an item
    of a block list first on its line; if not, the item is read as it is)."""
    line_end = end - end_column
    if text[line_end:end].strip(" "):
        return None
    return text[start - column : line_end]


def _written_ids(event_id: str) -> tuple[str, str, str]:
    return event_id, f"'{event_id}'", f'"{event_id}"'


def read(
    path: str,
    data: bytes,
    taken: Collection[str],
    lines_read: Callable[[int], None] | None = None,
    alone: Alone | None = None,
    *,
    known: Known | None = None,
) -> Reading | None:
    """Read one file if it is in the usual shape and clean, or None when it must be read the
    full way. `taken` holds the ids of the files read before it; `lines_read`, if given,
    learns now and then how many lines of this file have been read.

    With `alone`, an item the quick reader is unsure of is handed to it (see `Alone`) to be
    read the full way by itself, or an alias with the items from the one that writes its
    anchor on; the file goes the full way only when that fails too (a problem or a tag, an
    alias with no anchor in reach).

    With `known`, an item whose text was read before (see `Known`) is that event again,
    at its new place.
    """
    decoded = _decode(data)
    if decoded is None:
        return None
    text, crlf = decoded
    try:
        reading = _read(path, text, taken, lines_read, alone, known=known)
    except _Doubt:
        return None
    layout = reading.layout
    if crlf and layout.last_item is not None:
        # Each line feed before an index stood for two characters of the file.
        layout.last_item += text.count("\n", 0, layout.last_item)
        layout.end += text.count("\n", 0, layout.end)
    return reading


def _decode(data: bytes) -> tuple[str, bool] | None:
    """The text of a file the quick reader may take, with CRLF line ends read as LF (YAML
    reads them alike), and whether it had them; None when it must go the full way."""
    # A carriage return at all first: one byte is found at memchr's speed, two are not
    # (56 ms against 3 ms for 64 MB).
    crlf = b"\r" in data and b"\r\n" in data
    if crlf:
        if data.count(b"\r\n") != data.count(b"\n"):
            return None  # mixed line ends
        data = data.replace(b"\r\n", b"\n")
    try:
        text = data.decode("utf-8")
        # Besides printable ASCII and line feeds, only printable characters: no tabs, other
        # carriage returns, control or format characters, byte-order mark, unassigned code
        # points or the line breaks YAML 1.1 knows besides \n (all unprintable in Python).
        if not data.translate(None, _PRINTABLE_ASCII).decode("utf-8").isprintable():
            return None
    except UnicodeDecodeError:
        return None
    return text, crlf


class _List(NamedTuple):
    """Where a file's events list is, and what the file's header says about its events."""

    root: Mapping
    zone: str | None
    #: The column of the items' dashes, where the first item's text starts and its line.
    dash: int
    body_start: int
    line: int
    #: Where the list ends (the next top-level key, or the end of the text).
    end: int


def _list(path: str, text: str) -> _List:
    """The events list of a file in the usual shape, or _Doubt."""
    # The top-level `events:` key, alone on its line. Once: a line starting `events:` after
    # it ends the list (_LIST_END), and only comments may follow the list (_QUIET), so a
    # second one is doubt without a count over the whole text.
    if text.startswith("events:"):
        key_start = 0
    else:
        key_start = text.find("\nevents:") + 1
        if not key_start:
            raise _Doubt
    begin = text.find("\n", key_start) + 1
    if not begin or not _comment(text[key_start + 7 : begin - 1]):
        raise _Doubt
    after = _LIST_END.search(text, begin - 1)
    end = len(text) if after is None else after.start() + 1
    # Only comments may follow the list: a key after it would move in the header check.
    if not _QUIET.fullmatch(text, end):
        raise _Doubt
    events_line = text.count("\n", 0, key_start) + 1
    root = _header(path, text[:key_start] + "events: []\n", events_line)
    zone_name = _file_zone(root)

    first = _FIRST_ITEM.search(text, begin, end)
    if first is None or not _QUIET.fullmatch(text, begin, first.start()):
        raise _Doubt
    body_start = first.end()
    line = text.count("\n", 0, body_start) + 1
    return _List(root, zone_name, len(first[1]), body_start, line, end)


def _item_texts(text: str, bounds: _List) -> Iterator[tuple[int, str]]:
    """Where each item's text starts (after its `- `) and that text, from its first key to
    the end of its last line (a line end added to the last one if it has none)."""
    for start, stop in _item_spans(text, bounds):
        chunk = text[start:stop]
        yield start, chunk if stop < bounds.end or chunk.endswith("\n") else chunk + "\n"


def _item_spans(text: str, bounds: _List) -> Iterator[tuple[int, int]]:
    """Where each item's text starts (after its `- `) and ends (after the line end of its
    last line, or where the list ends)."""
    end = bounds.end
    separator = "\n" + " " * bounds.dash + "- "
    start = bounds.body_start
    while True:
        stop = text.find(separator, start, end)
        if stop < 0:
            yield start, end
            return
        yield start, stop + 1
        start = stop + len(separator)


def _read(
    path: str,
    text: str,
    taken: Collection[str],
    lines_read: Callable[[int], None] | None,
    alone: Alone | None,
    *,
    known: Known | None,
) -> Reading:
    bounds = _list(path, text)
    root, zone_name, dash, body_start, line, _ = bounds
    reader = _Events(taken, path, dash, zone_name, known)
    events = reader.events
    event = reader.event
    ids = reader.ids
    start = body_start
    read_alone = 0
    # Where each item's line starts and its number (for items read together), and what the
    # aliases of items read alone stand for.
    item_starts: list[int] = []
    item_lines: list[int] = []
    expanded_nodes = expanded_chars = 0
    for start, chunk in _item_texts(text, bounds):
        if len(chunk) > MAX_SCALAR_CHARS:
            raise _Doubt  # a scalar in it may be over the limit: the full way says which
        registered = len(ids)
        item = start - dash - 2  # where the item's `- ` line starts
        try:
            if "\t" in chunk:
                raise _Doubt  # tabs: YAML's rules for them are subtle
            events.append(event(chunk, line))
        except _Doubt:
            if alone is None or chunk[0] in " \n#":
                raise  # (an item that starts below its `- ` starts elsewhere for `add`)
            while len(ids) > registered:
                ids.popitem()  # an id the doubtful item registered before the doubt
            found = alone(text[item:start] + chunk, line, zone_name, 1)
            if found is None and "*" in chunk:
                # An alias: read it with the items from the one that defines its anchor on.
                anchoring = _anchoring_item(text, chunk, item, item_starts, body_start)
                items = len(item_starts) - anchoring + 1 if anchoring is not None else 0
                # (Far from its anchor, an alias is read with the rest of the file: items
                # read again and again would cost more than reading the file once.)
                if anchoring is not None and items <= _GROUP_ITEMS:
                    group = text[item_starts[anchoring] : start] + chunk
                    found = alone(group, item_lines[anchoring], zone_name, items)
            if found is None:
                raise
            one, (id_line, id_column), alias_nodes, alias_chars = found
            if one.id in ids or one.id in taken:
                raise  # a duplicate id: the full way reports it
            expanded_nodes += alias_nodes
            expanded_chars += alias_chars
            if expanded_nodes > MAX_ALIAS_NODES or expanded_chars > MAX_EXPANDED_CHARS:
                raise  # aliases that stand for much: the full way weighs them in the file
            ids[one.id] = (path, id_line, id_column)
            events.append(one)
            read_alone += 1
        if alone is not None:
            item_starts.append(item)
            item_lines.append(line)
        line += chunk.count("\n")
        if lines_read is not None and not len(events) & 1023:
            lines_read(line)

    layout = Layout(False, dash, dash + 2, start, len(text), len(events), zone_name, quick=True)
    return Reading(root, zone_name, events, reader.ids, layout, read_alone)


#: The most items read together for an alias: its own and those from its anchor's on.
_GROUP_ITEMS = 64
#: An alias and its name (libyaml ends a name at a space or a flow indicator).
_ALIAS = re.compile(r"\*([^\s,\[\]{}]+)")


def _anchoring_item(
    text: str, chunk: str, item: int, item_starts: list[int], body_start: int
) -> int | None:
    """The index of the earliest item before the one at `item` that writes `&name` for an
    alias `*name` in `chunk` (the latest such item for each name), or None.

    Read from that item on, each alias finds the anchor the whole file would give it: the
    last one of its name before it. (Text that only looks like an anchor, in quotes or a
    comment, at worst starts the items too late, where the alias finds no anchor: a problem,
    and the file is read the full way.)"""
    first = None
    for name in set(_ALIAS.findall(chunk)):
        written = "&" + name
        at = text.rfind(written, body_start, item)
        while at >= 0 and text[at + len(written) : at + len(written) + 1] not in _NAME_ENDS:
            at = text.rfind(written, body_start, at)
        if at < 0:
            return None
        index = bisect_right(item_starts, at) - 1
        if index < 0:
            return None
        first = index if first is None else min(first, index)
    return first


#: What may follow an anchor's name: a space, a line end or a flow indicator.
_NAME_ENDS = frozenset(" \n,[]{}")


def _header(path: str, header: str, events_line: int) -> Mapping:
    """The file's top-level mapping with an empty events list, composed the full way."""
    root, problems, _ = compose_layout(header, path)
    if problems or type(root) is not Mapping or not root.pairs:
        raise _Doubt
    key, value = root.pairs[-1]
    if key.value != "events" or type(value) is not Sequence or value.line != events_line:
        raise _Doubt
    return root


def _file_zone(root: Mapping) -> str | None:
    for key, value in root.pairs:
        if key.value == "timezone":
            if type(value) is not Scalar or value.tag is not None:
                raise _Doubt
            name = value.value if not value.plain else _text(value.value)
            if zone_named(name) is None:
                raise _Doubt
            return name
    return None


# ------------------------------------------------------------------ scalars

#: First characters after which a one-line value needs the careful reading: quotes,
#: indicators, spaces, and what YAML may read as a number or null.
_CAREFUL_FIRST = frozenset(" -?:,[]{}#&*!|>'\"%@`+.0123456789~")
#: Words YAML reads as null or a boolean, or that YAML 1.1 tools read as a boolean.
_WORDS = (
    frozenset(
        "null Null NULL true True TRUE false False FALSE".split()  # noqa: SIM905
    )
    | YAML11_WORDS
)


def _text(written: str) -> str:
    """A one-line value as the validator's `text` reads it, when that is text and clean."""
    if (
        written
        and written[0] not in _CAREFUL_FIRST
        and written[-1] != " "
        and written[-1] != ":"
        and ": " not in written
        and " #" not in written
        and written not in _WORDS
    ):
        return written
    value, plain = _scalar(written.strip(" "))
    if plain and value[0] in PLAIN_SUSPECT:
        if scalar_kind(Scalar(value, True, None, 0, 0)) != "str":
            raise _Doubt
        if yaml11_reading(value) is not None:
            raise _Doubt
    return value


def _wall_clock_doubt(
    date: Date | Interval, end: Date | None, zone: ZoneInfo | None, zone_name: str
) -> bool:
    """True when a date-time of the event has a wall-clock problem in its zone."""
    dates: list[object] = [date] if type(date) is Date else [date.start, date.end]  # type: ignore[union-attr]
    dates.append(end)
    return any(
        type(d) is Date and d.hour is not None and wall_clock_problem(d, zone, zone_name)
        for d in dates
    )


def _scalar(value: str) -> tuple[str, bool]:
    """A one-line scalar, without surrounding spaces and perhaps with a comment after it:
    its text, and whether it was plain."""
    first = value[:1]
    if first in {"'", '"'}:
        if value.find(first, 1) == len(value) - 1 and (first == "'" or "\\" not in value):
            return value[1:-1], False  # no quote inside and nothing after: most quoted text
        quoted = (_SINGLE_QUOTED if first == "'" else _DOUBLE_QUOTED).match(value)
        if quoted is None or not _comment(value[quoted.end() :]):
            raise _Doubt
        return quoted[1].replace("''", "'") if first == "'" else quoted[1], False
    comment = value.find(" #")
    if comment >= 0:
        value = value[:comment].rstrip(" ")
    # Plain: nothing YAML reads as a mapping or another kind of node.
    if not value or value[0] in _INDICATORS or ": " in value or value[-1] == ":":
        raise _Doubt
    return value, True


def _comment(text: str) -> bool:
    """Whether `text`, the rest of a line after a value or a key, is only spaces or a comment."""
    return not text or (text[0] == " " and text.lstrip(" ")[:1] in ("", "#"))


def _date_text(written: str) -> str:
    """A date's text: any one-line scalar except a plain null."""
    text, plain = _scalar(written.strip(" "))
    if plain and text in NULLS:
        raise _Doubt
    return text


def _items(values: list[str]) -> tuple[str, ...]:
    """Tags or people: none empty and none twice."""
    found = tuple(values)
    if len(set(found)) != len(found):
        raise _Doubt
    for value in found:
        if not value or value.isspace():
            raise _Doubt
    return found


def _flow_items(inner: str) -> tuple[str, ...]:
    """The items of `[a, b]` (given `a, b`): text, none empty and none twice."""
    found = tuple(inner.split(", "))
    if (
        # As `add` writes plain items: no brackets, braces, `#` or `:`, one space after each
        # comma, no other spaces around items, and each text as written.
        _FLOW_BAD.search(inner) is None
        and inner.count(",") == len(found) - 1
        and "  " not in inner
        and " ," not in inner
        and _plain_texts(found)
    ):
        return found
    if not inner.strip(" "):
        return ()
    quote = inner[0]
    if quote in ("'", '"') and inner[-1] == quote and "\\" not in inner:
        # Every item quoted alike, with no quote inside (two quotes an item): as people and
        # dumpers write them.
        separator = quote + ", " + quote
        found = tuple(inner[1:-1].split(separator))
        if inner.count(quote) == 2 * len(found):
            return _items(list(found))
    values = []
    at = 0
    while at < len(inner):
        item = _FLOW_ITEM.match(inner, at)
        if item is None:
            raise _Doubt
        single, double, plain = item.groups()
        if single is not None:
            values.append(single.replace("''", "'"))
        elif double is not None:
            values.append(double)
        else:
            values.append(_text(plain.rstrip(" ")))
        at = item.end()
        if at == len(inner) and inner[-1] == ",":
            raise _Doubt  # an empty item last
    return _items(values)


def _plain_texts(values: Collection[str]) -> bool:
    """Whether each value, written plain, is text as written (the first check of `_text`),
    and none is empty or there twice."""
    return (
        "" not in values
        and _CAREFUL_FIRST.isdisjoint(map(_FIRST_CHARACTER, values))
        and _WORDS.isdisjoint(values)
        and not any(
            text[-1] == " " or text[-1] == ":" or ": " in text or " #" in text for text in values
        )
        and len(set(values)) == len(values)
    )


_FIRST_CHARACTER = operator.itemgetter(slice(0, 1))
_FLOW_BAD = re.compile(r"[\[\]{}#:]")
#: One item of a flow list and the comma after it: quoted, or plain with a `#` only after
#: text (`a#b`, not the comment ` #`); `_text` then refuses a plain `: ` or last `:`.
_FLOW_ITEM = re.compile(
    r""" *(?:'([^']*(?:''[^']*)*)'|"([^"\\]*)"|"""
    r"""([^\s,\[\]{}#:'"?|>&*!%@`-](?:[^,\[\]{}#]|(?<! )#)*)) *(?:,|\Z)"""
)


# ------------------------------------------------------------------ events


def _canonical(indent: int) -> re.Pattern[str]:
    """One event in the layout `add` and `import` write: the keys in their order, one-line
    values, `summary: |`, and lists of one-line items. Groups hold the values as written."""
    k, i, j = " " * indent, " " * (indent + 2), " " * (indent + 4)
    return re.compile(
        rf"id: ([^\n]*)\n"
        rf"{k}date: ([^\n]*)\n"
        rf"(?:{k}end: ([^\n]*)\n)?"
        rf"{k}title: ([^\n]*)\n"
        rf"(?:{k}summary: \|-?\n(?={i}[^ \n])((?:{i}[^\n]*\n|\n)*))?"
        rf"(?:{k}location: ([^\n]*)\n)?"
        rf"(?:{k}timezone: ([^\n]*)\n)?"
        rf"(?:{k}tags:(?: \[([^\n]*)\]\n|\n((?:{i}- [^\n]*\n)+)))?"
        rf"(?:{k}people:(?: \[([^\n]*)\]\n|\n((?:{i}- [^\n]*\n)+)))?"
        rf"(?:{k}timezone: ([^\n]*)\n)?"
        rf"(?:{k}sources:\n((?:{i}- [^\n]*\n(?:{j}[^\n]*\n)*)+))?"
    )


def _source_items(column: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One source of a block list written as `add` writes it, with its `- ` at `column`: a
    URL, or `url:` with an optional `title:`; and a list of them."""
    item, inside = " " * column, " " * (column + 2)
    one = rf"{item}- (?:url: ([^\n]+)\n(?:{inside}title: ([^\n]+)\n)?|([^\n]+)\n)"
    return re.compile(one), re.compile(f"(?:{one})+")


def _ordered(indent: int) -> re.Pattern[str]:
    """One event with the keys in `add`'s order (which dumpers of the same data keep), each
    value written in any way `_Events.general` reads. Groups hold what follows each key's
    colon, with the lines after it that start no key (where `general` splits an item too)."""
    k = " " * indent
    more = rf"(?:(?!{k}(?:[^ \n-]|-[^ ]))[^\n]*\n)*"

    def key(name: str) -> str:
        return rf"{k}{name}:([^\n]*\n{more})"

    return re.compile(
        rf"id:([^\n]*\n{more})"
        rf"{key('date')}"
        rf"(?:{key('end')})?"
        rf"{key('title')}"
        rf"(?:{key('summary')})?"
        rf"(?:{key('location')})?"
        rf"(?:{key('timezone')})?"
        rf"(?:{key('tags')})?"
        rf"(?:{key('people')})?"
        rf"(?:{key('timezone')})?"
        rf"(?:{key('sources')})?"
    )


def _whole(pattern: re.Pattern[str], chunk: str) -> re.Match[str] | None:
    """The match of `pattern` at the start of an item's text, when only blank lines and
    comments follow it; else None."""
    match = pattern.match(chunk)
    if match is None or (match.end() != len(chunk) and not _QUIET.fullmatch(chunk, match.end())):
        return None
    return match


#: Items read the other way after one that is not in `add`'s layout.
_CANONICAL_SKIP = 31

_Written = tuple[
    str, str, "str | None", str, "str | None", "str | None", "str | None",
    tuple[str, ...], tuple[str, ...], tuple[Source, ...],
]  # fmt: skip


class _Events:
    """Reads the events of one file; keeps them apart until the whole file is certain."""

    def __init__(
        self,
        taken: Collection[str],
        path: str,
        dash: int,
        zone_name: str | None,
        known: Known | None = None,
    ) -> None:
        self.taken = taken
        self.known = known
        self.ids: dict[str, tuple[str, int, int]] = {}
        self.events: list[Event] = []
        self.path = path
        self.indent = dash + 2
        #: Where the next key of an event starts: a line at the keys' indentation, but for
        #: `- ` items, which belong to the key before them (`tags:` then `- a` unindented;
        #: after any other key they are not YAML the quick reader takes, and it says so).
        self.fields = re.compile(rf"(?<=\n) {{{self.indent}}}(?=[^ \n-]|-[^ ])")
        #: A line of text indented no more than the event's keys.
        self.shallow = re.compile(rf"\n {{0,{self.indent}}}(?=[^ \n])")
        self.canonical = _canonical(self.indent)
        self.ordered = _ordered(self.indent)
        self.summary_margin = "\n" + " " * (self.indent + 2)
        self.source_item, self.source_items = _source_items(self.indent + 2)
        #: Sources as dumpers write them, their `- ` at the key's indentation.
        self.dumped_item, self.dumped_items = _source_items(self.indent)
        self.zone_name = zone_name
        self.zone: ZoneInfo | None = zone_named(zone_name) if zone_name is not None else None
        self.dates: dict[str, Date | Interval] = {}
        self.lists: dict[str, tuple[str, ...]] = {}
        #: Items left before `add`'s layout is tried again (see `read_event`).
        self.skip_canonical = 0

    def event(self, chunk: str, line: int) -> Event:
        """One item of the events list: its text from the first key, and its line."""
        if self.known is None:
            return self.read_event(chunk, line)
        # (The item's lines after its first carry its indentation: the text says it.)
        key = (self.zone_name, chunk)
        found = self.known.before.get(key)
        if found is None:
            event = self.read_event(chunk, line)
            _, id_line, id_column = self.ids[event.id]
            found = (event, id_line - line, id_column)
        else:
            event = found[0]
            if event.id in self.ids or event.id in self.taken:
                raise _Doubt  # a duplicate: the full way reports it
            self.ids[event.id] = (self.path, line + found[1], found[2])
            if event.origin != (self.path, line):
                event = replace(event, origin=(self.path, line))
        self.known.now[key] = found
        return event

    def read_event(self, chunk: str, line: int) -> Event:
        """`event`, read from the text."""
        # A file in another layout (a dumper's, or by hand) would try `add`'s on each of its
        # items in vain: after a miss, its next `_CANONICAL_SKIP` items go straight to
        # `in_order`, which reads `add`'s layout too (the tries in vain were 2 % of a cold
        # read of dumped events, measured).
        if self.skip_canonical:
            self.skip_canonical -= 1
            return self.in_order(chunk, line)
        match = _whole(self.canonical, chunk)
        if match is None:
            self.skip_canonical = _CANONICAL_SKIP
            return self.in_order(chunk, line)
        (
            event_id, date, end, title, block, location, zone1,
            tags, tag_lines, people, people_lines, zone2, source_lines,
        ) = match.groups()  # fmt: skip
        if zone1 is not None and zone2 is not None:
            raise _Doubt
        summary = None
        if block is not None:
            if " \n" in block:
                return self.general(chunk, line)
            summary = ("\n" + block).replace(self.summary_margin, "\n")[1:].rstrip("\n") or None
        sources: tuple[Source, ...] = ()
        if source_lines is not None:
            read = self.sources(source_lines)
            if read is None:
                return self.general(chunk, line)
            sources = read
        written: _Written = (
            event_id,
            date,
            end,
            title,
            summary,
            location,
            zone1 if zone2 is None else zone2,
            _flow_items(tags) if tags is not None else self.item_lines(tag_lines),
            _flow_items(people) if people is not None else self.item_lines(people_lines),
            sources,
        )
        return self.build(line, (line, self.indent + 5), written, ())

    def build(
        self,
        line: int,
        id_at: tuple[int, int],
        written: _Written,
        extensions: tuple[tuple[str, object], ...],
    ) -> Event:
        """The event from its values as written, checked as the validator checks them.

        `written` holds id, date, end, title, location and timezone as written after their
        `key: `, the summary as text, and tags, people and sources already read.
        """
        (
            written_id, written_date, written_end, written_title, summary,
            written_location, written_zone, tags, people, sources,
        ) = written  # fmt: skip
        event_id = written_id
        if (
            not event_id
            or event_id[0] in _CAREFUL_FIRST
            or event_id in _WORDS
            or len(event_id) > MAX_ID_CHARS
            or not ID.fullmatch(event_id)
        ):
            event_id, plain = _scalar(written_id.strip(" "))
            if plain and scalar_kind(Scalar(event_id, True, None, 0, 0)) != "int":
                event_id = _text(event_id)
            if len(event_id) > MAX_ID_CHARS or not ID.fullmatch(event_id):
                raise _Doubt
        if event_id in self.ids or event_id in self.taken:
            raise _Doubt
        self.ids[event_id] = (
            self.path,
            id_at[0],
            id_at[1] + len(written_id) - len(written_id.lstrip(" ")),
        )

        title = _text(written_title)
        if not title.strip():
            raise _Doubt

        zone_name, zone = self.zone_name, self.zone
        if written_zone is not None:
            zone_name = _text(written_zone)
            zone = zone_named(zone_name)
            if zone is None:
                raise _Doubt

        dates = self.dates
        date = dates.get(written_date)
        if date is None:
            try:
                date = parse_date(_date_text(written_date))
            except DateError:
                raise _Doubt from None
            dates[written_date] = date
        end: Date | None = None
        if written_end is not None:
            end_text = _date_text(written_end)
            if type(date) is not Date or "/" in end_text:
                raise _Doubt
            try:
                end = parse_single(end_text)
            except DateError:
                raise _Doubt from None
            if end.instant_end(zone) <= date.instant_start(zone):
                raise _Doubt

        if zone_name is not None and _wall_clock_doubt(date, end, zone, zone_name):
            raise _Doubt  # skipped, repeated or offset against the zone: the full way says
        location = _text(written_location) if written_location is not None else None
        return read_event(
            event_id=event_id, date=date, title=title, end=end, summary=summary,
            location=location, tags=tags, people=people, zone_name=zone_name, zone=zone,
            sources=sources, extensions=extensions, origin=(self.path, line),
        )  # fmt: skip

    def item_lines(self, block: str | None) -> tuple[str, ...]:
        """A block list of one-line items, as canonical events write it (or none)."""
        if block is None:
            return ()
        start = self.indent + 4
        values = []
        for text in block.split("\n")[:-1]:
            values.append(_item(text[start:]))
        return _items(values)

    def sources(self, block: str, dumped: bool = False) -> tuple[Source, ...] | None:
        """A block list of sources as `add` writes it (or, `dumped`, with each `- ` at the
        key's indentation): each a URL, or `url:` with an optional `title:`. None when it is
        written otherwise."""
        items, item = (
            (self.dumped_items, self.dumped_item)
            if dumped
            else (self.source_items, self.source_item)
        )
        if items.fullmatch(block) is None:
            return None
        found = []
        for url, title, alone in item.findall(block):
            if url:
                source = Source(_text(url), _text(title) if title else None)
            else:
                source = Source(_item(alone))
            if url_problem(source.url) is not None:
                raise _Doubt
            found.append(source)
        if len(found) > 1 and len({source.url for source in found}) != len(found):
            raise _Doubt
        return tuple(found)

    @staticmethod
    def pair(pairs: dict[str, str], text: str) -> None:
        key, colon, value = text.partition(": ")
        if not colon or key in pairs or not _KEY.fullmatch(key):
            raise _Doubt
        if key not in ("url", "title", "accessed") and not key.startswith("x-"):
            raise _Doubt
        pairs[key] = value

    def source(self, pairs: dict[str, str]) -> Source:
        written = pairs.get("url")
        if written is None:
            raise _Doubt
        url = _text(written)
        if url_problem(url) is not None:
            raise _Doubt
        title = pairs.get("title")
        accessed = pairs.get("accessed")
        for name, value in pairs.items():
            if name.startswith("x-"):
                _scalar(value.strip(" "))  # the validator ignores it, but it must be YAML we know
        if accessed is not None:
            try:
                when: Date | None = parse_single(_date_text(accessed))
            except DateError:
                raise _Doubt from None
        else:
            when = None
        return Source(url, _text(title) if title is not None else None, when)

    # -- any other layout: the keys in the usual order, or one key at a time

    def in_order(self, chunk: str, line: int) -> Event:
        """An event whose keys come in the usual order, each value read as `general` reads
        it (one match finds them all; else `general`)."""
        match = _whole(self.ordered, chunk)
        if match is None:
            return self.general(chunk, line)
        event_id, date, end, title, summary, location, zone1, tags, people, zone2, sources = (
            match.groups()
        )
        if zone1 is not None and zone2 is not None:
            raise _Doubt
        zone = zone1 if zone2 is None else zone2
        one = self.one_value
        written: _Written = (
            one(event_id),
            one(date),
            one(end) if end is not None else None,
            one(title),
            self.summary(summary) if summary is not None else None,
            one(location) if location is not None else None,
            one(zone) if zone is not None else None,
            self.strings(tags) if tags is not None else (),
            self.strings(people) if people is not None else (),
            self.ordered_sources(sources) if sources is not None else (),
        )
        return self.build(line, (line, self.indent + 5), written, ())

    def ordered_sources(self, rest: str) -> tuple[Source, ...]:
        """What follows `sources:`: a block list as `add` or a dumper writes it, read by one
        match (`sources`), else as `general` reads it."""
        newline = rest.find("\n")
        if _comment(rest[:newline]):  # nothing, or a comment, after `sources:`
            block = rest[newline + 1 :]
            found = self.sources(block, dumped=block[self.indent : self.indent + 1] == "-")
            if found is not None:
                return found
        return self.general_sources(rest)

    def general(self, chunk: str, line: int) -> Event:
        """An event whose keys come in another order, with comments, `x-` keys and so on."""
        parts = self.fields.split(chunk)
        fields: dict[str, str] = {}
        id_at = (line, self.indent + 5)
        extensions: list[tuple[str, object]] = []
        for index, part in enumerate(parts):
            key, colon, rest = part.partition(":")
            if key in EVENT_KEY_SET:  # (a key without its colon holds the line's end)
                if key in fields:
                    raise _Doubt
                fields[key] = rest
                if key == "id" and index:
                    id_at = (line + "".join(parts[:index]).count("\n"), self.indent + 5)
            elif key[:1] == "#" and index:
                if not _QUIET.fullmatch(part):
                    raise _Doubt
            elif not colon or key in fields:
                raise _Doubt
            elif key.startswith("x-") and _KEY.fullmatch(key):
                if any(name == key for name, _ in extensions):
                    raise _Doubt
                value, plain = _scalar(self.one_value(rest).strip(" "))
                try:
                    extensions.append((key, to_python(Scalar(value, plain, None, 0, 0))))
                except NumberTooLong:
                    raise _Doubt from None
            else:
                raise _Doubt
        if "id" not in fields or "date" not in fields or "title" not in fields:
            raise _Doubt
        one = {
            key: self.one_value(rest)
            for key, rest in fields.items()
            if key not in ("summary", "tags", "people", "sources")
        }
        summary = self.summary(fields["summary"]) if "summary" in fields else None
        written = (
            one["id"],
            one["date"],
            one.get("end"),
            one["title"],
            summary,
            one.get("location"),
            one.get("timezone"),
            self.strings(fields["tags"]) if "tags" in fields else (),
            self.strings(fields["people"]) if "people" in fields else (),
            self.general_sources(fields["sources"]) if "sources" in fields else (),
        )
        return self.build(line, id_at, written, tuple(extensions))

    def one_value(self, rest: str) -> str:
        """What follows `key:`, as a one-line value would be written: `value` for any text on
        the key's line and more lines of its own (see `value`), with no line break in it."""
        if rest.find("\n") == len(rest) - 1 and rest[:1] == " ":
            return rest[1:-1]  # one line (what most values are; `value` says the same)
        written = self.value(rest)
        if "\n" in written:
            raise _Doubt  # a title on two lines is an error, and so on: the full way says
        return written

    def value(self, rest: str) -> str:
        """What follows `key:` (a one-line value written as it is, or a plain or quoted value
        over several lines, folded as YAML folds it and written as a scalar of its kind on
        one line; line breaks it keeps stay in the quotes)."""
        newline = rest.find("\n")
        if newline == len(rest) - 1 and rest[:1] == " ":
            return rest[1:-1]  # one line (what most values are)
        if newline < 0 or _QUIET.fullmatch(rest, newline + 1):
            return _one_line(rest)
        if rest[:1] != " ":
            raise _Doubt
        first = rest[1:newline].strip(" ")
        if first[:1] in ("'", '"'):
            return self.quoted_lines(rest[1:].lstrip(" "))
        return self.plain_lines(first, rest[newline + 1 :])

    def plain_lines(self, first: str, following: str) -> str:
        """A plain value over several lines: `first` and the lines after it, joined by spaces."""
        if not first or first[0] in _INDICATORS:
            raise _Doubt
        found = [first]
        lines = following.split("\n")
        for number, text in enumerate(lines):
            stripped = text.lstrip(" ")
            if not stripped or stripped[0] == "#":
                # The value ends at a blank line or a comment (a blank line between two of
                # its lines would be a line break in it: the full way reads those).
                if not _QUIET.fullmatch("\n".join(lines[number:])):
                    raise _Doubt
                break
            if len(text) - len(stripped) <= self.indent or stripped[0] in _INDICATORS:
                raise _Doubt
            found.append(stripped.rstrip(" "))
        for text in found:
            if " #" in text:
                raise _Doubt  # a comment ends the value (`_text` refuses `: ` and a last `:`)
        return " ".join(found)

    def quoted_lines(self, value: str) -> str:
        """A quoted value over several lines (from its opening quote), folded: each line
        break between two lines of text is a space, and each blank line a line break."""
        quote = value[0]
        # The closing quote: the first one not doubled (`''` in single quotes is a quote).
        close = value.find(quote, 1)
        if quote == "'":
            while close >= 0 and value[close + 1 : close + 2] == "'":
                close = value.find("'", close + 2)
        elif "\\" in value[:close]:
            raise _Doubt  # escapes: the full way reads them
        if close < 0:
            raise _Doubt
        newline = value.find("\n", close)
        after = value[close + 1 :] if newline < 0 else value[close + 1 : newline]
        if not _comment(after) or (newline >= 0 and not _QUIET.fullmatch(value, newline + 1)):
            raise _Doubt
        content = value[1:close]
        if self.shallow.search(content):
            raise _Doubt  # a line with no more indentation than the key's (YAML wants more)
        return quote + _folded(content) + quote  # `''` stays as written

    def summary(self, rest: str) -> str | None:
        """`summary: |` (or `|-`, `>`, `>-`) and its lines, or a summary in one scalar."""
        newline = rest.find("\n")
        header = rest[:newline].strip(" ")
        if header in (">", ">-"):
            return self.folded(self.literal(rest, newline))
        if header not in ("|", "|-"):
            return _text(self.value(rest)).rstrip("\n") or None
        return self.literal(rest, newline)

    def literal(self, rest: str, newline: int) -> str | None:
        """The lines of a block scalar (after its header line), as a literal one keeps them."""
        if rest[:1] != " ":
            raise _Doubt
        lines = rest[newline + 1 :].split("\n")
        first = lines[0]
        indent = len(first) - len(first.lstrip(" "))
        if indent <= self.indent or indent == len(first):
            raise _Doubt
        prefix = " " * indent
        kept: list[str] = []
        for number, text in enumerate(lines):
            if text.startswith(prefix):
                if text.isspace():
                    raise _Doubt  # spaces beyond the indentation: YAML's rules are subtle
                kept.append(text[indent:])
            elif not text or text.isspace():
                kept.append("")  # an empty line, perhaps with some indentation
            elif not _QUIET.fullmatch("\n".join(lines[number:])):
                raise _Doubt
            else:
                break
        return "\n".join(kept).rstrip("\n") or None

    @staticmethod
    def folded(kept: str | None) -> str | None:
        """A folded block scalar's text from its lines (`literal`): lines of text are joined
        by a space, and each blank line between them is a line break."""
        if kept is None:
            return None
        lines = kept.split("\n")
        if not lines[0] or any(text[:1] == " " for text in lines):
            raise _Doubt  # leading blank or more-indented lines: YAML keeps their breaks
        folded = lines[0]
        breaks = 0
        for text in lines[1:]:
            if not text:
                breaks += 1
                continue
            folded += ("\n" * breaks if breaks else " ") + text
            breaks = 0
        return folded

    def block_lines(self, rest: str) -> list[tuple[int, str]]:
        """The lines of a block list under a `key:` line: (indent, text), comments left out."""
        newline = rest.find("\n")
        if newline < 0 or not _comment(rest[:newline]):
            raise _Doubt
        found: list[tuple[int, str]] = []
        for text in rest[newline + 1 :].split("\n"):
            stripped = text.lstrip(" ")
            if stripped and stripped[0] != "#":
                found.append((len(text) - len(stripped), stripped))
        if not found or found[0][0] < self.indent:
            raise _Doubt
        return found

    def strings(self, rest: str) -> tuple[str, ...]:
        """`[a, b]` or a block list of one-line items (the same text reads the same: lists
        of tags and people repeat, and are read once)."""
        found = self.lists.get(rest)
        if found is None:
            found = self.lists[rest] = self.read_strings(rest)
        return found

    def read_strings(self, rest: str) -> tuple[str, ...]:
        if rest.lstrip(" ")[:1] == "[":
            value = _one_line(rest).strip(" ")
            close = value.find("]")
            if close < 0 or not _comment(value[close + 1 :]):
                raise _Doubt
            return _flow_items(value[1:close])
        simple = self.simple_items(rest)
        if simple is not None:
            return simple
        lines = self.block_lines(rest)
        column = lines[0][0]
        values = []
        for indent, text in lines:
            if indent != column or text[:2] != "- ":
                raise _Doubt
            values.append(_item(text[2:]))
        return _items(values)

    def simple_items(self, rest: str) -> tuple[str, ...] | None:
        """A block list of plain one-line items that need no careful reading (as dumpers
        write tags and people: `- word` at one indentation), else None."""
        if rest[:1] != "\n" or rest[-1:] != "\n":
            return None
        lines = rest[1:-1].split("\n")
        first = lines[0]
        dash = len(first) - len(first.lstrip(" "))
        if dash < self.indent:
            return None
        prefix = first[:dash] + "- "
        start = dash + 2
        values = [text[start:] for text in lines if text.startswith(prefix)]
        if len(values) != len(lines) or not _plain_texts(values):
            return None
        return tuple(values)

    def general_sources(self, rest: str) -> tuple[Source, ...]:
        if rest.lstrip(" ")[:1] == "[":  # a flow list of URLs
            # (Not through `strings`' cache: a list of sources is seldom written twice.)
            listed = tuple(Source(url) for url in self.read_strings(rest))
            if any(url_problem(source.url) is not None for source in listed):
                raise _Doubt
            return listed
        lines = self.block_lines(rest)
        column = lines[0][0]
        found: list[Source] = []
        pairs: dict[str, str] | None = None
        for indent, text in lines:
            if indent == column and text[:2] == "- ":
                if pairs is not None:
                    found.append(self.source(pairs))
                    pairs = None
                value = text[2:]
                if value[:1] not in ("'", '"') and (
                    ": " in value or value.rstrip(" ").endswith(":")
                ):
                    pairs = {}
                    self.pair(pairs, value)
                    continue
                url = _item(value)
                if url_problem(url) is not None:
                    raise _Doubt
                found.append(Source(url))
            elif indent == column + 2 and pairs is not None:
                self.pair(pairs, text)
            else:
                raise _Doubt
        if pairs is not None:
            found.append(self.source(pairs))
        if len({source.url for source in found}) != len(found):
            raise _Doubt
        return tuple(found)


#: A line break in a quoted value, with the spaces around it and the blank lines after it.
_BREAKS = re.compile(r"[ ]*\n(?:[ ]*\n)*[ ]*")


def _folded_break(match: re.Match[str]) -> str:
    """What a run of line breaks in a quoted value folds to: one break is a space, and each
    blank line after it a line break."""
    breaks = match.group().count("\n")
    return " " if breaks == 1 else "\n" * (breaks - 1)


def _folded(content: str) -> str:
    """A quoted value's text with its line breaks folded (`_folded_break`)."""
    lines = content.split("\n")
    if len(lines) == 1:
        return content
    # The usual case, with at most one blank line in a row, without a function called for
    # each run of breaks: 0.33 -> 0.19 s for the 75,000 summaries of 100,000 dumped events.
    lines[1:-1] = [text.strip(" ") for text in lines[1:-1]]
    lines[0], lines[-1] = lines[0].rstrip(" "), lines[-1].lstrip(" ")
    stripped = "\n".join(lines)
    if "\n\n\n" in stripped:
        return _BREAKS.sub(_folded_break, content)
    return "\n".join(part.replace("\n", " ") for part in stripped.split("\n\n"))


def _item(written: str) -> str:
    """A one-line item of a block list, as text: not a mapping, not a nested list."""
    value = written.strip(" ")
    if value[:1] not in ("'", '"') and (": " in value or value.endswith(":")):
        raise _Doubt
    return _text(value)


def _one_line(rest: str) -> str:
    """What follows `key:` when it must fit on the line (comment lines may follow)."""
    newline = rest.find("\n")
    if newline >= 0:
        if not _QUIET.fullmatch(rest, newline + 1):
            raise _Doubt
        rest = rest[:newline]
    if rest[:1] != " ":
        raise _Doubt
    return rest[1:]
