"""Date expressions: the EDTF subset of SPEC §2, their bounds, order and human display.

A `Date` never depends on `datetime` for its bounds, so BC years work. Bounds are kept as
"naive seconds": seconds since 1970-01-01T00:00 on the proleptic Gregorian calendar in the
date's own wall clock. `Date.instant_bounds` turns them into UTC instants for a time zone.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from datetime import timedelta, tzinfo
    from zoneinfo import ZoneInfo

__all__ = [
    "MAX_SECONDS",
    "MIN_SECONDS",
    "SHORT_WIDTH",
    "ZONE_SYNONYMS",
    "Date",
    "DateError",
    "DateValue",
    "EndBeforeStart",
    "Interval",
    "Open",
    "Precision",
    "days_from_civil",
    "human",
    "human_range",
    "human_span",
    "parse_date",
    "parse_single",
    "unknown_zone",
    "wall_clock_problem",
    "year_label",
    "year_words",
    "zone_named",
]

DAY = 86_400
#: Stand-ins for an open interval end: far outside any year chronology accepts.
MIN_SECONDS = -(10**15)
MAX_SECONDS = 10**15

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class DateError(ValueError):
    """A date expression that does not follow the grammar; the message says why."""


class EndBeforeStart(DateError):
    """An interval whose end comes before its start."""


class Precision(enum.IntEnum):
    """How much of a date is known, coarsest first (the order SPEC §2 sorts by)."""

    CENTURY = 0
    DECADE = 1
    YEAR = 2
    MONTH = 3
    DAY = 4
    MINUTE = 5
    SECOND = 6


class Open(enum.Enum):
    """An interval end that is not a date: `..` (open, ongoing) or empty (unknown)."""

    OPEN = ".."
    UNKNOWN = ""


def is_leap(year: int) -> bool:
    """Leap year in the proleptic Gregorian calendar with astronomical year numbers."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_length(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar."""
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 for any proleptic Gregorian date, negative years included."""
    # Howard Hinnant's algorithm: count from 0000-03-01 so the leap day ends each cycle.
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The (year, month, day) of a day number; the inverse of `days_from_civil`."""
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


@dataclass(frozen=True, slots=True)
class Date:
    """One EDTF date or date-time, with its bounds in naive seconds (see the module doc).

    `lo` is the first second the date covers and `hi` the first second after it, both on the
    date's own wall clock; `offset` is the fixed UTC offset in minutes when the text gives
    one (`Z`, `+05:30`), else None and the date is read in the event's time zone.
    """

    text: str
    year: int
    month: int | None
    day: int | None
    hour: int | None
    minute: int | None
    second: int | None
    offset: int | None
    precision: Precision
    uncertain: bool
    approximate: bool
    #: Which parts were written with X digits: "" or a combination of "y", "m", "d".
    unspecified: str
    lo: int
    hi: int
    #: The zone label a time is shown with (`EDT`, `+05:30`) once it is put on a display
    #: clock (`clock.on_clock`); empty as parsed, when the offset as written is shown.
    label: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def timed(self) -> bool:
        """True for a date-time, False for a year, month or day."""
        return self.hour is not None

    @property
    def qualified(self) -> bool:
        """True when the date is uncertain or approximate."""
        return self.uncertain or self.approximate

    def instant_bounds(self, zone: tzinfo | None) -> tuple[int, int]:
        """UTC seconds of `lo` and `hi`, reading a date without offset in `zone` (UTC if None)."""
        return self._instant(self.lo, zone), self._instant(self.hi, zone)

    def instant_start(self, zone: tzinfo | None) -> int:
        """UTC seconds of `lo` (`instant_bounds(zone)[0]`, without working out the end)."""
        return self._instant(self.lo, zone)

    def instant_end(self, zone: tzinfo | None) -> int:
        """UTC seconds of `hi` (`instant_bounds(zone)[1]`, without working out the start)."""
        return self._instant(self.hi, zone)

    def _instant(self, wall: int, zone: tzinfo | None) -> int:
        if self.offset is not None:
            return wall - self.offset * 60
        return wall if zone is None else wall - utc_offset(zone, wall)

    def first_day(self) -> tuple[int, int, int]:
        """(year, month, day) of the first day the date covers."""
        return civil_from_days(self.lo // DAY)

    def last_day(self) -> tuple[int, int, int]:
        """(year, month, day) of the last day the date covers (inclusive)."""
        return civil_from_days((self.hi - 1) // DAY)


@dataclass(frozen=True, slots=True)
class Interval:
    """An EDTF interval `A/B`; either end may be open (`..`) or unknown (empty)."""

    text: str
    start: Date | Open
    end: Date | Open

    def __str__(self) -> str:
        return self.text

    @property
    def lo(self) -> int:
        """Naive seconds of the start's lower bound, or `MIN_SECONDS` when not a date."""
        return self.start.lo if isinstance(self.start, Date) else MIN_SECONDS

    @property
    def hi(self) -> int:
        """Naive seconds just after the end, or `MAX_SECONDS` when not a date."""
        return self.end.hi if isinstance(self.end, Date) else MAX_SECONDS


DateValue = Union[Date, Interval]  # noqa: UP007 (a runtime alias on 3.10)

_SINGLE = re.compile(
    r"(?P<y>-?[0-9]{2}(?:[0-9]{2}|[0-9]X|XX))"
    r"(?:-(?P<m>[0-9]{2}|XX)"
    r"(?:-(?P<d>[0-9]{2}|XX)"
    r"(?:(?P<sep>[T ])(?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?"
    r"(?P<tz>Z|[+-][0-9]{2}(?::[0-9]{2})?)?)?)?)?"
    r"(?P<q>[?~%])?"
)
_DAY_FAST = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_date(text: str) -> DateValue:
    """Parse a date expression of SPEC §2: a single date or an interval `A/B`.

    Raises `DateError` with a message that says what is wrong and how to write it.
    """
    if "/" not in text:
        return parse_single(text)
    if text.count("/") > 1:
        raise DateError(_slash_hint(text) or f"{text!r}: an interval has exactly one '/'")
    left, right = text.split("/")
    if left in ("..", "") and right in ("..", ""):
        raise DateError(f"{text!r}: at least one end of an interval must be a date")
    start = Open(left) if left in ("..", "") else _interval_end(text, left)
    end = Open(right) if right in ("..", "") else _interval_end(text, right)
    # Compared as instants, so that date-times with different offsets order correctly.
    if (
        isinstance(start, Date)
        and isinstance(end, Date)
        and start.instant_start(None) >= end.instant_end(None)
    ):
        raise EndBeforeStart(f"{text!r}: the interval ends before it starts")
    return Interval(text, start, end)


def _interval_end(whole: str, part: str) -> Date:
    try:
        return parse_single(part)
    except DateError as err:
        raise DateError(f"{whole!r}: {_reason(err)}") from None


def _reason(err: DateError) -> str:
    """The part of a DateError message after the quoted text."""
    message = str(err)
    _, sep, rest = message.partition(": ")
    return rest if sep else message


_CACHE: dict[str, Date] = {}


def parse_single(text: str) -> Date:
    """Parse one EDTF date or date-time (no interval). Raises `DateError`."""
    cached = _CACHE.get(text)
    if cached is not None:
        return cached
    fast = _DAY_FAST.fullmatch(text)
    if fast:
        year, month, day = int(fast[1]), int(fast[2]), int(fast[3])
        if 1 <= month <= 12 and 1 <= day <= month_length(year, month):
            lo = days_from_civil(year, month, day) * DAY
            date = Date(
                text, year, month, day, None, None, None, None,
                Precision.DAY, False, False, "", lo, lo + DAY,
            )  # fmt: skip
            if len(_CACHE) < 100_000:
                _CACHE[text] = date
            return date
    match = _SINGLE.fullmatch(text)
    if match is None:
        raise DateError(_diagnose(text))
    date = _build(text, match)
    if len(_CACHE) < 100_000:
        _CACHE[text] = date
    return date


def _build(text: str, m: re.Match[str]) -> Date:
    ytext, mtext, dtext = m["y"], m["m"], m["d"]
    qualifier = m["q"] or ""
    if ytext == "-0000":
        raise DateError(f"{text!r}: there is no year -0000; 1 BC is written 0000")
    if ytext.startswith("-") and ytext.endswith("XX") and ytext[1:3] == "00":
        raise DateError(f"{text!r}: unspecified digits cannot cover years on both sides of 0000")
    unspecified = ""
    if "X" in ytext:
        unspecified += "y"
        if mtext is not None:
            raise DateError(
                f"{text!r}: a year with X digits cannot have a month (write {ytext} alone)"
            )
    if mtext == "XX":
        unspecified += "m"
        if dtext is not None and dtext != "XX":
            raise DateError(f"{text!r}: an unspecified month needs an unspecified day (-XX-XX)")
    if dtext == "XX":
        unspecified += "d"
    timed = m["H"] is not None
    if timed and qualifier:
        raise DateError(f"{text!r}: a date-time cannot be qualified with {qualifier!r}")
    if timed and unspecified:
        raise DateError(f"{text!r}: a date-time cannot have X digits")

    negative = ytext.startswith("-")
    digits = ytext.lstrip("-")
    year_lo = int(digits.replace("X", "0"))
    year_hi = int(digits.replace("X", "9"))
    if negative:
        year_lo, year_hi = -year_hi, -year_lo
    if "X" in digits:
        precision = Precision.DECADE if digits.count("X") == 1 else Precision.CENTURY
    else:
        precision = Precision.YEAR

    month = day = None
    if mtext is not None and mtext != "XX":
        month = int(mtext)
        if 21 <= month <= 41:
            raise DateError(f"{text!r}: EDTF seasons (21–41) are not supported; use a month")
        if not 1 <= month <= 12:
            raise DateError(f"{text!r}: month {mtext} does not exist (01–12)")
        precision = Precision.MONTH
    if dtext is not None and dtext != "XX":
        assert month is not None
        day = int(dtext)
        if not 1 <= day <= month_length(year_lo, month):
            raise DateError(
                f"{text!r}: day out of range for {MONTH_NAMES[month - 1]} {year_words(year_lo)}"
            )
        precision = Precision.DAY

    hour = minute = second = offset = None
    lo_days = days_from_civil(year_lo, month or 1, day or 1)
    if timed:
        assert day is not None
        assert month is not None
        hour, minute = int(m["H"]), int(m["M"])
        second = int(m["S"]) if m["S"] is not None else None
        if hour > 23:
            raise DateError(f"{text!r}: hour {hour:02d} does not exist (00–23)")
        if minute > 59:
            raise DateError(f"{text!r}: minute {minute:02d} does not exist (00–59)")
        if second is not None and second > 59:
            raise DateError(f"{text!r}: second {second:02d} does not exist (00–59)")
        offset = _offset(text, m["tz"])
        lo = lo_days * DAY + hour * 3600 + minute * 60 + (second or 0)
        precision = Precision.MINUTE if second is None else Precision.SECOND
        hi = lo + (60 if second is None else 1)
    else:
        lo = lo_days * DAY
        if day is not None:
            hi = lo + DAY
        elif month is not None:
            hi = (lo_days + month_length(year_lo, month)) * DAY
        else:
            hi = days_from_civil(year_hi + 1, 1, 1) * DAY
    return Date(
        text=text,
        year=year_lo,
        month=month,
        day=day,
        hour=hour,
        minute=minute,
        second=second,
        offset=offset,
        precision=precision,
        uncertain=qualifier in ("?", "%"),
        approximate=qualifier in ("~", "%"),
        unspecified=unspecified,
        lo=lo,
        hi=hi,
    )


def _offset(text: str, tz: str | None) -> int | None:
    if tz is None:
        return None
    if tz == "Z":
        return 0
    hours = int(tz[1:3])
    minutes = int(tz[4:6]) if len(tz) > 3 else 0
    if hours > 14 or minutes > 59 or (hours == 14 and minutes):
        raise DateError(f"{text!r}: UTC offset {tz} does not exist (-12:00 to +14:00)")
    if tz in ("-00:00", "-00"):
        raise DateError(f"{text!r}: write the UTC offset as Z or +00:00, not {tz}")
    total = hours * 60 + minutes
    return -total if tz[0] == "-" else total


_MONTH_WORDS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)} | {
    abbr.lower(): i for i, abbr in enumerate(MONTH_ABBR, 1)
}
_SLASHED = re.compile(r"([0-9]{1,4})/([0-9]{1,2})/([0-9]{1,4})")


def _slash_hint(text: str) -> str | None:
    m = _SLASHED.fullmatch(text.strip())
    if m is None:
        return None
    a, b, c = m.groups()
    if len(a) == 4:
        return f"{text!r}: write dates as YYYY-MM-DD ({a}-{int(b):02d}-{int(c):02d})"
    if len(c) == 4:
        return (
            f"{text!r}: day and month order is ambiguous; write YYYY-MM-DD "
            f"({c}-{int(b):02d}-{int(a):02d} or {c}-{int(a):02d}-{int(b):02d})"
        )
    return f"{text!r}: write dates as YYYY-MM-DD"


def _diagnose(text: str) -> str:
    """Explain why `text` is not a date, with the fix where one is obvious."""
    stripped = text.strip()
    if not stripped:
        return "empty date: write a date such as 2021-06-02, 2021-06 or 2021"
    if stripped != text:
        return f"{text!r}: remove the spaces around the date"
    hint = _slash_hint(text)
    if hint:
        return hint
    words = re.fullmatch(r"(?:([0-9]{1,2})\s+)?([A-Za-z]+)\.?,?\s+([0-9]{4})", text)
    if words and words[2].lower() in _MONTH_WORDS:
        number = _MONTH_WORDS[words[2].lower()]
        iso = f"{words[3]}-{number:02d}" + (f"-{int(words[1]):02d}" if words[1] else "")
        return f"{text!r}: write dates as ISO 8601 ({iso})"
    parts = re.fullmatch(r"(-?[0-9]+)(?:-([0-9]+))?(?:-([0-9]+))?", text)
    if parts:
        year, month, day = parts.groups()
        if len(year.lstrip("-")) > 4:
            return f"{text!r}: years run from -9999 to 9999"
        if len(year.lstrip("-")) < 4:
            padded = ("-" if year.startswith("-") else "") + year.lstrip("-").zfill(4)
            return f"{text!r}: a year has four digits (write {padded})"
        fixed = year + "".join(f"-{int(p):02d}" for p in (month, day) if p is not None)
        return f"{text!r}: months and days have two digits ({fixed})"
    if re.fullmatch(r"[0-9X-]+[?~%]*", text) and re.search(r"[?~%]{2,}", text):
        return f"{text!r}: use one qualifier: ? (uncertain), ~ (approximate) or % (both)"
    if re.search(r"[?~%].", text) and "T" not in text:
        return f"{text!r}: put the qualifier (? ~ %) at the end of the date"
    if re.search(r"[0-9]T[0-9]{2}(:[0-9]{2}){0,2}", text) or re.search(r"[0-9] [0-9]{2}:", text):
        if re.search(r"\.[0-9]", text):
            return f"{text!r}: fractional seconds are not supported"
        if re.search(r"T[0-9]{2}(?:[^:0-9]|$)", text):
            return f"{text!r}: a time needs hours and minutes (T09:30)"
        return (
            f"{text!r}: a date-time is written 2026-01-20T09:30, "
            "optionally with seconds and Z or an offset like +05:30"
        )
    if "x" in text and re.fullmatch(r"-?[0-9x]{4}(-[0-9x]{2}){0,2}", text):
        return f"{text!r}: unspecified digits are a capital X ({text.replace('x', 'X')})"
    return (
        f"{text!r}: not a date; write YYYY, YYYY-MM, YYYY-MM-DD, a date-time, "
        "or an interval A/B (see: chronology help dates)"
    )


_ZONES: dict[str, ZoneInfo | None] = {}


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA time zone called `name`, or None if there is none."""
    if name in _ZONES:
        return _ZONES[name]
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    zone: ZoneInfo | None
    try:
        zone = ZoneInfo(name) if name and not name.startswith(("/", ".")) else None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        zone = None
    _ZONES[name] = zone
    return zone


#: Places people name as time zones that IANA files under another city (a zone is named for
#: the most populous place of its region), and the US abbreviations people type.
ZONE_SYNONYMS: dict[str, str] = {
    "america/houston": "America/Chicago",
    "america/dallas": "America/Chicago",
    "america/austin": "America/Chicago",
    "america/san_antonio": "America/Chicago",
    "america/minneapolis": "America/Chicago",
    "america/st_louis": "America/Chicago",
    "america/new_orleans": "America/Chicago",
    "america/washington": "America/New_York",
    "america/washington_dc": "America/New_York",
    "america/boston": "America/New_York",
    "america/philadelphia": "America/New_York",
    "america/atlanta": "America/New_York",
    "america/miami": "America/New_York",
    "america/orlando": "America/New_York",
    "america/baltimore": "America/New_York",
    "america/pittsburgh": "America/New_York",
    "america/san_francisco": "America/Los_Angeles",
    "america/seattle": "America/Los_Angeles",
    "america/san_diego": "America/Los_Angeles",
    "america/portland": "America/Los_Angeles",
    "america/las_vegas": "America/Los_Angeles",
    "america/salt_lake_city": "America/Denver",
    "america/albuquerque": "America/Denver",
    "america/honolulu": "Pacific/Honolulu",
    "america/ottawa": "America/Toronto",
    "america/rio_de_janeiro": "America/Sao_Paulo",
    "europe/edinburgh": "Europe/London",
    "europe/manchester": "Europe/London",
    "europe/geneva": "Europe/Zurich",
    "europe/milan": "Europe/Rome",
    "europe/munich": "Europe/Berlin",
    "europe/frankfurt": "Europe/Berlin",
    "europe/hamburg": "Europe/Berlin",
    "europe/barcelona": "Europe/Madrid",
    "europe/the_hague": "Europe/Amsterdam",
    "europe/st_petersburg": "Europe/Moscow",
    "asia/mumbai": "Asia/Kolkata",
    "asia/bombay": "Asia/Kolkata",
    "asia/delhi": "Asia/Kolkata",
    "asia/new_delhi": "Asia/Kolkata",
    "asia/bangalore": "Asia/Kolkata",
    "asia/bengaluru": "Asia/Kolkata",
    "asia/chennai": "Asia/Kolkata",
    "asia/beijing": "Asia/Shanghai",
    "asia/osaka": "Asia/Tokyo",
    "asia/abu_dhabi": "Asia/Dubai",
    "asia/hanoi": "Asia/Ho_Chi_Minh",
    "asia/islamabad": "Asia/Karachi",
    "asia/lahore": "Asia/Karachi",
    "africa/cape_town": "Africa/Johannesburg",
    "pacific/wellington": "Pacific/Auckland",
    "edt": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "mdt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
}


def unknown_zone(name: str) -> str:
    """Why `name` is not a time zone, with the closest IANA name or how to write an offset."""
    message = f"{name!r} is not an IANA time zone"
    if re.fullmatch(r"(?:UTC|GMT)?[+-][0-9]{1,2}(?::?[0-9]{2})?", name):
        return message + "; use a zone name like Asia/Kolkata, or put the offset in the date-time"
    import difflib
    from zoneinfo import available_timezones

    zones = sorted(available_timezones())
    lowered = {zone.lower(): zone for zone in zones}
    wanted = name.replace(" ", "_").lower()
    if wanted in ZONE_SYNONYMS:
        return message + f"; did you mean {ZONE_SYNONYMS[wanted]!r}?"
    if wanted in lowered:
        return message + f"; did you mean {lowered[wanted]!r}?"
    close = difflib.get_close_matches(wanted, list(lowered), n=1, cutoff=0.6)
    return message + (
        f"; did you mean {lowered[close[0]]!r}?" if close else " (e.g. Asia/Kolkata, UTC)"
    )


def utc_offset(zone: tzinfo, naive_seconds: int) -> int:
    """Seconds east of UTC that `zone` observes at a wall-clock time given in naive seconds.

    Years outside `datetime`'s 1..9999 use the zone's rules at the nearest year it can hold.
    In a repeated hour the first occurrence is meant; a skipped time uses the earlier offset.
    """
    from datetime import datetime

    days, sod = divmod(naive_seconds, DAY)
    year, month, day = civil_from_days(days)
    if year < 1:
        year, month, day = 1, 1, 1
    elif year > 9999:
        year, month, day = 9999, 12, 31
    wall = datetime(year, month, day, sod // 3600, sod // 60 % 60, sod % 60, tzinfo=zone)
    delta = wall.utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def wall_clock_problem(date: Date, zone: ZoneInfo | None, zone_name: str) -> tuple[str, str] | None:
    """What is wrong with a date-time read on the wall clock of `zone`, as (code, message).

    - `nonexistent-time` (an error): the time falls in a gap, skipped when the clocks go
      forward; the message names the last minute before the gap and the first after it.
    - `ambiguous-time` (a warning): the time happens twice, when the clocks go back; writing
      the offset says which occurrence is meant (and silences the warning).
    - `conflicting-offset` (a warning): the date-time has an explicit offset that the zone
      does not observe at that instant (`2021-06-02T10:00+05:30` in America/New_York).

    Dates without a time, years outside 1..9999 and zones without changes are never wrong.
    """
    if date.hour is None or zone is None or not 1 <= date.year <= 9999:
        return None
    if date.text.endswith("Z"):
        return None  # an instant written in UTC, as splashdowns are: no claim on the zone
    from datetime import datetime, timedelta

    assert date.month is not None
    assert date.day is not None
    wall = datetime(date.year, date.month, date.day, date.hour, date.minute or 0, date.second or 0)
    if date.offset is not None:
        instant = (wall - timedelta(minutes=date.offset)).replace(tzinfo=UTC)
        try:
            local = instant.astimezone(zone)
        except (OverflowError, ValueError):
            return None
        observed = local.utcoffset()
        if observed is None or observed == timedelta(minutes=date.offset):
            return None
        shown = f"{local:%H:%M} {local.tzname()} (UTC{_offset_text(observed)})"
        return (
            "conflicting-offset",
            f"{date} is {shown} in {zone_name}, which does not observe "
            f"UTC{_offset_text(date.offset)} then; check the offset or the "
            "event's time zone",
        )
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    if before is None or after is None or before == after:
        return None
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    timed = "%Y-%m-%dT%H:%M" if date.second is None else "%Y-%m-%dT%H:%M:%S"
    if back != wall:  # in the gap: find the instant of the change, a minute at a time
        low = (wall - after).replace(tzinfo=UTC)
        high = (wall - before).replace(tzinfo=UTC)
        while high - low > timedelta(minutes=1):
            middle = low + (high - low) // 2
            middle = middle.replace(second=0, microsecond=0)
            if middle.astimezone(zone).utcoffset() == before:
                low = middle
            else:
                high = middle
        last = (high - timedelta(minutes=1)).astimezone(zone)
        next_valid = high.astimezone(zone)
        return (
            "nonexistent-time",
            f"{date} does not exist in {zone_name}: the clocks go from "
            f"{last:%H:%M} straight to {next_valid:%H:%M} that day; write "
            f"{last.replace(tzinfo=None):{timed}} or {next_valid.replace(tzinfo=None):{timed}}",
        )
    return (
        "ambiguous-time",
        f"{date} happens twice in {zone_name} (at UTC{_offset_text(before)} and then at "
        f"UTC{_offset_text(after)}); the first is meant, write {date}{_offset_text(before)} "
        f"or {date}{_offset_text(after)} to say which",
    )


def _offset_text(offset: timedelta | int) -> str:
    """`+05:30`, `-04:00` for an offset (a timedelta, or minutes east of UTC)."""
    minutes = offset if isinstance(offset, int) else int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


# ---------------------------------------------------------------- human display


def year_words(year: int) -> str:
    """A year as people write it: `2021`, `AD 44`, `44 BC` (astronomical 0 is 1 BC)."""
    if year <= 0:
        return f"{1 - year} BC"
    if year < 1000:
        return f"AD {year}"
    return str(year)


def _unspecified_years(date: Date) -> str:
    lo, hi = date.year, date.last_day()[0]
    if lo >= 1000:
        return f"{lo}s"
    if hi <= 0:
        return f"{1 - lo}–{1 - hi} BC"
    return f"{year_words(lo)} – {year_words(hi)}"


def _bare(date: Date, with_year: bool = True, with_time: bool = True) -> str:
    """The date without qualifiers; leaves out the year when a range shares it."""
    if "y" in date.unspecified:
        return _unspecified_years(date)
    year = year_words(date.year)
    if date.month is None:
        if "m" in date.unspecified:
            return f"{year} (month unknown)"
        return year
    day = date.day
    month = MONTH_ABBR[date.month - 1]
    if day is None:
        text = f"{month} {year}" if with_year else month
    else:
        text = f"{day} {month} {year}" if with_year else f"{day} {month}"
    if "d" in date.unspecified:
        text += " (day unknown)"
    if date.hour is not None and with_time:
        text += " " + _clock(date)
    return text


def _time(date: Date) -> str:
    text = f"{date.hour:02d}:{date.minute:02d}"
    return text if date.second is None else f"{text}:{date.second:02d}"


def _clock(date: Date) -> str:
    return _time(date) + _zone_suffix(date)


def _zone_suffix(date: Date) -> str:
    if date.label:
        return " " + date.label
    if date.offset is None:
        return ""
    if date.offset == 0 and date.text.endswith("Z"):
        return " UTC"
    return f" {_offset_text(date.offset)}"


def year_label(date: Date) -> str:
    """The year a date falls in, for grouping: `2021`, `44 BC`, `AD 44`, `2010s`."""
    if "y" in date.unspecified:
        return _unspecified_years(date)
    return year_words(date.year)


def _qualify(text: str, date: Date) -> str:
    if date.approximate:
        text = "c. " + text
    if date.uncertain:
        text += "?"
    return text


def human(value: DateValue) -> str:
    """Human display of a date expression, true to its precision (SPEC §2)."""
    if isinstance(value, Interval):
        return _human_interval(value)
    return _qualify(_bare(value), value)


def _human_interval(value: Interval) -> str:
    start, end = value.start, value.end
    if isinstance(start, Date) and isinstance(end, Date):
        return human_range(start, end)
    if isinstance(start, Date):
        return f"{human(start)} – {'ongoing' if end is Open.OPEN else '?'}"
    assert isinstance(end, Date)
    return f"until {human(end)}" if start is Open.OPEN else f"? – {human(end)}"


def human_range(start: Date, end: Date) -> str:
    """Human display of a span from `start` to `end` (inclusive), sharing what they share.

    The same day, month or year is never written twice (`20–21 Jan 2026`, `Jun–Aug 2021`,
    `1961–1975`, `11 Oct 15:02 – 22 Oct 1968 11:11 UTC`); nor is a zone label both ends share.
    """
    first, last = human(start), human(end)
    if first == last:  # the same text on the same clock
        return first
    if start.qualified or end.qualified or start.unspecified or end.unspecified:
        return f"{first} – {last}"
    if start.timed and end.timed:
        return _timed_range(start, end)
    if start.precision != end.precision:
        return f"{first} – {last}"
    if start.year == end.year and start.year > 0:
        if start.precision == Precision.DAY:
            if start.month == end.month:
                return f"{start.day}–{_bare(end)}"
            return f"{_bare(start, with_year=False)} – {_bare(end)}"
        if start.precision == Precision.MONTH:
            return f"{_bare(start, with_year=False)}–{_bare(end)}"
    if start.precision == Precision.YEAR:
        if start.year >= 1000:
            return f"{start.year}–{end.year}"
        if end.year <= 0:
            return f"{1 - start.year}–{1 - end.year} BC"
    return f"{first} – {last}"


def _timed_range(start: Date, end: Date) -> str:
    """`20 Jan 2026 09:30–11:00 EST`, `11 Oct 15:02 – 22 Oct 1968 11:11 UTC`."""
    shared = _zone_suffix(start) == _zone_suffix(end)
    left = _time(start) if shared else _clock(start)
    if (start.year, start.month, start.day) == (end.year, end.month, end.day):
        day = _bare(start, with_time=False)
        return f"{day} {left}–{_clock(end)}" if shared else f"{day} {left} – {_clock(end)}"
    same_year = start.year == end.year and start.year > 0
    return f"{_bare(start, with_year=not same_year, with_time=False)} {left} – {_bare(end)}"


#: The widest the Date column of `chronology list` may grow (SPEC §3: titles keep the room).
SHORT_WIDTH = 26


def human_span(date: DateValue, end: Date | None = None, short: bool = False) -> str:
    """Human display of an event's date (with its `end:`, if any).

    `short` is the form of `chronology list`: seconds are left out, a timed span over
    several days shows its days, and when that is still wider than `SHORT_WIDTH`
    characters, coarser forms are tried (days, then without "(day unknown)", then months,
    then years) until one fits; `show` and the exports keep every detail.
    """
    if not short:
        if end is not None and isinstance(date, Date):
            return human_range(date, end)
        return human(date)
    first, last = _ends(date, end)
    if (first is None or first.second is None) and (last is None or last.second is None):
        text = human_span(date, end)  # most dates fit as they are: no copies to cut
        if len(text) <= SHORT_WIDTH:
            return text
    # A timed span over several days never fits with its times (`1 Oct 09:00 – 2 Oct 2021
    # 10:00 UTC` is 33 characters): it is shown by its days.
    for level in range(5):
        text = human_span(*_coarser(date, end, level))
        if len(text) <= SHORT_WIDTH:
            return text
    return _years_only(date, end)


def _ends(date: DateValue, end: Date | None) -> tuple[Date | None, Date | None]:
    if isinstance(date, Interval):
        start = date.start if isinstance(date.start, Date) else None
        return start, date.end if isinstance(date.end, Date) else None
    return date, end if end is not None else date


def _coarser(date: DateValue, end: Date | None, level: int) -> tuple[DateValue, Date | None]:
    """The date with its details cut to `level`: 0 minutes, 1 days, 2 no notes, 3 months,
    4 years."""
    if isinstance(date, Interval):
        start = date.start if isinstance(date.start, Open) else _cut(date.start, level)
        stop = date.end if isinstance(date.end, Open) else _cut(date.end, level)
        return Interval(date.text, start, stop), None
    return _cut(date, level), _cut(end, level) if end is not None else None


def _cut(date: Date, level: int) -> Date:
    from dataclasses import replace

    if date.timed:
        if level == 0:
            return replace(date, second=None, precision=Precision.MINUTE)
        date = replace(
            date,
            hour=None,
            minute=None,
            second=None,
            offset=None,
            label="",
            precision=Precision.DAY,
        )
    if level >= 2 and ("m" in date.unspecified or "d" in date.unspecified):
        unknown = date.unspecified
        date = replace(
            date,
            month=None if "m" in unknown else date.month,
            day=None if "m" in unknown or "d" in unknown else date.day,
            unspecified=unknown.replace("m", "").replace("d", ""),
            precision=Precision.YEAR if "m" in unknown else Precision.MONTH,
        )
    if level >= 3 and date.day is not None:
        date = replace(date, day=None, precision=Precision.MONTH)
    if level >= 4 and date.month is not None:
        date = replace(date, month=None, day=None, precision=Precision.YEAR)
    return date


def _years_only(date: DateValue, end: Date | None) -> str:
    """The span as its first and last year alone: the last resort of a short display."""
    first, last = _ends(date, end)
    low = None if first is None else first.year
    high = None if last is None else last.last_day()[0]
    if low is not None and high is not None:
        if high <= 0:
            text = f"{1 - low}–{1 - high} BC" if low != high else year_words(low)
        elif low >= 1000:
            text = f"{low}–{high}" if low != high else str(low)
        else:
            text = f"{year_words(low)} – {year_words(high)}"
    elif high is not None:
        opened = isinstance(date, Interval) and date.start is Open.OPEN
        text = f"until {year_words(high)}" if opened else f"? – {year_words(high)}"
    else:
        assert low is not None
        opened = isinstance(date, Interval) and date.end is Open.OPEN
        text = f"{year_words(low)} – {'ongoing' if opened else '?'}"
    marks = [d for d in (first, last) if d is not None]
    if any(d.approximate for d in marks):
        text = "c. " + text
    if any(d.uncertain for d in marks):
        text += "?"
    return text
