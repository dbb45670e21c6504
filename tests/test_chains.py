"""Industrial chains: the SKOS chain model (ontology/chains), placing firms and industries on its links, `kg chain`."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import RDF, SH, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

ROOT = Path(__file__).resolve().parents[1]
CHAINS = ROOT / "ontology" / "chains"
KGCH = Namespace("https://w3id.org/kg-industry/chain#")
NEV = Namespace("https://w3id.org/kg-industry/chain/new-energy-vehicle/")
NEV_CHAIN = URIRef("https://w3id.org/kg-industry/chain/new-energy-vehicle")

# The chains the issue asks for, by their Chinese name (prefLabel or altLabel).
REQUIRED_CHAINS = ["新能源汽车", "动力电池", "锂电", "光伏", "储能", "集成电路", "新型显示", "生物医药", "医疗器械",
                   "工程机械", "低空经济", "稀土", "新材料", "电子信息"]


def chain_files() -> list[Path]:
    return sorted(p for p in CHAINS.glob("*.ttl") if p.name != "shapes.ttl")


def chain_graph(*names: str) -> Graph:
    """The chain files named (all when none), parsed into one graph."""
    graph = Graph()
    for path in chain_files():
        if names and path.name not in names:
            continue
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def chains() -> Graph:
    return chain_graph()


@pytest.fixture(scope="module")
def chain_shapes() -> Graph:
    return Graph().parse(CHAINS / "shapes.ttl", format="turtle")


# --- the chain model ------------------------------------------------------------------------------


def zh_labels(graph: Graph, node: URIRef, *properties: URIRef) -> set[str]:
    return {str(o) for p in properties for o in graph.objects(node, p) if isinstance(o, Literal) and o.language == "zh"}


def test_required_chains_are_there(chains: Graph) -> None:
    schemes = set(chains.subjects(RDF.type, KGCH.Chain))
    assert len(schemes) >= 12
    names = set().union(*(zh_labels(chains, s, SKOS.prefLabel, SKOS.altLabel) for s in schemes))
    assert set(REQUIRED_CHAINS) <= names, set(REQUIRED_CHAINS) - names


def test_every_chain_has_segments_ordered_links_and_a_source(chains: Graph) -> None:
    for scheme in chains.subjects(RDF.type, KGCH.Chain):
        segments = {s: int(chains.value(s, KGCH.order)) for s in chains.subjects(SKOS.topConceptOf, scheme)}
        assert sorted(zh_labels(chains, s, SKOS.prefLabel).pop() for s in segments) == ["上游", "下游", "中游"]
        links = [link for link in chains.subjects(SKOS.inScheme, scheme) if (link, RDF.type, KGCH.Link) in chains]
        assert len(links) >= 8, scheme
        ordered = sorted(links, key=lambda link: int(chains.value(link, KGCH.order)))
        assert [int(chains.value(link, KGCH.order)) for link in ordered] == list(range(1, len(links) + 1))
        segment_orders = [segments[chains.value(link, SKOS.broader)] for link in ordered]
        assert segment_orders == sorted(segment_orders) and set(segment_orders) == {1, 2, 3}, scheme
        assert len(str(chains.value(scheme, DCTERMS.source))) > 20
        assert chains.value(chains.value(scheme, KGCH.coreLink), SKOS.inScheme) == scheme
        for node in [scheme, *links]:
            langs = sorted(label.language for label in chains.objects(node, SKOS.prefLabel))
            assert langs == ["en", "zh"], node


def test_chain_counts_and_labels(chains: Graph) -> None:
    assert len(list(chains.subjects(RDF.type, KGCH.Chain))) == 12
    assert len(list(chains.subjects(RDF.type, KGCH.Link))) == 113
    assert zh_labels(chains, NEV.separator, SKOS.prefLabel) == {"隔膜"}
    assert "锂电隔膜" in zh_labels(chains, NEV.separator, SKOS.altLabel)
    assert "隔膜" in zh_labels(chains, NEV.separator, SKOS.hiddenLabel)
    assert chains.value(NEV_CHAIN, KGCH.coreLink) == NEV.vehicle
    assert chains.value(NEV.vehicle, KGCH.supplierLink) == NEV.parts
    assert int(chains.value(NEV.lithium, KGCH.order)) == 1


@pytest.mark.parametrize("path", chain_files() + [CHAINS / "shapes.ttl"], ids=lambda p: p.name)
def test_chain_turtle_is_strict(path: Path) -> None:
    pyoxigraph.Store().load(path=path, format=pyoxigraph.RdfFormat.TURTLE)


def test_chains_conform(chains: Graph, chain_shapes: Graph) -> None:
    conforms, _, text = validate(chains, shacl_graph=chain_shapes, inference="none")
    assert conforms, text


def _link_without_english(g: Graph) -> URIRef:
    g.remove((NEV.separator, SKOS.prefLabel, Literal("Separators", lang="en")))
    return NEV.separator


def _duplicate_order(g: Graph) -> URIRef:
    g.set((NEV.anode, KGCH.order, Literal(2)))
    return NEV_CHAIN


def _downstream_before_upstream(g: Graph) -> URIRef:
    g.set((NEV.lithium, SKOS.broader, NEV.downstream))
    return NEV_CHAIN


def _too_few_links(g: Graph) -> URIRef:
    for link in list(g.subjects(SKOS.inScheme, NEV_CHAIN)):
        if (link, RDF.type, KGCH.Link) in g and int(g.value(link, KGCH.order)) > 7:
            g.remove((link, SKOS.inScheme, NEV_CHAIN))
    return NEV_CHAIN


def _no_source(g: Graph) -> URIRef:
    g.remove((NEV_CHAIN, DCTERMS.source, None))
    return NEV_CHAIN


def _english_alt_label(g: Graph) -> URIRef:
    g.add((NEV.separator, SKOS.altLabel, Literal("separator film", lang="en")))
    return NEV.separator


@pytest.mark.parametrize("breaker", [_link_without_english, _duplicate_order, _downstream_before_upstream,
                                     _too_few_links, _no_source, _english_alt_label],
                         ids=lambda b: b.__name__.strip("_"))
def test_broken_chain_does_not_conform(chain_shapes: Graph, breaker) -> None:
    data = chain_graph("new-energy-vehicle.ttl")  # one chain is enough and keeps SHACL quick
    culprit = breaker(data)
    conforms, report, _ = validate(data, shacl_graph=chain_shapes, inference="none")
    assert not conforms
    assert culprit in set(report.objects(None, SH.focusNode))
