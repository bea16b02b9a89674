"""Adding events to a store as text, without re-dumping what is already there."""

from __future__ import annotations

import dataclasses
import operator
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .dates import DateError, parse_date
from .emit import NewEvent, insert_events
from .errors import ChronologyError
from .model import Event, Timeline
from .store import Layout
from .writer import LOCK_TIMEOUT, Change, change

__all__ = [
    "Added",
    "add_events",
    "inside_directory",
    "others_unchanged",
    "same_event",
    "same_fields",
    "store_title",
]


@dataclass(frozen=True, slots=True)
class Added:
    """The result of an add: the ids added, the inserted text, and the write."""

    ids: tuple[str, ...]
    inserted: str
    change: Change


def same_event(timeline: Timeline, fields: Mapping[str, Any]) -> Event | None:
    """The event of `timeline` with the date and title of `fields` (titles compared without
    case and extra spaces), if there is one: adding it again is more often a slip than meant."""
    try:
        date = str(parse_date(fields["date"]))
    except DateError:
        return None  # the new event is refused by validation, with the reason

    def key(title: str) -> str:
        return " ".join(title.split()).casefold()

    title = key(fields["title"])
    return next((e for e in timeline.events if str(e.date) == date and key(e.title) == title), None)


def store_title(path: str) -> str:
    """A title for a new store, from its file name: `cnwg-history.yaml` → `Cnwg history`."""
    stem = os.path.splitext(os.path.basename(path))[0].replace("_", " ").replace("-", " ")
    return stem.strip().capitalize() or "Events"


#: Every field of an event but where it is written (lines move when text is inserted).
_CONTENT = operator.attrgetter(*(f.name for f in dataclasses.fields(Event) if f.name != "origin"))


def _comparable(event: Event) -> tuple[object, ...]:
    return _CONTENT(event)


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
        # The `x-` keys `new` sets; others the store's writer added are theirs to keep.
        tuple((key, dict(event.extensions).get(key)) for key, _ in new.extensions),
    ) == (
        new.date,
        new.end,
        new.title,
        (new.summary or "").rstrip("\n") or None,
        new.location,
        new.tags,
        new.people,
        new.sources,
        new.extensions,
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
    lock_timeout: float = LOCK_TIMEOUT,
    notify: Callable[[str], None] | None = None,
) -> Added:
    """Append events to the file `target` of the store at `paths` through the write path.

    `build` is a list of events; `make`, if given instead, is called inside the lock with
    the current timeline and returns the list, so that generated ids see concurrent writers.
    With `use_cache`, a store whose bytes are those of a cached result is not parsed again
    before the change (the changed store always is).
    """
    chosen: list[NewEvent] = []
    inserted_text: list[str] = []

    def edit(text: str, exists: bool, current: Timeline, layout: Layout | None) -> str:
        chosen.clear()
        inserted_text.clear()
        events = list(build) if build is not None else list(make(current) if make else ())
        chosen.extend(events)
        if not events:
            return text
        # A new file gets a title, but not inside a directory store: its title is elsewhere.
        header = None
        if not text.strip() and not inside_directory(paths, target):
            header = title or store_title(target)
        new_text, inserted = insert_events(
            text, events, title=header, description=description, layout=layout
        )
        inserted_text.append(inserted)
        return new_text

    def verify(before: Timeline, after: Timeline) -> None:
        _check_read_back(before, after, chosen)

    result = change(
        paths, target, edit, dry_run=dry_run, verify=verify, use_cache=use_cache,
        retry=True, require_valid=True, lock_timeout=lock_timeout, notify=notify,
    )  # fmt: skip
    return Added(tuple(e.id for e in chosen), "".join(inserted_text), result)


def inside_directory(paths: list[str], target: str) -> bool:
    """True when `target` is a file of a directory store named in `paths`."""
    folder = os.path.dirname(os.path.realpath(target))
    return any(os.path.isdir(p) and os.path.realpath(p) == folder for p in paths)
