"""The interactive network page (`out/graph.html`): the graph's entities and relations drawn with vis-network.

The page must open from disk on a machine with no network, show Chinese names and evidence sentences that come
straight from scraped news (so they are escaped everywhere), and be reproducible byte for byte so that a rebuild
of an unchanged graph leaves the file unchanged.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
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
from pyvis.node import Node as PyvisNode

from kg import __version__
from kg.building.outfolder import write_file_atomically
from kg.errors import KgError
from kg.model import INVISIBLE_CHARACTERS, PAGE_NODE_LIMIT, name_key
from kg.vocab import ENTITY_TYPES, KG, PROV, RDF, RELATION_NAMES, SYMMETRIC_RELATIONS, sparql_prologue

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
        "dates": "证据日期",
        "dateFrom": "从",
        "dateTo": "到",
        "newSince": "标出此日起新出现的",
        "datePlaceholder": "2024 或 2024-03-01",
        "newCount": "新出现：实体 %s 个 · 关系 %s 条",
        "seen": "最早 / 最近见于",
        "chart": "%s 按时期",
        "chainMap": "产业链图谱：已有、缺失环节与招商目标",
        "chainMapOffline": "产业链图谱：运行 %s",
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
        "dates": "Evidence dates",
        "dateFrom": "From",
        "dateTo": "To",
        "newSince": "Mark what is new since",
        "datePlaceholder": "2024 or 2024-03-01",
        "newCount": "new: %s entities · %s relations",
        "seen": "First / last seen",
        "chart": "%s by period",
        "chainMap": "Chain map: links present and missing, investment targets",
        "chainMapOffline": "Chain map: run %s",
    },
}

# How `kg viz` describes a partial page in its header: the focus, the types kept, the confidence floor.
VIEW_NOTES: dict[str, dict[str, str]] = {
    "zh": {
        "focus": "以「{names}」为中心的 {depth} 跳子图",
        "types": "类型：{types}",
        "minConfidence": "置信度 ≥ {value}",
        "overview": "共 {total} 个实体，显示关联最多的 {shown} 个；其余可用 kg viz --focus 名称 查看",
        "sep": "、",
        "join": " · ",
    },
    "en": {
        "focus": "{depth}-hop neighbourhood of {names}",
        "types": "types: {types}",
        "minConfidence": "confidence ≥ {value}",
        "overview": "the {shown} most connected of {total} entities; kg viz --focus NAME draws any other",
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
    start: str = ""  # the period as time (kg:periodStart, kg:periodEnd): ISO years or days, '' when unknown
    end: str = ""


@dataclass
class NetworkNode:
    """An entity as the page draws it; `id` is the entity IRI."""

    id: str
    label: str
    type: str
    aliases: list[str]
    confidence: float
    facts: list[NetworkFact] = field(default_factory=list)
    seen: tuple[str, str] = ("", "")  # kg:firstSeen, kg:lastSeen (ISO); empty when no dated document states it


@dataclass
class NetworkEdge:
    """A relation triple with the sentences it was extracted from: `evidence` is (sentence text, file name)."""

    source: str
    target: str
    relation: str
    confidence: float
    evidence: list[tuple[str, str]]
    seen: tuple[str, str] = ("", "")  # the earliest and latest date of the documents that state it


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


_PREFIXES = sparql_prologue("kg", "rdf", "rdfs", "skos", "prov")
_CLASS_VALUES = _values("class", (KG + t for t in ENTITY_TYPES))
_RELATION_VALUES = _values("p", (KG + r for r in RELATION_NAMES))

_Q_TYPES = _PREFIXES + f"SELECT ?e ?class WHERE {{ {_CLASS_VALUES} ?e a ?class }}"
_Q_NAMES = (
    _PREFIXES
    + "SELECT ?e ?p ?name WHERE { "
    + _CLASS_VALUES
    + " VALUES ?p { rdfs:label skos:prefLabel skos:altLabel } ?e a ?class ; ?p ?name }"
)
_Q_CONFIDENCE = _PREFIXES + f"SELECT ?e ?c WHERE {{ {_CLASS_VALUES} ?e a ?class ; kg:confidence ?c }}"
_Q_EDGES = _PREFIXES + f"SELECT ?s ?p ?o WHERE {{ {_RELATION_VALUES} ?s ?p ?o }}"
_Q_EVIDENCE = (
    _PREFIXES
    + "SELECT ?a ?s ?p ?o ?c ?text ?file ?start WHERE { "
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
    + """SELECT ?f ?e ?metric ?value ?unit ?norm ?normUnit ?period ?pstart ?pend ?c ?text ?file ?start WHERE {
  ?f a kg:Fact ; kg:subject ?e .
  OPTIONAL { ?f kg:metric ?metric }
  OPTIONAL { ?f kg:value ?value }
  OPTIONAL { ?f kg:unit ?unit }
  OPTIONAL { ?f kg:normalizedValue ?norm }
  OPTIONAL { ?f kg:normalizedUnit ?normUnit }
  OPTIONAL { ?f kg:period ?period }
  OPTIONAL { ?f kg:periodStart ?pstart }
  OPTIONAL { ?f kg:periodEnd ?pend }
  OPTIONAL { ?f kg:confidence ?c }
  OPTIONAL {
    ?f prov:wasDerivedFrom ?sentence . ?sentence kg:text ?text .
    OPTIONAL { ?sentence kg:startOffset ?start }
    OPTIONAL { ?sentence kg:inDocument/kg:fileName ?file }
  }
}"""
)


# When entities and edges were stated: kg:firstSeen and kg:lastSeen of entities and of relation assertions.
_Q_SEEN = (
    _PREFIXES
    + """SELECT ?x ?s ?p ?o ?first ?last WHERE {
  ?x kg:firstSeen ?first ; kg:lastSeen ?last .
  OPTIONAL { ?x rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
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


class _Lookups:
    """Index lookups around given nodes. A page that draws a small part of a big graph reads the figures and
    evidence of the drawn entities through them, giving the rows the whole-graph queries would give for those
    entities; the queries evaluate their OPTIONALs for every figure and edge of the graph. Each node's triples
    come in one lookup, far cheaper than one lookup per property."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store
        self._files: dict[str, list[Any]] = {}  # a document's file names (a few documents, many sentences)

    def properties(self, node: Any) -> dict[str, list[Any]]:
        """The node's values by property IRI, in every graph."""
        found: dict[str, list[Any]] = defaultdict(list)
        if isinstance(node, (pyoxigraph.NamedNode, pyoxigraph.BlankNode)):
            for quad in self.store.quads_for_pattern(node, None, None, None):
                found[quad.predicate.value].append(quad.object)
        return found

    def subjects(self, predicate: str, obj: Any) -> list[Any]:
        return [q.subject for q in self.store.quads_for_pattern(None, pyoxigraph.NamedNode(predicate), obj, None)]

    def _file_names(self, document: Any) -> list[Any]:
        key = _term_id(document)
        if key not in self._files:
            self._files[key] = self.properties(document).get(KG + "fileName", [])
        return self._files[key]

    def evidence(self, properties: dict[str, list[Any]]) -> list[tuple[Any, Any, Any]]:
        """(text, file, start) as the queries' OPTIONAL sentence group binds them for the node with these
        properties; [(None, None, None)] when nothing binds. Sentences are read again for each node that cites
        them rather than kept: on a big graph the drawn hubs cite millions."""
        rows: list[tuple[Any, Any, Any]] = []
        for sentence in properties.get(PROV + "wasDerivedFrom", []):
            about = self.properties(sentence)
            starts = about.get(KG + "startOffset") or [None]
            files = [file for document in about.get(KG + "inDocument", [])
                     for file in self._file_names(document)] or [None]
            rows.extend((text, file, start) for text in about.get(KG + "text", []) for start in starts
                        for file in files)
        return rows or [(None, None, None)]


def _node(term_id: str) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode:
    return pyoxigraph.BlankNode(term_id[2:]) if term_id.startswith("_:") else pyoxigraph.NamedNode(term_id)


_FACT_COLUMNS = (("metric", "metric"), ("value", "value"), ("unit", "unit"), ("norm", "normalizedValue"),
                 ("normUnit", "normalizedUnit"), ("period", "period"), ("pstart", "periodStart"),
                 ("pend", "periodEnd"), ("c", "confidence"))
_FACT = pyoxigraph.NamedNode(KG + "Fact")
_RELATION_ASSERTION = pyoxigraph.NamedNode(KG + "RelationAssertion")


def _fact_rows_of(store: pyoxigraph.Store, entities: Iterable[str]) -> Iterator[dict[str, Any]]:
    """_Q_FACTS's rows for the given entities' figures, by lookups."""
    look = _Lookups(store)
    for entity in entities:
        e = _node(entity)
        for f in look.subjects(KG + "subject", e):
            about = look.properties(f)
            if _FACT not in about.get(RDF + "type", []):
                continue
            columns = [about.get(KG + local) or [None] for _, local in _FACT_COLUMNS]
            readings = look.evidence(about)
            for values in itertools.product(*columns):
                row = {"f": f, "e": e, **dict(zip((name for name, _ in _FACT_COLUMNS), values, strict=True))}
                for text, file, start in readings:
                    yield {**row, "text": text, "file": file, "start": start}


def _evidence_rows_of(store: pyoxigraph.Store, edge_keys: set[tuple[str, str, str]]) -> Iterator[dict[str, Any]]:
    """_Q_EVIDENCE's rows for the assertions of the given edges, by lookups from the edges' ends."""
    look = _Lookups(store)
    relations = {KG + name for name in RELATION_NAMES}
    seen: set[str] = set()
    for end in sorted({e for k in edge_keys for e in (k[0], k[2])}):
        for a in look.subjects(RDF + "subject", _node(end)):
            if _term_id(a) in seen:
                continue
            seen.add(_term_id(a))
            about = look.properties(a)
            if _RELATION_ASSERTION not in about.get(RDF + "type", []):
                continue
            predicates = [p for p in about.get(RDF + "predicate", [])
                          if isinstance(p, pyoxigraph.NamedNode) and p.value in relations]
            ends = [(s, p, o) for s, p, o in itertools.product(about.get(RDF + "subject", []), predicates,
                                                                about.get(RDF + "object", []))
                    if _edge_key(_term_id(s), _local_name(p.value), _term_id(o)) in edge_keys]
            if not ends:
                continue
            readings = look.evidence(about)
            for (s, p, o), c in itertools.product(ends, about.get(KG + "confidence") or [None]):
                for text, file, start in readings:
                    yield {"a": a, "s": s, "p": p, "o": o, "c": c, "text": text, "file": file, "start": start}


def _facts_from_store(store: pyoxigraph.Store, entities: dict[str, str],
                      rows_source: Iterable[Any] | None = None) -> dict[str, list[NetworkFact]]:
    """Each drawn entity's figures (kg:Fact with kg:subject), sorted by metric and period, with their sentences;
    from _Q_FACTS's rows, or from `rows_source` giving the same rows for these entities.

    A fact with two metric labels (say zh and en) takes the Chinese one; its other values take the smallest lexical
    form, so a malformed graph still gives the same page on every run.
    """
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for row in _query(store, _Q_FACTS) if rows_source is None else rows_source:
        entity = _term_id(row["e"])
        if entity not in entities:
            continue
        record = rows.setdefault((entity, _term_id(row["f"])), {"metric": [], "evidence": {}})
        metric = row["metric"]
        if isinstance(metric, pyoxigraph.Literal) and metric.value.strip():
            record["metric"].append((_language_rank(metric), metric.value))
        for name in ("value", "unit", "normUnit", "period", "pstart", "pend"):
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
                start=record.get("pstart", ""),
                end=record.get("pend", ""),
            )
        )
    for items in found.values():
        items.sort(key=_fact_key)
    return found


def _seen_from_store(store: pyoxigraph.Store) -> dict[Any, tuple[str, str]]:
    """First and last seen of each entity (by IRI) and each edge (by its key, over all its assertions; ISO dates
    compare as text, as kg.text.dates writes them)."""
    seen: dict[Any, tuple[str, str]] = {}
    for row in _query(store, _Q_SEEN):
        first, last = row["first"].value, row["last"].value
        key: Any = _term_id(row["x"])
        if row["p"] is not None:
            key = _edge_key(_term_id(row["s"]), _local_name(row["p"].value), _term_id(row["o"]))
        was = seen.get(key)
        seen[key] = (min(was[0], first), max(was[1], last)) if was else (first, last)
    return seen


def _fact_key(fact: NetworkFact) -> tuple[Any, ...]:
    return (fact.metric, fact.period, fact.unit, fact.value, fact.normalized or 0.0, fact.confidence, fact.evidence)


def _entity_types(store: pyoxigraph.Store) -> dict[str, str]:
    """Every entity's class; an entity with two kg: classes takes the first in ENTITY_TYPES order."""
    order = {name: i for i, name in enumerate(ENTITY_TYPES)}
    types: dict[str, str] = {}
    for row in _query(store, _Q_TYPES):
        entity, cls = _term_id(row["e"]), _local_name(row["class"].value)
        if entity not in types or order[cls] < order[types[entity]]:
            types[entity] = cls
    return types


def _edge_key(s: str, relation: str, o: str) -> tuple[str, str, str]:
    """(source, relation, target), the symmetric kg:cooperatesWith in one direction only."""
    if relation in SYMMETRIC_RELATIONS and o < s:
        s, o = o, s
    return s, relation, o


def _edge_keys(store: pyoxigraph.Store, types: dict[str, str]) -> set[tuple[str, str, str]]:
    """The relations between entities, each once."""
    keys: set[tuple[str, str, str]] = set()
    for row in _query(store, _Q_EDGES):
        s, o = _term_id(row["s"]), _term_id(row["o"])
        if s in types and o in types:
            keys.add(_edge_key(s, _local_name(row["p"].value), o))
    return keys


def _most_connected_ids(ids: Iterable[str], edges: Iterable[tuple[str, str]], max_nodes: int) -> set[str]:
    """The `max_nodes` ids with the most edges, ties by id, so the choice is the same on every run."""
    degree: Counter[str] = Counter()
    for source, target in edges:
        degree[source] += 1
        degree[target] += 1
    return set(sorted(ids, key=lambda i: (-degree[i], i))[:max_nodes])


def network_from_store(store: pyoxigraph.Store) -> Network:
    """Read the entities, their relations and each relation's evidence sentences out of a graph in the MODEL.md
    shape."""
    return read_network(store)[0]


def read_network(store: pyoxigraph.Store, max_nodes: int | None = None) -> tuple[Network, int]:
    """The network of the graph in the store, and the number of entities in it. With `max_nodes`, a graph of more
    entities is read as its most connected ones only (as `most_connected` chooses them): a big graph's names,
    figures and sentences are not all read and held.

    A few whole-graph queries rather than one per node, so reading a large graph stays fast; none is DISTINCT
    (repeated rows change nothing here, and DISTINCT would hold every row of the graph in the store's memory).
    A missing confidence reads as 1.0 (asserted, not extracted). The symmetric kg:cooperatesWith is drawn once per
    pair, with the evidence of both directions.
    """
    types = _entity_types(store)
    edge_keys = _edge_keys(store, types)
    total = len(types)
    capped = max_nodes is not None and total > max_nodes
    if capped:
        # Names and confidences are read as usual and left out row by row (restricting the queries with VALUES is
        # slower); figures and evidence are looked up from the drawn entities.
        kept = _most_connected_ids(types, ((s, o) for s, _, o in edge_keys), cast(int, max_nodes))
        types = {e: t for e, t in types.items() if e in kept}
        edge_keys = {k for k in edge_keys if k[0] in kept and k[2] in kept}

    names: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for row in _query(store, _Q_NAMES):
        name, entity = row["name"], _term_id(row["e"])
        if isinstance(name, pyoxigraph.Literal) and name.value.strip() and entity in types:
            names[entity][_local_name(row["p"].value)].append((_language_rank(name), name.value))

    confidences: dict[str, float] = {}
    for row in _query(store, _Q_CONFIDENCE):
        value = _as_float(row["c"])
        entity = _term_id(row["e"])
        if value is not None and entity in types:
            confidences[entity] = max(value, confidences.get(entity, value))

    facts = _facts_from_store(store, types, _fact_rows_of(store, types) if capped else None)
    seen = _seen_from_store(store)
    nodes: list[NetworkNode] = []
    for entity in sorted(types):
        found = names.get(entity, {})
        candidates = sorted(found.get("label", [])) or sorted(found.get("prefLabel", []))
        label = candidates[0][1] if candidates else _local_name(entity)
        every_name = {value for ranked in found.values() for _, value in ranked}
        aliases = sorted(every_name - {label})
        nodes.append(
            NetworkNode(entity, label, types[entity], aliases, confidences.get(entity, 1.0), facts.get(entity, []),
                        seen.get(entity, ("", "")))
        )

    edge_confidence: dict[tuple[str, str, str], float] = {}
    evidence: dict[tuple[str, str, str], dict[tuple[str, str], int]] = defaultdict(dict)
    for row in _evidence_rows_of(store, edge_keys) if capped else _query(store, _Q_EVIDENCE):
        k = _edge_key(_term_id(row["s"]), _local_name(row["p"].value), _term_id(row["o"]))
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
        edges.append(NetworkEdge(k[0], k[2], k[1], edge_confidence.get(k, 1.0), ordered, seen.get(k, ("", ""))))
    return Network(nodes, edges), total


# --------------------------------------------------------------------------------------------------------------
# Choosing what `kg viz` draws


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


def most_connected(network: Network, max_nodes: int) -> Network:
    """The `max_nodes` entities with the most edges (ties by IRI) and the edges among them: the overview of a
    graph too big to lay out and read whole."""
    if len(network.nodes) <= max_nodes:
        return network
    kept = _most_connected_ids((n.id for n in network.nodes), ((e.source, e.target) for e in network.edges),
                               max_nodes)
    return Network([n for n in network.nodes if n.id in kept],
                   [e for e in network.edges if e.source in kept and e.target in kept])


def _overview_note(lang: str, shown: int, total: int) -> str:
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
        parts.append(_overview_note(lang, max_nodes, len(shown.nodes)))
        shown = most_connected(shown, max_nodes)
    view = PageView(
        focus=[n.id for n in seeds], depth=depth, min_confidence=min_confidence, note=notes["join"].join(parts)
    )
    return shown, view


# --------------------------------------------------------------------------------------------------------------
# Layout


def _force_layout(size: int, pairs: Sequence[tuple[int, int]], seed: int, iterations: int = 50) -> np.ndarray:
    """Fruchterman-Reingold in plain numpy, for components too big for networkx's dense solver without scipy.

    Same model as spring_layout (unit box, k = 1/sqrt(n), linear cooling). Repulsion is all pairs, computed in
    row blocks into reused float32 buffers: memory stays O(block * n), and single precision (ample for pixel
    positions) halves the memory traffic that bounds this loop, about 2.5x faster than float64 temporaries.
    """
    f32 = np.float32
    rng = np.random.RandomState(seed)
    xy = rng.rand(size, 2).astype(f32)
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    k2 = f32(1.0 / size)
    k = f32(math.sqrt(1.0 / size))
    src = np.fromiter((a for a, _ in pairs), dtype=np.intp, count=len(pairs))
    dst = np.fromiter((b for _, b in pairs), dtype=np.intp, count=len(pairs))
    step = 0.1
    cooling = step / (iterations + 1)
    block = max(1, 1_000_000 // size)
    dx, dy, dist2, dy2 = (np.empty((min(block, size), size), f32) for _ in range(4))
    disp_x, disp_y = np.empty(size, f32), np.empty(size, f32)
    for _ in range(iterations):
        for lo in range(0, size, block):
            hi = min(size, lo + block)
            bx, by, force, tmp = dx[: hi - lo], dy[: hi - lo], dist2[: hi - lo], dy2[: hi - lo]
            np.subtract(x[lo:hi, None], x[None, :], out=bx)
            np.subtract(y[lo:hi, None], y[None, :], out=by)
            np.multiply(bx, bx, out=force)
            np.multiply(by, by, out=tmp)
            force += tmp
            np.maximum(force, f32(1e-4), out=force)
            np.divide(k2, force, out=force)
            bx *= force
            by *= force
            bx.sum(axis=1, out=disp_x[lo:hi])
            by.sum(axis=1, out=disp_y[lo:hi])
        if len(pairs):
            ex, ey = x[src] - x[dst], y[src] - y[dst]
            pull = np.sqrt(ex * ex + ey * ey) / k
            np.add.at(disp_x, src, -ex * pull)
            np.add.at(disp_x, dst, ex * pull)
            np.add.at(disp_y, src, -ey * pull)
            np.add.at(disp_y, dst, ey * pull)
        length = np.maximum(np.sqrt(disp_x * disp_x + disp_y * disp_y), f32(0.01))
        scale = np.minimum(length, f32(step)) / length
        x += disp_x * scale
        y += disp_y * scale
        step -= cooling
    pos = np.column_stack((x - x.mean(), y - y.mean())).astype(np.float64)
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
        # Selected: the type's own colour with a dark ring, so a focused node never looks faded.
        "highlight": {"background": colour, "border": "#1f2933"},
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


def _vis_options(large: bool) -> dict[str, Any]:
    """vis-network's options: physics off (positions are given), type styles as groups, fast drawing when large."""
    groups: dict[str, Any] = {}
    for entity_type, (shape, colour) in TYPE_STYLES.items():
        if shape in _VIS_SHAPES:
            groups[entity_type] = {"shape": shape, "color": _node_colour(colour)}
        else:
            image = _shape_image(shape, colour)
            groups[entity_type] = {"shape": "image", "image": image, "color": _node_colour(colour)}
    return {
        "autoResize": True,
        "groups": groups,
        "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
        # Positions come precomputed; physics stays off until the user turns it on, so big graphs draw at once.
        "physics": {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": False, "iterations": 0},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {"face": FONT_STACK, "size": 14, "color": "#1f2933", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "shapeProperties": {"interpolation": False},
        },
        "edges": {
            "smooth": {"enabled": False},
            "color": {"color": "#9aa5b1", "highlight": "#323f4b", "hover": "#323f4b", "inherit": False},
            "font": {
                "face": FONT_STACK,
                "size": 11,
                "color": "#52606d",
                "align": "middle",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "selectionWidth": 1.5,
        },
    }


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


def _visible(sentence: str) -> str:
    """A sentence as written, with its invisible format characters shown as \\u200b, \\u202e …: a bidi override
    would otherwise reorder the panel's text, and a zero-width space hide where a name was split."""
    return sentence.translate(_SHOWN_ESCAPED)


_SHOWN_ESCAPED = {code: f"\\u{code:04x}" for code in INVISIBLE_CHARACTERS}


def _evidence_json(evidence: list[tuple[str, str]], key: str) -> dict[str, Any]:
    """The sentences the page can show (at most TOOLTIP_EVIDENCE, in reading order) and, when there are more, how
    many there are: a hub of a big corpus is stated in thousands of sentences, which the page would only count."""
    shown = {key: [[_visible(sentence), *rest] for sentence, *rest in evidence[:TOOLTIP_EVIDENCE]]}
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
            shape if shape in _VIS_SHAPES else "image",
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
    net.options = _vis_options(large)  # a dict: pyvis's set_options strips spaces
    return net, large


def _relation_swatch(symmetric: bool) -> Markup:
    """A short line (with an arrowhead for directed relations) for the relation filter."""
    head = "" if symmetric else '<polygon points="20,6 14,2.5 14,9.5" fill="#7b8794"/>'
    return Markup(
        '<svg class="kg-swatch" width="22" height="12" viewBox="0 0 22 12" aria-hidden="true">'
        f'<line x1="1" y1="6" x2="{21 if symmetric else 15}" y2="6" stroke="#7b8794" stroke-width="1.6"/>{head}</svg>'
    )


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
[hidden] { display: none !important; }
body {
  display: flex; flex-direction: column; color: #1f2933; background: #ffffff;
  font-family: {{ font_stack }};
}
button, input, select { font: inherit; }
#kg-header {
  display: flex; align-items: center; gap: 14px; padding: 8px 14px; border-bottom: 1px solid #d9dee3;
  flex-wrap: wrap;
}
#kg-header h1 { margin: 0; font-size: 18px; font-weight: 600; }
#kg-stats, #kg-view-note { color: #52606d; font-size: 13px; }
#kg-view-note { padding: 2px 8px; border-radius: 10px; background: #fff4d6; color: #6b4e00; }
#kg-search { position: relative; margin-left: auto; width: 360px; max-width: 100%; }
#kg-search-input {
  width: 100%; box-sizing: border-box; padding: 6px 10px; font-size: 14px;
  border: 1px solid #b8c2cc; border-radius: 4px;
}
#kg-search-input:focus { outline: 2px solid #4e79a7; outline-offset: -1px; }
#kg-suggestions {
  position: absolute; top: 100%; left: 0; right: 0; z-index: 30; margin: 2px 0 0; padding: 4px 0;
  list-style: none; background: #ffffff; border: 1px solid #b8c2cc; border-radius: 4px;
  box-shadow: 0 4px 12px rgba(0, 0, 0, 0.15); max-height: 60vh; overflow: auto; font-size: 14px;
}
#kg-suggestions li { display: flex; align-items: baseline; gap: 8px; padding: 5px 10px; cursor: pointer; }
#kg-suggestions li[aria-selected="true"], #kg-suggestions li:hover { background: #e6eef7; }
#kg-suggestions li.kg-no-match { color: #7b8794; cursor: default; background: none; }
.kg-s-name { font-weight: 600; }
.kg-s-alias, .kg-s-hidden { color: #52606d; font-size: 12px; }
.kg-s-hidden { color: #b44d12; }
.kg-s-type { margin-left: auto; color: #7b8794; font-size: 12px; white-space: nowrap; }
#kg-main { flex: 1; display: flex; min-height: 0; }
#kg-sidebar {
  flex: none; width: 216px; overflow: auto; padding: 10px 12px; border-right: 1px solid #d9dee3; font-size: 13px;
}
#kg-sidebar h2 { margin: 0 0 6px; font-size: 14px; }
#kg-sidebar section + section { margin-top: 14px; }
#kg-sidebar ul { margin: 0; padding: 0; list-style: none; }
#kg-sidebar li {
  display: flex; align-items: center; gap: 8px; padding: 2px 4px; border-radius: 4px; cursor: pointer;
  user-select: none;
}
#kg-sidebar li:hover { background: #f0f4f8; }
#kg-sidebar li:focus-visible { outline: 2px solid #4e79a7; }
#kg-sidebar li.kg-absent { opacity: 0.45; }
#kg-sidebar li[aria-pressed="false"] { opacity: 0.35; }
#kg-sidebar li[aria-pressed="false"] .kg-type-name,
#kg-sidebar li[aria-pressed="false"] .kg-relation-name { text-decoration: line-through; }
#kg-sidebar .kg-count { margin-left: auto; color: #7b8794; font-variant-numeric: tabular-nums; }
.kg-swatch { flex: none; }
#kg-settings label { display: block; margin: 4px 0; }
#kg-settings input[type="range"], #kg-settings select { width: 100%; box-sizing: border-box; }
#kg-settings fieldset { margin: 6px 0; padding: 4px 8px; border: 1px solid #d9dee3; border-radius: 4px; }
#kg-settings legend { padding: 0 4px; color: #52606d; }
#kg-confidence-value { float: right; font-variant-numeric: tabular-nums; }
.kg-buttons { display: flex; gap: 8px; margin-top: 8px; }
#kg-dates input { width: 100%; box-sizing: border-box; }
#kg-dates input[aria-invalid="true"] { outline: 2px solid #d62728; }
#kg-new-count { display: block; color: #b44d12; }
.kg-chart { display: block; margin: 4px 0 10px; }
.kg-chart text { font-size: 10px; fill: #52606d; }
.kg-buttons button { flex: 1; }
#kg-stage { position: relative; flex: 1; min-width: 0; }
#kg-network { position: absolute; inset: 0; }
#kg-empty { position: absolute; top: 40%; width: 100%; text-align: center; color: #7b8794; }
#kg-panel {
  position: absolute; top: 0; right: 0; bottom: 0; z-index: 20; width: 400px; max-width: 85%; overflow: auto;
  box-sizing: border-box; padding: 12px 16px 24px; background: #ffffff; border-left: 1px solid #d9dee3;
  box-shadow: -2px 0 10px rgba(0, 0, 0, 0.08); font-size: 13px; line-height: 1.55;
}
#kg-panel-close {
  position: sticky; top: 0; float: right; margin: -4px -6px 0 8px; padding: 0 8px; font-size: 18px;
  line-height: 1.4; color: #52606d; background: #ffffff; border: 1px solid #d9dee3; border-radius: 4px;
  cursor: pointer;
}
#kg-panel h2 { margin: 0 0 6px; font-size: 17px; line-height: 1.35; word-break: break-all; }
#kg-panel h3 { margin: 14px 0 6px; padding-bottom: 2px; font-size: 14px; border-bottom: 1px solid #e4e7eb; }
.kg-kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
.kg-kv dt { color: #7b8794; }
.kg-kv dd { margin: 0; word-break: break-all; }
.kg-type-badge { display: inline-flex; align-items: center; gap: 5px; }
.kg-facts { width: 100%; border-collapse: collapse; }
.kg-facts th { text-align: left; color: #7b8794; font-weight: normal; }
.kg-facts td, .kg-facts th { padding: 3px 6px 3px 0; vertical-align: top; }
.kg-facts tr.kg-fact-source td { padding-top: 0; padding-bottom: 6px; border-bottom: 1px solid #f0f2f4; }
.kg-num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.kg-rel-list { margin: 0; padding: 0; list-style: none; }
.kg-rel { margin-bottom: 9px; }
.kg-rel-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 6px; }
.kg-rel-name {
  padding: 0 6px; border-radius: 3px; background: #eef2f6; color: #323f4b; white-space: nowrap; font-size: 12px;
}
.kg-link {
  padding: 0; color: #1f5fa8; background: none; border: none; cursor: pointer; text-align: left;
  text-decoration: underline; text-decoration-color: #b8cde6;
}
.kg-conf { margin-left: auto; color: #7b8794; font-size: 12px; font-variant-numeric: tabular-nums; }
.kg-evidence { margin: 3px 0 0; padding-left: 20px; color: #323f4b; }
.kg-evidence li { margin-bottom: 3px; }
.kg-doc { display: block; color: #7b8794; font-size: 12px; word-break: break-all; }
.kg-note { color: #7b8794; }
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
{% if note %}<span id="kg-view-note">{{ note }}</span>{% endif %}
<div id="kg-search" role="search">
<input id="kg-search-input" type="search" autocomplete="off" spellcheck="false" \
placeholder="{{ s.searchPlaceholder }}" aria-label="{{ s.search }}" role="combobox" aria-autocomplete="list" \
aria-controls="kg-suggestions" aria-expanded="false">
<ul id="kg-suggestions" role="listbox" hidden></ul>
</div>
</header>
<div id="kg-main">
<aside id="kg-sidebar">
<section id="kg-legend">
<h2>{{ s.legend }}</h2>
<ul>
{% for item in legend -%}
<li data-type="{{ item.type }}" data-shape="{{ item.shape }}" data-color="{{ item.colour }}" role="button" \
tabindex="0" aria-pressed="true" title="{{ s.legendHint }}"{% if not item.count %} class="kg-absent"{% endif %}>\
{{ item.svg }}<span class="kg-type-name">{{ item.name }}</span><span class="kg-count">{{ item.count }}</span></li>
{% endfor -%}
</ul>
</section>
<section id="kg-relations">
<h2>{{ s.relations }}</h2>
<ul>
{% for item in relations -%}
<li data-relation="{{ item.relation }}" role="button" tabindex="0" aria-pressed="true" title="{{ s.relationHint }}"\
{% if not item.count %} class="kg-absent"{% endif %}>{{ item.svg }}\
<span class="kg-relation-name">{{ item.name }}</span><span class="kg-count">{{ item.count }}</span></li>
{% endfor -%}
</ul>
</section>
<section id="kg-settings">
<label for="kg-confidence">{{ s.minConfidence }}
<output id="kg-confidence-value">{{ min_confidence_text }}</output></label>
<input type="range" id="kg-confidence" min="0" max="1" step="0.01" value="{{ min_confidence }}">
<label for="kg-size">{{ s.sizeBy }}</label>
<select id="kg-size">
<option value="">{{ s.degree }}</option>
{% for metric in metrics -%}
<option value="{{ metric.name }}">{{ metric.name }} ({{ metric.count }})</option>
{% endfor -%}
</select>
<fieldset id="kg-depth">
<legend>{{ s.neighbourhood }}</legend>
<label><input type="radio" name="kg-depth" value="1"{% if depth == 1 %} checked{% endif %}> {{ s.hop1 }}</label>
<label><input type="radio" name="kg-depth" value="2"{% if depth == 2 %} checked{% endif %}> {{ s.hop2 }}</label>
</fieldset>
{% if dated -%}
<fieldset id="kg-dates">
<legend>{{ s.dates }}</legend>
<label>{{ s.dateFrom }} <input type="text" id="kg-date-from" placeholder="{{ s.datePlaceholder }}"></label>
<label>{{ s.dateTo }} <input type="text" id="kg-date-to" placeholder="{{ s.datePlaceholder }}"></label>
<label>{{ s.newSince }} <input type="text" id="kg-new-since" placeholder="{{ s.datePlaceholder }}"></label>
<output id="kg-new-count"></output>
</fieldset>
{% endif -%}
<label><input type="checkbox" id="kg-physics"> {{ s.physics }}</label>
<div class="kg-buttons">
<button type="button" id="kg-fit">{{ s.fit }}</button>
<button type="button" id="kg-reset">{{ s.reset }}</button>
</div>
</section>
</aside>
<div id="kg-stage">
<div id="kg-network"></div>
{% if not node_count %}<div id="kg-empty">{{ s.empty }}</div>{% endif %}
<aside id="kg-panel" hidden aria-live="polite">
<button type="button" id="kg-panel-close" aria-label="{{ s.close }}" title="{{ s.close }}">&times;</button>
<div id="kg-panel-body"></div>
</aside>
</div>
</div>
<script>
(function () {
  "use strict";
  const startedAt = performance.now();
  const C = {{ config_json }};
  const nodeData = {{ nodes_json }};
  const edgeData = {{ edges_json }};
  const options = {{ options_json }};
  const S = C.strings;
  edgeData.forEach(function (edge) { edge.from = nodeData[edge.from].id; edge.to = nodeData[edge.to].id; });
  const TEXT = "#1f2933";
  const DIM_TEXT = "rgba(31, 41, 51, 0.18)";
  const NODE_FONT = { color: TEXT, strokeWidth: 3, size: 14 };
  // Dimmed names stay as faint context on a small page; a large one does not draw them at all.
  const DIM_NODE_FONT = { color: DIM_TEXT, strokeWidth: 0, size: C.large ? 0 : 14 };
  const EDGE_COLOR = { color: "#9aa5b1", highlight: "#323f4b", hover: "#323f4b", inherit: false, opacity: 1 };
  const FOCUS_EDGE_COLOR = { color: "#52606d", highlight: "#1f2933", hover: "#1f2933", inherit: false, opacity: 1 };
  const DIM_EDGE_COLOR = { color: "#d9dee3", highlight: "#9aa5b1", hover: "#9aa5b1", inherit: false, opacity: 0.5 };
  const EDGE_TEXT = "#52606d";
  const DIM_EDGE_TEXT = "rgba(82, 96, 109, 0.2)";
  const EPSILON = 1e-9;
  // What is new since the chosen date glows.
  const NEW_HALO = { enabled: true, color: "rgba(214, 39, 40, 0.9)", size: 16, x: 0, y: 0 };
  const NO_HALO = { enabled: false };

  // Every name and sentence comes from scraped text: it only ever reaches the page through textContent.
  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text !== undefined && text !== null) { element.textContent = String(text); }
    return element;
  }
  function fill(template) {
    const values = Array.prototype.slice.call(arguments, 1);
    return template.replace(/%s/g, function () { return String(values.shift()); });
  }
  function row(key, value) {
    const line = el("div", "kg-tip-row");
    line.appendChild(el("span", "kg-tip-key", key));
    line.appendChild(el("span", "kg-tip-value", value));
    return line;
  }

  const byId = new Map();
  const incident = new Map();
  nodeData.forEach(function (node) { byId.set(node.id, node); incident.set(node.id, []); });
  const edgeById = new Map();
  edgeData.forEach(function (edge) {
    edgeById.set(edge.id, edge);
    incident.get(edge.from).push(edge);
    if (edge.to !== edge.from) { incident.get(edge.to).push(edge); }
  });

  // Tooltips are built when first hovered, not up front: a 20,000-edge page would otherwise build them all.
  function nodeTitle(node) {
    const box = el("div", "kg-tip");
    box.appendChild(el("div", "kg-tip-title", node.label));
    box.appendChild(row(S.type, C.typeNames[node.kgType]));
    if (node.kgAliases.length) { box.appendChild(row(S.aliases, node.kgAliases.join(S.sep))); }
    box.appendChild(row(S.confidence, node.kgConfidence.toFixed(2)));
    return box;
  }
  function evidenceList(items, className, docClass) {
    const list = el("ol", className);
    items.slice(0, C.maxEvidence).forEach(function (item) {
      const entry = el("li", null, item[0]);
      if (item[1]) { entry.appendChild(el("span", docClass, S.source + ": " + item[1])); }
      list.appendChild(entry);
    });
    return list;
  }
  function edgeTitle(edge) {
    const box = el("div", "kg-tip");
    const arrow = edge.kgSymmetric ? " \\u2014 " : " \\u2192 ";
    const ends = byId.get(edge.from).label + arrow + edge.kgLabel + arrow + byId.get(edge.to).label;
    box.appendChild(el("div", "kg-tip-title", ends));
    box.appendChild(row(S.relation, edge.kgLabel + " (" + edge.kgRelation + ")"));
    box.appendChild(row(S.confidence, edge.kgConfidence.toFixed(2)));
    const evidence = edge.kgEvidence;
    if (!evidence.length) {
      box.appendChild(el("div", "kg-tip-key", S.noEvidence));
      return box;
    }
    const total = edge.kgEvidenceCount || evidence.length;
    box.appendChild(el("div", "kg-tip-key", S.evidence + " (" + total + ")"));
    box.appendChild(evidenceList(evidence, "kg-tip-evidence", "kg-tip-doc"));
    if (total > C.maxEvidence) {
      box.appendChild(el("div", "kg-tip-key", fill(S.more, total - C.maxEvidence)));
    }
    return box;
  }

  const nodes = new vis.DataSet(nodeData.map(function (node) {
    return Object.assign({}, node, { kgDim: false, hidden: false, kgNew: false });
  }));
  const edges = new vis.DataSet(edgeData.map(function (edge) {
    return Object.assign({}, edge, { kgDim: false, hidden: false, kgNew: false });
  }));
  const container = document.getElementById("kg-network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgNetwork = network;
  // For benchmarks/viz_first_draw.py: when this script started (vis-network is parsed by then) and when the network
  // was built; window.kgDrawnAt is set at the first frame. All in ms since navigation started.
  window.kgTimings = { scriptStart: startedAt, networkBuilt: performance.now() };

  // vis-network fits the nodes' shapes only; zoom out a little so the labels at the rim are not cut off, and keep
  // the drawing clear of the side panel when it is open.
  function fitWithMargin() {
    const shown = nodes.getIds({ filter: function (node) { return !node.hidden; } });
    network.fit({ nodes: shown.length && shown.length < nodeData.length ? shown : [], animation: false });
    const panel = document.getElementById("kg-panel");
    const width = container.clientWidth;
    const covered = panel.hidden || !width ? 0 : Math.min(panel.offsetWidth, width * 0.7);
    network.moveTo({
      position: network.getViewPosition(), scale: network.getScale() * 0.9 * (width ? (width - covered) / width : 1),
      offset: { x: -covered / 2, y: 0 }, animation: false,
    });
  }
  fitWithMargin();  // before the first frame, so the first draw is already the fitted one
  network.once("afterDrawing", function () {
    window.kgDrawnAt = performance.now();
    window.kgDrawn = true;
    document.documentElement.setAttribute("data-kg-drawn", "true");
    if (C.focus.length) { focusOn(C.focus, false); fitWithMargin(); }
  });

  const titled = new Set();
  network.on("hoverNode", function (params) {
    if (titled.has(params.node) || !byId.has(params.node)) { return; }
    titled.add(params.node);
    nodes.update({ id: params.node, title: nodeTitle(byId.get(params.node)) });
  });
  network.on("hoverEdge", function (params) {
    if (titled.has(params.edge) || !edgeById.has(params.edge)) { return; }
    titled.add(params.edge);
    edges.update({ id: params.edge, title: edgeTitle(edgeById.get(params.edge)) });
  });

  // ---- what is shown: filters, focus and sizes; applyView() brings the DataSets in line, touching only changes.
  const state = {
    hiddenTypes: new Set(),
    hiddenRelations: new Set(),
    minConfidence: C.minConfidence,
    focus: [],
    depth: C.depth,
    sizeMetric: "",
    dateFrom: "",
    dateTo: "",
    newSince: "",
  };
  window.kgState = state;
  let lastShown = null;
  const drawnNodes = new Map();
  const drawnEdges = new Map();
  nodeData.forEach(function (node) { drawnNodes.set(node.id, "n" + node.size); });
  edgeData.forEach(function (edge) { drawnEdges.set(edge.id, "n"); });

  const metricSizes = new Map();
  function sizesFor(metric) {
    if (metricSizes.has(metric)) { return metricSizes.get(metric); }
    const unit = (C.metrics.find(function (m) { return m.name === metric; }) || {}).unit;
    const values = new Map();
    nodeData.forEach(function (node) {
      node.kgFacts.forEach(function (fact) {
        if (fact.metric !== metric || fact.norm === null || fact.normUnit !== unit) { return; }
        values.set(node.id, Math.max(values.has(node.id) ? values.get(node.id) : -Infinity, fact.norm));
      });
    });
    const all = Array.from(values.values());
    const positive = all.length && all.every(function (v) { return v > 0; });
    const scaled = all.map(function (v) { return positive ? Math.log(v) : v; });
    const low = Math.min.apply(null, scaled);
    const high = Math.max.apply(null, scaled);
    const sizes = new Map();
    nodeData.forEach(function (node) {
      if (!values.has(node.id)) { sizes.set(node.id, C.sizes.missing); return; }
      const v = positive ? Math.log(values.get(node.id)) : values.get(node.id);
      const t = high > low ? (v - low) / (high - low) : 0.5;
      sizes.set(node.id, Math.round((C.sizes.min + t * (C.sizes.max + 8 - C.sizes.min)) * 10) / 10);
    });
    metricSizes.set(metric, sizes);
    return sizes;
  }

  // Dates are ISO text, a year or a day (kg:firstSeen, kg:lastSeen), compared on the part both have: 2024 is
  // neither before nor after 2024-03. A date range keeps what dated evidence states within it.
  function notBefore(date, bound) {
    const n = Math.min(date.length, bound.length);
    return date.slice(0, n) >= bound.slice(0, n);
  }
  function notAfter(date, bound) {
    const n = Math.min(date.length, bound.length);
    return date.slice(0, n) <= bound.slice(0, n);
  }
  function inDates(item) {
    if (!state.dateFrom && !state.dateTo) { return true; }
    return !!item.kgSeen && (!state.dateFrom || notBefore(item.kgSeen[1], state.dateFrom)) &&
      (!state.dateTo || notAfter(item.kgSeen[0], state.dateTo));
  }
  function isNew(item) { return !!state.newSince && !!item.kgSeen && notBefore(item.kgSeen[0], state.newSince); }
  function nodeShown(node) {
    return !state.hiddenTypes.has(node.kgType) && node.kgConfidence >= state.minConfidence - EPSILON && inDates(node);
  }
  function edgeShown(edge, shownNodes) {
    return !state.hiddenRelations.has(edge.kgRelation) && edge.kgConfidence >= state.minConfidence - EPSILON &&
      shownNodes.has(edge.from) && shownNodes.has(edge.to) && inDates(edge);
  }
  // Distance from the focused nodes over the edges still shown, up to the chosen depth; null when nothing is focused.
  function distances(shownNodes, shownEdges) {
    const start = state.focus.filter(function (id) { return shownNodes.has(id); });
    if (!start.length) { return null; }
    const distance = new Map(start.map(function (id) { return [id, 0]; }));
    let frontier = start;
    for (let step = 1; step <= state.depth; step += 1) {
      const next = [];
      frontier.forEach(function (id) {
        incident.get(id).forEach(function (edge) {
          if (!shownEdges.has(edge.id)) { return; }
          const other = edge.from === id ? edge.to : edge.from;
          if (!distance.has(other)) { distance.set(other, step); next.push(other); }
        });
      });
      frontier = next;
    }
    return distance;
  }

  function applyView() {
    const shownNodes = new Set();
    nodeData.forEach(function (node) { if (nodeShown(node)) { shownNodes.add(node.id); } });
    const shownEdges = new Set();
    edgeData.forEach(function (edge) { if (edgeShown(edge, shownNodes)) { shownEdges.add(edge.id); } });
    const distance = distances(shownNodes, shownEdges);
    const sizes = state.sizeMetric ? sizesFor(state.sizeMetric) : null;

    const nodeUpdates = [];
    const fresh = { nodes: 0, edges: 0 };
    nodeData.forEach(function (node) {
      const hidden = !shownNodes.has(node.id);
      const dim = !hidden && distance !== null && !distance.has(node.id);
      const size = sizes ? sizes.get(node.id) : node.size;
      const novel = !hidden && isNew(node);
      if (novel) { fresh.nodes += 1; }
      const signature = (hidden ? "h" : dim ? "d" : "n") + (novel ? "+" : "") + size;
      if (drawnNodes.get(node.id) === signature) { return; }
      drawnNodes.set(node.id, signature);
      nodeUpdates.push({
        id: node.id, hidden: hidden, kgDim: dim, size: size, opacity: dim ? 0.2 : 1,
        font: dim ? DIM_NODE_FONT : NODE_FONT, kgNew: novel, shadow: novel ? NEW_HALO : NO_HALO,
      });
    });
    const edgeUpdates = [];
    edgeData.forEach(function (edge) {
      const hidden = !shownEdges.has(edge.id);
      const near = distance !== null && distance.has(edge.from) && distance.has(edge.to) &&
        Math.min(distance.get(edge.from), distance.get(edge.to)) < state.depth;
      const dim = !hidden && distance !== null && !near;
      const novel = !hidden && isNew(edge);
      if (novel) { fresh.edges += 1; }
      const signature = (hidden ? "h" : dim ? "d" : near ? "f" : "n") + (novel ? "+" : "");
      if (drawnEdges.get(edge.id) === signature) { return; }
      drawnEdges.set(edge.id, signature);
      const update = {
        id: edge.id, hidden: hidden, kgDim: dim, kgNew: novel, shadow: novel ? NEW_HALO : NO_HALO,
        color: dim ? DIM_EDGE_COLOR : near ? FOCUS_EDGE_COLOR : EDGE_COLOR,
        // Labels of dimmed edges are not drawn at all (vis-network skips text below its draw threshold).
        font: dim ? { color: DIM_EDGE_TEXT, size: 0 } : { color: EDGE_TEXT, size: 11 },
      };
      // A large page draws no edge labels, except on the focused neighbourhood.
      if (C.large) { update.label = near ? edge.kgLabel : " "; }
      edgeUpdates.push(update);
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    const stats = document.getElementById("kg-stats");
    if (shownNodes.size === nodeData.length && shownEdges.size === edgeData.length) {
      stats.textContent = C.stats;
    } else {
      stats.textContent = fill(S.statsShown, shownNodes.size, nodeData.length, shownEdges.size, edgeData.length);
    }
    const newCount = document.getElementById("kg-new-count");
    if (newCount) { newCount.textContent = state.newSince ? fill(S.newCount, fresh.nodes, fresh.edges) : ""; }
    lastShown = { nodes: shownNodes, edges: shownEdges };
    return lastShown;
  }
  function currentlyShown() { return lastShown || applyView(); }

  // ---- the side panel
  const panel = document.getElementById("kg-panel");
  const panelBody = document.getElementById("kg-panel-body");
  function openPanel(content) {
    panelBody.replaceChildren(content);
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function closePanel() {
    panel.hidden = true;
    panelBody.replaceChildren();
  }
  document.getElementById("kg-panel-close").addEventListener("click", clearFocus);

  function pairs(list, entries) {
    const box = el("dl", "kg-kv");
    entries.forEach(function (entry) {
      box.appendChild(el("dt", null, entry[0]));
      const value = el("dd");
      if (entry[1] instanceof Node) { value.appendChild(entry[1]); } else { value.textContent = String(entry[1]); }
      box.appendChild(value);
    });
    list.appendChild(box);
  }
  function typeBadge(type) {
    const badge = el("span", "kg-type-badge");
    const swatch = document.querySelector('#kg-legend li[data-type="' + type + '"] svg');
    if (swatch) { badge.appendChild(swatch.cloneNode(true)); }
    badge.appendChild(el("span", null, C.typeNames[type]));
    return badge;
  }
  function nodeLink(id) {
    const button = el("button", "kg-link", byId.get(id).label);
    button.type = "button";
    button.addEventListener("click", function () { focusOn([id], true); });
    return button;
  }
  function evidenceBlock(items, count) {
    if (!items.length) { return el("div", "kg-note", S.noEvidence); }
    const box = el("div");
    const total = count || items.length;
    box.appendChild(evidenceList(items, "kg-evidence", "kg-doc"));
    if (total > C.maxEvidence) {
      box.appendChild(el("div", "kg-note", fill(S.more, total - C.maxEvidence)));
    }
    return box;
  }

  // A small line chart for each metric stated for three or more periods of time (kg:periodStart/End), in its
  // normalised unit; built from SVG elements with textContent, like the rest of the panel.
  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, String(attributes[name])); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function periodCharts(facts) {
    const byMetric = new Map();
    facts.forEach(function (fact) {
      if (!fact.end || fact.norm === null || fact.norm === undefined) { return; }
      const key = fact.metric + "\\u0000" + fact.normUnit;
      if (!byMetric.has(key)) { byMetric.set(key, new Map()); }
      const when = (fact.start || "") + "/" + fact.end;
      if (!byMetric.get(key).has(when)) { byMetric.get(key).set(when, fact); }
    });
    const charts = [];
    Array.from(byMetric.keys()).sort().forEach(function (key) {
      const points = Array.from(byMetric.get(key).entries()).sort(function (a, b) { return a[0] < b[0] ? -1 : 1; });
      if (points.length < 3) { return; }
      const values = points.map(function (p) { return p[1].norm; });
      const low = Math.min.apply(null, values), high = Math.max.apply(null, values);
      const width = 360, height = 140, left = 8, right = 8, top = 36, bottom = 30;
      const x = function (i) { return left + i * (width - left - right) / (points.length - 1); };
      const y = function (v) {
        return high === low ? (top + height - bottom) / 2 : top + (high - v) * (height - top - bottom) / (high - low);
      };
      const chart = svg("svg", { "class": "kg-chart", width: width, height: height,
        viewBox: "0 0 " + width + " " + height, role: "img", "data-metric": points[0][1].metric });
      chart.appendChild(svg("title", {}, fill(S.chart, points[0][1].metric)));
      chart.appendChild(svg("text", { x: left, y: 12 }, fill(S.chart, points[0][1].metric)));
      chart.appendChild(svg("polyline", { fill: "none", stroke: "#4e79a7", "stroke-width": 1.5,
        points: points.map(function (p, i) { return x(i).toFixed(1) + "," + y(p[1].norm).toFixed(1); }).join(" ") }));
      points.forEach(function (p, i) {
        const fact = p[1];
        chart.appendChild(svg("circle", { cx: x(i).toFixed(1), cy: y(fact.norm).toFixed(1), r: 3, fill: "#4e79a7" }));
        const anchor = i === 0 ? "start" : i === points.length - 1 ? "end" : "middle";
        chart.appendChild(svg("text", { x: x(i).toFixed(1), y: (y(fact.norm) - 6).toFixed(1), "text-anchor": anchor },
          fact.value + (fact.unit ? " " + fact.unit : "")));
        chart.appendChild(svg("text", { x: x(i).toFixed(1), y: height - 8, "text-anchor": anchor,
          "class": "kg-chart-period" }, fact.period || p[0]));
      });
      charts.push(chart);
    });
    return charts;
  }

  // A park's or region's chain map: served by `kg serve` at /chain; a page opened from disk names the command.
  function chainMapLink(name) {
    if (location.protocol === "http:" || location.protocol === "https:") {
      const link = el("a", "kg-link kg-chain-map", S.chainMap);
      link.href = "/chain?place=" + encodeURIComponent(name);
      return link;
    }
    const command = "kg chain '" + name.replace(/'/g, "'\\''") + "' -f html -o chain.html";
    return el("div", "kg-note kg-chain-map", fill(S.chainMapOffline, command));
  }

  function showNode(id) {
    const node = byId.get(id);
    const card = el("div", "kg-card");
    card.appendChild(el("h2", null, node.label));
    const facts = [[S.type, typeBadge(node.kgType)]];
    if (node.kgAliases.length) { facts.push([S.aliases, node.kgAliases.join(S.sep)]); }
    facts.push([S.confidence, node.kgConfidence.toFixed(2)]);
    if (node.kgSeen) { facts.push([S.seen, node.kgSeen.join(" \\u2013 ")]); }
    facts.push([S.iri, node.id]);
    pairs(card, facts);
    if (node.kgType === "Park" || node.kgType === "Region") { card.appendChild(chainMapLink(node.label)); }

    if (node.kgFacts.length) {
      card.appendChild(el("h3", null, S.facts + " (" + node.kgFacts.length + ")"));
      const table = el("table", "kg-facts");
      const head = el("tr");
      [S.metric, S.value, S.period, S.confidence].forEach(function (name) { head.appendChild(el("th", null, name)); });
      table.appendChild(head);
      node.kgFacts.forEach(function (fact) {
        const line = el("tr", "kg-fact");
        line.appendChild(el("td", null, fact.metric));
        line.appendChild(el("td", "kg-num", fact.value + (fact.unit ? " " + fact.unit : "")));
        line.appendChild(el("td", null, fact.period));
        line.appendChild(el("td", "kg-num", fact.confidence.toFixed(2)));
        table.appendChild(line);
        const source = el("tr", "kg-fact-source");
        const cell = el("td");
        cell.colSpan = 4;
        cell.appendChild(evidenceBlock(fact.evidence, fact.evidenceCount));
        source.appendChild(cell);
        table.appendChild(source);
      });
      card.appendChild(table);
      periodCharts(node.kgFacts).forEach(function (chart) { card.appendChild(chart); });
    }

    const shown = currentlyShown();
    const own = incident.get(id).filter(function (edge) { return shown.edges.has(edge.id); });
    own.sort(function (a, b) {
      const other = function (e) { return byId.get(e.from === id ? e.to : e.from).label; };
      return (C.relationOrder[a.kgRelation] - C.relationOrder[b.kgRelation]) ||
        ((a.from === id ? 0 : 1) - (b.from === id ? 0 : 1)) ||
        (other(a) < other(b) ? -1 : other(a) > other(b) ? 1 : 0) || (a.id < b.id ? -1 : 1);
    });
    card.appendChild(el("h3", null, S.relations + " (" + own.length + ")"));
    const list = el("ul", "kg-rel-list");
    own.slice(0, C.maxRelations).forEach(function (edge) {
      const item = el("li", "kg-rel");
      item.dataset.edge = edge.id;
      const head = el("div", "kg-rel-head");
      const outgoing = edge.from === id;
      const arrow = edge.kgSymmetric ? "\\u2014" : outgoing ? "\\u2192" : "\\u2190";
      head.appendChild(el("span", "kg-rel-name", edge.kgLabel + " " + arrow));
      head.appendChild(nodeLink(outgoing ? edge.to : edge.from));
      head.appendChild(el("span", "kg-conf", edge.kgConfidence.toFixed(2)));
      item.appendChild(head);
      item.appendChild(evidenceBlock(edge.kgEvidence, edge.kgEvidenceCount));
      list.appendChild(item);
    });
    card.appendChild(list);
    if (own.length > C.maxRelations) {
      card.appendChild(el("div", "kg-note", fill(S.more, own.length - C.maxRelations)));
    }
    const hidden = incident.get(id).length - own.length;
    if (hidden > 0) { card.appendChild(el("div", "kg-note", fill(S.hiddenRelations, hidden))); }
    openPanel(card);
  }

  function showEdge(id) {
    const edge = edgeById.get(id);
    const card = el("div", "kg-card");
    const arrow = edge.kgSymmetric ? " \\u2014 " : " \\u2192 ";
    card.appendChild(el("h2", null, S.edge + ": " + edge.kgLabel));
    const ends = el("div", "kg-rel-head");
    ends.appendChild(nodeLink(edge.from));
    ends.appendChild(el("span", "kg-rel-name", arrow.trim() + " " + edge.kgLabel + " " + arrow.trim()));
    ends.appendChild(nodeLink(edge.to));
    card.appendChild(ends);
    const about = [[S.relation, edge.kgRelation], [S.confidence, edge.kgConfidence.toFixed(2)]];
    if (edge.kgSeen) { about.push([S.seen, edge.kgSeen.join(" \\u2013 ")]); }
    pairs(card, about);
    card.appendChild(el("h3", null, S.evidence + " (" + (edge.kgEvidenceCount || edge.kgEvidence.length) + ")"));
    card.appendChild(evidenceBlock(edge.kgEvidence, edge.kgEvidenceCount));
    openPanel(card);
  }

  function refresh() {
    applyView();
    if (!panel.hidden && state.focus.length === 1) { showNode(state.focus[0]); }
  }
  let refreshPending = false;
  function refreshSoon() {
    if (refreshPending) { return; }
    refreshPending = true;
    requestAnimationFrame(function () { refreshPending = false; refresh(); });
  }

  // Put the node in the middle of the free part of the canvas, zoomed so that its highlighted neighbours fit too.
  function centreOn(id) {
    const position = network.getPositions([id])[id];
    if (!position) { return; }
    const covered = panel.hidden ? 0 : panel.offsetWidth;
    const halfWidth = Math.max((container.clientWidth - covered) / 2 - 60, 40);
    const halfHeight = Math.max(container.clientHeight / 2 - 40, 40);
    const near = nodes.getIds({ filter: function (node) { return !node.hidden && !node.kgDim; } });
    let scale = 1.2;
    Object.values(network.getPositions(near)).forEach(function (p) {
      const dx = Math.abs(p.x - position.x);
      const dy = Math.abs(p.y - position.y);
      if (dx > 0) { scale = Math.min(scale, halfWidth / dx); }
      if (dy > 0) { scale = Math.min(scale, halfHeight / dy); }
    });
    network.moveTo({
      position: position, scale: Math.max(scale, 0.02), offset: { x: -covered / 2, y: 0 },
      animation: C.large ? false : { duration: 300, easingFunction: "easeInOutQuad" },
    });
  }
  function focusOn(ids, centre) {
    state.focus = ids.filter(function (id) { return byId.has(id); });
    if (!state.focus.length) { return; }
    const shown = applyView();
    network.selectNodes(state.focus.filter(function (id) { return shown.nodes.has(id); }), true);
    showNode(state.focus[0]);
    if (centre) { centreOn(state.focus[0]); }
  }
  function clearFocus() {
    state.focus = [];
    applyView();
    network.unselectAll();
    closePanel();
  }
  window.kgFocus = focusOn;

  network.on("click", function (params) {
    if (params.nodes.length) {
      focusOn([params.nodes[0]], false);
    } else if (params.edges.length) {
      state.focus = [];
      applyView();
      showEdge(params.edges[0]);
    } else {
      clearFocus();
    }
  });

  // ---- filters: the legend is the type filter, the relation list the relation filter
  function setupToggles(selector, attribute, hiddenSet, allValues) {
    const items = Array.prototype.slice.call(document.querySelectorAll(selector));
    function sync() {
      items.forEach(function (item) {
        item.setAttribute("aria-pressed", String(!hiddenSet.has(item.getAttribute(attribute))));
      });
    }
    items.forEach(function (item) {
      const value = item.getAttribute(attribute);
      function toggle(only) {
        if (only) {
          const alone = allValues.every(function (v) { return v === value ? !hiddenSet.has(v) : hiddenSet.has(v); });
          allValues.forEach(function (v) {
            if (alone || v === value) { hiddenSet.delete(v); } else { hiddenSet.add(v); }
          });
        } else if (hiddenSet.has(value)) {
          hiddenSet.delete(value);
        } else {
          hiddenSet.add(value);
        }
        sync();
        refresh();
      }
      item.addEventListener("click", function (event) { toggle(event.shiftKey); });
      item.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggle(event.shiftKey); }
      });
    });
    return sync;
  }
  const syncTypes = setupToggles("#kg-legend li[data-type]", "data-type", state.hiddenTypes, C.typeOrder);
  const syncRelations = setupToggles(
    "#kg-relations li[data-relation]", "data-relation", state.hiddenRelations, Object.keys(C.relationOrder));

  const slider = document.getElementById("kg-confidence");
  const sliderValue = document.getElementById("kg-confidence-value");
  function setConfidence(value) {
    state.minConfidence = value;
    slider.value = String(value);
    sliderValue.textContent = value.toFixed(2);
  }
  slider.addEventListener("input", function () {
    setConfidence(parseFloat(slider.value));
    refreshSoon();
  });

  const sizeSelect = document.getElementById("kg-size");
  sizeSelect.addEventListener("change", function () {
    state.sizeMetric = sizeSelect.value;
    refresh();
  });
  document.querySelectorAll('input[name="kg-depth"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (radio.checked) { state.depth = parseInt(radio.value, 10); refresh(); }
    });
  });
  function syncDepth() {
    document.querySelectorAll('input[name="kg-depth"]').forEach(function (radio) {
      radio.checked = parseInt(radio.value, 10) === state.depth;
    });
  }
  document.getElementById("kg-physics").addEventListener("change", function (event) {
    network.setOptions({ physics: { enabled: event.target.checked } });
  });
  const dateInputs = [["kg-date-from", "dateFrom"], ["kg-date-to", "dateTo"], ["kg-new-since", "newSince"]];
  dateInputs.forEach(function (pair) {
    const input = document.getElementById(pair[0]);
    if (!input) { return; }  // a page of an undated graph has no date controls
    input.addEventListener("input", function () {
      const text = input.value.trim();
      const valid = /^\\d{4}(-\\d{2}(-\\d{2})?)?$/.test(text);
      input.setAttribute("aria-invalid", text && !valid ? "true" : "false");
      state[pair[1]] = valid ? text : "";
      refreshSoon();
    });
  });
  document.getElementById("kg-fit").addEventListener("click", fitWithMargin);
  document.getElementById("kg-reset").addEventListener("click", function () {
    state.hiddenTypes.clear();
    state.hiddenRelations.clear();
    setConfidence(C.minConfidence);
    state.sizeMetric = "";
    sizeSelect.value = "";
    dateInputs.forEach(function (pair) {
      const input = document.getElementById(pair[0]);
      if (input) { input.value = ""; input.setAttribute("aria-invalid", "false"); }
      state[pair[1]] = "";
    });
    state.depth = C.depth;
    syncDepth();
    syncTypes();
    syncRelations();
    clearFocus();
    fitWithMargin();
  });

  // ---- find: any name or alias, substring match, best first; Chinese input methods finish composing first
  const input = document.getElementById("kg-search-input");
  const suggestions = document.getElementById("kg-suggestions");
  function normalise(text) { return text.normalize("NFKC").toLowerCase().replace(/\\s+/g, ""); }
  const names = [];
  nodeData.forEach(function (node) {
    names.push([normalise(node.label), node, null]);
    node.kgAliases.forEach(function (alias) { names.push([normalise(alias), node, alias]); });
  });
  function compare(a, b) {
    for (let i = 0; i < a.length; i += 1) {
      if (a[i] < b[i]) { return -1; }
      if (a[i] > b[i]) { return 1; }
    }
    return 0;
  }
  function findMatches(text) {
    const query = normalise(text);
    if (!query) { return []; }
    const best = new Map();
    names.forEach(function (entry) {
      const at = entry[0].indexOf(query);
      if (at < 0) { return; }
      const node = entry[1];
      const rank = [entry[0] === query ? 0 : at === 0 ? 1 : 2, entry[2] === null ? 0 : 1, -node.kgDegree,
        node.label.length, node.label, node.id];
      const previous = best.get(node.id);
      if (!previous || compare(rank, previous.rank) < 0) {
        best.set(node.id, { node: node, alias: entry[2], rank: rank });
      }
    });
    const ranked = Array.from(best.values()).sort(function (a, b) { return compare(a.rank, b.rank); });
    return ranked.slice(0, C.maxSuggestions);
  }
  window.kgFind = function (text) { return findMatches(text).map(function (m) { return m.node.id; }); };

  let matches = [];
  let active = -1;
  let composing = false;
  function hideSuggestions() {
    suggestions.hidden = true;
    input.setAttribute("aria-expanded", "false");
    active = -1;
  }
  function renderSuggestions() {
    suggestions.replaceChildren();
    if (!input.value.trim()) { hideSuggestions(); return; }
    if (!matches.length) {
      suggestions.appendChild(el("li", "kg-no-match", S.noMatch));
    }
    matches.forEach(function (match, i) {
      const item = el("li");
      item.id = "kg-suggestion-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(i === active));
      item.dataset.id = match.node.id;
      item.appendChild(el("span", "kg-s-name", match.node.label));
      if (match.alias !== null) { item.appendChild(el("span", "kg-s-alias", S.aliases + ": " + match.alias)); }
      if (!nodeShown(match.node)) { item.appendChild(el("span", "kg-s-hidden", S.filteredOut)); }
      item.appendChild(el("span", "kg-s-type", C.typeNames[match.node.kgType]));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
      suggestions.appendChild(item);
    });
    suggestions.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) { input.setAttribute("aria-activedescendant", "kg-suggestion-" + active); }
  }
  function updateSuggestions() {
    matches = findMatches(input.value);
    active = -1;
    renderSuggestions();
  }
  // A node hidden by a filter is brought back when chosen: the user asked for it by name.
  function reveal(node) {
    if (state.hiddenTypes.has(node.kgType)) { state.hiddenTypes.delete(node.kgType); syncTypes(); }
    if (node.kgConfidence < state.minConfidence - EPSILON) { setConfidence(Math.floor(node.kgConfidence * 20) / 20); }
  }
  function choose(i) {
    const match = matches[i];
    if (!match) { return; }
    reveal(match.node);
    input.value = match.node.label;
    hideSuggestions();
    focusOn([match.node.id], true);
  }
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; updateSuggestions(); });
  input.addEventListener("input", function (event) { if (!composing && !event.isComposing) { updateSuggestions(); } });
  input.addEventListener("focus", function () { if (input.value.trim()) { updateSuggestions(); } });
  input.addEventListener("blur", hideSuggestions);
  input.addEventListener("keydown", function (event) {
    if (composing || event.isComposing) { return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!matches.length) { return; }
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + matches.length) % matches.length;
      renderSuggestions();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (suggestions.hidden) { updateSuggestions(); }
      choose(active >= 0 ? active : 0);
    } else if (event.key === "Escape") {
      hideSuggestions();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.target === input) { return; }
    if (event.key === "/") { event.preventDefault(); input.focus(); input.select(); }
    if (event.key === "Escape") { clearFocus(); }
  });
})();
</script>
</body>
</html>
"""

_ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
# Suggestions listed under the search box.
MAX_SUGGESTIONS = 12


def render_network_html(network: Network, lang: str = "zh", view: PageView | None = None) -> str:
    """The page as a string; write_network_html is the one that puts it on disk.

    `view` says which entities are selected when the page opens (`kg viz --focus`) and what the header says about
    how the graph was narrowed; the page always holds exactly `network`.
    """
    if lang not in UI_STRINGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {sorted(UI_STRINGS)}")
    unknown = sorted({n.type for n in network.nodes} - set(TYPE_STYLES))
    if unknown:
        raise ValueError(f"unknown entity types {unknown}")
    unknown = sorted({e.relation for e in network.edges} - set(RELATION_LABELS[lang]))
    if unknown:
        raise ValueError(f"unknown relations {unknown}")
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
    type_counts: dict[str, int] = defaultdict(int)
    for node in network.nodes:
        type_counts[node.type] += 1
    relation_counts: dict[str, int] = defaultdict(int)
    for edge in network.edges:
        relation_counts[edge.relation] += 1
    legend = [
        {
            "type": t,
            "shape": TYPE_STYLES[t][0],
            "colour": TYPE_STYLES[t][1],
            "name": TYPE_NAMES[lang][t],
            "count": type_counts[t],
            "svg": _legend_svg(*TYPE_STYLES[t]),
        }
        for t in ENTITY_TYPES
    ]
    relations = [
        {
            "relation": r,
            "name": RELATION_LABELS[lang][r],
            "count": relation_counts[r],
            "svg": _relation_swatch(r in SYMMETRIC_RELATIONS),
        }
        for r in RELATION_NAMES
    ]
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
    page = _ENVIRONMENT.from_string(_TEMPLATE).render(
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
        config_json=_script_json(config),
        nodes_json=_script_json(nodes),
        edges_json=_script_json(edges),
        options_json=_script_json(net.options),
    )
    refuse_external_resources(page, "the network page")
    return page


def refuse_external_resources(page: str, what: str) -> None:
    """Belt and braces for "opens offline": nothing in a page may point the browser at another resource."""
    if re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=", page, re.IGNORECASE):
        raise RuntimeError(f"{what} would load an external resource")


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
    note = _overview_note(lang, max_nodes, total) if total > max_nodes else ""
    write_network_html(network, path, lang=lang, view=PageView(note=note))


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
    "layout_positions",
    "most_connected",
    "neighbourhood",
    "network_from_store",
    "parse_types",
    "read_network",
    "refuse_external_resources",
    "render_network_html",
    "select_view",
    "size_metrics",
    "write_network_html",
]
