"""Adding events to a store as text, without re-dumping what is already there."""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .dates import Date, DateError, Interval, parse_date
from .emit import NewEvent, event_lines, insert_events, scalar, slug
from .errors import ChronologyError, InvalidStore, Problem
from .model import Event, Timeline
from .store import Layout
from .writer import Change, change

if TYPE_CHECKING:
    from .loader import Loaded

__all__ = ["Added", "add_events", "new_id", "others_unchanged", "same_fields", "store_title"]


@dataclass(frozen=True, slots=True)
class Added:
    """The result of an add: the ids added, the inserted text, and the write."""

    ids: tuple[str, ...]
    inserted: str
    change: Change


def new_id(date_text: str, title: str, taken: set[str]) -> str:
    """A readable id from date and title (`2021-06-02-second-meeting`), unique in `taken`."""
    try:
        value = parse_date(date_text)
    except DateError:
        value = None
    first = value.start if isinstance(value, Interval) else value
    stem = ""
    if isinstance(first, Date):
        year = f"{first.year:04d}" if first.year > 0 else f"{1 - first.year}bc"
        if "y" in first.unspecified:
            year = first.text.lstrip("-").rstrip("?~%").lower()
        parts = [year]
        if first.month is not None:
            parts.append(f"{first.month:02d}")
            if first.day is not None:
                parts.append(f"{first.day:02d}")
        stem = "-".join(parts)
    words = slug(title)
    base = "-".join(p for p in (stem, words) if p) or "event"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


#: Problems that leave no YAML structure to insert text into.
_UNPARSABLE = frozenset(
    {"yaml-syntax", "encoding", "bad-tag", "limit-exceeded", "multiple-documents", "unreadable"}
)


def store_title(path: str) -> str:
    """A title for a new store, from its file name: `cnwg-history.yaml` → `Cnwg history`."""
    stem = os.path.splitext(os.path.basename(path))[0].replace("_", " ").replace("-", " ")
    return stem.strip().capitalize() or "Events"


def _comparable(event: Event) -> Event:
    return replace(event, origin=("", 0))


def same_fields(event: Event, new: NewEvent) -> bool:
    """True when `event` holds exactly the text of `new`, time zone aside."""
    return (
        str(event.date),
        str(event.end) if event.end else None,
        event.title,
        event.summary,
        event.location,
        event.tags,
        event.people,
        tuple((s.url, s.title, str(s.accessed) if s.accessed else None) for s in event.sources),
    ) == (
        new.date,
        new.end,
        new.title,
        (new.summary or "").rstrip("\n") or None,
        new.location,
        new.tags,
        new.people,
        new.sources,
    )


def others_unchanged(before: Timeline, after: Timeline, touched: set[str]) -> bool:
    """True when every event not in `touched` is the same before and after (origin aside)."""
    old = [_comparable(e) for e in before.events if e.id not in touched]
    return old == [_comparable(e) for e in after.events if e.id not in touched]


def _check_read_back(before: Timeline, after: Timeline, new: Sequence[NewEvent]) -> None:
    """The new text must add exactly the intended events and change nothing else."""
    if not others_unchanged(before, after, {e.id for e in new}):
        raise ChronologyError("internal error: inserting changed existing events; nothing written")
    for intended in new:
        got = after.get(intended.id)
        zone_ok = got is not None and (not intended.timezone or got.timezone == intended.timezone)
        if got is None or not zone_ok or not same_fields(got, intended):
            raise ChronologyError(
                f"internal error: event {intended.id!r} would read back differently; "
                "nothing written"
            )


def _relocate(problems: list[Problem], target: str, region: list[int]) -> list[Problem]:
    """Problems inside text that was never written point at "new event", not at a line."""
    if not region:
        return problems
    first, last = region
    return [
        replace(p, path="new event", line=0, column=0)
        if p.path == target and first <= p.line <= last
        else p
        for p in problems
    ]


def _append(
    paths: list[str],
    target: str,
    *,
    build: Sequence[NewEvent] | None,
    make: Callable[[Timeline], Sequence[NewEvent]] | None,
    dry_run: bool,
    use_cache: bool,
) -> Added | None:
    """Append without parsing the new text: the current store is known (from the cache, or
    one validation), its events list's layout says where the text goes, and the new events
    are validated on their own against it. Runs under the lock. None: use the general path.
    """
    import os

    from .atomic import write_atomic
    from .files import discover
    from .loader import load_store

    if not os.path.isfile(target):
        return None
    real = os.path.realpath(target)
    files, _ = discover(paths)
    index = next((i for i, f in enumerate(files) if os.path.realpath(f) == real), None)
    if index is None:
        return None  # a new file in a directory store: the general path creates it
    loaded = load_store(paths, use_cache)
    if len(loaded.layouts) != len(files) or loaded.layouts[index] is None:
        return None
    if any(p.is_error for p in loaded.problems):
        raise InvalidStore(loaded.problems)
    layout = loaded.layouts[index]
    assert layout is not None
    with open(target, "rb") as handle:
        data = handle.read()
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00")):
        return None  # a byte-order mark: the general path keeps the encoding
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if build is not None:
        events = list(build)
    else:
        assert make is not None
        events = list(make(loaded.timeline))
    if not events:
        return None
    new_text, inserted = insert_events(text, events, layout=layout)
    offset = new_text.rfind(inserted) if inserted else len(text)
    added, problems = _validate_new(
        events, layout, target, loaded, new_text=new_text, offset=offset, inserted=inserted
    )
    ids = {event.id for event in added}
    # The timeline is in order already: put the new events in their places.
    ordered = list(loaded.timeline.events)
    for event in added:
        bisect.insort(ordered, event, key=Event.sort_key)
    timeline = replace(loaded.timeline, events=tuple(ordered))
    result = Change(target, text, new_text, timeline, tuple(problems), False)
    if dry_run:
        return Added(tuple(e.id for e in events), inserted, result)
    from .writer import _ignore_file_size_signal

    _ignore_file_size_signal()
    encoded = new_text.encode("utf-8")
    write_atomic(target, encoded)
    if use_cache and loaded.snapshots is not None:
        from . import cache

        layouts = list(loaded.layouts)
        layouts[index] = _moved(layout, offset, inserted, len(events))
        snapshots = list(loaded.snapshots)
        snapshots[index] = cache.snapshot(target, encoded)
        new = [i for i, event in enumerate(timeline.events) if event.id in ids]
        cache.save(snapshots, timeline, problems, layouts, kept=loaded.runs, new=new)
    return Added(tuple(e.id for e in events), inserted, replace(result, written=True))


def _moved(layout: Layout, offset: int, inserted: str, added: int) -> Layout:
    """The layout after `inserted` went in at `offset`."""
    last = inserted.rfind("id: ")
    return Layout(
        layout.flow,
        layout.dash_column,
        layout.item_column,
        offset + last if last >= 0 else layout.last_item,
        layout.end + len(inserted),
        layout.count + added,
        layout.zone,
    )


def _validate_new(
    events: Sequence[NewEvent],
    layout: Layout,
    target: str,
    loaded: Loaded,
    *,
    new_text: str,
    offset: int,
    inserted: str,
) -> tuple[list[Event], list[Problem]]:
    """Validate the new events as a store of their own, read in the file's time zone, and
    check their ids against the store; problems inside them point at "new event"."""
    from .validate import validate_sources

    header = f"timezone: {scalar(layout.zone)}\n" if layout.zone else ""
    items = ["  - " + "\n".join(event_lines(e, "    ")) + "\n" for e in events]
    snippet = header + "events:\n" + "".join(items)
    own, found, _ = validate_sources([(target, snippet.encode("utf-8"), None)])
    problems = [replace(p, path="new event", line=0, column=0) for p in found]
    taken = {e.id: e.origin for e in loaded.timeline.events}
    for event in own.events:
        if event.id in taken:
            path, line = taken[event.id]
            problems.append(
                Problem("new event", 0, 0, "error", "duplicate-id",
                        f"id {event.id!r} is already used at {path}:{line}")
            )  # fmt: skip
    if any(p.is_error for p in problems):
        raise InvalidStore(problems)
    _check_read_back(Timeline(events=()), own, events)
    # Where the new events really are: the line of each item's "id:" in the new text.
    line = new_text.count("\n", 0, offset) + 1
    lines = []
    for number, text_line in enumerate(inserted.split("\n")):
        if text_line.lstrip(" -").startswith("id: ") and text_line.lstrip(" ").startswith("-"):
            lines.append(line + number)
    by_id = {e.id: e for e in own.events}
    added = [
        replace(by_id[e.id], origin=(target, lines[i] if i < len(lines) else line))
        for i, e in enumerate(events)
    ]
    shift = inserted.count("\n")
    kept = [
        replace(p, line=p.line + shift) if p.path == target and p.line >= line else p
        for p in loaded.problems
    ]
    warnings = [p for p in problems if not p.is_error]
    return added, kept + warnings


def add_events(
    paths: list[str],
    target: str,
    build: Sequence[NewEvent] | None = None,
    *,
    make: Callable[[Timeline], Sequence[NewEvent]] | None = None,
    dry_run: bool = False,
    title: str | None = None,
    description: str | None = None,
    use_cache: bool = False,
) -> Added:
    """Append events to the file `target` of the store at `paths` through the write path.

    `build` is a list of events; `make`, if given instead, is called inside the lock with
    the current timeline and returns the list, so that generated ids see concurrent writers.
    With `use_cache`, an unchanged store comes from the cache and is not parsed at all.
    """
    from .writer import lock, store_with

    with lock(target):
        fast = _append(paths, target, build=build, make=make, dry_run=dry_run, use_cache=use_cache)
    if fast is not None:
        return fast

    chosen: list[NewEvent] = []
    inserted_text: list[str] = []
    before_timeline: list[Timeline] = []
    region: list[int] = []

    def edit(text: str, exists: bool) -> str:
        current, problems = store_with(paths, target, text)
        if any(p.code in _UNPARSABLE for p in problems):
            raise InvalidStore(problems)  # no structure to insert into
        before_timeline.append(current)
        if build is not None:
            events = list(build)
        else:
            assert make is not None
            events = list(make(current))
        chosen.extend(events)
        if not events:
            return text
        header = title if not exists or not text.strip() else None
        new_text, inserted = insert_events(
            text, events, title=header or store_title(target), description=description
        )
        inserted_text.append(inserted)
        start = new_text.rfind(inserted)
        first_line = new_text.count("\n", 0, start) + 1
        region.extend([first_line, first_line + inserted.count("\n")])
        return new_text

    def verify(after: Timeline) -> None:
        _check_read_back(before_timeline[0], after, chosen)

    try:
        result = change(paths, target, edit, dry_run=dry_run, verify=verify)
    except InvalidStore as err:
        raise InvalidStore(_relocate(err.problems, target, region)) from None
    return Added(tuple(e.id for e in chosen), "".join(inserted_text), result)
