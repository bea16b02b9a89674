"""Headless Chromium for the page tests: Debian's chromium and chromium-driver, driven by
selenium. Without them the tests skip, unless CHRONOLOGY_REQUIRE_BROWSER=1 (.ci/run sets it,
after installing both), where they fail."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = os.environ.get("CHRONOLOGY_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHRONOLOGY_CHROMEDRIVER", "/usr/bin/chromedriver")
#: The flags a closed network needs: no background connections, no first-run work.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--window-size=1280,900",
)


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    for path in (CHROMIUM, CHROMEDRIVER):
        if shutil.which(path) is None:
            return f"{path} is missing: apt-get install chromium chromium-driver"
    return None


def require() -> None:
    """Skip (or fail, when CI requires the browser) without Chromium and its driver."""
    why = missing()
    if why is not None:
        # Imported here: benchmarks/page.py drives the browser with this module and runs
        # where pytest is not installed.
        import pytest

        if os.environ.get("CHRONOLOGY_REQUIRE_BROWSER") == "1":
            pytest.fail(why)
        pytest.skip(why)


@contextmanager
def chromium(*, javascript: bool = True) -> Iterator[Any]:
    """A headless Chromium logging its console and network activity."""
    require()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Any) -> list[str]:
    """What the page logged at error level since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def requests(driver: Any) -> list[str]:
    """The URLs the page requested since the last call."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def next_frame(driver: Any) -> None:
    """Wait until the page has drawn its next two frames."""
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));"
    )
