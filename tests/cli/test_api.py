"""kg.build(), kg.extract() and kg.open_graph() from Python, on the seeds with a real store: the report says what
the files hold, and the outputs are those of `kg build`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import rdflib
from conftest import SEEDS
from helpers import kg_script

import kg
from kg.building import pipeline
from kg.errors import KgError
from kg.store import store

ROOT = Path(__file__).resolve().parents[2]
KG = rdflib.Namespace("https://w3id.org/kg-industry/ontology#")
RESOURCE = "https://w3id.org/kg-industry/resource/"


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def graph(seed_build: kg.BuildReport) -> rdflib.Graph:
    return rdflib.Graph().parse(seed_build.out / "graph.ttl", format="turtle")


def test_the_report_counts_what_the_files_hold(seed_build: kg.BuildReport, graph: rdflib.Graph) -> None:
    records = _records(seed_build.out)
    assert seed_build.documents == len(records) == len(list(SEEDS.glob("*.txt")))
    assert seed_build.triples == len(graph) > 0
    # Merged entities by type: the graph's entity nodes (those with a mention count).
    in_graph = Counter(str(o).removeprefix(str(KG)) for s, o in graph.subject_objects(rdflib.RDF.type)
                       if str(o).startswith(str(KG)) and str(s).startswith(RESOURCE)
                       and (s, KG.mentionCount, None) in graph)
    assert seed_build.entities == dict(in_graph) and sum(in_graph.values()) > 0
    # Relations: those in the graph, plus the weak ones, which only extraction.jsonl keeps.
    kept = Counter(str(graph.value(a, rdflib.RDF.predicate)).removeprefix(str(KG))
                   for a in graph.subjects(rdflib.RDF.type, KG.RelationAssertion))
    weak = Counter(r["relation"] for rec in records for r in rec["weak_relations"])
    assert seed_build.relations == dict(kept + weak)
    assert seed_build.weak_relations == sum(weak.values())
    assert seed_build.facts == len(set(graph.subjects(rdflib.RDF.type, KG.Fact))) == sum(
        len(rec["facts"]) for rec in records)
    assert seed_build.dated == sum(1 for rec in records if rec["date"])
    assert seed_build.undated == tuple(rec["doc"] for rec in records if not rec["date"])
    assert seed_build.changes == json.loads((seed_build.out / "changes.json").read_text(encoding="utf-8"))
    assert seed_build.extracted + seed_build.reused == seed_build.documents and seed_build.skipped == ()
    assert seed_build.exit_code == 0
    assert sorted(seed_build.outputs) == ["changes.json", "extraction.jsonl", "graph.html", "graph.ttl", "store"]
    assert all(path.exists() and path.parent == seed_build.out for path in seed_build.outputs.values())
    assert seed_build.timings and all(seconds >= 0 for seconds in seed_build.timings.values())
    assert seed_build.seconds >= sum(seed_build.timings.values()) > 0


@pytest.mark.slow
def test_kg_build_writes_what_the_command_writes(seed_build: kg.BuildReport, tmp_path: Path) -> None:
    out = tmp_path / "cli-out"
    proc = subprocess.run([kg_script(), "build", str(SEEDS), "--out", str(out)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    for name in ("graph.ttl", "extraction.jsonl", "graph.html"):
        assert (out / name).read_bytes() == (seed_build.out / name).read_bytes(), name
    # The command prints the report's summary: the same lines but for its own folder, memory and time.
    varying = ("extracted:", "changes:", "outputs:", "memory:", "seconds:")
    printed = [line for line in proc.stdout.splitlines() if not line.startswith(varying)]
    assert printed == [line for line in seed_build.summary_lines() if not line.startswith(varying)]
    assert f"triples:   {seed_build.triples}" in printed


def test_kg_extract_gives_the_extraction_the_build_wrote(seed_build: kg.BuildReport) -> None:
    extractions = kg.extract(str(SEEDS))  # one folder may be given alone
    records = [pipeline.jsonl_record(ex) for ex in extractions]
    assert json.loads(json.dumps(records, ensure_ascii=False)) == _records(seed_build.out)


def test_extract_jsonl_reports_what_it_wrote(tmp_path: Path) -> None:
    output = tmp_path / "seeds.jsonl"
    report = kg.extract_jsonl([SEEDS], output, min_confidence=0)
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert report.documents == len(records) > 0
    assert report.weak_relations == 0 == sum(len(rec["weak_relations"]) for rec in records)
    assert report.summary_lines()[-1] == f"{len(records)} documents -> {output}"


def test_open_graph_reads_the_store_and_the_turtle(seed_build: kg.BuildReport, graph: rdflib.Graph) -> None:
    kg_store = kg.open_graph(seed_build.out)
    result = store.run_query(kg_store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(result.rows[0][0].value) == seed_build.triples
    parsed = kg.open_graph(seed_build.out, rdflib=True)
    assert isinstance(parsed, rdflib.Graph) and len(parsed) == len(graph)


def test_open_graph_names_a_folder_without_a_graph(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no knowledge-graph store at"):
        kg.open_graph(tmp_path)
    with pytest.raises(KgError, match=r"graph\.ttl does not exist"):
        kg.open_graph(tmp_path, rdflib=True)


def test_bad_options_raise_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(KgError, match="--min-confidence must be between 0 and 1, not 2"):
        kg.build([SEEDS], out, min_confidence=2)
    with pytest.raises(KgError, match="--max-nodes must be 1 or more, not 0"):
        kg.build([SEEDS], out, max_nodes=0)
    (tmp_path / "empty").mkdir()
    with pytest.raises(KgError, match="no .txt or .md documents found in"):
        kg.build([tmp_path / "empty"], out)
    with pytest.raises(KgError, match="nothing-here: no such file or folder"):
        kg.build([tmp_path / "nothing-here"], out)
    with pytest.raises(KgError, match="--jobs must be 1 or more, not 0"):
        kg.extract([SEEDS], jobs=0)
    with pytest.raises(KgError, match="--executor must be one of local, dask, not 'threads'"):
        kg.extract([SEEDS], executor="threads")
    with pytest.raises(KgError, match="--executor dask needs --scheduler ADDRESS"):
        kg.build([SEEDS], out, executor="dask")
    assert not out.exists()


def _environment() -> dict[str, str]:
    """This checkout first on the path of a child Python, whatever the directory it runs in."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def _run_python(code: str, cwd: Path) -> str:
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env=_environment())
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


HEAVY = ("('rdflib', 'pyoxigraph', 'kg.serve', 'kg.store.store', 'kg.viz', 'kg.store.push', "
         "'kg.building.graph')")


def test_import_kg_is_cheap(tmp_path: Path) -> None:
    shown = _run_python(f"import sys, kg; print(sorted(m for m in sys.modules if m.split('.')[0] == 'kg' or "
                        f"m in {HEAVY})); print(kg.build.__module__)", tmp_path)
    assert shown.splitlines() == ["['kg']", "kg.building.building"]


def test_no_subpackage_hides_the_api(tmp_path: Path) -> None:
    """kg.build and kg.extract stay the functions once every module of kg is imported: importing a subpackage sets
    an attribute of kg by its name, so a package named kg/build or kg/extract would replace the function with itself
    (hence kg/building and kg/extraction)."""
    code = ("import importlib, inspect, pkgutil, kg\n"
            "names = [m.name for m in pkgutil.walk_packages(kg.__path__, 'kg.') if m.name != 'kg.__main__']\n"
            "for name in names:\n    importlib.import_module(name)\n"
            "print(len(names))\n"
            "print([n for n in kg.__all__ if n != '__version__'\n"
            "       and not (inspect.isfunction(getattr(kg, n)) or inspect.isclass(getattr(kg, n)))])\n"
            "print(kg.build.__module__, kg.extract.__module__)")
    count, hidden, where = _run_python(code, tmp_path).splitlines()
    assert int(count) > 30 and hidden == "[]", (count, hidden)
    assert where == "kg.building.building kg.building.building"


def test_kg_extract_imports_neither_the_server_nor_rdflib(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "one.txt").write_text("青河高新区位于白鹭市。青河电池有限公司落户青河高新区。\n", encoding="utf-8")
    code = (f"import sys\nfrom kg import cli\nrc = cli.main(['extract', 'articles', '-o', 'one.jsonl'])\n"
            f"print(rc, sorted(m for m in sys.modules if m in {HEAVY} or m.split('.')[0] in {HEAVY}))")
    assert _run_python(code, tmp_path).splitlines()[-1] == "0 []"
    assert json.loads((tmp_path / "one.jsonl").read_text(encoding="utf-8"))["doc"] == "one.txt"


def test_python_dash_m_kg_is_the_command(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "kg", "--version"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, env=_environment())
    assert proc.returncode == 0 and proc.stdout.strip() == f"kg {kg.__version__}", proc.stderr


def test_serve_and_push_options_come_with_their_command(tmp_path: Path) -> None:
    """The parser leaves out the server's defaults until serve or push runs (or every option is asked for)."""
    shown = _run_python(
        "import sys\nfrom kg import cli\n"
        "def options(p, name):\n"
        "    sub = next(a for a in p._actions if a.dest == 'command').choices[name]\n"
        "    return sorted(s for a in sub._actions for s in a.option_strings)\n"
        "print(options(cli.parser(), 'serve'), 'kg.serve' in sys.modules)\n"
        "print(cli.parser().parse_args(['serve', '--port', '0']).port, 'kg.serve' in sys.modules)\n"
        "every = cli.parser(every_option=True)\n"
        "print('--host' in options(every, 'serve'), '--endpoint' in options(every, 'push'))\n", tmp_path)
    assert shown.splitlines() == ["['--help', '-h'] False", "0 True", "True True"]
