"""Dates as people type them (issue 16 item 6): read with python-dateutil, guarded so that it
never invents a part; anything left open is refused with what it could mean."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronology.dates import MONTH_NAMES, DateError, parse_date
from chronology.human import HumanDate, read_date, read_instant
from chronology.loader import load

from .conftest import Result


@pytest.mark.parametrize(
    ("typed", "text", "zone"),
    [
        ("2 June 2021", "2021-06-02", None),
        ("June 2021", "2021-06", None),
        ("Jun 2021", "2021-06", None),
        ("June 2nd, 2021", "2021-06-02", None),
        ("Wednesday 2 June 2021", "2021-06-02", None),
        ("12/25/2021", "2021-12-25", None),  # 25 cannot be a month
        ("16.07.1969", "1969-07-16", None),
        ("2021/02/06", "2021-02-06", None),  # year first: year, month, day
        ("c. 1950", "1950~", None),
        ("circa June 2021", "2021-06~", None),
        ("about 1950?", "1950%", None),
        ("1950?", "1950?", None),
        ("probably 2 June 2021", "2021-06-02?", None),
        ("1960s", "196X", None),
        ("the 1960s", "196X", None),
        ("44 BC", "-0043", None),
        ("15 March 44 BC", "-0043-03-15", None),
        ("AD 79", "0079", None),
        ("79 AD", "0079", None),
        ("1969-07-16 09:32 EDT", "1969-07-16T09:32-04:00", None),
        ("1969-07-16 09:32 -0400", "1969-07-16T09:32-04:00", None),
        ("1969-07-16 09:32:07 UTC", "1969-07-16T09:32:07Z", None),
        ("July 16, 1969 9:32 pm", "1969-07-16T21:32", None),
        ("2 June 2021 at 9am", "2021-06-02T09:00", None),
        ("2 June 2021 3pm EST", "2021-06-02T15:00-05:00", None),
        ("2 June 2021 09:30 America/New_York", "2021-06-02T09:30", "America/New_York"),
        # the grammar's own expressions are kept exactly
        ("2021", "2021", None),
        ("2021-06-02T09:30+05:30", "2021-06-02T09:30+05:30", None),
        ("2021-06-02/2021-06-05", "2021-06-02/2021-06-05", None),
    ],
)
def test_read(typed: str, text: str, zone: str | None) -> None:
    assert read_date(typed) == HumanDate(text, zone)
    parse_date(text)  # every reading is a valid expression


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("02/06/2021", "could be 2021-02-06 (month first) or 2021-06-02 (day first)"),
        ("2/6/21", "the year is not written in full"),
        ("1 Jan 99", "(is it 1999?)"),
        ("2 June 0021", "a year before 100 as AD 79"),
        ("2 June", "has no year"),
        ("June", "has no year"),
        ("21", "has no year"),
        ("Monday 2 June 2021", "2021-06-02 was a Wednesday, not a Monday"),
        ("1900s", "the decade 190X or the century 19XX"),
        ("0 BC", "there is no year 0"),
        ("2 June 2021 09:30 IST", "India +05:30, Ireland +01:00 or Israel +02:00"),
        ("2 June 2021 09:30 XYZ", "'XYZ' is not a zone abbreviation"),
        ("2 June 2021 09:30 America/Houston", "did you mean 'America/Chicago'?"),
        ("2 June 2021 America/New_York", "a zone belongs to a time of day"),
        ("12:00:00.5 2 June 2021", "fractions of a second"),
        ("c. 2 June 2021 09:30", "cannot be qualified"),
        ("yesterday", "is not a date chronology can read"),
        ("2026-02-30", "day out of range for February 2026"),  # the grammar's error
    ],
)
def test_refused(typed: str, says: str) -> None:
    with pytest.raises(DateError, match=None) as caught:
        read_date(typed)
    assert says in str(caught.value)


@given(day=st.dates(min_value=dt.date(100, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_day_month_year_in_words(day: dt.date) -> None:
    typed = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    assert read_date(typed).text == day.isoformat()
    assert read_date(f"{MONTH_NAMES[day.month - 1]} {day.year}").text == day.isoformat()[:7]


@given(day=st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_slashed_dates_are_read_only_when_one_reading_exists(day: dt.date) -> None:
    typed = f"{day.day:02d}/{day.month:02d}/{day.year}"
    swapped = f"{day.year:04d}-{day.day:02d}-{day.month:02d}"
    if day.day > 12 or day.day == day.month:
        assert read_date(typed).text == day.isoformat()
    else:
        with pytest.raises(DateError) as caught:
            read_date(typed)
        assert day.isoformat() in str(caught.value)
        assert swapped in str(caught.value)


@given(
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
)
def test_nothing_is_taken_from_today(month: int, day: int, hour: int, minute: int) -> None:
    """dateutil fills a missing year from today: a reading without one is always refused."""
    for typed in (f"{day} {MONTH_NAMES[month - 1]}", f"{MONTH_NAMES[month - 1]} {day}",
                  f"{day} {MONTH_NAMES[month - 1]} {hour:02d}:{minute:02d}"):  # fmt: skip
        with pytest.raises(DateError, match="has no year"):
            read_date(typed)


def test_a_zone_named_in_a_filter_becomes_its_offset() -> None:
    assert read_instant("2 June 2021 09:30 America/New_York") == "2021-06-02T09:30-04:00"
    assert read_instant("2 Jan 2021 09:30 America/New_York") == "2021-01-02T09:30-05:00"
    assert read_instant("2 June 2021 09:30 Asia/Kolkata") == "2021-06-02T09:30+05:30"


def test_add_says_what_it_stored(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    result = cli("add", "-f", str(path), "--date", "2 June 2021", "--title", "Second meeting")
    assert result.exit_code == 0, result
    assert "read --date '2 June 2021' as 2021-06-02" in result.stderr
    assert result.stdout == "2021-06-02-second-meeting\n"
    zoned = cli("add", "-f", str(path), "--date", "1969-07-16 09:32 America/New_York",
                "--end", "24 July 1969 12:50 America/New_York", "--title", "Apollo 11")  # fmt: skip
    assert zoned.exit_code == 0, zoned
    assert "as 1969-07-16T09:32 (timezone: America/New_York)" in zoned.stderr
    circa = cli("add", "-f", str(path), "--date", "c. 1950", "--end", "1960s", "--title", "Era")
    assert circa.exit_code == 0, circa
    event = load(str(path)).get("1969-07-16-apollo-11")
    assert event is not None
    assert (str(event.date), str(event.end), event.timezone) == (
        "1969-07-16T09:32", "1969-07-24T12:50", "America/New_York"
    )  # fmt: skip
    era = load(str(path)).get("1950-era")
    assert era is not None
    assert (str(era.date), str(era.end)) == ("1950~", "196X")
    assert "date: 1950~\n    end: 196X\n" in path.read_text()


def test_add_refuses_what_is_left_open(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("title: T\nevents: []\n")
    before = path.read_bytes()
    for args, says in (
        (["--date", "02/06/2021"], "2021-02-06 (month first) or 2021-06-02 (day first)"),
        (["--date", "2 June"], "has no year"),
        (["--date", "2021", "--end", "1 Jan 99"], "--end: '1 Jan 99'"),
        (["--date", "2 June 2021 09:30 Asia/Kolkata", "--timezone", "UTC"], "--timezone is"),
    ):
        result = cli("add", "-f", str(path), "--title", "T", *args)
        assert result.exit_code == 1, (args, result)
        assert says in result.stderr, (args, result)
        assert "nothing was written" in result.stderr
        assert path.read_bytes() == before
    # a date in the grammar's shape keeps the grammar's located error
    typo = cli("add", "-f", str(path), "--title", "T", "--date", "2026-02-30")
    assert typo.exit_code == 1
    assert "new event: error[bad-date]: '2026-02-30': day out of range" in typo.stderr


def test_filters_read_words_too(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        "title: T\nevents:\n"
        "  - {id: a, date: 2021-06-01, title: First}\n"
        "  - {id: b, date: 2021-06-02T09:00-04:00, title: Second}\n"
        "  - {id: c, date: 2021-06-02T11:00-04:00, title: Third}\n"
    )
    ids = cli("list", "-f", str(path), "--from", "2 June 2021", "--to",
              "2 June 2021 10:00 America/New_York", "--columns", "id").stdout  # fmt: skip
    assert ids.split()[2:] == ["b"]
    refused = cli("list", "-f", str(path), "--from", "02/06/2021")
    assert refused.exit_code == 2
    assert "could be 2021-02-06 (month first) or 2021-06-02 (day first)" in refused.stderr
