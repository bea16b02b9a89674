"""Importing an iCalendar file: VEVENTs become events, inserted as text (SPEC §4).

Files written by `export ics` carry `X-CHRONOLOGY-*` properties; they restore the exact
date expressions, zone, people and sources, so export → import → export is byte-identical.
Parsing uses the `icalendar` library; it is imported only by this command.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .add import inside_directory, others_unchanged, same_fields, store_title
from .dates import DateError, parse_date, parse_single, zone_named
from .emit import NewEvent, insert_events, replace_event
from .errors import ChronologyError
from .escapes import visible_line
from .ids import new_id
from .model import Event, Source, Timeline
from .renderers.ical import details
from .rules import url_problem
from .store import Layout
from .writer import LOCK_TIMEOUT, Change, change

__all__ = [
    "Calendar",
    "Imported",
    "Skipped",
    "import_calendar",
    "import_events",
    "read_calendar",
    "read_csv",
    "read_json",
]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A component that was not imported, and why."""

    what: str
    reason: str


@dataclass(frozen=True, slots=True)
class Calendar:
    """What a file to import holds (an .ics calendar, a JSON export): its name and
    description, the events, what was skipped; a JSON export also its zone and markup,
    which a new store takes."""

    title: str | None
    description: str | None
    events: tuple[NewEvent, ...]
    skipped: tuple[Skipped, ...]
    notes: tuple[str, ...] = ()
    timezone: str | None = None
    markup: str | None = None


@dataclass(slots=True)
class Imported:
    """The outcome of an import."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    text: str = ""
    change: Change | None = None

    def summary(self) -> str:
        """One line: counts of added, updated, unchanged and skipped events."""
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
        )


def _unescape(raw: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def _text(value: Any) -> str:
    """A TEXT value; properties the parser has no type for (NAME, X-…) are still escaped."""
    import icalendar

    if isinstance(value, icalendar.prop.vUnknown):
        return _unescape(value.to_ical().decode("utf-8"))
    return str(value)


def _all(component: Any, name: str) -> list[Any]:
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _timestamp(value: datetime, zone_key: str | None) -> str:
    text = value.strftime("%Y-%m-%dT%H:%M")
    if value.second:
        text += value.strftime(":%S")
    return text + ("Z" if zone_key == "UTC" else "")


def _zone_key(value: datetime) -> str | None:
    """'UTC', an IANA name, or None for a floating time; other zones become UTC first."""
    tz = value.tzinfo
    if tz is None:
        return None
    offset = value.utcoffset()
    key = getattr(tz, "key", None) or getattr(tz, "zone", None)
    if key in ("UTC", "Etc/UTC", "GMT") or (key is None and offset == timedelta(0)):
        return "UTC"
    if isinstance(key, str) and zone_named(key) is not None:
        return key
    return "UTC"


def _dates(component: Any, shift: timedelta = timedelta(0)) -> tuple[str, str | None, str | None]:
    """(date, end, timezone) from DTSTART/DTEND/DURATION, moved by `shift` (an occurrence of
    a recurring event: wall-clock time, as RFC 5545 repeats it). Raises ValueError if
    unusable."""
    start = component.decoded("DTSTART")
    end: Any = component.decoded("DTEND") if "DTEND" in component else None
    if end is None and "DURATION" in component:
        end = start + component.decoded("DURATION")
    start = start + shift
    end = end + shift if end is not None else None
    if isinstance(start, datetime):
        key = _zone_key(start)

        def wall(value: datetime) -> str:
            """The time as written in the store: UTC with Z, or wall-clock in start's zone."""
            if key is None:
                return _timestamp(value, None)
            if key == "UTC":
                return _timestamp(value.astimezone(UTC), "UTC")
            return _timestamp(value.astimezone(start.tzinfo).replace(tzinfo=None), None)

        end_text = None
        comparable = isinstance(end, datetime) and (end.tzinfo is None) == (start.tzinfo is None)
        if comparable and end > start:
            end_text = wall(end)
        return wall(start), end_text, key if key not in (None, "UTC") else None
    if isinstance(start, date):
        last = end - timedelta(days=1) if isinstance(end, date) else None
        if isinstance(end, datetime):
            last = None
        end_text = last.isoformat() if last is not None and last > start else None
        return start.isoformat(), end_text, None
    raise ValueError(f"DTSTART is not a date: {start!r}")


def _sources(
    component: Any, notes: list[str], label: str
) -> tuple[tuple[str, str | None, str | None], ...]:
    found: list[tuple[str, str | None, str | None]] = []
    for prop in _all(component, "X-CHRONOLOGY-SOURCE"):
        url, _, title = _text(prop).partition(" ")
        accessed = prop.params.get("X-ACCESSED") if hasattr(prop, "params") else None
        if accessed:
            try:
                parse_single(str(accessed))
            except DateError as err:
                notes.append(f"{label}: X-ACCESSED of {url} ignored ({err})")
                accessed = None
        found.append((url, title or None, str(accessed) if accessed else None))
    if not found:
        found.extend((str(url), None, None) for url in _all(component, "URL"))
    kept: list[tuple[str, str | None, str | None]] = []
    for source in found:
        problem = url_problem(source[0])
        if problem is None and source[0] not in [k[0] for k in kept]:
            kept.append(source)
        elif problem is not None:
            notes.append(f"{label}: source left out: {problem}")
    return tuple(kept)


_RECURRENCE = ("RRULE", "RDATE", "EXDATE", "EXRULE")
_ORPHAN = "a changed occurrence of a recurring event that is not in the file"


def _series(component: Any) -> tuple[Any, Callable[[Any], Any]]:
    """The occurrences of a recurring event as a dateutil rruleset: DTSTART (RFC 5545:
    always the first instance), the RRULE and RDATE instances, less the EXDATEs; and the
    function that turns a date or time into the set's kind (naive midnight for an all-day
    series). Raises ValueError for a rule dateutil cannot read."""
    from dateutil.rrule import rruleset, rrulestr

    start = component.decoded("DTSTART")
    all_day = not isinstance(start, datetime)

    def moment(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.replace(tzinfo=None) if all_day else value
        return datetime.combine(value, datetime.min.time()) if all_day else value

    anchor = moment(start)
    series = rruleset()
    series.rdate(anchor)
    for prop in _all(component, "RRULE"):
        series.rrule(rrulestr(prop.to_ical().decode("ascii"), dtstart=anchor))  # type: ignore[arg-type]
    for name, add in (("RDATE", series.rdate), ("EXDATE", series.exdate)):
        for prop in _all(component, name):
            for value in getattr(prop, "dts", []):
                if isinstance(value.dt, tuple):  # an RDATE period: its start
                    add(moment(value.dt[0]))
                elif isinstance(value.dt, (date, datetime)):
                    add(moment(value.dt))
    return series, moment


def _first_occurrence(component: Any) -> Any:
    """The start of the first occurrence of a recurring event (as DTSTART is: a date for
    an all-day one); None when every occurrence is excluded."""
    series, _ = _series(component)
    try:
        first = next(iter(series))
    except StopIteration:
        return None
    except TypeError as err:  # naive and aware times mixed in one rule
        raise ValueError(str(err)) from None
    return first.date() if not isinstance(component.decoded("DTSTART"), datetime) else first


#: The most occurrences `--expand` makes of one series (a window too wide for the rule).
MAX_OCCURRENCES = 10_000


def _expanded(
    component: Any, notes: list[str], changed: dict[Any, Any], window: tuple[int, int]
) -> list[NewEvent] | Skipped:
    """Each occurrence of a recurring event that starts inside `window` (UTC seconds, the
    end excluded; floating and all-day times are taken as UTC), as its own event: id from
    the UID and the occurrence's date, `changed` (RECURRENCE-ID → component) used where an
    occurrence was changed."""
    uid, label = _uid(component), _label(component)
    broken = _malformed(component)
    if broken is not None:
        return broken
    if "DTSTART" not in component:
        return Skipped(label, "no DTSTART")
    try:
        series, moment = _series(component)
        start = moment(component.decoded("DTSTART"))  # a naive midnight for an all-day one
        lo, hi = (datetime.fromtimestamp(t, UTC) for t in window)
        if start.tzinfo is None:
            lo, hi = lo.replace(tzinfo=None), hi.replace(tzinfo=None)
        found: list[datetime] = []
        for occurrence in series.xafter(lo, inc=True):
            if occurrence >= hi:
                break
            if len(found) == MAX_OCCURRENCES:
                return Skipped(
                    label, f"more than {MAX_OCCURRENCES} occurrences in the --expand window"
                )
            found.append(occurrence)
    except (ValueError, TypeError, OverflowError) as err:
        return Skipped(label, f"a recurring event whose rule cannot be read ({err})")
    if not found:
        return Skipped(label, "a recurring event with no occurrence in the --expand window")
    days = [o.date() for o in found]
    # The id `_event_id` gives without a date: the UID, or the title and a hash of the UID.
    stem = _event_id(uid, "", " ".join(_text(component.get("SUMMARY", "")).split()))
    events: list[NewEvent] = []
    for occurrence in found:
        override = changed.get(occurrence)
        source = override if override is not None else component
        shift = timedelta(0) if override is not None else occurrence - start
        event = _single(source, notes, label, uid, shift)
        if isinstance(event, Skipped):
            return event
        suffix = occurrence.strftime("%Y-%m-%d")
        if days.count(occurrence.date()) > 1:
            suffix += occurrence.strftime("t%H%M")
        events.append(replace(event, id=f"{stem}-{suffix}"))
    notes.append(f"{label}: a recurring event, {len(events)} occurrences in the --expand window")
    return events


def _rule_text(component: Any) -> str:
    """The recurrence properties as iCalendar lines, for `x-rrule`."""
    return "\n".join(
        str(component.content_line(name, value))
        for name, value in component.property_items(recursive=False)
        if name in _RECURRENCE
    )


def _uid(component: Any) -> str:
    return str(component.get("UID", "")).strip()


def _label(component: Any) -> str:
    """How a component is named in messages: its UID, else its SUMMARY."""
    return _uid(component) or str(component.get("SUMMARY", "an event without UID"))


def _malformed(component: Any) -> Skipped | None:
    """Why a component cannot be read at all (icalendar's errors), or None."""
    if not component.errors:
        return None
    problems = "; ".join(f"{name}: {message}" for name, message in component.errors)
    return Skipped(_label(component), f"malformed ({problems})")


def _candidate(component: Any, notes: list[str], override: Any = None) -> NewEvent | Skipped:
    """The event of a VEVENT, or why it is skipped. A recurring one gives its first
    occurrence (`override`: the changed first occurrence, a RECURRENCE-ID component), its
    rule kept in `x-rrule`."""
    uid, label = _uid(component), _label(component)
    broken = _malformed(component)
    if broken is not None:
        return broken
    rule = ""
    shift = timedelta(0)
    if any(name in component for name in _RECURRENCE):
        if "DTSTART" not in component:
            return Skipped(label, "no DTSTART")
        try:
            first = _first_occurrence(component)
        except (ValueError, TypeError, OverflowError) as err:
            return Skipped(label, f"a recurring event whose rule cannot be read ({err})")
        if first is None:
            return Skipped(label, "a recurring event whose every occurrence is excluded")
        shift = first - component.decoded("DTSTART")
        rule = _rule_text(component)
    elif "RECURRENCE-ID" in component:
        return Skipped(
            label,
            "a changed occurrence of a recurring event (the series is imported as its "
            "first occurrence)",
        )
    source = component
    if override is not None:  # the first occurrence as changed: its own fields and dates
        source, shift = override, timedelta(0)
    event = _single(source, notes, label, uid, shift)
    if isinstance(event, Skipped) or not rule:
        return event
    notes.append(
        f"{label}: a recurring event, read as its first occurrence ({event.date}); "
        "its rule is kept in x-rrule"
    )
    return replace(event, extensions=(("x-rrule", rule),))


def _single(
    component: Any, notes: list[str], label: str, uid: str, shift: timedelta
) -> NewEvent | Skipped:
    """One dated event from a VEVENT, its dates moved by `shift`."""
    title = " ".join(_text(component.get("SUMMARY", "")).split())
    if not title:
        return Skipped(label, "no SUMMARY (title)")
    if "DTSTART" not in component:
        return Skipped(label, "no DTSTART")
    try:
        date_text, end_text, zone = _dates(component, shift)
    except (ValueError, TypeError, OverflowError) as err:
        return Skipped(label, f"unusable dates ({err})")
    own_date = component.get("X-CHRONOLOGY-DATE")
    if own_date is not None:
        own_end = component.get("X-CHRONOLOGY-END")
        try:  # both are checked before either is taken: a bad end keeps DTSTART/DTEND
            parse_date(_text(own_date))
            if own_end is not None:
                parse_single(_text(own_end))
        except DateError as err:
            notes.append(f"{label}: X-CHRONOLOGY-DATE and -END ignored ({err})")
        else:
            date_text = _text(own_date)
            end_text = _text(own_end) if own_end is not None else None
    own_zone = component.get("X-CHRONOLOGY-TIMEZONE")
    if own_zone is not None and zone_named(_text(own_zone)) is not None:
        zone = _text(own_zone)
    people = tuple(dict.fromkeys(_text(p) for p in _all(component, "X-CHRONOLOGY-PERSON")))
    tags: list[str] = []
    for prop in _all(component, "CATEGORIES"):
        tags.extend(str(c) for c in getattr(prop, "cats", [prop]))
    sources = _sources(component, notes, label)
    event = NewEvent(
        id=_event_id(uid, date_text, title),
        date=date_text,
        end=end_text,
        title=title,
        location=_text(component["LOCATION"]).strip() or None if "LOCATION" in component else None,
        timezone=zone,
        tags=tuple(dict.fromkeys(t for t in tags if t.strip())),
        people=people,
        sources=sources,
    )
    description = _text(component.get("DESCRIPTION", ""))
    return replace(event, summary=_summary(description, event).rstrip("\n") or None)


def _event_id(uid: str, date_text: str, title: str) -> str:
    """The UID without its `@domain`, when that is a valid id; else one from date and title
    with a short hash of the UID, so that importing the same file again finds the same id."""
    local = uid.rpartition("@")[0] if "@" in uid else uid
    if _ID.fullmatch(local):
        return local
    digest = hashlib.sha1(uid.encode("utf-8")).hexdigest()[:6] if uid else ""
    base = new_id(date_text, title)
    return f"{base}-{digest}" if digest else base


def _summary(description: str, event: NewEvent) -> str:
    """The DESCRIPTION without the When/People/Sources block that `export ics` appends."""
    try:
        probe = _as_event(event)
    except DateError:
        return description
    tail = details(probe)
    if tail and description == tail:
        return ""
    if tail and description.endswith("\n\n" + tail):
        return description[: -len(tail) - 2]
    return description


def _as_event(event: NewEvent) -> Event:
    value = parse_date(event.date)
    end = parse_single(event.end) if event.end else None
    sources = tuple(
        Source(url, title, parse_single(accessed) if accessed else None)
        for url, title, accessed in event.sources
    )
    return Event(
        id=event.id,
        date=value,
        title=event.title,
        end=end,
        people=event.people,
        timezone=event.timezone,  # the zone labels the times of its "When:" line
        sources=sources,
    )


_GUESSED_ZONE = re.compile(r"Timezone '(.+?)' is a globally unique TZID; guessing it means '(.+?)'")


def read_calendar(data: bytes, expand: tuple[int, int] | None = None) -> Calendar:
    """Parse .ics bytes into events to import and the components skipped, with reasons.

    icalendar warns when it guesses what a vendor's TZID (`/mozilla.org/…/Europe/Berlin`)
    means; that guess becomes a note, and any other warning goes on to the caller.
    """
    import warnings

    from icalendar.error import GloballyUniqueTZIDGuessed

    text, encoding_note = _calendar_text(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        calendar = _read_calendar(text, expand)
    notes = ([encoding_note] if encoding_note else []) + list(calendar.notes)
    for warning in caught:
        if not issubclass(warning.category, GloballyUniqueTZIDGuessed):
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
            continue
        guessed = _GUESSED_ZONE.match(str(warning.message))
        note = f"time zone {guessed[1]!r} read as {guessed[2]}" if guessed else str(warning.message)
        if note not in notes:
            notes.append(note)
    return replace(calendar, notes=tuple(notes))


#: The fields of an event in chronology's JSON export that an import reads back (`span` is
#: computed, and `x-` keys are the event's own).
_JSON_TEXT = ("id", "date", "title")
_JSON_OPTIONAL = ("end", "summary", "location", "timezone")


def read_json(data: bytes, name: str) -> Calendar:
    """chronology's own JSON export (`export json`) as events to import: every field and
    `x-` key, so that export → import → export gives the same bytes. A record that is not
    an event (a missing or mistyped field, a date outside the grammar) is skipped with its
    place (`NAME:LINE`, the line of its record: the export writes one a line)."""
    import json

    try:
        text = data.decode("utf-8-sig")
        document = json.loads(text)
    except UnicodeDecodeError as err:
        raise ChronologyError(f"{name}: byte {err.start} is not UTF-8") from None
    except json.JSONDecodeError as err:
        raise ChronologyError(f"{name}:{err.lineno}:{err.colno}: not JSON: {err.msg}") from None
    records = document.get("events") if isinstance(document, dict) else None
    if not isinstance(records, list):
        raise ChronologyError(
            f"{name}: not a chronology JSON export (an object with an 'events' list)"
        )
    lines = _record_lines(text, len(records))
    events, skipped = [], []
    for index, record in enumerate(records):
        where = f"{name}:{lines[index]}" if lines else f"{name} event {index + 1}"
        try:
            events.append(_json_event(record))
        except (TypeError, ValueError, DateError) as err:
            label = record.get("id") if isinstance(record, dict) else None
            what = f"{label} ({where})" if isinstance(label, str) else where
            skipped.append(Skipped(what, str(err)))
    header = {k: document.get(k) for k in ("title", "description", "timezone", "markup")}
    for key, value in header.items():
        if value is not None and not isinstance(value, str):
            raise ChronologyError(f"{name}: {key!r} must be text")
    return Calendar(
        title=header["title"],
        description=header["description"],
        events=tuple(events),
        skipped=tuple(skipped),
        timezone=header["timezone"],
        markup=header["markup"],
    )


def _record_lines(text: str, count: int) -> list[int]:
    """The line of each record of `export json`'s layout (one event a line), or nothing
    when the file is laid out otherwise."""
    lines = [n for n, line in enumerate(text.split("\n"), 1) if line.startswith('    {"id": ')]
    return lines if len(lines) == count else []


def _json_event(record: object) -> NewEvent:
    if not isinstance(record, dict):
        raise TypeError("an event is a JSON object")
    for key in _JSON_TEXT:
        if not isinstance(record.get(key), str) or not record[key]:
            raise TypeError(f"{key!r} must be non-empty text")
    for key in _JSON_OPTIONAL:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise TypeError(f"{key!r} must be text or null")
    for key in ("tags", "people"):
        values = record.get(key) or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise TypeError(f"{key!r} must be a list of text")
    if not _ID.fullmatch(record["id"]):
        raise ValueError(f"id {record['id']!r} must use only A-Z a-z 0-9 . _ -")
    parse_date(record["date"])
    if record.get("end") is not None:
        parse_single(record["end"])
    sources = []
    for source in record.get("sources") or []:
        if not isinstance(source, dict) or not isinstance(source.get("url"), str):
            raise TypeError("a source is an object with a 'url'")
        problem = url_problem(source["url"])
        if problem:
            raise ValueError(problem)
        title, accessed = source.get("title"), source.get("accessed")
        if not all(v is None or isinstance(v, str) for v in (title, accessed)):
            raise TypeError("a source's 'title' and 'accessed' are text or null")
        if accessed is not None:
            parse_single(accessed)
        sources.append((source["url"], title, accessed))
    return NewEvent(
        id=record["id"],
        date=record["date"],
        title=record["title"],
        end=record.get("end"),
        summary=record.get("summary"),
        location=record.get("location"),
        timezone=record.get("timezone"),
        tags=tuple(record.get("tags") or ()),
        people=tuple(record.get("people") or ()),
        sources=tuple(sources),
        extensions=tuple((k, v) for k, v in record.items() if k.startswith("x-")),
    )


#: The columns of Knight Lab's TimelineJS spreadsheet template that an import reads.
_SHEET_DATE = ("Year", "Month", "Day", "Time")
_SHEET_END = ("End Year", "End Month", "End Day", "End Time")
_SHEET_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def read_csv(data: bytes, name: str) -> Calendar:
    """A CSV file: chronology's own `export csv` (columns id, date, title, …), or a sheet
    made from Knight Lab's TimelineJS template (Year, Month, Day, Time, End Year, …,
    Headline, Text, Media, Group, Type). A row that is not an event is skipped and named
    with its place, `NAME:ROW` (the header is row 1)."""
    import csv

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ChronologyError(f"{name}: byte {err.start} is not UTF-8") from None
    try:
        rows = list(csv.reader(text.splitlines(keepends=True)))
    except csv.Error as err:
        raise ChronologyError(f"{name}: not CSV: {err}") from None
    if not rows:
        raise ChronologyError(f"{name}: the file is empty")
    header = [cell.strip() for cell in rows[0]]
    if {"id", "date", "title"} <= set(header):
        read_row: Callable[[dict[str, str]], NewEvent | None] = _csv_event
        kind = "chronology"
    elif {"Year", "Headline"} <= set(header):
        read_row = _sheet_event
        kind = "sheet"
    else:
        raise ChronologyError(
            f"{name}:1: not an export of chronology (id, date, title, …) nor a TimelineJS "
            "sheet (Year, Month, Day, …, Headline, Text)"
        )
    events, skipped = [], []
    title = description = None
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        record = dict(zip(header, row, strict=False))
        if kind == "sheet" and record.get("Type", "").strip().lower() == "title":
            title = _cell(record, "Headline") or title
            description = _cell(record, "Text") or description
            continue
        try:
            event = read_row(record)
        except (TypeError, ValueError, DateError) as err:
            label = record.get("id") or record.get("Headline") or ""
            what = f"{label} ({name}:{number})" if label else f"{name}:{number}"
            skipped.append(Skipped(visible_line(what), str(err)))
            continue
        if event is not None:
            events.append(event)
    # `export csv` writes each event's zone (its own, else the store's): when every event
    # has one, the store had a default, and a new store takes the zone most events share,
    # so that its times are shown on the same clock. (An event without a zone means the
    # store had none.)
    zones = Counter(e.timezone for e in events)
    common = zones.most_common(1)[0][0] if events and None not in zones else None
    return Calendar(title, description, tuple(events), tuple(skipped), timezone=common)


def _cell(record: dict[str, str], column: str) -> str | None:
    """A cell's text, or None when it is empty or missing."""
    value = (record.get(column) or "").strip("\r\n")
    return value if value.strip() else None


def _unquote(value: str | None) -> str | None:
    """A cell `export csv` neutralised (a leading `'`) as it was."""
    return value[1:] if value is not None and value.startswith("'") else value


def _csv_event(record: dict[str, str]) -> NewEvent:
    """A row of `export csv`: its columns by name; lists split as they were joined."""
    event_id, date_text = _cell(record, "id"), _cell(record, "date")
    title = _unquote(_cell(record, "title"))
    if event_id is None or date_text is None or title is None:
        named = (("id", event_id), ("date", date_text), ("title", title))
        raise ValueError(f"the {next(c for c, v in named if v is None)!r} column is empty")
    if not _ID.fullmatch(event_id):
        raise ValueError(f"id {event_id!r} must use only A-Z a-z 0-9 . _ -")
    parse_date(date_text)
    end = _cell(record, "end")
    if end is not None:
        parse_single(end)
    urls = (_unquote(_cell(record, "sources")) or "").split()
    for url in urls:
        problem = url_problem(url)
        if problem:
            raise ValueError(problem)

    def listed(column: str) -> tuple[str, ...]:
        joined = _unquote(_cell(record, column))
        return tuple(joined.split("; ")) if joined else ()

    return NewEvent(
        id=event_id,
        date=date_text,
        title=title,
        end=end,
        summary=_unquote(_cell(record, "summary")),
        location=_unquote(_cell(record, "location")),
        timezone=_cell(record, "timezone"),
        tags=listed("tags"),
        people=listed("people"),
        sources=tuple((url, None, None) for url in urls),
    )


def _sheet_date(record: dict[str, str], columns: tuple[str, ...]) -> str | None:
    """The EDTF of a TimelineJS date at the precision given: `2021`, `2021-06`,
    `2021-06-02`, `2021-06-02T09:30`. TimelineJS writes 44 BC as -44 (no year 0)."""
    year, month, day, time = (_cell(record, c) for c in columns)
    if year is None:
        if any((month, day, time)):
            raise ValueError(f"{columns[1]}, {columns[2]} or {columns[3]} without {columns[0]}")
        return None
    try:
        number = int(year.strip())
    except ValueError:
        raise ValueError(f"{columns[0]} {year!r} is not a whole number") from None
    if number == 0:
        raise ValueError(f"{columns[0]} 0: TimelineJS counts 1 BC as -1")
    astronomical = number if number > 0 else number + 1
    text = f"-{-astronomical:04d}" if astronomical < 0 else f"{astronomical:04d}"
    if month is not None:
        text += f"-{int(month.strip()):02d}"
        if day is not None:
            text += f"-{int(day.strip()):02d}"
            if time is not None:
                matched = _SHEET_TIME.fullmatch(time.strip())
                if matched is None:
                    raise ValueError(f"{columns[3]} {time!r} is not a time (HH:MM or HH:MM:SS)")
                text += f"T{int(matched[1]):02d}:{matched[2]}"
                if matched[3]:
                    text += f":{matched[3]}"
    elif day is not None:
        raise ValueError(f"{columns[2]} without {columns[1]}")
    parse_single(text)
    return text


def _sheet_event(record: dict[str, str]) -> NewEvent | None:
    """A row of a TimelineJS sheet: its dates at the precision given, Headline as the
    title, Text as the summary, Group as a tag, Media (a link) as the source; Display Date
    and the media credit and caption kept in `x-` keys."""
    date_text = _sheet_date(record, _SHEET_DATE)
    if date_text is None:
        raise ValueError("no Year: a slide without a date is not an event")
    end = _sheet_date(record, _SHEET_END)
    title = _cell(record, "Headline")
    if title is None:
        raise ValueError("the 'Headline' column is empty")
    title = " ".join(title.split())
    media = _cell(record, "Media")
    sources = ((media.strip(), None, None),) if media and url_problem(media.strip()) is None else ()
    group = _cell(record, "Group")
    extensions = [
        (key, value)
        for key, value in (
            ("x-display-date", _cell(record, "Display Date")),
            ("x-media", media if media and not sources else None),
            ("x-media-credit", _cell(record, "Media Credit")),
            ("x-media-caption", _cell(record, "Media Caption")),
        )
        if value is not None
    ]
    return NewEvent(
        id=new_id(date_text, title),
        date=date_text,
        title=title,
        end=end,
        summary=_cell(record, "Text"),
        tags=(group.strip(),) if group else (),
        sources=sources,
        extensions=tuple(extensions),
    )


def _calendar_text(data: bytes) -> tuple[str, str | None]:
    """The text of an .ics file: UTF-8 as RFC 5545 says (a BOM allowed); a file that is not
    valid UTF-8 is one of the older tools' Windows-1252 (Latin-1) files, read as such and
    said in a note, instead of every accented letter becoming U+FFFD."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "the file is not UTF-8; read it as Windows-1252 (Latin-1)"
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1"), "the file is not UTF-8; read it as Latin-1"


def _read_calendar(data: str, expand: tuple[int, int] | None = None) -> Calendar:
    import icalendar

    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, KeyError, IndexError) as err:
        raise ChronologyError(f"not an iCalendar file: {err}") from None
    title = description = None
    events: list[NewEvent] = []
    skipped: list[Skipped] = []
    notes: list[str] = []
    for calendar in calendars:
        for name in ("NAME", "X-WR-CALNAME"):
            if title is None and name in calendar:
                title = _text(calendar[name]) or None
        for name in ("DESCRIPTION", "X-WR-CALDESC"):
            if description is None and name in calendar:
                description = _text(calendar[name]) or None
        components = calendar.walk("VEVENT")
        series = {_uid(c): c for c in components if _recurring(c)}
        if expand is not None:
            expanded, left_out = _expand_series(components, series, expand, notes)
            events.extend(expanded)
            skipped.extend(left_out)
            components = [c for c in components if not _recurring(c) and not _changed(c)]
            series = {}
        overrides = _first_overrides(components, series)
        for component in components:
            uid = _uid(component)
            if overrides.get(uid) is component:
                continue  # read with its series
            if _changed(component) and uid not in series:
                skipped.append(Skipped(_label(component), _ORPHAN))
                continue
            found = _candidate(component, notes, overrides.get(uid))
            if isinstance(found, Skipped):
                skipped.append(found)
            else:
                events.append(found)
    if not calendars:
        raise ChronologyError("not an iCalendar file: no VCALENDAR")
    return Calendar(title, description, tuple(events), tuple(skipped), tuple(notes))


def _recurring(component: Any) -> bool:
    return "RECURRENCE-ID" not in component and any(n in component for n in _RECURRENCE)


def _changed(component: Any) -> bool:
    return "RECURRENCE-ID" in component and not any(n in component for n in _RECURRENCE)


def _expand_series(
    components: list[Any], series: dict[str, Any], window: tuple[int, int], notes: list[str]
) -> tuple[list[NewEvent], list[Skipped]]:
    """`--expand`: every recurring event's occurrences in `window`, with their changes; a
    changed occurrence whose series is not in the file is skipped, as without --expand."""
    events: list[NewEvent] = []
    skipped: list[Skipped] = []
    changed: dict[str, dict[Any, Any]] = {uid: {} for uid in series}
    for component in filter(_changed, components):
        uid, broken = _uid(component), _malformed(component)
        if uid not in series or broken is not None:
            skipped.append(broken or Skipped(_label(component), _ORPHAN))
            continue
        try:
            _, moment = _series(series[uid])
            changed[uid][moment(component.decoded("RECURRENCE-ID"))] = component
        except (ValueError, TypeError, OverflowError, KeyError):
            continue  # the series itself is skipped, with its reason
    for uid, component in series.items():
        found = _expanded(component, notes, changed[uid], window)
        if isinstance(found, Skipped):
            skipped.append(found)
        else:
            events.extend(found)
    return events, skipped


def _first_overrides(components: list[Any], series: dict[str, Any]) -> dict[str, Any]:
    """For each recurring series (`series`: by UID), the RECURRENCE-ID component that
    changes its first occurrence, if there is one."""
    found: dict[str, Any] = {}
    for component in components:
        uid = _uid(component)
        master = series.get(uid)
        if master is None or not _changed(component) or component.errors:
            continue
        try:
            first = _first_occurrence(master)
            if first is not None and component.decoded("RECURRENCE-ID") == first:
                found[uid] = component
        except (ValueError, TypeError, OverflowError, KeyError):
            continue  # the series itself is skipped, with its reason
    return found


def _same(existing: Event, new: NewEvent, default_zone: str | None) -> bool:
    return existing.timezone == (new.timezone or default_zone) and same_fields(existing, new)


def _without_default_zone(event: NewEvent, default: str | None) -> NewEvent:
    """Leave out `timezone:` where the store's own default says the same."""
    if event.timezone is not None and event.timezone == default:
        return replace(event, timezone=None)
    return event


def import_calendar(
    paths: list[str],
    target: str,
    data: bytes,
    *,
    on_conflict: str = "skip",
    dry_run: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
    notify: Callable[[str], None] | None = None,
    expand: tuple[int, int] | None = None,
) -> Imported:
    """Import .ics `data` into the file `target` of the store at `paths`, safely; with
    `expand` (UTC seconds, end excluded), each occurrence of a recurring event in it."""
    return import_events(
        paths, target, read_calendar(data, expand), on_conflict=on_conflict,
        dry_run=dry_run, lock_timeout=lock_timeout, notify=notify,
    )  # fmt: skip


def import_events(
    paths: list[str],
    target: str,
    calendar: Calendar,
    *,
    on_conflict: str = "skip",
    dry_run: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
    notify: Callable[[str], None] | None = None,
) -> Imported:
    """Import what a reader found (`read_calendar`, `read_json`) into the file `target` of
    the store at `paths`, through the safe write path (lock, read back, verify)."""
    report = Imported(skipped=list(calendar.skipped), notes=list(calendar.notes))
    if not calendar.events:
        return report  # nothing to add: the store is not touched, nor a new one created

    def edit(text: str, exists: bool, current: Timeline, layout: Layout | None) -> str:
        # Computed afresh on every attempt (a retry after the store changed underneath).
        report.added, report.updated, report.unchanged, report.text = [], [], [], ""
        report.skipped = list(calendar.skipped)
        fresh: list[NewEvent] = []
        seen: set[str] = set()
        # A new store takes a JSON export's zone, so its events need not repeat it.
        fresh_store = not text.strip() and not inside_directory(paths, target)
        default_zone = current.timezone or (calendar.timezone if fresh_store else None)
        for candidate in calendar.events:
            event = _without_default_zone(candidate, default_zone)
            if event.id in seen:
                report.skipped.append(Skipped(event.id, "the same UID twice in the file"))
                continue
            seen.add(event.id)
            existing = current.get(event.id)
            if existing is None:
                fresh.append(event)
                report.added.append(event.id)
            elif _same(existing, event, current.timezone):
                report.unchanged.append(event.id)
            elif on_conflict == "error":
                raise ChronologyError(
                    f"event {event.id!r} is already in the store and differs "
                    "(use --on-conflict skip or update)"
                )
            elif on_conflict == "update":
                if existing.origin[0] != target:
                    raise ChronologyError(
                        f"event {event.id!r} lives in {existing.origin[0]}; import into "
                        "that file to update it"
                    )
                text, replaced = replace_event(text, existing.origin[1], event)
                report.text += replaced
                report.updated.append(event.id)
            else:
                report.skipped.append(Skipped(event.id, "already in the store (differs)"))
        if not fresh:
            return text
        header_title = None
        if fresh_store:
            header_title = calendar.title or store_title(target)
        new_text, inserted = insert_events(
            text, fresh, title=header_title,
            description=calendar.description if header_title else None,
            layout=layout if not report.updated else None,  # an update moved the text
            timezone=calendar.timezone if fresh_store else None,
            markup=calendar.markup if fresh_store else None,
        )  # fmt: skip
        report.text += inserted
        return new_text

    def verify(before: Timeline, after: Timeline) -> None:
        _check(before, after, calendar.events, report)

    report.change = change(
        paths, target, edit, dry_run=dry_run, verify=verify, retry=True, require_valid=True,
        lock_timeout=lock_timeout, notify=notify,
    )  # fmt: skip
    return report


def _check(before: Timeline, after: Timeline, events: Sequence[NewEvent], report: Imported) -> None:
    """Everything not imported is unchanged; everything imported reads back as intended."""
    touched = set(report.added) | set(report.updated)
    if not others_unchanged(before, after, touched):
        raise ChronologyError("internal error: the import changed other events")
    wanted: dict[str, NewEvent] = {}
    for event in events:  # the first of events with the same UID is the one imported
        wanted.setdefault(event.id, event)
    for event_id in touched:
        got = after.get(event_id)
        if got is None or not _same(got, wanted[event_id], after.timezone):
            raise ChronologyError(f"internal error: {event_id!r} reads back differently")
