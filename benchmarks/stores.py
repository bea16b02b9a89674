"""The benchmark's stores: the same seeded events written in four styles.

    (a) "add"    - the layout `chronology add` writes;
    (b) "dump"   - `yaml.safe_dump(..., sort_keys=False, allow_unicode=True)` output;
    (c) "hand"   - as people write by hand: quoted scalars, flow lists, comments and blank
                   lines between events, `summary: >` folded and `|-` blocks, mapping-style
                   sources;
    (d) "odd"    - style (a) with one odd event every 1,000: an anchor and its alias, a title
                   on two lines (a multi-line plain scalar), a tab in a comment;
    (e) "tagged" - style (a) with a `!!str` tag on one title every 1,000: a file the quick
                   reader never takes (a `%TAG` directive could change a tag's meaning), so
                   the full way is measured.

Every style reads to the same timeline (tests/test_quick.py checks it); only the text
differs. Uses the standard library only, but for style (b), which needs PyYAML.
"""

from __future__ import annotations

import random
from typing import Any

WORDS = [
    "meeting", "agreement", "statement", "working", "group", "policy", "drug", "precursor",
    "chemical", "review", "joint", "operation", "bilateral", "framework", "cooperation",
    "enforcement", "summit", "visit", "minister", "ambassador", "director", "official",
    "delegation", "memorandum", "understanding", "trafficking", "data", "exchange",
    "training", "workshop", "conference", "declaration", "report", "hearing", "committee",
]  # fmt: skip
PLACES = ["New Delhi", "Washington, D.C.", "Virtual", "Mumbai", "Geneva", "Vienna", "New York"]
ZONES = ["Asia/Kolkata", "America/New_York", "Europe/Vienna", "UTC"]
PEOPLE = [
    "Rakesh Asthana", "Kemp Chester", "Sara Carter", "Vinay Mohan Kwatra", "Rahul Gupta",
    "Monika Ashish Batra", "Eric Garcetti", "Anurag Garg", "Uzra Zeya", "Jennifer Hodge",
]  # fmt: skip
STYLES = ("add", "dump", "hand", "odd", "tagged")
TITLE = "Benchmark chronology"
DESCRIPTION = "Generated from a fixed seed for benchmarks/run.py."

Event = dict[str, Any]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def _date(rng: random.Random) -> tuple[str, str | None, str | None]:
    """A date expression, an optional end, and an optional zone; a realistic mix of forms."""
    year = rng.randint(1950, 2030)
    month, day = rng.randint(1, 12), rng.randint(1, 25)
    kind = rng.random()
    if kind < 0.05:
        return f"{year}", None, None
    if kind < 0.20:
        return f"{year}-{month:02d}" + rng.choice(["", "", "~"]), None, None
    if kind < 0.70:
        end = f"{year}-{month:02d}-{day + rng.randint(1, 3):02d}" if rng.random() < 0.3 else None
        return f"{year}-{month:02d}-{day:02d}" + rng.choice(["", "", "", "?"]), end, None
    if kind < 0.80:
        return f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{day + 1:02d}", None, None
    if kind < 0.82:
        return f"{year}/..", None, None
    # Working hours: never in the hour a daylight-saving change skips or repeats.
    hour, minute = rng.randint(6, 22), rng.choice([0, 15, 30, 45])
    zone = rng.choice(ZONES)
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}", None, zone


def events(count: int, seed: int = 2026) -> list[Event]:
    """`count` events with realistic field sizes, from a fixed seed."""
    rng = random.Random(seed + count)
    found = []
    for i in range(count):
        date, end, zone = _date(rng)
        event: Event = {"id": f"ev-{i:06d}", "date": date}
        if end:
            event["end"] = end
        event["title"] = _sentence(rng, rng.randint(5, 10))
        lines = [_sentence(rng, rng.randint(8, 14)) + "." for _ in range(rng.randint(1, 4))]
        event["summary"] = "\n".join(lines)
        event["location"] = rng.choice(PLACES)
        if zone:
            event["timezone"] = zone
        event["tags"] = rng.sample(WORDS, rng.randint(1, 4))
        event["people"] = rng.sample(PEOPLE, rng.randint(1, 4))
        sources: list[str | dict[str, str]] = [f"https://example.org/{rng.choice(WORDS)}/{i}"]
        if rng.random() < 0.5:
            url = f"https://news.example.com/{i}/{rng.choice(WORDS)}"
            sources.append({"url": url, "title": _sentence(rng, 6)})
        event["sources"] = sources
        found.append(event)
    return found


def write(style: str, found: list[Event]) -> str:
    """The events as a store file in one of the STYLES."""
    if style == "dump":
        import yaml

        store = {"title": TITLE, "description": DESCRIPTION, "events": found}
        return str(yaml.safe_dump(store, sort_keys=False, allow_unicode=True))
    lines = [f"title: {TITLE}", f"description: {DESCRIPTION}", "events:"]
    anchors: dict[str, str] = {}  # location -> the anchor whose alias is still to come
    for number, event in enumerate(found):
        if style == "hand":
            lines.extend(_hand(event, number))
        else:
            item = _add(event, number, style == "odd", anchors)
            if style == "tagged" and number % 1000 == 500:
                item = [line.replace("title: ", "title: !!str ", 1) for line in item]
            lines.extend(item)
    return "\n".join(lines) + "\n"


def _add(event: Event, number: int, odd: bool, anchors: dict[str, str]) -> list[str]:
    lines = [f"  - id: {event['id']}", f"    date: {event['date']}"]
    if "end" in event:
        lines.append(f"    end: {event['end']}")
    title = event["title"]
    kind = number % 3000 if odd and number % 1000 == 500 else None
    if kind == 1500 and " " in title:
        head, _, tail = title.partition(" ")  # a multi-line plain scalar
        lines += [f"    title: {head}", f"      {tail}"]
    else:
        lines.append(f"    title: {title}")
    lines.append("    summary: |")
    lines += ["      " + line for line in event["summary"].split("\n")]
    location = event["location"]
    if kind == 500:  # an anchor here, its alias on the next event in the same place
        anchors[location] = f"place{number}"
        lines.append(f"    location: &place{number} {location}")
    elif location in anchors:
        lines.append(f"    location: *{anchors.pop(location)}")
    else:
        lines.append(f"    location: {event['location']}")
    if "timezone" in event:
        lines.append(f"    timezone: {event['timezone']}")
    lines.append(f"    tags: [{', '.join(event['tags'])}]")
    lines.append(f"    people: [{', '.join(event['people'])}]")
    if kind == 2500:
        lines.append("    #\ta comment with a tab")
    lines.append("    sources:")
    for source in event["sources"]:
        if isinstance(source, str):
            lines.append(f"      - {source}")
        else:
            lines.append(f"      - url: {source['url']}")
            lines.append(f"        title: {source['title']}")
    return lines


def _hand(event: Event, number: int) -> list[str]:
    lines = []
    if number % 10 == 0:
        lines += ["", f"# -- events {number} to {number + 9} --", ""]
    lines += [f'  - id: "{event["id"]}"', f"    date: '{event['date']}'"]
    if "end" in event:
        lines.append(f"    end: '{event['end']}'")
    lines.append(f'    title: "{event["title"]}"')
    summary = event["summary"].split("\n")
    if number % 2:
        lines.append("    summary: |-")
        lines += ["      " + line for line in summary]
    else:
        # Folded: a blank line keeps each line break, and each line is folded at a space.
        lines.append("    summary: >")
        for index, line in enumerate(summary):
            if index:
                lines.append("")
            words = line.split(" ")
            half = len(words) // 2
            lines += ["      " + " ".join(words[:half]), "      " + " ".join(words[half:])]
    lines.append(f"    location: '{event['location']}'")
    if "timezone" in event:
        lines.append(f'    timezone: "{event["timezone"]}"')
    lines.append("    tags: [" + ", ".join(f"'{tag}'" for tag in event["tags"]) + "]")
    lines.append("    people: [" + ", ".join(f'"{name}"' for name in event["people"]) + "]")
    sources = event["sources"]
    if all(isinstance(source, str) for source in sources):
        lines.append("    sources: [" + ", ".join(f"'{url}'" for url in sources) + "]")
    else:
        lines.append("    sources:  # where it is reported")
        for source in sources:
            if isinstance(source, str):
                lines += [f"      - url: '{source}'"]
            else:
                lines += [f"      - url: '{source['url']}'", f'        title: "{source["title"]}"']
    lines.append("    # checked")
    return lines
