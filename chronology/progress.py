"""A one-line progress report on stderr for loads and exports that take more than a second.

Nothing is shown unless stderr is a terminal (and TERM is not `dumb`), and nothing before
the work has run for `DELAY` seconds: short commands, pipes, CI logs and tests never see
it. A background thread draws the line a few times a second from counters the work
updates (plain attribute writes, so the work itself pays almost nothing), and erases it
when the work ends, before anything else is printed.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import IO, TypeVar, overload

__all__ = ["DELAY", "Counted", "Progress"]

#: Seconds of work before the line appears.
DELAY = 1.0
#: Seconds between redraws.
_TICK = 0.2

T = TypeVar("T")


class Progress:
    """Report `done` out of `total` as `chronology: LABEL… NN%` while the block runs.

    The work sets `done` (and may raise `total`) as it goes; `total` 0 shows no percentage.
    """

    def __init__(self, label: str, total: int = 0, stream: IO[str] | None = None) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._width = 0

    @property
    def enabled(self) -> bool:
        """Only on a terminal that can erase a line."""
        isatty = getattr(self._stream, "isatty", None)
        return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        if self._width:
            self._write("\r" + " " * self._width + "\r")

    def counted(self, items: Sequence[T]) -> Sequence[T]:
        """`items`, counted in `done` as they are iterated when the line is shown."""
        return Counted(items, self) if self.enabled else items

    def line(self) -> str:
        """The text shown now."""
        if self.total > 0:
            share = min(100, self.done * 100 // self.total)
            return f"chronology: {self.label}… {share}%"
        return f"chronology: {self.label}…"

    def _run(self) -> None:
        if self._stop.wait(DELAY):
            return
        import shutil

        # A line longer than the terminal would wrap, and `\r` could not erase it.
        room = max(10, shutil.get_terminal_size().columns - 1)
        while True:
            text = self.line()
            if len(text) > room:
                text = "…" + text[len(text) - room + 1 :]
            self._write("\r" + text.ljust(self._width))
            self._width = max(self._width, len(text))
            if self._stop.wait(_TICK):
                return

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):
            self._stop.set()  # the terminal went away: stop drawing, keep working


class Counted(Sequence[T]):
    """A sequence that counts, in `progress.done`, how far it has been iterated."""

    def __init__(self, items: Sequence[T], progress: Progress) -> None:
        self._items = items
        self._progress = progress

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._items[index]

    def __iter__(self) -> Iterator[T]:
        progress = self._progress
        for done, item in enumerate(self._items, 1):
            progress.done = done
            yield item
