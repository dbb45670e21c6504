"""Headless Chromium for the benchmarks and screenshots: the system browser, offline, as the tests launch it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched browser (Playwright), closed afterwards; exits with status 2 and a reason when it cannot start."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("benchmarks: playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        print(f"benchmarks: {CHROMIUM} is not installed (apt-get install chromium)", file=sys.stderr)
        sys.exit(2)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Any, url: str, width: int = 1400, height: int = 860, timeout: float = 120_000) -> Any:
    """A new offline page at `url`, returned once the network page has drawn its first frame."""
    context = browser.new_context(offline=True, viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.kgDrawn === true", timeout=timeout)
    return page
