"""Summaries keep their shape: paragraphs, lines, lists and aligned columns, in `show` and in
`export md` (read back with markdown-it-py), with every piece of text still escaped."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from chronology.clock import EVENT
from chronology.dates import Date, parse_date
from chronology.model import Event
from chronology.renderers.markdown import block
from chronology.show import render_event
from chronology.text import Item, Part, paragraphs, parts

from .conftest import ROOT, Result, flat_tokens

SHAPES = ROOT / "tests" / "fixtures" / "shapes.yaml"
Cli = Callable[..., Result]


def _parse(markdown: str) -> list[Token]:
    return flat_tokens(MarkdownIt("gfm-like").parse(markdown))


def _event(summary: str) -> Event:
    date = parse_date("1969-07-16")
    assert isinstance(date, Date)
    return Event(id="e", date=date, title="T", summary=summary)


# ------------------------------------------------------------------ reading the shape


def test_paragraphs_split_at_blank_lines_of_any_kind() -> None:
    text = "a\r\nb  \r\n \t \r\nc\n\n\n\nd\re\n"
    assert paragraphs(text) == [["a", "b"], ["c"], ["d", "e"]]


def test_a_list_with_nesting_and_continuation() -> None:
    lines = [
        "Crew:",
        "- one",
        "- two",
        "  more of two",
        "  - under two",
        "    1. deeper",
        "- three",
    ]
    assert parts(lines) == [
        Part("lines", lines=("Crew:",)),
        Part(
            "list",
            items=(
                Item(0, None, ("one",)),
                Item(0, None, ("two", "more of two")),
                Item(1, None, ("under two",)),
                Item(2, 1, ("deeper",)),
                Item(0, None, ("three",)),
            ),
        ),
    ]


@pytest.mark.parametrize(
    "line", ["1969. Apollo 11 flies.", "-not a list", "#1 no list", "1.5 litres", "2021) no"]
)
def test_what_is_not_a_list(line: str) -> None:
    assert parts([line]) == [Part("lines", lines=(line,))]


def test_aligned_columns_and_double_spaced_prose() -> None:
    table = ["Stage    Burn", "S-IC     168 s", "S-II     360 s"]
    assert parts(table) == [Part("aligned", lines=tuple(table))]
    prose = ["One.  Two sentences typed", "with two spaces after.  Full stops."]
    assert parts(prose)[0].kind == "lines"
    assert parts(["Only  one line with a gap"])[0].kind == "lines"


# ------------------------------------------------------------------ Markdown


def test_lines_become_hard_breaks_and_paragraphs_stay() -> None:
    tokens = _parse(block("first line\nsecond line\n\nnext paragraph"))
    assert [t.type for t in tokens if t.type in ("hardbreak", "softbreak")] == ["hardbreak"]
    assert [t.content for t in tokens if t.type == "text"] == [
        "first line",
        "second line",
        "next paragraph",
    ]
    assert [t.type for t in tokens].count("paragraph_open") == 2


def test_lists_stay_lists_nested_as_written() -> None:
    text = (
        "Crew:\n- Neil <b>A</b>\n- Michael\n  (pilot)\n  1. under *two*\n  2. [x](http://e.x)"
        "\n- Buzz"
    )
    tokens = _parse(block(text, indent="  "))
    kinds = [t.type for t in tokens]
    assert kinds.count("bullet_list_open") == 1
    assert kinds.count("ordered_list_open") == 1
    items = [t for t in tokens if t.type == "list_item_open"]
    assert [t.level for t in items] == [1, 1, 3, 3, 1]
    assert "hardbreak" in kinds  # "Michael" / "(pilot)": one item, two lines
    text_seen = "".join(t.content for t in tokens if t.type == "text")
    assert "Neil <b>A</b>" in text_seen
    assert "under *two*" in text_seen
    assert "[x](http://e.x)" in text_seen
    for unwanted in ("html_inline", "html_block", "em_open", "link_open", "fence"):
        assert unwanted not in kinds


def test_an_ordered_list_keeps_its_first_number() -> None:
    tokens = _parse(block("3. three\n4) four"))
    lists = [t for t in tokens if t.type == "ordered_list_open"]
    assert len(lists) == 1
    assert lists[0].attrGet("start") == 3
    assert [t.type for t in tokens].count("list_item_open") == 2


def test_aligned_lines_are_a_code_block_nothing_escapes() -> None:
    table = "Stage    Burn\nS-IC     ```168 s`\nS-II     </pre><script>x</script>\u202e"
    tokens = _parse(block(table))
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 1
    assert fences[0].content == (
        "Stage    Burn\nS-IC     ```168 s`\nS-II     </pre><script>x</script>\\u202e\n"
    )
    assert len(tokens) == 1


@given(st.text(st.sampled_from("ab -*1.)  \n\t#<>`\\[]="), max_size=80))
@example("Heading\n===\nmore")  # a setext underline, in one paragraph of plain lines
@example("Heading\n=")
@settings(max_examples=300, deadline=None)
def test_every_word_survives_and_nothing_becomes_markup(text: str) -> None:
    tokens = _parse(block(text))
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_inline", "html_block", "heading_open", "link_open", "em_open"}
    assert not kinds & {"strong_open", "code_inline", "blockquote_open", "hr", "code_block"}
    shown = "".join(
        t.content for t in tokens if t.type in ("text", "fence") or t.type.endswith("break")
    )
    words = [w for w in text.split() if w.strip("-*+•.)0123456789")]
    for word in words:  # list markers become structure; every other word is text
        assert word.strip("-*+.)0123456789") in shown


def test_shapes_store_golden(cli: Cli, golden: Callable[[str, bytes], None]) -> None:
    for args, name in [((), "shapes.md"), (("--style", "table"), "shapes.table.md")]:
        result = cli("export", "md", "-f", str(SHAPES), *args)
        assert result.exit_code == 0, result
        golden(name, result.stdout_bytes)


def test_shapes_store_markdown_structure(cli: Cli) -> None:
    result = cli("export", "md", "-f", str(SHAPES))
    tokens = _parse(result.stdout)
    kinds = [t.type for t in tokens]
    assert kinds.count("fence") == 1  # the Saturn V table
    assert kinds.count("bullet_list_open") == 4 + 1 + 1  # four years, crew, under S-IC
    assert kinds.count("ordered_list_open") == 1  # the stages
    assert "html_inline" not in kinds
    assert "html_block" not in kinds
    assert kinds.count("link_open") == 0


# ------------------------------------------------------------------ show


def test_show_keeps_lines_and_indentation_without_a_terminal(cli: Cli) -> None:
    result = cli("show", "-f", str(SHAPES), "apollo-11")
    assert result.exit_code == 0, result
    body = result.stdout.split("\n\n", 2)[2]
    assert body == (
        "  Crew:\n"
        "  - Neil Armstrong (commander)\n"
        "  - Michael Collins\n"
        "    (command module pilot)\n"
        "  - Buzz Aldrin, <b>not bold</b> and *not emphasis*\n"
        "\n"
        "  Stages:\n"
        "  1. S-IC\n"
        "     - five F-1 engines\n"
        "  2. S-II\n"
        "  3) S-IVB, [not a link](http://evil.example)\n"
    )


def test_show_wraps_only_longer_lines_under_their_text() -> None:
    summary = (
        "- a list item whose text is long enough to wrap at forty\nshort line\n  indented line"
    )
    shown = render_event(_event(summary), EVENT, width=40).split("\n\n")[-1]
    assert shown.split("\n") == [
        "  - a list item whose text is long",
        "    enough to wrap at forty",
        "  short line",
        "    indented line",
    ]
    assert all(len(line) <= 40 for line in shown.split("\n"))
    unwrapped = render_event(_event(summary), EVENT).split("\n\n")[-1]
    assert unwrapped.split("\n")[0] == "  " + summary.split("\n", maxsplit=1)[0]


def test_show_never_wraps_aligned_columns_and_escapes_controls() -> None:
    summary = "Stage    Burn    Thrust and a long tail\nS-IC     168 s   34 MN\n\n\x1b[31mred\u202e"
    shown = render_event(_event(summary), EVENT, width=24).split("\n\n", 2)[2]
    assert shown.split("\n") == [
        "  Stage    Burn    Thrust and a long tail",
        "  S-IC     168 s   34 MN",
        "",
        "  \\x1b[31mred\\u202e",
    ]


@pytest.mark.parametrize("text", ["see example.com now", "a.ba", "foo.bar.museum", "Zoë.ru"])
def test_bare_domains_stay_text(text: str) -> None:
    """markdown-it's linkify (VS Code's preview) links bare domains; GFM does not."""
    tokens = _parse(block(text))
    assert "link_open" not in [t.type for t in tokens]
    assert "".join(t.content for t in tokens if t.type == "text") == text


def test_dots_that_are_no_domain_stay_unescaped() -> None:
    assert block("Washington, D.C., e.g. 3.5 U.S.A.") == "Washington, D.C., e.g. 3.5 U.S.A."


#: Text made of what the escaping rules look for, and what surrounds it.
_RULE_TEXT = st.lists(
    st.sampled_from([*"wWaZé9._:/ \\`*[]<>|~#&$@\x1b\u202e\u200b-+=\n", "ww.", "://", "a.bc"]),
    max_size=30,
).map("".join)


@given(text=_RULE_TEXT)
@example(text="WWW.9")  # only the autolink rule changes these
@example(text="WwW.9")
@example(text="a://b")
@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_one_scan_finds_whatever_a_rule_would_change(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`inline` first looks for anything to do in one scan; text it passes by must be text
    that every rule, applied one by one, leaves as it is."""
    import re

    from chronology.renderers import markdown

    fast = markdown.inline(text)
    with monkeypatch.context() as patched:
        patched.setattr(markdown, "_ANYTHING", re.compile(""))  # every text: every rule
        assert markdown.inline(text) == fast


#: Lines shaped like list items or not: an indent, maybe a marker, maybe a space, a word.
_LINE = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["", " ", "  ", "    "]),
        st.sampled_from(["", "-", "*", "+", "•", "1.", "2)", "1969.", "a", "."]),
        st.sampled_from(["", " ", "  "]),
        st.sampled_from(["x", "two words", "- x", ""]),
    ),
)


@given(lines=st.lists(_LINE, max_size=6))
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_paragraph_is_read_the_same_with_or_without_the_quick_look(
    lines: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`parts` reads a paragraph in which no line can start an item as one run of lines
    at once; read line by line it must come out the same."""
    import re

    from chronology import text

    lines = [line for line in (line.rstrip() for line in lines) if line]
    found = parts(lines) if lines else []
    with monkeypatch.context() as patched:
        patched.setattr(text, "_ITEM_START", re.compile(""))  # every paragraph: line by line
        assert (parts(lines) if lines else []) == found


#: Texts of a few lines mixing what gives a text shape (indents, markers, gaps, blank and
#: whitespace-only lines, tabs, carriage returns, odd white space) with plain words.
_TEXT = st.lists(
    st.one_of(
        _LINE,
        st.text(st.sampled_from("ab .-1\t\r\x0b\x85\u2028\u3000 "), max_size=6),
        st.just("plain words here."),
    ),
    max_size=5,
).map("\n".join)


@given(text=_TEXT)
@example(text="one\ntwo")
@example(text="one\n two")
@example(text="one\n\x0b\ntwo")
@example(text="one\n")
@settings(max_examples=500, deadline=None)
def test_plain_lines_are_what_the_shape_reader_makes_of_them(text: str) -> None:
    """`plain_lines` answers for one paragraph of plain lines only, with the lines that
    `paragraphs` and `parts` give; Markdown's `block` is the same either way."""
    from chronology.text import plain_lines

    plain = plain_lines(text)
    if plain is not None:
        assert [parts(lines) for lines in paragraphs(text)] == [[Part("lines", lines=plain)]]


def test_plain_lines_answers_for_ordinary_summaries_only() -> None:
    from chronology.text import plain_lines

    assert plain_lines("First line.\nSecond line.") == ("First line.", "Second line.")
    assert plain_lines(" Indented once.\nNext.") == ("Indented once.", "Next.")
    for shaped in (
        "a\n\nb",  # two paragraphs
        "a\n \nb",  # a break of spaces
        "a\n",  # a last line that paragraphs drop
        "\na",
        "a\n- b",  # a list
        "a\n 2) b",
        "a\n• b",
        "a  b\nc  d",  # columns
        "a\tb",
        "a\r\nb",
        "",
    ):
        assert plain_lines(shaped) is None, shaped


@given(
    lines=st.lists(
        st.text(st.sampled_from("ab .:wW_*<&\n\t\r \x0b\xa0\u3000\u202e\u2028"), max_size=12),
        max_size=6,
    )
)
@example(lines=["a", "b"])  # nothing to change: the lines come back as they are
@example(lines=["a  b"])  # each kind of extra space alone
@example(lines=[" a"])
@example(lines=["a "])
@example(lines=["a", " b"])
@example(lines=["a ", "b"])
@example(lines=["a\nb", "c"])  # a line break inside one line
@example(lines=["a\u3000b"])  # white space YAML keeps but Markdown lines squeeze
@example(lines=[""])
@settings(max_examples=500, deadline=None)
def test_lines_are_escaped_each_as_inline_escapes_it(lines: list[str]) -> None:
    from chronology.renderers.markdown import _escape_lines, inline

    assert list(_escape_lines(lines)) == [inline(line) for line in lines]
