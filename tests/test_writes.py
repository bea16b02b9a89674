"""Changing a store: add, import and edit never lose or corrupt a byte (SPEC §4)."""

from __future__ import annotations

import difflib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronology.errors import ChronologyError
from chronology.loader import check, load

from .conftest import BUNDLED, ROOT, Result

Cli = Callable[..., Result]

HAND_WRITTEN = """\
# A store written by hand: comments, odd quoting, blank lines, flow and block styles.
title:   'Hand-written'   # the title
timezone: "Asia/Kolkata"

events:

  # first of all
  - id: one
    date: 2021-06-02      # an unquoted date
    title: "Quoted \\"title\\""
    tags: [ a,  b ]

  - id: 'two'
    date: '2021-07'
    title: >-
      Folded
      title
    summary: |+
      Kept trailing newlines


  # a comment between events

  - {id: three, date: 2022, title: Flow mapping}
    # trailing comment inside the list

# after the list
description: |
  The description comes last.
x-notes: keep me
"""


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]


def test_add_keeps_every_existing_byte(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(HAND_WRITTEN)
    args = ["--date", "2023-01-05", "--title", "New: one", "--tag", "x"]
    args += ["--summary", "Two\nlines", "--source", "https://example.org"]
    result = cli("add", "-f", str(path), *args)
    assert result.exit_code == 0, result
    assert result.stdout == "2023-01-05-new-one\n"
    after = path.read_text()
    changes = _diff(HAND_WRITTEN, after)
    assert all(line.startswith("+") for line in changes), changes
    # One contiguous block of new lines; every other byte is where it was.
    matcher = difflib.SequenceMatcher(a=HAND_WRITTEN, b=after, autojunk=False)
    opcodes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    assert [op[0] for op in opcodes] == ["insert"]
    _, _, _, j1, j2 = opcodes[0]
    assert after[:j1] + after[j2:] == HAND_WRITTEN
    before_events = load(str(tmp_path / "events.yaml")).events
    assert [e.id for e in before_events][-1] == "2023-01-05-new-one"
    summary = next(e for e in before_events if e.id == "two").summary
    assert summary == "Kept trailing newlines"


def test_add_is_inserted_at_the_end_of_the_list(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(HAND_WRITTEN)
    cli("add", "-f", str(path), "--date", "2023", "--title", "Last", "--id", "last")
    lines = path.read_text().splitlines()
    assert lines.index("  - id: last") > lines.index(
        "  - {id: three, date: 2022, title: Flow mapping}"
    )
    assert lines.index("  - id: last") < lines.index("# after the list")


@pytest.mark.parametrize(
    ("text", "expected_tail"),
    [
        ("events: []\n", "events: [{id: a, date: \"2021\", title: A}]\n"),
        ("- id: x\n  date: 2020\n  title: X\n", "- id: a\n  date: 2021\n  title: A\n"),
        ("title: T\r\nevents:\r\n  - id: x\r\n    date: 2020\r\n    title: X\r\n",
         "  - id: a\r\n    date: 2021\r\n    title: A\r\n"),
        ("title: T\n", "title: T\nevents:\n  - id: a\n    date: 2021\n    title: A\n"),
        ("title: T\nevents:\n", "events:\n  - id: a\n    date: 2021\n    title: A\n"),
        ("events:\n- id: x\n  date: 2020\n  title: X",
         "  title: X\n- id: a\n  date: 2021\n  title: A\n"),
    ],
    ids=["flow", "bare-list", "crlf", "no-events-key", "empty-events", "no-final-newline"],
)  # fmt: skip
def test_add_shapes(cli: Cli, tmp_path: Path, text: str, expected_tail: str) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes(text.encode())
    result = cli("add", "-f", str(path), "--date", "2021", "--title", "A", "--id", "a")
    assert result.exit_code == 0, result
    data = path.read_bytes().decode()
    assert data.endswith(expected_tail), data
    assert load(str(path)).get("a") is not None


def test_add_creates_a_new_store(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "project-history.yaml"
    result = cli("add", "-f", str(path), "--date", "2021-06", "--title", "Start")
    assert result.exit_code == 0, result
    assert path.read_text() == (
        "title: Project history\nevents:\n  - id: 2021-06-start\n    date: 2021-06\n"
        "    title: Start\n"
    )


def test_add_quotes_what_needs_quoting(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("events:\n")
    awkward = ["no", "true", "12:30", "- dash", "#hash", "a: b", "'quote", '"dq', "[x]"]
    awkward += ["tab\there", "trailing ", " leading", "😀 emoji", "line\u2028sep", "\x1bescape"]
    for i, text in enumerate(awkward):
        result = cli("add", "-f", str(path), "--date", "2021", "--title", f"T{i}", "--id", f"e{i}",
                     "--location", text, "--tag", text, "--person", text)  # fmt: skip
        assert result.exit_code == 0, (text, result)
    timeline = load(str(path))
    for i, text in enumerate(awkward):
        event = timeline.get(f"e{i}")
        assert event is not None
        assert (event.location, event.tags, event.people) == (text, (text,), (text,))


def test_generated_ids_are_unique(cli: Cli, tmp_path: Path) -> None:
    path = str(tmp_path / "events.yaml")
    ids = [cli("add", "-f", path, "--date", "2021-06-02", "--title", "Same title", "--force")
           .stdout.strip() for _ in range(3)]  # fmt: skip
    assert ids == ["2021-06-02-same-title", "2021-06-02-same-title-2", "2021-06-02-same-title-3"]
    # another title with the same words is no duplicate, but its id is taken
    other = cli("add", "-f", path, "--date", "2021-06-02", "--title", "Same title!").stdout
    assert other == "2021-06-02-same-title-4\n"
    bc = cli("add", "-f", path, "--date", "-0043-03-15", "--title", "Ides of March").stdout
    assert bc == "44bc-03-15-ides-of-march\n"
    odd = cli("add", "-f", path, "--date", "201X", "--title", "会議").stdout
    assert odd == "201x-huiyi\n"


def test_dry_run_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(HAND_WRITTEN)
    result = cli("add", "-f", str(path), "--date", "2021", "--title", "Dry", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == "\n  - id: 2021-dry\n    date: 2021\n    title: Dry\n"
    assert path.read_text() == HAND_WRITTEN


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2021-02-30", "--title", "T"], "new event: error[bad-date]"),
        (["--date", "2021", "--title", "T", "--end", "2020"], "new event: error[end-before-start]"),
        (["--date", "2021", "--title", "T", "--source", "ftp://x"], "new event: error[bad-url]"),
        (["--date", "2021", "--title", "T", "--id", "one"], "error[duplicate-id]"),
        (["--date", "2021", "--title", " "], "new event: error[empty-title]"),
        (["--date", "2021", "--title", "T", "--timezone", "Mars/Base"], "error[bad-timezone]"),
    ],
)
def test_validation_gate_for_add(cli: Cli, tmp_path: Path, args: list[str], message: str) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(HAND_WRITTEN)
    result = cli("add", "-f", str(path), *args)
    assert result.exit_code == 1, result
    assert message in result.stderr
    assert "nothing was done" in result.stderr
    assert path.read_text() == HAND_WRITTEN
    assert sorted(p.name for p in tmp_path.iterdir()) == [".events.yaml.lock", "events.yaml"]


def test_add_refuses_an_already_invalid_store(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("events:\n  - id: a\n    date: 2021-13\n    title: A\n")
    result = cli("add", "-f", str(path), "--date", "2021", "--title", "B")
    assert result.exit_code == 1
    assert f"{path}:3:11: error[bad-date]" in result.stderr
    assert "2021-b" not in path.read_text()


def test_directory_store_needs_a_file(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "a.yaml").write_text("events:\n  - {id: x, date: 2021, title: X}\n")
    result = cli("add", "-f", str(store), "--date", "2022", "--title", "Y")
    assert result.exit_code == 2
    assert "--into FILE" in result.stderr
    clash = cli("add", "-f", str(store), "--into", str(store / "b.yaml"),
                "--date", "2022", "--title", "Y", "--id", "x")  # fmt: skip
    assert clash.exit_code == 1
    assert "duplicate-id" in clash.stderr
    assert not (store / "b.yaml").exists()
    ok = cli("add", "-f", str(store), "--into", str(store / "b.yaml"), "--date", "2022",
             "--title", "Y")  # fmt: skip
    assert ok.exit_code == 0, ok
    assert len(load(str(store))) == 2


def test_permissions_and_symlinks_are_kept(cli: Cli, tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("events: []\n")
    real.chmod(0o640)
    link = tmp_path / "events.yaml"
    link.symlink_to(real)
    result = cli("add", "-f", str(link), "--date", "2021", "--title", "A")
    assert result.exit_code == 0, result
    assert link.is_symlink()
    assert real.stat().st_mode & 0o777 == 0o640
    assert "2021-a" in real.read_text()


def test_read_only_file_is_left_alone(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("events: []\n")
    path.chmod(0o444)
    result = cli("add", "-f", str(path), "--date", "2021", "--title", "A")
    assert result.exit_code == 1
    assert "read-only" in result.stderr
    assert path.read_text() == "events: []\n"


def test_a_failing_write_leaves_the_original(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(HAND_WRITTEN)

    def full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    result = cli("add", "-f", str(path), "--date", "2021", "--title", "A")
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert path.read_text() == HAND_WRITTEN
    assert sorted(p.name for p in tmp_path.iterdir()) == [".events.yaml.lock", "events.yaml"]


def _chronology(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chronology", *args],
        capture_output=True, text=True, timeout=60, check=False, **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs RLIMIT_FSIZE")
def test_full_disk_leaves_the_original(tmp_path: Path) -> None:
    import resource

    path = tmp_path / "events.yaml"
    path.write_text(HAND_WRITTEN)
    limit = len(HAND_WRITTEN.encode()) + 20

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "chronology", "add", "-f", str(path), "--date", "2021",
         "--title", "A long enough title to go past the limit"],
        capture_output=True, text=True, timeout=60, check=False, preexec_fn=small_disk,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "File too large" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_text() == HAND_WRITTEN
    assert sorted(p.name for p in tmp_path.iterdir()) == [".events.yaml.lock", "events.yaml"]


# ------------------------------------------------------------------ crashes and concurrency

ADDER = """\
import sys
from chronology.add import add_events
from chronology.emit import NewEvent

path, start, stop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(start, stop):
    event = NewEvent(id=f"e{i:04d}", date="2021-06-02", title=f"Event {i}", summary="x " * 200)
    add_events([path], path, [event])
    print(i, flush=True)
"""


def test_kill_at_random_moments_leaves_a_valid_prefix(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(HAND_WRITTEN)
    script = tmp_path / "adder.py"
    script.write_text(ADDER)
    rng = random.Random(20261129)
    intended = [f"e{i:04d}" for i in range(5000)]
    done = 0
    kills = 0
    while kills < 30:
        process = subprocess.Popen(
            [sys.executable, str(script), str(path), str(done), "5000"],
            stdout=subprocess.DEVNULL, cwd=ROOT,
        )  # fmt: skip
        time.sleep(rng.uniform(0.05, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += 1
        timeline, problems = check([str(path)])
        assert not [p for p in problems if p.is_error], problems
        added = [e.id for e in timeline.events if e.id.startswith("e")]
        assert sorted(added) == intended[: len(added)]
        assert path.read_text().startswith(HAND_WRITTEN[:400])
        done = len(added)
    assert 0 < done < 5000


def test_concurrent_adds_all_land_once(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("title: Busy\nevents: []\n")
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(f"""
                from chronology.add import add_events
                from chronology.ids import new_id
                from chronology.emit import NewEvent
                for i in range(8):
                    add_events([{str(path)!r}], {str(path)!r}, make=lambda t, i=i: [NewEvent(
                        id=new_id("2021", "Same title", {{e.id for e in t.events}}),
                        date="2021", title="Same title", summary="w{w}-" + str(i))])
                """)],
            cwd=ROOT,
        )
        for w in range(4)
    ]  # fmt: skip
    for process in processes:
        assert process.wait(timeout=120) == 0
    timeline = load(str(path))
    assert len(timeline) == 32
    assert len({e.id for e in timeline.events}) == 32
    assert sorted(e.summary or "" for e in timeline.events) == sorted(
        f"w{w}-{i}" for w in range(4) for i in range(8)
    )


# ------------------------------------------------------------------ import

FOREIGN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nX-WR-CALNAME:Foreign\r\n"
    "BEGIN:VEVENT\r\nUID:{040000008200E00074C5B7101A82E008}\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;TZID=America/New_York:20260308T013000\r\nDTEND;TZID=America/New_York:20260308T033000\r\n"
    "SUMMARY:Across the change\r\nLOCATION:NYC\r\nCATEGORIES:a,b\r\nCATEGORIES:c\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:allday@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;VALUE=DATE:20260120\r\nDTEND;VALUE=DATE:20260122\r\nSUMMARY:Two days\r\n"
    "DESCRIPTION:Line one\\nLine two\\, with comma\r\nURL:https://example.org/x\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:floating@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART:20260401T090000\r\nDURATION:PT90M\r\nSUMMARY:Floating\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:utc@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART:20260401T090015Z\r\nSUMMARY:UTC instant\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:weekly@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART:20260401T090000Z\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Weekly\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:broken@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART:2026XX\r\nSUMMARY:Broken\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:untitled@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_import_maps_foreign_events(cli: Cli, tmp_path: Path) -> None:
    ics = tmp_path / "in.ics"
    ics.write_text(FOREIGN, newline="")
    path = tmp_path / "events.yaml"
    result = cli("import", str(ics), "-f", str(path))
    assert result.exit_code == 0, result
    assert "5 added, 0 updated, 0 unchanged, 2 skipped" in result.stderr
    assert (
        "note: weekly@example.com: a recurring event, read as its first occurrence "
        "(2026-04-01T09:00Z); its rule is kept in x-rrule" in result.stderr
    )
    assert "skipped broken@example.com: malformed" in result.stderr
    assert "skipped untitled@example.com: no SUMMARY" in result.stderr
    timeline = load(str(path))
    assert timeline.title == "Foreign"
    assert [e.id for e in timeline.events] == [
        "allday", "2026-03-08-across-the-change-76848e", "weekly", "floating", "utc",
    ]  # fmt: skip
    across = timeline.events[1]
    assert (str(across.date), str(across.end), across.timezone) == (
        "2026-03-08T01:30", "2026-03-08T03:30", "America/New_York",
    )  # fmt: skip
    assert across.hi - across.lo == 3600 + 60  # one real hour across the change (+ its minute)
    assert across.tags == ("a", "b", "c")
    two = timeline.get("allday")
    assert two is not None
    assert (str(two.date), str(two.end), two.summary) == (
        "2026-01-20", "2026-01-21", "Line one\nLine two, with comma",
    )  # fmt: skip
    assert [s.url for s in two.sources] == ["https://example.org/x"]
    floating = timeline.get("floating")
    assert floating is not None
    assert (str(floating.date), str(floating.end)) == ("2026-04-01T09:00", "2026-04-01T10:30")
    utc = timeline.get("utc")
    assert utc is not None
    assert str(utc.date) == "2026-04-01T09:00:15Z"
    again = cli("import", str(ics), "-f", str(path))
    assert "0 added, 0 updated, 5 unchanged, 2 skipped" in again.stderr


def test_export_import_export_is_byte_identical(cli: Cli, tmp_path: Path) -> None:
    for source in (BUNDLED, ROOT / "tests" / "fixtures" / "hard.yaml"):
        first = cli("export", "ics", "-f", str(source)).stdout_bytes
        ics = tmp_path / "first.ics"
        ics.write_bytes(first)
        store = tmp_path / f"{source.stem}-imported.yaml"
        assert cli("import", str(ics), "-f", str(store)).exit_code == 0
        assert cli("export", "ics", "-f", str(store)).stdout_bytes == first
        text = store.read_bytes()
        again = cli("import", str(ics), "-f", str(store), "--on-conflict", "update")
        assert again.exit_code == 0
        assert store.read_bytes() == text


def test_import_conflicts(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    ics = tmp_path / "in.ics"
    ics.write_bytes(cli("export", "ics", "-f", str(BUNDLED)).stdout_bytes)
    cli("import", str(ics), "-f", str(path))
    changed = ics.read_bytes().replace(b"SUMMARY:Fifth annual CNWG meeting", b"SUMMARY:Fifth")
    ics.write_bytes(changed)
    before = path.read_text()
    error = cli("import", str(ics), "-f", str(path), "--on-conflict", "error")
    assert error.exit_code == 1
    assert "cnwg-5" in error.stderr
    assert path.read_text() == before
    skip = cli("import", str(ics), "-f", str(path))
    assert "skipped cnwg-5: already in the store (differs)" in skip.stderr
    assert path.read_text() == before
    update = cli("import", str(ics), "-f", str(path), "--on-conflict", "update")
    assert "1 updated" in update.stderr
    after = path.read_text()
    assert _diff(before, after) == ["-    title: Fifth annual CNWG meeting", "+    title: Fifth"]


def test_import_dry_run_and_bad_files(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    ics = tmp_path / "in.ics"
    ics.write_text(FOREIGN, newline="")
    dry = cli("import", str(ics), "-f", str(path), "--dry-run")
    assert dry.exit_code == 0
    assert "title: Across the change" in dry.stdout
    assert not path.exists()
    ics.write_text("not a calendar")
    bad = cli("import", str(ics), "-f", str(path))
    assert bad.exit_code == 1
    assert "not an iCalendar file" in bad.stderr
    missing = cli("import", str(tmp_path / "nope.ics"), "-f", str(path))
    assert missing.exit_code == 1
    assert "cannot read" in missing.stderr


def test_import_that_would_make_the_store_invalid(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        "events:\n  - {id: allday-x, date: 2021, title: X}\n"
        "  - {id: bad, date: 2021-13, title: B}\n"
    )
    ics = tmp_path / "in.ics"
    ics.write_text(FOREIGN, newline="")
    before = path.read_text()
    result = cli("import", str(ics), "-f", str(path))
    assert result.exit_code == 1
    assert path.read_text() == before


# ------------------------------------------------------------------ edit

EDITOR = """\
import os, sys
path = sys.argv[1]
action = os.environ["FAKE_EDIT"]
text = open(path).read()
if action == "fix-title":
    text = text.replace("title: A", "title: Changed")
elif action == "break":
    text = text.replace("date: 2021", "date: 2021-02-30")
elif action == "touch-store":
    with open(os.environ["STORE"], "a") as store:
        store.write("# someone else\\n")
    text = text.replace("title: A", "title: Changed")
elif action == "fail":
    sys.exit(3)
open(path, "w").write(text)
"""


@pytest.fixture
def edit_env(tmp_path: Path) -> Callable[[str], dict[str, str]]:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)

    def env(action: str) -> dict[str, str]:
        return {
            "EDITOR": f"{sys.executable} {script}",
            "VISUAL": "",
            "FAKE_EDIT": action,
            "STORE": str(tmp_path / "events.yaml"),
        }

    return env


def test_edit(cli: Cli, tmp_path: Path, edit_env: Callable[[str], dict[str, str]]) -> None:
    path = tmp_path / "events.yaml"
    original = "title: T\nevents:\n  - id: a\n    date: 2021\n    title: A\n"
    path.write_text(original)
    mtime = path.stat().st_mtime_ns

    same = cli("edit", "-f", str(path), env=edit_env("nothing"))
    assert same.exit_code == 0
    assert "no changes" in same.stderr
    assert path.stat().st_mtime_ns == mtime

    broken = cli("edit", "-f", str(path), env=edit_env("break"))
    assert broken.exit_code == 1
    assert f"{path}:4:11: error[bad-date]" in broken.stderr
    assert "your copy is kept at" in broken.stderr
    kept = broken.stderr.split("your copy is kept at ")[1].split(")")[0]
    assert "2021-02-30" in Path(kept).read_text()
    assert path.read_text() == original

    failed = cli("edit", "-f", str(path), env=edit_env("fail"))
    assert failed.exit_code == 1
    assert "exited with status 3" in failed.stderr
    assert path.read_text() == original

    raced = cli("edit", "-f", str(path), env=edit_env("touch-store"))
    assert raced.exit_code == 1
    assert "changed on disk while you were editing" in raced.stderr
    assert path.read_text() == original + "# someone else\n"

    fixed = cli("edit", "-f", str(path), env=edit_env("fix-title"))
    assert fixed.exit_code == 0, fixed
    assert "title: Changed" in path.read_text()


def test_edit_missing_editor(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("events: []\n")
    result = cli("edit", "-f", str(path), env={"EDITOR": "no-such-editor-here", "VISUAL": ""})
    assert result.exit_code == 1
    assert "cannot run the editor 'no-such-editor-here'" in result.stderr


def test_edit_needs_an_existing_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("edit", "-f", str(tmp_path / "new.yaml"), env={"EDITOR": "true"})
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_write_errors_are_chronology_errors(tmp_path: Path) -> None:
    from chronology.atomic import write_atomic

    with pytest.raises(ChronologyError, match="it is a directory"):
        write_atomic(str(tmp_path), b"x")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_output_to_a_pipe_or_device_is_written_not_replaced(cli: Cli, tmp_path: Path) -> None:
    """`-o /dev/null` or a FIFO is written to; a rename over it would replace the device
    with a regular file (as root, /dev/null itself)."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("export", "json", "-f", str(BUNDLED), "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(received[0])["events"]
    assert not [p for p in tmp_path.iterdir() if p.name != "pipe"]  # no temporary left
    result = cli("export", "ics", "-f", str(BUNDLED), "-o", os.devnull)
    assert result.exit_code == 0, result
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    if os.path.exists("/dev/stdout"):  # a symlink to the process's own stdout, a pipe here
        piped = subprocess.run(
            [sys.executable, "-m", "chronology", "export", "json", "-f", str(BUNDLED),
             "-o", "/dev/stdout"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert piped.returncode == 0, piped.stderr
        assert json.loads(piped.stdout)["events"]


# ------------------------------------------------------------------ the append path

SHAPES = [
    HAND_WRITTEN,
    "title: T\ntimezone: Asia/Kolkata\nevents:\n"
    "  - id: a\n    date: 2021-06-02T10:00\n    title: A\n",
    "events:\n- id: a\n  date: 2021\n  title: A\n\n- id: b\n  date: 2022\n  title: B\n# the end\n",
    "events: [{id: a, date: 2021, title: A}]\nx-after: 1\n",
    "- id: a\n  date: 2021\n  title: A\n  summary: |\n    text\n\n\n",
    "events:\n  - id: a\n    date: 2021\n    title: A\ntimezone: Europe/Vienna\n",
    "title: T\nevents:\n  - id: a\n    date: 2021\n    title: A\n    location: NO\n"
    "description: desc\nx-z: NO\n",
]


@given(
    st.sampled_from(SHAPES),
    st.lists(
        st.tuples(
            st.sampled_from(["2021", "2021-06-02", "2026-03-08T02:30", "2021/..", "-0043"]),
            st.text(
                st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20
            ).filter(lambda t: t.strip() != ""),
            st.sampled_from([None, "no", "Lisbon", "x: y"]),
        ),
        min_size=1,
        max_size=3,
    ),
    st.booleans(),
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_appending_equals_validating_the_whole_new_file(
    tmp_path: Path,
    shape: str,
    new: list[tuple[str, str, str | None]],
    warm: bool,
) -> None:
    from chronology.add import add_events
    from chronology.emit import NewEvent

    path = tmp_path / "events.yaml"
    path.write_text(shape)
    if warm:
        check([str(path)], use_cache=True)
    events = [
        NewEvent(id=f"new-{i}", date=date, title=title, location=location)
        for i, (date, title, location) in enumerate(new)
    ]
    added = add_events([str(path)], str(path), events, use_cache=True)
    fresh = check([str(path)], use_cache=False)
    assert (added.change.timeline, list(added.change.problems)) == fresh
    assert check([str(path)], use_cache=True) == fresh
    assert path.read_text().replace(added.inserted, "", 1) == shape


MOZILLA_TZID = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n"
    "BEGIN:VEVENT\r\nUID:odd@example.com\r\nDTSTAMP:20240101T000000Z\r\n"
    "DTSTART;TZID=/mozilla.org/20070129_1/America/New_York:20240105T093000\r\n"
    "SUMMARY:Odd zone\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_import_says_how_it_read_a_nonstandard_tzid(cli: Cli, tmp_path: Path) -> None:
    """icalendar's GloballyUniqueTZIDGuessed becomes one chronology note, not a Python
    warning with a source line from site-packages."""
    ics = tmp_path / "in.ics"
    ics.write_text(MOZILLA_TZID, newline="")
    path = tmp_path / "events.yaml"
    result = cli("import", str(ics), "-f", str(path))
    assert result.exit_code == 0, result
    assert result.stderr.splitlines()[0] == (
        "chronology: note: time zone '/mozilla.org/20070129_1/America/New_York' "
        "read as America/New_York"
    )
    assert "Warning" not in result.stderr
    assert "site-packages" not in result.stderr
    event = load(str(path)).events[0]
    assert (str(event.date), event.timezone) == ("2024-01-05T09:30", "America/New_York")


def test_a_library_warning_reaches_the_user_escaped(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any other warning a library raises is one escaped chronology line, shown once."""
    import warnings

    import chronology.importer

    real = chronology.importer.read_calendar

    def noisy(*args: object, **kwargs: object) -> object:
        for _ in range(2):
            warnings.warn("odd \x1b]0;PWNED\x07 input,\n  read anyway", UserWarning, stacklevel=1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(chronology.importer, "read_calendar", noisy)
    ics = tmp_path / "in.ics"
    ics.write_text(MOZILLA_TZID, newline="")
    result = cli("import", str(ics), "-f", str(tmp_path / "events.yaml"), "--dry-run")
    assert result.exit_code == 0, result
    lines = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert lines == ["chronology: warning: odd \\x1b]0;PWNED\\x07 input, read anyway"]


@pytest.mark.parametrize("ending", ["", "\n", "\n\n", "\r\n"[1:] * 3])
def test_add_writes_a_multi_line_summary_as_a_literal_block(
    cli: Cli, tmp_path: Path, ending: str
) -> None:
    """However many newlines a shell leaves at the end, the summary is a `|` block that
    reads back as the text (the reader drops trailing newlines)."""
    path = tmp_path / "events.yaml"
    summary = "Crew:\n- Neil Armstrong (commander)\n  Michael Collins\n\nAfter a blank line"
    assert cli("add", "-f", str(path), "--date", "1969-07-16", "--title", "Launch",
               "--summary", summary + ending).exit_code == 0  # fmt: skip
    text = path.read_text()
    assert "    summary: |\n      Crew:\n      - Neil Armstrong (commander)\n" in text
    assert "        Michael Collins\n\n      After a blank line\n" in text
    (event,) = load(str(path)).events
    assert event.summary == summary


NOTHING_TO_ADD = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
    "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\nEND:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\nUID:weekly-123@google.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:20260105T100000\r\nRRULE:FREQ=WEEKLY;COUNT=1\r\n"
    "EXDATE;TZID=Europe/Berlin:20260105T100000\r\n"
    "X-APPLE-STRUCTURED-LOCATION;VALUE=URI:geo:52.5,13.4\r\nSUMMARY:Weekly meeting\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize("exists", [False, True])
def test_import_with_nothing_to_add_says_why_and_writes_nothing(
    cli: Cli, tmp_path: Path, exists: bool
) -> None:
    ics = tmp_path / "weekly.ics"
    ics.write_text(NOTHING_TO_ADD, newline="")
    path = tmp_path / "events.yaml"
    if exists:
        shutil.copy(BUNDLED, path)
    before = path.read_bytes() if exists else None
    result = cli("import", str(ics), "-f", str(path))
    assert result.exit_code == 0, result
    assert result.stderr.splitlines() == [
        "chronology: skipped weekly-123@google.com: a recurring event whose every occurrence "
        "is excluded",
        f"chronology: nothing to import from {ics}: 0 added, 0 updated, 0 unchanged, 1 skipped; "
        f"{path} {'is unchanged' if exists else 'was not created'}",
    ]
    assert (path.read_bytes() if exists else path.exists()) == (before if exists else False)
    assert sorted(p.name for p in tmp_path.iterdir()) == (
        ["events.yaml", "weekly.ics"] if exists else ["weekly.ics"]
    )


def _calendar(*events: str) -> str:
    body = "".join(
        "BEGIN:VEVENT\r\nDTSTAMP:20260101T000000Z\r\n" + e.replace("\n", "\r\n") + "END:VEVENT\r\n"
        for e in events
    )
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" + body + "END:VCALENDAR\r\n"


def _imported(cli: Cli, tmp_path: Path, text: str) -> tuple[Result, str]:
    ics = tmp_path / "in.ics"
    ics.write_text(text, newline="")
    path = tmp_path / "events.yaml"
    result = cli("import", str(ics), "-f", str(path))
    return result, path.read_text(encoding="utf-8") if path.exists() else ""


def test_a_recurring_event_is_its_first_occurrence_not_excluded(cli: Cli, tmp_path: Path) -> None:
    result, text = _imported(cli, tmp_path, _calendar(
        "UID:team@example.com\nSUMMARY:Team call\n"
        "DTSTART;TZID=Europe/Berlin:20260105T100000\nDTEND;TZID=Europe/Berlin:20260105T103000\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;TZID=Europe/Berlin:20260105T100000,20260112T100000\n",
    ))  # fmt: skip
    assert result.exit_code == 0, result
    assert "read as its first occurrence (2026-01-19T10:00)" in result.stderr
    timeline = load(str(tmp_path / "events.yaml"))
    (event,) = timeline.events
    assert (str(event.date), str(event.end), event.timezone) == (
        "2026-01-19T10:00", "2026-01-19T10:30", "Europe/Berlin",
    )  # fmt: skip
    rule = dict(event.extensions)["x-rrule"]
    assert rule == (
        "RRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;TZID=Europe/Berlin:20260105T100000,20260112T100000"
    )
    assert "x-rrule: |-\n" in text  # two lines: a block, as people write one
    again, _ = _imported(cli, tmp_path, _calendar(
        "UID:team@example.com\nSUMMARY:Team call\n"
        "DTSTART;TZID=Europe/Berlin:20260105T100000\nDTEND;TZID=Europe/Berlin:20260105T103000\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;TZID=Europe/Berlin:20260105T100000,20260112T100000\n",
    ))  # fmt: skip
    assert "0 added, 0 updated, 1 unchanged, 0 skipped" in again.stderr


def test_an_all_day_series_with_rdates_and_a_changed_first_occurrence(
    cli: Cli, tmp_path: Path
) -> None:
    result, _ = _imported(cli, tmp_path, _calendar(
        "UID:fest@example.com\nSUMMARY:Festival\nDTSTART;VALUE=DATE:20260601\n"
        "DTEND;VALUE=DATE:20260603\nRRULE:FREQ=YEARLY\nRDATE;VALUE=DATE:20250901\n",
        "UID:fest@example.com\nRECURRENCE-ID;VALUE=DATE:20250901\nSUMMARY:Festival (early)\n"
        "DTSTART;VALUE=DATE:20250902\nDTEND;VALUE=DATE:20250903\n",
        "UID:fest@example.com\nRECURRENCE-ID;VALUE=DATE:20270601\nSUMMARY:Festival 2027\n"
        "DTSTART;VALUE=DATE:20270605\n",
    ))  # fmt: skip
    assert result.exit_code == 0, result
    assert "1 added, 0 updated, 0 unchanged, 1 skipped" in result.stderr
    assert (
        "skipped fest@example.com: a changed occurrence of a recurring event (the series "
        "is imported as its first occurrence)" in result.stderr
    )
    (event,) = load(str(tmp_path / "events.yaml")).events
    assert (event.id, str(event.date), event.end, event.title) == (
        "fest", "2025-09-02", None, "Festival (early)",
    )  # fmt: skip
    assert dict(event.extensions)["x-rrule"] == "RRULE:FREQ=YEARLY\nRDATE;VALUE=DATE:20250901"


def test_an_unreadable_rule_is_skipped_with_its_reason(cli: Cli, tmp_path: Path) -> None:
    result, text = _imported(cli, tmp_path, _calendar(
        "UID:odd@example.com\nSUMMARY:Odd\nDTSTART:20260101T090000\n"
        "RRULE:FREQ=DAILY;UNTIL=20260301T000000Z\n",
    ))  # fmt: skip
    assert result.exit_code == 0, result
    assert "skipped odd@example.com: a recurring event whose rule cannot be read (" in (
        result.stderr
    )
    assert text == ""


def test_dtstart_is_the_first_occurrence_even_off_the_rule(cli: Cli, tmp_path: Path) -> None:
    result, _ = _imported(cli, tmp_path, _calendar(
        "UID:sun@example.com\nSUMMARY:Kick-off\nDTSTART:20260104T090000Z\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO\n",
    ))  # fmt: skip
    assert result.exit_code == 0, result
    (event,) = load(str(tmp_path / "events.yaml")).events
    assert str(event.date) == "2026-01-04T09:00Z"  # a Sunday; RFC 5545 3.8.5.3
    changed, _ = _imported(cli, tmp_path, _calendar(
        "UID:sun@example.com\nSUMMARY:Kick-off\nDTSTART:20260104T090000Z\n"
        "RRULE:FREQ=WEEKLY;BYDAY=TU\n",
    ))  # fmt: skip
    assert "skipped sun: already in the store (differs)" in changed.stderr


SERIES = (
    "UID:team@example.com\nSUMMARY:Team call\n"
    "DTSTART;TZID=Europe/Berlin:20260105T100000\nDTEND;TZID=Europe/Berlin:20260105T103000\n"
    "RRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;TZID=Europe/Berlin:20260112T100000\n",
    "UID:team@example.com\nRECURRENCE-ID;TZID=Europe/Berlin:20260119T100000\n"
    "SUMMARY:Team call (moved)\nDTSTART;TZID=Europe/Berlin:20260120T150000\n"
    "DTEND;TZID=Europe/Berlin:20260120T160000\n",
)


def _expand(cli: Cli, tmp_path: Path, window: str, *events: str) -> Result:
    ics = tmp_path / "in.ics"
    ics.write_text(_calendar(*events), newline="")
    return cli("import", str(ics), "-f", str(tmp_path / "events.yaml"), "--expand", window)


def test_expand_makes_each_occurrence_in_the_window_an_event(cli: Cli, tmp_path: Path) -> None:
    # 2026-02-02 10:00 Berlin is 09:00 UTC, inside; the window ends before 2026-02-09.
    result = _expand(cli, tmp_path, "2026-01-05/2026-02-08", *SERIES)
    assert result.exit_code == 0, result
    assert "4 added, 0 updated, 0 unchanged, 0 skipped" in result.stderr
    events = load(str(tmp_path / "events.yaml")).events
    assert [(e.id, str(e.date), str(e.end), e.title) for e in events] == [
        ("team-2026-01-05", "2026-01-05T10:00", "2026-01-05T10:30", "Team call"),
        ("team-2026-01-19", "2026-01-20T15:00", "2026-01-20T16:00", "Team call (moved)"),
        ("team-2026-01-26", "2026-01-26T10:00", "2026-01-26T10:30", "Team call"),
        ("team-2026-02-02", "2026-02-02T10:00", "2026-02-02T10:30", "Team call"),
    ]
    assert all(e.timezone == "Europe/Berlin" and not e.extensions for e in events)
    again = _expand(cli, tmp_path, "2026-01/2026-02", *SERIES)
    assert "3 added, 0 updated, 4 unchanged, 0 skipped" in again.stderr  # stable ids


def test_expand_window_starts_inclusive_and_ends_exclusive(cli: Cli, tmp_path: Path) -> None:
    daily = "UID:d@example.com\nSUMMARY:Daily\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=DAILY\n"
    result = _expand(cli, tmp_path, "2026-01-03/2026-01-04", daily)
    assert result.exit_code == 0, result
    assert [e.id for e in load(str(tmp_path / "events.yaml")).events] == [
        "d-2026-01-03", "d-2026-01-04",
    ]  # fmt: skip


def test_expand_sets_occurrences_of_one_day_apart_by_time(cli: Cli, tmp_path: Path) -> None:
    hourly = (
        "UID:h@example.com\nSUMMARY:Shift\nDTSTART:20260105T080000Z\nRRULE:FREQ=HOURLY;COUNT=2\n"
    )
    result = _expand(cli, tmp_path, "2026", hourly)
    assert result.exit_code == 0, result
    assert [e.id for e in load(str(tmp_path / "events.yaml")).events] == [
        "h-2026-01-05t0800", "h-2026-01-05t0900",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        (
            "RRULE:FREQ=YEARLY;COUNT=2\n",
            "a recurring event with no occurrence in the --expand window",
        ),
        ("RRULE:FREQ=MINUTELY\n", "more than 10000 occurrences in the --expand window"),
    ],
)
def test_expand_says_why_a_series_gives_nothing(
    cli: Cli, tmp_path: Path, rule: str, reason: str
) -> None:
    series = "UID:s@example.com\nSUMMARY:S\nDTSTART:20200105T080000Z\n" + rule
    result = _expand(cli, tmp_path, "2025", series)
    assert result.exit_code == 0, result
    assert f"chronology: skipped s@example.com: {reason}" in result.stderr
    assert not (tmp_path / "events.yaml").exists()


@pytest.mark.parametrize("window", ["2026/..", "../2026", "2026-13", "soon"])
def test_expand_needs_a_closed_window(cli: Cli, tmp_path: Path, window: str) -> None:
    result = _expand(cli, tmp_path, window, *SERIES)
    assert result.exit_code == 2
    assert "Invalid value for '--expand'" in result.stderr
    assert not (tmp_path / "events.yaml").exists()


@pytest.mark.parametrize("args", [[], ["--expand", "2026"]])
def test_a_series_without_start_and_an_orphan_change_are_skipped(
    cli: Cli, tmp_path: Path, args: list[str]
) -> None:
    ics = tmp_path / "in.ics"
    ics.write_text(_calendar(
        "UID:nostart@example.com\nSUMMARY:No start\nRRULE:FREQ=WEEKLY\n",
        "UID:other@example.com\nRECURRENCE-ID:20260105T100000Z\nSUMMARY:Orphan\n"
        "DTSTART:20260105T110000Z\n",
    ), newline="")  # fmt: skip
    result = cli("import", str(ics), "-f", str(tmp_path / "events.yaml"), *args)
    assert result.exit_code == 0, result
    assert sorted(result.stderr.splitlines()[:2]) == [
        "chronology: skipped nostart@example.com: no DTSTART",
        "chronology: skipped other@example.com: a changed occurrence of a recurring event "
        "that is not in the file",
    ]
    assert not (tmp_path / "events.yaml").exists()
