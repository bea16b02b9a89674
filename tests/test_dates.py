"""The date grammar of SPEC §2: bounds, precision, display, errors, order and round trips."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime
from datetime import date as pydate
from zoneinfo import ZoneInfo

import edtf  # the independent EDTF oracle, in the test extra
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronology.dates import (
    DAY,
    Date,
    DateError,
    EndBeforeStart,
    Interval,
    Open,
    Precision,
    civil_from_days,
    days_from_civil,
    human,
    human_range,
    parse_date,
    parse_single,
)

P = Precision

# text, first day, last day, precision, human display
VALID = [
    ("2021", (2021, 1, 1), (2021, 12, 31), P.YEAR, "2021"),
    ("2021-06", (2021, 6, 1), (2021, 6, 30), P.MONTH, "Jun 2021"),
    ("2021-06-02", (2021, 6, 2), (2021, 6, 2), P.DAY, "2 Jun 2021"),
    ("2020-02", (2020, 2, 1), (2020, 2, 29), P.MONTH, "Feb 2020"),
    ("2021-02", (2021, 2, 1), (2021, 2, 28), P.MONTH, "Feb 2021"),
    ("1900-02", (1900, 2, 1), (1900, 2, 28), P.MONTH, "Feb 1900"),
    ("2000-02-29", (2000, 2, 29), (2000, 2, 29), P.DAY, "29 Feb 2000"),
    ("2024-12-31", (2024, 12, 31), (2024, 12, 31), P.DAY, "31 Dec 2024"),
    ("0000", (0, 1, 1), (0, 12, 31), P.YEAR, "1 BC"),
    ("-0043", (-43, 1, 1), (-43, 12, 31), P.YEAR, "44 BC"),
    ("-0043-03-15", (-43, 3, 15), (-43, 3, 15), P.DAY, "15 Mar 44 BC"),
    ("-0004-02", (-4, 2, 1), (-4, 2, 29), P.MONTH, "Feb 5 BC"),
    ("-9999", (-9999, 1, 1), (-9999, 12, 31), P.YEAR, "10000 BC"),
    ("9999-12-31", (9999, 12, 31), (9999, 12, 31), P.DAY, "31 Dec 9999"),
    ("0001", (1, 1, 1), (1, 12, 31), P.YEAR, "AD 1"),
    ("0044", (44, 1, 1), (44, 12, 31), P.YEAR, "AD 44"),
    ("0999-07", (999, 7, 1), (999, 7, 31), P.MONTH, "Jul AD 999"),
    ("1000", (1000, 1, 1), (1000, 12, 31), P.YEAR, "1000"),
    ("2021?", (2021, 1, 1), (2021, 12, 31), P.YEAR, "2021?"),
    ("2004-06~", (2004, 6, 1), (2004, 6, 30), P.MONTH, "c. Jun 2004"),
    ("1950%", (1950, 1, 1), (1950, 12, 31), P.YEAR, "c. 1950?"),
    ("2004~", (2004, 1, 1), (2004, 12, 31), P.YEAR, "c. 2004"),
    ("2026-01-21~", (2026, 1, 21), (2026, 1, 21), P.DAY, "c. 21 Jan 2026"),
    ("2026-01-21?", (2026, 1, 21), (2026, 1, 21), P.DAY, "21 Jan 2026?"),
    ("-0043?", (-43, 1, 1), (-43, 12, 31), P.YEAR, "44 BC?"),
    ("201X", (2010, 1, 1), (2019, 12, 31), P.DECADE, "2010s"),
    ("19XX", (1900, 1, 1), (1999, 12, 31), P.CENTURY, "1900s"),
    ("201X?", (2010, 1, 1), (2019, 12, 31), P.DECADE, "2010s?"),
    ("199X~", (1990, 1, 1), (1999, 12, 31), P.DECADE, "c. 1990s"),
    ("-004X", (-49, 1, 1), (-40, 12, 31), P.DECADE, "50–41 BC"),
    ("-01XX", (-199, 1, 1), (-100, 12, 31), P.CENTURY, "200–101 BC"),
    ("00XX", (0, 1, 1), (99, 12, 31), P.CENTURY, "1 BC – AD 99"),
    ("010X", (100, 1, 1), (109, 12, 31), P.DECADE, "AD 100 – AD 109"),
    ("2021-XX", (2021, 1, 1), (2021, 12, 31), P.YEAR, "2021 (month unknown)"),
    ("2021-XX-XX", (2021, 1, 1), (2021, 12, 31), P.YEAR, "2021 (month unknown)"),
    ("2021-06-XX", (2021, 6, 1), (2021, 6, 30), P.MONTH, "Jun 2021 (day unknown)"),
    ("2021-06-XX?", (2021, 6, 1), (2021, 6, 30), P.MONTH, "Jun 2021 (day unknown)?"),
    ("2026-01-20T09:30", (2026, 1, 20), (2026, 1, 20), P.MINUTE, "20 Jan 2026 09:30"),
    ("2026-01-20 09:30", (2026, 1, 20), (2026, 1, 20), P.MINUTE, "20 Jan 2026 09:30"),
    ("2026-01-20T09:30:15", (2026, 1, 20), (2026, 1, 20), P.SECOND, "20 Jan 2026 09:30:15"),
    ("2026-01-20T09:30Z", (2026, 1, 20), (2026, 1, 20), P.MINUTE, "20 Jan 2026 09:30 UTC"),
    ("2026-01-20T23:59:59Z", (2026, 1, 20), (2026, 1, 20), P.SECOND, "20 Jan 2026 23:59:59 UTC"),
    ("2026-01-20T09:30+05:30", (2026, 1, 20), (2026, 1, 20), P.MINUTE, "20 Jan 2026 09:30 +05:30"),
    ("2026-01-20T09:30-05", (2026, 1, 20), (2026, 1, 20), P.MINUTE, "20 Jan 2026 09:30 -05:00"),
    ("2026-01-20T00:00+00:00", (2026, 1, 20), (2026, 1, 20), P.MINUTE, "20 Jan 2026 00:00 +00:00"),
    ("-0043-03-15T12:00", (-43, 3, 15), (-43, 3, 15), P.MINUTE, "15 Mar 44 BC 12:00"),
]

# text, first day, last day, human display (intervals)
INTERVALS = [
    ("2026-01-20/2026-01-21", (2026, 1, 20), (2026, 1, 21), "20–21 Jan 2026"),
    ("2026-01-30/2026-02-02", (2026, 1, 30), (2026, 2, 2), "30 Jan – 2 Feb 2026"),
    ("2025-12-30/2026-01-02", (2025, 12, 30), (2026, 1, 2), "30 Dec 2025 – 2 Jan 2026"),
    ("2021-06/2021-08", (2021, 6, 1), (2021, 8, 31), "Jun–Aug 2021"),
    ("2021-11/2022-02", (2021, 11, 1), (2022, 2, 28), "Nov 2021 – Feb 2022"),
    ("2021/2023", (2021, 1, 1), (2023, 12, 31), "2021–2023"),
    ("-0044/-0043", (-44, 1, 1), (-43, 12, 31), "45–44 BC"),
    ("2004~/2006", (2004, 1, 1), (2006, 12, 31), "c. 2004 – 2006"),
    ("2021/2021-06", (2021, 1, 1), (2021, 6, 30), "2021 – Jun 2021"),
    ("2021/..", (2021, 1, 1), None, "2021 – ongoing"),
    ("2021-06-02/", (2021, 6, 2), None, "2 Jun 2021 – ?"),
    ("../1990", None, (1990, 12, 31), "until 1990"),
    ("/1990-05", None, (1990, 5, 31), "? – May 1990"),
    ("2026-01-20T09:30/2026-01-20T11:00", (2026, 1, 20), (2026, 1, 20), "20 Jan 2026 09:30–11:00"),
    (
        "2026-01-20T09:30Z/2026-01-20T11:00Z",
        (2026, 1, 20),
        (2026, 1, 20),
        "20 Jan 2026 09:30–11:00 UTC",
    ),
    ("2026-01-20/2026-01-20", (2026, 1, 20), (2026, 1, 20), "20 Jan 2026"),
]

# text, a fragment of the message
INVALID = [
    ("", "empty date"),
    ("2021-02-30", "day out of range for February 2021"),
    ("2021-02-29", "day out of range for February 2021"),
    ("1900-02-29", "day out of range for February 1900"),
    ("2021-04-31", "day out of range for April 2021"),
    ("2021-13", "month 13 does not exist"),
    ("2021-00", "month 00 does not exist"),
    ("2021-06-00", "day out of range"),
    ("2021-21", "seasons"),
    ("12345", "from -9999 to 9999"),
    ("44", "write 0044"),
    ("-44", "write -0044"),
    ("2021-6-2", "two digits (2021-06-02)"),
    ("02/06/2021", "ambiguous"),
    ("2021/06/02", "YYYY-MM-DD (2021-06-02)"),
    ("June 2021", "ISO 8601 (2021-06)"),
    ("2 Jun 2021", "ISO 8601 (2021-06-02)"),
    ("-0000", "no year -0000"),
    ("2021??", "one qualifier"),
    ("2021?-06", "at the end"),
    ("201X-06", "cannot have a month"),
    ("2021-XX-05", "unspecified month needs an unspecified day"),
    ("2021-xx", "capital X"),
    ("2XXX", "not a date"),
    ("XXXX", "not a date"),
    ("2026-01-20T25:00", "hour 25"),
    ("2026-01-20T09:60", "minute 60"),
    ("2026-01-20T09:30:61", "second 61"),
    ("2026-01-20T09", "hours and minutes"),
    ("2026-01-20T09:30:00.5", "fractional seconds"),
    ("2026-01-20T09:30?", "cannot be qualified"),
    ("2026-01-20T09:30+15:00", "offset +15:00"),
    ("2026-01-20T09:30-00:00", "not -00:00"),
    ("2026-01-XXT09:30", "cannot have X digits"),
    ("2021-06-02T", "not a date"),
    (" 2021", "spaces"),
    ("2021 ", "spaces"),
    ("../..", "at least one end"),
    ("/", "at least one end"),
    ("2021/2022/2023", "exactly one '/'"),
    ("2021/2021-13", "month 13"),
    ("yesterday", "not a date"),
    ("2021-06-02T09:30 Asia/Kolkata", "date-time is written"),
]


def _days(value: Date | Interval) -> tuple[object, object]:
    if isinstance(value, Interval):
        start = value.start.first_day() if isinstance(value.start, Date) else None
        end = value.end.last_day() if isinstance(value.end, Date) else None
        return start, end
    return value.first_day(), value.last_day()


@pytest.mark.parametrize(("text", "first", "last", "precision", "shown"), VALID, ids=lambda v: v)
def test_valid_dates(
    text: str,
    first: tuple[int, int, int],
    last: tuple[int, int, int],
    precision: Precision,
    shown: str,
) -> None:
    value = parse_date(text)
    assert isinstance(value, Date)
    assert str(value) == text
    assert value.precision is precision
    assert _days(value) == (first, last)
    assert human(value) == shown


@pytest.mark.parametrize(("text", "first", "last", "shown"), INTERVALS, ids=lambda v: v)
def test_intervals(text: str, first: object, last: object, shown: str) -> None:
    value = parse_date(text)
    assert isinstance(value, Interval)
    assert str(value) == text
    assert _days(value) == (first, last)
    assert human(value) == shown


@pytest.mark.parametrize(("text", "fragment"), INVALID, ids=lambda v: v or "empty")
def test_invalid_dates(text: str, fragment: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert fragment in str(caught.value)


def test_table_is_large_enough() -> None:
    assert len(VALID) + len(INTERVALS) + len(INVALID) >= 60


def test_spec_error_message_is_exact() -> None:
    with pytest.raises(DateError, match=r"^'2021-02-30': day out of range for February 2021$"):
        parse_date("2021-02-30")


def test_interval_ending_before_start_is_its_own_error() -> None:
    with pytest.raises(EndBeforeStart):
        parse_date("2022/2021")
    with pytest.raises(EndBeforeStart):
        parse_date("2026-01-20T10:00+05:30/2026-01-20T04:00Z")  # 04:30Z is after 04:00Z
    parse_date("2026-01-20T10:00+05:30/2026-01-20T05:00Z")


def test_open_ends() -> None:
    value = parse_date("2021/..")
    assert isinstance(value, Interval)
    assert value.end is Open.OPEN
    unknown = parse_date("/1990")
    assert isinstance(unknown, Interval)
    assert unknown.start is Open.UNKNOWN


def test_instants_with_offsets_and_zones() -> None:
    utc = parse_single("2026-01-20T09:30Z")
    india = parse_single("2026-01-20T15:00+05:30")
    assert utc.instant_bounds(None) == india.instant_bounds(None)
    expected = int(datetime(2026, 1, 20, 9, 30, tzinfo=UTC).timestamp())
    assert utc.instant_bounds(None) == (expected, expected + 60)
    # Wall-clock times read in a zone, on both sides of a daylight-saving change.
    new_york = ZoneInfo("America/New_York")
    before = parse_single("2026-03-08T01:30").instant_bounds(new_york)[0]
    after = parse_single("2026-03-08T03:30").instant_bounds(new_york)[0]
    assert after - before == 3600
    day = parse_single("2026-07-04")
    lo, hi = day.instant_bounds(new_york)
    assert lo == int(datetime(2026, 7, 4, tzinfo=new_york).timestamp())
    assert hi - lo == DAY


def test_range_display_helpers() -> None:
    assert human_range(parse_single("2026-01-20"), parse_single("2026-01-21")) == "20–21 Jan 2026"
    assert human_range(parse_single("2026-01-20"), parse_single("2026-01-20")) == "20 Jan 2026"
    assert human_range(parse_single("2021~"), parse_single("2023")) == "c. 2021 – 2023"


# ------------------------------------------------------------------ properties


@given(st.integers(-800_000, 800_000))
def test_civil_day_numbers_round_trip(days: int) -> None:
    assert days_from_civil(*civil_from_days(days)) == days


@given(st.dates())
def test_day_numbers_agree_with_python(day: pydate) -> None:
    assert days_from_civil(day.year, day.month, day.day) == day.toordinal() - 719_163


def _year(draw: st.DrawFn) -> str:
    year = draw(st.integers(-9999, 9999))
    text = f"{abs(year):04d}"
    if year < 0:
        text = "-" + text
    return text


_FORMS = ("year", "month", "day", "time", "decade", "unspec")


@st.composite
def single_dates(
    draw: st.DrawFn, forms: tuple[str, ...] = _FORMS, bc_unspecified: bool = True
) -> str:
    """Canonical EDTF texts of the single-date `forms` (all by default); without
    `bc_unspecified`, no BC year has an unspecified month or day."""
    form = draw(st.sampled_from(forms))
    year = _year(draw)
    if form == "unspec" and not bc_unspecified and year.startswith("-"):
        year = year[1:]
    qualifier = draw(st.sampled_from(["", "", "?", "~", "%"]))
    if form == "decade":
        cut = draw(st.sampled_from([1, 2]))
        digits = year.lstrip("-")
        if year.startswith("-") and cut == 2 and digits[:2] == "00":
            cut = 1
        text = year[: len(year) - cut] + "X" * cut
        if text in ("-000X",):
            text = "000X"
        return text + qualifier
    if form == "year":
        return year + qualifier
    month = draw(st.integers(1, 12))
    if form == "unspec":
        return draw(st.sampled_from([f"{year}-XX", f"{year}-XX-XX", f"{year}-{month:02d}-XX"]))
    if form == "month":
        return f"{year}-{month:02d}{qualifier}"
    from chronology.dates import month_length

    day = draw(st.integers(1, month_length(int(year), month)))
    text = f"{year}-{month:02d}-{day:02d}"
    if form == "day":
        return text + qualifier
    sep = draw(st.sampled_from(["T", " "]))
    text += f"{sep}{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    if draw(st.booleans()):
        text += f":{draw(st.integers(0, 59)):02d}"
    return text + draw(st.sampled_from(["", "Z", "+05:30", "-08:00", "+01"]))


@st.composite
def expressions(draw: st.DrawFn) -> str:
    """Single dates and intervals, with open and unknown ends."""
    if draw(st.booleans()):
        return draw(single_dates())
    a, b = draw(single_dates()), draw(single_dates())
    if "X" in a + b:
        return a
    if parse_single(a).lo > parse_single(b).lo:
        a, b = b, a
    if parse_single(a).instant_bounds(None)[0] >= parse_single(b).instant_bounds(None)[1]:
        return a
    start = draw(st.sampled_from([a, a, "..", ""]))
    end = draw(st.sampled_from([b, b, "..", ""]))
    if start in ("..", "") and end in ("..", ""):
        end = b
    return f"{start}/{end}"


@given(expressions())
def test_parse_and_text_round_trip(text: str) -> None:
    value = parse_date(text)
    assert str(value) == text
    assert parse_date(str(value)) == value


@given(single_dates())
def test_bounds_are_ordered_and_display_is_never_empty(text: str) -> None:
    value = parse_single(text)
    assert value.lo < value.hi
    assert value.first_day() <= value.last_day()
    assert human(value)


# What the oracle can check: it has no time-of-day bounds, and it gets a BC year with an
# unspecified month or day wrong (-0010-XX: from (-10, 12, 1) to (-10, 1, 31)).
_ORACLE_DATES = single_dates(
    forms=("year", "month", "day", "decade", "unspec"), bc_unspecified=False
)


@given(_ORACLE_DATES)
@settings(max_examples=300)
def test_bounds_agree_with_the_edtf_package(text: str) -> None:
    value = parse_single(text)
    oracle = edtf.parse_edtf(text)
    assert tuple(oracle.lower_strict()[:3]) == value.first_day()
    assert tuple(oracle.upper_strict()[:3]) == value.last_day()


def _key(value: Date) -> tuple[int, int, int, int, str]:
    lo, hi = value.instant_bounds(None)
    return (lo, int(value.precision), int(value.timed), hi, value.text)


@given(st.lists(single_dates(), min_size=2, max_size=30), st.randoms())
def test_order_is_total_and_independent_of_shuffles(texts: list[str], rnd: random.Random) -> None:
    values = [parse_single(t) for t in texts]
    ordered = sorted(values, key=_key)
    shuffled = values[:]
    rnd.shuffle(shuffled)
    assert sorted(shuffled, key=_key) == ordered
    for a, b in itertools.pairwise(ordered):
        assert _key(a) <= _key(b)
        assert a.instant_bounds(None)[0] <= b.instant_bounds(None)[0]
