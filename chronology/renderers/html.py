"""A self-contained HTML page: the events drawn to scale on a zoomable time axis, over an
ordered list of the same events (what a screen reader, a search engine, a print-out and a
browser without JavaScript get).

Everything is inline (style and script, allowed by their hashes in a Content-Security-Policy
that forbids every network source), so the page works from `file://` and offline. The
script and the data it draws from (a JSON block) come before the list, so the drawing is
on screen while the browser still reads the list. User text only ever reaches the page
escaped: as text in the list, and in the JSON block with `<`, `>` and `&` escaped; the
script writes it with `textContent`, never as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator, Sequence
from functools import cache
from html import escape
from importlib.resources import files

from ..clock import Clock
from ..escapes import char_refs, json_visible
from ..markup import PLAIN, linkable, to_html
from ..model import Event, Source, Timeline
from ..text import Item, paragraphs, parts
from . import ExportOptions
from .visual import Mark, marks

__all__ = ["link_html", "page_assets", "stream", "summary_html", "text_html"]

#: Lists longer than this appear once the drawing is on screen.
_AT_ONCE = 250


@cache
def page_assets() -> tuple[str, str]:
    """The page's style sheet and script, as shipped in the package."""
    assets = files("chronology.renderers") / "assets"
    return (assets / "view.css").read_text("utf-8"), (assets / "view.js").read_text("utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def text_html(text: str) -> str:
    """User text as HTML text: `<`, `&` and quotes escaped, and the characters a page must
    not get raw (controls, bidirectional overrides) as visible character references."""
    escaped = escape(text, quote=True)
    return char_refs(escaped)


def summary_html(text: str, markup: str) -> str:
    """A summary or description as HTML: CommonMark under `markup: markdown` (raw HTML as
    text, links only to http/https/mailto), else its paragraphs, lines, lists and aligned
    columns as written."""
    if markup != PLAIN:
        return char_refs(to_html(text))
    written = []
    for lines in paragraphs(text):
        for part in parts(lines):
            if part.kind == "aligned":
                written.append("<pre>" + text_html("\n".join(part.lines)) + "</pre>")
            elif part.kind == "list":
                written.append(_list(part.items))
            else:
                broken = "<br>\n".join(text_html(line) for line in part.lines)
                written.append(f"<p>{broken}</p>")
    return "\n".join(written)


def _list(items: tuple[Item, ...]) -> str:
    """Items nested by depth, each list `<ol>` when its first item is numbered."""
    html: list[str] = []
    open_tags: list[str] = []
    for item in items:
        while len(open_tags) > item.depth + 1:
            html.append(f"</li></{open_tags.pop()}>")
        if len(open_tags) == item.depth + 1:
            html.append("</li>")
        else:
            tag = "ul" if item.ordered is None else "ol"
            start = f' start="{item.ordered}"' if item.ordered not in (None, 1) else ""
            html.append(f"<{tag}{start}>")
            open_tags.append(tag)
        html.append("<li>" + "<br>\n".join(text_html(line) for line in item.lines))
    while open_tags:
        html.append(f"</li></{open_tags.pop()}>")
    return "".join(html)


def link_html(url: str, label: str) -> str:
    """A link that opens without telling the target where it came from (`url` must be
    linkable: http, https or mailto)."""
    return f'<a href="{text_html(url)}" rel="noopener noreferrer">{text_html(label)}</a>'


def _source(source: Source) -> str:
    label = source.title or source.url
    if not linkable(source.url):
        return f"<li>{text_html(label)}</li>"
    return f"<li>{link_html(source.url, label)}</li>"


def _data(drawn: Sequence[Mark], clock: Clock, tags: dict[str, int]) -> str:
    """What the script draws, before the list is in the page: for each event in the list's
    order, `[lo, hi, row, precision, qualities, tags, date as shown, title, id]`. JSON in
    a data block, with `<`, `>` and `&` escaped (only ever inside strings), so that no
    text can close the block, and with the characters a page must not get raw escaped."""
    rows = [
        [
            mark.lo,
            mark.hi,
            mark.group,
            mark.precision,
            mark.qualities,
            " ".join(str(tags[t]) for t in mark.event.tags),
            mark.event.human_date(clock),
            mark.event.title,
            mark.event.id,
        ]
        for mark in drawn
    ]
    text = json_visible(json.dumps(rows, ensure_ascii=False, separators=(",", ":")))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _event(mark: Mark, clock: Clock, markup: str) -> str:
    event = mark.event
    lines = [
        f'<li id="event-{event.id}">',
        f'<h3><span class="when">{text_html(event.human_date(clock))}</span> '
        f'<span class="what">{text_html(event.title)}</span></h3>',
        '<dl class="facts">',
        f"<dt>Date as written</dt><dd><code>{text_html(event.iso_date())}</code></dd>",
    ]
    if event.location:
        lines.append(f"<dt>Location</dt><dd>{text_html(event.location)}</dd>")
    if event.people:
        lines.append(f"<dt>People</dt><dd>{text_html(', '.join(event.people))}</dd>")
    if event.tags:
        lines.append(f"<dt>Tags</dt><dd>{text_html(', '.join(event.tags))}</dd>")
    lines.append("</dl>")
    if event.summary and event.summary.strip():
        lines.append(f'<div class="summary">{summary_html(event.summary, markup)}</div>')
    if event.sources:
        lines.append('<ul class="sources" aria-label="Sources">')
        lines.extend(_source(source) for source in event.sources)
        lines.append("</ul>")
    lines.append("</li>")
    return "\n".join(lines)


def _legend() -> str:
    samples = [
        ("day", "exact day or time"),
        ("coarse", "month, year or decade: soft edges over the whole span"),
        ("approx", "approximate (~)"),
        ("doubt", "uncertain (?)"),
        ("unspec", "unspecified digits (201X): the whole range"),
        ("open", "open or unknown end: fades out"),
        ("point", "an instant"),
    ]
    items = "".join(
        f'<li><span class="sample {kind}" aria-hidden="true"></span>{text}</li>'
        for kind, text in samples
    )
    return f'<ul class="legend" aria-label="Legend">{items}</ul>'


def _controls(tag_names: Sequence[str], untagged: bool) -> Iterator[str]:
    yield '<div class="controls" role="toolbar" aria-label="Timeline controls">'
    yield '<button type="button" data-act="in" aria-label="Zoom in" title="Zoom in (+)">+</button>'
    yield (
        '<button type="button" data-act="out" aria-label="Zoom out" title="Zoom out (-)">'
        "\u2212</button>"
    )
    yield '<button type="button" data-act="fit">Fit all</button>'
    yield '<button type="button" data-act="today">Today</button>'
    yield (
        '<label class="search">Search <input type="search" id="search" autocomplete="off" '
        'aria-controls="events"></label>'
    )
    yield "</div>"
    if tag_names:
        yield '<fieldset class="tags"><legend>Tags</legend>'
        for i, name in enumerate(tag_names):
            box = f'<input type="checkbox" data-tag="{i}" checked>'
            yield f"<label>{box} {text_html(name)}</label>"
        if untagged:
            yield '<label><input type="checkbox" data-tag="none" checked> (no tag)</label>'
        yield "</fieldset>"


def stream(
    timeline: Timeline, events: Sequence[Event], options: ExportOptions, notes: list[str]
) -> Iterator[str]:
    """The page for `events` (a selection of `timeline`)."""
    clock = options.clock_for(timeline)
    names, drawn = marks(events, clock, options.group_by)
    tag_names = sorted({t for e in events for t in e.tags}, key=lambda t: (t.casefold(), t))
    tags = {name: i for i, name in enumerate(tag_names)}
    title = options.title or timeline.title or "Timeline"
    style, script = page_assets()
    policy = (
        f"default-src 'none'; style-src {_hash(style)}; script-src {_hash(script)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    zone = clock.name
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        '<meta name="generator" content="chronology">',
        f"<title>{text_html(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        f'<body data-zone="{text_html(zone)}">',
        "<header>",
        f"<h1>{text_html(title)}</h1>",
    ]
    if timeline.description and not options.title:
        head.append(
            f'<div class="description">{summary_html(timeline.description, timeline.markup)}</div>'
        )
    if options.partial is not None:
        head.append(f'<p class="partial" role="note">Partial: {text_html(options.partial)}</p>')
    head.append(
        f'<p class="zone">{len(events)} event{"" if len(events) == 1 else "s"}; '
        f"times in {text_html(zone)}.</p>"
    )
    head.append("</header>")
    view = [
        '<section id="view" class="view" aria-label="Timeline" hidden>',
        *_controls(tag_names, any(not e.tags for e in events)),
        _legend(),
        '<div class="stage" tabindex="0" aria-label="Time axis: arrow keys pan, + and - zoom, '
        'Tab reaches the events">',
        '<div class="axis" aria-hidden="true"></div>',
        '<div class="rows">'
        + "".join(
            f'<div class="row" data-g="{i}"><span class="row-name">{text_html(name)}</span></div>'
            for i, name in enumerate(names)
        )
        + "</div>",
        "</div>",
        '<aside class="detail" aria-label="Selected event" aria-live="polite" hidden>'
        '<button type="button" class="close" aria-label="Close">\u00d7</button>'
        '<div class="detail-body"></div></aside>',
        "</section>",
    ]
    # The script and what it draws come before the list: the drawing is on screen while
    # the browser still reads the list (on 10,000 events, most of the page). A long list
    # waits until the drawing is on screen (see view.js); a short one is there at once.
    later = " later" if len(events) > _AT_ONCE else ""
    yield "\n".join(
        [
            *head,
            *view,
            f'<script type="application/json" id="marks">{_data(drawn, clock, tags)}</script>',
            f"<script>{script}</script>",
            "<main>",
            '<h2 id="list-heading">Events</h2>',
            f'<ol id="events" class="events{later}" aria-labelledby="list-heading">',
        ]
    )
    for mark in drawn:
        yield "\n" + _event(mark, clock, timeline.markup)
    yield "\n" + "\n".join(["</ol>", "</main>", "</body>", "</html>"])
    yield "\n"
