"""Reading the network out of the store: a few whole-graph SPARQL queries (built from kg.vocab's types and
relations, so a new relation needs no query edit), or index lookups around the drawn entities of a capped page.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, cast

import pyoxigraph

from kg.viz import queries
from kg.viz.network import Network, NetworkEdge, NetworkFact, NetworkNode
from kg.viz.view import most_connected_ids
from kg.vocab import ENTITY_TYPES, KG, PROV, RDF, RELATION_NAMES, SYMMETRIC_RELATIONS


def _query(store: pyoxigraph.Store, sparql: str) -> Iterable[pyoxigraph.QuerySolution]:
    # The union default graph lets the page work whether `kg build` loads into the default or named graphs.
    return cast(pyoxigraph.QuerySolutions, store.query(sparql, use_default_graph_as_union=True))


def _term_id(term: Any) -> str:
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


@lru_cache(maxsize=1024)
def _local_name(iri: str) -> str:
    """The name after the last / or #; kept for the few IRIs (classes and relations) asked for on every row."""
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


# Sentences whose evidence rows a page read keeps (a few hundred bytes each), so a sentence that several drawn edges
# and figures cite is read from the store once.
SENTENCES_KEPT = 100_000


class _Lookups:
    """Index lookups around given nodes. A page that draws a small part of a big graph reads the figures and
    evidence of the drawn entities through them, giving the rows the whole-graph queries would give for those
    entities; the queries evaluate their OPTIONALs for every figure and edge of the graph. Each node's triples
    come in one lookup, far cheaper than one lookup per property."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store
        self._files: dict[str, list[Any]] = {}  # a document's file names (a few documents, many sentences)
        self._readings: dict[str, list[tuple[Any, Any, Any]]] = {}  # a sentence's (text, file, start), up to a bound

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
        properties; [(None, None, None)] when nothing binds."""
        rows: list[tuple[Any, Any, Any]] = []
        for sentence in properties.get(PROV + "wasDerivedFrom", []):
            rows.extend(self._readings_of(sentence))
        return rows or [(None, None, None)]

    def _readings_of(self, sentence: Any) -> list[tuple[Any, Any, Any]]:
        """A sentence's (text, file, start) rows. A sentence is cited by a figure and by the edges stated in it,
        so the first SENTENCES_KEPT sentences read are kept; past that they are read again for each node that
        cites them (on a big graph the drawn hubs cite millions)."""
        key = _term_id(sentence)
        rows = self._readings.get(key)
        if rows is None:
            about = self.properties(sentence)
            starts = about.get(KG + "startOffset") or [None]
            files = [file for document in about.get(KG + "inDocument", [])
                     for file in self._file_names(document)] or [None]
            rows = [(text, file, start) for text in about.get(KG + "text", []) for start in starts for file in files]
            if len(self._readings) < SENTENCES_KEPT:
                self._readings[key] = rows
        return rows


def _node(term_id: str) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode:
    return pyoxigraph.BlankNode(term_id[2:]) if term_id.startswith("_:") else pyoxigraph.NamedNode(term_id)


_FACT_COLUMNS = (("metric", "metric"), ("value", "value"), ("unit", "unit"), ("norm", "normalizedValue"),
                 ("normUnit", "normalizedUnit"), ("period", "period"), ("pstart", "periodStart"),
                 ("pend", "periodEnd"), ("c", "confidence"))
_FACT = pyoxigraph.NamedNode(KG + "Fact")
_RELATION_ASSERTION = pyoxigraph.NamedNode(KG + "RelationAssertion")


def _fact_rows_of(look: _Lookups, entities: Iterable[str]) -> Iterator[dict[str, Any]]:
    """queries.FACTS's rows for the given entities' figures, by lookups."""
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


def _evidence_rows_of(look: _Lookups, edge_keys: set[tuple[str, str, str]]) -> Iterator[dict[str, Any]]:
    """queries.EVIDENCE's rows for the assertions of the given edges, by lookups from the edges' ends."""
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
    from queries.FACTS's rows, or from `rows_source` giving the same rows for these entities.

    A fact with two metric labels (say zh and en) takes the Chinese one; its other values take the smallest lexical
    form, so a malformed graph still gives the same page on every run.
    """
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for row in _query(store, queries.FACTS) if rows_source is None else rows_source:
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
    ends: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # an assertion's edges
    for row in _query(store, queries.SEEN_ENDS):
        ends[_term_id(row["x"])].append(
            _edge_key(_term_id(row["s"]), _local_name(row["p"].value), _term_id(row["o"])))
    seen: dict[Any, tuple[str, str]] = {}
    for row in _query(store, queries.SEEN):
        first, last = row["first"].value, row["last"].value
        x = _term_id(row["x"])
        for key in ends.get(x) or [x]:
            was = seen.get(key)
            seen[key] = (min(was[0], first), max(was[1], last)) if was else (first, last)
    return seen


def _fact_key(fact: NetworkFact) -> tuple[Any, ...]:
    return (fact.metric, fact.period, fact.unit, fact.value, fact.normalized or 0.0, fact.confidence, fact.evidence)


def _entity_types(store: pyoxigraph.Store) -> dict[str, str]:
    """Every entity's class; an entity with two kg: classes takes the first in ENTITY_TYPES order."""
    order = {name: i for i, name in enumerate(ENTITY_TYPES)}
    types: dict[str, str] = {}
    for row in _query(store, queries.TYPES):
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
    for row in _query(store, queries.EDGES):
        s, o = _term_id(row["s"]), _term_id(row["o"])
        if s in types and o in types:
            keys.add(_edge_key(s, _local_name(row["p"].value), o))
    return keys


def _edges(store: pyoxigraph.Store, edge_keys: set[tuple[str, str, str]], look: _Lookups | None,
           seen: dict[Any, tuple[str, str]]) -> list[NetworkEdge]:
    """The edges of `edge_keys` in order, each with its highest confidence and its sentences in reading order; read
    by `look`'s lookups from the edges' ends when the page is capped, else by the whole-graph query."""
    edge_confidence: dict[tuple[str, str, str], float] = {}
    evidence: dict[tuple[str, str, str], dict[tuple[str, str], int]] = defaultdict(dict)
    for row in _evidence_rows_of(look, edge_keys) if look is not None else _query(store, queries.EVIDENCE):
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
    return edges


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
        kept = most_connected_ids(types, ((s, o) for s, _, o in edge_keys), cast(int, max_nodes))
        types = {e: t for e, t in types.items() if e in kept}
        edge_keys = {k for k in edge_keys if k[0] in kept and k[2] in kept}

    names: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for row in _query(store, queries.NAMES):
        name, entity = row["name"], _term_id(row["e"])
        if isinstance(name, pyoxigraph.Literal) and name.value.strip() and entity in types:
            names[entity][_local_name(row["p"].value)].append((_language_rank(name), name.value))

    confidences: dict[str, float] = {}
    for row in _query(store, queries.CONFIDENCE):
        value = _as_float(row["c"])
        entity = _term_id(row["e"])
        if value is not None and entity in types:
            confidences[entity] = max(value, confidences.get(entity, value))

    look = _Lookups(store) if capped else None  # one for figures and edges: they cite the same sentences
    facts = _facts_from_store(store, types, _fact_rows_of(look, types) if look is not None else None)
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

    return Network(nodes, _edges(store, edge_keys, look, seen)), total
