"""The quick reader (`chronology.quick`) gives exactly the full way's verdicts.

Every store is read both ways: the quick reader where it takes the file, and the full way
(libyaml and the node validator) with the quick reader turned off. The timeline, every
problem and each file's layout must be equal. The generators below write stores in the
usual shape with the variations people make by hand (comments, quotes, trailing spaces,
other key orders, block lists, words YAML reads as other things), and a fuzzer puts
characters that matter to YAML at random places of a store the quick reader takes.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chronology import quick
from chronology.errors import Problem
from chronology.model import Timeline
from chronology.store import Layout
from chronology.validate import validate_sources

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import stores as benchmark_stores  # noqa: E402
from run import generate  # noqa: E402

Outcome = tuple[Timeline, list[Problem], list[Layout | None]]
#: The budget of the differential tests: QUICK_EXAMPLES=100000 for a run outside CI.
DIFFERENTIAL = settings(
    max_examples=int(os.environ.get("QUICK_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


#: How many events the quick reader handed to be read alone, in the last `read_both`.
ALONE = [0]


def read_both(files: list[tuple[str, bytes]]) -> tuple[Outcome, Outcome, int]:
    """The outcome with the quick reader, without it, and how many files it took."""
    taken = 0
    real_read = quick.read
    ALONE[0] = 0

    def counting(*args: object, **keywords: object) -> quick.Reading | None:
        nonlocal taken
        reading = real_read(*args, **keywords)  # type: ignore[arg-type]
        taken += reading is not None
        ALONE[0] += reading.alone if reading is not None else 0
        return reading

    quick.read = counting  # type: ignore[assignment]
    try:
        fast = validate_sources([(path, data, None) for path, data in files])
        quick.read = lambda *args, **keywords: None  # type: ignore[assignment]
        full = validate_sources([(path, data, None) for path, data in files])
    finally:
        quick.read = real_read  # type: ignore[assignment]
    return fast, full, taken


def assert_same(files: list[tuple[str, bytes]]) -> int:
    fast, full, taken = read_both(files)
    assert fast[1] == full[1], "problems differ"
    assert fast[0] == full[0], "timelines differ"
    assert fast[2] == full[2], "layouts differ"
    return taken


def one(text: str) -> int:
    return assert_same([("store.yaml", text.encode("utf-8"))])


# ------------------------------------------------------------------ real stores


def test_bundled_store_is_taken_and_the_same() -> None:
    assert assert_same([(str(ROOT / "events.yaml"), (ROOT / "events.yaml").read_bytes())]) == 1


def test_benchmark_store_is_taken_and_the_same() -> None:
    assert one(generate(300)) == 1


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (ROOT / "tests").glob("*/**/*.yaml") if p.is_file()),
    ids=lambda p: str(p.relative_to(ROOT / "tests")),
)
def test_every_test_store_is_the_same(path: Path) -> None:
    assert_same([(str(path), path.read_bytes())])


def test_store_written_by_add_is_taken(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "events.yaml"
    store.write_text("title: T\nevents:\n", encoding="utf-8")
    for i in range(3):
        result = cli(
            "add", "-f", str(store), "--date", f"2021-06-0{i + 1}",
            "--title", f"Meeting {i}: talks",
            "--summary", "First line.\n\nSecond: line.", "--tag", "yes", "--tag", "nato",
            "--tag", "a, b", "--tag", "#x",
            "--person", "O'Brien", "--source", "https://example.org/a?b=c#d",
            "--location", "New York",
        )  # fmt: skip
        assert result.exit_code == 0, result
    assert one(store.read_text(encoding="utf-8")) == 1


def test_crlf_stores_are_taken_and_the_same(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """CRLF line ends read as LF; the layout counts the file's own characters, so that
    `add` still lands in the right place."""
    text = (ROOT / "events.yaml").read_text(encoding="utf-8").replace("\n", "\r\n")
    assert assert_same([("events.yaml", text.encode())]) == 1
    assert one(generate(40).replace("\n", "\r\n")) == 1
    mixed = generate(40).replace("\n", "\r\n", 30)
    assert one(mixed) == 0
    store = tmp_path / "events.yaml"
    store.write_bytes(text.encode())
    result = cli("add", "-f", str(store), "--date", "2026-02-01", "--title", "Later")
    assert result.exit_code == 0, result
    written = store.read_bytes()
    assert written.count(b"\n") == written.count(b"\r\n")
    assert written.endswith(b"    title: Later\r\n")


def test_files_of_one_store_share_ids_and_title() -> None:
    first = "title: A\nevents:\n  - id: a\n    date: 2021\n    title: One\n"
    second = "title: B\nevents:\n  - id: a\n    date: 2022\n    title: Two\n"
    third = "timezone: Asia/Kolkata\nevents:\n  - id: c\n    date: 2022-01-01T10:00\n    title: T\n"
    assert_same(
        [("a.yaml", first.encode()), ("b.yaml", second.encode()), ("c.yaml", third.encode())]
    )
    assert_same([("c.yaml", third.encode()), ("a.yaml", first.encode())])


# ------------------------------------------------------------------ generated stores

# Each value is usual most of the time, and now and then one of the odd ones: enough of
# the generated stores stay clean for the quick reader to take them, and the odd values
# probe where it must give up (or must not).
IDS = ["'{}'", '"{}"', "{} # note", "{}  ", "2021{}", "no", "0b101", "1e5", "-{}", "{} x", "{}:"]
DATES = ["2021-06-02", "2021", "2021-06", "2021-06-02T10:00", "2021-06-02/2021-06-05", "2021/.."]
ODD_DATES = [
    "'2021'", '"2021-06"', "2021-13-01", "~", "", "2021-06-02 # when", "2021-06-02   ",
    "[2021]", "2021-06-02T10:00+05:30", "-0044", "2021-06-02?", "2021-06~", "../2021",
    "2021-06-05/2021-06-02", "2021-06-02T25:00", "null", "2021-06-02T10:00Z", "2021-06-02 x",
]  # fmt: skip
ENDS = ["2021-06-03", "2021-06-01", "2021/2022", "'2021-07'", "", "2021-06-02T09:00", "2022"]
TEXTS = ["Meeting", "Joint statement on data", "O'Brien visits", "New York, N.Y.", "Café – Genève"]
ODD_TEXTS = [
    "'Quoted: yes'", '"Double"', "yes", "null", "Title: colon", "C#", "a # comment",
    "  spaced", "''", "123", "~", "-dash", "? q", "[x]", "{a: 1}", "*alias", "&anchor x",
    "!!str x", "%x", "@x", "`x", "x:", "a:b", "'it''s'", '"back\\slash"', "true", "Off",
    "0x1F", ".inf", "1:20", "+1", "tab\there", "'unclosed", "1_000", "a  # two", "#hash",
    "trailing   ", "नई दिल्ली", "x\u200ey", '"a" b', "'a' # c", "'a'b",
]  # fmt: skip
ZONES = ["Asia/Kolkata", "UTC", "America/New_York"]
ODD_ZONES = ["Mars/Base", "'UTC'", "utc", "America/New_York # home", "+05:30", ""]
FLOWS = ["[a, b]", "[cnwg, meeting, data]", "[Kemp Chester, O'Brien]", "[nato]"]
ODD_FLOWS = [
    "[a,b]", "[ a , b ]", "[]", "[a, a]", "[yes]", "[1]", "[a, ]", "[a: b]", "['q']",
    "[a] # c", "[a, [b]]", "[ ]", "[a b, c d]", "[-a]", "[a,  b]", "[a ,b]", "[ü, é]",
    "[a, null]", "[a, ~]", "[a, 'b']", "[a, b]  ", '["yes", nato]', "['a, b', c]",
    "[\"#x\"]", "['']", "[a, 'a']", "['it''s']", "[a,]", "[,a]", "[a # c]", "[a, b",
    "[a , b]", "[a, b ]", "[ a, b]", "[a,\tb]",
]  # fmt: skip
URLS = ["https://example.org/{}", "http://example.org/x?a=b&c=d#f{}"]
ODD_URLS = [
    "ftp://example.org/x", "example.org/x", "'https://example.org/q'", "mailto:a@example.org",
    "https://", "https://example.org/a b", "https://example.org/{} # c", "",
]  # fmt: skip
SUMMARIES = [
    " |\n{i}  First line.\n{i}  Second: line.\n",
    " |\n{i}  First.\n\n{i}  After a blank.\n",
    " |\n{i}  First.\n{i}\n{i}  After a blank, written by add.\n",
    " One line.\n",
]  # fmt: skip
ODD_SUMMARIES = [
    " |-\n{i}  Only line.\n",
    " |\n{i}  First.\n{i}    More indented.\n",
    " |\n{i}    More indented first.\n{i}  Less.\n",
    " |\n{i}  With trailing spaces.   \n",
    " |\n{i}  Spaces line next.\n{i}     \n{i}  End.\n",
    " |\n{i}  Short spaces line last.\n{i} \n",
    " |\n{i}  # not a comment\n",
    " |\n{i}  Text\n{i} # a comment\n",
    " >\n{i}  Folded\n{i}  text.\n",
    " |+\n{i}  Kept.\n\n",
    " 'Quoted one line.'\n",
    " Plain\n{i}  continued.\n",
    " |\n{i}  Text\n# column-0 comment\n",
    " |\n\n{i}  Leading blank.\n",
    " |2\n{i}  Indicator.\n",
    " |  # note\n{i}  Text.\n",
    " |\n{i} Too little indentation.\n",
    " |\n{i}  Text\n{i}- not an item\n",
]  # fmt: skip


BASE = """\
title: Store
events:
  - id: ev-1
    date: {date}
    title: {title}
    summary:{summary}
    location: {location}
    timezone: {zone}
    tags: {tags}
    people:
      - {person}
    sources:
      - {url}
      - url: https://example.org/second
        title: {source_title}
  - id: ev-2
    date: 2021-06-02
    title: The next one
"""
USUAL = {
    "date": "2021-06-02",
    "title": "Meeting",
    "summary": " |\n      First line.\n      Second line.\n",
    "location": "Vienna",
    "zone": "Europe/Vienna",
    "tags": "[a, b]",
    "person": "Kemp Chester",
    "url": "https://example.org/first",
    "source_title": "Report",
}
ODD = [
    *(("date", value) for value in ODD_DATES),
    *(
        (field, value)
        for field in ("title", "location", "person", "source_title")
        for value in ODD_TEXTS
    ),
    *(("summary", value.format(i="    ")) for value in ODD_SUMMARIES),
    *(("zone", value) for value in ODD_ZONES),
    *(("tags", value) for value in ODD_FLOWS),
    *(("url", value.format("x")) for value in ODD_URLS),
]


@pytest.mark.parametrize(("field", "value"), ODD, ids=[f"{f}={v!r}" for f, v in ODD])
def test_one_odd_value_reads_the_same(field: str, value: str) -> None:
    """A clean store but for one value: taken or not, both ways agree."""
    one(BASE.format(**{**USUAL, field: value}))


def test_the_clean_base_store_is_taken() -> None:
    assert one(BASE.format(**USUAL)) == 1


def test_limits_are_the_full_ways() -> None:
    """A scalar over the size limit is refused, however it is read."""
    from chronology.store import MAX_SCALAR_CHARS

    long = "x" * (MAX_SCALAR_CHARS + 1)
    for field in ("title", "location"):
        text = BASE.format(**{**USUAL, field: long})
        fast, full, _ = read_both([("store.yaml", text.encode())])
        assert fast == full
        assert [p.code for p in full[1]] == ["limit-exceeded"]
    summary = " |\n" + ("      " + "y" * 999 + "\n") * 1002
    assert one(BASE.format(**{**USUAL, "summary": summary})) == 0


@pytest.mark.parametrize("summary", [USUAL["summary"], " 'Quoted over\n      two lines.'"])
def test_a_key_twice_in_the_usual_places(summary: str) -> None:
    """`timezone:` fits two places of the usual order; written in both, it is a duplicate:
    in `add`'s layout (read by one match), and with a value over two lines (read in the
    usual order, each value as `general` reads it)."""
    text = BASE.format(**{**USUAL, "summary": summary})
    assert one(text) == 1
    assert one(text.replace("    sources:", "    timezone: UTC\n    sources:", 1)) == 0


SECOND_LIST = "events:\n  - id: ev-9\n    date: 2022\n    title: Later\n"


@pytest.mark.parametrize(
    ("where", "taken"),
    [
        ("the list first in the file", 1),
        ("a second list after the first", 0),
        ("a second list, the first at the file's start", 0),
        ("a second list after a comment", 0),
        ("a line 'events:' in a quoted title of the header", 0),
        ("a line 'events:' in a folded description", 1),
    ],
)
def test_the_events_key_once_is_found_without_a_count(where: str, taken: int) -> None:
    """The quick reader takes the file only where its one top-level `events:` list is; a
    second `events:` key (a duplicate the full way reports), or one inside another value,
    gives the full way's verdict."""
    text = BASE.format(**USUAL)
    if where == "the list first in the file":
        text = text.removeprefix("title: Store\n")
    elif where == "a second list after the first":
        text += SECOND_LIST
    elif where == "a second list, the first at the file's start":
        text = text.removeprefix("title: Store\n") + SECOND_LIST
    elif where == "a second list after a comment":
        text += "# more\n" + SECOND_LIST
    elif where == "a line 'events:' in a quoted title of the header":
        text = text.replace("title: Store", "title: 'Store\nevents:\n  - x'", 1)
    else:
        text = text.replace("title: Store", "description: >\n  Store\n  events:\n  more", 1)
    assert one(text) == taken


def test_dumped_and_hand_written_events_are_read_in_one_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Styles (b) and (c) keep `add`'s order of keys: each event is read by one match of
    that order (`in_order`), never key by key (`general`); (b)'s sources, a block list at
    the key's indentation, by one match too, and (c)'s block lists of sources after a
    comment; only (c)'s flow lists of sources are read item by item (`general_sources`)."""
    found = benchmark_stores.events(300)
    called: list[str] = []
    for name in ["general", "general_sources"]:
        real = getattr(quick._Events, name)
        monkeypatch.setattr(
            quick._Events,
            name,
            lambda self, *a, _real=real, _name=name: called.append(_name) or _real(self, *a),
        )
    for style in ["dump", "hand"]:
        called.clear()
        text = benchmark_stores.write(style, found)
        assert one(text) == 1
        flow = text.count("\n    sources: [")
        assert called == ["general_sources"] * flow, style
        if style == "hand":
            assert flow > 100
            assert text.count("    sources:  # ") > 100


def test_add_s_layout_is_tried_again_now_and_then_after_a_miss(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Items in `add`'s layout are each read by its one match; after an item in another
    layout, the next 31 go straight to `in_order`, and then `add`'s layout is tried again,
    so that events `add` appended to a dumped file are read its quick way once more."""
    tried: list[int] = []
    real = quick._whole

    def whole(pattern: re.Pattern[str], chunk: str) -> re.Match[str] | None:
        if pattern.pattern.startswith("id: ("):  # `add`'s layout (`_canonical`)
            tried.append(int(chunk[7:13]))  # the number of `id: ev-000123`
        return real(pattern, chunk)

    monkeypatch.setattr(quick, "_whole", whole)
    found = benchmark_stores.events(200)
    assert one(benchmark_stores.write("add", found)) == 1
    assert tried == list(range(200))
    tried.clear()
    dumped = benchmark_stores.write("dump", found[:100]).rstrip("\n")
    added = benchmark_stores.write("add", found[100:]).split("events:\n", 1)[1]
    # (style (b)'s items start at column 0, `add`'s at 2: the same list needs one column)
    added = "".join(line[2:] + "\n" for line in added.splitlines())
    assert one(dumped + "\n" + added) == 1
    # Dumped items: one try in 32. The first try after them finds `add`'s layout again,
    # and from there on every item is tried (and found).
    assert tried == [0, 32, 64, 96, *range(128, 200)]


def pick(draw: st.DrawFn, usual: list[str], odd: list[str]) -> str:
    """A usual value, or one time in ten an odd one."""
    if draw(st.integers(0, 9)) == 7:  # not 0, which hypothesis draws far more often
        return draw(st.sampled_from(odd))
    return draw(st.sampled_from(usual))


#: Values over several lines (`{i}` is the event's indentation), as YAML dumpers and people
#: write them.
MULTI_TEXTS = [
    " Over\n{i}  two lines\n", " 'Quoted\n{i}  over two'\n", ' "Double\n{i}    over two"\n',
    " 'Blank\n\n{i}  line'\n", " Less\n{i}indented\n", " 'It''s\n{i}  quoted'  # c\n",
    " Comment\n{i}  # after\n",
]  # fmt: skip
MULTI_SUMMARIES = [
    " >\n{i}  Folded\n{i}  text.\n\n{i}  Next.\n", " 'Quoted\n\n{i}  summary\n\n{i}  '\n",
    " Plain\n{i}  summary\n", " >-\n{i}  Folded  \n{i}   more\n",
]  # fmt: skip


@st.composite
def events(draw: st.DrawFn, index: int, indent: str) -> str:
    """One item of an events list, as text (with its `- `)."""
    i = indent + "  "
    fields: list[tuple[str, str]] = []
    fields.append(("id", " " + pick(draw, ["{}"], IDS).format(f"ev-{index}") + "\n"))
    fields.append(("date", f" {pick(draw, DATES, ODD_DATES)}\n"))
    if draw(st.integers(0, 5)) == 0:
        fields.append(("end", f" {draw(st.sampled_from(ENDS))}\n"))
    if draw(st.integers(0, 5)):
        fields.append(("title", f" {pick(draw, [f'Event {index}', *TEXTS], ODD_TEXTS)}\n"))
    else:
        fields.append(("title", draw(st.sampled_from(MULTI_TEXTS)).format(i=i)))
    if draw(st.booleans()):
        summaries = SUMMARIES + MULTI_SUMMARIES
        fields.append(("summary", pick(draw, summaries, ODD_SUMMARIES).format(i=i)))
    if draw(st.booleans()):
        fields.append(("location", f" {pick(draw, TEXTS, ODD_TEXTS)}\n"))
    if draw(st.integers(0, 3)) == 0:
        fields.append(("timezone", f" {pick(draw, ZONES, ODD_ZONES)}\n"))
    for key in ("tags", "people"):
        if draw(st.booleans()):
            if draw(st.integers(0, 3)):
                fields.append((key, f" {pick(draw, FLOWS, ODD_FLOWS)}\n"))
            else:
                items = [pick(draw, TEXTS, ODD_TEXTS) for _ in range(draw(st.integers(1, 3)))]
                fields.append((key, "\n" + "".join(f"{i}  - {item}\n" for item in items)))
    if draw(st.integers(0, 5)) == 0:
        flow = [f"'https://example.org/{index}'", f"https://example.org/{index}/b#c"]
        fields.append(("sources", f" [{', '.join(flow[: draw(st.integers(1, 2))])}]\n"))
    elif draw(st.booleans()):
        lines = []
        for n in range(draw(st.integers(1, 3))):
            url = pick(draw, URLS, ODD_URLS).format(f"{index}-{n}")
            shape = draw(st.integers(0, 9))
            if shape < 4:
                lines.append(f"{i}  - {url}\n")
            elif shape < 8:
                title = pick(draw, TEXTS, ODD_TEXTS)
                lines.append(f"{i}  - url: {url}\n{i}    title: {title}\n")
            elif shape == 8:
                when = pick(draw, DATES, ODD_DATES)
                lines.append(f"{i}  - url: {url}\n{i}    accessed: {when}\n")
            else:
                lines.append(
                    draw(
                        st.sampled_from(
                            [
                                f"{i}  - title: Before\n{i}    url: {url}\n{i}    x-seen: yes\n",
                                f"{i}  - url: {url}\n{i}    # a comment\n{i}    title: After\n",
                                f"{i}  - url: {url}\n{i}    title: A\n{i}    title: B\n",
                                f"{i}  - url: {url}\n{i}      title: Deeper\n",
                                f"{i}  - url: {url}\n{i}    x-list: [1, 2]\n",
                                f"{i}  - url: {url}\n{i}    titel: Typo\n",
                            ]
                        )
                    )
                )
        fields.append(("sources", "\n" + "".join(lines)))
    if draw(st.integers(0, 5)) == 0:
        value = draw(st.sampled_from(["5", "yes", "text", "[1, 2]", "2021-06-04", "", "'q'"]))
        fields.append(("x-extra", f" {value}\n"))
    if draw(st.integers(0, 9)) == 7:
        fields.append(draw(st.sampled_from([("titel", " Typo\n"), ("title", " Again\n")])))
    if draw(st.integers(0, 4)) == 0:
        fields = [fields[0], *draw(st.permutations(fields[1:]))]
    text = ""
    for n, (key, rest) in enumerate(fields):
        text += (f"{indent}- " if n == 0 else i) + f"{key}:{rest}"
        if draw(st.integers(0, 14)) == 0:
            text += draw(
                st.sampled_from(["\n", f"{i}# comment\n", "# column 0\n", f"{indent}# c\n"])
            )
    return text


@st.composite
def stores(draw: st.DrawFn) -> str:
    indent = draw(st.sampled_from(["  ", "", "    "]))
    header = pick(
        draw,
        [
            "title: Store\n",
            "# A comment\ntitle: Store\ndescription: >-\n  Folded\n  text.\n",
            "---\ntitle: Store\ntimezone: Asia/Kolkata\n",
            "timezone: America/New_York\n",
            "",
        ],
        [
            "title: yes\n",
            "title: [x]\n",
            "timezone: Nowhere/City\n",
            "unknown: 1\n",
            "%YAML 1.2\n---\n",
        ],
    )
    items = [draw(events(n, indent)) for n in range(draw(st.integers(1, 4)))]
    between = draw(st.sampled_from(["", "\n", f"{indent}# between\n"]))
    text = header + pick(draw, ["events:\n"], ["events:  # the list\n", "events: \n", "events:#\n"])
    text += between.join(items)
    text += pick(
        draw, ["", "# the end\n", "\n\n"], ["timezone: UTC\n", "---\nx: 1\n", "...\n", "x-end: 1\n"]
    )
    if draw(st.integers(0, 9)) == 0:
        text = text.rstrip("\n")
    if draw(st.integers(0, 9)) == 7:
        text = text.replace("\n", "\r\n")
    return text


@DIFFERENTIAL
@given(stores())
def test_generated_stores_read_the_same(text: str) -> None:
    one(text)


# Characters that matter to YAML, and others.
NOISE = [*":#-'\"[]{},&*!|>%@`? \t\n\r\\~", "\u00a0", "\u2028", "\ufeff", "é", "x", "  "]


@DIFFERENTIAL
@given(st.data())
def test_fuzzed_stores_read_the_same(data: st.DataObject) -> None:
    text = data.draw(stores())
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:at] + data.draw(st.sampled_from(NOISE)) + text[at:]
        else:
            text = text[:at] + text[at + 1 :]
    one(text)


def test_the_quick_reader_takes_most_generated_stores() -> None:
    """The generators above must reach the quick reader, or the tests prove nothing."""
    clean = generate(50)
    assert one(clean) == 1
    variants = [
        clean.replace("    location:", "    # a comment\n    location:"),
        clean.replace("    date: ", "    date:   ").replace("\n  - id:", "\n\n  - id:"),
        re.sub(r"(?m)^    title: (.*)$", r"    title: 'Quoted \1'", clean),
        re.sub(r"(?m)^  ", "", clean),  # items at column 0
        # sources listed at their key's own indentation, as PyYAML writes lists
        clean.replace("\n      - ", "\n    - ").replace("\n        title", "\n      title"),
    ]
    for text in variants:
        assert one(text) == 1


# ------------------------------------------------------------------ clean stores, one odd
# character: the generator the quick reader must take most of the time (issue 14)

#: Characters that may stand anywhere inside a plain one-line value without changing its
#: YAML meaning: letters of several scripts, digits, and punctuation that is not an
#: indicator inside a value.
SAFE_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüßЖжअआ中文ـعλ"
SAFE_INSIDE = SAFE_LETTERS + "0123456789" + ".;()/'!?&*@%+=~\\$^<>_" + "\u00e9\u0301"
#: One of each class of character that matters to YAML, to the readers or to a terminal,
#: and the pairs that make a comment or a mapping; inserted at any position of a store.
ODD_CHARACTERS = [
    *"\t\r\x00\x1b\x7f\x85\u2028\u2029\ufeff\u200b\u200e\u202e\u00a0\U0001f600\ufffd\uffff",
    *":#-'\"[]{},&*!|>%@`?~\\ \n",
    "\t# note", "\t#", " # note", ": ", "- ", "\n  ", "\n#", "\n- ", "  ",
]  # fmt: skip


def _text(rng: random.Random, low: int = 1, high: int = 24) -> str:
    """A plain one-line value: a letter first and last, single spaces inside."""
    size = rng.randint(low, high)
    chars = [rng.choice(SAFE_LETTERS)]
    for _ in range(size - 2):
        chars.append(" " if chars[-1] != " " and rng.random() < 0.15 else rng.choice(SAFE_INSIDE))
    if size > 1:
        chars.append(rng.choice(SAFE_LETTERS))
    return "".join(chars)


def _item(rng: random.Random) -> str:
    """A tag or person for a flow list: a letter first, no commas, brackets or quotes."""
    rest = "".join(rng.choice(SAFE_LETTERS + "0123456789._-") for _ in range(rng.randint(0, 9)))
    return rng.choice(SAFE_LETTERS) + rest


def clean_store(rng: random.Random) -> str:
    """A store of the usual shape whose values range over many characters, clean (to the
    validator) by construction, in one of the layouts the quick reader knows."""
    dash = rng.choice(["", "  ", "    "])
    i = dash + "  "
    text = ""
    if rng.random() < 0.7:
        text += f"title: {_text(rng)}\n"
    if rng.random() < 0.3:
        text += f"timezone: {rng.choice(['UTC', 'Asia/Kolkata', 'Europe/Vienna'])}\n"
    text += "events:\n"
    for n in range(rng.randint(1, 6)):
        event_id = re.sub(r"[^A-Za-z0-9._-]", "x", _item(rng)) + f"-{n}"
        text += f"{dash}- id: {event_id}\n"
        text += f"{i}date: {rng.choice(DATES)}\n"
        text += f"{i}title: {_text(rng)}\n"
        if rng.random() < 0.4:
            lines = [_text(rng, 1, 60) for _ in range(rng.randint(1, 4))]
            text += f"{i}summary: |\n" + "".join(f"{i}  {line}\n" for line in lines)
        if rng.random() < 0.5:
            text += f"{i}location: {_text(rng)}\n"
        for key in ("tags", "people"):
            if rng.random() < 0.5:
                items = list(dict.fromkeys(_item(rng) for _ in range(rng.randint(1, 3))))
                if rng.random() < 0.7:
                    text += f"{i}{key}: [{', '.join(items)}]\n"
                else:
                    text += f"{i}{key}:\n" + "".join(f"{i}  - {item}\n" for item in items)
        if rng.random() < 0.5:
            text += f"{i}sources:\n"
            for k in range(rng.randint(1, 3)):
                url = f"https://example.org/{n}/{k}/{_item(rng)}"
                if rng.random() < 0.5:
                    text += f"{i}  - {url}\n"
                else:
                    text += f"{i}  - url: {url}\n{i}    title: {_text(rng)}\n"
        if rng.random() < 0.2:
            value = rng.choice([str(rng.randint(0, 99)), "2.5", _text(rng)])
            key = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_-") for _ in range(6))
            text += f"{i}x-{key}: {value}\n"
    return text


def odd_store(rng: random.Random) -> str:
    """A clean store, and in three of ten one odd character at a random place."""
    text = clean_store(rng)
    if rng.random() < 0.3:
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(ODD_CHARACTERS) + text[at:]
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return text


@DIFFERENTIAL
@given(st.randoms(use_true_random=False))
def test_clean_stores_with_an_odd_character_read_the_same(rng: random.Random) -> None:
    one(odd_store(rng))


def test_the_quick_reader_takes_most_odd_stores() -> None:
    """The generator above reaches the quick reader: it takes every clean store, and most
    stores with an odd character (where the character changes nothing, or stays text)."""
    rng = random.Random(14)
    clean = sum(one(clean_store(rng)) for _ in range(100))
    assert clean >= 97, clean  # (a title may come out as `On`, which YAML 1.1 reads as true)
    taken = sum(one(odd_store(rng)) for _ in range(300))
    assert taken >= 200, taken  # 222 when written


@pytest.mark.parametrize(
    "value",
    ["Meeting\t# note", "Meeting\t#", "Meeting \t# note", "a\tb", "Meeting\t", "\tMeeting"],
)
def test_tabs_in_values_read_the_same(value: str) -> None:
    """YAML ends a plain value at a tab before `#`; the quick reader must not read on."""
    for field in ("title", "location", "person", "source_title"):
        one(BASE.format(**{**USUAL, field: value}))


@pytest.mark.parametrize("crlf", [False, True])
def test_key_length_limit_is_the_same_both_ways(crlf: bool) -> None:
    """YAML 1.2 (and libyaml) take an implicit key of up to 1,024 characters."""
    base = BASE.format(**USUAL)
    for length, taken in ((1024, 1), (1025, 0)):
        key = "x-" + "k" * (length - 2)
        in_event = base.replace("\n    title:", f"\n    {key}: 1\n    title:", 1)
        in_source = base.replace("\n        title:", f"\n        {key}: 1\n        title:", 1)
        for written in (in_event, in_source):
            assert written != base
            assert one(written.replace("\n", "\r\n") if crlf else written) == taken, length


@pytest.mark.parametrize(
    "date",
    ["2021-03-14T02:30", "2021-11-07T01:30", "2021-11-07T01:30-05:00", "2021-06-02T10:00+05:30",
     "2021-06-02T10:00Z", "2021-06-02T10:00", "2021-03-14T02:30/2021-03-15"],
)  # fmt: skip
@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kolkata"])
def test_wall_clock_problems_read_the_same(date: str, zone: str) -> None:
    """Gaps, folds and conflicting offsets: the quick reader leaves them to the full way."""
    for text in (
        BASE.format(**{**USUAL, "date": date, "zone": zone}),
        f"timezone: {zone}\n"
        + BASE.format(**{**USUAL, "date": date}).replace(
            "    timezone: {zone}\n".format(zone=USUAL["zone"]), ""
        ),
    ):
        one(text)


@pytest.mark.parametrize(
    ("date", "end"),
    [("2021-06-02", "2021-06"), ("2021-06-02T10:00:30", "2021-06-02T10:00"), ("2021", "2021")],
)
def test_an_end_that_holds_the_start_is_taken(date: str, end: str) -> None:
    """An end written coarser than the start ends after it (its last second counts): valid
    both ways, and nothing for the quick reader to doubt."""
    text = f"events:\n  - id: a\n    date: {date}\n    end: {end}\n    title: T\n"
    assert one(text) == 1
    assert ALONE[0] == 0


def test_seeded_odd_stores_read_the_same() -> None:
    """The generator above without hypothesis' overhead (a millisecond a store): 2,000 seeds
    here; QUICK_SEEDS=300000 for a run outside CI."""
    seeds = int(os.environ.get("QUICK_SEEDS", "2000"))
    taken = sum(one(odd_store(random.Random(seed))) for seed in range(seeds))
    assert taken >= seeds * 0.7, taken  # 77.3 % of 100,000 when written


# ------------------------------------------------------------------ other styles, items alone


def test_the_four_benchmark_styles_read_to_one_timeline() -> None:
    """The benchmark's four styles of the same events: each reads the same both ways, and
    to the same events (but for the lines they are written on); the quick reader takes (a)
    to (c) without reading any item alone, (d) with three items read alone (the anchor, its
    alias with the items from the anchor's on, and the tab), and (e), with tags, goes the
    full way."""
    found = benchmark_stores.events(2600)  # style (d)'s odd events: 500, 1500 and 2500
    timelines = {}
    for style in benchmark_stores.STYLES:
        text = benchmark_stores.write(style, found)
        taken = one(text)
        expected = {"odd": (1, 3), "tagged": (0, 0)}.get(style, (1, 0))
        assert (taken, ALONE[0]) == expected, style
        timelines[style] = validate_sources([("s.yaml", text.encode(), None)])[0]
    plain = {
        style: [replace(event, origin=("", 0)) for event in timeline.events]
        for style, timeline in timelines.items()
    }
    assert len(plain["add"]) == 2600
    for style in benchmark_stores.STYLES:
        assert plain[style] == plain["add"], style
    # Without its anchor, style (d) has one item read alone: the tab in a comment.
    odd = (
        benchmark_stores.write("odd", found)
        .replace("&place500 ", "")
        .replace("*place500", "Vienna")
    )
    assert "\t" in odd
    assert one(odd) == 1
    assert ALONE[0] == 1


def test_an_item_read_alone_has_the_lines_of_a_whole_file_read() -> None:
    """An item the quick reader doubts is read by itself; its event, id position (named by
    a duplicate in a later file) and origin are what a read of the whole file gives."""
    doubtful = "  - id: odd\n    date: 2021\n    title: !!str Tagged\n"
    tabbed = "  - id: tab\n    date: 2022\n    title: Tab\t# comment\n"
    text = generate(30).replace("  - id: ev-000010\n", tabbed + "  - id: ev-000010\n")
    later = "events:\n  - id: tab\n    date: 2023\n    title: Again\n"
    assert assert_same([("a.yaml", text.encode()), ("b.yaml", later.encode())]) == 1
    assert ALONE[0] == 1
    fast = read_both([("a.yaml", text.encode()), ("b.yaml", later.encode())])[0]
    assert [p.message for p in fast[1]] == [
        f"id 'tab' is already used at a.yaml:{text[: text.index('- id: tab')].count(chr(10)) + 1}:9"
    ]
    # A tag (like an anchor or an alias) sends the file the full way.
    tagged = generate(30).replace("  - id: ev-000010\n", doubtful + "  - id: ev-000010\n")
    assert one(tagged) == 0


MULTI_LINE = [
    ("title", " Meeting of the\n      working group\n", "quick"),
    ("title", " Meeting of the   \n         working group\n    # comment\n", "quick"),
    ("title", " 'Quoted over\n      two lines'\n", "quick"),
    ("title", ' "Double over\n      two lines"  # note\n', "quick"),
    ("title", " 'It''s over\n      two'\n", "quick"),
    ("title", " 'Blank\n\n      line'\n", "full"),
    ("title", " Plain\n\n      blank\n", "full"),
    ("title", " Plain\n      key: value\n", "full"),
    ("title", " Plain #comment\n      more\n", "full"),
    ("title", " Plain\n      more #comment\n", "alone"),
    ("title", " Plain\n      #not a comment?\n", "quick"),
    ("title", " Plain\n     - dash\n", "alone"),
    ("title", " Plain\n    less\n", "full"),
    ("title", " 'Less\n   indented'\n", "alone"),
    ("title", ' "Escaped\\\n      break"\n', "alone"),
    ("location", " New\n      York\n", "quick"),
    ("location", " '\n      Leading break'\n", "quick"),
    ("summary", " 'First line\n\n      second line\n\n      '\n", "quick"),
    ("summary", " '  Spaces  \n      around  '\n", "quick"),
    ("summary", ' "Two\n\n\n      breaks"\n', "quick"),
    ("summary", " Plain summary\n      over lines\n", "quick"),
    ("summary", " >\n      Folded\n      text.\n\n      Next.\n", "quick"),
    ("summary", " >-\n      Folded   \n      trailing spaces\n", "quick"),
    ("summary", " >\n      Folded\n        more indented\n", "alone"),
    ("summary", " >\n\n      Leading blank\n", "alone"),
    ("summary", " >+\n      Kept\n\n", "alone"),
    ("tags", " ['a', \"b\", c]\n", "quick"),
    ("sources", " ['https://example.org/a', \"https://example.org/b\"]\n", "quick"),
    ("sources", " [https://example.org/a, https://example.org/a]\n", "full"),
    ("sources", " ['not a url']\n", "full"),
    ("sources", "  # where\n      - url: 'https://example.org/a'\n        title: \"A\"\n", "quick"),
]


@pytest.mark.parametrize(
    ("field", "value", "way"), MULTI_LINE, ids=[f"{f}={v!r}" for f, v, _ in MULTI_LINE]
)
def test_values_over_several_lines_read_the_same(field: str, value: str, way: str) -> None:
    """Plain and quoted values over several lines, folded blocks and flow lists of sources:
    read the same both ways; taken quickly when certain ("quick"), the item read by itself
    when the quick reader is unsure ("alone"), the file read the full way on a problem."""
    text = (
        "events:\n  - id: one\n    date: 2021\n    title: T\n"
        "    summary: S\n    location: L\n    tags: [t]\n    sources: [https://example.org/s]\n"
        "  - id: two\n    date: 2022\n    title: Two\n"
    )
    key = f"    {field}:"
    start = text.index(key) + len(key)
    text = text[:start] + value + text[text.index("\n", start) + 1 :]
    taken = one(text)
    assert {"quick": (1, 0), "alone": (1, 1), "full": (0, 0)}[way] == (taken, ALONE[0])


@DIFFERENTIAL
@given(
    st.sampled_from(["title", "location", "summary"]),
    st.sampled_from(["", "'", '"']),
    st.lists(
        st.tuples(
            st.integers(0, 8),
            st.text(alphabet=" a#:'-b", min_size=0, max_size=6),
            st.integers(0, 2),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_generated_values_over_several_lines_read_the_same(
    field: str, quote: str, lines: list[tuple[int, str, int]]
) -> None:
    """Random lines of a value (indentation, text, blank lines after): the same both ways."""
    body = ""
    for number, (indent, words, blanks) in enumerate(lines):
        body += (" " if not number else " " * indent) + words + "\n" * (blanks + 1)
    value = " " + quote + body[1:].rstrip("\n") + quote + "\n"
    fields = {"title": " T\n", "location": " L\n", "summary": " S\n", field: value}
    text = (
        "events:\n  - id: one\n    date: 2021\n"
        + "".join(f"    {key}:{written}" for key, written in fields.items())
        + "  - id: two\n    date: 2022\n    title: Two\n"
    )
    one(text)


def _anchored(count: int, edits: dict[int, tuple[str, str]]) -> str:
    """A store as `add` writes it, with `old` replaced by `new` in the items numbered."""
    text = generate(count)
    for number, (old, new) in edits.items():
        at = text.index(f"  - id: ev-{number:06d}\n")
        stop = text.find("\n  - id: ", at + 1)
        stop = len(text) if stop < 0 else stop
        item = text[at:stop]
        assert old in item, (number, old)
        text = text[:at] + item.replace(old, new, 1) + text[stop:]
    return text


# Each case: the edits of `_anchored(100, ...)`, and (files taken, items read alone).
ANCHORED: dict[str, tuple[dict[int, tuple[str, str]], tuple[int, int]]] = {
    "scalar anchor, alias later": (
        {3: ("location: ", "location: &p "), 7: ("location: ", "location: *p #")}, (1, 2)),
    "anchor redefined between": (
        {2: ("location: ", "location: &p "), 4: ("location: ", "location: &p "),
         6: ("location: ", "location: *p #")}, (1, 3)),
    "list anchor, alias as tags": (
        {1: ("tags: ", "tags: &t "), 5: ("tags: ", "tags: *t #")}, (1, 2)),
    "alias as a mapping key": (
        {1: ("location: ", "location: &k "), 2: ("    title: ", "    *k : 1\n    title: ")},
        (0, 0)),
    # Text that looks like an anchor after the real one: read from there, the alias finds
    # no anchor, and the file goes the full way.
    "text like an anchor after the real one": (
        {1: ("location: ", "location: &p "), 3: ("title: ", "title: Smith &p and "),
         5: ("location: ", "location: *p #")}, (0, 0)),
    "text like an anchor before the real one": (
        {1: ("title: ", "title: Smith &p and "), 3: ("location: ", "location: &p "),
         5: ("location: ", "location: *p #")}, (1, 2)),
    "text like an anchor only": (
        {1: ("title: ", "title: 'Smith &p and' #"), 5: ("location: ", "location: *p #")},
        (0, 0)),
    "alias with no anchor": ({5: ("location: ", "location: *nowhere #")}, (0, 0)),
    "alias too far from its anchor": (
        {1: ("location: ", "location: &p "), 90: ("location: ", "location: *p #")}, (0, 0)),
    "an anchor alone": ({4: ("location: ", "location: &p ")}, (1, 1)),
    "a longer name after the anchor": (
        {1: ("location: ", "location: &p "), 4: ("location: ", "location: &pp "),
         6: ("location: ", "location: *p #")}, (1, 3)),
    "a tag": ({4: ("title: ", "title: !!str ")}, (0, 0)),
    "an alias of a date": ({2: ("date: ", "date: &d "), 3: ("date: ", "date: *d #")}, (1, 2)),
}  # fmt: skip


@pytest.mark.parametrize("name", list(ANCHORED))
def test_anchors_and_aliases_cost_a_few_items(name: str) -> None:
    """An anchor is read with its item alone; an alias with the items from the one that
    defines its anchor on (the last anchor of its name before it, as YAML reads it). What
    cannot be read so (an alias far away or with no anchor, a tag) sends the file the full
    way. Always the same both ways."""
    edits, expected = ANCHORED[name]
    taken = one(_anchored(100, edits))
    assert (taken, ALONE[0]) == expected


def test_aliases_weigh_together_as_in_the_whole_file() -> None:
    """What aliases stand for adds up over the items read with them: past the limits, the
    file goes the full way, which weighs every alias of the file."""
    tags = ", ".join(f"t{n}" for n in range(3_000))
    edits = {n: ("tags: ", f"tags: &t{n} [{tags}] #") for n in range(0, 40, 2)}
    edits.update({n: ("tags: ", f"tags: *t{n - 1} #") for n in range(1, 40, 2)})
    assert one(_anchored(40, edits)) == 1  # 20 aliases of 3,001 nodes: under 100,000
    edits.update({n: ("tags: ", f"tags: &t{n} [{tags}] #") for n in range(40, 80, 2)})
    edits.update({n: ("tags: ", f"tags: *t{n - 1} #") for n in range(41, 80, 2)})
    assert one(_anchored(80, edits)) == 0  # 40 of them: 120,000 nodes


@DIFFERENTIAL
@given(st.data())
def test_generated_anchors_and_aliases_read_the_same(data: st.DataObject) -> None:
    """Anchors and aliases at random places of a clean store: the same both ways."""
    lines = generate(12).split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        number = data.draw(st.integers(0, len(lines) - 1))
        key, colon, value = lines[number].partition(": ")
        if not colon:
            continue
        name = data.draw(st.sampled_from(["a", "b"]))
        if data.draw(st.booleans()):
            lines[number] = f"{key}: &{name} {value}"
        else:
            lines[number] = f"{key}: *{name}"
    one("\n".join(lines))


# ------------------------------------------------------------------ items read before


#: A title's key, with the indentation of a store's items at column 2.
_TITLE = r"(?m)^(    title: )"


def _tag_title(item: str) -> str:
    """The item with a `!!str` tag on its title: its file goes the full way."""
    return re.sub(_TITLE, r"\1!!str ", item, count=1)


def _versions(data: st.DataObject) -> tuple[str, str]:
    """A store and a later version of it: items edited, moved, copied (a duplicate id),
    removed, lines added above them or at their end, a tag put on a title, the file's zone
    or indentation changed. One time in two, an item of the first has a tag already: both
    go the full way."""
    first = data.draw(stores())
    if data.draw(st.booleans()):
        items = re.split(r"(?m)^(?=  - )", first)
        at = data.draw(st.integers(0, len(items) - 1))
        items[at] = _tag_title(items[at])
        first = "".join(items)
    second = first
    for _ in range(data.draw(st.integers(1, 4))):
        edit = data.draw(
            st.sampled_from(
                ["title", "move", "copy", "drop", "above", "zone", "indent", "extend", "tag"]
            )
        )
        items = re.split(r"(?m)^(?=  - )", second)
        head, items = items[0], items[1:]
        if not items:
            break
        at = data.draw(st.integers(0, len(items) - 1))
        if edit == "title":
            items[at] = re.sub(_TITLE, r"\1Edited ", items[at], count=1)
        elif edit == "extend":  # a key more after the item's last line: the item goes on
            items[at] += "" if items[at].endswith("\n") else "\n"
            items[at] += "    x-more: 1\n"
        elif edit == "tag":
            items[at] = _tag_title(items[at])
        elif edit == "move":
            items.append(items.pop(at))
        elif edit == "copy":
            items.insert(data.draw(st.integers(0, len(items))), items[at])
        elif edit == "drop" and len(items) > 1:
            items.pop(at)
        elif edit == "above":
            head += "# a line more\n"
        elif edit == "zone":
            head = head.replace("events:", "timezone: Asia/Kolkata\nevents:", 1)
        elif edit == "indent":
            items = ["  " + "\n  ".join(item.split("\n")) for item in items]
            items = [item[:-2] if item.endswith("  ") else item for item in items]
        second = head + "".join(items)
    return first, second


@DIFFERENTIAL
@given(st.data())
def test_a_version_read_after_another_is_read_the_same(data: st.DataObject) -> None:
    """`quick.Known`: the second version, read with the items of the first at hand, gives
    the timeline, problems and layout it gives read alone (ids, lines, files and all)."""
    first, second = _versions(data)
    known = quick.Known()
    validate_sources([("old:store.yaml", first.encode(), None)], known=known)
    with_known = validate_sources([("new:store.yaml", second.encode(), None)], known=known)
    alone = validate_sources([("new:store.yaml", second.encode(), None)])
    assert with_known == alone


def _edited(text: str, edit: str) -> str:
    """`text` (in `add`'s layout) with one kind of edit a later version makes."""
    head, *items = re.split(r"(?m)^(?=  - )", text)
    if edit == "title":
        items[3] = items[3].replace("    title: ", "    title: Edited ", 1)
    elif edit == "move":
        items.append(items.pop(2))
    elif edit == "copy":
        items.insert(7, items[2])
    elif edit == "drop":
        items.pop(4)
    elif edit == "above":
        head += "# a line more\n"
    elif edit == "zone":
        head = head.replace("events:", "timezone: Asia/Kolkata\nevents:", 1)
    elif edit == "indent":
        items = ["".join("  " + line for line in item.splitlines(keepends=True)) for item in items]
    elif edit == "extend":  # a key more after the last line of an item: the item goes on
        items[5] += "    x-more: 1\n"
    elif edit == "directive":  # `!!` is another tag now: `!!str` is not a core tag any more
        head = "%TAG !! tag:example.com,2026:\n---\n" + head
    return head + "".join(items)


EDITS = ["title", "move", "copy", "drop", "above", "zone", "indent", "extend", "directive"]


@pytest.mark.parametrize("edit", EDITS)
def test_an_edited_version_read_after_another_is_read_the_same(edit: str) -> None:
    """`quick.Known` for each kind of edit, a second file holding a duplicate id too: its
    problem names where the first file writes the id, as a fresh read does."""
    first = generate(30)
    second = _edited(first, edit)
    assert second != first
    other = "events:\n  - id: ev-000009\n    date: 2021\n    title: Twice\n"
    known = quick.Known()
    validate_sources([("old/a.yaml", first.encode(), None)], known=known)
    files = [("new/a.yaml", second.encode(), None), ("new/b.yaml", other.encode(), None)]
    with_known = validate_sources(list(files), known=known)
    fresh = validate_sources(list(files))
    assert with_known == fresh
    assert [p.code for p in fresh[1]] == ["duplicate-id"] * (2 if edit == "copy" else 1)


def test_items_read_before_are_taken_from_there(monkeypatch: pytest.MonkeyPatch) -> None:
    """A version that differs in one event reads that event from its text, and the others
    from what the version before made (each at its own new line)."""
    first = generate(200)
    second = first.replace("events:\n", "# a new first line\nevents:\n", 1)
    title = second.index("    title: ", second.index("  - id: ev-000100"))
    second = second[:title] + "    title: Changed " + second[title + 11 :]
    known = quick.Known()
    validate_sources([("a.yaml", first.encode(), None)], known=known)
    read = []
    real = quick._Events.read_event
    monkeypatch.setattr(
        quick._Events, "read_event", lambda self, *a: read.append(1) or real(self, *a)
    )
    timeline, problems, _ = validate_sources([("b.yaml", second.encode(), None)], known=known)
    assert len(read) == 1
    assert (timeline, problems) == validate_sources([("b.yaml", second.encode(), None)])[:2]
    assert {e.origin[0] for e in timeline.events} == {"b.yaml"}


# ------------------------------------------------------------------ the write path's read-back
# takes the items it writes again to the byte from the cached read of the bytes before


def _written_over(
    path: Path, second: str, store: Path | None = None, use_cache: bool = True
) -> tuple[object, object]:
    """`second` put over the file at `path` of the store at `store` (else the file alone)
    by the write path (a dry run), with the cache filled for what is there: what the
    read-back found (timeline and problems, or the problems it refused), and what a read of
    `second` from scratch finds."""
    from chronology.errors import InvalidStore
    from chronology.loader import check
    from chronology.writer import change, store_with

    target, paths = str(path), [str(store or path)]
    check(paths, use_cache=True)
    try:
        done = change(paths, target, lambda *_: second, use_cache=use_cache, dry_run=True)
        got: object = (done.timeline, list(done.problems))
    except InvalidStore as refused:
        got = refused.problems
    fresh = store_with(paths, target, second.encode())
    expected = (
        (fresh.timeline, fresh.problems)
        if not any(p.is_error for p in fresh.problems)
        else fresh.problems
    )
    return got, expected


@given(data=st.data(), crlf=st.booleans())
@settings(
    DIFFERENTIAL,
    max_examples=min(DIFFERENTIAL.max_examples, 150),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_read_back_of_a_change_is_a_read_from_scratch(
    tmp_path: Path, data: st.DataObject, crlf: bool
) -> None:
    """Whatever the change (items edited, moved, copied, removed; lines above; the file's
    zone or indentation), the write path's read-back, which takes unchanged items from the
    cached read of the file before, finds what a read of the new bytes from scratch finds:
    events, lines, ids, problems."""
    first, second = _versions(data)
    assume(second != first)  # (an unchanged file is not read back)
    if crlf:
        first, second = first.replace("\n", "\r\n"), second.replace("\n", "\r\n")
    path = tmp_path / "store.yaml"
    path.write_bytes(first.encode())
    got, expected = _written_over(path, second)
    assert got == expected


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("twice", [False, True])
@pytest.mark.parametrize("use_cache", [True, False])
@pytest.mark.parametrize("edit", [*EDITS, "unzone"])
def test_each_kind_of_change_reads_back_as_from_scratch(
    tmp_path: Path, edit: str, use_cache: bool, twice: bool, full: bool
) -> None:
    """Each kind of change to one file of a directory store, with the store before from
    the cache or read anew, read the quick way or (with `full`: a tag on the first title)
    the full way: the same events, or with `twice`, the other file holding a duplicate id,
    the same problems (which name where the changed file writes that id)."""
    first = generate(100)
    if full:
        first = _tag_title(first)
    if edit == "unzone":  # the file's zone goes: its events are read anew
        first = first.replace("events:", "timezone: Asia/Kolkata\nevents:", 1)
        first += "  - id: at-ten\n    date: 2021-06-02T10:00\n    title: At ten\n"
        second = first.replace("timezone: Asia/Kolkata\n", "", 1)
    else:
        second = _edited(first, edit)
    (tmp_path / "a.yaml").write_text(first)
    other = "ev-000009" if twice else "other"
    (tmp_path / "b.yaml").write_text(f"events:\n  - id: {other}\n    date: 2021\n    title: B\n")
    got, expected = _written_over(tmp_path / "a.yaml", second, tmp_path, use_cache)
    assert got == expected
    codes = [p.code for p in (expected if isinstance(expected, list) else expected[1])]
    if edit == "directive" and full:  # (a tag stops the read of its file there)
        assert codes == ["bad-tag"]
    else:
        assert codes == ["duplicate-id"] * ((edit == "copy") + twice)


def test_a_tag_is_read_again_where_a_directive_changed(tmp_path: Path) -> None:
    """A `%TAG` directive gives a tag its meaning: the same item text under another one is
    another value (here `!x!t 5` is an int, then a float), by the write path's read-back
    and in a version read after another."""
    head = "%TAG !x! tag:yaml.org,2002:{}\n---\nevents:\n"
    items = "".join(
        f"  - id: e{n}\n    date: 2021\n    title: T\n    x-n: !x!t 5\n" for n in range(40)
    )
    first, second = head.format("in") + items, head.format("floa") + items
    path = tmp_path / "store.yaml"
    path.write_text(first)
    got, expected = _written_over(path, second)
    assert got == expected
    assert isinstance(got, tuple)
    assert isinstance(got[0], Timeline)
    assert {type(dict(e.extensions)["x-n"]) for e in got[0].events} == {float}
    known = quick.Known()
    before = validate_sources([("a.yaml", first.encode(), None)], known=known)[0]
    assert {type(dict(e.extensions)["x-n"]) for e in before.events} == {int}
    after = validate_sources([("a.yaml", second.encode(), None)], known=known)[0]
    assert {type(dict(e.extensions)["x-n"]) for e in after.events} == {float}


@pytest.mark.parametrize("full", [False, True])
def test_an_alias_is_read_again_where_its_anchor_changed(tmp_path: Path, full: bool) -> None:
    """An item with an alias means what its anchor says: when the anchor's item changes, the
    alias's item, the same text as before, reads the new value (by the write path's
    read-back, and a version read after another); read the quick way (the alias's item near
    its anchor) and the full way (100 items away, and a tag on a title)."""
    items = re.split(r"(?m)^(?=  - )", generate(120))
    anchor, alias = (1, 101) if full else (1, 3)
    items[anchor] = items[anchor].replace("    title: ", "    title: &t Paris #", 1)
    items[alias] = items[alias].replace("    title: ", "    title: *t #", 1)
    first = "".join(items)
    if full:
        first = _tag_title(first)
    second = first.replace("&t Paris", "&t Rome", 1)
    path = tmp_path / "store.yaml"
    path.write_text(first)
    got, expected = _written_over(path, second)
    assert got == expected
    known = quick.Known()
    validate_sources([("a.yaml", first.encode(), None)], known=known)
    with_known = validate_sources([("a.yaml", second.encode(), None)], known=known)
    assert with_known == validate_sources([("a.yaml", second.encode(), None)])
    titles = {e.id: e.title for e in with_known[0].events}
    assert titles[f"ev-{alias - 1:06d}"] == titles[f"ev-{anchor - 1:06d}"] == "Rome"  # ([0]: head)
    assert with_known[2][0] is not None
    assert with_known[2][0].quick is not full


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    read: list[int] = []
    real = quick._Events.read_event
    monkeypatch.setattr(
        quick._Events, "read_event", lambda self, *a: read.append(1) or real(self, *a)
    )
    return read


@pytest.mark.parametrize("style", ["add", "dump", "hand", "odd"])
def test_an_add_reads_back_the_new_item_and_one_in_32(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, style: str
) -> None:
    """`add` with the cache filled: of the items it writes again, one in 32 is read from its
    bytes (and compared with the cached event); the others are the cached read's events,
    at their place. The new item is read, and the result is a read from scratch."""
    from chronology.add import add_events
    from chronology.emit import NewEvent
    from chronology.loader import check

    path = tmp_path / "store.yaml"
    found = benchmark_stores.events(1100)  # style (d)'s odd event: 500
    path.write_text(benchmark_stores.write(style, found))
    check([str(path)], use_cache=True)
    read = _count_reads(monkeypatch)
    added = add_events([str(path)], str(path), [NewEvent(id="new", date="2021", title="New")],
                       use_cache=True)  # fmt: skip
    # Style (d): the item with an alias is read too (with the items from its anchor's on,
    # after its own read finds the alias); the one with a tab never reaches `read_event`.
    assert len(read) == 1 + 1100 // 32 + (style == "odd")
    fresh = check([str(path)], use_cache=False)
    assert (added.change.timeline, list(added.change.problems)) == fresh
    assert [e.id for e in fresh[0].events if e.id == "new"] == ["new"]


@pytest.mark.parametrize("full", [False, True])
def test_a_cache_that_disagrees_with_its_bytes_stops_the_write(tmp_path: Path, full: bool) -> None:
    """The item read again from its bytes is compared with the cache's event: a cache entry
    that says something else of those bytes (here, the 32nd item's title) stops the add,
    and nothing is written; with `full`, of a file the full way reads (a tag on a title)."""
    from chronology import cache
    from chronology.add import add_events
    from chronology.emit import NewEvent
    from chronology.errors import ChronologyError
    from chronology.loader import check
    from chronology.writer import store_with

    path = tmp_path / "store.yaml"
    path.write_text(_tag_title(generate(100)) if full else generate(100))
    data = path.read_bytes()
    reading = store_with([str(path)], str(path), data)
    assert reading.layout is not None
    assert reading.layout.quick is not full
    events = [
        replace(e, title="Not what the file says") if e.id == "ev-000031" else e
        for e in reading.timeline.events
    ]
    wrong = replace(reading.timeline, events=tuple(events))
    cache.save([cache.snapshot(str(path), data)], wrong, reading.problems, reading.layouts)
    assert check([str(path)], use_cache=True)[0] == wrong  # the cache is believed...
    with pytest.raises(ChronologyError, match="inserting changed existing events"):
        add_events([str(path)], str(path), [NewEvent(id="new", date="2021", title="New")],
                   use_cache=True)  # fmt: skip
    assert path.read_bytes() == data  # ...but not by a write


def test_items_are_remembered_by_their_whole_lines_from_a_full_read() -> None:
    """`Known.remember_whole` takes every item of a file the full way read, but those with a
    tag or an alias, those where the read found a problem, and one in `leave_out`; none
    when the events given are not at their items' lines, or the file has carriage returns."""
    found = benchmark_stores.events(1100)
    data = _tag_title(benchmark_stores.write("odd", found)).encode()
    timeline, problems, layouts = validate_sources([("s.yaml", data, None)])
    assert problems == []
    assert layouts[0] is not None
    assert not layouts[0].quick
    # One item with a tag, one with an alias (style (d)'s anchor is in the item before it).
    assert quick.Known().remember_whole("s.yaml", data, timeline.events, []) == 1098
    assert quick.Known().remember_whole("s.yaml", data, timeline.events, [], leave_out=32) == (
        1098 - 1100 // 32
    )
    lines = sorted(e.origin[1] for e in timeline.events)
    # A problem on the first line of the second item, on the last of the third.
    troubled = [lines[1], lines[3] - 1]
    assert quick.Known().remember_whole("s.yaml", data, timeline.events, troubled) == 1096
    following = dict(itertools.pairwise(lines))
    moved = [replace(e, origin=("s.yaml", following.get(e.origin[1], 0))) for e in timeline.events]
    assert quick.Known().remember_whole("s.yaml", data, moved, []) == 0
    crlf = data.replace(b"\n", b"\r\n")
    assert quick.Known().remember_whole("s.yaml", crlf, timeline.events, []) == 0


def test_items_are_remembered_from_a_quick_read_of_every_style() -> None:
    """`Known.remember` takes every item a quick read made from its own text: all but the
    one with an alias in style (d)."""
    found = benchmark_stores.events(1100)
    for style in ["add", "dump", "hand", "odd"]:
        data = benchmark_stores.write(style, found).encode()
        timeline = validate_sources([("s.yaml", data, None)])[0]
        expected = 1099 if style == "odd" else 1100
        assert quick.Known().remember("s.yaml", data, timeline.events) == expected, style
        left_out = quick.Known().remember("s.yaml", data, timeline.events, leave_out=32)
        assert left_out == expected - 1100 // 32, style
        # Events said to be at the lines of other items (their ids differ) are not taken.
        lines = sorted(e.origin[1] for e in timeline.events)
        following = dict(itertools.pairwise(lines))
        moved = [
            replace(e, origin=("s.yaml", following.get(e.origin[1], 0))) for e in timeline.events
        ]
        assert quick.Known().remember("s.yaml", data, moved) == 0, style


def _count_full_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the items the full way validates (not those it takes from a read before)."""
    from chronology.validate import _Validator

    read: list[int] = []
    real = _Validator.event
    monkeypatch.setattr(_Validator, "event", lambda self, *a: read.append(1) or real(self, *a))
    return read


@pytest.mark.parametrize("bom", [False, True])
def test_an_add_to_a_file_read_the_full_way_reads_back_the_new_item_and_one_in_32(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bom: bool
) -> None:
    """Style (e), whose tags send it the full way, and a file with a byte-order mark (which
    the quick reader does not take): the read-back takes each item written again to the
    byte, by its whole lines, from the cache's events; it reads the new item, one in 32 of
    the others, and those with a tag. The result is a read from scratch."""
    from chronology.add import add_events
    from chronology.emit import NewEvent
    from chronology.loader import check

    path = tmp_path / "store.yaml"
    style = "add" if bom else "tagged"
    text = benchmark_stores.write(style, found := benchmark_stores.events(1100))
    path.write_bytes(b"\xef\xbb\xbf" * bom + text.encode())
    check([str(path)], use_cache=True)
    read = _count_full_reads(monkeypatch)
    added = add_events([str(path)], str(path), [NewEvent(id="new", date="2021", title="New")],
                       use_cache=True)  # fmt: skip
    tagged = sum("!!str" in item for item in text.split("\n  - "))
    assert tagged == (0 if bom else 1)
    assert len(read) == 1 + 1100 // 32 + tagged
    assert (added.change.timeline, list(added.change.problems)) == check(
        [str(path)], use_cache=False
    )
    assert len(found) + 1 == len(added.change.timeline.events)
