"""Adding events to a store as text, without re-dumping what is already there."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .dates import Date, DateError, Interval, parse_date
from .emit import NewEvent, insert_events, slug
from .errors import ChronologyError, InvalidStore, Problem
from .model import Event, Timeline
from .writer import Change, change

__all__ = ["Added", "add_events", "new_id", "store_title"]


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


def store_title(path: str) -> str:
    """A title for a new store, from its file name: `cnwg-history.yaml` → `Cnwg history`."""
    stem = os.path.splitext(os.path.basename(path))[0].replace("_", " ").replace("-", " ")
    return stem.strip().capitalize() or "Events"


def _comparable(event: Event) -> Event:
    return replace(event, origin=("", 0))


def _check_read_back(before: Timeline, after: Timeline, new: Sequence[NewEvent]) -> None:
    """The new text must add exactly the intended events and change nothing else."""
    added = {e.id for e in new}
    old = [_comparable(e) for e in before.events if e.id not in added]
    kept = [_comparable(e) for e in after.events if e.id not in added]
    if old != kept:
        raise ChronologyError("internal error: inserting changed existing events; nothing written")
    for intended in new:
        got = after.get(intended.id)
        if got is None or (
            str(got.date),
            str(got.end) if got.end else None,
            got.title,
            got.summary,
            got.location,
            got.tags,
            got.people,
            tuple((s.url, s.title, str(s.accessed) if s.accessed else None) for s in got.sources),
            got.timezone if intended.timezone else None,
        ) != (
            intended.date,
            intended.end,
            intended.title,
            (intended.summary or "").rstrip("\n") or None,
            intended.location,
            intended.tags,
            intended.people,
            intended.sources,
            intended.timezone,
        ):
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


def add_events(
    paths: list[str],
    target: str,
    build: Sequence[NewEvent] | None = None,
    *,
    make: Callable[[Timeline], Sequence[NewEvent]] | None = None,
    dry_run: bool = False,
    title: str | None = None,
    description: str | None = None,
) -> Added:
    """Append events to the file `target` of the store at `paths` through the write path.

    `build` is a list of events; `make`, if given instead, is called inside the lock with
    the current timeline and returns the list, so that generated ids see concurrent writers.
    """
    from .writer import store_with

    chosen: list[NewEvent] = []
    inserted_text: list[str] = []
    before_timeline: list[Timeline] = []
    region: list[int] = []

    def edit(text: str, exists: bool) -> str:
        current, _ = store_with(paths, target, text)
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
