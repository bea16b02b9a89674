"""`chronology show`: every field of one event, readable in a terminal."""

from __future__ import annotations

import textwrap

from .clock import EVENT, Clock
from .escapes import visible
from .model import Event

__all__ = ["render_event"]


def _style(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render_event(event: Event, clock: Clock, color: bool = False, width: int = 88) -> str:
    """A labelled, escaped view of one event: dates (times on `clock`, and as written when
    that differs), place, people, sources, summary."""
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
        lines.append("")
        for paragraph in event.summary.strip().split("\n\n"):
            flowed = " ".join(safe(paragraph).split())
            lines.extend(textwrap.wrap(flowed, width=width, initial_indent="  ",
                                       subsequent_indent="  ") or [""])  # fmt: skip
            lines.append("")
        lines.pop()
    return "\n".join(lines)
