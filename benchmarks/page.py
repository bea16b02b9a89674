"""The HTML view at scale, in headless Chromium (Debian's chromium and chromium-driver,
driven by selenium from the test extra): time to the first complete paint, the worst frame
while zooming across the whole range and back, and the page's size against the JSON export.

    python benchmarks/page.py STORE            # a store of any size (run.py makes 10,000)

Run by `benchmarks/run.py` when the browser is there. Prints one line per measure.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chromium  # noqa: E402  (the same flags as the page tests)

#: Installed before any page loads (DevTools' `Page.addScriptToEvaluateOnNewDocument`), so
#: that nothing of the driver's own round trips is counted: once the page's script has run
#: (it sets `data-ready`), the time at the second frame since, when the first has been
#: painted; and the time the whole list is in place (`data-listed`).
_WATCH = """
new MutationObserver((changes, watcher) => {
  const state = document.documentElement.dataset;
  if (state.ready && window.__ready === undefined) {
    window.__ready = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__painted = performance.now();
    }));
  }
  if (state.listed) {
    window.__listed = performance.now();
    watcher.disconnect();
  }
}).observe(document, {
  attributes: true, subtree: true, attributeFilter: ['data-ready', 'data-listed'],
});
"""

#: The times `_WATCH` took, once both are there.
_TIMES = """
const done = arguments[arguments.length - 1];
const wait = () => window.__painted !== undefined && window.__listed !== undefined
  ? done([window.__painted, window.__listed, window.__viaDriver])
  : setTimeout(wait, 20);
wait();
"""

#: What the first paint measured before: from the driver, once it has the page loaded, two
#: frames after it sees `data-ready`. Its own round trip and the list's first steps are in
#: it; reported beside the first paint, so that the two can be compared.
_VIA_DRIVER = """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => requestAnimationFrame(() => {
  window.__viaDriver = performance.now();
  done();
}));
"""

#: Once the list is in place, from "fit all" zoom in by steps of 1.5 to the finest scale,
#: then back out. A step's time runs from the start of the frame that draws it (the
#: timestamp requestAnimationFrame gives) to the first task after that frame's style,
#: layout and paint (a message posted from the frame): the main thread's whole frame.
#: `scroll`: with the page scrolled so that the list's top is in the middle of the screen,
#: under the drawing's last rows (the list is then laid out and painted too). After the
#: last step the page rests for 600 ms (what it does once a zoom rests, such as writing a
#: crowded row's note, runs then); every task of 50 ms or more meanwhile, from the
#: browser's long-task timing, is returned too.
_ZOOM = """
const [limit, scroll, done] = arguments;
const button = (act) => document.querySelector(`button[data-act=${act}]`);
const times = [];
const long = [];
const watch = new PerformanceObserver((found) => {
  for (const entry of found.getEntries()) long.push(entry.duration);
});
let step = 0;
const next = () => {
  if (step >= 2 * limit) {
    return setTimeout(() => { watch.disconnect(); done([times, long]); }, 600);
  }
  button(step < limit ? 'in' : 'out').click();
  requestAnimationFrame((frameStart) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      times.push(performance.now() - frameStart);
      step++;
      setTimeout(next, 0);
    };
    channel.port2.postMessage(0);
  });
};
const start = () => {
  if (document.documentElement.dataset.listed !== 'true') return setTimeout(start, 20);
  button('fit').click();
  if (scroll) {
    const top = document.getElementById('events').getBoundingClientRect().top + scrollY;
    window.scrollTo(0, top - innerHeight / 2);
  } else {
    window.scrollTo(0, 0);
  }
  setTimeout(() => {
    watch.observe({ type: 'longtask' });
    requestAnimationFrame(() => requestAnimationFrame(next));
  }, 600);
};
start();
"""

#: Zoom steps of 1.5 from the fitted view to the finest scale (0.01 s a pixel).
_STEPS = """
let lo = Infinity, hi = -Infinity;
for (const [start, end] of JSON.parse(document.getElementById('marks').textContent)) {
  if (start !== null) lo = Math.min(lo, start);
  if (end !== null) hi = Math.max(hi, end);
}
const perPixel = (hi - lo) / document.querySelector('.stage').clientWidth;
return Math.ceil(Math.log(perPixel / 0.01) / Math.log(1.5));
"""


def measure(store: Path, repeat: int = 5) -> dict[str, float]:
    """First paint (median of `repeat` cold loads, ms, from the start of navigation), the
    same as the driver sees it after its round trip, and the time the whole list is in
    place; worst and median zoom frame (ms), with
    the page at its top and with the list on screen, and the longest task of 50 ms or more
    while zooming and resting after (0 when none); the HTML size ÷ the JSON export's size."""
    with tempfile.TemporaryDirectory() as folder:
        page, data = Path(folder) / "page.html", Path(folder) / "page.json"
        for fmt, out in (("html", page), ("json", data)):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "chronology",
                    "export",
                    fmt,
                    "-f",
                    str(store),
                    "-o",
                    str(out),
                ],
                check=True,
                capture_output=True,
            )
        size = page.stat().st_size / data.stat().st_size
        with chromium() as driver:
            driver.set_script_timeout(600)
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _WATCH})
            paints, listed, via_driver = [], [], []
            for _ in range(repeat + 1):  # the first load warms the browser's caches up
                driver.get("about:blank")
                driver.get(page.as_uri())  # returns once the page has loaded
                driver.execute_async_script(_VIA_DRIVER)
                painted, whole, seen = driver.execute_async_script(_TIMES)
                paints.append(painted)
                listed.append(whole)
                via_driver.append(seen)
            # from the fitted view down to the finest scale: about log1.5(range / 0.01 s)
            steps = int(driver.execute_script(_STEPS))
            frames, long = driver.execute_async_script(_ZOOM, min(steps, 80), False)
            under, under_long = driver.execute_async_script(_ZOOM, min(steps, 80), True)
    return {
        "first_paint_ms": statistics.median(paints[1:]),
        "first_paint_seen_by_driver_ms": statistics.median(via_driver[1:]),
        "list_in_place_ms": statistics.median(listed[1:]),
        "zoom_worst_ms": max(frames + under),
        "zoom_median_ms": statistics.median(frames),
        "zoom_worst_list_on_screen_ms": max(under),
        "zoom_median_list_on_screen_ms": statistics.median(under),
        "zoom_longest_task_ms": max(long + under_long, default=0.0),
        "size_ratio": size,
    }


def main() -> int:
    store = Path(sys.argv[1])
    for name, value in measure(store).items():
        print(f"{name}: {value:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
