"""The network page: read from a real oxigraph store, written once, opened offline in real headless Chromium."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, wait_until_drawn, watched_page

from kg.viz import (
    Network,
    NetworkEdge,
    NetworkFact,
    NetworkNode,
    ViewError,
    draw_store_page,
    filter_network,
    find_nodes,
    most_connected,
    neighbourhood,
    network_from_store,
    parse_types,
    render_network_html,
    select_view,
    size_metrics,
    write_network_html,
)
from kg.viz.labels import RELATION_LABELS, TYPE_NAMES
from kg.viz.layout import layout_positions
from kg.viz.page import LARGE_GRAPH_EDGES
from kg.viz.styles import TYPE_STYLES
from kg.vocab import ENTITY_TYPES, RELATION_NAMES

HOSTILE = "<script>alert(1)</script>"
HOSTILE_SENTENCE = "<img src=x onerror=alert(2)>向江西赣锋锂业集团股份有限公司供应正极材料。"
R = "https://w3id.org/kg-industry/resource/"
DOC_A = "2f12ecc62ecadb10"
DOC_B = "ee9b7df723eab218"
FILE_A = "000_2f12ecc62ecadb10.txt"
FILE_B = "001_ee9b7df723eab218.txt"

ENTITIES = """
kgr:Park/p1 a kg:Park ; rdfs:label "抚州高新技术产业开发区"@zh ; skos:prefLabel "抚州高新技术产业开发区"@zh ;
    skos:altLabel "抚州高新区"@zh ; kg:confidence "0.95"^^xsd:decimal ; kg:mentionCount 4 .
kgr:Company/c1 a kg:Company ; rdfs:label "江西赣锋锂业集团股份有限公司"@zh ;
    skos:altLabel "赣锋锂业"@zh, "赣锋"@zh ; kg:confidence "0.9"^^xsd:decimal .
kgr:Company/c2 a kg:Company ; rdfs:label "抚州赣锋锂电科技有限公司"@zh ; kg:confidence "0.8"^^xsd:decimal .
kgr:Company/c3 a kg:Company ; rdfs:label "<script>alert(1)</script>"@zh ; kg:confidence "0.5"^^xsd:decimal .
kgr:University/u1 a kg:University ; rdfs:label "东华理工大学"@zh ; kg:confidence "0.9"^^xsd:decimal .
kgr:ResearchInstitute/r1 a kg:ResearchInstitute ; rdfs:label "江西省新能源汽车研究院"@zh ;
    kg:confidence "0.7"^^xsd:decimal .
kgr:GovernmentBody/g1 a kg:GovernmentBody ; rdfs:label "抚州市人民政府"@zh ; kg:confidence "0.9"^^xsd:decimal .
kgr:Region/rg a kg:Region ; rdfs:label "抚州市"@zh ; kg:confidence "1.0"^^xsd:decimal .
kgr:Policy/po a kg:Policy ; rdfs:label "抚州市促进新能源汽车产业发展若干措施"@zh ; kg:confidence "0.6"^^xsd:decimal .
kgr:Industry/i1 a kg:Industry ; rdfs:label "新能源汽车"@zh ; kg:confidence "0.9"^^xsd:decimal .
kgr:Project/pj a kg:Project ; rdfs:label "轻合金创新中心及中试线项目"@zh ; kg:confidence "0.75"^^xsd:decimal .
kgr:Person/pe a kg:Person ; rdfs:label "张伟"@zh .
kgr:Designation/d1 a kg:Designation ; rdfs:label "国家级高新技术产业开发区"@zh ; kg:confidence "0.8"^^xsd:decimal .
kgr:Document/d_a a kg:Document, prov:Entity ; kg:fileName "000_2f12ecc62ecadb10.txt" ; kg:encoding "utf-8" .
kgr:Document/d_b a kg:Document, prov:Entity ; kg:fileName "001_ee9b7df723eab218.txt" ; kg:encoding "utf-8" .
"""

# (subject, relation, object, [(document, start, sentence, confidence), ...]); no row = a triple with no assertion.
RELATIONS: list[tuple[str, str, str, list[tuple[str, int, str, float]]]] = [
    ("Park/p1", "locatedIn", "Region/rg", [("d_a", 10, "抚州高新区位于抚州市。", 0.9)]),
    ("Company/c2", "subsidiaryOf", "Company/c1", [("d_a", 40, "抚州赣锋锂电是赣锋锂业的全资子公司。", 0.8)]),
    (
        "Company/c1",
        "chainLeaderOf",
        "Industry/i1",
        [
            ("d_b", 5, "赣锋锂业是新能源汽车产业链链主企业。", 0.85),
            ("d_a", 70, "赣锋作为链主带动新能源汽车集聚。", 0.9),
        ],
    ),
    ("Park/p1", "focusesOn", "Industry/i1", [("d_a", 100, "抚州高新区聚焦新能源汽车产业。", 0.8)]),
    ("Company/c1", "cooperatesWith", "University/u1", [("d_b", 30, "赣锋锂业与东华理工大学开展合作。", 0.7)]),
    ("University/u1", "cooperatesWith", "Company/c1", [("d_b", 60, "东华理工大学与赣锋锂业签署合作协议。", 0.75)]),
    (
        "University/u1",
        "coBuilds",
        "ResearchInstitute/r1",
        [("d_b", 90, "东华理工大学共建江西省新能源汽车研究院。", 0.7)],
    ),
    ("Company/c1", "investsIn", "Project/pj", [("d_a", 130, "赣锋锂业投资轻合金创新中心及中试线项目。", 0.8)]),
    ("ResearchInstitute/r1", "undertakes", "Project/pj", [("d_a", 160, "研究院承担轻合金创新中心及中试线项目。", 0.7)]),
    ("Policy/po", "issuedBy", "GovernmentBody/g1", [("d_b", 120, "抚州市人民政府印发若干措施。", 0.9)]),
    ("Company/c3", "suppliesTo", "Company/c1", [("d_b", 150, HOSTILE_SENTENCE, 0.6)]),
    ("Person/pe", "worksFor", "Company/c1", [("d_b", 190, "张伟任赣锋锂业董事长。", 0.8)]),
    ("Park/p1", "hasDesignation", "Designation/d1", []),
]

REVENUE_SENTENCE = "赣锋锂业2023年实现营收428.5亿元，同比增长12.5%。"
# (subject, metric, value, unit, normalised value, normalised unit, period, confidence, document, start, sentence)
FACTS: list[tuple[str, str, str, str, str, str, str, float, str, int, str]] = [
    ("Park/p1", "工业营收", "932.4", "亿元", "93240000000", "CNY", "2024", 0.8, "d_a", 200,
     "2024年抚州高新区实现工业营收932.4亿元。"),
    ("Company/c1", "营收", "428.5", "亿元", "42850000000", "CNY", "2023", 0.85, "d_b", 220, REVENUE_SENTENCE),
    ("Company/c1", "同比增长", "12.5", "%", "12.5", "percent", "2023", 0.7, "d_b", 220, REVENUE_SENTENCE),
    ("Company/c2", "营收", "35", "亿元", "3500000000", "CNY", "", 0.6, "d_a", 240, "抚州赣锋锂电营收35亿元。"),
]


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@zh'


def graph_turtle() -> str:
    """The test graph in the MODEL.md shape: entities, direct relation triples and their reified assertions."""
    lines = [
        "@prefix kg: <https://w3id.org/kg-industry/ontology#> .",
        f"@prefix kgr: <{R}> .",
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        ENTITIES,
    ]
    docs = {"d_a": DOC_A, "d_b": DOC_B}
    for n, (subject, relation, obj, assertions) in enumerate(RELATIONS):
        lines.append(f"kgr:{subject} kg:{relation} kgr:{obj} .")
        for m, (doc, start, text, confidence) in enumerate(assertions):
            sentence = f"kgr:Sentence/{docs[doc]}-{start}"
            lines.append(
                f"kgr:Assertion/{n:08x}{m:08x} a rdf:Statement, kg:RelationAssertion ;\n"
                f"    rdf:subject kgr:{subject} ; rdf:predicate kg:{relation} ; rdf:object kgr:{obj} ;\n"
                f'    kg:confidence "{confidence}"^^xsd:decimal ; kg:extractionRule "{relation}:test" ;\n'
                f"    prov:wasDerivedFrom {sentence} .\n"
                f"{sentence} a kg:Sentence, prov:Entity ; kg:text {_literal(text)} ;\n"
                f"    kg:startOffset {start} ; kg:endOffset {start + len(text)} ; kg:inDocument kgr:Document/{doc} ."
            )
    for n, (subject, metric, value, unit, norm, norm_unit, period, confidence, doc, start, text) in enumerate(FACTS):
        sentence = f"kgr:Sentence/{docs[doc]}-{start}"
        lines.append(
            f"kgr:Fact/{n:016x} a kg:Fact ; kg:subject kgr:{subject} ; kg:metric {_literal(metric)} ;\n"
            f'    kg:value "{value}"^^xsd:decimal ; kg:unit "{unit}" ; kg:normalizedValue "{norm}"^^xsd:decimal ;\n'
            f'    kg:normalizedUnit "{norm_unit}" ; kg:period "{period}" ;\n'
            f'    kg:confidence "{confidence}"^^xsd:decimal ; kg:extractionRule "fact:test" ;\n'
            f"    prov:wasDerivedFrom {sentence} .\n"
            f"kgr:{subject} kg:hasFact kgr:Fact/{n:016x} .\n"
            f"{sentence} a kg:Sentence, prov:Entity ; kg:text {_literal(text)} ;\n"
            f"    kg:startOffset {start} ; kg:endOffset {start + len(text)} ; kg:inDocument kgr:Document/{doc} ."
        )
    # Turtle does not allow "/" in a prefixed name (MODEL.md's `kgr:Company/…` is shorthand), so write full IRIs.
    return re.sub(r"kgr:([A-Za-z]+/[\w-]+)", rf"<{R}\1>", "\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def network() -> Network:
    store = pyoxigraph.Store()
    store.load(graph_turtle().encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    return network_from_store(store)


def _node(network: Network, iri_tail: str) -> NetworkNode:
    return next(n for n in network.nodes if n.id == R + iri_tail)


def _edge(network: Network, relation: str) -> NetworkEdge:
    return next(e for e in network.edges if e.relation == relation)


def test_styles_cover_the_model() -> None:
    assert set(TYPE_STYLES) == set(ENTITY_TYPES)
    assert len(set(TYPE_STYLES.values())) == len(ENTITY_TYPES)
    assert len({shape for shape, _ in TYPE_STYLES.values()}) == len(ENTITY_TYPES)
    assert len({colour for _, colour in TYPE_STYLES.values()}) == len(ENTITY_TYPES)
    for lang in ("zh", "en"):
        assert set(TYPE_NAMES[lang]) == set(ENTITY_TYPES)
        assert set(RELATION_LABELS[lang]) == set(RELATION_NAMES)


def test_network_from_store(network: Network) -> None:
    assert len(network.nodes) == 13
    assert {n.type for n in network.nodes} == set(ENTITY_TYPES)
    assert [n.id for n in network.nodes] == sorted(n.id for n in network.nodes)

    c1 = _node(network, "Company/c1")
    assert (c1.label, c1.type, c1.aliases, c1.confidence) == (
        "江西赣锋锂业集团股份有限公司",
        "Company",
        ["赣锋", "赣锋锂业"],
        0.9,
    )
    park = _node(network, "Park/p1")
    assert park.aliases == ["抚州高新区"]  # the prefLabel equal to the label is not an alias
    assert _node(network, "Person/pe").confidence == 1.0  # no kg:confidence: asserted, not extracted
    assert _node(network, "Company/c3").label == HOSTILE

    # Twelve relation types; the two directions of the symmetric cooperatesWith become one edge.
    assert len(network.edges) == 12
    assert {e.relation for e in network.edges} == set(RELATION_NAMES)
    keys = [(e.source, e.relation, e.target) for e in network.edges]
    assert keys == sorted(keys)
    cooperation = _edge(network, "cooperatesWith")
    assert [text for text, _ in cooperation.evidence] == [
        "赣锋锂业与东华理工大学开展合作。",
        "东华理工大学与赣锋锂业签署合作协议。",
    ]
    assert cooperation.confidence == 0.75

    leader = _edge(network, "chainLeaderOf")
    assert (leader.source, leader.target) == (R + "Company/c1", R + "Industry/i1")
    assert leader.confidence == 0.9  # the best of its assertions
    assert leader.evidence == [
        ("赣锋作为链主带动新能源汽车集聚。", FILE_A),
        ("赣锋锂业是新能源汽车产业链链主企业。", FILE_B),
    ]
    assert _edge(network, "suppliesTo").evidence == [(HOSTILE_SENTENCE, FILE_B)]
    designation = _edge(network, "hasDesignation")
    assert (designation.evidence, designation.confidence) == ([], 1.0)


def test_network_reads_named_graphs() -> None:
    """`kg build` may load into a named graph; the page must not come out empty then."""
    store = pyoxigraph.Store()
    graph = pyoxigraph.NamedNode("https://example.org/g")
    store.load(graph_turtle().encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE, to_graph=graph)
    found = network_from_store(store)
    assert (len(found.nodes), len(found.edges)) == (13, 12)


def test_page_is_self_contained_and_escaped(network: Network) -> None:
    page = render_network_html(network)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"<(script|img|iframe)\b[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert "Content-Security-Policy" in page
    assert HOSTILE not in page and "<img src=x" not in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "vis.Network" in page and "Noto Sans CJK SC" in page
    for name in TYPE_NAMES["zh"].values():
        assert f'<span class="kg-type-name">{name}</span>' in page
    for label in RELATION_LABELS["zh"].values():
        assert f'"label":"{label}"' in page


def test_english_page(network: Network) -> None:
    page = render_network_html(network, lang="en")
    assert '<html lang="en">' in page
    assert '"label":"chain leader of"' in page and '"label":"链主"' not in page
    assert '<span class="kg-type-name">Research institute</span>' in page
    with pytest.raises(ValueError):
        render_network_html(network, lang="fr")


def test_write_is_atomic_and_deterministic(network: Network, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "graph.html", tmp_path / "b" / "graph.html"
    write_network_html(network, first)
    write_network_html(network, second)
    assert first.read_bytes() == second.read_bytes()
    before = first.read_bytes()
    write_network_html(network, first)  # overwrite in place
    assert first.read_bytes() == before
    assert sorted(p.name for p in first.parent.iterdir()) == ["graph.html"]  # no temporary file left behind
    assert first.stat().st_mode & 0o044  # readable like any new file, not mkstemp's 0600


def test_empty_and_isolated(tmp_path: Path) -> None:
    write_network_html(Network([], []), tmp_path / "empty.html")
    assert "图中没有实体。" in (tmp_path / "empty.html").read_text(encoding="utf-8")
    lonely = Network([NetworkNode(f"n{i}", f"孤点{i}", "Region", [], 1.0) for i in range(5)], [])
    positions = layout_positions(lonely)
    assert len(set(positions.values())) == 5  # isolated entities are spread out, not stacked


def test_layout_of_a_large_graph() -> None:
    """600 nodes is past networkx's dense spring_layout; it must still lay out (with or without scipy)."""
    nodes = [NetworkNode(f"n{i:04d}", f"节点{i}", ENTITY_TYPES[i % 11], [], 1.0) for i in range(600)]
    edges = [NetworkEdge(f"n{i:04d}", f"n{(i * 7 + 1) % 560:04d}", "locatedIn", 1.0, []) for i in range(560)]
    big = Network(nodes, edges)
    positions = layout_positions(big)
    assert set(positions) == {n.id for n in nodes}
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in positions.values())
    assert len(set(positions.values())) > 590
    assert layout_positions(big) == positions


def node_on_screen(page: Any, node_id: str) -> tuple[float, float]:
    """Centre the view on a node and return where it is on the screen, for the mouse."""
    point = page.evaluate(
        """(id) => {
            const net = window.kgNetwork;
            const p = net.getPositions([id])[id];
            net.moveTo({position: p, scale: 1.0, animation: false});
            return net.canvasToDOM(p);
        }""",
        node_id,
    )
    box = page.locator("#kg-network canvas").bounding_box()
    assert box is not None
    return box["x"] + point["x"], box["y"] + point["y"]


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
def test_page_in_headless_chromium(network: Network, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_network_html(network, path)
    url = path.as_uri()
    hostile_id = R + "Company/c3"
    supply = next(i for i, e in enumerate(network.edges) if e.relation == "suppliesTo")

    with watched_page(url, viewport={"width": 1280, "height": 800}) as watched:
        page = watched.page
        wait_until_drawn(page, 20_000)

        ids = page.evaluate("window.kgNodes.getIds()")
        positions = page.evaluate("window.kgNetwork.getPositions()")
        assert sorted(ids) == sorted(n.id for n in network.nodes)
        assert set(positions) == set(ids) and len(positions) == len(network.nodes)
        assert page.evaluate("window.kgEdges.length") == len(network.edges)
        assert page.evaluate("(id) => window.kgNodes.get(id).label", hostile_id) == HOSTILE

        legend = page.inner_text("#kg-legend")
        for name in TYPE_NAMES["zh"].values():
            assert name in legend
        assert page.locator("#kg-legend li").count() == len(ENTITY_TYPES)
        assert page.locator("script").count() == 2  # vis-network and the page's own; nothing injected

        # Hover the hostile node: its name shows as text in the tooltip.
        x, y = node_on_screen(page, hostile_id)
        page.mouse.move(x - 30, y - 30)
        page.mouse.move(x, y, steps=4)
        page.wait_for_function(
            "(text) => { const t = document.querySelector('div.vis-tooltip');"
            " return !!t && t.style.visibility !== 'hidden' && t.innerText.includes(text); }",
            arg=HOSTILE,
            timeout=10_000,
        )
        tooltip = page.inner_text("div.vis-tooltip")
        assert "企业" in tooltip and "0.50" in tooltip

        # Hover the edge whose sentence is hostile, moved to an empty spot: relation, sentence and file show.
        box = page.locator("#kg-network canvas").bounding_box()
        assert box is not None
        point = page.evaluate(
            """(id) => {
                const net = window.kgNetwork;
                const edge = window.kgEdges.get(id);
                net.moveNode(edge.from, 20000, 20000);
                net.moveNode(edge.to, 20400, 20000);
                net.moveTo({position: {x: 20200, y: 20000}, scale: 1.0, animation: false});
                return net.canvasToDOM({x: 20200, y: 20000});
            }""",
            f"e{supply}",
        )
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"] - 40)
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=4)
        page.wait_for_function(
            "(text) => { const t = document.querySelector('div.vis-tooltip');"
            " return !!t && t.style.visibility !== 'hidden' && t.innerText.includes(text); }",
            arg=HOSTILE_SENTENCE,
            timeout=10_000,
        )
        tooltip = page.inner_text("div.vis-tooltip")
        assert "供应" in tooltip and FILE_B in tooltip and HOSTILE in tooltip
        assert page.locator("div.vis-tooltip script, div.vis-tooltip img").count() == 0
        page.wait_for_timeout(200)  # let any injected handler (onerror) fire before judging

    assert watched.dialogs == []
    assert watched.problems == []
    assert watched.requests and all(r == url or r.startswith("data:") for r in watched.requests), watched.requests


# ---------------------------------------------------------------------------------------------------- facts, views

C1, C2, C3 = R + "Company/c1", R + "Company/c2", R + "Company/c3"
FULL_NAME = "江西赣锋锂业集团股份有限公司"


def _page_data(page: str, name: str) -> Any:
    """A JSON constant of the page's script (`const NAME = {...};`)."""
    match = re.search(rf"^  const {name} = (.*);$", page, re.MULTILINE)
    assert match, name
    return json.loads(match.group(1))


def test_facts_are_read_with_their_sentences(network: Network) -> None:
    c1 = _node(network, "Company/c1")
    assert c1.facts == [
        NetworkFact("同比增长", "12.5", "%", "2023", 12.5, "percent", 0.7, [(REVENUE_SENTENCE, FILE_B)]),
        NetworkFact("营收", "428.5", "亿元", "2023", 42850000000.0, "CNY", 0.85, [(REVENUE_SENTENCE, FILE_B)]),
    ]
    assert [f.metric for f in _node(network, "Park/p1").facts] == ["工业营收"]
    assert _node(network, "Region/rg").facts == []
    assert size_metrics(network) == [
        {"name": "营收", "unit": "CNY", "count": 2},
        {"name": "同比增长", "unit": "percent", "count": 1},
        {"name": "工业营收", "unit": "CNY", "count": 1},
    ]


def test_find_nodes_by_name_alias_or_unique_part(network: Network) -> None:
    for name in (FULL_NAME, "赣锋", "赣锋锂业", " 赣锋 ", "江西赣锋锂业集团"):
        assert [n.id for n in find_nodes(network, name)] == [C1], name
    assert [n.id for n in find_nodes(network, "ＳＣＲＩＰＴ>alert(1)")] == [C3]  # NFKC and case folded
    with pytest.raises(ViewError, match="no entity named '不存在'"):
        find_nodes(network, "不存在")
    with pytest.raises(ViewError, match="part of 2 entities' names"):
        find_nodes(network, "锂")


def test_parse_types() -> None:
    assert parse_types("Company,park") == ["Company", "Park"]
    assert parse_types("企业，园区、Company") == ["Company", "Park"]
    with pytest.raises(ViewError, match="unknown entity type 'Firm'"):
        parse_types("Company,Firm")
    with pytest.raises(ViewError):
        parse_types(" , ")


def test_filters_and_neighbourhoods(network: Network) -> None:
    firms = filter_network(network, ["Company"])
    assert sorted(n.id for n in firms.nodes) == [C1, C2, C3]
    assert sorted(e.relation for e in firms.edges) == ["subsidiaryOf", "suppliesTo"]
    confident = filter_network(network, None, 0.65)
    assert C3 not in {n.id for n in confident.nodes}  # node confidence 0.5
    assert "suppliesTo" not in {e.relation for e in confident.edges}
    assert all(e.confidence >= 0.65 for e in confident.edges)

    one = neighbourhood(network, [C2], 1)
    assert sorted(n.id for n in one.nodes) == [C1, C2]
    two = neighbourhood(network, [C2], 2)
    assert {n.id.removeprefix(R) for n in two.nodes} == {
        "Company/c1", "Company/c2", "Company/c3", "Industry/i1", "University/u1", "Project/pj", "Person/pe",
    }
    # The outer ring's own edges (i1-p1 would need depth 3; u1-r1, pj-r1 lead out) are not part of it.
    assert all(C1 in (e.source, e.target) or C2 in (e.source, e.target) for e in two.edges)


def test_select_view(network: Network) -> None:
    sub, view = select_view(network, focus="赣锋", depth=1)
    assert view.focus == [C1] and view.depth == 1
    assert view.note == f"以「{FULL_NAME}」为中心的 1 跳子图"
    assert len(sub.nodes) == 7 and all(C1 in (e.source, e.target) for e in sub.edges)
    sub, view = select_view(network, types=["Company", "Industry"], min_confidence=0.7, lang="en")
    assert {n.type for n in sub.nodes} == {"Company", "Industry"}
    assert view.note == "types: Company, Industry · confidence ≥ 0.7"
    with pytest.raises(ViewError, match="left out by --types"):
        select_view(network, focus=FULL_NAME, types=["Park"])
    with pytest.raises(ViewError, match="no entity named"):
        select_view(network, focus="比亚迪")


def test_focused_page_names_its_view(network: Network) -> None:
    sub, view = select_view(network, focus="赣锋", depth=2)
    page = render_network_html(sub, view=view)
    assert f'<span id="kg-view-note">以「{FULL_NAME}」为中心的 2 跳子图</span>' in page
    assert f'"focus":["{C1}"]' in page
    assert render_network_html(sub, view=view) == page
    assert '<option value="营收">营收 (2)</option>' in page  # size by a figure the graph has


def test_a_graph_over_the_node_limit_is_drawn_as_its_most_connected_entities(network: Network,
                                                                             tmp_path: Path) -> None:
    degree = {n.id: sum(n.id in (e.source, e.target) for e in network.edges) for n in network.nodes}
    sub, view = select_view(network, max_nodes=4, lang="en")
    assert len(sub.nodes) == 4 and view.note == f"the 4 most connected of {len(network.nodes)} entities; " \
        "kg viz --focus NAME draws any other"
    # The best connected, ties broken by IRI; only edges between drawn entities.
    ranked = sorted(degree, key=lambda i: (-degree[i], i))
    assert [n.id for n in sub.nodes] == sorted(ranked[:4])
    assert all(min(degree[i] for i in ranked[:4]) >= degree[i] for i in ranked[4:])
    assert sub.edges and all(e.source in ranked[:4] and e.target in ranked[:4] for e in sub.edges)
    assert select_view(network)[0] == network and select_view(network)[1].note == ""  # under the limit: whole
    with pytest.raises(ViewError, match="--max-nodes must be 1 or more"):
        select_view(network, max_nodes=0)
    # The build's page, read from the store with only those entities' details, is the same page.
    store_dir = tmp_path / "store"
    store = pyoxigraph.Store(str(store_dir))
    store.load(graph_turtle().encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    del store
    for limit in (4, 7, 1000):
        draw_store_page(store_dir, tmp_path / "drawn.html", lang="en", max_nodes=limit)
        shown, view = select_view(network, max_nodes=limit, lang="en")
        assert (tmp_path / "drawn.html").read_text(encoding="utf-8") == render_network_html(shown, "en", view)
    assert most_connected(network, 4) == sub


def test_large_graph_page_draws_light() -> None:
    """Past LARGE_GRAPH_EDGES the edges carry no label (shown on focus) and parallel edges are not curved."""
    count = 300
    nodes = [NetworkNode(f"n{i:04d}", f"节点{i}", ENTITY_TYPES[i % 11], [], 1.0) for i in range(count)]
    pairs = {(i, (i * 7 + k) % count) for i in range(count) for k in range(1, 9)}
    # Both directions of some pairs: parallel edges, which a small page would curve apart.
    pairs |= {(b, a) for a, b in sorted(pairs)[:50]}
    edges = [NetworkEdge(f"n{a:04d}", f"n{b:04d}", "locatedIn", 0.8, []) for a, b in sorted(pairs) if a != b]
    assert len(edges) > LARGE_GRAPH_EDGES
    page = render_network_html(Network(nodes, edges))
    drawn = _page_data(page, "edgeData")
    assert all(e["kgLabel"] == "位于" and "label" not in e and "smooth" not in e for e in drawn)
    options = _page_data(page, "options")
    assert options["interaction"]["hideEdgesOnDrag"] and not options["physics"]["enabled"]
    assert options["physics"]["stabilization"]["enabled"] is False and _page_data(page, "C")["large"] is True
    small = _page_data(render_network_html(Network(nodes, edges[:100])), "edgeData")
    assert all(e["label"] == "位于" for e in small)


# -------------------------------------------------------------------------------------------- the page in a browser


class Session:
    """One offline page in headless Chromium, recording every request, dialog and script error it causes."""

    def __init__(self, browser: object, path: Path) -> None:
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.problems: list[str] = []
        self.context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})  # type: ignore
        page = self.context.new_page()
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("console", lambda msg: self.problems.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.goto(self.url)
        page.wait_for_function("() => window.kgDrawn === true && !!document.querySelector('#kg-network canvas')")
        self.page = page

    def hidden(self, ids: list[str], kind: str = "Nodes") -> list[bool]:
        return self.page.evaluate(f"(ids) => ids.map((id) => !!window.kg{kind}.get(id).hidden)", ids)

    def undimmed(self) -> set[str]:
        return set(self.page.evaluate("window.kgNodes.getIds({filter: (n) => !n.hidden && !n.kgDim})"))

    def click_node(self, node_id: str) -> None:
        """Bring the node to the middle of the canvas and click it with the mouse."""
        self.page.mouse.click(*node_on_screen(self.page, node_id))

    def close(self) -> None:
        self.page.wait_for_timeout(100)  # let any injected handler (onerror) fire before judging
        self.context.close()
        assert self.dialogs == []
        assert self.problems == []
        assert self.requests == [self.url] or all(r == self.url or r.startswith("data:") for r in self.requests)


@pytest.fixture(scope="module")
def browser() -> object:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def session(browser: object, network: Network, tmp_path: Path) -> object:
    path = tmp_path / "graph.html"
    write_network_html(network, path)
    opened = Session(browser, path)
    yield opened
    opened.close()


def test_search_finds_a_firm_by_alias(session: Session) -> None:
    page = session.page
    page.fill("#kg-search-input", "赣锋")
    page.wait_for_selector("#kg-suggestions li[data-id]")
    items = page.locator("#kg-suggestions li[data-id]")
    assert items.count() == 2  # the alias match first, then the firm whose name only contains it
    assert items.nth(0).get_attribute("data-id") == C1
    assert FULL_NAME in items.nth(0).inner_text() and "别名: 赣锋" in items.nth(0).inner_text()
    assert items.nth(1).get_attribute("data-id") == C2

    page.keyboard.press("Enter")
    page.wait_for_selector("#kg-panel:not([hidden])")
    assert page.inner_text("#kg-panel h2") == FULL_NAME
    assert page.evaluate("window.kgNetwork.getSelectedNodes()") == [C1]
    assert page.input_value("#kg-search-input") == FULL_NAME
    # Centred: the node ends up in the middle of the part of the canvas the panel leaves free.
    page.wait_for_function(
        """(id) => {
            const net = window.kgNetwork, canvas = document.querySelector('#kg-network canvas');
            const free = canvas.clientWidth - document.getElementById('kg-panel').offsetWidth;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            return Math.abs(p.x - free / 2) < 4 && Math.abs(p.y - canvas.clientHeight / 2) < 4;
        }""",
        arg=C1,
        timeout=5_000,
    )

    # A Chinese input method: nothing is looked up while composing, the committed text is.
    page.fill("#kg-search-input", "")
    page.evaluate(
        """() => {
            const input = document.getElementById('kg-search-input');
            input.dispatchEvent(new CompositionEvent('compositionstart'));
            input.value = 'gan';
            input.dispatchEvent(new InputEvent('input', {isComposing: true}));
        }"""
    )
    assert page.locator("#kg-suggestions").is_hidden()
    page.evaluate(
        """() => {
            const input = document.getElementById('kg-search-input');
            input.value = '赣锋锂业';
            input.dispatchEvent(new CompositionEvent('compositionend', {data: '赣锋锂业'}));
        }"""
    )
    assert page.locator("#kg-suggestions li[data-id]").first.get_attribute("data-id") == C1
    page.fill("#kg-search-input", "没有这个")
    assert page.inner_text("#kg-suggestions") == "没有匹配的实体"


def test_legend_is_the_type_filter(session: Session) -> None:
    page = session.page
    firms, others = [C1, C2, C3], [R + "Park/p1", R + "University/u1"]
    page.click('#kg-legend li[data-type="Company"]')
    assert session.hidden(firms) == [True, True, True]
    assert session.hidden(others) == [False, False]
    # vis-network itself no longer draws them, nor their edges.
    assert page.evaluate("(ids) => ids.map((id) => window.kgNetwork.body.nodes[id].options.hidden)", firms) == [
        True, True, True
    ]
    assert not set(page.evaluate("window.kgNetwork.body.nodeIndices")) & set(firms)
    leader = page.evaluate("window.kgEdges.getIds({filter: (e) => e.kgRelation === 'chainLeaderOf'})")
    assert session.hidden(leader, "Edges") == [True]
    assert page.get_attribute('#kg-legend li[data-type="Company"]', "aria-pressed") == "false"
    assert "显示实体 10/13 个" in page.inner_text("#kg-stats")

    page.click('#kg-legend li[data-type="Company"]')
    assert session.hidden(firms) == [False, False, False]
    page.click('#kg-legend li[data-type="Park"]', modifiers=["Shift"])  # only parks
    assert sorted(page.evaluate("window.kgNodes.getIds({filter: (n) => !n.hidden})")) == [R + "Park/p1"]

    page.click("#kg-reset")
    page.click('#kg-relations li[data-relation="chainLeaderOf"]')
    assert session.hidden(leader, "Edges") == [True] and session.hidden(firms) == [False, False, False]

    # Asking for a hidden entity by name brings its type back.
    page.click('#kg-legend li[data-type="Company"]')
    page.fill("#kg-search-input", "赣锋锂业")
    assert "已被筛选隐藏" in page.inner_text("#kg-suggestions li[data-id]")
    page.keyboard.press("Enter")
    assert session.hidden([C1]) == [False]
    assert page.get_attribute('#kg-legend li[data-type="Company"]', "aria-pressed") == "true"


def test_click_opens_the_panel_with_evidence_and_facts(session: Session) -> None:
    page = session.page
    session.click_node(C1)
    page.wait_for_selector("#kg-panel:not([hidden])")
    panel = page.inner_text("#kg-panel")
    assert page.inner_text("#kg-panel h2") == FULL_NAME
    for text in ("企业", "赣锋、赣锋锂业", "0.90"):
        assert text in panel
    # Its relations, each with the sentence and the document it came from.
    assert "赣锋锂业是新能源汽车产业链链主企业。" in panel and "赣锋作为链主带动新能源汽车集聚。" in panel
    assert f"来源: {FILE_A}" in panel and f"来源: {FILE_B}" in panel
    assert page.locator("#kg-panel .kg-rel").count() == 6
    # Its figures: metric, value with unit, period, and the sentence.
    facts = page.locator("#kg-panel tr.kg-fact")
    assert facts.count() == 2
    assert facts.nth(1).inner_text().split("\t")[:3] == ["营收", "428.5 亿元", "2023"]
    assert REVENUE_SENTENCE in panel

    # Following a relation to its other end moves the panel there.
    page.locator("#kg-panel .kg-link", has_text="东华理工大学").click()
    assert page.inner_text("#kg-panel h2") == "东华理工大学"
    page.keyboard.press("Escape")
    assert page.locator("#kg-panel").is_hidden()

    # An edge, moved to an empty spot and clicked, opens its own panel with all its sentences.
    point = page.evaluate(
        """() => {
            const net = window.kgNetwork;
            const edge = window.kgEdges.get({filter: (e) => e.kgRelation === 'chainLeaderOf'})[0];
            net.moveNode(edge.from, 20000, 20000);
            net.moveNode(edge.to, 20400, 20000);
            net.moveTo({position: {x: 20200, y: 20000}, scale: 1.0, animation: false});
            return net.canvasToDOM({x: 20200, y: 20000});
        }"""
    )
    box = page.locator("#kg-network canvas").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#kg-panel:not([hidden])")
    panel = page.inner_text("#kg-panel")
    assert page.inner_text("#kg-panel h2") == "关系: 链主"
    assert "赣锋锂业是新能源汽车产业链链主企业。" in panel and "赣锋作为链主带动新能源汽车集聚。" in panel
    assert FULL_NAME in panel and "新能源汽车" in panel and FILE_A in panel


def test_hostile_names_and_sentences_stay_text(session: Session) -> None:
    page = session.page
    page.fill("#kg-search-input", "<script>")
    page.wait_for_selector("#kg-suggestions li[data-id]")
    assert page.inner_text("#kg-suggestions .kg-s-name") == HOSTILE
    page.keyboard.press("Enter")
    page.wait_for_selector("#kg-panel:not([hidden])")
    assert page.inner_text("#kg-panel h2") == HOSTILE
    assert HOSTILE_SENTENCE in page.inner_text("#kg-panel")
    assert page.locator("#kg-panel script, #kg-panel img, #kg-suggestions script").count() == 0
    assert page.locator("script").count() == 2  # vis-network and the page's own; nothing injected


def test_confidence_slider_hides_weak_edges(session: Session) -> None:
    page = session.page
    weak = page.evaluate("window.kgEdges.getIds({filter: (e) => e.kgRelation === 'suppliesTo'})")
    strong = page.evaluate("window.kgEdges.getIds({filter: (e) => e.kgRelation === 'chainLeaderOf'})")
    assert session.hidden(weak + strong, "Edges") == [False, False]
    page.evaluate(
        """() => {
            const slider = document.getElementById('kg-confidence');
            slider.value = '0.65';
            slider.dispatchEvent(new Event('input', {bubbles: true}));
        }"""
    )
    page.wait_for_function("(id) => window.kgEdges.get(id).hidden === true", arg=weak[0])
    assert session.hidden(weak + strong, "Edges") == [True, False]
    assert session.hidden([C3, C1, R + "Policy/po"]) == [True, False, True]  # node confidences 0.5, 0.9, 0.6
    assert page.inner_text("#kg-confidence-value") == "0.65"


def test_focus_depth_one_and_two(session: Session) -> None:
    page = session.page
    session.click_node(C2)
    page.wait_for_selector("#kg-panel:not([hidden])")
    assert session.undimmed() == {C1, C2}
    bright = page.evaluate("window.kgEdges.getIds({filter: (e) => !e.kgDim})")
    assert [page.evaluate("(id) => window.kgEdges.get(id).kgRelation", e) for e in bright] == ["subsidiaryOf"]
    assert page.evaluate("(id) => window.kgNodes.get(id).opacity", R + "Park/p1") < 0.5

    page.check('input[name="kg-depth"][value="2"]')
    page.wait_for_function("() => window.kgState.depth === 2")
    assert {i.removeprefix(R) for i in session.undimmed()} == {
        "Company/c1", "Company/c2", "Company/c3", "Industry/i1", "University/u1", "Project/pj", "Person/pe",
    }
    # A click on the empty canvas ends the focus.
    box = page.locator("#kg-network canvas").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 5, box["y"] + 5)
    page.wait_for_function("() => window.kgState.focus.length === 0")
    assert len(session.undimmed()) == 13


def test_size_by_a_figure(session: Session) -> None:
    page = session.page
    degree = page.evaluate("(ids) => ids.map((id) => window.kgNodes.get(id).size)", [C1, C2, R + "Region/rg"])
    page.select_option("#kg-size", "营收")
    sizes = page.evaluate("(ids) => ids.map((id) => window.kgNodes.get(id).size)", [C1, C2, R + "Region/rg"])
    assert sizes != degree
    assert sizes[0] > sizes[1] > sizes[2]  # 428.5 亿元 > 35 亿元 > no figure


def test_focused_page_opens_on_its_entity(browser: object, network: Network, tmp_path: Path) -> None:
    sub, view = select_view(network, focus="赣锋锂业", depth=1)
    path = tmp_path / "focus.html"
    write_network_html(sub, path, view=view)
    opened = Session(browser, path)
    try:
        opened.page.wait_for_selector("#kg-panel:not([hidden])")
        assert opened.page.inner_text("#kg-panel h2") == FULL_NAME
        assert opened.page.evaluate("window.kgNetwork.getSelectedNodes()") == [C1]
        assert "1 跳子图" in opened.page.inner_text("#kg-view-note")
    finally:
        opened.close()


def test_a_much_stated_edge_embeds_what_the_page_shows_and_counts_the_rest(browser: object, tmp_path: Path) -> None:
    """A hub of a big corpus is stated in thousands of sentences; the page shows eight and says how many more,
    so only those eight and the count are written into it (a 200 MB corpus had given a 496 MB page)."""
    sentences = [(f"第{i:02d}句：甲公司向乙公司供货。", f"{i:02d}.txt") for i in range(20)]
    fact = NetworkFact("营收", "10", "亿元", "2023", 1e9, "元", 0.9, sentences[:11])
    firm = NetworkNode("https://example.org/a", "甲公司", "Company", [], 0.9, [fact])
    buyer = NetworkNode("https://example.org/b", "乙公司", "Company", [], 0.9)
    network = Network([firm, buyer], [NetworkEdge(firm.id, buyer.id, "suppliesTo", 0.8, sentences)])
    path = tmp_path / "graph.html"
    write_network_html(network, path)
    html = path.read_text(encoding="utf-8")
    assert "第07句" in html and "第08句" not in html
    opened = Session(browser, path)
    try:
        page = opened.page
        assert page.evaluate("window.kgEdges.get()[0].kgEvidence.length") == 8
        assert page.evaluate("window.kgEdges.get()[0].kgEvidenceCount") == 20
        page.fill("#kg-search-input", "甲公司")
        page.wait_for_selector("#kg-suggestions li[data-id]")
        page.keyboard.press("Enter")
        page.wait_for_selector("#kg-panel:not([hidden])")
        panel = page.inner_text("#kg-panel")
        assert "第07句" in panel and "第08句" not in panel
        assert "……另有 12 条" in panel  # the edge's 20 sentences
        assert "……另有 3 条" in panel  # the figure's 11
    finally:
        opened.close()
