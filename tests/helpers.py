"""What several test modules share: the installed `kg` command and how the system browser is launched."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

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
