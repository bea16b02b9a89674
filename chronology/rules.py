"""The store's vocabulary, shared by both readers (`validate` and `quick`): its keys, the id
pattern, what YAML reads as null, the values YAML 1.1 tools read differently, the URL rule
and an event's span in UTC seconds. One place per rule: neither reader defines its own.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .dates import MAX_SECONDS, MIN_SECONDS, Date, DateValue, Interval
from .model import FIELDS, Event, Source
from .store import MAYBE_NOT_STR, NULLS

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

__all__ = [
    "EVENT_KEYS",
    "EVENT_KEY_SET",
    "ID",
    "KEY_SYNONYMS",
    "MAX_ID_CHARS",
    "NULLS",
    "PLAIN_SUSPECT",
    "SOURCE_KEYS",
    "STORE_KEYS",
    "YAML11_FIRST",
    "YAML11_WORDS",
    "read_event",
    "span",
    "synonym",
    "url_problem",
    "yaml11_reading",
]

STORE_KEYS = ("title", "description", "timezone", "markup", "events")
EVENT_KEYS = FIELDS
EVENT_KEY_SET = frozenset(EVENT_KEYS)
SOURCE_KEYS = ("url", "title", "accessed")

#: An id: a letter or digit, then letters, digits, `.`, `_` and `-`; at most MAX_ID_CHARS.
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MAX_ID_CHARS = 128


# What YAML 1.1 loaders (PyYAML, libyaml bindings, older Ruby and Java) read as non-text
# where YAML 1.2 reads text: yes/no/on/off, sexagesimal numbers (1:30), binary (0b101),
# and numbers written with underscores (1_000, 0x_ff, 1_0.5, 0_7).
YAML11_WORDS = frozenset(
    "yes Yes YES no No NO on On ON off Off OFF".split()  # noqa: SIM905
)
#: Sexagesimal and binary numbers, which YAML 1.2 reads as text.
_YAML11_NUMBER = re.compile(
    r"[-+]?(?:[1-9][0-9_]*(?::[0-5]?[0-9])+|[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|0b[01_]+)"
)
#: YAML 1.1 integers and floats, which YAML 1.2 reads as text when they hold an underscore.
_YAML11_INT_OR_FLOAT = re.compile(
    r"[-+]?(?:0x[0-9a-fA-F_]+|0[0-7_]+|[1-9][0-9_]*|[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?)"
    r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
)
#: First characters of the values above.
YAML11_FIRST = frozenset("yYnNoO+-.0123456789")
#: First characters of the plain values that need a closer look: YAML may read them as
#: other than text, or YAML 1.1 tools may.
PLAIN_SUSPECT = MAYBE_NOT_STR | YAML11_FIRST


def yaml11_reading(value: str) -> str | None:
    """What YAML 1.1 tools read the plain value `value` as, when YAML 1.2 reads text:
    'a boolean', 'a number', or None when both read the same."""
    if value in YAML11_WORDS:
        return "a boolean"
    if _YAML11_NUMBER.fullmatch(value) or ("_" in value and _YAML11_INT_OR_FLOAT.fullmatch(value)):
        return "a number"
    return None


def span(date: DateValue, end: Date | None, zone: ZoneInfo | None) -> tuple[int, int]:
    """UTC bounds of an event: `lo`, and `hi` just after it."""
    if type(date) is Date:
        first: Date | None = date
        last: Date | None = end if end is not None else date
    else:
        assert isinstance(date, Interval)
        first = date.start if type(date.start) is Date else None
        last = end if end is not None else date.end if type(date.end) is Date else None
    if first is None:
        lo = MIN_SECONDS
    elif zone is None and first.offset is None:
        lo = first.lo  # the common case, without a method call
    else:
        lo = first.instant_start(zone)
    if last is None:
        hi = MAX_SECONDS
    elif zone is None and last.offset is None:
        hi = last.hi
    else:
        hi = last.instant_end(zone)
    return lo, hi


def read_event(
    *,
    event_id: str,
    date: DateValue,
    title: str,
    end: Date | None,
    summary: str | None,
    location: str | None,
    tags: tuple[str, ...],
    people: tuple[str, ...],
    zone_name: str | None,
    zone: ZoneInfo | None,
    sources: tuple[Source, ...],
    extensions: tuple[tuple[str, object], ...],
    origin: tuple[str, int],
) -> Event:
    """An event as both readers make it from checked values: its UTC span (`span`) in
    its zone, and where it is written."""
    lo, hi = span(date, end, zone)
    return Event(
        id=event_id,
        date=date,
        title=title,
        end=end,
        summary=summary,
        location=location,
        tags=tags,
        people=people,
        timezone=zone_name,
        sources=sources,
        extensions=extensions,
        lo=lo,
        hi=hi,
        origin=origin,
    )


_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URL_BAD_CHAR = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
# The common case, checked without urllib: http(s)://host[:port][/…] with a plain host name.
_URL_SIMPLE = re.compile(
    r"https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9-]+"
    r"(?::([0-9]{1,5}))?(?:[/?#][^\s\x00-\x1f\x7f-\x9f]*)?"
)


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a source link, or None if it is a fine http, https or mailto URL."""
    simple = _URL_SIMPLE.fullmatch(url)
    if simple and (simple[1] is None or int(simple[1]) <= 65535):
        return None
    if not url.strip():
        return "the url is empty"
    if _URL_BAD_CHAR.search(url):
        return f"{url!r} contains spaces or control characters; percent-encode them (%20)"
    match = _URL_SCHEME.match(url)
    scheme = match.group(1).lower() if match else ""
    if scheme not in ("http", "https", "mailto"):
        if not match:
            return f"{url!r} is not a URL; write it in full, starting with https://"
        return f"{url!r}: only http, https and mailto links are allowed, not {scheme}:"
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError as err:
        return f"{url!r} is not a valid URL ({err})"
    if scheme == "mailto":
        if "@" not in parts.path:
            return f"{url!r}: a mailto link needs an address (mailto:name@example.org)"
        return None
    if not url[len(scheme) + 1 :].startswith("//") or not parts.hostname:
        return f"{url!r} has no host; write {scheme}://host/path"
    return None


#: Words people write for a key chronology knows under another name, best guess first: the
#: did-you-mean of an unknown key looks here before spelling (which cannot tell that
#: `person` means `people`). The first name the place knows is suggested.
KEY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "person": ("people",),
    "persons": ("people",),
    "who": ("people",),
    "url": ("sources",),
    "urls": ("sources",),
    "link": ("sources", "url"),
    "links": ("sources",),
    "href": ("sources", "url"),
    "source": ("sources",),
    "ref": ("sources",),
    "refs": ("sources",),
    "references": ("sources",),
    "place": ("location",),
    "where": ("location",),
    "venue": ("location",),
    "when": ("date",),
    "start": ("date",),
    "begin": ("date",),
    "until": ("end",),
    "finish": ("end",),
    "desc": ("summary", "description"),
    "description": ("summary",),
    "details": ("summary",),
    "notes": ("summary",),
    "note": ("summary",),
    "text": ("summary",),
    "tag": ("tags",),
    "category": ("tags",),
    "categories": ("tags",),
    "keywords": ("tags",),
    "tz": ("timezone",),
    "zone": ("timezone",),
    "name": ("title",),
    "headline": ("title",),
    "date": ("accessed",),
    "retrieved": ("accessed",),
    "accessed_on": ("accessed",),
}


def synonym(word: str, known: tuple[str, ...]) -> str | None:
    """The key that `word` stands for where `known` are the keys (`person` → `people`)."""
    meant = KEY_SYNONYMS.get(word.strip().lower().replace("-", "_"), ())
    return next((key for key in meant if key in known), None)
