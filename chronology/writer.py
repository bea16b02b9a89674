"""The one write path for every command that changes a store (SPEC §4).

Under an exclusive lock: read the file's bytes once, compute the new text from them, encode
it as the file is encoded, read those exact bytes back with the reader every command uses,
require the old timeline plus exactly the intended change, check that the file on disk
still holds the bytes the change was computed from, then replace it atomically. A crash
at any moment leaves the old bytes or the new ones; two writers never interleave.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .atomic import StoreChanged, write_atomic
from .errors import ChronologyError, InvalidStore, Problem
from .files import MAX_FILE_BYTES, TextForm, discover, read_bytes
from .loader import collector_paused
from .model import Timeline
from .store import Layout

if TYPE_CHECKING:
    from .quick import Known

__all__ = ["Change", "Edit", "Reading", "Verify", "change", "lock", "store_with"]

#: How long a writer waits for another writer's lock unless told otherwise (seconds).
LOCK_TIMEOUT = 30.0

#: Problems that leave no YAML structure to insert text into.
_UNPARSABLE = frozenset(
    {"yaml-syntax", "encoding", "bad-tag", "limit-exceeded", "multiple-documents", "unreadable"}
)

#: `edit(text, exists, current, layout)`: the new text of the file, from its text now, the
#: timeline of the store as it is now and the layout of the file's events list as read
#: (None if unknown); bytes are written exactly as they are.
Edit = Callable[[str, bool, Timeline, "Layout | None"], str | bytes]
#: `verify(before, after)`: raises unless `after` is `before` plus exactly the intended change.
Verify = Callable[[Timeline, Timeline], None]


@dataclass(frozen=True, slots=True)
class Change:
    """What a change did: the file, its text before and after, and whether it was written."""

    path: str
    before: str
    after: str
    timeline: Timeline
    problems: tuple[Problem, ...]
    written: bool


def _holder(fd: int) -> str:
    """Who holds the lock, as the lock file says (the pid its holder wrote)."""
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (held by process {text})" if text.isdigit() else ""


@contextlib.contextmanager
def lock(
    path: str, timeout: float = LOCK_TIMEOUT, notify: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold an exclusive lock for the store file `path` (on `.NAME.lock` beside it).

    The store itself cannot carry the lock: every atomic replace swaps its inode. After a
    second of waiting, `notify` hears who holds the lock; after `timeout` seconds the wait
    ends with a ChronologyError. The lock file takes the store's group and permission
    bits, so that everyone who may write the store may also lock it.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no advisory locks on this platform
        yield
        return
    target = os.path.realpath(path)
    lock_path = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.lock")
    try:
        store = os.stat(target)
    except OSError:
        store = None
    mode = (store.st_mode & 0o666) if store is not None else 0o644
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, mode)
    except OSError as err:
        raise ChronologyError(f"cannot lock {path}: {err.strerror} ({lock_path})") from None
    try:
        _share(fd, store)
        deadline = time.monotonic() + timeout
        told = False
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                now = time.monotonic()
                if now >= deadline:
                    raise ChronologyError(
                        f"{path} is locked by another writer{_holder(fd)}; gave up after "
                        f"{timeout:g} s (--lock-timeout); nothing was written"
                    ) from None
                if not told and now - started >= 1.0 and notify is not None:
                    notify(f"waiting for the lock on {path}{_holder(fd)}")
                    told = True
                time.sleep(0.05)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)


def _share(fd: int, store: os.stat_result | None) -> None:
    """Give a lock file the store's group and permission bits (best effort: a lock file
    made earlier by someone else keeps what it has when we may not change it)."""
    if store is None:
        return
    with contextlib.suppress(OSError):
        status = os.fstat(fd)
        if status.st_uid == os.geteuid():
            if status.st_gid != store.st_gid:
                os.fchown(fd, -1, store.st_gid)
            os.fchmod(fd, store.st_mode & 0o666)


def _read_once(path: str) -> tuple[bytes, bool]:
    """The bytes of the store file (b"" and False when it does not exist yet), read as every
    command reads a store file (regular files only, within the size limit)."""
    if not os.path.lexists(path):
        return b"", False
    if os.path.isdir(path):
        raise ChronologyError(f"{path} is a directory; name one file of it with --into")
    data, problem = read_bytes(path)
    if problem is not None:
        raise ChronologyError(f"{path}: {problem.message}; nothing was written")
    assert data is not None
    return data, True


@dataclass(frozen=True, slots=True)
class Reading:
    """A store as validated with one file's bytes given: the timeline, the problems, each
    file's events-list layout, the bytes of every file as read (for the cache), and the
    layout of the given file."""

    timeline: Timeline
    problems: list[Problem]
    layouts: list[Layout | None]
    read: list[tuple[str, bytes]]
    layout: Layout | None


def store_with(
    paths: list[str],
    target: str,
    data: bytes,
    *,
    use_cache: bool = False,
    known: Known | None = None,
) -> Reading:
    """Validate the store at `paths` as if the file `target` held `data`, with the reader
    every command uses. With `use_cache`, a store whose bytes are exactly those of a
    cached result is taken from the cache (keyed by the hash of every file's bytes).
    `known` is as for `validate_sources`: items read before to the byte are taken from it."""
    files, problems = discover(paths)
    target_real = os.path.realpath(target)
    # A directory store that is still empty gets its first file now.
    inside = os.path.dirname(target_real)
    problems = [p for p in problems if os.path.realpath(p.path) != inside]
    if target_real not in {os.path.realpath(f) for f in files}:
        files = [*files, target]
    contents: list[tuple[str, bytes | None, Problem | None]] = []
    index = 0
    for i, path in enumerate(files):
        if os.path.realpath(path) == target_real:
            contents.append((path, data, None))
            index = i
        else:
            contents.append((path, *read_bytes(path)))
    read = [(path, found) for path, found, _ in contents if found is not None]
    if use_cache and len(read) == len(contents):
        from . import cache

        snapshots = [cache.snapshot(path, found) for path, found in read]
        cached = cache.load(snapshots)
        if cached is not None:
            timeline, found_problems, layouts = cached
            return Reading(timeline, problems + found_problems, layouts, read, layouts[index])
    from .validate import validate_sources

    timeline, found_problems, layouts = validate_sources(contents, known=known)
    return Reading(timeline, problems + found_problems, layouts, read, layouts[index])


def _ignore_file_size_signal() -> None:
    """Let a write beyond RLIMIT_FSIZE fail with EFBIG instead of killing the process."""
    sigxfsz = getattr(signal, "SIGXFSZ", None)
    if sigxfsz is not None and threading.current_thread() is threading.main_thread():
        signal.signal(sigxfsz, signal.SIG_IGN)


def _accounted(before: list[Problem], after: list[Problem]) -> bool:
    """Every warning of the new store was there before (lines may move: compared without
    them), or is about the new text; errors never pass this far."""
    from collections import Counter

    def key(problem: Problem) -> tuple[str, str, str]:
        return (problem.path, problem.code, problem.message)

    return not (Counter(map(key, after)) - Counter(map(key, before)))


def _changed_lines(before: str, after: str) -> tuple[int, int]:
    """The first and last line of `after` (1-based) that differ from `before`."""
    limit = min(len(before), len(after))
    block = 1 << 16  # compared a block at a time: one slice per block, not per character
    head = 0
    while head < limit and before[head : head + block] == after[head : head + block]:
        head += block
    head = min(head, limit)
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    room = limit - head
    old, new = len(before), len(after)
    while tail + block <= room and (
        before[old - tail - block : old - tail] == after[new - tail - block : new - tail]
    ):
        tail += block
    while tail < room and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    first = after.count("\n", 0, head) + 1
    last = after.count("\n", 0, len(after) - tail) + 1
    return first, last


def change(
    paths: list[str],
    target: str,
    edit: Edit,
    *,
    dry_run: bool = False,
    verify: Verify | None = None,
    use_cache: bool = False,
    retry: bool = False,
    require_valid: bool = False,
    expected: bytes | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
    notify: Callable[[str], None] | None = None,
) -> Change:
    """Apply `edit` to the file `target` of the store at `paths`, safely.

    Raises InvalidStore (nothing written) if the complete new store would have errors;
    ChronologyError if `verify(before, after)` finds anything but the intended change, if
    the store changed on disk while the change was computed (with `retry`, it is computed
    once more from the new bytes first), or if the file cannot be written as it is. With
    `require_valid`, a store whose YAML cannot be read is refused as it is (other errors
    are refused when the new store still has them); with `expected`,
    a file that no longer holds those bytes (StoreChanged).
    With `verify`, a warning of the new store must have been there before or lie in the
    lines the change wrote.
    """
    attempts = 2 if retry else 1
    with collector_paused():  # the store is read twice
        return _locked(
            paths, target, edit, attempts,
            dry_run=dry_run, verify=verify, use_cache=use_cache, require_valid=require_valid,
            expected=expected, lock_timeout=lock_timeout, notify=notify,
        )  # fmt: skip


def _locked(
    paths: list[str],
    target: str,
    edit: Edit,
    attempts: int,
    *,
    dry_run: bool,
    verify: Verify | None,
    use_cache: bool,
    require_valid: bool,
    expected: bytes | None,
    lock_timeout: float,
    notify: Callable[[str], None] | None,
) -> Change:
    with lock(target, lock_timeout, notify):
        for attempt in range(attempts):
            try:
                return _change(
                    paths, target, edit, dry_run=dry_run, verify=verify, use_cache=use_cache,
                    require_valid=require_valid, expected=expected,
                )  # fmt: skip
            except StoreChanged:
                if attempt == attempts - 1:
                    raise
    raise AssertionError("unreachable")  # pragma: no cover


def _change(
    paths: list[str],
    target: str,
    edit: Edit,
    *,
    dry_run: bool,
    verify: Verify | None,
    use_cache: bool,
    require_valid: bool,
    expected: bytes | None,
) -> Change:
    data, exists = _read_once(target)
    if expected is not None and data != expected:
        raise StoreChanged(f"{target} changed on disk; nothing was written")
    form, problem = TextForm.of(data, target)
    if problem is not None:
        raise InvalidStore([problem])
    before = form.text
    old = store_with(paths, target, data, use_cache=use_cache)
    current, old_problems = old.timeline, old.problems
    if require_valid and any(p.code in _UNPARSABLE for p in old_problems):
        raise InvalidStore(old_problems)  # no structure to insert text into: fix it first
    # Where the events list is, as the reader found it in exactly these bytes (indexes of
    # the decoded text; not for a byte-order mark, which the reader counts and we strip).
    layout = old.layout if not form.bom else None
    made = edit(before, exists, current, layout)
    if isinstance(made, bytes):
        encoded = made
        new_form, problem = TextForm.of(encoded, target)
        if problem is not None:
            raise InvalidStore([problem])
        after = new_form.text
    else:
        after = made
        encoded = form.encode(after)
    if encoded == data:
        return Change(target, before, before, current, tuple(old_problems), False)
    if len(encoded) > MAX_FILE_BYTES:
        raise ChronologyError(
            f"{target} would grow to {len(encoded):,} bytes, past the {MAX_FILE_BYTES:,} "
            "that chronology reads; nothing was written (split the store into a directory)"
        )
    # The read-back: the exact bytes about to be written, through the reader of every command.
    new = store_with(paths, target, encoded, known=_known_items(target, data, old))
    timeline, problems, layouts, read = new.timeline, new.problems, new.layouts, new.read
    first, last = _changed_lines(before, after) if verify is not None else (0, -1)
    if any(p.is_error for p in problems):
        # Lines of text that was never written mean nothing to the user: say "new event".
        raise InvalidStore(
            [
                replace(p, path="new event", line=0, column=0)
                if p.path == target and first <= p.line <= last
                else p
                for p in problems
            ]
        )
    if verify is not None:
        verify(current, timeline)
        rest = [p for p in problems if not (p.path == target and first <= p.line <= last)]
        if not _accounted([p for p in old_problems if not p.is_error], rest):
            raise ChronologyError(
                f"the change would bring new warnings to other events of {target}; "
                "nothing was written (run 'chronology validate' on the result of --dry-run)"
            )
    result = Change(target, before, after, timeline, tuple(problems), False)
    if dry_run:
        return result
    # The store as it was is not needed any more: the write and the cache reuse its memory
    # (the old and the new timeline of 100,000 events are about 300 MB each).
    del old, current
    _ignore_file_size_signal()
    write_atomic(target, encoded, expected=data if exists else None)
    if use_cache:
        _remember(target, encoded, timeline=timeline, problems=problems, layouts=layouts, read=read)
    return Change(target, before, after, timeline, tuple(problems), True)


#: One unchanged item in this many is read back from its bytes all the same, even when the
#: cache holds the event its text makes, and `verify` compares the two: a cache that
#: disagrees with the bytes it is keyed to stops the write (at a thirty-second of the cost
#: of reading every item; measured: 0.08 s for 100,000 events).
_READ_AGAIN = 32


def _known_items(target: str, data: bytes, old: Reading) -> Known | None:
    """The items of `target` as the read of its bytes `data` made them (from the cache or
    not), when its events list is a block list: the read-back takes an item written again to
    the byte from there, at its new place, and reads every other (the inserted text, and one
    in `_READ_AGAIN`). By the item's own text when the quick reader took the file, else by
    its whole lines (`Known.remember_whole`); None for a flow list."""
    layout = old.layout
    if layout is None or layout.flow:
        return None
    target_real = os.path.realpath(target)
    named = {path for path, _ in old.read if os.path.realpath(path) == target_real}
    from .quick import Known

    known = Known()
    events = [e for e in old.timeline.events if e.origin[0] in named]
    if layout.quick:
        known.remember(target, data, events, leave_out=_READ_AGAIN)
    else:
        troubled = (p.line for p in old.problems if p.path in named)
        known.remember_whole(target, data, events, troubled, leave_out=_READ_AGAIN)
    return known


def _remember(
    target: str,
    encoded: bytes,
    *,
    timeline: Timeline,
    problems: list[Problem],
    layouts: list[Layout | None],
    read: list[tuple[str, bytes]],
) -> None:
    """Fill the cache from what is on disk now: the file is read again, and the result is
    kept only if it holds exactly the bytes that were validated (keyed by their hash)."""
    from . import cache

    try:
        on_disk, _ = _read_once(target)
    except ChronologyError:
        return
    if on_disk != encoded:
        return  # someone replaced it already: the next reader validates what is there
    snapshots = [cache.snapshot(path, found) for path, found in read]
    cache.save(snapshots, timeline, problems, layouts)
