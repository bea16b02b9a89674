"""Docs as code: a Markdown timeline kept up to date between two markers in a file."""

from __future__ import annotations

from dataclasses import dataclass

from .atomic import write_atomic
from .errors import ChronologyError

__all__ = ["END", "START", "Injected", "inject"]

START = "<!-- chronology:start -->"
END = "<!-- chronology:end -->"


@dataclass(frozen=True, slots=True)
class Injected:
    """The file's new text, and a unified diff from the old one ("" when unchanged)."""

    text: str
    diff: str


def inject(path: str, markdown: str, write: bool = True) -> Injected:
    """Replace what is between the markers in `path` with `markdown`; every other byte stays.

    Written atomically, and only when something changed. Raises ChronologyError when the
    file cannot be read or the markers are missing, repeated or out of order.
    """
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        text = raw.decode("utf-8")
    except OSError as err:
        raise ChronologyError(f"cannot read {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise ChronologyError(f"{path} is not UTF-8") from None
    starts, ends = text.count(START), text.count(END)
    if starts != 1 or ends != 1:
        raise ChronologyError(
            f"{path} must contain {START} and {END} once each (found {starts} and {ends})"
        )
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    if END in head:
        raise ChronologyError(f"{path}: {END} comes before {START}")
    newline = "\r\n" if "\r\n" in text else "\n"
    body = (newline + newline + markdown.rstrip("\n") + newline + newline).replace("\n", newline)
    body = body.replace("\r\r\n", "\r\n")
    new = head + START + body + END + tail
    if new == text:
        return Injected(text, "")
    import difflib

    diff = "".join(
        difflib.unified_diff(
            text.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{path} (now)",
            tofile=f"{path} (from the store)",
        )
    )
    if write:
        write_atomic(path, new.encode("utf-8"))
    return Injected(new, diff)
