"""A cache of validated stores, so that an unchanged store is not parsed again.

One file per store in `$XDG_CACHE_HOME/chronology` (else `~/.cache/chronology`), keyed on
each file's absolute path, size and SHA-256 hash of its bytes. The hash is always computed,
so a file whose bytes changed under an unchanged size and mtime is caught, and a touched
mtime alone costs nothing.

The payload is plain data (strings, numbers, tuples) in `marshal` format: reading 100,000
records takes a tenth of the time JSON needs, and unlike pickle it cannot construct objects
or run code. A header with a SHA-256 checksum of the payload is checked first, so a
truncated or corrupted file is rejected before it is decoded. A cache that is stale,
corrupt, from another version or unreadable is ignored and rebuilt; a cache directory that
cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import Problem
from .model import Event, Source, Timeline
from .store import Layout

if TYPE_CHECKING:
    from .progress import Progress

__all__ = ["Snapshot", "Window", "cache_dir", "enabled", "load", "save", "snapshot"]

_MAGIC = b"chronology-cache\x00"
_FORMAT = 5
#: Event records per separately decoded run.
_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The files of a store as read now: path as named, absolute path, stat and hash."""

    path: str
    absolute: str
    size: int
    digest: str

    def key(self) -> list[object]:
        """What must be equal for a cached result to hold."""
        return [self.absolute, self.size, self.digest]


def enabled() -> bool:
    """False when CHRONOLOGY_NO_CACHE is set to anything but empty or 0."""
    return os.environ.get("CHRONOLOGY_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/chronology`, else `~/.cache/chronology`."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "chronology"


def snapshot(path: str, data: bytes) -> Snapshot:
    """Identify one store file whose bytes were just read."""
    digest = hashlib.sha256(data).hexdigest()
    return Snapshot(path, os.path.realpath(path), len(data), digest)


def _file_for(snapshots: Sequence[Snapshot]) -> Path:
    identity = "\0".join(s.absolute for s in snapshots).encode("utf-8")
    return cache_dir() / f"{hashlib.blake2b(identity, digest_size=16).hexdigest()}.cache"


Record = list[object]
#: A run of records: [lowest lo, highest hi of its short events, how many, marshalled
#: records, [[lo, hi, marshalled record] for each long event]].
Run = list[object]
#: Events longer than this (seconds) are also kept beside their run, so that an open or
#: years-long span does not make every run reach into every window.
_LONG = 400 * 86_400


#: Given the store's time zone, the span of UTC seconds a caller wants events from.
Window = Callable[[str | None], tuple[int, int]]


def load(
    snapshots: Sequence[Snapshot], window: Window | None = None, progress: Progress | None = None
) -> tuple[Timeline, list[Problem], list[Layout | None]] | None:
    """The cached timeline, problems and events-list layouts for exactly these files.

    With a `window`, the timeline holds only the events that overlap it: the others are
    never decoded, which is most of the work when a query wants
    a year of a long store. (SHA-256 is used because processors hash it in hardware.)
    """
    import marshal

    try:
        with open(_file_for(snapshots), "rb") as handle:
            blob = handle.read()
        head = len(_MAGIC) + 32
        if not blob.startswith(_MAGIC) or len(blob) < head:
            return None
        payload = memoryview(blob)[head:]
        if hashlib.sha256(payload).digest() != blob[len(_MAGIC) : head]:
            return None
        document = marshal.loads(payload)
        del blob, payload
        if (
            not isinstance(document, dict)
            or document.get("format") != _FORMAT
            or document.get("version") != __version__
            or document.get("files") != [s.key() for s in snapshots]
        ):
            return None
        runs = document.pop("runs")
        if window is None:
            records = [r for run in runs for r in marshal.loads(run[3])]
        else:
            low, high = window(document["timezone"])
            records = []
            for run in runs:
                if run[1] > low and run[0] < high:
                    records += [r for r in marshal.loads(run[3]) if r[12] > low and r[11] < high]
                else:  # only a long event can reach in from this run
                    records += [marshal.loads(b) for lo, hi, b in run[4] if hi > low and lo < high]
        return _decode(document, snapshots, records, progress)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError):
        return None  # missing, unreadable, corrupt or from another layout: rebuild


def _decode(
    document: dict[str, object],
    snapshots: Sequence[Snapshot],
    records: list[Any],
    progress: Progress | None,
) -> tuple[Timeline, list[Problem], list[Layout | None]]:
    from .dates import parse_date, parse_single

    paths = [s.path for s in snapshots]
    problems = [
        Problem(paths[i] if i >= 0 else str(extra), line, column, severity, code, message)
        for i, extra, line, column, severity, code, message in document["problems"]  # type: ignore[attr-defined]
    ]
    events = []
    if progress is not None:
        progress.total, progress.done = len(records), 0
    for record in records:
        (event_id, date_text, end_text, title, summary, location, tags, people, zone,
         sources, extensions, lo, hi, index, line) = record  # fmt: skip
        events.append(
            Event(
                id=event_id,
                date=parse_date(date_text),
                title=title,
                end=parse_single(end_text) if end_text is not None else None,
                summary=summary,
                location=location,
                tags=tuple(tags),
                people=tuple(people),
                timezone=zone,
                sources=tuple(
                    Source(url, stitle, parse_single(accessed) if accessed else None)
                    for url, stitle, accessed in sources
                ),
                extensions=tuple((k, v) for k, v in extensions),
                lo=lo,
                hi=hi,
                origin=(paths[index], line),
            )
        )
        if progress is not None:
            progress.done = len(events)
    timeline = Timeline(
        events=tuple(events),
        title=document["title"],  # type: ignore[arg-type]
        description=document["description"],  # type: ignore[arg-type]
        timezone=document["timezone"],  # type: ignore[arg-type]
        paths=tuple(paths),
    )
    layouts = [Layout(*fields) if fields else None for fields in document["layouts"]]  # type: ignore[attr-defined]
    return timeline, problems, layouts


def save(
    snapshots: Sequence[Snapshot],
    timeline: Timeline,
    problems: Sequence[Problem],
    layouts: Sequence[Layout | None],
) -> None:
    """Remember the result of validating exactly the bytes of `snapshots`; silently
    skipped if the cache cannot be written. The cache is not fsynced: after a crash, a
    damaged file fails its checksum and is rebuilt.
    """
    import marshal

    from .atomic import write_atomic
    from .errors import ChronologyError

    index = {s.path: i for i, s in enumerate(snapshots)}
    document = {
        "format": _FORMAT,
        "version": __version__,
        "files": [s.key() for s in snapshots],
        "title": timeline.title,
        "description": timeline.description,
        "timezone": timeline.timezone,
        "problems": [
            [
                index.get(p.path, -1),
                p.path if p.path not in index else None,
                p.line,
                p.column,
                p.severity,
                p.code,
                p.message,
            ]
            for p in problems
        ],
        "runs": _runs([_encode(e, index) for e in timeline.events]),
        "layouts": [_layout(layout) for layout in layouts],
    }
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        payload = marshal.dumps(document)
        checksum = hashlib.sha256(payload).digest()
        write_atomic(str(_file_for(snapshots)), _MAGIC + checksum + payload, durable=False)
    except (OSError, ChronologyError, ValueError, TypeError):
        pass  # a read-only or full cache directory only costs speed


def _runs(records: list[Record], size: int = _CHUNK) -> list[Run]:
    """`records` in runs of `size`, each marshalled apart with the span of UTC seconds its
    short events cover (long ones are also kept beside it, one by one), so that a query for
    a year decodes only the runs that reach into it."""
    import marshal

    kept: list[Run] = []
    for start in range(0, len(records), size):
        run = records[start : start + size]
        low = min([r[11] for r in run])  # type: ignore[type-var]
        long = [r for r in run if r[12] - r[11] > _LONG]  # type: ignore[operator]
        short = [r[12] for r in run if r[12] - r[11] <= _LONG]  # type: ignore[operator]
        high = max(short) if short else low  # type: ignore[type-var]
        beside = [[r[11], r[12], marshal.dumps(r)] for r in long]
        kept.append([low, high, len(run), marshal.dumps(run), beside])
    return kept


def _layout(layout: Layout | None) -> tuple[object, ...] | None:
    if layout is None:
        return None
    return (
        layout.flow,
        layout.dash_column,
        layout.item_column,
        layout.last_item,
        layout.end,
        layout.count,
        layout.zone,
    )


def _encode(event: Event, index: dict[str, int]) -> list[object]:
    return [
        event.id,
        str(event.date),
        str(event.end) if event.end is not None else None,
        event.title,
        event.summary,
        event.location,
        list(event.tags),
        list(event.people),
        event.timezone,
        [[s.url, s.title, str(s.accessed) if s.accessed else None] for s in event.sources],
        [[k, v] for k, v in event.extensions],
        event.lo,
        event.hi,
        index[event.origin[0]],
        event.origin[1],
    ]
