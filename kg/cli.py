"""The `kg` command: build, extract, query, export and draw the knowledge graph."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from kg import __version__
from kg.errors import KgError

DEFAULT_OUT = Path("out")
EPILOG = """examples:
  kg build seeds/                                   build the graph from a folder of .txt articles into out/
  kg query 'SELECT ?p WHERE { ?p a kg:Park }'       run SPARQL on the built store (kg:, rdfs:, … predeclared)
  kg query ontology/queries/chain-leaders.rq -f csv run a saved query file, as CSV
  kg export --format turtle > graph.ttl             export the graph (turtle, nt, jsonld, trig)
  kg viz --output graph.html                        redraw the network page from the store
"""


def _progress(i: int, n: int, name: str) -> None:
    if sys.stderr.isatty() or n >= 20:
        print(f"\r[{i}/{n}] {name[:60]:<60}", end="" if i < n else "\n", file=sys.stderr, flush=True)


def _extract(sources: list[Path]):
    from kg import documents, pipeline

    paths = documents.find_inputs(sources)
    if not paths:
        raise KgError(f"no .txt or .md documents found in {', '.join(map(str, sources))}")
    return pipeline.extract_paths(paths, progress=_progress)


def cmd_build(args: argparse.Namespace) -> int:
    from kg import graph, pipeline, resolve, store, viz

    started = time.perf_counter()
    out: Path = args.out
    extractions = _extract(args.sources)
    entities = resolve.merge_corpus(extractions)
    g = graph.build_graph(extractions, entities)
    out.mkdir(parents=True, exist_ok=True)
    # Everything is written beside its final name and moved into place at the end, so a failed or
    # interrupted build leaves the previous outputs as they were.
    staging = out / ".staging"
    staging.mkdir(exist_ok=True)
    graph.write_turtle(g, staging / "graph.ttl")
    pipeline.write_jsonl(extractions, staging / "extraction.jsonl")
    triples = store.write_store(staging / "graph.ttl", out / "store")
    network = viz.network_from_store(store.open_store(out / "store"))
    viz.write_network_html(network, staging / "graph.html", lang=args.lang)
    for name in ("graph.ttl", "extraction.jsonl", "graph.html"):
        (staging / name).replace(out / name)
    staging.rmdir()
    seconds = time.perf_counter() - started
    by_type = Counter(e.type for e in entities.values())
    by_rel = Counter(r.relation for ex in extractions for r in ex.relations)
    n_facts = sum(len(ex.facts) for ex in extractions)
    print(f"documents: {len(extractions)}")
    print(f"entities:  {len(entities)}  " + ", ".join(f"{t} {n}" for t, n in sorted(by_type.items())))
    print(f"relations: {sum(by_rel.values())}  " + ", ".join(f"{t} {n}" for t, n in sorted(by_rel.items())))
    print(f"facts:     {n_facts}")
    print(f"triples:   {triples}")
    print(f"outputs:   {out}/graph.ttl, {out}/graph.html, {out}/extraction.jsonl, {out}/store/")
    print(f"seconds:   {seconds:.2f}")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from kg import pipeline

    extractions = _extract(args.sources)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    pipeline.write_jsonl(extractions, args.output)
    print(f"{len(extractions)} documents -> {args.output}", file=sys.stderr)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from kg import store

    text = store.load_query_text(args.query)
    result = store.run_query(store.open_store(args.out / "store"), text)
    sys.stdout.write(store.format_result(result, args.format))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from kg import store

    data = store.export_graph(store.open_store(args.out / "store"), args.format)
    if args.output:
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_viz(args: argparse.Namespace) -> int:
    from kg import store, viz

    network = viz.network_from_store(store.open_store(args.out / "store"))
    output = args.output or args.out / "graph.html"
    viz.write_network_html(network, output, lang=args.lang)
    print(f"{len(network.nodes)} nodes, {len(network.edges)} edges -> {output}", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg",
        description="Build a knowledge graph of industrial parks, firms, universities, policies and industries "
        "from Chinese news and government reports; query it with SPARQL, draw it, export it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def out_option(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="the output folder holding the graph and store (default: ./out)")

    b = sub.add_parser("build", help="extract the graph from documents and write every output into --out",
                       description="Read .txt/.md documents (files or folders), extract entities, relations and facts, "
                       "and write graph.ttl, graph.html, extraction.jsonl and the SPARQL store into --out.")
    b.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="document files or folders")
    out_option(b)
    b.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the network page's labels")
    b.set_defaults(func=cmd_build)

    e = sub.add_parser("extract", help="write the extraction alone as JSON Lines (the evaluation format)",
                       description="Extract entities, relations and facts and write them as JSON Lines, one object "
                       "per document, in the format of the evaluation schema.")
    e.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="document files or folders")
    e.add_argument("--output", "-o", type=Path, required=True, metavar="FILE", help="the JSON Lines file to write")
    e.set_defaults(func=cmd_extract)

    q = sub.add_parser("query", help="run a SPARQL query (text or .rq file) on the store",
                       description="Run a read-only SPARQL query on the built store. The project's prefixes "
                       "(kg:, kgr:, rdf:, rdfs:, owl:, xsd:, skos:, prov:, schema:, org:, dcterms:) are predeclared.")
    q.add_argument("query", metavar="QUERY", help="SPARQL text, or the path of a .rq file")
    q.add_argument("--format", "-f", choices=("table", "csv", "tsv", "json"), default="table",
                   help="result format (default: table)")
    out_option(q)
    q.set_defaults(func=cmd_query)

    x = sub.add_parser("export", help="export the graph as Turtle, N-Triples, JSON-LD or TriG",
                       description="Export the whole graph from the store. TriG puts provenance (assertions, "
                       "sentences, documents) in its own named graph.")
    x.add_argument("--format", "-f", choices=("turtle", "nt", "jsonld", "trig"), default="turtle",
                   help="serialisation (default: turtle)")
    x.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    out_option(x)
    x.set_defaults(func=cmd_export)

    v = sub.add_parser("viz", help="draw the network page from the store",
                       description="Write the interactive network page (self-contained HTML, works offline).")
    v.add_argument("--output", "-o", type=Path, metavar="FILE", help="page to write (default: DIR/graph.html)")
    v.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the labels")
    out_option(v)
    v.set_defaults(func=cmd_viz)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted; previous outputs are unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
