"""`export timelinejs`, loaded into TimelineJS3 itself (@knight-lab/timelinejs from npm,
served from local files) in headless Chromium: every slide there, in order, with the dates
and display dates TimelineJS reads, user text shown as text, and no console error."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from chronology.dates import zone_named
from chronology.loader import load
from chronology.renderers.timelinejs import slide_date

from . import browser
from .conftest import BUNDLED, ROOT, Result

HARD = ROOT / "tests" / "fixtures" / "hard.yaml"
MARKUP = ROOT / "tests" / "fixtures" / "markup.yaml"
TIMELINEJS = ROOT / "tests" / "js" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
Cli = Callable[..., Result]

#: What TimelineJS made of the document: its slides, and each event as it reads it.
_READ = """
const t = window.timeline;
return {
  slides: t._storyslider._slides.length,
  headlines: Array.from(document.querySelectorAll('.tl-slide .tl-headline'))
    .map((h) => h.textContent),
  scripts: document.querySelectorAll('script').length,
  links: Array.from(document.querySelectorAll('.tl-slide a')).map((a) => a.href),
  events: t.config.events.map((e) => ({
    id: e.unique_id,
    start: e.start_date.data,
    end: e.end_date ? e.end_date.data : null,
    time: e.start_date.getTime(),
    display: e.display_date,
    group: e.group || null,
  })),
};
"""


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    if not (TIMELINEJS / "js" / "timeline.js").exists():
        message = "TimelineJS missing: run 'npm ci --prefix tests/js'"
        if os.environ.get("CHRONOLOGY_REQUIRE_ORACLES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with browser.chromium() as driver:
        yield driver


def _load(chrome: Any, cli: Cli, tmp_path: Path, store: Path, *args: str) -> dict[str, Any]:
    result = cli("export", "timelinejs", "-f", str(store), *args)
    assert result.exit_code == 0, result
    document = result.stdout
    json.loads(document)  # valid JSON
    # its own files, and no web font (TimelineJS fetches those from the network)
    options = json.dumps({"script_path": (TIMELINEJS / "js").as_uri() + "/", "font": None})
    page = tmp_path / "timeline.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<link rel='stylesheet' href='{(TIMELINEJS / 'css' / 'timeline.css').as_uri()}'>"
        f"<script src='{(TIMELINEJS / 'js' / 'timeline.js').as_uri()}'></script></head>"
        "<body><div id='embed' style='width:1000px;height:640px'></div><script>"
        f"window.timeline = new TL.Timeline('embed', {document.replace('</', '<' + chr(92) + '/')},"
        f" {options});</script></body></html>",
        encoding="utf-8",
    )
    browser.console_errors(chrome)
    browser.requests(chrome)
    chrome.get(page.as_uri())
    chrome.execute_async_script(
        "const done = arguments[0];"
        "const wait = () => window.timeline && window.timeline._storyslider ? done()"
        " : setTimeout(wait, 20);"
        "wait();"
    )
    browser.next_frame(chrome)
    read: dict[str, Any] = chrome.execute_script(_READ)
    assert browser.console_errors(chrome) == []
    assert all(url.startswith("file://") for url in browser.requests(chrome))
    return read


@pytest.mark.parametrize("store", [BUNDLED, HARD, MARKUP])
def test_timelinejs_reads_every_slide(chrome: Any, cli: Cli, tmp_path: Path, store: Path) -> None:
    timeline = load(str(store))
    read = _load(chrome, cli, tmp_path, store)
    assert read["slides"] == len(timeline.events) + 1  # the title slide first
    assert read["scripts"] == 2  # TimelineJS and the page's own: none from the store
    events = {e.id: e for e in timeline.events}
    assert sorted(r["id"] for r in read["events"]) == sorted(events)
    # TimelineJS's order is chronology's wherever the start differs
    order = [e.id for e in timeline.events]
    times = {r["id"]: r["time"] for r in read["events"]}
    assert [r["id"] for r in read["events"]] == sorted(
        order, key=lambda i: (times[i], order.index(i))
    )
    clock = None
    for entry in read["events"]:
        event = events[entry["id"]]
        from chronology.renderers import ExportOptions

        clock = clock or ExportOptions().clock_for(timeline)
        assert entry["display"] == event.human_date(clock)
        first, last = event.first, event.last
        start = first if first is not None else last
        assert start is not None
        wanted = slide_date(start, event.timezone, clock, end=False)
        assert {k: v for k, v in entry["start"].items() if k in wanted} == wanted
        assert set(wanted) <= set(entry["start"])
        if start.year <= 0:
            assert entry["start"]["year"] == start.year - 1  # 44 BC is -44 to TimelineJS
        if start.timed and clock.zone is not None:  # the wall clock, read by the standard library
            zone = zone_named(event.timezone) if event.timezone else None
            wall = datetime.fromtimestamp(start.instant_bounds(zone)[0], clock.zone)
            parts = (wall.year, wall.month, wall.day, wall.hour, wall.minute)
            assert (
                tuple(entry["start"][k] for k in ("year", "month", "day", "hour", "minute"))
                == parts
            )
    for event in timeline.events:
        assert " ".join(event.title.split()) in read["headlines"]
    assert all(link.split(":")[0] in ("http", "https", "mailto") for link in read["links"])


def test_groups_and_parts(chrome: Any, cli: Cli, tmp_path: Path) -> None:
    read = _load(chrome, cli, tmp_path, BUNDLED, "--group-by", "tag")
    timeline = load(str(BUNDLED))
    for entry in read["events"]:
        event = timeline.get(entry["id"])
        assert event is not None
        assert entry["group"] == (event.tags[0] if event.tags else "(no tag)")
    month = next(r for r in read["events"] if r["id"] == "modi-state-visit-2023")
    assert "day" not in month["start"]  # a month has no day
    assert (month["start"]["year"], month["start"]["month"]) == (2023, 6)
