"""What several test modules share: the installed `kg` command and how the system browser is launched."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# Debian's chromium, installed by .ci/run; Playwright drives it (it cannot download a browser here).
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google's hosts from a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def kg_script() -> str:
    """The `kg` console script of the environment running the tests."""
    beside = Path(sys.executable).parent / "kg"
    if beside.exists():
        return str(beside)
    found = shutil.which("kg")
    if found is None:
        pytest.skip("the kg console script is not installed (pip install -e .)")
    return found


def first_line(proc: subprocess.Popen[str], wait: float = 60) -> str:
    """The first line a process prints on stdout ('' if none within `wait` seconds): `kg serve` says its address
    there once it listens. Read in a thread, so a server that never prints cannot hang the test."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(wait)
    return lines[0] if lines else ""


@dataclass
class WatchedPage:
    """A page in the system browser with everything it tried to do recorded."""

    page: Any
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@contextmanager
def watched_page(url: str, *, offline: bool = True, **context_options: Any) -> Iterator[WatchedPage]:
    """Open `url` in headless Chromium, recording requests, dialogs (dismissed), page errors and console errors."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(offline=offline, **context_options)
            watched = WatchedPage(context.new_page())
            page = watched.page
            page.on("request", lambda request: watched.requests.append(request.url))
            page.on("dialog", lambda dialog: (watched.dialogs.append(dialog.message), dialog.dismiss()))
            page.on("pageerror", lambda error: watched.problems.append(f"page error: {error}"))
            page.on("console", lambda msg: watched.problems.append(f"console: {msg.text}") if msg.type == "error"
                    else None)
            page.goto(url)
            yield watched
        finally:
            browser.close()


def wait_until_drawn(page: Any, timeout_ms: int) -> None:
    """Until the network page has drawn its canvas and exposed its vis-network objects."""
    page.wait_for_function(
        "() => window.kgDrawn === true && !!window.kgNetwork && !!document.querySelector('#kg-network canvas')",
        timeout=timeout_ms,
    )


def kg(*args: str | Path, cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """The `kg` command run as a user runs it, its output read as UTF-8."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([kg_script(), *map(str, args)], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=300, **kwargs)


def built(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = kg("build", *args, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return proc


def summary(proc: subprocess.CompletedProcess[str], key: str) -> str:
    """The value of one line of a command's summary (documents: 5)."""
    match = re.search(rf"^{key}:\s+(.*)$", proc.stdout, re.MULTILINE)
    assert match, proc.stdout
    return match.group(1)
