"""Fixtures the server tests share: no proxy for loopback, and a seed graph built once per module."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import kg_script

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="session", autouse=True)
def no_proxy() -> Iterator[None]:
    """Loopback requests must never go through a proxy named in the environment."""
    saved = {k: os.environ.get(k) for k in ("NO_PROXY", "no_proxy")}
    for key in saved:
        os.environ[key] = "127.0.0.1,localhost"
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed graph built by `kg build` (modules that need another build define their own `out`)."""
    folder = tmp_path_factory.mktemp("seed-build") / "out"
    proc = subprocess.run([kg_script(), "build", str(SEEDS), "--out", str(folder)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return folder
