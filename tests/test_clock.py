"""The display zone (SPEC §2): times on one clock with their labels, filters that read days
on the same clock, compact ranges and a Date column that keeps titles their room."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date as pydate
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from chronology.clock import EVENT, UTC_CLOCK, Clock, ClockError, choose_clock, on_clock
from chronology.dates import SHORT_WIDTH, human, human_range, human_span, parse_date, parse_single
from chronology.model import Event, Timeline
from chronology.query import Filter, select
from chronology.renderers.markdown import period
from chronology.store import Document, compose
from chronology.validate import validate

from .conftest import ROOT, Result
from .test_dates import expressions, single_dates

Cli = Callable[..., Result]
APOLLO = ROOT / "examples" / "apollo.yaml"


def _timeline(text: str) -> Timeline:
    root, problems = compose(text, "events.yaml")
    assert not problems
    timeline, problems = validate([Document("events.yaml", root)])
    assert not [p for p in problems if p.is_error], problems
    return timeline


def _shown(text: str, zone: str | None, clock: Clock) -> str:
    return human(on_clock(parse_single(text), choose_clock(zone, None).zone, clock))


# ------------------------------------------------------------------ labels


LABELS = [
    # (date as written, the zone it is read in, display zone, shown)
    ("1969-07-16T09:32", "America/New_York", "America/New_York", "16 Jul 1969 09:32 EDT"),
    ("1969-07-16T09:32", "America/New_York", "UTC", "16 Jul 1969 13:32 UTC"),
    ("1969-07-16T08:32", "America/Chicago", "America/New_York", "16 Jul 1969 09:32 EDT"),
    ("1969-07-21T02:56:15Z", "America/New_York", "America/New_York", "20 Jul 1969 22:56:15 EDT"),
    ("1969-07-21T02:56:15Z", None, "Asia/Kolkata", "21 Jul 1969 08:26:15 IST"),
    ("2021-01-20T12:00Z", None, "Asia/Kathmandu", "20 Jan 2021 17:45 +05:45"),
    ("2021-01-20T12:00Z", None, "Asia/Dubai", "20 Jan 2021 16:00 +04"),
    ("2021-01-20T12:00Z", None, "Australia/Lord_Howe", "20 Jan 2021 23:00 +11"),
    ("2021-07-20T12:00Z", None, "Australia/Lord_Howe", "20 Jul 2021 22:30 +10:30"),
    ("2021-01-20T12:00Z", None, "Europe/London", "20 Jan 2021 12:00 GMT"),
    ("2021-07-20T12:00Z", None, "Europe/London", "20 Jul 2021 13:00 BST"),
    ("2021-07-20T12:00Z", None, "Australia/Sydney", "20 Jul 2021 22:00 AEST"),
    ("2021-01-20T12:00Z", None, "Australia/Sydney", "20 Jan 2021 23:00 AEDT"),
    ("2021-06-02T10:00+05:30", "America/New_York", "America/New_York", "2 Jun 2021 00:30 EDT"),
    ("2021-12-31T23:30-05:00", None, "UTC", "1 Jan 2022 04:30 UTC"),
    ("2026-03-08T03:30", "America/New_York", "America/New_York", "8 Mar 2026 03:30 EDT"),
    ("2026-03-08T01:30", "America/New_York", "America/New_York", "8 Mar 2026 01:30 EST"),
]


@pytest.mark.parametrize(("written", "zone", "display", "expected"), LABELS)
def test_times_are_shown_on_the_display_clock_with_a_label(
    written: str, zone: str | None, display: str, expected: str
) -> None:
    assert _shown(written, zone, choose_clock(display, None)) == expected


EVENT_LABELS = [
    ("1969-07-16T09:32", "America/New_York", "16 Jul 1969 09:32 EDT"),
    ("1969-07-16T08:32", "America/Chicago", "16 Jul 1969 08:32 CDT"),
    ("1969-07-21T02:56:15Z", "America/New_York", "21 Jul 1969 02:56:15 UTC"),
    ("2021-06-02T10:00+05:30", "America/New_York", "2 Jun 2021 10:00 +05:30"),
    ("2021-06-02T10:00-04:00", "America/New_York", "2 Jun 2021 10:00 -04"),
    ("2021-06-02T10:00", None, "2 Jun 2021 10:00 UTC"),
    ("2021-11-07T01:30", "America/New_York", "7 Nov 2021 01:30 EDT"),  # the first of two
]


@pytest.mark.parametrize(("written", "zone", "expected"), EVENT_LABELS)
def test_the_event_clock_shows_times_as_written_labelled(
    written: str, zone: str | None, expected: str
) -> None:
    assert _shown(written, zone, EVENT) == expected


def test_dates_without_a_time_are_the_same_on_every_clock() -> None:
    for text in ("2021", "2021-06", "2021-06-02", "201X", "2021-06~"):
        date = parse_single(text)
        for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "event"):
            assert on_clock(date, None, choose_clock(name, None)) == date


def test_choosing_a_clock() -> None:
    assert choose_clock(None, None) == UTC_CLOCK
    assert choose_clock(None, "Asia/Kolkata").name == "Asia/Kolkata"
    assert choose_clock("event", "Asia/Kolkata") is EVENT
    assert choose_clock("utc", "Asia/Kolkata") == UTC_CLOCK
    with pytest.raises(ClockError, match="'Mars/Olympus' is not an IANA time zone"):
        choose_clock("Mars/Olympus", None)


def test_local_is_this_machines_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kathmandu")
    local = choose_clock("local", "America/New_York")
    assert local.name == "local"
    assert _shown("2021-01-20T12:00Z", None, local) == "20 Jan 2021 17:45 +05:45"


# ------------------------------------------------------------------ compact ranges


RANGES = [
    ("1968-10-11T15:02:45Z", "1968-10-22T11:11:48Z", "11 Oct 15:02:45 – 22 Oct 1968 11:11:48 UTC"),
    ("2021-12-31T23:00Z", "2022-01-01T01:00Z", "31 Dec 2021 23:00 – 1 Jan 2022 01:00 UTC"),
    ("2026-01-20T09:30Z", "2026-01-20T11:00Z", "20 Jan 2026 09:30–11:00 UTC"),
    ("2026-01-20T09:30Z", "2026-01-20T11:00+01:00", "20 Jan 2026 09:30 UTC – 11:00 +01:00"),
    (
        "2021-10-01T09:00-04:00",
        "2021-11-22T09:00-05:00",
        "1 Oct 09:00 -04:00 – 22 Nov 2021 09:00 -05:00",
    ),
    ("2026-01-20", "2026-01-21", "20–21 Jan 2026"),
    ("2026-01-30", "2026-02-02", "30 Jan – 2 Feb 2026"),
    ("2025-12-30", "2026-01-02", "30 Dec 2025 – 2 Jan 2026"),
    ("2021-06", "2021-08", "Jun–Aug 2021"),
    ("2021-11", "2022-02", "Nov 2021 – Feb 2022"),
    ("1961", "1975", "1961–1975"),
    ("-0044", "-0043", "45–44 BC"),
    ("-0001", "0010", "2 BC – AD 10"),
    ("2021~", "2023", "c. 2021 – 2023"),
    ("2021", "2022-06", "2021 – Jun 2022"),
]


@pytest.mark.parametrize(("start", "end", "expected"), RANGES)
def test_ranges_never_repeat_what_their_ends_share(start: str, end: str, expected: str) -> None:
    assert human_range(parse_single(start), parse_single(end)) == expected


def test_ranges_share_the_label_of_the_display_clock() -> None:
    new_york = choose_clock("America/New_York", None)
    zone = new_york.zone
    start = on_clock(parse_single("1968-10-11T15:02:45Z"), zone, new_york)
    end = on_clock(parse_single("1968-10-22T11:11:48Z"), zone, new_york)
    assert human_range(start, end) == "11 Oct 11:02:45 – 22 Oct 1968 07:11:48 EDT"
    # Across the change back to standard time, each end keeps its own label.
    start = on_clock(parse_single("2021-10-30T12:00"), zone, new_york)
    end = on_clock(parse_single("2021-11-08T12:00"), zone, new_york)
    assert human_range(start, end) == "30 Oct 12:00 EDT – 8 Nov 2021 12:00 EST"
    fold = on_clock(parse_single("2021-11-07T05:30Z"), zone, new_york)
    after = on_clock(parse_single("2021-11-07T06:30Z"), zone, new_york)
    assert human_range(fold, after) == "7 Nov 2021 01:30 EDT – 01:30 EST"


SHORT = [
    # (date, end, the list's Date cell)
    ("1968-10-11T15:02:45Z", "1968-10-22T11:11:48Z", "11–22 Oct 1968"),
    ("1969-07-21T02:56:15Z", None, "21 Jul 1969 02:56 UTC"),
    ("2026-01-20T09:30Z", "2026-01-20T11:00Z", "20 Jan 2026"),
    ("2026-01-02T09:30Z", "2026-01-02T11:00Z", "2 Jan 2026 09:30–11:00 UTC"),
    ("2021-06-XX", "2022-07-XX", "Jun 2021 – Jul 2022"),
    ("-9999-12-31%", "-9998-12-31%", "c. 10000 BC? – c. 9999 BC?"),
    ("-99XX", "-98XX", "10000–9801 BC"),
    ("2021-06-02~", "2021-06-05?", "c. Jun 2021 – Jun 2021?"),
]


@pytest.mark.parametrize(("date", "end", "expected"), SHORT)
def test_the_list_form_fits_the_column(date: str, end: str | None, expected: str) -> None:
    value = parse_date(date)
    shown = human_span(value, parse_single(end) if end else None, short=True)
    assert shown == expected
    assert len(shown) <= SHORT_WIDTH


_LIST_CLOCKS = [
    UTC_CLOCK,
    EVENT,
    choose_clock("Asia/Kathmandu", None),
    choose_clock("Australia/Lord_Howe", None),
    choose_clock("America/St_Johns", None),
]


@given(expressions(), st.sampled_from(_LIST_CLOCKS), st.sampled_from([None, "Asia/Chatham"]))
@settings(max_examples=500)
def test_every_form_of_the_grammar_fits_the_date_column(
    text: str, clock: Clock, zone: str | None
) -> None:
    event = Event(id="e", date=parse_date(text), title="t", timezone=zone)
    assert len(event.human_date(clock, short=True)) <= SHORT_WIDTH


@given(single_dates(), single_dates(), st.sampled_from(_LIST_CLOCKS))
@settings(max_examples=300)
def test_every_date_with_an_end_fits_the_date_column(a: str, b: str, clock: Clock) -> None:
    first, last = sorted((parse_single(a), parse_single(b)), key=lambda d: d.lo)
    assume("X" not in a + b)
    event = Event(id="e", date=first, end=last, title="t", timezone="Asia/Chatham")
    assert len(event.human_date(clock, short=True)) <= SHORT_WIDTH


@given(
    single_dates(), st.sampled_from([None, "America/New_York", "Asia/Kolkata", "Pacific/Chatham"])
)
@settings(max_examples=300)
def test_the_utc_clock_shows_what_the_zone_rules_of_utc_give(text: str, zone: str | None) -> None:
    """`on_clock` takes UTC without looking its rules up: the same date as through IANA's
    `UTC` zone, label and all."""
    from zoneinfo import ZoneInfo

    date = parse_single(text)
    written_in = ZoneInfo(zone) if zone else None
    by_rules = Clock("UTC", ZoneInfo("UTC"))
    assert on_clock(date, written_in, UTC_CLOCK) == on_clock(date, written_in, by_rules)


# ------------------------------------------------------------------ one calendar


ZONES = [
    None,
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]
CLOCKS = ["UTC", "event", *(z for z in ZONES if z)]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_SHOWN_DAY = re.compile(r"(?:(\d{1,2}) )?(?:(" + "|".join(_MONTHS) + r") )?(\d{4})(?: .*)?")


@st.composite
def one_event(draw: st.DrawFn) -> tuple[str, str | None, str | None]:
    """(date, the store's zone, the event's own zone) for one event near midnight."""
    moment = draw(st.datetimes(datetime(1950, 1, 1), datetime(2050, 12, 31)))
    if draw(st.booleans()):  # near midnight, where clocks disagree about the day
        moment = moment.replace(hour=draw(st.sampled_from([0, 1, 22, 23])))
    form = draw(st.sampled_from(["time", "time", "time", "day", "month", "year"]))
    if form == "year":
        text = f"{moment:%Y}"
    elif form == "month":
        text = f"{moment:%Y-%m}"
    elif form == "day":
        text = f"{moment:%Y-%m-%d}"
    else:
        text = f"{moment:%Y-%m-%dT%H:%M}"
        text += draw(st.sampled_from(["", "", "Z", "+05:30", "-08:00", "+14:00", "-11:00"]))
    return text, draw(st.sampled_from(ZONES)), draw(st.sampled_from(ZONES))


def _store(date: str, store_zone: str | None, own_zone: str | None) -> str:
    lines = [f"timezone: {store_zone}\n"] if store_zone else []
    lines.append(f"events:\n  - id: e\n    date: '{date}'\n    title: T\n")
    if own_zone:
        lines.append(f"    timezone: {own_zone}\n")
    return "".join(lines)


def _first_and_last_day(shown: str) -> tuple[pydate, pydate]:
    """The days a single date covers, read from its display text (not from the code)."""
    match = _SHOWN_DAY.fullmatch(shown)
    assert match, shown
    day, month, year = match[1], match[2], int(match[3])
    if month is None:
        return pydate(year, 1, 1), pydate(year, 12, 31)
    number = _MONTHS.index(month) + 1
    if day is None:
        following = pydate(year + number // 12, number % 12 + 1, 1)
        return pydate(year, number, 1), following - timedelta(days=1)
    return pydate(year, number, int(day)), pydate(year, number, int(day))


def _picks(timeline: Timeline, clock: Clock, start: pydate | None, end: pydate | None) -> bool:
    criteria = Filter(
        start=parse_date(f"{start:%Y-%m-%d}") if start else None,
        end=parse_date(f"{end:%Y-%m-%d}") if end else None,
    )
    return bool(select(timeline, criteria, clock))


@given(one_event(), st.sampled_from(CLOCKS))
@settings(max_examples=400, deadline=None)
def test_an_event_shown_on_a_day_is_what_a_filter_for_that_day_selects(
    event: tuple[str, str | None, str | None], tz: str
) -> None:
    text, store_zone, own_zone = event
    root, problems = compose(_store(text, store_zone, own_zone), "events.yaml")
    timeline, problems = validate([Document("events.yaml", root)])
    assume(not any(p.is_error for p in problems))  # a wall-clock time in a DST gap
    clock = choose_clock(tz, timeline.timezone)
    (only,) = timeline.events
    first, last = _first_and_last_day(only.human_date(clock))
    assert _first_and_last_day(only.human_date(clock, short=True)) == (first, last)
    # Selected by a filter for any day it is shown on...
    assert _picks(timeline, clock, first, first)
    assert _picks(timeline, clock, last, last)
    assert _picks(timeline, clock, first - timedelta(days=400), last + timedelta(days=400))
    # ...and by no filter that leaves its days out, on either side.
    assert not _picks(timeline, clock, None, first - timedelta(days=1))
    assert not _picks(timeline, clock, last + timedelta(days=1), None)
    # Grouped under the year it is shown in.
    assert period(only, clock) == str(first.year)


def test_apollo_filters_agree_with_what_is_shown(cli: Cli) -> None:
    """The issue's cases: the Moon landing is 20 Jul on the store's clock, 21 Jul in UTC."""
    step = ("-f", str(APOLLO), "--columns", "date,title", "--search", "steps onto")
    shown = cli("list", *step)
    assert "20 Jul 1969 22:56 EDT" in shown.stdout
    assert "Armstrong" in cli("list", *step, "--from", "1969-07-20", "--to", "1969-07-20").stdout
    assert cli("list", *step, "--from", "1969-07-21", "--to", "1969-07-21").stdout == ""
    in_utc = cli("list", *step, "--tz", "UTC", "--from", "1969-07-21", "--to", "1969-07-21")
    assert "21 Jul 1969 02:56 UTC" in in_utc.stdout
    assert cli("list", *step, "--tz", "UTC", "--to", "1969-07-20").stdout == ""


def test_new_year_in_utc_is_shown_and_grouped_in_the_stores_zone(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(_store("2021-01-01T02:00Z", "America/New_York", None))
    listed = cli("list", "-f", str(path), "--from", "2020", "--to", "2020")
    assert "31 Dec 2020 21:00 EST" in listed.stdout
    assert cli("list", "-f", str(path), "--from", "2021", "--to", "2021").stdout == ""
    markdown = cli("export", "md", "-f", str(path)).stdout
    assert "# 2020\n\n- **31 Dec 2020 21:00 EST** — T" in markdown
    markdown = cli("export", "md", "-f", str(path), "--tz", "UTC").stdout
    assert "# 2021\n\n- **1 Jan 2021 02:00 UTC** — T" in markdown
    mermaid = cli("export", "md", "--style", "mermaid", "-f", str(path), "--tz", "UTC").stdout
    assert "section 2021\n        1 Jan 2021 02#58;00 UTC : T" in mermaid


def test_the_environment_sets_the_default_and_bad_zones_are_usage_errors(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(_store("2021-01-01T02:00Z", "America/New_York", None))
    shown = cli("list", "-f", str(path), env={"CHRONOLOGY_TZ": "Asia/Kolkata"})
    assert "1 Jan 2021 07:30 IST" in shown.stdout
    assert "02:00 UTC" in cli("list", "-f", str(path), "--tz", "utc").stdout
    for args, env in ((["--tz", "Mars/Olympus"], None), ([], {"CHRONOLOGY_TZ": "Mars/Olympus"})):
        bad = cli("list", "-f", str(path), *args, env=env)
        assert bad.exit_code == 2
        assert "'Mars/Olympus' is not an IANA time zone" in bad.stderr
        assert "Traceback" not in bad.stderr


def test_machine_values_stay_instants_on_every_clock(cli: Cli) -> None:
    """ics and the JSON/CSV bounds are exact UTC instants; only the display text moves."""
    import csv
    import json

    for fmt in ("ics",):
        outputs = {tz: cli("export", fmt, "-f", str(APOLLO), "--tz", tz).stdout for tz in CLOCKS}
        assert len(set(outputs.values())) == 1
    spans = set()
    for tz in CLOCKS:
        data = json.loads(cli("export", "json", "-f", str(APOLLO), "--tz", tz).stdout)
        spans.add(tuple((e["span"]["start"], e["span"]["end"]) for e in data["events"]))
        rows = list(
            csv.DictReader(cli("export", "csv", "-f", str(APOLLO), "--tz", tz).stdout.splitlines())
        )
        spans.add(tuple((r["span_start"], r["span_end"]) for r in rows))
    assert len(spans) == 1
    assert ("1969-07-21T02:56:15Z", "1969-07-21T02:56:15Z") in next(iter(spans))


# ------------------------------------------------------------------ golden outputs


@pytest.mark.parametrize("tz", [None, "UTC", "Asia/Kolkata", "event", "local"])
def test_golden_per_display_zone(
    cli: Cli,
    golden: Callable[[str, bytes], None],
    tz: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`list`, Markdown, CSV and `show` of the Apollo store on each kind of display clock;
    `local` is this machine's zone, set here with TZ (Lord Howe kept Sydney's AEST in 1969)."""
    shutil.copy(APOLLO, tmp_path / "apollo.yaml")
    monkeypatch.chdir(tmp_path)
    options = ["-f", "apollo.yaml", *(["--tz", tz] if tz else [])]
    env = {"TZ": "Australia/Lord_Howe"}
    parts = [
        cli("list", *options, "--columns", "date,title", env=env).stdout,
        cli("export", "md", *options, env=env).stdout,
        cli("export", "md", "--style", "mermaid", *options, env=env).stdout,
        cli("export", "csv", *options, env=env).stdout,
        cli("show", "apollo-7", *options, env=env).stdout,
        cli("show", "apollo-11-launch", *options, env=env).stdout,
    ]
    name = (tz or "store").replace("/", "-")
    golden(f"apollo.tz-{name}.txt", "\n".join(parts).encode())


# ------------------------------------------------------------------ the cache's window


@pytest.mark.parametrize("tz", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "event", "UTC"])
def test_a_windowed_cached_load_selects_what_a_full_load_selects(
    cli: Cli, tmp_path: Path, tz: str
) -> None:
    """The cache hands over only events near the window in UTC; the clocks furthest from
    UTC (+14 and −11) must still get every event they show on the day."""
    lines = ["timezone: Pacific/Kiritimati\nevents:\n"]
    for hour in range(0, 48):
        moment = datetime(2021, 6, 1) + timedelta(hours=hour)
        lines.append(f"  - {{id: e{hour}, date: '{moment:%Y-%m-%dT%H:%M}Z', title: T{hour}}}\n")
        lines.append(f"  - {{id: d{hour}, date: '2021-06-{1 + hour // 24:02d}', title: D{hour}}}\n")
    path = tmp_path / "events.yaml"
    path.write_text("".join(lines))
    query = ["list", "-f", str(path), "--tz", tz, "--from", "2021-06-02", "--to", "2021-06-02"]
    uncached = cli(*query, "--no-cache")
    cli("validate", "-f", str(path))  # builds the cache
    cached = cli(*query)
    assert cached.stdout == uncached.stdout
    assert cached.stdout.count("\n") > 10


# ------------------------------------------------------------------ the 80-column table

_LONG_SPANS = """timezone: America/New_York
events:
  - {id: a7, date: '1968-10-11T15:02:45Z', end: '1968-10-22T11:11:48Z', title: Apollo 7}
  - {id: year-end, date: '2021-12-31T20:00', end: '2022-01-03T08:00', title: Year end}
  - {id: month-end, date: '2021-09-30T23:00+05:45', end: '2021-10-02T01:00Z', title: Turn}
  - {id: late, date: '2021-09-30T23:00', end: '2021-09-30T23:59', title: Late}
  - {id: bc, date: '-0099-03-15T12:00:00+05:30', end: '-0044-03-15T13:00+05:30', title: BC}
"""


@pytest.mark.parametrize("store", ["bundled", "long-spans"])
@pytest.mark.parametrize("tz", [None, "event", "Asia/Kathmandu"])
def test_titles_keep_40_characters_at_80_columns(
    store: str, tz: str | None, tmp_path: Path
) -> None:
    from chronology.loader import load
    from chronology.table import TITLE_ROOM, TableSettings, render_table

    text = (ROOT / "events.yaml").read_text() if store == "bundled" else _LONG_SPANS
    # A title of one long word is cut at the column's width, so the column shows its width.
    text += "  - {id: long, date: '2021-06-02', title: '" + "Counternarcotics" * 6 + "'}\n"
    path = tmp_path / "events.yaml"
    path.write_text(text)
    timeline = load(str(path))
    clock = choose_clock(tz, timeline.timezone)
    settings = TableSettings(width=80, clock=clock)
    lines = render_table(select(timeline, Filter(), clock), settings).splitlines()
    assert max(len(line) for line in lines) <= 80
    rule = next(line for line in lines if line.startswith("---"))
    date_rule, title_rule = rule.split("  ")[:2]
    assert len(date_rule) <= SHORT_WIDTH
    assert len(title_rule) >= TITLE_ROOM


# ------------------------------------------------------------------ open ends in calendars


def test_open_intervals_export_their_known_end_and_say_they_are_open(
    cli: Cli, tmp_path: Path
) -> None:
    """`1969/..` is the calendar event of 1969 whose text says it is ongoing; `../1990` is
    1990, "until"; both come back from `import` exactly, timed ones with their zone."""
    import icalendar

    path = tmp_path / "events.yaml"
    path.write_text(
        "timezone: America/New_York\nevents:\n"
        "  - {id: programme, date: 1969/.., title: Programme}\n"
        "  - {id: treaty, date: ../1990, title: Treaty}\n"
        "  - {id: watch, date: '2021-06-02T10:00/..', title: Watch}\n"
    )
    exported = cli("export", "ics", "-f", str(path), "--tz", "Asia/Kolkata").stdout
    calendar = icalendar.Calendar.from_ical(exported)
    found = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert str(found["programme"]["DTSTART"].dt) == "1969-01-01"
    assert str(found["programme"]["DTEND"].dt) == "1970-01-01"
    assert str(found["programme"]["DESCRIPTION"]) == "When: 1969 – ongoing"
    assert str(found["programme"]["X-CHRONOLOGY-DATE"]) == "1969/.."
    assert str(found["treaty"]["DTSTART"].dt) == "1990-01-01"
    assert str(found["treaty"]["DESCRIPTION"]) == "When: until 1990"
    # A time in the text is as written and labelled, whatever --tz: the file is the same.
    assert str(found["watch"]["DESCRIPTION"]) == "When: 2 Jun 2021 10:00 EDT – ongoing"
    assert exported == cli("export", "ics", "-f", str(path)).stdout
    (tmp_path / "calendar.ics").write_text(exported)
    target = tmp_path / "copy.yaml"
    target.write_text("timezone: America/New_York\nevents: []\n")
    assert cli("import", str(tmp_path / "calendar.ics"), "-f", str(target)).exit_code == 0
    listed = cli("list", "-f", str(target), "--iso", "--columns", "id,date,summary")
    assert listed.stdout.split("\n")[2:5] == [
        "treaty     ../1990",
        "programme  1969/..",
        "watch      2021-06-02T10:00/..",
    ]


def test_timed_filters_are_instants_read_on_the_clock(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(_store("2021-01-01T02:00Z", "America/New_York", None))
    listed = ["list", "-f", str(path), "--columns", "date"]
    # 02:00Z is 21:00 EST the day before: a filter written in UTC finds the same instant.
    assert "21:00 EST" in cli(*listed, "--from", "2021-01-01T02:00Z").stdout
    assert cli(*listed, "--from", "2021-01-01T02:01Z").stdout == ""
    assert "21:00 EST" in cli(*listed, "--to", "2020-12-31T21:00").stdout
    assert cli(*listed, "--to", "2020-12-31T20:59").stdout == ""
    # On each event's own clock, the same instants select the same event.
    event_clock = [*listed, "--tz", "event"]
    assert "02:00 UTC" in cli(*event_clock, "--from", "2021-01-01T02:00Z").stdout
    assert cli(*event_clock, "--from", "2021-01-01T02:01Z").stdout == ""
    assert "02:00 UTC" in cli(*event_clock, "--to", "2020-12-31T21:00-05:00").stdout
    assert cli(*event_clock, "--to", "2020-12-31T20:59-05:00").stdout == ""


def test_a_minute_is_shown_as_the_minute_it_starts_in() -> None:
    """New York kept local mean time (-4:56:02) until 1883: 10:00 there is 14:56:02 UTC,
    shown as 14:56, and its minute starts on the minute so that days agree with filters."""
    utc = on_clock(
        parse_single("1850-07-01T10:00"), choose_clock("America/New_York", None).zone, UTC_CLOCK
    )
    assert human(utc) == "1 Jul 1850 14:56 UTC"
    assert utc.lo % 60 == 0
    assert utc.hi - utc.lo == 60
    late = on_clock(
        parse_single("1850-07-01T19:03:58"), choose_clock("America/New_York", None).zone, UTC_CLOCK
    )
    assert human(late) == "2 Jul 1850 00:00:00 UTC"


def test_diff_and_log_show_times_as_written_with_their_label(cli: Cli, tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(_store("1969-07-16T09:32", "America/New_York", None))
    new.write_text(_store("1969-07-16T10:32", "America/New_York", None))
    report = cli("diff", str(old), str(new))
    assert "~ 16 Jul 1969 10:32 EDT  T  (e)" in report.stdout
    assert "16 Jul 1969 09:32 EDT" in report.stdout


def test_a_squeezed_table_keeps_headers_whole_while_there_is_room() -> None:
    """At 76 columns the bundled store leaves 16 characters beside the title and date:
    room for `Location` and `Tags` as they are, so neither header is wrapped."""
    from chronology.loader import load
    from chronology.table import TableSettings, render_table

    timeline = load(str(ROOT / "events.yaml"))
    clock = choose_clock(None, timeline.timezone)
    lines = render_table(select(timeline, Filter(), clock), TableSettings(width=76, clock=clock))
    header, rule = lines.splitlines()[:2]
    assert header.split() == ["Date", "Title", "Location", "Tags"]
    assert rule.startswith("---")
    assert max(len(line) for line in lines.splitlines()) <= 76
