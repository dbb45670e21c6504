"""How fast the network page opens and responds on a large graph, measured in headless Chromium.

    .venv/bin/python -m benchmarks.viz_first_draw                   # 5,000 entities, 20,000 relations, 5 runs
    .venv/bin/python -m benchmarks.viz_first_draw --nodes 1000 --edges 4000 --runs 3

The synthetic graph (benchmarks/synthetic_graph.py) goes the way a real one does: Turtle in the MODEL.md shape,
loaded into an Oxigraph store, read back with network_from_store, laid out and written with write_network_html.
Each run opens the page in a fresh offline browser context and reads, from the page's own clock
(performance.now(), ms since navigation started):

  first draw     window.kgDrawnAt: the first frame vis-network has drawn (positions are precomputed, no physics)
  script start   the page's script begins (the inline vis-network library has been parsed by then)
  network built  vis.Network constructed, before the first frame

then times a few interactions to the next frame drawn: a full redraw, a zoom, a search (suggestions listed), a
focus on a hub (dimming, panel), a type filter and the confidence slider. Medians are printed, and all runs are
written to OUT/results.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph

from benchmarks.browser import chromium, open_page
from benchmarks.synthetic_graph import synthetic_network, to_turtle
from kg import viz

# Runs in the page: each step returns the ms from starting the action to the end of the next frame drawn.
INTERACTIONS = """async ({query, hub}) => {
    const net = window.kgNetwork;
    const frame = (action) => new Promise((resolve) => {
        const start = performance.now();
        net.once("afterDrawing", () => resolve(performance.now() - start));
        action();
    });
    const out = {};
    out.redraw = await frame(() => net.redraw());
    out.zoom = await frame(() => net.moveTo({scale: net.getScale() * 2, animation: false}));
    const input = document.getElementById("kg-search-input");
    let start = performance.now();
    input.value = query;
    input.dispatchEvent(new Event("input"));
    out.search = performance.now() - start;
    out.suggestions = document.querySelectorAll("#kg-suggestions li[data-id]").length;
    out.focus = await frame(() => window.kgFocus([hub], false));
    out.panelRelations = document.querySelectorAll("#kg-panel .kg-rel").length;
    out.typeFilter = await frame(() => document.querySelector('#kg-legend li[data-type="Company"]').click());
    out.shown = window.kgNodes.getIds({filter: (n) => !n.hidden}).length;
    out.typeFilterBack = await frame(() => document.querySelector('#kg-legend li[data-type="Company"]').click());
    out.slider = await frame(() => {
        const slider = document.getElementById("kg-confidence");
        slider.value = "0.8";
        slider.dispatchEvent(new Event("input"));
    });
    return out;
}"""


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.viz_first_draw", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("out/benchmark"), metavar="DIR")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    build: dict[str, float] = {}

    started = time.perf_counter()
    network = synthetic_network(args.nodes, args.edges)
    turtle = to_turtle(network)
    build["generate_s"] = time.perf_counter() - started
    started = time.perf_counter()
    store = pyoxigraph.Store()
    store.load(turtle.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    build["load_store_s"] = time.perf_counter() - started
    started = time.perf_counter()
    network = viz.network_from_store(store)
    build["network_from_store_s"] = time.perf_counter() - started
    started = time.perf_counter()
    viz.layout_positions(network)
    build["layout_s"] = time.perf_counter() - started
    page_path = args.out / f"synthetic-{len(network.nodes)}-{len(network.edges)}.html"
    started = time.perf_counter()
    viz.write_network_html(network, page_path)  # lays out again: the layout is part of writing the page
    build["write_page_s"] = time.perf_counter() - started
    build["page_mb"] = page_path.stat().st_size / 1e6

    degree: dict[str, int] = {}
    for edge in network.edges:
        for end in (edge.source, edge.target):
            degree[end] = degree.get(end, 0) + 1
    firms = [n for n in network.nodes if n.type == "Company"]
    hub = max(firms, key=lambda n: (degree.get(n.id, 0), n.id))
    query = hub.aliases[0][:2] if hub.aliases else hub.label[:2]

    runs: list[dict[str, Any]] = []
    with chromium() as browser:
        for _ in range(args.runs):
            page = open_page(browser, page_path.resolve().as_uri(), width=1400, height=860)
            timings = page.evaluate("({drawn: window.kgDrawnAt, ...window.kgTimings})")
            timings.update(page.evaluate(INTERACTIONS, {"query": query, "hub": hub.id}))
            page.context.close()
            runs.append(timings)
            print(f"  run {len(runs)}: first draw {timings['drawn']:.0f} ms", file=sys.stderr)

    summary = {
        "graph": {"nodes": len(network.nodes), "edges": len(network.edges), "hub": hub.label, "hub_degree":
                  degree.get(hub.id, 0), "query": query},
        "build": {k: round(v, 3) for k, v in build.items()},
        "median_ms": {k: round(_median(runs, k), 1) for k in runs[0] if k not in ("suggestions", "panelRelations",
                                                                                  "shown")},
        "runs": runs,
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "chromium": browser_name()},
    }
    (args.out / "results.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    print(f"graph: {len(network.nodes)} entities, {len(network.edges)} relations; page {build['page_mb']:.1f} MB")
    print("build (Python): " + ", ".join(f"{k} {v:.2f}" for k, v in build.items() if k.endswith("_s")))
    medians = summary["median_ms"]
    print(f"first draw (median of {len(runs)}): {medians['drawn']:.0f} ms after navigation start "
          f"(script start {medians['scriptStart']:.0f} ms, network built {medians['networkBuilt']:.0f} ms)")
    print("interactions, to the next frame (median ms): " + ", ".join(
        f"{k} {medians[k]:.0f}" for k in ("redraw", "zoom", "search", "focus", "typeFilter", "typeFilterBack", "slider")
    ))
    print(f"search {query!r}: {runs[0]['suggestions']} suggestions; focus on {hub.label} "
          f"({degree.get(hub.id, 0)} relations): {runs[0]['panelRelations']} listed in the panel")
    print(f"results: {args.out / 'results.json'}")
    return 0


def browser_name() -> str:
    """The Chromium version string, for the record."""
    import subprocess

    from benchmarks.browser import CHROMIUM

    try:
        return subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
