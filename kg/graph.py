"""Stage 5: build the RDF graph with provenance (the shape is ontology/MODEL.md).

Every IRI is derived from content (a name and type, a document hash and offset, a
relation's ends), never from a counter, so the same input gives the same graph and the
Turtle written from it is byte-identical from run to run.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, SKOS

from kg.facts import normalise_value
from kg.model import Entity, Extraction
from kg.resolve import entity_iri_key, entity_key

KG = Namespace("https://w3id.org/kg-industry/ontology#")
KGR = Namespace("https://w3id.org/kg-industry/resource/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")


def _h(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _dec(value: float | Decimal) -> Literal:
    """A decimal literal written the same way every time (no float noise, no exponent)."""
    d = (value if isinstance(value, Decimal) else Decimal(str(value))).normalize()
    return Literal(format(d, "f"), datatype=XSD.decimal)


def entity_iri(name: str, etype: str) -> URIRef:
    return KGR[f"{etype}/{entity_iri_key(entity_key(name, etype))}"]


def document_iri(sha256: str) -> URIRef:
    return KGR[f"Document/{sha256[:16]}"]


def sentence_iri(sha256: str, start: int) -> URIRef:
    return KGR[f"Sentence/{sha256[:16]}-{start}"]


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


def build_graph(extractions: list[Extraction], entities: dict[str, Entity]) -> Graph:
    """The whole corpus as one graph: entities, edges, facts, and the sentences they came from."""
    g = new_graph()
    iri_of: dict[tuple[str, str], URIRef] = {}
    doc_iri_of: dict[str, URIRef] = {}
    for ex in extractions:
        doc = ex.document
        d = document_iri(doc.sha256)
        doc_iri_of[doc.name] = d
        g.add((d, RDF.type, KG.Document))
        g.add((d, RDF.type, PROV.Entity))
        g.add((d, KG.fileName, Literal(doc.name)))
        g.add((d, KG.sha256, Literal(doc.sha256)))
        g.add((d, KG.encoding, Literal(doc.encoding)))
    for key in sorted(entities):
        ent = entities[key]
        e = entity_iri(ent.name, ent.type)
        g.add((e, RDF.type, KG[ent.type]))
        g.add((e, RDFS.label, Literal(ent.name, lang="zh")))
        g.add((e, SKOS.prefLabel, Literal(ent.name, lang="zh")))
        for alias in sorted(ent.aliases):
            g.add((e, SKOS.altLabel, Literal(alias, lang="zh")))
        g.add((e, KG.confidence, _dec(ent.confidence)))
        g.add((e, KG.mentionCount, Literal(len(ent.mentions))))
        for doc_name in sorted(ent.docs):
            g.add((e, PROV.wasDerivedFrom, doc_iri_of[doc_name]))
        for form in {ent.name, *ent.aliases}:
            iri_of[(form, ent.type)] = e
    for ex in extractions:
        _add_document(g, ex, iri_of, doc_iri_of[ex.document.name])
    return g


def _add_document(g: Graph, ex: Extraction, iri_of: dict[tuple[str, str], URIRef], doc_node: URIRef) -> None:
    """One document's edges and figures, each with its assertion and evidence sentence."""
    doc = ex.document
    sentences = {s.index: s for s in doc.sentences}
    types_of: dict[str, list[str]] = {}
    for ent in ex.entities:
        types_of.setdefault(ent.name, []).append(ent.type)

    def node(name: str, etype: str = "") -> URIRef | None:
        """The entity of that name, of that type where the extractor says which (a name can be a park in
        one sentence and an honour in another)."""
        for candidate in ([etype] if etype else []) + types_of.get(name, []):
            iri = iri_of.get((name, candidate))
            if iri is not None:
                return iri
        return None

    def sentence_node(index: int) -> URIRef:
        s = sentences[index]
        si = sentence_iri(doc.sha256, s.start)
        if (si, RDF.type, KG.Sentence) not in g:
            g.add((si, RDF.type, KG.Sentence))
            g.add((si, RDF.type, PROV.Entity))
            g.add((si, KG.text, Literal(doc.original[s.start : s.end], lang="zh")))  # the words as written
            g.add((si, KG.startOffset, Literal(s.start)))
            g.add((si, KG.endOffset, Literal(s.end)))
            g.add((si, KG.inDocument, doc_node))
        return si

    for r in sorted(ex.relations, key=lambda r: -r.confidence):
        h, t = node(r.head, r.head_type), node(r.tail, r.tail_type)
        if h is None or t is None:
            continue
        pred = KG[r.relation]
        g.add((h, pred, t))
        a = KGR[f"Assertion/{_h(str(h), r.relation, str(t), doc.sha256, str(r.sentence), r.rule)}"]
        if (a, RDF.type, KG.RelationAssertion) in g:
            continue  # two names of one entity gave the same edge twice: the surest reading is kept
        g.add((a, RDF.type, RDF.Statement))
        g.add((a, RDF.type, KG.RelationAssertion))
        g.add((a, RDF.subject, h))
        g.add((a, RDF.predicate, pred))
        g.add((a, RDF.object, t))
        g.add((a, KG.confidence, _dec(r.confidence)))
        g.add((a, KG.extractionRule, Literal(r.rule)))
        g.add((a, PROV.wasDerivedFrom, sentence_node(r.sentence)))
    for f in sorted(ex.facts, key=lambda f: -f.confidence):
        s = node(f.subject, f.subject_type)
        if s is None:
            continue
        fi = KGR[f"Fact/{_h(str(s), f.metric, repr(f.value), f.unit, f.period, doc.sha256, str(f.sentence))}"]
        if (fi, RDF.type, KG.Fact) in g:
            continue
        value = Decimal(str(f.value))
        norm, norm_unit = normalise_value(value, f.unit)
        g.add((fi, RDF.type, KG.Fact))
        g.add((fi, KG.subject, s))
        g.add((s, KG.hasFact, fi))
        g.add((fi, KG.metric, Literal(f.metric, lang="zh")))
        g.add((fi, KG.value, _dec(f.value)))
        g.add((fi, KG.unit, Literal(f.unit)))
        g.add((fi, KG.normalizedValue, _dec(norm)))
        g.add((fi, KG.normalizedUnit, Literal(norm_unit)))
        g.add((fi, KG.period, Literal(f.period)))
        g.add((fi, KG.confidence, _dec(f.confidence)))
        g.add((fi, KG.extractionRule, Literal(f.rule)))
        g.add((fi, PROV.wasDerivedFrom, sentence_node(f.sentence)))


def write_turtle(g: Graph, path: Path) -> None:
    """Serialise deterministically and move into place only when complete."""
    data = g.serialize(format="turtle", encoding="utf-8")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
