"""Start-up: `kg query` on the seed graph, from the command line to the answer, against `python -c pass`.

    .venv/bin/python -m benchmarks.startup [--runs 5] [--work DIR]

Builds the seed graph once (`kg build seeds/ --out DIR`, cached in --work), then runs
`kg query --out DIR ontology/queries/chain-leaders.rq` as a new process --runs times and reports the median wall
time next to the median of a bare interpreter start (`python -c pass`) measured in the same run. Goal: < 1.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).parent / "kg"
GOAL = 1.5


def _seed_store(work: Path, seeds: Path) -> Path:
    out = work / "seed"
    if not (out / "store" / "CURRENT").exists():
        subprocess.run([str(KG), "build", str(seeds), "--out", str(out)], check=True, capture_output=True)
    return out


def _median_wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(runs: int, work: Path, seeds: Path) -> list[tuple[str, float]]:
    out = _seed_store(work, seeds)
    baseline = _median_wall([sys.executable, "-c", "pass"], runs)
    imports = _median_wall([sys.executable, "-c", "import kg.cli"], runs)
    query = _median_wall([str(KG), "query", "--out", str(out), str(ROOT / "ontology" / "queries" / "chain-leaders.rq")],
                         runs)
    return [("python -c pass (s)", baseline), ("python -c 'import kg.cli' (s)", imports),
            ("kg query chain-leaders.rq on the seed store (s)", query),
            ("ratio kg query / python -c pass", query / baseline),
            (f"goal kg query < {GOAL} s", 1.0 if query < GOAL else 0.0)]


def report(rows: list[tuple[str, float]]) -> str:
    lines = ["Start-up (median wall time of new processes)"]
    for label, value in rows:
        shown = ("met" if value else "MISSED") if label.startswith("goal") else f"{value:.3f}"
        lines.append(f"  {label:<52} {shown:>10}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="the documents of the seed graph")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-startup")
    args = p.parse_args(argv)
    print(report(measure(args.runs, args.work, args.seeds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
