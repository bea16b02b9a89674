"""Writing a file so that readers see the old bytes or the new ones, never a mix."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile

from .errors import ChronologyError

__all__ = ["write_atomic"]


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str, data: bytes, durable: bool = True) -> None:
    """Replace `path` with `data`: temporary file, fsync, rename, fsync of the directory.
    (Without `durable`, no fsync: readers still see old or new bytes, but a crash may lose
    the change or leave a damaged file, which suits a cache that checks itself.)

    A symlink is written through to its target; the file keeps its permission bits (a new
    file gets the usual ones, not the 0600 of a temporary file). A device, pipe or socket
    (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written to as it is, never replaced.
    Raises ChronologyError.
    """
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        # The path as given, through symlinks: /dev/stdout resolves to a pipe or terminal
        # whose "real path" (pipe:[…]) names nothing.
        status = os.stat(path)
    except FileNotFoundError:
        exists, mode = False, _default_mode()
    except OSError as err:
        raise ChronologyError(f"cannot write {path}: {err.strerror}") from None
    else:
        if stat.S_ISDIR(status.st_mode):
            raise ChronologyError(f"cannot write {path}: it is a directory")
        if not stat.S_ISREG(status.st_mode):
            _write_in_place(path, data)
            return
        exists, mode = True, stat.S_IMODE(status.st_mode)
    if exists and not mode & 0o222:
        # A rename would replace it anyway; someone made it read-only on purpose.
        raise ChronologyError(f"cannot write {path}: the file is read-only (chmod u+w {path})")
    try:
        fd, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
        )
    except OSError as err:
        raise ChronologyError(f"cannot write {path}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ChronologyError(f"cannot write {path}: {err.strerror or err}") from None
    if durable:
        _fsync_directory(directory)


def _write_in_place(path: str, data: bytes) -> None:
    """Write to something that is not a regular file; there is nothing to replace."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as err:
        raise ChronologyError(f"cannot write {path}: {err.strerror or err}") from None


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
