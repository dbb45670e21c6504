"""What a comparison of two builds reads out of a store: the rows of the graph patterns kg.building.changes describes
(entities with a mention count, a type and a label; relation assertions whose ends have labels; figures with every
value and optional period bounds), read on a real Oxigraph store holding the odd cases a joined query leaves out."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.building import changes
from kg.vocab import KG, KGR, sparql_prologue

GRAPH = sparql_prologue("kg", "kgr", "rdf", "rdfs", "xsd", "prov", "dcterms").replace("PREFIX", "@prefix").replace(
    ">\n", "> .\n") + """
kgr:d1 a kg:Document ; kg:fileName "一号稿.txt" ; dcterms:issued "2024-03-01"^^xsd:date .
kgr:d2 a kg:Document ; kg:fileName "二号稿.txt" .

kgr:firm a kg:Company ; kg:mentionCount 3 ; rdfs:label "甲材料公司"@zh .
kgr:park a kg:Park ; kg:mentionCount 1 ; rdfs:label "乙园区"@zh .
kgr:nameless a kg:Company ; kg:mentionCount 1 .
kgr:uncounted a kg:Company ; rdfs:label "未计数公司"@zh .

kgr:a1 a kg:RelationAssertion ; rdf:subject kgr:firm ; rdf:predicate kg:locatedIn ; rdf:object kgr:park .
kgr:a2 a kg:RelationAssertion ; rdf:subject kgr:firm ; rdf:predicate kg:locatedIn ; rdf:object kgr:park .
kgr:a3 a kg:RelationAssertion ; rdf:subject kgr:firm ; rdf:predicate kg:cooperatesWith ; rdf:object kgr:nameless .
kgr:untyped rdf:subject kgr:park ; rdf:predicate kg:locatedIn ; rdf:object kgr:firm .

kgr:f1 a kg:Fact ; kg:subject kgr:firm ; kg:metric "营业收入"@zh ; kg:period "2023年" ; kg:value 12.5 ; kg:unit "亿元" ;
    kg:normalizedValue 1250000000 ; kg:normalizedUnit "CNY" ; kg:periodStart "2023-01-01"^^xsd:date ;
    kg:periodEnd "2023-12-31"^^xsd:date .
kgr:f2 a kg:Fact ; kg:subject kgr:firm ; kg:metric "营业收入"@zh ; kg:period "2023年" ; kg:value 13 ; kg:unit "亿元" ;
    kg:normalizedValue 1300000000 ; kg:normalizedUnit "CNY" ; kg:periodStart "2023-01-01"^^xsd:date ;
    kg:periodEnd "2023-12-31"^^xsd:date .
kgr:f3 a kg:Fact ; kg:subject kgr:park ; kg:metric "面积"@zh ; kg:period "规划" ; kg:value 8 ; kg:unit "平方公里" ;
    kg:normalizedValue 8 ; kg:normalizedUnit "km2" .
kgr:f4 a kg:Fact ; kg:subject kgr:park ; kg:metric "投资"@zh ; kg:period "近期" ; kg:value 5 ;
    kg:normalizedValue 500000000 ; kg:normalizedUnit "CNY" .
kgr:f5 a kg:Fact ; kg:subject kgr:nameless ; kg:metric "产值"@zh ; kg:period "2022年" ; kg:value 1 ; kg:unit "亿元" ;
    kg:normalizedValue 100000000 ; kg:normalizedUnit "CNY" .
kgr:notfact kg:subject kgr:park ; kg:metric "人数"@zh ; kg:period "2022年" ; kg:value 9 ; kg:unit "人" ;
    kg:normalizedValue 9 ; kg:normalizedUnit "person" .
"""
R = KGR


def store_of(tmp_path: Path) -> ox.Store:
    store = ox.Store(str(tmp_path / "store"))
    store.load(GRAPH.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    store.flush()
    return store


def test_the_snapshot_holds_the_rows_of_its_graph_patterns(tmp_path: Path) -> None:
    snapshot = changes._snapshot(store_of(tmp_path))
    assert snapshot["documents"] == {R + "d1": {"file": "一号稿.txt", "issued": "2024-03-01"},
                                     R + "d2": {"file": "二号稿.txt", "issued": None}}
    # Without a label or a mention count an entity is not one the comparison reads.
    assert snapshot["entities"] == {R + "firm": {"iri": R + "firm", "type": "Company", "label": "甲材料公司"},
                                    R + "park": {"iri": R + "park", "type": "Park", "label": "乙园区"}}
    # Two assertions of one edge are one relation; an end without a label, or a node not typed as an assertion,
    # gives none.
    assert snapshot["relations"] == {(R + "firm", KG + "locatedIn", R + "park"): {
        "head": "甲材料公司", "relation": "locatedIn", "tail": "乙园区",
        "head_iri": R + "firm", "tail_iri": R + "park"}}
    figures = snapshot["figures"]
    # One key for the two values of one figure (by its interval), one without bounds (by its period as written);
    # a figure without a unit, one whose subject has no label and a node not typed kg:Fact are left out.
    assert sorted(figures) == [(R + "firm", "营业收入", "2023-01-01/2023-12-31"), (R + "park", "面积", "规划")]
    revenue = figures[(R + "firm", "营业收入", "2023-01-01/2023-12-31")]
    assert revenue == {"subject": "甲材料公司", "subject_iri": R + "firm", "metric": "营业收入", "period": "2023年",
                       "interval": "2023-01-01/2023-12-31", "values": ["12.5 亿元", "13 亿元"],
                       "normalized": ["1250000000 CNY", "1300000000 CNY"]}
    assert figures[(R + "park", "面积", "规划")]["interval"] is None


def test_a_store_compared_with_itself_changes_nothing_and_with_none_everything(tmp_path: Path) -> None:
    store_of(tmp_path)  # written and closed, then read as a build reads it
    same = changes.compare_stores(tmp_path / "store", tmp_path / "store")
    assert same["previous"] is True
    assert all(n == 0 for counts in same["counts"].values() for n in counts.values())
    first = changes.compare_stores(None, tmp_path / "store")
    assert first["previous"] is False
    assert first["counts"]["entities"]["added"] == 2 and first["counts"]["figures"]["added"] == 2
    # Read beforehand (as --jobs 2 reads the store a build replaces while the new one loads), the same comparison.
    assert changes.compare_stores(None, tmp_path / "store", previous=changes.read_previous(tmp_path / "store")) == same
