"""Validation of SPEC §1–§2: one bad store per problem code, with exact line and column."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from chronology import InvalidStore, load
from chronology.dates import Interval
from chronology.errors import Problem
from chronology.loader import check
from chronology.validate import CODES

GOOD = """\
events:
  - id: a
    date: 2021-06-02
    title: A
"""


def problems_of(text: str, tmp_path: Path) -> list[Problem]:
    path = tmp_path / "events.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    _, problems = check([str(path)])
    return problems


def one(text: str, tmp_path: Path) -> Problem:
    found = problems_of(text, tmp_path)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


BAD = [
    pytest.param(
        "events: [\n", "yaml-syntax", 2, 1, "did not find expected node", id="yaml-syntax"
    ),
    pytest.param(
        "events:\n\t- id: a\n", "yaml-syntax", 2, 1, "indent with spaces", id="yaml-syntax-tab"
    ),
    pytest.param(
        "title: a: b\nevents: []\n", "yaml-syntax", 1, 9, "quote a value", id="yaml-colon"
    ),
    pytest.param(
        'events:\n  - id: a\n    date: 2021\n    title: "\x1b"\n',
        "yaml-syntax",
        4,
        13,
        "U+001B",
        id="yaml-control-character",
    ),
    pytest.param("", "not-a-store", 1, 1, "the file is empty", id="empty-file"),
    pytest.param("# only a comment\n", "not-a-store", 1, 1, "empty", id="comment-only"),
    pytest.param("just text\n", "not-a-store", 1, 1, "found text", id="scalar-root"),
    pytest.param(
        "id: a\ndate: 2021\ntitle: A\n", "not-a-store", 1, 1, "single event", id="single-event"
    ),
    pytest.param(
        "titel: T\nevents: []\n", "unknown-key", 1, 1, "did you mean 'title'?", id="unknown-top"
    ),
    pytest.param(
        GOOD + "    sumary: x\n", "unknown-key", 5, 5, "did you mean 'summary'?", id="unknown-event"
    ),
    pytest.param(GOOD + "    <<: {}\n", "unknown-key", 5, 5, "merge keys", id="merge-key"),
    pytest.param(
        GOOD + "    sources:\n      - url: https://a.example\n        titel: x\n",
        "unknown-key",
        7,
        9,
        "did you mean 'title'?",
        id="unknown-source-key",
    ),
    pytest.param("title: T\n", "missing-key", 1, 1, "no 'events:'", id="missing-events"),
    pytest.param(
        "events:\n  - id: a\n    title: A\n", "missing-key", 2, 5, "no 'date'", id="missing-date"
    ),
    pytest.param(
        GOOD + "    sources:\n      - title: x\n",
        "missing-key",
        6,
        9,
        "no 'url'",
        id="missing-url",
    ),
    pytest.param(
        "events:\n  - id: a\n    date: 2021\n    title: true\n",
        "wrong-type",
        4,
        12,
        "YAML read this as a boolean; quote it",
        id="wrong-type-boolean",
    ),
    pytest.param(
        "events:\n  - id: a\n    date: 2021\n    title: 1984\n",
        "wrong-type",
        4,
        12,
        "YAML read this as a number",
        id="wrong-type-number",
    ),
    pytest.param(GOOD + "    tags: cnwg\n", "wrong-type", 5, 11, "[cnwg]", id="wrong-type-tags"),
    pytest.param(
        GOOD + "    tags: [a, 1984]\n",
        "wrong-type",
        5,
        15,
        "YAML read this as a number",
        id="wrong-type-tag-number",
    ),
    pytest.param(
        GOOD + "    tags: ['', b]\n", "wrong-type", 5, 12, "is empty", id="empty-quoted-tag"
    ),
    pytest.param(
        GOOD + '    people:\n      - a\n      - ""\n',
        "wrong-type",
        7,
        9,
        "is empty",
        id="empty-quoted-person",
    ),
    pytest.param(
        GOOD + "    people: [a, [b]]\n", "wrong-type", 5, 17, "not a list", id="wrong-type-person"
    ),
    pytest.param("events: {}\n", "wrong-type", 1, 9, "must be a list", id="wrong-type-events"),
    pytest.param(
        "events:\n  - 2021\n", "wrong-type", 2, 5, "an event is a mapping", id="event-scalar"
    ),
    pytest.param(
        GOOD + "    location: [x]\n", "wrong-type", 5, 15, "not a list", id="wrong-type-location"
    ),
    pytest.param(
        GOOD + "    title: B\n", "duplicate-key", 5, 5, "first at line 4", id="duplicate-key"
    ),
    pytest.param(
        "events:\n  - id: -a\n    date: 2021\n    title: A\n",
        "bad-id",
        2,
        9,
        "must start",
        id="bad-id",
    ),
    pytest.param(
        "events:\n  - id: 'a b'\n    date: 2021\n    title: A\n",
        "bad-id",
        2,
        9,
        "A-Z",
        id="bad-id-space",
    ),
    pytest.param(
        "events:\n  - id: !!int abc\n    date: 2021\n    title: A\n",
        "wrong-type",
        2,
        9,
        "remove the tag !!int",
        id="bad-id-tagged",
    ),
    pytest.param(
        "events:\n  - id: true\n    date: 2021\n    title: A\n",
        "wrong-type",
        2,
        9,
        "YAML read this as a boolean",
        id="bad-id-boolean",
    ),
    pytest.param(
        "events:\n  - id: 1e3\n    date: 2021\n    title: A\n",
        "wrong-type",
        2,
        9,
        "YAML read this as a number",
        id="bad-id-float",
    ),
    pytest.param(
        "events:\n  - id: ''\n    date: 2021\n    title: A\n",
        "bad-id",
        2,
        9,
        "must start",
        id="bad-id-quoted-empty",
    ),
    pytest.param(
        "events:\n  - id: ~\n    date: 2021\n    title: A\n",
        "bad-id",
        2,
        9,
        "the id is empty",
        id="bad-id-null",
    ),
    pytest.param(
        "events:\n  - id: a\n    date: 2021\n    title: !!int Hello\n",
        "wrong-type",
        4,
        12,
        "remove the tag !!int",
        id="title-tagged",
    ),
    pytest.param(
        "events:\n  - id: " + "a" * 129 + "\n    date: 2021\n    title: A\n",
        "bad-id",
        2,
        9,
        "limit is 128",
        id="bad-id-long",
    ),
    pytest.param(
        GOOD + "  - id: a\n    date: 2022\n    title: B\n",
        "duplicate-id",
        5,
        9,
        "already used at {path}:2:9",
        id="duplicate-id",
    ),
    pytest.param(
        "events:\n  - id: a\n    date: 2021-02-30\n    title: A\n",
        "bad-date",
        3,
        11,
        "'2021-02-30': day out of range for February 2021",
        id="bad-date",
    ),
    pytest.param(
        "events:\n  - id: a\n    date:\n    title: A\n",
        "bad-date",
        3,
        10,
        "empty",
        id="bad-date-empty",
    ),
    pytest.param(
        GOOD + "    end: 2021-06/2021-07\n", "bad-date", 5, 10, "single date", id="bad-end-interval"
    ),
    pytest.param(
        GOOD + "    sources:\n      - url: https://a.example\n        accessed: 2026-13\n",
        "bad-date",
        7,
        19,
        "month 13",
        id="bad-accessed",
    ),
    pytest.param(
        GOOD + "    end: 2021-06-01\n",
        "end-before-start",
        5,
        10,
        "before date",
        id="end-before-start",
    ),
    pytest.param(
        "events:\n  - id: a\n    date: 2022/2021\n    title: A\n",
        "end-before-start",
        3,
        11,
        "ends before it starts",
        id="interval-end-before-start",
    ),
    pytest.param(
        "events:\n  - id: a\n    date: 2021/2022\n    end: 2023\n    title: A\n",
        "end-with-interval",
        4,
        5,
        "already has its end",
        id="end-with-interval",
    ),
    pytest.param(
        GOOD + "    timezone: Asia/Kolkatta\n",
        "bad-timezone",
        5,
        15,
        "did you mean 'Asia/Kolkata'?",
        id="bad-timezone",
    ),
    pytest.param(
        "timezone: +05:30\n" + GOOD, "bad-timezone", 1, 11, "offset", id="bad-timezone-offset"
    ),
    pytest.param(
        GOOD + "    sources: ['javascript:alert(1)']\n",
        "bad-url",
        5,
        15,
        "only http, https and mailto",
        id="bad-url",
    ),
    pytest.param(
        "markup: markdwon\n" + GOOD, "bad-markup", 1, 9, "did you mean 'markdown'?", id="bad-markup"
    ),
    pytest.param(
        GOOD + "    sources: [example.org/x]\n",
        "bad-url",
        5,
        15,
        "starting with https://",
        id="bad-url-bare",
    ),
    pytest.param(
        GOOD + "    sources: ['https:///x']\n", "bad-url", 5, 15, "no host", id="bad-url-no-host"
    ),
    pytest.param(
        "events:\n  - id: a\n    date: 2021\n    title: '  '\n",
        "empty-title",
        4,
        12,
        "empty",
        id="empty-title",
    ),
    pytest.param(
        "events:\n  - id: a\n    date: 2021\n    title:\n",
        "empty-title",
        4,
        11,
        "empty",
        id="null-title",
    ),
    pytest.param(
        'events:\n  - id: a\n    date: 2021\n    title: "a\\nb"\n',
        "multiline-title",
        4,
        12,
        "one line",
        id="multiline-title",
    ),
    pytest.param("--- 1\n--- 2\n", "multiple-documents", 2, 1, "one YAML document", id="multi-doc"),
    pytest.param(
        "events: !!python/object/apply:os.system [ls]\n",
        "bad-tag",
        1,
        9,
        "!!python/object/apply:os.system",
        id="python-tag",
    ),
    pytest.param("events: !custom []\n", "bad-tag", 1, 9, "!custom", id="custom-tag"),
    pytest.param(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "limit-exceeded",
        5,
        36,
        "billion laughs",
        id="billion-laughs",
    ),
    pytest.param(
        "events: " + "[" * 70 + "]" * 70 + "\n", "limit-exceeded", 1, 72, "64 levels", id="too-deep"
    ),
    pytest.param("events: *nothing\n", "yaml-syntax", 1, 9, "no anchor", id="undefined-alias"),
    pytest.param(
        GOOD.replace("2021-06-02", "2021-03-14T02:30") + "    timezone: America/New_York\n",
        "nonexistent-time",
        3,
        11,
        "the clocks go from 01:59 straight to 03:00 that day; write 2021-03-14T01:59 or "
        "2021-03-14T03:00",
        id="spring-forward-gap",
    ),
]


@pytest.mark.parametrize(("text", "code", "line", "column", "fragment"), BAD)
def test_bad_store(
    text: str, code: str, line: int, column: int, fragment: str, tmp_path: Path
) -> None:
    problem = one(text, tmp_path)
    path = str(tmp_path / "events.yaml")
    assert (problem.code, problem.line, problem.column) == (code, line, column), str(problem)
    assert fragment.format(path=path) in problem.message
    assert problem.severity == "error"
    assert problem.path == path


def test_every_error_code_has_a_bad_store() -> None:
    tested = {p.values[1] for p in BAD} | {"encoding", "unreadable"}
    errors = {code for code, (severity, _) in CODES.items() if severity == "error"}
    assert errors <= tested, errors - tested


# Values with underscores that PyYAML (a YAML 1.1 reader) reads as numbers, or as text.
YAML11_UNDERSCORE_NUMBERS = ("1_000", "0x_ff", "1_0.5", "0_7", "+1_000", "0b1_0", "1.0_1", ".5_1")
YAML11_UNDERSCORE_TEXT = ("_1", "1_000a", "2021_report", "x_1", "1-000", "1_0e+3", "-.5_1", "._5")


def test_underscore_cases_agree_with_a_yaml_11_reader() -> None:
    """PyYAML's own resolver is the oracle for which of these YAML 1.1 reads as numbers."""
    import yaml

    for value in YAML11_UNDERSCORE_NUMBERS:
        assert isinstance(yaml.safe_load(value), (int, float)), value
    for value in YAML11_UNDERSCORE_TEXT:
        assert yaml.safe_load(value) == value, value


def _new_york(date: str) -> str:
    """GOOD with `date` in America/New_York."""
    return GOOD.replace("2021-06-02", date) + "    timezone: America/New_York\n"


# (date in New York, code, line, column, what the message says; 0, 0 when no problem)
_WALL_CLOCK = [
    ("2021-11-07T01:30", "ambiguous-time", 3, 11,
     "write 2021-11-07T01:30-04:00 or 2021-11-07T01:30-05:00", "fall-back-fold"),
    ("2021-11-07T01:30-05:00", "ambiguous-time", 0, 0, "", "fold-with-offset"),
    ("2021-06-02T10:00+05:30", "conflicting-offset", 3, 11,
     "is 00:30 EDT (UTC-04:00) in America/New_York", "offset"),
    ("1969-07-21T02:56:15Z", "conflicting-offset", 0, 0, "", "utc-instant-is-fine"),
]  # fmt: skip

WARNINGS = [
    *(
        pytest.param(_new_york(date), code, line, column, fragment, id=name)
        for date, code, line, column, fragment, name in _WALL_CLOCK
    ),
    pytest.param(GOOD + "    location: NO\n", "ambiguous-yaml", 5, 15, "as a boolean", id="norway"),
    pytest.param(
        GOOD + "    people: [a, NO]\n", "ambiguous-yaml", 5, 17, "as a boolean", id="norway-listed"
    ),
    pytest.param(
        "events:\n  - id: yes\n    date: 2021\n    title: A\n",
        "ambiguous-yaml",
        2,
        9,
        "as a boolean",
        id="norway-id",
    ),
    pytest.param(
        "events:\n  - id: a\n    date: 2021\n    title: off\n",
        "ambiguous-yaml",
        4,
        12,
        "as a boolean",
        id="norway-title",
    ),
    pytest.param(GOOD + "    location: '12:30'\n", "ambiguous-yaml", 0, 0, "", id="quoted-is-fine"),
    pytest.param(
        GOOD + "    location: 12:30\n", "ambiguous-yaml", 5, 15, "as a number", id="sexagesimal"
    ),
    *[
        pytest.param(
            GOOD + f"    location: {value}\n", "ambiguous-yaml", 5, 15, "as a number", id=value
        )
        for value in YAML11_UNDERSCORE_NUMBERS
    ],
    *[
        pytest.param(GOOD + f"    location: {value}\n", "ambiguous-yaml", 0, 0, "", id=value)
        for value in YAML11_UNDERSCORE_TEXT
    ],
    pytest.param(
        GOOD + "    tags: [x, x]\n", "duplicate-value", 5, 15, "twice", id="duplicate-tag"
    ),
    pytest.param(
        GOOD + "    sources: [https://a.example, https://a.example]\n",
        "duplicate-value",
        5,
        34,
        "twice",
        id="duplicate-source",
    ),
    pytest.param(
        GOOD + '    summary: "\\e[31m"\n', "control-character", 5, 14, "U+001B", id="escape"
    ),
    pytest.param(
        GOOD + '    location: "\\u202e"\n', "control-character", 5, 15, "U+202E", id="bidi"
    ),
]


@pytest.mark.parametrize(("text", "code", "line", "column", "fragment"), WARNINGS)
def test_warnings(
    text: str, code: str, line: int, column: int, fragment: str, tmp_path: Path
) -> None:
    found = problems_of(text, tmp_path)
    if not line:
        assert found == []
        return
    assert len(found) == 1, found
    assert (found[0].code, found[0].line, found[0].column) == (code, line, column)
    assert found[0].severity == "warning"
    assert fragment in found[0].message


def test_every_warning_code_is_tested() -> None:
    # conflicting-title: tests/test_cli.py; skipped-file: tests/test_hostile_messages.py;
    # conflicting-markup: tests/test_markup.py
    tested = {p.values[1] for p in WARNINGS} | {
        "conflicting-title",
        "skipped-file",
        "conflicting-markup",
    }
    warnings = {code for code, (severity, _) in CODES.items() if severity == "warning"}
    assert warnings <= tested


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    found = problems_of(
        """\
        events:
          - id: a
            date: 2021-02-30
            title: ''
            tags: x
          - date: 2021
            title: B
            colour: red
        """,
        tmp_path,
    )
    assert sorted((p.line, p.column, p.code) for p in found) == [
        (3, 11, "bad-date"),
        (4, 12, "empty-title"),
        (5, 11, "wrong-type"),
        (6, 5, "missing-key"),
        (8, 5, "unknown-key"),
    ]


def test_encoding_problem_is_located(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes(b"events:\n  - id: a\n    title: caf\xe9\n")
    _, problems = check([str(path)])
    assert [(p.code, p.line, p.column) for p in problems] == [("encoding", 3, 15)]


def test_byte_order_marks_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert len(load(str(path))) == 1
    path.write_bytes(GOOD.encode("utf-16"))
    assert len(load(str(path))) == 1


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    _, problems = check([str(tmp_path / "nope.yaml")])
    assert [(p.code, p.line) for p in problems] == [("unreadable", 0)]
    assert "no such file" in problems[0].message


def test_unreadable_file_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "store"
    (folder / "b.yaml").mkdir(parents=True)  # a directory where a file is expected
    (folder / "a.yaml").write_text(GOOD)
    _, problems = check([str(folder)])
    assert [(p.code, p.path) for p in problems] == [("unreadable", str(folder / "b.yaml"))]

    real_open = os.open
    blocked = str(folder / "a.yaml")

    def denied(path: str, *args: int, **kwargs: int) -> int:
        if path == blocked:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    _, problems = check([str(folder / "a.yaml")])
    assert [p.message for p in problems] == ["cannot read: permission denied"]


def test_yaml_12_meaning(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            events:
              - id: 0711
                date: -0100
                title: "no"
                location: Oslo
                tags: ["on", "off"]
                x-count: 0o17
                x-flag: yes
                x-time: 12:30
                x-nothing: ~
              - id: b
                date: 2021-06-02 09:30
                title: B
            """
        )
    )
    timeline = load(str(path))
    first, second = timeline.events
    assert first.id == "0711"
    assert str(first.date) == "-0100"
    assert first.title == "no"
    assert dict(first.extensions) == {
        "x-count": 15,
        "x-flag": "yes",
        "x-time": "12:30",
        "x-nothing": None,
    }
    assert str(second.date) == "2021-06-02 09:30"


def test_directory_store_and_duplicate_ids_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "a.yaml").write_text("title: One\nevents:\n  - {id: x, date: 2021, title: X}\n")
    (folder / "b.yml").write_text("title: Two\nevents:\n  - {id: x, date: 2022, title: Y}\n")
    (folder / "notes.txt").write_text("ignored")
    timeline, problems = check([str(folder)])
    assert timeline.title == "One"
    assert [(p.code, p.path.endswith("b.yml")) for p in problems] == [
        ("conflicting-title", True),
        ("duplicate-id", True),
    ]
    assert str(folder / "a.yaml") + ":3:10" in problems[1].message


def test_several_paths_and_per_file_timezone(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "timezone: Asia/Kolkata\nevents:\n  - {id: india, date: 2021-06-02, title: India}\n"
    )
    (tmp_path / "b.yaml").write_text("events:\n  - {id: utc, date: 2021-06-02, title: Utc}\n")
    timeline = load([str(tmp_path / "b.yaml"), str(tmp_path / "a.yaml")])
    # Midnight in Kolkata comes 5.5 hours before midnight UTC.
    assert [e.id for e in timeline.events] == ["india", "utc"]
    assert timeline.events[0].timezone == "Asia/Kolkata"


def test_invalid_store_raises_with_problems(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("events: [1]\n")
    with pytest.raises(InvalidStore) as caught:
        load(str(path))
    assert caught.value.problems[0].code == "wrong-type"


def test_bare_list_store(store: Callable[..., str]) -> None:
    timeline = load(store("- {id: a, date: 2021/.., title: A}\n"))
    assert isinstance(timeline.events[0].date, Interval)
    assert timeline.title is None


def test_order_of_spec(store: Callable[..., str]) -> None:
    path = store(
        textwrap.dedent(
            """\
            timezone: America/New_York
            events:
              - {id: t2, date: 2021-01-01T00:00, title: timed}
              - {id: d, date: 2021-01-01, title: day}
              - {id: y, date: 2021, title: year}
              - {id: m, date: 2021-01, title: month}
              - {id: z, date: 2021-01-01T04:59Z, title: before midnight in New York}
              - {id: e2, date: 2021, end: 2022, title: year}
              - {id: a, date: 2021, title: Year}
              - {id: open, date: ../2021, title: open}
              - {id: bc, date: -0043, title: Caesar}
            """
        )
    )
    ids = [e.id for e in load(path).events]
    assert ids == ["open", "bc", "z", "a", "y", "e2", "m", "d", "t2"]


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ("9" * 4300, False),
        ("1" + "0" * 4300, True),
        ("-" + "9" * 4300, False),
        ("-1" + "0" * 4300, True),
        ("0" * 5000 + "7", False),  # leading zeros are not digits of the number
        ("0x" + "f" * 3571, False),  # 16**3571 - 1 has 4,300 digits
        ("0x" + "f" * 3572, True),
        ("0o" + "7" * 4761, False),
        ("0o" + "7" * 4762, True),
        ('"' + "9" * 5000 + '"', False),  # quoted: text
        (f"0x{10**4300 - 1:x}", False),  # the largest integer of 4,300 digits
        (f"0x{10**4300:x}", True),  # the smallest of 4,301
    ],
    ids=lambda v: f"{v[:6]}…{len(v)}" if isinstance(v, str) else str(v),
)
def test_integer_digit_limit(value: str, refused: bool, tmp_path: Path) -> None:
    found = problems_of(GOOD + f"    x-number: {value}\n", tmp_path)
    if refused:
        assert [(p.code, p.line, p.column) for p in found] == [("limit-exceeded", 5, 15)]
        assert "4,300 digits" in found[0].message
    else:
        assert found == []


def test_a_key_over_the_length_limit_says_so(tmp_path: Path) -> None:
    key = "x-" + "k" * 1100
    (found,) = problems_of(GOOD + f"    {key}: 1\n", tmp_path)
    assert (found.code, found.line) == ("yaml-syntax", 5)
    assert "a key longer than 1,024 characters is not a key in YAML 1.2" in found.message
    for other in ("x-a-somewhat-longer-key-name", "x-" + "k" * 1020):  # indented past 1,024
        (short,) = problems_of(GOOD + f"    {other}: 1: 2\n", tmp_path)  # another mistake
        assert short.code == "yaml-syntax"
        assert "1,024" not in short.message


# Daylight-saving changes in 2021: (zone, a time in the spring gap, a time in the autumn fold,
# the clocks around the gap). Sydney is in the southern hemisphere; Lord Howe shifts by 30
# minutes; Kolkata has no changes.
DST_ZONES = [
    ("America/New_York", "2021-03-14T02:30", "2021-11-07T01:30", ("01:59", "03:00")),
    ("Europe/London", "2021-03-28T01:30", "2021-10-31T01:30", ("00:59", "02:00")),
    ("Australia/Sydney", "2021-10-03T02:15", "2021-04-04T02:30", ("01:59", "03:00")),
    ("Australia/Lord_Howe", "2021-10-03T02:10", "2021-04-04T01:45", ("01:59", "02:30")),
]


@pytest.mark.parametrize(
    ("zone", "gap", "fold", "around"), DST_ZONES, ids=[z[0] for z in DST_ZONES]
)
@pytest.mark.parametrize("where", ["event", "store", "store-after-events", "end", "interval"])
def test_gaps_and_folds(
    zone: str, gap: str, fold: str, around: tuple[str, str], where: str, tmp_path: Path
) -> None:
    def store(when: str) -> str:
        date, extra = when, ""
        if where == "end":
            date, extra = when[:10], f"    end: {when}\n"
        elif where == "interval":
            date = f"{when[:10]}/{when}"
        text = f"events:\n  - id: a\n    date: {date}\n    title: A\n{extra}"
        if where == "event":
            return text + f"    timezone: {zone}\n"
        if where == "store":
            return f"timezone: {zone}\n" + text
        return text + f"timezone: {zone}\n"

    (gap_problem,) = problems_of(store(gap), tmp_path)
    assert (gap_problem.code, gap_problem.severity) == ("nonexistent-time", "error")
    assert f"the clocks go from {around[0]} straight to {around[1]}" in gap_problem.message
    assert gap_problem.line == 3 + 2 * (where == "end") + (where == "store")
    (fold_problem,) = problems_of(store(fold), tmp_path)
    assert (fold_problem.code, fold_problem.severity) == ("ambiguous-time", "warning")
    from chronology.loader import check

    path = tmp_path / "events.yaml"
    path.write_text(store(fold))
    timeline, _ = check([str(path)])
    assert [e.id for e in timeline.events] == ["a"]  # a warning keeps the event
    path.write_text(store(gap))
    assert check([str(path)])[0].events == ()  # an error drops it


def test_a_zone_without_changes_has_no_gaps(tmp_path: Path) -> None:
    text = "timezone: Asia/Kolkata\nevents:\n  - id: a\n    date: 2021-03-14T02:30\n    title: A\n"
    assert problems_of(text, tmp_path) == []


SYNONYMS = [
    # (where the key is written, the key, what is suggested)
    ("event", "person", "people"),
    ("event", "url", "sources"),
    ("event", "place", "location"),
    ("event", "when", "date"),
    ("event", "desc", "summary"),
    ("event", "description", "summary"),
    ("event", "Category", "tags"),
    ("event", "tz", "timezone"),
    ("source", "link", "url"),
    ("source", "name", "title"),
    ("source", "retrieved", "accessed"),
    ("store", "desc", "description"),
    ("store", "zone", "timezone"),
]


@pytest.mark.parametrize(("where", "key", "meant"), SYNONYMS)
def test_unknown_keys_suggest_the_key_people_mean(
    where: str, key: str, meant: str, tmp_path: Path
) -> None:
    """Spelling alone cannot tell that `person` means `people`: a table of synonyms can."""
    event = "  - id: a\n    date: 2021\n    title: A\n"
    if where == "event":
        text = f"events:\n{event}    {key}: x\n"
    elif where == "source":
        text = (
            f"events:\n{event}    sources:\n      - url: https://example.org/\n        {key}: x\n"
        )
    else:
        text = f"{key}: x\nevents:\n{event}"
    problems = problems_of(text, tmp_path)
    unknown = [p for p in problems if p.code == "unknown-key"]
    assert len(unknown) == 1, problems
    assert unknown[0].message.endswith(f"; did you mean {meant!r}?")


def test_show_suggests_ids_that_start_with_or_contain_what_was_typed() -> None:
    from chronology.dates import parse_date
    from chronology.model import Event, Timeline

    ids = ["apollo-4", "apollo-7", "apollo-8", "apollo-13-explosion", "saturn-v-apollo-13"]
    timeline = Timeline(tuple(Event(id=i, date=parse_date("1968"), title=i) for i in ids))
    found = timeline.suggest("apollo-13")
    assert found[:2] == ["apollo-13-explosion", "saturn-v-apollo-13"]  # then the closest
    assert found[2] in ("apollo-4", "apollo-7", "apollo-8")
    assert timeline.suggest("APOLLO-1")[0] == "apollo-13-explosion"
    assert timeline.suggest("apolo-7")[0] == "apollo-7"
    assert timeline.suggest("zzz") == []


# -- the cyclic collector while a store is read


def test_a_pause_of_the_collector_ends_as_it_began_and_keep_freezes_what_was_made() -> None:
    import gc

    from chronology.loader import collector_paused

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with collector_paused():
        assert not gc.isenabled()
        made = [[n] for n in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    with collector_paused(keep=True):
        with collector_paused():  # a pause within a pause leaves the outer one be
            made += [[n] for n in range(1000)]
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + 2000
    gc.disable()
    try:
        with collector_paused(keep=True):  # a caller's own pause is kept, and nothing frozen
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "--no-cache"],
        ["list", "--no-cache"],
        ["add", "--no-cache", "--date", "2021-06-03", "--title", "B"],
        ["import", "IMPORTED"],
    ],
)
def test_a_command_keeps_the_store_it_read_out_of_the_collectors_sight(
    command: list[str], tmp_path: Path
) -> None:
    """The collector's first collection after a read would scan every object of the store
    (0.3 s of a 4.7 s `validate` of 100,000 events): a command freezes them instead."""
    import gc

    from click.testing import CliRunner

    from chronology.cli import main

    store = tmp_path / "events.yaml"
    store.write_text(GOOD, encoding="utf-8")
    imported = tmp_path / "more.json"
    imported.write_text(
        '{"events": [{"id": "c", "date": "2021-06-04", "title": "C"}]}', encoding="utf-8"
    )
    command = [str(imported) if word == "IMPORTED" else word for word in command]
    gc.unfreeze()
    try:
        result = CliRunner().invoke(main, [*command, "-f", str(store)])
        assert result.exit_code == 0, result.output
        if command[0] in ("add", "import"):
            assert store.read_text(encoding="utf-8").count("- id:") == 2
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
