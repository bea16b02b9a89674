"""`chronology init`: a new store with a title, an optional time zone and comments that show
how events are written, created through the same checked write path as every change."""

from __future__ import annotations

from .emit import scalar
from .errors import ChronologyError
from .model import Timeline
from .store import Layout
from .writer import LOCK_TIMEOUT, Change, change

__all__ = ["create_store", "starter_text"]

_EXAMPLE = """\
events:
  # Each event is an item of this list, for example:
  #
  # - id: first-meeting          # optional: `chronology add` makes one from date and title
  #   date: 2021-06-02           # 2021, 2021-06, 2021-06-02T09:30, 2004~ (circa),
  #                              # 2021? (uncertain), 201X, 2021-06-02/2021-06-05 (a span)
  #   title: First meeting of the working group
  #   summary: What happened, in a sentence or a few paragraphs.
  #   location: New Delhi
  #   tags: [meeting]
  #   people: [A. Person]
  #   sources:
  #     - url: https://example.org/joint-statement
  #       title: Joint statement
  #
  # Or add events from the command line:
  #   chronology add --date 2021-06-02 --title "First meeting" --source https://example.org/
"""


def starter_text(title: str, timezone: str | None = None) -> str:
    """The text of a new store: a title, the zone if given, and an empty, commented list."""
    lines = [
        "# A chronology: dated events with their sources (chronology help dates: the dates).",
        "# Check it with `chronology validate`; see it with `chronology list`.",
        f"title: {scalar(title)}",
    ]
    if timezone:
        lines.append(f"timezone: {scalar(timezone)}  # times without an offset are read here")
    return "\n".join(lines) + "\n" + _EXAMPLE


def create_store(
    path: str,
    title: str,
    timezone: str | None = None,
    *,
    lock_timeout: float = LOCK_TIMEOUT,
) -> Change:
    """Create the store file `path`; refuse (nothing written) when it exists already.

    The new text goes through `writer.change`: under the store's lock, read back through
    the reader of every command before it replaces anything.
    """

    def edit(text: str, exists: bool, current: Timeline, layout: Layout | None) -> str:
        if exists:
            raise ChronologyError(f"{path} already exists; nothing was written")
        return starter_text(title, timezone)

    return change([path], path, edit, lock_timeout=lock_timeout)
