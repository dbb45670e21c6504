"""The saved queries on synthetic graphs of 10^5 and 10^6 triples: the project's store (Oxigraph) against rdflib.

    .venv/bin/python -m benchmarks.store_queries                               # 10^5 and 10^6 triples
    .venv/bin/python -m benchmarks.store_queries --triples 100000 --runs 5 --rdflib-timeout 60

The graphs come from benchmarks.synthetic_kg (the shape `kg build` writes, exact triple counts, the names the
saved queries look up exist), cached in --work. Each query of ontology/queries/ runs once to warm up, then
--runs times; the median is reported, for kg's store (kg.store.store.run_query on the persistent Oxigraph store, what
`kg query` does) and for rdflib's in-memory Graph (run in a child process, so a query that passes
--rdflib-timeout is stopped and reported as "> T s"). The ratio is rdflib / Oxigraph.

Queries are classified as lookups (bound to one entity: one or two hops, property paths, an entity's evidence;
goal < 50 ms at 10^6 triples) and aggregates (whole-graph listings, rankings and counts; goal < 1 s). Where a
saved query is whole-graph, a lookup variant bound to one entity is measured too (marked *).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.store.store import add_missing_prefixes

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "ontology" / "queries"

LOOKUPS = {"entity-facts", "firm-partners", "park-universities"}
AGGREGATES = {"chain-leaders", "designations", "edge-evidence", "park-industries", "park-ranking", "policies"}
GOALS = {"lookup": 0.050, "aggregate": 1.0}

# Lookup variants of whole-graph saved queries, bound to one entity as an analyst asks them. Like the saved
# queries, they sort on keys made in the query (CONCAT with a constant prefix keeps the order): Oxigraph reads a
# stored string from disk at every comparison of a sort, a string made in the query from memory.
VARIANTS = {
    "chain-leaders-of-a-park*": """
SELECT DISTINCT ?firm ?industry WHERE {
  VALUES ?parkName { "抚州高新区"@zh }
  ?p a kg:Park ;
     rdfs:label|skos:altLabel ?parkName .
  ?f kg:locatedIn+ ?p ;
     kg:chainLeaderOf ?i ;
     rdfs:label ?firm .
  ?i rdfs:label ?industry .
  BIND (CONCAT("~", ?industry) AS ?industryKey)
  BIND (CONCAT("~", ?firm) AS ?firmKey)
}
ORDER BY ?industryKey ?firmKey
""",
    "evidence-of-an-entity*": """
SELECT ?rel ?tail ?text ?file ?rule ?confidence WHERE {
  VALUES ?name { "江西赣锋锂业集团股份有限公司"@zh }
  ?h rdfs:label|skos:altLabel ?name .
  ?a rdf:subject ?h ;
     rdf:predicate ?rel ;
     rdf:object ?t ;
     kg:extractionRule ?rule ;
     kg:confidence ?confidence ;
     prov:wasDerivedFrom ?s .
  ?t rdfs:label ?tail .
  ?s kg:text ?text ;
     kg:inDocument/kg:fileName ?file .
  BIND (CONCAT("~", STR(?rel)) AS ?relKey)
  BIND (CONCAT("~", ?tail) AS ?tailKey)
  BIND (CONCAT("~", ?file) AS ?fileKey)
}
ORDER BY ?relKey ?tailKey ?fileKey
""",
    "neighbours-of-an-entity*": """
SELECT ?rel ?other ?direction WHERE {
  VALUES ?name { "江西赣锋锂业集团股份有限公司"@zh }
  ?e rdfs:label|skos:altLabel ?name .
  { ?e ?rel ?o . BIND ("out" AS ?direction) } UNION { ?o ?rel ?e . BIND ("in" AS ?direction) }
  FILTER (STRSTARTS(STR(?rel), STR(kg:)))
  ?o rdfs:label ?other .
  BIND (CONCAT("~", STR(?rel)) AS ?relKey)
  BIND (CONCAT("~", ?other) AS ?otherKey)
}
ORDER BY ?relKey ?otherKey
""",
}


def queries() -> dict[str, tuple[str, str]]:
    """name -> (kind, text) of every saved query and every lookup variant."""
    out: dict[str, tuple[str, str]] = {}
    for path in sorted(QUERIES.glob("*.rq")):
        if path.stem not in LOOKUPS | AGGREGATES:
            raise SystemExit(f"{path.name}: say whether it is a lookup or an aggregate (LOOKUPS, AGGREGATES)")
        kind = "lookup" if path.stem in LOOKUPS else "aggregate"
        out[path.stem] = (kind, path.read_text(encoding="utf-8"))
    for name, text in VARIANTS.items():
        out[name] = ("lookup", add_missing_prefixes(text))  # the project's prefixes, for rdflib too
    return out


@dataclass
class Result:
    rows: int | None = None
    times: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def _graph(work: Path, triples: int) -> tuple[Path, Path]:
    """The N-Triples file and the built store of a synthetic graph, made once and cached in `work`."""
    from benchmarks.synthetic_kg import generate
    from kg.store.store import write_store

    nt = work / f"synthetic-{triples}.nt"
    store = work / f"synthetic-{triples}" / "store"
    if not nt.exists():
        print(f"  generating {triples} triples -> {nt}", file=sys.stderr)
        tmp = nt.with_suffix(".tmp")
        generate(tmp, triples)
        tmp.replace(nt)
    if not (store / "CURRENT").exists():
        print(f"  building the store {store}", file=sys.stderr)
        write_store(nt, store)
    return nt, store


def run_oxigraph(store_dir: Path, texts: dict[str, str], runs: int) -> dict[str, Result]:
    from kg.store.store import open_store, run_query

    store = open_store(store_dir)
    out = {}
    for name, text in texts.items():
        result = Result(rows=len(run_query(store, text).rows))
        for _ in range(runs):
            started = time.perf_counter()
            run_query(store, text)
            result.times.append(time.perf_counter() - started)
        out[name] = result
    return out


def _rdflib_child(nt: str, names: list[str], runs: int) -> None:
    """In the child: load the graph into rdflib, then time each query, one JSON line per event."""
    import rdflib

    texts = {name: text for name, (_, text) in queries().items()}
    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(nt, format="nt")
    print(json.dumps({"event": "loaded", "seconds": time.perf_counter() - started}), flush=True)
    for name in names:
        print(json.dumps({"event": "start", "query": name}), flush=True)
        started = time.perf_counter()
        rows = len(list(graph.query(texts[name])))
        print(json.dumps({"event": "warm", "seconds": time.perf_counter() - started}), flush=True)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            list(graph.query(texts[name]))
            times.append(time.perf_counter() - started)
        print(json.dumps({"event": "done", "query": name, "rows": rows, "times": times}), flush=True)


def _forward_lines(stream, lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)
    lines.put("")  # the end of the child's output


def run_rdflib(nt: Path, names: list[str], runs: int, timeout: float, load_timeout: float, restarts: int = 3
               ) -> tuple[float | None, dict[str, Result]]:
    """rdflib's timings; a query whose warm-up (or average run) passes `timeout` is stopped, reported as "> T s",
    and the child restarted for the queries left."""
    out: dict[str, Result] = {}
    load: float | None = None
    pending = list(names)
    while pending:
        if restarts < 0:  # each restart re-parses the graph: at 10^6 triples that is minutes
            for name in pending:
                out[name] = Result(note="not run")
            break
        restarts -= 1
        child = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.store_queries", "--rdflib-child", str(nt), "--runs", str(runs),
             "--only", ",".join(pending)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True)
        lines: queue.Queue[str] = queue.Queue()
        # A thread reads the child's lines, so waiting for the next one can time out (select() on a buffered
        # pipe would miss lines already read into the buffer).
        threading.Thread(target=_forward_lines, args=(child.stdout, lines), daemon=True).start()
        deadline = time.monotonic() + load_timeout
        current: str | None = None
        try:
            while True:
                try:
                    line = lines.get(timeout=max(0.001, deadline - time.monotonic()))
                except queue.Empty:
                    if current is None:
                        for name in pending:
                            out[name] = Result(note=f"load > {load_timeout:.0f} s")
                        pending = []
                    else:
                        out[current] = Result(note=f"> {timeout:.0f} s")
                        pending.remove(current)
                        print(f"  rdflib: {current} passed {timeout:.0f} s, stopped", file=sys.stderr)
                    break
                if not line:
                    for name in pending:
                        out[name] = Result(note="rdflib failed")
                    pending = []
                    break
                event = json.loads(line)
                if event["event"] == "loaded":
                    load = event["seconds"]
                elif event["event"] == "start":
                    current = event["query"]
                    deadline = time.monotonic() + timeout  # the warm-up run
                elif event["event"] == "warm":
                    deadline = time.monotonic() + timeout * runs  # the timed runs: on average under the timeout
                elif event["event"] == "done":
                    out[event["query"]] = Result(rows=event["rows"], times=event["times"])
                    pending.remove(event["query"])
                    current = None
                    if not pending:
                        break
        finally:
            child.kill()
            child.wait()
    return load, out


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def report(triples: int, kinds: dict[str, str], ox: dict[str, Result], rl: dict[str, Result],
           rdflib_load: float | None) -> str:
    lines = [f"Saved queries on {triples:,} triples (median of the runs; rdflib load "
             f"{'-' if rdflib_load is None else f'{rdflib_load:.1f} s'})",
             f"  {'query':<28} {'kind':<9} {'rows':>7} {'kg store':>11} {'rdflib':>11} {'rdflib/kg':>9}  goal"]
    for name, kind in kinds.items():
        mine, theirs = ox[name], rl.get(name, Result(note="not run"))
        theirs_shown = theirs.note or _ms(theirs.median)
        if theirs.median and mine.median:
            ratio = f"{theirs.median / mine.median:.1f}x"
        elif theirs.note.startswith(">") and mine.median:
            ratio = f">{float(theirs.note[2:-2]) / mine.median:.0f}x"
        else:
            ratio = "-"
        goal = GOALS[kind]
        met = "met" if mine.median is not None and mine.median < goal else "MISSED"
        rows = "" if theirs.rows is None or theirs.rows == mine.rows else f" (rdflib rows {theirs.rows})"
        lines.append(f"  {name:<28} {kind:<9} {mine.rows:>7} {_ms(mine.median):>11} {theirs_shown:>11} {ratio:>9}"
                     f"  < {_ms(goal)} {met}{rows}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, nargs="+", default=[100_000, 1_000_000])
    p.add_argument("--runs", type=int, default=5, help="timed runs per query after one warm-up (default: 5)")
    p.add_argument("--rdflib-timeout", type=float, default=60.0,
                   help="seconds per rdflib query run before it is stopped (default: 60)")
    p.add_argument("--rdflib-load-timeout", type=float, default=900.0)
    p.add_argument("--rdflib-restarts", type=int, default=3,
                   help="how often rdflib is reloaded after a stopped query before the rest are skipped (default: 3)")
    p.add_argument("--no-rdflib", action="store_true", help="only the project's store")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-store-queries")
    p.add_argument("--rdflib-child", metavar="NT", help=argparse.SUPPRESS)
    p.add_argument("--only", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.rdflib_child:
        _rdflib_child(args.rdflib_child, args.only.split(","), args.runs)
        return 0
    os.makedirs(args.work, exist_ok=True)
    all_queries = queries()
    kinds = {name: kind for name, (kind, _) in all_queries.items()}
    texts = {name: text for name, (_, text) in all_queries.items()}
    for triples in args.triples:
        nt, store = _graph(args.work, triples)
        print(f"  timing the kg store on {triples} triples", file=sys.stderr)
        ox = run_oxigraph(store, texts, args.runs)
        load, rl = (None, {}) if args.no_rdflib else run_rdflib(
            nt, list(texts), args.runs, args.rdflib_timeout, args.rdflib_load_timeout, args.rdflib_restarts)
        print(report(triples, kinds, ox, rl, load), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
