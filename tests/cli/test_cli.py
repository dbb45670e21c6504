"""The installed `kg` console script, run as a subprocess on the seeds, as a user would run it.

One `kg build` of the seeds is shared by the module (about two seconds); every other command reads its output
folder. The whole file takes some twenty seconds because each of the ~40 commands starts a new interpreter.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from helpers import CHROMIUM, kg_script, wait_until_drawn, watched_page

from kg import cli
from kg.store.store import KNOWLEDGE_GRAPH, PREFIXES, PROVENANCE_GRAPH, load_query_text, open_store, run_query
from kg.vocab import ENTITY_TYPES

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "ontology" / "queries"
SAVED = ["chain-leaders.rq", "policies.rq", "park-universities.rq", "edge-evidence.rq"]
FORMATS = ["table", "csv", "tsv", "json"]
SCHEMA_KEYS = {
    "entities": {"name", "type"},
    "relations": {"head", "relation", "tail"},
    "facts": {"subject", "metric", "value", "unit", "period"},
}
ENTITY_COUNT = (
    "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { VALUES ?class { "
    + " ".join(f"kg:{t}" for t in ENTITY_TYPES)
    + " } ?e a ?class }"
)



def run(*args: str | Path, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [kg_script(), *map(str, args)], cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=env,
        timeout=120,
    )
    if check:
        assert proc.returncode == 0, f"kg {' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stderr}"
    return proc


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def built(work: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = work / "OUT"
    return out, run("build", SEEDS, "--out", out, cwd=work)


@pytest.fixture(scope="module")
def out(built: tuple[Path, subprocess.CompletedProcess[str]]) -> Path:
    return built[0]


def select(out: Path, query: str) -> tuple[list[str], list[dict[str, str]]]:
    """Run a query through the CLI as JSON; (variables, rows of plain values)."""
    proc = run("query", query, "--format", "json", "--out", out, cwd=out.parent)
    data = json.loads(proc.stdout)
    rows = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    return data["head"]["vars"], rows


# ---------------------------------------------------------------------------------------------------------- build


def test_build_prints_the_summary_and_writes_every_output(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, proc = built
    lines = proc.stdout.splitlines()
    assert "documents: 5" in lines
    summary = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in lines if ":" in line}
    for key in ("documents", "entities", "relations", "facts", "seconds"):
        assert key in summary, proc.stdout
    for key in ("entities", "relations", "facts"):
        assert int(summary[key].split()[0]) > 0, proc.stdout
    assert float(summary["seconds"]) > 0
    for name in ("graph.ttl", "graph.html", "extraction.jsonl"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    assert (out / "store").is_dir() and any((out / "store").iterdir())
    # Nothing half-written or temporary is left beside the outputs and the extraction cache.
    assert sorted(p.name for p in out.iterdir()) == [".kg-lock", ".kg-output", "cache", "changes.json",
                                                     "extraction.jsonl", "graph.html", "graph.ttl", "store"]


def test_summary_counts_match_the_store(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, proc = built
    entities = int(re.search(r"^entities:\s+(\d+)", proc.stdout, re.MULTILINE).group(1))
    _, rows = select(out, ENTITY_COUNT)
    assert int(rows[0]["n"]) == entities
    triples = re.search(r"^triples:\s+(\d+)", proc.stdout, re.MULTILINE)
    if triples:
        assert int(triples.group(1)) == len(rdflib.Graph().parse(out / "graph.ttl", format="turtle"))


# ---------------------------------------------------------------------------------------------------------- query

INLINE = "SELECT ?park ?name WHERE { ?park a kg:Park ; rdfs:label ?name } ORDER BY ?name"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("query", ["inline", *SAVED])
def test_query_in_every_format(out: Path, query: str, fmt: str) -> None:
    text = INLINE if query == "inline" else str(QUERIES / query)
    proc = run("query", text, "--format", fmt, "--out", out, cwd=out.parent)
    stdout = proc.stdout
    # The variables, read in-process from the same store (read-only, so it may be open beside the CLI).
    variables = run_query(open_store(out / "store"), load_query_text(text)).variables
    assert variables
    if fmt == "json":
        data = json.loads(stdout)
        assert data["head"]["vars"] == variables
        assert isinstance(data["results"]["bindings"], list)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(stdout)))
        assert rows[0] == variables
    elif fmt == "tsv":
        assert stdout.splitlines()[0].split("\t") == [f"?{v}" for v in variables]
    else:
        lines = stdout.splitlines()
        assert re.fullmatch(r"\((\d+) rows?\)", lines[-1]), lines[-1]
        for v in variables:
            assert v in lines[1]


def test_formats_agree_on_the_row_count(out: Path) -> None:
    text = str(QUERIES / "policies.rq")
    as_json = json.loads(run("query", text, "-f", "json", "--out", out, cwd=out.parent).stdout)
    n = len(as_json["results"]["bindings"])
    assert n > 0
    as_csv = list(csv.reader(io.StringIO(run("query", text, "-f", "csv", "--out", out, cwd=out.parent).stdout)))
    assert len(as_csv) == n + 1
    as_table = run("query", text, "-f", "table", "--out", out, cwd=out.parent).stdout
    assert as_table.splitlines()[-1] == f"({n} row{'s' if n != 1 else ''})"


def test_inline_query_needs_no_prefix_lines(out: Path) -> None:
    variables, rows = select(out, INLINE)
    assert variables == ["park", "name"]
    names = {r["name"] for r in rows}
    assert "抚州高新区" in names


def test_chain_leaders_with_their_industry(out: Path) -> None:
    _, rows = select(out, str(QUERIES / "chain-leaders.rq"))
    assert rows, "no chain leader in the seed graph"
    for row in rows:
        assert row.get("firm") and row.get("industry"), row


def test_policies_with_their_issuers(out: Path) -> None:
    _, rows = select(out, str(QUERIES / "policies.rq"))
    assert rows
    assert all(row.get("policy") for row in rows)
    assert any(row.get("issuer") for row in rows), "no policy has an issuer"
    for row in rows:
        if row.get("issuer"):
            assert row.get("issuerType") in {"GovernmentBody", "Park", "Region"}, row


def test_universities_working_with_firms_of_fuzhou_high_tech_zone(out: Path) -> None:
    """Seed 000: 江西铜博科技, in 抚州高新区, works with 南昌大学 and 江西理工大学."""
    _, rows = select(out, str(QUERIES / "park-universities.rq"))
    assert rows, "no university linked to a firm of 抚州高新区"
    assert {r["university"] for r in rows} & {"南昌大学", "江西理工大学"}, rows
    for row in rows:
        assert row["relation"] in {"cooperatesWith", "coBuilds"}
        assert row["firm"]


def test_every_edge_has_an_evidence_sentence(out: Path) -> None:
    _, rows = select(out, str(QUERIES / "edge-evidence.rq"))
    assert rows
    seeds = {p.name for p in SEEDS.glob("*.txt")}
    for row in rows:
        assert row.get("text", "").strip(), row
        assert row["file"] in seeds, row
        assert row["rel"].startswith(PREFIXES["kg"]) and row.get("rule"), row
        assert 0 <= float(row["confidence"]) <= 1


# --------------------------------------------------------------------------------------------------------- export

EXPORTS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}
DECIMAL = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def canonical(triple: tuple) -> tuple:
    """A triple with xsd:decimal literals compared by value: rdflib writes 2 as `2.0`, Oxigraph as "2"."""
    return tuple(
        ("decimal", t.toPython()) if isinstance(t, rdflib.Literal) and t.datatype == DECIMAL else t for t in triple
    )


@pytest.fixture(scope="module")
def reference(out: Path) -> set[tuple]:
    """The triples of graph.ttl, the file the store was built from."""
    return {canonical(t) for t in rdflib.Graph().parse(out / "graph.ttl", format="turtle")}


# rdflib's own JSON-LD and TriG parsers use its deprecated ConjunctiveGraph internally.
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
@pytest.mark.parametrize("fmt", list(EXPORTS))
def test_export_parses_back(out: Path, reference: set[tuple], fmt: str) -> None:
    target = out.parent / f"export.{fmt}"
    run("export", "--format", fmt, "--output", target, "--out", out, cwd=out.parent)
    data = target.read_bytes()
    assert data
    if fmt == "trig":
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format="trig")
        triples = [(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))]
        assert {str(g.identifier) for g in dataset.graphs()} >= {KNOWLEDGE_GRAPH, PROVENANCE_GRAPH}
    else:
        triples = list(rdflib.Graph().parse(data=data, format=EXPORTS[fmt]))
    assert len(triples) == len(reference)
    assert {canonical(t) for t in triples} == reference
    # Standard output gives the same bytes as --output.
    proc = subprocess.run([kg_script(), "export", "-f", fmt, "--out", str(out)], capture_output=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout == data


# -------------------------------------------------------------------------------------------------------- extract


def test_extract_writes_one_json_line_per_document(work: Path) -> None:
    target = work / "pred" / "extraction.jsonl"
    run("extract", SEEDS, "--output", target, cwd=work)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    records = [json.loads(line) for line in lines]
    assert [r["doc"] for r in records] == sorted(p.name for p in SEEDS.glob("*.txt"))
    for record in records:
        assert {"doc", *SCHEMA_KEYS} <= set(record)
        for key, fields in SCHEMA_KEYS.items():
            assert isinstance(record[key], list)
            for item in record[key]:
                assert fields <= set(item), (key, item)
        assert record["entities"], record["doc"]
        for e in record["entities"]:
            assert e["type"] in ENTITY_TYPES
        for f in record["facts"]:
            assert isinstance(f["value"], (int, float))


# --------------------------------------------------------------------------------------------------------- errors


def test_query_on_an_empty_folder_names_it(work: Path) -> None:
    empty = work / "empty-out"
    empty.mkdir()
    proc = run("query", INLINE, "--out", empty, cwd=work, check=False)
    assert proc.returncode == 2
    assert str(empty) in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 6000 + "1" + ")" * 6000 + ") }",
    "SELECT * WHERE { ?s " + "kg:p/" * 9000 + "kg:p ?o }",
])
def test_a_query_too_deep_for_the_engine_is_refused_not_a_crash(out: Path, query: str) -> None:
    # The query engine recurses per level and dies of SIGSEGV on an ordinary stack at a few thousand levels.
    proc = run("query", query, "--out", out, cwd=out.parent, check=False)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-300:])
    assert "at most" in proc.stderr and "Traceback" not in proc.stderr


def test_a_malformed_query_reports_the_parser_message(out: Path) -> None:
    bad = "SELECT ?p WHERE { ?p a kg:Park ; rdfs:label }"
    try:
        pyoxigraph.Store().query(bad, prefixes=PREFIXES)
    except SyntaxError as exc:
        parser_message = str(exc)
    else:
        pytest.fail("pyoxigraph accepted the malformed query")
    proc = run("query", bad, "--out", out, cwd=out.parent, check=False)
    assert proc.returncode == 2
    assert parser_message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_build_on_a_missing_path_names_it(work: Path) -> None:
    missing = work / "no-such-articles"
    proc = run("build", missing, "--out", work / "never", cwd=work, check=False)
    assert proc.returncode == 2
    assert str(missing) in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (work / "never").exists()


def test_a_failed_build_leaves_the_previous_outputs_alone(work: Path, out: Path) -> None:
    previous = work / "previous"
    shutil.copytree(out, previous)
    before = snapshot(previous)
    assert "graph.ttl" in before
    binary_folder = work / "binary-only"
    binary_folder.mkdir()
    rnd = random.Random(20240601)
    bad = binary_folder / "scan.txt"
    bad.write_bytes(bytes(rnd.randrange(256) if i % 29 else 0 for i in range(8192)))

    proc = run("build", binary_folder, "--out", previous, cwd=work, check=False)
    assert proc.returncode == 2
    assert str(bad) in proc.stderr or bad.name in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(previous) == before
    assert sorted(p.name for p in previous.iterdir()) == [".kg-lock", ".kg-output", "cache", "changes.json",
                                                          "extraction.jsonl", "graph.html", "graph.ttl", "store"]
    # The store still answers, with what the previous build put in it.
    _, rows = select(previous, INLINE)
    assert "抚州高新区" in {r["name"] for r in rows}


# ----------------------------------------------------------------------------------------------------------- help


def _subparsers() -> dict[str, object]:
    import argparse

    parser = cli.parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_main_help_lists_every_command(work: Path) -> None:
    proc = run("--help", cwd=work)
    for name in _subparsers():
        assert name in proc.stdout
    for option in ("--help", "--version"):
        assert option in proc.stdout


@pytest.mark.parametrize("command", ["build", "extract", "query", "export", "viz"])
def test_each_command_help_mentions_every_option(work: Path, command: str) -> None:
    sub = _subparsers()[command]
    proc = run(command, "--help", cwd=work)
    options = [s for action in sub._actions for s in action.option_strings]  # type: ignore[attr-defined]
    assert options
    for option in options:
        assert option in proc.stdout, (command, option)
    for action in sub._actions:  # type: ignore[attr-defined]
        if not action.option_strings:
            assert action.metavar in proc.stdout, (command, action.metavar)
        if action.choices:
            for choice in action.choices:
                assert choice in proc.stdout, (command, choice)


# -------------------------------------------------------------------------------------------------------- browser


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
def test_the_network_page_draws_every_entity(out: Path) -> None:
    """kg.viz draws every typed entity (network_from_store takes all of them, not only those with an edge)."""
    result = run_query(open_store(out / "store"), ENTITY_COUNT)
    entity_count = int(result.rows[0][0].value)
    assert entity_count > 0
    url = (out / "graph.html").as_uri()

    with watched_page(url, viewport={"width": 1280, "height": 800}) as watched:
        page = watched.page
        wait_until_drawn(page, 30_000)
        ids = page.evaluate("window.kgNodes.getIds()")
        positions = page.evaluate("window.kgNetwork.getPositions()")

    placed = [i for i in ids if i in positions and all(isinstance(positions[i][k], (int, float)) for k in "xy")]
    assert len(placed) == len(set(ids)) == entity_count
    assert watched.problems == []
    assert watched.requests and all(r == url or r.startswith("data:") for r in watched.requests), watched.requests


# ------------------------------------------------------------------------------------------------ kg viz options

VIZ_R = "https://w3id.org/kg-industry/resource/"
VIZ_GRAPH = """@prefix kg: <https://w3id.org/kg-industry/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix r: <https://w3id.org/kg-industry/resource/> .
r:gf a kg:Company ; rdfs:label "江西赣锋锂业集团股份有限公司"@zh ; skos:altLabel "赣锋锂业"@zh, "赣锋"@zh ;
    kg:confidence 0.9 .
r:li a kg:Industry ; rdfs:label "锂电新能源"@zh ; kg:confidence 0.9 .
r:xy a kg:Park ; rdfs:label "新余高新技术产业开发区"@zh ; kg:confidence 0.95 .
r:city a kg:Region ; rdfs:label "新余市"@zh ; kg:confidence 1.0 .
r:weak a kg:Company ; rdfs:label "某材料公司"@zh ; kg:confidence 0.4 .
r:doc a kg:Document ; kg:fileName "000_test.txt" .
r:s1 a kg:Sentence ; kg:text "赣锋锂业是锂电新能源产业链链主企业。"@zh ; kg:startOffset 0 ; kg:inDocument r:doc .
"""
# (subject, relation, object, confidence): each also reified as a kg:RelationAssertion.
VIZ_EDGES = [("gf", "chainLeaderOf", "li", 0.9), ("xy", "focusesOn", "li", 0.8), ("xy", "locatedIn", "city", 0.9),
             ("weak", "suppliesTo", "gf", 0.5)]


@pytest.fixture(scope="module")
def viz_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from a small hand-written graph (independent of what the extractor finds in the seeds)."""
    from kg.store.store import write_store

    out = tmp_path_factory.mktemp("viz") / "OUT"
    lines = [VIZ_GRAPH]
    for i, (s, p, o, confidence) in enumerate(VIZ_EDGES):
        lines.append(f"r:{s} kg:{p} r:{o} .\nr:a{i} a rdf:Statement, kg:RelationAssertion ; rdf:subject r:{s} ;"
                     f" rdf:predicate kg:{p} ; rdf:object r:{o} ; kg:confidence {confidence} ;"
                     " prov:wasDerivedFrom r:s1 .")
    turtle = out.parent / "graph.ttl"
    turtle.write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_store(turtle, out / "store")
    return out


def _page_nodes(page: Path) -> set[str]:
    """The ids of the entities a written page draws (its `nodeData` constant)."""
    match = re.search(r"^  const nodeData = (.*);$", page.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, page
    return {node["id"].removeprefix(VIZ_R) for node in json.loads(match.group(1))}


@pytest.mark.slow
def test_viz_focus_and_depth(viz_out: Path) -> None:
    expected = {1: {"gf", "li", "weak"}, 2: {"gf", "li", "weak", "xy"}, 3: {"gf", "li", "weak", "xy", "city"}}
    for depth, names in expected.items():
        page = viz_out.parent / f"focus-{depth}.html"
        proc = run("viz", "--out", viz_out, "--focus", "赣锋", "--depth", str(depth), "--output", page,
                   "--min-confidence", "0", cwd=viz_out.parent)
        assert _page_nodes(page) == names, depth
        assert f"{depth} 跳子图" in proc.stderr
        assert "江西赣锋锂业集团股份有限公司" in page.read_text(encoding="utf-8")
    # The full name, another alias and a unique part of a name find the same firm; depth defaults to 1.
    for name in ("江西赣锋锂业集团股份有限公司", "赣锋锂业", "赣锋锂业集团"):
        page = viz_out.parent / "focus.html"
        run("viz", "--out", viz_out, "--focus", name, "-o", page, "--min-confidence", "0", cwd=viz_out.parent)
        assert _page_nodes(page) == expected[1], name


def test_viz_focus_on_an_unknown_name_names_it(viz_out: Path) -> None:
    page = viz_out.parent / "missing.html"
    proc = run("viz", "--out", viz_out, "--focus", "比亚迪", "--output", page, cwd=viz_out.parent, check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["kg: error: no entity named '比亚迪' in the graph (names and aliases "
                                                "were searched)"]
    assert not page.exists()
    proc = run("viz", "--out", viz_out, "--focus", "公司", "-o", page, cwd=viz_out.parent, check=False)
    assert proc.returncode == 2 and "give the full name" in proc.stderr and "某材料公司" in proc.stderr


def test_viz_types_and_min_confidence(viz_out: Path) -> None:
    page = viz_out.parent / "types.html"
    run("viz", "--out", viz_out, "--types", "Company,Industry", "--output", page, "--min-confidence", "0",
        cwd=viz_out.parent)
    assert _page_nodes(page) == {"gf", "li", "weak"}
    run("viz", "--out", viz_out, "--types", "园区,地区", "--output", page, "--min-confidence", "0", cwd=viz_out.parent)
    assert _page_nodes(page) == {"xy", "city"}
    proc = run("viz", "--out", viz_out, "--min-confidence", "0.6", "--output", page, cwd=viz_out.parent)
    assert _page_nodes(page) == {"gf", "li", "xy", "city"}
    assert "置信度 ≥ 0.6" in proc.stderr and "置信度 ≥ 0.6" in page.read_text(encoding="utf-8")
    run("viz", "--out", viz_out, "--focus", "赣锋", "--depth", "3", "--min-confidence", "0.85", "-o", page,
        cwd=viz_out.parent)
    assert _page_nodes(page) == {"gf", "li"}  # xy focusesOn li is 0.8: the park is out of reach


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--types", "Company,Firm"], "unknown entity type 'Firm'"),
        (["--min-confidence", "1.5"], "--min-confidence must be between 0 and 1"),
        (["--depth", "2"], "--depth needs --focus"),
        (["--focus", "赣锋", "--depth", "-1"], "--depth must be 0 or more"),
        (["--focus", "赣锋", "--types", "Park"], "is left out by --types/--min-confidence"),
        (["--max-nodes", "0"], "--max-nodes must be 1 or more"),
    ],
)
def test_viz_rejects_bad_options(viz_out: Path, args: list[str], message: str) -> None:
    page = viz_out.parent / "rejected.html"
    proc = run("viz", "--out", viz_out, *args, "--output", page, cwd=viz_out.parent, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("kg: error: ") and message in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert not page.exists()


def test_viz_over_max_nodes_draws_the_most_connected(viz_out: Path) -> None:
    page = viz_out.parent / "overview.html"
    proc = run("viz", "--out", viz_out, "--max-nodes", "2", "--output", page, "--min-confidence", "0",
               cwd=viz_out.parent)
    assert len(_page_nodes(page)) == 2
    assert "共 5 个实体，显示关联最多的 2 个" in proc.stderr and "共 5 个实体，显示关联最多的 2 个" in page.read_text(
        encoding="utf-8")
    run("viz", "--out", viz_out, "--max-nodes", "5", "--output", page, "--min-confidence", "0", cwd=viz_out.parent)
    assert _page_nodes(page) == {"gf", "li", "xy", "city", "weak"}


def test_viz_in_english_to_the_default_path(viz_out: Path) -> None:
    run("viz", "--out", viz_out, "--lang", "en", "--min-confidence", "0", cwd=viz_out.parent)
    text = (viz_out / "graph.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in text and '"label":"chain leader of"' in text and "Entity types" in text
    assert _page_nodes(viz_out / "graph.html") == {"gf", "li", "xy", "city", "weak"}
