"""Answering one query, inside a worker process: the job as the endpoint received it, the reply it sends back, and
the evaluation with its row limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.serve.checks import HttpError
from kg.serve.formats import CONTENT_TYPES, choose_format, format_names, serialize_result
from kg.store.store import (
    QueryResult,
    run_query,
)
from kg.vocab import PREFIXES


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
            f"{asked}; available: {format_names(kind)} (or their media types)",
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
