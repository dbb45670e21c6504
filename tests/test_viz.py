"""The network page: read from a real oxigraph store, written once, opened offline in real headless Chromium."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pyoxigraph
import pytest

from kg.model import ENTITY_TYPES, RELATION_NAMES
from kg.viz import (
    RELATION_LABELS,
    TYPE_NAMES,
    TYPE_STYLES,
    Network,
    NetworkEdge,
    NetworkNode,
    layout_positions,
    network_from_store,
    render_network_html,
    write_network_html,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
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


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
def test_page_in_headless_chromium(network: Network, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "graph.html"
    write_network_html(network, path)
    url = path.as_uri()
    hostile_id = R + "Company/c3"
    supply = next(i for i, e in enumerate(network.edges) if e.relation == "suppliesTo")

    requests: list[str] = []
    dialogs: list[str] = []
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
            page.goto(url)
            page.wait_for_function(
                "window.kgDrawn === true && !!window.kgNetwork && !!document.querySelector('#kg-network canvas')",
                timeout=20_000,
            )

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
            point = page.evaluate(
                """(id) => {
                    const net = window.kgNetwork;
                    const p = net.getPositions([id])[id];
                    net.moveTo({position: p, scale: 1.0, animation: false});
                    return net.canvasToDOM(p);
                }""",
                hostile_id,
            )
            box = page.locator("#kg-network canvas").bounding_box()
            assert box is not None
            page.mouse.move(box["x"] + point["x"] - 30, box["y"] + point["y"] - 30)
            page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=4)
            page.wait_for_function(
                "(text) => { const t = document.querySelector('div.vis-tooltip');"
                " return !!t && t.style.visibility !== 'hidden' && t.innerText.includes(text); }",
                arg=HOSTILE,
                timeout=10_000,
            )
            tooltip = page.inner_text("div.vis-tooltip")
            assert "企业" in tooltip and "0.50" in tooltip

            # Hover the edge whose sentence is hostile, moved to an empty spot: relation, sentence and file show.
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
        finally:
            browser.close()

    assert dialogs == []
    assert problems == []
    assert requests and all(r == url or r.startswith("data:") for r in requests), requests
