"""`import` of chronology's own JSON export: export json → import → export json gives the
same bytes (x- keys included), through the same safe write path as .ics imports, with bad
records skipped and located."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from chronology.loader import load

from .conftest import BUNDLED, ROOT, Result

Cli = Callable[..., Result]

EXTENSIONS = """\
title: Extensions
timezone: Asia/Kolkata
markup: markdown
events:
  - id: a
    date: 2021-06-02
    title: First
    location: "NO"
    summary: "*emphasis*\\n\\n  indented line  \\n"
    x-note: {nested: [1, 2.5, true, null], "key with: colon": "va\\"lue", deep: {x: [[]]}}
    x-count: 15
    x-flag: "yes"
    x-text: |
      two
      lines
  - {id: b, date: 2021-06, end: 2021-08, title: Second,
     sources: [{url: "https://example.org", title: Source, accessed: 2021-09-01}]}
  - id: c
    date: 2026-01-20T09:30+05:30
    title: Third
    timezone: Asia/Kolkata
  - {id: d, date: "../2021", title: Open start, tags: [a b, "c,d"], people: ["O'Brien, Pat"]}
  - {id: e, date: "-0043-03-15/-0043-03-16", title: BC span}
"""


def _export(cli: Cli, store: Path, out: Path) -> bytes:
    result = cli("export", "json", "-f", str(store), "-o", str(out))
    assert result.exit_code == 0, result
    return out.read_bytes()


@pytest.mark.parametrize(
    "source", [BUNDLED, ROOT / "tests" / "fixtures" / "hard.yaml",
               ROOT / "tests" / "fixtures" / "markup.yaml", "extensions"],
)  # fmt: skip
def test_export_import_export_is_byte_identical(
    cli: Cli, tmp_path: Path, source: Path | str
) -> None:
    if source == "extensions":
        store = tmp_path / "extensions.yaml"
        store.write_text(EXTENSIONS, encoding="utf-8")
    else:
        assert isinstance(source, Path)
        store = source
    first = _export(cli, store, tmp_path / "first.json")
    fresh = tmp_path / "fresh.yaml"
    result = cli("import", str(tmp_path / "first.json"), "-f", str(fresh))
    assert result.exit_code == 0, result
    count = len(load(str(store)).events)
    assert f"{count} added, 0 updated, 0 unchanged, 0 skipped" in result.stderr
    assert _export(cli, fresh, tmp_path / "second.json") == first
    again = cli("import", str(tmp_path / "first.json"), "-f", str(fresh))
    assert f"0 added, 0 updated, {count} unchanged" in again.stderr


def test_x_keys_keep_their_data(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "extensions.yaml"
    store.write_text(EXTENSIONS, encoding="utf-8")
    _export(cli, store, tmp_path / "out.json")
    fresh = tmp_path / "fresh.yaml"
    assert cli("import", str(tmp_path / "out.json"), "-f", str(fresh)).exit_code == 0
    before, after = load(str(store)), load(str(fresh))
    assert after.get("a") == before.get("a").__class__(  # type: ignore[union-attr]
        **{**_fields(before.get("a")), "origin": after.get("a").origin}  # type: ignore[union-attr]
    )
    assert (after.title, after.timezone, after.markup) == ("Extensions", "Asia/Kolkata", "markdown")
    assert "timezone: Asia/Kolkata\n" in fresh.read_text()
    assert fresh.read_text().count("timezone:") == 1  # the events do not repeat the store's


def _fields(event: object) -> dict[str, object]:
    from dataclasses import fields

    return {f.name: getattr(event, f.name) for f in fields(event)}  # type: ignore[arg-type]


def test_into_an_existing_store_with_conflicts_and_dry_run(cli: Cli, tmp_path: Path) -> None:
    data = json.loads(_export(cli, BUNDLED, tmp_path / "all.json"))
    data["events"][0]["title"] = "Changed title"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    store = tmp_path / "events.yaml"
    store.write_bytes(BUNDLED.read_bytes())
    before = store.read_bytes()
    skipped = cli("import", str(changed), "-f", str(store))
    assert "0 added, 0 updated, 8 unchanged, 1 skipped" in skipped.stderr
    assert store.read_bytes() == before
    failed = cli("import", str(changed), "-f", str(store), "--on-conflict", "error")
    assert failed.exit_code == 1
    assert store.read_bytes() == before
    dry = cli("import", str(changed), "-f", str(store), "--on-conflict", "update", "--dry-run")
    assert dry.exit_code == 0, dry
    assert "title: Changed title" in dry.stdout
    assert store.read_bytes() == before
    done = cli("import", str(changed), "-f", str(store), "--on-conflict", "update")
    assert "0 added, 1 updated, 8 unchanged" in done.stderr
    assert load(str(store)).get("cnwg-1").title == "Changed title"  # type: ignore[union-attr]


def test_bad_records_are_skipped_and_located(cli: Cli, tmp_path: Path) -> None:
    _export(cli, BUNDLED, tmp_path / "all.json")
    lines = (tmp_path / "all.json").read_text().split("\n")
    records = [i for i, line in enumerate(lines) if line.startswith('    {"id": ')]
    lines[records[1]] = lines[records[1]].replace('"date": "2021-06-02"', '"date": "2021-02-30"')
    lines[records[2]] = lines[records[2]].replace('"title": "Third', '"title": null, "x": "')
    lines[records[3]] = lines[records[3]].replace('"url": "https://', '"url": "javascript://')
    bad = tmp_path / "bad.json"
    bad.write_text("\n".join(lines), encoding="utf-8")
    store = tmp_path / "new.yaml"
    result = cli("import", str(bad), "-f", str(store))
    assert result.exit_code == 0, result
    assert "6 added, 0 updated, 0 unchanged, 3 skipped" in result.stderr
    assert (
        f"skipped cnwg-2 ({bad}:{records[1] + 1}): '2021-02-30': day out of range" in result.stderr
    )
    assert f"skipped cnwg-3 ({bad}:{records[2] + 1}): 'title' must be non-empty text" in (
        result.stderr
    )
    assert f"({bad}:{records[3] + 1}): " in result.stderr
    assert len(load(str(store)).events) == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"events": [\n  {"id": "a",\n}', ":3:1: not JSON: Expecting property name"),
        ('{"title": "x"}', "not a chronology JSON export"),
        ("[1, 2]", "not a chronology JSON export"),
        (b"\xff\xfe", "is not UTF-8"),
    ],
)
def test_what_is_not_an_export_is_refused(
    cli: Cli, tmp_path: Path, content: str | bytes, message: str
) -> None:
    source = tmp_path / "in.json"
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    store = tmp_path / "store.yaml"
    result = cli("import", str(source), "-f", str(store))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not store.exists()


def test_format_by_option_and_expand_refused(cli: Cli, tmp_path: Path) -> None:
    _export(cli, BUNDLED, tmp_path / "all.json")
    renamed = tmp_path / "export.txt"
    renamed.write_bytes((tmp_path / "all.json").read_bytes())
    store = tmp_path / "s.yaml"
    assert cli("import", str(renamed), "-f", str(store)).exit_code == 1  # read as .ics
    ok = cli("import", str(renamed), "-f", str(store), "--from-format", "json")
    assert ok.exit_code == 0, ok
    refused = cli(
        "import", str(renamed), "--from-format", "json", "--expand", "2021", "-f", str(store)
    )
    assert refused.exit_code == 2
    assert "--expand applies to iCalendar files" in refused.stderr
