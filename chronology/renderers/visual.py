"""What the drawn views (the HTML page and the SVG image) share: each event's span on the
display clock with how sure its ends are, its group (row), and the ticks of the time scale.

Positions are naive seconds on the display clock (`Event.clock_span`): a calendar day is
the same day on every clock, a time of day is moved to the clock's zone; an open or
unknown end is None.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ..clock import Clock
from ..dates import DAY, MAX_SECONDS, MIN_SECONDS, civil_from_days, days_from_civil, year_words
from ..model import Event

__all__ = ["Mark", "Tick", "groups", "marks", "ticks"]

#: The row of events without a tag or location.
_NONE = {"tag": "(no tag)", "location": "(no location)"}
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()  # noqa: SIM905


@dataclass(frozen=True, slots=True)
class Mark:
    """One event as drawn: its span on the clock (None: open or unknown), how precise and
    sure its ends are, and its row."""

    event: Event
    lo: int | None
    hi: int | None
    #: The precision of its first date (`day`, `month`, …); `""` for an open start.
    precision: str
    approximate: bool
    uncertain: bool
    #: Digits left unspecified (`201X`, `2021-XX`): the span covers every reading.
    unspecified: bool
    #: An instant (a time of day with nothing after it): drawn as a marker.
    point: bool
    group: int

    @property
    def qualities(self) -> str:
        """Its qualities as letters: `a`pproximate, `u`ncertain, une`x`pected digits,
        `p`oint, open `s`tart, open `e`nd."""
        flags = [
            ("a", self.approximate),
            ("u", self.uncertain),
            ("x", self.unspecified),
            ("p", self.point),
            ("s", self.lo is None),
            ("e", self.hi is None),
        ]
        return "".join(letter for letter, on in flags if on)


def groups(events: Sequence[Event], group_by: str) -> tuple[list[str], list[int]]:
    """The rows' names and each event's row: by first tag, location or file (in the order
    the store names them), or one row."""
    if group_by == "none":
        return [""], [0] * len(events)
    keys = [_group_key(event, group_by) for event in events]
    names: list[str]
    if group_by == "file":
        names = [k for k in dict.fromkeys(keys) if k is not None]
    else:
        present = sorted({k for k in keys if k is not None}, key=lambda k: (k.casefold(), k))
        names = present + ([_NONE[group_by]] if None in keys else [])
    index = {name: i for i, name in enumerate(names)}
    return names, [index[_NONE[group_by] if k is None else k] for k in keys]


def _group_key(event: Event, group_by: str) -> str | None:
    if group_by == "tag":
        return event.tags[0] if event.tags else None
    if group_by == "location":
        return event.location or None
    return PurePath(event.origin[0]).name


def marks(events: Sequence[Event], clock: Clock, group_by: str) -> tuple[list[str], list[Mark]]:
    """The rows and each event as drawn, in the events' order."""
    names, rows = groups(events, group_by)
    found = []
    for event, row in zip(events, rows, strict=True):
        lo, hi = event.clock_span(clock)
        first, last = event.first, event.last
        dates = [d for d in (first, last) if d is not None]
        point = first is not None and first.timed and (last is None or last is first)
        found.append(
            Mark(
                event=event,
                lo=None if lo <= MIN_SECONDS else lo,
                hi=None if hi >= MAX_SECONDS else hi,
                precision=first.precision.name.lower() if first is not None else "",
                approximate=any(d.approximate for d in dates),
                uncertain=any(d.uncertain for d in dates),
                unspecified=any(d.unspecified for d in dates),
                point=point and not event.open_end,
                group=row,
            )
        )
    return names, found


@dataclass(frozen=True, slots=True)
class Tick:
    """A mark on the time scale: where (naive seconds) and what it says."""

    at: int
    label: str


_MINUTE, _HOUR = 60, 3600
#: Steps below a day, in seconds; then days, months and years.
_SECONDS = (60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
_DAYS = (1, 2, 7, 14)
_MONTH_STEPS = (1, 3, 6)


def _year_steps() -> Iterator[int]:
    scale = 1
    while True:
        for step in (1, 2, 5):
            yield step * scale
        scale *= 10


def ticks(lo: float, hi: float, width: float, spacing: float = 90) -> list[Tick]:
    """Ticks between `lo` and `hi` (naive seconds) for a scale `width` pixels wide, at
    least `spacing` pixels apart, on round minutes, hours, days, months or years."""
    per_pixel = (hi - lo) / width
    wanted = per_pixel * spacing
    for step in _SECONDS:
        if step >= wanted:
            return _regular(lo, hi, step, _time_label)
    for days in _DAYS:
        if days * DAY >= wanted:
            return _regular(lo, hi, days * DAY, _day_label)
    for months in _MONTH_STEPS:
        if months * 30.4 * DAY >= wanted:
            return _months(lo, hi, months)
    for years in _year_steps():
        if years * 365.2425 * DAY >= wanted:
            return _years(lo, hi, years)
    raise AssertionError("unreachable: year steps never end")


def _regular(lo: float, hi: float, step: int, label: object) -> list[Tick]:
    first = -(-int(lo) // step) * step
    assert callable(label)
    return [Tick(at, label(at)) for at in range(first, int(hi) + 1, step)]


def _time_label(at: int) -> str:
    seconds = at % DAY
    if seconds == 0:
        return _day_label(at)
    return f"{seconds // _HOUR:02d}:{seconds // _MINUTE % 60:02d}"


def _day_label(at: int) -> str:
    year, month, day = civil_from_days(at // DAY)
    if month == 1 and day == 1:
        return year_words(year)
    return f"{day} {_MONTHS[month - 1]}"


def _months(lo: float, hi: float, step: int) -> list[Tick]:
    year, month, _ = civil_from_days(int(lo) // DAY)
    index = year * 12 + month - 1
    index = -(-index // step) * step
    found: list[Tick] = []
    while True:
        year, month = divmod(index, 12)
        at = days_from_civil(year, month + 1, 1) * DAY
        if at > hi:
            return found
        if at >= lo:
            label = year_words(year) if month == 0 else _MONTHS[month]
            found.append(Tick(at, label))
        index += step


def _years(lo: float, hi: float, step: int) -> list[Tick]:
    """Years that are round as people count them: AD years multiple of `step`, and BC
    years whose BC number is (`1000 BC`, not astronomical -1000, which is 1001 BC)."""
    first = civil_from_days(int(lo) // DAY)[0]
    last = civil_from_days(int(hi) // DAY)[0]
    bc = range(-(-(1 - min(last, 0)) // step) * step, (1 - first) + 1, step) if first <= 0 else []
    ad = range(-(-max(first, 1) // step) * step, last + 1, step) if last >= 1 else []
    years = [1 - n for n in reversed(bc)] + list(ad)
    found = []
    for year in years:
        at = days_from_civil(year, 1, 1) * DAY
        if lo <= at <= hi:
            found.append(Tick(at, year_words(year)))
    return found
