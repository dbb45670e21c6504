"""extraction.jsonl written while the extractions pass on to the graph's triples (one read of the corpus for both,
with one job): the same bytes as written alone, and never a partial file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.building import graph, pipeline
from kg.extraction import resolve
from kg.text.documents import find_inputs

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def extractions() -> list:
    return pipeline.extract_paths(find_inputs([SEEDS]))


def test_lines_written_in_passing_are_those_written_alone(tmp_path: Path, extractions: list) -> None:
    alone = pipeline.write_jsonl(extractions, tmp_path / "alone.jsonl", 0.5)
    entities = resolve.merge_corpus(extractions)
    with pipeline.JsonlFile(tmp_path / "passing.jsonl", 0.5) as jsonl:
        triples = list(graph.corpus_triples(jsonl.passing(extractions), entities, min_confidence=0.5))
    assert triples == list(graph.corpus_triples(extractions, entities, min_confidence=0.5))
    assert (tmp_path / "passing.jsonl").read_bytes() == (tmp_path / "alone.jsonl").read_bytes()
    assert jsonl.weak == alone
    assert len((tmp_path / "passing.jsonl").read_text(encoding="utf-8").splitlines()) == len(extractions)


def test_a_file_that_not_every_extraction_passed_is_not_left(tmp_path: Path, extractions: list) -> None:
    path = tmp_path / "extraction.jsonl"
    with pytest.raises(RuntimeError, match="before every extraction"), pipeline.JsonlFile(path) as jsonl:
        next(jsonl.passing(extractions))
    with pytest.raises(ValueError, match="stop"), pipeline.JsonlFile(path) as jsonl:
        for _ in jsonl.passing(extractions):
            raise ValueError("stop")
    assert list(tmp_path.iterdir()) == []
