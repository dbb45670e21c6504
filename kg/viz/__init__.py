"""The network page drawn from the store (`out/graph.html`, `kg viz`, the server's /graph), one job per module:

- network: the drawable graph (entities, relations, figures, evidence) and what a page shows selected;
- reader: the network read out of the store (the SPARQL of queries, or lookups around the drawn entities of a capped
  page);
- view: what a page draws (a name, types, a confidence floor, a neighbourhood, the most connected entities);
- layout: node positions; styles: shapes, colours and vis-network's options; labels: the page's words (zh, en);
- page: the page itself, from templates/network.html (rendered with kg.pages' one jinja environment).

The names below are the package's API (`from kg import viz; viz.select_view(...)`); everything else is imported
from its module."""

from kg.viz.network import Network, NetworkEdge, NetworkFact, NetworkNode, PageView, ViewError
from kg.viz.page import draw_store_page, render_network_html, size_metrics, write_network_html
from kg.viz.reader import network_from_store, read_network
from kg.viz.view import filter_network, find_nodes, most_connected, neighbourhood, parse_types, select_view

__all__ = [
    "Network",
    "NetworkEdge",
    "NetworkFact",
    "NetworkNode",
    "PageView",
    "ViewError",
    "draw_store_page",
    "filter_network",
    "find_nodes",
    "most_connected",
    "neighbourhood",
    "network_from_store",
    "parse_types",
    "read_network",
    "render_network_html",
    "select_view",
    "size_metrics",
    "write_network_html",
]
