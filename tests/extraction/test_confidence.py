"""The confidence line of the graph: relations below `--min-confidence` (default kg.model.DEFAULT_MIN_CONFIDENCE)
stay out of the graph and out of the evaluation `relations`, and are kept in extraction.jsonl as `weak_relations`
with their confidence, rule and evidence; `--min-confidence 0` gives every relation.

The article is composed for this test. The threshold is read from what the extractor gives (its highest relation
confidence), so the test holds whatever confidences the rules are given."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import rdflib
from helpers import kg_script

from kg import cli
from kg.building.graph import KG, build_graph, entity_iri
from kg.building.pipeline import extract_document, jsonl_record
from kg.extraction.resolve import merge_corpus
from kg.model import DEFAULT_MIN_CONFIDENCE, Extraction
from kg.text.documents import make_document

ARTICLE = """青禾高新区位于湖南省岳阳市，重点发展新材料和电子信息产业。
青禾新材料科技有限公司位于青禾高新区，是新材料产业链链主企业。
张明任青禾新材料科技有限公司总经理。
青禾新材料科技有限公司与湘楚大学共建新材料研究院。
"""
SECOND = """白鹭湾经济开发区位于福建省漳州市，重点发展新能源产业。
白鹭湾储能科技有限公司落户白鹭湾经济开发区，投资建设储能电池项目。
"""
EDGE_KEYS = ("head", "relation", "tail", "confidence", "rule", "evidence")


def kg(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([kg_script(), *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def edges(records: list[dict], key: str) -> set[tuple]:
    return {tuple(r[k] for k in EDGE_KEYS) for record in records for r in record[key]}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    ex = extract_document(make_document("qinghe.txt", "qinghe.txt", ARTICLE.encode("utf-8")))
    assert len({r.confidence for r in ex.relations}) >= 2, "the article should give relations of several confidences"
    return ex


def test_weak_relations_are_kept_apart_in_the_record(extraction: Extraction) -> None:
    strong = replace(extraction.relations[0], confidence=0.9)  # whatever the model gave it
    weak = replace(extraction.relations[0], confidence=0.2, rule="test:weak")
    ex = replace(extraction, relations=[strong, weak])
    record = jsonl_record(ex, min_confidence=0.5)
    assert [r["rule"] for r in record["relations"]] == [strong.rule]
    assert record["weak_relations"] == [{"head": weak.head, "relation": weak.relation, "tail": weak.tail,
                                         "confidence": 0.2, "rule": "test:weak",
                                         "evidence": record["relations"][0]["evidence"]}]
    assert record["weak_relations"][0]["evidence"]  # the sentence, as written
    everything = jsonl_record(ex, min_confidence=0.0)
    assert [r["rule"] for r in everything["relations"]] == [strong.rule, "test:weak"]
    assert everything["weak_relations"] == []
    # A relation exactly at the line is kept: confidences are rounded, so 0.7 reaches 0.7.
    assert len(jsonl_record(ex, min_confidence=strong.confidence)["relations"]) == 1


def test_the_graph_holds_only_relations_at_or_above_the_line(extraction: Extraction) -> None:
    line = max(r.confidence for r in extraction.relations)
    entities = merge_corpus([extraction])

    def edge(r) -> tuple:
        return entity_iri(r.head, r.head_type), KG[r.relation], entity_iri(r.tail, r.tail_type)

    cut = build_graph([extraction], entities, min_confidence=line)
    whole = build_graph([extraction], entities, min_confidence=0.0)
    kept = {edge(r) for r in extraction.relations if r.confidence >= line}
    assert kept and all(triple in cut for triple in kept)
    for r in extraction.relations:
        assert edge(r) in whole
        if edge(r) not in kept:
            assert edge(r) not in cut, r
    assertions = set(cut.subjects(rdflib.RDF.type, KG.RelationAssertion))
    assert assertions and all(float(cut.value(a, KG.confidence)) >= line for a in assertions)


def test_every_command_defaults_to_the_same_line() -> None:
    parser = cli.parser()
    for argv in (["extract", "x.txt", "-o", "x.jsonl"], ["build", "x.txt"], ["viz"]):
        assert parser.parse_args(argv).min_confidence == DEFAULT_MIN_CONFIDENCE, argv


@pytest.mark.slow
def test_extract_and_build_move_the_line(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "qinghe.txt").write_text(ARTICLE, encoding="utf-8")
    (articles / "bailu.txt").write_text(SECOND, encoding="utf-8")
    every = tmp_path / "every.jsonl"
    kg("extract", articles, "-o", every, "--min-confidence", "0")
    everything = read_jsonl(every)
    assert all(record["weak_relations"] == [] for record in everything)
    line = max(r["confidence"] for record in everything for r in record["relations"])

    cut = tmp_path / "cut.jsonl"
    proc = kg("extract", articles, "-o", cut, "--min-confidence", str(line))
    records = read_jsonl(cut)
    assert edges(records, "relations") and edges(records, "weak_relations")
    assert all(r["confidence"] >= line for record in records for r in record["relations"])
    assert all(r["confidence"] < line for record in records for r in record["weak_relations"])
    assert edges(records, "relations") | edges(records, "weak_relations") == edges(everything, "relations")
    weak_count = sum(len(record["weak_relations"]) for record in records)
    assert f"weak:      {weak_count} relations below confidence {line:g}" in proc.stderr

    out = tmp_path / "out"
    proc = kg("build", articles, "--out", out, "--min-confidence", str(line))
    assert f"weak:      {weak_count} relations below confidence {line:g}" in proc.stdout
    assert read_jsonl(out / "extraction.jsonl") == records
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    strong = {(r["head"], r["relation"], r["tail"]) for record in records for r in record["relations"]}

    def stated(head: str, relation: str, tail: str) -> bool:
        return any((h, KG[relation], t) in graph
                   for h in graph.subjects(rdflib.RDFS.label, rdflib.Literal(head, lang="zh"))
                   for t in graph.subjects(rdflib.RDFS.label, rdflib.Literal(tail, lang="zh")))

    assert all(stated(*edge) for edge in strong)
    weak = {(r["head"], r["relation"], r["tail"]) for record in records for r in record["weak_relations"]} - strong
    assert weak and not any(stated(*edge) for edge in weak)
    # The parallel build (part writers forked with the line) draws the same line.
    parallel = tmp_path / "parallel"
    kg("build", articles, "--out", parallel, "--min-confidence", str(line), "--jobs", "2")
    for name in ("graph.ttl", "extraction.jsonl"):
        assert (parallel / name).read_bytes() == (out / name).read_bytes(), name

    proc = kg("build", articles, "--out", out, "--min-confidence", "0")
    assert "weak:" not in proc.stdout
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert all(stated(*edge) for edge in weak | strong)


@pytest.mark.parametrize("command", ["extract", "build"])
def test_a_line_outside_0_to_1_is_refused(tmp_path: Path, command: str) -> None:
    article = tmp_path / "qinghe.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    where = ["-o", tmp_path / "x.jsonl"] if command == "extract" else ["--out", tmp_path / "out"]
    proc = kg(command, article, *where, "--min-confidence", "1.5", check=False)
    assert proc.returncode == 2
    assert "--min-confidence must be between 0 and 1" in proc.stderr
    assert not (tmp_path / "x.jsonl").exists() and not (tmp_path / "out").exists()
