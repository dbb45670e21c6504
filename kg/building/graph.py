"""Stage 5: build the RDF graph with provenance (the shape is ontology/MODEL.md).

Every IRI is derived from content (a name and type, a document hash and offset, a
relation's ends), never from a counter, so the same input gives the same graph and the
Turtle written from it is byte-identical from run to run. `kg build` streams the triples
into the Oxigraph store and writes graph.ttl from there (kg.store.store), so no whole-corpus
graph is ever held in memory; `build_graph` gives the same triples as an rdflib graph.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from kg import vocab
from kg.building import processes
from kg.chains.chains import chain_quads
from kg.extraction.facts import normalise_value
from kg.extraction.lexicon import load
from kg.extraction.resolve import entity_iri_key, entity_key
from kg.model import DEFAULT_MIN_CONFIDENCE, Entity, Extraction, confident_enough
from kg.text.dates import SEEN_UPDATE, period_interval

if TYPE_CHECKING:
    from kg.building.pipeline import StoredExtractions

KG = Namespace(vocab.KG)
KGR = Namespace(vocab.KGR)
SCHEMA = Namespace(vocab.SCHEMA)
ORG = Namespace(vocab.ORG)


def _h(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


_TYPE = ox.NamedNode(str(RDF.type))
_LABEL = ox.NamedNode(str(RDFS.label))
_PREF_LABEL = ox.NamedNode(str(SKOS.prefLabel))
_ALT_LABEL = ox.NamedNode(str(SKOS.altLabel))
_DERIVED_FROM = ox.NamedNode(str(PROV.wasDerivedFrom))
_PROV_ENTITY = ox.NamedNode(str(PROV.Entity))
_STATEMENT = ox.NamedNode(str(RDF.Statement))
_SUBJECT = ox.NamedNode(str(RDF.subject))
_PREDICATE = ox.NamedNode(str(RDF.predicate))
_OBJECT = ox.NamedNode(str(RDF.object))
_KG_DOCUMENT = ox.NamedNode(str(KG.Document))
_XSD_DECIMAL = ox.NamedNode(str(XSD.decimal))
_XSD_INTEGER = ox.NamedNode(str(XSD.integer))
_XSD_STRING = ox.NamedNode(str(XSD.string))
_ISSUED = ox.NamedNode(str(DCTERMS.issued))


_KG_NODES: dict[str, ox.NamedNode] = {}


def _kg(name: str) -> ox.NamedNode:
    """The kg: term of that name, made once (a build asks for a few dozen names a million times)."""
    node = _KG_NODES.get(name)
    if node is None:
        node = _KG_NODES[name] = ox.NamedNode(vocab.KG + name)
    return node


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_XSD_INTEGER)


def _decimal(value: float | Decimal) -> ox.Literal:
    """A decimal literal written the same way every time (no float noise, no exponent)."""
    d = (value if isinstance(value, Decimal) else Decimal(str(value))).normalize()
    return ox.Literal(format(d, "f"), datatype=_XSD_DECIMAL)


_CONFIDENCES: dict[str, ox.Literal] = {}


def _confidence(value: float) -> ox.Literal:
    """`_decimal` of a confidence, made once per value: a corpus's confidences are a few hundred values said a
    hundred thousand times. Keyed by the text the literal is made from, which tells 0.0 from -0.0."""
    text = str(value)
    literal = _CONFIDENCES.get(text)
    if literal is None:
        literal = _CONFIDENCES[text] = _decimal(value)
    return literal


def when(iso: str) -> ox.Literal:
    """A date of kg.dates (ISO text) as a literal: xsd:gYear for a year, xsd:date for a day."""
    return ox.Literal(iso, datatype=ox.NamedNode(str(XSD.gYear if len(iso) == 4 else XSD.date)))


def entity_iri(name: str, etype: str) -> URIRef:
    return KGR[f"{etype}/{entity_iri_key(entity_key(name, etype))}"]


def document_iri(sha256: str) -> URIRef:
    return URIRef(_document_iri(sha256))


def sentence_iri(sha256: str, start: int) -> URIRef:
    return URIRef(_sentence_iri(sha256, start))


# The same IRIs as plain text, for the triples the build streams (an rdflib term a sentence costs more than its
# triples).
def _document_iri(sha256: str) -> str:
    return f"{vocab.KGR}Document/{sha256[:16]}"


def _sentence_iri(sha256: str, start: int) -> str:
    return f"{vocab.KGR}Sentence/{sha256[:16]}-{start}"


def new_graph() -> Graph:
    g = Graph()
    g.bind("kg", KG)
    g.bind("kgr", KGR)
    g.bind("skos", SKOS)
    g.bind("prov", PROV)
    g.bind("schema", SCHEMA)
    g.bind("org", ORG)
    g.bind("owl", OWL)
    return g


class EntityNodes:
    """The merged entities in key order with their IRIs, and each name and alias (with its type) -> the IRI of its
    entity: what every document's triples are resolved against. Built once per process."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.keys = sorted(entities)
        self.of_key: dict[str, ox.NamedNode] = {}
        self.of_form: dict[tuple[str, str], ox.NamedNode] = {}
        for key in self.keys:
            ent = entities[key]
            e = self.of_key[key] = ox.NamedNode(str(entity_iri(ent.name, ent.type)))
            for form in {ent.name, *ent.aliases}:
                self.of_form[(form, ent.type)] = e


def corpus_triples(extractions: Iterable[Extraction], entities: dict[str, Entity], *, nodes: EntityNodes | None = None,
                   part: int = 0, parts: int = 1,
                   min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Iterator[ox.Quad]:
    """The whole corpus as triples (quads in the default graph, as the store takes them): the entities, then each
    document with the edges, facts and sentences it gave. A generator that reads `extractions` once, so a large
    corpus goes into the store document by document, never as one graph in memory; the same triple may come twice
    (an edge stated in two documents) and the store keeps it once.

    With `parts` > 1 it is one part of the graph, for building the parts in several processes: the triples of
    every `parts`-th entity from the `part`-th, and of `extractions`, which is that part's share of the documents.
    The parts together are the whole graph. Relations below `min_confidence` are left out (extraction.jsonl keeps
    them as weak relations)."""
    nodes = nodes or EntityNodes(entities)
    for key in nodes.keys[part::parts]:
        ent = entities[key]
        e = nodes.of_key[key]
        yield ox.Quad(e, _TYPE, _kg(ent.type))
        yield ox.Quad(e, _LABEL, _zh(ent.name))
        yield ox.Quad(e, _PREF_LABEL, _zh(ent.name))
        for alias in sorted(ent.aliases):
            yield ox.Quad(e, _ALT_LABEL, _zh(alias))
        yield ox.Quad(e, _kg("confidence"), _confidence(ent.confidence))
        yield ox.Quad(e, _kg("mentionCount"), _integer(len(ent.mentions)))
    lex = load()
    key_of: dict[tuple[str, str], str] = {}  # names recur from document to document
    for ex in extractions:
        doc = ex.document
        d = ox.NamedNode(_document_iri(doc.sha256))
        yield ox.Quad(d, _TYPE, _KG_DOCUMENT)
        yield ox.Quad(d, _TYPE, _PROV_ENTITY)
        yield ox.Quad(d, _kg("fileName"), ox.Literal(doc.name))
        yield ox.Quad(d, _kg("sha256"), ox.Literal(doc.sha256))
        yield ox.Quad(d, _kg("encoding"), ox.Literal(doc.encoding))
        if doc.date:
            yield ox.Quad(d, _ISSUED, when(doc.date))
            yield ox.Quad(d, _kg("dateRoute"), ox.Literal(doc.date_route))
        # Each merged entity comes from the documents of the entities merged into it (resolve.merge_corpus).
        for ent in ex.entities:
            name_type = (ent.name, ent.type)
            key = key_of.get(name_type)
            if key is None:
                key = key_of[name_type] = entity_key(ent.name, ent.type, lex)
            yield ox.Quad(nodes.of_key[key], _DERIVED_FROM, d)
        yield from _document_triples(ex, nodes.of_form, d, min_confidence)


# ---------------------------------------------------------------------------------- the graph in parts, in parallel

# Files per part: a part of about 230,000 triples (kg.store.store.BULK_LOAD_TRIPLES, at some 575 triples a news
# article), and at least two parts a worker, so the build loads parts while the workers write the next ones. Each
# load has a cost of its own (a fifth of a second of the loading process's time), so parts are not made smaller.
PART_FILES = 400
PARTS_PER_JOB = 2

_part_input: tuple[StoredExtractions, dict[str, Entity], EntityNodes, float] | None = None


def _start_part_writer(build: int, extractions: StoredExtractions, entities: dict[str, Entity],
                       nodes: EntityNodes, min_confidence: float) -> None:
    """A forked worker inherits the corpus's extractions, merged entities and their IRIs rather than receiving
    (or remaking) them."""
    global _part_input
    processes.start_as_helper(build)
    _part_input = (extractions, entities, nodes, min_confidence)


def _write_part(part: int, parts: int, path: str) -> str:
    assert _part_input is not None
    extractions, entities, nodes, min_confidence = _part_input
    quads = corpus_triples(extractions.share(part, parts), entities, nodes=nodes, part=part, parts=parts,
                           min_confidence=min_confidence)
    with open(path, "wb") as f:
        ox.serialize(quads, f, format=ox.RdfFormat.N_QUADS)
    return path


class TriplePartFiles:
    """The corpus's triples written as N-Quads part files by `jobs` worker processes, iterated in order as each
    part is complete (the reader loads and removes them): the triples are made in parallel while the store is
    filled. At most two parts a worker are asked for ahead of the reader, so when loading is the slower side the
    parts waiting on disk stay few.

    The workers are forked as this opens, before the build starts any thread, and end with it."""

    def __init__(self, extractions: StoredExtractions, entities: dict[str, Entity], folder: Path, jobs: int,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        folder.mkdir(parents=True, exist_ok=True)
        self._folder = folder
        self._parts = max(PARTS_PER_JOB * jobs, -(-len(extractions.files) // PART_FILES))
        self._ahead = 2 * jobs
        self._next = 0
        self._pending: deque[Future[str]] = deque()
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_start_part_writer,
                                         initargs=(os.getpid(), extractions, entities, EntityNodes(entities),
                                                   min_confidence))
        # The workers are forked at the first submit. Frozen objects are left alone by the workers' garbage
        # collector, which would otherwise write to every object's header and so copy all the build's memory.
        gc.freeze()
        try:
            self._submit()
        finally:
            gc.unfreeze()

    def _submit(self) -> None:
        while self._next < self._parts and len(self._pending) < self._ahead:
            path = self._folder / f"part-{self._next:05d}.nq"
            self._pending.append(self._pool.submit(_write_part, self._next, self._parts, str(path)))
            self._next += 1

    def __iter__(self) -> Iterator[Path]:
        while self._pending:
            path = Path(self._pending.popleft().result())
            self._submit()
            yield path
        self.close()  # the workers' memory is given back before the store is compacted

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> TriplePartFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _document_triples(ex: Extraction, iri_of: dict[tuple[str, str], ox.NamedNode], doc_node: ox.NamedNode,
                      min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Iterator[ox.Quad]:
    """One document's edges (those at least `min_confidence` sure) and figures, each with its assertion and
    evidence sentence."""
    doc = ex.document
    sentences = {s.index: s for s in doc.sentences}
    types_of: dict[str, list[str]] = {}
    for ent in ex.entities:
        types_of.setdefault(ent.name, []).append(ent.type)
    written: set[str] = set()  # the assertions, facts and sentences of this document already written
    sentence_nodes: dict[int, ox.NamedNode] = {}  # by sentence index, each made once

    def node(name: str, etype: str = "") -> ox.NamedNode | None:
        """The entity of that name, of that type where the extractor says which (a name can be a park in
        one sentence and an honour in another)."""
        for candidate in ([etype] if etype else []) + types_of.get(name, []):
            iri = iri_of.get((name, candidate))
            if iri is not None:
                return iri
        return None

    def sentence_named(index: int) -> ox.NamedNode:
        node = sentence_nodes.get(index)
        if node is None:
            node = sentence_nodes[index] = ox.NamedNode(_sentence_iri(doc.sha256, sentences[index].start))
        return node

    def sentence_node(index: int) -> Iterator[ox.Quad]:
        s = sentences[index]
        node = sentence_named(index)
        si = node.value
        if si not in written:
            written.add(si)
            yield ox.Quad(node, _TYPE, _kg("Sentence"))
            yield ox.Quad(node, _TYPE, _PROV_ENTITY)
            yield ox.Quad(node, _kg("text"), _zh(doc.evidence(s)))  # the words as written
            yield ox.Quad(node, _kg("startOffset"), _integer(s.start))
            yield ox.Quad(node, _kg("endOffset"), _integer(s.end))
            yield ox.Quad(node, _kg("inDocument"), doc_node)

    for r in sorted(ex.relations, key=lambda r: -r.confidence):
        if not confident_enough(r.confidence, min_confidence):
            break  # the rest are weaker still
        h, t = node(r.head, r.head_type), node(r.tail, r.tail_type)
        if h is None or t is None:
            continue
        pred = _kg(r.relation)
        yield ox.Quad(h, pred, t)
        a = f"{vocab.KGR}Assertion/{_h(h.value, r.relation, t.value, doc.sha256, str(r.sentence), r.rule)}"
        if a in written:
            continue  # two names of one entity gave the same edge twice: the surest reading is kept
        written.add(a)
        an = ox.NamedNode(a)
        yield ox.Quad(an, _TYPE, _STATEMENT)
        yield ox.Quad(an, _TYPE, _kg("RelationAssertion"))
        yield ox.Quad(an, _SUBJECT, h)
        yield ox.Quad(an, _PREDICATE, pred)
        yield ox.Quad(an, _OBJECT, t)
        yield ox.Quad(an, _kg("confidence"), _confidence(r.confidence))
        yield ox.Quad(an, _kg("extractionRule"), ox.Literal(r.rule))
        yield ox.Quad(an, _DERIVED_FROM, sentence_named(r.sentence))
        yield from sentence_node(r.sentence)
    for f in sorted(ex.facts, key=lambda f: -f.confidence):
        s = node(f.subject, f.subject_type)
        if s is None:
            continue
        fi = f"{vocab.KGR}Fact/{_h(s.value, f.metric, repr(f.value), f.unit, f.period, doc.sha256, str(f.sentence))}"
        if fi in written:
            continue
        written.add(fi)
        fn = ox.NamedNode(fi)
        value = Decimal(str(f.value))
        norm, norm_unit = normalise_value(value, f.unit)
        yield ox.Quad(fn, _TYPE, _kg("Fact"))
        yield ox.Quad(fn, _kg("subject"), s)
        yield ox.Quad(s, _kg("hasFact"), fn)
        yield ox.Quad(fn, _kg("metric"), _zh(f.metric))
        yield ox.Quad(fn, _kg("value"), _decimal(f.value))
        yield ox.Quad(fn, _kg("unit"), ox.Literal(f.unit))
        yield ox.Quad(fn, _kg("normalizedValue"), _decimal(norm))
        yield ox.Quad(fn, _kg("normalizedUnit"), ox.Literal(norm_unit))
        yield ox.Quad(fn, _kg("period"), ox.Literal(f.period))
        start, end = period_interval(f.period, doc.date) or (None, None)
        if start:
            yield ox.Quad(fn, _kg("periodStart"), when(start))
        if end:
            yield ox.Quad(fn, _kg("periodEnd"), when(end))
        yield ox.Quad(fn, _kg("confidence"), _confidence(f.confidence))
        yield ox.Quad(fn, _kg("extractionRule"), ox.Literal(f.rule))
        yield ox.Quad(fn, _DERIVED_FROM, sentence_named(f.sentence))
        yield from sentence_node(f.sentence)


def _rdflib_term(term: ox.NamedNode | ox.Literal) -> URIRef | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def build_graph(extractions: list[Extraction], entities: dict[str, Entity],
                min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Graph:
    """The corpus as one rdflib graph (for notebooks and SHACL validation; `kg build` streams the same triples
    into the store instead), the chain layer (kg.chains.chains) included as the build adds it."""
    store = ox.Store()
    store.extend(corpus_triples(extractions, entities, min_confidence=min_confidence))
    store.update(SEEN_UPDATE)  # first and last seen, then the chain layer, in the order of the build
    store.extend(chain_quads(store))
    g = new_graph()
    for quad in store:
        g.add((_rdflib_term(quad.subject), _rdflib_term(quad.predicate), _rdflib_term(quad.object)))
    return g


def write_turtle(g: Graph, path: Path) -> None:
    """Serialise deterministically and move into place only when complete."""
    data = g.serialize(format="turtle", encoding="utf-8")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
