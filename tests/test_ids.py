"""Ids people can read (issue 16 item 4): transliterated words, word-bounded, never reading
as another date; a second event with the same date and title is refused without --force."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronology.dates import DateError, parse_single, unknown_zone
from chronology.ids import MAX_AUTO_ID, new_id, title_words
from chronology.loader import load
from chronology.rules import ID

from .conftest import Result


@pytest.mark.parametrize(
    ("date", "title", "expected"),
    [
        ("2021", "Hadley–Apennine", "2021-hadley-apennine"),
        ("2021", "Hadley—Apennine/Rille", "2021-hadley-apennine-rille"),
        ("1961-04-12", "Полёт Гагарина", "1961-04-12-polet-gagarina"),
        ("1970", "阿波罗11号", "1970-aboluo-11-hao"),
        ("1969-07-20", "Apollo 11", "1969-07-20-apollo-11"),
        ("2001", "11 September attacks", "2001_11-september-attacks"),
        ("2001-09", "11 September attacks", "2001-09_11-september-attacks"),
        ("2001-09-11", "11 September attacks", "2001-09-11-11-september-attacks"),
        ("1969", "2019 retrospective", "1969_2019-retrospective"),
        ("19XX", "12 angry men", "19xx_12-angry-men"),
        ("-0043-03-15", "Ides of March", "44bc-03-15-ides-of-march"),
        ("-0043", "15 March", "44bc_15-march"),
        ("1969", "Armstrong’s first step", "1969-armstrongs-first-step"),
        ("2021-06", "Café au lait", "2021-06-cafe-au-lait"),
        ("2021", "!!!", "2021"),
        ("not a date", "Report", "report"),
        ("not a date", "2020 11 report", "event-2020-11-report"),
        ("not a date", "", "event"),
        (
            "1969-07-20",
            "Apollo 11 lands on the Moon: the first flight of the lunar module to the surface",
            "1969-07-20-apollo-11-lands-on-the-moon-the-first",
        ),
        ("2021", "x" * 80, "2021-" + "x" * 43),
    ],
)
def test_readable_ids(date: str, title: str, expected: str) -> None:
    assert new_id(date, title, set()) == expected


def test_title_words_split_at_every_dash_and_slash() -> None:
    for dash in "-‐‑‒–—―/⁄∕\\":
        assert title_words(f"Hadley{dash}Apennine") == ["hadley", "apennine"], dash


_DAYLESS = st.sampled_from(["1970", "2001", "1999-12", "-0043", "19XX", "2021-06~", "1950?"])


def _reads_as_date(prefix: str) -> bool:
    try:
        parse_single(prefix.upper())
    except DateError:
        return False
    return True


@given(date=_DAYLESS, title=st.text(max_size=80))
def test_no_id_reads_as_another_date(date: str, title: str) -> None:
    """Whatever the title, no id is longer than MAX_AUTO_ID, it is a valid id, and a date
    without its day is never followed by a number that a reader would take for more of it."""
    made = new_id(date, title, set())
    assert len(made) <= MAX_AUTO_ID
    assert ID.fullmatch(made)
    parts = made.split("-")
    for n in range(1, min(len(parts), 3) + 1):
        prefix = "-".join(parts[:n])
        if _reads_as_date(prefix):
            assert len(prefix) <= len(date.lstrip("-").rstrip("~?")) + 2, (made, prefix)
    stem = new_id(date, "", set())
    if made != stem:
        rest = made[len(stem) :]
        assert rest[0] in "-_", made
        if re.match(r"[-_][0-9]", rest):
            assert rest[0] == "_", made


@given(title=st.text(max_size=200))
def test_ids_keep_whole_words(title: str) -> None:
    """An id is cut at a word boundary: its words are the title's first words, whole."""
    words = title_words(title)
    made = new_id("2021-06-02", title, set())
    kept = made.removeprefix("2021-06-02").lstrip("-").split("-") if words else []
    if kept and len(words[0]) <= MAX_AUTO_ID - 11:
        assert kept == words[: len(kept)], (title, made)


def test_same_date_and_title_is_refused_without_force(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        "title: T\nevents:\n  - id: moon\n    date: 1969-07-20\n    title: Moon landing\n"
    )
    before = path.read_bytes()
    result = cli("add", "-f", str(path), "--date", "1969-07-20", "--title", "moon  Landing")
    assert result.exit_code == 1
    assert "events.yaml:3: moon already has this date and title" in result.stderr
    assert "give the new event its own --id, or add it anyway with --force" in result.stderr
    assert path.read_bytes() == before
    # another date, or another title, is no duplicate
    for date, title in (("1969-07-21", "Moon landing"), ("1969-07-20", "Moon walk")):
        assert cli("add", "-f", str(path), "--date", date, "--title", title).exit_code == 0
    forced = cli("add", "-f", str(path), "--date", "1969-07-20", "--title", "Moon landing",
                 "--force")  # fmt: skip
    assert forced.stdout == "1969-07-20-moon-landing\n"
    named = cli("add", "-f", str(path), "--date", "1969-07-20", "--title", "Moon landing",
                "--id", "moon-again")  # fmt: skip
    assert named.stdout == "moon-again\n"
    again = cli("add", "-f", str(path), "--date", "1969-07-20", "--title", "Moon landing",
                "--force")  # fmt: skip
    assert again.stdout == "1969-07-20-moon-landing-2\n"
    assert len(load(str(path))) == 6


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("America/Houston", "America/Chicago"),
        ("america/san_francisco", "America/Los_Angeles"),
        ("Asia/Mumbai", "Asia/Kolkata"),
        ("Asia/Beijing", "Asia/Shanghai"),
        ("PST", "America/Los_Angeles"),
        ("America/Moncton ", "America/Moncton"),
    ],
)
def test_zone_synonyms(typed: str, meant: str) -> None:
    assert f"did you mean {meant!r}?" in unknown_zone(typed)


def test_zone_synonyms_name_real_zones_only() -> None:
    from zoneinfo import available_timezones

    from chronology.dates import ZONE_SYNONYMS

    zones = available_timezones()
    lowered = {z.lower() for z in zones}
    assert set(ZONE_SYNONYMS.values()) <= zones
    assert not set(ZONE_SYNONYMS) & lowered  # a real zone is never "corrected"


def test_store_zone_synonym_in_validate(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("title: T\ntimezone: America/Houston\nevents: []\n")
    result = cli("validate", "-f", str(path))
    assert result.exit_code == 1
    assert "did you mean 'America/Chicago'?" in result.stdout + result.stderr
