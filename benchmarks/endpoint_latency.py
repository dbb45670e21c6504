"""Latency of every saved query through `kg serve`'s SPARQL endpoint, on the seed graph and on a synthetic graph.

    .venv/bin/python -m benchmarks.endpoint_latency                         # seeds and 10^6 triples, 7 runs each
    .venv/bin/python -m benchmarks.endpoint_latency --triples 100000 --runs 5 --work /tmp/kg-bench

For each graph it builds the store (`kg build seeds/`; benchmarks.synthetic_kg for the synthetic one, cached in
--work), starts `kg serve` as a real process on a free loopback port with one query worker, and asks each saved query
once to warm up, then --runs times over HTTP (POST, SPARQL JSON results), timing each request from sending it to
having read the whole answer. It prints, per query, the rows, the median, fastest and slowest time, the first
(cold) run, and the median of the same query run in-process (kg.store.store.run_query + JSON, what `kg query` does), so
the difference is the cost of HTTP and the worker process. A query that passes --timeout is reported as such.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.synthetic_kg import generate
from kg.store.store import format_result, load_query_text, open_store, run_query, write_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "ontology" / "queries"
KG = Path(sys.executable).parent / "kg"


@dataclass
class Timing:
    query: str
    rows: int | None
    runs: list[float]
    first: float
    in_process: float | None
    error: str = ""


def _build_seed(work: Path) -> Path:
    out = work / "seed"
    if not (out / "store" / "CURRENT").exists():
        subprocess.run([str(KG), "build", str(SEEDS), "--out", str(out)], check=True, capture_output=True)
    return out


def _build_synthetic(work: Path, triples: int) -> Path:
    out = work / f"synthetic-{triples}"
    if not (out / "store" / "CURRENT").exists():
        nt = work / f"synthetic-{triples}.nt"
        started = time.perf_counter()
        stats = generate(nt, triples)
        print(f"generated {stats.triples} triples ({stats.documents} documents, {stats.relations} relation "
              f"assertions, {stats.facts} facts) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        started = time.perf_counter()
        write_store(nt, out / "store")
        print(f"loaded the store in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        nt.unlink()
    return out


class _Server:
    """`kg serve` on a free loopback port, for the lifetime of a with-block."""

    def __init__(self, out: Path, timeout: float) -> None:
        self.out, self.timeout = out, timeout

    def __enter__(self) -> str:
        self.log = tempfile.TemporaryFile("w+")
        self.proc = subprocess.Popen(
            [str(KG), "serve", "--out", str(self.out), "--port", "0", "--workers", "1",
             "--timeout", str(self.timeout), "--max-rows", "100000000"],
            stdout=subprocess.PIPE, stderr=self.log, text=True,
        )
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(120)
        if not line or not line[0].startswith("kg serve: http://"):
            self.proc.kill()
            self.log.seek(0)
            raise RuntimeError(f"kg serve did not start: {line!r} {self.log.read()}")
        return line[0].split()[2] + "sparql"

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(30)
        self.log.close()


def _ask(endpoint: str, query: str) -> tuple[float, int | None, str]:
    """(seconds, rows, error) of one request."""
    request = urllib.request.Request(
        endpoint, data=urlencode({"query": query}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=3600) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        return time.perf_counter() - started, None, f"{exc.code}: {exc.read().decode('utf-8', 'replace').strip()}"
    seconds = time.perf_counter() - started
    document = json.loads(body)
    rows = len(document["results"]["bindings"]) if "results" in document else None
    return seconds, rows, ""


def measure(out: Path, queries: dict[str, str], runs: int, timeout: float) -> list[Timing]:
    timings = []
    store = open_store(out / "store")
    with _Server(out, timeout) as endpoint:
        for name, text in queries.items():
            first, rows, error = _ask(endpoint, text)
            if error:
                timings.append(Timing(name, None, [], first, None, error.splitlines()[0][:90]))
                continue
            runs_s = [_ask(endpoint, text)[0] for _ in range(runs)]
            local = []
            for _ in range(runs):
                started = time.perf_counter()
                format_result(run_query(store, text), "json")
                local.append(time.perf_counter() - started)
            timings.append(Timing(name, rows, runs_s, first, statistics.median(local)))
    return timings


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def table(title: str, timings: list[Timing], runs: int) -> str:
    lines = [
        f"### {title}",
        "",
        f"| query | rows | median ms (n={runs}) | min ms | max ms | first run ms | in-process median ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for t in timings:
        if t.error:
            lines.append(f"| {t.query} | – | {t.error} (after {_ms(t.first)} ms) | | | | |")
            continue
        lines.append(
            f"| {t.query} | {t.rows} | {_ms(statistics.median(t.runs))} | {_ms(min(t.runs))} | {_ms(max(t.runs))} "
            f"| {_ms(t.first)} | {_ms(t.in_process or 0.0)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph (default: 10^6)")
    p.add_argument("--runs", type=int, default=7, help="timed runs per query after one warm-up (default: 7)")
    p.add_argument("--timeout", type=float, default=120.0, help="kg serve --timeout in seconds (default: 120)")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-endpoint-latency",
                   help="folder for the stores, reused between runs")
    p.add_argument("--no-seed", action="store_true", help="skip the seed graph")
    p.add_argument("--extra", type=Path, action="append", default=[],
                   help="a further .rq file to time beside the saved queries (repeatable)")
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    queries = {path.name: load_query_text(str(path)) for path in sorted(QUERIES.glob("*.rq"))}
    queries.update({f"{path.name} (extra)": load_query_text(str(path)) for path in args.extra})

    graphs = []
    if not args.no_seed:
        graphs.append(("seed graph (seeds/)", _build_seed(args.work)))
    if args.triples:
        graphs.append((f"synthetic graph, {args.triples:,} triples", _build_synthetic(args.work, args.triples)))
    for title, out in graphs:
        triples = len(open_store(out / "store"))
        print(table(f"{title}: {triples:,} triples", measure(out, queries, args.runs, args.timeout), args.runs),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
