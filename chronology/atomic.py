"""Writing a file so that readers see the old bytes or the new ones, never a mix."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
import zlib
from collections.abc import Iterable

from .errors import ChronologyError

__all__ = ["StoreChanged", "write_atomic"]

#: Names of an already open descriptor of this process: writing to one must go through it
#: (opening the name again would truncate what `>>` or `{ …; } >` set up).
_OPEN_STREAM = re.compile(r"^/(?:dev/(?:std(?:in|out|err)|fd/\d+)|proc/self/fd/\d+)$")


class StoreChanged(ChronologyError):
    """The file on disk no longer holds the bytes a change was computed from."""


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: str,
    data: bytes | Iterable[bytes],
    durable: bool = True,
    expected: bytes | None = None,
) -> None:
    """Replace `path` with `data`: temporary file, fsync, rename, fsync of the directory.

    `data` may come in parts (an export written as it is made, so that it is never whole
    in memory). Before the rename, the temporary file is read back: it must hold exactly
    the bytes written (their length and CRC-32), else nothing is replaced.
    (Without `durable`, no fsync: readers still see old or new bytes, but a crash may lose
    the change or leave a damaged file, which suits a cache that checks itself.)

    With `expected`, the file must still hold exactly those bytes just before the rename
    (compare-and-swap), else StoreChanged is raised and nothing is written.

    A symlink is written through to its target. The file keeps its permission bits, owner
    and group (when the writer may not give them back, it refuses instead); a file with
    other hard links is refused rather than silently split from them. A device, pipe or
    socket (`-o /dev/null`, a FIFO) is written to as it is, never replaced, and a name of
    an open descriptor (`-o /dev/stdout`) is written through that descriptor. Raises
    ChronologyError.
    """
    parts = [data] if isinstance(data, bytes) else data
    if _OPEN_STREAM.match(path):
        _write_descriptor(path, parts)
        return
    _refuse_planted_link(path)
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        # The path as given, through symlinks: /dev/stdout resolves to a pipe or terminal
        # whose "real path" (pipe:[…]) names nothing.
        status: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        status = None
    except OSError as err:
        raise ChronologyError(f"cannot write {path}: {err.strerror}") from None
    if status is not None:
        if stat.S_ISDIR(status.st_mode):
            raise ChronologyError(f"cannot write {path}: it is a directory")
        if not stat.S_ISREG(status.st_mode):
            _write_in_place(path, parts)
            return
        _check_replaceable(path, status)
    mode = stat.S_IMODE(status.st_mode) if status is not None else _default_mode()
    try:
        fd, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
        )
    except OSError as err:
        raise ChronologyError(f"cannot write {path}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            length, crc = 0, 0
            for part in parts:
                handle.write(part)
                length += len(part)
                crc = zlib.crc32(part, crc)
            handle.flush()
            _read_back(temporary, length, crc, path)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
            if status is not None:
                _keep_owner(handle.fileno(), status, path)
            os.fchmod(handle.fileno(), mode)
        if expected is not None:
            _still(target, expected, path)
        os.replace(temporary, target)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(err, OSError):
            raise ChronologyError(f"cannot write {path}: {err.strerror or err}") from None
        raise
    if durable:
        _fsync_directory(directory)


def _read_back(temporary: str, length: int, crc: int, path: str) -> None:
    """The temporary file holds the bytes written: `length` of them, with CRC-32 `crc`."""
    found_length, found_crc = 0, 0
    buffer = bytearray(1 << 16)
    view = memoryview(buffer)
    with open(temporary, "rb") as handle:
        while count := handle.readinto(buffer):
            found_length += count
            found_crc = zlib.crc32(view[:count], found_crc)
    if (found_length, found_crc) != (length, crc):
        raise ChronologyError(
            f"cannot write {path}: the bytes read back from the new file differ from those "
            "written; nothing was replaced"
        )


def _refuse_planted_link(path: str) -> None:
    """Refuse a symlink that another user planted in a world-writable sticky directory
    (`/tmp`): following it would let them pick the file we write, as the kernel's
    `protected_symlinks` also refuses."""
    try:
        link = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISLNK(link.st_mode):
        return
    try:
        folder = os.stat(os.path.dirname(os.path.abspath(path)))
    except OSError:
        return
    sticky_and_open = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    if sticky_and_open and link.st_uid not in (os.geteuid(), folder.st_uid):
        raise ChronologyError(
            f"cannot write {path}: it is a symlink that another user made in a shared "
            "directory; nothing was written (remove it or write elsewhere)"
        )


def _check_replaceable(path: str, status: os.stat_result) -> None:
    """Refuse what a rename would silently change: a read-only file, one this user may
    not write (real access, not mode bits), one with other hard links."""
    if not status.st_mode & 0o222:
        # A rename would replace it anyway; someone made it read-only on purpose.
        raise ChronologyError(f"cannot write {path}: the file is read-only (chmod u+w {path})")
    if os.geteuid() != 0 and not os.access(path, os.W_OK):
        raise ChronologyError(f"cannot write {path}: permission denied")
    if status.st_nlink > 1:
        raise ChronologyError(
            f"cannot write {path}: it has {status.st_nlink - 1} other hard link"
            f"{'s' if status.st_nlink > 2 else ''}, which a safe replace would leave holding "
            "the old text; nothing was written (make it a single file or a symlink)"
        )


def _keep_owner(fd: int, status: os.stat_result, path: str) -> None:
    """Give the new file the old one's owner and group, or refuse."""
    if (status.st_uid, status.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        if os.geteuid() == 0:
            os.fchown(fd, status.st_uid, status.st_gid)
        elif status.st_uid == os.geteuid():
            os.fchown(fd, -1, status.st_gid)  # allowed when the user is in that group
        else:
            raise PermissionError
    except PermissionError:
        raise ChronologyError(
            f"cannot write {path}: it belongs to another user or group, and replacing it "
            "would make it yours; nothing was written (write it as its owner)"
        ) from None


def _still(target: str, expected: bytes, path: str) -> None:
    """The compare of compare-and-swap: the file holds the bytes the change was made from."""
    try:
        with open(target, "rb") as handle:
            now = handle.read(len(expected) + 1)
    except OSError:
        now = None
    if now != expected:
        raise StoreChanged(
            f"{path} changed on disk while the change was being made; nothing was written "
            "(run the command again)"
        )


def _write_descriptor(path: str, parts: Iterable[bytes]) -> None:
    """Write through an open descriptor of this process, at its position (no truncation)."""
    number = 0 if path.endswith("stdin") else 1 if path.endswith("stdout") else 2
    if "/fd/" in path:
        number = int(path.rsplit("/", 1)[1])
    if number == 1:
        with contextlib.suppress(AttributeError, ValueError):
            sys.stdout.flush()
    for part in parts:
        _write_all(number, part, path)


def _write_all(fd: int, data: bytes, path: str) -> None:
    """Write all of `data` to the descriptor `fd` (a pipe may take it in parts)."""
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as err:
        raise ChronologyError(f"cannot write {path}: {err.strerror or err}") from None


def _write_in_place(path: str, parts: Iterable[bytes]) -> None:
    """Write to something that is not a regular file; there is nothing to replace (and no
    truncation: a character device or pipe has no length to cut)."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except OSError as err:
        raise ChronologyError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        for part in parts:
            _write_all(fd, part, path)
    finally:
        os.close(fd)


def _fsync_directory(directory: str) -> None:
    """Make the rename itself durable; some file systems cannot open a directory: skip."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
