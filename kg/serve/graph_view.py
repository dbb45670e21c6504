"""The network view of the server (/graph, /graph?entity=…, /graph?query=…): which entities a request draws, drawn
by kg.viz. Imported on the first /graph request, so the query workers never load kg.viz.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from kg import viz
from kg.serve.answer import QueryJob
from kg.serve.checks import HttpError, check_query_shape, check_read_only, single
from kg.serve.config import LANGS, NETWORK_NODE_LIMIT
from kg.viz.network import Network
from kg.viz.view import distances, subnetwork

if TYPE_CHECKING:  # the server imports this module on its first /graph request
    from kg.serve.app import KgServer


def graph_page(server: KgServer, params: dict[str, list[str]]) -> bytes:
    """The page of /graph: the whole graph (as `kg build` draws it), an entity's neighbourhood (entity=IRI), or the
    entities a SELECT query returns (query=…), with the labels in `lang`."""
    lang = single(params, "lang") or "zh"
    if lang not in LANGS:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    query = single(params, "query")
    entity = single(params, "entity")
    if query is not None and entity is not None:
        raise HttpError(HTTPStatus.BAD_REQUEST, "pass either query= or entity=, not both")
    if query is None and entity is None:
        return server.whole_graph_page(lang)
    network = server.network()
    if entity is not None:
        if not any(n.id == entity for n in network.nodes):
            raise HttpError(HTTPStatus.NOT_FOUND, f"no entity <{entity}> in the graph")
        shown = entity_neighbourhood(network, entity)
    else:
        assert query is not None
        shown = query_result_view(network, _select_result(server, query))
    check_network_size(shown, "this view")
    with server.rendering():
        return viz.render_network_html(shown, lang=lang).encode("utf-8")


def _select_result(server: KgServer, query: str) -> dict[str, Any]:
    """The SPARQL JSON result of a SELECT query, run by the query workers like any other; 400 for another form."""
    check_read_only(query)
    check_query_shape(query)
    reply = server.answer(QueryJob(query=query, formats=("json",)))
    if reply.status != HTTPStatus.OK:
        raise HttpError(reply.status, reply.body.decode("utf-8", "replace"), retry_after=reply.retry_after)
    if not reply.content_type.startswith("application/sparql-results+json"):
        raise HttpError(HTTPStatus.BAD_REQUEST, "the network view draws the entities a SELECT query "
                        "returns; this is a CONSTRUCT or DESCRIBE query")
    document = json.loads(reply.body)
    if "results" not in document:
        raise HttpError(HTTPStatus.BAD_REQUEST, "the network view draws the entities a SELECT query "
                        "returns; this is an ASK query")
    return document


def entity_neighbourhood(network: Network, entity: str) -> Network:
    """The entity, the entities one edge away in either direction, and every edge among them."""
    return subnetwork(network, set(distances(network, [entity], 1)))


def result_entities(document: dict[str, Any], network: Network) -> set[str]:
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


def query_result_view(network: Network, document: dict[str, Any]) -> Network:
    """The entities a SELECT result (as SPARQL JSON) names, and the edges among them."""
    return subnetwork(network, result_entities(document, network))


def check_network_size(network: Any, what: str) -> None:
    if len(network.nodes) > NETWORK_NODE_LIMIT:
        raise HttpError(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"{what} has {len(network.nodes)} entities, more than the network view draws ({NETWORK_NODE_LIMIT}); "
            "draw part of it with /graph?query=SELECT … or /graph?entity=IRI",
        )
