"""The persistent store: building, opening, querying, formatting and exporting (real pyoxigraph and rdflib)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import KgError, QueryError, StoreBuildError, StoreMissingError
from kg.store.store import (
    EXPORT_FORMATS,
    KNOWLEDGE_GRAPH,
    PREFIXES,
    PROVENANCE_GRAPH,
    QueryResult,
    add_missing_prefixes,
    export_graph,
    format_result,
    load_query_text,
    open_store,
    run_query,
    write_store,
)

# A small graph in the MODEL.md shape. Resource IRIs contain '/', which a Turtle prefixed name must escape.
SAMPLE_TTL = r"""
@prefix kg: <https://w3id.org/kg-industry/ontology#> .
@prefix kgr: <https://w3id.org/kg-industry/resource/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

kgr:Park\/aaaaaaaaaaaaaaaa a kg:Park ;
    rdfs:label "赣州经济技术开发区"@zh ; skos:prefLabel "赣州经济技术开发区"@zh ;
    skos:altLabel "赣州经开区"@zh ;
    kg:locatedIn kgr:Region\/dddddddddddddddd ;
    kg:hasFact kgr:Fact\/ffffffffffffffff ;
    kg:confidence "0.9"^^xsd:decimal ; kg:mentionCount 3 ;
    prov:wasDerivedFrom kgr:Document\/0000000000000001 .
kgr:Company\/bbbbbbbbbbbbbbbb a kg:Company ;
    rdfs:label "江西赣锋锂业集团股份有限公司"@zh ; skos:prefLabel "江西赣锋锂业集团股份有限公司"@zh ;
    skos:altLabel "赣锋锂业"@zh, "赣锋"@zh ;
    kg:chainLeaderOf kgr:Industry\/eeeeeeeeeeeeeeee ;
    kg:locatedIn kgr:Park\/aaaaaaaaaaaaaaaa ;
    kg:confidence "0.95"^^xsd:decimal ; kg:mentionCount 12 ;
    prov:wasDerivedFrom kgr:Document\/0000000000000001 .
kgr:Company\/cccccccccccccccc a kg:Company ;
    rdfs:label "孚能科技(赣州)股份有限公司"@zh ; skos:prefLabel "孚能科技(赣州)股份有限公司"@zh ;
    skos:altLabel "孚能科技"@zh ;
    kg:locatedIn kgr:Park\/aaaaaaaaaaaaaaaa ;
    kg:confidence "0.9"^^xsd:decimal ; kg:mentionCount 2 ;
    prov:wasDerivedFrom kgr:Document\/0000000000000001 .
kgr:Region\/dddddddddddddddd a kg:Region ;
    rdfs:label "赣州市"@zh ; skos:prefLabel "赣州市"@zh ; skos:altLabel "赣州"@zh .
kgr:Industry\/eeeeeeeeeeeeeeee a kg:Industry ;
    rdfs:label "新能源汽车"@zh ; skos:prefLabel "新能源汽车"@zh ; skos:altLabel "新能源车"@zh, "NEV"@zh .

kgr:Assertion\/1111111111111111 a rdf:Statement, kg:RelationAssertion ;
    rdf:subject kgr:Company\/bbbbbbbbbbbbbbbb ; rdf:predicate kg:chainLeaderOf ;
    rdf:object kgr:Industry\/eeeeeeeeeeeeeeee ;
    kg:confidence "0.85"^^xsd:decimal ; kg:extractionRule "chainLeaderOf:链主" ;
    prov:wasDerivedFrom kgr:Sentence\/0000000000000001-120 .

kgr:Fact\/ffffffffffffffff a kg:Fact ;
    kg:subject kgr:Park\/aaaaaaaaaaaaaaaa ; kg:metric "工业营收"@zh ;
    kg:value "932.4"^^xsd:decimal ; kg:unit "亿元" ;
    kg:normalizedValue "93240000000"^^xsd:decimal ; kg:normalizedUnit "CNY" ;
    kg:period "2024" ; kg:confidence "0.8"^^xsd:decimal ; kg:extractionRule "fact:metric-value" ;
    prov:wasDerivedFrom kgr:Sentence\/0000000000000001-120 .

kgr:Sentence\/0000000000000001-120 a kg:Sentence, prov:Entity ;
    kg:text "赣锋锂业是新能源汽车产业链链主企业，2024年赣州经开区工业营收932.4亿元。"@zh ;
    kg:startOffset 120 ; kg:endOffset 168 ;
    kg:inDocument kgr:Document\/0000000000000001 .
kgr:Document\/0000000000000001 a kg:Document, prov:Entity ;
    kg:fileName "000_2f12ecc62ecadb10.txt" ;
    kg:sha256 "2f12ecc62ecadb10aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" ;
    kg:encoding "utf-8" .
"""

KGR = PREFIXES["kgr"]
GANFENG = KGR + "Company/bbbbbbbbbbbbbbbb"
NEV = KGR + "Industry/eeeeeeeeeeeeeeee"

COMPANIES = """
SELECT ?company ?name ?leads ?confidence WHERE {
  ?company a kg:Company ; rdfs:label ?name ; kg:confidence ?confidence .
  OPTIONAL { ?company kg:chainLeaderOf ?leads }
} ORDER BY ?company
"""


def expected_triple_count() -> int:
    return len(rdflib.Graph().parse(data=SAMPLE_TTL, format="turtle"))


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


@pytest.fixture
def turtle_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_text(SAMPLE_TTL, encoding="utf-8")
    return path


@pytest.fixture
def store_dir(tmp_path: Path, turtle_file: Path) -> Path:
    target = tmp_path / "store"
    write_store(turtle_file, target)
    return target


@pytest.fixture
def store(store_dir: Path) -> ox.Store:
    return open_store(store_dir)


# ---------------------------------------------------------------------------------------------------- building


def test_write_store_returns_triple_count_and_leaves_no_temporary_folders(tmp_path: Path, turtle_file: Path) -> None:
    count = write_store(turtle_file, tmp_path / "store")
    assert count == expected_triple_count()
    assert len(open_store(tmp_path / "store")) == count
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl", "store"]


def test_rebuild_replaces_the_store(tmp_path: Path, store_dir: Path) -> None:
    smaller = tmp_path / "smaller.ttl"
    smaller.write_text('<https://example.org/a> <https://example.org/p> "x" .\n', encoding="utf-8")
    assert write_store(smaller, store_dir) == 1
    assert len(open_store(store_dir)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl", "smaller.ttl", "store"]


def test_failed_rebuild_raises_and_keeps_the_previous_store(tmp_path: Path, store_dir: Path) -> None:
    before = format_result(run_query(open_store(store_dir), COMPANIES), "csv")
    broken = tmp_path / "broken.ttl"
    broken.write_text(SAMPLE_TTL + "\nkgr:Park\\/x a kg:Park ;; rdfs:label .\n", encoding="utf-8")
    with pytest.raises(StoreBuildError) as info:
        write_store(broken, store_dir)
    assert isinstance(info.value, KgError)
    assert "broken.ttl" in str(info.value)
    store = open_store(store_dir)
    assert len(store) == expected_triple_count()
    assert format_result(run_query(store, COMPANIES), "csv") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ttl", "graph.ttl", "store"]


def test_missing_turtle_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoreBuildError, match="nope.ttl"):
        write_store(tmp_path / "nope.ttl", tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_refuses_to_replace_a_folder_that_is_not_a_store(tmp_path: Path, turtle_file: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreBuildError, match="not a kg store"):
        write_store(turtle_file, precious)
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_missing_store_names_the_folder_and_kg_build(tmp_path: Path) -> None:
    missing = tmp_path / "no-store-here"
    with pytest.raises(StoreMissingError) as info:
        open_store(missing)
    assert isinstance(info.value, KgError)
    assert str(missing) in str(info.value)
    assert "kg build" in str(info.value)
    missing.mkdir()  # an empty folder is no store either
    with pytest.raises(StoreMissingError):
        open_store(missing)


def test_several_readers_at_once(store_dir: Path) -> None:
    first, second = open_store(store_dir), open_store(store_dir)
    assert len(first) == len(second) == expected_triple_count()


@pytest.mark.skipif(os.name != "posix", reason="relies on POSIX unlink semantics")
def test_open_reader_survives_a_rebuild(tmp_path: Path, store_dir: Path, turtle_file: Path) -> None:
    reader = open_store(store_dir)
    write_store(turtle_file, store_dir)
    assert run_query(reader, "ASK { ?x a kg:Park }").boolean is True
    assert run_query(open_store(store_dir), "ASK { ?x a kg:Park }").boolean is True


# ---------------------------------------------------------------------------------------------------- queries


def test_select_result(store: ox.Store) -> None:
    result = run_query(store, COMPANIES)
    assert isinstance(result, QueryResult)
    assert result.kind == "select"
    assert result.variables == ["company", "name", "leads", "confidence"]
    assert [row[0].value for row in result.rows] == [GANFENG, KGR + "Company/cccccccccccccccc"]
    assert result.rows[0][2] == ox.NamedNode(NEV)
    assert result.rows[1][2] is None  # unbound OPTIONAL


def test_table_aligns_chinese_text(store: ox.Store) -> None:
    text = format_result(run_query(store, COMPANIES), "table")
    lines = text.rstrip("\n").split("\n")
    assert lines[-1] == "(2 rows)"
    table = lines[:-1]
    assert len({display_width(line) for line in table}) == 1, text
    assert "江西赣锋锂业集团股份有限公司" in text and "孚能科技(赣州)股份有限公司" in text
    assert "kgr:Company/bbbbbbbbbbbbbbbb" in text and "kgr:Industry/eeeeeeeeeeeeeeee" in text
    assert "@zh" not in text and '"' not in text  # literals as plain values
    assert "0.95" in text
    # every column separator lines up by display column, not by character count
    positions = {tuple(i for i, _ in _bar_columns(line)) for line in table}
    assert len(positions) == 1


def _bar_columns(line: str) -> list[tuple[int, str]]:
    """(display column, char) of each '|' or '+' in a table line."""
    out, col = [], 0
    for ch in line:
        if ch in "|+":
            out.append((col, ch))
        col += display_width(ch)
    return out


def test_table_row_count_footer(store: ox.Store) -> None:
    one = format_result(run_query(store, "SELECT ?p WHERE { ?p a kg:Park }"), "table")
    assert one.rstrip().endswith("(1 row)")
    none = format_result(run_query(store, "SELECT ?p WHERE { ?p a kg:Person }"), "table")
    assert none.rstrip().endswith("(0 rows)")


def test_csv_follows_sparql_csv(store: ox.Store) -> None:
    text = format_result(run_query(store, COMPANIES), "csv")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["company", "name", "leads", "confidence"]
    assert rows[1] == [GANFENG, "江西赣锋锂业集团股份有限公司", NEV, "0.95"]
    assert rows[2][2] == ""  # unbound
    assert text == _oxigraph_serialization(store, COMPANIES, ox.QueryResultsFormat.CSV)


def test_tsv_follows_sparql_tsv(store: ox.Store) -> None:
    text = format_result(run_query(store, COMPANIES), "tsv")
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "?company\t?name\t?leads\t?confidence"
    assert lines[1].split("\t") == [f"<{GANFENG}>", '"江西赣锋锂业集团股份有限公司"@zh', f"<{NEV}>", "0.95"]
    assert text == _oxigraph_serialization(store, COMPANIES, ox.QueryResultsFormat.TSV)


def test_json_follows_sparql_json(store: ox.Store) -> None:
    document = json.loads(format_result(run_query(store, COMPANIES), "json"))
    assert document["head"]["vars"] == ["company", "name", "leads", "confidence"]
    first, second = document["results"]["bindings"]
    assert first["company"] == {"type": "uri", "value": GANFENG}
    assert first["name"] == {"type": "literal", "value": "江西赣锋锂业集团股份有限公司", "xml:lang": "zh"}
    assert first["confidence"] == {
        "type": "literal",
        "value": "0.95",
        "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
    }
    assert "leads" not in second  # unbound variables are left out of a binding
    assert document == json.loads(_oxigraph_serialization(store, COMPANIES, ox.QueryResultsFormat.JSON))


def _oxigraph_serialization(store: ox.Store, query: str, fmt: ox.QueryResultsFormat) -> str:
    """Oxigraph's own serializer of the same results, as the reference for the SPARQL result formats."""
    return store.query(query, prefixes=PREFIXES).serialize(format=fmt).decode("utf-8")


def test_plain_strings_and_blank_nodes_in_json_and_csv() -> None:
    result = QueryResult(
        kind="select",
        variables=["s", "b"],
        rows=[(ox.Literal('a "quoted", text'), ox.BlankNode("b0"))],
    )
    bindings = json.loads(format_result(result, "json"))["results"]["bindings"]
    assert bindings == [{"s": {"type": "literal", "value": 'a "quoted", text'}, "b": {"type": "bnode", "value": "b0"}}]
    assert list(csv.reader(io.StringIO(format_result(result, "csv"), newline=""))) == [
        ["s", "b"],
        ['a "quoted", text', "_:b0"],
    ]


def test_ask(store: ox.Store) -> None:
    yes = run_query(store, "ASK { ?c kg:chainLeaderOf ?i }")
    no = run_query(store, "ASK { ?c kg:subsidiaryOf ?i }")
    assert (yes.kind, yes.boolean, no.boolean) == ("ask", True, False)
    for fmt in ("table", "csv", "tsv"):
        assert format_result(yes, fmt).strip() == "true"
        assert format_result(no, fmt).strip() == "false"
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}
    assert json.loads(format_result(no, "json"))["boolean"] is False


def test_construct(store: ox.Store) -> None:
    result = run_query(
        store,
        "CONSTRUCT { ?c kg:leads ?i } WHERE { ?a rdf:subject ?c ; rdf:predicate kg:chainLeaderOf ; rdf:object ?i }",
    )
    assert result.kind == "graph"
    assert len(result.triples) == 1
    text = format_result(result, "table")
    assert text == f"<{GANFENG}> <{PREFIXES['kg']}leads> <{NEV}> .\n"
    assert len(rdflib.Graph().parse(data=text, format="nt")) == 1
    assert len(rdflib.Graph().parse(data=format_result(result, "json"), format="json-ld")) == 1


def test_describe(store: ox.Store) -> None:
    result = run_query(store, f"DESCRIBE <{NEV}>")
    assert result.kind == "graph"
    assert len(result.triples) == 5


def test_malformed_query_raises_query_error(store: ox.Store) -> None:
    with pytest.raises(QueryError) as info:
        run_query(store, "SELECT ?x WHERE { ?x a kg:Park ")
    assert isinstance(info.value, KgError)
    assert "error at" in str(info.value)


def test_unknown_prefix_is_named(store: ox.Store) -> None:
    with pytest.raises(QueryError, match="ex:"):
        run_query(store, "SELECT ?x WHERE { ?x a ex:Park }")


@pytest.mark.parametrize(
    "update",
    [
        f"INSERT DATA {{ <{GANFENG}> <{PREFIXES['kg']}chainLeaderOf> <{NEV}> }}",
        "PREFIX kg: <https://w3id.org/kg-industry/ontology#>\n# wipe\nDELETE WHERE { ?s ?p ?o }",
        "CLEAR DEFAULT",
        "delete { ?s ?p ?o } where { ?s ?p ?o }",
        # prefix names of any script, a BASE and comments glued to IRIs: the prologue is read as the grammar does
        "PREFIX 园区: <urn:park#>\nINSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "BASE <urn:x#>#glued\nPREFIX : <urn:y#>LOAD <http://127.0.0.1:9/graph.ttl>",
    ],
)
def test_update_is_refused(store: ox.Store, update: str) -> None:
    with pytest.raises(QueryError, match="read-only"):
        run_query(store, update)
    assert len(store) == expected_triple_count()


def test_prefixes_are_added_automatically(store: ox.Store) -> None:
    result = run_query(store, "SELECT ?x WHERE { ?x a kg:Park }")
    assert [row[0].value for row in result.rows] == [KGR + "Park/aaaaaaaaaaaaaaaa"]
    # the query's own declaration wins over the predeclared one
    assert run_query(store, "PREFIX kg: <https://example.org/> ASK { ?x a kg:Park }").boolean is False


def test_add_missing_prefixes() -> None:
    query = 'SELECT ?x WHERE { ?x a kg:Park ; rdfs:label "skos:inside a string" . } # owl:in a comment'
    added = add_missing_prefixes(query)
    assert added.endswith(query)
    header = added[: -len(query)]
    assert f"PREFIX kg: <{PREFIXES['kg']}>" in header
    assert f"PREFIX rdfs: <{PREFIXES['rdfs']}>" in header
    assert "skos" not in header and "owl" not in header
    declared = "PREFIX kg: <https://w3id.org/kg-industry/ontology#>\nSELECT ?x WHERE { ?x a kg:Park }"
    assert add_missing_prefixes(declared) == declared
    no_prefixes = f"SELECT ?x WHERE {{ ?x <{PREFIXES['rdf']}type> ?t }}"
    assert add_missing_prefixes(no_prefixes) == no_prefixes
    partly = "PREFIX kg: <https://example.org/>\nSELECT ?x WHERE { ?x a kg:Park ; skos:altLabel ?l }"
    assert add_missing_prefixes(partly) == f"PREFIX skos: <{PREFIXES['skos']}>\n" + partly


def test_prefix_constant() -> None:
    assert PREFIXES["kg"] == "https://w3id.org/kg-industry/ontology#"
    assert PREFIXES["kgr"] == "https://w3id.org/kg-industry/resource/"
    assert set(PREFIXES) == {"kg", "kgr", "rdf", "rdfs", "owl", "xsd", "skos", "prov", "schema", "org", "dcterms",
                             "kgch"}


def test_load_query_text(tmp_path: Path) -> None:
    saved = tmp_path / "chain-leaders.rq"
    saved.write_text("SELECT ?c WHERE { ?c kg:chainLeaderOf ?i }\n", encoding="utf-8")
    assert load_query_text(str(saved)) == "SELECT ?c WHERE { ?c kg:chainLeaderOf ?i }\n"
    assert load_query_text("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    with pytest.raises(KgError, match="nothing-here.rq"):
        load_query_text(str(tmp_path / "nothing-here.rq"))
    long_text = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 5000
    assert load_query_text(long_text) == long_text


def test_a_saved_query_is_loaded_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = Path(__file__).resolve().parents[2] / "ontology" / "queries"
    assert load_query_text("policies") == (saved / "policies.rq").read_text(encoding="utf-8-sig")
    # a file of that name in the working folder wins; `policies.rq` names a file, never the saved query
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies").write_text("ASK {}", encoding="utf-8")
    assert load_query_text("policies") == "ASK {}"
    with pytest.raises(KgError, match="query file not found: policies.rq"):
        load_query_text("policies.rq")
    # one bare word that names nothing: the saved queries are listed
    with pytest.raises(KgError, match="no-such-query is neither a query file nor a saved query.*chain-leaders"):
        load_query_text("no-such-query")


def test_unknown_formats_are_errors(store: ox.Store) -> None:
    with pytest.raises(KgError, match="xml"):
        format_result(run_query(store, "ASK {}"), "xml")
    with pytest.raises(KgError, match="rdfxml"):
        export_graph(store, "rdfxml")


# ---------------------------------------------------------------------------------------------------- export


def _parse_export(data: bytes, fmt: str) -> int:
    """Triples read back by rdflib; for TriG the sum over the two named graphs."""
    if fmt == "trig":
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format="trig")
        sizes = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
        assert set(sizes) == {KNOWLEDGE_GRAPH, PROVENANCE_GRAPH}
        return sum(sizes.values())
    rdflib_format = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
    return len(rdflib.Graph().parse(data=data, format=rdflib_format))


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_parses_back_to_the_same_triples(store: ox.Store, fmt: str) -> None:
    assert _parse_export(export_graph(store, fmt), fmt) == expected_triple_count()


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_is_byte_identical(tmp_path: Path, turtle_file: Path, store: ox.Store, fmt: str) -> None:
    first = export_graph(store, fmt)
    assert export_graph(store, fmt) == first
    write_store(turtle_file, tmp_path / "other-store")
    assert export_graph(open_store(tmp_path / "other-store"), fmt) == first


def test_nt_export_is_sorted(store: ox.Store) -> None:
    lines = export_graph(store, "nt").decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert all(line.endswith(" .") for line in lines)


def test_turtle_export_uses_project_prefixes(store: ox.Store) -> None:
    text = export_graph(store, "turtle").decode("utf-8")
    assert f"@prefix kg: <{PREFIXES['kg']}> ." in text
    assert f"@prefix skos: <{PREFIXES['skos']}> ." in text
    assert "江西赣锋锂业集团股份有限公司" in text


def test_trig_splits_knowledge_and_provenance(store: ox.Store) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(data=export_graph(store, "trig"), format="trig")
    knowledge = dataset.graph(rdflib.URIRef(KNOWLEDGE_GRAPH))
    provenance = dataset.graph(rdflib.URIRef(PROVENANCE_GRAPH))
    kg, prov = rdflib.Namespace(PREFIXES["kg"]), rdflib.Namespace(PREFIXES["prov"])
    assert (rdflib.URIRef(GANFENG), kg.chainLeaderOf, rdflib.URIRef(NEV)) in knowledge
    assert (rdflib.URIRef(KGR + "Fact/ffffffffffffffff"), kg.metric, None) in knowledge
    assert not list(knowledge.triples((None, prov.wasDerivedFrom, None)))
    assert not list(knowledge.triples((rdflib.URIRef(KGR + "Sentence/0000000000000001-120"), None, None)))
    assert (rdflib.URIRef(GANFENG), prov.wasDerivedFrom, None) in provenance
    assert (rdflib.URIRef(KGR + "Assertion/1111111111111111"), rdflib.RDF.subject, rdflib.URIRef(GANFENG)) in provenance
    assert (rdflib.URIRef(KGR + "Document/0000000000000001"), kg.fileName, None) in provenance
    assert (None, kg.chainLeaderOf, None) not in provenance


def test_export_does_not_depend_on_the_hash_seed(store_dir: Path) -> None:
    """rdflib iterates sets in places; the bytes must not change with PYTHONHASHSEED."""
    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from kg.store.store import export_graph, open_store\n"
        "store = open_store(Path(sys.argv[1]))\n"
        "for fmt in ('turtle', 'jsonld', 'trig'):\n"
        "    print(fmt, hashlib.sha256(export_graph(store, fmt)).hexdigest())\n"
    )
    repo = Path(__file__).resolve().parents[2]
    outputs = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(repo))
        done = subprocess.run(
            [sys.executable, "-c", script, str(store_dir)], env=env, capture_output=True, text=True, check=True
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    here = "".join(
        f"{fmt} {hashlib.sha256(export_graph(open_store(store_dir), fmt)).hexdigest()}\n"
        for fmt in ("turtle", "jsonld", "trig")
    )
    assert outputs[0] == here
