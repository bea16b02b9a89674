"""What changed between two versions of a timeline, said in the timeline's words.

Events are matched by id. Of the events only one side has, one whose content is the same
but for its id, or whose date and title are the same, is a rename. An event in another
file of a directory store has moved. Each difference of an event is a `Change` with a
sentence ("date refined from Jun 2021 to 2 Jun 2021", "source added: …") and the old
and new values for tools.
"""

from __future__ import annotations

import difflib
import operator
from dataclasses import dataclass, field, fields
from datetime import tzinfo

from .clock import EVENT, on_clock, shown
from .dates import Date, DateValue, Precision, human, zone_named
from .history import Commit, Git, Side, read_tree
from .model import Event, Source
from .quick import Known

__all__ = [
    "Change",
    "EventChange",
    "History",
    "compare",
    "counts",
    "describe",
    "history",
    "json_report",
    "markdown_report",
    "notes",
    "text_report",
    "word_diff",
]

KINDS = ("added", "removed", "renamed", "moved", "changed")


@dataclass(frozen=True, slots=True)
class Change:
    """One difference of one event."""

    field: str
    text: str
    old: str | None = None
    new: str | None = None


@dataclass(slots=True)
class EventChange:
    """An event added, removed, renamed, moved or changed, with its differences."""

    kind: str
    old: Event | None
    new: Event | None
    changes: list[Change] = field(default_factory=list)

    @property
    def event(self) -> Event:
        """The event as it is now (as it was, when removed)."""
        chosen = self.new if self.new is not None else self.old
        assert chosen is not None
        return chosen


def _content(event: Event) -> tuple[object, ...]:
    """What an event says, apart from its id and where it is written."""
    return (
        str(event.date), event.title, str(event.end) if event.end else None, event.summary,
        event.location, event.tags, event.people, event.timezone,
        tuple((s.url, s.title, str(s.accessed) if s.accessed else None) for s in event.sources),
        event.extensions,
    )  # fmt: skip


#: Every field of an event but where it is written: what `describe` compares.
_said = operator.attrgetter(*(f.name for f in fields(Event) if f.name != "origin"))


def compare(old: Side, new: Side) -> list[EventChange]:
    """Every event that differs between the sides, in the new side's order (removed events
    in the old side's order, after)."""
    before = {e.id: e for e in old.timeline.events}
    after = {e.id: e for e in new.timeline.events}
    removed = [e for e in old.timeline.events if e.id not in after]
    added = [e for e in new.timeline.events if e.id not in before]
    # Renames: the same content under another id first, then the same date and title.
    renamed: dict[str, Event] = {}  # new id -> old event
    for key in (_content, lambda e: (str(e.date), e.title)):
        waiting: dict[object, list[Event]] = {}
        taken = {e.id for e in renamed.values()}
        for event in removed:
            if event.id not in taken:
                waiting.setdefault(key(event), []).append(event)
        for event in added:
            if event.id in renamed:
                continue
            candidates = [e for e in waiting.get(key(event), []) if e.id not in taken]
            if candidates:
                renamed[event.id] = candidates[0]
                taken.add(candidates[0].id)
    gone = {e.id for e in renamed.values()}
    result: list[EventChange] = []
    for event in new.timeline.events:
        if event.id in renamed:
            previous = renamed[event.id]
            changes = [Change("id", f"renamed from {previous.id}", previous.id, event.id)]
            changes += describe(previous, event, old.name_of(previous), new.name_of(event))
            result.append(EventChange("renamed", previous, event, changes))
        elif event.id not in before:
            result.append(EventChange("added", None, event))
        else:
            previous = before[event.id]
            old_file, new_file = old.name_of(previous), new.name_of(event)
            if old_file == new_file and _said(previous) == _said(event):
                continue  # most events: the same, often the same objects (`quick.Known`)
            changes = describe(previous, event, old_file, new_file)
            if changes:
                kind = "moved" if all(c.field == "file" for c in changes) else "changed"
                result.append(EventChange(kind, previous, event, changes))
    result += [EventChange("removed", e, None) for e in removed if e.id not in gone]
    return result


def describe(
    old: Event, new: Event, old_file: str | None = None, new_file: str | None = None
) -> list[Change]:
    """The differences between two versions of an event, in words."""
    changes: list[Change] = []
    if old_file is not None and new_file is not None and old_file != new_file:
        changes.append(Change("file", f"moved from {old_file} to {new_file}", old_file, new_file))
    # Times as written, labelled with their zone (`--tz event`): the same on every machine.
    old_zone = zone_named(old.timezone) if old.timezone else None
    new_zone = zone_named(new.timezone) if new.timezone else None
    changes += _date_change("date", old.date, new.date, old_zone, new_zone)
    if str(old.end) != str(new.end):
        if old.end is None:
            assert new.end is not None
            added = human(on_clock(new.end, new_zone, EVENT))
            changes.append(Change("end", f"end added: {added}", None, str(new.end)))
        elif new.end is None:
            was = human(on_clock(old.end, old_zone, EVENT))
            changes.append(Change("end", f"end removed (was {was})", str(old.end)))
        else:
            changes += _date_change("end", old.end, new.end, old_zone, new_zone)
    if old.title != new.title:
        changes.append(
            Change(
                "title", f"title changed from {old.title!r} to {new.title!r}", old.title, new.title
            )
        )
    if old.summary != new.summary:
        if old.summary is None:
            changes.append(Change("summary", "summary added", None, new.summary))
        elif new.summary is None:
            changes.append(Change("summary", "summary removed", old.summary, None))
        else:
            text = f"summary edited: {word_diff(old.summary, new.summary)}"
            changes.append(Change("summary", text, old.summary, new.summary))
    for name in ("location", "timezone"):
        was, now = getattr(old, name), getattr(new, name)
        if was != now:
            if was is None:
                text = f"{name} added: {now}"
            elif now is None:
                text = f"{name} removed (was {was})"
            else:
                text = f"{name} changed from {was} to {now}"
            changes.append(Change(name, text, was, now))
    for name, singular in (("tags", "tag"), ("people", "person")):
        was, now = getattr(old, name), getattr(new, name)
        changes += [Change(name, f"{singular} added: {v}", None, v) for v in now if v not in was]
        changes += [Change(name, f"{singular} removed: {v}", v, None) for v in was if v not in now]
    changes += _source_changes(old.sources, new.sources)
    was_ext, now_ext = dict(old.extensions), dict(new.extensions)
    for key in sorted(was_ext.keys() | now_ext.keys()):
        if key not in was_ext:
            changes.append(Change(key, f"{key} added: {now_ext[key]!r}", None, repr(now_ext[key])))
        elif key not in now_ext:
            changes.append(Change(key, f"{key} removed", repr(was_ext[key]), None))
        elif was_ext[key] != now_ext[key]:
            text = f"{key} changed from {was_ext[key]!r} to {now_ext[key]!r}"
            changes.append(Change(key, text, repr(was_ext[key]), repr(now_ext[key])))
    return changes


def _source_changes(old: tuple[Source, ...], new: tuple[Source, ...]) -> list[Change]:
    before = {s.url: s for s in old}
    after = {s.url: s for s in new}
    changes = []
    for source in new:
        label = f"{source.url} ({source.title})" if source.title else source.url
        previous = before.get(source.url)
        if previous is None:
            changes.append(Change("sources", f"source added: {label}", None, source.url))
        elif previous.title != source.title:
            text = f"source title changed for {source.url}: {previous.title!r} to {source.title!r}"
            changes.append(Change("sources", text, previous.title, source.title))
        elif str(previous.accessed) != str(source.accessed):
            text = f"source {source.url} accessed {source.accessed or 'date removed'}"
            changes.append(Change("sources", text, str(previous.accessed), str(source.accessed)))
    for source in old:
        if source.url not in after:
            changes.append(Change("sources", f"source removed: {source.url}", source.url, None))
    return changes


_UNITS = {
    Precision.CENTURY: "century",
    Precision.DECADE: "decade",
    Precision.YEAR: "year",
    Precision.MONTH: "month",
    Precision.DAY: "day",
}


def _date_change(
    name: str, old: DateValue, new: DateValue, old_zone: tzinfo | None, new_zone: tzinfo | None
) -> list[Change]:
    """How a date changed: refined, made less precise, moved by so much, or qualified.
    Times are shown as written, labelled with the zone of their event."""
    if str(old) == str(new):
        return []
    was, now = human(shown(old, old_zone, EVENT)), human(shown(new, new_zone, EVENT))
    changes: list[Change] = []
    if type(old) is Date and type(new) is Date:
        plain_old = (old.lo, old.hi, old.offset, old.precision, old.unspecified)
        plain_new = (new.lo, new.hi, new.offset, new.precision, new.unspecified)
        for flag in ("uncertain", "approximate"):
            if getattr(old, flag) != getattr(new, flag):
                word = "now" if getattr(new, flag) else "no longer"
                changes.append(Change(name, f"{name} {word} {flag}", str(old), str(new)))
        if plain_old == plain_new:
            return changes
        if (
            new.offset == old.offset
            and new.precision > old.precision
            and (old.lo <= new.lo and new.hi <= old.hi)
        ):
            text = f"{name} refined from {was} to {now}"
        elif (
            new.offset == old.offset
            and new.precision < old.precision
            and (new.lo <= old.lo and old.hi <= new.hi)
        ):
            text = f"{name} made less precise: from {was} to {now}"
        elif (
            new.precision == old.precision
            and new.offset == old.offset
            and not (old.unspecified or new.unspecified)
        ):
            text = f"{name} moved {_shift(old, new)}: from {was} to {now}"
        else:
            text = f"{name} changed from {was} to {now}"
        changes.append(Change(name, text, str(old), str(new)))
        return changes
    return [Change(name, f"{name} changed from {was} to {now}", str(old), str(new))]


def _shift(old: Date, new: Date) -> str:
    """`later by 3 days`, `earlier by 2 months`: the move at the dates' own precision."""
    if old.precision >= Precision.MINUTE:
        seconds = new.lo - old.lo
        amount, unit = abs(seconds), "second"
        for size, name in ((86_400, "day"), (3_600, "hour"), (60, "minute")):
            if amount % size == 0:
                amount, unit = amount // size, name
                break
    elif old.precision == Precision.DAY:
        seconds = new.lo - old.lo
        amount, unit = abs(seconds) // 86_400, "day"
    elif old.precision == Precision.MONTH:
        assert old.month is not None
        assert new.month is not None
        seconds = (new.year * 12 + new.month) - (old.year * 12 + old.month)
        amount, unit = abs(seconds), "month"
    else:
        span = {Precision.YEAR: 1, Precision.DECADE: 10, Precision.CENTURY: 100}[old.precision]
        seconds = new.year - old.year
        amount, unit = abs(seconds) // span, _UNITS[old.precision]
    direction = "later" if seconds > 0 else "earlier"
    plural = "ies" if unit == "century" and amount != 1 else ("s" if amount != 1 else "")
    unit = unit[:-1] if plural == "ies" else unit
    return f"{direction} by {amount} {unit}{plural}"


def word_diff(old: str, new: str, context: int = 5) -> str:
    """The words that changed, as `[-removed-]{+added+}` with a few words around each
    change (longer runs of equal words are cut to `…`)."""
    was, now = old.split(), new.split()
    if was == now:
        return "(spacing and line breaks only)"
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=was, b=now, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = was[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            keep_head = [] if first else words[:context]
            keep_tail = [] if last else words[-context:]
            if len(words) > len(keep_head) + len(keep_tail):
                parts += [*keep_head, "…", *keep_tail]
            else:
                parts += words
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(was[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(now[j1:j2]) + "+}")
    return " ".join(parts)


# ------------------------------------------------------------------ reports


def counts(found: list[EventChange]) -> dict[str, int]:
    """How many events of each kind of change."""
    return {kind: sum(1 for f in found if f.kind == kind) for kind in KINDS}


def _stat_line(found: list[EventChange]) -> str:
    numbers = counts(found)
    said = [f"{n} {kind}" for kind, n in numbers.items() if n]
    return ", ".join(said) if said else "no changes"


def notes(old: Side, new: Side) -> list[str]:
    """What the reader must know about the sides: missing stores, invalid ones."""
    notes = []
    for which, side in (("old", old), ("new", new)):
        if not side.exists:
            notes.append(f"the {which} side ({side.label}) has no store: every event is new")
        elif not side.valid:
            errors = sum(1 for p in side.problems if p.is_error)
            notes.append(
                f"the {which} side ({side.label}) is invalid ({errors} error"
                f"{'s' if errors != 1 else ''}); the diff covers the events that could be read"
            )
    return notes


def text_report(old: Side, new: Side, found: list[EventChange], stat: bool, color: bool) -> str:
    """Lines for a terminal: a heading with the counts, then one block per event."""
    import click

    from .escapes import visible_line

    marks = {"added": "+", "removed": "-", "renamed": ">", "moved": ">", "changed": "~"}
    colors = {"added": "green", "removed": "red", "renamed": "cyan", "moved": "cyan",
              "changed": "yellow"}  # fmt: skip
    lines = [f"{visible_line(old.label)} -> {visible_line(new.label)}: {_stat_line(found)}"]
    if stat:
        return "\n".join(lines) + "\n"
    for item in found:
        event = item.event
        head = f"{marks[item.kind]} {event.human_date(EVENT)}  {event.title}  ({event.id})"
        head = visible_line(head)
        lines.append(click.style(head, fg=colors[item.kind]) if color else head)
        lines += [f"    {visible_line(change.text)}" for change in item.changes]
    return "\n".join(lines) + "\n"


def markdown_report(old: Side, new: Side, found: list[EventChange], stat: bool) -> str:
    """A Markdown table for a pull-request comment, with links to sources."""
    from .renderers.markdown import inline, link

    def cell(text: str) -> str:
        return inline(text)  # escapes `|` too, so a cell cannot split

    lines = [
        f"**{cell(old.label)} → {cell(new.label)}**: {_stat_line(found)}",
    ]
    lines += [f"> {cell(note)}" for note in notes(old, new)]
    if stat or not found:
        return "\n\n".join(lines) + "\n"
    rows = ["| change | date | event | what changed |", "|---|---|---|---|"]
    for item in found:
        event = item.event
        sources = [s for s in (link(source) for source in event.sources) if s]
        title = f"{cell(event.title)} (`{event.id}`)"
        if sources and item.kind in ("added", "removed"):
            title += " " + " ".join(sources)
        details = "<br>".join(cell(change.text) for change in item.changes)
        shown_date = cell(event.human_date(EVENT))
        rows.append(f"| {item.kind} | {shown_date} | {title} | {details} |")
    return "\n\n".join(lines) + "\n\n" + "\n".join(rows) + "\n"


def json_report(old: Side, new: Side, found: list[EventChange]) -> str:
    """One JSON document: both sides (with their problems), the counts and each change."""
    import json

    from .renderers.json_export import event_record

    def side(which: Side) -> dict[str, object]:
        return {
            "label": which.label,
            "exists": which.exists,
            "valid": which.valid,
            "events": len(which.timeline.events),
            "problems": [p.as_dict() for p in which.problems],
        }

    document = {
        "old": side(old),
        "new": side(new),
        "counts": counts(found),
        "changes": [
            {
                "kind": item.kind,
                "id": item.event.id,
                "old_id": item.old.id if item.old is not None else None,
                "event": event_record(item.event, EVENT),
                "changes": [
                    {"field": c.field, "text": c.text, "old": c.old, "new": c.new}
                    for c in item.changes
                ],
            }
            for item in found
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# ------------------------------------------------------------------ one event's history


@dataclass(slots=True)
class History:
    """The commits that changed one event, newest first, with the change each made."""

    event_id: str
    entries: list[tuple[Commit, EventChange]]


def history(git: Git, stores: list[str], event_id: str, revision: str = "HEAD") -> History:
    """Walk the commits that changed the store, newest first, following the event through
    renames of its id and of the store's file.

    Each commit's version of the event is found by its `- id:` line and read alone (with
    the file's `timezone:`), so that a long history does not read the whole store at every
    commit; an event written another way is looked up in its whole file, and where the
    event appears, the whole store at that commit and before it tells whether it was
    renamed from another id.
    """
    try:
        return _history(git, stores, event_id, revision)
    finally:
        git.close()


def _history(git: Git, stores: list[str], event_id: str, revision: str) -> History:
    relatives = [git.relative(store) for store in stores]
    if git.unborn():
        return History(event_id, [])
    single = len(relatives) == 1
    entries: list[tuple[Commit, EventChange]] = []
    current = event_id
    cache: dict[bytes, Event | None] = {}
    newer: tuple[Commit, Event | None, list[str]] | None = None
    for commit, paths in git.log(relatives, revision):
        where = paths if single else relatives
        here = _event_at(git, commit.oid, where, current, cache)
        if newer is not None:
            later, later_event, later_where = newer
            change = None
            if here is None and later_event is not None:
                known = Known()  # the two versions share most items
                before = read_tree(git, commit.oid, where, commit.oid, known=known)
                after = read_tree(git, later.oid, later_where, later.oid, known=known)
                for item in compare(before, after):
                    if item.kind == "renamed" and item.event.id == current:
                        assert item.old is not None
                        current = item.old.id
                        here = _event_at(git, commit.oid, where, current, cache)
                        change = item
                        break
            change = change or _between(here, later_event)
            if change is not None:
                entries.append((later, change))
        newer = (commit, here, where)
    if newer is not None and newer[1] is not None:
        entries.append((newer[0], EventChange("added", None, newer[1])))
    return History(event_id, entries)


def _between(old: Event | None, new: Event | None) -> EventChange | None:
    if old is None and new is None:
        return None
    if old is None:
        assert new is not None
        return EventChange("added", None, new)
    if new is None:
        return EventChange("removed", old, None)
    changes = describe(old, new)
    return EventChange("changed", old, new, changes) if changes else None


def _event_at(
    git: Git, commit: str, stores: list[str], event_id: str, cache: dict[bytes, Event | None]
) -> Event | None:
    """The event `event_id` in the store at `commit`, or None if it is not there."""
    from .history import event_text
    from .validate import validate_sources

    files: list[tuple[str, bytes]] = []
    for store in stores:
        found = git.object(f"{commit}:{store}")
        if found is not None and found[0] == "blob":
            files.append((store, found[1]))  # the usual case: one file, no listing needed
        elif found is not None:
            listed = git.files_at(commit, store)
            files += zip([p for p, _ in listed], git.blobs([o for _, o in listed]), strict=True)
    for path, data in files:
        text = event_text(data, event_id)
        if text is not None:
            if text not in cache:
                timeline, _, _ = validate_sources([(f"{commit[:12]}:{path}", text, None)])
                cache[text] = timeline.get(event_id)
            if cache[text] is not None:
                return cache[text]
        # Written another way, or not readable alone (an alias to an anchor elsewhere, a
        # mistake): the whole file says.
        if event_id.encode() in data:
            timeline, _, _ = validate_sources([(f"{commit[:12]}:{path}", data, None)])
            event = timeline.get(event_id)
            if event is not None:
                return event
    return None
