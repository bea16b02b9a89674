"""Help topics (`chronology help dates`, `chronology help codes`): the reference a user has
wherever chronology is installed. Examples are shown through the real date functions, so
what the help says a date looks like is what chronology shows."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["DATE_FORMS", "TOPICS", "topic"]

#: The date grammar by form, with examples; the README's table lists the same ones.
DATE_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("year", ("2021", "0000", "-0043")),
    ("month", ("2021-06",)),
    ("day", ("2021-06-02",)),
    ("date-time", ("2026-01-20T09:30", "2026-01-20 09:30:15Z", "2026-01-20T09:30+05:30")),
    ("approximate, uncertain, both", ("2004~", "2021?", "1950%")),
    ("unspecified digits", ("201X", "19XX", "2021-XX", "2021-06-XX")),
    ("interval", ("2026-01-20/2026-01-21", "2021/..", "../1990", "2021/")),
)

_DATE_RULES = """\
A date-time without Z or an offset (+05:30) is read in the event's `timezone:`, else the
store's, else UTC. `end:` is inclusive at its own precision: date 2021-06 with end 2021-08
is June through August. An interval A/B carries its own end (then no `end:` key); `..` is
an open end (ongoing), an empty end is unknown.

Years run from -9999 to 9999 with astronomical numbering: 0000 is 1 BC, -0043 is 44 BC.
A year has four digits, months and days two (2021-06-02). Qualifiers go last: ? uncertain,
~ approximate, % both. X stands for unspecified digits: 201X is some year of the 2010s.

Events are ordered by the start of their span; at the same start the coarser date comes
first (2021 before 2021-01-01), all-day before timed, then by end, title and id.

Times are shown on one clock, the display zone, with its abbreviation or offset
(09:32 EDT, 14:02 +05:45): the store's `timezone:` by default, else UTC (as above).
--tz ZONE picks another: an IANA name, UTC, local (this machine's zone) or event (each
time on the clock it is written in); CHRONOLOGY_TZ sets the default.

--from A --to B keep the events whose span overlaps [A, B]; A and B are date expressions
too (--from 2021 --to 2022-06), and their days are read on the display clock: what is
shown under a day is what a filter for that day selects.

On the command line (add --date/--end, --from/--to) a date may also be typed in words:
"2 June 2021", "June 2021", "c. 1950", "1960s", "15 March 44 BC", "1969-07-16 09:32 EDT",
"2 June 2021 09:30 America/New_York". Only the parts typed are kept, and add says what it
stored; a date the words leave open (02/06/2021, 2 June, 1 Jan 99, IST) is refused with
what it could mean."""


def _dates() -> str:
    from .clock import UTC_CLOCK, shown
    from .dates import human, parse_date

    rows = [
        (form, text, human(shown(parse_date(text), None, UTC_CLOCK)))
        for form, texts in DATE_FORMS
        for text in texts
    ]
    form_width = max(len(form) for form, _, _ in rows)
    text_width = max(len(text) for _, text, _ in rows)
    lines = ["Dates are a subset of EDTF (ISO 8601-2), levels 0 and 1.", ""]
    lines.append(f"  {'form'.ljust(form_width)}  {'written'.ljust(text_width)}  shown as")
    previous = None
    for form, text, display in rows:
        label = form if form != previous else ""
        previous = form
        lines.append(f"  {label.ljust(form_width)}  {text.ljust(text_width)}  {display}")
    return "\n".join(lines) + "\n\n" + _DATE_RULES + "\n"


def _codes() -> str:
    from .validate import CODES

    width = max(len(code) for code in CODES)
    lines = [
        "Problems are reported as PATH:LINE:COLUMN: SEVERITY[CODE]: message. Codes are stable;",
        "scripts may match on them. Warnings fail `validate` only with --strict.",
        "",
    ]
    lines += [f"  {code.ljust(width)}  {sev:7}  {text}" for code, (sev, text) in CODES.items()]
    return "\n".join(lines) + "\n"


#: Topic name -> (one-line description, the text's builder).
TOPICS: dict[str, tuple[str, Callable[[], str]]] = {
    "dates": ("the date grammar, with examples of how each form is shown", _dates),
    "codes": ("every problem code `validate` reports, with its severity", _codes),
}


def topic(name: str) -> str:
    """The text of the help topic `name` (a key of `TOPICS`)."""
    return TOPICS[name][1]()
