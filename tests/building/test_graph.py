"""The RDF graph of the five seeds: SHACL conformance, provenance that points at real text, stable IRIs."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from kg.building import graph as kg_graph
from kg.building import pipeline
from kg.building.graph import KG
from kg.extraction import resolve
from kg.text.documents import find_inputs, read_document
from kg.vocab import ENTITY_TYPES, RELATION_NAMES

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SHAPES = ROOT / "ontology" / "shapes.ttl"
RELATIONS = [KG[name] for name in RELATION_NAMES]
ENTITY_CLASSES = {KG[name] for name in ENTITY_TYPES}
# Spelled out: a DefinedNamespace such as rdflib.XSD at module level makes pytest warn while collecting.
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def build() -> Graph:
    extractions = pipeline.extract_paths(find_inputs([SEEDS]))
    entities = resolve.merge_corpus(extractions)
    return kg_graph.build_graph(extractions, entities)


@pytest.fixture(scope="module")
def g() -> Graph:
    return build()


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    """The text of each seed as written (what evidence quotes), read again through the documents stage, by file name."""
    return {p.name: read_document(p).original for p in sorted(SEEDS.glob("*.txt"))}


def entity_nodes(g: Graph) -> set[URIRef]:
    return {s for cls in ENTITY_CLASSES for s in g.subjects(RDF.type, cls)}


def test_the_graph_is_not_trivial(g: Graph) -> None:
    assert len(set(g.subjects(RDF.type, KG.Document))) == 5
    assert len(entity_nodes(g)) > 50
    assert len(set(g.subjects(RDF.type, KG.RelationAssertion))) > 20
    assert len(set(g.subjects(RDF.type, KG.Fact))) > 20


@pytest.mark.slow
def test_conforms_to_the_shapes(g: Graph) -> None:
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, report, text = validate(g, shacl_graph=shapes, inference="none")
    if not conforms:
        results = list(report.objects(None, URIRef("http://www.w3.org/ns/shacl#result")))
        lines = text.splitlines()
        print(f"{len(results)} violations; the first ones:")
        print("\n".join(lines[:120]))
    assert conforms, f"graph does not conform to {SHAPES.name}; see the printed report"


def test_every_relation_triple_has_an_assertion_with_real_evidence(g: Graph, seed_texts: dict[str, str]) -> None:
    assertions: dict[tuple, list[URIRef]] = defaultdict(list)
    for a in g.subjects(RDF.type, KG.RelationAssertion):
        key = (g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object))
        assertions[key].append(a)

    triples = [(s, p, o) for p in RELATIONS for s, o in g.subject_objects(p)]
    assert triples
    problems = []
    for s, p, o in triples:
        found = assertions.get((s, p, o), [])
        if not found:
            problems.append(f"no assertion for {s} {p} {o}")
            continue
        good = 0
        for a in found:
            for sentence in g.objects(a, PROV.wasDerivedFrom):
                text = g.value(sentence, KG.text)
                start, end = g.value(sentence, KG.startOffset), g.value(sentence, KG.endOffset)
                file_name = g.value(g.value(sentence, KG.inDocument), KG.fileName)
                if None in (text, start, end, file_name):
                    problems.append(f"{a}: sentence {sentence} lacks text, offsets or document")
                    continue
                doc_text = seed_texts[str(file_name)]
                if doc_text[start.toPython() : end.toPython()] == str(text):
                    good += 1
                else:
                    problems.append(f"{a}: {file_name}[{start}:{end}] is not {str(text)[:40]!r}")
        if not good:
            problems.append(f"no assertion of {s} {p} {o} cites a sentence of its document")
    assert not problems, "\n".join(problems[:20])


def test_every_assertion_matches_a_direct_triple(g: Graph) -> None:
    for a in g.subjects(RDF.type, KG.RelationAssertion):
        s, p, o = g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object)
        assert p in RELATIONS
        assert (s, p, o) in g, a
        assert (a, RDF.type, RDF.Statement) in g


def test_the_ends_of_an_assertion_come_from_its_document(g: Graph) -> None:
    for a in g.subjects(RDF.type, KG.RelationAssertion):
        for sentence in g.objects(a, PROV.wasDerivedFrom):
            doc = g.value(sentence, KG.inDocument)
            for end in (g.value(a, RDF.subject), g.value(a, RDF.object)):
                assert (end, PROV.wasDerivedFrom, doc) in g, (a, end, doc)


def test_every_fact_has_a_decimal_value_and_a_sentence(g: Graph, seed_texts: dict[str, str]) -> None:
    facts = list(g.subjects(RDF.type, KG.Fact))
    assert facts
    for f in facts:
        value = g.value(f, KG.value)
        assert isinstance(value, Literal) and value.datatype == XSD_DECIMAL, (f, value)
        assert value.toPython() is not None  # a well-formed decimal
        normalized = g.value(f, KG.normalizedValue)
        assert isinstance(normalized, Literal) and normalized.datatype == XSD_DECIMAL, (f, normalized)
        subject = g.value(f, KG.subject)
        assert subject in entity_nodes(g) and (subject, KG.hasFact, f) in g, f
        sentences = list(g.objects(f, PROV.wasDerivedFrom))
        assert len(sentences) == 1, f
        sentence = sentences[0]
        assert (sentence, RDF.type, KG.Sentence) in g
        text = g.value(sentence, KG.text)
        assert text is not None and str(text), f
        file_name = str(g.value(g.value(sentence, KG.inDocument), KG.fileName))
        start, end = g.value(sentence, KG.startOffset).toPython(), g.value(sentence, KG.endOffset).toPython()
        assert seed_texts[file_name][start:end] == str(text), f


def test_building_twice_gives_the_same_iris_and_the_same_turtle(g: Graph, tmp_path: Path) -> None:
    again = build()

    def iris(graph: Graph) -> set[URIRef]:
        return {t for triple in graph for t in triple if isinstance(t, URIRef)}

    assert iris(again) == iris(g)
    assert entity_nodes(again) == entity_nodes(g)
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    kg_graph.write_turtle(g, first)
    kg_graph.write_turtle(again, second)
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.ttl", "second.ttl"]  # no .tmp left behind
    # The Turtle reads back as the same graph.
    assert len(Graph().parse(first, format="turtle")) == len(g)


def test_entity_iris_follow_the_model(g: Graph) -> None:
    """kgr:<Type>/<16 hex>, where the type in the IRI is the node's class."""
    for node in entity_nodes(g):
        etype, key = str(node).rsplit("/", 2)[-2:]
        assert (node, RDF.type, KG[etype]) in g, node
        assert len(key) == 16 and all(c in "0123456789abcdef" for c in key), node
        assert kg_graph.entity_iri(str(g.value(node, RDFS.label)), etype) == node


def test_the_same_park_in_two_documents_is_one_node(g: Graph) -> None:
    name = Literal("抚州高新区", lang="zh")
    nodes = {s for s in g.subjects(RDFS.label, name)} | {s for s in g.subjects(SKOS.altLabel, name)}
    parks = {n for n in nodes if (n, RDF.type, KG.Park) in g}
    assert len(parks) == 1, parks
    park = parks.pop()
    files = {str(g.value(d, KG.fileName)) for d in g.objects(park, PROV.wasDerivedFrom)}
    assert {"000_2f12ecc62ecadb10.txt", "001_ee9b7df723eab218.txt"} <= files
    assert int(g.value(park, KG.mentionCount)) >= 2


def test_no_two_entities_share_a_type_and_a_label(g: Graph) -> None:
    seen: dict[tuple[URIRef, str], URIRef] = {}
    for cls in ENTITY_CLASSES:
        for node in g.subjects(RDF.type, cls):
            labels = list(g.objects(node, RDFS.label))
            assert len(labels) == 1, (node, labels)
            key = (cls, str(labels[0]))
            assert key not in seen, (key, node, seen.get(key))
            seen[key] = node


def test_the_graph_built_in_parts_is_the_whole_graph() -> None:
    """`kg build --jobs N` has N processes write the triples in parts: every split of the documents and entities
    must give back exactly the whole graph, with no part empty and no triple lost or added."""
    extractions = pipeline.extract_paths(find_inputs([SEEDS, ROOT / "tests" / "data" / "articles"]))
    entities = resolve.merge_corpus(extractions)
    whole = set(kg_graph.corpus_triples(extractions, entities))
    n = len(extractions)
    for parts in (2, 3, n):
        pieces = [set(kg_graph.corpus_triples(extractions[k * n // parts : (k + 1) * n // parts], entities,
                                              part=k, parts=parts)) for k in range(parts)]
        assert all(pieces), parts
        assert set().union(*pieces) == whole, parts
