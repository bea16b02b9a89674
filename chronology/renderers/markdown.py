"""Markdown (CommonMark + GFM): a list by year, a table, or a Mermaid timeline.

Every piece of user text is escaped for where it lands, so that no title, summary or
location can open a heading, list, table cell, link, HTML tag or Mermaid statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import groupby
from urllib.parse import urlsplit

from ..clock import Clock
from ..dates import year_label
from ..escapes import UNSAFE, visible_line
from ..model import Event, Source, Timeline
from ..text import Item, paragraphs, parts
from . import ExportOptions, Rendered

__all__ = ["block", "inline", "link", "mermaid_text", "period", "render"]

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
_MERMAID = str.maketrans({c: f"#{ord(c)};" for c in '#:;%<>&"\\{}'})
LINKABLE = ("http", "https", "mailto")
#: Controls, bidi and invisible format characters: never raw in Markdown or Mermaid.
_CONTROL = re.compile(f"[{UNSAFE}]")


def _escape_chars(text: str) -> str:
    if _ESCAPED.search(text) is not None:
        text = text.translate(_ESCAPES)
    if _CONTROL.search(text) is not None:  # a character reference: the same text, inert
        text = _CONTROL.sub(lambda m: f"&#x{ord(m[0]):X};", text)
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
    rendered = []
    for lines in paragraphs(text):
        for part in parts(lines):
            if part.kind == "aligned":
                rendered.append(_preformatted(part.lines, indent))
            elif part.kind == "list":
                rendered.append(_items(part.items, indent))
            else:
                escaped = [indent + _line_start(_escape_chars(" ".join(line.split())))
                           for line in part.lines]  # fmt: skip
                rendered.append("\\\n".join(escaped))  # `\` ends a line with a hard break
    return "\n\n".join(rendered)


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
        text = [_line_start(_escape_chars(" ".join(line.split()))) for line in item.lines]
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


def link(source: Source) -> str | None:
    """A Markdown link to a source, or None when its scheme must not become a link."""
    scheme = source.url.partition(":")[0].lower()
    if scheme not in LINKABLE:
        return None
    label = source.title or _host(source.url) or source.url
    if not source.title and label.startswith("www."):
        label = label[4:]
    if scheme == "mailto" and not source.title:
        label = source.url[len("mailto:") :]
    destination = source.url.translate(_DESTINATION)
    return f"[{inline(label)}]({destination})"


def _host(url: str) -> str | None:
    """The host of a URL; the common `scheme://host/…` is split without urllib."""
    _, sep, rest = url.partition("://")
    if sep:
        host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        if host and not any(c in host for c in "@:[]"):
            return host.lower()
    return urlsplit(url).hostname


def period(event: Event, clock: Clock) -> str:
    """The heading an event is grouped under: its start year, decade or century on `clock`."""
    first = event.first_shown(clock)
    if first is None:
        last = event.last
        assert last is not None
        return f"Until {year_label(last)}"
    return year_label(first)


# ------------------------------------------------------------------ styles


def _list(timeline: Timeline, events: Sequence[Event], level: int, clock: Clock) -> Iterator[str]:
    if timeline.title:
        yield "#" * level + " " + inline(timeline.title)
        if timeline.description:
            yield block(timeline.description)
        level += 1
    for label, group in groupby(events, key=lambda e: period(e, clock)):
        yield "#" * level + " " + inline(label)
        for event in group:
            yield _item(event, clock)


def _item(event: Event, clock: Clock) -> str:
    head = f"- **{inline(event.human_date(clock))}** — {inline(event.title)}"
    if event.location:
        head += f" — *{inline(event.location)}*"
    parts = [head]
    if event.summary and event.summary.strip():
        parts.append(block(event.summary, indent="  "))
    if event.people:
        parts.append("  People: " + inline(_joined(event.people)))
    if event.tags:
        parts.append("  Tags: " + inline(_joined(event.tags)))
    links = _links(event)
    if links:
        parts.append("  Sources: " + links)
    return "\n\n".join(parts)


def _joined(items: tuple[str, ...]) -> str:
    """Names joined with `, `, or with `; ` when one holds a comma ("O'Brien, Pat")."""
    return ("; " if any("," in item for item in items) else ", ").join(items)


def _links(event: Event) -> str:
    """The event's sources as Markdown links (those whose scheme may be one), comma-separated."""
    return ", ".join(text for text in (link(s) for s in event.sources) if text)


def _table(
    timeline: Timeline,
    events: Sequence[Event],
    level: int,
    clock: Clock,
    columns: tuple[str, ...],
) -> Iterator[str]:
    if timeline.title:
        yield "#" * level + " " + inline(timeline.title)
        if timeline.description:
            yield block(timeline.description)
    rows = [
        "| " + " | ".join(_HEADERS.get(c, c.capitalize()) for c in columns) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
    ]
    for event in events:
        rows.append("| " + " | ".join(_cell(event, c, columns, clock) for c in columns) + " |")
    yield "\n".join(rows)


_HEADERS = {"id": "ID"}


def _cell(event: Event, column: str, columns: tuple[str, ...], clock: Clock) -> str:
    """One table cell, escaped: dates on the display clock, sources as links."""
    if column == "sources":
        return _links(event)
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


def _mermaid(timeline: Timeline, events: Sequence[Event], clock: Clock) -> Iterator[str]:
    lines = ["```mermaid", "timeline"]
    if timeline.title:
        lines.append(f"    title {mermaid_text(timeline.title)}")
    for label, group in groupby(events, key=lambda e: period(e, clock)):
        lines.append(f"    section {mermaid_text(label)}")
        for date, same_day in groupby(group, key=lambda e: e.human_date(clock)):
            titles = [mermaid_text(e.title) for e in same_day]
            lines.append(f"        {mermaid_text(date)} : {titles[0]}")
            lines.extend(f"                : {title}" for title in titles[1:])
    lines.append("```")
    yield "\n".join(lines)


def render(timeline: Timeline, events: Sequence[Event], options: ExportOptions) -> Rendered:
    """The events in the Markdown style the options ask for."""
    level, clock = options.heading_level, options.clock_for(timeline)
    if options.style == "table":
        parts = _table(timeline, events, level, clock, options.columns)
    elif options.style == "mermaid":
        parts = _mermaid(timeline, events, clock)
    else:
        parts = _list(timeline, events, level, clock)
    if options.partial is not None:  # our own words, no user text: nothing to escape
        parts = iter([f"<!-- chronology: partial: {options.partial} -->", *parts])
    return Rendered("\n\n".join(parts) + "\n")
