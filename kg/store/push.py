"""`kg push`: load the built graph into another triple store over HTTP, replacing one named graph.

Two standard protocols cover Oxigraph server, Apache Jena Fuseki, GraphDB and Virtuoso:

- the SPARQL 1.1 Graph Store HTTP Protocol: one PUT of the whole graph as N-Triples to `ENDPOINT?graph=IRI`,
  which the store applies as one replacement;
- SPARQL 1.1 Update: the triples go in batches of INSERT DATA into a fresh staging graph, and one MOVE then
  replaces the target graph with it, so a failure half-way leaves the target graph as it was (the staging graph is
  dropped again).

Only the standard library (urllib) is used, so pushing adds no dependency to kg.
"""

from __future__ import annotations

import base64
import http.client
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from kg.errors import KgError
from kg.store.store import open_store
from kg.vocab import KGR

DEFAULT_GRAPH = KGR + "graph/all"
PROTOCOLS = ("gsp", "update")
DEFAULT_BATCH_SIZE = 10_000
DEFAULT_TIMEOUT = 300.0
PASSWORD_VARIABLE = "KG_PUSH_PASSWORD"
_ERROR_EXCERPT = 400


class PushError(KgError):
    """The endpoint could not be reached, or it answered a request with something other than 2xx."""


@dataclass(frozen=True)
class PushReport:
    """What a push did: how many triples went to which graph, in how many requests and seconds."""

    endpoint: str
    graph: str
    protocol: str
    triples: int
    requests: int
    seconds: float


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: urllib would turn a redirected POST into a GET without the data and report success."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


def check_endpoint(endpoint: str) -> None:
    """Only http(s): urllib would also open file: and ftp: URLs, which are not triple stores."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"the endpoint must be an http:// or https:// URL, not {endpoint!r}")


def check_graph_iri(graph: str) -> None:
    """The graph name goes into a URL and into SPARQL between <>, so it must be a valid absolute IRI."""
    try:
        ox.NamedNode(graph)  # rejects relative IRIs and characters IRIs cannot hold (spaces, '>', …)
    except ValueError as exc:
        raise PushError(f"the graph name must be an absolute IRI such as {DEFAULT_GRAPH}, not {graph!r}") from exc


def graph_ntriples(store: ox.Store) -> tuple[bytes, int]:
    """The store's graph (its default graph, where `kg build` loads it) as N-Triples, and the triple count."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
    return data, data.count(b"\n")  # N-Triples: one triple per line, newlines inside literals are escaped


class _Client:
    """Sends requests to one endpoint and turns every failure into a PushError that names it."""

    def __init__(self, endpoint: str, user: str | None, password: str | None, timeout: float) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.requests = 0
        self._opener = urllib.request.build_opener(_NoRedirect)
        self._headers: dict[str, str] = {}
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {token}"

    def send(self, method: str, url: str, body: bytes, content_type: str, what: str) -> None:
        request = urllib.request.Request(
            url, data=body, method=method, headers={**self._headers, "Content-Type": content_type}
        )
        self.requests += 1
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            raise PushError(self._refusal(exc, what)) from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise PushError(f"{self.endpoint} did not answer {what} within {self.timeout:g} s") from exc
            raise PushError(f"cannot reach the endpoint {self.endpoint}: {reason}") from exc
        except TimeoutError as exc:
            raise PushError(f"{self.endpoint} did not answer {what} within {self.timeout:g} s") from exc
        except (http.client.HTTPException, OSError) as exc:
            raise PushError(f"the connection to {self.endpoint} failed during {what}: {exc}") from exc
        if not 200 <= status < 300:
            raise PushError(f"{self.endpoint} answered {status} to {what}; expected a 2xx status")

    def _refusal(self, exc: urllib.error.HTTPError, what: str) -> str:
        message = f"{self.endpoint} answered {exc.code} {exc.reason} to {what}"
        if 300 <= exc.code < 400:
            location = exc.headers.get("Location") if exc.headers else None
            return message + f" (redirects are not followed; push to {location or 'the address it names'})"
        try:
            detail = exc.read(_ERROR_EXCERPT * 4).decode("utf-8", "replace").strip()
        except (OSError, http.client.HTTPException):
            detail = ""
        detail = " ".join(detail.split())[:_ERROR_EXCERPT]
        if exc.code in (401, 403):
            message += f" (give --user and the password in ${PASSWORD_VARIABLE} if the store needs them)"
        return message + (f": {detail}" if detail else "")


def _with_param(url: str, name: str, value: str) -> str:
    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}{name}={quote(value, safe='')}"


def _push_gsp(client: _Client, data: bytes, graph: str) -> None:
    url = _with_param(client.endpoint, "graph", graph)
    client.send("PUT", url, data, "application/n-triples", f"PUT of graph <{graph}>")


def _batches(data: bytes, batch_size: int) -> list[list[bytes]]:
    """Lines in batches; every line with a blank node goes into one last batch, since a blank node label only means
    the same node within one request (a literal that merely contains `_:` lands there too, which is harmless)."""
    plain: list[bytes] = []
    blank: list[bytes] = []
    for line in data.splitlines(keepends=True):
        if line.strip():
            (blank if b"_:" in line else plain).append(line)
    batches = [plain[i : i + batch_size] for i in range(0, len(plain), batch_size)]
    if blank:
        batches.append(blank)
    return batches


def _push_update(client: _Client, data: bytes, graph: str, batch_size: int) -> None:
    staging = f"urn:uuid:{uuid.uuid4()}"
    content_type = "application/sparql-update; charset=utf-8"
    batches = _batches(data, batch_size)
    try:
        for i, batch in enumerate(batches, start=1):
            body = b"INSERT DATA { GRAPH <" + staging.encode() + b"> {\n" + b"".join(batch) + b"} }\n"
            client.send("POST", client.endpoint, body, content_type,
                        f"INSERT DATA batch {i}/{len(batches)} ({len(batch)} triples)")
        if batches:
            replace = f"MOVE GRAPH <{staging}> TO GRAPH <{graph}>"
        else:
            replace = f"DROP SILENT GRAPH <{graph}>"
        client.send("POST", client.endpoint, replace.encode(), content_type, f"the replacement of graph <{graph}>")
    except (PushError, KeyboardInterrupt) as exc:
        try:
            client.send("POST", client.endpoint, f"DROP SILENT GRAPH <{staging}>".encode(), content_type,
                        "the removal of the staging graph")
            note = f"graph <{graph}> was left as it was"
        except PushError:
            note = f"graph <{graph}> was left as it was, but the staging graph <{staging}> may remain"
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise PushError(f"{exc}; {note}") from exc


def push_graph(
    store_dir: Path,
    endpoint: str,
    graph: str = DEFAULT_GRAPH,
    *,
    protocol: str = "gsp",
    batch_size: int = DEFAULT_BATCH_SIZE,
    user: str | None = None,
    password: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> PushReport:
    """Replace the named graph `graph` of the store at `endpoint` with the graph of the local store.

    `endpoint` is the Graph Store Protocol URL for protocol "gsp" (Oxigraph: /store, Fuseki: /DATASET/data,
    GraphDB: /repositories/REPO/rdf-graphs/service) or the SPARQL Update URL for "update" (Oxigraph: /update,
    Fuseki: /DATASET/update, GraphDB: /repositories/REPO/statements, Virtuoso: /sparql).
    """
    check_endpoint(endpoint)
    check_graph_iri(graph)
    if protocol not in PROTOCOLS:
        raise PushError(f"unknown protocol {protocol!r}; choose one of {', '.join(PROTOCOLS)}")
    if batch_size < 1:
        raise PushError(f"the batch size must be 1 or more, not {batch_size}")
    if not timeout > 0:
        raise PushError(f"the timeout must be a positive number of seconds, not {timeout:g}")
    started = time.perf_counter()
    data, triples = graph_ntriples(open_store(store_dir))
    client = _Client(endpoint, user, password, timeout)
    if protocol == "gsp":
        _push_gsp(client, data, graph)
    else:
        _push_update(client, data, graph, batch_size)
    return PushReport(endpoint, graph, protocol, triples, client.requests, time.perf_counter() - started)
