"""The interactive network page (`out/graph.html`): the graph's entities and relations drawn with vis-network,
from templates/network.html.

The page must open from disk on a machine with no network, show Chinese names and evidence sentences that come
straight from scraped news (so they are escaped everywhere), and be reproducible byte for byte so that a rebuild
of an unchanged graph leaves the file unchanged.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph
import pyvis
from markupsafe import Markup
from pyvis.edge import Edge as PyvisEdge
from pyvis.network import Network as PyvisNetwork
from pyvis.node import Node as PyvisNode

from kg import __version__
from kg.building.outfolder import write_file_atomically
from kg.model import PAGE_NODE_LIMIT
from kg.pages import FONT_STACK, refuse_external_resources, script_json, template, visible
from kg.viz.labels import RELATION_LABELS, TYPE_NAMES, UI_STRINGS
from kg.viz.layout import layout_positions
from kg.viz.network import Network, NetworkFact, PageView
from kg.viz.reader import read_network
from kg.viz.styles import TYPE_STYLES, VIS_SHAPES, legend_svg, relation_swatch, vis_options
from kg.viz.view import overview_note
from kg.vocab import ENTITY_TYPES, RELATION_NAMES, SYMMETRIC_RELATIONS

# Evidence sentences shown per edge in a tooltip and in the side panel's list of relations.
TOOLTIP_EVIDENCE = 8
# Relations listed in the side panel for one entity (a hub of a big graph may have hundreds).
PANEL_RELATIONS = 300
# Above this many edges the page draws for speed: no edge labels until a node is focused, straight edges only,
# edges hidden while dragging or zooming.
LARGE_GRAPH_EDGES = 2000
# Node sizes in pixels: by degree between MIN and MAX; a node without the chosen figure gets MISSING.
NODE_SIZE_MIN, NODE_SIZE_MAX, NODE_SIZE_MISSING = 12.0, 36.0, 7.0


def _vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet that ship inside pyvis (what its cdn_resources="in_line" embeds)."""
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # Inline text must not be able to close its element early.
    if re.search(r"</script|<!--", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise RuntimeError(f"{lib} cannot be inlined safely")
    return js, css




def _degree_size(degree: int) -> float:
    return round(min(NODE_SIZE_MIN + 4 * math.log2(1 + degree), NODE_SIZE_MAX), 1)


def _fact_record(fact: NetworkFact) -> dict[str, Any]:
    return {
        "metric": fact.metric,
        "value": fact.value,
        "unit": fact.unit,
        "period": fact.period,
        "norm": fact.normalized,
        "normUnit": fact.normalized_unit,
        "confidence": round(fact.confidence, 4),
        **_evidence_json(fact.evidence, "evidence"),
        **({"start": fact.start, "end": fact.end} if fact.end else {}),
    }


def _evidence_json(evidence: list[tuple[str, str]], key: str) -> dict[str, Any]:
    """The sentences the page can show (at most TOOLTIP_EVIDENCE, in reading order) and, when there are more, how
    many there are: a hub of a big corpus is stated in thousands of sentences, which the page would only count."""
    shown = {key: [[visible(sentence), *rest] for sentence, *rest in evidence[:TOOLTIP_EVIDENCE]]}
    if len(evidence) > TOOLTIP_EVIDENCE:
        shown[key + "Count"] = len(evidence)
    return shown


def size_metrics(network: Network) -> list[dict[str, Any]]:
    """The figures nodes can be sized by: each metric's most common normalised unit and how many entities have it.

    Only values in that unit are compared (a metric given once in CNY and once in percent would otherwise mix).
    Most widespread metric first.
    """
    units: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for node in network.nodes:
        for fact in node.facts:
            if fact.normalized is not None and fact.metric:
                units[fact.metric][fact.normalized_unit].add(node.id)
    metrics = []
    for metric, by_unit in units.items():
        unit, holders = min(by_unit.items(), key=lambda item: (-len(item[1]), item[0]))
        metrics.append({"name": metric, "unit": unit, "count": len(holders)})
    return sorted(metrics, key=lambda m: (-m["count"], m["name"]))


def _pyvis_network(network: Network, lang: str) -> tuple[PyvisNetwork, bool]:
    """The page's nodes and edges as pyvis records, with positions, sizes and the data the panel is built from."""
    positions = layout_positions(network)
    degree: dict[str, int] = defaultdict(int)
    for edge in network.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    large = len(network.edges) > LARGE_GRAPH_EDGES

    net = PyvisNetwork(directed=True, cdn_resources="in_line")
    for node in network.nodes:
        shape = TYPE_STYLES[node.type][0]
        x, y = positions[node.id]
        # pyvis's add_node rescans its node list for each node (O(n^2)); ids are unique here, so build the same
        # pyvis records directly. Colour and image come from the type's group.
        record = PyvisNode(
            node.id,
            shape if shape in VIS_SHAPES else "image",
            label=node.label,
            group=node.type,
            size=_degree_size(degree[node.id]),
            x=x,
            y=y,
            kgType=node.type,
            kgAliases=list(node.aliases),
            kgConfidence=round(node.confidence, 4),
            kgDegree=degree[node.id],
            kgFacts=[_fact_record(f) for f in node.facts],
            **({"kgSeen": list(node.seen)} if node.seen[0] else {}),
        )
        net.nodes.append(record.options)
        net.node_ids.append(node.id)

    # Parallel edges between one pair of nodes get alternating curves so each label stays readable (small graphs).
    seen_pairs: dict[frozenset[str], int] = defaultdict(int)
    for i, edge in enumerate(network.edges):
        pair = frozenset((edge.source, edge.target))
        nth = seen_pairs[pair]
        seen_pairs[pair] += 1
        label = RELATION_LABELS[lang][edge.relation]
        options: dict[str, Any] = {
            "id": f"e{i}",
            "width": 1 + 0.5 * min(len(edge.evidence), 4),
            "kgLabel": label,
            "kgRelation": edge.relation,
            "kgSymmetric": edge.relation in SYMMETRIC_RELATIONS,
            "kgConfidence": round(edge.confidence, 4),
            **_evidence_json(edge.evidence, "kgEvidence"),
            **({"kgSeen": list(edge.seen)} if edge.seen[0] else {}),
        }
        if not large:
            options["label"] = label
        if edge.relation in SYMMETRIC_RELATIONS:
            options["arrows"] = {"to": {"enabled": False}}
        if nth and not large:
            options["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if nth % 2 else "curvedCCW",
                "roundness": round(0.2 * ((nth + 1) // 2), 2),
            }
        # pyvis's add_edge rescans the whole node list for each edge (O(nodes x edges)); the endpoints are known to
        # exist, so append the same pyvis Edge records directly.
        net.edges.append(PyvisEdge(edge.source, edge.target, directed=True, **options).options)
    net.options = vis_options(large)  # a dict: pyvis's set_options strips spaces
    return net, large




TEMPLATE = "network.html"
# Suggestions listed under the search box.
MAX_SUGGESTIONS = 12


def _filters(network: Network, lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The legend's entity types and the relation filter's relations, each with its swatch and how many are drawn
    (every type and relation is listed, so the filters look the same on every page)."""
    type_counts = Counter(node.type for node in network.nodes)
    relation_counts = Counter(edge.relation for edge in network.edges)
    legend = [
        {
            "type": t,
            "shape": TYPE_STYLES[t][0],
            "colour": TYPE_STYLES[t][1],
            "name": TYPE_NAMES[lang][t],
            "count": type_counts[t],
            "svg": legend_svg(*TYPE_STYLES[t]),
        }
        for t in ENTITY_TYPES
    ]
    relations = [
        {
            "relation": r,
            "name": RELATION_LABELS[lang][r],
            "count": relation_counts[r],
            "svg": relation_swatch(r in SYMMETRIC_RELATIONS),
        }
        for r in RELATION_NAMES
    ]
    return legend, relations


def _check_drawable(network: Network, lang: str) -> None:
    """Refuse a language, entity type or relation the page has no words or style for."""
    if lang not in UI_STRINGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {sorted(UI_STRINGS)}")
    unknown = sorted({n.type for n in network.nodes} - set(TYPE_STYLES))
    if unknown:
        raise ValueError(f"unknown entity types {unknown}")
    unknown = sorted({e.relation for e in network.edges} - set(RELATION_LABELS[lang]))
    if unknown:
        raise ValueError(f"unknown relations {unknown}")


def render_network_html(network: Network, lang: str = "zh", view: PageView | None = None) -> str:
    """The page as a string; write_network_html is the one that puts it on disk.

    `view` says which entities are selected when the page opens (`kg viz --focus`) and what the header says about
    how the graph was narrowed; the page always holds exactly `network`.
    """
    _check_drawable(network, lang)
    view = view or PageView()
    ids = {n.id for n in network.nodes}

    net, large = _pyvis_network(network, lang)
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    # Edges name their ends by position in the node list (the page turns them back into IRIs) and leave out the
    # arrowhead every directed edge has by default: on a 20,000-edge page that is a third less text to parse.
    position = {node["id"]: i for i, node in enumerate(nodes)}
    edges = [
        {**{k: v for k, v in edge.items() if not (k == "arrows" and v == "to")},
         "from": position[edge["from"]], "to": position[edge["to"]]}
        for edge in edges
    ]
    strings = UI_STRINGS[lang]
    legend, relations = _filters(network, lang)
    metrics = size_metrics(network)
    stats = strings["stats"].format(nodes=len(network.nodes), edges=len(network.edges))
    depth = 2 if view.depth >= 2 else 1
    config = {
        "strings": {k: v for k, v in strings.items() if k != "htmlLang"},
        "typeNames": TYPE_NAMES[lang],
        "typeOrder": list(ENTITY_TYPES),
        "relationOrder": {r: i for i, r in enumerate(RELATION_NAMES)},
        "metrics": metrics,
        "focus": [i for i in view.focus if i in ids],
        "depth": depth,
        "minConfidence": view.min_confidence,
        "large": large,
        "stats": stats,
        "maxEvidence": TOOLTIP_EVIDENCE,
        "maxRelations": PANEL_RELATIONS,
        "maxSuggestions": MAX_SUGGESTIONS,
        "sizes": {"min": NODE_SIZE_MIN, "max": NODE_SIZE_MAX, "missing": NODE_SIZE_MISSING},
    }
    vis_js, vis_css = _vis_assets()
    page = template("kg.viz", TEMPLATE).render(
        s=strings,
        version=__version__,
        stats=stats,
        note=view.note,
        legend=legend,
        relations=relations,
        metrics=metrics,
        depth=depth,
        dated=any(n.seen[0] for n in network.nodes) or any(e.seen[0] for e in network.edges),
        min_confidence=f"{view.min_confidence:g}",
        min_confidence_text=f"{view.min_confidence:.2f}",
        node_count=len(network.nodes),
        font_stack=Markup(FONT_STACK),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        config_json=script_json(config),
        nodes_json=script_json(nodes),
        edges_json=script_json(edges),
        options_json=script_json(net.options),
    )
    refuse_external_resources(page, "the network page")
    return page


def write_network_html(network: Network, path: Path, lang: str = "zh", view: PageView | None = None) -> None:
    """Write the self-contained page atomically: a reader sees the old file or the new one, never half of one."""
    path = Path(path)
    page = render_network_html(network, lang, view).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file_atomically(path, page)


def draw_store_page(store_dir: Path, path: Path, lang: str = "zh", max_nodes: int = PAGE_NODE_LIMIT) -> None:
    """The page `kg build` writes: the whole graph of the store at `store_dir`, or its `max_nodes` most connected
    entities, read from the store alone. The store is opened read-only, so the page can be drawn in a process of
    its own while the build dumps the same store to Turtle."""
    network, total = read_network(pyoxigraph.Store.read_only(str(store_dir)), max_nodes)
    note = overview_note(lang, max_nodes, total) if total > max_nodes else ""
    write_network_html(network, path, lang=lang, view=PageView(note=note))
