"""Choosing what a page draws: an entity by name, types, a confidence floor, a neighbourhood, the most connected
entities of a graph too big to draw whole (`kg viz`, `kg build`'s page and the server's /graph).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from kg.model import PAGE_NODE_LIMIT, name_key
from kg.viz.labels import TYPE_NAMES, VIEW_NOTES
from kg.viz.network import Network, NetworkNode, PageView, ViewError
from kg.vocab import ENTITY_TYPES


def find_nodes(network: Network, name: str) -> list[NetworkNode]:
    """The entities called `name`, by label or alias; failing that, the one entity whose name contains it.

    Several exact matches (one name that is both a park and an honour) are all returned. A fragment that is part
    of several entities' names is ambiguous: ViewError lists some of them, so the user can give the full name.
    """
    key = name_key(name)
    if not key:
        raise ViewError("--focus needs a name")
    exact = [n for n in network.nodes if any(name_key(x) == key for x in [n.label, *n.aliases])]
    if exact:
        return exact
    partial = [n for n in network.nodes if any(key in name_key(x) for x in [n.label, *n.aliases])]
    if len(partial) == 1:
        return partial
    if not partial:
        raise ViewError(f"no entity named {name!r} in the graph (names and aliases were searched)")
    partial.sort(key=lambda n: (len(n.label), n.label))
    shown = ", ".join(repr(n.label) for n in partial[:8])
    more = f" and {len(partial) - 8} more" if len(partial) > 8 else ""
    raise ViewError(f"{name!r} is part of {len(partial)} entities' names: {shown}{more}; give the full name")


def parse_types(text: str) -> list[str]:
    """`Company,Park` (class names, any case) or the page's Chinese type names (企业,园区) -> kg class names."""
    known = {t.casefold(): t for t in ENTITY_TYPES}
    for names in TYPE_NAMES.values():
        known.update({label.casefold(): t for t, label in names.items()})
    chosen: list[str] = []
    for part in re.split(r"[,，、\s]+", text.strip()):
        if not part:
            continue
        if part.casefold() not in known:
            raise ViewError(f"unknown entity type {part!r} in --types; expected some of {', '.join(ENTITY_TYPES)}")
        if known[part.casefold()] not in chosen:
            chosen.append(known[part.casefold()])
    if not chosen:
        raise ViewError(f"--types needs at least one of {', '.join(ENTITY_TYPES)}")
    return chosen


def filter_network(network: Network, types: Iterable[str] | None = None, min_confidence: float = 0.0) -> Network:
    """The entities of the given types (all when None) and at least this confident, and the edges among them."""
    wanted = set(ENTITY_TYPES if types is None else types)
    nodes = [n for n in network.nodes if n.type in wanted and n.confidence >= min_confidence]
    kept = {n.id for n in nodes}
    edges = [
        e for e in network.edges if e.source in kept and e.target in kept and e.confidence >= min_confidence
    ]
    return Network(nodes, edges)


def subnetwork(network: Network, keep: set[str]) -> Network:
    """The entities in `keep` and the edges between them."""
    return Network([n for n in network.nodes if n.id in keep],
                   [e for e in network.edges if e.source in keep and e.target in keep])


def distances(network: Network, seeds: Iterable[str], depth: int) -> dict[str, int]:
    """Each entity within `depth` edges of a seed (either direction), with its number of edges from the nearest."""
    adjacent: dict[str, set[str]] = defaultdict(set)
    for edge in network.edges:
        adjacent[edge.source].add(edge.target)
        adjacent[edge.target].add(edge.source)
    ids = {n.id for n in network.nodes}
    distance = {seed: 0 for seed in seeds if seed in ids}
    frontier = sorted(distance)
    for step in range(1, depth + 1):
        frontier = sorted({m for n in frontier for m in adjacent[n] if m not in distance})
        distance.update((m, step) for m in frontier)
    return distance


def neighbourhood(network: Network, seeds: Iterable[str], depth: int) -> Network:
    """The entities within `depth` edges of a seed (either direction), and the edges that reach them.

    An edge is kept when one end is nearer than `depth`, as the page's own focus does: the paths out from the
    seeds, not the edges among the outermost ring (the server's /graph?entity= keeps those: `subnetwork` of
    `distances`).
    """
    distance = distances(network, seeds, depth)
    nodes = [n for n in network.nodes if n.id in distance]
    edges = [
        e
        for e in network.edges
        if e.source in distance and e.target in distance and min(distance[e.source], distance[e.target]) < depth
    ]
    return Network(nodes, edges)


def most_connected_ids(ids: Iterable[str], edges: Iterable[tuple[str, str]], max_nodes: int) -> set[str]:
    """The `max_nodes` ids with the most edges, ties by id, so the choice is the same on every run."""
    degree: Counter[str] = Counter()
    for source, target in edges:
        degree[source] += 1
        degree[target] += 1
    return set(sorted(ids, key=lambda i: (-degree[i], i))[:max_nodes])


def most_connected(network: Network, max_nodes: int) -> Network:
    """The `max_nodes` entities with the most edges (ties by IRI) and the edges among them: the overview of a
    graph too big to lay out and read whole."""
    if len(network.nodes) <= max_nodes:
        return network
    kept = most_connected_ids((n.id for n in network.nodes), ((e.source, e.target) for e in network.edges),
                              max_nodes)
    return subnetwork(network, kept)


def overview_note(lang: str, shown: int, total: int) -> str:
    return VIEW_NOTES[lang]["overview"].format(shown=shown, total=total)


def select_view(
    network: Network,
    *,
    focus: str | None = None,
    depth: int = 1,
    types: Sequence[str] | None = None,
    min_confidence: float = 0.0,
    lang: str = "zh",
    max_nodes: int | None = PAGE_NODE_LIMIT,
) -> tuple[Network, PageView]:
    """What `kg viz` draws: the graph filtered by type and confidence, then the neighbourhood of `focus` in it,
    then, when that is still more than `max_nodes` entities, its most connected ones.

    The focus is looked up in the whole graph first, so a name that exists but is filtered out gets its own message
    rather than "not found".
    """
    if max_nodes is not None and max_nodes < 1:
        raise ViewError(f"--max-nodes must be 1 or more, not {max_nodes}")
    if depth < 0:
        raise ViewError(f"--depth must be 0 or more, not {depth}")
    if not 0.0 <= min_confidence <= 1.0:
        raise ViewError(f"--min-confidence must be between 0 and 1, not {min_confidence}")
    notes = VIEW_NOTES[lang]
    parts: list[str] = []
    seeds: list[NetworkNode] = []
    if focus is not None:
        seeds = find_nodes(network, focus)
    shown = filter_network(network, types, min_confidence)
    if focus is not None:
        kept = {n.id for n in shown.nodes}
        found = seeds
        seeds = [n for n in seeds if n.id in kept]
        if not seeds:
            described = ", ".join(f"{n.label!r} ({n.type}, confidence {n.confidence:g})" for n in found)
            raise ViewError(f"{described} is left out by --types/--min-confidence, so there is nothing to focus on")
        shown = neighbourhood(shown, [n.id for n in seeds], depth)
        names = notes["sep"].join(dict.fromkeys(n.label for n in seeds))
        parts.append(notes["focus"].format(names=names, depth=depth))
    if types is not None and set(types) != set(ENTITY_TYPES):
        parts.append(notes["types"].format(types=notes["sep"].join(TYPE_NAMES[lang][t] for t in types)))
    if min_confidence > 0:
        parts.append(notes["minConfidence"].format(value=f"{min_confidence:g}"))
    if max_nodes is not None and len(shown.nodes) > max_nodes:
        parts.append(overview_note(lang, max_nodes, len(shown.nodes)))
        shown = most_connected(shown, max_nodes)
    view = PageView(
        focus=[n.id for n in seeds], depth=depth, min_confidence=min_confidence, note=notes["join"].join(parts)
    )
    return shown, view
