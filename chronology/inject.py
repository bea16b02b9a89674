"""Docs as code: a Markdown timeline kept up to date between two markers in a file.

The start marker records the options the timeline was made with
(`<!-- chronology:start --heading-level 3 --tag cnwg -->`), so that a later `--check` or
`--inject` makes the same timeline without the user repeating them, as cog does.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from .atomic import write_atomic
from .errors import ChronologyError

__all__ = ["END", "START", "Injected", "inject", "marker", "recorded_options"]

START = "<!-- chronology:start -->"
END = "<!-- chronology:end -->"
#: A start marker, bare or with the options it records.
_START = re.compile(r"<!-- chronology:start(?: ([^\n]*?))? -->")


@dataclass(frozen=True, slots=True)
class Injected:
    """The file's new text, and a unified diff from the old one ("" when unchanged)."""

    text: str
    diff: str


def marker(options: list[str]) -> str:
    """The start marker that records `options` (command-line words)."""
    if not options:
        return START
    recorded = shlex.join(options)
    if "-->" in recorded or "\n" in recorded or "\r" in recorded:
        raise ChronologyError(
            "an option value holds '-->' or a line break, which the start marker cannot record"
        )
    return f"<!-- chronology:start {recorded} -->"


def _read(path: str) -> tuple[str, re.Match[str], int]:
    """The file's text, its start marker and where its end marker is."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        text = raw.decode("utf-8")
    except OSError as err:
        raise ChronologyError(f"cannot read {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise ChronologyError(f"{path} is not UTF-8") from None
    starts = list(_START.finditer(text))
    ends = text.count(END)
    if len(starts) != 1 or ends != 1:
        raise ChronologyError(
            f"{path} must contain {START} and {END} once each (found {len(starts)} and {ends})"
        )
    start = starts[0]
    end = text.find(END)
    if end < start.start():
        raise ChronologyError(f"{path}: {END} comes before {START}")
    return text, start, end


def recorded_options(path: str) -> list[str]:
    """The options recorded in the start marker of `path` (none for a bare marker)."""
    _, start, _ = _read(path)
    try:
        return shlex.split(start[1] or "")
    except ValueError as err:
        raise ChronologyError(
            f"{path}: cannot read the options of its start marker: {err}"
        ) from None


def inject(path: str, markdown: str, options: list[str], write: bool = True) -> Injected:
    """Replace what is between the markers in `path` with `markdown`, and record `options`
    in the start marker; every other byte stays.

    Written atomically, and only when something changed. Raises ChronologyError when the
    file cannot be read or the markers are missing, repeated or out of order.
    """
    text, start, end = _read(path)
    head, tail = text[: start.start()], text[end + len(END) :]
    newline = "\r\n" if "\r\n" in text else "\n"
    body = (newline + newline + markdown.rstrip("\n") + newline + newline).replace("\n", newline)
    body = body.replace("\r\r\n", "\r\n")
    new = head + marker(options) + body + END + tail
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
