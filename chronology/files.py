"""Finding and reading store files: paths, sizes, bytes and encodings (no YAML here)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import BinaryIO

from .errors import Problem

__all__ = ["MAX_FILE_BYTES", "TextForm", "decode", "discover", "read_bytes", "sniff_codec"]

#: Files larger than this are refused before they are parsed.
MAX_FILE_BYTES = 256 * 1024 * 1024


def discover(paths: list[str]) -> tuple[list[str], list[Problem]]:
    """Expand the paths a user named into store files: directories give their *.yaml files."""
    files: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for given in paths:
        if os.path.isdir(given):
            try:
                names = sorted(os.listdir(given))
            except OSError as err:
                problems.append(_io_problem(given, err))
                continue
            found = []
            for name in names:
                if not name.endswith((".yaml", ".yml")) or name.startswith("."):
                    continue
                member = os.path.join(given, name)
                # A file, a link to one, or a folder (an error when read); pipes, sockets,
                # devices and links to them are skipped: reading one could block or never end.
                if os.path.isfile(member) or os.path.isdir(member) or not os.path.exists(member):
                    found.append(member)
                else:
                    message = "skipped: not a regular file (a store file must be one)"
                    problems.append(Problem(member, 0, 0, "warning", "skipped-file", message))
            if not found:
                problems.append(
                    Problem(given, 0, 0, "error", "not-a-store", "directory has no *.yaml files")
                )
        else:
            found = [given]
        for path in found:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files, problems


def _io_problem(path: str, err: OSError) -> Problem:
    reason = err.strerror or str(err)
    if isinstance(err, FileNotFoundError):
        if path == "events.yaml":  # the default store of a folder
            message = "no events.yaml here; run 'chronology init' to create one"
        else:
            import shlex

            message = (
                "cannot read: no such file or directory (to create a store there: "
                f"chronology init -f {shlex.quote(path)})"
            )
        return Problem(path, 0, 0, "error", "unreadable", message)
    return Problem(path, 0, 0, "error", "unreadable", f"cannot read: {reason.lower()}")


def read_bytes(path: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of a store file, or the problem that prevents reading it.

    Only a regular file is a store: the file is opened without blocking (a FIFO would wait
    for a writer forever) and checked with `fstat` (a symlink to `/dev/zero` says size 0),
    and never more than the size limit is read, whatever its size said. `-` is standard
    input, read only when named, under the same limit.
    """
    import stat

    if path == "-":
        import sys

        try:
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        except (OSError, AttributeError, ValueError) as err:
            return None, Problem(path, 0, 0, "error", "unreadable", f"cannot read: {err}")
        return (data, None) if len(data) <= MAX_FILE_BYTES else (None, _too_large(path, None))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        return None, _io_problem(path, err)
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        kind = _kind(status.st_mode)
        message = f"not a regular file ({kind}); a store file must be one"
        return None, Problem(path, 0, 0, "error", "unreadable", message)
    handle = os.fdopen(fd, "rb")
    if status.st_size > MAX_FILE_BYTES:
        handle.close()
        return None, _too_large(path, status.st_size)
    return _bounded(handle, path)


def _bounded(handle: BinaryIO, path: str) -> tuple[bytes | None, Problem | None]:
    """Read at most the size limit from `handle` (and close it)."""
    with handle:
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as err:
            return None, _io_problem(path, err)
    if len(data) > MAX_FILE_BYTES:
        return None, _too_large(path, None)
    return data, None


def _too_large(path: str, size: int | None) -> Problem:
    said = f"file is {size:,} bytes" if size is not None else "file is larger than that"
    message = f"{said}; the limit is {MAX_FILE_BYTES:,}"
    return Problem(path, 0, 0, "error", "limit-exceeded", message)


def _kind(mode: int) -> str:
    import stat

    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return name
    return "a special file"


def sniff_codec(data: bytes) -> str:
    """The codec YAML prescribes for these bytes: from a byte-order mark, else UTF-8."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return codec
    return "utf-8"


def decode(data: bytes, path: str) -> tuple[str, Problem | None]:
    """Decode a file as YAML allows: UTF-8 (optionally with BOM), or UTF-16/32 with a BOM."""
    codec = sniff_codec(data)
    try:
        return data.decode(codec), None
    except UnicodeDecodeError as err:
        good = data[: err.start]
        line = good.count(b"\n") + 1
        column = len(good[good.rfind(b"\n") + 1 :].decode(codec, "replace")) + 1
        bad = data[err.start : err.start + 1].hex()
        name = "UTF-8" if codec.startswith("utf-8") else codec.upper()
        message = f"byte 0x{bad} is not valid {name}; save the file as UTF-8"
        return "", Problem(path, line, column, "error", "encoding", message)


#: Byte-order marks and the codec of the text after them, longest first.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class TextForm:
    """A store file's text and how it is written down: byte-order mark, codec and line
    ends, so that a writer gives back the file in the form it found it."""

    text: str
    bom: bytes = b""
    codec: str = "utf-8"
    #: "\r" for a file whose lines end in CR alone (its text is given with LF).
    newline: str = ""

    @classmethod
    def of(cls, data: bytes, path: str) -> tuple[TextForm, Problem | None]:
        """The form of these bytes, or the problem that keeps them from being text."""
        text, problem = decode(data, path)
        if problem is not None:
            return cls(""), problem
        bom, codec = next(((b, c) for b, c in _BOMS if data.startswith(b)), (b"", "utf-8"))
        if text.startswith("\ufeff"):
            text = text[1:]
        newline = ""
        if "\r" in text and "\n" not in text:
            text, newline = text.replace("\r", "\n"), "\r"
        return cls(text, bom, codec, newline), None

    def encode(self, text: str) -> bytes:
        """`text` (as `text` was given) in this form."""
        if self.newline == "\r":
            text = text.replace("\r\n", "\n").replace("\n", "\r")
        return self.bom + text.encode(self.codec)
