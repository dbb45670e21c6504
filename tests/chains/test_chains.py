"""Industrial chains: the SKOS chain model (ontology/chains), placing firms and industries on its links, `kg chain`."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import RDF, SH, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from kg.chains import chains  # noqa: E402
from kg.store import store  # noqa: E402

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
def model() -> Graph:
    return chain_graph()


@pytest.fixture(scope="module")
def chain_shapes() -> Graph:
    return Graph().parse(CHAINS / "shapes.ttl", format="turtle")


# --- the chain model ------------------------------------------------------------------------------


def zh_labels(graph: Graph, node: URIRef, *properties: URIRef) -> set[str]:
    return {str(o) for p in properties for o in graph.objects(node, p) if isinstance(o, Literal) and o.language == "zh"}


def test_required_chains_are_there(model: Graph) -> None:
    schemes = set(model.subjects(RDF.type, KGCH.Chain))
    assert len(schemes) >= 13
    names = set().union(*(zh_labels(model, s, SKOS.prefLabel, SKOS.altLabel) for s in schemes))
    assert set(REQUIRED_CHAINS) <= names, set(REQUIRED_CHAINS) - names


def test_every_chain_has_segments_ordered_links_and_a_source(model: Graph) -> None:
    for scheme in model.subjects(RDF.type, KGCH.Chain):
        segments = {s: int(model.value(s, KGCH.order)) for s in model.subjects(SKOS.topConceptOf, scheme)}
        assert sorted(zh_labels(model, s, SKOS.prefLabel).pop() for s in segments) == ["上游", "下游", "中游"]
        links = [link for link in model.subjects(SKOS.inScheme, scheme) if (link, RDF.type, KGCH.Link) in model]
        assert len(links) >= 8, scheme
        ordered = sorted(links, key=lambda link: int(model.value(link, KGCH.order)))
        assert [int(model.value(link, KGCH.order)) for link in ordered] == list(range(1, len(links) + 1))
        segment_orders = [segments[model.value(link, SKOS.broader)] for link in ordered]
        assert segment_orders == sorted(segment_orders) and set(segment_orders) == {1, 2, 3}, scheme
        assert len(str(model.value(scheme, DCTERMS.source))) > 20
        assert model.value(model.value(scheme, KGCH.coreLink), SKOS.inScheme) == scheme
        for node in [scheme, *links]:
            langs = sorted(label.language for label in model.objects(node, SKOS.prefLabel))
            assert langs == ["en", "zh"], node


def test_chain_counts_and_labels(model: Graph) -> None:
    assert len(list(model.subjects(RDF.type, KGCH.Chain))) == 13
    assert len(list(model.subjects(RDF.type, KGCH.Link))) == 121
    assert zh_labels(model, NEV.separator, SKOS.prefLabel) == {"隔膜"}
    assert "锂电隔膜" in zh_labels(model, NEV.separator, SKOS.altLabel)
    assert "隔膜" in zh_labels(model, NEV.separator, SKOS.hiddenLabel)
    assert model.value(NEV_CHAIN, KGCH.coreLink) == NEV.vehicle
    assert model.value(NEV.vehicle, KGCH.supplierLink) == NEV.parts
    assert int(model.value(NEV.lithium, KGCH.order)) == 1


@pytest.mark.parametrize("path", chain_files() + [CHAINS / "shapes.ttl"], ids=lambda p: p.name)
def test_chain_turtle_is_strict(path: Path) -> None:
    pyoxigraph.Store().load(path=path, format=pyoxigraph.RdfFormat.TURTLE)


@pytest.mark.slow
def test_chains_conform(model: Graph, chain_shapes: Graph) -> None:
    conforms, _, text = validate(model, shacl_graph=chain_shapes, inference="none")
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


# --- linking and `kg chain` on a composed corpus whose answers are known ---------------------------

# A park (in a city) with a vehicle maker that leads the chain and a cell maker, but no separator maker; two separator
# makers elsewhere, one supplying the vehicle maker (the first target, by that sentence) and one with a designation;
# a park that focuses on an industry and has no firm; an electrolyte maker elsewhere that cooperates with the cell maker
# and has a revenue figure, and a cathode maker elsewhere that invests in the park.
CORPUS = """青川高新区位于宜春市。
星河新能源汽车有限公司位于青川高新区。星河新能源汽车有限公司是新能源汽车产业链链主企业。
青川动力电池有限公司位于青川高新区。
白鹭隔膜科技有限公司位于临江经济开发区。白鹭隔膜科技有限公司为星河新能源汽车有限公司配套供应隔膜。
蓝湾隔膜材料有限公司位于临江经济开发区。蓝湾隔膜材料有限公司是国家级专精特新“小巨人”企业。
白石高新区聚焦光伏产业。
紫光电解液有限公司位于东湖高新区。紫光电解液有限公司与青川动力电池有限公司签署战略合作协议。
紫光电解液有限公司2024年营收达到12亿元。
金川正极材料有限公司位于东湖高新区。金川正极材料有限公司投资青川高新区。
"""
SUPPLY_SENTENCE = "白鹭隔膜科技有限公司为星河新能源汽车有限公司配套供应隔膜。"


def kg(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """This worktree's `kg`, as a subprocess."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("chains")
    (folder / "news.txt").write_text(CORPUS, encoding="utf-8")
    kg("build", folder / "news.txt", "--out", folder / "out")
    return folder / "out"


@pytest.fixture(scope="module")
def context(built: Path) -> chains.ChainContext:
    return chains.ChainContext.from_store(store.open_store(built / "store"))


def firm(context: chains.ChainContext, name: str) -> str:
    (iri,) = [iri for iri, label in context.graph.labels.items() if label == name]
    return iri


@pytest.mark.slow
def test_the_extractor_gives_the_edges_the_test_relies_on(context: chains.ChainContext) -> None:
    graph = context.graph
    edges = {(graph.label(s), relation, graph.label(o)) for relation, pairs in graph.edges.items() for s, o in pairs}
    assert ("白鹭隔膜科技有限公司", "suppliesTo", "星河新能源汽车有限公司") in edges
    assert ("星河新能源汽车有限公司", "chainLeaderOf", "新能源汽车产业链") in edges
    assert ("青川高新区", "locatedIn", "宜春市") in edges
    assert ("青川动力电池有限公司", "locatedIn", "青川高新区") in edges


def test_normalise_industry() -> None:
    assert chains.normalise_industry("新能源汽车产业链") == "新能源汽车"
    assert chains.normalise_industry("国家生物医药产业集群") == "生物医药"
    assert chains.normalise_industry("集成电路地标产业集群") == "集成电路"
    assert chains.normalise_industry("产业") == "产业"


def test_industries_map_to_links_and_chains() -> None:
    index = chains.chain_index()
    assert [t.link for t in index.industry_names["隔膜"] if t.chain == str(NEV_CHAIN)] == [str(NEV.separator)]
    targets = {(t.chain, t.link) for t, _, _ in index.industry_targets("新能源汽车产业链")}
    assert (str(NEV_CHAIN), None) in targets
    # A 及-list matches by its parts, at a lower factor.
    parts = index.industry_targets("隔膜及电解液")
    assert {t.link for t, _, _ in parts if t.chain == str(NEV_CHAIN)} == {str(NEV.separator), str(NEV.electrolyte)}
    assert {factor for _, factor, _ in parts} == {chains.PART_MATCH}


def test_firms_are_placed_with_route_and_evidence(context: chains.ChainContext) -> None:
    def links(name: str) -> dict[str, chains.Placement]:
        return {p.link: p for p in context.placements[firm(context, name)] if p.chain == str(NEV_CHAIN)}

    separator = links("白鹭隔膜科技有限公司")[str(NEV.separator)]
    assert (separator.route, separator.confidence) == ("trade-word", chains.TRADE_WORD_SHORT)
    assert "隔膜" in separator.reason
    vehicle = links("星河新能源汽车有限公司")
    assert {p.route for p in context.on_link(firm(context, "星河新能源汽车有限公司"), str(NEV.vehicle))} == {
        "trade-word", "chainLeaderOf"}
    leader = [p for p in context.placements[firm(context, "星河新能源汽车有限公司")] if p.route == "chainLeaderOf"]
    assert leader[0].evidence.sentence == "星河新能源汽车有限公司是新能源汽车产业链链主企业。"
    assert str(NEV.vehicle) in vehicle
    assert str(NEV.battery) in links("青川动力电池有限公司")
    census = chains.placement_census(context.placements)
    assert census["firmsOnALink"] == 6


def test_places_include_their_parks(context: chains.ChainContext) -> None:
    graph = context.graph
    city = chains.find_place(graph, "宜春市")
    park = chains.find_place(graph, "青川高新区")
    assert park in chains.places_within(graph, city)
    assert {graph.label(f) for f in chains.firms_in(graph, city)} == {"星河新能源汽车有限公司", "青川动力电池有限公司"}


def test_separator_gap_and_first_target(context: chains.ChainContext) -> None:
    park = chains.find_place(context.graph, "青川高新区")
    report = chains.chain_report(context, park, context.index.chains[str(NEV_CHAIN)])
    by_link = {entry["link"]: entry for entry in report["links"]}
    assert by_link["整车制造"]["status"] == "weak"
    assert by_link["整车制造"]["firms"][0]["leader"] is True
    assert by_link["动力电池"]["firms"][0]["firm"] == "青川动力电池有限公司"
    separator = by_link["隔膜"]
    assert separator["status"] == "missing"
    first, second = separator["targets"][:2]
    assert first["firm"] == "白鹭隔膜科技有限公司"
    supply = [p for p in first["parts"] if p["part"] == "配套"]
    assert supply[0]["evidence"]["sentence"] == SUPPLY_SENTENCE
    assert first["score"] == chains.SCORE_SUPPLIES + chains.TRADE_WORD_SHORT
    assert second["firm"] == "蓝湾隔膜材料有限公司"
    assert [p["part"] for p in second["parts"]] == ["荣誉", "归属"]
    assert report["summary"]["missing"] == 13
    electrolyte = by_link["电解液"]["targets"][0]
    assert electrolyte["firm"] == "紫光电解液有限公司"
    assert [(p["part"], p["points"]) for p in electrolyte["parts"]] == [
        ("合作", chains.SCORE_COOPERATES), ("体量", chains.SCORE_FIGURE), ("归属", chains.TRADE_WORD_LONG)]
    assert electrolyte["parts"][1]["reason"] == "营收 12亿元（2024年）"
    cathode = by_link["正极材料"]["targets"][0]
    assert cathode["firm"] == "金川正极材料有限公司"
    assert [p["part"] for p in cathode["parts"]] == ["投资", "归属"]
    assert cathode["parts"][0]["evidence"]["sentence"] == "金川正极材料有限公司投资青川高新区。"


def test_kg_chain_table(built: Path) -> None:
    text = kg("chain", "青川高新区", "--chain", "新能源汽车", "--out", built).stdout
    assert "青川高新区（园区）· 新能源汽车产业链" in text
    lines = text.splitlines()
    gap = lines.index("  05 隔膜  —  缺失")
    assert lines[gap + 1].startswith("       → 招商目标 1. 白鹭隔膜科技有限公司  得分 3.55 = 配套 3 + 归属 0.55")
    assert SUPPLY_SENTENCE in lines[gap + 2]
    assert "星河新能源汽车有限公司 ★链主" in text
    assert "得分说明" in text


def test_kg_chain_json_csv_and_region(built: Path) -> None:
    data = json.loads(kg("chain", "宜春市", "--chain", "新能源汽车", "--format", "json", "--out", built).stdout)
    (report,) = data["reports"]
    assert report["place"] == {"name": "宜春市", "type": "Region", "iri": report["place"]["iri"], "firms": 2,
                               "within": ["青川高新区"]}
    separator = next(e for e in report["links"] if e["link"] == "隔膜")
    assert separator["targets"][0]["firm"] == "白鹭隔膜科技有限公司"
    assert separator["targets"][0]["parts"][0]["evidence"]["sentence"] == SUPPLY_SENTENCE
    rows = list(csv.DictReader(io.StringIO(kg("chain", "青川高新区", "--chain", "锂电", "-f", "csv",
                                              "--out", built).stdout)))
    target = next(r for r in rows if r["kind"] == "target" and r["link"] == "隔膜")
    assert (target["rank"], target["firm"]) == ("1", "白鹭隔膜科技有限公司")
    assert target["score_parts"] == "配套 3 + 归属 0.55"


def test_default_chains_and_compare(built: Path) -> None:
    text = kg("chain", "青川高新区", "--out", built).stdout
    assert "新能源汽车产业链" in text and "动力电池产业链" in text
    compared = json.loads(kg("chain", "青川高新区", "--compare", "临江经济开发区", "--chain", "新能源汽车",
                             "-f", "json", "--out", built).stdout)
    separator = next(row for row in compared["comparisons"][0]["links"] if row["link"] == "隔膜")
    assert separator["first"] == {"status": "missing", "firms": []}
    assert separator["second"] == {"status": "present", "firms": ["白鹭隔膜科技有限公司", "蓝湾隔膜材料有限公司"]}


def test_unknown_place_or_chain_exits_2_with_closest_names(built: Path) -> None:
    proc = kg("chain", "青川高薪区", "--out", built, check=False)
    assert proc.returncode == 2
    assert "青川高新区" in proc.stderr
    proc = kg("chain", "青川高新区", "--chain", "新能源车辆", "--out", built, check=False)
    assert proc.returncode == 2
    assert "新能源汽车" in proc.stderr


def test_place_without_firms_says_so(built: Path) -> None:
    # It focuses on 光伏, so that chain is shown, every link missing.
    text = kg("chain", "白石高新区", "--out", built).stdout
    assert text.startswith("白石高新区: the graph has no firm located there")
    assert "白石高新区（园区）· 光伏产业链" in text and "已有 0，薄弱 0，缺失 9" in text
    assert "主导产业：白石高新区 聚焦 光伏产业 「白石高新区聚焦光伏产业。」（news.txt）" in text
    proc = kg("chain", "白石高新区", "--chain", "储能", "--format", "json", "--out", built)
    assert "no firm located there" in proc.stderr
    assert json.loads(proc.stdout)["reports"][0]["summary"]["firmsOnLinks"] == 0


# --- the chain map ---------------------------------------------------------------------------------

HOSTILE = '<img src=x onerror="alert(1)">隔膜</script><script>alert(2)</script>'


def test_chain_map_is_one_offline_page(built: Path, tmp_path: Path) -> None:
    page = tmp_path / "map.html"
    page.write_text("an older map", encoding="utf-8")
    kg("chain", "青川高新区", "--chain", "新能源汽车", "--format", "html", "--output", page, "--out", built)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]  # replaced whole, no temporary file left
    assert page.stat().st_mode & 0o044  # readable like any new file
    html = page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "白鹭隔膜科技有限公司" in html and SUPPLY_SENTENCE in html
    assert "<img" not in html.split("<script>", 1)[1]


def test_a_chain_map_that_would_load_a_resource_is_refused() -> None:
    from kg.pages import refuse_external_resources

    refuse_external_resources("<p>" + HOSTILE.replace("<", "\\u003c") + "</p>", "the chain map")  # as the page holds it
    with pytest.raises(RuntimeError, match="the chain map would load an external resource"):
        refuse_external_resources('<img src="https://example.com/x.png">', "the chain map")


def test_chain_map_in_chromium_shows_hostile_names_as_text(context: chains.ChainContext, tmp_path: Path) -> None:
    from helpers import watched_page

    from kg.chains.chainmap import render_chain_html

    park = chains.find_place(context.graph, "青川高新区")
    report = chains.chain_report(context, park, context.index.chains[str(NEV_CHAIN)])
    separator = next(e for e in report["links"] if e["link"] == "隔膜")
    separator["targets"][0]["firm"] = HOSTILE
    report["links"][11]["firms"][0]["firm"] = HOSTILE
    page = tmp_path / "map.html"
    page.write_text(render_chain_html([report], []), encoding="utf-8")
    with watched_page(page.as_uri()) as watched:
        watched.page.wait_for_function("() => window.kgChainDrawn === true", timeout=30_000)
        columns = watched.page.locator(".kg-column")
        assert columns.count() == 3
        assert [h.inner_text() for h in watched.page.locator(".kg-column h3").all()] == ["上游", "中游", "下游"]
        gap = watched.page.locator('.kg-link[data-link="隔膜"]')
        assert "kg-missing" in gap.get_attribute("class")
        first = gap.locator(".kg-target").first
        assert HOSTILE in first.inner_text()
        first.click()
        assert SUPPLY_SENTENCE in watched.page.locator("#kg-panel").inner_text()
        assert watched.page.locator("#kg-panel a").count() == 0  # from disk there is no network view to link to
        chip = watched.page.locator('.kg-link[data-link="整车制造"] .kg-chip').first
        assert chip.inner_text() == "★ " + HOSTILE
        assert watched.page.locator("img").count() == 0
        assert watched.dialogs == [] and watched.problems == []
        assert watched.requests == [page.as_uri()]


INVISIBLE_SENTENCE = "白鹭隔膜\u200b科技有限公司为\u202e星河新能源汽车有限公司配套供应隔膜。"


def test_chain_map_shows_invisible_characters_of_the_evidence_escaped(context: chains.ChainContext,
                                                                      tmp_path: Path) -> None:
    """As the network page does: a bidi override would reorder the panel, a zero-width space hide a split name."""
    from helpers import watched_page

    from kg.chains.chainmap import render_chain_html

    park = chains.find_place(context.graph, "青川高新区")
    report = chains.chain_report(context, park, context.index.chains[str(NEV_CHAIN)])
    first = next(e for e in report["links"] if e["link"] == "隔膜")["targets"][0]
    first["parts"][0]["evidence"]["sentence"] = INVISIBLE_SENTENCE
    page = tmp_path / "map.html"
    page.write_text(render_chain_html([report], []), encoding="utf-8")
    assert "\u200b" not in page.read_text(encoding="utf-8") and "\u202e" not in page.read_text(encoding="utf-8")
    with watched_page(page.as_uri()) as watched:
        watched.page.wait_for_function("() => window.kgChainDrawn === true", timeout=30_000)
        watched.page.locator('.kg-link[data-link="隔膜"] .kg-target').first.click()
        sentences = watched.page.locator("#kg-panel .kg-sentence").all_inner_texts()
        assert "白鹭隔膜\\u200b科技有限公司为\\u202e星河新能源汽车有限公司配套供应隔膜。" in sentences
        assert watched.problems == [] and watched.requests == [page.as_uri()]


def open_panel(page: object, name: str) -> str:
    """Find an entity with the network page's search box and open its panel; returns the panel's text."""
    page.fill("#kg-search-input", name)  # type: ignore[attr-defined]
    page.wait_for_selector("#kg-suggestions li[data-id]")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#kg-panel:not([hidden])")  # type: ignore[attr-defined]
    return page.inner_text("#kg-panel h2")  # type: ignore[attr-defined]


def test_the_network_page_on_disk_names_the_chain_command_of_a_park(built: Path) -> None:
    from helpers import wait_until_drawn, watched_page

    with watched_page((built / "graph.html").as_uri()) as watched:
        page = watched.page
        wait_until_drawn(page, 30_000)
        assert open_panel(page, "青川高新区") == "青川高新区"
        assert page.inner_text("#kg-panel .kg-chain-map") == \
            "产业链图谱：运行 kg chain '青川高新区' -f html -o chain.html"
        assert page.locator("#kg-panel a").count() == 0  # offline there is no page to go to
        assert open_panel(page, "宜春市") == "宜春市"  # a region too
        assert "kg chain '宜春市'" in page.inner_text("#kg-panel .kg-chain-map")
        assert open_panel(page, "白鹭隔膜科技有限公司") == "白鹭隔膜科技有限公司"
        assert page.locator("#kg-panel .kg-chain-map").count() == 0  # a firm has no chain map of its own
        assert watched.problems == [] and watched.requests == [(built / "graph.html").as_uri()]


@pytest.mark.slow
def test_the_served_network_page_links_a_park_to_its_served_chain_map(built: Path,
                                                                     context: chains.ChainContext) -> None:
    from helpers import first_line, wait_until_drawn, watched_page

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--out", str(built), "--port", "0",
                               "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              encoding="utf-8", env=env)
    try:
        first = first_line(server)
        assert first.startswith("kg serve: http://127.0.0.1:"), first
        base = first.split()[2]
        with watched_page(base + "graph", offline=False) as watched:
            page = watched.page
            wait_until_drawn(page, 30_000)
            assert open_panel(page, "青川高新区") == "青川高新区"
            link = page.locator("#kg-panel a.kg-chain-map")
            assert link.get_attribute("href") == "/chain?place=%E9%9D%92%E5%B7%9D%E9%AB%98%E6%96%B0%E5%8C%BA"
            link.click()
            page.wait_for_function("() => window.kgChainDrawn === true", timeout=30_000)
            assert page.inner_text("#kg-title") == "青川高新区 · 产业链图谱"
            gap = page.locator('.kg-link[data-link="隔膜"]').first
            assert "kg-missing" in gap.get_attribute("class")
            gap.locator(".kg-target").first.click()
            assert SUPPLY_SENTENCE in page.inner_text("#kg-panel")
            page.locator("#kg-panel a.kg-network").click()  # and on to the firm in the network view
            wait_until_drawn(page, 30_000)
            drawn = set(page.evaluate("window.kgNodes.getIds()"))  # the firm and its neighbours, nothing else
            assert {firm(context, "白鹭隔膜科技有限公司"), firm(context, "星河新能源汽车有限公司")} <= drawn
            assert firm(context, "金川正极材料有限公司") not in drawn
            assert watched.problems == []
            assert watched.requests and all(url.startswith(base) for url in watched.requests), watched.requests
    finally:
        server.terminate()
        server.wait(10)


def test_trade_words_read_like_a_segmentation() -> None:
    index = chains.chain_index()

    def found(name: str) -> dict[str, str]:
        return {index.chains[t.chain].key: word for t, word in index.trade_word_targets([name])}

    # 隔膜材料 is 隔膜 + 材料, never 膜材 (a display film word).
    assert found("蓝湾隔膜材料有限公司") == {"new-energy-vehicle": "隔膜", "lithium-battery": "隔膜"}
    assert found("青川动力电池有限公司") == {"new-energy-vehicle": "动力电池", "lithium-battery": "动力电池"}
    # 燃料电池 is a fuel cell, not a lithium battery.
    assert found("青川燃料电池有限公司") == {"hydrogen": "燃料电池"}


# --- the chain layer of the built graph, and the saved queries on it ---------------------------------

KG_NS = store.PREFIXES["kg"]


def saved_query_rows(triple_store: pyoxigraph.Store, name: str) -> list[dict[str, str | None]]:
    """The rows of ontology/queries/NAME.rq on the store, as the project runs queries (kg.store.store.run_query)."""
    result = store.run_query(triple_store, store.load_query_text(str(ROOT / "ontology" / "queries" / f"{name}.rq")))
    return [dict(zip(result.variables, (t.value if t is not None else None for t in row), strict=True))
            for row in result.rows]


def test_the_build_adds_the_chain_model_and_every_placement_with_its_source(built: Path,
                                                                           context: chains.ChainContext) -> None:
    built_store = store.open_store(built / "store")
    rows = saved_query_rows(built_store, "chain-coverage")  # any query: the layer is there with no extra step
    assert rows
    result = store.run_query(built_store, """SELECT ?p ?entity ?route ?source ?kind WHERE {
        ?p a kgch:Placement ; kgch:entity ?entity ; kgch:route ?route ; kg:confidence ?c ; prov:wasDerivedFrom ?source .
        OPTIONAL { ?source a ?kind VALUES ?kind { kg:Sentence kgch:PlacementRule } } }""")
    found = [tuple(t.value if t is not None else None for t in row) for row in result.rows]
    expected = sum(len(items) for items in {**context.industry_placements(), **context.placements}.values())
    assert len({row[0] for row in found}) == len(found) == expected > 0
    kinds = {row[4] for row in found}
    assert kinds == {KG_NS + "Sentence", str(KGCH.PlacementRule)}, kinds
    # The supplier placed through its customer points at the supply sentence.
    supplier = firm(context, "白鹭隔膜科技有限公司")
    by_route = {row[2]: row for row in found if row[1] == supplier}
    assert set(by_route) >= {"trade-word"}
    assert by_route["trade-word"][3] == str(KGCH.tradeWordRule)
    leader = next(row for row in found if row[1] == firm(context, "星河新能源汽车有限公司")
                  and row[2] == "chainLeaderOf")
    text = built_store.query(f"SELECT ?t WHERE {{ <{leader[3]}> <{KG_NS}text> ?t }}", prefixes=store.PREFIXES)
    assert [row[0].value for row in text] == ["星河新能源汽车有限公司是新能源汽车产业链链主企业。"]
    # The model is there too: every chain and link, as ontology/chains has them.
    links = store.run_query(built_store, "SELECT (COUNT(?l) AS ?n) WHERE { ?l a kgch:Link }").rows[0][0].value
    assert int(links) == 121


@pytest.mark.slow
def test_the_built_chain_layer_conforms_and_a_placement_without_a_source_does_not(built: Path,
                                                                                  chain_shapes: Graph) -> None:
    data = Graph().parse(built / "graph.ttl", format="turtle")
    conforms, _, text = validate(data, shacl_graph=chain_shapes, inference="none")
    assert conforms, text
    placement = next(data.subjects(RDF.type, KGCH.Placement))
    data.remove((placement, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))
    conforms, report, _ = validate(data, shacl_graph=chain_shapes, inference="none")
    assert not conforms
    assert set(report.objects(None, SH.focusNode)) == {placement}


def test_saved_chain_queries_give_the_rows_kg_chain_gives(built: Path, context: chains.ChainContext) -> None:
    """On the built store alone, for every place and chain the queries list: the same firms per link, the same
    missing and weak links, and the same ranked targets (kg chain shows the first TARGETS_PER_LINK of a link)."""
    built_store = store.open_store(built / "store")
    coverage = saved_query_rows(built_store, "chain-coverage")
    gaps = saved_query_rows(built_store, "chain-gaps")
    targets = saved_query_rows(built_store, "chain-targets")
    pairs = sorted({(r["place"], r["chain"]) for r in coverage + gaps})
    assert ("青川高新区", "新能源汽车") in pairs and ("宜春市", "新能源汽车") in pairs
    for place, chain in pairs:
        def of(rows: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
            return [r for r in rows if (r["place"], r["chain"]) == (place, chain)]  # noqa: B023

        report = chains.chain_report(context, chains.find_place(context.graph, place),
                                     chains.find_chain(context.index.chains, chain))
        assert {(r["link"], r["firm"]) for r in of(coverage)} == {
            (e["link"], f["firm"]) for e in report["links"] for f in e["firms"]}, (place, chain)
        assert {(r["link"], r["status"]) for r in of(gaps)} == {
            (e["link"], e["status"]) for e in report["links"] if e["status"] != "present"}, (place, chain)
        ranked: dict[str, list[tuple[str, float]]] = {}
        for r in of(targets):
            ranked.setdefault(r["link"], []).append((r["target"], float(r["score"])))
        assert {link: rows[:chains.TARGETS_PER_LINK] for link, rows in ranked.items()} == {
            e["link"]: [(t["firm"], t["score"]) for t in e["targets"]] for e in report["links"] if e["targets"]}, \
            (place, chain)
    park = [r for r in targets if (r["place"], r["chain"]) == ("青川高新区", "新能源汽车")]
    assert (park[0]["link"], park[0]["target"]) == ("正极材料", "金川正极材料有限公司")
    first_separator = next(r for r in park if r["link"] == "隔膜")
    assert (first_separator["target"], float(first_separator["score"]), first_separator["supplies"]) == (
        "白鹭隔膜科技有限公司", chains.SCORE_SUPPLIES + chains.TRADE_WORD_SHORT, "3")
    electrolyte = next(r for r in park if r["link"] == "电解液")
    assert (electrolyte["target"], float(electrolyte["score"])) == ("紫光电解液有限公司", 3.65)


def test_kg_chain_is_deterministic(built: Path) -> None:
    runs = [kg("chain", "宜春市", "--format", "json", "--out", built).stdout for _ in range(2)]
    assert runs[0] == runs[1]
