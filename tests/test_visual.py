"""The drawn views: `export html` (a page, tested in headless Chromium) and `export svg`
(valid XML, drawn by the same browser). Positions are checked against the events' own spans;
axe-core checks accessibility; screenshots are kept and compared with a tolerance."""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronology.dates import DAY, days_from_civil, year_words
from chronology.loader import load
from chronology.renderers import ExportOptions
from chronology.renderers.visual import marks, ticks

from . import browser
from .conftest import BUNDLED, ROOT, Result

HARD = ROOT / "tests" / "fixtures" / "hard.yaml"
SHOTS = ROOT / "tests" / "screenshots"
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
Cli = Callable[..., Result]
SVG = "{http://www.w3.org/2000/svg}"


def _export(cli: Cli, tmp_path: Path, store: Path, fmt: str, *args: str) -> Path:
    out = tmp_path / f"{store.stem}.{fmt}"
    result = cli("export", fmt, "-f", str(store), "-o", str(out), *args)
    assert result.exit_code == 0, result
    return out


# ------------------------------------------------------------------ the bytes


class _Page(HTMLParser):
    """What the tests need of a page: its tags in order, texts, and one attribute map a tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._inside = tag

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside == "script":
            self.scripts.append(data)
        elif self._inside == "style":
            self.styles.append(data)


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


@pytest.mark.parametrize("store", [BUNDLED, HARD])
def test_the_page_holds_every_event_and_a_strict_policy(
    cli: Cli, tmp_path: Path, store: Path
) -> None:
    import hashlib

    path = _export(cli, tmp_path, store, "html")
    page = _page(path)
    timeline = load(str(store))
    items = [a for tag, a in page.tags if tag == "li" and (a.get("id") or "").startswith("event-")]
    assert [a["id"] for a in items] == [f"event-{e.id}" for e in timeline.events]
    # the data block the script draws from, then the script: before the list
    assert [a for t, a in page.tags if t == "script"] == [
        {"type": "application/json", "id": "marks"},
        {},
    ]
    names = [t for t, _ in page.tags]
    assert names.index("script") < names.index("ol")
    data = json.loads(page.scripts[0])
    assert [row[8] for row in data] == [e.id for e in timeline.events]
    assert [row[7] for row in data] == [e.title for e in timeline.events]
    _, drawn = marks(timeline.events, ExportOptions().clock_for(timeline), "none")
    tags = sorted({t for e in timeline.events for t in e.tags}, key=lambda t: (t.casefold(), t))
    assert [row[:6] for row in data] == [
        [
            m.lo,
            m.hi,
            m.group,
            m.precision,
            m.qualities,
            " ".join(str(tags.index(t)) for t in m.event.tags),
        ]
        for m in drawn
    ]
    assert all(set(a) == {"id"} for a in items)  # the data is in the block alone
    assert len(page.scripts) == 2
    assert len(page.styles) == 1
    policy = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None
    assert "default-src 'none'" in policy
    for name, body in (("script-src", page.scripts[1]), ("style-src", page.styles[0])):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{name} 'sha256-{digest}'" in policy
    raw = path.read_text("utf-8")
    assert raw.count("<script") == 2  # ours: no title can open another
    links = [a for t, a in page.tags if t == "a"]
    assert links
    assert all(a["rel"] == "noopener noreferrer" for a in links)
    assert all(re.match(r"(https?|mailto):", a["href"] or "") for a in links)


def test_hostile_text_stays_text_in_the_page(cli: Cli, tmp_path: Path) -> None:
    path = _export(cli, tmp_path, HARD, "html")
    raw = path.read_text("utf-8")
    assert "# &lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "\x1b" not in raw
    assert "\u202e" not in raw


_HOSTILE = """\
title: "Hostile \\e[31m\\u202e </script><b>&amp;"
events:
  - id: a
    date: 2021-06-02
    title: "<script>alert(1)</script> \\e[2J \\u202e gnp.exe & ]]>"
    location: "<b>Place</b> \\u0000"
    tags: ["</style>", "x\\x85y"]
    summary: "<img src=x onerror=alert(1)> \\e[31m"
    sources: ["https://example.org/?a=1&b=<2>"]
"""


@pytest.mark.parametrize("fmt", ["html", "svg"])
def test_hostile_text_is_escaped_and_visible(cli: Cli, tmp_path: Path, fmt: str) -> None:
    store = tmp_path / "hostile.yaml"
    store.write_text(_HOSTILE, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = cli("export", fmt, "-f", str(store), "--group-by", "location", "-o", str(out))
    assert result.exit_code == 0, result
    raw = out.read_text("utf-8")
    for character in ("\x1b", "\u202e", "\x00", "\x85"):
        assert character not in raw
    assert "<script>alert" not in raw
    assert "<img" not in raw
    if fmt == "svg":
        root = ET.parse(out).getroot()  # well-formed: XML 1.0 has no place for \x1b
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}title"))
        assert "\\x1b[2J" in texts  # shown as an escape, as in the terminal
        assert "<script>alert(1)</script>" in texts
    else:
        assert raw.count("<script") == 2
        assert raw.count("</script") == 2
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
        page = _page(out)
        # the data block: no markup in it, and the same text once parsed
        block = page.scripts[0]
        assert not set(block) & set("<>&")
        [row] = json.loads(block)
        assert row[7] == "<script>alert(1)</script> \x1b[2J \u202e gnp.exe & ]]>"
        assert row[5] == "0 1"  # tags by number: "</style>", "x\x85y"


@pytest.mark.parametrize("fmt", ["html", "svg"])
def test_the_same_store_gives_the_same_bytes(cli: Cli, fmt: str) -> None:
    first = cli("export", fmt, "-f", str(HARD))
    second = cli("export", fmt, "-f", str(HARD))
    assert first.exit_code == 0, first
    assert first.stdout_bytes == second.stdout_bytes


@pytest.mark.parametrize("store", [BUNDLED, HARD])
def test_the_svg_is_xml_with_every_event(cli: Cli, tmp_path: Path, store: Path) -> None:
    path = _export(cli, tmp_path, store, "svg", "--group-by", "tag")
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    groups = [g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("event-")]
    assert sorted(g.get("id") or "" for g in groups) == sorted(
        f"event-{e.id}" for e in load(str(store)).events
    )
    assert root.find(f"{SVG}script") is None
    titles = [g.find(f"{SVG}title") for g in groups]
    assert all(t is not None and t.text for t in titles)


def test_scale_ticks_are_round_and_bc_years_are_named() -> None:
    def at(year: int) -> int:
        return days_from_civil(year, 1, 1) * DAY

    assert [t.label for t in ticks(at(-100), at(101), 1000)] == [
        "100 BC", "80 BC", "60 BC", "40 BC", "20 BC", "AD 20", "AD 40", "AD 60", "AD 80", "AD 100",
    ]  # fmt: skip
    assert [t.label for t in ticks(at(2021), at(2022), 1000)] == [
        "2021",
        "Apr",
        "Jul",
        "Oct",
        "2022",
    ]
    months = ticks(at(2021) + 152 * DAY, at(2021) + 154 * DAY, 1000)
    assert [t.label for t in months][:3] == ["2 Jun", "06:00", "12:00"]
    assert (year_words(0), year_words(-43), year_words(44)) == ("1 BC", "44 BC", "AD 44")


# ------------------------------------------------------------------ in the browser

#: Each event: its list index, span, and where the page says it drew it (its bar's left edge
#: and width, in the page's pixels; `off` when not drawn). `test_the_canvas_shows_it` checks
#: those places against the pixels of the canvases.
_DRAWN = """
const drawn = document.getElementById('view').drawn();
const marks = JSON.parse(document.getElementById('marks').textContent);
return Array.from(document.getElementById('events').children).map((li, index) => {
  const d = drawn[index];
  const [lo, hi, , p, q] = marks[index];
  return {
    index, id: li.id, lo, hi, q, p,
    left: d && d.left, width: d && d.width, middle: d && d.left + d.width / 2,
    top: d && d.top, height: d && d.height, off: d === null,
    point: q.includes('p'), label: d && d.label,
  };
});
"""

#: The colour of the canvas pixels at page points [[x, y], ...]: [r, g, b, a] each, or null
#: where no row's canvas is.
_PIXELS = """
const canvases = Array.from(document.querySelectorAll('canvas.bars'));
return arguments[0].map(([x, y]) => {
  for (const c of canvases) {
    const r = c.getBoundingClientRect();
    if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) continue;
    const ratio = c.width / r.width;
    const px = c.getContext('2d').getImageData(
      Math.floor((x - r.left) * ratio), Math.floor((y - r.top) * ratio), 1, 1).data;
    return Array.from(px);
  }
  return null;
});
"""


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    with browser.chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pages of the bundled and the hard store, and the SVG drawings, as users get them."""
    from click.testing import CliRunner

    from chronology.cli import main

    folder = tmp_path_factory.mktemp("pages")
    made = {}
    for name, store, fmt, args in [
        ("bundled.html", BUNDLED, "html", ["--group-by", "tag"]),
        ("hard.html", HARD, "html", []),
        ("bundled.svg", BUNDLED, "svg", ["--group-by", "tag"]),
        ("hard.svg", HARD, "svg", []),
    ]:
        out = folder / name
        result = CliRunner().invoke(main, ["export", fmt, "-f", str(store), "-o", str(out), *args])
        assert result.exit_code == 0, result.output
        made[name] = out
    return made


def _open(driver: Any, path: Path, fragment: str = "") -> list[dict[str, Any]]:
    driver.get(path.as_uri() + fragment)
    browser.next_frame(driver)
    drawn: list[dict[str, Any]] = driver.execute_script(_DRAWN)
    return drawn


def test_loads_without_errors_or_network(chrome: Any, pages: dict[str, Path]) -> None:
    for name in ("bundled.html", "hard.html"):
        browser.console_errors(chrome), browser.requests(chrome)  # start afresh
        _open(chrome, pages[name])
        assert browser.console_errors(chrome) == []
        assert set(browser.requests(chrome)) == {pages[name].as_uri()}
        assert chrome.execute_script("return document.documentElement.dataset.ready") == "true"


@pytest.mark.parametrize("name", ["bundled.html", "hard.html"])
def test_one_element_per_event_to_scale(chrome: Any, pages: dict[str, Path], name: str) -> None:
    drawn = _open(chrome, pages[name])
    count = chrome.execute_script("return document.getElementById('events').children.length")
    assert sorted(d["index"] for d in drawn) == list(range(count))
    shown = [d for d in drawn if not d["off"] and d["lo"] is not None]
    assert shown
    # left to right in time: the middle of a point, the start of a span
    starts = sorted(shown, key=lambda d: (d["lo"], d["index"]))
    xs = [d["middle"] if d["point"] else d["left"] for d in starts]
    assert all(b >= a - 1 for a, b in itertools.pairwise(xs)), xs
    # the scale, from the starts of the first and last bar; every bar's width is its span on
    # that scale (where it is wider than the narrowest bar drawn), give or take rounding
    bars = [d for d in starts if not d["point"]]
    first, last = bars[0], bars[-1]
    per_second = (last["left"] - first["left"]) / (last["lo"] - first["lo"])
    spans = [d for d in bars if d["hi"] is not None and d["width"] > 10]
    assert spans
    for d in spans:
        assert d["width"] == pytest.approx((d["hi"] - d["lo"]) * per_second, abs=1.5), d


@pytest.mark.parametrize("name", ["bundled.html", "hard.html"])
def test_the_canvas_shows_it(chrome: Any, pages: dict[str, Path], name: str) -> None:
    """Each event's pixels are where the page says it drew it: the middle of its bar or
    marker is coloured and the lane just left of it is not; a solid bar (certain, closed,
    to the day or finer) is coloured over exactly its width."""
    drawn = [d for d in _open(chrome, pages[name]) if not d["off"]]
    stage = chrome.execute_script(
        "const r = document.querySelector('.stage').getBoundingClientRect();"
        "return [r.left + 1, r.right - 1];"
    )
    inside = [d for d in drawn if d["left"] - 3 > stage[0] and d["left"] + d["width"] < stage[1]]
    assert len(inside) >= 9
    # each one's middle line, from 3 pixels left of it to its right end
    lines = chrome.execute_script(
        _PIXELS,
        [
            [x, d["top"] + d["height"] / 2]
            for d in inside
            for x in range(int(d["left"]) - 3, int(d["left"] + d["width"]))
        ],
    )
    solid = 0
    for d in inside:
        line, lines = lines[: int(d["width"]) + 3], lines[int(d["width"]) + 3 :]
        assert all(c is not None for c in line), d
        assert line[0][3] == 0, d  # nothing just left of it
        coloured = sum(1 for c in line[3:] if c[3] > 0)
        if set(d["q"]) & set("ax"):  # striped or dotted: some of it
            assert coloured > 0, d
        else:
            assert line[3 + int(d["width"]) // 2][3] > 0, d
        fine = d["p"] in ("", "day", "minute", "second")
        if d["point"] or set(d["q"]) & set("auxse") or not fine:
            continue
        assert coloured == d["width"], d
        right = chrome.execute_script(_PIXELS, [[d["left"] + d["width"], d["top"] + 7]])
        assert right[0][3] == 0, d  # and not one pixel more
        solid += 1
    assert solid


@pytest.mark.parametrize("name", ["bundled.html", "hard.html"])
def test_the_axis_is_drawn_where_its_times_are(
    chrome: Any, pages: dict[str, Path], name: str
) -> None:
    """The page's ticks are the ones Python's `ticks` gives for the span in view (the scale
    taken from two drawn bars), each drawn as a line on the axis's canvas."""
    drawn = [d for d in _open(chrome, pages[name]) if not d["off"] and not d["point"]]
    drawn = [d for d in drawn if d["lo"] is not None]
    first = min(drawn, key=lambda d: d["lo"])
    last = max(drawn, key=lambda d: d["lo"])
    per_second = (last["left"] - first["left"]) / (last["lo"] - first["lo"])
    axis = chrome.execute_script(
        "const r = document.querySelector('.axis canvas').getBoundingClientRect();"
        "return [r.left, r.width];"
    )
    left, width = axis

    def at(x: float) -> float:
        return first["lo"] + (x - first["left"]) / per_second

    page = chrome.execute_script("return document.getElementById('view').ticks()")
    expected = ticks(at(left), at(left + width), width)
    assert [label for _, label in page] == [t.label for t in expected]
    assert len(page) >= 4
    for (x, _), tick in zip(page, expected, strict=True):
        assert x == pytest.approx(left + (tick.at - at(left)) * per_second, abs=2)
    lines = chrome.execute_script(
        "const c = document.querySelector('.axis canvas'); const g = c.getContext('2d');"
        "const r = c.getBoundingClientRect();"
        "return arguments[0].map((x) => g.getImageData(Math.round(x - r.left), 2, 1, 1).data[3]);",
        [x for x, _ in page],
    )
    assert all(alpha > 0 for alpha in lines), lines
    assert page == sorted(page, key=lambda t: t[0])


_STYLES = """\
title: Styles
events:
  - {id: solid, date: 2021-01-05, end: 2021-02-20, title: Solid}
  - {id: coarse, date: 2021-03, title: Coarse}
  - {id: approx, date: 2021-04-20~, end: 2021-06-10~, title: Approx}
  - {id: doubt, date: 2021-06-20?, end: 2021-08-10?, title: Doubt}
  - {id: unspec, date: 2021-XX, title: Unspec}
  - {id: open, date: 2021-09-01/.., title: Open}
"""


def _line(driver: Any, d: dict[str, Any], dy: float = 7) -> list[int]:
    """The alpha of the canvas along a bar, `dy` below its top, inside its border (as far as
    the view reaches)."""
    xs = range(int(d["left"]) + 2, int(d["left"] + d["width"]) - 2)
    found = driver.execute_script(_PIXELS, [[x, d["top"] + dy] for x in xs])
    return [c[3] for c in found if c is not None]


def test_each_kind_of_date_is_drawn_its_own_way(cli: Cli, tmp_path: Path, chrome: Any) -> None:
    """As the legend says: solid; soft edges over a month; stripes for approximate; faint for
    uncertain; dots for unspecified digits; fading out toward an open end."""
    store = tmp_path / "styles.yaml"
    store.write_text(_STYLES)
    drawn = _by_id(_open(chrome, _export(cli, tmp_path, store, "html")))
    solid = _line(chrome, drawn["event-solid"])
    assert len(solid) > 100
    assert set(solid) == {255}
    coarse = _line(chrome, drawn["event-coarse"])
    assert coarse[0] < 128 < coarse[len(coarse) // 2] == 255
    assert coarse[-1] < 128
    approx = _line(chrome, drawn["event-approx"])
    changes = sum(1 for a, b in itertools.pairwise(approx) if (a > 128) != (b > 128))
    assert changes >= len(approx) / 7  # a stripe every 7 px or so
    doubt = _line(chrome, drawn["event-doubt"])
    assert all(abs(a - 153) <= 3 for a in doubt[5:-5])  # 60 % opaque
    unspec = [a for dy in (5, 6, 7, 8, 9) for a in _line(chrome, drawn["event-unspec"], dy)]
    assert 0.15 < sum(1 for a in unspec if a > 128) / len(unspec) < 0.6
    opened = drawn["event-open"]
    assert opened["left"] + opened["width"] > chrome.execute_script(
        "return document.querySelector('.stage').getBoundingClientRect().right"
    )
    fading = _line(chrome, opened)  # to the edge of the view, 40 px before its end
    assert fading[len(fading) // 3] == 255
    assert fading[-1] < 160


def test_lanes_follow_the_order_at_each_zoom(cli: Cli, tmp_path: Path, chrome: Any) -> None:
    """An instant an hour into a day starts before the day's bar when zoomed out (its marker
    is centred on it) and after it when zoomed in: the lanes follow, first come first."""
    store = tmp_path / "order.yaml"
    store.write_text(
        "title: Order\nevents:\n"
        "  - {id: day, date: 2021-01-01, title: Day}\n"
        "  - {id: hour, date: 2021-01-01T01:00Z, title: Hour}\n"
        "  - {id: later, date: 2022-06-01, title: Later}\n"
    )
    drawn = _by_id(_open(chrome, _export(cli, tmp_path, store, "html")))
    assert drawn["event-hour"]["top"] < drawn["event-day"]["top"]
    for _ in range(40):
        if drawn["event-day"]["width"] > 400:
            break
        chrome.execute_script(
            "const s = document.querySelector('.stage');"
            "s.dispatchEvent(new WheelEvent('wheel', {deltaY: -300, clientX: arguments[0],"
            " clientY: s.getBoundingClientRect().top + 40, bubbles: true, cancelable: true}));",
            drawn["event-day"]["left"] + 1,
        )
        drawn = _now(chrome)
    assert drawn["event-day"]["width"] > 400
    assert drawn["event-day"]["top"] < drawn["event-hour"]["top"]


def _by_id(drawn: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in drawn}


def _middle_pair(drawn: list[dict[str, Any]], width: float) -> tuple[str, str]:
    """Two drawn events near the middle of the view, apart: zooming about the middle keeps
    them in view."""
    shown = sorted(
        (d for d in drawn if not d["off"] and d["lo"] is not None and d["left"] > 0),
        key=lambda d: abs(d["left"] - width / 2),
    )
    first = shown[0]
    second = next(
        d
        for d in shown[1:]
        if abs(d["left"] - first["left"]) >= 120 and abs(d["left"] - width / 2) < width / 3
    )
    a, b = sorted((first, second), key=lambda d: d["left"])
    return a["id"], b["id"]


def _distance(drawn: dict[str, dict[str, Any]], a: str, b: str) -> float:
    distance: float = drawn[b]["left"] - drawn[a]["left"]
    return distance


def _now(driver: Any) -> dict[str, dict[str, Any]]:
    browser.next_frame(driver)
    return _by_id(driver.execute_script(_DRAWN))


def test_zoom_and_pan(chrome: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    drawn = _open(chrome, pages["bundled.html"])
    stage = chrome.find_element(By.CSS_SELECTOR, ".stage")
    width = chrome.execute_script("return arguments[0].clientWidth", stage)
    a, b = _middle_pair(drawn, width)
    before = _by_id(drawn)
    distance = _distance(before, a, b)
    height = chrome.execute_script("return document.querySelector('.rows').offsetHeight")
    chrome.find_element(By.CSS_SELECTOR, "button[data-act=in]").click()
    assert _distance(_now(chrome), a, b) == pytest.approx(distance * 1.5, abs=2)
    # zooming in spreads the events over fewer lanes; the rows keep their height, so
    # nothing under the pointer moves, until "fit all"
    for _ in range(4):
        chrome.find_element(By.CSS_SELECTOR, "button[data-act=in]").click()
    lanes = {d["top"] for d in _now(chrome).values() if not d["off"]}
    assert len(lanes) < len({d["top"] for d in drawn if not d["off"]})
    assert chrome.execute_script("return document.querySelector('.rows').offsetHeight") == height
    for _ in range(4):
        chrome.find_element(By.CSS_SELECTOR, "button[data-act=out]").click()
    chrome.find_element(By.CSS_SELECTOR, "button[data-act=out]").click()
    back = _now(chrome)
    assert back[a]["left"] == pytest.approx(before[a]["left"], abs=2)
    # the keyboard: an arrow pans a tenth of the width, + zooms in
    chrome.execute_script("arguments[0].focus()", stage)
    ActionChains(chrome).send_keys(Keys.ARROW_RIGHT).perform()
    panned = _now(chrome)
    assert panned[a]["left"] == pytest.approx(before[a]["left"] - width / 10, abs=2)
    ActionChains(chrome).send_keys(Keys.ARROW_LEFT, "+").perform()
    zoomed = _now(chrome)
    assert _distance(zoomed, a, b) == pytest.approx(distance * 1.5, abs=2)
    # dragging with the mouse pans by as much as the pointer moved
    actions = ActionChains(chrome).move_to_element_with_offset(stage, 0, -20).click_and_hold()
    actions.move_by_offset(-120, 0).release().perform()
    dragged = _now(chrome)
    assert dragged[a]["left"] == pytest.approx(zoomed[a]["left"] - 120, abs=2)
    # the wheel zooms about the pointer: what is under it stays there
    chrome.find_element(By.CSS_SELECTOR, "button[data-act=fit]").click()
    fitted = _now(chrome)
    x = fitted[a]["left"]
    chrome.execute_script(
        "const s = document.querySelector('.stage');"
        "s.dispatchEvent(new WheelEvent('wheel', {deltaY: -200, clientX: arguments[0],"
        " clientY: s.getBoundingClientRect().top + 40, bubbles: true, cancelable: true}));",
        x,
    )
    wheeled = _now(chrome)
    assert wheeled[a]["left"] == pytest.approx(x, abs=2)
    assert _distance(wheeled, a, b) == pytest.approx(distance / 0.7408, rel=0.02)  # e^-0.3


def test_pinch_zooms(chrome: Any, pages: dict[str, Path]) -> None:
    drawn = _open(chrome, pages["bundled.html"])
    width = chrome.execute_script("return document.querySelector('.stage').clientWidth")
    a, b = _middle_pair(drawn, width)
    distance = _distance(_by_id(drawn), a, b)
    chrome.execute_script(
        """
        const s = document.querySelector('.stage');
        const r = s.getBoundingClientRect();
        const y = r.top + 40, mid = r.left + r.width / 2;
        const send = (type, id, x) => s.dispatchEvent(new PointerEvent(type, {pointerId: id,
            clientX: x, clientY: y, button: 0, bubbles: true, pointerType: 'touch'}));
        send('pointerdown', 11, mid - 100); send('pointerdown', 12, mid + 100);
        send('pointermove', 12, mid + 300);
        send('pointerup', 12, mid + 300); send('pointerup', 11, mid - 100);
        """
    )
    assert _distance(_now(chrome), a, b) == pytest.approx(distance * 2, abs=3)


def test_search_and_tags_filter_both_views(chrome: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By

    _open(chrome, pages["bundled.html"])
    chrome.find_element(By.ID, "search").send_keys("fifth annual")
    browser.next_frame(chrome)
    shown = [d["id"] for d in chrome.execute_script(_DRAWN) if not d["off"]]
    assert shown == ["event-cnwg-5"]
    listed = chrome.execute_script(
        "return Array.from(document.querySelectorAll('#events > li:not([hidden])')).map(l => l.id)"
    )
    assert listed == ["event-cnwg-5"]
    assert chrome.find_element(By.CSS_SELECTOR, ".status").text == "1 of 9 events"
    chrome.find_element(By.ID, "search").clear()
    chrome.execute_script("document.getElementById('search').dispatchEvent(new Event('input'))")
    # every event is back, drawn where the page says (rows grown back to their lanes)
    browser.next_frame(chrome)
    back = [d for d in chrome.execute_script(_DRAWN) if not d["off"]]
    assert len(back) == len(load(str(BUNDLED)).events)
    # zoomed out, labels take more lanes: rows grow, and their drawing with them
    height = chrome.execute_script("return document.querySelector('.rows').offsetHeight")
    for _ in range(4):
        chrome.find_element(By.CSS_SELECTOR, "button[data-act=out]").click()
    browser.next_frame(chrome)
    assert chrome.execute_script("return document.querySelector('.rows').offsetHeight") > height
    back = [d for d in chrome.execute_script(_DRAWN) if not d["off"]]
    assert len(back) == len(load(str(BUNDLED)).events)
    filled = [d for d in back if not set(d["q"]) & set("ax")]  # not striped or dotted
    middles = chrome.execute_script(_PIXELS, [[d["middle"], d["top"] + 7] for d in filled])
    assert all(c is not None and c[3] > 0 for c in middles), middles
    for box in chrome.find_elements(By.CSS_SELECTOR, "input[data-tag]"):
        if box.find_element(By.XPATH, "..").text.strip() != "summit":
            box.click()
    browser.next_frame(chrome)
    shown = [d["id"] for d in chrome.execute_script(_DRAWN) if not d["off"]]
    tagged = [e.id for e in load(str(BUNDLED)).events if "summit" in e.tags]
    assert shown == [f"event-{i}" for i in tagged]
    assert tagged


def test_keyboard_selection_and_shared_links(chrome: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(chrome, pages["bundled.html"])
    ids = [e.id for e in load(str(BUNDLED)).events]
    first = chrome.find_element(By.CSS_SELECTOR, ".ev[tabindex='0']")
    assert first.get_attribute("data-index") == "0"
    chrome.find_element(By.ID, "search").click()
    ActionChains(chrome).send_keys(Keys.TAB).perform()  # past the tag boxes to the stage
    for _ in range(20):
        active = chrome.switch_to.active_element
        if "ev" in (active.get_attribute("class") or "").split():
            break
        ActionChains(chrome).send_keys(Keys.TAB).perform()
    assert chrome.switch_to.active_element.get_attribute("data-index") == "0"
    ActionChains(chrome).send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT).perform()
    assert chrome.switch_to.active_element.get_attribute("data-index") == "2"
    ActionChains(chrome).send_keys(Keys.ENTER).perform()
    detail = chrome.find_element(By.CSS_SELECTOR, ".detail")
    assert detail.is_displayed()
    title = load(str(BUNDLED)).events[2].title
    assert title in detail.text
    assert chrome.execute_script("return location.hash") == f"#event-{ids[2]}"
    ActionChains(chrome).send_keys(Keys.ESCAPE).perform()
    assert not detail.is_displayed()
    # a link to one event opens it
    chrome.get("about:blank")  # a new page, not a jump within this one
    _open(chrome, pages["bundled.html"], f"#event-{ids[4]}")
    assert chrome.find_element(By.CSS_SELECTOR, ".detail").is_displayed()
    # selected before the list was in the page, then given the whole item
    assert "Date as written" in chrome.find_element(By.CSS_SELECTOR, ".detail").text
    assert (
        load(str(BUNDLED)).events[4].title in chrome.find_element(By.CSS_SELECTOR, ".detail").text
    )
    assert chrome.switch_to.active_element.get_attribute("data-index") == "4"


def test_dark_mode(chrome: Any, pages: dict[str, Path]) -> None:
    chrome.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark"}]},
    )
    try:
        _open(chrome, pages["bundled.html"])
        colour = chrome.execute_script("return getComputedStyle(document.body).backgroundColor")
        assert colour == "rgb(18, 18, 18)"
        assert _bar_colours(chrome) <= _DARK
        assert _axe(chrome) == []
    finally:
        chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    # the drawing follows a change of scheme while the page is open
    _open(chrome, pages["bundled.html"])
    assert _bar_colours(chrome) <= _LIGHT
    chrome.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark"}]},
    )
    try:
        browser.next_frame(chrome)
        assert _bar_colours(chrome) <= _DARK
    finally:
        chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


#: The group colours of view.css, light and dark.
_LIGHT = {(0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (230, 159, 0)}
_DARK = {(86, 180, 233), (239, 138, 76), (47, 199, 155), (224, 156, 196), (230, 159, 0)}


def _bar_colours(driver: Any) -> set[tuple[int, int, int]]:
    """The colours at the middle of the solid bars drawn."""
    solid = [
        d
        for d in driver.execute_script(_DRAWN)
        if not d["off"] and not d["point"] and not set(d["q"]) & set("auxse")
    ]
    assert solid
    found = driver.execute_script(_PIXELS, [[d["middle"], d["top"] + 7] for d in solid])
    return {(c[0], c[1], c[2]) for c in found}


def _axe(driver: Any) -> list[tuple[str, str, int]]:
    if not AXE.exists():
        message = "axe-core missing: run 'npm ci --prefix tests/js'"
        if os.environ.get("CHRONOLOGY_REQUIRE_ORACLES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    driver.execute_script(AXE.read_text("utf-8"))
    found: list[list[Any]] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then((r) => done(r.violations.map("
        "(v) => [v.id, v.impact, v.nodes.length])), (e) => done([['axe failed', String(e), 0]]));"
    )
    return [(v[0], v[1], v[2]) for v in found if v[1] in ("serious", "critical")]


@pytest.mark.parametrize("name", ["bundled.html", "hard.html"])
def test_accessible(chrome: Any, pages: dict[str, Path], name: str) -> None:
    _open(chrome, pages[name])
    assert _axe(chrome) == []


def test_without_javascript_the_list_is_the_page(pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By

    with browser.chromium(javascript=False) as driver:
        driver.get(pages["bundled.html"].as_uri())
        assert not driver.find_element(By.ID, "view").is_displayed()
        items = driver.find_elements(By.CSS_SELECTOR, "#events > li")
        assert len(items) == len(load(str(BUNDLED)).events)
        assert all(item.is_displayed() for item in items)


@pytest.mark.parametrize("name", ["bundled.svg", "hard.svg"])
def test_the_svg_draws_with_labels_apart(chrome: Any, pages: dict[str, Path], name: str) -> None:
    browser.console_errors(chrome)
    chrome.get(pages[name].as_uri())
    boxes = chrome.execute_script(
        "return Array.from(document.querySelectorAll('g[id^=event-] text')).map((t) => {"
        "const b = t.getBBox(); return [b.x, b.y, b.width, b.height, t.textContent]; })"
    )
    assert browser.console_errors(chrome) == []
    assert len(boxes) >= len(load(str(BUNDLED if "bundled" in name else HARD)).events) - 1
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[0] + a[2] <= b[0] + 0.5 or b[0] + b[2] <= a[0] + 0.5
            apart = apart or a[1] + a[3] <= b[1] + 0.5 or b[1] + b[3] <= a[1] + 0.5
            assert apart, (a, b)
    width = chrome.execute_script("return document.documentElement.getBBox().width")
    assert width <= 1200 + 1


#: Share of pixels that may differ (by more than 48 of 255 in a channel) from the kept
#: screenshot: room for anti-aliasing, none for a moved or missing bar.
_TOLERANCE = 0.01


@pytest.mark.parametrize("name", ["bundled.html", "hard.html"])
def test_screenshots_match_the_kept_ones(
    chrome: Any, pages: dict[str, Path], name: str, request: pytest.FixtureRequest
) -> None:
    _open(chrome, pages[name])
    chrome.execute_script("document.fonts && document.fonts.ready")
    browser.next_frame(chrome)
    shot = chrome.get_screenshot_as_png()
    artefacts = Path(os.environ.get("CHRONOLOGY_ARTEFACTS", ROOT / "tests" / "artefacts"))
    artefacts.mkdir(parents=True, exist_ok=True)
    (artefacts / f"{name}.png").write_bytes(shot)
    kept = SHOTS / f"{name}.png"
    if request.config.getoption("--update-golden"):
        SHOTS.mkdir(exist_ok=True)
        kept.write_bytes(shot)
        return
    assert kept.exists(), f"no kept screenshot {kept}; run pytest --update-golden and review"
    chrome.get("about:blank")
    share = chrome.execute_async_script(
        """
        const [a, b, done] = arguments;
        const load = (data) => new Promise((ok) => { const i = new Image();
          i.onload = () => ok(i); i.src = 'data:image/png;base64,' + data; });
        Promise.all([load(a), load(b)]).then(([x, y]) => {
          if (x.width !== y.width || x.height !== y.height) return done(1);
          const pixels = (img) => { const c = document.createElement('canvas');
            c.width = img.width; c.height = img.height; const g = c.getContext('2d');
            g.drawImage(img, 0, 0); return g.getImageData(0, 0, c.width, c.height).data; };
          const p = pixels(x), q = pixels(y);
          let differ = 0;
          for (let i = 0; i < p.length; i += 4) {
            if (Math.abs(p[i] - q[i]) > 48 || Math.abs(p[i + 1] - q[i + 1]) > 48
                || Math.abs(p[i + 2] - q[i + 2]) > 48) differ++;
          }
          done(differ / (p.length / 4));
        });
        """,
        base64.b64encode(shot).decode(),
        base64.b64encode(kept.read_bytes()).decode(),
    )
    assert share <= _TOLERANCE, f"{share:.2%} of pixels differ; see {artefacts / (name + '.png')}"


def test_markdown_summaries_render_in_the_page(cli: Cli, tmp_path: Path) -> None:
    page = _page(_export(cli, tmp_path, ROOT / "tests" / "fixtures" / "markup.yaml", "html"))
    tags = [tag for tag, _ in page.tags]
    assert tags.count("em") == 6
    assert "blockquote" in tags
    assert "pre" in tags
    assert not {"b", "img", "iframe"} & set(tags)
    assert tags.count("script") == 2  # the data block and the script
    links = [a for t, a in page.tags if t == "a"]
    assert len(links) == 5
    assert all(a["rel"] == "noopener noreferrer" for a in links)
    assert all(re.match(r"(https?|mailto):", a["href"] or "") for a in links)


def test_the_readme_drawing_is_up_to_date(cli: Cli) -> None:
    result = cli("export", "svg", "--group-by", "tag", "-f", str(BUNDLED))
    assert result.exit_code == 0, result
    assert result.stdout_bytes == (ROOT / "docs" / "timeline.svg").read_bytes(), (
        "regenerate: chronology export svg --group-by tag -o docs/timeline.svg"
    )


def _crowded_store(path: Path, count: int) -> Path:
    """`count` one-day events in one week: far more than fit in a row's lanes."""
    lines = ["title: Crowded", "events:"]
    for i in range(count):
        lines.append(f"  - {{id: e{i:04d}, date: 2021-01-{1 + i % 7:02d}, title: E{i}}}")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_long_list_and_a_crowded_row(cli: Cli, tmp_path: Path, chrome: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    store = _crowded_store(tmp_path / "crowded.yaml", 600)
    page = _export(cli, tmp_path, store, "html")
    assert 'class="events later"' in page.read_text("utf-8")  # long: shown after the drawing
    browser.console_errors(chrome)
    _open(chrome, page)
    chrome.execute_async_script(
        "const done = arguments[0];"
        "const wait = () => document.documentElement.dataset.listed ? done()"
        " : setTimeout(wait, 20);"
        "wait();"
    )
    assert browser.console_errors(chrome) == []
    ids = chrome.execute_script(
        "return Array.from(document.querySelectorAll('#events > li')).map((li) => li.id)"
    )
    assert ids == [f"event-{e.id}" for e in load(str(store)).events]
    assert chrome.execute_script("return document.querySelectorAll('ol').length") == 1
    # node for node the list the page was written with, the white space between the items
    # too (moving the items alone left it behind, and each move walked past all of it)
    shown, written = chrome.execute_script(
        "const parsed = new DOMParser().parseFromString(arguments[0], 'text/html');"
        "return [document.getElementById('events').innerHTML,"
        " parsed.getElementById('events').innerHTML];",
        page.read_text("utf-8"),
    )
    assert shown == written
    note = chrome.execute_script("return document.querySelector('.crowd').textContent")
    hidden = int(note.split()[0])
    drawn = [d for d in chrome.execute_script(_DRAWN) if not d["off"]]
    assert hidden > 0
    assert len(drawn) + hidden == 600
    assert note.endswith("too close together to draw at this zoom: zoom in")
    # lanes keep their bars apart: nothing is drawn just left of a bar (below the first
    # lane, where the note is drawn)
    below = [d for d in drawn if d["top"] > min(e["top"] for e in drawn) and d["left"] > 30]
    assert len(below) > 100
    left = chrome.execute_script(_PIXELS, [[d["left"] - 3, d["top"] + 7] for d in below])
    assert all(c is not None and c[3] == 0 for c in left)
    # the keyboard reaches every event: one that has no lane at this zoom is drawn over
    # the last lane while it has the focus. Click the one before it, then the arrow key.
    everything = chrome.execute_script(_DRAWN)
    index = next(
        d["index"] for d in everything if d["off"] and not everything[d["index"] - 1]["off"]
    )
    before = everything[index - 1]
    chrome.execute_script(
        "const s = document.querySelector('.stage');"
        "for (const type of ['pointerdown', 'pointerup']) s.dispatchEvent(new PointerEvent(type,"
        " {pointerId: 5, clientX: arguments[0], clientY: arguments[1], button: 0, bubbles: true,"
        " pointerType: 'mouse'}));",
        before["middle"],
        before["top"] + 7,
    )
    assert chrome.switch_to.active_element.get_attribute("data-index") == str(index - 1)
    ActionChains(chrome).send_keys(Keys.ARROW_RIGHT).perform()
    browser.next_frame(chrome)
    active = chrome.switch_to.active_element
    assert active.get_attribute("data-index") == str(index)
    now = chrome.execute_script(_DRAWN)[index]
    assert not now["off"]
    assert now["top"] == max(d["top"] for d in everything if not d["off"])  # the last lane
    middle = chrome.execute_script(_PIXELS, [[now["middle"], now["top"] + 7]])
    assert middle[0][3] > 0
    # zoomed in, fewer are crowded: the note says so once the zoom rests
    for _ in range(6):
        ActionChains(chrome).send_keys("+").perform()
    chrome.execute_async_script("setTimeout(arguments[0], 500)")
    after = chrome.execute_script("return document.querySelector('.crowd').textContent")
    assert after == "" or int(after.split()[0]) < hidden


def test_without_javascript_a_long_list_is_there(cli: Cli, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    page = _export(cli, tmp_path, _crowded_store(tmp_path / "crowded.yaml", 300), "html")
    with browser.chromium(javascript=False) as driver:
        driver.get(page.as_uri())
        items = driver.find_elements(By.CSS_SELECTOR, "#events > li")
        assert len(items) == 300
        assert items[0].is_displayed()


@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 400)), min_size=1, max_size=600))
@settings(max_examples=200, deadline=None)
def test_svg_lanes_are_first_fit(spans: list[tuple[int, int]]) -> None:
    """The SVG's lanes by blocks place each label where first fit lane by lane does: the
    lowest lane whose last label ends 6 px before it (hundreds of lanes: several blocks)."""
    from chronology.renderers.svg import _Lanes

    lanes = _Lanes()
    ends: list[float] = []
    for left, width in spans:
        lane = next((i for i, end in enumerate(ends) if end + 6 <= left), len(ends))
        if lane == len(ends):
            ends.append(0)
        ends[lane] = left + width
        assert lanes.place(left, left + width) == lane
    assert len(lanes) == len(ends)


_NARROW = """\
title: Narrow
events:
  - {id: a-solid, date: 2021-03-01, end: 2021-03-31, title: A, tags: [a]}
  - {id: a-coarse, date: 2021-03, title: B, tags: [a]}
  - {id: a-doubt, date: 2021-03-01?, end: 2021-03-31?, title: C, tags: [a]}
  - {id: a-long, date: 2021-05-01, end: 2021-06-14, title: E, tags: [a]}
  - {id: b-solid, date: 2021-03-01, end: 2021-03-31, title: D, tags: [b]}
  - {id: wide, date: 2019-01-01, end: 2023-12-31, title: F, tags: [c]}
"""


def _column(driver: Any, d: dict[str, Any]) -> list[int]:
    """The alpha of the canvas down the middle of a bar's lane."""
    found = driver.execute_script(_PIXELS, [[d["middle"], d["top"] + dy] for dy in range(24)])
    return [c[3] for c in found]


def test_narrow_bars_are_drawn_as_wide_ones_are(cli: Cli, tmp_path: Path, chrome: Any) -> None:
    """Bars a few pixels wide (most of a zoomed-out view) are copied from one drawing of
    each look and width: a copy has its own colour, doubt, soft edges and width, lands
    where a bar drawn in place would, and follows a change of colour scheme."""
    store = tmp_path / "narrow.yaml"
    store.write_text(_NARROW)
    page = _export(cli, tmp_path, store, "html", "--group-by", "tag")
    drawn = _by_id(_open(chrome, page))
    solid, wide = drawn["event-a-solid"], drawn["event-wide"]
    assert solid["width"] == drawn["event-a-coarse"]["width"] == drawn["event-b-solid"]["width"]
    assert 10 < solid["width"] < drawn["event-a-long"]["width"] <= 64 < wide["width"]
    assert _column(chrome, solid) == _column(chrome, wide)  # drawn in place
    for d in (solid, drawn["event-a-long"], drawn["event-b-solid"]):
        line = _line(chrome, d)
        assert len(line) == d["width"] - 4, d
        assert set(line) == {255}, d
    doubt = _line(chrome, drawn["event-a-doubt"])
    assert all(abs(a - 153) <= 3 for a in doubt[2:-2]), doubt
    coarse = _line(chrome, drawn["event-a-coarse"], 7)
    assert coarse[0] < 200, coarse
    assert coarse[len(coarse) // 2] == 255, coarse
    points = [[d["middle"], d["top"] + 7] for d in (solid, drawn["event-b-solid"])]
    colours = [tuple(c[:3]) for c in chrome.execute_script(_PIXELS, points)]
    assert set(colours) <= _LIGHT
    assert colours[0] != colours[1]
    chrome.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark"}]},
    )
    try:
        browser.next_frame(chrome)
        found = chrome.execute_script(_PIXELS, [[solid["middle"], solid["top"] + 7]])
        assert tuple(found[0][:3]) in _DARK
    finally:
        chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


#: The canvas of the row an event is drawn on: its page rectangle's left and right.
_ROW_EDGES = """
const li = document.getElementById(arguments[0]);
const marks = JSON.parse(document.getElementById('marks').textContent);
const index = Array.from(li.parentNode.children).indexOf(li);
const canvas = document.querySelectorAll('canvas.bars')[1 + marks[index][2]];
const r = canvas.getBoundingClientRect();
return [r.left, r.right];
"""


def test_copies_are_cut_at_the_edges_and_leave_nothing_behind(
    cli: Cli, tmp_path: Path, chrome: Any
) -> None:
    """The copies of a row are laid into one picture of its pixels: a copy half out of view
    is cut at the canvas's edge (nothing of it wraps round to the other edge), and when the
    view moves, nothing of where a copy was stays."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    store = tmp_path / "narrow.yaml"
    store.write_text(_NARROW)
    page = _export(cli, tmp_path, store, "html", "--group-by", "tag")
    drawn = _by_id(_open(chrome, page))
    stage = chrome.find_element(By.CSS_SELECTOR, ".stage")
    left_edge, right_edge = chrome.execute_script(_ROW_EDGES, "event-a-solid")
    half = int(chrome.execute_script("return arguments[0].clientWidth", stage)) // 2 - 10

    def drag(pixels: float) -> dict[str, dict[str, Any]]:
        """Drag the view by `pixels` (in steps that keep the pointer on the stage)."""
        left = round(pixels)
        while left:
            step = max(min(left, half), -half)
            start = -half if step > 0 else half  # from the stage's middle
            actions = ActionChains(chrome).move_to_element_with_offset(stage, start, -20)
            actions.click_and_hold().move_by_offset(step, 0).release().perform()
            left -= step
        return _now(chrome)

    def alphas(xs: list[float], d: dict[str, Any]) -> list[int]:
        points = [[x, d["top"] + dy] for x in xs for dy in (2, 7, 12)]
        found = chrome.execute_script(_PIXELS, points)
        return [c[3] for c in found]

    solid = drawn["event-a-solid"]
    was = solid["middle"]
    # half out at the left: what is in view is drawn, and nothing at the row's right end
    moved = drag(left_edge - solid["left"] - solid["width"] / 2)["event-a-solid"]
    assert moved["left"] < left_edge < moved["left"] + moved["width"] - 6
    assert set(alphas([left_edge + 1, left_edge + 2], moved)) == {255}
    assert set(alphas([right_edge - 1 - dx for dx in range(8)], moved)) == {0}
    assert set(alphas([was], solid)) == {0}  # where it was before the drag
    # half out at the right: nothing at the row's left end
    moved = drag(right_edge - moved["left"] - moved["width"] / 2)["event-a-solid"]
    assert moved["left"] < right_edge - 6 < moved["left"] + moved["width"]
    assert set(alphas([right_edge - 2, right_edge - 3], moved)) == {255}
    assert set(alphas([left_edge + dx for dx in range(8)], moved)) == {0}


#: Installed before a page loads: once the view's script has run, whether the list was in
#: the page yet, and a search typed at once.
_AT_READY = """
new MutationObserver((changes, watcher) => {
  if (!document.documentElement.dataset.ready) return;
  watcher.disconnect();
  window.__atReady = {list: document.getElementById('events') !== null,
                      loading: document.readyState === 'loading'};
  const search = document.getElementById('search');
  const status = document.querySelector('.status');
  search.value = 'e299';
  search.dispatchEvent(new Event('input'));
  window.__atReady.title = status.textContent;
  search.value = 'zanzibar';
  search.dispatchEvent(new Event('input'));
  window.__atReady.status = status.textContent;
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-ready']});
"""


def test_the_drawing_comes_before_the_list(cli: Cli, tmp_path: Path, chrome: Any) -> None:
    """The script draws from the data block before the browser has read the list; a search
    typed meanwhile looks in the titles and dates, then in the whole items once they are
    there (a word only a summary has finds its event)."""
    store = _crowded_store(tmp_path / "crowded.yaml", 300)
    text = store.read_text().replace("title: E7}", "title: E7, summary: In Zanzibar}")
    store.write_text(text)
    page = _export(cli, tmp_path, store, "html")
    watch = chrome.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _AT_READY})
    try:
        chrome.get(page.as_uri())
        chrome.execute_async_script(
            "const done = arguments[0];"
            "const wait = () => document.documentElement.dataset.listed ? done()"
            " : setTimeout(wait, 20);"
            "wait();"
        )
    finally:
        chrome.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": watch["identifier"]}
        )
    at_ready = chrome.execute_script("return window.__atReady")
    assert at_ready == {
        "list": False,
        "loading": True,
        "title": "1 of 300 events",
        "status": "0 of 300 events",
    }
    browser.next_frame(chrome)
    listed = chrome.execute_script(
        "return Array.from(document.querySelectorAll('#events > li:not([hidden])')).map(l => l.id)"
    )
    assert listed == ["event-e0007"]
    assert [d["id"] for d in chrome.execute_script(_DRAWN) if not d["off"]] == ["event-e0007"]
    assert chrome.execute_script("return document.querySelector('.status').textContent") == (
        "1 of 300 events"
    )
