"""Dates as people type them on the command line, read into the store's grammar (EDTF).

`2 June 2021` → `2021-06-02`, `June 2021` → `2021-06`, `c. 1950` → `1950~`, `1960s` →
`196X`, `1969-07-16 09:32 EDT` → `1969-07-16T09:32-04:00`, `15 March 44 BC` → `-0043-03-15`.

python-dateutil reads the words, but it fills whatever is missing from a default date (today's,
unless told otherwise: dateutil#834) and guesses centuries and day-month order. So the text is
read twice with two different default dates, and a part is taken as given only when both
readings agree on it; a missing year, a two-digit year, a day or month order that the text
leaves open, a zone abbreviation with several meanings or a weekday that does not match the
date is refused with what the text could mean. Nothing is ever invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from .dates import MONTH_NAMES, DateError, parse_date, zone_named

__all__ = ["HumanDate", "in_grammar_shape", "read_date", "read_instant"]


@dataclass(frozen=True, slots=True)
class HumanDate:
    """What a typed date was read as: the date expression, and an IANA zone named in it."""

    text: str
    zone: str | None = None


#: Zone abbreviations with one common meaning, as UTC offsets in minutes. `IST` (India,
#: Ireland, Israel) and others with several meanings are refused with the offsets they have.
ABBREVIATIONS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
    "BST": 60, "CET": 60, "WEST": 60, "CEST": 120, "EET": 120, "EEST": 180, "MSK": 180,
    "PKT": 300, "NPT": 345, "HKT": 480, "SGT": 480, "AWST": 480, "JST": 540, "KST": 540,
    "ACST": 570, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "HST": -600, "AKST": -540, "AKDT": -480, "PST": -480, "PDT": -420, "MST": -420,
    "MDT": -360, "CST": -360, "CDT": -300, "EST": -300, "EDT": -240,
}  # fmt: skip
AMBIGUOUS_ABBREVIATIONS: dict[str, str] = {
    "IST": "India +05:30, Ireland +01:00 or Israel +02:00",
    "AST": "Atlantic -04:00 or Arabia +03:00",
    "ADT": "Atlantic -03:00 or Arabia +04:00",
}

_CIRCA = re.compile(
    r"^(?:c\.|ca\.?|circa|about|around|approx\.?|approximately|~)\s*", re.IGNORECASE
)
_MAYBE = re.compile(r"^(?:probably|possibly|maybe|perhaps)\s+", re.IGNORECASE)
_DECADE = re.compile(r"^(?:the\s+)?([0-9]{3})0'?s$", re.IGNORECASE)
_ERA = re.compile(
    r"^(?:(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\s+)?(?:(?P<month>[A-Za-z]+)\.?\s+)?"
    r"(?P<year>[0-9]{1,4})\s*(?P<era>B\.?C\.?(?:E\.?)?|A\.?D\.?|C\.?E\.?)$"
    r"|^(?P<ad>A\.?D\.?)\s*(?P<ad_year>[0-9]{1,4})$",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TRAILING_ZONE = re.compile(r"\s+([A-Za-z]+(?:/[A-Za-z0-9_+-]+)+)$")
_YEAR_FIRST = re.compile(r"^[0-9]{4}[-/.]")
#: Text in the grammar's own shape (`2026-02-30`, `2021-06-02T25:00`): its error is the answer.
_GRAMMAR_LIKE = re.compile(r"-?[0-9X]{4}-[0-9XTZ?~%:+\-/.]*")
_PARTS = ("year", "month", "day", "hour", "minute", "second")


def _offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _month(word: str) -> int | None:
    word = word.lower()
    for number, name in enumerate(MONTH_NAMES, 1):
        if len(word) >= 3 and name.lower().startswith(word):
            return number
    return None


def _era(match: re.Match[str], typed: str) -> str:
    """`15 March 44 BC` → `-0043-03-15`: dateutil reads no eras, and guesses small years."""
    if match["ad"]:
        year, before = int(match["ad_year"]), False
    else:
        year, before = int(match["year"]), match["era"].upper().startswith("B")
    if year == 0:
        raise DateError(f"{typed!r}: there is no year 0 (1 BC is followed by AD 1)")
    astronomical = 1 - year if before else year
    text = f"-{-astronomical:04d}" if astronomical < 0 else f"{astronomical:04d}"
    if match["month"]:
        month = _month(match["month"])
        if month is None:
            raise DateError(f"{typed!r}: {match['month']!r} is not a month")
        text += f"-{month:02d}"
        if match["day"]:
            text += f"-{int(match['day']):02d}"
    elif match["day"]:
        raise DateError(f"{typed!r}: a day needs its month")
    return text


def _tzinfos(name: str | None, offset: int | None) -> int | None:
    """dateutil's hook for zone names: the offset in seconds of an unambiguous abbreviation
    (or of a numeric offset). An unknown name is refused here, where dateutil would drop it."""
    if name is not None and name.upper() in ABBREVIATIONS:
        return ABBREVIATIONS[name.upper()] * 60
    if offset is not None:
        return offset
    if name is not None:
        raise _UnknownZone(name)
    return None


class _UnknownZone(Exception):
    """A zone abbreviation in the text that chronology does not know."""


def _read(text: str, default: datetime, dayfirst: bool) -> datetime:
    from dateutil import parser

    return parser.parse(
            text, default=default, dayfirst=dayfirst, yearfirst=bool(_YEAR_FIRST.match(text)),
            tzinfos=_tzinfos,
        )  # fmt: skip


def _given(text: str, dayfirst: bool, typed: str) -> tuple[datetime, list[str]]:
    """The reading of `text` and the parts it gives: those on which two readings with
    different default dates agree."""
    from dateutil import parser

    first_default = datetime(2000, 1, 1, 0, 0, 0, 0)
    second_default = datetime(2004, 2, 2, 1, 1, 1, 1)
    try:
        first = _read(text, first_default, dayfirst)
        second = _read(text, second_default, dayfirst)
    except _UnknownZone as unknown:
        raise DateError(
            f"{typed!r}: {str(unknown)!r} is not a zone abbreviation chronology knows; write the "
            "offset (09:30-04:00) or give an IANA zone after the time (America/New_York)"
        ) from None
    except (parser.ParserError, ValueError, OverflowError) as err:
        raise DateError(f"{typed!r} is not a date chronology can read ({err})") from None
    given = [part for part in _PARTS if getattr(first, part) == getattr(second, part)]
    if first.microsecond == second.microsecond and first.microsecond:
        raise DateError(f"{typed!r}: fractions of a second are not kept; leave them out")
    return first, given


def _as_edtf(value: datetime, given: list[str], typed: str, zone: str | None) -> str:
    if "year" not in given:
        raise DateError(f"{typed!r} has no year; write it in full (2 June 2021)")
    if not re.search(rf"(?<![0-9])0*{value.year}(?![0-9])", typed):
        raise DateError(
            f"{typed!r}: the year is not written in full; write all its digits "
            f"(is it {value.year}?), or a year before 100 as AD 79"
        )
    if "day" in given and "month" not in given:
        raise DateError(f"{typed!r}: a day needs its month")
    if "hour" in given and "day" not in given:
        raise DateError(f"{typed!r}: a time of day needs its date")
    text = f"{value.year:04d}"
    if "month" in given:
        text += f"-{value.month:02d}"
    if "day" in given:
        text += f"-{value.day:02d}"
    if "hour" in given:
        text += f"T{value.hour:02d}:{value.minute:02d}"
        if "second" in given:
            text += f":{value.second:02d}"
        offset = value.utcoffset()
        if offset is not None and zone is None:
            minutes = int(offset / timedelta(minutes=1))
            text += "Z" if minutes == 0 and re.search(r"\b(?:Z|UTC)\s*$", typed) else ""
            text += "" if text.endswith("Z") else _offset(minutes)
    elif value.utcoffset() is not None or zone is not None:
        raise DateError(f"{typed!r}: a zone belongs to a time of day; leave it out")
    for number, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name[:3]}(?:{name[3:]})?\b\.?", typed, re.IGNORECASE):
            if "day" not in given:
                raise DateError(f"{typed!r}: a weekday needs its date")
            if value.weekday() != number:
                actual = _WEEKDAYS[value.weekday()].capitalize()
                raise DateError(f"{typed!r}: {text[:10]} was a {actual}, not a {name.capitalize()}")
    return text


def in_grammar_shape(typed: str) -> bool:
    """True for text written in the grammar's own shape (`2026-02-30`): a mistake in it is
    the grammar's to explain, not a date in words."""
    return _GRAMMAR_LIKE.fullmatch(typed) is not None


def read_date(typed: str) -> HumanDate:
    """Read a date as typed: an expression of the grammar as it is, else words and numbers
    that leave nothing open (see the module's docstring). DateError says why not."""
    try:
        parse_date(typed)
    except DateError as err:
        grammar_error = err
    else:
        return HumanDate(typed)
    text = " ".join(typed.split())
    qualifier = ""
    if circa := _CIRCA.match(text):
        qualifier, text = "~", text[circa.end() :]
    if maybe := _MAYBE.match(text):
        qualifier, text = ("%" if qualifier else "?"), text[maybe.end() :]
    if text.endswith("?"):
        qualifier, text = ("%" if qualifier == "~" else "?"), text[:-1].rstrip()
    if not text or in_grammar_shape(typed):
        raise grammar_error  # written in the grammar, with a mistake: say which
    if decade := _DECADE.match(text):
        digits = decade[1]
        if digits.endswith("0"):
            raise DateError(
                f"{typed!r} could be the decade {digits}X or the century {digits[:2]}XX; "
                "write the one you mean"
            )
        result = f"{digits}X"
    elif era := _ERA.match(text):
        result = _era(era, typed)
    else:
        zone = None
        if named := _TRAILING_ZONE.search(text):
            if zone_named(named[1]) is None:
                from .dates import unknown_zone

                raise DateError(f"{typed!r}: {unknown_zone(named[1])}")
            zone, text = named[1], text[: named.start()]
        abbreviation = re.search(r"\b([A-Z]{2,5})\s*$", text)
        if abbreviation and abbreviation[1] in AMBIGUOUS_ABBREVIATIONS:
            raise DateError(
                f"{typed!r}: {abbreviation[1]} could be "
                f"{AMBIGUOUS_ABBREVIATIONS[abbreviation[1]]}; write the offset instead"
            )
        month_first, given = _given(text, False, typed)
        day_first, given_day_first = month_first, given
        if not _YEAR_FIRST.match(text):  # 2021/02/06 is read year, month, day: nobody writes YDM
            day_first, given_day_first = _given(text, True, typed)
        if month_first != day_first:
            one = _as_edtf(month_first, given, typed, zone)
            other = _as_edtf(day_first, given_day_first, typed, zone)
            raise DateError(
                f"{typed!r} could be {one} (month first) or {other} (day first); "
                "write the month as a word (2 June 2021) or the date as YYYY-MM-DD"
            )
        result = _as_edtf(month_first, given, typed, zone)
        if zone is not None:
            result = _checked(result + qualifier, typed)
            return HumanDate(result, zone)
    return HumanDate(_checked(result + qualifier, typed))


def _checked(text: str, typed: str) -> str:
    """The reading must itself be a valid expression: `c. 2 June 2021 09:30` is not."""
    try:
        parse_date(text)
    except DateError as err:
        raise DateError(f"{typed!r} was read as {text!r}, which is not valid: {err}") from None
    return text


def read_instant(typed: str) -> str:
    """A typed date as one expression, with a zone named in it turned into the offset it has
    at that time (for filters, which have no zone field): `… 09:30 America/New_York` →
    `…T09:30-04:00`."""
    read = read_date(typed)
    if read.zone is None:
        return read.text
    from .dates import parse_single, utc_offset

    zone = zone_named(read.zone)
    if zone is None:  # pragma: no cover - read_date returns only zones it found
        raise DateError(f"{typed!r}: no time zone {read.zone!r}")
    seconds = utc_offset(zone, parse_single(read.text).lo)
    return read.text + _offset(seconds // 60)
