"""The interactive network page (`out/graph.html`): the graph's entities and relations drawn with vis-network.

The page must open from disk on a machine with no network, show Chinese names and evidence sentences that come
straight from scraped news (so they are escaped everywhere), and be reproducible byte for byte so that a rebuild
of an unchanged graph leaves the file unchanged.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

import jinja2
import networkx as nx
import numpy as np
import pyoxigraph
import pyvis
from markupsafe import Markup
from pyvis.edge import Edge as PyvisEdge
from pyvis.network import Network as PyvisNetwork

from kg import __version__
from kg.errors import KgError
from kg.model import ENTITY_TYPES, RELATION_NAMES

KG = "https://w3id.org/kg-industry/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"

SYMMETRIC_RELATIONS = frozenset({"cooperatesWith"})

# One distinct shape per type and a distinct colour, so a type is recognisable by either cue alone (colour-blind
# readers and greyscale prints keep the shape). vis-network has seven compact shapes with the label below; the other
# four (a rounded box, an ellipse, a ring and a shield) are drawn as SVG images (data: URIs) of the same size.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "Park": ("star", "#e15759"),
    "Company": ("dot", "#4e79a7"),
    "University": ("triangle", "#b07aa1"),
    "ResearchInstitute": ("triangleDown", "#76b7b2"),
    "GovernmentBody": ("square", "#9c755f"),
    "Region": ("box", "#8cd17d"),
    "Policy": ("diamond", "#edc948"),
    "Industry": ("ellipse", "#f28e2b"),
    "Project": ("hexagon", "#ff9da7"),
    "Person": ("circle", "#bab0ac"),
    "Designation": ("shield", "#c2185b"),
}

TYPE_NAMES: dict[str, dict[str, str]] = {
    "zh": {
        "Park": "园区",
        "Company": "企业",
        "University": "高校",
        "ResearchInstitute": "研究机构",
        "GovernmentBody": "政府机构",
        "Region": "地区",
        "Policy": "政策",
        "Industry": "产业",
        "Project": "项目",
        "Person": "人物",
        "Designation": "荣誉资质",
    },
    "en": {
        "Park": "Park",
        "Company": "Company",
        "University": "University",
        "ResearchInstitute": "Research institute",
        "GovernmentBody": "Government body",
        "Region": "Region",
        "Policy": "Policy",
        "Industry": "Industry",
        "Project": "Project",
        "Person": "Person",
        "Designation": "Designation",
    },
}

RELATION_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "locatedIn": "位于",
        "subsidiaryOf": "子公司",
        "chainLeaderOf": "链主",
        "focusesOn": "聚焦产业",
        "cooperatesWith": "合作",
        "coBuilds": "共建",
        "investsIn": "投资",
        "undertakes": "承担",
        "issuedBy": "发布",
        "suppliesTo": "供应",
        "worksFor": "任职",
        "hasDesignation": "获评",
    },
    "en": {
        "locatedIn": "located in",
        "subsidiaryOf": "subsidiary of",
        "chainLeaderOf": "chain leader of",
        "focusesOn": "focuses on",
        "cooperatesWith": "cooperates with",
        "coBuilds": "co-builds",
        "investsIn": "invests in",
        "undertakes": "undertakes",
        "issuedBy": "issued by",
        "suppliesTo": "supplies to",
        "worksFor": "works for",
        "hasDesignation": "has designation",
    },
}

UI_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "htmlLang": "zh-CN",
        "title": "产业园区知识图谱",
        "stats": "实体 {nodes} 个 · 关系 {edges} 条",
        "statsShown": "显示实体 %s/%s 个 · 关系 %s/%s 条",
        "search": "查找实体",
        "searchPlaceholder": "查找实体：名称或别名，如 赣锋",
        "noMatch": "没有匹配的实体",
        "filteredOut": "已被筛选隐藏",
        "legend": "实体类型",
        "legendHint": "点击显示或隐藏该类型；按住 Shift 点击只显示该类型",
        "relations": "关系",
        "relationHint": "点击显示或隐藏该关系；按住 Shift 点击只显示该关系",
        "minConfidence": "最低置信度",
        "sizeBy": "节点大小",
        "degree": "关系数",
        "neighbourhood": "点击节点时突出显示",
        "hop1": "1 跳邻居",
        "hop2": "2 跳邻居",
        "physics": "力导向布局",
        "fit": "适应窗口",
        "reset": "重置",
        "close": "关闭",
        "empty": "图中没有实体。",
        "type": "类型",
        "aliases": "别名",
        "confidence": "置信度",
        "iri": "IRI",
        "facts": "数据",
        "metric": "指标",
        "value": "数值",
        "period": "时期",
        "relation": "关系",
        "evidence": "证据",
        "noEvidence": "无证据句",
        "source": "来源",
        "more": "……另有 %s 条",
        "hiddenRelations": "另有 %s 条关系被筛选隐藏",
        "edge": "关系",
        "sep": "、",
    },
    "en": {
        "htmlLang": "en",
        "title": "Industrial park knowledge graph",
        "stats": "{nodes} entities · {edges} relations",
        "statsShown": "showing %s/%s entities · %s/%s relations",
        "search": "Find an entity",
        "searchPlaceholder": "Find an entity by name or alias",
        "noMatch": "No matching entity",
        "filteredOut": "hidden by a filter",
        "legend": "Entity types",
        "legendHint": "Click to show or hide this type; Shift+click to show only this type",
        "relations": "Relations",
        "relationHint": "Click to show or hide this relation; Shift+click to show only this relation",
        "minConfidence": "Minimum confidence",
        "sizeBy": "Node size",
        "degree": "Number of relations",
        "neighbourhood": "Clicking a node highlights",
        "hop1": "1-hop neighbours",
        "hop2": "2-hop neighbours",
        "physics": "Physics",
        "fit": "Fit",
        "reset": "Reset",
        "close": "Close",
        "empty": "The graph has no entities.",
        "type": "Type",
        "aliases": "Aliases",
        "confidence": "Confidence",
        "iri": "IRI",
        "facts": "Figures",
        "metric": "Metric",
        "value": "Value",
        "period": "Period",
        "relation": "Relation",
        "evidence": "Evidence",
        "noEvidence": "No evidence sentence",
        "source": "Source",
        "more": "… %s more",
        "hiddenRelations": "%s more relations are hidden by the filters",
        "edge": "Relation",
        "sep": ", ",
    },
}

# How `kg viz` describes a partial page in its header: the focus, the types kept, the confidence floor.
VIEW_NOTES: dict[str, dict[str, str]] = {
    "zh": {
        "focus": "以「{names}」为中心的 {depth} 跳子图",
        "types": "类型：{types}",
        "minConfidence": "置信度 ≥ {value}",
        "sep": "、",
        "join": " · ",
    },
    "en": {
        "focus": "{depth}-hop neighbourhood of {names}",
        "types": "types: {types}",
        "minConfidence": "confidence ≥ {value}",
        "sep": ", ",
        "join": " · ",
    },
}

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
    '"Hiragino Sans GB", "WenQuanYi Micro Hei", sans-serif'
)

# vis-network's own shapes that put the label below and take `size`; the other styles (box, ellipse, circle, shield)
# are drawn as small SVG images, so that every node can be sized by degree or by a figure and labels never sit inside.
_VIS_SHAPES = frozenset({"dot", "star", "triangle", "triangleDown", "square", "diamond", "hexagon"})

LAYOUT_SEED = 42
# Pixels of room per sqrt(node count) of a connected component: ~this many pixels between neighbouring nodes.
LAYOUT_SPACING = 200.0
# networkx's spring_layout switches to a scipy-only sparse solver at this size.
_NX_DENSE_LIMIT = 500
# Evidence sentences shown per edge in a tooltip and in the side panel's list of relations.
TOOLTIP_EVIDENCE = 8
# Relations listed in the side panel for one entity (a hub of a big graph may have hundreds).
PANEL_RELATIONS = 300
# Above this many edges the page draws for speed: no edge labels until a node is focused, straight edges only,
# edges hidden while dragging or zooming.
LARGE_GRAPH_EDGES = 2000
# Node sizes in pixels: by degree between MIN and MAX; a node without the chosen figure gets MISSING.
NODE_SIZE_MIN, NODE_SIZE_MAX, NODE_SIZE_MISSING = 12.0, 36.0, 7.0


@dataclass
class NetworkFact:
    """A figure of an entity (a kg:Fact), kept with its sentence so the side panel can show where it came from.

    `value` and `unit` are as written; `normalized` (in `normalized_unit`) is what node sizes compare.
    `evidence` is (sentence text, file name), in reading order.
    """

    metric: str
    value: str
    unit: str
    period: str
    normalized: float | None
    normalized_unit: str
    confidence: float
    evidence: list[tuple[str, str]]


@dataclass
class NetworkNode:
    """An entity as the page draws it; `id` is the entity IRI."""

    id: str
    label: str
    type: str
    aliases: list[str]
    confidence: float
    facts: list[NetworkFact] = field(default_factory=list)


@dataclass
class NetworkEdge:
    """A relation triple with the sentences it was extracted from: `evidence` is (sentence text, file name)."""

    source: str
    target: str
    relation: str
    confidence: float
    evidence: list[tuple[str, str]]


@dataclass
class Network:
    """The drawable part of the graph, sorted so equal graphs give equal pages."""

    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


@dataclass
class PageView:
    """What the page shows selected when it opens, and how `kg viz` narrowed the graph (told in the header)."""

    focus: list[str] = field(default_factory=list)
    depth: int = 1
    min_confidence: float = 0.0
    note: str = ""


class ViewError(KgError):
    """A `kg viz` request the graph cannot satisfy: an unknown name or type, a bad depth or confidence."""


# --------------------------------------------------------------------------------------------------------------
# Reading the store


def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(f'<{iri}>' for iri in iris)} }}"


_PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
PREFIX prov: <{PROV}>
"""
_CLASS_VALUES = _values("class", (KG + t for t in ENTITY_TYPES))
_RELATION_VALUES = _values("p", (KG + r for r in RELATION_NAMES))

_Q_TYPES = _PREFIXES + f"SELECT ?e ?class WHERE {{ {_CLASS_VALUES} ?e a ?class }}"
_Q_NAMES = (
    _PREFIXES
    + "SELECT DISTINCT ?e ?p ?name WHERE { "
    + _CLASS_VALUES
    + " VALUES ?p { rdfs:label skos:prefLabel skos:altLabel } ?e a ?class ; ?p ?name }"
)
_Q_CONFIDENCE = _PREFIXES + f"SELECT DISTINCT ?e ?c WHERE {{ {_CLASS_VALUES} ?e a ?class ; kg:confidence ?c }}"
_Q_EDGES = _PREFIXES + f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_RELATION_VALUES} ?s ?p ?o }}"
_Q_EVIDENCE = (
    _PREFIXES
    + "SELECT DISTINCT ?a ?s ?p ?o ?c ?text ?file ?start WHERE { "
    + _RELATION_VALUES
    + """
  ?a a kg:RelationAssertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?a kg:confidence ?c }
  OPTIONAL {
    ?a prov:wasDerivedFrom ?sentence . ?sentence kg:text ?text .
    OPTIONAL { ?sentence kg:startOffset ?start }
    OPTIONAL { ?sentence kg:inDocument/kg:fileName ?file }
  }
}"""
)

# One query for every figure: the fact, its subject and values, and the sentence and document it came from.
_Q_FACTS = (
    _PREFIXES
    + """SELECT ?f ?e ?metric ?value ?unit ?norm ?normUnit ?period ?c ?text ?file ?start WHERE {
  ?f a kg:Fact ; kg:subject ?e .
  OPTIONAL { ?f kg:metric ?metric }
  OPTIONAL { ?f kg:value ?value }
  OPTIONAL { ?f kg:unit ?unit }
  OPTIONAL { ?f kg:normalizedValue ?norm }
  OPTIONAL { ?f kg:normalizedUnit ?normUnit }
  OPTIONAL { ?f kg:period ?period }
  OPTIONAL { ?f kg:confidence ?c }
  OPTIONAL {
    ?f prov:wasDerivedFrom ?sentence . ?sentence kg:text ?text .
    OPTIONAL { ?sentence kg:startOffset ?start }
    OPTIONAL { ?sentence kg:inDocument/kg:fileName ?file }
  }
}"""
)


def _query(store: pyoxigraph.Store, sparql: str) -> Iterable[pyoxigraph.QuerySolution]:
    # The union default graph lets the page work whether `kg build` loads into the default or named graphs.
    return cast(pyoxigraph.QuerySolutions, store.query(sparql, use_default_graph_as_union=True))


def _term_id(term: Any) -> str:
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


def _as_float(term: Any) -> float | None:
    if not isinstance(term, pyoxigraph.Literal):
        return None
    try:
        value = float(term.value)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _as_int(term: Any) -> int:
    value = _as_float(term)
    return int(value) if value is not None else 0


def _language_rank(literal: pyoxigraph.Literal) -> int:
    """Chinese names first, then untagged ones, then any other language."""
    lang = (literal.language or "").lower()
    if lang == "zh" or lang.startswith("zh-"):
        return 0
    return 1 if not lang else 2


def _text(term: Any) -> str:
    return term.value if isinstance(term, pyoxigraph.Literal) else ""


def _facts_from_store(store: pyoxigraph.Store, entities: dict[str, str]) -> dict[str, list[NetworkFact]]:
    """Each drawn entity's figures (kg:Fact with kg:subject), sorted by metric and period, with their sentences.

    A fact with two metric labels (say zh and en) takes the Chinese one; its other values take the smallest lexical
    form, so a malformed graph still gives the same page on every run.
    """
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for row in _query(store, _Q_FACTS):
        entity = _term_id(row["e"])
        if entity not in entities:
            continue
        record = rows.setdefault((entity, _term_id(row["f"])), {"metric": [], "evidence": {}})
        metric = row["metric"]
        if isinstance(metric, pyoxigraph.Literal) and metric.value.strip():
            record["metric"].append((_language_rank(metric), metric.value))
        for name in ("value", "unit", "normUnit", "period"):
            text = _text(row[name])
            if row[name] is not None and (name not in record or text < record[name]):
                record[name] = text
        norm, confidence = _as_float(row["norm"]), _as_float(row["c"])
        if norm is not None and ("norm" not in record or norm < record["norm"]):
            record["norm"] = norm
        if confidence is not None:
            record["c"] = max(confidence, record.get("c", confidence))
        if row["text"] is not None:
            pair = (row["text"].value, _text(row["file"]))
            start = _as_int(row["start"]) if row["start"] is not None else 0
            record["evidence"][pair] = min(start, record["evidence"].get(pair, start))

    found: dict[str, list[NetworkFact]] = defaultdict(list)
    for (entity, _), record in rows.items():
        starts = record["evidence"]
        found[entity].append(
            NetworkFact(
                metric=min(record["metric"])[1] if record["metric"] else "",
                value=record.get("value", ""),
                unit=record.get("unit", ""),
                period=record.get("period", ""),
                normalized=record.get("norm"),
                normalized_unit=record.get("normUnit", ""),
                confidence=record.get("c", 1.0),
                evidence=sorted(starts, key=lambda pair: (pair[1], starts[pair], pair[0])),
            )
        )
    for items in found.values():
        items.sort(key=_fact_key)
    return found


def _fact_key(fact: NetworkFact) -> tuple[Any, ...]:
    return (fact.metric, fact.period, fact.unit, fact.value, fact.normalized or 0.0, fact.confidence, fact.evidence)


def network_from_store(store: pyoxigraph.Store) -> Network:
    """Read the entities, their relations and each relation's evidence sentences out of a graph in the MODEL.md shape.

    Six whole-graph queries rather than one per node, so reading a large graph stays fast. An entity with two kg:
    classes takes the first in ENTITY_TYPES order; a missing confidence reads as 1.0 (asserted, not extracted).
    The symmetric kg:cooperatesWith is drawn once per pair, with the evidence of both directions.
    """
    order = {name: i for i, name in enumerate(ENTITY_TYPES)}
    types: dict[str, str] = {}
    for row in _query(store, _Q_TYPES):
        entity, cls = _term_id(row["e"]), _local_name(row["class"].value)
        if entity not in types or order[cls] < order[types[entity]]:
            types[entity] = cls

    names: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for row in _query(store, _Q_NAMES):
        name = row["name"]
        if isinstance(name, pyoxigraph.Literal) and name.value.strip():
            names[_term_id(row["e"])][_local_name(row["p"].value)].append((_language_rank(name), name.value))

    confidences: dict[str, float] = {}
    for row in _query(store, _Q_CONFIDENCE):
        value = _as_float(row["c"])
        entity = _term_id(row["e"])
        if value is not None:
            confidences[entity] = max(value, confidences.get(entity, value))

    facts = _facts_from_store(store, types)
    nodes: list[NetworkNode] = []
    for entity in sorted(types):
        found = names.get(entity, {})
        candidates = sorted(found.get("label", [])) or sorted(found.get("prefLabel", []))
        label = candidates[0][1] if candidates else _local_name(entity)
        every_name = {value for ranked in found.values() for _, value in ranked}
        aliases = sorted(every_name - {label})
        nodes.append(
            NetworkNode(entity, label, types[entity], aliases, confidences.get(entity, 1.0), facts.get(entity, []))
        )

    def key(s: str, relation: str, o: str) -> tuple[str, str, str]:
        if relation in SYMMETRIC_RELATIONS and o < s:
            s, o = o, s
        return s, relation, o

    edge_keys: set[tuple[str, str, str]] = set()
    for row in _query(store, _Q_EDGES):
        s, o = _term_id(row["s"]), _term_id(row["o"])
        if s in types and o in types:
            edge_keys.add(key(s, _local_name(row["p"].value), o))

    edge_confidence: dict[tuple[str, str, str], float] = {}
    evidence: dict[tuple[str, str, str], dict[tuple[str, str], int]] = defaultdict(dict)
    for row in _query(store, _Q_EVIDENCE):
        k = key(_term_id(row["s"]), _local_name(row["p"].value), _term_id(row["o"]))
        if k not in edge_keys:
            continue
        value = _as_float(row["c"])
        if value is not None:
            edge_confidence[k] = max(value, edge_confidence.get(k, value))
        if row["text"] is not None:
            file = row["file"].value if row["file"] is not None else ""
            pair = (row["text"].value, file)
            start = _as_int(row["start"]) if row["start"] is not None else 0
            evidence[k][pair] = min(start, evidence[k].get(pair, start))

    edges = []
    for k in sorted(edge_keys):
        starts = evidence.get(k, {})
        # Reading order: by document, then where the sentence starts in it.
        ordered = sorted(starts, key=lambda pair: (pair[1], starts[pair], pair[0]))
        edges.append(NetworkEdge(k[0], k[2], k[1], edge_confidence.get(k, 1.0), ordered))
    return Network(nodes, edges)


# --------------------------------------------------------------------------------------------------------------
# Choosing what `kg viz` draws


def _name_key(name: str) -> str:
    """How names are compared when looking an entity up: NFKC (full-width forms), case and spaces ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def find_nodes(network: Network, name: str) -> list[NetworkNode]:
    """The entities called `name`, by label or alias; failing that, the one entity whose name contains it.

    Several exact matches (one name that is both a park and an honour) are all returned. A fragment that is part
    of several entities' names is ambiguous: ViewError lists some of them, so the user can give the full name.
    """
    key = _name_key(name)
    if not key:
        raise ViewError("--focus needs a name")
    exact = [n for n in network.nodes if any(_name_key(x) == key for x in [n.label, *n.aliases])]
    if exact:
        return exact
    partial = [n for n in network.nodes if any(key in _name_key(x) for x in [n.label, *n.aliases])]
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


def neighbourhood(network: Network, seeds: Iterable[str], depth: int) -> Network:
    """The entities within `depth` edges of a seed (either direction), and the edges that reach them.

    An edge is kept when one end is nearer than `depth`, as the page's own focus does: the paths out from the
    seeds, not the edges among the outermost ring.
    """
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
    nodes = [n for n in network.nodes if n.id in distance]
    edges = [
        e
        for e in network.edges
        if e.source in distance and e.target in distance and min(distance[e.source], distance[e.target]) < depth
    ]
    return Network(nodes, edges)


def select_view(
    network: Network,
    *,
    focus: str | None = None,
    depth: int = 1,
    types: Sequence[str] | None = None,
    min_confidence: float = 0.0,
    lang: str = "zh",
) -> tuple[Network, PageView]:
    """What `kg viz` draws: the graph filtered by type and confidence, then the neighbourhood of `focus` in it.

    The focus is looked up in the whole graph first, so a name that exists but is filtered out gets its own message
    rather than "not found".
    """
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
        names = notes["sep"].join(n.label for n in seeds)
        parts.append(notes["focus"].format(names=names, depth=depth))
    if types is not None and set(types) != set(ENTITY_TYPES):
        parts.append(notes["types"].format(types=notes["sep"].join(TYPE_NAMES[lang][t] for t in types)))
    if min_confidence > 0:
        parts.append(notes["minConfidence"].format(value=f"{min_confidence:g}"))
    view = PageView(
        focus=[n.id for n in seeds], depth=depth, min_confidence=min_confidence, note=notes["join"].join(parts)
    )
    return shown, view


# --------------------------------------------------------------------------------------------------------------
# Layout


def _force_layout(size: int, pairs: Sequence[tuple[int, int]], seed: int, iterations: int = 50) -> np.ndarray:
    """Fruchterman-Reingold in plain numpy, for components too big for networkx's dense solver without scipy.

    Same model as spring_layout (unit box, k = 1/sqrt(n), linear cooling); repulsion is computed in row blocks of
    2-D arrays so memory stays O(block * n) rather than O(n^2).
    """
    rng = np.random.RandomState(seed)
    xy = rng.rand(size, 2)
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    k2 = 1.0 / size
    k = math.sqrt(k2)
    src = np.fromiter((a for a, _ in pairs), dtype=np.intp, count=len(pairs))
    dst = np.fromiter((b for _, b in pairs), dtype=np.intp, count=len(pairs))
    step = 0.1
    cooling = step / (iterations + 1)
    block = max(1, 2_000_000 // size)
    for _ in range(iterations):
        disp_x, disp_y = np.empty(size), np.empty(size)
        for lo in range(0, size, block):
            dx = x[lo : lo + block, None] - x[None, :]
            dy = y[lo : lo + block, None] - y[None, :]
            force = dx * dx
            force += dy * dy
            np.maximum(force, 1e-4, out=force)
            np.divide(k2, force, out=force)
            disp_x[lo : lo + block] = np.einsum("ij,ij->i", dx, force)
            disp_y[lo : lo + block] = np.einsum("ij,ij->i", dy, force)
        if len(pairs):
            dx, dy = x[src] - x[dst], y[src] - y[dst]
            pull = np.sqrt(dx * dx + dy * dy) / k
            np.add.at(disp_x, src, -dx * pull)
            np.add.at(disp_x, dst, dx * pull)
            np.add.at(disp_y, src, -dy * pull)
            np.add.at(disp_y, dst, dy * pull)
        length = np.maximum(np.sqrt(disp_x * disp_x + disp_y * disp_y), 0.01)
        scale = np.minimum(length, step) / length
        x += disp_x * scale
        y += disp_y * scale
        step -= cooling
    pos = np.column_stack((x - x.mean(), y - y.mean()))
    extent = np.abs(pos).max()
    return pos / extent if extent > 0 else pos


def _component_layout(graph: nx.Graph, scale: float) -> dict[str, tuple[float, float]]:
    """Positions of one connected component, centred on 0 and within `scale` of it."""
    nodes = list(graph)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) < _NX_DENSE_LIMIT or importlib.util.find_spec("scipy") is not None:
        pos = nx.spring_layout(graph, seed=LAYOUT_SEED, scale=scale, center=(0.0, 0.0))
        return {n: (float(pos[n][0]), float(pos[n][1])) for n in nodes}
    index = {n: i for i, n in enumerate(nodes)}
    coords = _force_layout(len(nodes), [(index[a], index[b]) for a, b in graph.edges()], LAYOUT_SEED) * scale
    return {n: (float(coords[i][0]), float(coords[i][1])) for n, i in index.items()}


def layout_positions(network: Network) -> dict[str, tuple[float, float]]:
    """Page coordinates for every node: a seeded spring layout per connected component, components packed in rows.

    Laying components out separately keeps isolated entities from being flung to the rim of one big layout.
    Coordinates are rounded to 0.1 px so the page text does not depend on the last bits of floating point.
    """
    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in network.nodes)
    graph.add_edges_from((e.source, e.target) for e in network.edges if e.source != e.target)
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    boxes: list[tuple[dict[str, tuple[float, float]], float, float, float, float]] = []
    for component in components:
        sub = nx.Graph()
        sub.add_nodes_from(component)
        sub.add_edges_from(sorted(tuple(sorted(edge)) for edge in graph.subgraph(component).edges()))
        pos = _component_layout(sub, LAYOUT_SPACING * math.sqrt(len(component)) / 2)
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        # Each component's own bounding box plus a margin for the labels, so packed components never overlap.
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs) + LAYOUT_SPACING, max(ys) - min(ys) + LAYOUT_SPACING))

    # Shelf packing, biggest component first, into rows about 1.5 times as wide as the whole is tall.
    row_width = max([box[3] for box in boxes] + [1.5 * math.sqrt(sum(box[3] * box[4] for box in boxes))])
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, left, top, width, height in boxes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            positions[node] = (round(x + px - left, 1), round(y + py - top, 1))
        x += width
        row_height = max(row_height, height)
    if positions:
        # Centre the drawing on the origin, where vis-network puts its initial view.
        mid_x = round((min(p[0] for p in positions.values()) + max(p[0] for p in positions.values())) / 2, 1)
        mid_y = round((min(p[1] for p in positions.values()) + max(p[1] for p in positions.values())) / 2, 1)
        positions = {n: (round(px - mid_x, 1), round(py - mid_y, 1)) for n, (px, py) in positions.items()}
    return positions


# --------------------------------------------------------------------------------------------------------------
# The page


def _script_json(value: Any) -> Markup:
    """JSON that is safe inside a <script> element: no `</script>`, `<!--` or `]]>` can be formed."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)


def _shade(colour: str, factor: float) -> str:
    """A darker (factor < 1) or lighter (factor > 1) version of a #rrggbb colour, for borders and highlights."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    if factor < 1:
        channels = [round(c * factor) for c in channels]
    else:
        channels = [round(c + (255 - c) * (factor - 1)) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in channels)


def _node_colour(colour: str) -> dict[str, Any]:
    border = _shade(colour, 0.7)
    light = _shade(colour, 1.35)
    return {
        "background": colour,
        "border": border,
        "highlight": {"background": light, "border": "#1f2933"},
        "hover": {"background": light, "border": border},
    }


def _polygon(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _regular(sides: int, radius: float, start_degrees: float) -> list[tuple[float, float]]:
    return [
        (
            10 + radius * math.cos(math.radians(start_degrees + 360 * i / sides)),
            10 + radius * math.sin(math.radians(start_degrees + 360 * i / sides)),
        )
        for i in range(sides)
    ]


def _star() -> list[tuple[float, float]]:
    return [
        (
            10 + (8.5 if i % 2 == 0 else 3.6) * math.cos(math.radians(-90 + 36 * i)),
            10 + (8.5 if i % 2 == 0 else 3.6) * math.sin(math.radians(-90 + 36 * i)),
        )
        for i in range(10)
    ]


def _legend_svg(shape: str, colour: str) -> Markup:
    """A 20x20 icon of a vis-network shape, so the legend shows what the canvas draws."""
    border = _shade(colour, 0.7)
    paint = f'fill="{colour}" stroke="{border}" stroke-width="1.2"'
    bodies = {
        "dot": f'<circle cx="10" cy="10" r="6" {paint}/>',
        "star": f'<polygon points="{_polygon(_star())}" {paint}/>',
        "triangle": f'<polygon points="10,2 18.5,17 1.5,17" {paint}/>',
        "triangleDown": f'<polygon points="1.5,3 18.5,3 10,18" {paint}/>',
        "square": f'<rect x="3" y="3" width="14" height="14" {paint}/>',
        "diamond": f'<polygon points="10,1.5 18.5,10 10,18.5 1.5,10" {paint}/>',
        "hexagon": f'<polygon points="{_polygon(_regular(6, 8.5, 0))}" {paint}/>',
        "box": f'<rect x="1" y="4.5" width="18" height="11" rx="2.5" {paint}/>',
        "ellipse": f'<ellipse cx="10" cy="10" rx="9" ry="5.5" {paint}/>',
        "circle": f'<circle cx="10" cy="10" r="8.5" fill="{colour}" stroke="{border}" stroke-width="2.4"/>',
        "shield": f'<path d="M10,1.2 L18,4 V9.5 C18,14.5 14.5,17.6 10,18.8 C5.5,17.6 2,14.5 2,9.5 V4 Z" {paint}/>',
    }
    return Markup(
        f'<svg class="kg-swatch" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">{bodies[shape]}</svg>'
    )


def _shape_image(shape: str, colour: str) -> str:
    """The swatch as a data: URI, for the shapes vis-network lacks (drawn with its "image" shape)."""
    svg = str(_legend_svg(shape, colour)).replace('<svg class="kg-swatch"', '<svg xmlns="http://www.w3.org/2000/svg"')
    return "data:image/svg+xml;charset=utf-8," + quote(svg, safe="")


def _vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet that ship inside pyvis (what its cdn_resources="in_line" embeds)."""
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # Inline text must not be able to close its element early.
    if re.search(r"</script|<!--", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise RuntimeError(f"{lib} cannot be inlined safely")
    return js, css


def _vis_options(edge_count: int) -> dict[str, Any]:
    big = edge_count > 3000
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
        # Positions come precomputed; physics stays off until the user turns it on, so big graphs draw at once.
        "physics": {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": False},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "font": {"face": FONT_STACK, "size": 14, "color": "#1f2933"},
        },
        "edges": {
            "smooth": {"enabled": False},
            "color": {"color": "#9aa5b1", "highlight": "#323f4b", "hover": "#323f4b"},
            "font": {
                "face": FONT_STACK,
                "size": 11,
                "color": "#52606d",
                "align": "middle",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        },
    }


def _pyvis_network(network: Network, lang: str) -> PyvisNetwork:
    """The page's nodes and edges as pyvis records, with positions, styles and the data the tooltips are built from."""
    positions = layout_positions(network)
    degree: dict[str, int] = defaultdict(int)
    for edge in network.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1

    net = PyvisNetwork(directed=True, cdn_resources="in_line")
    for node in network.nodes:
        shape, colour = TYPE_STYLES[node.type]
        x, y = positions[node.id]
        drawn: dict[str, Any] = {"shape": shape}
        if shape not in _VIS_SHAPES:
            drawn = {"shape": "image", "image": _shape_image(shape, colour)}
        net.add_node(
            node.id,
            label=node.label,
            **drawn,
            color=_node_colour(colour),
            size=round(min(12 + 4 * math.log2(1 + degree[node.id]), 36), 1),
            x=x,
            y=y,
            kgType=node.type,
            kgTypeLabel=TYPE_NAMES[lang][node.type],
            kgAliases=list(node.aliases),
            kgConfidence=round(node.confidence, 4),
        )

    # Parallel edges between one pair of nodes get alternating curves so each label stays readable.
    seen_pairs: dict[frozenset[str], int] = defaultdict(int)
    for i, edge in enumerate(network.edges):
        pair = frozenset((edge.source, edge.target))
        nth = seen_pairs[pair]
        seen_pairs[pair] += 1
        options: dict[str, Any] = {
            "id": f"e{i}",
            "label": RELATION_LABELS[lang][edge.relation],
            "width": 1 + 0.5 * min(len(edge.evidence), 4),
            "kgRelation": edge.relation,
            "kgSymmetric": edge.relation in SYMMETRIC_RELATIONS,
            "kgConfidence": round(edge.confidence, 4),
            "kgEvidence": [list(item) for item in edge.evidence],
        }
        if edge.relation in SYMMETRIC_RELATIONS:
            options["arrows"] = {"to": {"enabled": False}}
        if nth:
            options["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if nth % 2 else "curvedCCW",
                "roundness": round(0.2 * ((nth + 1) // 2), 2),
            }
        # pyvis's add_edge rescans the whole node list for each edge (O(nodes x edges)); the endpoints are known to
        # exist, so append the same pyvis Edge records directly.
        net.edges.append(PyvisEdge(edge.source, edge.target, directed=True, **options).options)
    net.options = _vis_options(len(network.edges))  # a dict: pyvis's set_options strips spaces
    return net


_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ s.htmlLang }}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; \
style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg {{ version }}">
<title>{{ s.title }}</title>
<style>{{ vis_css }}</style>
<style>
html, body { margin: 0; height: 100%; }
body {
  display: flex; flex-direction: column; color: #1f2933; background: #ffffff;
  font-family: {{ font_stack }};
}
#kg-header { display: flex; align-items: center; gap: 16px; padding: 8px 14px; border-bottom: 1px solid #d9dee3; }
#kg-header h1 { margin: 0; font-size: 18px; font-weight: 600; }
#kg-stats { color: #52606d; font-size: 13px; }
#kg-controls { margin-left: auto; display: flex; align-items: center; gap: 12px; font-size: 13px; }
#kg-controls button, #kg-controls input { font: inherit; }
#kg-main { flex: 1; display: flex; min-height: 0; }
#kg-legend {
  flex: none; width: 180px; overflow: auto; padding: 10px 12px; border-right: 1px solid #d9dee3; font-size: 13px;
}
#kg-legend h2 { margin: 0 0 8px; font-size: 14px; }
#kg-legend ul { margin: 0; padding: 0; list-style: none; }
#kg-legend li { display: flex; align-items: center; gap: 8px; padding: 3px 0; }
#kg-legend li.kg-absent { opacity: 0.45; }
#kg-legend .kg-count { margin-left: auto; color: #7b8794; font-variant-numeric: tabular-nums; }
#kg-network { position: relative; flex: 1; min-width: 0; }
#kg-empty { position: absolute; top: 40%; width: 100%; text-align: center; color: #7b8794; }
div.vis-tooltip {
  max-width: 480px; padding: 8px 10px; white-space: normal; font-family: {{ font_stack }};
  font-size: 13px; line-height: 1.5; color: #1f2933; background: #ffffff;
  border: 1px solid #b8c2cc; border-radius: 4px; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.15);
}
.kg-tip-title { margin-bottom: 4px; font-weight: 600; }
.kg-tip-key { margin-right: 6px; color: #7b8794; }
.kg-tip-evidence { margin: 2px 0 0; padding-left: 20px; }
.kg-tip-evidence li { margin-bottom: 3px; }
.kg-tip-doc { display: block; color: #7b8794; font-size: 12px; }
</style>
<script>{{ vis_js }}</script>
</head>
<body>
<header id="kg-header">
<h1>{{ s.title }}</h1>
<span id="kg-stats">{{ stats }}</span>
<div id="kg-controls">
<label><input type="checkbox" id="kg-physics"> {{ s.physics }}</label>
<button type="button" id="kg-fit">{{ s.fit }}</button>
</div>
</header>
<div id="kg-main">
<aside id="kg-legend">
<h2>{{ s.legend }}</h2>
<ul>
{% for item in legend -%}
<li data-type="{{ item.type }}" data-shape="{{ item.shape }}" data-color="{{ item.colour }}"\
{% if not item.count %} class="kg-absent"{% endif %}>{{ item.svg }}\
<span class="kg-type-name">{{ item.name }}</span><span class="kg-count">{{ item.count }}</span></li>
{% endfor -%}
</ul>
</aside>
<div id="kg-network">{% if not node_count %}<div id="kg-empty">{{ s.empty }}</div>{% endif %}</div>
</div>
<script>
(function () {
  "use strict";
  var S = {{ strings_json }};
  var MAX_EVIDENCE = {{ max_evidence }};
  var nodeData = {{ nodes_json }};
  var edgeData = {{ edges_json }};
  var options = {{ options_json }};

  // Tooltips are DOM elements filled with textContent: names and sentences come from the web and are never HTML.
  function el(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text !== undefined && text !== null) { element.textContent = String(text); }
    return element;
  }
  function row(key, value) {
    var line = el("div", "kg-tip-row");
    line.appendChild(el("span", "kg-tip-key", key));
    line.appendChild(el("span", "kg-tip-value", value));
    return line;
  }
  var labels = {};
  nodeData.forEach(function (node) { labels[node.id] = node.label; });

  function nodeTitle(node) {
    var box = el("div", "kg-tip");
    box.appendChild(el("div", "kg-tip-title", node.label));
    box.appendChild(row(S.type, node.kgTypeLabel));
    if (node.kgAliases.length) { box.appendChild(row(S.aliases, node.kgAliases.join(S.sep))); }
    box.appendChild(row(S.confidence, node.kgConfidence.toFixed(2)));
    return box;
  }
  function edgeTitle(edge) {
    var box = el("div", "kg-tip");
    var arrow = edge.kgSymmetric ? " \\u2014 " : " \\u2192 ";
    box.appendChild(el("div", "kg-tip-title", labels[edge.from] + arrow + edge.label + arrow + labels[edge.to]));
    box.appendChild(row(S.relation, edge.label + " (" + edge.kgRelation + ")"));
    box.appendChild(row(S.confidence, edge.kgConfidence.toFixed(2)));
    var evidence = edge.kgEvidence;
    if (!evidence.length) {
      box.appendChild(el("div", "kg-tip-key", S.noEvidence));
      return box;
    }
    box.appendChild(el("div", "kg-tip-key", S.evidence + " (" + evidence.length + ")"));
    var list = el("ol", "kg-tip-evidence");
    evidence.slice(0, MAX_EVIDENCE).forEach(function (item) {
      var entry = el("li", null, item[0]);
      if (item[1]) { entry.appendChild(el("span", "kg-tip-doc", S.source + ": " + item[1])); }
      list.appendChild(entry);
    });
    box.appendChild(list);
    if (evidence.length > MAX_EVIDENCE) {
      box.appendChild(el("div", "kg-tip-key", S.more.replace("%d", String(evidence.length - MAX_EVIDENCE))));
    }
    return box;
  }
  nodeData.forEach(function (node) { node.title = nodeTitle(node); });
  edgeData.forEach(function (edge) { edge.title = edgeTitle(edge); });

  var nodes = new vis.DataSet(nodeData);
  var edges = new vis.DataSet(edgeData);
  var network = new vis.Network(document.getElementById("kg-network"), { nodes: nodes, edges: edges }, options);
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgNetwork = network;
  // vis-network fits the nodes' shapes only; zoom out a little so the labels at the rim are not cut off.
  function fitWithMargin() {
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.9, animation: false });
  }
  network.once("afterDrawing", function () {
    fitWithMargin();
    window.kgDrawn = true;
    document.documentElement.setAttribute("data-kg-drawn", "true");
  });
  document.getElementById("kg-physics").addEventListener("change", function (event) {
    network.setOptions({ physics: { enabled: event.target.checked } });
  });
  document.getElementById("kg-fit").addEventListener("click", fitWithMargin);
})();
</script>
</body>
</html>
"""

_ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render_network_html(network: Network, lang: str = "zh") -> str:
    """The page as a string; write_network_html is the one that puts it on disk."""
    if lang not in UI_STRINGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {sorted(UI_STRINGS)}")
    unknown = sorted({n.type for n in network.nodes} - set(TYPE_STYLES))
    if unknown:
        raise ValueError(f"unknown entity types {unknown}")
    unknown = sorted({e.relation for e in network.edges} - set(RELATION_LABELS[lang]))
    if unknown:
        raise ValueError(f"unknown relations {unknown}")

    net = _pyvis_network(network, lang)
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    strings = UI_STRINGS[lang]
    counts = defaultdict(int)
    for node in network.nodes:
        counts[node.type] += 1
    legend = [
        {
            "type": t,
            "shape": TYPE_STYLES[t][0],
            "colour": TYPE_STYLES[t][1],
            "name": TYPE_NAMES[lang][t],
            "count": counts[t],
            "svg": _legend_svg(*TYPE_STYLES[t]),
        }
        for t in ENTITY_TYPES
    ]
    vis_js, vis_css = _vis_assets()
    page = _ENVIRONMENT.from_string(_TEMPLATE).render(
        s=strings,
        version=__version__,
        stats=strings["stats"].format(nodes=len(network.nodes), edges=len(network.edges)),
        legend=legend,
        node_count=len(network.nodes),
        font_stack=Markup(FONT_STACK),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        strings_json=_script_json({k: v for k, v in strings.items() if k != "htmlLang"}),
        max_evidence=TOOLTIP_EVIDENCE,
        nodes_json=_script_json(nodes),
        edges_json=_script_json(edges),
        options_json=_script_json(net.options),
    )
    # Belt and braces for "opens offline": nothing in the page may point the browser at another resource.
    if re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=", page, re.IGNORECASE):
        raise RuntimeError("the network page would load an external resource")
    return page


def write_network_html(network: Network, path: Path, lang: str = "zh") -> None:
    """Write the self-contained page atomically: a reader sees the old file or the new one, never half of one."""
    path = Path(path)
    page = render_network_html(network, lang).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(page)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file 0600; give it the mode an ordinary new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


__all__ = [
    "Network",
    "NetworkEdge",
    "NetworkNode",
    "layout_positions",
    "network_from_store",
    "render_network_html",
    "write_network_html",
]
