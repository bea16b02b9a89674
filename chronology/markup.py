"""The opt-in Markdown of a store (`markup: markdown`): its summaries and description are
CommonMark, read by markdown-it-py, the CommonMark reference parser for Python.

One reading for every output that renders them (`export md` writes them back as Markdown
that means the same): raw HTML is never HTML (it stays text),
links and autolinks go only to http, https and mailto (anything else stays text), and
images are not fetched (`![alt](url)` reads as `!` and a link to the image).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = [
    "LINKABLE",
    "MARKUPS",
    "PLAIN",
    "html",
    "inline_html",
    "linkable",
    "parse",
    "parse_inline",
    "parser",
    "to_html",
]

#: The values of a store's `markup:` key; `text`, the default, is literal text.
PLAIN = "text"
MARKUPS = (PLAIN, "markdown")
LINKABLE = ("http", "https", "mailto")


def linkable(url: str) -> bool:
    """True when `url` may be a link: its scheme is http, https or mailto."""
    scheme, sep, _ = url.partition(":")
    return bool(sep) and scheme.strip().lower() in LINKABLE


@cache
def parser() -> MarkdownIt:
    """The CommonMark parser of summaries (built once: building it costs more than a parse)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = linkable  # type: ignore[method-assign]
    md.disable("image")
    return md


def parse(text: str) -> list[Token]:
    """The block and inline tokens of a summary written in CommonMark. A link markdown-it
    takes with an empty destination (`[r]()`, which `linkable` never sees) is its text."""
    tokens = parser().parse(text)
    for token in tokens:
        if token.children:
            token.children = _without_empty_links(token.children)
    return tokens


def _without_empty_links(children: list[Token]) -> list[Token]:
    kept: list[Token] = []
    dropped = False
    for child in children:
        if child.type == "link_open" and not linkable(str(child.attrGet("href") or "")):
            dropped = True
            continue
        if child.type == "link_close" and dropped:
            dropped = False
            continue
        kept.append(child)
    return kept


def parse_inline(text: str) -> list[Token]:
    """The inline tokens of one line of CommonMark (no blocks: a table cell)."""
    return parser().parseInline(text)[0].children or []


def html(tokens: Sequence[Token]) -> str:
    """The HTML of parsed blocks."""
    md = parser()
    rendered: str = md.renderer.render(tokens, md.options, {})
    return rendered


def inline_html(tokens: Sequence[Token]) -> str:
    """The HTML of parsed inline tokens."""
    from markdown_it.renderer import RendererHTML

    md = parser()
    assert isinstance(md.renderer, RendererHTML)
    return md.renderer.renderInline(tokens, md.options, {})


def to_html(text: str) -> str:
    """A summary as HTML to put in a page: nothing in it is raw HTML, every link goes to
    http, https or mailto and opens without telling the target where it came from."""
    tokens = parse(text)
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("rel", "noopener noreferrer")
    return html(tokens)
