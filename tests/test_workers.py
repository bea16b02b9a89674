"""Exports written in runs: by parts of a `Document`, and by child processes (`workers`)."""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronology.loader import load
from chronology.model import Event, Timeline
from chronology.progress import Progress
from chronology.renderers import ExportOptions, lookup, workers

from .conftest import BUNDLED, ROOT

HARD = ROOT / "tests" / "fixtures" / "hard.yaml"
MARKUP = ROOT / "tests" / "fixtures" / "markup.yaml"
#: Every format written in runs, in the variants whose heads, bodies and tails differ.
VARIANTS = [
    ("markdown", ExportOptions(style="list")),
    ("markdown", ExportOptions(style="list", heading_level=3, partial="2 events left out")),
    ("markdown", ExportOptions(style="table", columns=("date", "title", "summary", "sources"))),
    ("markdown", ExportOptions(style="mermaid")),
    ("ics", ExportOptions(dtstamp=0)),
    ("ics", ExportOptions(imprecise="skip", partial="left out")),
    ("ics", ExportOptions(imprecise="start")),
    ("json", ExportOptions()),
    ("json", ExportOptions(partial="left out")),
    ("csv", ExportOptions()),
    ("csv", ExportOptions(bom=True)),
]
NAMES = [f"{name}-{i}" for i, (name, _) in enumerate(VARIANTS)]


def _pool() -> Timeline:
    """Events of every kind the fixtures hold (partial, open, timed, zoned, before year 1,
    markup), with many on the same day and in the same year, in store order."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import generate

    path = ROOT / "tests" / "artefacts"
    path.mkdir(exist_ok=True)
    generated = path / "workers-store.yaml"
    generated.write_text(generate(120), encoding="utf-8")
    events: list[Event] = []
    for store in (HARD, BUNDLED, generated):
        events.extend(load(str(store)).events)
    twins = [dataclasses.replace(e, id=e.id + "-twin", title="Twin") for e in events[:12]]
    ordered = sorted(events + twins, key=Event.sort_key)
    return Timeline(events=tuple(ordered), title="Pool", description="Every kind.\n\nTwo.")


POOL = _pool()
UNTITLED = dataclasses.replace(POOL, title=None, description=None)
#: CommonMark summaries; every fifth holds code that cannot be written back (a note each).
MARKED = dataclasses.replace(
    POOL,
    markup="markdown",
    events=tuple(
        dataclasses.replace(e, summary="Code: `a\x01b`") if i % 5 == 0 else e
        for i, e in enumerate(POOL.events + load(str(MARKUP)).events)
    ),
)


def _in_runs(name: str, options: ExportOptions, timeline: Timeline, cuts: list[int]) -> tuple:
    """The document written as head, one run between each two cuts, and tail."""
    chosen = lookup(name)
    assert chosen is not None
    events = timeline.events
    document = chosen.document(timeline, events, options)
    assert document is not None
    notes: list[str] = []
    pieces = list(document.head(notes))
    bounds = [0, *cuts, len(events)]
    for start, end in pairwise(bounds):
        after = events[start - 1] if start else None
        pieces.extend(document.body(events[start:end], after, notes))
    pieces.extend(document.tail())
    return "".join(pieces), notes


def _whole(name: str, options: ExportOptions, timeline: Timeline) -> tuple:
    chosen = lookup(name)
    assert chosen is not None
    rendered = chosen.render(timeline, timeline.events, options)
    return rendered.text, list(rendered.notes)


@pytest.mark.parametrize(("name", "options"), VARIANTS, ids=NAMES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_runs_written_apart_join_into_the_document_written_whole(
    name: str, options: ExportOptions, data: st.DataObject
) -> None:
    """Cut anywhere (after any event, on the same day or year as the next, at the start
    or the end, twice in one place), the runs join into the same bytes and notes."""
    timeline = data.draw(st.sampled_from([POOL, UNTITLED, MARKED]))
    count = len(timeline.events)
    cuts = sorted(data.draw(st.lists(st.integers(0, count), max_size=6)))
    assert _in_runs(name, options, timeline, cuts) == _whole(name, options, timeline)


def test_the_pool_has_what_the_runs_must_carry_across_a_cut() -> None:
    """The cases above can fail: notes (events ics cannot hold, summaries written literally),
    same-day and same-year neighbours for Mermaid and the list's headings."""
    assert _whole("ics", ExportOptions(imprecise="skip"), POOL)[1]
    assert _whole("markdown", ExportOptions(), MARKED)[1]
    diagram = _whole("markdown", ExportOptions(style="mermaid"), POOL)[0]
    assert "\n                : Twin" in diagram


def test_an_empty_selection_is_the_same_in_runs() -> None:
    empty = dataclasses.replace(POOL, events=())
    for name, options in VARIANTS:
        assert _in_runs(name, options, empty, []) == _whole(name, options, empty)


# ------------------------------------------------------------ child processes


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Runs of a few events, in four processes whatever the machine has."""
    if not sys.platform.startswith("linux"):
        pytest.skip("children are forked on Linux only")
    monkeypatch.setattr(workers, "processes", lambda count: min(4, max(1, count // 10)))
    yield
    with pytest.raises(ChildProcessError):  # every child was waited for
        os.waitpid(-1, os.WNOHANG)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _written(name: str, options: ExportOptions, timeline: Timeline) -> tuple:
    chosen = lookup(name)
    assert chosen is not None
    notes: list[str] = []
    progress = Progress("test", len(timeline.events), stream=_Terminal())
    with workers.written(
        chosen, timeline, timeline.events, options, notes=notes, progress=progress
    ) as pieces:
        text = "".join(pieces)
    assert progress.done == len(timeline.events)
    return text, notes


@pytest.mark.parametrize(("name", "options"), VARIANTS, ids=NAMES)
@pytest.mark.parametrize("timeline", [POOL, UNTITLED, MARKED], ids=["pool", "untitled", "marked"])
def test_children_write_the_document_written_whole(
    forked: None, name: str, options: ExportOptions, timeline: Timeline
) -> None:
    assert _written(name, options, timeline) == _whole(name, options, timeline)


def test_the_fixture_runs_children(forked: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests above go through children, and their runs are taken from their files:
    each child's report is accepted (a child that reported wrongly would still give the
    right document, written here instead)."""
    reports = []
    original = workers._report

    def report(child: workers._Child) -> list[str] | None:
        pid = child.pid
        found = original(child)
        reports.append((pid, found))
        return found

    monkeypatch.setattr(workers, "_report", report)
    _written("json", ExportOptions(), POOL)  # a piece per event: many in a run
    _written("ics", ExportOptions(imprecise="skip"), POOL)
    assert len(reports) == 6
    assert all(pid is not None and found is not None for pid, found in reports), reports
    assert any(found for _, found in reports)  # notes came from a child


def _fails(document: object, events: object, start: int, end: int, child: object) -> None:
    os._exit(3)


def _lies(document: object, events: object, start: int, end: int, child: object) -> None:
    """Writes a little and reports more than it wrote (the CRC-32 of what it wrote)."""
    import zlib

    os.write(child.out.fileno(), b"partial")  # type: ignore[attr-defined]
    report = f'{{"notes": [], "bytes": 8, "crc32": {zlib.crc32(b"partial")}}}'
    os.write(child.report.fileno(), report.encode())  # type: ignore[attr-defined]
    os._exit(0)


def _corrupts(document: object, events: object, start: int, end: int, child: object) -> None:
    """Reports the length and CRC-32 of other bytes than it wrote."""
    import zlib

    os.write(child.out.fileno(), b"x" * 100)  # type: ignore[attr-defined]
    report = f'{{"notes": [], "bytes": 100, "crc32": {zlib.crc32(b"y" * 100)}}}'
    os.write(child.report.fileno(), report.encode())  # type: ignore[attr-defined]
    os._exit(0)


def _garbles(document: object, events: object, start: int, end: int, child: object) -> None:
    os.write(child.report.fileno(), b"{not json")  # type: ignore[attr-defined]
    os._exit(0)


@pytest.mark.parametrize("child", [_fails, _lies, _corrupts, _garbles])
@pytest.mark.parametrize("name", ["markdown", "ics"])
def test_a_child_that_does_not_finish_its_run_is_replaced_by_this_process(
    forked: None, monkeypatch: pytest.MonkeyPatch, child: object, name: str
) -> None:
    monkeypatch.setattr(workers, "_write_run", child)
    options = ExportOptions(imprecise="skip")
    assert _written(name, options, POOL) == _whole(name, options, POOL)


def test_a_run_that_cannot_fork_is_written_here(
    forked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _written("csv", ExportOptions(), POOL) == _whole("csv", ExportOptions(), POOL)


def _sleeps(document: object, events: object, start: int, end: int, child: object) -> None:
    import time

    time.sleep(60)
    os._exit(0)


@pytest.mark.parametrize("child", [None, _sleeps])
def test_children_are_stopped_when_the_document_is_left_half_read(
    forked: None, monkeypatch: pytest.MonkeyPatch, child: object
) -> None:
    """A failed write (a full disk, ^C) stops the children at once, not when they are done;
    the fixture checks that each was waited for."""
    import time

    if child is not None:
        monkeypatch.setattr(workers, "_write_run", child)
    chosen = lookup("markdown")
    assert chosen is not None
    began = time.monotonic()

    def half_read() -> None:
        with workers.written(
            chosen, POOL, POOL.events, ExportOptions(), notes=[], progress=Progress("x")
        ) as pieces:
            next(pieces)
            raise KeyError("the writer failed")

    with pytest.raises(KeyError):
        half_read()
    assert time.monotonic() - began < 30  # a child left to finish takes 60 s


def test_the_cli_writes_the_same_file_from_several_processes(
    forked: None, cli, tmp_path: Path
) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import generate

    store = tmp_path / "events.yaml"
    store.write_text(generate(200), encoding="utf-8")
    for fmt in ("md", "ics", "json", "csv", "html"):
        out = tmp_path / f"out.{fmt}"
        result = cli("export", fmt, "-f", str(store), "-o", str(out))
        assert result.exit_code == 0, result
        whole = cli("export", fmt, "-f", str(store))
        assert out.read_bytes() == whole.stdout_bytes


def test_processes_follow_the_processors_this_process_may_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert workers.processes(100_000) == 3
    assert workers.processes(3 * workers.RUN - 1) == 2
    assert workers.processes(workers.RUN - 1) == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert workers.processes(10**9) == workers.MOST
    monkeypatch.setattr(sys, "platform", "darwin")
    assert workers.processes(100_000) == 1
