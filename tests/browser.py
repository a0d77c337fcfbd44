"""A real browser for the tests: headless Chromium from the system's packages, driven by Selenium.

Selenium is pointed at /usr/bin/chromium and /usr/bin/chromedriver (or $DECK_CHROMIUM, $DECK_CHROMEDRIVER):
Selenium Manager never runs, nothing is downloaded. Without them the browser tests skip, saying why;
under CI (CI=true, as .ci/run sets it) they fail instead: a browser test never silently goes missing.
"""

from __future__ import annotations

import atexit
import os
import shutil

import pytest

CHROMIUM = os.environ.get("DECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = os.environ.get("DECK_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path, what in ((CHROMIUM, "chromium"), (DRIVER, "chromedriver")):
        if not os.path.isfile(path) or not os.access(path, os.X_OK):
            return f"{what} not found at {path}: apt-get install chromium chromium-driver"
    return None


_OPEN: list = []  # the one browser of the session: started once (about 2 s), quit when the tests end


def chromium(width: int = 1280, height: int = 900):
    """The session's headless Chromium, on a blank page, its console read; skips (fails under CI) without one."""
    if _OPEN:
        driver = _OPEN[0]
        driver.get("about:blank")
        driver.set_window_size(width, height)
        driver.get_log("browser")  # what earlier tests left in the console
        return driver
    why = _missing()
    if why:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser test cannot run under CI: {why}")
        pytest.skip(why)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    _OPEN.append(driver)
    atexit.register(driver.quit)
    return driver


def console_errors(driver) -> list[str]:
    """The console's errors since the last call (failed loads of images and scripts among them)."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


IMAGES_LOADED = "return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"


def broken_images(driver) -> list[str]:
    """The images of the page that did not load (lazy ones are scrolled to first)."""
    driver.execute_script("document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })")
    driver.execute_script("return Promise.all([...document.images].map(i => i.decode().catch(() => null)))")
    return driver.execute_script(IMAGES_LOADED)
