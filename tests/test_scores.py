"""Extraction quality against the shared gold annotations, scored by the shared scorer (../shared/eval).

The floors are the project's acceptance bars; they are not to be lowered to make this file pass.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
EVAL = SHARED / "eval"
SCORER = EVAL / "score.py"
GOLD = EVAL / "gold"
SHARED_SEEDS = SHARED / "seeds"
FLOORS = {"entity_f1": 0.75, "relation_f1": 0.50, "fact_f1": 0.50}
LAST_LINE = re.compile(r"entity_f1=(\S+) relation_f1=(\S+) fact_f1=(\S+)")

pytestmark = pytest.mark.skipif(
    not (SCORER.is_file() and GOLD.is_dir() and SHARED_SEEDS.is_dir()),
    reason=f"no shared evaluation set: needs {SCORER}, {GOLD}/ and {SHARED_SEEDS}/ beside the repository",
)


def kg_script() -> str:
    beside = Path(sys.executable).parent / "kg"
    return str(beside) if beside.exists() else "kg"


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    pred = tmp_path_factory.mktemp("scores") / "predictions.jsonl"
    extract = subprocess.run(
        [kg_script(), "extract", str(SHARED_SEEDS), "--output", str(pred)],
        capture_output=True, text=True, timeout=300,
    )
    assert extract.returncode == 0, extract.stderr
    scored = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(GOLD), "--pred", str(pred)],
        capture_output=True, text=True, timeout=300,
    )
    assert scored.returncode == 0, scored.stderr
    print(scored.stdout)  # the per-type and per-relation table, shown when a floor is missed
    assert "no prediction for" not in scored.stderr, scored.stderr
    lines = scored.stdout.strip().splitlines()
    match = LAST_LINE.fullmatch(lines[-1].strip())
    assert match, f"unexpected last line of the scorer: {lines[-1]!r}"
    return dict(zip(FLOORS, map(float, match.groups()), strict=True))


def test_the_scorer_reads_every_document(scores: dict[str, float]) -> None:
    assert set(scores) == set(FLOORS)
    assert all(0.0 <= v <= 1.0 for v in scores.values())


@pytest.mark.parametrize("metric", list(FLOORS))
def test_score_reaches_its_floor(scores: dict[str, float], metric: str) -> None:
    assert scores[metric] >= FLOORS[metric], f"{metric}={scores[metric]:.3f} is below the bar of {FLOORS[metric]}"
