"""`chronology show`: every field of one event, readable in a terminal."""

from __future__ import annotations

import textwrap

from .clock import EVENT, Clock
from .escapes import visible
from .model import Event
from .text import LIST_ITEM, aligned, paragraphs

__all__ = ["render_event"]


def _style(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render_event(event: Event, clock: Clock, color: bool = False, width: int | None = None) -> str:
    """A labelled, escaped view of one event: dates (times on `clock`, and as written when
    that differs), place, people, sources, summary. The summary keeps its lines as written;
    with a `width` (a terminal's), a longer line wraps under its own text."""
    safe = visible
    shown = event.human_date(clock)
    rows: list[tuple[str, str]] = [("Date", f"{shown}  ({event.iso_date()})")]
    written = event.human_date(EVENT)
    if written != shown:
        rows.append(("As written", written))
    if event.location:
        rows.append(("Location", safe(event.location)))
    if event.timezone:
        rows.append(("Timezone", safe(event.timezone)))
    if event.tags:
        rows.append(("Tags", safe(", ".join(event.tags))))
    if event.people:
        rows.append(("People", safe(", ".join(event.people))))
    for i, source in enumerate(event.sources):
        text = safe(source.url)
        if source.title:
            text = f"{safe(source.title)}\n{text}"
        if source.accessed:
            text += f"\n(accessed {source.accessed})"
        rows.append(("Sources" if i == 0 else "", text))
    for key, value in event.extensions:
        if isinstance(value, str):
            shown = value
        else:
            import json  # only for x- values that are not text

            shown = json.dumps(value, ensure_ascii=False)
        rows.append((safe(key), safe(shown)))
    path, line = event.origin
    if path:
        rows.append(("Defined", f"{safe(path)}:{line}"))

    label_width = max(len(label) for label, _ in rows) + 2
    lines = [_style(f"{safe(event.id)} · {safe(event.title)}", "1", color), ""]
    for label, value in rows:
        pad = " " * (label_width + 2)
        first, *rest = value.split("\n")
        lines.append("  " + _style(label.ljust(label_width), "2", color) + first)
        lines.extend(pad + more for more in rest)
    if event.summary and event.summary.strip():
        for paragraph in paragraphs(event.summary):
            lines.append("")
            columns = aligned(paragraph)
            for written_line in paragraph:
                lines.extend(_wrapped(visible(written_line), None if columns else width))
    return "\n".join(lines)


def _wrapped(line: str, width: int | None) -> list[str]:
    """One summary line indented by two spaces; when longer than `width`, wrapped, its
    next lines under the line's text (a list item's text, not its marker). Lines lined up
    in columns are never wrapped (a wrapped table is no table); the terminal cuts them."""
    if width is None or len(line) + 2 <= width:
        return ["  " + line]
    item = LIST_ITEM.fullmatch(line)
    hang = item.start(4) if item is not None else len(line) - len(line.lstrip(" "))
    return textwrap.wrap(
        line.lstrip(" "),
        width=max(width, 2 + hang + 20),  # never a column of single words
        initial_indent="  " + line[: len(line) - len(line.lstrip(" "))],
        subsequent_indent="  " + " " * hang,
        break_on_hyphens=False,
    )
