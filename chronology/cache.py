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

The cache cannot be turned against its user: the folder is created 0700 and used only if
it is a real directory owned by the user and writable by no one else; entries are opened
with O_NOFOLLOW and must be regular files owned by the user; they are written to a fresh
file and renamed into place, which replaces a symlink rather than following it. Each entry
names its stores in its header, so that entries of stores that no longer exist, entries
unused for PRUNE_DAYS days, and the oldest entries beyond PRUNE_BYTES in all are removed
whenever an entry is saved.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import Problem
from .model import Event, Source, Timeline
from .store import Layout

if TYPE_CHECKING:
    from .progress import Progress

__all__ = [
    "PRUNE_BYTES",
    "PRUNE_DAYS",
    "Entry",
    "Snapshot",
    "Window",
    "cache_dir",
    "clear",
    "enabled",
    "entries",
    "load",
    "prune",
    "save",
    "snapshot",
    "usable",
]

_MAGIC = b"chronology-cache\x00"
_FORMAT = 8
_SUFFIX = ".cache"
#: Entries not used for this many days are removed.
PRUNE_DAYS = 30
#: Beyond this many bytes in all, the least recently used entries are removed.
PRUNE_BYTES = 1024 * 1024 * 1024
#: A used entry's time is refreshed at most this often (seconds), to spare writes.
_TOUCH_EVERY = 86_400
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


def usable(create: bool = False) -> tuple[Path | None, str]:
    """The cache folder if it may be used, with why not otherwise.

    It must be a directory (not a symlink to one) owned by this user and writable by no one
    else: another user who could write in it could plant entries or links. With `create`,
    a missing folder is made (0700)."""
    folder = cache_dir()
    try:
        if create:
            folder.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                folder.mkdir(mode=0o700)
        status = os.lstat(folder)
    except FileNotFoundError:
        return None, "it does not exist yet"
    except OSError as err:
        return None, f"it cannot be read ({err.strerror})"
    if not stat.S_ISDIR(status.st_mode):
        return None, "it is not a directory (a symbolic link or a file is in its place)"
    if status.st_uid != os.geteuid():
        return None, f"it belongs to another user (uid {status.st_uid})"
    if status.st_mode & 0o022:
        return None, f"others may write in it (mode {stat.S_IMODE(status.st_mode):o})"
    return folder, ""


def _file_for(folder: Path, snapshots: Sequence[Snapshot]) -> Path:
    identity = "\0".join(s.absolute for s in snapshots).encode("utf-8")
    return folder / f"{hashlib.blake2b(identity, digest_size=16).hexdigest()}{_SUFFIX}"


def _open_entry(path: Path) -> tuple[int, os.stat_result] | None:
    """A descriptor on a cache entry that is a regular file of this user, never a link."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None  # missing, or a symlink (ELOOP)
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode) or status.st_uid != os.geteuid():
        os.close(fd)
        return None
    return fd, status


def _read_entry(path: Path, head_only: bool = False) -> tuple[list[str], bytes] | None:
    """The store paths an entry names and its checked payload (empty with `head_only`)."""
    opened = _open_entry(path)
    if opened is None:
        return None
    fd, status = opened
    try:
        with os.fdopen(fd, "rb") as handle:
            head = handle.read(len(_MAGIC) + 36)
            if not head.startswith(_MAGIC) or len(head) < len(_MAGIC) + 36:
                return None
            checksum = head[len(_MAGIC) : len(_MAGIC) + 32]
            size = int.from_bytes(head[len(_MAGIC) + 32 :], "big")
            named = handle.read(size)
            if len(named) != size:
                return None
            stores = named.decode("utf-8").split("\0")
            if head_only:
                return stores, b""
            payload = handle.read()
            if _checksum(named, payload) != checksum:
                return None
            if time.time() - status.st_mtime > _TOUCH_EVERY:
                with contextlib.suppress(OSError):  # in use: keep it from pruning
                    os.utime(handle.fileno())
            return stores, payload
    except (OSError, ValueError):
        return None


Record = list[object]
#: A run of records: [lowest lo, highest hi of its short events, how many, marshalled
#: records, [[lo, hi, marshalled record] for each long event]].
Run = list[object]
#: Events longer than this (seconds) are also kept beside their run, so that an open or
#: years-long span does not make every run reach into every window.
_LONG = 400 * 86_400


#: The span of UTC seconds a caller wants events from: (low, high), events that end after
#: `low` and start before `high`.
Window = tuple[int, int]


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
        folder, _ = usable()
        if folder is None:
            return None
        entry = _read_entry(_file_for(folder, snapshots))
        if entry is None:
            return None
        document = marshal.loads(entry[1])  # its "files" must match below
        del entry
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
            low, high = window
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
        markup=document["markup"],  # type: ignore[arg-type]
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

    index = {s.path: i for i, s in enumerate(snapshots)}
    document = {
        "format": _FORMAT,
        "version": __version__,
        "files": [s.key() for s in snapshots],
        "title": timeline.title,
        "description": timeline.description,
        "timezone": timeline.timezone,
        "markup": timeline.markup,
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
        folder, _ = usable(create=True)
        if folder is None:
            return
        named = "\0".join(s.absolute for s in snapshots).encode("utf-8")
        payload = marshal.dumps(document)
        head = _MAGIC + _checksum(named, payload) + len(named).to_bytes(4, "big") + named
        _replace(_file_for(folder, snapshots), head, payload)
        prune(folder)
    except (OSError, ValueError, TypeError):
        pass  # a read-only or full cache directory only costs speed


def _checksum(named: bytes, payload: bytes) -> bytes:
    """The checksum an entry keeps of its store names and payload (hashed in turn: joining
    them first would copy the payload, tens of megabytes for 100,000 events)."""
    digest = hashlib.sha256(named)
    digest.update(payload)
    return digest.digest()


def _replace(path: Path, *parts: bytes) -> None:
    """Write `parts`, one after the other, to a fresh file beside `path` and rename it into
    place: the rename replaces whatever is at `path` (a planted symlink too) and never
    writes through it."""
    import tempfile

    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                handle.write(part)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass(frozen=True, slots=True)
class Entry:
    """One cache entry: its file, size in bytes, when it was last used, and its stores."""

    path: Path
    size: int
    used: float
    stores: tuple[str, ...]

    def orphaned(self) -> bool:
        """True when a store file it was made from no longer exists."""
        return not self.stores or not all(os.path.exists(store) for store in self.stores)


def entries(folder: Path) -> list[Entry]:
    """The entries in the cache folder, least recently used first."""
    found = []
    with os.scandir(folder) as scan:
        for item in scan:
            if not item.name.endswith(_SUFFIX) or item.name.startswith("."):
                continue
            try:
                status = item.stat(follow_symlinks=False)
            except OSError:
                continue
            read = _read_entry(Path(item.path), head_only=True)
            stores = tuple(read[0]) if read is not None else ()
            found.append(Entry(Path(item.path), status.st_size, status.st_mtime, stores))
    found.sort(key=lambda entry: entry.used)
    return found


def prune(folder: Path, now: float | None = None) -> list[Entry]:
    """Remove the entries of stores that no longer exist, those unused for PRUNE_DAYS
    days, and the least recently used beyond PRUNE_BYTES in all; and temporary files left
    by a crash. Returns the entries removed."""
    now = time.time() if now is None else now
    removed = []
    kept = []
    for entry in entries(folder):
        if entry.orphaned() or now - entry.used > PRUNE_DAYS * 86_400:
            removed.append(entry)
        else:
            kept.append(entry)
    total = sum(entry.size for entry in kept)
    for entry in kept:  # least recently used first
        if total <= PRUNE_BYTES:
            break
        removed.append(entry)
        total -= entry.size
    for entry in removed:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
    _remove_temporaries(folder, now - 3600)
    return removed


def clear(folder: Path) -> list[Entry]:
    """Remove every entry (and temporary file) from the cache folder; the entries removed."""
    removed = entries(folder)
    for entry in removed:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.path)
    _remove_temporaries(folder, float("inf"))
    return removed


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
        layout.quick,
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


def _remove_temporaries(folder: Path, before: float) -> None:
    """Remove the temporary files a crash left, if last changed before `before`."""
    with os.scandir(folder) as scan:
        for item in scan:
            if item.name.startswith(".") and item.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if item.stat(follow_symlinks=False).st_mtime < before:
                        os.unlink(item.path)
