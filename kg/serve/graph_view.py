"""The network view of the server (/graph?entity=…, /graph?query=…): which entities a request draws.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from kg.serve.checks import HttpError
from kg.serve.config import NETWORK_NODE_LIMIT
from kg.viz.network import Network
from kg.viz.view import distances, subnetwork


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
