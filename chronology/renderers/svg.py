"""A static SVG drawing of the timeline: the events to scale in rows and lanes, a time
scale, and a legend. No script, so it can be embedded where only images go (a README).

Labels never overlap: each lane holds an event's bar and its label, so two events share
a lane only when neither's label reaches the other; a label too long for the drawing is
cut with `…`. Widths of text are estimated (no font is at hand), generously.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from xml.sax.saxutils import escape

from ..escapes import visible_line
from ..model import Event, Timeline
from . import ExportOptions
from .visual import Mark, marks, ticks

__all__ = ["stream", "text_width"]

_FONT = 12
_LANE = 22
_ROW_TOP = 18  # room for the row's name
_AXIS = 24
_MARGIN = 10
_MAX_LABEL = 48  # characters
_PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8a7a00", "#7a7a7a")
_FINE = ("day", "minute", "second")


def text_width(text: str, size: float = _FONT) -> float:
    """A generous estimate of the width of `text` in a sans-serif font: wide characters
    (CJK) count one em, others 0.62 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.62 * size for c in text)


def _xml(text: str) -> str:
    """Text for an SVG element or attribute: escaped, and the characters XML 1.0 forbids or
    a reader must not get raw (controls, bidirectional overrides) shown as escapes."""
    return escape(visible_line(text), {'"': "&quot;"})


def _elide(text: str, room: float) -> str:
    text = " ".join(text.split())
    if len(text) > _MAX_LABEL:
        text = text[: _MAX_LABEL - 1].rstrip() + "…"
    while text and text_width(text) > room:
        text = text[:-2].rstrip() + "…" if len(text) > 2 else ""
    return text


def _style(mark: Mark) -> tuple[str, str]:
    """The fill and extra attributes of an event's shape."""
    colour = mark.group % len(_PALETTE)
    attributes = ""
    if mark.lo is None and mark.hi is None:
        fill = f"url(#both{colour})"
    elif mark.lo is None:
        fill = f"url(#left{colour})"
    elif mark.hi is None:
        fill = f"url(#right{colour})"
    elif mark.unspecified:
        fill = f"url(#dots{colour})"
    elif mark.approximate:
        fill = f"url(#hatch{colour})"
    elif mark.precision not in _FINE and not mark.point:
        fill = f"url(#soft{colour})"
    else:
        fill = _PALETTE[colour]
    if mark.uncertain:
        attributes = ' class="doubt"'
    return fill, attributes


def _definitions() -> str:
    parts = []
    for i, colour in enumerate(_PALETTE):
        parts.append(
            f'<linearGradient id="soft{i}"><stop offset="0" stop-color="{colour}" '
            f'stop-opacity="0"/><stop offset=".15" stop-color="{colour}"/>'
            f'<stop offset=".85" stop-color="{colour}"/><stop offset="1" '
            f'stop-color="{colour}" stop-opacity="0"/></linearGradient>'
        )
        parts.append(
            f'<linearGradient id="right{i}"><stop offset=".4" stop-color="{colour}"/>'
            f'<stop offset="1" stop-color="{colour}" stop-opacity="0"/></linearGradient>'
        )
        parts.append(
            f'<linearGradient id="left{i}"><stop offset="0" stop-color="{colour}" '
            f'stop-opacity="0"/><stop offset=".6" stop-color="{colour}"/></linearGradient>'
        )
        parts.append(
            f'<linearGradient id="both{i}"><stop offset="0" stop-color="{colour}" '
            f'stop-opacity="0"/><stop offset=".5" stop-color="{colour}"/><stop offset="1" '
            f'stop-color="{colour}" stop-opacity="0"/></linearGradient>'
        )
        parts.append(
            f'<pattern id="hatch{i}" width="7" height="7" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="4" height="7" fill="{colour}"/>'
            "</pattern>"
        )
        parts.append(
            f'<pattern id="dots{i}" width="5" height="5" patternUnits="userSpaceOnUse">'
            f'<circle cx="2.5" cy="2.5" r="1.7" fill="{colour}"/></pattern>'
        )
    return "<defs>" + "".join(parts) + "</defs>"


_CSS = (
    "text{font:12px system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;"
    "fill:#1a1a1a}.muted{fill:#555}.rule{stroke:#c8c8c8}.title{font-size:16px;"
    "font-weight:700}.doubt{opacity:.6;stroke:#1a1a1a;stroke-dasharray:3 2}"
    "@media (prefers-color-scheme:dark){text{fill:#ececec}.muted{fill:#b4b4b4}"
    ".rule{stroke:#444}.doubt{stroke:#ececec}}"
)

_LEGEND = (
    ("day", "exact day or time"),
    ("coarse", "month, year or decade"),
    ("approx", "approximate (~)"),
    ("doubt", "uncertain (?)"),
    ("unspec", "unspecified digits (201X)"),
    ("open", "open or unknown end"),
    ("point", "an instant"),
)


def _legend(y: float, width: int) -> tuple[list[str], float]:
    samples = {
        "day": f'<rect width="28" height="10" rx="2" fill="{_PALETTE[0]}"/>',
        "coarse": '<rect width="28" height="10" rx="2" fill="url(#soft0)"/>',
        "approx": '<rect width="28" height="10" rx="2" fill="url(#hatch0)"/>',
        "doubt": f'<rect width="28" height="10" rx="2" fill="{_PALETTE[0]}" class="doubt"/>',
        "unspec": '<rect width="28" height="10" rx="2" fill="url(#dots0)"/>',
        "open": '<rect width="28" height="10" rx="2" fill="url(#right0)"/>',
        "point": f'<path d="M6 0 L12 5 L6 10 L0 5 Z" fill="{_PALETTE[0]}"/>',
    }
    lines, x = [], float(_MARGIN)
    for kind, words in _LEGEND:
        room = 34 + text_width(words) + 18
        if x + room > width - _MARGIN and x > _MARGIN:
            x, y = float(_MARGIN), y + 18
        lines.append(
            f'<g transform="translate({x:.0f} {y:.0f})">{samples[kind]}'
            f'<text x="34" y="9.5" class="muted">{_xml(words)}</text></g>'
        )
        x += room
    return lines, y + 18


class _Lanes:
    """Where each lane of a row is taken up to, for first fit: the lowest lane free from
    `left`. Lanes are kept in blocks with their lowest end, so that finding one costs the
    blocks before it and one block, not every lane (thousands of lanes for 100,000 events
    took minutes lane by lane)."""

    BLOCK = 64

    def __init__(self) -> None:
        self.ends: list[float] = []
        self.lowest: list[float] = []  # per block

    def __len__(self) -> int:
        return len(self.ends)

    def place(self, left: float, right: float) -> int:
        """The lowest lane whose last label ends 6 px before `left`; it now ends at `right`."""
        ends, lowest, size = self.ends, self.lowest, self.BLOCK
        lane = len(ends)
        for block, low in enumerate(lowest):
            if low + 6 <= left:
                start = block * size
                lane = next(i for i in range(start, start + size) if ends[i] + 6 <= left)
                break
        if lane == len(ends):
            ends.append(right)
            if lane % size == 0:
                lowest.append(right)
        ends[lane] = right
        block = lane // size
        lowest[block] = min(ends[block * size : block * size + size])
        return lane


def stream(
    timeline: Timeline, events: Sequence[Event], options: ExportOptions, notes: list[str]
) -> Iterator[str]:
    """The drawing of `events` (a selection of `timeline`), `options.width` pixels wide."""
    width = options.width
    clock = options.clock_for(timeline)
    names, drawn = marks(events, clock, options.group_by)
    finite = [m.lo for m in drawn if m.lo is not None] + [m.hi for m in drawn if m.hi is not None]
    lo, hi = (float(min(finite)), float(max(finite))) if finite else (0.0, 86_400.0)
    if hi - lo < 3600:
        lo, hi = lo - 1800, hi + 1800
    margin = (hi - lo) * 0.03
    lo, hi = lo - margin, hi + margin
    inner = width - 2 * _MARGIN
    scale = inner / (hi - lo)

    def x(at: float) -> float:
        return _MARGIN + (at - lo) * scale

    title = options.title or timeline.title or "Timeline"
    by_row: list[list[Mark]] = [[] for _ in names]
    for mark in drawn:
        by_row[mark.group].append(mark)
    # Lay out each row: bars with their labels, first fit into lanes.
    y = 34.0 + _AXIS
    rows_svg: list[str] = []
    for row, name in enumerate(names):
        members = by_row[row]
        lanes = _Lanes()
        shapes: list[str] = []
        for mark in members:
            x0 = _MARGIN - 4 if mark.lo is None else x(mark.lo)
            x1 = width - _MARGIN + 4 if mark.hi is None else x(mark.hi)
            if mark.point:
                x0, x1 = x0 - 6, x0 + 6
            x1 = max(x1, x0 + 4)
            label = _elide(mark.event.title, width - 2 * _MARGIN)
            room_after = width - _MARGIN - (x1 + 4)
            if text_width(label) <= room_after:
                label_x, anchor = x1 + 4, "start"
                left, right = x0, x1 + 4 + text_width(label)
            elif text_width(label) <= x0 - 4 - _MARGIN:
                label_x, anchor = x0 - 4, "end"
                left, right = x0 - 4 - text_width(label), x1
            else:
                label = _elide(label, max(room_after, x0 - 4 - _MARGIN, 0))
                if text_width(label) > room_after:
                    label_x, anchor = x0 - 4, "end"
                    left, right = x0 - 4 - text_width(label), x1
                else:
                    label_x, anchor = x1 + 4, "start"
                    left, right = x0, x1 + 4 + text_width(label)
            lane = lanes.place(left, right)
            top = y + _ROW_TOP + lane * _LANE
            fill, extra = _style(mark)
            event = mark.event
            words = f"{event.human_date(clock)}: {event.title}"
            if mark.point:
                middle = (x0 + x1) / 2
                path = (
                    f"M{middle:.1f} {top + 3} L{middle + 6:.1f} {top + 9} "
                    f"L{middle:.1f} {top + 15} L{middle - 6:.1f} {top + 9} Z"
                )
                shape = f'<path d="{path}" fill="{fill}"{extra}/>'
            else:
                shape = (
                    f'<rect x="{x0:.1f}" y="{top + 3}" width="{x1 - x0:.1f}" height="12" rx="2" '
                    f'fill="{fill}"{extra}/>'
                )
            text = ""
            if label:
                text = (
                    f'<text x="{label_x:.1f}" y="{top + 13.5}" text-anchor="{anchor}">'
                    f"{_xml(label)}</text>"
                )
            shapes.append(f'<g id="event-{event.id}"><title>{_xml(words)}</title>{shape}{text}</g>')
        height = _ROW_TOP + max(len(lanes), 1) * _LANE + 4
        if name:
            rows_svg.append(f'<text x="{_MARGIN}" y="{y + 13}" class="muted">{_xml(name)}</text>')
        rows_svg.extend(shapes)
        y += height
        rows_svg.append(f'<line x1="0" x2="{width}" y1="{y}" y2="{y}" class="rule"/>')
    bottom = y
    axis = [f'<line x1="0" x2="{width}" y1="{34 + _AXIS}" y2="{34 + _AXIS}" class="rule"/>']
    for tick in ticks(lo, hi, inner):
        at = x(tick.at)
        axis.append(
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="34" y2="{bottom}" class="rule" '
            'stroke-opacity=".5"/>'
        )
        axis.append(f'<text x="{at + 3:.1f}" y="50" class="muted">{_xml(tick.label)}</text>')
    legend, total = _legend(bottom + 12, width)
    description = f"{len(events)} events" + (f", times in {clock.name}" if events else "")
    # The height comes last, from the lanes: the shapes wait in `rows_svg` until then.
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total:.0f}" '
        f'viewBox="0 0 {width} {total:.0f}" role="img" aria-labelledby="title desc">',
        f'<title id="title">{_xml(title)}</title>',
        f'<desc id="desc">{_xml(description)}</desc>',
        f"<style>{_CSS}</style>",
        _definitions(),
        f'<text x="{_MARGIN}" y="22" class="title">{_xml(title)}</text>',
        *axis,
    ]
    yield "\n".join(head) + "\n"
    for start in range(0, len(rows_svg), 1024):
        yield "\n".join(rows_svg[start : start + 1024]) + "\n"
    yield "\n".join([*legend, "</svg>"]) + "\n"
