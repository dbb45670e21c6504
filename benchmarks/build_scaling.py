"""How `kg build` scales: worker processes, incremental rebuilds, and memory, measured in one run on one corpus.

    .venv/bin/python -m benchmarks.build_scaling --corpus DIR            # any folder of .txt/.md documents
    .venv/bin/python -m benchmarks.build_scaling --corpus DIR --added 10 --work /tmp/kg-scaling

Each figure is a real `kg build` subprocess with its own output folder, and each comes with its baseline measured
in the same run:

  jobs           `--jobs 1` against `--jobs 2` (both `--no-cache`, so every document is extracted): wall time and
                 the speed-up;
  extract        `kg extract --jobs 1` against `--jobs 2` on the extraction alone: from the moment kg says it is
                 extracting (its lexicons and segmenter loaded, once, before the workers are forked) to its exit,
                 the JSON Lines file included; with the CPU time of each whole command beside, so that work the
                 second process adds shows apart from waiting;
  incremental    a build of the corpus less its last ADDED documents (filling the cache), then, with them added,
                 the rebuild that reuses the cache against a clean `--no-cache` build of the whole corpus; the
                 rebuild's "extracted" line is checked to say ADDED, and its outputs to equal the clean build's;
  memory         the peak resident memory of each build (wait4's rusage of the `kg` process and the workers it
                 waited for), and the per-process figures kg prints.

Both comparisons of job counts are repeated (`--repeats`, alternating) and the best time of each count is compared:
other work on a shared machine only slows a run down, so the best is the nearest to an idle machine; every pair's
own ratio is printed too, with the load average at its start, to show the spread.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kg.text.documents import find_inputs

OUTPUTS = ("graph.ttl", "extraction.jsonl", "graph.html")


@dataclass
class Build:
    seconds: float
    peak_mb: float
    summary: dict[str, str]
    stages: dict[str, float]  # stage -> seconds since kg started, from its stderr lines

    def stage_seconds(self) -> dict[str, float]:
        """How long each stage after the extraction took: from its line to the next one (the last to the exit)."""
        starts = list(self.stages.items())
        ends = [t for _, t in starts[1:]] + [self.seconds]
        merging = next((i for i, (stage, _) in enumerate(starts) if stage == "merging entities"), len(starts))
        return {stage: end - start for (stage, start), end in list(zip(starts, ends, strict=True))[merging:]}

    @property
    def extraction_seconds(self) -> float:
        """From the start of extraction to the start of merging: the part that runs in workers."""
        return self.stages.get("merging entities", 0.0) - next(
            (t for stage, t in self.stages.items() if stage.startswith("extracting")), 0.0)


def kg_command() -> str:
    beside = Path(sys.executable).parent / "kg"
    return str(beside) if beside.exists() else "kg"


def run_build(sources: Path, out: Path, *options: str) -> Build:
    """One `kg build` subprocess: wall time, peak memory (its own and its waited-for children's) and summary."""
    started = time.perf_counter()
    proc = subprocess.Popen([kg_command(), "build", str(sources), "--out", str(out), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    # Both pipes are read to the end, but the process is reaped with wait4 (not Popen.wait) to get its rusage.
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    stdout = proc.stdout.read()  # type: ignore[union-attr]
    reader.join()
    stderr = errors[0]
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"kg build {sources} {' '.join(options)} exited {proc.returncode}")
    summary = {m.group(1): m.group(2) for m in re.finditer(r"^([a-z ]+):\s+(.*)$", stdout, re.MULTILINE)}
    stages = {m.group(1): float(m.group(2)) for m in re.finditer(r"^kg: (.*) \(at ([\d.]+) s\)$", stderr, re.MULTILINE)}
    return Build(seconds, usage.ru_maxrss / 1024, summary, stages)


@dataclass
class Extract:
    seconds: float  # from the "extracting" line (the extractor loaded) to the exit
    cpu_seconds: float  # the whole process tree's, start-up included


def run_extract(sources: Path, output: Path, jobs: int) -> Extract:
    """One `kg extract` subprocess: seconds from its "extracting" line on stderr (printed once the lexicons and
    the segmenter are loaded) to its exit, and the CPU time of kg and its workers."""
    proc = subprocess.Popen([kg_command(), "extract", str(sources), "--output", str(output), "--jobs", str(jobs)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    extracting = None
    for line in proc.stderr:  # type: ignore[union-attr]
        if extracting is None and line.startswith("kg: extracting"):
            extracting = time.perf_counter()
    _, status, usage = os.wait4(proc.pid, 0)
    ended = time.perf_counter()
    if os.waitstatus_to_exitcode(status) not in (0, 3) or extracting is None:
        raise SystemExit(f"kg extract {sources} --jobs {jobs} exited {os.waitstatus_to_exitcode(status)}")
    return Extract(ended - extracting, usage.ru_utime + usage.ru_stime)


def compare_jobs(repeats: int, one: Callable[[], float], many: Callable[[], float]) -> tuple[float, float, str]:
    """The best of `repeats` alternating runs of each (`--jobs 1`, then `--jobs N`, then again): other work on a
    shared machine only ever slows a run down, so the fastest of each is the nearest to an idle machine, and
    alternating gives both the same chances. Returns the two best times and each pair's ratio with the load
    average at its start, to show the spread."""
    ones, manys, pairs = [], [], []
    for _ in range(repeats):
        load = os.getloadavg()[0]
        ones.append(one())
        manys.append(many())
        pairs.append(f"{ones[-1] / manys[-1]:.2f}x (load {load:.2f})")
    return min(ones), min(manys), ", ".join(pairs)


def same_outputs(a: Path, b: Path) -> bool:
    return all((a / name).read_bytes() == (b / name).read_bytes() for name in OUTPUTS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help="a folder of .txt/.md documents")
    parser.add_argument("--added", type=int, default=10, help="documents added before the incremental rebuild")
    parser.add_argument("--jobs", type=int, default=2, help="the worker count compared with one job (default: 2)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="alternating runs of each job count, the best of which is compared (default: 3)")
    parser.add_argument("--work", type=Path, default=Path("out/benchmark/build_scaling"),
                        help="folder for the corpus copy and the output folders (emptied first)")
    args = parser.parse_args(argv)

    paths = find_inputs([args.corpus])
    if len(paths) <= args.added:
        raise SystemExit(f"{args.corpus}: {len(paths)} documents; need more than --added {args.added}")
    if args.work.exists():
        shutil.rmtree(args.work)
    corpus = args.work / "corpus"
    corpus.mkdir(parents=True)
    for path in paths:
        shutil.copy(path, corpus / path.name)
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"corpus: {len(paths)} documents, {size_mb:.1f} MB ({args.corpus}); {os.cpu_count()} CPUs, "
          f"{platform.python_implementation()} {platform.python_version()}; load average "
          f"{os.getloadavg()[0]:.2f} (other work on the machine slows --jobs 2 most)", flush=True)

    builds: dict[int, list[Build]] = {1: [], args.jobs: []}

    def build(jobs: int) -> float:
        builds[jobs].append(run_build(corpus, args.work / f"jobs-{jobs}", "--no-cache", "--jobs", str(jobs)))
        return builds[jobs][-1].seconds

    best_one, best_many, pairs = compare_jobs(args.repeats, partial(build, 1), partial(build, args.jobs))
    assert same_outputs(args.work / "jobs-1", args.work / f"jobs-{args.jobs}"), "outputs differ between job counts"
    one = min(builds[1], key=lambda b: b.seconds)
    many = min(builds[args.jobs], key=lambda b: b.seconds)
    print(f"jobs:        kg build, best of {args.repeats}: --jobs 1 {best_one:.2f} s   --jobs {args.jobs} "
          f"{best_many:.2f} s   speed-up {best_one / best_many:.2f}x (goal >= 1.5x at 2,000 documents); "
          f"each pair: {pairs}", flush=True)
    print(f"             extraction stage alone: {one.extraction_seconds:.2f} s against {many.extraction_seconds:.2f} s"
          f"   speed-up {one.extraction_seconds / max(many.extraction_seconds, 1e-9):.2f}x; the rest (merging, store,"
          f" Turtle, page) {one.seconds - one.extraction_seconds:.2f} s against "
          f"{many.seconds - many.extraction_seconds:.2f} s", flush=True)
    for jobs, build in ((1, one), (args.jobs, many)):
        print(f"             the rest with --jobs {jobs}: "
              + "; ".join(f"{stage} {seconds:.1f} s" for stage, seconds in build.stage_seconds().items()), flush=True)

    extracts: dict[int, list[Extract]] = {1: [], args.jobs: []}

    def extract(jobs: int) -> float:
        extracts[jobs].append(run_extract(corpus, args.work / f"extract-{jobs}.jsonl", jobs))
        return extracts[jobs][-1].seconds

    best_one, best_many, pairs = compare_jobs(args.repeats, partial(extract, 1), partial(extract, args.jobs))
    assert (args.work / "extract-1.jsonl").read_bytes() == (args.work / f"extract-{args.jobs}.jsonl").read_bytes(), \
        "kg extract's output differs between job counts"
    cpu_one = min(e.cpu_seconds for e in extracts[1])
    cpu_many = min(e.cpu_seconds for e in extracts[args.jobs])
    print(f"extract:     kg extract, extraction alone, best of {args.repeats}: --jobs 1 {best_one:.2f} s   --jobs "
          f"{args.jobs} {best_many:.2f} s   speed-up {best_one / best_many:.2f}x (goal >= 1.8x); each pair: {pairs}; "
          f"CPU time of the whole command {cpu_one:.2f} s against {cpu_many:.2f} s", flush=True)

    held = args.work / "held-back"
    held.mkdir()
    added = sorted(corpus.iterdir())[-args.added:]
    for path in added:
        shutil.move(path, held / path.name)
    incremental = args.work / "incremental"
    before = run_build(corpus, incremental, "--jobs", str(args.jobs))
    for path in added:
        shutil.move(held / path.name, corpus / path.name)
    rebuild = run_build(corpus, incremental, "--jobs", str(args.jobs))
    clean = run_build(corpus, args.work / "clean", "--no-cache", "--jobs", str(args.jobs))
    extracted = rebuild.summary.get("extracted", "")
    assert extracted.startswith(f"{args.added} "), f"the rebuild extracted {extracted!r}, not {args.added}"
    assert same_outputs(incremental, args.work / "clean"), "the incremental build differs from the clean build"
    print(f"incremental: first build of {len(paths) - args.added} {before.seconds:.2f} s; "
          f"adding {args.added}: rebuild {rebuild.seconds:.2f} s ({extracted}) against a clean build "
          f"{clean.seconds:.2f} s   ratio {clean.seconds / rebuild.seconds:.2f}x faster", flush=True)

    print(f"memory:      peak of the whole build (kg and its workers): --jobs 1 {one.peak_mb:.0f} MB, "
          f"--jobs {args.jobs} {many.peak_mb:.0f} MB, incremental rebuild {rebuild.peak_mb:.0f} MB; "
          f"kg says for --jobs {args.jobs}: {many.summary.get('memory', '?')}")
    print(f"             for {size_mb:.1f} MB of input and {one.summary.get('triples', '?')} triples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
