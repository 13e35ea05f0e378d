"""The headless Chromium the viewer's browser tests share, and how they open a page."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
READY_SECONDS = 60


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """One headless Chromium for the session, logging every network request it makes."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        reason = (
            f"{', '.join(missing)} missing: `make browser` installs chromium and chromium-driver"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1400,900",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        browser.execute_cdp_cmd("Network.enable", {})
        # Belt and braces: even if the page asked, nothing could leave the machine.
        browser.execute_cdp_cmd(
            "Network.setBlockedURLs",
            {"urls": ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]},
        )
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver: WebDriver, page: Path) -> list[str]:
    """Load `page`, wait until it is laid out, frozen and drawn; return the URLs requested."""
    driver.get_log("performance")  # drop what earlier pages logged
    driver.get(page.as_uri())
    WebDriverWait(driver, READY_SECONDS).until(
        lambda d: d.execute_script("return document.body.dataset.ready === 'true'")
    )
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
