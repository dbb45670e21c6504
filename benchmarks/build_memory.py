"""Peak memory of `kg build` on a generated corpus, and its ratio to the corpus size.

    .venv/bin/python -m benchmarks.build_memory                      # 1 MB and 4 MB corpora (a few minutes)
    .venv/bin/python -m benchmarks.build_memory --megabytes 200      # the issue's size (hours at today's speed)

For each size it writes a corpus with benchmarks.corpus (cached in --work), runs `kg build CORPUS --out OUT` as a
child process and reads the child's peak resident set size from the kernel (wait4). With two or more sizes it
also fits peak = fixed + per-MB * size and extrapolates to --extrapolate MB; that line is an estimate, labelled.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import write_corpus

KG = Path(sys.executable).parent / "kg"


def _corpus(work: Path, megabytes: float, seed: int) -> tuple[Path, int]:
    folder = work / f"corpus-{megabytes:g}mb-seed{seed}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_corpus(folder, None, megabytes, seed)
        done.write_text("")
    size = sum(p.stat().st_size for p in folder.glob("*.txt"))
    return folder, size


def build_peak(corpus: Path, out: Path, log: Path, jobs: int = 1) -> tuple[float, int]:
    """(wall seconds, peak RSS in bytes) of `kg build corpus --out out --jobs N` run as a child process: the
    largest of the build's own peak and its workers' (the kernel's figure for a waited-for process tree)."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    with log.open("w") as err:
        child = subprocess.Popen([str(KG), "build", str(corpus), "--out", str(out), "--jobs", str(jobs)],
                                 stdout=err, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"kg build failed (exit {child.returncode}); see {log}")
    return time.perf_counter() - started, usage.ru_maxrss * 1024  # Linux reports kilobytes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--megabytes", type=float, nargs="+", default=[1.0, 4.0], help="corpus sizes (default: 1 4)")
    p.add_argument("--extrapolate", type=float, default=200.0, help="size to extrapolate to, MB (default: 200)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=1, help="kg build --jobs (default: 1)")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-build-memory")
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    points = []
    lines = ["Peak memory of kg build (child process, peak RSS)"]
    for mb in args.megabytes:
        corpus, size = _corpus(args.work, mb, args.seed)
        files = len(list(corpus.glob("*.txt")))
        print(f"  kg build on {size / 1e6:.1f} MB ({files} articles)...", file=sys.stderr, flush=True)
        log = args.work / f"build-{mb:g}mb.log"
        seconds, peak = build_peak(corpus, args.work / f"out-{mb:g}mb", log, args.jobs)
        # kg's own summary: its peak and its largest worker's, each a process of its own.
        own = next((line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("memory:")), "")
        points.append((size / 1e6, peak / 1e6))
        lines.append(f"  corpus {size / 1e6:8.1f} MB, {files:6d} articles: peak RSS {peak / 1e6:8.0f} MB, "
                     f"ratio peak/corpus {peak / size:6.1f}, build {seconds:7.1f} s "
                     f"({size / 1e6 / seconds * 60:.2f} MB/min, --jobs {args.jobs}; kg's {own.strip()})")
    if len(points) >= 2:
        (x0, y0), (x1, y1) = points[0], points[-1]
        slope = (y1 - y0) / (x1 - x0) if x1 != x0 else 0.0
        estimate = y0 + slope * (args.extrapolate - x0)
        lines.append(f"  EXTRAPOLATED (linear fit through {x0:.1f} and {x1:.1f} MB, not measured): "
                     f"{args.extrapolate:g} MB corpus -> peak RSS ~{estimate:,.0f} MB "
                     f"({slope:.1f} MB per corpus MB + {y0 - slope * x0:.0f} MB fixed)")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
