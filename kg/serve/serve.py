"""`kg serve`: the built graph as a read-only SPARQL 1.1 Protocol endpoint, a query page and the network view.

Three things shape this module:

- pyoxigraph evaluates a query inside one native call that no Python thread can interrupt, so a runaway query (a
  cross product, an unbounded path) could only be stopped by ending the process running it. Every query therefore
  runs in a pool of worker processes, each with the store open read-only; when a query passes the time limit the
  server kills its worker, answers with an error and starts a replacement.
- The endpoint must be read-only and must never make the server fetch another address: SPARQL Update (LOAD
  included) is refused before anything is evaluated, and so is any query in which SERVICE could be the keyword
  (the check reads the raw text conservatively, see `kg.store.store.service_position`).
- The HTTP layer is the standard library's ThreadingHTTPServer: the endpoint is a local tool that answers one analyst
  or notebook at a time, the slow part is the query (in a worker process, not in the server), and it adds no
  dependency to install or keep up to date.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hmac
import io
import ipaddress
import json
import multiprocessing
import os
import queue
import re
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from kg import __version__
from kg.errors import KgError, QueryError
from kg.store.saved_queries import SavedQuery, load_saved_queries
from kg.store.store import (
    UPDATE_KEYWORDS,
    QueryResult,
    format_result,
    open_store,
    operation_keyword,
    query_shape_problem,
    run_query,
    service_position,
)
from kg.vocab import LABEL_LANGUAGES, PREFIXES, SAVED_QUERIES_DIR, XSD

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_WORKERS = 2

# A query is text; a megabyte is far more than any hand-written one and stops a client from filling memory.
MAX_BODY_BYTES = 1 << 20
# A bigger body up to this size is read and dropped before the 413, so the client sees the answer.
DRAIN_LIMIT_BYTES = 64 << 20
# Seconds a new worker may take to import kg and open the store.
WORKER_START_TIMEOUT = 60.0
# Connections served at once; one more is answered 503 with Retry-After and closed. Each holds a thread and at most
# one request body (MAX_BODY_BYTES), so this bounds the server's memory whatever clients do.
DEFAULT_MAX_CONNECTIONS = 64
# Queries that may wait for a free worker; one more is answered 503 with Retry-After at once.
DEFAULT_MAX_QUEUED = 32
RETRY_AFTER_SECONDS = 1
# A connection must deliver a whole request (line, headers and body) within this many seconds of connecting or of
# the previous answer, so a client that sends nothing, or a byte at a time, cannot hold a thread for long.
DEFAULT_READ_TIMEOUT = 20.0
# Seconds an answer may take to be taken in by the client before the connection is dropped.
RESPONSE_WRITE_TIMEOUT = 60.0
# The SPARQL parser and evaluator recurse once per nesting level or chained operator and overflow an 8 MB stack (the
# worker dies of SIGSEGV) at about 2,200 nested braces, 4,500 nested parentheses or 7,000 chained `+` or UNION.
# Queries run on a thread with QUERY_STACK_BYTES of stack (reserved, only used as deep as a query goes; 20,000 of
# each of those fit), and the limits below keep every query far inside it.
QUERY_STACK_BYTES = 256 << 20
# Network pages drawn at once (the layout runs in the server process); more are answered 503 with Retry-After.
MAX_PAGE_RENDERS = 2
# The token that clients must send as `Authorization: Bearer TOKEN`; read from the environment, never the command
# line, where other users of the machine could read it.
TOKEN_VARIABLE = "KG_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16
# The network view of issue 4 is made for graphs up to some thousands of entities; beyond that the layout takes
# minutes, so a larger view is refused with a message saying how to narrow it.
NETWORK_NODE_LIMIT = 5000
LANGS = LABEL_LANGUAGES


class HttpError(Exception):
    """An answer other than 200, with the message the client sees as text/plain."""

    def __init__(self, status: int, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


# --------------------------------------------------------------------------------------------------------------
# Read-only checks, made on the raw query text before any evaluation
# --------------------------------------------------------------------------------------------------------------

# kg.cli's `kg query` refusal imports the lexer under this name; the lexer itself is kg.store.store's.


def check_read_only(query_text: str) -> None:
    """Raise HttpError 403 for SPARQL Update (LOAD included) and for SERVICE; the endpoint only reads its store."""
    keyword = operation_keyword(query_text)
    if keyword in UPDATE_KEYWORDS:
        raise HttpError(
            HTTPStatus.FORBIDDEN,
            f"SPARQL Update ({keyword}) is refused: this endpoint is read-only; the store is rebuilt from the "
            "documents by `kg build`, and `kg push` loads it into a writable triple store",
        )
    where = service_position(query_text)
    if where is not None:
        raise HttpError(
            HTTPStatus.FORBIDDEN,
            f"SERVICE (federated query) is refused: this endpoint never fetches other addresses. The word "
            f"'service' at line {where[0]}, column {where[1]} could be that keyword; if it is part of a string, "
            "IRI or comment, rephrase it",
        )


def check_query_shape(query_text: str) -> None:
    """Raise HttpError 400 for a query nested or chained deeper than the query engine can take
    (kg.store.store.MAX_NESTING).

    Should a crafted text still get through, the worker that overflows is replaced and the client gets a 400
    saying so (WorkerPool.run).
    """
    problem = query_shape_problem(query_text)
    if problem:
        raise HttpError(HTTPStatus.BAD_REQUEST, problem)


# --------------------------------------------------------------------------------------------------------------
# Result formats and content negotiation
# --------------------------------------------------------------------------------------------------------------

# Media types a client may ask for, per kind of result; the first of each is the default.
_TABLE_MEDIA: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_MEDIA: dict[str, str] = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",  # Turtle is N3; SPARQLWrapper's N3 asks for these
    "text/rdf+n3": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",  # what rdflib's SPARQLStore asks for by default
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
# Values of the `format` (or `output`) parameter: short names as Fuseki, Virtuoso and SPARQLWrapper send them,
# or media types.
_TABLE_NAMES: dict[str, str] = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", **_TABLE_MEDIA}
_GRAPH_NAMES: dict[str, str] = {
    "turtle": "turtle",
    "ttl": "turtle",
    "n3": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "json": "jsonld",
    "xml": "rdfxml",
    "rdfxml": "rdfxml",
    "rdf+xml": "rdfxml",
    "rdf/xml": "rdfxml",
    **_GRAPH_MEDIA,
}
CONTENT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json; charset=utf-8",
    "xml": "application/sparql-results+xml; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
    "rdfxml": "application/rdf+xml; charset=utf-8",
}


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    """(media range, q) pairs of an Accept header; a malformed q counts as 1."""
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 1.0
        ranges.append((media, q))
    return ranges


def choose_format(kind: str, requested: Iterable[str], accept: str) -> str | None:
    """The result format for a query of `kind` ("select", "ask" or "graph"), or None when none is acceptable.

    A `format`/`output` parameter wins over the Accept header (the first value that names a format for this kind);
    then the Accept header with its q-values (the most specific matching range counts); then the default, JSON for
    SELECT/ASK and Turtle for CONSTRUCT/DESCRIBE.
    """
    names, media = (_GRAPH_NAMES, _GRAPH_MEDIA) if kind == "graph" else (_TABLE_NAMES, _TABLE_MEDIA)
    requested = [value.split(";")[0].strip().lower() for value in requested if value.strip()]
    if requested:
        return next((names[value] for value in requested if value in names), None)
    ranges = _accept_ranges(accept)
    if not ranges:
        return next(iter(media.values()))
    best: tuple[float, int, int] | None = None
    chosen = None
    for rank, (media_type, fmt) in enumerate(media.items()):
        top, sub = media_type.split("/")
        matches = [
            (q, 2 if r == media_type else 1 if r == f"{top}/*" else 0)
            for r, q in ranges
            if r in (media_type, f"{top}/*", "*/*")
        ]
        if not matches:
            continue
        q, specificity = max(matches, key=lambda m: m[1])  # the most specific range decides the q-value
        score = (q, specificity, -rank)
        if q > 0 and (best is None or score > best):
            best, chosen = score, fmt
    return chosen


def _format_names(kind: str) -> str:
    return "turtle, nt, jsonld, rdfxml" if kind == "graph" else "json, xml, csv, tsv"


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def _xml_text(text: str) -> str:
    """Escape for XML 1.0, which cannot carry most control characters at all (they become U+FFFD)."""
    return xml_escape(_XML_ILLEGAL.sub("\ufffd", text))


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != XSD + "string":
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{_xml_text(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"not an RDF term: {term!r}")


def xml_results(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results XML Format for a SELECT or ASK result."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_SPARQL_RESULTS_NS}">\n'
    if result.kind == "ask":
        return head + f"  <head/>\n  <boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n"
    lines = [head + "  <head>"]
    lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    lines.append("  </head>\n  <results>")
    for row in result.rows:
        bindings = "".join(
            f"<binding name={quoteattr(v)}>{_xml_term(term)}</binding>"
            for v, term in zip(result.variables, row, strict=True)
            if term is not None
        )
        lines.append(f"    <result>{bindings}</result>")
    lines.append("  </results>\n</sparql>\n")
    return "\n".join(lines)


def serialize_result(result: QueryResult, fmt: str) -> bytes:
    """The bytes of a result in one of CONTENT_TYPES' formats; JSON, CSV and TSV are exactly what `kg query` prints."""
    if result.kind == "graph":
        triples = sorted(result.triples, key=str)  # the same bytes for the same triples
        if fmt == "jsonld":
            return format_result(result, "json").encode("utf-8")
        rdf_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
        # Resource IRIs stay whole: as kgr: names their '/' would need escaping (kgr:Park\/…), which reads badly.
        prefixes = None if fmt == "nt" else {name: ns for name, ns in PREFIXES.items() if name != "kgr"}
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""
    if fmt == "xml":
        return xml_results(result).encode("utf-8")
    return format_result(result, fmt).encode("utf-8")


# --------------------------------------------------------------------------------------------------------------
# Running one query (inside a worker process)
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryJob:
    """A query as the endpoint received it: text, the requested formats, and the SPARQL Protocol's dataset."""

    query: str
    formats: tuple[str, ...] = ()
    accept: str = ""
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    """What the endpoint sends back; `rows` (rows or triples) is for the log."""

    status: int
    content_type: str
    body: bytes
    rows: int | None = None
    retry_after: int | None = None


def error_reply(status: int, message: str, *, retry_after: int | None = None) -> Reply:
    body = (message.rstrip("\n") + "\n").encode("utf-8")
    return Reply(int(status), "text/plain; charset=utf-8", body, retry_after=retry_after)


def _graph_nodes(iris: Iterable[str], what: str) -> list[ox.NamedNode]:
    nodes = []
    for iri in iris:
        try:
            nodes.append(ox.NamedNode(iri))
        except ValueError as exc:
            raise HttpError(HTTPStatus.BAD_REQUEST, f"{what} {iri!r} is not an IRI: {exc}") from exc
    return nodes


def _parser_message(query_text: str) -> str:
    """The message `kg query` gives for a query that does not parse (the same wording, through run_query).

    The query never parses, so the empty store it is handed is never read."""
    try:
        run_query(ox.Store(), query_text)
    except QueryError as exc:
        return str(exc)
    return "malformed SPARQL query"


def answer_query(store: ox.Store, job: QueryJob, max_rows: int) -> Reply:
    """Evaluate a (read-only, already checked) query and serialise its result, stopping at `max_rows` + 1 rows."""
    try:
        options: dict[str, Any] = {}
        if job.default_graphs:
            options["default_graph"] = _graph_nodes(job.default_graphs, "default-graph-uri")
        if job.named_graphs:
            options["named_graphs"] = _graph_nodes(job.named_graphs, "named-graph-uri")
    except HttpError as exc:
        return error_reply(exc.status, exc.message)
    try:
        answer = store.query(job.query, prefixes=PREFIXES, **options)
    except SyntaxError:
        return error_reply(HTTPStatus.BAD_REQUEST, _parser_message(job.query))
    except (OSError, RuntimeError, ValueError) as exc:
        return error_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}")

    if isinstance(answer, ox.QueryBoolean):
        kind = "ask"
    else:
        kind = "graph" if isinstance(answer, ox.QueryTriples) else "select"
    fmt = choose_format(kind, job.formats, job.accept)
    if fmt is None:
        asked = ", ".join(job.formats) if job.formats else f"Accept: {job.accept}"
        return error_reply(
            HTTPStatus.NOT_ACCEPTABLE,
            f"no result format for a {kind.upper() if kind != 'graph' else 'CONSTRUCT/DESCRIBE'} query matches "
            f"{asked}; available: {_format_names(kind)} (or their media types)",
        )
    try:
        if kind == "ask":
            result = QueryResult(kind="ask", boolean=bool(answer))
            count = None
        elif kind == "graph":
            triples = []
            for triple in answer:
                triples.append(triple)
                if len(triples) > max_rows:
                    return _too_many(max_rows, "triples")
            result = QueryResult(kind="graph", triples=triples)
            count = len(triples)
        else:
            variables = [v.value for v in answer.variables]
            rows = []
            for solution in answer:
                rows.append(tuple(solution[name] for name in variables))
                if len(rows) > max_rows:
                    return _too_many(max_rows, "rows")
            result = QueryResult(kind="select", variables=variables, rows=rows)
            count = len(rows)
    except (OSError, RuntimeError, ValueError) as exc:  # evaluation errors surface while iterating
        return error_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}")
    return Reply(int(HTTPStatus.OK), CONTENT_TYPES[fmt], serialize_result(result, fmt), count)


def _too_many(max_rows: int, what: str) -> Reply:
    return error_reply(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        f"the result has more than {max_rows} {what}, the row limit of this endpoint (kg serve --max-rows); "
        "add a LIMIT or narrow the query",
    )


def store_identity(store_dir: str | Path) -> tuple[int, int] | None:
    """Which build the store folder holds: `kg build` swaps a new store folder in whole, so a new inode is a new
    build. None when there is no folder."""
    try:
        st = os.stat(store_dir)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _open_one_build(store_dir: str) -> tuple[ox.Store, tuple[int, int] | None]:
    """The store and the build it belongs to; opened again if a rebuild swapped the folder while it opened."""
    for _ in range(5):
        before = store_identity(store_dir)
        store = open_store(Path(store_dir))
        if store_identity(store_dir) == before:
            return store, before
    return store, store_identity(store_dir)


def _worker_main(store_dir: str, max_rows: int, conn: Connection) -> None:
    """A worker process: open the store read-only, then answer jobs until the server closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it ends the workers
    try:
        store, build = _open_one_build(store_dir)
    except KgError as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", build))
    try:
        threading.stack_size(QUERY_STACK_BYTES)
        deep_stack = True
    except (ValueError, RuntimeError):  # a platform without settable thread stacks: the check of the text remains
        deep_stack = False
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        replies: list[Reply] = []

        def answer(job: QueryJob = job, replies: list[Reply] = replies) -> None:
            try:
                replies.append(answer_query(store, job, max_rows))
            except Exception as exc:  # a bug in one answer must not take the worker down with an unclear message
                replies.append(
                    error_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(exc).__name__}: {exc}")
                )

        if deep_stack:
            # A fresh thread per query: the stack a deep query used is given back when it ends.
            runner = threading.Thread(target=answer, name="kg-query")
            runner.start()
            runner.join()
        else:
            answer()
        conn.send(replies[0])


# --------------------------------------------------------------------------------------------------------------
# The pool of worker processes
# --------------------------------------------------------------------------------------------------------------


# How a worker dies when a query overflows the engine's stack.
_CRASH_SIGNALS = frozenset({signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT})


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    build: tuple[int, int] | None = None  # the store folder it opened (store_identity)


class WorkerPool:
    """Worker processes that each hold the store open; a query that overruns its time limit costs its worker.

    Every worker answers from the same build: when `kg build` swaps a new store in, the next query notices, a whole
    new set of workers opens it, and the old ones end as their queries finish; a replacement that would open
    another build than its peers is never mixed in.

    "spawn" rather than fork: replacements are started while the server's threads run, and forking a threaded
    process can copy a lock in a held state.
    """

    def __init__(self, store_dir: Path, size: int, max_rows: int, max_queued: int = DEFAULT_MAX_QUEUED) -> None:
        self._ctx = multiprocessing.get_context("spawn")
        self._store_dir = str(store_dir)
        self._max_rows = max_rows
        self.size = size
        # Requests that may be waiting for or using a worker; beyond that the answer is 503 at once.
        self._admitted = threading.BoundedSemaphore(size + max_queued)
        self.max_queued = max_queued
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._start_failure: str | None = None  # why the last replacement worker could not start
        self._reload_lock = threading.Lock()
        self.build: tuple[int, int] | None = None
        try:
            workers = self._start_set()
        except BaseException:
            self.close()
            raise
        self.build = workers[0].build
        for worker in workers:
            self._idle.put(worker)

    def _start_set(self) -> list[_Worker]:
        """`size` ready workers on one build (started again if a rebuild landed while they opened)."""
        for _ in range(3):
            workers = [self._launch() for _ in range(self.size)]
            try:
                for worker in workers:
                    self._await_ready(worker)
            except BaseException:
                for worker in workers:
                    self._end(worker)
                raise
            if len({w.build for w in workers}) == 1:
                return workers
            for worker in workers:
                self._end(worker)
        raise KgError("the store kept changing while the query workers opened it (a build running in a loop?)")

    def current_build(self) -> tuple[int, int] | None:
        """The build the workers answer from, after following a rebuild that swapped a new store in."""
        now = store_identity(self._store_dir)
        if now is not None and now != self.build:
            with self._reload_lock:
                if store_identity(self._store_dir) != self.build:
                    self._reload()
        return self.build

    def _reload(self) -> None:
        try:
            fresh = self._start_set()
        except KgError as exc:
            print(f"kg serve: the store was rebuilt but cannot be opened ({exc}); still answering from the "
                  "previous build", file=sys.stderr, flush=True)
            return
        with self._lock:
            self.build = fresh[0].build
            closed = self._closed
        stale = []
        while True:
            try:
                stale.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in fresh:
            if closed:
                self._end(worker)
            else:
                self._idle.put(worker)
        for worker in stale:
            self._end(worker)
        print(f"kg serve: the store was rebuilt; {len(fresh)} query workers now answer from the new build",
              file=sys.stderr, flush=True)

    def _launch(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main, args=(self._store_dir, self._max_rows, child), name="kg-serve-worker", daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._live.add(worker)
        return worker

    def _await_ready(self, worker: _Worker) -> None:
        try:
            message = worker.conn.recv() if worker.conn.poll(WORKER_START_TIMEOUT) else ("failed", "no answer")
        except (EOFError, OSError):
            message = ("failed", f"it exited with status {worker.process.exitcode}")
        if message[0] != "ready":
            self._end(worker)
            raise KgError(f"a query worker could not start: {message[1]}")
        worker.build = message[1]

    def _end(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        with self._lock:
            self._live.discard(worker)

    def _replace(self) -> None:
        try:
            worker = self._launch()
            self._await_ready(worker)
        except KgError as exc:
            print(f"kg serve: {exc}", file=sys.stderr, flush=True)
            with self._lock:
                self._start_failure = str(exc)
            return
        with self._lock:
            self._start_failure = None
            closed = self._closed
            mixed = worker.build != self.build
        if closed or mixed:
            self._end(worker)  # a rebuild landed: the next query starts a whole set on it
        else:
            self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker whose query overran or failed, and start another in the background."""
        self._end(worker)
        with self._lock:
            closed = self._closed
        if not closed:
            threading.Thread(target=self._replace, name="kg-serve-respawn", daemon=True).start()

    def run(self, job: QueryJob, timeout: float) -> Reply:
        """Answer `job` in a worker within `timeout` seconds (after waiting at most as long for a free worker);
        when --max-queued queries already wait, answer 503 at once, so waiting requests stay bounded."""
        if not self._admitted.acquire(blocking=False):
            return error_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the server is busy: {self.size} queries are running and {self.max_queued} are waiting "
                f"(kg serve --workers, --max-queued); try again in {RETRY_AFTER_SECONDS} s",
                retry_after=RETRY_AFTER_SECONDS,
            )
        try:
            return self._run_admitted(job, timeout)
        finally:
            self._admitted.release()

    def _no_workers_left(self) -> Reply | None:
        """With every worker gone and the last replacement refused (the store deleted or moved away), say so rather
        than that the workers are busy; one new start is tried first, in case the store is back."""
        with self._lock:
            failure, live = self._start_failure, len(self._live)
        if failure is None or live:
            return None
        self._replace()
        with self._lock:
            failure = self._start_failure
        if failure is None:
            return None
        return error_reply(HTTPStatus.SERVICE_UNAVAILABLE, f"no query worker can open the store any more ({failure}); "
                           "was it deleted or moved? Rebuild it and restart kg serve")

    def _run_admitted(self, job: QueryJob, timeout: float) -> Reply:
        self.current_build()
        gone = self._no_workers_left()
        if gone is not None:
            return gone
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return error_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"all {self.size} query workers stayed busy for {timeout:g} s; try again, or start kg serve with "
                "more --workers",
                retry_after=RETRY_AFTER_SECONDS,
            )
        done = False
        try:
            worker.conn.send(job)
            if worker.conn.poll(timeout):
                reply = worker.conn.recv()
                done = True
                return reply
            return error_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query ran longer than the time limit of {timeout:g} s and was stopped (kg serve --timeout); "
                "narrow it, e.g. with more selective patterns or a LIMIT",
            )
        except (EOFError, OSError):
            worker.process.join(timeout=5)
            code = worker.process.exitcode
            if code is not None and code < 0 and -code in _CRASH_SIGNALS:
                return error_reply(
                    HTTPStatus.BAD_REQUEST,
                    f"the query engine crashed on this query ({signal.Signals(-code).name}), most likely because it "
                    "is nested or chained too deeply; simplify it. A new query worker is starting",
                )
            return error_reply(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                f"the query worker ended while answering (exit status {code}; out of memory?); a new one is starting",
            )
        finally:
            if done and worker.build == self.build:
                self._idle.put(worker)
            elif done:
                self._end(worker)  # it answered from the build before a rebuild; its successors are running
            else:
                self._retire(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._live)
        for worker in workers:
            self._end(worker)


# --------------------------------------------------------------------------------------------------------------
# Saved queries and the query page
# --------------------------------------------------------------------------------------------------------------


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no `</script>`, `<!--` or line separators can form."""
    text = json.dumps(value, ensure_ascii=False)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(raw, f"\\u{ord(raw):04x}")
    return text


# Rows drawn in the page's table; the CSV download always has them all.
PAGE_ROW_LIMIT = 2000

PAGE_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg · SPARQL 查询 Query</title>
<style>
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --accent: #0969da; --bad: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC",
  "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
header { display: flex; gap: 1.5em; align-items: baseline; padding: .6em 1em; border-bottom: 1px solid var(--line); }
header h1 { font-size: 1.15em; margin: 0; }
header nav a { color: var(--accent); }
main { display: grid; grid-template-columns: minmax(14em, 22em) 1fr; min-height: calc(100vh - 3em); }
aside { border-right: 1px solid var(--line); padding: .6em; overflow: auto; }
aside h2 { font-size: 1em; margin: .2em 0 .6em; }
#kg-saved-list { list-style: none; margin: 0; padding: 0; }
#kg-saved-list button { display: block; width: 100%; text-align: left; border: 1px solid transparent;
  background: none; padding: .4em .5em; border-radius: 6px; cursor: pointer; font: inherit; color: inherit; }
#kg-saved-list button:hover, #kg-saved-list button.active { background: #f3f6fa; border-color: var(--line); }
.zh { display: block; font-weight: 600; }
.en, .file { display: block; color: var(--muted); font-size: .9em; }
section { padding: .6em 1em; min-width: 0; }
#kg-query { width: 100%; min-height: 16em; font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas,
  "Noto Sans Mono CJK SC", monospace; padding: .5em; border: 1px solid var(--line); border-radius: 6px; }
.bar { display: flex; flex-wrap: wrap; gap: .8em; align-items: center; margin: .5em 0; }
.bar button { font: inherit; padding: .3em .9em; border-radius: 6px; border: 1px solid var(--line);
  background: #f6f8fa; cursor: pointer; }
.bar button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
.bar button:disabled { opacity: .5; cursor: default; }
#kg-status { color: var(--muted); }
#kg-error { color: var(--bad); white-space: pre-wrap; border: 1px solid var(--bad); border-radius: 6px;
  padding: .5em; margin: .5em 0; }
#kg-results { overflow: auto; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: .25em .5em; text-align: left; vertical-align: top;
  max-width: 40em; overflow-wrap: anywhere; }
th { background: #f6f8fa; position: sticky; top: 0; }
td a { color: var(--accent); text-decoration: none; }
td a:hover { text-decoration: underline; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; padding: .5em; border-radius: 6px; }
</style>
</head>
<body>
<header>
  <h1>kg · SPARQL</h1>
  <nav><a href="/graph" id="kg-whole-graph">整个图谱的网络视图 · Network view of the whole graph</a></nav>
  <span class="en">endpoint <code>/sparql</code> · __LIMITS__</span>
</header>
<main>
<aside>
  <h2>已保存的查询 · Saved queries</h2>
  <ul id="kg-saved-list"></ul>
</aside>
<section>
  <textarea id="kg-query" spellcheck="false" aria-label="SPARQL query"></textarea>
  <div class="bar">
    <button id="kg-run" class="primary" type="button">运行 · Run</button>
    <span class="en">Ctrl+Enter</span>
    <button id="kg-csv" type="button" disabled>下载 CSV · Download CSV</button>
    <a id="kg-network" href="/graph" hidden>在网络视图中查看结果 · Show the result as a network</a>
    <span id="kg-status" role="status"></span>
  </div>
  <div id="kg-error" role="alert" hidden></div>
  <div id="kg-results"></div>
</section>
</main>
<script id="kg-data" type="application/json">__DATA__</script>
<script>
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const editor = document.getElementById("kg-query");
  const runButton = document.getElementById("kg-run");
  const csvButton = document.getElementById("kg-csv");
  const networkLink = document.getElementById("kg-network");
  const statusLine = document.getElementById("kg-status");
  const errorBox = document.getElementById("kg-error");
  const results = document.getElementById("kg-results");
  const list = document.getElementById("kg-saved-list");
  let lastQuery = null;
  let lastName = "query";

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function shorten(iri) {
    for (const [name, ns] of data.prefixes) {
      if (iri.startsWith(ns) && iri.length > ns.length) return name + ":" + iri.slice(ns.length);
    }
    return "<" + iri + ">";
  }
  function termText(term) {
    if (term.type === "uri") return shorten(term.value);
    if (term.type === "bnode") return "_:" + term.value;
    if (term.type === "triple") {
      const t = term.value;
      return "<< " + termText(t.subject) + " " + termText(t.predicate) + " " + termText(t.object) + " >>";
    }
    return term.value;
  }
  function cell(term) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = el("a", shorten(term.value));
      a.href = "/graph?entity=" + encodeURIComponent(term.value);
      a.title = term.value;
      td.appendChild(a);
    } else {
      td.textContent = termText(term);
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      else if (term.datatype) td.title = term.datatype;
    }
    return td;
  }
  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }
  function clear() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    results.replaceChildren();
    statusLine.textContent = "";
  }
  function renderTable(result, ms) {
    const vars = result.head.vars || [];
    const rows = result.results.bindings;
    const table = el("table");
    table.id = "kg-table";
    const head = el("tr");
    for (const v of vars) head.appendChild(el("th", "?" + v));
    table.appendChild(el("thead")).appendChild(head);
    const body = table.appendChild(el("tbody"));
    for (const row of rows.slice(0, data.rowLimit)) {
      const tr = el("tr");
      for (const v of vars) tr.appendChild(cell(row[v]));
      body.appendChild(tr);
    }
    results.appendChild(table);
    let text = rows.length + " 行 rows · " + ms + " ms";
    if (rows.length > data.rowLimit) {
      text += " · 显示前 " + data.rowLimit + " 行 (showing the first " + data.rowLimit + "; the CSV has all)";
    }
    statusLine.textContent = text;
  }
  async function post(query, accept) {
    return fetch("/sparql", {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", "Accept": accept},
      body: new URLSearchParams({query: query}),
    });
  }
  async function run() {
    const query = editor.value;
    clear();
    csvButton.disabled = true;
    networkLink.hidden = true;
    runButton.disabled = true;
    statusLine.textContent = "运行中… running";
    const started = performance.now();
    try {
      const response = await post(query, "application/sparql-results+json, text/turtle;q=0.9");
      const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
      const body = await response.text();
      const ms = Math.round(performance.now() - started);
      statusLine.textContent = "";
      if (!response.ok) {
        showError(response.status + " " + response.statusText + "\\n" + body);
        return;
      }
      lastQuery = query;
      if (type === "application/sparql-results+json") {
        const result = JSON.parse(body);
        if (Object.prototype.hasOwnProperty.call(result, "boolean")) {
          results.appendChild(el("p", "ASK → " + result.boolean, "ask"));
          statusLine.textContent = ms + " ms";
        } else {
          renderTable(result, ms);
          csvButton.disabled = false;
          networkLink.href = "/graph?query=" + encodeURIComponent(query);
          networkLink.hidden = false;
        }
      } else {
        results.appendChild(el("pre", body));
        statusLine.textContent = type + " · " + ms + " ms";
      }
    } catch (error) {
      statusLine.textContent = "";
      showError("请求失败 · request failed: " + error);
    } finally {
      runButton.disabled = false;
    }
  }
  async function downloadCsv() {
    if (lastQuery === null) return;
    try {
      const response = await post(lastQuery, "text/csv");
      if (!response.ok) {
        showError(response.status + " " + response.statusText + "\\n" + await response.text());
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const a = el("a");
      a.href = url;
      a.download = lastName + ".csv";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    } catch (error) {
      showError("下载失败 · download failed: " + error);
    }
  }
  for (const saved of data.saved) {
    const button = el("button");
    button.type = "button";
    button.dataset.file = saved.file;
    button.title = saved.description;
    button.appendChild(el("span", saved.titleZh, "zh"));
    button.appendChild(el("span", saved.titleEn, "en"));
    button.appendChild(el("span", saved.file, "file"));
    button.addEventListener("click", function () {
      for (const other of list.querySelectorAll("button.active")) other.classList.remove("active");
      button.classList.add("active");
      editor.value = saved.text;
      lastName = saved.file.replace(/\\.rq$/, "");
      run();
    });
    list.appendChild(el("li")).appendChild(button);
  }
  if (!data.saved.length) list.appendChild(el("li", "（无 · none found in " + data.savedFolder + "）"));
  editor.value = data.saved.length ? data.saved[0].text : "SELECT ?park WHERE { ?p a kg:Park ; rdfs:label ?park }";
  editor.addEventListener("input", function () { lastName = "query"; });
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  runButton.addEventListener("click", run);
  csvButton.addEventListener("click", downloadCsv);
  window.kgQueryPageReady = true;
})();
</script>
</body>
</html>
"""


def render_query_page(saved: list[SavedQuery], saved_folder: Path, timeout: float, max_rows: int) -> str:
    """The query page: everything inline (no asset is fetched), every value put in with textContent by the script."""
    data = {
        "saved": [
            {"file": q.file, "titleZh": q.title_zh, "titleEn": q.title_en, "description": q.description, "text": q.text}
            for q in saved
        ],
        "savedFolder": str(saved_folder),
        "prefixes": list(PREFIXES.items()),
        "rowLimit": PAGE_ROW_LIMIT,
    }
    limits = f"time limit {timeout:g} s · row limit {max_rows}"
    return _PAGE.replace("__LIMITS__", limits).replace("__DATA__", _script_json(data))


# --------------------------------------------------------------------------------------------------------------
# The network view
# --------------------------------------------------------------------------------------------------------------


def _subnetwork(network: Any, keep: set[str]) -> Any:
    """The entities in `keep` and the edges between them (dataclasses.replace keeps any other field of Network)."""
    nodes = [n for n in network.nodes if n.id in keep]
    edges = [e for e in network.edges if e.source in keep and e.target in keep]
    return dataclasses.replace(network, nodes=nodes, edges=edges)


def _neighbourhood(network: Any, entity: str) -> Any:
    """The entity, the entities one edge away in either direction, and the edges among them."""
    keep = {entity}
    for edge in network.edges:
        if edge.source == entity:
            keep.add(edge.target)
        elif edge.target == entity:
            keep.add(edge.source)
    return _subnetwork(network, keep)


def _result_entities(document: dict[str, Any], network: Any) -> set[str]:
    """Entities a SELECT result names: IRIs of the network's nodes, and literals equal to a node's label (the saved
    queries return names, not IRIs)."""
    iris: set[str] = set()
    names: set[str] = set()
    for binding in document.get("results", {}).get("bindings", []):
        for term in binding.values():
            if term.get("type") == "uri":
                iris.add(term["value"])
            elif term.get("type") == "literal":
                names.add(term["value"])
    return {n.id for n in network.nodes if n.id in iris or n.label in names}


# --------------------------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------------------------


# What the options may be: seconds a query may run, seconds a request may take to arrive, rows, connections.
TIMEOUT_BOUNDS = (0.01, 86_400.0)
READ_TIMEOUT_BOUNDS = (0.1, 3_600.0)
MAX_ROWS_LIMIT = 100_000_000
MAX_CONNECTIONS_LIMIT = 10_000


def _within(option: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:  # NaN fails both comparisons
        raise KgError(f"{option} must be between {low:g} and {high:g}, not {value:g}")


@dataclass(frozen=True)
class ServeConfig:
    """What `kg serve` was asked for; `store_dir` is the store folder itself (OUT/store)."""

    store_dir: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = DEFAULT_WORKERS
    queries_dir: Path = SAVED_QUERIES_DIR
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    max_queued: int = DEFAULT_MAX_QUEUED
    read_timeout: float = DEFAULT_READ_TIMEOUT
    token: str | None = dataclasses.field(default=None, repr=False)
    insecure_no_token: bool = False

    def validate(self) -> None:
        """Bounds checked at start: a value outside them would start a server that fails every request later
        (an infinite time-out overflows the socket's, a nanosecond one cuts every client off)."""
        if not 0 <= self.port <= 65535:
            raise KgError(f"--port must be between 0 and 65535, not {self.port}")
        _within("--timeout", self.timeout, *TIMEOUT_BOUNDS)
        _within("--read-timeout", self.read_timeout, *READ_TIMEOUT_BOUNDS)
        _within("--max-rows", self.max_rows, 1, MAX_ROWS_LIMIT)
        if self.workers < 1:
            raise KgError(f"--workers must be 1 or more, not {self.workers}")
        _within("--max-connections", self.max_connections, 1, MAX_CONNECTIONS_LIMIT)
        _within("--max-queued", self.max_queued, 0, MAX_CONNECTIONS_LIMIT)
        if self.token is not None:
            if len(self.token) < MIN_TOKEN_LENGTH or not self.token.isascii() or not self.token.isprintable():
                raise KgError(f"${TOKEN_VARIABLE} must be at least {MIN_TOKEN_LENGTH} printable ASCII characters "
                              "(e.g. the output of `python3 -c 'import secrets; print(secrets.token_urlsafe())'`)")
        elif not _is_loopback(self.host) and not self.insecure_no_token:
            raise KgError(
                f"refusing to listen on {self.host} without a token: anyone who can reach that address could read "
                f"the graph. Set ${TOKEN_VARIABLE} to a secret that clients send as 'Authorization: Bearer TOKEN', "
                "or pass --insecure-no-token if the network is trusted"
            )


class KgServer(ThreadingHTTPServer):
    """The HTTP server: the worker pool, the query page and the (lazily read) network of the store."""

    daemon_threads = True
    block_on_close = False  # idle keep-alive connections must not hold up Ctrl-C
    # The listen backlog: 5 (socketserver's default) drops connections when many clients start at once.
    request_queue_size = 128

    def __init__(self, config: ServeConfig, store: ox.Store, saved: list[SavedQuery]) -> None:
        self.address_family = _address_family(config.host)
        super().__init__((config.host, config.port), _Handler)
        self.config = config
        self._connections = threading.BoundedSemaphore(config.max_connections)
        self.render_slots = threading.BoundedSemaphore(MAX_PAGE_RENDERS)
        self.store = store
        self._store_build = store_identity(config.store_dir)
        self.pool: WorkerPool | None = None
        self.page = render_query_page(saved, config.queries_dir, config.timeout, config.max_rows).encode("utf-8")
        self._network: Any = None
        self._chain_context: Any = None
        self._whole_pages: dict[str, bytes] = {}
        self._network_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection on a thread of its own, unless --max-connections are open: then a short 503."""
        if not self._connections.acquire(blocking=False):
            _refuse_connection(request, self.config.max_connections)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._connections.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def current_store(self) -> ox.Store:
        """The store of the build the query workers answer from (reopened after a rebuild, with its network)."""
        build = self.pool.current_build() if self.pool is not None else self._store_build
        with self._network_lock:
            if build != self._store_build:
                self.store, self._store_build = _open_one_build(str(self.config.store_dir))
                self._network = None
                self._chain_context = None
                self._whole_pages.clear()
            return self.store

    def chain_context(self) -> Any:
        """The store's firms placed on the chains (kg.chains.chains), read once per build, as the network is."""
        from kg.chains import chains

        store = self.current_store()
        with self._network_lock:
            if self._chain_context is None:
                self._chain_context = chains.ChainContext.from_store(store)
            return self._chain_context

    def network(self) -> Any:
        """The store's whole network (kg.viz.viz), read once per build."""
        from kg.viz import viz

        store = self.current_store()
        with self._network_lock:
            if self._network is None:
                self._network = viz.network_from_store(store)
            return self._network

    def whole_graph_page(self, lang: str) -> bytes:
        from kg.viz import viz

        network = self.network()
        with self._network_lock:
            if lang not in self._whole_pages:
                # A graph too big to draw whole is drawn as its most connected entities, as `kg build` draws it.
                shown, view = viz.select_view(network, lang=lang)
                with self.rendering():
                    self._whole_pages[lang] = viz.render_network_html(shown, lang=lang, view=view).encode("utf-8")
            return self._whole_pages[lang]

    @contextlib.contextmanager
    def rendering(self) -> Iterator[None]:
        """A slot for drawing a network page (its layout runs here, in the server); 503 when all are taken."""
        if not self.render_slots.acquire(blocking=False):
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, f"{MAX_PAGE_RENDERS} network views are being drawn; try "
                            f"again in {RETRY_AFTER_SECONDS} s", retry_after=RETRY_AFTER_SECONDS)
        try:
            yield
        finally:
            self.render_slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up or stalls costs one log line, not a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            print(f"kg serve: {client_address[0]}: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        else:
            super().handle_error(request, client_address)


def _refuse_connection(sock: Any, limit: int) -> None:
    """Answer a connection over the limit without reading its request (the accept loop must not wait on it)."""
    body = (f"the server is busy: {limit} connections are open (kg serve --max-connections); try again in "
            f"{RETRY_AFTER_SECONDS} s\n").encode()
    head = (f"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nRetry-After: {RETRY_AFTER_SECONDS}\r\nConnection: close\r\n"
            "Cache-Control: no-store\r\n\r\n").encode("ascii")
    try:
        sock.setblocking(False)
        sock.send(head + body)  # a fresh socket's send buffer takes these few hundred bytes at once
        while sock.recv(1 << 16):  # what the client already sent, so closing does not reset the connection
            pass
    except OSError:  # BlockingIOError once nothing more has arrived
        pass


class _DeadlineReader(io.RawIOBase):
    """The connection's reading side, failing with TimeoutError once the handler's request deadline has passed:
    a per-read timeout alone lets a client that sends a byte every few seconds hold its thread for ever."""

    def __init__(self, sock: Any, handler: _Handler) -> None:
        self._sock = sock
        self._handler = handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._handler.read_deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request was not received in time")
        self._sock.settimeout(remaining)
        return self._sock.recv_into(buffer)


def _address_family(host: str) -> int:
    import socket

    try:
        return socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        return socket.AF_INET


def _check_network_size(network: Any, what: str) -> None:
    if len(network.nodes) > NETWORK_NODE_LIMIT:
        raise HttpError(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"{what} has {len(network.nodes)} entities, more than the network view draws ({NETWORK_NODE_LIMIT}); "
            "draw part of it with /graph?query=SELECT … or /graph?entity=IRI",
        )


def _parse_params(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=1000)
    except UnicodeDecodeError as exc:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"the parameters are not UTF-8: {exc}") from exc
    except ValueError as exc:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"cannot read the parameters: {exc}") from exc


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"more than one {name} parameter")
    return values[0] if values else None


class _Handler(BaseHTTPRequestHandler):
    server: KgServer
    protocol_version = "HTTP/1.1"
    server_version = f"kg/{__version__}"
    timeout = DEFAULT_READ_TIMEOUT
    read_deadline = 0.0
    # Headers and body go out as two writes; with Nagle's algorithm the body waits for the client's delayed ACK of
    # the headers, adding about 40 ms to every answer on keep-alive connections.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.rfile.close()
        self.rfile = io.BufferedReader(_DeadlineReader(self.connection, self))

    def handle_one_request(self) -> None:
        """One request; it must have arrived whole within --read-timeout (idle keep-alive time included)."""
        self.read_deadline = time.monotonic() + self.server.config.read_timeout
        super().handle_one_request()

    # ---------------------------------------------------------------------------------------------- routing

    def _authorized(self) -> bool:
        """With a token configured, every request must carry `Authorization: Bearer TOKEN`; answer 401 otherwise."""
        token = self.server.config.token
        if token is None:
            return True
        scheme, _, value = (self.headers.get("Authorization") or "").strip().partition(" ")
        sent = value.strip().encode("latin-1", "replace")  # header text is read as Latin-1
        if scheme.lower() == "bearer" and hmac.compare_digest(sent, token.encode("ascii")):
            return True
        self.close_connection = True  # a POST body stays unread
        self._send(HTTPStatus.UNAUTHORIZED, "text/plain; charset=utf-8",
                   b"this server wants a token: send the header 'Authorization: Bearer TOKEN'\n",
                   extra={"WWW-Authenticate": 'Bearer realm="kg serve"'})
        return False

    def do_GET(self) -> None:
        self._begin()
        if self._framed() and self._authorized():
            self._dispatch("GET", b"")

    do_HEAD = do_GET  # the GET answer's status and headers; `_send` leaves out the body

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own refusals (a malformed or too long request line, an unknown method, too many
        headers) as one plain line with a status line, like every other error here, never its HTML page."""
        if self.request_version == "HTTP/0.9":  # what it assumes before it could read a version: answer as 1.1
            self.request_version = self.protocol_version
        self._begin()
        self.log_error("code %d, message %s", code, message or "")
        self.close_connection = True
        phrase = HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else "error"
        self._send_error(code, message or phrase)

    def _framed(self) -> bool:
        """Refuse a request whose length is ambiguous: behind a proxy that reads it otherwise, the rest of its
        bytes would be taken for a second request (request smuggling). One Content-Length, plain digits; no
        Transfer-Encoding (the endpoint reads no chunked bodies); a GET or HEAD carries no body at all."""
        problem = None
        lengths = [v.strip() for v in self.headers.get_all("Content-Length") or []]
        if self.headers.get_all("Transfer-Encoding"):
            problem = (HTTPStatus.LENGTH_REQUIRED, "Transfer-Encoding is not accepted: send the body with one "
                       "Content-Length")
        elif len(set(lengths)) > 1:
            problem = (HTTPStatus.BAD_REQUEST, "conflicting Content-Length headers")
        elif lengths and not re.fullmatch(r"[0-9]{1,18}", lengths[0]):
            problem = (HTTPStatus.BAD_REQUEST, f"bad Content-Length {lengths[0][:40]!r}: plain digits only")
        elif self.command in ("GET", "HEAD") and lengths and int(lengths[0]) > 0:
            problem = (HTTPStatus.BAD_REQUEST, f"a {self.command} request carries no body; send queries with POST")
        if problem is None:
            return True
        self.close_connection = True  # whatever body follows is never read as a request
        self._send_error(*problem)
        return False

    def do_POST(self) -> None:
        self._begin()
        if not self._framed() or not self._authorized():
            return
        try:
            body = self._read_body()
        except HttpError as exc:
            self.close_connection = True  # the unread body would be taken for the next request
            self._send_error(exc.status, exc.message)
            return
        self._dispatch("POST", body)

    def _begin(self) -> None:
        """Reset what the log line reports: one handler object serves every request of a keep-alive connection."""
        self._started = time.perf_counter()
        self._rows: int | None = None

    def _method_not_allowed(self) -> None:
        self._begin()
        if not self._authorized():
            return
        self.close_connection = True
        self._send_error(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not supported: this server is read-only",
                         allow="GET, POST")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _method_not_allowed

    def _dispatch(self, method: str, body: bytes) -> None:
        url = urlsplit(self.path)
        try:
            if url.path == "/sparql":
                self._sparql(method, url.query, body)
            elif url.path in ("/", "/index.html"):
                self._require_get(method)
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.page, csp=PAGE_CSP)
            elif url.path == "/graph":
                self._require_get(method)
                self._graph(url.query)
            elif url.path == "/chain":
                self._require_get(method)
                self._chain(url.query)
            elif url.path == "/favicon.ico":  # browsers ask for it; there is none, and that is not an error
                self._send(HTTPStatus.NO_CONTENT, "text/plain", b"")
            else:
                raise HttpError(HTTPStatus.NOT_FOUND, f"no such page: {url.path} (the endpoint is /sparql, the "
                                "query page /, the network view /graph, chain maps /chain?place=…)")
        except HttpError as exc:
            self._send_error(exc.status, exc.message, retry_after=exc.retry_after)

    def _require_get(self, method: str) -> None:
        if method != "GET":
            raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not supported here; use GET")

    def _read_body(self) -> bytes:
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            raise HttpError(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        length = int(length_header)  # checked by _framed: plain digits
        if length > MAX_BODY_BYTES:
            if length <= DRAIN_LIMIT_BYTES:
                # Read it away, so the client (still sending) gets the answer rather than a reset connection.
                remaining = length
                while remaining > 0 and (chunk := self.rfile.read(min(remaining, 1 << 16))):
                    remaining -= len(chunk)
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                            f"the request body has {length} bytes; queries are limited to {MAX_BODY_BYTES} bytes")
        return self.rfile.read(length)

    # ---------------------------------------------------------------------------------------------- /sparql

    def _sparql(self, method: str, url_query: str, body: bytes) -> None:
        params = _parse_params(url_query)
        if method == "POST":
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type == "application/x-www-form-urlencoded":
                try:
                    form = _parse_params(body.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    raise HttpError(HTTPStatus.BAD_REQUEST, "the form is not UTF-8") from exc
                for name, values in form.items():
                    params.setdefault(name, []).extend(values)
            elif content_type == "application/sparql-query":
                try:
                    params.setdefault("query", []).append(body.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    raise HttpError(HTTPStatus.BAD_REQUEST, "the query is not UTF-8 text") from exc
            elif content_type == "application/sparql-update":
                raise HttpError(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
            else:
                raise HttpError(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    f"cannot read a POST body of type {content_type or '(none)'}: send query=… as "
                    "application/x-www-form-urlencoded, or the query itself as application/sparql-query",
                )
        elif method != "GET":
            raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not supported here")
        if "update" in params:
            raise HttpError(HTTPStatus.FORBIDDEN, "SPARQL Update (update=) is refused: this endpoint is read-only")
        query = _single(params, "query")
        if query is None or not query.strip():
            raise HttpError(
                HTTPStatus.BAD_REQUEST,
                "no query: pass query=… (GET, or a POSTed form) or POST the query as application/sparql-query; "
                "the query page is at /",
            )
        check_read_only(query)
        check_query_shape(query)
        job = QueryJob(
            query=query,
            formats=tuple(params.get("format", []) + params.get("output", [])),
            accept=self.headers.get("Accept", ""),
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
        )
        reply = self._run(job)
        self._rows = reply.rows
        self._send(reply.status, reply.content_type, reply.body, retry_after=reply.retry_after)

    def _run(self, job: QueryJob) -> Reply:
        pool = self.server.pool
        if pool is None:
            return error_reply(HTTPStatus.SERVICE_UNAVAILABLE, "the server is starting; try again")
        return pool.run(job, self.server.config.timeout)

    # ---------------------------------------------------------------------------------------------- /graph

    def _graph(self, url_query: str) -> None:
        from kg.viz import viz

        params = _parse_params(url_query)
        lang = _single(params, "lang") or "zh"
        if lang not in LANGS:
            raise HttpError(HTTPStatus.BAD_REQUEST, f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
        query = _single(params, "query")
        entity = _single(params, "entity")
        if query is not None and entity is not None:
            raise HttpError(HTTPStatus.BAD_REQUEST, "pass either query= or entity=, not both")
        if query is None and entity is None:
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.whole_graph_page(lang))
            return
        network = self.server.network()
        if entity is not None:
            if not any(n.id == entity for n in network.nodes):
                raise HttpError(HTTPStatus.NOT_FOUND, f"no entity <{entity}> in the graph")
            shown = _neighbourhood(network, entity)
        else:
            assert query is not None
            check_read_only(query)
            check_query_shape(query)
            reply = self._run(QueryJob(query=query, formats=("json",)))
            if reply.status != HTTPStatus.OK:
                raise HttpError(reply.status, reply.body.decode("utf-8", "replace"), retry_after=reply.retry_after)
            if not reply.content_type.startswith("application/sparql-results+json"):
                raise HttpError(HTTPStatus.BAD_REQUEST, "the network view draws the entities a SELECT query "
                                "returns; this is a CONSTRUCT or DESCRIBE query")
            document = json.loads(reply.body)
            if "results" not in document:
                raise HttpError(HTTPStatus.BAD_REQUEST, "the network view draws the entities a SELECT query "
                                "returns; this is an ASK query")
            shown = _subnetwork(network, _result_entities(document, network))
        _check_network_size(shown, "this view")
        with self.server.rendering():
            page = viz.render_network_html(shown, lang=lang).encode("utf-8")
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", page)

    # ---------------------------------------------------------------------------------------------- answers

    def _chain(self, url_query: str) -> None:
        """The chain map of a park or region (`kg chain PLACE -f html`): /chain?place=…[&chain=…][&compare=…]."""
        from kg.chains import chains

        params = _parse_params(url_query)
        place = _single(params, "place")
        if not place:
            raise HttpError(HTTPStatus.BAD_REQUEST, "name a park or region: /chain?place=NAME[&chain=CHAIN]")
        with self.server.rendering():
            try:
                context = self.server.chain_context()
                page, note = chains.chain_command(self.server.store, place, chain=_single(params, "chain"),
                                                  fmt="html", compare=_single(params, "compare"), context=context)
            except KgError as exc:
                raise HttpError(HTTPStatus.NOT_FOUND, str(exc)) from exc
        if not page:
            raise HttpError(HTTPStatus.NOT_FOUND, note or f"{place}: nothing to draw")
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode("utf-8"))

    def _send(self, status: int, content_type: str, body: bytes, *, csp: str | None = None,
              allow: str | None = None, retry_after: int | None = None, extra: dict[str, str] | None = None) -> None:
        self.connection.settimeout(RESPONSE_WRITE_TIMEOUT)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if csp:
            self.send_header("Content-Security-Policy", csp)
        if allow:
            self.send_header("Allow", allow)
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _send_error(self, status: int, message: str, *, allow: str | None = None,
                    retry_after: int | None = None) -> None:
        reply = error_reply(status, message)
        self._send(reply.status, reply.content_type, reply.body, allow=allow, retry_after=retry_after)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request on stderr: method, path (cut short), status, rows, milliseconds."""
        started = getattr(self, "_started", None)
        ms = f"{(time.perf_counter() - started) * 1000:.0f} ms" if started is not None else ""
        rows = getattr(self, "_rows", None)
        path = getattr(self, "path", "")  # none yet when the request line itself is refused (414)
        path = path if len(path) <= 100 else path[:97] + "..."
        extra = f" {rows} rows" if rows is not None else ""
        self.log_message("%s %s %s%s %s", getattr(self, "command", "") or "-", path, code, extra, ms)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve(config: ServeConfig) -> None:
    """Serve until Ctrl-C or SIGTERM; prints the address first (one line on stdout, for people and scripts)."""
    config.validate()
    store = open_store(config.store_dir)
    triples = len(store)
    saved = load_saved_queries(config.queries_dir)
    try:
        server = KgServer(config, store, saved)
    except OSError as exc:
        raise KgError(f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}") from exc
    previous = None
    try:
        server.pool = WorkerPool(config.store_dir, config.workers, config.max_rows, config.max_queued)
        host, port = server.server_address[:2]
        shown_host = f"[{host}]" if ":" in str(host) else host
        url = f"http://{shown_host}:{port}/"
        print(f"kg serve: {url} (SPARQL endpoint {url}sparql, query page {url}, network view {url}graph)", flush=True)
        print(
            f"  {triples} triples from {config.store_dir}; time limit {config.timeout:g} s, row limit "
            f"{config.max_rows}, {config.workers} query workers; "
            f"{'a token is required' if config.token else 'no token'}; Ctrl-C stops",
            flush=True,
        )
        if not _is_loopback(config.host) and config.token is None:
            print(f"kg serve: warning: {config.host} is not a loopback address and no token is set "
                  "(--insecure-no-token); anyone who can reach it can read the graph", file=sys.stderr, flush=True)
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _raise_interrupt)
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass  # Ctrl-C or SIGTERM, while starting or serving: stop cleanly
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        server.server_close()
        if server.pool is not None:
            server.pool.close()
        print("kg serve: stopped", file=sys.stderr, flush=True)
