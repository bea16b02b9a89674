"""Ids people can read: the event's date, then the words of its title in ASCII.

`Hadley–Apennine` becomes `hadley-apennine`, `Полёт Гагарина` becomes `polet-gagarina`
(anyascii's transliteration), `阿波罗11号` becomes `aboluo-11-hao`. An id is cut at a word
boundary, and never starts with something that reads as a date other than the event's own.
"""

from __future__ import annotations

import re

from anyascii import anyascii

from .dates import Date, DateError, Interval, parse_date, parse_single

__all__ = ["MAX_AUTO_ID", "date_stem", "new_id", "title_words"]

#: The longest id `new_id` makes, before any `-2` a forced duplicate gets.
MAX_AUTO_ID = 48

#: Apostrophes join what they sit in: `Armstrong's` is one word, `armstrongs`.
_APOSTROPHES = str.maketrans("", "", "'’ʼ`")
_WORD = re.compile(r"[a-z0-9]+")


def title_words(text: str) -> list[str]:
    """The lowercase ASCII words of `text`. Every dash, slash and other punctuation separates
    words; a number beside transliterated letters is a word of its own (`11` in `阿波罗11号`)."""
    pieces: list[str] = []
    previous = ""  # the last character written, and whether it came from transliteration
    previous_foreign = False
    for char in text.translate(_APOSTROPHES):
        foreign = not char.isascii()
        out = anyascii(char).translate(_APOSTROPHES) if foreign else char
        if not out:
            continue
        if foreign != previous_foreign and (out[0].isdigit() or previous.isdigit()):
            pieces.append(" ")
        pieces.append(out)
        previous, previous_foreign = out[-1], foreign
    return _WORD.findall("".join(pieces).lower())


def date_stem(date_text: str) -> str:
    """The id's date part: `2021-06-02`, `1969`, `44bc`, `19xx`; empty when `date_text` is
    not a date this grammar reads."""
    try:
        value = parse_date(date_text)
    except DateError:
        return ""
    first = value.start if isinstance(value, Interval) else value
    if not isinstance(first, Date):
        return ""
    year = f"{first.year:04d}" if first.year > 0 else f"{1 - first.year}bc"
    if "y" in first.unspecified:
        year = first.text.lstrip("-").rstrip("?~%").lower()[:4]
    parts = [year]
    if first.month is not None:
        parts.append(f"{first.month:02d}")
        if first.day is not None:
            parts.append(f"{first.day:02d}")
    return "-".join(parts)


def _date_read(word: str) -> bool:
    """True when `word` alone reads as a date (a year: `2020`)."""
    try:
        parse_single(word.upper())
    except DateError:
        return False
    return True


def _join(lead: str, joiner: str, words: list[str]) -> str:
    """`lead` and as many whole words as fit in MAX_AUTO_ID (a first word too long is cut)."""
    out = lead
    for word in words:
        candidate = f"{out}{joiner}{word}" if out else word
        if len(candidate) > MAX_AUTO_ID:
            break
        out, joiner = candidate, "-"
    if out == lead and words:
        out = (f"{lead}{joiner}{words[0]}" if lead else words[0])[:MAX_AUTO_ID]
    return out


def new_id(date_text: str, title: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A readable id from date and title (`2021-06-02-second-meeting`), at most
    MAX_AUTO_ID characters, then made unique in `taken` with `-2`, `-3`, …"""
    stem = date_stem(date_text)
    words = title_words(title)
    if stem and stem.count("-") < 2 and words and words[0][0].isdigit():
        # `1970` then `11 …` would read as November 1970, `1969` then `2019` as a range:
        # `_` sets a date without its day apart, as no date is written with it.
        base = _join(stem, "_", words)
    elif not stem and _date_read(words[0] if words else ""):
        base = _join("event", "-", words)  # no date, and the title starts like one
    else:
        base = _join(stem, "-", words) or "event"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate
