"""Fixtures the tests share: no proxy for loopback, the seed graph built once per module by `kg build`, and once
per session in-process by kg.build()."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import kg_script

import kg

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


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> kg.BuildReport:
    """The seed graph built once per session in this process by kg.build(), what `kg build seeds` writes; its
    report's `out` is the folder. Tests that only read the outputs can share it instead of spawning a build."""
    return kg.build([SEEDS], tmp_path_factory.mktemp("seed-api-build") / "out")
