"""`kg build` on awkward corpora, run as the installed command: files it cannot read, duplicates, empty documents,
rebuilds, the extraction cache, worker processes, a Dask cluster, and builds killed half-way."""

from __future__ import annotations

import json
import random
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from helpers import built, kg, kg_script, summary

from kg.building import pipeline
from kg.building.building import BuildReport
from kg.store.store import open_store, run_query

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLES = ROOT / "tests" / "data" / "articles"
OUTPUTS = ("graph.ttl", "extraction.jsonl", "graph.html")
DOCUMENT_COUNT = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }"
TRIPLE_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def count(out: Path, query: str) -> int:
    result = run_query(open_store(out / "store"), query)
    return int(result.rows[0][0].value)


def copy_files(files: list[Path], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def variants(folder: Path, n: int) -> Path:
    """n documents made from the seeds and held-out articles, each under its own name with its own last line."""
    sources = sorted(SEEDS.glob("*.txt")) + sorted(ARTICLES.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8")
        (folder / f"{i:03d}_{src.stem}.txt").write_text(f"{text}\n第{i}号稿件。\n", encoding="utf-8")
    return folder


def binary_file(path: Path) -> Path:
    rnd = random.Random(7)
    path.write_bytes(bytes(rnd.randrange(256) if i % 29 else 0 for i in range(4096)))
    return path


@pytest.fixture(scope="module")
def seeds_build(seed_build: BuildReport) -> Path:
    """The seeds built once by kg.build() (conftest's seed_build), as the reference the builds of `kg build` are
    compared with."""
    return seed_build.out


@pytest.mark.slow
def test_the_built_turtle_is_the_graph_of_the_extraction(seeds_build: Path) -> None:
    """graph.ttl is written from the store the triples were streamed into; it holds exactly the triples that
    kg.building.graph.build_graph gives as an rdflib graph (decimals compared by value: rdflib writes 2 as 2.0)."""
    import rdflib

    from kg.building import graph
    from kg.extraction import resolve
    from kg.text.documents import find_inputs

    decimal = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#decimal")

    def canonical(triples) -> set[tuple]:  # type: ignore[no-untyped-def]
        return {tuple(("decimal", t.toPython()) if isinstance(t, rdflib.Literal) and t.datatype == decimal else t
                      for t in triple) for triple in triples}

    extractions = pipeline.extract_paths(find_inputs([SEEDS]))
    expected = graph.build_graph(extractions, resolve.merge_corpus(extractions))
    written = rdflib.Graph().parse(seeds_build / "graph.ttl", format="turtle")
    assert len(written) == len(expected) == count(seeds_build, TRIPLE_COUNT)
    assert canonical(written) == canonical(expected)


# ------------------------------------------------------------------------------------------------------ bad input


@pytest.mark.slow
def test_an_unreadable_file_is_skipped_named_and_reported(tmp_path: Path, seeds_build: Path) -> None:
    corpus = copy_files(sorted(SEEDS.glob("*.txt")), tmp_path / "corpus")
    bad = binary_file(corpus / "002b_scan.txt")
    proc = kg("build", corpus, "--out", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 3, proc.stderr
    assert re.search(rf"^kg: skipped {re.escape(str(bad))}: (looks like a binary file|not UTF-8)", proc.stderr,
                     re.MULTILINE), proc.stderr
    assert summary(proc, "skipped").startswith("1  002b_scan.txt")
    assert "documents: 5" in proc.stdout.splitlines()
    # The outputs are those of the readable documents alone.
    assert outputs(tmp_path / "out") == outputs(seeds_build)
    assert not (tmp_path / "out" / ".staging").exists()

    extracted = tmp_path / "extraction.jsonl"
    proc = kg("extract", corpus, "--output", extracted, cwd=tmp_path)
    assert proc.returncode == 3 and str(bad) in proc.stderr and "skipped:   1  002b_scan.txt" in proc.stderr
    assert extracted.read_bytes() == (seeds_build / "extraction.jsonl").read_bytes()


@pytest.mark.slow
def test_strict_makes_an_unreadable_file_fatal_and_writes_nothing(tmp_path: Path, seeds_build: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    before = outputs(out)
    store_before = count(out, TRIPLE_COUNT)
    corpus = variants(tmp_path / "corpus", 3)
    bad = binary_file(corpus / "001a_scan.txt")
    for jobs in ("1", "2"):
        proc = kg("build", corpus, "--out", out, "--strict", "--jobs", jobs, cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert re.search(rf"^kg: error: {re.escape(str(bad))}: (looks like a binary file|not UTF-8)", proc.stderr,
                         re.MULTILINE), proc.stderr
        assert "Traceback" not in proc.stderr
        assert outputs(out) == before
        assert count(out, TRIPLE_COUNT) == store_before
        assert sorted(p.name for p in out.iterdir() if p.name not in ("cache", ".kg-lock", ".kg-output")) == [
            "changes.json", "extraction.jsonl", "graph.html", "graph.ttl", "store"]
    proc = kg("extract", corpus, "--output", tmp_path / "x.jsonl", "--strict", cwd=tmp_path)
    assert proc.returncode == 2 and str(bad) in proc.stderr and not (tmp_path / "x.jsonl").exists()


@pytest.mark.slow
def test_duplicates_empty_documents_and_documents_without_entities(tmp_path: Path, seeds_build: Path) -> None:
    corpus = copy_files(sorted(SEEDS.glob("*.txt")), tmp_path / "corpus")
    first = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(first, corpus / "zz_copy_of_the_first.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.md").write_text("  \n\n\u3000\n", encoding="utf-8")
    (corpus / "weather.txt").write_text("今天天气很好。我们去公园散步。\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = built(corpus, "--out", out, cwd=tmp_path)
    assert "documents: 8" in proc.stdout.splitlines()
    assert summary(proc, "duplicates") == f"1  zz_copy_of_the_first.txt = {first.name} (left out of the outputs)"
    assert summary(proc, "empty") == "2  blank.md, empty.txt"
    assert summary(proc, "no entities") == "1  weather.txt"
    assert f"has the same content as {corpus / first.name}" in proc.stderr
    records = [json.loads(line) for line in (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["doc"] for r in records] == sorted([*(p.name for p in SEEDS.glob("*.txt")), "blank.md", "empty.txt",
                                                  "weather.txt"])
    assert "zz_copy_of_the_first.txt" not in (out / "graph.ttl").read_text(encoding="utf-8")
    assert count(out, DOCUMENT_COUNT) == 8
    # The seeds' own records are what the seeds alone give.
    reference = (seeds_build / "extraction.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.dumps(r, ensure_ascii=False) for r in records if r["doc"].startswith("00")] == reference


def test_nothing_readable_is_an_error(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    binary_file(corpus / "a.txt")
    proc = kg("build", corpus, "--out", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 2 and "no document could be read" in proc.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.parametrize("args", [["--jobs", "0"], ["--executor", "dask"], ["--max-nodes", "0"]])
def test_bad_extraction_options_are_refused(tmp_path: Path, args: list[str]) -> None:
    proc = kg("build", SEEDS, "--out", tmp_path / "out", *args, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("kg: error: --")
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------- rebuilds and cache


@pytest.mark.slow
def test_rebuilding_the_same_input_changes_nothing(tmp_path: Path, seeds_build: Path) -> None:
    out = tmp_path / "out"
    first = built(SEEDS, "--out", out, cwd=tmp_path)
    assert summary(first, "extracted") == f"5  reused 0 from {out}/cache/"
    assert outputs(out) == outputs(seeds_build)
    again = built(SEEDS, "--out", out, cwd=tmp_path)
    assert summary(again, "extracted") == f"0  reused 5 from {out}/cache/"
    assert outputs(out) == outputs(seeds_build)
    assert count(out, TRIPLE_COUNT) == count(seeds_build, TRIPLE_COUNT)
    assert re.fullmatch(r"\d+ MB peak", summary(again, "memory"))


@pytest.mark.slow
def test_adding_one_document_adds_only_its_facts(tmp_path: Path, seeds_build: Path) -> None:
    import rdflib
    from rdflib.namespace import PROV

    corpus = copy_files(sorted(SEEDS.glob("*.txt")), tmp_path / "corpus")
    new = ARTICLES / "103_huizhou_signing.txt"
    shutil.copy(new, corpus / new.name)
    out = tmp_path / "out"
    proc = built(corpus, "--out", out, cwd=tmp_path)
    assert summary(proc, "extracted") == f"6  reused 0 from {out}/cache/"
    # The old documents' records are unchanged; one record is added.
    old_lines = (seeds_build / "extraction.jsonl").read_text(encoding="utf-8").splitlines()
    new_lines = (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()
    assert [line for line in new_lines if not line.startswith(f'{{"doc": "{new.name}"')] == old_lines
    assert len(new_lines) == len(old_lines) + 1

    before = rdflib.Graph().parse(seeds_build / "graph.ttl")
    after = rdflib.Graph().parse(out / "graph.ttl")
    added, removed = after - before, before - after
    kg_ns = rdflib.Namespace("https://w3id.org/kg-industry/ontology#")
    new_doc = next(after.subjects(kg_ns.fileName, rdflib.Literal(new.name)))
    mentioned = {rdflib.URIRef(s) for s in after.subjects(PROV.wasDerivedFrom, new_doc)}
    # Every assertion, fact and sentence of the old graph is still there, unchanged.
    for kind in (kg_ns.RelationAssertion, kg_ns.Fact, kg_ns.Sentence, kg_ns.Document):
        for node in before.subjects(rdflib.RDF.type, kind):
            assert set(before.predicate_objects(node)) <= set(after.predicate_objects(node)), node
    # The chain layer (kg.chains.chains) is made from the whole graph: placements come and go with the entities the new
    # document mentions (a new edge or name of theirs); the rest of the graph is compared without them.
    kgch = rdflib.Namespace("https://w3id.org/kg-industry/chain#")
    for graph, whole in ((added, after), (removed, before)):
        placements = {s for s in graph.subjects() if (s, rdflib.RDF.type, kgch.Placement) in whole}
        assert {whole.value(p, kgch.entity) for p in placements} <= mentioned
        for placement in placements:
            graph.remove((placement, None, None))
    # What went is only what the new document changes about entities it mentions (counts, confidence, names).
    assert {s for s, _, _ in removed} <= mentioned
    assert {p for _, p, _ in removed} <= {kg_ns.mentionCount, kg_ns.confidence, rdflib.RDFS.label,
                                          rdflib.SKOS.prefLabel, rdflib.SKOS.altLabel}
    # What came is the new document, its sentences, assertions and facts, and the entities it mentions.
    new_sentences = set(after.subjects(kg_ns.inDocument, new_doc))
    derived = {s for s in after.subjects(PROV.wasDerivedFrom, None) if after.value(s, PROV.wasDerivedFrom)
               in new_sentences}
    for s, _, o in added:
        assert s in mentioned | new_sentences | derived | {new_doc}, (s, o)
    assert derived, "the new document gave no assertion or fact"


@pytest.mark.slow
def test_incremental_rebuild_extracts_only_the_new_documents(tmp_path: Path) -> None:
    corpus = variants(tmp_path / "corpus", 12)
    added = sorted(corpus.iterdir())[-2:]
    parked = tmp_path / "parked"
    parked.mkdir()
    for p in added:
        shutil.move(p, parked / p.name)
    out = tmp_path / "out"
    first = built(corpus, "--out", out, cwd=tmp_path)
    assert summary(first, "extracted") == f"10  reused 0 from {out}/cache/"
    for p in added:
        shutil.move(parked / p.name, p)
    # A renamed document is recognised by its content and not extracted again either.
    (corpus / "000_000_2f12ecc62ecadb10.txt").rename(corpus / "000_renamed.txt")
    second = built(corpus, "--out", out, cwd=tmp_path)
    assert summary(second, "extracted") == f"2  reused 10 from {out}/cache/"
    clean = tmp_path / "clean"
    built(corpus, "--out", clean, "--no-cache", cwd=tmp_path)
    assert outputs(out) == outputs(clean)
    assert "000_renamed.txt" in (out / "graph.ttl").read_text(encoding="utf-8")
    assert len(list((out / "cache").rglob("*.json"))) == 12


def test_the_cache_depends_on_the_extractor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change of a lexicon (or of the extraction code) gives another version key, so no stale entry is read."""
    version = pipeline.extractor_version()
    assert version == pipeline.extractor_version()
    lexicons = tmp_path / "lexicons"
    shutil.copytree(pipeline.LEXICON_DIR, lexicons)
    monkeypatch.setattr(pipeline, "LEXICON_DIR", lexicons)
    assert pipeline.extractor_version() == version
    industries = lexicons / "industries.txt"
    industries.write_text(industries.read_text(encoding="utf-8") + "量子点显示\n", encoding="utf-8")
    assert pipeline.extractor_version() != version

    doc = sorted(SEEDS.glob("*.txt"))[0]
    result = pipeline.extract_file(str(doc))
    sha = pipeline.file_sha256(doc)
    pipeline.ExtractionCache(tmp_path / "cache", version="a" * 64).put(sha, doc, result)
    assert pipeline.ExtractionCache(tmp_path / "cache", version="b" * 64).get(sha, doc) is None
    reread = pipeline.ExtractionCache(tmp_path / "cache", version="a" * 64).get(sha, doc)
    assert reread is not None and reread.extractions == result.extractions


# ------------------------------------------------------------------------------------------------------ parallel


def test_files_go_to_workers_in_batches_that_shrink_to_one() -> None:
    paths = [Path(f"{i:04d}.txt") for i in range(1000)]
    batches = list(pipeline._batches(paths, jobs=2))
    assert [p for batch in batches for p in batch] == paths
    sizes = [len(batch) for batch in batches]
    assert sizes[0] == pipeline.MOST_FILES_A_TASK and sizes == sorted(sizes, reverse=True)
    assert sizes[-8:] == [1] * 8
    assert [len(batch) for batch in pipeline._batches(paths[:3], jobs=2)] == [1, 1, 1]


@pytest.mark.slow
def test_jobs_give_the_same_outputs(tmp_path: Path) -> None:
    corpus = copy_files(sorted(SEEDS.glob("*.txt")) + sorted(ARTICLES.glob("*.txt")), tmp_path / "corpus")
    one = built(corpus, "--out", tmp_path / "one", "--no-cache", "--jobs", "1", cwd=tmp_path)
    two = built(corpus, "--out", tmp_path / "two", "--no-cache", "--jobs", "2", cwd=tmp_path)
    assert "with 2 jobs" in two.stderr
    assert re.fullmatch(r"\d+ MB peak, largest worker \d+ MB", summary(two, "memory"))
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
    assert summary(one, "triples") == summary(two, "triples")


@pytest.mark.slow
def test_jobs_give_the_same_changes_on_a_rebuild(tmp_path: Path) -> None:
    """With --jobs 2 the store a build replaces is read in the side process while the new one loads; the changes
    are those --jobs 1 finds reading it at the end."""
    corpus = copy_files(sorted(SEEDS.glob("*.txt")), tmp_path / "corpus")
    for jobs in ("1", "2"):
        built(corpus, "--out", tmp_path / f"jobs-{jobs}", "--jobs", jobs, cwd=tmp_path)
    sorted(corpus.iterdir())[0].unlink()
    shutil.copy(ARTICLES / "103_huizhou_signing.txt", corpus)
    for jobs in ("1", "2"):
        built(corpus, "--out", tmp_path / f"jobs-{jobs}", "--jobs", jobs, cwd=tmp_path)
    one, two = ((tmp_path / f"jobs-{jobs}" / "changes.json").read_bytes() for jobs in ("1", "2"))
    assert one == two
    counts = json.loads(one)["counts"]
    assert counts["documents"] == {"added": 1, "removed": 1}
    assert counts["entities"]["added"] and counts["entities"]["removed"] and counts["relations"]["added"]


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_outputs(tmp_path: Path, seeds_build: Path) -> None:
    from distributed import LocalCluster

    corpus = copy_files(sorted(SEEDS.glob("*.txt")), tmp_path / "corpus")
    binary_file(corpus / "003a_scan.txt")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        proc = kg("build", corpus, "--out", tmp_path / "out", "--executor", "dask", "--scheduler",
                  cluster.scheduler_address, cwd=tmp_path)
        # kg extract has each document's line made on the worker that extracted it.
        extracted = kg("extract", corpus, "--output", tmp_path / "extraction.jsonl", "--executor", "dask",
                       "--scheduler", cluster.scheduler_address, cwd=tmp_path)
    assert proc.returncode == 3, proc.stderr
    assert f"on the Dask cluster at {cluster.scheduler_address}" in proc.stderr
    assert "skipped:   1  003a_scan.txt" in proc.stdout
    assert outputs(tmp_path / "out") == outputs(seeds_build)
    assert extracted.returncode == 3, extracted.stderr
    assert (tmp_path / "extraction.jsonl").read_bytes() == (seeds_build / "extraction.jsonl").read_bytes()


@pytest.mark.slow
def test_an_unreachable_scheduler_is_reported(tmp_path: Path) -> None:
    proc = kg("build", SEEDS, "--out", tmp_path / "out", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
              cwd=tmp_path)
    assert proc.returncode == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in proc.stderr
    assert "Traceback" not in proc.stderr


# ----------------------------------------------------------------------------------------------- killed builds


class Watched:
    """A `kg build` subprocess whose stderr is read as it comes, to stop it at a chosen point."""

    def __init__(self, args: list[str | Path], cwd: Path) -> None:
        self.proc = subprocess.Popen([kg_script(), *map(str, args)], cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.seen = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while chunk := self.proc.stderr.read1(4096):  # type: ignore[union-attr]
            self.seen += chunk

    def wait_for(self, pattern: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not re.search(pattern.encode(), self.seen):
            assert self.proc.poll() is None, f"the build ended before {pattern!r}: {self.seen.decode()}"
            assert time.monotonic() < deadline, f"no {pattern!r} in {self.seen.decode()}"
            time.sleep(0.01)

    def children(self) -> list[int]:
        """The build's worker processes (Linux /proc)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.proc.pid:
                found.append(int(stat.parent.name))
        return found

    def stop(self, sig: int) -> int:
        workers = self.children()
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=120)
        self.reader.join(timeout=10)
        self.proc.stdout.close()  # type: ignore[union-attr]
        # No worker outlives the build, even a killed one.
        deadline = time.monotonic() + 20
        while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "workers outlived the build"
        return code


FIRST_EXTRACTED = r"extracting 60 files with 2 jobs[^\n]*\n\r?\[\d+/60\] \d"


@pytest.mark.slow
def test_a_killed_or_interrupted_build_leaves_the_previous_outputs(tmp_path: Path, seeds_build: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    before = outputs(out)
    documents = count(out, DOCUMENT_COUNT)
    corpus = variants(tmp_path / "corpus", 60)  # enough that the kills land while workers extract
    points = [
        ("kill early in the extraction", ["--no-cache"], r"\[2/60\]", signal.SIGKILL),
        # At the first file the workers finish (what the runs before left in the cache is counted first).
        ("kill in the extraction by workers", ["--jobs", "2"], FIRST_EXTRACTED, signal.SIGKILL),
        ("interrupt the extraction by workers", ["--jobs", "2"], FIRST_EXTRACTED, signal.SIGINT),
        # The cache the runs above filled brings the next ones to the later stages quickly.
        ("kill while the graph is built", [], r"kg: merging entities", signal.SIGKILL),
        ("kill while the store is loaded", [], r"kg: loading the store", signal.SIGKILL),
        ("kill while the page is drawn", [], r"kg: drawing the network page", signal.SIGKILL),
        ("kill while the triple writers run", ["--jobs", "2"], r"loading the store from 2 triple writers",
         signal.SIGKILL),
        ("kill while the page is drawn beside", ["--jobs", "2"], r"drawing the network page beside", signal.SIGKILL),
    ]
    for what, options, pattern, sig in points:
        build = Watched(["build", corpus, "--out", out, *options], cwd=tmp_path)
        build.wait_for(pattern)
        if "--jobs" in options:
            assert build.children(), f"no worker process was seen: {what}"
        code = build.stop(sig)
        if sig == signal.SIGKILL:
            assert code == -signal.SIGKILL, what
        else:
            assert code == 130, what
            assert b"interrupted; previous outputs are unchanged" in build.seen
        assert outputs(out) == before, what
        assert count(out, DOCUMENT_COUNT) == documents, what

    done = built(corpus, "--out", out, cwd=tmp_path)
    assert "documents: 60" in done.stdout.splitlines()
    assert count(out, DOCUMENT_COUNT) == 60
    assert sorted(p.name for p in out.iterdir()) == [".kg-lock", ".kg-output", "cache", "changes.json",
                                                     "extraction.jsonl", "graph.html", "graph.ttl", "store"]
    # What the killed runs left in the cache gives the same graph as a clean build.
    clean = tmp_path / "clean"
    built(corpus, "--out", clean, "--no-cache", "--jobs", "2", cwd=tmp_path)
    assert outputs(out) == outputs(clean)


@pytest.mark.slow
def test_evidence_is_quoted_as_written_through_the_cache(tmp_path: Path) -> None:
    """A traditional-character article is matched in simplified form; the built outputs, which pass through the
    cache's slim records, still quote it as written, on a first build and on a rebuild from the cache."""
    src = tmp_path / "in"
    src.mkdir()
    text = "臺北市政府今日宣布，南港軟體園區將擴建第三期。園區與臺灣大學簽署合作協議，共建人工智慧研究院。\n"
    (src / "a.txt").write_text(text, encoding="utf-8")
    for _ in range(2):
        # (every relation kept, so the one whose evidence is checked does not hang on the confidence line)
        built(src, "--out", tmp_path / "out", "--min-confidence", "0", cwd=tmp_path)
        turtle = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
        records = [json.loads(line) for line in (tmp_path / "out" / "extraction.jsonl").read_text().splitlines()]
        quoted = {r["evidence"] for rec in records for r in rec["relations"]}
        assert "園區與臺灣大學簽署合作協議，共建人工智慧研究院。" in quoted
        assert '"園區與臺灣大學簽署合作協議，共建人工智慧研究院。"@zh' in turtle
        assert "园区与台湾大学" not in turtle
