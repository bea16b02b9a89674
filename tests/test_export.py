"""Exports checked byte for byte (golden files) and by independent parsers."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
from markdown_it import MarkdownIt

from chronology.clock import choose_clock
from chronology.dates import Date, parse_date
from chronology.loader import load
from chronology.model import Event, Timeline
from chronology.renderers import FORMATS, ExportOptions, lookup
from chronology.renderers.csv_export import HEADER
from chronology.renderers.ical import describe, fold

from .conftest import BUNDLED, ROOT, Result, flat_tokens, node_oracle

HARD = ROOT / "tests" / "fixtures" / "hard.yaml"
MARKUP = ROOT / "tests" / "fixtures" / "markup.yaml"
STORES = {"bundled": BUNDLED, "hard": HARD, "markup": MARKUP}
#: The stores whose summaries are literal text (tests/test_markup.py reads the other).
LITERAL = ("bundled", "hard")
VARIANTS = [
    ("md", ["--style", "list"], "md"),
    ("md", ["--style", "table"], "table.md"),
    ("md", ["--style", "mermaid"], "mermaid.md"),
    ("md", ["--style", "list", "--heading-level", "3"], "h3.md"),
    ("ics", [], "ics"),
    ("ics", ["--imprecise", "start"], "start.ics"),
    ("ics", ["--imprecise", "skip"], "skip.ics"),
    ("json", [], "json"),
    ("csv", [], "csv"),
    ("html", [], "html"),
    ("markwhen", ["--group-by", "tag"], "mw"),
    ("timelinejs", [], "tl.json"),
    ("svg", [], "svg"),
    ("svg", ["--group-by", "tag", "--width", "800"], "tag.svg"),
]

Cli = Callable[..., Result]


def export(cli: Cli, store: Path, fmt: str, *args: str) -> bytes:
    result = cli("export", fmt, "-f", str(store), *args)
    assert result.exit_code == 0, result
    return result.stdout_bytes


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize(("fmt", "args", "suffix"), VARIANTS)
def test_golden(
    cli: Cli,
    golden: Callable[[str, bytes], None],
    store: str,
    fmt: str,
    args: list[str],
    suffix: str,
) -> None:
    golden(f"{store}.{suffix}", export(cli, STORES[store], fmt, *args))


def test_output_is_deterministic_and_written_atomically(cli: Cli, tmp_path: Path) -> None:
    first = export(cli, HARD, "ics")
    assert export(cli, HARD, "ics") == first
    target = tmp_path / "out.ics"
    result = cli("export", "ics", "-f", str(HARD), "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["out.ics"]  # no temporary file left
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not the 0600 of a temporary file


class _Watched(list[Event]):
    """Events that count how many a renderer has taken so far."""

    taken = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for event in super().__iter__():
            self.taken += 1
            yield event


@pytest.mark.parametrize(
    ("fmt", "style"), [("json", None), ("csv", None), ("ics", None), ("markdown", "list"),
                       ("markdown", "table"), ("markdown", "mermaid")],
)  # fmt: skip
def test_exports_are_made_as_they_are_written(fmt: str, style: str | None) -> None:
    """The formats that need no layout of all events write each piece before they read the
    events after it, and the pieces make the document `render` makes."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import generate

    path = ROOT / "tests" / "artefacts"
    path.mkdir(exist_ok=True)
    store = path / "stream-store.yaml"
    store.write_text(generate(3000), encoding="utf-8")
    timeline = load(str(store))
    chosen = lookup(fmt)
    assert chosen is not None
    options = ExportOptions(style=style or "list", dtstamp=0)
    events = _Watched(timeline.events)
    pieces = chosen.stream(timeline, events, options, [])
    taken_before = []
    written = []
    for piece in pieces:
        taken_before.append(events.taken)
        written.append(piece)
    assert "".join(written) == chosen.render(timeline, timeline.events, options).text
    # Half-way through the document, no more than half of the events were read (plus one
    # piece's worth), so that what is written is never all in memory.
    middle = len(written) // 2
    assert len(written) > 10
    assert taken_before[middle] < 3000 * 0.6, taken_before[middle]


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "ics"])
def test_export_to_a_file_needs_no_more_memory_for_more_events(fmt: str, tmp_path: Path) -> None:
    """Exporting to a file holds a piece of the document at a time: what it allocates and
    frees again (beyond the store's events and the caches of dates it keeps) grows far less
    than the document from 1,000 events to 4,000 (the renderers' own caches of repeated
    dates and words grow a little). A document made whole, as text and as bytes, would grow
    by twice the document's growth. Measured with tracemalloc: allocations, not time."""
    import sys
    import tracemalloc

    from chronology.atomic import write_atomic
    from chronology.cli import _batches

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import generate

    chosen = lookup(fmt)
    assert chosen is not None
    options = ExportOptions(dtstamp=0)
    transient, size = {}, {}
    for count in (1000, 4000):
        store = tmp_path / f"store-{count}.yaml"
        store.write_text(generate(count), encoding="utf-8")
        timeline = load(str(store))
        chosen.render(timeline, timeline.events[:20], options)  # modules imported on first use
        target = tmp_path / f"out-{count}"
        tracemalloc.start()
        try:
            pieces = chosen.stream(timeline, timeline.events, options, [])
            write_atomic(str(target), (text.encode() for text in _batches(pieces, 1 << 16)))
            kept, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        transient[count] = peak - kept
        expected = chosen.render(timeline, timeline.events, options).text.encode()
        assert target.read_bytes() == expected
        size[count] = len(expected)
    assert transient[4000] - transient[1000] < (size[4000] - size[1000]) * 0.3, (transient, size)


def test_a_write_that_reads_back_differently_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary file is read back before the rename; bytes that differ from those
    written (a full disk that lost a part, a faulty file system) replace nothing."""
    from chronology import atomic
    from chronology.errors import ChronologyError

    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    real_open = open

    def lossy_open(name: str, mode: str = "r", *args: object, **kwargs: object) -> object:
        handle = real_open(name, mode, *args, **kwargs)  # type: ignore[call-overload]
        if mode == "rb" and ".tmp" in str(name):
            data = handle.read()
            handle.close()
            return io.BufferedReader(io.BytesIO(data[:-1] + b"?"))  # type: ignore[arg-type]
        return handle

    monkeypatch.setattr(atomic, "open", lossy_open, raising=False)
    with pytest.raises(ChronologyError, match="read back"):
        atomic.write_atomic(str(target), iter([b"new ", b"bytes"]))
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_source_date_epoch_sets_dtstamp(cli: Cli) -> None:
    result = cli("export", "ics", "-f", str(BUNDLED), env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert b"DTSTAMP:20231114T221320Z\r\n" in result.stdout_bytes
    derived = export(cli, BUNDLED, "ics").decode()
    assert "DTSTAMP:20260121T000000Z\r\n" in derived  # the latest date in the store
    for value in ("yesterday", "9" * 5000, str(10**23), "١٢٣"):
        bad = cli("export", "ics", "-f", str(BUNDLED), env={"SOURCE_DATE_EPOCH": value})
        assert bad.exit_code == 0, bad
        assert "warning: SOURCE_DATE_EPOCH=" in bad.stderr
        assert "derived from the store" in bad.stderr
        assert len(bad.stderr) < 300
        assert bad.stdout_bytes == derived.encode()


def test_format_options_belong_to_their_format(cli: Cli) -> None:
    result = cli("export", "json", "-f", str(BUNDLED), "--imprecise", "skip")
    assert result.exit_code == 2
    assert "--imprecise does not apply to json" in result.stderr
    unknown = cli("export", "pdf", "-f", str(BUNDLED))
    assert unknown.exit_code == 2
    assert "markdown, md, ics, ical, json, csv" in unknown.stderr


def test_help_lists_formats_from_the_registry(cli: Cli) -> None:
    text = cli("export", "--help").stdout
    for fmt in FORMATS:
        assert fmt.name in text
        assert fmt.description in text


def test_aliases() -> None:
    assert lookup("md") is lookup("markdown")
    assert lookup("ICAL") is lookup("ics")
    assert lookup("pdf") is None


# ------------------------------------------------------------------ iCalendar


def check_ics_bytes(data: bytes) -> None:
    """CRLF only, lines of at most 75 octets, each valid UTF-8, no control characters."""
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        text = line.decode("utf-8")  # a fold never splits a character
        assert not re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f]", text), line


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("mode", ["span", "start", "skip"])
def test_ics_bytes(cli: Cli, store: str, mode: str) -> None:
    check_ics_bytes(export(cli, STORES[store], "ics", "--imprecise", mode))


def test_fold_never_splits_a_character() -> None:
    for text in ["a" * 200, "é" * 100, "😀" * 60, "a" + "😀" * 60, "ab" + "日本" * 50]:
        folded = fold("SUMMARY:" + text).encode()
        check_ics_bytes(folded + b"\r\n")
        assert folded.replace(b"\r\n ", b"").decode() == "SUMMARY:" + text


def test_every_line_at_the_fold_is_folded(cli: Cli, tmp_path: Path) -> None:
    """Content lines around the limit, ASCII and not: 74 to 77 octets with `SUMMARY:`, so
    that a line of 76 octets (one more than RFC 5545 allows) cannot pass unfolded."""
    lines = ["events:"]
    for n, size in enumerate(range(74 - 8, 78 - 8)):
        for title in ("a" * size, "é" + "a" * (size - 2)):
            lines += [f"  - id: e{n}-{len(title)}", "    date: 2021", f"    title: {title}"]
    store = tmp_path / "fold.yaml"
    store.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = export(cli, store, "ics")
    check_ics_bytes(data)
    summaries = [t for t in data.replace(b"\r\n ", b"").split(b"\r\n") if t.startswith(b"SUMMARY:")]
    assert sorted(len(s) for s in summaries) == sorted([74, 75, 76, 77] * 2)


def unescape(raw: str) -> str:
    """RFC 5545 §3.3.11 TEXT unescaping."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def text(value: object) -> str:
    """A TEXT value. Parsers leave properties they have no type for (NAME, X-…) escaped,
    although RFC 5545 §3.8.8.2 makes TEXT their default type: unescape those here."""
    if isinstance(value, icalendar.prop.vUnknown):
        return unescape(value.to_ical().decode("utf-8"))
    return str(value)


def _events_by_uid(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    for component in calendar.walk():
        assert component.errors == [], component.errors
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.mark.parametrize("store", STORES)
def test_ics_read_back_with_icalendar(cli: Cli, store: str) -> None:
    data = export(cli, STORES[store], "ics")
    timeline = load(str(STORES[store]))
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.get("METHOD") is None
    assert text(calendar["X-WR-CALNAME"]) == timeline.title == text(calendar["NAME"])
    found = _events_by_uid(data)
    expressible = [e for e in timeline.events if e.first is None or e.first.year >= 1]
    assert len(found) == len(expressible)
    for event in expressible:
        got = found[f"{event.id}@chronology"]
        assert str(got["SUMMARY"]) == event.title
        assert str(got.get("LOCATION", "")) == (event.location or "")
        assert str(got.get("DESCRIPTION", "")) == describe(event)
        assert str(got.get("DESCRIPTION", "")).startswith((event.summary or "").rstrip("\n"))
        assert text(got["X-CHRONOLOGY-DATE"]) == str(event.date)
        categories = got.get("CATEGORIES")
        assert ([str(c) for c in categories.cats] if categories else []) == list(event.tags)
        start = got.decoded("DTSTART")
        if event.all_day:
            assert type(start) is date
            assert got.decoded("DTEND") > start
        else:
            assert isinstance(start, datetime)
            assert start.utcoffset() is not None
            assert start.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_ics_dates_and_instants(cli: Cli) -> None:
    found = _events_by_uid(export(cli, HARD, "ics"))

    def span(uid: str) -> tuple[object, object]:
        event = found[f"{uid}@chronology"]
        end = event.decoded("DTEND") if "DTEND" in event else None
        return event.decoded("DTSTART"), end

    utc = UTC
    assert span("span-days") == (date(2026, 1, 20), date(2026, 1, 22))
    assert span("summer") == (date(2021, 6, 1), date(2021, 9, 1))
    assert span("dec-31") == (date(2026, 12, 31), date(2027, 1, 1))
    assert span("unicode") == (date(2024, 2, 29), date(2024, 3, 1))
    assert span("nineteen-hundreds") == (date(1900, 1, 1), date(2000, 1, 1))
    assert span("ongoing") == (date(2021, 9, 1), date(2021, 9, 2))
    assert span("berlin-wall") == (date(1989, 11, 9), date(1989, 11, 10))
    # Wall-clock times in America/New_York on both sides of the 2026 change (EST -> EDT).
    assert span("before-dst") == (datetime(2026, 3, 8, 6, 30, tzinfo=utc), None)
    assert span("after-dst") == (
        datetime(2026, 3, 8, 7, 30, tzinfo=utc),
        datetime(2026, 3, 8, 8, 15, tzinfo=utc),
    )
    assert span("kolkata") == (
        datetime(2026, 1, 20, 4, 0, tzinfo=utc),
        datetime(2026, 1, 20, 5, 30, tzinfo=utc),
    )
    assert "ides-of-march@chronology" not in found


def test_ics_imprecise_modes(cli: Cli) -> None:
    start = _events_by_uid(export(cli, HARD, "ics", "--imprecise", "start"))
    assert start["summer@chronology"].decoded("DTEND") == date(2021, 6, 2)
    assert start["span-days@chronology"].decoded("DTEND") == date(2026, 1, 22)  # precise
    skip = cli("export", "ics", "-f", str(HARD), "--imprecise", "skip")
    uids = set(_events_by_uid(skip.stdout_bytes))
    assert "summer@chronology" not in uids
    assert "approx-june@chronology" not in uids
    assert "span-days@chronology" in uids
    assert "summer (Jun–Aug 2021) skipped" in skip.stderr


def test_ics_qualifiers_and_text_survive(cli: Cli) -> None:
    found = _events_by_uid(export(cli, HARD, "ics"))
    assert "When: c. Jun 2004" in str(found["approx-june@chronology"]["DESCRIPTION"])
    assert "When: 2021?" in str(found["uncertain-year@chronology"]["DESCRIPTION"])
    injection = found["injection@chronology"]
    assert str(injection["LOCATION"]) == "Room 1 | 2 \\ 3; 4, 5: 6 # 7"
    assert [text(p) for p in injection["X-CHRONOLOGY-PERSON"]] == ["O'Brien, Pat", "Zoë Ångström"]
    properties = [name for name, _ in injection.property_items() if name != "BEGIN"]
    assert properties.count("SUMMARY") == 1


def test_ics_with_ical_js(cli: Cli) -> None:
    data = export(cli, HARD, "ics")
    parsed = node_oracle("ical.mjs", data)
    assert isinstance(parsed, dict)
    timeline = load(str(HARD))
    assert unescape(parsed["calname"]) == timeline.title == unescape(parsed["name"])
    assert parsed["method"] is None
    by_uid = {e["uid"]: e for e in parsed["events"]}
    for event in timeline.events:
        if event.id == "ides-of-march":
            continue
        got = by_uid[f"{event.id}@chronology"]
        assert got["summary"] == event.title
        assert (got["description"] or "") == describe(event)
        assert (got["location"] or None) == event.location
        assert got["categories"] == list(event.tags)
        assert got["dtstart"]["isDate"] == event.all_day
    assert by_uid["after-dst@chronology"]["dtstart"]["value"] == "2026-03-08T07:30:00Z"
    assert by_uid["span-days@chronology"]["dtend"]["value"] == "2026-01-22"


def test_ics_with_vobject(cli: Cli) -> None:
    import vobject

    calendar = vobject.readOne(export(cli, HARD, "ics").decode("utf-8"))
    titles = {e.summary.value for e in calendar.vevent_list}
    assert "# <script>alert(1)</script> | *x* ; , \\ : [link](http://evil.example) `code`" in titles
    assert len(calendar.vevent_list) == 16


def test_ics_in_khal(cli: Cli, tmp_path: Path) -> None:
    """khal, a real calendar client, imports the file and lists the right days and hours."""
    import subprocess
    import sys

    calendar = tmp_path / "calendar"
    calendar.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[chronology]]\npath = {calendar}/\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = UTC\ndefault_timezone = UTC\n"
    )
    ics = tmp_path / "hard.ics"
    ics.write_bytes(export(cli, HARD, "ics"))
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    khal = [sys.executable, "-m", "khal", "-c", str(config)]
    subprocess.run([*khal, "import", "--batch", str(ics)], env=env, check=True, timeout=120)
    listed = subprocess.run(
        [*khal, "list", "--once", "--day-format", "", "--format", "{uid}|{start}|{end}|{title}",
         "2021-01-01", "2027-01-01"],
        env=env, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    rows = {line.split("|")[0]: line.split("|", 3)[1:] for line in listed.stdout.splitlines()}
    assert rows["summer@chronology"][:2] == ["2021-06-01", "2021-08-31"]
    assert rows["span-days@chronology"][:2] == ["2026-01-20", "2026-01-21"]
    assert rows["dec-31@chronology"][:2] == ["2026-12-31", "2026-12-31"]
    assert rows["before-dst@chronology"][0] == "2026-03-08 06:30"
    assert rows["after-dst@chronology"][:2] == ["2026-03-08 07:30", "2026-03-08 08:15"]
    assert rows["kolkata@chronology"][:2] == ["2026-01-20 04:00", "2026-01-20 05:30"]
    injection = load(str(HARD)).get("injection")
    assert injection is not None
    assert rows["injection@chronology"][2] == injection.title


# ------------------------------------------------------------------ Markdown


def _markdown() -> MarkdownIt:
    return MarkdownIt("gfm-like")


@pytest.mark.parametrize("store", LITERAL)
def test_markdown_list_structure(cli: Cli, store: str) -> None:
    timeline = load(str(STORES[store]))
    tokens = _markdown().parse(export(cli, STORES[store], "md").decode())
    every = flat_tokens(tokens)
    assert not [t for t in every if t.type in ("html_block", "html_inline", "code_block", "fence")]
    items = [t for t in tokens if t.type == "list_item_open" and t.level == 1]
    assert len(items) == len(timeline.events)
    headings = [t for t in tokens if t.type == "heading_open"]
    assert headings[0].tag == "h1"
    assert {t.tag for t in headings[1:]} == {"h2"}
    links = [t.attrGet("href") for t in every if t.type == "link_open"]
    expected = [s.url.replace("(", "%28").replace(")", "%29") for e in timeline.events
                for s in e.sources]  # fmt: skip
    assert [str(h).replace("(", "%28").replace(")", "%29") for h in links] == expected
    lists = [t for t in tokens if t.type in ("bullet_list_open", "ordered_list_open")]
    years = [t for t in lists if t.level == 0]
    assert [t.type for t in years] == ["bullet_list_open"] * (len(headings) - 1)  # one a year
    written = sum(
        len(re.findall(r"(?m)^ *(?:-|[0-9]\.) ", e.summary or "")) for e in timeline.events
    )
    assert len([t for t in every if t.type == "list_item_open" and t.level > 1]) == written
    assert not [t for t in tokens if t.type in ("blockquote_open", "hr", "table_open")]


def test_markdown_text_is_literal(cli: Cli) -> None:
    tokens = _markdown().parse(export(cli, HARD, "md").decode())
    text = "".join(t.content for t in flat_tokens(tokens) if t.type in ("text", "code_inline"))
    assert "# <script>alert(1)</script> | *x* ; , \\ : [link](http://evil.example) `code`" in text
    assert "a list item: *not emphasis* <i>nor HTML</i>" in text
    assert "an ordered item # not a heading" in text
    assert "https://autolink.example www.example.com a@b.example" in text
    assert "<b>not bold</b> &amp;" in text


@pytest.mark.parametrize("store", STORES)
def test_markdown_table_structure(cli: Cli, store: str) -> None:
    timeline = load(str(STORES[store]))
    tokens = _markdown().parse(export(cli, STORES[store], "md", "--style", "table").decode())
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == len(timeline.events) + 1
    cells = [t for t in tokens if t.type in ("td_open", "th_open")]
    assert len(cells) == 4 * len(rows)
    body = [t for t in tokens if t.type == "inline" and t.level > 3]
    titles = [
        "".join(c.content for c in cell.children or [] if c.type in ("text", "code_inline"))
        for cell in body[4 + 1 :: 4]
    ]
    assert titles == [e.title for e in timeline.events]


def test_heading_level(cli: Cli) -> None:
    tokens = _markdown().parse(export(cli, BUNDLED, "md", "--heading-level", "3").decode())
    assert [t.tag for t in tokens if t.type == "heading_open"][:2] == ["h3", "h4"]


@pytest.mark.parametrize("store", STORES)
def test_mermaid_with_mermaid(cli: Cli, store: str) -> None:
    timeline = load(str(STORES[store]))
    text = export(cli, STORES[store], "md", "--style", "mermaid")
    assert text.startswith(b"```mermaid\n")
    assert text.endswith(b"\n```\n")
    parsed = node_oracle("mermaid_timeline.mjs", text)
    assert isinstance(parsed, dict)
    assert parsed["title"] == " ".join((timeline.title or "").split())
    events = [event for period in parsed["periods"] for event in period["events"]]
    assert events == [e.title for e in timeline.events]
    from itertools import groupby

    from chronology.renderers.markdown import period

    clock = choose_clock(None, timeline.timezone)  # the store's zone, as export's default

    expected = [
        (label, date)
        for label, group in groupby(timeline.events, key=lambda e: period(e, clock))
        for date, _ in groupby(group, key=lambda e: e.human_date(clock))
    ]
    assert [(p["section"], p["period"]) for p in parsed["periods"]] == expected


# ------------------------------------------------------------------ JSON and CSV


@pytest.mark.parametrize("store", STORES)
def test_json_document(cli: Cli, store: str) -> None:
    timeline = load(str(STORES[store]))
    document = json.loads(export(cli, STORES[store], "json"))
    markup = ["markup"] if timeline.markup != "text" else []
    assert list(document) == ["title", "description", "timezone", *markup, "events"]
    assert [e["id"] for e in document["events"]] == [e.id for e in timeline.events]
    for record, event in zip(document["events"], timeline.events, strict=True):
        assert record["title"] == event.title
        assert record["date"] == str(event.date)
        assert parse_date(record["date"]) == event.date
        assert set(record["span"]) == {
            "start", "end", "all_day", "precision", "approximate", "uncertain", "display",
        }  # fmt: skip


def test_json_span_values(cli: Cli) -> None:
    records = {e["id"]: e for e in json.loads(export(cli, HARD, "json"))["events"]}
    assert records["ides-of-march"]["span"]["start"] == "-0043-03-15"
    assert records["summer"]["span"] == {
        "start": "2021-06-01",
        "end": "2021-08-31",
        "all_day": True,
        "precision": "month",
        "approximate": False,
        "uncertain": False,
        "display": "Jun–Aug 2021",
    }
    assert records["ongoing"]["span"]["end"] is None
    assert records["after-dst"]["span"]["start"] == "2026-03-08T07:30:00Z"
    assert records["injection"]["sources"][0]["accessed"] == "2023-02-01"


@pytest.mark.parametrize("store", STORES)
def test_csv_document(cli: Cli, store: str) -> None:
    timeline = load(str(STORES[store]))
    data = export(cli, STORES[store], "csv").decode()
    assert "\r\n" in data
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert rows[0] == list(HEADER)
    assert len(rows) == len(timeline.events) + 1
    assert {len(r) for r in rows} == {len(HEADER)}
    dates = {r[0]: r[1] for r in rows[1:]}
    if store == "hard":
        assert dates["ides-of-march"] == "-0043-03-15"  # dates are never neutralised


def test_csv_neutralises_formulas(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        "events:\n"
        "  - {id: a, date: 2021, title: '=HYPERLINK(\"http://x\")', location: '+1',"
        " tags: ['-2', '@x'], summary: \"'quoted\"}\n"
    )
    rows = list(csv.reader(io.StringIO(export(cli, path, "csv").decode(), newline="")))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"] == '\'=HYPERLINK("http://x")'
    assert row["location"] == "'+1"
    assert row["tags"] == "'-2; @x"
    assert row["summary"] == "''quoted"
    assert row["date"] == "2021"


# ------------------------------------------------------------------ renderers as a library


def test_renderers_are_pure_functions() -> None:
    timeline = load(str(HARD))
    options = ExportOptions(dtstamp=0)
    for fmt in FORMATS:
        first = fmt.render(timeline, timeline.events, options)
        assert fmt.render(timeline, timeline.events, options) == first
        assert isinstance(first.text, str)


def test_empty_selection_exports_an_empty_document(cli: Cli) -> None:
    result = cli("export", "ics", "-f", str(BUNDLED), "--from", "2099")
    assert result.exit_code == 0
    assert "BEGIN:VEVENT" not in result.stdout
    assert result.stdout_bytes.endswith(b"END:VCALENDAR\r\n")
    assert "no events match" in result.stderr


def _event(title: str, **fields: object) -> Event:
    date = parse_date("2021-06-02")
    assert isinstance(date, Date)
    return Event(id="x", date=date, title=title, **fields)  # type: ignore[arg-type]


def test_show_and_library_event() -> None:
    event = _event("T", location="L")
    timeline = Timeline(events=(event,))
    assert lookup("json") is not None
    rendered = lookup("json").render(timeline, timeline.events, ExportOptions())  # type: ignore[union-attr]
    assert json.loads(rendered.text)["events"][0]["location"] == "L"


def test_markdown_lists_people_and_tags_and_tables_take_columns(cli: Cli) -> None:
    listed = export(cli, BUNDLED, "md", "--to", "2020").decode()
    assert "\n\n  People: Sachin Jain, Kemp Chester, Jorgan Andrews, Jennifer Hodge\n\n" in listed
    assert "\n\n  Tags: cnwg, meeting\n\n" in listed
    table = export(cli, BUNDLED, "md", "--style", "table", "--columns", "id,date,end,sources",
                   "--limit", "3").decode()  # fmt: skip
    tokens = _markdown().parse(table)
    cells = ["".join(c.content for c in t.children or []) for t in tokens if t.type == "inline"]
    assert cells[2:6] == ["ID", "Date", "End", "Sources"]
    assert cells[6:9] == ["cnwg-1", "24 Nov 2020", ""]
    assert cells[14:17] == ["cnwg-3", "7 Jul 2022", "8 Jul 2022"]
    links = [
        t for t in tokens if t.type == "inline" for t in t.children or [] if t.type == "link_open"
    ]
    assert len(links) == 4
    refused = cli("export", "md", "-f", str(BUNDLED), "--columns", "id,title")
    assert refused.exit_code == 2
    assert "--columns applies to markdown --style table" in refused.stderr


@pytest.mark.parametrize(
    "url",
    [
        "https://Example.org/x",
        "https://www.example.org",
        "https://user@host.example/x",
        "https://user:pw@host.example:8080/",
        "https://host.example:8080/x",
        "http://[2001:db8::1]/x",
        "https://host.example?q=1",
        "https://host.example#part",
        "https:///no-host",
        "mailto:someone@example.org",
    ],
)
def test_a_source_without_title_is_named_by_its_host(url: str) -> None:
    """The link text of an untitled source is the host urllib reads (without `www.`), or
    the address after `mailto:`, or the URL itself when it has no host."""
    from urllib.parse import urlsplit

    from chronology.model import Source
    from chronology.renderers.markdown import inline, link

    host = urlsplit(url).hostname
    if url.startswith("mailto:"):
        expected = url[len("mailto:") :]
    else:
        expected = host.removeprefix("www.") if host else url
    assert link(Source(url=url)) == f"[{inline(expected)}]({url})"
