"""The `kg` command: build, extract, query, export and draw the knowledge graph."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kg import __version__
from kg.building import building
from kg.building.building import EXIT_SKIPPED
from kg.errors import KgError
from kg.model import DEFAULT_MIN_CONFIDENCE, PAGE_NODE_LIMIT
from kg.vocab import LABEL_LANGUAGES, SAVED_QUERIES_DIR

if TYPE_CHECKING:
    from kg.store.saved_queries import SavedQuery

DEFAULT_OUT = Path("out")
EPILOG = """examples:
  kg build seeds/                                   build the graph from a folder of .txt articles into out/
  kg query 'SELECT ?p WHERE { ?p a kg:Park }'       run SPARQL on the built store (kg:, rdfs:, … predeclared)
  kg query ontology/queries/chain-leaders.rq -f csv run a query file, as CSV
  kg queries                                        list the saved queries; kg query --saved NAME runs one
  kg export --format turtle > graph.ttl             export the graph (turtle, nt, jsonld, trig)
  kg serve                                          SPARQL endpoint and query page at http://127.0.0.1:8765/
  kg push --endpoint http://127.0.0.1:7878/store    load the graph into a triple store (here Oxigraph server)
  kg viz --output graph.html                        redraw the network page from the store
  kg diff out-january out                           what changed between two builds (documents, entities, figures)
"""


class _SurvivingStream:
    """stdout or stderr of a build that carries on when the reader of its pipe goes away (`kg build … | head -1`):
    what is written after that goes to /dev/null, so the build finishes and exits with its own status instead of
    stopping half-way on a BrokenPipeError."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def _dropped(self) -> None:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, self._stream.fileno())
        finally:
            os.close(devnull)

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._dropped()
            return self._stream.write(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._dropped()
            self._stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def _survive_closed_pipes() -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, _SurvivingStream):
            try:
                stream.fileno()
            except (AttributeError, OSError, ValueError):
                continue  # not a real file (a test's capture): nothing to survive
            setattr(sys, name, _SurvivingStream(stream))


def _extract_options(args: argparse.Namespace) -> dict[str, Any]:
    return {"jobs": args.jobs, "executor": args.executor, "scheduler": args.scheduler,
            "date_from_name": args.date_from_name, "strict": args.strict, "min_confidence": args.min_confidence}


def cmd_build(args: argparse.Namespace) -> int:
    _survive_closed_pipes()
    options = building.BuildOptions(**_extract_options(args), lang=args.lang, max_nodes=args.max_nodes,
                                    reuse_cache=not args.no_cache, wait=args.wait)
    report = building.build_with(options, args.sources, args.out)
    for line in report.summary_lines():
        print(line)
    return report.exit_code


def cmd_extract(args: argparse.Namespace) -> int:
    options = building.ExtractOptions(**_extract_options(args))
    options.check()
    _survive_closed_pipes()
    _check_output_file(args.output, make_parent=True)
    report = building.extract_jsonl_with(options, args.sources, args.output)
    for line in report.summary_lines():
        print(line, file=sys.stderr)
    return report.exit_code


def cmd_query(args: argparse.Namespace) -> int:
    from kg.store import store

    if (args.query is None) == (args.saved is None):
        raise KgError("give one query: SPARQL text, a .rq file or a saved query's name, or --saved NAME")
    text = _saved_query(args.saved).text if args.saved is not None else store.load_query_text(args.query)
    if not args.allow_service:
        _refuse_service(text)
    result = store.run_query(store.open_store(args.out / "store"), text)
    shown = store.format_result(result, args.format)
    sys.stdout.write(store.terminal_safe(shown) if sys.stdout.isatty() else shown)
    return 0


def _saved_query(name: str) -> SavedQuery:
    """The saved query `--saved NAME` names; never a file of that name, never SPARQL text."""
    from kg.store import saved_queries

    found = saved_queries.saved_query(name)
    if found is None:
        names = ", ".join(q.file.removesuffix(".rq") for q in saved_queries.load_saved_queries()) or "none"
        raise KgError(f"--saved {name}: no such saved query; the saved queries ({SAVED_QUERIES_DIR}): {names}")
    return found


def cmd_queries(args: argparse.Namespace) -> int:
    """The saved queries that `kg query --saved NAME` runs (and the query page lists): name, Chinese and English
    title, one a line, or every field as JSON."""
    import json

    from kg.store.saved_queries import load_saved_queries

    found = load_saved_queries()
    if args.format == "json":
        rows = [{"name": q.file.removesuffix(".rq"), "title_zh": q.title_zh, "title_en": q.title_en,
                 "description": q.description} for q in found]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    name_width = max((len(q.file) - len(".rq") for q in found), default=0)
    title_width = max((len(q.title_en) for q in found), default=0)
    for q in found:  # the English title before the Chinese one, so the columns line up whatever the font
        print(f"{q.file.removesuffix('.rq'):<{name_width}}  {q.title_en:<{title_width}}  {q.title_zh}".rstrip())
    return 0


def _refuse_service(query_text: str) -> None:
    """SERVICE makes the query engine send requests to any address the query names: refused, as `kg serve` does,
    unless --allow-service (the same conservative reading of the text as the server's)."""
    from kg.errors import QueryError
    from kg.store.store import service_position

    where = service_position(query_text)
    if where is not None:
        raise QueryError(f"SERVICE (federated query) is refused: it would make kg send requests to other addresses. "
                         f"The word 'service' at line {where[0]}, column {where[1]} could be that keyword; run with "
                         "--allow-service to let the query reach the network")


def cmd_export(args: argparse.Namespace) -> int:
    from kg.store import store

    if args.output:
        _check_output_file(args.output)
    data = store.export_graph(store.open_store(args.out / "store"), args.format)
    if args.output:
        try:
            args.output.write_bytes(data)
        except OSError as exc:
            raise KgError(f"--output {args.output}: cannot write it ({exc.strerror or exc})") from exc
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    from kg import serve

    if args.queries is not None and not args.queries.is_dir():
        raise KgError(f"--queries {args.queries}: no such folder")
    _check_serve_sizes(args)
    config = serve.ServeConfig(
        store_dir=args.out / "store",
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_rows=args.max_rows,
        workers=args.workers,
        queries_dir=args.queries or SAVED_QUERIES_DIR,
        max_connections=args.max_connections,
        max_queued=args.max_queued,
        read_timeout=args.read_timeout,
        token=os.environ.get(serve.TOKEN_VARIABLE),
        insecure_no_token=args.insecure_no_token,
    )
    serve.serve(config)
    return 0


# Resident memory of one query worker of `kg serve` (a process with the store open; measured about 60 MB).
SERVE_WORKER_MB = 100
# Files a server holds open besides its connections: the store's files, the workers' pipes, the saved queries.
SERVE_RESERVED_FILES = 256


# The longest wait an option may ask for: a day (beyond it the system's timers overflow, e.g. at 1e308).
MAX_SECONDS = 86_400.0


def _check_seconds(option: str, value: float) -> None:
    """A number of seconds that the system's timers can hold: finite, more than 0, at most a day (kg serve checks
    its own in ServeConfig.validate)."""
    if not (0 < value <= MAX_SECONDS):  # NaN fails every comparison
        raise KgError(f"{option} must be more than 0 and at most {MAX_SECONDS:g} seconds, not {value:g}")


def _check_endpoint(url: str) -> None:
    """A URL that parses (kg.store.push checks that it is http or https)."""
    from urllib.parse import urlsplit

    try:
        urlsplit(url).port  # noqa: B018 - raises ValueError on a bad IPv6 address or a port out of range
    except ValueError as exc:
        raise KgError(f"--endpoint {url}: not a valid URL ({exc})") from exc


def _check_serve_sizes(args: argparse.Namespace) -> None:
    """--workers capped to the cores (a query runs on one core; more workers only queue on them, holding memory)
    and refused when the memory cannot hold them; --max-connections refused beyond the files this process may
    open, since each connection holds a socket."""
    from kg.building import resources

    if args.workers >= 1:
        cores = resources.usable_cores()
        if args.workers > cores:
            print(f"kg: --workers {args.workers} capped to {cores} ({cores} core{'s' if cores != 1 else ''})",
                  file=sys.stderr)
            args.workers = cores
        resources.check_memory_for(args.workers, SERVE_WORKER_MB, "--workers", "query workers")
    files = resources.open_files_limit()
    if files is not None and args.max_connections > files - SERVE_RESERVED_FILES:
        raise KgError(f"--max-connections {args.max_connections}: this process may open {files} files (ulimit -n) "
                      f"and each connection holds one; use --max-connections {max(files - SERVE_RESERVED_FILES, 1)} "
                      "or fewer, or raise the limit")


def cmd_push(args: argparse.Namespace) -> int:
    import os

    from kg.store import push

    _check_seconds("--timeout", args.timeout)
    _check_endpoint(args.endpoint)
    password = os.environ.get(push.PASSWORD_VARIABLE) if args.user is not None else None
    report = push.push_graph(
        args.out / "store",
        args.endpoint,
        args.graph,
        protocol=args.protocol,
        batch_size=args.batch_size,
        user=args.user,
        password=password,
        timeout=args.timeout,
    )
    requests = f"{report.requests} request{'s' if report.requests != 1 else ''}"
    print(f"pushed {report.triples} triples to graph <{report.graph}> at {report.endpoint} "
          f"({report.protocol}, {requests}, {report.seconds:.2f} s)")
    return 0


def cmd_viz(args: argparse.Namespace) -> int:
    from kg import viz
    from kg.store import store

    if args.depth is not None and args.focus is None:
        raise KgError("--depth needs --focus NAME (the entity whose neighbourhood to draw)")
    if args.depth is not None and args.depth < 0:
        raise KgError(f"--depth must be 0 or more, not {args.depth}")
    # Check the options before opening the store, so a typo is reported as such even where nothing is built yet.
    types = viz.parse_types(args.types) if args.types is not None else None
    building.check_min_confidence(args.min_confidence)
    network = viz.network_from_store(store.open_store(args.out / "store"))
    network, view = viz.select_view(
        network,
        focus=args.focus,
        depth=1 if args.depth is None else args.depth,
        types=types,
        min_confidence=args.min_confidence,
        lang=args.lang,
        max_nodes=args.max_nodes,
    )
    output = args.output or args.out / "graph.html"
    _check_output_file(output)
    viz.write_network_html(network, output, lang=args.lang, view=view)
    note = f" ({view.note})" if view.note else ""
    print(f"{len(network.nodes)} nodes, {len(network.edges)} edges{note} -> {output}", file=sys.stderr)
    return 0


def cmd_chain(args: argparse.Namespace) -> int:
    from kg.building import outfolder
    from kg.chains import chains
    from kg.store import store

    if args.output:
        _check_output_file(args.output, make_parent=True)
    text, note = chains.chain_command(store.open_store(args.out / "store"), args.place, chain=args.chain,
                                      fmt=args.format, compare=args.compare)
    if note:
        print(f"kg: {note}", file=sys.stderr)
    if args.output:
        try:
            outfolder.write_file_atomically(args.output, text.encode("utf-8"))
        except OSError as exc:
            raise KgError(f"--output {args.output}: cannot write it ({exc.strerror or exc})") from exc
    else:
        sys.stdout.write(store.terminal_safe(text) if sys.stdout.isatty() else text)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from kg.building import changes
    from kg.store import store

    text = changes.diff_outputs(args.old, args.new, args.format)
    sys.stdout.write(store.terminal_safe(text) if sys.stdout.isatty() else text)
    return 0


def _build_safety_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--wait", action="store_true",
                    help="when another build is writing into the same --out, wait for it instead of stopping (exit 2)")


class _Commands(argparse._SubParsersAction):
    """The subcommands; those whose options need a module that is slow to import (the server's defaults) are
    filled in `fill_later` only when they run, so the other commands never import it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fill_later: dict[str, Callable[[argparse.ArgumentParser], None]] = {}

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        fill = self.fill_later.pop(values[0], None) if values else None
        if fill is not None:
            fill(self.choices[values[0]])
        super().__call__(parser, namespace, values, option_string)


def _out_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--out", type=str, default=DEFAULT_OUT, metavar="DIR",
                    help="the output folder holding the graph and store (default: ./out)")


def _serve_arguments(s: argparse.ArgumentParser) -> None:
    """The options of `kg serve`, whose defaults are the server's: added only when the command runs."""
    from kg import serve

    s.formatter_class = argparse.RawDescriptionHelpFormatter
    s.description = ("Serve the built store over HTTP: the SPARQL 1.1 Protocol endpoint at /sparql "
                     "(GET and POST; JSON, XML, CSV, TSV, Turtle, N-Triples, JSON-LD), a query page with the saved "
                     "queries at /, and the network view at /graph. Read-only: SPARQL Update, LOAD and SERVICE "
                     "are refused; every query has a time limit and a row limit. With the environment variable "
                     f"{serve.TOKEN_VARIABLE} set, every request must send 'Authorization: Bearer' and its value; "
                     "a --host other than loopback requires it (or --insecure-no-token).")
    s.epilog = ("examples:\n  kg serve                          http://127.0.0.1:8765/\n"
                "  kg serve --port 0 --timeout 10    any free port (printed), 10 s per query\n")
    s.add_argument("--host", default=serve.DEFAULT_HOST,
                   help=f"address to listen on (default: {serve.DEFAULT_HOST}, this machine only)")
    s.add_argument("--port", type=int, default=serve.DEFAULT_PORT,
                   help=f"port to listen on; 0 picks a free one (default: {serve.DEFAULT_PORT})")
    s.add_argument("--timeout", type=float, default=serve.DEFAULT_TIMEOUT, metavar="S",
                   help=f"seconds a query may run before it is stopped (default: {serve.DEFAULT_TIMEOUT:g})")
    s.add_argument("--max-rows", type=int, default=serve.DEFAULT_MAX_ROWS, metavar="N",
                   help=f"most rows (or triples) a result may have (default: {serve.DEFAULT_MAX_ROWS})")
    s.add_argument("--workers", type=int, default=serve.DEFAULT_WORKERS, metavar="N",
                   help=f"query worker processes, i.e. queries run at once (default: {serve.DEFAULT_WORKERS})")
    s.add_argument("--max-connections", type=int, default=serve.DEFAULT_MAX_CONNECTIONS, metavar="N",
                   help="connections served at once; more get 503 with Retry-After "
                   f"(default: {serve.DEFAULT_MAX_CONNECTIONS})")
    s.add_argument("--max-queued", type=int, default=serve.DEFAULT_MAX_QUEUED, metavar="N",
                   help="queries that may wait for a free worker; more get 503 with Retry-After "
                   f"(default: {serve.DEFAULT_MAX_QUEUED})")
    s.add_argument("--read-timeout", type=float, default=serve.DEFAULT_READ_TIMEOUT, metavar="S",
                   help="seconds a connection has to send a whole request, idle time included; then it is closed "
                   f"(default: {serve.DEFAULT_READ_TIMEOUT:g})")
    s.add_argument("--insecure-no-token", action="store_true",
                   help=f"allow a --host other than loopback without ${serve.TOKEN_VARIABLE} (anyone who can reach "
                   "the address can read the graph)")
    s.add_argument("--queries", type=Path, metavar="DIR",
                   help="folder of saved .rq queries listed on the page (default: the project's ontology/queries)")
    _out_option(s)
    s.set_defaults(func=cmd_serve)


def _push_arguments(pu: argparse.ArgumentParser) -> None:
    """The options of `kg push`, whose defaults are kg.store.push's: added only when the command runs."""
    from kg.store import push

    pu.formatter_class = argparse.RawDescriptionHelpFormatter
    pu.description = ("Load the built graph into any store that speaks the SPARQL 1.1 Graph Store "
                      "HTTP Protocol (--protocol gsp: one PUT to ENDPOINT?graph=IRI) or SPARQL 1.1 Update "
                      "(--protocol update: INSERT DATA batches into a staging graph, then MOVE), replacing that "
                      "named graph: Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso.")
    pu.epilog = ("examples:\n  kg push --endpoint http://127.0.0.1:7878/store\n"
                 "  kg push --endpoint http://127.0.0.1:3030/kg/update --protocol update\n"
                 f"  {push.PASSWORD_VARIABLE}=… kg push --endpoint http://127.0.0.1:7200/repositories/kg/"
                 "rdf-graphs/service --user admin\n")
    pu.add_argument("--endpoint", required=True, metavar="URL",
                    help="the Graph Store Protocol URL (gsp) or the SPARQL Update URL (update)")
    pu.add_argument("--graph", default=push.DEFAULT_GRAPH, metavar="IRI",
                    help=f"the named graph to replace (default: {push.DEFAULT_GRAPH})")
    pu.add_argument("--protocol", choices=push.PROTOCOLS, default="gsp", help="how to load it (default: gsp)")
    pu.add_argument("--batch-size", type=int, default=push.DEFAULT_BATCH_SIZE, metavar="N",
                    help=f"triples per INSERT DATA request with --protocol update (default: {push.DEFAULT_BATCH_SIZE})")
    pu.add_argument("--user", metavar="NAME",
                    help=f"HTTP Basic user name; the password is read from ${push.PASSWORD_VARIABLE}")
    pu.add_argument("--timeout", type=float, default=push.DEFAULT_TIMEOUT, metavar="S",
                    help=f"seconds to wait for each answer (default: {push.DEFAULT_TIMEOUT:g})")
    _out_option(pu)
    pu.set_defaults(func=cmd_push)


def parser(every_option: bool = False) -> argparse.ArgumentParser:
    """The `kg` command line. The options of serve and push are added when one of them is parsed, or at once with
    `every_option` (for whoever lists every option, such as a test of the docs)."""
    p = argparse.ArgumentParser(
        prog="kg",
        description="Build a knowledge graph of industrial parks, firms, universities, policies and industries "
        "from Chinese news and government reports; query it with SPARQL, draw it, export it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", action=_Commands)

    def extraction_options(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                        help="extract N documents at once in worker processes (default: 1)")
        sp.add_argument("--executor", choices=building.EXECUTORS, default="local",
                        help="where to extract: local processes (default) or a Dask cluster (needs --scheduler)")
        sp.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --executor dask: the scheduler's address, e.g. tcp://10.0.0.5:8786; the workers "
                        "must see the input files at the same paths and run the same kg")
        sp.add_argument("--date-from-name", action="store_true",
                        help="date each document by the date its file name starts with (2025-03-27-…, 20250327…), "
                        "unless its front matter (a first line 'date: …') gives one")
        sp.add_argument("--strict", action="store_true",
                        help=f"stop at the first file that is not readable text (exit 2, nothing written) instead "
                        f"of skipping it (exit {EXIT_SKIPPED})")

    def min_confidence_option(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE, metavar="X",
                        help="keep in the graph and in the evaluation 'relations' only relations at least X sure "
                        f"(0 to 1; default: {DEFAULT_MIN_CONFIDENCE:g}); weaker ones go to extraction.jsonl's "
                        "'weak_relations'")

    def max_nodes_option(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--max-nodes", type=int, default=PAGE_NODE_LIMIT, metavar="N",
                        help=f"draw at most N entities on the network page, the most connected ones (default: "
                        f"{PAGE_NODE_LIMIT}; the store, graph.ttl and the query page always hold them all)")

    b = sub.add_parser("build", help="extract the graph from documents and write every output into --out",
                       description="Read .txt/.md documents (files or folders), extract entities, relations and facts, "
                       "and write graph.ttl, graph.html, extraction.jsonl and the SPARQL store into --out.")
    b.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="document files or folders")
    _out_option(b)
    b.add_argument("--lang", choices=LABEL_LANGUAGES, default="zh", help="language of the network page's labels")
    max_nodes_option(b)
    extraction_options(b)
    min_confidence_option(b)
    b.add_argument("--no-cache", action="store_true",
                   help="extract every document again instead of reusing DIR/cache/ (results per document content)")
    _build_safety_options(b)
    b.set_defaults(func=cmd_build)

    e = sub.add_parser("extract", help="write the extraction alone as JSON Lines (the evaluation format)",
                       description="Extract entities, relations and facts and write them as JSON Lines, one object "
                       "per document, in the format of the evaluation schema.")
    e.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="document files or folders")
    e.add_argument("--output", "-o", type=str, required=True, metavar="FILE", help="the JSON Lines file to write")
    extraction_options(e)
    min_confidence_option(e)
    e.set_defaults(func=cmd_extract)

    q = sub.add_parser("query", help="run a SPARQL query (text or .rq file) on the store",
                       description="Run a read-only SPARQL query on the built store. The project's prefixes "
                       "(kg:, kgr:, rdf:, rdfs:, owl:, xsd:, skos:, prov:, schema:, org:, dcterms:) are predeclared.")
    q.add_argument("query", nargs="?", metavar="QUERY",
                   help="SPARQL text, the path of a .rq file, or a saved query's name (kg queries lists them)")
    q.add_argument("--saved", metavar="NAME", help="run the saved query NAME (instead of QUERY)")
    q.add_argument("--format", "-f", choices=("table", "csv", "tsv", "json"), default="table",
                   help="result format (default: table)")
    q.add_argument("--allow-service", action="store_true",
                   help="let SERVICE clauses send requests to the addresses they name (refused by default)")
    _out_option(q)
    q.set_defaults(func=cmd_query)

    qs = sub.add_parser("queries", help="list the saved queries that kg query --saved NAME runs",
                        description="List the saved queries (ontology/queries/*.rq, shipped with kg): each one's name "
                        "and its English and Chinese titles. `kg query --saved NAME` runs one; `kg serve`'s page lists "
                        "the same.")
    qs.add_argument("--format", "-f", choices=("table", "json"), default="table",
                    help="output format (default: table; json adds each query's description)")
    qs.set_defaults(func=cmd_queries)

    x = sub.add_parser("export", help="export the graph as Turtle, N-Triples, JSON-LD or TriG",
                       description="Export the whole graph from the store. TriG puts provenance (assertions, "
                       "sentences, documents) in its own named graph.")
    x.add_argument("--format", "-f", choices=("turtle", "nt", "jsonld", "trig"), default="turtle",
                   help="serialisation (default: turtle)")
    x.add_argument("--output", "-o", type=str, metavar="FILE", help="write to FILE instead of standard output")
    _out_option(x)
    x.set_defaults(func=cmd_export)

    df = sub.add_parser("diff", help="what changed between two builds: documents, entities, relations, figures",
                        description="Compare the graphs of two output folders (or stores): documents, entities and "
                        "relations added and removed, and figures added, removed or changed for the same subject, "
                        "metric and period. `kg build` writes the same comparison with the build it replaces as "
                        "DIR/changes.json.",
                        epilog="examples:\n  kg diff out-january out\n  kg diff old/ new/ --format json\n",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    df.add_argument("old", type=Path, metavar="OLD_OUT", help="the earlier output folder (or its store/)")
    df.add_argument("new", type=Path, metavar="NEW_OUT", help="the later output folder (or its store/)")
    df.add_argument("--format", "-f", choices=("table", "json"), default="table",
                    help="output format (default: table)")
    df.set_defaults(func=cmd_diff)

    ch = sub.add_parser("chain", help="a park's or region's industrial chain: links, gaps, investment targets",
                        description="The links of an industrial chain (ontology/chains) for a park or a region (with "
                        "the parks in it), with the graph's firms placed on them: the firms on each link with their "
                        "evidence, missing and weak (one-firm) links, and firms elsewhere that would fill them, ranked "
                        "by a printed score.",
                        epilog="examples:\n  kg chain 新余高新区\n"
                        "  kg chain 抚州高新区 --chain 新能源汽车 --format json\n"
                        "  kg chain 新余高新区 --compare 抚州高新区 --chain 锂电\n"
                        "  kg chain 新余高新区 --format html --output chain.html\n",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    ch.add_argument("place", metavar="PLACE", help="the park or region, by its name or an alias")
    ch.add_argument("--chain", metavar="NAME", help="the chain (e.g. 新能源汽车, 锂电, photovoltaic); default: every "
                    "chain the place's firms are on")
    ch.add_argument("--format", "-f", choices=("table", "csv", "json", "html"), default="table",
                    help="output format (default: table; html: the chain map, one offline page)")
    ch.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    ch.add_argument("--compare", metavar="PLACE2", help="a second place, shown beside the first link by link")
    _out_option(ch)
    ch.set_defaults(func=cmd_chain)

    # serve and push get their options (whose defaults come from the server and kg.store.push) only when they run
    sub.add_parser("serve", help="serve the store as a read-only SPARQL endpoint, with a query page")
    sub.fill_later["serve"] = _serve_arguments
    sub.add_parser("push", help="load the graph into a triple store, replacing one named graph")
    sub.fill_later["push"] = _push_arguments
    if every_option:
        for name, fill in sub.fill_later.items():
            fill(sub.choices[name])
        sub.fill_later.clear()

    v = sub.add_parser("viz", help="draw the network page from the store",
                       description="Write the interactive network page (self-contained HTML, works offline):\n"
                       "the whole graph, or the part chosen by --types, --min-confidence and --focus/--depth.",
                       epilog="examples:\n  kg viz --focus 比亚迪 --depth 2 --output byd.html\n"
                       "  kg viz --types Company,Park,Industry --min-confidence 0.7\n",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("--output", "-o", type=str, metavar="FILE", help="page to write (default: DIR/graph.html)")
    v.add_argument("--lang", choices=LABEL_LANGUAGES, default="zh", help="language of the labels")
    v.add_argument("--focus", metavar="NAME",
                   help="draw only the neighbourhood of the entity with this name or alias (a unique part of a "
                   "name also works)")
    v.add_argument("--depth", type=int, metavar="N",
                   help="with --focus: how many hops around the entity to keep (default: 1)")
    v.add_argument("--types", metavar="TYPES",
                   help="comma-separated entity types to keep, e.g. Company,Park,Industry (or 企业,园区,产业)")
    v.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE, metavar="X",
                   help="leave out entities and relations whose confidence is below X (0 to 1; default: "
                   f"{DEFAULT_MIN_CONFIDENCE:g}, the graph's own line)")
    max_nodes_option(v)
    _out_option(v)
    v.set_defaults(func=cmd_viz)
    return p


def _path_arguments(args: argparse.Namespace) -> None:
    """--out and --output as Paths; '' is refused rather than taken for the current folder (they are kept as
    text until here, since Path('') is '.')."""
    from kg.building import outfolder

    if isinstance(getattr(args, "out", None), str):
        args.out = outfolder.check_out_argument(args.out, root_ok=args.func is not cmd_build)
    if isinstance(getattr(args, "output", None), str):
        if not args.output.strip():
            raise KgError("--output '' names no file: give the file to write, e.g. --output graph.html")
        args.output = Path(args.output)


def _check_output_file(path: Path, make_parent: bool = False) -> None:
    """Refuse an --output that cannot be written as a file (a folder, or in a folder that does not exist) before
    any work is done, with one line."""
    if path.is_dir():
        raise KgError(f"--output {path}: is a folder; --output names the file to write")
    parent = path.parent
    if make_parent and not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KgError(f"--output {path}: cannot make its folder ({exc.strerror or exc})") from exc
    if not parent.is_dir():
        raise KgError(f"--output {path}: {parent} is not a folder" if parent.exists()
                      else f"--output {path}: no such folder {parent}")


def main(argv: list[str] | None = None) -> int:
    with contextlib.suppress(AttributeError, ValueError):
        # A path with bytes that are not UTF-8 (kept by Python as lone surrogates) is shown escaped, not a crash.
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    args = parser().parse_args(argv)
    try:
        _path_arguments(args)
        return args.func(args)
    except KgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted; previous outputs are unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of `kg query … | head` has what it wanted; a build or extraction never stops on it (see
        # _SurvivingStream), so one that does has not finished.
        return 0 if args.func in (cmd_query, cmd_export) else 2
    except OSError as exc:  # a file or folder the system refused, where no check above foresaw it: one line
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"kg: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
