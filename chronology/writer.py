"""The one write path for every command that changes a store (SPEC §4).

Take an exclusive lock on a lock file beside the store, re-read the store, build the new
text, validate the complete new store, then replace the file atomically. A crash at any
moment leaves the old bytes or the new ones; two writers never interleave.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .atomic import write_atomic
from .errors import ChronologyError, InvalidStore, Problem
from .files import decode, discover, read_bytes, sniff_codec
from .model import Timeline
from .validate import validate_sources

__all__ = ["Change", "change", "lock", "store_with"]


@dataclass(frozen=True, slots=True)
class Change:
    """What a change did: the file, its text before and after, and whether it was written."""

    path: str
    before: str
    after: str
    timeline: Timeline
    problems: tuple[Problem, ...]
    written: bool


@contextlib.contextmanager
def lock(path: str) -> Iterator[None]:
    """Hold an exclusive lock for the store file `path` (on `.NAME.lock` beside it).

    The store itself cannot carry the lock: every atomic replace swaps its inode.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no advisory locks on this platform
        yield
        return
    target = os.path.realpath(path)
    lock_path = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise ChronologyError(f"cannot lock {path}: {err.strerror} ({lock_path})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _read_text(path: str) -> tuple[str, str, bool]:
    """The file's text, its codec, and whether it exists. Raises InvalidStore if undecodable."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return "", "utf-8", False
    except OSError as err:
        raise ChronologyError(f"cannot read {path}: {err.strerror}") from None
    text, problem = decode(data, path)
    if problem is not None:
        raise InvalidStore([problem])
    return text, sniff_codec(data), True


def store_with(paths: list[str], target: str, text: str) -> tuple[Timeline, list[Problem]]:
    """Validate the store at `paths` as if the file `target` held `text`."""
    files, problems = discover(paths)
    target_real = os.path.realpath(target)
    # A directory store that is still empty gets its first file now.
    inside = os.path.dirname(target_real)
    problems = [p for p in problems if os.path.realpath(p.path) != inside]
    if target_real not in {os.path.realpath(f) for f in files}:
        files = [*files, target]
    contents: list[tuple[str, bytes | None, Problem | None]] = []
    for path in files:
        if os.path.realpath(path) == target_real:
            contents.append((path, text.encode("utf-8"), None))
        else:
            contents.append((path, *read_bytes(path)))
    timeline, found, _ = validate_sources(contents)
    return timeline, problems + found


def _ignore_file_size_signal() -> None:
    """Let a write beyond RLIMIT_FSIZE fail with EFBIG instead of killing the process."""
    sigxfsz = getattr(signal, "SIGXFSZ", None)
    if sigxfsz is not None and threading.current_thread() is threading.main_thread():
        signal.signal(sigxfsz, signal.SIG_IGN)


def change(
    paths: list[str],
    target: str,
    edit: Callable[[str, bool], str],
    dry_run: bool = False,
    verify: Callable[[Timeline], None] | None = None,
) -> Change:
    """Apply `edit(text, exists)` to the file `target` of the store at `paths`, safely.

    Raises InvalidStore (nothing written) if the complete new store would have errors;
    `verify(new_timeline)` may raise too, before anything is written.
    """
    with lock(target):
        before, codec, _exists = _read_text(target)
        after = edit(before, _exists)
        timeline, problems = store_with(paths, target, after)
        if any(p.is_error for p in problems):
            raise InvalidStore(problems)
        if verify is not None and after != before:
            verify(timeline)
        written = False
        if after != before and not dry_run:
            _ignore_file_size_signal()
            write_atomic(target, after.encode(codec))
            written = True
        return Change(target, before, after, timeline, tuple(problems), written)
