"""Exports of many events written by several processes at once.

A format that is a `Document` (a head, runs of events, a tail) is split into as many runs
as the machine has processors for this process, each of `RUN` events or more. Each run but
the first is written by a child process forked after the store is read (so it has the
events without reading or copying them) into a temporary file; the first is written by
this process as the children work, then the children's files are copied in order. The
document is the same, byte for byte, as one written in a single run.

A child is trusted with nothing: its run is used only if it exits with status 0 and its
file holds the bytes it reports (their length and CRC-32, read back before any is used);
otherwise this process writes that run itself.
Forking is used on Linux only (where it is the documented default of `multiprocessing`);
elsewhere, and for fewer events, the document is written in one run. (What only runs
written apart need is imported when they start: a small export imports nothing more.)
"""

from __future__ import annotations

import gc
import io
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import pairwise
from typing import IO, NoReturn

from ..model import Event, Timeline
from ..progress import Progress
from . import Document, ExportOptions, Format

__all__ = ["MOST", "RUN", "processes", "written"]

#: The fewest events a process is given: below this, starting one costs more than it saves
#: (measured: 5,000 events of Markdown take about 0.2 s to write; a fork of a process
#: holding them, 10 ms).
RUN = 5_000
#: The most processes used at once: this process collects every run, so more stop helping.
MOST = 8
#: Characters read from a child's file at a time.
_PIECE = 1 << 18


def processes(count: int) -> int:
    """How many processes to write `count` events with."""
    if not sys.platform.startswith("linux") or not hasattr(os, "sched_getaffinity"):
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MOST, count // RUN))


@contextmanager
def written(
    chosen: Format,
    timeline: Timeline,
    events: Sequence[Event],
    options: ExportOptions,
    *,
    notes: list[str],
    progress: Progress,
) -> Iterator[Iterator[str]]:
    """The document's pieces in order, from as many processes as help (`processes`); what
    to tell the user is appended to `notes` in the order of the events. The children are
    forked on entering, so enter this before starting any thread (the `progress` line):
    a fork copies only the thread that calls it."""
    document = chosen.document(timeline, events, options)
    count = processes(len(events)) if document is not None else 1
    if document is None or count == 1:
        yield chosen.stream(timeline, progress.counted(events), options, notes)
        return
    runs = _Runs(document, events, notes, count, progress)
    try:
        yield iter(runs)
    finally:
        runs.close()


@dataclass
class _Child:
    """One run written by a child process: events[start:end] into `out`; its notes and the
    length of what it wrote, as JSON, into `report`. `pid` is None when no child could be
    started (this process then writes the run)."""

    start: int
    end: int
    out: IO[bytes]
    report: IO[bytes]
    pid: int | None = None

    def close(self) -> None:
        if self.pid is not None:  # not waited for: stopped
            with suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)  # (no SIGKILL on Windows: never forked)
                os.waitpid(self.pid, 0)
            self.pid = None
        self.out.close()
        self.report.close()


class _Runs:
    """The document from several processes (see the module's text)."""

    def __init__(
        self,
        document: Document,
        events: Sequence[Event],
        notes: list[str],
        count: int,
        progress: Progress,
    ) -> None:
        self.document, self.events, self.notes, self.progress = document, events, notes, progress
        bounds = [len(events) * i // count for i in range(count + 1)]
        self.first = bounds[1]
        self.children: list[_Child] = []
        for start, end in pairwise(bounds[1:]):
            self.children.append(self._fork(start, end))

    def _fork(self, start: int, end: int) -> _Child:
        import tempfile

        # Open as long as the child is kept, and closed with it (`_Child.close`).
        out, report = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115
        child = _Child(start, end, out, report)
        try:
            pid = os.fork()
        except OSError:
            return child  # no process to be had: written here
        if pid == 0:
            _write_run(self.document, self.events, start, end, child)
        child.pid = pid
        return child

    def __iter__(self) -> Iterator[str]:
        document, events, notes = self.document, self.events, self.notes
        yield from document.head(notes)
        yield from document.body(self.progress.counted(events[: self.first]), None, notes)
        for child in self.children:
            yield from self._collect(child)
            self.progress.done = child.end
        yield from document.tail()

    def _collect(self, child: _Child) -> Iterator[str]:
        """The run of `child`, from its file when it wrote it whole, else written here."""
        found = _report(child)
        if found is None:
            events = self.events
            yield from self.document.body(
                events[child.start : child.end], events[child.start - 1], self.notes
            )
            return
        self.notes.extend(found)
        child.out.seek(0)
        with io.TextIOWrapper(child.out, encoding="utf-8", newline="") as reader:
            while piece := reader.read(_PIECE):
                yield piece

    def close(self) -> None:
        for child in self.children:
            child.close()


def _report(child: _Child) -> list[str] | None:
    """The notes of a child that wrote its run whole: it exited with status 0 and its file
    holds the bytes it says it wrote (their length and CRC-32, read back here); None for
    any other end."""
    import json

    if child.pid is None:
        return None
    _, status = os.waitpid(child.pid, 0)
    child.pid = None
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    child.report.seek(0)
    try:
        report = json.loads(child.report.read())
        found = _measured(child.out)
    except (OSError, ValueError):
        return None
    if not isinstance(report, dict) or [report.get("bytes"), report.get("crc32")] != found:
        return None
    notes = report.get("notes")
    if not isinstance(notes, list) or not all(isinstance(note, str) for note in notes):
        return None
    return notes


def _measured(file: IO[bytes]) -> list[int]:
    """The length and CRC-32 of what `file` holds, read from its start."""
    import zlib

    file.seek(0)
    length = crc = 0
    while block := file.read(1 << 20):
        length += len(block)
        crc = zlib.crc32(block, crc)
    return [length, crc]


def _write_run(
    document: Document, events: Sequence[Event], start: int, end: int, child: _Child
) -> NoReturn:
    """In the child: write events[start:end], and the report (notes, and the length and
    CRC-32 of the bytes as they were made), then leave without running anything of the
    parent's (no `finally`, no exit handler, no flush of its buffers)."""
    import json
    import zlib

    # A collection would walk the events, writing to their pages, which the child would
    # then copy from this process; what it makes has no cycles, and it lives a few seconds.
    gc.disable()
    status = 1
    try:
        notes: list[str] = []
        length = crc = 0
        with open(child.out.fileno(), "wb", closefd=False) as out:
            for piece in document.body(events[start:end], events[start - 1], notes):
                data = piece.encode("utf-8")
                out.write(data)
                length += len(data)
                crc = zlib.crc32(data, crc)
        report = {"notes": notes, "bytes": length, "crc32": crc}
        with open(child.report.fileno(), "wb", closefd=False) as written:
            written.write(json.dumps(report).encode("utf-8"))
        status = 0
    finally:
        os._exit(status)
