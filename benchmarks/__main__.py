"""Run every speed benchmark of the issue and print each figure with its ratio.

    .venv/bin/python -m benchmarks            # quick: small sizes, a few minutes
    .venv/bin/python -m benchmarks --full     # the issue's sizes: 10^6 triples, a 200 MB corpus (hours)

Each benchmark runs as its own process (extraction pins itself to one core; build scaling uses several), in
this order: extraction throughput against jieba.lcut (on the generated corpus, and on the real-shaped one: the
seeds and, where ../shared/eval/dev/texts exists beside the repository, the development texts, copied), the
saved queries on the kg store against rdflib, start-up of `kg query`, peak memory of `kg build`, and build
scaling (`kg build` and `kg extract`, --jobs 2 against --jobs 1) when benchmarks/build_scaling.py exists.
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
    args = p.parse_args(argv)
    plan = dict(FULL if args.full else QUICK)
    real = [str(folder) for folder in REAL_FOLDERS if folder.is_dir()]
    plan["extraction_throughput"] = [*plan["extraction_throughput"], "--real", *real]
    if importlib.util.find_spec("benchmarks.build_scaling") is not None:
        articles = SCALING_ARTICLES["full" if args.full else "quick"]
        corpus = Path(tempfile.gettempdir()) / f"kg-bench-corpus-{articles}"
        if not corpus.exists():
            subprocess.run([sys.executable, "-m", "benchmarks.corpus", "--out", str(corpus), "--articles",
                            str(articles)], cwd=ROOT, check=True)
        plan["build_scaling"] = ["--corpus", str(corpus)]
    failed = []
    for name, extra in plan.items():
        if args.only and name not in args.only:
            continue
        print(f"\n=== benchmarks.{name} {' '.join(extra)}", flush=True)
        done = subprocess.run([sys.executable, "-m", f"benchmarks.{name}", *extra], cwd=ROOT)
        if done.returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
