"""Summaries in CommonMark (`markup: markdown`): rendered by `export md`, read back with
markdown-it-py as GitHub-like renderers read it (raw HTML on, linkify on), never raw HTML,
an image or a link outside http, https and mailto; literal everywhere without the key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from chronology.loader import check
from chronology.markup import html, linkable, parse
from chronology.renderers.markdown import commonmark, commonmark_inline

from .conftest import ROOT, Result, flat_tokens

MARKUP = ROOT / "tests" / "fixtures" / "markup.yaml"
Cli = Callable[..., Result]


def _gfm(markdown: str) -> list[Token]:
    """Tokens as a permissive renderer reads them: raw HTML, linkify, tables, images."""
    return flat_tokens(MarkdownIt("gfm-like").parse(markdown))


def _unsafe(tokens: list[Token]) -> list[Token]:
    """What must never come out: raw HTML, images, links to anything but http(s)/mailto."""
    return [
        t
        for t in tokens
        if t.type in ("html_inline", "html_block", "image")
        or (t.type == "link_open" and not linkable(str(t.attrGet("href"))))
    ]


def _export(cli: Cli, path: Path, *args: str) -> Result:
    result = cli("export", "md", "-f", str(path), *args)
    assert result.exit_code == 0, result
    return result


# ------------------------------------------------------------------ the store


def test_summaries_are_rendered_as_markdown(cli: Cli) -> None:
    result = _export(cli, MARKUP)
    assert result.stderr == ""
    tokens = _gfm(result.stdout)
    kinds = [t.type for t in tokens]
    assert not _unsafe(tokens)
    assert kinds.count("em_open") == 7  # Eagle, photograph, Eagle, Odyssey, Aquarius, inside
    assert kinds.count("strong_open") == 3 + 3  # the dates; Markdown, 25 seconds, strong
    assert kinds.count("blockquote_open") == 1
    assert kinds.count("hardbreak") == 1
    assert [t.content for t in tokens if t.type == "fence"] == ["Tank  Pressure\nO2-2  0 psi\n"]
    assert [t.content for t in tokens if t.type == "code_inline"] == ["Columbia", "a | pipe"]
    links = [(t.attrGet("href"), t.attrGet("title")) for t in tokens if t.type == "link_open"]
    assert links == [
        ("https://history.nasa.gov", None),
        ("https://history.nasa.gov/alsj/a11/a11.html", "Apollo 11\nLunar Surface Journal"),
        ("mailto:history@nasa.gov", None),
        ("https://history.nasa.gov/alsj/a11/a11.html", None),  # the source
        ("https://example.org/a.png", None),  # an image is a link to it, never fetched
    ]
    # the crew list and its nested item, the ordered steps (two lists: `.` then `)`)
    assert kinds.count("bullet_list_open") == 3 + 2  # three years, crew, nested
    assert [t.attrGet("start") for t in tokens if t.type == "ordered_list_open"] == [None, 3]
    text = "".join(t.content for t in tokens if t.type == "text")
    for literal in (
        '<b onclick="x">raw</b>',
        "[a script](javascript:alert(1))",
        "[a local file](/etc/passwd)",
        "<script>alert(1)</script> and www.example.com stay text.",
    ):
        assert literal in text


def test_without_the_key_summaries_stay_literal(cli: Cli, tmp_path: Path) -> None:
    plain = tmp_path / "events.yaml"
    plain.write_text(MARKUP.read_text().replace("markup: markdown\n", ""))
    tokens = _gfm(_export(cli, plain).stdout)
    kinds = [t.type for t in tokens]
    assert kinds.count("em_open") == 1  # the location, which the list style sets in italics
    assert kinds.count("strong_open") == 3  # the dates
    assert not {"blockquote_open", "code_inline"} & set(kinds)
    assert [t.attrGet("href") for t in tokens if t.type == "link_open"] == [
        "https://history.nasa.gov/alsj/a11/a11.html"  # the source: our own link
    ]
    text = "".join(t.content for t in tokens if t.type == "text")
    assert "*Eagle* lands with about **25 seconds** of fuel left." in text


def test_table_cells_hold_inline_markdown(cli: Cli) -> None:
    result = _export(cli, MARKUP, "--style", "table", "--columns", "date,title,summary")
    tokens = _gfm(result.stdout)
    assert not _unsafe(tokens)
    assert [t.type for t in tokens].count("tr_open") == 4
    assert [t.type for t in tokens].count("td_open") == 3 * 3
    cells = result.stdout.splitlines()[-3:]
    assert "*Eagle* lands with about **25 seconds** of fuel left. Crew: Neil" in cells[0]
    assert "`Columbia`" in cells[0]
    assert "`Tank  Pressure O2-2  0 psi`" in cells[1]  # the code block, as code
    # a `|` in code would split a GFM cell: that summary is written literally, and said so
    assert cells[2].endswith(
        r"| Emphasis \*inside \*\*strong\*\* text\*, a hard break and \`a \| pipe\`. |"
    )
    assert result.stderr == (
        "chronology: warning: the summary of apollo-17: its Markdown cannot be written back "
        "exactly; it is written as literal text\n"
    )


def test_what_cannot_be_written_back_is_literal_and_noted(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        "markup: markdown\nevents:\n"
        '  - {id: a, date: 2021, title: A, summary: "Two lines\\nof heading\\n==="}\n'
        '  - {id: b, date: 2022, title: B, summary: "*fine*"}\n'
    )
    result = _export(cli, path)
    assert "  Two lines\\\n  of heading\\\n  \\===\n" in result.stdout
    assert "  *fine*\n" in result.stdout
    assert result.stderr == (
        "chronology: warning: the summary of a: its Markdown cannot be written back "
        "exactly; it is written as literal text\n"
    )


def test_the_terminal_shows_the_text_as_written(cli: Cli) -> None:
    result = cli("show", "apollo-11-landing", "-f", str(MARKUP))
    assert result.exit_code == 0, result
    assert "*Eagle* lands with about **25 seconds** of fuel left. Crew:" in result.stdout
    assert "  - Buzz Aldrin, lunar module pilot\n" in result.stdout


def test_json_carries_the_markup(cli: Cli) -> None:
    result = cli("export", "json", "-f", str(MARKUP))
    assert json.loads(result.stdout)["markup"] == "markdown"


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("markdwon", "bad-markup", "unknown markup 'markdwon'; did you mean 'markdown'?"),
        ("html", "bad-markup", "unknown markup 'html'; use text or markdown"),
        ("[markdown]", "wrong-type", "'markup' must be text, not a list"),
    ],
)
def test_a_bad_markup_is_a_located_error(
    tmp_path: Path, value: str, code: str, message: str
) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(f"title: T\nmarkup: {value}\nevents: []\n")
    _, problems = check([str(path)])
    assert [(p.line, p.column, p.code, p.message) for p in problems] == [(2, 9, code, message)]


def test_files_of_a_store_that_disagree_keep_the_first(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("markup: markdown\nevents: []\n")
    (tmp_path / "b.yaml").write_text("markup: text\nevents: []\n")
    (tmp_path / "c.yaml").write_text("events: []\n")
    timeline, problems = check([str(tmp_path)])
    assert timeline.markup == "markdown"
    assert [(Path(p.path).name, p.line, p.code, p.message) for p in problems] == [
        ("b.yaml", 1, "conflicting-markup", f"{tmp_path / 'a.yaml'} already gives the markup "
         "'markdown'; it is kept"),
    ]  # fmt: skip


def test_the_schema_knows_the_key() -> None:
    schema = json.loads((ROOT / "chronology" / "schema.json").read_text())
    store = {"markup": "markdown", "events": []}
    jsonschema.validate(store, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**store, "markup": "html"}, schema)


@pytest.mark.parametrize(
    ("source", "written"),
    [
        ("*_both_* and **_x_**", "*_both_* and **_x_**"),  # `**both**` would be strong
        ("**a*b*c**", "**a*b*c**"),
        ("- a\n- b\n\n+ c", "- a\n- b\n\n* c"),  # two lists stay two
        ("1. a\n\n2) b", "1. a\n\n2) b"),
        ("- a\n  ***", "- a\n  ***"),  # `---` under `a` would make it a heading
        ("`` ` `` and ` `` `", "`` ` `` and ``` `` ```"),
        ('[a](https://x.org "say \\"hi\\"")', '[a](https://x.org "say \\"hi\\"")'),
        ("[b](<https://x.org/a b>)", "[b](https://x.org/a%20b)"),
        ("a\n\\- b\n\\+ c\n\\= d\n3\\. e", "a\n\\- b\n\\+ c\n\\= d\n3\\. e"),
        ("> a\n>\n> b", "> a\n>\n> b"),
        ("    code\n", "```\ncode\n```"),
        ("Setext\n---", "## Setext"),
        ("a  \nb\\\nc", "a\\\nb\\\nc"),
        (
            "<https://x.org> <a@b.co>",
            "[https\\://x\\.org](https://x.org) [a\\@b\\.co](mailto:a@b.co)",
        ),
    ],
)
def test_markdown_is_written_back_as_written(source: str, written: str) -> None:
    assert commonmark(source) == written
    assert html(parse(written)) == html(parse(source))


# ------------------------------------------------------------------ invariants

#: Pieces of Markdown, markup and hostile text, separated by `§`.
_PIECES = st.sampled_from(
    (  # noqa: SIM905 (one piece a list line would be 48 lines)
        "a§b§ §  §\n§\n\n§*§**§_§`§``§#§# §- §+ §1. §2) §> §    §!§[§]§(§)§[a](https://x.org)§"
        "[j](javascript:x)§<b>§</b>§<https://x.org>§<a@b.co>§&amp;§&#0;§\\§~~§|§www.a.co§"
        'https://y.org§a.co§===§---§***§```§~~~§"t"§\x1b§\u202e§[r]: https://r.org§[r]'
    ).split("§")
)
_SOURCES = st.lists(_PIECES, max_size=30).map("".join)


@given(_SOURCES)
@settings(max_examples=400, deadline=None)
def test_written_markdown_means_what_was_written_and_nothing_unsafe(text: str) -> None:
    written = commonmark(text, indent="  ")
    if written is None:
        return  # written literally instead: tests/test_text.py covers `block`
    inside = "\n".join(line.removeprefix("  ") for line in written.split("\n"))
    assert html(parse(inside)) == html(parse(text))
    assert not _unsafe(_gfm("- item\n\n" + written))
    ours = [t for t in flat_tokens(parse(text)) if t.type == "link_open"]
    theirs = [t for t in _gfm(written) if t.type == "link_open"]
    assert [t.attrGet("href") for t in theirs] == [t.attrGet("href") for t in ours]
    assert not [t for t in _gfm(written) if t.type in ("s_open", "table_open")]


@given(_SOURCES)
@settings(max_examples=400, deadline=None)
def test_a_cell_stays_one_cell_and_nothing_unsafe(text: str) -> None:
    written = commonmark_inline(text)
    if written is None:
        return
    assert "\n" not in written
    tokens = _gfm(f"| h | i |\n| - | - |\n| {written} | x |\n")
    assert [t.type for t in tokens].count("td_open") == 2
    assert not _unsafe(tokens)
    assert not [t for t in tokens if t.type == "s_open"]


def test_a_link_to_nowhere_is_its_text() -> None:
    """`[r]()`: markdown-it takes an empty destination as a link without asking
    `validateLink`; it is the text `r`, in the page and in the Markdown written back (found
    by the property above)."""
    from chronology.markup import to_html

    assert to_html("[r]() and [x](https://a.org)") == (
        '<p>r and <a href="https://a.org" rel="noopener noreferrer">x</a></p>\n'
    )
    assert commonmark("[r]()", indent="  ") == "  r"
    assert not _unsafe(_gfm("- item\n\n" + "  r"))
