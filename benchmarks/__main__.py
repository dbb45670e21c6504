"""Run every speed benchmark of the issue and print each figure with its ratio.

    .venv/bin/python -m benchmarks            # quick: small sizes, a few minutes
    .venv/bin/python -m benchmarks --full     # the issue's sizes: 10^6 triples, a 200 MB corpus (hours)
    .venv/bin/python -m benchmarks --only extraction_throughput build_scaling --scaling-articles 2000
                                              # the extraction speed issue's ratios at its sizes (half an hour)

Each benchmark runs as its own process (extraction pins itself to one core; build scaling uses several), in
this order: extraction throughput against jieba.lcut (on the generated corpus, and on the real-shaped one: the
seeds and, where ../shared/eval/dev/texts exists beside the repository, the development texts, copied), the
saved queries on the kg store against rdflib, start-up of `kg query`, peak memory of `kg build`, and build
scaling (`kg build` and `kg extract`, --jobs 2 against --jobs 1) when benchmarks/build_scaling.py exists.
Every figure printed with its goal ("(goal ...") is gathered again at the end, under one heading.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The real-shaped corpus: the seed articles and the development texts, where the shared folder is beside the repo.
REAL_FOLDERS = [ROOT / "seeds", ROOT.parent / "shared" / "eval" / "dev" / "texts"]

QUICK = {
    "extraction_throughput": ["--articles", "150", "--repeats", "3", "--copies", "6"],
    "store_queries": ["--triples", "100000", "--runs", "5", "--rdflib-timeout", "20"],
    "startup": ["--runs", "5"],
    "build_memory": ["--megabytes", "0.5", "2"],
}
FULL = {
    "extraction_throughput": ["--articles", "3000", "--repeats", "3", "--copies", "16"],
    "store_queries": ["--triples", "100000", "1000000", "--runs", "5", "--rdflib-timeout", "60"],
    "startup": ["--runs", "5"],
    "build_memory": ["--megabytes", "20", "200"],
}
# The corpus for `kg build --jobs 2` is 2,000 documents.
SCALING_ARTICLES = {"quick": 300, "full": 2000}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    p.add_argument("--full", action="store_true", help="the issue's sizes instead of the quick ones")
    p.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks")
    p.add_argument("--scaling-articles", type=int, metavar="N",
                   help=f"generated articles for build_scaling (default: {SCALING_ARTICLES['quick']}, "
                        f"with --full {SCALING_ARTICLES['full']})")
    args = p.parse_args(argv)
    plan = dict(FULL if args.full else QUICK)
    real = [str(folder) for folder in REAL_FOLDERS if folder.is_dir()]
    plan["extraction_throughput"] = [*plan["extraction_throughput"], "--real", *real]
    scaling = importlib.util.find_spec("benchmarks.build_scaling") is not None
    if scaling and (not args.only or "build_scaling" in args.only):
        articles = args.scaling_articles or SCALING_ARTICLES["full" if args.full else "quick"]
        corpus = Path(tempfile.gettempdir()) / f"kg-bench-corpus-{articles}"
        if not corpus.exists():
            subprocess.run([sys.executable, "-m", "benchmarks.corpus", "--out", str(corpus), "--articles",
                            str(articles)], cwd=ROOT, check=True)
        plan["build_scaling"] = ["--corpus", str(corpus)]
    failed = []
    ratios: list[str] = []
    for name, extra in plan.items():
        if args.only and name not in args.only:
            continue
        print(f"\n=== benchmarks.{name} {' '.join(extra)}", flush=True)
        returncode, lines = _run(name, extra)
        ratios += _with_goals(name, lines)
        if returncode != 0:
            failed.append(name)
    if ratios:  # the figures the speed issue asks for, gathered from the output above
        print("\n=== ratios against their goals, this run", *ratios, sep="\n")
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _with_goals(name: str, lines: list[str]) -> list[str]:
    """The benchmark's lines that give a figure with its goal, each after the heading it is indented under."""
    found, heading = [], ""
    for line in lines:
        if not line.startswith(" "):
            heading = line.strip()
        if "(goal" in line:
            under = f"{heading}: " if line.startswith(" ") and heading else ""
            found.append(f"{name}: {under}{' '.join(line.split())}")
    return found


def _run(name: str, extra: list[str]) -> tuple[int, list[str]]:
    """One benchmark as a child process: its output shown as it comes and returned, for the closing summary."""
    proc = subprocess.Popen([sys.executable, "-m", f"benchmarks.{name}", *extra], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, encoding="utf-8")
    lines = []
    for line in proc.stdout:  # type: ignore[union-attr]
        sys.stdout.write(line)
        sys.stdout.flush()
        lines.append(line)
    return proc.wait(), lines


if __name__ == "__main__":
    sys.exit(main())
