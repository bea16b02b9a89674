"""The command line: parses options and calls the library. The only module that imports click."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__

if TYPE_CHECKING:
    from .errors import Problem

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:  # click 8.4 made ParamType generic; older versions cannot subscript it
    from .dates import DateValue

    _DateBase = click.ParamType[DateValue]
    _TextBase = click.ParamType[str]
else:
    _DateBase = _TextBase = click.ParamType

_EPILOG_HELP = "Help topics: chronology help dates, chronology help codes."


class _Command(click.Command):
    """A command whose help ends with a section built only when help is shown (startup
    then need not import the modules that know the section's contents)."""

    def __init__(self, *args: Any, more_help: Callable[[], str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.more_help = more_help

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_help_text(ctx, formatter)
        if self.more_help is not None:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(self.more_help())


class _Group(click.Group):
    """Turns every ChronologyError into a clean message and exit status 1 (one place)."""

    def invoke(self, ctx: click.Context) -> Any:
        import warnings

        from .errors import ChronologyError, InvalidStore

        caught: list[warnings.WarningMessage] = []
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = super().invoke(ctx)
            left_out = ctx.meta.get(_PARTIAL)
            if left_out is not None:  # --keep-going used what it could: still a failure
                click.echo(f"chronology: partial output: {left_out}", err=True)
                sys.exit(1)
            return result
        except InvalidStore as err:
            _report(err.problems, stream_err=True)
            errors = sum(p.is_error for p in err.problems)
            click.echo(
                f"chronology: {errors} error{'s' if errors != 1 else ''} in the store; "
                "nothing was done",
                err=True,
            )
            sys.exit(1)
        except ChronologyError as err:
            click.echo(f"chronology: error: {_escape(err)}", err=True)
            sys.exit(1)
        finally:
            _library_warnings(caught)


def _library_warnings(caught: list[Any]) -> None:
    """A library's warning (icalendar, PyYAML, click, zoneinfo) reaches the user as a
    chronology message, without the library's source line. Deprecations are for us, not
    for users: they go on to the interpreter's filters (hidden by default, errors in tests)."""
    import warnings

    shown: set[str] = set()
    for warning in caught:
        if issubclass(warning.category, (DeprecationWarning, PendingDeprecationWarning)):
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
            continue
        text = " ".join(str(warning.message).split())
        if text not in shown:
            shown.add(text)
            click.echo(f"chronology: warning: {_escape(text)}", err=True)


def _escape(text: object) -> str:
    """Text from a store, a calendar, a path or a library, safe on one terminal line."""
    from .escapes import visible_line

    return visible_line(str(text))


def _color(stream: Any) -> bool:
    """Colour only on a terminal, never with NO_COLOR set or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _report(problems: list[Problem], stream_err: bool) -> None:
    stream = sys.stderr if stream_err else sys.stdout
    color = _color(stream)
    for problem in problems:
        line = _escape(problem)
        if color:
            label = f"{problem.severity}[{problem.code}]"
            paint = "red" if problem.is_error else "yellow"
            line = line.replace(label, click.style(label, fg=paint, bold=True), 1)
        click.echo(line, err=stream_err, color=color)


# ------------------------------------------------------------------ shared options


def _page(text: str, color: bool, no_pager: bool) -> None:
    """Show `text` through $PAGER (default `less -FRX`) on a terminal, like git; else print."""
    if no_pager or not sys.stdout.isatty():
        click.echo(text, color=color)
        return
    import shlex
    import subprocess

    command = os.environ.get("PAGER", "less -FRX")
    if not command.strip() or command.strip() == "cat":
        click.echo(text, color=color)
        return
    try:
        argv = shlex.split(command)
        process = subprocess.Popen(argv, stdin=subprocess.PIPE)
    except (OSError, ValueError):
        click.echo(text, color=color)  # no such pager: print, as git does
        return
    assert process.stdin is not None
    try:
        process.stdin.write((text + "\n").encode("utf-8"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager early
    process.wait()


class ZoneParam(_TextBase):
    """A display zone: an IANA name, UTC, local or event (`chronology help dates`)."""

    name = "zone"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "ZONE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .clock import ClockError, choose_clock

        try:
            choose_clock(value, None)
        except ClockError as err:
            self.fail(str(err), param, ctx)
        return value


def tz_option(func: F) -> F:
    """`--tz ZONE`: the display zone of human-readable times and of day filters."""
    return click.option(
        "--tz",
        type=ZoneParam(),
        envvar="CHRONOLOGY_TZ",
        show_envvar=True,
        help="Show times (and read --from/--to days) in ZONE: an IANA name, UTC, local "
        "(this machine's) or event (each event's own). Default: the store's timezone, else UTC.",
    )(func)


def _clock(tz: str | None, timeline: Any) -> Any:
    """The display clock for `--tz` and the loaded store."""
    from .clock import choose_clock

    return choose_clock(tz, timeline.timezone)


def pager_option(func: F) -> F:
    """`--no-pager`."""
    return click.option(
        "--no-pager", is_flag=True, help="Print directly instead of through $PAGER."
    )(func)


def _completion_store(ctx: click.Context) -> Any:
    """The store named so far on the command line, for completing ids and tags; None if bad."""
    from .loader import check

    try:
        files = tuple(ctx.params.get("files") or ())
        timeline, _ = check(_store_paths(files), use_cache=_use_cache(False))
    except Exception:  # completion must never fail loudly in the middle of a command line
        return None
    return timeline


def _complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from click.shell_completion import CompletionItem

    timeline = _completion_store(ctx)
    if timeline is None:
        return []
    return [
        CompletionItem(e.id, help=e.title) for e in timeline.events if e.id.startswith(incomplete)
    ]


def _complete_tags(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from click.shell_completion import CompletionItem

    timeline = _completion_store(ctx)
    if timeline is None:
        return []
    tags = sorted({t for e in timeline.events for t in e.tags})
    return [CompletionItem(t) for t in tags if t.startswith(incomplete)]


def _store_paths(files: tuple[str, ...]) -> list[str]:
    if files:
        return list(files)
    env = os.environ.get("CHRONOLOGY_FILE")
    if env:
        return [p for p in env.split(os.pathsep) if p]
    return ["events.yaml"]


def file_option(func: F) -> F:
    """`-f/--file PATH`, repeatable."""
    return click.option(
        "-f",
        "--file",
        "files",
        multiple=True,
        metavar="PATH",
        help="Store file or directory (repeatable). Default: $CHRONOLOGY_FILE, else ./events.yaml.",
    )(func)


def format_option(description: str) -> Callable[[F], F]:
    """`--format text|json`."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=description,
    )


def cache_option(func: F) -> F:
    """`--no-cache`: read and validate the store from scratch, and leave the cache alone."""
    return click.option(
        "--no-cache",
        is_flag=True,
        help="Do not use the cache of validated stores (also: CHRONOLOGY_NO_CACHE=1).",
    )(func)


def keep_going_option(func: F) -> F:
    """`--keep-going`: use every valid event of a store with errors."""
    return click.option(
        "--keep-going",
        is_flag=True,
        help="When the store has errors, use every valid event: report the errors on "
        "stderr, mark the output as partial and exit 1.",
    )(func)


def lock_option(func: F) -> F:
    """`--lock-timeout SECONDS`: how long a writer waits for another writer's lock."""
    return click.option(
        "--lock-timeout",
        type=click.FloatRange(min=0),
        default=30.0,
        show_default=True,
        metavar="SECONDS",
        help="How long to wait while another writer holds the store's lock.",
    )(func)


def _notify(message: str) -> None:
    click.echo(f"chronology: {_escape(message)}", err=True)


def _use_cache(no_cache: bool) -> bool:
    from .cache import enabled

    return not no_cache and enabled()


class DateParam(_DateBase):
    """A date expression such as 2021, 2021-06 or 2021-06-02 (`chronology help dates`), or a
    date in words that leave nothing open: `2 June 2021`, `June 2021`, `c. 1950`."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .dates import DateError, parse_date
        from .human import read_instant

        if not isinstance(value, str):
            return value
        try:
            return parse_date(read_instant(value))
        except DateError as err:
            self.fail(_escape(str(err)), param, ctx)


class TableFormatParam(_TextBase):
    """Any tabulate table format, checked lazily so that startup does not import tabulate."""

    name = "tablefmt"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "NAME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from tabulate import tabulate_formats

        if value in tabulate_formats:
            return value
        self.fail(f"{value!r} is not a table format; choose from {', '.join(tabulate_formats)}")

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[Any]:
        from click.shell_completion import CompletionItem
        from tabulate import tabulate_formats

        return [CompletionItem(f) for f in tabulate_formats if f.startswith(incomplete)]


def filter_options(func: F) -> F:
    """The filters shared by `list` and `export`."""
    options = [
        click.option(
            "--from", "start", type=DateParam(), metavar="DATE", help="Events ending on/after DATE."
        ),
        click.option(
            "--to", "end", type=DateParam(), metavar="DATE", help="Events starting on/before DATE."
        ),
        click.option(
            "--tag",
            "tags",
            multiple=True,
            metavar="TAG",
            shell_complete=_complete_tags,
            help="Events with TAG (repeat: any of).",
        ),
        click.option(
            "--within",
            is_flag=True,
            help="With --from/--to: only events entirely inside, not all that overlap.",
        ),
        click.option(
            "--not-tag",
            "not_tags",
            multiple=True,
            metavar="TAG",
            shell_complete=_complete_tags,
            help="Leave out events with TAG (repeatable).",
        ),
        click.option(
            "--search", metavar="TEXT", help="Events whose text contains TEXT (any case)."
        ),
        click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N events."),
        click.option("--reverse", is_flag=True, help="Newest first."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filter(options: dict[str, Any]) -> Any:
    """The query Filter for the filter options of a command (popped from `options`)."""
    from .query import Filter

    criteria = Filter(
        start=options.pop("start"),
        end=options.pop("end"),
        tags=options.pop("tags"),
        search=options.pop("search"),
        limit=options.pop("limit"),
        reverse=options.pop("reverse"),
        within=options.pop("within"),
        not_tags=options.pop("not_tags"),
    )
    if criteria.within and criteria.start is None and criteria.end is None:
        raise click.UsageError("--within needs --from or --to")
    return criteria


#: `ctx.meta` key: why the output is partial (`--keep-going` on a store with errors).
_PARTIAL = "chronology.partial"


def _load(
    files: tuple[str, ...], no_cache: bool, criteria: Any = None, keep_going: bool = False
) -> Any:
    """Load the store, raising InvalidStore on errors; warnings become a one-line note.

    With `criteria` (a Filter with --from or --to), the timeline may hold only the events
    in that span: the caller selects with the same criteria. With `keep_going`, a store
    with errors gives its valid events: the problems go to stderr, and the command's output
    is marked partial and ends with exit status 1 (see `_Group.invoke`).
    """
    from .errors import InvalidStore
    from .loader import check, collector_paused

    paths = _store_paths(files)
    window = None
    if criteria is not None and (criteria.start is not None or criteria.end is not None):
        from .query import window as span_of

        window = span_of(criteria)
    # The store lives as long as the command: the cyclic collector is kept from walking its
    # objects again and again while an export makes its output (0.4 s of 3 s when
    # exporting 100,000 events to Markdown).
    with collector_paused(keep=True):
        timeline, problems = check(paths, use_cache=_use_cache(no_cache), window=window)
    errors = sum(p.is_error for p in problems)
    if errors and not keep_going:
        raise InvalidStore(problems)
    if errors:
        _report(problems, stream_err=True)
        click.get_current_context().meta[_PARTIAL] = (
            f"{errors} error{'s' if errors != 1 else ''} in the store: "
            "the events with errors are left out"
        )
        return timeline
    if problems:
        count = len(problems)
        click.echo(
            f"chronology: {count} warning{'s' if count != 1 else ''} in the store "
            "(run 'chronology validate' to see them)",
            err=True,
        )
    return timeline


# ------------------------------------------------------------------ commands


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=_EPILOG_HELP)  # fmt: skip
@click.version_option(__version__, "-V", "--version", prog_name="chronology")
def main() -> None:
    """Keep a chronology of dated events in plain YAML, check it, list it and export it.

    \b
    Examples:
      chronology validate
      chronology list --from 2021 --to 2022-06 --tag cnwg
    """


def _codes_help() -> str:
    from .topics import topic

    return "\b\nProblem codes (also: chronology help codes):\n" + topic("codes").split("\n\n", 1)[1]


@main.command(cls=_Command, more_help=_codes_help)
@click.argument("more", metavar="[PATH]...", nargs=-1)
@file_option
@cache_option
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@format_option("Report as compiler-style lines or one JSON document.")
def validate(
    more: tuple[str, ...], files: tuple[str, ...], no_cache: bool, strict: bool, fmt: str
) -> None:
    """Check the store and report every problem with its file, line and column.

    Paths may be given with -f or as arguments (as pre-commit passes them).

    \b
    Exit status: 0 valid, 1 errors (or warnings with --strict), 2 bad usage.
    Example:
      chronology validate -f events.yaml --strict
    """
    from .loader import collector_paused, load_store

    paths = _store_paths(files + more)
    with collector_paused(keep=True):  # (see `_load`)
        loaded = load_store(paths, use_cache=_use_cache(no_cache))
    timeline, problems = loaded.timeline, loaded.problems
    order = {path: i for i, path in enumerate(timeline.paths)}
    problems.sort(key=lambda p: (order.get(p.path, -1), p.line, p.column))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (strict and warnings > 0)
    if fmt == "json":
        import json

        document = {
            "valid": not failed,
            "files": list(timeline.paths),
            "events": len(timeline.events),
            "errors": errors,
            "warnings": warnings,
            "problems": [p.as_dict() for p in problems],
            # How each file was read: from the cache, by the quick reader (and how many of
            # its items alone, the full way), or the full way.
            "read": [
                {"file": read.path, "reader": read.reader, "items_read_alone": read.alone}
                for read in loaded.reads
            ],
        }
        from .escapes import json_visible

        click.echo(json_visible(json.dumps(document, indent=2, ensure_ascii=False)))
    else:
        _report(problems, stream_err=False)
        where = _escape(", ".join(paths))
        if problems:
            summary = (
                f"{where}: {errors} error{'s' if errors != 1 else ''}, "
                f"{warnings} warning{'s' if warnings != 1 else ''}"
            )
        else:
            count = len(timeline.events)
            summary = f"{where}: {count} event{'s' if count != 1 else ''}, no problems"
        click.echo(summary)
    sys.exit(1 if failed else 0)


def _columns(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> tuple[str, ...] | None:
    from .table import COLUMNS

    if value is None:
        return None
    names = tuple(c.strip() for c in value.split(",") if c.strip())
    unknown = [c for c in names if c not in COLUMNS]
    if unknown or not names:
        raise click.BadParameter(
            f"unknown column {unknown[0]!r}; choose from {','.join(COLUMNS)}"
            if unknown
            else "give at least one column"
        )
    return names


@main.command("list")
@file_option
@cache_option
@filter_options
@click.option(
    "--columns",
    metavar="LIST",
    default="date,title,location,tags",
    show_default=True,
    callback=_columns,
    help="Comma-separated: id,date,end,title,location,tags,people,summary,sources.",
)
@click.option(
    "--tablefmt",
    type=TableFormatParam(),
    default="simple",
    show_default=True,
    help="Any tabulate format: plain, simple, github, grid, psql, rst, html, …",
)
@click.option("--iso", is_flag=True, help="Show dates as EDTF text (2021-06-02) instead.")
@tz_option
@pager_option
@keep_going_option
def list_(files: tuple[str, ...], columns: tuple[str, ...], **options: Any) -> None:
    """List events in chronological order as a table.

    \b
    On a terminal, long tables are fitted to its width; piped output is never shortened.
    Example:
      chronology list --from 2023 --tag cnwg --columns date,title,people
    """
    from .query import select
    from .table import TableSettings, render_table

    no_cache, no_pager = options.pop("no_cache"), options.pop("no_pager")
    tablefmt, iso = options.pop("tablefmt"), options.pop("iso")
    tz, keep_going = options.pop("tz"), options.pop("keep_going")
    criteria = _filter(options)
    timeline = _load(files, no_cache, criteria, keep_going)
    clock = _clock(tz, timeline)
    events = select(timeline, criteria, clock)
    if not events:
        click.echo("chronology: no events match", err=True)
        return
    width = None
    if sys.stdout.isatty():
        import shutil

        width = shutil.get_terminal_size().columns
    settings = TableSettings(
        columns=columns,
        tablefmt=tablefmt,
        iso=iso,
        width=width,
        color=_color(sys.stdout),
        clock=clock,
    )
    _page(render_table(events, settings), settings.color, no_pager)


class FormatParam(_TextBase):
    """An export format name or alias from the renderer registry."""

    name = "format"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        from .renderers import FORMATS

        return "{" + "|".join(f.name for f in FORMATS) + "}"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .renderers import FORMATS, lookup

        found = lookup(value)
        if found is None:
            names = ", ".join(n for f in FORMATS for n in (f.name, *f.aliases))
            self.fail(f"{value!r} is not an export format; choose from {names}", param, ctx)
        return found.name

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[Any]:
        from click.shell_completion import CompletionItem

        from .renderers import FORMATS

        return [
            CompletionItem(f.name, help=f.description)
            for f in FORMATS
            if f.name.startswith(incomplete)
        ]


def _formats_help() -> str:
    from .renderers import FORMATS

    return _listing(
        "Formats",
        [
            (f.name + (f" ({', '.join(f.aliases)})" if f.aliases else ""), f.description)
            for f in FORMATS
        ],
    )


def _listing(heading: str, rows: list[tuple[str, str]]) -> str:
    """A help listing kept as written (click's `\\b`): names in one column, wide enough for
    the longest, and what each is beside it."""
    width = max(len(name) for name, _ in rows)
    return f"\b\n{heading}:\n" + "\n".join(f"  {name.ljust(width)}  {text}" for name, text in rows)


def _dtstamp() -> int | None:
    """DTSTAMP from SOURCE_DATE_EPOCH (reproducible builds), else None: derived from the store."""

    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return None
    # Whole seconds up to the end of year 9999, the last an iCalendar DATE-TIME can say.
    if value.isascii() and value.isdigit() and len(value) <= 12 and int(value) <= 253402300799:
        return int(value)
    shown = value if len(value) <= 40 else value[:40] + "…"
    click.echo(
        f"chronology: warning: SOURCE_DATE_EPOCH={_escape(shown)} is not whole seconds between "
        "1970 and 9999; DTSTAMP is derived from the store instead",
        err=True,
    )
    return None


def _emit(pieces: Iterable[str], output: str | None) -> None:
    """Write output to FILE atomically, or to stdout as UTF-8 bytes (CRLF kept as is), in
    parts of about 256k characters as the pieces come."""
    if output is None or output == "-":
        from .escapes import has_unsafe

        unsafe = False
        terminal = sys.stdout.isatty()
        with click.open_file("-", "wb") as stream:
            for text in _batches(pieces):
                unsafe = unsafe or (terminal and has_unsafe(text))
                stream.write(text.encode("utf-8"))
            stream.flush()
        if unsafe:
            click.echo(
                "chronology: warning: the output holds control or invisible characters, which "
                "reached the terminal as they are; write it to a file with -o FILE",
                err=True,
            )
        return
    from .atomic import write_atomic

    write_atomic(output, (text.encode("utf-8") for text in _batches(pieces)))


def _batches(pieces: Iterable[str], size: int = 1 << 18) -> Iterator[str]:
    """The pieces joined into texts of about `size` characters (the last may be empty)."""
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch)
            batch.clear()
            length = 0
    yield "".join(batch)


@main.command(cls=_Command, more_help=_formats_help)
@click.argument("format_name", metavar="FORMAT", type=FormatParam())
@file_option
@cache_option
@filter_options
@tz_option
@click.option("-o", "--output", metavar="FILE", help="Write to FILE atomically instead of stdout.")
@click.option(
    "--style",
    type=click.Choice(["list", "table", "mermaid"]),
    help="markdown: a list by year (default), a GFM table, or a Mermaid timeline.",
)
@click.option(
    "--columns",
    metavar="LIST",
    callback=_columns,
    help="markdown --style table: the columns, as for list (default date,title,location,tags).",
)
@click.option(
    "--heading-level",
    type=click.IntRange(1, 5),
    metavar="N",
    help="markdown: level of the title heading (default 1); years go one deeper.",
)
@click.option(
    "--imprecise",
    type=click.Choice(["span", "start", "skip"]),
    help="ics: a partial date (2021-06) covers its whole span (default), only its "
    "first day, or is skipped.",
)
@click.option(
    "--bom",
    is_flag=True,
    help="csv: begin with a byte-order mark, so that Excel reads the file as UTF-8.",
)
@click.option(
    "--uid-domain",
    metavar="DOMAIN",
    help="ics: the part after @ in each UID (default: chronology).",
)
@click.option(
    "--group-by",
    type=click.Choice(["none", "tag", "location", "file"]),
    help="html, svg, markwhen, timelinejs: one row (section, group) per first tag, location "
    "or file (default none).",
)
@click.option(
    "--title",
    metavar="TEXT",
    help="html, svg, markwhen, timelinejs: the title instead of the store's.",
)
@click.option(
    "--width",
    type=click.IntRange(300, 20000),
    metavar="PIXELS",
    help="svg: the drawing's width (default 1200).",
)
@click.option(
    "--inject",
    metavar="FILE",
    help="markdown: replace what is between <!-- chronology:start --> and "
    "<!-- chronology:end --> in FILE (e.g. README.md).",
)
@click.option(
    "--check",
    is_flag=True,
    help="markdown, with --inject: change nothing; exit 1 with a diff if FILE is out of date.",
)
@keep_going_option
@click.pass_context
def export(
    ctx: click.Context,
    /,
    format_name: str,
    files: tuple[str, ...],
    no_cache: bool,
    output: str | None,
    **options: Any,
) -> None:
    """Export events as FORMAT, to stdout or to a file (-o).

    \b
    Examples:
      chronology export md --style mermaid
      chronology export ics --from 2023 -o cnwg.ics
      chronology export csv --tag meeting -o meetings.csv
    """
    from .query import select
    from .renderers import ExportOptions, lookup
    from .table import DEFAULT_COLUMNS

    chosen = lookup(format_name)
    assert chosen is not None
    inject, check_only, bom = options.pop("inject"), options.pop("check"), options.pop("bom")
    keep_going = options.pop("keep_going")
    recorded: list[str] = []
    if inject and chosen.name == "markdown":
        recorded = _recorded(ctx, inject, options)
    criteria = _filter(options)
    tz = options.pop("tz")
    for name, value in options.items():
        if value is not None and name not in chosen.options:
            option = "--" + name.replace("_", "-")
            raise click.UsageError(f"{option} does not apply to {chosen.name}")
    if (inject or check_only) and chosen.name != "markdown":
        raise click.UsageError(f"--inject and --check apply to markdown, not {chosen.name}")
    if check_only and not inject:
        raise click.UsageError("--check needs --inject FILE")
    if options["columns"] is not None and options["style"] != "table":
        raise click.UsageError("--columns applies to markdown --style table")
    if bom and chosen.name != "csv":
        raise click.UsageError(f"--bom applies to csv, not {chosen.name}")
    if inject and output:
        raise click.UsageError("use either --inject or -o, not both")
    dtstamp = _dtstamp() if "dtstamp" in chosen.options else None
    timeline = _load(files, no_cache, keep_going=keep_going)
    clock = _clock(tz, timeline)
    settings = ExportOptions(
        style=options["style"] or "list",
        columns=options["columns"] or DEFAULT_COLUMNS,
        heading_level=options["heading_level"] or 1,
        imprecise=options["imprecise"] or "span",
        uid_domain=options["uid_domain"] or "chronology",
        dtstamp=dtstamp,
        clock=clock,
        bom=bom,
        partial=ctx.meta.get(_PARTIAL),
        group_by=options["group_by"] or "none",
        title=options["title"],
        width=options["width"] or 1200,
    )
    events = select(timeline, criteria, clock)
    if not events:
        click.echo("chronology: no events match; exporting an empty document", err=True)
    from .progress import Progress

    notes: list[str] = []
    progress = Progress(f"exporting {chosen.name}", len(events))
    if inject:
        with progress:
            rendered = chosen.render(timeline, progress.counted(events), settings)
            notes.extend(rendered.notes)
    else:
        from .renderers.workers import written

        # Written as it is made (the document is never whole in memory), by several
        # processes for many events; they start before the progress line's thread.
        with (
            written(chosen, timeline, events, settings, notes=notes, progress=progress) as pieces,
            progress,
        ):
            _emit(pieces, output)
    for note in notes:
        click.echo(f"chronology: warning: {_escape(note)}", err=True)
    if inject:
        _inject(inject, rendered.text, recorded, check_only)


#: The export options a start marker records: those that shape the injected timeline.
_SHAPING = (
    "style", "columns", "heading_level", "start", "end", "within", "tags", "not_tags", "search",
    "limit", "reverse", "tz",
)  # fmt: skip


def _recorded(ctx: click.Context, path: str, options: dict[str, Any]) -> list[str]:
    """Fill `options` not given on the command line from the start marker of `path`, and
    return the words the new marker records: every shaping option that is not a default.
    """
    from click.core import ParameterSource

    from .errors import ChronologyError
    from .inject import recorded_options

    assert ctx.info_name is not None
    words = recorded_options(path)
    if words:
        allowed = sorted(o for p in ctx.command.params if p.name in _SHAPING for o in p.opts)
        cannot = f"; a marker may record {', '.join(allowed)} (see: chronology export --help)"
        if "--help" in words:
            raise ChronologyError(f"the start marker of {path} records --help{cannot}")
        try:
            marked = ctx.command.make_context(
                ctx.info_name, ["markdown", *words], parent=ctx.parent
            )
        except click.ClickException as err:
            raise ChronologyError(
                f"the start marker of {path} records options that do not parse: "
                f"{err.format_message()}{cannot}"
            ) from None
        for param in ctx.command.params:
            source = marked.get_parameter_source(param.name or "")
            given = source == ParameterSource.COMMANDLINE and isinstance(param, click.Option)
            if param.name not in _SHAPING and given:
                raise ChronologyError(
                    f"the start marker of {path} records {max(param.opts, key=len)}{cannot}"
                )
        for name in _SHAPING:
            given = ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE
            if not given and marked.get_parameter_source(name) == ParameterSource.COMMANDLINE:
                options[name] = marked.params[name]
    recorded: list[str] = []
    for param in ctx.command.params:
        if param.name not in _SHAPING:
            continue
        value = options[param.name]
        flag = max(param.opts, key=len)
        if value is True:
            recorded.append(flag)
        elif isinstance(value, tuple) and getattr(param, "multiple", False):
            for item in value:
                recorded += [flag, str(item)]
        elif isinstance(value, tuple):  # one option holding a list: --columns date,title
            recorded += [flag, ",".join(value)]
        elif value is not None and value is not False:
            recorded += [flag, str(value)]
    return recorded


def _inject(path: str, markdown: str, recorded: list[str], check_only: bool) -> None:
    """Put `markdown` between the markers in `path`; with `check_only`, diff and exit 1."""
    from .inject import inject

    result = inject(path, markdown, recorded, write=not check_only)
    if result.diff and check_only:
        click.echo(result.diff, nl=False)
        click.echo(
            f"chronology: {_escape(path)} is out of date; run without --check to update it",
            err=True,
        )
        sys.exit(1)
    if check_only:
        click.echo(f"chronology: {_escape(path)} is up to date", err=True)
    elif result.diff:
        click.echo(f"chronology: updated {_escape(path)}", err=True)
    else:
        click.echo(f"chronology: {_escape(path)} was already up to date", err=True)


@main.command()
@click.argument("event_id", metavar="ID", shell_complete=_complete_ids)
@file_option
@cache_option
@tz_option
@pager_option
@keep_going_option
def show(
    *,
    event_id: str,
    files: tuple[str, ...],
    no_cache: bool,
    tz: str | None,
    no_pager: bool,
    keep_going: bool,
) -> None:
    """Show every field of one event.

    \b
    Example:
      chronology show cnwg-3
    """
    from .show import render_event

    timeline = _load(files, no_cache, keep_going=keep_going)
    event = timeline.get(event_id)
    if event is None:
        from .errors import ChronologyError

        close = timeline.suggest(event_id)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        valid = " valid" if click.get_current_context().meta.get(_PARTIAL) else ""
        raise ChronologyError(f"no{valid} event with id {event_id!r}{hint}")
    color = _color(sys.stdout)
    # Summary lines wrap to a terminal's width; piped or redirected, they stay as written.
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    _page(render_event(event, _clock(tz, timeline), color, width), color, no_pager)


def _target(files: tuple[str, ...], into: str | None) -> tuple[list[str], str]:
    """The store's paths and the one file a change writes to."""
    paths = _store_paths(files)
    if into is not None:
        return paths, into
    if len(paths) == 1 and not os.path.isdir(paths[0]):
        return paths, paths[0]
    raise click.UsageError("the store has several files; name the one to write with --into FILE")


def _one_line(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A value that must stay on one line (a title, a tag): no line break anywhere."""
    for text in value if isinstance(value, tuple) else (value,):
        if isinstance(text, str) and ("\n" in text or "\r" in text):
            raise click.BadParameter(f"must be one line: {_escape(repr(text))}")
    return value


def into_option(func: F) -> F:
    """`--into FILE`: the one file of a store of several that a change writes to."""
    return click.option(
        "--into", metavar="FILE", help="The file to write, for a store of several files."
    )(func)


@main.command()
@file_option
@cache_option
@into_option
@lock_option
@click.option(
    "--date",
    "date",
    required=True,
    metavar="DATE",
    help="A date (2021, 2021-06-02, …) or words (2 June 2021); see: chronology help dates.",
)
@click.option("--end", metavar="DATE", help="Inclusive end date (as --date).")
@click.option("--title", required=True, callback=_one_line, help="One-line title.")
@click.option("--summary", help="Longer text; may span lines.")
@click.option("--location", callback=_one_line, help="Where it happened.")
@click.option("--timezone", metavar="ZONE", help="IANA zone for times without an offset.")
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", callback=_one_line, help="A tag (repeatable)."
)
@click.option(
    "--person",
    "people",
    multiple=True,
    metavar="NAME",
    callback=_one_line,
    help="A person (repeatable).",
)
@click.option("--source", "sources", multiple=True, metavar="URL", help="A source (repeatable).")
@click.option(
    "--id", "event_id", metavar="ID", help="The event's id (default: from date and title)."
)
@click.option(
    "--force",
    is_flag=True,
    help="Add it even when an event with the same date and title exists (its id gets -2, -3…).",
)
@click.option(
    "--dry-run", is_flag=True, help="Print the text that would be inserted; write nothing."
)
def add(
    *,
    files: tuple[str, ...],
    no_cache: bool,
    into: str | None,
    lock_timeout: float,
    force: bool,
    dry_run: bool,
    **fields: Any,
) -> None:
    """Add an event at the end of the store, keeping every byte already there.

    \b
    The new store is validated before anything is written; the file is created (with a
    title) if it does not exist. Prints the new event's id.
    Example:
      chronology add --date 2026-03-02 --title "Fifth DPEWG call" --tag dpewg
    """
    from .add import add_events, same_event
    from .emit import NewEvent
    from .errors import ChronologyError
    from .ids import new_id
    from .loader import collector_paused

    paths, target = _target(files, into)
    _read_typed_dates(fields)

    def unique(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(values))

    def make(current: Any) -> list[NewEvent]:
        twin = None if force or fields["event_id"] else same_event(current, fields)
        if twin is not None:
            raise ChronologyError(
                f"{_escape(twin.origin[0])}:{twin.origin[1]}: {twin.id} already has this date "
                "and title; "
                "give the new event its own --id, or add it anyway with --force"
            )
        taken = {e.id for e in current.events}
        event_id = fields["event_id"] or new_id(fields["date"], fields["title"], taken)
        return [
            NewEvent(
                id=event_id,
                date=fields["date"],
                end=fields["end"],
                title=fields["title"],
                summary=fields["summary"],
                location=fields["location"],
                timezone=fields["timezone"],
                tags=unique(fields["tags"]),
                people=unique(fields["people"]),
                sources=tuple((url, None, None) for url in unique(fields["sources"])),
            )
        ]

    with collector_paused(keep=True):  # (see `_load`)
        added = add_events(
            paths, target, make=make, dry_run=dry_run, use_cache=_use_cache(no_cache),
            lock_timeout=lock_timeout, notify=_notify,
        )  # fmt: skip
    if dry_run:
        click.echo(added.inserted, nl=False)
        click.echo(f"chronology: would add {added.ids[0]} to {_escape(target)} (dry run)", err=True)
        return
    click.echo(added.ids[0])
    click.echo(f"chronology: added {added.ids[0]} to {_escape(target)}", err=True)


def _read_typed_dates(fields: dict[str, Any]) -> None:
    """`add --date/--end` in words (`2 June 2021`) become the grammar's expressions, said on
    stderr; a zone named after the time becomes the event's `timezone`. Text that does not
    read is left as typed, for validation to refuse with its line and reason."""
    from .dates import DateError
    from .errors import ChronologyError
    from .human import in_grammar_shape, read_date

    for option, key in (("--date", "date"), ("--end", "end")):
        typed = fields[key]
        if typed is None:
            continue
        try:
            read = read_date(typed)
        except DateError as err:
            if in_grammar_shape(typed):
                continue  # validation reports the grammar's own error, for the new event
            raise ChronologyError(f"{option}: {err}; nothing was written") from None
        if read.zone is not None:
            if fields["timezone"] not in (None, read.zone):
                raise ChronologyError(
                    f"{option}: {typed!r} names {read.zone}, but --timezone is "
                    f"{fields['timezone']!r}; nothing was written"
                )
            fields["timezone"] = read.zone
        if read.text != typed:
            zone = f" (timezone: {read.zone})" if read.zone else ""
            click.echo(
                f"chronology: read {option} {_escape(repr(typed))} as {read.text}{zone}", err=True
            )
            fields[key] = read.text


@main.command()
@file_option
@lock_option
@click.option(
    "--title", callback=_one_line, help="The store's title (default: from the file name)."
)
@click.option("--timezone", metavar="ZONE", help="IANA zone for times written without an offset.")
def init(
    files: tuple[str, ...], lock_timeout: float, title: str | None, timezone: str | None
) -> None:
    """Create a new store: a title, an optional time zone, and comments that show how an
    event is written. An existing file is never touched.

    \b
    Example:
      chronology init --title "Apollo" --timezone America/New_York
    """
    from .add import store_title
    from .dates import unknown_zone, zone_named
    from .starter import create_store

    if timezone is not None and zone_named(timezone) is None:
        raise click.BadParameter(unknown_zone(timezone), param_hint="'--timezone'")

    paths = _store_paths(files)
    if len(paths) != 1:
        raise click.UsageError("init creates one file; give one -f PATH")
    target = paths[0]
    if os.path.isdir(target):
        raise click.UsageError(
            f"{_escape(target)} is a directory; name a new file in it with -f DIR/NAME.yaml"
        )
    create_store(target, title or store_title(target), timezone, lock_timeout=lock_timeout)
    click.echo(
        f"chronology: created {_escape(target)}; add events with 'chronology add' "
        "or in your editor",
        err=True,
    )


def _window(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """`--expand FROM/TO`: an interval with both ends, as UTC seconds (the end excluded)."""
    if value is None:
        return None
    from .dates import Date, DateError, Interval, parse_date

    try:
        window = parse_date(value)
    except DateError as err:
        raise click.BadParameter(_escape(str(err))) from None
    if isinstance(window, Interval) and not (
        isinstance(window.start, Date) and isinstance(window.end, Date)
    ):
        raise click.BadParameter(
            f"{_escape(repr(value))} has an open end; give both, e.g. 2026-01/2026-06"
        )
    return window.lo, window.hi  # a single date (2026) is its own span


@main.command("import")
@click.argument("calendar", metavar="FILE")
@file_option
@into_option
@lock_option
@click.option(
    "--on-conflict",
    type=click.Choice(["skip", "update", "error"]),
    default="skip",
    show_default=True,
    help="What to do when an event with the same id exists and differs.",
)
@click.option(
    "--dry-run", is_flag=True, help="Print the text that would be written; write nothing."
)
@click.option(
    "--expand",
    metavar="FROM/TO",
    callback=_window,
    help="Import each occurrence of a recurring event that starts in this interval "
    "(2026-01/2026-06, or one date's span: 2026) as its own event, instead of its first "
    "occurrence.",
)
@click.option(
    "--from-format",
    type=click.Choice(["ics", "json", "csv"]),
    help="What FILE is: iCalendar, chronology's JSON export, or CSV (chronology's export or "
    "a TimelineJS sheet); default: by its extension (.json, .csv, else iCalendar).",
)
def import_(
    calendar: str,
    *,
    from_format: str | None,
    files: tuple[str, ...],
    into: str | None,
    lock_timeout: float,
    on_conflict: str,
    dry_run: bool,
    expand: tuple[int, int] | None,
) -> None:
    """Import the events of an iCalendar file or of chronology's JSON export (- for
    stdin) into the store.

    \b
    iCalendar: UID becomes the id, SUMMARY the title, DESCRIPTION the summary, CATEGORIES
    the tags, DTSTART/DTEND the date and inclusive end. Files made by 'chronology export
    ics' come back exactly. A recurring event is read as its first occurrence, its rule
    kept in x-rrule.
    JSON ('chronology export json'): every field and x- key comes back; a new store takes
    the title, description, time zone and markup.
    Importing the same file again changes nothing.
    Example:
      chronology import meetings.ics --on-conflict update
    """
    from .errors import ChronologyError
    from .importer import import_events, read_calendar, read_csv, read_json
    from .loader import collector_paused

    paths, target = _target(files, into)
    try:
        if calendar == "-":
            with click.open_file("-", "rb") as stream:
                data = stream.read()
        else:
            with open(calendar, "rb") as handle:
                data = handle.read()
    except OSError as err:
        raise ChronologyError(f"cannot read {calendar}: {err.strerror}") from None
    suffix = os.path.splitext(calendar)[1].lower()
    kind = from_format or {".json": "json", ".csv": "csv"}.get(suffix, "ics")
    if kind != "ics" and expand is not None:
        raise click.UsageError("--expand applies to iCalendar files")
    if kind == "json":
        document = read_json(data, calendar)
    elif kind == "csv":
        document = read_csv(data, calendar)
    else:
        document = read_calendar(data, expand)
    with collector_paused(keep=True):  # (see `_load`)
        report = import_events(
            paths, target, document, on_conflict=on_conflict, dry_run=dry_run,
            lock_timeout=lock_timeout, notify=_notify,
        )  # fmt: skip
    for skipped in report.skipped:
        click.echo(
            f"chronology: skipped {_escape(skipped.what)}: {_escape(skipped.reason)}", err=True
        )
    for note in report.notes:
        click.echo(f"chronology: note: {_escape(note)}", err=True)
    if report.change is None:
        exists = os.path.exists(target)
        click.echo(
            f"chronology: nothing to import from {_escape(calendar)}: {report.summary()}; "
            f"{_escape(target)} {'is unchanged' if exists else 'was not created'}",
            err=True,
        )
        return
    if dry_run:
        click.echo(report.text, nl=False)
    verb = "would import" if dry_run else "imported"
    click.echo(
        f"chronology: {verb} {_escape(calendar)} into {_escape(target)}: {report.summary()}",
        err=True,
    )


@main.command()
@file_option
@into_option
@lock_option
def edit(files: tuple[str, ...], into: str | None, lock_timeout: float) -> None:
    """Edit the store in $VISUAL or $EDITOR; it is replaced only if your copy is valid.

    \b
    An invalid copy is shown with its problems; on a terminal you may edit it again or
    abandon it. Nothing is written when nothing changed. Your copy is never lost.
    Example:
      EDITOR=nano chronology edit
    """
    from .edit import edit_store

    paths, target = _target(files, into)

    def ask() -> bool:
        return click.confirm("chronology: edit the copy again?", default=True, err=True)

    interactive = sys.stdin.isatty() and sys.stderr.isatty()
    outcome = edit_store(
        paths,
        target,
        show=lambda problems: _report(problems, stream_err=True),
        ask=ask if interactive else None,
        lock_timeout=lock_timeout,
        notify=_notify,
    )
    if outcome == "unchanged":
        click.echo(f"chronology: no changes; {_escape(target)} was not written", err=True)
    else:
        click.echo(f"chronology: {_escape(target)} updated", err=True)


@main.command()
@file_option
@cache_option
@format_option("A table of counts, or one JSON document.")
@keep_going_option
def tags(files: tuple[str, ...], no_cache: bool, fmt: str, keep_going: bool) -> None:
    """List the tags with how many events carry each, most used first.

    \b
    Example:
      chronology tags --format json
    """
    from collections import Counter

    timeline = _load(files, no_cache, keep_going=keep_going)
    counts = Counter(tag for event in timeline.events for tag in event.tags)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))
    if fmt == "json":
        import json

        document = [{"tag": tag, "events": count} for tag, count in ordered]
        from .escapes import json_visible

        click.echo(json_visible(json.dumps(document, indent=2, ensure_ascii=False)))
        return
    from .escapes import visible_line

    width = max((len(str(count)) for _, count in ordered), default=1)
    for tag, count in ordered:
        click.echo(f"{count:>{width}}  {visible_line(tag)}")


def _topics_help() -> str:
    from .topics import TOPICS

    return _listing("Topics", [(name, summary) for name, (summary, _) in TOPICS.items()])


@main.command("help", cls=_Command, more_help=_topics_help)
@click.argument("name", metavar="[TOPIC]", required=False)
@click.pass_context
def help_(ctx: click.Context, name: str | None) -> None:
    """Show a help topic, or the list of commands and topics.

    \b
    Examples:
      chronology help dates
      chronology help codes
    """
    from .topics import TOPICS, topic

    if name is None:
        parent = ctx.parent
        assert parent is not None
        click.echo(parent.get_help())
        click.echo()
        click.echo(_topics_help().removeprefix("\b\n"))
        return
    if name not in TOPICS:
        import difflib

        close = difflib.get_close_matches(name, list(TOPICS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise click.UsageError(f"no help topic {name!r}{hint} (topics: {', '.join(TOPICS)})", ctx)
    click.echo(topic(name), nl=False)


@main.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL.

    Completes commands and options, event ids after `show`, tags after `--tag`, and
    formats after `export`.

    \b
    Examples:
      eval "$(chronology completion bash)"     # in ~/.bashrc
      eval "$(chronology completion zsh)"      # in ~/.zshrc
      chronology completion fish > ~/.config/fish/completions/chronology.fish
    """
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    assert completer is not None
    click.echo(completer(main, {}, "chronology", "_CHRONOLOGY_COMPLETE").source())


@main.command(cls=_Command)
@click.argument("old", required=False, metavar="[OLD")
@click.argument("new", required=False, metavar="[NEW]]")
@file_option
@cache_option
@click.option("--staged", is_flag=True, help="Compare with the index (what is staged).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="Text for a terminal, Markdown for a pull request, or one JSON document.",
)
@click.option("--stat", is_flag=True, help="Print the counts of each kind of change only.")
@click.option("--exit-code", is_flag=True, help="Exit with status 1 when there are changes.")
def diff(
    *,
    old: str | None,
    new: str | None,
    files: tuple[str, ...],
    no_cache: bool,
    staged: bool,
    fmt: str,
    stat: bool,
    exit_code: bool,
) -> None:
    """Show what changed in the timeline between two versions, event by event.

    OLD and NEW are git revisions (HEAD~3, origin/main, a tag) of the store, or paths of
    two stores. By default HEAD is compared with the working tree; with --staged, with
    the index. Events are matched by id; renamed ids and events moved between files of a
    directory store are recognised. Either side may be invalid: its problems are reported
    and the events that could be read are compared.

    \b
    Examples:
      chronology diff
      chronology diff HEAD~3
      chronology diff origin/main HEAD --format md
      chronology diff old.yaml events.yaml --stat
    """
    from .changes import compare, json_report, markdown_report, text_report
    from .history import Git, Side, read_paths, read_revision, read_working_tree
    from .quick import Known

    stores = _store_paths(files)
    use_cache = _use_cache(no_cache)
    git: Git | None = None
    known = Known()  # the sides share most items: each is read once

    def side(named: str | None, default: str) -> Side:
        nonlocal git
        if named is not None and os.path.exists(named):
            return read_paths(named, use_cache, known=known)
        if named is None and default == "working tree":
            return read_working_tree(stores, use_cache, known=known)
        if git is None:
            git = Git(stores[0])
        revision = named if named is not None or default == "index" else default
        return read_revision(git, revision, stores, use_cache, known=known)

    before = side(old, "HEAD")
    after = side(new, "index" if staged else "working tree")
    found = compare(before, after)
    for which, one_side in (("old", before), ("new", after)):
        for problem in one_side.problems:
            if problem.is_error:
                click.echo(f"chronology: {which} side: {_escape(problem)}", err=True)
    if fmt == "json":
        from .escapes import json_visible

        click.echo(json_visible(json_report(before, after, found)), nl=False)
    elif fmt == "md":
        click.echo(markdown_report(before, after, found, stat), nl=False)
    else:
        from .changes import notes

        for note in notes(before, after):
            click.echo(f"chronology: {_escape(note)}", err=True)
        click.echo(text_report(before, after, found, stat, _color(sys.stdout)), nl=False)
    if exit_code and found:
        sys.exit(1)


@main.command(cls=_Command)
@click.argument("event_id", metavar="ID")
@file_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text for a terminal, or one JSON document.",
)
def log(event_id: str, files: tuple[str, ...], fmt: str) -> None:
    """Show the commits that changed one event, newest first, with what each changed.

    The event is followed through renames of its id and of the store's file.

    \b
    Examples:
      chronology log cnwg-2021
      chronology log launch -f store/
    """
    from .changes import history
    from .history import Git

    stores = _store_paths(files)
    from .errors import ChronologyError

    found = history(Git(stores[0]), stores, event_id)
    if not found.entries:
        raise ChronologyError(f"no commit of the store has an event {event_id!r}")
    if fmt == "json":
        import json

        from .escapes import json_visible

        document = [
            {
                "commit": commit.oid,
                "author": commit.author,
                "date": commit.date,
                "subject": commit.subject,
                "kind": change.kind,
                "id": change.event.id,
                "changes": [c.text for c in change.changes],
            }
            for commit, change in found.entries
        ]
        click.echo(json_visible(json.dumps(document, indent=2, ensure_ascii=False)))
        return
    from .clock import EVENT

    color = _color(sys.stdout)
    for commit, change in found.entries:
        head = f"{commit.oid[:10]} {commit.date} {commit.author}: {commit.subject}"
        click.echo(click.style(_escape(head), fg="yellow") if color else _escape(head))
        if change.kind == "added":
            click.echo(
                f"    added: {_escape(change.event.human_date(EVENT))}  "
                f"{_escape(change.event.title)}"
            )
        elif change.kind == "removed":
            click.echo("    removed")
        for item in change.changes:
            click.echo(f"    {_escape(item.text)}")


@main.group(cls=_Group)
def cache() -> None:
    """Show or clear the cache of validated stores.

    The cache lives in $XDG_CACHE_HOME/chronology (else ~/.cache/chronology). It is used
    only when that folder belongs to you and no one else may write in it. Entries of stores
    that no longer exist, entries unused for 30 days, and the least recently used beyond
    1 GiB in all are removed whenever an entry is written.

    \b
    Examples:
      chronology cache info
      chronology cache clear
    """


@cache.command("info")
def cache_info() -> None:
    """Show where the cache is, whether it is used, and its entries (least recently used
    first) with their size, last use and store."""
    import time

    from . import cache as cached

    folder, why_not = cached.usable()
    click.echo(f"cache folder: {_escape(str(cached.cache_dir()))}")
    if folder is None:
        click.echo(f"not used: {why_not}")
        return
    found = cached.entries(folder)
    total = sum(entry.size for entry in found)
    click.echo(f"{len(found)} entr{'y' if len(found) == 1 else 'ies'}, {total:,} bytes")
    for entry in found:
        used = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.used))
        stores = ", ".join(entry.stores) or "(unreadable entry)"
        gone = " (store gone: removed at the next write)" if entry.orphaned() else ""
        click.echo(f"  {entry.size:>13,} bytes  used {used}  {_escape(stores)}{gone}")


@cache.command("clear")
def cache_clear() -> None:
    """Remove every entry from the cache; stores are read afresh the next time."""
    from . import cache as cached

    folder, why_not = cached.usable()
    where = _escape(str(cached.cache_dir()))
    if folder is None:
        click.echo(f"nothing removed: the cache folder {where} is not used ({why_not})")
        return
    removed = cached.clear(folder)
    total = sum(entry.size for entry in removed)
    count = f"{len(removed)} entr{'y' if len(removed) == 1 else 'ies'}"
    click.echo(f"removed {count} ({total:,} bytes) from {where}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of a store, for editors (VS Code, Neovim: yaml-language-server).

    \b
    Example:
      chronology schema > chronology.schema.json
      # then, as the first line of events.yaml:
      # yaml-language-server: $schema=./chronology.schema.json
    """
    from importlib.resources import files

    click.echo(files("chronology").joinpath("schema.json").read_text(encoding="utf-8"), nl=False)


def run() -> None:
    """Entry point for `python -m chronology` and the console script."""
    try:
        main(prog_name="chronology")
    except BrokenPipeError:
        _broken_pipe()
    except SystemExit as done:
        if done.code is not None and not isinstance(done.code, int):
            raise
        # The command is over and its files are written and closed: end the process without
        # freeing every object one by one, which for a store of 100,000 events took 0.4 s of
        # a 6 s `validate` (measured), time that no user waits for gladly.
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            _broken_pipe()
        os._exit(done.code or 0)


def _broken_pipe() -> None:
    """The reader went away (`chronology list | head`): stop quietly, like cat does."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)
