"""Markdown (CommonMark + GFM): a list by year, a table, or a Mermaid timeline.

Every piece of user text is escaped for where it lands, so that no title, summary or
location can open a heading, list, table cell, link, HTML tag or Mermaid statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..clock import Clock
from ..dates import year_label
from ..escapes import UNSAFE, char_refs, visible_line
from ..markup import PLAIN, linkable
from ..model import Event, Source, Timeline
from ..text import Item, paragraphs, parts, plain_lines
from . import ExportOptions

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

__all__ = ["block", "commonmark", "document", "inline", "link", "mermaid_text", "period"]

_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#&$@"})
#: Any character `_ESCAPES` changes (most text has none, and searching is cheaper).
_ESCAPED = re.compile(r"[\\`*_\[\]<>|~#&$@]")
_WWW = re.compile(r"(?i)ww\.")
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(://)|\b(www)\.")
#: A dot between a word and two letters, as in a domain (`example.com`): renderers that
#: linkify bare domains (markdown-it's linkify, which VS Code's preview uses) would make a
#: link of it. `D.C.`, `e.g.` and `3.5` keep their dots as they are.
_DOMAIN_DOT = re.compile(r"(?<=[^\W_])\.(?=[^\W\d_]{2})")
_ORDERED = re.compile(r"[0-9]+(?=[.)])")
_DESTINATION = str.maketrans({c: "\\" + c for c in "\\()<>&"})
_IN_DESTINATION = re.compile(r"[\\()<>&]")  # most URLs have none: a scan, not a copy
_MERMAID = str.maketrans({c: f"#{ord(c)};" for c in '#:;%<>&"\\{}'})
#: Controls, bidi and invisible format characters: never raw in Markdown or Mermaid.
_CONTROL = re.compile(f"[{UNSAFE}]")
#: Where `_escape_chars` may have anything to do, found in one scan (most text has nothing;
#: a search per rule took half of a Markdown export). A character class first, for speed:
#: a character to escape, or the first character of a rule's match, checked around it.
_ANYTHING = re.compile(
    "[" + _ESCAPED.pattern[1:-1] + UNSAFE + ".:wW]"
    r"(?:(?<=[^.:wW])"  # a character to escape
    r"|(?<=[^\W_]\.)(?=[^\W\d_]{2})"  # a dot between a word and two letters (_DOMAIN_DOT)
    r"|(?<=:)(?=//)"  # `://`
    r"|(?<=[wW])(?=[wW]\.))"  # `ww.` (_WWW)
)


def _escape_chars(text: str) -> str:
    if _ANYTHING.search(text) is None:
        return text
    if _ESCAPED.search(text) is not None:
        text = text.translate(_ESCAPES)
    text = char_refs(text)  # a character reference: the same text, inert
    if "://" in text or _WWW.search(text) is not None:
        # Break GFM autolinks (`https://…`, `www.…`) so that only our own links are links.
        text = _AUTOLINK.sub(lambda m: "\\://" if m[1] else m[2] + "\\.", text)
    if "." in text:
        text = _DOMAIN_DOT.sub(r"\\.", text)
    return text


def inline(text: str) -> str:
    """One line of literal text for inline contexts: headings, bullets, cells, link text."""
    return _escape_chars(" ".join(text.split()))


def block(text: str, indent: str = "") -> str:
    """Literal multi-line text, its shape kept: paragraphs, a hard line break wherever the
    text breaks a line, lists written as lists, lines aligned in columns as a code block.
    Every piece of text is escaped; nothing in it can open a heading, link or HTML tag."""
    plain = plain_lines(text)
    if plain is not None:  # one paragraph of plain lines (most summaries), read at once
        return "\\\n".join([indent + _line_start(line) for line in _escape_lines(plain)])
    rendered = []
    for lines in paragraphs(text):
        for part in parts(lines):
            if part.kind == "aligned":
                rendered.append(_preformatted(part.lines, indent))
            elif part.kind == "list":
                rendered.append(_items(part.items, indent))
            else:
                escaped = _escape_lines(part.lines)
                rendered.append(  # `\` ends a line with a hard break
                    "\\\n".join([indent + _line_start(line) for line in escaped])
                )
    return "\n\n".join(rendered)


def _escape_lines(lines: Sequence[str]) -> Sequence[str]:
    """Lines of text escaped as `inline` escapes one, in one call: no rule of
    `_escape_chars` reads across a line feed. Most lines have nothing to change: they come
    back as they are, not copied (two fifths of the time of this function, measured)."""
    text = "\n".join(lines)
    if (  # white space other than one space between words: it is squeezed line by line
        "  " in text
        or " \n" in text
        or "\n " in text
        or text[:1] == " "
        or text[-1:] == " "
        or text.count("\n") != len(lines) - 1
        or not text.replace("\n", "").isprintable()  # (every other space is unprintable)
    ):
        lines = [" ".join(line.split()) for line in lines]
        text = "\n".join(lines)
    escaped = _escape_chars(text)
    return lines if escaped is text else escaped.split("\n")


def _items(items: tuple[Item, ...], indent: str) -> str:
    """A list, each item nested under its parent's text column (2 after `- `, 3 after
    `1. `), continuation lines hard-broken and indented to the item's own text column."""
    columns: list[int] = []  # the text column of each open level
    lines = []
    for item in items:
        del columns[item.depth :]
        lead = indent + " " * (columns[-1] if columns else 0)
        marker = "-" if item.ordered is None else f"{item.ordered}."
        columns.append(len(lead) - len(indent) + len(marker) + 1)
        text = [_line_start(line) for line in _escape_lines(item.lines)]
        hanging = "\\\n" + indent + " " * columns[-1]
        lines.append(f"{lead}{marker} " + hanging.join(text))
    return "\n".join(lines)


def _preformatted(lines: tuple[str, ...], indent: str) -> str:
    """Lines that line up in columns, as a fenced code block: literal, so nothing to escape
    but what a terminal or browser must not get raw (made visible), and a fence longer than
    any run of backticks inside."""
    body = [visible_line(line) for line in lines]
    longest = max((len(run) for line in body for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return "\n".join([indent + fence, *(indent + line for line in body), indent + fence])


def _line_start(line: str) -> str:
    """Escape what would open a list item or setext underline at the start of a line."""
    number = _ORDERED.match(line) if line[0].isdigit() else None
    if number:
        return line[: number.end()] + "\\" + line[number.end() :]
    return "\\" + line if line[0] in "-+=" else line


# ------------------------------------------------- summaries in CommonMark


class _Verbatim(Exception):
    """Markdown this module does not write back exactly: the text is shown literally."""


def commonmark(text: str, indent: str = "") -> str | None:
    """A summary written in CommonMark (`markup: markdown`) as Markdown that renders to the
    same HTML as markdown-it reads the text (raw HTML as text, links only to http, https and
    mailto), with every text run escaped as `block` escapes it.

    What is written is read back and compared with what was meant: None when it would
    not come back the same (a rare nesting such as emphasis directly inside emphasis, or a
    control character in code); the caller then writes the text literally (`block`).
    """
    from markdown_it.tree import SyntaxTreeNode

    from ..markup import html, parse

    tokens = parse(text)
    try:
        written = _blocks(SyntaxTreeNode(tokens).children)
    except _Verbatim:
        return None
    if html(parse(written)) != html(tokens):
        return None
    return "\n".join(indent + line if line else line for line in written.split("\n"))


def commonmark_inline(text: str) -> str | None:
    """A CommonMark summary on one line for a table cell: the inline content of each block
    and code blocks as code, breaks and blocks joined by a space; None when it would not
    read back the same."""
    from markdown_it.token import Token
    from markdown_it.tree import SyntaxTreeNode

    from ..markup import inline_html, parse, parse_inline

    runs = []
    for token in parse(text):
        if token.type == "inline":
            runs.append(token)
        elif token.type in ("fence", "code_block"):
            code = Token("code_inline", "code", 0, content=token.content.strip("\n"))
            runs.append(Token("inline", "", 0, children=[code]))
    for run in runs:  # a cell is one line: line breaks are spaces
        for child in run.children or ():
            if child.type in ("softbreak", "hardbreak"):
                child.type, child.tag, child.content = "text", "", " "
            elif child.type == "code_inline":
                child.content = child.content.replace("\n", " ")
            elif child.type == "link_open" and "title" in child.attrs:
                child.attrs["title"] = str(child.attrs["title"]).replace("\n", " ")
    try:
        written = " ".join(_inline(SyntaxTreeNode([r]).children[0], cell=True) for r in runs)
    except _Verbatim:
        return None
    wanted = " ".join(inline_html(r.children or []) for r in runs)
    if "\n" in written or inline_html(parse_inline(written)) != wanted:
        return None
    return written


def _blocks(nodes: Sequence[SyntaxTreeNode], tight: bool = False) -> str:
    """Block nodes one after another: a blank line between them, or none in a tight list
    item. Two lists in a row get different markers, so they stay two lists."""
    written: list[str] = []
    previous = ""
    for node in nodes:
        if node.type == "bullet_list":
            marker = "*" if previous == "-" else "-"
        elif node.type == "ordered_list":
            marker = ")" if previous == "." else "."
        else:
            marker = ""
        written.append(_block(node, marker))
        previous = marker
    return ("\n" if tight else "\n\n").join(written)


def _block(node: SyntaxTreeNode, marker: str) -> str:
    kind = node.type
    if kind == "paragraph":
        return "\n".join(_line_start(line) for line in _inline(node.children[0]).split("\n"))
    if kind == "heading":
        heading = _inline(node.children[0]) if node.children else ""
        if "\n" in heading:
            raise _Verbatim  # a setext heading on two lines
        return "#" * int(node.tag[1]) + (" " + heading if heading else "")
    if kind in ("fence", "code_block"):
        return _fence(node.content, node.info if kind == "fence" else "")
    if kind == "hr":
        return "***"  # `---` after a line of text would underline it as a heading
    if kind == "blockquote":
        inside = _blocks(node.children)
        return "\n".join("> " + line if line else ">" for line in inside.split("\n"))
    if kind in ("bullet_list", "ordered_list"):
        return _md_list(node, marker)
    raise _Verbatim


def _md_list(node: SyntaxTreeNode, marker: str) -> str:
    """A list with its items' contents under their text column; tight when its
    paragraphs are (markdown-it marks a tight list's paragraphs hidden)."""
    tight = all(
        child.hidden for item in node.children for child in item.children
        if child.type == "paragraph"
    )  # fmt: skip
    start = int(str(node.attrs.get("start", 1)))
    written = []
    for number, item in enumerate(node.children, start):
        lead = marker if node.type == "bullet_list" else f"{number}{marker}"
        body = _blocks(item.children, tight)
        if not body:
            written.append(lead)
            continue
        lines = body.split("\n")
        hanging = " " * (len(lead) + 1)
        written.append(
            "\n".join(
                [f"{lead} {lines[0]}", *(hanging + line if line else line for line in lines[1:])]
            )
        )
    return ("\n" if tight else "\n\n").join(written)


def _fence(content: str, info: str) -> str:
    """Code as a fenced block, its fence longer than any run of backticks inside."""
    if _CONTROL.search(content) is not None or any(c in info for c in "`\\&"):
        raise _Verbatim
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{content}{fence}"


def _inline(node: SyntaxTreeNode, cell: bool = False) -> str:
    """The inline children of `node` as Markdown: text escaped, markup written back."""
    written = []
    for i, child in enumerate(node.children):
        kind = child.type
        if kind == "text":
            text = _escape_chars(child.content)
            following = node.children[i + 1 : i + 2]
            if text.endswith("!") and following and following[0].type == "link":
                text = text[:-1] + "\\!"  # `!` before a link would make it an image
            written.append(text)
        elif kind == "softbreak":
            written.append("\n")
        elif kind == "hardbreak":
            written.append("\\\n")
        elif kind == "em":
            # `*`, but `_` next to the `*` of an enclosing emphasis (`**x**` is strong)
            edge = i in (0, len(node.children) - 1)
            mark = "_" if edge and node.type in ("em", "strong") else "*"
            written.append(mark + _inline(child, cell) + mark)
        elif kind == "strong":
            written.append("**" + _inline(child, cell) + "**")
        elif kind == "code_inline":
            written.append(_code(child.content, cell))
        elif kind == "link":
            written.append(_link(child, cell))
        else:
            raise _Verbatim
    return "".join(written)


def _code(content: str, cell: bool) -> str:
    """A code span: backticks one more than the longest run inside, spaces around when
    the code starts or ends with a backtick or both ends are spaces."""
    if _CONTROL.search(content) is not None or (cell and "|" in content):
        raise _Verbatim  # a GFM table splits cells at a `|` even inside code
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", content)), default=0) + 1)
    padded = (
        content.startswith("`")
        or content.endswith("`")
        or (content.startswith(" ") and content.endswith(" ") and content.strip(" "))
    )
    return f"{ticks} {content} {ticks}" if padded else f"{ticks}{content}{ticks}"


def _link(node: SyntaxTreeNode, cell: bool) -> str:
    """An inline link (autolinks and reference links too) to the URL markdown-it read."""
    href = str(node.attrs["href"])
    title = node.attrs.get("title")
    destination = href.translate(_DESTINATION)
    if title is not None:
        quoted = str(title).translate(_TITLE)
        destination += f' "{quoted}"'
    return f"[{_inline(node, cell)}]({destination})"


_TITLE = str.maketrans({c: "\\" + c for c in '\\"&'})


def link(source: Source) -> str | None:
    """A Markdown link to a source, or None when its scheme must not become a link."""
    url = source.url
    if not linkable(url):
        return None
    if source.title:
        text = inline(source.title)
    elif url[:7].lower() == "mailto:":
        text = inline(url[7:])
    else:
        host = _host(url)
        text = _host_text(host) if host else inline(url)
    if _IN_DESTINATION.search(url) is not None:
        url = url.translate(_DESTINATION)
    return f"[{text}]({url})"


@lru_cache(maxsize=1 << 12)
def _host_text(host: str) -> str:
    """A host as link text, escaped, without `www.`; kept, since a few sites are the
    sources of most events (and escaping a domain's dots costs more than most text)."""
    return inline(host[4:] if host.startswith("www.") else host)


def _host(url: str) -> str | None:
    """The host of a URL; the common `scheme://host/…` is read without urllib."""
    _, sep, rest = url.partition("://")
    if sep:
        plain = _PLAIN_HOST.match(rest)
        if plain is not None:
            return plain[1].lower()
    return urlsplit(url).hostname


#: A host with no user, port or IPv6 brackets, up to the path, query or fragment.
_PLAIN_HOST = re.compile(r"([^/?#@:\[\]]+)(?:[/?#]|\Z)")


def period(event: Event, clock: Clock) -> str:
    """The heading an event is grouped under: its start year, decade or century on `clock`."""
    first = event.first_shown(clock)
    if first is None:
        last = event.last
        assert last is not None
        return f"Until {year_label(last)}"
    return year_label(first)


# ------------------------------------------------------------------ styles


class _Prose:
    """How summaries and the description are written: literal, or as CommonMark
    (`markup: markdown`), noting each one that has to be written literally after all."""

    def __init__(self, markup: str, notes: list[str]) -> None:
        self.markdown = markup != PLAIN
        self.notes = notes

    def block(self, text: str, indent: str, whose: str) -> str:
        written = commonmark(text, indent) if self.markdown else None
        if written is None:
            self.literal(whose)
            return block(text, indent)
        return written

    def cell(self, text: str, whose: str) -> str:
        written = commonmark_inline(text) if self.markdown else None
        if written is None:
            self.literal(whose)
            return inline(text)
        return written

    def literal(self, whose: str) -> None:
        if self.markdown:
            self.notes.append(
                f"{whose}: its Markdown cannot be written back exactly; it is written as "
                "literal text"
            )


def _item(event: Event, clock: Clock, prose: _Prose) -> str:
    # The one-line texts escaped in one call, not five: calls, not characters, cost most.
    date, title, location, people, tags = _escape_lines((
        event.human_date(clock),
        event.title,
        event.location or "",
        _joined(event.people),
        _joined(event.tags),
    ))  # fmt: skip
    head = f"- **{date}** — {title}"
    if event.location:
        head += f" — *{location}*"
    parts = [head]
    if event.summary and not event.summary.isspace():
        parts.append(prose.block(event.summary, "  ", f"the summary of {event.id}"))
    if event.people:
        parts.append("  People: " + people)
    if event.tags:
        parts.append("  Tags: " + tags)
    links = _links(event)
    if links:
        parts.append("  Sources: " + links)
    return "\n\n".join(parts)


def _joined(items: tuple[str, ...]) -> str:
    """Names joined with `, `, or with `; ` when one holds a comma ("O'Brien, Pat")."""
    return ("; " if "," in "".join(items) else ", ").join(items)


def _links(event: Event) -> str:
    """The event's sources as Markdown links (those whose scheme may be one), comma-separated."""
    return ", ".join([text for text in [link(s) for s in event.sources] if text])


_HEADERS = {"id": "ID"}


def _cell(event: Event, column: str, columns: tuple[str, ...], clock: Clock, prose: _Prose) -> str:
    """One table cell, escaped: dates on the display clock, sources as links."""
    if column == "sources":
        return _links(event)
    if column == "summary" and event.summary:
        return prose.cell(event.summary, f"the summary of {event.id}")
    if column in ("date", "end") and "end" in columns:
        start, end = event.human_ends(clock)
        text = start if column == "date" else end
    elif column == "date":
        text = event.human_date(clock)
    elif column in ("tags", "people"):
        text = _joined(getattr(event, column))
    else:
        value = getattr(event, column)
        text = "" if value is None else str(value)
    return inline(text)


def mermaid_text(text: str) -> str:
    """Text for a Mermaid timeline statement: separators become `#58;`-style entity codes."""
    return _CONTROL.sub(lambda m: f"#{ord(m[0])};", " ".join(text.split()).translate(_MERMAID))


class _Document:
    """A Markdown document in the style the options ask for, in three parts (see
    `renderers.Document`): blocks apart by a blank line, table rows and diagram lines on the
    next line."""

    def __init__(self, timeline: Timeline, options: ExportOptions) -> None:
        self.timeline = timeline
        self.style = options.style
        self.columns = options.columns
        self.level = options.heading_level
        self.clock = options.clock_for(timeline)
        self.partial = options.partial
        # Whether the head writes anything: the first event's block then follows a blank line.
        self.headed = bool(options.partial is not None or timeline.title or options.style != "list")

    def head(self, notes: list[str]) -> Iterator[str]:
        timeline, level = self.timeline, self.level
        blocks = []
        if self.partial is not None:  # our own words, no user text: nothing to escape
            blocks.append(f"<!-- chronology: partial: {self.partial} -->")
        if self.style == "mermaid":
            blocks.append("```mermaid\ntimeline")
            if timeline.title:
                blocks[-1] += f"\n    title {mermaid_text(timeline.title)}"
        elif timeline.title:
            blocks.append("#" * level + " " + inline(timeline.title))
            if timeline.description:
                prose = _Prose(timeline.markup, notes)
                blocks.append(prose.block(timeline.description, "", "the description"))
        if self.style == "table":
            columns = self.columns
            blocks.append(
                "| " + " | ".join(_HEADERS.get(c, c.capitalize()) for c in columns) + " |\n"
                "| " + " | ".join("---" for _ in columns) + " |"
            )
        if blocks:
            yield "\n\n".join(blocks)

    def body(self, events: Sequence[Event], after: Event | None, notes: list[str]) -> Iterator[str]:
        if self.style == "table":
            return self._rows(events, notes)
        if self.style == "mermaid":
            return self._diagram(events, after)
        return self._list(events, after, notes)

    def tail(self) -> Iterator[str]:
        yield "\n```\n" if self.style == "mermaid" else "\n"

    def _list(
        self, events: Sequence[Event], after: Event | None, notes: list[str]
    ) -> Iterator[str]:
        clock, prose = self.clock, _Prose(self.timeline.markup, notes)
        heading = "#" * (self.level + 1 if self.timeline.title else self.level) + " "
        label = period(after, clock) if after is not None else None
        separator = "\n\n" if self.headed or after is not None else ""
        for event in events:
            group = period(event, clock)
            if group != label:
                yield separator + heading + inline(group)
                label, separator = group, "\n\n"
            yield separator + _item(event, clock, prose)
            separator = "\n\n"

    def _rows(self, events: Sequence[Event], notes: list[str]) -> Iterator[str]:
        clock, columns, prose = self.clock, self.columns, _Prose(self.timeline.markup, notes)
        for event in events:
            yield (
                "\n| "
                + " | ".join([_cell(event, c, columns, clock, prose) for c in columns])
                + " |"
            )

    def _diagram(self, events: Sequence[Event], after: Event | None) -> Iterator[str]:
        """Mermaid's `section` for each period, a line for each date in it, and the titles
        of further events on the same date as continuation lines."""
        clock = self.clock
        label = date = None
        if after is not None:
            label, date = period(after, clock), after.human_date(clock)
        for event in events:
            group, when = period(event, clock), event.human_date(clock)
            title = mermaid_text(event.title)
            if group != label:
                yield f"\n    section {mermaid_text(group)}"
            if group != label or when != date:
                yield f"\n        {mermaid_text(when)} : {title}"
            else:
                yield f"\n                : {title}"
            label, date = group, when


def document(timeline: Timeline, events: Sequence[Event], options: ExportOptions) -> _Document:
    """The document in three parts (`renderers.Document`)."""
    return _Document(timeline, options)
