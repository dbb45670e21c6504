"""The ontology, the SHACL shapes and the saved queries agree with each other and with MODEL.md."""

from __future__ import annotations

import importlib
import re
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, SH, Graph, Literal, Namespace, URIRef
from rdflib.plugins.sparql import prepareQuery

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
QUERIES = ONTOLOGY / "queries"

# The package is not installed in the venv; make `kg` importable when pytest runs from anywhere.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
vocab = importlib.import_module("kg.vocab")

KG = Namespace(vocab.KG)
KGR = Namespace(vocab.KGR)

# Properties that belong to the fact and provenance model rather than to the twelve relations.
NON_RELATION_OBJECT_PROPERTIES = {KG.subject, KG.hasFact, KG.inDocument}
MODEL_CLASSES = {KG.Entity, KG.Fact, KG.Sentence, KG.Document, KG.RelationAssertion}
REQUIRED_QUERIES = {
    "chain-leaders",
    "park-universities",
    "policies",
    "edge-evidence",
    "firm-partners",
    "park-ranking",
    "entity-facts",
    "designations",
    "park-industries",
    "chain-coverage",
    "chain-gaps",
    "chain-targets",
}

# A small graph in the shape MODEL.md describes (entity IRIs use made-up keys).
SAMPLE = """
@prefix kg: <https://w3id.org/kg-industry/ontology#> .
# Turtle local names cannot hold "/", so each IRI kind gets its own prefix.
@prefix assertion: <https://w3id.org/kg-industry/resource/Assertion/> .
@prefix company: <https://w3id.org/kg-industry/resource/Company/> .
@prefix designation: <https://w3id.org/kg-industry/resource/Designation/> .
@prefix document: <https://w3id.org/kg-industry/resource/Document/> .
@prefix fact: <https://w3id.org/kg-industry/resource/Fact/> .
@prefix governmentbody: <https://w3id.org/kg-industry/resource/GovernmentBody/> .
@prefix industry: <https://w3id.org/kg-industry/resource/Industry/> .
@prefix park: <https://w3id.org/kg-industry/resource/Park/> .
@prefix policy: <https://w3id.org/kg-industry/resource/Policy/> .
@prefix region: <https://w3id.org/kg-industry/resource/Region/> .
@prefix researchinstitute: <https://w3id.org/kg-industry/resource/ResearchInstitute/> .
@prefix sentence: <https://w3id.org/kg-industry/resource/Sentence/> .
@prefix university: <https://w3id.org/kg-industry/resource/University/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

document:2f12ecc62ecadb10 a kg:Document, prov:Entity ;
    kg:fileName "000_2f12ecc62ecadb10.txt" ;
    kg:sha256 "2f12ecc62ecadb10aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" ;
    kg:encoding "utf-8" .

sentence:2f12ecc62ecadb10-120 a kg:Sentence, prov:Entity ;
    kg:text "江西赣锋锂业集团股份有限公司是锂电产业链链主企业。"@zh ;
    kg:startOffset 120 ; kg:endOffset 145 ;
    kg:inDocument document:2f12ecc62ecadb10 .
sentence:2f12ecc62ecadb10-200 a kg:Sentence, prov:Entity ;
    kg:text "赣锋锂业抚州基地落户抚州高新区。"@zh ;
    kg:startOffset 200 ; kg:endOffset 216 ;
    kg:inDocument document:2f12ecc62ecadb10 .
sentence:2f12ecc62ecadb10-300 a kg:Sentence, prov:Entity ;
    kg:text "2024年，抚州高新区实现工业营收932.4亿元。"@zh ;
    kg:startOffset 300 ; kg:endOffset 325 ;
    kg:inDocument document:2f12ecc62ecadb10 .

park:0000000000000001 a kg:Park ;
    rdfs:label "抚州高新区"@zh ; skos:prefLabel "抚州高新区"@zh ;
    skos:altLabel "抚州高新技术产业开发区"@zh ;
    kg:confidence "0.95"^^xsd:decimal ; kg:mentionCount 3 ;
    prov:wasDerivedFrom document:2f12ecc62ecadb10 ;
    kg:locatedIn region:0000000000000002 ;
    kg:focusesOn industry:0000000000000006 ;
    kg:hasFact fact:00000000000000f1 .
region:0000000000000002 a kg:Region ;
    rdfs:label "抚州市"@zh ; kg:confidence "0.9"^^xsd:decimal .
company:0000000000000003 a kg:Company ;
    rdfs:label "江西赣锋锂业集团股份有限公司"@zh ;
    skos:altLabel "赣锋锂业"@zh, "赣锋"@zh ;
    kg:confidence "0.95"^^xsd:decimal ; kg:mentionCount 12 ;
    kg:chainLeaderOf industry:0000000000000006 ;
    kg:suppliesTo company:0000000000000005 ;
    kg:hasDesignation designation:000000000000000b .
company:0000000000000004 a kg:Company ;
    rdfs:label "赣锋锂业抚州基地"@zh ; kg:confidence "0.8"^^xsd:decimal ;
    kg:subsidiaryOf company:0000000000000003 ;
    kg:coBuilds researchinstitute:000000000000000d ;
    kg:locatedIn park:0000000000000001 .
company:0000000000000005 a kg:Company ;
    rdfs:label "抚州示范汽车有限公司"@zh ; kg:confidence "0.7"^^xsd:decimal ;
    kg:chainLeaderOf industry:0000000000000007 .
industry:0000000000000006 a kg:Industry ;
    rdfs:label "锂电"@zh ; kg:confidence "0.9"^^xsd:decimal .
industry:0000000000000007 a kg:Industry ;
    rdfs:label "新能源汽车"@zh ; kg:confidence "0.9"^^xsd:decimal .
university:0000000000000008 a kg:University ;
    rdfs:label "东华理工大学"@zh ; kg:confidence "0.9"^^xsd:decimal ;
    kg:cooperatesWith company:0000000000000004 ;
    kg:coBuilds researchinstitute:000000000000000d .
researchinstitute:000000000000000d a kg:ResearchInstitute ;
    rdfs:label "江西省锂电产业技术研究院"@zh ; kg:confidence "0.8"^^xsd:decimal ;
    kg:focusesOn industry:0000000000000006 .
governmentbody:0000000000000009 a kg:GovernmentBody ;
    rdfs:label "抚州市人民政府"@zh ; kg:confidence "0.9"^^xsd:decimal .
policy:000000000000000a a kg:Policy ;
    rdfs:label "抚州市锂电产业发展规划"@zh ; kg:confidence "0.85"^^xsd:decimal ;
    kg:issuedBy governmentbody:0000000000000009 ;
    kg:focusesOn industry:0000000000000006 .
policy:000000000000000c a kg:Policy ;
    rdfs:label "1+N产业扶持政策"@zh ; kg:confidence "0.6"^^xsd:decimal .
designation:000000000000000b a kg:Designation ;
    rdfs:label "链主企业"@zh ; kg:confidence "0.9"^^xsd:decimal .

assertion:00000000000000a1 a rdf:Statement, kg:RelationAssertion ;
    rdf:subject company:0000000000000003 ;
    rdf:predicate kg:chainLeaderOf ;
    rdf:object industry:0000000000000006 ;
    kg:confidence "0.85"^^xsd:decimal ;
    kg:extractionRule "chainLeaderOf:链主" ;
    prov:wasDerivedFrom sentence:2f12ecc62ecadb10-120 .
assertion:00000000000000a2 a rdf:Statement, kg:RelationAssertion ;
    rdf:subject company:0000000000000004 ;
    rdf:predicate kg:locatedIn ;
    rdf:object park:0000000000000001 ;
    kg:confidence "0.8"^^xsd:decimal ;
    kg:extractionRule "locatedIn:落户" ;
    prov:wasDerivedFrom sentence:2f12ecc62ecadb10-200 .

fact:00000000000000f1 a kg:Fact ;
    kg:subject park:0000000000000001 ;
    kg:metric "工业营收"@zh ;
    kg:value "932.4"^^xsd:decimal ;
    kg:unit "亿元" ;
    kg:normalizedValue "93240000000"^^xsd:decimal ;
    kg:normalizedUnit "CNY" ;
    kg:period "2024" ;
    kg:confidence "0.8"^^xsd:decimal ;
    kg:extractionRule "fact:metric-value" ;
    prov:wasDerivedFrom sentence:2f12ecc62ecadb10-300 .
"""

PARK = KGR["Park/0000000000000001"]
REGION = KGR["Region/0000000000000002"]
GANFENG = KGR["Company/0000000000000003"]
BASE = KGR["Company/0000000000000004"]
LITHIUM = KGR["Industry/0000000000000006"]
FACT = KGR["Fact/00000000000000f1"]
SENTENCE = KGR["Sentence/2f12ecc62ecadb10-120"]
ASSERTION = KGR["Assertion/00000000000000a1"]
DOCUMENT = KGR["Document/2f12ecc62ecadb10"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


def sample() -> Graph:
    return Graph().parse(data=SAMPLE, format="turtle")


def query_files() -> list[Path]:
    return sorted(QUERIES.glob("*.rq"))


def kg_terms(graph: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(str(KG))}


# --- ontology -------------------------------------------------------------------------------------


def test_entity_classes_match_schema(ontology: Graph) -> None:
    expected = {KG[name] for name in vocab.ENTITY_TYPES}
    assert len(expected) == 11
    assert set(ontology.subjects(RDFS.subClassOf, KG.Entity)) == expected
    # No stray class beside the entity classes and the fact/provenance model.
    assert kg_terms(ontology, OWL.Class) == expected | MODEL_CLASSES


def test_relation_properties_match_schema(ontology: Graph) -> None:
    expected = {KG[name] for name in vocab.RELATION_NAMES}
    assert len(expected) == 12
    assert kg_terms(ontology, OWL.ObjectProperty) - NON_RELATION_OBJECT_PROPERTIES == expected
    for prop in expected:
        assert ontology.value(prop, RDFS.domain) is not None, prop
        assert ontology.value(prop, RDFS.range) is not None, prop


def test_property_characteristics(ontology: Graph) -> None:
    assert (KG.cooperatesWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert (KG.locatedIn, RDF.type, OWL.TransitiveProperty) in ontology
    assert (KG.hasFact, OWL.inverseOf, KG.subject) in ontology


def range_classes(ontology: Graph, prop: URIRef) -> set[URIRef]:
    rng = ontology.value(prop, RDFS.range)
    members = ontology.value(rng, OWL.unionOf)
    if members is None:
        return {rng}
    return set(ontology.items(members))


def test_ranges_follow_schema(ontology: Graph) -> None:
    assert range_classes(ontology, KG.chainLeaderOf) == {KG.Industry}
    assert range_classes(ontology, KG.locatedIn) == {KG.Park, KG.Region}
    assert range_classes(ontology, KG.issuedBy) == {KG.GovernmentBody, KG.Park, KG.Region}
    assert range_classes(ontology, KG.coBuilds) == {KG.ResearchInstitute, KG.Park, KG.Project}
    organisations = {KG[name] for name in vocab.ORGANISATION_TYPES} | {KG.Park, KG.Region}
    assert range_classes(ontology, KG.worksFor) == organisations
    assert range_classes(ontology, KG.cooperatesWith) == organisations


def test_every_term_is_labelled(ontology: Graph) -> None:
    terms = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        terms |= kg_terms(ontology, kind)
    assert len(terms) > 23
    for term in terms:
        langs = {label.language for label in ontology.objects(term, RDFS.label) if isinstance(label, Literal)}
        assert {"zh", "en"} <= langs, term
        comments = [c for c in ontology.objects(term, RDFS.comment) if isinstance(c, Literal) and c.language == "en"]
        assert comments, term


@pytest.mark.parametrize("name", ["kg.ttl", "shapes.ttl"])
def test_turtle_is_strict(name: str) -> None:
    # rdflib is lenient; Oxigraph's parser is not, and it is what the query tooling loads.
    pyoxigraph.Store().load(path=ONTOLOGY / name, format=pyoxigraph.RdfFormat.TURTLE)


@pytest.mark.parametrize("name", ["kg.ttl", "shapes.ttl", "chains/vocabulary.ttl", "chains/shapes.ttl"])
def test_the_ontology_files_spell_the_namespaces_as_kg_vocab_does(name: str) -> None:
    declared = dict(re.findall(r"^@prefix\s+(\w*):\s*<([^>]*)>", (ONTOLOGY / name).read_text(encoding="utf-8"), re.M))
    shared = declared.keys() & vocab.PREFIXES.keys()
    assert shared and {p: declared[p] for p in shared} == {p: vocab.PREFIXES[p] for p in shared}


def test_only_kg_vocab_spells_a_namespace() -> None:
    """Each namespace is said once: a module that needs one imports it from kg.vocab."""
    spelled = {}
    for path in sorted((ROOT / "kg").rglob("*.py")):
        if path.name != "vocab.py":
            text = path.read_text(encoding="utf-8")
            found = sorted(name for name, iri in vocab.PREFIXES.items() if iri in text)
            if found:
                spelled[str(path.relative_to(ROOT))] = found
    assert spelled == {}


def test_ontology_header(ontology: Graph) -> None:
    (header,) = ontology.subjects(RDF.type, OWL.Ontology)
    assert ontology.value(header, OWL.versionInfo) is not None
    assert ontology.value(header, RDFS.label) is not None
    assert ontology.value(header, RDFS.comment) is not None


def test_shapes_cover_every_entity_class(shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    assert {KG[name] for name in vocab.ENTITY_TYPES} <= targeted
    assert {KG.Fact, KG.RelationAssertion, KG.Sentence, KG.Document} <= targeted
    assert {KG[name] for name in vocab.RELATION_NAMES} <= set(shapes.objects(None, SH.targetSubjectsOf))


# --- SHACL ----------------------------------------------------------------------------------------


def shacl(data: Graph, shapes: Graph) -> tuple[bool, set[URIRef]]:
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none")
    focus = set(report.objects(None, SH.focusNode))
    return conforms, focus


def test_sample_conforms(shapes: Graph) -> None:
    conforms, _, text = validate(sample(), shacl_graph=shapes, inference="none")
    assert conforms, text


def test_sample_conforms_with_ontology_inference(ontology: Graph, shapes: Graph) -> None:
    # RDFS entailments from the ontology (domains, ranges, superclasses) must not create violations.
    conforms, _, text = validate(sample(), shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert conforms, text


def _without_fact_subject(g: Graph) -> None:
    g.remove((FACT, KG.subject, None))


def _chain_leader_of_region(g: Graph) -> None:
    g.add((GANFENG, KG.chainLeaderOf, REGION))


def _start_after_end(g: Graph) -> None:
    g.set((SENTENCE, KG.startOffset, Literal(500)))


def _confidence_above_one(g: Graph) -> None:
    g.set((GANFENG, KG.confidence, Literal(Decimal("1.5"))))


def _assertion_confidence_above_one(g: Graph) -> None:
    g.set((ASSERTION, KG.confidence, Literal(Decimal("1.5"))))


def _two_zh_labels(g: Graph) -> None:
    g.add((GANFENG, RDFS.label, Literal("赣锋", lang="zh")))


def _english_label_only(g: Graph) -> None:
    g.set((GANFENG, RDFS.label, Literal("Ganfeng Lithium", lang="en")))


def _region_in_park(g: Graph) -> None:
    g.add((REGION, KG.locatedIn, PARK))


def _assertion_without_edge(g: Graph) -> None:
    g.remove((GANFENG, KG.chainLeaderOf, LITHIUM))


def _assertion_unknown_predicate(g: Graph) -> None:
    g.set((ASSERTION, RDF.predicate, KG.likes))


def _assertion_without_sentence(g: Graph) -> None:
    g.remove((ASSERTION, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))


def _fact_value_as_string(g: Graph) -> None:
    g.set((FACT, KG.value, Literal("932.4")))


def _fact_without_period(g: Graph) -> None:
    g.remove((FACT, KG.period, None))


def _fact_has_fact_mismatch(g: Graph) -> None:
    g.remove((PARK, KG.hasFact, FACT))


def _sentence_without_document(g: Graph) -> None:
    g.remove((SENTENCE, KG.inDocument, None))


def _bad_sha(g: Graph) -> None:
    g.set((DOCUMENT, KG.sha256, Literal("not-a-digest")))


BREAKERS = [
    (_without_fact_subject, FACT),
    (_chain_leader_of_region, GANFENG),
    (_start_after_end, SENTENCE),
    (_confidence_above_one, GANFENG),
    (_assertion_confidence_above_one, ASSERTION),
    (_two_zh_labels, GANFENG),
    (_english_label_only, GANFENG),
    (_region_in_park, REGION),
    (_assertion_without_edge, ASSERTION),
    (_assertion_unknown_predicate, ASSERTION),
    (_assertion_without_sentence, ASSERTION),
    (_fact_value_as_string, FACT),
    (_fact_without_period, FACT),
    (_fact_has_fact_mismatch, FACT),
    (_sentence_without_document, SENTENCE),
    (_bad_sha, DOCUMENT),
]


@pytest.mark.parametrize(("breaker", "culprit"), BREAKERS, ids=[b.__name__.strip("_") for b, _ in BREAKERS])
def test_broken_sample_does_not_conform(shapes: Graph, breaker, culprit: URIRef) -> None:
    data = sample()
    breaker(data)
    conforms, focus = shacl(data, shapes)
    assert not conforms
    # The report must blame the node that was broken, not some unrelated one.
    assert culprit in focus, focus


# --- saved queries --------------------------------------------------------------------------------


def test_required_queries_exist() -> None:
    assert REQUIRED_QUERIES <= {path.stem for path in query_files()}


@pytest.mark.parametrize("path", query_files(), ids=lambda p: p.stem)
def test_query_header_and_syntax(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    assert re.match(r"# title-zh: \S", header[0]), header
    assert re.match(r"# title-en: \S", header[1]), header
    assert any(re.match(r"# description: \S", line) for line in header), header
    prepareQuery(text)


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(SAMPLE, format=pyoxigraph.RdfFormat.TURTLE)
    return store


def run(store: pyoxigraph.Store, name: str) -> list[tuple]:
    """The rows of a saved query, each term as its Python value (None when unbound)."""
    solutions = store.query((QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
    variables = solutions.variables
    return [tuple(None if row[v] is None else row[v].value for v in variables) for row in solutions]


@pytest.mark.parametrize("path", query_files(), ids=lambda p: p.stem)
def test_query_runs(store: pyoxigraph.Store, path: Path) -> None:
    run(store, path.stem)


def test_chain_leaders(store: pyoxigraph.Store) -> None:
    assert run(store, "chain-leaders") == [
        ("抚州示范汽车有限公司", "新能源汽车", None),
        ("江西赣锋锂业集团股份有限公司", "锂电", "抚州高新区"),
    ]


def test_policies(store: pyoxigraph.Store) -> None:
    assert run(store, "policies") == [
        ("1+N产业扶持政策", None, None),
        ("抚州市锂电产业发展规划", "抚州市人民政府", "GovernmentBody"),
    ]


def test_edge_evidence(store: pyoxigraph.Store) -> None:
    assert run(store, "edge-evidence") == [
        (
            "江西赣锋锂业集团股份有限公司",
            str(KG.chainLeaderOf),
            "锂电",
            "江西赣锋锂业集团股份有限公司是锂电产业链链主企业。",
            "000_2f12ecc62ecadb10.txt",
            "chainLeaderOf:链主",
            "0.85",
        ),
        (
            "赣锋锂业抚州基地",
            str(KG.locatedIn),
            "抚州高新区",
            "赣锋锂业抚州基地落户抚州高新区。",
            "000_2f12ecc62ecadb10.txt",
            "locatedIn:落户",
            "0.8",
        ),
    ]


def test_other_queries_find_the_sample(store: pyoxigraph.Store) -> None:
    assert run(store, "park-universities") == [
        ("抚州高新区", "东华理工大学", "coBuilds", "赣锋锂业抚州基地", "江西省锂电产业技术研究院"),
        ("抚州高新区", "东华理工大学", "cooperatesWith", "赣锋锂业抚州基地", None),
    ]
    assert run(store, "firm-partners") == [
        ("江西赣锋锂业集团股份有限公司", "customer", "抚州示范汽车有限公司", "Company"),
    ]
    assert run(store, "designations") == [("链主企业", "江西赣锋锂业集团股份有限公司", "Company")]
    assert run(store, "park-industries") == [("抚州高新区", "锂电", "0")]
    ranking = run(store, "park-ranking")
    assert [(row[0], row[4], row[5]) for row in ranking] == [("抚州高新区", "93240000000", "CNY")]
    facts = run(store, "entity-facts")
    assert [(row[0], row[1], row[4]) for row in facts] == [("抚州高新区", "工业营收", "2024")]
