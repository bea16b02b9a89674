"""The command line: exit statuses, output streams, filters and formats (SPEC §3)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tabulate import tabulate_formats

from chronology import __version__
from chronology.cli import _color
from chronology.escapes import visible
from chronology.loader import load
from chronology.table import TableSettings, render_table

from .conftest import BUNDLED, ROOT, Result
from .test_validate import BAD, GOOD

Cli = Callable[..., Result]
Store = Callable[..., str]

BUNDLED_ORDER = [
    "cnwg-1",
    "cnwg-2",
    "cnwg-3",
    "modi-state-visit-2023",
    "cnwg-4",
    "drug-policy-framework-mou",
    "cnwg-5",
    "dpewg-1",
    "kwatra-statement",
]


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"chronology, version {__version__}\n"


def test_validate_bundled_store(cli: Cli) -> None:
    result = cli("validate", "-f", str(BUNDLED))
    assert result.exit_code == 0, result
    assert result.stdout == f"{BUNDLED}: 9 events, no problems\n"


def test_validate_reports_located_errors(cli: Cli, store: Store) -> None:
    path = store("events:\n  - id: a\n    date: 2021-02-30\n    title: A\n")
    result = cli("validate", "-f", path)
    assert result.exit_code == 1, result
    assert result.stdout.splitlines() == [
        f"{path}:3:11: error[bad-date]: '2021-02-30': day out of range for February 2021",
        f"{path}: 1 error, 0 warnings",
    ]


def test_validate_json(cli: Cli, store: Store) -> None:
    path = store(GOOD + "    location: NO\n  - id: b\n    date: 2021-13\n    title: B\n")
    result = cli("validate", "-f", path, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["valid"] is False
    assert document["events"] == 1
    assert (document["errors"], document["warnings"]) == (1, 1)
    assert [(p["code"], p["line"], p["column"], p["severity"]) for p in document["problems"]] == [
        ("ambiguous-yaml", 5, 15, "warning"),
        ("bad-date", 7, 11, "error"),
    ]


def test_validate_json_says_how_each_file_was_read(cli: Cli, store: Store) -> None:
    """Which reader took each file: the quick reader (and how many items it read alone,
    the full way), the full way, or the cache when the store is unchanged."""
    one = "events:\n  - id: {}\n    date: 2021\n    title: {}\n"
    quick = store(one.format("a", "A"), "quick.yaml")
    tab = store(
        one.format("b", "B") + "  - id: c\n    date: 2022\n    title: C\t# tab\n", "tab.yaml"
    )
    anchored = store(one.format("d", "&t D"), "anchored.yaml")
    tagged = store(one.format("e", "!!str E"), "tagged.yaml")

    def reads(*args: str) -> list[tuple[str, str, int]]:
        result = cli("validate", *args, "--format", "json")
        assert result.exit_code == 0, result
        return [
            (r["file"], r["reader"], r["items_read_alone"])
            for r in json.loads(result.stdout)["read"]
        ]

    assert reads("--no-cache", quick, tab, anchored, tagged) == [
        (quick, "quick", 0),
        (tab, "quick", 1),
        (anchored, "quick", 1),
        (tagged, "full", 0),
    ]
    assert reads(quick) == [(quick, "quick", 0)]  # fills the cache
    assert reads(quick) == [(quick, "cache", 0)]


def test_strict_turns_warnings_into_failure(cli: Cli, store: Store) -> None:
    path = store(GOOD + "    location: NO\n")
    assert cli("validate", "-f", path).exit_code == 0
    strict = cli("validate", "-f", path, "--strict")
    assert strict.exit_code == 1
    assert "warning[ambiguous-yaml]" in strict.stdout


def test_validate_help_lists_every_code(cli: Cli) -> None:
    from chronology.validate import CODES

    result = cli("validate", "--help")
    for code in CODES:
        assert code in result.stdout


def test_export_help_lines_up_every_format(cli: Cli) -> None:
    """Each format's description starts in one column, the longest name with its aliases
    included (`timelinejs (tljs)` was one column further out than the rest)."""
    from chronology.renderers import FORMATS

    result = cli("export", "--help")
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    start = lines.index("  Formats:") + 1
    rows = lines[start : start + len(FORMATS)]
    columns = set()
    for f, row in zip(FORMATS, rows, strict=True):
        assert row.lstrip().startswith(f.name), row
        at = row.index(f.description)
        columns.add(at)
        assert row[at - 2 : at] == "  ", row
    assert len(columns) == 1, rows


def test_list_bundled_in_order(cli: Cli) -> None:
    result = cli("list", "-f", str(BUNDLED), "--columns", "id,date", "--tablefmt", "tsv")
    assert result.exit_code == 0, result
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    assert [r[0].strip() for r in rows] == BUNDLED_ORDER
    dates = {r[0].strip(): r[1].strip() for r in rows}
    assert dates["cnwg-3"] == "7–8 Jul 2022"
    assert dates["modi-state-visit-2023"] == "Jun 2023"
    assert dates["kwatra-statement"] == "c. 21 Jan 2026"


def test_list_default_output(cli: Cli) -> None:
    result = cli("list", "-f", str(BUNDLED))
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Date", "Title", "Location", "Tags"]
    assert lines[2].startswith("24 Nov 2020  ")
    assert "Sep 2024" in result.stdout


def test_list_uses_environment_and_default_file(
    cli: Cli, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store(GOOD)
    assert "A" in cli("list", env={"CHRONOLOGY_FILE": path}).stdout
    monkeypatch.chdir(tmp_path)
    assert cli("list").exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    missing = cli("list")
    assert missing.exit_code == 1
    expected = "events.yaml: error[unreadable]: no events.yaml here; run 'chronology init'"
    assert expected in missing.stderr
    named = cli("list", "-f", "my store.yaml")
    assert named.exit_code == 1
    assert (
        "my store.yaml: error[unreadable]: cannot read: no such file or directory "
        "(to create a store there: chronology init -f 'my store.yaml')" in named.stderr
    )
    assert cli("init", "-f", "my store.yaml", "--title", "Mine").exit_code == 0
    assert cli("validate", "-f", "my store.yaml").stdout == "my store.yaml: 0 events, no problems\n"
    again = cli("init", "-f", "my store.yaml")
    assert again.exit_code == 1
    assert "my store.yaml already exists; nothing was written" in again.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "2023", "--to", "2024-06"], ["modi-state-visit-2023", "cnwg-4"]),
        (["--from", "2026-01-21"], ["dpewg-1", "kwatra-statement"]),
        (["--to", "2020-11-24"], ["cnwg-1"]),
        (["--from", "2022-07-08", "--to", "2022-07-08"], ["cnwg-3"]),
        (
            ["--from", "2024/.."],
            ["drug-policy-framework-mou", "cnwg-5", "dpewg-1", "kwatra-statement"],
        ),
        (["--tag", "AGREEMENT"], ["cnwg-3", "drug-policy-framework-mou"]),
        (["--tag", "summit", "--tag", "statement"], ["modi-state-visit-2023", "kwatra-statement"]),
        (["--search", "garcetti"], ["cnwg-4", "cnwg-5"]),
        (["--search", "PRECURSOR"], ["cnwg-2", "dpewg-1", "kwatra-statement"]),
        (["--limit", "2"], ["cnwg-1", "cnwg-2"]),
        (["--reverse", "--limit", "2"], ["kwatra-statement", "dpewg-1"]),
        (["--tag", "cnwg", "--from", "2023", "--reverse"], ["cnwg-5", "cnwg-4"]),
    ],
)
def test_list_filters(cli: Cli, args: list[str], expected: list[str]) -> None:
    result = cli("list", "-f", str(BUNDLED), "--columns", "id", "--tablefmt", "plain", *args)
    assert result.exit_code == 0, result
    assert result.stdout.split()[1:] == expected


def test_empty_selection_is_a_note(cli: Cli) -> None:
    result = cli("list", "-f", str(BUNDLED), "--from", "2030")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "chronology: no events match\n"


@pytest.mark.parametrize("fmt", tabulate_formats)
def test_every_tabulate_format(cli: Cli, fmt: str) -> None:
    result = cli("list", "-f", str(BUNDLED), "--tablefmt", fmt, "--columns", "id,date,summary")
    assert result.exit_code == 0, result
    assert "kwatra-statement" in result.stdout


def test_iso_and_end_columns(cli: Cli, store: Store) -> None:
    path = store(
        "events:\n"
        "  - {id: a, date: 2021-06, end: 2021-08, title: A}\n"
        "  - {id: b, date: 2022/.., title: B}\n"
        "  - {id: c, date: ../1990, title: C}\n"
    )
    iso = cli("list", "-f", path, "--iso", "--columns", "id,date", "--tablefmt", "tsv")
    assert [line.split("\t")[1].strip() for line in iso.stdout.splitlines()[1:]] == [
        "../1990",
        "2021-06/2021-08",
        "2022/..",
    ]
    human = cli("list", "-f", path, "--columns", "id,date,end", "--tablefmt", "tsv")
    rows = [[c.strip() for c in line.split("\t")] for line in human.stdout.splitlines()[1:]]
    assert rows == [["c", "…", "1990"], ["a", "Jun 2021", "Aug 2021"], ["b", "2022", "ongoing"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--from", "2021-02-30"], "day out of range"),
        (["list", "--tablefmt", "fancy"], "is not a table format"),
        (["list", "--columns", "date,colour"], "unknown column 'colour'"),
        (["list", "--limit", "-1"], "-1"),
        (["validate", "--format", "xml"], "'xml' is not one of"),
        (["nonsense"], "No such command"),
    ],
)
def test_bad_usage_exits_2(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args, "-f", str(BUNDLED)) if args[0] != "nonsense" else cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_list_on_invalid_store_fails_with_problems(cli: Cli, store: Store) -> None:
    path = store("events:\n  - id: a\n    date: 2021-13\n    title: A\n")
    result = cli("list", "-f", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:3:11: error[bad-date]: '2021-13': month 13 does not exist (01–12)",
        "chronology: 1 error in the store; nothing was done",
    ]


def test_list_notes_warnings(cli: Cli, store: Store) -> None:
    result = cli("list", "-f", store(GOOD + "    location: NO\n"))
    assert result.exit_code == 0
    assert "1 warning in the store" in result.stderr


@pytest.mark.parametrize("text", [pytest.param(p.values[0], id=p.id) for p in BAD])
def test_no_traceback_for_any_bad_store(cli: Cli, store: Store, text: str) -> None:
    path = store(text)
    for command in ("validate", "list"):
        result = cli(command, "-f", path)
        assert result.exit_code == 1, result
        assert "Traceback" not in result.stdout + result.stderr


# ------------------------------------------------------------------ terminal behaviour


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _color(_Tty()) is True
    assert _color(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert _color(_Tty()) is False


def test_width_fitting_wraps_long_columns() -> None:
    events = load(str(BUNDLED)).events
    columns = ("date", "title", "location", "tags", "summary")
    fitted = render_table(events, TableSettings(columns=columns, width=80))
    assert max(len(line) for line in fitted.splitlines()) <= 80
    assert "Second meeting" in fitted
    unfitted = render_table(events, TableSettings(columns=columns, width=None))
    assert max(len(line) for line in unfitted.splitlines()) > 80
    truncated = render_table(events, TableSettings(columns=columns, width=80, tablefmt="tsv"))
    assert max(len(line) for line in truncated.splitlines()) <= 80
    assert "…" in truncated


def test_colour_marks_dates() -> None:
    events = load(str(BUNDLED)).events
    colored = render_table(events, TableSettings(color=True))
    assert "\x1b[36m24 Nov 2020\x1b[0m" in colored


def test_control_characters_are_escaped(cli: Cli, store: Store) -> None:
    assert visible("a\x1b[31mb\u202ec\x85") == "a\\x1b[31mb\\u202ec\\x85"
    path = store(GOOD + '    location: "\\e]0;pwned\\a\\u202e"\n')
    result = cli("list", "-f", path, "--columns", "location", "--tablefmt", "plain")
    assert "\x1b" not in result.stdout
    assert "\\x1b]0;pwned\\x07\\u202e" in result.stdout


# ------------------------------------------------------------------ real processes


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CHRONOLOGY_FILE", "NO_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "chronology", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


def test_subprocess_list_on_bundled_store() -> None:
    result = _run("list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2].startswith("24 Nov 2020")
    assert result.stderr == ""


def test_subprocess_bad_input_gives_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"events:\n  - id: a\n    date: 2021-02-30\n    title: \xff\n")
    result = _run("validate", "-f", str(bad))
    assert result.returncode == 1
    assert f"{bad}:4:12: error[encoding]" in result.stdout
    assert "Traceback" not in result.stderr
    for text in ("events: [", "events: !!python/object/apply:os.system [ls]", "- 1\n- [2"):
        bad.write_text(text)
        for command in ("validate", "list"):
            result = _run(command, "-f", str(bad))
            assert result.returncode == 1
            assert "Traceback" not in result.stderr
    usage = _run("list", "--from", "never")
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


def test_subprocess_broken_pipe_is_quiet() -> None:
    env = {k: v for k, v in os.environ.items() if k != "CHRONOLOGY_FILE"}
    pipeline = subprocess.run(
        f"{sys.executable} -m chronology list --columns summary | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in pipeline.stderr


# ------------------------------------------------------------------ help topics


def test_help_topics_ship_with_the_tool(cli: Cli, store: Store) -> None:
    """What the docs point at is installed with chronology (no SPEC that users lack)."""
    from chronology.clock import UTC_CLOCK, shown
    from chronology.dates import human, parse_date
    from chronology.topics import DATE_FORMS
    from chronology.validate import CODES

    dates = cli("help", "dates")
    assert dates.exit_code == 0
    for _, texts in DATE_FORMS:
        for text in texts:
            row = next(line for line in dates.stdout.splitlines() if f"  {text}  " in line)
            # Shown as a store without `timezone:` shows it: on the UTC clock, labelled.
            assert row.rstrip().endswith(human(shown(parse_date(text), None, UTC_CLOCK)))
    assert "-0043" in dates.stdout
    assert "44 BC" in dates.stdout
    codes = cli("help", "codes").stdout
    assert all(code in codes for code in CODES)
    listing = cli("help")
    assert listing.exit_code == 0
    assert "Commands:" in listing.stdout
    assert "dates" in listing.stdout.split("Topics:")[1]
    for command in ("add", "validate", "list", "export"):
        assert "SPEC" not in cli(command, "--help").stdout
    path = store("events:\n  - id: a\n    date: the day after\n    title: A\n")
    bad = cli("validate", "-f", path)
    assert "SPEC" not in bad.stdout
    assert "(see: chronology help dates)" in bad.stdout


def test_help_topic_unknown(cli: Cli) -> None:
    result = cli("help", "datse")
    assert result.exit_code == 2
    assert "no help topic 'datse'; did you mean 'dates'? (topics: dates, codes)" in result.stderr


# ------------------------------------------------------------------ --within, --not-tag, --bom


def test_within_keeps_only_spans_inside_the_window(cli: Cli, store: Store) -> None:
    path = store(
        "events:\n"
        "  - {id: decade, date: 196X, title: The sixties}\n"
        "  - {id: ongoing, date: 1969/.., title: Ongoing since 1969}\n"
        "  - {id: landing, date: '1969-07-20', title: Landing}\n"
        "  - {id: summer, date: '1969-06', end: '1969-08', title: Summer}\n"
        "  - {id: winter, date: '1969-12', end: '1970-02', title: Winter}\n"
    )
    ids = ["list", "-f", path, "--columns", "id", "--tablefmt", "plain"]
    overlapping = cli(*ids, "--from", "1969", "--to", "1969").stdout.split()[1:]
    assert overlapping == ["decade", "ongoing", "summer", "landing", "winter"]
    inside = cli(*ids, "--from", "1969", "--to", "1969", "--within").stdout.split()[1:]
    assert inside == ["summer", "landing"]
    assert cli(*ids, "--to", "1969-07", "--within").stdout.split()[1:] == ["landing"]
    refused = cli(*ids, "--within")
    assert refused.exit_code == 2
    assert "--within needs --from or --to" in refused.stderr


def test_not_tag_leaves_events_out(cli: Cli) -> None:
    listed = cli("list", "-f", str(BUNDLED), "--columns", "id", "--tablefmt", "plain",
                 "--not-tag", "CNWG", "--not-tag", "summit")  # fmt: skip
    assert listed.stdout.split()[1:] == ["drug-policy-framework-mou", "dpewg-1", "kwatra-statement"]


def test_bom_is_for_excel_and_csv_only(cli: Cli) -> None:
    import csv

    plain = cli("export", "csv", "-f", str(BUNDLED)).stdout_bytes
    marked = cli("export", "csv", "-f", str(BUNDLED), "--bom").stdout_bytes
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert marked == b"\xef\xbb\xbf" + plain
    rows = list(csv.reader(io.StringIO(marked.decode("utf-8-sig"))))
    assert rows[0][0] == "id"
    assert "US–India" in rows[1][3]
    refused = cli("export", "md", "-f", str(BUNDLED), "--bom")
    assert refused.exit_code == 2
    assert "--bom applies to csv, not markdown" in refused.stderr
