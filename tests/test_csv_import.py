"""`import` of CSV: chronology's own `export csv` (csv → import → csv gives the same bytes)
and a sheet made from Knight Lab's TimelineJS template (sheet → import → export
timelinejs gives the same slides), bad rows skipped and located."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from chronology.loader import load

from .conftest import BUNDLED, ROOT, Result

Cli = Callable[..., Result]

SHEET_COLUMNS = [
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background",
]  # fmt: skip
SHEET = [
    {"Headline": "Moon programmes", "Text": "From <i>Sputnik</i> to Artemis", "Type": "title"},
    {"Year": "1957", "Month": "10", "Day": "4", "Headline": "Sputnik 1", "Text": "A beep.",
     "Group": "USSR", "Media": "https://example.org/sputnik.jpg", "Media Credit": "NASA"},
    {"Year": "1969", "Month": "7", "Day": "20", "Time": "20:17", "Headline": "Apollo 11 lands",
     "Group": "USA", "Display Date": "20 July 1969, 20:17 UTC"},
    {"Year": "1961", "Month": "4", "Headline": "Vostok 1 (a month)", "Group": "USSR"},
    {"Year": "-44", "Month": "3", "Day": "15", "Headline": "Ides of March <script>"},
    {"Year": "1972", "End Year": "1975", "Headline": "Years", "Text": "line one\nline two"},
    {"Year": "abc", "Headline": "Bad year"},
    {"Month": "5", "Headline": "No year"},
    {"Year": "2000", "Headline": ""},
    {"Year": "2001", "Day": "3", "Headline": "Day without month"},
]  # fmt: skip


def _sheet(path: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, SHEET_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(SHEET)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


#: Cells a spreadsheet would evaluate, which `export csv` neutralises with a leading `'`.
FORMULAS = """\
timezone: Europe/Paris
events:
  - id: f
    date: 2021-06-02
    title: "=HYPERLINK(\\"https://evil.example\\")"
    location: "-5 m"
    summary: "+1 line\\n'quoted"
    tags: ["@home", "-minus"]
    people: ["'apostrophe"]
  - {id: g, date: 2021-06-03, title: Other, timezone: Asia/Kolkata}
"""
#: No store zone, and more events with a zone of their own than without: the new store
#: must not take one (its zone-less event would gain it).
MIXED = """\
events:
  - {id: a, date: 2021-06-02T10:00, title: A, timezone: Asia/Kolkata}
  - {id: b, date: 2021-06-03T10:00, title: B, timezone: Asia/Kolkata}
  - {id: c, date: 2021-06-04T10:00, title: C}
"""


@pytest.mark.parametrize(
    "store", [BUNDLED, ROOT / "tests" / "fixtures" / "hard.yaml",
              ROOT / "tests" / "fixtures" / "markup.yaml", "formulas", "mixed"],
)  # fmt: skip
@pytest.mark.parametrize("bom", [False, True])
def test_csv_import_export_is_byte_identical(
    cli: Cli, tmp_path: Path, store: Path | str, bom: bool
) -> None:
    if store in ("formulas", "mixed"):
        text = FORMULAS if store == "formulas" else MIXED
        store = tmp_path / "store.yaml"
        store.write_text(text, encoding="utf-8")
    assert isinstance(store, Path)
    first = tmp_path / "first.csv"
    args = ["--bom"] if bom else []
    assert cli("export", "csv", "-f", str(store), "-o", str(first), *args).exit_code == 0
    fresh = tmp_path / "fresh.yaml"
    result = cli("import", str(first), "-f", str(fresh))
    assert result.exit_code == 0, result
    assert f"{len(load(str(store)).events)} added" in result.stderr
    second = tmp_path / "second.csv"
    assert cli("export", "csv", "-f", str(fresh), "-o", str(second), *args).exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_a_timelinejs_sheet(cli: Cli, tmp_path: Path) -> None:
    sheet = _sheet(tmp_path / "sheet.csv")
    store = tmp_path / "space.yaml"
    result = cli("import", str(sheet), "-f", str(store))
    assert result.exit_code == 0, result
    assert "5 added, 0 updated, 0 unchanged, 4 skipped" in result.stderr
    for row, reason in [
        (8, "Year 'abc' is not a whole number"),
        (9, "Month, Day or Time without Year"),
        (10, "the 'Headline' column is empty"),
        (11, "Day without Month"),
    ]:
        assert f"({sheet}:{row}): {reason}" in result.stderr or f"{sheet}:{row}: {reason}" in (
            result.stderr
        ), (row, result.stderr)
    timeline = load(str(store))
    assert timeline.title == "Moon programmes"
    assert timeline.description == "From <i>Sputnik</i> to Artemis"
    dates = {e.title: (str(e.date), str(e.end) if e.end else None) for e in timeline.events}
    assert dates == {
        "Sputnik 1": ("1957-10-04", None),
        "Apollo 11 lands": ("1969-07-20T20:17", None),
        "Vostok 1 (a month)": ("1961-04", None),
        "Ides of March <script>": ("-0043-03-15", None),
        "Years": ("1972", "1975"),
    }
    sputnik = next(e for e in timeline.events if e.title == "Sputnik 1")
    assert sputnik.tags == ("USSR",)
    assert [s.url for s in sputnik.sources] == ["https://example.org/sputnik.jpg"]
    assert dict(sputnik.extensions) == {"x-media-credit": "NASA"}
    # back out as TimelineJS: the same slides
    exported = cli("export", "timelinejs", "-f", str(store), "--group-by", "tag")
    assert exported.exit_code == 0, exported
    slides = {s["text"]["headline"]: s for s in json.loads(exported.stdout)["events"]}
    for row in SHEET[1:6]:
        slide = slides[row["Headline"].replace("<", "&lt;").replace(">", "&gt;")]
        wanted = {k: int(row[c]) for k, c in (("year", "Year"), ("month", "Month"),
                  ("day", "Day")) if row.get(c)}  # fmt: skip
        if row.get("Time"):
            hour, minute = row["Time"].split(":")
            wanted |= {"hour": int(hour), "minute": int(minute)}
        assert slide["start_date"] == wanted, slide
        if row.get("End Year"):
            assert slide["end_date"] == {"year": int(row["End Year"])}
        assert slide.get("group") == (row.get("Group") or "(no tag)")
        if row.get("Display Date"):
            assert slide["display_date"] == row["Display Date"]
    assert json.loads(exported.stdout)["title"]["text"]["headline"] == "Moon programmes"


def test_what_is_not_a_known_csv_is_refused(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("name,born\nAda,1815\n", encoding="utf-8")
    store = tmp_path / "s.yaml"
    result = cli("import", str(source), "-f", str(store))
    assert result.exit_code == 1
    assert f"{source}:1: not an export of chronology" in result.stderr
    assert not store.exists()


def test_bad_rows_of_an_export_are_skipped(cli: Cli, tmp_path: Path) -> None:
    first = tmp_path / "all.csv"
    assert cli("export", "csv", "-f", str(BUNDLED), "-o", str(first)).exit_code == 0
    rows = list(csv.reader(io.StringIO(first.read_text(encoding="utf-8"), newline="")))
    rows[2][1] = "2021-02-30"  # cnwg-2's date
    rows[3][0] = "bad id!"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    bad = tmp_path / "bad.csv"
    bad.write_text(buffer.getvalue(), encoding="utf-8")
    store = tmp_path / "s.yaml"
    result = cli("import", str(bad), "-f", str(store))
    assert result.exit_code == 0, result
    assert "7 added, 0 updated, 0 unchanged, 2 skipped" in result.stderr
    assert "cnwg-2 (" in result.stderr
    assert "'2021-02-30': day out of range" in result.stderr
    assert "id 'bad id!' must use only" in result.stderr
