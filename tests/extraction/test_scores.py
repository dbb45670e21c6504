"""Extraction quality, scored by the shared scorer (../shared/eval) on the seed articles (gold in
../shared/eval/gold), the development articles of issue 13 (../shared/eval/dev: 30 real articles from other
provinces, rewritten), both together (the development set, 35 documents, scored as one) and the project's own
held-out articles (tests/data and the 102 of tests/data/composed), written and annotated apart from the
extractor to show whether it generalises.

The floors pin the scores reached so far (they started at the issue-2 acceptance bars of 0.75 / 0.50 / 0.50);
they may be raised as the extractor improves and are never lowered to make this file pass. Twice they were set
lower on purpose, with the reason beside them, where the sets' own conventions disagree and the development set
(the mirror of the hidden real articles) decided.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import kg_script

SHARED = Path(__file__).resolve().parents[3] / "shared"
EVAL = SHARED / "eval"
SCORER = EVAL / "score.py"
GOLD = EVAL / "gold"
SHARED_SEEDS = SHARED / "seeds"
DEV = EVAL / "dev"
HELD_OUT = Path(__file__).resolve().parents[1] / "data"
FLOORS = {
    # Measured at the close of issue 13's fourth session, rounded down to 0.01 (third session's close: seeds 0.936 /
    # 0.808 / 0.850, held-out 0.960 / 0.793 / 0.698, dev 0.881 / 0.731 / 0.895, seeds+dev 0.904 / 0.764 / 0.873,
    # composed c01-c36 0.914 / 0.668 / 0.859). The composed set has 48 articles since the fourth session: the twelve
    # new ones (c37-c48, written with the mess of real articles) score lower, so its floor is lower than the 36's
    # was; the 36 of before score above their old floor (0.91 / 0.66 / 0.85). Since the fifth session it has 60: the
    # twelve new ones (c49-c60) scored 0.834 / 0.493 / 0.403 at first and 0.845 / 0.536 / 0.608 at the close (the 48 of
    # before: 0.886 / 0.655 / 0.770 at first, 0.889 / 0.670 / 0.800 at the close), so the floor of the 60 is below the
    # 48's. Six more (c61-c66), written after most of the session's changes and never read, scored 0.822 / 0.506 /
    # 0.540 with the code of the session's start and 0.826 / 0.529 / 0.548 at its close; the 66 (0.871 / 0.623 /
    # 0.702) are pinned below the 60 (0.877 / 0.637 / 0.726). Since the sixth session it has 78: the twelve new ones
    # (c67-c78) scored 0.804 / 0.484 / 0.606 with the code of the session's start; twelve more (c79-c90) were written
    # late in that session, c85-c90 never read (0.870 / 0.565 / 0.654 with the session's first code, 0.880 / 0.590 /
    # 0.654 with its last); the 90 (0.866 / 0.617 / 0.690) are pinned below the 66. Since the seventh session it has
    # 102: c91-c96 (never read) scored 0.840 / 0.470 / 0.438 with the code of the session's start, c97-c102 (read)
    # 0.830 / 0.586 / 0.641; the 102 are pinned below the 90 (the 90 of before: 0.866 / 0.621 / 0.690 at the
    # session's start). Since the eighth session it has 114: c103-c108 (never read) 0.836 / 0.543 / 0.656 with the
    # session's first code, c109-c114 (read) 0.862 / 0.563 / 0.664; the 114 (0.866 / 0.618 / 0.686) keep the floor.
    # Set lower on purpose: (1) an industry's figure is its place's figure, as the dev gold has it (4 of 262 dev
    # facts have an industry subject, 12 of 252 seed facts, 34 of 141 of tests/data): dev facts rose 0.844 -> 0.895,
    # seed facts fell 0.874 -> 0.843 and held-out 0.878 -> 0.698; (2) relation rules that fired in one document of
    # the development set went (issue 13), and with them recall the seeds had (relations 0.812 -> 0.798).
    # Raised at the close of issue 13's thirteenth session to what it measured, rounded down to 0.01: held-out
    # 0.962 / 0.823 / 0.719, dev 0.888 / 0.754 / 0.895, seeds+dev 0.910 / 0.775 / 0.886, composed (all 114)
    # 0.872 / 0.658 / 0.704; the seeds (0.938 / 0.803 / 0.877) keep theirs.
    "seeds": {"entity_f1": 0.93, "relation_f1": 0.80, "fact_f1": 0.86},
    "held-out": {"entity_f1": 0.96, "relation_f1": 0.82, "fact_f1": 0.71},
    "dev": {"entity_f1": 0.88, "relation_f1": 0.75, "fact_f1": 0.89},
    "seeds+dev": {"entity_f1": 0.90, "relation_f1": 0.77, "fact_f1": 0.88},
    "composed": {"entity_f1": 0.87, "relation_f1": 0.65, "fact_f1": 0.70},
}
SETS = {"seeds": (SHARED_SEEDS, GOLD), "held-out": (HELD_OUT / "articles", HELD_OUT / "gold"),
        "composed": (HELD_OUT / "composed" / "articles", HELD_OUT / "composed" / "gold"),
        "dev": (DEV / "texts", DEV / "gold")}
# Sets scored as one from their parts' predictions (each document extracted once).
COMBINED = {"seeds+dev": ("seeds", "dev")}
OPTIONAL = {"dev"}  # skipped, with the sets combined from it, when ../shared/eval/dev is not there
METRICS = ("entity_f1", "relation_f1", "fact_f1")
LAST_LINE = re.compile(r"entity_f1=(\S+) relation_f1=(\S+) fact_f1=(\S+)")

pytestmark = pytest.mark.skipif(
    not (SCORER.is_file() and GOLD.is_dir() and SHARED_SEEDS.is_dir()),
    reason=f"no shared evaluation set: needs {SCORER}, {GOLD}/ and {SHARED_SEEDS}/ beside the repository",
)



def _available(name: str) -> bool:
    if name in COMBINED:
        return all(_available(part) for part in COMBINED[name])
    articles, gold = SETS[name]
    return articles.is_dir() and gold.is_dir()


def _extract(articles: Path, work: Path) -> Path:
    pred = work / "predictions.jsonl"
    extract = subprocess.run(
        [kg_script(), "extract", str(articles), "--output", str(pred)],
        capture_output=True, text=True, timeout=300,
    )
    assert extract.returncode == 0, extract.stderr
    return pred


def _combined(parts: list[tuple[Path, Path]], work: Path) -> tuple[Path, Path]:
    """One prediction file and one gold folder for several sets (the scorer reads one of each)."""
    pred, gold = work / "predictions.jsonl", work / "gold"
    gold.mkdir()
    pred.write_text("".join(part_pred.read_text(encoding="utf-8") for part_pred, _ in parts), encoding="utf-8")
    for _, part_gold in parts:
        for path in part_gold.glob("*.json"):
            shutil.copy(path, gold / path.name)
    return pred, gold


def _score(pred: Path, gold: Path) -> dict[str, float]:
    scored = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred)],
        capture_output=True, text=True, timeout=300,
    )
    assert scored.returncode == 0, scored.stderr
    print(scored.stdout)  # the per-type and per-relation table, shown when a floor is missed
    assert "no prediction for" not in scored.stderr, scored.stderr
    lines = scored.stdout.strip().splitlines()
    match = LAST_LINE.fullmatch(lines[-1].strip())
    assert match, f"unexpected last line of the scorer: {lines[-1]!r}"
    return dict(zip(METRICS, map(float, match.groups()), strict=True))


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    """The scores of every set whose files are there."""
    preds: dict[str, tuple[Path, Path]] = {}
    for name, (articles, gold) in SETS.items():
        if _available(name):
            preds[name] = (_extract(articles, tmp_path_factory.mktemp(name)), gold)
    for name, parts in COMBINED.items():
        if _available(name):
            preds[name] = _combined([preds[part] for part in parts], tmp_path_factory.mktemp(name))
    return {name: _score(pred, gold) for name, (pred, gold) in preds.items()}


@pytest.mark.slow
def test_the_scorer_reads_every_document(scores: dict[str, dict[str, float]]) -> None:
    for name in scores:
        assert set(scores[name]) == set(METRICS)
        assert all(0.0 <= v <= 1.0 for v in scores[name].values())
    assert set(scores) >= set(SETS) - OPTIONAL


@pytest.mark.parametrize("name", [*SETS, *COMBINED])
@pytest.mark.parametrize("metric", METRICS)
def test_score_reaches_its_floor(scores: dict[str, dict[str, float]], name: str, metric: str) -> None:
    if name not in scores:
        pytest.skip(f"no {name} set: needs {DEV}/texts and {DEV}/gold beside the repository")
    floor = FLOORS[name][metric]
    assert scores[name][metric] >= floor, f"{name}: {metric}={scores[name][metric]:.3f} is below the floor of {floor}"


@pytest.mark.slow
def test_the_rule_census_agrees_with_the_scorer(scores: dict[str, dict[str, float]]) -> None:
    """benchmarks.rule_census matches items with the scorer's own rules (and checks its totals against it): its
    relation F1 at the default line and its entity F1 are what `kg extract` + score.py give on the seeds."""
    root = Path(__file__).resolve().parents[2]
    census = subprocess.run(
        [sys.executable, "-m", "benchmarks.rule_census", str(SHARED_SEEDS), "--gold", str(GOLD), "--scorer",
         str(SCORER)], capture_output=True, text=True, timeout=300, cwd=root,
    )
    assert census.returncode == 0, census.stderr
    out = census.stdout
    assert "## relation rules:" in out and "| locatedIn:" in out and "## entity rules:" in out
    default = re.search(r"^all gold folders: .*; at the default \S+ \(kg\.model\.DEFAULT_MIN_CONFIDENCE\) "
                        r"P=\S+ R=\S+ F1=(\S+)$", out, re.MULTILINE)
    assert default, out
    assert float(default.group(1)) == scores["seeds"]["relation_f1"]
    unfiltered = re.search(r"^\| 0\.00 \| \S+ \| \S+ \| (\S+) \|", out, re.MULTILINE)
    assert unfiltered and float(unfiltered.group(1)) == scores["seeds"]["entity_f1"]
    assert re.search(r"^all gold folders: (smallest threshold with relation precision >= 0\.80: |no threshold "
                     r"reaches)", out, re.MULTILINE)
